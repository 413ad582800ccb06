//! The typst source of the print edition: the report's facts, the page design
//! (`template.typ`), the sections in SUMMARY order and the content indexes as an appendix.

use super::markup::{Targets, label, lit, section_body, section_labels, text};
use crate::Project;
use crate::catalog::ItemKind;
use crate::catalog::rules::TableStyle;
use crate::content::links::Links;
use crate::content::markdown::print_slug;
use crate::content::{EntryKind, TocEntry};
use crate::coverage::{Index, Location, Row};
use crate::locale::Strings;
use crate::model::Status;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// The page design, after the facts.
const TEMPLATE: &str = include_str!("template.typ");

/// The label of the metadata that lists each section's page number.
pub const PAGES_LABEL: &str = "esgbook-pages";

/// What the document needs besides the project.
pub struct Options<'a> {
    /// Font families, in order of preference (CJK fallbacks included).
    pub fonts: &'a [String],
    /// The cover image and logo, as paths from the source folder.
    pub cover: Option<&'a str>,
    /// The logo.
    pub logo: Option<&'a str>,
}

/// The label of a framework's index appendix (`index-hkex`).
pub fn index_label(index: &Index) -> String {
    format!("index-{}", index.catalog.framework.key())
}

/// `lang` and `region` for typst from a language tag (`zh-hk` → `zh`, `hk`).
pub fn lang_region(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    let lang = if lang.len() == 2 || lang.len() == 3 {
        lang
    } else {
        "en".to_string()
    };
    let region = parts
        .next()
        .filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase);
    (lang, region)
}

fn opt(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_string(), lit)
}

fn array(items: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from("(");
    for item in items {
        out.push_str(&item);
        out.push_str(", ");
    }
    out.push(')');
    out
}

/// The whole typst source of the report, and where each section's text starts in it
/// (byte offset, section), to place typst's errors.
pub fn source(project: &Project, options: &Options<'_>) -> (String, Vec<(usize, usize)>) {
    let config = &project.config;
    let report = &project.report;
    let (lang, region) = lang_region(&config.book.language);
    let frameworks = project.coverage.indexes.iter().map(|i| {
        lit(&format!(
            "{}: {}",
            i.catalog.framework.label(),
            i.catalog.title
        ))
    });
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        "#let esg = (title: {}, authors: {}, company: {}, period: {}, frameworks: {}, fonts: {}, lang: {}, region: {}, logo: {}, cover: {}, contents: {})",
        lit(&config.book.title),
        array(config.book.authors.iter().map(|a| lit(a))),
        lit(config.company()),
        opt(project.config.period_text().as_deref()),
        array(frameworks),
        array(options.fonts.iter().map(|f| lit(f))),
        lit(&lang),
        opt(region.as_deref()),
        opt(options.logo.map(|p| format!("/{p}")).as_deref()),
        opt(options.cover.map(|p| format!("/{p}")).as_deref()),
        lit(config.book.lang.strings().get("pdf_contents")),
    );
    out.push_str(TEMPLATE);

    // Every label the document defines, so that links to anything else stay plain text.
    let mut labels: HashSet<String> = HashSet::new();
    for (s, section) in report.sections.iter().enumerate() {
        let ids = report
            .rendered
            .get(s)
            .map(|r| r.ids.clone())
            .unwrap_or_default();
        labels.extend(section_labels(section, &ids));
    }
    let pages: HashMap<String, String> = project
        .coverage
        .indexes
        .iter()
        .map(|i| (i.catalog.framework.index_page(), index_label(i)))
        .collect();
    let generated = project.generated_pages();
    let links = Links::new(&report.sections, &report.assets, &generated);
    let targets = Targets {
        links: &links,
        labels: &labels,
        pages: &pages,
    };

    let has_parts = report.toc.iter().any(|e| matches!(e, TocEntry::Part(_)));
    let mut in_part = false;
    let mut places = Vec::with_capacity(report.sections.len());
    for entry in &report.toc {
        match entry {
            TocEntry::Part(title) => {
                in_part = true;
                let _ = write!(
                    out,
                    "\n#pagebreak(weak: true)\n#set page(header: esg-header[{title}])\n#heading(level: 1)[{title}]\n\n",
                    title = text(title)
                );
            }
            TocEntry::Chapter {
                section: Some(s),
                depth,
                ..
            } => {
                let section = &report.sections[*s];
                // A suffix chapter (a glossary after the last part) belongs to no part.
                if section.kind == EntryKind::Suffix {
                    in_part = false;
                }
                // Prefix and suffix chapters outside any part stand at the top level.
                let level = depth + 1 + usize::from(has_parts && in_part);
                places.push((out.len(), *s));
                if level == 1 {
                    let _ = write!(
                        out,
                        "\n#pagebreak(weak: true)\n#set page(header: esg-header[{}])\n",
                        text(&section.title)
                    );
                }
                let _ = write!(
                    out,
                    "#heading(level: {})[{}]#{}\n\n",
                    level.min(6),
                    text(&section.title),
                    label(&print_slug(section))
                );
                out.push_str(&section_body(&targets, *s, level));
            }
            TocEntry::Chapter { section: None, .. } => {}
        }
    }
    places.push((out.len(), usize::MAX));
    for index in &project.coverage.indexes {
        index_appendix(project, index, &mut out);
    }
    // Each section's page number as the footer prints it, read back by `export --pages`.
    let sections = array(
        report
            .sections
            .iter()
            .map(|s| label(&print_slug(s)).to_string()),
    );
    let _ = writeln!(
        out,
        "\n#context [#metadata({sections}.map(l => (str(l), counter(page).at(l).first())))#{}]",
        label(PAGES_LABEL)
    );
    (out, places)
}

/// One location cell line: the trail, linked, and the page its section starts on.
fn location(l: &Location, sections: &[crate::content::Section]) -> String {
    let target = label(&print_slug(&sections[l.section]));
    format!("#esg-at({target}, {})", lit(&l.trail_text()))
}

fn locations(row: &Row, project: &Project) -> String {
    row.locations
        .iter()
        .map(|l| location(l, &project.report.sections))
        .collect::<Vec<_>>()
        .join("#linebreak()")
}

/// The status word of the provisions table, as on the site.
fn status_word(words: &Strings, status: Status) -> &str {
    match status {
        Status::Covered => words.get("index_reported"),
        Status::Omitted => words.get("index_explained"),
        status => words.status(status),
    }
}

/// A content index as an appendix chapter, laid out as on the site.
fn index_appendix(project: &Project, index: &Index, out: &mut String) {
    let catalog = index.catalog;
    let layout = &catalog.rules.index;
    let words = project.config.book.lang.strings();
    let _ = write!(
        out,
        "\n#pagebreak(weak: true)\n#set page(header: esg-header[{title}])\n#heading(level: 1)[{title}]#{}\n\n#set text(size: 8pt, hyphenate: true)\n#set par(justify: false)\n",
        label(&index_label(index)),
        title = text(&words.fill("site_content_index", &[("title", &catalog.title)])),
    );
    let mut facts = Vec::new();
    if let Some(statement) = index.statement_of_use.clone() {
        facts.push((words.get("index_statement_of_use"), statement));
    }
    if let Some(gri1) = &catalog.gri1 {
        facts.push((words.get("index_gri1_used"), gri1.clone()));
    }
    if !index.material_topics.is_empty() {
        facts.push((
            words.get("index_material_topics"),
            index.material_topics.join(", "),
        ));
    }
    if let Some(source) = &catalog.source {
        facts.push((words.get("index_source"), source.clone()));
    }
    out.push_str("#grid(columns: (auto, 1fr), gutter: 0.6em, ");
    for (term, value) in facts {
        let _ = write!(out, "[#strong[{}]], [{}], ", text(term), text(&value));
    }
    out.push_str(")\n\n");
    let h = |i: usize| text(layout.headings.get(i).map_or("", String::as_str));
    for group in &catalog.groups {
        // The PDF is the filed report: the published rows only, as the publication site.
        let shown: Vec<&Row> = index
            .rows
            .iter()
            .filter(|r| r.group == group.id && index.is_published(r))
            .collect();
        if shown.is_empty() {
            continue;
        }
        let _ = write!(out, "#heading(level: 2)[{}]\n\n", text(&group.title));
        match layout.table {
            TableStyle::Standards => {
                let _ = write!(
                    out,
                    "#table(columns: (1.3fr, 2fr, 2.2fr, 1.4fr, 1.2fr, 2fr), table.header(esg-th(rowspan: 2)[{}], esg-th(rowspan: 2)[{}], esg-th(rowspan: 2)[{}], esg-th(colspan: 3, align: center)[{}], esg-th[{}], esg-th[{}], esg-th[{}]),",
                    h(0),
                    h(1),
                    h(2),
                    text(layout.group_heading.as_deref().unwrap_or("")),
                    h(3),
                    h(4),
                    h(5)
                );
                for row in shown {
                    standards_row(project, row, out);
                }
            }
            TableStyle::Provisions => {
                let _ = write!(
                    out,
                    "#table(columns: (auto, 2.2fr, 2.6fr, auto), table.header(esg-th[{}], esg-th[{}], esg-th[{}], esg-th[{}]),",
                    h(0),
                    h(1),
                    h(2),
                    h(3)
                );
                for row in shown {
                    provisions_row(project, row, out);
                }
            }
        }
        out.push_str(")\n\n");
    }
    out.push_str("#set text(size: 10pt, hyphenate: auto)\n#set par(justify: true)\n");
}

fn standards_row(project: &Project, row: &Row, out: &mut String) {
    let explanation = row.omission.as_ref().map(|o| o.explanation.as_str());
    if row.kind == ItemKind::Standard {
        let name = row
            .heading
            .as_deref()
            .filter(|_| row.kind.heads_rows())
            .map_or_else(|| format!("GRI {}", row.id), str::to_string);
        let title = if row.locations.is_empty() && explanation.is_none() {
            ""
        } else {
            &row.title
        };
        let _ = write!(out, "[#strong[{}]], [{}], ", text(&name), text(title));
    } else {
        let _ = write!(
            out,
            "[], [#strong[{}] {}], ",
            text(&row.id),
            text(&row.title)
        );
    }
    let words = project.config.book.lang.strings();
    let missing = if row.status == Status::Missing {
        let obligation = words.obligation(row.obligation);
        text(&format!(
            " {}",
            words.fill("index_missing", &[("obligation", obligation)])
        ))
    } else {
        String::new()
    };
    let omitted = if row.status == Status::Omitted {
        row.id.as_str()
    } else {
        ""
    };
    let reason = row
        .omission
        .as_ref()
        .and_then(|o| o.reason_label.as_deref())
        .unwrap_or("");
    let _ = writeln!(
        out,
        "[{}{missing}], [{}], [{}], [{}],",
        locations(row, project),
        text(omitted),
        text(reason),
        text(explanation.unwrap_or(""))
    );
}

fn provisions_row(project: &Project, row: &Row, out: &mut String) {
    if let Some(heading) = row.heading.as_deref().filter(|_| row.kind.heads_rows()) {
        let _ = writeln!(
            out,
            "table.cell(colspan: 4, fill: luma(240))[#strong[{}]],",
            text(heading)
        );
    }
    let inline_heading = match row.heading.as_deref() {
        Some(heading) if row.kind == ItemKind::MandatoryDisclosure => {
            format!("#strong[{}]#linebreak()", text(heading))
        }
        _ => String::new(),
    };
    let words = project.config.book.lang.strings();
    let mut explanation = String::new();
    if let Some(omission) = &row.omission {
        if !row.locations.is_empty() {
            explanation.push_str("#linebreak()");
        }
        if let Some(reason) = &omission.reason_label {
            let _ = write!(explanation, "#strong[{}] ", text(&format!("{reason}.")));
        }
        explanation.push_str(&text(&omission.explanation));
    }
    let _ = writeln!(
        out,
        "[#strong[{}]], [{inline_heading}{}], [{}{explanation}], [{}#linebreak()#text(fill: luma(100))[{}]],",
        text(&row.id),
        text(&row.title),
        locations(row, project),
        text(status_word(words, row.status)),
        text(words.obligation(row.obligation))
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_give_typst_lang_and_region() {
        assert_eq!(lang_region("zh-hk"), ("zh".into(), Some("hk".into())));
        assert_eq!(lang_region("zh-CN"), ("zh".into(), Some("cn".into())));
        assert_eq!(lang_region("en"), ("en".into(), None));
        assert_eq!(lang_region("zh-Hant-HK"), ("zh".into(), None));
        assert_eq!(lang_region("english"), ("en".into(), None));
    }

    #[test]
    fn the_facts_are_string_literals() {
        assert_eq!(opt(None), "none");
        assert_eq!(opt(Some("a\"b")), "\"a\\\"b\"");
        assert_eq!(array(["\"x\"".to_string()]), "(\"x\", )");
    }
}
