//! Building and updating the index: compare the corpus with the manifest,
//! read what changed in parallel, write passages, commit once (see
//! [`crate::manifest`] for what is recorded with each commit and why a
//! crash leaves the previous commit whole).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::aliases::{self, ALIAS_FILE};
use crate::ingest::{self, IngestError, Skipped};
use crate::manifest::{
    AliasFileRecord, Commit, FileEntry, Manifest, read_manifest, remove_other_manifests,
    write_manifest,
};
use crate::schema::{self, Fields, SCHEMA_VERSION};

mod document;
mod facts;
mod folder;
mod fresh;
mod guard;
mod orphans;
mod part;
mod plan;
mod read;
mod stats;

pub use folder::{check, exists, open, prepare_folder, reader};
pub use fresh::{DEFAULT_CORPUS, Freshness, corpus_of, freshness, refresh};
pub use guard::{damaged, guarded};
pub use part::{Part, part_of};
pub use stats::{Stats, stats};

use folder::{open_for_writing, tantivy_error};
use plan::plan;
use read::{Outcome, Read, read_one};

/// Errors of building, updating or opening an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("cannot create index folder {path}: {source}")]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0} is not a shimoda index (it holds other files); choose an empty or new folder")]
    NotAnIndex(PathBuf),
    #[error("no index at {0}: run `shimoda index` first")]
    Missing(PathBuf),
    #[error(
        "index at {0} was built by another version of shimoda: run `shimoda index` to rebuild it"
    )]
    Outdated(PathBuf),
    #[error(
        "index at {0} holds no finished build (its first build was interrupted?): run `shimoda index` to build it"
    )]
    Unfinished(PathBuf),
    #[error(
        "index at {path} is damaged ({detail}): run `shimoda index --full --index {path}` to rebuild it",
        path = .path.display()
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "index at {0} is being built by another shimoda run: search again when it has finished"
    )]
    Building(PathBuf),
    #[error("cannot write or read the manifest in {path}: {source}")]
    Manifest {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "index at {index} holds the texts of {recorded}, not of {given}: run `shimoda index --corpus {given} --index {index} --full` to replace them",
        index = .index.display(), recorded = .recorded.display(), given = .given.display()
    )]
    OtherCorpus {
        index: PathBuf,
        recorded: PathBuf,
        given: PathBuf,
    },
    #[error(
        "index at {index} holds {recorded} of its corpus, not the files asked; run with `--full` to rebuild it",
        index = .index.display()
    )]
    OtherPart { index: PathBuf, recorded: String },
    #[error("another `shimoda index` is writing to {0}; wait for it to finish and run again")]
    Busy(PathBuf),
    #[error(
        "cannot write in index folder {path} ({source}): indexing needs write access to it",
        path = .path.display()
    )]
    NotWritable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the corpus holds {0} files; an index holds at most {max}", max = schema::facets::MAX_FILES)]
    TooManyFiles(usize),
    #[error("index at {path} is unreadable: {source}")]
    Tantivy {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
}

/// What one `index` run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// Files passed over in this run, with the reason.
    pub skipped: Vec<Skipped>,
    /// Files indexed with a remark (damaged bytes, changed while read,
    /// a name that is not UTF-8).
    pub warnings: Vec<Skipped>,
    /// Passages written in this run, per language.
    pub passages_by_lang: BTreeMap<String, usize>,
    /// Files read in this run, per encoding.
    pub encodings: BTreeMap<String, usize>,
    /// Lines of the files read in this run left out as a saved page's
    /// interface (navigation, edit links, repeated labels).
    pub boilerplate: usize,
    /// Passages in the whole index after the run.
    pub total_passages: usize,
    /// Files in the whole index after the run.
    pub total_files: usize,
    pub seconds: f64,
    /// True when the whole index was rebuilt.
    pub full: bool,
    /// Why a full rebuild happened, when it was not asked for.
    pub rebuild_reason: Option<String>,
}

/// How to run the indexer.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Rebuild everything instead of only what changed.
    pub full: bool,
    /// Draw a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
    /// Keep (`Some(true)`) or leave out (`Some(false)`) the interface lines
    /// of pages saved as text; `None`: as the index was built (left out
    /// for a new index).
    pub keep_boilerplate: Option<bool>,
    /// Read pages of PDFs that have no text layer with OCR (`Some(true)`)
    /// or not; `None`: as the index was built (not, for a new index).
    pub ocr: Option<bool>,
    /// Index only this part of the corpus's files (a shard of a sharded
    /// index); `None`: as the index was built (all files, for a new one).
    pub part: Option<Part>,
}

/// An opened index with its fields and commit record.
pub struct OpenIndex {
    pub index: Index,
    pub fields: Fields,
    pub commit: Commit,
    pub path: PathBuf,
}

impl OpenIndex {
    /// The manifest of the opened commit (one entry per source file).
    pub fn manifest(&self) -> Result<Manifest, IndexError> {
        read_manifest(&self.path, &self.commit).map_err(|source| IndexError::Manifest {
            path: self.path.clone(),
            source,
        })
    }
}

/// Memory the index writer may fill before it writes a segment, shared by
/// its threads. Large enough that a 1 GB corpus makes a handful of
/// segments on 2 cores (with 64 MB per thread it made twenty, and merging
/// them took a fifth of the build), small enough to keep indexing well
/// under 1 GB of memory.
const WRITER_MEMORY: usize = 600_000_000;

/// Files read in parallel at a time: bounds memory on large corpora.
const BATCH: usize = 512;

/// Builds or updates the index of a corpus.
pub fn run(options: &IndexOptions) -> Result<Summary, IndexError> {
    let started = Instant::now();
    ingest::check_corpus(&options.corpus)?;
    // Nothing in the folder changes before the lock is held. Locking
    // creates the index folder, so the walk comes after it: an index inside
    // the corpus would else change its folder's time after the walk took it.
    let lock = folder::lock(&options.index)?;
    let walked = ingest::walk(&options.corpus, Some(&options.index))?;
    run_locked(options, walked, &lock, started)
}

/// [`run`], once the folder's lock is held.
fn run_locked(
    options: &IndexOptions,
    walked: ingest::Walk,
    lock: &folder::WriteLock,
    started: Instant,
) -> Result<Summary, IndexError> {
    let mut summary = update(options, walked, lock)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Damaged segment files can make tantivy panic where an update opens,
/// deletes from or merges the existing segments: those steps are guarded
/// and report a damaged index. Reading and analyzing the corpus is not, so
/// that a fault there is never taken for damage.
fn update(
    options: &IndexOptions,
    walked: ingest::Walk,
    lock: &folder::WriteLock,
) -> Result<Summary, IndexError> {
    let dir = &options.index;
    let writable = guarded(dir, || open_for_writing(dir, lock))??;
    if let Some(commit) = &writable.commit {
        orphans::remove(&options.index, &writable.index, commit);
    }
    if !options.full {
        keep_to_corpus(options, writable.commit.as_ref())?;
    }
    let recorded = writable.commit.as_ref().map(|c| c.reading());
    let reading = ingest::Reading {
        keep_boilerplate: options
            .keep_boilerplate
            .or(recorded.map(|r| r.keep_boilerplate))
            .unwrap_or(false),
        ocr: options.ocr.or(recorded.map(|r| r.ocr)).unwrap_or(false),
    };
    let recorded_part = writable.commit.as_ref().and_then(|c| c.part);
    let part = options.part.or(recorded_part);
    if writable.commit.is_some() && !options.full && part != recorded_part {
        return Err(IndexError::OtherPart {
            index: options.index.clone(),
            recorded: recorded_part
                .map_or_else(|| "the whole corpus".to_string(), |p| format!("part {p}")),
        });
    }
    let mut walked = walked;
    if let Some(part) = part {
        walked.files.retain(|f| part.holds(&f.rel));
    }
    let switched = recorded.is_some_and(|r| r != reading);
    let full = options.full || writable.rebuild_reason.is_some() || switched;
    let plan = plan(walked.files, &writable.manifest, full);
    if plan.ids.iter().any(|&id| id >= schema::facets::MAX_FILES) {
        let files = plan.unchanged.len() + plan.to_read.len();
        return Err(IndexError::TooManyFiles(files));
    }
    let old_commit = writable.commit.as_ref();
    let old_aliases = old_commit.and_then(|c| c.alias_file.as_ref());
    let alias_file = read_aliases(&options.corpus, old_aliases);
    let mut summary = Summary {
        full,
        unchanged: plan.unchanged.len(),
        removed: plan.removed.len(),
        skipped: walked.skipped,
        ..Summary::default()
    };
    summary.rebuild_reason = writable.rebuild_reason.clone();
    if switched && summary.rebuild_reason.is_none() {
        summary.rebuild_reason = Some(
            "files are now read with the choices asked (navigation lines, OCR): every file is read again"
                .to_string(),
        );
    }
    if let Some(error) = alias_file.as_ref().and_then(|a| a.error.clone()) {
        summary.skipped.push(Skipped {
            path: ALIAS_FILE.to_string(),
            reason: error,
        });
    }
    let nothing_changed = plan.to_read.is_empty() && plan.removed.is_empty();
    let aliases_changed = alias_file.as_ref() != old_aliases;
    // A shard takes no notice of folders alone: a file added elsewhere in
    // the corpus is another shard's, and this one stays as it is.
    let folders_changed = old_commit.is_none_or(|c| c.folders != walked.folders && part.is_none());
    if nothing_changed && !full && !aliases_changed && !folders_changed {
        summary.set_totals(&writable.manifest);
    } else {
        let start = || Writing::start(options, &writable, &plan, summary, reading);
        let mut writing = guarded(dir, start)??;
        writing.read_and_write(&plan, &writable.manifest, options.progress)?;
        let record = Recorded {
            folders: walked.folders,
            alias_file,
            part,
        };
        summary = guarded(dir, || writing.commit(options, record))??;
    }
    Ok(summary)
}

/// Refuses to update an index with another corpus's texts: that would
/// drop every passage of the corpus it holds (a `--full` run replaces it).
fn keep_to_corpus(options: &IndexOptions, commit: Option<&Commit>) -> Result<(), IndexError> {
    let given = absolute(&options.corpus);
    match commit {
        Some(commit) if commit.corpus != given => Err(IndexError::OtherCorpus {
            index: options.index.clone(),
            recorded: commit.corpus.clone(),
            given,
        }),
        _ => Ok(()),
    }
}

impl Summary {
    /// Sets the index's totals from the manifest it is committed with:
    /// files skipped are not counted, as `stats` does not count them.
    fn set_totals(&mut self, manifest: &Manifest) {
        let indexed = manifest.files.values().filter(|e| e.skipped.is_none());
        self.total_files = indexed.clone().count();
        self.total_passages = indexed.map(|e| e.passages).sum();
    }
}

/// What a commit records of the corpus besides its files.
struct Recorded {
    folders: Vec<(String, i64)>,
    alias_file: Option<AliasFileRecord>,
    part: Option<Part>,
}

/// A run that writes: the index writer, the manifest being made, and what
/// the run did so far.
struct Writing<'a> {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    full: bool,
    reading: ingest::Reading,
    manifest: Manifest,
    summary: Summary,
    err: Box<dyn Fn(tantivy::TantivyError) -> IndexError + 'a>,
}

impl<'a> Writing<'a> {
    /// Opens the writer; deletes what the plan removes, or everything for a
    /// full run, and carries the unchanged files' entries over.
    fn start(
        options: &'a IndexOptions,
        writable: &folder::Writable,
        plan: &plan::Plan,
        summary: Summary,
        reading: ingest::Reading,
    ) -> Result<Writing<'a>, IndexError> {
        let full = summary.full;
        let err = Box::new(tantivy_error(&options.index));
        let fields = Fields::from_schema(&writable.index.schema()).map_err(&err)?;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let writer = writable
            .index
            .writer_with_num_threads(threads, WRITER_MEMORY)
            .map_err(&err)?;
        let mut manifest = Manifest::default();
        if full {
            writer.delete_all_documents().map_err(&err)?;
        } else {
            for rel in &plan.unchanged {
                let entry = writable.manifest.files[rel].clone();
                manifest.files.insert(rel.clone(), entry);
            }
            for rel in &plan.removed {
                writer.delete_term(Term::from_field_text(fields.path, rel));
            }
        }
        Ok(Writing {
            writer,
            fields,
            full,
            reading,
            manifest,
            summary,
            err,
        })
    }

    /// Reads the files to read, a batch at a time in parallel, and writes
    /// their passages.
    fn read_and_write(
        &mut self,
        plan: &plan::Plan,
        old: &Manifest,
        progress: bool,
    ) -> Result<(), IndexError> {
        let bar = progress_bar(progress, plan.to_read.len() as u64);
        for (batch, ids) in plan.to_read.chunks(BATCH).zip(plan.ids.chunks(BATCH)) {
            let reads: Vec<Read> = batch
                .par_iter()
                .zip(ids)
                .map(|(file, &id)| {
                    let old = old.files.get(&file.rel).cloned();
                    let read =
                        read_one(&self.fields, file.clone(), id, old, self.full, self.reading);
                    bar.inc(1);
                    read
                })
                .collect();
            for read in reads {
                self.record(read).map_err(&self.err)?;
            }
        }
        bar.finish_and_clear();
        Ok(())
    }

    /// Writes the manifest, then commits the index with its commit record
    /// as the payload: one atomic step.
    fn commit(mut self, options: &IndexOptions, record: Recorded) -> Result<Summary, IndexError> {
        let mut summary = std::mem::take(&mut self.summary);
        summary.set_totals(&self.manifest);
        let manifest_error = |source| IndexError::Manifest {
            path: options.index.clone(),
            source,
        };
        let commit = Commit {
            version: SCHEMA_VERSION,
            corpus: absolute(&options.corpus),
            manifest: write_manifest(&options.index, &self.manifest).map_err(manifest_error)?,
            folders: record.folders,
            alias_file: record.alias_file,
            part: record.part,
            mined: self.manifest.mined(),
            files: summary.total_files,
            passages: summary.total_passages,
            bodies: self.manifest.bodies(),
            keep_boilerplate: self.reading.keep_boilerplate,
            ocr: self.reading.ocr,
        };
        let payload =
            serde_json::to_string(&commit).map_err(|e| manifest_error(std::io::Error::other(e)))?;
        pause_before_commit();
        let mut prepared = self.writer.prepare_commit().map_err(&self.err)?;
        prepared.set_payload(&payload);
        prepared.commit().map_err(&self.err)?;
        remove_other_manifests(&options.index, &commit.manifest);
        self.writer.wait_merging_threads().map_err(&self.err)?;
        // After the merges: their cleanup writes `.managed.json` again.
        folder::share_modes(&options.index, &commit.manifest);
        Ok(summary)
    }

    /// Writes one read file's passages and its manifest entry.
    fn record(&mut self, read: Read) -> tantivy::Result<()> {
        self.warn_about(&read);
        let Read {
            file,
            id,
            old,
            outcome,
            ..
        } = read;
        if let (Outcome::Same, Some(old)) = (&outcome, &old) {
            // Touched, not changed: keep its passages, note its new time.
            self.summary.unchanged += 1;
            let entry = FileEntry {
                size: file.size,
                mtime_ns: file.mtime_ns,
                ..old.clone()
            };
            self.manifest.files.insert(file.rel, entry);
            return Ok(());
        }
        if old.is_some() && !self.full {
            let path = Term::from_field_text(self.fields.path, &file.rel);
            self.writer.delete_term(path);
        }
        if old.is_some() {
            self.summary.changed += 1;
        } else {
            self.summary.added += 1;
        }
        let mut entry = FileEntry::new(id, file.size, file.mtime_ns);
        entry.unread = matches!(outcome, Outcome::Failed(_));
        match outcome {
            Outcome::Text(prepared) => self.write_text(&file.rel, prepared, &mut entry)?,
            Outcome::Unreadable(reason) | Outcome::Failed(reason) => {
                self.summary.skipped.push(Skipped {
                    path: file.rel.clone(),
                    reason: reason.clone(),
                });
                entry.skipped = Some(reason);
            }
            Outcome::Same => {}
        }
        self.manifest.files.insert(file.rel, entry);
        Ok(())
    }

    /// Notes a file that changed while it was read, or whose name is not
    /// UTF-8.
    fn warn_about(&mut self, read: &Read) {
        let mut warn = |reason: &str| {
            self.summary.warnings.push(Skipped {
                path: read.file.rel.clone(),
                reason: reason.to_string(),
            })
        };
        if read.moved {
            warn("changed while it was read; indexed as read");
        }
        if read.file.escaped_name {
            warn("file name is not valid UTF-8; shown escaped, each such byte as \\xhh");
        }
    }

    /// Adds a file's documents and fills its manifest entry.
    fn write_text(
        &mut self,
        rel: &str,
        prepared: read::Prepared,
        entry: &mut FileEntry,
    ) -> tantivy::Result<()> {
        let encoding = prepared.encoding.name();
        entry.hash = prepared.hash;
        entry.encoding = encoding.to_string();
        entry.passages = prepared.documents.len();
        entry.aliases = prepared.aliases;
        entry.format = prepared.format.to_string();
        entry.boilerplate = prepared.boilerplate;
        self.summary.boilerplate += prepared.boilerplate;
        for note in prepared.notes {
            self.summary.warnings.push(Skipped {
                path: rel.to_string(),
                reason: note,
            });
        }
        *self
            .summary
            .encodings
            .entry(encoding.to_string())
            .or_default() += 1;
        for (document, lang) in prepared.documents.into_iter().zip(&prepared.langs) {
            self.writer.add_document(document)?;
            *entry.langs.entry(lang.code().to_string()).or_default() += 1;
            let by_lang = &mut self.summary.passages_by_lang;
            *by_lang.entry(lang.code().to_string()).or_default() += 1;
        }
        if prepared.replaced > 0 {
            self.summary.warnings.push(Skipped {
                path: rel.to_string(),
                reason: format!(
                    "{} undecodable byte(s) replaced; the rest was indexed as {encoding}",
                    prepared.replaced
                ),
            });
        }
        Ok(())
    }
}

/// Test hook: with `SHIMODA_PAUSE_BEFORE_COMMIT=PATH` set, a run about to
/// commit (holding the folder's lock, its passages written) creates
/// `PATH.waiting` and waits until `PATH` exists (60 s at most), so that
/// tests can run other commands while a build or update is under way.
fn pause_before_commit() {
    let Some(release) = std::env::var_os("SHIMODA_PAUSE_BEFORE_COMMIT") else {
        return;
    };
    let release = PathBuf::from(release);
    let mut waiting = release.clone().into_os_string();
    waiting.push(".waiting");
    let _ = std::fs::write(&waiting, b"");
    let deadline = Instant::now() + std::time::Duration::from_secs(60);
    while !release.exists() && Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

/// Reads the corpus's alias file, reusing the last reading when the file
/// has not changed. A broken file is recorded with its error (and no
/// entities) so that the run goes on and says why.
fn read_aliases(corpus: &Path, last: Option<&AliasFileRecord>) -> Option<AliasFileRecord> {
    let path = corpus.join(ALIAS_FILE);
    let meta = std::fs::metadata(&path).ok()?;
    let (size, mtime_ns) = (meta.len(), ingest::mtime_ns(&meta));
    if let Some(last) = last.filter(|l| l.size == size && l.mtime_ns == mtime_ns) {
        return Some(last.clone());
    }
    let (entities, error) = match aliases::read_alias_file(&path) {
        Ok(entities) => (entities, None),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    Some(AliasFileRecord {
        size,
        mtime_ns,
        entities,
        error,
    })
}

fn progress_bar(enabled: bool, total: u64) -> indicatif::ProgressBar {
    if !enabled {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "indexing {bar:40} {pos}/{len} files ({per_sec}, {eta} left)",
    ) {
        bar.set_style(style);
    }
    bar
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
