//! Figures about an index: files, passages, languages, encodings, size.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{IndexError, OpenIndex};

/// Figures about an index, from its manifest and its folder.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub files: usize,
    pub passages: usize,
    pub languages: BTreeMap<String, u64>,
    pub encodings: BTreeMap<String, u64>,
    /// Files per format (`text`, `pdf`, `html`, ...).
    pub formats: BTreeMap<String, u64>,
    /// Lines left out as saved pages' interface.
    pub boilerplate_lines: u64,
    pub index_bytes: u64,
}

/// The statistics of an opened index, once its files are checked (see
/// [`super::check`]): figures of a damaged index would not be true.
pub fn stats(opened: &OpenIndex) -> Result<Stats, IndexError> {
    super::check(opened)?;
    let manifest = opened.manifest()?;
    let mut languages = BTreeMap::new();
    let mut encodings = BTreeMap::new();
    let mut formats = BTreeMap::new();
    let mut boilerplate_lines = 0;
    let indexed = manifest.files.values().filter(|e| e.skipped.is_none());
    for entry in indexed.clone() {
        for (lang, n) in &entry.langs {
            *languages.entry(lang.clone()).or_default() += *n as u64;
        }
        *encodings.entry(entry.encoding.clone()).or_default() += 1;
        let format = if entry.format.is_empty() {
            "text"
        } else {
            &entry.format
        };
        *formats.entry(format.to_string()).or_default() += 1;
        boilerplate_lines += entry.boilerplate as u64;
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
        formats,
        boilerplate_lines,
        index_bytes,
    })
}
