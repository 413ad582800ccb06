//! Bad input beyond the catalogue's one-mistake reports (`bad_input`): several problems in one
//! run, `build` refusing bad input, and diagnostics in `check --format json`.

use crate::util::{Project, section};

const BOOK: &str = "[book]\ntitle = \"Bad\"\n[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2021\"\n";

fn project(files: &[(&str, &str)]) -> Project {
    let mut all = vec![("SUMMARY.md", "- [A](a.md)\n")];
    all.extend_from_slice(files);
    Project::with(BOOK, &all)
}

/// Runs `check`, which must exit 2, and returns its error and help lines.
fn check_errors(project: &Project) -> Vec<String> {
    let run = project.run(&["check"]);
    run.fails();
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error:") || l.starts_with("  help:"))
        .map(String::from)
        .collect()
}

#[test]
fn malformed_yaml() {
    let p = project(&[("a.md", "---\ntitle: A\nhkex: [A1, A1.1\n---\nText\n")]);
    assert_eq!(
        check_errors(&p),
        [
            "error: content/a.md:3: invalid front matter: unclosed bracket '['",
            "  help: check the indentation and quoting on that line; codes with `:` or `#` need quotes",
        ]
    );
}

#[test]
fn omitting_a_gri_disclosure_that_cannot_be_omitted() {
    let p = project(&[(
        "a.md",
        "---\nomit:\n  gri:\n    \"2-1\":\n      reason: confidentiality-constraints\n      explanation: Secret\n---\n",
    )]);
    assert_eq!(
        check_errors(&p),
        [
            "error: content/a.md:4: GRI does not permit omitting `2-1` (Organizational details)",
            "  help: report `2-1`: tag the section that discloses it",
        ]
    );
}

#[test]
fn unquoted_colon_in_an_explanation() {
    let p = project(&[(
        "a.md",
        "---\ntitle: A\nomit:\n  hkex:\n    A2.5: Not material: we ship in bulk\n---\n",
    )]);
    assert_eq!(
        check_errors(&p),
        [
            "error: content/a.md:5: invalid front matter: mapping values are not allowed in this context",
            "  help: text that contains `: ` must be in quotes, e.g. `A2.5: \"Not material: we ship in bulk\"`",
        ]
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2021\"\nissuer = \"mainboard\"\n",
        &[
            ("SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n"),
            ("a.md", &section("A", &["A9"], &[])),
            ("b.md", &section("B", &["MDR-GOV"], &["2-99"])),
        ],
    );
    let run = p.run(&["check"]);
    run.fails();
    let places: Vec<&str> = run
        .errors()
        .iter()
        .map(|e| e.split(": ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        places,
        [
            "book.toml:4",
            "content/SUMMARY.md:3",
            "content/a.md:3",
            "content/b.md:4"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn build_refuses_bad_input_and_writes_nothing() {
    let p = project(&[("a.md", &section("A", &["A9"], &[]))]);
    let run = p.run(&["build"]);
    run.fails();
    assert_eq!(
        run.errors(),
        [
            "error: content/a.md:3: unknown HKEX code `A9` (catalog hkex-esg-2020)",
            "error: the site was not built; the build dir was left as it was",
        ]
    );
    assert!(!p.join("book").exists());
}

#[test]
fn an_unlisted_section_is_a_warning_in_json_too() {
    let p = project(&[
        ("a.md", &section("A", &["MDR-GOV"], &[])),
        ("drafts/idea.md", "# Idea\n"),
    ]);
    let run = p.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert_eq!(json["errors"], serde_json::json!([]));
    assert_eq!(
        json["warnings"],
        serde_json::json!([{
            "file": "content/drafts/idea.md",
            "line": null,
            "code": "unlisted-file",
            "message": "this file is not listed in SUMMARY.md, so it is not published (help: add `- [Title](drafts/idea.md)` to content/SUMMARY.md, or delete the file)"
        }])
    );
    run.says("warning: content/drafts/idea.md: this file is not listed in SUMMARY.md, so it is not published");
}
