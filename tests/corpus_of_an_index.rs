//! An index keeps to the corpus it was built from, its counts agree from
//! every command, and an unfinished build is called what it is.

mod common;

use common::{assert_one_line_error, copy_of_corpus, ok, shimoda};

/// The numbers of "index holds N passages from M files" in `index` output.
fn holds(output: &str) -> (u64, u64) {
    let line = output
        .lines()
        .find(|l| l.starts_with("index holds"))
        .unwrap_or_else(|| panic!("no totals in {output}"));
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

#[test]
fn add_without_corpus_adds_to_the_corpus_the_index_was_built_from() {
    let dir = copy_of_corpus();
    std::fs::rename(dir.path().join("corpus"), dir.path().join("texts")).unwrap();
    let built = holds(&ok(dir.path(), &["index", "--corpus", "texts"]));
    let new = dir.path().join("new.txt");
    std::fs::write(&new, "A note on the Treaty of Shimoda, signed in 1855.").unwrap();
    let after = holds(&ok(dir.path(), &["add", new.to_str().unwrap()]));
    assert!(dir.path().join("texts/new.txt").is_file());
    assert!(
        !dir.path().join("corpus").exists(),
        "a default corpus was made"
    );
    assert_eq!(after.0, built.0 + 1, "passages");
    assert_eq!(after.1, built.1 + 1, "files");
}

#[test]
fn another_corpus_is_refused_unless_the_index_is_rebuilt() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("a.txt"), "Portsmouth, 1905.").unwrap();
    let out = shimoda(dir.path(), &["index", "--corpus", "other"]);
    assert_eq!(out.status.code(), Some(1));
    assert_one_line_error(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--full"), "{stderr}");
    // The index still holds the first corpus.
    let stats: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["stats", "--json"])).unwrap();
    assert_eq!(stats["files"], 5);
    let replaced = holds(&ok(dir.path(), &["index", "--corpus", "other", "--full"]));
    assert_eq!(replaced, (1, 1));
}

#[test]
fn index_and_stats_count_the_same_files() {
    let dir = copy_of_corpus();
    let corpus = dir.path().join("corpus");
    std::fs::write(corpus.join("empty.txt"), "").unwrap();
    std::fs::write(corpus.join("image.bin"), [0u8, 1, 2, 0, 0, 255, 0, 0]).unwrap();
    let (passages, files) = holds(&ok(dir.path(), &["index"]));
    let stats: serde_json::Value =
        serde_json::from_str(&ok(dir.path(), &["stats", "--json"])).unwrap();
    assert_eq!(stats["files"], files);
    assert_eq!(stats["passages"], passages);
    assert_eq!(files, 5);
}

#[test]
fn an_unfinished_first_build_is_not_called_another_version() {
    let dir = copy_of_corpus();
    ok(dir.path(), &["index"]);
    // A build killed before its first commit leaves a meta.json without
    // the commit record.
    common::edit_meta(&dir.path().join("index"), |meta| {
        meta["payload"] = serde_json::Value::Null
    });
    let out = shimoda(dir.path(), &["search", "Portsmouth"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no finished build"), "{stderr}");
    assert!(!stderr.contains("another version"), "{stderr}");
}

/// Runs shimoda as the unprivileged user `nobody` (root reads every file
/// whatever its mode), or `None` where that cannot be done.
fn as_nobody(cwd: &std::path::Path, args: &[&str]) -> Option<std::process::Output> {
    let root = std::process::Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        return None;
    }
    std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_shimoda"))
        .args(args)
        .current_dir(cwd)
        .output()
        .ok()
}

#[test]
fn a_file_unreadable_once_is_read_when_it_becomes_readable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy_of_corpus();
    let mode = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(dir.path(), 0o777);
    mode(&dir.path().join("corpus"), 0o755);
    let secret = dir.path().join("corpus/secret.txt");
    std::fs::write(&secret, "The secret protocol of Portsmouth, 1905.").unwrap();
    mode(&secret, 0o000);
    let Some(first) = as_nobody(dir.path(), &["index"]) else {
        eprintln!("skipped: needs root and setpriv to run as another user");
        return;
    };
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(
        first.status.success() && said.contains("skipped secret.txt"),
        "{said}"
    );
    mode(&secret, 0o644);
    let second = as_nobody(dir.path(), &["index"]).unwrap();
    let said = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{said}");
    let found = as_nobody(dir.path(), &["search", "protocol", "--json"]).unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    let sources = common::hit_sources(&answer);
    assert!(
        sources.iter().any(|s| s == "secret.txt"),
        "{sources:?} after {said}"
    );
}

#[test]
fn a_search_without_corpus_or_index_says_so_in_one_line_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = shimoda(dir.path(), &["search", "Portsmouth"]);
    assert_eq!(out.status.code(), Some(1));
    assert_one_line_error(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("corpus"));
    assert!(
        !dir.path().join("index").exists(),
        "an empty index folder was left"
    );
}
