//! Reading an index whose files may be damaged: tantivy trusts the bytes
//! of its files, and garbled ones make it panic (a slice out of bounds, an
//! allocation of a garbage size) instead of returning an error.

use std::path::Path;

use super::IndexError;
use crate::panics;

/// Runs `read` on the index in `dir`, turning a panic into
/// [`IndexError::Damaged`].
pub fn guarded<T>(dir: &Path, read: impl FnOnce() -> T) -> Result<T, IndexError> {
    panics::caught(read).map_err(|detail| damaged(dir, &detail))
}

/// Longest cause quoted in a damaged-index message.
const MAX_DETAIL: usize = 160;

/// [`IndexError::Damaged`] with `detail` on one short line (tantivy's
/// messages may span lines and quote whole files).
pub fn damaged(dir: &Path, detail: &str) -> IndexError {
    let mut line = detail.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((cut, _)) = line.char_indices().nth(MAX_DETAIL) {
        line.truncate(cut);
        line.push('…');
    }
    IndexError::Damaged {
        path: dir.to_path_buf(),
        detail: line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_damaged_index() {
        let dir = Path::new("some-index");
        let caught = guarded(dir, || -> u32 { panic!("mid > len") });
        assert!(
            matches!(caught, Err(IndexError::Damaged { ref detail, .. }) if detail == "mid > len")
        );
        assert!(!crate::panics::panic_expected());
        assert_eq!(guarded(dir, || 7).unwrap(), 7);
    }

    #[test]
    fn the_cause_is_one_short_line() {
        let long = format!("first line\nsecond {}", "x".repeat(500));
        let IndexError::Damaged { detail, .. } = damaged(Path::new("i"), &long) else {
            unreachable!()
        };
        assert!(!detail.contains('\n'));
        assert!(detail.starts_with("first line second"));
        assert!(detail.chars().count() <= MAX_DETAIL + 1);
    }
}
