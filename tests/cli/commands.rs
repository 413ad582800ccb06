//! The sample report and the `frameworks` command.

use crate::util::{repo_root, run_in};
use std::process::Command;

fn esgbook(args: &[&str]) -> crate::util::Run {
    crate::util::Run::from(
        Command::new(env!("CARGO_BIN_EXE_esgbook"))
            .args(args)
            .output()
            .unwrap(),
    )
}

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
fn the_sample_report_builds() {
    let out = tempfile::tempdir().unwrap();
    // Copy the sample so the test does not touch the repository's book/ folder.
    let copy = out.path().join("report");
    copy_dir(&repo_root().join("content"), &copy.join("content"));
    std::fs::copy(repo_root().join("book.toml"), copy.join("book.toml")).unwrap();
    let run = run_in(&copy, &["build"]);
    run.expect_code(0);
    for page in [
        "index.html",
        "hkex.html",
        "gri.html",
        "coverage.html",
        "governance/board-statement.html",
    ] {
        assert!(
            copy.join("book").join(page).is_file(),
            "{page} missing\n{}",
            run.stderr
        );
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn frameworks_lists_every_catalog_with_its_size() {
    let run = esgbook(&["frameworks"]);
    run.expect_code(0);
    for (id, count) in [
        ("hkex-esg-2020", "51"),
        ("hkex-esg-2025", "68"),
        ("gri-2016", "177"),
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
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("D-STR-1"))
        .expect("D-STR-1 listed");
    assert!(
        line.contains("gem optional") && line.contains("largecap from 2026-01-01 mandatory"),
        "{line}"
    );
    let scope1 = run
        .stdout
        .lines()
        .find(|l| l.contains("D-MT-1 "))
        .expect("D-MT-1 listed");
    assert!(scope1.contains("mandatory"), "{scope1}");
}

#[test]
fn frameworks_rejects_an_unknown_id_with_the_possible_values() {
    let run = esgbook(&["frameworks", "hkex-esg-2019"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("hkex-esg-2020"), "{}", run.stderr);
}
