//! The languages a report is published in, and the words esgbook itself prints in each.
//!
//! A report has one edition per language (`[book] languages`). Everything esgbook writes
//! around the report's own text (navigation, headings of the index pages, status labels,
//! dates) comes from one data file per language in `locales/`, compiled in. English is the
//! reference: every other file must have exactly its keys, which a test checks, so a
//! missing translation fails `cargo test` instead of showing English in a Chinese edition.

use crate::model::{Date, Obligation, Status};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// A language esgbook can publish an edition in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Traditional Chinese as written in Hong Kong.
    ZhHk,
    /// Simplified Chinese as written in mainland China.
    ZhCn,
}

impl Lang {
    /// Every language, in the order `esgbook` lists them.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::ZhHk, Lang::ZhCn];

    /// The tag written in `[book] languages`, used as the folder name (`zh-hk`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHk => "zh-hk",
            Lang::ZhCn => "zh-cn",
        }
    }

    /// The BCP 47 tag for HTML `lang` and `hreflang` (`zh-HK`).
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHk => "zh-HK",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Reads a tag of `[book] languages` (`en`, `zh-hk`, `zh-cn`, any case).
    pub fn parse(tag: &str) -> Option<Lang> {
        Lang::ALL
            .into_iter()
            .find(|lang| lang.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// The closest edition language to a free-form `[book] language` tag of a one-edition
    /// project (`zh-Hant` reads as Traditional Chinese, `fr` as English, whose words are
    /// then used while the page keeps `lang="fr"`).
    pub fn closest(tag: &str) -> Lang {
        let tag = tag.trim().to_ascii_lowercase();
        if let Some(lang) = Lang::parse(&tag) {
            return lang;
        }
        match tag.as_str() {
            "zh-hans" | "zh-sg" | "zh-hans-cn" | "zh-hans-sg" => Lang::ZhCn,
            t if t == "zh" || t.starts_with("zh-") => Lang::ZhHk,
            _ => Lang::En,
        }
    }

    /// Whether the edition is written in Chinese (CJK fonts, dates as 2025年1月1日).
    pub fn is_chinese(self) -> bool {
        self != Lang::En
    }

    /// The words esgbook prints in this language.
    pub fn strings(self) -> &'static Strings {
        static ALL: OnceLock<Vec<Strings>> = OnceLock::new();
        let all = ALL.get_or_init(|| {
            SOURCES
                .iter()
                .map(|(lang, text)| match Strings::parse(text) {
                    Ok(strings) => strings,
                    // The files are part of the program, checked by the tests below; a
                    // failure here is a build defect, not a user error.
                    Err(problem) => panic!("locales/{}.yaml is invalid: {problem}", lang.tag()),
                })
                .collect()
        });
        let position = SOURCES.iter().position(|(lang, _)| *lang == self);
        &all[position.unwrap_or(0)]
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// The locale files, compiled in; English first (the reference).
const SOURCES: &[(Lang, &str)] = &[
    (Lang::En, include_str!("../locales/en.yaml")),
    (Lang::ZhHk, include_str!("../locales/zh-hk.yaml")),
    (Lang::ZhCn, include_str!("../locales/zh-cn.yaml")),
];

/// One language's words, by key (`nav.contents`). Templates read them as `t.KEY` with the
/// dots written as underscores (`t.nav_contents`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Strings {
    words: BTreeMap<String, String>,
}

impl Strings {
    /// Parses a locale file: a map of keys to strings, nested maps joined with `_`.
    fn parse(text: &str) -> Result<Strings, String> {
        let value: serde_json::Value =
            serde_saphyr::from_str(text).map_err(|err| err.to_string())?;
        let mut words = BTreeMap::new();
        flatten("", &value, &mut words)?;
        Ok(Strings { words })
    }

    /// The string at `key`. Keys are fixed in the code and every locale has all of them
    /// (tested); a key the code misspells fails the tests (debug builds) and prints as
    /// nothing rather than failing a user's build.
    pub fn get(&self, key: &str) -> &str {
        let text = self.words.get(key).map(String::as_str);
        debug_assert!(text.is_some(), "no string `{key}` in the locale files");
        text.unwrap_or_default()
    }

    /// The string at `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A status as index and coverage pages print it (`Covered`, `已涵蓋`).
    pub fn status(&self, status: Status) -> &str {
        self.get(&format!("status_{}", status.as_str().replace('-', "_")))
    }

    /// An obligation as the index prints it (`Mandatory`, `強制`).
    pub fn obligation(&self, obligation: Obligation) -> &str {
        self.get(&format!(
            "obligation_{}",
            obligation.as_str().replace('-', "_")
        ))
    }

    /// A date written out (`31 December 2025`, `2025年12月31日`).
    pub fn date(&self, date: Date) -> String {
        let month = self.get(&format!("month_{}", date.month)).to_string();
        self.fill(
            "date_long",
            &[
                ("day", &date.day.to_string()),
                ("month", &month),
                ("month_number", &date.month.to_string()),
                ("year", &date.year.to_string()),
            ],
        )
    }

    /// A reporting period (`1 January 2025 to 31 December 2025`,
    /// `2025年1月1日至2025年12月31日`).
    pub fn period(&self, start: Date, end: Option<Date>) -> String {
        match end {
            Some(end) => self.fill(
                "period_range",
                &[("start", &self.date(start)), ("end", &self.date(end))],
            ),
            None => self.fill("period_from", &[("start", &self.date(start))]),
        }
    }

    /// The keys, for the completeness test.
    #[cfg(test)]
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.words.keys()
    }
}

fn flatten(
    prefix: &str,
    value: &serde_json::Value,
    out: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                let key = key.replace(['-', '.'], "_");
                let path = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}_{key}")
                };
                flatten(&path, value, out)?;
            }
            Ok(())
        }
        serde_json::Value::String(text) => {
            out.insert(prefix.to_string(), text.clone());
            Ok(())
        }
        other => Err(format!("`{prefix}` must be a string, not {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_locale_has_exactly_the_english_keys() {
        let english: BTreeSet<&String> = Lang::En.strings().keys().collect();
        assert!(english.len() > 50, "{} keys", english.len());
        for lang in [Lang::ZhHk, Lang::ZhCn] {
            let keys: BTreeSet<&String> = lang.strings().keys().collect();
            let missing: Vec<_> = english.difference(&keys).collect();
            let extra: Vec<_> = keys.difference(&english).collect();
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
            assert!(extra.is_empty(), "{lang} has unknown keys {extra:?}");
        }
    }

    #[test]
    fn no_chinese_string_is_left_in_english() {
        // Words that stay the same in every language (framework names, codes).
        let same = ["site_generator", "framework_hkex", "framework_gri"];
        for lang in [Lang::ZhHk, Lang::ZhCn] {
            for (key, text) in &lang.strings().words {
                if same.contains(&key.as_str()) || text.trim().is_empty() {
                    continue;
                }
                assert_ne!(
                    text,
                    Lang::En.strings().get(key),
                    "{lang} `{key}` is the English text"
                );
            }
        }
    }

    #[test]
    fn dates_and_periods_per_language() {
        let start = Date::parse("2025-01-01").unwrap();
        let end = Date::parse("2025-12-31").unwrap();
        assert_eq!(
            Lang::En.strings().period(start, Some(end)),
            "1 January 2025 to 31 December 2025"
        );
        assert_eq!(
            Lang::ZhHk.strings().period(start, Some(end)),
            "2025年1月1日至2025年12月31日"
        );
        assert_eq!(Lang::ZhCn.strings().date(end), "2025年12月31日");
        assert_eq!(Lang::En.strings().date(end), "31 December 2025");
    }

    #[test]
    fn tags_read_case_insensitively_and_free_tags_map_to_the_closest() {
        assert_eq!(Lang::parse("zh-HK"), Some(Lang::ZhHk));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::closest("zh-Hant"), Lang::ZhHk);
        assert_eq!(Lang::closest("zh-Hans"), Lang::ZhCn);
        assert_eq!(Lang::closest("fr"), Lang::En);
        assert_eq!(Lang::ZhCn.html_tag(), "zh-CN");
    }

    #[test]
    fn statuses_and_obligations_have_labels() {
        let zh = Lang::ZhHk.strings();
        for status in Status::ALL {
            assert!(!zh.status(status).starts_with("status_"), "{status:?}");
            assert_eq!(Lang::En.strings().status(status), status.label());
        }
        for obligation in [
            Obligation::Mandatory,
            Obligation::ComplyOrExplain,
            Obligation::Required,
            Obligation::Optional,
        ] {
            assert!(!zh.obligation(obligation).starts_with("obligation_"));
            assert_eq!(
                Lang::En.strings().obligation(obligation),
                obligation.label()
            );
        }
    }
}
