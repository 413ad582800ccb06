//! Editions kept in step: a translation takes what the primary edition says about
//! disclosures, and must have the same shape.
//!
//! Tags and omissions are written once, in the primary edition; a translated section that
//! writes none takes the primary's ([`inherit`]), so translators cannot drop a disclosure
//! by accident. Everything an index or a link depends on must then agree ([`check`]): the
//! sections and their order in SUMMARY.md, tags where a translation repeats them, heading
//! tags and explicit heading ids, link targets and `{{#kpi}}` directives. Text may differ,
//! so ids generated from heading text are not compared.

use super::{Report, Section, Tag, kpi};
use crate::diag::{Code, Diagnostics};
use crate::locale::Lang;
use crate::model::Framework;
use crate::text::{LineIndex, stable_hash};
use pulldown_cmark::{Event, Options, Parser, Tag as MdTag};
use std::collections::{BTreeSet, HashMap};

/// One edition's report, with its language, for the comparisons.
#[derive(Clone, Copy)]
pub struct EditionReport<'a> {
    /// The edition's language.
    pub lang: Lang,
    /// Its sections.
    pub report: &'a Report,
}

/// Gives each section of `translation` that writes no tags (or no omissions) in its front
/// matter those of the same section of `primary`, at line 1 of the translation's file.
pub fn inherit(primary: &Report, translation: &mut Report) {
    let by_path: HashMap<&str, &Section> = primary
        .sections
        .iter()
        .map(|s| (s.path.as_str(), s))
        .collect();
    for section in &mut translation.sections {
        let Some(original) = by_path.get(section.path.as_str()) else {
            continue;
        };
        if section.front_matter_tags == 0 && original.front_matter_tags > 0 {
            let written: Vec<Tag> = original.tags[..original.front_matter_tags]
                .iter()
                .cloned()
                .map(|mut tag| {
                    tag.code.line = 1;
                    tag
                })
                .collect();
            // A code the front matter now names is not also the translation's own
            // `{{#kpi}}` tag, as in the primary, where directives skip the front matter's.
            let named: Vec<(Framework, String)> = written
                .iter()
                .map(|tag| (tag.framework, normalise(&tag.code.text)))
                .collect();
            section.tags.retain(|tag| {
                tag.subsection.is_some()
                    || !named.contains(&(tag.framework, normalise(&tag.code.text)))
            });
            section.front_matter_tags = written.len();
            section.tags.splice(0..0, written);
        }
        if section.omissions.is_empty() {
            section.omissions = original
                .omissions
                .iter()
                .cloned()
                .map(|mut omission| {
                    omission.code.line = 1;
                    if let Some(reason) = &mut omission.reason {
                        reason.line = 1;
                    }
                    omission
                })
                .collect();
        }
    }
}

/// The `translated-from` stamp of a primary section's text: 12 hex digits of a hash that
/// does not change between esgbook versions (it is written into files).
pub fn stamp(section: &Section) -> String {
    let text = section.body.replace("\r\n", "\n");
    format!("{:012x}", stable_hash(text.trim_end()) >> 16)
}

/// Reports every way `translation` differs from `primary` in what indexes and links
/// depend on. `src` is the source folder of the project (`content`), under which each
/// edition has its folder.
pub fn check(
    primary: EditionReport,
    translation: EditionReport,
    src: &str,
    diags: &mut Diagnostics,
) {
    let (p, t) = (primary.report, translation.report);
    let lang = translation.lang;
    let in_translation: HashMap<&str, &Section> =
        t.sections.iter().map(|s| (s.path.as_str(), s)).collect();
    let in_primary: HashMap<&str, &Section> =
        p.sections.iter().map(|s| (s.path.as_str(), s)).collect();
    let t_summary = format!("{src}/{lang}/SUMMARY.md");
    let p_summary = format!("{src}/{}/SUMMARY.md", primary.lang);

    for section in &p.sections {
        let expected = format!("{src}/{lang}/{}", section.path);
        // A listed file that is missing was reported when the edition loaded.
        let reported = diags.all().iter().any(|d| {
            d.message.contains(&format!("`{}`", section.path))
                && d.file.as_deref() == Some(&t_summary)
        });
        if !in_translation.contains_key(section.path.as_str()) && !reported {
            diags.push(
                Code::TranslationSections
                    .error(
                        expected.clone(),
                        None,
                        format!(
                            "the {lang} edition has no `{}`, which the {} edition lists at {p_summary}:{}",
                            section.path, primary.lang, section.summary_line
                        ),
                    )
                    .with_help(format!(
                        "translate {} into {expected} and list it in {t_summary} at the same place",
                        section.source
                    )),
            );
        }
    }
    for section in &t.sections {
        if !in_primary.contains_key(section.path.as_str()) {
            diags.push(
                Code::TranslationSections
                    .error(
                        t_summary.clone(),
                        Some(section.summary_line),
                        format!(
                            "`{}` is not a section of the {} edition",
                            section.path, primary.lang
                        ),
                    )
                    .with_help(format!(
                        "every edition has the same sections: add it to {p_summary} too, or remove it here"
                    )),
            );
        }
    }

    // Order and nesting, over the sections both editions have: the first place they part
    // is reported (every later one would follow from it).
    let common_p: Vec<&Section> = p
        .sections
        .iter()
        .filter(|s| in_translation.contains_key(s.path.as_str()))
        .collect();
    let common_t: Vec<&Section> = t
        .sections
        .iter()
        .filter(|s| in_primary.contains_key(s.path.as_str()))
        .collect();
    if let Some((a, b)) = common_p
        .iter()
        .zip(&common_t)
        .find(|(a, b)| a.path != b.path || a.depth != b.depth)
    {
        let what = if a.path != b.path {
            format!(
                "`{}` comes where the {} edition has `{}` ({p_summary}:{})",
                b.path, primary.lang, a.path, a.summary_line
            )
        } else {
            format!(
                "`{}` is nested {} levels deep, but {} in the {} edition ({p_summary}:{})",
                b.path, b.depth, a.depth, primary.lang, a.summary_line
            )
        };
        diags.push(
            Code::TranslationSections
                .error(t_summary.clone(), Some(b.summary_line), what)
                .with_help(format!(
                    "list the sections in the same order and nesting as {p_summary}"
                )),
        );
    }

    for t_section in &t.sections {
        if let Some(p_section) = in_primary.get(t_section.path.as_str()) {
            compare_sections(p_section, t_section, primary.lang, diags);
        }
    }
}

fn compare_sections(p: &Section, t: &Section, primary: Lang, diags: &mut Diagnostics) {
    let written = |s: &Section| -> BTreeSet<(Framework, String)> {
        s.tags[..s.front_matter_tags]
            .iter()
            .map(|tag| (tag.framework, normalise(&tag.code.text)))
            .collect()
    };
    let line = t.tags.first().map(|tag| tag.code.line).unwrap_or(1);
    differ(
        ("the front matter tags", &written(p), &written(t)),
        (p, t, line),
        "tags are written in the primary edition; delete them here to take the primary's, or make them the same",
        diags,
    );
    let omitted = |s: &Section| -> BTreeSet<(Framework, String)> {
        s.omissions
            .iter()
            .map(|o| {
                let reason = o
                    .reason
                    .as_ref()
                    .map(|r| normalise(&r.text))
                    .unwrap_or_default();
                (
                    o.framework,
                    format!("{} {reason}", normalise(&o.code.text))
                        .trim()
                        .to_string(),
                )
            })
            .collect()
    };
    let line = t.omissions.first().map(|o| o.code.line).unwrap_or(1);
    differ(
        ("the omissions", &omitted(p), &omitted(t)),
        (p, t, line),
        "omit the same items for the same reasons in every edition (the explanations are translated)",
        diags,
    );

    let heading_tags = |s: &Section| -> Vec<(Framework, String, String)> {
        s.tags
            .iter()
            .filter_map(|tag| {
                let sub = tag.subsection.as_ref()?;
                Some((tag.framework, normalise(&tag.code.text), sub.anchor.clone()))
            })
            .collect()
    };
    let (ph, th) = (heading_tags(p), heading_tags(t));
    if ph != th {
        let line = t
            .tags
            .iter()
            .find(|tag| tag.subsection.is_some())
            .map(|tag| tag.code.line)
            .unwrap_or(t.body_line);
        let show = |list: &[(Framework, String, String)]| {
            let parts: Vec<String> = list
                .iter()
                .map(|(f, code, anchor)| format!("{f} {code} at #{anchor}"))
                .collect();
            if parts.is_empty() {
                "none".to_string()
            } else {
                parts.join(", ")
            }
        };
        diags.push(
            Code::TranslationTags
                .error(
                    t.source.clone(),
                    Some(line),
                    format!(
                        "the heading tags differ from {}: {} has {}; this edition has {}",
                        p.source,
                        primary,
                        show(&ph),
                        show(&th)
                    ),
                )
                .with_help(
                    "give the translated heading the same `{#id hkex=\"…\" gri=\"…\"}` as the primary's",
                ),
        );
    }

    let (ps, ts) = (Shape::of(p), Shape::of(t));
    for (what, pset, tset) in [
        ("heading id", &ps.ids, &ts.ids),
        ("link target", &ps.links, &ts.links),
    ] {
        let missing: Vec<&String> = pset.keys().filter(|k| !tset.contains_key(*k)).collect();
        let extra: Vec<(&String, &usize)> = tset
            .iter()
            .filter(|(k, _)| !pset.contains_key(*k))
            .collect();
        for id in missing {
            diags.push(
                Code::TranslationLinks
                    .error(
                        t.source.clone(),
                        Some(t.body_line),
                        format!("the {what} `{id}` of {} is missing here", p.source),
                    )
                    .with_help(if what == "heading id" {
                        format!("write `{{#{id}}}` after the translated heading")
                    } else {
                        format!("link to `{id}` where the primary edition does")
                    }),
            );
        }
        for (id, line) in extra {
            diags.push(
                Code::TranslationLinks
                    .error(
                        t.source.clone(),
                        Some(*line),
                        format!("the {what} `{id}` is not in {}", p.source),
                    )
                    .with_help("heading ids and link targets are the same in every edition"),
            );
        }
    }
    if ps
        .kpi
        .iter()
        .map(|(d, _)| d)
        .ne(ts.kpi.iter().map(|(d, _)| d))
    {
        let line = ts.kpi.first().map(|(_, l)| *l).unwrap_or(t.body_line);
        let list = |k: &[(String, usize)]| {
            let names: Vec<&str> = k.iter().map(|(d, _)| d.as_str()).collect();
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(" ")
            }
        };
        diags.push(
            Code::TranslationKpi
                .error(
                    t.source.clone(),
                    Some(line),
                    format!(
                        "the {{{{#kpi}}}} directives differ from {}: there {}, here {}",
                        p.source,
                        list(&ps.kpi),
                        list(&ts.kpi)
                    ),
                )
                .with_help(
                    "show the same key performance data, in the same order, in every edition",
                ),
        );
    }

    let current = stamp(p);
    match &t.translated_from {
        Some(written) if written.text.trim() == current => {}
        Some(written) => diags.push(
            Code::TranslationStale
                .warning(
                    t.source.clone(),
                    Some(written.line),
                    format!(
                        "{} changed since this translation was made (translated-from {}, now {current})",
                        p.source,
                        written.text.trim()
                    ),
                )
                .with_help(format!(
                    "bring the translation up to date, then write `translated-from: {current}`"
                )),
        ),
        None => diags.push(
            Code::TranslationStale
                .warning(
                    t.source.clone(),
                    Some(1),
                    format!("no `translated-from`, so esgbook cannot tell when {} changes", p.source),
                )
                .with_help(format!(
                    "once the translation matches {}, add `translated-from: {current}` to its front matter",
                    p.source
                )),
        ),
    }
}

type CodeSet = BTreeSet<(Framework, String)>;

/// Reports, at `line` of the translation, that `what` (its set in the primary and here)
/// differs.
fn differ(
    (what, primary, here): (&str, &CodeSet, &CodeSet),
    (p, t, line): (&Section, &Section, usize),
    help: &str,
    diags: &mut Diagnostics,
) {
    if primary != here {
        diags.push(
            Code::TranslationTags
                .error(
                    t.source.clone(),
                    Some(line),
                    format!(
                        "{what} differ from {}: {}",
                        p.source,
                        difference(primary, here)
                    ),
                )
                .with_help(help),
        );
    }
}

/// A code as compared across editions: spaces, case and a leading "KPI" do not matter.
fn normalise(code: &str) -> String {
    let code = code.trim();
    let code = code
        .strip_prefix("KPI ")
        .or_else(|| code.strip_prefix("kpi "))
        .unwrap_or(code);
    code.trim().to_ascii_uppercase()
}

fn difference(
    primary: &BTreeSet<(Framework, String)>,
    here: &BTreeSet<(Framework, String)>,
) -> String {
    let show = |set: Vec<&(Framework, String)>| {
        set.iter()
            .map(|(f, code)| format!("{f} {code}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let missing = show(primary.difference(here).collect());
    let extra = show(here.difference(primary).collect());
    match (missing.is_empty(), extra.is_empty()) {
        (false, false) => format!("{missing} missing here; {extra} not in the primary"),
        (false, true) => format!("{missing} missing here"),
        _ => format!("{extra} not in the primary"),
    }
}

/// What a section's Markdown defines and points at, with lines.
struct Shape {
    /// Explicit heading ids (`{#id}`), by first line.
    ids: HashMap<String, usize>,
    /// Link targets inside the report (not web addresses), by first line.
    links: HashMap<String, usize>,
    /// `{{#kpi}}` directives as written (normalised spaces), with lines.
    kpi: Vec<(String, usize)>,
}

impl Shape {
    fn of(section: &Section) -> Shape {
        let lines = LineIndex::new(&section.body);
        let line_of = |offset: usize| section.body_line + lines.line_of(offset) - 1;
        let mut shape = Shape {
            ids: HashMap::new(),
            links: HashMap::new(),
            kpi: Vec::new(),
        };
        let options =
            Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        for (event, range) in Parser::new_ext(&section.body, options).into_offset_iter() {
            match event {
                Event::Start(MdTag::Heading { id: Some(id), .. }) => {
                    shape
                        .ids
                        .entry(id.to_string())
                        .or_insert(line_of(range.start));
                }
                Event::Start(MdTag::Link { dest_url, .. }) if !dest_url.contains(':') => {
                    shape
                        .links
                        .entry(dest_url.to_string())
                        .or_insert(line_of(range.start));
                }
                _ => {}
            }
        }
        for (n, line) in section.body.lines().enumerate() {
            if kpi::parse(line).is_some() {
                let directive = line.split_whitespace().collect::<Vec<_>>().join(" ");
                shape.kpi.push((directive, section.body_line + n));
            }
        }
        shape
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::WrittenCode;

    fn report(sections: Vec<Section>) -> Report {
        Report {
            sections,
            ..Report::default()
        }
    }

    fn tagged(path: &str, codes: &[&str], body: &str) -> Section {
        let mut section = Section::for_test(path, body);
        section.tags = codes
            .iter()
            .map(|code| Tag {
                framework: Framework::Hkex,
                code: WrittenCode {
                    text: code.to_string(),
                    line: 2,
                },
                subsection: None,
            })
            .collect();
        section.front_matter_tags = codes.len();
        section
    }

    fn run(p: Vec<Section>, t: Vec<Section>) -> Vec<String> {
        let (p, t) = (report(p), report(t));
        let mut diags = Diagnostics::new();
        check(
            EditionReport {
                lang: Lang::En,
                report: &p,
            },
            EditionReport {
                lang: Lang::ZhHk,
                report: &t,
            },
            "content",
            &mut diags,
        );
        diags
            .all()
            .iter()
            .filter(|d| d.code != Code::TranslationStale)
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.file.as_deref().unwrap_or(""),
                    d.line.unwrap_or(0),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn a_translation_without_tags_takes_the_primarys() {
        let p = report(vec![tagged("a.md", &["A1", "A1.1"], "")]);
        let mut t = report(vec![tagged("a.md", &[], "")]);
        inherit(&p, &mut t);
        let codes: Vec<&str> = t.sections[0]
            .tags
            .iter()
            .map(|t| t.code.text.as_str())
            .collect();
        assert_eq!(codes, ["A1", "A1.1"]);
        assert_eq!(t.sections[0].front_matter_tags, 2);
        assert_eq!(t.sections[0].tags[0].code.line, 1);
        // A code the translation's own `{{#kpi}}` adds is then the front matter's only.
        let mut shown = tagged("a.md", &["A1.1", "B1.1"], "");
        shown.front_matter_tags = 0;
        let mut t = report(vec![shown]);
        inherit(&p, &mut t);
        let codes: Vec<&str> = t.sections[0]
            .tags
            .iter()
            .map(|t| t.code.text.as_str())
            .collect();
        assert_eq!(codes, ["A1", "A1.1", "B1.1"]);
        assert_eq!(t.sections[0].front_matter_tags, 2);
    }

    #[test]
    fn repeated_tags_must_agree_whatever_their_spelling() {
        assert!(
            run(
                vec![tagged("a.md", &["A1", "KPI A1.1"], "")],
                vec![tagged("a.md", &["a1.1", "A1"], "")]
            )
            .is_empty()
        );
        assert_eq!(
            run(
                vec![tagged("a.md", &["A1", "A1.1"], "")],
                vec![tagged("a.md", &["A1", "A1.2"], "")]
            ),
            [
                "content/a.md:2: the front matter tags differ from content/a.md: hkex A1.1 missing here; hkex A1.2 not in the primary"
            ]
        );
    }

    #[test]
    fn missing_extra_and_reordered_sections() {
        let mut b = Section::for_test("b.md", "");
        b.summary_line = 4;
        let mut c = Section::for_test("c.md", "");
        c.summary_line = 7;
        let found = run(
            vec![Section::for_test("a.md", ""), Section::for_test("b.md", "")],
            vec![c, b],
        );
        assert_eq!(
            found,
            [
                "content/zh-hk/SUMMARY.md:7: `c.md` is not a section of the en edition",
                "content/zh-hk/a.md:0: the zh-hk edition has no `a.md`, which the en edition lists at content/en/SUMMARY.md:1",
            ]
        );
        let found = run(
            vec![Section::for_test("a.md", ""), Section::for_test("b.md", "")],
            vec![Section::for_test("b.md", ""), Section::for_test("a.md", "")],
        );
        assert_eq!(
            found,
            [
                "content/zh-hk/SUMMARY.md:1: `b.md` comes where the en edition has `a.md` (content/en/SUMMARY.md:1)"
            ]
        );
    }

    #[test]
    fn heading_ids_links_and_kpi_directives_must_match() {
        let primary = "## Waste {#waste}\n\nSee [energy](energy.md#use) and [web](https://x.org).\n\n{{#kpi waste}}\n";
        let same = "## 廢物 {#waste}\n\n見[能源](energy.md#use)及[網站](https://y.org)。\n\n{{#kpi  waste}}\n";
        assert!(
            run(
                vec![Section::for_test("a.md", primary)],
                vec![Section::for_test("a.md", same)]
            )
            .is_empty()
        );
        let drifted = "## 廢物\n\n見[能源](energy.md)。\n\n{{#kpi water}}\n";
        assert_eq!(
            run(
                vec![Section::for_test("a.md", primary)],
                vec![Section::for_test("a.md", drifted)]
            ),
            [
                "content/a.md:1: the heading id `waste` of content/a.md is missing here",
                "content/a.md:1: the link target `energy.md#use` of content/a.md is missing here",
                "content/a.md:3: the link target `energy.md` is not in content/a.md",
                "content/a.md:5: the {{#kpi}} directives differ from content/a.md: there {{#kpi waste}}, here {{#kpi water}}",
            ]
        );
    }

    #[test]
    fn a_stale_or_unstamped_translation_is_a_warning_with_the_stamp() {
        let p = Section::for_test("a.md", "Original text.\n");
        let current = stamp(&p);
        assert_eq!(current.len(), 12);
        let mut t = Section::for_test("a.md", "譯文。\n");
        let mut diags = Diagnostics::new();
        compare_sections(&p, &t, Lang::En, &mut diags);
        assert!(
            diags.all()[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains(&current)
        );
        t.translated_from = Some(WrittenCode {
            text: current.clone(),
            line: 3,
        });
        let mut diags = Diagnostics::new();
        compare_sections(&p, &t, Lang::En, &mut diags);
        assert!(diags.is_empty());
        t.translated_from = Some(WrittenCode {
            text: "000000000000".into(),
            line: 3,
        });
        let mut diags = Diagnostics::new();
        compare_sections(&p, &t, Lang::En, &mut diags);
        assert_eq!(diags.all()[0].code, Code::TranslationStale);
        assert_eq!(diags.all()[0].severity, crate::diag::Severity::Warning);
        assert_eq!(diags.all()[0].line, Some(3));
    }
}
