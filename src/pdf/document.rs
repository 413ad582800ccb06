//! The typst source of the print edition: the report's facts, the page design
//! (`template.typ`), the sections in SUMMARY order and the content indexes as an appendix.

use super::columns::{Advances, natural_width};
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
    /// The body font's advance widths, to size table columns.
    pub advances: &'a Advances,
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

/// The body being written: the chapters and appendices, each top-level unit (a part, a
/// top-level chapter, an index) in a scope `#[…]` of its own, so that its running header and
/// its set rules end with it instead of piling up for the rest of the document; and the
/// contents entries `(level, label, title)` met on the way.
struct Body {
    out: String,
    contents: Vec<(usize, String, String)>,
    open: bool,
}

impl Body {
    /// Starts a top-level unit on a new page, with `title` in the running header.
    fn unit(&mut self, title: &str) {
        self.close();
        let _ = write!(
            self.out,
            "\n#pagebreak(weak: true)\n#[#set page(header: esg-header[{}])\n",
            text(title)
        );
        self.open = true;
    }

    /// Ends the open unit.
    fn close(&mut self) {
        if std::mem::take(&mut self.open) {
            self.out.push_str("\n]\n");
        }
    }

    /// A heading listed in the contents (down to the third level) and bookmarked.
    fn heading(&mut self, level: usize, title: &str, label_name: &str) {
        let _ = write!(
            self.out,
            "#heading(level: {})[{}]#{}\n\n",
            level.min(6),
            text(title),
            label(label_name)
        );
        if level <= 3 {
            self.contents
                .push((level, label_name.to_string(), title.to_string()));
        }
    }
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
    let words = config.book.lang.strings();
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(
        out,
        "#let esg = (title: {}, authors: {}, company: {}, period: {}, frameworks: {}, fonts: {}, lang: {}, region: {}, logo: {}, cover: {}, contents: {}, kpi_indicator: {}, kpi_unit: {}, kpi_legend: {})",
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
        lit(words.get("pdf_contents")),
        lit(words.get("kpi_indicator")),
        lit(words.get("kpi_unit")),
        lit(words.get("kpi_legend")),
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
    let links = Links::new(&report.sections, &report.assets, &generated)
        .with_data(&report.data)
        .in_language(report.lang);
    let targets = Targets {
        links: &links,
        labels: &labels,
        pages: &pages,
        advances: options.advances,
    };

    let mut body = Body {
        out: String::with_capacity(64 * 1024),
        contents: Vec::new(),
        open: false,
    };
    let has_parts = report.toc.iter().any(|e| matches!(e, TocEntry::Part(_)));
    let mut in_part = false;
    let mut parts = 0;
    let mut places = Vec::with_capacity(report.sections.len());
    for entry in &report.toc {
        match entry {
            TocEntry::Part(title) => {
                in_part = true;
                parts += 1;
                body.unit(title);
                body.heading(1, title, &format!("part-{parts}"));
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
                places.push((body.out.len(), *s));
                if level == 1 {
                    body.unit(&section.title);
                }
                body.heading(level, &section.title, &print_slug(section));
                body.out.push_str(&section_body(&targets, *s, level));
            }
            TocEntry::Chapter { section: None, .. } => {}
        }
    }
    places.push((body.out.len(), usize::MAX));
    for index in &project.coverage.indexes {
        Appendix {
            project,
            advances: options.advances,
            labels: &labels,
            index,
        }
        .write(&mut body);
    }
    body.close();

    // The contents, then the report numbered from 1.
    out.push_str("#esg-contents((\n");
    for (level, name, title) in &body.contents {
        let _ = writeln!(out, "({level}, {}, {}),", label(name), lit(title));
    }
    out.push_str(
        "))\n#pagebreak(weak: true)\n#set page(numbering: \"1\")\n#counter(page).update(1)\n",
    );
    let offset = out.len();
    out.push_str(&body.out);
    for place in &mut places {
        place.0 += offset;
    }

    // Where every label is: the page number its footer prints and its physical page and
    // position (a label the section's text defines may not be printed: a first heading
    // repeating the title is), read back (`super::Placed`) for the next layout's links and page numbers and
    // for `export --pages`.
    let mut placed: Vec<&str> = labels.iter().map(String::as_str).collect();
    placed.extend(body.contents.iter().map(|(_, name, _)| name.as_str()));
    placed.sort_unstable();
    placed.dedup();
    let placed = array(placed.iter().map(|name| label(name)));
    let _ = writeln!(
        out,
        "\n#context [#metadata({placed}.map(l => query(l)).filter(found => found.len() > 0).map(found => {{ let at = found.first().location(); let p = at.position(); (str(found.first().label), counter(page).at(at).first(), p.page, p.x / 1pt, p.y / 1pt) }}))#{}]",
        label(PAGES_LABEL)
    );
    (out, places)
}

/// The label of the heading a location points at (`s-green--waste`), when the location is a
/// subsection and the document has that heading.
pub fn heading_label(
    location: &Location,
    sections: &[crate::content::Section],
    labels: &HashSet<String>,
) -> Option<String> {
    let anchor = location.anchor.as_deref()?;
    let name = format!("{}--{anchor}", print_slug(&sections[location.section]));
    labels.contains(&name).then_some(name)
}

/// A content index as an appendix chapter, laid out as on the site.
struct Appendix<'a> {
    project: &'a Project,
    /// The body font's advance widths, to size columns.
    advances: &'a Advances,
    /// Every label the document defines.
    labels: &'a HashSet<String>,
    index: &'a Index,
}

impl Appendix<'_> {
    /// One location: the trail, linked, and the page of its section or tagged heading.
    fn location(&self, l: &Location) -> String {
        let sections = &self.project.report.sections;
        let target = heading_label(l, sections, self.labels)
            .unwrap_or_else(|| print_slug(&sections[l.section]));
        format!("#esg-at({}, {})", label(&target), lit(&l.trail_text()))
    }

    fn locations(&self, row: &Row) -> String {
        row.locations
            .iter()
            .map(|l| self.location(l))
            .collect::<Vec<_>>()
            .join("#linebreak()")
    }

    /// The appendix: its title, the facts of the claim, then one table per group.
    fn write(&self, body: &mut Body) {
        let index = self.index;
        let catalog = index.catalog;
        let layout = &catalog.rules.index;
        let words = self.project.config.book.lang.strings();
        let title = words.fill("site_content_index", &[("title", &catalog.title)]);
        let name = index_label(index);
        body.unit(&title);
        body.heading(1, &title, &name);
        let out = &mut body.out;
        out.push_str("#set text(size: 8pt, hyphenate: true)\n#set par(justify: false)\n");
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
            let group_label = format!("{name}--{}", group.id);
            let _ = write!(
                out,
                "#heading(level: 2)[{}]#{}\n\n",
                text(&group.title),
                label(&group_label)
            );
            body.contents.push((2, group_label, group.title.clone()));
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
                        self.standards_row(row, out);
                    }
                }
                TableStyle::Provisions => {
                    // The item and status columns as wide as their widest entry (typst's
                    // `auto` would lay every cell out once more to find it).
                    let heading = |i: usize| layout.headings.get(i).map_or("", String::as_str);
                    let item = natural_width(
                        std::iter::once(heading(0))
                            .chain(shown.iter().map(|r| r.id.as_str()))
                            .map(|t| (t, true)),
                        self.advances,
                    );
                    let words = self.project.config.book.lang.strings();
                    let status = natural_width(
                        std::iter::once((heading(3), true)).chain(shown.iter().flat_map(|r| {
                            [
                                (status_word(words, r.status), false),
                                (words.obligation(r.obligation), false),
                            ]
                        })),
                        self.advances,
                    );
                    let _ = write!(
                        out,
                        "#table(columns: ({}, 2.2fr, 2.6fr, {}), table.header(esg-th[{}], esg-th[{}], esg-th[{}], esg-th[{}]),",
                        item,
                        status,
                        h(0),
                        h(1),
                        h(2),
                        h(3)
                    );
                    for row in shown {
                        self.provisions_row(row, out);
                    }
                }
            }
            out.push_str(")\n\n");
        }
    }

    fn standards_row(&self, row: &Row, out: &mut String) {
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
        let words = self.project.config.book.lang.strings();
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
            self.locations(row),
            text(omitted),
            text(reason),
            text(explanation.unwrap_or(""))
        );
    }

    fn provisions_row(&self, row: &Row, out: &mut String) {
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
        let words = self.project.config.book.lang.strings();
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
            self.locations(row),
            text(status_word(words, row.status)),
            text(words.obligation(row.obligation))
        );
    }
}

/// The status word of the provisions table, as on the site.
fn status_word(words: &Strings, status: Status) -> &str {
    match status {
        Status::Covered => words.get("index_reported"),
        Status::Omitted => words.get("index_explained"),
        status => words.status(status),
    }
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
