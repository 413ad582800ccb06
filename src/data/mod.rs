//! Key performance data: `data/metrics.yaml` says what each metric is, `data/*.csv` hold
//! the values (SPEC.md, "Key performance data").
//!
//! Loaded once after book.toml, while the section files are read on the other cores; the
//! sections' `{{#kpi …}}` directives are then checked against the metrics
//! (`content::show_data`), since a section's tags come from the metrics it shows. Every
//! value keeps its file and line, so the checks ([`check`]) point at the row to fix.
//! Figures are exact decimals ([`number`]), never floating point.

pub mod check;
mod index;
mod load;
pub mod number;
pub mod words;

use crate::config::Config;
use crate::diag::Diagnostics;
use index::Index;
use rust_decimal::Decimal;
use std::path::Path;
use std::sync::Arc;

pub use index::{DimsId, PeriodId};
pub use load::load_files;

/// The folder of the data files, relative to the project root.
pub const DATA_DIR: &str = "data";
/// The metric definitions, relative to the project root.
pub const METRICS_FILE: &str = "data/metrics.yaml";

/// One metric of metrics.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Metric {
    /// Its id (`ghg-total`), as rows and directives name it.
    pub id: String,
    /// What a table calls it (`Total GHG emissions`).
    pub label: String,
    /// The unit every value has (`tCO2e`); empty when none is declared.
    pub unit: String,
    /// HKEX codes a section showing the metric addresses.
    pub hkex: Vec<String>,
    /// GRI codes a section showing the metric addresses.
    pub gri: Vec<String>,
    /// The metrics this one is the sum of (`sum:`).
    pub sum: Vec<String>,
    /// Numerator and denominator (`ratio:`); the value is numerator / denominator × `factor`.
    pub ratio: Option<(String, String)>,
    /// The ratio's multiplier (`factor: 100` for a percentage, `0.001` for a denominator in
    /// thousands); 1 when not given.
    pub factor: Decimal,
    /// The dimensions rows may break the metric down by (`gender`, `region`).
    pub dimensions: Vec<String>,
    /// Whether a breakdown adds up to the total (`additive: false` for rates and averages
    /// by group; percentages are not additive unless they say so).
    pub additive: bool,
    /// Line of the metric in metrics.yaml.
    pub line: usize,
}

/// One value row of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Value {
    /// Index of the metric in [`DataSet::metrics`].
    pub metric: usize,
    /// The period as written (`2022`).
    pub period: Arc<str>,
    /// The period, interned.
    pub period_id: PeriodId,
    /// The dimensions set on the row, in the metric's order (`[("gender", "Male")]`); empty
    /// for the metric's total.
    pub dims: Arc<[(String, String)]>,
    /// The dimensions, interned ([`DimsId::TOTAL`] for the total).
    pub dims_id: DimsId,
    /// The figure with the digits written; `None` when not reported (empty or `/`).
    pub value: Option<Decimal>,
    /// The `note` cell, when not empty.
    pub note: Option<String>,
    /// Whether the `assured` cell says the figure was assured.
    pub assured: bool,
    /// Index of the file in [`DataSet::files`].
    pub file: usize,
    /// 1-based line of the row in its file.
    pub line: usize,
}

/// Everything under `data/`, loaded.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    /// Metrics in metrics.yaml order.
    pub metrics: Vec<Metric>,
    /// Values in file order, then row order.
    pub values: Vec<Value>,
    /// The CSV files read, relative to the project root (`data/environment.csv`), sorted.
    pub files: Vec<String>,
    /// The report's period (`2022`); `None` when book.toml gives no period and there are no
    /// values to take it from.
    pub period: Option<String>,
    /// Whether metrics.yaml could not be read or parsed: its error was reported, and
    /// nothing that names a metric is checked against the (missing) definitions.
    pub undefined: bool,
    /// The translated editions' words for the metrics (`data/metrics.<lang>.yaml`).
    pub words: Vec<(crate::locale::Lang, words::DataWords)>,
    index: Index,
}

impl DataSet {
    /// Whether the project has no data (no metrics).
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The metric named `id`.
    pub fn metric(&self, id: &str) -> Option<usize> {
        self.index.by_id.get(id).copied()
    }

    /// The period named `period`, if a row has it.
    pub fn period_id(&self, period: &str) -> Option<PeriodId> {
        self.index.period_id(period)
    }

    /// The value of `metric` for `period` with the dimensions `dims`.
    pub fn get(&self, metric: usize, period: PeriodId, dims: DimsId) -> Option<&Value> {
        self.index
            .get(metric, period, dims)
            .map(|v| &self.values[v])
    }

    /// The value of `metric` for `period` with exactly the dimensions `dims` (in the
    /// metric's order).
    pub fn value(&self, metric: usize, period: &str, dims: &[(String, String)]) -> Option<&Value> {
        self.get(metric, self.period_id(period)?, self.index.dims_id(dims)?)
    }

    /// The metric's total (no dimension set) for `period`.
    pub fn total(&self, metric: usize, period: PeriodId) -> Option<&Value> {
        self.get(metric, period, DimsId::TOTAL)
    }

    /// The members of `metric`'s breakdown by `dimension`, in the order rows first name
    /// them, each with the id of its dimensions (for [`DataSet::get`]).
    pub fn members(&self, metric: usize, dimension: &str) -> &[(Arc<str>, DimsId)] {
        self.index.breakdown(metric, dimension)
    }

    /// The three columns of a table: the report's period and the two before it, newest
    /// first. A period that is a year counts back by years; other labels (`FY2025/26`)
    /// take the latest earlier periods in the data.
    pub fn columns(&self) -> &[String] {
        &self.index.columns
    }

    /// The columns' periods, interned; `None` for a column no row has.
    pub fn column_ids(&self) -> &[Option<PeriodId>] {
        &self.index.column_ids
    }

    /// A hash of everything a table of `metric` shows, so a rendered section is reused
    /// only while the metrics it shows are unchanged. Computed on first use.
    pub fn metric_hash(&self, metric: usize) -> u64 {
        self.index.metric_hash(&self.metrics, &self.values, metric)
    }

    /// The file a value is in (`data/social.csv`).
    pub fn file_of(&self, value: &Value) -> &str {
        &self.files[value.file]
    }

    /// `data/social.csv:31`: where a value is written.
    pub fn place(&self, value: &Value) -> String {
        format!("{}:{}", self.file_of(value), value.line)
    }

    /// A value's row label in messages: the metric and its dimensions (`employees (region:
    /// Jiangxi)`).
    pub fn describe(&self, value: &Value) -> String {
        let id = &self.metrics[value.metric].id;
        if value.dims.is_empty() {
            id.clone()
        } else {
            let dims: Vec<String> = value
                .dims
                .iter()
                .map(|(d, m)| format!("{d}: {m}"))
                .collect();
            format!("{id} ({})", dims.join(", "))
        }
    }
}

/// The ordering key of a period label: its first four-digit year, then the label (`FY2025/26`
/// → 2025).
pub fn period_key(period: &str) -> (i64, &str) {
    let bytes = period.as_bytes();
    let year = bytes
        .windows(4)
        .position(|w| w.iter().all(u8::is_ascii_digit))
        .and_then(|at| period[at..at + 4].parse().ok())
        .unwrap_or(i64::MIN);
    (year, period)
}

/// The report's period from book.toml: `[esg] period`, else the year of `period-end`.
pub fn report_period(config: &Config) -> Option<String> {
    config
        .esg
        .period
        .clone()
        .or_else(|| config.esg.period_end.map(|d| d.year.to_string()))
}

/// Loads `root/data/` (nothing when the folder does not exist) and checks it: syntax,
/// declarations and duplicates while loading, then the arithmetic ([`check::run`]).
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> DataSet {
    let dir = root.join(DATA_DIR);
    if !dir.is_dir() {
        return DataSet::default();
    }
    let start = std::time::Instant::now();
    let mut data = load_files(&dir, report_period(config), diags);
    check::run(&data, diags);
    words::load(root, &mut data, &config.book.languages, diags);
    crate::diag::log_time("load and check data", start);
    data
}
