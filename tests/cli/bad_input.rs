//! The bad-input catalogue (docs/errors.md), one test per entry, each through the real
//! binary on a small report it writes into a temporary folder. A test asserts the exact
//! lines esgbook prints, so the catalogue and the program cannot drift apart: when a
//! message changes, change docs/errors.md with it.

use crate::util::Project;

const BOOK_TOML: &str = "[book]\ntitle = \"Acme ESG Report 2025\"\nauthors = [\"Acme Holdings Ltd.\"]\n\n[esg]\nhkex = \"hkex-esg-2025\"\ngri = \"gri-2021\"\nperiod-start = 2025-01-01\n";
const SUMMARY: &str = "# Summary\n\n- [Emissions](emissions.md)\n";
const SECTION: &str = "---\ntitle: Managing Emissions\nhkex: [A1, A1.1]\ngri: [\"305-1\"]\n---\n\n# Managing Emissions\n\nOur plants measure emissions monthly.\n";

/// A report in a temporary folder: book.toml, content/SUMMARY.md and content/emissions.md,
/// all valid, until a test overwrites one.
fn report() -> Project {
    Project::with(
        BOOK_TOML,
        &[("SUMMARY.md", SUMMARY), ("emissions.md", SECTION)],
    )
}

// ---- front matter -------------------------------------------------------------------------

#[test]
fn tab_in_yaml() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\ntitle: Managing Emissions\nhkex:\n\t- A1\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:4: invalid front matter: tabs disallowed within this context (block indentation)\n  help: YAML does not allow tabs for indentation: indent with spaces",
    );
}

#[test]
fn missing_closing_fence() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\ntitle: Managing Emissions\nhkex: [A1]\n\n# Managing Emissions\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:1: the front matter opened here is never closed\n  help: add a line with only `---` after the last front-matter line",
    );
}

#[test]
fn code_with_a_typo() {
    let report = report();
    report.write("content/emissions.md", "---\nhkex: [A11]\n---\n");
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:2: unknown HKEX code `A11` (catalog hkex-esg-2025)\n  help: did you mean `A1.1` or `A1`?",
    );
}

#[test]
fn code_with_a_trailing_dot() {
    let report = report();
    report.write("content/emissions.md", "---\nhkex: [A1, A1.1.]\n---\n");
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:2: unknown HKEX code `A1.1.` (catalog hkex-esg-2025)\n  help: did you mean `A1.1`?",
    );
}

#[test]
fn same_code_twice_in_a_section() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\nhkex:\n  - A1\n  - A1.1\n  - KPI A1.1\n---\n",
    );
    report
        .run(&["check"])
        .works()
        .says("warning: content/emissions.md:5: `A1.1` is listed twice in this section");
    assert_eq!(report.status("hkex", "A1.1"), "covered");
}

#[test]
fn same_key_twice() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\nhkex: [A1]\nhkex: [A1.1]\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:3: invalid front matter: duplicate mapping key: hkex\n  help: each key may appear once: merge the two entries",
    );
}

#[test]
fn unknown_front_matter_key() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\ntitle: Managing Emissions\nhkx: [A1]\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:3: unknown front-matter key `hkx`\n  help: did you mean `hkex`?",
    );
}

#[test]
fn toml_front_matter() {
    let report = report();
    report.write(
        "content/emissions.md",
        "+++\ntitle = \"Managing Emissions\"\n+++\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:1: TOML front matter (`+++`) is not supported\n  help: write the front matter as YAML between two `---` lines",
    );
}

#[test]
fn gri_code_under_hkex() {
    let report = report();
    report.write("content/emissions.md", "---\nhkex: [A1, \"305-1\"]\n---\n");
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:2: unknown HKEX code `305-1` (catalog hkex-esg-2025)\n  help: `305-1` is a GRI code: list it under `gri:` instead",
    );
}

#[test]
fn code_from_the_wrong_edition() {
    let report = report();
    report.write("content/emissions.md", "---\nhkex: [A1.2]\n---\n");
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:2: unknown HKEX code `A1.2` (catalog hkex-esg-2025)\n  help: `A1.2` of hkex-esg-2020 (Scope 1 and Scope 2 GHG emissions and intensity) became `D-MT-1` (Scope 1 GHG emissions), `D-MT-2` (Scope 2 GHG emissions) in hkex-esg-2025",
    );
}

#[test]
fn codes_of_a_framework_book_toml_does_not_name() {
    let report = report();
    report.write(
        "book.toml",
        "[book]\ntitle = \"Acme\"\n[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:4: this section tags GRI codes but book.toml names no GRI catalog\n  help: add `gri = \"gri-2021\"` under [esg] in book.toml",
    );
}

// ---- omissions ----------------------------------------------------------------------------

#[test]
fn omit_of_a_mandatory_item() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\nhkex: [A1]\nomit:\n  hkex:\n    MDR-GOV: Not relevant\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:5: `MDR-GOV` (Board statement on its oversight, approach and review of ESG matters) is a mandatory disclosure and cannot be omitted\n  help: remove it from `omit` and add `MDR-GOV` to the `hkex:` list of the section that discloses it",
    );
}

#[test]
fn empty_omission_explanation() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\nhkex: [A1]\nomit:\n  hkex:\n    A2.5:\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:5: the omission of `A2.5` has an empty explanation\n  help: write the considered reason, e.g. `A2.5: Not material to our business because …`",
    );
    // A GRI omission with a reason but no explanation.
    report.write(
        "content/emissions.md",
        "---\nhkex: [A1]\nomit:\n  gri:\n    \"304\":\n      reason: not-applicable\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:5: the omission of `304` has an empty explanation\n  help: add `explanation:` saying why, e.g. which information is unavailable and when it will be",
    );
}

#[test]
fn unknown_omission_reason() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\ngri: [\"305-1\"]\nomit:\n  gri:\n    \"304-1\":\n      reason: not material\n      explanation: No sites near protected areas\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:6: unknown reason for omission `not material`\n  help: the reasons are: not-applicable, legal-prohibitions, confidentiality-constraints, information-unavailable",
    );
    // A near miss gets a suggestion.
    report.write(
        "content/emissions.md",
        "---\ngri: [\"305-1\"]\nomit:\n  gri:\n    \"304-1\":\n      reason: not-aplicable\n      explanation: No sites near protected areas\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:6: unknown reason for omission `not-aplicable`\n  help: did you mean `not-applicable`? (reasons: not-applicable, legal-prohibitions, confidentiality-constraints, information-unavailable)",
    );
}

#[test]
fn gri_omission_without_a_reason() {
    let report = report();
    report.write(
        "content/emissions.md",
        "---\ngri: [\"305-1\"]\nomit:\n  gri:\n    \"304-1\": No sites near protected areas\n---\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:5: the omission of `304-1` gives no reason\n  help: add `reason:` with one of not-applicable, legal-prohibitions, confidentiality-constraints, information-unavailable and an `explanation:`",
    );
}

// ---- SUMMARY.md ---------------------------------------------------------------------------

#[test]
fn section_listed_in_two_chapters() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "# Summary\n\n- [Environment](environment.md)\n    - [Emissions](emissions.md)\n- [Climate](climate.md)\n    - [Emissions again](emissions.md)\n",
    );
    report.write("content/environment.md", "# Environment\n");
    report.write("content/climate.md", "# Climate\n");
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:6: `emissions.md` is listed twice (first at line 4)\n  help: a section can appear once; link to it from the other chapter's text instead",
    );
}

#[test]
fn summary_links_with_spaces_work() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "- [Encoded](our%20people.md)\n- [Angle](<our plants.md>)\n- [Bare](our community.md)\n",
    );
    for (name, code) in [
        ("our people", "B1"),
        ("our plants", "A1"),
        ("our community", "B8"),
    ] {
        report.write(
            &format!("content/{name}.md"),
            format!("---\nhkex: [{code}]\n---\n"),
        );
    }
    report.remove("content/emissions.md");
    report.run(&["check"]).works().quietly();
    for code in ["B1", "A1", "B8"] {
        assert_eq!(report.status("hkex", code), "covered", "{code}");
    }
}

#[test]
fn missing_summary_target() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- [Water](environment/water.md)\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:2: `environment/water.md` does not exist\n  help: create content/environment/water.md, fix the link, or make it a draft with `[Water]()`",
    );
}

#[test]
fn summary_line_that_is_not_a_link() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- Water\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:2: expected a chapter link, found `- Water`\n  help: write each chapter as `- [Title](folder/file.md)`; use `- [Title]()` for a draft",
    );
}

#[test]
fn summary_link_to_a_non_markdown_file() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- [Data](data.xlsx)\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:2: chapter `data.xlsx` is not a Markdown (.md) file\n  help: link to the section's .md file",
    );
}

#[test]
fn summary_link_outside_the_source_folder() {
    let report = report();
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- [Notes](../notes.md)\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:2: chapter `../notes.md` is outside the source folder\n  help: chapters must be files inside the source folder, linked relative to SUMMARY.md",
    );
}

#[test]
fn summary_link_that_reads_as_a_url() {
    let report = report();
    report.write("content/javascript:alert(1).md", "# Scripted\n");
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- [Scripted](javascript:alert(1).md)\n",
    );
    report.run(&["check"]).fails().says(
        "error: content/SUMMARY.md:2: chapter `javascript:alert(1).md` looks like a URL or a drive, not a file in the source folder\n  help: link to a file inside the source folder, relative to SUMMARY.md; rename a file or folder whose name has a `:`",
    );
}

#[test]
fn missing_summary() {
    let report = report();
    report.remove("content/SUMMARY.md");
    let run = report.run(&["check"]);
    run.fails();
    assert!(
        run.stderr
            .contains("error: content/SUMMARY.md: cannot read the table of contents: "),
        "{}",
        run.stderr
    );
    run.says("  help: create content/SUMMARY.md listing the sections, e.g. `- [Our approach](approach.md)`");
}

#[test]
fn markdown_file_not_in_summary() {
    let report = report();
    report.write("content/draft-water.md", "# Water\n");
    report.run(&["check"]).works().says(
        "warning: content/draft-water.md: this file is not listed in SUMMARY.md, so it is not published\n  help: add `- [Title](draft-water.md)` to content/SUMMARY.md, or delete the file",
    );
}

// ---- encodings and file shapes ------------------------------------------------------------

#[test]
fn file_saved_as_utf16() {
    let report = report();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(SECTION.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    report.write("content/emissions.md", utf16);
    report.run(&["check"]).fails().says(
        "error: content/emissions.md: the file is saved as UTF-16\n  help: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
    );
}

#[test]
fn non_utf8_bytes() {
    let report = report();
    // "café" saved as Latin-1 on line 9.
    let mut bytes = SECTION.as_bytes().to_vec();
    bytes.extend_from_slice(b"Our caf\xe9 uses fair-trade coffee.\n");
    report.write("content/emissions.md", bytes);
    report.run(&["check"]).fails().says(
        "error: content/emissions.md:10: the file is not valid UTF-8 text\n  help: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
    );
}

#[test]
fn file_with_a_bom_works() {
    let report = report();
    report.write("content/emissions.md", format!("\u{FEFF}{SECTION}"));
    report.write("content/SUMMARY.md", format!("\u{FEFF}{SUMMARY}"));
    report.write("book.toml", format!("\u{FEFF}{BOOK_TOML}"));
    report.run(&["check"]).works().quietly();
    assert_eq!(report.status("hkex", "A1.1"), "covered");
}

#[test]
fn crlf_line_endings_work() {
    let report = report();
    report.write("content/emissions.md", SECTION.replace('\n', "\r\n"));
    report.write("content/SUMMARY.md", SUMMARY.replace('\n', "\r\n"));
    report.write("book.toml", BOOK_TOML.replace('\n', "\r\n"));
    report.run(&["check"]).works().quietly();
    assert_eq!(report.status("gri", "305-1"), "covered");
    // Lines are still counted as the editor shows them.
    report.write(
        "content/emissions.md",
        "---\r\nhkex: [A1]\r\n\r\ngri: [\"999\"]\r\n---\r\n",
    );
    report
        .run(&["check"])
        .fails()
        .says("error: content/emissions.md:4: unknown GRI code `999` (catalog gri-2021)");
}

#[test]
fn old_mac_line_endings_work() {
    let report = report();
    report.write("content/emissions.md", SECTION.replace('\n', "\r"));
    report.run(&["check"]).works().quietly();
    assert_eq!(report.status("hkex", "A1"), "covered");
}

#[test]
fn empty_file() {
    let report = report();
    report.write("content/emissions.md", "");
    report.run(&["check"]).works().says(
        "warning: content/emissions.md: the section file is empty, so its page is blank\n  help: write the section, or make it a draft in content/SUMMARY.md with `[Emissions]()`",
    );
}

#[test]
fn huge_file_works() {
    let report = report();
    let paragraph =
        "Our plants measure emissions monthly and report them to the board. ".repeat(15);
    let mut text = String::with_capacity(21_000_000);
    text.push_str(SECTION);
    while text.len() < 20_000_000 {
        text.push_str(&paragraph);
        text.push_str("\n\n");
    }
    report.write("content/emissions.md", text);
    report.run(&["check"]).works().quietly();
    assert_eq!(report.status("hkex", "A1.1"), "covered");
}

#[cfg(unix)]
#[test]
fn symlink_loop_under_content() {
    let report = report();
    std::fs::create_dir_all(report.join("content/images")).unwrap();
    std::os::unix::fs::symlink("..", report.join("content/images/up")).unwrap();
    std::os::unix::fs::symlink("loop-b", report.join("content/loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", report.join("content/loop-b")).unwrap();
    report.run(&["check"]).works().quietly();
    // A chapter linked through the loop is an error that names the line, not a hang.
    report.write(
        "content/SUMMARY.md",
        "- [Emissions](emissions.md)\n- [Loop](loop-a/x.md)\n",
    );
    let run = report.run(&["check"]);
    run.fails();
    assert!(
        run.stderr
            .contains("error: content/SUMMARY.md:2: cannot read `loop-a/x.md`: "),
        "{}",
        run.stderr
    );
}

// ---- book.toml ----------------------------------------------------------------------------

#[test]
fn build_dir_pointing_at_the_content_folder() {
    let report = report();
    report.write(
        "book.toml",
        format!("{BOOK_TOML}\n[build]\nbuild-dir = \"content\"\n"),
    );
    let run = report.run(&["build"]);
    run.fails().says(
        "error: book.toml: build-dir `content` is the source folder or contains it; building there would delete your sources\n  help: set [build] build-dir = \"book\" (a folder of its own)",
    );
    assert_eq!(report.read("content/emissions.md"), SECTION);
}

#[test]
fn unknown_esg_key() {
    let report = report();
    report.write(
        "book.toml",
        BOOK_TOML.replace("period-start", "period-strat"),
    );
    report.run(&["check"]).fails().says(
        "error: book.toml:8: unknown key `period-strat` in [esg]\n  help: did you mean `period-start`?",
    );
}

#[test]
fn unknown_catalog_edition() {
    let report = report();
    report.write(
        "book.toml",
        BOOK_TOML.replace("hkex-esg-2025", "hkex-esg-2023"),
    );
    report.run(&["check"]).fails().says(
        "error: book.toml:6: unknown HKEX catalog edition `hkex-esg-2023`\n  help: did you mean `hkex-esg-2020` or `hkex-esg-2025`? (editions: hkex-esg-2020, hkex-esg-2025)",
    );
}

#[test]
fn invalid_toml() {
    let report = report();
    report.write("book.toml", "[book]\ntitle = \"Acme ESG Report 2025\n");
    let run = report.run(&["check"]);
    run.fails();
    assert!(
        run.stderr.contains("error: book.toml:2: invalid TOML: "),
        "{}",
        run.stderr
    );
    run.says("  help: check quotes, brackets and `key = value` syntax on that line");
}

#[test]
fn invalid_period_start() {
    let report = report();
    report.write("book.toml", BOOK_TOML.replace("2025-01-01", "2025-02-30"));
    report.run(&["check"]).fails().says(
        "error: book.toml:8: invalid TOML: invalid date, expected day between 01 and 28\n  help: check quotes, brackets and `key = value` syntax on that line",
    );
    report.write(
        "book.toml",
        BOOK_TOML.replace("2025-01-01", "\"2025-13-01\""),
    );
    report.run(&["check"]).fails().says(
        "error: book.toml:8: `period-start` must be a date like 2025-01-01\n  help: write it without quotes: period-start = 2025-01-01",
    );
}

#[test]
fn unknown_issuer() {
    let report = report();
    report.write("book.toml", format!("{BOOK_TOML}issuer = \"main board\"\n"));
    report.run(&["check"]).fails().says(
        "error: book.toml:9: unknown issuer `main board`\n  help: use \"main-board\", \"largecap\" or \"gem\"",
    );
}

#[test]
fn missing_book_toml() {
    let report = report();
    report.remove("book.toml");
    let run = report.run(&["check"]);
    run.fails();
    assert!(
        run.stderr
            .starts_with("error: book.toml: cannot read book.toml: "),
        "{}",
        run.stderr
    );
}

/// docs/errors.md names a test for every entry, and every test here has an entry.
#[test]
fn the_catalogue_and_its_tests_match() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/errors.md")).unwrap();
    let source = std::fs::read_to_string(root.join("tests/cli/bad_input.rs")).unwrap();
    // The link, rules, data and PDF errors are tested with the other checks of their kind.
    let tested = source.clone()
        + &std::fs::read_to_string(root.join("tests/cli/links.rs")).unwrap()
        + &std::fs::read_to_string(root.join("tests/cli/rules.rs")).unwrap()
        + &std::fs::read_to_string(root.join("tests/cli/data.rs")).unwrap()
        + &std::fs::read_to_string(root.join("tests/cli/pdf.rs")).unwrap()
        + &std::fs::read_to_string(root.join("tests/cli/editions.rs")).unwrap();
    let mut named = Vec::new();
    for heading in doc.lines().filter(|l| l.starts_with("### ")) {
        let (_, tests) = heading
            .split_once(" — ")
            .unwrap_or_else(|| panic!("no test named in `{heading}`"));
        for test in tests.split(", ") {
            let test = test.trim_matches('`');
            assert!(
                tested.contains(&format!("fn {test}()")),
                "docs/errors.md names `{test}`, which tests/cli/bad_input.rs, links.rs, rules.rs, data.rs and pdf.rs lack"
            );
            named.push(test.to_string());
        }
    }
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "#[test]" {
            let next = lines.next().unwrap_or_default().trim();
            let next = if next.starts_with("#[") {
                lines.next().unwrap_or_default().trim()
            } else {
                next
            };
            let name = next
                .strip_prefix("fn ")
                .and_then(|n| n.split('(').next())
                .unwrap_or_default();
            if name != "the_catalogue_and_its_tests_match" {
                assert!(
                    named.iter().any(|n| n == name),
                    "tests/cli/bad_input.rs has `{name}`, which docs/errors.md does not list"
                );
            }
        }
    }
    assert!(named.len() >= 30, "{named:?}");
}
