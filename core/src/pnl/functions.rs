//! Implementations of AISM.PNL and AISM.VARIANCE (FUNCTIONS.md, P&L).

use super::classify::{AccountMap, cell_text};
use super::statement::{LedgerRow, Period, build_statement};
use super::variance::{LineType, variance};
use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;

fn prefixed(f: &str, e: CellError) -> CellError {
    CellError::new(e.kind, format!("{f}: {}", e.message))
}

/// AISM.PNL(dates, accounts, amounts, [account_map], [period="month"]).
pub(crate) fn pnl(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    args.same_lengths(&[(0, "dates"), (1, "accounts"), (2, "amounts")])?;
    let dates = args.dates(0)?;
    let accounts = args.texts(1)?;
    let amounts = args.numbers(2)?;
    let period_text = args.text_or(4, "month")?;
    let period = Period::parse(&period_text).ok_or_else(|| {
        CellError::value(format!(
            "{f}: 'period' is \"{period_text}\"; use \"month\", \"quarter\" or \"year\"."
        ))
    })?;
    let map = match args.grid(3) {
        Some(g) => Some(AccountMap::from_grid(g).map_err(|e| prefixed(&f, e))?),
        None => None,
    };
    let n = dates.len().max(accounts.len()).max(amounts.len());
    // One shared name per distinct account: a ledger repeats a few hundred names millions of times.
    let mut names: std::collections::HashMap<&str, std::rc::Rc<str>> =
        std::collections::HashMap::new();
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let d = dates.get(i).copied().flatten();
        let a = amounts.get(i).copied().flatten();
        let acc = accounts.get(i).map_or("", |s| s.as_ref());
        match (d, a) {
            (Some(date), Some(amount)) => rows.push(LedgerRow {
                date,
                account: names
                    .entry(if acc.is_empty() { "(no account)" } else { acc })
                    .or_insert_with_key(|k| std::rc::Rc::from(*k))
                    .clone(),
                amount,
                category: None,
            }),
            (None, Some(_)) => {
                return Err(CellError::value(format!(
                    "{f}: 'dates' is blank at position {} where 'amounts' has a number. Fill in the date or clear the amount.",
                    i + 1
                )));
            }
            _ => {}
        }
    }
    if rows.is_empty() {
        return Err(CellError::value(format!(
            "{f}: no position has both a date in 'dates' and a number in 'amounts'. Select the ledger's date and amount columns."
        )));
    }
    let st = build_statement(&rows, map.as_ref(), period).map_err(|e| prefixed(&f, e))?;
    let mut out: Vec<Vec<Cell>> = Vec::with_capacity(st.lines.len() + 2);
    let mut header = vec![Cell::text("Line")];
    header.extend(st.labels.iter().map(|l| Cell::text(l.clone())));
    out.push(header);
    for l in &st.lines {
        let mut r = vec![Cell::text(l.name.en.clone())];
        r.extend(l.values.iter().map(|v| v.map_or(Cell::Empty, Cell::number)));
        out.push(r);
    }
    for u in st.unclassified() {
        let mut r = vec![Cell::text(format!("Unclassified: {}", u.account))];
        r.extend(u.values.iter().map(|v| Cell::number(*v)));
        out.push(r);
    }
    Ok(Grid::from_rows(out))
}

/// AISM.VARIANCE(actual, budget, [line_type="revenue"]).
pub(crate) fn variance_fn(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    args.same_lengths(&[(0, "actual"), (1, "budget")])?;
    let actual = args.numbers(0)?;
    let budget = args.numbers(1)?;
    let n = args
        .raw_len(0)
        .unwrap_or(actual.len())
        .max(actual.len())
        .max(budget.len());
    let parse = |s: &str, pos: Option<usize>| -> Result<LineType, CellError> {
        LineType::parse(s).ok_or_else(|| {
            let at = pos.map_or(String::new(), |p| format!(" at position {}", p + 1));
            CellError::value(format!(
                "{f}: 'line_type' is \"{}\"{at}; use \"revenue\" (or income, ingreso) or \"expense\" (or cost, gasto, costo).",
                s.trim()
            ))
        })
    };
    let types: Vec<LineType> = match args.grid(2) {
        None => vec![LineType::Revenue; n],
        Some(g) if g.height() == 1 && g.width() == 1 => {
            let t = match g.get(0, 0) {
                Some(Cell::Text(s)) => parse(s, None)?,
                Some(Cell::Empty) | None => LineType::Revenue,
                Some(other) => parse(&cell_text(other), None)?,
            };
            vec![t; n]
        }
        Some(g) => {
            let cells = g.vector().ok_or_else(|| {
                CellError::value(format!(
                    "{f}: 'line_type' must be one text or a single row or column aligned with 'actual'."
                ))
            })?;
            if cells.len() != args.raw_len(0).unwrap_or(n) {
                return Err(CellError::na(format!(
                    "{f}: 'line_type' has {} cells but 'actual' has {}. Give one line type per row, or a single text.",
                    cells.len(),
                    args.raw_len(0).unwrap_or(n)
                )));
            }
            cells
                .into_iter()
                .enumerate()
                .map(|(p, c)| match c {
                    Cell::Empty => Ok(LineType::Revenue),
                    other => parse(&cell_text(other), Some(p)),
                })
                .collect::<Result<_, _>>()?
        }
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let a = actual.get(i).copied().flatten();
        let b = budget.get(i).copied().flatten();
        let lt = types.get(i).copied().unwrap_or(LineType::Revenue);
        out.push(match (a, b) {
            (Some(a), Some(b)) => {
                let v = variance(a, b, lt);
                vec![
                    Cell::number(v.variance),
                    v.pct.map_or(Cell::Empty, Cell::number),
                    Cell::Bool(v.favourable),
                ]
            }
            _ => vec![Cell::Empty, Cell::Empty, Cell::Empty],
        });
    }
    Ok(Grid::from_rows(out))
}

#[cfg(test)]
mod tests {
    use crate::cells::{Cell, ErrorKind, Grid};
    use crate::pnl::statement::tests_support::synthetic;
    use crate::registry::call;

    fn col(v: Vec<Cell>) -> Option<Grid> {
        Some(Grid::column(v))
    }

    fn ledger_args() -> (Vec<Cell>, Vec<Cell>, Vec<Cell>) {
        let rows = synthetic(false);
        (
            rows.iter().map(|r| Cell::Number(r.date)).collect(),
            rows.iter().map(|r| Cell::text(&*r.account)).collect(),
            rows.iter().map(|r| Cell::Number(r.amount)).collect(),
        )
    }

    #[test]
    fn pnl_table_known_by_construction() {
        let (d, a, x) = ledger_args();
        let g = call("AISM.PNL", vec![col(d), col(a), col(x)]).unwrap();
        assert_eq!(g.width(), 25);
        assert_eq!(g.get(0, 0), Some(&Cell::text("Line")));
        assert_eq!(g.get(0, 1), Some(&Cell::text("2023-01")));
        assert_eq!(g.get(0, 24), Some(&Cell::text("2024-12")));
        let find = |name: &str| {
            g.rows()
                .iter()
                .position(|r| r[0] == Cell::text(name))
                .unwrap_or_else(|| panic!("{name}"))
        };
        // Revenue 1500 + 10m; net income 710 + 5m (see statement::tests_support::synthetic).
        assert_eq!(g.get(find("Revenue"), 18), Some(&Cell::Number(1670.0)));
        assert_eq!(g.get(find("Net income"), 18), Some(&Cell::Number(795.0)));
        let nm = match g.get(find("Net margin %"), 18) {
            Some(Cell::Number(x)) => *x,
            other => panic!("{other:?}"),
        };
        assert!((nm - 795.0 / 1670.0).abs() < 1e-12);
        // The unclassified account is listed below Net income, not counted in it.
        let u = find("Unclassified: Misc stuff");
        assert!(u > find("Net income"));
        assert_eq!(g.get(u, 1), Some(&Cell::Number(7.0)));
        // Quarterly.
        let (d, a, x) = ledger_args();
        let q = call(
            "AISM_PNL",
            vec![
                col(d),
                col(a),
                col(x),
                None,
                Some(Grid::scalar("quarter".into())),
            ],
        )
        .unwrap();
        assert_eq!(q.get(0, 1), Some(&Cell::text("2023-Q1")));
        assert_eq!(q.get(1, 1), Some(&Cell::Number(4530.0)));
    }

    #[test]
    fn pnl_with_map_and_text_inputs() {
        let d = vec![
            "2024-01-05".into(),
            "2024-01-20".into(),
            "2024-02-03".into(),
        ];
        let a = vec!["Widgets".into(), "Misc".into(), "Widgets".into()];
        let x = vec!["$1,000".into(), "(200)".into(), 1500.0.into()];
        let map = Grid::from_rows(vec![
            vec!["Widgets".into(), "Ventas".into()],
            vec!["Misc".into(), "Otros gastos".into()],
        ]);
        let g = call("AISM.PNL", vec![col(d), col(a), col(x), Some(map)]).unwrap();
        assert_eq!(g.get(0, 2), Some(&Cell::text("2024-02")));
        assert_eq!(g.get(1, 1), Some(&Cell::Number(1000.0)));
        let oe = g
            .rows()
            .iter()
            .find(|r| r[0] == Cell::text("Other expense"))
            .unwrap();
        // Expenses stored negative (−200) are shown as a positive cost.
        assert_eq!(oe[1], Cell::Number(200.0));
    }

    #[test]
    fn pnl_errors() {
        let three = || col(vec![45000.0.into(), 45001.0.into(), 45002.0.into()]);
        let acc = || col(vec!["Sales".into(), "Sales".into(), "Rent".into()]);
        let amt = || col(vec![1.0.into(), 2.0.into(), 3.0.into()]);
        // Lengths differ → #N/A.
        let e = call(
            "AISM.PNL",
            vec![three(), acc(), col(vec![1.0.into(), 2.0.into()])],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAvailable);
        // Unparsable date → #VALUE! with position.
        let e = call(
            "AISM.PNL",
            vec![
                col(vec![45000.0.into(), "soon".into(), 45002.0.into()]),
                acc(),
                amt(),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        assert!(e.message.contains("position 2"), "{}", e.message);
        // Unparsable amount → #VALUE! with position.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                acc(),
                col(vec![1.0.into(), 2.0.into(), "x".into()]),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        assert!(e.message.contains("position 3"), "{}", e.message);
        // Blank date where an amount exists → #VALUE!.
        let e = call(
            "AISM.PNL",
            vec![
                col(vec![45000.0.into(), Cell::Empty, 45002.0.into()]),
                acc(),
                amt(),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        // No row with both a date and an amount → #VALUE!.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                acc(),
                col(vec![Cell::text(" "), Cell::Empty, Cell::text("")]),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        // Nothing classifiable → #NUM!.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                col(vec!["Cash".into(), "Foo".into(), "Bar".into()]),
                amt(),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Num);
        // Bad period → #VALUE!.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                acc(),
                amt(),
                None,
                Some(Grid::scalar("week".into())),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        // Unknown line name in the map → #VALUE! naming the row.
        let map = Grid::from_rows(vec![
            vec!["Sales".into(), "Revenue".into()],
            vec!["Rent".into(), "Stuff".into()],
        ]);
        let e = call("AISM.PNL", vec![three(), acc(), amt(), Some(map)]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        assert!(e.message.contains("row 2"), "{}", e.message);
        // An error cell in accounts propagates.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                col(vec![
                    "Sales".into(),
                    Cell::Error(ErrorKind::Ref),
                    "Rent".into(),
                ]),
                amt(),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Ref);
        // 2-D accounts → #VALUE!.
        let e = call(
            "AISM.PNL",
            vec![
                three(),
                Some(Grid::from_rows(vec![
                    vec!["a".into(), "b".into()],
                    vec!["a".into(), "b".into()],
                ])),
                amt(),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
    }

    #[test]
    fn variance_values_and_errors() {
        // Hand-computed: 120 vs 100 revenue → +20, +20 %, TRUE; 80 vs 100 expense → −20,
        // −20 %, TRUE; 5 vs 0 → 5, blank, TRUE.
        let g = call(
            "AISM.VARIANCE",
            vec![
                col(vec![120.0.into(), 80.0.into(), 5.0.into()]),
                col(vec![100.0.into(), 100.0.into(), 0.0.into()]),
                col(vec!["Ingresos".into(), "gasto".into(), "revenue".into()]),
            ],
        )
        .unwrap();
        assert_eq!(
            g.rows()[0],
            vec![Cell::Number(20.0), Cell::Number(0.2), Cell::Bool(true)]
        );
        assert_eq!(
            g.rows()[1],
            vec![Cell::Number(-20.0), Cell::Number(-0.2), Cell::Bool(true)]
        );
        assert_eq!(
            g.rows()[2],
            vec![Cell::Number(5.0), Cell::Empty, Cell::Bool(true)]
        );
        // Single line type for all rows.
        let g = call(
            "AISM.VARIANCE",
            vec![
                col(vec![120.0.into()]),
                col(vec![100.0.into()]),
                Some(Grid::scalar("cost".into())),
            ],
        )
        .unwrap();
        assert_eq!(g.rows()[0][2], Cell::Bool(false));
        // Default is revenue.
        let g = call(
            "AISM.VARIANCE",
            vec![col(vec![90.0.into()]), col(vec![100.0.into()])],
        )
        .unwrap();
        assert_eq!(g.rows()[0][2], Cell::Bool(false));
        // Lengths differ → #N/A (actual vs budget, and line_type range).
        let e = call(
            "AISM.VARIANCE",
            vec![col(vec![1.0.into(), 2.0.into()]), col(vec![1.0.into()])],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAvailable);
        let e = call(
            "AISM.VARIANCE",
            vec![
                col(vec![1.0.into(), 2.0.into(), 3.0.into()]),
                col(vec![1.0.into(), 2.0.into(), 3.0.into()]),
                col(vec!["revenue".into(), "expense".into()]),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::NotAvailable);
        // Unknown line type → #VALUE!.
        let e = call(
            "AISM.VARIANCE",
            vec![
                col(vec![1.0.into()]),
                col(vec![1.0.into()]),
                Some(Grid::scalar("profit".into())),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        let e = call(
            "AISM.VARIANCE",
            vec![
                col(vec![1.0.into(), 2.0.into()]),
                col(vec![1.0.into(), 2.0.into()]),
                col(vec!["revenue".into(), "bogus".into()]),
            ],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        assert!(e.message.contains("position 2"));
        // Unparsable number → #VALUE!.
        let e = call(
            "AISM.VARIANCE",
            vec![col(vec!["abc".into()]), col(vec![1.0.into()])],
        )
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
    }
}
