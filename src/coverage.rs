//! Coverage: sections × catalogs → one content-index row per catalog item.
//!
//! This stage resolves every code written in front matter against the configured catalog
//! editions, decides each item's obligation for this report (issuer tier, period, GRI
//! claim and material topics) and its status. It is pure: it reads the [`Report`] and the
//! [`Config`] and writes diagnostics, no files. The site, the exports and `check` all read
//! the [`Coverage`] it returns.

use crate::catalog::{Catalog, InAccordance, Item, OmissionRule, embedded, normalize_code};
use crate::config::{CONFIG_FILE, Config, Setting};
use crate::content::Report;
use crate::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::Status;
use crate::model::{Date, GriClaim};
use crate::model::{Framework, Obligation};
use std::collections::{BTreeSet, HashMap};

/// The four GRI reasons for omission, as written in front matter.
pub const OMISSION_REASONS: &[&str] = &[
    "not-applicable",
    "legal-prohibitions",
    "confidentiality-constraints",
    "information-unavailable",
];

/// The display label of a reason for omission.
pub fn reason_label(reason: &str) -> &str {
    match reason {
        "not-applicable" => "Not applicable",
        "legal-prohibitions" => "Legal prohibitions",
        "confidentiality-constraints" => "Confidentiality constraints",
        "information-unavailable" => "Information unavailable/incomplete",
        other => other,
    }
}

/// Why and how an item is omitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowOmission {
    /// The reason (GRI), canonical spelling.
    pub reason: Option<String>,
    /// The explanation.
    pub explanation: String,
    /// The section whose front matter holds the entry.
    pub section: usize,
    /// Line of the entry.
    pub line: usize,
}

/// One content-index row.
#[derive(Debug, Clone)]
pub struct Row {
    /// Position of the item in its catalog.
    pub item: usize,
    /// Obligation for this report.
    pub obligation: Obligation,
    /// Status.
    pub status: Status,
    /// Sections addressing the item, in reading order.
    pub locations: Vec<usize>,
    /// The omission entry, when the status is `omitted`.
    pub omission: Option<RowOmission>,
}

/// The index of one framework edition.
#[derive(Debug, Clone)]
pub struct Index {
    /// The edition.
    pub catalog: &'static Catalog,
    /// The GRI claim (GRI indexes only).
    pub claim: Option<GriClaim>,
    /// Material topics (GRI in-accordance), as catalog ids.
    pub material_topics: Vec<String>,
    /// One row per catalog item, in catalog order.
    pub rows: Vec<Row>,
}

impl Index {
    /// The catalog item of a row.
    pub fn item(&self, row: &Row) -> &'static Item {
        &self.catalog.items[row.item]
    }

    /// Number of rows with a status.
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|r| r.status == status).count()
    }

    /// Rows that are gaps.
    pub fn gaps(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.status == Status::Missing)
    }

    /// The row of an item id, if the item exists.
    pub fn row(&self, id: &str) -> Option<&Row> {
        self.catalog.position(id).map(|i| &self.rows[i])
    }
}

/// The coverage of every configured framework.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    /// HKEX first, then GRI; only configured frameworks.
    pub indexes: Vec<Index>,
    /// Per section (same order as [`Report::sections`]): the items it addresses, as
    /// (framework, item position), in the order written.
    pub addressed: Vec<Vec<(Framework, usize)>>,
}

impl Coverage {
    /// The index of a framework, when configured.
    pub fn index(&self, framework: Framework) -> Option<&Index> {
        self.indexes
            .iter()
            .find(|i| i.catalog.framework == framework)
    }

    /// True when no required item is missing.
    pub fn is_complete(&self) -> bool {
        self.indexes.iter().all(|i| i.gaps().next().is_none())
    }
}

/// Resolves the catalog edition named in book.toml, reporting an unknown or mismatched id.
fn configured_catalog(
    framework: Framework,
    setting: Option<&Setting<String>>,
    diags: &mut Diagnostics,
) -> Option<&'static Catalog> {
    let setting = setting?;
    let known = embedded::ids_for(framework);
    match embedded::get(&setting.value) {
        Some(catalog) if catalog.framework == framework => Some(catalog),
        found => {
            let message = match found {
                Some(_) => format!("`{}` is not a {} catalog", setting.value, framework.label()),
                None => format!(
                    "unknown {} catalog edition `{}`",
                    framework.label(),
                    setting.value
                ),
            };
            let help = did_you_mean(&setting.value, known.iter().copied())
                .map(|h| format!("{h} (editions: {})", known.join(", ")))
                .unwrap_or_else(|| {
                    format!(
                        "the {} editions are: {}",
                        framework.label(),
                        known.join(", ")
                    )
                });
            diags.push(Diagnostic::error(CONFIG_FILE, Some(setting.line), message).with_help(help));
            None
        }
    }
}

/// Computes coverage. Unknown codes, forbidden omissions and the like go to `diags`.
pub fn compute(report: &Report, config: &Config, diags: &mut Diagnostics) -> Coverage {
    let esg = &config.esg;
    let mut catalogs: Vec<&'static Catalog> = Vec::new();
    if let Some(c) = configured_catalog(Framework::Hkex, esg.edition(Framework::Hkex), diags) {
        catalogs.push(c);
    }
    if let Some(c) = configured_catalog(Framework::Gri, esg.edition(Framework::Gri), diags) {
        catalogs.push(c);
    }
    if esg.hkex.is_none() && esg.gri.is_none() {
        diags.push(
            Diagnostic::warning(
                CONFIG_FILE,
                None,
                "no framework is configured, so no content index is built",
            )
            .with_help("add `[esg]` with `hkex = \"hkex-esg-2025\"` and/or `gri = \"gri-2021\"`"),
        );
    }
    for catalog in &catalogs {
        edition_warnings(catalog, config, diags);
    }

    let period_end = esg.period_end.or_else(|| {
        esg.period_start.map(|s| Date {
            year: s.year.saturating_add(1),
            ..s
        })
    });

    // Tags and omissions resolved to catalog positions.
    let mut addressed: Vec<Vec<(Framework, usize)>> = vec![Vec::new(); report.sections.len()];
    let mut tagged: HashMap<(Framework, usize), Vec<usize>> = HashMap::new();
    let mut omitted: HashMap<(Framework, usize), RowOmission> = HashMap::new();
    let catalog_for =
        |framework: Framework| catalogs.iter().copied().find(|c| c.framework == framework);

    for (s, section) in report.sections.iter().enumerate() {
        let mut unconfigured_reported = BTreeSet::new();
        for tag in &section.tags {
            let Some(catalog) = catalog_for(tag.framework) else {
                if unconfigured_reported.insert(tag.framework) {
                    diags.push(unconfigured(&section.source, tag.code.line, tag.framework));
                }
                continue;
            };
            let Some(position) = resolve(
                catalog,
                &tag.code.text,
                &section.source,
                tag.code.line,
                diags,
            ) else {
                continue;
            };
            if addressed[s].contains(&(tag.framework, position)) {
                diags.push(Diagnostic::warning(
                    section.source.clone(),
                    Some(tag.code.line),
                    format!(
                        "`{}` is listed twice in this section",
                        catalog.items[position].id
                    ),
                ));
                continue;
            }
            addressed[s].push((tag.framework, position));
            tagged.entry((tag.framework, position)).or_default().push(s);
            superseded_warning(
                catalog,
                position,
                period_end,
                &section.source,
                tag.code.line,
                diags,
            );
        }
        for omission in &section.omissions {
            let Some(catalog) = catalog_for(omission.framework) else {
                if unconfigured_reported.insert(omission.framework) {
                    diags.push(unconfigured(
                        &section.source,
                        omission.code.line,
                        omission.framework,
                    ));
                }
                continue;
            };
            let Some(position) = resolve(
                catalog,
                &omission.code.text,
                &section.source,
                omission.code.line,
                diags,
            ) else {
                continue;
            };
            let item = &catalog.items[position];
            let line = omission.code.line;
            let obligation = catalog.obligation(item, esg.issuer, esg.period_start);
            let mut valid = true;
            if obligation == Obligation::Mandatory {
                diags.push(
                    Diagnostic::error(section.source.clone(), Some(line), format!("`{}` ({}) is a mandatory disclosure and cannot be omitted", item.id, item.title))
                        .with_help(format!("remove it from `omit` and add `{}` to the `{}:` list of the section that discloses it", item.id, catalog.framework.key())),
                );
                valid = false;
            }
            if item.omission == OmissionRule::NotPermitted {
                diags.push(
                    Diagnostic::error(
                        section.source.clone(),
                        Some(line),
                        format!(
                            "GRI does not permit omitting `{}` ({})",
                            item.id, item.title
                        ),
                    )
                    .with_help(format!(
                        "report `{}`: tag the section that discloses it",
                        item.id
                    )),
                );
                valid = false;
            }
            let reason = match &omission.reason {
                Some(reason) => {
                    let canonical = reason
                        .text
                        .trim()
                        .to_ascii_lowercase()
                        .replace([' ', '_'], "-");
                    let canonical = match canonical.as_str() {
                        "information-incomplete" | "information-unavailable/incomplete" => {
                            "information-unavailable".to_string()
                        }
                        _ => canonical,
                    };
                    if OMISSION_REASONS.contains(&canonical.as_str()) {
                        Some(canonical)
                    } else {
                        let help = did_you_mean(&canonical, OMISSION_REASONS.iter().copied())
                            .map(|h| format!("{h} (reasons: {})", OMISSION_REASONS.join(", ")))
                            .unwrap_or_else(|| {
                                format!("the reasons are: {}", OMISSION_REASONS.join(", "))
                            });
                        diags.push(
                            Diagnostic::error(
                                section.source.clone(),
                                Some(reason.line),
                                format!("unknown reason for omission `{}`", reason.text),
                            )
                            .with_help(help),
                        );
                        valid = false;
                        None
                    }
                }
                None if omission.framework == Framework::Gri => {
                    diags.push(
                        Diagnostic::error(
                            section.source.clone(),
                            Some(line),
                            format!("the omission of `{}` gives no reason", item.id),
                        )
                        .with_help(format!(
                            "add `reason:` with one of {} and an `explanation:`",
                            OMISSION_REASONS.join(", ")
                        )),
                    );
                    valid = false;
                    None
                }
                None => None,
            };
            if omission.explanation.is_empty() {
                diags.push(
                    Diagnostic::error(section.source.clone(), Some(line), format!("the omission of `{}` has an empty explanation", item.id))
                        .with_help(match omission.framework {
                            Framework::Hkex => format!("write the considered reason, e.g. `{}: Not material to our business because …`", item.id),
                            Framework::Gri => "add `explanation:` saying why, e.g. which information is unavailable and when it will be".to_string(),
                        }),
                );
                valid = false;
            }
            if !valid {
                continue;
            }
            if let Some(first) = omitted.get(&(omission.framework, position)) {
                diags.push(Diagnostic::warning(
                    section.source.clone(),
                    Some(line),
                    format!(
                        "`{}` is already omitted in {} line {}; this entry is ignored",
                        item.id, report.sections[first.section].source, first.line
                    ),
                ));
                continue;
            }
            omitted.insert(
                (omission.framework, position),
                RowOmission {
                    reason,
                    explanation: omission.explanation.clone(),
                    section: s,
                    line,
                },
            );
        }
    }

    let mut indexes = Vec::new();
    for catalog in catalogs {
        let framework = catalog.framework;
        let (claim, material_topics) = match framework {
            Framework::Gri => (Some(esg.gri_claim), material_topics(catalog, config, diags)),
            Framework::Hkex => (None, Vec::new()),
        };
        let mut rows: Vec<Row> = catalog
            .items
            .iter()
            .enumerate()
            .map(|(position, item)| {
                let obligation = match framework {
                    Framework::Hkex => catalog.obligation(item, esg.issuer, esg.period_start),
                    Framework::Gri => gri_obligation(catalog, item, claim, &material_topics),
                };
                let locations = tagged
                    .get(&(framework, position))
                    .cloned()
                    .unwrap_or_default();
                let omission = omitted.get(&(framework, position)).cloned();
                Row {
                    item: position,
                    obligation,
                    status: Status::NotAddressed,
                    locations,
                    omission,
                }
            })
            .collect();
        // A standard row counts as covered when any of its disclosures is.
        let covered_children: BTreeSet<usize> = rows
            .iter()
            .filter(|r| !r.locations.is_empty())
            .filter_map(|r| {
                catalog.items[r.item]
                    .parent
                    .as_deref()
                    .and_then(|p| catalog.position(p))
            })
            .collect();
        for row in &mut rows {
            row.status = if !row.locations.is_empty() || covered_children.contains(&row.item) {
                Status::Covered
            } else if row.omission.is_some() {
                Status::Omitted
            } else if row.obligation.is_required() {
                Status::Missing
            } else {
                Status::NotAddressed
            };
            if row.status == Status::Covered
                && let Some(omission) = &row.omission
            {
                let source = &report.sections[omission.section].source;
                diags.push(Diagnostic::warning(
                    source.clone(),
                    Some(omission.line),
                    format!("`{}` is omitted here but also addressed by a section; the omission is ignored", catalog.items[row.item].id),
                ));
                row.omission = None;
            }
        }
        indexes.push(Index {
            catalog,
            claim,
            material_topics,
            rows,
        });
    }
    Coverage { indexes, addressed }
}

fn gri_obligation(
    catalog: &Catalog,
    item: &Item,
    claim: Option<GriClaim>,
    material_topics: &[String],
) -> Obligation {
    if claim != Some(GriClaim::InAccordance) || item.kind == "standard" {
        return catalog.obligation(item, Default::default(), None);
    }
    let required = match item.in_accordance {
        Some(InAccordance::Always) => true,
        Some(InAccordance::IfMaterialTopics) => !material_topics.is_empty(),
        None => item
            .parent
            .as_ref()
            .is_some_and(|p| material_topics.iter().any(|t| t.eq_ignore_ascii_case(p))),
    };
    if required {
        Obligation::Required
    } else {
        catalog.obligation(item, Default::default(), None)
    }
}

fn material_topics(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) -> Vec<String> {
    let esg = &config.esg;
    let standards: Vec<&str> = catalog
        .items
        .iter()
        .filter(|i| i.kind == "standard")
        .map(|i| i.id.as_str())
        .collect();
    let mut topics = Vec::new();
    for topic in &esg.material_topics {
        match catalog.find(&topic.value) {
            Some(item) if item.kind == "standard" => topics.push(item.id.clone()),
            Some(item) => diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(topic.line),
                    format!(
                        "material topic `{}` is a disclosure, not a topic standard",
                        topic.value
                    ),
                )
                .with_help(format!(
                    "name the standard, e.g. `{}`",
                    item.parent.as_deref().unwrap_or("305")
                )),
            ),
            None => {
                let help =
                    did_you_mean(&topic.value, standards.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "`esgbook frameworks {}` lists the topic standards",
                            catalog.id
                        )
                    });
                diags.push(
                    Diagnostic::error(
                        CONFIG_FILE,
                        Some(topic.line),
                        format!("unknown material topic `{}` in {}", topic.value, catalog.id),
                    )
                    .with_help(help),
                );
            }
        }
    }
    if esg.gri_claim == GriClaim::InAccordance && esg.material_topics.is_empty() {
        diags.push(
            Diagnostic::warning(CONFIG_FILE, esg.gri.as_ref().map(|g| g.line), "the GRI claim is in-accordance but no material topics are listed")
                .with_help("list the topic standards of your material topics: material-topics = [\"305\", \"403\"]"),
        );
    }
    if esg.gri_claim == GriClaim::WithReference && !esg.material_topics.is_empty() {
        diags.push(
            Diagnostic::warning(
                CONFIG_FILE,
                esg.material_topics.first().map(|t| t.line),
                "material-topics only matter for an in-accordance GRI claim",
            )
            .with_help("set gri-claim = \"in-accordance\", or remove material-topics"),
        );
    }
    topics
}

/// Resolves a written code to a catalog position, reporting unknown codes with the nearest
/// known ones (and the edition that has the code, when another one does).
fn resolve(
    catalog: &Catalog,
    text: &str,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(position) = catalog.position(text) {
        return Some(position);
    }
    let normalized = normalize_code(text);
    let mut help = did_you_mean(&normalized, catalog.ids()).unwrap_or_default();
    let elsewhere: Vec<&str> = embedded::all()
        .iter()
        .filter(|c| {
            c.framework == catalog.framework && c.id != catalog.id && c.find(text).is_some()
        })
        .map(|c| c.id.as_str())
        .collect();
    if !elsewhere.is_empty() {
        if !help.is_empty() {
            help.push(' ');
        }
        help.push_str(&format!(
            "`{normalized}` exists in {} but not in {}",
            elsewhere.join(", "),
            catalog.id
        ));
    }
    // A GRI code under `hkex:` (or the reverse) is a slip of the list, not a typo.
    let other = embedded::all()
        .iter()
        .find(|c| c.framework != catalog.framework && c.find(text).is_some());
    if let Some(other) = other
        && elsewhere.is_empty()
    {
        help = format!(
            "`{normalized}` is a {} code: list it under `{}:` instead",
            other.framework.label(),
            other.framework.key()
        );
    }
    if help.is_empty() {
        help = format!("`esgbook frameworks {}` lists every code", catalog.id);
    }
    let shown = if text.trim().is_empty() {
        "(empty)".to_string()
    } else {
        text.trim().to_string()
    };
    diags.push(
        Diagnostic::error(
            file,
            Some(line),
            format!(
                "unknown {} code `{shown}` (catalog {})",
                catalog.framework.label(),
                catalog.id
            ),
        )
        .with_help(help),
    );
    None
}

fn unconfigured(file: &str, line: usize, framework: Framework) -> Diagnostic {
    let example = match framework {
        Framework::Hkex => "hkex = \"hkex-esg-2025\"",
        Framework::Gri => "gri = \"gri-2021\"",
    };
    Diagnostic::error(
        file,
        Some(line),
        format!(
            "this section tags {} codes but book.toml names no {} catalog",
            framework.label(),
            framework.label()
        ),
    )
    .with_help(format!("add `{example}` under [esg] in book.toml"))
}

/// Warns when the report's period falls outside an edition's years.
fn edition_warnings(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) {
    let esg = &config.esg;
    let line = esg.edition(catalog.framework).map(|s| s.line);
    let Some(start) = esg.period_start else {
        if catalog
            .obligation_rules
            .values()
            .flatten()
            .any(|step| step.from.is_some())
        {
            diags.push(
                Diagnostic::warning(CONFIG_FILE, line, format!("{} obligations depend on the financial year, but period-start is not set", catalog.id))
                    .with_help("add period-start = 2025-01-01 (the first day of the financial year) under [esg]"),
            );
        }
        return;
    };
    if catalog.framework != Framework::Hkex {
        return;
    }
    let effective = |c: &Catalog| c.effective.as_deref().and_then(Date::parse);
    if let Some(from) = effective(catalog)
        && start < from
    {
        diags.push(Diagnostic::warning(
            CONFIG_FILE,
            line,
            format!("{} applies to financial years starting on or after {from}, but period-start is {start}", catalog.id),
        ));
    }
    let newer = embedded::all().iter().find(|other| {
        other.framework == catalog.framework
            && other.id != catalog.id
            && effective(other).is_some_and(|from| {
                from <= start && effective(catalog).is_none_or(|mine| from > mine)
            })
    });
    if let Some(newer) = newer {
        diags.push(
            Diagnostic::warning(
                CONFIG_FILE,
                line,
                format!(
                    "{} applies to financial years starting on or after {}",
                    newer.id,
                    newer.effective.as_deref().unwrap_or("?")
                ),
            )
            .with_help(format!("set hkex = \"{}\"", newer.id)),
        );
    }
}

fn superseded_warning(
    catalog: &Catalog,
    position: usize,
    period_end: Option<Date>,
    file: &str,
    line: usize,
    diags: &mut Diagnostics,
) {
    let item = &catalog.items[position];
    let (Some(from), Some(end)) = (
        item.superseded_from.as_deref().and_then(Date::parse),
        period_end,
    ) else {
        return;
    };
    // A report is published after its period ends; GRI dates apply to publication.
    if from > end {
        return;
    }
    let replacement = item
        .superseded_by
        .as_deref()
        .map(|id| format!(": use `{id}`"))
        .unwrap_or_default();
    diags.push(Diagnostic::warning(
        file,
        Some(line),
        format!("`{}` is superseded for reports published from {from}; a report on a period ending {end} is published later{replacement}", item.id),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::{WrittenCode, WrittenOmission};
    use crate::content::{EntryKind, Section, Tag};
    use crate::model::Issuer;

    fn section(path: &str, hkex: &[&str], gri: &[&str]) -> Section {
        let tag = |framework, text: &&str| Tag {
            framework,
            code: WrittenCode {
                text: text.to_string(),
                line: 2,
            },
        };
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
            body: String::new(),
            body_line: 4,
            tags: hkex
                .iter()
                .map(|t| tag(Framework::Hkex, t))
                .chain(gri.iter().map(|t| tag(Framework::Gri, t)))
                .collect(),
            omissions: Vec::new(),
            summary_line: 1,
        }
    }

    fn omission(
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

    fn config(hkex: Option<&str>, gri: Option<&str>) -> Config {
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

    fn report(sections: Vec<Section>) -> Report {
        Report {
            sections,
            ..Report::default()
        }
    }

    fn missing(index: &Index) -> Vec<&str> {
        index.gaps().map(|r| index.item(r).id.as_str()).collect()
    }

    #[test]
    fn untagged_hkex_items_are_gaps_and_tags_cover_them() {
        let mut diags = Diagnostics::new();
        let r = report(vec![section("a.md", &["mdr-gov", "KPI A1.1", " A1 "], &[])]);
        let coverage = compute(&r, &config(Some("hkex-esg-2020"), None), &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let index = coverage.index(Framework::Hkex).unwrap();
        assert_eq!(index.row("A1.1").unwrap().status, Status::Covered);
        assert_eq!(index.row("A1.1").unwrap().locations, vec![0]);
        assert_eq!(index.row("MDR-PRIN").unwrap().status, Status::Missing);
        assert_eq!(missing(index).len(), 51 - 3);
    }

    #[test]
    fn mandatory_items_cannot_be_omitted_and_explanations_must_not_be_empty() {
        let mut diags = Diagnostics::new();
        let mut s = section("a.md", &[], &[]);
        s.omissions = vec![
            omission(Framework::Hkex, "MDR-BOUND", None, "We forgot"),
            omission(Framework::Hkex, "A2.5", None, ""),
            omission(
                Framework::Hkex,
                "B6.3",
                None,
                "Not material: we hold no patents",
            ),
        ];
        let coverage = compute(
            &report(vec![s]),
            &config(Some("hkex-esg-2020"), None),
            &mut diags,
        );
        let messages: Vec<String> = diags.errors().iter().map(|d| d.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("mandatory disclosure and cannot be omitted"));
        assert!(messages[1].contains("empty explanation"));
        let index = coverage.index(Framework::Hkex).unwrap();
        assert_eq!(index.row("B6.3").unwrap().status, Status::Omitted);
        assert_eq!(index.row("MDR-BOUND").unwrap().status, Status::Missing);
    }

    #[test]
    fn unknown_codes_suggest_neighbours_and_other_editions() {
        let mut diags = Diagnostics::new();
        let r = report(vec![section("a.md", &["A1.2", "A11"], &[])]);
        compute(&r, &config(Some("hkex-esg-2025"), None), &mut diags);
        let errors = diags.errors();
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("exists in hkex-esg-2020"),
            "{:?}",
            errors[0]
        );
        assert!(
            errors[1].help.as_deref().unwrap().contains("`A1.1`"),
            "{:?}",
            errors[1]
        );
    }

    #[test]
    fn part_d_follows_issuer_tier_and_year() {
        let run = |issuer: Issuer, start: &str| {
            let mut diags = Diagnostics::new();
            let mut c = config(Some("hkex-esg-2025"), None);
            c.esg.issuer = issuer;
            c.esg.period_start = Date::parse(start);
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

    #[test]
    fn gri_in_accordance_requires_universal_and_material_topic_disclosures() {
        let mut diags = Diagnostics::new();
        let mut c = config(None, Some("gri-2021"));
        c.esg.gri_claim = GriClaim::InAccordance;
        c.esg.material_topics = vec![Setting {
            value: "305".into(),
            line: 3,
        }];
        let mut s = section("a.md", &[], &["2-1", "305-1"]);
        s.omissions = vec![
            omission(Framework::Gri, "2-2", Some("not-applicable"), "x"),
            omission(
                Framework::Gri,
                "305-3",
                Some("information-unavailable"),
                "Scope 3 inventory starts in 2026",
            ),
            omission(Framework::Gri, "305-4", Some("because"), "x"),
        ];
        let coverage = compute(&report(vec![s]), &c, &mut diags);
        let errors: Vec<String> = diags.errors().iter().map(|d| d.message.clone()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("does not permit omitting `2-2`"));
        assert!(errors[1].contains("unknown reason for omission `because`"));
        let index = coverage.index(Framework::Gri).unwrap();
        let gaps = missing(index);
        assert!(
            gaps.contains(&"2-2")
                && gaps.contains(&"3-1")
                && gaps.contains(&"3-3")
                && gaps.contains(&"305-2")
        );
        assert!(!gaps.contains(&"2-1") && !gaps.contains(&"305-3") && !gaps.contains(&"403-1"));
        assert_eq!(index.row("305").unwrap().status, Status::Covered);
        assert_eq!(
            index
                .row("305-3")
                .unwrap()
                .omission
                .as_ref()
                .unwrap()
                .reason
                .as_deref(),
            Some("information-unavailable")
        );
    }

    #[test]
    fn with_reference_has_no_gaps() {
        let mut diags = Diagnostics::new();
        let coverage = compute(
            &report(vec![section("a.md", &[], &["305"])]),
            &config(None, Some("gri-2016")),
            &mut diags,
        );
        let index = coverage.index(Framework::Gri).unwrap();
        assert_eq!(index.gaps().count(), 0);
        assert_eq!(index.row("305").unwrap().locations, vec![0]);
        assert_eq!(index.row("305-1").unwrap().status, Status::NotAddressed);
    }

    #[test]
    fn unknown_editions_and_unconfigured_frameworks_are_errors() {
        let mut diags = Diagnostics::new();
        compute(
            &report(vec![section("a.md", &[], &["305"])]),
            &config(Some("hkex-esg-2019"), None),
            &mut diags,
        );
        let errors = diags.errors();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].place(), "book.toml:1");
        assert!(errors[0].message.contains("unknown HKEX catalog edition"));
        assert!(errors[1].message.contains("names no GRI catalog"));
    }
}
