//! Ingest: walk the corpus, read and decode each file, normalize and split
//! its text into passages. Nothing here knows about languages or the index.

pub mod archive;
pub mod boilerplate;
pub mod decode;
pub mod docx;
pub mod epub;
pub mod extract;
pub mod flow;
pub mod html;
pub mod normalize;
pub mod ocr;
pub mod odt;
pub mod paths;
pub mod pdf;
mod pdf_lines;
mod pdf_rise;
pub mod split;
pub mod xml;

use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use walkdir::WalkDir;

pub use decode::{Decoded, Unreadable};
pub use extract::{Document, Extractor};
pub use paths::relative;

/// Errors that stop ingestion as a whole (a bad file only yields a warning).
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("corpus folder {0} does not exist")]
    CorpusMissing(PathBuf),
    #[error("corpus {0} is not a folder")]
    NotAFolder(PathBuf),
}

/// A file found in the corpus, before it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path relative to the corpus, with `/` between parts, escaped so
    /// that it is unique (see [`paths::escaped_relative`]: `\` is written
    /// `\\`, a byte that is not valid UTF-8 `\xhh`).
    pub rel: String,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    /// True when the path is not valid UTF-8 and `rel` shows it escaped.
    pub escaped_name: bool,
}

/// A file the walk or the reader passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Where a passage is in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line of the extracted text the passage starts on.
    pub line: usize,
    /// Byte range in the file (for UTF-8 text files) or in the extracted
    /// text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// 1-based page, for paged formats.
    pub page: Option<u32>,
    /// Section (chapter, heading), for formats that have them.
    pub section: Option<String>,
    /// True when the text was read from a page image by OCR.
    pub ocr: bool,
}

/// One passage of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// 0-based position of the passage in its file.
    pub ordinal: usize,
    pub location: Location,
    /// The normalized text.
    pub text: String,
}

/// A file read, extracted and split.
#[derive(Debug, Clone)]
pub struct Text {
    /// The format's name (see [`extract::Extractor::format`]).
    pub format: &'static str,
    pub encoding: &'static encoding_rs::Encoding,
    /// Bytes that could not be decoded.
    pub replaced: usize,
    pub passages: Vec<Passage>,
    /// What the format's reader could not read but did not refuse the file
    /// for (see [`Document::notes`]).
    pub notes: Vec<String>,
    /// Lines left out as a page's interface.
    pub boilerplate: usize,
}

/// What a walk of the corpus found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular files, sorted by relative path.
    pub files: Vec<SourceFile>,
    /// Folders (relative path, `""` for the corpus itself) with their
    /// modification times: a folder's time changes when an entry is added,
    /// removed or renamed in it.
    pub folders: Vec<(String, i64)>,
    /// What could not be walked into or read.
    pub skipped: Vec<Skipped>,
}

/// Checks that the corpus is a folder.
pub fn check_corpus(corpus: &Path) -> Result<(), IngestError> {
    let meta =
        std::fs::metadata(corpus).map_err(|_| IngestError::CorpusMissing(corpus.to_path_buf()))?;
    if !meta.is_dir() {
        return Err(IngestError::NotAFolder(corpus.to_path_buf()));
    }
    Ok(())
}

/// Walks the corpus: every regular file, hidden files and folders left out,
/// and the index folder `index` (when it lies inside the corpus), symlinks
/// followed (a loop is reported, not followed again). FIFOs, devices and
/// sockets are reported, never opened.
pub fn walk(corpus: &Path, index: Option<&Path>) -> Result<Walk, IngestError> {
    check_corpus(corpus)?;
    let index = index.map(paths::canonical);
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let mut skipped = Vec::new();
    let walker = WalkDir::new(corpus)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(is_hidden(e.file_name()) || is(e, index.as_deref())));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => match entry.metadata() {
                Ok(meta) => {
                    let (rel, escaped_name) = paths::escaped_relative(corpus, entry.path());
                    files.push(SourceFile {
                        rel,
                        escaped_name,
                        path: entry.into_path(),
                        size: meta.len(),
                        mtime_ns: mtime_ns(&meta),
                    })
                }
                Err(e) => skipped.push(Skipped {
                    path: relative(corpus, entry.path()),
                    reason: format!("cannot read its metadata: {e}"),
                }),
            },
            Ok(entry) if entry.file_type().is_dir() => {
                let time = entry.metadata().map(|m| mtime_ns(&m)).unwrap_or(0);
                folders.push((relative(corpus, entry.path()), time));
            }
            Ok(entry) => skipped.push(Skipped {
                path: relative(corpus, entry.path()),
                reason: not_regular(entry.file_type()),
            }),
            Err(e) => skipped.push(walk_error(corpus, &e)),
        }
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Walk {
        files,
        folders,
        skipped,
    })
}

/// True when every folder still has the modification time it had: no
/// entry was added, removed or renamed in any of them. Costs one `stat`
/// per folder, not per file.
#[cfg(unix)]
pub fn folders_unchanged(corpus: &Path, folders: &[(String, i64)]) -> bool {
    // The corpus folder is opened once and each folder is looked up from
    // it: the system then walks only the folder's own part of the path.
    let Ok(root) = std::fs::File::open(corpus) else {
        return false;
    };
    folders
        .iter()
        .all(|(rel, time)| folder_time(&root, rel) == Some(*time))
}

/// The modification time of the folder `rel` inside the opened folder
/// `root`, as [`mtime_ns`] gives it; `None` when it is no folder.
#[cfg(unix)]
fn folder_time(root: &std::fs::File, rel: &str) -> Option<i64> {
    use rustix::fs::{AtFlags, FileType, statat};
    let path = if rel.is_empty() {
        Path::new(".").to_path_buf()
    } else {
        paths::path_of(rel)
    };
    let stat = statat(root, &path, AtFlags::empty()).ok()?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::Directory {
        return None;
    }
    // As `mtime_ns` counts: 0 before 1970, nanoseconds cut to 64 bits.
    let seconds = u64::try_from(stat.st_mtime).ok()?;
    let nanos = Duration::new(seconds, u32::try_from(stat.st_mtime_nsec).unwrap_or(0));
    Some(nanos_of(Some(nanos)))
}

/// True when every folder still has the modification time it had (see the
/// Unix version, which looks folders up from the opened corpus folder).
#[cfg(not(unix))]
pub fn folders_unchanged(corpus: &Path, folders: &[(String, i64)]) -> bool {
    folders.iter().all(|(rel, time)| {
        std::fs::metadata(corpus.join(paths::path_of(rel)))
            .is_ok_and(|m| m.is_dir() && mtime_ns(&m) == *time)
    })
}

fn walk_error(corpus: &Path, e: &walkdir::Error) -> Skipped {
    let path = e.path().map(|p| relative(corpus, p)).unwrap_or_default();
    let reason = if e.loop_ancestor().is_some() {
        "symlink loop, not followed".to_string()
    } else if let Some(io) = e.io_error() {
        format!("cannot read: {io}")
    } else {
        e.to_string()
    };
    Skipped { path, reason }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// True when the entry is the folder `folder` (canonical). Compared by
/// canonical path, as the index may be named relative or absolute, or be
/// reached through a link.
fn is(entry: &walkdir::DirEntry, folder: Option<&Path>) -> bool {
    folder.is_some_and(|folder| {
        entry.file_type().is_dir() && entry.path().canonicalize().is_ok_and(|p| p == folder)
    })
}

/// Why a file of this type is not read.
pub fn not_regular(file_type: std::fs::FileType) -> String {
    format!("not a regular file: {}", kind(file_type))
}

/// What a file that is neither a regular file nor a folder is.
#[cfg(unix)]
fn kind(file_type: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_char_device() || file_type.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Modification time of a file in nanoseconds since the Unix epoch.
pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    nanos_of(
        meta.modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok()),
    )
}

/// A time since the epoch in nanoseconds, cut to 64 bits; 0 for none.
fn nanos_of(since_epoch: Option<Duration>) -> i64 {
    since_epoch.map_or(0, |d| d.as_nanos() as i64)
}

/// Hash of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// A file's bytes with the size and modification time they were read at.
pub struct Bytes {
    pub bytes: Vec<u8>,
    pub size: u64,
    pub mtime_ns: i64,
}

/// Reads a file whole. The size and time come from the open file, so they
/// belong to the bytes read even when the file changes meanwhile. Anything
/// but a regular file is refused before a byte is read: a FIFO or a device
/// could block or never end.
pub fn read_bytes(path: &Path) -> Result<Bytes, String> {
    use std::io::Read;
    let mut file = open_without_blocking(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read its metadata: {e}"))?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read its metadata: {e}"))?;
    Ok(Bytes {
        size: bytes.len() as u64,
        mtime_ns: mtime_ns(&meta),
        bytes,
    })
}

/// Why a file too large for its format's reader is refused before it is
/// read: a PDF or a ZIP container (DOCX, ODT, EPUB) above
/// [`extract::MAX_DOCUMENT_BYTES`], told by its first bytes. Plain text of
/// any size is read.
pub fn too_large(path: &Path, size: u64) -> Option<String> {
    use std::io::Read;
    if size <= extract::MAX_DOCUMENT_BYTES as u64 {
        return None;
    }
    let mut head = [0u8; 1024];
    let mut file = open_without_blocking(path).ok()?;
    let read = file.read(&mut head).ok()?;
    let head = &head[..read];
    let format = if pdf::Pdf.sniff(head, None) {
        "PDF"
    } else if archive::is_zip(head) {
        "ZIP container (DOCX, ODT or EPUB)"
    } else {
        return None;
    };
    Some(format!(
        "{format} of {} MB, more than the {} MB a document may have",
        size >> 20,
        extract::MAX_DOCUMENT_BYTES >> 20
    ))
}

/// Opens a file for reading; on Unix without waiting for a writer, as
/// opening a FIFO otherwise does (regular files read the same either way).
#[cfg(unix)]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_without_blocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Choices about what of a file is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reading {
    /// Keep the interface lines of pages saved as plain text (see
    /// [`boilerplate`]), which are otherwise left out.
    pub keep_boilerplate: bool,
    /// Read the pages of PDFs that have no text layer with OCR (see
    /// [`ocr`]), when tesseract is installed.
    pub ocr: bool,
}

/// Extracts, splits and normalizes the bytes of one file (named `hint`,
/// when known: its extension helps tell its format).
pub fn text_of(bytes: &[u8], hint: Option<&Path>, reading: Reading) -> Result<Text, Unreadable> {
    let mut document = extract::extract(bytes, hint)?;
    // Only plain text carries a saved page's interface as lines: the
    // document formats' readers know their structure.
    if document.format == extract::PlainText.format() && !reading.keep_boilerplate {
        document.boilerplate = boilerplate::blank_navigation(&mut document.text);
    }
    read_blank_pages(&mut document, bytes, reading)?;
    Ok(Text {
        format: document.format,
        encoding: document.encoding,
        replaced: document.replaced,
        passages: passages_of(&document),
        notes: document.notes,
        boilerplate: document.boilerplate,
    })
}

/// The pages of a PDF without a text layer: read by OCR when asked and
/// possible, else named in a note; a PDF with no text at all is refused.
fn read_blank_pages(
    document: &mut Document,
    bytes: &[u8],
    reading: Reading,
) -> Result<(), Unreadable> {
    let blank = std::mem::take(&mut document.blank_pages);
    if blank.is_empty() {
        return Ok(());
    }
    let mut unread = blank.clone();
    if reading.ocr {
        match ocr::read_pages(bytes, &blank) {
            Ok(pages) => {
                for (page, text) in &pages {
                    extract::Builder::ocr_page(document, *page, text);
                }
                unread.retain(|p| !pages.iter().any(|(read, _)| read == p));
            }
            Err(why) => document.notes.push(format!("OCR not run: {why}")),
        }
    }
    let pages = document
        .regions
        .iter()
        .filter_map(|r| r.page)
        .max()
        .unwrap_or(0);
    let pages = pages.max(blank.iter().copied().max().unwrap_or(0));
    if document.text.trim().is_empty() {
        let hint = if reading.ocr {
            ""
        } else {
            " (index --ocr reads it with tesseract)"
        };
        return Err(Unreadable::Refused(format!(
            "no text layer on any of its {} page(s); scanned?{hint}",
            unread.len()
        )));
    }
    if !unread.is_empty() {
        document.notes.push(format!(
            "no text layer on {} of {pages} page(s) ({}); scanned?",
            unread.len(),
            pdf::pages_list(&unread)
        ));
    }
    Ok(())
}

/// A document's passages: its text split, each piece normalized, the pieces
/// without a letter or digit left out.
pub fn passages_of(document: &Document) -> Vec<Passage> {
    let text = &document.text;
    split::split(text)
        .into_iter()
        .map(|span| (span, normalize::normalize(&text[span.start..span.end])))
        .filter(|(_, normalized)| normalized.chars().any(char::is_alphanumeric))
        .enumerate()
        .map(|(ordinal, (span, text))| {
            let region = document.region_at(span.start);
            Passage {
                ordinal,
                location: Location {
                    line: span.line,
                    byte_start: span.start + document.shift,
                    byte_end: span.end + document.shift,
                    page: region.and_then(|r| r.page),
                    section: region.and_then(|r| r.section.clone()),
                    ocr: region.is_some_and(|r| r.ocr),
                },
                text,
            }
        })
        .collect()
}

/// What `add` did with each file.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Added {
    /// Copied into the corpus (new, or replacing with --force).
    pub copied: Vec<String>,
    /// Already in the corpus with the same bytes.
    pub present: Vec<String>,
    /// Not copied, with the reason.
    pub refused: Vec<Skipped>,
}

/// Copies files into the top of the corpus. A file of the same name with
/// other bytes is replaced only with `force`. Each copy is written to a
/// hidden temporary file and renamed, so the corpus never holds half a file.
pub fn add(corpus: &Path, files: &[PathBuf], force: bool) -> Result<Added, IngestError> {
    if !corpus.is_dir() {
        std::fs::create_dir_all(corpus)
            .map_err(|_| IngestError::CorpusMissing(corpus.to_path_buf()))?;
    }
    let mut added = Added::default();
    for source in files {
        let shown = source.display().to_string();
        let refuse = |added: &mut Added, reason: String| {
            added.refused.push(Skipped {
                path: shown.clone(),
                reason,
            })
        };
        let Some(name) = source.file_name() else {
            refuse(&mut added, "not a file name".to_string());
            continue;
        };
        let bytes = match read_bytes(source) {
            Ok(read) => read.bytes,
            Err(reason) => {
                refuse(&mut added, reason);
                continue;
            }
        };
        let target = corpus.join(name);
        let rel = relative(corpus, &target);
        match read_bytes(&target).map(|read| read.bytes) {
            Ok(existing) if existing == bytes => {
                added.present.push(rel);
                continue;
            }
            Ok(_) if !force => {
                refuse(
                    &mut added,
                    format!("{rel} exists with other content (use --force to replace it)"),
                );
                continue;
            }
            _ => {}
        }
        let temporary = corpus.join(format!(".shimoda-add-{}", std::process::id()));
        let written =
            std::fs::write(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, &target));
        match written {
            Ok(()) => added.copied.push(rel),
            Err(e) => {
                let _ = std::fs::remove_file(&temporary);
                refuse(
                    &mut added,
                    format!("cannot write {}: {e}", target.display()),
                );
            }
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_times_match_the_walk_until_a_folder_changes() {
        let corpus = tempfile::tempdir().unwrap();
        let nested = corpus.path().join("ru").join("1905");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(nested.join("a.txt"), "Портсмут").unwrap();
        let walked = walk(corpus.path(), None).unwrap();
        assert!(walked.folders.iter().any(|(rel, _)| rel == "ru/1905"));
        assert!(folders_unchanged(corpus.path(), &walked.folders));
        // A folder whose time differs, or that is gone, is a change.
        let mut moved = walked.folders.clone();
        moved.iter_mut().for_each(|(_, time)| *time += 1);
        assert!(!folders_unchanged(corpus.path(), &moved));
        std::fs::remove_dir_all(&nested).unwrap();
        assert!(!folders_unchanged(corpus.path(), &walked.folders));
    }

    #[cfg(unix)]
    #[test]
    fn the_index_folder_and_special_files_are_left_out_of_the_walk() {
        let corpus = tempfile::tempdir().unwrap();
        let index = corpus.path().join("idx");
        std::fs::create_dir(&index).unwrap();
        std::fs::write(index.join("meta.json"), "{}").unwrap();
        std::fs::write(corpus.path().join("a.txt"), "Портсмут").unwrap();
        std::os::unix::fs::symlink("/dev/zero", corpus.path().join("zero")).unwrap();
        // Named through `..`: the walk compares canonical paths.
        let named = corpus.path().join("idx/../idx");
        let walked = walk(corpus.path(), Some(&named)).unwrap();
        let rels: Vec<&str> = walked.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt"]);
        assert_eq!(walked.folders.len(), 1, "{:?}", walked.folders);
        let skipped = &walked.skipped[0];
        assert_eq!(
            (skipped.path.as_str(), skipped.reason.as_str()),
            ("zero", "not a regular file: a device")
        );
        assert!(read_bytes(&corpus.path().join("zero")).is_err());
    }

    #[test]
    fn byte_ranges_point_into_the_file() {
        let bytes = "\u{FEFF}Заголовок\n\nПервый абзац\u{a0}текста.\n".as_bytes();
        let text = text_of(bytes, None, Reading::default()).unwrap();
        let p = &text.passages[1];
        let at = &p.location;
        assert_eq!(
            std::str::from_utf8(&bytes[at.byte_start..at.byte_end]).unwrap(),
            "Первый абзац\u{a0}текста."
        );
        assert_eq!(
            (p.ordinal, at.line, p.text.as_str()),
            (1, 3, "Первый абзац текста.")
        );
    }

    #[test]
    fn passages_without_letters_or_digits_are_dropped() {
        let text = text_of(
            "•\n\nReal text\n\n\\u200b\n".as_bytes(),
            None,
            Reading::default(),
        )
        .unwrap();
        let got: Vec<&str> = text.passages.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(got, ["Real text"]);
        assert_eq!(text.passages[0].ordinal, 0);
    }
}
