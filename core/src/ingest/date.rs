//! Dates as people type them, and Excel serial numbers (1900 date system).
//!
//! Serial 1 is 1900-01-01. Excel (after Lotus 1-2-3) treats 1900 as a leap year, so serial 60 is
//! the nonexistent 1900-02-29 and every later serial is one day more than the true day count:
//! 1900-03-01 is 61 and 2024-03-14 is 45365. The time of day is the fraction of the serial.

use serde::Serialize;

/// The order of day, month and year in a column of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum DateOrder {
    /// Year first (`2024-03-14`); also reported when every date was unambiguous on its own
    /// (ISO-8601, month names, serial numbers).
    Ymd,
    /// US order, month/day/year (`3/14/2024`).
    Mdy,
    /// European order, day/month/year (`14/03/2024`, `14.03.2024`).
    Dmy,
}

/// The last serial Excel accepts: 9999-12-31.
pub const MAX_SERIAL: f64 = 2_958_465.0;

/// True when `x` is a serial Excel shows as a date between 1900-01-01 and 9999-12-31.
pub fn is_plausible_serial(x: f64) -> bool {
    x.is_finite() && (1.0..MAX_SERIAL + 1.0).contains(&x)
}

/// The Excel serial of a calendar date (1900 date system), or `None` when the date does not
/// exist or lies outside 1900-01-01..9999-12-31. `1900-02-29` gives 60, as in Excel. The
/// calendar arithmetic is `aism_ts::timeline`'s, shared with the timeline code.
pub fn date_to_serial(y: i32, m: u32, d: u32) -> Option<f64> {
    aism_ts::timeline::ymd_to_serial(y, m, d)
}

/// The calendar date of an Excel serial (the fraction, a time of day, is ignored), or `None`
/// outside 1..=2958465. Serial 60 gives the nonexistent `(1900, 2, 29)`, as Excel shows it.
pub fn serial_to_date(serial: f64) -> Option<(i32, u32, u32)> {
    if !is_plausible_serial(serial) {
        return None;
    }
    aism_ts::timeline::serial_to_ymd(serial)
}

/// The fraction of a day for a time of day, e.g. 12:00:00 → 0.5. `None` when out of range.
pub fn time_fraction(hour: u32, minute: u32, second: f64) -> Option<f64> {
    if hour > 23 || minute > 59 || !(0.0..60.0).contains(&second) {
        return None;
    }
    Some((f64::from(hour) * 3600.0 + f64::from(minute) * 60.0 + second) / 86_400.0)
}

/// What a date text can mean before the column's order is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum DateReading {
    /// One meaning only (ISO-8601, month names, or a dotted day.month.year).
    Fixed(f64),
    /// All-numeric `a/b/year`: the serial as month/day and as day/month (either may not exist).
    Numeric {
        /// Read as US month/day/year.
        mdy: Option<f64>,
        /// Read as European day/month/year.
        dmy: Option<f64>,
    },
}

impl DateReading {
    /// The serial under `order` (`Ymd` takes the US reading of numeric dates).
    pub(crate) fn under(self, order: DateOrder) -> Option<f64> {
        match self {
            DateReading::Fixed(x) => Some(x),
            DateReading::Numeric { mdy, dmy } => match order {
                DateOrder::Dmy => dmy,
                DateOrder::Mdy | DateOrder::Ymd => mdy,
            },
        }
    }
    /// Any reading: ISO and names, then US, then European.
    pub(crate) fn any(self) -> Option<f64> {
        match self {
            DateReading::Fixed(x) => Some(x),
            DateReading::Numeric { mdy, dmy } => mdy.or(dmy),
        }
    }
}

/// Parses a date text into an Excel serial (1900 system), trying ISO-8601 (`2024-03-14`,
/// `2024-03-14T10:00:00`, `2024/03/14`), then US (`3/14/2024`, `03-14-24`), then European
/// (`14/03/2024`, `14.03.2024`); month names in English and Spanish (`14 Mar 2024`,
/// `March 14, 2024`, `14 de marzo de 2024`, `mar-2024`). A time of day becomes the fraction.
pub fn parse_date(text: &str) -> Option<f64> {
    read_date(text).and_then(DateReading::any)
}

/// Parses a date text with a known order for all-numeric dates (`Ymd` means US for them).
pub fn parse_date_with(text: &str, order: DateOrder) -> Option<f64> {
    read_date(text).and_then(|r| r.under(order))
}

/// Two-digit years as Excel reads them: 00–29 → 2000–2029, 30–99 → 1930–1999.
fn expand_year(digits: &str) -> Option<i32> {
    let y: i32 = digits.parse().ok()?;
    match digits.len() {
        4 => Some(y),
        2 if y < 30 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

fn small(digits: &str) -> Option<u32> {
    if (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Parses `H:MM[:SS[.fff]]` with an optional `Z` or `±hh:mm` offset (ignored: the wall time is
/// kept) and an optional AM/PM marker already removed by the caller (`pm`).
fn parse_time(t: &str, meridiem: Option<bool>) -> Option<f64> {
    let t = t.trim();
    let t = t.strip_suffix(['Z', 'z']).unwrap_or(t);
    // Drop a UTC offset such as +02:00, -0500.
    let t = match t.rfind(['+', '-']) {
        Some(i) if i > 0 => t.get(..i)?,
        _ => t,
    };
    let mut parts = t.split(':');
    let h = small(parts.next()?)?;
    let m_text = parts.next()?;
    if m_text.len() != 2 {
        return None;
    }
    let m = small(m_text)?;
    let s = match parts.next() {
        None => 0.0,
        Some(s) => {
            let (whole, frac) = s.split_once(['.', ',']).unwrap_or((s, ""));
            if whole.len() != 2 || !all_digits(whole) || !(frac.is_empty() || all_digits(frac)) {
                return None;
            }
            let frac = if frac.is_empty() { "0" } else { frac };
            format!("{whole}.{frac}").parse::<f64>().ok()?
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let h = match meridiem {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    time_fraction(h, m, s)
}

/// Splits a trailing time of day off a date text: (date part, fraction).
fn split_time(s: &str) -> Option<(&str, f64)> {
    let s = s.trim();
    // ISO `2024-03-14T10:00:00`.
    if let Some((d, t)) = s.split_once(['T', 't'])
        && d.len() >= 8
        && d.bytes().last().is_some_and(|b| b.is_ascii_digit())
        && t.bytes().next().is_some_and(|b| b.is_ascii_digit())
    {
        return Some((d, parse_time(t, None)?));
    }
    // `... 10:00`, `... 10:00 PM`, `... 10:00pm`.
    let lower = s.to_ascii_lowercase();
    let (body, meridiem) = if let Some(rest) = lower.strip_suffix("am") {
        (rest, Some(false))
    } else if let Some(rest) = lower.strip_suffix("pm") {
        (rest, Some(true))
    } else if let Some(rest) = lower.strip_suffix("a.m.") {
        (rest, Some(false))
    } else if let Some(rest) = lower.strip_suffix("p.m.") {
        (rest, Some(true))
    } else {
        (lower.as_str(), None)
    };
    let body = body.trim_end();
    let (d, t) = body.rsplit_once(char::is_whitespace)?;
    if !t.contains(':') {
        return None;
    }
    let frac = parse_time(t, meridiem)?;
    // `d` is a prefix of the lower-cased text, which has the same byte length as `s`.
    let d = s.get(..d.len())?.trim_end().trim_end_matches(',');
    Some((d, frac))
}

/// Reads a date text into its possible meanings, or `None` when it is not a date.
pub(crate) fn read_date(text: &str) -> Option<DateReading> {
    let s = text.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    let (date_part, frac) = match split_time(s) {
        Some((d, f)) => (d, f),
        None => (s, 0.0),
    };
    let reading = read_numeric(date_part).or_else(|| read_named(date_part))?;
    Some(match reading {
        DateReading::Fixed(x) => DateReading::Fixed(x + frac),
        DateReading::Numeric { mdy, dmy } => DateReading::Numeric {
            mdy: mdy.map(|x| x + frac),
            dmy: dmy.map(|x| x + frac),
        },
    })
}

/// All-numeric dates: `2024-03-14`, `2024/03/14`, `3/14/2024`, `14.03.2024`, `03-14-24`,
/// `2024-03`, `03/2024`.
fn read_numeric(s: &str) -> Option<DateReading> {
    let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = s.split(sep).collect();
    if !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    let ymd = |y: &str, m: &str, d: &str| -> Option<f64> {
        date_to_serial(expand_year(y)?, small(m)?, small(d)?)
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 => ymd(y, m, d).map(DateReading::Fixed),
        [a, b, y] if a.len() <= 2 && b.len() <= 2 && matches!(y.len(), 2 | 4) => {
            let mdy = ymd(y, a, b);
            let dmy = ymd(y, b, a);
            if mdy.is_none() && dmy.is_none() {
                None
            } else if sep == '.' {
                // Dotted dates are a European convention (`14.03.2024`).
                dmy.map(DateReading::Fixed)
            } else {
                Some(DateReading::Numeric { mdy, dmy })
            }
        }
        [y, m] if y.len() == 4 && m.len() <= 2 && sep != '.' => {
            ymd(y, m, "1").map(DateReading::Fixed)
        }
        [m, y] if y.len() == 4 && m.len() <= 2 && sep != '.' => {
            ymd(y, m, "1").map(DateReading::Fixed)
        }
        _ => None,
    }
}

/// Month names and abbreviations, English and Spanish.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("enero", 1),
    ("ene", 1),
    ("february", 2),
    ("feb", 2),
    ("febrero", 2),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("april", 4),
    ("apr", 4),
    ("abril", 4),
    ("abr", 4),
    ("may", 5),
    ("mayo", 5),
    ("june", 6),
    ("jun", 6),
    ("junio", 6),
    ("july", 7),
    ("jul", 7),
    ("julio", 7),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("ago", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("set", 9),
    ("october", 10),
    ("oct", 10),
    ("octubre", 10),
    ("november", 11),
    ("nov", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dec", 12),
    ("diciembre", 12),
    ("dic", 12),
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "lunes",
    "lun",
    "martes",
    "mar",
    "miércoles",
    "miercoles",
    "mié",
    "mie",
    "jueves",
    "jue",
    "viernes",
    "vie",
    "sábado",
    "sabado",
    "sáb",
    "sab",
    "domingo",
    "dom",
];

/// Words that may sit between the parts of a date and carry no meaning.
const FILLERS: &[&str] = &[
    "de", "del", "of", "the", "st", "nd", "rd", "th", "º", "°", "ª",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Num(&'a str),
    Month(u32),
}

fn month_of(word: &str) -> Option<u32> {
    MONTHS.iter().find(|(w, _)| *w == word).map(|(_, m)| *m)
}

/// Dates with month names: `14 Mar 2024`, `14-Mar-2024`, `March 14, 2024`, `14 de marzo de 2024`,
/// `Thursday, March 14, 2024`, `mar-2024`, `Mar-24` (month and two-digit year), `2024 Mar 14`.
fn read_named(s: &str) -> Option<DateReading> {
    let lower = s.to_lowercase();
    let mut words: Vec<&str> = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in lower.char_indices() {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() || matches!(c, 'º' | '°' | 'ª') {
            Some(false)
        } else if matches!(c, ' ' | ',' | '-' | '/' | '.') || c.is_whitespace() {
            None
        } else {
            return None;
        };
        match (start, kind) {
            (Some((_, d)), Some(k)) if d == k => {}
            (Some((b, _)), k) => {
                words.push(lower.get(b..i)?);
                start = k.map(|k| (i, k));
            }
            (None, k) => start = k.map(|k| (i, k)),
        }
    }
    if let Some((b, _)) = start {
        words.push(lower.get(b..)?);
    }
    let mut tokens: Vec<Token> = Vec::new();
    // A leading weekday (`Thursday, March 14, 2024`) is dropped when a month name follows it.
    let later_month = words.iter().skip(1).any(|w| month_of(w).is_some());
    for (i, w) in words.iter().enumerate() {
        if all_digits(w) {
            tokens.push(Token::Num(w));
        } else if FILLERS.contains(w) || (i == 0 && later_month && WEEKDAYS.contains(w)) {
            continue;
        } else if let Some(m) = month_of(w) {
            tokens.push(Token::Month(m));
        } else {
            return None;
        }
    }
    let day = |d: &str| small(d);
    let serial = match tokens.as_slice() {
        [Token::Num(d), Token::Month(m), Token::Num(y)] if d.len() <= 2 => {
            date_to_serial(expand_year(y)?, *m, day(d)?)
        }
        [Token::Month(m), Token::Num(d), Token::Num(y)] if d.len() <= 2 => {
            date_to_serial(expand_year(y)?, *m, day(d)?)
        }
        [Token::Num(y), Token::Month(m), Token::Num(d)] if y.len() == 4 => {
            date_to_serial(expand_year(y)?, *m, day(d)?)
        }
        // `mar-2024`, `March 2024`; a two-digit year only in the compact `Mar-24` form (with a
        // space, `Mar 14` is a day without a year).
        [Token::Month(m), Token::Num(y)] if y.len() == 4 || !s.contains(char::is_whitespace) => {
            date_to_serial(expand_year(y)?, *m, 1)
        }
        [Token::Num(y), Token::Month(m)] if y.len() == 4 => date_to_serial(expand_year(y)?, *m, 1),
        _ => None,
    }?;
    Some(DateReading::Fixed(serial))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serials checked against Excel's own DATE()/DATEVALUE() (and the Lotus leap-year bug that
    /// Microsoft documents in KB 214326: "Excel incorrectly assumes that the year 1900 is a leap
    /// year"); 2024-03-14 = 45365 and 9999-12-31 = 2958465 are Excel's published values.
    #[test]
    fn serials_with_the_1900_leap_quirk() {
        let cases: &[((i32, u32, u32), f64)] = &[
            ((1900, 1, 1), 1.0),
            ((1900, 1, 31), 31.0),
            ((1900, 2, 28), 59.0),
            ((1900, 2, 29), 60.0),
            ((1900, 3, 1), 61.0),
            ((1900, 12, 31), 366.0),
            ((1904, 1, 1), 1462.0),
            ((2000, 2, 29), 36585.0),
            ((2024, 3, 14), 45365.0),
            ((9999, 12, 31), 2_958_465.0),
        ];
        for &((y, m, d), s) in cases {
            assert_eq!(date_to_serial(y, m, d), Some(s), "{y}-{m}-{d}");
            assert_eq!(serial_to_date(s), Some((y, m, d)), "{s}");
            assert_eq!(serial_to_date(s + 0.75), Some((y, m, d)), "{s}.75");
        }
        for bad in [
            (1899, 12, 31),
            (2023, 2, 29),
            (2024, 13, 1),
            (2024, 4, 31),
            (10000, 1, 1),
        ] {
            assert_eq!(date_to_serial(bad.0, bad.1, bad.2), None, "{bad:?}");
        }
        for bad in [0.0, 0.5, -1.0, 2_958_466.0, f64::NAN, f64::INFINITY] {
            assert_eq!(serial_to_date(bad), None, "{bad}");
        }
        // Every serial round-trips (whole range, every 37th day plus the edges).
        let mut s = 1.0;
        while s <= MAX_SERIAL {
            let (y, m, d) = serial_to_date(s).unwrap();
            assert_eq!(date_to_serial(y, m, d), Some(s));
            s += 37.0;
        }
    }

    #[test]
    fn date_formats() {
        let d = |y, m, dd| date_to_serial(y, m, dd).unwrap();
        let cases: &[(&str, Option<f64>)] = &[
            ("2024-03-14", Some(45365.0)),
            ("2024/03/14", Some(45365.0)),
            ("2024.03.14", Some(45365.0)),
            ("2024-03-14T10:00:00", Some(45365.0 + 10.0 / 24.0)),
            ("2024-03-14T12:00:00Z", Some(45365.5)),
            ("2024-03-14T12:00:00+02:00", Some(45365.5)),
            ("2024-03-14 18:00", Some(45365.75)),
            (
                "2024-03-14 06:00:30.5",
                Some(45365.0 + (6.0 * 3600.0 + 30.5) / 86400.0),
            ),
            ("3/14/2024", Some(45365.0)),
            ("03-14-24", Some(45365.0)),
            ("3/14/2024 6:00 PM", Some(45365.75)),
            ("3/14/2024 12:00 am", Some(45365.0)),
            ("14/03/2024", Some(45365.0)),
            ("14.03.2024", Some(45365.0)),
            ("14-03-2024", Some(45365.0)),
            ("14 Mar 2024", Some(45365.0)),
            ("14-Mar-2024", Some(45365.0)),
            ("14-mar-24", Some(45365.0)),
            ("March 14, 2024", Some(45365.0)),
            ("Mar. 14, 2024", Some(45365.0)),
            ("Thursday, March 14, 2024", Some(45365.0)),
            ("March 14th, 2024", Some(45365.0)),
            ("14 de marzo de 2024", Some(45365.0)),
            ("jueves, 14 de marzo de 2024", Some(45365.0)),
            ("14 DIC 2023", Some(d(2023, 12, 14))),
            ("1 ene 2024", Some(d(2024, 1, 1))),
            ("mar-2024", Some(d(2024, 3, 1))),
            ("Mar-24", Some(d(2024, 3, 1))),
            ("marzo 2024", Some(d(2024, 3, 1))),
            ("2024-03", Some(d(2024, 3, 1))),
            ("03/2024", Some(d(2024, 3, 1))),
            ("2024 Mar 14", Some(45365.0)),
            ("1/2/2024", Some(d(2024, 1, 2))), // ambiguous: US first
            ("1/2/1930", Some(d(1930, 1, 2))),
            ("1/2/29", Some(d(2029, 1, 2))),
            ("1/2/30", Some(d(1930, 1, 2))),
            ("1900-02-29", Some(60.0)),
            ("2023-02-29", None),
            ("13/13/2024", None),
            ("14 Mar", None),
            ("Mar 14", None),
            ("2024", None),
            ("1,234", None),
            ("hello", None),
            ("", None),
            ("2024-03-14T25:00", None),
            ("2024-03-14 10:61", None),
            ("3/14/2024 13:00 PM", None),
            ("14 Foo 2024", None),
            ("1800-01-01", None),
        ];
        for (text, want) in cases {
            let got = parse_date(text);
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{text}: {g} vs {w}"),
                _ => assert_eq!(got, *want, "{text}"),
            }
        }
    }

    #[test]
    fn readings_expose_the_order() {
        let eu = d_only("14/03/2024");
        assert_eq!(eu, (None, Some(45365.0)));
        let us = d_only("3/14/2024");
        assert_eq!(us, (Some(45365.0), None));
        let amb = d_only("03/04/2024");
        assert_eq!(
            amb,
            (date_to_serial(2024, 3, 4), date_to_serial(2024, 4, 3))
        );
        assert_eq!(
            parse_date_with("03/04/2024", DateOrder::Dmy),
            date_to_serial(2024, 4, 3)
        );
        assert_eq!(
            parse_date_with("03/04/2024", DateOrder::Mdy),
            date_to_serial(2024, 3, 4)
        );
        assert_eq!(
            read_date("03.04.2024"),
            date_to_serial(2024, 4, 3).map(DateReading::Fixed)
        );
    }

    fn d_only(t: &str) -> (Option<f64>, Option<f64>) {
        match read_date(t) {
            Some(DateReading::Numeric { mdy, dmy }) => (mdy, dmy),
            other => panic!("{t}: {other:?}"),
        }
    }
}
