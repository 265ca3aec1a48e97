//! Customer management (SPEC §2.5): the customer functions of the registry ([`fns`]). The
//! models themselves (BG/NBD, Gamma-Gamma, CLV) are in `aism_ts::clv`.

pub mod fns;
