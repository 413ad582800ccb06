//! The rules a catalog file states in its `rules:` header: what used to be code per
//! framework (omission policy, roll-up of parents, claim, date reading, gap advice, index
//! layout), read by the coverage stage and the site as data.
//!
//! A new framework or edition is a new catalog file with its own header. Adding a rule
//! *kind* (a new way parents relate to children, a new claim, say IFRS S2's "all or
//! nothing" disclosure) means adding a variant to one enum here and one match arm where
//! `coverage::rules` or `coverage::rows` reads it; nothing else names a framework.

use super::ItemKind;
use crate::model::Obligation;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A catalog's rules header.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// Which omissions are accepted and how they are written.
    pub omission: OmissionPolicy,
    /// How a parent row relates to its children.
    pub rollup: Rollup,
    /// The claim the report makes under this framework.
    pub claim: ClaimRule,
    /// What the edition's and items' dates apply to.
    pub dates: DatesApplyTo,
    /// What `check` and the coverage page advise for a missing row.
    pub gap_advice: GapAdvice,
    /// What the site's index page shows.
    pub index: IndexLayout,
    /// How issuers print each kind of item in their index (`KPI {id}`, `General
    /// Disclosure`, `GRI {id}`): a template per kind, where `{id}`, `{heading}` and `{title}`
    /// are the item's (a missing heading reads as the title). An item's own `label` wins.
    pub labels: BTreeMap<ItemKind, String>,
}

/// One accepted reason for omission.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// The spelling in front matter and JSON (`not-applicable`).
    pub id: String,
    /// The label in the index and the tabular exports (`Not applicable`).
    pub label: String,
}

/// The omission policy of a framework.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OmissionPolicy {
    /// True when an omission must give one of [`OmissionPolicy::reasons`] (GRI); false
    /// when the explanation alone is the reason (HKEX's "considered reasons").
    pub reason_required: bool,
    /// The accepted reasons, in the order messages list them.
    pub reasons: Vec<Reason>,
    /// Other spellings writers use, mapped to a reason id.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Help for an empty explanation; `{id}` is replaced by the item id.
    pub explanation_help: String,
}

impl OmissionPolicy {
    /// The reason id a written reason stands for (case, spaces, underscores and aliases
    /// forgiven), or `Err` with the canonical spelling when no reason matches.
    pub fn canonical(&self, written: &str) -> Result<String, String> {
        let text = written.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let text = self.aliases.get(&text).cloned().unwrap_or(text);
        if self.reasons.iter().any(|r| r.id == text) {
            Ok(text)
        } else {
            Err(text)
        }
    }

    /// The display label of a reason id.
    pub fn label(&self, reason: &str) -> Option<&str> {
        self.reasons
            .iter()
            .find(|r| r.id == reason)
            .map(|r| r.label.as_str())
    }

    /// The reason ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.reasons.iter().map(|r| r.id.as_str())
    }
}

/// How a parent row (a GRI standard, an HKEX aspect) relates to its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rollup {
    /// The parent is its own item: covering a child says nothing about it (HKEX: an
    /// aspect's General Disclosure is its own comply-or-explain provision).
    None,
    /// The parent is covered when any child is tagged (a GRI standard row).
    Children,
}

/// The claim a report makes under a framework, and what it requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimRule {
    /// No claim: obligations are the items' own (HKEX).
    None,
    /// GRI's claim from book.toml's `gri-claim`: "in accordance" makes the items marked
    /// `in-accordance` required (always, or when material topics are listed) and the
    /// disclosures of each material topic's standard; "with reference" requires nothing.
    InAccordance,
    /// GRI 2016's "in accordance: Core option" (book.toml's `in-accordance` under a 2016
    /// catalog): the items marked `in-accordance` are required, and each material topic
    /// needs its standard row, which any one of its disclosures covers ("at least one
    /// topic-specific disclosure"), not every disclosure.
    Core,
}

/// What the edition's `effective` and an item's `superseded-from` dates apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatesApplyTo {
    /// Financial years starting on or after the date (HKEX): the edition is checked against
    /// `period-start`.
    FinancialYear,
    /// Reports published on or after the date (GRI): a report is published after its
    /// period ends, so only superseded items are checked, against the period's end.
    Publication,
}

/// Gap advice templates; `{id}` is replaced by the item id, `{key}` by the framework key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GapAdvice {
    /// For a mandatory item (which cannot be omitted).
    pub mandatory: String,
    /// For any other missing item.
    pub otherwise: String,
}

impl GapAdvice {
    /// The advice for a missing item.
    pub fn render(&self, id: &str, key: &str, obligation: Obligation) -> String {
        let template = match obligation {
            Obligation::Mandatory => &self.mandatory,
            _ => &self.otherwise,
        };
        fill(template, id, key)
    }
}

/// Replaces `{id}` and `{key}` in a template; other braces are kept as written.
pub fn fill(template: &str, id: &str, key: &str) -> String {
    template.replace("{id}", id).replace("{key}", key)
}

/// Which table a framework's index page draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableStyle {
    /// Item, description, location or explanation, status; heading rows per aspect.
    Provisions,
    /// GRI's standard / disclosure / location / omission table.
    Standards,
}

/// What the site's index page shows for a framework.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IndexLayout {
    /// The table drawn.
    pub table: TableStyle,
    /// Column headings, left to right.
    pub headings: Vec<String>,
    /// A heading over the last columns (GRI: `Omission`), when any.
    #[serde(default)]
    pub group_heading: Option<String>,
    /// True when rows nobody addressed and nothing requires are listed apart, under the
    /// table (GRI "with reference": the index lists what was reported).
    #[serde(default)]
    pub unaddressed_apart: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> OmissionPolicy {
        serde_saphyr::from_str(
            r#"
reason-required: true
reasons:
  - {id: not-applicable, label: Not applicable}
  - {id: information-unavailable, label: "Information unavailable/incomplete"}
aliases: {information-incomplete: information-unavailable}
explanation-help: "say why `{id}` is left out"
"#,
        )
        .unwrap()
    }

    #[test]
    fn reasons_are_read_from_data_with_aliases_and_labels() {
        let p = policy();
        assert_eq!(
            p.canonical(" Not Applicable ").as_deref(),
            Ok("not-applicable")
        );
        assert_eq!(
            p.canonical("information_incomplete").as_deref(),
            Ok("information-unavailable")
        );
        assert_eq!(p.canonical("because").unwrap_err(), "because");
        assert_eq!(
            p.label("information-unavailable"),
            Some("Information unavailable/incomplete")
        );
        assert_eq!(p.label("because"), None);
        assert_eq!(
            fill(&p.explanation_help, "305-3", "gri"),
            "say why `305-3` is left out"
        );
    }

    #[test]
    fn advice_fills_id_and_key_and_keeps_other_braces() {
        let advice = GapAdvice {
            mandatory: "disclose `{id}` under `{key}:`".into(),
            otherwise: "or explain under `omit: {{key}: {{id}: \"reason\"}}`".into(),
        };
        assert_eq!(
            advice.render("MDR-GOV", "hkex", Obligation::Mandatory),
            "disclose `MDR-GOV` under `hkex:`"
        );
        assert_eq!(
            advice.render("A1", "hkex", Obligation::ComplyOrExplain),
            "or explain under `omit: {hkex: {A1: \"reason\"}}`"
        );
    }
}
