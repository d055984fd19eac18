//! The JSON that programs read: `search --json`, `dates --json`, and later
//! the server and the shard coordinator. One set of types, versioned; every
//! field is documented in `docs/json.md` (a test checks that each field
//! printed is).
//!
//! These types know nothing of tantivy or of how a search runs: they are
//! what a result looks like from outside. [`crate::search`] fills them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dates::Mention;

/// The version of the contract, printed as `"version"`: raised when a
/// field changes meaning or goes away (new fields do not raise it).
pub const VERSION: u32 = 1;

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub version: u32,
    pub query: String,
    /// Each query word with the other spellings it was expanded to.
    pub expanded: BTreeMap<String, Vec<String>>,
    /// Passages that match, all of them (not only the hits shown).
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when a word of the query that no passage holds as written was
    /// also searched with typos (one from 5 letters, two from 9).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub typos: bool,
    /// When nothing matched: words the index holds close to the query's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<String>,
    /// Shards of a sharded index that did not answer (by number): the
    /// answer is the other shards' alone. Absent when every shard answered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_shards: Vec<u32>,
}

/// One matching passage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// The file's path relative to the corpus, `/` between folders.
    pub source: String,
    /// 0-based number of the passage in its file.
    pub passage: u64,
    /// Where the passage is in its file (its fields sit beside these).
    #[serde(flatten)]
    pub at: Place,
    /// ISO 639-1 code of the passage's language (`und`: not told).
    pub lang: String,
    pub score: f32,
    /// The matching part of the passage as HTML: text escaped, matches in
    /// `<b>`.
    pub snippet: String,
    pub text: String,
    pub dates: Vec<Date>,
    /// The years the dates mention, sorted, each once.
    pub years: Vec<i32>,
    /// The query's forms (words, aliases, other spellings) the passage
    /// holds.
    pub matched: Vec<String>,
    /// Where the matches are in `text`: byte ranges, start and end.
    #[serde(default)]
    pub marks: Vec<[u64; 2]>,
    /// Words of the passage that matched only as read by a rule (an old
    /// spelling, an old kanji form, a hanja reading).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// A word of a passage matched as another form of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The word as the passage writes it.
    pub text: String,
    /// The rule it was read by: `old spelling`, `old kanji form` or
    /// `hanja reading`.
    pub rule: String,
}

/// A date a text mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Date {
    /// The words of the text that say it.
    pub text: String,
    /// First and last day it covers (`YYYY-MM-DD`).
    pub start: String,
    pub end: String,
    /// `day`, `month`, `year`, `decade` or `century`.
    pub precision: String,
    /// A remark, such as the Old Style date of an Old/New Style pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Counts over all matching passages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Matching passages per language.
    pub lang: BTreeMap<String, u64>,
    /// Matching passages per source: the sources with the most (as many as
    /// asked), by path.
    pub source: BTreeMap<String, u64>,
    /// How many sources hold matching passages, listed or not.
    pub sources_matched: u64,
    /// Passages per year mentioned (a passage counts once for each year).
    pub year: BTreeMap<String, u64>,
    /// Passages per decade of their first date (each passage once).
    pub decade: BTreeMap<String, u64>,
}

/// The dates found in a text (`dates --text ... --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatesFound {
    pub version: u32,
    pub dates: Vec<Date>,
    pub years: Vec<i32>,
}

/// What shimoda reads from one file (`extract --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    pub version: u32,
    /// The format the file was read as: `text`, `pdf`, `html`, `docx`,
    /// `odt` or `epub`.
    pub format: String,
    /// The encoding its text was read in (WHATWG name).
    pub encoding: String,
    /// Bytes that could not be decoded and became U+FFFD.
    pub replaced: u64,
    /// What could not be read without refusing the file (pages without a
    /// text layer, say), one line each.
    pub notes: Vec<String>,
    pub passages: Vec<ExtractedPassage>,
}

/// One passage of an extracted file, where indexing would put it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractedPassage {
    /// The normalized text, as indexed.
    pub text: String,
    /// ISO 639-1 code of the passage's language (`und`: not told).
    pub lang: String,
    /// Where the passage is in its file (its fields sit beside these).
    #[serde(flatten)]
    pub at: Place,
}

/// One indexed document as the reading room shows it: every passage in
/// order, with the matches of a query marked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub version: u32,
    /// The file's path relative to the corpus, as hits give it.
    pub source: String,
    /// The query whose matches are marked (empty: none).
    pub query: String,
    /// Matches in the whole document.
    pub matches: u64,
    pub passages: Vec<DocumentPassage>,
}

/// One passage of a [`Document`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentPassage {
    /// 0-based number of the passage in its file.
    pub passage: u64,
    #[serde(flatten)]
    pub at: Place,
    pub lang: String,
    pub text: String,
    pub dates: Vec<Date>,
    /// Byte ranges of the query's matches in `text`.
    pub marks: Vec<[u64; 2]>,
}

/// How many passages mention each year, for one or more queries and for
/// the whole index (the timeline's relative frequencies).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    pub version: u32,
    /// Passages of the whole index per year mentioned.
    pub all: BTreeMap<String, u64>,
    pub series: Vec<Series>,
}

/// The years of one query's passages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub query: String,
    pub total: usize,
    pub year: BTreeMap<String, u64>,
}

/// Where a passage is in its file, as hits and extracted passages give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// 1-based line of the (extracted) text the passage starts on.
    pub line: u64,
    /// Byte range in the file (UTF-8 text files) or in the decoded or
    /// extracted text.
    pub byte_start: u64,
    pub byte_end: u64,
    /// 1-based page, for paged formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u64>,
    /// Section (chapter, heading), for formats that have them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// True when the passage was read from a page image by OCR.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ocr: bool,
}

impl From<&Mention> for Date {
    fn from(mention: &Mention) -> Date {
        Date {
            text: mention.text.clone(),
            start: mention.from.to_string(),
            end: mention.to.to_string(),
            precision: mention.precision.name().to_string(),
            note: mention.note.clone(),
        }
    }
}

impl DatesFound {
    /// The dates of `mentions` and the years they count for.
    pub fn of(mentions: &[Mention]) -> DatesFound {
        DatesFound {
            version: VERSION,
            dates: mentions.iter().map(Date::from).collect(),
            years: crate::dates::years(mentions),
        }
    }
}
