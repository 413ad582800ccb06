//! Property tests over the parsers and the whole pipeline: the same entry points and
//! invariants as the fuzz targets in `fuzz/` (the checks are shared: `fuzz/src/harness.rs`),
//! run briefly on stable in CI. No input may panic; every diagnostic names a file; every
//! line a diagnostic gives is inside that file.
//!
//! `PROPTEST_CASES` raises the case count for a longer local run; the default is kept
//! short for CI. The fuzz corpora are replayed here in a sample (their named seeds and
//! regressions plus an evenly spread sample); the slow lane replays them whole. Inputs that
//! once crashed or broke an invariant have named tests in `regression`.

use crate::harness;
use crate::util::replay;
use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        // Regressions found here are added below as named tests instead.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Lines a writer might put in front matter, well-formed or nearly so.
fn front_matter_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title: Managing Emissions".to_string()),
        Just("title:".to_string()),
        Just("description: >\n  folded".to_string()),
        Just("hkex: [A1, A1.1, \"KPI A1.2\", B6]".to_string()),
        Just("hkex: A1".to_string()),
        Just("hkex:\n  - A1.1\n  - 'MDR-GOV'".to_string()),
        Just("gri: [\"305-1\", 305, 2-7]".to_string()),
        Just("gri:\n- 403".to_string()),
        Just("omit:\n  hkex:\n    A2.5: Not material".to_string()),
        Just(
            "omit:\n  gri:\n    \"304\":\n      reason: not-applicable\n      explanation: none"
                .to_string()
        ),
        Just("omit:\n  hkex:\n    A2.5:".to_string()),
        Just("omit: [A1]".to_string()),
        Just("\thkex: [A1]".to_string()),
        Just("tilte: typo".to_string()),
        Just("hkex: [A1".to_string()),
        Just("- list".to_string()),
        Just("&anchor x: *anchor".to_string()),
        Just("? complex\n: key".to_string()),
        Just("\"quoted: key\": 1".to_string()),
        Just("...".to_string()),
        Just("---".to_string()),
        Just("%YAML 1.2".to_string()),
        "[ -~]{0,30}",
        "\\PC{0,20}",
    ]
}

/// Bytes that go wrong at the edges: encodings, line ends, odd characters.
fn noise() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(b"\r\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\t".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xFF\xFE".to_vec()),
        Just(b"\xC3\x28".to_vec()),
        Just(b"\0".to_vec()),
        Just("\u{2028}".as_bytes().to_vec()),
        Just("\u{85}".as_bytes().to_vec()),
        Just(b"%20".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ]
}

/// A document made of lines drawn from `line`, with noise spliced in.
fn document(
    line: impl Strategy<Value = String>,
    max_lines: usize,
) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(
        (line, proptest::option::weighted(0.15, noise())),
        0..max_lines,
    )
    .prop_map(|parts| {
        let mut out = Vec::new();
        for (line, noise) in parts {
            out.extend_from_slice(line.as_bytes());
            if let Some(noise) = noise {
                out.extend_from_slice(&noise);
            }
            out.push(b'\n');
        }
        out
    })
}

fn section_file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop_oneof![Just("---"), Just("+++"), Just(""), Just("--- ")],
        document(front_matter_line(), 8),
        prop_oneof![Just("---\n"), Just("...\n"), Just(""), Just("--- \n")],
        "\\PC{0,40}",
    )
        .prop_map(|(open, yaml, close, body)| {
            let mut out = Vec::new();
            if !open.is_empty() {
                out.extend_from_slice(open.as_bytes());
                out.push(b'\n');
            }
            out.extend_from_slice(&yaml);
            out.extend_from_slice(close.as_bytes());
            out.extend_from_slice(body.as_bytes());
            out
        })
}

fn summary_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Summary".to_string()),
        Just("# Environment".to_string()),
        Just("---".to_string()),
        Just("[About](about.md)".to_string()),
        Just("- [A](a.md)".to_string()),
        Just("    - [B](b.md)".to_string()),
        Just("\t- [C](sub/c.md)".to_string()),
        Just("- [Draft]()".to_string()),
        Just("- [Spaces](my%20file.md)".to_string()),
        Just("- [Angle](<my file.md>)".to_string()),
        Just("- [Frag](a.md#x)".to_string()),
        Just("- [Up](../x.md)".to_string()),
        Just("- [Abs](/x.md)".to_string()),
        Just("- [Html](x.html)".to_string()),
        Just("1. [Ordered](o.md)".to_string()),
        Just("- [Nested [x]](n.md)".to_string()),
        Just("- [Esc \\]](e.md)".to_string()),
        Just("- text".to_string()),
        Just("```".to_string()),
        Just("<!-- c -->".to_string()),
        Just("- [%](%zz.md)".to_string()),
        Just("- [Bad](%FF%FE.md)".to_string()),
        "[ -~]{0,30}",
        "\\PC{0,20}",
    ]
}

fn config_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[book]".to_string()),
        Just("[build]".to_string()),
        Just("[esg]".to_string()),
        Just("[output.html]".to_string()),
        Just("title = \"Acme ESG Report\"".to_string()),
        Just("title = 3".to_string()),
        Just("authors = [\"Acme\", 2]".to_string()),
        Just("src = \"content\"".to_string()),
        Just("build-dir = \"book\"".to_string()),
        Just("hkex = \"hkex-esg-2025\"".to_string()),
        Just("hkex = \"hkex-esg-2030\"".to_string()),
        Just("gri = \"gri-2021\"".to_string()),
        Just("gri-claim = \"in-accordance\"".to_string()),
        Just("gri-clam = \"x\"".to_string()),
        Just("material-topics = [\"305\", 403, true]".to_string()),
        Just("issuer = \"largecap\"".to_string()),
        Just("issuer = \"huge\"".to_string()),
        Just("period-start = 2025-01-01".to_string()),
        Just("period-start = 65535-12-31".to_string()),
        Just("period-start = \"2025-02-30\"".to_string()),
        Just("period-end = 2024-12-31T00:00:00Z".to_string()),
        Just("company = \"\"".to_string()),
        Just("esg = 1".to_string()),
        Just("\"quoted key\" = 1".to_string()),
        Just("x = \"\"\"\nmulti\"\"\"".to_string()),
        "[ -~]{0,30}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn front_matter_never_panics_and_points_inside_the_file(data in section_file()) {
        harness::front_matter(&data);
    }

    #[test]
    fn front_matter_survives_arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut with_fence = b"---\n".to_vec();
        with_fence.extend_from_slice(&data);
        harness::front_matter(&with_fence);
        harness::front_matter(&data);
    }

    #[test]
    fn summary_never_panics_and_points_inside_the_file(data in document(summary_line(), 14)) {
        harness::summary(&data);
    }

    #[test]
    fn config_never_panics_and_points_inside_the_file(data in document(config_line(), 12)) {
        harness::config(&data);
    }
}

/// A small project tree in the harness's text format.
fn project_tree() -> impl Strategy<Value = Vec<u8>> {
    let book = prop_oneof![
        Just("[book]\ntitle = \"T\"\n[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n"),
        Just("[book]\ntitle = \"T\"\n[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2016\"\n"),
        Just(
            "[esg]\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\n"
        ),
        Just("[esg]\nhkex = \"hkex-esg-2025\"\nissuer = \"largecap\"\nperiod-start = 2026-01-01\n"),
        Just("[book]\nsrc = \"src\"\n[esg]\nhkex = \"hkex-esg-2025\"\n"),
        Just("[build]\nbuild-dir = \"content\"\n"),
        Just(""),
    ];
    let names = prop_oneof![
        Just("a.md"),
        Just("b.md"),
        Just("sub/c.md"),
        Just("my file.md"),
        Just("SUMMARY.md"),
        Just("x.txt")
    ];
    (
        book,
        document(summary_line(), 8),
        proptest::collection::vec((names, section_file()), 0..5),
        any::<bool>(),
    )
        .prop_map(|(book, summary, files, link)| {
            let mut out = book.as_bytes().to_vec();
            for src in ["content", "src"] {
                out.extend_from_slice(format!("@@@ {src}/SUMMARY.md\n").as_bytes());
                out.extend_from_slice(&summary);
                for (name, bytes) in &files {
                    if *name != "SUMMARY.md" {
                        out.extend_from_slice(format!("\n@@@ {src}/{name}\n").as_bytes());
                        out.extend_from_slice(bytes);
                    }
                }
                if link {
                    out.extend_from_slice(format!("\n@@> {src}/loop -> .\n").as_bytes());
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn the_pipeline_never_panics_on_generated_projects(data in project_tree()) {
        harness::pipeline(&data);
    }
}

/// How many inputs of each fuzz corpus the fast lane replays besides the named ones.
const CORPUS_SAMPLE: usize = 150;

#[test]
fn a_sample_of_the_front_matter_corpus_passes() {
    replay("front_matter", harness::front_matter, Some(CORPUS_SAMPLE));
}

#[test]
fn a_sample_of_the_summary_corpus_passes() {
    replay("summary", harness::summary, Some(CORPUS_SAMPLE));
}

#[test]
fn a_sample_of_the_config_corpus_passes() {
    replay("config", harness::config, Some(CORPUS_SAMPLE));
}

#[test]
fn a_sample_of_the_pipeline_corpus_passes() {
    replay("pipeline", harness::pipeline, Some(CORPUS_SAMPLE));
}

#[test]
fn the_sample_report_passes_the_harness() {
    harness::run_project(&crate::util::repo_root());
}
