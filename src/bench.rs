//! In-process query latency: a fixed set of queries, each run many times on
//! a warm index, for `shimoda bench` and `bench/run.sh`.

use std::time::Instant;

use serde::Serialize;

use crate::dates::PartialDate;
use crate::indexer::OpenIndex;
use crate::search::{self, SearchError, SearchOptions};

/// One query of the set: a name, its kind and how it is run.
pub struct BenchQuery {
    pub name: &'static str,
    pub kind: &'static str,
    pub options: SearchOptions,
}

/// A query named by its own text.
fn query(kind: &'static str, text: &'static str) -> BenchQuery {
    named(text, kind, text)
}

fn named(name: &'static str, kind: &'static str, text: &str) -> BenchQuery {
    BenchQuery {
        name,
        kind,
        options: SearchOptions {
            query: text.to_string(),
            ..SearchOptions::default()
        },
    }
}

fn date(text: &str) -> Option<PartialDate> {
    text.parse().ok()
}

/// The fixed set of 22 queries: single words in each language, phrases,
/// boolean, prefix, filters by date and language, cross-script, typos.
pub fn queries() -> Vec<BenchQuery> {
    let mut set = vec![
        query("word", "Portsmouth"),
        query("word", "Kunashir"),
        query("word", "treaties"),
        query("word", "쿠나시르"),
        query("word", "조약"),
        query("word", "러시아"),
        query("word", "Японией"),
        query("word", "Сахалин"),
        query("phrase", "\"Treaty of Portsmouth\""),
        query("phrase", "\"territorial question\""),
        query("phrase", "\"평화 조약\""),
        query("boolean", "Izvolsky OR Sazonov"),
        query("boolean", "japan AND russia"),
        query("boolean", "treaty -Portsmouth"),
        query("prefix", "Portsm*"),
        query("prefix", "Япон*"),
    ];
    let mut dated = named("Kunashir --from 1945 --to 1960", "filter", "Kunashir");
    dated.options.from = date("1945");
    dated.options.to = date("1960");
    set.push(dated);
    let mut korean = named("treaty --lang ko", "filter", "treaty");
    korean.options.langs = vec!["ko".to_string()];
    set.push(korean);
    set.push(query("filter", "year:[1904 TO 1906] Portsmouth"));
    let mut exact = named("Portsmouth --exact", "cross-script", "Portsmouth");
    exact.options.exact = true;
    set.push(exact);
    // One typo asked for; a word no passage holds, searched with two.
    set.push(query("typo", "Portsmuth~"));
    set.push(query("typo", "Kunashiir"));
    set
}

/// Latency of one query over the repetitions.
#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub name: String,
    pub kind: String,
    pub total: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
}

/// Median time of the freshness check a search makes before answering.
pub fn freshness(
    index: &std::path::Path,
    corpus: &std::path::Path,
    reps: usize,
) -> Result<Latency, crate::IndexError> {
    let mut times = Vec::new();
    for i in 0..reps.max(1) + 3 {
        let started = Instant::now();
        crate::indexer::freshness(index, corpus)?;
        if i >= 3 {
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    Ok(Latency {
        name: "freshness check".to_string(),
        kind: "freshness".to_string(),
        total: 0,
        p50_ms: at(0.5),
        p95_ms: at(0.95),
    })
}

/// Runs each query of the set `reps` times after three warm-up runs, all
/// with one reader of the index (as a program that searches many times
/// would): the index's files are mapped once.
pub fn run(opened: &OpenIndex, reps: usize) -> Result<Vec<Latency>, SearchError> {
    let reader = crate::indexer::reader(&opened.index, &opened.path)?;
    let mut out = Vec::new();
    for q in queries() {
        let mut total = 0;
        for _ in 0..3 {
            total = search::search_in(&reader, opened, &q.options)?.total;
        }
        let mut times: Vec<f64> = (0..reps.max(1))
            .map(|_| {
                let started = Instant::now();
                let _ = search::search_in(&reader, opened, &q.options);
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
        out.push(Latency {
            name: q.name.to_string(),
            kind: q.kind.to_string(),
            total,
            p50_ms: at(0.5),
            p95_ms: at(0.95),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_set_has_twenty_two_queries_of_every_kind() {
        let set = queries();
        assert_eq!(set.len(), 22);
        for kind in [
            "word",
            "phrase",
            "boolean",
            "prefix",
            "filter",
            "cross-script",
            "typo",
        ] {
            assert!(set.iter().any(|q| q.kind == kind), "{kind}");
        }
    }
}
