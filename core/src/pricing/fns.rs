//! Registry implementations of the pricing functions (FUNCTIONS.md, "Pricing"):
//! `AISM.ELASTICITY`, `AISM.OPTIMALPRICE`, `AISM.PRICEINDEX`.
//!
//! Prices and quantities are paired by position; a pair with a blank on either side is skipped
//! (as Excel's SLOPE does). The log-log model leaves out pairs whose price or quantity is 0 or
//! less (a logarithm needs a positive number); the linear model leaves out prices ≤ 0 and
//! negative quantities.

use crate::cells::{Cell, CellError, Grid};
use crate::registry::Args;
use aism_ts::pricing::{self, Controls, DemandModel, PricingError};

/// Translates a pricing error into a cell error that says what to change.
pub(crate) fn pricing_error(f: &str, e: PricingError) -> CellError {
    match e {
        PricingError::LengthMismatch { prices, quantities } => CellError::na(format!(
            "{f}: 'prices' has {prices} values but 'quantities' has {quantities}. Select ranges of the same length, one price and one quantity per period."
        )),
        PricingError::TooFew { needed, got } => CellError::num(format!(
            "{f}: needs at least {needed} periods with a price and a quantity above 0, but has {got}. Select a longer history."
        )),
        PricingError::NotFinite => CellError::num(format!(
            "{f}: a price or quantity is not a finite number. Fix that cell."
        )),
        PricingError::NoPriceVariation | PricingError::Singular => CellError::num(format!(
            "{f}: the prices do not vary, so their effect on quantity cannot be measured. Include periods sold at different prices."
        )),
        PricingError::NoFiniteOptimum(why) => CellError::num(format!(
            "{f}: {why}. Check the data, or try the other model (\"loglog\" or \"linear\")."
        )),
        PricingError::InvalidArgument(m) => CellError::num(format!("{f}: {m}. Change it.")),
    }
}

/// The paired prices and quantities of arguments 0 and 1, blanks on either side skipped.
fn pairs(args: &Args) -> Result<(Vec<f64>, Vec<f64>), CellError> {
    let p = args.numbers(0)?;
    let q = args.numbers(1)?;
    if p.len() != q.len() {
        return Err(pricing_error(
            &args.function(),
            PricingError::LengthMismatch {
                prices: p.len(),
                quantities: q.len(),
            },
        ));
    }
    Ok(p.into_iter()
        .zip(q)
        .filter_map(|(p, q)| Some((p?, q?)))
        .unzip())
}

/// `AISM.ELASTICITY(prices, quantities)`: 1×3 row elasticity (slope of ln q on ln p), its
/// standard error, R². When every quantity is the same, R² is undefined (0/0, as in
/// statsmodels) and its cell is `#NUM!`; the elasticity is then 0.
pub(crate) fn elasticity(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let (p, q) = pairs(args)?;
    let e = pricing::elasticity(&p, &q, Controls::default()).map_err(|e| pricing_error(&f, e))?;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(e.elasticity),
        Cell::number(e.se),
        Cell::number(e.r_squared),
    ]]))
}

/// The demand model named by `text` (case and surrounding spaces ignored): "loglog" (also
/// "log-log", "log", "constant") or "linear" ("lineal").
pub fn demand_model(text: &str) -> Option<DemandModel> {
    match text.trim().to_ascii_lowercase().as_str() {
        "loglog" | "log-log" | "log" | "constant" => Some(DemandModel::LogLog),
        "linear" | "lineal" => Some(DemandModel::Linear),
        _ => None,
    }
}

/// `AISM.OPTIMALPRICE(prices, quantities, unit_cost, [model="loglog"])`: the profit-maximising
/// price, clamped to the observed prices.
pub(crate) fn optimal_price(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let cost = args.number(2)?;
    if !(cost.is_finite() && cost >= 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'unit_cost' must be 0 or more, but it is {cost}. Enter the variable cost of one unit."
        )));
    }
    let text = args.text_or(3, "loglog")?;
    let model = demand_model(&text).ok_or_else(|| {
        CellError::value(format!(
            "{f}: 'model' is \"{text}\", which is not \"loglog\" or \"linear\". Change it."
        ))
    })?;
    let (p, q) = pairs(args)?;
    let r = pricing::optimal_price(&p, &q, cost, model).map_err(|e| pricing_error(&f, e))?;
    Ok(Grid::scalar(Cell::number(r.price)))
}

/// `AISM.PRICEINDEX(our_price, competitor_prices)`: 1×2 row index (100 = median competitor),
/// percentile position (share of competitors strictly cheaper plus half of those at the same
/// price, × 100).
pub(crate) fn price_index(args: &Args) -> Result<Grid, CellError> {
    let f = args.function();
    let ours = args.number(0)?;
    if !(ours.is_finite() && ours > 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'our_price' must be greater than 0, but it is {ours}. Enter your selling price."
        )));
    }
    let comp: Vec<f64> = args.numbers(1)?.into_iter().flatten().collect();
    if comp.is_empty() {
        return Err(CellError::num(format!(
            "{f}: 'competitor_prices' holds no prices. Select at least one competitor price."
        )));
    }
    if let Some(pos) = comp.iter().position(|c| *c <= 0.0) {
        return Err(CellError::num(format!(
            "{f}: 'competitor_prices' number {} is {}, but prices must be greater than 0. Fix or clear it.",
            pos + 1,
            comp.get(pos).copied().unwrap_or(0.0)
        )));
    }
    let r = pricing::price_index(ours, &comp).map_err(|e| pricing_error(&f, e))?;
    Ok(Grid::from_rows(vec![vec![
        Cell::number(r.index),
        Cell::number(r.percentile),
    ]]))
}

#[cfg(test)]
mod tests {
    use crate::cells::ErrorKind;
    use crate::registry::test_util::{expect_errors, num, run};
    use serde_json::{Value, json};

    /// |got − want| ≤ tol·max(1, |want|).
    #[track_caller]
    fn close(got: f64, want: f64, tol: f64) {
        assert!(
            (got - want).abs() <= tol * want.abs().max(1.0),
            "got {got}, want {want}"
        );
    }

    /// statsmodels OLS on seeded data (core/ts/tests/golden/pricing.py → pricing.json).
    fn golden() -> Value {
        serde_json::from_str(include_str!("../../ts/tests/golden/pricing.json")).unwrap()
    }

    fn col(v: &Value) -> Value {
        json!(
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| json!([x]))
                .collect::<Vec<_>>()
        )
    }

    #[test]
    fn elasticity_matches_statsmodels() {
        // Source: statsmodels OLS of ln q on ln p (pricing.json "simple" and "excluded", the
        // latter with 3 non-positive pairs left out), elasticity, SE and R² to 1e-8.
        let g = golden();
        for case in ["simple", "excluded"] {
            let c = &g[case];
            let r = run(
                "AISM.ELASTICITY",
                json!([col(&c["prices"]), col(&c["quantities"])]),
            )
            .unwrap();
            assert_eq!((r.height(), r.width()), (1, 3));
            close(num(&r, 0, 0), c["fit"]["coef"][1].as_f64().unwrap(), 1e-8);
            close(num(&r, 0, 1), c["fit"]["se"][1].as_f64().unwrap(), 1e-8);
            close(num(&r, 0, 2), c["fit"]["r_squared"].as_f64().unwrap(), 1e-8);
        }
        // A row of prices and a column of quantities pair up; pairs with a blank are skipped.
        let r = run(
            "AISM.ELASTICITY",
            json!([
                [[1, 2, null, 4, 5, 8]],
                [[1000], [250], [7], [62.5], [40], [15.625]]
            ]),
        )
        .unwrap();
        // q = 1000·p⁻² exactly: elasticity −2, SE 0, R² 1 (by construction).
        close(num(&r, 0, 0), -2.0, 1e-12);
        assert!(num(&r, 0, 1) < 1e-12);
        close(num(&r, 0, 2), 1.0, 1e-12);
    }

    #[test]
    fn optimal_price_loglog_is_the_closed_form() {
        // Constant elasticity e (statsmodels, "simple" ≈ −1.8978): p* = c·e/(1+e); c = 5 gives
        // 10.57, inside the observed 8.03–11.94; c = 8 gives 16.9, clamped to 11.94.
        let c = &golden()["simple"];
        let e = c["fit"]["coef"][1].as_f64().unwrap();
        let args = |cost: f64| json!([col(&c["prices"]), col(&c["quantities"]), cost]);
        let r = run("AISM.OPTIMALPRICE", args(5.0)).unwrap();
        close(num(&r, 0, 0), 5.0 * e / (1.0 + e), 1e-8);
        let r = run("AISM.OPTIMALPRICE", args(8.0)).unwrap();
        assert_eq!(num(&r, 0, 0), 11.94);
    }

    #[test]
    fn optimal_price_linear_by_hand() {
        // q = 100 − 4p exactly on p = 5..15: profit (p − c)(100 − 4p) peaks at p = 12.5 + c/2;
        // c = 4 → 14.5 (hand-derived), c = 10 → 17.5, clamped to 15.
        let p: Vec<Value> = (5..=15).map(|p| json!([p])).collect();
        let q: Vec<Value> = (5..=15).map(|p| json!([100 - 4 * p])).collect();
        let r = run("AISM.OPTIMALPRICE", json!([p, q, 4, "linear"])).unwrap();
        close(num(&r, 0, 0), 14.5, 1e-12);
        let r = run("AISM.OPTIMALPRICE", json!([p, q, 10, "Linear"])).unwrap();
        assert_eq!(num(&r, 0, 0), 15.0);
    }

    #[test]
    fn price_index_by_definition() {
        // Competitors 8, 10, 10, 12, 14 (median 10); ours 10 → index 100, percentile
        // (1 cheaper + ½·2 equal)/5·100 = 40. A row of competitors with a blank works too.
        let r = run(
            "AISM.PRICEINDEX",
            json!([10, [[12], [10], [8], [14], [10]]]),
        )
        .unwrap();
        assert_eq!((num(&r, 0, 0), num(&r, 0, 1)), (100.0, 40.0));
        let r = run("AISM.PRICEINDEX", json!([11, [[8, 10, null, 12, 14]]])).unwrap();
        assert_eq!((num(&r, 0, 0), num(&r, 0, 1)), (100.0, 50.0));
        let r = run("AISM.PRICEINDEX", json!([9, [[12]]])).unwrap();
        assert_eq!((num(&r, 0, 0), num(&r, 0, 1)), (75.0, 0.0));
    }

    #[test]
    fn documented_errors() {
        let p = json!([[10], [11], [12], [13]]);
        let q = json!([[50], [45], [41], [38]]);
        expect_errors(
            "AISM.ELASTICITY",
            vec![
                (
                    json!([p, [[50], [45]]]),
                    ErrorKind::NotAvailable,
                    "same length",
                ),
                (
                    json!([[[10], ["ten"], [12]], q]),
                    ErrorKind::Value,
                    "not a number",
                ),
                (
                    json!([[[10], [11]], [[5], [4]]]),
                    ErrorKind::Num,
                    "at least 3",
                ),
                (
                    json!([[[10], [11], [12], [0]], [[5], [4], [0], [3]]]),
                    ErrorKind::Num,
                    "at least 3",
                ),
                (
                    json!([[[10], [10], [10]], [[5], [4], [3]]]),
                    ErrorKind::Num,
                    "different prices",
                ),
            ],
        );
        expect_errors(
            "AISM.OPTIMALPRICE",
            vec![
                (
                    json!([p, [[50], [45]], 5]),
                    ErrorKind::NotAvailable,
                    "same length",
                ),
                (json!([p, q, "cheap"]), ErrorKind::Value, "not a number"),
                (json!([p, q, -1]), ErrorKind::Num, "0 or more"),
                (json!([p, q, 5, "cubic"]), ErrorKind::Value, "\"linear\""),
                (
                    json!([[[10], [10], [10]], [[5], [4], [3]], 5]),
                    ErrorKind::Num,
                    "different prices",
                ),
                // Inelastic demand (e ≈ −0.66): no finite optimum under constant elasticity.
                (
                    json!([[[10], [20], [40]], [[100], [60], [40]], 5]),
                    ErrorKind::Num,
                    "inelastic",
                ),
                // Quantity rising with price: no linear optimum either.
                (
                    json!([[[10], [20], [40]], [[10], [20], [30]], 5, "linear"]),
                    ErrorKind::Num,
                    "not negative",
                ),
            ],
        );
        expect_errors(
            "AISM.PRICEINDEX",
            vec![
                (json!([0, [[10]]]), ErrorKind::Num, "our_price"),
                (json!(["x", [[10]]]), ErrorKind::Value, "not a number"),
                (json!([10, [[10], [-2]]]), ErrorKind::Num, "greater than 0"),
                (json!([10, [["a"]]]), ErrorKind::Value, "not a number"),
                (json!([10, [[null], [""]]]), ErrorKind::Num, "no prices"),
            ],
        );
    }
}
