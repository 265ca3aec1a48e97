//! The monthly P&L report (SPEC §2.2): statement, KPIs, variance vs budget or prior period with
//! materiality, top drivers, forecast per line, expense anomalies, cost-reduction candidates and
//! unclassified accounts, as a host-neutral [`Report`] in English and Spanish.
//!
//! Finding scores share one scale: an anomaly scores its |robust score| (≥ 3); a material
//! variance 3 + 10·|variance %| (at most 8); a margin change 2 + 100·|change in points| (at most
//! 8); a cost line growing faster than revenue 2 + 10·gap (at most 6); unclassified accounts 5;
//! the forecast summary 1.

use super::classify::{PnlLine, classify_keywords, fold, parse_line_name};
use super::input::{PnlShape, Recognised, StatementInput, check_totals, read_input};
use super::statement::{LineKey, LineKind, Period, Statement, build_statement};
use super::variance::{
    LineType, LineVariance, Materiality, line_variances, prior_period, top_drivers, variance,
};
use crate::cells::{CellError, Grid};
use crate::report::{
    Chart, ChartKind, Finding, Format, Kpi, Report, Series, SeriesRole, Severity, Table, Text,
    Value, finding,
};

/// Options of the P&L report.
#[derive(Debug, Clone, PartialEq)]
pub struct PnlOptions {
    /// Column length of the statement.
    pub period: Period,
    /// Absolute materiality threshold; `None` = 1 % of the period's revenue.
    pub materiality_abs: Option<f64>,
    /// Relative materiality threshold on |variance %| (0.05 = 5 %).
    pub materiality_pct: f64,
    /// Periods to forecast (default 3).
    pub horizon: usize,
    /// Budget of the latest period: (line or account name, amount). Amount lines the budget does
    /// not name are taken as on budget; subtotals are recomputed from the budgeted amounts.
    pub budget: Option<Vec<(String, f64)>>,
}

impl Default for PnlOptions {
    fn default() -> Self {
        PnlOptions {
            period: Period::Month,
            materiality_abs: None,
            materiality_pct: 0.05,
            horizon: 3,
            budget: None,
        }
    }
}

/// Largest forecast horizon.
pub const MAX_HORIZON: usize = 36;

/// An amount: "1,820" / "1.820" (two decimals below 100).
fn amt(x: f64, es: bool) -> String {
    crate::sales::report::amount(x, es)
}

/// A fraction as a percentage with one decimal, its sign kept: "25.0 %" / "-3,5 %".
fn pct(x: f64, es: bool) -> String {
    format!("{} %", crate::sales::report::num(100.0 * x, 1, es))
}

fn kpi(
    key: &str,
    en: &str,
    es: &str,
    value: Option<f64>,
    format: Format,
    change: Option<f64>,
) -> Kpi {
    Kpi {
        key: key.into(),
        label: Text::new(en, es),
        value,
        format,
        change,
    }
}

fn num(x: Option<f64>) -> Value {
    x.filter(|v| v.is_finite())
        .map_or(Value::Null, Value::Number)
}

fn table(
    key: &str,
    en: &str,
    es: &str,
    cols: &[(&str, &str, Format)],
    rows: Vec<Vec<Value>>,
) -> Table {
    Table {
        key: key.into(),
        title: Text::new(en, es),
        columns: cols.iter().map(|(e, s, _)| Text::new(*e, *s)).collect(),
        formats: cols.iter().map(|(_, _, f)| *f).collect(),
        rows,
    }
}

/// The statement line a budget name refers to.
fn budget_key(name: &str, st: &Statement) -> Option<LineKey> {
    let f = fold(name.trim());
    if let Some(l) = st
        .lines
        .iter()
        .find(|l| fold(&l.name.en) == f || fold(&l.name.es) == f)
    {
        return Some(l.key.clone());
    }
    let line = parse_line_name(name).or_else(|| classify_keywords(name))?;
    Some(match line {
        PnlLine::Revenue => LineKey::Revenue,
        PnlLine::Cogs => LineKey::Cogs,
        PnlLine::Opex(c) => LineKey::Opex(c),
        PnlLine::OtherIncome => LineKey::OtherIncome,
        PnlLine::OtherExpense => LineKey::OtherExpense,
        PnlLine::Taxes => LineKey::Taxes,
        PnlLine::NotPnl | PnlLine::Unclassified => return None,
    })
}

/// Budget comparison values per statement line for period `t` (see [`PnlOptions::budget`]).
fn budget_comparison(st: &Statement, t: usize, budget: &[(String, f64)]) -> Vec<Option<f64>> {
    let mut given: Vec<Option<f64>> = vec![None; st.lines.len()];
    for (name, v) in budget {
        if let Some(k) = budget_key(name, st)
            && let Some(i) = st.lines.iter().position(|l| l.key == k)
            && let Some(slot) = given.get_mut(i)
        {
            *slot = Some(slot.unwrap_or(0.0) + v);
        }
    }
    let val = |k: &LineKey| -> f64 {
        st.lines
            .iter()
            .position(|l| &l.key == k)
            .and_then(|i| given.get(i).copied().flatten().or_else(|| st.value(k, t)))
            .unwrap_or(0.0)
    };
    let rev = val(&LineKey::Revenue);
    let gp = rev - val(&LineKey::Cogs);
    let opex: f64 = st
        .lines
        .iter()
        .filter(|l| matches!(l.key, LineKey::Opex(_)))
        .map(|l| val(&l.key))
        .sum();
    let ebit = gp - opex;
    let ebt = ebit + val(&LineKey::OtherIncome) - val(&LineKey::OtherExpense);
    let net = ebt - val(&LineKey::Taxes);
    let ratio = |x: f64| (rev != 0.0).then(|| x / rev);
    st.lines
        .iter()
        .zip(&given)
        .map(|(l, g)| match l.key {
            LineKey::GrossProfit => Some(gp),
            LineKey::TotalOpex => Some(opex),
            LineKey::OperatingIncome => Some(ebit),
            LineKey::EarningsBeforeTax => Some(ebt),
            LineKey::NetIncome => Some(net),
            LineKey::GrossMargin => ratio(gp),
            LineKey::OperatingMargin => ratio(ebit),
            LineKey::NetMargin => ratio(net),
            _ => g.or_else(|| l.values.get(t).copied().flatten()),
        })
        .collect()
}

fn forecast_line(y: &[f64], horizon: usize) -> Option<(Vec<f64>, String)> {
    use aism_ts::forecast::{ForecastOptions, Method, Seasonality};
    let naive = ForecastOptions {
        horizon,
        seasonality: Seasonality::None,
        level: 0.95,
        model: Method::Naive,
    };
    let auto = ForecastOptions {
        model: Method::Auto,
        seasonality: Seasonality::Auto,
        ..naive
    };
    let r = if y.len() >= 8 {
        aism_ts::forecast::forecast(y, &auto).or_else(|_| aism_ts::forecast::forecast(y, &naive))
    } else {
        aism_ts::forecast::forecast(y, &naive)
    };
    r.ok().map(|r| (r.mean, r.method))
}

/// Growth used for cost-reduction candidates: T12M vs the prior T12M when 24 periods of a
/// monthly statement exist, else the OLS slope of ln(value) per year (positive values only).
fn growth(st: &Statement, key: &LineKey) -> Option<f64> {
    let n = st.len();
    let per = st.period.per_year();
    if n >= 2 * per && per > 1 {
        let now = st.t12m(key, n - 1)?;
        let before = st.t12m(key, n - 1 - per)?;
        return (before > 0.0).then(|| now / before - 1.0);
    }
    let v: Vec<f64> = st
        .line(key)?
        .values
        .iter()
        .map(|v| v.unwrap_or(0.0))
        .collect();
    if v.len() < 6 || v.iter().any(|x| *x <= 0.0) {
        return None;
    }
    let m = v.len() as f64;
    let tbar = (m - 1.0) / 2.0;
    let ly: Vec<f64> = v.iter().map(|x| x.ln()).collect();
    let ybar = ly.iter().sum::<f64>() / m;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ly.iter().enumerate() {
        let d = i as f64 - tbar;
        sxy += d * (y - ybar);
        sxx += d * d;
    }
    (sxx > 0.0).then(|| (sxy / sxx * per as f64).exp() - 1.0)
}

fn variance_table(key: &str, en: &str, es: &str, v: &[LineVariance], st: &Statement) -> Table {
    let rows = v
        .iter()
        .map(|l| {
            let name = st
                .line(&l.key)
                .map_or_else(|| l.key.name().en, |x| x.name.en.clone());
            vec![
                Value::Text(name),
                num(Some(l.actual)),
                num(Some(l.comparison)),
                num(Some(l.variance.variance)),
                num(l.variance.pct),
                Value::Bool(l.variance.favourable),
                Value::Bool(l.material),
            ]
        })
        .collect();
    table(
        key,
        en,
        es,
        &[
            ("Line", "Línea", Format::Number),
            ("Actual", "Real", Format::Currency),
            ("Comparison", "Comparación", Format::Currency),
            ("Variance", "Variación", Format::Currency),
            ("Variance %", "Variación %", Format::Percent),
            ("Favourable", "Favorable", Format::Number),
            ("Material", "Material", Format::Number),
        ],
        rows,
    )
}

fn budget_table_report(input: &StatementInput, rec: &Recognised, opts: &PnlOptions) -> Report {
    let rows = &input.budget_rows;
    let revenue: f64 = rows
        .iter()
        .filter(|r| r.line_type == LineType::Revenue)
        .map(|r| r.actual)
        .sum();
    let thr = opts.materiality_abs.unwrap_or(0.01 * revenue.abs());
    let mut findings = Vec::new();
    let mut trows = Vec::new();
    let mut chart_labels = Vec::new();
    let mut chart_values = Vec::new();
    for r in rows {
        let v = variance(r.actual, r.budget, r.line_type);
        let material = v.variance.abs() >= thr
            && v.variance.abs() > 0.0
            && v.pct.is_none_or(|p| p.abs() >= opts.materiality_pct);
        trows.push(vec![
            Value::Text(r.line.clone()),
            Value::Number(r.actual),
            Value::Number(r.budget),
            Value::Number(v.variance),
            num(v.pct),
            Value::Bool(v.favourable),
            Value::Bool(material),
        ]);
        chart_labels.push(Text::new(r.line.clone(), r.line.clone()));
        chart_values.push(Some(v.variance));
        if material {
            let p = v.pct.unwrap_or(1.0);
            let (fe, fs) = if v.favourable {
                ("favourable", "favorable")
            } else {
                ("unfavourable", "desfavorable")
            };
            findings.push(finding(
                "material_variance",
                if v.favourable {
                    Severity::Info
                } else {
                    Severity::Warning
                },
                (3.0 + 10.0 * p.abs()).min(8.0),
                format!(
                    "{}: actual {} vs budget {} ({}, {fe}).",
                    r.line,
                    amt(r.actual, false),
                    amt(r.budget, false),
                    pct(p, false)
                ),
                format!(
                    "{}: real {} frente a presupuesto {} ({}, {fs}).",
                    r.line,
                    amt(r.actual, true),
                    amt(r.budget, true),
                    pct(p, true)
                ),
            ));
        }
    }
    findings.sort_by(|a, b| b.score.total_cmp(&a.score));
    let t = table(
        "variance",
        "Variance vs budget",
        "Variación frente al presupuesto",
        &[
            ("Line", "Línea", Format::Number),
            ("Actual", "Real", Format::Currency),
            ("Budget", "Presupuesto", Format::Currency),
            ("Variance", "Variación", Format::Currency),
            ("Variance %", "Variación %", Format::Percent),
            ("Favourable", "Favorable", Format::Number),
            ("Material", "Material", Format::Number),
        ],
        trows,
    );
    Report {
        system: "pnl".into(),
        title: Text::new("P&L: actual vs budget", "P&G: real frente a presupuesto"),
        kpis: vec![kpi(
            "actual_revenue",
            "Actual revenue",
            "Ingresos reales",
            Some(revenue),
            Format::Currency,
            None,
        )],
        tables: vec![t],
        charts: vec![Chart {
            key: "variance_drivers".into(),
            kind: ChartKind::Column,
            title: Text::new("Variance by line", "Variación por línea"),
            x: (0..chart_values.len()).map(|i| i as f64).collect(),
            x_is_date: false,
            series: vec![Series {
                name: Text::new(
                    "Variance (actual − budget)",
                    "Variación (real − presupuesto)",
                ),
                role: SeriesRole::Actual,
                values: chart_values,
            }],
            labels: chart_labels,
        }],
        findings,
        notes: vec![rec.reason.clone()],
    }
}

/// Builds the P&L report of `grid` as recognised (see the module docs).
///
/// Errors: those of [`read_input`] and [`build_statement`], and `#NUM!` for a horizon outside
/// 1..=[`MAX_HORIZON`] or a negative materiality.
pub fn pnl_report(grid: &Grid, rec: &Recognised, opts: &PnlOptions) -> Result<Report, CellError> {
    if opts.horizon == 0 || opts.horizon > MAX_HORIZON {
        return Err(CellError::num(format!(
            "P&L report: the horizon must be between 1 and {MAX_HORIZON} periods, but it is {}.",
            opts.horizon
        )));
    }
    let bad = |m: f64| m.is_nan() || m < 0.0;
    if opts.materiality_abs.is_some_and(bad) || bad(opts.materiality_pct) {
        return Err(CellError::num(
            "P&L report: materiality thresholds must be 0 or more.",
        ));
    }
    let input = read_input(grid, rec)?;
    if rec.shape == PnlShape::ActualVsBudget {
        return Ok(budget_table_report(&input, rec, opts));
    }
    let map = (!input.map.is_empty()).then_some(&input.map);
    let st = build_statement(&input.rows, map, opts.period)?;
    let n = st.len();
    let t = n.saturating_sub(1);
    let mut notes = vec![rec.reason.clone()];
    notes.extend(st.notes.iter().cloned());
    let mismatches = check_totals(&st, &input);
    notes.extend(mismatches.iter().cloned());
    let mut findings: Vec<Finding> = Vec::new();

    // KPIs.
    let rel = |c: Option<super::statement::Change>| c.and_then(|c| c.rel);
    let t12_change = st
        .t12m(&LineKey::Revenue, t)
        .zip(
            t.checked_sub(st.period.per_year())
                .and_then(|p| st.t12m(&LineKey::Revenue, p)),
        )
        .and_then(|(a, b)| (b != 0.0).then(|| a / b.abs() - 1.0));
    let kpis = vec![
        kpi(
            "as_of",
            "Latest period",
            "Último periodo",
            st.starts.get(t).copied(),
            Format::Date,
            None,
        ),
        kpi(
            "revenue",
            "Revenue, latest period",
            "Ingresos, último periodo",
            st.value(&LineKey::Revenue, t),
            Format::Currency,
            rel(st.mom(&LineKey::Revenue, t)),
        ),
        kpi(
            "gross_margin",
            "Gross margin",
            "Margen bruto",
            st.value(&LineKey::GrossMargin, t),
            Format::Percent,
            None,
        ),
        kpi(
            "operating_margin",
            "Operating margin",
            "Margen operativo",
            st.value(&LineKey::OperatingMargin, t),
            Format::Percent,
            None,
        ),
        kpi(
            "net_income",
            "Net income, latest period",
            "Utilidad neta, último periodo",
            st.value(&LineKey::NetIncome, t),
            Format::Currency,
            rel(st.mom(&LineKey::NetIncome, t)),
        ),
        kpi(
            "ytd_revenue",
            "Revenue, year to date",
            "Ingresos del año a la fecha",
            st.ytd(&LineKey::Revenue, t),
            Format::Currency,
            None,
        ),
        kpi(
            "ytd_net_income",
            "Net income, year to date",
            "Utilidad neta del año a la fecha",
            st.ytd(&LineKey::NetIncome, t),
            Format::Currency,
            None,
        ),
        kpi(
            "t12m_revenue",
            "Revenue, trailing 12 months",
            "Ingresos, últimos 12 meses",
            st.t12m(&LineKey::Revenue, t),
            Format::Currency,
            t12_change,
        ),
    ];

    // Statement table and latest-period table.
    let mut cols: Vec<(String, String, Format)> =
        vec![("Line".into(), "Línea".into(), Format::Number)];
    cols.extend(
        st.labels
            .iter()
            .map(|l| (l.clone(), l.clone(), Format::Number)),
    );
    let statement_table = Table {
        key: "statement".into(),
        title: Text::new("P&L statement", "Estado de resultados"),
        columns: cols
            .iter()
            .map(|(e, s, _)| Text::new(e.clone(), s.clone()))
            .collect(),
        formats: cols.iter().map(|c| c.2).collect(),
        rows: st
            .lines
            .iter()
            .map(|l| {
                let mut r = vec![Value::Text(l.name.en.clone())];
                r.extend(l.values.iter().map(|v| num(*v)));
                r
            })
            .collect(),
    };
    let latest_rows = st
        .lines
        .iter()
        .map(|l| {
            let m = st.mom(&l.key, t);
            let y = st.yoy(&l.key, t);
            vec![
                Value::Text(l.name.en.clone()),
                num(l.values.get(t).copied().flatten()),
                num(m.map(|c| c.abs)),
                num(m.and_then(|c| c.rel)),
                num(y.map(|c| c.abs)),
                num(y.and_then(|c| c.rel)),
                num(st.ytd(&l.key, t)),
                num(st.t12m(&l.key, t)),
            ]
        })
        .collect();
    let latest_table = table(
        "latest",
        "Latest period: changes, YTD and trailing 12 months",
        "Último periodo: cambios, acumulado del año y últimos 12 meses",
        &[
            ("Line", "Línea", Format::Number),
            ("Latest", "Último", Format::Number),
            ("Change vs prior", "Cambio vs anterior", Format::Number),
            ("Change vs prior %", "Cambio vs anterior %", Format::Percent),
            (
                "Change vs last year",
                "Cambio vs año anterior",
                Format::Number,
            ),
            (
                "Change vs last year %",
                "Cambio vs año anterior %",
                Format::Percent,
            ),
            ("YTD", "Acumulado del año", Format::Number),
            ("Trailing 12 months", "Últimos 12 meses", Format::Number),
        ],
        latest_rows,
    );

    // Variance.
    let m = Materiality {
        abs: opts.materiality_abs,
        revenue_share: 0.01,
        pct: opts.materiality_pct,
    };
    let (comparison, vs_budget) = match &opts.budget {
        Some(b) => (budget_comparison(&st, t, b), true),
        None => (prior_period(&st, t), false),
    };
    let lv = if vs_budget || t >= 1 {
        line_variances(&st, t, &comparison, &m)
    } else {
        Vec::new()
    };
    let (ven, ves) = if vs_budget {
        ("Variance vs budget", "Variación frente al presupuesto")
    } else {
        (
            "Variance vs prior period",
            "Variación frente al periodo anterior",
        )
    };
    let var_table = variance_table("variance", ven, ves, &lv, &st);
    let drivers = top_drivers(&lv, 5);
    let driver_table = table(
        "drivers",
        "Top drivers of the net-income variance",
        "Principales causas de la variación de la utilidad neta",
        &[
            ("Line", "Línea", Format::Number),
            (
                "Effect on net income",
                "Efecto en la utilidad neta",
                Format::Currency,
            ),
            ("Share of the change", "Parte del cambio", Format::Percent),
        ],
        drivers
            .iter()
            .map(|d| {
                vec![
                    Value::Text(d.key.name().en),
                    Value::Number(d.effect),
                    num(d.share),
                ]
            })
            .collect(),
    );
    let (cmp_en, cmp_es) = if vs_budget {
        ("budget", "el presupuesto")
    } else {
        ("the prior period", "el periodo anterior")
    };
    for l in lv.iter().filter(|l| {
        l.material
            && !matches!(
                l.key,
                LineKey::GrossMargin | LineKey::OperatingMargin | LineKey::NetMargin
            )
    }) {
        let name = l.key.name();
        let p = l.variance.pct.unwrap_or(1.0);
        let (fe, fs, sev) = if l.variance.favourable {
            ("favourable", "favorable", Severity::Info)
        } else {
            ("unfavourable", "desfavorable", Severity::Warning)
        };
        let mut f = finding(
            "material_variance",
            sev,
            (3.0 + 10.0 * p.abs()).min(8.0),
            format!(
                "{} was {} against {} for {cmp_en} ({}, {}, {fe}).",
                name.en,
                amt(l.actual, false),
                amt(l.comparison, false),
                amt(l.variance.variance, false),
                pct(p, false)
            ),
            format!(
                "{} fue {} frente a {} de {cmp_es} ({}, {}, {fs}).",
                name.es,
                amt(l.actual, true),
                amt(l.comparison, true),
                amt(l.variance.variance, true),
                pct(p, true)
            ),
        );
        f.numbers = vec![
            ("actual".into(), l.actual),
            ("comparison".into(), l.comparison),
            ("variance".into(), l.variance.variance),
        ];
        findings.push(f);
    }

    // Margin changes vs prior period.
    for key in [LineKey::GrossMargin, LineKey::NetMargin] {
        if let Some(c) = st.mom(&key, t)
            && c.abs.abs() >= 0.01
        {
            let name = key.name();
            let now = st.value(&key, t).unwrap_or(0.0);
            let (ue, us) = if c.abs >= 0.0 {
                ("rose", "subió")
            } else {
                ("fell", "bajó")
            };
            findings.push(finding(
                "margin_change",
                if c.abs < 0.0 {
                    Severity::Warning
                } else {
                    Severity::Info
                },
                (2.0 + 100.0 * c.abs.abs()).min(8.0),
                format!(
                    "{} {ue} to {} in {} ({:+.1} points).",
                    name.en,
                    pct(now, false),
                    st.labels.get(t).cloned().unwrap_or_default(),
                    100.0 * c.abs
                ),
                format!(
                    "{} {us} a {} en {} ({} puntos).",
                    name.es,
                    pct(now, true),
                    st.labels.get(t).cloned().unwrap_or_default(),
                    format!("{:+.1}", 100.0 * c.abs).replace('.', ",")
                ),
            ));
        }
    }

    // Forecast per line.
    let fkeys: Vec<LineKey> = st
        .lines
        .iter()
        .filter(|l| matches!(l.kind, LineKind::Amount { .. }) || l.key == LineKey::NetIncome)
        .filter(|l| l.values.iter().any(|v| v.is_some_and(|x| x != 0.0)))
        .map(|l| l.key.clone())
        .collect();
    let mut fc: Vec<(LineKey, Vec<f64>, String)> = Vec::new();
    for k in &fkeys {
        let y: Vec<f64> = st
            .line(k)
            .map(|l| l.values.iter().map(|v| v.unwrap_or(0.0)).collect())
            .unwrap_or_default();
        if y.len() >= 2
            && let Some((mean, method)) = forecast_line(&y, opts.horizon)
        {
            fc.push((k.clone(), mean, method));
        }
    }
    let last_start = st.starts.last().copied().unwrap_or(0.0);
    let step_days = match st.period {
        Period::Month => 30.4375,
        Period::Quarter => 91.3125,
        Period::Year => 365.25,
    };
    let future_x: Vec<f64> = (1..=opts.horizon)
        .map(|h| (last_start + step_days * h as f64 + 1.0).floor())
        .map(|x| {
            aism_ts::timeline::serial_to_ymd(x)
                .and_then(|(y, m, _)| aism_ts::timeline::ymd_to_serial(y, m, 1))
                .unwrap_or(x)
        })
        .collect();
    let mut fcols: Vec<(String, String, Format)> =
        vec![("Period".into(), "Periodo".into(), Format::Date)];
    fcols.extend(fc.iter().map(|(k, _, _)| {
        let n = k.name();
        (n.en, n.es, Format::Currency)
    }));
    let forecast_table = Table {
        key: "forecast".into(),
        title: Text::new(
            "Forecast of the next periods",
            "Pronóstico de los próximos periodos",
        ),
        columns: fcols
            .iter()
            .map(|(e, s, _)| Text::new(e.clone(), s.clone()))
            .collect(),
        formats: fcols.iter().map(|c| c.2).collect(),
        rows: (0..opts.horizon)
            .map(|h| {
                let mut r = vec![num(future_x.get(h).copied())];
                r.extend(fc.iter().map(|(_, m, _)| num(m.get(h).copied())));
                r
            })
            .collect(),
    };
    if let Some((_, m, method)) = fc.iter().find(|(k, _, _)| *k == LineKey::NetIncome) {
        let total: f64 = m.iter().sum();
        findings.push(finding(
            "forecast",
            Severity::Info,
            1.0,
            format!(
                "Net income for the next {} periods is forecast at {} in all ({method}).",
                opts.horizon,
                amt(total, false)
            ),
            format!(
                "La utilidad neta de los próximos {} periodos se pronostica en {} en total ({method}).",
                opts.horizon,
                amt(total, true)
            ),
        ));
    }

    // Expense anomalies.
    let periods = if st.period == Period::Month {
        vec![12]
    } else {
        Vec::new()
    };
    let mut an_rows = Vec::new();
    for l in st
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Amount { cost: true })
    {
        let y: Vec<Option<f64>> = l.values.iter().map(|v| Some(v.unwrap_or(0.0))).collect();
        let Ok(a) = aism_ts::anomaly::anomalies(
            &y,
            &aism_ts::anomaly::AnomalyOptions {
                periods: periods.clone(),
                sensitivity: aism_ts::anomaly::DEFAULT_SENSITIVITY,
            },
        ) else {
            continue;
        };
        for (i, flag) in a.flag.iter().enumerate() {
            if *flag != Some(true) {
                continue;
            }
            let s = a.score.get(i).copied().flatten().unwrap_or(0.0);
            let e = a.expected.get(i).copied().unwrap_or(0.0);
            let x = y.get(i).copied().flatten().unwrap_or(0.0);
            let lab = st.labels.get(i).cloned().unwrap_or_default();
            an_rows.push(vec![
                Value::Text(l.name.en.clone()),
                Value::Text(lab.clone()),
                Value::Number(x),
                Value::Number(e),
                Value::Number(s),
            ]);
            let mut f = finding(
                "expense_anomaly",
                if s.abs() >= 6.0 {
                    Severity::Alert
                } else {
                    Severity::Warning
                },
                s.abs(),
                format!(
                    "{} in {lab} was {} against an expected {} ({:.1} robust SD).",
                    l.name.en,
                    amt(x, false),
                    amt(e, false),
                    s
                ),
                format!(
                    "{} en {lab} fue {} frente a {} esperado ({} DE robustas).",
                    l.name.es,
                    amt(x, true),
                    amt(e, true),
                    format!("{s:.1}").replace('.', ",")
                ),
            );
            f.numbers = vec![
                ("actual".into(), x),
                ("expected".into(), e),
                ("score".into(), s),
            ];
            findings.push(f);
        }
    }
    let anomaly_table = table(
        "expense_anomalies",
        "Expense anomalies",
        "Anomalías de gastos",
        &[
            ("Line", "Línea", Format::Number),
            ("Period", "Periodo", Format::Number),
            ("Actual", "Real", Format::Currency),
            ("Expected", "Esperado", Format::Currency),
            ("Robust score", "Puntaje robusto", Format::Number),
        ],
        an_rows,
    );

    // Cost-reduction candidates.
    let rev_growth = growth(&st, &LineKey::Revenue);
    let mut cand_rows = Vec::new();
    if let Some(rg) = rev_growth {
        for l in st
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Amount { cost: true })
        {
            let Some(g) = growth(&st, &l.key) else {
                continue;
            };
            if g > rg + 0.02 {
                cand_rows.push(vec![
                    Value::Text(l.name.en.clone()),
                    Value::Number(g),
                    Value::Number(rg),
                    Value::Number(g - rg),
                ]);
                findings.push(finding(
                    "cost_growth",
                    Severity::Warning,
                    (2.0 + 10.0 * (g - rg)).min(6.0),
                    format!(
                        "{} grew {} a year while revenue grew {}: a cost-reduction candidate.",
                        l.name.en,
                        pct(g, false),
                        pct(rg, false)
                    ),
                    format!(
                        "{} creció {} al año mientras los ingresos crecieron {}: candidato a reducir costos.",
                        l.name.es,
                        pct(g, true),
                        pct(rg, true)
                    ),
                ));
            }
        }
    }
    let cand_table = table(
        "cost_candidates",
        "Cost lines growing faster than revenue",
        "Gastos que crecen más rápido que los ingresos",
        &[
            ("Line", "Línea", Format::Number),
            ("Growth", "Crecimiento", Format::Percent),
            ("Revenue growth", "Crecimiento de ingresos", Format::Percent),
            ("Gap", "Diferencia", Format::Percent),
        ],
        cand_rows,
    );

    // Unclassified accounts.
    let unc = st.unclassified();
    let unc_table = table(
        "unclassified",
        "Unclassified accounts (not in net income)",
        "Cuentas sin clasificar (fuera de la utilidad neta)",
        &[
            ("Account", "Cuenta", Format::Number),
            ("Total", "Total", Format::Currency),
            ("Rows", "Filas", Format::Integer),
        ],
        unc.iter()
            .map(|a| {
                vec![
                    Value::Text(a.account.clone()),
                    Value::Number(a.total),
                    Value::Number(a.rows as f64),
                ]
            })
            .collect(),
    );
    if !unc.is_empty() {
        let total: f64 = unc.iter().map(|a| a.total).sum();
        findings.push(finding(
            "unclassified",
            Severity::Warning,
            5.0,
            format!(
                "{} accounts ({} in all) could not be classified and are not in net income; the largest is \"{}\". Add them to an account map.",
                unc.len(),
                amt(total, false),
                unc.first().map(|a| a.account.clone()).unwrap_or_default()
            ),
            format!(
                "{} cuentas ({} en total) no se pudieron clasificar y no están en la utilidad neta; la mayor es \"{}\". Agréguelas a un mapa de cuentas.",
                unc.len(),
                amt(total, true),
                unc.first().map(|a| a.account.clone()).unwrap_or_default()
            ),
        ));
    }
    if !mismatches.is_empty() {
        findings.push(finding(
            "totals_mismatch",
            Severity::Warning,
            5.0,
            format!(
                "{} printed totals of the export differ from the sum of its accounts.",
                mismatches.len()
            ),
            format!(
                "{} totales impresos del informe difieren de la suma de sus cuentas.",
                mismatches.len()
            ),
        ));
    }
    findings.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Charts.
    let series_of = |k: &LineKey, name: Text, role: SeriesRole| -> Option<Series> {
        let l = st.line(k)?;
        let mut values: Vec<Option<f64>> = l.values.clone();
        values.extend(std::iter::repeat_n(None, opts.horizon));
        Some(Series { name, role, values })
    };
    let mut trend = Vec::new();
    for k in [
        LineKey::Revenue,
        LineKey::Cogs,
        LineKey::TotalOpex,
        LineKey::NetIncome,
    ] {
        if let Some(s) = series_of(&k, k.name(), SeriesRole::Actual) {
            trend.push(s);
        }
    }
    for (k, m, _) in fc
        .iter()
        .filter(|(k, _, _)| matches!(k, LineKey::Revenue | LineKey::NetIncome))
    {
        let mut values: Vec<Option<f64>> = vec![None; n];
        values.extend(m.iter().map(|x| Some(*x)));
        let nm = k.name();
        trend.push(Series {
            name: Text::new(
                format!("{} (forecast)", nm.en),
                format!("{} (pronóstico)", nm.es),
            ),
            role: SeriesRole::Forecast,
            values,
        });
    }
    let mut x = st.starts.clone();
    x.extend(future_x.iter().copied());
    let charts = vec![
        Chart {
            key: "pnl_trend".into(),
            kind: ChartKind::Line,
            title: Text::new(
                "Revenue, costs and net income",
                "Ingresos, costos y utilidad neta",
            ),
            x,
            x_is_date: true,
            series: trend,
            labels: Vec::new(),
        },
        Chart {
            key: "variance_drivers".into(),
            kind: ChartKind::Column,
            title: Text::new(
                "Drivers of the net-income change",
                "Causas del cambio en la utilidad neta",
            ),
            x: (0..drivers.len()).map(|i| i as f64).collect(),
            x_is_date: false,
            series: vec![Series {
                name: Text::new("Effect on net income", "Efecto en la utilidad neta"),
                role: SeriesRole::Actual,
                values: drivers.iter().map(|d| Some(d.effect)).collect(),
            }],
            labels: drivers.iter().map(|d| d.key.name()).collect(),
        },
    ];

    Ok(Report {
        system: "pnl".into(),
        title: Text::new(
            "Monthly P&L analysis",
            "Análisis mensual de pérdidas y ganancias",
        ),
        kpis,
        tables: vec![
            statement_table,
            latest_table,
            var_table,
            driver_table,
            forecast_table,
            anomaly_table,
            cand_table,
            unc_table,
        ],
        charts,
        findings,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::Cell;
    use crate::pnl::input::recognise;
    use crate::pnl::statement::tests_support::synthetic;

    fn ledger_grid() -> Grid {
        let mut rows = vec![vec![
            Cell::text("Date"),
            Cell::text("Account"),
            Cell::text("Amount"),
        ]];
        for r in synthetic(false) {
            rows.push(vec![
                Cell::Number(r.date),
                Cell::text(&*r.account),
                Cell::Number(r.amount),
            ]);
        }
        Grid::from_rows(rows)
    }

    #[test]
    fn ledger_report_known_by_construction() {
        let g = ledger_grid();
        let rec = recognise(&g).unwrap();
        let r = pnl_report(&g, &rec, &PnlOptions::default()).unwrap();
        assert_eq!(r.system, "pnl");
        let k = |key: &str| r.kpis.iter().find(|k| k.key == key).unwrap();
        // Dec 2024 (m = 23): revenue 1730, net income 825, YTD revenue 20100, T12M 20100
        // vs the 2023 T12M 18660 (statement::tests_support::synthetic).
        assert_eq!(k("revenue").value, Some(1730.0));
        assert_eq!(k("net_income").value, Some(825.0));
        assert_eq!(k("ytd_revenue").value, Some(20100.0));
        assert_eq!(k("t12m_revenue").value, Some(20100.0));
        assert!((k("t12m_revenue").change.unwrap() - (20100.0 / 18660.0 - 1.0)).abs() < 1e-12);
        let drivers = r.tables.iter().find(|t| t.key == "drivers").unwrap();
        assert_eq!(drivers.rows[0][0], Value::Text("Revenue".into()));
        assert_eq!(drivers.rows[0][1], Value::Number(10.0));
        let fc = r.tables.iter().find(|t| t.key == "forecast").unwrap();
        assert_eq!(fc.rows.len(), 3);
        // Unclassified account is a warning finding and a table row.
        assert!(
            r.findings
                .iter()
                .any(|f| f.key == "unclassified" && f.severity == Severity::Warning)
        );
        let unc = r.tables.iter().find(|t| t.key == "unclassified").unwrap();
        assert_eq!(unc.rows[0][1], Value::Number(7.0 * 24.0));
        // Marketing (50 + m) grows faster than revenue (1500 + 10m): T12M 2024 / 2023.
        let cand = r
            .tables
            .iter()
            .find(|t| t.key == "cost_candidates")
            .unwrap();
        assert!(
            cand.rows
                .iter()
                .any(|row| row[0] == Value::Text("Marketing".into()))
        );
        assert_eq!(r.charts[0].x.len(), 27);
        assert!(
            r.charts[0]
                .series
                .iter()
                .any(|s| s.role == SeriesRole::Forecast)
        );
        for f in &r.findings {
            assert!(!f.text.en.is_empty() && !f.text.es.is_empty());
        }
    }

    #[test]
    fn budget_and_exports() {
        let g = ledger_grid();
        let rec = recognise(&g).unwrap();
        // Budget for Dec 2024: revenue 1630 (actual 1730 → +100, favourable), rent 150
        // (actual 100 → −50, favourable). Net income budget = 825 − 100 − 50 = 675.
        let opts = PnlOptions {
            budget: Some(vec![("Revenue".into(), 1630.0), ("Alquiler".into(), 150.0)]),
            ..PnlOptions::default()
        };
        let r = pnl_report(&g, &rec, &opts).unwrap();
        let v = r.tables.iter().find(|t| t.key == "variance").unwrap();
        let ni = v
            .rows
            .iter()
            .find(|row| row[0] == Value::Text("Net income".into()))
            .unwrap();
        assert_eq!(ni[2], Value::Number(675.0));
        assert_eq!(ni[3], Value::Number(150.0));
        let rev = v
            .rows
            .iter()
            .find(|row| row[0] == Value::Text("Revenue".into()))
            .unwrap();
        assert_eq!(rev[5], Value::Bool(true));
        assert_eq!(rev[6], Value::Bool(true));

        let q = crate::pnl::input::tests::qbo();
        let rec = recognise(&q).unwrap();
        let r = pnl_report(&q, &rec, &PnlOptions::default()).unwrap();
        assert!(!r.findings.iter().any(|f| f.key == "totals_mismatch"));
        let x = crate::pnl::input::tests::xero();
        let rec = recognise(&x).unwrap();
        let r = pnl_report(&x, &rec, &PnlOptions::default()).unwrap();
        let k = r.kpis.iter().find(|k| k.key == "net_income").unwrap();
        assert_eq!(k.value, Some(470.0));

        let avb = Grid::from_rows(vec![
            vec![
                Cell::text("Line"),
                Cell::text("Actual"),
                Cell::text("Budget"),
            ],
            vec![Cell::text("Revenue"), 1000.0.into(), 900.0.into()],
            vec![Cell::text("Rent"), 150.0.into(), 100.0.into()],
        ]);
        let rec = recognise(&avb).unwrap();
        let r = pnl_report(&avb, &rec, &PnlOptions::default()).unwrap();
        // Rent +50 (+50 %) over budget: material (≥ 1 % of 1000 and ≥ 5 %), unfavourable.
        assert!(
            r.findings
                .iter()
                .any(|f| f.severity == Severity::Warning && f.text.en.starts_with("Rent"))
        );

        let e = pnl_report(
            &g,
            &recognise(&g).unwrap(),
            &PnlOptions {
                horizon: 0,
                ..PnlOptions::default()
            },
        )
        .unwrap_err();
        assert_eq!(e.kind, crate::cells::ErrorKind::Num);
    }
}
