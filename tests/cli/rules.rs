//! Issue 9: the gate's rules on FY2025–FY2027 reports, one table per rule, each case run
//! through the binary with the exact gap ids and messages.

use crate::util::{Project, catalog_ids, section};

const SUMMARY: &str = "# Summary\n\n- [All](all.md)\n";

/// A project with one section tagging `hkex` and `gri` codes.
fn project(esg: &str, hkex: &[&str], gri: &[&str]) -> Project {
    Project::with(
        &format!("[book]\ntitle = \"Rules\"\n[esg]\n{esg}"),
        &[
            ("SUMMARY.md", SUMMARY),
            ("all.md", &section("All", hkex, gri)),
        ],
    )
}

/// `check --format json`: exit code, gap ids, error and warning messages.
fn check(project: &Project) -> (i32, Vec<String>, Vec<String>, Vec<String>) {
    let run = project.run(&["check", "--format", "json"]);
    let json = run.json();
    let texts = |key: &str, field: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v[field].as_str().unwrap().to_string())
            .collect()
    };
    (
        run.code,
        texts("gaps", "id"),
        texts("errors", "message"),
        texts("warnings", "message"),
    )
}

/// Every id of the 2025 Code except `leave_out`.
fn hkex_2025_except(leave_out: &[&str]) -> Vec<String> {
    catalog_ids("hkex-esg-2025")
        .into_iter()
        .filter(|id| !leave_out.contains(&id.as_str()))
        .collect()
}

#[test]
fn a_general_disclosure_is_not_covered_by_its_kpis() {
    let ids = hkex_2025_except(&["A1"]);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (code, gaps, errors, _) = check(&project(
        "hkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
        &ids,
        &[],
    ));
    assert_eq!((code, gaps, errors), (1, vec!["A1".to_string()], vec![]));
}

#[test]
fn gri_tags_are_read_against_the_publication_date() {
    let in_acc = "gri = \"gri-2021\"\ngri-claim = \"in-accordance\"\n";
    let with_ref = "gri = \"gri-2021\"\n";
    let superseded = "`304-1` is superseded by GRI 101: Biodiversity 2024 for reports published from 2026-01-01, and this report is published on 2026-04-30 (period end + 4 months; set `published` under [esg] if it differs) (help: tag the disclosures of `101` instead (`esgbook frameworks gri-2021` lists them))";
    // (claim, dates, tags, exit, errors, warnings)
    let cases: [DateCase; 5] = [
        (
            with_ref,
            "period-start = 2025-01-01\n",
            &["304-1"],
            0,
            vec![],
            vec![superseded],
        ),
        (
            with_ref,
            "period-start = 2024-01-01\n",
            &["304-1"],
            0,
            vec![],
            vec![],
        ),
        (
            with_ref,
            "period-end = 2025-09-30\npublished = 2025-12-31\n",
            &["304-1"],
            0,
            vec![],
            vec![],
        ),
        (
            in_acc,
            "period-start = 2025-01-01\n",
            &["304-1"],
            2,
            vec![superseded],
            vec![],
        ),
        (
            with_ref,
            "period-start = 2022-01-01\npublished = 2023-04-28\n",
            &["101"],
            2,
            vec![
                "`101` (GRI 101: Biodiversity 2024) was issued on 2024-01-25, after this report's publication on 2023-04-28 (help: in gri-2016 `101` is GRI 101: Foundation 2016)",
            ],
            vec![],
        ),
    ];
    for (claim, dates, tags, exit, errors, warnings) in cases {
        let (code, _, e, w) = check(&project(&format!("{claim}{dates}"), &[], tags));
        let w: Vec<String> = w
            .into_iter()
            .filter(|m| !m.contains("material topics"))
            .collect();
        assert_eq!(
            (code, e, w),
            (exit, to_strings(&errors), to_strings(&warnings)),
            "{claim}{dates}"
        );
    }
}

/// One case of the publication-date table: book.toml [esg] lines, dates, tags, exit code,
/// errors, warnings.
type DateCase<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    i32,
    Vec<&'a str>,
    Vec<&'a str>,
);

fn to_strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_material_topic_expands_to_the_disclosures_in_force() {
    let esg = "gri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\nperiod-start = 2026-01-01\n";
    let mut tags: Vec<String> = (1..=30).map(|n| format!("2-{n}")).collect();
    tags.extend(["3-1", "3-2", "3-3", "305-6"].map(String::from));
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    let (code, gaps, errors, _) = check(&project(esg, &[], &tags));
    assert_eq!(code, 1, "{errors:?}");
    // FY2026 is published in 2027: 305-1…5 are GRI 102's now; 305-6 (tagged) and 305-7
    // stay. The plain 3-3 counts for 305 because the same section tags 305-6.
    let mut expected = vec!["305-7"];
    let climate: Vec<String> = (1..=10).map(|n| format!("102-{n}")).collect();
    expected.extend(climate.iter().map(String::as_str));
    assert_eq!(gaps, to_strings(&expected));
}

#[test]
fn three_three_is_reported_per_material_topic() {
    let esg = "gri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"418\", \"product-quality\"]\nperiod-start = 2025-01-01\n[esg.custom-topics]\nproduct-quality = \"Product quality and safety\"\n";
    let mut tags: Vec<String> = (1..=30).map(|n| format!("2-{n}")).collect();
    tags.extend(["3-1", "3-2"].map(String::from));
    let general: Vec<&str> = tags.iter().map(String::as_str).collect();
    // (topic tags, gaps)
    let cases: [(&[&str], &[&str]); 4] = [
        (&["418-1"], &["3-3:418", "3-3:product-quality"]),
        (&["3-3", "418-1"], &["3-3:product-quality"]),
        (&["3-3", "3-3:product-quality"], &["3-3:418", "418-1"]),
        (&["3-3:418", "418-1", "3-3:product-quality"], &[]),
    ];
    for (topic_tags, expected) in cases {
        let mut all = general.clone();
        all.extend_from_slice(topic_tags);
        let (code, gaps, errors, _) = check(&project(esg, &[], &all));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(gaps, to_strings(expected), "{topic_tags:?}");
        assert_eq!(code, if expected.is_empty() { 0 } else { 1 });
    }
}

/// The 2025 Code fully tagged except D-MT-3 and D-STR-4, which `all.md` omits with an
/// explanation.
fn largecap(period_start: &str) -> (i32, Vec<String>, Vec<String>, Vec<String>) {
    let ids = hkex_2025_except(&["D-MT-3", "D-STR-4"]);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let text = section("All", &ids, &[]).replacen(
        "---\n\n",
        "omit:\n  hkex:\n    D-MT-3: Scope 3 screening starts in 2026; work plan and timetable in section 4\n    D-STR-4: Quantification planned for 2027, steps in section 5\n---\n\n",
        1,
    );
    let p = Project::with(
        &format!("[esg]\nhkex = \"hkex-esg-2025\"\nissuer = \"largecap\"\n{period_start}"),
        &[("SUMMARY.md", SUMMARY), ("all.md", &text)],
    );
    check(&p)
}

#[test]
fn largecap_interim_provisions_cover_the_first_two_mandatory_years() {
    for year in ["2026", "2027"] {
        assert_eq!(
            largecap(&format!("period-start = {year}-01-01\n")),
            (0, vec![], vec![], vec![]),
            "{year}"
        );
    }
    let (code, _, errors, _) = largecap("period-start = 2028-01-01\n");
    assert_eq!(code, 2);
    assert_eq!(
        errors,
        [
            "`D-MT-3` (Scope 3 GHG emissions) is a mandatory disclosure and cannot be omitted (help: remove it from `omit` and add `D-MT-3` to the `hkex:` list of the section that discloses it)",
            "`D-STR-4` (Effects on financial position, financial performance and cash flows) is a mandatory disclosure and cannot be omitted (help: remove it from `omit` and add `D-STR-4` to the `hkex:` list of the section that discloses it)",
        ]
    );
    let (code, _, errors, _) = largecap("");
    assert_eq!(code, 2);
    assert_eq!(
        errors[0],
        "hkex-esg-2025 obligations of a largecap issuer depend on the financial year, but period-start is not set (help: add period-start = 2025-01-01 (the first day of the financial year) under [esg])"
    );
}

#[test]
fn an_interim_omission_is_printed_as_such() {
    let ids = hkex_2025_except(&["D-MT-3"]);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let text = section("All", &ids, &[]).replacen(
        "---\n\n",
        "omit:\n  hkex:\n    D-MT-3: Work plan and timetable in section 4\n---\n\n",
        1,
    );
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2025\"\nissuer = \"largecap\"\nperiod-start = 2026-01-01\n",
        &[("SUMMARY.md", SUMMARY), ("all.md", &text)],
    );
    let run = p.run(&["export", "--framework", "hkex", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    let row = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "D-MT-3")
        .unwrap()
        .clone();
    assert_eq!(row["status"], "omitted");
    assert_eq!(row["obligation"], "mandatory");
    assert_eq!(row["omission"]["reason"], "interim-provision");
}

#[test]
fn the_2020_guide_for_a_2025_year_is_an_error_and_the_2025_code_early_a_warning() {
    let ids = catalog_ids("hkex-esg-2020");
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (code, _, errors, _) = check(&project(
        "hkex = \"hkex-esg-2020\"\nperiod-start = 2025-01-01\n",
        &ids,
        &[],
    ));
    assert_eq!(code, 2);
    assert_eq!(
        errors,
        [
            "hkex-esg-2020 is out of force for financial years starting on or after 2025-01-01, and period-start is 2025-01-01 (help: set hkex = \"hkex-esg-2025\")"
        ]
    );
    let ids = catalog_ids("hkex-esg-2025");
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (code, _, errors, warnings) = check(&project(
        "hkex = \"hkex-esg-2025\"\nperiod-start = 2024-04-01\n",
        &ids,
        &[],
    ));
    assert_eq!((code, errors), (0, vec![]));
    assert_eq!(
        warnings,
        [
            "hkex-esg-2025 applies to financial years starting on or after 2025-01-01, but period-start is 2024-04-01"
        ]
    );
}

#[test]
fn codes_that_moved_say_where_they_went() {
    let p = project(
        "hkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
        &["KPI A1.2", "A4"],
        &[],
    );
    let run = p.run(&["check"]);
    run.expect_code(2);
    assert!(run.stderr.contains("help: `A1.2` of hkex-esg-2020 (Scope 1 and Scope 2 GHG emissions and intensity) became `D-MT-1` (Scope 1 GHG emissions), `D-MT-2` (Scope 2 GHG emissions) in hkex-esg-2025"), "{}", run.stderr);
    assert!(
        run.stderr.contains("`A4` of hkex-esg-2020"),
        "{}",
        run.stderr
    );
}

#[test]
fn full_width_punctuation_and_chinese_kpi_prefixes_are_accepted() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
        &[
            ("SUMMARY.md", SUMMARY),
            (
                "all.md",
                "---\ntitle：社區\nhkex：[B8，B8.1、關鍵績效指標B8.2]\n---\n\n# 社區\n",
            ),
        ],
    );
    let run = p.run(&["export", "--framework", "hkex", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    let covered: Vec<&str> = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "covered")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(covered, ["B8", "B8.1", "B8.2"]);
}

#[test]
fn gri_2016_core_needs_one_disclosure_per_topic_and_is_out_of_force_from_2023() {
    let esg = |published: &str| {
        format!(
            "gri = \"gri-2016\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\nperiod-start = 2021-01-01\npublished = {published}\n"
        )
    };
    let always: Vec<String> = esgbook::catalog::embedded::get("gri-2016")
        .unwrap()
        .items
        .iter()
        .filter(|i| i.in_accordance.is_some())
        .map(|i| i.id.clone())
        .collect();
    let mut tags: Vec<&str> = always.iter().map(String::as_str).collect();
    let (code, gaps, errors, _) = check(&project(&esg("2022-04-30"), &[], &tags));
    assert_eq!((code, gaps, errors), (1, vec!["305".to_string()], vec![]));
    tags.push("305-1");
    assert_eq!(check(&project(&esg("2022-04-30"), &[], &tags)).0, 0);
    let (code, _, errors, _) = check(&project(&esg("2023-04-30"), &[], &tags));
    assert_eq!(code, 2);
    assert_eq!(
        errors,
        [
            "gri-2016 is out of force for reports published on or after 2023-01-01, and this report is published on 2023-04-30 (help: set gri = \"gri-2021\")"
        ]
    );
}

#[test]
fn jlmag_still_passes_with_the_gri_2016_warning_its_publication_date_gives() {
    let root = crate::util::repo_root().join("tests/fixtures/jlmag-2022");
    let run = crate::util::run_in(&root, &["check", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    let warnings: Vec<(&str, &str)> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["code"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "edition-superseded",
            "gri-2016 is out of force for reports published on or after 2023-01-01, and this report is published on 2023-04-30 (period end + 4 months; set `published` under [esg] if it differs) (help: set gri = \"gri-2021\")"
        )]
    );
    assert!(json["gaps"].as_array().unwrap().is_empty());
}

#[test]
fn a_gri_standard_row_lists_the_sections_of_its_disclosures() {
    let p = Project::with(
        "[book]\ntitle = \"Rules\"\n[esg]\ngri = \"gri-2021\"\nperiod-start = 2025-01-01\n",
        &[
            (
                "SUMMARY.md",
                "# Summary\n\n- [Air](air.md)\n- [People](people.md)\n- [Climate](climate.md)\n",
            ),
            ("air.md", &section("Air", &[], &["305-7", "305-6"])),
            ("people.md", &section("People", &[], &["401-1"])),
            ("climate.md", &section("Climate", &[], &["305-1", "305"])),
        ],
    );
    let run = p.run(&["export", "--framework", "gri", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    let paths = |id: &str| -> (String, Vec<String>) {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        let paths = row["locations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["path"].as_str().unwrap().to_string())
            .collect();
        (row["status"].as_str().unwrap().to_string(), paths)
    };
    let covered = |list: &[&str]| ("covered".to_string(), to_strings(list));
    assert_eq!(paths("305"), covered(&["air.md", "climate.md"]));
    assert_eq!(paths("401"), covered(&["people.md"]));
    assert_eq!(paths("305-6"), covered(&["air.md"]));
    assert_eq!(paths("306"), ("not-addressed".to_string(), vec![]));
    let md = p.export("gri", "md");
    let line = md
        .stdout
        .lines()
        .find(|l| l.starts_with("| 305 |"))
        .unwrap();
    assert!(
        line.contains("| Air; Climate | air.md; climate.md |"),
        "{line}"
    );
}

#[test]
fn rows_carry_the_labels_issuers_print() {
    let p = project(
        "hkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\n",
        &["A1.1", "MDR-GOV"],
        &["305-1"],
    );
    let labels = |framework: &str, ids: &[&str]| -> Vec<String> {
        let json = p.export(framework, "json").json();
        ids.iter()
            .map(|id| {
                let row = json["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["id"] == *id)
                    .unwrap();
                row["label"].as_str().unwrap().to_string()
            })
            .collect()
    };
    assert_eq!(
        labels("hkex", &["MDR-GOV", "A1", "A1.1", "D-MT-1", "D-STR-1"]),
        [
            "Governance structure",
            "General Disclosure",
            "KPI A1.1",
            "Metrics and targets: Scope 1 GHG emissions",
            "Strategy: Climate-related risks and opportunities and their time horizons",
        ]
    );
    assert_eq!(
        labels("gri", &["305", "305-1", "3-3:305", "2-1"]),
        ["GRI 305", "GRI 305-1", "GRI 3-3", "GRI 2-1"]
    );
    let md = p.export("hkex", "md").stdout;
    assert!(
        md.contains("| A1.1 | KPI A1.1 | Emission types and related emissions data | kpi |"),
        "{md}"
    );
    let check = p.run(&["check"]);
    check.expect_code(1);
    for line in [
        "    A1         General Disclosure: Policies and legal compliance on air emissions, discharges to water and land, and waste [comply-or-explain]",
        "    D-MT-2     Metrics and targets: Scope 2 GHG emissions [mandatory]",
        "    2-1        GRI 2-1: Organizational details [required]",
    ] {
        assert!(check.stdout.contains(line), "{}", check.stdout);
    }
    let json = p.run(&["check", "--format", "json"]).json();
    assert_eq!(json["gaps"][0]["id"], "MDR-PRIN");
    assert_eq!(json["gaps"][0]["label"], "Reporting principles");
    p.run(&["build"]).expect_code(0);
    let hkex = p.read("book/hkex.html");
    assert!(
        hkex.contains("<th scope=\"row\" class=\"item-id\">KPI A1.1</th>"),
        "{hkex}"
    );
    let gri = p.read("book/gri.html");
    assert!(
        gri.contains("<span class=\"item-id\">GRI 305-1</span> Scope 1 (direct) GHG emissions"),
        "{gri}"
    );
}

#[test]
fn gri_2016_holds_the_2018_and_2020_editions_reports_used() {
    let esg = "gri = \"gri-2016\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"403\"]\nperiod-start = 2021-01-01\npublished = 2022-04-30\n";
    let always: Vec<String> = esgbook::catalog::embedded::get("gri-2016")
        .unwrap()
        .items
        .iter()
        .filter(|i| i.in_accordance.is_some())
        .map(|i| i.id.clone())
        .collect();
    let mut tags: Vec<&str> = always.iter().map(String::as_str).collect();
    tags.extend(["403-9", "403-10", "303-5", "306-3", "306-3-2016"]);
    let p = project(esg, &[], &tags);
    // Core: the management approach plus one disclosure of the material topic.
    assert_eq!(check(&p), (0, vec![], vec![], vec![]));
    let json = p.export("gri", "json").json();
    let row = |id: &str| -> (String, String, String) {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        let s = |k: &str| row[k].as_str().unwrap().to_string();
        (s("label"), s("title"), s("status"))
    };
    let facts = |label: &str, title: &str, status: &str| {
        (label.to_string(), title.to_string(), status.to_string())
    };
    assert_eq!(
        row("403-9"),
        facts("GRI 403-9", "Work-related injuries", "covered")
    );
    assert_eq!(
        row("403"),
        facts("GRI 403", "Occupational health and safety", "covered")
    );
    assert_eq!(
        row("303-5"),
        facts("GRI 303-5", "Water consumption", "covered")
    );
    assert_eq!(
        row("306-3"),
        facts("GRI 306-3", "Waste generated", "covered")
    );
    assert_eq!(
        row("306-3-2016"),
        facts("GRI 306-3 (2016)", "Significant spills", "covered")
    );
}

#[test]
fn a_topic_row_reads_well_and_its_omission_errors_name_it() {
    let esg = "gri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\nperiod-start = 2025-01-01\n";
    let text = section("All", &[], &["305-1"]).replacen(
        "---\n\n",
        "omit:\n  gri:\n    3-3:305:\n      explanation: Not yet\n---\n\n",
        1,
    );
    let p = Project::with(
        &format!("[book]\ntitle = \"Rules\"\n[esg]\n{esg}"),
        &[("SUMMARY.md", SUMMARY), ("all.md", &text)],
    );
    let (code, _, errors, _) = check(&p);
    assert_eq!(code, 2);
    assert_eq!(
        errors,
        [
            "the omission of `3-3:305` gives no reason (help: add `reason:` with one of not-applicable, legal-prohibitions, confidentiality-constraints, information-unavailable and an `explanation:`)"
        ]
    );
    let p = project(esg, &[], &["305-1"]);
    let json = p.run(&["check", "--format", "json"]).json();
    let gap = json["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "3-3:305")
        .unwrap()
        .clone();
    assert_eq!(gap["title"], "Management of the material topic: Emissions");
    assert_eq!(gap["label"], "GRI 3-3");
}
