//! Writing the site safely: into a temporary sibling folder, then swapped in with renames,
//! so the build directory always holds a complete site, old or new.

use crate::Project;
use crate::config::CONFIG_FILE;
use crate::diag::{Code, Diagnostics};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
            Code::BuildDirRefused
                .error(
                    CONFIG_FILE,
                    None,
                    format!(
                        "build-dir `{shown}` {problem}; building there would delete your sources"
                    ),
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

/// A fresh temporary folder beside the build dir that a build writes into; [`Staging::finish`]
/// swaps it in. Dropped unfinished (a failed build), it is removed, so nothing half-built
/// is left behind.
pub struct Staging {
    dir: PathBuf,
    build_dir: PathBuf,
    parent: PathBuf,
    name: String,
    finished: bool,
}

impl Staging {
    /// Creates the temporary folder next to `build_dir` (removing folders that a killed build
    /// left there).
    pub fn new(build_dir: &Path) -> io::Result<Staging> {
        let parent = match build_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = build_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "book".into());
        remove_leftovers(&parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(&parent)?
            .keep();
        Ok(Staging {
            dir,
            build_dir: build_dir.to_path_buf(),
            parent,
            name,
            finished: false,
        })
    }

    /// Writes one file (`rel` is a path the renderer made, relative to the site root).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        match std::fs::write(&path, bytes) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, bytes)
            }
            other => other,
        }
    }

    /// Writes pages in parallel.
    pub fn write_pages(&self, pages: &[Page]) -> io::Result<()> {
        pages
            .par_iter()
            .try_for_each(|page| self.write(&page.path, page.bytes.as_slice()))
    }

    /// Copies an edition's assets under `prefix` (empty for the primary edition), each
    /// from the first of `src_dirs` that has it.
    pub fn copy_assets(
        &self,
        prefix: &str,
        src_dirs: &[PathBuf],
        assets: &[String],
    ) -> io::Result<()> {
        assets.par_iter().try_for_each(|asset| {
            let target = self.dir.join(format!("{prefix}{asset}"));
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let source = src_dirs
                .iter()
                .map(|dir| dir.join(asset))
                .find(|path| path.is_file())
                .unwrap_or_else(|| src_dirs[0].join(asset));
            std::fs::copy(source, &target).map(|_| ())
        })
    }

    /// Copies the report's assets, then replaces the build dir with the staged site.
    pub fn finish(self, src_dir: &Path, assets: &[String]) -> io::Result<()> {
        self.copy_assets("", &[src_dir.to_path_buf()], assets)?;
        self.swap()
    }

    /// Replaces the build dir with the staged site.
    pub fn swap(mut self) -> io::Result<()> {
        // tempdir() makes the folder private to its owner; a published site must be readable.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
        }
        self.finished = true;
        swap_in(&self.dir, &self.build_dir, &self.parent, &self.name)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes pages and copies assets into a fresh temporary folder next to `build_dir`, then
/// replaces `build_dir` with it.
pub fn write_site(
    build_dir: &Path,
    src_dir: &Path,
    assets: &[String],
    pages: &[Page],
) -> io::Result<()> {
    let staging = Staging::new(build_dir)?;
    staging.write_pages(pages)?;
    staging.finish(src_dir, assets)
}

/// Removes staging and old-site folders that a killed build left beside the build dir. Only
/// names this module creates (`.NAME.new-*`, `.NAME.old-*`) are touched.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let new_prefix = format!(".{name}.new-");
    let old_prefix = format!(".{name}.old-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && (file_name.starts_with(&new_prefix) || file_name.starts_with(&old_prefix)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Swaps two paths in one atomic step (Linux `renameat2(RENAME_EXCHANGE)`), so there is no
/// moment at which the build dir is missing.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

fn swap_in(staging: &Path, build_dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if build_dir.is_dir() && exchange(staging, build_dir).is_ok() {
        // `staging` now holds the previous site.
        return std::fs::remove_dir_all(staging);
    }
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

/// What `serve` last wrote into the build dir: a hash per page and the source stamp per
/// asset, so a rebuild writes only what changed.
#[derive(Debug, Default)]
pub struct Written {
    /// Page path → the bytes last written (kept, so an unchanged page shared with the
    /// render cache is recognised by pointer without hashing it) and their hash.
    pages: HashMap<String, (Arc<Vec<u8>>, u64)>,
    assets: HashMap<String, (u64, Option<std::time::SystemTime>)>,
}

impl Written {
    /// Records a complete site just written by [`write_site`].
    pub fn record(pages: &[Page], src_dir: &Path, assets: &[String]) -> Written {
        Written {
            pages: pages
                .iter()
                .map(|p| {
                    (
                        p.path.clone(),
                        (p.bytes.clone(), hash_bytes(p.bytes.as_slice())),
                    )
                })
                .collect(),
            assets: assets
                .iter()
                .map(|a| (a.clone(), stamp(&src_dir.join(a))))
                .collect(),
        }
    }
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    use std::hash::Hash;
    crate::text::hash_of(|h| bytes.hash(h))
}

fn stamp(path: &Path) -> (u64, Option<std::time::SystemTime>) {
    match std::fs::metadata(path) {
        Ok(m) => (m.len(), m.modified().ok()),
        Err(_) => (0, None),
    }
}

/// Updates a build dir in place: writes the pages and assets that changed since `written`
/// (each through a temporary file and a rename, so a reader never sees half a page) and
/// removes the files an earlier build wrote that this one does not produce. Touches
/// nothing but paths it produced itself, all inside `build_dir`. Returns how many files
/// were written.
pub fn write_changed(
    build_dir: &Path,
    src_dir: &Path,
    assets: &[String],
    pages: &[Page],
    written: &mut Written,
) -> io::Result<usize> {
    let mut count = 0;
    let mut next = Written::default();
    for page in pages {
        let previous = written.pages.get(&page.path);
        let hash = match previous {
            Some((bytes, hash)) if Arc::ptr_eq(bytes, &page.bytes) => *hash,
            _ => hash_bytes(page.bytes.as_slice()),
        };
        if previous.map(|(_, h)| *h) != Some(hash) {
            replace_file(build_dir, &page.path, |tmp| {
                std::fs::write(tmp, page.bytes.as_slice())
            })?;
            count += 1;
        }
        next.pages
            .insert(page.path.clone(), (page.bytes.clone(), hash));
    }
    for asset in assets {
        let source = src_dir.join(asset);
        let now = stamp(&source);
        if written.assets.get(asset) != Some(&now) {
            replace_file(build_dir, asset, |tmp| {
                std::fs::copy(&source, tmp).map(|_| ())
            })?;
            count += 1;
        }
        next.assets.insert(asset.clone(), now);
    }
    let stale = written
        .pages
        .keys()
        .chain(written.assets.keys())
        .filter(|p| !next.pages.contains_key(*p) && !next.assets.contains_key(*p));
    for path in stale {
        if is_plain_relative(path) {
            let _ = std::fs::remove_file(build_dir.join(path));
        }
    }
    *written = next;
    Ok(count)
}

/// A `/`-separated relative path with no `..`, `.` or empty parts (what the renderer makes).
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != "..")
}

fn replace_file(
    build_dir: &Path,
    rel: &str,
    fill: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    if !is_plain_relative(rel) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write `{rel}`"),
        ));
    }
    let target = build_dir.join(rel);
    let dir = target.parent().unwrap_or(build_dir);
    std::fs::create_dir_all(dir)?;
    // A plain file (not `tempfile`, which would make it private to the owner) beside the
    // target, renamed over it.
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.esgbook-tmp"));
    if let Err(err) = fill(&tmp).and_then(|()| std::fs::rename(&tmp, &target)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(err);
    }
    Ok(())
}
