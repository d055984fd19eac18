//! Measures how a language's word forms meet: reads lines `lemma<TAB>form
//! form ...` on standard input, and for each form as a query counts the
//! other forms whose indexed terms it does not find, as a one-word search
//! does (a Russian word through its case stems). Prints each lemma with
//! misses, then the totals: `cargo run --release --example stems < forms.tsv`.
use shimoda::analyze::{Analyzer, Mode, Profile, russian};

fn main() {
    let analyzer = Analyzer::new(Profile::Default);
    let (mut lemmas, mut pairs, mut missed_pairs, mut split) = (0usize, 0usize, 0usize, 0usize);
    for line in std::io::stdin().lines().map_while(Result::ok) {
        let Some((lemma, forms)) = line.split_once('\t') else {
            continue;
        };
        let forms: Vec<&str> = forms.split_whitespace().collect();
        let indexed: Vec<Vec<String>> = forms
            .iter()
            .map(|f| terms(&analyzer, f, Mode::Index))
            .collect();
        let mut misses = Vec::new();
        for (i, query) in forms.iter().enumerate() {
            let accepted = accepted(&analyzer, query);
            for (j, form) in forms.iter().enumerate() {
                if i == j {
                    continue;
                }
                pairs += 1;
                if !indexed[j].iter().any(|t| accepted.contains(t)) {
                    missed_pairs += 1;
                    misses.push(format!("{query}→{form}"));
                }
            }
        }
        lemmas += 1;
        if !misses.is_empty() {
            split += 1;
            println!("{lemma}\t{}\t{}", misses.len(), misses.join(" "));
        }
    }
    println!(
        "lemmas {lemmas}, split {split} ({:.1} %); form pairs {pairs}, missed {missed_pairs} ({:.2} %)",
        100.0 * split as f64 / lemmas.max(1) as f64,
        100.0 * missed_pairs as f64 / pairs.max(1) as f64
    );
}

fn terms(analyzer: &Analyzer, word: &str, mode: Mode) -> Vec<String> {
    analyzer
        .analyze(word, mode)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// The terms a one-word query accepts: a Russian word's case stems, any
/// other word's own terms.
fn accepted(analyzer: &Analyzer, word: &str) -> Vec<String> {
    match russian::single_word(word) {
        Some(lower) => russian::case_stems(analyzer, &lower, Mode::Query).to_vec(),
        None => terms(analyzer, word, Mode::Query),
    }
}
