//! Key performance data (`data/`): loading errors at FILE:LINE, the arithmetic checks, the
//! `{{#kpi}}` table and chart, index locations and `export --data`, through the binary.
//! The data errors of docs/errors.md are tested here.

use crate::util::{Project, Run};

const BOOK: &str =
    "[book]\ntitle = \"Data\"\n\n[esg]\nhkex = \"hkex-esg-2020\"\nperiod-end = 2022-12-31\n";

const METRICS: &str = "\
revenue: {label: Revenue, unit: \"RMB'000\"}
ghg-scope1: {label: \"GHG emissions (Scope 1)\", unit: tCO2e, hkex: [A1.2]}
ghg-scope2: {label: \"GHG emissions (Scope 2)\", unit: tCO2e, hkex: [A1.2]}
ghg-total: {label: Total GHG emissions, unit: tCO2e, sum: [ghg-scope1, ghg-scope2]}
ghg-intensity: {label: GHG emission intensity, unit: \"tCO2e/RMB'000\", ratio: [ghg-total, revenue]}
employees: {label: Number of employees, unit: person, dimensions: [gender], hkex: [B1.1]}
female-share: {label: Female employees, unit: \"%\"}
";

/// A consistent data set; tests replace rows to break it.
const ROWS: &str = "\
metric,period,gender,value,unit,note,assured
revenue,2022,,\"7,165,000\",RMB'000,From the annual report.,
revenue,2021,,\"4,080,000\",RMB'000,,
ghg-scope1,2022,,\"3,221\",tCO2e,,yes
ghg-scope2,2022,,\"105,925\",tCO2e,,yes
ghg-total,2022,,\"109,146\",tCO2e,,yes
ghg-total,2021,,\"91,005\",tCO2e,,
ghg-intensity,2022,,0.015,tCO2e/RMB'000,,
ghg-intensity,2021,,0.022,tCO2e/RMB'000,,
employees,2022,,\"5,003\",person,Includes the new Baotou plant.,
employees,2022,male,\"3,361\",person,,
employees,2022,female,\"1,642\",person,,
employees,2021,,\"3,529\",person,,
employees,2021,male,\"2,332\",person,,
employees,2021,female,\"1,197\",person,,
female-share,2022,,32.82,%,,
";

const SECTION: &str = "---\ntitle: Performance\n---\n# Performance\n\n{{#kpi ghg-total ghg-scope1 ghg-scope2 ghg-intensity}}\n\n{{#kpi employees by gender chart}}\n";

fn project(rows: &str) -> Project {
    let project = Project::with(
        BOOK,
        &[
            ("SUMMARY.md", "- [Performance](performance.md)\n"),
            ("performance.md", SECTION),
        ],
    );
    project.write("data/metrics.yaml", METRICS);
    project.write("data/kpi.csv", rows);
    project
}

/// The `error:`/`warning:` lines of a run's stderr, with their help lines.
fn findings(run: &Run) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in run.stderr.lines() {
        if line.starts_with("error: ") || line.starts_with("warning: ") {
            out.push(line.to_string());
        } else if line.starts_with("  help: ")
            && let Some(last) = out.last_mut()
        {
            last.push('\n');
            last.push_str(line);
        }
    }
    out
}

fn check(rows: &str) -> Vec<String> {
    findings(&project(rows).run(&["check"]))
}

#[test]
fn consistent_data_checks_clean() {
    let run = project(ROWS).run(&["check"]);
    run.works().quietly();
}

/// JL MAG's published 2022 key performance sheets, typed in as printed
/// (tests/fixtures/jlmag-2022-data). Worked out by hand from the printed numbers:
/// - employee turnover 2022 by region is 537 + 115 + 2 + 0 = 654, but the total printed
///   beside it (and the gender and age breakdowns) say 653: a count, so an error;
/// - water intensity: revenue is not printed, but R&D investment and its share of revenue
///   are (337.5 / 4.7 %, 160.2 / 3.9 %, 103.2 / 4.3 % → RMB 7,181, 4,108 and 2,400
///   million). 732,345 t / RMB 4,108 million is 0.178 t per RMB 1,000, not the printed
///   0.19; 551,868 / 2,400 is 0.230, not 0.24. (2021 is off whatever the revenue: the
///   printed GHG intensity 0.022 needs revenue of at least RMB 4,045 million, the water
///   intensity 0.19 at most 3,959. 2020 fits the GHG intensity only with revenue of
///   RMB 2,348 million, below what the R&D share allows.) 2022's 0.11 is consistent;
/// - total GHG 2020 is printed 73,971 while 2,177 + 71,793 = 73,970: rounding explains
///   one tonne, so no error;
/// - the Inner Mongolia headcount tripled (354 → 1,090) with no note: a warning.
#[test]
fn jlmag_published_sheets_have_exactly_these_inconsistencies() {
    let run = Project::fixture("jlmag-2022-data").run(&["check"]);
    run.fails();
    assert_eq!(
        findings(&run),
        [
            "error: data/environment.csv:30: water-intensity, 2021: water / revenue × 0.001 = 732,345 / 4,108 × 0.001 = 0.1783, not 0.19\n  help: rounding to the digits shown allows 0.1783 to 0.1783; check the figure and its numerator and denominator",
            "error: data/environment.csv:31: water-intensity, 2020: water / revenue × 0.001 = 551,868 / 2,400 × 0.001 = 0.2299, not 0.24\n  help: rounding to the digits shown allows 0.2299 to 0.2300; check the figure and its numerator and denominator",
            "error: data/social.csv:44: employee-turnover by region, 2022: the parts add up to 654 (537 + 115 + 2 + 0), but the total is 653\n  help: person is a count, so the parts must add up exactly",
            "warning: data/social.csv:26: employees (region: Inner Mongolia Autonomous Region): 1,090 in 2022 is up 208% from 354 in 2021, with no note\n  help: say why in the row's `note` column; it is printed as a footnote",
        ]
    );
}

#[test]
fn jlmag_kpi_sections_become_index_locations() {
    let project = Project::fixture("jlmag-2022-data");
    let fix = |path: &str, from: &str, to: &str| {
        let text = project.read(path).replace(from, to);
        project.write(path, text);
    };
    fix("data/environment.csv", "2021,0.19,", "2021,0.18,");
    fix("data/environment.csv", "2020,0.24,", "2020,0.23,");
    fix(
        "data/social.csv",
        "Jiangxi province,,537,",
        "Jiangxi province,,536,",
    );
    let json = project.export("hkex", "json").json();
    for id in ["A1.2", "A2.1", "A2.2", "B1.1", "B1.2"] {
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap();
        assert_eq!(row["status"], "covered", "{id}");
        assert_eq!(row["locations"][0]["path"], "kpi.md", "{id}");
    }
}

#[test]
fn unparsable_number() {
    let rows = ROWS.replace("female-share,2022,,32.82", "female-share,2022,,32.8.2");
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:16: `32.8.2` is not a number\n  help: write digits with an optional `.` and `,` between thousands; leave it empty or write `/` when not reported"
        ]
    );
}

#[test]
fn unknown_metric_dimension_and_unit() {
    let rows = format!(
        "{ROWS}ghg-totl,2020,,1,tCO2e,,\nrevenue,2020,male,1,RMB'000,,\nrevenue,2019,,1,RMB million,,\n"
    );
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:17: unknown metric `ghg-totl`: data/metrics.yaml does not declare it\n  help: did you mean `ghg-total`?",
            "error: data/kpi.csv:18: metric `revenue` has no dimension `gender`\n  help: add `gender` to its `dimensions:` in data/metrics.yaml, or leave the cell empty",
            "error: data/kpi.csv:19: unit `RMB million` is not the metric's: `revenue` is in RMB'000\n  help: convert the value, or change the unit of `revenue` in data/metrics.yaml",
        ]
    );
}

#[test]
fn period_after_the_report() {
    let rows = format!("{ROWS}revenue,2023,,1,,,\n");
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:17: period `2023` is after the report's period 2022\n  help: a report shows its own period and earlier ones; check the year"
        ]
    );
}

#[test]
fn duplicate_row() {
    let rows = format!("{ROWS}employees,2022,male,\"3,361\",person,,\n");
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:17: employees (gender: male) for 2022 is given twice (first at data/kpi.csv:11)\n  help: keep one row per metric, period and dimensions"
        ]
    );
}

#[test]
fn breakdown_that_does_not_add_up() {
    let rows = ROWS.replace(
        "employees,2022,female,\"1,642\"",
        "employees,2022,female,\"1,643\"",
    );
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:10: employees by gender, 2022: the parts add up to 5,004 (3,361 + 1,643), but the total is 5,003\n  help: person is a count, so the parts must add up exactly"
        ]
    );
}

#[test]
fn rounded_total_passes_and_count_one_off_fails() {
    // tCO2e is measured, not counted: 3,221 + 105,925 = 109,146; one tonne off passes,
    // two tonnes off is more than the three values' rounding (±1.5) explains.
    let one_off = ROWS.replace("ghg-total,2022,,\"109,146\"", "ghg-total,2022,,\"109,147\"");
    assert_eq!(check(&one_off), Vec::<String>::new());
    let two_off = ROWS.replace("ghg-total,2022,,\"109,146\"", "ghg-total,2022,,\"109,148\"");
    assert_eq!(
        check(&two_off),
        [
            "error: data/kpi.csv:6: ghg-total, 2022: ghg-scope1 + ghg-scope2: the parts add up to 109,146 (3,221 + 105,925), but the total is 109,148\n  help: the difference 2 is more than rounding to the digits shown explains (±1.5)"
        ]
    );
}

#[test]
fn intensity_that_is_not_its_ratio() {
    let rows = ROWS.replace("ghg-intensity,2021,,0.022", "ghg-intensity,2021,,0.024");
    assert_eq!(
        check(&rows),
        [
            "error: data/kpi.csv:9: ghg-intensity, 2021: ghg-total / revenue = 91,005 / 4,080,000 = 0.02231, not 0.024\n  help: rounding to the digits shown allows 0.02231 to 0.02231; check the figure and its numerator and denominator"
        ]
    );
}

#[test]
fn percentage_out_of_range() {
    let rows = ROWS.replace("female-share,2022,,32.82", "female-share,2022,,132.82");
    assert_eq!(
        check(&rows),
        ["error: data/kpi.csv:16: female-share, 2022: 132.82% is outside 0–100"]
    );
}

#[test]
fn unexplained_jump() {
    let rows = ROWS.replace(",Includes the new Baotou plant.,", ",,");
    // 3,529 → 5,003 is 42 %, under the 50 % limit: no warning without the note either.
    assert_eq!(check(&rows), Vec::<String>::new());
    // A jump over the limit is flagged, on the total and on the part.
    let rows = rows
        .replace("employees,2021,,\"3,529\"", "employees,2021,,\"3,000\"")
        .replace(
            "employees,2021,male,\"2,332\"",
            "employees,2021,male,\"1,803\"",
        );
    assert_eq!(
        check(&rows),
        [
            "warning: data/kpi.csv:10: employees: 5,003 in 2022 is up 67% from 3,000 in 2021, with no note\n  help: say why in the row's `note` column; it is printed as a footnote",
            "warning: data/kpi.csv:11: employees (gender: male): 3,361 in 2022 is up 86% from 1,803 in 2021, with no note\n  help: say why in the row's `note` column; it is printed as a footnote",
        ]
    );
}

#[test]
fn tagged_metric_without_a_value() {
    let rows = ROWS.replace("ghg-scope2,2022,,\"105,925\",tCO2e,,yes\n", "");
    assert_eq!(
        check(&rows),
        [
            "warning: data/metrics.yaml:3: `ghg-scope2` is tagged A1.2 but has no value for 2022\n  help: add its total for the report's period to a data CSV, or explain the gap in the section that shows it"
        ]
    );
}

#[test]
fn unknown_metric_in_a_directive() {
    let project = project(ROWS);
    project.write(
        "content/performance.md",
        "# Performance\n\n{{#kpi ghg-totals}}\n\n{{#kpi employees by region}}\n",
    );
    assert_eq!(
        findings(&project.run(&["check"])),
        [
            "error: content/performance.md:3: unknown metric `ghg-totals` in a kpi directive\n  help: did you mean `ghg-total`?",
            "error: content/performance.md:5: metric `employees` has no dimension `region`",
        ]
    );
}

#[test]
fn unparsable_metrics_give_one_error_not_one_per_row_and_directive() {
    let project = project(ROWS);
    project.write(
        "data/metrics.yaml",
        METRICS.replace("unit: tCO2e, hkex: [A1.2]}", "unit: [tCO2e"),
    );
    assert_eq!(
        findings(&project.run(&["check"])),
        [
            "error: data/metrics.yaml:2: invalid metrics: invalid type: sequence, expected a word or a number at line 2, column 48"
        ]
    );
    // The same when the file is missing.
    std::fs::remove_file(project.path().join("data/metrics.yaml")).unwrap();
    assert_eq!(
        findings(&project.run(&["check"])),
        [
            "error: data/metrics.yaml: cannot read the metric definitions: No such file or directory (os error 2)\n  help: create data/metrics.yaml, e.g. `revenue: {label: Revenue, unit: \"RMB'000\"}`"
        ]
    );
}

#[test]
fn build_refuses_bad_data() {
    let project = project(&ROWS.replace("0.015", "0.15"));
    project.run(&["build"]).fails();
    assert!(!project.join("book/performance.html").exists());
}

#[test]
fn kpi_table_html() {
    let project = project(ROWS);
    project.run(&["build"]).works().quietly();
    let html = project.read("book/performance.html");
    let table = concat!(
        r#"<div class="table-wrap kpi" tabindex="0" role="region" aria-label="Key performance data"><table class="kpi-table"><thead><tr><th scope="col">Indicator</th><th scope="col">Unit</th><th scope="col" class="num">2022</th><th scope="col" class="num">2021</th><th scope="col" class="num">2020</th></tr></thead><tbody>"#,
        r#"<tr><th scope="row">Total GHG emissions</th><td>tCO2e</td><td class="num">109,146<span class="kpi-assured" title="Assured">✓</span></td><td class="num">91,005</td><td class="num">/</td></tr>"#,
        r#"<tr><th scope="row">GHG emissions (Scope 1)</th><td>tCO2e</td><td class="num">3,221<span class="kpi-assured" title="Assured">✓</span></td><td class="num">/</td><td class="num">/</td></tr>"#,
        r#"<tr><th scope="row">GHG emissions (Scope 2)</th><td>tCO2e</td><td class="num">105,925<span class="kpi-assured" title="Assured">✓</span></td><td class="num">/</td><td class="num">/</td></tr>"#,
        r#"<tr><th scope="row">GHG emission intensity</th><td>tCO2e/RMB&#39;000</td><td class="num">0.015</td><td class="num">0.022</td><td class="num">/</td></tr>"#,
        r#"</tbody></table><p class="kpi-legend"><span class="kpi-assured">✓</span> Assured by the independent assurance provider.</p></div>"#,
    );
    assert!(html.contains(table), "{html}");
    // The breakdown: the total, then its parts indented, with the note's footnote mark.
    assert!(html.contains(r#"<tr><th scope="row">Number of employees<sup class="kpi-note-mark">1</sup></th><td>person</td><td class="num">5,003</td><td class="num">3,529</td><td class="num">/</td></tr><tr class="kpi-part"><th scope="row">male</th>"#), "{html}");
    assert!(html.contains(r#"<ol class="kpi-notes"><li>Includes the new Baotou plant.</li></ol>"#));
}

#[test]
fn kpi_chart_is_valid_xml() {
    let project = project(ROWS);
    project.run(&["build"]).works();
    let html = project.read("book/performance.html");
    let start = html.find("<svg").expect("an svg");
    let end = html[start..].find("</svg>").expect("closed") + start + "</svg>".len();
    let svg = &html[start..end];
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut depth = 0i32;
    let mut bars = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(e)) => {
                depth += 1;
                assert!(e.name().0 != "script");
            }
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Empty(e)) if e.name().0 == "rect" => bars += 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("invalid SVG at {}: {err}\n{svg}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0);
    // Two periods of two parts, and two legend keys.
    assert_eq!(bars, 6);
    assert!(
        svg.contains(r#"<title id="kpi-8-title">Number of employees by gender</title>"#),
        "{svg}"
    );
    assert!(svg.contains(r#"aria-labelledby="kpi-8-title kpi-8-desc""#));
}

#[test]
fn export_data_formats() {
    let project = project(ROWS);
    let csv = project.run(&["export", "--data", "--format", "csv"]);
    csv.expect_code(0);
    let text = csv.stdout.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Chapter,Metric,Indicator,Period,gender,Value,Unit,Note,Assured,Source"
    );
    assert_eq!(
        lines[3],
        "kpi,ghg-scope1,GHG emissions (Scope 1),2022,,3221,tCO2e,,yes,data/kpi.csv:4"
    );
    assert_eq!(lines.len(), 16);
    let json = project.run(&["export", "--data", "--format", "json"]);
    json.expect_code(0);
    let json = json.json();
    assert_eq!(json["period"], "2022");
    assert_eq!(json["values"][9]["dimensions"]["gender"], "male");
    assert_eq!(json["values"][6]["value"], "0.015");
    project
        .run(&["export", "--data", "--format", "xlsx", "-o", "data.xlsx"])
        .expect_code(0);
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(project.join("data.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["kpi"]);
    let range = book.worksheet_range("kpi").unwrap();
    assert_eq!(
        range.get_value((3, 5)),
        Some(&calamine::Data::Float(3221.0))
    );
    project.run(&["export", "--data", "--format", "md"]).fails();
}

/// A row with two dimensions set has no total to add up to: kept, shown, and said to be
/// unchecked, rather than silently stored.
#[test]
fn a_row_with_two_dimensions_is_named_as_unchecked() {
    let project = Project::with(
        BOOK,
        &[
            ("SUMMARY.md", "- [Performance](performance.md)\n"),
            ("performance.md", SECTION),
        ],
    );
    project.write(
        "data/metrics.yaml",
        METRICS.replace("dimensions: [gender]", "dimensions: [gender, age]"),
    );
    let rows = ROWS
        .replace("metric,period,gender,", "metric,period,gender,age,")
        .replace(",2022,,", ",2022,,,")
        .replace(",2021,,", ",2021,,,")
        .replace(",2022,male,", ",2022,male,,")
        .replace(",2022,female,", ",2022,female,,")
        .replace(",2021,male,", ",2021,male,,")
        .replace(",2021,female,", ",2021,female,,")
        + "employees,2022,female,under-30,\"400\",person,,\n";
    project.write("data/kpi.csv", rows);
    let run = project.run(&["check"]);
    assert_eq!(
        findings(&run),
        [
            "warning: data/kpi.csv:17: this row sets two dimensions (gender, age): it is shown, but no check adds it up\n  help: give each breakdown its own rows (one dimension set per row), so its parts are checked against the total"
        ]
    );
}
