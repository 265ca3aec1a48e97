//! Product pricing (SPEC §2.4): the pricing functions of the registry ([`fns`]:
//! `AISM.ELASTICITY`, `AISM.OPTIMALPRICE`, `AISM.PRICEINDEX`), the pricing report
//! ([`report`]) and the recognition of pricing tables for auto-detection ([`table`]).
//!
//! The algorithms (OLS with standard errors, log-log elasticity with trend and seasonal
//! controls, optimal prices, price index, price/volume/mix) are those of `aism_ts::pricing`;
//! this module reads spreadsheet arguments, checks them with messages that say what to change,
//! and shapes the results. [`warning_text`] and [`extrapolation_text`] give the fit's cautions
//! in English and Spanish for reports.

pub mod fns;
pub mod report;
pub mod table;

pub use report::{PricingInput, PricingOptions, pricing_report};
pub use table::{Recognised, input_from_table, recognise};

pub use aism_ts::pricing::{
    Controls, DemandModel, Elasticity, OptimalPrice, PriceIndex, PricingError, PricingWarning,
    ProductPeriods, Pvm,
};

use crate::report::Text;

/// A pricing warning in both languages, for reports.
pub fn warning_text(w: &PricingWarning) -> Text {
    match w {
        PricingWarning::LowPriceVariation { cv } => {
            let pct = format!("{:.2}", cv * 100.0);
            Text::new(
                format!(
                    "Prices barely vary (coefficient of variation {pct} %, under 2 %): the elasticity is unreliable. Test a wider range of prices."
                ),
                format!(
                    "Los precios apenas varían (coeficiente de variación {pct} %, menos del 2 %): la elasticidad no es fiable. Pruebe un rango de precios más amplio."
                ),
            )
        }
        PricingWarning::FewDistinctPrices { count } => Text::new(
            format!(
                "Only {count} distinct price(s): the elasticity rests on very few price points. Include periods at other prices."
            ),
            format!(
                "Solo {count} precio(s) distinto(s): la elasticidad se apoya en muy pocos precios. Incluya periodos con otros precios."
            ),
        ),
        PricingWarning::NonPositiveExcluded { count } => Text::new(
            format!(
                "{count} period(s) with a price or quantity of 0 or less were left out (a logarithm needs a positive number)."
            ),
            format!(
                "Se excluyeron {count} periodo(s) con precio o cantidad de 0 o menos (el logaritmo necesita un número positivo)."
            ),
        ),
        PricingWarning::ControlsDropped => Text::new(
            "Too few periods to control for trend and seasonality (two full seasons and 8 more periods than parameters are needed); the elasticity is fitted without them.",
            "Hay pocos periodos para controlar tendencia y estacionalidad (se necesitan dos temporadas completas y 8 periodos más que parámetros); la elasticidad se estima sin ellos.",
        ),
    }
}

/// The extrapolation warning of an optimal price, in both languages, when the model's optimum
/// lies outside the observed prices (`None` otherwise).
pub fn extrapolation_text(o: &OptimalPrice) -> Option<Text> {
    if !o.extrapolated {
        return None;
    }
    let (lo, hi) = o.price_range;
    let (opt, rec) = (format!("{:.2}", o.unclamped), format!("{:.2}", o.price));
    let (lo, hi) = (format!("{lo:.2}"), format!("{hi:.2}"));
    Some(Text::new(
        format!(
            "The model's best price {opt} lies outside the prices observed ({lo}–{hi}); the recommendation is held at {rec}. Beyond the observed range the model is extrapolating: test prices step by step."
        ),
        format!(
            "El mejor precio del modelo, {opt}, está fuera de los precios observados ({lo}–{hi}); la recomendación se limita a {rec}. Fuera del rango observado el modelo extrapola: pruebe los precios poco a poco."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_read_in_both_languages() {
        let t = warning_text(&PricingWarning::LowPriceVariation { cv: 0.004 });
        assert!(t.en.contains("0.40 %") && t.es.contains("0.40 %"), "{t:?}");
        let t = warning_text(&PricingWarning::NonPositiveExcluded { count: 3 });
        assert!(t.en.starts_with('3') && t.es.contains(" 3 "), "{t:?}");
        // q = 100 − 4p on p = 5..15 with cost 10: optimum 17.5, held at 15.
        let p: Vec<f64> = (5..=15).map(f64::from).collect();
        let q: Vec<f64> = p.iter().map(|p| 100.0 - 4.0 * p).collect();
        let o = aism_ts::pricing::optimal_price(&p, &q, 10.0, DemandModel::Linear).unwrap();
        let t = extrapolation_text(&o).unwrap();
        assert!(t.en.contains("17.50") && t.es.contains("15.00"), "{t:?}");
        let o = aism_ts::pricing::optimal_price(&p, &q, 4.0, DemandModel::Linear).unwrap();
        assert!(extrapolation_text(&o).is_none());
    }
}
