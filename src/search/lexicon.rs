//! What a query's compilation asks of the index's dictionaries: the terms
//! of a field that start with a prefix (names of other scripts, marks of
//! ordinary words) and how many passages hold a term (whether a word is
//! held at all, or is searched with typos).
//!
//! One index answers from its own segments ([`tantivy::Searcher`]). A
//! sharded index must answer as the whole would, so its coordinator
//! compiles the query against a [`Transcript`]: the answers gathered from
//! every shard, summed and joined. A lookup the transcript lacks is noted
//! as wanted and answered empty; the coordinator asks the shards for the
//! wanted lookups and compiles again until nothing is wanted. Each shard
//! then compiles the same query from the same transcript, so every shard
//! runs the query the whole index would.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::Searcher;
use tantivy::schema::Field;

/// The dictionary lookups a query's compilation makes.
pub trait Lexicon {
    /// Terms of `field` that start with `prefix`, sorted, each once.
    fn terms_with_prefix(&self, field: Field, prefix: &str) -> Vec<String>;
    /// Passages holding `text` in `field` (deleted ones not yet merged
    /// away included, as tantivy counts them).
    fn doc_freq(&self, field: Field, text: &str) -> u64;
    /// The index itself, for lookups that stay local to the passages it
    /// holds (the paths `source:` picks from); `None` where no index is at
    /// hand (a coordinator).
    fn local(&self) -> Option<&Searcher>;
}

impl Lexicon for Searcher {
    fn terms_with_prefix(&self, field: Field, prefix: &str) -> Vec<String> {
        segment_terms_with_prefix(self, field, prefix)
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        Searcher::doc_freq(self, &tantivy::Term::from_field_text(field, text)).unwrap_or(0)
    }

    fn local(&self) -> Option<&Searcher> {
        Some(self)
    }
}

/// Terms of a field that start with `prefix` (all terms for an empty
/// prefix), from every segment, sorted, each once.
pub(crate) fn segment_terms_with_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
) -> Vec<String> {
    // The first byte string after every string starting with the prefix.
    let mut upper = prefix.as_bytes().to_vec();
    while upper.last() == Some(&u8::MAX) {
        upper.pop();
    }
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let mut out = Vec::new();
    for reader in searcher.segment_readers() {
        let Ok(index) = reader.inverted_index(field) else {
            continue;
        };
        let dictionary = index.terms();
        let mut range = dictionary.range().ge(prefix.as_bytes());
        if !upper.is_empty() {
            range = range.lt(&upper);
        }
        let Ok(mut stream) = range.into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                out.push(term.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A lookup by field number and text: the prefix of a prefix lookup, the
/// term of a count. Field numbers are the schema's, the same in every
/// shard of one schema version.
pub type Key = (u32, String);

/// A lookup's name in a transcript: the field's number, a colon, the text
/// (JSON keys are strings).
pub fn name(field: u32, text: &str) -> String {
    format!("{field}:{text}")
}

/// Lookups a compilation made that a transcript could not answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wanted {
    pub prefixes: Vec<Key>,
    pub counts: Vec<Key>,
}

impl Wanted {
    pub fn is_empty(&self) -> bool {
        self.prefixes.is_empty() && self.counts.is_empty()
    }
}

/// Answers to lookups, gathered from the shards of an index, each under
/// its lookup's [`name`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Transcript {
    pub prefixes: BTreeMap<String, Vec<String>>,
    pub counts: BTreeMap<String, u64>,
    /// What was asked and not found here, in the order asked.
    #[serde(skip)]
    wanted: RefCell<Wanted>,
}

impl Transcript {
    /// Answers `wanted` from one index (a shard): what it holds alone.
    pub fn answer(searcher: &Searcher, wanted: &Wanted) -> Transcript {
        let mut answers = Transcript::default();
        for (field, prefix) in &wanted.prefixes {
            let terms = segment_terms_with_prefix(searcher, Field::from_field_id(*field), prefix);
            answers.add_prefix(*field, prefix, terms);
        }
        for (field, text) in &wanted.counts {
            let n = Lexicon::doc_freq(searcher, Field::from_field_id(*field), text);
            answers.add_count(*field, text, n);
        }
        answers
    }

    /// Adds another part's answers: terms joined (sorted, each once),
    /// counts summed. Shards hold disjoint passages, so the joined answers
    /// are the whole index's.
    pub fn join(&mut self, other: Transcript) {
        for (name, terms) in other.prefixes {
            let entry = self.prefixes.entry(name).or_default();
            entry.extend(terms);
            entry.sort();
            entry.dedup();
        }
        for (name, n) in other.counts {
            *self.counts.entry(name).or_default() += n;
        }
    }

    fn add_prefix(&mut self, field: u32, prefix: &str, terms: Vec<String>) {
        self.prefixes.insert(name(field, prefix), terms);
    }

    fn add_count(&mut self, field: u32, text: &str, n: u64) {
        self.counts.insert(name(field, text), n);
    }

    /// The lookups asked since the last call that this transcript lacked.
    pub fn take_wanted(&self) -> Wanted {
        std::mem::take(&mut *self.wanted.borrow_mut())
    }
}

impl Lexicon for Transcript {
    fn terms_with_prefix(&self, field: Field, prefix: &str) -> Vec<String> {
        let id = field.field_id();
        match self.prefixes.get(&name(id, prefix)) {
            Some(terms) => terms.clone(),
            None => {
                let key = (id, prefix.to_string());
                let mut wanted = self.wanted.borrow_mut();
                if !wanted.prefixes.contains(&key) {
                    wanted.prefixes.push(key);
                }
                Vec::new()
            }
        }
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        let id = field.field_id();
        match self.counts.get(&name(id, text)) {
            Some(&n) => n,
            None => {
                let key = (id, text.to_string());
                let mut wanted = self.wanted.borrow_mut();
                if !wanted.counts.contains(&key) {
                    wanted.counts.push(key);
                }
                0
            }
        }
    }

    fn local(&self) -> Option<&Searcher> {
        None
    }
}

/// A transcript read by one shard: the joined answers for the dictionary
/// lookups, the shard's own index for what stays local.
pub struct Replay<'a> {
    pub transcript: &'a Transcript,
    pub searcher: &'a Searcher,
}

impl Lexicon for Replay<'_> {
    fn terms_with_prefix(&self, field: Field, prefix: &str) -> Vec<String> {
        self.transcript.terms_with_prefix(field, prefix)
    }

    fn doc_freq(&self, field: Field, text: &str) -> u64 {
        self.transcript.doc_freq(field, text)
    }

    fn local(&self) -> Option<&Searcher> {
        Some(self.searcher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_answers_merge_terms_and_add_counts() {
        let mut a = Transcript::default();
        a.add_prefix(3, "ab", vec!["abc".into(), "abd".into()]);
        a.add_count(3, "abc", 2);
        let mut b = Transcript::default();
        b.add_prefix(3, "ab", vec!["abb".into(), "abc".into()]);
        b.add_count(3, "abc", 5);
        // As it travels between processes.
        let b: Transcript = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
        a.join(b);
        let field = Field::from_field_id(3);
        assert_eq!(a.terms_with_prefix(field, "ab"), ["abb", "abc", "abd"]);
        assert_eq!(a.doc_freq(field, "abc"), 7);
        assert!(a.take_wanted().is_empty());
    }

    #[test]
    fn a_lookup_the_transcript_lacks_is_wanted_once() {
        let t = Transcript::default();
        let field = Field::from_field_id(1);
        assert!(t.terms_with_prefix(field, "x").is_empty());
        assert!(t.terms_with_prefix(field, "x").is_empty());
        assert_eq!(t.doc_freq(field, "y"), 0);
        let wanted = t.take_wanted();
        assert_eq!(wanted.prefixes, [(1, "x".to_string())]);
        assert_eq!(wanted.counts, [(1, "y".to_string())]);
        assert!(t.take_wanted().is_empty());
    }
}
