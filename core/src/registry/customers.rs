//! Specs of the "Customers" functions (FUNCTIONS.md). The names, argument order and result
//! shapes of the table in FUNCTIONS.md are a contract.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec, opt, req};
use crate::customers::fns;

const FREQUENCY: ParamSpec = req(
    "frequency",
    ParamType::Range,
    "Repeat purchases per customer (purchases after the first), one column or row.",
);

const CUSTOMER_IDS: ParamSpec = req(
    "customer_ids",
    ParamType::Range,
    "Customer of each transaction (one row per order line or order), one column.",
);
const DATES: ParamSpec = req(
    "dates",
    ParamType::Range,
    "Date of each transaction, same length as customer_ids.",
);
const AMOUNTS: ParamSpec = req(
    "amounts",
    ParamType::Range,
    "Amount of each transaction, same length as customer_ids; refunds may be negative.",
);
const AS_OF: ParamSpec = opt(
    "as_of",
    ParamType::Any,
    "last date",
    "The date the analysis looks from; later transactions are left out. Default: the last transaction date.",
);
const FEATURES: ParamSpec = req(
    "features",
    ParamType::Range,
    "One row per customer, one numeric column per feature (an optional header row of text is skipped).",
);

/// The customer functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "RFM",
        category: Category::Customers,
        description: "RFM analysis of transactions: recency (days since the last purchase), frequency (transactions) and monetary value (total) per customer, quintile scores 1-5 (5 best; equal values share a score) and the named segment of R and FM = round((F+M)/2).",
        params: &[CUSTOMER_IDS, DATES, AMOUNTS, AS_OF],
        result: ResultSpec {
            shape: ResultShape::Table,
            description: "customer, recency_days, frequency, monetary, r, f, m, segment; one row per customer in order of first appearance.",
        },
        run: fns::rfm_fn,
    },
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
    FunctionSpec {
        name: "CLV",
        category: Category::Customers,
        description: "Customer lifetime value from transactions: BG/NBD (in days) and Gamma-Gamma fitted by maximum likelihood, P(alive), expected purchases and discounted value over the horizon (30-day months, as the lifetimes package). Purchases on one day count once.",
        params: &[
            CUSTOMER_IDS,
            DATES,
            AMOUNTS,
            opt(
                "horizon_months",
                ParamType::Number,
                "12",
                "Months to value, 1-1200.",
            ),
            opt(
                "monthly_discount",
                ParamType::Number,
                "0.01",
                "Discount rate per month, 0 to below 1 (0.01 = 1 %).",
            ),
            AS_OF,
        ],
        result: ResultSpec {
            shape: ResultShape::Table,
            description: "customer, frequency (repeat purchase days), recency and T (days), p_alive, expected_purchases (over the horizon), expected_value (per purchase), clv.",
        },
        run: fns::clv_fn,
    },
    FunctionSpec {
        name: "CHURN",
        category: Category::Customers,
        description: "Supervised churn model: L2-regularised logistic regression (C = 1) on standardised features, fitted on the labelled rows.",
        params: &[
            FEATURES,
            req(
                "labels",
                ParamType::Range,
                "Churn label per row of features: 1/0, TRUE/FALSE or yes/no (1 = churned).",
            ),
            opt(
                "score_features",
                ParamType::Range,
                "features",
                "Rows to score, with the same columns as features. Default: the training rows.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "Churn probability per row of score_features (or of features).",
        },
        run: fns::churn,
    },
    FunctionSpec {
        name: "SEGMENT",
        category: Category::Customers,
        description: "Customer segments by k-means++ on standardised features (seeded: the same data give the same clusters); without k, k = 2-10 is chosen by the mean silhouette.",
        params: &[
            FEATURES,
            opt(
                "k",
                ParamType::Number,
                "auto",
                "Number of clusters, 2-10; leave out to choose by the silhouette.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "Cluster number (1 = the cluster of the first row, 2 the next new one, ...) per row.",
        },
        run: fns::segment,
    },
    FunctionSpec {
        name: "COHORT",
        category: Category::Customers,
        description: "Cohort retention matrix: customers grouped by the period of their first purchase, and the share of each cohort buying in each later period.",
        params: &[
            CUSTOMER_IDS,
            DATES,
            opt(
                "period",
                ParamType::Text,
                "month",
                "\"week\" (from Monday), \"month\" or \"quarter\".",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Table,
            description: "cohort, size, then the retention share for offsets 0, 1, 2, ... (blank past the end of the data).",
        },
        run: fns::cohort,
    },
];
