//! Reading an index whose files may be damaged: tantivy trusts the bytes
//! of its files, and garbled ones make it panic (a slice out of bounds, an
//! allocation of a garbage size) instead of returning an error.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::IndexError;

/// Guarded reads under way. A process-wide count rather than a per-thread
/// flag: a search on a large index runs on tantivy's threads too.
static EXPECTED: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// True while a panic would come from a damaged index and is reported as
/// [`IndexError::Damaged`] instead: a panic hook can stay silent then.
pub fn panic_expected() -> bool {
    EXPECTED.load(Ordering::SeqCst) > 0
}

/// Runs `read` on the index in `dir`, turning a panic into
/// [`IndexError::Damaged`].
pub fn guarded<T>(dir: &Path, read: impl FnOnce() -> T) -> Result<T, IndexError> {
    quiet_hook();
    EXPECTED.fetch_add(1, Ordering::SeqCst);
    let outcome = catch_unwind(AssertUnwindSafe(read));
    EXPECTED.fetch_sub(1, Ordering::SeqCst);
    outcome.map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unreadable data".to_string());
        damaged(dir, &detail)
    })
}

/// Wraps the panic hook in place (the program's) so that it says nothing
/// of a panic [`guarded`] reports itself.
fn quiet_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_expected() {
                previous(info)
            }
        }));
    });
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
        assert!(!panic_expected());
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
