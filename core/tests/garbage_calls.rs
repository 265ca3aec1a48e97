//! Arbitrary calls into the registry never panic and never return non-finite numbers: the stable
//! counterpart of the `call` fuzz target (core/fuzz), run on every `cargo test`.

use aism_core::{Cell, ErrorKind, Grid, call, catalog};

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        self.next() as f64 / (1u64 << 31) as f64
    }
}

fn atom(r: &mut Lcg) -> Cell {
    match r.below(14) {
        0 => Cell::Empty,
        1 => Cell::Number(0.0),
        2 => Cell::Number(-1.0),
        3 => Cell::Number(1e308),
        4 => Cell::Number(r.unit() * 1e6 - 5e5),
        5 => Cell::Text(String::new()),
        6 => Cell::Text("abc".into()),
        7 => Cell::Text("12%".into()),
        8 => Cell::Text("2024-02-30".into()),
        9 => Cell::Bool(r.below(2) == 0),
        10 => Cell::Error(ErrorKind::ALL[r.below(ErrorKind::ALL.len())]),
        11 => Cell::Number(45000.0 + r.below(1000) as f64),
        12 => Cell::Number(2.0),
        _ => Cell::Number(r.below(10) as f64),
    }
}

fn grid(r: &mut Lcg) -> Option<Grid> {
    match r.below(6) {
        0 => None,
        1 => Some(Grid::scalar(atom(r))),
        2 => {
            // A long, mostly numeric column with a seasonal shape.
            let n = r.below(400);
            let m = 2 + r.below(12);
            Some(Grid::column(
                (0..n)
                    .map(|i| {
                        if r.below(20) == 0 {
                            atom(r)
                        } else {
                            Cell::Number(100.0 + (i % m) as f64 * 10.0 + r.unit() * 5.0)
                        }
                    })
                    .collect(),
            ))
        }
        3 => {
            let n = r.below(30);
            Some(Grid::column(
                (0..n).map(|i| Cell::Number(45000.0 + i as f64)).collect(),
            ))
        }
        _ => {
            let h = r.below(12);
            let w = 1 + r.below(4);
            Some(Grid::from_rows(
                (0..h).map(|_| (0..w).map(|_| atom(r)).collect()).collect(),
            ))
        }
    }
}

#[test]
fn arbitrary_calls_never_panic() {
    let names: Vec<String> = catalog().iter().map(|f| f.excel_name()).collect();
    let mut r = Lcg(7);
    for i in 0..3000 {
        let name = &names[i % names.len()];
        let n = r.below(8);
        let args: Vec<Option<Grid>> = (0..n).map(|_| grid(&mut r)).collect();
        if let Ok(g) = call(name, args) {
            assert!(!g.is_empty(), "{name}: empty result");
            for row in g.rows() {
                for c in row {
                    if let Cell::Number(x) = c {
                        assert!(x.is_finite(), "{name}: non-finite number in the result");
                    }
                }
            }
        }
    }
}
