//! Specs of the "P&L" functions (FUNCTIONS.md). The names, argument order and result shapes are
//! a contract.

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec};
use crate::pnl::functions;

/// The P&L functions.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[
    FunctionSpec {
        name: "PNL",
        category: Category::Pnl,
        description: "Builds a P&L statement from a ledger: accounts are classified by the account_map, then by standard numbering (4xxx revenue, 5xxx COGS, 6xxx-7xxx expenses, 8xxx other, 9xxx taxes), then by English/Spanish name keywords; a ledger whose revenue sums negative has its signs flipped. Accounts that no rule classifies are listed as \"Unclassified: <account>\" rows at the bottom and are NOT counted in Net income; balance-sheet accounts are left out. Errors: #N/A when dates, accounts and amounts differ in length; #VALUE! for a date or amount that cannot be read (with its position), a blank date next to an amount, no row with both a date and an amount, an unknown line name in account_map (with its row) or a bad period; #NUM! when no account is a P&L account.",
        params: &[
            ParamSpec {
                name: "dates",
                kind: ParamType::Range,
                optional: false,
                default: None,
                description: "Date of each ledger row (serials or date text), one column.",
            },
            ParamSpec {
                name: "accounts",
                kind: ParamType::Range,
                optional: false,
                default: None,
                description: "Account of each row: a name, a code or both (\"4000 Sales\").",
            },
            ParamSpec {
                name: "amounts",
                kind: ParamType::Range,
                optional: false,
                default: None,
                description: "Signed amount of each row, same length as dates.",
            },
            ParamSpec {
                name: "account_map",
                kind: ParamType::Range,
                optional: true,
                default: None,
                description: "Optional 2 columns account | line: Revenue/Ingresos, COGS/Costo de ventas, Opex:<category> or a category (Salaries, Rent …), Other income/Otros ingresos, Other expense/Otros gastos, Taxes/Impuestos, Exclude.",
            },
            ParamSpec {
                name: "period",
                kind: ParamType::Text,
                optional: true,
                default: Some("\"month\""),
                description: "\"month\", \"quarter\" or \"year\".",
            },
        ],
        result: ResultSpec {
            shape: ResultShape::Table,
            description: "Header \"Line\" then one period label per column (\"2024-01\", \"2024-Q1\", \"2024\"); rows Revenue, COGS, Gross profit, each expense category, Total operating expenses, Operating income (EBIT), Other income, Other expense, Earnings before tax, Taxes, Net income, Gross/Operating/Net margin % (fractions), then one \"Unclassified: <account>\" row per unclassified account (not in Net income).",
        },
        run: functions::pnl,
    },
    FunctionSpec {
        name: "VARIANCE",
        category: Category::Pnl,
        description: "Variance of actual against budget for each row: amount, percentage of the budget and whether it is favourable (revenue: actual at least the budget; expense: actual at most the budget). Errors: #N/A when actual, budget (or a line_type range) differ in length; #VALUE! for an unreadable number or an unknown line type.",
        params: &[
            ParamSpec {
                name: "actual",
                kind: ParamType::Range,
                optional: false,
                default: None,
                description: "Actual amounts, one column.",
            },
            ParamSpec {
                name: "budget",
                kind: ParamType::Range,
                optional: false,
                default: None,
                description: "Budget (or prior-period) amounts, same length as actual.",
            },
            ParamSpec {
                name: "line_type",
                kind: ParamType::Any,
                optional: true,
                default: Some("\"revenue\""),
                description: "\"revenue\" (income, ingreso) or \"expense\" (cost, gasto, costo), one text for all rows or a range aligned with actual.",
            },
        ],
        result: ResultSpec {
            shape: ResultShape::Matrix,
            description: "n rows × 3: variance (actual − budget), variance % of |budget| (blank when the budget is 0), favourable TRUE/FALSE; blank row where actual or budget is blank.",
        },
        run: functions::variance_fn,
    },
];
