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
        let start = std::time::Instant::now();
        let config = Config::from_dir(root, diags)?;
        // The data and the section files are read at the same time; the sections' directives
        // are then checked against the data.
        let mut data_diags = Diagnostics::new();
        let (data, mut report) = rayon::join(
            || data::load(root, &config, &mut data_diags),
            || content::read(root, &config, diags),
        );
        diags.extend(data_diags);
        content::show_data(&mut report, std::sync::Arc::new(data), diags);
        brand_files_exist(&config, &report, diags);
        diag::log_time("load content", start);
        Some(Project {
            root: root.to_path_buf(),
            config,
            report,
            coverage: Coverage::default(),
        })
    }

    /// The stages after reading: coverage, then every section's Markdown rendered and its
    /// links and anchors checked (reusing `cache` for unchanged sections).
    pub fn analyse(&mut self, cache: &mut RenderCache, diags: &mut Diagnostics) {
        let start = std::time::Instant::now();
        self.coverage = coverage::compute(&self.report, &self.config, diags);
        diag::log_time("coverage", start);
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
