//! The catalogs compiled into the binary.
//!
//! Each file in `catalogs/` is included as text and parsed once, on first use. A test
//! parses every file, so a broken catalog fails `cargo test`, never a user's run.

use super::{Catalog, Framework};
use crate::locale::Lang;
use std::sync::OnceLock;

/// `(id, YAML text)` of every embedded catalog, HKEX first, oldest edition first.
pub const SOURCES: &[(&str, &str)] = &[
    (
        "hkex-esg-2020",
        include_str!("../../catalogs/hkex-esg-2020.yaml"),
    ),
    (
        "hkex-esg-2025",
        include_str!("../../catalogs/hkex-esg-2025.yaml"),
    ),
    ("gri-2016", include_str!("../../catalogs/gri-2016.yaml")),
    ("gri-2021", include_str!("../../catalogs/gri-2021.yaml")),
];

/// `(id, language, YAML text)` of every catalog translation (`catalog::translation`).
pub const TRANSLATIONS: &[(&str, Lang, &str)] = &[
    (
        "hkex-esg-2020",
        Lang::ZhHk,
        include_str!("../../catalogs/hkex-esg-2020.zh-hk.yaml"),
    ),
    (
        "hkex-esg-2025",
        Lang::ZhHk,
        include_str!("../../catalogs/hkex-esg-2025.zh-hk.yaml"),
    ),
    (
        "gri-2016",
        Lang::ZhHk,
        include_str!("../../catalogs/gri-2016.zh-hk.yaml"),
    ),
    (
        "gri-2021",
        Lang::ZhHk,
        include_str!("../../catalogs/gri-2021.zh-hk.yaml"),
    ),
    (
        "hkex-esg-2020",
        Lang::ZhCn,
        include_str!("../../catalogs/hkex-esg-2020.zh-cn.yaml"),
    ),
    (
        "hkex-esg-2025",
        Lang::ZhCn,
        include_str!("../../catalogs/hkex-esg-2025.zh-cn.yaml"),
    ),
    (
        "gri-2016",
        Lang::ZhCn,
        include_str!("../../catalogs/gri-2016.zh-cn.yaml"),
    ),
    (
        "gri-2021",
        Lang::ZhCn,
        include_str!("../../catalogs/gri-2021.zh-cn.yaml"),
    ),
];

/// The ids of every embedded catalog, for clap's possible values.
pub const IDS: &[&str] = &["hkex-esg-2020", "hkex-esg-2025", "gri-2016", "gri-2021"];

/// Every embedded catalog, parsed.
pub fn all() -> &'static [Catalog] {
    static CATALOGS: OnceLock<Vec<Catalog>> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(id, text)| match Catalog::parse(text) {
                Ok(catalog) => catalog,
                // Catalogs are part of the program, checked by the test below; a failure here
                // is a build defect, not a user error.
                Err(problem) => panic!("embedded catalog {id} is invalid: {problem}"),
            })
            .collect()
    })
}

/// The catalog with this id.
pub fn get(id: &str) -> Option<&'static Catalog> {
    all().iter().find(|c| c.id == id)
}

/// The catalog with this id in `lang`: the English catalog with the translation's words.
/// A language without a translation file gets the English words (the tests require a
/// file for every catalog and language, so that only happens in a broken build).
pub fn get_in(id: &str, lang: Lang) -> Option<&'static Catalog> {
    static TRANSLATED: OnceLock<Vec<(Lang, Catalog)>> = OnceLock::new();
    let translated = TRANSLATED.get_or_init(|| {
        TRANSLATIONS
            .iter()
            .filter_map(|(id, lang, text)| {
                let catalog = get(id)?;
                match super::translation::translate(catalog, *lang, text) {
                    Ok(translated) => Some((*lang, translated)),
                    // Checked by the test below; a failure is a build defect.
                    Err(problem) => panic!("catalogs/{id}.{lang}.yaml is invalid: {problem}"),
                }
            })
            .collect()
    });
    translated
        .iter()
        .find(|(l, c)| *l == lang && c.id == id)
        .map(|(_, c)| c)
        .or_else(|| get(id))
}

/// The ids of the catalogs of one framework.
pub fn ids_for(framework: Framework) -> Vec<&'static str> {
    all()
        .iter()
        .filter(|c| c.framework == framework)
        .map(|c| c.id.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_is_translated_into_every_language() {
        for lang in Lang::ALL.into_iter().filter(|l| *l != Lang::En) {
            for (id, _) in SOURCES {
                let file = TRANSLATIONS.iter().find(|(i, l, _)| i == id && *l == lang);
                let Some((_, _, text)) = file else {
                    panic!("catalogs/{id}.{lang}.yaml is missing");
                };
                let english = get(id).unwrap();
                let translated = super::super::translation::translate(english, lang, text)
                    .unwrap_or_else(|e| panic!("catalogs/{id}.{lang}.yaml: {e}"));
                assert_eq!(translated.items.len(), english.items.len());
                for (a, b) in english.items.iter().zip(&translated.items) {
                    assert_eq!((&a.id, a.obligation.clone()), (&b.id, b.obligation.clone()));
                    assert!(
                        b.title
                            .chars()
                            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{id}.{lang} `{}` has no Chinese title: {}",
                        b.id,
                        b.title
                    );
                }
            }
        }
    }
    use crate::catalog::ItemKind;
    use crate::model::Obligation;

    #[test]
    fn every_embedded_catalog_parses_and_matches_its_id() {
        for (id, text) in SOURCES {
            let catalog = Catalog::parse(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(&catalog.id, id);
            assert!(IDS.contains(id));
        }
        assert_eq!(IDS.len(), SOURCES.len());
    }

    fn count(id: &str) -> usize {
        get(id).unwrap().items.len()
    }

    #[test]
    fn hkex_editions_have_the_documented_item_counts() {
        assert_eq!(count("hkex-esg-2020"), 51);
        assert_eq!(count("hkex-esg-2025"), 68);
        let c2020 = get("hkex-esg-2020").unwrap();
        let mandatory: Vec<&str> = c2020
            .items
            .iter()
            .filter(|i| c2020.obligation(i, Default::default(), None) == Obligation::Mandatory)
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(mandatory, ["MDR-GOV", "MDR-PRIN", "MDR-BOUND"]);
        let c2025 = get("hkex-esg-2025").unwrap();
        for gone in ["A1.2", "A4", "A4.1"] {
            assert!(c2025.find(gone).is_none(), "{gone} is not in the 2025 Code");
        }
        assert_eq!(
            c2025
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::Kpi)
                .count(),
            34
        );
        assert_eq!(
            c2025
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::GeneralDisclosure)
                .count(),
            11
        );
    }

    #[test]
    fn gri_editions_hold_their_universal_disclosures() {
        assert_eq!(count("gri-2016"), 186);
        assert_eq!(count("gri-2021"), 180);
        let g2021 = get("gri-2021").unwrap();
        for n in 1..=30 {
            assert!(g2021.find(&format!("2-{n}")).is_some(), "2-{n}");
        }
        assert!(g2021.find("2-31").is_none());
        let g2016 = get("gri-2016").unwrap();
        for n in 1..=56 {
            assert!(g2016.find(&format!("102-{n}")).is_some(), "102-{n}");
        }
        assert_eq!(g2016.find("102-1").unwrap().parent.as_deref(), Some("102"));
    }

    #[test]
    fn headers_state_each_frameworks_rules() {
        use crate::catalog::rules::{ClaimRule, Rollup};
        for c in all() {
            let rules = &c.rules;
            let hkex = c.framework == Framework::Hkex;
            assert_eq!(rules.omission.reason_required, !hkex, "{}", c.id);
            assert_eq!(
                rules.rollup,
                if hkex { Rollup::None } else { Rollup::Children },
                "{}",
                c.id
            );
            assert_eq!(
                rules.claim,
                match c.id.as_str() {
                    "gri-2016" => ClaimRule::Core,
                    _ if hkex => ClaimRule::None,
                    _ => ClaimRule::InAccordance,
                }
            );
            assert_eq!(
                rules.omission.ids().collect::<Vec<_>>(),
                [
                    "not-applicable",
                    "legal-prohibitions",
                    "confidentiality-constraints",
                    "information-unavailable"
                ]
            );
        }
        let advice = &get("hkex-esg-2025").unwrap().rules.gap_advice;
        assert_eq!(
            advice.render("A1", "hkex", Obligation::ComplyOrExplain),
            "add `A1` to the `hkex:` list of the section that covers it, or explain under `omit: {hkex: {A1: \"reason\"}}`"
        );
        assert_eq!(
            get("gri-2021").unwrap().find("2-1").unwrap().effective,
            None
        );
        assert_eq!(
            get("gri-2021").unwrap().effective,
            crate::model::Date::parse("2023-01-01")
        );
    }
}
