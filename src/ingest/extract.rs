//! From a file's bytes to a document: the text a format holds, and where in
//! the file (line, page, section) each part of that text came from.
//!
//! Each format is one [`Extractor`]; [`extract`] asks them in turn whether
//! the bytes are theirs, by their content first (magic bytes, structure) and
//! by the file's extension only as a hint. Plain text, in any encoding, is
//! the last resort. A new format is a new file with one more extractor in
//! [`EXTRACTORS`]; splitting, normalization and everything after stay as
//! they are.

use std::path::Path;

use encoding_rs::Encoding;

use super::decode::{self, Unreadable};

/// A format's reader.
pub trait Extractor: Sync {
    /// The format's name, as `shimoda extract` and the index report it.
    fn format(&self) -> &'static str;
    /// True when `bytes` (the file named `hint`, when known) are this
    /// format's.
    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool;
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
}

/// A file's text as its format's reader gives it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The format's name (`text`, ...).
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
}

impl Document {
    /// The region the text's byte `at` lies in.
    pub fn region_at(&self, at: usize) -> Option<&Region> {
        let after = self.regions.partition_point(|r| r.start <= at);
        after.checked_sub(1).map(|i| &self.regions[i])
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
            }],
        })
    }
}

/// The readers tried in turn: the specific formats first, plain text last.
pub static EXTRACTORS: &[&dyn Extractor] = &[&PlainText];

/// The document in `bytes`, read by the first extractor that claims them.
pub fn extract(bytes: &[u8], hint: Option<&Path>) -> Result<Document, Unreadable> {
    let extractor = EXTRACTORS
        .iter()
        .find(|e| e.sniff(bytes, hint))
        .unwrap_or(&(&PlainText as &dyn Extractor));
    extractor.extract(bytes)
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
        };
        let document = Document {
            format: "test",
            encoding: encoding_rs::UTF_8,
            text: "page one page two".to_string(),
            shift: 0,
            replaced: 0,
            regions: vec![region(0, 1), region(9, 2)],
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
}
