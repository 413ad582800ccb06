//! Markdown to HTML for one section: heading ids, links between `.md` files rewritten to
//! pages, and everything the site needs from the text gathered in the same pass.
//!
//! One pass over pulldown-cmark's events yields the page HTML, the plain text for search,
//! the section's heading ids and the cross-section links whose `#fragment` can only be
//! checked once every section has been rendered ([`check_fragments`]). The print page
//! renders each section a second time with [`Mode::Print`], where ids are prefixed with the
//! section's slug and links point at anchors inside the one print page.

use crate::Project;
use crate::content::Section;
use crate::diag::{Diagnostic, Diagnostics};
use crate::text::{LineIndex, percent_decode};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};

/// The Markdown extensions esgbook turns on.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Ids the page templates use themselves; a heading never takes one of them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "toc",
    "top",
    "site-search-q",
    "search-q",
    "search-status",
    "search-results",
    "addressed",
    "addressed-title",
    "cover-title",
    "frameworks-title",
    "contents-title",
    "esgbook-errors",
];

/// Where the HTML is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The section's own page.
    Page,
    /// The print page: all sections in one document.
    Print,
}

/// A link to another section (or this one) that names a fragment, checked after all
/// sections are rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FragmentLink {
    /// Index of the target section.
    pub target: usize,
    /// The fragment, percent-decoded.
    pub fragment: String,
    /// Line in the source file.
    pub line: usize,
    /// The link as written, for the message.
    pub written: String,
}

/// One section, rendered.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body HTML, without the leading `# Title` when there is one.
    pub html: String,
    /// The inline HTML of the leading level-1 heading, when the body starts with one.
    pub heading: Option<String>,
    /// Every id the body defines (headings and footnotes).
    pub ids: HashSet<String>,
    /// Second-level headings `(id, text)`, for the page's own contents.
    pub outline: Vec<(String, String)>,
    /// Plain text, for search.
    pub text: String,
    /// Links with fragments, to check later.
    pub links: Vec<FragmentLink>,
}

/// What the renderer needs to know about the whole report.
pub struct Links<'a> {
    /// The project.
    pub project: &'a Project,
    /// Section index by path relative to the source folder.
    pub by_path: HashMap<&'a str, usize>,
    /// Asset paths relative to the source folder.
    pub assets: HashSet<&'a str>,
    /// Pages esgbook generates, which sections may link to, with the row anchors of the
    /// content indexes (`None`: any fragment goes).
    pub generated: HashMap<String, Option<HashSet<String>>>,
}

impl<'a> Links<'a> {
    /// Indexes the report's sections and assets.
    pub fn new(project: &'a Project) -> Links<'a> {
        Links {
            project,
            by_path: project
                .report
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.path.as_str(), i))
                .collect(),
            assets: project.report.assets.iter().map(String::as_str).collect(),
            generated: generated_pages(project),
        }
    }
}

/// The pages of the site that are not sections: the content indexes (whose rows can be
/// linked to by `#item-…`) and the fixed pages.
fn generated_pages(project: &Project) -> HashMap<String, Option<HashSet<String>>> {
    let mut pages: HashMap<String, Option<HashSet<String>>> = [
        "index.html",
        "coverage.html",
        "print.html",
        "toc.html",
        "search.html",
    ]
    .iter()
    .map(|p| (p.to_string(), None))
    .collect();
    for index in &project.coverage.indexes {
        let rows = index
            .catalog
            .items
            .iter()
            .map(|item| super::views::row_anchor(&item.id))
            .collect();
        pages.insert(super::views::index_url(index.catalog.framework), Some(rows));
    }
    pages
}

/// The print page's anchor of a section (`governance/board.html` → `s-governance-board`).
pub fn print_slug(section: &Section) -> String {
    let stem = section.url.strip_suffix(".html").unwrap_or(&section.url);
    let mut slug = String::from("s-");
    for c in stem.chars() {
        slug.push(if c.is_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        });
    }
    slug
}

/// A heading's generated id: lowercase, punctuation dropped, spaces to dashes. Letters of
/// any script are kept, so Chinese headings get Chinese ids.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// A heading whose events are held back until its end: level, explicit id, classes,
/// attributes, inner events and text.
type PendingHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    Vec<Event<'a>>,
    String,
);

/// Renders a section's body. Broken links are errors at the line they are on (page mode
/// only; the print rendering repeats none of them).
pub fn render(links: &Links, s: usize, mode: Mode, diags: &mut Diagnostics) -> Rendered {
    let section = &links.project.report.sections[s];
    let body = section.body.as_str();
    let lines = LineIndex::new(body);
    let slug = print_slug(section);
    let mut out = Rendered::default();
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut events: Vec<Event> = Vec::new();
    // A heading is buffered until its end, so its id can come from its text.
    let mut heading: Option<PendingHeading> = None;
    let mut first_block = true;
    let mut strip_heading = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = section.body_line + lines.line_of(range.start) - 1;
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url =
                    rewrite_link(links, s, dest_url, line, mode, &slug, &mut out.links, diags);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_asset(links, section, dest_url, line, mode, diags);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::FootnoteReference(label) if mode == Mode::Print => {
                Event::FootnoteReference(format!("{slug}--{label}").into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let label: CowStr = if mode == Mode::Print {
                    format!("{slug}--{label}").into()
                } else {
                    label
                };
                out.ids.insert(label.to_string());
                Event::Start(Tag::FootnoteDefinition(label))
            }
            other => other,
        };
        // Wide tables scroll inside a box a keyboard can focus, not the page.
        let event = match event {
            Event::Start(Tag::Table(alignments)) => {
                events.push(Event::Html(
                    r#"<div class="table-wrap" tabindex="0" role="region" aria-label="Table">"#
                        .into(),
                ));
                Event::Start(Tag::Table(alignments))
            }
            // pulldown-cmark's checkbox has no label; say what it means.
            Event::TaskListMarker(done) => Event::Html(
                if done {
                    r#"<input type="checkbox" disabled checked aria-label="Done"> "#
                } else {
                    r#"<input type="checkbox" disabled aria-label="Not done"> "#
                }
                .into(),
            ),
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>\n".into())
            }
            other => other,
        };
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                strip_heading = first_block && level == HeadingLevel::H1;
                heading = Some((level, id, classes, attrs, Vec::new(), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, id, classes, attrs, inner, text)) = heading.take() else {
                    continue;
                };
                let base = match &id {
                    Some(explicit) => explicit.to_string(),
                    None => slugify(&text),
                };
                let mut unique = base.clone();
                let mut n = 1;
                while id.is_none() && used.contains(&unique) {
                    unique = format!("{base}-{n}");
                    n += 1;
                }
                used.insert(unique.clone());
                out.ids.insert(unique.clone());
                if level == HeadingLevel::H2 {
                    out.outline.push((unique.clone(), text.clone()));
                }
                push_text(&mut out.text, " ");
                push_text(&mut out.text, &text);
                push_text(&mut out.text, " ");
                if strip_heading {
                    let mut inline = String::new();
                    html::push_html(&mut inline, inner.into_iter());
                    out.heading = Some(inline);
                    strip_heading = false;
                    first_block = false;
                    continue;
                }
                let shown_id = if mode == Mode::Print {
                    format!("{slug}--{unique}")
                } else {
                    unique
                };
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(shown_id.into()),
                    classes,
                    attrs,
                }));
                events.extend(inner);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            other => {
                first_block = false;
                if let Some((_, _, _, _, inner, text)) = heading.as_mut() {
                    if let Event::Text(t) | Event::Code(t) = &other {
                        text.push_str(t);
                    }
                    inner.push(other);
                } else {
                    match &other {
                        Event::Text(t) | Event::Code(t) => push_text(&mut out.text, t),
                        Event::SoftBreak | Event::HardBreak => push_text(&mut out.text, " "),
                        Event::Start(tag) if !is_inline(tag.to_end()) => {
                            push_text(&mut out.text, " ")
                        }
                        Event::End(tag) if !is_inline(*tag) => push_text(&mut out.text, " "),
                        _ => {}
                    }
                    events.push(other);
                }
            }
        }
    }
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, events.into_iter());
    out.html = html_out;
    out
}

/// Inline elements run on in the search text; every other element ends a word.
fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn push_text(text: &mut String, piece: &str) {
    if piece == " " {
        if !text.is_empty() && !text.ends_with(' ') {
            text.push(' ');
        }
    } else {
        text.push_str(piece);
    }
}

fn is_external(url: &str) -> bool {
    url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
        || url.starts_with("//")
        || url.starts_with("data:")
}

/// Resolves `target` (relative to the section's folder) to a path relative to the source
/// folder; `None` when it climbs out of it.
fn resolve(section: &Section, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = section.path.split('/').collect();
    parts.pop();
    if target.starts_with('/') {
        parts.clear();
    }
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[allow(clippy::too_many_arguments)]
fn rewrite_link<'a>(
    links: &Links,
    s: usize,
    url: CowStr<'a>,
    line: usize,
    mode: Mode,
    slug: &str,
    fragments: &mut Vec<FragmentLink>,
    diags: &mut Diagnostics,
) -> CowStr<'a> {
    let section = &links.project.report.sections[s];
    if is_external(&url) {
        return url;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url.as_ref(), None),
    };
    if path.is_empty() {
        // A link inside this page.
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            fragments.push(FragmentLink {
                target: s,
                fragment: decode_lossy(f),
                line,
                written: url.to_string(),
            });
            if mode == Mode::Print {
                return format!("#{slug}--{f}").into();
            }
        }
        return url;
    }
    let decoded = decode_lossy(path);
    if !decoded.to_ascii_lowercase().ends_with(".md") {
        return rewrite_asset(links, section, url, line, mode, diags);
    }
    let Some(target) = resolve(section, &decoded) else {
        diags.push(Diagnostic::error(
            section.source.clone(),
            Some(line),
            format!("link `{url}` points outside the source folder"),
        ));
        return url;
    };
    let Some(&t) = links.by_path.get(target.as_str()) else {
        diags.push(
            Diagnostic::error(
                section.source.clone(),
                Some(line),
                format!("link `{url}` points to `{target}`, which is not a section of the report"),
            )
            .with_help("fix the path (it is relative to this file) or add the file to SUMMARY.md"),
        );
        return url;
    };
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        fragments.push(FragmentLink {
            target: t,
            fragment: decode_lossy(f),
            line,
            written: url.to_string(),
        });
    }
    let target_section = &links.project.report.sections[t];
    match mode {
        Mode::Print => {
            let target_slug = print_slug(target_section);
            match fragment.filter(|f| !f.is_empty()) {
                Some(f) => format!("#{target_slug}--{f}").into(),
                None => format!("#{target_slug}").into(),
            }
        }
        Mode::Page => {
            // Keep the link as written (relative, encoded) and swap the extension; when the
            // extension itself was percent-encoded, rebuild the link from the decoded path.
            let html = match path
                .len()
                .checked_sub(3)
                .filter(|&i| path.is_char_boundary(i) && path[i..].eq_ignore_ascii_case(".md"))
            {
                Some(i) => format!("{}.html", &path[..i]),
                None => format!("{}.html", encode_path(&decoded[..decoded.len() - 3])),
            };
            match fragment {
                Some(f) => format!("{html}#{f}").into(),
                None => html.into(),
            }
        }
    }
}

/// Checks a link to a file that is not a section; on the print page (at the site root) the
/// path is rewritten to be relative to the root.
fn rewrite_asset<'a>(
    links: &Links,
    section: &Section,
    url: CowStr<'a>,
    line: usize,
    mode: Mode,
    diags: &mut Diagnostics,
) -> CowStr<'a> {
    if is_external(&url) || url.starts_with('#') {
        return url;
    }
    let end = url.find(['#', '?']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    if path.is_empty() {
        return url;
    }
    let decoded = decode_lossy(path);
    let resolved = resolve(section, &decoded);
    match resolved.as_deref() {
        Some(target) if links.assets.contains(target) || links.generated.contains_key(target) => {
            if let (Some(Some(rows)), Some(fragment)) =
                (links.generated.get(target), rest.strip_prefix('#'))
                && !fragment.is_empty()
                && !rows.contains(&decode_lossy(fragment))
            {
                diags.push(
                    Diagnostic::error(section.source.clone(), Some(line), format!("link `{url}`: {target} has no row `{fragment}`"))
                        .with_help("rows are `item-` and the item's code in lowercase with dashes for dots, e.g. `item-a1-1` for A1.1"),
                );
            }
            if mode == Mode::Print {
                return format!("{}{rest}", encode_path(target)).into();
            }
            url
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    section.source.clone(),
                    Some(line),
                    format!("`{url}` does not exist in the source folder"),
                )
                .with_help("check the file name and its folder (paths are relative to this file)"),
            );
            url
        }
    }
}

/// Percent-encodes the characters of a path that cannot stand in an `href` as they are.
/// Percent-decodes a link part, keeping it as written when it does not decode to UTF-8.
fn decode_lossy(text: &str) -> String {
    percent_decode(text).unwrap_or_else(|| text.to_string())
}

fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Checks every `#fragment` link against the ids of the section it points to.
pub fn check_fragments(project: &Project, rendered: &[&Rendered], diags: &mut Diagnostics) {
    for (s, r) in rendered.iter().enumerate() {
        let section = &project.report.sections[s];
        for link in &r.links {
            let Some(target) = rendered.get(link.target) else {
                continue;
            };
            // The page's own title heading is the top of the page.
            if target.ids.contains(&link.fragment) || RESERVED_IDS.contains(&link.fragment.as_str())
            {
                continue;
            }
            let target_section = &project.report.sections[link.target];
            let mut known: Vec<&str> = target.ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            let help = match crate::diag::did_you_mean(&link.fragment, known.iter().copied()) {
                Some(h) => h,
                None if known.is_empty() => {
                    format!("{} has no headings to link to", target_section.source)
                }
                None => format!(
                    "the headings of {} have the ids: {}",
                    target_section.source,
                    known.join(", ")
                ),
            };
            diags.push(
                Diagnostic::error(
                    section.source.clone(),
                    Some(link.line),
                    format!(
                        "link `{}`: {} has no heading with the id `{}`",
                        link.written, target_section.source, link.fragment
                    ),
                )
                .with_help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_drop_punctuation_and_keep_cjk() {
        assert_eq!(slugify("Board oversight of ESG"), "board-oversight-of-esg");
        assert_eq!(
            slugify("Scope 1 & 2: emissions (tCO2e)"),
            "scope-1-2-emissions-tco2e"
        );
        assert_eq!(slugify("董事會聲明"), "董事會聲明");
        assert_eq!(slugify("?!"), "section");
    }
}
