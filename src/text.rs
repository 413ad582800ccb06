//! Text helpers every stage uses, written once: decoding file bytes, mapping byte offsets to
//! lines, percent-decoding link and URL paths, and escaping HTML.

use crate::diag::{Code, Diagnostics};

/// Turns file bytes into text: strips a UTF-8 BOM, normalises CRLF and CR to LF, and rejects
/// UTF-16 and invalid UTF-8 with the line of the first bad byte.
pub fn decode_text(file: &str, bytes: &[u8], diags: &mut Diagnostics) -> Option<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        diags.push(
            Code::NotUtf8
                .error(file, None, "the file is saved as UTF-16")
                .with_help("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
        );
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        // A lone CR (old Mac line ends) is a line break too, as in editors and in YAML:
        // turning it into LF keeps every stage's line numbers the same.
        Ok(text) => Some(if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_string()
        }),
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            // Lines end at LF, CRLF or a lone CR, as above.
            let line = valid
                .iter()
                .enumerate()
                .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && valid.get(i + 1) != Some(&b'\n')))
                .count()
                + 1;
            diags.push(
                Code::NotUtf8
                    .error(file, Some(line), "the file is not valid UTF-8 text")
                    .with_help("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"),
            );
            None
        }
    }
}

/// Maps byte offsets of a text to 1-based lines.
pub struct LineIndex {
    starts: Vec<usize>,
    ends_with_newline: bool,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            ends_with_newline: text.ends_with('\n'),
        }
    }

    /// The last line that has any text (a final newline does not start another line).
    pub fn last_line(&self) -> usize {
        if self.ends_with_newline && self.starts.len() > 1 {
            self.starts.len() - 1
        } else {
            self.starts.len()
        }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits is kept as written (a file
/// may be named `100%.md`); `None` when the decoded bytes are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(&[hi, lo]) = bytes.get(i + 1..i + 3)
            && let (Some(hi), Some(lo)) = (hex(hi), hex(lo))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// HTML-escapes text for element content and quoted attributes. Unlike tera's default it
/// leaves `/` alone, so URLs in the output stay readable.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Hashes what `parts` feeds in (for render and page caches, and to compare file contents).
pub fn hash_of(parts: impl FnOnce(&mut std::collections::hash_map::DefaultHasher)) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parts(&mut hasher);
    hasher.finish()
}

/// A 64-bit FNV-1a hash of `text`: the same in every esgbook version and on every machine,
/// unlike [`hash_of`], so it may be written into files (`translated-from`).
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_hash_is_fnv1a() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn lines_of_offsets() {
        let index = LineIndex::new("a\nbc\n\nd");
        assert_eq!(
            [0, 1, 2, 4, 5, 6].map(|o| index.line_of(o)),
            [1, 1, 2, 2, 3, 4]
        );
        assert_eq!(index.last_line(), 4);
        assert_eq!(LineIndex::new("a\n").last_line(), 1);
    }

    #[test]
    fn percent_decoding_keeps_stray_percents() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("100%.md").as_deref(), Some("100%.md"));
        assert_eq!(percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%E7%92%B0").as_deref(), Some("環"));
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn escapes_html_but_not_slashes() {
        assert_eq!(
            escape_html("<a href='x/y'>&\""),
            "&lt;a href=&#39;x/y&#39;&gt;&amp;&quot;"
        );
    }

    #[test]
    fn decodes_boms_and_line_ends_and_rejects_utf16() {
        let mut diags = Diagnostics::new();
        assert_eq!(
            decode_text("f", b"\xEF\xBB\xBFa\r\nb\rc", &mut diags).as_deref(),
            Some("a\nb\nc")
        );
        assert_eq!(decode_text("f", b"\xFF\xFEa", &mut diags), None);
        assert_eq!(decode_text("f", b"a\nb\xFF", &mut diags), None);
        let lines: Vec<_> = diags.errors().iter().map(|d| d.line).collect();
        assert_eq!(lines, [None, Some(2)]);
    }
}
