//! Planning a run: which files of the corpus to read, keep or remove, and
//! the number each file has in the index.

use std::collections::HashSet;

use crate::aliases::ALIAS_FILE;
use crate::ingest::SourceFile;
use crate::manifest::Manifest;

/// What has to happen to each file of the corpus.
#[derive(Default)]
pub(super) struct Plan {
    /// Files to read and index (new, or changed in size or time).
    pub(super) to_read: Vec<SourceFile>,
    /// The number of each file to read: its old one, or a new one for a
    /// new file.
    pub(super) ids: Vec<u64>,
    pub(super) unchanged: Vec<String>,
    pub(super) removed: Vec<String>,
}

pub(super) fn plan(files: Vec<SourceFile>, manifest: &Manifest, full: bool) -> Plan {
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
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
pub(super) fn file_numbers(plan: &Plan, manifest: &Manifest) -> Vec<u64> {
    let removed: HashSet<&String> = plan.removed.iter().collect();
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
