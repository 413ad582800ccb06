//! The report site: cover, one page per section, one content-index page per framework, a
//! coverage page, a print page, search and a 404 page, rendered with tera templates into
//! the build directory.
//!
//! Templates are compiled into the binary (`templates/` of this repository); a report's own
//! `templates/` folder overrides them file by file ([`Theme::load`]). Pages are rendered in
//! parallel from the [`Project`] model; nothing here reads a source file except assets to
//! copy. The output is written to a temporary folder beside the build directory and swapped
//! in at the end, so a failed build leaves the previous site as it was.
//!
//! Each section's Markdown arrives rendered and link-checked on the model
//! ([`crate::content::Report::rendered`]); the site lays it out, renders the print copy
//! (which only prefixes ids and retargets links) and builds the search entries.
//! `esgbook serve` rebuilds many times: it keeps its [`Theme`] and a [`Cache`] of print
//! copies, search entries and section pages between builds, so an edit redoes them for the
//! changed section only (every other page's template still runs; they are cheap).

pub mod output;
pub mod search;
pub mod views;

use crate::Project;
use crate::content::links::Links;
use crate::content::markdown::{self, Mode, Rendered};
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::text::hash_of;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;
use std::sync::Arc;
use tera::Tera;

pub use output::check_build_dir;

/// Default templates, as `(name, text)`.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("cover.html", include_str!("../../templates/cover.html")),
    ("section.html", include_str!("../../templates/section.html")),
    (
        "content-index.html",
        include_str!("../../templates/content-index.html"),
    ),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    ("print.html", include_str!("../../templates/print.html")),
    ("toc.html", include_str!("../../templates/toc.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// The pages every site has besides the sections and the content indexes; sections may
/// link to them.
pub const FIXED_PAGES: &[&str] = &["index.html", "print.html", "toc.html", "search.html"];

/// Who a build is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// The publication (`esgbook build`): the report as its readers see it, without the
    /// gate's workings.
    Publication,
    /// The review build (`esgbook build --review`, `serve`): adds the coverage page, gap
    /// counts, edition ids, the items nobody addressed and a banner saying so.
    Review,
}

/// Static files written with every site, as `(path, bytes)`; overridable like templates.
const STATIC: &[(&str, &[u8])] = &[
    ("esgbook.css", include_bytes!("../../templates/esgbook.css")),
    ("search.js", include_bytes!("../../templates/search.js")),
];

/// The script half of `toc.js` (the data half is generated).
const TOC_SCRIPT: &str = include_str!("../../templates/toc.js");

/// The compiled templates and static files of one build (or of a whole `serve` session).
pub struct Theme {
    /// Distinguishes themes loaded at different times (page caches must not outlive one).
    generation: u64,
    tera: Tera,
    statics: Vec<(String, Vec<u8>)>,
    toc_script: String,
}

impl Theme {
    /// Loads the default theme plus the project's overrides from `root/templates/`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Theme> {
        let override_dir = root.join("templates");
        let read_override = |name: &str, diags: &mut Diagnostics| -> Option<String> {
            let bytes = std::fs::read(override_dir.join(name)).ok()?;
            crate::text::decode_text(&format!("templates/{name}"), &bytes, diags)
        };
        let mut sources: Vec<(String, String)> = Vec::with_capacity(TEMPLATES.len());
        for (name, text) in TEMPLATES {
            let text = read_override(name, diags).unwrap_or_else(|| text.to_string());
            sources.push((name.to_string(), text));
        }
        let mut tera = Tera::default();
        if let Err(err) = tera.add_raw_templates(sources) {
            diags.push(
                Code::Template.error("templates", None, format!("a template does not compile: {}", error_chain(&err)))
                    .with_help("fix the template in the report's templates/ folder, or delete it to use the default"),
            );
            return None;
        }
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::text::escape_html);
        let statics = STATIC
            .iter()
            .map(|(name, bytes)| {
                let bytes =
                    std::fs::read(override_dir.join(name)).unwrap_or_else(|_| bytes.to_vec());
                (name.to_string(), bytes)
            })
            .collect();
        let toc_script = read_override("toc.js", diags).unwrap_or_else(|| TOC_SCRIPT.to_string());
        static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let generation = GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(Theme {
            generation,
            tera,
            statics,
            toc_script,
        })
    }

    fn render(&self, name: &str, path: &str, context: &tera::Context) -> Result<Page, Diagnostic> {
        self.tera
            .render(name, context)
            .map(|html| Page {
                path: path.to_string(),
                bytes: Arc::new(html.into_bytes()),
            })
            .map_err(|err| {
                Code::Template.error(
                    format!("templates/{name}"),
                    None,
                    format!("rendering {path} failed: {}", error_chain(&err)),
                )
            })
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// One page to write: a path relative to the site root and its bytes.
pub struct Page {
    /// Relative path (`green/02.html`).
    pub path: String,
    /// Content, shared with `serve`'s page cache rather than copied.
    pub bytes: Arc<Vec<u8>>,
}

/// What the site derives from a section's rendered Markdown: the print copy and the
/// section's entry in the search index.
struct CachedSection {
    print: Rendered,
    /// The section's entry in the search index.
    search_doc: Vec<u8>,
}

/// A finished section page and the key it was rendered for.
type CachedPage = (u64, Arc<Vec<u8>>);

/// What `serve` keeps between builds, keyed by section path: the print copy and search
/// entry (reused when the section's rendering, title and trail are unchanged) and the
/// finished section page (reused when everything the page shows is unchanged).
#[derive(Default)]
pub struct Cache {
    entries: HashMap<String, (u64, Arc<CachedSection>)>,
    pages: HashMap<String, CachedPage>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }
}

/// Renders (or takes from the cache) every section's print copy and search entry, in
/// reading order.
fn render_sections(project: &Project, cache: &mut Cache) -> Vec<(u64, Arc<CachedSection>)> {
    let generated = project.generated_pages();
    let sections = &project.report.sections;
    let links = Links::new(sections, &project.report.assets, &generated)
        .with_data(&project.report.data)
        .in_language(project.report.lang)
        .with_memo(&project.report.kpi);
    let rendered: Vec<(u64, Arc<CachedSection>)> = sections
        .par_iter()
        .enumerate()
        .map(|(s, section)| {
            let key = hash_of(|h| {
                // The rendering's key covers the text and the report's files.
                project.report.rendered[s].key.hash(h);
                // The search entry holds the codes the section addresses.
                project.coverage.addressed.get(s).hash(h);
                section.title.hash(h);
                // The search entry shows the trail, which a parent's new title changes.
                section.trail.hash(h);
            });
            if let Some((k, cached)) = cache.entries.get(&section.path)
                && *k == key
            {
                return (key, cached.clone());
            }
            let print = markdown::render(&links, s, Mode::Print);
            let text = &project.report.rendered[s].text;
            // The codes the section addresses find it, as written in the index (`B6.4`).
            let codes: Vec<&str> = project
                .coverage
                .addressed
                .get(s)
                .into_iter()
                .flatten()
                .filter_map(|(framework, position)| {
                    let index = project.coverage.index(*framework)?;
                    index.rows.get(*position).map(|row| row.id.as_str())
                })
                .collect();
            let terms = search::section_terms(&codes, &section.title, text);
            let search_doc = search::doc_fragment(section, text, &terms);
            (key, Arc::new(CachedSection { print, search_doc }))
        })
        .collect();
    cache.entries = sections
        .iter()
        .zip(&rendered)
        .map(|(section, (key, r))| (section.path.clone(), (*key, r.clone())))
        .collect();
    rendered
}

/// Renders every page in memory. Template failures go to `diags` (broken links were
/// reported when the project was loaded). `project` must be fully loaded
/// ([`Project::load`] or [`Project::analyse`]), so that its Markdown is rendered. `cache`
/// may be fresh ([`Cache::new`]) or kept from an earlier build of the same project.
pub fn render(
    project: &Project,
    audience: Audience,
    theme: &Theme,
    cache: &mut Cache,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    render_into(project, audience, theme, cache, None, diags)
}

/// Where a one-shot build writes section pages as soon as they are rendered, instead of
/// keeping thousands of them in memory.
pub type PageSink<'s> = &'s (dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync);

/// [`render`], with section pages handed to `sink` (when given) rather than returned or
/// cached. The returned pages are the rest: indexes, print, search, static files.
pub fn render_into(
    project: &Project,
    audience: Audience,
    theme: &Theme,
    cache: &mut Cache,
    sink: Option<PageSink<'_>>,
    diags: &mut Diagnostics,
) -> Vec<Page> {
    let sections = &project.report.sections;
    let start = std::time::Instant::now();
    let keyed = render_sections(project, cache);
    crate::diag::log_time("render print copies and search entries", start);
    let rendered: Vec<&CachedSection> = keyed.iter().map(|(_, r)| r.as_ref()).collect();
    let start = std::time::Instant::now();

    let site = views::SiteView::new(project, audience);
    // Everything a section page shows besides its own section: the site's settings, the
    // theme and the neighbours' titles (hashed per page below).
    let site_key = hash_of(|h| {
        theme.generation.hash(h);
        audience.hash(h);
        format!("{:?}", project.config).hash(h);
        for index in &project.coverage.indexes {
            index.catalog.id.hash(h);
        }
    });
    let mut single = Vec::new();
    let mut single_diags = Diagnostics::new();
    let mut section_pages: Vec<Result<CachedPage, Diagnostic>> = Vec::new();
    let mut search_index = Vec::new();
    let previous_pages = std::mem::take(&mut cache.pages);
    // The few whole-report pages, the section pages and the search index are independent.
    rayon::join(
        || {
            // Whole-report pages, each its own task: the print page and the indexes are the
            // big ones.
            #[derive(Clone, Copy)]
            enum Job<'i> {
                Cover,
                Index(&'i crate::coverage::Index),
                Coverage,
                Print,
                Toc,
                Search,
                NotFound,
                TocScript,
            }
            let mut jobs = vec![
                Job::Print,
                Job::Cover,
                Job::Toc,
                Job::Search,
                Job::NotFound,
                Job::TocScript,
            ];
            if audience == Audience::Review {
                jobs.push(Job::Coverage);
            }
            jobs.extend(project.coverage.indexes.iter().map(Job::Index));
            let results: Vec<Result<Page, Diagnostic>> = jobs
                .par_iter()
                .map(|job| {
                    let start = std::time::Instant::now();
                    let page = match *job {
                        Job::Cover => {
                            theme.render("cover.html", "index.html", &site.cover_context())
                        }
                        Job::Index(index) => {
                            let url = index.catalog.framework.index_page();
                            theme.render("content-index.html", &url, &site.index_context(index))
                        }
                        Job::Coverage => theme.render(
                            "coverage.html",
                            "coverage.html",
                            &site.coverage_context(diags),
                        ),
                        Job::Print => {
                            let print_md: Vec<&Rendered> =
                                rendered.iter().map(|r| &r.print).collect();
                            // The template gets a short marker per chapter body; the bodies are
                            // spliced in afterwards, so the whole report is not copied into
                            // template values and back out (the print page is the biggest file).
                            let markers: Vec<String> =
                                (0..print_md.len()).map(print_marker).collect();
                            let context = site.print_context(&print_md, &markers);
                            theme
                                .render("print.html", "print.html", &context)
                                .map(|page| Page {
                                    path: page.path,
                                    bytes: Arc::new(splice_bodies(&page.bytes, &print_md)),
                                })
                        }
                        Job::Toc => theme.render("toc.html", "toc.html", &site.toc_context()),
                        Job::Search => {
                            theme.render("search.html", "search.html", &site.search_context())
                        }
                        Job::NotFound => {
                            theme.render("404.html", "404.html", &site.not_found_context())
                        }
                        Job::TocScript => Ok(Page {
                            path: "toc.js".into(),
                            bytes: Arc::new(site.toc_script(&theme.toc_script)),
                        }),
                    };
                    if let Ok(page) = &page {
                        crate::diag::log_time(&page.path, start);
                    }
                    page
                })
                .collect();
            for result in results {
                match result {
                    Ok(page) => single.push(page),
                    Err(d) => single_diags.push(d),
                }
            }
        },
        || {
            rayon::join(
                || {
                    section_pages = sections
                        .par_iter()
                        .enumerate()
                        .map(|(s, section)| {
                            let key = hash_of(|h| {
                                site_key.hash(h);
                                keyed[s].0.hash(h);
                                site.section_key(s, h);
                            });
                            if let Some((k, bytes)) = previous_pages.get(&section.url)
                                && *k == key
                            {
                                return Ok((key, bytes.clone()));
                            }
                            let context = site.section_context(s, &project.report.rendered[s]);
                            let page = theme
                                .render("section.html", &section.url, &context)
                                .map_err(|mut d| {
                                    d.file = Some(section.source.clone());
                                    d
                                })?;
                            match sink {
                                Some(sink) => match sink(&section.url, &page.bytes) {
                                    // Written: nothing to keep.
                                    Ok(()) => Ok((key, Arc::new(Vec::new()))),
                                    Err(err) => Err(Code::WriteFailed.error(
                                        section.source.clone(),
                                        None,
                                        format!("cannot write {}: {err}", section.url),
                                    )),
                                },
                                None => Ok((key, page.bytes)),
                            }
                        })
                        .collect();
                },
                || {
                    let rows = site.search_rows();
                    let fragments: Vec<&[u8]> = rendered
                        .iter()
                        .map(|r| r.search_doc.as_slice())
                        .chain(rows.iter().map(Vec::as_slice))
                        .collect();
                    let start = std::time::Instant::now();
                    search_index = search::build(&fragments);
                    crate::diag::log_time("search index", start);
                },
            )
        },
    );
    crate::diag::log_time("pages, print, indexes, search", start);
    diags.extend(single_diags);
    let mut pages = single;
    for (section, page) in sections.iter().zip(section_pages) {
        match page {
            Ok(_) if sink.is_some() => {}
            Ok((key, bytes)) => {
                pages.push(Page {
                    path: section.url.clone(),
                    bytes: bytes.clone(),
                });
                cache.pages.insert(section.url.clone(), (key, bytes));
            }
            Err(d) => diags.push(d),
        }
    }
    pages.push(Page {
        path: "search-index.json".into(),
        bytes: Arc::new(search_index),
    });
    for (path, bytes) in &theme.statics {
        pages.push(Page {
            path: path.clone(),
            bytes: Arc::new(bytes.clone()),
        });
    }
    pages
}

const PRINT_MARKER: &str = "<!--esgbook:print:";

fn print_marker(index: usize) -> String {
    format!("{PRINT_MARKER}{index}-->")
}

/// Replaces each print marker in `page` with the HTML of the chapter it names.
fn splice_bodies(page: &[u8], chapters: &[&Rendered]) -> Vec<u8> {
    let total: usize = chapters.iter().map(|c| c.html.len()).sum();
    let mut out = Vec::with_capacity(page.len() + total);
    let mut rest = page;
    let marker = PRINT_MARKER.as_bytes();
    while let Some(at) = rest.windows(marker.len()).position(|w| w == marker) {
        out.extend_from_slice(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let index = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|d| d.parse::<usize>().ok());
        match (index, after[digits..].starts_with(b"-->")) {
            (Some(index), true) if index < chapters.len() => {
                out.extend_from_slice(chapters[index].html.as_bytes());
                rest = &after[digits + 3..];
            }
            _ => {
                // Not one of ours (an author wrote the text): keep it as it is.
                out.extend_from_slice(marker);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    out
}

/// Builds the site of every edition: render, then write to a temporary folder and swap
/// it in. The primary edition is the build dir itself, every other edition its
/// `<lang>/` folder; nothing is swapped in unless every edition rendered.
pub fn build(editions: &[Project], audience: Audience, diags: &mut Diagnostics) -> bool {
    let Some(primary) = editions.first() else {
        return false;
    };
    check_build_dir(primary, diags);
    if diags.has_errors() {
        return false;
    }
    let start = std::time::Instant::now();
    let Some(theme) = Theme::load(&primary.root, diags) else {
        return false;
    };
    crate::diag::log_time("load templates", start);
    let fail = |diags: &mut Diagnostics, err: std::io::Error| {
        diags.push(write_error(primary, &err));
        false
    };
    // Section pages go straight into the staging folder as they are rendered; if anything
    // fails, dropping `staging` removes it and the build dir is untouched.
    let staging = match output::Staging::new(&primary.build_dir()) {
        Ok(staging) => staging,
        Err(err) => return fail(diags, err),
    };
    for project in editions {
        let prefix = project.edition_prefix();
        let start = std::time::Instant::now();
        let sink = |path: &str, bytes: &[u8]| staging.write(&format!("{prefix}{path}"), bytes);
        let mut pages = render_into(
            project,
            audience,
            &theme,
            &mut Cache::new(),
            Some(&sink),
            diags,
        );
        crate::diag::log_time("render and write section pages", start);
        if diags.has_errors() {
            return false;
        }
        for page in &mut pages {
            page.path = format!("{prefix}{}", page.path);
        }
        let start = std::time::Instant::now();
        let result = staging.write_pages(&pages).and_then(|()| {
            staging.copy_assets(
                &prefix,
                &project.config.asset_dirs(&project.root),
                &project.report.assets,
            )
        });
        crate::diag::log_time("write other pages", start);
        if let Err(err) = result {
            return fail(diags, err);
        }
    }
    match staging.swap() {
        Ok(()) => true,
        Err(err) => fail(diags, err),
    }
}

/// Writes rendered pages and the report's assets into the build dir (temp folder + swap).
pub fn write(project: &Project, pages: &[Page], diags: &mut Diagnostics) -> bool {
    let build_dir = project.build_dir();
    match output::write_site(
        &build_dir,
        &project.root.join(&project.config.book.src),
        &project.report.assets,
        pages,
    ) {
        Ok(()) => true,
        Err(err) => {
            diags.push(write_error(project, &err));
            false
        }
    }
}

/// The diagnostic for a failure to write into the build dir.
pub fn write_error(project: &Project, err: &std::io::Error) -> Diagnostic {
    let build_dir = project.config.build.build_dir.to_string_lossy();
    Code::WriteFailed.error(
        build_dir.into_owned(),
        None,
        format!("cannot write the site: {err}"),
    )
}
