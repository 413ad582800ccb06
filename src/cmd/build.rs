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
    // The PDF is typeset before the site is swapped in, so a report that cannot be
    // typeset leaves the previous site and PDF in place.
    let pdf = if project.config.pdf.enable && !diags.has_errors() {
        match crate::pdf::typeset(&project, &mut diags) {
            Some(pdf) => Some(pdf),
            None => {
                return Outcome::new(ExitStatus::Error, diags)
                    .note("error: the PDF could not be typeset; the build dir was left as it was");
            }
        }
    } else {
        None
    };
    let ok = !diags.has_errors() && site::build(&project, audience, &mut diags);
    if !ok {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: the site was not built; the build dir was left as it was");
    }
    let mut pdf_note = String::new();
    if let Some(pdf) = pdf {
        let path = super::pdf::default_path(&project);
        if let Err(err) = super::pdf::write(&path, &pdf.bytes) {
            return Outcome::new(ExitStatus::Error, diags)
                .note(format!("error: {}: cannot write: {err}", path.display()));
        }
        pdf_note = format!(" and the PDF ({} pages)", pdf.page_count);
    }
    let gaps = project.coverage.gap_count();
    let gaps = if gaps > 0 {
        let s = if gaps == 1 { "" } else { "s" };
        format!(" ({gaps} coverage gap{s}: run `esgbook check`)")
    } else {
        String::new()
    };
    let note = format!(
        "built {} sections{pdf_note} into {} in {} ms{gaps}",
        project.report.sections.len(),
        project.build_dir().display(),
        started.elapsed().as_millis(),
    );
    Outcome::new(ExitStatus::Success, diags).note(note)
}
