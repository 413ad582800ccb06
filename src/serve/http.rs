//! The HTTP half of `esgbook serve`: a tiny_http server on a few threads that serves the
//! build dir, injects the live-reload script into HTML pages and answers the script's
//! polls.
//!
//! Nothing outside the build dir is served: request paths are percent-decoded and refused
//! when they hold `..`, backslashes or NUL; the file found is canonicalised and must still
//! be inside the build dir, so a symlink cannot lead out. All refusals are 404s, which tell
//! a prober nothing.

use super::lock;
use crate::text::{escape_html, percent_decode};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The script injected into every HTML page served: polls for a new build, reloads, and
/// shows build errors over the page.
const RELOAD_JS: &str = include_str!("../../templates/reload.js");

/// The path prefix of the server's own endpoints.
const PREFIX: &str = "/__esgbook/";

/// What the HTTP threads read: the build generation and the errors of the last build.
#[derive(Debug, Default)]
pub(super) struct Status {
    /// Bumped after every successful build.
    pub(super) version: u64,
    /// The errors of the last build, when it failed.
    pub(super) errors: Option<String>,
    /// True once a build has succeeded (there is a site to serve).
    pub(super) built: bool,
}

/// Serves `build_dir` (which a rebuild may move) on `threads` threads, reading the build
/// state from `status`.
pub(super) fn spawn(
    server: Arc<tiny_http::Server>,
    threads: usize,
    build_dir: &Arc<Mutex<PathBuf>>,
    status: &Arc<Mutex<Status>>,
) {
    for _ in 0..threads {
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
}
