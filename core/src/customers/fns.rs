//! Registry implementations of the customer functions (FUNCTIONS.md, "Customers"):
//! `AISM.RFM`, `AISM.BGNBD`, `AISM.GAMMAGAMMA`, `AISM.CLV`, `AISM.CHURN`, `AISM.SEGMENT` and
//! `AISM.COHORT`.
//!
//! The models are those of `aism_ts::clv` and `aism_ts::learn`; this module reads the
//! arguments, checks that the columns line up, maps model errors to cell errors whose messages
//! say what to change, and shapes the results.

use super::cohort::{CohortPeriod, CohortProblem, cohorts};
use super::data::{MAX_AMOUNT, RowProblem, Summary, Transactions};
use super::rfm::rfm;
use crate::cells::{Cell, CellError, Grid};
use crate::ingest;
use crate::registry::Args;
use aism_ts::Error as TsError;
use aism_ts::clv;
use aism_ts::learn::{self, Logistic, Scaler};

/// Model errors as cell errors (`#NUM!`), naming the function and the argument to look at.
pub(crate) fn model_error(f: &str, arg: &str, no_variation: &str, e: TsError) -> CellError {
    match e {
        TsError::TooShort { needed, got } => CellError::num(format!(
            "{f}: the model needs at least {needed} customers in '{arg}', but has {got}. \
             Give the summary of more customers."
        )),
        TsError::NotFinite => CellError::num(format!(
            "{f}: '{arg}' holds a value that is not a finite number. Fix that cell."
        )),
        TsError::NoVariation => CellError::num(format!("{f}: {no_variation}")),
        TsError::InvalidArgument(m) => CellError::num(format!("{f}: {m}.")),
        other => CellError::num(format!("{f}: {other}. Check '{arg}'.")),
    }
}

/// Checks that vector `i` has as many values as the first argument.
fn same_length(args: &Args, name: &str, n: usize, got: usize) -> Result<(), CellError> {
    if n == got {
        return Ok(());
    }
    Err(CellError::value(format!(
        "{}: '{name}' has {got} values but 'frequency' has {n}. Select the same customers (one \
         row each) in every argument.",
        args.function()
    )))
}

/// `AISM.BGNBD(frequency, recency, T)`: 1×5 row r, alpha, a, b, log-likelihood of the BG/NBD
/// maximum-likelihood fit.
pub(crate) fn bgnbd(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let x = args.dense_numbers(0)?;
    let t_x = args.dense_numbers(1)?;
    let age = args.dense_numbers(2)?;
    same_length(args, "recency", x.len(), t_x.len())?;
    same_length(args, "T", x.len(), age.len())?;
    let fit = clv::fit_bgnbd(&x, &t_x, &age).map_err(|e| {
        model_error(
            &f,
            "frequency",
            "no customer has a repeat purchase (every frequency is 0), so the model cannot be \
             fitted. Check 'frequency' counts repeat purchases, not all purchases.",
            e,
        )
    })?;
    let p = fit.params;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(p.r),
        Cell::number(p.alpha),
        Cell::number(p.a),
        Cell::number(p.b),
        Cell::number(fit.log_likelihood),
    ]]))
}

/// `AISM.GAMMAGAMMA(frequency, monetary_value)`: 1×4 row p, q, v, log-likelihood of the
/// Gamma-Gamma maximum-likelihood fit on the customers with frequency > 0.
pub(crate) fn gamma_gamma(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let x = args.dense_numbers(0)?;
    let m = args.dense_numbers(1)?;
    same_length(args, "monetary_value", x.len(), m.len())?;
    let fit = clv::fit_gamma_gamma(&x, &m).map_err(|e| {
        model_error(
            &f,
            "frequency",
            "every repeat buyer has the same mean spend, so the spread of spend cannot be \
             estimated. Check 'monetary_value' holds each customer's mean purchase value.",
            e,
        )
    })?;
    let p = fit.params;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(p.p),
        Cell::number(p.q),
        Cell::number(p.v),
        Cell::number(fit.log_likelihood),
    ]]))
}

/// Reads the transactions of `AISM.RFM`, `AISM.CLV` and `AISM.COHORT`: customer ids in
/// argument 0, dates in 1 and, when `amounts` is given, amounts in that argument. Rows blank in
/// every column are skipped.
pub(crate) fn transactions(args: &Args, amounts: Option<usize>) -> Result<Transactions, CellError> {
    let f = args.function();
    let mut names = vec![(0, "customer_ids"), (1, "dates")];
    if let Some(i) = amounts {
        names.push((i, "amounts"));
    }
    args.same_lengths(&names)?;
    let ids = args.texts(0)?;
    let dates = args.dates(1)?;
    let amts = match amounts {
        Some(i) => Some(args.numbers(i)?),
        None => None,
    };
    let n = ids
        .len()
        .max(dates.len())
        .max(amts.as_ref().map_or(0, Vec::len));
    let mut tx = Transactions::default();
    for i in 0..n {
        let id = ids.get(i).map_or("", |s| s.as_ref());
        let date = dates.get(i).copied().flatten();
        let amount = amts.as_ref().map(|a| a.get(i).copied().flatten());
        if id.is_empty() && date.is_none() && amount.flatten().is_none() {
            continue;
        }
        let at = i + 1;
        let amount = match amount {
            None => 0.0,
            Some(Some(a)) => a,
            Some(None) => {
                return Err(CellError::value(format!(
                    "{f}: 'amounts' is blank at position {at}, where customer \"{id}\" has a \
                     purchase. Fill in the amount (0 if it was free) or remove the row."
                )));
            }
        };
        tx.push(id, date, amount).map_err(|p| match p {
            RowProblem::NoCustomer => CellError::value(format!(
                "{f}: 'customer_ids' is blank at position {at}. Fill in the customer or remove \
                 the row."
            )),
            RowProblem::NoDate => CellError::value(format!(
                "{f}: 'dates' at position {at} is blank or not a date between 1900 and 9999. \
                 Enter the purchase date."
            )),
            RowProblem::HugeAmount => CellError::num(format!(
                "{f}: 'amounts' at position {at} is larger than {MAX_AMOUNT:e} in size. Check \
                 the amount."
            )),
        })?;
    }
    if tx.is_empty() {
        return Err(CellError::value(format!(
            "{f}: no row has a customer and a date. Select the customer id and order date \
             columns of your transactions."
        )));
    }
    Ok(tx)
}

/// The as-of date of argument `i` as a whole day, by default the last transaction day.
fn as_of(args: &Args, i: usize, tx: &Transactions) -> Result<i64, CellError> {
    let last = tx.last_day().unwrap_or(0);
    if !args.has(i) {
        return Ok(last);
    }
    let f = args.function();
    let d = args.dates(i)?;
    match d.as_slice() {
        [Some(v)] if aism_ts::timeline::serial_to_ymd(*v).is_some() => {
            let day = v.floor() as i64;
            let first = tx.day.iter().copied().min().unwrap_or(day);
            if day < first {
                return Err(CellError::num(format!(
                    "{f}: 'as_of' is before the first purchase in the data, so no customer \
                     exists yet. Give a later date, or leave it out to use the last purchase \
                     date."
                )));
            }
            Ok(day)
        }
        _ => Err(CellError::value(format!(
            "{f}: 'as_of' must be one date. Enter a date, or leave it out to use the last \
             purchase date."
        ))),
    }
}

/// The customers that exist at `as_of`, with their summaries.
fn summaries(tx: &Transactions, as_of: i64) -> Vec<(usize, Summary)> {
    tx.summarise(as_of)
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect()
}

/// `AISM.RFM(customer_ids, dates, amounts, [as_of])`: one row per customer (first appearance
/// order) under a header: customer, recency_days, frequency, monetary, r, f, m, segment.
pub(crate) fn rfm_fn(args: &Args) -> Result<Grid, CellError> {
    let tx = transactions(args, Some(2))?;
    let as_of = as_of(args, 3, &tx)?;
    let rows = rfm(&tx.totals(as_of), as_of);
    let mut out = Vec::with_capacity(rows.len() + 1);
    out.push(
        [
            "customer",
            "recency_days",
            "frequency",
            "monetary",
            "r",
            "f",
            "m",
            "segment",
        ]
        .map(Cell::text)
        .to_vec(),
    );
    for r in rows {
        out.push(vec![
            Cell::text(tx.names[r.customer].clone()),
            Cell::number(r.recency_days),
            Cell::number(r.frequency),
            Cell::number(r.monetary),
            Cell::number(f64::from(r.r)),
            Cell::number(f64::from(r.f)),
            Cell::number(f64::from(r.m)),
            Cell::text(r.segment.en()),
        ]);
    }
    Ok(Grid::from_rows(out))
}

/// Per-customer lifetime values of [`clv_table`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClvRow {
    /// Customer number (index into the transactions' names).
    pub customer: usize,
    /// Repeat purchase days.
    pub frequency: f64,
    /// Days from the first to the last purchase.
    pub recency: f64,
    /// Days from the first purchase to the as-of day.
    pub age: f64,
    /// Probability the customer is still active.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected value of one purchase (Gamma-Gamma).
    pub expected_value: f64,
    /// Discounted lifetime value over the horizon.
    pub clv: f64,
}

/// The fitted models and rows of a CLV table.
#[derive(Debug, Clone, PartialEq)]
pub struct ClvTable {
    /// The BG/NBD fit (time in days).
    pub bgnbd: clv::BgNbdFit,
    /// The Gamma-Gamma fit on repeat buyers with a positive repeat value.
    pub gamma_gamma: clv::GammaGammaFit,
    /// One row per customer existing at the as-of day.
    pub rows: Vec<ClvRow>,
}

/// Fits BG/NBD (days) and Gamma-Gamma to the transactions up to `as_of` and values every
/// customer over `months` months at `monthly_discount`, as `lifetimes` does with `freq="D"`
/// (30 days a month). Repeat buyers whose mean repeat value is not positive (refunds) are left
/// out of the spend fit and valued at the population mean spend. `f` names the function in
/// messages.
pub fn clv_table(
    f: &str,
    tx: &Transactions,
    as_of: i64,
    months: usize,
    monthly_discount: f64,
) -> Result<ClvTable, CellError> {
    let cs = summaries(tx, as_of);
    let x: Vec<f64> = cs.iter().map(|(_, s)| s.frequency()).collect();
    let t_x: Vec<f64> = cs.iter().map(|(_, s)| s.recency()).collect();
    let age: Vec<f64> = cs.iter().map(|(_, s)| s.age(as_of)).collect();
    let bg = clv::fit_bgnbd(&x, &t_x, &age).map_err(|e| {
        model_error(
            f,
            "customer_ids",
            "no customer bought on two different days, so repeat buying cannot be modelled. \
             Give a longer history.",
            e,
        )
    })?;
    let spend: Vec<(f64, f64)> = cs
        .iter()
        .map(|(_, s)| {
            if s.purchase_days > 1 && s.repeat_value > 0.0 {
                (s.frequency(), s.repeat_value)
            } else {
                (0.0, 0.0)
            }
        })
        .collect();
    let (gx, gm): (Vec<f64>, Vec<f64>) = spend.iter().filter(|(x, _)| *x > 0.0).copied().unzip();
    let gg = clv::fit_gamma_gamma(&gx, &gm).map_err(|e| {
        model_error(
            f,
            "amounts",
            "every repeat buyer spends the same on average, so the spread of spend cannot be \
             estimated. Check 'amounts' holds the order values.",
            e,
        )
    })?;
    let months_err = |e| model_error(f, "horizon_months", "", e);
    let mut rows = Vec::with_capacity(cs.len());
    for (k, (c, _)) in cs.iter().enumerate() {
        let (sx, sm) = spend[k];
        let p = bg.params;
        rows.push(ClvRow {
            customer: *c,
            frequency: x[k],
            recency: t_x[k],
            age: age[k],
            p_alive: p.p_alive(x[k], t_x[k], age[k]).map_err(months_err)?,
            expected_purchases: p
                .expected_purchases(months as f64 * clv::DAYS_PER_MONTH, x[k], t_x[k], age[k])
                .map_err(months_err)?,
            expected_value: gg.params.expected_spend(sx, sm).map_err(months_err)?,
            clv: clv::customer_lifetime_value(
                &p,
                &gg.params,
                x[k],
                t_x[k],
                age[k],
                if sx > 0.0 { sm } else { 0.0 },
                months,
                monthly_discount,
                clv::DAYS_PER_MONTH,
            )
            .map_err(months_err)?,
        });
    }
    Ok(ClvTable {
        bgnbd: bg,
        gamma_gamma: gg,
        rows,
    })
}

/// `AISM.CLV(customer_ids, dates, amounts, [horizon_months=12], [monthly_discount=0.01],
/// [as_of])`: the CLV table under a header.
pub(crate) fn clv_fn(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let tx = transactions(args, Some(2))?;
    let months = args.number_or(3, 12.0)?;
    if !(months.fract() == 0.0 && (1.0..=1200.0).contains(&months)) {
        return Err(CellError::num(format!(
            "{f}: 'horizon_months' must be a whole number of months from 1 to 1200, but it is \
             {months}. Change it."
        )));
    }
    let discount = args.number_or(4, 0.01)?;
    if !(0.0..1.0).contains(&discount) {
        return Err(CellError::num(format!(
            "{f}: 'monthly_discount' must be at least 0 and below 1 (0.01 is 1 % a month), but \
             it is {discount}. Change it."
        )));
    }
    let as_of = as_of(args, 5, &tx)?;
    let table = clv_table(&f, &tx, as_of, months as usize, discount)?;
    let mut out = Vec::with_capacity(table.rows.len() + 1);
    out.push(
        [
            "customer",
            "frequency",
            "recency",
            "T",
            "p_alive",
            "expected_purchases",
            "expected_value",
            "clv",
        ]
        .map(Cell::text)
        .to_vec(),
    );
    for r in table.rows {
        out.push(vec![
            Cell::text(tx.names[r.customer].clone()),
            Cell::number(r.frequency),
            Cell::number(r.recency),
            Cell::number(r.age),
            Cell::number(r.p_alive),
            Cell::number(r.expected_purchases),
            Cell::number(r.expected_value),
            Cell::number(r.clv),
        ]);
    }
    Ok(Grid::from_rows(out))
}

/// A numeric feature matrix read from a range, row-major, with its header row (if the first row
/// is text over numbers) dropped.
struct Features {
    x: Vec<f64>,
    rows: usize,
    cols: usize,
    header: bool,
}

/// Reads the feature range of argument `i`: numbers, numbers as text and TRUE/FALSE (1/0); a
/// first row of only text (and blanks) over numbers is a header. Blank or other cells are `#VALUE!` naming the
/// cell.
fn features(args: &Args, i: usize, name: &str) -> Result<Features, CellError> {
    let f = args.function();
    let g = args.required_grid(i)?;
    let value = |c: &Cell| -> Option<f64> {
        match c {
            Cell::Number(x) if x.is_finite() => Some(*x),
            Cell::Bool(b) => Some(f64::from(u8::from(*b))),
            Cell::Text(s) => ingest::parse_number(s),
            _ => None,
        }
    };
    let rows = g.rows();
    // Trailing blank rows (a whole-column selection) are dropped.
    let mut used = rows.len();
    while used > 0 && rows[used - 1].iter().all(Cell::is_blank) {
        used -= 1;
    }
    let header = used > 1
        && rows[0].iter().any(|c| matches!(c, Cell::Text(_)))
        && rows[0]
            .iter()
            .all(|c| c.is_blank() || (matches!(c, Cell::Text(_)) && value(c).is_none()))
        && rows[1].iter().all(|c| value(c).is_some());
    let start = usize::from(header);
    let cols = g.width();
    let mut x = Vec::with_capacity((used - start) * cols);
    for (r, row) in rows[start..used].iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match (cell, value(cell)) {
                (_, Some(v)) => x.push(v),
                (Cell::Error(k), _) => {
                    return Err(CellError::new(
                        *k,
                        format!(
                            "{f}: '{name}' holds the error {k} in row {}, column {}. Fix or \
                             clear that cell.",
                            r + start + 1,
                            c + 1
                        ),
                    ));
                }
                (other, None) => {
                    return Err(CellError::value(format!(
                        "{f}: '{name}' row {}, column {} is {}, but every feature must be a \
                         number. Fill it in or remove the row.",
                        r + start + 1,
                        c + 1,
                        crate::registry::describe(other)
                    )));
                }
            }
        }
    }
    if x.iter().any(|v| v.abs() > MAX_AMOUNT) {
        return Err(CellError::num(format!(
            "{f}: '{name}' holds a number larger than {MAX_AMOUNT:e} in size. Rescale that \
             feature (e.g. thousands)."
        )));
    }
    Ok(Features {
        x,
        rows: used - start,
        cols,
        header,
    })
}

/// Reads the churn labels of argument `i`: 1/0, TRUE/FALSE, yes/no, churned/active (English or
/// Spanish). A header cell is skipped when the features have one.
fn labels(args: &Args, i: usize, header: bool, rows: usize) -> Result<Vec<f64>, CellError> {
    let f = args.function();
    let g = args.required_grid(i)?;
    let mut cells = g.vector().ok_or_else(|| {
        CellError::value(format!(
            "{f}: 'labels' must be a single column (1 = churned, 0 = stayed), but it is {} rows \
             × {} columns.",
            g.height(),
            g.width()
        ))
    })?;
    while cells.last().is_some_and(|c| c.is_blank()) {
        cells.pop();
    }
    if header && cells.len() == rows + 1 {
        cells.remove(0);
    }
    if cells.len() != rows {
        return Err(CellError::na(format!(
            "{f}: 'labels' has {} values but 'features' has {rows} rows. Select one label per \
             row of features.",
            cells.len()
        )));
    }
    cells
        .iter()
        .enumerate()
        .map(|(pos, c)| {
            let v = match c {
                Cell::Number(x) if *x == 0.0 || *x == 1.0 => Some(*x),
                Cell::Bool(b) => Some(f64::from(u8::from(*b))),
                Cell::Text(s) => match crate::pnl::classify::fold(s.trim()).as_str() {
                    "1" | "yes" | "y" | "true" | "churned" | "churn" | "lost" | "si" | "s"
                    | "verdadero" | "perdido" | "baja" => Some(1.0),
                    "0" | "no" | "n" | "false" | "stayed" | "active" | "retained" | "falso"
                    | "activo" | "retenido" => Some(0.0),
                    _ => None,
                },
                _ => None,
            };
            v.ok_or_else(|| {
                CellError::value(format!(
                    "{f}: 'labels' position {} is {}, not a churn label. Use 1 (churned) or 0 \
                     (stayed), TRUE/FALSE or yes/no.",
                    pos + 1,
                    crate::registry::describe(c)
                ))
            })
        })
        .collect()
}

/// Penalty λ of the churn model on standardised features (scikit-learn's C = 1).
pub const CHURN_PENALTY: f64 = 1.0;

/// `AISM.CHURN(features, labels, [score_features])`: churn probability per row of
/// `score_features` (or of `features`) from an L2-regularised logistic regression on the
/// standardised features.
pub(crate) fn churn(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let train = features(args, 0, "features")?;
    let y = labels(args, 1, train.header, train.rows)?;
    let ones = y.iter().filter(|v| **v == 1.0).count();
    if ones < 2 || train.rows - ones < 2 {
        return Err(CellError::num(format!(
            "{f}: 'labels' has {ones} churned and {} retained customers; the model needs at \
             least 2 of each. Give more labelled history.",
            train.rows - ones
        )));
    }
    let scaler = Scaler::fit(&train.x, train.rows, train.cols)
        .map_err(|e| model_error(&f, "features", "", e))?;
    let model = Logistic::fit(
        &scaler.transform(&train.x),
        train.rows,
        train.cols,
        &y,
        CHURN_PENALTY,
    )
    .map_err(|e| model_error(&f, "features", "the labels do not vary.", e))?;
    let score = if args.has(2) {
        let s = features(args, 2, "score_features")?;
        if s.cols != train.cols {
            return Err(CellError::value(format!(
                "{f}: 'score_features' has {} columns but 'features' has {}. Select the same \
                 feature columns in the same order.",
                s.cols, train.cols
            )));
        }
        s
    } else {
        train
    };
    Ok(Grid::column_of_numbers(
        &model.predict(&scaler.transform(&score.x)),
    ))
}

/// Seed of `AISM.SEGMENT`'s k-means++ draws: the same data always give the same clusters.
pub const SEGMENT_SEED: u64 = 20_261_125;
/// Most clusters `AISM.SEGMENT` tries or accepts.
pub const MAX_SEGMENTS: usize = 10;

/// Numbers clusters 1, 2, … in order of first appearance.
pub fn relabel(labels: &[usize], k: usize) -> Vec<usize> {
    let mut map = vec![0usize; k];
    let mut next = 0;
    labels
        .iter()
        .map(|&l| {
            if map[l] == 0 {
                next += 1;
                map[l] = next;
            }
            map[l]
        })
        .collect()
}

/// `AISM.SEGMENT(features, [k=auto])`: cluster number per row from k-means++ on the
/// standardised features, k chosen by the silhouette when omitted.
pub(crate) fn segment(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let m = features(args, 0, "features")?;
    if m.rows < 3 {
        return Err(CellError::num(format!(
            "{f}: 'features' has {} rows; clustering needs at least 3. Select more customers.",
            m.rows
        )));
    }
    let scaler =
        Scaler::fit(&m.x, m.rows, m.cols).map_err(|e| model_error(&f, "features", "", e))?;
    let z = scaler.transform(&m.x);
    let no_variety = |e| {
        model_error(
            &f,
            "features",
            "every row has the same features, so there is nothing to cluster.",
            e,
        )
    };
    let fit = if args.has(1) {
        let k = args.number(1)?;
        let cap = MAX_SEGMENTS.min(m.rows - 1);
        if !(k.fract() == 0.0 && k >= 2.0 && k <= cap as f64) {
            return Err(CellError::num(format!(
                "{f}: 'k' must be a whole number from 2 to {cap}, but it is {k}. Change it or \
                 leave it out to choose k automatically."
            )));
        }
        learn::kmeans(&z, m.rows, m.cols, k as usize, 10, SEGMENT_SEED).map_err(|e| match e {
            TsError::InvalidArgument(_) => CellError::num(format!(
                "{f}: the features have fewer than {k} distinct rows. Choose a smaller 'k'."
            )),
            other => no_variety(other),
        })?
    } else {
        learn::kmeans_auto(&z, m.rows, m.cols, 2, MAX_SEGMENTS, SEGMENT_SEED)
            .map_err(no_variety)?
            .best
    };
    let labels = relabel(&fit.labels, fit.k);
    Ok(Grid::column(
        labels.iter().map(|l| Cell::number(*l as f64)).collect(),
    ))
}

/// `AISM.COHORT(customer_ids, dates, [period="month"])`: cohort, size, then the retention share
/// per period offset (blank where the data end).
pub(crate) fn cohort(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let text = args.text_or(2, "month")?;
    let period = CohortPeriod::parse(&text).ok_or_else(|| {
        CellError::value(format!(
            "{f}: 'period' is \"{text}\"; use \"week\", \"month\" or \"quarter\"."
        ))
    })?;
    let tx = transactions(args, None)?;
    let m = cohorts(&tx, period).map_err(|e| match e {
        CohortProblem::Empty => CellError::value(format!("{f}: there are no purchases.")),
        CohortProblem::TooLong(n) => CellError::num(format!(
            "{f}: the purchases span {n} periods, more than {}. Use a longer period (\"month\" \
             or \"quarter\").",
            super::cohort::MAX_OFFSETS
        )),
    })?;
    let width = m.rows.first().map_or(0, |r| r.retention.len());
    let mut out = Vec::with_capacity(m.rows.len() + 1);
    let mut header = vec![Cell::text("cohort"), Cell::text("size")];
    header.extend((0..width).map(|o| Cell::number(o as f64)));
    out.push(header);
    for r in &m.rows {
        let mut row = vec![
            Cell::text(period.label(r.period)),
            Cell::number(r.size as f64),
        ];
        row.extend(r.retention.iter().map(|v| Cell::number(*v)));
        row.resize(width + 2, Cell::Empty);
        out.push(row);
    }
    Ok(Grid::from_rows(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::ErrorKind;
    use crate::registry::test_util::{expect_errors, run};
    use serde_json::{Value, json};

    fn num(g: &Grid, c: usize) -> f64 {
        match g.get(0, c) {
            Some(Cell::Number(x)) => *x,
            other => panic!("(0,{c}) is {other:?}"),
        }
    }

    /// The CDNOW summary shipped by lifetimes 0.11.3 (aism-ts tests/golden/cdnow_summary.csv):
    /// columns frequency, recency, T, monetary_value as one-column ranges.
    fn cdnow() -> [Value; 4] {
        let text = include_str!("../../ts/tests/golden/cdnow_summary.csv");
        let mut cols: [Vec<Value>; 4] = Default::default();
        for line in text.lines().skip(1) {
            for (c, v) in cols.iter_mut().zip(line.split(',')) {
                c.push(json!([v.parse::<f64>().unwrap()]));
            }
        }
        cols.map(Value::Array)
    }

    #[test]
    fn bgnbd_reproduces_fader_hardie_lee_2005() {
        // CDNOW sample, 2,357 customers, 39 weeks: r 0.243, α 4.414, a 0.793, b 2.426,
        // LL −9582.4 (Fader, Hardie & Lee 2005); to the printed precision.
        let [x, t, age, _] = cdnow();
        let g = run("AISM.BGNBD", json!([x, t, age])).unwrap();
        assert_eq!((g.height(), g.width()), (1, 5));
        for (c, want, tol) in [
            (0, 0.243, 5e-4),
            (1, 4.414, 5e-4),
            (2, 0.793, 5e-4),
            (3, 2.426, 5e-4),
            (4, -9582.4, 0.05),
        ] {
            assert!((num(&g, c) - want).abs() <= tol, "{c}: {}", num(&g, c));
        }
    }

    #[test]
    fn gamma_gamma_matches_lifetimes() {
        // lifetimes 0.11.3 GammaGammaFitter on the 946 CDNOW repeat buyers (aism-ts
        // tests/golden/clv.json): p 6.248802, q 3.744588, v 15.447748, LL −4055.923244; 1e-3
        // relative on parameters, 1e-9 on the LL.
        let [x, _, _, m] = cdnow();
        let g = run("AISM_GAMMAGAMMA", json!([x, m])).unwrap();
        assert_eq!((g.height(), g.width()), (1, 4));
        for (c, want, tol) in [
            (0, 6.248_802_489_636_955, 1e-3),
            (1, 3.744_588_453_294_792, 1e-3),
            (2, 15.447_748_009_691_006, 1e-3),
            (3, -4_055.923_243_502_862_5, 1e-9),
        ] {
            let got = num(&g, c);
            assert!(((got - want) / want).abs() < tol, "{c}: {got} vs {want}");
        }
    }

    #[test]
    fn documented_errors() {
        let x = json!([[1], [0], [2]]);
        let t = json!([[5], [0], [8]]);
        let age = json!([[10], [10], [10]]);
        expect_errors(
            "AISM.BGNBD",
            vec![
                (
                    json!([x, [[5], [0]], age]),
                    ErrorKind::Value,
                    "'recency' has 2 values",
                ),
                (
                    json!([x, t, [[10], [10]]]),
                    ErrorKind::Value,
                    "'T' has 2 values",
                ),
                (
                    json!([[[1], [0]], [[5], [0]], [[9], [9]]]),
                    ErrorKind::Num,
                    "at least 3",
                ),
                (
                    json!([[[1], ["x"], [2]], t, age]),
                    ErrorKind::Value,
                    "position 2",
                ),
                (
                    json!([[[1], [null], [2]], t, age]),
                    ErrorKind::Value,
                    "blank",
                ),
                (
                    json!([[[1.5], [0], [2]], t, age]),
                    ErrorKind::Num,
                    "whole number",
                ),
                (
                    json!([[[-1], [0], [2]], t, age]),
                    ErrorKind::Num,
                    "whole number",
                ),
                (
                    json!([x, [[11], [0], [8]], age]),
                    ErrorKind::Num,
                    "between 0 and the age",
                ),
                (
                    json!([x, [[0], [0], [8]], age]),
                    ErrorKind::Num,
                    "recency must be > 0",
                ),
                (
                    json!([x, t, [[10], [-1], [10]]]),
                    ErrorKind::Num,
                    "must be ≥ 0",
                ),
                (
                    json!([[[0], [0], [0]], [[0], [0], [0]], age]),
                    ErrorKind::Num,
                    "no customer has a repeat",
                ),
            ],
        );
        expect_errors(
            "AISM.GAMMAGAMMA",
            vec![
                (
                    json!([x, [[1], [2]]]),
                    ErrorKind::Value,
                    "'monetary_value' has 2 values",
                ),
                (json!([x, [[1], [0], [2]]]), ErrorKind::Num, "at least 3"),
                (
                    json!([[[1], [2], [3]], [[1], [-2], [3]]]),
                    ErrorKind::Num,
                    "must be > 0",
                ),
                (
                    json!([[[1], [2], [3]], [[4], [4], [4]]]),
                    ErrorKind::Num,
                    "same mean spend",
                ),
                (
                    json!([[[1], [2], [3]], [[4], ["a"], [4]]]),
                    ErrorKind::Value,
                    "position 2",
                ),
            ],
        );
    }

    /// CDNOW_sample transactions (lifetimes 0.11.3; aism-ts tests/golden/cdnow_transactions.csv)
    /// as the columns ids (text), dates (ISO text) and amounts.
    fn cdnow_transactions() -> [Value; 3] {
        let text = include_str!("../../ts/tests/golden/cdnow_transactions.csv");
        let mut cols: [Vec<Value>; 3] = Default::default();
        for line in text.lines().skip(1) {
            let v: Vec<&str> = line.split(',').collect();
            cols[0].push(json!([v[0]]));
            cols[1].push(json!([v[1]]));
            cols[2].push(json!([v[2].parse::<f64>().unwrap()]));
        }
        cols.map(Value::Array)
    }

    fn find_row<'a>(g: &'a Grid, id: &str) -> &'a [Cell] {
        g.rows()
            .iter()
            .find(|r| r[0] == Cell::text(id))
            .unwrap_or_else(|| panic!("no row {id}"))
    }

    fn cell_num(c: &Cell) -> f64 {
        match c {
            Cell::Number(x) => *x,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn clv_from_transactions_matches_lifetimes() {
        // lifetimes 0.11.3 on CDNOW_sample, calibration end 1997-09-30, freq="D", 12 months at
        // 1 % a month (aism-ts tests/golden/clv_transactions.{py,json}); lifetimes fits to
        // tol 1e-8, so 2e-4 relative on model outputs and 1e-4 on parameters.
        let golden: Value =
            serde_json::from_str(include_str!("../../ts/tests/golden/clv_transactions.json"))
                .unwrap();
        let [ids, dates, amounts] = cdnow_transactions();
        let g = run(
            "AISM.CLV",
            json!([ids, dates, amounts, 12, 0.01, "1997-09-30"]),
        )
        .unwrap();
        assert_eq!(g.height(), 1 + 2357);
        assert_eq!(g.rows()[0][7], Cell::text("clv"));
        let close = |got: f64, want: f64, rel: f64, what: &str| {
            assert!(
                (got - want).abs() <= rel * want.abs().max(1e-3),
                "{what}: {got} vs {want}"
            );
        };
        let mut sum = 0.0;
        for r in &g.rows()[1..] {
            sum += cell_num(&r[7]);
        }
        close(sum, golden["clv_sum"].as_f64().unwrap(), 2e-4, "sum");
        for (id, want) in golden["customers"].as_object().unwrap() {
            let r = find_row(&g, id);
            for (c, key) in [
                (1, "frequency"),
                (2, "recency"),
                (3, "T"),
                (4, "p_alive"),
                (5, "expected_purchases"),
                (6, "expected_value"),
                (7, "clv"),
            ] {
                close(cell_num(&r[c]), want[key].as_f64().unwrap(), 2e-4, key);
            }
        }
        // The same fit as the lifetimes parameters.
        let tx = {
            let spec = crate::registry::lookup("AISM.CLV").unwrap();
            let grids = crate::json::args_from_json(&json!([ids, dates, amounts])).unwrap();
            transactions(&Args::new(spec, grids), Some(2)).unwrap()
        };
        let as_of = aism_ts::timeline::ymd_to_serial(1997, 9, 30).unwrap() as i64;
        let t = clv_table("AISM.CLV", &tx, as_of, 12, 0.01).unwrap();
        let p = t.bgnbd.params;
        for (got, key) in [(p.r, "r"), (p.alpha, "alpha"), (p.a, "a"), (p.b, "b")] {
            close(got, golden["bgnbd"][key].as_f64().unwrap(), 1e-4, key);
        }
        let q = t.gamma_gamma.params;
        for (got, key) in [(q.p, "p"), (q.q, "q"), (q.v, "v")] {
            close(got, golden["gamma_gamma"][key].as_f64().unwrap(), 1e-3, key);
        }
    }

    #[test]
    fn rfm_by_construction() {
        // Ten customers: customer k (1..=10) buys k times, k × 10 each time, last purchase
        // 10 − k days before the as-of date 2024-03-31 (serial 45382).
        let (mut ids, mut dates, mut amounts) = (vec![], vec![], vec![]);
        for k in 1..=10 {
            for j in 0..k {
                ids.push(json!([format!("C{k}")]));
                dates.push(json!([45382 - (10 - k) - 30 * j]));
                amounts.push(json!([10 * k]));
            }
        }
        let g = run("AISM.RFM", json!([ids, dates, amounts])).unwrap();
        assert_eq!(g.height(), 11);
        let c10 = find_row(&g, "C10");
        assert_eq!(
            c10[1..7].iter().map(cell_num).collect::<Vec<_>>(),
            vec![0.0, 10.0, 1000.0, 5.0, 5.0, 5.0]
        );
        assert_eq!(c10[7], Cell::text("Champions"));
        let c1 = find_row(&g, "C1");
        assert_eq!(
            c1[1..7].iter().map(cell_num).collect::<Vec<_>>(),
            vec![9.0, 1.0, 10.0, 1.0, 1.0, 1.0]
        );
        assert_eq!(c1[7], Cell::text("Hibernating"));
        // An earlier as_of (2024-03-25, serial 45376) leaves out the later purchases: C10 keeps
        // 9 of its 10, the last 24 days before.
        let g = run("AISM.RFM", json!([ids, dates, amounts, "2024-03-25"])).unwrap();
        assert_eq!(g.height(), 11);
        let c10 = find_row(&g, "C10");
        assert_eq!(
            c10[1..4].iter().map(cell_num).collect::<Vec<_>>(),
            vec![24.0, 9.0, 900.0]
        );
    }

    #[test]
    fn churn_matches_scikit_learn_end_to_end() {
        // aism-ts tests/golden/learn.json "churn": raw features standardised with the sample SD,
        // LogisticRegression(C=1, newton-cg, tol 1e-12) in scikit-learn 1.9.1; 1e-8.
        let golden: Value =
            serde_json::from_str(include_str!("../../ts/tests/golden/learn.json")).unwrap();
        let c = &golden["churn"];
        let y: Vec<Value> = c["y"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| json!([v]))
            .collect();
        let g = run("AISM.CHURN", json!([c["X"], y])).unwrap();
        assert_eq!((g.height(), g.width()), (120, 1));
        for (i, want) in c["p_train_first5"].as_array().unwrap().iter().enumerate() {
            let got = cell_num(g.get(i, 0).unwrap());
            assert!((got - want.as_f64().unwrap()).abs() < 1e-8, "{i}: {got}");
        }
        let g = run("AISM.CHURN", json!([c["X"], y, c["score"]])).unwrap();
        for (i, want) in c["p_score"].as_array().unwrap().iter().enumerate() {
            let got = cell_num(g.get(i, 0).unwrap());
            assert!((got - want.as_f64().unwrap()).abs() < 1e-8, "{i}: {got}");
        }
        // A header row over the features and the labels is skipped; yes/no labels read.
        let mut x = vec![json!(["recency", "orders", "spend"])];
        x.extend(c["X"].as_array().unwrap().iter().cloned());
        let mut yl = vec![json!(["churned"])];
        yl.extend(
            c["y"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| json!([if v.as_f64() == Some(1.0) { "yes" } else { "no" }])),
        );
        let h = run("AISM.CHURN", json!([x, yl])).unwrap();
        assert_eq!(h.height(), 120);
        assert!(
            (cell_num(h.get(0, 0).unwrap()) - c["p_train_first5"][0].as_f64().unwrap()).abs()
                < 1e-8
        );
    }

    #[test]
    fn segment_finds_blobs_deterministically() {
        // The three-blob data of aism-ts learn.json: k chosen by the silhouette is 3, numbered by
        // first appearance; the clustering equals scikit-learn's Lloyd optimum up to numbering.
        let golden: Value =
            serde_json::from_str(include_str!("../../ts/tests/golden/learn.json")).unwrap();
        let x = &golden["kmeans"]["X"];
        let g = run("AISM.SEGMENT", json!([x])).unwrap();
        let got: Vec<usize> = (0..g.height())
            .map(|i| cell_num(g.get(i, 0).unwrap()) as usize)
            .collect();
        assert_eq!(got[0], 1);
        assert_eq!(*got.iter().max().unwrap(), 3);
        let want: Vec<usize> = golden["kmeans"]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(got, relabel(&want, 3));
        assert_eq!(run("AISM.SEGMENT", json!([x])).unwrap(), g);
        let g4 = run("AISM.SEGMENT", json!([x, 4])).unwrap();
        let max = (0..g4.height())
            .map(|i| cell_num(g4.get(i, 0).unwrap()) as usize)
            .max();
        assert_eq!(max, Some(4));
    }

    #[test]
    fn cohort_matrix() {
        let ids = json!([["a"], ["a"], ["b"], ["b"], ["c"], ["a"]]);
        let dates = json!([
            ["2024-01-05"],
            ["2024-02-07"],
            ["2024-01-20"],
            ["2024-03-01"],
            ["2024-02-02"],
            ["2024-03-09"]
        ]);
        let g = run("AISM.COHORT", json!([ids, dates])).unwrap();
        assert_eq!(g.rows()[0][2], Cell::number(0.0));
        assert_eq!(g.rows()[1][0], Cell::text("2024-01"));
        assert_eq!(
            g.rows()[1][1..].iter().map(cell_num).collect::<Vec<_>>(),
            vec![2.0, 1.0, 0.5, 1.0]
        );
        assert_eq!(g.rows()[2][0], Cell::text("2024-02"));
        assert_eq!(
            g.rows()[2][1..4].iter().map(cell_num).collect::<Vec<_>>(),
            vec![1.0, 1.0, 0.0]
        );
        assert_eq!(g.rows()[2][4], Cell::Empty);
        let q = run("AISM.COHORT", json!([ids, dates, "trimestre"])).unwrap();
        assert_eq!(q.rows()[1][0], Cell::text("2024-Q1"));
    }

    #[test]
    fn documented_errors_of_the_transaction_functions() {
        let ids = json!([["a"], ["b"], ["a"]]);
        let dates = json!([["2024-01-01"], ["2024-01-05"], ["2024-02-01"]]);
        let amounts = json!([[10], [20], [30]]);
        for name in ["AISM.RFM", "AISM.CLV"] {
            expect_errors(
                name,
                vec![
                    (
                        json!([ids, [["2024-01-01"], ["2024-01-05"]], amounts]),
                        ErrorKind::NotAvailable,
                        "'customer_ids' has 3 cells but 'dates' has 2",
                    ),
                    (
                        json!([[["a"], [null], ["a"]], dates, amounts]),
                        ErrorKind::Value,
                        "'customer_ids' is blank at position 2",
                    ),
                    (
                        json!([ids, [["2024-01-01"], ["soon"], ["2024-02-01"]], amounts]),
                        ErrorKind::Value,
                        "position 2",
                    ),
                    (
                        json!([ids, dates, [[10], [null], [30]]]),
                        ErrorKind::Value,
                        "'amounts' is blank at position 2",
                    ),
                    (
                        json!([ids, dates, [[10], [1e16], [30]]]),
                        ErrorKind::Num,
                        "larger than",
                    ),
                    (
                        json!([[[{"error": "#N/A"}], ["b"], ["a"]], dates, amounts]),
                        ErrorKind::NotAvailable,
                        "holds the error",
                    ),
                ],
            );
        }
        expect_errors(
            "AISM.RFM",
            vec![(
                json!([ids, dates, amounts, "2023-01-01"]),
                ErrorKind::Num,
                "before the first purchase",
            )],
        );
        expect_errors(
            "AISM.CLV",
            vec![
                (
                    json!([ids, dates, amounts, 0]),
                    ErrorKind::Num,
                    "'horizon_months'",
                ),
                (
                    json!([ids, dates, amounts, 12, 1.5]),
                    ErrorKind::Num,
                    "'monthly_discount'",
                ),
                (json!([ids, dates, amounts]), ErrorKind::Num, "at least 3"),
                (
                    json!([[["a"], ["b"], ["c"]], dates, amounts]),
                    ErrorKind::Num,
                    "no customer bought on two different days",
                ),
            ],
        );
        expect_errors(
            "AISM.COHORT",
            vec![
                (
                    json!([ids, dates, "daily"]),
                    ErrorKind::Value,
                    "use \"week\"",
                ),
                (
                    json!([[["a"], ["a"]], [["2000-01-01"], ["2020-01-01"]], "week"]),
                    ErrorKind::Num,
                    "longer period",
                ),
            ],
        );
    }

    #[test]
    fn documented_errors_of_the_feature_functions() {
        let x = json!([[1, 2], [2, 1], [3, 5], [4, 4], [5, 0], [6, 2]]);
        let y = json!([[1], [0], [1], [0], [1], [0]]);
        expect_errors(
            "AISM.CHURN",
            vec![
                (
                    json!([x, [[1], [0]]]),
                    ErrorKind::NotAvailable,
                    "'labels' has 2 values",
                ),
                (
                    json!([x, [[1], [0], [1], [0], [1], ["maybe"]]]),
                    ErrorKind::Value,
                    "not a churn label",
                ),
                (
                    json!([x, [[1], [0], [0], [0], [0], [0]]]),
                    ErrorKind::Num,
                    "at least 2 of each",
                ),
                (
                    json!([[[1, 2], [2, null], [3, 5], [4, 4], [5, 0], [6, 2]], y]),
                    ErrorKind::Value,
                    "row 2, column 2",
                ),
                (
                    json!([x, y, [[1, 2, 3]]]),
                    ErrorKind::Value,
                    "'score_features' has 3 columns",
                ),
                (
                    json!([[[1, 2], [2, {"error": "#DIV/0!"}], [3, 5], [4, 4], [5, 0], [6, 2]], y]),
                    ErrorKind::Div0,
                    "holds the error",
                ),
            ],
        );
        expect_errors(
            "AISM.SEGMENT",
            vec![
                (json!([[[1, 2], [3, 4]]]), ErrorKind::Num, "at least 3"),
                (
                    json!([x, 1]),
                    ErrorKind::Num,
                    "'k' must be a whole number from 2 to 5",
                ),
                (json!([x, 2.5]), ErrorKind::Num, "'k' must be"),
                (
                    json!([[[1, 1], [1, 1], [1, 1], [1, 1]]]),
                    ErrorKind::Num,
                    "every row has the same features",
                ),
                (
                    json!([[[1, 1], [1, 1], [2, 2], [1, 1]], 3]),
                    ErrorKind::Num,
                    "fewer than 3 distinct rows",
                ),
                (
                    json!([[[1, "x"], [1, 1], [2, 2]]]),
                    ErrorKind::Value,
                    "row 1, column 2",
                ),
            ],
        );
    }
}
