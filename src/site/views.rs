//! Template views: serialisable structs borrowed from the model, one per page kind.
//!
//! Every page gets a context of a size independent of the report's length (the table of
//! contents lives in one shared `toc.js`, see [`SiteView::toc_script`]), so the site grows
//! linearly with the number of sections. Only the cover, `toc.html` and the print page list
//! every section.

use super::Audience;
use super::search;
use crate::Project;
use crate::catalog::ItemKind;
use crate::catalog::rules::TableStyle;
use crate::content::TocEntry;
use crate::content::markdown::{Rendered, print_slug};
use crate::coverage::{Index, Row};
use crate::diag::Diagnostics;
use crate::locale::Strings;
use crate::model::{GriClaim, row_anchor};
use serde::Serialize;
use tera::Context;

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    company: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    period: Option<String>,
    logo: Option<&'a str>,
    cover_image: Option<&'a str>,
    /// CSS custom properties overriding the theme's palette (`--brand: #…;`), or empty.
    palette: String,
}

/// The theme's palette from the brand colours: the brand itself, a darker shade for hover
/// and headings, a light tint for table bands, and the accent.
fn palette(html: &crate::config::HtmlConfig) -> String {
    let mut css = String::new();
    if let Some(brand) = html.brand_color {
        css.push_str(&format!(
            "--brand: {}; --brand-dark: {}; --brand-soft: {};",
            brand.hex(),
            brand.shade(0.35).hex(),
            brand.shade(-0.9).hex()
        ));
    }
    if let Some(accent) = html.accent_color {
        css.push_str(&format!(" --accent: {};", accent.hex()));
    }
    css.trim().to_string()
}

/// One line of the table of contents.
#[derive(Serialize, Clone)]
pub struct NavEntry {
    title: String,
    number: Option<String>,
    depth: usize,
    url: Option<String>,
    part: bool,
}

/// The same page in one edition, for the language switcher and `hreflang` alternates.
#[derive(Serialize)]
struct EditionLink {
    /// The edition's language name in that language (`繁體中文`).
    name: &'static str,
    hreflang: &'static str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct FrameworkLink {
    key: &'static str,
    label: &'static str,
    title: String,
    url: String,
}

#[derive(Serialize)]
struct LocationView<'a> {
    title: &'a str,
    trail: String,
    url: &'a str,
}

#[derive(Serialize)]
struct RowView<'a> {
    id: &'a str,
    /// How issuers print the item (`KPI A1.1`, `GRI 305-1`).
    label: &'a str,
    anchor: String,
    title: &'a str,
    heading: Option<&'a str>,
    /// A heading row to print above this row.
    heading_row: Option<&'a str>,
    kind: &'static str,
    obligation: &'a str,
    status: &'static str,
    /// The status as this edition prints it.
    status_label: &'a str,
    locations: Vec<LocationView<'a>>,
    reason: Option<&'a str>,
    explanation: Option<&'a str>,
    /// A material topic (in-accordance), or its management-approach row.
    material: bool,
}

#[derive(Serialize)]
struct GroupView<'a> {
    title: &'a str,
    rows: Vec<RowView<'a>>,
    /// Rows nobody addressed and nothing requires (GRI with-reference), listed apart.
    unaddressed: Vec<RowView<'a>>,
}

#[derive(Serialize)]
struct CountView<'a> {
    status: &'static str,
    label: &'a str,
    count: usize,
}

#[derive(Serialize, Clone)]
struct Crumb {
    title: String,
    url: Option<String>,
}

#[derive(Serialize)]
struct PrintChapter<'a> {
    slug: String,
    title: &'a str,
    heading: Option<&'a str>,
    depth: usize,
    part: Option<&'a str>,
    body: &'a str,
}

/// Shared view of the whole site.
pub struct SiteView<'a> {
    project: &'a Project,
    audience: Audience,
    nav: Vec<NavEntry>,
    /// Per section: the chapters above it, with their pages.
    crumbs: Vec<Vec<Crumb>>,
    frameworks: Vec<FrameworkLink>,
    period: Option<String>,
    /// esgbook's words in the edition's language.
    words: &'static Strings,
}

impl<'a> SiteView<'a> {
    /// Prepares the shared parts (navigation, trails, site info) for `audience`.
    pub fn new(project: &'a Project, audience: Audience) -> SiteView<'a> {
        let sections = &project.report.sections;
        let mut nav = Vec::with_capacity(project.report.toc.len());
        let mut crumbs = vec![Vec::new(); sections.len()];
        // Chapters above the current entry, as (depth, crumb).
        let mut stack: Vec<(usize, Crumb)> = Vec::new();
        for entry in &project.report.toc {
            match entry {
                TocEntry::Part(title) => {
                    stack.clear();
                    nav.push(NavEntry {
                        title: title.clone(),
                        number: None,
                        depth: 0,
                        url: None,
                        part: true,
                    });
                }
                TocEntry::Chapter {
                    title,
                    number,
                    depth,
                    section,
                } => {
                    let url = section.map(|s| sections[s].url.clone());
                    while stack.last().is_some_and(|(d, _)| d >= depth) {
                        stack.pop();
                    }
                    if let Some(s) = section {
                        crumbs[*s] = stack.iter().map(|(_, c)| c.clone()).collect();
                    }
                    stack.push((
                        *depth,
                        Crumb {
                            title: title.clone(),
                            url: url.clone(),
                        },
                    ));
                    nav.push(NavEntry {
                        title: title.clone(),
                        number: number.clone(),
                        depth: *depth,
                        url,
                        part: false,
                    });
                }
            }
        }
        let frameworks = project
            .coverage
            .indexes
            .iter()
            .map(|i| FrameworkLink {
                key: i.catalog.framework.key(),
                label: i.catalog.framework.label(),
                title: i.catalog.title.clone(),
                url: i.catalog.framework.index_page(),
            })
            .collect();
        let esg = &project.config.esg;
        let words = project.config.book.lang.strings();
        let period = esg
            .period_start
            .map(|start| words.period(start, esg.period_end));
        // Draft chapters (`[Title]()`) are the team's plan, not the report: only reviewers
        // see them.
        if audience == Audience::Publication {
            nav.retain(|entry| entry.part || entry.url.is_some());
        }
        SiteView {
            project,
            audience,
            nav,
            crumbs,
            frameworks,
            period,
            words,
        }
    }

    /// This page in every edition: `root` leads back to this edition's root; the primary
    /// edition is the site root and the others its `<lang>/` folders.
    fn editions(&self, url: &str, root: &str) -> Vec<EditionLink> {
        let book = &self.project.config.book;
        let site_root = if root.starts_with('/') {
            "/".to_string()
        } else if self.project.config.is_primary() {
            root.to_string()
        } else {
            format!("{root}../")
        };
        book.languages
            .iter()
            .enumerate()
            .map(|(n, lang)| {
                let prefix = if n == 0 {
                    String::new()
                } else {
                    format!("{}/", lang.tag())
                };
                EditionLink {
                    name: lang.strings().get("language_name"),
                    hreflang: lang.html_tag(),
                    url: format!("{site_root}{prefix}{url}"),
                    current: *lang == book.lang,
                }
            })
            .collect()
    }

    /// The context every page shares. `url` is the page's path from the site root; `root`
    /// is the relative way back, so the site works from any folder or from `file://`.
    pub fn base(&self, url: &str, root: &str) -> Context {
        let config = &self.project.config;
        let mut context = Context::new();
        context.insert(
            "site",
            &SiteInfo {
                title: &config.book.title,
                company: config.company(),
                description: config.book.description.as_deref(),
                language: &config.book.language,
                period: self.period.clone(),
                logo: config.html.logo.as_ref().map(|s| s.value.as_str()),
                cover_image: config.html.cover_image.as_ref().map(|s| s.value.as_str()),
                palette: palette(&config.html),
            },
        );
        context.insert("root", root);
        context.insert("page_url", url);
        context.insert("t", self.words);
        context.insert("editions", &self.editions(url, root));
        context.insert("frameworks", &self.frameworks);
        context.insert("has_sections", &!self.project.report.sections.is_empty());
        context.insert("review", &(self.audience == Audience::Review));
        context
    }

    fn page(&self, url: &str) -> Context {
        self.base(url, &"../".repeat(url.matches('/').count()))
    }

    /// GRI statement of use for the configured claim.
    pub fn statement_of_use(&self, index: &Index) -> Option<String> {
        index.statement_of_use.clone()
    }

    /// The cover page.
    pub fn cover_context(&self) -> Context {
        let mut context = self.page("index.html");
        let statements: Vec<String> = self
            .project
            .coverage
            .indexes
            .iter()
            .filter_map(|i| self.statement_of_use(i))
            .collect();
        context.insert("statements", &statements);
        let frameworks: Vec<serde_json::Value> = self
            .project
            .coverage
            .indexes
            .iter()
            .map(|i| {
                serde_json::json!({
                    "label": i.catalog.framework.label(),
                    "title": i.catalog.title,
                    "edition": i.catalog.edition,
                    "claim": i.claim.map(|c| self.words.get(match c { GriClaim::WithReference => "claim_with_reference", GriClaim::InAccordance => "claim_in_accordance" })),
                    "url": i.catalog.framework.index_page(),
                })
            })
            .collect();
        context.insert("cover_frameworks", &frameworks);
        let first = self.project.report.sections.first().map(|s| s.url.clone());
        context.insert("first_page", &first);
        // The cover lists the top-level chapters only: a short overview, not the full TOC.
        let chapters: Vec<&NavEntry> = self
            .nav
            .iter()
            .filter(|e| e.part || (e.depth == 0 && e.url.is_some()))
            .collect();
        context.insert("chapters", &chapters);
        context
    }

    /// The full table of contents page (`toc.html`), for readers without JavaScript.
    pub fn toc_context(&self) -> Context {
        let mut context = self.page("toc.html");
        context.insert("title", self.words.get("site_contents"));
        context.insert("nav", &self.nav);
        context
    }

    /// `toc.js`: the table of contents as data plus the few lines that draw it into each
    /// page's sidebar. One file for all pages keeps the site linear in size.
    pub fn toc_script(&self, script: &str) -> Vec<u8> {
        let data = serde_json::to_string(&self.nav).unwrap_or_else(|_| "[]".into());
        // `</script>` cannot occur in a .js file's meaning, but keep `<` out anyway.
        let data = data.replace('<', "\\u003c");
        format!("var ESGBOOK_TOC = {data};\n{script}").into_bytes()
    }

    /// A section page; `rendered` is its body.
    pub fn section_context(&self, s: usize, rendered: &Rendered) -> Context {
        let sections = &self.project.report.sections;
        let section = &sections[s];
        let mut context = self.page(&section.url);
        context.insert("title", &section.title);
        context.insert("heading", &rendered.heading);
        context.insert("crumbs", &self.crumbs[s]);
        context.insert("part", &section.part);
        context.insert("number", &section.number);
        context.insert("description", &section.description);
        context.insert("body", &rendered.html);
        let outline: Vec<serde_json::Value> = rendered
            .outline
            .iter()
            .map(|(id, text)| serde_json::json!({"id": id, "text": text}))
            .collect();
        context.insert("outline", &outline);
        let mut addressed: Vec<serde_json::Value> = Vec::new();
        for index in &self.project.coverage.indexes {
            let framework = index.catalog.framework;
            let items: Vec<serde_json::Value> = self
                .project
                .coverage
                .addressed
                .get(s)
                .into_iter()
                .flatten()
                .filter(|(f, _)| *f == framework)
                .filter_map(|(_, position)| index.rows.get(*position))
                .map(|row| {
                    serde_json::json!({
                        "id": row.id,
                        "title": row.title,
                        "url": format!("{}#{}", framework.index_page(), row_anchor(&row.id)),
                    })
                })
                .collect();
            if !items.is_empty() {
                addressed.push(serde_json::json!({"framework": framework.label(), "title": index.catalog.title, "items": items}));
            }
        }
        context.insert("addressed", &addressed);
        let link =
            |i: usize| serde_json::json!({"title": sections[i].title, "url": sections[i].url});
        context.insert("previous", &s.checked_sub(1).map(link));
        context.insert("next", &(s + 1 < sections.len()).then(|| link(s + 1)));
        context
    }

    /// Hashes what a section page shows besides its rendered body and the site-wide
    /// settings: its own fields, its neighbours, its trail and its disclosures. `serve`
    /// re-renders a section page only when this changes.
    pub fn section_key(&self, s: usize, h: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let sections = &self.project.report.sections;
        let section = &sections[s];
        (
            &section.title,
            &section.url,
            &section.description,
            &section.part,
            &section.number,
        )
            .hash(h);
        for crumb in &self.crumbs[s] {
            (&crumb.title, &crumb.url).hash(h);
        }
        for neighbour in [s.checked_sub(1), Some(s + 1)].into_iter().flatten() {
            if let Some(n) = sections.get(neighbour) {
                (neighbour, &n.title, &n.url).hash(h);
            }
        }
        if let Some(addressed) = self.project.coverage.addressed.get(s) {
            for (framework, position) in addressed {
                (framework.key(), position).hash(h);
            }
        }
    }

    /// A framework's content-index page.
    pub fn index_context(&self, index: &Index) -> Context {
        let url = index.catalog.framework.index_page();
        let mut context = self.page(&url);
        let catalog = index.catalog;
        let layout = &catalog.rules.index;
        let mut groups: Vec<GroupView> = catalog
            .groups
            .iter()
            .map(|g| GroupView {
                title: &g.title,
                rows: Vec::new(),
                unaddressed: Vec::new(),
            })
            .collect();
        for row in &index.rows {
            let view = RowView {
                id: &row.id,
                label: &row.label,
                anchor: row_anchor(&row.id),
                title: &row.title,
                // A Part B heading that the label already prints is not repeated.
                heading: row.heading.as_deref().filter(|heading| {
                    row.kind == ItemKind::MandatoryDisclosure && !row.label.contains(heading)
                }),
                heading_row: row.heading.as_deref().filter(|_| row.kind.heads_rows()),
                kind: row.kind.as_str(),
                obligation: self.words.obligation(row.obligation),
                status: row.status.as_str(),
                status_label: self.words.status(row.status),
                locations: row
                    .locations
                    .iter()
                    .map(|l| LocationView {
                        title: &l.title,
                        trail: l.trail_text(),
                        url: &l.url,
                    })
                    .collect(),
                reason: row
                    .omission
                    .as_ref()
                    .and_then(|o| o.reason_label.as_deref()),
                explanation: row.omission.as_ref().map(|o| o.explanation.as_str()),
                material: row.material,
            };
            let Some(group) = catalog.groups.iter().position(|g| g.id == row.group) else {
                continue;
            };
            if !self.shows(index, row) {
                continue;
            }
            // A GRI with-reference index lists what was reported; the rest is listed apart
            // (in the review build: the publication leaves it out).
            if layout.unaddressed_apart && !index.is_published(row) {
                groups[group].unaddressed.push(view);
            } else {
                groups[group].rows.push(view);
            }
        }
        groups.retain(|g| !g.rows.is_empty() || !g.unaddressed.is_empty());
        context.insert(
            "title",
            &self
                .words
                .fill("site_content_index", &[("title", &catalog.title)]),
        );
        context.insert("catalog", catalog);
        context.insert("framework", catalog.framework.key());
        context.insert("layout", layout);
        context.insert("group_heading", &layout.group_heading);
        context.insert("standards_table", &(layout.table == TableStyle::Standards));
        context.insert("claim", &index.claim.map(|c| c.as_str()));
        context.insert("statement_of_use", &self.statement_of_use(index));
        context.insert("material_topics", &index.material_topics);
        context.insert("groups", &groups);
        context.insert("counts", &self.counts(index));
        context
    }

    fn counts(&self, index: &Index) -> Vec<CountView<'_>> {
        index
            .counts()
            .into_iter()
            .map(|(status, count)| CountView {
                status: status.as_str(),
                label: self.words.status(status),
                count,
            })
            .collect()
    }

    /// Whether this build shows a row: rows that nothing requires and nobody addressed are
    /// reviewer material, left out of the publication (a GRI standard stays as the heading
    /// of its shown disclosures).
    fn shows(&self, index: &Index, row: &Row) -> bool {
        self.audience == Audience::Review || index.is_published(row)
    }

    /// Search entries for the index rows this build shows, so that a search for a code
    /// (`B6.4`) finds the row as well as the sections that address it.
    pub fn search_rows(&self) -> Vec<Vec<u8>> {
        let mut entries = Vec::new();
        for index in &self.project.coverage.indexes {
            let page = index.catalog.framework.index_page();
            let trail = self
                .words
                .fill("site_content_index", &[("title", &index.catalog.title)]);
            for row in index.rows.iter().filter(|row| self.shows(index, row)) {
                let mut text = row.title.clone();
                for location in &row.locations {
                    text.push_str(" · ");
                    text.push_str(&location.trail_text());
                }
                if let Some(omission) = &row.omission {
                    text.push_str(" · ");
                    text.push_str(&omission.explanation);
                }
                let title = format!("{} {}", row.id, row.title);
                let terms = search::section_terms(&[&row.id], &title, &text);
                let url = format!("{page}#{}", row_anchor(&row.id));
                entries.push(search::entry(&title, &url, trail.clone(), &text, &terms));
            }
        }
        entries
    }

    /// The reviewers' coverage page: the facts `esgbook check` prints.
    pub fn coverage_context(&self, diags: &Diagnostics) -> Context {
        let mut context = self.page("coverage.html");
        let frameworks: Vec<serde_json::Value> = self
            .project
            .coverage
            .indexes
            .iter()
            .map(|index| {
                let gaps: Vec<serde_json::Value> = index
                    .gaps()
                    .map(|row| {
                        serde_json::json!({
                            "id": row.id,
                            "title": row.title,
                            "obligation": self.words.obligation(row.obligation),
                            "url": format!("{}#{}", index.catalog.framework.index_page(), row_anchor(&row.id)),
                            "advice": row.advice,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": index.catalog.id,
                    "title": index.catalog.title,
                    "claim": index.claim.map(|c| c.as_str()),
                    "items": index.rows.len(),
                    "url": index.catalog.framework.index_page(),
                    "counts": self.counts(index),
                    "gaps": gaps,
                })
            })
            .collect();
        context.insert("title", self.words.get("toc_coverage"));
        context.insert("coverage", &frameworks);
        context.insert("gap_count", &self.project.coverage.gap_count());
        let warnings: Vec<String> = diags.warnings().iter().map(|d| d.to_text()).collect();
        context.insert("warnings", &warnings);
        context
    }

    /// The print page: every section in reading order.
    /// `bodies[i]` stands in for chapter `i`'s HTML (the caller splices the real HTML in).
    pub fn print_context(&self, rendered: &[&Rendered], bodies: &[String]) -> Context {
        let mut context = self.page("print.html");
        let sections = &self.project.report.sections;
        let chapters: Vec<PrintChapter> = sections
            .iter()
            .zip(rendered)
            .zip(bodies)
            .map(|((section, r), body)| PrintChapter {
                slug: print_slug(section),
                title: &section.title,
                heading: r.heading.as_deref(),
                depth: section.depth,
                part: section.part.as_deref(),
                body,
            })
            .collect();
        context.insert("title", self.words.get("site_print_version"));
        context.insert("chapters", &chapters);
        context.insert(
            "statements",
            &self
                .project
                .coverage
                .indexes
                .iter()
                .filter_map(|i| self.statement_of_use(i))
                .collect::<Vec<_>>(),
        );
        context
    }

    /// The search page.
    pub fn search_context(&self) -> Context {
        let mut context = self.page("search.html");
        context.insert("title", self.words.get("search_title"));
        context
    }

    /// The 404 page: served for any missing path, so its links start at the site root.
    pub fn not_found_context(&self) -> Context {
        // Served for any missing path of the edition, so its links start at the edition's
        // root from the site's.
        let root = format!("/{}", self.project.edition_prefix());
        let mut context = self.base("404.html", &root);
        context.insert("title", self.words.get("not_found_title"));
        context
    }
}
