//! The slow lane (`cargo test --test slow`; plain `cargo test` neither builds nor runs it):
//! tests that take long or depend on timing — SIGKILLs during a build, the `serve` preview
//! server's watcher and rebuilds, and the full fuzz-corpus replay. `.ci/run` runs it after
//! the fast lane (`tests/cli/`).

// The fast lane's helpers and the fuzz targets' invariants; each lane uses part of them.
#[allow(dead_code)]
#[path = "../cli/util.rs"]
mod util;

#[path = "../../fuzz/src/harness.rs"]
mod harness;

mod corpus;
mod kill;
mod serve;
