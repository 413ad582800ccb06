//! The report site through the real binary: links and anchors of the built sample resolve,
//! front matter is escaped, a failed build keeps the old site, `init`, and `serve`
//! (path traversal refused, live reload, errors shown while the last good site stays).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_esgbook");

fn esgbook(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run esgbook")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(root: &Path, path: &str, content: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A small report: two chapters, a nested section, an image, Chinese text.
fn small_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "book.toml",
        "[book]\ntitle = \"Test Report\"\nauthors = [\"Test Co\"]\n\n[esg]\nhkex = \"hkex-esg-2025\"\nperiod-start = 2025-01-01\n",
    );
    write(
        root,
        "content/SUMMARY.md",
        "# Summary\n\n- [One](one.md)\n    - [Nested](sub/nested.md)\n- [Two](two.md)\n",
    );
    write(
        root,
        "content/one.md",
        "---\ntitle: One\nhkex: [MDR-GOV, A1]\n---\n\n# One\n\n## Same\n\ntext\n\n## Same\n\n## Custom {#custom-id}\n\n## 董事會聲明\n\n\
         See [two](two.md#targets), [nested](sub/nested.md) and [here](#same-1).\n\n![chart](img/chart.svg)\n",
    );
    write(
        root,
        "content/sub/nested.md",
        "---\ntitle: Nested\n---\n\nBack to [one](../one.md#custom-id); see the [index row](../hkex.html#item-mdr-gov).\n",
    );
    write(
        root,
        "content/two.md",
        "---\ntitle: Two\nhkex: [MDR-PRIN]\n---\n\n## Targets\n\nScope 1 emissions fell.[^a]\n\n[^a]: A note.\n",
    );
    write(
        root,
        "content/img/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    dir
}

/// Copies the repository's sample report (book.toml + content/) to a temporary folder.
fn sample_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("book.toml"), dir.path().join("book.toml")).unwrap();
    for entry in walkdir::WalkDir::new(repo.join("content")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(repo).unwrap();
        let target = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Values of `name="…"` attributes in an HTML text.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Checks every internal `href`/`src` of every page, and the URLs in toc.js and the search
/// index: the file exists and, for `#fragment`s, the page has that id.
fn assert_links_resolve(site: &Path) {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut ids_of = |file: &Path| -> HashSet<String> {
        ids.entry(file.to_path_buf())
            .or_insert_with(|| {
                attributes(&std::fs::read_to_string(file).unwrap_or_default(), "id")
                    .into_iter()
                    .collect()
            })
            .clone()
    };
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut check = |page: &Path, base: &Path, link: &str, problems: &mut Vec<String>| {
        if link.contains("://")
            || link.starts_with("mailto:")
            || link.starts_with("data:")
            || link.starts_with("//")
        {
            return;
        }
        let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
        let path = percent_decode(path.split('?').next().unwrap_or(""));
        let target = if path.is_empty() {
            page.to_path_buf()
        } else if let Some(absolute) = path.strip_prefix('/') {
            site.join(absolute)
        } else {
            base.join(&path)
        };
        let target = if target.is_dir() {
            target.join("index.html")
        } else {
            target
        };
        checked += 1;
        if !target.is_file() {
            problems.push(format!("{}: `{link}`: no such file", page.display()));
        } else if !fragment.is_empty() && !ids_of(&target).contains(&percent_decode(fragment)) {
            problems.push(format!("{}: `{link}`: no id `{fragment}`", page.display()));
        }
    };
    for (rel, bytes) in files(site) {
        let page = site.join(&rel);
        let base = page.parent().unwrap().to_path_buf();
        if rel.extension().is_some_and(|e| e == "html") {
            let html = text(&bytes);
            for link in attributes(&html, "href")
                .into_iter()
                .chain(attributes(&html, "src"))
            {
                check(&page, &base, &link, &mut problems);
            }
        }
    }
    let toc = std::fs::read_to_string(site.join("toc.js")).unwrap();
    let json = toc
        .strip_prefix("var ESGBOOK_TOC = ")
        .and_then(|t| t.split_once(";\n"))
        .unwrap()
        .0;
    let nav: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    let search: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("search-index.json")).unwrap()).unwrap();
    let urls = nav.iter().filter_map(|e| e["url"].as_str()).chain(
        search["docs"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["u"].as_str()),
    );
    let index = site.join("index.html");
    for url in urls.map(str::to_string).collect::<Vec<_>>() {
        check(&index, site, &url, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} broken links:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn every_link_and_anchor_of_the_sample_site_resolves() {
    let report = sample_report();
    let out = esgbook(&["build"], report.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = report.path().join("book");
    for page in [
        "index.html",
        "hkex.html",
        "gri.html",
        "coverage.html",
        "print.html",
        "toc.html",
        "search.html",
        "404.html",
        "toc.js",
        "search-index.json",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    assert_links_resolve(&site);
    // Per-page size does not grow with the table of contents.
    let section = std::fs::read_to_string(site.join("governance/board-statement.html")).unwrap();
    assert!(
        !section.contains("Training and Development"),
        "the TOC must not be written into every page"
    );
    // The print page's links stay inside it.
    let print = std::fs::read_to_string(site.join("print.html")).unwrap();
    let outside: Vec<String> = attributes(&print, "href")
        .into_iter()
        .filter(|l| l.ends_with(".html") || l.contains(".html#"))
        .filter(|l| {
            ![
                "index.html",
                "toc.html",
                "hkex.html",
                "gri.html",
                "coverage.html",
                "print.html",
                "search.html",
            ]
            .iter()
            .any(|p| l.ends_with(p))
        })
        .collect();
    assert!(
        outside.is_empty(),
        "print.html links to section pages: {outside:?}"
    );
}

#[test]
fn small_report_renders_ids_links_and_search() {
    let report = small_report();
    let out = esgbook(&["build"], report.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = report.path().join("book");
    assert_links_resolve(&site);
    let one = std::fs::read_to_string(site.join("one.html")).unwrap();
    for id in [
        "id=\"same\"",
        "id=\"same-1\"",
        "id=\"custom-id\"",
        "id=\"董事會聲明\"",
    ] {
        assert!(one.contains(id), "{id} missing");
    }
    assert!(one.contains("href=\"two.html#targets\""));
    assert!(one.contains("href=\"sub/nested.html\""));
    assert!(
        one.contains("href=\"hkex.html#item-mdr-gov\""),
        "Disclosures addressed links to the index row"
    );
    assert!(one.contains("rel=\"next\""));
    let hkex = std::fs::read_to_string(site.join("hkex.html")).unwrap();
    assert!(hkex.contains("id=\"item-mdr-gov\""));
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("search-index.json")).unwrap()).unwrap();
    // Each document lists its terms flat: ["term", weight, …].
    let has_term = |term: &str| {
        index["docs"].as_array().unwrap().iter().any(|doc| {
            doc["k"]
                .as_array()
                .unwrap()
                .chunks(2)
                .any(|pair| pair[0] == term && pair[1].as_u64().is_some_and(|w| w > 0))
        })
    };
    assert!(has_term("emissions"));
    assert!(has_term("董事"), "Chinese is indexed by bigrams");
    assert!(site.join("img/chart.svg").is_file(), "assets are copied");
}

#[test]
fn front_matter_strings_are_escaped() {
    let report = small_report();
    write(
        report.path(),
        "content/two.md",
        "---\ntitle: <script>alert(1)</script>\ndescription: '\"quoted\" & <b>bold</b>'\n---\n\n## Targets\n\nBody.\n",
    );
    let out = esgbook(&["build"], report.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (rel, bytes) in files(&report.path().join("book")) {
        let content = text(&bytes);
        assert!(
            !content.contains("<script>alert(1)"),
            "{} holds the raw title",
            rel.display()
        );
        assert!(
            !content.contains("<b>bold</b>"),
            "{} holds the raw description",
            rel.display()
        );
    }
    let two = std::fs::read_to_string(report.path().join("book/two.html")).unwrap();
    assert!(
        two.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the title renders as text"
    );
    assert!(two.contains("&quot;quoted&quot; &amp; &lt;b&gt;"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let report = small_report();
    assert!(esgbook(&["build"], report.path()).status.success());
    let site = report.path().join("book");
    let before = files(&site);
    // A broken link and a missing anchor: both errors, with file and line.
    write(
        report.path(),
        "content/sub/nested.md",
        "---\ntitle: Nested\n---\n\n[gone](../gone.md)\n\n[anchor](../two.md#nowhere)\n",
    );
    let out = esgbook(&["build"], report.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("content/sub/nested.md:5"), "{stderr}");
    assert!(
        stderr.contains("content/sub/nested.md:7") && stderr.contains("nowhere"),
        "{stderr}"
    );
    assert_eq!(
        before,
        files(&site),
        "the old site must be byte-for-byte intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(report.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".book"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

#[test]
fn build_dir_that_would_delete_sources_is_refused() {
    let report = small_report();
    let toml = std::fs::read_to_string(report.path().join("book.toml")).unwrap();
    write(
        report.path(),
        "book.toml",
        &format!("{toml}\n[build]\nbuild-dir = \"content\"\n"),
    );
    let out = esgbook(&["build"], report.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(report.path().join("content/SUMMARY.md").is_file());
}

#[test]
fn init_scaffolds_a_report_with_one_gap_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report");
    let out = Command::new(BIN).arg("init").arg(&target).output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let build = Command::new(BIN)
        .arg("build")
        .arg(&target)
        .output()
        .unwrap();
    assert!(build.status.success(), "{}", text(&build.stderr));
    assert!(target.join("book/index.html").is_file());
    let check = Command::new(BIN)
        .arg("check")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    assert!(text(&check.stdout).contains("B8.2"));
    // A second init refuses and changes nothing.
    write(&target, "content/about.md", "mine");
    let again = Command::new(BIN).arg("init").arg(&target).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("already exist"));
    assert_eq!(
        std::fs::read_to_string(target.join("content/about.md")).unwrap(),
        "mine"
    );
}

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
    let child = Command::new(BIN)
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
    let response = text(&response);
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
    let report = small_report();
    let server = serve(report.path());
    assert_eq!(raw_get(server.port, "/").0, 200);
    assert_eq!(raw_get(server.port, "/one.html").0, 200);
    assert_eq!(raw_get(server.port, "/img/chart.svg").0, 200);
    #[cfg(unix)]
    std::os::unix::fs::symlink(report.path(), report.path().join("book/escape")).unwrap();
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
    let report = small_report();
    let server = serve(report.path());
    let first = version(server.port)["version"].as_u64().unwrap();
    let (status, page) = raw_get(server.port, "/two.html");
    assert_eq!(status, 200);
    assert!(
        page.contains("/__esgbook/reload.js"),
        "the reload script is injected"
    );
    assert!(
        !std::fs::read_to_string(report.path().join("book/two.html"))
            .unwrap()
            .contains("__esgbook"),
        "but never written to the site"
    );

    write(
        report.path(),
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
    write(
        report.path(),
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
    write(
        report.path(),
        "content/two.md",
        "---\ntitle: Two\n---\n\n## Targets\n\nFixed.\n",
    );
    wait_for(&server, "the fix", || {
        version(server.port)["errors"].is_null()
    });
    assert!(raw_get(server.port, "/two.html").1.contains("Fixed."));

    // A new title reaches the shared navigation and the neighbours' pager.
    write(
        report.path(),
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

#[test]
fn a_report_overrides_templates_file_by_file() {
    let report = small_report();
    write(
        report.path(),
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"house-style\">{{ title }}</p>{{ body | safe }}{% endblock content %}",
    );
    write(
        report.path(),
        "templates/esgbook.css",
        "body { color: black; }",
    );
    let out = esgbook(&["build"], report.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let site = report.path().join("book");
    assert!(
        std::fs::read_to_string(site.join("one.html"))
            .unwrap()
            .contains("<p class=\"house-style\">One</p>")
    );
    assert_eq!(
        std::fs::read_to_string(site.join("esgbook.css")).unwrap(),
        "body { color: black; }"
    );
    // The other templates are still the defaults.
    assert!(
        std::fs::read_to_string(site.join("hkex.html"))
            .unwrap()
            .contains("id=\"item-mdr-gov\"")
    );

    write(report.path(), "templates/section.html", "{% if %}");
    let out = esgbook(&["build"], report.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("template"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_link_to_a_missing_index_row_is_an_error() {
    let report = small_report();
    write(
        report.path(),
        "content/two.md",
        "---\ntitle: Two\n---\n\n## Targets\n\nSee [the row](hkex.html#item-nope).\n",
    );
    let out = esgbook(&["build"], report.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("content/two.md:7") && stderr.contains("item-nope"),
        "{stderr}"
    );
}
