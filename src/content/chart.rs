//! KPI charts as SVG, drawn at build time: no JavaScript, readable in any browser and
//! printable. The figures stay exact decimals in the table; only the drawing's geometry
//! uses floating point.

use super::kpi::{Chart, Table, series};
use crate::data::number;
use crate::locale::Strings;
use crate::text::escape_html;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write as _;

/// Fill colours of the series, in order (the report's greens, then contrasting hues).
const PALETTE: &[&str] = &[
    "#0b5c4b", "#7fb069", "#b4571a", "#4a7ba6", "#b5495b", "#6b6b6b",
];

const WIDTH: f64 = 640.0;
const PLOT_TOP: f64 = 16.0;
const PLOT_HEIGHT: f64 = 220.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 16.0;
const LEGEND_ROW: f64 = 22.0;

/// A chart drawn as SVG, with the words that go with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawing {
    /// The `<svg>` element, self-contained (no script, no external files).
    pub svg: String,
    /// What the chart shows (`Employees by gender`, or the rows' labels).
    pub title: String,
    /// The unit of its values.
    pub unit: String,
    /// A sentence for readers who cannot see it: `Bar chart of … (t), 2023 to 2025`.
    pub summary: String,
}

/// Appends a `<figure>` with the chart of `table`'s rows (the breakdown's parts when there
/// are some, else every row) to `out`. `id` prefixes the title and description ids.
pub fn render(table: &Table, kind: Chart, id: &str, words: &Strings, out: &mut String) {
    let drawing = draw(table, kind, id, words);
    let _ = writeln!(
        out,
        "<figure class=\"kpi-chart\">{}<figcaption>{} ({})</figcaption></figure>",
        drawing.svg,
        escape_html(&drawing.title),
        escape_html(&drawing.unit)
    );
}

/// The chart of `table`'s rows (the breakdown's parts when there are some, else every row)
/// as SVG; `id` prefixes the ids of its title and description, which say that the figures
/// are in the table that follows (as on the site), in the edition's `words`.
pub fn draw(table: &Table, kind: Chart, id: &str, words: &Strings) -> Drawing {
    let mut out = String::new();
    let rows: Vec<_> = if table.rows.iter().any(|r| r.part) {
        table.rows.iter().filter(|r| r.part).collect()
    } else {
        table.rows.iter().collect()
    };
    let periods: Vec<&String> = table.columns.iter().rev().collect();
    let data: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| {
            series(r)
                .into_iter()
                .map(|v| v.and_then(|d| d.to_f64()))
                .collect()
        })
        .collect();
    let max = data
        .iter()
        .flatten()
        .flatten()
        .fold(0.0_f64, |a, b| a.max(*b));
    let top = nice_ceiling(max);
    let legend_rows = rows.len().div_ceil(3) as f64;
    let height = PLOT_TOP + PLOT_HEIGHT + 40.0 + legend_rows * LEGEND_ROW;
    let plot_width = WIDTH - LEFT - RIGHT;
    let y = |v: f64| PLOT_TOP + PLOT_HEIGHT - v / top * PLOT_HEIGHT;

    let title = match (&table.by, table.rows.iter().find(|r| !r.part)) {
        (Some(by), Some(total)) => words.fill("chart_by", &[("total", &total.label), ("by", by)]),
        _ => rows
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let unit = rows.first().map_or("", |r| r.unit);
    let key = if kind == Chart::Line {
        "chart_line"
    } else {
        "chart_bar"
    };
    let desc = words.fill(
        key,
        &[
            ("title", &title),
            ("unit", unit),
            ("periods", &periods_text(&periods, words)),
        ],
    );
    let summary = desc.clone();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape_html(&title),
        escape_html(&desc)
    );
    // Grid lines and the value axis.
    let decimals = decimals_of(top / 4.0);
    for step in 0..=4 {
        let v = top * f64::from(step) / 4.0;
        let gy = y(v);
        let _ = write!(
            out,
            r##"<line x1="{LEFT}" y1="{gy:.1}" x2="{:.1}" y2="{gy:.1}" stroke="#d5dde2" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="#4b5964">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            gy + 4.0,
            axis_label(v, decimals)
        );
    }
    let group = plot_width / periods.len().max(1) as f64;
    for (p, period) in periods.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="#17242c">{}</text>"##,
            LEFT + group * (p as f64 + 0.5),
            PLOT_TOP + PLOT_HEIGHT + 18.0,
            escape_html(period)
        );
    }
    let colour = |s: usize| PALETTE[s % PALETTE.len()];
    match kind {
        Chart::Line => {
            for (s, values) in data.iter().enumerate() {
                let points: Vec<String> = values
                    .iter()
                    .enumerate()
                    .filter_map(|(p, v)| {
                        v.map(|v| format!("{:.1},{:.1}", LEFT + group * (p as f64 + 0.5), y(v)))
                    })
                    .collect();
                let _ = write!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>"#,
                    points.join(" "),
                    colour(s)
                );
                for point in &points {
                    let (cx, cy) = point.split_once(',').unwrap_or(("0", "0"));
                    let _ = write!(
                        out,
                        r#"<circle cx="{cx}" cy="{cy}" r="3.5" fill="{}"/>"#,
                        colour(s)
                    );
                }
            }
        }
        _ => {
            let bar = (group * 0.8) / data.len().max(1) as f64;
            for (s, values) in data.iter().enumerate() {
                for (p, v) in values.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let x = LEFT + group * p as f64 + group * 0.1 + bar * s as f64;
                    let _ = write!(
                        out,
                        r#"<rect x="{x:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}"/>"#,
                        y(v.max(0.0)),
                        (bar - 2.0).max(1.0),
                        (v.max(0.0) / top * PLOT_HEIGHT).max(0.0),
                        colour(s)
                    );
                }
            }
        }
    }
    // The legend, three series to a row.
    for (s, row) in rows.iter().enumerate() {
        let lx = LEFT + (s % 3) as f64 * (plot_width / 3.0);
        let ly = PLOT_TOP + PLOT_HEIGHT + 48.0 + (s / 3) as f64 * LEGEND_ROW;
        let _ = write!(
            out,
            r##"<rect x="{lx:.1}" y="{:.1}" width="12" height="12" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="13" fill="#17242c">{}</text>"##,
            ly - 10.0,
            colour(s),
            lx + 18.0,
            ly,
            escape_html(&row.label)
        );
    }
    out.push_str("</svg>");
    Drawing {
        svg: out,
        title,
        unit: unit.to_string(),
        summary,
    }
}

fn periods_text(periods: &[&String], words: &Strings) -> String {
    match (periods.first(), periods.last()) {
        (Some(first), Some(last)) if periods.len() > 1 => {
            words.fill("chart_periods", &[("first", first), ("last", last)])
        }
        (Some(only), _) => only.to_string(),
        _ => String::new(),
    }
}

/// The top of the value axis: four grid steps of 1, 2, 2.5 or 5 × 10ⁿ reaching `max` (4 for
/// an empty chart).
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 4.0;
    }
    let step = max / 4.0;
    let magnitude = 10f64.powf(step.log10().floor());
    4.0 * [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= step * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude)
}

/// The decimals a grid step needs to be printed exactly (`2500` → 0, `0.005` → 3).
fn decimals_of(step: f64) -> u32 {
    (0..6)
        .find(|d| {
            let scaled = step * 10f64.powi(*d as i32);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6)
}

/// An axis value with thousands separators and `decimals` decimals.
fn axis_label(v: f64, decimals: u32) -> String {
    let rounded = Decimal::from_f64_retain(v)
        .map(|d| d.round_dp(decimals))
        .unwrap_or_default();
    number::format(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(nice_ceiling(3361.0), 4000.0);
        assert_eq!(nice_ceiling(5003.0), 8000.0);
        assert_eq!(nice_ceiling(4000.0), 4000.0);
        assert_eq!(nice_ceiling(0.031), 0.04);
        assert_eq!(nice_ceiling(0.0), 4.0);
        assert_eq!(decimals_of(2500.0), 0);
        assert_eq!(decimals_of(0.005), 3);
        assert_eq!(axis_label(2500.0, 0), "2,500");
        assert_eq!(axis_label(0.015, 3), "0.015");
    }
}
