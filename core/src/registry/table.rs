//! Specs of the "Any table" functions (FUNCTIONS.md).

use super::{Category, FunctionSpec, ParamSpec, ParamType, ResultShape, ResultSpec};

/// The functions that work on any table.
pub(super) static FUNCTIONS: &[FunctionSpec] = &[FunctionSpec {
    name: "CLEAN",
    category: Category::Table,
    description: "Returns the range as the analytics see it: numbers, dates (as serials) and blanks parsed from text.",
    params: &[ParamSpec {
        name: "range",
        kind: ParamType::Range,
        optional: false,
        default: None,
        description: "Any range, with or without a header row.",
    }],
    result: ResultSpec {
        shape: ResultShape::Matrix,
        description: "The range with the same shape, each cell typed.",
    },
    run: crate::ingest::clean_fn,
}];
