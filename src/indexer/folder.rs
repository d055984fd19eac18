//! The index folder: what in it is ours, opening, creating and clearing
//! the index it holds.

use std::path::{Path, PathBuf};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::guard::{damaged, guarded};
use super::{IndexError, OpenIndex};
use crate::manifest::{Commit, MANIFEST_PREFIX, Manifest, read_commit, read_manifest};
use crate::schema::{self, Fields, SCHEMA_VERSION};

pub(super) fn tantivy_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => {
            IndexError::Busy(path.to_path_buf())
        }
        // tantivy could not create its lock file: the folder is read-only.
        tantivy::TantivyError::LockFailure(LockError::IoError(e), _) => IndexError::NotWritable {
            path: path.to_path_buf(),
            source: std::io::Error::new(e.kind(), e.to_string()),
        },
        source => IndexError::Tantivy {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// True when `dir` holds a committed index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir` for reading: needs only read access to it.
pub fn open(dir: &Path) -> Result<OpenIndex, IndexError> {
    if !exists(dir) {
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let err = tantivy_error(dir);
    let damaged = |e: tantivy::TantivyError| damaged(dir, &e.to_string());
    let directory = MmapDirectory::open(dir).map_err(|e| damaged(e.into()))?;
    let index = Index::open(ReadDirectory(directory)).map_err(damaged)?;
    let commit = match read_commit(&index).map_err(damaged)? {
        Some(commit) if is_current(&index, &commit) => commit,
        Some(_) => return Err(IndexError::Outdated(dir.to_path_buf())),
        None => return Err(IndexError::Unfinished(dir.to_path_buf())),
    };
    schema::register_tokenizers(&index);
    let fields = Fields::from_schema(&index.schema()).map_err(&err)?;
    Ok(OpenIndex {
        index,
        fields,
        commit,
        path: dir.to_path_buf(),
    })
}

/// A reader of the index as committed (no thread watching for commits),
/// with a damaged segment reported as [`IndexError::Damaged`].
pub fn reader(index: &Index, dir: &Path) -> Result<IndexReader, IndexError> {
    let open = || {
        index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
    };
    guarded(dir, open)?.map_err(|e: tantivy::TantivyError| damaged(dir, &e.to_string()))
}

/// Checks that every file of the committed segments is there, opens and
/// holds the bytes written (by their checksums): reads the whole index.
pub fn check(opened: &OpenIndex) -> Result<(), IndexError> {
    let dir = &opened.path;
    reader(&opened.index, dir)?;
    let bad = guarded(dir, || opened.index.validate_checksum())?
        .map_err(|e| damaged(dir, &e.to_string()))?;
    match bad.iter().next() {
        None => Ok(()),
        Some(file) => Err(damaged(
            dir,
            &format!("{} does not hold what was written", file.display()),
        )),
    }
}

/// The index's folder as a search reads it: tantivy creates a lock file
/// while it opens a reader, to keep a writer from deleting files meanwhile;
/// in a folder the user may not write (another user's index, a read-only
/// disk) the reader opens without it, as there no writer can delete files.
#[derive(Debug, Clone)]
struct ReadDirectory(MmapDirectory);

impl Directory for ReadDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> Result<std::sync::Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(_)) if lock.filepath == META_LOCK.filepath => {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }
}

/// True when the index was written with this version's schema and analysis.
pub(super) fn is_current(index: &Index, commit: &Commit) -> bool {
    let settings = |s: &tantivy::IndexSettings| serde_json::to_string(s).unwrap_or_default();
    commit.version == SCHEMA_VERSION
        && index.schema() == schema::build_schema()
        && settings(index.settings()) == settings(&schema::index_settings())
}

/// An index opened for writing, with what its last commit recorded.
pub(super) struct Writable {
    pub index: Index,
    /// The last commit (none for a new or rebuilt index).
    pub commit: Option<Commit>,
    /// The manifest of that commit (empty for a new or rebuilt index).
    pub manifest: Manifest,
    /// Why the index is rebuilt whole, when it is.
    pub rebuild_reason: Option<String>,
}

/// Opens the index for writing, creating it when missing. An index that
/// cannot be used as it is (another schema version, a lost manifest, damaged
/// files, an unfinished first build) is cleared and created anew: it is
/// derived data, and the caller holds the folder's [`WriteLock`].
pub(super) fn open_for_writing(dir: &Path, _lock: &WriteLock) -> Result<Writable, IndexError> {
    let fresh = |reason| -> Result<Writable, IndexError> {
        Ok(Writable {
            index: create(dir)?,
            commit: None,
            manifest: Manifest::default(),
            rebuild_reason: reason,
        })
    };
    if !exists(dir) {
        return fresh(None);
    }
    let reason = match reusable(dir) {
        Ok((index, commit, manifest)) => {
            return Ok(Writable {
                index,
                commit: Some(commit),
                manifest,
                rebuild_reason: None,
            });
        }
        Err(reason) => reason,
    };
    clear_index_folder(dir).map_err(|source| IndexError::CreateFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    fresh(Some(reason))
}

/// The index in `dir` with its commit and manifest, or why it cannot be
/// updated and must be rebuilt.
fn reusable(dir: &Path) -> Result<(Index, Commit, Manifest), String> {
    let index = Index::open_in_dir(dir)
        .map_err(|e| format!("the index is damaged ({e}): rebuilding it"))?;
    let commit = read_commit(&index)
        .map_err(|e| format!("the index is damaged ({e}): rebuilding it"))?
        .ok_or("the index's first build was not finished: building it")?;
    if !is_current(&index, &commit) {
        return Err(format!(
            "index was written by schema version {}, this shimoda uses {}: rebuilding it",
            commit.version, SCHEMA_VERSION
        ));
    }
    let manifest = read_manifest(dir, &commit)
        .map_err(|e| format!("the index's manifest cannot be read ({e}): rebuilding the index"))?;
    // An update opens the segments it deletes from: they must open.
    reader(&index, dir).map_err(|e| match e {
        IndexError::Damaged { detail, .. } => {
            format!("the index is damaged ({detail}): rebuilding it")
        }
        e => e.to_string(),
    })?;
    schema::register_tokenizers(&index);
    Ok((index, commit, manifest))
}

/// Creates the index folder if needed. Refuses a folder that holds files
/// and is not an index: shimoda deletes files in its index folder, and
/// never a user's.
pub fn prepare_folder(dir: &Path) -> Result<(), IndexError> {
    let io_error = |source| IndexError::CreateFolder {
        path: dir.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(io_error)?;
    let names = entry_names(dir).map_err(io_error)?;
    let empty = names.iter().all(|n| n == ".gitkeep");
    let index = names.iter().any(|n| marks_an_index(n));
    if !empty && !index {
        return Err(IndexError::NotAnIndex(dir.to_path_buf()));
    }
    Ok(())
}

fn entry_names(dir: &Path) -> std::io::Result<Vec<String>> {
    std::fs::read_dir(dir)?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect()
}

/// Files whose presence says a folder is an index.
fn marks_an_index(name: &str) -> bool {
    name == META
        || name == MANAGED
        || name == LOCK_FILE
        || name.starts_with(".tantivy-")
        || name.starts_with(MANIFEST_PREFIX)
}

const META: &str = "meta.json";
/// tantivy's list of the files it manages.
const MANAGED: &str = ".managed.json";

fn create(dir: &Path) -> Result<Index, IndexError> {
    prepare_folder(dir)?;
    let err = tantivy_error(dir);
    let directory = MmapDirectory::open(dir).map_err(|e| err(e.into()))?;
    let index =
        Index::create(directory, schema::build_schema(), schema::index_settings()).map_err(&err)?;
    schema::register_tokenizers(&index);
    Ok(index)
}

/// True for the files of an index that clearing removes: those tantivy
/// lists as managed, its own meta files, shimoda's manifests, and files
/// named as tantivy names segments and its temporary files (for when the
/// list itself is damaged). A user's file (`notes.tmp.txt`, `Cargo.lock`)
/// is never one of them.
fn is_index_file(name: &str, managed: &[String]) -> bool {
    name == META
        || name == MANAGED
        || name.starts_with(MANIFEST_PREFIX)
        || managed.iter().any(|m| m == name)
        || is_segment_file(name)
        || is_tantivy_temporary(name)
}

/// `<32 hex digits>.<component>` or `<32 hex digits>.<opstamp>.del`: the
/// names of tantivy's segment files.
pub(super) fn is_segment_file(name: &str) -> bool {
    const COMPONENTS: &[&str] = &[
        "idx",
        "pos",
        "term",
        "store",
        "store.temp",
        "fast",
        "fieldnorm",
        "del",
    ];
    let Some((id, rest)) = name.split_once('.') else {
        return false;
    };
    let id_ok = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    let rest_ok = COMPONENTS.contains(&rest)
        || rest
            .strip_suffix(".del")
            .is_some_and(|stamp| !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()));
    id_ok && rest_ok
}

/// The temporary files tantivy writes before renaming them into place
/// (`.tmpXXXXXX`), left behind by a killed run.
pub(super) fn is_tantivy_temporary(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The names tantivy lists in `.managed.json` (none when it is missing or
/// damaged).
fn managed_files(dir: &Path) -> Vec<String> {
    std::fs::read(dir.join(MANAGED))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Removes the index in `dir` (see [`is_index_file`]), leaving the folder,
/// its lock and any other file.
pub(super) fn clear_index_folder(dir: &Path) -> std::io::Result<()> {
    let managed = managed_files(dir);
    for name in entry_names(dir)? {
        if is_index_file(&name, &managed) {
            std::fs::remove_file(dir.join(&name))?;
        }
    }
    Ok(())
}

/// shimoda's lock on an index folder, held by a run that writes it from
/// before it changes anything until it has committed: a second run stops
/// at once instead of clearing a build in progress.
const LOCK_FILE: &str = ".shimoda-writer.lock";

/// The writer's lock on an index folder; released when dropped (and by the
/// system when the process dies).
pub(super) struct WriteLock {
    _file: std::fs::File,
}

/// Creates the index folder if needed and takes its lock, failing with
/// [`IndexError::Busy`] when another run holds it and
/// [`IndexError::NotWritable`] when files cannot be made in the folder.
pub(super) fn lock(dir: &Path) -> Result<WriteLock, IndexError> {
    prepare_folder(dir)?;
    let not_writable = |source| IndexError::NotWritable {
        path: dir.to_path_buf(),
        source,
    };
    writable(dir).map_err(not_writable)?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(not_writable)?;
    match file.try_lock() {
        Ok(()) => Ok(WriteLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(IndexError::Busy(dir.to_path_buf())),
        Err(std::fs::TryLockError::Error(source)) => Err(IndexError::CreateFolder { path, source }),
    }
}

/// Whether files can be made in `dir`: the lock file may exist and be
/// writable in a folder that is not (an immutable or read-only one).
#[cfg(unix)]
fn writable(dir: &Path) -> std::io::Result<()> {
    rustix::fs::access(dir, rustix::fs::Access::WRITE_OK).map_err(std::io::Error::from)
}

#[cfg(not(unix))]
fn writable(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Gives tantivy's `meta.json` and `.managed.json`, which it writes
/// readable by their owner alone, the modes of the other files of the
/// index (those of `like`, made as the umask says): an index another user
/// or group may search must be readable whole.
pub(super) fn share_modes(dir: &Path, like: &str) {
    let Ok(meta) = std::fs::metadata(dir.join(like)) else {
        return;
    };
    for name in [META, MANAGED] {
        let path: PathBuf = dir.join(name);
        let _ = std::fs::set_permissions(path, meta.permissions());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_index_files_are_cleared() {
        let managed = vec!["0123456789abcdef0123456789abcdef.pos".to_string()];
        let ours = "meta.json .managed.json manifest-1-2.json .tmpAb12Cd \
                    0123456789abcdef0123456789abcdef.pos \
                    fedcba9876543210fedcba9876543210.term \
                    fedcba9876543210fedcba9876543210.12.del";
        for name in ours.split_whitespace() {
            assert!(is_index_file(name, &managed), "{name}");
        }
        let theirs = "notes.tmp.txt Cargo.lock report.pos x.idx .tmp .tmpfile-of-mine \
                      0123456789abcdef0123456789abcdeg.idx \
                      0123456789abcdef0123456789abcdef.txt .gitkeep";
        for name in theirs.split_whitespace().chain([LOCK_FILE]) {
            assert!(!is_index_file(name, &managed), "{name}");
        }
    }

    #[test]
    fn a_folder_of_other_files_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.tmp.txt"), "mine").unwrap();
        assert!(matches!(
            prepare_folder(dir.path()),
            Err(IndexError::NotAnIndex(_))
        ));
        let empty = tempfile::tempdir().unwrap();
        std::fs::write(empty.path().join(".gitkeep"), "").unwrap();
        assert!(prepare_folder(empty.path()).is_ok());
    }

    #[test]
    fn a_second_writer_is_refused_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        assert!(matches!(lock(dir.path()), Err(IndexError::Busy(_))));
        drop(first);
        assert!(lock(dir.path()).is_ok());
    }
}
