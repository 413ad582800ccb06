//! `esgbook check`: the pre-publication coverage gate, rendered as text, JSON or GitHub
//! annotations from the same [`Coverage`] and [`Diagnostics`].

use crate::Project;
use crate::diag::{Code, Diagnostics, JsonDiagnostic};
use serde::Serialize;
use std::fmt::Write as _;

/// One gap in `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonGap<'a> {
    /// Catalog id (`hkex-esg-2025`).
    pub framework: &'a str,
    /// Item id.
    pub id: &'a str,
    /// How issuers print the item (`KPI A1.1`).
    pub label: &'a str,
    /// Item title.
    pub title: &'a str,
    /// Obligation.
    pub obligation: &'a str,
}

/// `check --format json` output.
#[derive(Debug, Serialize)]
pub struct JsonCheck<'a> {
    /// True when there are no gaps and no errors.
    pub ok: bool,
    /// Every gap.
    pub gaps: Vec<JsonGap<'a>>,
    /// Every error.
    pub errors: Vec<JsonDiagnostic<'a>>,
    /// Every warning.
    pub warnings: Vec<JsonDiagnostic<'a>>,
}

/// Builds the JSON document.
pub fn to_json<'a>(project: Option<&'a Project>, diags: &'a Diagnostics) -> JsonCheck<'a> {
    let gaps: Vec<JsonGap<'a>> = project
        .map(|p| {
            p.coverage
                .indexes
                .iter()
                .flat_map(|index| {
                    index.gaps().map(move |row| JsonGap {
                        framework: index.catalog.id.as_str(),
                        id: row.id.as_str(),
                        label: row.label.as_str(),
                        title: row.title.as_str(),
                        obligation: row.obligation.as_str(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    JsonCheck {
        ok: gaps.is_empty() && !diags.has_errors(),
        gaps,
        errors: diags
            .errors()
            .into_iter()
            .map(JsonDiagnostic::from)
            .collect(),
        warnings: diags
            .warnings()
            .into_iter()
            .map(JsonDiagnostic::from)
            .collect(),
    }
}

/// The plain-text report a reviewer pastes into a pull request: per framework the counts
/// by status, then each gap with what to do. Diagnostics are printed separately, to stderr.
pub fn to_text(project: Option<&Project>, diags: &Diagnostics) -> String {
    let mut out = String::new();
    let Some(project) = project else { return out };
    let _ = writeln!(out, "{}", project.config.book.title);
    for index in &project.coverage.indexes {
        let catalog = index.catalog;
        let claim = index
            .claim
            .map(|c| format!(", {}", c.as_str()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{} ({}{claim}): {} items",
            catalog.title,
            catalog.id,
            index.rows.len()
        );
        let counts: Vec<String> = index
            .counts()
            .iter()
            .map(|(status, n)| format!("{n} {}", status.as_str()))
            .collect();
        let _ = writeln!(out, "  {}", counts.join(", "));
        let gaps: Vec<_> = index.gaps().collect();
        if gaps.is_empty() {
            let _ = writeln!(out, "  no gaps");
            continue;
        }
        let _ = writeln!(out, "  gaps:");
        for row in gaps {
            let _ = writeln!(
                out,
                "    {:<10} {} [{}]",
                row.id,
                labelled_title(row),
                row.obligation.as_str()
            );
            let _ = writeln!(
                out,
                "               → {}",
                row.advice.as_deref().unwrap_or_default()
            );
        }
    }
    let gap_count = project.coverage.gap_count();
    let errors = diags.errors().len();
    let _ = writeln!(
        out,
        "\n{}",
        match (errors, gap_count) {
            (0, 0) => "check passed: every required item is addressed or explained".to_string(),
            (0, n) => format!(
                "check failed: {n} required item{} missing",
                if n == 1 { " is" } else { "s are" }
            ),
            (e, n) => format!(
                "check failed: {e} input error{}, {n} gap{}",
                plural(e),
                plural(n)
            ),
        }
    );
    out
}

/// A gap's label and title as the gap line prints them (`KPI A1.1: Emission types …`);
/// a label that already holds the title (a Part D heading) is printed alone.
fn labelled_title(row: &crate::coverage::Row) -> String {
    if row.label.contains(&row.title) {
        row.label.clone()
    } else {
        format!("{}: {}", row.label, row.title)
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// GitHub Actions annotations: one per diagnostic and one per gap (at book.toml's
/// framework line, the nearest place a gap has).
pub fn to_github(project: Option<&Project>, diags: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.all() {
        let _ = writeln!(out, "{}", d.to_github());
    }
    if let Some(project) = project {
        for index in &project.coverage.indexes {
            let line = project
                .config
                .esg
                .edition(index.catalog.framework)
                .map(|s| s.line);
            for row in index.gaps() {
                let d = Code::Gap
                    .error(
                        crate::config::CONFIG_FILE,
                        line,
                        format!(
                            "{} {} ({}) is missing [{}]",
                            index.catalog.id,
                            row.id,
                            labelled_title(row),
                            row.obligation.as_str()
                        ),
                    )
                    .with_help(row.advice.clone().unwrap_or_default());
                let _ = writeln!(out, "{}", d.to_github());
            }
        }
    }
    out
}

/// `check --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Counts and gaps for a pull request.
    Text,
    /// `{"ok", "gaps", "errors", "warnings"}`.
    Json,
    /// GitHub Actions `::error` annotations.
    Github,
}

/// The check report in `format`.
pub fn render(project: Option<&Project>, diags: &Diagnostics, format: Format) -> String {
    match format {
        Format::Text => to_text(project, diags),
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&to_json(project, diags)).unwrap_or_default();
            json.push('\n');
            json
        }
        Format::Github => to_github(project, diags),
    }
}

/// The gate's exit policy: 2 on any input error (or an unreadable project), 1 when a
/// required item is missing, 0 otherwise.
pub fn exit_status(project: Option<&Project>, diags: &Diagnostics) -> crate::ExitStatus {
    match project {
        None => crate::ExitStatus::Error,
        Some(_) if diags.has_errors() => crate::ExitStatus::Error,
        Some(p) if !p.coverage.is_complete() => crate::ExitStatus::Gaps,
        Some(_) => crate::ExitStatus::Success,
    }
}
