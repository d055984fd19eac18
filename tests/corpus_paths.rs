//! What the walk of a corpus takes in: never the index kept inside it,
//! every file under a name of its own, nothing that is not a regular file;
//! and what a killed run leaves in the index folder is removed.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{hit_sources, ok, search_json, shimoda};

fn corpus_with(dir: &Path, name: &str) -> std::path::PathBuf {
    let corpus = dir.join(name);
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "The Treaty of Portsmouth ended the war.\n",
    )
    .unwrap();
    std::fs::write(corpus.join("b.txt"), "Kunashir and Habomai islands.\n").unwrap();
    corpus
}

/// The second run of `index` finds nothing to do.
fn assert_nothing_to_do(cwd: &Path, args: &[&str]) {
    let report = ok(cwd, args);
    assert!(
        report.contains("0 added, 0 changed, 0 removed, 2 unchanged"),
        "{args:?}: {report}"
    );
    assert!(report.contains("from 2 files"), "{args:?}: {report}");
}

#[test]
fn an_index_inside_its_corpus_is_never_indexed() {
    let dir = tempfile::tempdir().unwrap();
    // `cd texts && shimoda index --corpus .`: the index is ./index.
    let texts = corpus_with(dir.path(), "texts");
    ok(&texts, &["index", "--corpus", "."]);
    assert_nothing_to_do(&texts, &["index", "--corpus", "."]);
    // `--index c/idx`, named relative, then absolute, then through `..`.
    let c = corpus_with(dir.path(), "c");
    let absolute = c.join("idx").display().to_string();
    for index in ["c/idx", absolute.as_str(), "c/../c/idx"] {
        ok(dir.path(), &["index", "--corpus", "c", "--index", index]);
        assert_nothing_to_do(dir.path(), &["index", "--corpus", "c", "--index", index]);
    }
    for _ in 0..2 {
        let out = shimoda(
            dir.path(),
            &[
                "search", "meta", "--json", "--corpus", "c", "--index", "c/idx",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("corpus changed"), "{stderr}");
        let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["total"], 0, "{answer}");
    }
    let answer = search_json(
        dir.path(),
        "Portsmouth",
        &["--corpus", "c", "--index", "c/idx"],
    );
    assert_eq!(hit_sources(&answer), ["a.txt"]);
    let out = shimoda(&texts, &["search", "Portsmouth", "--corpus", "."]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("corpus changed"));
    // A nested index whose parent folders do not exist yet.
    corpus_with(dir.path(), "d");
    ok(
        dir.path(),
        &["index", "--corpus", "d", "--index", "d/x/y/idx"],
    );
    assert_nothing_to_do(
        dir.path(),
        &["index", "--corpus", "d", "--index", "d/x/y/idx"],
    );
}

#[test]
fn file_names_differing_only_in_invalid_bytes_are_kept_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let nested = corpus.join(std::ffi::OsStr::from_bytes(b"dir\xfe"));
    std::fs::create_dir_all(&nested).unwrap();
    let name = |bytes: &[u8]| std::ffi::OsStr::from_bytes(bytes).to_os_string();
    std::fs::write(corpus.join(name(b"bad\xffname.txt")), "Portsmouth\n").unwrap();
    std::fs::write(corpus.join(name(b"bad\xfename.txt")), "Kunashir\n").unwrap();
    std::fs::write(corpus.join("bad\\xfename.txt"), "Habomai\n").unwrap();
    std::fs::write(nested.join("c.txt"), "Shikotan\n").unwrap();

    let report = ok(dir.path(), &["index"]);
    assert!(report.contains("4 added"), "{report}");
    assert!(report.contains("4 passages from 4 files"), "{report}");
    assert!(
        report.contains(r"warning bad\xffname.txt: file name is not valid UTF-8; shown escaped"),
        "{report}"
    );
    let again = ok(dir.path(), &["index"]);
    assert!(
        again.contains("0 changed, 0 removed, 4 unchanged"),
        "{again}"
    );
    for (query, source) in [
        ("Portsmouth", r"bad\xffname.txt"),
        ("Kunashir", r"bad\xfename.txt"),
        ("Habomai", r"bad\\xfename.txt"),
        ("Shikotan", r"dir\xfe/c.txt"),
    ] {
        let answer = search_json(dir.path(), query, &["--exact"]);
        assert_eq!(hit_sources(&answer), [source], "{query}");
    }
    // The folder with an escaped name keeps its time: nothing looks changed.
    let out = shimoda(dir.path(), &["search", "Shikotan"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("corpus changed"));
}

/// Runs `shimoda args` in `cwd`, killing it if it has not ended in a
/// minute; returns its exit code and what it printed.
fn run_bounded(cwd: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shimoda"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("shimoda {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn fifos_and_devices_in_the_corpus_are_skipped_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with(dir.path(), "corpus");
    let made = Command::new("mkfifo")
        .arg(corpus.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", corpus.join("zero.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", corpus.join("random.txt")).unwrap();
    for _ in 0..2 {
        let (code, report) = run_bounded(dir.path(), &["index"]);
        assert_eq!(code, Some(0), "{report}");
        for expected in [
            "skipped pipe.txt: not a regular file: a FIFO",
            "skipped zero.txt: not a regular file: a device",
            "skipped random.txt: not a regular file: a device",
            "from 2 files",
        ] {
            assert!(report.contains(expected), "{expected:?} in {report}");
        }
    }
    // `add` refuses them too, before reading a byte (and says so by its
    // exit code).
    let (code, added) = run_bounded(dir.path(), &["add", "corpus/pipe.txt", "/dev/zero"]);
    assert_eq!(code, Some(1), "{added}");
    assert!(
        added.contains("not added corpus/pipe.txt: not a regular file: a FIFO"),
        "{added}"
    );
    assert!(
        added.contains("not added /dev/zero: not a regular file: a device"),
        "{added}"
    );
}

#[test]
fn files_left_by_a_killed_run_are_removed_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    corpus_with(dir.path(), "corpus");
    ok(dir.path(), &["index"]);
    let index = dir.path().join("index");
    let left = [
        "0123456789abcdef0123456789abcdef.idx",
        "0123456789abcdef0123456789abcdef.store",
        "0123456789abcdef0123456789abcdef.7.del",
        "manifest-1-2.json",
        "manifest-3-4.json.tmp",
    ];
    for name in left {
        std::fs::write(index.join(name), vec![0u8; 4096]).unwrap();
    }
    std::fs::write(index.join("notes.txt"), "mine").unwrap();
    std::fs::write(index.join("draft.idx"), "mine too").unwrap();
    let report = ok(dir.path(), &["index"]);
    assert!(report.contains("2 unchanged"), "{report}");
    for name in left {
        assert!(!index.join(name).exists(), "{name} is still there");
    }
    assert_eq!(
        std::fs::read_to_string(index.join("notes.txt")).unwrap(),
        "mine"
    );
    assert!(index.join("draft.idx").exists());
    let answer = search_json(dir.path(), "Portsmouth", &[]);
    assert_eq!(hit_sources(&answer), ["a.txt"]);
    let manifests = std::fs::read_dir(&index)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("manifest-")
        })
        .count();
    assert_eq!(manifests, 1);
}
