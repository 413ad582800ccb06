//! Resolution: a code written in front matter (a tag or an omission alike) to an item of
//! the configured catalog of its framework.

use super::rows::TopicCode;
use crate::catalog::{Catalog, ItemKind, embedded, normalize_code};
use crate::config::{CONFIG_FILE, Config};
use crate::content::front_matter::WrittenCode;
use crate::diag::{Code, Diagnostic, Diagnostics, did_you_mean};
use crate::model::Framework;
use std::collections::BTreeSet;

/// Resolves the codes of one section file.
pub(super) struct Resolver<'a> {
    catalogs: &'a [&'static Catalog],
    file: &'a str,
    /// Frameworks already reported as not configured: one error per section is enough.
    unconfigured: BTreeSet<Framework>,
}

impl<'a> Resolver<'a> {
    /// A resolver for the codes written in `file`.
    pub(super) fn new(catalogs: &'a [&'static Catalog], file: &'a str) -> Resolver<'a> {
        Resolver {
            catalogs,
            file,
            unconfigured: BTreeSet::new(),
        }
    }

    /// The catalog and item position a code written under `framework` stands for. Reports
    /// an unconfigured framework (once per file) or an unknown code, with the nearest
    /// known codes, the edition that has it, or the framework it belongs to.
    pub(super) fn resolve(
        &mut self,
        framework: Framework,
        code: &WrittenCode,
        diags: &mut Diagnostics,
    ) -> Option<(&'static Catalog, usize)> {
        let Some(catalog) = self
            .catalogs
            .iter()
            .copied()
            .find(|c| c.framework == framework)
        else {
            if self.unconfigured.insert(framework) {
                diags.push(unconfigured(self.file, code.line, framework));
            }
            return None;
        };
        if let Some(position) = catalog.position(&code.text) {
            return Some((catalog, position));
        }
        diags.push(unknown(catalog, &code.text, self.file, code.line));
        None
    }
}

/// Where an item of another edition went in this one (its `moved-to` ids that exist here),
/// as help: "`A1.2` of hkex-esg-2020 became `D-MT-1` (Scope 1 …), `D-MT-2` (…) in …".
fn moved(catalog: &Catalog, text: &str) -> Option<String> {
    embedded::all().iter().find_map(|other| {
        if other.framework != catalog.framework || other.id == catalog.id {
            return None;
        }
        let old = other.find(text)?;
        let targets: Vec<String> = old
            .moved_to
            .iter()
            .filter_map(|id| catalog.find(id))
            .map(|item| format!("`{}` ({})", item.id, item.title))
            .collect();
        (!targets.is_empty()).then(|| {
            format!(
                "`{}` of {} ({}) became {} in {}",
                old.id,
                other.id,
                old.title,
                targets.join(", "),
                catalog.id
            )
        })
    })
}

/// A catalog item and position, with the topic of a per-topic code.
pub(super) type TopicFound = ((&'static Catalog, usize), TopicCode);

/// Reads a code of the form `ID:TOPIC` where `ID` is a per-topic item (`3-3:305`,
/// `3-3:product-quality`). `None`: not such a code. `Some(None)`: such a code naming no
/// known topic (reported). `Some(Some(..))`: the item and the topic.
pub(super) fn topic_code(
    catalogs: &[&'static Catalog],
    config: &Config,
    framework: Framework,
    code: &WrittenCode,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<Option<TopicFound>> {
    let (id, topic) = code.text.split_once(':')?;
    let catalog = catalogs
        .iter()
        .copied()
        .find(|c| c.framework == framework)?;
    let position = catalog.position(id)?;
    if !catalog.items[position].per_material_topic {
        return None;
    }
    let topic = topic.trim();
    let customs = &config.esg.custom_topics;
    let known = match catalog.find(topic) {
        Some(item) if item.kind == ItemKind::Standard => Some(item.id.clone()),
        _ => customs
            .iter()
            .find(|c| c.key.value == topic)
            .map(|c| c.key.value.clone()),
    };
    let Some(topic) = known else {
        let standards = catalog
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Standard)
            .map(|i| i.id.as_str())
            .chain(customs.iter().map(|c| c.key.value.as_str()));
        let help = did_you_mean(topic, standards).unwrap_or_else(|| {
            format!(
                "name a topic standard (`{}:305`) or a key of [esg.custom-topics]",
                catalog.items[position].id
            )
        });
        diags.push(
            Code::UnknownCode
                .error(
                    file,
                    Some(code.line),
                    format!("unknown material topic `{topic}` in `{}`", code.text.trim()),
                )
                .with_help(help),
        );
        return Some(None);
    };
    Some(Some(((catalog, position), TopicCode { topic })))
}

fn unknown(catalog: &Catalog, text: &str, file: &str, line: usize) -> Diagnostic {
    let normalized = normalize_code(text);
    if let Some(help) = moved(catalog, text) {
        return Code::UnknownCode
            .error(
                file,
                Some(line),
                format!(
                    "unknown {} code `{}` (catalog {})",
                    catalog.framework.label(),
                    text.trim(),
                    catalog.id
                ),
            )
            .with_help(help);
    }
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
    Code::UnknownCode
        .error(
            file,
            Some(line),
            format!(
                "unknown {} code `{shown}` (catalog {})",
                catalog.framework.label(),
                catalog.id
            ),
        )
        .with_help(help)
}

fn unconfigured(file: &str, line: usize, framework: Framework) -> Diagnostic {
    // The example names the newest edition: the last one listed.
    let newest = embedded::ids_for(framework).last().copied().unwrap_or("");
    Code::FrameworkNotConfigured
        .error(
            file,
            Some(line),
            format!(
                "this section tags {} codes but {CONFIG_FILE} names no {} catalog",
                framework.label(),
                framework.label()
            ),
        )
        .with_help(format!(
            "add `{} = \"{newest}\"` under [esg] in {CONFIG_FILE}",
            framework.key()
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(text: &str) -> WrittenCode {
        WrittenCode {
            text: text.into(),
            line: 7,
        }
    }

    fn hkex_2025() -> Vec<&'static Catalog> {
        vec![embedded::get("hkex-esg-2025").unwrap()]
    }

    #[test]
    fn written_codes_resolve_forgiving_case_spaces_and_prefixes() {
        let catalogs = hkex_2025();
        let mut resolver = Resolver::new(&catalogs, "content/a.md");
        let mut diags = Diagnostics::new();
        let (catalog, position) = resolver
            .resolve(Framework::Hkex, &written(" KPI a1.1 "), &mut diags)
            .unwrap();
        assert_eq!(catalog.id, "hkex-esg-2025");
        assert_eq!(catalog.items[position].id, "A1.1");
        assert!(diags.all().is_empty());
    }

    #[test]
    fn unknown_codes_suggest_neighbours_other_editions_and_frameworks() {
        let catalogs = hkex_2025();
        let mut resolver = Resolver::new(&catalogs, "content/a.md");
        let mut diags = Diagnostics::new();
        for code in ["A1.2", "A11", "305-1", "zzz"] {
            assert!(
                resolver
                    .resolve(Framework::Hkex, &written(code), &mut diags)
                    .is_none()
            );
        }
        let errors = diags.errors();
        let helps: Vec<&str> = errors.iter().map(|e| e.help.as_deref().unwrap()).collect();
        assert_eq!(
            errors[0].message,
            "unknown HKEX code `A1.2` (catalog hkex-esg-2025)"
        );
        assert_eq!(errors[0].place(), "content/a.md:7");
        assert_eq!(
            helps[0],
            "`A1.2` of hkex-esg-2020 (Scope 1 and Scope 2 GHG emissions and intensity) became `D-MT-1` (Scope 1 GHG emissions), `D-MT-2` (Scope 2 GHG emissions) in hkex-esg-2025"
        );
        assert!(helps[1].contains("`A1.1`"), "{}", helps[1]);
        assert_eq!(
            helps[2],
            "`305-1` is a GRI code: list it under `gri:` instead"
        );
        assert_eq!(
            helps[3],
            "`esgbook frameworks hkex-esg-2025` lists every code"
        );
    }

    #[test]
    fn an_unconfigured_framework_is_reported_once_per_file() {
        let catalogs = hkex_2025();
        let mut resolver = Resolver::new(&catalogs, "content/a.md");
        let mut diags = Diagnostics::new();
        resolver.resolve(Framework::Gri, &written("305"), &mut diags);
        resolver.resolve(Framework::Gri, &written("306"), &mut diags);
        let errors = diags.errors();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "this section tags GRI codes but book.toml names no GRI catalog"
        );
        assert_eq!(
            errors[0].help.as_deref(),
            Some("add `gri = \"gri-2021\"` under [esg] in book.toml")
        );
    }
}
