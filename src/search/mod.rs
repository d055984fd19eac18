//! Searching an index: compile the query, add the filters, collect the top
//! hits and the facet counts of all matches, cut snippets.

pub mod query;
pub mod snippet;

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};

use tantivy::columnar::{Column, StrColumn};
use tantivy::query::EnableScoring;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermSetQuery,
};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, Executor, Score, SegmentOrdinal, SegmentReader, TantivyDocument};

use std::collections::HashSet;

use crate::analyze::{Analyzer, Mode};
use crate::dates::{Day, Mention, PartialDate};
use crate::indexer::OpenIndex;
use crate::schema::{self, Fields};
pub use query::QueryError;
use query::{Compiled, Expansion, QueryBuilder};
pub use snippet::Fragment;

/// Errors of running a search.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// What to search for and how much to return.
#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Keep only passages in these languages (ISO 639-1), when not empty.
    pub langs: Vec<String>,
    /// Keep only passages whose source path contains this text.
    pub source: Option<String>,
    /// Keep only passages that mention a date on or after this one.
    pub from: Option<PartialDate>,
    /// Keep only passages that mention a date on or before this one.
    pub to: Option<PartialDate>,
    /// Search only the words as written: no aliases, no other scripts.
    pub exact: bool,
}

/// One matching passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub source: String,
    pub passage: u64,
    pub line: u64,
    pub byte_start: u64,
    pub byte_end: u64,
    pub lang: String,
    pub score: f32,
    #[serde(skip)]
    pub fragments: Vec<Fragment>,
    pub text: String,
    /// The dates the passage mentions.
    #[serde(skip)]
    pub dates: Vec<Mention>,
    /// The query's forms (words, aliases, other spellings) the passage holds.
    pub matched: Vec<String>,
}

/// Counts over all matching passages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub lang: BTreeMap<String, u64>,
    pub source: BTreeMap<String, u64>,
    /// Passages per year mentioned (a passage counts once for each year).
    pub year: BTreeMap<String, u64>,
    /// Passages per decade of their first date (each passage once).
    pub decade: BTreeMap<String, u64>,
}

/// The answer to a search.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub query: String,
    /// Each query word with the other spellings it was expanded to.
    pub expanded: BTreeMap<String, Vec<String>>,
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// Runs a search on an opened index.
pub fn search(opened: &OpenIndex, options: &SearchOptions) -> Result<Results, SearchError> {
    let reader = reader(opened)?;
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
    let fields = &opened.fields;
    let live = live_bodies(&opened.commit);
    let aliases = opened.commit.aliases();
    let expansion = (!options.exact).then_some(Expansion {
        searcher,
        aliases: &aliases,
    });
    let mut builder = QueryBuilder::new(fields, live, expansion);
    let mut compiled = builder.compile(&options.query)?;
    // The query moves into the filters; the rest of `compiled` serves the hits.
    let query = std::mem::replace(&mut compiled.query, Box::new(EmptyQuery));
    let query = with_filters(query, fields, searcher, options);

    let top = TopDocs::with_limit(options.limit.max(1))
        .and_offset(options.offset)
        .order_by_score();
    let facets = FacetCollector {
        columns: vec![schema::LANG, schema::PATH],
        numbers: vec![schema::YEAR, schema::DECADE],
    };
    let collectors = (top, Count, facets);
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let (top, total, counts) = match executor {
        Some(executor) => searcher.search_with_executor(&query, &collectors, executor, scoring)?,
        None => searcher.search(&query, &collectors)?,
    };
    let top = if options.limit == 0 { Vec::new() } else { top };

    let analyzers = builder.analyzers();
    let hit_of = |(score, address)| hit(searcher, fields, analyzers, &compiled, score, address);
    // Each hit decompresses a block of stored passages: the cores share them.
    let hits = match executor {
        Some(executor) => executor.map(hit_of, top.into_iter())?,
        None => top
            .into_iter()
            .map(hit_of)
            .collect::<tantivy::Result<_>>()?,
    };
    let (strings, numbers) = counts;
    let mut strings = strings.into_iter();
    let mut numbers = numbers.into_iter();
    let facets = Facets {
        lang: strings.next().unwrap_or_default(),
        source: strings.next().unwrap_or_default(),
        year: numbers.next().unwrap_or_default(),
        decade: numbers.next().unwrap_or_default(),
    };
    Ok(Results {
        query: options.query.clone(),
        expanded: std::mem::take(&mut compiled.expanded),
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        hits,
        facets,
    })
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

/// A reader of the index as committed. No reloading: a search reads one
/// commit, and tantivy's default policy starts a thread to watch for new
/// ones, which costs a one-off search more than its query.
fn reader(opened: &OpenIndex) -> tantivy::Result<tantivy::IndexReader> {
    opened
        .index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
}

/// Which body fields hold passages, as the commit records: querying the
/// empty ones costs time (and opening an empty field's dictionary costs a
/// one-off search more than the query itself).
fn live_bodies(commit: &crate::manifest::Commit) -> Vec<bool> {
    schema::BODY_FIELDS
        .iter()
        .map(|(name, _)| commit.bodies.iter().any(|b| b == name))
        .collect()
}

/// Adds the `--lang` and `--source` filters as score-neutral clauses.
fn with_filters(
    query: Box<dyn Query>,
    fields: &Fields,
    searcher: &tantivy::Searcher,
    options: &SearchOptions,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    if !options.langs.is_empty() {
        let terms = options
            .langs
            .iter()
            .map(|l| tantivy::Term::from_field_text(fields.lang, &l.trim().to_lowercase()));
        clauses.push((Occur::Must, filter(Box::new(TermSetQuery::new(terms)))));
    }
    if let Some(text) = &options.source {
        let needle = text.to_lowercase();
        let paths: Vec<_> = query::terms_with_prefix(searcher, fields.path, "")
            .into_iter()
            .filter(|p| p.to_lowercase().contains(&needle))
            .map(|p| tantivy::Term::from_field_text(fields.path, &p))
            .collect();
        let matching: Box<dyn Query> = if paths.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(TermSetQuery::new(paths))
        };
        clauses.push((Occur::Must, filter(matching)));
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
        return clauses.remove(0).1;
    }
    Box::new(BooleanQuery::new(clauses))
}

fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
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
    let lang = text_of(fields.lang);
    // Stored, not extracted again: compiling the date rules alone would
    // cost a one-off search more than all the rest.
    let dates: Vec<Mention> = doc
        .get_first(fields.dates)
        .and_then(|v| v.as_bytes())
        .map(|stored| crate::dates::decode(&text, stored))
        .unwrap_or_default();
    let at = fields.body_index_for(&lang);
    let highlight = &compiled.highlight;
    // The passage is analyzed once, for the marks and for the matched forms.
    let analyzed = analyzers[at].analyze(&text, Mode::Index);
    let ranges = snippet::match_ranges(&analyzed, &highlight.terms[at], &highlight.prefixes[at]);
    let matched = matched_forms(&analyzed, &analyzers[at], &compiled.forms);
    Ok(Hit {
        source: text_of(fields.path),
        passage: number(fields.passage),
        line: number(fields.line),
        byte_start: number(fields.byte_start),
        byte_end: number(fields.byte_end),
        fragments: snippet::snippet(&text, &ranges),
        lang,
        score,
        text,
        dates,
        matched,
    })
}

/// The forms whose every term the passage holds, in query order.
fn matched_forms(
    analyzed: &[crate::analyze::Term],
    analyzer: &Analyzer,
    forms: &[String],
) -> Vec<String> {
    let held: HashSet<&str> = analyzed.iter().map(|t| t.text.as_str()).collect();
    let mut out: Vec<String> = Vec::new();
    for form in forms {
        let terms = analyzer.analyze(form, Mode::Query);
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
        if !terms.is_empty() && present >= needed && !out.contains(form) {
            out.push(form.clone());
        }
    }
    out
}

/// Counts per value of each facet: string fast fields, then number fast
/// fields (keys written as decimal strings, as JSON objects need).
type FacetFruit = (Vec<BTreeMap<String, u64>>, Vec<BTreeMap<String, u64>>);

/// One segment's counts: for each string facet its (value, count) pairs in
/// value order, for each number facet the counts indexed by value.
type SegmentCounts = (Vec<Vec<(String, u64)>>, Vec<Vec<u64>>);

/// Counts the values of string and number fast fields over all matching
/// documents.
struct FacetCollector {
    columns: Vec<&'static str>,
    numbers: Vec<&'static str>,
}

struct FacetSegment {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u64>>,
    numbers: Vec<Column<i64>>,
    /// Counts per value, indexed by the value (years and decades are
    /// small numbers): no map lookups on the way.
    number_counts: Vec<Vec<u64>>,
    /// Matching documents not yet counted: columns are read a block at a
    /// time, which is much faster than one document at a time.
    buffer: Vec<DocId>,
    ords: Vec<Option<u64>>,
    /// Rows of number columns for the buffered documents, with the
    /// document of each row and the values read.
    rows: Vec<u32>,
    row_docs: Vec<DocId>,
    values: Vec<i64>,
}

/// Values of number facets above this are not counted (years end at 2100).
const MAX_FACET_VALUE: usize = 2100;
const FACET_BLOCK: usize = 512;

impl FacetSegment {
    fn flush(&mut self) {
        let docs = &self.buffer;
        for (column, counts) in self.columns.iter().zip(&mut self.counts) {
            let Some(column) = column else { continue };
            let ords = column.ords();
            if ords.get_cardinality() == tantivy::columnar::Cardinality::Multivalued {
                for &doc in docs {
                    for ord in column.term_ords(doc) {
                        counts[ord as usize] += 1;
                    }
                }
            } else {
                self.ords.resize(docs.len(), None);
                ords.first_vals(docs, &mut self.ords);
                for ord in self.ords.iter().flatten() {
                    counts[*ord as usize] += 1;
                }
            }
        }
        for (column, counts) in self.numbers.iter().zip(&mut self.number_counts) {
            // Rows of the whole block first, then their values in one go:
            // far cheaper than walking each document's values.
            self.row_docs.clear();
            self.rows.clear();
            column.row_ids_for_docs(docs, &mut self.row_docs, &mut self.rows);
            self.values.resize(self.rows.len(), 0);
            column.values.get_vals(&self.rows, &mut self.values);
            for &value in &self.values {
                if let Some(n) = usize::try_from(value).ok().and_then(|v| counts.get_mut(v)) {
                    *n += 1;
                }
            }
        }
        self.buffer.clear();
    }
}

impl Collector for FacetCollector {
    type Fruit = FacetFruit;
    type Child = FacetSegment;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegment> {
        let columns = self
            .columns
            .iter()
            .map(|name| reader.fast_fields().str(name))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let counts = columns
            .iter()
            .map(|c| vec![0; c.as_ref().map_or(0, |c| c.num_terms())])
            .collect();
        let numbers = self
            .numbers
            .iter()
            .map(|name| reader.fast_fields().i64(name))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(FacetSegment {
            columns,
            counts,
            number_counts: vec![vec![0; MAX_FACET_VALUE + 1]; numbers.len()],
            numbers,
            buffer: Vec::with_capacity(FACET_BLOCK),
            ords: Vec::with_capacity(FACET_BLOCK),
            rows: Vec::new(),
            row_docs: Vec::new(),
            values: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<SegmentCounts>) -> tantivy::Result<Self::Fruit> {
        let mut strings: Vec<Vec<(String, u64)>> = vec![Vec::new(); self.columns.len()];
        let mut numbers: Vec<Vec<u64>> = vec![vec![0; MAX_FACET_VALUE + 1]; self.numbers.len()];
        for (s, n) in fruits {
            for (into, from) in strings.iter_mut().zip(s) {
                into.extend(from);
            }
            for (into, from) in numbers.iter_mut().zip(n) {
                for (total, count) in into.iter_mut().zip(from) {
                    *total += count;
                }
            }
        }
        let strings = strings.into_iter().map(sum_sorted_runs).collect();
        let numbers = numbers
            .into_iter()
            .map(|counts| {
                counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, n)| *n > 0)
                    .map(|(value, n)| (value.to_string(), n))
                    .collect()
            })
            .collect();
        Ok((strings, numbers))
    }
}

/// Sums the counts of equal values in runs of (value, count) pairs that are
/// each sorted (one run per segment). Sorting runs that are already sorted
/// and building the map from sorted pairs both take linear time, unlike
/// inserting tens of thousands of paths into a map one by one.
fn sum_sorted_runs(mut pairs: Vec<(String, u64)>) -> BTreeMap<String, u64> {
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut summed: Vec<(String, u64)> = Vec::with_capacity(pairs.len());
    for (value, n) in pairs {
        match summed.last_mut() {
            Some((last, total)) if *last == value => *total += n,
            _ => summed.push((value, n)),
        }
    }
    summed.into_iter().collect()
}

impl SegmentCollector for FacetSegment {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.buffer.push(doc);
        if self.buffer.len() == FACET_BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush();
        let strings = self
            .columns
            .iter()
            .zip(self.counts)
            .map(|(column, counts)| {
                let mut out = Vec::new();
                let Some(column) = column else { return out };
                // One pass over the dictionary for all ords: looking each
                // up alone decompresses its block again and again.
                let (ords, ns): (Vec<u64>, Vec<u64>) = counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, n)| *n > 0)
                    .map(|(ord, n)| (ord as u64, n))
                    .unzip();
                out.reserve(ords.len());
                let mut ns = ns.into_iter();
                let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                    if let (Some(n), Ok(name)) = (ns.next(), std::str::from_utf8(bytes)) {
                        out.push((name.to_string(), n));
                    }
                });
                out
            })
            .collect();
        (strings, self.number_counts)
    }
}

/// What is known of a word's other spellings (or of all aliases).
#[derive(Debug, Clone, Serialize)]
pub struct AliasListing {
    pub groups: Vec<crate::aliases::Group>,
    /// Spellings in other scripts found in the index by transliteration.
    pub transliterations: Vec<String>,
}

/// Lists the alias groups (those holding `word`, when given) and the
/// spellings of `word` in other scripts that the index holds.
pub fn aliases(opened: &OpenIndex, word: Option<&str>) -> Result<AliasListing, SearchError> {
    let aliases = opened.commit.aliases();
    let groups = aliases.groups(word).into_iter().cloned().collect();
    let transliterations = match word {
        Some(word) => {
            let searcher = reader(opened)?.searcher();
            query::transliterations(&searcher, opened.fields.names, word)
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
        };
        // Two runs, two commits: at least two segments to spread.
        write_file(&corpus, "a.txt", 40);
        indexer::run(&options).unwrap();
        write_file(&corpus, "b.txt", 30);
        indexer::run(&options).unwrap();
        let opened = indexer::open(&options.index).unwrap();
        let reader = reader(&opened).unwrap();
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
                serde_json::to_value(&results).unwrap()
            };
            let one = answer(None);
            assert!(one["total"].as_u64().unwrap() > 0, "{query}");
            assert_eq!(one, answer(Some(&executor)), "{query}");
        }
    }
}
