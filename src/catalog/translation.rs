//! Catalogs in the editions' languages.
//!
//! Each catalog has a file per language besides English (`catalogs/gri-2021.zh-hk.yaml`)
//! holding the words of every item, group, label, index heading and omission reason. The
//! rules stay in the English catalog; a translated catalog is the English one with its
//! words replaced, so every edition's index has the same rows, obligations and statuses.
//! A file that misses an id, or names one the catalog lacks, fails the tests below.

use super::{Catalog, ItemKind};
use crate::locale::Lang;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The words of one catalog in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Words {
    catalog: String,
    language: String,
    title: String,
    omission: BTreeMap<String, String>,
    index: IndexWords,
    labels: BTreeMap<ItemKind, String>,
    groups: BTreeMap<String, String>,
    items: BTreeMap<String, ItemWords>,
    /// Corrections of derived text, kept for the derivation test (tools/zh-cn/tests/zh_cn.rs);
    /// the values above already carry them.
    #[serde(default)]
    #[allow(dead_code)]
    reviewed: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IndexWords {
    headings: Vec<String>,
    #[serde(default)]
    group_heading: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ItemWords {
    #[serde(default)]
    heading: Option<String>,
    title: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    topic_title: Option<String>,
}

/// `catalog` with the words of `text` (a translation file) in place of its English ones.
/// Every id must match: a missing or unknown one is an error naming it.
pub fn translate(catalog: &Catalog, lang: Lang, text: &str) -> Result<Catalog, String> {
    let words: Words = serde_saphyr::from_str(text).map_err(|err| err.to_string())?;
    if words.catalog != catalog.id || words.language != lang.tag() {
        return Err(format!(
            "the file is for {} in {}, not {} in {lang}",
            words.catalog, words.language, catalog.id
        ));
    }
    let mut out = catalog.clone();
    out.title = words.title;
    for reason in &mut out.rules.omission.reasons {
        reason.label = take(&words.omission, &reason.id, "omission reason")?;
    }
    let layout = &mut out.rules.index;
    if words.index.headings.len() != layout.headings.len()
        || words.index.group_heading.is_some() != layout.group_heading.is_some()
    {
        return Err("index headings do not match the catalog's".into());
    }
    layout.headings = words.index.headings;
    layout.group_heading = words.index.group_heading;
    for (kind, label) in &mut out.rules.labels {
        *label = take(&words.labels, kind, "label")?;
    }
    for group in &mut out.groups {
        group.title = take(&words.groups, &group.id, "group")?;
    }
    for item in &mut out.items {
        let Some(text) = words.items.get(&item.id) else {
            return Err(format!("no words for item `{}`", item.id));
        };
        if text.heading.is_some() != item.heading.is_some()
            || text.label.is_some() != item.label.is_some()
            || text.topic_title.is_some() != item.topic_title.is_some()
        {
            return Err(format!(
                "item `{}`: give heading, label and topic-title exactly where the catalog does",
                item.id
            ));
        }
        item.title = text.title.clone();
        item.heading = text.heading.clone();
        item.label = text.label.clone();
        item.topic_title = text.topic_title.clone();
    }
    if words.items.len() != out.items.len() || words.groups.len() != out.groups.len() {
        let extra: Vec<&String> = words
            .items
            .keys()
            .filter(|id| !out.items.iter().any(|item| &item.id == *id))
            .chain(
                words
                    .groups
                    .keys()
                    .filter(|id| !out.groups.iter().any(|g| &g.id == *id)),
            )
            .collect();
        return Err(format!("ids the catalog does not have: {extra:?}"));
    }
    Ok(out)
}

fn take<K: Ord + std::fmt::Debug + ?Sized>(
    map: &BTreeMap<impl std::borrow::Borrow<K> + Ord, String>,
    key: &K,
    what: &str,
) -> Result<String, String> {
    map.get(key)
        .cloned()
        .ok_or_else(|| format!("no words for {what} `{key:?}`"))
}
