//! The pipeline's direction, checked: each module may import only the modules below it.
//!
//! ```text
//! model, brand, atomic,       the vocabulary floor
//! diag, text
//! config                     book.toml
//! data                       data/metrics.yaml and data/*.csv, checked
//! content                    SUMMARY.md, front matter, Markdown, links
//! catalog                    framework editions as data
//! coverage                   one resolved index model
//! (crate root: Project)      the loaded project
//! check, export, site, pdf   outputs, which do not import each other
//! serve, init, cmd           commands and the server
//! ```
//!
//! A Cargo workspace would let the compiler enforce this; a test over the sources does the
//! same for one crate without slowing builds (see the README).

use std::collections::BTreeSet;
use std::path::Path;

/// What each module may import from the crate, besides itself. `root` is the crate root
/// (`Project`, `ExitStatus`).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("locale", &["model"]),
    ("brand", &[]),
    ("atomic", &[]),
    ("diag", &[]),
    ("text", &["diag"]),
    ("config", &["model", "locale", "diag", "text", "brand"]),
    ("data", &["model", "locale", "diag", "text", "config"]),
    (
        "content",
        &["model", "locale", "diag", "text", "config", "data"],
    ),
    ("catalog", &["model", "locale", "diag", "text"]),
    ("coverage", COVERAGE),
    ("root", ROOT),
    ("check", OUTPUT),
    ("export", OUTPUT),
    ("site", OUTPUT),
    ("pdf", OUTPUT),
    ("init", &["model", "locale", "diag", "text"]),
    ("serve", SERVE),
    ("cmd", CMD),
];

/// What coverage may read: every stage before it.
const COVERAGE: &[&str] = &[
    "model", "locale", "brand", "atomic", "diag", "text", "config", "data", "content", "catalog",
];
/// The crate root (`Project`) loads through coverage.
const ROOT: &[&str] = &[
    "model", "locale", "brand", "atomic", "diag", "text", "config", "data", "content", "catalog",
    "coverage",
];
/// The outputs read the loaded project, and never each other.
const OUTPUT: &[&str] = &[
    "model", "locale", "brand", "atomic", "diag", "text", "config", "data", "content", "catalog",
    "coverage", "root",
];
/// The server rebuilds the site.
const SERVE: &[&str] = &[
    "model", "locale", "brand", "atomic", "diag", "text", "config", "data", "content", "catalog",
    "coverage", "root", "site",
];
/// The commands use everything.
const CMD: &[&str] = &[
    "model", "locale", "brand", "atomic", "diag", "text", "config", "data", "content", "catalog",
    "coverage", "root", "check", "export", "site", "pdf", "serve", "init",
];

/// The crate modules a source text names through `crate::` paths (`crate::diag::Code`,
/// `use crate::{Project, model::Status}`); names that are not modules count as `root`.
fn imports(source: &str) -> BTreeSet<String> {
    let modules: BTreeSet<&str> = ALLOWED.iter().map(|(m, _)| *m).collect();
    let mut found = BTreeSet::new();
    let mut note = |name: &str| {
        let name = name.trim();
        if name.is_empty() || name == "self" {
            return;
        }
        let first = name.split("::").next().unwrap_or(name).trim();
        if modules.contains(first) {
            found.insert(first.to_string());
        } else if first.chars().next().is_some_and(|c| c.is_alphabetic()) {
            found.insert("root".to_string());
        }
    };
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            // Top-level names of the group: split on commas outside nested braces.
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        note(&group[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            note(&group[start..end]);
        } else {
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            note(&after[..end]);
        }
        rest = after;
    }
    found
}

/// The module a source file belongs to (`src/content/summary.rs` → `content`).
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    match first.strip_suffix(".rs") {
        Some("lib") => "root".to_string(),
        Some(stem) => stem.to_string(),
        None => first,
    }
}

#[test]
fn no_module_imports_a_module_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).unwrap_or(path);
        let module = module_of(relative);
        // The binary's own files (main.rs, cli.rs) and this test are outside the pipeline.
        if matches!(module.as_str(), "main" | "cli" | "layers") {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            violations.push(format!(
                "{}: module `{module}` has no layer",
                relative.display()
            ));
            continue;
        };
        let source = std::fs::read_to_string(path).unwrap_or_default();
        // Unit tests may load a whole project; only the code above them is layered.
        let source = source.split("#[cfg(test)]").next().unwrap_or("");
        for import in imports(source) {
            if import != module && !allowed.contains(&import.as_str()) {
                violations.push(format!(
                    "{}: `{module}` imports `{import}`",
                    relative.display()
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files checked");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn imports_are_read_from_paths_and_groups() {
    let found = imports(
        "use crate::{Project, diag::{Code, Diagnostics}};\nlet x = crate::model::Date::parse(s);",
    );
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        ["diag", "model", "root"]
    );
}
