//! Markdown export: a heading and a pipe table, ready to paste into a report.

use super::{IndexDocument, columns, table};
use std::fmt::Write as _;

/// Escapes a cell: pipes, backslashes, HTML brackets, and line breaks as `<br>`.
pub fn escape(cell: &str) -> String {
    cell.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// Renders the Markdown text.
pub fn render(document: &IndexDocument<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} content index: {}\n",
        escape(document.framework),
        escape(document.report)
    );
    if let Some(statement) = document.statement_of_use {
        let _ = writeln!(out, "**Statement of use.** {}\n", escape(statement));
    }
    if let Some(gri1) = document.gri_1_used {
        let _ = writeln!(out, "**GRI 1 used.** {}\n", escape(gri1));
    }
    let columns = columns(document);
    let _ = writeln!(out, "| {} |", columns.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(columns.len()));
    for row in table(document) {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out
}
