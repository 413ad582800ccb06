//! No injection: hostile strings in front-matter titles, omission explanations, SUMMARY.md
//! link text, book.toml's title, authors and company, and file names go through `build` and
//! every export. HTML must escape them, CSV must neutralise cells a spreadsheet would run
//! as formulas, XLSX cells must be plain strings, Markdown must not break its table, and
//! JSON must give them back unchanged. (Raw HTML in a section's Markdown body is allowed:
//! authors are trusted; none is used here.)

use crate::util::Project;
use std::collections::BTreeMap;
use std::io::Read;

const SCRIPT: &str = "<script>alert(\"x\")</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const DDE: &str = "=cmd|' /C calc'!A0";

/// Section titles (written in front matter), each on its own HKEX code.
const TITLES: &[(&str, &str)] = &[
    (SCRIPT, "A1"),
    (IMG, "A2"),
    (DDE, "A3"),
    ("+1", "B1"),
    ("-1", "B2"),
    ("@SUM(1)", "B3"),
    ("It's \"quoted\" & <b>bold</b>", "B4"),
    ("Line one\nLine two", "B5"),
    ("=SUM(A1:A9)", "B6"),
];

/// Omission explanations, by code.
const EXPLANATIONS: &[(&str, &str)] = &[
    ("A1.2", "=HYPERLINK(\"http://example.invalid\",\"click\")"),
    ("A2.5", "<script>alert(\"omit\")</script>"),
    ("B7.3", "@SUM(1)\n+2\r\n-3"),
];

/// Sections whose file name is hostile; their title is the SUMMARY.md link text.
const FILES: &[(&str, &str, &str)] = &[
    ("=1+1.md", "@cmd", "A3.1"),
    (
        "\"><img src=y onerror=alert(2)>.md",
        "<script>alert(\"link\")</script>",
        "B1.1",
    ),
    ("-2.md", "+3", "B2.1"),
];

const BOOK_TITLE: &str = "<script>alert(\"book\")</script> =1+2 \"quoted\"";
const COMPANY: &str = "\"><img src=z onerror=alert(3)>";

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A JSON string is a valid YAML double-quoted scalar and a valid TOML basic string.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// The hostile report: every string above in its place.
fn report() -> Project {
    let mut files = Vec::new();
    let mut summary = String::from("# Summary\n\n");
    for (n, (title, code)) in TITLES.iter().enumerate() {
        summary.push_str(&format!("- [Section {n}](s{n}.md)\n"));
        let mut text = format!("---\ntitle: {}\nhkex: [{code}]\n", quoted(title));
        if n == 0 {
            text.push_str("omit:\n  hkex:\n");
            for (code, explanation) in EXPLANATIONS {
                text.push_str(&format!("    {code}: {}\n", quoted(explanation)));
            }
        }
        text.push_str("---\n\nPlain text.\n");
        files.push((format!("s{n}.md"), text));
    }
    for (file, link_text, code) in FILES {
        summary.push_str(&format!(
            "- [{}]({})\n",
            link_text.replace('[', "\\[").replace(']', "\\]"),
            percent_encode(file)
        ));
        files.push((
            file.to_string(),
            format!("---\nhkex: [{code}]\n---\n\nPlain text.\n"),
        ));
    }
    files.push(("SUMMARY.md".to_string(), summary));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    Project::with(
        &format!(
            "[book]\ntitle = {}\nauthors = [{}]\ndescription = {}\n[esg]\nhkex = \"hkex-esg-2020\"\ncompany = {}\n",
            quoted(BOOK_TITLE),
            quoted(COMPANY),
            quoted(SCRIPT),
            quoted(COMPANY)
        ),
        &files,
    )
}

/// The HKEX index in FORMAT, written to stdout.
fn export(report: &Project, format: &str) -> Vec<u8> {
    report.export("hkex", format).stdout_bytes
}

/// Writes the HKEX index as XLSX into the project and opens it.
fn xlsx(report: &Project) -> zip::ZipArchive<std::fs::File> {
    report
        .run(&[
            "export",
            "--framework",
            "hkex",
            "--format",
            "xlsx",
            "-o",
            "index.xlsx",
        ])
        .expect_code(0);
    zip::ZipArchive::new(std::fs::File::open(report.join("index.xlsx")).expect("xlsx"))
        .expect("a zip archive")
}

#[test]
fn html_escapes_every_hostile_string() {
    let report = report();
    report.run(&["build"]).expect_code(0);
    let mut pages = 0;
    let mut stack = vec![report.join("book")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".html") && !name.ends_with(".js") {
                continue;
            }
            pages += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for payload in [
                "<script>alert(",
                "<img src=x onerror",
                "<img src=y onerror",
                "<img src=z onerror",
                "<b>bold</b>",
            ] {
                assert!(
                    !text.contains(payload),
                    "{name} holds `{payload}` unescaped"
                );
            }
        }
    }
    assert!(pages > FILES.len() + TITLES.len(), "only {pages} pages");
    // The titles are there, escaped.
    let index = report.read("book/hkex.html");
    assert!(
        index.contains("&lt;script&gt;alert("),
        "escaped title missing"
    );
    let cover = report.read("book/index.html");
    assert!(
        cover.contains("onerror=alert(3)"),
        "the company is not on the cover"
    );
}

#[test]
fn json_gives_every_string_back_unchanged() {
    let report = report();
    let json: serde_json::Value = serde_json::from_slice(&export(&report, "json")).unwrap();
    assert_eq!(json["report"], BOOK_TITLE);
    let rows: BTreeMap<String, &serde_json::Value> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect();
    for (title, code) in TITLES {
        assert_eq!(rows[*code]["locations"][0]["title"], *title, "{code}");
        assert_eq!(rows[*code]["locations"][0]["trail"][0], *title, "{code}");
    }
    for (code, explanation) in EXPLANATIONS {
        assert_eq!(rows[*code]["status"], "omitted", "{code}");
        assert_eq!(
            rows[*code]["omission"]["explanation"], *explanation,
            "{code}"
        );
    }
    for (file, link_text, code) in FILES {
        assert_eq!(rows[*code]["locations"][0]["path"], *file, "{code}");
        assert_eq!(rows[*code]["locations"][0]["title"], *link_text, "{code}");
    }
}

#[test]
fn csv_neutralises_formulas() {
    let report = report();
    let bytes = export(&report, "csv");
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM");
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let mut cells = Vec::new();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run `{cell}`"
            );
            cells.push(cell.to_string());
        }
    }
    // The text is kept, behind a quote mark.
    for expected in [
        format!("'{DDE}"),
        "'+1".into(),
        "'-1".into(),
        "'@SUM(1)".into(),
        "'=SUM(A1:A9)".into(),
        "'=1+1.md".into(),
        "'@cmd".into(),
        format!("'{}", EXPLANATIONS[0].1),
        format!("'{}", EXPLANATIONS[2].1),
        SCRIPT.into(),
    ] {
        assert!(cells.contains(&expected), "no cell `{expected}`");
    }
}

#[test]
fn markdown_escapes_and_keeps_the_table_whole() {
    let report = report();
    let text = String::from_utf8(export(&report, "md")).unwrap();
    assert!(!text.contains("<script>"), "{text}");
    assert!(!text.contains("<img"), "{text}");
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    let columns = 10;
    for line in &table {
        // Unescaped pipes delimit cells: a row has one more than it has cells.
        let bytes = line.as_bytes();
        let pipes = (0..bytes.len())
            .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
            .count();
        assert_eq!(pipes, columns + 1, "a broken row: {line}");
    }
    let rows =
        serde_json::from_slice::<serde_json::Value>(&export(&report, "json")).unwrap()["rows"]
            .as_array()
            .unwrap()
            .len();
    assert_eq!(table.len(), rows + 2, "a line break split a row");
}

#[test]
fn xlsx_cells_are_strings_never_formulas() {
    let mut archive = xlsx(&report());
    let mut sheets = 0;
    let mut shared = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut xml = String::new();
        entry.read_to_string(&mut xml).unwrap();
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            sheets += 1;
            assert!(
                !xml.contains("<f>") && !xml.contains("<f "),
                "{name} holds a formula"
            );
            // Every cell with a value is a shared string (`t="s"`); empty cells have none.
            let mut with_values = 0;
            for cell in xml.split("<c ").skip(1) {
                let cell = cell.split("</c>").next().unwrap();
                if cell.contains("<v>") || cell.contains("<is>") {
                    with_values += 1;
                    let tag = cell.split('>').next().unwrap();
                    assert!(
                        tag.contains(" t=\"s\""),
                        "{name}: a cell is not a string: {cell}"
                    );
                }
            }
            // The index sheet holds the table; the About sheet at least report and framework.
            assert!(with_values >= 4, "{name}: no cells");
        }
        if name == "xl/sharedStrings.xml" {
            shared = xml;
        }
        assert!(!name.contains("externalLink"), "{name}");
    }
    // The index and its About sheet.
    assert_eq!(sheets, 2);
    // The hostile text is stored as text (XML-escaped), not dropped.
    assert!(
        shared.contains("=cmd|' /C calc'!A0") || shared.contains("=cmd|&apos; /C calc&apos;!A0")
    );
    assert!(shared.contains("&lt;script&gt;alert("), "{shared}");
}

#[test]
fn xlsx_export_survives_a_cell_longer_than_excel_allows() {
    let explanation = "=Not material. ".repeat(3_000); // 45,000 characters
    let report = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\n",
        &[
            ("SUMMARY.md", "- [A](a.md)\n"),
            (
                "a.md",
                &format!(
                    "---\nhkex: [A1]\nomit:\n  hkex:\n    A1.2: {}\n---\n",
                    quoted(&explanation)
                ),
            ),
        ],
    );
    let mut shared = String::new();
    xlsx(&report)
        .by_name("xl/sharedStrings.xml")
        .unwrap()
        .read_to_string(&mut shared)
        .unwrap();
    assert!(shared.contains("the JSON and CSV exports have the full text]"));
    // The CSV keeps it whole (neutralised).
    let csv = String::from_utf8(export(&report, "csv")).unwrap();
    assert!(csv.contains(&format!("'{}", explanation.trim())));
}
