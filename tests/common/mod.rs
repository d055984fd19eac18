//! Helpers shared by the integration tests: run the real binary on real
//! folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The bundled corpus of the project.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// A temporary folder with a copy of the bundled corpus in `corpus/`.
pub fn copy_of_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(bundled_corpus()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// A temporary folder with `corpus/` holding the given files.
pub fn corpus_of(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, content) in files {
        std::fs::write(corpus.join(name), content).unwrap();
    }
    dir
}

/// Runs `shimoda` with `args` in `cwd`.
pub fn shimoda(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shimoda"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run shimoda")
}

/// Runs `shimoda` and returns stdout, failing the test on a non-zero exit.
pub fn ok(cwd: &Path, args: &[&str]) -> String {
    let out = shimoda(cwd, args);
    assert!(
        out.status.success(),
        "shimoda {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a search with `--json` and parses the answer.
pub fn search_json(cwd: &Path, query: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["search", query, "--json", "--limit", "100"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(cwd, &args)).expect("one JSON object")
}

/// One string field (`text`, `lang`, ...) of each hit of a JSON search
/// answer.
pub fn hit_field<'a>(answer: &'a serde_json::Value, field: &str) -> Vec<&'a str> {
    let hits = answer["hits"].as_array().unwrap();
    hits.iter().map(|h| h[field].as_str().unwrap()).collect()
}

/// The sum of the counts of one facet (`lang`, `decade`, ...) of a JSON
/// search answer.
pub fn facet_sum(answer: &serde_json::Value, facet: &str) -> u64 {
    let counts = answer["facets"][facet].as_object().unwrap();
    counts.values().map(|v| v.as_u64().unwrap()).sum()
}

/// The sources of a JSON search answer's hits.
pub fn hit_sources(answer: &serde_json::Value) -> Vec<String> {
    answer["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap().to_string())
        .collect()
}

/// A message printed on stderr is one line, with no panic or backtrace.
pub fn assert_one_line_error(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

/// Rewrites tantivy's `meta.json` in the index folder `index` with `edit`,
/// which gets the whole of it (the commit record is its `payload`).
pub fn edit_meta(index: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = index.join("meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut meta);
    std::fs::write(path, meta.to_string()).unwrap();
}

/// Makes the index's commit record name schema version 1, as an index
/// written by an older shimoda does.
pub fn age_the_index(index: &Path) {
    edit_meta(index, |meta| {
        let mut commit: serde_json::Value =
            serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
        commit["version"] = serde_json::json!(1);
        meta["payload"] = serde_json::Value::String(commit.to_string());
    });
}

pub mod server;
