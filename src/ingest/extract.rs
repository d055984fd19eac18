//! From a file's bytes to a document: the text a format holds, and where in
//! the file (line, page, section) each part of that text came from.
//!
//! Each format is one [`Extractor`]; [`extract`] asks them in turn whether
//! the bytes are theirs, by their content (magic bytes, structure). The
//! file's extension is only a hint: a file named as a binary format whose
//! bytes are not that format is refused rather than read as text. Plain
//! text, in any encoding, is the last resort. A new format is a new file
//! with one more extractor in [`EXTRACTORS`]; splitting, normalization and
//! everything after stay as they are.
//!
//! Every reader but plain text parses untrusted, often damaged files with a
//! third-party parser, so it runs on a thread of its own, within a time
//! limit, and a panic there becomes a refusal of that one file.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use encoding_rs::Encoding;

use super::decode::{self, Unreadable};
use super::{docx, epub, html, odt, pdf};
use crate::panics;

/// A format's reader.
pub trait Extractor: Sync {
    /// The format's name, as `shimoda extract` and the index report it.
    fn format(&self) -> &'static str;
    /// True when `bytes` (the file named `hint`, when known) are this
    /// format's.
    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool;
    /// The extensions (lower case, no dot) files of this format have, when
    /// a file so named must be this format or nothing.
    fn binary_extensions(&self) -> &'static [&'static str] {
        &[]
    }
    /// The document the bytes hold, or why they cannot be read.
    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable>;
}

/// A part of a document's text that comes from one place of the file: a
/// page of a PDF, a section of an EPUB. A plain text has one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Where the region starts in [`Document::text`] (bytes).
    pub start: usize,
    /// 1-based page, for paged formats.
    pub page: Option<u32>,
    /// Section (chapter, heading) the region belongs to.
    pub section: Option<String>,
    /// True when the region's text was read from an image by OCR.
    pub ocr: bool,
}

/// A file's text as its format's reader gives it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The format's name (`text`, `pdf`, ...).
    pub format: &'static str,
    /// The encoding the text was read in (UTF-8 for formats that fix it).
    pub encoding: &'static Encoding,
    pub text: String,
    /// Bytes of the file before `text` starts (a byte-order mark), so that
    /// the byte ranges of a UTF-8 text point into the file itself.
    pub shift: usize,
    /// Bytes that could not be decoded and became U+FFFD.
    pub replaced: usize,
    /// The text's regions in order; the first starts at 0.
    pub regions: Vec<Region>,
    /// What the reader could not read but did not refuse the file for
    /// (pages without a text layer, say), one line each.
    pub notes: Vec<String>,
    /// Lines left out as a page's interface (see [`super::boilerplate`]).
    pub boilerplate: usize,
    /// Pages with no text layer (scanned), for OCR to read.
    pub blank_pages: Vec<u32>,
}

impl Document {
    /// The region the text's byte `at` lies in.
    pub fn region_at(&self, at: usize) -> Option<&Region> {
        let after = self.regions.partition_point(|r| r.start <= at);
        after.checked_sub(1).map(|i| &self.regions[i])
    }
}

/// Builds a document block by block: blocks are separated by a blank line,
/// so that a passage never runs across a page or a section.
#[derive(Debug, Default)]
pub struct Builder {
    text: String,
    regions: Vec<Region>,
    page: Option<u32>,
    section: Option<String>,
    notes: Vec<String>,
}

impl Builder {
    /// Blocks from now on are on this page.
    pub fn page(&mut self, page: u32) {
        self.page = Some(page);
        self.mark();
    }

    /// Blocks from now on belong to this section (a heading, a chapter).
    pub fn section(&mut self, title: &str) {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        self.section = (!title.is_empty()).then_some(title);
        self.mark();
    }

    /// Appends a block of text; a blank one is left out.
    pub fn block(&mut self, block: &str) {
        let block = block.trim_matches(|c: char| c.is_whitespace());
        if block.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        if self.regions.is_empty() {
            self.mark();
        }
        self.text.push_str(block);
    }

    /// Appends a page read by OCR as its own region.
    pub fn ocr_page(document: &mut Document, page: u32, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !document.text.is_empty() {
            document.text.push_str("\n\n");
        }
        document.regions.push(Region {
            start: document.text.len(),
            page: Some(page),
            section: None,
            ocr: true,
        });
        document.text.push_str(text);
    }

    /// Records something the reader could not read.
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// True when no block has text yet.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Starts a region where the next block will start.
    fn mark(&mut self) {
        let start = if self.text.is_empty() {
            0
        } else {
            self.text.len() + 2
        };
        let region = Region {
            start,
            page: self.page,
            section: self.section.clone(),
            ocr: false,
        };
        match self.regions.last_mut() {
            Some(last) if last.start >= start => *last = region,
            _ => self.regions.push(region),
        }
    }

    /// The document, in UTF-8.
    pub fn finish(mut self, format: &'static str) -> Document {
        if self.regions.is_empty() {
            self.mark();
        }
        Document {
            format,
            encoding: encoding_rs::UTF_8,
            text: self.text,
            shift: 0,
            replaced: 0,
            regions: self.regions,
            notes: self.notes,
            boilerplate: 0,
            blank_pages: Vec::new(),
        }
    }
}

/// Text in any encoding: what is left when no other format claims a file.
pub struct PlainText;

impl Extractor for PlainText {
    fn format(&self) -> &'static str {
        "text"
    }

    fn sniff(&self, _: &[u8], _: Option<&Path>) -> bool {
        true
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let decoded = decode::decode(bytes)?;
        // Offsets in a UTF-8 file count the BOM; for other encodings they
        // are offsets in the decoded text.
        let shift = if decoded.encoding == encoding_rs::UTF_8 {
            decoded.bom_len
        } else {
            0
        };
        Ok(Document {
            format: self.format(),
            encoding: decoded.encoding,
            text: decoded.text,
            shift,
            replaced: decoded.replaced,
            regions: vec![Region {
                start: 0,
                page: None,
                section: None,
                ocr: false,
            }],
            notes: Vec::new(),
            boilerplate: 0,
            blank_pages: Vec::new(),
        })
    }
}

/// The readers tried in turn: the specific formats first, plain text last.
pub static EXTRACTORS: &[&dyn Extractor] = &[
    &pdf::Pdf,
    &docx::Docx,
    &odt::Odt,
    &epub::Epub,
    &html::Html,
    &PlainText,
];

/// Largest file a document format's reader is given; a larger one is
/// refused by size before it is parsed.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Longest a document format's reader may take on one file.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);

/// The document in `bytes`, read by the first extractor that claims them.
pub fn extract(bytes: &[u8], hint: Option<&Path>) -> Result<Document, Unreadable> {
    let extractor = EXTRACTORS
        .iter()
        .find(|e| e.sniff(bytes, hint))
        .copied()
        .unwrap_or(&PlainText);
    if extractor.format() == PlainText.format() {
        if let Some(named) = misnamed(hint) {
            return Err(Unreadable::Refused(format!(
                "named as {named} but its bytes are not {named}"
            )));
        }
        return extractor.extract(bytes);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Unreadable::Refused(format!(
            "{} of {} MB, more than the {} MB a document may have",
            extractor.format().to_uppercase(),
            bytes.len() >> 20,
            MAX_DOCUMENT_BYTES >> 20
        )));
    }
    let owned = bytes.to_vec();
    within(TIME_LIMIT, move || extractor.extract(&owned)).map_err(|why| {
        Unreadable::Refused(format!("{} {why}", extractor.format().to_uppercase()))
    })?
}

/// The format a file's name says it has, when that format is binary (a
/// `.pdf` must be a PDF; a `.html` may hold plain text).
fn misnamed(hint: Option<&Path>) -> Option<String> {
    let extension = hint?.extension()?.to_str()?.to_lowercase();
    EXTRACTORS
        .iter()
        .find(|e| e.binary_extensions().contains(&extension.as_str()))
        .map(|e| e.format().to_uppercase())
}

/// Runs `work` on a reader thread of its own; a panic or more than `limit`
/// of time there becomes the reason why. A thread past its limit is left
/// to finish on its own: a thread cannot be stopped from outside, and the
/// file is reported at once.
pub fn within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    panics::quiet_hook();
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(panics::READER_THREAD.to_string())
        // Parsers recurse on nesting; a deep stack keeps a deeply nested
        // file from overflowing it (an overflow aborts the process).
        .stack_size(256 << 20)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            let _ = send.send(outcome.map_err(|payload| panics::message(payload.as_ref())));
        })
        .map_err(|e| format!("reader could not start: {e}"))?;
    match receive.recv_timeout(limit) {
        Ok(Ok(value)) => {
            let _ = spawned.join();
            Ok(value)
        }
        Ok(Err(panic)) => Err(format!("reader failed: {}", one_line(&panic))),
        Err(_) => Err(format!(
            "reader took more than {} s; skipped",
            limit.as_secs_f32()
        )),
    }
}

/// A parser's message on one short line.
pub fn one_line(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_one_region_without_page() {
        let document = extract("Портсмут 1905".as_bytes(), None).unwrap();
        assert_eq!(document.format, "text");
        assert_eq!(document.encoding, encoding_rs::UTF_8);
        assert_eq!(document.regions.len(), 1);
        assert_eq!(document.region_at(5).and_then(|r| r.page), None);
    }

    #[test]
    fn a_utf8_byte_order_mark_shifts_offsets_into_the_file() {
        let document = extract("\u{FEFF}Kunashir".as_bytes(), None).unwrap();
        assert_eq!((document.shift, document.text.as_str()), (3, "Kunashir"));
        let legacy = encoding_rs::WINDOWS_1251.encode("Кунашир и Итуруп").0;
        assert_eq!(extract(&legacy, None).unwrap().shift, 0);
    }

    #[test]
    fn regions_are_found_by_offset() {
        let region = |start, page| Region {
            start,
            page: Some(page),
            section: None,
            ocr: false,
        };
        let document = Document {
            format: "test",
            encoding: encoding_rs::UTF_8,
            text: "page one page two".to_string(),
            shift: 0,
            replaced: 0,
            regions: vec![region(0, 1), region(9, 2)],
            notes: Vec::new(),
            boilerplate: 0,
            blank_pages: Vec::new(),
        };
        let page = |at| document.region_at(at).and_then(|r| r.page);
        assert_eq!(
            (page(0), page(8), page(9), page(16)),
            (Some(1), Some(1), Some(2), Some(2))
        );
    }

    #[test]
    fn unreadable_bytes_say_why() {
        assert_eq!(extract(b"", None).unwrap_err(), Unreadable::Empty);
        assert_eq!(
            extract(b"\0\0\0\x01\x02", None).unwrap_err(),
            Unreadable::Binary
        );
    }

    #[test]
    fn blocks_are_separated_and_regions_follow_pages_and_sections() {
        let mut builder = Builder::default();
        builder.page(1);
        builder.block("  first  ");
        builder.block(" \n ");
        builder.page(2);
        builder.section("Chapter\n two");
        builder.block("second");
        let document = builder.finish("test");
        assert_eq!(document.text, "first\n\nsecond");
        let at = |i| document.region_at(i).map(|r| (r.page, r.section.clone()));
        assert_eq!(at(0), Some((Some(1), None)));
        assert_eq!(at(7), Some((Some(2), Some("Chapter two".to_string()))));
        assert_eq!(document.regions.len(), 2);
    }

    #[test]
    fn a_reader_that_panics_or_hangs_becomes_a_reason() {
        let panicked = within(Duration::from_secs(5), || -> u32 { panic!("bad\nxref") });
        assert_eq!(panicked, Err("reader failed: bad xref".to_string()));
        let hung = within(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(2));
        });
        assert!(hung.unwrap_err().contains("more than 0.05 s"));
        assert_eq!(within(Duration::from_secs(5), || 7), Ok(7));
    }

    #[test]
    fn a_file_named_as_a_binary_format_must_be_it() {
        let refused = extract(b"plain words", Some(Path::new("report.PDF"))).unwrap_err();
        assert_eq!(
            refused,
            Unreadable::Refused("named as PDF but its bytes are not PDF".to_string())
        );
        let html = extract(b"plain words", Some(Path::new("page.html"))).unwrap();
        assert_eq!(html.text, "plain words");
    }
}
