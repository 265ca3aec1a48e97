//! Product pricing (SPEC §2.4): the pricing functions of the registry ([`fns`]:
//! `AISM.ELASTICITY`, `AISM.OPTIMALPRICE`, `AISM.PRICEINDEX`).
//!
//! The algorithms (OLS with standard errors, log-log elasticity with trend and seasonal
//! controls, optimal prices, price index, price/volume/mix) are those of `aism_ts::pricing`;
//! this module reads spreadsheet arguments, checks them with messages that say what to change,
//! and shapes the results.

pub mod fns;

pub use aism_ts::pricing::{
    Controls, DemandModel, Elasticity, OptimalPrice, PriceIndex, PricingError, PricingWarning,
    ProductPeriods, Pvm,
};
