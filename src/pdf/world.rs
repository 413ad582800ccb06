//! The typst `World` esgbook compiles in: one generated source, the report's source folder
//! as the only place files are read from, and the fonts found on this machine.

use super::columns::Advances;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::layout::Abs;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{
    Font, FontBook, FontInstance, FontStretch, FontStyle, FontVariant, FontVariations, FontWeight,
};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;

/// The fonts typst can use: the report's `fonts/` folder first, then the system's, then
/// the ones built into typst (so a machine with no fonts still typesets Latin text).
pub struct Fonts {
    store: FontStore,
}

/// The fonts of the machine, scanned once per process (a scan reads every font file's
/// tables, which takes longer than typesetting a small report).
fn system_fonts() -> &'static Vec<(typst_kit::fonts::FontPath, typst::text::FontInfo)> {
    static SYSTEM: OnceLock<Vec<(typst_kit::fonts::FontPath, typst::text::FontInfo)>> =
        OnceLock::new();
    SYSTEM.get_or_init(|| typst_kit::fonts::system().collect())
}

impl Fonts {
    /// Finds the fonts for a report whose own fonts are in `dir` (when it exists).
    pub fn find(dir: &Path) -> Fonts {
        let mut store = FontStore::new();
        if dir.is_dir() {
            store.extend(typst_kit::fonts::scan(dir));
        }
        for (path, info) in system_fonts() {
            store.push((
                typst_kit::fonts::FontPath {
                    path: path.path.clone(),
                    index: path.index,
                },
                info.clone(),
            ));
        }
        store.extend(typst_kit::fonts::embedded());
        Fonts { store }
    }

    /// True when some font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let book = self.store.book();
        (0..)
            .map_while(|i| book.info(i))
            .any(|info| info.coverage.contains(c as u32))
    }

    /// The advance widths of the body font, Libertinus Serif (built into typst), regular and
    /// bold, for sizing table columns without laying their cells out.
    pub fn advances(&self) -> Advances {
        let book = self.store.book();
        let face = |weight| {
            let variant = FontVariant::new(FontStyle::Normal, weight, FontStretch::NORMAL);
            let font = book
                .select("libertinus serif", variant)
                .and_then(|i| self.store.font(i))?;
            Some(font.instantiate(variant, Abs::pt(10.0), &FontVariations::default()))
        };
        let advance = |font: &Option<FontInstance>, c: char| {
            let font = font.as_ref()?;
            let glyph = font.ttf().glyph_index(c)?;
            Some(font.to_em(font.ttf().glyph_hor_advance(glyph)?).get())
        };
        let (regular, bold) = (face(FontWeight::REGULAR), face(FontWeight::BOLD));
        Advances::new(|c| advance(&regular, c), |c| advance(&bold, c))
    }

    /// The families of all fonts, for choosing among preferred ones.
    pub fn has_family(&self, family: &str) -> bool {
        self.store.book().contains_family(&family.to_lowercase())
    }
}

/// One compilation: the generated main source and the report's files.
pub struct ReportWorld<'f> {
    library: LazyHash<Library>,
    fonts: &'f Fonts,
    main: Source,
    /// The edition's source folders, its own first (a translation then falls back to the
    /// primary's pictures): `/images/a.png` is `root/images/a.png` in the first that has it.
    roots: Vec<PathBuf>,
    /// `/esgbook-placed.json`: where each label was in the previous layout (see
    /// `super::Placed`).
    placed: Bytes,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

impl<'f> ReportWorld<'f> {
    /// A world whose main file is `source`, reading images from the first of `roots`
    /// that has them.
    pub fn new(source: String, roots: &[PathBuf], fonts: &'f Fonts) -> ReportWorld<'f> {
        let main_id = main_id();
        ReportWorld {
            library: LazyHash::new(Library::default()),
            fonts,
            main: Source::new(main_id, source),
            roots: roots.to_vec(),
            placed: Bytes::from_string("{}"),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// The same world with `json` as `/esgbook-placed.json` (`{}` unless set).
    pub fn with_placed(mut self, json: String) -> ReportWorld<'f> {
        self.placed = Bytes::from_string(json);
        self
    }

    /// The generated source, for mapping error spans back to sections.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

/// The id of the generated document.
pub fn main_id() -> FileId {
    generated_id("/esgbook-report.typ")
}

/// The id of the file that says where each label was placed in the previous layout.
fn placed_id() -> FileId {
    generated_id("/esgbook-placed.json")
}

fn generated_id(path: &str) -> FileId {
    // A fixed, valid path: `VirtualPath::new` only fails on paths that climb out.
    let path = VirtualPath::new(path).unwrap_or_else(|_| unreachable!());
    RootedPath::new(VirtualRoot::Project, path).intern()
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.store.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            // The document imports nothing: only images are read, through `file`.
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        if id == placed_id() {
            return Ok(self.placed.clone());
        }
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .entry(id)
            .or_insert_with(|| {
                if !matches!(id.get().root(), VirtualRoot::Project) {
                    return Err(FileError::AccessDenied);
                }
                let vpath = id.get().vpath();
                let mut paths = self.roots.iter().map(|root| vpath.realize(root));
                let first = paths
                    .next()
                    .unwrap_or_else(|| vpath.realize(Path::new(".")));
                let path = std::iter::once(first)
                    .chain(paths)
                    .find(|path| path.as_ref().is_ok_and(|p| p.is_file()))
                    .unwrap_or_else(|| vpath.realize(&self.roots[0]))
                    .map_err(FileError::Realize)?;
                std::fs::read(&path)
                    .map(Bytes::new)
                    .map_err(|e| FileError::from_io(e, &path))
            })
            .clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.store.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The document prints no date of its own, so builds are reproducible.
        None
    }
}
