//! An index being written, damaged or not writable: every command answers
//! in one line, searches use the last commit where there is one, and
//! `index --full` repairs.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use common::{assert_one_line_error, ok, search_json, shimoda};

/// A folder with a small corpus in `corpus/`.
/// Two English files name Portsmouth; `--exact` keeps the Russian one
/// (Портсмуте) out of the counts below.
fn small_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, text) in [
        (
            "a.txt",
            "The Treaty of Portsmouth was signed in 1905.\n\nKunashir lies north.",
        ),
        (
            "b.txt",
            "Portsmouth, New Hampshire, hosted the talks in August 1905.",
        ),
        ("c.txt", "Договор был подписан в Портсмуте в 1905 году."),
    ] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    dir
}

/// `shimoda index` started with the pause hook: it stops before it commits
/// until `release` exists.
fn paused_index(cwd: &Path, release: &Path) -> Child {
    let child = Command::new(env!("CARGO_BIN_EXE_shimoda"))
        .arg("index")
        .current_dir(cwd)
        .env("SHIMODA_PAUSE_BEFORE_COMMIT", release)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let waiting = PathBuf::from(format!("{}.waiting", release.display()));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !waiting.exists() {
        assert!(
            Instant::now() < deadline,
            "the run never reached its commit"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn release_and_wait(child: Child, release: &Path) {
    std::fs::write(release, "").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn fails_with(out: &Output, words: &str) {
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_one_line_error(out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(words), "{stderr}");
}

#[test]
fn a_second_run_during_a_first_build_stops_and_leaves_it_whole() {
    let dir = small_corpus();
    let release = dir.path().join("release");
    let first = paused_index(dir.path(), &release);

    fails_with(&shimoda(dir.path(), &["index"]), "is writing to");
    fails_with(&shimoda(dir.path(), &["search", "x"]), "is being built");

    release_and_wait(first, &release);
    let answer = search_json(dir.path(), "Portsmouth", &["--exact"]);
    assert_eq!(answer["total"], 2, "{answer}");
}

#[test]
fn a_search_during_an_update_answers_from_the_last_commit() {
    let dir = small_corpus();
    ok(dir.path(), &["index"]);
    let corpus = dir.path().join("corpus");
    std::fs::write(corpus.join("d.txt"), "Portsmouth again, in 1906.").unwrap();
    let release = dir.path().join("release");
    let update = paused_index(dir.path(), &release);

    let out = shimoda(dir.path(), &["search", "Portsmouth", "--json", "--exact"]);
    assert!(out.status.success(), "{out:?}");
    assert_one_line_error(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("last committed state"));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["total"], 2, "{answer}");
    fails_with(&shimoda(dir.path(), &["index"]), "is writing to");

    release_and_wait(update, &release);
    assert_eq!(
        search_json(dir.path(), "Portsmouth", &["--exact"])["total"],
        3
    );
}

/// A way to damage a file.
type Damage = fn(&Path);

/// Overwrites the middle half of a file with 0xFF bytes.
fn garble(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let n = bytes.len();
    bytes[n / 4..3 * n / 4].fill(0xFF);
    std::fs::write(path, bytes).unwrap();
}

fn truncate_to_half(path: &Path) {
    let n = std::fs::metadata(path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(n / 2)
        .unwrap();
}

/// The largest segment file of the index with this extension.
fn segment_file(index: &Path, extension: &str) -> PathBuf {
    std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap()
}

/// Every reading command ends in one line: the damaged-index message when
/// it fails, and `stats`, which checks every file, always fails.
fn every_command_says_damaged(cwd: &Path, what: &str) {
    let commands: [&[&str]; 4] = [
        &["search", "Portsmouth"],
        &["stats"],
        &["dates", "Portsmouth"],
        &["aliases", "Portsmouth"],
    ];
    for args in commands {
        let out = shimoda(cwd, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{what} {args:?}: {stderr}");
        assert!(
            !stderr.contains("internal error"),
            "{what} {args:?}: {stderr}"
        );
        if !out.status.success() || args[0] == "stats" {
            assert_eq!(out.status.code(), Some(1), "{what} {args:?}: {stderr}");
            assert_one_line_error(&out);
            assert!(stderr.contains("is damaged"), "{what} {args:?}: {stderr}");
            assert!(stderr.contains("index --full"), "{what} {args:?}: {stderr}");
        }
    }
}

#[test]
fn damaged_segment_files_fail_in_one_line_and_a_full_run_rebuilds() {
    let dir = small_corpus();
    ok(dir.path(), &["index"]);
    let index = dir.path().join("index");
    let good = dir.path().join("good");
    copy_folder(&index, &good);
    let damages: [(&str, Damage); 3] = [
        ("garbled", garble),
        ("truncated", truncate_to_half),
        ("deleted", |p| std::fs::remove_file(p).unwrap()),
    ];
    for extension in ["idx", "term", "store", "fast", "pos", "fieldnorm"] {
        for (damage, apply) in damages {
            let what = format!("{damage} .{extension}");
            std::fs::remove_dir_all(&index).unwrap();
            copy_folder(&good, &index);
            apply(&segment_file(&index, extension));
            every_command_says_damaged(dir.path(), &what);
            if damage != "garbled" {
                let out = shimoda(dir.path(), &["search", "Portsmouth"]);
                assert_eq!(out.status.code(), Some(1), "{what}: search must fail");
            }
            ok(dir.path(), &["index", "--full"]);
            assert_eq!(
                search_json(dir.path(), "Portsmouth", &["--exact"])["total"],
                2,
                "{what}"
            );
            ok(dir.path(), &["stats"]);
        }
    }
}

#[test]
fn damaged_meta_files_are_rebuilt_by_index() {
    let dir = small_corpus();
    let index = dir.path().join("index");
    for name in ["meta.json", ".managed.json"] {
        for full in [false, true] {
            ok(dir.path(), &["index"]);
            truncate_to_half(&index.join(name));
            let out = shimoda(dir.path(), &["stats"]);
            fails_with(&out, "is damaged");
            let args: &[&str] = if full {
                &["index", "--full"]
            } else {
                &["index"]
            };
            ok(dir.path(), args);
            assert_eq!(
                search_json(dir.path(), "Portsmouth", &["--exact"])["total"],
                2
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn index_files_are_readable_by_all_who_may_read_the_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = small_corpus();
    ok(dir.path(), &["index"]);
    let index = dir.path().join("index");
    let mode = |name: &str| {
        std::fs::metadata(index.join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    let segment = segment_file(&index, "idx");
    let like = mode(segment.file_name().unwrap().to_str().unwrap());
    assert_ne!(
        like & 0o044,
        0,
        "the umask of the tests keeps files readable"
    );
    assert_eq!(mode("meta.json"), like);
    assert_eq!(mode(".managed.json"), like);
}

/// Makes `dir` immutable (no file made or removed in it, even by root)
/// while alive; `None` where `chattr` is missing or not supported.
struct Immutable(PathBuf);

impl Immutable {
    fn make(dir: &Path) -> Option<Immutable> {
        let done = Command::new("chattr").arg("+i").arg(dir).output().ok()?;
        let probe = dir.join(".probe");
        if !done.status.success() || std::fs::write(&probe, "").is_ok() {
            let _ = std::fs::remove_file(probe);
            let _ = Command::new("chattr").arg("-i").arg(dir).output();
            return None;
        }
        Some(Immutable(dir.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).output();
    }
}

#[test]
fn an_index_in_a_folder_not_writable_is_searched_from_its_last_commit() {
    let dir = small_corpus();
    ok(dir.path(), &["index"]);
    let index = dir.path().join("index");
    // A search must not need to create tantivy's lock file either.
    let _ = std::fs::remove_file(index.join(".tantivy-meta.lock"));
    let Some(_immutable) = Immutable::make(&index) else {
        eprintln!("chattr +i does not work here: not tested");
        return;
    };
    assert_eq!(
        search_json(dir.path(), "Portsmouth", &["--exact"])["total"],
        2
    );
    ok(dir.path(), &["stats"]);

    let corpus = dir.path().join("corpus");
    std::fs::write(corpus.join("d.txt"), "Portsmouth again, in 1906.").unwrap();
    let out = shimoda(dir.path(), &["search", "Portsmouth", "--json", "--exact"]);
    assert!(out.status.success(), "{out:?}");
    assert_one_line_error(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("searching its last commit"));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["total"], 2);

    fails_with(
        &shimoda(dir.path(), &["index"]),
        "cannot write in index folder",
    );
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}
