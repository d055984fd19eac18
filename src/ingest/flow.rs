//! The text of a word-processing document as its XML is walked, shared by
//! DOCX, ODT and EPUB: each paragraph is a block, a heading starts a
//! section, a table is one block with a line per row, and notes follow the
//! body. Paragraphs may nest (a note or a text box inside a paragraph), so
//! each open paragraph has its own buffer.

use super::extract::{Builder, Document};

/// A document's text being built.
#[derive(Default)]
pub struct Flow {
    builder: Builder,
    /// Text of the paragraphs open, innermost last.
    open: Vec<String>,
    /// Notes being read (nested notes are read into the outer one).
    note_depth: usize,
    note: Vec<String>,
    /// The label the note being read is cited by (`1`, `*`).
    note_label: Option<String>,
    notes: Vec<String>,
    /// Tables open; only the outermost becomes a block.
    table_depth: usize,
    table: Vec<String>,
    row: Vec<String>,
    cell: Vec<String>,
}

impl Flow {
    pub fn start_paragraph(&mut self) {
        self.open.push(String::new());
    }

    /// Text of the innermost open paragraph; text outside paragraphs (the
    /// spaces between elements) is not the document's.
    pub fn text(&mut self, text: &str) {
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.push_str(text);
        }
    }

    /// True while a paragraph is open.
    pub fn in_paragraph(&self) -> bool {
        !self.open.is_empty()
    }

    /// Closes the innermost paragraph; a heading also starts a section.
    pub fn end_paragraph(&mut self, heading: bool) {
        let Some(text) = self.open.pop() else { return };
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if self.note_depth > 0 {
            self.note.push(text.to_string());
        } else if self.table_depth > 0 {
            self.cell.push(text.to_string());
        } else {
            if heading {
                self.builder.section(text);
            }
            self.builder.block(text);
        }
    }

    pub fn start_note(&mut self) {
        self.note_depth += 1;
    }

    /// The label the note being read is cited by: written `[1]` where the
    /// note is cited and before the note's text, so a reader can match
    /// them.
    pub fn label_note(&mut self, label: &str) {
        let label = label.trim();
        if label.is_empty() {
            return;
        }
        let depth = self.open.len();
        // The citation goes into the paragraph the note is cited in, not
        // into a paragraph of the note itself.
        if let Some(paragraph) = self.open.get_mut(depth.saturating_sub(1)) {
            paragraph.push_str(&format!("[{label}]"));
        }
        self.note_label = Some(label.to_string());
    }

    pub fn end_note(&mut self) {
        self.note_depth = self.note_depth.saturating_sub(1);
        if self.note_depth == 0 && !self.note.is_empty() {
            let mut text = std::mem::take(&mut self.note).join("\n");
            if let Some(label) = self.note_label.take() {
                text = format!("[{label}] {text}");
            }
            self.notes.push(text);
        }
    }

    pub fn start_table(&mut self) {
        self.table_depth += 1;
    }

    pub fn end_cell(&mut self) {
        if self.table_depth > 0 {
            let cell = std::mem::take(&mut self.cell).join(" ");
            self.row.push(cell);
        }
    }

    pub fn end_row(&mut self) {
        if self.table_depth > 0 {
            let row = std::mem::take(&mut self.row);
            let line = row.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
            let line = line.collect::<Vec<_>>().join(" | ");
            if !line.is_empty() {
                self.table.push(line);
            }
        }
    }

    pub fn end_table(&mut self) {
        self.table_depth = self.table_depth.saturating_sub(1);
        if self.table_depth == 0 {
            self.builder
                .block(&std::mem::take(&mut self.table).join("\n"));
        } else {
            // A table in a cell: its rows are that cell's text.
            let inner = std::mem::take(&mut self.table).join(" ");
            self.cell.push(inner);
        }
    }

    /// A section's title (a chapter of an EPUB) without a block of its own.
    pub fn section(&mut self, title: &str) {
        self.builder.section(title);
    }

    /// True when nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.builder.is_empty() && self.notes.is_empty()
    }

    /// The document, notes after the body in a section of their own.
    pub fn finish(mut self, format: &'static str) -> Document {
        while self.in_paragraph() {
            self.end_paragraph(false);
        }
        if !self.notes.is_empty() {
            self.builder.section("Notes");
            for note in std::mem::take(&mut self.notes) {
                self.builder.block(&note);
            }
        }
        self.builder.finish(format)
    }
}

/// Folds runs of white space into one space, as HTML and ODF read text.
pub fn fold_spaces(text: &str, out: &mut String) {
    let mut space = out.ends_with(' ');
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{00A0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_notes_become_blocks() {
        let mut flow = Flow::default();
        flow.start_paragraph();
        flow.text("Глава");
        flow.end_paragraph(true);
        flow.start_paragraph();
        flow.text("Text with a note");
        flow.start_note();
        flow.start_paragraph();
        flow.text("The note.");
        flow.end_paragraph(false);
        flow.end_note();
        flow.text(" after it.");
        flow.end_paragraph(false);
        flow.start_table();
        for row in [["a", "b"], ["c", "d"]] {
            for cell in row {
                flow.start_paragraph();
                flow.text(cell);
                flow.end_paragraph(false);
                flow.end_cell();
            }
            flow.end_row();
        }
        flow.end_table();
        let document = flow.finish("test");
        assert_eq!(
            document.text,
            "Глава\n\nText with a note after it.\n\na | b\nc | d\n\nThe note."
        );
        let section = |at| document.region_at(at).and_then(|r| r.section.clone());
        assert_eq!(section(0).as_deref(), Some("Глава"));
        assert_eq!(section(document.text.len() - 1).as_deref(), Some("Notes"));
    }

    #[test]
    fn spaces_fold_but_no_break_spaces_stay() {
        let mut out = String::new();
        fold_spaces("a \n\t b\u{00A0}c", &mut out);
        assert_eq!(out, "a b\u{00A0}c");
    }
}
