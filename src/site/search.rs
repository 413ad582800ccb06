//! The client-side search index (`search-index.json`), built once per build.
//!
//! Reports here are published in English and in Chinese, and Chinese has no spaces between
//! words, so text is cut into terms two ways: runs of letters and digits become lowercase
//! words; runs of CJK characters become overlapping character bigrams (a lone character
//! is a unigram). `templates/search.js` cuts the query the same way and intersects the
//! postings, so a search for 董事會 finds 董事 and 事會 in the same section. Keeping the
//! index a plain inverted map keeps the script small and the build linear in the text.

use crate::content::Section;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

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

/// Calls `f` with each search term of `text`: lowercase words and CJK bigrams (a lone CJK
/// character is a unigram). A word joined to the next by `.` or `-` (`B6.4`, `305-1`,
/// `MDR-GOV`) also gives the whole as one term after its parts, so a disclosure code is
/// found as written and not only as its pieces. Terms are built in reused buffers, so
/// counting them costs no allocation per word.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut compound = String::new();
    let mut joined = false;
    let mut pair = String::new();
    let mut previous_cjk: Option<char> = None;
    let mut run = 0usize;
    let end_cjk_run = |previous: &mut Option<char>, run: &mut usize, f: &mut dyn FnMut(&str)| {
        if *run == 1
            && let Some(c) = *previous
        {
            let mut buf = [0u8; 4];
            f(c.encode_utf8(&mut buf));
        }
        *previous = None;
        *run = 0;
    };
    // Ends the current word, and the compound it closes (when it had a joiner).
    let end_word =
        |word: &mut String, compound: &mut String, joined: &mut bool, f: &mut dyn FnMut(&str)| {
            if !word.is_empty() {
                f(word);
                word.clear();
            }
            if *joined {
                f(compound);
            }
            compound.clear();
            *joined = false;
        };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_cjk(c) {
            end_word(&mut word, &mut compound, &mut joined, &mut f);
            if let Some(p) = previous_cjk {
                pair.clear();
                pair.push(p);
                pair.push(c);
                f(&pair);
            }
            previous_cjk = Some(c);
            run += 1;
            continue;
        }
        end_cjk_run(&mut previous_cjk, &mut run, &mut f);
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
            compound.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
            compound.extend(c.to_lowercase());
        } else if matches!(c, '.' | '-')
            && !word.is_empty()
            && chars
                .peek()
                .is_some_and(|next| next.is_ascii_alphanumeric())
        {
            f(&word);
            word.clear();
            compound.push(c);
            joined = true;
        } else {
            end_word(&mut word, &mut compound, &mut joined, &mut f);
        }
    }
    end_cjk_run(&mut previous_cjk, &mut run, &mut f);
    end_word(&mut word, &mut compound, &mut joined, &mut f);
}

/// Cuts text into search terms: lowercase words and CJK bigrams.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.to_string()));
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
    /// Terms and weights, flat.
    k: Terms<'a>,
}

/// A document's terms with their weights, sorted by term: a disclosure code the section
/// addresses counts twenty, a title word ten, a word of the text one. Computed once per
/// section and kept in the render cache, so `serve` only recounts the section that changed.
pub fn section_terms(codes: &[&str], title: &str, text: &str) -> Vec<(String, u32)> {
    let mut counts: HashMap<String, u32> = HashMap::default();
    let mut add = |term: &str, weight: u32| match counts.get_mut(term) {
        Some(count) => *count += weight,
        None => {
            counts.insert(term.to_string(), weight);
        }
    };
    for code in codes {
        for_each_term(code, |t| add(t, 20));
    }
    for_each_term(title, |t| add(t, 10));
    for_each_term(text, |t| add(t, 1));
    let mut out: Vec<(String, u32)> = counts.into_iter().collect();
    out.sort_unstable();
    out
}

/// One section's entry in `search-index.json`: `{t, u, p, x, k}` where `k` lists the
/// section's terms and weights flat (`["term", weight, …]`); `search.js` inverts the lists
/// into postings when it loads. Computed with the section's Markdown and cached with it, so
/// `serve` re-serialises only the section that changed.
pub fn doc_fragment(section: &Section, text: &str, terms: &[(String, u32)]) -> Vec<u8> {
    let trail = section.trail.len().saturating_sub(1);
    entry(
        &section.title,
        &section.url,
        section.trail[..trail].join(" › "),
        text,
        terms,
    )
}

/// A search entry for any page or row: its title, URL, the trail shown above it, the text
/// snippets come from, and its weighted terms.
pub fn entry(
    title: &str,
    url: &str,
    trail: String,
    text: &str,
    terms: &[(String, u32)],
) -> Vec<u8> {
    let doc = Doc {
        t: title,
        u: url,
        p: trail,
        x: text,
        k: Terms(terms),
    };
    // Writing JSON into a Vec cannot fail.
    let mut out = Vec::with_capacity(text.len() + terms.len() * 12 + 128);
    let _ = serde_json::to_writer(&mut out, &doc);
    escape_angle_brackets(out)
}

/// Builds `search-index.json` (`{"docs": [...]}`) from the sections' fragments, in order.
pub fn build(fragments: &[&[u8]]) -> Vec<u8> {
    let mut json = Vec::with_capacity(fragments.iter().map(|f| f.len() + 1).sum::<usize>() + 16);
    json.extend_from_slice(b"{\"docs\":[");
    for (i, fragment) in fragments.iter().enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(fragment);
    }
    json.extend_from_slice(b"]}");
    json
}

/// `<` only occurs inside JSON strings; escaping it keeps the file inert if it is ever
/// inlined into a page.
fn escape_angle_brackets(json: Vec<u8>) -> Vec<u8> {
    if !json.contains(&b'<') {
        return json;
    }
    let mut escaped = Vec::with_capacity(json.len() + 64);
    for &b in &json {
        if b == b'<' {
            escaped.extend_from_slice(b"\\u003c");
        } else {
            escaped.push(b);
        }
    }
    escaped
}

/// Serialises `[(term, weight)]` as a flat `["term", weight, …]` array.
struct Terms<'a>(&'a [(String, u32)]);

impl Serialize for Terms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.0.len() * 2))?;
        for (term, weight) in self.0 {
            seq.serialize_element(term)?;
            seq.serialize_element(weight)?;
        }
        seq.end()
    }
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
        assert_eq!(terms("A一Ärger"), ["a", "一", "ärger"]);
    }

    #[test]
    fn codes_are_whole_terms_besides_their_parts() {
        assert_eq!(
            terms("KPI B6.4 and 305-1."),
            ["kpi", "b6", "4", "b6.4", "and", "305", "1", "305-1"]
        );
        assert_eq!(terms("MDR-GOV"), ["mdr", "gov", "mdr-gov"]);
        assert_eq!(terms("in 2025. Next"), ["in", "2025", "next"]);
        assert_eq!(terms("A1.1董事"), ["a1", "1", "a1.1", "董事"]);
        let weighted = section_terms(&["B6.4"], "Quality", "");
        assert!(weighted.contains(&("b6.4".to_string(), 20)), "{weighted:?}");
    }
}
