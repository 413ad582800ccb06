//! Exports: one framework's content index as JSON, CSV, Markdown or XLSX, and the key
//! performance data ([`data`]).
//!
//! JSON follows the shape fixed in SPEC.md ([`IndexDocument`]). The three tabular formats
//! share one flattening ([`table`]) so their rows and cells agree with each other and
//! with the JSON.

pub mod csv;
pub mod data;
pub mod json;
pub mod markdown;
pub mod xlsx;

use crate::Project;
use crate::coverage::{Index, Location, Row};
use serde::Serialize;

/// A location in the JSON export.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonLocation<'a> {
    /// Section title.
    pub title: &'a str,
    /// Chapter › section titles.
    pub trail: &'a [String],
    /// Source path relative to the source folder.
    pub path: &'a str,
    /// Page URL relative to the site root.
    pub url: &'a str,
    /// The page number printed where the section starts in the PDF (`export --pages`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// An omission in the JSON export.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JsonOmission<'a> {
    /// Reason (GRI), or `null`.
    pub reason: Option<&'a str>,
    /// Explanation.
    pub explanation: &'a str,
}

/// A row in the JSON export.
#[derive(Debug, Serialize)]
pub struct JsonRow<'a> {
    /// Item id.
    pub id: &'a str,
    /// How issuers print the item (`KPI A1.1`).
    pub label: &'a str,
    /// Item title.
    pub title: &'a str,
    /// Item kind.
    pub kind: &'a str,
    /// Obligation for this report.
    pub obligation: &'a str,
    /// Status.
    pub status: &'a str,
    /// Sections addressing the item.
    pub locations: Vec<JsonLocation<'a>>,
    /// The model row, which the tabular exports print.
    #[serde(skip)]
    pub row: &'a Row,
    /// Omission, or `null`.
    pub omission: Option<JsonOmission<'a>>,
}

/// The JSON export document.
#[derive(Debug, Serialize)]
pub struct IndexDocument<'a> {
    /// Catalog id.
    pub framework: &'a str,
    /// Report title.
    pub report: &'a str,
    /// The GRI statement of use (GRI indexes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement_of_use: Option<&'a str>,
    /// The "GRI 1 used" line (GRI indexes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gri_1_used: Option<&'a str>,
    /// One row per catalog item, in catalog order.
    pub rows: Vec<JsonRow<'a>>,
    /// True when the locations carry PDF page numbers (`export --pages`): the tabular
    /// exports then have a Page column.
    #[serde(skip)]
    pub pages: bool,
}

/// Builds the JSON document of one index.
pub fn document<'a>(project: &'a Project, index: &'a Index) -> IndexDocument<'a> {
    let rows = index
        .rows
        .iter()
        .map(|row| JsonRow {
            id: &row.id,
            label: &row.label,
            title: &row.title,
            kind: row.kind.as_str(),
            obligation: row.obligation.as_str(),
            status: row.status.as_str(),
            locations: row
                .locations
                .iter()
                .map(|l| JsonLocation {
                    title: &l.title,
                    trail: &l.trail,
                    path: &l.path,
                    url: &l.url,
                    page: l.page,
                })
                .collect(),
            row,
            omission: row.omission.as_ref().map(|o| JsonOmission {
                reason: o.reason.as_deref(),
                explanation: &o.explanation,
            }),
        })
        .collect();
    IndexDocument {
        framework: &index.catalog.id,
        report: &project.config.book.title,
        statement_of_use: index.statement_of_use.as_deref(),
        gri_1_used: index.catalog.gri1.as_deref(),
        pages: index
            .rows
            .iter()
            .any(|r| r.locations.iter().any(|l| l.page.is_some())),
        rows,
    }
}

/// Column headings of the tabular exports.
pub const COLUMNS: [&str; 10] = [
    "ID",
    "Label",
    "Title",
    "Kind",
    "Obligation",
    "Status",
    "Location",
    "Path",
    "Omission reason",
    "Explanation",
];

/// The Page column, after Location, in exports with page numbers.
pub const PAGE_COLUMN: &str = "Page";

/// Where [`PAGE_COLUMN`] goes: right after Location.
const PAGE_AT: usize = 7;

// The Page column must follow Location, wherever the columns move.
const _: () = assert!(matches!(COLUMNS[PAGE_AT - 1].as_bytes(), b"Location"));

/// The column headings of `document`'s tabular exports: [`COLUMNS`], with [`PAGE_COLUMN`]
/// when the locations carry pages.
pub fn columns(document: &IndexDocument<'_>) -> Vec<&'static str> {
    let mut columns = COLUMNS.to_vec();
    if document.pages {
        columns.insert(PAGE_AT, PAGE_COLUMN);
    }
    columns
}

/// Separator between several locations in one cell.
pub const LOCATION_SEPARATOR: &str = "; ";

/// The index as rows of cells, in [`columns`] order, shared by CSV, Markdown and XLSX.
pub fn table(document: &IndexDocument<'_>) -> Vec<Vec<String>> {
    document
        .rows
        .iter()
        .map(|json| {
            let mut cells = cells(json.row).to_vec();
            if document.pages {
                let pages = json
                    .row
                    .locations
                    .iter()
                    .map(|l| l.page.map_or_else(String::new, |p| p.to_string()))
                    .collect::<Vec<_>>()
                    .join(LOCATION_SEPARATOR);
                cells.insert(PAGE_AT, pages);
            }
            cells
        })
        .collect()
}

/// One row's cells: several locations share a cell, joined by [`LOCATION_SEPARATOR`].
fn cells(row: &Row) -> [String; 10] {
    let joined = |cell: fn(&Location) -> String| {
        row.locations
            .iter()
            .map(cell)
            .collect::<Vec<_>>()
            .join(LOCATION_SEPARATOR)
    };
    let omission = row.omission.as_ref();
    [
        row.id.clone(),
        row.label.clone(),
        row.title.clone(),
        row.kind.as_str().to_string(),
        row.obligation.as_str().to_string(),
        row.status.as_str().to_string(),
        joined(Location::trail_text),
        joined(|l| l.path.clone()),
        omission
            .and_then(|o| o.reason_label.clone())
            .unwrap_or_default(),
        omission.map(|o| o.explanation.clone()).unwrap_or_default(),
    ]
}

/// `export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON, as in SPEC.md.
    Json,
    /// CSV (UTF-8 with BOM, for Excel).
    Csv,
    /// A Markdown table.
    Md,
    /// An Excel workbook (needs -o).
    Xlsx,
}

/// Renders a document in `format`; only the workbook writer can fail.
pub fn render(document: &IndexDocument<'_>, format: Format) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => json::render(document).into_bytes(),
        Format::Csv => csv::render(document),
        Format::Md => markdown::render(document).into_bytes(),
        Format::Xlsx => xlsx::render(document).map_err(|e| e.to_string())?,
    })
}
