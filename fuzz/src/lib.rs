//! Fuzzing harness for esgbook: the checks live in `harness.rs`, shared with the property
//! tests in `tests/cli/robustness.rs`.

mod harness;

pub use harness::*;
