//! The inventory report (SPEC §2.3): the [`plan`] of every SKU as a
//! host-neutral [`Report`] in English and Spanish.
//!
//! KPIs: SKUs, SKUs to reorder now, stock-outs, overstock value (units above r + EOQ — r when
//! there is no EOQ — of the overstocked SKUs, at unit cost), inventory value (on hand at unit
//! cost) and the share of SKUs with intermittent or lumpy demand.
//!
//! Finding scores share one scale: stock-outs 8 plus their share of SKUs (Alert); orders due
//! now 6 plus their share (Warning); overstock 5 plus its share (Warning); orders due within 7
//! days 3; ABC concentration 2; intermittent share 1.5; supplier lead-time variability 1.

use super::InventoryInput;
use super::plan::{Alert, Plan, PlanOptions, SkuPlan, plan};
use crate::cells::CellError;
use crate::report::{
    Chart, ChartKind, Format, Kpi, Report, Series, SeriesRole, Severity, Table, Text, Value,
    finding,
};
use crate::sales::report::{amount, date, num, pct_abs};
use aism_ts::intermittent::DemandClass;
use aism_ts::inventory::{AbcClass, XyzClass};

/// Most SKUs named in one finding.
const MAX_NAMED: usize = 5;

fn class_name(c: Option<DemandClass>, spanish: bool) -> &'static str {
    match (c, spanish) {
        (Some(DemandClass::Smooth), false) => "smooth",
        (Some(DemandClass::Erratic), false) => "erratic",
        (Some(DemandClass::Intermittent), false) => "intermittent",
        (Some(DemandClass::Lumpy), false) => "lumpy",
        (None, false) => "too few demands",
        (Some(DemandClass::Smooth), true) => "regular",
        (Some(DemandClass::Erratic), true) => "errática",
        (Some(DemandClass::Intermittent), true) => "intermitente",
        (Some(DemandClass::Lumpy), true) => "irregular",
        (None, true) => "pocas demandas",
    }
}

fn alert_name(a: Alert, spanish: bool) -> &'static str {
    match (a, spanish) {
        (Alert::None, false) => "",
        (Alert::Overstock, false) => "Overstock",
        (Alert::BelowReorderPoint, false) => "Below reorder point",
        (Alert::StockOut, false) => "Stock-out risk",
        (Alert::None, true) => "",
        (Alert::Overstock, true) => "Exceso de stock",
        (Alert::BelowReorderPoint, true) => "Bajo punto de pedido",
        (Alert::StockOut, true) => "Riesgo de rotura",
    }
}

/// Units above r + EOQ (r without EOQ) of an overstocked SKU, at unit cost (units without).
fn excess_value(s: &SkuPlan) -> f64 {
    match (s.alert, s.on_hand) {
        (Alert::Overstock, Some(oh)) => {
            let excess = (oh - s.reorder_point - s.eoq.unwrap_or(0.0)).max(0.0);
            excess * s.unit_cost.unwrap_or(1.0)
        }
        _ => 0.0,
    }
}

/// "A, B, C and 4 more" / "A, B, C y 4 más".
fn names(list: &[&SkuPlan], spanish: bool) -> String {
    let shown: Vec<&str> = list
        .iter()
        .take(MAX_NAMED)
        .map(|s| s.sku.as_str())
        .collect();
    let more = list.len().saturating_sub(MAX_NAMED);
    match (more, spanish) {
        (0, _) => shown.join(", "),
        (m, false) => format!("{} and {m} more", shown.join(", ")),
        (m, true) => format!("{} y {m} más", shown.join(", ")),
    }
}

fn opt_num(x: Option<f64>) -> Value {
    x.filter(|v| v.is_finite())
        .map_or(Value::Null, Value::Number)
}

/// Builds the inventory report of `input` (see the module docs).
///
/// Errors: those of [`plan`].
pub fn inventory_report(input: &InventoryInput, opts: &PlanOptions) -> Result<Report, CellError> {
    let p = plan(input, opts)?;
    Ok(build(&p, opts))
}

/// The report of a computed plan.
pub fn build(p: &Plan, opts: &PlanOptions) -> Report {
    let n = p.skus.len();
    let share = |k: usize| if n > 0 { k as f64 / n as f64 } else { 0.0 };
    let stock_outs: Vec<&SkuPlan> = p
        .skus
        .iter()
        .filter(|s| s.alert == Alert::StockOut)
        .collect();
    let due_now: Vec<&SkuPlan> = p
        .skus
        .iter()
        .filter(|s| s.reorder.is_some_and(|r| r.date <= p.today))
        .collect();
    let due_week: Vec<&SkuPlan> = p
        .skus
        .iter()
        .filter(|s| {
            s.reorder
                .is_some_and(|r| r.date > p.today && r.date <= p.today + 7.0)
        })
        .collect();
    let overstock: Vec<&SkuPlan> = p
        .skus
        .iter()
        .filter(|s| s.alert == Alert::Overstock)
        .collect();
    let overstock_value: f64 = p.skus.iter().map(excess_value).sum();
    let has_on_hand = p.skus.iter().any(|s| s.on_hand.is_some());
    let has_cost = p.skus.iter().any(|s| s.unit_cost.is_some());
    let inventory_value: f64 = p
        .skus
        .iter()
        .map(|s| s.on_hand.unwrap_or(0.0).max(0.0) * s.unit_cost.unwrap_or(0.0))
        .sum();
    let intermittent = p
        .skus
        .iter()
        .filter(|s| {
            matches!(
                s.class,
                Some(DemandClass::Intermittent | DemandClass::Lumpy)
            )
        })
        .count();

    let kpis = vec![
        Kpi::new("skus", "SKUs", "SKU", Some(n as f64), Format::Integer),
        Kpi::new(
            "reorder_now",
            "SKUs to reorder now",
            "SKU a pedir ya",
            has_on_hand.then_some(due_now.len() as f64),
            Format::Integer,
        ),
        Kpi::new(
            "stock_outs",
            "Stock-out risks",
            "Riesgos de rotura",
            has_on_hand.then_some(stock_outs.len() as f64),
            Format::Integer,
        ),
        Kpi::new(
            "overstock_value",
            "Overstock value",
            "Valor del exceso de stock",
            (has_on_hand && has_cost).then_some(overstock_value),
            Format::Currency,
        ),
        Kpi::new(
            "inventory_value",
            "Inventory value",
            "Valor del inventario",
            (has_on_hand && has_cost).then_some(inventory_value),
            Format::Currency,
        ),
        Kpi::new(
            "intermittent_share",
            "Intermittent or lumpy demand",
            "Demanda intermitente o irregular",
            Some(share(intermittent)),
            Format::Percent,
        ),
    ];

    // Findings.
    let mut findings = Vec::new();
    if !stock_outs.is_empty() {
        let mut f = finding(
            "stock_out",
            Severity::Alert,
            8.0 + share(stock_outs.len()),
            format!(
                "{} out of stock or will run out before a new order arrives: {}.",
                skus_are(stock_outs.len()),
                names(&stock_outs, false)
            ),
            format!(
                "{} sin stock o se agotará{} antes de que llegue un nuevo pedido: {}.",
                sku_esta(stock_outs.len()),
                if stock_outs.len() == 1 { "" } else { "n" },
                names(&stock_outs, true)
            ),
        );
        f.numbers = vec![("skus".into(), stock_outs.len() as f64)];
        findings.push(f);
    }
    if !due_now.is_empty() {
        let units: f64 = due_now
            .iter()
            .filter_map(|s| s.reorder.map(|r| r.quantity))
            .sum();
        let mut f = finding(
            "reorder_now",
            Severity::Warning,
            6.0 + share(due_now.len()),
            format!(
                "{} at or below the reorder point: order {} units in total today ({}).",
                skus_are(due_now.len()),
                num(units, 0, false),
                names(&due_now, false)
            ),
            format!(
                "{} en o por debajo del punto de pedido: pida hoy {} unidades en total ({}).",
                sku_esta(due_now.len()),
                num(units, 0, true),
                names(&due_now, true)
            ),
        );
        f.numbers = vec![
            ("skus".into(), due_now.len() as f64),
            ("units".into(), units),
        ];
        findings.push(f);
    }
    if !overstock.is_empty() {
        let mut f = finding(
            "overstock",
            Severity::Warning,
            5.0 + share(overstock.len()),
            format!(
                "{} overstocked (more than {} days of cover or above the reorder point plus {} orders); the excess is worth {} ({}).",
                skus_are(overstock.len()),
                num(opts.overstock_days, 0, false),
                num(opts.overstock_factor, 1, false),
                amount(overstock_value, false),
                names(&overstock, false)
            ),
            format!(
                "{} exceso de stock (más de {} días de cobertura o por encima del punto de pedido más {} pedidos); el exceso vale {} ({}).",
                sku_tiene(overstock.len()),
                num(opts.overstock_days, 0, true),
                num(opts.overstock_factor, 1, true),
                amount(overstock_value, true),
                names(&overstock, true)
            ),
        );
        f.numbers = vec![
            ("skus".into(), overstock.len() as f64),
            ("excess_value".into(), overstock_value),
        ];
        findings.push(f);
    }
    if !due_week.is_empty() {
        findings.push(finding(
            "reorder_week",
            Severity::Info,
            3.0,
            format!(
                "{} more SKUs reach their reorder point within 7 days of {} ({}).",
                due_week.len(),
                date(p.today, false),
                names(&due_week, false)
            ),
            format!(
                "Otros {} SKU alcanzan su punto de pedido en los 7 días siguientes al {} ({}).",
                due_week.len(),
                date(p.today, true),
                names(&due_week, true)
            ),
        ));
    }
    let total_value: f64 = p.skus.iter().map(|s| s.annual_value).sum();
    let a_items: Vec<&SkuPlan> = p.skus.iter().filter(|s| s.abc == AbcClass::A).collect();
    if total_value > 0.0 && n >= 3 {
        let a_value: f64 = a_items.iter().map(|s| s.annual_value).sum();
        let (what_en, what_es) = if p.abc_by_value {
            ("annual value", "valor anual")
        } else {
            ("annual units", "unidades anuales")
        };
        let mut f = finding(
            "abc",
            Severity::Info,
            2.0,
            format!(
                "{} A items ({} of SKUs) make up {} of {what_en}; give them the tightest control.",
                a_items.len(),
                pct_abs(share(a_items.len()), false),
                pct_abs(a_value / total_value, false)
            ),
            format!(
                "{} artículos A ({} de los SKU) suman el {} del {what_es}; contrólelos más de cerca.",
                a_items.len(),
                pct_abs(share(a_items.len()), true),
                pct_abs(a_value / total_value, true)
            ),
        );
        f.numbers = vec![
            ("a_items".into(), a_items.len() as f64),
            ("a_share".into(), a_value / total_value),
        ];
        findings.push(f);
    }
    if intermittent > 0 {
        findings.push(finding(
            "intermittent",
            Severity::Info,
            1.5,
            format!(
                "{} of SKUs ({intermittent}) have intermittent or lumpy demand; they are forecast with SBA or TSB, which average the size and the frequency of demand separately.",
                pct_abs(share(intermittent), false)
            ),
            format!(
                "El {} de los SKU ({intermittent}) tiene demanda intermitente o irregular; se pronostican con SBA o TSB, que promedian por separado el tamaño y la frecuencia de la demanda.",
                pct_abs(share(intermittent), true)
            ),
        ));
    }
    if let Some(s) = p
        .suppliers
        .iter()
        .filter(|s| s.sd_days.is_some_and(|sd| sd > 0.0))
        .max_by(|a, b| {
            let cv =
                |x: &super::plan::SupplierStats| x.sd_days.unwrap_or(0.0) / x.mean_days.max(1e-9);
            cv(a).total_cmp(&cv(b))
        })
    {
        let sd = s.sd_days.unwrap_or(0.0);
        findings.push(finding(
            "supplier_lead_time",
            Severity::Info,
            1.0,
            format!(
                "{} has the least predictable lead times: {} days on average, standard deviation {} days across {} SKUs.",
                s.supplier,
                num(s.mean_days, 1, false),
                num(sd, 1, false),
                s.skus
            ),
            format!(
                "{} tiene los plazos de entrega menos previsibles: {} días de media, desviación típica de {} días en {} SKU.",
                s.supplier,
                num(s.mean_days, 1, true),
                num(sd, 1, true),
                s.skus
            ),
        ));
    }
    findings.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Tables.
    let mut reorders: Vec<&SkuPlan> = p.skus.iter().filter(|s| s.reorder.is_some()).collect();
    reorders.sort_by(|a, b| {
        let (x, y) = (
            a.reorder.map_or(f64::INFINITY, |r| r.date),
            b.reorder.map_or(f64::INFINITY, |r| r.date),
        );
        x.total_cmp(&y).then_with(|| a.sku.cmp(&b.sku))
    });
    let mut tables = vec![Table {
        key: "reorders".into(),
        title: Text::new("Reorder suggestions", "Sugerencias de pedido"),
        columns: vec![
            Text::new("SKU", "SKU"),
            Text::new("Supplier", "Proveedor"),
            Text::new("Order date", "Fecha de pedido"),
            Text::new("Quantity", "Cantidad"),
            Text::new("On hand", "Existencias"),
            Text::new("Reorder point", "Punto de pedido"),
            Text::new("Alert", "Alerta"),
        ],
        formats: vec![
            Format::Number,
            Format::Number,
            Format::Date,
            Format::Integer,
            Format::Number,
            Format::Number,
            Format::Number,
        ],
        rows: reorders
            .iter()
            .map(|s| {
                vec![
                    Value::Text(s.sku.clone()),
                    s.supplier.clone().map_or(Value::Null, Value::Text),
                    opt_num(s.reorder.map(|r| r.date)),
                    opt_num(s.reorder.map(|r| r.quantity)),
                    opt_num(s.on_hand),
                    Value::Number(s.reorder_point),
                    Value::Text(alert_name(s.alert, false).to_string()),
                ]
            })
            .collect(),
    }];
    tables.push(Table {
        key: "plan".into(),
        title: Text::new("Plan per SKU", "Plan por SKU"),
        columns: vec![
            Text::new("SKU", "SKU"),
            Text::new("Demand class", "Tipo de demanda"),
            Text::new("ABC", "ABC"),
            Text::new("XYZ", "XYZ"),
            Text::new("Forecast per period", "Pronóstico por periodo"),
            Text::new("Method", "Método"),
            Text::new("Safety stock", "Stock de seguridad"),
            Text::new("Reorder point", "Punto de pedido"),
            Text::new("EOQ", "Lote económico"),
            Text::new("On hand", "Existencias"),
            Text::new("Days of cover", "Días de cobertura"),
            Text::new("Alert", "Alerta"),
        ],
        formats: vec![
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Number,
        ],
        rows: p
            .skus
            .iter()
            .map(|s| {
                vec![
                    Value::Text(s.sku.clone()),
                    Value::Text(class_name(s.class, false).to_string()),
                    Value::Text(s.abc.as_str().to_string()),
                    Value::Text(s.xyz.as_str().to_string()),
                    Value::Number(s.forecast),
                    Value::Text(s.method.clone()),
                    Value::Number(s.safety_stock),
                    Value::Number(s.reorder_point),
                    opt_num(s.eoq),
                    opt_num(s.on_hand),
                    opt_num(s.days_of_cover),
                    Value::Text(alert_name(s.alert, false).to_string()),
                ]
            })
            .collect(),
    });
    let abc_rows = [AbcClass::A, AbcClass::B, AbcClass::C]
        .iter()
        .map(|&a| {
            let mut row = vec![Value::Text(a.as_str().to_string())];
            let mut total = 0usize;
            for x in [XyzClass::X, XyzClass::Y, XyzClass::Z] {
                let c = p.skus.iter().filter(|s| s.abc == a && s.xyz == x).count();
                total += c;
                row.push(Value::Number(c as f64));
            }
            row.push(Value::Number(total as f64));
            row
        })
        .collect();
    tables.push(Table {
        key: "abc_xyz".into(),
        title: Text::new("SKUs by ABC and XYZ class", "SKU por clase ABC y XYZ"),
        columns: vec![
            Text::new("ABC", "ABC"),
            Text::new("X (steady)", "X (estable)"),
            Text::new("Y (variable)", "Y (variable)"),
            Text::new("Z (erratic)", "Z (errática)"),
            Text::new("Total", "Total"),
        ],
        formats: vec![
            Format::Number,
            Format::Integer,
            Format::Integer,
            Format::Integer,
            Format::Integer,
        ],
        rows: abc_rows,
    });
    tables.push(Table {
        key: "suppliers".into(),
        title: Text::new("Supplier lead times", "Plazos de entrega por proveedor"),
        columns: vec![
            Text::new("Supplier", "Proveedor"),
            Text::new("Mean lead time (days)", "Plazo medio (días)"),
            Text::new("Standard deviation (days)", "Desviación típica (días)"),
            Text::new("SKUs", "SKU"),
        ],
        formats: vec![
            Format::Number,
            Format::Number,
            Format::Number,
            Format::Integer,
        ],
        rows: p
            .suppliers
            .iter()
            .map(|s| {
                vec![
                    Value::Text(s.supplier.clone()),
                    Value::Number(s.mean_days),
                    opt_num(s.sd_days),
                    Value::Number(s.skus as f64),
                ]
            })
            .collect(),
    });

    // Charts: SKUs per demand class (one series per class on a single x), and total demand
    // history then forecast.
    let classes = [
        Some(DemandClass::Smooth),
        Some(DemandClass::Erratic),
        Some(DemandClass::Intermittent),
        Some(DemandClass::Lumpy),
        None,
    ];
    let class_chart = Chart {
        key: "demand_classes".into(),
        kind: ChartKind::Column,
        title: Text::new("SKUs by demand class", "SKU por tipo de demanda"),
        x: (0..classes.len()).map(|i| i as f64).collect(),
        x_is_date: false,
        series: vec![Series {
            name: Text::new("SKUs", "SKU"),
            role: SeriesRole::Actual,
            values: classes
                .iter()
                .map(|&c| Some(p.skus.iter().filter(|s| s.class == c).count() as f64))
                .collect(),
        }],
        labels: classes
            .iter()
            .map(|&c| Text::new(class_name(c, false), class_name(c, true)))
            .collect(),
    };
    let h = p.total_history.len();
    let mut actual: Vec<Option<f64>> = p.total_history.iter().map(|v| Some(*v)).collect();
    actual.resize(h + p.total_forecast.len(), None);
    let mut forecast: Vec<Option<f64>> = vec![None; h];
    forecast.extend(p.total_forecast.iter().map(|v| Some(*v)));
    let demand_chart = Chart {
        key: "demand".into(),
        kind: ChartKind::Line,
        title: Text::new(
            "Total demand: history and forecast",
            "Demanda total: historial y pronóstico",
        ),
        x: p.period_starts.clone(),
        x_is_date: true,
        series: vec![
            Series {
                name: Text::new("Demand", "Demanda"),
                role: SeriesRole::Actual,
                values: actual,
            },
            Series {
                name: Text::new("Forecast", "Pronóstico"),
                role: SeriesRole::Forecast,
                values: forecast,
            },
        ],
        labels: Vec::new(),
    };

    // Notes.
    let (per_en, per_es) = match p.period {
        super::plan::Period::Daily => ("daily", "diaria"),
        super::plan::Period::Weekly => ("weekly", "semanal"),
        super::plan::Period::Monthly => ("monthly", "mensual"),
    };
    let mut notes = vec![Text::new(
        format!(
            "Demand was summed per SKU into {per_en} periods from {} to {} (periods without rows count as zero demand); service level {}.",
            date(p.start, false),
            date(p.today, false),
            pct_abs(opts.service_level, false)
        ),
        format!(
            "La demanda se sumó por SKU en periodos de frecuencia {per_es} del {} al {} (los periodos sin filas cuentan como demanda cero); nivel de servicio {}.",
            date(p.start, true),
            date(p.today, true),
            pct_abs(opts.service_level, true)
        ),
    )];
    if p.skipped_rows > 0 {
        notes.push(Text::new(
            format!(
                "{} rows without a SKU, a date or a quantity were skipped.",
                p.skipped_rows
            ),
            format!(
                "Se omitieron {} filas sin SKU, fecha o cantidad.",
                p.skipped_rows
            ),
        ));
    }
    if p.default_lead_time_used {
        notes.push(Text::new(
            format!(
                "SKUs without lead-time data were planned with a lead time of {} days.",
                num(opts.default_lead_time_days, 0, false)
            ),
            format!(
                "Los SKU sin datos de plazo de entrega se planificaron con un plazo de {} días.",
                num(opts.default_lead_time_days, 0, true)
            ),
        ));
    }
    if !p.abc_by_value {
        notes.push(Text::new(
            "Some SKUs have no unit cost, so ABC ranks annual units instead of annual value.",
            "Algunos SKU no tienen coste unitario, por lo que el ABC ordena unidades anuales en lugar de valor anual.",
        ));
    }
    if opts.order_cost.is_none() {
        notes.push(Text::new(
            "No order cost was given, so EOQ and the (r,Q) and (s,S) policies were left out; reorder quantities cover the lead time.",
            "No se indicó el coste de pedido, por lo que se omitieron el lote económico y las políticas (r,Q) y (s,S); las cantidades a pedir cubren el plazo de entrega.",
        ));
    }
    if !opts.full_ets {
        notes.push(Text::new(
            "Smooth and erratic SKUs are forecast with additive exponential smoothing without trend (seasonal when a season is detected).",
            "Los SKU de demanda regular o errática se pronostican con suavizado exponencial aditivo sin tendencia (estacional si se detecta una estación).",
        ));
    }

    Report {
        system: "inventory".into(),
        title: Text::new("Inventory plan", "Plan de inventario"),
        kpis,
        tables,
        charts: vec![class_chart, demand_chart],
        findings,
        notes,
    }
}

/// "1 SKU is" / "3 SKUs are".
fn skus_are(n: usize) -> String {
    if n == 1 {
        "1 SKU is".to_string()
    } else {
        format!("{n} SKUs are")
    }
}

/// "1 SKU está" / "3 SKU están".
fn sku_esta(n: usize) -> String {
    if n == 1 {
        "1 SKU está".to_string()
    } else {
        format!("{n} SKU están")
    }
}

/// "1 SKU tiene" / "3 SKU tienen".
fn sku_tiene(n: usize) -> String {
    if n == 1 {
        "1 SKU tiene".to_string()
    } else {
        format!("{n} SKU tienen")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::plan::synthetic_input;

    #[test]
    fn synthetic_report() {
        let x = synthetic_input(120, 104);
        let opts = PlanOptions {
            order_cost: Some(40.0),
            ..Default::default()
        };
        let r = inventory_report(&x, &opts).unwrap();
        for f in &r.findings {
            println!("{:>5.2} {}\n      {}", f.score, f.text.en, f.text.es);
        }
        assert_eq!(r.system, "inventory");
        let k = |key: &str| r.kpis.iter().find(|k| k.key == key).unwrap().value;
        assert_eq!(k("skus"), Some(120.0));
        // A quarter intermittent and a quarter lumpy by construction (most of them classify so).
        let share = k("intermittent_share").unwrap();
        assert!((0.35..=0.65).contains(&share), "{share}");
        assert!(k("inventory_value").unwrap() > 0.0);
        // Reorder table sorted by date; the plan table has one row per SKU.
        let t = r.tables.iter().find(|t| t.key == "reorders").unwrap();
        let dates: Vec<f64> = t
            .rows
            .iter()
            .map(|row| match row[2] {
                Value::Number(d) => d,
                _ => f64::NAN,
            })
            .collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        let now = dates
            .iter()
            .filter(|d| **d <= 44_928.0 + 7.0 * 103.0)
            .count();
        assert_eq!(k("reorder_now"), Some(now as f64));
        let plan_t = r.tables.iter().find(|t| t.key == "plan").unwrap();
        assert_eq!(plan_t.rows.len(), 120);
        assert!(
            plan_t
                .rows
                .iter()
                .all(|row| row.len() == plan_t.columns.len())
        );
        // The ABC × XYZ matrix counts every SKU once.
        let m = r.tables.iter().find(|t| t.key == "abc_xyz").unwrap();
        let total: f64 = m
            .rows
            .iter()
            .map(|row| match row[4] {
                Value::Number(v) => v,
                _ => 0.0,
            })
            .sum();
        assert_eq!(total, 120.0);
        let s = r.tables.iter().find(|t| t.key == "suppliers").unwrap();
        assert_eq!(s.rows.len(), 20);
        // Charts: class counts sum to the SKUs; the demand chart spans history + horizon.
        let classes: f64 = r.charts[0].series[0]
            .values
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .sum();
        assert_eq!(r.charts[0].labels.len(), r.charts[0].x.len());
        assert_eq!(classes, 120.0);
        assert_eq!(r.charts[1].x.len(), 104 + 12);
        assert!(r.charts[1].series.iter().all(|s| s.values.len() == 116));
        // Findings ranked, bilingual and distinct.
        assert!(r.findings.windows(2).all(|w| w[0].score >= w[1].score));
        for f in &r.findings {
            assert!(!f.text.en.is_empty() && !f.text.es.is_empty());
            assert_ne!(f.text.en, f.text.es);
        }
        assert!(r.findings.iter().any(|f| f.key == "abc"));
        assert!(r.findings.iter().any(|f| f.key == "intermittent"));
        assert!(
            serde_json::to_string(&r)
                .unwrap()
                .contains("\"system\":\"inventory\"")
        );
    }

    #[test]
    fn stock_out_is_the_top_finding() {
        // One SKU with stock on hand 0: it is a stock-out and must be ordered today.
        let mut x = synthetic_input(8, 52);
        if let Some(oh) = x.on_hand.as_mut() {
            for v in oh.iter_mut().skip(51).step_by(52) {
                *v = Some(0.0);
            }
        }
        let r = inventory_report(&x, &PlanOptions::default()).unwrap();
        assert_eq!(r.findings[0].key, "stock_out", "{:#?}", r.findings);
        assert_eq!(r.findings[0].severity, Severity::Alert);
        assert!(r.findings[0].text.en.starts_with("8 SKUs are out of stock"));
        assert!(r.findings[0].text.es.starts_with("8 SKU están sin stock"));
        assert!(r.notes.iter().any(|n| n.en.contains("No order cost")));
    }

    #[test]
    fn report_errors_are_the_plans() {
        let mut x = synthetic_input(2, 10);
        x.sku.pop();
        let e = inventory_report(&x, &PlanOptions::default()).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::NotAvailable);
    }
}
