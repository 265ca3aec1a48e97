//! Recognition of pricing tables for auto-detection, and the report input read from a
//! recognised table.
//!
//! A pricing table needs a numeric price column (a header naming a price, not a cost nor a
//! competitor's price) and a numeric quantity column. Points: price 30, quantity 25, product 10
//! (5 when guessed from a text column with repeats), date 5, unit cost 10, competitor price 10.
//! "Date | Product | Price | Units" scores 70, above the inventory system's 60 on that table;
//! with a stock column ("On hand", "Existencias" …) the table is an inventory one, so the
//! confidence is held at 70, below the inventory system's 80 or more.

use super::report::PricingInput;
use crate::cells::CellError;
use crate::ingest::{self, ColumnKind};

pub use crate::systems::Recognised;
use crate::systems::header_has as matches;

const PRICE_WORDS: &[&str] = &["price", "precio", "pvp", "p.v.p", "tarifa"];
/// Headers that name a total (revenue), not a unit price.
const TOTAL_WORDS: &[&str] = &["total", "revenue", "importe", "ingreso", "amount"];
const COST_WORDS: &[&str] = &["cost", "coste", "costo", "cogs"];
const COMPETITOR_WORDS: &[&str] = &[
    "competitor",
    "competition",
    "competencia",
    "competidor",
    "rival",
    "market price",
    "precio mercado",
    "precio de mercado",
];
const QUANTITY_WORDS: &[&str] = &[
    "qty", "quantity", "units", "sold", "volume", "cantidad", "unidades", "vendidas", "vendidos",
    "volumen",
];
const PRODUCT_WORDS: &[&str] = &[
    "product",
    "item",
    "sku",
    "article",
    "producto",
    "artículo",
    "articulo",
    "referencia",
    "código",
    "codigo",
];
const DATE_WORDS: &[&str] = &[
    "date", "day", "week", "month", "period", "fecha", "día", "dia", "semana", "mes", "periodo",
];
/// Stock headers: a table with one is an inventory table.
const STOCK_WORDS: &[&str] = &[
    "on hand",
    "onhand",
    "stock",
    "inventory",
    "existencias",
    "inventario",
];
/// Most confidence when the table has a stock column.
const STOCK_CAP: u32 = 70;

/// Recognises a pricing table from column types and header keywords (English and Spanish).
/// Needs a numeric price column and a numeric quantity column; `None` otherwise. Confidence:
/// price 30, quantity 25, product 10 (5 when guessed), date 5, unit cost 10, competitor price
/// 10; at most 70 when the table also has a stock column. Roles "price", "quantity",
/// "product", "date", "unit_cost", "competitor_price".
pub fn recognise(table: &ingest::Table) -> Option<Recognised> {
    let mut taken: Vec<usize> = Vec::new();
    let mut confidence = 0u32;
    let mut columns: Vec<(String, String)> = Vec::new();
    let mut pick = |role: &str, c: &ingest::Column, points: u32, taken: &mut Vec<usize>| {
        taken.push(c.source_col);
        confidence += points;
        columns.push((role.to_string(), c.name.clone()));
    };
    let numeric = |c: &ingest::Column, taken: &[usize]| {
        c.kind == ColumnKind::Number && !taken.contains(&c.source_col)
    };

    // Competitor prices and costs first, so neither is taken for our price.
    let competitor = table
        .columns
        .iter()
        .find(|c| numeric(c, &taken) && matches(&c.name, COMPETITOR_WORDS));
    let cost = table.columns.iter().find(|c| {
        numeric(c, &taken)
            && matches(&c.name, COST_WORDS)
            && !matches(&c.name, COMPETITOR_WORDS)
            && !matches(&c.name, TOTAL_WORDS)
    });
    let price = table.columns.iter().find(|c| {
        numeric(c, &taken)
            && matches(&c.name, PRICE_WORDS)
            && !matches(&c.name, COST_WORDS)
            && !matches(&c.name, COMPETITOR_WORDS)
            && !matches(&c.name, TOTAL_WORDS)
    })?;
    let quantity = table.columns.iter().find(|c| {
        numeric(c, &taken)
            && c.source_col != price.source_col
            && matches(&c.name, QUANTITY_WORDS)
            && !matches(&c.name, PRICE_WORDS)
            && !matches(&c.name, COST_WORDS)
            && !matches(&c.name, COMPETITOR_WORDS)
            && !matches(&c.name, STOCK_WORDS)
    })?;
    pick("price", price, 30, &mut taken);
    pick("quantity", quantity, 25, &mut taken);
    if let Some(c) = competitor {
        pick("competitor_price", c, 10, &mut taken);
    }
    if let Some(c) = cost {
        pick("unit_cost", c, 10, &mut taken);
    }

    // Product: a text (or numeric) column with a product header, else a text column with
    // repeats.
    let named = table.columns.iter().find(|c| {
        !taken.contains(&c.source_col)
            && matches!(c.kind, ColumnKind::Text | ColumnKind::Number)
            && matches(&c.name, PRODUCT_WORDS)
            && !matches(&c.name, PRICE_WORDS)
            && !matches(&c.name, QUANTITY_WORDS)
            && !matches(&c.name, COST_WORDS)
    });
    let product = match named {
        Some(c) => Some((c, 10)),
        None => {
            let n = table.height();
            table
                .columns
                .iter()
                .find(|c| {
                    !taken.contains(&c.source_col) && c.kind == ColumnKind::Text && {
                        let mut d: Vec<&str> = c
                            .values
                            .iter()
                            .filter_map(|v| match v {
                                ingest::Value::Text(s) => Some(s.as_str()),
                                _ => None,
                            })
                            .collect();
                        d.sort_unstable();
                        d.dedup();
                        d.len() >= 2 && d.len() * 2 <= n
                    }
                })
                .map(|c| (c, 5))
        }
    };
    if let Some((c, points)) = product {
        pick("product", c, points, &mut taken);
    }

    // Date.
    let dates: Vec<&ingest::Column> = table
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Date && !taken.contains(&c.source_col))
        .collect();
    if let Some(c) = dates
        .iter()
        .find(|c| matches(&c.name, DATE_WORDS))
        .or(dates.first())
    {
        pick("date", c, 5, &mut taken);
    }

    if table.columns.iter().any(|c| {
        !taken.contains(&c.source_col)
            && matches(&c.name, STOCK_WORDS)
            && !matches(&c.name, PRICE_WORDS)
            && !matches(&c.name, COST_WORDS)
    }) {
        confidence = confidence.min(STOCK_CAP);
    }

    let role_en = |r: &str| match r {
        "price" => "price",
        "quantity" => "units sold",
        "product" => "product",
        "date" => "dates",
        "unit_cost" => "unit cost",
        _ => "competitor price",
    };
    let role_es = |r: &str| match r {
        "price" => "precio",
        "quantity" => "unidades vendidas",
        "product" => "producto",
        "date" => "fechas",
        "unit_cost" => "coste unitario",
        _ => "precio de la competencia",
    };
    Some(Recognised::listing(
        ("Product pricing", "Precios de productos"),
        confidence,
        columns,
        role_en,
        role_es,
    ))
}

/// Builds the report input from a recognised table. Product numbers are written without
/// decimals (1001, not 1001.0); blanks are left for [`pricing_report`](super::pricing_report)
/// to skip.
///
/// Errors: `#VALUE!` when a column of `recognised` is not in the table or a required role
/// (price, quantity) is missing.
pub fn input_from_table(
    table: &ingest::Table,
    recognised: &Recognised,
) -> Result<PricingInput, CellError> {
    let col = |role: &str| recognised.column(table, role, "Pricing");
    let required = |role: &str| {
        recognised.required(
            table,
            role,
            "Pricing",
            "price and quantity (units sold) columns",
        )
    };
    let price = required("price")?;
    let quantity = required("quantity")?;
    Ok(PricingInput {
        product: col("product")?.map(|c| c.values.iter().map(ingest::Value::id_text).collect()),
        date: col("date")?.map(|c| {
            c.values
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN))
                .collect()
        }),
        price: price.numbers(),
        quantity: quantity.numbers(),
        unit_cost: col("unit_cost")?.map(ingest::Column::numbers),
        competitor_price: col("competitor_price")?.map(ingest::Column::numbers),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{Cell, Grid};
    use crate::pricing::{PricingOptions, pricing_report};

    fn grid(header: &[&str], rows: Vec<Vec<Cell>>) -> Grid {
        let mut all = vec![header.iter().map(|h| Cell::text(*h)).collect::<Vec<_>>()];
        all.extend(rows);
        Grid::from_rows(all)
    }

    /// 3 products × 8 weeks from 2024-01-01 (ISO text dates): product, price, units, unit cost,
    /// competitor price, stock; a table takes the first `width` columns.
    fn rows(width: usize) -> Vec<Vec<Cell>> {
        let mut out = Vec::new();
        for w in 0..8u32 {
            for (k, sku) in ["P-1", "P-2", "P-3"].iter().enumerate() {
                let day = 1 + 7 * w;
                let (m, d) = if day > 31 { (2, day - 31) } else { (1, day) };
                let price = 10.0 + f64::from(w % 4) + k as f64;
                let mut row = vec![
                    Cell::text(format!("2024-{m:02}-{d:02}")),
                    Cell::text(*sku),
                    Cell::number(price),
                    Cell::number(1000.0 / price),
                    Cell::number(6.0),
                    Cell::number(12.0),
                    Cell::number(40.0 - f64::from(w)),
                ];
                row.truncate(width);
                out.push(row);
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
    fn recognises_date_product_price_units_above_inventory() {
        let g = grid(&["Date", "Product", "Price", "Units"], rows(4));
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(
            roles(&r),
            vec![
                ("date", "Date"),
                ("price", "Price"),
                ("product", "Product"),
                ("quantity", "Units"),
            ]
        );
        // price 30 + quantity 25 + product 10 + date 5.
        assert_eq!(r.confidence, 70);
        assert_eq!(
            r.reason.en,
            "Product pricing: price in \"Price\", units sold in \"Units\", product in \"Product\", dates in \"Date\"."
        );
        assert!(
            r.reason
                .es
                .starts_with("Precios de productos: precio en \"Price\"")
        );
        // The inventory system scores this table 60 (date 15, SKU 20, "Price" as cost 5, units
        // 20): pricing wins.
        let inv = crate::inventory::recognise(&table).unwrap();
        assert_eq!(inv.confidence, 60);
        assert!(r.confidence > inv.confidence);
        let input = input_from_table(&table, &r).unwrap();
        assert_eq!(input.price.len(), 24);
        assert_eq!(input.product.as_ref().unwrap()[1], "P-2");
        assert_eq!(
            input.date.as_ref().unwrap()[0],
            aism_ts::timeline::ymd_to_serial(2024, 1, 1).unwrap()
        );
        assert!(input.unit_cost.is_none() && input.competitor_price.is_none());
        // q = 1000/p: elasticity −1 for every product.
        let rep = pricing_report(&input, &PricingOptions::default()).unwrap();
        assert_eq!(rep.system, "pricing");
        assert_eq!(rep.tables[0].rows.len(), 3);
    }

    #[test]
    fn cost_and_competitor_columns_in_english_and_spanish() {
        let g = grid(
            &[
                "Date",
                "Item",
                "Unit price",
                "Qty sold",
                "Unit cost",
                "Competitor price",
            ],
            rows(6),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(
            roles(&r),
            vec![
                ("competitor_price", "Competitor price"),
                ("date", "Date"),
                ("price", "Unit price"),
                ("product", "Item"),
                ("quantity", "Qty sold"),
                ("unit_cost", "Unit cost"),
            ]
        );
        assert_eq!(r.confidence, 90);
        let g = grid(
            &[
                "Fecha",
                "Producto",
                "PVP",
                "Unidades vendidas",
                "Coste unitario",
                "Precio competencia",
            ],
            rows(6),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(
            roles(&r),
            vec![
                ("competitor_price", "Precio competencia"),
                ("date", "Fecha"),
                ("price", "PVP"),
                ("product", "Producto"),
                ("quantity", "Unidades vendidas"),
                ("unit_cost", "Coste unitario"),
            ]
        );
        assert!(
            r.reason
                .es
                .contains("precio de la competencia en \"Precio competencia\""),
            "{}",
            r.reason.es
        );
        let input = input_from_table(&table, &r).unwrap();
        assert_eq!(input.unit_cost.as_ref().unwrap()[0], Some(6.0));
        assert_eq!(input.competitor_price.as_ref().unwrap()[0], Some(12.0));
        let rep = pricing_report(&input, &PricingOptions::default()).unwrap();
        assert!(rep.tables.iter().any(|t| t.key == "competitors"));
        assert!(rep.tables.iter().any(|t| t.key == "margins"));
    }

    #[test]
    fn sales_and_inventory_tables_are_not_taken() {
        // No price column: a sales table by product.
        let g = grid(&["Date", "Product", "Sales"], rows(3));
        let (table, _) = ingest::infer_table(&g, None);
        assert!(recognise(&table).is_none());
        // A cost price or a competitor's price is not our price.
        let g = grid(&["Date", "Product", "Cost price", "Units"], rows(4));
        let (table, _) = ingest::infer_table(&g, None);
        assert!(recognise(&table).is_none());
        let g = grid(&["Date", "Product", "Competitor price", "Units"], rows(4));
        let (table, _) = ingest::infer_table(&g, None);
        assert!(recognise(&table).is_none());
        // A price without a quantity is not enough.
        let g = grid(&["Date", "Product", "Price", "Amount"], rows(4));
        let (table, _) = ingest::infer_table(&g, None);
        assert!(recognise(&table).is_none());
        // With a stock column the table is an inventory one: inventory scores 80 (date 15, SKU
        // 20, on hand 20, cost 5, units 20) and pricing stays at 70.
        let mut body = rows(7);
        for row in &mut body {
            row.remove(5);
            row.remove(4);
        }
        let g = grid(&["Date", "Product", "Price", "Units", "On hand"], body);
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        let inv = crate::inventory::recognise(&table).unwrap();
        assert_eq!((r.confidence, inv.confidence), (70, 80));
        // A stock column caps even a table with costs: 80 would tie with inventory.
        let g = grid(
            &["Date", "Product", "Price", "Units", "Unit cost", "Stock"],
            rows(7)
                .into_iter()
                .map(|mut r| {
                    r.remove(5);
                    r
                })
                .collect(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        assert_eq!(recognise(&table).unwrap().confidence, 70);
    }

    #[test]
    fn numeric_products_guessed_products_and_missing_columns() {
        // Product codes as numbers under "SKU" are written without decimals; no date column.
        let g = grid(
            &["SKU", "Precio", "Cantidad"],
            (0..6)
                .map(|i| {
                    vec![
                        Cell::number(1000.0 + f64::from(i % 2)),
                        Cell::number(5.0 + f64::from(i)),
                        Cell::number(10.0),
                    ]
                })
                .collect(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(r.confidence, 65);
        let input = input_from_table(&table, &r).unwrap();
        assert_eq!(
            input.product.as_ref().unwrap()[..2],
            ["1000".to_string(), "1001".to_string()]
        );
        assert!(input.date.is_none());
        // A text column with repeats under another header is guessed as the product (5).
        let g = grid(
            &["Line", "Price", "Units"],
            (0..6)
                .map(|i| {
                    vec![
                        Cell::text(if i % 2 == 0 { "Red" } else { "Blue" }),
                        Cell::number(5.0 + f64::from(i)),
                        Cell::number(10.0),
                    ]
                })
                .collect(),
        );
        let (table, _) = ingest::infer_table(&g, None);
        let r = recognise(&table).unwrap();
        assert_eq!(r.confidence, 60);
        assert!(roles(&r).contains(&("product", "Line")));
        // A recognition naming a missing column, or without a price, is #VALUE!.
        let bad = Recognised {
            confidence: 50,
            reason: crate::report::Text::new("", ""),
            columns: vec![("price".into(), "Nope".into())],
        };
        let e = input_from_table(&table, &bad).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Value);
        assert!(e.message.contains("\"Nope\""), "{}", e.message);
        let none = Recognised {
            columns: Vec::new(),
            ..bad
        };
        let e = input_from_table(&table, &none).unwrap_err();
        assert!(
            e.message.contains("no column was chosen for the price"),
            "{}",
            e.message
        );
    }
}
