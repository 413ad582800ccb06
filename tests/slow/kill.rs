//! Nothing lost: `esgbook build` is killed with SIGKILL at random moments, and after every
//! kill the build dir must hold a complete site, the previous one or the new one, byte for
//! byte; nothing outside the build dir may have changed (besides the builder's own hidden
//! staging folders, which a kill can leave behind).
//!
//! Half the kills land at a random moment 0–150 ms after the start (loading and rendering);
//! the other half wait until the builder starts writing its staging folder and kill it at
//! a random moment of the write and swap, where a careless builder would lose the site.
//! `ESGBOOK_KILL_SEED` replays a run; the seed is printed on failure.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECTIONS: usize = 300;
const ITERATIONS: usize = 30;
const BUILD_DIR: &str = "book";

/// A small deterministic generator (xorshift64*), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// Writes a report of `SECTIONS` sections; `version` changes every page's text.
fn write_report(root: &Path, version: u32) {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("book.toml"),
        "[book]\ntitle = \"Kill test report\"\n[build]\nbuild-dir = \"book\"\n[esg]\nhkex = \"hkex-esg-2020\"\n",
    )
    .unwrap();
    let codes = [
        "A1", "A1.1", "A2", "A3", "B1", "B1.1", "B2", "B3", "B4", "B5", "B6", "B7", "B8",
    ];
    let mut summary = String::from("# Summary\n\n");
    for chapter in 0..SECTIONS / 10 {
        let folder = content.join(format!("ch{chapter:02}"));
        std::fs::create_dir_all(&folder).unwrap();
        for section in 0..10 {
            let n = chapter * 10 + section;
            let indent = if section == 0 { "" } else { "    " };
            summary.push_str(&format!(
                "{indent}- [Section {n}](ch{chapter:02}/s{section}.md)\n"
            ));
            let text = format!(
                "---\ntitle: Section {n}, version {version}\nhkex: [{}]\n---\n\n# Section {n}\n\nVersion {version} of section {n}. \
                 Our plants measure *emissions* monthly and report them to the board.\n\n| KPI | 2025 |\n|---|---|\n| Energy | {n} MWh |\n",
                codes[n % codes.len()]
            );
            std::fs::write(folder.join(format!("s{section}.md")), text).unwrap();
        }
    }
    std::fs::write(content.join("SUMMARY.md"), summary).unwrap();
}

/// Path → hash of every file under `dir` (empty when `dir` does not exist).
fn manifest(dir: &Path, skip: &dyn Fn(&Path) -> bool) -> BTreeMap<PathBuf, u64> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if skip(&relative) {
                continue;
            }
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else {
                let mut hasher = DefaultHasher::new();
                std::fs::read(&path).unwrap().hash(&mut hasher);
                out.insert(relative, hasher.finish());
            }
        }
    }
    out
}

/// Names of the builder's hidden staging folders next to the build dir.
fn staging_folders(root: &Path) -> BTreeSet<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{BUILD_DIR}.")))
        .collect()
}

/// Everything in the project except the build dir and the staging folders.
fn outside(root: &Path) -> BTreeMap<PathBuf, u64> {
    manifest(root, &|relative: &Path| {
        let first = relative
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        first == BUILD_DIR || first.starts_with(&format!(".{BUILD_DIR}."))
    })
}

fn site(root: &Path) -> BTreeMap<PathBuf, u64> {
    manifest(&root.join(BUILD_DIR), &|_: &Path| false)
}

fn build(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_esgbook"));
    command
        .arg("build")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// Waits for a build to create a new staging folder (its write has begun); false when the
/// process ended first.
fn wait_for_staging(
    root: &Path,
    known: &BTreeSet<String>,
    child: &mut std::process::Child,
) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if staging_folders(root).difference(known).next().is_some() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

/// Builds to the end; returns the site and how long the write and swap took.
fn full_build(root: &Path) -> (BTreeMap<PathBuf, u64>, Duration) {
    let known = staging_folders(root);
    let mut child = build(root).spawn().unwrap();
    wait_for_staging(root, &known, &mut child);
    let writing = Instant::now();
    let status = child.wait().unwrap();
    assert!(status.success(), "a plain build failed");
    (site(root), writing.elapsed())
}

#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one() {
    let seed = std::env::var("ESGBOOK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();

    // The two complete sites every state must be one of.
    write_report(root, 0);
    let (sites0, _) = full_build(root);
    write_report(root, 1);
    let (sites1, writing) = full_build(root);
    assert_ne!(sites0, sites1);
    assert!(sites0.len() > SECTIONS, "{} files", sites0.len());
    let sites = [sites0, sites1];

    let mut current = 1usize;
    let mut kills_while_writing = 0;
    let mut outcomes = [0usize; 2]; // [old site kept, new site in place]
    for iteration in 0..ITERATIONS {
        let next = 1 - current;
        write_report(root, next as u32);
        let before = outside(root);
        let known = staging_folders(root);
        let mut child = build(root).spawn().unwrap();
        let started = Instant::now();
        if iteration % 2 == 0 {
            std::thread::sleep(Duration::from_millis(rng.below(150)));
        } else {
            // Wait until the write has begun, then kill within the write and swap.
            wait_for_staging(root, &known, &mut child);
            let window = (writing.as_micros() as u64).max(1_000) * 5 / 4;
            std::thread::sleep(Duration::from_micros(rng.below(window)));
        }
        if staging_folders(root).difference(&known).next().is_some()
            && child.try_wait().unwrap().is_none()
        {
            kills_while_writing += 1;
        }
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();

        let after = site(root);
        let context = format!(
            "seed {seed}, iteration {iteration}, killed after {:?} ({status})",
            started.elapsed()
        );
        if after == sites[next] {
            current = next;
            outcomes[1] += 1;
        } else {
            outcomes[0] += 1;
            assert!(
                after == sites[current],
                "{context}: the build dir is neither the previous site nor the new one \
                 ({} files; previous {}, new {})",
                after.len(),
                sites[current].len(),
                sites[next].len()
            );
            assert!(
                !status.success(),
                "{context}: a finished build left the old site"
            );
        }
        assert_eq!(
            outside(root),
            before,
            "{context}: a file outside the build dir changed"
        );
    }
    eprintln!(
        "seed {seed}: {ITERATIONS} kills, {kills_while_writing} while writing; old site kept {} times, new site in place {} times",
        outcomes[0], outcomes[1]
    );
    assert!(
        kills_while_writing > 0,
        "no kill landed while the site was written"
    );

    // After all that, a plain build still works and gives the expected site.
    write_report(root, 0);
    let (last, _) = full_build(root);
    assert_eq!(last, sites[0]);
}
