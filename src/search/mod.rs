//! Searching an index: compile the query, add the filters, collect the top
//! hits and the facet counts of all matches, cut snippets.

pub mod lexicon;
pub mod limits;
pub mod query;
pub mod snippet;

use std::collections::BTreeMap;
use std::time::Instant;

use std::ops::Bound;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};

use tantivy::columnar::{Column, StrColumn};
use tantivy::query::EnableScoring;
use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query, RangeQuery, TermSetQuery};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Executor, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use crate::analyze::{Analyzer, Mode};
use crate::contract::{self, Facets};
use crate::dates::{Day, Mention, PartialDate};
use crate::indexer::{self, OpenIndex};
use crate::lang::Lang;
use crate::schema::{self, Fields, facets};
use lexicon::Lexicon;
pub use query::QueryError;
use query::{Compiled, Form, QueryBuilder, filter};
pub use snippet::Fragment;

/// Errors of running a search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index cannot be read (see [`crate::indexer::IndexError::Damaged`]).
    #[error(transparent)]
    Open(#[from] crate::indexer::IndexError),
    /// The corpus's glossary cannot be read.
    #[error(transparent)]
    Glossary(#[from] crate::aliases::AliasError),
}

/// What to search for and how much to return.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchOptions {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Keep only passages in these languages (ISO 639-1), when not empty.
    pub langs: Vec<String>,
    /// Keep only passages whose source path holds this text, by the rule
    /// of `source:` ([`query::path_holds`]).
    pub source: Option<String>,
    /// Keep only passages that mention a date on or after this one.
    pub from: Option<PartialDate>,
    /// Keep only passages that mention a date on or before this one.
    pub to: Option<PartialDate>,
    /// Search only the words as written: no aliases, no other scripts.
    pub exact: bool,
    /// How many sources the source facet lists, most matches first (0:
    /// all of them).
    pub top_sources: usize,
    /// Leave out passages in these languages.
    pub not_langs: Vec<String>,
    /// Keep only passages of these sources (exact paths, as hits give
    /// them), when not empty.
    pub sources: Vec<String>,
    /// Leave out passages of these sources (exact paths).
    pub not_sources: Vec<String>,
    /// Other spellings not to search a word under (the reading room's
    /// switches on the expansion).
    pub without: Vec<String>,
}

/// Sources the source facet lists unless told otherwise: a broad search on
/// a large corpus matches tens of thousands of files.
pub const DEFAULT_TOP_SOURCES: usize = 20;

/// Hits a search returns unless told otherwise.
pub const DEFAULT_LIMIT: usize = 10;

impl Default for SearchOptions {
    /// The first page of hits of an empty query, every language and source.
    fn default() -> SearchOptions {
        SearchOptions {
            query: String::new(),
            limit: DEFAULT_LIMIT,
            offset: 0,
            langs: Vec::new(),
            source: None,
            from: None,
            to: None,
            exact: false,
            top_sources: DEFAULT_TOP_SOURCES,
            not_langs: Vec::new(),
            sources: Vec::new(),
            not_sources: Vec::new(),
            without: Vec::new(),
        }
    }
}

/// One matching passage: what programs read, and the pieces text output
/// marks up itself.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The hit as the JSON contract gives it.
    pub found: contract::Hit,
    /// The snippet: pieces of the passage, matched or not.
    pub fragments: Vec<Fragment>,
}

/// The answer to a search.
#[derive(Debug, Clone)]
pub struct Results {
    pub query: String,
    /// Each query word with the other spellings it was expanded to.
    pub expanded: BTreeMap<String, Vec<String>>,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when a word of the query no passage holds as written was
    /// searched with typos.
    pub typos: bool,
    /// When nothing matched: words the index holds that are close to the
    /// query's words ("did you mean").
    pub suggestions: Vec<String>,
    /// Shards of a sharded index that did not answer: the results are
    /// those of the others.
    pub missing_shards: Vec<u32>,
}

impl Results {
    /// The results as programs read them (`search --json`, the server).
    pub fn into_contract(self) -> contract::SearchResponse {
        contract::SearchResponse {
            version: contract::VERSION,
            query: self.query,
            expanded: self.expanded,
            total: self.total,
            took_ms: self.took_ms,
            hits: self.hits.into_iter().map(|hit| hit.found).collect(),
            facets: self.facets,
            typos: self.typos,
            suggestions: self.suggestions,
            missing_shards: self.missing_shards,
        }
    }
}

/// Runs a search on an opened index. A damaged index fails with
/// [`crate::indexer::IndexError::Damaged`], never a panic: tantivy reads
/// its files trusting their bytes.
pub fn search(opened: &OpenIndex, options: &SearchOptions) -> Result<Results, SearchError> {
    let reader = indexer::reader(&opened.index, &opened.path)?;
    indexer::guarded(&opened.path, || search_in(&reader, opened, options))?
        .map_err(|e| damaged(opened, e))
}

/// An error of tantivy while searching a committed index: its files are
/// damaged (or gone).
fn damaged(opened: &OpenIndex, error: SearchError) -> SearchError {
    match error {
        SearchError::Index(e) => indexer::damaged(&opened.path, &e.to_string()).into(),
        error => error,
    }
}

/// Runs a search with a reader of the index kept from earlier searches:
/// opening one maps the index's files, and a program that searches many
/// times (the benchmark, a server) maps them once.
pub fn search_in(
    reader: &tantivy::IndexReader,
    opened: &OpenIndex,
    options: &SearchOptions,
) -> Result<Results, SearchError> {
    let searcher = reader.searcher();
    search_with(&searcher, opened, options, parallel_executor(&searcher))
}

/// [`search`] on one searcher, spreading segments and hits over the
/// threads of `executor` when one is given.
fn search_with(
    searcher: &tantivy::Searcher,
    opened: &OpenIndex,
    options: &SearchOptions,
    executor: Option<&Executor>,
) -> Result<Results, SearchError> {
    let started = Instant::now();
    let aliases = aliases_for(&opened.commit, options)?;
    let live = live_bodies(&opened.commit);
    let fields = &opened.fields;
    let mut planned = plan(searcher, fields, live.clone(), aliases.as_ref(), options)?;
    let found = collect(searcher, &planned, options, None, executor)?;
    let hit_of = |(score, address)| planned.hit(searcher, fields, score, address);
    // Each hit decompresses a block of stored passages: the cores share them.
    let hits = match executor {
        Some(executor) => executor.map(hit_of, found.top.into_iter())?,
        None => found
            .top
            .into_iter()
            .map(hit_of)
            .collect::<tantivy::Result<_>>()?,
    };
    let suggestions = if found.total == 0 && !options.exact {
        let candidates =
            suggestion_candidates(searcher, fields, &live, &planned.analyzers, &options.query);
        best_suggestions(candidates)
    } else {
        Vec::new()
    };
    Ok(Results {
        query: options.query.clone(),
        expanded: std::mem::take(&mut planned.compiled.expanded),
        suggestions,
        total: found.total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets: found.facets,
        typos: planned.compiled.typos,
        missing_shards: Vec::new(),
    })
}

/// The aliases a search expands with: none for an exact one, which reads
/// no aliases, glossary or other spellings.
pub(crate) fn aliases_for(
    commit: &crate::manifest::Commit,
    options: &SearchOptions,
) -> Result<Option<crate::aliases::Aliases>, SearchError> {
    Ok(if options.exact {
        None
    } else {
        Some(commit.aliases()?)
    })
}

/// A query compiled with its filters, and what its hits need to be marked.
pub(crate) struct Planned {
    pub(crate) query: Box<dyn Query>,
    pub(crate) compiled: Compiled,
    pub(crate) analyzers: Vec<Analyzer>,
}

impl Planned {
    /// The hit of the passage at `address`: its stored fields, snippet and
    /// marks.
    pub(crate) fn hit(
        &self,
        searcher: &tantivy::Searcher,
        fields: &Fields,
        score: Score,
        address: DocAddress,
    ) -> tantivy::Result<Hit> {
        hit(
            searcher,
            fields,
            &self.analyzers,
            &self.compiled,
            score,
            address,
        )
    }
}

/// Compiles the query against `lexicon` and adds the filters. Words are
/// expanded with `aliases` (none for an exact search); `live[i]` says
/// whether body field `i` holds passages.
pub(crate) fn plan(
    lexicon: &dyn Lexicon,
    fields: &Fields,
    live: Vec<bool>,
    aliases: Option<&crate::aliases::Aliases>,
    options: &SearchOptions,
) -> Result<Planned, SearchError> {
    let mut builder = QueryBuilder::new(fields, live, lexicon, aliases);
    builder.leave_out(&options.without);
    let mut compiled = builder.compile(&options.query)?;
    let analyzers = builder.analyzers().to_vec();
    // The query moves into the filters; the rest of `compiled` serves the hits.
    let query = std::mem::replace(&mut compiled.query, Box::new(EmptyQuery));
    let query = with_filters(query, fields, lexicon.local(), options)?;
    Ok(Planned {
        query,
        compiled,
        analyzers,
    })
}

/// What collecting a planned query over one index found.
pub(crate) struct Collected {
    /// The best `offset + limit` passages, best first, minus the first
    /// `offset`.
    pub(crate) top: Vec<(Score, DocAddress)>,
    pub(crate) total: usize,
    pub(crate) facets: Facets,
}

/// Runs a planned query: the top hits by score (BM25 statistics from
/// `statistics` when given, else from the index itself) and the facets of
/// every match.
pub(crate) fn collect(
    searcher: &tantivy::Searcher,
    planned: &Planned,
    options: &SearchOptions,
    statistics: Option<&dyn tantivy::query::Bm25StatisticsProvider>,
    executor: Option<&Executor>,
) -> Result<Collected, SearchError> {
    // No more hits than passages: the top collector makes room for all of
    // them up front (`--limit` beyond memory aborted the process).
    let passages = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let top = TopDocs::with_limit(options.limit.clamp(1, passages.max(1)))
        .and_offset(options.offset.min(passages))
        .order_by_score();
    let collectors = (top, Count, FacetCollector);
    let statistics = statistics.unwrap_or(searcher);
    let query = &planned.query;
    let (top, total, counts) = match executor {
        Some(executor) => {
            let scoring = EnableScoring::enabled_from_statistics_provider(statistics, searcher);
            searcher.search_with_executor(query, &collectors, executor, scoring)?
        }
        None => searcher.search_with_statistics_provider(query, &collectors, statistics)?,
    };
    let top = if options.limit == 0 { Vec::new() } else { top };
    let (source, sources_matched) = top_sources(&counts.sources, options.top_sources);
    let facets = Facets {
        lang: counts.lang,
        source: source.into_iter().collect(),
        sources_matched,
        year: number_counts(&counts.year, 1),
        decade: number_counts(&counts.decade, 10),
    };
    Ok(Collected { top, total, facets })
}

/// Most words suggested for a query that found nothing.
const MAX_SUGGESTIONS: usize = 5;

/// Words the index holds within two edits of the query's plain Latin and
/// Cyrillic words that it does not hold (as analysis writes them, so a
/// stem), each with its edits and passages: what a reader who mistyped meant.
pub(crate) fn suggestion_candidates(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    live: &[bool],
    analyzers: &[Analyzer],
    query: &str,
) -> Vec<Suggestion> {
    use crate::analyze::script::{Script, script_of};
    let mut found: Vec<(usize, u64, String)> = Vec::new();
    let words = query.split_whitespace().filter(|w| {
        let scripts: Vec<Option<Script>> = w.chars().map(script_of).collect();
        scripts.len() >= 3
            && (scripts.iter().all(|s| *s == Some(Script::Latin))
                || scripts.iter().all(|s| *s == Some(Script::Cyrillic)))
    });
    for word in words {
        for (at, (field, _)) in fields.bodies.iter().enumerate().filter(|(i, _)| live[*i]) {
            let terms = analyzers[at].analyze(word, Mode::Query);
            let [term] = terms.as_slice() else { continue };
            // The first letter is kept, as readers rarely mistype it.
            let Some(first) = term.text.chars().next() else {
                continue;
            };
            let mut prefix = [0u8; 4];
            let prefix = first.encode_utf8(&mut prefix);
            for held in query::terms_with_prefix(searcher, *field, prefix) {
                let edits = (1..=2).find(|&e| within_edits(&held, &term.text, e));
                let Some(edits) = edits.filter(|_| held != term.text) else {
                    continue;
                };
                let freq = searcher
                    .doc_freq(&tantivy::Term::from_field_text(*field, &held))
                    .unwrap_or(0);
                if freq > 0 && !found.iter().any(|(_, _, h)| *h == held) {
                    found.push((edits, freq, held));
                }
            }
        }
    }
    found
}

/// A word the index holds near a query word: the edits between them, the
/// passages holding it, the word.
pub(crate) type Suggestion = (usize, u64, String);

/// The suggestions to show: fewest edits, then most passages, then in
/// order of the words.
pub(crate) fn best_suggestions(mut found: Vec<Suggestion>) -> Vec<String> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    found
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, held)| held)
        .collect()
}

/// Passages from which a search spreads its segments over all cores.
const PARALLEL_MIN_DOCS: u64 = 100_000;

/// Threads to search the segments of a large index at once: a search visits
/// every match for its counts, and on a small index starting the threads
/// costs more than they save.
/// The threads are started once per process and kept.
fn parallel_executor(searcher: &tantivy::Searcher) -> Option<&'static Executor> {
    static THREADS: std::sync::OnceLock<Option<Executor>> = std::sync::OnceLock::new();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let segments = searcher.segment_readers().len();
    if cores < 2 || segments < 2 || searcher.num_docs() < PARALLEL_MIN_DOCS {
        return None;
    }
    THREADS
        .get_or_init(|| Executor::multi_thread(cores, "shimoda-search-").ok())
        .as_ref()
}

/// Which body fields hold passages, as the commit records: querying the
/// empty ones costs time (and opening an empty field's dictionary costs a
/// one-off search more than the query itself).
pub(crate) fn live_bodies(commit: &crate::manifest::Commit) -> Vec<bool> {
    crate::lang::body_fields()
        .iter()
        .map(|(name, _)| commit.bodies.iter().any(|b| b == name))
        .collect()
}

/// Adds the `--lang`, `--source`, `--from` and `--to` filters as
/// score-neutral clauses; a filter that cannot match (an unknown language,
/// dates reversed) is an error, not an empty answer.
fn with_filters(
    query: Box<dyn Query>,
    fields: &Fields,
    searcher: Option<&tantivy::Searcher>,
    options: &SearchOptions,
) -> Result<Box<dyn Query>, QueryError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    let lang_terms = |codes: &[String]| {
        codes
            .iter()
            .map(|l| query::lang_code(l).map(|c| tantivy::Term::from_field_text(fields.lang, c)))
            .collect::<Result<Vec<_>, _>>()
    };
    let path_terms = |paths: &[String]| {
        let terms = paths
            .iter()
            .map(|p| tantivy::Term::from_field_text(fields.path, p));
        filter(Box::new(TermSetQuery::new(terms)))
    };
    if !options.langs.is_empty() {
        let terms = lang_terms(&options.langs)?;
        clauses.push((Occur::Must, filter(Box::new(TermSetQuery::new(terms)))));
    }
    if !options.not_langs.is_empty() {
        let terms = lang_terms(&options.not_langs)?;
        clauses.push((Occur::MustNot, Box::new(TermSetQuery::new(terms))));
    }
    if !options.sources.is_empty() {
        clauses.push((Occur::Must, path_terms(&options.sources)));
    }
    if !options.not_sources.is_empty() {
        clauses.push((Occur::MustNot, path_terms(&options.not_sources)));
    }
    if let Some(text) = &options.source {
        // A coordinator has no paths: each shard filters its own.
        let matching = match searcher {
            Some(searcher) => query::source_query(searcher, fields.path, text)?,
            None if query::path_words(text).is_empty() => {
                return Err(QueryError::NoSourceText(text.to_string()));
            }
            None => Box::new(EmptyQuery),
        };
        clauses.push((Occur::Must, filter(matching)));
    }
    if let (Some(from), Some(to)) = (options.from, options.to)
        && from.first_day() > to.last_day()
    {
        return Err(QueryError::ReversedDates {
            from: written_date(from),
            to: written_date(to),
        });
    }
    if options.from.is_some() || options.to.is_some() {
        let bound = |day: Option<Day>| match day {
            Some(d) => Bound::Included(tantivy::Term::from_field_i64(
                fields.when,
                d.days_since_epoch(),
            )),
            None => Bound::Unbounded,
        };
        let range = RangeQuery::new(
            bound(options.from.map(PartialDate::first_day)),
            bound(options.to.map(PartialDate::last_day)),
        );
        clauses.push((Occur::Must, filter(Box::new(range))));
    }
    if clauses.len() == 1 {
        return Ok(clauses.remove(0).1);
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// A date as `--from` and `--to` take it: `1905`, `1905-09`, `1905-09-05`.
fn written_date(date: PartialDate) -> String {
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", date.year),
        (Some(m), None) => format!("{:04}-{m:02}", date.year),
        _ => format!("{:04}", date.year),
    }
}

fn hit(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    analyzers: &[Analyzer],
    compiled: &Compiled,
    score: Score,
    address: DocAddress,
) -> tantivy::Result<Hit> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let stored = Stored::of(&doc, fields);
    let (ranges, matched) = marks(fields, analyzers, compiled, &stored.text, &stored.lang);
    let fragments = snippet::snippet(&stored.text, &ranges);
    let variants = variants(&stored.text, &ranges, &matched);
    let found = contract::Hit {
        source: stored.source,
        passage: stored.passage,
        at: stored.at,
        lang: stored.lang,
        score,
        snippet: snippet::html(&fragments),
        years: crate::dates::years(&stored.dates),
        dates: stored.dates.iter().map(contract::Date::from).collect(),
        text: stored.text,
        variants,
        matched,
        marks: byte_pairs(&ranges),
    };
    Ok(Hit { found, fragments })
}

/// The source and passage number of the passage at `address`: what
/// orders hits of equal score the same way however the index is split.
pub(crate) fn source_and_passage(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    address: DocAddress,
) -> tantivy::Result<(String, u64)> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let stored = Stored::of(&doc, fields);
    Ok((stored.source, stored.passage))
}

/// What the index stores of one passage.
struct Stored {
    source: String,
    passage: u64,
    at: contract::Place,
    lang: String,
    text: String,
    dates: Vec<Mention>,
}

impl Stored {
    fn of(doc: &TantivyDocument, fields: &Fields) -> Stored {
        let text_of = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let number = |f| {
            doc.get_first(f)
                .and_then(|v| v.as_u64())
                .unwrap_or_default()
        };
        let text = text_of(fields.text);
        // Stored, not extracted again: compiling the date rules alone would
        // cost a one-off search more than all the rest.
        let dates: Vec<Mention> = doc
            .get_first(fields.dates)
            .and_then(|v| v.as_bytes())
            .map(|stored| crate::dates::decode(&text, stored))
            .unwrap_or_default();
        Stored {
            source: text_of(fields.path),
            passage: number(fields.passage),
            at: contract::Place {
                line: number(fields.line),
                byte_start: number(fields.byte_start),
                byte_end: number(fields.byte_end),
                page: doc.get_first(fields.page).and_then(|v| v.as_u64()),
                section: doc
                    .get_first(fields.section)
                    .and_then(|v| v.as_str())
                    .map(str::to_string),
                ocr: doc.get_first(fields.ocr).and_then(|v| v.as_u64()) == Some(1),
            },
            lang: text_of(fields.lang),
            text,
            dates,
        }
    }
}

/// The byte ranges of `text` (a passage in `lang`) that match the compiled
/// query, and the query's forms it holds.
fn marks(
    fields: &Fields,
    analyzers: &[Analyzer],
    compiled: &Compiled,
    text: &str,
    lang: &str,
) -> (Vec<(usize, usize)>, Vec<String>) {
    let at = fields.body_index_for(Lang::from_code(lang).unwrap_or(Lang::UNDETERMINED));
    let highlight = &compiled.highlight;
    // The passage is analyzed once, for the marks and for the matched forms.
    let analyzed = analyzers[at].analyze(text, Mode::Index);
    // Words matched with typos are marked as the words they are here.
    let near = near_terms(&analyzed, &analyzers[at], &compiled.forms);
    let marked = if near.is_empty() {
        std::borrow::Cow::Borrowed(&highlight.terms[at])
    } else {
        let mut terms = highlight.terms[at].clone();
        terms.extend(near);
        std::borrow::Cow::Owned(terms)
    };
    let ranges = snippet::match_ranges(&analyzed, &marked, &highlight.prefixes[at]);
    let matched = matched_forms(&analyzed, &analyzers[at], &compiled.forms);
    (ranges, matched)
}

/// The matched words of `text` (at `ranges`) that only a reading rule
/// made meet the query, each once, with the rule's name. `matched` (the
/// query's forms the passage holds) tells a Korean word that met hanja.
fn variants(text: &str, ranges: &[(usize, usize)], matched: &[String]) -> Vec<contract::Variant> {
    use crate::analyze::script::{Script, script_of};
    let query_has_han = matched
        .iter()
        .any(|m| m.chars().any(|c| script_of(c) == Some(Script::Cjk)));
    let mut out: Vec<contract::Variant> = Vec::new();
    for &(a, b) in ranges {
        let Some(word) = text.get(a..b) else { continue };
        // A word OCR mixed letters in is repaired in the stored passage
        // itself (see `ingest::normalize`): nothing is left to say of it.
        let rule = if crate::analyze::orthography::is_old(word) {
            "old spelling"
        } else if word.chars().all(crate::analyze::kanji::is_kanji) && !query_has_han {
            "hanja reading"
        } else if matches!(
            crate::analyze::kyujitai::modern(word),
            std::borrow::Cow::Owned(_)
        ) {
            "old kanji form"
        } else {
            continue;
        };
        if !out.iter().any(|v| v.text == word) {
            out.push(contract::Variant {
                text: word.to_string(),
                rule: rule.to_string(),
            });
        }
    }
    out
}

fn byte_pairs(ranges: &[(usize, usize)]) -> Vec<[u64; 2]> {
    ranges.iter().map(|&(a, b)| [a as u64, b as u64]).collect()
}

/// [`document`] on one searcher.
fn document_in(
    searcher: &tantivy::Searcher,
    opened: &OpenIndex,
    source: &str,
    query: &str,
    exact: bool,
) -> Result<Option<contract::Document>, SearchError> {
    let fields = &opened.fields;
    let term = tantivy::Term::from_field_text(fields.path, source);
    let of_source = tantivy::query::TermQuery::new(term, tantivy::schema::IndexRecordOption::Basic);
    let addresses = searcher.search(&of_source, &tantivy::collector::DocSetCollector)?;
    if addresses.is_empty() {
        return Ok(None);
    }
    let aliases = if exact || query.trim().is_empty() {
        crate::aliases::Aliases::default()
    } else {
        opened.commit.aliases()?
    };
    let mut builder = QueryBuilder::new(
        fields,
        live_bodies(&opened.commit),
        searcher,
        Some(&aliases),
    );
    let compiled = match query.trim() {
        "" => None,
        text => Some(builder.compile(text)?),
    };
    let analyzers = builder.analyzers();
    let mut passages = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let stored = Stored::of(&doc, fields);
        let ranges = compiled
            .as_ref()
            .map(|c| marks(fields, analyzers, c, &stored.text, &stored.lang).0)
            .unwrap_or_default();
        passages.push(contract::DocumentPassage {
            passage: stored.passage,
            at: stored.at,
            lang: stored.lang,
            dates: stored.dates.iter().map(contract::Date::from).collect(),
            text: stored.text,
            marks: byte_pairs(&ranges),
        });
    }
    passages.sort_by_key(|p| p.passage);
    Ok(Some(contract::Document {
        version: contract::VERSION,
        source: source.to_string(),
        query: query.to_string(),
        matches: passages.iter().map(|p| p.marks.len() as u64).sum(),
        passages,
    }))
}

/// One indexed document, every passage in order, with the matches of
/// `query` marked (none for an empty query); `None` when the index holds
/// no file of that path. The text comes from the index alone: a path is
/// never opened on disk, so only indexed sources can be read.
pub fn document(
    reader: &tantivy::IndexReader,
    opened: &OpenIndex,
    source: &str,
    query: &str,
    exact: bool,
) -> Result<Option<contract::Document>, SearchError> {
    let searcher = reader.searcher();
    indexer::guarded(&opened.path, || {
        document_in(&searcher, opened, source, query, exact)
    })?
    .map_err(|e| damaged(opened, e))
}

/// Passages of the whole index per year they mention: the denominator of
/// a timeline's relative frequencies.
pub fn years_of_all(
    reader: &tantivy::IndexReader,
    opened: &OpenIndex,
) -> Result<BTreeMap<String, u64>, SearchError> {
    let searcher = reader.searcher();
    let counts = indexer::guarded(&opened.path, || {
        searcher.search(&tantivy::query::AllQuery, &FacetCollector)
    })?
    .map_err(|e| damaged(opened, e.into()))?;
    Ok(number_counts(&counts.year, 1))
}

/// The forms whose every term the passage holds (for a prefix: a term
/// starting with it), in query order, as the query wrote them.
fn matched_forms(
    analyzed: &[crate::analyze::Term],
    analyzer: &Analyzer,
    forms: &[Form],
) -> Vec<String> {
    let held: HashSet<&str> = analyzed.iter().map(|t| t.text.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    for form in forms {
        let shown = form.shown();
        if !out.contains(&shown) && holds(&held, analyzer, form) {
            out.push(shown);
        }
    }
    out
}

/// Whether a passage whose terms are `held` holds the form.
fn holds(held: &HashSet<&str>, analyzer: &Analyzer, form: &Form) -> bool {
    if form.typos > 0 {
        let terms = analyzer.analyze(&form.words, Mode::Query);
        return terms.iter().any(|term| {
            held.iter()
                .any(|h| within_edits(h, &term.text, usize::from(form.typos)))
        });
    }
    let (words, prefix) = if form.prefix {
        // The last word is a prefix of an indexed term, compared unstemmed
        // as the query compares it.
        let (head, last) = form
            .words
            .rsplit_once(char::is_whitespace)
            .unwrap_or(("", form.words.as_str()));
        (head, Some(analyzer.fold_word(last)))
    } else {
        (form.words.as_str(), None)
    };
    if let Some(prefix) = &prefix
        && (prefix.is_empty() || !held.iter().any(|t| t.starts_with(prefix.as_str())))
    {
        return false;
    }
    // A Russian word is found by the stems of its case forms (see
    // `analyze::russian`).
    if prefix.is_none()
        && let Some(word) = crate::analyze::russian::single_word(words)
    {
        let stems = crate::analyze::russian::case_stems(analyzer, &word, Mode::Query);
        return stems.iter().any(|s| held.contains(s.as_str()));
    }
    let terms = analyzer.analyze(words, Mode::Query);
    let present = terms
        .iter()
        .filter(|t| held.contains(t.text.as_str()))
        .count();
    // Grams of a long word match with one missing, as in the query.
    let grams = terms
        .iter()
        .all(|t| t.kind == crate::analyze::TermKind::Gram);
    let needed = if grams && terms.len() >= 3 {
        terms.len() - 1
    } else {
        terms.len()
    };
    (prefix.is_some() || !terms.is_empty()) && present >= needed
}

/// The passage's terms that match a form searched with typos.
fn near_terms(
    analyzed: &[crate::analyze::Term],
    analyzer: &Analyzer,
    forms: &[Form],
) -> Vec<String> {
    let mut near = Vec::new();
    for form in forms.iter().filter(|f| f.typos > 0) {
        for wanted in analyzer.analyze(&form.words, Mode::Query) {
            let close = analyzed
                .iter()
                .filter(|t| within_edits(&t.text, &wanted.text, usize::from(form.typos)));
            near.extend(close.map(|t| t.text.clone()));
        }
    }
    near
}

/// True when `a` becomes `b` in at most `edits` letters added, dropped,
/// changed or (two side by side) swapped, as tantivy's fuzzy matching
/// counts them.
fn within_edits(a: &str, b: &str, edits: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > edits {
        return false;
    }
    // Rows of the edit distance table, with the row before for swaps.
    let mut before: Vec<usize> = Vec::new();
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()] <= edits
}

/// Counts of one segment, or of all once merged.
#[derive(Default)]
struct Counts {
    lang: BTreeMap<String, u64>,
    /// Matches per source, segment by segment: paths are read only for the
    /// sources listed, once all segments are counted.
    sources: Vec<SegmentSources>,
    /// Passages per decade and per year, indexed by the codes of
    /// [`schema::facets`] (the number plus one).
    decade: Vec<u64>,
    year: Vec<u64>,
}

/// One segment's matches per file.
struct SegmentSources {
    /// Runs of matches of one file, in document order: (file number,
    /// count, first document). A file's passages follow each other in a
    /// segment, so this is about one entry per file matched, where an array
    /// over all file numbers cost a one-off search a page fault per 4 KiB.
    runs: Vec<(u32, u32, DocId)>,
    path: Option<StrColumn>,
}

/// The sources listed (all when `top` is 0, else the `top` ones with most
/// matches, ties to the smaller file number) with their counts, and how many
/// sources match in all.
fn top_sources(segments: &[SegmentSources], top: usize) -> (Vec<(String, u64)>, u64) {
    // A file's passages may lie in several segments: add them up.
    let runs = || segments.iter().flat_map(|s| &s.runs);
    let size = runs().map(|r| r.0 as usize + 1).max().unwrap_or(0);
    let mut totals = vec![0u32; size];
    for &(file, n, _) in runs() {
        totals[file as usize] += n;
    }
    let (listed, matched) = most_matched(&totals, top);
    // A document of each listed file, and its path's ordinal there. The
    // runs outnumber the files listed by far: a bit per file says which
    // to look up.
    let mut wanted = vec![0u64; size.div_ceil(64)];
    for &(file, _) in &listed {
        wanted[file as usize / 64] |= 1u64 << (file % 64);
    }
    let mut found: FxHashMap<u32, (usize, u64)> = FxHashMap::default();
    for (at, segment) in segments.iter().enumerate() {
        let Some(path) = &segment.path else { continue };
        for &(file, _, doc) in &segment.runs {
            let bit = 1u64 << (file % 64);
            let word = &mut wanted[file as usize / 64];
            if *word & bit != 0
                && let Some(ord) = path.ords().first(doc)
            {
                *word &= !bit;
                found.insert(file, (at, ord));
            }
        }
    }
    let mut located: Vec<(usize, u64, u64)> = listed
        .iter()
        .filter_map(|(file, n)| found.get(file).map(|&(at, ord)| (at, ord, u64::from(*n))))
        .collect();
    located.sort_unstable();
    let mut named = Vec::with_capacity(located.len());
    for run in located.chunk_by(|a, b| a.0 == b.0) {
        if let Some(column) = segments[run[0].0].path.as_ref() {
            let counts: Vec<(u64, u64)> = run.iter().map(|&(_, ord, n)| (ord, n)).collect();
            name_ords(column, &counts, &mut named);
        }
    }
    (named, matched)
}

/// The files with a count (all when `top` is 0, else the `top` with the
/// largest counts, ties to the smaller file number), and how many files
/// have a count. One pass keeping the best `top` in a heap: sorting or
/// collecting every matched file cost a broad search on 1 GB a third of a
/// millisecond.
fn most_matched(totals: &[u32], top: usize) -> (Vec<(u32, u32)>, u64) {
    use std::cmp::Reverse;
    let counted = || (0u32..).zip(totals.iter().copied()).filter(|&(_, n)| n > 0);
    if top == 0 {
        let all: Vec<(u32, u32)> = counted().collect();
        let matched = all.len() as u64;
        return (all, matched);
    }
    // The heap's top is the worst kept: fewest matches, then largest number.
    // `top` is the user's: no more room than there are files.
    let mut kept = std::collections::BinaryHeap::with_capacity(top.min(totals.len()));
    let mut matched = 0u64;
    for (file, n) in counted() {
        matched += 1;
        let rank = Reverse((n, Reverse(file)));
        if kept.len() < top {
            kept.push(rank);
        } else if kept.peek().is_some_and(|worst| rank < *worst) {
            kept.pop();
            kept.push(rank);
        }
    }
    let listed = kept
        .into_sorted_vec()
        .into_iter()
        .map(|Reverse((n, Reverse(file)))| (file, n))
        .collect();
    (listed, matched)
}

/// Adds the value of each (ordinal, count) pair of `column`, ordinals in
/// increasing order, to `out` with its count. One pass over the
/// dictionary: looking each ordinal up alone decompresses its block again
/// and again.
fn name_ords(column: &StrColumn, counts: &[(u64, u64)], out: &mut Vec<(String, u64)>) {
    let ords: Vec<u64> = counts.iter().map(|&(ord, _)| ord).collect();
    let mut ns = counts.iter().map(|&(_, n)| n);
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        if let (Some(n), Ok(name)) = (ns.next(), std::str::from_utf8(bytes)) {
            out.push((name.to_string(), n));
        }
    });
}

/// Counts the languages, sources, decades and years of all matching
/// passages.
struct FacetCollector;

struct FacetSegment {
    /// Languages without a row in [`crate::lang::ROWS`] are read here.
    lang: Option<StrColumn>,
    path: Option<StrColumn>,
    facets: Column<u64>,
    /// Years of passages that mention more than five.
    years: Column<i64>,
    /// Counts per code of [`schema::facets`] (code 0 counts the passages
    /// without one and is not reported): no map lookups, no branches.
    lang_counts: Vec<u64>,
    decade_counts: Vec<u64>,
    year_counts: Vec<u64>,
    /// Counts of the languages without a code, per ordinal of `lang`.
    other_lang_counts: Vec<u64>,
    /// Runs of matches per file (see [`SegmentSources::runs`]).
    runs: Vec<(u32, u32, DocId)>,
    /// Matching documents not yet counted: columns are read a block at a
    /// time, which is much faster than one document at a time.
    buffer: Vec<DocId>,
    packed: Vec<Option<u64>>,
    /// Buffered documents (with their packed facets) whose language or some
    /// years must be read from their own columns.
    rare: Vec<(DocId, u64)>,
    /// The years of passages that mention three to five.
    more_years: Column<u64>,
    /// Rare documents with more years than the packed facets hold.
    more: Vec<DocId>,
    /// Their values in `more_years` (none for those with more than five).
    more_packed: Vec<Option<u64>>,
}

const FACET_BLOCK: usize = 512;

impl FacetSegment {
    fn flush(&mut self) {
        self.packed.clear();
        self.packed.resize(self.buffer.len(), None);
        self.facets.first_vals(&self.buffer, &mut self.packed);
        self.rare.clear();
        for (&doc, packed) in self.buffer.iter().zip(&self.packed) {
            let packed = packed.unwrap_or_default();
            let file = facets::file(packed) as u32;
            match self.runs.last_mut() {
                Some(run) if run.0 == file => run.1 += 1,
                _ => self.runs.push((file, 1, doc)),
            }
            let lang = facets::lang_code(packed);
            self.lang_counts[lang] += 1;
            self.decade_counts[facets::decade_code(packed)] += 1;
            for code in facets::year_codes(packed) {
                self.year_counts[code] += 1;
            }
            if lang == 0 || facets::more_years(packed) {
                self.rare.push((doc, packed));
            }
        }
        self.count_rare();
        self.buffer.clear();
    }

    /// Counts what the packed facets of the rare documents could not hold.
    fn count_rare(&mut self) {
        self.more.clear();
        for &(doc, packed) in &self.rare {
            if facets::lang_code(packed) == 0
                && let Some(ord) = self.lang.as_ref().and_then(|c| c.ords().first(doc))
            {
                self.other_lang_counts[ord as usize] += 1;
            }
            if facets::more_years(packed) {
                self.more.push(doc);
            }
        }
        self.more_packed.clear();
        self.more_packed.resize(self.more.len(), None);
        self.more_years
            .first_vals(&self.more, &mut self.more_packed);
        for (&doc, packed) in self.more.iter().zip(&self.more_packed) {
            match packed {
                Some(packed) => {
                    for code in facets::more_codes(*packed) {
                        self.year_counts[code] += 1;
                    }
                }
                None => {
                    for year in self.years.values_for_doc(doc) {
                        if let Ok(year) = usize::try_from(year)
                            && year < facets::MAX_CODE
                        {
                            self.year_counts[year + 1] += 1;
                        }
                    }
                }
            }
        }
    }

    /// The counts of the segment; the languages named, the sources by file.
    fn counts(self) -> Counts {
        let sources = SegmentSources {
            runs: self.runs,
            path: self.path,
        };
        let mut lang = Vec::new();
        if let Some(column) = &self.lang {
            let counts: Vec<(u64, u64)> = nonzero(&self.other_lang_counts)
                .map(|(ord, n)| (ord as u64, n))
                .collect();
            name_ords(column, &counts, &mut lang);
        }
        let listed = nonzero(&self.lang_counts[1..]);
        lang.extend(listed.filter_map(|(i, n)| Some((Lang::from_index(i)?.code().to_string(), n))));
        Counts {
            lang: lang.into_iter().collect(),
            sources: vec![sources],
            decade: self.decade_counts,
            year: self.year_counts,
        }
    }
}

/// The (index, count) pairs of the nonzero counts, in index order.
fn nonzero(counts: &[u64]) -> impl Iterator<Item = (usize, u64)> + '_ {
    counts.iter().copied().enumerate().filter(|&(_, n)| n > 0)
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        let lang = fast.str(schema::LANG)?;
        let path = fast.str(schema::PATH)?;
        let langs = lang.as_ref().map_or(0, |c| c.num_terms());
        Ok(FacetSegment {
            // As many counters as the bits of a code can name: a code read
            // from a damaged column counts wrong but cannot panic.
            lang_counts: vec![0; facets::LANG_CODES],
            decade_counts: vec![0; facets::DECADE_CODES],
            year_counts: vec![0; facets::YEAR_CODES],
            other_lang_counts: vec![0; langs],
            runs: Vec::new(),
            lang,
            path,
            facets: fast.u64(schema::FACETS)?,
            years: fast.i64(schema::YEAR)?,
            buffer: Vec::with_capacity(FACET_BLOCK),
            packed: Vec::with_capacity(FACET_BLOCK),
            rare: Vec::new(),
            more_years: fast.u64(schema::MORE_YEARS)?,
            more: Vec::new(),
            more_packed: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts {
            decade: vec![0; facets::DECADE_CODES],
            year: vec![0; facets::YEAR_CODES],
            ..Counts::default()
        };
        for counts in fruits {
            for (lang, n) in counts.lang {
                *all.lang.entry(lang).or_default() += n;
            }
            all.sources.extend(counts.sources);
            add_counts(&mut all.decade, &counts.decade);
            add_counts(&mut all.year, &counts.year);
        }
        Ok(all)
    }
}

fn add_counts(into: &mut [u64], from: &[u64]) {
    for (total, count) in into.iter_mut().zip(from) {
        *total += count;
    }
}

/// Nonzero counts indexed by code (the number plus one, in units of
/// `unit`), keyed by the number written out (JSON object keys are strings).
fn number_counts(counts: &[u64], unit: usize) -> BTreeMap<String, u64> {
    nonzero(counts)
        .filter(|&(code, _)| code > 0)
        .map(|(code, n)| (((code - 1) * unit).to_string(), n))
        .collect()
}

impl SegmentCollector for FacetSegment {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.buffer.push(doc);
        if self.buffer.len() == FACET_BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        self.counts()
    }
}

/// What is known of a word's other spellings (or of all aliases).
#[derive(Debug, Clone, serde::Serialize)]
pub struct AliasListing {
    pub groups: Vec<crate::aliases::Group>,
    /// Spellings in other scripts found in the index by transliteration.
    pub transliterations: Vec<String>,
}

/// Lists the alias groups (those holding `word`, when given) and the
/// spellings of `word` in other scripts that the index holds.
pub fn aliases(opened: &OpenIndex, word: Option<&str>) -> Result<AliasListing, SearchError> {
    let aliases = opened.commit.aliases()?;
    let groups = aliases.groups(word).into_iter().cloned().collect();
    let transliterations = match word {
        Some(word) => {
            let searcher = indexer::reader(&opened.index, &opened.path)?.searcher();
            let found = || query::transliterations(&searcher, opened.fields.names, word);
            indexer::guarded(&opened.path, found)?
                .into_iter()
                .map(|(_, spelling)| spelling)
                .collect()
        }
        None => Vec::new(),
    };
    Ok(AliasListing {
        groups,
        transliterations,
    })
}

#[cfg(test)]
mod typo_tests {
    use super::within_edits;

    #[test]
    fn edits_are_counted_as_the_fuzzy_query_counts_them() {
        assert!(within_edits("portsmouth", "portsmuth", 1));
        assert!(
            within_edits("kunashir", "kunahsir", 1),
            "a swap is one edit"
        );
        assert!(!within_edits("portsmouth", "portsmth", 1));
        assert!(within_edits("portsmouth", "portsmth", 2));
        assert!(within_edits("япония", "япония", 0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexer::{self, IndexOptions};

    fn write_file(corpus: &std::path::Path, name: &str, passages: usize) {
        let text: Vec<String> = (0..passages)
            .map(|i| {
                format!(
                    "Passage {i} of {name}: the Treaty of Portsmouth was signed in 1905; \
                     a peace treaty of {} followed.",
                    1900 + i % 50
                )
            })
            .collect();
        std::fs::write(corpus.join(name), text.join("\n\n")).unwrap();
    }

    #[test]
    fn most_matched_keeps_the_largest_counts_ties_to_smaller_files() {
        // Files 0..8 with counts; file 3 has none.
        let totals = [5, 9, 5, 0, 2, 9, 5, 1];
        let (all, matched) = most_matched(&totals, 0);
        assert_eq!(matched, 7);
        assert_eq!(all.len(), 7);
        assert!(
            all.iter()
                .all(|&(file, n)| file != 3 && totals[file as usize] == n)
        );
        let (top, matched) = most_matched(&totals, 4);
        assert_eq!(matched, 7);
        assert_eq!(top, vec![(1, 9), (5, 9), (0, 5), (2, 5)]);
        let (top, _) = most_matched(&totals, 20);
        assert_eq!(top.len(), 7);
        assert_eq!(most_matched(&[], 3), (Vec::new(), 0));
    }

    /// (path, count) pairs with their own strings, for comparisons.
    fn owned(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
        pairs.iter().map(|(p, n)| (p.to_string(), *n)).collect()
    }

    #[test]
    fn source_facet_lists_the_top_sources_and_counts_all() {
        let dir = tempfile::tempdir().unwrap();
        for (name, passages) in [("a.txt", 5), ("b.txt", 3), ("c.txt", 1), ("d.txt", 3)] {
            write_file(dir.path(), name, passages);
        }
        let texts: Vec<(&str, String)> = ["a.txt", "b.txt", "c.txt", "d.txt"]
            .into_iter()
            .map(|name| {
                (
                    name,
                    std::fs::read_to_string(dir.path().join(name)).unwrap(),
                )
            })
            .collect();
        let texts: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
        let (_index_dir, options) = temp_index(&texts);
        let opened = indexer::open(&options.index).unwrap();
        let sources = |top_sources| {
            let options = SearchOptions {
                query: "Portsmouth".to_string(),
                limit: 1,
                top_sources,
                ..SearchOptions::default()
            };
            let facets = search(&opened, &options).unwrap().facets;
            let listed: Vec<(String, u64)> = facets.source.into_iter().collect();
            (listed, facets.sources_matched)
        };
        // Ties go by file number, so only clear winners are checked by name.
        let (top, matched) = sources(1);
        assert_eq!((top, matched), (owned(&[("a.txt", 5)]), 4));
        let (top, matched) = sources(0);
        let all = owned(&[("a.txt", 5), ("b.txt", 3), ("c.txt", 1), ("d.txt", 3)]);
        assert_eq!((top, matched), (all, 4));
        let (top, _) = sources(3);
        assert_eq!(top.len(), 3);
        assert!(!top.iter().any(|(p, _)| p == "c.txt"));
    }

    fn temp_index(files: &[(&str, &str)]) -> (tempfile::TempDir, IndexOptions) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for (name, text) in files {
            std::fs::write(corpus.join(name), text).unwrap();
        }
        let options = IndexOptions {
            corpus,
            index: dir.path().join("index"),
            full: false,
            progress: false,
            keep_boilerplate: None,
            ocr: None,
            part: None,
        };
        indexer::run(&options).unwrap();
        (dir, options)
    }

    fn sources_of(opened: &OpenIndex, query: &str) -> BTreeMap<String, u64> {
        let options = SearchOptions {
            query: query.to_string(),
            limit: 10,
            ..SearchOptions::default()
        };
        search(opened, &options).unwrap().facets.source
    }

    /// Scores of a search, by passage text.
    fn scores(opened: &OpenIndex, options: SearchOptions) -> BTreeMap<String, String> {
        let options = SearchOptions {
            limit: 100,
            ..options
        };
        let results = search(opened, &options).unwrap();
        results
            .hits
            .into_iter()
            .map(|h| (h.found.text, format!("{:.4}", h.found.score)))
            .collect()
    }

    fn query(text: &str) -> SearchOptions {
        SearchOptions {
            query: text.to_string(),
            ..SearchOptions::default()
        }
    }

    /// `lang:`, `source:` and `year:` pick passages as `--lang`,
    /// `--source` and `--from`/`--to` do, without scoring them.
    #[test]
    fn filters_in_the_query_do_not_change_scores() {
        let (_dir, options) = temp_index(&[
            (
                "en_a.txt",
                "The Treaty of Portsmouth ended the war between the two empires in 1905.\n\n\
                 Portsmouth was the harbour where the delegations of both countries met.",
            ),
            (
                "en_b.txt",
                "In 1906 the Portsmouth treaty was debated again by the members of the parliament.",
            ),
            (
                "ru.txt",
                "Портсмутский мирный договор был подписан в 1905 году в городе Portsmouth, \
                 и война между двумя империями закончилась.",
            ),
        ]);
        let opened = indexer::open(&options.index).unwrap();
        let plain = scores(&opened, query("Portsmouth"));
        let by_option = scores(
            &opened,
            SearchOptions {
                langs: vec!["en".into()],
                ..query("Portsmouth")
            },
        );
        let in_query = scores(&opened, query("Portsmouth lang:en"));
        assert!(!in_query.is_empty());
        assert_eq!(in_query, by_option);
        for (text, score) in &in_query {
            assert_eq!(&plain[text], score, "{text}");
        }
        let source = scores(&opened, query("Portsmouth source:en_a"));
        let source_option = scores(
            &opened,
            SearchOptions {
                source: Some("en_a".into()),
                ..query("Portsmouth")
            },
        );
        assert_eq!(source, source_option);
        assert_eq!(source.len(), 2);
        let years = scores(&opened, query("Portsmouth year:1905"));
        assert_eq!(years.len(), 2);
        for (text, score) in years.iter().chain(&source) {
            assert_eq!(&plain[text], score, "{text}");
        }
        let either = scores(&opened, query("Portsmouth OR lang:ru"));
        for (text, score) in &either {
            assert_eq!(&plain[text], score, "{text}");
        }
    }

    /// Filters that cannot match are errors that say why, not empty answers.
    #[test]
    fn bad_filters_are_errors() {
        let (_dir, options) = temp_index(&[(
            "a.txt",
            "The Treaty of Portsmouth was signed on the fifth of September 1905.",
        )]);
        let opened = indexer::open(&options.index).unwrap();
        let date = |s: &str| s.parse::<PartialDate>().unwrap();
        let error = |options: SearchOptions| match search(&opened, &options) {
            Err(SearchError::Query(e)) => e,
            other => panic!("{:?}", other.map(|r| r.total)),
        };
        let korean = error(SearchOptions {
            langs: vec!["en".into(), "korean".into()],
            ..query("Portsmouth")
        });
        assert_eq!(korean, QueryError::UnknownLang("korean".into()));
        assert!(korean.to_string().contains("ko,"), "{korean}");
        let reversed = error(SearchOptions {
            from: Some(date("1960")),
            to: Some(date("1900")),
            ..query("Portsmouth")
        });
        assert_eq!(
            reversed.to_string(),
            "--from 1960 is after --to 1900: no date lies between them"
        );
        let days = error(SearchOptions {
            from: Some(date("1905-09-06")),
            to: Some(date("1905-09-05")),
            ..query("Portsmouth")
        });
        assert!(matches!(days, QueryError::ReversedDates { .. }));
        let nothing = error(SearchOptions {
            source: Some("/".into()),
            ..query("Portsmouth")
        });
        assert!(matches!(nothing, QueryError::NoSourceText(_)));
        // One year, or a month within it, is a range that holds dates.
        for (from, to) in [
            ("1905", "1905"),
            ("1905", "1905-09"),
            ("1905-09-05", "1905"),
        ] {
            let options = SearchOptions {
                from: Some(date(from)),
                to: Some(date(to)),
                langs: vec!["EN".into()],
                ..query("Portsmouth")
            };
            assert_eq!(search(&opened, &options).unwrap().total, 1, "{from} {to}");
        }
    }

    /// A Korean word of three syllables is matched by its run of grams:
    /// inside compounds and before particles, not from grams of other words.
    #[test]
    fn korean_words_match_by_their_gram_runs() {
        let (_dir, options) = temp_index(&[
            ("compound.txt", "러시아제국의 역사"),
            ("particle.txt", "러시아와 일본"),
            ("apart.txt", "아시아 국가들과 러시 문학"),
            ("long.txt", "쿠나시르에서 본 섬"),
        ]);
        let opened = indexer::open(&options.index).unwrap();
        let found: Vec<String> = sources_of(&opened, "러시아").into_keys().collect();
        assert_eq!(found, ["compound.txt", "particle.txt"]);
        let quoted: Vec<String> = sources_of(&opened, "\"쿠나시르\"").into_keys().collect();
        assert_eq!(quoted, ["long.txt"]);
        let loose: Vec<String> = sources_of(&opened, "쿠나시르").into_keys().collect();
        assert_eq!(loose, ["long.txt"]);
    }

    /// Files keep their numbers across updates, new files get unused ones,
    /// and the source facet stays right after files change.
    #[test]
    fn files_keep_their_numbers_and_sources_stay_counted() {
        let (_dir, options) = temp_index(&[
            ("a.txt", "Portsmouth one.\n\nPortsmouth two."),
            ("b.txt", "Portsmouth three."),
        ]);
        let ids = |options: &IndexOptions| -> BTreeMap<String, u64> {
            let opened = indexer::open(&options.index).unwrap();
            let manifest = crate::manifest::read_manifest(&options.index, &opened.commit).unwrap();
            manifest.files.into_iter().map(|(p, e)| (p, e.id)).collect()
        };
        let before = ids(&options);
        std::fs::write(options.corpus.join("a.txt"), "Portsmouth again, changed.").unwrap();
        std::fs::write(options.corpus.join("c.txt"), "Portsmouth four.").unwrap();
        indexer::run(&options).unwrap();
        let after = ids(&options);
        assert_eq!(after["a.txt"], before["a.txt"]);
        assert_eq!(after["b.txt"], before["b.txt"]);
        let mut numbers: Vec<u64> = after.values().copied().collect();
        numbers.sort_unstable();
        numbers.dedup();
        assert_eq!(numbers.len(), 3);
        let opened = indexer::open(&options.index).unwrap();
        let counts: Vec<(String, u64)> = sources_of(&opened, "Portsmouth").into_iter().collect();
        assert_eq!(counts, owned(&[("a.txt", 1), ("b.txt", 1), ("c.txt", 1)]));

        // A removed file's number goes to the next new file.
        std::fs::remove_file(options.corpus.join("b.txt")).unwrap();
        std::fs::write(options.corpus.join("d.txt"), "Portsmouth five. Portsmouth.").unwrap();
        indexer::run(&options).unwrap();
        let last = ids(&options);
        assert_eq!(last["d.txt"], after["b.txt"]);
        assert_eq!(
            (last["a.txt"], last["c.txt"]),
            (after["a.txt"], after["c.txt"])
        );
        let opened = indexer::open(&options.index).unwrap();
        let counts: Vec<(String, u64)> = sources_of(&opened, "Portsmouth").into_iter().collect();
        assert_eq!(counts, owned(&[("a.txt", 1), ("c.txt", 1), ("d.txt", 1)]));
    }

    /// Languages without a facet code and passages with more years than the
    /// packed value holds are counted from their own columns.
    #[test]
    fn facets_count_what_the_packed_value_cannot_hold() {
        let (index, fields) = schema::index_in_ram();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        // a.txt's passages apart: its counts come from two runs. Six years
        // are read from the year column, four from the more-years one.
        let passages: [(&str, &str, &[i32]); 4] = [
            ("a.txt", "xx", &[1901, 1902, 1903, 1904, 1905, 1906]),
            ("b.txt", "xx", &[]),
            ("a.txt", "en", &[1905]),
            ("b.txt", "en", &[1855, 1875, 1905, 2100]),
        ];
        for (path, lang, years) in passages {
            let mut doc = TantivyDocument::new();
            doc.add_text(fields.path, path);
            doc.add_text(fields.lang, lang);
            for &year in years {
                doc.add_i64(fields.year, i64::from(year));
            }
            let decade = years.first().map(|y| y / 10 * 10);
            let file = u64::from(path == "b.txt");
            // A language without a row (`xx`) packs as code 0.
            let row = Lang::from_code(lang);
            let packed = facets::pack(file, row.unwrap_or(Lang::UNDETERMINED), decade, years);
            let packed = if row.is_some() {
                packed
            } else {
                packed & !(0x7f << 24)
            };
            doc.add_u64(fields.facets, packed);
            if let Some(more) = facets::pack_more(years) {
                doc.add_u64(fields.more_years, more);
            }
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let counts = searcher
            .search(&tantivy::query::AllQuery, &FacetCollector)
            .unwrap();
        let lang: Vec<(String, u64)> = counts.lang.into_iter().collect();
        assert_eq!(lang, [("en".to_string(), 2), ("xx".to_string(), 2)]);
        let years = number_counts(&counts.year, 1);
        assert_eq!(years.len(), 9);
        assert_eq!(years["1905"], 3);
        assert_eq!((years["1901"], years["1855"], years["2100"]), (1, 1, 1));
        let decades = number_counts(&counts.decade, 10);
        assert_eq!((decades["1900"], decades["1850"]), (2, 1));
        let (sources, matched) = top_sources(&counts.sources, 0);
        assert_eq!(matched, 2);
        assert_eq!(
            sources,
            [("a.txt".to_string(), 2), ("b.txt".to_string(), 2)]
        );
    }

    /// A file whose passages lie in two segments is counted once, with all
    /// its passages, and named from whichever segment holds its path.
    #[test]
    fn sources_add_up_across_segments() {
        let (index, fields) = schema::index_in_ram();
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Two commits, two segments: a.txt (file 0) in both.
        for batch in [
            &[("a.txt", 0)][..],
            &[("a.txt", 0), ("b.txt", 1), ("b.txt", 1)],
        ] {
            for &(path, file) in batch {
                let mut doc = TantivyDocument::new();
                doc.add_text(fields.path, path);
                doc.add_text(fields.lang, "en");
                doc.add_u64(fields.facets, facets::pack(file, Lang::ENGLISH, None, &[]));
                writer.add_document(doc).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let counts = searcher
            .search(&tantivy::query::AllQuery, &FacetCollector)
            .unwrap();
        assert_eq!(
            top_sources(&counts.sources, 0),
            (owned(&[("a.txt", 2), ("b.txt", 2)]), 2)
        );
        // A tie: the smaller file number is listed.
        assert_eq!(top_sources(&counts.sources, 1), (owned(&[("a.txt", 2)]), 2));
        assert_eq!(top_sources(&counts.sources, usize::MAX).1, 2);
    }

    /// The threads of a large index must not change the answer: the same
    /// hits in the same order, the same totals and facets.
    #[test]
    fn parallel_search_answers_as_the_sequential_one() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        let options = IndexOptions {
            corpus: corpus.clone(),
            index: dir.path().join("index"),
            full: false,
            progress: false,
            keep_boilerplate: None,
            ocr: None,
            part: None,
        };
        // Two runs, two commits: at least two segments to spread.
        write_file(&corpus, "a.txt", 40);
        indexer::run(&options).unwrap();
        write_file(&corpus, "b.txt", 30);
        indexer::run(&options).unwrap();
        let opened = indexer::open(&options.index).unwrap();
        let reader = indexer::reader(&opened.index, &opened.path).unwrap();
        let searcher = reader.searcher();
        assert!(searcher.segment_readers().len() >= 2);
        let executor = Executor::multi_thread(2, "shimoda-test-").unwrap();
        for query in [
            "Portsmouth",
            "treaty",
            "\"peace treaty\"",
            "year:[1910 TO 1920]",
        ] {
            let options = SearchOptions {
                query: query.to_string(),
                limit: 7,
                ..SearchOptions::default()
            };
            let answer = |executor| {
                let mut results = search_with(&searcher, &opened, &options, executor).unwrap();
                results.took_ms = 0.0;
                serde_json::to_value(results.into_contract()).unwrap()
            };
            let one = answer(None);
            assert!(one["total"].as_u64().unwrap() > 0, "{query}");
            assert_eq!(one, answer(Some(&executor)), "{query}");
        }
    }
}
