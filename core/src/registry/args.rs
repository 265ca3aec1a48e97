//! Typed access to a function's arguments, with the error messages FUNCTIONS.md promises.

use super::FunctionSpec;
use crate::cells::{Cell, CellError, Grid};
use crate::ingest;

/// The arguments of one call, as the host passed them (`None` = omitted).
#[derive(Debug)]
pub struct Args<'a> {
    spec: &'a FunctionSpec,
    values: Vec<Option<Grid>>,
}

impl<'a> Args<'a> {
    /// Wraps the raw arguments of a call to `spec`. A 1×1 blank is an omitted argument.
    pub fn new(spec: &'a FunctionSpec, values: Vec<Option<Grid>>) -> Self {
        let values = values
            .into_iter()
            .map(|a| {
                a.filter(|g| {
                    !(g.is_empty()
                        || (g.height() == 1 && g.width() == 1 && g.rows()[0][0] == Cell::Empty))
                })
            })
            .collect();
        Args { spec, values }
    }

    /// The function's Excel name, for messages.
    pub fn function(&self) -> String {
        self.spec.excel_name()
    }

    fn param_name(&self, i: usize) -> &'static str {
        self.spec
            .params
            .get(i)
            .map(|p| p.name)
            .unwrap_or("argument")
    }

    /// The raw grid of argument `i`, if given.
    pub fn grid(&self, i: usize) -> Option<&Grid> {
        self.values.get(i).and_then(Option::as_ref)
    }

    /// True when argument `i` was given.
    pub fn has(&self, i: usize) -> bool {
        self.grid(i).is_some()
    }

    /// Argument `i` as a required grid.
    pub fn required_grid(&self, i: usize) -> Result<&Grid, CellError> {
        self.grid(i).ok_or_else(|| {
            CellError::value(format!(
                "{} needs its argument '{}'. Fill it in.",
                self.function(),
                self.param_name(i)
            ))
        })
    }

    /// Length of vector argument `i` as given (trailing blanks included), if it is a vector.
    pub fn raw_len(&self, i: usize) -> Option<usize> {
        self.grid(i).and_then(|g| g.vector()).map(|v| v.len())
    }

    /// Checks that the given vector arguments (index, name) have the same length as given;
    /// `#N/A` naming the first two that differ.
    pub fn same_lengths(&self, names: &[(usize, &str)]) -> Result<(), CellError> {
        let lens: Vec<(&str, usize)> = names
            .iter()
            .filter_map(|&(i, n)| self.raw_len(i).map(|l| (n, l)))
            .collect();
        if let Some(&(n0, l0)) = lens.first()
            && let Some(&(n1, l1)) = lens.iter().find(|x| x.1 != l0)
        {
            return Err(CellError::na(format!(
                "{}: '{n0}' has {l0} cells but '{n1}' has {l1}. Select ranges of the same length.",
                self.function()
            )));
        }
        Ok(())
    }

    /// The cells of vector argument `i` (a row or a column), with trailing blanks dropped.
    fn vector_cells(&self, i: usize) -> Result<Vec<&Cell>, CellError> {
        let g = self.required_grid(i)?;
        let mut cells = g.vector().ok_or_else(|| {
            CellError::value(format!(
                "{}: '{}' must be a single row or column, but it is {} rows × {} columns. Select one column.",
                self.function(),
                self.param_name(i),
                g.height(),
                g.width()
            ))
        })?;
        while cells.last().is_some_and(|c| c.is_blank()) {
            cells.pop();
        }
        Ok(cells)
    }

    fn cell_error(&self, i: usize, pos: usize, what: &str, cell: &Cell) -> CellError {
        match cell {
            Cell::Error(k) => CellError::new(
                *k,
                format!(
                    "{}: '{}' holds the error {} at position {}. Fix or clear that cell.",
                    self.function(),
                    self.param_name(i),
                    k,
                    pos + 1
                ),
            ),
            other => CellError::value(format!(
                "{}: '{}' position {} is {}, which is not {what}. Enter {what} there or clear the cell.",
                self.function(),
                self.param_name(i),
                pos + 1,
                describe(other)
            )),
        }
    }

    /// Vector argument `i` as trimmed texts (numbers as they print, blanks as ""), trailing
    /// blanks dropped; error cells propagate their kind.
    pub fn texts(&self, i: usize) -> Result<Vec<std::borrow::Cow<'_, str>>, CellError> {
        self.vector_cells(i)?
            .into_iter()
            .enumerate()
            .map(|(pos, c)| match c {
                Cell::Error(_) => Err(self.cell_error(i, pos, "text", c)),
                other => Ok(crate::pnl::classify::cell_str(other)),
            })
            .collect()
    }

    /// Vector argument `i` as numbers: blanks inside are missing values (`None`), text that reads
    /// as a number (`$1,200`, `(35)`, `12%`) is parsed, anything else is `#VALUE!`; error cells
    /// propagate their kind.
    pub fn numbers(&self, i: usize) -> Result<Vec<Option<f64>>, CellError> {
        self.vector_cells(i)?
            .into_iter()
            .enumerate()
            .map(|(pos, c)| match c {
                Cell::Empty => Ok(None),
                Cell::Number(x) if x.is_finite() => Ok(Some(*x)),
                Cell::Text(s) if s.trim().is_empty() => Ok(None),
                Cell::Text(s) => ingest::parse_number(s)
                    .map(Some)
                    .ok_or_else(|| self.cell_error(i, pos, "a number", c)),
                other => Err(self.cell_error(i, pos, "a number", other)),
            })
            .collect()
    }

    /// Vector argument `i` as numbers with no missing values allowed.
    pub fn dense_numbers(&self, i: usize) -> Result<Vec<f64>, CellError> {
        let v = self.numbers(i)?;
        v.iter()
            .enumerate()
            .map(|(pos, x)| {
                x.ok_or_else(|| {
                    CellError::value(format!(
                        "{}: '{}' has a blank at position {}. Fill it in or remove the row.",
                        self.function(),
                        self.param_name(i),
                        pos + 1
                    ))
                })
            })
            .collect()
    }

    /// Vector argument `i` as dates (Excel serials): numbers are serials, text is parsed as an
    /// ISO-8601, US or European date; blanks inside are missing.
    pub fn dates(&self, i: usize) -> Result<Vec<Option<f64>>, CellError> {
        self.vector_cells(i)?
            .into_iter()
            .enumerate()
            .map(|(pos, c)| match c {
                Cell::Empty => Ok(None),
                Cell::Number(x) if x.is_finite() => Ok(Some(*x)),
                Cell::Text(s) if s.trim().is_empty() => Ok(None),
                Cell::Text(s) => ingest::parse_date(s)
                    .map(Some)
                    .ok_or_else(|| self.cell_error(i, pos, "a date", c)),
                other => Err(self.cell_error(i, pos, "a date", other)),
            })
            .collect()
    }

    fn scalar(&self, i: usize) -> Result<Option<&Cell>, CellError> {
        match self.grid(i) {
            None => Ok(None),
            Some(g) if g.height() == 1 && g.width() == 1 => Ok(g.get(0, 0)),
            Some(g) => Err(CellError::value(format!(
                "{}: '{}' must be a single value, not a {}×{} range.",
                self.function(),
                self.param_name(i),
                g.height(),
                g.width()
            ))),
        }
    }

    /// Scalar numeric argument `i`, or `default` when omitted.
    pub fn number_or(&self, i: usize, default: f64) -> Result<f64, CellError> {
        match self.scalar(i)? {
            None | Some(Cell::Empty) => Ok(default),
            Some(Cell::Number(x)) if x.is_finite() => Ok(*x),
            Some(Cell::Bool(b)) => Ok(if *b { 1.0 } else { 0.0 }),
            Some(c @ Cell::Text(s)) => {
                ingest::parse_number(s).ok_or_else(|| self.cell_error(i, 0, "a number", c))
            }
            Some(other) => Err(self.cell_error(i, 0, "a number", other)),
        }
    }

    /// Scalar numeric argument `i`, required.
    pub fn number(&self, i: usize) -> Result<f64, CellError> {
        self.required_grid(i)?;
        self.number_or(i, f64::NAN)
    }

    /// Scalar text argument `i` (trimmed, lower-cased), or `default` when omitted.
    pub fn text_or(&self, i: usize, default: &str) -> Result<String, CellError> {
        match self.scalar(i)? {
            None | Some(Cell::Empty) => Ok(default.to_string()),
            Some(Cell::Text(s)) => Ok(s.trim().to_ascii_lowercase()),
            Some(other) => Err(self.cell_error(i, 0, "text", other)),
        }
    }
}

/// How a cell reads in an error message.
pub(crate) fn describe(cell: &Cell) -> String {
    match cell {
        Cell::Empty => "blank".to_string(),
        Cell::Number(x) => format!("the number {x}"),
        Cell::Text(s) => {
            let short: String = s.chars().take(30).collect();
            format!("the text \"{short}\"")
        }
        Cell::Bool(b) => format!("the logical value {}", if *b { "TRUE" } else { "FALSE" }),
        Cell::Error(k) => format!("the error {k}"),
    }
}
