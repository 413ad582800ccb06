//! Reading `data/metrics.yaml` and `data/*.csv` into a [`DataSet`], reporting every row
//! that cannot be one (unknown metric, dimension or unit, a later period, a duplicate, a
//! number that is not one) at its `FILE:LINE`, all in one run.

use super::{DATA_DIR, DataSet, Index, METRICS_FILE, Metric, Value, number, period_key};
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::text::decode_text;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// Loads metrics.yaml and every CSV of `dir` (the project's `data/`). `period` is the
/// report's period from book.toml; without one, the latest period in the data is taken.
///
/// metrics.yaml is parsed on one core while the CSV files are read and their rows split into
/// cells (figures parsed) on the others; the rows are then matched against the metrics.
pub fn load_files(dir: &Path, period: Option<String>, diags: &mut Diagnostics) -> DataSet {
    let mut read_diags = Diagnostics::new();
    let (metrics, files) = rayon::join(
        || read_metrics(&dir.join("metrics.yaml"), diags),
        || read_csv_files(dir, &mut read_diags),
    );
    let Some(metrics) = metrics else {
        // Without the definitions every row, column and directive would be "unknown": the
        // one error about metrics.yaml says it all, and the CSV files wait for a fix.
        return DataSet {
            undefined: true,
            ..DataSet::default()
        };
    };
    diags.extend(read_diags);
    let mut data = DataSet {
        index: Index::new(&metrics),
        metrics,
        ..DataSet::default()
    };
    let mut dimensions: Vec<&str> = Vec::new();
    for d in data.metrics.iter().flat_map(|m| &m.dimensions) {
        if !dimensions.contains(&d.as_str()) {
            dimensions.push(d);
        }
    }
    let mut rows = Vec::new();
    for (file, tokens) in files {
        let at = data.files.len();
        data.files.push(file);
        if let Some(tokens) = tokens {
            let csv = Csv {
                metrics: &data.metrics,
                dimensions: &dimensions,
                file: &data.files[at],
                at,
            };
            csv.resolve(tokens, &mut data.index, &mut rows, diags);
        }
    }
    data.period = period.or_else(|| {
        data.index
            .period_names()
            .iter()
            .max_by_key(|p| period_key(p))
            .map(|p| p.to_string())
    });
    let latest = data.period.as_deref().map(|p| period_key(p).0);
    data.values.reserve(rows.len());
    for value in rows {
        accept(&mut data, latest, value, diags);
    }
    data.index.set_columns(data.period.as_deref());
    data
}

/// Reads every CSV file of `dir`, in name order, each split into rows ([`Tokens`]) on its
/// own core; `None` for a file that cannot be read or decoded (reported).
fn read_csv_files(dir: &Path, diags: &mut Diagnostics) -> Vec<(String, Option<Tokens>)> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.to_ascii_lowercase().ends_with(".csv") && !n.starts_with('.'))
            .collect(),
        Err(err) => {
            diags.push(Code::Unreadable.error(DATA_DIR, None, format!("cannot read: {err}")));
            Vec::new()
        }
    };
    names.sort();
    let read: Vec<(String, Option<Tokens>, Diagnostics)> = names
        .par_iter()
        .map(|name| {
            let file = format!("{DATA_DIR}/{name}");
            let mut local = Diagnostics::new();
            let tokens = match std::fs::read(dir.join(name)) {
                Ok(bytes) => decode_text(&file, &bytes, &mut local)
                    .map(|text| Tokens::read(&file, &text, &mut local)),
                Err(err) => {
                    local.push(Code::Unreadable.error(
                        file.clone(),
                        None,
                        format!("cannot read: {err}"),
                    ));
                    None
                }
            };
            (file, tokens, local)
        })
        .collect();
    read.into_iter()
        .map(|(file, tokens, local)| {
            diags.extend(local);
            (file, tokens)
        })
        .collect()
}

/// Adds a parsed row unless its period is after the report's (whose year is `latest`) or it
/// repeats another row.
fn accept(data: &mut DataSet, latest: Option<i64>, value: Value, diags: &mut Diagnostics) {
    if let (Some(period), Some(latest)) = (&data.period, latest)
        && period_key(&value.period).0 > latest
    {
        diags.push(
            Code::DataPeriod
                .error(
                    data.files[value.file].clone(),
                    Some(value.line),
                    format!(
                        "period `{}` is after the report's period {period}",
                        value.period
                    ),
                )
                .with_help("a report shows its own period and earlier ones; check the year"),
        );
        return;
    }
    if let Some(first) = data.index.find(&value) {
        let first = &data.values[first];
        diags.push(
            Code::DataDuplicate
                .error(
                    data.files[value.file].clone(),
                    Some(value.line),
                    format!(
                        "{} for {} is given twice (first at {})",
                        data.describe(&value),
                        value.period,
                        data.place(first)
                    ),
                )
                .with_help("keep one row per metric, period and dimensions"),
        );
        return;
    }
    data.index.add(&value, data.values.len());
    data.values.push(value);
}

/// The columns a CSV file may have besides the dimensions.
const COLUMNS: &[&str] = &["metric", "period", "value", "unit", "note", "assured"];

/// A CSV file split into rows without the metric definitions (so that it is read while
/// metrics.yaml is parsed): the header, and each row with its figure and `assured` cell
/// parsed. Rows that are not CSV, or have more cells than the header, are reported here.
#[derive(Default)]
struct Tokens {
    /// The header's cells, trimmed; empty when the header cannot be read (reported).
    headers: Vec<String>,
    /// The rows with a cell that is not empty, in file order.
    rows: Vec<RawRow>,
    /// Every row's cells, trimmed, one after another (one buffer for the file rather than
    /// one per row).
    cells: String,
    /// Where each cell is in `cells`.
    bounds: Vec<(usize, usize)>,
}

/// One row of a CSV file, before its metric is looked up.
struct RawRow {
    /// 1-based line.
    line: usize,
    /// Its cells: `Tokens::bounds[first..first + len]`.
    first: usize,
    len: usize,
    /// The `value` cell as a figure, or why it is not one.
    value: Result<Option<Decimal>, String>,
    /// The `assured` cell, or the word it holds when that is not yes or no (lowercased).
    assured: Result<bool, String>,
}

impl Tokens {
    fn read(file: &str, text: &str, diags: &mut Diagnostics) -> Tokens {
        // Cells are trimmed as they are read: csv's own trimming copies every record.
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|h| h.trim().to_string()).collect(),
            Err(err) => {
                diags.push(Code::DataSyntax.error(
                    file,
                    Some(1),
                    format!("cannot read the header: {err}"),
                ));
                return Tokens::default();
            }
        };
        let column = |name: &str| headers.iter().position(|h| h == name);
        let (value_col, assured_col) = (column("value"), column("assured"));
        let mut tokens = Tokens::default();
        if column("metric").is_none() || column("period").is_none() || value_col.is_none() {
            // The header is reported when the rows are matched to metrics; no row is read.
            tokens.headers = headers;
            return tokens;
        }
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(err) => {
                    let line = err.position().map(|p| p.line() as usize);
                    diags.push(Code::DataSyntax.error(file, line, format!("not a CSV row: {err}")));
                    continue;
                }
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            let first = tokens.bounds.len();
            let mut blank = true;
            for cell in &record {
                let start = tokens.cells.len();
                let cell = cell.trim();
                blank &= cell.is_empty();
                tokens.cells.push_str(cell);
                tokens.bounds.push((start, tokens.cells.len()));
            }
            let row = RawRow {
                line,
                first,
                len: record.len(),
                value: Ok(None),
                assured: Ok(false),
            };
            if blank || record.len() > headers.len() {
                tokens.bounds.truncate(first);
                tokens
                    .cells
                    .truncate(tokens.bounds.last().map_or(0, |b| b.1));
            }
            if blank {
                continue;
            }
            if record.len() > headers.len() {
                diags.push(Code::DataSyntax.error(
                    file,
                    Some(line),
                    format!(
                        "{} cells, but the header names {} columns",
                        record.len(),
                        headers.len()
                    ),
                ));
                continue;
            }
            let value = number::parse(tokens.cell(&row, value_col));
            let assured = tokens.cell(&row, assured_col);
            let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(assured));
            let assured = if assured.is_empty() || is(&["no", "false"]) {
                Ok(false)
            } else if is(&["yes", "true", "assured"]) {
                Ok(true)
            } else {
                Err(assured.to_ascii_lowercase())
            };
            tokens.rows.push(RawRow {
                value,
                assured,
                ..row
            });
        }
        tokens.headers = headers;
        tokens
    }

    /// Cell `i` of `row`, trimmed; empty when the row is shorter.
    fn cell(&self, row: &RawRow, i: Option<usize>) -> &str {
        i.filter(|i| *i < row.len)
            .and_then(|i| self.bounds.get(row.first + i))
            .map_or("", |(start, end)| &self.cells[*start..*end])
    }
}

/// One CSV file being matched against the metrics.
struct Csv<'a> {
    metrics: &'a [Metric],
    /// Every dimension some metric declares: the columns a file may have besides
    /// [`COLUMNS`].
    dimensions: &'a [&'a str],
    /// The file, relative to the project root.
    file: &'a str,
    /// Its index in `DataSet::files`.
    at: usize,
}

impl Csv<'_> {
    /// Turns the file's rows into values in `rows` (interning their periods and dimensions
    /// in `index`), reporting problems at their lines.
    fn resolve(
        &self,
        tokens: Tokens,
        index: &mut Index,
        rows: &mut Vec<Value>,
        diags: &mut Diagnostics,
    ) {
        let Csv {
            metrics,
            dimensions,
            file,
            at,
        } = *self;
        let headers = &tokens.headers;
        if headers.is_empty() {
            return;
        }
        let column = |name: &str| headers.iter().position(|h| h == name);
        let mut dim_columns = Vec::new();
        for (i, h) in headers.iter().enumerate() {
            let h = h.as_str();
            if COLUMNS.contains(&h) {
                continue;
            }
            if dimensions.contains(&h) {
                dim_columns.push((i, h));
            } else {
                let mut d = Code::DataUnknown.error(
                    file,
                    Some(1),
                    format!("column `{h}` is not a dimension of any metric in {METRICS_FILE}"),
                );
                let known = COLUMNS.iter().copied().chain(dimensions.iter().copied());
                d.help = Some(did_you_mean(h, known).unwrap_or_else(|| {
                    format!("declare it under `dimensions:` of a metric in {METRICS_FILE}")
                }));
                diags.push(d);
            }
        }
        let (Some(metric_col), Some(period_col), Some(_)) =
            (column("metric"), column("period"), column("value"))
        else {
            diags.push(
            Code::DataSyntax
                .error(file, Some(1), "the header must name the columns `metric`, `period` and `value`")
                .with_help("write the first line as `metric,period,value,unit,note` (dimensions may follow `period`)"),
        );
            return;
        };
        let (unit_col, note_col) = (column("unit"), column("note"));
        let mut scratch = Vec::new();
        for row in &tokens.rows {
            let line = row.line;
            let cell = |i: Option<usize>| tokens.cell(row, i);
            let id = cell(Some(metric_col));
            let Some(&metric) = index.by_id.get(id) else {
                let mut d = Code::DataUnknown.error(
                    file,
                    Some(line),
                    format!("unknown metric `{id}`: {METRICS_FILE} does not declare it"),
                );
                d.help = Some(
                    did_you_mean(id, metrics.iter().map(|m| m.id.as_str())).unwrap_or_else(|| {
                        format!("add `{id}: {{label: …, unit: …}}` to {METRICS_FILE}")
                    }),
                );
                diags.push(d);
                continue;
            };
            let def = &metrics[metric];
            let mut ok = true;
            let mut dims: Vec<(&str, &str)> = Vec::new();
            for &(i, name) in &dim_columns {
                let member = cell(Some(i));
                if member.is_empty() {
                    continue;
                }
                if def.dimensions.iter().any(|d| d == name) {
                    dims.push((name, member));
                } else {
                    ok = false;
                    diags.push(
                    Code::DataUnknown
                        .error(file, Some(line), format!("metric `{id}` has no dimension `{name}`"))
                        .with_help(format!("add `{name}` to its `dimensions:` in {METRICS_FILE}, or leave the cell empty")),
                );
                }
            }
            dims.sort_by_key(|(d, _)| def.dimensions.iter().position(|x| x == d));
            if ok && dims.len() > 1 {
                // SPEC.md defines totals and one-dimension breakdowns; a cross-tabulated cell
                // has no total to add up to, so it is kept and shown but cannot be checked.
                let names: Vec<&str> = dims.iter().map(|(d, _)| *d).collect();
                diags.push(
                    Code::DataSyntax
                        .warning(
                            file,
                            Some(line),
                            format!(
                                "this row sets two dimensions ({}): it is shown, but no check adds it up",
                                names.join(", ")
                            ),
                        )
                        .with_help("give each breakdown its own rows (one dimension set per row), so its parts are checked against the total"),
                );
            }
            let period = cell(Some(period_col));
            if period.is_empty() {
                ok = false;
                diags.push(Code::DataSyntax.error(file, Some(line), "the period is empty"));
            }
            let unit = cell(unit_col);
            if !unit.is_empty() && unit != def.unit {
                ok = false;
                let declared = if def.unit.is_empty() {
                    format!("`{id}` declares no unit")
                } else {
                    format!("`{id}` is in {}", def.unit)
                };
                diags.push(
                    Code::DataUnknown
                        .error(
                            file,
                            Some(line),
                            format!("unit `{unit}` is not the metric's: {declared}"),
                        )
                        .with_help(format!(
                            "convert the value, or change the unit of `{id}` in {METRICS_FILE}"
                        )),
                );
            }
            let value = match &row.value {
                Ok(v) => *v,
                Err(message) => {
                    ok = false;
                    diags.push(
                    Code::DataSyntax
                        .error(file, Some(line), message.clone())
                        .with_help("write digits with an optional `.` and `,` between thousands; leave it empty or write `/` when not reported"),
                );
                    None
                }
            };
            let assured = match &row.assured {
                Ok(assured) => *assured,
                Err(other) => {
                    ok = false;
                    diags.push(
                        Code::DataSyntax
                            .error(file, Some(line), format!("`assured` is `{other}`"))
                            .with_help(
                                "write `yes` for an assured figure, or leave the cell empty",
                            ),
                    );
                    false
                }
            };
            if ok {
                let note = Some(cell(note_col).to_string()).filter(|n| !n.is_empty());
                let (period_id, period) = index.period(period);
                let (dims_id, dims) = index.dims(&dims, &mut scratch);
                rows.push(Value {
                    metric,
                    period,
                    period_id,
                    dims,
                    dims_id,
                    value,
                    note,
                    assured,
                    file: at,
                    line,
                });
            }
        }
    }
}

/// One metric as written in metrics.yaml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMetric {
    label: Option<String>,
    unit: Option<Text>,
    #[serde(default)]
    hkex: Vec<Text>,
    #[serde(default)]
    gri: Vec<Text>,
    #[serde(default)]
    sum: Vec<Text>,
    ratio: Option<Vec<Text>>,
    factor: Option<Text>,
    #[serde(default)]
    dimensions: Vec<Text>,
    additive: Option<bool>,
}

/// A scalar read as text: `305-1`, `B1.1` and `2` are all codes.
#[derive(Debug, Default)]
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a word or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.trim().to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

/// The top-level map, in file order, with each id's position.
struct MetricMap(Vec<(Spanned<String>, RawMetric)>);

impl<'de> Deserialize<'de> for MetricMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = MetricMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of metric ids to {label, unit, …}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<MetricMap, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    out.push((key, map.next_value::<RawMetric>()?));
                }
                Ok(MetricMap(out))
            }
            fn visit_unit<E>(self) -> Result<MetricMap, E> {
                Ok(MetricMap(Vec::new()))
            }
        }
        d.deserialize_map(MapVisitor)
    }
}

/// Reads metrics.yaml: every metric, and errors for what cannot be one; `None` (after its
/// error) when the file cannot be read or parsed at all.
fn read_metrics(path: &Path, diags: &mut Diagnostics) -> Option<Vec<Metric>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diags.push(
                Code::DataSyntax
                    .error(METRICS_FILE, None, format!("cannot read the metric definitions: {err}"))
                    .with_help(format!("create {METRICS_FILE}, e.g. `revenue: {{label: Revenue, unit: \"RMB'000\"}}`")),
            );
            return None;
        }
    };
    let text = decode_text(METRICS_FILE, &bytes, diags)?;
    let raw: MetricMap = match serde_saphyr::from_str(&text) {
        Ok(raw) => raw,
        Err(err) => {
            let line = err.location().map(|l| l.line() as usize);
            let message = err.without_snippet().to_string();
            let message = message.lines().next().unwrap_or("").trim();
            diags.push(Code::DataSyntax.error(
                METRICS_FILE,
                line,
                format!("invalid metrics: {message}"),
            ));
            return None;
        }
    };
    let mut metrics: Vec<Metric> = Vec::with_capacity(raw.0.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (key, m) in raw.0 {
        let line = key.referenced.line() as usize;
        let id = key.value.trim().to_string();
        if let Some(first) = seen.insert(id.clone(), line) {
            diags.push(Code::DataDuplicate.error(
                METRICS_FILE,
                Some(line),
                format!("metric `{id}` is defined twice (first at line {first})"),
            ));
            continue;
        }
        let texts = |list: Vec<Text>| list.into_iter().map(|t| t.0).collect::<Vec<_>>();
        let ratio = match m.ratio.map(texts) {
            None => None,
            Some(pair) if pair.len() == 2 => Some((pair[0].clone(), pair[1].clone())),
            Some(_) => {
                diags.push(
                    Code::DataSyntax
                        .error(
                            METRICS_FILE,
                            Some(line),
                            format!("`ratio` of `{id}` must name two metrics"),
                        )
                        .with_help("write `ratio: [numerator, denominator]`"),
                );
                None
            }
        };
        let factor = match m.factor {
            None => Decimal::ONE,
            Some(Text(f)) => match Decimal::from_str(&f) {
                Ok(f) if f > Decimal::ZERO => f,
                _ => {
                    diags.push(Code::DataSyntax.error(
                        METRICS_FILE,
                        Some(line),
                        format!("`factor` of `{id}` is `{f}`, not a positive number"),
                    ));
                    Decimal::ONE
                }
            },
        };
        let unit = m.unit.map(|u| u.0).unwrap_or_default();
        metrics.push(Metric {
            label: m.label.unwrap_or_else(|| id.clone()),
            additive: m.additive.unwrap_or(!number::is_percent(&unit)),
            unit,
            hkex: texts(m.hkex),
            gri: texts(m.gri),
            sum: texts(m.sum),
            ratio,
            factor,
            dimensions: texts(m.dimensions),
            id,
            line,
        });
    }
    // A sum or ratio may only name declared metrics.
    let ids: HashSet<&str> = metrics.iter().map(|m| m.id.as_str()).collect();
    for m in &metrics {
        let named = m.sum.iter().chain(m.ratio.iter().flat_map(|(a, b)| [a, b]));
        for part in named {
            if !ids.contains(part.as_str()) {
                let mut d = Code::DataUnknown.error(
                    METRICS_FILE,
                    Some(m.line),
                    format!("`{}` names unknown metric `{part}`", m.id),
                );
                d.help = did_you_mean(part, ids.iter().copied());
                diags.push(d);
            }
        }
    }
    Some(metrics)
}
