//! Keeping an index in step with its corpus before a search: is it fresh,
//! which corpus is it of, and bringing it up to date.

use std::path::{Path, PathBuf};

use tantivy::Index;

use super::folder::exists;
use super::{IndexError, IndexOptions, OpenIndex, Summary, absolute, open, run_locked};
use crate::aliases::ALIAS_FILE;
use crate::ingest;
use crate::manifest::{Commit, read_commit};

/// Whether the index needs building or updating before a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    Missing,
    /// The index cannot be used as it is: written by another version of
    /// shimoda, damaged, or its first build not finished.
    Outdated,
    /// The corpus changed since the last run.
    Stale,
}

/// Checks whether the corpus changed since the last commit by the times of
/// its folders (a folder's time changes when a file is added, removed or
/// renamed in it, which is how editors and copies save) and of the alias
/// file: one `stat` per folder, whatever the number of files. A file
/// rewritten in place keeps its folder's time; `shimoda index`, which
/// compares every file, picks such edits up.
pub fn freshness(index_dir: &Path, corpus: &Path) -> Result<Freshness, IndexError> {
    Ok(match open_existing(index_dir)? {
        Existing::Missing => Freshness::Missing,
        Existing::Unusable(_) => Freshness::Outdated,
        Existing::Current(opened) => state_of(&opened.commit, corpus),
    })
}

/// An index folder as a search finds it.
enum Existing {
    Missing,
    /// To be rebuilt before it can be searched (written by another version
    /// of shimoda, damaged, its first build not finished), and why.
    Unusable(IndexError),
    Current(Box<OpenIndex>),
}

impl Existing {
    /// The opened index, or why there is none to search.
    fn opened(self, index: &Path) -> Result<OpenIndex, IndexError> {
        match self {
            Existing::Current(opened) => Ok(*opened),
            Existing::Unusable(error) => Err(error),
            Existing::Missing => Err(IndexError::Missing(index.to_path_buf())),
        }
    }
}

fn open_existing(index_dir: &Path) -> Result<Existing, IndexError> {
    if !exists(index_dir) {
        return Ok(Existing::Missing);
    }
    match open(index_dir) {
        Ok(opened) => Ok(Existing::Current(Box::new(opened))),
        Err(
            e @ (IndexError::Outdated(_) | IndexError::Unfinished(_) | IndexError::Damaged { .. }),
        ) => Ok(Existing::Unusable(e)),
        Err(e) => Err(e),
    }
}

/// Whether `corpus` changed since `commit` (see [`freshness`]).
fn state_of(commit: &Commit, corpus: &Path) -> Freshness {
    let alias_now = std::fs::metadata(corpus.join(ALIAS_FILE))
        .ok()
        .map(|m| (m.len(), ingest::mtime_ns(&m)));
    let alias_then = commit.alias_file.as_ref().map(|a| (a.size, a.mtime_ns));
    let unchanged = commit.corpus == absolute(corpus)
        && alias_now == alias_then
        && ingest::folders_unchanged(corpus, &commit.folders);
    if unchanged {
        Freshness::Fresh
    } else {
        Freshness::Stale
    }
}

/// The corpus folder searches use when none is named and no index exists.
pub const DEFAULT_CORPUS: &str = "corpus";

/// The corpus to index: the one named, else the one the index in
/// `index` was built from, else [`DEFAULT_CORPUS`]. An index keeps to its
/// corpus: `add` or `index` without `--corpus` must not fill it with
/// another folder's texts.
pub fn corpus_of(index: &Path, named: Option<&Path>) -> PathBuf {
    named
        .map(Path::to_path_buf)
        .or_else(|| recorded_corpus(index))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS))
}

/// The corpus an index of another version was last built from, read from
/// its commit alone (its schema is not ours to open).
fn recorded_corpus(index: &Path) -> Option<PathBuf> {
    let index = Index::open_in_dir(index).ok()?;
    Some(read_commit(&index).ok()??.corpus)
}

/// Builds or updates the index when the corpus changed since the last run
/// (or the index is missing or of another version), telling `notify` why.
/// Returns the opened index and the summary of the run (`None` when nothing
/// had to be done). Without a corpus folder the index is used as it is;
/// when another run is writing the index, the last committed index is used.
pub fn refresh(
    index: &Path,
    corpus: Option<&Path>,
    progress: bool,
    notify: &mut dyn FnMut(&str),
) -> Result<(OpenIndex, Option<Summary>), IndexError> {
    // Without `--corpus`, a search keeps an index in step with the corpus
    // its commit names, not with the default one (which would replace an
    // index of another folder).
    let existing = open_existing(index)?;
    let corpus = match (corpus, &existing) {
        (Some(corpus), _) => corpus.to_path_buf(),
        (None, Existing::Current(opened)) => opened.commit.corpus.clone(),
        (None, _) => corpus_of(index, None),
    };
    let corpus = corpus.as_path();
    let why = match &existing {
        // No corpus to compare with: search what the index holds.
        Existing::Current(_) | Existing::Unusable(_) if !corpus.is_dir() => {
            return existing.opened(index).map(|opened| (opened, None));
        }
        Existing::Current(opened) => {
            if state_of(&opened.commit, corpus) == Freshness::Fresh {
                return existing.opened(index).map(|opened| (opened, None));
            }
            "the corpus changed: updating the index".to_string()
        }
        Existing::Unusable(error) => rebuild_note(index, error),
        Existing::Missing if !corpus.is_dir() => {
            return Err(ingest::IngestError::CorpusMissing(corpus.to_path_buf()).into());
        }
        Existing::Missing => format!(
            "no index at {}: building it from {}",
            index.display(),
            corpus.display()
        ),
    };
    // The lock before a word is said: a search that cannot write says only
    // what it does instead.
    let lock = match super::folder::lock(index) {
        Ok(lock) => lock,
        Err(error) => return last_commit(index, existing, error, notify),
    };
    notify(&why);
    let options = IndexOptions {
        corpus: corpus.to_path_buf(),
        index: index.to_path_buf(),
        full: false,
        progress,
        keep_boilerplate: None,
        ocr: None,
        part: None,
    };
    let started = std::time::Instant::now();
    let walked = ingest::walk(corpus, Some(index))?;
    let summary = run_locked(&options, walked, &lock, started)?;
    drop(lock);
    Ok((open(index)?, Some(summary)))
}

/// What a search does when it cannot write the index: searches the last
/// commit, saying that it may miss changes to the corpus, or fails when
/// there is none to search.
fn last_commit(
    index: &Path,
    existing: Existing,
    error: IndexError,
    notify: &mut dyn FnMut(&str),
) -> Result<(OpenIndex, Option<Summary>), IndexError> {
    let opened = match (existing, &error) {
        (Existing::Current(opened), _) => *opened,
        // Nothing committed yet: a first build is under way.
        (_, IndexError::Busy(_)) => return Err(IndexError::Building(index.to_path_buf())),
        (Existing::Unusable(unusable), _) => return Err(unusable),
        (Existing::Missing, _) => return Err(error),
    };
    match error {
        IndexError::Busy(_) => notify(
            "another `shimoda index` is updating the index: searching its last committed state",
        ),
        IndexError::NotWritable { source, .. } => notify(&format!(
            "cannot update the index in {} ({source}): searching its last commit, which may miss changes to the corpus",
            index.display()
        )),
        error => return Err(error),
    }
    Ok((opened, None))
}

/// What a search says before it rebuilds an index it cannot use.
fn rebuild_note(index: &Path, error: &IndexError) -> String {
    let index = index.display();
    match error {
        IndexError::Unfinished(_) => {
            format!("index at {index} holds no finished build (interrupted?): building it")
        }
        IndexError::Damaged { detail, .. } => {
            format!("index at {index} is damaged ({detail}): rebuilding it")
        }
        _ => format!("index at {index} was built by another version of shimoda: rebuilding it"),
    }
}
