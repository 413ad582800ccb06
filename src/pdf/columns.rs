//! Column widths of a Markdown table, estimated from its text.
//!
//! typst sizes an `auto` column by laying out every cell of it once more before the real
//! layout; in a report with a table per section that is a quarter of the typesetting time.
//! The widths are instead estimated here from the cells' text, set on one line with the
//! advance widths of the body font (Libertinus Serif, built in; kerning and other fonts
//! ignored, a CJK character counted 1 em): a narrow table keeps its
//! natural width (as `auto` would), a wide one fills the text width the way typst shares it
//! between `auto` columns: a column that needs less than an equal share keeps its natural
//! width, and the others share what is left equally (never below their longest word).

/// The text width of the page, in em of the body text (A4 less 2 × 2.2 cm at 10 pt).
const TEXT_WIDTH: f64 = 47.0;
/// A table narrower than this share of the text width keeps its natural width, as an
/// `auto` table would (with room to spare for a table in a list or a quote).
const NARROW: f64 = 0.9;
/// A cell's horizontal inset (5 pt each side) and a little slack, in em of the body text.
const PADDING: f64 = 1.15;
/// The same in points, for tables set smaller than the body text.
const INSET: f64 = 11.5;
/// The advance of a character the font tables do not give, in em.
const OTHER: f64 = 0.55;

/// The advance widths of the body font's ASCII characters, regular and bold, in em.
#[derive(Debug, Clone)]
pub struct Advances {
    regular: [f64; 128],
    bold: [f64; 128],
}

impl Default for Advances {
    /// Half an em a character: for tests, and a machine where the font cannot be read.
    fn default() -> Self {
        Advances {
            regular: [0.5; 128],
            bold: [0.5; 128],
        }
    }
}

impl Advances {
    /// The advances of the regular and the bold face, from functions that read them from
    /// the font (`None` where the font has no glyph).
    pub fn new(regular: impl Fn(char) -> Option<f64>, bold: impl Fn(char) -> Option<f64>) -> Self {
        let mut advances = Advances::default();
        for (i, c) in (0u8..128).map(|b| (usize::from(b), char::from(b))) {
            advances.regular[i] = regular(c).unwrap_or(OTHER);
            advances.bold[i] = bold(c).unwrap_or(OTHER);
        }
        advances
    }

    /// The advance of `c`, in em.
    fn of(&self, c: char, bold: bool) -> f64 {
        let table = if bold { &self.bold } else { &self.regular };
        match table.get(c as usize) {
            Some(advance) if c.is_ascii() => *advance,
            _ if wide(c) => 1.0,
            _ => OTHER,
        }
    }
}

/// What one column holds: its widest cell and its longest word, in em.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Column {
    /// The widest cell, as if set on one line.
    pub widest: f64,
    /// The longest word, which cannot be broken.
    pub longest_word: f64,
}

/// Measures the text of a table's cells as it is read.
#[derive(Debug, Default)]
pub struct Measure {
    /// The columns so far.
    pub columns: Vec<Column>,
    column: usize,
    cell: f64,
    word: f64,
    header: bool,
}

impl Measure {
    /// A new row starts (`header`: the table's head row, set in bold).
    pub fn row(&mut self, header: bool) {
        self.column = 0;
        self.header = header;
    }

    /// A cell starts.
    pub fn cell_start(&mut self) {
        self.cell = 0.0;
        self.word = 0.0;
    }

    /// Text inside the open cell (the head row's is bold).
    pub fn text(&mut self, text: &str, advances: &Advances) {
        for c in text.chars() {
            let advance = advances.of(c, self.header);
            if c.is_whitespace() {
                self.cell += advance;
                self.end_word();
            } else {
                self.cell += advance;
                self.word += advance;
            }
        }
    }

    fn end_word(&mut self) {
        if self.columns.len() <= self.column {
            self.columns.resize(self.column + 1, Column::default());
        }
        let column = &mut self.columns[self.column];
        column.longest_word = column.longest_word.max(self.word);
        self.word = 0.0;
    }

    /// The open cell ends.
    pub fn cell_end(&mut self) {
        self.end_word();
        let column = &mut self.columns[self.column];
        column.widest = column.widest.max(self.cell);
        self.column += 1;
    }
}

/// True for characters set about 1 em wide: CJK ideographs, kana, hangul and fullwidth forms.
fn wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// The natural width of a column holding `texts` (each set on one line, in bold or not), as
/// a typst length: its widest text in em of the table's text size, plus the cell's inset.
pub fn natural_width<'t>(
    texts: impl Iterator<Item = (&'t str, bool)>,
    advances: &Advances,
) -> String {
    let widest = texts
        .map(|(text, bold)| text.chars().map(|c| advances.of(c, bold)).sum::<f64>())
        .fold(0.0, f64::max);
    format!("{widest:.2}em + {INSET}pt")
}

/// typst's `columns:` for a table of `count` columns holding `columns`: lengths in em for a
/// narrow table, fractions of the text width for a wide one.
pub fn widths(count: usize, columns: &[Column]) -> String {
    let column = |i: usize| columns.get(i).copied().unwrap_or_default();
    let natural: Vec<f64> = (0..count).map(|i| column(i).widest + PADDING).collect();
    let least: Vec<f64> = (0..count)
        .map(|i| column(i).longest_word + PADDING)
        .collect();
    let total: f64 = natural.iter().sum();
    let tracks: Vec<String> = if total <= NARROW * TEXT_WIDTH {
        natural.iter().map(|w| format!("{w:.1}em")).collect()
    } else {
        // Columns that fit in an equal share of what is left keep their natural width,
        // until the rest all need more; those share the remainder.
        let mut open: Vec<usize> = (0..count).collect();
        let mut remaining = TEXT_WIDTH;
        loop {
            let fair = remaining / open.len().max(1) as f64;
            let (fits, rest): (Vec<usize>, Vec<usize>) =
                open.iter().partition(|&&i| natural[i] <= fair);
            if fits.is_empty() || rest.is_empty() {
                break;
            }
            remaining -= fits.iter().map(|&i| natural[i]).sum::<f64>();
            open = rest;
        }
        let fair = remaining / open.len().max(1) as f64;
        (0..count)
            .map(|i| {
                let width = if open.contains(&i) && natural[i] > fair {
                    fair.max(least[i])
                } else {
                    natural[i]
                };
                format!("{width:.1}fr")
            })
            .collect()
    };
    format!("({},)", tracks.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Advances like a real font's: bold a little wider.
    fn advances() -> Advances {
        Advances::new(|_| Some(0.5), |_| Some(0.54))
    }

    fn measure(rows: &[&[&str]]) -> Vec<Column> {
        let advances = advances();
        let mut m = Measure::default();
        for (r, row) in rows.iter().enumerate() {
            m.row(r == 0);
            for cell in *row {
                m.cell_start();
                m.text(cell, &advances);
                m.cell_end();
            }
        }
        m.columns
    }

    #[test]
    fn cells_are_measured_by_their_widest_cell_and_longest_word() {
        let columns = measure(&[&["Year", "Value"], &["2025", "1,300,453 tonnes"]]);
        assert_eq!(
            columns,
            [
                Column {
                    widest: 2.16,
                    longest_word: 2.16
                },
                Column {
                    widest: 8.0,
                    longest_word: 4.5
                }
            ]
        );
        assert_eq!(
            natural_width(
                [("A1.1", true), ("Mandatory", false)].into_iter(),
                &advances()
            ),
            "4.50em + 11.5pt"
        );
        // Chinese characters are an em wide.
        assert_eq!(measure(&[&["排放"]])[0].widest, 2.0);
    }

    #[test]
    fn a_narrow_table_keeps_its_natural_width_and_a_wide_one_fills_the_line() {
        let narrow = measure(&[&["Year", "Value"], &["2025", "1,300,453 tonnes"]]);
        assert_eq!(widths(2, &narrow), "(3.3em, 9.2em,)");
        let long = "word ".repeat(40);
        let wide = measure(&[&["Item", "Explanation"], &["A1.1", long.trim()]]);
        // The first column keeps its natural width and the second takes the rest.
        assert_eq!(widths(2, &wide), "(3.3fr, 43.7fr,)");
        // Four long columns share the width equally; a short one keeps its own.
        let cell = "a longer text ".repeat(3);
        let four = measure(&[&["No."], &["1", &cell, &cell, &cell, &cell]]);
        assert_eq!(widths(5, &four), "(2.8fr, 11.1fr, 11.1fr, 11.1fr, 11.1fr,)");
        // A column the table has no cell for is as narrow as an empty cell.
        assert_eq!(widths(3, &narrow), "(3.3em, 9.2em, 1.1em,)");
    }
}
