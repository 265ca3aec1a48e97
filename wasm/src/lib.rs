//! WebAssembly bindings of the AISM core: conversions between JavaScript values and core types,
//! and error mapping. No logic lives here (ARCHITECTURE.md, invariant 2).
//!
//! Every export returns a value and never throws for bad input: errors come back as
//! `{ error: "#NUM!", message: "…" }`.

use aism_core::cells::{Cell, CellError, ErrorKind, Grid};
use js_sys::{Array, Float64Array, JsString, Object, Reflect};
use wasm_bindgen::prelude::*;

/// Errors of the binding layer (turned into `{error, message}` objects before they reach JS).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A JavaScript value could not be read as a cell or range.
    #[error("{0}")]
    BadArgument(String),
}

impl From<Error> for CellError {
    fn from(e: Error) -> Self {
        CellError::value(e.to_string())
    }
}

/// Milliseconds between 1970-01-01 and Excel's serial 0 (1899-12-30) is 25569 days.
const UNIX_EPOCH_SERIAL: f64 = 25569.0;
const MS_PER_DAY: f64 = 86_400_000.0;

fn cell_from_js(v: &JsValue) -> Result<Cell, Error> {
    if v.is_null() || v.is_undefined() {
        return Ok(Cell::Empty);
    }
    if let Some(x) = v.as_f64() {
        return Ok(Cell::number(x));
    }
    if let Some(s) = v.as_string() {
        return Ok(Cell::Text(s));
    }
    if let Some(b) = v.as_bool() {
        return Ok(Cell::Bool(b));
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        let ms = d.get_time();
        return Ok(Cell::number(ms / MS_PER_DAY + UNIX_EPOCH_SERIAL));
    }
    if v.is_object() {
        let code = Reflect::get(v, &JsValue::from_str("error"))
            .ok()
            .and_then(|e| e.as_string())
            .and_then(|s| ErrorKind::parse(&s));
        if let Some(k) = code {
            return Ok(Cell::Error(k));
        }
    }
    Err(Error::BadArgument(
        "A cell must be a number, text, boolean, date, blank or {error: \"#N/A\"}; pass ranges as arrays of rows."
            .to_string(),
    ))
}

/// Ranges of at least this many rows cross from JavaScript as one JSON text (below).
const BULK_ROWS: u32 = 2048;

fn arg_from_js(v: &JsValue) -> Result<Option<Grid>, Error> {
    if v.is_null() || v.is_undefined() {
        return Ok(None);
    }
    if let Some(f) = v.dyn_ref::<Float64Array>() {
        return Ok(Some(Grid::column_of_numbers(&f.to_vec())));
    }
    if Array::is_array(v) {
        let outer = Array::from(v);
        if outer.length() >= BULK_ROWS
            && let Some(g) = bulk::grid(v)?
        {
            return Ok(Some(g));
        }
        let nested = outer.iter().any(|r| Array::is_array(&r));
        let mut rows = Vec::with_capacity(outer.length() as usize);
        for item in outer.iter() {
            if nested && Array::is_array(&item) {
                let inner = Array::from(&item);
                let mut row = Vec::with_capacity(inner.length() as usize);
                for c in inner.iter() {
                    if Array::is_array(&c) {
                        return Err(Error::BadArgument(
                            "A range cannot be nested inside a cell: pass an array of rows of values."
                                .to_string(),
                        ));
                    }
                    row.push(cell_from_js(&c)?);
                }
                rows.push(row);
            } else {
                rows.push(vec![cell_from_js(&item)?]);
            }
        }
        return Ok(Some(Grid::from_rows(rows)));
    }
    Ok(Some(Grid::scalar(cell_from_js(v)?)))
}

/// Large ranges cross in one piece. Reading a million cells one by one costs about ten JS↔WASM
/// crossings per cell (element access, type checks, string encoding): 0.7 s of the 0.8 s of a
/// custom function over a 1,000,000-row ledger. `aism_flatten` walks the range in JavaScript
/// and hands over typed arrays — row widths, one kind per cell, the numbers (dates already as
/// serials, as [`cell_from_js`] computes them) and every text joined by NUL — which this side
/// turns into the same cells. Anything else in the range (error objects, nested arrays, texts
/// holding NUL) returns null and the range is read cell by cell.
mod bulk {
    use super::{Error, MS_PER_DAY, UNIX_EPOCH_SERIAL};
    use aism_core::cells::{Cell, Grid};
    use js_sys::{Array, Float64Array, Uint8Array, Uint32Array};
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
export function aism_flatten(v, msPerDay, epochSerial) {
  const n = v.length;
  let nested = false;
  for (let i = 0; i < n; i++) if (Array.isArray(v[i])) { nested = true; break; }
  const widths = new Uint32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = nested && Array.isArray(v[i]) ? v[i].length : 1;
    widths[i] = w;
    total += w;
  }
  const kinds = new Uint8Array(total);
  const nums = new Float64Array(total);
  const texts = [];
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = v[i];
    const row = nested && Array.isArray(r);
    const w = widths[i];
    for (let j = 0; j < w; j++, k++) {
      const c = row ? r[j] : r;
      if (c === null || c === undefined) continue;
      if (typeof c === 'number') { kinds[k] = 1; nums[k] = c; }
      else if (typeof c === 'string') {
        if (c.indexOf('\u0000') >= 0) return null;
        kinds[k] = 2;
        texts.push(c);
      } else if (typeof c === 'boolean') { kinds[k] = 3; nums[k] = c ? 1 : 0; }
      else if (c instanceof Date) { kinds[k] = 1; nums[k] = c.getTime() / msPerDay + epochSerial; }
      else return null;
    }
  }
  return [widths, kinds, nums, texts.join('\u0000')];
}
"#)]
    extern "C" {
        fn aism_flatten(v: &JsValue, ms_per_day: f64, epoch_serial: f64) -> JsValue;
    }

    /// The grid of a JavaScript array of rows (or of values, one per row), or `None` when the
    /// range holds something only the cell-by-cell path reads.
    pub(super) fn grid(v: &JsValue) -> Result<Option<Grid>, Error> {
        let flat = aism_flatten(v, MS_PER_DAY, UNIX_EPOCH_SERIAL);
        if !Array::is_array(&flat) {
            return Ok(None);
        }
        let parts = Array::from(&flat);
        let widths = Uint32Array::from(parts.get(0)).to_vec();
        let kinds = Uint8Array::from(parts.get(1)).to_vec();
        let nums = Float64Array::from(parts.get(2)).to_vec();
        let joined = parts.get(3).as_string().unwrap_or_default();
        let mut texts = joined.split('\u{0}');
        let mut k = 0usize;
        let mut rows = Vec::with_capacity(widths.len());
        for w in widths {
            let mut row = Vec::with_capacity(w as usize);
            for _ in 0..w {
                let x = nums.get(k).copied().unwrap_or(0.0);
                row.push(match kinds.get(k) {
                    Some(1) => Cell::number(x),
                    Some(2) => Cell::Text(texts.next().unwrap_or_default().to_string()),
                    Some(3) => Cell::Bool(x != 0.0),
                    _ => Cell::Empty,
                });
                k += 1;
            }
            rows.push(row);
        }
        if k != kinds.len() {
            return Err(Error::BadArgument(
                "The range changed while it was read. Pass it again.".to_string(),
            ));
        }
        Ok(Some(Grid::from_rows(rows)))
    }
}

fn cell_to_js(c: &Cell) -> JsValue {
    match c {
        Cell::Empty => JsValue::NULL,
        Cell::Number(x) => JsValue::from_f64(*x),
        Cell::Text(s) => JsValue::from_str(s),
        Cell::Bool(b) => JsValue::from_bool(*b),
        Cell::Error(k) => error_object(k.as_str(), None),
    }
}

fn error_object(code: &str, message: Option<&str>) -> JsValue {
    let o = Object::new();
    // Reflect::set on a fresh plain object cannot fail.
    let _ = Reflect::set(&o, &JsValue::from_str("error"), &JsValue::from_str(code));
    if let Some(m) = message {
        let _ = Reflect::set(&o, &JsValue::from_str("message"), &JsValue::from_str(m));
    }
    o.into()
}

fn cell_error_to_js(e: &CellError) -> JsValue {
    error_object(e.kind.as_str(), Some(&e.message))
}

fn grid_to_js(g: &Grid) -> JsValue {
    let out = Array::new_with_length(g.height() as u32);
    for (i, row) in g.rows().iter().enumerate() {
        let r = Array::new_with_length(row.len() as u32);
        for (j, c) in row.iter().enumerate() {
            r.set(j as u32, cell_to_js(c));
        }
        out.set(i as u32, r.into());
    }
    out.into()
}

/// An array of strings (non-strings skipped), or `None` for anything that is not an array.
fn strings_from_js(v: &JsValue) -> Option<Vec<String>> {
    Array::is_array(v).then(|| {
        Array::from(v)
            .iter()
            .filter_map(|x| x.as_string())
            .collect()
    })
}

fn json_to_js(v: &serde_json::Value) -> JsValue {
    let text = v.to_string();
    js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL)
}

/// Calls registry function `name` (`"AISM.FORECAST"`, `"FORECAST"` or `"AISM_FORECAST"`) with
/// `args`, an array whose items are ranges (arrays of rows, or flat arrays / `Float64Array`s taken
/// as one column), single values, or `null` for omitted arguments. Returns the result rows, or
/// `{ error, message }`; never throws. `entitlements` (optional): what the user's licence grants
/// (`verifyLicense(...).entitlements`, or the Free plan's); a function outside them is `#N/A`.
#[wasm_bindgen(js_name = callFunction)]
pub fn call_function(name: &str, args: JsValue, entitlements: JsValue) -> JsValue {
    let parsed: Result<Vec<Option<Grid>>, Error> = if args.is_null() || args.is_undefined() {
        Ok(Vec::new())
    } else if Array::is_array(&args) {
        Array::from(&args).iter().map(|a| arg_from_js(&a)).collect()
    } else {
        Err(Error::BadArgument(
            "Arguments must be an array, e.g. callFunction(\"AISM.FORECAST\", [[[1],[2],[3]], null, 12])."
                .to_string(),
        ))
    };
    let result =
        parsed
            .map_err(CellError::from)
            .and_then(|args| match strings_from_js(&entitlements) {
                Some(granted) => aism_core::registry::call_entitled(name, args, &granted),
                None => aism_core::call(name, args),
            });
    match result {
        Ok(g) => grid_to_js(&g),
        Err(e) => cell_error_to_js(&e),
    }
}

/// The function catalog: one object per function with `name`, `excelName`, `sheetsName`,
/// `category`, `description`, `params` and `result`.
#[wasm_bindgen(js_name = functionCatalog)]
pub fn function_catalog() -> JsValue {
    json_to_js(&aism_core::catalog_json())
}

fn options_from_js(v: &JsValue) -> Result<aism_core::systems::ReportOptions, CellError> {
    if v.is_null() || v.is_undefined() {
        return Ok(Default::default());
    }
    from_js(v, "report options")
}

fn analysis_to_js(r: Result<aism_core::systems::Analysis, CellError>) -> JsValue {
    match r.and_then(|a| {
        serde_json::to_value(&a)
            .map_err(|e| CellError::num(format!("The report could not be encoded ({e}).")))
    }) {
        Ok(v) => json_to_js(&v),
        Err(e) => cell_error_to_js(&e),
    }
}

/// Analyses a table (an array of rows, header first, as `range.values` gives it): detects the
/// system from the column meanings (or takes `options.system`), runs it, and returns
/// `{ detection, validation, report }` or `{ error, message }`. `options`: `{ system, dateColumn,
/// amountColumn, categoryColumn, horizon, sensitivity, level, originRow, originColumn }`.
#[wasm_bindgen(js_name = runReport)]
pub fn run_report(table: JsValue, options: JsValue) -> JsValue {
    let origin = ["originRow", "originColumn"].map(|k| {
        Reflect::get(&options, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
            .filter(|x| x.is_finite() && *x >= 0.0)
            .map(|x| x as usize)
    });
    let origin = match origin {
        [Some(r), Some(c)] => Some((r, c)),
        _ => None,
    };
    let result = arg_from_js(&table)
        .map_err(CellError::from)
        .and_then(|g| g.ok_or_else(|| CellError::value("Select a table with a header row.")))
        .and_then(|g| {
            let opts = options_from_js(&options)?;
            aism_core::run_report(&g, origin, &opts)
        });
    analysis_to_js(result)
}

/// Like `runReport`, from the bytes of a CSV, XLSX, XLS or ODS file (`sheet`: a sheet name, or
/// null for the first).
#[wasm_bindgen(js_name = runReportFile)]
pub fn run_report_file(bytes: &[u8], sheet: Option<String>, options: JsValue) -> JsValue {
    let result = options_from_js(&options)
        .and_then(|opts| aism_core::run_report_bytes(bytes, sheet.as_deref(), &opts));
    analysis_to_js(result)
}

thread_local! {
    /// The latest time (Unix seconds) a licence was verified in this instance: the in-session
    /// part of the clock-rollback guard (hosts persist `seenAt` for the rest).
    static LICENCE_SEEN: std::cell::Cell<i64> = const { std::cell::Cell::new(i64::MIN) };
}

/// Verifies a licence token offline with the public key built into the core (or
/// `options.publicKey`, base64url). `options` may give `now` and `lastSeen` (Unix milliseconds;
/// `now` defaults to the clock) and the expected `tenant`. Returns `{ valid, code, reason, plan,
/// entitlements, expiresAt, seenAt }` (times in Unix milliseconds; hosts store `seenAt` and pass
/// it back as `lastSeen`); never throws.
#[wasm_bindgen(js_name = verifyLicense)]
pub fn verify_license(token: JsValue, options: JsValue) -> JsValue {
    use aism_core::licence;
    let get = |k: &str| {
        if options.is_object() {
            Reflect::get(&options, &JsValue::from_str(k)).ok()
        } else {
            None
        }
    };
    let ms = |k: &str| {
        get(k)
            .and_then(|v| v.as_f64())
            .filter(|x| x.is_finite())
            .map(|x| (x / 1000.0).floor() as i64)
    };
    let now = ms("now").unwrap_or_else(|| (js_sys::Date::now() / 1000.0).floor() as i64);
    let seen = LICENCE_SEEN.with(|c| c.get());
    let last_seen = match (ms("lastSeen"), seen) {
        (Some(a), b) => Some(a.max(b)),
        (None, i64::MIN) => None,
        (None, b) => Some(b),
    };
    let key = match get("publicKey").and_then(|v| v.as_string()) {
        Some(k) => licence::verifying_key(&k),
        None => licence::embedded_key(),
    };
    let opts = licence::VerifyOptions {
        now,
        last_seen,
        tenant: get("tenant").and_then(|v| v.as_string()),
    };
    let result = match (token.as_string(), key) {
        (_, None) => Err(licence::LicenceError::NoKey),
        (None, _) => Err(licence::LicenceError::Malformed(
            "the token must be a text".to_string(),
        )),
        (Some(t), Some(k)) => licence::verify(&t, &k, &opts),
    };
    let seen_at = last_seen.map_or(now, |s| s.max(now));
    let v = match result {
        Ok(c) => {
            LICENCE_SEEN.with(|cell| cell.set(cell.get().max(now)));
            serde_json::json!({
                "valid": true,
                "code": "ok",
                "reason": "",
                "plan": c.plan.id(),
                "entitlements": c.ent,
                "expiresAt": c.valid_until().saturating_mul(1000),
                "seenAt": seen_at.saturating_mul(1000),
                "tenant": c.tenant,
                "licenceId": c.lid,
            })
        }
        Err(e) => serde_json::json!({
            "valid": false,
            "code": e.code(),
            "reason": e.to_string(),
            "plan": serde_json::Value::Null,
            "entitlements": [],
            "expiresAt": serde_json::Value::Null,
            "seenAt": seen_at.saturating_mul(1000),
        }),
    };
    json_to_js(&v)
}

/// The default entitlements of a plan (`"free"`, `"course"`, `"pro"`, `"team"`): what hosts grant
/// when nobody is signed in or no licence is checked out (`"free"`). Unknown plans get `[]`.
#[wasm_bindgen(js_name = planEntitlements)]
pub fn plan_entitlements(plan: &str) -> JsValue {
    let list = aism_core::licence::Plan::parse(plan)
        .map(|p| p.entitlements())
        .unwrap_or_default();
    json_to_js(&serde_json::json!(list))
}

/// Parses a JS value as JSON into `T`, or says what is wrong.
fn from_js<T: serde::de::DeserializeOwned>(v: &JsValue, what: &str) -> Result<T, CellError> {
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    serde_json::from_str(&text)
        .map_err(|e| CellError::value(format!("The {what} is not valid ({e}).")))
}

/// The dataset of an in-sheet exercise (its spec as JSON): rows, header first, to write at A1
/// of a new sheet; or `{ error, message }`.
#[wasm_bindgen(js_name = exerciseDataset)]
pub fn exercise_dataset(exercise: JsValue) -> JsValue {
    match from_js::<aism_core::course::exercise::Exercise>(&exercise, "exercise") {
        Ok(ex) => grid_to_js(&aism_core::course::exercise::dataset(&ex)),
        Err(e) => cell_error_to_js(&e),
    }
}

/// Checks a snapshot of the student's sheet (`{ values, formulas, charts }`) against an
/// exercise: `{ passed, checks: [{ passed, message: { en, es } }] }`, or `{ error, message }`.
/// The server runs the same check natively before recording progress.
#[wasm_bindgen(js_name = checkExercise)]
pub fn check_exercise(exercise: JsValue, snapshot: JsValue) -> JsValue {
    use aism_core::course::exercise::{Exercise, Snapshot, check};
    let result = from_js::<Exercise>(&exercise, "exercise").and_then(|ex| {
        let snap = from_js::<Snapshot>(&snapshot, "snapshot")?;
        let out = check(&ex, &snap)
            .map_err(|e| CellError::num(format!("The exercise is broken: {e}")))?;
        serde_json::to_value(&out)
            .map_err(|e| CellError::num(format!("The result could not be encoded ({e}).")))
    });
    match result {
        Ok(v) => json_to_js(&v),
        Err(e) => cell_error_to_js(&e),
    }
}

/// The cells a host reads for the snapshot of an exercise (the targets of its value and formula
/// checks), or `{ error, message }`.
#[wasm_bindgen(js_name = exerciseTargets)]
pub fn exercise_targets(exercise: JsValue) -> JsValue {
    match from_js::<aism_core::course::exercise::Exercise>(&exercise, "exercise") {
        Ok(ex) => json_to_js(&serde_json::json!(aism_core::course::exercise::targets(
            &ex
        ))),
        Err(e) => cell_error_to_js(&e),
    }
}

/// Verifies a course certificate (an Open Badges 3.0 credential with an `eddsa-jcs-2022`
/// proof) offline: its proof, that its issuer is the key built into the core (or
/// `options.publicKey`, base64url; `options.anyIssuer: true` accepts any `did:key` issuer), its
/// validity period at `options.now` (Unix milliseconds; default the clock) and, when
/// `options.statusList` (the status list credential, fetched once) is given, that it is not
/// revoked. Returns `{ valid, code, reason, signatureValid, statusChecked, issuer, recipient,
/// achievement, validFrom, validUntil }`; never throws.
#[wasm_bindgen(js_name = verifyCredential)]
pub fn verify_credential(credential: JsValue, options: JsValue) -> JsValue {
    use aism_core::{course, licence};
    let get = |k: &str| {
        if options.is_object() {
            Reflect::get(&options, &JsValue::from_str(k))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        } else {
            None
        }
    };
    let now = get("now")
        .and_then(|v| v.as_f64())
        .filter(|x| x.is_finite())
        .map_or_else(|| js_sys::Date::now() / 1000.0, |x| x / 1000.0)
        .floor() as i64;
    let any_issuer = get("anyIssuer").and_then(|v| v.as_bool()) == Some(true);
    let key = match get("publicKey").and_then(|v| v.as_string()) {
        Some(k) => licence::verifying_key(&k),
        None => licence::embedded_key(),
    };
    let doc = from_js::<serde_json::Value>(&credential, "credential").unwrap_or_default();
    let list = get("statusList").and_then(|v| from_js::<serde_json::Value>(&v, "status list").ok());
    let trusted = if any_issuer { None } else { key.as_ref() };
    let out = if !any_issuer && key.is_none() {
        serde_json::json!({ "valid": false, "code": "untrusted-issuer", "reason": "no issuer key to trust: give options.publicKey" })
    } else {
        serde_json::to_value(course::credential::verify(
            &doc,
            now,
            trusted,
            list.as_ref(),
        ))
        .unwrap_or_default()
    };
    json_to_js(&out)
}

/// The version of the core.
#[wasm_bindgen]
pub fn version() -> JsString {
    JsString::from(env!("CARGO_PKG_VERSION"))
}
