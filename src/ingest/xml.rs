//! Walking the XML inside office documents and EPUB packages: elements by
//! their qualified name (the prefixes these formats always use: `w:`,
//! `text:`, `opf:`), text with references resolved. A document type that
//! declares entities is refused: an external one points outside the file
//! (an XXE probe), and no office format needs one.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::decode::Unreadable;

/// One step of a walk.
pub enum Step<'a> {
    /// An element opens (`empty` when it also closes at once: `<w:tab/>`).
    Open {
        element: &'a BytesStart<'a>,
        empty: bool,
    },
    /// An element closes, by its qualified name.
    Close(&'a str),
    /// Text, references resolved.
    Text(&'a str),
}

/// Most elements open at once; deeper nesting is refused (nothing real
/// nests this deep, and a walker's own stacks stay small).
pub const MAX_DEPTH: usize = 2000;

/// Calls `visit` for each step of the XML text `xml` (named `what` in
/// errors).
pub fn walk(xml: &str, what: &str, visit: impl FnMut(Step)) -> Result<(), Unreadable> {
    walk_skipping(xml, what, |_| false, visit)
}

/// [`walk`], leaving out the elements `skip` picks with all they hold
/// (what a format keeps but is not the document's text: deleted
/// revisions, comments, tab stops).
pub fn walk_skipping(
    xml: &str,
    what: &str,
    skip: impl Fn(&BytesStart) -> bool,
    mut visit: impl FnMut(Step),
) -> Result<(), Unreadable> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut depth = 0usize;
    // Depth inside a skipped element (0: reading).
    let mut skipping = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| Unreadable::Refused(format!("{what} is not well-formed XML ({e})")))?;
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                Event::Eof => return Ok(()),
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(element) if skip(&element) => skipping = 1,
            Event::Empty(element) if skip(&element) => {}
            Event::Start(element) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Unreadable::Refused(format!(
                        "{what} nests elements more than {MAX_DEPTH} deep"
                    )));
                }
                visit(Step::Open {
                    element: &element,
                    empty: false,
                });
            }
            Event::Empty(element) => visit(Step::Open {
                element: &element,
                empty: true,
            }),
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                visit(Step::Close(end.name().as_ref()));
            }
            Event::Text(text) => visit(Step::Text(&text.xml10_content())),
            Event::CData(data) => {
                visit(Step::Text(&data.xml10_content()));
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_xml_entity(&reference)
                        .ok_or_else(|| {
                            Unreadable::Refused(format!(
                                "{what} uses an entity it does not define (&{};)",
                                &*reference
                            ))
                        })?
                        .to_string(),
                };
                visit(Step::Text(&resolved));
            }
            Event::DocType(doctype) if doctype.xml10_content().contains("<!ENTITY") => {
                return Err(Unreadable::Refused(format!(
                    "{what} declares XML entities, which may point outside the file; refused"
                )));
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of an element's attribute, references resolved.
pub fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    let found = element.try_get_attribute(name).ok()??;
    found
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, Unreadable> {
        let mut out = String::new();
        walk(xml, "test.xml", |step| {
            if let Step::Text(text) = step {
                out.push_str(text)
            }
        })?;
        Ok(out)
    }

    #[test]
    fn references_are_resolved() {
        assert_eq!(
            texts("<a>A &amp; B &#x41F;&#1086;</a>").unwrap(),
            "A & B По"
        );
    }

    #[test]
    fn declared_entities_are_refused() {
        let xxe =
            r#"<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "/etc/passwd">]><a>&x;</a>"#;
        let Err(Unreadable::Refused(reason)) = texts(xxe) else {
            panic!("an external entity was accepted")
        };
        assert!(reason.contains("declares XML entities"), "{reason}");
        assert!(texts("<a>&undefined;</a>").is_err());
    }

    #[test]
    fn skipped_elements_are_left_out_whole() {
        let xml = "<a>kept <del>gone <b>also gone</b></del><del/> and kept</a>";
        let mut out = String::new();
        let skip = |e: &BytesStart| e.name().as_ref() == "del";
        walk_skipping(xml, "test.xml", skip, |step| {
            if let Step::Text(text) = step {
                out.push_str(text)
            }
        })
        .unwrap();
        assert_eq!(out, "kept  and kept");
    }

    #[test]
    fn nesting_past_the_limit_is_refused() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(texts(&deep).is_err());
    }
}
