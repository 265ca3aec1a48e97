//! The course (SPEC §5): in-sheet exercises and their checker, run by the hosts (WASM) for
//! instant feedback and by the server (natively) authoritatively, on the same code.

pub mod content;
pub mod credential;
pub mod datasets;
pub mod exercise;
pub mod formula;
pub mod jcs;
