//! Registry implementations of the customer functions (FUNCTIONS.md, "Customers"):
//! `AISM.BGNBD` and `AISM.GAMMAGAMMA`.
//!
//! The models are those of `aism_ts::clv`; this module reads the arguments, checks that the
//! columns line up, maps model errors to cell errors whose messages say what to change, and
//! shapes the results.

use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;
use aism_ts::Error as TsError;
use aism_ts::clv;

/// Model errors as cell errors (`#NUM!`), naming the function and the argument to look at.
fn model_error(f: &str, arg: &str, no_variation: &str, e: TsError) -> CellError {
    match e {
        TsError::TooShort { needed, got } => CellError::num(format!(
            "{f}: the model needs at least {needed} customers in '{arg}', but has {got}. \
             Give the summary of more customers."
        )),
        TsError::NotFinite => CellError::num(format!(
            "{f}: '{arg}' holds a value that is not a finite number. Fix that cell."
        )),
        TsError::NoVariation => CellError::num(format!("{f}: {no_variation}")),
        TsError::InvalidArgument(m) => CellError::num(format!("{f}: {m}.")),
        other => CellError::num(format!("{f}: {other}. Check '{arg}'.")),
    }
}

/// Checks that vector `i` has as many values as the first argument.
fn same_length(args: &Args, name: &str, n: usize, got: usize) -> Result<(), CellError> {
    if n == got {
        return Ok(());
    }
    Err(CellError::value(format!(
        "{}: '{name}' has {got} values but 'frequency' has {n}. Select the same customers (one \
         row each) in every argument.",
        args.function()
    )))
}

/// `AISM.BGNBD(frequency, recency, T)`: 1×5 row r, alpha, a, b, log-likelihood of the BG/NBD
/// maximum-likelihood fit.
pub(crate) fn bgnbd(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let x = args.dense_numbers(0)?;
    let t_x = args.dense_numbers(1)?;
    let age = args.dense_numbers(2)?;
    same_length(args, "recency", x.len(), t_x.len())?;
    same_length(args, "T", x.len(), age.len())?;
    let fit = clv::fit_bgnbd(&x, &t_x, &age).map_err(|e| {
        model_error(
            &f,
            "frequency",
            "no customer has a repeat purchase (every frequency is 0), so the model cannot be \
             fitted. Check 'frequency' counts repeat purchases, not all purchases.",
            e,
        )
    })?;
    let p = fit.params;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(p.r),
        Cell::number(p.alpha),
        Cell::number(p.a),
        Cell::number(p.b),
        Cell::number(fit.log_likelihood),
    ]]))
}

/// `AISM.GAMMAGAMMA(frequency, monetary_value)`: 1×4 row p, q, v, log-likelihood of the
/// Gamma-Gamma maximum-likelihood fit on the customers with frequency > 0.
pub(crate) fn gamma_gamma(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let x = args.dense_numbers(0)?;
    let m = args.dense_numbers(1)?;
    same_length(args, "monetary_value", x.len(), m.len())?;
    let fit = clv::fit_gamma_gamma(&x, &m).map_err(|e| {
        model_error(
            &f,
            "frequency",
            "every repeat buyer has the same mean spend, so the spread of spend cannot be \
             estimated. Check 'monetary_value' holds each customer's mean purchase value.",
            e,
        )
    })?;
    let p = fit.params;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(p.p),
        Cell::number(p.q),
        Cell::number(p.v),
        Cell::number(fit.log_likelihood),
    ]]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::ErrorKind;
    use crate::registry::test_util::run;
    use serde_json::{Value, json};

    fn num(g: &Grid, c: usize) -> f64 {
        match g.get(0, c) {
            Some(Cell::Number(x)) => *x,
            other => panic!("(0,{c}) is {other:?}"),
        }
    }

    /// The CDNOW summary shipped by lifetimes 0.11.3 (aism-ts tests/golden/cdnow_summary.csv):
    /// columns frequency, recency, T, monetary_value as one-column ranges.
    fn cdnow() -> [Value; 4] {
        let text = include_str!("../../ts/tests/golden/cdnow_summary.csv");
        let mut cols: [Vec<Value>; 4] = Default::default();
        for line in text.lines().skip(1) {
            for (c, v) in cols.iter_mut().zip(line.split(',')) {
                c.push(json!([v.parse::<f64>().unwrap()]));
            }
        }
        cols.map(Value::Array)
    }

    fn expect_errors(name: &str, cases: Vec<(Value, ErrorKind, &str)>) {
        for (args, kind, msg) in cases {
            let e = run(name, args.clone()).unwrap_err();
            assert_eq!(e.kind, kind, "{name} {args}: {}", e.message);
            assert!(
                e.message.contains(msg),
                "{name} {args}: {:?} lacks {msg:?}",
                e.message
            );
        }
    }

    #[test]
    fn bgnbd_reproduces_fader_hardie_lee_2005() {
        // CDNOW sample, 2,357 customers, 39 weeks: r 0.243, α 4.414, a 0.793, b 2.426,
        // LL −9582.4 (Fader, Hardie & Lee 2005); to the printed precision.
        let [x, t, age, _] = cdnow();
        let g = run("AISM.BGNBD", json!([x, t, age])).unwrap();
        assert_eq!((g.height(), g.width()), (1, 5));
        for (c, want, tol) in [
            (0, 0.243, 5e-4),
            (1, 4.414, 5e-4),
            (2, 0.793, 5e-4),
            (3, 2.426, 5e-4),
            (4, -9582.4, 0.05),
        ] {
            assert!((num(&g, c) - want).abs() <= tol, "{c}: {}", num(&g, c));
        }
    }

    #[test]
    fn gamma_gamma_matches_lifetimes() {
        // lifetimes 0.11.3 GammaGammaFitter on the 946 CDNOW repeat buyers (aism-ts
        // tests/golden/clv.json): p 6.248802, q 3.744588, v 15.447748, LL −4055.923244; 1e-3
        // relative on parameters, 1e-9 on the LL.
        let [x, _, _, m] = cdnow();
        let g = run("AISM_GAMMAGAMMA", json!([x, m])).unwrap();
        assert_eq!((g.height(), g.width()), (1, 4));
        for (c, want, tol) in [
            (0, 6.248_802_489_636_955, 1e-3),
            (1, 3.744_588_453_294_792, 1e-3),
            (2, 15.447_748_009_691_006, 1e-3),
            (3, -4_055.923_243_502_862_5, 1e-9),
        ] {
            let got = num(&g, c);
            assert!(((got - want) / want).abs() < tol, "{c}: {got} vs {want}");
        }
    }

    #[test]
    fn documented_errors() {
        let x = json!([[1], [0], [2]]);
        let t = json!([[5], [0], [8]]);
        let age = json!([[10], [10], [10]]);
        expect_errors(
            "AISM.BGNBD",
            vec![
                (
                    json!([x, [[5], [0]], age]),
                    ErrorKind::Value,
                    "'recency' has 2 values",
                ),
                (
                    json!([x, t, [[10], [10]]]),
                    ErrorKind::Value,
                    "'T' has 2 values",
                ),
                (
                    json!([[[1], [0]], [[5], [0]], [[9], [9]]]),
                    ErrorKind::Num,
                    "at least 3",
                ),
                (
                    json!([[[1], ["x"], [2]], t, age]),
                    ErrorKind::Value,
                    "position 2",
                ),
                (
                    json!([[[1], [null], [2]], t, age]),
                    ErrorKind::Value,
                    "blank",
                ),
                (
                    json!([[[1.5], [0], [2]], t, age]),
                    ErrorKind::Num,
                    "whole number",
                ),
                (
                    json!([[[-1], [0], [2]], t, age]),
                    ErrorKind::Num,
                    "whole number",
                ),
                (
                    json!([x, [[11], [0], [8]], age]),
                    ErrorKind::Num,
                    "between 0 and the age",
                ),
                (
                    json!([x, [[0], [0], [8]], age]),
                    ErrorKind::Num,
                    "recency must be > 0",
                ),
                (
                    json!([x, t, [[10], [0], [10]]]),
                    ErrorKind::Num,
                    "must be > 0",
                ),
                (
                    json!([[[0], [0], [0]], [[0], [0], [0]], age]),
                    ErrorKind::Num,
                    "no customer has a repeat",
                ),
            ],
        );
        expect_errors(
            "AISM.GAMMAGAMMA",
            vec![
                (
                    json!([x, [[1], [2]]]),
                    ErrorKind::Value,
                    "'monetary_value' has 2 values",
                ),
                (json!([x, [[1], [0], [2]]]), ErrorKind::Num, "at least 3"),
                (
                    json!([[[1], [2], [3]], [[1], [-2], [3]]]),
                    ErrorKind::Num,
                    "must be > 0",
                ),
                (
                    json!([[[1], [2], [3]], [[4], [4], [4]]]),
                    ErrorKind::Num,
                    "same mean spend",
                ),
                (
                    json!([[[1], [2], [3]], [[4], ["a"], [4]]]),
                    ErrorKind::Value,
                    "position 2",
                ),
            ],
        );
    }
}
