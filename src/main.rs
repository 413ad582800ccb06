//! The `esgbook` binary: parse the command line, run the command, print its outcome and map
//! it to the exit status (0 ok, 1 gaps, 2 bad input). Everything else is in the library.

mod cli;

use clap::Parser;
use cli::{Cli, Command};
use esgbook::ExitStatus;
use esgbook::cmd::{self, Outcome};
use esgbook::site::Audience;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let status = match Cli::parse().command {
        Command::Build { dir, review } => {
            let audience = if review {
                Audience::Review
            } else {
                Audience::Publication
            };
            print(cmd::build::run(&dir, audience))
        }
        Command::Check { dir, format } => print(cmd::check::run(&dir, format)),
        Command::Export {
            dir,
            framework,
            data,
            format,
            output,
            pages,
            lang,
        } => print(match framework {
            Some(framework) if !data => cmd::export::run(
                &dir,
                framework,
                format,
                output.as_deref(),
                pages,
                lang.as_deref(),
            ),
            _ => cmd::export::run_data(&dir, format, output.as_deref()),
        }),
        Command::Pdf { dir, output, lang } => {
            print(cmd::pdf::run(&dir, output.as_deref(), lang.as_deref()))
        }
        Command::Frameworks { id } => print(cmd::frameworks::run(id.as_deref())),
        Command::Serve { dir, port, host } => esgbook::serve::run(&dir, &host, port),
        Command::Init { dir } => print(cmd::init::run(&dir)),
    };
    ExitCode::from(status.code())
}

/// Prints the diagnostics and notes to stderr and the output to stdout. A closed stdout
/// (`esgbook export … | head`) is not an error; any other write failure is.
fn print(outcome: Outcome) -> ExitStatus {
    let mut stderr = std::io::stderr().lock();
    for d in outcome.diagnostics.all() {
        let _ = writeln!(stderr, "{}", d.to_text());
    }
    for note in &outcome.notes {
        let _ = writeln!(stderr, "{note}");
    }
    if outcome.stdout.is_empty() {
        return outcome.status;
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(&outcome.stdout).and_then(|()| out.flush()) {
        Ok(()) => outcome.status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => outcome.status,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write to stdout: {e}");
            ExitStatus::Error
        }
    }
}
