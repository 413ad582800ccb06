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

/// The claim a report makes under one framework.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Claim {
    /// The claim, when the catalog has a claim rule.
    pub claim: Option<GriClaim>,
    /// Material topics, as catalog ids of standards.
    pub material_topics: Vec<String>,
}

/// The report's claim under a catalog's claim rule, with its material topics checked.
pub(super) fn claim(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) -> Claim {
    match catalog.rules.claim {
        ClaimRule::None => Claim::default(),
        ClaimRule::InAccordance => Claim {
            claim: Some(config.esg.gri_claim),
            material_topics: material_topics(catalog, config, diags),
        },
    }
}

/// An item's obligation for this report: the catalog's level or rule, raised to
/// `required` when the claim requires the item.
pub(super) fn obligation(
    catalog: &Catalog,
    item: &Item,
    config: &Config,
    claim: &Claim,
) -> Obligation {
    let own = catalog.obligation(item, config.esg.issuer, config.esg.period_start);
    if claim.claim != Some(GriClaim::InAccordance) || item.kind == ItemKind::Standard {
        return own;
    }
    let required = match item.in_accordance {
        Some(InAccordance::Always) => true,
        Some(InAccordance::IfMaterialTopics) => !claim.material_topics.is_empty(),
        None => item.parent.as_ref().is_some_and(|p| {
            claim
                .material_topics
                .iter()
                .any(|t| t.eq_ignore_ascii_case(p))
        }),
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
    // The item's own obligation: a claim only ever raises items to `required`, which may be
    // omitted.
    if catalog.obligation(item, config.esg.issuer, config.esg.period_start) == Obligation::Mandatory
    {
        diags.push(
            Code::OmissionNotPermitted.error(file, Some(line), format!("`{}` ({}) is a mandatory disclosure and cannot be omitted", item.id, item.title))
                .with_help(format!("remove it from `omit` and add `{}` to the `{key}:` list of the section that discloses it", item.id)),
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
                        item.id,
                        item.title
                    ),
                )
                .with_help(format!(
                    "report `{}`: tag the section that discloses it",
                    item.id
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
                        format!("the omission of `{}` gives no reason", item.id),
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
                    format!("the omission of `{}` has an empty explanation", item.id),
                )
                .with_help(fill(&policy.explanation_help, &item.id, key)),
        );
        valid = false;
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
fn material_topics(catalog: &Catalog, config: &Config, diags: &mut Diagnostics) -> Vec<String> {
    let esg = &config.esg;
    let standards: Vec<&str> = catalog
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Standard)
        .map(|i| i.id.as_str())
        .collect();
    let mut topics = Vec::new();
    for topic in &esg.material_topics {
        match catalog.find(&topic.value) {
            Some(item) if item.kind == ItemKind::Standard => topics.push(item.id.clone()),
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
                let help =
                    did_you_mean(&topic.value, standards.iter().copied()).unwrap_or_else(|| {
                        format!(
                            "`esgbook frameworks {}` lists the topic standards",
                            catalog.id
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
        assert_eq!(claim.material_topics, ["305"]);
        let of = |id: &str| obligation(catalog, catalog.find(id).unwrap(), &c, &claim);
        assert_eq!(of("2-1"), Obligation::Required);
        assert_eq!(of("3-3"), Obligation::Required);
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
