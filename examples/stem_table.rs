//! Writes the table of Russian stems that Snowball cuts apart within one
//! word (`отца` → `отц`, while `отец` stays `отец`): reads lines
//! `lemma<TAB>form form ...` (every form of each noun and adjective of a
//! morphological dictionary) on standard input and prints `stem<TAB>stem of
//! the lemma` lines, sorted, for `data/ru_stems.tsv`. A stem that is the
//! lemma stem of another word, that two words would claim, or that a form
//! of another word has too (lines `!<TAB>form`, and `?<TAB>word` for every
//! word form of the dictionary), is left out, and so is a stem joined to one
//! that other words have: the table must never join two words.
//! `cargo run --release --example stem_table < lemmas.tsv > data/ru_stems.tsv`
use std::collections::{BTreeMap, BTreeSet};

use rust_stemmers::{Algorithm, Stemmer};

fn main() {
    // Snowball's own stems, folded as the analyzer folds (`ё` → `е`):
    // the table maps those, before it is applied.
    let snowball = Stemmer::create(Algorithm::Russian);
    let stem = |word: &str| -> Option<String> {
        let folded = word.to_lowercase().replace('ё', "е");
        (!folded.is_empty()).then(|| snowball.stem(&folded).into_owned())
    };
    let mut lemma_stems: BTreeSet<String> = BTreeSet::new();
    let mut blocked: BTreeSet<String> = BTreeSet::new();
    let mut claims: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // Every form of the table's words, and the stems any other word of the
    // dictionary has (`?<TAB>word` lines: every word form it knows).
    let mut forms_of_table: BTreeSet<String> = BTreeSet::new();
    let mut dictionary: Vec<String> = Vec::new();
    for line in std::io::stdin().lines().map_while(Result::ok) {
        let Some((lemma, forms)) = line.split_once('\t') else {
            continue;
        };
        // `!<TAB>form`: a form of another word too (`после`, of посол and
        // the preposition), whose stem stays as it is.
        if lemma == "!" {
            blocked.extend(stem(forms));
            continue;
        }
        if lemma == "?" {
            dictionary.push(forms.to_string());
            continue;
        }
        let Some(canonical) = stem(lemma) else {
            continue;
        };
        for form in forms.split_whitespace() {
            forms_of_table.insert(form.to_string());
            if let Some(s) = stem(form).filter(|s| *s != canonical) {
                claims.entry(s).or_default().insert(canonical.clone());
            }
        }
        lemma_stems.insert(canonical);
    }
    // A stem that a word outside the table has too (`каза` of `казался`)
    // must not be joined to, nor from.
    for word in dictionary.iter().filter(|w| !forms_of_table.contains(*w)) {
        blocked.extend(stem(word));
    }
    for (variant, canonicals) in &claims {
        let short = variant.chars().count() < 3;
        let taken = lemma_stems.contains(variant) || blocked.contains(variant);
        let into_shared = canonicals.iter().any(|c| blocked.contains(c));
        if canonicals.len() == 1 && !taken && !short && !into_shared {
            let canonical = canonicals.iter().next().expect("one");
            println!("{variant}\t{canonical}");
        }
    }
}
