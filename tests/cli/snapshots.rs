//! Expected output of whole reports, as insta snapshots kept beside each fixture in
//! `tests/fixtures/CASE/expected/`: the HKEX and GRI content index tables (`export --format
//! md`), the CSV exports and `check --format json`. A change to any cell shows up as a diff
//! of the snapshot; bless an intended one with `cargo insta review` (or `INSTA_UPDATE=always
//! cargo test --test cli snapshots`) and review the diff of `expected/` before committing.
//!
//! The sample report at the repository root has no `book.toml` of its own under
//! `tests/fixtures/`; its snapshots live in `tests/fixtures/sample-report/expected/`.

use crate::util::{Project, Run};

/// Compares `text` with `tests/fixtures/CASE/expected/NAME.snap`, the project's temporary
/// path replaced by `[PROJECT]` so the snapshot does not depend on where it ran.
fn snapshot(case: &str, name: &str, project: &Project, text: &str) {
    let path = project.path().to_str().expect("a UTF-8 temp path");
    let text = text.replace(path, "[PROJECT]");
    insta::with_settings!({
        snapshot_path => format!("../fixtures/{case}/expected"),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, text);
    });
}

/// A CSV export's text: it starts with a UTF-8 BOM (for Excel) and ends every record with
/// CRLF (RFC 4180), both checked here; the snapshot holds the text after the BOM with LF
/// line ends, so it reads as a plain diff.
fn csv_text(run: &Run) -> String {
    let body = run
        .stdout_bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .expect("the CSV starts with a BOM");
    let text = String::from_utf8(body.to_vec()).expect("UTF-8 CSV");
    assert!(text.ends_with("\r\n"), "the last record ends with CRLF");
    let records = text.split("\r\n").count() - 1;
    assert_eq!(
        text.matches('\n').count(),
        records,
        "every line end is CRLF (cells hold no line break here)"
    );
    text.replace("\r\n", "\n")
}

/// Snapshots the index tables, CSV exports and `check --format json` of a report whose
/// check passes (exit 0) or shows gaps (exit 1).
fn snapshot_outputs(case: &str, project: &Project, frameworks: &[&str], check_code: i32) {
    for framework in frameworks {
        let md = project.export(framework, "md");
        snapshot(case, &format!("{framework}-index.md"), project, &md.stdout);
        let csv = project.export(framework, "csv");
        snapshot(
            case,
            &format!("{framework}-index.csv"),
            project,
            &csv_text(&csv),
        );
    }
    let check = project.run(&["check", "--format", "json"]);
    check.expect_code(check_code);
    snapshot(case, "check.json", project, &check.stdout);
}

#[test]
fn jlmag_2022_outputs() {
    let project = Project::fixture("jlmag-2022");
    snapshot_outputs("jlmag-2022", &project, &["hkex", "gri"], 0);
}

#[test]
fn sample_report_outputs() {
    let project = Project::sample();
    snapshot_outputs("sample-report", &project, &["hkex", "gri"], 0);
    // The Traditional Chinese edition's index tables: every row titled in Chinese, with the
    // English edition's rows and statuses.
    for framework in ["hkex", "gri"] {
        let zh = project.run(&[
            "export",
            "--framework",
            framework,
            "--format",
            "md",
            "--lang",
            "zh-hk",
        ]);
        zh.works();
        snapshot(
            "sample-report",
            &format!("{framework}-index.zh-hk.md"),
            &project,
            &zh.stdout,
        );
    }
}

/// Snapshots `check --format json` and the text diagnostics of a report with input errors
/// (exit 2), and returns the project.
fn snapshot_failing_check(case: &str) -> Project {
    let project = Project::fixture(case);
    let json = project.run(&["check", "--format", "json"]);
    json.fails();
    snapshot(case, "check.json", &project, &json.stdout);
    let text = project.run(&["check"]);
    text.fails();
    snapshot(case, "check.stderr", &project, &text.stderr);
    project
}

/// A report with input errors: `check` exits 2 and names each problem's file and line.
#[test]
fn invalid_codes_check() {
    snapshot_failing_check("invalid-codes");
}

/// Links and anchors are checked when the report is loaded, so `check` fails on each broken
/// one at its line, as `build` does (they used to be checked only while building the site).
#[test]
fn invalid_links_check() {
    let project = snapshot_failing_check("invalid-links");
    project.run(&["build"]).fails();
    assert!(!project.join("book").exists(), "no site is written");
}
