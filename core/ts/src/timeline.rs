//! Timeline regularisation: turns (date, value) pairs into an evenly spaced series, following the
//! rules Microsoft documents for Excel's `FORECAST.ETS` ("FORECAST.ETS function"):
//!
//! - the timeline does not need to be sorted (it is sorted here);
//! - values sharing a timestamp are combined with one of Excel's seven aggregations;
//! - after aggregation the timeline needs a consistent step: a number of days (daily, weekly, or
//!   any numeric step for plain-number timelines) or a number of calendar months (monthly,
//!   quarterly, yearly dates given as Excel serials);
//! - up to 30 % of the regular timeline may be missing; missing points are completed with the
//!   average of their neighbours (data completion 1) or with zeros (data completion 0).
//!
//! Also the Excel date-serial arithmetic (1900 date system, including Excel's fictitious
//! 1900-02-29 = serial 60).

use crate::Error;

/// Largest Excel serial (9999-12-31).
pub const MAX_SERIAL: f64 = 2_958_465.0;

/// Share of the regular timeline that may be missing (Excel: "up to 30 % missing data").
pub const MAX_MISSING_SHARE: f64 = 0.3;

/// True when `y` is a Gregorian leap year.
pub fn is_leap_year(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Number of days of month `m` (1–12) of year `y`; 0 for an invalid month.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the standard "days from civil" count).
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m as u32, d as u32)
}

/// Days from 1970-01-01 back to Excel's serial origin 1899-12-30 (valid from serial 61 on).
const SERIAL_EPOCH_OFFSET: i64 = 25_569;

/// The calendar date (year, month, day) of an Excel serial in the 1900 date system. The time of
/// day is ignored. Serial 0 is Excel's "1900-01-00", serial 60 its fictitious 1900-02-29.
/// `None` for negative serials, serials after 9999-12-31, or non-finite input.
pub fn serial_to_ymd(serial: f64) -> Option<(i32, u32, u32)> {
    if !serial.is_finite() || !(0.0..MAX_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    let s = serial.floor() as i64;
    match s {
        0 => Some((1900, 1, 0)),
        1..=59 => Some(civil_from_days(s - SERIAL_EPOCH_OFFSET + 1)),
        60 => Some((1900, 2, 29)),
        _ => Some(civil_from_days(s - SERIAL_EPOCH_OFFSET)),
    }
}

/// The Excel serial (1900 date system) of a calendar date. Accepts 1900-02-29 (serial 60) as
/// Excel does. `None` for dates before 1900-01-01, after 9999-12-31 or invalid days.
pub fn ymd_to_serial(y: i32, m: u32, d: u32) -> Option<f64> {
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    if (y, m, d) == (1900, 2, 29) {
        return Some(60.0);
    }
    if d > days_in_month(y, m) {
        return None;
    }
    let days = days_from_civil(y, m, d) + SERIAL_EPOCH_OFFSET;
    // Dates before 1900-03-01 sit one day lower because of the fictitious leap day.
    let serial = if days <= 60 { days - 1 } else { days };
    Some(serial as f64)
}

/// Excel's `WEEKDAY(serial)` (return type 1): 1 = Sunday … 7 = Saturday. Like Excel, serials
/// before 1900-03-01 inherit the fictitious leap day (serial 1 is a "Sunday").
pub fn weekday(serial: f64) -> Option<u32> {
    if !serial.is_finite() || !(0.0..MAX_SERIAL + 1.0).contains(&serial) {
        return None;
    }
    let s = serial.floor() as i64;
    Some(((s - 1).rem_euclid(7) + 1) as u32)
}

/// How values sharing a timestamp are combined (Excel's `aggregation` argument, 1–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregation {
    /// 1: AVERAGE (Excel's default).
    #[default]
    Average,
    /// 2: COUNT, the number of numeric values.
    Count,
    /// 3: COUNTA, the number of non-blank values.
    CountA,
    /// 4: MAX.
    Max,
    /// 5: MEDIAN.
    Median,
    /// 6: MIN.
    Min,
    /// 7: SUM.
    Sum,
}

impl Aggregation {
    /// The aggregation of Excel code 1–7; `None` for any other code.
    pub fn from_code(code: i64) -> Option<Aggregation> {
        Some(match code {
            1 => Aggregation::Average,
            2 => Aggregation::Count,
            3 => Aggregation::CountA,
            4 => Aggregation::Max,
            5 => Aggregation::Median,
            6 => Aggregation::Min,
            7 => Aggregation::Sum,
            _ => return None,
        })
    }

    /// Combines the values of one timestamp (`values` is not empty).
    fn apply(self, values: &mut [f64]) -> f64 {
        let n = values.len() as f64;
        match self {
            Aggregation::Average => values.iter().sum::<f64>() / n,
            Aggregation::Count | Aggregation::CountA => n,
            Aggregation::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            Aggregation::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
            Aggregation::Sum => values.iter().sum(),
            Aggregation::Median => {
                values.sort_by(f64::total_cmp);
                let m = values.len() / 2;
                match (values.get(m), m.checked_sub(1).and_then(|i| values.get(i))) {
                    (Some(hi), Some(lo)) if values.len().is_multiple_of(2) => (hi + lo) / 2.0,
                    (Some(hi), _) => *hi,
                    _ => f64::NAN,
                }
            }
        }
    }
}

/// The step of a regular timeline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// A fixed numeric step: days for date serials (1 daily, 7 weekly, 1/24 hourly), or any
    /// step of a plain-number timeline.
    Number(f64),
    /// A number of calendar months (1 monthly, 3 quarterly, 12 yearly) between dates that fall
    /// on the same day of the month (clamped to the month's length, so month ends work).
    Months {
        /// Months per step.
        months: u32,
        /// Day of the month of the dates (clamped to each month's length).
        day: u32,
    },
}

impl Step {
    /// The step as Excel's `FORECAST.ETS.STAT` type 8 reports it: the numeric step, or the
    /// average number of days of the calendar step for month-based timelines.
    pub fn size(&self) -> f64 {
        match *self {
            Step::Number(s) => s,
            Step::Months { months, .. } => f64::from(months) * 365.2425 / 12.0,
        }
    }

    /// A human-readable description ("daily", "weekly", "monthly", "every 0.5" …).
    pub fn describe(&self) -> String {
        match *self {
            Step::Number(1.0) => "daily (step 1)".to_string(),
            Step::Number(7.0) => "weekly (step 7)".to_string(),
            Step::Number(s) => format!("step {s}"),
            Step::Months { months: 1, .. } => "monthly".to_string(),
            Step::Months { months: 3, .. } => "quarterly".to_string(),
            Step::Months { months: 12, .. } => "yearly".to_string(),
            Step::Months { months, .. } => format!("every {months} months"),
        }
    }
}

/// Options of [`regularise`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegulariseOptions {
    /// How values sharing a timestamp are combined.
    pub aggregation: Aggregation,
    /// `true` (Excel's data completion 1): missing points get the average of their neighbours;
    /// `false` (0): missing points are zeros.
    pub complete: bool,
}

impl Default for RegulariseOptions {
    fn default() -> Self {
        RegulariseOptions {
            aggregation: Aggregation::Average,
            complete: true,
        }
    }
}

/// An evenly spaced series.
#[derive(Debug, Clone, PartialEq)]
pub struct RegularSeries {
    /// The values, one per step, oldest first, with missing points completed.
    pub values: Vec<f64>,
    /// The time of the first value.
    pub start: f64,
    /// The step between values.
    pub step: Step,
    /// How many points of the regular timeline had no value and were completed.
    pub missing: usize,
    /// How many input points were merged into another point with the same timestamp.
    pub duplicates: usize,
}

impl RegularSeries {
    /// The time (serial or number) of point `i` (may lie beyond the end, for forecasts).
    pub fn time_at(&self, i: usize) -> f64 {
        match self.step {
            Step::Number(s) => self.start + s * i as f64,
            Step::Months { months, day } => {
                let m0 = month_index(self.start).unwrap_or(0);
                serial_of_month(m0 + i64::from(months) * i as i64, day).unwrap_or(f64::NAN)
            }
        }
    }

    /// The time of the last point.
    pub fn end(&self) -> f64 {
        self.time_at(self.values.len().saturating_sub(1))
    }

    /// The position of time `t` on the regular timeline in steps (0 = first point; fractional
    /// between points). `None` when `t` is not a valid date for a month-based timeline.
    pub fn position_of(&self, t: f64) -> Option<f64> {
        match self.step {
            Step::Number(s) => Some((t - self.start) / s),
            Step::Months { months, day } => {
                let m0 = month_index(self.start)?;
                let mt = month_index(t)?;
                let anchor = serial_of_month(mt, day)?;
                let (y, m, _) = serial_to_ymd(t)?;
                let frac = (t - anchor) / f64::from(days_in_month(y, m).max(1));
                Some(((mt - m0) as f64 + frac) / f64::from(months))
            }
        }
    }

    /// How many steps `t` lies after the last point (0 at the last point, negative before it).
    pub fn steps_after_end(&self, t: f64) -> Option<f64> {
        let p = self.position_of(t)?;
        Some(p - (self.values.len() as f64 - 1.0))
    }
}

/// Months since year 0 of a serial's calendar date.
fn month_index(serial: f64) -> Option<i64> {
    let (y, m, _) = serial_to_ymd(serial)?;
    Some(i64::from(y) * 12 + i64::from(m) - 1)
}

/// The serial of day `day` (clamped to the month's length) of month index `mi`.
fn serial_of_month(mi: i64, day: u32) -> Option<f64> {
    let y = i32::try_from(mi.div_euclid(12)).ok()?;
    let m = (mi.rem_euclid(12) + 1) as u32;
    ymd_to_serial(y, m, day.min(days_in_month(y, m)))
}

/// Relative tolerance when comparing steps of floating-point timelines.
const STEP_TOL: f64 = 1e-6;

/// Detects a calendar-month step: every date is a whole serial on the same day of the month
/// (clamped to the month's length) and the month gaps are multiples of the smallest one.
fn month_step(times: &[f64]) -> Option<(Step, Vec<i64>)> {
    if times.len() < 2 || times.iter().any(|t| t.fract() != 0.0 || *t < 1.0) {
        return None;
    }
    let ymd: Vec<(i32, u32, u32)> = times
        .iter()
        .map(|t| serial_to_ymd(*t))
        .collect::<Option<_>>()?;
    // Serial 60 (the fictitious 1900-02-29) is not a real month anchor.
    if times.contains(&60.0) {
        return None;
    }
    let day = ymd.iter().map(|d| d.2).max()?;
    if ymd
        .iter()
        .any(|&(y, m, d)| d != day.min(days_in_month(y, m)))
    {
        return None;
    }
    let idx: Vec<i64> = ymd
        .iter()
        .map(|&(y, m, _)| i64::from(y) * 12 + i64::from(m) - 1)
        .collect();
    let gaps: Vec<i64> = idx.windows(2).map(|w| w[1] - w[0]).collect();
    let step = *gaps.iter().min()?;
    if step <= 0 || gaps.iter().any(|g| g % step != 0) {
        return None;
    }
    let first = *idx.first()?;
    let positions = idx.iter().map(|i| (i - first) / step).collect();
    Some((
        Step::Months {
            months: u32::try_from(step).ok()?,
            day,
        },
        positions,
    ))
}

/// Detects a numeric step: the smallest gap, with every gap a whole multiple of it.
fn number_step(times: &[f64]) -> Result<(Step, Vec<i64>), Error> {
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    let step = gaps.iter().copied().fold(f64::INFINITY, f64::min);
    if !(step.is_finite() && step > 0.0) {
        return Err(Error::NoConsistentStep(
            "the timeline needs at least two different dates".to_string(),
        ));
    }
    for (i, g) in gaps.iter().enumerate() {
        let r = g / step;
        if (r - r.round()).abs() > STEP_TOL * r.max(1.0) {
            let a = times.get(i).copied().unwrap_or(f64::NAN);
            let b = times.get(i + 1).copied().unwrap_or(f64::NAN);
            return Err(Error::NoConsistentStep(format!(
                "the smallest gap is {step} but the gap from {a} to {b} is {g}, which is not a multiple of it"
            )));
        }
    }
    let first = times.first().copied().unwrap_or(0.0);
    let positions = times
        .iter()
        .map(|t| ((t - first) / step).round() as i64)
        .collect();
    Ok((Step::Number(step), positions))
}

/// Regularises `(times, values)` into an evenly spaced series (see the module docs).
///
/// `times` and `values` must have the same length. A blank time (`None`) is allowed only when its
/// value is blank too (the row is ignored). A blank value is a missing point.
///
/// # Errors
/// [`Error::LengthMismatch`], [`Error::BlankTime`], [`Error::NotFinite`],
/// [`Error::TooShort`] (fewer than two distinct timestamps), [`Error::NoConsistentStep`],
/// [`Error::TooManyMissing`] (more than 30 % of the regular timeline without a value).
pub fn regularise(
    times: &[Option<f64>],
    values: &[Option<f64>],
    opts: &RegulariseOptions,
) -> Result<RegularSeries, Error> {
    if times.len() != values.len() {
        return Err(Error::LengthMismatch {
            values: values.len(),
            timeline: times.len(),
        });
    }
    let mut rows: Vec<(f64, Option<f64>)> = Vec::with_capacity(times.len());
    for (i, (t, v)) in times.iter().zip(values).enumerate() {
        match (t, v) {
            (None, None) => {}
            (None, Some(_)) => return Err(Error::BlankTime { position: i + 1 }),
            (Some(t), v) => {
                if !t.is_finite() || v.is_some_and(|v| !v.is_finite()) {
                    return Err(Error::NotFinite);
                }
                rows.push((*t, *v));
            }
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));

    // Group equal timestamps.
    let mut times_u: Vec<f64> = Vec::new();
    let mut groups: Vec<Vec<f64>> = Vec::new();
    let mut duplicates = 0;
    for (t, v) in rows {
        let same = times_u
            .last()
            .is_some_and(|last| (t - last).abs() <= 1e-9 * t.abs().max(1.0));
        if same {
            duplicates += 1;
            if let (Some(g), Some(v)) = (groups.last_mut(), v) {
                g.push(v);
            }
        } else {
            times_u.push(t);
            groups.push(v.into_iter().collect());
        }
    }
    if times_u.len() < 2 {
        return Err(Error::TooShort {
            needed: 2,
            got: times_u.len(),
        });
    }
    let (step, positions) = match month_step(&times_u) {
        Some(found) => found,
        None => number_step(&times_u)?,
    };
    let last = positions.last().copied().unwrap_or(0);
    let total_f = last as f64 + 1.0;
    // Bound the allocation before making it: at most 30 % may be missing.
    if total_f * (1.0 - MAX_MISSING_SHARE) > times_u.len() as f64 + 1e-9 {
        return Err(Error::TooManyMissing {
            missing: (total_f as usize).saturating_sub(times_u.len()),
            total: total_f as usize,
        });
    }
    let total = last as usize + 1;
    let mut slots: Vec<Option<f64>> = vec![None; total];
    for (pos, mut g) in positions.into_iter().zip(groups) {
        if g.is_empty() {
            continue;
        }
        if let Some(slot) = usize::try_from(pos).ok().and_then(|p| slots.get_mut(p)) {
            *slot = Some(opts.aggregation.apply(&mut g));
        }
    }
    let missing = slots.iter().filter(|s| s.is_none()).count();
    if missing as f64 > MAX_MISSING_SHARE * total as f64 + 1e-9 {
        return Err(Error::TooManyMissing { missing, total });
    }
    let values = fill(&slots, opts.complete);
    Ok(RegularSeries {
        values,
        start: times_u.first().copied().unwrap_or(0.0),
        step,
        missing,
        duplicates,
    })
}

/// Completes missing points: the average of the nearest value on each side (Excel's data
/// completion; one side only at the ends), or zeros.
fn fill(slots: &[Option<f64>], complete: bool) -> Vec<f64> {
    if !complete {
        return slots.iter().map(|s| s.unwrap_or(0.0)).collect();
    }
    let n = slots.len();
    let mut prev: Vec<Option<f64>> = Vec::with_capacity(n);
    let mut last = None;
    for s in slots {
        if s.is_some() {
            last = *s;
        }
        prev.push(last);
    }
    let mut out = vec![0.0; n];
    let mut next = None;
    for i in (0..n).rev() {
        let s = slots.get(i).copied().flatten();
        let v = match s {
            Some(v) => {
                next = Some(v);
                v
            }
            None => match (prev.get(i).copied().flatten(), next) {
                (Some(a), Some(b)) => (a + b) / 2.0,
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => 0.0,
            },
        };
        if let Some(o) = out.get_mut(i) {
            *o = v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(v: &[f64]) -> Vec<Option<f64>> {
        v.iter().map(|x| Some(*x)).collect()
    }

    #[test]
    fn serial_round_trips_match_excel() {
        // Reference values: Excel's DATE()/serials (1900 system), as documented by Microsoft
        // ("DATEVALUE function": 1900-01-01 is serial 1; 2008-01-01 is serial 39448) and the
        // well-known fictitious 1900-02-29 = 60.
        let table: &[((i32, u32, u32), f64)] = &[
            ((1900, 1, 1), 1.0),
            ((1900, 2, 28), 59.0),
            ((1900, 2, 29), 60.0),
            ((1900, 3, 1), 61.0),
            ((1970, 1, 1), 25_569.0),
            ((2008, 1, 1), 39_448.0),
            ((2000, 2, 29), 36_585.0),
            ((2024, 12, 31), 45_657.0),
            ((9999, 12, 31), 2_958_465.0),
        ];
        for &((y, m, d), s) in table {
            assert_eq!(ymd_to_serial(y, m, d), Some(s), "{y}-{m}-{d}");
            assert_eq!(serial_to_ymd(s), Some((y, m, d)), "serial {s}");
            assert_eq!(serial_to_ymd(s + 0.75), Some((y, m, d)), "time of day");
        }
        assert_eq!(serial_to_ymd(0.0), Some((1900, 1, 0)));
        assert_eq!(serial_to_ymd(-1.0), None);
        assert_eq!(serial_to_ymd(2_958_466.0), None);
        assert_eq!(ymd_to_serial(1899, 12, 31), None);
        assert_eq!(ymd_to_serial(2023, 2, 29), None);
        // Every serial round-trips.
        for s in 1..60_000 {
            let (y, m, d) = serial_to_ymd(f64::from(s)).unwrap();
            assert_eq!(ymd_to_serial(y, m, d), Some(f64::from(s)));
        }
    }

    #[test]
    fn weekday_matches_excel() {
        // Excel WEEKDAY(): serial 1 → 1 (Sunday, Excel's fiction); 2024-01-01 was a Monday → 2;
        // 1900-03-01 was a Thursday → 5.
        assert_eq!(weekday(1.0), Some(1));
        assert_eq!(weekday(61.0), Some(5));
        assert_eq!(weekday(45_292.0), Some(2));
        assert_eq!(weekday(45_292.5), Some(2));
        assert_eq!(weekday(-3.0), None);
    }

    #[test]
    fn daily_sorted_with_duplicates_and_gap() {
        let t = some(&[45_293.0, 45_292.0, 45_292.0, 45_295.0, 45_296.0]);
        let v = some(&[5.0, 1.0, 3.0, 9.0, 11.0]);
        let aggs: &[(Aggregation, f64)] = &[
            (Aggregation::Average, 2.0),
            (Aggregation::Max, 3.0),
            (Aggregation::Median, 2.0),
            (Aggregation::Min, 1.0),
            (Aggregation::Sum, 4.0),
            (Aggregation::Count, 2.0),
            (Aggregation::CountA, 2.0),
        ];
        for &(aggregation, first) in aggs {
            let counting = matches!(aggregation, Aggregation::Count | Aggregation::CountA);
            let r = regularise(
                &t,
                &v,
                &RegulariseOptions {
                    aggregation,
                    complete: true,
                },
            )
            .unwrap();
            assert_eq!(r.step, Step::Number(1.0));
            assert_eq!(r.start, 45_292.0);
            assert_eq!(r.duplicates, 1);
            assert_eq!(r.missing, 1);
            // The gap at 45 294 is the average of its neighbours (5 and 9, or counts 1 and 1).
            if counting {
                assert_eq!(r.values, vec![first, 1.0, 1.0, 1.0, 1.0]);
            } else {
                assert_eq!(r.values, vec![first, 5.0, 7.0, 9.0, 11.0]);
            }
        }
        let zeros = regularise(
            &t,
            &v,
            &RegulariseOptions {
                aggregation: Aggregation::Sum,
                complete: false,
            },
        )
        .unwrap();
        assert_eq!(zeros.values, vec![4.0, 5.0, 0.0, 9.0, 11.0]);
    }

    #[test]
    fn monthly_quarterly_yearly_and_month_ends() {
        let month_starts: Vec<f64> = (0..6)
            .map(|i| ymd_to_serial(2023, 1 + i, 1).unwrap())
            .collect();
        let r = regularise(
            &some(&month_starts),
            &some(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.step, Step::Months { months: 1, day: 1 });
        assert_eq!(r.time_at(6), ymd_to_serial(2023, 7, 1).unwrap());
        assert_eq!(
            r.steps_after_end(ymd_to_serial(2023, 9, 1).unwrap()),
            Some(3.0)
        );

        let ends: Vec<f64> = [(2023, 1, 31), (2023, 2, 28), (2023, 3, 31), (2023, 4, 30)]
            .iter()
            .map(|&(y, m, d)| ymd_to_serial(y, m, d).unwrap())
            .collect();
        let r = regularise(
            &some(&ends),
            &some(&[1.0, 2.0, 3.0, 4.0]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.step, Step::Months { months: 1, day: 31 });
        assert_eq!(r.time_at(4), ymd_to_serial(2023, 5, 31).unwrap());

        let quarters: Vec<f64> = [(2022, 1, 1), (2022, 4, 1), (2022, 10, 1), (2023, 1, 1)]
            .iter()
            .map(|&(y, m, d)| ymd_to_serial(y, m, d).unwrap())
            .collect();
        let r = regularise(
            &some(&quarters),
            &some(&[1.0, 2.0, 4.0, 5.0]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.step, Step::Months { months: 3, day: 1 });
        assert_eq!(r.values, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(r.step.describe(), "quarterly");

        let years: Vec<f64> = (2015..2020)
            .map(|y| ymd_to_serial(y, 6, 30).unwrap())
            .collect();
        let r = regularise(
            &some(&years),
            &some(&[1.0; 5]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(
            r.step,
            Step::Months {
                months: 12,
                day: 30
            }
        );
    }

    #[test]
    fn weekly_hourly_and_numeric_steps() {
        let weeks: Vec<f64> = (0..8).map(|i| 45_000.0 + 7.0 * f64::from(i)).collect();
        let r = regularise(
            &some(&weeks),
            &some(&[1.0; 8]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.step, Step::Number(7.0));
        let hours: Vec<f64> = (0..48).map(|i| 45_000.0 + f64::from(i) / 24.0).collect();
        let r = regularise(
            &some(&hours),
            &some(&[1.0; 48]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert!(matches!(r.step, Step::Number(s) if (s - 1.0 / 24.0).abs() < 1e-9));
        assert_eq!(r.values.len(), 48);
        let r = regularise(
            &some(&[0.5, 1.0, 2.0, 1.5]),
            &some(&[1.0, 2.0, 4.0, 3.0]),
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.step, Step::Number(0.5));
        assert_eq!(r.values, vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(r.steps_after_end(3.0), Some(2.0));
    }

    #[test]
    fn errors_are_precise() {
        let o = RegulariseOptions::default();
        assert_eq!(
            regularise(&some(&[1.0, 2.0]), &some(&[1.0]), &o),
            Err(Error::LengthMismatch {
                values: 1,
                timeline: 2
            })
        );
        assert_eq!(
            regularise(&[Some(1.0), None], &some(&[1.0, 2.0]), &o),
            Err(Error::BlankTime { position: 2 })
        );
        assert!(matches!(
            regularise(&some(&[1.0, 1.0]), &some(&[1.0, 2.0]), &o),
            Err(Error::TooShort { needed: 2, got: 1 })
        ));
        assert!(matches!(
            regularise(&some(&[1.0, 3.0, 6.0]), &some(&[1.0, 2.0, 3.0]), &o),
            Err(Error::NoConsistentStep(_))
        ));
        // 3 of 7 slots missing (43 %).
        assert_eq!(
            regularise(
                &some(&[1.0, 2.0, 3.0, 7.0]),
                &some(&[1.0, 2.0, 3.0, 4.0]),
                &o
            ),
            Err(Error::TooManyMissing {
                missing: 3,
                total: 7
            })
        );
        // A tiny step over a huge range must not allocate.
        assert!(matches!(
            regularise(&some(&[0.0, 1.0, 1e9]), &some(&[1.0, 2.0, 3.0]), &o),
            Err(Error::TooManyMissing { .. })
        ));
        // Exactly 30 % missing is allowed (3 of 10).
        let r = regularise(
            &some(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 10.0]),
            &some(&[1.0; 7]),
            &o,
        )
        .unwrap();
        assert_eq!(r.missing, 3);
    }

    #[test]
    fn blank_values_are_missing_points() {
        let r = regularise(
            &some(&[1.0, 2.0, 3.0, 4.0]),
            &[Some(2.0), None, Some(6.0), Some(8.0)],
            &RegulariseOptions::default(),
        )
        .unwrap();
        assert_eq!(r.values, vec![2.0, 4.0, 6.0, 8.0]);
        assert_eq!(r.missing, 1);
    }
}
