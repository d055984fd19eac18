//! DOCX (Office Open XML): the body of `word/document.xml` paragraph by
//! paragraph, tables row by row, then the footnotes and endnotes. Tabs are
//! spaces; deleted revisions (`w:delText`) and the fallback copies of
//! alternate content are left out, so no text is read twice.

use std::path::Path;

use super::archive::{self, Archive};
use super::decode::Unreadable;
use super::extract::{Document, Extractor};
use super::flow::Flow;
use super::xml::{self, Step};

/// The DOCX reader.
pub struct Docx;

const BODY: &str = "word/document.xml";
const NOTES: [&str; 2] = ["word/footnotes.xml", "word/endnotes.xml"];

impl Extractor for Docx {
    fn format(&self) -> &'static str {
        "docx"
    }

    fn sniff(&self, bytes: &[u8], hint: Option<&Path>) -> bool {
        archive::is_zip(bytes)
            && (has_extension(hint, "docx")
                || Archive::open(bytes, "DOCX").is_ok_and(|a| a.has(BODY)))
    }

    fn binary_extensions(&self) -> &'static [&'static str] {
        &["docx"]
    }

    fn extract(&self, bytes: &[u8]) -> Result<Document, Unreadable> {
        let mut archive = Archive::open(bytes, "DOCX")?;
        let body = archive
            .read_text(BODY)?
            .ok_or_else(|| Unreadable::Refused(format!("not a DOCX: no {BODY}")))?;
        let mut reader = Reader::default();
        xml::walk_skipping(&body, BODY, skipped, |step| reader.step(step))?;
        for part in NOTES {
            if let Some(notes) = archive.read_text(part)? {
                xml::walk_skipping(&notes, part, skipped, |step| reader.step(step))?;
            }
        }
        Ok(reader.flow.finish(self.format()))
    }
}

/// True when the file is named with this extension.
pub fn has_extension(hint: Option<&Path>, extension: &str) -> bool {
    hint.and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// Elements whose content is not the document's text: tab stops, the
/// fallback copy of alternate content, deleted text, field instructions.
const SKIPPED: [&str; 5] = [
    "w:tabs",
    "mc:Fallback",
    "w:del",
    "w:instrText",
    "w:delInstrText",
];

/// True for an element whose content is not the document's text: one of
/// [`SKIPPED`], or a note of a type (the separator lines; real notes have
/// none).
fn skipped(element: &quick_xml::events::BytesStart) -> bool {
    let name = element.name();
    let name = name.as_ref();
    SKIPPED.contains(&name)
        || (matches!(name, "w:footnote" | "w:endnote")
            && xml::attribute(element, "w:type").is_some())
}

/// The walk of one part of a DOCX.
#[derive(Default)]
struct Reader {
    flow: Flow,
    /// Inside `w:t`: its text is the document's.
    in_text: bool,
    /// The open paragraphs' heading marks, innermost last.
    headings: Vec<bool>,
    /// Notes cited in the body and notes read, to number both alike.
    cited: usize,
    read_notes: usize,
}

impl Reader {
    fn step(&mut self, step: Step) {
        match step {
            Step::Open { element, empty } => self.open(element, element.name().as_ref(), empty),
            Step::Close(name) => self.close(name),
            Step::Text(text) if self.in_text => self.flow.text(text),
            Step::Text(_) => {}
        }
    }

    fn open(&mut self, element: &quick_xml::events::BytesStart, name: &str, empty: bool) {
        match name {
            "w:p" if !empty => {
                self.flow.start_paragraph();
                self.headings.push(false);
            }
            "w:pStyle" => {
                let style = xml::attribute(element, "w:val").unwrap_or_default();
                if is_heading_style(&style) {
                    self.mark_heading();
                }
            }
            "w:outlineLvl" => self.mark_heading(),
            "w:t" if !empty => self.in_text = true,
            "w:tab" | "w:ptab" => self.flow.text(" "),
            "w:br" | "w:cr" => self.flow.text("\n"),
            "w:noBreakHyphen" => self.flow.text("-"),
            "w:tbl" if !empty => self.flow.start_table(),
            "w:footnoteReference" | "w:endnoteReference" => {
                self.cited += 1;
                self.flow.text(&format!("[{}]", self.cited));
            }
            "w:footnote" | "w:endnote" if !empty => {
                self.read_notes += 1;
                self.flow.start_note();
                self.flow.label_note(&self.read_notes.to_string());
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "w:p" => {
                let heading = self.headings.pop().unwrap_or(false);
                self.flow.end_paragraph(heading);
            }
            "w:t" => self.in_text = false,
            "w:tc" => self.flow.end_cell(),
            "w:tr" => self.flow.end_row(),
            "w:tbl" => self.flow.end_table(),
            "w:footnote" | "w:endnote" => self.flow.end_note(),
            _ => {}
        }
    }

    fn mark_heading(&mut self) {
        if let Some(last) = self.headings.last_mut() {
            *last = true;
        }
    }
}

/// True for the style ids word processors give titles and headings
/// (`Heading1`, `Title`, and LibreOffice's and Word's localized ids).
fn is_heading_style(style: &str) -> bool {
    let style = style.to_lowercase();
    ["heading", "title", "berschrift", "titre", "заголовок"]
        .iter()
        .any(|prefix| style.contains(prefix))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// A ZIP container of these members, as the tests of the zip-based
    /// formats make them.
    pub fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, text) in members {
            out.start_file(*name, options).unwrap();
            out.write_all(text.as_bytes()).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn docx(body: &str, footnotes: Option<&str>) -> Vec<u8> {
        let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
        let mut members = vec![("word/document.xml", document)];
        if let Some(notes) = footnotes {
            members.push((
                "word/footnotes.xml",
                format!("<w:footnotes {W}>{notes}</w:footnotes>"),
            ));
        }
        let members: Vec<(&str, &str)> = members.iter().map(|(n, t)| (*n, t.as_str())).collect();
        zip_of(&members)
    }

    #[test]
    fn paragraphs_headings_tabs_and_tables_are_read() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Симодский трактат</w:t></w:r></w:p>
<w:p><w:r><w:t>Signed</w:t><w:tab/><w:t>1855</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>下田</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>시모다</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let notes = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>"#;
        let document = Docx.extract(&docx(body, Some(notes))).unwrap();
        assert_eq!(
            document.text,
            "Симодский трактат\n\nSigned 1855\n\n下田 | 시모다\n\n[1] A note."
        );
        let section = document.region_at(20).and_then(|r| r.section.clone());
        assert_eq!(section.as_deref(), Some("Симодский трактат"));
    }

    #[test]
    fn a_zip_without_a_body_is_refused() {
        let bytes = zip_of(&[("other.xml", "<a/>")]);
        assert!(!Docx.sniff(&bytes, None));
        assert!(matches!(Docx.extract(&bytes), Err(Unreadable::Refused(_))));
    }
}
