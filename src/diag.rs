//! Diagnostics: every problem esgbook finds in a report, with the file and line it comes from.
//!
//! Stages never stop at the first problem. Each one pushes [`Diagnostic`]s into a
//! [`Diagnostics`] list and carries on, so a writer sees every mistake in one run. The list is
//! then rendered as plain text (`error: FILE:LINE: message`), JSON, or GitHub Actions
//! annotations; the renderers all read the same model.

use serde::Serialize;
use std::fmt::Write as _;

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
}

impl Diagnostic {
    /// An error at `file:line`.
    pub fn error(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `file:line`.
    pub fn warning(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

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

    /// The one-line form `error: FILE:LINE: message`, followed by an indented `help:` line.
    pub fn to_text(&self) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = self.place();
        let mut out = if place.is_empty() {
            format!("{label}: {}", self.message)
        } else {
            format!("{label}: {place}: {}", self.message)
        };
        if let Some(help) = &self.help {
            let _ = write!(out, "\n  help: {help}");
        }
        out
    }

    /// A GitHub Actions workflow command (`::error file=…,line=…::message`).
    pub fn to_github(&self) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let Some(file) = &self.file {
            props.push(format!("file={}", github_escape_property(file)));
        }
        if let Some(line) = self.line {
            props.push(format!("line={line}"));
        }
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str(" (help: ");
            message.push_str(help);
            message.push(')');
        }
        format!(
            "::{label} {}::{}",
            props.join(","),
            github_escape_data(&message)
        )
    }
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`.
fn github_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn github_escape_property(s: &str) -> String {
    github_escape_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// The JSON shape of a diagnostic in `check --format json`: `{"file", "line", "message"}`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// File relative to the project root, or `null`.
    pub file: Option<&'a str>,
    /// 1-based line, or `null`.
    pub line: Option<usize>,
    /// The message, with the help appended after ` (help: …)`.
    pub message: String,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        let message = match &d.help {
            Some(help) => format!("{} (help: {help})", d.message),
            None => d.message.clone(),
        };
        JsonDiagnostic {
            file: d.file.as_deref(),
            line: d.line,
            message,
        }
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

/// Finds the known names closest to `unknown`, best first, for "did you mean" hints.
///
/// Case is ignored. A candidate qualifies when its edit distance is small relative to the
/// length of the input, or when one contains the other (`A11` vs `A1.1`).
pub fn closest<'a, I>(unknown: &str, candidates: I, limit: usize) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = unknown.to_ascii_uppercase();
    let max_distance = (needle.chars().count() / 3).clamp(1, 3);
    let mut scored: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let upper = candidate.to_ascii_uppercase();
            let distance = strsim::osa_distance(&needle, &upper);
            let squashed =
                upper.replace(['.', '-', ' '], "") == needle.replace(['.', '-', ' '], "");
            if squashed {
                Some((0, candidate))
            } else if distance <= max_distance {
                Some((distance, candidate))
            } else {
                None
            }
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.len().cmp(&b.1.len())));
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b` or `c`?", or `None` when nothing is close.
pub fn did_you_mean<'a, I>(unknown: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let close = closest(unknown, candidates, 3);
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|c| format!("`{c}`")).collect();
            Some(format!("did you mean {} or `{last}`?", init.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_has_place_and_help() {
        let d = Diagnostic::error("content/a.md", Some(3), "unknown HKEX code `A9`")
            .with_help("did you mean `A1`?");
        assert_eq!(
            d.to_text(),
            "error: content/a.md:3: unknown HKEX code `A9`\n  help: did you mean `A1`?"
        );
    }

    #[test]
    fn github_form_escapes_properties_and_data() {
        let d = Diagnostic::warning("a,b:c.md", Some(1), "50% done\nnext");
        assert_eq!(
            d.to_github(),
            "::warning file=a%2Cb%3Ac.md,line=1::50%25 done%0Anext"
        );
    }

    #[test]
    fn closest_prefers_small_edits_and_squashed_matches() {
        let ids = ["A1", "A1.1", "A1.2", "B1.1", "MDR-GOV"];
        assert_eq!(closest("A11", ids, 3)[0], "A1.1");
        assert_eq!(closest("mdr-gv", ids, 3), vec!["MDR-GOV"]);
        assert!(closest("ZZZZZZ", ids, 3).is_empty());
    }

    #[test]
    fn errors_are_sorted_by_place() {
        let mut list = Diagnostics::new();
        list.push(Diagnostic::error("b.md", Some(1), "x"));
        list.push(Diagnostic::error("a.md", Some(9), "y"));
        list.push(Diagnostic::warning("a.md", Some(1), "z"));
        let places: Vec<String> = list.errors().iter().map(|d| d.place()).collect();
        assert_eq!(places, ["a.md:9", "b.md:1"]);
        assert!(list.has_errors());
        assert_eq!(list.warnings().len(), 1);
    }
}
