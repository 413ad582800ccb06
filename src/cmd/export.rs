//! `esgbook export`: one framework's content index as JSON, CSV, Markdown or XLSX, to a
//! file (written whole or not at all) or to stdout.

use super::Outcome;
use crate::diag::Diagnostics;
use crate::export::{self, Format};
use crate::model::Framework;
use crate::{ExitStatus, Project};
use std::path::Path;

/// Exports the `framework` index of the report in `dir`; with `pages`, each location
/// carries the page number it starts on in the PDF, which is typeset for that.
pub fn run(
    dir: &Path,
    framework: Framework,
    format: Format,
    output: Option<&Path>,
    pages: bool,
) -> Outcome {
    let mut diags = Diagnostics::new();
    if format == Format::Xlsx && output.is_none() {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: an xlsx export needs a file: add `-o index.xlsx`");
    }
    let project = if pages {
        match super::pdf::typeset(dir, None) {
            Ok((mut project, pdf, typeset_diags)) => {
                crate::pdf::set_pages(&mut project.coverage, &pdf.pages);
                diags = typeset_diags;
                project
            }
            Err(outcome) => return outcome,
        }
    } else {
        let Some(project) = Project::load(dir, &mut diags) else {
            return Outcome::new(ExitStatus::Error, diags);
        };
        project
    };
    let Some(index) = project.index_or_error(framework, &mut diags) else {
        return Outcome::new(ExitStatus::Error, diags);
    };
    if diags.has_errors() {
        return Outcome::new(ExitStatus::Error, diags);
    }
    let document = export::document(&project, index);
    let bytes = match export::render(&document, format) {
        Ok(bytes) => bytes,
        Err(err) => {
            return Outcome::new(ExitStatus::Error, diags)
                .note(format!("error: cannot create the workbook: {err}"));
        }
    };
    match output {
        Some(path) => match export::write_atomically(path, &bytes) {
            Ok(()) => Outcome::new(ExitStatus::Success, diags).note(format!(
                "wrote {} ({} rows)",
                path.display(),
                document.rows.len()
            )),
            Err(err) => Outcome::new(ExitStatus::Error, diags)
                .note(format!("error: {}: cannot write: {err}", path.display())),
        },
        None => Outcome::new(ExitStatus::Success, diags).with_stdout(bytes),
    }
}
