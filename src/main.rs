//! The `esgbook` binary: parse the command line, run the command, map the outcome to an
//! exit status (0 ok, 1 gaps, 2 bad input).

mod cli;

use clap::Parser;
use cli::{CheckFormat, Cli, Command, ExportFormat, FrameworkArg};
use esgbook::catalog::embedded;
use esgbook::diag::{Diagnostic, Diagnostics};
use esgbook::model::Framework;
use esgbook::{ExitStatus, Project, check, export, site};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Build { dir } => build(&dir),
        Command::Check { dir, format } => run_check(&dir, format),
        Command::Export {
            dir,
            framework,
            format,
            output,
        } => run_export(&dir, framework, format, output.as_deref()),
        Command::Frameworks { id } => frameworks(id.as_deref()),
        Command::Serve { dir, port, host } => esgbook::serve::run(&dir, &host, port),
        Command::Init { dir } => esgbook::init::run(&dir),
    };
    ExitCode::from(status.code())
}

fn print_diagnostics(diags: &Diagnostics) {
    let mut stderr = std::io::stderr().lock();
    for d in diags.all() {
        let _ = writeln!(stderr, "{}", d.to_text());
    }
}

/// Writes to stdout; a closed pipe (`esgbook export … | head`) is not an error.
fn print_stdout(bytes: &[u8]) -> ExitStatus {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            ExitStatus::Error
        }
    }
}

fn build(dir: &Path) -> ExitStatus {
    let started = std::time::Instant::now();
    let mut diags = Diagnostics::new();
    let Some(project) = Project::load(dir, &mut diags) else {
        print_diagnostics(&diags);
        return ExitStatus::Error;
    };
    let ok = !diags.has_errors() && site::build(&project, &mut diags);
    print_diagnostics(&diags);
    if !ok {
        eprintln!("error: the site was not built; the build dir was left as it was");
        return ExitStatus::Error;
    }
    let gaps = project.coverage.gap_count();
    eprintln!(
        "built {} sections into {} in {} ms{}",
        project.report.sections.len(),
        project.build_dir().display(),
        started.elapsed().as_millis(),
        if gaps > 0 {
            format!(" ({gaps} coverage gaps: run `esgbook check`)")
        } else {
            String::new()
        }
    );
    ExitStatus::Success
}

fn run_check(dir: &Path, format: CheckFormat) -> ExitStatus {
    let mut diags = Diagnostics::new();
    let project = Project::load(dir, &mut diags);
    // GitHub annotations carry the diagnostics themselves; otherwise they go to stderr.
    if format != CheckFormat::Github {
        print_diagnostics(&diags);
    }
    let text = match format {
        CheckFormat::Text => check::to_text(project.as_ref(), &diags),
        CheckFormat::Json => {
            let mut json = serde_json::to_string_pretty(&check::to_json(project.as_ref(), &diags))
                .unwrap_or_default();
            json.push('\n');
            json
        }
        CheckFormat::Github => check::to_github(project.as_ref(), &diags),
    };
    if print_stdout(text.as_bytes()) == ExitStatus::Error {
        return ExitStatus::Error;
    }
    if diags.has_errors() || project.is_none() {
        ExitStatus::Error
    } else if project.is_some_and(|p| !p.coverage.is_complete()) {
        ExitStatus::Gaps
    } else {
        ExitStatus::Success
    }
}

fn run_export(
    dir: &Path,
    framework: FrameworkArg,
    format: ExportFormat,
    output: Option<&Path>,
) -> ExitStatus {
    let mut diags = Diagnostics::new();
    if format == ExportFormat::Xlsx && output.is_none() {
        eprintln!("error: an xlsx export needs a file: add `-o index.xlsx`");
        return ExitStatus::Error;
    }
    let project = Project::load(dir, &mut diags);
    let framework = match framework {
        FrameworkArg::Hkex => Framework::Hkex,
        FrameworkArg::Gri => Framework::Gri,
    };
    let index = project.as_ref().and_then(|p| p.coverage.index(framework));
    if let Some(p) = &project
        && index.is_none()
        && !diags.has_errors()
    {
        let example = embedded::ids_for(framework).last().copied().unwrap_or("");
        diags.push(
            Diagnostic::error(
                "book.toml",
                None,
                format!(
                    "no {} catalog is configured, so there is no {} index",
                    framework.label(),
                    framework.label()
                ),
            )
            .with_help(format!(
                "add `{} = \"{example}\"` under [esg] in {}",
                framework.key(),
                p.root.join("book.toml").display()
            )),
        );
    }
    print_diagnostics(&diags);
    let (Some(project), Some(index)) = (project.as_ref(), index) else {
        return ExitStatus::Error;
    };
    if diags.has_errors() {
        return ExitStatus::Error;
    }
    let document = export::document(project, index);
    let bytes = match format {
        ExportFormat::Json => export::json::render(&document).into_bytes(),
        ExportFormat::Csv => export::csv::render(&document),
        ExportFormat::Md => export::markdown::render(&document).into_bytes(),
        ExportFormat::Xlsx => match export::xlsx::render(&document) {
            Ok(bytes) => bytes,
            Err(err) => {
                eprintln!("error: cannot create the workbook: {err}");
                return ExitStatus::Error;
            }
        },
    };
    match output {
        Some(path) => match export::write_atomically(path, &bytes) {
            Ok(()) => {
                eprintln!("wrote {} ({} rows)", path.display(), document.rows.len());
                ExitStatus::Success
            }
            Err(err) => {
                eprintln!("error: {}: cannot write: {err}", path.display());
                ExitStatus::Error
            }
        },
        None => print_stdout(&bytes),
    }
}

fn frameworks(id: Option<&str>) -> ExitStatus {
    use std::fmt::Write as _;
    let mut out = String::new();
    match id.and_then(embedded::get) {
        None => {
            let _ = writeln!(
                out,
                "{:<15} {:<5} {:>5}  {:<11} title",
                "id", "kind", "items", "effective"
            );
            for c in embedded::all() {
                let _ = writeln!(
                    out,
                    "{:<15} {:<5} {:>5}  {:<11} {}",
                    c.id,
                    c.framework.key(),
                    c.items.len(),
                    c.effective.map_or("-".into(), |d| d.to_string()),
                    c.title
                );
            }
            let _ = writeln!(
                out,
                "\n`esgbook frameworks ID` lists one catalog's items and the codes to write."
            );
        }
        Some(c) => {
            let _ = writeln!(
                out,
                "{} ({}){}",
                c.title,
                c.id,
                c.effective
                    .map(|e| format!(", effective {e}"))
                    .unwrap_or_default()
            );
            if let Some(source) = &c.source {
                let _ = writeln!(out, "{source}");
            }
            let mut group = "";
            for item in &c.items {
                if item.group != group {
                    group = &item.group;
                    let _ = writeln!(out, "\n{}", c.group_title(group));
                }
                let obligation = match &item.obligation {
                    esgbook::catalog::ObligationSpec::Fixed(o) => o.as_str().to_string(),
                    esgbook::catalog::ObligationSpec::Rule(rule) => describe_rule(c, rule),
                };
                let mut flags = Vec::new();
                if let Some(a) = item.in_accordance {
                    flags.push(match a {
                        esgbook::catalog::InAccordance::Always => "in-accordance: required",
                        esgbook::catalog::InAccordance::IfMaterialTopics => {
                            "in-accordance: per material topic"
                        }
                    });
                }
                if item.omission == esgbook::catalog::OmissionRule::NotPermitted {
                    flags.push("no omission");
                }
                if let Some(from) = &item.superseded_from {
                    flags.push("superseded");
                    let _ = from;
                }
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", flags.join(", "))
                };
                let indent = if item.parent.is_some() { "  " } else { "" };
                let _ = writeln!(
                    out,
                    "  {indent}{:<10} {:<18} {}{flags}",
                    item.id, obligation, item.title
                );
            }
        }
    }
    print_stdout(out.as_bytes())
}

fn describe_rule(catalog: &esgbook::catalog::Catalog, rule: &str) -> String {
    let Some(steps) = catalog.obligation_rules.get(rule) else {
        return rule.to_string();
    };
    steps
        .iter()
        .map(|s| {
            let mut condition = Vec::new();
            if let Some(i) = s.issuer {
                condition.push(i.as_str().to_string());
            }
            if let Some(from) = s.from {
                condition.push(format!("from {from}"));
            }
            if condition.is_empty() {
                s.then.as_str().to_string()
            } else {
                format!("{} {}", condition.join(" "), s.then.as_str())
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}
