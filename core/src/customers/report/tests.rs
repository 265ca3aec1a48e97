//! Tests of the customers report on data built by construction.

use super::*;
use crate::cells::{Cell, Grid};
use aism_ts::timeline::ymd_to_serial;

/// 400 customers over two years from 2023-01-01, drawn with a seeded generator the BG/NBD way:
/// each customer starts on a random day of the first year, buys with a personal rate and, after
/// each purchase, drops out with a personal probability; amounts vary around a personal mean.
/// Returns the input and the exact revenue.
fn synthetic() -> (CustomersInput, f64) {
    let start = ymd_to_serial(2023, 1, 1).unwrap();
    let mut rng = SplitMix64::new(42);
    let mut input = CustomersInput::default();
    let mut revenue = 0.0;
    for c in 0..400 {
        let rate = 0.01 + 0.08 * rng.next_f64(); // purchases per day
        let drop = 0.05 + 0.4 * rng.next_f64();
        let spend = 20.0 + 80.0 * rng.next_f64();
        let mut day = (rng.next_f64() * 365.0).floor();
        while day < 730.0 {
            let a = (spend * (0.5 + rng.next_f64()) * 100.0).round() / 100.0;
            input.customer.push(format!("C{c:03}"));
            input.date.push(start + day);
            input.amount.push(Some(a));
            revenue += a;
            if rng.next_f64() < drop {
                break;
            }
            day += (1.0 + (-rng.next_f64().max(1e-12).ln()) / rate).floor();
        }
    }
    (input, revenue)
}

fn kpi(r: &Report, key: &str) -> Option<f64> {
    r.kpis.iter().find(|k| k.key == key).and_then(|k| k.value)
}

fn table<'a>(r: &'a Report, key: &str) -> &'a Table {
    r.tables
        .iter()
        .find(|t| t.key == key)
        .unwrap_or_else(|| panic!("no table {key}"))
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        other => panic!("{other:?}"),
    }
}

#[test]
fn report_on_synthetic_transactions() {
    let (input, revenue) = synthetic();
    let r = customers_report(&input, &CustomersOptions::default()).unwrap();
    assert_eq!(r.system, "customers");
    assert_eq!(kpi(&r, "customers"), Some(400.0));
    assert!((kpi(&r, "revenue").unwrap() - revenue).abs() < 1e-6);
    let orders = input.amount.len() as f64;
    assert!((kpi(&r, "avg_order_value").unwrap() - revenue / orders).abs() < 1e-9);

    // Segments cover every customer and all revenue.
    let seg = table(&r, "segments");
    let customers: f64 = seg.rows.iter().map(|row| number(&row[1])).sum();
    assert_eq!(customers, 400.0);
    let rev: f64 = seg.rows.iter().map(|row| number(&row[3])).sum();
    assert!((rev - revenue).abs() < 1e-6);
    let shares: f64 = seg.rows.iter().map(|row| number(&row[4])).sum();
    assert!((shares - 1.0).abs() < 1e-12);

    // Lifetime value was fitted; the customer table is sorted by it.
    let ev = kpi(&r, "expected_value").unwrap();
    assert!(ev > 0.0);
    let cust = table(&r, "customers");
    assert_eq!(cust.rows.len(), 400);
    let clv: Vec<f64> = cust.rows.iter().map(|row| number(&row[10])).collect();
    assert!(clv.windows(2).all(|w| w[0] >= w[1]));
    assert!((clv.iter().sum::<f64>() - ev).abs() < 1e-6 * ev);

    // The churn model: dropout drives the data, so recency separates churners well.
    let auc = kpi(&r, "churn_auc").unwrap();
    assert!(auc > 0.7, "AUC {auc}");
    assert!(table(&r, "churn_drivers").rows.len() == 4);

    // Cohorts: sizes add up to the customers, month 0 is 100 %.
    let co = table(&r, "cohorts");
    let sizes: f64 = co.rows.iter().map(|row| number(&row[1])).sum();
    assert_eq!(sizes, 400.0);
    assert!(co.rows.iter().all(|row| number(&row[2]) == 1.0));
    assert_eq!(co.rows.len(), 12); // first purchases fall in 2023's 12 months

    // Clusters cover everyone, ordered by average revenue.
    let cl = table(&r, "clusters");
    assert!(cl.rows.len() >= 2);
    let total: f64 = cl.rows.iter().map(|row| number(&row[1])).sum();
    assert_eq!(total, 400.0);
    let avg_rev: Vec<f64> = cl.rows.iter().map(|row| number(&row[4])).collect();
    assert!(avg_rev.windows(2).all(|w| w[0] >= w[1]));

    // Findings are ranked and bilingual; the charts have one label per x.
    assert!(r.findings.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(r.findings.iter().any(|f| f.key == "churn_model"));
    assert!(
        r.findings
            .iter()
            .all(|f| !f.text.en.is_empty() && !f.text.es.is_empty() && f.text.en != f.text.es)
    );
    for c in &r.charts {
        assert_eq!(c.labels.len(), c.x.len(), "{}", c.key);
        assert!(c.series.iter().all(|s| s.values.len() == c.x.len()));
    }
    // Deterministic: the same input gives the same report.
    assert_eq!(
        customers_report(&input, &CustomersOptions::default()).unwrap(),
        r
    );
}

#[test]
fn small_inputs_report_what_they_can() {
    // Three customers: RFM and cohorts, no model; the notes say why.
    let d = ymd_to_serial(2024, 1, 1).unwrap();
    let input = CustomersInput {
        customer: vec!["a".into(), "b".into(), "a".into(), "".into(), "c".into()],
        date: vec![d, d + 3.0, d + 40.0, d + 41.0, f64::NAN],
        amount: vec![Some(10.0), Some(5.0), Some(-2.0), Some(1.0), Some(3.0)],
    };
    let r = customers_report(&input, &CustomersOptions::default()).unwrap();
    assert_eq!(kpi(&r, "customers"), Some(2.0));
    assert_eq!(kpi(&r, "revenue"), Some(13.0));
    assert_eq!(kpi(&r, "expected_value"), None);
    assert_eq!(kpi(&r, "churn_auc"), None);
    let notes: Vec<&str> = r.notes.iter().map(|n| n.en.as_str()).collect();
    assert!(
        notes.iter().any(|n| n.starts_with("2 row(s) without")),
        "{notes:?}"
    );
    assert!(notes.iter().any(|n| n.contains("refunds")));
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Lifetime value was not computed"))
    );
    assert!(notes.iter().any(|n| n.contains("churn model")));
}

#[test]
fn unusable_input_is_an_error_that_says_what_to_select() {
    let e = customers_report(&CustomersInput::default(), &CustomersOptions::default()).unwrap_err();
    assert!(e.message.contains("customer, order date and amount"));
    let e = customers_report(
        &CustomersInput {
            customer: vec!["a".into()],
            date: vec![45000.0],
            amount: vec![Some(1e16)],
        },
        &CustomersOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind, crate::cells::ErrorKind::Num);
}

fn grid(header: &[&str], rows: Vec<Vec<Cell>>) -> Grid {
    let mut all = vec![header.iter().map(|h| Cell::text(*h)).collect::<Vec<_>>()];
    all.extend(rows);
    Grid::from_rows(all)
}

fn rows3() -> Vec<Vec<Cell>> {
    (0..12)
        .map(|i| {
            vec![
                Cell::text(format!("2024-01-{:02}", i + 1)),
                Cell::text(format!("cust{}", i % 4)),
                Cell::number(10.0 + f64::from(i)),
            ]
        })
        .collect()
}

#[test]
fn recognises_transaction_tables_in_both_languages() {
    for header in [
        ["Order date", "Customer ID", "Amount"],
        ["Fecha", "Cliente", "Importe"],
    ] {
        let (t, _) = crate::ingest::infer_table(&grid(&header, rows3()), None);
        let rec = super::super::recognise(&t).unwrap();
        assert_eq!(rec.confidence, 75);
        assert_eq!(
            rec.columns,
            vec![
                ("customer".to_string(), header[1].to_string()),
                ("date".to_string(), header[0].to_string()),
                ("amount".to_string(), header[2].to_string()),
            ]
        );
        let input = super::super::input_from_table(&t, &rec).unwrap();
        assert_eq!(input.customer[5], "cust1");
        assert_eq!(input.amount[5], Some(15.0));
    }
    // A sales table by product, and a ledger by account, are not customer tables.
    for header in [["Date", "Product", "Sales"], ["Date", "Account", "Amount"]] {
        let (t, _) = crate::ingest::infer_table(&grid(&header, rows3()), None);
        assert_eq!(super::super::recognise(&t), None, "{header:?}");
    }
}
