//! `esgbook export`: one framework's content index as JSON, CSV, Markdown or XLSX, to a
//! file (written whole or not at all) or to stdout.

use super::Outcome;
use crate::diag::Diagnostics;
use crate::export::{self, Format};
use crate::model::Framework;
use crate::{Editions, ExitStatus};
use std::path::Path;

/// Exports the `framework` index of the report in `dir`; with `pages`, each location
/// carries the page number it starts on in the PDF, which is typeset for that.
pub fn run(
    dir: &Path,
    framework: Framework,
    format: Format,
    output: Option<&Path>,
    pages: bool,
    lang: Option<&str>,
) -> Outcome {
    let mut diags = Diagnostics::new();
    if format == Format::Xlsx && output.is_none() {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: an xlsx export needs a file: add `-o index.xlsx`");
    }
    if let Some(note) = output.and_then(|path| extension_mismatch(path, format)) {
        return Outcome::new(ExitStatus::Error, diags).note(note);
    }
    let project = if pages {
        match super::pdf::typeset(dir, lang) {
            Ok((mut project, pdf, typeset_diags)) => {
                crate::pdf::set_pages(&mut project.coverage, &project.report.sections, &pdf);
                diags = typeset_diags;
                project
            }
            Err(outcome) => return outcome,
        }
    } else {
        let Some(editions) = Editions::load(dir, &mut diags) else {
            return Outcome::new(ExitStatus::Error, diags);
        };
        match editions.edition(lang, &mut diags) {
            Some(project) => project.clone(),
            None => return Outcome::new(ExitStatus::Error, diags),
        }
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
    deliver(
        output,
        bytes,
        diags,
        &format!("{} rows", document.rows.len()),
    )
}

/// Writes the export to `output` (whole or not at all) or hands it to stdout; `what` says
/// how much was written.
fn deliver(output: Option<&Path>, bytes: Vec<u8>, diags: Diagnostics, what: &str) -> Outcome {
    match output {
        Some(path) => match crate::atomic::write(path, &bytes) {
            Ok(()) => Outcome::new(ExitStatus::Success, diags)
                .note(format!("wrote {} ({what})", path.display())),
            Err(err) => Outcome::new(ExitStatus::Error, diags)
                .note(format!("error: {}: cannot write: {err}", path.display())),
        },
        None => Outcome::new(ExitStatus::Success, diags).with_stdout(bytes),
    }
}

/// `-o out.xlsx` with `--format csv` would write CSV text into a file Excel refuses to open:
/// an output named for another export format is refused (other extensions are the user's
/// choice).
fn extension_mismatch(path: &Path, format: Format) -> Option<String> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    let named = match extension.as_str() {
        "json" => Format::Json,
        "csv" => Format::Csv,
        "md" | "markdown" => Format::Md,
        "xlsx" => Format::Xlsx,
        _ => return None,
    };
    (named != format).then(|| {
        format!(
            "error: {}: the file is named for {} but --format is {}\n  help: use --format {} or name the file {}",
            path.display(),
            format_name(named),
            format_name(format),
            format_name(named),
            path.with_extension(format_name(format)).display()
        )
    })
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Md => "md",
        Format::Xlsx => "xlsx",
    }
}

/// Exports the key performance data of the report in `dir` (`export --data`).
pub fn run_data(dir: &Path, format: Format, output: Option<&Path>) -> Outcome {
    let mut diags = Diagnostics::new();
    if format == Format::Xlsx && output.is_none() {
        return Outcome::new(ExitStatus::Error, diags)
            .note("error: an xlsx export needs a file: add `-o data.xlsx`");
    }
    if let Some(note) = output.and_then(|path| extension_mismatch(path, format)) {
        return Outcome::new(ExitStatus::Error, diags).note(note);
    }
    let Some(editions) = Editions::load(dir, &mut diags) else {
        return Outcome::new(ExitStatus::Error, diags);
    };
    if diags.has_errors() {
        return Outcome::new(ExitStatus::Error, diags);
    }
    let data = &editions.primary().report.data;
    if data.is_empty() {
        return Outcome::new(ExitStatus::Error, diags).note(format!(
            "error: {}: there is no key performance data to export",
            crate::data::METRICS_FILE
        ));
    }
    let bytes = match export::data::render(&editions.primary().config.book.title, data, format) {
        Ok(bytes) => bytes,
        Err(err) => return Outcome::new(ExitStatus::Error, diags).note(format!("error: {err}")),
    };
    deliver(
        output,
        bytes,
        diags,
        &format!("{} values", data.values.len()),
    )
}
