//! The client-side search index (`search-index.json`), built once per build.
//!
//! Reports here are published in English and in Chinese, and Chinese has no spaces between
//! words, so text is cut into terms two ways: runs of letters and digits become lowercase
//! words; runs of CJK characters become overlapping character bigrams (a lone character
//! is a unigram). `templates/search.js` cuts the query the same way and intersects the
//! postings, so a search for 董事會 finds 董事 and 事會 in the same section. Keeping the
//! index a plain inverted map keeps the script small and the build linear in the text.

use crate::Project;
use serde::Serialize;
use std::collections::HashMap;

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

/// A section's terms with their weights (a title word counts ten), sorted by term.
/// Computed once per section and kept in the render cache, so `serve` only recounts the
/// section that changed.
pub fn section_terms(title: &str, text: &str) -> Vec<(String, u32)> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for term in terms(title) {
        *counts.entry(term).or_default() += 10;
    }
    for term in terms(text) {
        *counts.entry(term).or_default() += 1;
    }
    let mut out: Vec<(String, u32)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// Builds `search-index.json`: `{"docs": [{t, u, p, x}], "terms": {term: [doc, weight, …]}}`.
/// `texts[s]` and `weights[s]` belong to section `s`.
pub fn build(project: &Project, texts: &[&str], weights: &[&[(String, u32)]]) -> Vec<u8> {
    let sections = &project.report.sections;
    let docs: Vec<Doc> = sections
        .iter()
        .zip(texts)
        .map(|(section, text)| {
            let trail = section.trail.len().saturating_sub(1);
            Doc {
                t: &section.title,
                u: &section.url,
                p: section.trail[..trail].join(" › "),
                x: text,
            }
        })
        .collect();
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    for (doc, terms) in weights.iter().enumerate() {
        for (term, weight) in terms.iter() {
            postings
                .entry(term.as_str())
                .or_default()
                .extend([doc as u32, *weight]);
        }
    }
    let mut keys: Vec<&str> = postings.keys().copied().collect();
    keys.sort_unstable();
    let mut json = String::with_capacity(texts.iter().map(|t| t.len()).sum::<usize>() * 2 + 1024);
    json.push_str("{\"docs\":");
    json.push_str(&serde_json::to_string(&docs).unwrap_or_else(|_| "[]".into()));
    json.push_str(",\"terms\":{");
    for (i, key) in keys.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(key).unwrap_or_default());
        json.push_str(":[");
        for (j, n) in postings[key].iter().enumerate() {
            if j > 0 {
                json.push(',');
            }
            json.push_str(&n.to_string());
        }
        json.push(']');
    }
    json.push_str("}}");
    // `<` only occurs inside JSON strings; escaping it keeps the file inert if it is ever
    // inlined into a page.
    json.replace('<', "\\u003c").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_and_chinese_bigrams() {
        assert_eq!(
            terms("Scope 1 emissions, 2025."),
            ["scope", "1", "emissions", "2025"]
        );
        assert_eq!(terms("董事會聲明"), ["董事", "事會", "會聲", "聲明"]);
        assert_eq!(terms("ESG委員會 met"), ["esg", "委員", "員會", "met"]);
        assert_eq!(terms("一"), ["一"]);
    }
}
