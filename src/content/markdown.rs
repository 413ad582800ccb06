//! Markdown to HTML for one section: heading ids, links between `.md` files rewritten to
//! pages, and everything the outputs need from the text gathered in the same pass.
//!
//! One pass over pulldown-cmark's events yields the page HTML, the plain text for search,
//! the section's heading ids, its broken links and the cross-section links whose
//! `#fragment` can only be checked once every section has been rendered
//! ([`links::check_fragments`]). Loading renders every section this way ([`render_all`]),
//! so `check` sees the same link errors as `build`. The print page renders each section a
//! second time with [`Mode::Print`], where ids are prefixed with the section's slug and
//! links point at anchors inside the one print page; that copy reports nothing.

use super::links::{self, FragmentLink, Generated, Links, rewrite_asset, rewrite_link};
use super::{Report, Section};
use crate::diag::Diagnostics;
use crate::text::LineIndex;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Arc;

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
    /// Links with fragments, to check once every section is rendered (page mode only).
    pub links: Vec<FragmentLink>,
    /// Broken links and missing files found while rendering (page mode only).
    pub problems: Diagnostics,
    /// What the rendering depends on (text, place, the report's files), hashed: equal keys
    /// render alike, so caches reuse the result.
    pub key: u64,
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

/// The ids of one section's headings, given in reading order: the explicit `{#id}`, else
/// the slug of the text made unique with `-1`, `-2`. The page, the print page and the PDF
/// all number headings through this, so a link's `#fragment` finds the same heading in each.
#[derive(Debug, Clone)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds::new()
    }
}

impl HeadingIds {
    /// No heading seen yet; the templates' own ids are taken.
    pub fn new() -> HeadingIds {
        HeadingIds {
            used: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The id of the next heading, with its explicit id (if any) and its plain text.
    pub fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(explicit) => explicit.to_string(),
            None => slugify(text),
        };
        let mut unique = base.clone();
        let mut n = 1;
        while explicit.is_none() && self.used.contains(&unique) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(unique.clone());
        unique
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

/// A paragraph that holds nothing but an image becomes a figure whose caption is the image's
/// alt text, as pictures are captioned in a printed report (the alt text stays on the image
/// for screen readers).
fn figures(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Paragraph), Some(Event::Start(Tag::Image { .. }))) =
            (&events[i], events.get(i + 1))
            && let Some(end) = events[i + 2..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Image)))
                .map(|p| i + 2 + p)
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)))
        {
            let alt: String = events[i + 2..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            out.push(Event::Html("<figure>".into()));
            out.extend(events[i + 1..=end].iter().cloned());
            let caption = if alt.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "<figcaption>{}</figcaption>",
                    crate::text::escape_html(alt.trim())
                )
            };
            out.push(Event::Html(format!("{caption}</figure>\n").into()));
            i = end + 2;
            continue;
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// Renders section `s`'s body. In page mode, broken links are errors at the line they are
/// on, in [`Rendered::problems`]; the print rendering reports none of them again.
pub fn render(links: &Links, s: usize, mode: Mode) -> Rendered {
    let section = &links.sections[s];
    let body = section.body.as_str();
    let lines = LineIndex::new(body);
    let slug = print_slug(section);
    let mut out = Rendered::default();
    let mut used = HeadingIds::new();
    let mut events: Vec<Event> = Vec::new();
    // A heading is buffered until its end, so its id can come from its text.
    let mut heading: Option<PendingHeading> = None;
    let mut first_block = true;
    let mut strip_heading = false;
    let mut problems = Diagnostics::new();
    let mut fragments = Vec::new();
    let mut report = (mode == Mode::Page).then_some(&mut problems);
    // Inside a paragraph that is a `{{#kpi}}` directive, replaced by its table.
    let mut in_directive = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let line = section.body_line + lines.line_of(range.start) - 1;
        if in_directive {
            in_directive = !matches!(event, Event::End(TagEnd::Paragraph));
            continue;
        }
        if let (Event::Start(Tag::Paragraph), Some(data)) = (&event, links.data)
            && let Some(parsed) = super::kpi::parse(&body[range.clone()])
        {
            // A malformed directive was reported at load; it renders as nothing.
            if let Ok(directive) = parsed {
                let id = match mode {
                    Mode::Page => format!("kpi-{line}"),
                    Mode::Print => format!("{slug}--kpi-{line}"),
                };
                let shown = match links.kpi {
                    Some(memo) => memo.render(&directive, data, &id, links.lang),
                    None => {
                        std::sync::Arc::new(super::kpi::render(&directive, data, &id, links.lang))
                    }
                };
                let (html, text) = &*shown;
                events.push(Event::Html(html.clone().into()));
                push_text(&mut out.text, " ");
                push_text(&mut out.text, text);
                push_text(&mut out.text, " ");
            }
            first_block = false;
            in_directive = true;
            continue;
        }
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = rewrite_link(
                    links,
                    s,
                    dest_url,
                    line,
                    mode,
                    &slug,
                    &mut fragments,
                    &mut report,
                );
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
                let dest_url = rewrite_asset(links, section, dest_url, line, mode, &mut report);
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
                let unique = used.assign(id.as_deref(), &text);
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
                // Tags in heading attributes are for the index, not HTML attributes.
                let (_, tag_attributes) = super::subsections::heading_codes(&attrs);
                let attrs = attrs
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| !tag_attributes.contains(i))
                    .map(|(_, a)| a)
                    .collect();
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
    html::push_html(&mut html_out, figures(events).into_iter());
    out.html = html_out;
    if mode == Mode::Page {
        out.problems = problems;
        out.links = fragments;
    }
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

/// Rendered sections kept between loads (by `serve`), by section path, so an edit
/// re-renders only the sections whose text changed.
#[derive(Debug, Default)]
pub struct RenderCache {
    entries: HashMap<String, Arc<Rendered>>,
}

impl RenderCache {
    /// An empty cache.
    pub fn new() -> RenderCache {
        RenderCache::default()
    }
}

/// Renders every section's Markdown for its page (in parallel, reusing `cache` where the
/// key matches), stores the result on the section, and reports broken links and anchors:
/// each section's problems in reading order, then the `#fragment` links. `generated` lists
/// the pages besides the sections that links may point to.
pub fn render_all(
    report: &mut Report,
    generated: &Generated,
    cache: &mut RenderCache,
    diags: &mut Diagnostics,
) {
    // Whether a link is broken depends on which files and pages exist: part of every key.
    let shape = crate::text::hash_of(|h| {
        for s in &report.sections {
            s.path.hash(h);
        }
        report.assets.hash(h);
        generated.hash_into(h);
    });
    let links = Links::new(&report.sections, &report.assets, generated)
        .with_data(&report.data)
        .in_language(report.lang)
        .with_memo(&report.kpi);
    let rendered: Vec<Arc<Rendered>> = report
        .sections
        .par_iter()
        .enumerate()
        .map(|(s, section)| {
            let key = crate::text::hash_of(|h| {
                shape.hash(h);
                section.path.hash(h);
                section.source.hash(h);
                section.body.hash(h);
                section.body_line.hash(h);
                super::kpi::hash_shown(&section.body, &report.data, h);
            });
            match cache.entries.get(&section.path) {
                Some(cached) if cached.key == key => cached.clone(),
                _ => Arc::new(Rendered {
                    key,
                    ..render(&links, s, Mode::Page)
                }),
            }
        })
        .collect();
    cache.entries.clear();
    for (section, rendered) in report.sections.iter().zip(&rendered) {
        diags.extend(rendered.problems.clone());
        cache.entries.insert(section.path.clone(), rendered.clone());
    }
    report.rendered = rendered;
    let start = std::time::Instant::now();
    links::check_fragments(&report.sections, &report.rendered, diags);
    crate::diag::log_time("check fragments", start);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(path: &str, body: &str) -> Section {
        Section::for_test(path, body)
    }

    fn report(a: &str, b: &str) -> Report {
        Report {
            sections: vec![section("a.md", a), section("b.md", b)],
            ..Report::default()
        }
    }

    fn places(diags: &Diagnostics) -> Vec<String> {
        diags.all().iter().map(|d| d.place()).collect()
    }

    #[test]
    fn the_cache_re_renders_only_the_changed_section() {
        let generated = Generated::default();
        let mut cache = RenderCache::new();
        let mut first = report("# A\n\n[b](b.md#top-x)\n", "# B\n\n## Top x\n");
        let mut diags = Diagnostics::new();
        render_all(&mut first, &generated, &mut cache, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");

        // b.md loses the heading a.md links to: b is rendered again, a is reused, and a's
        // link is reported again because fragments are checked on every render.
        let mut second = report("# A\n\n[b](b.md#top-x)\n", "# B\n\n## Other\n");
        let mut diags = Diagnostics::new();
        render_all(&mut second, &generated, &mut cache, &mut diags);
        assert!(Arc::ptr_eq(&first.rendered[0], &second.rendered[0]));
        assert!(!Arc::ptr_eq(&first.rendered[1], &second.rendered[1]));
        assert_eq!(places(&diags), ["content/a.md:3"]);

        // A new generated page changes what links may point to: nothing is reused.
        let mut pages = Generated::default();
        pages.page("coverage.html");
        let mut third = report("# A\n\n[b](b.md#top-x)\n", "# B\n\n## Other\n");
        render_all(&mut third, &pages, &mut cache, &mut Diagnostics::new());
        assert!(!Arc::ptr_eq(&second.rendered[0], &third.rendered[0]));
    }

    #[test]
    fn page_mode_reports_broken_links_and_print_mode_does_not() {
        let r = report("# A\n\n[gone](gone.md) ![x](x.png)\n", "");
        let generated = Generated::default();
        let links = Links::new(&r.sections, &r.assets, &generated);
        let page = render(&links, 0, Mode::Page);
        assert_eq!(places(&page.problems), ["content/a.md:3", "content/a.md:3"]);
        let print = render(&links, 0, Mode::Print);
        assert!(print.problems.is_empty() && print.links.is_empty());
        assert_eq!(print.heading.as_deref(), Some("A"));
    }

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
