//! Just enough of spreadsheet formula syntax for the exercise checker: the function calls in a
//! formula and their arguments (ranges, numbers, texts, booleans, nested calls, blanks). Both
//! spellings of the functions (`AISM.FORECAST` in Excel, `AISM_FORECAST` in Sheets), absolute
//! and relative references, sheet-qualified ranges and the `;` argument separator of locales
//! with a decimal comma are understood.

/// An argument of a call, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Omitted (`=AISM.FORECAST(B2:B91,,7)`).
    Empty,
    /// A number literal.
    Number(f64),
    /// A text literal (quotes removed, `""` unescaped).
    Text(String),
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// A cell or range reference, normalised: upper case, no `$`, no sheet name (`B2:B91`).
    Range(String),
    /// A nested function call.
    Call(Call),
    /// Anything else (an expression such as `B2*2`), as written.
    Other(String),
}

/// A function call in a formula.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The function name, upper case, in the Excel spelling (`AISM.FORECAST`).
    pub name: String,
    /// Its arguments in order.
    pub args: Vec<Arg>,
}

/// The canonical spelling of a function name: upper case, Sheets' underscores as dots.
pub fn canonical_name(name: &str) -> String {
    name.trim().to_ascii_uppercase().replace('_', ".")
}

/// The whole formula when it is exactly one function call (`=AISM.FORECAST(B2:B91,,7)`).
pub fn single_call(formula: &str) -> Option<Call> {
    let body = formula.trim().strip_prefix('=')?.trim();
    let sep = separator(body);
    match parse_arg(body, sep) {
        Arg::Call(call) => Some(call),
        _ => None,
    }
}

/// Every function call in `formula`, outer calls before the calls nested in them.
pub fn calls(formula: &str) -> Vec<Call> {
    let body = formula.trim().trim_start_matches('=');
    let sep = separator(body);
    let mut out = Vec::new();
    collect(body, sep, &mut out);
    out
}

/// The first call of `function` (either spelling) in `formula`.
pub fn find_call(formula: &str, function: &str) -> Option<Call> {
    let want = canonical_name(function);
    calls(formula).into_iter().find(|c| c.name == want)
}

/// `;` when the formula separates arguments with semicolons (outside texts), else `,`.
fn separator(body: &str) -> char {
    let mut in_text = false;
    for ch in body.chars() {
        match ch {
            '"' => in_text = !in_text,
            ';' if !in_text => return ';',
            _ => {}
        }
    }
    ','
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

/// Scans `text` for `NAME(` … `)` and collects each call, then the calls inside its arguments.
fn collect(text: &str, sep: char, out: &mut Vec<Call>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut in_text = false;
    while i < chars.len() {
        let (pos, ch) = chars[i];
        if ch == '"' {
            in_text = !in_text;
            i += 1;
            continue;
        }
        if in_text || !(ch.is_ascii_alphabetic() || ch == '_') {
            i += 1;
            continue;
        }
        // A name starts here when the previous character is not part of a name.
        if i > 0 && is_name_char(chars[i - 1].1) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_name_char(chars[j].1) {
            j += 1;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1 == ' ' {
            k += 1;
        }
        if k < chars.len() && chars[k].1 == '(' {
            if let Some(close) = matching_paren(&chars, k) {
                let end = chars.get(close + 1).map_or(text.len(), |c| c.0);
                if let Arg::Call(call) = parse_arg(&text[pos..end], sep) {
                    out.push(call);
                }
                let inner_start = chars[k].0 + 1;
                collect(&text[inner_start..chars[close].0], sep, out);
                i = close + 1;
                continue;
            }
            return;
        }
        i = j;
    }
}

/// The index (into `chars`) of the `)` closing the `(` at `open`, skipping texts.
fn matching_paren(chars: &[(usize, char)], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_text = false;
    for (idx, &(_, ch)) in chars.iter().enumerate().skip(open) {
        match ch {
            '"' => in_text = !in_text,
            '(' if !in_text => depth += 1,
            ')' if !in_text => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(idx);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits the inside of a call's parentheses at top-level separators.
fn split_args(inner: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut in_text, mut start) = (0usize, false, 0usize);
    for (pos, ch) in inner.char_indices() {
        match ch {
            '"' => in_text = !in_text,
            '(' if !in_text => depth += 1,
            ')' if !in_text => depth = depth.saturating_sub(1),
            c if c == sep && !in_text && depth == 0 => {
                parts.push(&inner[start..pos]);
                start = pos + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
}

fn parse_arg(text: &str, sep: char) -> Arg {
    let t = text.trim();
    if t.is_empty() {
        return Arg::Empty;
    }
    if let Some(inner) = t.strip_prefix('"').and_then(|s| s.strip_suffix('"'))
        && !inner.replace("\"\"", "").contains('"')
    {
        return Arg::Text(inner.replace("\"\"", "\""));
    }
    match t.to_ascii_uppercase().as_str() {
        "TRUE" => return Arg::Bool(true),
        "FALSE" => return Arg::Bool(false),
        _ => {}
    }
    let number = if sep == ';' {
        t.replace(',', ".")
    } else {
        t.to_string()
    };
    if let Ok(x) = number.parse::<f64>()
        && x.is_finite()
    {
        return Arg::Number(x);
    }
    if let Some(open) = t.find('(')
        && t.ends_with(')')
    {
        let name = &t[..open];
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        let open_idx = chars.iter().position(|c| c.0 == open);
        let whole = open_idx
            .and_then(|o| matching_paren(&chars, o))
            .is_some_and(|close| close == chars.len() - 1);
        if whole
            && !name.trim().is_empty()
            && name.trim().chars().all(is_name_char)
            && name
                .trim()
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        {
            let inner = &t[open + 1..t.len() - 1];
            let args = if inner.trim().is_empty() {
                Vec::new()
            } else {
                split_args(inner, sep)
                    .into_iter()
                    .map(|a| parse_arg(a, sep))
                    .collect()
            };
            return Arg::Call(Call {
                name: canonical_name(name),
                args,
            });
        }
    }
    match normalise_range(t) {
        Some(range) => Arg::Range(range),
        None => Arg::Other(t.to_string()),
    }
}

/// A reference without `$` and sheet name, upper case, when `text` is one (`'Data 1'!$b$2:$b$9`
/// → `B2:B9`).
pub fn normalise_range(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.rsplit('!').next().unwrap_or(t);
    let cleaned = t.replace('$', "").to_ascii_uppercase();
    let valid_cell = |s: &str| {
        let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
        let digits = &s[letters..];
        (1..=3).contains(&letters)
            && !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
    };
    let (a, b) = cleaned.split_once(':').unwrap_or((&cleaned, &cleaned));
    (valid_cell(a) && valid_cell(b)).then_some(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_arguments() {
        let c = single_call("=AISM.FORECAST($B$2:$B$91,,7)").unwrap();
        assert_eq!(c.name, "AISM.FORECAST");
        assert_eq!(
            c.args,
            [Arg::Range("B2:B91".into()), Arg::Empty, Arg::Number(7.0)]
        );
        // Sheets spelling, spaces, a text, a boolean, a sheet-qualified range.
        let c =
            single_call("= aism_optimalprice( 'Data 1'!b2:b53 , C2:C53, 6.5, \"linear\")").unwrap();
        assert_eq!(c.name, "AISM.OPTIMALPRICE");
        assert_eq!(
            c.args,
            [
                Arg::Range("B2:B53".into()),
                Arg::Range("C2:C53".into()),
                Arg::Number(6.5),
                Arg::Text("linear".into())
            ]
        );
        // Semicolons and decimal commas.
        let c = single_call("=AISM.REORDERPOINT(B2:B53;2;0,95)").unwrap();
        assert_eq!(c.args[2], Arg::Number(0.95));
        // Nested calls: the outer one, then the inner.
        let all = calls("=ROUND(INDEX(AISM.FORECAST(B2:B91,,7),1,1),2)");
        let names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["ROUND", "INDEX", "AISM.FORECAST"]);
        assert!(find_call("=ROUND(aism_forecast(B2:B9),2)", "AISM.FORECAST").is_some());
        assert!(single_call("=ROUND(B2,2)+1").is_none());
        assert!(single_call("12").is_none());
        // Texts with parentheses and separators inside.
        let c = single_call("=AISM.X(\"a,(b\", \"say \"\"hi\"\"\")").unwrap();
        assert_eq!(
            c.args,
            [Arg::Text("a,(b".into()), Arg::Text("say \"hi\"".into())]
        );
    }

    #[test]
    fn garbage_never_panics() {
        for f in [
            "",
            "=",
            "=(",
            "=)",
            "=A(",
            "=A(((",
            "=\"",
            "=A(\"",
            "=ü(1)",
            "=AISM.FORECAST(B2:B91",
            "=((()))",
            "=A(,,,)",
            "=1+",
            "=a(b(c(d(e(f())))))",
            "=Ω(1;2)",
            "=A(B2:)",
        ] {
            let _ = calls(f);
            let _ = single_call(f);
        }
        assert_eq!(normalise_range("B2:"), None);
        assert_eq!(normalise_range("ABCD1"), None);
        assert_eq!(normalise_range("Sheet1!$A$1").as_deref(), Some("A1"));
    }
}
