//! `esgbook build`: load, refuse on any input error, render the site and swap it in.

use super::Outcome;
use crate::diag::Diagnostics;
use crate::{ExitStatus, Project, site};
use std::path::Path;
use std::time::Instant;

/// Builds the site of the report in `dir`.
pub fn run(dir: &Path) -> Outcome {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(project) = Project::load(dir, &mut diags) else {
        return Outcome::new(ExitStatus::Error, diags);
    };
    let ok = !diags.has_errors() && site::build(&project, &mut diags);
    if !ok {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: the site was not built; the build dir was left as it was");
    }
    let gaps = project.coverage.gap_count();
    let gaps = if gaps > 0 {
        format!(" ({gaps} coverage gaps: run `esgbook check`)")
    } else {
        String::new()
    };
    let note = format!(
        "built {} sections into {} in {} ms{gaps}",
        project.report.sections.len(),
        project.build_dir().display(),
        started.elapsed().as_millis(),
    );
    Outcome::new(ExitStatus::Success, diags).note(note)
}
