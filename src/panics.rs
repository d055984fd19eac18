//! Panics that are expected and reported as errors: a damaged index makes
//! tantivy panic, a hostile document may make a format parser panic. The
//! program's panic hook stays silent for those, since the caller turns
//! them into a one-line message of its own.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Guarded calls under way. A process-wide count rather than a per-thread
/// flag: a search on a large index runs on tantivy's threads too.
static EXPECTED: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

/// Threads of this name read untrusted documents; a panic there is always
/// caught and reported by the thread's owner.
pub const READER_THREAD: &str = "shimoda-reader";

/// True while a panic would be caught and reported by its caller.
pub fn panic_expected() -> bool {
    EXPECTED.load(Ordering::SeqCst) > 0 || std::thread::current().name() == Some(READER_THREAD)
}

/// Runs `work`, turning a panic into its message.
pub fn caught<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    quiet_hook();
    EXPECTED.fetch_add(1, Ordering::SeqCst);
    let outcome = catch_unwind(AssertUnwindSafe(work));
    EXPECTED.fetch_sub(1, Ordering::SeqCst);
    outcome.map_err(|payload| message(payload.as_ref()))
}

/// The text a panic was raised with.
pub fn message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".to_string())
}

/// Wraps the panic hook in place (the program's) so that it says nothing
/// of a panic that is caught and reported.
pub fn quiet_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !panic_expected() {
                previous(info)
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_gives_its_message() {
        assert_eq!(
            caught(|| -> u32 { panic!("mid > len") }),
            Err("mid > len".into())
        );
        assert!(!panic_expected());
        assert_eq!(caught(|| 7), Ok(7));
    }
}
