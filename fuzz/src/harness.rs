//! The checks shared by the fuzz targets (`fuzz/fuzz_targets/*`) and the property tests
//! (`tests/cli/` and `tests/slow/`, which include this file with `#[path]`), so libFuzzer, AFL and
//! proptest on stable all drive the same entry points and assert the same invariants:
//!
//! - nothing panics;
//! - every diagnostic names a file;
//! - a diagnostic's line, when given, is within the file it names (1 ..= the file's line
//!   count, an empty file counting as one line).
//!
//! The pipeline target reads its input as a project tree in a small text format (see
//! [`parse_tree`]), writes it to a temporary folder and runs the whole load → coverage →
//! export chain on it. (The site is left out: its rendering is in flux and has tests of its
//! own.)

#![allow(dead_code)]

use esgbook::config::Config;
use esgbook::content::{front_matter, summary};
use esgbook::diag::{Diagnostic, Diagnostics};
use esgbook::text::decode_text;
use esgbook::{Project, export};
use std::collections::BTreeMap;
use std::path::{Component, Path};

/// The file name used for a lone front-matter file.
pub const SECTION_FILE: &str = "content/section.md";
/// The file name of a lone SUMMARY.md.
pub const SUMMARY_FILE: &str = "content/SUMMARY.md";
/// The file name of a lone book.toml.
pub const CONFIG_FILE: &str = "book.toml";

/// Lines in a file as an editor counts them: LF, CRLF and a lone CR each end a line, an
/// empty file has one line, and a final line end does not start another.
pub fn line_count(bytes: &[u8]) -> usize {
    let mut breaks = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            breaks += 1;
        }
    }
    if bytes.is_empty() || bytes.ends_with(b"\n") || bytes.ends_with(b"\r") {
        breaks.max(1)
    } else {
        breaks + 1
    }
}

/// Asserts the invariants of every diagnostic. `lines_of` gives the line count of a file
/// named by a diagnostic, or `None` when there is no such file.
pub fn check_diagnostics(diags: &Diagnostics, lines_of: &dyn Fn(&str) -> Option<usize>) {
    for d in diags.all() {
        check_one(d, lines_of);
    }
}

fn check_one(d: &Diagnostic, lines_of: &dyn Fn(&str) -> Option<usize>) {
    let file = d
        .file
        .as_deref()
        .unwrap_or_else(|| panic!("diagnostic without a file: {d:?}"));
    assert!(!file.is_empty(), "diagnostic with an empty file: {d:?}");
    assert!(
        !d.message.trim().is_empty(),
        "diagnostic without a message: {d:?}"
    );
    if let Some(line) = d.line {
        let count = lines_of(file).unwrap_or_else(|| {
            panic!("diagnostic with a line in a file that does not exist: {d:?}")
        });
        assert!(
            (1..=count).contains(&line),
            "line {line} is outside {file} ({count} lines): {d:?}"
        );
    }
    // The one-line forms must not break on any message.
    let _ = d.to_text();
    let _ = d.to_github();
}

/// Front matter: the bytes of one section file, decoded, split and parsed as the loader
/// does.
pub fn front_matter(data: &[u8]) {
    let mut diags = Diagnostics::new();
    if let Some(text) = decode_text(SECTION_FILE, data, &mut diags) {
        let split = front_matter::split(&text, SECTION_FILE, &mut diags);
        assert!(split.body_line >= 1);
        assert!(
            text.ends_with(split.body),
            "the body is not the end of the file"
        );
        if let Some(yaml) = split.yaml {
            let fm = front_matter::parse(yaml, 2, SECTION_FILE, &mut diags);
            let count = line_count(data);
            for code in fm.hkex.iter().chain(&fm.gri) {
                assert!((1..=count).contains(&code.line), "code line {code:?}");
            }
            for omission in &fm.omissions {
                assert!((1..=count).contains(&omission.code.line), "{omission:?}");
            }
        }
    }
    check_diagnostics(&diags, &|file| {
        (file == SECTION_FILE).then(|| line_count(data))
    });
}

/// SUMMARY.md: the bytes of the table of contents.
pub fn summary(data: &[u8]) {
    let mut diags = Diagnostics::new();
    if let Some(text) = decode_text(SUMMARY_FILE, data, &mut diags) {
        let parsed = summary::parse_summary(&text, SUMMARY_FILE, &mut diags);
        let count = line_count(data);
        for (index, item) in parsed.items.iter().enumerate() {
            if let summary::SummaryItem::Chapter(chapter) = item {
                assert!((1..=count).contains(&chapter.line), "{chapter:?}");
                assert!(chapter.parent.is_none_or(|p| p < index), "{chapter:?}");
                if let Some(path) = &chapter.path {
                    assert!(path.to_ascii_lowercase().ends_with(".md"), "{path}");
                    assert!(!path.starts_with('/'), "{path}");
                    assert!(!path.split('/').any(|p| p == ".."), "{path}");
                    // A first segment with a colon would make the page link a URL scheme.
                    assert!(
                        !path.split('/').next().unwrap_or("").contains(':'),
                        "{path}"
                    );
                    let _ = esgbook::content::page_url(path);
                }
            }
        }
    }
    check_diagnostics(&diags, &|file| {
        (file == SUMMARY_FILE).then(|| line_count(data))
    });
}

/// book.toml: the bytes of the configuration file.
pub fn config(data: &[u8]) {
    let mut diags = Diagnostics::new();
    if let Some(text) = decode_text(CONFIG_FILE, data, &mut diags)
        && let Some(config) = Config::parse(&text, &mut diags)
    {
        let _ = config.company();
    }
    check_diagnostics(&diags, &|file| {
        (file == CONFIG_FILE).then(|| line_count(data))
    });
}

/// One entry of a generated project tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A file and its bytes.
    File(Vec<u8>),
    /// A symbolic link and its target, relative to the link's folder.
    Link(String),
}

/// Reads a project tree from the fuzz input. The format is line-based and readable, so the
/// corpus can be seeded from real reports:
///
/// ```text
/// [book]                       <- bytes before the first marker: book.toml
/// title = "x"
/// @@@ content/SUMMARY.md       <- `@@@ PATH` starts a file
/// - [A](a.md)
/// @@> content/loop -> ..       <- `@@> PATH -> TARGET` makes a symlink
/// ```
///
/// Paths are kept inside the tree: absolute paths and `..` in file paths are dropped, and a
/// link whose target would leave the tree is dropped.
pub fn parse_tree(data: &[u8]) -> BTreeMap<String, Entry> {
    let mut tree = BTreeMap::new();
    let mut current = Some(CONFIG_FILE.to_string());
    let mut content: Vec<u8> = Vec::new();
    let flush =
        |tree: &mut BTreeMap<String, Entry>, path: &Option<String>, content: &mut Vec<u8>| {
            if let Some(path) = path {
                tree.insert(path.clone(), Entry::File(std::mem::take(content)));
            }
            content.clear();
        };
    for line in data.split_inclusive(|b| *b == b'\n') {
        if let Some(rest) = line.strip_prefix(b"@@@ ") {
            flush(&mut tree, &current, &mut content);
            current = clean_path(&String::from_utf8_lossy(rest));
        } else if let Some(rest) = line.strip_prefix(b"@@> ") {
            flush(&mut tree, &current, &mut content);
            current = None;
            let rest = String::from_utf8_lossy(rest);
            if let Some((path, target)) = rest.split_once(" -> ")
                && let Some(path) = clean_path(path)
                && link_stays_inside(&path, target.trim())
            {
                tree.insert(path, Entry::Link(target.trim().to_string()));
            }
        } else {
            content.extend_from_slice(line);
        }
    }
    flush(&mut tree, &current, &mut content);
    // A file and a folder cannot share a path: keep the first one seen.
    let paths: Vec<String> = tree.keys().cloned().collect();
    for path in &paths {
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                if tree.contains_key(&prefix) && &prefix != path {
                    tree.remove(path);
                    break;
                }
                prefix.push('/');
            }
            prefix.push_str(part);
        }
    }
    tree
}

/// Writes a tree back in the input format (for seeding corpora).
pub fn encode_tree(tree: &BTreeMap<String, Entry>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(Entry::File(bytes)) = tree.get(CONFIG_FILE) {
        out.extend_from_slice(bytes);
        if !bytes.is_empty() && !bytes.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    for (path, entry) in tree {
        match entry {
            Entry::File(_) if path == CONFIG_FILE => {}
            Entry::File(bytes) => {
                out.extend_from_slice(format!("@@@ {path}\n").as_bytes());
                out.extend_from_slice(bytes);
                if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                    out.push(b'\n');
                }
            }
            Entry::Link(target) => {
                out.extend_from_slice(format!("@@> {path} -> {target}\n").as_bytes())
            }
        }
    }
    out
}

fn clean_path(raw: &str) -> Option<String> {
    let raw = raw.trim_end_matches(['\n', '\r']);
    let parts: Vec<&str> = raw
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty()
        || parts.len() > 6
        || raw.len() > 200
        || parts
            .iter()
            .any(|p| *p == ".." || p.contains(['\\', '\0']) || p.len() > 100)
    {
        return None;
    }
    Some(parts.join("/"))
}

fn link_stays_inside(path: &str, target: &str) -> bool {
    if target.is_empty() || target.starts_with('/') || target.contains(['\\', '\0']) {
        return false;
    }
    let mut depth = path.split('/').count() as isize - 1;
    for part in Path::new(target).components() {
        match part {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return false,
        }
        if depth < 0 {
            return false;
        }
    }
    true
}

/// Writes the tree under `root`. Entries that cannot be written (a name the file system
/// refuses) are skipped: the run goes on with the rest.
pub fn write_tree(root: &Path, tree: &BTreeMap<String, Entry>) {
    for (path, entry) in tree {
        let full = root.join(path);
        if let Some(dir) = full.parent()
            && std::fs::create_dir_all(dir).is_err()
        {
            continue;
        }
        match entry {
            Entry::File(bytes) => {
                let _ = std::fs::write(&full, bytes);
            }
            Entry::Link(target) => {
                #[cfg(unix)]
                let _ = std::os::unix::fs::symlink(target, &full);
            }
        }
    }
}

/// True when book.toml keeps the source and build folders inside the project (the fuzzer
/// must not walk the machine's file system).
fn stays_inside(tree: &BTreeMap<String, Entry>) -> bool {
    let Some(Entry::File(bytes)) = tree.get(CONFIG_FILE) else {
        return true;
    };
    let mut scratch = Diagnostics::new();
    let Some(text) = decode_text(CONFIG_FILE, bytes, &mut scratch) else {
        return true;
    };
    let Some(config) = Config::parse(&text, &mut scratch) else {
        return true;
    };
    [&config.book.src, &config.build.build_dir].iter().all(|p| {
        !p.is_absolute()
            && !p.to_string_lossy().contains('\\')
            && p.components()
                .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    })
}

/// The whole pipeline on a generated project tree.
pub fn pipeline(data: &[u8]) {
    let tree = parse_tree(data);
    if !stays_inside(&tree) {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_tree(dir.path(), &tree);
    run_project(dir.path());
}

/// Loads the project in `root` and runs every export in memory, checking the diagnostics
/// against the files on disk.
pub fn run_project(root: &Path) {
    let mut diags = Diagnostics::new();
    let project = Project::load(root, &mut diags);
    let lines_of = |file: &str| -> Option<usize> {
        let path = root.join(file);
        if !path.is_file() {
            return None;
        }
        std::fs::read(path).ok().map(|b| line_count(&b))
    };
    check_diagnostics(&diags, &lines_of);
    let Some(project) = project else {
        return;
    };
    for section in &project.report.sections {
        assert!(!section.trail.is_empty(), "{}: empty trail", section.source);
        assert!(section.body_line >= 1);
    }
    for index in &project.coverage.indexes {
        // One row per catalog item, plus the per-topic rows (`3-3:305`) of material topics.
        assert!(index.rows.len() >= index.catalog.items.len());
        let document = export::document(&project, index);
        let json = export::json::render(&document);
        let value: serde_json::Value = serde_json::from_str(&json).expect("export JSON parses");
        assert_eq!(
            value["rows"].as_array().map(Vec::len),
            Some(index.rows.len())
        );
        let csv = export::csv::render(&document);
        let mut reader = csv::ReaderBuilder::new().from_reader(&csv[3..]);
        assert_eq!(reader.records().count(), index.rows.len(), "CSV rows");
        let md = export::markdown::render(&document);
        // A heading, a blank line, the header and its rule, then the rows; a GRI index adds
        // its statement of use and "GRI 1 used", each with a blank line.
        let preamble = 2 * usize::from(document.statement_of_use.is_some())
            + 2 * usize::from(document.gri_1_used.is_some());
        assert_eq!(
            md.lines().count(),
            index.rows.len() + 4 + preamble,
            "Markdown rows:\n{md}"
        );
    }
    let _ = esgbook::check::to_text(Some(&project), &diags);
    let _ = esgbook::check::to_github(Some(&project), &diags);
    let _ = serde_json::to_string(&esgbook::check::to_json(Some(&project), &diags));
}
