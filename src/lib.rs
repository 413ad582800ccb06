//! esgbook: ESG reports from Markdown, with the HKEX and GRI content indexes built and
//! checked.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! config (book.toml) → content (SUMMARY.md + front matter → Report)
//!                    → catalog (framework editions, data files)
//!                    → coverage (Report × catalogs → index rows)
//!                    → outputs: site, export, check
//! ```
//!
//! [`Project::load`] runs the first stages once; every output reads the resulting
//! [`Project`]. Problems are collected as [`diag::Diagnostic`]s with file and line, never
//! thrown one at a time.
#![warn(missing_docs)]

pub mod catalog;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod coverage;
pub mod diag;
pub mod export;
pub mod init;
#[cfg(test)]
mod layers;
pub mod model;
pub mod serve;
pub mod site;
pub mod text;

use config::Config;
use content::Report;
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
        let start = std::time::Instant::now();
        project.coverage = coverage::compute(&project.report, &project.config, diags);
        log_time("coverage", start);
        Some(project)
    }

    /// Loads book.toml and the content, leaving coverage empty (`serve` computes it on
    /// every rebuild, after re-reading only what changed).
    pub fn load_content(root: &Path, diags: &mut Diagnostics) -> Option<Project> {
        let start = std::time::Instant::now();
        let config = Config::from_dir(root, diags)?;
        let report = content::load(root, &config, diags);
        log_time("load content", start);
        Some(Project {
            root: root.to_path_buf(),
            config,
            report,
            coverage: Coverage::default(),
        })
    }

    /// The build directory, resolved against the root.
    pub fn build_dir(&self) -> PathBuf {
        self.root.join(&self.config.build.build_dir)
    }
}

/// Prints how long a stage took, to stderr, when `ESGBOOK_TIMINGS` is set (for profiling
/// builds; Zola's `log_time`).
pub fn log_time(stage: &str, since: std::time::Instant) {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ENABLED.get_or_init(|| std::env::var_os("ESGBOOK_TIMINGS").is_some()) {
        eprintln!(
            "timing: {stage}: {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
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
