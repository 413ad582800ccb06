//! A section's Markdown as typst markup, from the same pulldown-cmark events (and options)
//! as its page.
//!
//! Nothing a writer types is ever read as typst syntax: every piece of text becomes a
//! string literal (`#"…"`), every link target and image path a string argument, so `#`,
//! `@`, `<`, `$`, `*`, `]` and backslashes are printed as written. Headings get the same
//! ids as on the page ([`HeadingIds`]), as labels `slug--id`, so links between sections
//! become PDF links.

use super::columns::{Advances, Measure, widths};
use crate::content::links::{Links, print_target};
use crate::content::markdown::{HeadingIds, options, print_slug};
use crate::text::percent_decode;
use pulldown_cmark::{Alignment, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// `text` as a typst string literal: quotes and backslashes escaped, control characters
/// as `\u{…}`.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as typst content in markup: `#"…"` (nothing when empty).
pub fn text(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("#{}", lit(text))
    }
}

/// A label in the PDF for a target of the print page (`s-green-02--targets`).
pub fn label(name: &str) -> String {
    format!("label({})", lit(name))
}

/// What the converter needs to know of the whole document.
pub struct Targets<'a> {
    /// The report's sections and files.
    pub links: &'a Links<'a>,
    /// Every label the document defines; a link to anything else stays plain text.
    pub labels: &'a HashSet<String>,
    /// Generated pages (the content indexes) by their path, to the label of their appendix.
    pub pages: &'a HashMap<String, String>,
    /// The body font's advance widths, to size table columns.
    pub advances: &'a Advances,
}

/// Section `s`'s body as typst markup, its headings one level below `level` (the
/// section's own heading). The leading `# Title`, which the section heading replaces, is
/// left out, as on the page.
pub fn section_body(targets: &Targets<'_>, s: usize, level: usize) -> String {
    let body = &targets.links.sections[s].body;
    let mut notes = HashMap::new();
    if body.contains("[^") {
        // Footnote definitions may follow their references: collect them first.
        let mut first = Converter::new(targets, s, level, &notes);
        first.run(body);
        notes = first.definitions;
    }
    let mut converter = Converter::new(targets, s, level, &notes);
    converter.run(body);
    converter.out
}

/// The typst labels a section defines: its own and one per heading id.
pub fn section_labels(
    targets_section: &crate::content::Section,
    ids: &HashSet<String>,
) -> Vec<String> {
    let slug = print_slug(targets_section);
    let mut labels = vec![slug.clone()];
    labels.extend(ids.iter().map(|id| format!("{slug}--{id}")));
    labels
}

struct Converter<'t, 'a> {
    targets: &'t Targets<'a>,
    s: usize,
    slug: String,
    level: usize,
    out: String,
    /// Output set aside while a heading, image, code block or footnote is open.
    saved: Vec<String>,
    ids: HeadingIds,
    /// Plain text of the open heading, for its id; the image's alt text.
    plain: String,
    first_block: bool,
    skip_heading: bool,
    in_heading: bool,
    in_image: bool,
    in_table_head: bool,
    /// The open heading's explicit `{#id}`.
    explicit_id: Option<String>,
    /// Footnote definitions open (pulldown-cmark's end tag does not name them).
    note_names: Vec<String>,
    notes: &'t HashMap<String, String>,
    used_notes: HashSet<String>,
    definitions: HashMap<String, String>,
    /// `{{#kpi}}` directives drawn so far, to number their charts.
    directives: usize,
    /// The table being read.
    table: Option<OpenTable>,
}

/// A Markdown table being read: its cells are held back until its end, when the column
/// widths are known.
struct OpenTable {
    count: usize,
    align: String,
    measure: Measure,
}

impl<'t, 'a> Converter<'t, 'a> {
    fn new(
        targets: &'t Targets<'a>,
        s: usize,
        level: usize,
        notes: &'t HashMap<String, String>,
    ) -> Self {
        Converter {
            targets,
            s,
            slug: print_slug(&targets.links.sections[s]),
            level,
            out: String::new(),
            saved: Vec::new(),
            ids: HeadingIds::new(),
            plain: String::new(),
            first_block: true,
            skip_heading: false,
            in_heading: false,
            in_image: false,
            in_table_head: false,
            explicit_id: None,
            note_names: Vec::new(),
            notes,
            used_notes: HashSet::new(),
            definitions: HashMap::new(),
            directives: 0,
            table: None,
        }
    }

    /// Starts a nested output (heading, footnote, code block); [`Converter::pop`] returns it.
    fn push(&mut self) {
        self.saved.push(std::mem::take(&mut self.out));
    }

    fn pop(&mut self) -> String {
        let inner = self.saved.pop().unwrap_or_default();
        std::mem::replace(&mut self.out, inner)
    }

    fn run(&mut self, body: &str) {
        // Inside a paragraph that is a `{{#kpi}}` directive, replaced by its table.
        let mut in_directive = false;
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            if in_directive {
                in_directive = !matches!(event, Event::End(TagEnd::Paragraph));
                continue;
            }
            if self.first_block && !matches!(event, Event::Start(Tag::Heading { .. })) {
                self.first_block = false;
            }
            if let (Event::Start(Tag::Paragraph), Some(data)) = (&event, self.targets.links.data)
                && let Some(parsed) = crate::content::kpi::parse(&body[range])
            {
                // A malformed directive was reported at load; it prints nothing, as on the site.
                if let Ok(directive) = parsed {
                    self.directives += 1;
                    let id = format!("{}--kpi-{}", self.slug, self.directives);
                    self.out.push_str(&super::kpi::directive(
                        &directive,
                        data,
                        &id,
                        self.targets.links.lang,
                        self.targets.advances,
                    ));
                }
                in_directive = true;
                continue;
            }
            self.event(event);
        }
    }

    fn event(&mut self, event: Event<'_>) {
        if self.in_image {
            match event {
                Event::End(TagEnd::Image) => self.in_image = false,
                Event::Text(t) | Event::Code(t) => {
                    self.plain.push_str(&t);
                    return;
                }
                _ => return,
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if self.in_heading {
                    self.plain.push_str(&t);
                }
                if let Some(table) = &mut self.table {
                    table.measure.text(&t, self.targets.advances);
                }
                self.out.push_str(&text(&t));
            }
            Event::Code(t) => {
                if self.in_heading {
                    self.plain.push_str(&t);
                }
                if let Some(table) = &mut self.table {
                    table.measure.text(&t, self.targets.advances);
                }
                let _ = write!(self.out, "#raw({})", lit(&t));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.out.push_str(&text(&t)),
            // Raw HTML is printed as written (a comment is left out): the PDF runs no HTML.
            Event::Html(t) | Event::InlineHtml(t) => {
                if !t.trim_start().starts_with("<!--") {
                    self.out.push_str(&text(&t));
                }
            }
            Event::FootnoteReference(name) => self.footnote(&name),
            Event::SoftBreak => {
                if let Some(table) = &mut self.table {
                    table.measure.text(" ", self.targets.advances);
                }
                self.out.push_str("#\" \"");
            }
            Event::HardBreak => self.out.push_str("#linebreak()"),
            Event::Rule => self
                .out
                .push_str("#line(length: 100%, stroke: 0.5pt + luma(170))\n\n"),
            Event::TaskListMarker(done) => {
                self.out
                    .push_str(if done { "#\"[x] \"" } else { "#\"[ ] \"" })
            }
        }
    }

    fn footnote(&mut self, name: &str) {
        let key = format!("{}--{name}", self.slug);
        if self.used_notes.contains(&key) {
            let _ = write!(self.out, "#footnote({})", label(&key));
        } else if let Some(note) = self.notes.get(name) {
            self.used_notes.insert(key.clone());
            let _ = write!(self.out, "#footnote[{note}]#{}", label(&key));
        }
    }

    fn heading_level(&self, level: HeadingLevel) -> usize {
        (self.level + level as usize - 1).clamp(1, 6)
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, id, .. } => {
                self.explicit_id = id.map(|id| id.to_string());
                self.skip_heading = self.first_block && level == HeadingLevel::H1;
                self.in_heading = true;
                self.plain.clear();
                self.push();
            }
            Tag::BlockQuote(_) => self.out.push_str("#quote(block: true)["),
            Tag::CodeBlock(_) => self.push(),
            Tag::HtmlBlock => {}
            Tag::List(Some(start)) => {
                let _ = write!(self.out, "#enum(start: {start},");
            }
            Tag::List(None) => self.out.push_str("#list("),
            Tag::Item => self.out.push('['),
            Tag::FootnoteDefinition(name) => {
                self.note_names.push(name.to_string());
                self.push();
            }
            Tag::Table(alignments) => {
                let align: Vec<&str> = alignments
                    .iter()
                    .map(|a| match a {
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                        Alignment::None | Alignment::Left => "left",
                    })
                    .collect();
                // The cells are written first: the column widths come from their text.
                self.table = Some(OpenTable {
                    count: alignments.len().max(1),
                    align: align.join(", "),
                    measure: Measure::default(),
                });
                self.push();
            }
            Tag::TableHead => {
                self.in_table_head = true;
                if let Some(table) = &mut self.table {
                    table.measure.row(true);
                }
                self.out.push_str("table.header(");
            }
            Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.measure.row(false);
                }
            }
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.measure.cell_start();
                }
                self.out
                    .push_str(if self.in_table_head { "esg-th[" } else { "[" });
            }
            Tag::Emphasis => self.out.push_str("#emph["),
            Tag::Strong => self.out.push_str("#strong["),
            Tag::Strikethrough => self.out.push_str("#strike["),
            Tag::Superscript => self.out.push_str("#super["),
            Tag::Subscript => self.out.push_str("#sub["),
            Tag::Link { dest_url, .. } => {
                let open = self.link_open(&dest_url);
                self.out.push_str(&open);
            }
            Tag::Image { dest_url, .. } => {
                self.in_image = true;
                self.plain.clear();
                let path = print_target(self.targets.links, self.s, &dest_url);
                let path = percent_decode(&path).unwrap_or(path);
                if path.contains("://") || path.starts_with("data:") {
                    // Nothing is fetched from the network: the alt text stands in.
                    self.out.push_str("#esg-missing-image((");
                } else {
                    let _ = write!(
                        self.out,
                        "#esg-image(image({}, alt: ",
                        lit(&format!("/{path}"))
                    );
                }
            }
            Tag::MetadataBlock(_) | Tag::DefinitionList | Tag::DefinitionListTitle => {}
            Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.out.push_str("\n\n"),
            TagEnd::Heading(level) => {
                self.in_heading = false;
                let inner = self.pop();
                let explicit = self.explicit_id.take();
                let id = self.ids.assign(explicit.as_deref(), &self.plain);
                if std::mem::take(&mut self.skip_heading) {
                    return;
                }
                let _ = write!(
                    self.out,
                    "#heading(level: {}, outlined: false, bookmarked: false)[{inner}]#{}\n\n",
                    self.heading_level(level),
                    label(&format!("{}--{id}", self.slug))
                );
            }
            TagEnd::BlockQuote(_) => self.out.push_str("]\n\n"),
            TagEnd::CodeBlock => {
                let code = self.pop();
                let _ = write!(self.out, "#raw(block: true, {})\n\n", lit(&code));
            }
            TagEnd::HtmlBlock => self.out.push_str("\n\n"),
            TagEnd::List(_) => self.out.push_str(")\n\n"),
            TagEnd::Item => self.out.push_str("],"),
            TagEnd::FootnoteDefinition => {
                let note = self.pop();
                // pulldown-cmark does not say which definition ends: the last one started.
                if let Some(name) = self.note_names.pop() {
                    self.definitions.insert(name, note.trim_end().to_string());
                }
            }
            TagEnd::Table => {
                let cells = self.pop();
                if let Some(table) = self.table.take() {
                    let _ = write!(
                        self.out,
                        "#table(columns: {}, align: ({},),{cells})\n\n",
                        widths(table.count, &table.measure.columns),
                        table.align
                    );
                }
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.out.push_str("),");
            }
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                if let Some(table) = &mut self.table {
                    table.measure.cell_end();
                }
                self.out.push_str("],");
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.out.push(']'),
            TagEnd::Image => {
                let _ = write!(self.out, "{}))", lit(&self.plain));
            }
            TagEnd::MetadataBlock(_)
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => {}
        }
    }

    /// The opening of a Markdown link in typst: `#esg-link(label(…))[` for a section,
    /// heading or index in the document (the template's link that keeps its text while the
    /// label is not yet located), `#link("…")[` for a web or mail address, and `#[` (plain
    /// text) otherwise.
    fn link_open(&self, url: &str) -> String {
        let target = print_target(self.targets.links, self.s, url);
        let internal = if let Some(anchor) = target.strip_prefix('#') {
            let anchor = percent_decode(anchor).unwrap_or_else(|| anchor.to_string());
            self.targets.labels.get(&anchor).cloned()
        } else if target.contains("://") || target.starts_with("mailto:") {
            return format!("#link({})[", lit(&target));
        } else {
            let page = target.split('#').next().unwrap_or_default();
            self.targets.pages.get(page).cloned()
        };
        internal.map_or_else(
            || "#[".to_string(),
            |name| format!("#esg-link({})[", label(&name)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Section;
    use crate::content::links::Generated;

    fn section(path: &str, body: &str) -> Section {
        Section::for_test(path, body)
    }

    /// Converts the body of `a.md` (with `b.md` beside it, which has a heading `Targets`).
    fn convert(body: &str) -> String {
        let sections = vec![
            section("a.md", body),
            section("b.md", "# B\n\n## Targets\n"),
        ];
        let mut generated = Generated::default();
        generated.page("hkex.html");
        let links = Links::new(&sections, &[], &generated);
        let labels: HashSet<String> = ["s-b".to_string(), "s-b--targets".to_string()].into();
        let pages = HashMap::from([("hkex.html".to_string(), "index-hkex".to_string())]);
        let advances = Advances::default();
        let targets = Targets {
            links: &links,
            labels: &labels,
            pages: &pages,
            advances: &advances,
        };
        section_body(&targets, 0, 1)
    }

    #[test]
    fn literals_escape_quotes_backslashes_and_control_characters() {
        assert_eq!(lit(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(lit("line\nnext\u{7}"), r#""line\nnext\u{7}""#);
        assert_eq!(lit("#set @x <y> $z$ ]"), "\"#set @x <y> $z$ ]\"");
        assert_eq!(text(""), "");
    }

    #[test]
    fn typst_syntax_in_the_text_stays_text() {
        assert_eq!(
            convert("#set page(width: 1cm) @ref <l> $x$ ] \\\\ `a\"b`\n"),
            // pulldown-cmark splits the text at `<l>` (inline HTML) and `]`.
            "#\"#set page(width: 1cm) @ref \"#\"<l>\"#\" $x$ \"#\"]\"#\" \"#\"\\\\ \"#raw(\"a\\\"b\")\n\n"
        );
        assert_eq!(
            convert("<b>html</b> <!-- hidden -->\n"),
            "#\"<b>\"#\"html\"#\"</b>\"#\" \"\n\n"
        );
    }

    #[test]
    fn the_leading_title_is_left_out_and_headings_keep_the_page_ids() {
        assert_eq!(
            convert("# A\n\n## Our *targets*\n\n## Our targets\n"),
            "#heading(level: 2, outlined: false, bookmarked: false)[#\"Our \"#emph[#\"targets\"]]#label(\"s-a--our-targets\")\n\n\
             #heading(level: 2, outlined: false, bookmarked: false)[#\"Our targets\"]#label(\"s-a--our-targets-1\")\n\n"
        );
    }

    #[test]
    fn links_to_sections_become_pdf_links_and_unknown_targets_plain_text() {
        assert_eq!(
            convert(
                "[b](b.md#targets) [w](https://x.org/\"q) [i](hkex.html#item-a1) [f](file.pdf)\n"
            ),
            "#esg-link(label(\"s-b--targets\"))[#\"b\"]#\" \"#link(\"https://x.org/\\\"q\")[#\"w\"]#\" \"#esg-link(label(\"index-hkex\"))[#\"i\"]#\" \"#[#\"f\"]\n\n"
        );
    }

    #[test]
    fn tables_lists_footnotes_and_images() {
        assert_eq!(
            convert("| a | b |\n|:-|--:|\n| 1 | 2 |\n"),
            "#table(columns: (1.6em, 1.6em,), align: (left, right,),table.header(esg-th[#\"a\"],esg-th[#\"b\"],),[#\"1\"],[#\"2\"],)\n\n"
        );
        assert_eq!(
            convert("3. x\n4. y\n"),
            "#enum(start: 3,[#\"x\"],[#\"y\"],)\n\n"
        );
        assert_eq!(
            convert("Text[^n] again[^n].\n\n[^n]: The note.\n"),
            "#\"Text\"#footnote[#\"The note.\"]#label(\"s-a--n\")#\" again\"#footnote(label(\"s-a--n\"))#\".\"\n\n"
        );
        assert_eq!(
            convert("![A \"chart\"](img/c.png)\n"),
            "#esg-image(image(\"/img/c.png\", alt: \"A \\\"chart\\\"\"))\n\n"
        );
    }
}
