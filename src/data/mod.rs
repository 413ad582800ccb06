//! Key performance data: `data/metrics.yaml` says what each metric is, `data/*.csv` hold
//! the values (SPEC.md, "Key performance data").
//!
//! Loaded once, between book.toml and the content, because a section's `{{#kpi …}}`
//! directive needs the metrics while the section is read (its tags come from the metrics it
//! shows). Every value keeps its file and line, so the checks ([`check`]) point at the row
//! to fix. Figures are exact decimals ([`number`]), never floating point.

pub mod check;
mod load;
pub mod number;

use crate::config::Config;
use crate::diag::Diagnostics;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;

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
    pub period: String,
    /// The dimensions set on the row, in the metric's order (`[("gender", "Male")]`); empty
    /// for the metric's total.
    pub dims: Vec<(String, String)>,
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
    by_id: HashMap<String, usize>,
    by_key: HashMap<Key, usize>,
    /// The members of each (metric, dimension) breakdown, in order of first appearance.
    by_breakdown: HashMap<(usize, String), Vec<String>>,
    /// A hash of everything loaded, so rendered sections are re-rendered when data change.
    pub hash: u64,
}

/// A value's identity: metric, period and dimensions.
type Key = (usize, String, Vec<(String, String)>);

impl DataSet {
    /// Whether the project has no data (no metrics).
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The metric named `id`.
    pub fn metric(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The value of `metric` for `period` with exactly the dimensions `dims`.
    pub fn value(&self, metric: usize, period: &str, dims: &[(String, String)]) -> Option<&Value> {
        self.by_key
            .get(&(metric, period.to_string(), dims.to_vec()))
            .map(|v| &self.values[*v])
    }

    /// The metric's total (no dimension set) for `period`.
    pub fn total(&self, metric: usize, period: &str) -> Option<&Value> {
        self.value(metric, period, &[])
    }

    /// The members of `metric`'s breakdown by `dimension`, in the order rows first name them.
    pub fn members(&self, metric: usize, dimension: &str) -> Vec<&str> {
        self.by_breakdown
            .get(&(metric, dimension.to_string()))
            .map(|m| m.iter().map(String::as_str).collect())
            .unwrap_or_default()
    }

    /// The three columns of a table: the report's period and the two before it, newest
    /// first. A period that is a year counts back by years; other labels (`FY2025/26`)
    /// take the latest earlier periods in the data.
    pub fn columns(&self) -> Vec<String> {
        let Some(period) = &self.period else {
            return Vec::new();
        };
        if let Ok(year) = period.parse::<i32>() {
            return (0..3).map(|back| (year - back).to_string()).collect();
        }
        let key = period_key(period);
        let mut earlier: Vec<&str> = self
            .values
            .iter()
            .map(|v| v.period.as_str())
            .filter(|p| period_key(p) < key)
            .collect();
        earlier.sort_by_key(|p| std::cmp::Reverse(period_key(p)));
        earlier.dedup();
        let mut out = vec![period.clone()];
        out.extend(earlier.into_iter().take(2).map(str::to_string));
        out
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

    fn index(&mut self) {
        self.by_id = self
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
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
    let data = load_files(&dir, report_period(config), diags);
    check::run(&data, diags);
    crate::diag::log_time("load and check data", start);
    data
}
