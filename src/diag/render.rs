//! The renderers of a diagnostic, in one place: the plain-text form for terminals, the JSON
//! form of `check --format json`, and GitHub Actions workflow commands.

use super::{Diagnostic, Severity};
use serde::Serialize;
use std::fmt::Write as _;

impl Severity {
    /// `error` or `warning`, as printed before the place.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl Diagnostic {
    /// The one-line form `error: FILE:LINE: message`, followed by an indented `help:` line.
    pub fn to_text(&self) -> String {
        let label = self.severity.label();
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

    /// A GitHub Actions workflow command (`::error file=…,line=…,title=…::message`); the
    /// title names the diagnostic's code so annotations can be looked up in docs/errors.md.
    pub fn to_github(&self) -> String {
        let mut props = Vec::new();
        if let Some(file) = &self.file {
            props.push(format!("file={}", github_escape_property(file)));
        }
        if let Some(line) = self.line {
            props.push(format!("line={line}"));
        }
        props.push(format!(
            "title={}",
            github_escape_property(&format!("esgbook {}", self.code.as_str()))
        ));
        format!(
            "::{} {}::{}",
            self.severity.label(),
            props.join(","),
            github_escape_data(&self.message_with_help())
        )
    }

    /// The message with the help appended after ` (help: …)`, for one-line renderings.
    fn message_with_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{} (help: {help})", self.message),
            None => self.message.clone(),
        }
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

/// The JSON shape of a diagnostic in `check --format json`:
/// `{"file", "line", "code", "message"}`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// File relative to the project root, or `null`.
    pub file: Option<&'a str>,
    /// 1-based line, or `null`.
    pub line: Option<usize>,
    /// The stable code of the diagnostic's class (a heading of docs/errors.md).
    pub code: &'static str,
    /// The message, with the help appended after ` (help: …)`.
    pub message: String,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            file: d.file.as_deref(),
            line: d.line,
            code: d.code.as_str(),
            message: d.message_with_help(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn text_form_has_place_and_help() {
        let d = Code::UnknownCode
            .error("content/a.md", Some(3), "unknown HKEX code `A9`")
            .with_help("did you mean `A1`?");
        assert_eq!(
            d.to_text(),
            "error: content/a.md:3: unknown HKEX code `A9`\n  help: did you mean `A1`?"
        );
    }

    #[test]
    fn github_form_escapes_properties_and_data_and_names_the_code() {
        let d = Code::UnknownKey.warning("a,b:c.md", Some(1), "50% done\nnext");
        assert_eq!(
            d.to_github(),
            "::warning file=a%2Cb%3Ac.md,line=1,title=esgbook unknown-key::50%25 done%0Anext"
        );
    }

    #[test]
    fn json_form_carries_the_code_and_the_help() {
        let d = Code::ConfigValue
            .error("book.toml", Some(2), "bad")
            .with_help("fix it");
        let json = serde_json::to_string(&JsonDiagnostic::from(&d)).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"file":"book.toml","line":2,"code":"config-value","message":"bad (help: fix it)"}"#
        );
    }
}
