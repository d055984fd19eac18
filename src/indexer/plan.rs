//! Planning a run: which files of the corpus to read, keep or remove, and
//! the number each file has in the index.

use std::collections::HashSet;

use crate::aliases::{ALIAS_FILE, GLOSSARY_FILE};
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
    // The alias file and the glossary are settings, not texts.
    let settings = [ALIAS_FILE, GLOSSARY_FILE];
    for file in files
        .into_iter()
        .filter(|f| !settings.contains(&f.rel.as_str()))
    {
        seen.insert(file.rel.clone());
        match manifest.files.get(&file.rel) {
            Some(e) if !full && !e.unread && e.size == file.size && e.mtime_ns == file.mtime_ns => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::FileEntry;

    fn file(rel: &str, size: u64, mtime_ns: i64) -> SourceFile {
        SourceFile {
            path: rel.into(),
            rel: rel.to_string(),
            size,
            mtime_ns,
            escaped_name: false,
        }
    }

    /// A manifest of `a.txt` (number 0), `b.txt` (1) and `c.txt` (2), each
    /// of size 10 and time 100.
    fn manifest() -> Manifest {
        let mut manifest = Manifest::default();
        for (id, rel) in ["a.txt", "b.txt", "c.txt"].into_iter().enumerate() {
            let entry = FileEntry::new(id as u64, 10, 100);
            manifest.files.insert(rel.to_string(), entry);
        }
        manifest
    }

    /// The plan of a walk that found `files` (`name:size:time`, apart)
    /// against [`manifest`].
    fn planned(files: &str, full: bool) -> Plan {
        let walked = files.split_whitespace().map(|spec| {
            let parts: Vec<&str> = spec.split(':').collect();
            file(
                parts[0],
                parts[1].parse().unwrap(),
                parts[2].parse().unwrap(),
            )
        });
        plan(walked.collect(), &manifest(), full)
    }

    fn rels(files: &[SourceFile]) -> Vec<&str> {
        files.iter().map(|f| f.rel.as_str()).collect()
    }

    #[test]
    fn files_of_the_same_size_and_time_are_kept() {
        let plan = planned("a.txt:10:100 b.txt:10:100", false);
        assert_eq!(plan.unchanged, ["a.txt", "b.txt"]);
        assert!(plan.to_read.is_empty());
        assert_eq!(plan.removed, ["c.txt"]);
    }

    #[test]
    fn changed_and_touched_files_are_read_under_their_old_numbers() {
        // b.txt grew; c.txt was only touched (its bytes are compared when
        // it is read).
        let plan = planned("a.txt:10:100 b.txt:12:100 c.txt:10:200", false);
        assert_eq!(rels(&plan.to_read), ["b.txt", "c.txt"]);
        assert_eq!(plan.ids, [1, 2]);
        assert!(plan.removed.is_empty());
    }

    #[test]
    fn added_files_take_the_smallest_free_numbers() {
        let plan = planned("a.txt:10:100 c.txt:10:100 d.txt:5:100 e.txt:5:100", false);
        assert_eq!(plan.removed, ["b.txt"]);
        assert_eq!(rels(&plan.to_read), ["d.txt", "e.txt"]);
        // b.txt's number is free again; then the first past the others.
        assert_eq!(plan.ids, [1, 3]);
    }

    #[test]
    fn a_renamed_file_is_removed_under_its_old_name_and_added_under_the_new() {
        let plan = planned("a.txt:10:100 b.txt:10:100 c-renamed.txt:10:100", false);
        assert_eq!(plan.removed, ["c.txt"]);
        assert_eq!(rels(&plan.to_read), ["c-renamed.txt"]);
        assert_eq!(plan.ids, [2]);
    }

    #[test]
    fn a_full_run_reads_every_file_and_the_alias_file_is_never_a_text() {
        let plan = planned("a.txt:10:100 aliases.toml:3:100", true);
        assert_eq!(rels(&plan.to_read), ["a.txt"]);
        assert_eq!(plan.ids, [0]);
    }

    #[test]
    fn a_file_that_could_not_be_read_is_tried_again() {
        let mut manifest = manifest();
        manifest.files.get_mut("a.txt").unwrap().unread = true;
        let walked = vec![file("a.txt", 10, 100), file("b.txt", 10, 100)];
        let plan = plan(walked, &manifest, false);
        assert_eq!(rels(&plan.to_read), ["a.txt"]);
    }
}
