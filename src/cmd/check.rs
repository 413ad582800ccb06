//! `esgbook check`: the pre-publication gate. The report goes to stdout in the chosen
//! format; diagnostics to stderr (GitHub annotations carry them on stdout instead).

use super::Outcome;
use crate::Editions;
use crate::check::{self, Format};
use crate::diag::Diagnostics;
use std::path::Path;

/// Checks the report in `dir`: every edition loads, the editions agree, and the primary's
/// coverage (which every edition shares, since translations take its tags) has no gaps.
pub fn run(dir: &Path, format: Format) -> Outcome {
    let mut diags = Diagnostics::new();
    let editions = Editions::load(dir, &mut diags);
    let project = editions.as_ref().map(Editions::primary);
    let report = check::render(project, &diags, format);
    let status = check::exit_status(project, &diags);
    let shown = if format == Format::Github {
        Diagnostics::new()
    } else {
        diags
    };
    Outcome::new(status, shown).with_stdout(report.into_bytes())
}
