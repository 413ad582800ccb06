//! CSV export: UTF-8 with a byte-order mark, so Excel shows Chinese text correctly, and
//! with formula-looking cells neutralised.

use super::{IndexDocument, columns, table};

/// Prefixes `'` to a cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab, carriage return): the OWASP advice against CSV injection.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Renders the CSV bytes.
pub fn render(document: &IndexDocument<'_>) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail.
        let _ = writer.write_record(columns(document));
        for row in table(document) {
            let _ = writer.write_record(row.iter().map(|c| neutralise(c)));
        }
        let _ = writer.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("A1.1"), "A1.1");
    }
}
