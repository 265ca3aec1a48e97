//! Specs of the "Inventory" functions (FUNCTIONS.md). The names, argument order and result
//! shapes of the table in FUNCTIONS.md are a contract; `EPQ`, `RQPOLICY` and `SSPOLICY` are
//! additions.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec, opt, req};
use crate::inventory::fns;

const ANNUAL_DEMAND: ParamSpec = req(
    "annual_demand",
    ParamType::Number,
    "Units demanded per year.",
);
const ORDER_COST: ParamSpec = req(
    "order_cost",
    ParamType::Number,
    "Fixed cost of placing one order (or one production run).",
);
const HOLDING_COST_YEAR: ParamSpec = req(
    "holding_cost",
    ParamType::Number,
    "Cost of holding one unit in stock for a year.",
);
const DEMAND_HISTORY: ParamSpec = req(
    "demand_history",
    ParamType::Range,
    "Demand per period, one column or row, oldest first.",
);
const LEAD_TIME: ParamSpec = req(
    "lead_time",
    ParamType::Number,
    "Replenishment lead time, in the periods of the history (4 for four weeks of weekly data).",
);
const SERVICE_LEVEL: ParamSpec = req(
    "service_level",
    ParamType::Number,
    "Probability of not running out during a lead time (cycle service level), e.g. 0.95.",
);
const LEAD_TIME_SD: ParamSpec = opt(
    "lead_time_sd",
    ParamType::Number,
    "0",
    "Standard deviation of the lead time, in periods; 0 when it is certain.",
);
const DEMAND_MEAN: ParamSpec = req("demand_mean", ParamType::Number, "Mean demand per period.");
const DEMAND_SD: ParamSpec = req(
    "demand_sd",
    ParamType::Number,
    "Standard deviation of demand per period.",
);
const HOLDING_COST_PERIOD: ParamSpec = req(
    "holding_cost",
    ParamType::Number,
    "Cost of holding one unit for one period.",
);
const STOCKOUT_COST: ParamSpec = req(
    "stockout_cost",
    ParamType::Number,
    "Cost of one unit short (backordered) for one period.",
);

/// The inventory functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "EOQ",
        category: Category::Inventory,
        description: "Economic order quantity Q* = sqrt(2·annual_demand·order_cost / holding_cost).",
        params: &[ANNUAL_DEMAND, ORDER_COST, HOLDING_COST_YEAR],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "Q*, the units to order each time.",
        },
        run: fns::eoq,
    },
    FunctionSpec {
        name: "SAFETYSTOCK",
        category: Category::Inventory,
        description: "Safety stock for a service level with demand and lead-time variability: z·sqrt(L·σd² + μd²·σL²), z = NORM.S.INV(service_level), μd and σd the mean and sample standard deviation (STDEV.S) of the history, L and σL the lead time and its standard deviation. Blank cells are skipped.",
        params: &[DEMAND_HISTORY, LEAD_TIME, SERVICE_LEVEL, LEAD_TIME_SD],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "Safety stock in units.",
        },
        run: fns::safety_stock,
    },
    FunctionSpec {
        name: "REORDERPOINT",
        category: Category::Inventory,
        description: "Reorder point: mean lead-time demand μd·L plus the safety stock of AISM.SAFETYSTOCK (demand and lead-time variability, sample standard deviation).",
        params: &[DEMAND_HISTORY, LEAD_TIME, SERVICE_LEVEL, LEAD_TIME_SD],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "Reorder point in units.",
        },
        run: fns::reorder_point,
    },
    FunctionSpec {
        name: "NEWSVENDOR",
        category: Category::Inventory,
        description: "Newsvendor order quantity for one selling period with normal demand: mean + z·sd at the critical ratio (price − cost)/(price − salvage).",
        params: &[
            req("mean", ParamType::Number, "Expected demand of the period."),
            req(
                "sd",
                ParamType::Number,
                "Standard deviation of the demand of the period.",
            ),
            req("unit_price", ParamType::Number, "Selling price per unit."),
            req("unit_cost", ParamType::Number, "Purchase cost per unit."),
            opt(
                "salvage",
                ParamType::Number,
                "0",
                "Value of an unsold unit at the end of the period.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "The optimal order quantity.",
        },
        run: fns::newsvendor,
    },
    FunctionSpec {
        name: "ABC",
        category: Category::Inventory,
        description: "ABC classification by cumulative share of value: items ranked by value; A while the items before hold less than a_share of the total, B while less than b_share, C after.",
        params: &[
            req(
                "item_values",
                ParamType::Range,
                "Value per item (e.g. annual units × unit cost), one column or row.",
            ),
            opt(
                "a_share",
                ParamType::Number,
                "0.8",
                "Share of total value covered by A items.",
            ),
            opt(
                "b_share",
                ParamType::Number,
                "0.95",
                "Share of total value covered by A and B items.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "\"A\", \"B\" or \"C\" per item (blank for a blank item).",
        },
        run: fns::abc,
    },
    FunctionSpec {
        name: "XYZ",
        category: Category::Inventory,
        description: "XYZ classification by the coefficient of variation (STDEV.S / AVERAGE) of each item's demand: X up to x_cv, Y up to y_cv, Z above (or no demand).",
        params: &[
            req(
                "demand_matrix",
                ParamType::Range,
                "One row per item, its demand per period across the columns.",
            ),
            opt(
                "x_cv",
                ParamType::Number,
                "0.5",
                "Largest coefficient of variation of an X item.",
            ),
            opt(
                "y_cv",
                ParamType::Number,
                "1.0",
                "Largest coefficient of variation of a Y item.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "\"X\", \"Y\" or \"Z\" per row (item).",
        },
        run: fns::xyz,
    },
    FunctionSpec {
        name: "DEMANDCLASS",
        category: Category::Inventory,
        description: "Syntetos–Boylan demand class from the average inter-demand interval (ADI, cut-off 1.32) and the squared coefficient of variation of the demand sizes (CV², cut-off 0.49). Blank cells count as periods without demand.",
        params: &[DEMAND_HISTORY],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "\"smooth\", \"erratic\", \"intermittent\" or \"lumpy\".",
        },
        run: fns::demand_class,
    },
    FunctionSpec {
        name: "DEMANDFORECAST",
        category: Category::Inventory,
        description: "Demand forecast per period. \"auto\" picks by demand class: smooth or erratic → AutoETS (seasonal when a season is detected), intermittent → SBA, lumpy → TSB (α demand 0.2, α probability 0.1), fewer than 2 demand periods → SBA. Croston and SBA use α = 0.1. Blank cells count as 0.",
        params: &[
            DEMAND_HISTORY,
            opt(
                "horizon",
                ParamType::Number,
                "1",
                "How many periods ahead to forecast.",
            ),
            opt(
                "method",
                ParamType::Text,
                "\"auto\"",
                "\"auto\", \"croston\", \"sba\", \"tsb\" or \"ets\".",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Column,
            description: "horizon rows: the forecast demand of each future period (never negative).",
        },
        run: fns::demand_forecast,
    },
    FunctionSpec {
        name: "EPQ",
        category: Category::Inventory,
        description: "Economic production quantity Q* = sqrt(2·annual_demand·order_cost / (holding_cost·(1 − annual_demand/production_rate))).",
        params: &[
            ANNUAL_DEMAND,
            ORDER_COST,
            HOLDING_COST_YEAR,
            req(
                "production_rate",
                ParamType::Number,
                "Units that can be produced per year (more than the annual demand).",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "Q*, the units to produce in each run.",
        },
        run: fns::epq,
    },
    FunctionSpec {
        name: "RQPOLICY",
        category: Category::Inventory,
        description: "(r, Q) policy for normal demand by the EOQ + safety-stock approximation: Q is the EOQ, r the quantile stockout_cost/(stockout_cost + holding_cost) of lead-time demand N(μ·L, σ²·L). Costs and demand per the same period.",
        params: &[
            DEMAND_MEAN,
            DEMAND_SD,
            req(
                "lead_time",
                ParamType::Number,
                "Lead time in periods of the demand.",
            ),
            ORDER_COST,
            HOLDING_COST_PERIOD,
            STOCKOUT_COST,
        ],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "1 × 2: reorder point r, order quantity Q.",
        },
        run: fns::rq_policy,
    },
    FunctionSpec {
        name: "SSPOLICY",
        category: Category::Inventory,
        description: "(s, S) periodic-review policy for normal demand per period by the power approximation (Ehrhardt & Mosier), no lead time.",
        params: &[
            DEMAND_MEAN,
            DEMAND_SD,
            ORDER_COST,
            HOLDING_COST_PERIOD,
            STOCKOUT_COST,
        ],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "1 × 2: reorder level s, order-up-to level S.",
        },
        run: fns::ss_policy,
    },
];
