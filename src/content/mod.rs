//! Content: SUMMARY.md and the section files it lists, read once into a [`Report`], and
//! their Markdown rendered and link-checked ([`markdown::render_all`]).
//!
//! Every later stage (coverage, site, exports) reads the `Report`; none of them opens a
//! source file again. Loading collects every problem of every file rather than stopping at
//! the first: a writer fixing a report wants the whole list. `serve` keeps the `Report` and
//! re-reads only the files that changed ([`reload`]).

pub mod chart;
pub mod editions;
pub mod front_matter;
pub mod kpi;
pub mod links;
pub mod markdown;
pub mod subsections;
pub mod summary;

use crate::config::Config;
use crate::data::DataSet;
use crate::diag::{Code, Diagnostics};
use crate::locale::Lang;
use crate::model::Framework;
use crate::text::decode_text;
use front_matter::{WrittenCode, WrittenOmission};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
pub use summary::EntryKind;
use summary::{Summary, SummaryItem};

/// Name of the table of contents file inside the source folder.
pub const SUMMARY_FILE: &str = "SUMMARY.md";

/// A report section: one Markdown file listed in SUMMARY.md.
#[derive(Debug, Clone)]
pub struct Section {
    /// Path relative to the source folder, `/`-separated (`green/02.md`).
    pub path: String,
    /// Path relative to the project root, for diagnostics (`content/green/02.md`).
    pub source: String,
    /// The page's URL relative to the site root (`green/02.html`).
    pub url: String,
    /// Title: front matter `title`, else the SUMMARY.md link text.
    pub title: String,
    /// Chapter titles from the top of SUMMARY.md down to this section.
    pub trail: Vec<String>,
    /// Section number such as `2.1` (numbered chapters only).
    pub number: Option<String>,
    /// Prefix, numbered or suffix chapter.
    pub kind: EntryKind,
    /// The part title the section sits under, if any.
    pub part: Option<String>,
    /// Nesting depth in SUMMARY.md.
    pub depth: usize,
    /// Front matter `description`.
    pub description: Option<String>,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// Codes the section addresses.
    pub tags: Vec<Tag>,
    /// Items the section deliberately omits.
    pub omissions: Vec<WrittenOmission>,
    /// How many of `tags` (the first ones) the front matter wrote, as opposed to headings
    /// and `{{#kpi}}` directives; a translation without any takes the primary's.
    pub front_matter_tags: usize,
    /// `translated-from` in a translation's front matter.
    pub translated_from: Option<WrittenCode>,
    /// Line of the section's entry in SUMMARY.md.
    pub summary_line: usize,
}

#[cfg(test)]
impl Section {
    /// A numbered top-level section at `path` with `body`, for unit tests of the stages
    /// that read sections.
    pub(crate) fn for_test(path: &str, body: &str) -> Section {
        Section {
            path: path.into(),
            source: format!("content/{path}"),
            url: crate::content::page_url(path),
            title: path.into(),
            trail: vec![path.into()],
            number: None,
            kind: EntryKind::Numbered,
            part: None,
            depth: 0,
            description: None,
            body: body.into(),
            body_line: 1,
            tags: Vec::new(),
            omissions: Vec::new(),
            front_matter_tags: 0,
            translated_from: None,
            summary_line: 1,
        }
    }
}

/// A code in a section's front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// HKEX or GRI.
    pub framework: Framework,
    /// The code as written, and its line.
    pub code: WrittenCode,
    /// The heading that carries the tag, when it is a subsection tag rather than the
    /// section's own (front matter, a KPI table).
    pub subsection: Option<Subsection>,
}

/// A heading inside a section, as a location of the codes it carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Subsection {
    /// The heading's id (its explicit `{#id}`, or the one generated from its text).
    pub anchor: String,
    /// The heading's text.
    pub title: String,
}

/// A table-of-contents entry, in SUMMARY.md order, for navigation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TocEntry {
    /// A part title.
    Part(String),
    /// A chapter: a section (by index into [`Report::sections`]) or a draft.
    Chapter {
        /// Display title.
        title: String,
        /// Section number.
        number: Option<String>,
        /// Nesting depth.
        depth: usize,
        /// Index of the section; `None` for a draft chapter, which has no page.
        section: Option<usize>,
    },
}

/// The whole report, parsed.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The SUMMARY.md title.
    pub summary_title: Option<String>,
    /// Navigation entries in order.
    pub toc: Vec<TocEntry>,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// Source folder relative to the project root, `/`-separated (`content`).
    pub src: String,
    /// Other files under the source folder (images, PDFs) to publish with the site, relative
    /// to the source folder.
    pub assets: Vec<String>,
    /// Each section's body rendered for its page, by index into `sections`; empty until
    /// [`markdown::render_all`] runs (shared with `serve`'s cache rather than copied).
    pub rendered: Vec<Arc<markdown::Rendered>>,
    /// The key performance data the sections' `{{#kpi}}` directives show.
    pub data: Arc<DataSet>,
    /// The edition's language.
    pub lang: Lang,
    /// The tables drawn from `data`, kept for every page that shows them.
    pub kpi: Arc<kpi::Memo>,
}

impl Report {
    /// Finds a section by its path relative to the source folder.
    pub fn section_by_path(&self, path: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.path == path)
    }
}

/// Gives a report read without its data ([`read`]) the loaded `data/` folder: each
/// section's directives are checked against the metrics, and the metrics' codes become
/// the section's tags (after its own, as [`parse_section`] gives them).
pub fn show_data(report: &mut Report, data: Arc<DataSet>, diags: &mut Diagnostics) {
    let found: Vec<Diagnostics> = report
        .sections
        .par_iter_mut()
        .map(|section| {
            let mut local = Diagnostics::new();
            let shown = kpi::scan(
                &section.body,
                section.body_line,
                &section.source,
                &data,
                &section.tags,
                &mut local,
            );
            section.tags.extend(shown);
            local
        })
        .collect();
    for local in found {
        diags.extend(local);
    }
    report.data = data;
    report.kpi = Arc::default();
}

/// Loads SUMMARY.md and every section it lists, without the data: the sections' tags do
/// not yet hold the codes of the metrics they show ([`show_data`] adds them). The data is
/// loaded meanwhile on another core.
pub fn read(root: &Path, config: &Config, diags: &mut Diagnostics) -> Report {
    let src_rel = config.book.src.to_string_lossy().replace('\\', "/");
    let src_rel = src_rel.trim_end_matches('/').to_string();
    let src_dir = root.join(&config.book.src);
    let summary_source = format!("{src_rel}/{SUMMARY_FILE}");
    let mut report = Report {
        src: src_rel.clone(),
        lang: config.book.lang,
        ..Report::default()
    };

    let summary = match std::fs::read(src_dir.join(SUMMARY_FILE)) {
        Ok(bytes) => match decode_text(&summary_source, &bytes, diags) {
            Some(text) => summary::parse_summary(&text, &summary_source, diags),
            None => return report,
        },
        Err(err) => {
            diags.push(
                Code::SummaryMissing.error(summary_source.clone(), None, format!("cannot read the table of contents: {err}"))
                    .with_help(format!("create {summary_source} listing the sections, e.g. `- [Our approach](approach.md)`")),
            );
            return report;
        }
    };
    report.summary_title = summary.title.clone();

    // Which SUMMARY entries become sections, checked before reading so that a file listed
    // twice is reported at both lines.
    let mut first_listing: HashMap<&str, usize> = HashMap::new();
    let mut wanted: Vec<(usize, &summary::Chapter)> = Vec::new();
    for (index, item) in summary.items.iter().enumerate() {
        if let SummaryItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            if let Some(first) = first_listing.get(path.as_str()) {
                diags.push(
                    Code::SummaryDuplicate.error(summary_source.clone(), Some(chapter.line), format!("`{path}` is listed twice (first at line {first})"))
                        .with_help("a section can appear once; link to it from the other chapter's text instead"),
                );
                continue;
            }
            first_listing.insert(path, chapter.line);
            wanted.push((index, chapter));
        }
    }

    // Read and parse the files in parallel; diagnostics are kept per file and merged in
    // SUMMARY order so output does not depend on thread timing.
    let loaded: Vec<(usize, Option<Section>, Diagnostics)> = wanted
        .par_iter()
        .map(|(index, chapter)| {
            let mut local = Diagnostics::new();
            let section = load_section(&src_dir, &src_rel, &summary_source, chapter, &mut local);
            (*index, section, local)
        })
        .collect();

    let mut section_of_item: HashMap<usize, usize> = HashMap::new();
    for (index, section, local) in loaded {
        diags.extend(local);
        if let Some(section) = section {
            section_of_item.insert(index, report.sections.len());
            report.sections.push(section);
        }
    }

    build_toc_and_trails(&summary, &section_of_item, &mut report);
    report.assets = find_unlisted(&src_dir, &src_rel, &first_listing, diags);
    report
}

fn load_section(
    src_dir: &Path,
    src_rel: &str,
    summary_source: &str,
    chapter: &summary::Chapter,
    diags: &mut Diagnostics,
) -> Option<Section> {
    let path = chapter.path.as_deref()?;
    let source = format!("{src_rel}/{path}");
    let full = src_dir.join(path);
    let bytes = match std::fs::read(&full) {
        Ok(bytes) => bytes,
        Err(err) => {
            let what = if err.kind() == std::io::ErrorKind::NotFound {
                format!("`{path}` does not exist")
            } else if full.is_dir() {
                format!("`{path}` is a folder, not a file")
            } else {
                format!("cannot read `{path}`: {err}")
            };
            diags.push(
                Code::MissingSection
                    .error(summary_source, Some(chapter.line), what)
                    .with_help(format!(
                        "create {source}, fix the link, or make it a draft with `[{}]()`",
                        chapter.title
                    )),
            );
            return None;
        }
    };
    let text = decode_text(&source, &bytes, diags)?;
    if text.trim().is_empty() {
        diags.push(
            Code::EmptySection
                .warning(
                    source.clone(),
                    None,
                    "the section file is empty, so its page is blank",
                )
                .with_help(format!(
                    "write the section, or make it a draft in {summary_source} with `[{}]()`",
                    chapter.title
                )),
        );
    }
    let parsed = parse_section(&text, &source, None, diags);
    Some(Section {
        path: path.to_string(),
        url: page_url(path),
        source,
        title: parsed.title.unwrap_or_else(|| chapter.title.clone()),
        trail: Vec::new(),
        number: chapter.number.clone(),
        kind: chapter.kind,
        part: None,
        depth: chapter.depth,
        description: parsed.description,
        body: parsed.body,
        body_line: parsed.body_line,
        tags: parsed.tags,
        omissions: parsed.omissions,
        front_matter_tags: parsed.front_matter_tags,
        translated_from: parsed.translated_from,
        summary_line: chapter.line,
    })
}

/// Re-reads only the section files `paths` (relative to the source folder) into `report`,
/// replacing their diagnostics in `diags` (the diagnostics of loading `report`). Returns
/// false, changing nothing, when that is not enough and the report must be loaded again: a
/// file is gone or is not a section, or a title changed (titles also live in the contents
/// and in other sections' trails). The caller renders again afterwards.
pub fn reload(
    report: &mut Report,
    src_dir: &Path,
    paths: &[String],
    diags: &mut Diagnostics,
) -> bool {
    let mut updates = Vec::new();
    for path in paths {
        let Some(s) = report.sections.iter().position(|sec| &sec.path == path) else {
            return false;
        };
        let section = &report.sections[s];
        let Ok(bytes) = std::fs::read(src_dir.join(path)) else {
            return false;
        };
        let mut local = Diagnostics::new();
        let Some(text) = decode_text(&section.source, &bytes, &mut local) else {
            return false;
        };
        let parsed = parse_section(&text, &section.source, Some(&report.data), &mut local);
        if parsed.title.as_deref() != Some(section.title.as_str()) {
            return false;
        }
        updates.push((s, parsed, local));
    }
    for (s, parsed, local) in updates {
        let section = &mut report.sections[s];
        section.body = parsed.body;
        section.body_line = parsed.body_line;
        section.description = parsed.description;
        section.tags = parsed.tags;
        section.omissions = parsed.omissions;
        section.front_matter_tags = parsed.front_matter_tags;
        section.translated_from = parsed.translated_from;
        let mut kept = Diagnostics::new();
        for d in diags.all() {
            if d.file.as_deref() != Some(section.source.as_str()) {
                kept.push(d.clone());
            }
        }
        kept.extend(local);
        *diags = kept;
    }
    true
}

/// What a section file says about itself: its front matter and its body.
#[derive(Debug, Clone)]
pub struct ParsedSection {
    /// Front matter `title`.
    pub title: Option<String>,
    /// Front matter `description`.
    pub description: Option<String>,
    /// The Markdown after the front matter.
    pub body: String,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// `hkex` codes, then `gri` codes, then the codes of the metrics its `{{#kpi}}`
    /// directives show (at the directive's line).
    pub tags: Vec<Tag>,
    /// `omit` entries.
    pub omissions: Vec<WrittenOmission>,
    /// How many of `tags` come from the front matter.
    pub front_matter_tags: usize,
    /// `translated-from`.
    pub translated_from: Option<WrittenCode>,
}

/// Splits and parses a section file's text (`source` names it in diagnostics; `data` holds
/// the metrics its directives may name: without it, as when the full load reads the files
/// while the data loads, the directives are checked later by [`show_data`]). Used by the
/// full load and by `serve` when it re-reads one edited file.
pub fn parse_section(
    text: &str,
    source: &str,
    data: Option<&DataSet>,
    diags: &mut Diagnostics,
) -> ParsedSection {
    let split = front_matter::split(text, source, diags);
    let fm = match split.yaml {
        Some(yaml) => front_matter::parse(yaml, 2, source, diags),
        None => Default::default(),
    };
    let mut tags = Vec::with_capacity(fm.hkex.len() + fm.gri.len());
    tags.extend(fm.hkex.into_iter().map(|code| Tag {
        framework: Framework::Hkex,
        code,
        subsection: None,
    }));
    tags.extend(fm.gri.into_iter().map(|code| Tag {
        framework: Framework::Gri,
        code,
        subsection: None,
    }));
    let front_matter_tags = tags.len();
    tags.extend(subsections::scan(split.body, split.body_line));
    if let Some(data) = data {
        let shown = kpi::scan(split.body, split.body_line, source, data, &tags, diags);
        tags.extend(shown);
    }
    ParsedSection {
        title: fm.title,
        description: fm.description,
        body: split.body.to_string(),
        body_line: split.body_line,
        tags,
        omissions: fm.omissions,
        front_matter_tags,
        translated_from: fm.translated_from,
    }
}

/// `green/02.md` → `green/02.html`; `README.md` and `index.md` stay as they are named
/// (mdBook turns README into index; we keep one rule: the extension changes).
pub fn page_url(path: &str) -> String {
    let stem = &path[..path.len() - 3];
    format!("{stem}.html")
}

fn build_toc_and_trails(
    summary: &Summary,
    section_of_item: &HashMap<usize, usize>,
    report: &mut Report,
) {
    let mut part: Option<String> = None;
    for (index, item) in summary.items.iter().enumerate() {
        match item {
            SummaryItem::Part { title, .. } => {
                part = Some(title.clone());
                report.toc.push(TocEntry::Part(title.clone()));
            }
            SummaryItem::Chapter(chapter) => {
                let section = section_of_item.get(&index).copied();
                let title = section
                    .map(|s| report.sections[s].title.clone())
                    .unwrap_or_else(|| chapter.title.clone());
                report.toc.push(TocEntry::Chapter {
                    title,
                    number: chapter.number.clone(),
                    depth: chapter.depth,
                    section,
                });
                if let Some(s) = section {
                    let mut trail = Vec::new();
                    let mut cursor = chapter.parent;
                    while let Some(parent_index) = cursor {
                        let SummaryItem::Chapter(parent) = &summary.items[parent_index] else {
                            break;
                        };
                        let title = section_of_item
                            .get(&parent_index)
                            .map(|p| report.sections[*p].title.clone())
                            .unwrap_or_else(|| parent.title.clone());
                        trail.push(title);
                        cursor = parent.parent;
                    }
                    trail.reverse();
                    trail.push(report.sections[s].title.clone());
                    let section = &mut report.sections[s];
                    section.trail = trail;
                    section.part = if chapter.kind == EntryKind::Numbered {
                        part.clone()
                    } else {
                        None
                    };
                }
            }
        }
    }
}

/// Warns about Markdown files SUMMARY.md does not list (they would silently not be
/// published) and returns the other files to copy into the site.
fn find_unlisted(
    src_dir: &Path,
    src_rel: &str,
    listed: &HashMap<&str, usize>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let listed: HashSet<&str> = listed.keys().copied().collect();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(src_dir)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker.into_iter().filter_entry(|e| !is_hidden(e)) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                diags.push(Code::Unreadable.warning(
                    src_rel,
                    None,
                    format!("cannot read `{path}`: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(src_dir) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        if relative.to_ascii_lowercase().ends_with(".md") {
            if relative != SUMMARY_FILE && !listed.contains(relative.as_str()) {
                diags.push(
                    Code::UnlistedFile.warning(format!("{src_rel}/{relative}"), None, "this file is not listed in SUMMARY.md, so it is not published")
                        .with_help(format!("add `- [Title]({relative})` to {src_rel}/{SUMMARY_FILE}, or delete the file")),
                );
            }
        } else {
            assets.push(relative);
        }
    }
    assets
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_swap_the_extension() {
        assert_eq!(page_url("green/02.md"), "green/02.html");
    }

    #[test]
    fn reload_rereads_edited_sections_and_refuses_a_new_title() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write("book.toml", "[book]\ntitle = \"T\"\n");
        write("content/SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n");
        write("content/a.md", "---\ntitle: A\nhkex: [A1]\n---\nOld\n");
        write("content/b.md", "---\ntitle: B\n---\nB\n");
        let mut diags = Diagnostics::new();
        let config = Config::from_dir(dir.path(), &mut diags).unwrap();
        let mut report = read(dir.path(), &config, &mut diags);
        let src = dir.path().join("content");

        // An edit in place: the body and tags are re-read, a new problem replaces the old.
        write(
            "content/a.md",
            "---\ntitle: A\nhkex: [A1]\nbad: 1\n---\nNew\n",
        );
        assert!(reload(&mut report, &src, &["a.md".into()], &mut diags));
        assert_eq!(report.sections[0].body, "New\n");
        assert_eq!(report.sections[1].body, "B\n");
        let places: Vec<String> = diags.all().iter().map(|d| d.place()).collect();
        assert_eq!(places, ["content/a.md:4"]);

        // A new title shows in the contents and trails too: reload refuses, changing nothing.
        write("content/a.md", "---\ntitle: A2\n---\nNewer\n");
        assert!(!reload(&mut report, &src, &["a.md".into()], &mut diags));
        assert_eq!(report.sections[0].body, "New\n");
        // So does a file that is not a section.
        assert!(!reload(&mut report, &src, &["c.md".into()], &mut diags));
    }
}
