//! The client-side search index (`search-index.json`), built once per build.
//!
//! Reports here are published in English and in Chinese, and Chinese has no spaces between
//! words, so text is cut into terms two ways: runs of letters and digits become lowercase
//! words; runs of CJK characters become overlapping character bigrams (a lone character
//! is a unigram). `templates/search.js` cuts the query the same way and intersects the
//! postings, so a search for 董事會 finds 董事 and 事會 in the same section. Keeping the
//! index a plain inverted map keeps the script small and the build linear in the text.

use super::markdown::Rendered;
use crate::Project;
use serde::Serialize;
use std::collections::BTreeMap;

/// True for the CJK scripts indexed by bigrams (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{20000}'..='\u{2ffff}')
}

/// Cuts text into search terms: lowercase words and CJK bigrams.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        match cjk.len() {
            0 => {}
            1 => out.push(cjk[0].to_string()),
            _ => out.extend(cjk.windows(2).map(|w| w.iter().collect())),
        }
        cjk.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.extend(c.to_lowercase());
        } else {
            flush_cjk(&mut cjk, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[derive(Serialize)]
struct Doc<'a> {
    /// Title.
    t: &'a str,
    /// URL relative to the site root.
    u: &'a str,
    /// Trail above the section.
    p: String,
    /// Plain text, for snippets.
    x: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    docs: Vec<Doc<'a>>,
    /// term → flat `[doc, weight, doc, weight, …]`.
    terms: BTreeMap<String, Vec<u32>>,
}

/// Builds `search-index.json` from the rendered sections.
pub fn build(project: &Project, rendered: &[&Rendered]) -> Vec<u8> {
    let sections = &project.report.sections;
    let mut postings: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
    let mut docs = Vec::with_capacity(sections.len());
    for (s, (section, r)) in sections.iter().zip(rendered).enumerate() {
        let doc = s as u32;
        for term in terms(&section.title) {
            *postings.entry(term).or_default().entry(doc).or_default() += 10;
        }
        for term in terms(&r.text) {
            *postings.entry(term).or_default().entry(doc).or_default() += 1;
        }
        let trail = section.trail.len().saturating_sub(1);
        docs.push(Doc { t: &section.title, u: &section.url, p: section.trail[..trail].join(" › "), x: &r.text });
    }
    let terms = postings.into_iter().map(|(term, docs)| (term, docs.into_iter().flat_map(|(d, w)| [d, w]).collect())).collect();
    serde_json::to_vec(&Index { docs, terms }).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_and_chinese_bigrams() {
        assert_eq!(terms("Scope 1 emissions, 2025."), ["scope", "1", "emissions", "2025"]);
        assert_eq!(terms("董事會聲明"), ["董事", "事會", "會聲", "聲明"]);
        assert_eq!(terms("ESG委員會 met"), ["esg", "委員", "員會", "met"]);
        assert_eq!(terms("一"), ["一"]);
    }
}
