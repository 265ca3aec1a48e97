//! Fuzz target: arbitrary calls into the function registry (any function, any arguments) must
//! return a value or a spreadsheet error, never panic. Bytes are decoded into a function choice
//! and a list of arguments (omitted, scalars, ranges of mixed cells).
#![no_main]

use aism_core::{Cell, ErrorKind, Grid, call, catalog};
use libfuzzer_sys::fuzz_target;

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn f64(&mut self) -> f64 {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.byte();
        }
        f64::from_le_bytes(b)
    }
    fn text(&mut self) -> String {
        let n = (self.byte() % 24) as usize;
        let take = n.min(self.0.len());
        let (s, rest) = self.0.split_at(take);
        self.0 = rest;
        String::from_utf8_lossy(s).into_owned()
    }
    fn cell(&mut self) -> Cell {
        match self.byte() % 8 {
            0 => Cell::Empty,
            1 => Cell::Number(self.f64()),
            2 => Cell::Text(self.text()),
            3 => Cell::Bool(self.byte() & 1 == 1),
            4 => Cell::Error(ErrorKind::ALL[(self.byte() as usize) % ErrorKind::ALL.len()]),
            5 => Cell::Number(f64::from(self.byte()) - 10.0),
            _ => Cell::Number(45000.0 + f64::from(self.byte())),
        }
    }
    fn arg(&mut self) -> Option<Grid> {
        match self.byte() % 4 {
            0 => None,
            1 => Some(Grid::scalar(self.cell())),
            _ => {
                let h = (self.byte() as usize) % 64;
                let w = 1 + (self.byte() as usize) % 3;
                Some(Grid::from_rows(
                    (0..h)
                        .map(|_| (0..w).map(|_| self.cell()).collect())
                        .collect(),
                ))
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let functions = catalog();
    let mut b = Bytes(data);
    let f = functions[(b.byte() as usize) % functions.len()];
    let n = (b.byte() % 8) as usize;
    let args = (0..n).map(|_| b.arg()).collect();
    let _ = call(f.name, args);
});
