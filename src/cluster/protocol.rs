//! The shard protocol: what a coordinator asks a shard and what it
//! answers, one JSON object per line (documented in `docs/json.md`).
//!
//! A search takes five rounds at most: `info` (the shard's commit, which
//! pins the state searched), `lookup` (dictionary lookups the query's
//! compilation needs, repeated until none is missing), `stats` (the BM25
//! statistics of the query's terms), `search` (the top passages scored
//! with the statistics of all shards, and the facet counts) and `fetch`
//! (the hits of the final page). A query that finds nothing also asks
//! `suggest`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aliases::Mined;
use crate::contract;
use crate::manifest::Commit;
use crate::search::SearchOptions;
use crate::search::lexicon::{Transcript, Wanted};

/// The protocol's version: raised when a call or a field changes meaning.
pub const PROTOCOL: u32 = 1;

/// A call to a shard.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum Request {
    /// The shard's state: reloads its index to the last commit and pins it
    /// for the calls that follow.
    Info,
    /// Dictionary lookups, answered from this shard's passages alone.
    Lookup { wanted: Wanted },
    /// The statistics BM25 needs for the query's terms, in this shard.
    Stats { query: Query },
    /// The best `offset + limit` passages scored with `stats`, and the
    /// facet counts of every match.
    Search { query: Query, stats: Stats },
    /// The hits of the passages named, with snippets and marks.
    Fetch { query: Query, hits: Vec<Found> },
    /// Words near the query's that the shard holds (for a query that
    /// found nothing anywhere).
    Suggest { query: Query },
}

/// What a shard answers: one of these, or `error` with a one-line message.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Info(Info),
    Lookup(Transcript),
    Stats(Stats),
    Search(Partial),
    Fetch(Vec<FetchedHit>),
    Suggest(Vec<(usize, u64, String)>),
    Error(String),
}

/// A shard's state, as `info` answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Info {
    pub protocol: u32,
    pub schema_version: u32,
    /// Which part of the corpus the shard holds (`None`: all of it).
    pub part: Option<crate::indexer::Part>,
    /// The commit searched: the calls that follow name it, and a shard
    /// whose index moved on since answers them with an error.
    pub generation: u64,
    pub commit: Commit,
}

/// What every shard needs to compile a query exactly as the whole index
/// would: the options, what the shards hold together, and the answers to
/// the dictionary lookups.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Query {
    pub options: SearchOptions,
    pub generation: u64,
    /// Spelling pairs mined from the texts of every shard.
    pub mined: Vec<Mined>,
    /// Body fields that hold passages in some shard.
    pub bodies: Vec<String>,
    pub transcript: Transcript,
}

/// BM25 statistics: passages, tokens per field (by field number, as a
/// string: JSON keys are strings) and passages per term (by field number
/// and the term's bytes, in hex).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub docs: u64,
    pub tokens: BTreeMap<String, u64>,
    pub terms: BTreeMap<String, u64>,
}

impl Stats {
    /// Adds another shard's statistics: shards hold disjoint passages.
    pub fn add(&mut self, other: &Stats) {
        self.docs += other.docs;
        for (field, n) in &other.tokens {
            *self.tokens.entry(field.clone()).or_default() += n;
        }
        for (term, n) in &other.terms {
            *self.terms.entry(term.clone()).or_default() += n;
        }
    }
}

/// A passage a shard found: where it is in the shard, its score, and what
/// orders ties the same way on every split.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Found {
    pub score: f32,
    pub segment: u32,
    pub doc: u32,
    pub source: String,
    pub passage: u64,
}

/// A shard's part of a search's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Partial {
    pub total: usize,
    pub top: Vec<Found>,
    pub facets: contract::Facets,
}

/// A hit as `fetch` answers it: the contract's hit and the pieces of its
/// snippet, which text output marks up itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FetchedHit {
    pub hit: contract::Hit,
    pub fragments: Vec<crate::search::Fragment>,
}
