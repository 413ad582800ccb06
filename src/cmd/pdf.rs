//! `esgbook pdf`: the print edition, typeset and written whole or not at all.

use super::Outcome;
use crate::atomic::write as write_atomically;
use crate::diag::Diagnostics;
use crate::{Editions, ExitStatus, Project, pdf};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Loads the report in `dir` and typesets it; `lang` must name the report's edition.
/// Returns the project and its PDF, or the outcome to print when either fails.
pub fn typeset(
    dir: &Path,
    lang: Option<&str>,
) -> Result<(Project, pdf::Pdf, Diagnostics), Outcome> {
    let mut diags = Diagnostics::new();
    let Some(editions) = Editions::load(dir, &mut diags) else {
        return Err(Outcome::new(ExitStatus::Error, diags));
    };
    let project = editions.edition(lang, &mut diags).cloned();
    let Some(project) = project.filter(|_| !diags.has_errors()) else {
        return Err(Outcome::new(ExitStatus::Error, diags)
            .note("error: the PDF was not written; fix the errors above"));
    };
    match pdf::typeset(&project, &mut diags) {
        Some(pdf) if !diags.has_errors() => Ok((project, pdf, diags)),
        _ => Err(Outcome::new(ExitStatus::Error, diags)
            .note("error: the PDF was not written; an earlier PDF was left as it was")),
    }
}

/// The PDF's default path: the `[output.pdf] file` name in the edition's site folder
/// (the build dir for the primary edition, `<build-dir>/zh-hk/` for another).
pub fn default_path(project: &Project) -> PathBuf {
    project
        .build_dir()
        .join(project.edition_prefix())
        .join(project.config.pdf.file_name())
}

/// Writes `bytes` to `path` (creating its folder), through a temporary file and a rename.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    write_atomically(path, bytes)
}

/// Typesets the report in `dir` into `output` (default: the build dir).
pub fn run(dir: &Path, output: Option<&Path>, lang: Option<&str>) -> Outcome {
    let started = Instant::now();
    let (project, pdf, diags) = match typeset(dir, lang) {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    let path = output.map_or_else(|| default_path(&project), Path::to_path_buf);
    match write(&path, &pdf.bytes) {
        Ok(()) => Outcome::new(ExitStatus::Success, diags).note(format!(
            "wrote {} ({} pages) in {} ms",
            path.display(),
            pdf.page_count,
            started.elapsed().as_millis()
        )),
        Err(err) => Outcome::new(ExitStatus::Error, diags)
            .note(format!("error: {}: cannot write: {err}", path.display())),
    }
}
