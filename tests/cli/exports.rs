//! The exports agree: CSV, Markdown and XLSX hold the same rows and cells as the JSON.

use crate::util::{Project, repo_root, run_in};
use calamine::{Reader, Xlsx};

const COLUMNS: [&str; 9] = [
    "ID",
    "Title",
    "Kind",
    "Obligation",
    "Status",
    "Location",
    "Path",
    "Omission reason",
    "Explanation",
];

fn reason_label(reason: &str) -> &str {
    match reason {
        "not-applicable" => "Not applicable",
        "legal-prohibitions" => "Legal prohibitions",
        "confidentiality-constraints" => "Confidentiality constraints",
        "information-unavailable" => "Information unavailable/incomplete",
        other => other,
    }
}

/// The expected table, derived from the JSON export.
fn cells_from_json(json: &serde_json::Value) -> Vec<Vec<String>> {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
            let locations = row["locations"].as_array().unwrap();
            let trails: Vec<String> = locations
                .iter()
                .map(|l| {
                    l["trail"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap())
                        .collect::<Vec<_>>()
                        .join(" › ")
                })
                .collect();
            let paths: Vec<String> = locations.iter().map(|l| s(&l["path"])).collect();
            let omission = &row["omission"];
            vec![
                s(&row["id"]),
                s(&row["title"]),
                s(&row["kind"]),
                s(&row["obligation"]),
                s(&row["status"]),
                trails.join("; "),
                paths.join("; "),
                omission["reason"]
                    .as_str()
                    .map(reason_label)
                    .unwrap_or("")
                    .to_string(),
                s(&omission["explanation"]),
            ]
        })
        .collect()
}

fn export(dir: &std::path::Path, framework: &str, format: &str) -> crate::util::Run {
    let run = run_in(
        dir,
        &["export", "--framework", framework, "--format", format],
    );
    run.expect_code(0);
    run
}

fn check_agreement(dir: &std::path::Path, framework: &str) {
    let expected = cells_from_json(&export(dir, framework, "json").json());
    assert!(!expected.is_empty());

    // CSV: a UTF-8 BOM, then a header and one record per row.
    let csv = export(dir, framework, "csv").stdout_bytes;
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "CSV starts with a BOM for Excel"
    );
    let mut reader = csv::Reader::from_reader(&csv[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, COLUMNS);
    let csv_rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(csv_rows, expected, "CSV cells equal the JSON");

    // Markdown: a pipe table with the same cells.
    let md = export(dir, framework, "md").stdout;
    let md_rows: Vec<Vec<String>> = md
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ID |"))
        .map(|l| {
            l.trim_start_matches("| ")
                .trim_end_matches(" |")
                .split(" | ")
                .map(|c| {
                    c.replace("\\|", "|")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("\\\\", "\\")
                })
                .collect()
        })
        .collect();
    assert_eq!(md_rows, expected, "Markdown cells equal the JSON");

    // XLSX: header row plus the same cells.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("index.xlsx");
    let run = run_in(
        dir,
        &[
            "export",
            "--framework",
            framework,
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    run.expect_code(0);
    let mut workbook: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let xlsx_rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(xlsx_rows[0], COLUMNS);
    assert_eq!(
        &xlsx_rows[1..],
        expected.as_slice(),
        "XLSX cells equal the JSON"
    );
}

#[test]
fn sample_report_exports_agree() {
    check_agreement(&repo_root(), "hkex");
    check_agreement(&repo_root(), "gri");
}

#[test]
fn jlmag_fixture_exports_agree() {
    check_agreement(&repo_root().join("tests/fixtures/jlmag-2022"), "hkex");
}

#[test]
fn chinese_text_and_pipes_survive_every_format() {
    let p = Project::with(
        "[book]\ntitle = \"報告 | 2025\"\n[esg]\nhkex = \"hkex-esg-2020\"\n",
        &[
            ("SUMMARY.md", "- [董事會聲明](board.md)\n"),
            (
                "board.md",
                "---\ntitle: 董事會聲明 | Board\nhkex: [MDR-GOV]\nomit:\n  hkex:\n    A2.5: \"包裝材料並不重要 | not material\"\n---\n",
            ),
        ],
    );
    check_agreement(p.path(), "hkex");
}

#[test]
fn xlsx_needs_an_output_file() {
    let run = run_in(
        &repo_root(),
        &["export", "--framework", "hkex", "--format", "xlsx"],
    );
    run.expect_code(2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);
}

#[test]
fn exporting_an_unconfigured_framework_is_an_error() {
    let p = Project::with("[esg]\nhkex = \"hkex-esg-2020\"\n", &[("SUMMARY.md", "")]);
    let run = p.run(&["export", "--framework", "gri", "--format", "json"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("no GRI catalog is configured"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_file_is_replaced_whole() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("hkex.csv");
    std::fs::write(&file, "old").unwrap();
    run_in(
        &repo_root(),
        &[
            "export",
            "--framework",
            "hkex",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
    )
    .expect_code(0);
    let text = std::fs::read(&file).unwrap();
    assert!(text.starts_with(b"\xEF\xBB\xBFID,Title"));
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        1,
        "no temporary files left behind: {leftovers:?}"
    );
}
