//! The site a company publishes: the publication leaves reviewer material out and the review
//! build adds it; the brand (logo, cover image, colours checked for contrast); typos in
//! `[book]` pointed out.

use crate::util::Project;

const BOOK: &str = "[book]\ntitle = \"Acme ESG Report 2025\"\n\n[esg]\nhkex = \"hkex-esg-2020\"\n";

fn report(book_toml: &str) -> Project {
    Project::with(
        book_toml,
        &[
            (
                "SUMMARY.md",
                "- [Governance](governance.md)\n- [Water plan]()\n",
            ),
            (
                "governance.md",
                "---\ntitle: Governance\nhkex: [MDR-GOV, MDR-PRIN, MDR-BOUND]\n---\n\n# Governance\n\nText.\n",
            ),
        ],
    )
}

#[test]
fn the_publication_has_no_reviewer_material_and_the_review_build_has_it() {
    let p = report(BOOK);
    p.run(&["build"]).works();
    let toc = p.read("book/toc.html");
    let hkex = p.read("book/hkex.html");
    assert!(!p.join("book/coverage.html").exists());
    assert!(
        !toc.contains("Water plan"),
        "a draft chapter is not published"
    );
    assert!(!toc.contains("coverage.html"));
    assert!(!hkex.contains("hkex-esg-2020"), "no edition id");
    assert!(!hkex.contains("class=\"counts\""), "no gap counts");
    assert!(!hkex.contains("review-banner"));
    // MDR-GOV is covered; A1 is required and missing, so it is listed; no row is "not
    // addressed" under the 2020 Guide (every item is required).
    assert!(hkex.contains("id=\"item-mdr-gov\""));
    assert!(hkex.contains("id=\"item-a1\""));

    p.run(&["build", "--review"]).works();
    let toc = p.read("book/toc.html");
    let hkex = p.read("book/hkex.html");
    assert!(p.join("book/coverage.html").is_file());
    assert!(toc.contains("Water plan"));
    assert!(hkex.contains("<dd>hkex-esg-2020</dd>"));
    assert!(hkex.contains("class=\"counts\""));
    assert!(hkex.contains("class=\"review-banner\""));
}

#[test]
fn rows_nobody_addressed_are_left_out_of_the_publication() {
    // Under gri-2021 with reference nothing is required: only the tagged rows are shown.
    let p = Project::with(
        "[esg]\ngri = \"gri-2021\"\n",
        &[
            ("SUMMARY.md", "- [Water](water.md)\n"),
            ("water.md", "---\ngri: [\"303-3\"]\n---\n\n# Water\n"),
        ],
    );
    p.run(&["build"]).works();
    let gri = p.read("book/gri.html");
    assert!(gri.contains("id=\"item-303-3\""));
    // The standard stays as the heading of its shown disclosure; its siblings do not.
    assert!(gri.contains("id=\"item-303\""));
    assert!(!gri.contains("id=\"item-303-1\""));
    assert!(!gri.contains("id=\"item-2-1\""));
    p.run(&["build", "--review"]).works();
    assert!(p.read("book/gri.html").contains("id=\"item-2-1\""));
}

#[test]
fn the_brand_shows_on_every_page_and_a_light_colour_is_darkened() {
    let p = report(&format!(
        "{BOOK}\n[output.html]\nlogo = \"images/logo.svg\"\ncover-image = \"images/cover.svg\"\nbrand-color = \"#7fd1b9\"\naccent-color = \"#b4571a\"\ntheme = \"mdbook-theme\"\n"
    ));
    p.write(
        "content/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.write(
        "content/images/cover.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let run = p.run(&["build"]);
    run.works().says(
        "warning: book.toml:10: `brand-color` #7fd1b9 has a contrast of 1.8:1 on white, below the 4.5:1 that WCAG AA asks for text; the site uses #4d7f71 (contrast 4.6:1) instead\n  help: set brand-color = \"#4d7f71\" (or a darker colour) to keep it as written",
    );
    let cover = p.read("book/index.html");
    assert!(cover.contains("<style>:root { --brand: #4d7f71; --brand-dark: #325349; --brand-soft: #edf2f1; --accent: #b4571a; }</style>"), "{cover}");
    assert!(cover.contains("<img class=\"brand-logo\" src=\"images/logo.svg\" alt=\"\">"));
    assert!(cover.contains("<img class=\"cover-image\" src=\"images/cover.svg\" alt=\"\">"));
    let section = p.read("book/governance.html");
    assert!(section.contains("--brand: #4d7f71;"));
    assert!(p.join("book/images/logo.svg").is_file());
}

#[test]
fn a_missing_logo_and_a_bad_colour_are_errors_at_their_lines() {
    let p = report(&format!(
        "{BOOK}\n[output.html]\nlogo = \"images/logo.png\"\nbrand-color = \"green\"\n"
    ));
    let run = p.run(&["check"]);
    run.fails();
    assert_eq!(
        run.errors(),
        [
            "error: book.toml:8: [output.html] logo `images/logo.png` is not a file of the source folder `content`",
            "error: book.toml:9: `brand-color` must be a colour like \"#0b5c4b\", not `green`",
        ]
    );
}

#[test]
fn a_typo_in_book_is_a_warning_with_a_suggestion() {
    let p = report(
        "[book]\ntitel = \"Acme\"\nmultilingual = false\n\n[esg]\nhkex = \"hkex-esg-2020\"\n",
    );
    p.run(&["check"]).says(
        "warning: book.toml:2: unknown key `titel` in [book]; it is ignored\n  help: did you mean `title`?",
    );
    assert!(!p.run(&["check"]).stderr.contains("multilingual"));
}

#[test]
fn a_picture_on_its_own_line_is_captioned_with_its_alt_text() {
    let p = report(BOOK);
    p.write(
        "content/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.write(
        "content/governance.md",
        "---\nhkex: [MDR-GOV]\n---\n\n# Governance\n\n![Board meetings <2025>](chart.svg)\n\nInline ![icon](chart.svg) stays inline.\n",
    );
    p.run(&["build"]).works();
    let html = p.read("book/governance.html");
    assert!(
        html.contains("<figure><img src=\"chart.svg\" alt=\"Board meetings &lt;2025&gt;\" /><figcaption>Board meetings &lt;2025&gt;</figcaption></figure>"),
        "{html}"
    );
    assert!(html.contains("<p>Inline <img src=\"chart.svg\" alt=\"icon\" /> stays inline.</p>"));
}

#[cfg(unix)]
#[test]
fn exports_get_the_usual_permissions_and_their_format_must_match_the_name() {
    use std::os::unix::fs::PermissionsExt;
    let p = report(BOOK);
    p.write("index.csv", "old");
    std::fs::set_permissions(p.join("index.csv"), std::fs::Permissions::from_mode(0o600)).unwrap();
    p.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "csv",
        "-o",
        "index.csv",
    ])
    .works();
    let mode = std::fs::metadata(p.join("index.csv"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_ne!(mode, 0o600, "an export is not private to its owner");
    assert_eq!(
        mode & 0o044,
        0o044 & !umask(),
        "group and others read it unless the umask says no"
    );

    let run = p.run(&[
        "export",
        "--framework",
        "hkex",
        "--format",
        "csv",
        "-o",
        "index.xlsx",
    ]);
    run.fails().says(
        "error: index.xlsx: the file is named for xlsx but --format is csv\n  help: use --format xlsx or name the file index.csv",
    );
    assert!(!p.join("index.xlsx").exists());
}

/// The process umask, read back without changing it for long.
#[cfg(unix)]
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0o022)
}

#[test]
fn a_heading_tag_makes_its_subsection_a_location_in_every_index() {
    let p = Project::with(
        "[esg]\nhkex = \"hkex-esg-2020\"\ngri = \"gri-2021\"\n",
        &[
            (
                "SUMMARY.md",
                "- [Environment](env.md)\n    - [Waste](waste.md)\n",
            ),
            ("env.md", "# Environment\n"),
            (
                "waste.md",
                "---\nhkex: [A1]\n---\n\n# Waste\n\n## Hazardous waste {#hazardous-waste hkex=\"A1.3 A1.6\" gri=\"306-3\"}\n\nText.\n\n## Recycling {hkex=A1.6}\n\nText.\n",
            ),
        ],
    );
    let json = p.export("hkex", "json").json();
    let row = |id: &str| {
        json["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["id"] == id))
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        row("A1.3")["locations"],
        serde_json::json!([{
            "title": "Hazardous waste",
            "trail": ["Environment", "Waste", "Hazardous waste"],
            "path": "waste.md",
            "url": "waste.html#hazardous-waste",
        }])
    );
    let urls: Vec<String> = row("A1.6")["locations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| l["url"].as_str().map(str::to_string))
        .collect();
    assert_eq!(urls, ["waste.html#hazardous-waste", "waste.html#recycling"]);
    assert_eq!(row("A1")["locations"][0]["url"], "waste.html");
    let csv = p.export("gri", "csv").stdout;
    assert!(
        csv.lines()
            .any(|l| l.starts_with("306-3,") && l.contains("Environment › Waste › Hazardous waste")),
        "{csv}"
    );
    p.run(&["build"]).works();
    let page = p.read("book/waste.html");
    assert!(
        page.contains("<h2 id=\"hazardous-waste\">Hazardous waste</h2>"),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"recycling\">Recycling</h2>"));
    let index = p.read("book/hkex.html");
    assert!(index.contains("href=\"waste.html#hazardous-waste\""));
}

#[test]
fn a_heading_tag_is_checked_like_front_matter_at_its_line() {
    let p = report(BOOK);
    p.write(
        "content/governance.md",
        "---\nhkex: [MDR-GOV]\n---\n\n# Governance\n\n## Risk {hkex=\"A11 MDR-PRIN\"}\n",
    );
    let run = p.run(&["check"]);
    run.fails().says(
        "error: content/governance.md:7: unknown HKEX code `A11` (catalog hkex-esg-2020)\n  help: did you mean `A1.1` or `A1`?",
    );
}

#[test]
fn material_topics_are_marked_on_the_gri_index_with_their_management_row() {
    let p = Project::with(
        "[esg]\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\nmaterial-topics = [\"305\"]\nperiod-start = 2025-01-01\n",
        &[
            ("SUMMARY.md", "- [Climate](climate.md)\n"),
            (
                "climate.md",
                "---\ngri: [\"305\", \"305-1\", \"3-3\"]\n---\n\n# Climate\n",
            ),
        ],
    );
    p.run(&["build"]);
    let gri = p.read("book/gri.html");
    let row = |id: &str| match gri.find(&format!("id=\"{id}\"")) {
        Some(start) => gri[start..].split("</tr>").next().unwrap_or("").to_string(),
        None => panic!("no row {id}"),
    };
    assert!(row("item-305").contains("<span class=\"badge material\">Material topic</span>"));
    assert!(!row("item-2").contains("badge material"));
    // The topic's management-approach row follows its standard's row.
    let standard = gri.find("id=\"item-305\"").unwrap_or(usize::MAX);
    let topic = gri.find("id=\"item-3-3:305\"").unwrap_or(0);
    let next = gri.find("id=\"item-305-1\"").unwrap_or(0);
    assert!(
        standard < topic && topic < next,
        "{standard} {topic} {next}"
    );
}
