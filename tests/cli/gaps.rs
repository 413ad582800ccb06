//! Each kind of gap makes `check` exit 1 and list exactly the missing items.

use crate::util::{Project, catalog_ids, section};

const SUMMARY: &str = "# Summary\n\n- [All](all.md)\n";

/// A project whose one section tags every id of `catalog` except `leave_out`.
fn hkex_project(catalog: &str, extra_esg: &str, leave_out: &[&str]) -> Project {
    let ids = catalog_ids(catalog);
    let tagged: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| !leave_out.contains(id))
        .collect();
    Project::with(
        &format!("[book]\ntitle = \"Gaps\"\n[esg]\nhkex = \"{catalog}\"\n{extra_esg}"),
        &[
            ("SUMMARY.md", SUMMARY),
            ("all.md", &section("All", &tagged, &[])),
        ],
    )
}

/// `(id, obligation)` of every gap, in order.
fn gaps(json: &serde_json::Value) -> Vec<(String, String)> {
    json["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["id"].as_str().unwrap().to_string(),
                g["obligation"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Pairs every id with one obligation.
fn all(ids: &[&str], obligation: &str) -> Vec<(String, String)> {
    ids.iter()
        .map(|id| (id.to_string(), obligation.to_string()))
        .collect()
}

#[test]
fn a_fully_tagged_report_passes() {
    let project = hkex_project("hkex-esg-2020", "", &[]);
    let run = project.run(&["check"]);
    run.expect_code(0);
    assert_eq!(
        run.stdout.lines().last(),
        Some("check passed: every required item is addressed or explained"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_missing_mandatory_disclosure_is_a_gap() {
    let project = hkex_project("hkex-esg-2020", "", &["MDR-BOUND"]);
    let run = project.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert_eq!(json["ok"], false);
    assert_eq!(gaps(&json), all(&["MDR-BOUND"], "mandatory"));
    assert_eq!(json["gaps"][0]["framework"], "hkex-esg-2020");
    assert!(json["errors"].as_array().unwrap().is_empty());
}

#[test]
fn an_unexplained_comply_or_explain_item_is_a_gap_and_an_explanation_excuses_it() {
    let project = hkex_project("hkex-esg-2020", "", &["B6.3", "A2.5"]);
    project.write("content/extra.md", "---\ntitle: Extra\nomit:\n  hkex:\n    A2.5: \"Packaging is not material: we ship in bulk\"\n---\nText.\n");
    project.write(
        "content/SUMMARY.md",
        "- [All](all.md)\n- [Extra](extra.md)\n",
    );
    let run = project.run(&["check", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(gaps(&run.json()), all(&["B6.3"], "comply-or-explain"));
    let text = project.run(&["check"]);
    text.expect_code(1);
    let lines: Vec<&str> = text.stdout.lines().collect();
    for expected in [
        "  49 covered, 1 omitted, 1 missing, 0 not-addressed",
        "    B6.3       KPI B6.3: Observing and protecting intellectual property rights [comply-or-explain]",
        "               → add `B6.3` to the `hkex:` list of the section that covers it, or explain under `omit: {hkex: {B6.3: \"reason\"}}`",
    ] {
        assert!(
            lines.contains(&expected),
            "no line `{expected}` in\n{}",
            text.stdout
        );
    }
}

#[test]
fn gri_in_accordance_requires_gri_2_gri_3_and_material_topic_disclosures() {
    let mut tagged: Vec<String> = (1..=30)
        .filter(|n| *n != 7)
        .map(|n| format!("2-{n}"))
        .collect();
    tagged.extend(
        [
            "3-1", "3-2", "3-3", "305-1", "305-2", "305-3", "305-4", "305-5", "305-6",
        ]
        .map(String::from),
    );
    let tagged: Vec<&str> = tagged.iter().map(String::as_str).collect();
    let project = Project::with(
        "[esg]\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\n",
        &[
            ("SUMMARY.md", SUMMARY),
            ("all.md", &section("All", &[], &tagged)),
        ],
    );
    let run = project.run(&["check", "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert_eq!(gaps(&json), all(&["2-7", "305-7"], "required"));
}

#[test]
fn gri_with_reference_has_no_gaps() {
    let project = Project::with(
        "[esg]\ngri = \"gri-2021\"\n",
        &[
            ("SUMMARY.md", SUMMARY),
            ("all.md", &section("All", &[], &["2-1"])),
        ],
    );
    project.run(&["check"]).expect_code(0);
}

/// Part B and C of the 2025 Code tagged, and of Part D only Scope 1 and 2.
fn part_d_project(issuer: &str, period_start: &str) -> Project {
    let ids = catalog_ids("hkex-esg-2025");
    let leave_out: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| id.starts_with("D-") && !["D-MT-1", "D-MT-2"].contains(id))
        .collect();
    hkex_project(
        "hkex-esg-2025",
        &format!("issuer = \"{issuer}\"\nperiod-start = {period_start}\n"),
        &leave_out,
    )
}

/// Every Part D item except Scope 1 and 2 (mandatory for all) and industry metrics
/// (optional for all): the items whose obligation depends on the issuer's tier.
const TIERED_PART_D: [&str; 17] = [
    "D-GOV-1", "D-GOV-2", "D-STR-1", "D-STR-2", "D-STR-3", "D-STR-4", "D-STR-5", "D-RM-1",
    "D-MT-3", "D-MT-4", "D-MT-5", "D-MT-6", "D-MT-7", "D-MT-8", "D-MT-9", "D-MT-10", "D-MT-12",
];

#[test]
fn part_d_is_comply_or_explain_for_main_board_issuers() {
    let run = part_d_project("main-board", "2025-01-01").run(&["check", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(gaps(&run.json()), all(&TIERED_PART_D, "comply-or-explain"));
}

#[test]
fn part_d_is_mandatory_for_largecap_issuers_from_2026() {
    let run = part_d_project("largecap", "2026-01-01").run(&["check", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(gaps(&run.json()), all(&TIERED_PART_D, "mandatory"));
    // In 2025 the same issuer is still on comply-or-explain.
    let earlier = part_d_project("largecap", "2025-01-01").run(&["check", "--format", "json"]);
    earlier.expect_code(1);
    assert_eq!(
        gaps(&earlier.json()),
        all(&TIERED_PART_D, "comply-or-explain")
    );
}

#[test]
fn part_d_is_voluntary_for_gem_issuers_except_scope_1_and_2() {
    part_d_project("gem", "2025-01-01")
        .run(&["check"])
        .expect_code(0);
    let ids = catalog_ids("hkex-esg-2025");
    let leave_out: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| id.starts_with("D-"))
        .collect();
    let project = hkex_project(
        "hkex-esg-2025",
        "issuer = \"gem\"\nperiod-start = 2025-01-01\n",
        &leave_out,
    );
    let run = project.run(&["check", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(gaps(&run.json()), all(&["D-MT-1", "D-MT-2"], "mandatory"));
}

#[test]
fn github_format_annotates_every_gap() {
    let project = hkex_project("hkex-esg-2020", "", &["MDR-BOUND", "B6.3"]);
    let run = project.run(&["check", "--format", "github"]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "::error file=book.toml,line=4,title=esgbook gap::hkex-esg-2020 MDR-BOUND (Reporting boundary: Report boundary and how the included entities or operations were chosen) is missing [mandatory] (help: disclose it: add `MDR-BOUND` to the `hkex:` list of the section that covers it (a mandatory item cannot be omitted))",
            "::error file=book.toml,line=4,title=esgbook gap::hkex-esg-2020 B6.3 (KPI B6.3: Observing and protecting intellectual property rights) is missing [comply-or-explain] (help: add `B6.3` to the `hkex:` list of the section that covers it, or explain under `omit: {hkex: {B6.3: \"reason\"}}`)",
        ]
    );
}
