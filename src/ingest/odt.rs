//! ODT (OpenDocument text): `content.xml` paragraph by paragraph, headings
//! as sections, tables row by row, notes after the body. Spaces fold as ODF
//! says (`text:s` keeps them), tabs are spaces; comments and the deleted
//! text kept for tracked changes are left out.

use std::path::Path;

use super::archive::{self, Archive};
use super::decode::Unreadable;
use super::docx::has_extension;
use super::extract::{Document, Extractor};
use super::flow::{Flow, fold_spaces};
use super::xml::{self, Step};

/// The ODT reader.
pub struct Odt;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";
const CONTENT: &str = "content.xml";

impl Extractor for Odt {
    fn format(&self) -> &'static str {
        "odt"
    }

    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool {
        archive::is_zip(bytes)
            && (has_extension(hint, "odt") || archive::has_mimetype(bytes, MIMETYPE))
    }

    fn binary_extensions(&self) -> &'static [&'static str] {
        &["odt"]
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let mut archive = Archive::open(bytes, "ODT")?;
        let content = archive
            .read_text(CONTENT)?
            .ok_or_else(|| Unreadable::Refused(format!("not an ODT: no {CONTENT}")))?;
        let mut reader = Reader::default();
        let skipped = |e: &quick_xml::events::BytesStart| SKIPPED.contains(&e.name().as_ref());
        xml::walk_skipping(&content, CONTENT, skipped, |step| reader.step(step))?;
        Ok(reader.flow.finish(self.format()))
    }
}

/// Elements whose content is not the document's text.
const SKIPPED: [&str; 3] = [
    "office:annotation",
    "text:tracked-changes",
    "office:automatic-styles",
];

#[derive(Default)]
struct Reader {
    flow: Flow,
    /// The label of a note's citation, while it is read.
    citation: Option<String>,
}

impl Reader {
    fn step(&mut self, step: Step) {
        match step {
            Step::Open { element, empty } => self.open(element, element.name().as_ref(), empty),
            Step::Close(name) => self.close(name),
            Step::Text(text) if self.citation.is_some() => {
                self.citation.get_or_insert_default().push_str(text);
            }
            Step::Text(text) if self.flow.in_paragraph() => {
                let mut folded = String::new();
                fold_spaces(text, &mut folded);
                self.flow.text(&folded);
            }
            Step::Text(_) => {}
        }
    }

    fn open(&mut self, element: &quick_xml::events::BytesStart, name: &str, empty: bool) {
        match name {
            "text:p" | "text:h" if !empty => self.flow.start_paragraph(),
            "text:s" => {
                let count = xml::attribute(element, "text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1);
                self.flow.text(&" ".repeat(count.min(100)));
            }
            "text:tab" => self.flow.text(" "),
            "text:line-break" => self.flow.text("\n"),
            "text:note" if !empty => self.flow.start_note(),
            "text:note-citation" if !empty => self.citation = Some(String::new()),
            "table:table" if !empty => self.flow.start_table(),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "text:p" => self.flow.end_paragraph(false),
            "text:h" => self.flow.end_paragraph(true),
            "text:note" => self.flow.end_note(),
            "text:note-citation" => {
                let label = self.citation.take().unwrap_or_default();
                self.flow.label_note(&label);
            }
            "table:table-cell" | "table:covered-table-cell" => self.flow.end_cell(),
            "table:table-row" => self.flow.end_row(),
            "table:table" => self.flow.end_table(),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::docx::tests::zip_of;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0""#;

    fn odt(body: &str) -> Vec<u8> {
        let content = format!(
            "<office:document-content {NS}><office:body><office:text>{body}</office:text></office:body></office:document-content>"
        );
        zip_of(&[("mimetype", MIMETYPE), ("content.xml", &content)])
    }

    #[test]
    fn headings_spaces_notes_and_tables_are_read() {
        let body = r#"<text:h text:outline-level="1">Портсмут</text:h>
<text:p>Two<text:s text:c="2"/>spaces,<text:tab/>a tab and
 a folded   line.<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>노트</text:p></text:note-body></text:note></text:p>
<office:annotation><text:p>a comment</text:p></office:annotation>
<table:table><table:table-row><table:table-cell><text:p>函館</text:p></table:table-cell><table:table-cell><text:p>Hakodate</text:p></table:table-cell></table:table-row></table:table>"#;
        let bytes = odt(body);
        assert!(Odt.sniff(&bytes, None));
        let document = Odt.extract(&bytes).unwrap();
        assert_eq!(
            document.text,
            "Портсмут\n\nTwo  spaces, a tab and a folded line.[1]\n\n函館 | Hakodate\n\n[1] 노트"
        );
    }
}
