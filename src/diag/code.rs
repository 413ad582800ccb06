//! The stable code of each class of diagnostic. A code names a kind of mistake, not one
//! message: `unknown-code` covers a typo, a trailing dot and a code from another edition.
//! Each code is a heading of docs/errors.md, which says what it means and what to do; the
//! codes appear in `check --format json` (`"code"`) and in GitHub annotations (`title`), so
//! scripts may match on them. Renaming one is a breaking change.

use super::{Diagnostic, Severity};
use serde::Serialize;

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// A diagnostic class; see the module documentation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Code {
            $($(#[$doc])* #[serde(rename = $text)] $variant,)*
        }

        impl Code {
            /// Every code, in the order of docs/errors.md.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed and documented (`unknown-code`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    // book.toml
    /// book.toml is missing or unreadable.
    ConfigUnreadable = "config-unreadable",
    /// book.toml is not valid TOML.
    TomlSyntax = "toml-syntax",
    /// A book.toml value has the wrong type or an unknown value.
    ConfigValue = "config-value",
    /// A key esgbook does not know, in `[esg]` or in front matter.
    UnknownKey = "unknown-key",
    /// An unknown catalog edition in book.toml.
    UnknownEdition = "unknown-edition",
    /// The configured edition does not fit the report's period or publication date.
    EditionPeriod = "edition-period",
    /// A material topic that is unknown, missing or not needed.
    MaterialTopic = "material-topic",
    /// The build dir would overwrite the sources.
    BuildDirRefused = "build-dir-refused",
    // Files
    /// A file is not UTF-8 text.
    NotUtf8 = "not-utf8",
    /// A file or folder cannot be read.
    Unreadable = "unreadable",
    /// A section file is empty.
    EmptySection = "empty-section",
    // SUMMARY.md
    /// SUMMARY.md is missing.
    SummaryMissing = "summary-missing",
    /// A SUMMARY.md line that is not a heading, a chapter link or a separator.
    SummarySyntax = "summary-syntax",
    /// A SUMMARY.md link that cannot be a section file.
    SummaryTarget = "summary-target",
    /// A section listed twice in SUMMARY.md.
    SummaryDuplicate = "summary-duplicate",
    /// A section file SUMMARY.md lists does not exist.
    MissingSection = "missing-section",
    /// A Markdown file SUMMARY.md does not list.
    UnlistedFile = "unlisted-file",
    // Front matter
    /// The front matter is not valid YAML, or not closed, or TOML.
    FrontMatterSyntax = "front-matter-syntax",
    /// A code no catalog edition configured knows.
    UnknownCode = "unknown-code",
    /// The same code twice in one section.
    DuplicateTag = "duplicate-tag",
    /// Codes of a framework book.toml does not configure.
    FrameworkNotConfigured = "framework-not-configured",
    /// A tagged item superseded for the report's publication date.
    SupersededItem = "superseded-item",
    // Omissions
    /// An item that may not be omitted.
    OmissionNotPermitted = "omission-not-permitted",
    /// A reason for omission that is missing or unknown.
    OmissionReason = "omission-reason",
    /// An omission without an explanation.
    OmissionExplanation = "omission-explanation",
    /// An omission that is ignored (a second entry, or the item is addressed).
    OmissionIgnored = "omission-ignored",
    // Links
    /// A link to a file that is not in the report.
    BrokenLink = "broken-link",
    /// A link to a heading or index row that does not exist.
    BrokenAnchor = "broken-anchor",
    // Site
    /// A template does not compile or render.
    Template = "template",
    /// An output file cannot be written.
    WriteFailed = "write-failed",
    // PDF
    /// The PDF could not be typeset, or its layout did not settle.
    PdfLayout = "pdf-layout",
    /// The report has Chinese text and no font has Chinese characters.
    PdfFont = "pdf-font",
    // Coverage
    /// No framework is configured.
    NoFramework = "no-framework",
    /// A required item that no section addresses and no omission excuses.
    Gap = "gap",
}

impl Code {
    /// An error of this class at `file:line` (the file relative to the project root; no
    /// line when the whole file is meant).
    pub fn error(
        self,
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.into()),
            line,
            message: message.into(),
            help: None,
            code: self,
        }
    }

    /// A warning of this class at `file:line`.
    pub fn warning(
        self,
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..self.error(file, line, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()),
                "{text}"
            );
        }
    }
}
