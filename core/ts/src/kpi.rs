//! Sales KPIs on a daily series (SPEC §2.1), all computed "as of" the last date in the data —
//! never from a clock.
//!
//! Rules:
//! - Dates are Excel serials (1900 system); a fractional part (time of day) is ignored; rows with
//!   the same date are summed; blank amounts are skipped. A day inside the data's span without any
//!   row counts as 0 sales.
//! - A comparison window is available only when the data starts on or before the window's first
//!   day; otherwise it is `None`. A relative change is `current / previous − 1`, `None` when the
//!   previous value is not positive.
//! - Week over week: the last 7 days (as-of day included) against the 7 days before them.
//! - Month to date (MTD): from the 1st of the as-of month to the as-of day. It is compared with
//!   the same days of the previous month and of the same month a year earlier, day numbers clamped
//!   to that month's length (MTD on 31 March is compared with 1–29 February in a leap year).
//! - Run-rate: projected month total = MTD + (average daily sales of the last 28 days, as-of day
//!   included) × days left in the month after the as-of day. 28 days hold exactly four of each
//!   weekday, so a weekly pattern does not bias the average.
//! - Best and worst days: the highest and lowest daily totals among days with data (the earliest
//!   on ties).
//! - Contribution by category: total and share of the overall total; growth = sum over the last
//!   28 days − sum over the 28 days before; share of growth = category growth / total growth
//!   (`None` when the total growth is 0).

use crate::Error;
use crate::timeline::{days_in_month, serial_to_ymd, ymd_to_serial};
use std::collections::BTreeMap;

/// The headline KPIs of a daily sales series.
#[derive(Debug, Clone, PartialEq)]
pub struct SalesKpis {
    /// The as-of date (serial): the last date in the data.
    pub as_of: f64,
    /// Sales on the as-of day.
    pub last_day: f64,
    /// Sales on the day before.
    pub previous_day: Option<f64>,
    /// Day-over-day relative change.
    pub day_over_day: Option<f64>,
    /// Sales of the last 7 days.
    pub last_7: f64,
    /// Sales of the 7 days before.
    pub previous_7: Option<f64>,
    /// Week-over-week relative change.
    pub week_over_week: Option<f64>,
    /// Month to date.
    pub mtd: f64,
    /// Same days of the previous month.
    pub mtd_last_month: Option<f64>,
    /// MTD relative change against the previous month.
    pub mtd_vs_last_month: Option<f64>,
    /// Same days of the same month a year earlier.
    pub mtd_last_year: Option<f64>,
    /// MTD relative change against last year.
    pub mtd_vs_last_year: Option<f64>,
    /// Average daily sales of the last 28 days.
    pub avg_daily_28: f64,
    /// Days left in the month after the as-of day.
    pub days_left: u32,
    /// Projected month total: MTD + `avg_daily_28` × `days_left`.
    pub run_rate: f64,
    /// (date serial, sales) of the best day.
    pub best_day: (f64, f64),
    /// (date serial, sales) of the worst day.
    pub worst_day: (f64, f64),
    /// Total sales in the data.
    pub total: f64,
    /// Number of days with data.
    pub days_with_data: usize,
    /// Number of calendar days from the first to the last date.
    pub span_days: usize,
    /// Average daily sales over the span.
    pub average_daily: f64,
}

/// Daily totals keyed by integer serial.
fn daily_totals(dates: &[f64], amounts: &[Option<f64>]) -> Result<BTreeMap<i64, f64>, Error> {
    if dates.len() != amounts.len() {
        return Err(Error::LengthMismatch {
            values: amounts.len(),
            timeline: dates.len(),
        });
    }
    let mut map = BTreeMap::new();
    for (d, a) in dates.iter().zip(amounts) {
        let Some(a) = a else { continue };
        if !d.is_finite() || !a.is_finite() {
            return Err(Error::NotFinite);
        }
        *map.entry(d.floor() as i64).or_insert(0.0) += a;
    }
    if map.is_empty() {
        return Err(Error::TooShort { needed: 1, got: 0 });
    }
    Ok(map)
}

struct Daily {
    map: BTreeMap<i64, f64>,
    first: i64,
    last: i64,
}

impl Daily {
    fn sum(&self, from: i64, to: i64) -> f64 {
        if from > to {
            return 0.0;
        }
        self.map.range(from..=to).map(|(_, v)| v).sum()
    }
    /// The sum over `from..=to` when the data covers `from`.
    fn covered_sum(&self, from: i64, to: i64) -> Option<f64> {
        (from >= self.first).then(|| self.sum(from, to))
    }
}

fn change(cur: f64, prev: Option<f64>) -> Option<f64> {
    prev.filter(|p| *p > 0.0).map(|p| cur / p - 1.0)
}

fn out_of_range() -> Error {
    Error::InvalidArgument("a date is outside 1900-01-01 … 9999-12-31".to_string())
}

/// Serial (integer day) of a civil date, `None` out of Excel's range.
fn serial(y: i32, m: u32, d: u32) -> Option<i64> {
    ymd_to_serial(y, m, d).map(|s| s as i64)
}

/// Serial of a civil date with the day clamped to the month's length.
fn clamped_serial(y: i32, m: u32, d: u32) -> Option<i64> {
    serial(y, m, d.min(days_in_month(y, m)))
}

/// The KPIs of the daily series `dates` (serials) / `amounts` as of its last date.
///
/// Errors: `LengthMismatch` when the two differ in length, `NotFinite` for a NaN/infinite date
/// or amount, `TooShort` when no amount is present.
pub fn sales_kpis(dates: &[f64], amounts: &[Option<f64>]) -> Result<SalesKpis, Error> {
    let map = daily_totals(dates, amounts)?;
    let (Some((&first, _)), Some((&last, _))) = (map.first_key_value(), map.last_key_value())
    else {
        return Err(Error::TooShort { needed: 1, got: 0 });
    };
    let daily = Daily { map, first, last };
    let last_day = daily.sum(last, last);
    let previous_day = daily.covered_sum(last - 1, last - 1);
    let last_7 = daily.sum(last - 6, last);
    let previous_7 = daily.covered_sum(last - 13, last - 7);

    let (y, m, d) = serial_to_ymd(last as f64).ok_or_else(out_of_range)?;
    let month_start = serial(y, m, 1).ok_or_else(out_of_range)?;
    let mtd = daily.sum(month_start, last);
    let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    // Before 1900 there is no comparison period (None), not an error.
    let window = |yy: i32, mm: u32| Some((serial(yy, mm, 1)?, clamped_serial(yy, mm, d)?));
    let mtd_last_month = window(py, pm).and_then(|(a, b)| daily.covered_sum(a, b));
    let mtd_last_year = window(y - 1, m).and_then(|(a, b)| daily.covered_sum(a, b));

    let from_28 = (last - 27).max(daily.first);
    let n_28 = (last - from_28 + 1) as f64;
    let avg_daily_28 = daily.sum(from_28, last) / n_28;
    let days_left = days_in_month(y, m).saturating_sub(d);
    let run_rate = mtd + avg_daily_28 * f64::from(days_left);

    let mut best = (last, f64::NEG_INFINITY);
    let mut worst = (last, f64::INFINITY);
    for (&k, &v) in &daily.map {
        if v > best.1 {
            best = (k, v);
        }
        if v < worst.1 {
            worst = (k, v);
        }
    }
    let total: f64 = daily.map.values().sum();
    let span_days = (daily.last - daily.first + 1) as usize;
    Ok(SalesKpis {
        as_of: last as f64,
        last_day,
        previous_day,
        day_over_day: change(last_day, previous_day),
        last_7,
        previous_7,
        week_over_week: change(last_7, previous_7),
        mtd,
        mtd_last_month,
        mtd_vs_last_month: change(mtd, mtd_last_month),
        mtd_last_year,
        mtd_vs_last_year: change(mtd, mtd_last_year),
        avg_daily_28,
        days_left,
        run_rate,
        best_day: (best.0 as f64, best.1),
        worst_day: (worst.0 as f64, worst.1),
        total,
        days_with_data: daily.map.len(),
        span_days,
        average_daily: total / span_days as f64,
    })
}

/// One category's contribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The category (product, channel, region …).
    pub category: String,
    /// Total sales of the category.
    pub total: f64,
    /// Share of the overall total.
    pub share: Option<f64>,
    /// Sales of the last 28 days.
    pub recent: f64,
    /// Sales of the 28 days before.
    pub previous: f64,
    /// `recent − previous`.
    pub growth: f64,
    /// Share of the overall growth (`None` when the overall growth is 0).
    pub growth_share: Option<f64>,
}

/// Contribution of each category to the total and to the growth of the last 28 days against the
/// 28 before, largest total first. Blank categories are grouped under `""`.
///
/// Errors: as [`sales_kpis`]; `LengthMismatch` when `categories` differs in length.
pub fn contribution(
    dates: &[f64],
    amounts: &[Option<f64>],
    categories: &[String],
) -> Result<Vec<Contribution>, Error> {
    if categories.len() != amounts.len() {
        return Err(Error::LengthMismatch {
            values: amounts.len(),
            timeline: categories.len(),
        });
    }
    let all = daily_totals(dates, amounts)?;
    let last = all.last_key_value().map(|(k, _)| *k).unwrap_or(0);
    let mut by: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for ((d, a), c) in dates.iter().zip(amounts).zip(categories) {
        let Some(a) = a else { continue };
        let day = d.floor() as i64;
        let e = by.entry(c.trim()).or_insert((0.0, 0.0, 0.0));
        e.0 += a;
        if day > last - 28 {
            e.1 += a;
        } else if day > last - 56 {
            e.2 += a;
        }
    }
    let total: f64 = by.values().map(|v| v.0).sum();
    let growth: f64 = by.values().map(|v| v.1 - v.2).sum();
    let mut out: Vec<Contribution> = by
        .into_iter()
        .map(|(c, (t, r, p))| Contribution {
            category: c.to_string(),
            total: t,
            share: (total != 0.0).then(|| t / total),
            recent: r,
            previous: p,
            growth: r - p,
            growth_share: (growth != 0.0).then(|| (r - p) / growth),
        })
        .collect();
    out.sort_by(|a, b| b.total.total_cmp(&a.total));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> f64 {
        ymd_to_serial(y, m, d).unwrap()
    }

    /// 2023-03-01 … 2024-03-14: 50 a day, except February 2024 (80 a day) and March 2024
    /// (100 + day of month).
    fn fixture() -> (Vec<f64>, Vec<Option<f64>>) {
        let start = ymd(2023, 3, 1) as i64;
        let end = ymd(2024, 3, 14) as i64;
        let mut dates = Vec::new();
        let mut amounts = Vec::new();
        for s in start..=end {
            let (y, m, d) = serial_to_ymd(s as f64).unwrap();
            let a = match (y, m) {
                (2024, 2) => 80.0,
                (2024, 3) => 100.0 + f64::from(d),
                _ => 50.0,
            };
            dates.push(s as f64);
            amounts.push(Some(a));
        }
        (dates, amounts)
    }

    #[test]
    fn hand_computed_kpis() {
        let (dates, amounts) = fixture();
        let k = sales_kpis(&dates, &amounts).unwrap();
        assert_eq!(k.as_of, ymd(2024, 3, 14));
        assert_eq!(k.last_day, 114.0);
        assert_eq!(k.previous_day, Some(113.0));
        assert!((k.day_over_day.unwrap() - (114.0 / 113.0 - 1.0)).abs() < 1e-12);
        // 8–14 March: 7·100 + (8+…+14 = 77) = 777; 1–7 March: 700 + 28 = 728.
        assert_eq!(k.last_7, 777.0);
        assert_eq!(k.previous_7, Some(728.0));
        // MTD 1–14 March: 1400 + 105 = 1505; 1–14 Feb 2024: 14·80 = 1120; 1–14 Mar 2023: 700.
        assert_eq!(k.mtd, 1505.0);
        assert_eq!(k.mtd_last_month, Some(1120.0));
        assert_eq!(k.mtd_last_year, Some(700.0));
        assert!((k.mtd_vs_last_year.unwrap() - 1505.0 / 700.0 + 1.0).abs() < 1e-12);
        // Last 28 days = 16–29 Feb (14·80 = 1120) + MTD 1505 = 2625 → 93.75 a day;
        // 17 days left → run-rate 1505 + 93.75·17 = 3098.75.
        assert_eq!(k.avg_daily_28, 93.75);
        assert_eq!(k.days_left, 17);
        assert_eq!(k.run_rate, 3098.75);
        assert_eq!(k.best_day, (ymd(2024, 3, 14), 114.0));
        assert_eq!(k.worst_day, (ymd(2023, 3, 1), 50.0));
        // 306·50 (Mar–Dec 2023) + 31·50 + 29·80 + 1505 = 20675 over 380 days.
        assert_eq!(k.total, 20_675.0);
        assert_eq!(k.span_days, 380);
        assert_eq!(k.days_with_data, 380);
    }

    #[test]
    fn month_end_clamps_and_missing_history() {
        // As of 31 March 2024, the previous month's same days are 1–29 February.
        let mut dates = Vec::new();
        let mut amounts = Vec::new();
        for s in ymd(2024, 2, 1) as i64..=ymd(2024, 3, 31) as i64 {
            dates.push(s as f64);
            amounts.push(Some(10.0));
        }
        // A duplicate row on the last day is summed; a blank amount is skipped.
        dates.push(ymd(2024, 3, 31));
        amounts.push(Some(5.0));
        dates.push(ymd(2024, 3, 30));
        amounts.push(None);
        let k = sales_kpis(&dates, &amounts).unwrap();
        assert_eq!(k.last_day, 15.0);
        assert_eq!(k.mtd, 315.0);
        assert_eq!(k.mtd_last_month, Some(290.0));
        assert_eq!(k.mtd_last_year, None);
        assert_eq!(k.mtd_vs_last_year, None);
        assert_eq!(k.days_left, 0);
        assert_eq!(k.run_rate, 315.0);
    }

    #[test]
    fn contribution_hand_computed() {
        // 56 days; "A" sells 10 a day throughout, "B" 5 a day in the first 28 days and 20 a day
        // in the last 28. Totals: A 560, B 700 → shares 560/1260, 700/1260. Growth: A 0,
        // B 28·15 = 420 → shares of growth 0 and 1.
        let mut dates = Vec::new();
        let mut amounts = Vec::new();
        let mut cats = Vec::new();
        for i in 0..56 {
            let d = 45_000.0 + f64::from(i);
            dates.push(d);
            amounts.push(Some(10.0));
            cats.push("A".to_string());
            dates.push(d);
            amounts.push(Some(if i < 28 { 5.0 } else { 20.0 }));
            cats.push("B".to_string());
        }
        let c = contribution(&dates, &amounts, &cats).unwrap();
        assert_eq!(c[0].category, "B");
        assert_eq!(c[0].total, 700.0);
        assert!((c[0].share.unwrap() - 700.0 / 1260.0).abs() < 1e-12);
        assert_eq!(c[0].growth, 420.0);
        assert_eq!(c[0].growth_share, Some(1.0));
        assert_eq!(c[1].category, "A");
        assert_eq!(c[1].growth, 0.0);
        assert_eq!(c[1].growth_share, Some(0.0));
    }

    #[test]
    fn errors() {
        assert!(matches!(
            sales_kpis(&[1.0, 2.0], &[Some(1.0)]),
            Err(Error::LengthMismatch { .. })
        ));
        assert!(matches!(
            sales_kpis(&[45_000.0], &[None]),
            Err(Error::TooShort { .. })
        ));
        assert!(matches!(
            sales_kpis(&[f64::NAN], &[Some(1.0)]),
            Err(Error::NotFinite)
        ));
        assert!(matches!(
            contribution(&[1.0], &[Some(1.0)], &[]),
            Err(Error::LengthMismatch { .. })
        ));
    }
}
