//! `esgbook serve`: build, serve the site on loopback, rebuild on every edit and reload the
//! browser.
//!
//! Why it is built this way:
//! - **Last good site stays up.** A rebuild that finds input errors writes nothing; the
//!   errors go to the terminal and to the browser (an overlay drawn by the injected reload
//!   script, or an error page when no build has succeeded yet).
//! - **Fast rebuilds.** The compiled [`Theme`] and the [`Cache`] of rendered Markdown live
//!   for the whole session, so an edit re-renders only the changed section's Markdown, and
//!   [`output::write_changed`] rewrites only the files whose bytes changed.
//! - **Nothing outside the build dir is served.** Request paths are percent-decoded and
//!   refused when they hold `..`, backslashes or NUL; the file found is canonicalised and
//!   must still be inside the build dir, so a symlink cannot lead out. All refusals are 404s,
//!   which tell a prober nothing.
//! - **Live reload by polling** `/__esgbook/version` (a few hundred bytes a second on
//!   loopback) rather than a held connection, which keeps the server a plain
//!   request/response loop on [`tiny_http`].

use crate::diag::Diagnostics;
use crate::site::output::{self, Written};
use crate::site::{self, Cache, Theme};
use crate::text::{escape_html, percent_decode};
use crate::{ExitStatus, Project};
use notify::{EventKind, RecursiveMode, Watcher};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The script injected into every HTML page served: polls for a new build, reloads, and
/// shows build errors over the page.
const RELOAD_JS: &str = include_str!("../templates/reload.js");

/// The path prefix of the server's own endpoints.
const PREFIX: &str = "/__esgbook/";

/// What the HTTP threads read: the build generation and the errors of the last build.
#[derive(Debug, Default)]
struct Status {
    /// Bumped after every successful build.
    version: u64,
    /// The errors of the last build, when it failed.
    errors: Option<String>,
    /// True once a build has succeeded (there is a site to serve).
    built: bool,
}

/// What changed since the last build.
#[derive(Debug, Default)]
struct Change {
    /// Reload everything (book.toml, SUMMARY.md, a file added or removed, or unknown).
    full: bool,
    /// Recompile the templates.
    templates: bool,
    /// Section files edited in place, relative to the source folder.
    sections: Vec<String>,
    /// Other files under the source folder that exist now, relative to it.
    assets: Vec<String>,
}

/// The rebuild half: everything kept between builds.
struct Builder {
    root: PathBuf,
    theme: Option<Theme>,
    cache: Cache,
    written: Option<Written>,
    build_dir: PathBuf,
    /// The last project loaded, and the diagnostics of loading its config and content
    /// (coverage is recomputed on every build: it is pure and quick).
    loaded: Option<(Project, Diagnostics)>,
}

impl Builder {
    /// Loads (or updates) the project, renders and writes. Returns the diagnostics; errors
    /// mean nothing was written.
    fn build(&mut self, change: &Change) -> Diagnostics {
        let mut diags = Diagnostics::new();
        let reload_start = std::time::Instant::now();
        // An asset edited in place needs no reload (the writer copies it when its size or
        // time changed); a new one does, to be listed.
        let reused = !change.full
            && self.loaded.as_mut().is_some_and(|(project, load_diags)| {
                change
                    .assets
                    .iter()
                    .all(|a| project.report.assets.contains(a))
                    && reload_sections(project, load_diags, &change.sections)
            });
        if !reused {
            self.loaded = load(&self.root);
        }
        let Some((project, load_diags)) = &mut self.loaded else {
            // book.toml cannot be read at all.
            let mut diags = Diagnostics::new();
            crate::Project::load(&self.root, &mut diags);
            return diags;
        };
        crate::log_time("reload", reload_start);
        diags.extend(load_diags.clone());
        project.coverage = crate::coverage::compute(&project.report, &project.config, &mut diags);
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
        let start = std::time::Instant::now();
        let pages = site::render(project, theme, &mut self.cache, &mut diags);
        crate::log_time("render", start);
        if diags.has_errors() {
            return diags;
        }
        let start = std::time::Instant::now();
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
        crate::log_time("write changed files", start);
        diags
    }
}

/// Loads config and content (not coverage), keeping their diagnostics apart.
fn load(root: &Path) -> Option<(Project, Diagnostics)> {
    let mut diags = Diagnostics::new();
    let project = Project::load_content(root, &mut diags)?;
    Some((project, diags))
}

/// Re-reads only the given section files into `project`, replacing their diagnostics.
/// Returns false, changing nothing, when that is not enough: a file is gone or is not a
/// section, or a title changed (titles also live in the contents and in other trails).
fn reload_sections(project: &mut Project, load_diags: &mut Diagnostics, paths: &[String]) -> bool {
    let src_dir = project.root.join(&project.config.book.src);
    let mut updates = Vec::new();
    for path in paths {
        let Some(s) = project
            .report
            .sections
            .iter()
            .position(|sec| &sec.path == path)
        else {
            return false;
        };
        let section = &project.report.sections[s];
        let Ok(bytes) = std::fs::read(src_dir.join(path)) else {
            return false;
        };
        let mut diags = Diagnostics::new();
        let Some(text) = crate::text::decode_text(&section.source, &bytes, &mut diags) else {
            return false;
        };
        let parsed = crate::content::parse_section(&text, &section.source, &mut diags);
        if parsed.title.as_deref() != Some(section.title.as_str()) {
            return false;
        }
        updates.push((s, parsed, diags));
    }
    for (s, parsed, diags) in updates {
        let section = &mut project.report.sections[s];
        section.body = parsed.body;
        section.body_line = parsed.body_line;
        section.description = parsed.description;
        section.tags = parsed.tags;
        section.omissions = parsed.omissions;
        let mut kept = Diagnostics::new();
        for d in load_diags.all() {
            if d.file.as_deref() != Some(section.source.as_str()) {
                kept.push(d.clone());
            }
        }
        kept.extend(diags);
        *load_diags = kept;
    }
    true
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
    let mut diags = Diagnostics::new();
    // book.toml must at least be readable to know where to build; everything else can be
    // fixed while serving.
    let Some(project) = Project::load(dir, &mut diags) else {
        print(&diags);
        return ExitStatus::Error;
    };
    let mut refused = Diagnostics::new();
    site::check_build_dir(&project, &mut refused);
    if refused.has_errors() {
        print(&refused);
        return ExitStatus::Error;
    }
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let watch_src = root.join(&project.config.book.src);
    // Watch before the first build, so an edit made while it runs is not missed.
    let (_watcher, changes) = match start_watching(&root, &watch_src) {
        Ok(w) => w,
        Err(err) => {
            eprintln!("error: cannot watch for changes: {err}");
            return ExitStatus::Error;
        }
    };
    let mut builder = Builder {
        root: dir.to_path_buf(),
        theme: None,
        cache: Cache::new(),
        written: None,
        build_dir: project.build_dir(),
        loaded: None,
    };
    drop(project);

    let status = Arc::new(Mutex::new(Status::default()));
    let started = Instant::now();
    let diags = builder.build(&Change {
        full: true,
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
    for _ in 0..4 {
        let server = server.clone();
        let status = status.clone();
        let build_dir = build_dir.clone();
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                let dir = lock(&build_dir).clone();
                handle(request, &dir, &status);
            }
        });
    }

    rebuild_on_change(&root, &watch_src, changes, builder, &status, &build_dir)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The watcher and the channel its change events arrive on.
type Watch = (
    notify::RecommendedWatcher,
    std::sync::mpsc::Receiver<Vec<PathBuf>>,
);

/// Starts watching book.toml (through the root, without recursion), the source folder and
/// templates/. The build dir is never watched, so writing the site triggers no build.
fn start_watching(root: &Path, src: &Path) -> Result<Watch, notify::Error> {
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    // Reading files (as every build does) raises access events; only changes count, or each
    // build would trigger the next.
    let handler = move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, EventKind::Access(_))
        {
            let _ = tx.send(event.paths);
        }
    };
    let mut watcher = notify::recommended_watcher(handler)?;
    let templates = root.join("templates");
    let mut targets = vec![
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (src.to_path_buf(), RecursiveMode::Recursive),
    ];
    if templates.is_dir() {
        targets.push((templates, RecursiveMode::Recursive));
    }
    for (path, mode) in &targets {
        if let Err(err) = watcher.watch(path, *mode) {
            eprintln!("warning: cannot watch {}: {err}", path.display());
        }
    }
    Ok((watcher, rx))
}

/// Rebuilds on each batch of changes, until the watcher stops.
fn rebuild_on_change(
    root: &Path,
    src: &Path,
    rx: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    mut builder: Builder,
    status: &Mutex<Status>,
    build_dir: &Mutex<PathBuf>,
) -> ExitStatus {
    let root_abs = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let templates_abs = root_abs.join("templates");
    let src_abs = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    while let Ok(first) = rx.recv() {
        // Debounce: an editor's save is several events; wait until 100 ms pass quietly.
        let mut events = first;
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(100)) {
            events.extend(more);
        }
        events.sort();
        events.dedup();
        let relevant = |p: &Path| {
            p.starts_with(&src_abs)
                || p.starts_with(&templates_abs)
                || (p.parent() == Some(root_abs.as_path())
                    && p.file_name()
                        .is_some_and(|n| n == crate::config::CONFIG_FILE || n == "templates"))
        };
        let changed: Vec<&Path> = events
            .iter()
            .map(PathBuf::as_path)
            .filter(|p| relevant(p) && !is_temporary(p))
            .collect();
        if changed.is_empty() {
            continue;
        }
        let change = classify(&changed, &root_abs, &src_abs, &templates_abs);
        let started = Instant::now();
        let shown: Vec<String> = changed
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(&root_abs).unwrap_or(p).display().to_string())
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

/// Sorts changed paths into what a rebuild must redo: a section edited in place needs only
/// that file re-read; anything else (book.toml, SUMMARY.md, files added or removed) reloads
/// the project.
fn classify(changed: &[&Path], root: &Path, src: &Path, templates: &Path) -> Change {
    let mut change = Change::default();
    for path in changed {
        if path.starts_with(templates)
            || path.file_name().is_some_and(|n| n == "templates") && path.parent() == Some(root)
        {
            change.templates = true;
        } else if *path == root {
            // The root's own event says nothing the events of its files do not.
        } else if *path == src {
            // The source folder itself was created, moved or removed.
            change.full = true;
        } else if let Ok(rel) = path.strip_prefix(src) {
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.to_ascii_lowercase().ends_with(".md")
                && rel != crate::content::SUMMARY_FILE
                && path.is_file()
            {
                change.sections.push(rel);
            } else if path.is_file() {
                change.assets.push(rel);
            } else {
                change.full = true;
            }
        } else {
            change.full = true;
        }
    }
    change
}

/// Editor swap and backup files, which change without the report changing.
fn is_temporary(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

/// Maps a request target to a file inside `build_dir`, or `None` (a 404) when the path is
/// malformed, climbs out, or resolves (through symlinks) outside the build dir.
pub fn resolve(build_dir: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_prefix('/')?;
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut file = build_dir.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            // Hidden files (the staging folders and temporary files of a build) are private.
            p if p.starts_with('.') => return None,
            p => file.push(p),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let root = build_dir.canonicalize().ok()?;
    let real = file.canonicalize().ok()?;
    (real.starts_with(&root) && real.is_file()).then_some(real)
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(request: tiny_http::Request, code: u16, content_type: &str, body: Vec<u8>) {
    let mut response = tiny_http::Response::from_data(body).with_status_code(code);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ] {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    // The client may have gone away; nothing to do about it.
    let _ = request.respond(response);
}

/// Adds the reload script before `</body>` (or at the end).
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{PREFIX}reload.js\" data-version=\"{version}\"></script>\n");
    let mut out = Vec::with_capacity(html.len() + tag.len());
    match html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(at) => {
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(tag.as_bytes());
            out.extend_from_slice(&html[at..]);
        }
        None => {
            out.extend_from_slice(html);
            out.extend_from_slice(tag.as_bytes());
        }
    }
    out
}

fn handle(request: tiny_http::Request, build_dir: &Path, status: &Mutex<Status>) {
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return respond(
            request,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n".to_vec(),
        );
    }
    let url = request.url().to_string();
    let (version, errors, built) = {
        let s = lock(status);
        (s.version, s.errors.clone(), s.built)
    };
    if let Some(endpoint) = url.strip_prefix(PREFIX) {
        return match endpoint.split('?').next().unwrap_or("") {
            "version" => {
                let body = serde_json::json!({"version": version, "errors": errors}).to_string();
                respond(request, 200, "application/json", body.into_bytes())
            }
            "reload.js" => respond(
                request,
                200,
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes().to_vec(),
            ),
            _ => respond(
                request,
                404,
                "text/plain; charset=utf-8",
                b"not found\n".to_vec(),
            ),
        };
    }
    if !built {
        let message = errors.unwrap_or_else(|| "The site has not been built yet.".into());
        let page = format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed · esgbook</title></head><body>\
             <main><h1>The report does not build yet</h1><p>Fix these problems and save; this page reloads by itself.</p><pre>{}</pre></main></body></html>",
            escape_html(&message)
        );
        return respond(
            request,
            500,
            "text/html; charset=utf-8",
            inject(page.as_bytes(), version),
        );
    }
    match resolve(build_dir, &url).and_then(|path| std::fs::read(&path).ok().map(|b| (path, b))) {
        Some((path, bytes)) => {
            let kind = content_type(&path);
            let bytes = if kind.starts_with("text/html") {
                inject(&bytes, version)
            } else {
                bytes
            };
            respond(request, 200, kind, bytes)
        }
        None => {
            let page = std::fs::read(build_dir.join("404.html")).unwrap_or_else(|_| {
                b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>".to_vec()
            });
            respond(
                request,
                404,
                "text/html; charset=utf-8",
                inject(&page, version),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("book");
        std::fs::create_dir_all(site.join("a")).unwrap();
        std::fs::write(site.join("index.html"), "x").unwrap();
        std::fs::write(site.join("a/b.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        assert!(resolve(&site, "/").is_some());
        assert!(resolve(&site, "/a/b.html?x=1").is_some());
        assert!(resolve(&site, "/a/./b.html").is_some());
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/a%00",
            "/%zz",
            "secret.txt",
            "/.hidden",
        ] {
            assert_eq!(resolve(&site, bad), None, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path(), site.join("out")).unwrap();
            assert_eq!(resolve(&site, "/out/secret.txt"), None);
        }
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            inject(b"<p>a</p></BODY>", 3),
            b"<p>a</p><script src=\"/__esgbook/reload.js\" data-version=\"3\"></script>\n</BODY>"
                .to_vec()
        );
    }

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback("127.0.0.1") && is_loopback("::1") && is_loopback("localhost"));
        assert!(!is_loopback("0.0.0.0"));
    }
}
