//! The Chinese text of the catalogs and, once `locales/` has them, of the site strings.
//!
//! The Traditional Chinese files (`catalogs/<id>.zh-hk.yaml`, `locales/zh-hk.yaml` or
//! `locales/<name>.zh-hk.yaml`) are written by hand. Their Simplified Chinese siblings
//! (`*.zh-cn.yaml`) are derived: every string converted by `zhconv` to zh-CN (MediaWiki's
//! zh-cn tables: characters and mainland vocabulary), `language: zh-cn`, and the hand corrections
//! a reader made where the conversion is wrong, kept in the zh-cn file's top-level `reviewed:`
//! map (`items.A1.title: "…"`). The tests here hold the zh-cn files to exactly that, and hold
//! each zh-hk catalog file to exactly the ids, keys and counts of its catalog.
//!
//! After editing a zh-hk file, `ESGBOOK_DERIVE_ZH_CN=1 cargo test --manifest-path tools/zh-cn/Cargo.toml` rewrites
//! the zh-cn files (keeping their `reviewed:` entries) instead of comparing.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Set to `1`, the derivation test writes the zh-cn files instead of checking them.
const DERIVE_VAR: &str = "ESGBOOK_DERIVE_ZH_CN";
/// The top-level key of a zh-cn file that holds the hand corrections.
const REVIEWED: &str = "reviewed";

/// A YAML document of strings, lists and maps, map entries in file order (so that a written
/// zh-cn file keeps the layout and order of its zh-hk source).
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a list or a map (translation files hold quoted strings only)")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        Ok(Value::Str(text.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

impl Value {
    fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    fn keys(&self) -> Vec<&str> {
        match self {
            Value::Map(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

/// The Simplified Chinese (mainland) form of a zh-hk document: every string converted, keys and
/// layout unchanged.
fn derive(zh_hk: &Value) -> Value {
    match zh_hk {
        Value::Str(text) => Value::Str(zhconv::zhconv(text, zhconv::Variant::ZhCN)),
        Value::List(items) => Value::List(items.iter().map(derive).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(key, value)| (key.clone(), derive(value)))
                .collect(),
        ),
    }
}

/// The zh-cn document for a zh-hk one: its conversion, `language: zh-cn` where the document
/// names its language, and the `reviewed` corrections applied. A correction whose path names no
/// string, or that says what the conversion already says, is a problem.
fn derive_file(zh_hk: &Value, reviewed: &[(String, String)]) -> Result<Value, Vec<String>> {
    let mut doc = derive(zh_hk);
    if let Value::Map(entries) = &mut doc {
        for (key, value) in entries.iter_mut() {
            if key == "language" {
                *value = Value::Str("zh-cn".into());
            }
        }
    }
    let mut problems = Vec::new();
    for (path, text) in reviewed {
        match resolve(&doc, path).map(|steps| at_mut(&mut doc, &steps)) {
            Some(Value::Str(converted)) if converted == text => problems.push(format!(
                "{REVIEWED}.{path}: the conversion already gives \"{text}\"; remove the entry"
            )),
            Some(Value::Str(converted)) => *converted = text.clone(),
            Some(other) => problems.push(format!(
                "{REVIEWED}.{path}: names {}, not a string",
                other.kind()
            )),
            None => problems.push(format!(
                "{REVIEWED}.{path}: no such entry in the zh-hk file"
            )),
        }
    }
    if problems.is_empty() {
        Ok(doc)
    } else {
        Err(problems)
    }
}

/// The positions (map entry or list index) leading to the node at `path`: keys joined by `.`,
/// list elements by their index. Keys may contain dots themselves (`items.A1.1.title`): the
/// longest key that leads to a node is taken.
fn resolve(value: &Value, path: &str) -> Option<Vec<usize>> {
    if path.is_empty() {
        return Some(Vec::new());
    }
    let mut candidates: Vec<(usize, &str, &Value)> = match value {
        Value::Map(entries) => entries
            .iter()
            .enumerate()
            .filter_map(|(i, (key, child))| {
                let rest = path.strip_prefix(key.as_str())?;
                let rest = if rest.is_empty() {
                    rest
                } else {
                    rest.strip_prefix('.')?
                };
                Some((i, rest, child))
            })
            .collect(),
        Value::List(items) => {
            let (head, rest) = path.split_once('.').unwrap_or((path, ""));
            let i: usize = head.parse().ok()?;
            vec![(i, rest, items.get(i)?)]
        }
        Value::Str(_) => Vec::new(),
    };
    candidates.sort_by_key(|(_, rest, _)| rest.len());
    candidates.into_iter().find_map(|(i, rest, child)| {
        let mut steps = resolve(child, rest)?;
        steps.insert(0, i);
        Some(steps)
    })
}

/// The node reached by `steps` (from `resolve` on the same document).
fn at_mut<'a>(value: &'a mut Value, steps: &[usize]) -> &'a mut Value {
    match (steps.split_first(), value) {
        (None, value) => value,
        (Some((i, rest)), Value::Map(entries)) => at_mut(&mut entries[*i].1, rest),
        (Some((i, rest)), Value::List(items)) => at_mut(&mut items[*i], rest),
        (Some(_), value) => value,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Every place where `found` differs from `expected`, by path (the path a `reviewed:` entry
/// takes).
fn differences(expected: &Value, found: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, found) {
        (Value::Str(e), Value::Str(f)) if e != f => {
            out.push(format!("{path}: expected \"{e}\", found \"{f}\""))
        }
        (Value::Str(_), Value::Str(_)) => {}
        (Value::List(e), Value::List(f)) => {
            if e.len() != f.len() {
                out.push(format!(
                    "{path}: expected {} entries, found {}",
                    e.len(),
                    f.len()
                ));
            }
            for (i, (e, f)) in e.iter().zip(f).enumerate() {
                differences(e, f, &join(path, &i.to_string()), out);
            }
        }
        (Value::Map(e), Value::Map(f)) => {
            if let Some(problem) = key_problem(&expected.keys(), &found.keys()) {
                out.push(format!("{path}: {problem}"));
            }
            for (key, e) in e {
                if let Some((_, f)) = f.iter().find(|(k, _)| k == key) {
                    differences(e, f, &join(path, key), out);
                }
            }
        }
        (e, f) => out.push(format!("{path}: expected {}, found {}", e.kind(), f.kind())),
    }
}

/// What is wrong with a map's keys, if anything: those missing, those extra, or the order.
fn key_problem(expected: &[&str], found: &[&str]) -> Option<String> {
    if expected == found {
        return None;
    }
    let missing: Vec<&str> = expected
        .iter()
        .filter(|k| !found.contains(k))
        .copied()
        .collect();
    let extra: Vec<&str> = found
        .iter()
        .filter(|k| !expected.contains(k))
        .copied()
        .collect();
    Some(match (missing.is_empty(), extra.is_empty()) {
        (true, true) => format!("keys out of order: expected {expected:?}"),
        (false, true) => format!("missing {missing:?}"),
        (true, false) => format!("unknown {extra:?}"),
        (false, false) => format!("missing {missing:?}, unknown {extra:?}"),
    })
}

/// A key written bare where YAML reads it back as the same string, quoted otherwise.
fn yaml_key(key: &str) -> String {
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && !matches!(
            key.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "true" | "false" | "on" | "off" | "null"
        );
    if plain { key.to_owned() } else { yaml_str(key) }
}

/// A double-quoted YAML string (JSON's escapes are a subset of YAML's).
fn yaml_str(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

fn flow(value: &Value) -> String {
    match value {
        Value::Str(text) => yaml_str(text),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_key(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Writes a map in block style: top-level sections and their entries one per line; lists, and
/// maps of strings below the first level (an item's `{heading, title}`), in flow style on one
/// line, as the zh-hk files are laid out.
fn block(out: &mut String, entries: &[(String, Value)], depth: usize) {
    let indent = "  ".repeat(depth);
    for (key, value) in entries {
        let key = yaml_key(key);
        match value {
            Value::Map(inner)
                if !inner.is_empty()
                    && (depth == 0 || inner.iter().any(|(_, v)| !matches!(v, Value::Str(_)))) =>
            {
                let _ = writeln!(out, "{indent}{key}:");
                block(out, inner, depth + 1);
            }
            _ => {
                let _ = writeln!(out, "{indent}{key}: {}", flow(value));
            }
        }
    }
}

/// The text of a zh-cn file: the generated-file header, the document, then `reviewed:`.
fn to_yaml(source: &str, doc: &Value, reviewed: &[(String, String)]) -> String {
    let mut out = format!(
        "# GENERATED from {source}: Simplified Chinese, mainland usage.\n\
         # Every string is the zhconv (zh-CN) conversion of the zh-hk text, except the hand\n\
         # corrections under `reviewed:` at the end.\n\
         # Do not edit the text above `reviewed:`. Edit the zh-hk file, then run\n\
         #   ESGBOOK_DERIVE_ZH_CN=1 cargo test --manifest-path tools/zh-cn/Cargo.toml\n\
         # To correct a wrong conversion, add `PATH: \"corrected text\"` under `reviewed:` (PATH as\n\
         # `cargo test --manifest-path tools/zh-cn/Cargo.toml` prints it, e.g. items.A1.title) and run the command above.\n\
         # After editing a zh-hk text that has a correction, check the correction again.\n"
    );
    if let Value::Map(entries) = doc {
        block(&mut out, entries, 0);
    }
    if !reviewed.is_empty() {
        out.push_str(&format!("{REVIEWED}:\n"));
        for (path, text) in reviewed {
            let _ = writeln!(out, "  {}: {}", yaml_key(path), yaml_str(text));
        }
    }
    out
}

/// The zh-cn document without its `reviewed:` map, and that map's entries.
fn split_reviewed(zh_cn: Value) -> Result<(Value, Vec<(String, String)>), String> {
    let Value::Map(mut entries) = zh_cn else {
        return Err(format!("the document is {}, not a map", zh_cn.kind()));
    };
    let Some(at) = entries.iter().position(|(k, _)| k == REVIEWED) else {
        return Ok((Value::Map(entries), Vec::new()));
    };
    let (_, reviewed) = entries.remove(at);
    let Value::Map(reviewed) = reviewed else {
        return Err(format!("`{REVIEWED}:` is {}, not a map", reviewed.kind()));
    };
    let reviewed = reviewed
        .into_iter()
        .map(|(path, text)| match text {
            Value::Str(text) => Ok((path, text)),
            other => Err(format!(
                "{REVIEWED}.{path} is {}, not a string",
                other.kind()
            )),
        })
        .collect::<Result<_, _>>()?;
    Ok((Value::Map(entries), reviewed))
}

/// The esgbook repository: this package lives in `tools/zh-cn/`.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn load(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", relative(path)))?;
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", relative(path)))
}

/// The sibling of a translation file in another language (`x.zh-hk.yaml` → `x.zh-cn.yaml`,
/// `zh-hk.yaml` → `zh-cn.yaml`), or None for any other file.
fn sibling(path: &Path, from: &str, to: &str) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(&format!("{from}.yaml"))?;
    (stem.is_empty() || stem.ends_with('.'))
        .then(|| path.with_file_name(format!("{stem}{to}.yaml")))
}

/// The translation files of `catalogs/` and `locales/` in one language, sorted.
fn files_in(language: &str) -> Vec<PathBuf> {
    // locales/zh-cn.yaml (esgbook's own words) is written by hand, not derived.
    let mut files: Vec<PathBuf> = ["catalogs"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(repo().join(dir)).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| sibling(path, language, language).is_some())
        .collect();
    files.sort();
    files
}

/// Checks one zh-cn file against its zh-hk source, or writes it when regenerating.
fn check_pair(zh_hk: &Path, zh_cn: &Path, regenerate: bool) -> Vec<String> {
    let source = match load(zh_hk) {
        Ok(source) => source,
        Err(problem) => return vec![problem],
    };
    let existing = if zh_cn.exists() {
        match load(zh_cn).and_then(split_reviewed) {
            Ok(existing) => Some(existing),
            Err(problem) => return vec![format!("{}: {problem}", relative(zh_cn))],
        }
    } else {
        None
    };
    let reviewed = existing.as_ref().map_or(&[][..], |(_, r)| &r[..]);
    let expected = match derive_file(&source, reviewed) {
        Ok(expected) => expected,
        Err(problems) => {
            return problems
                .into_iter()
                .map(|p| format!("{}: {p}", relative(zh_cn)))
                .collect();
        }
    };
    if regenerate {
        let text = to_yaml(&relative(zh_hk), &expected, reviewed);
        std::fs::write(zh_cn, text).unwrap_or_else(|e| panic!("{}: {e}", relative(zh_cn)));
        return Vec::new();
    }
    let Some((found, _)) = existing else {
        return vec![format!(
            "{}: missing; run `{DERIVE_VAR}=1 cargo test --manifest-path tools/zh-cn/Cargo.toml`",
            relative(zh_cn)
        )];
    };
    let mut diffs = Vec::new();
    differences(&expected, &found, "", &mut diffs);
    diffs
        .into_iter()
        .map(|d| format!("{}: {d}", relative(zh_cn)))
        .collect()
}

#[test]
fn zh_cn_files_are_the_conversion_of_zh_hk_with_the_reviewed_corrections() {
    let regenerate = std::env::var(DERIVE_VAR).is_ok_and(|v| v == "1");
    let sources = files_in("zh-hk");
    assert!(
        sources.len() >= 4,
        "expected the four catalogs' zh-hk files, found {sources:?}"
    );
    let mut problems = Vec::new();
    for zh_hk in &sources {
        let zh_cn = sibling(zh_hk, "zh-hk", "zh-cn").unwrap_or_else(|| panic!("{zh_hk:?}"));
        problems.extend(check_pair(zh_hk, &zh_cn, regenerate));
    }
    for zh_cn in files_in("zh-cn") {
        if sibling(&zh_cn, "zh-cn", "zh-hk").is_none_or(|hk| !hk.exists()) {
            problems.push(format!(
                "{}: no zh-hk file to derive it from",
                relative(&zh_cn)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "the zh-cn files are not the conversion of their zh-hk sources (after editing a zh-hk \
         file run `{DERIVE_VAR}=1 cargo test --manifest-path tools/zh-cn/Cargo.toml`; to correct a conversion add \
         `PATH: \"text\"` under `{REVIEWED}:`):\n{}",
        problems.join("\n")
    );
}

/// The `{name}` placeholders of a label, sorted.
fn placeholders(label: &str) -> Vec<&str> {
    let mut names: Vec<&str> = label
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names
}

fn has_han(text: &str) -> bool {
    text.chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c))
}

/// A translated text: a non-empty string with Chinese in it.
fn check_text(value: Option<&Value>, path: &str, problems: &mut Vec<String>) {
    match value {
        None => problems.push(format!("{path}: missing")),
        Some(Value::Str(text)) if has_han(text) => {}
        Some(Value::Str(text)) => problems.push(format!("{path}: \"{text}\" has no Chinese")),
        Some(other) => problems.push(format!("{path}: {}, not a string", other.kind())),
    }
}

fn check_keys(found: Option<&Value>, expected: &[&str], path: &str, problems: &mut Vec<String>) {
    let keys = found.map(Value::keys).unwrap_or_default();
    if let Some(problem) = key_problem(expected, &keys) {
        problems.push(format!("{path}: {problem}"));
    }
}

/// The strings of a list in the English catalog (`items[].id`), in order.
fn json_strs<'a>(list: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    list.as_array()
        .map(|items| items.iter().filter_map(|i| i[field].as_str()).collect())
        .unwrap_or_default()
}

/// Everything wrong with a zh-hk catalog file against its English catalog: ids, keys and
/// counts, and text that is missing or has no Chinese.
fn catalog_translation_problems(english: &serde_json::Value, zh_hk: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let rules = &english["rules"];
    check_keys(
        Some(zh_hk),
        &[
            "catalog", "language", "title", "omission", "index", "labels", "groups", "items",
        ],
        "(top level)",
        p,
    );
    let id = english["id"].as_str().unwrap_or_default();
    if zh_hk.get("catalog").and_then(Value::as_str) != Some(id) {
        p.push(format!("catalog: expected \"{id}\""));
    }
    if zh_hk.get("language").and_then(Value::as_str) != Some("zh-hk") {
        p.push("language: expected \"zh-hk\"".into());
    }
    check_text(zh_hk.get("title"), "title", p);

    let reasons = json_strs(&rules["omission"]["reasons"], "id");
    let omission = zh_hk.get("omission");
    check_keys(omission, &reasons, "omission", p);
    for reason in &reasons {
        check_text(
            omission.and_then(|o| o.get(reason)),
            &format!("omission.{reason}"),
            p,
        );
    }

    let index = zh_hk.get("index");
    let group_heading = rules["index"].get("group-heading").is_some();
    let index_keys: &[&str] = if group_heading {
        &["headings", "group-heading"]
    } else {
        &["headings"]
    };
    check_keys(index, index_keys, "index", p);
    let count = rules["index"]["headings"].as_array().map_or(0, Vec::len);
    match index.and_then(|i| i.get("headings")) {
        Some(Value::List(headings)) if headings.len() == count => {
            for (i, heading) in headings.iter().enumerate() {
                check_text(Some(heading), &format!("index.headings.{i}"), p);
            }
        }
        _ => p.push(format!(
            "index.headings: expected a list of {count} headings"
        )),
    }
    if group_heading {
        check_text(
            index.and_then(|i| i.get("group-heading")),
            "index.group-heading",
            p,
        );
    }

    let english_labels = rules["labels"].as_object();
    let label_keys: Vec<&str> = english_labels
        .map(|l| l.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let labels = zh_hk.get("labels");
    // serde_json sorts an object's keys: compare the label keys sorted.
    let mut found_label_keys = labels.map(Value::keys).unwrap_or_default();
    found_label_keys.sort_unstable();
    if let Some(problem) = key_problem(&label_keys, &found_label_keys) {
        p.push(format!("labels: {problem}"));
    }
    for (key, label) in english_labels.into_iter().flatten() {
        let english = label.as_str().unwrap_or_default();
        match labels.and_then(|l| l.get(key)).and_then(Value::as_str) {
            Some(chinese) if placeholders(chinese) == placeholders(english) => {}
            Some(chinese) => p.push(format!(
                "labels.{key}: \"{chinese}\" must keep the placeholders of \"{english}\""
            )),
            None => p.push(format!("labels.{key}: missing")),
        }
    }

    let group_ids = json_strs(&english["groups"], "id");
    let groups = zh_hk.get("groups");
    check_keys(groups, &group_ids, "groups", p);
    for group in &group_ids {
        check_text(
            groups.and_then(|g| g.get(group)),
            &format!("groups.{group}"),
            p,
        );
    }

    let english_items = english["items"].as_array().map_or(&[][..], Vec::as_slice);
    let item_ids = json_strs(&english["items"], "id");
    let items = zh_hk.get("items");
    check_keys(items, &item_ids, "items", p);
    for item in english_items {
        let id = item["id"].as_str().unwrap_or_default();
        // A missing id is reported once, with the item keys above.
        let Some(entry) = items.and_then(|i| i.get(id)) else {
            continue;
        };
        // `title` always; `heading`, `topic-title` and `label` exactly where the English has them.
        let fields: Vec<&str> = ["heading", "title", "topic-title", "label"]
            .into_iter()
            .filter(|f| *f == "title" || item.get(*f).is_some())
            .collect();
        check_keys(Some(entry), &fields, &format!("items.{id}"), p);
        for field in fields.iter().filter(|f| **f != "label") {
            check_text(entry.get(field), &format!("items.{id}.{field}"), p);
        }
    }
    problems
}

#[test]
fn every_catalog_has_zh_hk_text_for_exactly_its_ids_keys_and_headings() {
    let catalogs: Vec<PathBuf> = std::fs::read_dir(repo().join("catalogs"))
        .expect("catalogs/")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            name.ends_with(".yaml") && name.matches('.').count() == 1
        })
        .collect();
    assert_eq!(catalogs.len(), 4, "{catalogs:?}");
    let mut problems = Vec::new();
    let mut counts = Vec::new();
    for path in &catalogs {
        let text = std::fs::read_to_string(path).expect("catalog");
        let english: serde_json::Value =
            serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", relative(path)));
        let zh_hk_path = path.with_extension("zh-hk.yaml");
        let zh_hk = match load(&zh_hk_path) {
            Ok(zh_hk) => zh_hk,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let id = english["id"].as_str().unwrap_or_default().to_owned();
        counts.push((id, zh_hk.get("items").map_or(0, |i| i.keys().len())));
        problems.extend(
            catalog_translation_problems(&english, &zh_hk)
                .into_iter()
                .map(|p| format!("{}: {p}", relative(&zh_hk_path))),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    counts.sort();
    assert_eq!(
        counts,
        [
            ("gri-2016".to_owned(), 186),
            ("gri-2021".to_owned(), 180),
            ("hkex-esg-2020".to_owned(), 51),
            ("hkex-esg-2025".to_owned(), 68),
        ]
    );
}

fn parse(yaml: &str) -> Value {
    serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"))
}

#[test]
fn derive_converts_every_string_to_mainland_simplified_and_keeps_keys() {
    let zh_hk = parse(
        "language: zh-hk\nitems:\n  A1.1: {title: \"溫室氣體排放\"}\n  B6: {title: \"客戶私隱\"}\n",
    );
    let zh_cn = derive_file(&zh_hk, &[]).expect("derives");
    assert_eq!(
        zh_cn,
        parse(
            "language: zh-cn\nitems:\n  A1.1: {title: \"温室气体排放\"}\n  B6: {title: \"客户隐私\"}\n"
        )
    );
}

#[test]
fn a_reviewed_entry_replaces_the_conversion_at_its_path_even_through_dotted_ids() {
    let zh_hk = parse("items:\n  A1: {title: \"甲\"}\n  A1.1: {title: \"持份者\"}\n");
    let reviewed = [("items.A1.1.title".to_owned(), "利益相关方".to_owned())];
    let zh_cn = derive_file(&zh_hk, &reviewed).expect("derives");
    assert_eq!(
        zh_cn,
        parse("items:\n  A1: {title: \"甲\"}\n  A1.1: {title: \"利益相关方\"}\n")
    );

    let stale = [("items.A1.title".to_owned(), "甲".to_owned())];
    assert_eq!(
        derive_file(&zh_hk, &stale),
        Err(vec![
            "reviewed.items.A1.title: the conversion already gives \"甲\"; remove the entry"
                .to_owned()
        ])
    );
    let missing = [("items.A2.title".to_owned(), "乙".to_owned())];
    assert_eq!(
        derive_file(&zh_hk, &missing),
        Err(vec![
            "reviewed.items.A2.title: no such entry in the zh-hk file".to_owned()
        ])
    );
}

#[test]
fn a_written_zh_cn_file_reads_back_as_the_same_document_and_corrections() {
    let doc = parse(
        "catalog: gri-2021\nlanguage: zh-cn\nindex:\n  headings: [\"甲\", \"乙\"]\nitems:\n  \
         \"2-1\": {title: \"组织\"}\n  \"yes\": {heading: \"引号\\\"和\\\\\", title: \"丙\"}\n",
    );
    let reviewed = vec![("items.2-1.title".to_owned(), "组织详情".to_owned())];
    let text = to_yaml("catalogs/x.zh-hk.yaml", &doc, &reviewed);
    assert!(text.contains("\n  \"2-1\": {title: \"组织\"}\n"), "{text}");
    assert!(
        text.contains("\nindex:\n  headings: [\"甲\", \"乙\"]\n"),
        "{text}"
    );
    assert!(
        text.ends_with("reviewed:\n  items.2-1.title: \"组织详情\"\n"),
        "{text}"
    );
    assert_eq!(split_reviewed(parse(&text)), Ok((doc, reviewed)));
}
