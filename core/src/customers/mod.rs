//! Customer management (SPEC §2.5): transactions and per-customer summaries ([`data`]), RFM
//! scores and segments ([`rfm`]), cohort retention ([`cohort`]) and the customer functions of
//! the registry ([`fns`]). The models themselves (BG/NBD, Gamma-Gamma, CLV, k-means, logistic
//! regression) are in `aism_ts::clv` and `aism_ts::learn`.

pub mod cohort;
pub mod data;
pub mod fns;
pub mod rfm;
