//! Rows: what the sections wrote about each item, then one row per catalog item with its
//! obligation, status, locations, omission and advice, parents rolled up as the catalog's
//! `rollup` rule says.

use super::rules::{self, Claim};
use super::{Index, Location, Omission, Row};
use crate::catalog::rules::Rollup;
use crate::catalog::{Catalog, ItemKind};
use crate::config::Config;
use crate::content::{Section, Tag};
use crate::diag::{Code, Diagnostics};
use crate::model::{Framework, GriClaim, Obligation, Status};
use std::collections::HashMap;

/// What the sections wrote, resolved to catalog positions.
pub(super) struct Written {
    /// Per section: the items it tags, as (framework, position), in the order written.
    pub addressed: Vec<Vec<(Framework, usize)>>,
    tagged: HashMap<(Framework, usize), Vec<Location>>,
    omitted: HashMap<(Framework, usize), Omission>,
    /// Tags of a per-topic item for one topic (`3-3:305`), by (framework, topic id).
    topic_tagged: HashMap<(Framework, String), Vec<Location>>,
    /// Omissions of a per-topic item for one topic.
    topic_omitted: HashMap<(Framework, String), Omission>,
}

/// A code naming a per-topic item for one material topic (`3-3:305`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TopicCode {
    /// The topic: a standard id or a custom topic key.
    pub topic: String,
}

impl Written {
    /// Nothing written yet, for a report of `sections` sections.
    pub(super) fn new(sections: usize) -> Written {
        Written {
            addressed: vec![Vec::new(); sections],
            tagged: HashMap::new(),
            omitted: HashMap::new(),
            topic_tagged: HashMap::new(),
            topic_omitted: HashMap::new(),
        }
    }

    /// Records a tag of a per-topic item for one topic (`3-3:305`) in section `s`.
    pub(super) fn tag_topic(
        &mut self,
        framework: Framework,
        topic: &TopicCode,
        s: usize,
        section: &Section,
        tag: &Tag,
    ) {
        let locations = self
            .topic_tagged
            .entry((framework, topic.topic.clone()))
            .or_default();
        let place = location(s, section, tag);
        if !locations
            .iter()
            .any(|l| l.section == s && l.anchor == place.anchor)
        {
            locations.push(place);
        }
    }

    /// Records an accepted omission of a per-topic item for one topic; the first wins.
    pub(super) fn omit_topic(
        &mut self,
        framework: Framework,
        topic: &TopicCode,
        omission: Omission,
    ) {
        self.topic_omitted
            .entry((framework, topic.topic.clone()))
            .or_insert(omission);
    }

    /// Records that section `s` tags an item (in its front matter, or in a heading: then
    /// the location is that subsection); false (with a warning) when the same place already
    /// tags it.
    pub(super) fn tag(
        &mut self,
        catalog: &Catalog,
        position: usize,
        s: usize,
        section: &Section,
        tag: &Tag,
        diags: &mut Diagnostics,
    ) -> bool {
        let key = (catalog.framework, position);
        let place = location(s, section, tag);
        let locations = self.tagged.entry(key).or_default();
        if locations
            .iter()
            .any(|l| l.section == s && l.anchor == place.anchor)
        {
            let place_name = match &tag.subsection {
                Some(sub) => format!("under the heading `{}`", sub.title),
                None => "in this section".to_string(),
            };
            diags.push(Code::DuplicateTag.warning(
                section.source.clone(),
                Some(tag.code.line),
                format!(
                    "`{}` is listed twice {place_name}",
                    catalog.items[position].id
                ),
            ));
            return false;
        }
        locations.push(place);
        if !self.addressed[s].contains(&key) {
            self.addressed[s].push(key);
        }
        true
    }

    /// Records an accepted omission; the first entry for an item wins.
    pub(super) fn omit(
        &mut self,
        catalog: &Catalog,
        position: usize,
        omission: Omission,
        diags: &mut Diagnostics,
    ) {
        let key = (catalog.framework, position);
        if let Some(first) = self.omitted.get(&key) {
            diags.push(Code::OmissionIgnored.warning(
                omission.source.clone(),
                Some(omission.line),
                format!(
                    "`{}` is already omitted in {} line {}; this entry is ignored",
                    catalog.items[position].id, first.source, first.line
                ),
            ));
            return;
        }
        self.omitted.insert(key, omission);
    }
}

/// Where a tag puts an item: the section, or the subsection whose heading carries the tag
/// (its title appended to the trail, its anchor in the URL).
fn location(s: usize, section: &Section, tag: &Tag) -> Location {
    let mut place = Location {
        section: s,
        title: section.title.clone(),
        trail: section.trail.clone(),
        url: section.url.clone(),
        path: section.path.clone(),
        source: section.source.clone(),
        line: tag.code.line,
        anchor: None,
        page: None,
    };
    if let Some(sub) = &tag.subsection {
        place.title = sub.title.clone();
        place.trail.push(sub.title.clone());
        place.url = format!("{}#{}", section.url, sub.anchor);
        place.anchor = Some(sub.anchor.clone());
    }
    place
}

/// The index of one catalog: a row per item, in catalog order, with a row `ID:TOPIC` per
/// material topic for each per-topic item placed after the topic's standard row (topics
/// without a Topic Standard at the end, under a row of their own). Also returns, for each
/// catalog position, the position of its row.
pub(super) fn index(
    catalog: &'static Catalog,
    claim: Claim,
    written: &Written,
    config: &Config,
    diags: &mut Diagnostics,
) -> (Index, Vec<usize>) {
    let framework = catalog.framework;
    let base: Vec<Row> = catalog
        .items
        .iter()
        .enumerate()
        .map(|(position, item)| Row {
            id: item.id.clone(),
            label: catalog.label(item),
            title: item.title.clone(),
            kind: item.kind,
            group: item.group.clone(),
            heading: item.heading.clone(),
            parent: item.parent.clone(),
            obligation: rules::obligation(catalog, item, config, &claim),
            status: Status::NotAddressed,
            locations: written
                .tagged
                .get(&(framework, position))
                .cloned()
                .unwrap_or_default(),
            omission: written.omitted.get(&(framework, position)).cloned(),
            advice: None,
            material: false,
        })
        .collect();
    let (mut rows, positions) = with_topic_rows(catalog, &claim, written, base);
    if catalog.rules.rollup == Rollup::Children {
        roll_up_locations(&mut rows);
    }
    for row in rows.iter_mut() {
        row.status = if !row.locations.is_empty() {
            Status::Covered
        } else if row.omission.is_some() {
            Status::Omitted
        } else if row.obligation.is_required() {
            Status::Missing
        } else {
            Status::NotAddressed
        };
        if row.status == Status::Covered
            && let Some(omission) = row.omission.take()
        {
            diags.push(Code::OmissionIgnored.warning(
                omission.source,
                Some(omission.line),
                format!(
                    "`{}` is omitted here but also addressed by a section; the omission is ignored",
                    row.id
                ),
            ));
        }
        if row.status == Status::Missing {
            row.advice = Some(catalog.rules.gap_advice.render(
                &row.id,
                framework.key(),
                row.obligation,
            ));
        }
    }
    // The material topics, marked so the index can show them as such.
    let topics: Vec<&str> = claim.topics.iter().map(|t| t.id.as_str()).collect();
    for row in &mut rows {
        let topic = row.id.split_once(':').map_or(row.id.as_str(), |(_, t)| t);
        row.material = topics.contains(&topic);
    }
    let index = Index {
        catalog,
        claim: claim.claim,
        material_topics: claim.topics.iter().map(|t| t.id.clone()).collect(),
        statement_of_use: claim.claim.map(|c| statement_of_use(c, config)),
        rows,
    };
    (index, positions)
}

/// The GRI statement of use, as GRI 1 words it for each claim.
fn statement_of_use(claim: GriClaim, config: &Config) -> String {
    let words = config.book.lang.strings();
    let period = config
        .period_text()
        .unwrap_or_else(|| words.get("statement_period_unknown").to_string());
    let key = match claim {
        GriClaim::WithReference => "statement_with_reference",
        GriClaim::InAccordance => "statement_in_accordance",
    };
    words.fill(key, &[("company", config.company()), ("period", &period)])
}

/// Gives each parent row (a GRI standard) the locations of its children besides its own:
/// one per section, in reading order, so the standard's row lists where its disclosures
/// are and counts as covered when any of them is.
fn roll_up_locations(rows: &mut [Row]) {
    let mut gathered: Vec<Vec<Location>> = vec![Vec::new(); rows.len()];
    for row in rows.iter() {
        let Some(parent) = row.parent.as_deref() else {
            continue;
        };
        if let Some(p) = rows.iter().position(|r| r.id == parent) {
            gathered[p].extend(row.locations.iter().cloned());
        }
    }
    for (row, children) in rows.iter_mut().zip(gathered) {
        if children.is_empty() {
            continue;
        }
        row.locations.extend(children);
        row.locations.sort_by_key(|l| (l.section, l.line));
        row.locations.dedup_by_key(|l| l.section);
    }
}

/// Inserts the per-topic rows (`3-3:305`) into the catalog's rows. A plain tag of the
/// per-topic item counts for every topic that the same section also tags (the topic's
/// standard or one of its disclosures).
fn with_topic_rows(
    catalog: &Catalog,
    claim: &Claim,
    written: &Written,
    base: Vec<Row>,
) -> (Vec<Row>, Vec<usize>) {
    let framework = catalog.framework;
    let per_topic: Vec<usize> = catalog
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.per_material_topic)
        .map(|(p, _)| p)
        .collect();
    // Topics with rows: the material topics, then any other topic tagged explicitly.
    let mut topics: Vec<(String, Option<String>)> = claim
        .topics
        .iter()
        .map(|t| (t.id.clone(), t.custom_name.clone()))
        .collect();
    let mut explicit: Vec<&String> = written
        .topic_tagged
        .keys()
        .chain(written.topic_omitted.keys())
        .filter(|(f, _)| *f == framework)
        .map(|(_, t)| t)
        .collect();
    explicit.sort();
    for topic in explicit {
        if !topics.iter().any(|(t, _)| t == topic) {
            let custom = catalog.find(topic).is_none().then(|| topic.clone());
            topics.push((topic.clone(), custom));
        }
    }
    let tags_topic = |s: usize, topic: &str| {
        written.addressed[s].iter().any(|&(f, p)| {
            let item = &catalog.items[p];
            f == framework && (item.id == topic || item.parent.as_deref() == Some(topic))
        })
    };
    let topic_row = |p: usize, topic: &str, name: &str, group: &str| {
        let base_row = &base[p];
        let item = &catalog.items[p];
        let mut locations: Vec<Location> = written
            .topic_tagged
            .get(&(framework, topic.to_string()))
            .cloned()
            .unwrap_or_default();
        for plain in &base_row.locations {
            if tags_topic(plain.section, topic)
                && !locations.iter().any(|l| l.section == plain.section)
            {
                locations.push(plain.clone());
            }
        }
        locations.sort_by_key(|l| (l.section, l.line));
        let required = claim.claim == Some(GriClaim::InAccordance)
            && claim.topics.iter().any(|t| t.id == topic);
        Row {
            id: format!("{}:{topic}", base_row.id),
            label: base_row.label.clone(),
            title: format!(
                "{}: {name}",
                item.topic_title.as_deref().unwrap_or(&base_row.title)
            ),
            kind: base_row.kind,
            group: group.to_string(),
            heading: None,
            parent: Some(topic.to_string()),
            obligation: if required {
                Obligation::Required
            } else {
                base_row.obligation
            },
            status: Status::NotAddressed,
            locations,
            omission: written
                .topic_omitted
                .get(&(framework, topic.to_string()))
                .cloned(),
            advice: None,
            material: false,
        }
    };
    let mut rows = Vec::with_capacity(base.len());
    let mut positions = Vec::with_capacity(base.len());
    for (position, row) in base.iter().enumerate() {
        positions.push(rows.len());
        rows.push(row.clone());
        if row.kind != ItemKind::Standard {
            continue;
        }
        for &p in &per_topic {
            if topics
                .iter()
                .any(|(t, custom)| custom.is_none() && *t == row.id)
            {
                let name = catalog.items[position].title.clone();
                rows.push(topic_row(p, &row.id, &name, &row.group));
            }
        }
    }
    let other = catalog
        .groups
        .last()
        .map(|g| g.id.clone())
        .unwrap_or_default();
    for (topic, custom) in &topics {
        let Some(name) = custom else {
            continue;
        };
        rows.push(Row {
            id: topic.clone(),
            label: name.clone(),
            title: name.clone(),
            kind: ItemKind::Standard,
            group: other.clone(),
            heading: Some(name.clone()),
            parent: None,
            obligation: Obligation::Optional,
            status: Status::NotAddressed,
            locations: Vec::new(),
            omission: None,
            advice: None,
            material: false,
        });
        for &p in &per_topic {
            rows.push(topic_row(p, topic, name, &other));
        }
    }
    (rows, positions)
}

#[cfg(test)]
mod tests {
    use super::super::compute;
    use super::super::test_support::*;
    use crate::diag::Diagnostics;
    use crate::model::{Framework, GriClaim, Obligation, Status};

    fn row_facts(
        coverage: &super::super::Coverage,
        framework: Framework,
        id: &str,
    ) -> (Status, usize, Option<String>) {
        let row = coverage.index(framework).unwrap().row(id).unwrap();
        (row.status, row.locations.len(), row.advice.clone())
    }

    #[test]
    fn hkex_kpis_do_not_roll_up_to_their_general_disclosure() {
        let mut diags = Diagnostics::new();
        let r = report(vec![section("a.md", &["A1.1"], &[])]);
        let coverage = compute(&r, &config(Some("hkex-esg-2025"), None), &mut diags);
        assert_eq!(
            row_facts(&coverage, Framework::Hkex, "A1.1"),
            (Status::Covered, 1, None)
        );
        assert_eq!(
            row_facts(&coverage, Framework::Hkex, "A1"),
            (
                Status::Missing,
                0,
                Some("add `A1` to the `hkex:` list of the section that covers it, or explain under `omit: {hkex: {A1: \"reason\"}}`".into())
            )
        );
    }

    #[test]
    fn gri_disclosures_roll_up_to_their_standard_with_their_sections() {
        let mut diags = Diagnostics::new();
        let r = report(vec![
            section("a.md", &[], &["305-2", "305-1"]),
            section("b.md", &[], &["401-1"]),
            section("c.md", &[], &["305-1", "305"]),
        ]);
        let coverage = compute(&r, &config(None, Some("gri-2021")), &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let sources = |id: &str| -> Vec<(String, usize)> {
            let row = coverage.index(Framework::Gri).unwrap().row(id).unwrap();
            assert_eq!(row.status, Status::Covered, "{id}");
            row.locations
                .iter()
                .map(|l| (l.source.clone(), l.section))
                .collect()
        };
        // One location per section, in reading order: the standard's own tag in c.md and
        // its disclosures' in a.md and c.md.
        assert_eq!(
            sources("305"),
            [
                ("content/a.md".to_string(), 0),
                ("content/c.md".to_string(), 2)
            ]
        );
        assert_eq!(sources("401"), [("content/b.md".to_string(), 1)]);
        assert_eq!(
            row_facts(&coverage, Framework::Gri, "305-1"),
            (Status::Covered, 2, None)
        );
        assert_eq!(
            row_facts(&coverage, Framework::Gri, "306"),
            (Status::NotAddressed, 0, None)
        );
    }

    #[test]
    fn missing_rows_carry_the_catalog_headers_advice() {
        let mut diags = Diagnostics::new();
        let mut c = config(Some("hkex-esg-2025"), Some("gri-2021"));
        c.esg.gri_claim = GriClaim::InAccordance;
        let coverage = compute(&report(vec![]), &c, &mut diags);
        let hkex = coverage
            .index(Framework::Hkex)
            .unwrap()
            .row("MDR-GOV")
            .unwrap();
        assert_eq!(
            (hkex.status, hkex.obligation),
            (Status::Missing, Obligation::Mandatory)
        );
        assert_eq!(
            hkex.advice.as_deref(),
            Some(
                "disclose it: add `MDR-GOV` to the `hkex:` list of the section that covers it (a mandatory item cannot be omitted)"
            )
        );
        assert_eq!(
            row_facts(&coverage, Framework::Gri, "2-1").2.as_deref(),
            Some(
                "add `2-1` to the `gri:` list of the section that covers it, or omit it with `reason:` and `explanation:` under `omit: gri:`"
            )
        );
    }

    #[test]
    fn omissions_and_tags_of_the_same_item() {
        let mut diags = Diagnostics::new();
        let mut a = section("a.md", &["A2.5"], &[]);
        let mut b = section("b.md", &[], &[]);
        a.omissions = vec![omission(Framework::Hkex, "B6.3", None, "first")];
        b.omissions = vec![
            omission(Framework::Hkex, "B6.3", None, "second"),
            omission(Framework::Hkex, "A2.5", None, "also tagged"),
        ];
        let coverage = compute(
            &report(vec![a, b]),
            &config(Some("hkex-esg-2025"), None),
            &mut diags,
        );
        let index = coverage.index(Framework::Hkex).unwrap();
        let b63 = index.row("B6.3").unwrap();
        assert_eq!(b63.status, Status::Omitted);
        assert_eq!(
            b63.omission.as_ref().map(|o| o.explanation.as_str()),
            Some("first")
        );
        assert_eq!(index.row("A2.5").unwrap().omission, None);
        let warnings: Vec<String> = diags.warnings().iter().map(|d| d.to_text()).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("`B6.3` is already omitted in content/a.md line 5"));
        assert!(warnings[1].contains("`A2.5` is omitted here but also addressed by a section"));
    }
}
