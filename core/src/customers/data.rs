//! Transactions (customer, date, amount) as the customer functions and the customers report
//! read them, and the per-customer summaries every customer model starts from.

use aism_ts::timeline::serial_to_ymd;

/// Largest amount magnitude accepted: sums of a million such amounts stay exact enough.
pub const MAX_AMOUNT: f64 = 1e15;

/// Why a transaction row was refused, with its 0-based position; the caller words the message.
#[derive(Debug, Clone, PartialEq)]
pub enum RowProblem {
    /// The customer id is blank where the date or amount is filled in.
    NoCustomer,
    /// The date is blank or not a date.
    NoDate,
    /// The amount's magnitude is above [`MAX_AMOUNT`].
    HugeAmount,
}

/// Transactions in columns, customers numbered in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transactions {
    /// Customer ids, in order of first appearance.
    pub names: Vec<String>,
    /// Customer number (index into `names`) of each transaction.
    pub customer: Vec<u32>,
    /// Day (whole Excel serial) of each transaction.
    pub day: Vec<i64>,
    /// Amount of each transaction (0 when the input has no amounts).
    pub amount: Vec<f64>,
    /// Customer number by id (foldhash with a fixed seed: fast on short ids, deterministic).
    index: std::collections::HashMap<String, u32, foldhash::fast::FixedState>,
}

/// One customer's history up to the as-of day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Day of the first purchase.
    pub first: i64,
    /// Day of the last purchase.
    pub last: i64,
    /// Number of transactions (rows).
    pub orders: u32,
    /// Sum of the amounts.
    pub total: f64,
    /// Number of distinct purchase days.
    pub purchase_days: u32,
    /// Mean of the day totals after the first purchase day (0 without repeat days), as
    /// `lifetimes`' `monetary_value`.
    pub repeat_value: f64,
}

impl Summary {
    /// Repeat purchase days: distinct purchase days after the first (BG/NBD's x).
    pub fn frequency(&self) -> f64 {
        f64::from(self.purchase_days.saturating_sub(1))
    }
    /// Days from the first to the last purchase (BG/NBD's t_x).
    pub fn recency(&self) -> f64 {
        (self.last - self.first) as f64
    }
    /// Days from the first purchase to `as_of` (BG/NBD's T).
    pub fn age(&self, as_of: i64) -> f64 {
        (as_of - self.first) as f64
    }
}

/// One customer's order count, spend and last purchase up to the as-of day (what RFM needs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Totals {
    /// Day of the last purchase.
    pub last: i64,
    /// Number of transactions (rows).
    pub orders: u32,
    /// Sum of the amounts.
    pub total: f64,
}

impl Transactions {
    /// Adds one transaction. `id` blank, a date that is not an Excel date, or an amount that is
    /// not finite or too large are refused.
    pub fn push(&mut self, id: &str, date: Option<f64>, amount: f64) -> Result<(), RowProblem> {
        let id = id.trim();
        if id.is_empty() {
            return Err(RowProblem::NoCustomer);
        }
        let day = match date {
            Some(d) if serial_to_ymd(d).is_some() => d.floor() as i64,
            _ => return Err(RowProblem::NoDate),
        };
        if !amount.is_finite() || amount.abs() > MAX_AMOUNT {
            return Err(RowProblem::HugeAmount);
        }
        let c = match self.index.get(id) {
            Some(c) => *c,
            None => {
                let c = self.names.len() as u32;
                self.names.push(id.to_string());
                self.index.insert(id.to_string(), c);
                c
            }
        };
        self.customer.push(c);
        self.day.push(day);
        self.amount.push(amount);
        Ok(())
    }

    /// Number of transactions.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// True without transactions.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// The last transaction day.
    pub fn last_day(&self) -> Option<i64> {
        self.day.iter().copied().max()
    }

    /// Per customer (indexed like `names`), the totals of the transactions on or before
    /// `as_of`, in one pass; `None` for customers whose first purchase is later.
    pub fn totals(&self, as_of: i64) -> Vec<Option<Totals>> {
        let mut out: Vec<Option<Totals>> = vec![None; self.names.len()];
        for ((c, day), amount) in self.customer.iter().zip(&self.day).zip(&self.amount) {
            if *day > as_of {
                continue;
            }
            let t = out[*c as usize].get_or_insert(Totals {
                last: *day,
                orders: 0,
                total: 0.0,
            });
            t.last = t.last.max(*day);
            t.orders += 1;
            t.total += amount;
        }
        out
    }

    /// Per customer (indexed like `names`), the summary of the transactions on or before
    /// `as_of`; `None` for customers whose first purchase is later.
    pub fn summarise(&self, as_of: i64) -> Vec<Option<Summary>> {
        let mut order: Vec<u32> = (0..self.len() as u32)
            .filter(|&i| self.day[i as usize] <= as_of)
            .collect();
        order.sort_unstable_by_key(|&i| (self.customer[i as usize], self.day[i as usize]));
        let mut out: Vec<Option<Summary>> = vec![None; self.names.len()];
        let mut i = 0;
        while i < order.len() {
            let c = self.customer[order[i] as usize];
            let first = self.day[order[i] as usize];
            let mut s = Summary {
                first,
                last: first,
                orders: 0,
                total: 0.0,
                purchase_days: 0,
                repeat_value: 0.0,
            };
            let mut repeat_sum = 0.0;
            while i < order.len() && self.customer[order[i] as usize] == c {
                let day = self.day[order[i] as usize];
                let mut day_total = 0.0;
                while i < order.len()
                    && self.customer[order[i] as usize] == c
                    && self.day[order[i] as usize] == day
                {
                    day_total += self.amount[order[i] as usize];
                    s.orders += 1;
                    i += 1;
                }
                s.total += day_total;
                s.purchase_days += 1;
                s.last = day;
                if day != first {
                    repeat_sum += day_total;
                }
            }
            if s.purchase_days > 1 {
                s.repeat_value = repeat_sum / f64::from(s.purchase_days - 1);
            }
            out[c as usize] = Some(s);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_follow_lifetimes_definitions() {
        // lifetimes' summary_data_from_transaction_data(freq="D"): frequency = distinct purchase
        // days − 1, recency = last − first, T = end − first, monetary = mean repeat-day total.
        let mut t = Transactions::default();
        for (id, d, a) in [
            ("A", 100.0, 10.0),
            ("B", 101.0, 5.0),
            ("A", 100.5, 2.0), // same day as the first: merged into it
            ("A", 110.0, 20.0),
            ("A", 120.0, 30.0),
            ("A", 120.0, 10.0),
            ("C", 130.0, 1.0), // after as_of
        ] {
            t.push(id, Some(d), a).unwrap();
        }
        let s = t.summarise(125);
        let a = s[0].unwrap();
        assert_eq!(
            (a.first, a.last, a.orders, a.purchase_days),
            (100, 120, 5, 3)
        );
        assert_eq!(a.total, 72.0);
        assert_eq!(a.repeat_value, 30.0); // (20 + 40) / 2
        assert_eq!((a.frequency(), a.recency(), a.age(125)), (2.0, 20.0, 25.0));
        let b = s[1].unwrap();
        assert_eq!(
            (b.frequency(), b.recency(), b.repeat_value),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(s[2], None);
        assert_eq!(t.names, vec!["A", "B", "C"]);
    }

    #[test]
    fn bad_rows_are_refused() {
        let mut t = Transactions::default();
        assert_eq!(t.push(" ", Some(1.0), 1.0), Err(RowProblem::NoCustomer));
        assert_eq!(t.push("A", None, 1.0), Err(RowProblem::NoDate));
        assert_eq!(t.push("A", Some(-5.0), 1.0), Err(RowProblem::NoDate));
        assert_eq!(t.push("A", Some(5.0), 1e16), Err(RowProblem::HugeAmount));
        assert!(t.is_empty());
    }
}
