//! Customer management (SPEC §2.5): transactions and per-customer summaries ([`data`]), RFM
//! scores and segments ([`rfm`]), cohort retention ([`cohort`]), the customer functions of the
//! registry ([`fns`]), the customers report ([`report`]) and the recognition of transaction
//! tables for auto-detection. The models themselves (BG/NBD, Gamma-Gamma, CLV, k-means,
//! logistic regression) are in `aism_ts::clv` and `aism_ts::learn`.

pub mod cohort;
pub mod data;
pub mod fns;
pub mod report;
pub mod rfm;

pub use report::{CustomersInput, CustomersOptions, customers_report};

use crate::cells::CellError;
use crate::ingest::{self, ColumnKind};
pub use crate::systems::Recognised;
use crate::systems::header_has as matches;

const CUSTOMER_WORDS: &[&str] = &[
    "customer",
    "client",
    "buyer",
    "shopper",
    "email",
    "e-mail",
    "cliente",
    "comprador",
    "correo",
    "socio",
];
const AMOUNT_WORDS: &[&str] = &[
    "amount", "total", "revenue", "sales", "value", "spend", "paid", "price", "importe", "monto",
    "ventas", "venta", "valor", "gasto", "pagado", "precio", "ingreso",
];
const DATE_WORDS: &[&str] = &["order", "purchase", "date", "pedido", "compra", "fecha"];

/// Recognises a transaction table: a column whose header names the customer (customer, client,
/// email, cliente …), a date column and a numeric amount column; `None` otherwise.
/// Confidence: customer 40 + date 15 + amount 20 (10 when no header names an amount); roles
/// "customer", "date", "amount".
pub fn recognise(table: &ingest::Table) -> Option<Recognised> {
    let customer = table.columns.iter().find(|c| {
        matches!(c.kind, ColumnKind::Text | ColumnKind::Number) && matches(&c.name, CUSTOMER_WORDS)
    })?;
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
    let numeric: Vec<&ingest::Column> = table
        .columns
        .iter()
        .filter(|c| c.kind == ColumnKind::Number && c.source_col != customer.source_col)
        .collect();
    let named = numeric
        .iter()
        .find(|c| matches(&c.name, AMOUNT_WORDS))
        .copied();
    let (amount, points) = match named {
        Some(c) => (c, 20),
        None => (*numeric.first()?, 10),
    };
    let columns = vec![
        ("customer".to_string(), customer.name.clone()),
        ("date".to_string(), date.name.clone()),
        ("amount".to_string(), amount.name.clone()),
    ];
    Some(Recognised::listing(
        ("Customer management", "Gestión de clientes"),
        55 + points,
        columns,
        |r| match r {
            "customer" => "customers",
            "date" => "order dates",
            _ => "amounts",
        },
        |r| match r {
            "customer" => "clientes",
            "date" => "fechas de pedido",
            _ => "importes",
        },
    ))
}

/// Builds the report input from a recognised table. Numeric customer ids are written without
/// decimals (1001, not 1001.0).
///
/// Errors: `#VALUE!` when a column of `recognised` is not in the table.
pub fn input_from_table(
    table: &ingest::Table,
    recognised: &Recognised,
) -> Result<CustomersInput, CellError> {
    let col = |role: &str| {
        recognised.required(
            table,
            role,
            "Customers",
            "customer, date and amount columns",
        )
    };
    Ok(CustomersInput {
        customer: col("customer")?
            .values
            .iter()
            .map(ingest::Value::id_text)
            .collect(),
        date: col("date")?
            .values
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect(),
        amount: col("amount")?.numbers(),
    })
}
