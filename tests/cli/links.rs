//! Broken links and anchors in section bodies are input errors for every command: `check`
//! reports them with `FILE:LINE` and exits 2, exactly as `build` does.

use crate::util::Project;

const BOOK: &str = "[book]\ntitle = \"Links\"\n[esg]\nhkex = \"hkex-esg-2020\"\n";

/// A report whose `a.md` has `body` after its front matter (the body starts on line 4),
/// next to `b.md`, which has the heading `## Scope 1 emissions`.
fn report(body: &str) -> Project {
    let a = format!("---\ntitle: A\n---\n{body}");
    Project::with(
        BOOK,
        &[
            ("SUMMARY.md", "- [A](a.md)\n- [B](b.md)\n"),
            ("a.md", &a),
            ("b.md", "# B\n\n## Scope 1 emissions\n\nText.\n"),
        ],
    )
}

/// The `error:` lines (with their help) of `esgbook COMMAND`, which must exit 2.
fn errors(project: &Project, command: &str) -> Vec<String> {
    let run = project.run(&[command]);
    run.expect_code(2);
    let mut errors: Vec<String> = Vec::new();
    for line in run.stderr.lines() {
        if line.starts_with("error:") {
            errors.push(line.to_string());
        } else if line.starts_with("  help:")
            && let Some(last) = errors.last_mut()
        {
            last.push('\n');
            last.push_str(line);
        }
    }
    // `build` adds its own closing line.
    errors.retain(|e| !e.starts_with("error: the site was not built"));
    errors
}

/// `check` reports `expected` (and nothing else), and `build` reports the same.
fn assert_check_and_build_report(project: &Project, expected: &str) {
    assert_eq!(errors(project, "check"), [expected]);
    assert_eq!(errors(project, "build"), [expected]);
    assert!(!project.path().join("book").exists(), "build wrote a site");
}

#[test]
fn link_to_a_missing_section_file() {
    let p = report("\n# A\n\nSee [the water section](water.md).\n");
    assert_check_and_build_report(
        &p,
        "error: content/a.md:7: link `water.md` points to `water.md`, which is not a section of the report\n  help: fix the path (it is relative to this file) or add the file to SUMMARY.md",
    );
}

#[test]
fn link_to_a_missing_anchor_of_another_section() {
    let p = report("\n# A\n\nSee [scope 1](b.md#scope-1).\n");
    assert_check_and_build_report(
        &p,
        "error: content/a.md:7: link `b.md#scope-1`: content/b.md has no heading with the id `scope-1`\n  help: the headings of content/b.md have the ids: b, scope-1-emissions",
    );
}

#[test]
fn link_to_an_existing_anchor_passes() {
    let p = report("\n# A\n\nSee [scope 1](b.md#scope-1-emissions).\n");
    // Exit 1: the HKEX items are untagged gaps, but nothing is an input error.
    let run = p.run(&["check"]);
    run.expect_code(1);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
}

#[test]
fn image_that_does_not_exist() {
    let p = report("\n# A\n\n![Emissions chart](images/chart.png)\n");
    assert_check_and_build_report(
        &p,
        "error: content/a.md:7: `images/chart.png` does not exist in the source folder\n  help: check the file name and its folder (paths are relative to this file)",
    );
}

#[test]
fn link_to_a_missing_index_row() {
    let p = report("\n# A\n\nSee [A1.1](hkex.html#item-a1-9).\n");
    assert_check_and_build_report(
        &p,
        "error: content/a.md:7: link `hkex.html#item-a1-9`: hkex.html has no row `item-a1-9`\n  help: rows are `item-` and the item's code in lowercase with dashes for dots, e.g. `item-a1-1` for A1.1",
    );
}

#[test]
fn check_json_carries_the_link_error_with_file_and_line() {
    let p = report("\n# A\n\n![Emissions chart](images/chart.png)\n");
    let run = p.run(&["check", "--format", "json"]);
    run.expect_code(2);
    let json = run.json();
    assert_eq!(json["ok"], false);
    let errors: Vec<(String, u64)> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(errors, [("content/a.md".to_string(), 7)]);
}

#[test]
fn link_outside_the_source_folder() {
    let p = report("\n# A\n\nSee [notes](../notes.md).\n");
    assert_check_and_build_report(
        &p,
        "error: content/a.md:7: link `../notes.md` points outside the source folder",
    );
}
