//! XLSX export: one worksheet with a bold header row, frozen panes, a filter and column
//! widths fitted to the content. Every cell is written as a string, never a formula.

use super::{IndexDocument, columns, table};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, XlsxError};

/// Excel's limit on the text of one cell, in UTF-16 code units.
pub const MAX_CELL_LEN: usize = 32_767;

/// Shortens a cell Excel could not hold (a very long explanation, say), saying so, instead
/// of failing the whole export.
pub fn fit_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    const NOTE: &str =
        " … [cut: Excel cells hold 32,767 characters; the JSON and CSV exports have the full text]";
    if cell.encode_utf16().count() <= MAX_CELL_LEN {
        return cell.into();
    }
    let budget = MAX_CELL_LEN - NOTE.encode_utf16().count();
    let mut used = 0;
    let mut end = 0;
    for (i, c) in cell.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    format!("{}{NOTE}", &cell[..end]).into()
}

/// Renders the workbook bytes.
pub fn render(document: &IndexDocument<'_>) -> Result<Vec<u8>, XlsxError> {
    let rows = table(document);
    let columns = columns(document);
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(format!("{} content index", document.framework))
        .set_subject(document.report);
    workbook.set_properties(&properties);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE8EEF4))
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = workbook.add_worksheet();
    // Sheet names are limited to 31 characters and may not hold some punctuation.
    let name: String = document
        .framework
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    sheet.set_name(if name.is_empty() {
        "Index".to_string()
    } else {
        name
    })?;
    for (col, heading) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &header)?;
    }
    let mut widths: Vec<usize> = columns.iter().map(|h| h.chars().count()).collect();
    for (r, row) in rows.iter().enumerate() {
        for (col, cell) in row.iter().enumerate() {
            sheet.write_string_with_format(r as u32 + 1, col as u16, fit_cell(cell), &wrap)?;
            let longest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            widths[col] = widths[col].max(longest);
        }
    }
    for (col, width) in widths.iter().enumerate() {
        // Wide enough to read, narrow enough that long explanations wrap.
        sheet.set_column_width(col as u16, (*width as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    // The index sheet stays a plain table (filters, pasting); what GRI asks to state with
    // the index goes on a sheet of its own.
    let about: Vec<(&str, &str)> = [
        ("Report", Some(document.report)),
        ("Framework", Some(document.framework)),
        ("Statement of use", document.statement_of_use),
        ("GRI 1 used", document.gri_1_used),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let sheet = workbook.add_worksheet();
    sheet.set_name("About")?;
    for (r, (key, value)) in about.iter().enumerate() {
        sheet.write_string_with_format(r as u32, 0, *key, &header)?;
        sheet.write_string_with_format(r as u32, 1, fit_cell(value), &wrap)?;
    }
    sheet.set_column_width(0, 18.0)?;
    sheet.set_column_width(1, 90.0)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::{MAX_CELL_LEN, fit_cell};

    #[test]
    fn long_cells_are_cut_to_excels_limit() {
        assert_eq!(fit_cell("short"), "short");
        for long in [
            "x".repeat(40_000),
            "排放".repeat(20_000),
            "😀".repeat(20_000),
        ] {
            let fitted = fit_cell(&long);
            let units = fitted.encode_utf16().count();
            assert!(
                units <= MAX_CELL_LEN && units > MAX_CELL_LEN - 200,
                "{units}"
            );
            assert!(fitted.ends_with("the full text]"));
        }
    }
}
