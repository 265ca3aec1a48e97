//! Small supervised and unsupervised learners for customer tables: z-score standardisation,
//! k-means with k-means++ seeding (Arthur & Vassilvitskii 2007) and Lloyd iterations, the
//! silhouette coefficient (Rousseeuw 1987) with automatic choice of k, L2-regularised logistic
//! regression fitted by Newton's method, and the ROC AUC (Mann–Whitney form).
//!
//! Matrices are row-major `&[f64]` slices of `rows × cols` values. Everything random takes an
//! explicit seed ([`SplitMix64`]), so results are deterministic on every platform.

use crate::Error;

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidArgument(msg.into())
}

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed 64-bit generator. Deterministic
/// for a given seed on every platform.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform index in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_f64() * n as f64) as usize).min(n.saturating_sub(1))
    }
}

fn check_matrix(x: &[f64], rows: usize, cols: usize) -> Result<(), Error> {
    if cols == 0 || x.len() != rows * cols {
        return Err(invalid(format!(
            "the matrix has {} values, which is not {rows} rows × {cols} columns",
            x.len()
        )));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::NotFinite);
    }
    Ok(())
}

/// Column means and sample standard deviations (n − 1) of a row-major matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    /// Mean of each column.
    pub means: Vec<f64>,
    /// Sample standard deviation of each column; 1 for a constant column (it standardises to 0).
    pub sds: Vec<f64>,
    /// Indices of the columns that are constant.
    pub constant: Vec<usize>,
}

impl Scaler {
    /// Fits the column means and standard deviations. Errors: fewer than 2 rows, a value that is
    /// not finite.
    pub fn fit(x: &[f64], rows: usize, cols: usize) -> Result<Scaler, Error> {
        check_matrix(x, rows, cols)?;
        if rows < 2 {
            return Err(Error::TooShort {
                needed: 2,
                got: rows,
            });
        }
        let mut means = vec![0.0; cols];
        for row in x.chunks_exact(cols) {
            for (m, v) in means.iter_mut().zip(row) {
                *m += v;
            }
        }
        for m in &mut means {
            *m /= rows as f64;
        }
        let mut sds = vec![0.0; cols];
        for row in x.chunks_exact(cols) {
            for ((s, v), m) in sds.iter_mut().zip(row).zip(&means) {
                *s += (v - m) * (v - m);
            }
        }
        let mut constant = Vec::new();
        for (j, s) in sds.iter_mut().enumerate() {
            *s = (*s / (rows - 1) as f64).sqrt();
            let scale = means[j].abs().max(1.0);
            if s.is_nan() || *s <= 1e-12 * scale {
                *s = 1.0;
                constant.push(j);
            }
        }
        Ok(Scaler {
            means,
            sds,
            constant,
        })
    }

    /// The z-scores of a row-major matrix with the same columns.
    pub fn transform(&self, x: &[f64]) -> Vec<f64> {
        let cols = self.means.len().max(1);
        let mut out = Vec::with_capacity(x.len());
        for row in x.chunks(cols) {
            for ((v, m), s) in row.iter().zip(&self.means).zip(&self.sds) {
                out.push((v - m) / s);
            }
        }
        out
    }
}

fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// A k-means clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeans {
    /// Number of clusters.
    pub k: usize,
    /// Cluster of each row, `0..k`.
    pub labels: Vec<usize>,
    /// Row-major `k × cols` cluster centres.
    pub centers: Vec<f64>,
    /// Sum of squared distances of the rows to their centres.
    pub inertia: f64,
    /// Lloyd iterations run.
    pub iterations: usize,
}

/// k-means++ seeding: the first centre uniformly, each next one with probability proportional
/// to the squared distance to the nearest centre chosen so far.
fn plus_plus(x: &[f64], rows: usize, cols: usize, k: usize, rng: &mut SplitMix64) -> Vec<f64> {
    let mut centers = Vec::with_capacity(k * cols);
    let first = rng.below(rows);
    centers.extend_from_slice(&x[first * cols..(first + 1) * cols]);
    let mut d2: Vec<f64> = x.chunks_exact(cols).map(|r| sq_dist(r, &centers)).collect();
    for _ in 1..k {
        let total: f64 = d2.iter().sum();
        let pick = if total > 0.0 {
            let target = rng.next_f64() * total;
            let mut acc = 0.0;
            let mut chosen = rows - 1;
            for (i, d) in d2.iter().enumerate() {
                acc += d;
                if acc > target {
                    chosen = i;
                    break;
                }
            }
            chosen
        } else {
            rng.below(rows)
        };
        let c = &x[pick * cols..(pick + 1) * cols];
        centers.extend_from_slice(c);
        for (d, r) in d2.iter_mut().zip(x.chunks_exact(cols)) {
            *d = d.min(sq_dist(r, c));
        }
    }
    centers
}

/// Lloyd's algorithm from the given centres until no label changes (or 300 iterations). An
/// emptied cluster takes the row farthest from its centre, as scikit-learn does.
pub fn kmeans_from(x: &[f64], rows: usize, cols: usize, centers: &[f64]) -> Result<KMeans, Error> {
    check_matrix(x, rows, cols)?;
    let k = centers.len() / cols;
    if k == 0 || centers.len() != k * cols || k > rows {
        return Err(invalid(format!(
            "k-means needs between 1 and {rows} centres of {cols} values"
        )));
    }
    let mut centers = centers.to_vec();
    let mut labels = vec![usize::MAX; rows];
    let mut iterations = 0;
    let mut sums = vec![0.0; k * cols];
    let mut counts = vec![0usize; k];
    loop {
        iterations += 1;
        let mut changed = false;
        for (i, r) in x.chunks_exact(cols).enumerate() {
            let mut best = 0;
            let mut best_d = f64::INFINITY;
            for (c, centre) in centers.chunks_exact(cols).enumerate() {
                let d = sq_dist(r, centre);
                if d < best_d {
                    best_d = d;
                    best = c;
                }
            }
            if labels[i] != best {
                labels[i] = best;
                changed = true;
            }
        }
        if !changed || iterations >= 300 {
            break;
        }
        sums.iter_mut().for_each(|s| *s = 0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for (r, &l) in x.chunks_exact(cols).zip(&labels) {
            counts[l] += 1;
            for (s, v) in sums[l * cols..(l + 1) * cols].iter_mut().zip(r) {
                *s += v;
            }
        }
        for c in 0..k {
            if counts[c] > 0 {
                for j in 0..cols {
                    centers[c * cols + j] = sums[c * cols + j] / counts[c] as f64;
                }
            } else {
                // Re-seed an empty cluster at the row farthest from its own centre.
                let far = x
                    .chunks_exact(cols)
                    .zip(&labels)
                    .map(|(r, &l)| sq_dist(r, &centers[l * cols..(l + 1) * cols]))
                    .enumerate()
                    .fold(
                        (0, -1.0),
                        |acc, (i, d)| if d > acc.1 { (i, d) } else { acc },
                    )
                    .0;
                centers[c * cols..(c + 1) * cols].copy_from_slice(&x[far * cols..(far + 1) * cols]);
                labels[far] = c;
            }
        }
    }
    let inertia = x
        .chunks_exact(cols)
        .zip(&labels)
        .map(|(r, &l)| sq_dist(r, &centers[l * cols..(l + 1) * cols]))
        .sum();
    Ok(KMeans {
        k,
        labels,
        centers,
        inertia,
        iterations,
    })
}

/// k-means with k-means++ seeding, `restarts` seedings from one generator started at `seed`; the
/// run with the least inertia is kept. Errors: k = 0 or k above the number of distinct rows, a
/// value that is not finite.
pub fn kmeans(
    x: &[f64],
    rows: usize,
    cols: usize,
    k: usize,
    restarts: usize,
    seed: u64,
) -> Result<KMeans, Error> {
    check_matrix(x, rows, cols)?;
    let distinct = distinct_rows(x, cols, k + 1);
    if k == 0 || k > distinct {
        return Err(invalid(format!(
            "the number of clusters must be between 1 and the number of distinct rows ({distinct}), got {k}"
        )));
    }
    let mut rng = SplitMix64::new(seed);
    let mut best: Option<KMeans> = None;
    for _ in 0..restarts.max(1) {
        let init = plus_plus(x, rows, cols, k, &mut rng);
        let fit = kmeans_from(x, rows, cols, &init)?;
        if best.as_ref().is_none_or(|b| fit.inertia < b.inertia) {
            best = Some(fit);
        }
    }
    best.ok_or_else(|| invalid("k-means ran no restart"))
}

/// The number of distinct rows, counted up to `cap`.
fn distinct_rows(x: &[f64], cols: usize, cap: usize) -> usize {
    let mut seen: Vec<&[f64]> = Vec::new();
    for r in x.chunks_exact(cols) {
        if !seen.contains(&r) {
            seen.push(r);
            if seen.len() >= cap {
                break;
            }
        }
    }
    seen.len()
}

/// The nearest centre (row-major `k × cols`) of each row of `x`, as Lloyd's assignment step.
pub fn assign(x: &[f64], cols: usize, centers: &[f64]) -> Vec<usize> {
    let cols = cols.max(1);
    x.chunks_exact(cols)
        .map(|r| {
            centers
                .chunks_exact(cols)
                .map(|c| sq_dist(r, c))
                .enumerate()
                .fold(
                    (0, f64::INFINITY),
                    |best, (i, d)| {
                        if d < best.1 { (i, d) } else { best }
                    },
                )
                .0
        })
        .collect()
}

/// Mean silhouette coefficient of a labelling (Rousseeuw 1987), as scikit-learn's
/// `silhouette_score`: s(i) = (b − a) / max(a, b) with a the mean distance to the own cluster
/// and b the least mean distance to another cluster; 0 for rows alone in their cluster.
/// Errors: fewer than 2 or as many clusters as rows.
pub fn silhouette(x: &[f64], rows: usize, cols: usize, labels: &[usize]) -> Result<f64, Error> {
    check_matrix(x, rows, cols)?;
    let k = labels.iter().max().map_or(0, |m| m + 1);
    if labels.len() != rows || k < 2 || k >= rows {
        return Err(invalid(
            "the silhouette needs at least 2 clusters and fewer clusters than rows",
        ));
    }
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let mut sum_d = vec![0.0; k];
    let mut total = 0.0;
    for (i, ri) in x.chunks_exact(cols).enumerate() {
        sum_d.iter_mut().for_each(|s| *s = 0.0);
        for (rj, &l) in x.chunks_exact(cols).zip(labels) {
            sum_d[l] += sq_dist(ri, rj).sqrt();
        }
        let own = labels[i];
        if sizes[own] <= 1 {
            continue;
        }
        let a = sum_d[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sum_d[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 && b.is_finite() {
            total += (b - a) / m;
        }
    }
    Ok(total / rows as f64)
}

/// The result of choosing k by the silhouette.
#[derive(Debug, Clone, PartialEq)]
pub struct AutoKMeans {
    /// The clustering with the best silhouette.
    pub best: KMeans,
    /// (k, silhouette) for every k tried.
    pub scores: Vec<(usize, f64)>,
}

/// Rows used for the silhouette at most (a deterministic sample above this, as scikit-learn's
/// `sample_size`): the silhouette costs rows² distances.
pub const SILHOUETTE_SAMPLE: usize = 2000;

/// k-means for every k in `k_min..=k_max` (capped at the distinct rows − 1), keeping the k with
/// the highest mean silhouette; ties keep the smaller k. Above [`SILHOUETTE_SAMPLE`] rows the
/// silhouette is computed on a seeded sample of that many rows.
pub fn kmeans_auto(
    x: &[f64],
    rows: usize,
    cols: usize,
    k_min: usize,
    k_max: usize,
    seed: u64,
) -> Result<AutoKMeans, Error> {
    check_matrix(x, rows, cols)?;
    let distinct = distinct_rows(x, cols, k_max + 1);
    let k_max = k_max.min(distinct.saturating_sub(1));
    let k_min = k_min.max(2);
    if k_max < k_min {
        return Err(Error::NoVariation);
    }
    // The silhouette sample: every row, or a seeded draw without replacement.
    let sample: Option<Vec<usize>> = (rows > SILHOUETTE_SAMPLE).then(|| {
        let mut idx: Vec<usize> = (0..rows).collect();
        let mut rng = SplitMix64::new(seed ^ 0x5EED);
        for i in 0..SILHOUETTE_SAMPLE {
            let j = i + rng.below(rows - i);
            idx.swap(i, j);
        }
        idx.truncate(SILHOUETTE_SAMPLE);
        idx.sort_unstable();
        idx
    });
    let sub: Option<Vec<f64>> = sample.as_ref().map(|idx| {
        idx.iter()
            .flat_map(|&i| x[i * cols..(i + 1) * cols].iter().copied())
            .collect()
    });
    let mut scores = Vec::new();
    let mut best: Option<(f64, KMeans)> = None;
    for k in k_min..=k_max {
        let fit = kmeans(x, rows, cols, k, 10, seed.wrapping_add(k as u64))?;
        let s = match (&sample, &sub) {
            (Some(idx), Some(sx)) => {
                let mut labels: Vec<usize> = idx.iter().map(|&i| fit.labels[i]).collect();
                // Relabel to 0..k' so clusters missing from the sample do not count.
                let mut map = vec![usize::MAX; k];
                let mut next = 0;
                for l in &mut labels {
                    if map[*l] == usize::MAX {
                        map[*l] = next;
                        next += 1;
                    }
                    *l = map[*l];
                }
                if next < 2 {
                    0.0
                } else {
                    silhouette(sx, idx.len(), cols, &labels)?
                }
            }
            _ => silhouette(x, rows, cols, &fit.labels)?,
        };
        scores.push((k, s));
        if best.as_ref().is_none_or(|(b, _)| s > *b + 1e-12) {
            best = Some((s, fit));
        }
    }
    let best = best.map(|(_, f)| f).ok_or(Error::NoVariation)?;
    Ok(AutoKMeans { best, scores })
}

/// A fitted logistic regression: P(y = 1 | x) = 1 / (1 + exp(−(intercept + coef·x))).
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    /// The intercept (not penalised).
    pub intercept: f64,
    /// One coefficient per feature column.
    pub coef: Vec<f64>,
    /// Newton iterations run.
    pub iterations: usize,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Solves the symmetric positive definite system `a x = b` (`n × n`, row-major) by Cholesky.
fn cholesky_solve(a: &mut [f64], b: &mut [f64], n: usize) -> Result<(), Error> {
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= a[j * n + k] * a[j * n + k];
        }
        if d.is_nan() || d <= 0.0 {
            return Err(invalid("the Hessian is not positive definite"));
        }
        let d = d.sqrt();
        a[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= a[i * n + k] * a[j * n + k];
            }
            a[i * n + j] = s / d;
        }
    }
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * n + k] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = b[i];
        for k in i + 1..n {
            s -= a[k * n + i] * b[k];
        }
        b[i] = s / a[i * n + i];
    }
    Ok(())
}

impl Logistic {
    /// Fits minimise Σ log-loss + (λ/2)·‖coef‖² (the intercept is not penalised), which is
    /// scikit-learn's `LogisticRegression(C = 1/λ)`, by Newton's method with step halving.
    /// `y` holds 0/1. Errors: shapes, λ < 0, labels other than 0/1, a single class, values that
    /// are not finite.
    pub fn fit(
        x: &[f64],
        rows: usize,
        cols: usize,
        y: &[f64],
        lambda: f64,
    ) -> Result<Logistic, Error> {
        check_matrix(x, rows, cols)?;
        if y.len() != rows {
            return Err(invalid(format!(
                "there are {} labels for {rows} rows",
                y.len()
            )));
        }
        if !(lambda.is_finite() && lambda >= 0.0) {
            return Err(invalid(format!(
                "the penalty must be a number ≥ 0, got {lambda}"
            )));
        }
        if let Some(bad) = y.iter().find(|v| **v != 0.0 && **v != 1.0) {
            return Err(invalid(format!("labels must be 0 or 1, got {bad}")));
        }
        let positives = y.iter().filter(|v| **v == 1.0).count();
        if positives == 0 || positives == rows {
            return Err(Error::NoVariation);
        }
        let n = cols + 1;
        let mut w = vec![0.0; n];
        w[0] = (positives as f64 / (rows - positives) as f64).ln();
        let objective = |w: &[f64]| -> f64 {
            let mut loss = 0.0;
            for (r, &t) in x.chunks_exact(cols).zip(y) {
                let z = w[0] + r.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f64>();
                // log(1 + e^z) − t z, stably.
                loss += z.max(0.0) + (-z.abs()).exp().ln_1p() - t * z;
            }
            loss + 0.5 * lambda * w[1..].iter().map(|v| v * v).sum::<f64>()
        };
        let mut f = objective(&w);
        let mut iterations = 0;
        let mut g = vec![0.0; n];
        let mut h = vec![0.0; n * n];
        for it in 0..100 {
            iterations = it + 1;
            g.iter_mut().for_each(|v| *v = 0.0);
            h.iter_mut().for_each(|v| *v = 0.0);
            for (r, &t) in x.chunks_exact(cols).zip(y) {
                let z = w[0] + r.iter().zip(&w[1..]).map(|(a, b)| a * b).sum::<f64>();
                let p = sigmoid(z);
                let e = p - t;
                let s = p * (1.0 - p);
                g[0] += e;
                h[0] += s;
                for j in 0..cols {
                    g[j + 1] += e * r[j];
                    h[j + 1] += s * r[j];
                    for l in 0..=j {
                        h[(j + 1) * n + l + 1] += s * r[j] * r[l];
                    }
                }
            }
            for j in 1..n {
                h[j * n] = h[j];
                g[j] += lambda * w[j];
                h[j * n + j] += lambda + 1e-12;
                for l in 1..j {
                    h[l * n + j] = h[j * n + l];
                }
            }
            let grad_norm = g.iter().map(|v| v.abs()).fold(0.0, f64::max);
            if grad_norm < 1e-10 * (rows as f64).max(1.0) {
                break;
            }
            let mut step = g.clone();
            let mut hh = h.clone();
            cholesky_solve(&mut hh, &mut step, n)?;
            let mut t = 1.0;
            let mut improved = false;
            for _ in 0..40 {
                let trial: Vec<f64> = w.iter().zip(&step).map(|(a, d)| a - t * d).collect();
                let ft = objective(&trial);
                if ft <= f + 1e-14 * f.abs() {
                    w = trial;
                    f = ft;
                    improved = true;
                    break;
                }
                t *= 0.5;
            }
            if !improved {
                break;
            }
        }
        if w.iter().any(|v| !v.is_finite()) {
            return Err(Error::NotFinite);
        }
        Ok(Logistic {
            intercept: w[0],
            coef: w[1..].to_vec(),
            iterations,
        })
    }

    /// P(y = 1) for each row of a row-major matrix with the fitted columns.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let cols = self.coef.len().max(1);
        x.chunks(cols)
            .map(|r| {
                sigmoid(self.intercept + r.iter().zip(&self.coef).map(|(a, b)| a * b).sum::<f64>())
            })
            .collect()
    }
}

/// Area under the ROC curve of `scores` for 0/1 `labels` (ties count one half), as
/// scikit-learn's `roc_auc_score`. Errors: a single class, lengths that differ.
pub fn auc(scores: &[f64], labels: &[f64]) -> Result<f64, Error> {
    if scores.len() != labels.len() {
        return Err(invalid("scores and labels differ in length"));
    }
    if scores.iter().any(|s| !s.is_finite()) {
        return Err(Error::NotFinite);
    }
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Rank sum of the positives with mid-ranks for ties.
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        for &t in &idx[i..=j] {
            if labels[t] == 1.0 {
                rank_sum += mid;
            }
        }
        i = j + 1;
    }
    let pos = labels.iter().filter(|l| **l == 1.0).count() as f64;
    let neg = labels.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return Err(Error::NoVariation);
    }
    Ok((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

#[cfg(test)]
mod tests;
