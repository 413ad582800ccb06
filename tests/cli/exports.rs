//! The exports agree: CSV, Markdown and XLSX hold the same rows and cells as the JSON.

use crate::util::{Project, repo_root, run_in};
use calamine::{Reader, Xlsx};

const COLUMNS: [&str; 10] = [
    "ID",
    "Label",
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
                s(&row["label"]),
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
    run.fails();
    assert_eq!(
        run.stderr,
        "error: an xlsx export needs a file: add `-o index.xlsx`\n"
    );
}

#[test]
fn exporting_an_unconfigured_framework_is_an_error() {
    let p = Project::with("[esg]\nhkex = \"hkex-esg-2020\"\n", &[("SUMMARY.md", "")]);
    let run = p.run(&["export", "--framework", "gri", "--format", "json"]);
    run.fails().says(&format!(
        "error: book.toml: no GRI catalog is configured, so there is no GRI index\n  help: add `gri = \"gri-2021\"` under [esg] in {}",
        p.join("book.toml").display()
    ));
}

#[test]
fn output_file_is_replaced_whole_or_not_at_all() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\n",
        &[
            ("SUMMARY.md", "- [Board](board.md)\n"),
            ("board.md", "---\ntitle: Board\nhkex: [MDR-GOV]\n---\n"),
        ],
    );
    p.write("hkex.csv", "previous export\n");
    let export = || {
        p.run(&[
            "export",
            "--framework",
            "hkex",
            "--format",
            "csv",
            "-o",
            "hkex.csv",
        ])
    };
    // Bad input: nothing is written, the previous file stays.
    p.write("content/board.md", "---\nhkex: [A99]\n---\n");
    export().fails();
    assert_eq!(p.read("hkex.csv"), "previous export\n");
    // Good input: the file is replaced, and no temporary file is left beside it.
    p.write(
        "content/board.md",
        "---\ntitle: Board\nhkex: [MDR-GOV]\n---\n",
    );
    export().expect_code(0);
    let text = p.read("hkex.csv");
    assert!(
        text.starts_with(
            "\u{FEFF}ID,Label,Title,Kind,Obligation,Status,Location,Path,Omission reason,Explanation\r\n"
        ),
        "{text}"
    );
    assert_eq!(
        text.lines().nth(1),
        Some(
            "MDR-GOV,Governance structure,\"Board statement on its oversight, approach and review of ESG matters\",mandatory-disclosure,mandatory,covered,Board,board.md,,"
        )
    );
    let mut names: Vec<String> = std::fs::read_dir(p.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["book.toml", "content", "hkex.csv"]);
}
