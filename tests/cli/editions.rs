//! Editions (`[book] languages`): one content tree per language, kept in step by `check`,
//! each built into its own folder in its own language.

use crate::util::Project;

const BOOK: &str = "[book]\ntitle = \"Acme ESG Report 2025\"\nauthors = [\"Acme Ltd\"]\nlanguages = [\"en\", \"zh-hk\"]\n\n[book.zh-hk]\ntitle = \"Acme 2025年ESG報告\"\ncompany = \"Acme有限公司\"\n\n[esg]\nhkex = \"hkex-esg-2025\"\ngri = \"gri-2021\"\nperiod-start = 2025-01-01\nperiod-end = 2025-12-31\n";

const EN_GOV: &str = "---\ntitle: Governance\nhkex: [MDR-GOV, MDR-PRIN, MDR-BOUND]\ngri: [\"2-9\"]\n---\n\nThe board oversees ESG. See [waste](waste.md#hazardous).\n";
const EN_WASTE: &str = "---\ntitle: Waste\nhkex: [A1]\nomit:\n  hkex:\n    A1.5: Not material for a trading business\n---\n\n## Hazardous waste {#hazardous hkex=\"A1.3\"}\n\nWe sort waste.\n";

/// A two-edition project whose editions agree, with stamps written by `check`'s advice.
fn two_editions() -> Project {
    let p = Project::with(
        BOOK,
        &[
            (
                "en/SUMMARY.md",
                "- [Governance](gov.md)\n- [Waste](waste.md)\n",
            ),
            ("zh-hk/SUMMARY.md", "- [管治](gov.md)\n- [廢物](waste.md)\n"),
            ("en/gov.md", EN_GOV),
            ("en/waste.md", EN_WASTE),
            (
                "zh-hk/gov.md",
                "---\ntitle: 管治\n---\n\n董事會監察環境、社會及管治事宜。見[廢物](waste.md#hazardous)。\n",
            ),
            (
                "zh-hk/waste.md",
                "---\ntitle: 廢物\nhkex: [A1]\nomit:\n  hkex:\n    A1.5: 對貿易業務而言並不重要\n---\n\n## 有害廢物 {#hazardous hkex=\"A1.3\"}\n\n我們把廢物分類。\n",
            ),
        ],
    );
    stamp(&p);
    p
}

/// Pastes the `translated-from` stamps that `check` prints into the translations.
fn stamp(p: &Project) {
    let run = p.run(&["check"]);
    let mut file = None;
    for line in run.stderr.lines() {
        if let Some(rest) = line.strip_prefix("warning: content/zh-hk/") {
            file = rest.split(':').next().map(str::to_string);
        } else if let (Some(f), Some((_, rest))) = (&file, line.split_once("`translated-from: ")) {
            let stamp = &rest[..12];
            let path = format!("content/zh-hk/{f}");
            let text: String = p
                .read(&path)
                .lines()
                .filter(|l| !l.starts_with("translated-from:"))
                .map(|l| format!("{l}\n"))
                .collect();
            let text = text.replacen("---\n", &format!("---\ntranslated-from: {stamp}\n"), 1);
            p.write(&path, text);
            file = None;
        }
    }
}

#[test]
fn editions_in_step_pass_and_build_into_their_folders_in_their_language() {
    let p = two_editions();
    p.run(&["check"]).works().quietly();
    p.run(&["build"]).works();
    // The primary edition is the build dir; the other its folder.
    let en = p.read("book/hkex.html");
    let zh = p.read("book/zh-hk/hkex.html");
    assert!(en.contains("<html lang=\"en\">"));
    assert!(zh.contains("<html lang=\"zh-HK\">"));
    assert!(
        zh.contains("<h1>香港交易所《環境、社會及管治報告守則》內容索引</h1>"),
        "{zh}"
    );
    // The same rows, in Chinese, with the same statuses and the translated locations.
    assert!(zh.contains("<th scope=\"row\" class=\"item-id\">關鍵績效指標 A1.3</th>"));
    assert!(zh.contains("<a href=\"waste.html#hazardous\">廢物 › 有害廢物</a>"));
    assert!(zh.contains("對貿易業務而言並不重要"));
    assert!(en.contains("<a href=\"waste.html#hazardous\">Waste › Hazardous waste</a>"));
    for file in ["hkex.html", "gri.html"] {
        let statuses = |html: &str| -> Vec<String> {
            html.split("<tr id=\"item-")
                .skip(1)
                .map(|row| {
                    let id = row.split('"').next().unwrap_or_default();
                    let status = row.split("class=\"status-").nth(1).unwrap_or_default();
                    format!("{id} {}", status.split(' ').next().unwrap_or_default())
                })
                .collect()
        };
        let (a, b) = (
            p.read(&format!("book/{file}")),
            p.read(&format!("book/zh-hk/{file}")),
        );
        assert_eq!(statuses(&a), statuses(&b), "{file}");
        assert!(!statuses(&a).is_empty(), "{file}");
    }
    // Cover words per edition, dates in Chinese.
    let cover = p.read("book/zh-hk/index.html");
    assert!(cover.contains("Acme 2025年ESG報告"));
    assert!(cover.contains("Acme有限公司"));
    assert!(
        cover.contains("報告期間：2025年1月1日至2025年12月31日"),
        "{cover}"
    );
    let gri = p.read("book/zh-hk/gri.html");
    assert!(gri.contains("Acme有限公司已參照 GRI 標準，匯報本 GRI 內容索引所引述於2025年1月1日至2025年12月31日期間的資料。"), "{gri}");
}

#[test]
fn every_page_links_to_the_same_page_in_the_other_edition() {
    let p = two_editions();
    p.run(&["build"]).works();
    let mut pages = 0;
    for (dir, other, lang) in [("book", "zh-hk/", "zh-HK"), ("book/zh-hk", "../", "en")] {
        for entry in std::fs::read_dir(p.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("html") {
                continue;
            }
            let name = path.file_name().unwrap().to_str().unwrap().to_string();
            let html = std::fs::read_to_string(&path).unwrap();
            let expected = if name == "404.html" {
                let prefix = if lang == "en" { "/" } else { "/zh-hk/" };
                format!("href=\"{prefix}404.html\" hreflang=\"{lang}\"")
            } else {
                format!("href=\"{other}{name}\" hreflang=\"{lang}\"")
            };
            assert!(html.contains(&expected), "{dir}/{name} lacks {expected}");
            if name != "404.html" {
                let target = p.join(dir).join(format!("{other}{name}"));
                assert!(
                    target.is_file(),
                    "{dir}/{name} links to a missing {}",
                    target.display()
                );
            }
            pages += 1;
        }
    }
    assert_eq!(
        pages,
        2 * 9,
        "pages per edition: cover, toc, print, search, 404, two indexes, two sections"
    );
}

#[test]
fn a_section_missing_from_a_translation() {
    let p = two_editions();
    p.write(
        "content/zh-hk/SUMMARY.md",
        "- [管治](gov.md)\n- [其他](other.md)\n",
    );
    p.write("content/zh-hk/other.md", "# 其他\n");
    let run = p.run(&["check"]);
    run.fails();
    run.says("error: content/zh-hk/SUMMARY.md:2: `other.md` is not a section of the en edition");
    run.says("error: content/zh-hk/waste.md: the zh-hk edition has no `waste.md`, which the en edition lists at content/en/SUMMARY.md:2");
    // Order: the same sections, swapped.
    let p = two_editions();
    p.write(
        "content/zh-hk/SUMMARY.md",
        "- [廢物](waste.md)\n- [管治](gov.md)\n",
    );
    p.run(&["check"]).fails().says(
        "error: content/zh-hk/SUMMARY.md:1: `waste.md` comes where the en edition has `gov.md` (content/en/SUMMARY.md:1)",
    );
}

#[test]
fn a_translation_with_other_tags() {
    let p = two_editions();
    let waste = p
        .read("content/zh-hk/waste.md")
        .replace("hkex: [A1]", "hkex: [A1, A1.4]");
    p.write("content/zh-hk/waste.md", waste);
    let run = p.run(&["check"]);
    run.fails();
    run.says("error: content/zh-hk/waste.md:4: the front matter tags differ from content/en/waste.md: hkex A1.4 not in the primary");
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);
    // A heading tag that differs.
    let p = two_editions();
    let waste = p
        .read("content/zh-hk/waste.md")
        .replace("hkex=\"A1.3\"", "hkex=\"A1.6\"");
    p.write("content/zh-hk/waste.md", waste);
    p.run(&["check"]).fails().says(
        "error: content/zh-hk/waste.md:10: the heading tags differ from content/en/waste.md: en has hkex A1.3 at #hazardous; this edition has hkex A1.6 at #hazardous",
    );
}

#[test]
fn a_heading_id_or_link_missing_from_a_translation() {
    let p = two_editions();
    let waste = p
        .read("content/zh-hk/waste.md")
        .replace(" {#hazardous hkex=\"A1.3\"}", "");
    p.write("content/zh-hk/waste.md", waste);
    let gov = p
        .read("content/zh-hk/gov.md")
        .replace("(waste.md#hazardous)", "(waste.md)");
    p.write("content/zh-hk/gov.md", gov);
    let run = p.run(&["check"]);
    run.fails();
    run.says("error: content/zh-hk/waste.md:9: the heading id `hazardous` of content/en/waste.md is missing here");
    run.says("error: content/zh-hk/gov.md:5: the link target `waste.md#hazardous` of content/en/gov.md is missing here");
    run.says(
        "error: content/zh-hk/gov.md:6: the link target `waste.md` is not in content/en/gov.md",
    );
}

#[test]
fn a_translation_showing_other_kpi_data() {
    let p = two_editions();
    p.write(
        "data/metrics.yaml",
        "waste: {label: Hazardous waste, unit: t, hkex: [A1.3]}\nwater: {label: Water, unit: m3}\n",
    );
    p.write(
        "data/kpi.csv",
        "metric,period,value\nwaste,2025,12\nwater,2025,300\n",
    );
    p.write(
        "content/en/waste.md",
        format!("{EN_WASTE}\n{{{{#kpi waste}}}}\n"),
    );
    let waste = p.read("content/zh-hk/waste.md");
    p.write(
        "content/zh-hk/waste.md",
        format!("{waste}\n{{{{#kpi water}}}}\n"),
    );
    let run = p.run(&["check"]);
    run.fails();
    run.says("error: content/zh-hk/waste.md:14: the {{#kpi}} directives differ from content/en/waste.md: there {{#kpi waste}}, here {{#kpi water}}");
}

#[test]
fn a_stale_translation_warns_with_the_stamp() {
    let p = two_editions();
    p.write("content/en/gov.md", EN_GOV.replace("oversees", "leads"));
    let run = p.run(&["check"]);
    run.works();
    let warning = run
        .stderr
        .lines()
        .find(|l| l.starts_with("warning: content/zh-hk/gov.md:2: content/en/gov.md changed since this translation was made"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(warning.contains("(translated-from "), "{warning}");
    assert!(
        run.stderr.contains("then write `translated-from: "),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_edition_language() {
    let p = Project::with(
        "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\", \"en\"]\n",
        &[("en/SUMMARY.md", "- [A](a.md)\n"), ("en/a.md", "# A\n")],
    );
    let run = p.run(&["check"]);
    run.fails();
    run.says("error: book.toml:3: esgbook has no edition language `fr`\n  help: the edition languages are en, zh-hk, zh-cn; the first is the primary edition");
    run.says("error: book.toml:3: `en` is listed twice in `languages`");
}

#[test]
fn export_and_pdf_take_the_edition() {
    let p = two_editions();
    let zh = p.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "csv",
        "--lang",
        "zh-hk",
    ]);
    zh.works();
    assert!(
        zh.stdout
            .contains("A1.3,關鍵績效指標 A1.3,所產生的有害廢棄物（噸）及密度"),
        "{}",
        zh.stdout
    );
    let en = p.run(&["export", "--framework", "hkex", "--format", "csv"]);
    assert!(
        en.stdout
            .contains("A1.3,KPI A1.3,Hazardous waste generated (tonnes) and intensity"),
        "{}",
        en.stdout
    );
    p.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "csv",
        "--lang",
        "zh-cn",
    ])
    .fails()
    .says("error: book.toml:4: the report has no `zh-cn` edition; its editions are: en, zh-hk");
}

#[test]
fn kpi_tables_speak_the_editions_language() {
    let p = two_editions();
    p.write(
        "data/metrics.yaml",
        "employees: {label: Employees, unit: person, dimensions: [gender], hkex: [B1.1]}\nwater: {label: Water, unit: m3}\n",
    );
    p.write(
        "data/kpi.csv",
        "metric,period,gender,value,note\nemployees,2025,,30,Head count at 31 December\nemployees,2025,Male,18,\nemployees,2025,Female,12,\nwater,2025,,300,\n",
    );
    p.write(
        "content/en/waste.md",
        format!("{EN_WASTE}\n{{{{#kpi employees by gender}}}}\n"),
    );
    let waste = p.read("content/zh-hk/waste.md");
    p.write(
        "content/zh-hk/waste.md",
        format!("{waste}\n{{{{#kpi employees by gender}}}}\n"),
    );
    stamp(&p);
    // Without the words file, the edition warns that its tables stay in English.
    let run = p.run(&["check"]);
    run.works();
    run.says("warning: data/metrics.zh-hk.yaml: the zh-hk edition's tables show the metrics' English labels: there is no data/metrics.zh-hk.yaml");
    p.write(
        "data/metrics.zh-hk.yaml",
        "metrics:\n  employees: {label: 僱員人數, unit: 人}\nmembers:\n  Male: 男性\n  Female: 女性\nnotes:\n  Head count at 31 December: 於12月31日的人數\n",
    );
    let run = p.run(&["check"]);
    run.works();
    run.says("warning: data/metrics.zh-hk.yaml: 1 metric(s) keep their English label in the zh-hk edition: water");
    p.run(&["build"]).works();
    let zh = p.read("book/zh-hk/waste.html");
    for expected in [
        "<th scope=\"col\">指標</th><th scope=\"col\">單位</th>",
        "<tr><th scope=\"row\">僱員人數<sup class=\"kpi-note-mark\">1</sup></th><td>人</td>",
        "<tr class=\"kpi-part\"><th scope=\"row\">男性</th><td>人</td>",
        "<li>於12月31日的人數</li>",
    ] {
        assert!(zh.contains(expected), "{expected}\n{zh}");
    }
    let en = p.read("book/waste.html");
    assert!(en.contains("<tr><th scope=\"row\">Employees<sup class=\"kpi-note-mark\">1</sup></th><td>person</td>"), "{en}");
}

#[test]
fn every_row_of_the_chinese_indexes_has_a_chinese_title_and_the_english_status() {
    let p = Project::sample();
    for framework in ["hkex", "gri"] {
        let args = |lang: Option<&str>| {
            let mut args = vec!["export", "--framework", framework, "--format", "json"];
            if let Some(lang) = lang {
                args.extend(["--lang", lang]);
            }
            p.run(&args).json()
        };
        let (en, zh) = (args(None), args(Some("zh-hk")));
        let (en_rows, zh_rows) = (
            en["rows"].as_array().unwrap(),
            zh["rows"].as_array().unwrap(),
        );
        assert_eq!(en_rows.len(), zh_rows.len(), "{framework}");
        assert!(zh_rows.len() > 50, "{framework}: {}", zh_rows.len());
        for (e, z) in en_rows.iter().zip(zh_rows) {
            assert_eq!(
                (&e["id"], &e["status"], &e["obligation"]),
                (&z["id"], &z["status"], &z["obligation"])
            );
            let title = z["title"].as_str().unwrap_or_default();
            assert!(
                title
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{framework} {}: `{title}` is not Chinese",
                z["id"]
            );
        }
    }
}
