//! `esgbook serve` through the real binary: path traversal refused, live reload, errors
//! shown while the last good site stays. Slow lane: these wait on a file watcher and a
//! rebuild, so their timing depends on the machine.

use crate::util::Project;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `esgbook serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    log: std::sync::mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_esgbook"))
        .args(["serve", "--port", "0"])
        .arg(dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // From here on, a panic kills the child through Server's Drop.
    let mut server = Server {
        child,
        port: 0,
        log: rx,
    };
    let stderr = server.child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while server.port == 0 {
        let line = server
            .log
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve did not start");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            server.port = digits.parse().unwrap();
        }
    }
    server
}

/// Sends a raw request (so no client normalises the path) and returns status and body.
fn raw_get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_refuses_paths_outside_the_build_dir() {
    let report = Project::fixture("small-site");
    let server = serve(report.path());
    assert_eq!(raw_get(server.port, "/").0, 200);
    assert_eq!(raw_get(server.port, "/one.html").0, 200);
    assert_eq!(raw_get(server.port, "/img/chart.svg").0, 200);
    #[cfg(unix)]
    std::os::unix::fs::symlink(report.path(), report.join("book/escape")).unwrap();
    for target in [
        "/../book.toml",
        "/../../etc/passwd",
        "/%2e%2e/book.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fbook.toml",
        "/sub/..%2f..%2fbook.toml",
        "/..\\book.toml",
        "/..%5cbook.toml",
        "/%00",
        "/escape/book.toml",
        "/escape/content/one.md",
        "/nope.html",
    ] {
        let (status, body) = raw_get(server.port, target);
        assert_eq!(status, 404, "{target} answered {status}");
        assert!(
            !body.contains("[book]") && !body.contains("hkex: ["),
            "{target} leaked a source file"
        );
    }
}

fn version(port: u16) -> serde_json::Value {
    serde_json::from_str(&raw_get(port, "/__esgbook/version").1).unwrap()
}

fn wait_for(server: &Server, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        if Instant::now() > deadline {
            let log: Vec<String> = server.log.try_iter().collect();
            panic!(
                "timed out waiting for {what}; serve said:\n{}",
                log.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_edit_and_keeps_the_last_good_site_on_errors() {
    let report = Project::fixture("small-site");
    let server = serve(report.path());
    let first = version(server.port)["version"].as_u64().unwrap();
    let (status, page) = raw_get(server.port, "/two.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__esgbook/reload.js"),
        "the reload script is injected"
    );
    assert!(
        !report.read("book/two.html").contains("__esgbook"),
        "but never written to the site"
    );

    report.write(
        "content/two.md",
        "---\ntitle: Two\nhkex: [MDR-PRIN]\n---\n\n## Targets\n\nFreshly edited paragraph.\n",
    );
    wait_for(&server, "the rebuild", || {
        version(server.port)["version"].as_u64() > Some(first)
    });
    assert!(
        raw_get(server.port, "/two.html")
            .1
            .contains("Freshly edited paragraph.")
    );
    let good = version(server.port)["version"].as_u64().unwrap();

    // Bad input: errors reach the browser, the last good site stays served.
    report.write(
        "content/two.md",
        "---\ntitle: Two\nhkex: [NOPE-1]\n---\n\nBroken [link](missing.md).\n",
    );
    wait_for(&server, "the error", || {
        !version(server.port)["errors"].is_null()
    });
    let state = version(server.port);
    assert_eq!(state["version"].as_u64(), Some(good));
    let errors = state["errors"].as_str().unwrap();
    assert!(errors.contains("content/two.md"), "{errors}");
    let (status, page) = raw_get(server.port, "/two.html");
    assert_eq!(status, 200);
    assert!(page.contains("Freshly edited paragraph."));

    // Fixing it clears the error and rebuilds.
    report.write(
        "content/two.md",
        "---\ntitle: Two\n---\n\n## Targets\n\nFixed.\n",
    );
    wait_for(&server, "the fix", || {
        version(server.port)["errors"].is_null()
    });
    assert!(raw_get(server.port, "/two.html").1.contains("Fixed."));

    // A new title reaches the shared navigation and the neighbours' pager.
    report.write(
        "content/sub/nested.md",
        "---\ntitle: Nested, renamed\n---\n\nBack to [one](../one.md#custom-id).\n",
    );
    wait_for(&server, "the new title", || {
        raw_get(server.port, "/toc.js")
            .1
            .contains("Nested, renamed")
    });
    assert!(
        raw_get(server.port, "/one.html")
            .1
            .contains("Nested, renamed")
    );
}
