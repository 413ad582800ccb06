//! `esgbook init [DIR]`: scaffold a small report that builds at once.

use super::Outcome;
use crate::ExitStatus;
use crate::diag::Diagnostics;
use crate::init::{self, Scaffolded};
use std::path::Path;

/// Writes the scaffold into `dir`, or refuses, writing nothing, when a file would be
/// overwritten.
pub fn run(dir: &Path) -> Outcome {
    let shown = dir.display();
    match init::scaffold(dir) {
        Scaffolded::Refused(existing) => {
            let mut outcome = Outcome::new(ExitStatus::Error, Diagnostics::new()).note(format!(
                "error: {shown}: not creating a report here; these files already exist:"
            ));
            for path in existing {
                outcome = outcome.note(format!("  {path}"));
            }
            outcome.note(
                "help: run `esgbook init NEW-FOLDER`, or move the files away first (nothing was written)",
            )
        }
        Scaffolded::Failed(path, err) => Outcome::new(ExitStatus::Error, Diagnostics::new())
            .note(format!("error: {}: cannot write: {err}", path.display())),
        Scaffolded::Created(sections) => Outcome::new(ExitStatus::Success, Diagnostics::new())
            .note(format!(
                "created a report in {shown}: book.toml, content/ ({sections} sections) and data/"
            ))
            .note("next:")
            .note(format!(
                "  esgbook serve {shown}    preview it at http://127.0.0.1:3000/ while you write"
            ))
            .note(format!(
                "  esgbook check {shown}    see the coverage gate: one HKEX item (B8.2) is left for you to close"
            )),
    }
}
