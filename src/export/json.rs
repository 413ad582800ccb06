//! JSON export: the [`IndexDocument`] shape of SPEC.md, pretty-printed.

use super::IndexDocument;

/// Serialises the document with a trailing newline.
pub fn render(document: &IndexDocument<'_>) -> String {
    // Serialising plain strings and vectors cannot fail.
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}
