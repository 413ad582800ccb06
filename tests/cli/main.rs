//! The fast lane: integration tests through the real `esgbook` binary, in one test binary
//! with one module per feature (ripgrep's layout) and one shared helper module (`util`).
//! The slow lane (kill, serve, full corpus replay) is `tests/slow/`, run with
//! `cargo test --test slow`.

// The fuzz targets' invariants, shared with `fuzz/` so proptest and libFuzzer check the same.
#[path = "../../fuzz/src/harness.rs"]
mod harness;

mod bad_input;
mod commands;
mod data;
mod editions;
mod errors;
mod exports;
mod gaps;
mod injection;
mod jlmag;
mod links;
mod pdf;
mod publish;
mod regression;
mod robustness;
mod rules;
mod site;
mod snapshots;
mod util;
