//! The key performance data in the other editions' languages.
//!
//! Figures are the same in every edition; what a table calls them is not. A project with
//! editions may give each translation a file `data/metrics.<lang>.yaml`:
//!
//! ```yaml
//! metrics:                 # metric id → its label and unit in that language
//!   revenue: {label: 收益, unit: 百萬港元}
//! members:                 # a breakdown's members as the CSV files write them
//!   Male: 男性
//! notes:                   # a CSV `note` as written → the note in that language
//!   "Restated after …": "經重列…"
//! ```
//!
//! A metric the file does not name keeps its English words in that edition, with a warning,
//! so a table never silently mixes languages.

use super::{DataSet, METRICS_FILE};
use crate::diag::{Code, Diagnostics};
use crate::locale::Lang;
use crate::text::LineIndex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One edition's words for the data.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataWords {
    /// Metric id → label and unit.
    #[serde(default)]
    pub metrics: BTreeMap<String, MetricWords>,
    /// Breakdown member as written → as printed.
    #[serde(default)]
    pub members: BTreeMap<String, String>,
    /// Note as written → as printed.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// A metric's label and unit in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricWords {
    /// What a table calls the metric.
    pub label: String,
    /// Its unit as printed (the declared unit stays the one the checks read).
    #[serde(default)]
    pub unit: Option<String>,
}

/// The file of `lang`'s words, relative to the project root.
pub fn file_of(lang: Lang) -> String {
    METRICS_FILE.replace(".yaml", &format!(".{}.yaml", lang.tag()))
}

/// Reads the words of every translated edition in `languages` (the primary first, which
/// needs none) that has a file, and warns about metrics they leave in English.
pub fn load(root: &Path, data: &mut DataSet, languages: &[Lang], diags: &mut Diagnostics) {
    if data.metrics.is_empty() {
        return;
    }
    for lang in languages.iter().skip(1) {
        let file = file_of(*lang);
        let text = match std::fs::read_to_string(root.join(&file)) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                diags.push(
                    Code::TranslationKpi
                        .warning(
                            file.clone(),
                            None,
                            format!("the {lang} edition's tables show the metrics' English labels: there is no {file}"),
                        )
                        .with_help(format!(
                            "create {file} with `metrics: {{ID: {{label: …, unit: …}}}}` for each metric of {METRICS_FILE}"
                        )),
                );
                continue;
            }
            Err(err) => {
                diags.push(Code::Unreadable.error(file, None, format!("cannot read: {err}")));
                continue;
            }
        };
        let words: DataWords = match serde_saphyr::from_str(&text) {
            Ok(words) => words,
            Err(err) => {
                let line = err.location().map(|l| l.line() as usize);
                diags.push(
                    Code::DataSyntax
                        .error(file, line, format!("invalid YAML: {err}"))
                        .with_help("write `metrics:`, `members:` and `notes:` maps of text"),
                );
                continue;
            }
        };
        let lines = LineIndex::new(&text);
        let line_of = |id: &str| {
            text.find(&format!("\n  {id}:"))
                .map(|at| lines.line_of(at + 1))
        };
        for id in words.metrics.keys() {
            if data.metric(id).is_none() {
                diags.push(
                    Code::DataUnknown
                        .error(
                            file.clone(),
                            line_of(id),
                            format!("unknown metric `{id}`: {METRICS_FILE} does not declare it"),
                        )
                        .with_help(format!("remove it, or declare it in {METRICS_FILE}")),
                );
            }
        }
        let missing: Vec<&str> = data
            .metrics
            .iter()
            .filter(|m| !words.metrics.contains_key(&m.id))
            .map(|m| m.id.as_str())
            .collect();
        if !missing.is_empty() {
            diags.push(
                Code::TranslationKpi
                    .warning(
                        file.clone(),
                        None,
                        format!(
                            "{} metric(s) keep their English label in the {lang} edition: {}",
                            missing.len(),
                            missing.join(", ")
                        ),
                    )
                    .with_help(
                        "add each under `metrics:` with its label (and unit) in that language",
                    ),
            );
        }
        data.words.push((*lang, words));
    }
}

impl DataSet {
    /// The words of `lang`, when the project gives them.
    pub fn words(&self, lang: Lang) -> Option<&DataWords> {
        self.words.iter().find(|(l, _)| *l == lang).map(|(_, w)| w)
    }

    /// A metric's label in `lang` (its English label when none is given).
    pub fn label_in(&self, metric: usize, lang: Lang) -> &str {
        let m = &self.metrics[metric];
        self.words(lang)
            .and_then(|w| w.metrics.get(&m.id))
            .map_or(&m.label, |w| &w.label)
    }

    /// A metric's unit as printed in `lang`.
    pub fn unit_in(&self, metric: usize, lang: Lang) -> &str {
        let m = &self.metrics[metric];
        self.words(lang)
            .and_then(|w| w.metrics.get(&m.id))
            .and_then(|w| w.unit.as_deref())
            .unwrap_or(&m.unit)
    }

    /// A breakdown member (`Male`) as printed in `lang`.
    pub fn member_in<'a>(&'a self, member: &'a str, lang: Lang) -> &'a str {
        self.words(lang)
            .and_then(|w| w.members.get(member))
            .map_or(member, String::as_str)
    }

    /// A note as printed in `lang`.
    pub fn note_in<'a>(&'a self, note: &'a str, lang: Lang) -> &'a str {
        self.words(lang)
            .and_then(|w| w.notes.get(note))
            .map_or(note, String::as_str)
    }
}
