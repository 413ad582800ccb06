//! `esgbook build`: load, refuse on any input error, render the site and swap it in.

use super::Outcome;
use crate::diag::Diagnostics;
use crate::site::{self, Audience};
use crate::{Editions, ExitStatus};
use std::path::Path;
use std::time::Instant;

/// Builds the site of the report in `dir`, for `audience` (the publication, or the review
/// build with the reviewers' material).
pub fn run(dir: &Path, audience: Audience) -> Outcome {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let Some(editions) = Editions::load(dir, &mut diags) else {
        return Outcome::new(ExitStatus::Error, diags);
    };
    let project = editions.primary();
    // The PDF is typeset before the site is swapped in, so a report that cannot be
    // typeset leaves the previous site and PDF in place.
    let mut pdfs = Vec::new();
    if project.config.pdf.enable && !diags.has_errors() {
        for edition in &editions.projects {
            match crate::pdf::typeset(edition, &mut diags) {
                Some(pdf) => pdfs.push((super::pdf::default_path(edition), pdf)),
                None => {
                    return Outcome::new(ExitStatus::Error, diags).note(
                        "error: the PDF could not be typeset; the build dir was left as it was",
                    );
                }
            }
        }
    }
    let ok = !diags.has_errors() && site::build(&editions.projects, audience, &mut diags);
    if !ok {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: the site was not built; the build dir was left as it was");
    }
    let mut pdf_note = String::new();
    for (path, pdf) in &pdfs {
        if let Err(err) = super::pdf::write(path, &pdf.bytes) {
            return Outcome::new(ExitStatus::Error, diags)
                .note(format!("error: {}: cannot write: {err}", path.display()));
        }
    }
    if let Some((_, pdf)) = pdfs.first() {
        pdf_note = match pdfs.len() {
            1 => format!(" and the PDF ({} pages)", pdf.page_count),
            n => format!(" and {n} PDFs"),
        };
    }
    let editions_note = match editions.projects.len() {
        1 => String::new(),
        n => format!(" in {n} editions"),
    };
    let gaps = project.coverage.gap_count();
    let gaps = if gaps > 0 {
        let s = if gaps == 1 { "" } else { "s" };
        format!(" ({gaps} coverage gap{s}: run `esgbook check`)")
    } else {
        String::new()
    };
    let note = format!(
        "built {} sections{editions_note}{pdf_note} into {} in {} ms{gaps}",
        project.report.sections.len(),
        project.build_dir().display(),
        started.elapsed().as_millis(),
    );
    Outcome::new(ExitStatus::Success, diags).note(note)
}
