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
//! `esgbook serve` rebuilds many times: it keeps its [`Theme`] and a [`Cache`] of rendered
//! Markdown between builds, so an edit re-renders the Markdown of the changed section only
//! (every page's template still runs; they are cheap next to Markdown and link checks).

pub mod markdown;
pub mod output;
pub mod search;
pub mod views;

use crate::Project;
use crate::diag::{Diagnostic, Diagnostics};
use markdown::{Links, Mode, Rendered};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;
use tera::Tera;

pub use output::check_build_dir;

/// Default templates, as `(name, text)`.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("cover.html", include_str!("../../templates/cover.html")),
    ("section.html", include_str!("../../templates/section.html")),
    ("content-index.html", include_str!("../../templates/content-index.html")),
    ("coverage.html", include_str!("../../templates/coverage.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("toc.html", include_str!("../../templates/toc.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
];

/// Static files written with every site, as `(path, bytes)`; overridable like templates.
const STATIC: &[(&str, &[u8])] = &[
    ("esgbook.css", include_bytes!("../../templates/esgbook.css")),
    ("search.js", include_bytes!("../../templates/search.js")),
];

/// The script half of `toc.js` (the data half is generated).
const TOC_SCRIPT: &str = include_str!("../../templates/toc.js");

/// The compiled templates and static files of one build (or of a whole `serve` session).
pub struct Theme {
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
            crate::content::decode_text(&format!("templates/{name}"), &bytes, diags)
        };
        let mut sources: Vec<(String, String)> = Vec::with_capacity(TEMPLATES.len());
        for (name, text) in TEMPLATES {
            let text = read_override(name, diags).unwrap_or_else(|| text.to_string());
            sources.push((name.to_string(), text));
        }
        let mut tera = Tera::default();
        if let Err(err) = tera.add_raw_templates(sources) {
            diags.push(
                Diagnostic::error("templates", None, format!("a template does not compile: {}", error_chain(&err)))
                    .with_help("fix the template in the report's templates/ folder, or delete it to use the default"),
            );
            return None;
        }
        tera.autoescape_on(vec![".html"]);
        let statics = STATIC
            .iter()
            .map(|(name, bytes)| {
                let bytes = std::fs::read(override_dir.join(name)).unwrap_or_else(|_| bytes.to_vec());
                (name.to_string(), bytes)
            })
            .collect();
        let toc_script = read_override("toc.js", diags).unwrap_or_else(|| TOC_SCRIPT.to_string());
        Some(Theme { tera, statics, toc_script })
    }

    fn render(&self, name: &str, path: &str, context: &tera::Context) -> Result<Page, Diagnostic> {
        self.tera.render(name, context).map(|html| Page { path: path.to_string(), bytes: html.into_bytes() }).map_err(|err| {
            Diagnostic::error(format!("templates/{name}"), None, format!("rendering {path} failed: {}", error_chain(&err)))
        })
    }
}

/// Loads the default templates plus the project's overrides.
pub fn templates(root: &Path, diags: &mut Diagnostics) -> Option<Tera> {
    Theme::load(root, diags).map(|t| t.tera)
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
    /// Content.
    pub bytes: Vec<u8>,
}

/// A section's Markdown rendered for its page and for the print page, with the problems
/// found while rendering.
struct CachedSection {
    page: Rendered,
    print: Rendered,
    diags: Diagnostics,
}

/// Rendered Markdown kept between builds by `serve`, keyed by section path. An entry is
/// reused when the section's text and the report's list of files are unchanged (links are
/// checked against that list).
#[derive(Default)]
pub struct Cache {
    entries: HashMap<String, (u64, Arc<CachedSection>)>,
}

impl Cache {
    /// An empty cache.
    pub fn new() -> Cache {
        Cache::default()
    }
}

fn hash_of(parts: impl FnOnce(&mut std::collections::hash_map::DefaultHasher)) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    parts(&mut hasher);
    hasher.finish()
}

/// Renders every page in memory. Errors (broken links, template failures) go to `diags`.
pub fn render(project: &Project, theme: &Theme, cache: &mut Cache, diags: &mut Diagnostics) -> Vec<Page> {
    let links = Links::new(project);
    let sections = &project.report.sections;
    // Links are valid or not depending on which files exist: part of every cache key.
    let shape = hash_of(|h| {
        for s in sections {
            s.path.hash(h);
        }
        project.report.assets.hash(h);
    });
    let rendered: Vec<Arc<CachedSection>> = sections
        .par_iter()
        .enumerate()
        .map(|(s, section)| {
            let key = hash_of(|h| {
                shape.hash(h);
                section.body.hash(h);
                section.body_line.hash(h);
                section.source.hash(h);
            });
            if let Some((k, cached)) = cache.entries.get(&section.path)
                && *k == key
            {
                return cached.clone();
            }
            let mut local = Diagnostics::new();
            let page = markdown::render(&links, s, Mode::Page, &mut local);
            let print = markdown::render(&links, s, Mode::Print, &mut Diagnostics::new());
            Arc::new(CachedSection { page, print, diags: local })
        })
        .collect();
    cache.entries = sections
        .iter()
        .zip(&rendered)
        .map(|(section, r)| {
            let key = hash_of(|h| {
                shape.hash(h);
                section.body.hash(h);
                section.body_line.hash(h);
                section.source.hash(h);
            });
            (section.path.clone(), (key, r.clone()))
        })
        .collect();
    for r in &rendered {
        diags.extend(r.diags.clone());
    }
    let pages_md: Vec<&Rendered> = rendered.iter().map(|r| &r.page).collect();
    markdown::check_fragments(project, &pages_md, diags);

    let site = views::SiteView::new(project);
    let mut pages = Vec::with_capacity(sections.len() + 16);
    let mut push = |result: Result<Page, Diagnostic>, diags: &mut Diagnostics| match result {
        Ok(page) => pages.push(page),
        Err(d) => diags.push(d),
    };
    push(theme.render("cover.html", "index.html", &site.cover_context()), diags);
    for index in &project.coverage.indexes {
        let url = views::index_url(index.catalog.framework);
        push(theme.render("content-index.html", &url, &site.index_context(index)), diags);
    }
    push(theme.render("coverage.html", "coverage.html", &site.coverage_context(diags)), diags);
    let print_md: Vec<&Rendered> = rendered.iter().map(|r| &r.print).collect();
    push(theme.render("print.html", "print.html", &site.print_context(&print_md)), diags);
    push(theme.render("toc.html", "toc.html", &site.toc_context()), diags);
    push(theme.render("search.html", "search.html", &site.search_context()), diags);
    push(theme.render("404.html", "404.html", &site.not_found_context()), diags);

    let section_pages: Vec<Result<Page, Diagnostic>> = sections
        .par_iter()
        .enumerate()
        .map(|(s, section)| {
            let context = site.section_context(s, &rendered[s].page);
            theme.render("section.html", &section.url, &context).map_err(|mut d| {
                d.file = Some(section.source.clone());
                d
            })
        })
        .collect();
    for page in section_pages {
        push(page, diags);
    }
    pages.push(Page { path: "toc.js".into(), bytes: site.toc_script(&theme.toc_script) });
    pages.push(Page { path: "search-index.json".into(), bytes: search::build(project, &pages_md) });
    for (path, bytes) in &theme.statics {
        pages.push(Page { path: path.clone(), bytes: bytes.clone() });
    }
    pages
}

/// Builds the site: render, then write to a temporary folder and swap it in.
pub fn build(project: &Project, diags: &mut Diagnostics) -> bool {
    check_build_dir(project, diags);
    if diags.has_errors() {
        return false;
    }
    let Some(theme) = Theme::load(&project.root, diags) else { return false };
    let pages = render(project, &theme, &mut Cache::new(), diags);
    if diags.has_errors() {
        return false;
    }
    write(project, &pages, diags)
}

/// Writes rendered pages and the report's assets into the build dir (temp folder + swap).
pub fn write(project: &Project, pages: &[Page], diags: &mut Diagnostics) -> bool {
    let build_dir = project.build_dir();
    match output::write_site(&build_dir, &project.root.join(&project.config.book.src), &project.report.assets, pages) {
        Ok(()) => true,
        Err(err) => {
            diags.push(Diagnostic::error(
                project.config.build.build_dir.to_string_lossy().into_owned(),
                None,
                format!("cannot write the site: {err}"),
            ));
            false
        }
    }
}
