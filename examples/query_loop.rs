//! Runs one query many times on a warm index (one reader, as `shimoda
//! bench` keeps), for profiling the query path
//! (`perf record` on it): `cargo run --release --example query_loop --
//! INDEX QUERY [RUNS] [--exact]`.
use std::process::exit;
use std::time::Instant;

use shimoda::search::{self, SearchOptions};

// The allocator of the shimoda binary, so that profiles match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(index), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!("usage: query_loop INDEX QUERY [RUNS] [--exact]");
        exit(2);
    };
    let runs: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(100)
        .max(1);
    let fail = |e: &dyn std::fmt::Display| -> ! {
        eprintln!("query_loop: {e}");
        exit(1);
    };
    let index = shimoda::indexer::open(std::path::Path::new(index)).unwrap_or_else(|e| fail(&e));
    let options = SearchOptions {
        query: query.clone(),
        exact: args.iter().any(|a| a == "--exact"),
        ..SearchOptions::default()
    };
    let reader = shimoda::indexer::reader(&index.index, &index.path).unwrap_or_else(|e| fail(&e));
    let mut times = Vec::with_capacity(runs);
    let mut total = 0;
    for _ in 0..runs {
        let started = Instant::now();
        total = search::search_in(&reader, &index, &options)
            .unwrap_or_else(|e| fail(&e))
            .total;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{total} hits, p50 {:.2} ms", times[times.len() / 2]);
}
