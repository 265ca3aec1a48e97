//! Inventory management (SPEC §2.3): the inventory functions of the registry, the planning
//! engine ([`plan`](mod@plan)), the inventory report ([`report`]) and the recognition of inventory tables
//! for auto-detection.

pub mod fns;
pub mod plan;

pub use plan::{InventoryInput, Plan, PlanOptions, plan};
pub mod report;

pub use report::inventory_report;

use crate::cells::CellError;
use crate::ingest::{self, ColumnKind};
pub use crate::systems::Recognised;
use crate::systems::header_has as matches;

const SKU_WORDS: &[&str] = &[
    "sku",
    "item",
    "product",
    "part",
    "artículo",
    "articulo",
    "producto",
    "código",
    "codigo",
    "referencia",
    "material",
];
const DEMAND_WORDS: &[&str] = &[
    "qty", "quantity", "units", "demand", "sold", "sales", "cantidad", "unidades", "demanda",
    "vendidas", "vendidos", "ventas", "consumo",
];
/// Demand headers that name quantities, not money.
const QUANTITY_WORDS: &[&str] = &[
    "qty", "quantity", "units", "demand", "sold", "cantidad", "unidades", "demanda", "vendidas",
    "vendidos", "consumo",
];
const ON_HAND_WORDS: &[&str] = &[
    "on hand",
    "onhand",
    "stock",
    "inventory",
    "existencias",
    "inventario",
    "disponible",
];
const COST_WORDS: &[&str] = &["cost", "costo", "coste", "price", "precio"];
const LEAD_TIME_WORDS: &[&str] = &[
    "lead time",
    "leadtime",
    "lead",
    "plazo",
    "días de entrega",
    "dias de entrega",
    "entrega",
];
const SUPPLIER_WORDS: &[&str] = &["supplier", "vendor", "proveedor", "fabricante"];
const DATE_WORDS: &[&str] = &[
    "date", "day", "week", "month", "fecha", "día", "dia", "semana", "mes",
];

/// Recognises an inventory table from column types and header keywords (English and
/// Spanish). Confidence: SKU 20, date 15, demand 20 (with a matching header; less when
/// guessed), on hand 20, lead time 15, unit cost 5, supplier 5; roles "sku", "date",
/// "demand", "on_hand", "unit_cost", "lead_time", "supplier". Needs a SKU column (text, or numbers under a SKU header), a date column and a
/// numeric demand column; `None` otherwise.
pub fn recognise(table: &ingest::Table) -> Option<Recognised> {
    let mut taken: Vec<usize> = Vec::new();
    let mut confidence = 0u32;
    let mut columns: Vec<(String, String)> = Vec::new();
    let mut pick = |role: &str,
                    found: Option<&ingest::Column>,
                    points: u32,
                    taken: &mut Vec<usize>,
                    confidence: &mut u32| {
        if let Some(c) = found {
            taken.push(c.source_col);
            *confidence += points;
            columns.push((role.to_string(), c.name.clone()));
        }
    };
    let free = |c: &&ingest::Column, taken: &[usize]| !taken.contains(&c.source_col);
    let numeric = |c: &&ingest::Column| c.kind == ColumnKind::Number;

    // Date.
    let dates: Vec<&ingest::Column> = table
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Date)
        .collect();
    let date = dates
        .iter()
        .find(|c| matches(&c.name, DATE_WORDS))
        .or(dates.first())
        .copied()?;
    pick("date", Some(date), 15, &mut taken, &mut confidence);

    // SKU: a text (or numeric) column with a SKU header, else a text column with repeats.
    let sku = table
        .columns
        .iter()
        .filter(|c| free(c, &taken))
        .filter(|c| matches!(c.kind, ColumnKind::Text | ColumnKind::Number))
        .find(|c| matches(&c.name, SKU_WORDS) && !matches(&c.name, SUPPLIER_WORDS));
    let (sku, sku_points) = match sku {
        Some(c) => (c, 20),
        None => {
            let n = table.height();
            let guess = table.columns.iter().find(|c| {
                c.kind == ColumnKind::Text && !matches(&c.name, SUPPLIER_WORDS) && {
                    let mut d: Vec<&ingest::Value> = c.values.iter().collect();
                    d.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
                    d.dedup();
                    d.len() >= 2 && d.len() * 2 <= n
                }
            })?;
            (guess, 8)
        }
    };
    pick("sku", Some(sku), sku_points, &mut taken, &mut confidence);

    // The specific numeric roles first, then demand among the rest.
    // The first numeric column not taken yet whose header has one of `words`.
    let numeric_named = |taken: &[usize], words: &[&str]| {
        table
            .columns
            .iter()
            .filter(|c| free(c, taken) && numeric(c))
            .find(|c| matches(&c.name, words))
    };
    let lead = numeric_named(&taken, LEAD_TIME_WORDS);
    pick("lead_time", lead, 15, &mut taken, &mut confidence);
    let on_hand = numeric_named(&taken, ON_HAND_WORDS);
    pick("on_hand", on_hand, 20, &mut taken, &mut confidence);
    let cost = numeric_named(&taken, COST_WORDS);
    pick("unit_cost", cost, 5, &mut taken, &mut confidence);
    let demand = numeric_named(&taken, DEMAND_WORDS);
    let (demand, demand_points) = match demand {
        Some(c) => (c, 20),
        None => (
            table
                .columns
                .iter()
                .find(|c| free(c, &taken) && numeric(c))?,
            5,
        ),
    };
    pick(
        "demand",
        Some(demand),
        demand_points,
        &mut taken,
        &mut confidence,
    );
    let supplier = table
        .columns
        .iter()
        .filter(|c| free(c, &taken) && c.kind == ColumnKind::Text)
        .find(|c| matches(&c.name, SUPPLIER_WORDS));
    pick("supplier", supplier, 5, &mut taken, &mut confidence);
    // "Date | Product | Sales" is a sales table broken down by product unless something says
    // stock: an on-hand, lead-time or cost column, or a quantity header (units, qty, sold …).
    let stock_columns = lead.is_some() || on_hand.is_some() || cost.is_some();
    let quantity_header = matches(&demand.name, QUANTITY_WORDS);
    if !stock_columns && !quantity_header {
        confidence = confidence.min(30);
    }

    let role_en = |r: &str| match r {
        "sku" => "SKU",
        "date" => "dates",
        "demand" => "demand",
        "on_hand" => "on hand",
        "unit_cost" => "unit cost",
        "lead_time" => "lead time (days)",
        _ => "supplier",
    };
    let role_es = |r: &str| match r {
        "sku" => "SKU",
        "date" => "fechas",
        "demand" => "demanda",
        "on_hand" => "existencias",
        "unit_cost" => "coste unitario",
        "lead_time" => "plazo de entrega (días)",
        _ => "proveedor",
    };
    Some(Recognised::listing(
        ("Inventory management", "Gestión de inventario"),
        confidence,
        columns,
        role_en,
        role_es,
    ))
}

/// Builds the planning input from a recognised table. SKU numbers are written without
/// decimals (1001, not 1001.0); blank SKUs and quantities are left for [`plan()`] to skip.
///
/// Errors: `#VALUE!` when a column of `recognised` is not in the table or a required role
/// (sku, date, demand) is missing.
pub fn input_from_table(
    table: &ingest::Table,
    recognised: &Recognised,
) -> Result<InventoryInput, CellError> {
    let col = |role: &str| recognised.column(table, role, "Inventory");
    let required = |role: &str| {
        recognised.required(table, role, "Inventory", "SKU, date and quantity columns")
    };
    let sku = required("sku")?;
    let date = required("date")?;
    let demand = required("demand")?;
    Ok(InventoryInput {
        sku: sku.values.iter().map(ingest::Value::id_text).collect(),
        date: date
            .values
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect(),
        demand: demand.numbers(),
        on_hand: col("on_hand")?.map(ingest::Column::numbers),
        unit_cost: col("unit_cost")?.map(ingest::Column::numbers),
        lead_time: col("lead_time")?.map(ingest::Column::numbers),
        supplier: col("supplier")?.map(|c| c.values.iter().map(ingest::Value::id_text).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{Cell, Grid};

    fn grid(header: &[&str], rows: Vec<Vec<Cell>>) -> Grid {
        let mut all = vec![header.iter().map(|h| Cell::text(*h)).collect::<Vec<_>>()];
        all.extend(rows);
        Grid::from_rows(all)
    }

    /// 3 SKUs × 8 weeks from 2024-01-01 (ISO text dates), demand, stock, cost, lead time,
    /// supplier; columns in the order of `header`.
    fn rows() -> Vec<Vec<Cell>> {
        let mut out = Vec::new();
        for w in 0..8u32 {
            for (k, sku) in ["A-1", "B-2", "C-3"].iter().enumerate() {
                let day = 1 + 7 * w;
                let (m, d) = if day > 31 { (2, day - 31) } else { (1, day) };
                out.push(vec![
                    Cell::text(format!("2024-{m:02}-{d:02}")),
                    Cell::text(*sku),
                    Cell::number(f64::from(w % 3) + 2.0 * k as f64),
                    Cell::number(40.0 - f64::from(w)),
                    Cell::number(2.5 * (k + 1) as f64),
                    Cell::number(7.0 + k as f64),
                    Cell::text(if k == 2 { "Beta" } else { "Acme" }),
                ]);
            }
        }
        out
    }

    fn roles(r: &Recognised) -> Vec<(&str, &str)> {
        let mut v: Vec<(&str, &str)> = r
            .columns
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn recognises_an_english_table() {
        let g = grid(
            &[
                "Date",
                "Item",
                "Units sold",
                "On hand",
                "Unit cost",
                "Lead time (days)",
                "Vendor",
            ],
            rows(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(
            roles(&r),
            vec![
                ("date", "Date"),
                ("demand", "Units sold"),
                ("lead_time", "Lead time (days)"),
                ("on_hand", "On hand"),
                ("sku", "Item"),
                ("supplier", "Vendor"),
                ("unit_cost", "Unit cost"),
            ]
        );
        assert_eq!(r.confidence, 100);
        assert!(
            r.reason.en.contains("demand in \"Units sold\""),
            "{}",
            r.reason.en
        );
        assert!(
            r.reason.es.contains("demanda en \"Units sold\""),
            "{}",
            r.reason.es
        );
        let input = input_from_table(&table, &r).unwrap();
        assert_eq!(input.sku.len(), 24);
        assert_eq!(input.sku[1], "B-2");
        assert_eq!(
            input.date[0],
            aism_ts::timeline::ymd_to_serial(2024, 1, 1).unwrap()
        );
        let p = plan(&input, &PlanOptions::default()).unwrap();
        assert_eq!(p.skus.len(), 3);
        assert_eq!(p.period, plan::Period::Weekly);
        assert_eq!(p.skus[0].on_hand, Some(33.0));
        assert_eq!(p.suppliers.len(), 2);
    }

    #[test]
    fn recognises_a_spanish_table() {
        let g = grid(
            &[
                "Fecha",
                "Artículo",
                "Cantidad vendida",
                "Existencias",
                "Coste unitario",
                "Plazo de entrega (días)",
                "Proveedor",
            ],
            rows(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(
            roles(&r),
            vec![
                ("date", "Fecha"),
                ("demand", "Cantidad vendida"),
                ("lead_time", "Plazo de entrega (días)"),
                ("on_hand", "Existencias"),
                ("sku", "Artículo"),
                ("supplier", "Proveedor"),
                ("unit_cost", "Coste unitario"),
            ]
        );
        assert_eq!(r.confidence, 100);
        assert!(
            r.reason
                .es
                .starts_with("Gestión de inventario: fechas en \"Fecha\""),
            "{}",
            r.reason.es
        );
        let input = input_from_table(&table, &r).unwrap();
        let rep = report::inventory_report(&input, &PlanOptions::default()).unwrap();
        assert_eq!(rep.system, "inventory");
    }

    #[test]
    fn numeric_codes_and_minimal_tables() {
        // SKU codes as numbers under "Código", demand without a keyword and no stock column: low
        // confidence (below the sales system's 40), capped at 30.
        let g = grid(
            &["Fecha", "Código", "Valor"],
            (0..6)
                .map(|i| {
                    vec![
                        Cell::number(45_000.0 + f64::from(i / 2)),
                        Cell::number(1000.0 + f64::from(i % 2)),
                        Cell::number(f64::from(i)),
                    ]
                })
                .collect(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(r.confidence, 30);
        let input = input_from_table(&table, &r).unwrap();
        assert_eq!(input.sku[..2], ["1000".to_string(), "1001".to_string()]);
        // Without a date column: not an inventory table.
        let g = grid(
            &["Item", "Qty"],
            vec![vec![Cell::text("A"), Cell::number(1.0)]],
        );
        let (table, _) = ingest::infer_table(&g, None);
        assert!(recognise(&table).is_none());
        // A recognition naming a missing column is #VALUE!.
        let bad = Recognised {
            confidence: 50,
            reason: crate::report::Text::new("", ""),
            columns: vec![("sku".into(), "Nope".into())],
        };
        let (table, _) =
            ingest::infer_table(&grid(&["Date"], vec![vec![Cell::number(45_000.0)]]), None);
        assert_eq!(
            input_from_table(&table, &bad).unwrap_err().kind,
            crate::ErrorKind::Value
        );
    }
}
