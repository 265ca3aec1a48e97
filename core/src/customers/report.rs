//! The customers report (SPEC §2.5): from a transaction table (customer, date, amount) to RFM
//! segments, lifetime value (BG/NBD + Gamma-Gamma), a supervised churn model with its hold-out
//! AUC, k-means clusters and the cohort retention matrix, as a host-neutral [`Report`] in
//! English and Spanish.
//!
//! Finding scores share one scale: valuable customers at risk 8 plus their revenue share
//! (Alert); many customers likely lost 6 (Warning); low repeat rate 5 (Warning); falling
//! retention of recent cohorts 4.5 (Warning); Champions' weight 4; the churn model 3.5; value
//! concentration 3; clusters 2; new customers 1.5.

use super::cohort::{CohortPeriod, Cohorts, cohorts};
use super::data::{RowProblem, Summary, Transactions};
use super::fns::{ClvTable, clv_table};
use super::rfm::{Rfm, Segment, rfm};
use crate::cells::CellError;
use crate::report::{
    Chart, ChartKind, Finding, Format, Kpi, Report, Series, SeriesRole, Severity, Table, Text,
    Value, finding,
};
use crate::sales::report::{amount, num, pct_abs};
use aism_ts::learn::{self, Logistic, Scaler, SplitMix64};

/// A transaction table as the report reads it: one row per order (or order line).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CustomersInput {
    /// Customer of each row ("" when blank).
    pub customer: Vec<String>,
    /// Date of each row as an Excel serial (NaN when blank or not a date).
    pub date: Vec<f64>,
    /// Amount of each row.
    pub amount: Vec<Option<f64>>,
}

/// Options of [`customers_report`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CustomersOptions {
    /// Months of lifetime value, 1–1200 (default 12).
    pub horizon_months: usize,
    /// Monthly discount rate of the lifetime value, in [0, 1) (default 0.01).
    pub monthly_discount: f64,
}

impl Default for CustomersOptions {
    fn default() -> Self {
        CustomersOptions {
            horizon_months: 12,
            monthly_discount: 0.01,
        }
    }
}

/// Rows of the per-customer table at most (the functions give every customer).
pub const MAX_CUSTOMER_ROWS: usize = 1000;
/// Customers clustered at most; the others are assigned to the nearest cluster centre.
pub const MAX_CLUSTERED: usize = 10_000;
/// Seed of the report's k-means++ draws and hold-out split.
const SEED: u64 = 20_261_125;
/// Share of the labelled customers held out to measure the churn model.
const HOLD_OUT: f64 = 0.25;
/// Longest churn window in days (a customer with no purchase in it has churned).
const CHURN_WINDOW: i64 = 90;

fn pct(x: f64, spanish: bool) -> String {
    pct_abs(x, spanish)
}

/// The supervised churn model of the report.
#[derive(Debug, Clone, PartialEq)]
struct ChurnModel {
    /// Days without a purchase that count as churn.
    window: i64,
    /// ROC AUC on the held-out customers.
    auc: f64,
    /// Labelled customers used (train + hold-out) and how many churned.
    labelled: usize,
    churned: usize,
    /// Standardised coefficients, in [`CHURN_FEATURES`] order.
    coef: Vec<f64>,
    /// Churn probability over the next window for each customer (by customer number).
    risk: Vec<Option<f64>>,
}

const CHURN_FEATURES: [(&str, &str); 4] = [
    ("Days since last purchase", "Días desde la última compra"),
    ("Orders (log)", "Pedidos (log)"),
    ("Spend (log)", "Gasto (log)"),
    ("Days since first purchase", "Días desde la primera compra"),
];

fn churn_features(s: &Summary, at: i64) -> [f64; 4] {
    [
        (at - s.last) as f64,
        f64::from(s.orders).ln_1p(),
        s.total.max(0.0).ln_1p(),
        (at - s.first) as f64,
    ]
}

/// Fits the churn model on the customers who bought in the three windows before
/// `as_of − window`: features at that cutoff, label = no purchase in the window after it, a
/// seeded 25 % hold-out for the AUC; then scores every customer at `as_of`. `Err` carries the
/// reason it was skipped.
fn churn_model(
    tx: &Transactions,
    now: &[Option<Summary>],
    first_day: i64,
    as_of: i64,
) -> Result<ChurnModel, Text> {
    let span = as_of - first_day;
    let window = CHURN_WINDOW.min(span / 3);
    if window < 14 {
        return Err(Text::new(
            "The churn model needs at least 6 weeks of history (a churn window of 14 days or more); it was skipped.",
            "El modelo de abandono necesita al menos 6 semanas de historia (una ventana de 14 días o más); se omitió.",
        ));
    }
    let cutoff = as_of - window;
    let past = tx.summarise(cutoff);
    let mut rows: Vec<(usize, [f64; 4], f64)> = Vec::new();
    // Customers still plausibly active at the cutoff (a purchase in the 3 windows before it):
    // long-lapsed customers would make the model trivially good at predicting the obvious.
    for (c, s) in past.iter().enumerate() {
        if let (Some(p), Some(n)) = (s, now.get(c).copied().flatten())
            && cutoff - p.last <= 3 * window
        {
            let churned = if n.last <= cutoff { 1.0 } else { 0.0 };
            rows.push((c, churn_features(p, cutoff), churned));
        }
    }
    let split = |c: usize| SplitMix64::new(SEED ^ (c as u64).wrapping_mul(0x9E37)).next_f64();
    let (test, train): (Vec<_>, Vec<_>) = rows.iter().partition(|r| split(r.0) < HOLD_OUT);
    let count = |v: &[&(usize, [f64; 4], f64)]| v.iter().filter(|r| r.2 == 1.0).count();
    let (train_pos, test_pos) = (count(&train), count(&test));
    if train.len() < 30
        || train_pos < 5
        || train.len() - train_pos < 5
        || test_pos < 2
        || test.len() - test_pos < 2
    {
        return Err(Text::new(
            format!(
                "Too few customers with {window} days of history on both sides to fit a churn model ({} labelled, {} of them churned); it was skipped.",
                rows.len(),
                train_pos + test_pos
            ),
            format!(
                "Hay pocos clientes con {window} días de historia a ambos lados para ajustar un modelo de abandono ({} etiquetados, {} de ellos perdidos); se omitió.",
                rows.len(),
                train_pos + test_pos
            ),
        ));
    }
    let flat = |v: &[&(usize, [f64; 4], f64)]| -> Vec<f64> {
        v.iter().flat_map(|r| r.1.iter().copied()).collect()
    };
    let skipped = |e: aism_ts::Error| {
        Text::new(
            format!("The churn model could not be fitted ({e}); it was skipped."),
            format!("No se pudo ajustar el modelo de abandono ({e}); se omitió."),
        )
    };
    let x_train = flat(&train);
    let y_train: Vec<f64> = train.iter().map(|r| r.2).collect();
    let scaler = Scaler::fit(&x_train, train.len(), 4).map_err(skipped)?;
    let model = Logistic::fit(
        &scaler.transform(&x_train),
        train.len(),
        4,
        &y_train,
        super::fns::CHURN_PENALTY,
    )
    .map_err(skipped)?;
    let p_test = model.predict(&scaler.transform(&flat(&test)));
    let y_test: Vec<f64> = test.iter().map(|r| r.2).collect();
    let auc = learn::auc(&p_test, &y_test).map_err(skipped)?;
    let risk = now
        .iter()
        .map(|s| {
            s.map(|s| {
                let z = scaler.transform(&churn_features(&s, as_of));
                model.predict(&z).first().copied().unwrap_or(f64::NAN)
            })
        })
        .collect();
    Ok(ChurnModel {
        window,
        auc,
        labelled: rows.len(),
        churned: train_pos + test_pos,
        coef: model.coef,
        risk,
    })
}

/// k-means clusters of the customers on log recency, log orders and log spend.
#[derive(Debug, Clone, PartialEq)]
struct Clusters {
    /// Cluster (0-based, by average revenue, highest first) per RFM row.
    label: Vec<usize>,
    k: usize,
    /// Standardised centre (recency, orders, spend) per cluster.
    centers: Vec<[f64; 3]>,
    silhouette: f64,
}

fn clusters(rows: &[Rfm]) -> Option<Clusters> {
    let n = rows.len();
    if n < 10 {
        return None;
    }
    let x: Vec<f64> = rows
        .iter()
        .flat_map(|r| {
            [
                r.recency_days.max(0.0).ln_1p(),
                r.frequency.ln_1p(),
                r.monetary.max(0.0).ln_1p(),
            ]
        })
        .collect();
    let scaler = Scaler::fit(&x, n, 3).ok()?;
    let z = scaler.transform(&x);
    // A deterministic sample when there are many customers: every step-th one.
    let step = n.div_ceil(MAX_CLUSTERED);
    let sample: Vec<f64> = z
        .chunks_exact(3)
        .step_by(step)
        .flat_map(|r| r.iter().copied())
        .collect();
    let m = sample.len() / 3;
    let auto = learn::kmeans_auto(&sample, m, 3, 2, 6, SEED).ok()?;
    let silhouette = auto
        .scores
        .iter()
        .find(|(k, _)| *k == auto.best.k)
        .map_or(0.0, |s| s.1);
    let raw = learn::assign(&z, 3, &auto.best.centers);
    let k = auto.best.k;
    // Order clusters by average revenue, highest first.
    let mut revenue = vec![(0.0, 0usize); k];
    for (r, &l) in rows.iter().zip(&raw) {
        revenue[l].0 += r.monetary;
        revenue[l].1 += 1;
    }
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| {
        let avg = |i: usize| revenue[i].0 / revenue[i].1.max(1) as f64;
        avg(b).total_cmp(&avg(a))
    });
    let mut rank = vec![0; k];
    for (pos, &c) in order.iter().enumerate() {
        rank[c] = pos;
    }
    let centers = order
        .iter()
        .map(|&c| {
            let s = &auto.best.centers[c * 3..c * 3 + 3];
            [s[0], s[1], s[2]]
        })
        .collect();
    Some(Clusters {
        label: raw.iter().map(|l| rank[*l]).collect(),
        k,
        centers,
        silhouette,
    })
}

/// A short description of a cluster centre (z-scores of log recency, orders, spend).
fn describe_cluster(c: &[f64; 3], spanish: bool) -> String {
    type Words = (&'static str, &'static str);
    let pick = |z: f64, low: Words, mid: Words, high: Words| -> &'static str {
        let t = if z < -0.5 {
            low
        } else if z > 0.5 {
            high
        } else {
            mid
        };
        if spanish { t.1 } else { t.0 }
    };
    [
        pick(
            c[0],
            ("recent", "recientes"),
            ("average recency", "recencia media"),
            ("lapsed", "inactivos"),
        ),
        pick(
            c[1],
            ("occasional", "ocasionales"),
            ("average frequency", "frecuencia media"),
            ("frequent", "frecuentes"),
        ),
        pick(
            c[2],
            ("low spend", "gasto bajo"),
            ("average spend", "gasto medio"),
            ("high spend", "gasto alto"),
        ),
    ]
    .join(", ")
}

/// Builds the report. Rows without a customer, a date or an amount are skipped and counted in
/// the notes.
///
/// Errors: `#VALUE!` when no row has all three, `#NUM!` for an amount above 1e15 in size.
pub fn customers_report(
    input: &CustomersInput,
    opts: &CustomersOptions,
) -> Result<Report, CellError> {
    let mut tx = Transactions::default();
    let mut skipped = 0usize;
    let n = input
        .customer
        .len()
        .max(input.date.len())
        .max(input.amount.len());
    for i in 0..n {
        let id = input.customer.get(i).map_or("", String::as_str);
        let d = input.date.get(i).copied().filter(|d| d.is_finite());
        let Some(a) = input.amount.get(i).copied().flatten() else {
            skipped += 1;
            continue;
        };
        match tx.push(id, d, a) {
            Ok(()) => {}
            Err(RowProblem::HugeAmount) => {
                return Err(CellError::num(format!(
                    "Customers: the amount in data row {} is larger than 1e15 in size. Check that cell.",
                    i + 1
                )));
            }
            Err(_) => skipped += 1,
        }
    }
    if tx.is_empty() {
        return Err(CellError::value(
            "Customers: no row has a customer, a date and an amount. Select a table of transactions with customer, order date and amount columns.",
        ));
    }
    let first_day = tx.day.iter().copied().min().unwrap_or(0);
    let as_of = tx.last_day().unwrap_or(first_day);
    let now = tx.summarise(as_of);
    let rows = rfm(&tx.totals(as_of), as_of);
    let mut notes = Vec::new();
    if skipped > 0 {
        notes.push(Text::new(
            format!("{skipped} row(s) without a customer, a date or an amount were skipped."),
            format!("Se omitieron {skipped} fila(s) sin cliente, fecha o importe."),
        ));
    }
    let refunds = tx.amount.iter().filter(|a| **a < 0.0).count();
    if refunds > 0 {
        notes.push(Text::new(
            format!("{refunds} row(s) with a negative amount were read as refunds and netted against the customer's spend."),
            format!("{refunds} fila(s) con importe negativo se leyeron como devoluciones y se restaron del gasto del cliente."),
        ));
    }
    notes.push(Text::new(
        format!(
            "Customers are analysed as of {} (the last transaction date).",
            crate::sales::report::date(as_of as f64, false)
        ),
        format!(
            "Los clientes se analizan a fecha {} (la última fecha de transacción).",
            crate::sales::report::date(as_of as f64, true)
        ),
    ));
    let clv = match clv_table(
        "Customers",
        &tx,
        as_of,
        opts.horizon_months.clamp(1, 1200),
        opts.monthly_discount,
    ) {
        Ok(t) => Some(t),
        Err(e) => {
            notes.push(Text::new(
                format!("Lifetime value was not computed: {}", e.message),
                format!(
                    "No se calculó el valor de vida del cliente: el modelo BG/NBD + Gamma-Gamma no se pudo ajustar a estos datos ({}).",
                    e.message
                ),
            ));
            None
        }
    };
    let churn = match churn_model(&tx, &now, first_day, as_of) {
        Ok(m) => Some(m),
        Err(t) => {
            notes.push(t);
            None
        }
    };
    let groups = clusters(&rows);
    let cohort = cohorts(&tx, CohortPeriod::Month).ok();
    Ok(build(Parts {
        tx: &tx,
        as_of,
        rows: &rows,
        clv: clv.as_ref(),
        churn: churn.as_ref(),
        groups: groups.as_ref(),
        cohort: cohort.as_ref(),
        months: opts.horizon_months,
        notes,
    }))
}

struct Parts<'a> {
    tx: &'a Transactions,
    as_of: i64,
    rows: &'a [Rfm],
    clv: Option<&'a ClvTable>,
    churn: Option<&'a ChurnModel>,
    groups: Option<&'a Clusters>,
    cohort: Option<&'a Cohorts>,
    months: usize,
    notes: Vec<Text>,
}

fn build(p: Parts) -> Report {
    let Parts {
        tx,
        as_of,
        rows,
        clv,
        churn,
        groups,
        cohort,
        months,
        notes,
    } = p;
    let customers = rows.len();
    let revenue: f64 = rows.iter().map(|r| r.monetary).sum();
    let orders: f64 = rows.iter().map(|r| r.frequency).sum();
    // Per customer number: the CLV row.
    let mut clv_of: Vec<Option<&super::fns::ClvRow>> = vec![None; tx.names.len()];
    if let Some(t) = clv {
        for r in &t.rows {
            clv_of[r.customer] = Some(r);
        }
    }
    let repeaters = clv_of
        .iter()
        .flatten()
        .filter(|r| r.frequency > 0.0)
        .count();
    let repeat_rate = if clv.is_some() {
        repeaters as f64 / customers.max(1) as f64
    } else {
        let s = tx.summarise(as_of);
        s.iter().flatten().filter(|s| s.purchase_days > 1).count() as f64 / customers.max(1) as f64
    };
    let active_90 = rows.iter().filter(|r| r.recency_days <= 90.0).count();
    let likely_lost = clv.map(|t| t.rows.iter().filter(|r| r.p_alive < 0.5).count());
    let total_clv = clv.map(|t| t.rows.iter().map(|r| r.clv).sum::<f64>());
    let mut kpis = vec![
        Kpi::new(
            "customers",
            "Customers",
            "Clientes",
            Some(customers as f64),
            Format::Integer,
        ),
        Kpi::new(
            "revenue",
            "Revenue",
            "Ingresos",
            Some(revenue),
            Format::Currency,
        ),
        Kpi::new(
            "avg_order_value",
            "Average order value",
            "Ticket medio",
            (orders > 0.0).then(|| revenue / orders),
            Format::Currency,
        ),
        Kpi::new(
            "repeat_rate",
            "Repeat customers",
            "Clientes recurrentes",
            Some(repeat_rate),
            Format::Percent,
        ),
        Kpi::new(
            "active_90d",
            "Bought in the last 90 days",
            "Compraron en los últimos 90 días",
            Some(active_90 as f64 / customers.max(1) as f64),
            Format::Percent,
        ),
    ];
    kpis.push(Kpi::new(
        "expected_value",
        &format!("Expected value, next {months} months"),
        &format!("Valor esperado, próximos {months} meses"),
        total_clv,
        Format::Currency,
    ));
    kpis.push(Kpi::new(
        "likely_lost",
        "Customers likely lost (P(alive) < 50 %)",
        "Clientes probablemente perdidos (P(activo) < 50 %)",
        likely_lost.map(|v| v as f64),
        Format::Integer,
    ));
    kpis.push(Kpi::new(
        "churn_auc",
        "Churn model AUC (hold-out)",
        "AUC del modelo de abandono (validación)",
        churn.map(|c| c.auc),
        Format::Number,
    ));

    let mut tables = Vec::new();
    let mut charts = Vec::new();
    let mut findings = Vec::new();

    // Segments.
    let mut seg: Vec<(Segment, usize, f64, f64, f64)> = Segment::ALL
        .iter()
        .map(|s| (*s, 0, 0.0, 0.0, 0.0))
        .collect();
    for r in rows {
        if let Some(e) = seg.iter_mut().find(|e| e.0 == r.segment) {
            e.1 += 1;
            e.2 += r.monetary;
            e.3 += r.recency_days;
            e.4 += r.frequency;
        }
    }
    seg.retain(|e| e.1 > 0);
    let share = |x: f64, total: f64| if total != 0.0 { x / total } else { 0.0 };
    tables.push(Table {
        key: "segments".into(),
        title: Text::new("RFM segments", "Segmentos RFM"),
        columns: vec![
            Text::new("Segment", "Segmento"),
            Text::new("Customers", "Clientes"),
            Text::new("Share of customers", "Cuota de clientes"),
            Text::new("Revenue", "Ingresos"),
            Text::new("Share of revenue", "Cuota de ingresos"),
            Text::new(
                "Avg days since last purchase",
                "Días medios desde la última compra",
            ),
            Text::new("Avg orders", "Pedidos medios"),
            Text::new("Suggested action", "Acción sugerida"),
        ],
        formats: vec![
            Format::Number,
            Format::Integer,
            Format::Percent,
            Format::Currency,
            Format::Percent,
            Format::Number,
            Format::Number,
            Format::Number,
        ],
        rows: seg
            .iter()
            .map(|(s, c, rev, rec, f)| {
                vec![
                    Value::Text(s.en().into()),
                    Value::Number(*c as f64),
                    Value::Number(share(*c as f64, customers as f64)),
                    Value::Number(*rev),
                    Value::Number(share(*rev, revenue)),
                    Value::Number(rec / *c as f64),
                    Value::Number(f / *c as f64),
                    Value::Text(s.action().0.into()),
                ]
            })
            .collect(),
    });
    charts.push(Chart {
        key: "segments".into(),
        kind: ChartKind::Column,
        title: Text::new(
            "Customers and revenue by segment",
            "Clientes e ingresos por segmento",
        ),
        x: (0..seg.len()).map(|i| i as f64).collect(),
        x_is_date: false,
        series: vec![
            Series {
                name: Text::new("Share of customers", "Cuota de clientes"),
                role: SeriesRole::Actual,
                values: seg
                    .iter()
                    .map(|e| Some(share(e.1 as f64, customers as f64)))
                    .collect(),
            },
            Series {
                name: Text::new("Share of revenue", "Cuota de ingresos"),
                role: SeriesRole::Actual,
                values: seg.iter().map(|e| Some(share(e.2, revenue))).collect(),
            },
        ],
        labels: seg.iter().map(|e| Text::new(e.0.en(), e.0.es())).collect(),
    });

    // Per-customer table, by expected value (revenue without the model).
    let risk = |c: usize| churn.and_then(|m| m.risk.get(c).copied().flatten());
    let cluster_of: Vec<Option<usize>> = {
        let mut v = vec![None; tx.names.len()];
        if let Some(g) = groups {
            for (r, l) in rows.iter().zip(&g.label) {
                v[r.customer] = Some(*l);
            }
        }
        v
    };
    let mut order: Vec<&Rfm> = rows.iter().collect();
    order.sort_by(|a, b| {
        let key = |r: &Rfm| clv_of[r.customer].map_or(r.monetary, |c| c.clv);
        key(b).total_cmp(&key(a))
    });
    let opt = |v: Option<f64>| v.map_or(Value::Null, Value::Number);
    tables.push(Table {
        key: "customers".into(),
        title: Text::new("Customers by expected value", "Clientes por valor esperado"),
        columns: vec![
            Text::new("Customer", "Cliente"),
            Text::new("Segment", "Segmento"),
            Text::new("R", "R"),
            Text::new("F", "F"),
            Text::new("M", "M"),
            Text::new("Orders", "Pedidos"),
            Text::new("Revenue", "Ingresos"),
            Text::new("Days since last purchase", "Días desde la última compra"),
            Text::new("P(alive)", "P(activo)"),
            Text::new(
                format!("Expected purchases, {months} months"),
                format!("Compras esperadas, {months} meses"),
            ),
            Text::new(
                format!("CLV, {months} months"),
                format!("CLV, {months} meses"),
            ),
            Text::new("Churn risk", "Riesgo de abandono"),
            Text::new("Cluster", "Grupo"),
        ],
        formats: vec![
            Format::Number,
            Format::Number,
            Format::Integer,
            Format::Integer,
            Format::Integer,
            Format::Integer,
            Format::Currency,
            Format::Integer,
            Format::Percent,
            Format::Number,
            Format::Currency,
            Format::Percent,
            Format::Integer,
        ],
        rows: order
            .iter()
            .take(MAX_CUSTOMER_ROWS)
            .map(|r| {
                let c = clv_of[r.customer];
                vec![
                    Value::Text(tx.names[r.customer].clone()),
                    Value::Text(r.segment.en().into()),
                    Value::Number(f64::from(r.r)),
                    Value::Number(f64::from(r.f)),
                    Value::Number(f64::from(r.m)),
                    Value::Number(r.frequency),
                    Value::Number(r.monetary),
                    Value::Number(r.recency_days),
                    opt(c.map(|c| c.p_alive)),
                    opt(c.map(|c| c.expected_purchases)),
                    opt(c.map(|c| c.clv)),
                    opt(risk(r.customer)),
                    opt(cluster_of[r.customer].map(|l| (l + 1) as f64)),
                ]
            })
            .collect(),
    });
    let mut notes = notes;
    if customers > MAX_CUSTOMER_ROWS {
        notes.push(Text::new(
            format!("The customer table lists the top {MAX_CUSTOMER_ROWS} of {customers} customers; AISM.RFM and AISM.CLV give every customer."),
            format!("La tabla de clientes muestra los {MAX_CUSTOMER_ROWS} primeros de {customers}; AISM.RFM y AISM.CLV dan todos los clientes."),
        ));
    }

    // Valuable customers at risk.
    let mut at_risk: Vec<&Rfm> = rows
        .iter()
        .filter(|r| {
            matches!(r.segment, Segment::AtRisk | Segment::CantLoseThem)
                || (r.m >= 4 && clv_of[r.customer].is_some_and(|c| c.p_alive < 0.5))
        })
        .collect();
    at_risk.sort_by(|a, b| b.monetary.total_cmp(&a.monetary));
    let at_risk_revenue: f64 = at_risk.iter().map(|r| r.monetary).sum();
    if !at_risk.is_empty() {
        tables.push(Table {
            key: "at_risk".into(),
            title: Text::new("Valuable customers at risk", "Clientes valiosos en riesgo"),
            columns: vec![
                Text::new("Customer", "Cliente"),
                Text::new("Segment", "Segmento"),
                Text::new("Revenue", "Ingresos"),
                Text::new("Orders", "Pedidos"),
                Text::new("Days since last purchase", "Días desde la última compra"),
                Text::new("P(alive)", "P(activo)"),
                Text::new("Churn risk", "Riesgo de abandono"),
            ],
            formats: vec![
                Format::Number,
                Format::Number,
                Format::Currency,
                Format::Integer,
                Format::Integer,
                Format::Percent,
                Format::Percent,
            ],
            rows: at_risk
                .iter()
                .take(25)
                .map(|r| {
                    vec![
                        Value::Text(tx.names[r.customer].clone()),
                        Value::Text(r.segment.en().into()),
                        Value::Number(r.monetary),
                        Value::Number(r.frequency),
                        Value::Number(r.recency_days),
                        opt(clv_of[r.customer].map(|c| c.p_alive)),
                        opt(risk(r.customer)),
                    ]
                })
                .collect(),
        });
        let s = share(at_risk_revenue, revenue);
        let names: Vec<&str> = at_risk
            .iter()
            .take(3)
            .map(|r| tx.names[r.customer].as_str())
            .collect();
        findings.push(finding(
            "at_risk",
            Severity::Alert,
            8.0 + s,
            format!(
                "{} valuable customers are slipping away: together they bought {} ({} of revenue) but have not bought for a while (largest: {}). Win them back with personal messages and your best offers.",
                at_risk.len(),
                amount(at_risk_revenue, false),
                pct(s, false),
                names.join(", ")
            ),
            format!(
                "{} clientes valiosos se están alejando: compraron en total {} ({} de los ingresos) pero hace tiempo que no compran (los mayores: {}). Recupérelos con mensajes personales y sus mejores ofertas.",
                at_risk.len(),
                amount(at_risk_revenue, true),
                pct(s, true),
                names.join(", ")
            ),
        ));
    }

    // Lifetime value findings.
    if let (Some(t), Some(lost)) = (clv, likely_lost) {
        let s = share(lost as f64, customers as f64);
        if s > 0.3 {
            findings.push(finding(
                "likely_lost",
                Severity::Warning,
                6.0 + s,
                format!(
                    "{lost} customers ({}) have probably stopped buying (BG/NBD probability of being active below 50 %). Focus retention on the ones with the highest past spend.",
                    pct(s, false)
                ),
                format!(
                    "{lost} clientes ({}) probablemente han dejado de comprar (probabilidad BG/NBD de seguir activos por debajo del 50 %). Centre la retención en los de mayor gasto pasado.",
                    pct(s, true)
                ),
            ));
        }
        let mut values: Vec<f64> = t.rows.iter().map(|r| r.clv).collect();
        values.sort_by(|a, b| b.total_cmp(a));
        let total: f64 = values.iter().sum();
        let top_n = values.len().div_ceil(10);
        let top: f64 = values.iter().take(top_n).sum();
        if total > 0.0 {
            let s = top / total;
            findings.push(finding(
                "value_concentration",
                Severity::Info,
                3.0 + s,
                format!(
                    "The customer base is expected to bring {} over the next {months} months (discounted); the top 10 % of customers ({top_n}) account for {} of it.",
                    amount(total, false),
                    pct(s, false)
                ),
                format!(
                    "Se espera que la base de clientes aporte {} en los próximos {months} meses (descontado); el 10 % mejor ({top_n} clientes) aporta el {}.",
                    amount(total, true),
                    pct(s, true)
                ),
            ));
        }
    }
    if repeat_rate < 0.3 && customers >= 20 {
        findings.push(finding(
            "repeat_rate",
            Severity::Warning,
            5.0 + (0.3 - repeat_rate),
            format!(
                "Only {} of customers have bought on more than one day. A welcome series or a second-purchase offer would lift lifetime value most.",
                pct(repeat_rate, false)
            ),
            format!(
                "Solo el {} de los clientes ha comprado en más de un día. Una serie de bienvenida o una oferta para la segunda compra es lo que más subiría el valor de vida.",
                pct(repeat_rate, true)
            ),
        ));
    }
    if let Some(ch) = seg.iter().find(|e| e.0 == Segment::Champions) {
        let (sc, sr) = (share(ch.1 as f64, customers as f64), share(ch.2, revenue));
        findings.push(finding(
            "champions",
            Severity::Info,
            4.0 + sr,
            format!(
                "Champions are {} of customers ({}) and bring {} of revenue: reward them and ask for reviews and referrals.",
                pct(sc, false),
                ch.1,
                pct(sr, false)
            ),
            format!(
                "Los Campeones son el {} de los clientes ({}) y aportan el {} de los ingresos: recompénselos y pídales reseñas y referidos.",
                pct(sc, true),
                ch.1,
                pct(sr, true)
            ),
        ));
    }

    // Churn model.
    if let Some(m) = churn {
        let (top, _) =
            m.coef.iter().enumerate().fold(
                (0, 0.0),
                |b, (i, c)| if c.abs() > b.1 { (i, c.abs()) } else { b },
            );
        tables.push(Table {
            key: "churn_drivers".into(),
            title: Text::new(
                format!(
                    "Churn model: what predicts no purchase in {} days",
                    m.window
                ),
                format!(
                    "Modelo de abandono: qué predice no comprar en {} días",
                    m.window
                ),
            ),
            columns: vec![
                Text::new("Feature", "Variable"),
                Text::new("Coefficient (standardised)", "Coeficiente (estandarizado)"),
                Text::new("Effect on churn", "Efecto en el abandono"),
            ],
            formats: vec![Format::Number, Format::Number, Format::Number],
            rows: CHURN_FEATURES
                .iter()
                .zip(&m.coef)
                .map(|((en, _), c)| {
                    vec![
                        Value::Text((*en).into()),
                        Value::Number(*c),
                        Value::Text(if *c > 0.0 { "raises" } else { "lowers" }.into()),
                    ]
                })
                .collect(),
        });
        let quality = |spanish: bool| match (m.auc >= 0.7, m.auc >= 0.6, spanish) {
            (true, _, false) => "good",
            (true, _, true) => "buena",
            (false, true, false) => "fair",
            (false, true, true) => "aceptable",
            (false, false, false) => "weak",
            (false, false, true) => "débil",
        };
        findings.push(finding(
            "churn_model",
            Severity::Info,
            3.5 + (m.auc - 0.5).max(0.0),
            format!(
                "A churn model (regularised logistic regression on recency, orders, spend and tenure, fitted on {} customers active before the last {} days, of whom {} then bought nothing) predicts who buys nothing in the next {} days with an AUC of {} on held-out customers ({} — 0.5 is chance). Strongest signal: {}.",
                m.labelled,
                m.window,
                m.churned,
                m.window,
                num(m.auc, 2, false),
                quality(false),
                CHURN_FEATURES[top].0.to_lowercase()
            ),
            format!(
                "Un modelo de abandono (regresión logística regularizada sobre recencia, pedidos, gasto y antigüedad, ajustado con {} clientes activos antes de los últimos {} días, de los cuales {} no volvieron a comprar) predice quién no comprará en los próximos {} días con un AUC de {} en clientes de validación ({}; 0,5 es el azar). Señal más fuerte: {}.",
                m.labelled,
                m.window,
                m.churned,
                m.window,
                num(m.auc, 2, true),
                quality(true),
                CHURN_FEATURES[top].1.to_lowercase()
            ),
        ));
    }

    // Clusters.
    if let Some(g) = groups {
        let mut stats = vec![(0usize, 0.0, 0.0, 0.0, 0.0, 0usize); g.k];
        for (r, &l) in rows.iter().zip(&g.label) {
            let s = &mut stats[l];
            s.0 += 1;
            s.1 += r.recency_days;
            s.2 += r.frequency;
            s.3 += r.monetary;
            if let Some(c) = clv_of[r.customer] {
                s.4 += c.clv;
                s.5 += 1;
            }
        }
        tables.push(Table {
            key: "clusters".into(),
            title: Text::new(
                "Customer clusters (k-means on recency, orders and spend)",
                "Grupos de clientes (k-means sobre recencia, pedidos y gasto)",
            ),
            columns: vec![
                Text::new("Cluster", "Grupo"),
                Text::new("Customers", "Clientes"),
                Text::new(
                    "Avg days since last purchase",
                    "Días medios desde la última compra",
                ),
                Text::new("Avg orders", "Pedidos medios"),
                Text::new("Avg revenue", "Ingresos medios"),
                Text::new("Avg CLV", "CLV medio"),
                Text::new("Profile", "Perfil"),
            ],
            formats: vec![
                Format::Integer,
                Format::Integer,
                Format::Number,
                Format::Number,
                Format::Currency,
                Format::Currency,
                Format::Number,
            ],
            rows: stats
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let n = s.0.max(1) as f64;
                    vec![
                        Value::Number((i + 1) as f64),
                        Value::Number(s.0 as f64),
                        Value::Number(s.1 / n),
                        Value::Number(s.2 / n),
                        Value::Number(s.3 / n),
                        if s.5 > 0 {
                            Value::Number(s.4 / s.5 as f64)
                        } else {
                            Value::Null
                        },
                        Value::Text(describe_cluster(&g.centers[i], false)),
                    ]
                })
                .collect(),
        });
        let list = |spanish: bool| {
            stats
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    format!(
                        "{} ({}: {})",
                        i + 1,
                        s.0,
                        describe_cluster(&g.centers[i], spanish)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        findings.push(finding(
            "clusters",
            Severity::Info,
            2.0,
            format!(
                "Customers fall into {} groups by recency, orders and spend (silhouette {}): {}.",
                g.k,
                num(g.silhouette, 2, false),
                list(false)
            ),
            format!(
                "Los clientes forman {} grupos por recencia, pedidos y gasto (silueta {}): {}.",
                g.k,
                num(g.silhouette, 2, true),
                list(true)
            ),
        ));
    }

    // Cohorts.
    if let Some(m) = cohort {
        cohort_parts(m, &mut tables, &mut charts, &mut findings);
    }

    findings.sort_by(|a, b| b.score.total_cmp(&a.score));
    Report {
        system: "customers".into(),
        title: Text::new("Customer management", "Gestión de clientes"),
        kpis,
        tables,
        charts,
        findings,
        notes,
    }
}

/// Offsets shown in the cohort table and chart.
const COHORT_OFFSETS: usize = 12;

fn cohort_parts(
    m: &Cohorts,
    tables: &mut Vec<Table>,
    charts: &mut Vec<Chart>,
    findings: &mut Vec<Finding>,
) {
    let width = m
        .rows
        .first()
        .map_or(0, |r| r.retention.len())
        .min(COHORT_OFFSETS + 1);
    let mut columns = vec![
        Text::new("Cohort (first purchase)", "Cohorte (primera compra)"),
        Text::new("Customers", "Clientes"),
    ];
    columns.extend((0..width).map(|o| Text::new(format!("Month {o}"), format!("Mes {o}"))));
    let mut formats = vec![Format::Number, Format::Integer];
    formats.extend(std::iter::repeat_n(Format::Percent, width));
    tables.push(Table {
        key: "cohorts".into(),
        title: Text::new(
            "Retention by first-purchase month",
            "Retención por mes de primera compra",
        ),
        columns,
        formats,
        rows: m
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![
                    Value::Text(m.period.label(r.period)),
                    Value::Number(r.size as f64),
                ];
                row.extend((0..width).map(|o| {
                    r.retention
                        .get(o)
                        .map_or(Value::Null, |v| Value::Number(*v))
                }));
                row
            })
            .collect(),
    });
    // Average retention per offset ≥ 1, weighted by cohort size, over the cohorts that reach it.
    let avg: Vec<Option<f64>> = (1..width)
        .map(|o| {
            let (mut num_, mut den) = (0.0, 0.0);
            for r in &m.rows {
                if let Some(v) = r.retention.get(o) {
                    num_ += v * r.size as f64;
                    den += r.size as f64;
                }
            }
            (den > 0.0).then(|| num_ / den)
        })
        .collect();
    if avg.is_empty() {
        return;
    }
    charts.push(Chart {
        key: "retention".into(),
        kind: ChartKind::Column,
        title: Text::new(
            "Average retention by months since first purchase",
            "Retención media por meses desde la primera compra",
        ),
        x: (0..avg.len()).map(|i| i as f64).collect(),
        x_is_date: false,
        series: vec![Series {
            name: Text::new("Customers buying again", "Clientes que vuelven a comprar"),
            role: SeriesRole::Actual,
            values: avg.clone(),
        }],
        labels: (1..=avg.len())
            .map(|o| Text::new(format!("M{o}"), format!("M{o}")))
            .collect(),
    });
    // Month-1 retention of the three latest cohorts that have a month 1, against the earlier ones.
    let m1: Vec<(f64, f64)> = m
        .rows
        .iter()
        .filter_map(|r| r.retention.get(1).map(|v| (*v, r.size as f64)))
        .collect();
    if m1.len() >= 6 {
        let weighted = |v: &[(f64, f64)]| {
            let w: f64 = v.iter().map(|x| x.1).sum();
            v.iter().map(|x| x.0 * x.1).sum::<f64>() / w.max(1.0)
        };
        let (old, recent) = m1.split_at(m1.len() - 3);
        let (a, b) = (weighted(old), weighted(recent));
        let (sev, score, en_word, es_word) = if b < a - 0.05 {
            (Severity::Warning, 4.5, "fell", "bajó")
        } else if b > a + 0.05 {
            (Severity::Info, 2.5, "rose", "subió")
        } else {
            (Severity::Info, 1.0, "held", "se mantuvo")
        };
        findings.push(finding(
            "retention_trend",
            sev,
            score,
            format!(
                "Second-month retention {en_word}: {} of the three latest cohorts bought again the month after their first purchase, against {} for earlier cohorts.",
                pct(b, false),
                pct(a, false)
            ),
            format!(
                "La retención del segundo mes {es_word}: el {} de las tres cohortes más recientes volvió a comprar el mes siguiente a su primera compra, frente al {} de las anteriores.",
                pct(b, true),
                pct(a, true)
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
