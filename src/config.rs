//! `book.toml`: the project's configuration.
//!
//! The `[book]` and `[build]` tables follow mdBook, so an mdBook project keeps working;
//! keys esgbook does not use there are ignored, as mdBook's own extensions are. The `[esg]`
//! table is esgbook's own and strict: an unknown key is an error naming the key, because a
//! typo such as `gri-clam` would otherwise silently turn a required check off.
//!
//! [`Config::parse`] does the work on a string and collects every problem it finds;
//! [`Config::from_dir`] only adds the file read.

use crate::brand::Rgb;
use crate::diag::{Code, Diagnostics, KeySet};
use crate::locale::Lang;
use crate::model::Framework;
use crate::model::{Date, GriClaim, Issuer};
use crate::text::{LineIndex, decode_text};
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "book.toml";

/// A value from book.toml with the line it was written on, so later stages (which know
/// the catalogs) can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// 1-based line in book.toml.
    pub line: usize,
}

/// The `[book]` table.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BookConfig {
    /// Report title.
    pub title: String,
    /// Authors; the first is used as the company when `[esg] company` is absent.
    pub authors: Vec<String>,
    /// One-sentence description, used in the page metadata.
    pub description: Option<String>,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// `languages`: the editions, the primary first; empty for a one-edition project.
    pub languages: Vec<Lang>,
    /// The line of `languages` in book.toml, for errors about the editions.
    pub languages_line: usize,
    /// `[book.<lang>]`: an edition's own title, description and company name.
    pub edition_words: Vec<(Lang, EditionWords)>,
    /// The language of the edition this configuration describes: the primary edition's
    /// after reading book.toml, another's after [`Config::for_edition`]. esgbook's own
    /// words (navigation, index headings, catalog titles, dates) are printed in it.
    pub lang: Lang,
    /// Source directory, relative to the project root (`content` by default).
    pub src: PathBuf,
}

/// `[book.zh-hk]`: what an edition says in its own language on its cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditionWords {
    /// The report's title in that language.
    pub title: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// The company's name in that language.
    pub company: Option<String>,
}

/// Keys of `[book.<lang>]`.
const EDITION_KEYS: KeySet = KeySet {
    known: &["title", "description", "company"],
    message: "unknown key `{}` in an edition's [book.<lang>] table",
    listing: "the keys of [book.<lang>] are: {keys}",
};

/// The `[build]` table.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BuildConfig {
    /// Output directory, relative to the project root (`book` by default).
    pub build_dir: PathBuf,
}

/// The `[esg]` table.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct EsgConfig {
    /// HKEX catalog edition id, e.g. `hkex-esg-2025`.
    pub hkex: Option<Setting<String>>,
    /// GRI catalog edition id, e.g. `gri-2021`.
    pub gri: Option<Setting<String>>,
    /// The GRI claim.
    pub gri_claim: GriClaim,
    /// Material topics (GRI topic standard ids) for an in-accordance claim.
    pub material_topics: Vec<Setting<String>>,
    /// HKEX issuer tier.
    pub issuer: Issuer,
    /// First day of the financial year reported on.
    pub period_start: Option<Date>,
    /// Last day of the financial year (shown on the cover and in the GRI statement of use).
    pub period_end: Option<Date>,
    /// Publication date, when book.toml gives it (see [`EsgConfig::publication`]).
    pub published: Option<Date>,
    /// GRI material topics without a Topic Standard, declared by key and name
    /// (`[esg.custom-topics]`), in the order written.
    pub custom_topics: Vec<CustomTopic>,
    /// Reporting company's name (defaults to the first author).
    pub company: Option<String>,
    /// The label of the period the key performance data reports on (`FY2025/26`); the
    /// year of `period-end` when absent.
    pub period: Option<String>,
}

/// A GRI material topic without a Topic Standard, declared in `[esg.custom-topics]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomTopic {
    /// The key `material-topics` and `3-3:KEY` use (`product-quality`), with its line.
    pub key: Setting<String>,
    /// The topic's name as the index prints it.
    pub name: String,
}

impl Config {
    /// The reporting period as printed on the cover and in statements of use, in the
    /// edition's language (`1 January 2025 to 31 December 2025`,
    /// `2025年1月1日至2025年12月31日`), when `period-start` is set.
    pub fn period_text(&self) -> Option<String> {
        let start = self.esg.period_start?;
        Some(self.book.lang.strings().period(start, self.esg.period_end))
    }
}

impl EsgConfig {
    /// The last day of the financial year: `period-end`, else `period-start` + 1 year
    /// - 1 day.
    pub fn period_end_or_default(&self) -> Option<Date> {
        self.period_end
            .or_else(|| self.period_start.map(|s| s.plus_years(1).previous_day()))
    }

    /// The publication date that decides which GRI Standards are in force: `published`,
    /// else the end of the period + 4 months (GEM: + 3 months), the annual-report deadline
    /// the ESG report is published with (HKEX Main Board rule 13.46, GEM rule 18.03).
    pub fn publication(&self) -> Option<Date> {
        let months = if self.issuer == Issuer::Gem { 3 } else { 4 };
        self.published.or_else(|| {
            self.period_end_or_default()
                .map(|end| end.plus_months(months))
        })
    }

    /// True when the publication date is given in book.toml rather than derived.
    pub fn published_is_explicit(&self) -> bool {
        self.published.is_some()
    }

    /// The catalog edition book.toml names for a framework (`hkex = …` or `gri = …`).
    pub fn edition(&self, framework: Framework) -> Option<&Setting<String>> {
        match framework {
            Framework::Hkex => self.hkex.as_ref(),
            Framework::Gri => self.gri.as_ref(),
        }
    }
}

/// The whole configuration, with paths resolved against the project root.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// `[book]`.
    pub book: BookConfig,
    /// `[build]`.
    pub build: BuildConfig,
    /// `[esg]`.
    pub esg: EsgConfig,
    /// esgbook's keys of `[output.html]`: the brand.
    pub html: HtmlConfig,
    /// `[output.pdf]`.
    pub pdf: PdfConfig,
}

/// The brand, from `[output.html]`: mdBook's table, of which esgbook reads its own keys and
/// leaves mdBook's (`theme`, `additional-css`, …) alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlConfig {
    /// A logo for the masthead and the cover, relative to the source folder.
    pub logo: Option<Setting<String>>,
    /// A picture for the cover, relative to the source folder.
    pub cover_image: Option<Setting<String>>,
    /// The brand colour (`#rrggbb`), already darkened to reach WCAG AA on white.
    pub brand_color: Option<Rgb>,
    /// The accent colour (focus rings, highlights), likewise readable on white.
    pub accent_color: Option<Rgb>,
}

/// Keys of `[book]`: mdBook's, plus `languages` for editions. An unknown key is a warning,
/// not an error, so that books written for other mdBook versions still build, but a typo
/// such as `titel` is pointed out.
const BOOK_KEYS: KeySet = KeySet {
    known: &[
        "title",
        "authors",
        "description",
        "language",
        "languages",
        "src",
        "text-direction",
        "multilingual",
    ],
    message: "unknown key `{}` in [book]; it is ignored",
    listing: "the [book] keys are: {keys}",
};

/// `[output.pdf]`: the print edition.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfConfig {
    /// `enable = true`: `build` writes the PDF too.
    pub enable: bool,
    /// `file`: its name in the build dir (`report.pdf` when not given).
    pub file: Option<String>,
    /// `cover-image`: a picture for the cover, relative to the source folder.
    pub cover_image: Option<String>,
    /// `logo`: the company's logo for the cover, relative to the source folder.
    pub logo: Option<String>,
}

impl PdfConfig {
    /// The PDF's file name in the build dir.
    pub fn file_name(&self) -> &str {
        self.file.as_deref().unwrap_or("report.pdf")
    }
}

/// Keys accepted in `[output.pdf]`.
pub const PDF_KEYS: KeySet = KeySet {
    known: &["enable", "file", "cover-image", "logo"],
    message: "unknown key `{}` in [output.pdf]",
    listing: "the [output.pdf] keys are: {keys}",
};

/// Keys accepted in `[esg]`, for the unknown-key error and its suggestion.
pub const ESG_KEYS: KeySet = KeySet {
    known: &[
        "hkex",
        "gri",
        "gri-claim",
        "material-topics",
        "issuer",
        "period-start",
        "period-end",
        "published",
        "custom-topics",
        "company",
        "period",
    ],
    message: "unknown key `{}` in [esg]",
    listing: "the [esg] keys are: {keys}",
};

impl Config {
    /// A configuration with every default, as if book.toml were empty.
    pub fn default_for_test() -> Config {
        Config {
            book: BookConfig {
                title: "Untitled report".into(),
                authors: Vec::new(),
                description: None,
                language: "en".into(),
                languages: Vec::new(),
                languages_line: 0,
                edition_words: Vec::new(),
                lang: Lang::En,
                src: PathBuf::from("content"),
            },
            build: BuildConfig {
                build_dir: PathBuf::from("book"),
            },
            esg: EsgConfig::default(),
            html: HtmlConfig::default(),
            pdf: PdfConfig::default(),
        }
    }

    /// Reads `DIR/book.toml`. A missing file is an error, since without it esgbook cannot
    /// tell a report from any other folder.
    pub fn from_dir(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) => {
                diags.push(
                    Code::ConfigUnreadable.error(CONFIG_FILE, None, format!("cannot read {CONFIG_FILE}: {err}"))
                        .with_help(format!(
                            "run esgbook in the report's folder, or pass it: `esgbook check DIR`; `esgbook init` creates a new report ({})",
                            root.display()
                        )),
                );
                return None;
            }
        };
        let text = decode_text(CONFIG_FILE, &bytes, diags)?;
        Config::parse(&text, diags)
    }

    /// Parses book.toml text. Every problem goes to `diags`; the result is `None` only when
    /// the TOML itself is unreadable. Other problems leave defaults in place so the rest of the
    /// report can still be checked in the same run.
    pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
        let lines = LineIndex::new(text);
        let table = match DeTable::parse(text) {
            Ok(table) => table.into_inner(),
            Err(err) => {
                // An error at the very end (an unclosed bracket or string) points at the
                // last line, not at the empty one after the final newline.
                let line = err
                    .span()
                    .map(|span| lines.line_of(span.start).min(lines.last_line()));
                diags.push(
                    Code::TomlSyntax
                        .error(
                            CONFIG_FILE,
                            line,
                            format!("invalid TOML: {}", err.message().trim()),
                        )
                        .with_help("check quotes, brackets and `key = value` syntax on that line"),
                );
                return None;
            }
        };
        let mut config = Config::default_for_test();
        let mut ctx = Reader {
            lines: &lines,
            diags,
        };
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "book" => ctx.book(value, &mut config.book),
                "build" => ctx.build(value, &mut config.build),
                "esg" => ctx.esg(value, &mut config.esg),
                "output" => {
                    ctx.output_html(value, &mut config.html);
                    ctx.output_pdf(value, &mut config.pdf);
                }
                // Other mdBook tables ([preprocessor.*], [rust]) are mdBook's.
                _ => {}
            }
        }
        config.book.lang = match config.book.languages.first() {
            Some(primary) => {
                config.book.language = primary.html_tag().into();
                *primary
            }
            None => Lang::closest(&config.book.language),
        };
        Some(config)
    }

    /// Whether the project has several editions (`[book] languages`).
    pub fn has_editions(&self) -> bool {
        !self.book.languages.is_empty()
    }

    /// The configuration of one edition of a project with `languages`: its sections are
    /// under `<src>/<lang>/`, and its pages are in `lang`. A one-edition project is
    /// returned unchanged.
    pub fn for_edition(&self, lang: Lang) -> Config {
        let mut config = self.clone();
        if self.has_editions() {
            config.book.src = self.book.src.join(lang.tag());
            config.book.language = lang.html_tag().into();
            config.book.lang = lang;
            if let Some((_, words)) = self.book.edition_words.iter().find(|(l, _)| *l == lang) {
                if let Some(title) = &words.title {
                    config.book.title = title.clone();
                }
                if let Some(description) = &words.description {
                    config.book.description = Some(description.clone());
                }
                if let Some(company) = &words.company {
                    config.esg.company = Some(company.clone());
                }
            }
        }
        config
    }

    /// The folders an edition's assets are read from: its own source folder, then (for a
    /// translation) the primary edition's, whose pictures it may use without copying.
    pub fn asset_dirs(&self, root: &Path) -> Vec<PathBuf> {
        let mut dirs = vec![root.join(&self.book.src)];
        if let (Some(primary), Some(parent)) = (self.book.languages.first(), self.book.src.parent())
            && *primary != self.book.lang
        {
            dirs.push(root.join(parent).join(primary.tag()));
        }
        dirs
    }

    /// Whether this configuration is of the primary edition.
    pub fn is_primary(&self) -> bool {
        self.book
            .languages
            .first()
            .is_none_or(|l| *l == self.book.lang)
    }

    /// The company named on the cover: `[esg] company`, else the first author, else the title.
    pub fn company(&self) -> &str {
        self.esg
            .company
            .as_deref()
            .or(self.book.authors.first().map(String::as_str))
            .unwrap_or(&self.book.title)
    }
}

struct Reader<'a> {
    lines: &'a LineIndex,
    diags: &'a mut Diagnostics,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Reader<'_> {
    fn line(&self, value: &Value<'_>) -> usize {
        self.lines.line_of(value.span().start)
    }

    fn error(&mut self, line: usize, message: String, help: Option<String>) {
        let mut d = Code::ConfigValue.error(CONFIG_FILE, Some(line), message);
        d.help = help;
        self.diags.push(d);
    }

    fn table<'v, 'i>(&mut self, name: &str, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(table),
            _ => {
                let line = self.line(value);
                self.error(
                    line,
                    format!("`{name}` must be a table, like `[{name}]`"),
                    None,
                );
                None
            }
        }
    }

    fn string(&mut self, key: &str, value: &Value<'_>) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                let line = self.line(value);
                self.error(
                    line,
                    format!(
                        "`{key}` must be a string in quotes, not {}",
                        type_name(other)
                    ),
                    Some(format!("write it as {key} = \"...\"")),
                );
                None
            }
        }
    }

    fn strings(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<Setting<String>>> {
        match value.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    let line = self.line(item);
                    match item.get_ref() {
                        DeValue::String(s) => out.push(Setting {
                            value: s.to_string(),
                            line,
                        }),
                        DeValue::Integer(i) => out.push(Setting {
                            value: i.as_str().to_string(),
                            line,
                        }),
                        other => self.error(
                            line,
                            format!("`{key}` must list strings, found {}", type_name(other)),
                            None,
                        ),
                    }
                }
                Some(out)
            }
            other => {
                let line = self.line(value);
                self.error(
                    line,
                    format!("`{key}` must be a list, not {}", type_name(other)),
                    Some(format!("write it as {key} = [\"...\", \"...\"]")),
                );
                None
            }
        }
    }

    fn date(&mut self, key: &str, value: &Value<'_>) -> Option<Date> {
        let line = self.line(value);
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => {
                    Date::parse(&format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
                }
                _ => None,
            },
            DeValue::String(s) => Date::parse(s),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                line,
                format!("`{key}` must be a date like 2025-01-01"),
                Some(format!("write it without quotes: {key} = 2025-01-01")),
            );
        }
        parsed
    }

    fn book(&mut self, value: &Value<'_>, book: &mut BookConfig) {
        let Some(table) = self.table("book", value) else {
            return;
        };
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "title" => {
                    if let Some(s) = self.string("title", value) {
                        book.title = s;
                    }
                }
                "authors" => {
                    if let Some(list) = self.strings("authors", value) {
                        book.authors = list.into_iter().map(|s| s.value).collect();
                    }
                }
                "description" => book.description = self.string("description", value),
                "language" => {
                    if let Some(s) = self.string("language", value) {
                        book.language = s;
                    }
                }
                "languages" => {
                    book.languages_line = self.line(value);
                    if let Some(list) = self.strings("languages", value) {
                        book.languages = self.languages(list);
                    }
                }
                "src" => {
                    if let Some(s) = self.string("src", value) {
                        book.src = PathBuf::from(s);
                    }
                }
                name if Lang::parse(name).is_some() => {
                    if let (Some(lang), Some(table)) = (Lang::parse(name), self.table(name, value))
                    {
                        let mut words = EditionWords::default();
                        for (key, value) in table.iter() {
                            match key.get_ref().as_ref() {
                                "title" => words.title = self.string("title", value),
                                "description" => {
                                    words.description = self.string("description", value)
                                }
                                "company" => words.company = self.string("company", value),
                                other => {
                                    let line = self.lines.line_of(key.span().start);
                                    self.diags
                                        .push(EDITION_KEYS.unknown(CONFIG_FILE, line, other));
                                }
                            }
                        }
                        book.edition_words.push((lang, words));
                    }
                }
                name => {
                    if !BOOK_KEYS.known.contains(&name) {
                        let line = self.lines.line_of(key.span().start);
                        self.diags
                            .push(BOOK_KEYS.unknown_warning(CONFIG_FILE, line, name));
                    }
                }
            }
        }
    }

    /// `[book] languages`: known tags, each once.
    fn languages(&mut self, list: Vec<Setting<String>>) -> Vec<Lang> {
        let mut languages = Vec::new();
        for tag in list {
            match Lang::parse(&tag.value) {
                Some(lang) if languages.contains(&lang) => self.error(
                    tag.line,
                    format!("`{}` is listed twice in `languages`", tag.value),
                    Some("list each edition once, the primary first".into()),
                ),
                Some(lang) => languages.push(lang),
                None => {
                    let known: Vec<&str> = Lang::ALL.iter().map(|l| l.tag()).collect();
                    self.error(
                        tag.line,
                        format!("esgbook has no edition language `{}`", tag.value),
                        Some(format!(
                            "the edition languages are {}; the first is the primary edition",
                            known.join(", ")
                        )),
                    );
                }
            }
        }
        languages
    }

    /// `[output.html]`: the brand keys; `[output.*]` tables of other renderers are left to
    /// them.
    fn output_html(&mut self, value: &Value<'_>, html: &mut HtmlConfig) {
        let Some(table) = self.table("output", value) else {
            return;
        };
        let Some((_, value)) = table.iter().find(|(k, _)| k.get_ref().as_ref() == "html") else {
            return;
        };
        let Some(table) = self.table("output.html", value) else {
            return;
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let line = self.line(value);
            match name {
                "logo" => {
                    html.logo = self
                        .string(name, value)
                        .map(|value| Setting { value, line })
                }
                "cover-image" => {
                    html.cover_image = self
                        .string(name, value)
                        .map(|value| Setting { value, line })
                }
                "brand-color" => html.brand_color = self.color(name, value),
                "accent-color" => html.accent_color = self.color(name, value),
                // mdBook's own keys.
                _ => {}
            }
        }
    }

    /// A `#rrggbb` colour, darkened (with a warning that says so) when it is too light to
    /// read on white.
    fn color(&mut self, key: &str, value: &Value<'_>) -> Option<Rgb> {
        let text = self.string(key, value)?;
        let line = self.line(value);
        let Some(color) = Rgb::parse(&text) else {
            self.error(
                line,
                format!("`{key}` must be a colour like \"#0b5c4b\", not `{text}`"),
                Some("write it as # and six hexadecimal digits".into()),
            );
            return None;
        };
        let readable = color.readable_on_white();
        if readable != color {
            self.diags.push(
                Code::ConfigValue
                    .warning(
                        CONFIG_FILE,
                        Some(line),
                        format!(
                            "`{key}` {} has a contrast of {:.1}:1 on white, below the 4.5:1 that WCAG AA asks for text; the site uses {} (contrast {:.1}:1) instead",
                            color.hex(),
                            color.contrast_on_white(),
                            readable.hex(),
                            readable.contrast_on_white()
                        ),
                    )
                    .with_help(format!("set {key} = \"{}\" (or a darker colour) to keep it as written", readable.hex())),
            );
        }
        Some(readable)
    }

    fn build(&mut self, value: &Value<'_>, build: &mut BuildConfig) {
        let Some(table) = self.table("build", value) else {
            return;
        };
        for (key, value) in table.iter() {
            if key.get_ref().as_ref() == "build-dir"
                && let Some(s) = self.string("build-dir", value)
            {
                build.build_dir = PathBuf::from(s);
            }
        }
    }

    /// `[output.pdf]`; the other `[output.*]` tables are mdBook's and left alone.
    fn output_pdf(&mut self, value: &Value<'_>, pdf: &mut PdfConfig) {
        let DeValue::Table(outputs) = value.get_ref() else {
            return;
        };
        let Some((_, value)) = outputs.iter().find(|(k, _)| k.get_ref().as_ref() == "pdf") else {
            return;
        };
        let Some(table) = self.table("output.pdf", value) else {
            return;
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            match name {
                "enable" => match value.get_ref() {
                    DeValue::Boolean(b) => pdf.enable = *b,
                    other => {
                        let line = self.line(value);
                        self.error(
                            line,
                            format!("`enable` must be true or false, not {}", type_name(other)),
                            Some("write it as enable = true".into()),
                        );
                    }
                },
                "file" => pdf.file = self.string(name, value),
                "cover-image" => pdf.cover_image = self.string(name, value),
                "logo" => pdf.logo = self.string(name, value),
                _ => {
                    let line = self.lines.line_of(key.span().start);
                    self.diags.push(PDF_KEYS.unknown(CONFIG_FILE, line, name));
                }
            }
        }
    }

    fn esg(&mut self, value: &Value<'_>, esg: &mut EsgConfig) {
        let Some(table) = self.table("esg", value) else {
            return;
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let line = self.line(value);
            match name {
                "hkex" => {
                    esg.hkex = self
                        .string(name, value)
                        .map(|value| Setting { value, line })
                }
                "gri" => {
                    esg.gri = self
                        .string(name, value)
                        .map(|value| Setting { value, line })
                }
                "gri-claim" => match self.string(name, value).as_deref() {
                    Some("with-reference") => esg.gri_claim = GriClaim::WithReference,
                    Some("in-accordance") => esg.gri_claim = GriClaim::InAccordance,
                    Some(other) => self.error(
                        line,
                        format!("unknown gri-claim `{other}`"),
                        Some("use \"with-reference\" or \"in-accordance\"".into()),
                    ),
                    None => {}
                },
                "material-topics" => {
                    if let Some(list) = self.strings(name, value) {
                        esg.material_topics = list;
                    }
                }
                "issuer" => {
                    if let Some(text) = self.string(name, value) {
                        match Issuer::parse(&text) {
                            Some(issuer) => esg.issuer = issuer,
                            None => self.error(
                                line,
                                format!("unknown issuer `{text}`"),
                                Some("use \"main-board\", \"largecap\" or \"gem\"".into()),
                            ),
                        }
                    }
                }
                "period-start" => esg.period_start = self.date(name, value),
                "period-end" => esg.period_end = self.date(name, value),
                "published" => esg.published = self.date(name, value),
                "custom-topics" => self.custom_topics(value, &mut esg.custom_topics),
                "company" => esg.company = self.string(name, value),
                "period" => esg.period = self.string(name, value),
                _ => {
                    let line = self.lines.line_of(key.span().start);
                    self.diags.push(ESG_KEYS.unknown(CONFIG_FILE, line, name));
                }
            }
        }
        if let (Some(start), Some(end)) = (esg.period_start, esg.period_end)
            && end < start
        {
            let line = table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == "period-end")
                .map(|(_, v)| self.line(v))
                .unwrap_or(1);
            self.error(
                line,
                format!("period-end {end} is before period-start {start}"),
                None,
            );
        }
    }
}

impl Reader<'_> {
    /// `[esg.custom-topics]`: `key = "Topic name"` lines.
    fn custom_topics(&mut self, value: &Value<'_>, out: &mut Vec<CustomTopic>) {
        let Some(table) = self.table("esg.custom-topics", value) else {
            return;
        };
        for (key, value) in table.iter() {
            let line = self.lines.line_of(key.span().start);
            let key = key.get_ref().as_ref().to_string();
            let Some(name) = self.string(&key, value) else {
                continue;
            };
            if name.trim().is_empty() || key.trim().is_empty() {
                self.error(
                    line,
                    format!("custom topic `{key}` needs a key and a name"),
                    Some("write it as product-quality = \"Product quality and safety\"".into()),
                );
                continue;
            }
            out.push(CustomTopic {
                key: Setting { value: key, line },
                name: name.trim().to_string(),
            });
        }
    }
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<Config>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let config = Config::parse(text, &mut diags);
        (config, diags)
    }

    #[test]
    fn reads_every_documented_key() {
        let (config, diags) = parse(
            "[book]\ntitle = \"Acme\"\nauthors = [\"Acme Ltd\"]\nsrc = \"src\"\n[build]\nbuild-dir = \"out\"\n\
             [esg]\nhkex = \"hkex-esg-2025\"\ngri = \"gri-2021\"\ngri-claim = \"in-accordance\"\n\
             material-topics = [\"305\", 403]\nissuer = \"largecap\"\nperiod-start = 2026-01-01\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let config = config.unwrap();
        assert_eq!(config.book.title, "Acme");
        assert_eq!(config.book.src, PathBuf::from("src"));
        assert_eq!(config.build.build_dir, PathBuf::from("out"));
        let esg = &config.esg;
        assert_eq!(esg.hkex.as_ref().unwrap().value, "hkex-esg-2025");
        assert_eq!(esg.hkex.as_ref().unwrap().line, 8);
        assert_eq!(esg.gri_claim, GriClaim::InAccordance);
        let topics: Vec<&str> = esg
            .material_topics
            .iter()
            .map(|s| s.value.as_str())
            .collect();
        assert_eq!(topics, ["305", "403"]);
        assert_eq!(esg.issuer, Issuer::Largecap);
        assert_eq!(esg.period_start, Date::parse("2026-01-01"));
        assert_eq!(config.company(), "Acme Ltd");
    }

    #[test]
    fn every_unknown_esg_key_is_reported_with_its_line() {
        let (_, diags) = parse("[esg]\nhkex = \"hkex-esg-2020\"\ngri-clam = \"x\"\nfoo = 1\n");
        let errors = diags.errors();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].to_text(),
            "error: book.toml:3: unknown key `gri-clam` in [esg]\n  help: did you mean `gri-claim`?"
        );
        assert_eq!(errors[1].line, Some(4));
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        let (_, diags) =
            parse("[esg]\nissuer = \"huge\"\nperiod-start = \"2025-13-01\"\ngri-claim = 3\n");
        assert_eq!(diags.errors().len(), 3);
    }

    #[test]
    fn broken_toml_points_at_its_line() {
        let (config, diags) = parse("[book]\ntitle = \"x\n");
        assert!(config.is_none());
        assert_eq!(diags.errors()[0].line, Some(2));
    }

    #[test]
    fn an_error_at_the_end_points_at_the_last_line() {
        let (_, diags) = parse("[esg]\nmaterial-topics = [\"305\",\n");
        assert_eq!(diags.errors()[0].line, Some(2));
    }

    #[test]
    fn publication_defaults_to_four_months_after_the_period_three_for_gem() {
        let (config, diags) = parse(
            "[esg]\nperiod-start = 2025-01-01\n[esg.custom-topics]\nproduct-quality = \"Product quality\"\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let mut esg = config.unwrap().esg;
        assert_eq!(esg.period_end_or_default(), Date::parse("2025-12-31"));
        assert_eq!(esg.publication(), Date::parse("2026-04-30"));
        assert_eq!(esg.custom_topics[0].key.value, "product-quality");
        assert_eq!(esg.custom_topics[0].key.line, 4);
        assert_eq!(esg.custom_topics[0].name, "Product quality");
        esg.issuer = Issuer::Gem;
        assert_eq!(esg.publication(), Date::parse("2026-03-31"));
        esg.published = Date::parse("2026-06-30");
        assert_eq!(esg.publication(), Date::parse("2026-06-30"));
        let (_, diags) = parse("[esg]\npublished = \"soon\"\n");
        assert_eq!(
            diags.errors()[0].message,
            "`published` must be a date like 2025-01-01"
        );
    }

    #[test]
    fn dates_are_validated() {
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2025-1").is_none());
        assert_eq!(Date::parse("2025-01-01").unwrap().to_string(), "2025-01-01");
    }
}
