//! What the index records about its corpus, committed with its passages.
//!
//! Two records, both tied to one tantivy commit:
//! - the commit payload (in tantivy's `meta.json`, written atomically with
//!   the passages): small, read by every search: schema version, the
//!   corpus's folders with their times (for the freshness check), the
//!   aliases, and the name of the manifest file;
//! - the manifest file (`manifest-*.json` in the index folder): one entry
//!   per source file, read by `index` and `stats`. It is written under a
//!   new name before the commit that names it, so a crash leaves the old
//!   commit naming the old manifest.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::Index;

use crate::aliases;
use crate::lang::Lang;

/// What the index knows of one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// The file's number in the index (packed into its passages' facets,
    /// see [`crate::schema::facets`]; the source facet counts by it): kept
    /// while the file stays, unique among the files of the index.
    #[serde(default)]
    pub id: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub hash: u64,
    /// Encoding the file was read in; empty for a skipped file.
    pub encoding: String,
    pub passages: usize,
    /// Passages per language.
    pub langs: BTreeMap<String, usize>,
    /// Why the file holds no passages, when it was passed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// True when the file could not be read at all (no permission, an
    /// I/O error): unlike a file skipped for its content, it is tried
    /// again on every run, as nothing tells when it becomes readable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unread: bool,
    /// Spelling pairs the file gives in parentheses (`쿠나시르(Kunashir)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<aliases::MinedPair>,
    /// The format the file was read as (`text`, `pdf`, ...); empty for a
    /// skipped file.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub format: String,
    /// Lines left out as a saved page's interface.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub boilerplate: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The alias file as last read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasFileRecord {
    pub size: u64,
    pub mtime_ns: i64,
    pub entities: Vec<aliases::Entity>,
    /// Why the file could not be used, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The record of every source file in the index.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub files: BTreeMap<String, FileEntry>,
}

impl FileEntry {
    /// The entry of a file read anew: its number, size and time, the rest
    /// filled in as it is indexed.
    pub fn new(id: u64, size: u64, mtime_ns: i64) -> FileEntry {
        FileEntry {
            id,
            size,
            mtime_ns,
            hash: 0,
            encoding: String::new(),
            passages: 0,
            langs: BTreeMap::new(),
            skipped: None,
            unread: false,
            aliases: Vec::new(),
            format: String::new(),
            boilerplate: 0,
        }
    }
}

impl Manifest {
    /// Names of the body fields that hold passages of some file: the
    /// others need not be searched.
    pub fn bodies(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .files
            .values()
            .flat_map(|e| e.langs.keys())
            .map(|code| {
                let lang = Lang::from_code(code).unwrap_or(Lang::UNDETERMINED);
                lang.body_field().to_string()
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The spelling pairs mined from the files, gathered.
    pub fn mined(&self) -> Vec<aliases::Mined> {
        aliases::gather(
            self.files
                .iter()
                .map(|(path, e)| (path.as_str(), e.aliases.as_slice())),
        )
    }
}

/// The commit payload: what every search needs, kept small.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Commit {
    pub version: u32,
    /// The corpus folder the index was built from.
    pub corpus: PathBuf,
    /// The manifest file of this commit, in the index folder.
    pub manifest: String,
    /// The corpus's folders and their modification times at this commit.
    pub folders: Vec<(String, i64)>,
    /// The alias file as read at this commit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_file: Option<AliasFileRecord>,
    /// Spelling pairs mined from the texts.
    #[serde(default)]
    pub mined: Vec<aliases::Mined>,
    /// Files and passages in the index.
    pub files: usize,
    pub passages: usize,
    /// Body fields that hold passages (see [`Manifest::bodies`]).
    #[serde(default)]
    pub bodies: Vec<String>,
    /// True when the interface lines of pages saved as text were kept.
    #[serde(default)]
    pub keep_boilerplate: bool,
    /// True when pages of PDFs without a text layer were read by OCR.
    #[serde(default)]
    pub ocr: bool,
    /// The part of the corpus's files the index holds, when it is a shard
    /// of a sharded index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<crate::indexer::Part>,
}

impl Commit {
    /// The choices the files of this commit were read with.
    pub fn reading(&self) -> crate::ingest::Reading {
        crate::ingest::Reading {
            keep_boilerplate: self.keep_boilerplate,
            ocr: self.ocr,
        }
    }

    /// The aliases of the alias file, of the texts and of the built-in
    /// gazetteer, and the glossary's translations (built in and the
    /// corpus's own).
    pub fn aliases(&self) -> Result<aliases::Aliases, aliases::AliasError> {
        let entities = self
            .alias_file
            .as_ref()
            .map(|a| a.entities.as_slice())
            .unwrap_or_default();
        let glossary = aliases::corpus_glossary(&self.corpus)?;
        Ok(aliases::Aliases::new(entities, &self.mined)
            .with_built_in()
            .with_glossary(&glossary))
    }
}

/// Reads the commit payload of an index (`None` for an index without one,
/// or one written by a version that kept something else there).
pub fn read_commit(index: &Index) -> tantivy::Result<Option<Commit>> {
    Ok(index
        .load_metas()?
        .payload
        .and_then(|p| serde_json::from_str(&p).ok()))
}

/// Reads the manifest a commit names.
pub fn read_manifest(dir: &Path, commit: &Commit) -> std::io::Result<Manifest> {
    let text = std::fs::read(dir.join(&commit.manifest))?;
    serde_json::from_slice(&text).map_err(std::io::Error::other)
}

/// Prefix of manifest file names.
pub const MANIFEST_PREFIX: &str = "manifest-";

/// Writes a manifest under a new name (through a temporary file, synced),
/// returning the name.
pub fn write_manifest(dir: &Path, manifest: &Manifest) -> std::io::Result<String> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let name = format!("{MANIFEST_PREFIX}{stamp}-{}.json", std::process::id());
    let temporary = dir.join(format!("{name}.tmp"));
    let mut file = std::fs::File::create(&temporary)?;
    serde_json::to_writer(std::io::BufWriter::new(&mut file), manifest)
        .map_err(std::io::Error::other)?;
    file.flush()?;
    file.sync_all()?;
    std::fs::rename(&temporary, dir.join(&name))?;
    Ok(name)
}

/// Removes manifest files other than `keep` (left by earlier commits or by
/// runs that did not get to commit).
pub fn remove_other_manifests(dir: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(MANIFEST_PREFIX) && name != keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
