//! Cohort retention: customers grouped by the period of their first purchase, and the share of
//! each cohort that buys again in each later period.

use super::data::Transactions;
use aism_ts::timeline::{serial_to_ymd, ymd_to_serial};

/// The length of a cohort period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CohortPeriod {
    /// Weeks from Monday, labelled by their Monday ("2024-01-08").
    Week,
    /// Calendar months ("2024-01").
    Month,
    /// Calendar quarters ("2024-Q1").
    Quarter,
}

/// Most period offsets a matrix may have (ten years of months; 520 weeks).
pub const MAX_OFFSETS: usize = 520;

/// Excel serial of Monday 2024-01-01; weeks are counted from it (negative before).
const MONDAY: i64 = 45_292;

impl CohortPeriod {
    /// Parses "week" | "month" | "quarter" (also "semana", "mes", "trimestre" …).
    pub fn parse(s: &str) -> Option<CohortPeriod> {
        match crate::pnl::classify::fold(s.trim()).as_str() {
            "week" | "weekly" | "w" | "weeks" | "semana" | "semanal" | "semanas" => {
                Some(CohortPeriod::Week)
            }
            "month" | "monthly" | "m" | "months" | "mes" | "mensual" | "meses" => {
                Some(CohortPeriod::Month)
            }
            "quarter" | "quarterly" | "q" | "quarters" | "trimestre" | "trimestral" => {
                Some(CohortPeriod::Quarter)
            }
            _ => None,
        }
    }

    /// The running index of the period holding `day`.
    pub fn index(self, day: i64) -> Option<i64> {
        match self {
            CohortPeriod::Week => Some((day - MONDAY).div_euclid(7)),
            CohortPeriod::Month | CohortPeriod::Quarter => {
                let (y, m, _) = serial_to_ymd(day as f64)?;
                let y = i64::from(y);
                let m = i64::from(m) - 1;
                Some(if self == CohortPeriod::Month {
                    y * 12 + m
                } else {
                    y * 4 + m / 3
                })
            }
        }
    }

    /// The label of period `idx`.
    pub fn label(self, idx: i64) -> String {
        match self {
            CohortPeriod::Week => {
                let start = MONDAY + 7 * idx;
                match serial_to_ymd(start as f64) {
                    Some((y, m, d)) => format!("{y}-{m:02}-{d:02}"),
                    None => format!("week {idx}"),
                }
            }
            CohortPeriod::Month => format!("{}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1),
            CohortPeriod::Quarter => format!("{}-Q{}", idx.div_euclid(4), idx.rem_euclid(4) + 1),
        }
    }

    /// The first day of period `idx`, as an Excel serial.
    pub fn start(self, idx: i64) -> Option<f64> {
        match self {
            CohortPeriod::Week => Some((MONDAY + 7 * idx) as f64),
            CohortPeriod::Month => {
                ymd_to_serial(idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1, 1)
            }
            CohortPeriod::Quarter => ymd_to_serial(
                idx.div_euclid(4) as i32,
                3 * idx.rem_euclid(4) as u32 + 1,
                1,
            ),
        }
    }
}

/// One cohort's row of the retention matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    /// Period index of the cohort (first purchases).
    pub period: i64,
    /// Customers whose first purchase falls in the period.
    pub size: usize,
    /// Share of the cohort buying in period + offset, for each offset up to the last period of
    /// the data (offset 0 is 1).
    pub retention: Vec<f64>,
}

/// The retention matrix, cohorts in time order.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohorts {
    /// The period length.
    pub period: CohortPeriod,
    /// One row per cohort with at least one customer.
    pub rows: Vec<CohortRow>,
}

/// Why a matrix could not be built.
#[derive(Debug, Clone, PartialEq)]
pub enum CohortProblem {
    /// No transaction.
    Empty,
    /// The data span more periods than [`MAX_OFFSETS`].
    TooLong(usize),
}

/// Builds the retention matrix of the transactions.
pub fn cohorts(tx: &Transactions, period: CohortPeriod) -> Result<Cohorts, CohortProblem> {
    let idx: Vec<i64> = tx
        .day
        .iter()
        .map(|d| period.index(*d).unwrap_or(i64::MIN))
        .collect();
    let (Some(lo), Some(hi)) = (
        idx.iter().copied().filter(|i| *i != i64::MIN).min(),
        idx.iter().copied().max(),
    ) else {
        return Err(CohortProblem::Empty);
    };
    let span = (hi - lo + 1) as usize;
    if span > MAX_OFFSETS {
        return Err(CohortProblem::TooLong(span));
    }
    // First period per customer, then the distinct (customer, period) pairs.
    let mut first = vec![i64::MAX; tx.names.len()];
    for (c, p) in tx.customer.iter().zip(&idx) {
        if *p != i64::MIN {
            let f = &mut first[*c as usize];
            *f = (*f).min(*p);
        }
    }
    let mut pairs: Vec<(u32, i64)> = tx
        .customer
        .iter()
        .zip(&idx)
        .filter(|(_, p)| **p != i64::MIN)
        .map(|(c, p)| (*c, *p))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut size = vec![0usize; span];
    for f in first.iter().filter(|f| **f != i64::MAX) {
        size[(f - lo) as usize] += 1;
    }
    let mut active = vec![vec![0usize; span]; span];
    for (c, p) in pairs {
        let f = first[c as usize];
        active[(f - lo) as usize][(p - f) as usize] += 1;
    }
    let rows = (0..span)
        .filter(|&k| size[k] > 0)
        .map(|k| CohortRow {
            period: lo + k as i64,
            size: size[k],
            retention: active[k][..span - k]
                .iter()
                .map(|a| *a as f64 / size[k] as f64)
                .collect(),
        })
        .collect();
    Ok(Cohorts { period, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serial(y: i32, m: u32, d: u32) -> f64 {
        ymd_to_serial(y, m, d).unwrap()
    }

    #[test]
    fn retention_by_month_counts_each_customer_once_per_period() {
        let mut t = Transactions::default();
        for (id, d) in [
            ("a", serial(2024, 1, 5)),
            ("a", serial(2024, 1, 20)), // same month twice: once
            ("a", serial(2024, 3, 1)),
            ("b", serial(2024, 1, 9)),
            ("b", serial(2024, 2, 9)),
            ("c", serial(2024, 2, 1)),
            ("c", serial(2024, 3, 2)),
            ("d", serial(2024, 2, 28)),
        ] {
            t.push(id, Some(d), 1.0).unwrap();
        }
        let m = cohorts(&t, CohortPeriod::Month).unwrap();
        assert_eq!(m.rows.len(), 2);
        let jan = &m.rows[0];
        assert_eq!(CohortPeriod::Month.label(jan.period), "2024-01");
        assert_eq!(jan.size, 2);
        assert_eq!(jan.retention, vec![1.0, 0.5, 0.5]);
        let feb = &m.rows[1];
        assert_eq!((feb.size, feb.retention.clone()), (2, vec![1.0, 0.5]));
        let q = cohorts(&t, CohortPeriod::Quarter).unwrap();
        assert_eq!(q.rows.len(), 1);
        assert_eq!(q.rows[0].size, 4);
        assert_eq!(CohortPeriod::Quarter.label(q.rows[0].period), "2024-Q1");
    }

    #[test]
    fn weeks_start_on_monday() {
        let p = CohortPeriod::Week;
        let mon = serial(2024, 1, 8);
        assert_eq!(p.index(mon as i64), p.index(mon as i64 + 6));
        assert_ne!(p.index(mon as i64), p.index(mon as i64 - 1));
        let i = p.index(mon as i64 + 3).unwrap();
        assert_eq!(p.label(i), "2024-01-08");
        assert_eq!(p.start(i), Some(mon));
        // 2023-12-31 (a Sunday) belongs to the week of Monday 2023-12-25.
        let sun = p.index(serial(2023, 12, 31) as i64).unwrap();
        assert_eq!(p.label(sun), "2023-12-25");
    }

    #[test]
    fn too_long_a_span_is_refused() {
        let mut t = Transactions::default();
        t.push("a", Some(serial(2000, 1, 1)), 1.0).unwrap();
        t.push("a", Some(serial(2020, 1, 1)), 1.0).unwrap();
        assert_eq!(
            cohorts(&t, CohortPeriod::Week),
            Err(CohortProblem::TooLong(1045))
        );
        assert!(cohorts(&t, CohortPeriod::Month).is_ok());
        assert_eq!(
            cohorts(&Transactions::default(), CohortPeriod::Month),
            Err(CohortProblem::Empty)
        );
    }
}
