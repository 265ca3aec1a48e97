//! The one function registry: every custom function is defined once here — name, description,
//! typed parameters with defaults, result shape and implementation. Excel's `functions.json`, the
//! Apps Script wrappers, the task pane help, `addin-server call` and the catalog document are all
//! generated from [`catalog`], and [`call`] is the one dispatch path for every host.

mod apps_script;
mod args;
mod customers;
mod excel;
mod inventory;
mod pnl;
mod pricing;
mod sales;
mod table;

pub use apps_script::{apps_script_functions_js, apps_script_param_name};
pub use args::Args;
pub(crate) use args::describe;
pub use excel::{excel_bindings_ts, excel_functions_json, excel_functions_json_text, excel_id};

use crate::cells::{CellError, Grid};
use serde::Serialize;

/// The namespace of every function: `AISM.FORECAST` in Excel, `AISM_FORECAST` in Sheets.
pub const NAMESPACE: &str = "AISM";

/// What kind of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    /// A range (2-D array); a single value is taken as a 1×1 range.
    Range,
    /// A single number.
    Number,
    /// A single text.
    Text,
    /// A single boolean.
    Boolean,
    /// A single value or a range (e.g. one or several target dates).
    Any,
}

/// One parameter of a function.
#[derive(Debug, Clone, Serialize)]
pub struct ParamSpec {
    /// Parameter name as shown to users (`values`, `timeline`, …).
    pub name: &'static str,
    /// What kind of value it takes.
    #[serde(rename = "type")]
    pub kind: ParamType,
    /// Whether the parameter may be omitted.
    pub optional: bool,
    /// The default when omitted, as users would type it (`12`, `"auto"`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<&'static str>,
    /// One sentence for the formula help.
    pub description: &'static str,
}

/// The shape of a function's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResultShape {
    /// A single value.
    Scalar,
    /// One column, no header.
    Column,
    /// One row, no header.
    Row,
    /// Rows and columns, no header.
    Matrix,
    /// Rows and columns; the first row is a header.
    Table,
}

/// The result of a function: its shape and what it holds.
#[derive(Debug, Clone, Serialize)]
pub struct ResultSpec {
    /// The shape.
    pub shape: ResultShape,
    /// What the cells hold, in one sentence.
    pub description: &'static str,
}

/// Which system (or shared area) a function belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Time series and daily sales monitoring.
    Sales,
    /// Monthly P&L analysis.
    Pnl,
    /// Inventory management.
    Inventory,
    /// Product pricing.
    Pricing,
    /// Customer management.
    Customers,
    /// Any table.
    Table,
}

impl Category {
    /// The licence entitlement that unlocks the functions of this category: the sales and table
    /// functions are the basic ones every plan keeps; each other system has its own.
    pub fn entitlement(self) -> &'static str {
        use crate::licence as l;
        match self {
            Category::Sales | Category::Table => l::FEATURE_BASIC_FUNCTIONS,
            Category::Pnl => l::SYSTEM_PNL,
            Category::Inventory => l::SYSTEM_INVENTORY,
            Category::Pricing => l::SYSTEM_PRICING,
            Category::Customers => l::SYSTEM_CUSTOMERS,
        }
    }
}

/// A required parameter (for the spec tables of the system files).
pub(super) const fn req(
    name: &'static str,
    kind: ParamType,
    description: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        optional: false,
        default: None,
        description,
    }
}

/// An optional parameter with the default users would type.
pub(super) const fn opt(
    name: &'static str,
    kind: ParamType,
    default: &'static str,
    description: &'static str,
) -> ParamSpec {
    ParamSpec {
        name,
        kind,
        optional: true,
        default: Some(default),
        description,
    }
}

/// The implementation of a function.
pub type Implementation = fn(&Args) -> Result<Grid, CellError>;

/// One function of the registry.
#[derive(Clone, Serialize)]
pub struct FunctionSpec {
    /// Name without the namespace, dotted: `FORECAST.ETS.CONFINT`.
    pub name: &'static str,
    /// Which system it belongs to.
    pub category: Category,
    /// One or two sentences for the formula help.
    pub description: &'static str,
    /// Parameters in order.
    pub params: &'static [ParamSpec],
    /// The result.
    pub result: ResultSpec,
    /// The implementation.
    #[serde(skip)]
    pub run: Implementation,
}

impl std::fmt::Debug for FunctionSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FunctionSpec")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl FunctionSpec {
    /// The Excel name, `AISM.FORECAST.ETS`.
    pub fn excel_name(&self) -> String {
        format!("{NAMESPACE}.{}", self.name)
    }
    /// The Google Sheets name, `AISM_FORECAST_ETS` (dots become underscores).
    pub fn sheets_name(&self) -> String {
        format!("{NAMESPACE}_{}", self.name.replace('.', "_"))
    }
}

/// Every function, in catalog order.
pub fn catalog() -> Vec<&'static FunctionSpec> {
    sales::FUNCTIONS
        .iter()
        .chain(pnl::FUNCTIONS.iter())
        .chain(inventory::FUNCTIONS.iter())
        .chain(pricing::FUNCTIONS.iter())
        .chain(customers::FUNCTIONS.iter())
        .chain(table::FUNCTIONS.iter())
        .collect()
}

/// Finds a function by any of its spellings: `FORECAST.ETS`, `AISM.FORECAST.ETS`,
/// `AISM_FORECAST_ETS` (case-insensitive).
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    let upper = name.trim().to_ascii_uppercase().replace('_', ".");
    let bare = upper
        .strip_prefix(&format!("{NAMESPACE}."))
        .unwrap_or(&upper)
        .to_string();
    catalog().into_iter().find(|f| f.name == bare)
}

/// Like [`call`], for a user whose licence grants `entitlements` (what `verifyLicense` returned,
/// or the Free plan's when nobody is signed in): a function outside them is `#N/A` with a message
/// naming the plans that include it, and is not run.
pub fn call_entitled(
    name: &str,
    args: Vec<Option<Grid>>,
    entitlements: &[String],
) -> Result<Grid, CellError> {
    if let Some(spec) = lookup(name) {
        let needed = spec.category.entitlement();
        if !entitlements.iter().any(|e| e == needed) {
            return Err(CellError::new(
                crate::cells::ErrorKind::NotAvailable,
                format!(
                    "{} is not in your plan (it needs {needed}, part of the {} plans). Sign in or \
                     upgrade in the Account panel; every plan keeps the sales and table functions.",
                    spec.excel_name(),
                    crate::licence::plans_with(needed)
                ),
            ));
        }
    }
    call(name, args)
}

/// Calls function `name` with `args` (`None` = omitted argument). Never panics: unknown names,
/// wrong arguments and impossible numbers all come back as a [`CellError`].
pub fn call(name: &str, args: Vec<Option<Grid>>) -> Result<Grid, CellError> {
    let spec = lookup(name).ok_or_else(|| {
        CellError::new(
            crate::cells::ErrorKind::Name,
            format!(
                "There is no function named {name}. Check the spelling; the catalog lists every {NAMESPACE} function."
            ),
        )
    })?;
    if args.len() > spec.params.len() {
        return Err(CellError::value(format!(
            "{} takes at most {} arguments but was given {}. Remove the extra arguments.",
            spec.excel_name(),
            spec.params.len(),
            args.len()
        )));
    }
    for (i, p) in spec.params.iter().enumerate() {
        let given = args.get(i).is_some_and(|a| a.is_some());
        if !p.optional && !given {
            return Err(CellError::value(format!(
                "{} needs its argument '{}' ({}). Fill it in.",
                spec.excel_name(),
                p.name,
                p.description.trim_end_matches('.')
            )));
        }
    }
    let args = Args::new(spec, args);
    let out = (spec.run)(&args)?;
    if out.is_empty() {
        return Err(CellError::new(
            crate::cells::ErrorKind::Calc,
            format!("{} produced no values for this input.", spec.excel_name()),
        ));
    }
    Ok(out)
}

/// The catalog as JSON (what `functionCatalog()` returns): one object per function with
/// `name`, `excelName`, `sheetsName`, `category`, `description`, `params`, `result`.
pub fn catalog_json() -> serde_json::Value {
    serde_json::Value::Array(
        catalog()
            .into_iter()
            .map(|f| {
                serde_json::json!({
                    "name": f.name,
                    "excelName": f.excel_name(),
                    "sheetsName": f.sheets_name(),
                    "category": f.category,
                    "description": f.description,
                    "params": f.params,
                    "result": f.result,
                })
            })
            .collect(),
    )
}

/// The catalog as a Markdown document (committed as `core/CATALOG.md`; a test fails when it drifts).
pub fn catalog_markdown() -> String {
    let mut out = String::from(
        "# AISM function catalog\n\nGenerated from the Rust registry (`core/src/registry`) by \
         `cargo xtask build`; do not edit by hand.\n\n\
         Excel: `=AISM.NAME(...)`; Google Sheets: `=AISM_NAME(...)` (dots become underscores). \
         Optional arguments may be left empty; they take the default shown.\n",
    );
    let mut last = None;
    for f in catalog() {
        if last != Some(f.category) {
            let title = match f.category {
                Category::Sales => "Time series and sales",
                Category::Pnl => "P&L",
                Category::Inventory => "Inventory",
                Category::Pricing => "Pricing",
                Category::Customers => "Customers",
                Category::Table => "Any table",
            };
            out.push_str(&format!("\n## {title}\n"));
            last = Some(f.category);
        }
        let sig: Vec<String> = f
            .params
            .iter()
            .map(|p| match (p.optional, p.default) {
                (false, _) => p.name.to_string(),
                (true, Some(d)) => format!("[{}={d}]", p.name),
                (true, None) => format!("[{}]", p.name),
            })
            .collect();
        out.push_str(&format!(
            "\n### `{}({})`\n\n{}\n\n",
            f.excel_name(),
            sig.join(", "),
            f.description
        ));
        for p in f.params {
            out.push_str(&format!(
                "- `{}` ({}{}): {}\n",
                p.name,
                serde_json::to_value(p.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                if p.optional { ", optional" } else { "" },
                p.description
            ));
        }
        out.push_str(&format!(
            "\nResult ({}): {}\n",
            serde_json::to_value(f.result.shape)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            f.result.description
        ));
    }
    out
}

/// Helpers for the registry tests of every system module.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::cells::{Cell, CellError, Grid};

    /// Calls `name` with arguments in their JSON form (as `addin-server call` takes them).
    pub(crate) fn run(name: &str, args: serde_json::Value) -> Result<Grid, CellError> {
        super::call(name, crate::json::args_from_json(&args).unwrap())
    }

    /// Calls `name` with each case's arguments and checks it fails with the case's error kind and
    /// a message containing the case's text.
    pub(crate) fn expect_errors(
        name: &str,
        cases: Vec<(serde_json::Value, crate::cells::ErrorKind, &str)>,
    ) {
        for (args, kind, msg) in cases {
            let e = run(name, args.clone()).unwrap_err();
            assert_eq!(e.kind, kind, "{name} {args}: {}", e.message);
            assert!(
                e.message.contains(msg),
                "{name} {args}: {:?} lacks {msg:?}",
                e.message
            );
        }
    }

    /// The number at row `r`, column `c` of a result (panics on anything else).
    pub(crate) fn num(g: &Grid, r: usize, c: usize) -> f64 {
        match g.get(r, c) {
            Some(Cell::Number(x)) => *x,
            other => panic!("({r},{c}) is {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::{Cell, ErrorKind};

    /// Every function needs its category's entitlement: the Free plan keeps the sales and table
    /// functions and is refused the others with a message naming the plans; Pro runs them all.
    #[test]
    fn functions_honour_entitlements() {
        use crate::licence::Plan;
        let free = Plan::Free.entitlements();
        let pro = Plan::Pro.entitlements();
        let series = || {
            Some(Grid::column(
                (1..=12).map(|i| Cell::Number(f64::from(i))).collect(),
            ))
        };
        let ok = call_entitled("AISM.FORECAST", vec![series(), None, None], &free).unwrap();
        assert_eq!(
            ok,
            call("AISM.FORECAST", vec![series(), None, None]).unwrap()
        );
        let eoq = || {
            vec![
                Some(Grid::scalar(Cell::Number(1000.0))),
                Some(Grid::scalar(Cell::Number(50.0))),
                Some(Grid::scalar(Cell::Number(2.0))),
            ]
        };
        let refused = call_entitled("AISM.EOQ", eoq(), &free).unwrap_err();
        assert_eq!(refused.kind, ErrorKind::NotAvailable);
        assert!(
            refused.message.contains("system.inventory")
                && refused.message.contains("Course, Pro and Team")
                && refused.message.contains("Account panel"),
            "{}",
            refused.message
        );
        assert_eq!(
            call_entitled("AISM.EOQ", eoq(), &pro).unwrap(),
            call("AISM.EOQ", eoq()).unwrap()
        );
        for f in catalog() {
            let needed = f.category.entitlement();
            let free_has = free.iter().any(|e| e == needed);
            assert_eq!(
                free_has,
                matches!(f.category, Category::Sales | Category::Table),
                "{}",
                f.name
            );
            assert!(pro.iter().any(|e| e == needed), "{}", f.name);
        }
        // An unknown name is still #NAME? (not a licence error).
        assert_eq!(
            call_entitled("AISM.NOPE", vec![], &free).unwrap_err().kind,
            ErrorKind::Name
        );
    }

    /// tests/golden/calls.json (written by tests/golden/make_calls.py; the WASM and Apps Script
    /// suites compare its calls across builds): natively, every case succeeds or fails with its
    /// declared error, and every registry function has at least one valid and one invalid case.
    #[test]
    fn golden_call_cases_behave_as_declared() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/golden/calls.json")).unwrap();
        let mut covered: std::collections::BTreeMap<&str, (usize, usize)> =
            catalog().iter().map(|f| (f.name, (0, 0))).collect();
        for case in cases.as_array().unwrap() {
            let name = case["name"].as_str().unwrap();
            let args = crate::json::args_from_json(&case["args"]).unwrap();
            let got = call(name, args);
            match case["expect_error"].as_str() {
                Some(kind) => {
                    let e = got.expect_err(&format!("{case}"));
                    assert_eq!(e.kind.as_str(), kind, "{case}: {}", e.message);
                }
                None => {
                    let g = got.unwrap_or_else(|e| panic!("{case}: {e:?}"));
                    assert!(!g.is_empty());
                }
            }
            if let Some(entry) = lookup(name).and_then(|f| covered.get_mut(f.name)) {
                if case["expect_error"].is_string() {
                    entry.1 += 1;
                } else {
                    entry.0 += 1;
                }
            }
        }
        // The Any-table functions are called with valid and invalid input by the vm test's own cases.
        let missing: Vec<_> = covered
            .iter()
            .filter(|(n, (ok, bad))| !["CLEAN"].contains(n) && (*ok == 0 || *bad == 0))
            .collect();
        assert!(
            missing.is_empty(),
            "functions without valid and invalid golden cases: {missing:?}"
        );
    }

    #[test]
    fn lookup_accepts_every_spelling() {
        for f in catalog() {
            assert_eq!(lookup(f.name).map(|s| s.name), Some(f.name));
            assert_eq!(lookup(&f.excel_name()).map(|s| s.name), Some(f.name));
            assert_eq!(lookup(&f.sheets_name()).map(|s| s.name), Some(f.name));
            assert_eq!(
                lookup(&f.sheets_name().to_lowercase()).map(|s| s.name),
                Some(f.name)
            );
        }
    }

    #[test]
    fn unknown_function_is_name_error() {
        let e = call("AISM.NOPE", vec![]).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Name);
    }

    #[test]
    fn every_function_documents_every_param() {
        for f in catalog() {
            assert!(!f.description.is_empty(), "{}", f.name);
            let mut seen_optional = false;
            for p in f.params {
                assert!(!p.description.is_empty(), "{}.{}", f.name, p.name);
                if seen_optional {
                    assert!(p.optional, "{}: required after optional", f.name);
                }
                seen_optional |= p.optional;
            }
        }
    }

    #[test]
    fn missing_required_argument_is_value_error() {
        for f in catalog() {
            if f.params.first().is_some_and(|p| !p.optional) {
                let e = call(f.name, vec![]).unwrap_err();
                assert_eq!(e.kind, ErrorKind::Value, "{}", f.name);
                assert!(e.message.contains(f.params[0].name), "{}", e.message);
            }
        }
    }

    #[test]
    fn committed_catalog_document_is_current() {
        let committed = include_str!("../../CATALOG.md");
        assert!(
            committed == catalog_markdown(),
            "core/CATALOG.md is stale: run `cargo xtask build` (or `cargo run -p addin-server -- catalog --markdown > core/CATALOG.md`)"
        );
    }
}
