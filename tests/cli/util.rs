//! Test helpers: temporary report projects and runs of the real binary.

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

    /// Writes a file (creating folders).
    pub fn write(&self, path: &str, text: &str) -> &Project {
        self.write_bytes(path, text.as_bytes())
    }

    /// Writes raw bytes.
    pub fn write_bytes(&self, path: &str, bytes: &[u8]) -> &Project {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
        self
    }

    /// The project root.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `esgbook ARGS DIR` (the project folder last, after the subcommand args).
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// Runs `esgbook SUBCOMMAND DIR REST…`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_esgbook"));
    command.arg(args[0]).arg(dir).args(&args[1..]);
    Run::from(command.output().expect("run esgbook"))
}

/// The repository root (where the sample report lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
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
