//! Files a killed run leaves in the index folder: segments it wrote but
//! never committed, its manifest, tantivy's temporary files. Nothing else
//! removes them until a run commits (a run that finds nothing to do never
//! does), so repeated kills would fill the disk.

use std::collections::HashSet;
use std::path::Path;

use tantivy::Index;

use super::folder::{is_segment_file, is_tantivy_temporary};
use crate::manifest::{Commit, remove_other_manifests};

/// Removes the files of `dir` that belong to no segment of the last
/// commit, and the manifests other than its own. Only for a caller that
/// holds the folder's write lock and has no writer open: then no run is
/// writing files the commit does not name yet. A file that cannot be
/// removed is left for the next run.
pub(super) fn remove(dir: &Path, index: &Index, commit: &Commit) {
    let Ok(metas) = index.load_metas() else {
        return;
    };
    let living: HashSet<String> = metas
        .segments
        .iter()
        .map(|segment| segment.id().uuid_string())
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if is_orphan(name, &living) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    remove_other_manifests(dir, &commit.manifest);
}

/// True for a segment file of no living segment, and for a temporary
/// file of tantivy's.
fn is_orphan(name: &str, living: &HashSet<String>) -> bool {
    let segment = name.split_once('.').map_or(name, |(id, _)| id);
    (is_segment_file(name) && !living.contains(segment)) || is_tantivy_temporary(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_of_dead_segments_are_orphans() {
        let alive = "0123456789abcdef0123456789abcdef";
        let living = HashSet::from([alive.to_string()]);
        for orphan in [
            "fedcba9876543210fedcba9876543210.idx",
            "fedcba9876543210fedcba9876543210.3.del",
            ".tmpAb12Cd",
        ] {
            assert!(is_orphan(orphan, &living), "{orphan}");
        }
        for kept in [
            "0123456789abcdef0123456789abcdef.idx",
            "0123456789abcdef0123456789abcdef.store",
            "meta.json",
            ".managed.json",
            "notes.idx",
            "fedcba9876543210fedcba9876543210.txt",
        ] {
            assert!(!is_orphan(kept, &living), "{kept}");
        }
    }
}
