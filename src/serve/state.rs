//! The index a server searches, and keeping it in step with the corpus:
//! searches read the last loaded commit while a background thread brings
//! the index up to date and swaps the new commit in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::indexer::{self, Freshness, IndexError, OpenIndex};

/// One loaded commit: what searches run against.
pub struct Loaded {
    pub opened: OpenIndex,
    pub reader: tantivy::IndexReader,
    pub figures: Figures,
}

/// What the page's status line says of the index.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub files: usize,
    pub passages: usize,
    pub languages: BTreeMap<String, usize>,
}

/// What the index is doing now.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// `building` (no index yet), `ready`, `updating` (searches answer
    /// from the last commit) or `failed`.
    pub state: &'static str,
    #[serde(flatten)]
    pub figures: Figures,
    /// Seconds since 1970 of the last commit loaded (0: none yet).
    pub updated: u64,
    /// Why the last update failed, or what it is doing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub corpus: String,
}

/// The index shared by every request.
pub struct Library {
    index: PathBuf,
    corpus: PathBuf,
    current: RwLock<Option<Arc<Loaded>>>,
    status: Mutex<Status>,
}

impl Library {
    /// A library of the index in `index`, kept in step with `corpus`
    /// (none loaded yet: see [`Library::update`]).
    pub fn new(index: &Path, corpus: &Path) -> Library {
        Library {
            index: index.to_path_buf(),
            corpus: corpus.to_path_buf(),
            current: RwLock::new(None),
            status: Mutex::new(Status {
                state: "building",
                figures: Figures::default(),
                updated: 0,
                message: None,
                corpus: corpus.display().to_string(),
            }),
        }
    }

    /// The commit searches use now, if any has been loaded.
    pub fn current(&self) -> Option<Arc<Loaded>> {
        self.current.read().map(|c| c.clone()).unwrap_or(None)
    }

    pub fn status(&self) -> Status {
        self.status
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    fn set_state(&self, state: &'static str, message: Option<String>) {
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.state = state;
        status.message = message;
    }

    /// Opens the index as it is, if it is usable, without building it:
    /// a server starts answering at once on an existing index.
    pub fn load_existing(&self) -> bool {
        match indexer::open(&self.index).and_then(load) {
            Ok(loaded) => {
                self.swap(loaded);
                true
            }
            Err(_) => false,
        }
    }

    /// Builds or updates the index when the corpus changed (or there is
    /// none yet) and loads the new commit; searches go on meanwhile.
    pub fn update(&self) -> Result<(), IndexError> {
        let needed = match indexer::freshness(&self.index, &self.corpus) {
            Ok(Freshness::Fresh) => self.current().is_none(),
            Ok(_) => true,
            Err(e) => return Err(e),
        };
        if !needed {
            return Ok(());
        }
        let busy = if self.current().is_some() {
            "updating"
        } else {
            "building"
        };
        self.set_state(busy, Some(format!("reading {}", self.corpus.display())));
        let (opened, _) = indexer::refresh(&self.index, Some(&self.corpus), false, &mut |_| {})?;
        self.swap(load(opened)?);
        Ok(())
    }

    fn swap(&self, loaded: Loaded) {
        let figures = loaded.figures.clone();
        if let Ok(mut current) = self.current.write() {
            *current = Some(Arc::new(loaded));
        }
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.state = "ready";
        status.figures = figures;
        status.message = None;
        status.updated = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
    }

    /// Checks the corpus every `every` and updates the index when it
    /// changed, on a thread of its own, for as long as the process runs.
    pub fn keep_updated(self: &Arc<Library>, every: Duration) {
        let library = Arc::clone(self);
        std::thread::spawn(move || {
            loop {
                if let Err(e) = library.update() {
                    library.set_state(
                        if library.current().is_some() {
                            "ready"
                        } else {
                            "failed"
                        },
                        Some(e.to_string()),
                    );
                }
                std::thread::sleep(every);
            }
        });
    }
}

/// A commit with its reader and its figures.
fn load(opened: OpenIndex) -> Result<Loaded, IndexError> {
    let reader = indexer::reader(&opened.index, &opened.path)?;
    let manifest = opened.manifest()?;
    let mut figures = Figures::default();
    for entry in manifest.files.values().filter(|e| e.skipped.is_none()) {
        figures.files += 1;
        figures.passages += entry.passages;
        for (lang, n) in &entry.langs {
            *figures.languages.entry(lang.clone()).or_default() += n;
        }
    }
    Ok(Loaded {
        opened,
        reader,
        figures,
    })
}
