//! PDF: the text layer, page by page, read with `pdf_oxide` (which maps
//! Identity-H fonts through their ToUnicode tables and knows the
//! predefined CJK CMaps). Each page is a region, so every passage knows its
//! page; a word hyphenated across a line end is joined.

use std::path::Path;

use pdf_oxide::PdfDocument;

use super::decode::Unreadable;
use super::extract::{Builder, Document, Extractor};

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
        let pdf = PdfDocument::from_bytes(bytes.to_vec())
            .map_err(|e| refused(format!("not a readable PDF ({})", short(&e.to_string()))))?;
        if pdf.is_encrypted() && !pdf.authenticate(b"").unwrap_or(false) {
            return Err(refused("encrypted PDF: it needs a password".to_string()));
        }
        let pages = pdf
            .page_count()
            .map_err(|e| refused(format!("not a readable PDF ({})", short(&e.to_string()))))?;
        let mut builder = Builder::default();
        let mut blank = Vec::new();
        for index in 0..pages {
            let page = index as u32 + 1;
            builder.page(page);
            match pdf.extract_text(index) {
                Ok(text) if text.chars().any(char::is_alphanumeric) => {
                    for paragraph in paragraphs(&text) {
                        builder.block(&paragraph);
                    }
                }
                Ok(_) => blank.push(page),
                Err(e) => {
                    builder.note(format!("page {page} unreadable: {}", short(&e.to_string())))
                }
            }
        }
        if builder.is_empty() {
            return Err(refused(format!(
                "no text layer on any of its {pages} page(s); scanned?"
            )));
        }
        if !blank.is_empty() {
            builder.note(format!(
                "no text layer on {} of {pages} page(s) ({}); scanned?",
                blank.len(),
                pages_list(&blank)
            ));
        }
        Ok(builder.finish(self.format()))
    }
}

fn refused(reason: String) -> Unreadable {
    Unreadable::Refused(reason)
}

/// A parser's message, cut to one short line.
fn short(message: &str) -> String {
    let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(120).collect()
}

/// Page numbers as a reader writes them: `3, 5, 7-9`.
fn pages_list(pages: &[u32]) -> String {
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
