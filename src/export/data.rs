//! `export --data`: the whole key performance data set as published, for the assurance
//! provider: every value with its metric, label, period, dimensions, unit, note, assured
//! flag and source line. CSV and JSON hold one list; the workbook has one sheet per chapter
//! (per data CSV file: `environment.csv` → sheet `environment`).

use super::Format;
use super::csv::neutralise;
use super::xlsx::fit_cell;
use crate::data::{DataSet, Value};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Color, Format as CellFormat, Workbook, XlsxError};
use serde::Serialize;
use std::collections::BTreeMap;

/// One value as exported.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct DataRow<'a> {
    /// The chapter: the data file's name without `.csv`.
    pub chapter: &'a str,
    /// Metric id.
    pub metric: &'a str,
    /// Metric label.
    pub label: &'a str,
    /// Period as written.
    pub period: &'a str,
    /// Dimensions set on the row (`{"gender": "Male"}`).
    pub dimensions: BTreeMap<&'a str, &'a str>,
    /// The figure with the digits written, as text so no digit is lost; `null` when not
    /// reported.
    pub value: Option<String>,
    /// Unit.
    pub unit: &'a str,
    /// Note, or `null`.
    pub note: Option<&'a str>,
    /// Whether the figure was assured.
    pub assured: bool,
    /// `data/social.csv:12`.
    pub source: String,
}

/// The JSON document.
#[derive(Debug, Serialize)]
pub struct DataDocument<'a> {
    /// Report title.
    pub report: &'a str,
    /// The report's period.
    pub period: Option<&'a str>,
    /// Every value, in file and row order.
    pub values: Vec<DataRow<'a>>,
}

/// Builds the document of `data`.
pub fn document<'a>(report: &'a str, data: &'a DataSet) -> DataDocument<'a> {
    DataDocument {
        report,
        period: data.period.as_deref(),
        values: data.values.iter().map(|v| row(data, v)).collect(),
    }
}

fn chapter(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.strip_suffix(".csv")
        .or_else(|| name.strip_suffix(".CSV"))
        .unwrap_or(name)
}

fn row<'a>(data: &'a DataSet, v: &'a Value) -> DataRow<'a> {
    let metric = &data.metrics[v.metric];
    DataRow {
        chapter: chapter(data.file_of(v)),
        metric: &metric.id,
        label: &metric.label,
        period: &v.period,
        dimensions: v
            .dims
            .iter()
            .map(|(d, m)| (d.as_str(), m.as_str()))
            .collect(),
        value: v.value.map(|d| d.to_string()),
        unit: &metric.unit,
        note: v.note.as_deref(),
        assured: v.assured,
        source: data.place(v),
    }
}

/// The dimensions of the data set, in order of first declaration: one column each.
fn dimension_columns(data: &DataSet) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for m in &data.metrics {
        for d in &m.dimensions {
            if !out.contains(&d.as_str()) {
                out.push(d);
            }
        }
    }
    out
}

/// The header of the tabular formats.
fn header(dimensions: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = ["Chapter", "Metric", "Indicator", "Period"]
        .map(String::from)
        .to_vec();
    out.extend(dimensions.iter().map(|d| d.to_string()));
    out.extend(["Value", "Unit", "Note", "Assured", "Source"].map(String::from));
    out
}

/// One row's cells, in [`header`] order.
fn cells(row: &DataRow, dimensions: &[&str]) -> Vec<String> {
    let mut out = vec![
        row.chapter.to_string(),
        row.metric.to_string(),
        row.label.to_string(),
        row.period.to_string(),
    ];
    out.extend(
        dimensions
            .iter()
            .map(|d| row.dimensions.get(d).copied().unwrap_or("").to_string()),
    );
    out.extend([
        row.value.clone().unwrap_or_else(|| "/".into()),
        row.unit.to_string(),
        row.note.unwrap_or("").to_string(),
        if row.assured { "yes" } else { "" }.to_string(),
        row.source.clone(),
    ]);
    out
}

/// Renders the data set in `format` (JSON, CSV or XLSX); `Err` for Markdown, which has no
/// data export, or when the workbook cannot be written.
pub fn render(report: &str, data: &DataSet, format: Format) -> Result<Vec<u8>, String> {
    let document = document(report, data);
    let dimensions = dimension_columns(data);
    match format {
        Format::Json => serde_json::to_string_pretty(&document)
            .map(|mut s| {
                s.push('\n');
                s.into_bytes()
            })
            .map_err(|e| e.to_string()),
        Format::Csv => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            {
                let mut writer = ::csv::WriterBuilder::new()
                    .terminator(::csv::Terminator::CRLF)
                    .from_writer(&mut out);
                // Writing into a Vec cannot fail.
                let _ = writer.write_record(header(&dimensions));
                let value_column = 4 + dimensions.len();
                for row in &document.values {
                    let cells = cells(row, &dimensions);
                    // A figure is a parsed number, never a formula; other cells may be.
                    let _ = writer.write_record(cells.iter().enumerate().map(|(i, c)| {
                        if i == value_column {
                            c.clone()
                        } else {
                            neutralise(c)
                        }
                    }));
                }
                let _ = writer.flush();
            }
            Ok(out)
        }
        Format::Xlsx => workbook(&document, data, &dimensions).map_err(|e| e.to_string()),
        Format::Md => Err("the data export is CSV, XLSX or JSON: use `--format csv`".into()),
    }
}

fn workbook(
    document: &DataDocument,
    data: &DataSet,
    dimensions: &[&str],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = CellFormat::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8EEF4));
    let heading = header(dimensions);
    let value_column = 4 + dimensions.len();
    let mut chapters: Vec<&str> = Vec::new();
    for row in &document.values {
        if !chapters.contains(&row.chapter) {
            chapters.push(row.chapter);
        }
    }
    for name in chapters {
        let sheet = workbook.add_worksheet();
        let title: String = name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(if title.is_empty() {
            "Data".into()
        } else {
            title
        })?;
        for (col, h) in heading.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold)?;
        }
        let rows = document
            .values
            .iter()
            .zip(&data.values)
            .filter(|(r, _)| r.chapter == name);
        for (r, (row, value)) in rows.enumerate() {
            let r = r as u32 + 1;
            for (col, cell) in cells(row, dimensions).iter().enumerate() {
                let col = col as u16;
                match value.value {
                    // Spreadsheets hold numbers as doubles; the format shows the digits
                    // written, and the exact text is in the CSV and JSON exports.
                    Some(figure) if col as usize == value_column => {
                        let decimals = "0".repeat(figure.scale() as usize);
                        let pattern = if decimals.is_empty() {
                            "#,##0".to_string()
                        } else {
                            format!("#,##0.{decimals}")
                        };
                        let number = CellFormat::new().set_num_format(pattern);
                        sheet.write_number_with_format(
                            r,
                            col,
                            figure.to_f64().unwrap_or_default(),
                            &number,
                        )?;
                    }
                    _ => {
                        sheet.write_string(r, col, fit_cell(cell).as_ref())?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    workbook.save_to_buffer()
}
