//! `esgbook check`: the pre-publication gate. The report goes to stdout in the chosen
//! format; diagnostics to stderr (GitHub annotations carry them on stdout instead).

use super::Outcome;
use crate::Project;
use crate::check::{self, Format};
use crate::diag::Diagnostics;
use std::path::Path;

/// Checks the report in `dir`.
pub fn run(dir: &Path, format: Format) -> Outcome {
    let mut diags = Diagnostics::new();
    let project = Project::load(dir, &mut diags);
    let report = check::render(project.as_ref(), &diags, format);
    let status = check::exit_status(project.as_ref(), &diags);
    let shown = if format == Format::Github {
        Diagnostics::new()
    } else {
        diags
    };
    Outcome::new(status, shown).with_stdout(report.into_bytes())
}
