//! Specs of the "Customers" functions (FUNCTIONS.md). The names, argument order and result
//! shapes of the table in FUNCTIONS.md are a contract.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec, req};
use crate::customers::fns;

const FREQUENCY: ParamSpec = req(
    "frequency",
    ParamType::Range,
    "Repeat purchases per customer (purchases after the first), one column or row.",
);

/// The customer functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "BGNBD",
        category: Category::Customers,
        description: "BG/NBD model (Fader, Hardie & Lee 2005) fitted by maximum likelihood to per-customer summaries: purchase rates gamma(r, alpha), dropout probability beta(a, b). Times in any one unit (e.g. weeks).",
        params: &[
            FREQUENCY,
            req(
                "recency",
                ParamType::Range,
                "Customer age at the last purchase (time from first to last purchase); 0 without repeat purchases.",
            ),
            req(
                "T",
                ParamType::Range,
                "Customer age at the end of the data (time from the first purchase), same unit as recency.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "r, alpha, a, b and the log-likelihood of the fit.",
        },
        run: fns::bgnbd,
    },
    FunctionSpec {
        name: "GAMMAGAMMA",
        category: Category::Customers,
        description: "Gamma-Gamma spend model (Fader, Hardie & Lee 2005) fitted by maximum likelihood on the customers with frequency > 0; the others are skipped.",
        params: &[
            FREQUENCY,
            req(
                "monetary_value",
                ParamType::Range,
                "Mean value of each customer's repeat purchases, one column or row.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "p, q, v and the log-likelihood of the fit.",
        },
        run: fns::gamma_gamma,
    },
];
