//! A sharded index answers as one index does: the same passages with the
//! same scores, the same facets and expansions, split into 1, 2, 4 or 8
//! shards searched by processes of their own.

mod common;

use std::path::{Path, PathBuf};

use common::{bundled_corpus, ok, shimoda};
use serde_json::Value;

/// Queries of every kind: names across scripts, inflected names, phrases,
/// operators, filters, typos, one that finds nothing.
const QUERIES: &[&str] = &[
    "Portsmouth",
    "Портсмутский договор",
    "ポーツマス",
    "쿠나시르",
    "Kunashir OR Sakhalin",
    "\"Treaty of Portsmouth\"",
    "treaty lang:en",
    "Япония -Корея",
    "Portsmuth",
    "source:003 peace",
    "year:[1900 TO 1910] war",
    "xqzvvy",
];

/// Options each query is also run with.
const OPTIONS: &[&[&str]] = &[&[], &["--offset", "3"], &["--from", "1900", "--to", "1950"]];

/// The judged queries beside the project, when they are there.
fn judged_queries() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev_qrels.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let judged: Value = serde_json::from_str(&text).unwrap();
    judged
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| q["query"].as_str().map(str::to_string))
        .collect()
}

fn search(cwd: &Path, query: &str, place: &[&str], extra: &[&str]) -> Value {
    let mut args = vec![
        "search",
        query,
        "--json",
        "--limit",
        "20",
        "--top-sources",
        "0",
    ];
    args.extend_from_slice(place);
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(cwd, &args)).unwrap()
}

/// The hits as (score, source, passage).
fn hits(answer: &Value) -> Vec<(f64, String, u64)> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["score"].as_f64().unwrap(),
                h["source"].as_str().unwrap().to_string(),
                h["passage"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Checks that two answers are the same up to the order of hits of equal
/// score: which of several tied passages make the first places (after an
/// offset) or the last places of a page depends on the order passages
/// were indexed in.
fn assert_same(one: &Value, sharded: &Value, what: &str, paged: bool) {
    for key in ["total", "facets", "expanded", "typos", "suggestions"] {
        assert_eq!(one.get(key), sharded.get(key), "{what}: {key}");
    }
    assert!(
        sharded.get("missing_shards").is_none(),
        "{what}: shards missing"
    );
    let (a, b) = (hits(one), hits(sharded));
    assert_eq!(a.len(), b.len(), "{what}: hits");
    for (x, y) in a.iter().zip(&b) {
        assert!(
            (x.0 - y.0).abs() <= 1e-6,
            "{what}: score {} vs {}",
            x.0,
            y.0
        );
    }
    // Hits of one score are the same passages, but in the groups the page
    // may cut.
    let last = a.last().map(|h| h.0);
    let first = a.first().map(|h| h.0).filter(|_| paged);
    let group = |hits: &[(f64, String, u64)], score: f64| {
        let mut g: Vec<(String, u64)> = hits
            .iter()
            .filter(|h| (h.0 - score).abs() <= 1e-6)
            .map(|h| (h.1.clone(), h.2))
            .collect();
        g.sort();
        g
    };
    for h in &a {
        if Some(h.0) != last && Some(h.0) != first {
            assert_eq!(
                group(&a, h.0),
                group(&b, h.0),
                "{what}: passages of score {}",
                h.0
            );
        }
    }
}

/// Builds one index and each split of `corpus`, and compares the answers
/// of `queries` under every option.
fn check_splits(corpus: &Path, queries: &[String]) {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    let corpus = corpus.to_str().unwrap();
    ok(cwd, &["index", "--corpus", corpus, "--index", "one"]);
    for shards in [1u32, 2, 4, 8] {
        let cluster = format!("split{shards}");
        let n = shards.to_string();
        ok(
            cwd,
            &[
                "index", "--corpus", corpus, "--index", &cluster, "--shards", &n,
            ],
        );
        for query in queries {
            for extra in OPTIONS {
                let one = search(cwd, query, &["--index", "one"], extra);
                let sharded = search(cwd, query, &["--cluster", &cluster], extra);
                let what = format!("{query:?} {extra:?} in {shards} shards");
                assert_same(&one, &sharded, &what, extra.contains(&"--offset"));
            }
        }
    }
}

#[test]
fn every_split_of_the_bundled_corpus_answers_as_one_index() {
    let mut queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    queries.extend(judged_queries());
    check_splits(&bundled_corpus(), &queries);
}

/// A generated corpus of many files in folders (`SHIMODA_EQUIVALENCE_MB`
/// megabytes, 4 unless set), when Python and the generator are beside the
/// project.
fn generated_corpus(root: &Path) -> Option<PathBuf> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let mb = std::env::var("SHIMODA_EQUIVALENCE_MB").unwrap_or_else(|_| "4".to_string());
    let out = root.join("generated");
    let made = std::process::Command::new("python3")
        .arg(&script)
        .args(["--mb", &mb, "--seed", "7", "--quiet", "--out"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    made.then_some(out)
}

#[test]
fn every_split_of_a_generated_corpus_answers_as_one_index() {
    let dir = tempfile::tempdir().unwrap();
    let Some(corpus) = generated_corpus(dir.path()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the corpus generator did not run"
        );
        eprintln!("skipped: ../shared/bench/gen_corpus.py or python3 is not there");
        return;
    };
    let mut queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    queries
        .extend(["Hakodate", "Владивосток", "조약", "条約", "Sakhalin treaty"].map(String::from));
    check_splits(&corpus, &queries);
}

#[test]
fn adding_a_file_touches_only_its_shard() {
    let dir = common::copy_of_corpus();
    let cwd = dir.path();
    ok(cwd, &["index", "--index", "split", "--shards", "4"]);
    let stamp = |n: u32| {
        let shard = cwd.join(format!("split/shard-{n:03}"));
        std::fs::read_dir(&shard)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("manifest-"))
            .collect::<Vec<_>>()
    };
    let before: Vec<_> = (0..4).map(stamp).collect();
    std::fs::write(
        cwd.join("corpus/new_notes.txt"),
        "Hakodate was opened to trade in 1859.\n",
    )
    .unwrap();
    let out = ok(cwd, &["index", "--index", "split"]);
    assert_eq!(out.matches("1 added").count(), 1, "{out}");
    let after: Vec<_> = (0..4).map(stamp).collect();
    let changed = (0..4).filter(|&n| before[n] != after[n]).count();
    assert_eq!(changed, 1, "{before:?} {after:?}");
    let found = search(cwd, "Hakodate 1859", &["--cluster", "split"], &[]);
    assert!(
        hits(&found).iter().any(|h| h.1 == "new_notes.txt"),
        "{found}"
    );
}

/// A folder with the bundled corpus split into `shards` in `split/`.
fn split_of_bundled_corpus(shards: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = bundled_corpus();
    let n = shards.to_string();
    let args = [
        "index",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        "split",
        "--shards",
        &n,
    ];
    ok(dir.path(), &args);
    dir
}

#[test]
fn a_shard_that_cannot_answer_is_named_and_the_rest_answer() {
    let dir = split_of_bundled_corpus(4);
    let cwd = dir.path();
    std::fs::rename(cwd.join("split/shard-002"), cwd.join("gone")).unwrap();
    let out = shimoda(
        cwd,
        &["search", "Portsmouth", "--json", "--cluster", "split"],
    );
    assert!(out.status.success());
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["missing_shards"], serde_json::json!([2]));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("shard 2 did not answer"), "{stderr}");
}

#[test]
fn a_sharded_folder_is_searched_with_cluster_and_errors_say_so() {
    let dir = split_of_bundled_corpus(2);
    let cwd = dir.path();
    let corpus = bundled_corpus();
    let corpus = corpus.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["search", "Portsmouth", "--index", "split"],
            "--cluster split",
        ),
        (
            &["search", "Portsmouth", "--cluster", "nowhere"],
            "not a sharded index",
        ),
        (
            &["serve", "--index", "split", "--port", "0"],
            "--cluster split",
        ),
        (&["add", "--index", "split", "x.txt"], "--cluster split"),
        (&["stats", "--index", "split"], "--cluster split"),
        (
            &["index", "--index", "split", "--shards", "3"],
            "split into 2 shards",
        ),
        (
            &["index", "--index", "split", "--shard", "5"],
            "shard 5 does not exist",
        ),
        (
            &["index", "--corpus", corpus, "--index", "x", "--shards", "0"],
            "--shards must be",
        ),
    ];
    for (args, said) in cases {
        let out = shimoda(cwd, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn the_shard_protocol_answers_each_call_on_a_line() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    let corpus = bundled_corpus();
    let corpus = corpus.to_str().unwrap();
    ok(cwd, &["index", "--corpus", corpus, "--index", "one"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_shimoda"))
        .args(["shard-serve", "--index", "one"])
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    writeln!(input, r#"{{"call":"info"}}"#).unwrap();
    writeln!(input, "not json").unwrap();
    writeln!(
        input,
        r#"{{"call":"lookup","wanted":{{"prefixes":[],"counts":[]}}}}"#
    )
    .unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["info"]["protocol"], 1);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("not a shard call")
    );
    assert!(lines[2].get("lookup").is_some());
}
