//! Every bad input exits 2 and names `FILE:LINE`; all problems of a run are reported
//! together.

use crate::util::{Project, section};

const BOOK: &str = "[book]\ntitle = \"Bad\"\n[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2021\"\n";

fn project(files: &[(&str, &str)]) -> Project {
    let mut all = vec![("SUMMARY.md", "- [A](a.md)\n")];
    all.extend_from_slice(files);
    Project::with(BOOK, &all)
}

/// Runs `check` and returns the stderr lines starting with `error:`.
fn errors(project: &Project) -> Vec<String> {
    let run = project.run(&["check"]);
    run.expect_code(2);
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(String::from)
        .collect()
}

fn assert_one_error(project: &Project, expected: &str) {
    let errors = errors(project);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0], expected);
}

#[test]
fn malformed_yaml() {
    let p = project(&[("a.md", "---\ntitle: A\nhkex: [A1, A1.1\n---\nText\n")]);
    let errors = errors(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: content/a.md:3: invalid front matter"),
        "{}",
        errors[0]
    );
}

#[test]
fn tab_in_yaml() {
    let p = project(&[("a.md", "---\ntitle: A\nhkex:\n\t- A1\n---\nText\n")]);
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error: content/a.md:4:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("indent with spaces"), "{}", run.stderr);
}

#[test]
fn unknown_code_names_the_nearest_codes() {
    let p = project(&[("a.md", "---\ntitle: A\nhkex:\n  - A1\n  - A11\n---\nText\n")]);
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error: content/a.md:5: unknown HKEX code `A11` (catalog hkex-esg-2020)\n  help: did you mean `A1.1`"), "{}", run.stderr);
}

#[test]
fn unknown_esg_key() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\ngri-clam = \"in-accordance\"\n",
        &[("SUMMARY.md", "")],
    );
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "error: book.toml:3: unknown key `gri-clam` in [esg]\n  help: did you mean `gri-claim`?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unknown_catalog_edition() {
    let p = Project::with("[esg]\nhkex = \"hkex-esg-2021\"\n", &[("SUMMARY.md", "")]);
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: book.toml:2: unknown HKEX catalog edition `hkex-esg-2021`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hkex-esg-2020, hkex-esg-2025"),
        "{}",
        run.stderr
    );
}

#[test]
fn missing_summary_target() {
    let p = Project::with(
        BOOK,
        &[
            (
                "SUMMARY.md",
                "# Summary\n\n- [A](a.md)\n- [Gone](gone.md)\n",
            ),
            ("a.md", "Text\n"),
        ],
    );
    assert_one_error(&p, "error: content/SUMMARY.md:4: `gone.md` does not exist");
}

#[test]
fn omitting_a_mandatory_item() {
    let p = project(&[(
        "a.md",
        "---\nomit:\n  hkex:\n    MDR-GOV: The board did not meet\n---\n",
    )]);
    let errors = errors(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: content/a.md:4: `MDR-GOV`"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("mandatory disclosure and cannot be omitted"));
}

#[test]
fn omitting_a_gri_disclosure_that_cannot_be_omitted() {
    let p = project(&[(
        "a.md",
        "---\nomit:\n  gri:\n    \"2-1\":\n      reason: confidentiality-constraints\n      explanation: Secret\n---\n",
    )]);
    let errors = errors(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("error: content/a.md:4: GRI does not permit omitting `2-1`"),
        "{}",
        errors[0]
    );
}

#[test]
fn empty_explanation() {
    let p = project(&[(
        "a.md",
        "---\nomit:\n  hkex:\n    B6.3: \"  \"\n  gri:\n    \"304\":\n      reason: not-applicable\n---\n",
    )]);
    let errors = errors(&p);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0]
            .starts_with("error: content/a.md:4: the omission of `B6.3` has an empty explanation"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1]
            .starts_with("error: content/a.md:6: the omission of `304` has an empty explanation"),
        "{}",
        errors[1]
    );
}

#[test]
fn unknown_omission_reason() {
    let p = project(&[(
        "a.md",
        "---\nomit:\n  gri:\n    \"304\":\n      reason: not-aplicable\n      explanation: No sites near protected areas\n---\n",
    )]);
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("error: content/a.md:5: unknown reason for omission `not-aplicable`\n  help: did you mean `not-applicable`?"), "{}", run.stderr);
}

#[test]
fn non_utf8_file() {
    let p = project(&[]);
    p.write_bytes("content/a.md", b"---\ntitle: A\n---\nCaf\xE9\n");
    assert_one_error(
        &p,
        "error: content/a.md:4: the file is not valid UTF-8 text",
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
    let errors = errors(&p);
    let places: Vec<&str> = errors
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
        "{errors:#?}"
    );
}

#[test]
fn build_refuses_bad_input_and_writes_nothing() {
    let p = project(&[("a.md", &section("A", &["A9"], &[]))]);
    let run = p.run(&["build"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: content/a.md:3: unknown HKEX code `A9`"),
        "{}",
        run.stderr
    );
    assert!(!p.path().join("book").exists());
}

#[test]
fn a_missing_book_toml_is_explained() {
    let p = Project::new();
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: book.toml: cannot read book.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn unquoted_colon_in_an_explanation() {
    let p = project(&[(
        "a.md",
        "---\ntitle: A\nomit:\n  hkex:\n    A2.5: Not material: we ship in bulk\n---\n",
    )]);
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error: content/a.md:5: invalid front matter: mapping values are not allowed in this context\n  help: text that contains `: ` must be in quotes"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unlisted_section_is_a_warning_not_an_error() {
    let p = project(&[
        ("a.md", &section("A", &["MDR-GOV"], &[])),
        ("drafts/idea.md", "# Idea\n"),
    ]);
    let run = p.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert!(json["errors"].as_array().unwrap().is_empty(), "{json}");
    let warning = &json["warnings"][0];
    assert_eq!(warning["file"], "content/drafts/idea.md");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("not listed in SUMMARY.md"),
        "{warning}"
    );
    assert!(
        run.stderr
            .contains("warning: content/drafts/idea.md: this file is not listed in SUMMARY.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn bom_and_crlf_files_work() {
    let p = project(&[]);
    p.write_bytes(
        "content/a.md",
        b"\xEF\xBB\xBF---\r\ntitle: A\r\nhkex: [MDR-GOV]\r\n---\r\n\r\nText\r\n",
    );
    let json = p
        .run(&["export", "--framework", "hkex", "--format", "json"])
        .json();
    assert_eq!(json["rows"][0]["id"], "MDR-GOV");
    assert_eq!(json["rows"][0]["status"], "covered");
    assert_eq!(json["rows"][0]["locations"][0]["title"], "A");
}
