//! Coverage: sections × catalogs → one content-index row per catalog item.
//!
//! This stage resolves every code written in front matter against the configured catalog
//! editions, decides each item's obligation for this report (issuer tier, period, claim and
//! material topics) and its status. It is pure: it reads the [`Report`] and the [`Config`]
//! and writes diagnostics, no files.
//!
//! Its result is the one resolved index model: each [`Row`] carries every fact an output
//! prints (titles, locations with trail and URL, omission with its reason's label, gap
//! advice), so the site, the exports and `check` only serialise it.
//!
//! The stages, in the order [`compute`] runs them:
//! - [`edition`]: which catalog editions book.toml names, and the edition warnings;
//! - [`resolve`]: a written code (tag or omission) to a catalog item;
//! - [`rules`]: the catalog's rules as data: omission policy, claim, obligations;
//! - [`rows`]: what was written per item, then rows, statuses and roll-up.

mod edition;
mod resolve;
mod rows;
mod rules;

use crate::catalog::{Catalog, ItemKind};
use crate::config::Config;
use crate::content::Report;
use crate::diag::Diagnostics;
use crate::model::{Framework, GriClaim, Obligation, Status};

/// Where a report addresses an item: a section, with what every output prints about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Position of the section in [`Report::sections`].
    pub section: usize,
    /// Section title.
    pub title: String,
    /// Chapter titles from the top of SUMMARY.md down to the section.
    pub trail: Vec<String>,
    /// Page URL relative to the site root.
    pub url: String,
    /// Source path relative to the source folder (`green/02.md`).
    pub path: String,
    /// Source path relative to the project root (`content/green/02.md`).
    pub source: String,
    /// Line of the tag in the section's front matter.
    pub line: usize,
    /// A subsection's anchor, when a heading carries the tag (none yet).
    pub anchor: Option<String>,
    /// The page in the PDF edition (none yet).
    pub page: Option<u32>,
}

impl Location {
    /// The trail as printed in index cells: `Chapter › Section`.
    pub fn trail_text(&self) -> String {
        self.trail.join(" › ")
    }
}

/// Why and how an item is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// The reason, canonical spelling (`information-unavailable`), when one is given.
    pub reason: Option<String>,
    /// The reason's display label, from the catalog's omission policy.
    pub reason_label: Option<String>,
    /// The explanation.
    pub explanation: String,
    /// The file whose front matter holds the entry (`content/…md`).
    pub source: String,
    /// Line of the entry.
    pub line: usize,
}

/// One content-index row: a catalog item and what this report does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The item's code (`A1.1`, `305-1`).
    pub id: String,
    /// How issuers print the item (`KPI A1.1`, `General Disclosure`, `GRI 305-1`), from
    /// the catalog; users still tag with [`Row::id`].
    pub label: String,
    /// The item's short title.
    pub title: String,
    /// What the item is.
    pub kind: ItemKind,
    /// The id of the index-page group it sits in.
    pub group: String,
    /// The aspect's or standard's full name, shown above the item.
    pub heading: Option<String>,
    /// The enclosing item's id (an aspect's General Disclosure, a GRI standard).
    pub parent: Option<String>,
    /// Obligation for this report.
    pub obligation: Obligation,
    /// Status.
    pub status: Status,
    /// Sections addressing the item, in reading order.
    pub locations: Vec<Location>,
    /// The omission entry, when the status is `omitted`.
    pub omission: Option<Omission>,
    /// What to do about it, when the status is `missing`.
    pub advice: Option<String>,
    /// A material topic of an in-accordance claim, or its per-topic row (`3-3:305`).
    pub material: bool,
}

/// The index of one framework edition.
#[derive(Debug, Clone)]
pub struct Index {
    /// The edition, with its rules.
    pub catalog: &'static Catalog,
    /// The claim the report makes (frameworks with a claim rule only).
    pub claim: Option<GriClaim>,
    /// Material topics (GRI in-accordance), as catalog ids.
    pub material_topics: Vec<String>,
    /// The GRI statement of use for the report's claim (frameworks with a claim only).
    pub statement_of_use: Option<String>,
    /// One row per catalog item, in catalog order.
    pub rows: Vec<Row>,
}

impl Index {
    /// Number of rows with a status.
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// The number of rows of each status, in [`Status::ALL`] order.
    pub fn counts(&self) -> [(Status, usize); 4] {
        Status::ALL.map(|s| (s, self.count(s)))
    }

    /// Whether a row belongs in the published index: rows that nothing requires and nobody
    /// addressed are reviewer material (a GRI standard stays, as the heading of its shown
    /// disclosures). The site's publication build and the PDF both follow this.
    pub fn is_published(&self, row: &Row) -> bool {
        row.status != Status::NotAddressed
            || self.rows.iter().any(|r| {
                r.parent.as_deref() == Some(row.id.as_str()) && r.status != Status::NotAddressed
            })
    }

    /// Rows that are gaps.
    pub fn gaps(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status == Status::Missing)
    }

    /// The row of an id (an item's, or a per-topic row's such as `3-3:305`), if any.
    pub fn row(&self, id: &str) -> Option<&Row> {
        let wanted = crate::catalog::normalize_code(id);
        self.rows
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(&wanted))
    }
}

/// The coverage of every configured framework.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// HKEX first, then GRI; only configured frameworks.
    pub indexes: Vec<Index>,
    /// Per section (same order as [`Report::sections`]): the items it addresses, as
    /// (framework, row position in that framework's index), in the order written.
    pub addressed: Vec<Vec<(Framework, usize)>>,
}

impl Coverage {
    /// The index of a framework, when configured.
    pub fn index(&self, framework: Framework) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| i.catalog.framework == framework)
    }

    /// Required items missing, over every index.
    pub fn gap_count(&self) -> usize {
        self.indexes.iter().map(|i| i.count(Status::Missing)).sum()
    }

    /// True when no required item is missing.
    pub fn is_complete(&self) -> bool {
        self.gap_count() == 0
    }
}

/// Computes coverage. Unknown codes, forbidden omissions and the like go to `diags`.
pub fn compute(report: &Report, config: &Config, diags: &mut Diagnostics) -> Coverage {
    let catalogs = edition::select(config, diags);
    let mut written = rows::Written::new(report.sections.len());
    for (s, section) in report.sections.iter().enumerate() {
        let mut resolver = resolve::Resolver::new(&catalogs, &section.source);
        for tag in &section.tags {
            if let Some(found) = resolve::topic_code(
                &catalogs,
                config,
                tag.framework,
                &tag.code,
                &section.source,
                diags,
            ) {
                if let Some((_, topic)) = found {
                    written.tag_topic(tag.framework, &topic, s, section, tag);
                }
                continue;
            }
            let Some((catalog, position)) = resolver.resolve(tag.framework, &tag.code, diags)
            else {
                continue;
            };
            let item = &catalog.items[position];
            if edition::in_force(catalog, item, config, &section.source, tag.code.line, diags) {
                written.tag(catalog, position, s, section, tag, diags);
            }
        }
        for entry in &section.omissions {
            let topic = resolve::topic_code(
                &catalogs,
                config,
                entry.framework,
                &entry.code,
                &section.source,
                diags,
            );
            let (catalog, position) = match &topic {
                Some(Some((found, _))) => *found,
                Some(None) => continue,
                None => match resolver.resolve(entry.framework, &entry.code, diags) {
                    Some(found) => found,
                    None => continue,
                },
            };
            let item = &catalog.items[position];
            let Some(omission) = rules::omission(catalog, item, entry, section, config, diags)
            else {
                continue;
            };
            match topic {
                Some(Some((_, topic))) => written.omit_topic(catalog.framework, &topic, omission),
                _ => written.omit(catalog, position, omission, diags),
            }
        }
    }
    let mut addressed = written.addressed.clone();
    let indexes = catalogs
        .into_iter()
        .map(|catalog| {
            let claim = rules::claim(catalog, config, diags);
            let (index, positions) = rows::index(catalog, claim, &written, config, diags);
            let framework = catalog.framework;
            // Row positions moved where per-topic rows were inserted.
            for list in addressed.iter_mut() {
                for entry in list.iter_mut().filter(|e| e.0 == framework) {
                    entry.1 = positions[entry.1];
                }
            }
            // A per-topic row's locations address it too.
            for (position, row) in index.rows.iter().enumerate() {
                if row.id.contains(':') {
                    for location in &row.locations {
                        let list = &mut addressed[location.section];
                        if !list.contains(&(framework, position)) {
                            list.push((framework, position));
                        }
                    }
                }
            }
            index
        })
        .collect();
    Coverage { indexes, addressed }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Builders shared by the stages' unit tests.

    use crate::config::{Config, Setting};
    use crate::content::front_matter::{WrittenCode, WrittenOmission};
    use crate::content::{Report, Section, Tag};
    use crate::model::{Date, Framework};

    /// A section `path` tagging `hkex` and `gri` codes (line 2).
    pub fn section(path: &str, hkex: &[&str], gri: &[&str]) -> Section {
        let tag = |framework, text: &&str| Tag {
            framework,
            code: WrittenCode {
                text: text.to_string(),
                line: 2,
            },
            subsection: None,
        };
        Section {
            trail: vec!["Chapter".into(), path.into()],
            body_line: 4,
            tags: hkex
                .iter()
                .map(|t| tag(Framework::Hkex, t))
                .chain(gri.iter().map(|t| tag(Framework::Gri, t)))
                .collect(),
            ..Section::for_test(path, "")
        }
    }

    /// An omission entry at line 5 (reason at line 6).
    pub fn omission(
        framework: Framework,
        code: &str,
        reason: Option<&str>,
        explanation: &str,
    ) -> WrittenOmission {
        WrittenOmission {
            framework,
            code: WrittenCode {
                text: code.into(),
                line: 5,
            },
            reason: reason.map(|r| WrittenCode {
                text: r.into(),
                line: 6,
            }),
            explanation: explanation.into(),
        }
    }

    /// book.toml naming these editions (lines 1 and 2), period starting 2025-01-01.
    pub fn config(hkex: Option<&str>, gri: Option<&str>) -> Config {
        let mut config = Config::default_for_test();
        config.esg.hkex = hkex.map(|v| Setting {
            value: v.into(),
            line: 1,
        });
        config.esg.gri = gri.map(|v| Setting {
            value: v.into(),
            line: 2,
        });
        config.esg.period_start = Date::parse("2025-01-01");
        config
    }

    /// A report of these sections.
    pub fn report(sections: Vec<Section>) -> Report {
        Report {
            sections,
            ..Report::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::model::Issuer;

    fn missing(index: &Index) -> Vec<&str> {
        index.gaps().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn untagged_hkex_items_are_gaps_and_tags_cover_them() {
        let mut diags = Diagnostics::new();
        let r = report(vec![section("a.md", &["mdr-gov", "KPI A1.1", " A1 "], &[])]);
        let mut c = config(Some("hkex-esg-2020"), None);
        c.esg.period_start = crate::model::Date::parse("2024-01-01");
        let coverage = compute(&r, &c, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let index = coverage.index(Framework::Hkex).unwrap();
        let row = index.row("A1.1").unwrap();
        assert_eq!(row.status, Status::Covered);
        assert_eq!(
            row.locations,
            [Location {
                section: 0,
                title: "a.md".into(),
                trail: vec!["Chapter".into(), "a.md".into()],
                url: "a.html".into(),
                path: "a.md".into(),
                source: "content/a.md".into(),
                line: 2,
                anchor: None,
                page: None,
            }]
        );
        assert_eq!(row.locations[0].trail_text(), "Chapter › a.md");
        assert_eq!(index.row("MDR-PRIN").unwrap().status, Status::Missing);
        assert_eq!(missing(index).len(), 51 - 3);
        assert_eq!(coverage.gap_count(), 51 - 3);
        assert_eq!(
            index.counts(),
            [
                (Status::Covered, 3),
                (Status::Omitted, 0),
                (Status::Missing, 48),
                (Status::NotAddressed, 0)
            ]
        );
        assert_eq!(
            coverage.addressed,
            [vec![
                (Framework::Hkex, 0),
                (Framework::Hkex, 4),
                (Framework::Hkex, 3)
            ]]
        );
    }

    #[test]
    fn part_d_follows_issuer_tier_and_year() {
        let run = |issuer: Issuer, start: &str| {
            let mut diags = Diagnostics::new();
            let mut c = config(Some("hkex-esg-2025"), None);
            c.esg.issuer = issuer;
            c.esg.period_start = crate::model::Date::parse(start);
            let coverage = compute(&report(vec![]), &c, &mut diags);
            let index = coverage.index(Framework::Hkex).unwrap().clone();
            (
                index.row("D-STR-1").unwrap().obligation,
                index.row("D-MT-1").unwrap().obligation,
            )
        };
        assert_eq!(
            run(Issuer::Gem, "2025-01-01"),
            (Obligation::Optional, Obligation::Mandatory)
        );
        assert_eq!(
            run(Issuer::MainBoard, "2026-01-01"),
            (Obligation::ComplyOrExplain, Obligation::Mandatory)
        );
        assert_eq!(
            run(Issuer::Largecap, "2025-01-01"),
            (Obligation::ComplyOrExplain, Obligation::Mandatory)
        );
        assert_eq!(
            run(Issuer::Largecap, "2026-01-01"),
            (Obligation::Mandatory, Obligation::Mandatory)
        );
    }

    /// Regression (issue 8): in the JL MAG fixture A1 is covered by its own tag in
    /// green/wastes.md; without that tag, the KPIs' tags leave General Disclosure A1 a gap
    /// instead of covering it with no location.
    #[test]
    fn jlmag_a1_is_covered_by_its_own_tag_only() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/jlmag-2022");
        let mut diags = Diagnostics::new();
        let mut project = crate::Project::load(&root, &mut diags).unwrap();
        assert!(!diags.has_errors(), "{diags:?}");
        let a1 = |project: &crate::Project| {
            let row = project
                .coverage
                .index(Framework::Hkex)
                .unwrap()
                .row("A1")
                .unwrap();
            let sources: Vec<String> = row.locations.iter().map(|l| l.source.clone()).collect();
            (row.status, sources)
        };
        assert_eq!(
            a1(&project),
            (Status::Covered, vec!["content/green/wastes.md".to_string()])
        );
        let wastes = project
            .report
            .sections
            .iter_mut()
            .find(|s| s.source == "content/green/wastes.md")
            .unwrap();
        wastes.tags.retain(|t| t.code.text != "A1");
        project.coverage = compute(&project.report, &project.config, &mut diags);
        assert_eq!(a1(&project), (Status::Missing, vec![]));
        let kpi = project
            .coverage
            .index(Framework::Hkex)
            .unwrap()
            .row("A1.1")
            .unwrap();
        assert_eq!(kpi.status, Status::Covered);
        assert_eq!(kpi.locations[0].source, "content/green/wastes.md");
    }
}
