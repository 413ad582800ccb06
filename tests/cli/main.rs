//! Integration tests through the real `esgbook` binary: one test binary, one module per
//! feature (ripgrep's layout).

mod commands;
mod errors;
mod exports;
mod gaps;
mod jlmag;
mod links;
mod pdf;
mod util;
