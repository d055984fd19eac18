//! What reaches the terminal: no control characters from the corpus or its
//! paths, colour only when asked for, completions, the manual page, and
//! help on every option.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{corpus_of, ok, shimoda};

/// Runs `shimoda` in `cwd` with `env` set (and NO_COLOR unset unless given).
fn shimoda_with(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shimoda"));
    command.args(args).current_dir(cwd).env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("run shimoda");
    assert!(
        out.status.success(),
        "shimoda {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Fails when `text` holds a control character other than a line break
/// ending a line, or a bidi override, apart from the bold marks.
fn assert_printable(text: &str, what: &str) {
    let without_marks = text.replace("\x1b[1m", "").replace("\x1b[0m", "");
    for line in without_marks.lines() {
        let bad = line.chars().find(|&c| {
            c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        });
        assert!(bad.is_none(), "{what}: raw {bad:?} in {line:?}");
    }
}

#[test]
fn control_characters_from_texts_and_paths_are_shown_escaped() {
    let dir = corpus_of(&[
        ("a.txt", b"Portsmouth \x1b]0;X\x07\x1b[31mRED\n"),
        (
            "b\x1b[31m.txt",
            b"Portsmouth in a file with an escape in its name\n",
        ),
        (
            "c\nfake.txt",
            b"Portsmouth in a file with a line break in its name\n",
        ),
        (
            "d\u{202e}txt.exe",
            "Portsmouth behind a bidi override\n".as_bytes(),
        ),
        ("e\x1b[2J.txt", b"\x00\x01\x02\x00binary\x00"),
    ]);
    let built = shimoda_with(dir.path(), &[], &["index"]);
    let report = String::from_utf8(built.stdout).unwrap();
    assert_printable(&report, "index summary");
    assert!(report.contains("skipped e\\x1b[2J.txt: binary"), "{report}");

    std::fs::write(dir.path().join("corpus/f\x1b[5m.txt"), b"\x00\x00").unwrap();
    let searched = shimoda_with(
        dir.path(),
        &[],
        &["search", "Portsmouth", "--color", "always"],
    );
    let (stdout, stderr) = (
        String::from_utf8(searched.stdout).unwrap(),
        String::from_utf8(searched.stderr).unwrap(),
    );
    assert_printable(&stdout, "search");
    assert_printable(&stderr, "search warnings");
    assert!(stderr.contains("skipped f\\x1b[5m.txt"), "{stderr}");
    for expected in [
        "\\x1b]0;X\\x07\\x1b[31mRED",
        "b\\x1b[31m.txt:1 [",
        "c\\nfake.txt:1 [",
        "d\\u{202e}txt.exe:1 [",
        "\x1b[1mPortsmouth\x1b[0m",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in {stdout}");
    }
    // A line break in a name does not make a line of its own.
    assert!(
        !stdout.lines().any(|l| l.starts_with("fake.txt")),
        "{stdout}"
    );

    let stats = String::from_utf8(shimoda_with(dir.path(), &[], &["stats"]).stdout).unwrap();
    assert_printable(&stats, "stats");
}

#[test]
fn color_follows_the_option_and_no_color() {
    let dir = corpus_of(&[("a.txt", b"The Portsmouth treaty of 1905.\n")]);
    ok(dir.path(), &["index"]);
    let bold = "\x1b[1mPortsmouth\x1b[0m";
    let quoted = "«Portsmouth»";
    for (env, color, expected) in [
        (None, None, quoted),
        (None, Some("auto"), quoted),
        (None, Some("always"), bold),
        (None, Some("never"), quoted),
        (Some("1"), Some("always"), bold),
        (Some("1"), None, quoted),
        (Some(""), Some("always"), bold),
    ] {
        let mut args = vec!["search", "Portsmouth"];
        if let Some(color) = color {
            args.extend(["--color", color]);
        }
        let env: Vec<(&str, &str)> = env.map(|v| ("NO_COLOR", v)).into_iter().collect();
        let out = String::from_utf8(shimoda_with(dir.path(), &env, &args).stdout).unwrap();
        assert!(out.contains(expected), "{env:?} {args:?}: {out}");
    }
    // The option is global: it may come before the command too.
    let out = ok(dir.path(), &["--color", "always", "search", "Portsmouth"]);
    assert!(out.contains(bold), "{out}");
    let bad = shimoda(
        dir.path(),
        &["search", "Portsmouth", "--color", "sometimes"],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn completions_are_printed_for_bash_zsh_and_fish() {
    let dir = tempfile::tempdir().unwrap();
    let bash = ok(dir.path(), &["completions", "bash"]);
    assert!(bash.contains("search") && bash.contains("--lang"), "{bash}");
    assert!(bash.contains("complete -F"), "{bash}");
    for shell in ["zsh", "fish"] {
        let script = ok(dir.path(), &["completions", shell]);
        assert!(
            script.contains("search") && script.contains("lang"),
            "{shell}: {script}"
        );
    }
    assert!(!dir.path().join("index").exists(), "no index is built");
}

#[test]
fn man_page_is_roff_and_covers_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let page = ok(dir.path(), &["man"]);
    assert!(page.starts_with(".TH shimoda 1"), "{page}");
    for command in [
        "index", "add", "search", "dates", "aliases", "bench", "stats",
    ] {
        let section = format!(".SH \"SHIMODA {}\"", command.to_uppercase());
        assert!(page.contains(&section), "no {section}");
    }
    for option in ["\\-\\-lang", "\\-\\-corpus", "\\-\\-color", "\\-\\-reps"] {
        assert!(page.contains(option), "no {option}");
    }
}

/// The subcommands listed by `shimoda --help`.
fn subcommands(cwd: &Path) -> Vec<String> {
    let help = ok(cwd, &["--help"]);
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

/// The option and argument lines of a help text that say nothing about
/// their option: no text after it, and no more indented text on the next
/// line.
fn undescribed_options(help: &str) -> Vec<String> {
    let lines: Vec<&str> = help.lines().collect();
    let mut bare = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        // clap writes `-h, --help` and arguments two spaces in, `--long` six
        // in, and descriptions (and their lists of values) further in.
        let names_option = matches!(trimmed.chars().next(), Some('-' | '<' | '['));
        if !names_option || indent > 6 {
            continue;
        }
        // What follows the option's names and value: two spaces or more.
        let described_here = trimmed
            .split_once("  ")
            .is_some_and(|(_, rest)| !rest.trim().is_empty());
        let described_below = lines.get(i + 1).is_some_and(|next| {
            let text = next.trim_start();
            !text.is_empty() && next.len() - text.len() > indent
        });
        if !described_here && !described_below {
            bare.push(line.to_string());
        }
    }
    bare
}

#[test]
fn an_option_without_description_is_found_in_both_help_layouts() {
    let short =
        "Options:\n      --bare <X>\n      --json     Print JSON\n  -h, --help     Print help\n";
    assert_eq!(undescribed_options(short), ["      --bare <X>"]);
    let long = "Options:\n      --index <DIR>\n          Folder\n\n          [default: index]\n\n      --bare\n\n  -h, --help\n          Print help\n";
    assert_eq!(undescribed_options(long), ["      --bare"]);
}

#[test]
fn every_option_of_every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    let commands = subcommands(dir.path());
    for expected in [
        "index",
        "add",
        "search",
        "stats",
        "bench",
        "completions",
        "man",
    ] {
        assert!(commands.iter().any(|c| c == expected), "{commands:?}");
    }
    for command in &commands {
        for flag in ["--help", "-h"] {
            let help = ok(dir.path(), &[command, flag]);
            let options = help.lines().filter(|l| l.trim_start().starts_with("--"));
            assert!(options.count() > 0, "{command} {flag}: {help}");
            let bare = undescribed_options(&help);
            assert!(bare.is_empty(), "{command} {flag}: {bare:?}\n{help}");
        }
    }
    for command in ["add", "stats", "bench"] {
        let help = ok(dir.path(), &[command, "--help"]);
        assert!(help.contains("--index <DIR>"), "{help}");
        assert!(help.contains("Examples:"), "{help}");
    }
    let help = ok(dir.path(), &["add", "--help"]);
    assert!(help.contains("--corpus <DIR>"), "{help}");
}
