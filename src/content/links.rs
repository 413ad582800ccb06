//! Links in section bodies: where they point, how they are rewritten for the section's page
//! and for the print page, and which of them are broken.
//!
//! A link is checked against what the site will hold: the sections listed in SUMMARY.md,
//! the other files of the source folder, and the pages esgbook generates ([`Generated`],
//! built by the caller from the coverage model so that `content` needs nothing above it).
//! Links to `#fragments` of sections are collected while rendering and checked once every
//! section is rendered ([`check_fragments`]), since the target's ids are only known then.

use super::Section;
use super::kpi::Memo;
use super::markdown::{Mode, RESERVED_IDS, Rendered, print_slug};
use crate::data::DataSet;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::locale::Lang;
use crate::text::percent_decode;
use pulldown_cmark::CowStr;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Pages of the site that are not sections, which a section may link to: for each page,
/// the anchors a link may name (`None`: any fragment goes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Generated {
    pages: HashMap<String, Option<HashSet<String>>>,
}

impl Generated {
    /// Adds a page (`coverage.html`) whose fragments are not checked.
    pub fn page(&mut self, path: impl Into<String>) {
        self.pages.insert(path.into(), None);
    }

    /// Adds a page whose only anchors are `anchors` (a content index and its row anchors).
    pub fn page_with_anchors(&mut self, path: impl Into<String>, anchors: HashSet<String>) {
        self.pages.insert(path.into(), Some(anchors));
    }

    /// Feeds the pages and their anchors, in a fixed order, to `h` (for render caches).
    pub fn hash_into<H: Hasher>(&self, h: &mut H) {
        let mut pages: Vec<(&String, &Option<HashSet<String>>)> = self.pages.iter().collect();
        pages.sort_unstable_by_key(|(path, _)| *path);
        for (path, anchors) in pages {
            path.hash(h);
            if let Some(anchors) = anchors {
                let mut anchors: Vec<&String> = anchors.iter().collect();
                anchors.sort_unstable();
                anchors.hash(h);
            }
        }
    }
}

/// A link to a section (another or the same) that names a fragment, checked after all
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

/// Everything a link can point to, indexed for the renderer.
pub struct Links<'a> {
    /// The report's sections in reading order.
    pub sections: &'a [Section],
    by_path: HashMap<&'a str, usize>,
    assets: HashSet<&'a str>,
    generated: &'a Generated,
    /// The key performance data `{{#kpi}}` directives draw from, when there is some.
    pub data: Option<&'a DataSet>,
    /// The edition's language, for the words of its KPI tables.
    pub lang: Lang,
    /// The directives' tables already rendered from `data`, when the caller keeps them.
    pub kpi: Option<&'a Memo>,
}

impl<'a> Links<'a> {
    /// Indexes the sections and assets (paths relative to the source folder).
    pub fn new(sections: &'a [Section], assets: &'a [String], generated: &'a Generated) -> Self {
        Links {
            sections,
            by_path: sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.path.as_str(), i))
                .collect(),
            assets: assets.iter().map(String::as_str).collect(),
            generated,
            data: None,
            lang: Lang::En,
            kpi: None,
        }
    }

    /// The same, for an edition in `lang`.
    pub fn in_language(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The same, with the data the sections' directives show.
    pub fn with_data(mut self, data: &'a DataSet) -> Self {
        self.data = Some(data);
        self
    }

    /// The same, reusing (and keeping) the tables rendered from that data in `memo`, so a
    /// table shown on a page and on the print page, or in several sections, is drawn once.
    pub fn with_memo(mut self, memo: &'a Memo) -> Self {
        self.kpi = Some(memo);
        self
    }
}

/// Where a problem goes: the section's diagnostics when rendering its page, nowhere when
/// rendering the print copy (its links were checked with the page).
pub(super) type Problems<'d> = Option<&'d mut Diagnostics>;

fn report(problems: &mut Problems, diagnostic: Diagnostic) {
    if let Some(diags) = problems {
        diags.push(diagnostic);
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

/// Rewrites the link of section `s` for `mode`: `.md` to `.html` on the page, to an anchor
/// of the print page there. Links to missing sections and files are reported; fragment
/// links are collected into `fragments` for [`check_fragments`].
#[allow(clippy::too_many_arguments)]
pub(super) fn rewrite_link<'a>(
    links: &Links,
    s: usize,
    url: CowStr<'a>,
    line: usize,
    mode: Mode,
    slug: &str,
    fragments: &mut Vec<FragmentLink>,
    problems: &mut Problems,
) -> CowStr<'a> {
    let section = &links.sections[s];
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
        return rewrite_asset(links, section, url, line, mode, problems);
    }
    let Some(target) = resolve(section, &decoded) else {
        report(
            problems,
            Code::BrokenLink.error(
                section.source.clone(),
                Some(line),
                format!("link `{url}` points outside the source folder"),
            ),
        );
        return url;
    };
    let Some(&t) = links.by_path.get(target.as_str()) else {
        report(
            problems,
            Code::BrokenLink
                .error(
                    section.source.clone(),
                    Some(line),
                    format!(
                        "link `{url}` points to `{target}`, which is not a section of the report"
                    ),
                )
                .with_help(
                    "fix the path (it is relative to this file) or add the file to SUMMARY.md",
                ),
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
    let target_section = &links.sections[t];
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

/// Where a link of section `s` points in a one-document edition (the print page, the PDF):
/// `#slug` or `#slug--id` for a section or a heading in one, the path from the source
/// folder for a file or a generated page, the link as written otherwise. Reports nothing:
/// loading checked the link.
pub fn print_target(links: &Links, s: usize, url: &str) -> String {
    let slug = print_slug(&links.sections[s]);
    rewrite_link(
        links,
        s,
        CowStr::from(url),
        0,
        Mode::Print,
        &slug,
        &mut Vec::new(),
        &mut None,
    )
    .to_string()
}

/// Checks a link to a file that is not a section; on the print page (at the site root) the
/// path is rewritten to be relative to the root.
pub(super) fn rewrite_asset<'a>(
    links: &Links,
    section: &Section,
    url: CowStr<'a>,
    line: usize,
    mode: Mode,
    problems: &mut Problems,
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
    let generated = &links.generated.pages;
    match resolved.as_deref() {
        Some(target) if links.assets.contains(target) || generated.contains_key(target) => {
            if let (Some(Some(rows)), Some(fragment)) =
                (generated.get(target), rest.strip_prefix('#'))
                && !fragment.is_empty()
                && !rows.contains(&decode_lossy(fragment))
            {
                report(
                    problems,
                    Code::BrokenAnchor.error(section.source.clone(), Some(line), format!("link `{url}`: {target} has no row `{fragment}`"))
                        .with_help("rows are `item-` and the item's code in lowercase with dashes for dots, e.g. `item-a1-1` for A1.1"),
                );
            }
            if mode == Mode::Print {
                return format!("{}{rest}", encode_path(target)).into();
            }
            url
        }
        _ => {
            report(
                problems,
                Code::BrokenLink
                    .error(
                        section.source.clone(),
                        Some(line),
                        format!("`{url}` does not exist in the source folder"),
                    )
                    .with_help(
                        "check the file name and its folder (paths are relative to this file)",
                    ),
            );
            url
        }
    }
}

/// Percent-decodes a link part, keeping it as written when it does not decode to UTF-8.
fn decode_lossy(text: &str) -> String {
    percent_decode(text).unwrap_or_else(|| text.to_string())
}

/// Percent-encodes the characters of a path that cannot stand in an `href` as they are.
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

/// Checks every `#fragment` link of every rendered section (`rendered[i]` is
/// `sections[i]`'s) against the ids of the section it points to.
pub fn check_fragments(sections: &[Section], rendered: &[Arc<Rendered>], diags: &mut Diagnostics) {
    for (section, r) in sections.iter().zip(rendered) {
        for link in &r.links {
            let (Some(target_section), Some(target)) =
                (sections.get(link.target), rendered.get(link.target))
            else {
                continue;
            };
            // The page's own title heading is the top of the page.
            if target.ids.contains(&link.fragment) || RESERVED_IDS.contains(&link.fragment.as_str())
            {
                continue;
            }
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
                Code::BrokenAnchor
                    .error(
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
