//! Arbitrary tables into every system's report never panic and never produce non-finite numbers:
//! the stable counterpart of the `report` fuzz target (core/fuzz). Tables are built from header
//! words each system looks for (dates, accounts, SKUs, budgets, QuickBooks/Xero section rows) and
//! cells of every kind, and valid inputs are mutated cell by cell.

use aism_core::report::{Report, Value};
use aism_core::systems::{ReportOptions, System, run_report};
use aism_core::{Cell, ErrorKind, Grid};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

const WORDS: &[&str] = &[
    "Date",
    "Fecha",
    "Account",
    "Cuenta",
    "Amount",
    "Importe",
    "Category",
    "SKU",
    "Item",
    "Units sold",
    "Quantity",
    "On hand",
    "Existencias",
    "Unit cost",
    "Lead time",
    "Supplier",
    "Proveedor",
    "Customer",
    "Cliente",
    "Order date",
    "Order total",
    "Unit price",
    "Precio",
    "Competitor price",
    "Product",
    "Actual",
    "Budget",
    "Presupuesto",
    "Line type",
    "Profit and Loss",
    "Income",
    "Total Income",
    "Cost of Goods Sold",
    "Gross Profit",
    "Expenses",
    "Net Income",
    "Trading Income",
    "Cost of Sales",
    "Operating Expenses",
    "Net Profit",
    "Jan 2024",
    "Feb-24",
    "ene-24",
    "2024-03",
    "Total",
    "4000 Sales",
    "5000 COGS",
    "6100 Rent",
    "Sueldos",
    "Ventas",
    "",
    " ",
    "(1,234.50)",
    "$-",
    "12%",
    "N/A",
    "2024-02-30",
];

fn atom(r: &mut Lcg) -> Cell {
    match r.below(12) {
        0 => Cell::Empty,
        1 => Cell::Number(0.0),
        2 => Cell::Number(-r.unit() * 1e4),
        3 => Cell::Number(1e308),
        4 => Cell::Number(r.unit() * 1e4),
        5 | 6 => Cell::Text(WORDS[r.below(WORDS.len())].to_string()),
        7 => Cell::Bool(r.below(2) == 0),
        8 => Cell::Error(ErrorKind::ALL[r.below(ErrorKind::ALL.len())]),
        9 => Cell::Number(45000.0 + r.below(800) as f64),
        10 => Cell::Number(f64::NAN),
        _ => Cell::Number(r.below(10) as f64),
    }
}

fn random_table(r: &mut Lcg) -> Grid {
    let w = 1 + r.below(6);
    let h = r.below(40);
    let mut rows = vec![
        (0..w)
            .map(|_| Cell::Text(WORDS[r.below(WORDS.len())].to_string()))
            .collect::<Vec<_>>(),
    ];
    for _ in 0..h {
        rows.push((0..w).map(|_| atom(r)).collect());
    }
    Grid::from_rows(rows)
}

/// A valid ledger, trial balance, inventory, pricing or transaction table, to be mutated.
fn valid_table(r: &mut Lcg) -> Grid {
    let mut rows = Vec::new();
    match r.below(5) {
        3 => {
            rows.push(
                [
                    "Month",
                    "Product",
                    "Unit price",
                    "Units sold",
                    "Unit cost",
                    "Competitor price",
                ]
                .map(Cell::text)
                .to_vec(),
            );
            for m in 0..24 {
                for k in 0..3 {
                    let p = 2.0 + k as f64 + r.unit();
                    rows.push(vec![
                        Cell::Number(45292.0 + 30.5 * m as f64),
                        Cell::Text(format!("P{k}")),
                        Cell::Number(p),
                        Cell::Number((500.0 * p.powf(-1.0 - k as f64)).round()),
                        Cell::Number(1.0 + k as f64),
                        Cell::Number(p * (0.9 + 0.2 * r.unit())),
                    ]);
                }
            }
        }
        4 => {
            rows.push(
                ["Order date", "Customer", "Order total"]
                    .map(Cell::text)
                    .to_vec(),
            );
            for c in 0..40 {
                let mut day = r.below(200) as f64;
                while day < 400.0 {
                    rows.push(vec![
                        Cell::Number(45000.0 + day),
                        Cell::Text(format!("C{c}")),
                        Cell::Number(10.0 + 90.0 * r.unit()),
                    ]);
                    if r.below(4) == 0 {
                        break;
                    }
                    day += 1.0 + r.below(60) as f64;
                }
            }
        }
        0 => {
            rows.push(vec![
                Cell::text("Date"),
                Cell::text("Account"),
                Cell::text("Amount"),
            ]);
            let accounts = [
                "4000 Sales",
                "5000 Cost of goods sold",
                "6000 Salaries",
                "6100 Rent",
                "9000 Income tax",
            ];
            for i in 0..(24 * 5) {
                rows.push(vec![
                    Cell::Number(45292.0 + (i / 5) as f64 * 30.4),
                    Cell::text(accounts[i % 5]),
                    Cell::Number(100.0 + r.unit() * 50.0),
                ]);
            }
        }
        1 => {
            let mut header = vec![Cell::text("Account")];
            header.extend(["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024"].map(Cell::text));
            rows.push(header);
            for a in ["Sales", "Cost of sales", "Rent", "Salaries", "Marketing"] {
                let mut row = vec![Cell::text(a)];
                row.extend((0..4).map(|_| Cell::Number(1000.0 * r.unit())));
                rows.push(row);
            }
        }
        _ => {
            rows.push(vec![
                Cell::text("SKU"),
                Cell::text("Date"),
                Cell::text("Units sold"),
                Cell::text("On hand"),
            ]);
            for s in 0..5 {
                for w in 0..20 {
                    rows.push(vec![
                        Cell::Text(format!("SKU-{s}")),
                        Cell::Number(45292.0 + 7.0 * w as f64),
                        Cell::Number(if r.below(3) == 0 {
                            0.0
                        } else {
                            r.below(20) as f64
                        }),
                        Cell::Number(r.below(50) as f64),
                    ]);
                }
            }
        }
    }
    let mutations = r.below(6);
    for _ in 0..mutations {
        let i = r.below(rows.len());
        let row = &mut rows[i];
        let j = r.below(row.len());
        row[j] = atom(r);
    }
    Grid::from_rows(rows)
}

fn check(report: &Report, what: &str) {
    for k in &report.kpis {
        if let Some(v) = k.value {
            assert!(v.is_finite(), "{what}: KPI {} is {v}", k.key);
        }
    }
    for t in &report.tables {
        for row in &t.rows {
            assert_eq!(
                row.len(),
                t.columns.len(),
                "{what}: table {} row width",
                t.key
            );
            for v in row {
                if let Value::Number(x) = v {
                    assert!(x.is_finite(), "{what}: table {} holds {x}", t.key);
                }
            }
        }
    }
    for c in &report.charts {
        for s in &c.series {
            assert_eq!(
                s.values.len(),
                c.x.len(),
                "{what}: chart {} series length",
                c.key
            );
            assert!(
                s.values.iter().flatten().all(|v| v.is_finite()),
                "{what}: chart {}",
                c.key
            );
        }
    }
}

#[test]
fn arbitrary_tables_never_panic_in_any_system() {
    let systems = [
        None,
        Some(System::Sales),
        Some(System::Pnl),
        Some(System::Inventory),
        Some(System::Pricing),
        Some(System::Customers),
    ];
    let mut r = Lcg(11);
    for i in 0..1200 {
        let grid = if i % 2 == 0 {
            random_table(&mut r)
        } else {
            valid_table(&mut r)
        };
        let opts = ReportOptions {
            system: systems[i % systems.len()],
            ..Default::default()
        };
        if let Ok(a) = run_report(&grid, None, &opts) {
            let outcome = std::panic::catch_unwind(|| check(&a.report, &format!("case {i}")));
            if outcome.is_err() {
                for t in &a.report.tables {
                    eprintln!("table {}: {:?}", t.key, t.rows);
                }
                panic!(
                    "case {i} ({:?}) failed on this table: {:?}",
                    opts.system,
                    grid.rows()
                );
            }
        }
    }
}
