//! Building and updating the index: compare the corpus with the manifest,
//! read what changed in parallel, write passages, commit once (see
//! [`crate::manifest`] for what is recorded with each commit and why a
//! crash leaves the previous commit whole).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Instant;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use crate::aliases::{self, ALIAS_FILE};
use crate::analyze::translit;
use crate::detect;
use crate::ingest::{self, IngestError, Skipped, SourceFile, Text};
use crate::manifest::{
    AliasFileRecord, Commit, FileEntry, Manifest, read_commit, read_manifest,
    remove_other_manifests, write_manifest,
};
use crate::schema::{self, Fields, SCHEMA_VERSION};

mod facts;

use facts::{Dates, Facts};

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
    #[error("cannot write or read the manifest in {path}: {source}")]
    Manifest {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("another `shimoda index` is writing to {0}; wait for it to finish and run again")]
    Busy(PathBuf),
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

fn tantivy_error(path: &Path) -> impl Fn(tantivy::TantivyError) -> IndexError + '_ {
    move |source| match source {
        tantivy::TantivyError::LockFailure(..) => IndexError::Busy(path.to_path_buf()),
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

/// Opens the index in `dir`.
pub fn open(dir: &Path) -> Result<OpenIndex, IndexError> {
    if !exists(dir) {
        return Err(IndexError::Missing(dir.to_path_buf()));
    }
    let err = tantivy_error(dir);
    let index = Index::open_in_dir(dir).map_err(&err)?;
    let commit = read_commit(&index).map_err(&err)?;
    let commit = match commit {
        Some(commit) if is_current(&index, &commit) => commit,
        _ => return Err(IndexError::Outdated(dir.to_path_buf())),
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

/// True when the index was written with this version's schema and analysis.
fn is_current(index: &Index, commit: &Commit) -> bool {
    let settings = |s: &tantivy::IndexSettings| serde_json::to_string(s).unwrap_or_default();
    commit.version == SCHEMA_VERSION
        && index.schema() == schema::build_schema()
        && settings(index.settings()) == settings(&schema::index_settings())
}

/// Opens the index for writing, creating it when missing. Returns the index,
/// the commit record and manifest it was committed with (empty for a new
/// index), and why it is rebuilt whole when it is (another schema version,
/// a lost manifest: the index is then wiped).
fn open_for_writing(
    dir: &Path,
) -> Result<(Index, Option<Commit>, Manifest, Option<String>), IndexError> {
    let err = tantivy_error(dir);
    if !exists(dir) {
        return Ok((create(dir)?, None, Manifest::default(), None));
    }
    let index = Index::open_in_dir(dir).map_err(&err)?;
    let commit = read_commit(&index).map_err(&err)?;
    let reason = match &commit {
        Some(commit) if is_current(&index, commit) => match read_manifest(dir, commit) {
            Ok(manifest) => {
                schema::register_tokenizers(&index);
                return Ok((index, Some(commit.clone()), manifest, None));
            }
            Err(e) => format!("the index's manifest cannot be read ({e}): rebuilding the index"),
        },
        Some(commit) => format!(
            "index was written by schema version {}, this shimoda uses {}: rebuilding it",
            commit.version, SCHEMA_VERSION
        ),
        None => "index was written by another version of shimoda: rebuilding it".to_string(),
    };
    drop(index);
    clear_index_folder(dir).map_err(|source| IndexError::CreateFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok((create(dir)?, None, Manifest::default(), Some(reason)))
}

/// Creates the index folder if needed, failing when it cannot be made or
/// holds files that are not an index's.
pub fn prepare_folder(dir: &Path) -> Result<(), IndexError> {
    std::fs::create_dir_all(dir).map_err(|source| IndexError::CreateFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    let foreign = std::fs::read_dir(dir)
        .map_err(|source| IndexError::CreateFolder {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .any(|e| !is_ours(&e.file_name().to_string_lossy()));
    if foreign {
        return Err(IndexError::NotAnIndex(dir.to_path_buf()));
    }
    Ok(())
}

fn create(dir: &Path) -> Result<Index, IndexError> {
    prepare_folder(dir)?;
    let err = tantivy_error(dir);
    let directory = MmapDirectory::open(dir).map_err(|e| err(e.into()))?;
    let index =
        Index::create(directory, schema::build_schema(), schema::index_settings()).map_err(&err)?;
    schema::register_tokenizers(&index);
    Ok(index)
}

/// Files that may sit in an index folder: tantivy's own and our placeholder.
fn is_ours(name: &str) -> bool {
    name == ".gitkeep"
        || name == "meta.json"
        || name == ".managed.json"
        || name.starts_with(".tantivy")
        || name.starts_with(crate::manifest::MANIFEST_PREFIX)
        || name.ends_with(".lock")
        || [
            ".idx",
            ".pos",
            ".term",
            ".store",
            ".fast",
            ".fieldnorm",
            ".del",
            ".tmp",
        ]
        .iter()
        .any(|ext| name.contains(ext))
}

/// Removes an index of another schema version, leaving the folder.
fn clear_index_folder(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_ours(&name) && name != ".gitkeep" && !name.starts_with(".tantivy-writer") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Memory the index writer may fill before it writes a segment, shared by
/// its threads. Large enough that a 1 GB corpus makes a handful of
/// segments on 2 cores (with 64 MB per thread it made twenty, and merging
/// them took a fifth of the build), small enough to keep indexing well
/// under 1 GB of memory.
const WRITER_MEMORY: usize = 600_000_000;

/// What has to happen to each file of the corpus.
#[derive(Default)]
struct Plan {
    /// Files to read and index (new, or changed in size or time).
    to_read: Vec<SourceFile>,
    /// The number of each file to read: its old one, or a new one for a
    /// new file.
    ids: Vec<u64>,
    unchanged: Vec<String>,
    removed: Vec<String>,
}

fn plan(files: Vec<SourceFile>, manifest: &Manifest, full: bool) -> Plan {
    let mut plan = Plan::default();
    let mut seen = std::collections::HashSet::new();
    for file in files.into_iter().filter(|f| f.rel != ALIAS_FILE) {
        seen.insert(file.rel.clone());
        match manifest.files.get(&file.rel) {
            Some(e) if !full && e.size == file.size && e.mtime_ns == file.mtime_ns => {
                plan.unchanged.push(file.rel)
            }
            _ => plan.to_read.push(file),
        }
    }
    plan.removed = manifest
        .files
        .keys()
        .filter(|k| !seen.contains(*k))
        .cloned()
        .collect();
    plan.ids = file_numbers(&plan, manifest);
    plan
}

/// The number of each file to read: its old one, or for a new file the
/// smallest one no file kept holds (a removed file's number is free again,
/// as its passages go with it). Numbers then stay below the file count.
fn file_numbers(plan: &Plan, manifest: &Manifest) -> Vec<u64> {
    let removed: std::collections::HashSet<&String> = plan.removed.iter().collect();
    let mut taken: Vec<u64> = manifest
        .files
        .iter()
        .filter(|(rel, _)| !removed.contains(rel))
        .map(|(_, e)| e.id)
        .collect();
    taken.sort_unstable();
    let mut taken = taken.into_iter().peekable();
    let mut next = 0;
    let mut fresh = || {
        while let Some(t) = taken.next_if(|&t| t <= next) {
            next = next.max(t + 1);
        }
        next += 1;
        next - 1
    };
    plan.to_read
        .iter()
        .map(|file| match manifest.files.get(&file.rel) {
            Some(entry) => entry.id,
            None => fresh(),
        })
        .collect()
}

/// What reading a file gave.
enum Outcome {
    /// The same bytes as indexed before (the file was only touched).
    Same,
    /// Its passages, ready to be written.
    Text(Prepared),
    /// Why it cannot be indexed.
    Unreadable(String),
}

/// A file's passages turned into documents, with what the manifest keeps.
struct Prepared {
    encoding: &'static str,
    replaced: usize,
    hash: u64,
    documents: Vec<TantivyDocument>,
    /// The language of each passage.
    langs: Vec<&'static str>,
    aliases: Vec<aliases::MinedPair>,
}

/// Detects the passages' languages, extracts dates, names and aliases, and
/// builds the documents: the expensive part, run in parallel per file.
fn prepare(fields: &Fields, rel: &str, id: u64, text: Text) -> Prepared {
    let facts: Vec<Rc<Facts>> = text.passages.iter().map(|p| facts::of(&p.text)).collect();
    let detected: Vec<_> = facts.iter().map(|f| f.detected).collect();
    let langs = detect::resolve(&detected);
    let mut named = FxHashSet::default();
    let documents = text
        .passages
        .iter()
        .zip(&langs)
        .zip(&facts)
        .map(|((passage, lang), facts)| {
            passage_document(fields, (rel, id), passage, lang, facts, &mut named)
        })
        .collect();
    let mut mined: Vec<aliases::MinedPair> =
        facts.iter().flat_map(|f| f.mined.iter().cloned()).collect();
    mined.sort();
    mined.dedup();
    Prepared {
        encoding: text.encoding,
        replaced: text.replaced,
        hash: text.hash,
        documents,
        langs,
        aliases: mined,
    }
}

/// A file read for indexing.
struct Read {
    file: SourceFile,
    /// Its number in the index.
    id: u64,
    /// Its entry in the index before this run.
    old: Option<FileEntry>,
    outcome: Outcome,
    /// True when the file changed between the walk and the read.
    moved: bool,
}

fn read_one(
    fields: &Fields,
    mut file: SourceFile,
    id: u64,
    old: Option<FileEntry>,
    full: bool,
) -> Read {
    let outcome = match ingest::read_bytes(&file.path) {
        Err(reason) => Outcome::Unreadable(reason),
        Ok(read) => {
            let moved = (read.size, read.mtime_ns) != (file.size, file.mtime_ns);
            file.size = read.size;
            file.mtime_ns = read.mtime_ns;
            let hash = ingest::hash_bytes(&read.bytes);
            let same = old
                .as_ref()
                .is_some_and(|o| o.hash == hash && o.skipped.is_none());
            let outcome = if same && !full {
                Outcome::Same
            } else {
                match ingest::text_of(&read.bytes) {
                    Ok(text) => Outcome::Text(prepare(fields, &file.rel, id, text)),
                    Err(e) => Outcome::Unreadable(e.to_string()),
                }
            };
            return Read {
                file,
                id,
                old,
                outcome,
                moved,
            };
        }
    };
    Read {
        file,
        id,
        old,
        outcome,
        moved: false,
    }
}

/// Files read in parallel at a time: bounds memory on large corpora.
const BATCH: usize = 512;

/// Builds or updates the index of a corpus.
pub fn run(options: &IndexOptions) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let walked = ingest::walk(&options.corpus)?;
    let (index, old_commit, old, rebuild_reason) = open_for_writing(&options.index)?;
    let full = options.full || rebuild_reason.is_some();
    let fields = Fields::from_schema(&index.schema()).map_err(tantivy_error(&options.index))?;
    let plan = plan(walked.files, &old, full);
    if plan.ids.iter().any(|&id| id >= schema::facets::MAX_FILES) {
        return Err(IndexError::TooManyFiles(
            plan.unchanged.len() + plan.to_read.len(),
        ));
    }
    let old_aliases = old_commit.as_ref().and_then(|c| c.alias_file.as_ref());
    let alias_file = read_aliases(&options.corpus, old_aliases);
    let aliases_changed = alias_file.as_ref() != old_aliases;
    let folders_changed = old_commit
        .as_ref()
        .is_none_or(|c| c.folders != walked.folders);

    let mut summary = Summary {
        full,
        rebuild_reason,
        unchanged: plan.unchanged.len(),
        removed: plan.removed.len(),
        skipped: walked.skipped,
        ..Summary::default()
    };
    if let Some(error) = alias_file.as_ref().and_then(|a| a.error.clone()) {
        summary.skipped.push(Skipped {
            path: ALIAS_FILE.to_string(),
            reason: error,
        });
    }
    let nothing_changed = plan.to_read.is_empty() && plan.removed.is_empty();
    if nothing_changed && !full && !aliases_changed && !folders_changed {
        summary.total_files = old.files.len();
        summary.total_passages = old.files.values().map(|e| e.passages).sum();
        summary.seconds = started.elapsed().as_secs_f64();
        return Ok(summary);
    }

    let err = tantivy_error(&options.index);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, WRITER_MEMORY)
        .map_err(&err)?;
    let mut manifest = Manifest::default();
    if full {
        writer.delete_all_documents().map_err(&err)?;
    } else {
        for rel in &plan.unchanged {
            manifest.files.insert(rel.clone(), old.files[rel].clone());
        }
        for rel in &plan.removed {
            writer.delete_term(Term::from_field_text(fields.path, rel));
        }
    }

    let bar = progress_bar(options.progress, plan.to_read.len() as u64);
    for (batch, ids) in plan.to_read.chunks(BATCH).zip(plan.ids.chunks(BATCH)) {
        let reads: Vec<Read> = batch
            .par_iter()
            .zip(ids)
            .map(|(file, &id)| {
                let old = old.files.get(&file.rel).cloned();
                let read = read_one(&fields, file.clone(), id, old, full);
                bar.inc(1);
                read
            })
            .collect();
        for read in reads {
            record(
                &mut writer,
                &fields,
                read,
                full,
                &mut manifest,
                &mut summary,
            )
            .map_err(&err)?;
        }
    }
    bar.finish_and_clear();

    summary.total_files = manifest.files.len();
    summary.total_passages = manifest.files.values().map(|e| e.passages).sum();
    let manifest_error = |source| IndexError::Manifest {
        path: options.index.clone(),
        source,
    };
    let manifest_file = write_manifest(&options.index, &manifest).map_err(manifest_error)?;
    let commit = Commit {
        version: SCHEMA_VERSION,
        corpus: absolute(&options.corpus),
        manifest: manifest_file,
        folders: walked.folders,
        alias_file,
        mined: manifest.mined(),
        files: summary.total_files,
        passages: summary.total_passages,
        bodies: manifest.bodies(),
    };
    let payload =
        serde_json::to_string(&commit).map_err(|e| manifest_error(std::io::Error::other(e)))?;
    let mut prepared = writer.prepare_commit().map_err(&err)?;
    prepared.set_payload(&payload);
    prepared.commit().map_err(&err)?;
    remove_other_manifests(&options.index, &commit.manifest);
    writer.wait_merging_threads().map_err(&err)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Writes one read file's passages and its manifest entry.
fn record(
    writer: &mut IndexWriter<TantivyDocument>,
    fields: &Fields,
    read: Read,
    full: bool,
    manifest: &mut Manifest,
    summary: &mut Summary,
) -> tantivy::Result<()> {
    let Read {
        file,
        id,
        old,
        outcome,
        moved,
    } = read;
    let warn = |summary: &mut Summary, reason: String| {
        summary.warnings.push(Skipped {
            path: file.rel.clone(),
            reason,
        })
    };
    if moved {
        warn(
            summary,
            "changed while it was read; indexed as read".to_string(),
        );
    }
    if file.lossy_name {
        warn(
            summary,
            "file name is not valid UTF-8; shown with U+FFFD".to_string(),
        );
    }
    if let (Outcome::Same, Some(old)) = (&outcome, &old) {
        // Touched, not changed: keep its passages, note its new time.
        summary.unchanged += 1;
        let entry = FileEntry {
            size: file.size,
            mtime_ns: file.mtime_ns,
            ..old.clone()
        };
        manifest.files.insert(file.rel, entry);
        return Ok(());
    }
    if old.is_some() && !full {
        writer.delete_term(Term::from_field_text(fields.path, &file.rel));
    }
    if old.is_some() {
        summary.changed += 1;
    } else {
        summary.added += 1;
    }
    let mut entry = FileEntry {
        id,
        size: file.size,
        mtime_ns: file.mtime_ns,
        hash: 0,
        encoding: String::new(),
        passages: 0,
        langs: BTreeMap::new(),
        skipped: None,
        aliases: Vec::new(),
    };
    match outcome {
        Outcome::Text(prepared) => {
            entry.hash = prepared.hash;
            entry.encoding = prepared.encoding.to_string();
            entry.passages = prepared.documents.len();
            entry.aliases = prepared.aliases;
            *summary.encodings.entry(entry.encoding.clone()).or_default() += 1;
            for (document, lang) in prepared.documents.into_iter().zip(&prepared.langs) {
                writer.add_document(document)?;
                *entry.langs.entry(lang.to_string()).or_default() += 1;
                *summary
                    .passages_by_lang
                    .entry(lang.to_string())
                    .or_default() += 1;
            }
            if prepared.replaced > 0 {
                let reason = format!(
                    "{} undecodable byte(s) replaced; the rest was indexed as {}",
                    prepared.replaced, prepared.encoding
                );
                warn(summary, reason);
            }
        }
        Outcome::Unreadable(reason) => {
            summary.skipped.push(Skipped {
                path: file.rel.clone(),
                reason: reason.clone(),
            });
            entry.skipped = Some(reason);
        }
        Outcome::Same => {}
    }
    manifest.files.insert(file.rel, entry);
    Ok(())
}

/// The document of one passage of the file `(rel, id)`.
fn passage_document<'a>(
    fields: &Fields,
    (rel, id): (&str, u64),
    passage: &ingest::Passage,
    lang: &str,
    facts: &'a Facts,
    named: &mut FxHashSet<&'a str>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.path, rel);
    doc.add_text(fields.lang, lang);
    doc.add_u64(fields.passage, passage.ordinal as u64);
    doc.add_u64(fields.line, passage.line as u64);
    doc.add_u64(fields.byte_start, passage.byte_start as u64);
    doc.add_u64(fields.byte_end, passage.byte_end as u64);
    doc.add_text(fields.text, &passage.text);
    doc.add_text(fields.body_for(lang), &passage.text);
    if facts.has_grams {
        doc.add_text(fields.gram_runs, &passage.text);
    }
    add_dates(&mut doc, fields, (id, lang), &facts.dates);
    add_names(&mut doc, fields, &facts.spellings, named);
    doc
}

/// Spellings whose name terms are kept at most per thread before the cache
/// starts afresh.
const NAME_CACHE_LIMIT: usize = 200_000;

thread_local! {
    /// The `names` terms of each spelling seen on this thread: a corpus's
    /// names recur, and keying a spelling costs far more than a lookup.
    static NAME_TERMS: RefCell<FxHashMap<Box<str>, Box<[String]>>> =
        RefCell::new(FxHashMap::default());
}

/// Adds the `names` terms of a passage's spellings (see [`schema::NAMES`])
/// that no passage of its file had before (`named`). Searches only read the
/// names field's term dictionary, never which passages hold a term, so one
/// passage per file is enough to keep a spelling in the index as long as
/// the file is.
fn add_names<'a>(
    doc: &mut TantivyDocument,
    fields: &Fields,
    spellings: &'a [Box<str>],
    named: &mut FxHashSet<&'a str>,
) {
    // One value of lines, one term a line: a value per term cost tantivy
    // more than the terms themselves.
    let mut lines = String::new();
    NAME_TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        for spelling in spellings {
            if !named.insert(spelling) {
                continue;
            }
            if let Some(terms) = cache.get(spelling) {
                push_lines(&mut lines, terms);
            } else {
                if cache.len() >= NAME_CACHE_LIMIT {
                    cache.clear();
                }
                let sep = schema::NAME_SEPARATOR;
                let terms: Box<[String]> = translit::key_variants(spelling)
                    .into_iter()
                    .map(|keys| format!("{}{sep}{}{sep}{spelling}", keys.coarse, keys.fine))
                    .collect();
                push_lines(&mut lines, &terms);
                cache.insert(spelling.clone(), terms);
            }
        }
    });
    if !lines.is_empty() {
        doc.add_text(fields.names, &lines);
    }
}

fn push_lines(lines: &mut String, texts: &[String]) {
    for text in texts {
        lines.push_str(text);
        lines.push('\n');
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

/// Adds the years, covered days and stored form of a passage's dates, and
/// its facets (file number, language, decade, years).
fn add_dates(doc: &mut TantivyDocument, fields: &Fields, (file, lang): (u64, &str), dates: &Dates) {
    for &year in &dates.years {
        doc.add_i64(fields.year, i64::from(year));
    }
    // Every passage has a value: the column is then dense and read without
    // an index of which passages have one.
    doc.add_u64(
        fields.facets,
        schema::facets::pack(file, lang, dates.decade, &dates.years),
    );
    if let Some(more) = schema::facets::pack_more(&dates.years) {
        doc.add_u64(fields.more_years, more);
    }
    for &day in &dates.days {
        doc.add_i64(fields.when, day);
    }
    if let Some(encoded) = &dates.encoded {
        doc.add_bytes(fields.dates, encoded);
    }
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

/// Whether the index needs building or updating before a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    Missing,
    /// The index was written by another version of shimoda.
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
    Ok(check(index_dir, corpus)?.0)
}

/// [`freshness`], with the index it opened to tell (when it could).
fn check(index_dir: &Path, corpus: &Path) -> Result<(Freshness, Option<OpenIndex>), IndexError> {
    match open_existing(index_dir)? {
        Existing::Missing => Ok((Freshness::Missing, None)),
        Existing::Outdated => Ok((Freshness::Outdated, None)),
        Existing::Current(opened) => Ok((state_of(&opened.commit, corpus), Some(*opened))),
    }
}

/// An index folder as a search finds it.
enum Existing {
    Missing,
    /// Written by another version of shimoda.
    Outdated,
    Current(Box<OpenIndex>),
}

fn open_existing(index_dir: &Path) -> Result<Existing, IndexError> {
    if !exists(index_dir) {
        return Ok(Existing::Missing);
    }
    match open(index_dir) {
        Err(IndexError::Outdated(_)) => Ok(Existing::Outdated),
        other => Ok(Existing::Current(Box::new(other?))),
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

/// The corpus an index of another version was last built from, read from
/// its commit alone (its schema is not ours to open).
fn recorded_corpus(index: &Path) -> Option<PathBuf> {
    let index = Index::open_in_dir(index).ok()?;
    Some(read_commit(&index).ok()??.corpus)
}

/// Figures about an index, from its manifest and its folder.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub files: usize,
    pub passages: usize,
    pub languages: BTreeMap<String, u64>,
    pub encodings: BTreeMap<String, u64>,
    pub index_bytes: u64,
}

/// The statistics of an opened index.
pub fn stats(opened: &OpenIndex) -> Result<Stats, IndexError> {
    let manifest = opened.manifest()?;
    let mut languages = BTreeMap::new();
    let mut encodings = BTreeMap::new();
    let indexed = manifest.files.values().filter(|e| e.skipped.is_none());
    for entry in indexed.clone() {
        for (lang, n) in &entry.langs {
            *languages.entry(lang.clone()).or_default() += *n as u64;
        }
        *encodings.entry(entry.encoding.clone()).or_default() += 1;
    }
    let index_bytes = std::fs::read_dir(&opened.path)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0);
    Ok(Stats {
        files: indexed.clone().count(),
        passages: indexed.map(|e| e.passages).sum(),
        languages,
        encodings,
        index_bytes,
    })
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
        (None, Existing::Outdated) => {
            recorded_corpus(index).unwrap_or_else(|| PathBuf::from(DEFAULT_CORPUS))
        }
        (None, Existing::Missing) => PathBuf::from(DEFAULT_CORPUS),
    };
    let corpus = corpus.as_path();
    let why = match existing {
        // No corpus to compare with: search what the index holds.
        Existing::Current(opened) if !corpus.is_dir() => return Ok((*opened, None)),
        Existing::Outdated if !corpus.is_dir() => {
            return Err(IndexError::Outdated(index.to_path_buf()));
        }
        Existing::Current(opened) => {
            if state_of(&opened.commit, corpus) == Freshness::Fresh {
                return Ok((*opened, None));
            }
            "the corpus changed: updating the index".to_string()
        }
        Existing::Outdated => format!(
            "index at {} was built by another version of shimoda: rebuilding it",
            index.display()
        ),
        Existing::Missing => {
            prepare_folder(index)?;
            format!(
                "no index at {}: building it from {}",
                index.display(),
                corpus.display()
            )
        }
    };
    notify(&why);
    let options = IndexOptions {
        corpus: corpus.to_path_buf(),
        index: index.to_path_buf(),
        full: false,
        progress,
    };
    match run(&options) {
        Err(IndexError::Busy(_)) if exists(index) => {
            notify(
                "another `shimoda index` is updating the index: searching its last committed state",
            );
            Ok((open(index)?, None))
        }
        Ok(summary) => Ok((open(index)?, Some(summary))),
        Err(e) => Err(e),
    }
}
