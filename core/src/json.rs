//! JSON forms of arguments and results, used by the native `addin-server call` and by golden
//! vectors. JavaScript hosts convert directly in `wasm/` but to the same values.
//!
//! Argument: `null` = omitted; a number, string or boolean = a single cell; an array of arrays =
//! a range (rows); a flat array = one column; `{"error": "#N/A"}` = an error cell.
//! Result: an array of rows; blanks are `null`; error cells are `{"error": "#NUM!"}`.

use crate::cells::{Cell, CellError, ErrorKind, Grid};
use serde_json::{Value, json};

/// One JSON value as a cell.
pub fn cell_from_json(v: &Value) -> Result<Cell, CellError> {
    Ok(match v {
        Value::Null => Cell::Empty,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => Cell::number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Cell::Text(s.clone()),
        Value::Object(o) => match o
            .get("error")
            .and_then(Value::as_str)
            .and_then(ErrorKind::parse)
        {
            Some(k) => Cell::Error(k),
            None => {
                return Err(CellError::value(
                    "An object is not a cell value. Pass numbers, text, booleans, null or {\"error\": \"#N/A\"}.",
                ));
            }
        },
        Value::Array(_) => {
            return Err(CellError::value(
                "A range cannot be nested inside a cell. Pass a range as an array of rows.",
            ));
        }
    })
}

/// One JSON argument as an optional grid (`None` when omitted).
pub fn arg_from_json(v: &Value) -> Result<Option<Grid>, CellError> {
    match v {
        Value::Null => Ok(None),
        Value::Array(items) => {
            let nested = items.iter().any(Value::is_array);
            let rows = if nested {
                items
                    .iter()
                    .map(|row| match row {
                        Value::Array(cells) => cells.iter().map(cell_from_json).collect(),
                        other => Ok(vec![cell_from_json(other)?]),
                    })
                    .collect::<Result<Vec<_>, _>>()?
            } else {
                items
                    .iter()
                    .map(|c| Ok(vec![cell_from_json(c)?]))
                    .collect::<Result<Vec<_>, CellError>>()?
            };
            Ok(Some(Grid::from_rows(rows)))
        }
        other => Ok(Some(Grid::scalar(cell_from_json(other)?))),
    }
}

/// A JSON array of arguments.
pub fn args_from_json(v: &Value) -> Result<Vec<Option<Grid>>, CellError> {
    match v {
        Value::Array(items) => items.iter().map(arg_from_json).collect(),
        _ => Err(CellError::value(
            "Arguments must be a JSON array, e.g. [[[1],[2],[3]], null, 12].",
        )),
    }
}

/// A cell as JSON.
pub fn cell_to_json(c: &Cell) -> Value {
    match c {
        Cell::Empty => Value::Null,
        Cell::Number(x) => json!(x),
        Cell::Text(s) => json!(s),
        Cell::Bool(b) => json!(b),
        Cell::Error(k) => json!({ "error": k.as_str() }),
    }
}

/// A grid as a JSON array of rows.
pub fn grid_to_json(g: &Grid) -> Value {
    Value::Array(
        g.rows()
            .iter()
            .map(|r| Value::Array(r.iter().map(cell_to_json).collect()))
            .collect(),
    )
}

/// A call result as JSON: the rows, or `{"error", "message"}`.
pub fn result_to_json(r: &Result<Grid, CellError>) -> Value {
    match r {
        Ok(g) => grid_to_json(g),
        Err(e) => json!({ "error": e.kind.as_str(), "message": e.message }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_round_trip() {
        let args =
            args_from_json(&json!([[[1], [2], null], null, 12, "x", [1, 2], {"error": "#N/A"}]))
                .unwrap();
        assert_eq!(args.len(), 6);
        assert_eq!(
            args[0].as_ref().map(|g| (g.height(), g.width())),
            Some((3, 1))
        );
        assert!(args[1].is_none());
        assert_eq!(
            args[4].as_ref().map(|g| (g.height(), g.width())),
            Some((2, 1))
        );
        assert_eq!(
            args[5].as_ref().and_then(|g| g.get(0, 0).cloned()),
            Some(Cell::Error(ErrorKind::NotAvailable))
        );
        assert!(args_from_json(&json!({"a": 1})).is_err());
        assert!(args_from_json(&json!([[[[1]]]])).is_err());
    }
}
