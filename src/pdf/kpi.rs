//! `{{#kpi …}}` directives in the PDF: the same [`Table`] the site draws, as a typst table
//! (`esg-kpi` in `template.typ`), or the same SVG chart, given to typst as an image.
//!
//! Every figure is passed as the string the model formatted (thousands separators and the
//! decimals as written, `/` when not reported), so the PDF prints exactly what the site
//! prints; nothing is formatted again in typst.

use super::columns::{Advances, natural_width};
use super::markup::lit;
use crate::content::chart;
use crate::content::kpi::{self, ASSURED_MARK, Chart, Directive, Table};
use crate::data::DataSet;
use crate::locale::Lang;
use std::fmt::Write as _;

/// The room after each figure for the assured mark and its gap, in em.
const MARK_EM: f64 = 1.1;

/// The typst markup of a directive: its table, or its chart; nothing when it names
/// something unknown (reported when the report was loaded). `id` is unique in the document;
/// `lang` is the edition's language, whose words the table and chart print.
pub fn directive(
    directive: &Directive,
    data: &DataSet,
    id: &str,
    lang: Lang,
    advances: &Advances,
) -> String {
    let Some(table) = kpi::table_in(directive, data, lang) else {
        return String::new();
    };
    if directive.chart == Chart::None {
        table_markup(&table, advances)
    } else {
        chart_markup(&chart::draw(&table, directive.chart, id, lang.strings()))
    }
}

/// `#esg-kpi(periods, rows, notes: …, assured: …, widths: …)`. Each row is `(label, unit,
/// kind, marks, cells)`: `kind` is `total` for a breakdown's total, `part` for its members
/// and `row` otherwise; `marks` the row's note numbers (`1,2`); each cell `(figure,
/// assured)`. `widths` are those of the unit and period columns, from their text (the
/// figure columns leave room for the assured mark).
fn table_markup(table: &Table, advances: &Advances) -> String {
    let unit = natural_width(
        std::iter::once(("Unit", true)).chain(table.rows.iter().map(|r| (r.unit, false))),
        advances,
    );
    let mut widths = vec![unit];
    for (i, period) in table.columns.iter().enumerate() {
        let figures = table.rows.iter().filter_map(|r| r.texts.get(i));
        let width = natural_width(
            std::iter::once((period.as_str(), true)).chain(figures.map(|t| (t.as_str(), false))),
            advances,
        );
        widths.push(format!("{width} + {MARK_EM}em"));
    }
    let mut out = String::from("#esg-kpi((");
    for period in &table.columns {
        let _ = write!(out, "{}, ", lit(period));
    }
    out.push_str("), (");
    let grouped = table.by.is_some();
    for row in &table.rows {
        let kind = match (row.part, grouped) {
            (true, _) => "part",
            (false, true) => "total",
            (false, false) => "row",
        };
        let marks: Vec<String> = row.notes.iter().map(usize::to_string).collect();
        let _ = write!(
            out,
            "({}, {}, \"{kind}\", {}, (",
            lit(&row.label),
            lit(row.unit),
            lit(&marks.join(","))
        );
        for (cell, text) in row.cells.iter().zip(&row.texts) {
            let assured = cell.is_some_and(|v| v.assured && v.value.is_some());
            let _ = write!(out, "({}, {assured}), ", lit(text));
        }
        out.push_str(")), ");
    }
    out.push_str("), notes: (");
    for note in &table.notes {
        let _ = write!(out, "{}, ", lit(note));
    }
    let _ = writeln!(
        out,
        "), assured: {}, mark: {}, widths: ({}, ))\n",
        table.assured,
        lit(ASSURED_MARK),
        widths.join(", ")
    );
    out
}

/// `#esg-chart(svg, alt, caption)`: the SVG as a string, which the template reads as the
/// bytes of an image.
fn chart_markup(drawing: &chart::Drawing) -> String {
    format!(
        "#esg-chart({}, {}, {})\n\n",
        lit(&drawing.svg),
        lit(&drawing.summary),
        lit(&format!("{} ({})", drawing.title, drawing.unit))
    )
}
