//! One test per fixed bug, named after the bug; each says what was wrong. A fix lands with
//! its test here (fuzz finds also keep their input as `fuzz/corpus/*/regression-*`).

use crate::harness;
use crate::util::Project;

/// Found by the front_matter fuzzer: a lone CR (old Mac line end) is a line break to the
/// YAML parser but was not to the line counting, so errors pointed past the end of the file.
#[test]
fn lone_cr_in_front_matter_pointed_past_the_end_of_the_file() {
    harness::front_matter(b"---\ntitle: A\rdescription: B\r\r\r\rhkex: [A1\n---\n");
    harness::front_matter(b"---\rtitle: A\r---\rtitle: B\r---\r");
    // Through the binary: the error is on line 5 of a file with six lines.
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\n",
        &[("SUMMARY.md", "- [A](a.md)\n")],
    );
    p.write("content/a.md", "---\rtitle: A\r\r\rhkex: [A9]\r---\r");
    p.run(&["check"])
        .fails()
        .says("error: content/a.md:5: unknown HKEX code `A9` (catalog hkex-esg-2020)");
}

/// Found by the config fuzzer: a TOML error at the very end of a file that ends with a
/// newline pointed at the line after the last one.
#[test]
fn toml_error_at_the_end_of_the_file_pointed_past_it() {
    harness::config(b"[esg]\nmaterial-topics = [\"305\",\n");
    harness::config(b"[book]\ntitle = \"x\n\n\n");
}

/// Found while reviewing the pipeline for overflow: `period-start` in the year 65535 made
/// the derived period end overflow (a panic in debug builds).
#[test]
fn period_start_in_the_last_representable_year_overflowed() {
    harness::pipeline(
        b"[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = \"65535-12-31\"\n@@@ content/SUMMARY.md\n- [A](a.md)\n@@@ content/a.md\n---\nhkex: [A1]\n---\n",
    );
}

/// `omit:` with an empty framework key (`hkex:` and nothing under it, as an editor leaves
/// it) was rejected as invalid front matter instead of meaning "no omissions".
#[test]
fn empty_omit_maps_were_rejected() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2021\"\n",
        &[
            ("SUMMARY.md", "- [A](a.md)\n"),
            ("a.md", "---\nhkex: [A1]\nomit:\n  hkex:\n  gri:\n---\n"),
        ],
    );
    p.run(&["check"]).works().quietly();
    assert_eq!(p.status("hkex", "A1"), "covered");
    assert_eq!(p.status("hkex", "A2.5"), "missing");
}

/// Tagging only KPI A1.1 marked HKEX General Disclosure A1 as covered, with no location: the
/// roll-up from children to parent is right for GRI standards and wrong for HKEX, where an
/// aspect's General Disclosure (policies and compliance) is its own comply-or-explain item.
#[test]
fn an_hkex_kpi_covered_its_general_disclosure() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\n",
        &[
            ("SUMMARY.md", "- [Emissions](a.md)\n"),
            ("a.md", &crate::util::section("Emissions", &["A1.1"], &[])),
        ],
    );
    assert_eq!(p.status("hkex", "A1.1"), "covered");
    assert_eq!(p.status("hkex", "A1"), "missing");
    let json = p.run(&["check", "--format", "json"]).json();
    let gaps: Vec<&str> = json["gaps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["id"].as_str())
        .filter(|id| ["A1", "A1.1"].contains(id))
        .collect();
    assert_eq!(gaps, ["A1"]);
}
