//! The tantivy document of one passage: its text in its language's body
//! field, its location, dates, facets and name keys.

use std::cell::RefCell;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::TantivyDocument;

use super::facts::{Dates, Facts};
use crate::analyze::translit;
use crate::ingest;
use crate::lang::Lang;
use crate::schema::{self, Fields};

/// The document of one passage of the file `(rel, id)`.
pub(super) fn passage_document<'a>(
    fields: &Fields,
    (rel, id): (&str, u64),
    passage: &ingest::Passage,
    lang: Lang,
    facts: &'a Facts,
    named: &mut FxHashSet<(&'a str, bool)>,
) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.path, rel);
    doc.add_text(fields.lang, lang.code());
    doc.add_u64(fields.passage, passage.ordinal as u64);
    let at = &passage.location;
    doc.add_u64(fields.line, at.line as u64);
    doc.add_u64(fields.byte_start, at.byte_start as u64);
    doc.add_u64(fields.byte_end, at.byte_end as u64);
    if let Some(page) = at.page {
        doc.add_u64(fields.page, u64::from(page));
    }
    if let Some(section) = &at.section {
        doc.add_text(fields.section, section);
    }
    if at.ocr {
        doc.add_u64(fields.ocr, 1);
    }
    doc.add_text(fields.text, &passage.text);
    doc.add_text(fields.body_for(lang), &passage.text);
    if !facts.gram_runs.is_empty() {
        doc.add_text(fields.gram_runs, &facts.gram_runs);
    }
    add_dates(&mut doc, fields, (id, lang), &facts.dates);
    add_names(&mut doc, fields, &facts.spellings, named);
    doc
}

/// The `names` terms of a spelling, and whether it is an ordinary Korean
/// word (see [`translit::is_ordinary_korean`]).
type NameTerms = (Box<[String]>, bool);

/// Spellings whose name terms are kept at most per thread before the cache
/// starts afresh.
const NAME_CACHE_LIMIT: usize = 200_000;

thread_local! {
    /// The `names` terms of each spelling seen on this thread: a corpus's
    /// names recur, and keying a spelling costs far more than a lookup.
    static NAME_TERMS: RefCell<FxHashMap<Box<str>, NameTerms>> =
        RefCell::new(FxHashMap::default());
}

/// Adds the `names` terms of a passage's spellings (see [`schema::NAMES`])
/// that no passage of its file had before (`named`). Searches only read the
/// names field's term dictionary, never which passages hold a term, so one
/// passage per file is enough to keep a spelling in the index as long as
/// the file is.
fn add_names<'a>(
    doc: &mut TantivyDocument,
    fields: &Fields,
    spellings: &'a [(Box<str>, bool)],
    named: &mut FxHashSet<(&'a str, bool)>,
) {
    // One value of lines, one term a line: a value per term cost tantivy
    // more than the terms themselves.
    let mut lines = String::new();
    NAME_TERMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        for (spelling, initial_only) in spellings {
            if !named.insert((spelling, *initial_only)) {
                continue;
            }
            if !cache.contains_key(spelling) {
                if cache.len() >= NAME_CACHE_LIMIT {
                    cache.clear();
                }
                let sep = schema::NAME_SEPARATOR;
                let terms: Box<[String]> = translit::key_variants(spelling)
                    .into_iter()
                    .chain(translit::reading_keys(spelling))
                    .map(|keys| format!("{}{sep}{}{sep}{spelling}", keys.coarse, keys.fine))
                    .collect();
                let ordinary = translit::is_ordinary_korean(spelling);
                cache.insert(spelling.clone(), (terms, ordinary));
            }
            let (terms, ordinary) = cache
                .get(spelling)
                .map_or((&[][..], false), |(t, o)| (&t[..], *o));
            let mark = if *initial_only {
                schema::INITIAL_ONLY
            } else if ordinary {
                schema::ORDINARY
            } else {
                ""
            };
            push_lines(&mut lines, terms, mark);
        }
    });
    if !lines.is_empty() {
        doc.add_text(fields.names, &lines);
    }
}

fn push_lines(lines: &mut String, texts: &[String], mark: &str) {
    for text in texts {
        lines.push_str(text);
        lines.push_str(mark);
        lines.push('\n');
    }
}

/// Adds the years, covered days and stored form of a passage's dates, and
/// its facets (file number, language, decade, years).
fn add_dates(doc: &mut TantivyDocument, fields: &Fields, (file, lang): (u64, Lang), dates: &Dates) {
    for &year in &dates.years {
        doc.add_i64(fields.year, i64::from(year));
    }
    // Every passage has a value: the column is then dense and read without
    // an index of which passages have one.
    doc.add_u64(
        fields.facets,
        schema::facets::pack(file, lang, dates.decade, &dates.years),
    );
    if let Some(more) = schema::facets::pack_more(&dates.years) {
        doc.add_u64(fields.more_years, more);
    }
    for &day in &dates.days {
        doc.add_i64(fields.when, day);
    }
    if let Some(encoded) = &dates.encoded {
        doc.add_bytes(fields.dates, encoded);
    }
}
