//! `esgbook init`: scaffolds a small report that builds at once.
//!
//! The scaffold is a teaching aid as much as a starting point: its sections show the front
//! matter (`hkex`, `gri`, `omit`) at work, and it leaves exactly one HKEX item (B8.2) neither
//! addressed nor explained, so the first `esgbook check` a new user runs fails with one gap
//! and tells them how to close it. Its `data/` holds two metrics and their sum, shown as one
//! table in the climate section. Nothing existing is ever overwritten: when any file of
//! the scaffold already exists, nothing is written at all.

use std::path::Path;

/// The files of the scaffold, as `(path, text)`.
pub const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        r#"[book]
title = "Example Holdings ESG Report 2025"
authors = ["Example Holdings Limited"]
description = "The 2025 environmental, social and governance report of Example Holdings Limited."
language = "en"
src = "content"

[build]
build-dir = "book"

[esg]
hkex = "hkex-esg-2025"           # HKEX ESG Reporting Code; `esgbook frameworks hkex-esg-2025` lists its items
gri = "gri-2021"                 # GRI Standards, reported "with reference to"
gri-claim = "with-reference"
issuer = "main-board"            # or "largecap" or "gem": decides Part D climate obligations
company = "Example Holdings Limited"
period-start = 2025-01-01
period-end = 2025-12-31
"#,
    ),
    (
        "content/SUMMARY.md",
        r#"# Summary

[About this Report](about.md)

# Governance

- [Board Statement](governance.md)

# Climate and Environment

- [Climate-related Disclosures](climate.md)
- [Environment](environment.md)

# Social

- [Our People](people.md)
- [Operating Practices](operations.md)
- [Community](community.md)
"#,
    ),
    (
        "content/about.md",
        r#"---
title: About this Report
description: Scope, boundary and the reporting principles applied.
hkex: [MDR-PRIN, MDR-BOUND]
gri: ["2-2", "2-3"]
---

# About this Report

This report covers Example Holdings Limited and its subsidiaries for the year ended
31 December 2025. Replace this text with your own.

## Reporting boundary

The boundary follows operational control. Every section says which HKEX items it addresses in
its front matter (the lines between `---` at the top of the file); `esgbook build` turns those
tags into the content-index pages.

## Reporting principles

Materiality, quantitative, balance and consistency: describe how you applied each one.
"#,
    ),
    (
        "content/governance.md",
        r#"---
title: Board Statement
hkex: [MDR-GOV]
gri: ["2-12", "2-14", "2-22"]
---

# Board Statement

The Board oversees ESG matters, approves the material topics and reviews progress against
targets each year. See the [climate governance](climate.md#governance) arrangements.
"#,
    ),
    (
        "content/climate.md",
        r#"---
title: Climate-related Disclosures
hkex: [D-GOV-1, D-GOV-2, D-STR-1, D-STR-2, D-STR-3, D-STR-4, D-STR-5, D-RM-1, D-MT-1, D-MT-2, D-MT-3, D-MT-4, D-MT-5, D-MT-6, D-MT-7, D-MT-8, D-MT-12]
gri: ["305-1", "305-2", "305-3"]
omit:
  hkex:
    D-MT-9: We do not use an internal carbon price; we will assess one in 2026.
    D-MT-10: Executive pay is not yet linked to climate targets.
---

# Climate-related Disclosures

## Governance

Who oversees climate-related risks and opportunities, and how often.

## Strategy

Risks, opportunities, transition plan and scenario analysis.

## Risk management

How climate-related risks are identified, assessed and monitored.

## Metrics and targets

The table below is drawn from `data/emissions.csv`; `esgbook check` adds the figures up.

{{#kpi ghg-total ghg-scope1 ghg-scope2}}
"#,
    ),
    (
        "content/environment.md",
        r#"---
title: Environment
hkex: [A1, A1.1, A1.3, A1.4, A1.5, A1.6, A2, A2.1, A2.2, A2.3, A2.4, A3, A3.1]
gri: ["302-1", "303-5", "306-3"]
omit:
  hkex:
    A2.5: We provide services and use no packaging material for finished products.
---

# Environment

Emissions, waste, energy, water and the wider environment.
"#,
    ),
    (
        "content/people.md",
        r#"---
title: Our People
hkex: [B1, B1.1, B1.2, B2, B2.1, B2.2, B2.3, B3, B3.1, B3.2, B4, B4.1, B4.2]
gri: ["2-7", "403-9", "404-1"]
---

# Our People

Employment, health and safety, training, and labour standards.
"#,
    ),
    (
        "content/operations.md",
        r#"---
title: Operating Practices
hkex: [B5, B5.1, B5.2, B5.3, B5.4, B6, B6.1, B6.2, B6.3, B6.4, B6.5, B7, B7.1, B7.2, B7.3]
gri: ["205-3", "418-1"]
---

# Operating Practices

Supply chain, product responsibility and anti-corruption.
"#,
    ),
    (
        "content/community.md",
        r#"---
title: Community
# B8.2 (resources contributed) is deliberately missing, so `esgbook check` shows a gap.
# Close it by adding B8.2 to the list below once the section reports the money and
# volunteer hours given, or explain its absence under `omit: hkex: B8.2: ...`.
hkex: [B8, B8.1]
---

# Community

Our focus areas are education and the environment in the districts where we operate.
"#,
    ),
    (
        "data/metrics.yaml",
        r#"# What each metric is. A section shows metrics with `{{#kpi id id}}` on a line of its
# own; `esgbook check` checks that a `sum:` adds up and that a breakdown matches its total.
ghg-scope1: {label: "GHG emissions (Scope 1)", unit: tCO2e, gri: ["305-1"]}
ghg-scope2: {label: "GHG emissions (Scope 2)", unit: tCO2e, gri: ["305-2"]}
ghg-total:  {label: Total GHG emissions, unit: tCO2e, sum: [ghg-scope1, ghg-scope2]}
"#,
    ),
    (
        "data/emissions.csv",
        r#"metric,period,value,unit,note
ghg-scope1,2025,"1,200",tCO2e,
ghg-scope1,2024,"1,310",tCO2e,
ghg-scope2,2025,"3,400",tCO2e,
ghg-scope2,2024,"3,650",tCO2e,
ghg-total,2025,"4,600",tCO2e,
ghg-total,2024,"4,960",tCO2e,
"#,
    ),
];

/// How a scaffold attempt ended.
#[derive(Debug)]
pub enum Scaffolded {
    /// Every file was written; the number of sections.
    Created(usize),
    /// Nothing was written: these files already exist.
    Refused(Vec<&'static str>),
    /// A file could not be written.
    Failed(std::path::PathBuf, std::io::Error),
}

/// Writes the scaffold into `dir` (created when missing). Refuses, writing nothing, when
/// any of its files already exists.
pub fn scaffold(dir: &Path) -> Scaffolded {
    let existing: Vec<&'static str> = FILES
        .iter()
        .map(|(p, _)| *p)
        .filter(|p| dir.join(p).exists())
        .collect();
    if !existing.is_empty() {
        return Scaffolded::Refused(existing);
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                // create_new: never replace a file that appeared since the check above.
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
                    .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            });
        if let Err(err) = written {
            return Scaffolded::Failed(target, err);
        }
    }
    let sections = FILES
        .iter()
        .filter(|(p, _)| {
            p.starts_with("content/") && p.ends_with(".md") && !p.ends_with("SUMMARY.md")
        })
        .count();
    Scaffolded::Created(sections)
}
