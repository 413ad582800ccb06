//! Front matter: the YAML block between `---` lines at the top of a section file.
//!
//! [`split`] separates it from the Markdown body; [`parse`] reads it into a
//! [`FrontMatter`] whose every code and omission keeps the line it was written on (lines of
//! the file, not of the YAML block). Codes are kept as written here; the catalog stage
//! resolves them, since only it knows which codes exist.

use crate::diag::{self, Diagnostics, KeySet};
use crate::model::Framework;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// The keys a section's front matter may hold.
pub const KEYS: KeySet = KeySet {
    known: &[
        "title",
        "description",
        "hkex",
        "gri",
        "omit",
        "translated-from",
    ],
    message: "unknown front-matter key `{}`",
    listing: "front matter keys are: {keys}",
};

/// The keys of the `omit` map.
const OMIT_KEYS: KeySet = KeySet {
    known: &["hkex", "gri"],
    message: "unknown key `{}` under omit",
    listing: "`omit` holds `hkex:` and `gri:` maps",
};

/// The keys of one omission written as a map.
const OMISSION_KEYS: KeySet = KeySet {
    known: &["reason", "explanation"],
    message: "unknown key `{}` in an omission",
    listing: "an omission holds `reason:` and `explanation:`",
};

/// A file split into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text, without the `---` lines; `None` when the file has no front matter.
    pub yaml: Option<&'a str>,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Separates front matter from the body. `text` has LF line endings and no BOM.
pub fn split<'a>(text: &'a str, file: &str, diags: &mut Diagnostics) -> Split<'a> {
    let no_front_matter = Split {
        yaml: None,
        body: text,
        body_line: 1,
    };
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() == "+++" {
        diags.push(
            diag::Code::FrontMatterSyntax
                .error(file, Some(1), "TOML front matter (`+++`) is not supported")
                .with_help("write the front matter as YAML between two `---` lines"),
        );
        return no_front_matter;
    }
    if first_line.trim_end() != "---" {
        return no_front_matter;
    }
    let yaml_start = first_line.len() + 1;
    let mut offset = yaml_start.min(text.len());
    for (index, line) in text[offset..].split_inclusive('\n').enumerate() {
        let content = line.trim_end();
        if content == "---" || content == "..." {
            let yaml = &text[yaml_start.min(offset)..offset];
            let body_start = offset + line.len();
            return Split {
                yaml: Some(yaml),
                body: &text[body_start..],
                body_line: index + 3,
            };
        }
        offset += line.len();
    }
    diags.push(
        diag::Code::FrontMatterSyntax
            .error(
                file,
                Some(1),
                "the front matter opened here is never closed",
            )
            .with_help("add a line with only `---` after the last front-matter line"),
    );
    Split {
        yaml: None,
        body: "",
        body_line: 1,
    }
}

/// A code written in front matter, with its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenCode {
    /// The text as written (numbers converted to text).
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// An `omit` entry: an item the report deliberately does not disclose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenOmission {
    /// The framework the entry sits under (`omit.hkex` or `omit.gri`).
    pub framework: Framework,
    /// The code omitted.
    pub code: WrittenCode,
    /// The reason, as written (GRI: one of four; HKEX: optional).
    pub reason: Option<WrittenCode>,
    /// The explanation; empty when none was given.
    pub explanation: String,
}

/// A section's front matter after parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `hkex` codes.
    pub hkex: Vec<WrittenCode>,
    /// `gri` codes.
    pub gri: Vec<WrittenCode>,
    /// `omit` entries.
    pub omissions: Vec<WrittenOmission>,
    /// `translated-from`: in a translation, the hash of the primary edition's text it was
    /// translated from (see `content::editions`).
    pub translated_from: Option<WrittenCode>,
}

/// Parses front matter YAML. `first_line` is the file line the YAML starts on, so
/// diagnostics point into the file. Problems go to `diags`.
pub fn parse(yaml: &str, first_line: usize, file: &str, diags: &mut Diagnostics) -> FrontMatter {
    let shift = |line: u32| first_line + (line.max(1) as usize) - 1;
    if yaml.trim().is_empty() {
        return FrontMatter::default();
    }
    let yaml = full_width_colons(yaml);
    let raw: RawFrontMatter = match serde_saphyr::from_str(&yaml) {
        Ok(raw) => raw,
        Err(err) => {
            let line = err.location().map(|l| shift(l.line() as u32));
            let message = yaml_message(&err);
            let help = yaml_help(&message);
            let mut d = diag::Code::FrontMatterSyntax.error(
                file,
                line.or(Some(first_line)),
                format!("invalid front matter: {message}"),
            );
            d.help = Some(help);
            diags.push(d);
            return FrontMatter::default();
        }
    };
    let code = |s: Spanned<Code>| WrittenCode {
        text: s.value.0,
        line: shift(s.referenced.line() as u32),
    };
    // `B8，B8.1` or `B8、B8.1` (a Chinese keyboard's commas) is two codes.
    let codes = |list: Vec<Spanned<Code>>| -> Vec<WrittenCode> {
        list.into_iter()
            .map(code)
            .flat_map(|written| {
                written
                    .text
                    .split(FULL_WIDTH_COMMAS)
                    .map(|part| WrittenCode {
                        text: part.to_string(),
                        line: written.line,
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    for key in &raw.unknown {
        diags.push(KEYS.unknown(file, shift(key.referenced.line() as u32), &key.value));
    }
    let mut out = FrontMatter {
        title: raw
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        description: raw.description,
        hkex: codes(raw.hkex),
        gri: codes(raw.gri),
        omissions: Vec::new(),
        translated_from: raw.translated_from.map(code),
    };
    if let Some(omit) = raw.omit {
        for key in &omit.unknown {
            diags.push(OMIT_KEYS.unknown(file, shift(key.referenced.line() as u32), &key.value));
        }
        for (framework, entries) in [(Framework::Hkex, omit.hkex), (Framework::Gri, omit.gri)] {
            for entry in entries {
                for key in &entry.unknown {
                    diags.push(OMISSION_KEYS.unknown(
                        file,
                        shift(key.referenced.line() as u32),
                        &key.value,
                    ));
                }
                out.omissions.push(WrittenOmission {
                    framework,
                    code: code(entry.code),
                    reason: entry.reason.map(|r| WrittenCode {
                        text: r.value,
                        line: shift(r.referenced.line() as u32),
                    }),
                    explanation: entry.explanation.unwrap_or_default().trim().to_string(),
                });
            }
        }
    }
    out
}

/// The commas a Chinese keyboard types: full-width `，` and the enumeration comma `、`.
const FULL_WIDTH_COMMAS: [char; 2] = ['，', '、'];

/// Accepts a full-width colon `：` after a key (`hkex：[A1]`, `A2.5：不重要`), as a Chinese
/// keyboard types it: when the text before the first `：` of a line is a plain key (ASCII
/// letters, digits, `.`, `-`, `_`, quotes) with no `:` of its own, that `：` becomes `: `.
/// Lines are kept, so diagnostics still point at the file's lines.
fn full_width_colons(yaml: &str) -> std::borrow::Cow<'_, str> {
    if !yaml.contains('：') {
        return yaml.into();
    }
    let fixed: Vec<String> = yaml
        .split('\n')
        .map(|line| match line.split_once('：') {
            Some((key, rest)) => {
                let bare = key.trim_start().trim_start_matches("- ").trim();
                let plain = !bare.is_empty()
                    && bare.chars().all(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '"' | '\'' | ' ')
                    });
                if plain {
                    format!("{key}: {rest}")
                } else {
                    line.to_string()
                }
            }
            None => line.to_string(),
        })
        .collect();
    fixed.join("\n").into()
}

/// The parser's message without its position prefix and source snippet.
fn yaml_message(err: &serde_saphyr::Error) -> String {
    let text = err.without_snippet().to_string();
    let first = text.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // "line 3 column 7: message" -> "message"
    let message = match first.split_once(": ") {
        Some((place, rest)) if place.starts_with("line ") => rest,
        _ => first,
    };
    // The YAML parser counts lines from the start of the front matter; the diagnostic
    // already carries the file line, so its own position would only confuse.
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    };
    // The parser's advice is for programmers using it ("set DuplicateKeyPolicy in
    // Options", "use from_str_multiple"): keep only what a writer can act on.
    let message = message.split(", set ").next().unwrap_or(message);
    if message.starts_with("multiple YAML documents") {
        return "a `---` line inside the front matter starts a second YAML document".into();
    }
    message.to_string()
}

fn yaml_help(message: &str) -> String {
    let lower = message.to_ascii_lowercase();
    if lower.contains("mapping values are not allowed") {
        "text that contains `: ` must be in quotes, e.g. `A2.5: \"Not material: we ship in bulk\"`"
            .into()
    } else if lower.contains("duplicate") {
        "each key may appear once: merge the two entries".into()
    } else if lower.contains("second yaml document") {
        "the front matter ends at the first line holding only `---`: remove the other one".into()
    } else if lower.contains("tab") {
        "YAML does not allow tabs for indentation: indent with spaces".into()
    } else if lower.contains("mapping") && lower.contains("expected") {
        "front matter is `key: value` lines, e.g. `hkex: [A1, A1.1]`".into()
    } else if lower.contains("sequence") {
        "list codes in brackets, e.g. `hkex: [A1, A1.1]`, or one per line starting with `- `".into()
    } else {
        "check the indentation and quoting on that line; codes with `:` or `#` need quotes".into()
    }
}

/// A code as YAML gives it: text, or a number such as `305`.
#[derive(Debug)]
struct Code(String);

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct CodeVisitor;
        impl Visitor<'_> for CodeVisitor {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a code such as A1.1 or 305-1")
            }
            fn visit_str<E>(self, v: &str) -> Result<Code, E> {
                Ok(Code(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Code, E> {
                Ok(Code(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Code, E> {
                Ok(Code(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Code, E> {
                Ok(Code(v.to_string()))
            }
        }
        d.deserialize_any(CodeVisitor)
    }
}

fn unplaced(text: String) -> Spanned<Code> {
    Spanned::new(
        Code(text),
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )
}

/// Gives codes written without brackets (so without a position of their own) the line of
/// their key.
fn place(codes: Vec<Spanned<Code>>, key: &Spanned<String>) -> Vec<Spanned<Code>> {
    codes
        .into_iter()
        .map(|c| {
            if c.referenced.line() == 0 {
                Spanned::new(c.value, key.referenced, key.referenced)
            } else {
                c
            }
        })
        .collect()
}

/// `hkex:` / `gri:` value: a list of codes, or a single code.
struct CodeList(Vec<Spanned<Code>>);

impl<'de> Deserialize<'de> for CodeList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = CodeList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of codes such as [A1, A1.1]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CodeList, A::Error> {
                let mut out = Vec::new();
                while let Some(code) = seq.next_element::<Spanned<Code>>()? {
                    out.push(code);
                }
                Ok(CodeList(out))
            }
            fn visit_unit<E>(self) -> Result<CodeList, E> {
                Ok(CodeList(Vec::new()))
            }
            fn visit_none<E>(self) -> Result<CodeList, E> {
                Ok(CodeList(Vec::new()))
            }
            // A single code without brackets; its line is the key's, filled in by the caller.
            fn visit_str<E>(self, v: &str) -> Result<CodeList, E> {
                Ok(CodeList(vec![unplaced(v.to_string())]))
            }
            fn visit_i64<E>(self, v: i64) -> Result<CodeList, E> {
                Ok(CodeList(vec![unplaced(v.to_string())]))
            }
            fn visit_u64<E>(self, v: u64) -> Result<CodeList, E> {
                Ok(CodeList(vec![unplaced(v.to_string())]))
            }
            fn visit_f64<E>(self, v: f64) -> Result<CodeList, E> {
                Ok(CodeList(vec![unplaced(v.to_string())]))
            }
        }
        d.deserialize_any(ListVisitor)
    }
}

/// Reads a YAML map key by key. `field` reads the value of each key it knows and returns
/// `false` for any other key, whose value is then skipped; those keys are returned with
/// their positions, for [`KeySet::unknown`]. Every map of the front matter is read this way,
/// so that all unknown keys are reported rather than the first aborting the parse.
fn read_map<'de, A: MapAccess<'de>>(
    map: &mut A,
    mut field: impl FnMut(&Spanned<String>, &mut A) -> Result<bool, A::Error>,
) -> Result<Vec<Spanned<String>>, A::Error> {
    let mut unknown = Vec::new();
    while let Some(key) = map.next_key::<Spanned<String>>()? {
        if !field(&key, map)? {
            map.next_value::<IgnoredAny>()?;
            unknown.push(key);
        }
    }
    Ok(unknown)
}

#[derive(Default)]
struct RawFrontMatter {
    title: Option<String>,
    description: Option<String>,
    hkex: Vec<Spanned<Code>>,
    gri: Vec<Spanned<Code>>,
    omit: Option<RawOmit>,
    translated_from: Option<Spanned<Code>>,
    unknown: Vec<Spanned<String>>,
}

// Hand-written so that every unknown key is collected (with its line) instead of the first
// one aborting the parse.
impl<'de> Deserialize<'de> for RawFrontMatter {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FmVisitor;
        impl<'de> Visitor<'de> for FmVisitor {
            type Value = RawFrontMatter;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`key: value` lines")
            }
            fn visit_unit<E>(self) -> Result<RawFrontMatter, E> {
                Ok(RawFrontMatter::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFrontMatter, A::Error> {
                let mut out = RawFrontMatter::default();
                out.unknown = read_map(&mut map, |key, map| {
                    match key.value.as_str() {
                        "title" => out.title = map.next_value::<Option<Code>>()?.map(|c| c.0),
                        "description" => out.description = map.next_value::<Option<String>>()?,
                        "hkex" => out.hkex.extend(place(map.next_value::<CodeList>()?.0, key)),
                        "gri" => out.gri.extend(place(map.next_value::<CodeList>()?.0, key)),
                        "omit" => out.omit = map.next_value::<Option<RawOmit>>()?,
                        "translated-from" => {
                            out.translated_from = map.next_value::<Option<Spanned<Code>>>()?
                        }
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?;
                Ok(out)
            }
        }
        d.deserialize_map(FmVisitor)
    }
}

#[derive(Default)]
struct RawOmit {
    hkex: Vec<RawOmission>,
    gri: Vec<RawOmission>,
    unknown: Vec<Spanned<String>>,
}

impl<'de> Deserialize<'de> for RawOmit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OmitVisitor;
        impl<'de> Visitor<'de> for OmitVisitor {
            type Value = RawOmit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`hkex:` and `gri:` maps of code: explanation")
            }
            fn visit_unit<E>(self) -> Result<RawOmit, E> {
                Ok(RawOmit::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawOmit, A::Error> {
                let mut out = RawOmit::default();
                out.unknown = read_map(&mut map, |key, map| {
                    let list = match key.value.as_str() {
                        "hkex" => &mut out.hkex,
                        "gri" => &mut out.gri,
                        _ => return Ok(false),
                    };
                    list.extend(
                        map.next_value::<Option<OmissionMap>>()?
                            .map(|m| m.0)
                            .unwrap_or_default(),
                    );
                    Ok(true)
                })?;
                Ok(out)
            }
        }
        d.deserialize_map(OmitVisitor)
    }
}

struct RawOmission {
    code: Spanned<Code>,
    reason: Option<Spanned<String>>,
    explanation: Option<String>,
    unknown: Vec<Spanned<String>>,
}

struct OmissionMap(Vec<RawOmission>);

impl<'de> Deserialize<'de> for OmissionMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = OmissionMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`CODE: explanation` lines")
            }
            fn visit_unit<E>(self) -> Result<OmissionMap, E> {
                Ok(OmissionMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OmissionMap, A::Error> {
                let mut out = Vec::new();
                while let Some(code) = map.next_key::<Spanned<Code>>()? {
                    let value = map.next_value::<OmissionValue>()?;
                    out.push(RawOmission {
                        code,
                        reason: value.reason,
                        explanation: value.explanation,
                        unknown: value.unknown,
                    });
                }
                Ok(OmissionMap(out))
            }
        }
        d.deserialize_map(MapVisitor)
    }
}

#[derive(Default)]
struct OmissionValue {
    reason: Option<Spanned<String>>,
    explanation: Option<String>,
    unknown: Vec<Spanned<String>>,
}

impl<'de> Deserialize<'de> for OmissionValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = OmissionValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an explanation, or `reason:` and `explanation:`")
            }
            fn visit_str<E>(self, v: &str) -> Result<OmissionValue, E> {
                Ok(OmissionValue {
                    explanation: Some(v.to_string()),
                    ..Default::default()
                })
            }
            fn visit_unit<E>(self) -> Result<OmissionValue, E> {
                Ok(OmissionValue::default())
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OmissionValue, E> {
                Ok(OmissionValue {
                    explanation: Some(v.to_string()),
                    ..Default::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OmissionValue, A::Error> {
                let mut out = OmissionValue::default();
                out.unknown = read_map(&mut map, |key, map| {
                    match key.value.as_str() {
                        "reason" => out.reason = map.next_value::<Option<Spanned<String>>>()?,
                        "explanation" => out.explanation = map.next_value::<Option<String>>()?,
                        _ => return Ok(false),
                    }
                    Ok(true)
                })?;
                Ok(out)
            }
        }
        d.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_and_its_line() {
        let mut diags = Diagnostics::new();
        let s = split("---\ntitle: A\n---\n# Body\n", "f.md", &mut diags);
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
        let none = split("# Only body\n", "f.md", &mut diags);
        assert_eq!(none.yaml, None);
        assert!(diags.is_empty());
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let mut diags = Diagnostics::new();
        split("---\ntitle: A\n# Body\n", "f.md", &mut diags);
        assert_eq!(
            diags.errors()[0].to_text(),
            "error: f.md:1: the front matter opened here is never closed\n  help: add a line with only `---` after the last front-matter line"
        );
    }

    #[test]
    fn full_width_punctuation_is_read_as_a_chinese_keyboard_means_it() {
        let mut diags = Diagnostics::new();
        let yaml = "title：環境：概覽\nhkex：[B8，B8.1、 B8.2]\nomit:\n  hkex:\n    A2.5：不重要\n";
        let fm = parse(yaml, 2, "f.md", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.title.as_deref(), Some("環境：概覽"));
        let codes: Vec<(&str, usize)> = fm.hkex.iter().map(|c| (c.text.as_str(), c.line)).collect();
        assert_eq!(codes, [("B8", 3), ("B8.1", 3), (" B8.2", 3)]);
        assert_eq!(fm.omissions[0].code.text, "A2.5");
        assert_eq!(fm.omissions[0].explanation, "不重要");
    }

    #[test]
    fn codes_keep_file_lines() {
        let mut diags = Diagnostics::new();
        let yaml = "title: Waste\nhkex: [A1, \"KPI A1.1\"]\ngri:\n  - 305\n  - \"305-1\"\nomit:\n  hkex:\n    A2.5: Not material\n  gri:\n    \"304\":\n      reason: not-applicable\n      explanation: No protected areas\n";
        let fm = parse(yaml, 2, "f.md", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.title.as_deref(), Some("Waste"));
        assert_eq!(
            fm.hkex,
            vec![
                WrittenCode {
                    text: "A1".into(),
                    line: 3
                },
                WrittenCode {
                    text: "KPI A1.1".into(),
                    line: 3
                }
            ]
        );
        assert_eq!(
            fm.gri[0],
            WrittenCode {
                text: "305".into(),
                line: 5
            }
        );
        assert_eq!(fm.gri[1].line, 6);
        assert_eq!(fm.omissions.len(), 2);
        assert_eq!(fm.omissions[0].code.line, 9);
        assert_eq!(fm.omissions[0].explanation, "Not material");
        assert_eq!(
            fm.omissions[1].reason.as_ref().unwrap().text,
            "not-applicable"
        );
        assert_eq!(fm.omissions[1].reason.as_ref().unwrap().line, 12);
    }

    #[test]
    fn every_unknown_key_is_reported() {
        let mut diags = Diagnostics::new();
        parse("tilte: A\nhkx: [A1]\n", 2, "f.md", &mut diags);
        let errors = diags.errors();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(errors[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(errors[1].line, Some(3));
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let mut diags = Diagnostics::new();
        parse("title: A\nhkex: [A1\n", 2, "f.md", &mut diags);
        let error = &diags.errors()[0];
        assert!(
            error.message.starts_with("invalid front matter"),
            "{}",
            error.message
        );
        assert!(matches!(error.line, Some(2..=4)));
        let mut diags = Diagnostics::new();
        parse("title: A\n\thkex: [A1]\n", 2, "f.md", &mut diags);
        assert!(diags.has_errors());
    }

    #[test]
    fn yaml_messages_drop_the_parsers_programming_advice() {
        let mut diags = Diagnostics::new();
        parse("hkex: [A1]\nhkex: [A2]\n", 2, "f.md", &mut diags);
        let error = &diags.errors()[0];
        assert_eq!(error.line, Some(3));
        assert_eq!(
            error.message,
            "invalid front matter: duplicate mapping key: hkex"
        );
        assert_eq!(
            error.help.as_deref(),
            Some("each key may appear once: merge the two entries")
        );
    }

    #[test]
    fn a_single_code_and_empty_values_are_accepted() {
        let mut diags = Diagnostics::new();
        let fm = parse("hkex: A1\ngri:\nomit:\n", 2, "f.md", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        parse("omit:\n  hkex:\n  gri:\n", 2, "f.md", &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.hkex.len(), 1);
        assert!(fm.gri.is_empty());
    }
}
