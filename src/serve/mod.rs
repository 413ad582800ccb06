//! `esgbook serve`: build, serve the site on loopback, rebuild on every edit and reload the
//! browser. [`run`] loads the project once, builds, then starts the server ([`http`]) and
//! rebuilds on each batch of changes from the watcher ([`watch`]).
//!
//! Why it is built this way:
//! - **Last good site stays up.** A rebuild that finds input errors writes nothing; the
//!   errors go to the terminal and to the browser (an overlay drawn by the injected reload
//!   script, or an error page when no build has succeeded yet).
//! - **Fast rebuilds.** The loaded [`Project`], the compiled [`Theme`], the Markdown
//!   [`RenderCache`] and the site's [`Cache`] live for the whole session: an edited section
//!   is re-read alone ([`content::reload`]), only its Markdown is rendered again, and
//!   [`output::write_changed`] rewrites only the files whose bytes changed.
//! - **Live reload by polling** `/__esgbook/version` (a few hundred bytes a second on
//!   loopback) rather than a held connection, which keeps the server a plain
//!   request/response loop on [`tiny_http`].

mod http;
mod watch;

use crate::content::{self, markdown::RenderCache};
use crate::diag::Diagnostics;
use crate::site::output::{self, Written};
use crate::site::{self, Cache, Theme};
use crate::{ExitStatus, Project};
use http::Status;
pub use http::resolve;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use watch::{Change, Changes};

/// The rebuild half: everything kept between builds.
struct Builder {
    root: PathBuf,
    theme: Option<Theme>,
    markdown: RenderCache,
    cache: Cache,
    written: Option<Written>,
    build_dir: PathBuf,
    /// The project last loaded, and the diagnostics of loading its config and content
    /// (coverage and rendering are redone on every build, the latter from the cache).
    loaded: Option<(Project, Diagnostics)>,
}

impl Builder {
    /// Updates the project for `change`, renders and writes. Returns the diagnostics;
    /// errors mean nothing was written.
    fn build(&mut self, change: &Change) -> Diagnostics {
        let reload_start = Instant::now();
        // An asset edited in place needs no reload (the writer copies it when its size or
        // time changed); a new one does, to be listed.
        let reused = !change.full
            && self.loaded.as_mut().is_some_and(|(project, load_diags)| {
                let src_dir = project.root.join(&project.config.book.src);
                change
                    .assets
                    .iter()
                    .all(|a| project.report.assets.contains(a))
                    && content::reload(&mut project.report, &src_dir, &change.sections, load_diags)
            });
        if !reused {
            match load(&self.root) {
                Ok(loaded) => self.loaded = Some(loaded),
                Err(diags) => {
                    // book.toml cannot be read at all.
                    self.loaded = None;
                    return diags;
                }
            }
        }
        let Some((project, load_diags)) = &mut self.loaded else {
            return Diagnostics::new();
        };
        crate::diag::log_time("reload", reload_start);
        let mut diags = load_diags.clone();
        project.analyse(&mut self.markdown, &mut diags);
        let project = &*project;
        site::check_build_dir(project, &mut diags);
        if diags.has_errors() {
            return diags;
        }
        if project.build_dir() != self.build_dir {
            // book.toml moved the site: what was written where says nothing about the new place.
            self.written = None;
            self.build_dir = project.build_dir();
        }
        if change.templates || self.theme.is_none() {
            self.theme = Theme::load(&project.root, &mut diags);
        }
        let Some(theme) = &self.theme else {
            return diags;
        };
        let start = Instant::now();
        let pages = site::render(
            project,
            site::Audience::Review,
            theme,
            &mut self.cache,
            &mut diags,
        );
        crate::diag::log_time("render", start);
        if diags.has_errors() {
            return diags;
        }
        let start = Instant::now();
        let src_dir = project.root.join(&project.config.book.src);
        match &mut self.written {
            Some(written) if self.build_dir.is_dir() => {
                if let Err(err) = output::write_changed(
                    &self.build_dir,
                    &src_dir,
                    &project.report.assets,
                    &pages,
                    written,
                ) {
                    diags.push(site::write_error(project, &err));
                }
            }
            _ => {
                if site::write(project, &pages, &mut diags) {
                    self.written = Some(Written::record(&pages, &src_dir, &project.report.assets));
                }
            }
        }
        crate::diag::log_time("write changed files", start);
        diags
    }
}

/// Loads config and content (not coverage), keeping their diagnostics apart; `Err` holds
/// the diagnostics when book.toml cannot be read at all.
fn load(root: &Path) -> Result<(Project, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    match Project::load_content(root, &mut diags) {
        Some(project) => Ok((project, diags)),
        None => Err(diags),
    }
}

fn print(diags: &Diagnostics) -> String {
    let text: Vec<String> = diags.all().iter().map(|d| d.to_text()).collect();
    let text = text.join("\n");
    if !text.is_empty() {
        eprintln!("{text}");
    }
    text
}

/// True for loopback addresses (and `localhost`).
fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Runs `esgbook serve` until interrupted.
pub fn run(dir: &Path, host: &str, port: u16) -> ExitStatus {
    // book.toml must at least be readable to know where to build; everything else can be
    // fixed while serving. This is the session's only full load until something changes.
    let (project, load_diags) = match load(dir) {
        Ok(loaded) => loaded,
        Err(diags) => {
            print(&diags);
            return ExitStatus::Error;
        }
    };
    let mut refused = Diagnostics::new();
    site::check_build_dir(&project, &mut refused);
    if refused.has_errors() {
        print(&refused);
        return ExitStatus::Error;
    }
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // Watch before the first build, so an edit made while it runs is not missed.
    let changes = match Changes::start(&root, &root.join(&project.config.book.src)) {
        Ok(changes) => changes,
        Err(err) => {
            eprintln!("error: cannot watch for changes: {err}");
            return ExitStatus::Error;
        }
    };
    let mut builder = Builder {
        root: dir.to_path_buf(),
        theme: None,
        markdown: RenderCache::new(),
        cache: Cache::new(),
        written: None,
        build_dir: project.build_dir(),
        loaded: Some((project, load_diags)),
    };

    let status = Arc::new(Mutex::new(Status::default()));
    let started = Instant::now();
    // The project was just loaded: the first build reuses it.
    let diags = builder.build(&Change {
        templates: true,
        ..Change::default()
    });
    let text = print(&diags);
    {
        let mut s = lock(&status);
        if diags.has_errors() {
            s.errors = Some(text);
            eprintln!(
                "error: the site was not built; fix the errors above and save (serving the last site, if any)"
            );
            s.built = builder.build_dir.join("index.html").is_file();
        } else {
            s.version = 1;
            s.built = true;
            eprintln!("built in {} ms", started.elapsed().as_millis());
        }
    }

    let server = match tiny_http::Server::http((host, port)) {
        Ok(server) => Arc::new(server),
        Err(err) => {
            eprintln!("error: cannot listen on {host}:{port}: {err}");
            return ExitStatus::Error;
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_else(|| format!("{host}:{port}"));
    eprintln!(
        "serving {} on http://{addr}/ (Ctrl-C to stop)",
        builder.build_dir.display()
    );
    if !is_loopback(host) {
        eprintln!(
            "warning: listening on {host}, not on loopback: anyone who can reach this machine can read the draft report"
        );
    }

    let build_dir = Arc::new(Mutex::new(builder.build_dir.clone()));
    http::spawn(server, 4, &build_dir, &status);
    rebuild_on_change(&changes, builder, &status, &build_dir)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Rebuilds on each batch of changes, until the watcher stops.
fn rebuild_on_change(
    changes: &Changes,
    mut builder: Builder,
    status: &Mutex<Status>,
    build_dir: &Mutex<PathBuf>,
) -> ExitStatus {
    while let Some((change, changed)) = changes.next() {
        let started = Instant::now();
        let shown: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "changed: {}{}",
            shown.join(", "),
            if changed.len() > 3 { ", …" } else { "" }
        );
        let diags = builder.build(&change);
        let text = print(&diags);
        *lock(build_dir) = builder.build_dir.clone();
        let mut s = lock(status);
        if diags.has_errors() {
            s.errors = Some(text);
            eprintln!("error: not rebuilt; still serving the last good site");
        } else {
            s.errors = None;
            s.version += 1;
            s.built = true;
            eprintln!("rebuilt in {} ms", started.elapsed().as_millis());
        }
    }
    ExitStatus::Success
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && is_loopback("localhost"));
        assert!(!is_loopback("0.0.0.0"));
    }
}
