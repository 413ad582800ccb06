//! The report site through the real binary: links and anchors of the built sample resolve,
//! front matter is escaped, a failed build keeps the old site, templates override file by
//! file, and `init`. (`serve` is tested in the slow lane.)

use crate::util::{Project, esgbook, files};
use esgbook::text::percent_decode;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `name="…"` attributes in an HTML text.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// A link target as the browser resolves it (a malformed escape stays as written).
fn decoded(text: &str) -> String {
    percent_decode(text).unwrap_or_else(|| text.to_string())
}

/// Checks every internal `href`/`src` of every page, and the URLs in toc.js and the search
/// index: the file exists and, for `#fragment`s, the page has that id.
fn assert_links_resolve(site: &Path) {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut ids_of = |file: &Path| -> HashSet<String> {
        ids.entry(file.to_path_buf())
            .or_insert_with(|| {
                attributes(&std::fs::read_to_string(file).unwrap_or_default(), "id")
                    .into_iter()
                    .collect()
            })
            .clone()
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut check = |page: &Path, base: &Path, link: &str, problems: &mut Vec<String>| {
        if link.contains("://")
            || link.starts_with("mailto:")
            || link.starts_with("data:")
            || link.starts_with("//")
        {
            return;
        }
        let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
        let path = decoded(path.split('?').next().unwrap_or(""));
        let target = if path.is_empty() {
            page.to_path_buf()
        } else if let Some(absolute) = path.strip_prefix('/') {
            site.join(absolute)
        } else {
            base.join(&path)
        };
        let target = if target.is_dir() {
            target.join("index.html")
        } else {
            target
        };
        checked += 1;
        if !target.is_file() {
            problems.push(format!("{}: `{link}`: no such file", page.display()));
        } else if !fragment.is_empty() && !ids_of(&target).contains(&decoded(fragment)) {
            problems.push(format!("{}: `{link}`: no id `{fragment}`", page.display()));
        }
    };
    for (rel, bytes) in files(site) {
        let page = site.join(&rel);
        let base = page.parent().unwrap().to_path_buf();
        if rel.extension().is_some_and(|e| e == "html") {
            let html = String::from_utf8_lossy(&bytes);
            for link in attributes(&html, "href")
                .into_iter()
                .chain(attributes(&html, "src"))
            {
                check(&page, &base, &link, &mut problems);
            }
        }
    }
    // Each edition's contents and search index (the Chinese one in `zh-hk/`, when built).
    for root in [site.to_path_buf(), site.join("zh-hk")] {
        if !root.join("toc.js").is_file() {
            continue;
        }
        let toc = std::fs::read_to_string(root.join("toc.js")).unwrap();
        let json = toc
            .strip_prefix("var ESGBOOK_TOC = ")
            .and_then(|t| t.split_once(";\n"))
            .unwrap()
            .0;
        let nav: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
        let search: serde_json::Value =
            serde_json::from_slice(&std::fs::read(root.join("search-index.json")).unwrap())
                .unwrap();
        let urls = nav.iter().filter_map(|e| e["url"].as_str()).chain(
            search["docs"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|d| d["u"].as_str()),
        );
        let index = root.join("index.html");
        for url in urls.map(str::to_string).collect::<Vec<_>>() {
            check(&index, &root, &url, &mut problems);
        }
    }
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn every_link_and_anchor_of_the_sample_site_resolves() {
    let report = Project::sample();
    // The publication: no reviewer material, and every link resolves without it.
    report.run(&["build"]).expect_code(0);
    let site = report.join("book");
    // Both editions of the sample are built and walked.
    assert!(site.join("zh-hk/governance/board-statement.html").is_file());
    assert!(
        !site.join("coverage.html").exists(),
        "the coverage page is for reviewers"
    );
    assert_links_resolve(&site);
    // The review build adds the coverage page; its links resolve too.
    report.run(&["build", "--review"]).expect_code(0);
    for page in [
        "index.html",
        "hkex.html",
        "gri.html",
        "coverage.html",
        "print.html",
        "toc.html",
        "search.html",
        "404.html",
        "toc.js",
        "search-index.json",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    assert_links_resolve(&site);
    // Per-page size does not grow with the table of contents.
    let section = std::fs::read_to_string(site.join("governance/board-statement.html")).unwrap();
    assert!(
        !section.contains("Training and Development"),
        "the TOC must not be written into every page"
    );
    // The print page's links stay inside it.
    let print = std::fs::read_to_string(site.join("print.html")).unwrap();
    let outside: Vec<String> = attributes(&print, "href")
        .into_iter()
        .filter(|l| l.ends_with(".html") || l.contains(".html#"))
        .filter(|l| {
            ![
                "index.html",
                "toc.html",
                "hkex.html",
                "gri.html",
                "coverage.html",
                "print.html",
                "search.html",
            ]
            .iter()
            .any(|p| l.ends_with(p))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "print.html links to section pages: {outside:?}"
    );
}

#[test]
fn small_report_renders_ids_links_and_search() {
    let report = Project::fixture("small-site");
    report.run(&["build"]).expect_code(0);
    let site = report.join("book");
    assert_links_resolve(&site);
    let one = std::fs::read_to_string(site.join("one.html")).unwrap();
    for id in [
        "id=\"same\"",
        "id=\"same-1\"",
        "id=\"custom-id\"",
        "id=\"董事會聲明\"",
    ] {
        assert!(one.contains(id), "{id} missing");
    }
    assert!(one.contains("href=\"two.html#targets\""));
    assert!(one.contains("href=\"sub/nested.html\""));
    assert!(
        one.contains("href=\"hkex.html#item-mdr-gov\""),
        "Disclosures addressed links to the index row"
    );
    assert!(one.contains("rel=\"next\""));
    let hkex = std::fs::read_to_string(site.join("hkex.html")).unwrap();
    assert!(hkex.contains("id=\"item-mdr-gov\""));
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("search-index.json")).unwrap()).unwrap();
    // Each document lists its terms flat: ["term", weight, …].
    let has_term = |term: &str| {
        index["docs"].as_array().unwrap().iter().any(|doc| {
            doc["k"]
                .as_array()
                .unwrap()
                .chunks(2)
                .any(|pair| pair[0] == term && pair[1].as_u64().is_some_and(|w| w > 0))
        })
    };
    assert!(has_term("emissions"));
    assert!(has_term("董事"), "Chinese is indexed by bigrams");
    assert!(site.join("img/chart.svg").is_file(), "assets are copied");
}

#[test]
fn front_matter_strings_are_escaped() {
    let report = Project::fixture("small-site");
    report.write(
        "content/two.md",
        "---\ntitle: <script>alert(1)</script>\ndescription: '\"quoted\" & <b>bold</b>'\n---\n\n## Targets\n\nBody.\n",
    );
    report.run(&["build"]).expect_code(0);
    for (rel, bytes) in files(&report.join("book")) {
        let content = String::from_utf8_lossy(&bytes);
        assert!(
            !content.contains("<script>alert(1)"),
            "{} holds the raw title",
            rel.display()
        );
        assert!(
            !content.contains("<b>bold</b>"),
            "{} holds the raw description",
            rel.display()
        );
    }
    let two = report.read("book/two.html");
    assert!(
        two.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title renders as text"
    );
    assert!(two.contains("&quot;quoted&quot; &amp; &lt;b&gt;"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let report = Project::fixture("small-site");
    report.run(&["build"]).expect_code(0);
    let site = report.join("book");
    let before = files(&site);
    // A broken link and a missing anchor: both errors, with file and line.
    report.write(
        "content/sub/nested.md",
        "---\ntitle: Nested\n---\n\n[gone](../gone.md)\n\n[anchor](../two.md#nowhere)\n",
    );
    let run = report.run(&["build"]);
    run.fails();
    assert_eq!(
        run.errors(),
        [
            "error: content/sub/nested.md:5: link `../gone.md` points to `gone.md`, which is not a section of the report",
            "error: content/sub/nested.md:7: link `../two.md#nowhere`: content/two.md has no heading with the id `nowhere`",
            "error: the site was not built; the build dir was left as it was",
        ]
    );
    assert_eq!(
        before,
        files(&site),
        "the old site must be byte-for-byte intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(report.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".book"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn init_scaffolds_a_report_with_one_gap_and_never_overwrites() {
    let dir = Project::new();
    let target = dir.join("report");
    let target_arg = target.to_str().expect("a UTF-8 temp path");
    esgbook(&["init", target_arg]).expect_code(0);
    esgbook(&["build", target_arg]).expect_code(0);
    assert!(target.join("book/index.html").is_file());
    let check = esgbook(&["check", target_arg, "--format", "json"]);
    check.expect_code(1);
    let json = check.json();
    let gaps: Vec<&str> = json["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["id"].as_str().expect("id"))
        .collect();
    assert_eq!(gaps, ["B8.2"]);
    // A second init refuses and changes nothing.
    std::fs::write(target.join("content/about.md"), "mine").unwrap();
    let again = esgbook(&["init", target_arg]);
    again.fails().says(&format!(
        "error: {target_arg}: not creating a report here; these files already exist:\n  book.toml\n  content/SUMMARY.md\n  content/about.md"
    ));
    assert_eq!(
        std::fs::read_to_string(target.join("content/about.md")).unwrap(),
        "mine"
    );
}

#[test]
fn a_report_overrides_templates_file_by_file() {
    let report = Project::fixture("small-site");
    report.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"house-style\">{{ title }}</p>{{ body | safe }}{% endblock content %}",
    );
    report.write("templates/esgbook.css", "body { color: black; }");
    report.run(&["build"]).expect_code(0);
    assert!(
        report
            .read("book/one.html")
            .contains("<p class=\"house-style\">One</p>")
    );
    assert_eq!(report.read("book/esgbook.css"), "body { color: black; }");
    // The other templates are still the defaults.
    assert!(
        report
            .read("book/hkex.html")
            .contains("id=\"item-mdr-gov\"")
    );

    report.write("templates/section.html", "{% if %}");
    let run = report.run(&["build"]);
    run.fails();
    assert_eq!(
        run.errors(),
        [
            "error: templates: a template does not compile: Failed to parse 'section.html':  --> 1:7",
            "error: the site was not built; the build dir was left as it was",
        ]
    );
    run.says("  help: fix the template in the report's templates/ folder, or delete it to use the default");
}

#[test]
fn a_link_to_a_missing_index_row_is_an_error() {
    let report = Project::fixture("small-site");
    report.write(
        "content/two.md",
        "---\ntitle: Two\n---\n\n## Targets\n\nSee [the row](hkex.html#item-nope).\n",
    );
    report.run(&["build"]).fails().says(
        "error: content/two.md:7: link `hkex.html#item-nope`: hkex.html has no row `item-nope`\n  help: rows are `item-` and the item's code in lowercase with dashes for dots, e.g. `item-a1-1` for A1.1",
    );
}
