//! `esgbook pdf` and `export --pages` through the binary, read back with poppler's
//! `pdfinfo`, `pdffonts` and `pdftotext` (Debian `poppler-utils`, which `.ci/run` installs).

use crate::util::{Project, repo_root, run_in};
use std::path::Path;
use std::process::Command;

/// Runs a poppler tool and returns its standard output.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of each page, in order.
fn pages(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &["-layout"], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The number the footer prints: the page's last non-empty line, when it is a number.
fn footer_number(page: &str) -> Option<u32> {
    page.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .and_then(|l| l.trim().parse().ok())
}

/// The physical page (from 1) each internal link of the PDF goes to, in order
/// (`pdftohtml -xml` writes them as `<a href="NAME.html#PAGE">`).
fn link_targets(pdf: &Path) -> Vec<usize> {
    let xml = poppler("pdftohtml", &["-xml", "-i", "-stdout"], pdf);
    xml.split("<a href=\"")
        .skip(1)
        .filter_map(|rest| {
            let href = rest.split('"').next()?;
            href.rsplit_once(".html#")?.1.parse().ok()
        })
        .collect()
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A copy of the JL MAG fixture in a temporary folder.
fn jlmag() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = repo_root().join("tests/fixtures/jlmag-2022");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.expect("walk");
        let to = dir
            .path()
            .join(entry.path().strip_prefix(&from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &to).expect("copy");
        }
    }
    dir
}

#[test]
fn jlmag_pdf_is_a4_embeds_its_fonts_and_cites_the_pages_its_footers_print() {
    let dir = jlmag();
    let pdf = dir.path().join("out.pdf");
    let run = run_in(dir.path(), &["pdf", "-o", pdf.to_str().expect("utf-8")]);
    run.expect_code(0);
    assert!(run.stderr.contains("wrote "), "{}", run.stderr);

    let info = poppler("pdfinfo", &[], &pdf);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("page size");
    assert!(size.ends_with(" x 841.89 pts (A4)"), "{info}");
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name, type, encoding, emb, sub, uni, object, generation: `emb` is 5th from the end.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }

    let text = pages(&pdf);
    assert!(footer_number(&text[0]).is_none(), "the cover has no number");
    let json = run_in(
        dir.path(),
        &[
            "export",
            "--framework",
            "hkex",
            "--format",
            "json",
            "--pages",
        ],
    );
    json.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let mut checked = 0;
    let mut cited = std::collections::BTreeSet::new();
    for row in doc["rows"].as_array().expect("rows") {
        for location in row["locations"].as_array().expect("locations") {
            let page = location["page"].as_u64().expect("a page on every location") as u32;
            let title = location["title"].as_str().expect("title");
            let found: Vec<usize> = (0..text.len())
                .filter(|&i| footer_number(&text[i]) == Some(page) && i > 1)
                .collect();
            assert_eq!(found.len(), 1, "one body page numbered {page}");
            assert!(
                squash(&text[found[0]]).contains(&squash(title)),
                "page {page} does not start `{title}`:\n{}",
                text[found[0]]
            );
            cited.insert(found[0] + 1);
            checked += 1;
        }
    }
    assert!(checked >= 40, "{checked} locations checked");
    // The index links each location to the page it cites: every such page is the target of
    // a link, and every link goes to a page of the document.
    let targets = link_targets(&pdf);
    assert!(targets.len() >= checked, "{} links", targets.len());
    for target in &targets {
        assert!((1..=text.len()).contains(target), "a link to page {target}");
    }
    for page in &cited {
        assert!(targets.contains(page), "no link goes to page {page}");
    }
    // Every section title is in the text.
    let all = squash(&text.join("\n"));
    for row in doc["rows"].as_array().expect("rows") {
        for location in row["locations"].as_array().expect("locations") {
            let title = location["title"].as_str().expect("title");
            assert!(all.contains(&squash(title)), "{title}");
        }
    }
}

#[test]
fn a_chinese_paragraph_comes_back_as_written() {
    let paragraph = "本集團致力減少溫室氣體排放，並於二零二五年訂立減碳目標。我们承诺持续改进。";
    let project = Project::with(
        "[book]\ntitle = \"環境、社會及管治報告\"\nlanguage = \"zh-hk\"\n\n[esg]\nhkex = \"hkex-esg-2025\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [環境](env.md)\n"),
            (
                "env.md",
                &format!("# 環境\n\n{paragraph} Mixed with English.\n"),
            ),
        ],
    );
    let pdf = project.path().join("zh.pdf");
    let run = project.run(&["pdf", "-o", pdf.to_str().expect("utf-8")]);
    run.expect_code(0);
    assert!(
        !run.stderr.contains("pdf-font") && !run.stderr.contains("no font with Chinese"),
        "{}",
        run.stderr
    );
    let text = poppler("pdftotext", &[], &pdf);
    assert!(squash(&text).contains(&squash(paragraph)), "{text}");
    assert!(text.contains("Mixed with English."), "{text}");
}

#[test]
fn a_hostile_section_lays_out_and_its_text_comes_back_literally() {
    let table: String = (1..=60)
        .map(|i| format!("| row {i} | #strong[{i}] | `a]b` |\n"))
        .collect();
    let long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(6);
    let body = format!(
        "# Hostile\n\n#set page(width: 1cm) and #import \"x.typ\": *\n\n@nobody <fake> $x^2$ \\*not bold\\* ] [ \\\\ back\\\\slash\n\n<script>alert(1)</script>\n\n{long_word}\n\n| Alpha | Beta | Gamma |\n|---|---|---|\n{table}\n\"quote\" and #{{1 + 1}}\n"
    );
    let project = Project::with(
        "[book]\ntitle = \"Hostile #\\\" report\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [Hostile #1](hostile.md)\n"),
            ("hostile.md", &body),
        ],
    );
    let pdf = project.path().join("h.pdf");
    let run = project.run(&["pdf", "-o", pdf.to_str().expect("utf-8")]);
    run.expect_code(0);
    let text = poppler("pdftotext", &[], &pdf);
    for literal in [
        "#set page(width: 1cm) and #import \"x.typ\": *",
        "@nobody <fake> $x^2$ *not bold* ] [ \\ back\\slash",
        "<script>alert(1)</script>",
        "#strong[60]",
        "\"quote\" and #{1 + 1}",
        "Hostile #\" report",
        "Hostile #1",
    ] {
        assert!(
            squash(&text).contains(&squash(literal)),
            "`{literal}` not in:\n{text}"
        );
    }
    assert!(squash(&text).contains(&long_word[..40]), "{text}");
    // The 60-row table runs over two pages at least, and its header row repeats on each.
    let text_pages = pages(&pdf);
    let with_rows: Vec<&String> = text_pages.iter().filter(|p| p.contains("row ")).collect();
    assert!(with_rows.len() >= 2, "{}", with_rows.len());
    for page in with_rows {
        assert!(page.contains("Alpha") && page.contains("Gamma"), "{page}");
    }
}

#[test]
fn build_writes_the_pdf_when_enabled_and_a_failed_build_keeps_the_previous_one() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\n\n[output.pdf]\nenable = true\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("a.md", "# A\n\nText.\n"),
        ],
    );
    let run = project.run(&["build"]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("and the PDF (3 pages)"),
        "{}",
        run.stderr
    );
    let pdf = project.path().join("book/report.pdf");
    let first = std::fs::read(&pdf).expect("the PDF is in the build dir");
    assert!(first.starts_with(b"%PDF-"));

    project.write("content/a.md", "# A\n\n[gone](gone.md)\n");
    project.run(&["build"]).expect_code(2);
    assert_eq!(std::fs::read(&pdf).expect("still there"), first);
    project.run(&["pdf"]).expect_code(2);
    assert_eq!(std::fs::read(&pdf).expect("still there"), first);
}

#[test]
fn export_pages_adds_a_page_column_and_plain_export_has_none() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\n\n[esg]\nhkex = \"hkex-esg-2025\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n"),
            ("a.md", "---\nhkex: [A1]\n---\n# A\n\nText.\n"),
            ("b.md", "---\nhkex: [A1, A2]\n---\n# B\n\nText.\n"),
        ],
    );
    let plain = project.run(&["export", "--framework", "hkex", "--format", "csv"]);
    plain.expect_code(0);
    assert!(!plain.stdout.contains(",Page,"), "{}", plain.stdout);
    let paged = project.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "csv",
        "--pages",
    ]);
    paged.expect_code(0);
    let mut lines = paged.stdout.lines();
    assert_eq!(
        lines.next().map(|l| l.trim_start_matches('\u{feff}')),
        Some(
            "ID,Label,Title,Kind,Obligation,Status,Location,Page,Path,Omission reason,Explanation"
        )
    );
    let a1 = paged
        .stdout
        .lines()
        .find(|l| l.starts_with("A1,"))
        .expect("A1");
    assert!(a1.contains(",A; B,1; 2,a.md; b.md,"), "{a1}");
    let json = project.run(&["export", "--framework", "hkex", "--format", "json"]);
    assert!(!json.stdout.contains("\"page\""));
}

#[test]
fn pdf_refuses_an_edition_the_report_does_not_have() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("a.md", "# A\n"),
        ],
    );
    let run = project.run(&["pdf", "--lang", "zh-cn"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: book.toml: the report has no `zh-cn` edition; its editions are: en"),
        "{}",
        run.stderr
    );
    assert!(!project.path().join("book/report.pdf").exists());
    project.run(&["pdf", "--lang", "en"]).expect_code(0);
    assert!(project.path().join("book/report.pdf").exists());
}

#[test]
fn an_image_typst_cannot_read_is_an_error_at_its_section() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("a.md", "# A\n\n![chart](chart.png)\n"),
            ("chart.png", "<html>not a picture</html>"),
        ],
    );
    let run = project.run(&["pdf"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: content/a.md: the PDF could not be typeset: "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: the PDF was not written; an earlier PDF was left as it was"),
        "{}",
        run.stderr
    );
    assert!(!project.path().join("book/report.pdf").exists());
}

#[test]
fn chinese_text_without_a_cjk_font_warns_and_still_writes_the_pdf() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\nlanguage = \"zh-hk\"\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [環境](a.md)\n"),
            ("a.md", "# 環境\n\n減少排放。\n"),
        ],
    );
    // A font configuration that finds no fonts: a fresh machine.
    project.write(
        "fonts.conf",
        "<?xml version=\"1.0\"?>\n<fontconfig><dir>/nonexistent-esgbook-fonts</dir></fontconfig>\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_esgbook"))
        .arg("pdf")
        .arg(project.path())
        .env("FONTCONFIG_FILE", project.path().join("fonts.conf"))
        .output()
        .expect("run esgbook");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("warning: book.toml: the report has Chinese text but no font with Chinese characters was found").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("apt-get install fonts-noto-cjk"),
        "{stderr}"
    );
    assert!(project.path().join("book/report.pdf").exists());
}

#[test]
fn unknown_output_pdf_key() {
    let project = Project::with(
        "[book]\ntitle = \"T\"\n\n[output.html]\nanything = 1\n\n[output.pdf]\nenabled = true\n",
        &[
            ("SUMMARY.md", "# Summary\n\n- [A](a.md)\n"),
            ("a.md", "# A\n"),
        ],
    );
    let run = project.run(&["check"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: book.toml:8: unknown key `enabled` in [output.pdf]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `enable`?"),
        "{}",
        run.stderr
    );
}

/// The lines of a page's text from the first that starts with `from`, blanks dropped and
/// runs of spaces squeezed to one.
fn lines_from(text: &str, from: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .skip_while(|l| !l.starts_with(from))
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn kpi_tables_print_the_figures_as_formatted_with_notes_marks_and_breakdowns() {
    let project = Project::with(
        "[book]\ntitle = \"K\"\n\n[esg]\nhkex = \"hkex-esg-2020\"\nperiod-end = 2022-12-31\n",
        &[
            ("SUMMARY.md", "- [Performance](performance.md)\n"),
            (
                "performance.md",
                "# Performance\n\nFigures:\n\n{{#kpi ghg-scope1 water}}\n\n{{#kpi employees by gender}}\n\n{{#kpi employees by gender chart}}\n",
            ),
        ],
    );
    project.write(
        "data/metrics.yaml",
        "ghg-scope1: {label: \"GHG emissions (Scope 1)\", unit: tCO2e}\nwater: {label: Water consumption, unit: \"m³\"}\nemployees: {label: Employees, unit: person, dimensions: [gender]}\n",
    );
    project.write(
        "data/kpi.csv",
        "metric,period,gender,value,unit,note,assured\n\
         ghg-scope1,2022,,\"1,300,453\",tCO2e,,yes\n\
         ghg-scope1,2021,,\"1,250,000.5\",tCO2e,Restated.,\n\
         water,2022,,0.50,m³,,\n\
         employees,2022,,\"5,003\",person,,\n\
         employees,2022,male,\"3,361\",person,,\n\
         employees,2022,female,\"1,642\",person,,\n\
         employees,2020,,\"3,529\",person,,\n",
    );
    let pdf = project.path().join("k.pdf");
    project
        .run(&["pdf", "-o", pdf.to_str().expect("utf-8")])
        .expect_code(0);
    let text = pages(&pdf);
    let page = text
        .iter()
        .find(|p| p.contains("Figures:"))
        .expect("the section's page");
    let lines = lines_from(page, "Indicator");
    assert_eq!(
        lines[..9],
        [
            "Indicator Unit 2022 2021 2020",
            // The note mark is a superscript 1 after the label; the assured mark follows
            // the figure; `/` is a year without a value.
            "GHG emissions (Scope 1)1 tCO2e 1,300,453 ✓ 1,250,000.5 /",
            "Water consumption m³ 0.50 / /",
            "1 Restated.",
            "✓ Assured by the independent assurance provider.",
            "Indicator Unit 2022 2021 2020",
            "Employees person 5,003 / 3,529",
            "male person 3,361 / /",
            "female person 1,642 / /",
        ],
        "{page}"
    );
    // The chart is drawn (its axis and legend are text in the PDF), with its caption.
    let chart = &lines[9..];
    assert!(chart.contains(&"4,000".to_string()), "{page}");
    assert!(chart.contains(&"2020 2021 2022".to_string()), "{page}");
    assert!(chart.contains(&"male female".to_string()), "{page}");
    assert!(
        chart.contains(&"Employees by gender (person)".to_string()),
        "{page}"
    );
}

#[test]
fn a_tagged_heading_is_cited_at_its_own_page_in_the_pdf_and_in_export_pages() {
    let paragraphs: Vec<String> = (1..=40)
        .map(|i| format!("Paragraph {i}. Our plants measure dust, noise and water every month and report the results to the Board, which reviews them against the targets set for the year."))
        .collect();
    let body = format!(
        "---\nhkex: [A1]\n---\n# Environment\n\n{}\n\n## Hazardous waste {{#waste hkex=\"A1.3 A1.6\"}}\n\nWe sort and count hazardous waste at every site.\n",
        paragraphs.join("\n\n")
    );
    let project = Project::with(
        "[book]\ntitle = \"S\"\n\n[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
        &[
            ("SUMMARY.md", "- [Environment](env.md)\n"),
            ("env.md", &body),
        ],
    );
    let pdf = project.path().join("s.pdf");
    project
        .run(&["pdf", "-o", pdf.to_str().expect("utf-8")])
        .expect_code(0);
    let text = pages(&pdf);
    // The section starts on page 1; its tagged heading is on page 2.
    let numbered = |n: u32| {
        text.iter()
            .find(|p| footer_number(p) == Some(n) && !p.contains("Contents"))
            .expect("a page with that number")
    };
    assert!(numbered(1).contains("Paragraph 1."));
    assert!(!numbered(1).contains("Hazardous waste"));
    assert!(numbered(2).contains("Hazardous waste"));
    let index = text
        .iter()
        .find(|p| p.contains("A1.3 "))
        .expect("the index page");
    let cited: Vec<String> = index
        .lines()
        .filter(|l| l.contains("Environment"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert!(
        cited
            .iter()
            .any(|l| l.contains("A1 ") && l.contains("Environment 1")),
        "{index}"
    );
    for code in ["A1.3", "A1.6"] {
        assert!(
            cited
                .iter()
                .any(|l| l.contains(code) && l.contains("Environment › Hazardous waste 2")),
            "{code}: {index}"
        );
    }

    let json = project.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "json",
        "--pages",
    ]);
    json.expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let page_of = |id: &str| -> Vec<(String, u64)> {
        doc["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| r["id"] == id)
            .flat_map(|r| r["locations"].as_array().expect("locations").clone())
            .map(|l| {
                (
                    l["url"].as_str().expect("url").to_string(),
                    l["page"].as_u64().expect("page"),
                )
            })
            .collect()
    };
    assert_eq!(page_of("A1"), [("env.html".to_string(), 1)]);
    assert_eq!(page_of("A1.3"), [("env.html#waste".to_string(), 2)]);
    assert_eq!(page_of("A1.6"), [("env.html#waste".to_string(), 2)]);
}
