//! Writing the site safely: into a temporary sibling folder, then swapped in with renames,
//! so the build directory always holds a complete site, old or new.

use crate::Project;
use crate::config::CONFIG_FILE;
use crate::diag::{Diagnostic, Diagnostics};
use std::io;
use std::path::{Path, PathBuf};

use super::Page;

/// Refuses build directories that would destroy sources: the project root, the source
/// folder, a folder containing either, or a folder inside the source folder.
pub fn check_build_dir(project: &Project, diags: &mut Diagnostics) {
    let root = normalize(&project.root);
    let build = normalize(&project.root.join(&project.config.build.build_dir));
    let src = normalize(&project.root.join(&project.config.book.src));
    let shown = project.config.build.build_dir.display().to_string();
    let problem = if build == root || root.starts_with(&build) {
        Some("is the project folder or contains it")
    } else if build == src || src.starts_with(&build) {
        Some("is the source folder or contains it")
    } else if build.starts_with(&src) {
        Some("is inside the source folder")
    } else {
        None
    };
    if let Some(problem) = problem {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                None,
                format!("build-dir `{shown}` {problem}; building there would delete your sources"),
            )
            .with_help("set [build] build-dir = \"book\" (a folder of its own)"),
        );
    }
}

/// Resolves `.` and `..` without touching the file system (the build dir may not exist).
fn normalize(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve symlinks where the path exists, so a link to the content folder is caught.
    out.canonicalize().unwrap_or(out)
}

/// Writes pages and copies assets into a fresh temporary folder next to `build_dir`, then
/// replaces `build_dir` with it.
pub fn write_site(
    build_dir: &Path,
    src_dir: &Path,
    assets: &[String],
    pages: &[Page],
) -> io::Result<()> {
    let parent = match build_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = build_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "book".into());
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(&parent)?;
    for page in pages {
        let path = staging.path().join(&page.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &page.bytes)?;
    }
    for asset in assets {
        let target = staging.path().join(asset);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(src_dir.join(asset), &target)?;
    }
    let staging = staging.keep();
    swap_in(&staging, build_dir, &parent, &name)
}

fn swap_in(staging: &Path, build_dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if build_dir.exists() {
        // Move the old site aside first: a rename is atomic, a recursive delete is not.
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)?;
        let old_path = old.keep();
        std::fs::remove_dir(&old_path)?;
        std::fs::rename(build_dir, &old_path)?;
        if let Err(err) = std::fs::rename(staging, build_dir) {
            // Put the old site back so the build dir is never left empty.
            let _ = std::fs::rename(&old_path, build_dir);
            return Err(err);
        }
        std::fs::remove_dir_all(&old_path)?;
    } else {
        std::fs::rename(staging, build_dir)?;
    }
    Ok(())
}
