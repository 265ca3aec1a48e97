//! Specs of the "Pricing" functions (FUNCTIONS.md). The names, argument order and result
//! shapes of the table in FUNCTIONS.md are a contract.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec, opt, req};
use crate::pricing::fns;

const PRICES: ParamSpec = req(
    "prices",
    ParamType::Range,
    "Selling price per period (or per observation), one column or row.",
);
const QUANTITIES: ParamSpec = req(
    "quantities",
    ParamType::Range,
    "Units sold at each of those prices, same length as prices.",
);

/// The pricing functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "ELASTICITY",
        category: Category::Pricing,
        description: "Price elasticity of demand: the slope e of the least-squares line ln(quantity) = a + e·ln(price). Pairs with a blank, or with a price or quantity of 0 or less, are left out.",
        params: &[PRICES, QUANTITIES],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "1 × 3: elasticity (log-log slope; −2 means 1 % dearer sells 2 % fewer units), its standard error, R².",
        },
        run: fns::elasticity,
    },
    FunctionSpec {
        name: "OPTIMALPRICE",
        category: Category::Pricing,
        description: "Profit-maximising price. \"loglog\": constant elasticity e from AISM.ELASTICITY, p* = unit_cost·e/(1 + e) (needs e < −1). \"linear\": quantity = α + β·price by least squares, p* = (β·unit_cost − α)/(2β) (needs β < 0). The result is clamped to the lowest and highest observed price.",
        params: &[
            PRICES,
            QUANTITIES,
            req(
                "unit_cost",
                ParamType::Number,
                "Variable cost of one unit (0 or more).",
            ),
            opt(
                "model",
                ParamType::Text,
                "\"loglog\"",
                "Demand model: \"loglog\" (constant elasticity) or \"linear\".",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Scalar,
            description: "The profit-maximising price within the observed price range.",
        },
        run: fns::optimal_price,
    },
    FunctionSpec {
        name: "PRICEINDEX",
        category: Category::Pricing,
        description: "Competitive position: index = 100 × our_price / median competitor price; percentile = 100 × (competitors strictly cheaper + ½ × competitors at the same price) / competitors.",
        params: &[
            req("our_price", ParamType::Number, "Your selling price."),
            req(
                "competitor_prices",
                ParamType::Range,
                "Competitors' prices for the same product, one column or row; blanks are skipped.",
            ),
        ],
        result: ResultSpec {
            shape: ResultShape::Row,
            description: "1 × 2: price index (100 = median competitor, 110 = 10 % dearer), percentile position (0 = cheapest, 100 = dearest).",
        },
        run: fns::price_index,
    },
];
