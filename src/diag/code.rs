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
    /// The configured edition is out of force for the report's year or publication date.
    EditionSuperseded = "edition-superseded",
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
    /// A tag on a standard issued after the report's publication date.
    StandardNotPublished = "standard-not-published",
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
    // Editions (languages)
    /// A section missing from, extra in, or out of order in a translation.
    TranslationSections = "translation-sections",
    /// A translation's tags, omissions or heading tags differ from the primary edition's.
    TranslationTags = "translation-tags",
    /// An explicit heading id or link target in one edition and not another.
    TranslationLinks = "translation-links",
    /// A translation shows other key performance data than the primary edition.
    TranslationKpi = "translation-kpi",
    /// A translation older than its primary section, or without `translated-from`.
    TranslationStale = "translation-stale",
    // Key performance data (data/)
    /// data/metrics.yaml or a data CSV that cannot be read: bad YAML, a missing column, a
    /// number that is not one, a bad directive.
    DataSyntax = "data-syntax",
    /// A metric, dimension or unit metrics.yaml does not declare.
    DataUnknown = "data-unknown",
    /// A value for a period after the report's.
    DataPeriod = "data-period",
    /// The same metric, period and dimensions on two rows.
    DataDuplicate = "data-duplicate",
    /// A breakdown or `sum:` metric that does not add up.
    DataSum = "data-sum",
    /// A `ratio:` metric that is not its numerator over its denominator.
    DataRatio = "data-ratio",
    /// A percentage outside 0–100, or a negative count.
    DataRange = "data-range",
    /// A year-on-year change over 50 % with no note.
    DataChange = "data-change",
    /// A tagged metric with no value for the report's period.
    DataMissing = "data-missing",
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
        self.diagnostic(Severity::Error, file.into(), line, message.into())
    }

    /// A warning of this class at `file:line`.
    pub fn warning(
        self,
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.diagnostic(Severity::Warning, file.into(), line, message.into())
    }

    fn diagnostic(
        self,
        severity: Severity,
        file: String,
        line: Option<usize>,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: Some(file),
            line,
            message,
            help: None,
            code: self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/errors.md is where a user looks a code up: every code has a row in its table.
    #[test]
    fn every_code_is_documented() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md");
        let doc = std::fs::read_to_string(path).unwrap_or_default();
        let missing: Vec<&str> = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .filter(|c| !doc.contains(&format!("| `{c}` |")))
            .collect();
        assert!(missing.is_empty(), "undocumented codes: {missing:?}");
    }

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
