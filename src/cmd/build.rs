//! `esgbook build`: load, refuse on any input error, render the site and swap it in.

use super::Outcome;
use crate::diag::Diagnostics;
use crate::site::{self, Audience};
use crate::{ExitStatus, Project};
use std::path::Path;
use std::time::Instant;

/// Builds the site of the report in `dir`, for `audience` (the publication, or the review
/// build with the reviewers' material).
pub fn run(dir: &Path, audience: Audience) -> Outcome {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(project) = Project::load(dir, &mut diags) else {
        return Outcome::new(ExitStatus::Error, diags);
    };
    let ok = !diags.has_errors() && site::build(&project, audience, &mut diags);
    if !ok {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: the site was not built; the build dir was left as it was");
    }
    let gaps = project.coverage.gap_count();
    let gaps = if gaps > 0 {
        let s = if gaps == 1 { "" } else { "s" };
        format!(" ({gaps} coverage gap{s}: run `esgbook check`)")
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
