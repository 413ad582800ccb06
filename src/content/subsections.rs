//! Subsection tags: a heading inside a section may carry its own codes as heading
//! attributes, so the index points at the passage rather than the whole page:
//!
//! ```markdown
//! ## Hazardous waste {#hazardous-waste hkex="A1.3 A1.6" gri="306-3"}
//! ```
//!
//! The codes become [`Tag`]s of the section that carry the heading's anchor and title; the
//! coverage stage resolves them like front-matter codes, at the heading's line.

use super::markdown::{RESERVED_IDS, options, slugify};
use super::{Subsection, Tag};
use crate::content::front_matter::WrittenCode;
use crate::model::Framework;
use crate::text::LineIndex;
use pulldown_cmark::{CowStr, Event, Parser, Tag as MdTag, TagEnd};
use std::collections::HashSet;

/// The attributes of a heading, as pulldown-cmark gives them.
pub type Attributes<'a> = [(CowStr<'a>, Option<CowStr<'a>>)];

/// The codes a heading's attributes tag, per framework, and the positions of the attributes
/// that held them (so the renderer can leave them out of the HTML). pulldown-cmark splits a
/// quoted value at its spaces (`hkex="A1.3 A1.6"` arrives as `hkex="A1.3` and `A1.6"`), so
/// the pieces are joined again here.
pub fn heading_codes(attributes: &Attributes<'_>) -> (Vec<(Framework, String)>, Vec<usize>) {
    let mut codes = Vec::new();
    let mut used = Vec::new();
    let mut i = 0;
    while i < attributes.len() {
        let (key, value) = &attributes[i];
        let framework = Framework::ALL.into_iter().find(|f| f.key() == key.as_ref());
        let (Some(framework), Some(value)) = (framework, value) else {
            i += 1;
            continue;
        };
        used.push(i);
        let mut text = value.to_string();
        if text.starts_with('"') && !(text.len() > 1 && text.ends_with('"')) {
            // The rest of the quoted value: the following bare keys up to the closing quote.
            while i + 1 < attributes.len() {
                i += 1;
                used.push(i);
                text.push(' ');
                text.push_str(&attributes[i].0);
                if attributes[i].0.ends_with('"') {
                    break;
                }
            }
        }
        let text = text.trim_matches('"');
        codes.extend(
            text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、'))
                .filter(|code| !code.is_empty())
                .map(|code| (framework, code.to_string())),
        );
        i += 1;
    }
    (codes, used)
}

/// A heading being read: its explicit id, its codes, its line and its text so far.
type OpenHeading = (Option<String>, Vec<(Framework, String)>, usize, String);

/// The tags of a section body's headings, each with its heading's anchor (the explicit
/// `{#id}`, else the id the renderer generates from the text) and title.
pub fn scan(body: &str, body_line: usize) -> Vec<Tag> {
    let lines = LineIndex::new(body);
    let mut tags = Vec::new();
    // Generated ids are made unique in document order, as the renderer does.
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut heading: Option<OpenHeading> = None;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(MdTag::Heading { id, attrs, .. }) => {
                let (codes, _) = heading_codes(&attrs);
                let line = body_line + lines.line_of(range.start) - 1;
                heading = Some((id.map(|i| i.to_string()), codes, line, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, _, title)) = heading.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((id, codes, line, title)) = heading.take() else {
                    continue;
                };
                let anchor = match id {
                    Some(explicit) => explicit,
                    None => {
                        let base = slugify(&title);
                        let mut unique = base.clone();
                        let mut n = 1;
                        while used.contains(&unique) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        unique
                    }
                };
                used.insert(anchor.clone());
                let subsection = Subsection {
                    anchor,
                    title: title.trim().to_string(),
                };
                tags.extend(codes.into_iter().map(|(framework, text)| Tag {
                    framework,
                    code: WrittenCode { text, line },
                    subsection: Some(subsection.clone()),
                }));
            }
            _ => {}
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(tags: &[Tag]) -> Vec<(String, String, usize, String)> {
        tags.iter()
            .map(|t| {
                let sub = t.subsection.clone().unwrap_or_else(|| Subsection {
                    anchor: String::new(),
                    title: String::new(),
                });
                (t.code.text.clone(), sub.anchor, t.code.line, sub.title)
            })
            .collect()
    }

    #[test]
    fn quoted_and_bare_heading_tags_with_their_anchors_and_lines() {
        let body = "# Waste\n\n## Hazardous waste {#hazardous-waste hkex=\"A1.3 A1.6\" gri=\"306-3\"}\n\nText.\n\n## Water use {hkex=A2.2}\n\n## Water use {gri=303-5}\n";
        let tags = scan(body, 5);
        assert_eq!(
            found(&tags),
            [
                (
                    "A1.3".into(),
                    "hazardous-waste".into(),
                    7,
                    "Hazardous waste".into()
                ),
                (
                    "A1.6".into(),
                    "hazardous-waste".into(),
                    7,
                    "Hazardous waste".into()
                ),
                (
                    "306-3".into(),
                    "hazardous-waste".into(),
                    7,
                    "Hazardous waste".into()
                ),
                ("A2.2".into(), "water-use".into(), 11, "Water use".into()),
                ("303-5".into(), "water-use-1".into(), 13, "Water use".into()),
            ]
        );
        assert_eq!(tags[2].framework, Framework::Gri);
    }

    #[test]
    fn the_attributes_that_held_codes_are_named_for_the_renderer() {
        let attrs: Vec<(CowStr, Option<CowStr>)> = vec![
            ("hkex".into(), Some("\"A1.3".into())),
            ("A1.6\"".into(), None),
            ("lang".into(), Some("en".into())),
        ];
        let (codes, used) = heading_codes(&attrs);
        assert_eq!(
            codes,
            [
                (Framework::Hkex, "A1.3".to_string()),
                (Framework::Hkex, "A1.6".to_string())
            ]
        );
        assert_eq!(used, [0, 1]);
    }
}
