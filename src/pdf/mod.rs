//! The print edition: the report typeset as an A4 PDF by the typst compiler, embedded as a
//! library.
//!
//! All typst code is in this module (typst's API changes between minor versions, and the
//! crates are pinned exactly): [`document`] writes the typst source (cover, contents,
//! sections in SUMMARY order, content indexes as an appendix), [`markup`] turns each
//! section's Markdown into typst without letting any of its text be read as typst syntax,
//! and [`world`] is the `World` the compiler reads the source, images and fonts from.
//!
//! Page numbers are the ones the footers print, read from typst's page counter after
//! layout (never the physical page index). The document ends with a list of where every
//! label is (the number its footer prints, its physical page and position); esgbook reads
//! it back ([`Placed`]) and lays the document out again with the contents' and indexes'
//! page numbers and links printed from it, until the list agrees with the layout that
//! printed it (normally on the second layout; the first prints none). The numbers sit in
//! boxes of fixed width, so printing them moves nothing. This costs far less than typst's
//! own `ref(label, form: "page")`: each of those is a question typst answers only in its
//! next pass, and the indexes hold thousands, so typst laid every index table out twice.
//! A layout that does not settle within typst's five passes, or whose numbers do not
//! settle within [`MAX_LAYOUTS`] layouts, is an error, never a wrong number.

pub mod columns;
pub mod document;
pub mod kpi;
pub mod markup;
pub mod world;

use crate::Project;
use crate::config::CONFIG_FILE;
use crate::content::Section;
use crate::content::markdown::print_slug;
use crate::coverage::Coverage;
use crate::diag::{Code, Diagnostics};
use std::collections::{BTreeMap, HashMap};
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Label, Value};
use typst::introspection::MetadataElem;
use typst_layout::PagedDocument;
use world::{Fonts, ReportWorld};

/// A typeset report.
#[derive(Debug, Clone)]
pub struct Pdf {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// The page number printed on the page where each section starts, by index into
    /// `Report::sections`.
    pub pages: Vec<Option<u32>>,
    /// The page number printed where each heading an index cites starts, by its label
    /// (`s-green--waste`).
    pub headings: HashMap<String, u32>,
    /// Number of pages, the cover included.
    pub page_count: usize,
}

/// Families tried for text, in order: Latin first (built into typst, so every machine has
/// it), then the CJK faces of the report's script, then any other CJK face.
fn preferred_fonts(language: &str) -> Vec<&'static str> {
    let simplified = language.to_ascii_lowercase().starts_with("zh-cn")
        || language.eq_ignore_ascii_case("zh-hans")
        || language.eq_ignore_ascii_case("zh-sg");
    let mut fonts = vec!["Libertinus Serif"];
    if simplified {
        fonts.extend(["Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif CJK TC"]);
    } else {
        fonts.extend(["Noto Serif CJK TC", "Noto Serif CJK HK", "Noto Sans CJK TC"]);
    }
    fonts.extend([
        "Noto Sans CJK SC",
        "Source Han Serif",
        "Source Han Sans",
        "WenQuanYi Zen Hei",
        "DejaVu Sans",
    ]);
    fonts
}

/// True for a Chinese, Japanese or Korean ideograph or a CJK punctuation mark.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// True when the report's text has CJK characters anywhere a reader sees it.
fn has_cjk(project: &Project) -> bool {
    project.config.book.title.chars().any(is_cjk)
        || project
            .report
            .sections
            .iter()
            .any(|s| s.title.chars().any(is_cjk) || s.body.chars().any(is_cjk))
}

/// Typesets the report. Problems go to `diags` with the file they come from; `None` when
/// nothing could be written.
pub fn typeset(project: &Project, diags: &mut Diagnostics) -> Option<Pdf> {
    let start = std::time::Instant::now();
    let fonts = Fonts::find(&project.root.join("fonts"));
    crate::diag::log_time("find fonts", start);
    if has_cjk(project) && !fonts.covers('中') {
        diags.push(
            Code::PdfFont
                .warning(
                    CONFIG_FILE,
                    None,
                    "the report has Chinese text but no font with Chinese characters was found; the PDF shows it as empty boxes",
                )
                .with_help(format!(
                    "install Noto CJK (Debian and Ubuntu: `apt-get install fonts-noto-cjk`), or put a .otf or .ttf font in {}",
                    project.root.join("fonts").display()
                )),
        );
    }
    let families: Vec<String> = preferred_fonts(&project.config.book.language)
        .into_iter()
        .filter(|f| fonts.has_family(f))
        .map(str::to_string)
        .collect();
    let pdf = &project.config.pdf;
    let advances = fonts.advances();
    let options = document::Options {
        fonts: &families,
        cover: pdf.cover_image.as_deref(),
        logo: pdf.logo.as_deref(),
        advances: &advances,
    };
    let start = std::time::Instant::now();
    let (source, places) = document::source(project, &options);
    crate::diag::log_time("write typst source", start);
    let roots = project.config.asset_dirs(&project.root);

    // Lay the document out with the links and page numbers of the previous layout until the
    // layout agrees with them: normally twice, the first time without any.
    let mut placed = Placed::default();
    let mut layouts = 0;
    let (world, document, placed) = loop {
        layouts += 1;
        let world = ReportWorld::new(source.clone(), &roots, &fonts).with_placed(placed.to_json());
        let start = std::time::Instant::now();
        if crate::diag::timings() {
            typst_timing::enable();
        }
        let compiled = typst::compile::<PagedDocument>(&world);
        crate::diag::log_time(&format!("typeset, layout {layouts}"), start);
        if crate::diag::timings() {
            log_passes();
        }
        if let Some(unsettled) = non_convergence(&compiled.warnings) {
            let details: Vec<&str> = unsettled.iter().map(|w| w.message.as_str()).collect();
            let file = unsettled
                .iter()
                .find_map(|w| section_of(project, &world, &places, w))
                .map_or(CONFIG_FILE, |s| project.report.sections[s].source.as_str());
            let mut message = String::from(
                "the PDF's layout did not settle within typst's five passes, so its page numbers could be wrong",
            );
            if !details.is_empty() {
                message.push_str(": ");
                message.push_str(&details.join("; "));
            }
            diags.push(
                Code::PdfLayout
                    .error(file, None, message)
                    .with_help(UNSETTLED_HELP),
            );
            return None;
        }
        let document = match compiled.output {
            Ok(document) => document,
            Err(errors) => {
                report(project, &world, &places, &errors, diags);
                return None;
            }
        };
        let now = Placed::read(&document);
        if now == placed {
            break (world, document, now);
        }
        if layouts == MAX_LAYOUTS {
            diags.push(
                Code::PdfLayout
                    .error(
                        CONFIG_FILE,
                        None,
                        format!(
                            "the PDF's page numbers did not settle in {MAX_LAYOUTS} layouts: printing them moved the pages they point at"
                        ),
                    )
                    .with_help(UNSETTLED_HELP),
            );
            return None;
        }
        placed = now;
    };
    let (pages, headings) = placed.pages(project);
    let start = std::time::Instant::now();
    let bytes = match typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()) {
        Ok(bytes) => bytes,
        Err(errors) => {
            report(project, &world, &places, &errors, diags);
            return None;
        }
    };
    crate::diag::log_time("write PDF", start);
    Some(Pdf {
        bytes,
        pages,
        headings,
        page_count: document.pages().len(),
    })
}

/// How many times the document is laid out before its page numbers must have settled:
/// printing a page number in a box of fixed width moves nothing, so the second layout
/// agrees with the first unless a number is wider than its box.
const MAX_LAYOUTS: usize = 3;

const UNSETTLED_HELP: &str = "report this to esgbook's maintainers with the report; meanwhile, shorten the section that moves between pages";

/// Where each label of the document is, from the metadata the document ends with: the page
/// number its footer prints, and its physical page and position. Handed to the next layout
/// as `/esgbook-placed.json`, which the template prints page numbers and links from.
#[derive(Debug, Default, PartialEq)]
pub struct Placed(BTreeMap<String, Place>);

/// One label's place.
#[derive(Debug, PartialEq)]
struct Place {
    /// The number the footer prints on its page.
    number: i64,
    /// The physical page, from 1 (the cover).
    page: i64,
    /// The position on that page, in points from the top left.
    x: f64,
    y: f64,
}

impl Placed {
    /// Reads the places the document lists in its closing metadata.
    fn read(document: &PagedDocument) -> Placed {
        use typst::introspection::Introspector as _;
        let mut placed = BTreeMap::new();
        let metadata = Label::new(typst::utils::PicoStr::intern(document::PAGES_LABEL))
            .and_then(|label| document.introspector().query_label(label).ok())
            .and_then(|content| content.to_packed::<MetadataElem>().cloned());
        let number = |v: &Value| match v {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        };
        if let Some(meta) = metadata
            && let Value::Array(entries) = &meta.value
        {
            for entry in entries.iter() {
                let Value::Array(fields) = entry else {
                    continue;
                };
                if let [
                    Value::Str(name),
                    Value::Int(printed),
                    Value::Int(page),
                    x,
                    y,
                ] = fields.as_slice()
                    && let (Some(x), Some(y)) = (number(x), number(y))
                {
                    let place = Place {
                        number: *printed,
                        page: *page,
                        x,
                        y,
                    };
                    placed.insert(name.to_string(), place);
                }
            }
        }
        Placed(placed)
    }

    /// `/esgbook-placed.json`: `{"name": {"page": "12", "pos": {"page": 14, "x": …, "y": …}}}`.
    fn to_json(&self) -> String {
        let map: serde_json::Map<String, serde_json::Value> = self
            .0
            .iter()
            .map(|(name, p)| {
                let place = serde_json::json!({
                    "page": p.number.to_string(),
                    "pos": {"page": p.page, "x": p.x, "y": p.y},
                });
                (name.clone(), place)
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    /// The page number of each section (by index into `Report::sections`), and of every
    /// other label (headings an index cites among them).
    fn pages(&self, project: &Project) -> (Vec<Option<u32>>, HashMap<String, u32>) {
        let mut by_label: HashMap<String, u32> = self
            .0
            .iter()
            .filter_map(|(name, p)| Some((name.clone(), u32::try_from(p.number).ok()?)))
            .collect();
        let pages = project
            .report
            .sections
            .iter()
            .map(|s| by_label.remove(&print_slug(s)))
            .collect();
        (pages, by_label)
    }
}

/// Prints how long each of typst's layout passes took (with `ESGBOOK_TIMINGS`). Every pass
/// after the first means a page number or a query changed between passes.
fn log_passes() {
    #[derive(serde::Deserialize)]
    struct Event {
        name: String,
        ph: String,
        ts: f64,
    }
    let mut json = Vec::new();
    let exported = typst_timing::export_json(&mut json, |_| (String::new(), 0));
    typst_timing::disable();
    let Ok(events) = exported
        .map_err(|_| ())
        .and_then(|()| serde_json::from_slice::<Vec<Event>>(&json).map_err(|_| ()))
    else {
        return;
    };
    let mut started = None;
    for event in events.iter().filter(|e| e.name.starts_with("iter (")) {
        match event.ph.as_str() {
            "B" => started = Some(event.ts),
            "E" => {
                if let Some(start) = started.take() {
                    eprintln!(
                        "timing: typeset, layout pass {}: {:.1} ms",
                        event
                            .name
                            .trim_start_matches("iter (")
                            .trim_end_matches(')'),
                        (event.ts - start) / 1000.0
                    );
                }
            }
            _ => {}
        }
    }
}

/// Whether typst's warnings say that the layout did not converge: typst stops after five
/// layout passes and returns the last document with a warning, so a page number may be
/// wrong. `Some` with the warnings that name what did not stabilize (possibly none), `None`
/// when the layout settled.
pub fn non_convergence(warnings: &[SourceDiagnostic]) -> Option<Vec<&SourceDiagnostic>> {
    // typst 0.15: "document did not converge within five attempts", followed by one
    // warning per introspection whose value kept changing ("value of `counter(..)` did not
    // converge", "page number of the heading did not stabilize").
    let summary = |w: &SourceDiagnostic| w.message.starts_with("document did not converge");
    if !warnings.iter().any(summary) {
        return None;
    }
    let mut details: Vec<&SourceDiagnostic> = Vec::new();
    for warning in warnings.iter().filter(|w| !summary(w)) {
        let unsettled = warning.message.contains("did not converge")
            || warning.message.contains("did not stabilize");
        if unsettled && !details.iter().any(|d| d.message == warning.message) {
            details.push(warning);
        }
    }
    Some(details)
}

/// The section whose text a diagnostic comes from: its own span, else the calls that led
/// there (an image drawn by `esg-image` fails inside the page design, called from the
/// section's text).
fn section_of(
    project: &Project,
    world: &ReportWorld<'_>,
    places: &[(usize, usize)],
    diagnostic: &SourceDiagnostic,
) -> Option<usize> {
    use typst::WorldExt as _;
    std::iter::once(diagnostic.span)
        .chain(diagnostic.trace.iter().map(|t| t.span.into()))
        .filter_map(|span| world.range(span))
        .filter_map(|range| {
            places
                .iter()
                .take_while(|(start, _)| *start <= range.start)
                .last()
                .map(|(_, s)| *s)
        })
        .find(|s| *s < project.report.sections.len())
}

/// Typst's errors, at the section whose text they come from (or book.toml for the cover
/// and the design).
fn report(
    project: &Project,
    world: &ReportWorld<'_>,
    places: &[(usize, usize)],
    errors: &[SourceDiagnostic],
    diags: &mut Diagnostics,
) {
    for error in errors.iter().filter(|e| e.severity == Severity::Error) {
        let file = section_of(project, world, places, error)
            .and_then(|s| project.report.sections.get(s))
            .map_or_else(|| CONFIG_FILE.to_string(), |s| s.source.clone());
        let mut diagnostic = Code::PdfLayout.error(
            file,
            None,
            format!("the PDF could not be typeset: {}", error.message),
        );
        if let Some(hint) = error.hints.first() {
            diagnostic = diagnostic.with_help(hint.v.to_string());
        }
        diags.push(diagnostic);
    }
}

/// Writes each location's page into the coverage model (`Location::page`), for the
/// exports: the page of its tagged heading, else of its section, as the PDF's index cites.
pub fn set_pages(coverage: &mut Coverage, sections: &[Section], pdf: &Pdf) {
    for index in &mut coverage.indexes {
        for row in &mut index.rows {
            for location in &mut row.locations {
                let heading = location.anchor.as_ref().and_then(|anchor| {
                    let slug = print_slug(sections.get(location.section)?);
                    pdf.headings.get(&format!("{slug}--{anchor}")).copied()
                });
                location.page =
                    heading.or_else(|| pdf.pages.get(location.section).copied().flatten());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::syntax::Span;

    fn messages(found: &[&SourceDiagnostic]) -> Vec<String> {
        found.iter().map(|w| w.message.to_string()).collect()
    }

    #[test]
    fn typst_warnings_that_the_layout_did_not_converge_are_read_as_such() {
        let summary = SourceDiagnostic::warning(
            Span::detached(),
            "document did not converge within five attempts",
        );
        let detail = SourceDiagnostic::warning(
            Span::detached(),
            "page number of the heading did not stabilize",
        );
        let other = SourceDiagnostic::warning(Span::detached(), "unknown font family: x");
        assert_eq!(non_convergence(std::slice::from_ref(&other)), None);
        assert_eq!(non_convergence(&[]), None);
        let warnings = [summary.clone(), other, detail];
        let found = non_convergence(&warnings).expect("unsettled");
        assert_eq!(
            messages(&found),
            ["page number of the heading did not stabilize"]
        );
        // The summary alone still means the numbers cannot be trusted.
        assert_eq!(
            non_convergence(&[summary]).map(|found| found.len()),
            Some(0)
        );
    }

    #[test]
    fn a_document_that_never_settles_is_caught_from_typst_itself() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fonts = Fonts::find(&dir.path().join("fonts"));
        // A counter set past its own final value: each pass sees a new final value.
        let source = "#context counter(\"x\").update(counter(\"x\").final().first() + 1)\n\
                      #context counter(\"x\").display()\n"
            .to_string();
        let roots = [dir.path().to_path_buf()];
        let world = ReportWorld::new(source, &roots, &fonts);
        let compiled = typst::compile::<PagedDocument>(&world);
        assert!(compiled.output.is_ok(), "typst returns the last pass");
        let found = non_convergence(&compiled.warnings).expect("typst says it did not converge");
        assert_eq!(
            messages(&found),
            ["value of `counter(\"x\")` did not converge"]
        );
        // A document that settles has no such warning.
        let world = ReportWorld::new(
            "#counter(\"x\").step()\n#context counter(\"x\").final()\n".into(),
            &roots,
            &fonts,
        );
        assert_eq!(
            non_convergence(&typst::compile::<PagedDocument>(&world).warnings),
            None
        );
    }
}
