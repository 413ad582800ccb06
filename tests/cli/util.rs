//! Test helpers shared by both lanes (the slow lane includes this file with `#[path]`):
//! temporary report projects, fixture copies, runs of the real binary and assertions on
//! what a run printed.
//!
//! Tests go through the binary so that internal renames in `src/` do not break them; the
//! library is used only for catalog data (`catalog_ids`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A report project in a temporary folder.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty project folder.
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A project with `book.toml` and the given files under `content/`.
    pub fn with(book_toml: &str, files: &[(&str, &str)]) -> Project {
        let project = Project::new();
        project.write("book.toml", book_toml);
        for (path, text) in files {
            project.write(&format!("content/{path}"), text);
        }
        project
    }

    /// A copy of `tests/fixtures/CASE/` (its `book.toml`, `content/` and `data/`; `expected/` stays
    /// behind), so a test may build or write into it freely.
    pub fn fixture(case: &str) -> Project {
        Project::copy_of(&fixture_dir(case))
    }

    /// A copy of the sample report at the repository root (`book.toml`, `content/`, `data/`), so a
    /// build never touches the work tree's `book/`.
    pub fn sample() -> Project {
        Project::copy_of(&repo_root())
    }

    fn copy_of(root: &Path) -> Project {
        let project = Project::new();
        std::fs::copy(root.join("book.toml"), project.path().join("book.toml"))
            .unwrap_or_else(|e| panic!("{}/book.toml: {e}", root.display()));
        copy_dir(&root.join("content"), &project.path().join("content"));
        if root.join("data").is_dir() {
            copy_dir(&root.join("data"), &project.path().join("data"));
        }
        project
    }

    /// Writes a file, text or raw bytes (creating folders).
    pub fn write(&self, path: &str, bytes: impl AsRef<[u8]>) -> &Project {
        let full = self.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    /// Reads a file of the project as text.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// Deletes a file of the project.
    pub fn remove(&self, path: &str) -> &Project {
        std::fs::remove_file(self.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        self
    }

    /// A path inside the project.
    pub fn join(&self, path: &str) -> PathBuf {
        self.dir.path().join(path)
    }

    /// The project root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `esgbook SUBCOMMAND DIR REST…` in the project folder.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Runs `esgbook export --framework FRAMEWORK --format FORMAT`, which must succeed.
    pub fn export(&self, framework: &str, format: &str) -> Run {
        let run = self.run(&["export", "--framework", framework, "--format", format]);
        run.expect_code(0);
        run
    }

    /// The status of one row of a framework's JSON export.
    pub fn status(&self, framework: &str, id: &str) -> String {
        let json = self.export(framework, "json").json();
        let row = json["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no row {id}"));
        row["status"].as_str().expect("status").to_string()
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// Runs `esgbook SUBCOMMAND DIR REST…` with DIR as the working folder too, so a relative
/// `-o` lands inside it.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_esgbook"));
    command
        .arg(args[0])
        .arg(dir)
        .args(&args[1..])
        .current_dir(dir);
    Run::from(command.output().expect("run esgbook"))
}

/// Runs `esgbook ARGS…` as given (for commands that take no project folder).
pub fn esgbook(args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_esgbook"))
            .args(args)
            .output()
            .expect("run esgbook"),
    )
}

/// The repository root (where the sample report lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/CASE`.
pub fn fixture_dir(case: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(case)
}

/// A finished run.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard output bytes.
    pub stdout_bytes: Vec<u8>,
    /// Standard error.
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stdout_bytes: output.stdout,
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts the exit status is 2 (bad input).
    #[track_caller]
    pub fn fails(&self) -> &Run {
        self.expect_code(2)
    }

    /// Asserts the run reported no error (the exit status may be 1: coverage gaps).
    #[track_caller]
    pub fn works(&self) -> &Run {
        assert!(
            self.code == 0 || self.code == 1,
            "expected exit 0 or 1, got {}; stderr:\n{}",
            self.code,
            self.stderr
        );
        assert!(
            !self.stderr.contains("error:"),
            "unexpected error:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts no warning was printed either.
    #[track_caller]
    pub fn quietly(&self) -> &Run {
        assert!(
            !self.stderr.contains("warning:"),
            "unexpected warning:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that stderr holds `expected` (one or more whole, consecutive lines) exactly.
    #[track_caller]
    pub fn says(&self, expected: &str) -> &Run {
        let lines: Vec<&str> = self.stderr.lines().collect();
        let wanted: Vec<&str> = expected.lines().collect();
        let found = lines.windows(wanted.len()).any(|w| w == wanted.as_slice());
        assert!(
            found,
            "expected on stderr:\n{expected}\n--- but stderr was:\n{}",
            self.stderr
        );
        self
    }

    /// The stderr lines that start with `error:`.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect()
    }

    /// Parses stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Front matter + heading for a section tagging `hkex` and `gri` codes.
pub fn section(title: &str, hkex: &[&str], gri: &[&str]) -> String {
    let quote = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "---\ntitle: {title}\nhkex: [{}]\ngri: [{}]\n---\n\n# {title}\n\nText.\n",
        quote(hkex),
        quote(gri)
    )
}

/// Ids of a catalog, from the library (the same data the binary embeds).
pub fn catalog_ids(id: &str) -> Vec<String> {
    esgbook::catalog::embedded::get(id)
        .expect("catalog")
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect()
}

/// Replays the corpus of a fuzz target (`fuzz/corpus/TARGET`, kept in the repository):
/// catches a regression on any input the fuzzer once found interesting. With `sample`, only
/// the named inputs (`seed-*`, `regression-*`) plus an evenly spread sample of that many
/// others are replayed; `None` replays everything (the slow lane).
pub fn replay(target: &str, run: fn(&[u8]), sample: Option<usize>) {
    let folder = repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let named = |p: &PathBuf| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        name.starts_with("seed-") || name.starts_with("regression-")
    };
    if let Some(sample) = sample {
        let others = files.iter().filter(|p| !named(p)).count();
        let stride = others.div_ceil(sample.max(1)).max(1);
        let mut index = 0;
        files.retain(|p| {
            if named(p) {
                return true;
            }
            index += 1;
            (index - 1) % stride == 0
        });
    }
    assert!(
        files.iter().any(|p| !named(p)) && files.iter().any(named),
        "no corpus (or no seeds) in {}",
        folder.display()
    );
    for path in files {
        // (A fuzzer running meanwhile may replace files.)
        let Ok(data) = std::fs::read(&path) else {
            continue;
        };
        let result = std::panic::catch_unwind(|| run(&data));
        assert!(result.is_ok(), "{target}: {} fails", path.display());
    }
}
