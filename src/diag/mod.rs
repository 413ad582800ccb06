//! Diagnostics: every problem esgbook finds in a report, with the file and line it comes from.
//!
//! Stages never stop at the first problem. Each one pushes [`Diagnostic`]s into a
//! [`Diagnostics`] list and carries on, so a writer sees every mistake in one run. The list is
//! then rendered as plain text (`error: FILE:LINE: message`), JSON, or GitHub Actions
//! annotations; the renderers all read the same model.

mod code;
mod render;
mod suggest;

pub use code::Code;
pub use render::JsonDiagnostic;
use serde::Serialize;
pub use suggest::{KeySet, closest, did_you_mean};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Bad input: the command exits with status 2.
    Error,
    /// Worth fixing, but the run goes on and the exit status is unaffected.
    Warning,
}

/// One problem, pointing at a file (relative to the project root) and a 1-based line.
/// Made by [`Code::error`] or [`Code::warning`], so that every diagnostic has a class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root, with `/` separators; `None` for problems
    /// that belong to no file (a bad command-line value, say).
    pub file: Option<String>,
    /// 1-based line in `file`; `None` when the whole file is meant.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do about it, when we know.
    pub help: Option<String>,
    /// The class of the problem (stable; documented in docs/errors.md).
    pub code: Code,
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `FILE:LINE` (or `FILE`, or nothing), as printed before the message.
    pub fn place(&self) -> String {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            (None, _) => String::new(),
        }
    }
}

/// True when `ESGBOOK_TIMINGS` is set: stages print how long they took.
pub fn timings() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("ESGBOOK_TIMINGS").is_some())
}

/// Prints how long a stage took, to stderr, when `ESGBOOK_TIMINGS` is set (for profiling
/// builds; Zola's `log_time`).
pub fn log_time(stage: &str, since: std::time::Instant) {
    if timings() {
        eprintln!(
            "timing: {stage}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Every diagnostic of a run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Moves every diagnostic of `other` into this list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when at least one error was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// All errors, sorted by file and line so output is stable.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.sorted(Severity::Error)
    }

    /// All warnings, sorted by file and line.
    pub fn warnings(&self) -> Vec<&Diagnostic> {
        self.sorted(Severity::Warning)
    }

    /// Every diagnostic: errors first, each group sorted by file and line.
    pub fn all(&self) -> Vec<&Diagnostic> {
        let mut all = self.errors();
        all.extend(self.warnings());
        all
    }

    fn sorted(&self, severity: Severity) -> Vec<&Diagnostic> {
        let mut list: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| d.severity == severity)
            .collect();
        // Stable sort: diagnostics of one line keep the order they were found in.
        list.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        list.dedup();
        list
    }

    /// Number of diagnostics recorded.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_sorted_by_place() {
        let mut list = Diagnostics::new();
        list.push(Code::UnknownCode.error("b.md", Some(1), "x"));
        list.push(Code::UnknownCode.error("a.md", Some(9), "y"));
        list.push(Code::DuplicateTag.warning("a.md", Some(1), "z"));
        let places: Vec<String> = list.errors().iter().map(|d| d.place()).collect();
        assert_eq!(places, ["a.md:9", "b.md:1"]);
        assert!(list.has_errors());
        assert_eq!(list.warnings().len(), 1);
    }
}
