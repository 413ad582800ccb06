//! Template views: serialisable structs borrowed from the model, one per page kind.

use crate::Project;
use crate::catalog::Framework;
use crate::config::{Date, GriClaim};
use crate::content::TocEntry;
use crate::coverage::{Index, Status, reason_label};
use crate::diag::Diagnostics;
use serde::Serialize;
use tera::Context;

/// The page of a framework's content index.
pub fn index_url(framework: Framework) -> String {
    format!("{}.html", framework.key())
}

/// The anchor of an item's row on its index page.
pub fn row_anchor(id: &str) -> String {
    format!("item-{}", id.to_ascii_lowercase().replace(['.', ' '], "-"))
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    company: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    period: Option<String>,
}

#[derive(Serialize, Clone)]
struct NavEntry {
    title: String,
    number: Option<String>,
    depth: usize,
    url: Option<String>,
    part: bool,
    section: Option<usize>,
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
    anchor: String,
    title: &'a str,
    heading: Option<&'a str>,
    kind: &'a str,
    obligation: &'static str,
    status: &'static str,
    locations: Vec<LocationView<'a>>,
    reason: Option<&'a str>,
    explanation: Option<&'a str>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    title: &'a str,
    rows: Vec<RowView<'a>>,
}

#[derive(Serialize)]
struct CountView {
    status: &'static str,
    count: usize,
}

/// Shared view of the whole site.
pub struct SiteView<'a> {
    project: &'a Project,
    nav: Vec<NavEntry>,
}

fn long_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        date.day,
        MONTHS[(date.month as usize).saturating_sub(1).min(11)],
        date.year
    )
}

impl<'a> SiteView<'a> {
    /// Prepares the shared parts (navigation, site info).
    pub fn new(project: &'a Project) -> SiteView<'a> {
        let sections = &project.report.sections;
        let nav = project
            .report
            .toc
            .iter()
            .map(|entry| match entry {
                TocEntry::Part(title) => NavEntry {
                    title: title.clone(),
                    number: None,
                    depth: 0,
                    url: None,
                    part: true,
                    section: None,
                },
                TocEntry::Chapter {
                    title,
                    number,
                    depth,
                    section,
                } => NavEntry {
                    title: title.clone(),
                    number: number.clone(),
                    depth: *depth,
                    url: section.map(|s| sections[s].url.clone()),
                    part: false,
                    section: *section,
                },
            })
            .collect();
        SiteView { project, nav }
    }

    fn period(&self) -> Option<String> {
        let esg = &self.project.config.esg;
        match (esg.period_start, esg.period_end) {
            (Some(start), Some(end)) => Some(format!("{} to {}", long_date(start), long_date(end))),
            (Some(start), None) => Some(format!("financial year starting {}", long_date(start))),
            _ => None,
        }
    }

    fn base(&self, url: &str) -> Context {
        let config = &self.project.config;
        let mut context = Context::new();
        context.insert(
            "site",
            &SiteInfo {
                title: &config.book.title,
                company: config.company(),
                description: config.book.description.as_deref(),
                language: &config.book.language,
                period: self.period(),
            },
        );
        // Relative prefix back to the site root, so the site works from any folder or file://.
        let root = "../".repeat(url.matches('/').count());
        context.insert("root", &root);
        context.insert("page_url", url);
        context.insert("nav", &self.nav);
        let frameworks: Vec<FrameworkLink> = self
            .project
            .coverage
            .indexes
            .iter()
            .map(|i| FrameworkLink {
                key: i.catalog.framework.key(),
                label: i.catalog.framework.label(),
                title: i.catalog.title.clone(),
                url: index_url(i.catalog.framework),
            })
            .collect();
        context.insert("frameworks", &frameworks);
        context
    }

    /// GRI statement of use for the configured claim.
    pub fn statement_of_use(&self, index: &Index) -> Option<String> {
        let config = &self.project.config;
        let period = self
            .period()
            .unwrap_or_else(|| "the reporting period".into());
        match index.claim? {
            GriClaim::WithReference => Some(format!(
                "{} has reported the information cited in this GRI content index for the period {period} with reference to the GRI Standards.",
                config.company()
            )),
            GriClaim::InAccordance => Some(format!(
                "{} has reported in accordance with the GRI Standards for the period {period}.",
                config.company()
            )),
        }
    }

    /// The cover page.
    pub fn cover_context(&self) -> Context {
        let mut context = self.base("index.html");
        let statements: Vec<String> = self
            .project
            .coverage
            .indexes
            .iter()
            .filter_map(|i| self.statement_of_use(i))
            .collect();
        context.insert("statements", &statements);
        let first = self.project.report.sections.first().map(|s| s.url.clone());
        context.insert("first_page", &first);
        context
    }

    /// A section page; `body` is its rendered HTML.
    pub fn section_context(&self, s: usize, body: &str) -> Context {
        let sections = &self.project.report.sections;
        let section = &sections[s];
        let mut context = self.base(&section.url);
        context.insert("title", &section.title);
        context.insert("trail", &section.trail);
        context.insert("number", &section.number);
        context.insert("description", &section.description);
        context.insert("body", body);
        let addressed: Vec<serde_json::Value> = self.project.coverage.addressed[s]
            .iter()
            .filter_map(|(framework, position)| {
                let index = self.project.coverage.index(*framework)?;
                let item = index.catalog.item(*position);
                Some(serde_json::json!({
                    "framework": framework.label(),
                    "id": item.id,
                    "title": item.title,
                    "url": format!("{}#{}", index_url(*framework), row_anchor(&item.id)),
                }))
            })
            .collect();
        context.insert("addressed", &addressed);
        let link =
            |i: usize| serde_json::json!({"title": sections[i].title, "url": sections[i].url});
        context.insert("previous", &s.checked_sub(1).map(link));
        context.insert("next", &(s + 1 < sections.len()).then(|| link(s + 1)));
        context
    }

    /// A framework's content-index page.
    pub fn index_context(&self, index: &Index) -> Context {
        let url = index_url(index.catalog.framework);
        let mut context = self.base(&url);
        let sections = &self.project.report.sections;
        let catalog = index.catalog;
        let mut groups: Vec<GroupView> = catalog
            .groups
            .iter()
            .map(|g| GroupView {
                title: &g.title,
                rows: Vec::new(),
            })
            .collect();
        for row in &index.rows {
            let item = index.item(row);
            let view = RowView {
                id: &item.id,
                anchor: row_anchor(&item.id),
                title: &item.title,
                heading: item.heading.as_deref(),
                kind: &item.kind,
                obligation: row.obligation.as_str(),
                status: row.status.as_str(),
                locations: row
                    .locations
                    .iter()
                    .map(|&s| LocationView {
                        title: &sections[s].title,
                        trail: sections[s].trail.join(" › "),
                        url: &sections[s].url,
                    })
                    .collect(),
                reason: row
                    .omission
                    .as_ref()
                    .and_then(|o| o.reason.as_deref())
                    .map(reason_label),
                explanation: row.omission.as_ref().map(|o| o.explanation.as_str()),
            };
            if let Some(group) = catalog.groups.iter().position(|g| g.id == item.group) {
                groups[group].rows.push(view);
            }
        }
        groups.retain(|g| !g.rows.is_empty());
        context.insert("title", &format!("{} content index", catalog.title));
        context.insert("catalog", catalog);
        context.insert("framework", catalog.framework.key());
        context.insert("claim", &index.claim.map(|c| c.as_str()));
        context.insert("statement_of_use", &self.statement_of_use(index));
        context.insert("material_topics", &index.material_topics);
        context.insert("groups", &groups);
        context.insert("counts", &counts(index));
        context
    }

    /// The reviewers' coverage page.
    pub fn coverage_context(&self, diags: &Diagnostics) -> Context {
        let mut context = self.base("coverage.html");
        let frameworks: Vec<serde_json::Value> = self
            .project
            .coverage
            .indexes
            .iter()
            .map(|index| {
                let gaps: Vec<serde_json::Value> = index
                    .gaps()
                    .map(|row| {
                        let item = index.item(row);
                        serde_json::json!({
                            "id": item.id,
                            "title": item.title,
                            "obligation": row.obligation.as_str(),
                            "url": format!("{}#{}", index_url(index.catalog.framework), row_anchor(&item.id)),
                            "advice": crate::check::gap_advice(index, &item.id, row.obligation),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "id": index.catalog.id,
                    "title": index.catalog.title,
                    "url": index_url(index.catalog.framework),
                    "counts": counts(index),
                    "gaps": gaps,
                })
            })
            .collect();
        context.insert("title", "Disclosure coverage");
        context.insert("coverage", &frameworks);
        let warnings: Vec<String> = diags.warnings().iter().map(|d| d.to_text()).collect();
        context.insert("warnings", &warnings);
        context
    }
}

fn counts(index: &Index) -> Vec<CountView> {
    Status::ALL
        .iter()
        .map(|s| CountView {
            status: s.as_str(),
            count: index.count(*s),
        })
        .collect()
}
