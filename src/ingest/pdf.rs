//! PDF: the text layer, page by page, read with `pdf_oxide` (which maps
//! Identity-H fonts through their ToUnicode tables and knows the
//! predefined CJK CMaps). Each page is a region, so every passage knows its
//! page; a word hyphenated across a line end is joined.

use std::path::Path;

use pdf_oxide::PdfDocument;
use pdf_oxide::extractors::TextExtractor;
use pdf_oxide::layout::TextChar;

use super::decode::Unreadable;
use super::extract::{Builder, Document, Extractor, one_line};
use super::pdf_lines::{self, Glyph};
use super::pdf_rise;

/// The PDF reader.
pub struct Pdf;

/// How far into a file its `%PDF-` header may start (garbage before it is
/// allowed, as readers allow it).
const HEADER_WINDOW: usize = 1024;

impl Extractor for Pdf {
    fn format(&self) -> &'static str {
        "pdf"
    }

    fn sniff(&self, bytes: &[u8], _: Option<&Path>) -> bool {
        let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
        window.windows(5).any(|w| w == b"%PDF-")
    }

    fn binary_extensions(&self) -> &'static [&'static str] {
        &["pdf"]
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let pdf = PdfDocument::from_bytes(with_true_lengths(bytes))
            .map_err(|e| refused(format!("not a readable PDF ({})", one_line(&e.to_string()))))?;
        if pdf.is_encrypted() && !pdf.authenticate(b"").unwrap_or(false) {
            return Err(refused("encrypted PDF: it needs a password".to_string()));
        }
        let pages = pdf
            .page_count()
            .map_err(|e| refused(format!("not a readable PDF ({})", one_line(&e.to_string()))))?;
        let mut builder = Builder::default();
        let mut blank = Vec::new();
        let mut first_error = None;
        for index in 0..pages {
            let page = index as u32 + 1;
            builder.page(page);
            match pdf
                .extract_text(index)
                .map(|text| laid_out(&pdf, index, text))
            {
                Ok(text) if text.chars().any(char::is_alphanumeric) => {
                    for paragraph in paragraphs(&text) {
                        builder.block(&paragraph);
                    }
                }
                Ok(_) => blank.push(page),
                Err(e) => {
                    let why = one_line(&e.to_string());
                    first_error.get_or_insert_with(|| why.clone());
                    builder.note(format!("page {page} unreadable: {why}"))
                }
            }
        }
        let mut document = builder.finish(self.format());
        if document.text.is_empty() && blank.is_empty() {
            return Err(refused(match first_error {
                Some(why) => format!("none of its {pages} page(s) could be read ({why})"),
                None => "a PDF without pages".to_string(),
            }));
        }
        document.blank_pages = blank;
        Ok(document)
    }
}

/// The page's text, rebuilt from its glyphs when some of them run in
/// another direction, the reader's layout lost some, or some are raised
/// off their line (see [`pdf_lines`], [`pdf_rise`]); as extracted otherwise.
fn laid_out(pdf: &PdfDocument, index: usize, text: String) -> String {
    // The rewritten page is read by the same reader; should it decode less
    // of the page than the reader did, the reader's text stands.
    if let Some(glyphs) = raised_glyphs(pdf, index)
        && pdf_lines::hold_letters_of(&glyphs, &text)
    {
        return pdf_lines::page_text(&glyphs);
    }
    let Ok(chars) = pdf.extract_chars(index) else {
        return text;
    };
    let glyphs: Vec<Glyph> = chars.iter().map(glyph).collect();
    if pdf_lines::has_turned_text(&glyphs) || pdf_lines::lost_letters(&text, &glyphs) {
        pdf_lines::page_text(&glyphs)
    } else {
        text
    }
}

/// The page's glyphs where they are seen, for a page that shows text
/// raised or lowered off its line; `None` for any other page.
fn raised_glyphs(pdf: &PdfDocument, index: usize) -> Option<Vec<Glyph>> {
    let content = pdf.get_page_content_data(index).ok()?;
    let moved = pdf_rise::rise_as_move(&content)?;
    let page = pdf.get_page(index).ok()?;
    let mut reader = TextExtractor::new();
    reader.set_page_index(index as u32);
    if let Some(resources) = page.as_dict().and_then(|page| page.get("Resources")) {
        reader.set_resources(resources.clone());
        reader.set_document(pdf);
        // A font that cannot be loaded is read with the reader's defaults,
        // as the reader does for the page itself.
        let _ = pdf.load_fonts_public(resources, &mut reader);
    }
    let chars = reader.extract_owned(&moved).ok()?;
    Some(chars.iter().map(glyph).collect())
}

fn glyph(c: &TextChar) -> Glyph {
    Glyph {
        ch: c.char,
        x: c.origin_x,
        y: c.origin_y,
        rotation: c.rotation_degrees,
        size: c.font_size,
        advance: c.rendered_advance,
    }
}

fn refused(reason: String) -> Unreadable {
    Unreadable::Refused(reason)
}

/// Page numbers as a reader writes them: `3, 5, 7-9`.
pub fn pages_list(pages: &[u32]) -> String {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &page in pages {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == page => *end = page,
            _ => runs.push((page, page)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The file with each stream's `/Length` made true where it is a number
/// that does not reach the stream's `endstream` and the true number fits
/// in the same bytes (`/Length 86 >>` → `/Length 273>>`), so no offset of
/// the file moves. Writers that patch a stream and forget its length make
/// such files; readers that trust the length lose the rest of the page.
fn with_true_lengths(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"/Length ").map(|i| i + from) {
        from = at + 8;
        let digits_end = from
            + bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        let Some(declared) = number(&bytes[from..digits_end]) else {
            continue;
        };
        // The room the number has: its digits and the spaces after them.
        let room_end = digits_end
            + bytes[digits_end..]
                .iter()
                .take_while(|&&b| b == b' ')
                .count();
        // `/Length 12 0 R` names another object: not a number to mend.
        if bytes.get(room_end).is_none_or(u8::is_ascii_digit) {
            continue;
        }
        let Some(data) = stream_start(bytes, room_end) else {
            continue;
        };
        let Some(end) = find(&bytes[data..], b"endstream").map(|i| i + data) else {
            continue;
        };
        let actual = true_end(bytes, data, end) - data;
        // Only a length that falls short is mended: a longer one may be
        // right about data that happens to hold the word `endstream`.
        if declared >= actual || is_end_at(bytes, data + declared, end) {
            continue;
        }
        let text = actual.to_string();
        if text.len() <= room_end - from {
            out[from..room_end].fill(b' ');
            out[from..from + text.len()].copy_from_slice(text.as_bytes());
        }
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn number(digits: &[u8]) -> Option<usize> {
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Where the data of the stream whose dictionary holds the byte `at`
/// starts: after `>>`, `stream` and its line end, when they follow at
/// once.
fn stream_start(bytes: &[u8], at: usize) -> Option<usize> {
    let close = find(&bytes[at..bytes.len().min(at + 64)], b">>")? + at + 2;
    let rest = &bytes[close..];
    let skip = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let keyword = close + skip;
    bytes[keyword..].starts_with(b"stream").then_some(())?;
    let after = keyword + 6;
    match bytes.get(after..after + 2) {
        Some([b'\r', b'\n']) => Some(after + 2),
        Some([b'\n', _]) | Some([b'\r', _]) => Some(after + 1),
        _ => None,
    }
}

/// The end of a stream's data: `endstream` less the line end before it.
fn true_end(bytes: &[u8], data: usize, endstream: usize) -> usize {
    let mut end = endstream;
    while end > data && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// True when only a line end lies between the byte `at` and `endstream`.
fn is_end_at(bytes: &[u8], at: usize, endstream: usize) -> bool {
    bytes[at..endstream].iter().all(|b| b.is_ascii_whitespace())
}

/// A page's text as paragraphs (blocks of lines between blank lines), with
/// words hyphenated across a line end joined.
fn paragraphs(page: &str) -> Vec<String> {
    page.split("\n\n")
        .map(join_hyphenated)
        .filter(|p| !p.trim().is_empty())
        .collect()
}

/// Joins `exam-` at a line end with `ple` on the next line. Only a hyphen
/// between two lower-case letters is taken for a line-end break: `Russo-`
/// before `Japanese` and `Порт-` before `Артур` keep theirs.
fn join_hyphenated(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        let next_lower = lines
            .peek()
            .and_then(|next| next.trim_start().chars().next())
            .is_some_and(char::is_lowercase);
        match line.strip_suffix(['-', '\u{00AD}']) {
            Some(stem) if next_lower && stem.chars().last().is_some_and(char::is_lowercase) => {
                out.push_str(stem);
                if let Some(next) = lines.next() {
                    // The rest of the next line follows the joined word.
                    let next = next.trim_start();
                    let (word, rest) =
                        next.split_at(next.find(char::is_whitespace).unwrap_or(next.len()));
                    out.push_str(word);
                    out.push_str(rest);
                    out.push('\n');
                }
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_broken_at_a_line_end_is_joined() {
        assert_eq!(
            join_hyphenated("the exam-\nple shows"),
            "the example shows\n"
        );
        assert_eq!(
            join_hyphenated("мирный дого-\nвор 1905"),
            "мирный договор 1905\n"
        );
    }

    #[test]
    fn real_hyphens_at_a_line_end_stay() {
        assert_eq!(
            join_hyphenated("the Russo-\nJapanese war"),
            "the Russo-\nJapanese war\n"
        );
        assert_eq!(join_hyphenated("Порт-\nАртур"), "Порт-\nАртур\n");
        assert_eq!(join_hyphenated("1904-\n1905"), "1904-\n1905\n");
    }

    #[test]
    fn a_stream_length_that_falls_short_is_made_true_in_place() {
        let file = b"<< /Length 3 >>\nstream\nBT (Hello World) Tj ET\nendstream";
        let fixed = with_true_lengths(file);
        assert_eq!(fixed.len(), file.len());
        assert!(
            fixed.starts_with(b"<< /Length 22>>"),
            "{}",
            String::from_utf8_lossy(&fixed)
        );
        let right = b"<< /Length 5 >>\nstream\nHello\nendstream";
        assert_eq!(with_true_lengths(right), right.to_vec());
        let indirect = b"<< /Length 7 0 R >>\nstream\nHello there\nendstream";
        assert_eq!(with_true_lengths(indirect), indirect.to_vec());
    }

    #[test]
    fn pages_are_listed_in_runs() {
        assert_eq!(pages_list(&[3, 5, 7, 8, 9]), "3, 5, 7-9");
    }

    #[test]
    fn bytes_that_are_not_a_pdf_are_refused() {
        let Err(Unreadable::Refused(reason)) = Pdf.extract(b"%PDF-1.4\ngarbage") else {
            panic!("a broken PDF was read")
        };
        assert!(reason.starts_with("not a readable PDF"), "{reason}");
    }
}
