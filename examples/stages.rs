//! Times each indexing stage alone over a corpus, single-threaded:
//! `cargo run --release --example stages -- CORPUS [LIMIT_FILES]`.
use std::time::Instant;

use shimoda::analyze::{Analyzer, Mode, Profile};
use shimoda::{dates, detect, ingest};

fn main() {
    let mut args = std::env::args().skip(1);
    let corpus = std::path::PathBuf::from(args.next().expect("corpus"));
    let limit: usize = args.next().map_or(usize::MAX, |s| s.parse().unwrap());
    let walk = ingest::walk(&corpus).expect("walk");
    let t = Instant::now();
    let mut texts = Vec::new();
    for f in walk.files.iter().take(limit) {
        let bytes = ingest::read_bytes(&f.path).expect("read").bytes;
        if let Ok(text) = ingest::text_of(&bytes) {
            texts.push(text);
        }
    }
    println!("read+decode+split {:.2} s", t.elapsed().as_secs_f64());
    let passages: Vec<&str> = texts
        .iter()
        .flat_map(|t| t.passages.iter().map(|p| p.text.as_str()))
        .collect();
    let bytes: usize = passages.iter().map(|p| p.len()).sum();
    println!("{} passages, {} MB", passages.len(), bytes / 1_000_000);
    let t = Instant::now();
    let langs: Vec<_> = passages.iter().map(|p| detect::detect(p)).collect();
    println!("detect {:.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let n: usize = passages.iter().map(|p| dates::extract(p).len()).sum();
    println!("dates {:.2} s ({n} mentions)", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let n: usize = passages
        .iter()
        .map(|p| shimoda::analyze::translit::name_spellings(p).len())
        .sum();
    println!("names {:.2} s ({n} words)", t.elapsed().as_secs_f64());
    let analyzer = Analyzer::new(Profile::Default);
    let t = Instant::now();
    let mut out = Vec::new();
    let mut n = 0;
    for p in &passages {
        out.clear();
        analyzer.analyze_into(p, Mode::Index, &mut out);
        n += out.len();
    }
    println!("analyze {:.2} s ({n} terms)", t.elapsed().as_secs_f64());
    let (mut light, mut grams, mut words) = (0, 0, 0);
    for p in &passages {
        for term in analyzer.analyze(p, Mode::Index) {
            if term.text.starts_with('=') {
                light += 1;
            } else if term.kind == shimoda::analyze::TermKind::Gram {
                grams += 1;
            } else {
                words += 1;
            }
        }
    }
    println!("  words {words}, light forms {light}, grams {grams}");
    let t = Instant::now();
    let n: usize = passages
        .iter()
        .map(|p| shimoda::aliases::mine(p).len())
        .sum();
    println!("mine {:.2} s ({n})", t.elapsed().as_secs_f64());
    drop(langs);
}
