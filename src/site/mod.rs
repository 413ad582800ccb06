//! The report site: cover, one page per section, one content-index page per framework,
//! and a coverage page, rendered with tera templates into the build directory.
//!
//! Templates are compiled into the binary (`templates/` of this repository); a report's own
//! `templates/` folder overrides them file by file. Pages are rendered in parallel from the
//! [`Project`] model; nothing here reads a source file except assets to copy. The output is
//! written to a temporary folder beside the build directory and swapped in at the end, so a
//! failed build leaves the previous site as it was.

mod markdown;
mod output;
mod views;

use crate::Project;
use crate::diag::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use std::path::Path;
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
];

/// Static files written with every site, as `(path, bytes)`.
const STATIC: &[(&str, &[u8])] = &[("esgbook.css", include_bytes!("../../templates/esgbook.css"))];

/// Loads the default templates plus the project's overrides.
pub fn templates(root: &Path, diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::default();
    let mut sources: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let override_dir = root.join("templates");
    for (name, text) in sources.iter_mut() {
        let path = override_dir.join(name.as_str());
        if let Ok(bytes) = std::fs::read(&path) {
            let file = format!("templates/{name}");
            if let Some(custom) = crate::content::decode_text(&file, &bytes, diags) {
                *text = custom;
            }
        }
    }
    if let Err(err) = tera.add_raw_templates(sources) {
        diags.push(
            Diagnostic::error("templates", None, format!("a template does not compile: {}", error_chain(&err)))
                .with_help("fix the template in the report's templates/ folder, or delete it to use the default"),
        );
        return None;
    }
    tera.autoescape_on(vec![".html"]);
    Some(tera)
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

/// Renders every page in memory. Errors (broken links, template failures) go to `diags`.
pub fn render(project: &Project, tera: &Tera, diags: &mut Diagnostics) -> Vec<Page> {
    let site = views::SiteView::new(project);
    let mut pages = Vec::new();
    let mut render_page =
        |name: &str, path: String, context: tera::Context, diags: &mut Diagnostics| match tera
            .render(name, &context)
        {
            Ok(html) => pages.push(Page {
                path,
                bytes: html.into_bytes(),
            }),
            Err(err) => diags.push(Diagnostic::error(
                format!("templates/{name}"),
                None,
                format!("rendering {path} failed: {}", error_chain(&err)),
            )),
        };
    render_page(
        "cover.html",
        "index.html".into(),
        site.cover_context(),
        diags,
    );
    for index in &project.coverage.indexes {
        render_page(
            "content-index.html",
            views::index_url(index.catalog.framework),
            site.index_context(index),
            diags,
        );
    }
    render_page(
        "coverage.html",
        "coverage.html".into(),
        site.coverage_context(diags),
        diags,
    );

    // Sections render in parallel; each keeps its diagnostics, merged in reading order.
    let sections: Vec<(Result<Page, Diagnostic>, Diagnostics)> = (0..project.report.sections.len())
        .into_par_iter()
        .map(|s| {
            let mut local = Diagnostics::new();
            let section = &project.report.sections[s];
            let body = markdown::render(project, section, &mut local);
            let context = site.section_context(s, &body);
            let page = tera
                .render("section.html", &context)
                .map(|html| Page {
                    path: section.url.clone(),
                    bytes: html.into_bytes(),
                })
                .map_err(|err| {
                    Diagnostic::error(
                        section.source.clone(),
                        None,
                        format!("rendering failed: {}", error_chain(&err)),
                    )
                });
            (page, local)
        })
        .collect();
    for (page, local) in sections {
        diags.extend(local);
        match page {
            Ok(page) => pages.push(page),
            Err(d) => diags.push(d),
        }
    }
    for (path, bytes) in STATIC {
        pages.push(Page {
            path: path.to_string(),
            bytes: bytes.to_vec(),
        });
    }
    pages
}

/// Builds the site: render, then write to a temporary folder and swap it in.
pub fn build(project: &Project, diags: &mut Diagnostics) -> bool {
    let build_dir = project.build_dir();
    check_build_dir(project, diags);
    if diags.has_errors() {
        return false;
    }
    let Some(tera) = templates(&project.root, diags) else {
        return false;
    };
    let pages = render(project, &tera, diags);
    if diags.has_errors() {
        return false;
    }
    match output::write_site(
        &build_dir,
        &project.root.join(&project.config.book.src),
        &project.report.assets,
        &pages,
    ) {
        Ok(()) => true,
        Err(err) => {
            diags.push(Diagnostic::error(
                project
                    .config
                    .build
                    .build_dir
                    .to_string_lossy()
                    .into_owned(),
                None,
                format!("cannot write the site: {err}"),
            ));
            false
        }
    }
}
