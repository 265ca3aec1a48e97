//! The datasets of in-sheet exercises: one generator per system, each a realistic table written
//! into a new sheet at A1, header first. A dataset is a function of its parameters and the
//! exercise's seed only, and uses nothing but additions, multiplications, divisions and
//! comparisons of IEEE doubles, so the host (WASM) and the server (native) generate the same bits;
//! a logarithm or cosine could differ in the last place between their maths libraries.

use crate::cells::{Cell, Grid};
use aism_ts::learn::SplitMix64;
use serde::{Deserialize, Serialize};

/// How an exercise's dataset is generated (always the same cells for the same seed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Dataset {
    /// `Date | Sales`: daily sales with a level, a linear trend, a weekly pattern, noise and
    /// optional one-day spikes.
    DailySales {
        /// Number of days (7–3,650).
        days: usize,
        /// First date as a spreadsheet serial (45292 = 2024-01-01).
        start: f64,
        /// Sales on the first day.
        level: f64,
        /// Change per day.
        trend: f64,
        /// Weekly amplitude as a share of the level (0.2 = ±20 %).
        weekly: f64,
        /// Noise standard deviation as a share of the level.
        noise: f64,
        /// Days (0-based) whose sales are multiplied by a factor: planted anomalies.
        #[serde(default)]
        spikes: Vec<Spike>,
    },
    /// `Date | Account | Amount`: a monthly ledger (one row per account and month, dated the
    /// 28th) with numbered accounts: two revenue lines, cost of goods sold as a share of product
    /// sales, five operating expenses and income tax. Revenue is positive, costs negative.
    Ledger {
        /// Number of months (2–60).
        months: usize,
        /// First month's year.
        year: i32,
        /// First month (1–12).
        month: u32,
        /// Product sales in the first month.
        revenue: f64,
        /// Growth of revenue per month (0.02 = 2 %).
        growth: f64,
        /// Noise standard deviation as a share of each amount.
        noise: f64,
        /// One month (0-based) whose marketing spend is multiplied by a factor.
        #[serde(default)]
        overspend: Option<Spike>,
    },
    /// `Line | Type | Actual | Budget`: one month's P&L lines against their budget.
    Budget {
        /// Budgeted product sales; the other lines are fixed shares of it.
        revenue: f64,
        /// Noise of the actuals around the budget, as a share.
        noise: f64,
    },
    /// `Week | <item> …`: weekly demand per item, one column each.
    WeeklyDemand {
        /// Number of weeks (8–520).
        weeks: usize,
        /// The items.
        items: Vec<DemandItem>,
    },
    /// `Week | Price | Units`: weekly price tests with linear demand around a reference price.
    PriceTests {
        /// Number of weeks (8–520).
        weeks: usize,
        /// The prices tried, in turn (at least two different ones).
        prices: Vec<f64>,
        /// Units sold at price 0 (the intercept of the demand line).
        intercept: f64,
        /// Units lost per unit of price.
        slope: f64,
        /// Noise standard deviation as a share of the expected units.
        noise: f64,
    },
    /// `Customer | Date | Amount`: orders of customers who buy at their own pace and may stop.
    Orders {
        /// Number of customers (5–5,000).
        customers: usize,
        /// Length of the period in days (30–3,650).
        days: usize,
        /// First day as a spreadsheet serial.
        start: f64,
        /// Mean days between two orders of a customer.
        mean_gap: f64,
        /// Mean order amount.
        mean_amount: f64,
    },
}

/// A planted change: the value on day (or month) `at` is multiplied by `factor`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Spike {
    /// 0-based position.
    pub at: usize,
    /// Multiplier (2.5 = two and a half times the usual value).
    pub factor: f64,
}

/// One item of a [`Dataset::WeeklyDemand`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemandItem {
    /// Column header (`SKU-101`).
    pub name: String,
    /// Mean demand in a week with demand.
    pub mean: f64,
    /// Standard deviation of the demand in a week with demand.
    pub sd: f64,
    /// Probability that a week has demand (1 for smooth demand).
    #[serde(default = "one")]
    pub occurrence: f64,
}

fn one() -> f64 {
    1.0
}

/// An approximately standard normal draw: the sum of 12 uniforms minus 6 (Irwin–Hall), only
/// additions.
fn normal(rng: &mut SplitMix64) -> f64 {
    (0..12).map(|_| rng.next_f64()).sum::<f64>() - 6.0
}

/// sin(2πk/7) to three decimals: the weekly shape, as constants (see the module comment).
const WEEK: [f64; 7] = [0.0, 0.782, 0.975, 0.434, -0.434, -0.975, -0.782];

/// Rounded to cents.
fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The spreadsheet serial of `year-month-day` (the year clamped to 1901–9000, a valid date).
fn serial(year: i32, month: u32, day: u32) -> f64 {
    aism_ts::timeline::ymd_to_serial(year.clamp(1901, 9000), month, day).unwrap_or(0.0)
}

/// Accounts of [`Dataset::Ledger`]: name, share of product sales (revenue lines positive,
/// costs negative).
const LEDGER: [(&str, f64); 9] = [
    ("4000 Product sales", 1.0),
    ("4100 Service revenue", 0.18),
    ("5000 Cost of goods sold", -0.42),
    ("6100 Rent", -0.08),
    ("6200 Salaries", -0.22),
    ("6300 Marketing", -0.07),
    ("6400 Software", -0.03),
    ("6500 Travel", -0.02),
    ("9000 Income tax", -0.06),
];

/// Lines of [`Dataset::Budget`]: name, type, share of the budgeted product sales.
const BUDGET: [(&str, &str, f64); 8] = [
    ("Product sales", "revenue", 1.0),
    ("Service revenue", "revenue", 0.18),
    ("Cost of goods sold", "expense", 0.42),
    ("Rent", "expense", 0.08),
    ("Salaries", "expense", 0.22),
    ("Marketing", "expense", 0.07),
    ("Software", "expense", 0.03),
    ("Travel", "expense", 0.02),
];

/// The dataset generated by `dataset` from `seed`: header first, as it is written at A1.
pub fn generate(dataset: &Dataset, seed: u64) -> Grid {
    let mut rng = SplitMix64::new(seed);
    let rng = &mut rng;
    let rows = match dataset {
        Dataset::DailySales {
            days,
            start,
            level,
            trend,
            weekly,
            noise,
            spikes,
        } => {
            let mut rows = vec![vec![Cell::text("Date"), Cell::text("Sales")]];
            for d in 0..(*days).clamp(7, 3650) {
                let day = d as f64;
                let season = weekly * level * WEEK[d % 7];
                let mut y = level + trend * day + season + noise * level * normal(rng);
                for s in spikes.iter().filter(|s| s.at == d) {
                    y *= s.factor;
                }
                rows.push(vec![
                    Cell::Number(start + day),
                    Cell::Number(cents(y.max(0.0))),
                ]);
            }
            rows
        }
        Dataset::Ledger {
            months,
            year,
            month,
            revenue,
            growth,
            noise,
            overspend,
        } => {
            let mut rows = vec![vec![
                Cell::text("Date"),
                Cell::text("Account"),
                Cell::text("Amount"),
            ]];
            let month0 = (*month).clamp(1, 12);
            let mut sales = *revenue;
            for m in 0..(*months).clamp(2, 60) {
                let index = (month0 - 1) as usize + m;
                let (y, mo) = (*year + (index / 12) as i32, (index % 12) as u32 + 1);
                let date = serial(y, mo, 28);
                for (name, share) in LEDGER {
                    let mut amount = sales * share * (1.0 + noise * normal(rng));
                    if name.starts_with("6300")
                        && let Some(s) = overspend.filter(|s| s.at == m)
                    {
                        amount *= s.factor;
                    }
                    rows.push(vec![
                        Cell::Number(date),
                        Cell::text(name),
                        Cell::Number(cents(amount)),
                    ]);
                }
                sales *= 1.0 + growth;
            }
            rows
        }
        Dataset::Budget { revenue, noise } => {
            let mut rows = vec![vec![
                Cell::text("Line"),
                Cell::text("Type"),
                Cell::text("Actual"),
                Cell::text("Budget"),
            ]];
            for (name, kind, share) in BUDGET {
                let budget = (revenue * share).round();
                let actual = budget * (1.0 + noise * normal(rng));
                rows.push(vec![
                    Cell::text(name),
                    Cell::text(kind),
                    Cell::Number(cents(actual)),
                    Cell::Number(budget),
                ]);
            }
            rows
        }
        Dataset::WeeklyDemand { weeks, items } => {
            let mut header = vec![Cell::text("Week")];
            header.extend(items.iter().map(|i| Cell::text(i.name.clone())));
            let mut rows = vec![header];
            for w in 0..(*weeks).clamp(8, 520) {
                let mut row = vec![Cell::Number(w as f64 + 1.0)];
                for item in items {
                    let occurs = rng.next_f64() < item.occurrence;
                    let size = (item.mean + item.sd * normal(rng)).round().max(1.0);
                    row.push(Cell::Number(if occurs { size } else { 0.0 }));
                }
                rows.push(row);
            }
            rows
        }
        Dataset::PriceTests {
            weeks,
            prices,
            intercept,
            slope,
            noise,
        } => {
            let mut rows = vec![vec![
                Cell::text("Week"),
                Cell::text("Price"),
                Cell::text("Units"),
            ]];
            for w in 0..(*weeks).clamp(8, 520) {
                let price = if prices.is_empty() {
                    1.0
                } else {
                    prices[w % prices.len()]
                };
                let expected = (intercept - slope * price).max(1.0);
                let units = (expected * (1.0 + noise * normal(rng))).round().max(1.0);
                rows.push(vec![
                    Cell::Number(w as f64 + 1.0),
                    Cell::Number(price),
                    Cell::Number(units),
                ]);
            }
            rows
        }
        Dataset::Orders {
            customers,
            days,
            start,
            mean_gap,
            mean_amount,
        } => {
            let mut orders: Vec<(f64, String, f64)> = Vec::new();
            let days = (*days).clamp(30, 3650) as f64;
            let gap_mean = mean_gap.max(1.0);
            for c in 0..(*customers).clamp(5, 5000) {
                let id = format!("C{:04}", c + 1);
                // Each customer: own pace (0.5–1.5 × the mean gap), own basket, first order in
                // the first two thirds of the period, and a one-in-three chance of stopping.
                let pace = gap_mean * (0.5 + rng.next_f64());
                let basket = mean_amount * (0.6 + 0.8 * rng.next_f64());
                let mut day = (rng.next_f64() * days * 2.0 / 3.0).floor();
                let stop = if rng.next_f64() < 1.0 / 3.0 {
                    day + rng.next_f64() * days / 2.0
                } else {
                    days
                };
                while day < days.min(stop + 1.0) {
                    let amount = cents((basket * (1.0 + 0.25 * normal(rng))).max(1.0));
                    orders.push((start + day, id.clone(), amount));
                    day += (pace * 2.0 * rng.next_f64()).floor().max(1.0);
                }
            }
            orders.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            let mut rows = vec![vec![
                Cell::text("Customer"),
                Cell::text("Date"),
                Cell::text("Amount"),
            ]];
            rows.extend(orders.into_iter().map(|(date, id, amount)| {
                vec![Cell::text(id), Cell::Number(date), Cell::Number(amount)]
            }));
            rows
        }
    };
    Grid::from_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(grid: &Grid, col: usize) -> Vec<f64> {
        (1..grid.height())
            .filter_map(|r| match grid.get(r, col) {
                Some(Cell::Number(x)) => Some(*x),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_kind_is_deterministic_and_shaped() {
        let kinds = [
            Dataset::DailySales {
                days: 30,
                start: 45292.0,
                level: 500.0,
                trend: 1.0,
                weekly: 0.1,
                noise: 0.05,
                spikes: vec![Spike {
                    at: 10,
                    factor: 3.0,
                }],
            },
            Dataset::Ledger {
                months: 13,
                year: 2024,
                month: 12,
                revenue: 100_000.0,
                growth: 0.01,
                noise: 0.03,
                overspend: None,
            },
            Dataset::Budget {
                revenue: 50_000.0,
                noise: 0.1,
            },
            Dataset::WeeklyDemand {
                weeks: 52,
                items: vec![DemandItem {
                    name: "SKU-1".into(),
                    mean: 20.0,
                    sd: 4.0,
                    occurrence: 0.3,
                }],
            },
            Dataset::PriceTests {
                weeks: 20,
                prices: vec![9.0, 10.0, 11.0],
                intercept: 300.0,
                slope: 15.0,
                noise: 0.05,
            },
            Dataset::Orders {
                customers: 40,
                days: 365,
                start: 45292.0,
                mean_gap: 30.0,
                mean_amount: 60.0,
            },
        ];
        let shapes = [(31, 2), (1 + 13 * 9, 3), (9, 4), (53, 2), (21, 3)];
        for (i, kind) in kinds.iter().enumerate() {
            let a = generate(kind, 1);
            assert_eq!(a, generate(kind, 1), "{kind:?}");
            assert_ne!(a, generate(kind, 2), "{kind:?}");
            if let Some(shape) = shapes.get(i) {
                assert_eq!((a.height(), a.width()), *shape, "{kind:?}");
            }
        }
        // The spike is there: day 10 is about three times its neighbours.
        let sales = numbers(&generate(&kinds[0], 1), 1);
        assert!(sales[10] > 2.0 * sales[9] && sales[10] > 2.0 * sales[11]);
        // The ledger crosses the year: December 2024, then January 2025.
        let ledger = generate(&kinds[1], 1);
        assert_eq!(ledger.get(1, 0), Some(&Cell::Number(serial(2024, 12, 28))));
        assert_eq!(ledger.get(10, 0), Some(&Cell::Number(serial(2025, 1, 28))));
        // Intermittent demand: about 30 % of weeks have demand.
        let demand = numbers(&generate(&kinds[3], 1), 1);
        let share = demand.iter().filter(|d| **d > 0.0).count() as f64 / demand.len() as f64;
        assert!((0.1..0.5).contains(&share), "{share}");
        // Orders are sorted by date and every customer appears.
        let orders = generate(&kinds[5], 1);
        let dates = numbers(&orders, 1);
        assert!(dates.windows(2).all(|w| w[0] <= w[1]));
        assert!(orders.height() > 40);
    }
}
