//! The `{{#kpi …}}` directive: a key performance table (and optionally an SVG chart) drawn
//! from `data/` when a section is rendered.
//!
//! `{{#kpi ghg-total ghg-scope1}}` shows one row per metric; `{{#kpi employees by gender}}`
//! shows each metric's total followed by its breakdown; a trailing `chart` (or `chart line`)
//! draws the rows as bars (or lines) over the periods instead, with the numbers kept as a
//! table for screen readers. The columns are the report's period and the two before it.
//! [`Table`] is the model every output draws from (the site here; the PDF later).

use super::{Tag, front_matter::WrittenCode};
use crate::data::{DataSet, DimsId, Value, number};
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::locale::{Lang, Strings};
use crate::model::Framework;
use crate::text::escape_html;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

/// How a directive draws its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    /// A table only.
    None,
    /// Grouped bars, one group per period.
    Bar,
    /// One line per row across the periods.
    Line,
}

/// A directive as written, before its names are looked up.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Directive {
    /// The metric ids, in order.
    pub metrics: Vec<String>,
    /// The dimension after `by`.
    pub by: Option<String>,
    /// Whether to draw a chart.
    pub chart: Chart,
}

/// Reads a directive from a line (or paragraph) of its own: `None` when the text is not one,
/// the reason when it is one but malformed.
pub fn parse(text: &str) -> Option<Result<Directive, String>> {
    let inner = text.trim().strip_prefix("{{#kpi")?.strip_suffix("}}")?;
    if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
        return None;
    }
    let mut words: Vec<&str> = inner.split_whitespace().collect();
    let mut chart = Chart::None;
    match words.as_slice() {
        [.., "chart", "line"] => {
            chart = Chart::Line;
            words.truncate(words.len() - 2);
        }
        [.., "chart", "bar"] => {
            chart = Chart::Bar;
            words.truncate(words.len() - 2);
        }
        [.., "chart"] => {
            chart = Chart::Bar;
            words.truncate(words.len() - 1);
        }
        _ => {}
    }
    let mut by = None;
    if let Some(at) = words.iter().position(|w| *w == "by") {
        match &words[at + 1..] {
            [dimension] => by = Some(dimension.to_string()),
            _ => return Some(Err("`by` must be followed by one dimension".into())),
        }
        words.truncate(at);
    }
    if words.is_empty() {
        return Some(Err("the directive names no metric".into()));
    }
    Some(Ok(Directive {
        metrics: words.into_iter().map(str::to_string).collect(),
        by,
        chart,
    }))
}

/// Finds the directives of a section body (outside fenced code), reports the ones that name
/// unknown metrics or dimensions at their line, and returns the tags of the metrics shown
/// that `existing` does not already hold: a section that shows a metric is a location of
/// the metric's codes.
pub fn scan(
    body: &str,
    body_line: usize,
    source: &str,
    data: &DataSet,
    existing: &[Tag],
    diags: &mut Diagnostics,
) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    if !body.contains("{{#kpi") {
        return tags;
    }
    let mut fence: Option<&str> = None;
    for (i, line) in body.lines().enumerate() {
        let trimmed = line.trim_start();
        for marker in ["```", "~~~"] {
            if trimmed.starts_with(marker) {
                fence = match fence {
                    None => Some(marker),
                    Some(open) if open == marker => None,
                    other => other,
                };
            }
        }
        if fence.is_some() {
            continue;
        }
        let Some(parsed) = parse(line) else { continue };
        let line = body_line + i;
        let directive = match parsed {
            Ok(d) => d,
            Err(message) => {
                diags.push(
                    Code::DataSyntax
                        .error(source, Some(line), format!("invalid kpi directive: {message}"))
                        .with_help("write `{{#kpi metric other-metric}}` or `{{#kpi metric by dimension}}`, optionally ending in `chart`"),
                );
                continue;
            }
        };
        // Without metric definitions (their error is reported) every name would be unknown.
        if !data.undefined {
            for problem in problems(&directive, data) {
                diags.push(problem.into_diagnostic(source, line));
            }
        }
        for id in &directive.metrics {
            let Some(m) = data.metric(id) else { continue };
            let metric = &data.metrics[m];
            let codes = metric
                .hkex
                .iter()
                .map(|c| (Framework::Hkex, c))
                .chain(metric.gri.iter().map(|c| (Framework::Gri, c)));
            for (framework, code) in codes {
                let same = |t: &Tag| t.framework == framework && same_code(&t.code.text, code);
                if !existing.iter().any(same) && !tags.iter().any(same) {
                    tags.push(Tag {
                        framework,
                        code: WrittenCode {
                            text: code.clone(),
                            line,
                        },
                        subsection: None,
                    });
                }
            }
        }
    }
    tags
}

/// Feeds `hasher` what the directives in `body` show: for each word of each directive, the
/// hash of the metric it names ([`DataSet::metric_hash`]) or that it names none. A rendered
/// section is then reused exactly while the metrics it shows are unchanged, and a change to
/// other metrics re-renders nothing. Conservative: directives in code blocks count too.
pub fn hash_shown(body: &str, data: &DataSet, hasher: &mut impl Hasher) {
    let mut rest = body;
    while let Some(at) = rest.find("{{#kpi") {
        rest = &rest[at + "{{#kpi".len()..];
        let end = rest.find("}}").unwrap_or(rest.len());
        for word in rest[..end].split_whitespace() {
            data.metric(word).map(|m| data.metric_hash(m)).hash(hasher);
        }
        rest = &rest[end..];
    }
}

/// `KPI b1.1` and `B1.1` are the same code.
fn same_code(a: &str, b: &str) -> bool {
    let plain = |s: &str| {
        let s = s.trim();
        let s = s
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("kpi "))
            .map_or(s, |_| &s[4..]);
        s.trim().to_ascii_uppercase()
    };
    plain(a) == plain(b)
}

/// What is wrong with a directive's names.
struct Problem {
    message: String,
    help: Option<String>,
}

impl Problem {
    fn into_diagnostic(self, source: &str, line: usize) -> crate::diag::Diagnostic {
        let mut d = Code::DataUnknown.error(source, Some(line), self.message);
        d.help = self.help;
        d
    }
}

fn problems(directive: &Directive, data: &DataSet) -> Vec<Problem> {
    let mut out = Vec::new();
    for id in &directive.metrics {
        let Some(m) = data.metric(id) else {
            out.push(Problem {
                message: format!("unknown metric `{id}` in a kpi directive"),
                help: did_you_mean(id, data.metrics.iter().map(|m| m.id.as_str()))
                    .or_else(|| Some(format!("declare it in {}", crate::data::METRICS_FILE))),
            });
            continue;
        };
        if let Some(by) = &directive.by
            && !data.metrics[m].dimensions.contains(by)
        {
            out.push(Problem {
                message: format!("metric `{id}` has no dimension `{by}`"),
                help: did_you_mean(by, data.metrics[m].dimensions.iter().map(String::as_str)),
            });
        }
    }
    out
}

/// One row of a KPI table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The indicator: the metric's label, or the member of a breakdown.
    pub label: String,
    /// The unit.
    pub unit: &'a str,
    /// Whether the row is part of the breakdown above it (indented).
    pub part: bool,
    /// One cell per column: the value row, if any.
    pub cells: Vec<Option<&'a Value>>,
    /// What each cell prints ([`cell_text`]), formatted once for the table and search.
    pub texts: Vec<String>,
    /// The footnote numbers of the row's notes.
    pub notes: Vec<usize>,
}

/// A KPI table: what the site and the PDF draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<'a> {
    /// The periods, newest first.
    pub columns: Vec<String>,
    /// The rows in order.
    pub rows: Vec<Row<'a>>,
    /// The notes, numbered from 1 in order of first use.
    pub notes: Vec<String>,
    /// Whether any value shown is assured (the legend is then printed).
    pub assured: bool,
    /// The dimension of the breakdowns shown, if any.
    pub by: Option<String>,
    /// The edition whose words (labels, units, members, notes) the table prints.
    pub lang: Lang,
}

/// The table a directive shows, or `None` when it names something unknown (reported at
/// load).
pub fn table<'a>(directive: &Directive, data: &'a DataSet) -> Option<Table<'a>> {
    table_in(directive, data, Lang::En)
}

/// [`table`] in the words of the `lang` edition (labels, units, members and notes from
/// `data/metrics.<lang>.yaml`; the figures are the same).
pub fn table_in<'a>(directive: &Directive, data: &'a DataSet, lang: Lang) -> Option<Table<'a>> {
    if !problems(directive, data).is_empty() {
        return None;
    }
    let mut table = Table {
        columns: data.columns().to_vec(),
        rows: Vec::new(),
        notes: Vec::new(),
        assured: false,
        by: directive.by.clone(),
        lang,
    };
    for id in &directive.metrics {
        let m = data.metric(id)?;
        let unit = data.unit_in(m, lang);
        table.push(
            data,
            m,
            data.label_in(m, lang).to_string(),
            unit,
            DimsId::TOTAL,
            false,
        );
        if let Some(by) = &directive.by {
            for (member, dims) in data.members(m, by) {
                let member = data.member_in(member, lang).to_string();
                table.push(data, m, member, unit, *dims, true);
            }
        }
    }
    Some(table)
}

impl<'a> Table<'a> {
    fn push(
        &mut self,
        data: &'a DataSet,
        metric: usize,
        label: String,
        unit: &'a str,
        dims: DimsId,
        part: bool,
    ) {
        let cells: Vec<Option<&Value>> = data
            .column_ids()
            .iter()
            .map(|p| data.get(metric, (*p)?, dims))
            .collect();
        let mut notes = Vec::new();
        for value in cells.iter().flatten() {
            self.assured |= value.assured && value.value.is_some();
            if let Some(note) = &value.note {
                let note = data.note_in(note, self.lang);
                let n = match self.notes.iter().position(|x| x == note) {
                    Some(at) => at + 1,
                    None => {
                        self.notes.push(note.to_string());
                        self.notes.len()
                    }
                };
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
        self.rows.push(Row {
            label,
            unit,
            part,
            texts: cells.iter().map(|c| cell_text(*c)).collect(),
            cells,
            notes,
        });
    }
}

/// What a cell prints: the figure as written, or `/` when not reported.
pub fn cell_text(value: Option<&Value>) -> String {
    match value.and_then(|v| v.value) {
        Some(v) => number::format(v),
        None => "/".to_string(),
    }
}

/// The mark printed after an assured figure, explained by the legend under the table.
pub const ASSURED_MARK: &str = "✓";

/// The directive's HTML (the table, or the chart with the table for screen readers) and
/// the words it shows, for search; both empty when it names something unknown (reported at
/// load). `id` is unique on the page (`kpi-12`); the chart's title and description use it.
pub fn render(directive: &Directive, data: &DataSet, id: &str, lang: Lang) -> (String, String) {
    let words = lang.strings();
    let Some(table) = table_in(directive, data, lang) else {
        return (String::new(), String::new());
    };
    let mut out = String::new();
    if directive.chart == Chart::None {
        render_table(&table, &mut out, "kpi", words);
    } else {
        super::chart::render(&table, directive.chart, id, words, &mut out);
        render_table(&table, &mut out, "kpi visually-hidden", words);
    }
    (out, plain_text(&table))
}

/// A directive's HTML and search words ([`render`]), shared between its uses.
pub type Shown = Arc<(String, String)>;

/// The tables of one data set already rendered, by directive. A table does not depend on
/// the section or the page that shows it, so a section's page, its print copy and every
/// other section showing the same metrics reuse one rendering. Charts carry ids of their
/// page and are drawn each time. Lives as long as the data it was drawn from (a report
/// loaded again starts a new one).
#[derive(Debug, Default)]
pub struct Memo {
    tables: Mutex<FxHashMap<Directive, Shown>>,
}

impl Memo {
    /// [`render`] in `lang`, reusing the table when this directive was rendered before (a
    /// memo serves one edition: its report's).
    pub fn render(&self, directive: &Directive, data: &DataSet, id: &str, lang: Lang) -> Shown {
        if directive.chart != Chart::None {
            return Arc::new(render(directive, data, id, lang));
        }
        let tables = || self.tables.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(shown) = tables().get(directive) {
            return shown.clone();
        }
        // Rendered outside the lock; two threads may both render a new table, and the
        // first one kept wins.
        let shown = Arc::new(render(directive, data, id, lang));
        tables().entry(directive.clone()).or_insert(shown).clone()
    }
}

fn render_table(table: &Table, out: &mut String, class: &str, words: &Strings) {
    let _ = write!(
        out,
        r#"<div class="table-wrap {class}" tabindex="0" role="region" aria-label="{}"><table class="kpi-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>"#,
        words.get("kpi_region"),
        words.get("kpi_indicator"),
        words.get("kpi_unit")
    );
    for column in &table.columns {
        let _ = write!(
            out,
            r#"<th scope="col" class="num">{}</th>"#,
            escape_html(column)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        let class = if row.part { r#" class="kpi-part""# } else { "" };
        let _ = write!(
            out,
            r#"<tr{class}><th scope="row">{}"#,
            escape_html(&row.label)
        );
        if !row.notes.is_empty() {
            let marks: Vec<String> = row.notes.iter().map(usize::to_string).collect();
            let _ = write!(
                out,
                r#"<sup class="kpi-note-mark">{}</sup>"#,
                marks.join(",")
            );
        }
        let _ = write!(out, "</th><td>{}</td>", escape_html(row.unit));
        for (cell, text) in row.cells.iter().zip(&row.texts) {
            let assured = cell.is_some_and(|v| v.assured && v.value.is_some());
            out.push_str(r#"<td class="num">"#);
            out.push_str(text);
            if assured {
                let _ = write!(
                    out,
                    r#"<span class="kpi-assured" title="{}">{ASSURED_MARK}</span>"#,
                    words.get("kpi_assured")
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
    if !table.notes.is_empty() {
        out.push_str(r#"<ol class="kpi-notes">"#);
        for note in &table.notes {
            let _ = write!(out, "<li>{}</li>", escape_html(note));
        }
        out.push_str("</ol>");
    }
    {
        if table.assured {
            let _ = write!(
                out,
                r#"<p class="kpi-legend"><span class="kpi-assured">{ASSURED_MARK}</span> {}</p>"#,
                words.get("kpi_legend")
            );
        }
    }
    out.push_str("</div>\n");
}

/// The words a table shows (labels, units, periods, figures), for search.
fn plain_text(table: &Table) -> String {
    let mut words = String::new();
    let mut add = |word: &str| {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(word);
    };
    table.columns.iter().for_each(|c| add(c));
    for row in &table.rows {
        add(&row.label);
        add(row.unit);
        row.texts.iter().for_each(|t| add(t));
    }
    table.notes.iter().for_each(|n| add(n));
    words
}

/// The figures of a row, oldest period first (for charts); `None` where not reported.
pub fn series(row: &Row) -> Vec<Option<Decimal>> {
    row.cells
        .iter()
        .rev()
        .map(|c| c.and_then(|v| v.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_parse_metrics_dimension_and_chart() {
        let d = parse("{{#kpi employees by gender chart}}")
            .unwrap()
            .unwrap();
        assert_eq!(d.metrics, ["employees"]);
        assert_eq!(d.by.as_deref(), Some("gender"));
        assert_eq!(d.chart, Chart::Bar);
        let d = parse("  {{#kpi a b chart line}} ").unwrap().unwrap();
        assert_eq!((d.metrics.len(), d.chart), (2, Chart::Line));
        assert_eq!(parse("{{#kpiX a}}"), None);
        assert_eq!(parse("text {{#kpi a}}"), None);
        assert_eq!(
            parse("{{#kpi}}"),
            Some(Err("the directive names no metric".into()))
        );
        assert_eq!(
            parse("{{#kpi a by}}"),
            Some(Err("`by` must be followed by one dimension".into()))
        );
    }

    /// The hash `hash_shown` feeds for `body` over a data set of `rows`.
    fn shown_hash(body: &str, rows: &str) -> u64 {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("metrics.yaml"),
            "a: {unit: t}\nb: {unit: t}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("v.csv"),
            format!("metric,period,value\n{rows}"),
        )
        .unwrap();
        let mut diags = Diagnostics::new();
        let data = crate::data::load_files(dir.path(), Some("2022".into()), &mut diags);
        crate::text::hash_of(|h| hash_shown(body, &data, h))
    }

    #[test]
    fn a_section_key_changes_only_with_the_metrics_it_shows() {
        let body = "Text.\n\n{{#kpi a}}\n";
        let base = shown_hash(body, "a,2022,1\nb,2022,2\n");
        // Another metric's figure, or a row moved in its file: the section is reused.
        assert_eq!(shown_hash(body, "a,2022,1\nb,2022,3\n"), base);
        assert_eq!(shown_hash(body, "b,2022,2\na,2022,1\n"), base);
        // Its own metric's figure: re-rendered.
        assert_ne!(shown_hash(body, "a,2022,1.0\nb,2022,2\n"), base);
        assert_ne!(shown_hash(body, "a,2021,1\nb,2022,2\n"), base);
        // No directive: nothing from the data.
        assert_eq!(
            shown_hash("Text.", "a,2022,1\n"),
            shown_hash("Text.", "a,2022,5\n")
        );
    }

    #[test]
    fn a_table_is_rendered_once_and_a_chart_each_time() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("metrics.yaml"), "a: {unit: t}\n").unwrap();
        std::fs::write(dir.path().join("v.csv"), "metric,period,value\na,2022,1\n").unwrap();
        let mut diags = Diagnostics::new();
        let data = crate::data::load_files(dir.path(), Some("2022".into()), &mut diags);
        let memo = Memo::default();
        let table = parse("{{#kpi a}}").unwrap().unwrap();
        let first = memo.render(&table, &data, "kpi-3", Lang::En);
        let again = memo.render(&table, &data, "s-x--kpi-9", Lang::En);
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(*first, render(&table, &data, "kpi-3", Lang::En));
        // A chart's title and description carry the id of the page it is on.
        let chart = parse("{{#kpi a chart}}").unwrap().unwrap();
        let page = memo.render(&chart, &data, "kpi-3", Lang::En);
        let print = memo.render(&chart, &data, "s-x--kpi-3", Lang::En);
        assert!(page.0.contains(r#"id="kpi-3-title""#), "{}", page.0);
        assert!(print.0.contains(r#"id="s-x--kpi-3-title""#), "{}", print.0);
    }

    #[test]
    fn codes_compare_without_kpi_and_case() {
        assert!(same_code("KPI b1.1", "B1.1"));
        assert!(!same_code("B1.1", "B1.2"));
    }
}
