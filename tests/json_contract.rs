//! The JSON contract: every field `search --json` and `dates --json` print
//! is documented in docs/json.md, and both print the contract's version.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{copy_of_corpus, ok};

/// The field paths documented in docs/json.md: the first cell of each
/// table row, between backticks.
fn documented() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .expect("docs/json.md");
    doc.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(path, _)| path.to_string())
        .collect()
}

/// Every field path of `value` below `path`; the keys of an object
/// documented as a map (`path.*`) count as `*`.
fn paths(value: &serde_json::Value, path: &str, known: &BTreeSet<String>, out: &mut Vec<String>) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_json::Value::Object(map) => {
            let is_map = known.contains(&join("*"));
            for (key, child) in map {
                let child_path = join(if is_map { "*" } else { key });
                out.push(child_path.clone());
                paths(child, &child_path, known, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                paths(item, &format!("{path}[]"), known, out);
            }
        }
        _ => {}
    }
}

fn assert_documented(answer: &serde_json::Value, prefix: &str) {
    let known = documented();
    let mut printed = Vec::new();
    paths(answer, prefix, &known, &mut printed);
    for path in printed {
        assert!(
            known.contains(&path),
            "`{path}` is printed but not in docs/json.md"
        );
    }
}

#[test]
fn every_field_search_prints_is_documented() {
    let dir = copy_of_corpus();
    // Hits with dates and Old Style notes, every facet, expansions.
    for query in ["Portsmouth", "1875", "Kunashir", "러시아"] {
        let text = ok(dir.path(), &["search", query, "--json", "--limit", "50"]);
        let answer: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(answer["version"], 1, "{query}");
        assert!(answer["hits"].as_array().is_some_and(|h| !h.is_empty()));
        assert_documented(&answer, "");
    }
}

#[test]
fn every_field_dates_prints_is_documented() {
    let dir = tempfile::tempdir().unwrap();
    let text = "1875년 4월 25일(5월 7일) 상트페테르부르크에서, and the 1990s, the 19th century";
    let out = ok(dir.path(), &["dates", "--text", text, "--json"]);
    let answer: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(answer["version"], 1);
    assert!(answer["dates"][0]["note"].is_string());
    // The dates of `dates --text` are documented under `dates[]`.
    assert_documented(&answer, "");
}

#[test]
fn every_field_extract_prints_is_documented() {
    let dir = copy_of_corpus();
    let out = ok(
        dir.path(),
        &["extract", "corpus/004_9b7e2cee3fc8c588.txt", "--json"],
    );
    let answer: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(answer["version"], 1);
    assert!(answer["passages"].as_array().is_some_and(|p| !p.is_empty()));
    assert_documented(&answer, "");
}

#[test]
fn the_contract_reads_back_what_it_printed() {
    let dir = copy_of_corpus();
    let text = ok(dir.path(), &["search", "Portsmouth", "--json"]);
    let answer: shimoda::contract::SearchResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(answer.version, shimoda::contract::VERSION);
    assert!(answer.total >= answer.hits.len());
    assert!(
        answer
            .hits
            .iter()
            .all(|h| h.matched.iter().any(|m| !m.is_empty()))
    );
}
