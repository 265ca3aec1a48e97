//! Numbers as people type them: currency, thousands separators, parentheses, percent.

use serde::Serialize;

/// Which character separates the decimals in a column of numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DecimalSeparator {
    /// `1,234.5`: point for decimals; comma, space, NBSP or apostrophe group thousands (US, UK, MX).
    Point,
    /// `1.234,5`: comma for decimals; point, space, NBSP or apostrophe group thousands (most of
    /// Europe and South America).
    Comma,
}

/// Currency signs accepted before or after a number.
const CURRENCY_SIGNS: &[&str] = &[
    "US$", "MX$", "C$", "A$", "R$", "S/", "$", "€", "£", "¥", "￥", "₹", "₩", "₽", "₺", "₱",
];

/// ISO-4217 codes accepted before or after a number (any letter case).
const CURRENCY_CODES: &[&str] = &[
    "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "MXN", "CAD", "AUD", "NZD", "CHF", "ARS", "BRL",
    "CLP", "COP", "PEN", "UYU", "BOB", "PYG", "VES", "GTQ", "CRC", "DOP", "INR", "SEK", "NOK",
    "DKK", "PLN", "CZK", "HUF", "ZAR", "HKD", "SGD", "KRW",
];

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}')
}

fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn strip_currency(s: &str) -> Option<&str> {
    // Fast path: a currency sign or code sits at one end, never between digits.
    let digitish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',');
    if digitish(s.chars().next()) && digitish(s.chars().next_back()) {
        return None;
    }
    for sign in CURRENCY_SIGNS {
        if let Some(r) = s.strip_prefix(sign).or_else(|| s.strip_suffix(sign)) {
            return Some(r);
        }
    }
    for code in CURRENCY_CODES {
        let n = code.len();
        if let Some(head) = s.get(..n)
            && head.eq_ignore_ascii_case(code)
            && !s
                .get(n..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphabetic)
        {
            return s.get(n..);
        }
        if s.len() >= n
            && let Some(tail) = s.get(s.len() - n..)
            && tail.eq_ignore_ascii_case(code)
            && !s
                .get(..s.len() - n)
                .and_then(|r| r.chars().next_back())
                .is_some_and(char::is_alphabetic)
        {
            return s.get(..s.len() - n);
        }
    }
    None
}

/// Removes signs, parentheses, currency and percent around the digits:
/// (digits, negative, percent).
fn strip_affixes(text: &str) -> Option<(&str, bool, bool)> {
    let mut s = trim(text);
    let (mut signed, mut negative, mut currency, mut percent) = (false, false, false, false);
    loop {
        let before = s.len();
        if !signed {
            if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
                (s, signed, negative) = (inner, true, true);
            } else if let Some(r) = s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
                (s, signed, negative) = (r, true, true);
            } else if let Some(r) = s.strip_prefix('+') {
                (s, signed) = (r, true);
            } else if let Some(r) = s.strip_suffix('-') {
                (s, signed, negative) = (r, true, true);
            }
        }
        if !percent && let Some(r) = s.strip_suffix('%') {
            (s, percent) = (r, true);
        }
        if !currency && let Some(r) = strip_currency(s) {
            (s, currency) = (r, true);
        }
        s = trim(s);
        if s.len() == before {
            break;
        }
    }
    if s.is_empty() {
        None
    } else {
        Some((s, negative, percent))
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Group separators allowed under a convention, as classes (all spaces count as one class).
fn group_class(c: char, decimal: DecimalSeparator) -> Option<u8> {
    match c {
        ',' if decimal == DecimalSeparator::Point => Some(1),
        '.' if decimal == DecimalSeparator::Comma => Some(2),
        '\'' | '\u{2019}' => Some(3),
        c if is_space(c) => Some(4),
        _ => None,
    }
}

/// The integer digits of a possibly grouped integer part (`1,234,567` → `1234567`).
fn integer_digits(int: &str, decimal: DecimalSeparator) -> Option<String> {
    if int.is_empty() || all_digits(int) {
        return Some(int.to_string());
    }
    let mut class = None;
    let mut groups = Vec::new();
    let mut current = String::new();
    for c in int.chars() {
        if c.is_ascii_digit() {
            current.push(c);
        } else {
            let k = group_class(c, decimal)?;
            if class.is_some_and(|prev| prev != k) {
                return None;
            }
            class = Some(k);
            groups.push(std::mem::take(&mut current));
        }
    }
    groups.push(current);
    let first = groups.first()?;
    if first.is_empty() || first.len() > 3 || first.starts_with('0') {
        return None;
    }
    if groups.iter().skip(1).any(|g| g.len() != 3) {
        return None;
    }
    Some(groups.concat())
}

/// The value of `text` under one decimal convention, or `None` when it does not read as a
/// number that way.
pub fn parse_number_with(text: &str, decimal: DecimalSeparator) -> Option<f64> {
    if text.len() > 400 {
        return None;
    }
    let (core, negative, percent) = strip_affixes(text)?;
    parse_core(core, negative, percent, decimal)
}

/// The digits part (signs, currency and percent already removed) under one convention.
fn parse_core(core: &str, negative: bool, percent: bool, decimal: DecimalSeparator) -> Option<f64> {
    let (mantissa, exponent) = match core.split_once(['e', 'E']) {
        Some((m, e)) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if !all_digits(digits) || digits.len() > 4 {
                return None;
            }
            (m, Some(e))
        }
        None => (core, None),
    };
    let point = match decimal {
        DecimalSeparator::Point => '.',
        DecimalSeparator::Comma => ',',
    };
    let (int, frac) = match mantissa.split_once(point) {
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    if !(frac.is_empty() || all_digits(frac)) {
        return None;
    }
    let int = integer_digits(int, decimal)?;
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut normal = format!("{}{int}.{frac}", if negative { "-" } else { "" });
    if normal.starts_with('.') || normal.starts_with("-.") {
        normal = normal.replacen('.', "0.", 1);
    }
    if normal.ends_with('.') {
        normal.push('0');
    }
    let value = match (exponent, percent) {
        (Some(e), true) => format!("{normal}e{e}").parse::<f64>().ok()? / 100.0,
        (Some(e), false) => format!("{normal}e{e}").parse::<f64>().ok()?,
        // `12.3%` is parsed as 12.3e-2 so that it is the double nearest 0.123.
        (None, true) => format!("{normal}e-2").parse::<f64>().ok()?,
        (None, false) => normal.parse::<f64>().ok()?,
    };
    value.is_finite().then_some(value)
}

/// Both readings of a number text: with `.` decimals (US) and with `,` decimals (European).
pub(crate) fn readings(text: &str) -> (Option<f64>, Option<f64>) {
    match strip_affixes(text) {
        Some((core, neg, pct)) if text.len() <= 400 => (
            parse_core(core, neg, pct, DecimalSeparator::Point),
            parse_core(core, neg, pct, DecimalSeparator::Comma),
        ),
        _ => (None, None),
    }
}

/// Parses a number as users type it: `1,234.5`, `$1 200`, `(35)`, `1200-`, `12.5%` (→ 0.125),
/// `+3`, `-3e4`, `USD 1,200`, `1.234,5 €`, `1'234.5`. US conventions first (`1,234` is one
/// thousand two hundred thirty-four), then unambiguous European forms (`1.234,5`, `0,5`).
pub fn parse_number(text: &str) -> Option<f64> {
    parse_number_with(text, DecimalSeparator::Point)
        .or_else(|| parse_number_with(text, DecimalSeparator::Comma))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        let cases: &[(&str, Option<f64>)] = &[
            ("42", Some(42.0)),
            ("  42  ", Some(42.0)),
            ("-3.5", Some(-3.5)),
            ("+3.5", Some(3.5)),
            ("\u{2212}2", Some(-2.0)),
            (".5", Some(0.5)),
            ("5.", Some(5.0)),
            ("1,234", Some(1234.0)),
            ("1,234,567.89", Some(1_234_567.89)),
            ("1.234.567,89", Some(1_234_567.89)),
            ("1 234,5", Some(1234.5)),
            ("1\u{a0}234,5", Some(1234.5)),
            ("1\u{202f}234.5", Some(1234.5)),
            ("1'234.5", Some(1234.5)),
            ("1’234’567", Some(1_234_567.0)),
            ("0,5", Some(0.5)),
            ("1.234", Some(1.234)),
            ("$1,200", Some(1200.0)),
            ("$ 1,200.50", Some(1200.5)),
            ("-$1,200", Some(-1200.0)),
            ("$-1,200", Some(-1200.0)),
            ("($1,200)", Some(-1200.0)),
            ("$(1,200)", Some(-1200.0)),
            ("(1,200)", Some(-1200.0)),
            ("1200-", Some(-1200.0)),
            ("1.234,56 €", Some(1234.56)),
            ("€1.234,56", Some(1234.56)),
            ("£12", Some(12.0)),
            ("¥1,000", Some(1000.0)),
            ("USD 1,200", Some(1200.0)),
            ("1,200 USD", Some(1200.0)),
            ("1200eur", Some(1200.0)),
            ("US$5", Some(5.0)),
            ("12.5%", Some(0.125)),
            ("12.3%", Some(0.123)),
            ("-12,5 %", Some(-0.125)),
            ("(12%)", Some(-0.12)),
            ("1e3", Some(1000.0)),
            ("-3e4", Some(-30000.0)),
            ("2.5E-3", Some(0.0025)),
            ("1.5e+2", Some(150.0)),
            ("5e1%", Some(0.5)),
            // Not numbers.
            ("", None),
            ("$", None),
            ("%", None),
            ("()", None),
            ("abc", None),
            ("12abc", None),
            ("1,23", Some(1.23)), // only the European reading exists
            ("1,2345", Some(1.2345)),
            ("12,34,567", None),
            ("0,123,456", None),
            ("1,234.567.8", None),
            ("--5", None),
            ("(-5)", None),
            ("1 234.5,6", None),
            ("inf", None),
            ("NaN", None),
            ("infinity", None),
            ("1e400", None),
            ("1e99999", None),
            ("USDX 5", None),
            ("2024-03-14", None),
            ("3/4", None),
            ("1..2", None),
            ("1,,234", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_number(text), *want, "{text:?}");
        }
    }

    #[test]
    fn readings_separate_us_and_european() {
        let cases: &[(&str, Option<f64>, Option<f64>)] = &[
            ("1,234", Some(1234.0), Some(1.234)),
            ("1.234", Some(1.234), Some(1234.0)),
            ("1,5", None, Some(1.5)),
            ("1.5", Some(1.5), None),
            ("1.234,5", None, Some(1234.5)),
            ("1,234.5", Some(1234.5), None),
            ("1234", Some(1234.0), Some(1234.0)),
            ("1 234", Some(1234.0), Some(1234.0)),
        ];
        for (text, us, eu) in cases {
            assert_eq!(readings(text), (*us, *eu), "{text}");
        }
    }
}
