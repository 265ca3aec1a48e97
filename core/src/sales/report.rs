//! The daily sales report (SPEC §2.1): regularised timeline, forecast with intervals, anomalies,
//! changepoints, KPIs and contribution, as a host-neutral [`Report`] in English and Spanish.
//!
//! Finding scores share one scale so they rank together: an anomaly scores its |robust score|
//! (≥ the sensitivity, 3 by default); a changepoint 3 + 10·|relative change of the 28-period
//! average across it| (at most 9, reported from 3 % on); month-to-date, run-rate and week-over-week findings 1–2 + 10·|relative change| (at most 6);
//! the forecast summary 1.

use crate::cells::CellError;
use crate::report::{
    Chart, ChartKind, Finding, Format, Kpi, Report, Series, SeriesRole, Severity, Table, Text,
    Value, finding,
};
use crate::sales::detect_fns::ts_error;
use aism_ts::anomaly::{self, AnomalyOptions};
use aism_ts::kpi::{self, SalesKpis};
use aism_ts::timeline::{self, Aggregation, RegularSeries, RegulariseOptions, Step};

const FN: &str = "Sales report";

/// What the sales report reads: a date column, an amount column and optionally a category.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesInput {
    /// Dates as Excel serials, one per row.
    pub dates: Vec<f64>,
    /// Amounts, one per row (`None` = blank).
    pub amounts: Vec<Option<f64>>,
    /// The amount column's name ("Sales").
    pub amount_name: String,
    /// A category column (name, one value per row): product, channel or region.
    pub category: Option<(String, Vec<String>)>,
}

/// Options of the sales report.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SalesOptions {
    /// Forecast horizon in steps of the timeline (days for daily data).
    pub horizon: usize,
    /// Anomaly sensitivity in robust standard deviations.
    pub sensitivity: f64,
    /// Coverage of the forecast's prediction interval, in (0, 1).
    pub level: f64,
}

impl Default for SalesOptions {
    fn default() -> Self {
        SalesOptions {
            horizon: 28,
            sensitivity: anomaly::DEFAULT_SENSITIVITY,
            level: 0.95,
        }
    }
}

/// Largest forecast horizon the report accepts.
pub const MAX_HORIZON: usize = 3660;

// ---------------------------------------------------------------------------------------------
// Formatting in English and Spanish.

/// Groups the integer digits of `s` (ASCII digits, optional leading '-') with `sep`.
fn group(int: &str, sep: char) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// `x` with `decimals` decimals: English "1,820.5", Spanish "1.820,5".
pub(crate) fn num(x: f64, decimals: usize, spanish: bool) -> String {
    let s = format!("{:.*}", decimals, x);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let (ts, ds) = if spanish { ('.', ',') } else { (',', '.') };
    let mut out = group(&int, ts);
    if let Some(f) = frac {
        out.push(ds);
        out.push_str(&f);
    }
    if out == "-0" { "0".to_string() } else { out }
}

/// An amount: no decimals from 100 on, else up to 2.
pub(crate) fn amount(x: f64, spanish: bool) -> String {
    num(x, if x.abs() >= 100.0 { 0 } else { 2 }, spanish)
}

/// A relative change as a signed percentage with one decimal: "+4.1 %" / "+4,1 %".
fn pct(x: f64, spanish: bool) -> String {
    let s = num(100.0 * x, 1, spanish);
    if x >= 0.0 {
        format!("+{s} %")
    } else {
        format!("{s} %")
    }
}

/// A magnitude as a percentage with one decimal, no sign: "4.1 %" / "4,1 %".
pub(crate) fn pct_abs(x: f64, spanish: bool) -> String {
    format!("{} %", num(100.0 * x.abs(), 1, spanish))
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const MONTHS_LONG_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_LONG_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

/// A serial as "14 Mar 2024" / "14 mar 2024".
pub(crate) fn date(serial: f64, spanish: bool) -> String {
    match timeline::serial_to_ymd(serial) {
        Some((y, m, d)) => {
            let names = if spanish { &MONTHS_ES } else { &MONTHS_EN };
            let name = names.get(m as usize - 1).copied().unwrap_or("?");
            format!("{d} {name} {y}")
        }
        None => num(serial, 0, spanish),
    }
}

/// The full month name of a serial: "March" / "marzo".
pub(crate) fn month_name(serial: f64, spanish: bool) -> String {
    let m = timeline::serial_to_ymd(serial).map_or(1, |(_, m, _)| m);
    let names = if spanish {
        &MONTHS_LONG_ES
    } else {
        &MONTHS_LONG_EN
    };
    names
        .get(m as usize - 1)
        .copied()
        .unwrap_or("?")
        .to_string()
}

fn up_down(x: f64, spanish: bool) -> &'static str {
    match (x >= 0.0, spanish) {
        (true, false) => "up",
        (false, false) => "down",
        (true, true) => "un aumento",
        (false, true) => "una caída",
    }
}

// ---------------------------------------------------------------------------------------------
// Forecast.

/// A forecast for the report.
struct Fc {
    mean: Vec<f64>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    method: String,
}

/// Forecasts `y` `horizon` steps ahead with the `aism-ts` automatic model (seasonality detected).
fn forecast(y: &[f64], opts: &SalesOptions) -> Result<Fc, CellError> {
    use aism_ts::forecast::{ForecastOptions, Method, Seasonality};
    let r = aism_ts::forecast::forecast(
        y,
        &ForecastOptions {
            horizon: opts.horizon,
            seasonality: Seasonality::Auto,
            level: opts.level,
            model: Method::Auto,
        },
    )
    .map_err(|e| ts_error(FN, e))?;
    Ok(Fc {
        mean: r.mean,
        lower: r.lower,
        upper: r.upper,
        method: r.method,
    })
}

// ---------------------------------------------------------------------------------------------
// The report.

fn check(input: &SalesInput, opts: &SalesOptions) -> Result<(), CellError> {
    if input.dates.len() != input.amounts.len() {
        return Err(CellError::na(format!(
            "{FN}: the date column has {} rows but the amount column has {}. Select columns of the same length.",
            input.dates.len(),
            input.amounts.len()
        )));
    }
    if let Some((name, cats)) = &input.category
        && cats.len() != input.amounts.len()
    {
        return Err(CellError::na(format!(
            "{FN}: the category column '{name}' has {} rows but the amount column has {}. Select columns of the same length.",
            cats.len(),
            input.amounts.len()
        )));
    }
    if opts.horizon == 0 || opts.horizon > MAX_HORIZON {
        return Err(CellError::num(format!(
            "{FN}: the horizon must be between 1 and {MAX_HORIZON}, but it is {}.",
            opts.horizon
        )));
    }
    if !(opts.sensitivity.is_finite() && opts.sensitivity > 0.0) {
        return Err(CellError::num(format!(
            "{FN}: the sensitivity must be greater than 0 (3 is usual), but it is {}.",
            opts.sensitivity
        )));
    }
    if !(opts.level > 0.0 && opts.level < 1.0) {
        return Err(CellError::num(format!(
            "{FN}: the confidence level must be between 0 and 1 (e.g. 0.95), but it is {}.",
            opts.level
        )));
    }
    Ok(())
}

fn periods_for(step: &Step) -> Vec<usize> {
    match *step {
        Step::Number(s) if (s - 1.0).abs() < 1e-9 => vec![7, 365],
        Step::Number(s) if (s - 7.0).abs() < 1e-9 => vec![52],
        Step::Months { months: 1, .. } => vec![12],
        Step::Months { months: 3, .. } => vec![4],
        _ => Vec::new(),
    }
}

/// Observed values on the regular timeline (`None` where the step had no data).
fn observed(series: &RegularSeries, input: &SalesInput) -> Vec<Option<f64>> {
    let n = series.values.len();
    let mut seen = vec![false; n];
    for (d, a) in input.dates.iter().zip(&input.amounts) {
        if a.is_none() {
            continue;
        }
        if let Some(pos) = series.position_of(*d) {
            let k = pos.round();
            if k >= 0.0
                && let Some(s) = seen.get_mut(k as usize)
            {
                *s = true;
            }
        }
    }
    series
        .values
        .iter()
        .zip(&seen)
        .map(|(v, s)| s.then_some(*v))
        .collect()
}

fn kpi_row(
    key: &str,
    en: &str,
    es: &str,
    value: Option<f64>,
    format: Format,
    change: Option<f64>,
) -> Kpi {
    Kpi {
        key: key.to_string(),
        label: Text::new(en, es),
        value,
        format,
        change,
    }
}

fn kpis(k: &SalesKpis) -> Vec<Kpi> {
    use Format::{Currency, Date};
    vec![
        kpi_row(
            "as_of",
            "As of",
            "Fecha de corte",
            Some(k.as_of),
            Date,
            None,
        ),
        kpi_row(
            "last_day",
            "Last day",
            "Último día",
            Some(k.last_day),
            Currency,
            k.day_over_day,
        ),
        kpi_row(
            "last_7_days",
            "Last 7 days",
            "Últimos 7 días",
            Some(k.last_7),
            Currency,
            k.week_over_week,
        ),
        kpi_row(
            "mtd_total",
            "Month to date",
            "Mes hasta la fecha",
            Some(k.mtd),
            Currency,
            k.mtd_vs_last_month,
        ),
        kpi_row(
            "mtd_last_month",
            "Same days last month",
            "Mismos días del mes anterior",
            k.mtd_last_month,
            Currency,
            None,
        ),
        kpi_row(
            "mtd_last_year",
            "Same days last year",
            "Mismos días del año anterior",
            k.mtd_last_year,
            Currency,
            k.mtd_vs_last_year,
        ),
        kpi_row(
            "run_rate",
            "Month-end run-rate",
            "Proyección a fin de mes",
            Some(k.run_rate),
            Currency,
            None,
        ),
        kpi_row(
            "avg_daily_28",
            "Daily average, last 28 days",
            "Promedio diario, últimos 28 días",
            Some(k.avg_daily_28),
            Currency,
            None,
        ),
        kpi_row(
            "best_day",
            "Best day",
            "Mejor día",
            Some(k.best_day.1),
            Currency,
            None,
        ),
        kpi_row(
            "worst_day",
            "Worst day",
            "Peor día",
            Some(k.worst_day.1),
            Currency,
            None,
        ),
        kpi_row("total", "Total", "Total", Some(k.total), Currency, None),
    ]
}

fn change_score(base: f64, change: f64) -> f64 {
    (base + 10.0 * change.abs()).min(6.0)
}

/// Builds the sales report of `input` (see the module docs).
///
/// Errors: `#N/A` when the columns differ in length; `#NUM!` for a bad option, too few points,
/// no variation, a timeline without a consistent step or with more than 30 % missing.
pub fn sales_report(input: &SalesInput, opts: &SalesOptions) -> Result<Report, CellError> {
    check(input, opts)?;
    let times: Vec<Option<f64>> = input.dates.iter().copied().map(Some).collect();
    let series = timeline::regularise(
        &times,
        &input.amounts,
        &RegulariseOptions {
            aggregation: Aggregation::Sum,
            complete: true,
        },
    )
    .map_err(|e| ts_error(FN, e))?;
    let n = series.values.len();
    let obs = observed(&series, input);
    let periods = periods_for(&series.step);
    let daily = matches!(series.step, Step::Number(s) if (s - 1.0).abs() < 1e-9);
    let name_en = if input.amount_name.trim().is_empty() {
        "Sales".to_string()
    } else {
        input.amount_name.trim().to_string()
    };
    let name_es = if input.amount_name.trim().is_empty() {
        "Ventas".to_string()
    } else {
        name_en.clone()
    };

    let an = anomaly::anomalies(
        &obs,
        &AnomalyOptions {
            periods: periods.clone(),
            sensitivity: opts.sensitivity,
        },
    )
    .map_err(|e| ts_error(FN, e))?;
    let cps = aism_ts::changepoint::detect(&obs, &periods).map_err(|e| ts_error(FN, e))?;
    let fc = forecast(&series.values, opts)?;
    let kp = if daily {
        Some(kpi::sales_kpis(&input.dates, &input.amounts).map_err(|e| ts_error(FN, e))?)
    } else {
        None
    };
    let contrib = match &input.category {
        Some((_, cats)) => Some(
            kpi::contribution(&input.dates, &input.amounts, cats).map_err(|e| ts_error(FN, e))?,
        ),
        None => None,
    };

    let mut findings: Vec<Finding> = Vec::new();

    // Anomalies, strongest first.
    let mut flagged: Vec<(usize, f64)> = (0..n)
        .filter(|&t| an.flag.get(t).copied().flatten() == Some(true))
        .filter_map(|t| an.score.get(t).copied().flatten().map(|s| (t, s)))
        .collect();
    flagged.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    // Points within one step of a detected change are the change itself, not anomalies: they
    // stay in the table and the chart but get no finding of their own.
    let near_change = |t: usize| cps.iter().any(|&c| t + 1 >= c && t <= c + 1);
    let to_report: Vec<(usize, f64)> = flagged
        .iter()
        .copied()
        .filter(|&(t, _)| !near_change(t))
        .collect();
    for &(t, s) in to_report.iter().take(5) {
        let d = series.time_at(t);
        let e = an.expected.get(t).copied().unwrap_or(f64::NAN);
        let a = obs.get(t).copied().flatten().unwrap_or(f64::NAN);
        let (above_en, above_es) = if s >= 0.0 {
            ("above", "por encima de")
        } else {
            ("below", "por debajo de")
        };
        let mut f = finding(
            "anomaly",
            if s.abs() >= 2.0 * opts.sensitivity {
                Severity::Alert
            } else {
                Severity::Warning
            },
            s.abs(),
            format!(
                "{name_en} on {} were {} robust SD {above_en} the expected {} (actual {}).",
                date(d, false),
                num(s.abs(), 1, false),
                amount(e, false),
                amount(a, false)
            ),
            format!(
                "{name_es} del {} estuvieron {} DE robustas {above_es} lo esperado ({}; real {}).",
                date(d, true),
                num(s.abs(), 1, true),
                amount(e, true),
                amount(a, true)
            ),
        );
        f.numbers = vec![
            ("date".into(), d),
            ("actual".into(), a),
            ("expected".into(), e),
            ("score".into(), s),
        ];
        findings.push(f);
    }
    if to_report.len() > 5 {
        findings.push(finding(
            "anomaly_count",
            Severity::Info,
            opts.sensitivity,
            format!(
                "{} points in all were flagged as anomalies at a sensitivity of {}.",
                flagged.len(),
                num(opts.sensitivity, 1, false)
            ),
            format!(
                "En total se marcaron {} puntos como anomalías con una sensibilidad de {}.",
                flagged.len(),
                num(opts.sensitivity, 1, true)
            ),
        ));
    }

    // Changepoints: average level of the segment before and after each change.
    let exp_values: Vec<f64> = an.expected.clone();
    let clean: Vec<f64> = (0..n)
        .map(|t| match (obs.get(t).copied().flatten(), an.flag.get(t)) {
            (Some(v), Some(Some(false))) => v,
            _ => exp_values.get(t).copied().unwrap_or(0.0),
        })
        .collect();
    let mut bounds = vec![0usize];
    bounds.extend(cps.iter().copied());
    bounds.push(n);
    let seg_mean = |a: usize, b: usize| -> f64 {
        let s = clean.get(a..b).unwrap_or(&[]);
        s.iter().sum::<f64>() / s.len().max(1) as f64
    };
    // Level before/after each change: averages of up to 28 cleaned values on each side (within
    // the neighbouring segments). A finding only for changes of at least 3 %; the table lists
    // every change.
    let mut cp_rows = Vec::new();
    for w in bounds.windows(3) {
        let (a, b, c) = (w[0], w[1], w[2]);
        let before = seg_mean(b.saturating_sub(28).max(a), b);
        let after = seg_mean(b, (b + 28).min(c));
        let rel = if before.abs() > 0.0 {
            after / before - 1.0
        } else {
            0.0
        };
        let d = series.time_at(b);
        cp_rows.push(vec![
            Value::Number(d),
            Value::Number(before),
            Value::Number(after),
            Value::Number(rel),
        ]);
        if rel.abs() < 0.03 {
            continue;
        }
        let mut f = finding(
            "changepoint",
            Severity::Warning,
            (3.0 + 10.0 * rel.abs()).min(9.0),
            format!(
                "{name_en} changed level or trend on {}: the average went from {} to {} per period ({}).",
                date(d, false),
                amount(before, false),
                amount(after, false),
                pct(rel, false)
            ),
            format!(
                "{name_es} cambiaron de nivel o tendencia el {}: el promedio pasó de {} a {} por periodo ({}).",
                date(d, true),
                amount(before, true),
                amount(after, true),
                pct(rel, true)
            ),
        );
        f.numbers = vec![
            ("date".into(), d),
            ("before".into(), before),
            ("after".into(), after),
            ("change".into(), rel),
        ];
        findings.push(f);
    }
    // Trend of the last segment: OLS slope of the cleaned values, per 28 steps, relative to the
    // segment's level.
    let last_start = bounds
        .get(bounds.len().saturating_sub(2))
        .copied()
        .unwrap_or(0);
    if let Some(seg) = clean.get(last_start..) {
        let m = seg.len() as f64;
        if m >= 28.0 {
            let tbar = (m - 1.0) / 2.0;
            let ybar = seg.iter().sum::<f64>() / m;
            let (mut sxy, mut sxx) = (0.0, 0.0);
            for (i, v) in seg.iter().enumerate() {
                let dt = i as f64 - tbar;
                sxy += dt * (v - ybar);
                sxx += dt * dt;
            }
            let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
            let rel28 = if ybar.abs() > 0.0 {
                slope * 28.0 / ybar
            } else {
                0.0
            };
            if rel28.abs() >= 0.01 {
                let since = series.time_at(last_start);
                findings.push(finding(
                    "trend",
                    Severity::Info,
                    change_score(1.0, rel28),
                    format!(
                        "Since {} {name_en} have been trending {} by about {} every 28 periods ({} per period).",
                        date(since, false),
                        up_down(rel28, false),
                        pct_abs(rel28, false),
                        amount(slope, false)
                    ),
                    format!(
                        "Desde el {} {name_es} muestran una tendencia con {} de alrededor de {} cada 28 periodos ({} por periodo).",
                        date(since, true),
                        up_down(rel28, true),
                        pct_abs(rel28, true),
                        amount(slope, true)
                    ),
                ));
            }
        }
    }

    // KPI findings.
    if let Some(k) = &kp {
        if let Some(ch) = k.mtd_vs_last_month {
            let ly_en = match (k.mtd_last_year, k.mtd_vs_last_year) {
                (Some(v), Some(c)) => format!(
                    " and {} on the same days last year ({}, {})",
                    up_down(c, false),
                    amount(v, false),
                    pct(c, false)
                ),
                _ => String::new(),
            };
            let ly_es = match (k.mtd_last_year, k.mtd_vs_last_year) {
                (Some(v), Some(c)) => format!(
                    " y {} frente a los mismos días del año anterior ({}, {})",
                    up_down(c, true),
                    amount(v, true),
                    pct(c, true)
                ),
                _ => String::new(),
            };
            findings.push(finding(
                "mtd",
                Severity::Info,
                change_score(2.0, ch),
                format!(
                    "Month-to-date {name_en} are {}, {} {} on the same days of last month ({}){ly_en}.",
                    amount(k.mtd, false),
                    up_down(ch, false),
                    pct_abs(ch, false),
                    amount(k.mtd_last_month.unwrap_or(0.0), false)
                ),
                format!(
                    "{name_es} del mes hasta la fecha: {}, {} del {} frente a los mismos días del mes anterior ({}){ly_es}.",
                    amount(k.mtd, true),
                    up_down(ch, true),
                    pct_abs(ch, true),
                    amount(k.mtd_last_month.unwrap_or(0.0), true)
                ),
            ));
        }
        findings.push(finding(
            "run_rate",
            Severity::Info,
            2.0,
            format!(
                "At the pace of the last 28 days ({} a day), {} should close at about {} ({} so far, {} days left).",
                amount(k.avg_daily_28, false),
                month_name(k.as_of, false),
                amount(k.run_rate, false),
                amount(k.mtd, false),
                k.days_left
            ),
            format!(
                "Al ritmo de los últimos 28 días ({} al día), {} cerraría en unos {} ({} hasta ahora, quedan {} días).",
                amount(k.avg_daily_28, true),
                month_name(k.as_of, true),
                amount(k.run_rate, true),
                amount(k.mtd, true),
                k.days_left
            ),
        ));
        if let (Some(ch), Some(prev)) = (k.week_over_week, k.previous_7) {
            findings.push(finding(
                "week_over_week",
                Severity::Info,
                change_score(1.0, ch),
                format!(
                    "The last 7 days brought {}, {} {} on the previous 7 days ({}).",
                    amount(k.last_7, false),
                    up_down(ch, false),
                    pct_abs(ch, false),
                    amount(prev, false)
                ),
                format!(
                    "Los últimos 7 días sumaron {}, {} del {} frente a los 7 anteriores ({}).",
                    amount(k.last_7, true),
                    up_down(ch, true),
                    pct_abs(ch, true),
                    amount(prev, true)
                ),
            ));
        }
    }
    let fc_total: f64 = fc.mean.iter().sum();
    findings.push(finding(
        "forecast",
        Severity::Info,
        1.0,
        format!(
            "The forecast for the next {} periods totals {} ({}).",
            opts.horizon,
            amount(fc_total, false),
            fc.method
        ),
        format!(
            "El pronóstico de los próximos {} periodos suma {} ({}).",
            opts.horizon,
            amount(fc_total, true),
            fc.method
        ),
    ));
    findings.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Tables.
    let mut tables = Vec::new();
    let future: Vec<f64> = (0..opts.horizon).map(|h| series.time_at(n + h)).collect();
    tables.push(Table {
        key: "forecast".into(),
        title: Text::new("Forecast", "Pronóstico"),
        columns: vec![
            Text::new("Date", "Fecha"),
            Text::new("Forecast", "Pronóstico"),
            Text::new("Lower", "Mínimo"),
            Text::new("Upper", "Máximo"),
        ],
        formats: vec![
            Format::Date,
            Format::Currency,
            Format::Currency,
            Format::Currency,
        ],
        rows: (0..opts.horizon)
            .map(|h| {
                vec![
                    Value::Number(future.get(h).copied().unwrap_or(f64::NAN)),
                    Value::Number(fc.mean.get(h).copied().unwrap_or(f64::NAN)),
                    Value::Number(fc.lower.get(h).copied().unwrap_or(f64::NAN)),
                    Value::Number(fc.upper.get(h).copied().unwrap_or(f64::NAN)),
                ]
            })
            .collect(),
    });
    tables.push(Table {
        key: "anomalies".into(),
        title: Text::new("Anomalies", "Anomalías"),
        columns: vec![
            Text::new("Date", "Fecha"),
            Text::new("Actual", "Real"),
            Text::new("Expected", "Esperado"),
            Text::new("Robust score", "Puntuación robusta"),
        ],
        formats: vec![
            Format::Date,
            Format::Currency,
            Format::Currency,
            Format::Number,
        ],
        rows: flagged
            .iter()
            .map(|&(t, s)| {
                vec![
                    Value::Number(series.time_at(t)),
                    obs.get(t)
                        .copied()
                        .flatten()
                        .map_or(Value::Null, Value::Number),
                    Value::Number(an.expected.get(t).copied().unwrap_or(f64::NAN)),
                    Value::Number(s),
                ]
            })
            .collect(),
    });
    tables.push(Table {
        key: "changepoints".into(),
        title: Text::new("Changes of level", "Cambios de nivel"),
        columns: vec![
            Text::new("From", "Desde"),
            Text::new("Average of 28 before", "Promedio de 28 antes"),
            Text::new("Average of 28 after", "Promedio de 28 después"),
            Text::new("Change", "Cambio"),
        ],
        formats: vec![
            Format::Date,
            Format::Currency,
            Format::Currency,
            Format::Percent,
        ],
        rows: cp_rows,
    });
    if let (Some(c), Some((cat_name, _))) = (&contrib, &input.category) {
        tables.push(Table {
            key: "contribution".into(),
            title: Text::new(
                format!("Contribution by {cat_name}"),
                format!("Contribución por {cat_name}"),
            ),
            columns: vec![
                Text::new(cat_name.clone(), cat_name.clone()),
                Text::new("Total", "Total"),
                Text::new("Share of total", "Parte del total"),
                Text::new("Growth (last 28 days)", "Crecimiento (últimos 28 días)"),
                Text::new("Share of growth", "Parte del crecimiento"),
            ],
            formats: vec![
                Format::Number,
                Format::Currency,
                Format::Percent,
                Format::Currency,
                Format::Percent,
            ],
            rows: c
                .iter()
                .map(|r| {
                    vec![
                        Value::Text(r.category.clone()),
                        Value::Number(r.total),
                        r.share.map_or(Value::Null, Value::Number),
                        Value::Number(r.growth),
                        r.growth_share.map_or(Value::Null, Value::Number),
                    ]
                })
                .collect(),
        });
    }

    // Chart: history then forecast on one date axis.
    let mut x: Vec<f64> = (0..n).map(|t| series.time_at(t)).collect();
    x.extend(future.iter().copied());
    let pad = |mut v: Vec<Option<f64>>| {
        v.resize(n + opts.horizon, None);
        v
    };
    let future_only = |f: &[f64]| -> Vec<Option<f64>> {
        let mut v = vec![None; n];
        v.extend(f.iter().map(|x| Some(*x)));
        v
    };
    let chart = Chart {
        key: "sales".into(),
        kind: ChartKind::Line,
        title: Text::new(
            format!("{name_en}: actual, expected and forecast"),
            format!("{name_es}: real, esperado y pronóstico"),
        ),
        x,
        x_is_date: true,
        series: vec![
            Series {
                name: Text::new("Actual", "Real"),
                role: SeriesRole::Actual,
                values: pad(obs.clone()),
            },
            Series {
                name: Text::new("Expected", "Esperado"),
                role: SeriesRole::Expected,
                values: pad(an.expected.iter().map(|v| Some(*v)).collect()),
            },
            Series {
                name: Text::new("Forecast", "Pronóstico"),
                role: SeriesRole::Forecast,
                values: future_only(&fc.mean),
            },
            Series {
                name: Text::new("Lower", "Mínimo"),
                role: SeriesRole::Lower,
                values: future_only(&fc.lower),
            },
            Series {
                name: Text::new("Upper", "Máximo"),
                role: SeriesRole::Upper,
                values: future_only(&fc.upper),
            },
            Series {
                name: Text::new("Anomaly", "Anomalía"),
                role: SeriesRole::Anomaly,
                values: pad((0..n)
                    .map(|t| match an.flag.get(t).copied().flatten() {
                        Some(true) => obs.get(t).copied().flatten(),
                        _ => None,
                    })
                    .collect()),
            },
        ],
        labels: Vec::new(),
    };

    // Notes.
    let mut notes = Vec::new();
    let blanks = input.amounts.iter().filter(|a| a.is_none()).count();
    if blanks > 0 {
        notes.push(Text::new(
            format!("{blanks} rows with a blank amount were skipped."),
            format!("Se omitieron {blanks} filas con el importe en blanco."),
        ));
    }
    if series.duplicates > 0 {
        notes.push(Text::new(
            format!(
                "{} rows sharing a date with another row were added to it (sum).",
                series.duplicates
            ),
            format!(
                "{} filas con la misma fecha que otra se sumaron a ella.",
                series.duplicates
            ),
        ));
    }
    if series.missing > 0 {
        notes.push(Text::new(
            format!(
                "{} of {n} periods had no data; the forecast used the neighbours' average there, and they were not scored as anomalies.",
                series.missing
            ),
            format!(
                "{} de {n} periodos no tenían datos; el pronóstico usó el promedio de los vecinos y no se evaluaron como anomalías.",
                series.missing
            ),
        ));
    }
    notes.push(Text::new(
        format!(
            "Timeline: {} from {} to {}; seasonal period used for anomalies: {}; forecast: {}.",
            series.step.describe(),
            date(series.start, false),
            date(series.end(), false),
            an.period.map_or("none".to_string(), |p| p.to_string()),
            fc.method
        ),
        format!(
            "Línea de tiempo: {} del {} al {}; periodo estacional para anomalías: {}; pronóstico: {}.",
            series.step.describe(),
            date(series.start, true),
            date(series.end(), true),
            an.period.map_or("ninguno".to_string(), |p| p.to_string()),
            fc.method
        ),
    ));
    if kp.is_none() {
        notes.push(Text::new(
            "The timeline is not daily, so the daily KPIs were left out.",
            "La línea de tiempo no es diaria, por lo que se omitieron los KPI diarios.",
        ));
    }

    Ok(Report {
        system: "sales".into(),
        title: Text::new(
            format!("Daily sales report: {name_en}"),
            format!("Informe de ventas diarias: {name_es}"),
        ),
        kpis: kp.as_ref().map(kpis).unwrap_or_default(),
        tables,
        charts: vec![chart],
        findings,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(num(1820.0, 0, false), "1,820");
        assert_eq!(num(1820.0, 0, true), "1.820");
        assert_eq!(num(3.24, 1, false), "3.2");
        assert_eq!(num(3.24, 1, true), "3,2");
        assert_eq!(num(-1_234_567.891, 2, true), "-1.234.567,89");
        assert_eq!(num(999.0, 0, false), "999");
        assert_eq!(num(-0.01, 0, false), "0");
        assert_eq!(pct(0.041, false), "+4.1 %");
        assert_eq!(pct(-0.125, true), "-12,5 %");
        assert_eq!(date(45_365.0, false), "14 Mar 2024");
        assert_eq!(date(45_365.0, true), "14 mar 2024");
    }

    /// Two years of daily sales from 1 Jan 2023: weekly pattern, mild yearly wave, deterministic
    /// noise, a spike of +2500 on 14 Mar 2024 and a +30 % level shift from 1 Jul 2024 … but the
    /// series ends on 31 Dec 2024, so the shift lasts six months.
    fn synthetic() -> SalesInput {
        let start = timeline::ymd_to_serial(2023, 1, 1).unwrap();
        let spike = timeline::ymd_to_serial(2024, 3, 14).unwrap();
        let shift = timeline::ymd_to_serial(2024, 7, 1).unwrap();
        let pattern = [0.0, 60.0, 80.0, 70.0, 100.0, 200.0, -150.0];
        let mut dates = Vec::new();
        let mut amounts = Vec::new();
        let mut cats = Vec::new();
        for i in 0..731 {
            let d = start + f64::from(i);
            let noise = 30.0 * (((i * 7919) % 101) as f64 / 50.0 - 1.0);
            let wave = 100.0 * (2.0 * std::f64::consts::PI * f64::from(i) / 365.25).sin();
            let mut v = 1800.0 + pattern[(i % 7) as usize] + wave + noise;
            if d >= shift {
                v *= 1.3;
            }
            if d == spike {
                v += 2500.0;
            }
            // Two channels: 60 % online, 40 % store.
            dates.push(d);
            amounts.push(Some(0.6 * v));
            cats.push("Online".to_string());
            dates.push(d);
            amounts.push(Some(0.4 * v));
            cats.push("Store".to_string());
        }
        // A blank row and a gap of one day (2 Feb 2023).
        let gap = timeline::ymd_to_serial(2023, 2, 2).unwrap();
        let keep: Vec<bool> = dates.iter().map(|d| *d != gap).collect();
        let mut it = keep.iter();
        dates.retain(|_| *it.next().unwrap());
        let mut it = keep.iter();
        amounts.retain(|_| *it.next().unwrap());
        let mut it = keep.iter();
        cats.retain(|_| *it.next().unwrap());
        dates.push(start + 10.0);
        amounts.push(None);
        cats.push("Online".to_string());
        SalesInput {
            dates,
            amounts,
            amount_name: "Sales".into(),
            category: Some(("Channel".into(), cats)),
        }
    }

    #[test]
    fn two_year_report() {
        let input = synthetic();
        let opts = SalesOptions {
            horizon: 21,
            ..Default::default()
        };
        let r = sales_report(&input, &opts).unwrap();
        for f in &r.findings {
            println!("{:>5.2} {}\n      {}", f.score, f.text.en, f.text.es);
        }
        let spike = timeline::ymd_to_serial(2024, 3, 14).unwrap();
        // The spike is the top finding, in both languages.
        let top = &r.findings[0];
        assert_eq!(top.key, "anomaly", "{:#?}", r.findings);
        assert!(top.numbers.contains(&("date".to_string(), spike)));
        assert!(
            top.text.en.starts_with("Sales on 14 Mar 2024 were "),
            "{}",
            top.text.en
        );
        assert!(
            top.text.es.starts_with("Sales del 14 mar 2024 estuvieron "),
            "{}",
            top.text.es
        );
        // The level shift is found within two days.
        let shift = timeline::ymd_to_serial(2024, 7, 1).unwrap();
        let cp: Vec<f64> = r
            .findings
            .iter()
            .filter(|f| f.key == "changepoint")
            .filter_map(|f| f.numbers.first().map(|n| n.1))
            .collect();
        assert!(cp.iter().any(|d| (d - shift).abs() <= 2.0), "{cp:?}");
        // Forecast table has `horizon` rows starting the day after the last date.
        let fc = r.tables.iter().find(|t| t.key == "forecast").unwrap();
        assert_eq!(fc.rows.len(), 21);
        assert_eq!(
            fc.rows[0][0],
            Value::Number(timeline::ymd_to_serial(2025, 1, 1).unwrap())
        );
        // Every text exists in both languages.
        for f in &r.findings {
            assert!(!f.text.en.is_empty() && !f.text.es.is_empty());
            assert_ne!(f.text.en, f.text.es);
        }
        for k in &r.kpis {
            assert!(!k.label.en.is_empty() && !k.label.es.is_empty());
        }
        // Notes: the blank row, the duplicate dates (two channels) and the gap.
        assert!(r.notes.iter().any(|n| n.en.contains("blank")));
        assert!(r.notes.iter().any(|n| n.en.contains("(sum)")));
        assert!(r.notes.iter().any(|n| n.en.starts_with("1 of 731 periods")));
        // KPIs as of 31 Dec 2024, contribution 60/40.
        let as_of = r.kpis.iter().find(|k| k.key == "as_of").unwrap();
        assert_eq!(
            as_of.value,
            Some(timeline::ymd_to_serial(2024, 12, 31).unwrap())
        );
        let c = r.tables.iter().find(|t| t.key == "contribution").unwrap();
        assert_eq!(c.rows[0][0], Value::Text("Online".into()));
        match c.rows[0][2] {
            Value::Number(s) => assert!((s - 0.6).abs() < 0.01),
            ref other => panic!("{other:?}"),
        }
        // The chart spans history + horizon.
        assert_eq!(r.charts[0].x.len(), 731 + 21);
        assert!(r.charts[0].series.iter().all(|s| s.values.len() == 752));
        let anomaly_points = r.charts[0]
            .series
            .iter()
            .find(|s| s.role == SeriesRole::Anomaly)
            .unwrap();
        let spike_pos = (spike - timeline::ymd_to_serial(2023, 1, 1).unwrap()) as usize;
        assert!(anomaly_points.values[spike_pos].is_some());
        // Serialises for hosts.
        assert!(
            serde_json::to_string(&r)
                .unwrap()
                .contains("\"system\":\"sales\"")
        );
    }

    #[test]
    fn report_errors() {
        let mut input = synthetic();
        input.amounts.pop();
        let e = sales_report(&input, &SalesOptions::default()).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::NotAvailable);
        let input = synthetic();
        for opts in [
            SalesOptions {
                horizon: 0,
                ..Default::default()
            },
            SalesOptions {
                sensitivity: 0.0,
                ..Default::default()
            },
            SalesOptions {
                level: 1.0,
                ..Default::default()
            },
        ] {
            let e = sales_report(&input, &opts).unwrap_err();
            assert_eq!(e.kind, crate::ErrorKind::Num);
        }
        let flat = SalesInput {
            dates: (0..30).map(|i| 45_000.0 + f64::from(i)).collect(),
            amounts: vec![Some(5.0); 30],
            amount_name: String::new(),
            category: None,
        };
        let e = sales_report(&flat, &SalesOptions::default()).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::Num);
        assert!(e.message.contains("do not vary"), "{}", e.message);
    }
}
