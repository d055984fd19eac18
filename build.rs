//! Build script: links the `shimoda` binary at a fixed address on Linux
//! (glibc), and turns the built-in glossary (`data/glossary.toml`),
//! gazetteer (`data/places.toml`, `data/people.toml`) and Russian stem table
//! (`data/ru_stems.tsv`) into Rust data, so that no search parses them.
//!
//! A search is usually one short process, and a position-independent
//! executable spends part of its start (about 0.15 ms and 150 page faults,
//! measured with `perf stat` on a search that finds nothing) having the
//! dynamic loader fill in some 28,000 addresses. Linked at a fixed address
//! the linker fills them in once. Only the binary is linked so (not the
//! tests, nor the proc-macros cargo builds for the host); the shared
//! libraries, heap and stack keep their random addresses.

use std::collections::BTreeMap;

// The Korean particle stripping the glossary's stem keys use, the same file
// the library compiles: a key made here must be the key a search makes.
#[allow(dead_code)]
#[path = "src/analyze/korean.rs"]
mod korean;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=data/glossary.toml");
    println!("cargo::rerun-if-changed=data/places.toml");
    println!("cargo::rerun-if-changed=data/people.toml");
    println!("cargo::rerun-if-changed=data/kyujitai.tsv");
    write_table(
        "data/glossary.toml",
        "term",
        "BUILT_IN_GLOSSARY",
        "glossary.rs",
    );
    write_table("data/places.toml", "place", "BUILT_IN_PLACES", "places.rs");
    write_table("data/people.toml", "person", "BUILT_IN_PEOPLE", "people.rs");
    println!("cargo::rerun-if-changed=data/ru_stems.tsv");
    write_pairs("data/ru_stems.tsv", "RUSSIAN_STEMS", "ru_stems.rs");
    // glibc's toolchain only: musl targets link as static PIE their own way.
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux && gnu {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

/// Writes `file` in `OUT_DIR`: the constant `name`, each entry of the list
/// `list` of the TOML `source` as its name (its first English word)
/// followed by its words in every language.
fn write_table(source: &str, list: &str, name: &str, file: &str) {
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let entries: Vec<BTreeMap<String, Vec<String>>> = table
        .get(list)
        .cloned()
        .map(|v| v.try_into().unwrap_or_else(|e| panic!("{source}: {e}")))
        .unwrap_or_default();
    // Each entry: its name, then each word with its lookup keys, worked out
    // here so that no search spends a millisecond on them.
    let mut out = format!("const {name}: &[BuiltIn] = &[\n");
    for entry in &entries {
        let first = entry
            .get("en")
            .and_then(|w| w.first())
            .or_else(|| entry.values().flatten().next());
        let Some(first) = first else { continue };
        let words: Vec<(&String, String, String)> = entry
            .values()
            .flatten()
            .map(|w| (w, normalize(w), stem_key(w)))
            .collect();
        out.push_str(&format!("    ({first:?}, &{words:?}),\n"));
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join(file), out)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
}

/// Writes `file` in `OUT_DIR`: the constant `name`, the `a<TAB>b` lines of
/// `source` as pairs sorted by their first part, for a binary search.
fn write_pairs(source: &str, name: &str, file: &str) {
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut pairs: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect();
    pairs.sort();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let mut out = format!("const {name}: &[(&str, &str)] = &[\n");
    for (a, b) in pairs {
        out.push_str(&format!("    ({a:?}, {b:?}),\n"));
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join(file), out)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
}

/// How spellings are compared: lowercase, without spaces or hyphens (as
/// `aliases::normalize`; a test checks they agree).
fn normalize(spelling: &str) -> String {
    spelling
        .chars()
        .map(modern_kanji)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// An old kanji form as today's (as `analyze::kyujitai::modern`, from the
/// same table).
fn modern_kanji(c: char) -> char {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<char, char>> =
        std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let text = std::fs::read_to_string("data/kyujitai.tsv").expect("data/kyujitai.tsv");
        text.lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (old, new) = line.split_once('\t')?;
                Some((old.chars().next()?, new.chars().next()?))
            })
            .collect()
    });
    *table.get(&c).unwrap_or(&c)
}

/// A spelling as the stemmers see it (as `aliases::stem_key`; a test checks
/// they agree): each word lowercased and stemmed, joined.
fn stem_key(spelling: &str) -> String {
    use rust_stemmers::{Algorithm, Stemmer};
    let english = Stemmer::create(Algorithm::English);
    let russian = Stemmer::create(Algorithm::Russian);
    spelling
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|word| {
            let lower = word.to_lowercase();
            match lower.chars().find_map(script) {
                Some('L') => english.stem(&lower).into_owned(),
                Some('C') => russian.stem(&lower.replace('ё', "е")).into_owned(),
                Some('H') => korean::stem(&lower).to_string(),
                _ => lower,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The script of a letter as far as `stem_key` tells them apart: Latin,
/// Cyrillic, Hangul, other (`O`), or none for a mark or a space.
fn script(c: char) -> Option<char> {
    let u = c as u32;
    if c.is_ascii_alphabetic() || (0xC0..=0x24F).contains(&u) && c.is_alphabetic() {
        Some('L')
    } else if (0x400..=0x52F).contains(&u) {
        Some('C')
    } else if (0xAC00..=0xD7A3).contains(&u) || (0x1100..=0x11FF).contains(&u) {
        Some('H')
    } else if c.is_alphanumeric() {
        Some('O')
    } else {
        None
    }
}
