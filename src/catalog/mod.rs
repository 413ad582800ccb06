//! Framework catalogs: the items of each HKEX and GRI edition, as data.
//!
//! Each edition is one YAML file under `catalogs/`, embedded in the binary
//! ([`embedded`]). Adding an edition is a data change: write the file and list it in
//! `embedded.rs`. Items carry their obligation either directly (`mandatory`,
//! `comply-or-explain`, `optional`) or by naming a rule of the file's `obligation-rules`,
//! which the coverage stage evaluates against the report's issuer tier and period
//! (HKEX 2025 Part D). What differs between frameworks (omission policy, roll-up,
//! claim, dates, gap advice, index layout) is the file's `rules:` header ([`rules`]).
//!
//! A new edition (GRI 2027, a GRI Sector Standard as its own catalog) is a new file with
//! the header of its framework copied and its items. A new framework (IFRS S2) is a new
//! file plus a [`Framework`] variant for its front-matter key; if it relates items in a
//! way no header states yet (say, a disclosure that counts only when all of its
//! paragraphs are tagged), that is one new variant of a [`rules`] enum and its one
//! match arm in `coverage::rules` or `coverage::rows`.

pub mod embedded;
pub mod rules;
pub mod translation;

pub use rules::Rules;

use crate::model::{Date, Issuer};
use crate::model::{Framework, Obligation};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A catalog item's obligation as written: a level, or the name of a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ObligationSpec {
    /// A fixed level.
    Fixed(Obligation),
    /// A rule from the catalog's `obligation-rules`.
    Rule(String),
}

impl<'de> Deserialize<'de> for ObligationSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Ok(match text.as_str() {
            "mandatory" => ObligationSpec::Fixed(Obligation::Mandatory),
            "comply-or-explain" => ObligationSpec::Fixed(Obligation::ComplyOrExplain),
            "required" => ObligationSpec::Fixed(Obligation::Required),
            "optional" => ObligationSpec::Fixed(Obligation::Optional),
            _ => ObligationSpec::Rule(text),
        })
    }
}

/// One step of an obligation rule: applies when every condition given holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleStep {
    /// Applies only to this issuer tier.
    #[serde(default)]
    pub issuer: Option<Issuer>,
    /// Applies only to financial years starting on or after this date.
    #[serde(default)]
    pub from: Option<Date>,
    /// Applies only to financial years starting before this date (a provision for the
    /// first years of an obligation).
    #[serde(default)]
    pub before: Option<Date>,
    /// The obligation when the step applies.
    pub then: Obligation,
    /// When set, an explanation is accepted instead of the disclosure although the item is
    /// mandatory (HKEX LargeCap interim provisions); the text names the provision on the
    /// omitted row.
    #[serde(default)]
    pub interim: Option<String>,
}

impl RuleStep {
    /// True when the step applies to this issuer and financial year.
    pub fn applies(&self, issuer: Issuer, period_start: Option<Date>) -> bool {
        self.issuer.is_none_or(|i| i == issuer)
            && self
                .from
                .is_none_or(|from| period_start.is_some_and(|p| p >= from))
            && self
                .before
                .is_none_or(|before| period_start.is_some_and(|p| p < before))
    }
}

/// When GRI asks for an item under an in-accordance claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InAccordance {
    /// Always (GRI 2, 3-1, 3-2; the 2016 Core general disclosures).
    Always,
    /// When the report names at least one material topic (3-3; 2016's 103-x).
    IfMaterialTopics,
}

/// Whether an item may be omitted with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum OmissionRule {
    /// Omission with a reason is allowed (the default).
    #[default]
    Permitted,
    /// GRI 1 forbids omitting it (2-1…2-5, 3-1, 3-2).
    NotPermitted,
}

/// What a catalog item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// An HKEX Part B Mandatory Disclosure Requirement.
    MandatoryDisclosure,
    /// An HKEX aspect's General Disclosure (the aspect id stands for it).
    GeneralDisclosure,
    /// An HKEX key performance indicator.
    Kpi,
    /// An HKEX Part D climate-related disclosure.
    ClimateDisclosure,
    /// A GRI standard (a heading row; material topics name standards).
    Standard,
    /// A GRI disclosure.
    Disclosure,
}

impl ItemKind {
    /// The spelling in catalogs, JSON and the tabular exports.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::MandatoryDisclosure => "mandatory-disclosure",
            ItemKind::GeneralDisclosure => "general-disclosure",
            ItemKind::Kpi => "kpi",
            ItemKind::ClimateDisclosure => "climate-disclosure",
            ItemKind::Standard => "standard",
            ItemKind::Disclosure => "disclosure",
        }
    }

    /// True when the item's `heading` is printed as a row of its own above it (an aspect,
    /// a standard) rather than inside its cell.
    pub fn heads_rows(self) -> bool {
        matches!(self, ItemKind::GeneralDisclosure | ItemKind::Standard)
    }
}

/// How well a catalog fact has been checked against its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// Read in an authoritative text or two independent sources that agree.
    #[default]
    Verified,
    /// One secondary source, or agreement in substance only.
    Partial,
    /// Not confirmed; see the item's note.
    Unverified,
}

/// A heading that groups items on the index page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Identifier used by items.
    pub id: String,
    /// Heading text.
    pub title: String,
}

/// One catalog row: an HKEX item or a GRI standard or disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Item {
    /// The code users write (`A1.1`, `MDR-GOV`, `305-1`).
    pub id: String,
    /// Enclosing item: an HKEX aspect's General Disclosure, a GRI standard.
    #[serde(default)]
    pub parent: Option<String>,
    /// What the item is.
    pub kind: ItemKind,
    /// Group id (index-page heading).
    pub group: String,
    /// Optional heading shown above the item (an aspect's or standard's full name).
    #[serde(default)]
    pub heading: Option<String>,
    /// Short title.
    pub title: String,
    /// How issuers print the item, when the header's template for its kind does not say it.
    #[serde(default)]
    pub label: Option<String>,
    /// The obligation or the rule that decides it.
    pub obligation: ObligationSpec,
    /// When a GRI in-accordance claim requires it regardless of material topics.
    #[serde(default)]
    pub in_accordance: Option<InAccordance>,
    /// Whether it may be omitted.
    #[serde(default)]
    pub omission: OmissionRule,
    /// Effective date, when it differs from the edition's.
    #[serde(default)]
    pub effective: Option<Date>,
    /// What it supersedes.
    #[serde(default)]
    pub supersedes: Option<String>,
    /// From when it is superseded.
    #[serde(default)]
    pub superseded_from: Option<Date>,
    /// Which item supersedes it.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// When the standard was issued (GRI 101: 2024-01-25): a report published earlier
    /// cannot use it. Disclosures inherit their standard's date.
    #[serde(default)]
    pub published: Option<Date>,
    /// Where the item went in the next edition of the framework (ids there): `A1.2` of
    /// the 2020 Guide became Part D `D-MT-1` and `D-MT-2`. Read by the unknown-code and
    /// superseded-numbering messages.
    #[serde(default)]
    pub moved_to: Vec<String>,
    /// Reported once per material topic (GRI 3-3, 2016's 103-x): the index has a row
    /// `ID:TOPIC` per material topic and `ID:TOPIC` may be tagged.
    #[serde(default)]
    pub per_material_topic: bool,
    /// The title of its per-topic rows, before the topic's name ("Management of the
    /// material topic" → "Management of the material topic: Emissions"); the item's title
    /// when not given.
    #[serde(default)]
    pub topic_title: Option<String>,
    /// How well the facts were checked.
    #[serde(default)]
    pub verification: Verification,
    /// Free text.
    #[serde(default)]
    pub note: Option<String>,
}

/// One framework edition.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Catalog {
    /// Edition id used in book.toml (`hkex-esg-2025`).
    pub id: String,
    /// HKEX or GRI.
    pub framework: Framework,
    /// Display title.
    pub title: String,
    /// Edition year or label.
    pub edition: String,
    /// Effective date.
    #[serde(default)]
    pub effective: Option<Date>,
    /// Legal source.
    #[serde(default)]
    pub source: Option<String>,
    /// GRI: the foundation standard named as "GRI 1 used".
    #[serde(default)]
    pub gri1: Option<String>,
    /// The date from which the edition is out of force (for the dates the header's
    /// `dates` rule reads: financial years or publication).
    #[serde(default)]
    pub superseded_from: Option<Date>,
    /// The edition that replaces it.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Vec<String>,
    /// What differs between frameworks, as data.
    pub rules: Rules,
    /// Named obligation rules.
    #[serde(default)]
    pub obligation_rules: HashMap<String, Vec<RuleStep>>,
    /// Index-page headings, in order.
    pub groups: Vec<Group>,
    /// Items in publication order.
    pub items: Vec<Item>,
    /// Upper-cased id → position in `items`.
    #[serde(skip)]
    lookup: HashMap<String, usize>,
}

impl Catalog {
    /// Parses a catalog file and checks it: unique ids, known parents and groups, known
    /// rule names. Errors are returned as text (catalogs are ours, not the user's).
    pub fn parse(yaml: &str) -> Result<Catalog, String> {
        let mut catalog: Catalog = serde_saphyr::from_str(yaml).map_err(|e| e.to_string())?;
        let mut problems = Vec::new();
        for (index, item) in catalog.items.iter().enumerate() {
            let key = item.id.to_ascii_uppercase();
            if catalog.lookup.insert(key, index).is_some() {
                problems.push(format!("duplicate id `{}`", item.id));
            }
        }
        for item in &catalog.items {
            if let Some(parent) = &item.parent {
                match catalog.lookup.get(&parent.to_ascii_uppercase()) {
                    Some(&p) if catalog.items[p].id != item.id => {}
                    _ => problems.push(format!("`{}` has unknown parent `{parent}`", item.id)),
                }
            }
            if !catalog.groups.iter().any(|g| g.id == item.group) {
                problems.push(format!("`{}` has unknown group `{}`", item.id, item.group));
            }
            if item.label.is_none() && !catalog.rules.labels.contains_key(&item.kind) {
                problems.push(format!(
                    "`{}` has no label: the header has no template for {}",
                    item.id,
                    item.kind.as_str()
                ));
            }
            if let ObligationSpec::Rule(rule) = &item.obligation
                && !catalog.obligation_rules.contains_key(rule)
            {
                problems.push(format!(
                    "`{}` names unknown obligation rule `{rule}`",
                    item.id
                ));
            }
        }
        let rules = &catalog.rules;
        for (alias, reason) in &rules.omission.aliases {
            if rules.omission.label(reason).is_none() {
                problems.push(format!("alias `{alias}` names unknown reason `{reason}`"));
            }
        }
        let columns = match rules.index.table {
            rules::TableStyle::Provisions => 4,
            rules::TableStyle::Standards => 6,
        };
        if rules.index.headings.len() != columns {
            problems.push(format!(
                "the index table has {columns} columns but {} headings",
                rules.index.headings.len()
            ));
        }
        if problems.is_empty() {
            Ok(catalog)
        } else {
            Err(format!("catalog {}: {}", catalog.id, problems.join("; ")))
        }
    }

    /// Finds an item by code, ignoring case, surrounding spaces, a leading `KPI ` and, for
    /// GRI, a leading `GRI `.
    pub fn find(&self, code: &str) -> Option<&Item> {
        self.position(code).map(|i| &self.items[i])
    }

    /// Position of an item in catalog order.
    pub fn position(&self, code: &str) -> Option<usize> {
        self.lookup.get(&normalize_code(code)).copied()
    }

    /// The item at a position.
    pub fn item(&self, index: usize) -> &Item {
        &self.items[index]
    }

    /// Evaluates an item's obligation for a report (before any GRI claim is applied).
    pub fn obligation(
        &self,
        item: &Item,
        issuer: Issuer,
        period_start: Option<Date>,
    ) -> Obligation {
        match &item.obligation {
            ObligationSpec::Fixed(level) => *level,
            ObligationSpec::Rule(_) => self
                .step(item, issuer, period_start)
                .map(|step| step.then)
                .unwrap_or(Obligation::Optional),
        }
    }

    /// The rule step that decides an item's obligation, when the item names a rule.
    pub fn step(
        &self,
        item: &Item,
        issuer: Issuer,
        period_start: Option<Date>,
    ) -> Option<&RuleStep> {
        let ObligationSpec::Rule(name) = &item.obligation else {
            return None;
        };
        self.obligation_rules
            .get(name)?
            .iter()
            .find(|step| step.applies(issuer, period_start))
    }

    /// The standard an item belongs to: its parent, or itself for a standard row.
    pub fn standard_of<'a>(&'a self, item: &'a Item) -> &'a Item {
        item.parent
            .as_deref()
            .and_then(|p| self.find(p))
            .unwrap_or(item)
    }

    /// The date the item's standard was issued, when the catalog gives one.
    pub fn published(&self, item: &Item) -> Option<Date> {
        item.published.or(self.standard_of(item).published)
    }

    /// The date from which the item is out of force, its own or its standard's.
    pub fn superseded_from(&self, item: &Item) -> Option<Date> {
        item.superseded_from
            .or(self.standard_of(item).superseded_from)
    }

    /// The item that replaces it, its own or its standard's.
    pub fn superseded_by<'a>(&'a self, item: &'a Item) -> Option<&'a Item> {
        item.superseded_by
            .as_deref()
            .or(self.standard_of(item).superseded_by.as_deref())
            .and_then(|id| self.find(id))
    }

    /// How issuers print an item (`KPI A1.1`, `General Disclosure`, `GRI 305-1`): its own
    /// `label`, or the header's template for its kind filled in.
    pub fn label(&self, item: &Item) -> String {
        if let Some(label) = &item.label {
            return label.clone();
        }
        let template = self
            .rules
            .labels
            .get(&item.kind)
            .map_or("{id}", String::as_str);
        template
            .replace("{id}", &item.id)
            .replace("{heading}", item.heading.as_deref().unwrap_or(&item.title))
            .replace("{title}", &item.title)
    }

    /// The title of a group.
    pub fn group_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| g.title.as_str())
            .unwrap_or(id)
    }

    /// Every id, in catalog order (for suggestions).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|i| i.id.as_str())
    }
}

/// Canonical form of a code for lookup: trimmed, upper-cased, without `KPI ` / `GRI `
/// prefixes or a `Disclosure ` prefix.
pub fn normalize_code(code: &str) -> String {
    // A full-width space (U+3000) is what a Chinese keyboard types between words.
    let mut text = code.replace('\u{3000}', " ").trim().to_ascii_uppercase();
    // `關鍵績效指標` / `关键绩效指标` is how Chinese editions write "KPI".
    for prefix in ["KPI", "關鍵績效指標", "关键绩效指标", "GRI ", "DISCLOSURE "] {
        if let Some(rest) = text.strip_prefix(prefix)
            && (prefix.ends_with(' ') || !prefix.is_ascii() || rest.starts_with(' '))
        {
            text = rest.trim_start().to_string();
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_codes_like_writers_write_them() {
        assert_eq!(normalize_code(" kpi a1.1 "), "A1.1");
        assert_eq!(normalize_code("GRI 305-1"), "305-1");
        assert_eq!(normalize_code("mdr-gov"), "MDR-GOV");
        assert_eq!(normalize_code("關鍵績效指標A1.1"), "A1.1");
        assert_eq!(normalize_code("关键绩效指标 B8.1"), "B8.1");
        assert_eq!(normalize_code("KPI\u{3000}A1.2\u{3000}"), "A1.2");
        // `KPI` is only a prefix when a space follows it.
        assert_eq!(normalize_code("KPIX"), "KPIX");
    }

    const MINI: &str = r#"
id: test-1
framework: hkex
title: Test
edition: "1"
obligation-rules:
  tiered:
    - {issuer: gem, then: optional}
    - {issuer: largecap, from: "2026-01-01", then: mandatory}
    - {then: comply-or-explain}
rules:
  omission:
    reason-required: false
    reasons: [{id: not-applicable, label: Not applicable}]
    aliases: {n-a: not-applicable}
    explanation-help: "explain `{id}`"
  rollup: none
  claim: none
  dates: financial-year
  gap-advice: {mandatory: "disclose `{id}`", otherwise: "add `{id}` to `{key}:`"}
  index: {table: provisions, headings: [Item, Description, Location, Status]}
  labels: {general-disclosure: "General Disclosure", kpi: "KPI {id}"}
groups: [{id: g, title: G}]
items:
  - {id: A1, kind: general-disclosure, group: g, title: A, obligation: comply-or-explain}
  - {id: A1.1, parent: A1, kind: kpi, group: g, title: B, obligation: tiered}
"#;

    #[test]
    fn rules_follow_issuer_and_period() {
        let c = Catalog::parse(MINI).unwrap();
        let item = c.find("a1.1").unwrap();
        let y2025 = Date::parse("2025-01-01");
        let y2026 = Date::parse("2026-04-01");
        assert_eq!(c.obligation(item, Issuer::Gem, y2026), Obligation::Optional);
        assert_eq!(
            c.obligation(item, Issuer::Largecap, y2025),
            Obligation::ComplyOrExplain
        );
        assert_eq!(
            c.obligation(item, Issuer::Largecap, y2026),
            Obligation::Mandatory
        );
        assert_eq!(
            c.obligation(item, Issuer::MainBoard, y2026),
            Obligation::ComplyOrExplain
        );
        assert_eq!(
            c.obligation(item, Issuer::Largecap, None),
            Obligation::ComplyOrExplain
        );
    }

    #[test]
    fn labels_come_from_the_header_or_the_item() {
        let c = Catalog::parse(MINI).unwrap();
        assert_eq!(c.label(c.find("A1").unwrap()), "General Disclosure");
        assert_eq!(c.label(c.find("A1.1").unwrap()), "KPI A1.1");
        let own = MINI.replace("title: B,", "title: B, label: \"KPI A1.1 (new)\",");
        let c = Catalog::parse(&own).unwrap();
        assert_eq!(c.label(c.find("A1.1").unwrap()), "KPI A1.1 (new)");
    }

    #[test]
    fn bad_catalogs_are_rejected() {
        let dup = MINI.replace("id: A1.1", "id: A1");
        assert!(Catalog::parse(&dup).unwrap_err().contains("duplicate id"));
        let orphan = MINI.replace("parent: A1", "parent: A9");
        assert!(
            Catalog::parse(&orphan)
                .unwrap_err()
                .contains("unknown parent")
        );
        let alias = MINI.replace("n-a: not-applicable", "n-a: nope");
        assert!(
            Catalog::parse(&alias)
                .unwrap_err()
                .contains("alias `n-a` names unknown reason `nope`")
        );
        let headings = MINI.replace("Location, Status", "Location");
        assert!(
            Catalog::parse(&headings)
                .unwrap_err()
                .contains("4 columns but 3 headings")
        );
        let label = MINI.replace(", kpi: \"KPI {id}\"", "");
        assert_eq!(
            Catalog::parse(&label).unwrap_err(),
            "catalog test-1: `A1.1` has no label: the header has no template for kpi"
        );
        let rule = MINI.replace("obligation: tiered", "obligation: nope");
        assert!(
            Catalog::parse(&rule)
                .unwrap_err()
                .contains("unknown obligation rule")
        );
    }
}
