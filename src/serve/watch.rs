//! The watching half of `esgbook serve`: a notify watcher on book.toml, the source folder
//! and templates/, and the sorting of a batch of changed paths into what a rebuild must
//! redo.

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What changed since the last build.
#[derive(Debug, Default)]
pub(super) struct Change {
    /// Reload everything (book.toml, SUMMARY.md, a file added or removed, or unknown).
    pub(super) full: bool,
    /// Recompile the templates.
    pub(super) templates: bool,
    /// Section files edited in place, relative to the source folder.
    pub(super) sections: Vec<String>,
    /// Other files under the source folder that exist now, relative to it.
    pub(super) assets: Vec<String>,
}

/// The watcher and the channel its change events arrive on.
type Watch = (
    notify::RecommendedWatcher,
    std::sync::mpsc::Receiver<Vec<PathBuf>>,
);

/// A running watcher, handing out batches of changes.
pub(super) struct Changes {
    /// Kept alive: dropping the watcher stops the events.
    _watcher: notify::RecommendedWatcher,
    rx: std::sync::mpsc::Receiver<Vec<PathBuf>>,
    root: PathBuf,
    src: PathBuf,
    templates: PathBuf,
}

impl Changes {
    /// Starts watching the project in `root` whose source folder is `src`.
    pub(super) fn start(root: &Path, src: &Path) -> Result<Changes, notify::Error> {
        let (watcher, rx) = start_watching(root, src)?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let src = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
        Ok(Changes {
            _watcher: watcher,
            rx,
            templates: root.join("templates"),
            root,
            src,
        })
    }

    /// Waits for the next batch of changes that matter, debounced, and returns what a
    /// rebuild must redo with the changed paths (relative to the root where possible).
    /// `None` once the watcher stops.
    pub(super) fn next(&self) -> Option<(Change, Vec<PathBuf>)> {
        loop {
            let first = self.rx.recv().ok()?;
            // Debounce: an editor's save is several events; wait until 100 ms pass quietly.
            let mut events = first;
            while let Ok(more) = self.rx.recv_timeout(Duration::from_millis(100)) {
                events.extend(more);
            }
            events.sort();
            events.dedup();
            let data = self.root.join(crate::data::DATA_DIR);
            let relevant = |p: &Path| {
                p.starts_with(&self.src)
                    || p.starts_with(&self.templates)
                    || p.starts_with(&data)
                    || (p.parent() == Some(self.root.as_path())
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
            let change = classify(&changed, &self.root, &self.src, &self.templates);
            let shown = changed
                .iter()
                .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
                .collect();
            return Some((change, shown));
        }
    }
}

/// Starts watching book.toml (through the root, without recursion), the source folder,
/// templates/ and data/. The build dir is never watched, so writing the site triggers no build.
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
    let data = root.join(crate::data::DATA_DIR);
    let mut targets = vec![
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (src.to_path_buf(), RecursiveMode::Recursive),
    ];
    for folder in [templates, data] {
        if folder.is_dir() {
            targets.push((folder, RecursiveMode::Recursive));
        }
    }
    for (path, mode) in &targets {
        if let Err(err) = watcher.watch(path, *mode) {
            eprintln!("warning: cannot watch {}: {err}", path.display());
        }
    }
    Ok((watcher, rx))
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
        } else if path.starts_with(root.join(crate::data::DATA_DIR)) {
            // Key performance data: the whole report is reloaded (checks span every file);
            // the render cache keeps each section whose shown metrics did not change.
            change.full = true;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_into_what_a_rebuild_redoes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let src = root.join("content");
        let templates = root.join("templates");
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.md"), "# A").unwrap();
        std::fs::write(src.join("logo.svg"), "<svg/>").unwrap();
        std::fs::write(root.join("data/env.csv"), "metric,period,value\n").unwrap();
        let section = src.join("a.md");
        let asset = src.join("logo.svg");
        let data = root.join("data/env.csv");
        let page = templates.join("base.html");

        let change = classify(&[&section, &asset], root, &src, &templates);
        assert_eq!((change.full, change.templates), (false, false));
        assert_eq!(change.sections, ["a.md"]);
        assert_eq!(change.assets, ["logo.svg"]);

        // A data file reloads the report: its checks span every file.
        assert!(classify(&[&data], root, &src, &templates).full);
        let change = classify(&[&page], root, &src, &templates);
        assert_eq!((change.full, change.templates), (false, true));
    }
}
