//! The sample report and the `frameworks` command.

use crate::util::{esgbook, repo_root, run_in};

#[test]
fn the_sample_report_passes_check_and_shows_every_status() {
    let run = run_in(&repo_root(), &["check", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    assert_eq!(json["ok"], true);
    assert!(json["errors"].as_array().unwrap().is_empty(), "{json}");
    for framework in ["hkex", "gri"] {
        let rows = run_in(
            &repo_root(),
            &["export", "--framework", framework, "--format", "json"],
        )
        .json();
        let statuses: std::collections::BTreeSet<&str> = rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert!(
            statuses.contains("covered")
                && statuses.contains("omitted")
                && statuses.contains("not-addressed"),
            "{framework}: {statuses:?}"
        );
    }
}

#[test]
fn frameworks_lists_every_catalog_with_its_size() {
    let run = esgbook(&["frameworks"]);
    run.expect_code(0);
    for (id, count) in [
        ("hkex-esg-2020", "51"),
        ("hkex-esg-2025", "68"),
        ("gri-2016", "186"),
        ("gri-2021", "180"),
    ] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.starts_with(id))
            .unwrap_or_else(|| panic!("{id} not listed:\n{}", run.stdout));
        assert!(line.split_whitespace().any(|w| w == count), "{line}");
    }
}

#[test]
fn frameworks_shows_the_part_d_ids_and_their_obligation_rules() {
    let run = esgbook(&["frameworks", "hkex-esg-2025"]);
    run.expect_code(0);
    let part_d: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("D-"))
        .collect();
    let ids: Vec<&str> = part_d
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        ids,
        [
            "D-GOV-1", "D-GOV-2", "D-STR-1", "D-STR-2", "D-STR-3", "D-STR-4", "D-STR-5", "D-RM-1",
            "D-MT-1", "D-MT-2", "D-MT-3", "D-MT-4", "D-MT-5", "D-MT-6", "D-MT-7", "D-MT-8",
            "D-MT-9", "D-MT-10", "D-MT-11", "D-MT-12"
        ]
    );
    assert_eq!(
        part_d[2],
        "  D-STR-1    gem optional; largecap from 2026-01-01 mandatory; comply-or-explain Climate-related risks and opportunities and their time horizons"
    );
    assert_eq!(
        part_d[8],
        "  D-MT-1     mandatory          Scope 1 GHG emissions"
    );
    assert_eq!(
        part_d[18],
        "  D-MT-11    optional           Industry-based climate metrics"
    );
}

#[test]
fn frameworks_rejects_an_unknown_id_with_the_possible_values() {
    esgbook(&["frameworks", "hkex-esg-2019"]).fails().says(
        "error: invalid value 'hkex-esg-2019' for '[ID]'\n  [possible values: hkex-esg-2020, hkex-esg-2025, gri-2016, gri-2021]",
    );
}
