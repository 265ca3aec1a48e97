//! CSV text and workbook bytes (XLSX, XLS, XLSB, ODS) to a [`Grid`]. No IO: bytes in, cells out.

use super::date::date_to_serial;
use crate::cells::{Cell, CellError, ErrorKind, Grid};
use calamine::{Data, ExcelDateTime, ExcelDateTimeType, Reader};

/// The most cells a file may hold (a sheet of 1,000,000 rows × 20 columns).
pub const MAX_CELLS: usize = 20_000_000;

/// Windows-1252 characters for the bytes 0x80–0x9F (the rest of the range is Latin-1).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decodes CSV bytes: UTF-8 (BOM dropped), UTF-16 with a BOM (Excel's "Unicode text"), and
/// Windows-1252 when the bytes are not UTF-8 (Excel's "CSV" on Windows).
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |rest: &[u8], little: bool| -> String {
        let units = rest.chunks_exact(2).map(|p| match p {
            [a, b] if little => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0xFFFD,
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252_HIGH
                    .get(usize::from(b - 0x80))
                    .copied()
                    .unwrap_or(char::REPLACEMENT_CHARACTER),
                _ => char::from(b),
            })
            .collect(),
    }
}

/// Field counts of the first lines under `delim`, quote-aware.
fn field_counts(sample: &str, delim: char) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut in_quotes, mut line_has_text) = (1usize, false, false);
    let mut chars = sample.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            '\r' | '\n' if !in_quotes => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if line_has_text {
                    counts.push(fields);
                }
                (fields, line_has_text) = (1, false);
                continue;
            }
            c if c == delim && !in_quotes => fields += 1,
            _ => {}
        }
        line_has_text = true;
    }
    if line_has_text {
        counts.push(fields);
    }
    counts
}

/// Picks the delimiter among `,` `;` tab `|`: the one that splits the most lines into the same
/// number (> 1) of fields; ties go to the earlier one in that list.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let sample: String = text.chars().take(64 * 1024).collect();
    let mut best = (b',', 0usize, 0usize);
    for (byte, ch) in [(b',', ','), (b';', ';'), (b'\t', '\t'), (b'|', '|')] {
        let counts = field_counts(&sample, ch);
        let counts: Vec<usize> = counts.into_iter().take(50).collect();
        // The most common field count and how many lines have it.
        let mut mode = (0usize, 0usize);
        for &k in &counts {
            let n = counts.iter().filter(|&&x| x == k).count();
            if n > mode.1 || (n == mode.1 && k > mode.0) {
                mode = (k, n);
            }
        }
        if mode.0 > 1 && (mode.1 > best.1 || (mode.1 == best.1 && mode.0 > best.2)) {
            best = (byte, mode.1, mode.0);
        }
    }
    best.0
}

/// Reads CSV bytes into a grid of text cells (blank fields become [`Cell::Empty`]). The
/// delimiter is sniffed among `,` `;` tab `|` (an Excel `sep=;` first line is honoured); quoted
/// fields, a UTF-8 BOM, UTF-16 and Windows-1252 text, and CRLF line ends are handled. Typing the
/// cells is left to [`super::infer_table`].
pub fn grid_from_csv(bytes: &[u8]) -> Result<Grid, CellError> {
    let text = decode(bytes);
    let (text, delimiter) = match text.split_once('\n') {
        Some((first, rest))
            if first.trim_end().len() == 5 && first.trim_end().starts_with("sep=") =>
        {
            let d = first.trim_end().bytes().last().unwrap_or(b',');
            (rest.to_string(), d)
        }
        _ => {
            let d = sniff_delimiter(&text);
            (text, d)
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| {
            CellError::value(format!(
                "The CSV file could not be read ({e}). Check that quotes are balanced and save it as UTF-8 CSV."
            ))
        })?;
        cells = cells.saturating_add(record.len());
        if cells > MAX_CELLS {
            return Err(too_big());
        }
        rows.push(
            record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        );
    }
    if rows.is_empty() {
        return Err(CellError::value(
            "The CSV file is empty. Export the sheet again with its data.",
        ));
    }
    Ok(Grid::from_rows(rows))
}

fn too_big() -> CellError {
    CellError::num(format!(
        "The file has more than {MAX_CELLS} cells. Split it or remove unused rows and columns."
    ))
}

fn cell_from_data(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::number(*i as f64),
        Data::Float(x) => Cell::number(*x),
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => Cell::number(serial_of(dt)),
        Data::DateTimeIso(s) => super::parse_date(s)
            .map(Cell::Number)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(match e {
            calamine::CellErrorType::Div0 => ErrorKind::Div0,
            calamine::CellErrorType::NA => ErrorKind::NotAvailable,
            calamine::CellErrorType::Name => ErrorKind::Name,
            calamine::CellErrorType::Null => ErrorKind::Null,
            calamine::CellErrorType::Num => ErrorKind::Num,
            calamine::CellErrorType::Ref => ErrorKind::Ref,
            calamine::CellErrorType::Value => ErrorKind::Value,
            calamine::CellErrorType::GettingData => ErrorKind::GettingData,
        }),
    }
}

/// A workbook date as a 1900-system serial (1904-system workbooks are shifted by 1462 days;
/// durations stay a number of days).
fn serial_of(dt: &ExcelDateTime) -> f64 {
    let v = dt.as_f64();
    if dt.is_duration() || *dt == ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false) {
        v
    } else {
        // 1904 date system: day 0 is 1904-01-01, serial 1462 in the 1900 system.
        v + date_to_serial(1904, 1, 1).unwrap_or(1462.0)
    }
}

/// Reads one sheet of a workbook (XLSX, XLS, XLSB or ODS bytes) into a grid and the zero-based
/// (row, column) of its top-left used cell, so that addresses match the user's sheet. `sheet`
/// picks a sheet by name (case-insensitive); `None` takes the first one. Dates become serials.
pub fn sheet_from_workbook(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Grid, (usize, usize)), CellError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
        CellError::value(format!(
            "The file is not a workbook that can be read ({e}). Save it as .xlsx, .xls or .ods, or export CSV."
        ))
    })?;
    let names = book.sheet_names();
    let range = match sheet {
        Some(wanted) => {
            let name = names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
                .ok_or_else(|| {
                    CellError::new(
                        ErrorKind::Ref,
                        format!(
                            "The workbook has no sheet named '{wanted}'. Its sheets are: {}.",
                            names.join(", ")
                        ),
                    )
                })?
                .clone();
            book.worksheet_range(&name)
        }
        None => book
            .worksheet_range_at(0)
            .ok_or_else(|| CellError::value("The workbook has no sheets."))?,
    }
    .map_err(|e| {
        CellError::value(format!(
            "The sheet could not be read ({e}). Open and save it again in Excel or LibreOffice."
        ))
    })?;
    let (h, w) = range.get_size();
    if h.saturating_mul(w) > MAX_CELLS {
        return Err(too_big());
    }
    let origin = range
        .start()
        .map(|(r, c)| (r as usize, c as usize))
        .unwrap_or((0, 0));
    let rows: Vec<Vec<Cell>> = range
        .rows()
        .map(|row| row.iter().map(cell_from_data).collect())
        .collect();
    Ok((Grid::from_rows(rows), origin))
}

/// Reads one sheet of a workbook (XLSX, XLS, XLSB or ODS bytes) into a grid of its used range
/// (see [`sheet_from_workbook`] for the sheet's top-left address).
pub fn grid_from_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, CellError> {
    sheet_from_workbook(bytes, sheet).map(|(g, _)| g)
}

/// Reads a file's bytes: a workbook when they start like one (ZIP or OLE2 signature), CSV text
/// otherwise.
pub fn grid_from_bytes(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, CellError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        grid_from_xlsx(bytes, sheet)
    } else {
        grid_from_csv(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows()
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Empty => String::new(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn csv_dialects() {
        let cases: &[(&[u8], &[&[&str]])] = &[
            (b"a,b\n1,2\n", &[&["a", "b"], &["1", "2"]]),
            (b"a;b\r\n1,5;2,5\r\n", &[&["a", "b"], &["1,5", "2,5"]]),
            (b"a\tb\n1\t2", &[&["a", "b"], &["1", "2"]]),
            (b"a|b|c\n1|2|3\n", &[&["a", "b", "c"], &["1", "2", "3"]]),
            (
                b"\xEF\xBB\xBFname,amount\n\"Smith, J\",\"$1,200\"\n",
                &[&["name", "amount"], &["Smith, J", "$1,200"]],
            ),
            (b"sep=;\na;b\n1;2\n", &[&["a", "b"], &["1", "2"]]),
            (b"x\n1\n2\n", &[&["x"], &["1"], &["2"]]),
            (b"a,b\n1\n", &[&["a", "b"], &["1", ""]]),
            (b"q\n\"line1\nline2\"\n", &[&["q"], &["line1\nline2"]]),
            // Windows-1252: 0x80 is the euro sign, 0xE9 is é.
            (
                b"caf\xE9;precio\n\x801,5;2\n",
                &[&["café", "precio"], &["€1,5", "2"]],
            ),
        ];
        for (bytes, want) in cases {
            let g = grid_from_csv(bytes).unwrap();
            let want: Vec<Vec<String>> = want
                .iter()
                .map(|r| r.iter().map(|s| s.to_string()).collect())
                .collect();
            assert_eq!(texts(&g), want, "{}", String::from_utf8_lossy(bytes));
        }
        // UTF-16 LE with BOM, tab-separated (Excel "Unicode text").
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "a\tb\r\n1\t2\r\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            texts(&grid_from_csv(&utf16).unwrap()),
            vec![vec!["a", "b"], vec!["1", "2"]]
        );
        assert!(grid_from_csv(b"").is_err());
    }

    #[test]
    fn sniffing_prefers_consistent_splits() {
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2,5;3\n4;5;6"), b';');
        assert_eq!(sniff_delimiter("a,b\n\"x;y\",2\n"), b',');
        assert_eq!(sniff_delimiter("just one column\n"), b',');
    }

    #[test]
    fn workbook_errors_are_values() {
        let e = grid_from_xlsx(b"not a workbook", None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
        let e = grid_from_bytes(b"PK\x03\x04garbage", None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Value);
    }
}
