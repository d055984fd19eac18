//! Reading one file for indexing: its bytes, whether it changed, and its
//! passages turned into documents (the costly part, run in parallel).

use std::rc::Rc;

use rustc_hash::FxHashSet;
use tantivy::TantivyDocument;

use super::document::passage_document;
use super::facts::{self, Facts};
use crate::aliases;
use crate::detect;
use crate::ingest::{self, SourceFile, Text};
use crate::lang::Lang;
use crate::manifest::FileEntry;
use crate::schema::Fields;

/// What reading a file gave.
pub(super) enum Outcome {
    /// The same bytes as indexed before (the file was only touched).
    Same,
    /// Its passages, ready to be written.
    Text(Prepared),
    /// Why it cannot be indexed.
    Unreadable(String),
    /// Why the file could not be read at all (tried again next run).
    Failed(String),
}

/// A file's passages turned into documents, with what the manifest keeps.
pub(super) struct Prepared {
    pub(super) format: &'static str,
    pub(super) encoding: &'static encoding_rs::Encoding,
    pub(super) replaced: usize,
    pub(super) hash: u64,
    pub(super) documents: Vec<TantivyDocument>,
    /// The language of each passage.
    pub(super) langs: Vec<Lang>,
    pub(super) aliases: Vec<aliases::MinedPair>,
    /// What the format's reader could not read (pages without text).
    pub(super) notes: Vec<String>,
    /// Lines left out as a saved page's interface.
    pub(super) boilerplate: usize,
}

/// Detects the passages' languages, extracts dates, names and aliases, and
/// builds the documents: the expensive part, run in parallel per file.
/// `hash` is the hash of the file's bytes, kept in the manifest.
pub(super) fn prepare(fields: &Fields, (rel, id): (&str, u64), hash: u64, text: Text) -> Prepared {
    let facts: Vec<Rc<Facts>> = text.passages.iter().map(|p| facts::of(&p.text)).collect();
    let detected: Vec<_> = facts.iter().map(|f| f.detected).collect();
    let langs = detect::resolve(&detected, || {
        detect::detect_together(text.passages.iter().map(|p| p.text.as_str()))
    });
    let mut named = FxHashSet::default();
    let documents = text
        .passages
        .iter()
        .zip(&langs)
        .zip(&facts)
        .map(|((passage, lang), facts)| {
            passage_document(fields, (rel, id), passage, *lang, facts, &mut named)
        })
        .collect();
    let mut mined: Vec<aliases::MinedPair> =
        facts.iter().flat_map(|f| f.mined.iter().cloned()).collect();
    mined.sort();
    mined.dedup();
    Prepared {
        format: text.format,
        notes: text.notes,
        boilerplate: text.boilerplate,
        encoding: text.encoding,
        replaced: text.replaced,
        hash,
        documents,
        langs,
        aliases: mined,
    }
}

/// A file read for indexing.
pub(super) struct Read {
    pub(super) file: SourceFile,
    /// Its number in the index.
    pub(super) id: u64,
    /// Its entry in the index before this run.
    pub(super) old: Option<FileEntry>,
    pub(super) outcome: Outcome,
    /// True when the file changed between the walk and the read.
    pub(super) moved: bool,
}

pub(super) fn read_one(
    fields: &Fields,
    mut file: SourceFile,
    id: u64,
    old: Option<FileEntry>,
    full: bool,
    reading: ingest::Reading,
) -> Read {
    if let Some(reason) = ingest::too_large(&file.path, file.size) {
        return Read {
            file,
            id,
            old,
            outcome: Outcome::Unreadable(reason),
            moved: false,
        };
    }
    let outcome = match ingest::read_bytes(&file.path) {
        Err(reason) => Outcome::Failed(reason),
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
                match ingest::text_of(&read.bytes, Some(&file.path), reading) {
                    Ok(text) => Outcome::Text(prepare(fields, (&file.rel, id), hash, text)),
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
