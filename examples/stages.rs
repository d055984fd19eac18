//! Times each indexing stage alone over a corpus, on one thread, to see
//! where indexing time goes: `cargo run --release --example stages -- CORPUS`.
use std::process::exit;
use std::time::Instant;

use shimoda::analyze::{Analyzer, Mode, Profile, TermKind, translit};
use shimoda::{aliases, dates, detect, ingest};

fn main() {
    let Some(corpus) = std::env::args().nth(1) else {
        eprintln!("usage: stages CORPUS");
        exit(2);
    };
    let walk = ingest::walk(std::path::Path::new(&corpus), None).unwrap_or_else(|e| {
        eprintln!("stages: {e}");
        exit(1);
    });
    let t = Instant::now();
    let texts: Vec<ingest::Text> = walk
        .files
        .iter()
        .filter_map(|f| ingest::read_bytes(&f.path).ok())
        .filter_map(|read| ingest::text_of(&read.bytes, None, ingest::Reading::default()).ok())
        .collect();
    println!("read+decode+split {:.2} s", t.elapsed().as_secs_f64());
    let passages: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.passages.iter().map(|p| p.text.as_str()))
        .collect();
    let bytes: usize = passages.iter().map(|p| p.len()).sum();
    println!("{} passages, {} MB", passages.len(), bytes / 1_000_000);
    let time = |name: &str, stage: &dyn Fn(&str) -> usize| {
        let t = Instant::now();
        let n: usize = passages.iter().map(|p| stage(p)).sum();
        println!("{name} {:.2} s ({n})", t.elapsed().as_secs_f64());
    };
    time("words (words)", &|p| {
        shimoda::analyze::script::words(p).len()
    });
    time("detect (passages told)", &|p| {
        usize::from(detect::detect(p).is_some())
    });
    time("dates (mentions)", &|p| dates::extract(p).len());
    time("names (spellings)", &|p| {
        translit::name_spellings(p, &shimoda::analyze::script::words(p)).len()
    });
    time("aliases (pairs)", &|p| aliases::mine(p).len());
    let analyzer = Analyzer::new(Profile::Default);
    time("analyze (terms)", &|p| {
        let mut n = 0;
        analyzer.visit_terms(p, Mode::Index, |_| n += 1);
        n
    });
    time("gram runs (runs)", &|p| {
        let mut n = 0;
        analyzer.visit_gram_runs_of(&shimoda::analyze::script::words(p), |_| n += 1);
        n
    });
    let (mut light, mut grams, mut words) = (0, 0, 0);
    for p in &passages {
        analyzer.visit_terms(p, Mode::Index, |term| match term.kind {
            TermKind::Gram => grams += 1,
            _ if term.text.starts_with(shimoda::analyze::LIGHT_MARK) => light += 1,
            _ => words += 1,
        });
    }
    println!("  terms: {words} words, {light} light forms, {grams} grams");
}
