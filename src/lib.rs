//! esgbook: ESG reports from Markdown, with the HKEX and GRI content indexes built and
//! checked.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! config (book.toml) → data (data/metrics.yaml + data/*.csv, checked)
//!                    → content (SUMMARY.md + front matter → Report)
//!                    → catalog (framework editions, data files)
//!                    → coverage (Report × catalogs → index rows)
//!                    → content rendering (Markdown → HTML, links and anchors checked)
//!                    → outputs: site, export, check
//! ```
//!
//! [`Project::load`] runs the stages up to rendering once (Zola's load-then-build), so
//! every output sees the same input errors; every output reads the resulting [`Project`]. Problems are collected as [`diag::Diagnostic`]s with file and line, never
//! thrown one at a time.
#![warn(missing_docs)]

pub mod atomic;
pub mod brand;
pub mod catalog;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod coverage;
pub mod data;
pub mod diag;
pub mod export;
pub mod init;
#[cfg(test)]
mod layers;
pub mod locale;
pub mod model;
pub mod pdf;
pub mod serve;
pub mod site;
pub mod text;

use config::Config;
use content::Report;
use content::links::Generated;
use content::markdown::RenderCache;
use coverage::Coverage;
use diag::Diagnostics;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A loaded report project: configuration, content and coverage, parsed once.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root (the folder holding book.toml).
    pub root: PathBuf,
    /// book.toml.
    pub config: Config,
    /// SUMMARY.md and the sections.
    pub report: Report,
    /// The content-index rows of every configured framework.
    pub coverage: Coverage,
}

impl Project {
    /// Loads the project in `root`. Returns `None` only when book.toml cannot be read at
    /// all; otherwise a project is returned even when `diags` holds errors, so that `check`
    /// can report everything in one run. Callers that write output must refuse when
    /// `diags.has_errors()`.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Project> {
        let mut project = Project::load_content(root, diags)?;
        project.analyse(&mut RenderCache::new(), diags);
        Some(project)
    }

    /// Loads book.toml and the content, leaving coverage empty and the Markdown unrendered
    /// (`serve` runs [`Project::analyse`] on every rebuild, after re-reading only what
    /// changed).
    pub fn load_content(root: &Path, diags: &mut Diagnostics) -> Option<Project> {
        let config = Config::from_dir(root, diags)?;
        let primary = config.for_edition(config.book.lang);
        // The data and the section files are read at the same time; the sections'
        // directives are then checked against the data.
        let mut data_diags = Diagnostics::new();
        let (data, report) = rayon::join(
            || data::load(root, &config, &mut data_diags),
            || content::read(root, &primary, diags),
        );
        diags.extend(data_diags);
        let project = Project::load_edition(root, primary, report, Arc::new(data), diags);
        brand_files_exist(&project.config, &project.report, diags);
        Some(project)
    }

    /// One edition's sections (`report`, read with that edition's `config` from
    /// [`Config::for_edition`]), given the loaded data.
    fn load_edition(
        root: &Path,
        config: Config,
        mut report: Report,
        data: Arc<data::DataSet>,
        diags: &mut Diagnostics,
    ) -> Project {
        let start = std::time::Instant::now();
        content::show_data(&mut report, data, diags);
        diag::log_time("load content", start);
        Project {
            root: root.to_path_buf(),
            config,
            report,
            coverage: Coverage::default(),
        }
    }

    /// The stages after reading: coverage, then every section's Markdown rendered and its
    /// links and anchors checked (reusing `cache` for unchanged sections).
    pub fn analyse(&mut self, cache: &mut RenderCache, diags: &mut Diagnostics) {
        let start = std::time::Instant::now();
        self.coverage = coverage::compute(&self.report, &self.config, diags);
        diag::log_time("coverage", start);
        self.render(cache, diags);
    }

    /// Renders every section's Markdown and checks its links and anchors.
    fn render(&mut self, cache: &mut RenderCache, diags: &mut Diagnostics) {
        let start = std::time::Instant::now();
        let generated = self.generated_pages();
        content::markdown::render_all(&mut self.report, &generated, cache, diags);
        diag::log_time("render markdown and check links", start);
    }

    /// The site pages besides the sections that a section may link to: the fixed pages,
    /// and each content index with the anchors of its rows.
    pub fn generated_pages(&self) -> Generated {
        let mut pages = Generated::default();
        for page in site::FIXED_PAGES {
            pages.page(*page);
        }
        for index in &self.coverage.indexes {
            let rows = index
                .catalog
                .items
                .iter()
                .map(|item| model::row_anchor(&item.id))
                .collect();
            pages.page_with_anchors(index.catalog.framework.index_page(), rows);
        }
        pages
    }

    /// The build directory, resolved against the root.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join(&self.config.build.build_dir)
    }
}

/// Every edition of a project, the primary first, each loaded as a [`Project`] and
/// checked against the primary. A project without `[book] languages` has one edition.
#[derive(Debug, Clone)]
pub struct Editions {
    /// The editions, in the order of `languages`.
    pub projects: Vec<Project>,
}

impl Editions {
    /// Loads book.toml, the data once, then every edition's content. A translation takes
    /// the primary's tags where it writes none, and every difference in what indexes and
    /// links depend on is reported ([`content::editions::check`]). `None` only when
    /// book.toml cannot be read.
    pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Editions> {
        let config = Config::from_dir(root, diags)?;
        let data = Arc::new(data::load(root, &config, diags));
        let languages = if config.has_editions() {
            config.book.languages.clone()
        } else {
            vec![config.book.lang]
        };
        let mut projects: Vec<Project> = Vec::with_capacity(languages.len());
        for lang in languages {
            let edition = config.for_edition(lang);
            let report = content::read(root, &edition, diags);
            let mut project = Project::load_edition(root, edition, report, data.clone(), diags);
            if let Some(primary) = projects.first() {
                content::editions::inherit(&primary.report, &mut project.report);
                share_assets(&primary.report, &mut project.report);
            } else {
                brand_files_exist(&project.config, &project.report, diags);
            }
            projects.push(project);
        }
        for (n, project) in projects.iter_mut().enumerate() {
            if n == 0 {
                project.analyse(&mut RenderCache::new(), diags);
            } else {
                // A translation's tags are the primary's (taken, or checked equal below),
                // so what coverage says about them was said at the primary's lines; its
                // own text's links and anchors are its own.
                let mut repeated = Diagnostics::new();
                project.coverage =
                    coverage::compute(&project.report, &project.config, &mut repeated);
                project.render(&mut RenderCache::new(), diags);
            }
        }
        if let Some((primary, translations)) = projects.split_first() {
            let src = config.book.src.to_string_lossy().replace('\\', "/");
            for translation in translations {
                content::editions::check(
                    primary.edition_report(),
                    translation.edition_report(),
                    src.trim_end_matches('/'),
                    diags,
                );
            }
        }
        Some(Editions { projects })
    }

    /// The primary edition.
    pub fn primary(&self) -> &Project {
        &self.projects[0]
    }

    /// The edition `--lang` names (the primary when `None`), or an error listing the
    /// editions.
    pub fn edition(&self, lang: Option<&str>, diags: &mut Diagnostics) -> Option<&Project> {
        let Some(tag) = lang else {
            return Some(self.primary());
        };
        let found = self.projects.iter().find(|p| {
            locale::Lang::parse(tag) == Some(p.config.book.lang)
                || p.config.book.language.eq_ignore_ascii_case(tag)
        });
        if found.is_none() {
            let tags: Vec<&str> = self
                .projects
                .iter()
                .map(|p| {
                    if p.config.has_editions() {
                        p.config.book.lang.tag()
                    } else {
                        p.config.book.language.as_str()
                    }
                })
                .collect();
            diags.push(
                diag::Code::ConfigValue
                    .error(
                        config::CONFIG_FILE,
                        Some(self.primary().config.book.languages_line).filter(|l| *l > 0),
                        format!("the report has no `{tag}` edition; its editions are: {}", tags.join(", ")),
                    )
                    .with_help("write one of them after --lang, or add the language to [book] languages in book.toml"),
            );
        }
        found
    }
}

impl Project {
    /// The edition's report with its language, for comparing editions.
    fn edition_report(&self) -> content::editions::EditionReport<'_> {
        content::editions::EditionReport {
            lang: self.config.book.lang,
            report: &self.report,
        }
    }

    /// The path of this edition's site below the build dir: empty for the primary (the
    /// build dir itself), `zh-hk/` for another edition.
    pub fn edition_prefix(&self) -> String {
        if self.config.is_primary() {
            String::new()
        } else {
            format!("{}/", self.config.book.lang.tag())
        }
    }
}

/// A translation may use the primary edition's pictures and files without copying them:
/// the assets it lacks are taken from the primary's folder.
fn share_assets(primary: &Report, translation: &mut Report) {
    for asset in &primary.assets {
        if !translation.assets.contains(asset) {
            translation.assets.push(asset.clone());
        }
    }
}

/// The logo and cover image of `[output.html]` must be files of the source folder, which
/// the site publishes with the pages.
fn brand_files_exist(config: &Config, report: &content::Report, diags: &mut Diagnostics) {
    let html = &config.html;
    for (key, setting) in [("logo", &html.logo), ("cover-image", &html.cover_image)] {
        let Some(setting) = setting else { continue };
        if !report.assets.contains(&setting.value) {
            diags.push(
                diag::Code::BrokenLink
                    .error(
                        config::CONFIG_FILE,
                        Some(setting.line),
                        format!(
                            "[output.html] {key} `{}` is not a file of the source folder `{}`",
                            setting.value, report.src
                        ),
                    )
                    .with_help(format!(
                        "put the picture in {}/ and give its path from there, e.g. {key} = \"images/logo.svg\"",
                        report.src
                    )),
            );
        }
    }
}

/// How a command ended, mapped to the process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExitStatus {
    /// 0: done, nothing required is missing.
    #[default]
    Success,
    /// 1: the coverage gate found gaps.
    Gaps,
    /// 2: bad input (or a failure to write output).
    Error,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Gaps => 1,
            ExitStatus::Error => 2,
        }
    }
}

impl Project {
    /// The index of `framework`, or an error at book.toml saying how to configure it (only
    /// when the project has no other errors, which may be the reason it is missing).
    pub fn index_or_error(
        &self,
        framework: model::Framework,
        diags: &mut Diagnostics,
    ) -> Option<&coverage::Index> {
        let index = self.coverage.index(framework);
        if index.is_none() && !diags.has_errors() {
            let example = catalog::embedded::ids_for(framework)
                .last()
                .copied()
                .unwrap_or("");
            diags.push(
                diag::Code::FrameworkNotConfigured
                    .error(
                        config::CONFIG_FILE,
                        None,
                        format!(
                            "no {label} catalog is configured, so there is no {label} index",
                            label = framework.label()
                        ),
                    )
                    .with_help(format!(
                        "add `{} = \"{example}\"` under [esg] in {}",
                        framework.key(),
                        self.root.join(config::CONFIG_FILE).display()
                    )),
            );
        }
        index
    }
}
