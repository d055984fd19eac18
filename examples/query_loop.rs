//! Runs one query many times on a warm index, for profiling the query path:
//! `cargo run --release --example query_loop -- INDEX QUERY [RUNS] [--exact]`.
use std::time::Instant;

use shimoda::search::{self, SearchOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let index = shimoda::indexer::open(std::path::Path::new(&args[0])).expect("open index");
    let runs: usize = args.get(2).map_or(100, |s| s.parse().expect("runs"));
    let options = SearchOptions {
        query: args[1].clone(),
        limit: 10,
        exact: args.iter().any(|a| a == "--exact"),
        ..SearchOptions::default()
    };
    let mut times = Vec::new();
    let mut total = 0;
    for _ in 0..runs {
        let started = Instant::now();
        total = search::search(&index, &options).expect("search").total;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!("{} hits, p50 {:.2} ms", total, times[times.len() / 2]);
}
