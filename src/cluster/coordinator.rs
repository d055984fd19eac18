//! Searching a sharded index: the rounds of the shard protocol, and the
//! merge of their answers into the answer one index would give.
//!
//! How calls reach the shards is the [`Transport`]'s business: child
//! processes on this machine ([`super::local::LocalShards`]), or a relay
//! over standard input and output that a cluster runtime drives
//! ([`super::relay::Relay`]).

use std::collections::BTreeMap;
use std::time::Instant;

use super::ClusterError;
use super::protocol::{Answer, Found, Info, PROTOCOL, Partial, Query, Request, Stats};
use super::shard::whole_commit;
use crate::aliases::{Mined, gather_mined};
use crate::contract::Facets;
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::search::lexicon::Transcript;
use crate::search::{self, Hit, Results, SearchOptions};

/// Carries calls to shards and their answers back.
pub trait Transport {
    /// How many shards there are, answering or not.
    fn shards(&self) -> u32;
    /// Sends each call to its shard and returns the answers in the same
    /// order: an `error` answer for a shard that did not answer.
    fn exchange(&mut self, calls: Vec<(u32, Request)>) -> Vec<Answer>;
}

/// Most lookup rounds a query's compilation may take. Each round answers
/// what the last compilation found missing; names reached through names
/// reached through names take a few.
const MAX_LOOKUP_ROUNDS: usize = 12;

/// Searches every shard a transport reaches as one index. A shard that
/// does not answer is left out and named in [`Results::missing_shards`],
/// with the reason given to `warn`; the search fails only when none
/// answers.
pub fn search(
    transport: &mut dyn Transport,
    options: &SearchOptions,
    warn: &mut dyn FnMut(&str),
) -> Result<Results, ClusterError> {
    let started = Instant::now();
    // A shard updated between the rounds answers that it moved on: the
    // search starts again from its state.
    let mut tries = 0;
    loop {
        let mut run = Run {
            transport: &mut *transport,
            missing: BTreeMap::new(),
        };
        match run.search(options) {
            Err(ClusterError::Moved) if tries < 2 => tries += 1,
            Err(e) => return Err(e),
            Ok(mut results) => {
                for (shard, why) in &run.missing {
                    warn(&format!(
                        "shard {shard} did not answer ({why}): results without it"
                    ));
                }
                results.missing_shards = run.missing.keys().copied().collect();
                results.took_ms = started.elapsed().as_secs_f64() * 1000.0;
                return Ok(results);
            }
        }
    }
}

/// One attempt at a search: the shards that answered so far.
struct Run<'a> {
    transport: &'a mut dyn Transport,
    /// Shards left out, with why.
    missing: BTreeMap<u32, String>,
}

/// What the shards that answered `info` hold together.
struct Whole {
    generations: BTreeMap<u32, u64>,
    mined: Vec<Mined>,
    bodies: Vec<String>,
    commit: crate::manifest::Commit,
}

impl Run<'_> {
    fn search(&mut self, options: &SearchOptions) -> Result<Results, ClusterError> {
        let whole = self.info()?;
        let fields =
            Fields::from_schema(&schema::build_schema()).map_err(search::SearchError::from)?;
        let aliases = search::aliases_for(&whole.commit, options)?;
        let live = search::live_bodies(&whole.commit);
        let mut transcript = Transcript::default();
        let mut rounds = 0;
        let planned = loop {
            let planned = search::plan(
                &transcript,
                &fields,
                live.clone(),
                aliases.as_ref(),
                options,
            )?;
            let wanted = transcript.take_wanted();
            if wanted.is_empty() || rounds == MAX_LOOKUP_ROUNDS {
                break planned;
            }
            rounds += 1;
            let answers = self.each(&whole, |_| Request::Lookup {
                wanted: wanted.clone(),
            })?;
            for (_, answer) in answers {
                if let Answer::Lookup(part) = answer {
                    transcript.join(part);
                }
            }
        };
        let query = |generation| Query {
            options: options.clone(),
            generation,
            mined: whole.mined.clone(),
            bodies: whole.bodies.clone(),
            transcript: transcript.clone(),
        };
        let mut stats = Stats::default();
        for (_, answer) in self.each(&whole, |g| Request::Stats { query: query(g) })? {
            if let Answer::Stats(part) = answer {
                stats.add(&part);
            }
        }
        let mut partials = Vec::new();
        for (shard, answer) in self.each(&whole, |g| Request::Search {
            query: query(g),
            stats: stats.clone(),
        })? {
            if let Answer::Search(partial) = answer {
                partials.push((shard, partial));
            }
        }
        let total = partials.iter().map(|(_, p)| p.total).sum();
        let facets = merge_facets(partials.iter().map(|(_, p)| &p.facets), options.top_sources);
        let page = page_of(partials, options.offset, options.limit);
        let hits = self.fetch(&whole, &page, &query)?;
        let suggestions = if total == 0 && !options.exact {
            self.suggest(&whole, &query)?
        } else {
            Vec::new()
        };
        Ok(Results {
            query: options.query.clone(),
            expanded: planned.compiled.expanded.clone(),
            total,
            took_ms: 0.0,
            hits,
            facets,
            typos: planned.compiled.typos,
            suggestions,
            missing_shards: Vec::new(),
        })
    }

    /// Asks every shard for its state and gathers what they hold together.
    fn info(&mut self) -> Result<Whole, ClusterError> {
        let calls = (0..self.transport.shards())
            .map(|s| (s, Request::Info))
            .collect();
        let answers = self.transport.exchange(calls);
        let mut infos: Vec<(u32, Info)> = Vec::new();
        for (shard, answer) in (0u32..).zip(answers) {
            match answer {
                Answer::Info(info)
                    if info.protocol != PROTOCOL || info.schema_version != SCHEMA_VERSION =>
                {
                    self.missing.insert(
                        shard,
                        "written or served by another version of shimoda".to_string(),
                    );
                }
                Answer::Info(info) => infos.push((shard, info)),
                Answer::Error(why) => {
                    self.missing.insert(shard, why);
                }
                _ => {
                    self.missing
                        .insert(shard, "answered another call".to_string());
                }
            }
        }
        let Some((_, first)) = infos.first() else {
            return Err(ClusterError::NoShardAnswered(self.reasons()));
        };
        let mined = gather_mined(infos.iter().map(|(_, i)| i.commit.mined.as_slice()));
        let mut bodies: Vec<String> = infos
            .iter()
            .flat_map(|(_, i)| i.commit.bodies.clone())
            .collect();
        bodies.sort();
        bodies.dedup();
        let commit = whole_commit(&first.commit, &mined, &bodies);
        Ok(Whole {
            generations: infos.iter().map(|(s, i)| (*s, i.generation)).collect(),
            mined,
            bodies,
            commit,
        })
    }

    /// Sends a call to every shard still answering; a shard that fails
    /// now is left out from here on.
    fn each(
        &mut self,
        whole: &Whole,
        call: impl Fn(u64) -> Request,
    ) -> Result<Vec<(u32, Answer)>, ClusterError> {
        let shards: Vec<(u32, u64)> = whole
            .generations
            .iter()
            .filter(|(s, _)| !self.missing.contains_key(s))
            .map(|(s, g)| (*s, *g))
            .collect();
        let calls = shards.iter().map(|&(s, g)| (s, call(g))).collect();
        self.answered(shards.iter().map(|&(s, _)| s).collect(), calls)
    }

    /// Exchanges `calls` and keeps the answers that are not errors.
    fn answered(
        &mut self,
        shards: Vec<u32>,
        calls: Vec<(u32, Request)>,
    ) -> Result<Vec<(u32, Answer)>, ClusterError> {
        let answers = self.transport.exchange(calls);
        let mut kept = Vec::new();
        for (shard, answer) in shards.into_iter().zip(answers) {
            match answer {
                Answer::Error(why) if why == ClusterError::Moved.to_string() => {
                    return Err(ClusterError::Moved);
                }
                Answer::Error(why) => {
                    self.missing.insert(shard, why);
                }
                answer => kept.push((shard, answer)),
            }
        }
        if kept.is_empty() {
            return Err(ClusterError::NoShardAnswered(self.reasons()));
        }
        Ok(kept)
    }

    /// The hits of the page, in its order, from the shards that hold them.
    fn fetch(
        &mut self,
        whole: &Whole,
        page: &[(u32, Found)],
        query: &dyn Fn(u64) -> Query,
    ) -> Result<Vec<Hit>, ClusterError> {
        let mut by_shard: BTreeMap<u32, Vec<Found>> = BTreeMap::new();
        for (shard, found) in page {
            by_shard.entry(*shard).or_default().push(found.clone());
        }
        if by_shard.is_empty() {
            return Ok(Vec::new());
        }
        let shards: Vec<u32> = by_shard.keys().copied().collect();
        let calls = by_shard
            .into_iter()
            .map(|(shard, hits)| {
                let query = query(whole.generations[&shard]);
                (shard, Request::Fetch { query, hits })
            })
            .collect();
        let mut fetched: BTreeMap<u32, std::vec::IntoIter<_>> = BTreeMap::new();
        for (shard, answer) in self.answered(shards, calls)? {
            if let Answer::Fetch(hits) = answer {
                fetched.insert(shard, hits.into_iter());
            }
        }
        // A shard that failed since it searched loses its hits from the
        // page; it is named among the missing.
        Ok(page
            .iter()
            .filter_map(|(shard, _)| fetched.get_mut(shard).and_then(Iterator::next))
            .map(|f| Hit {
                found: f.hit,
                fragments: f.fragments,
            })
            .collect())
    }

    /// Words near the query's, counted over every shard.
    fn suggest(
        &mut self,
        whole: &Whole,
        query: &dyn Fn(u64) -> Query,
    ) -> Result<Vec<String>, ClusterError> {
        let mut by_word: BTreeMap<String, (usize, u64)> = BTreeMap::new();
        for (_, answer) in self.each(whole, |g| Request::Suggest { query: query(g) })? {
            if let Answer::Suggest(found) = answer {
                for (edits, n, word) in found {
                    let entry = by_word.entry(word).or_insert((edits, 0));
                    entry.0 = entry.0.min(edits);
                    entry.1 += n;
                }
            }
        }
        let found = by_word.into_iter().map(|(w, (e, n))| (e, n, w)).collect();
        Ok(search::best_suggestions(found))
    }

    fn reasons(&self) -> String {
        let reasons: Vec<String> = self
            .missing
            .iter()
            .map(|(shard, why)| format!("shard {shard}: {why}"))
            .collect();
        if reasons.is_empty() {
            "there are no shards".to_string()
        } else {
            reasons.join("; ")
        }
    }
}

/// The page of hits from the shards' best: by score, ties by source (its
/// folders compared one by one, as the corpus is walked) and passage, so
/// that every split orders them alike.
fn page_of(partials: Vec<(u32, Partial)>, offset: usize, limit: usize) -> Vec<(u32, Found)> {
    let mut all: Vec<(u32, Found)> = partials
        .into_iter()
        .flat_map(|(shard, p)| p.top.into_iter().map(move |f| (shard, f)))
        .collect();
    all.sort_by(|(_, a), (_, b)| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.source.split('/').cmp(b.source.split('/')))
            .then(a.passage.cmp(&b.passage))
    });
    all.into_iter().skip(offset).take(limit).collect()
}

/// The facets of all shards: counts added; the sources (each in one shard)
/// with the most matches, as many as asked (0: all), ties by path.
fn merge_facets<'a>(parts: impl Iterator<Item = &'a Facets>, top: usize) -> Facets {
    let mut facets = Facets::default();
    let mut sources: Vec<(String, u64)> = Vec::new();
    let add = |into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>| {
        for (key, n) in from {
            *into.entry(key.clone()).or_default() += n;
        }
    };
    for part in parts {
        add(&mut facets.lang, &part.lang);
        add(&mut facets.year, &part.year);
        add(&mut facets.decade, &part.decade);
        facets.sources_matched += part.sources_matched;
        sources.extend(part.source.iter().map(|(s, n)| (s.clone(), *n)));
    }
    sources.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.split('/').cmp(b.0.split('/')))
    });
    if top > 0 {
        sources.truncate(top);
    }
    facets.source = sources.into_iter().collect();
    facets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(score: f32, source: &str, passage: u64) -> Found {
        Found {
            score,
            segment: 0,
            doc: 0,
            source: source.to_string(),
            passage,
        }
    }

    fn partial(top: Vec<Found>) -> Partial {
        Partial {
            total: top.len(),
            top,
            facets: Facets::default(),
        }
    }

    #[test]
    fn the_page_is_cut_from_every_shards_best_ties_by_walk_order() {
        let a = partial(vec![found(3.0, "b.txt", 0), found(1.0, "a/z.txt", 1)]);
        let b = partial(vec![found(2.0, "c.txt", 0), found(1.0, "a.txt", 0)]);
        let page = page_of(vec![(0, a), (1, b)], 1, 2);
        let got: Vec<(&str, u32)> = page.iter().map(|(s, f)| (f.source.as_str(), *s)).collect();
        // "a" before "a.txt": a folder's files come before a longer name.
        assert_eq!(got, [("c.txt", 1), ("a/z.txt", 0)]);
    }

    #[test]
    fn facets_of_shards_add_up_and_keep_the_top_sources() {
        let mut x = Facets::default();
        x.lang.insert("en".into(), 3);
        x.source.insert("x.txt".into(), 3);
        x.sources_matched = 1;
        let mut y = Facets::default();
        y.lang.insert("en".into(), 2);
        y.lang.insert("ru".into(), 1);
        y.source.insert("y.txt".into(), 2);
        y.source.insert("z.txt".into(), 1);
        y.sources_matched = 2;
        let merged = merge_facets([&x, &y].into_iter(), 2);
        assert_eq!(merged.lang["en"], 5);
        assert_eq!(merged.lang["ru"], 1);
        assert_eq!(merged.sources_matched, 3);
        assert_eq!(merged.source.keys().collect::<Vec<_>>(), ["x.txt", "y.txt"]);
    }
}
