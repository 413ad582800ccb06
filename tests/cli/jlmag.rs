//! A fixture tagged the way JL MAG Rare-Earth's published 2022 ESG report maps its HKEX
//! content index (appendix of shared/reference/jlmag-2022-esg-report.txt): every row's
//! status and locations in the JSON export must match the published table.

use crate::util::{repo_root, run_in};

/// (item, sections the published index names for it), in catalog order. `None` marks the
/// item the report explains instead ("This is a non-material subject").
const PUBLISHED: &[(&str, Option<&[&str]>)] = &[
    ("MDR-GOV", Some(&["esg/board.md"])),
    ("MDR-PRIN", Some(&["about.md"])),
    ("MDR-BOUND", Some(&["about.md"])),
    ("A1", Some(&["green/wastes.md"])),
    ("A1.1", Some(&["green/wastes.md"])),
    ("A1.2", Some(&["carbon/goals.md"])),
    ("A1.3", Some(&["green/wastes.md"])),
    ("A1.4", Some(&["green/wastes.md"])),
    ("A1.5", Some(&["carbon/low-carbon.md", "green/wastes.md"])),
    ("A1.6", Some(&["green/wastes.md"])),
    ("A2", Some(&["green/resources.md"])),
    ("A2.1", Some(&["green/resources.md"])),
    ("A2.2", Some(&["green/resources.md"])),
    ("A2.3", Some(&["carbon/goals.md", "green/resources.md"])),
    ("A2.4", Some(&["carbon/goals.md", "green/resources.md"])),
    ("A2.5", None),
    ("A3", Some(&["green/resources.md"])),
    ("A3.1", Some(&["green/resources.md"])),
    ("A4", Some(&["carbon/climate-risks.md"])),
    (
        "A4.1",
        Some(&["carbon/climate-risks.md", "carbon/low-carbon.md"]),
    ),
    (
        "B1",
        Some(&[
            "people/rights.md",
            "people/development.md",
            "people/caring.md",
        ]),
    ),
    ("B1.1", Some(&["people/rights.md"])),
    ("B1.2", Some(&["appendix/kpi.md"])),
    ("B2", Some(&["safety/health.md"])),
    ("B2.1", Some(&["appendix/kpi.md"])),
    ("B2.2", Some(&["appendix/kpi.md"])),
    ("B2.3", Some(&["safety/health.md"])),
    (
        "B3",
        Some(&["excellency/quality.md", "people/development.md"]),
    ),
    ("B3.1", Some(&["people/development.md"])),
    ("B3.2", Some(&["people/development.md"])),
    ("B4", Some(&["people/rights.md"])),
    ("B4.1", Some(&["people/rights.md"])),
    ("B4.2", Some(&["people/rights.md"])),
    ("B5", Some(&["excellency/supply.md"])),
    ("B5.1", Some(&["excellency/supply.md"])),
    ("B5.2", Some(&["excellency/supply.md"])),
    ("B5.3", Some(&["excellency/supply.md"])),
    ("B5.4", Some(&["excellency/supply.md"])),
    ("B6", Some(&["excellency/customers.md"])),
    ("B6.1", Some(&["excellency/customers.md"])),
    ("B6.2", Some(&["excellency/customers.md"])),
    ("B6.3", Some(&["excellency/rnd.md"])),
    ("B6.4", Some(&["excellency/quality.md"])),
    ("B6.5", Some(&["excellency/customers.md"])),
    ("B7", Some(&["compliance/ethics.md"])),
    ("B7.1", Some(&["compliance/ethics.md"])),
    ("B7.2", Some(&["compliance/ethics.md"])),
    ("B7.3", Some(&["compliance/ethics.md"])),
    ("B8", Some(&["integrity/welfare.md"])),
    (
        "B8.1",
        Some(&["integrity/rural.md", "integrity/welfare.md"]),
    ),
    (
        "B8.2",
        Some(&["integrity/rural.md", "integrity/welfare.md"]),
    ),
];

fn fixture() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/jlmag-2022")
}

#[test]
fn hkex_index_matches_the_published_table_row_by_row() {
    let run = run_in(
        &fixture(),
        &["export", "--framework", "hkex", "--format", "json"],
    );
    run.expect_code(0);
    let json = run.json();
    assert_eq!(json["framework"], "hkex-esg-2020");
    assert_eq!(json["report"], "JL MAG 2022 ESG Report (fixture)");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), PUBLISHED.len(), "one row per catalog item");
    for (row, (id, sections)) in rows.iter().zip(PUBLISHED) {
        assert_eq!(row["id"], *id);
        match sections {
            Some(sections) => {
                assert_eq!(row["status"], "covered", "{id}");
                let paths: Vec<&str> = row["locations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["path"].as_str().unwrap())
                    .collect();
                assert_eq!(&paths, sections, "{id}");
                assert!(row["omission"].is_null(), "{id}");
            }
            None => {
                assert_eq!(row["status"], "omitted", "{id}");
                assert!(row["locations"].as_array().unwrap().is_empty());
                assert_eq!(
                    row["omission"]["explanation"],
                    "This is a non-material subject"
                );
                assert!(row["omission"]["reason"].is_null());
            }
        }
        let expected_obligation = if id.starts_with("MDR") {
            "mandatory"
        } else {
            "comply-or-explain"
        };
        assert_eq!(row["obligation"], expected_obligation, "{id}");
    }
}

#[test]
fn locations_carry_the_summary_trail_and_page_url() {
    let json = run_in(
        &fixture(),
        &["export", "--framework", "hkex", "--format", "json"],
    )
    .json();
    let a1 = &json["rows"].as_array().unwrap()[3];
    assert_eq!(a1["id"], "A1");
    assert_eq!(a1["kind"], "general-disclosure");
    assert_eq!(
        a1["locations"][0],
        serde_json::json!({
            "title": "Strengthening the Management of Three Types of Wastes",
            "trail": ["Maintaining green development to build ecological civilization", "Strengthening the Management of Three Types of Wastes"],
            "path": "green/wastes.md",
            "url": "green/wastes.html"
        })
    );
}

#[test]
fn standard_level_gri_tags_land_on_standard_rows() {
    let json = run_in(
        &fixture(),
        &["export", "--framework", "gri", "--format", "json"],
    )
    .json();
    let rows = json["rows"].as_array().unwrap();
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(row("305")["kind"], "standard");
    assert_eq!(row("305")["status"], "covered");
    assert_eq!(row("305")["locations"][0]["path"], "carbon/goals.md");
    assert_eq!(row("305-1")["kind"], "disclosure");
    assert_eq!(row("305-1")["status"], "not-addressed");
    assert_eq!(row("202")["status"], "not-addressed");
    // With reference: nothing is required, so the GRI index has no gaps.
    assert!(rows.iter().all(|r| r["status"] != "missing"));
}
