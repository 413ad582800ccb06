//! Rules: the catalog header's omission policy and claim, and each item's obligation for
//! this report. Nothing here names a framework; the catalog's `rules:` data decides.

use super::Omission;
use crate::catalog::rules::{ClaimRule, fill};
use crate::catalog::{Catalog, InAccordance, Item, ItemKind, OmissionRule};
use crate::config::{CONFIG_FILE, Config};
use crate::content::Section;
use crate::content::front_matter::WrittenOmission;
use crate::diag::{Code, Diagnostics, did_you_mean};
use crate::model::{GriClaim, Obligation};
use std::collections::BTreeSet;

/// A material topic: a Topic Standard of the catalog, or a topic declared in
/// `[esg.custom-topics]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The standard id (`305`) or the custom key (`product-quality`).
    pub id: String,
    /// The name the index prints (`Product quality and safety`); `None` for a standard.
    pub custom_name: Option<String>,
}

/// The claim a report makes under one framework.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Claim {
    /// The claim, when the catalog has a claim rule.
    pub claim: Option<GriClaim>,
    /// Material topics, as listed in book.toml (standards and custom topics).
    pub topics: Vec<Topic>,
    /// The standards whose disclosures the topics require: the topics' own standards and,
    /// where a topic's disclosures are superseded at the publication date, the standards
    /// that replace them (304 → 101 from 2026; 305-1…5 → 102 from 2027).
    pub standards: BTreeSet<String>,
}

impl Claim {
    /// Material topics that are catalog standards, as ids.
    #[cfg(test)]
    pub fn standard_topics(&self) -> Vec<String> {
        self.topics
            .iter()
            .filter(|t| t.custom_name.is_none())
            .map(|t| t.id.clone())
            .collect()
    }

    fn in_accordance(&self) -> bool {
        self.claim == Some(GriClaim::InAccordance)
    }
}

/// The report's claim under a catalog's claim rule, with its material topics checked.
pub(super) fn claim(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) -> Claim {
    if catalog.rules.claim == ClaimRule::None {
        return Claim::default();
    }
    let topics = material_topics(catalog, config, diags);
    let publication = config.esg.publication();
    let superseded = |item: &Item| {
        catalog
            .superseded_from(item)
            .is_some_and(|from| publication.is_some_and(|p| p >= from))
    };
    let mut standards = BTreeSet::new();
    for topic in topics.iter().filter(|t| t.custom_name.is_none()) {
        standards.insert(topic.id.clone());
        for item in catalog
            .items
            .iter()
            .filter(|i| i.id == topic.id || i.parent.as_deref() == Some(topic.id.as_str()))
        {
            if superseded(item)
                && let Some(next) = catalog.superseded_by(item)
            {
                standards.insert(catalog.standard_of(next).id.clone());
            }
        }
    }
    Claim {
        claim: Some(config.esg.gri_claim),
        topics,
        standards,
    }
}

/// An item's obligation for this report: the catalog's level or rule, raised to
/// `required` when the claim requires the item. Under "in accordance" a material topic
/// requires its standard's disclosures in force at the publication date (and those of the
/// standard replacing the superseded ones); under 2016's Core option it requires the
/// standard row, which any one of its disclosures covers.
pub(super) fn obligation(
    catalog: &Catalog,
    item: &Item,
    config: &Config,
    claim: &Claim,
) -> Obligation {
    let own = catalog.obligation(item, config.esg.issuer, config.esg.period_start);
    if !claim.in_accordance() {
        return own;
    }
    let in_topic = |id: Option<&str>| id.is_some_and(|id| claim.standards.contains(id));
    let required = match (catalog.rules.claim, item.kind, item.in_accordance) {
        (ClaimRule::None, ..) => false,
        (_, _, Some(InAccordance::Always)) => true,
        // Reported per topic: the rows `ID:TOPIC` carry the requirement.
        (_, _, Some(InAccordance::IfMaterialTopics)) => {
            !claim.topics.is_empty() && !item.per_material_topic
        }
        (ClaimRule::Core, ItemKind::Standard, None) => in_topic(Some(&item.id)),
        (ClaimRule::Core, _, None) => false,
        (ClaimRule::InAccordance, ItemKind::Standard, None) => false,
        (ClaimRule::InAccordance, _, None) => {
            let publication = config.esg.publication();
            let in_force = catalog
                .superseded_from(item)
                .is_none_or(|from| publication.is_none_or(|p| p < from));
            in_force && in_topic(item.parent.as_deref())
        }
    };
    if required { Obligation::Required } else { own }
}

/// Checks an `omit` entry against the item and the catalog's omission policy. Returns the
/// omission when it is acceptable; reports every reason it is not.
pub(super) fn omission(
    catalog: &Catalog,
    item: &Item,
    entry: &WrittenOmission,
    section: &Section,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<Omission> {
    let policy = &catalog.rules.omission;
    let key = catalog.framework.key();
    let file = section.source.as_str();
    let line = entry.code.line;
    let mut valid = true;
    // Messages name what was written: an omission of `3-3:305` is reported under that id.
    let id = match entry.code.text.split_once(':') {
        Some((_, topic)) if item.per_material_topic => format!("{}:{}", item.id, topic.trim()),
        _ => item.id.clone(),
    };
    let (issuer, start) = (config.esg.issuer, config.esg.period_start);
    // An interim provision accepts an explanation for a mandatory item (its step says so).
    let interim = catalog
        .step(item, issuer, start)
        .and_then(|step| step.interim.clone());
    // The item's own obligation: a claim only ever raises items to `required`, which may be
    // omitted.
    if catalog.obligation(item, issuer, start) == Obligation::Mandatory && interim.is_none() {
        diags.push(
            Code::OmissionNotPermitted.error(file, Some(line), format!("`{}` ({}) is a mandatory disclosure and cannot be omitted", id, item.title))
                .with_help(format!("remove it from `omit` and add `{}` to the `{key}:` list of the section that discloses it", id)),
        );
        valid = false;
    }
    if item.omission == OmissionRule::NotPermitted {
        diags.push(
            Code::OmissionNotPermitted
                .error(
                    file,
                    Some(line),
                    format!(
                        "{} does not permit omitting `{}` ({})",
                        catalog.framework.label(),
                        id,
                        item.title
                    ),
                )
                .with_help(format!(
                    "report `{}`: tag the section that discloses it",
                    id
                )),
        );
        valid = false;
    }
    let reasons = || policy.ids().collect::<Vec<_>>().join(", ");
    let reason = match &entry.reason {
        Some(written) => match policy.canonical(&written.text) {
            Ok(reason) => Some(reason),
            Err(canonical) => {
                let help = did_you_mean(&canonical, policy.ids())
                    .map(|h| format!("{h} (reasons: {})", reasons()))
                    .unwrap_or_else(|| format!("the reasons are: {}", reasons()));
                diags.push(
                    Code::OmissionReason
                        .error(
                            file,
                            Some(written.line),
                            format!("unknown reason for omission `{}`", written.text),
                        )
                        .with_help(help),
                );
                valid = false;
                None
            }
        },
        None if policy.reason_required => {
            diags.push(
                Code::OmissionReason
                    .error(
                        file,
                        Some(line),
                        format!("the omission of `{}` gives no reason", id),
                    )
                    .with_help(format!(
                        "add `reason:` with one of {} and an `explanation:`",
                        reasons()
                    )),
            );
            valid = false;
            None
        }
        None => None,
    };
    if entry.explanation.is_empty() {
        diags.push(
            Code::OmissionExplanation
                .error(
                    file,
                    Some(line),
                    format!("the omission of `{}` has an empty explanation", id),
                )
                .with_help(fill(&policy.explanation_help, &id, key)),
        );
        valid = false;
    }
    if interim.is_some() && reason.is_some() {
        // The provision is the reason; a GRI-style reason would hide it.
        diags.push(
            Code::OmissionReason
                .error(
                    file,
                    entry.reason.as_ref().map(|r| r.line),
                    format!(
                        "`{}` is omitted under the interim provision, which takes no `reason:`",
                        id
                    ),
                )
                .with_help(format!("write `{}: <steps, work plan and timetable>`", id)),
        );
        valid = false;
    }
    if let Some(provision) = interim {
        return valid.then(|| Omission {
            reason: Some("interim-provision".into()),
            reason_label: Some(provision),
            explanation: entry.explanation.clone(),
            source: section.source.clone(),
            line,
        });
    }
    valid.then(|| Omission {
        reason_label: reason
            .as_deref()
            .and_then(|r| policy.label(r))
            .map(str::to_string),
        reason,
        explanation: entry.explanation.clone(),
        source: section.source.clone(),
        line,
    })
}

/// The material topics book.toml lists, as standard ids of the catalog.
fn material_topics(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) -> Vec<Topic> {
    let esg = &config.esg;
    let standards: Vec<&str> = catalog
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Standard)
        .map(|i| i.id.as_str())
        .collect();
    let mut topics = Vec::new();
    for topic in &esg.material_topics {
        if let Some(custom) = esg
            .custom_topics
            .iter()
            .find(|c| c.key.value == topic.value)
        {
            topics.push(Topic {
                id: custom.key.value.clone(),
                custom_name: Some(custom.name.clone()),
            });
            continue;
        }
        match catalog.find(&topic.value) {
            Some(item) if item.kind == ItemKind::Standard => topics.push(Topic {
                id: item.id.clone(),
                custom_name: None,
            }),
            Some(item) => diags.push(
                Code::MaterialTopic
                    .error(
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
                let custom = esg.custom_topics.iter().map(|c| c.key.value.as_str());
                let help = did_you_mean(&topic.value, standards.iter().copied().chain(custom))
                    .unwrap_or_else(|| {
                        format!(
                            "`esgbook frameworks {}` lists the topic standards; a topic without one is declared under [esg.custom-topics], e.g. `{} = \"Product quality and safety\"`",
                            catalog.id, topic.value
                        )
                    });
                diags.push(
                    Code::MaterialTopic
                        .error(
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
            Code::MaterialTopic.warning(CONFIG_FILE, esg.gri.as_ref().map(|g| g.line), "the GRI claim is in-accordance but no material topics are listed")
                .with_help("list the topic standards of your material topics: material-topics = [\"305\", \"403\"]"),
        );
    }
    if esg.gri_claim == GriClaim::WithReference && !esg.material_topics.is_empty() {
        diags.push(
            Code::MaterialTopic
                .warning(
                    CONFIG_FILE,
                    esg.material_topics.first().map(|t| t.line),
                    "material-topics only matter for an in-accordance GRI claim",
                )
                .with_help("set gri-claim = \"in-accordance\", or remove material-topics"),
        );
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{config, omission as written, section};
    use super::*;
    use crate::catalog::embedded;
    use crate::config::Setting;
    use crate::model::Framework;

    /// Runs one omission entry through the policy of `catalog`.
    fn omit(catalog: &str, entry: WrittenOmission, diags: &mut Diagnostics) -> Option<Omission> {
        let catalog = embedded::get(catalog).unwrap();
        let item = catalog.find(&entry.code.text).unwrap();
        let config = config(None, None);
        omission(
            catalog,
            item,
            &entry,
            &section("a.md", &[], &[]),
            &config,
            diags,
        )
    }

    fn messages(diags: &Diagnostics) -> Vec<String> {
        diags.errors().iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn hkex_explanations_are_the_reason_and_mandatory_items_cannot_be_omitted() {
        let mut diags = Diagnostics::new();
        let b63 = written(
            Framework::Hkex,
            "B6.3",
            None,
            "Not material: we hold no patents",
        );
        assert_eq!(
            omit("hkex-esg-2020", b63, &mut diags),
            Some(Omission {
                reason: None,
                reason_label: None,
                explanation: "Not material: we hold no patents".into(),
                source: "content/a.md".into(),
                line: 5,
            })
        );
        assert!(diags.all().is_empty());
        let bound = written(Framework::Hkex, "MDR-BOUND", None, "We forgot");
        assert_eq!(omit("hkex-esg-2020", bound, &mut diags), None);
        let empty = written(Framework::Hkex, "A2.5", None, "");
        assert_eq!(omit("hkex-esg-2020", empty, &mut diags), None);
        assert_eq!(
            messages(&diags),
            [
                "`MDR-BOUND` (Report boundary and how the included entities or operations were chosen) is a mandatory disclosure and cannot be omitted",
                "the omission of `A2.5` has an empty explanation",
            ]
        );
        assert_eq!(
            diags.errors()[1].help.as_deref(),
            Some(
                "write the considered reason, e.g. `A2.5: Not material to our business because …`"
            )
        );
    }

    #[test]
    fn gri_omissions_need_a_reason_from_the_catalog_and_a_permitted_item() {
        let mut diags = Diagnostics::new();
        let ok = written(
            Framework::Gri,
            "305-3",
            Some("Information incomplete"),
            "Scope 3 starts in 2026",
        );
        let ok = omit("gri-2021", ok, &mut diags).unwrap();
        assert_eq!(ok.reason.as_deref(), Some("information-unavailable"));
        assert_eq!(
            ok.reason_label.as_deref(),
            Some("Information unavailable/incomplete")
        );
        for entry in [
            written(Framework::Gri, "2-2", Some("not-applicable"), "x"),
            written(Framework::Gri, "305-4", Some("because"), "x"),
            written(Framework::Gri, "305-5", None, "x"),
        ] {
            assert_eq!(omit("gri-2021", entry, &mut diags), None);
        }
        // Errors are listed by line: the reasons sit a line below their codes.
        assert_eq!(
            messages(&diags),
            [
                "GRI does not permit omitting `2-2` (Entities covered by the sustainability reporting)",
                "the omission of `305-5` gives no reason",
                "unknown reason for omission `because`",
            ]
        );
        assert_eq!(
            diags.errors()[1].help.as_deref(),
            Some(
                "add `reason:` with one of not-applicable, legal-prohibitions, confidentiality-constraints, information-unavailable and an `explanation:`"
            )
        );
    }

    #[test]
    fn in_accordance_requires_always_items_and_material_topic_disclosures() {
        let catalog = embedded::get("gri-2021").unwrap();
        let mut c = config(None, Some("gri-2021"));
        c.esg.gri_claim = GriClaim::InAccordance;
        c.esg.material_topics = vec![Setting {
            value: "305".into(),
            line: 3,
        }];
        let mut diags = Diagnostics::new();
        let claim = claim(catalog, &c, &mut diags);
        assert_eq!(claim.standard_topics(), ["305"]);
        let of = |id: &str| obligation(catalog, catalog.find(id).unwrap(), &c, &claim);
        assert_eq!(of("2-1"), Obligation::Required);
        // 3-3 is required per topic, on the rows `3-3:TOPIC`.
        assert_eq!(of("3-3"), Obligation::Optional);
        assert_eq!(of("305-2"), Obligation::Required);
        assert_eq!(of("305"), Obligation::Optional);
        assert_eq!(of("403-1"), Obligation::Optional);
        let hkex = embedded::get("hkex-esg-2025").unwrap();
        assert_eq!(claim_of_none(hkex, &c), Claim::default());
    }

    fn claim_of_none(catalog: &Catalog, config: &Config) -> Claim {
        let mut diags = Diagnostics::new();
        let claim = claim(catalog, config, &mut diags);
        assert!(diags.all().is_empty());
        claim
    }
}
