//! The `addin-server` command line.
fn main() {}
