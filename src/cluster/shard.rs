//! One shard answering the protocol (`shimoda shard-serve`): an ordinary
//! index, searched with the statistics and lookups of the whole.

use std::cell::RefCell;
use std::io::{BufRead, Write};
use std::path::Path;

use tantivy::query::{Bm25StatisticsProvider, EnableScoring};
use tantivy::schema::Field;
use tantivy::{DocAddress, Searcher, Term};

use super::ClusterError;
use super::protocol::{Answer, FetchedHit, Found, Info, PROTOCOL, Partial, Query, Request, Stats};
use crate::indexer::{self, OpenIndex};
use crate::manifest::{Commit, read_commit};
use crate::schema::SCHEMA_VERSION;
use crate::search::lexicon::{Replay, Transcript};
use crate::search::{self, Planned, SearchError};

/// An opened shard and the commit its calls are answered from.
pub struct Shard {
    opened: OpenIndex,
    reader: tantivy::IndexReader,
    searcher: Searcher,
    generation: u64,
    /// The last query compiled, by its JSON: the rounds of one search
    /// (`stats`, `search`, `fetch`) send the same query, compiled once.
    planned: Option<(String, Planned)>,
}

impl Shard {
    /// Opens the index in `dir` as a shard.
    pub fn open(dir: &Path) -> Result<Shard, ClusterError> {
        let opened = indexer::open(dir)?;
        let reader = indexer::reader(&opened.index, dir)?;
        let searcher = reader.searcher();
        let generation = opstamp(&opened)?;
        Ok(Shard {
            opened,
            reader,
            searcher,
            generation,
            planned: None,
        })
    }

    /// Answers one call; an error becomes an `error` answer, never a
    /// stop: the coordinator decides what a failed call means.
    pub fn answer(&mut self, request: Request) -> Answer {
        let dir = self.opened.path.clone();
        match indexer::guarded(&dir, || self.answer_call(request)) {
            Ok(Ok(answer)) => answer,
            Ok(Err(error)) => Answer::Error(error.to_string()),
            Err(damaged) => Answer::Error(damaged.to_string()),
        }
    }

    fn answer_call(&mut self, request: Request) -> Result<Answer, ClusterError> {
        if let Request::Info = request {
            return self.info().map(Answer::Info);
        }
        Ok(match request {
            Request::Info => unreachable!("answered above"),
            Request::Lookup { wanted } => {
                Answer::Lookup(Transcript::answer(&self.searcher, &wanted))
            }
            Request::Stats { query } => Answer::Stats(self.stats(&query)?),
            Request::Search { query, stats } => Answer::Search(self.search(&query, &stats)?),
            Request::Fetch { query, hits } => Answer::Fetch(self.fetch(&query, &hits)?),
            Request::Suggest { query } => Answer::Suggest(self.suggest(&query)?),
        })
    }

    /// Loads the last commit and pins it for the calls that follow.
    fn info(&mut self) -> Result<Info, ClusterError> {
        self.reader.reload().map_err(SearchError::from)?;
        self.searcher = self.reader.searcher();
        if let Some(commit) = read_commit(&self.opened.index).map_err(SearchError::from)? {
            self.opened.commit = commit;
        }
        self.generation = opstamp(&self.opened)?;
        self.planned = None;
        Ok(Info {
            protocol: PROTOCOL,
            schema_version: SCHEMA_VERSION,
            part: self.opened.commit.part,
            generation: self.generation,
            commit: self.opened.commit.clone(),
        })
    }

    /// Compiles the query unless the last call sent the same.
    fn plan(&mut self, query: &Query) -> Result<(), ClusterError> {
        if query.generation != self.generation {
            return Err(ClusterError::Moved);
        }
        let key = serde_json::to_string(query).unwrap_or_default();
        if self.planned.as_ref().is_none_or(|(k, _)| *k != key) {
            self.planned = Some((key, self.compile(query)?));
        }
        Ok(())
    }

    /// The query [`Shard::plan`] compiled last.
    fn compiled(&self) -> &Planned {
        &self.planned.as_ref().expect("a query is compiled first").1
    }

    /// Compiles the query as every shard does: from the transcript, with
    /// the aliases and body fields of all shards.
    fn compile(&self, query: &Query) -> Result<Planned, ClusterError> {
        let commit = whole_commit(&self.opened.commit, &query.mined, &query.bodies);
        let aliases = search::aliases_for(&commit, &query.options)?;
        let lexicon = Replay {
            transcript: &query.transcript,
            searcher: &self.searcher,
        };
        let live = search::live_bodies(&commit);
        let fields = &self.opened.fields;
        Ok(search::plan(
            &lexicon,
            fields,
            live,
            aliases.as_ref(),
            &query.options,
        )?)
    }

    /// The statistics of every term the query's scoring asks for.
    fn stats(&mut self, query: &Query) -> Result<Stats, ClusterError> {
        self.plan(query)?;
        let planned = self.compiled();
        let recorder = Recorder {
            searcher: &self.searcher,
            stats: RefCell::new(Stats::default()),
        };
        let scoring = EnableScoring::enabled_from_statistics_provider(&recorder, &self.searcher);
        planned.query.weight(scoring).map_err(SearchError::from)?;
        let mut stats = recorder.stats.into_inner();
        stats.docs = self.searcher.total_num_docs().map_err(SearchError::from)?;
        Ok(stats)
    }

    fn search(&mut self, query: &Query, stats: &Stats) -> Result<Partial, ClusterError> {
        self.plan(query)?;
        let planned = self.compiled();
        // Every shard gives its best `offset + limit`: the page is cut
        // from them all.
        let mut options = query.options.clone();
        options.limit = options.offset.saturating_add(options.limit);
        options.offset = 0;
        let global = Global {
            stats,
            searcher: &self.searcher,
        };
        let found = search::collect(&self.searcher, planned, &options, Some(&global), None)?;
        let fields = &self.opened.fields;
        let top = found
            .top
            .into_iter()
            .map(|(score, address)| {
                let (source, passage) =
                    search::source_and_passage(&self.searcher, fields, address)?;
                Ok(Found {
                    score,
                    segment: address.segment_ord,
                    doc: address.doc_id,
                    source,
                    passage,
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(SearchError::from)?;
        Ok(Partial {
            total: found.total,
            top,
            facets: found.facets,
        })
    }

    fn fetch(&mut self, query: &Query, hits: &[Found]) -> Result<Vec<FetchedHit>, ClusterError> {
        self.plan(query)?;
        let planned = self.compiled();
        let fields = &self.opened.fields;
        hits.iter()
            .map(|f| {
                let address = DocAddress::new(f.segment, f.doc);
                let hit = planned.hit(&self.searcher, fields, f.score, address)?;
                Ok(FetchedHit {
                    hit: hit.found,
                    fragments: hit.fragments,
                })
            })
            .collect::<tantivy::Result<Vec<_>>>()
            .map_err(|e| SearchError::from(e).into())
    }

    fn suggest(&mut self, query: &Query) -> Result<Vec<search::Suggestion>, ClusterError> {
        self.plan(query)?;
        let planned = self.compiled();
        let commit = whole_commit(&self.opened.commit, &query.mined, &query.bodies);
        let live = search::live_bodies(&commit);
        let fields = &self.opened.fields;
        let text = &query.options.query;
        Ok(search::suggestion_candidates(
            &self.searcher,
            fields,
            &live,
            &planned.analyzers,
            text,
        ))
    }
}

/// The shard's commit as the whole index's: the pairs mined from every
/// shard's texts and the body fields any shard fills.
pub(crate) fn whole_commit(
    own: &Commit,
    mined: &[crate::aliases::Mined],
    bodies: &[String],
) -> Commit {
    let mut commit = own.clone();
    commit.mined = mined.to_vec();
    commit.bodies = bodies.to_vec();
    commit
}

fn opstamp(opened: &OpenIndex) -> Result<u64, ClusterError> {
    Ok(opened
        .index
        .load_metas()
        .map_err(SearchError::from)?
        .opstamp)
}

/// A term as the statistics name it: its field's number and its value's
/// bytes in hex (a term of text may hold any bytes a key cannot).
pub(crate) fn term_key(term: &Term) -> String {
    let mut key = format!("{}:", term.field().field_id());
    for byte in term.serialized_value_bytes() {
        key.push_str(&format!("{byte:02x}"));
    }
    key
}

/// The shard's own statistics, noting every field and term asked for.
struct Recorder<'a> {
    searcher: &'a Searcher,
    stats: RefCell<Stats>,
}

impl Bm25StatisticsProvider for Recorder<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let n = self.searcher.total_num_tokens(field)?;
        self.stats
            .borrow_mut()
            .tokens
            .insert(field.field_id().to_string(), n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let n = self.searcher.doc_freq(term)?;
        self.stats.borrow_mut().terms.insert(term_key(term), n);
        Ok(n)
    }
}

/// The statistics of all shards. A term they lack (none should be: every
/// shard compiles the same query) is counted in this shard alone.
struct Global<'a> {
    stats: &'a Stats,
    searcher: &'a Searcher,
}

impl Bm25StatisticsProvider for Global<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.stats.tokens.get(&field.field_id().to_string()) {
            Some(&n) => Ok(n),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.stats.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        match self.stats.terms.get(&term_key(term)) {
            Some(&n) => Ok(n),
            None => self.searcher.doc_freq(term),
        }
    }
}

/// Serves the protocol on `input` and `output`, a call per line, until the
/// input ends. A line that is not a call is answered with an error.
pub fn serve(
    shard: &mut Shard,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Request>(&line) {
            Ok(request) => shard.answer(request),
            Err(e) => Answer::Error(format!("not a shard call: {e}")),
        };
        serde_json::to_writer(&mut output, &answer)?;
        output.write_all(b"\n")?;
        output.flush()?;
    }
    Ok(())
}
