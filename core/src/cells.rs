//! What hosts hand over and get back: cells, grids and spreadsheet error values.
//!
//! A [`Cell`] is one value as Excel, Google Sheets or a CSV file holds it. A [`Grid`] is a
//! rectangular range of them, row-major. Spreadsheet errors are values ([`CellError`]), never
//! panics: every function of the registry returns `Result<Grid, CellError>`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A spreadsheet error kind, spelled as Excel and Google Sheets display it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorKind {
    /// `#VALUE!`: wrong type or unparseable input.
    #[serde(rename = "#VALUE!")]
    Value,
    /// `#NUM!`: numerically impossible (too few points, no variation, out of range).
    #[serde(rename = "#NUM!")]
    Num,
    /// `#N/A`: ranges of different length, or a value not available.
    #[serde(rename = "#N/A")]
    NotAvailable,
    /// `#DIV/0!`: division by zero.
    #[serde(rename = "#DIV/0!")]
    Div0,
    /// `#REF!`: invalid reference.
    #[serde(rename = "#REF!")]
    Ref,
    /// `#NAME?`: unknown function or name.
    #[serde(rename = "#NAME?")]
    Name,
    /// `#NULL!`: empty intersection.
    #[serde(rename = "#NULL!")]
    Null,
    /// `#SPILL!`: a result could not spill.
    #[serde(rename = "#SPILL!")]
    Spill,
    /// `#CALC!`: a calculation engine error (e.g. empty array result).
    #[serde(rename = "#CALC!")]
    Calc,
    /// `#GETTING_DATA`: a value still being computed.
    #[serde(rename = "#GETTING_DATA")]
    GettingData,
}

impl ErrorKind {
    /// Every kind, for parsing and tests.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Value,
        ErrorKind::Num,
        ErrorKind::NotAvailable,
        ErrorKind::Div0,
        ErrorKind::Ref,
        ErrorKind::Name,
        ErrorKind::Null,
        ErrorKind::Spill,
        ErrorKind::Calc,
        ErrorKind::GettingData,
    ];

    /// The text a spreadsheet shows, e.g. `#NUM!`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Value => "#VALUE!",
            ErrorKind::Num => "#NUM!",
            ErrorKind::NotAvailable => "#N/A",
            ErrorKind::Div0 => "#DIV/0!",
            ErrorKind::Ref => "#REF!",
            ErrorKind::Name => "#NAME?",
            ErrorKind::Null => "#NULL!",
            ErrorKind::Spill => "#SPILL!",
            ErrorKind::Calc => "#CALC!",
            ErrorKind::GettingData => "#GETTING_DATA",
        }
    }

    /// Parses a spreadsheet error text (case-insensitive, surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<ErrorKind> {
        let t = text.trim();
        ErrorKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(t))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A spreadsheet error value with a message that says what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    /// The error kind shown in the cell.
    #[serde(rename = "error")]
    pub kind: ErrorKind,
    /// What went wrong and what to change, in plain words.
    pub message: String,
}

impl CellError {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CellError {
            kind,
            message: message.into(),
        }
    }
    /// `#VALUE!`: wrong type or unparseable input.
    pub fn value(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Value, message)
    }
    /// `#NUM!`: numerically impossible.
    pub fn num(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Num, message)
    }
    /// `#N/A`: ranges of different length.
    pub fn na(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotAvailable, message)
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.message)
    }
}

impl std::error::Error for CellError {}

/// One cell as a host hands it over or receives it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// A blank cell (Excel passes `null` or `""` for it).
    #[default]
    Empty,
    /// A number; dates arrive as Excel serial numbers.
    Number(f64),
    /// A string.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An error value such as `#N/A`.
    Error(ErrorKind),
}

impl Cell {
    /// A number cell, or `#NUM!` when `x` is not finite (spreadsheets have no NaN or infinity).
    pub fn number(x: f64) -> Cell {
        if x.is_finite() {
            Cell::Number(x)
        } else {
            Cell::Error(ErrorKind::Num)
        }
    }
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }
    /// True for a blank cell or an empty string.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        Cell::number(x)
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}
impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// A rectangular range of cells, row-major. Ragged input is padded with blanks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    rows: Vec<Vec<Cell>>,
    width: usize,
}

impl Grid {
    /// A grid from rows; shorter rows are padded with [`Cell::Empty`].
    pub fn from_rows(mut rows: Vec<Vec<Cell>>) -> Grid {
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        for r in &mut rows {
            r.resize(width, Cell::Empty);
        }
        Grid { rows, width }
    }
    /// A one-column grid.
    pub fn column(cells: Vec<Cell>) -> Grid {
        Grid::from_rows(cells.into_iter().map(|c| vec![c]).collect())
    }
    /// A one-column grid of numbers (non-finite numbers become `#NUM!`).
    pub fn column_of_numbers(values: &[f64]) -> Grid {
        Grid::column(values.iter().copied().map(Cell::number).collect())
    }
    /// A single cell.
    pub fn scalar(cell: Cell) -> Grid {
        Grid::from_rows(vec![vec![cell]])
    }
    /// Number of rows.
    pub fn height(&self) -> usize {
        self.rows.len()
    }
    /// Number of columns.
    pub fn width(&self) -> usize {
        self.width
    }
    /// The rows.
    pub fn rows(&self) -> &[Vec<Cell>] {
        &self.rows
    }
    /// Consumes the grid into its rows.
    pub fn into_rows(self) -> Vec<Vec<Cell>> {
        self.rows
    }
    /// The cell at (`row`, `col`), zero-based.
    pub fn get(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row).and_then(|r| r.get(col))
    }
    /// True when the grid has no cells at all.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() || self.width == 0
    }
    /// Column `col` as a vector of cells.
    pub fn column_cells(&self, col: usize) -> Vec<Cell> {
        self.rows
            .iter()
            .map(|r| r.get(col).cloned().unwrap_or_default())
            .collect()
    }
    /// The cells of a row or column vector in order; `None` when the grid is 2-D (more than one
    /// row and more than one column).
    pub fn vector(&self) -> Option<Vec<&Cell>> {
        if self.width == 1 {
            Some(self.rows.iter().filter_map(|r| r.first()).collect())
        } else if self.rows.len() == 1 {
            Some(self.rows[0].iter().collect())
        } else if self.is_empty() {
            Some(Vec::new())
        } else {
            None
        }
    }
}

/// The A1 address of a zero-based (`row`, `col`) position, e.g. `(0, 27)` → `AB1`.
pub fn a1(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(4, 27), "AB5");
        assert_eq!(a1(0, 701), "ZZ1");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn error_kinds_round_trip() {
        for k in ErrorKind::ALL {
            assert_eq!(ErrorKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(ErrorKind::parse(" #n/a "), Some(ErrorKind::NotAvailable));
        assert_eq!(ErrorKind::parse("N/A"), None);
    }

    #[test]
    fn grid_vectors() {
        let row = Grid::from_rows(vec![vec![1.0.into(), 2.0.into()]]);
        assert_eq!(row.vector().map(|v| v.len()), Some(2));
        let col = Grid::column_of_numbers(&[1.0, f64::NAN]);
        assert_eq!(col.get(1, 0), Some(&Cell::Error(ErrorKind::Num)));
        let ragged = Grid::from_rows(vec![vec![1.0.into()], vec![1.0.into(), 2.0.into()]]);
        assert_eq!(ragged.width(), 2);
        assert!(ragged.vector().is_none());
    }
}
