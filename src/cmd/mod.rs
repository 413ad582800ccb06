//! The commands, one module each. A command takes its already-parsed arguments, runs the
//! pipeline and returns an [`Outcome`]: what to print and the exit status. It prints
//! nothing itself (except `serve`, which runs until stopped), so `main.rs` stays a
//! dispatcher and the commands can be called from tests.

pub mod build;
pub mod check;
pub mod export;
pub mod frameworks;
pub mod init;
pub mod pdf;

use crate::ExitStatus;
use crate::diag::Diagnostics;

/// What a finished command leaves for `main` to print, and how it ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Problems found, printed to stderr as `error: FILE:LINE: …` (errors first).
    pub diagnostics: Diagnostics,
    /// The command's output (a report, an export), printed to stdout.
    pub stdout: Vec<u8>,
    /// Status lines printed to stderr after the diagnostics (`built 23 sections …`).
    pub notes: Vec<String>,
    /// The exit status.
    pub status: ExitStatus,
}

impl Outcome {
    /// An outcome that ended with `status`, after `diagnostics`.
    pub fn new(status: ExitStatus, diagnostics: Diagnostics) -> Outcome {
        Outcome {
            diagnostics,
            status,
            ..Outcome::default()
        }
    }

    /// Adds a status line.
    pub fn note(mut self, note: impl Into<String>) -> Outcome {
        self.notes.push(note.into());
        self
    }

    /// Sets the standard output.
    pub fn with_stdout(mut self, bytes: Vec<u8>) -> Outcome {
        self.stdout = bytes;
        self
    }
}
