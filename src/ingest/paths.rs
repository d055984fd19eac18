//! Paths of the corpus as the index records them: relative, with `/`
//! between parts, and lossless for names that are not valid UTF-8.

use std::ffi::OsStr;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The path of `path` inside `corpus`, with `/` separators, escaped (see
/// [`escaped_relative`]).
pub fn relative(corpus: &Path, path: &Path) -> String {
    escaped_relative(corpus, path).0
}

/// The path of `path` inside `corpus`, with `/` separators, each part
/// escaped so that two names never give the same text: `\` is written
/// `\\`, and each byte that is not part of valid UTF-8 `\xhh` (two
/// lowercase hex digits). Also says whether any such byte was met.
pub fn escaped_relative(corpus: &Path, path: &Path) -> (String, bool) {
    let rel = path.strip_prefix(corpus).unwrap_or(path);
    let mut out = String::new();
    let mut escaped = false;
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        escaped |= push_escaped(&mut out, part.as_os_str());
    }
    (out, escaped)
}

/// Appends `name` escaped to `out`; true when a byte was not UTF-8.
fn push_escaped(out: &mut String, name: &OsStr) -> bool {
    let mut escaped = false;
    for chunk in name.as_encoded_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
            escaped = true;
        }
    }
    escaped
}

/// The bytes of the name that [`escaped_relative`] wrote as `rel`.
pub fn unescape(rel: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rel.len());
    let mut rest = rel.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let hex = tail
            .strip_prefix(b"x")
            .and_then(|t| t.get(..2))
            .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
        match (first, tail.first(), hex) {
            (b'\\', Some(b'\\'), _) => (bytes.push(b'\\'), rest = &tail[1..]),
            (b'\\', Some(b'x'), Some(byte)) => (bytes.push(byte), rest = &tail[3..]),
            _ => (bytes.push(first), rest = tail),
        };
    }
    bytes
}

/// The path a relative path of the corpus names (see [`unescape`]).
#[cfg(unix)]
pub fn path_of(rel: &str) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(OsStr::from_bytes(&unescape(rel)))
}

/// The path a relative path of the corpus names (see [`unescape`]); a name
/// that was not valid UTF-8 cannot be rebuilt here and names nothing.
#[cfg(not(unix))]
pub fn path_of(rel: &str) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&unescape(rel)).into_owned())
}

/// The canonical form of `path`, which need not exist yet: its longest
/// existing ancestor resolved (links, `..`), the rest appended.
pub fn canonical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut base = absolute.as_path();
    loop {
        if let Ok(real) = base.canonicalize() {
            return missing.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (base.parent(), base.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                base = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn name(bytes: &[u8]) -> PathBuf {
        use std::os::unix::ffi::OsStrExt;
        PathBuf::from(OsStr::from_bytes(bytes))
    }

    #[cfg(unix)]
    #[test]
    fn names_differing_only_in_invalid_bytes_stay_apart() {
        let corpus = Path::new("/c");
        let names: [&[u8]; 6] = [
            b"bad\xffname.txt",
            b"bad\xfename.txt",
            b"bad\\xffname.txt",
            b"bad\\\\xffname.txt",
            "bad\u{FFFD}name.txt".as_bytes(),
            b"ru/\xc3\xa9\xc3/x",
        ];
        let rels: Vec<(String, bool)> = names
            .iter()
            .map(|n| escaped_relative(corpus, &corpus.join(name(n))))
            .collect();
        assert_eq!(rels[0], (r"bad\xffname.txt".to_string(), true));
        assert_eq!(rels[2], (r"bad\\xffname.txt".to_string(), false));
        assert_eq!(rels[5], ("ru/é\\xc3/x".to_string(), true));
        for (i, a) in rels.iter().enumerate() {
            for b in &rels[i + 1..] {
                assert_ne!(a.0, b.0);
            }
        }
        for (n, (rel, _)) in names.iter().zip(&rels) {
            assert_eq!(unescape(rel), *n, "{rel}");
            assert_eq!(path_of(rel), name(n));
        }
    }

    #[test]
    fn a_canonical_path_need_not_exist() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        assert_eq!(canonical(&dir.path().join("b/idx")), real.join("b/idx"));
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let back = dir.path().join("a/../b/idx");
        assert_eq!(canonical(&back), real.join("b/idx"));
    }
}
