//! Build script: links the `shimoda` binary at a fixed address on Linux
//! (glibc), and turns the built-in glossary (`data/glossary.toml`) and
//! gazetteer (`data/places.toml`) into Rust data, so that no search parses
//! them.
//!
//! A search is usually one short process, and a position-independent
//! executable spends part of its start (about 0.15 ms and 150 page faults,
//! measured with `perf stat` on a search that finds nothing) having the
//! dynamic loader fill in some 28,000 addresses. Linked at a fixed address
//! the linker fills them in once. Only the binary is linked so (not the
//! tests, nor the proc-macros cargo builds for the host); the shared
//! libraries, heap and stack keep their random addresses.

use std::collections::BTreeMap;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=data/glossary.toml");
    println!("cargo::rerun-if-changed=data/places.toml");
    write_table(
        "data/glossary.toml",
        "term",
        "BUILT_IN_GLOSSARY",
        "glossary.rs",
    );
    write_table("data/places.toml", "place", "BUILT_IN_PLACES", "places.rs");
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
    let mut out = format!("const {name}: &[&[&str]] = &[\n");
    for entry in &entries {
        let first = entry
            .get("en")
            .and_then(|w| w.first())
            .or_else(|| entry.values().flatten().next());
        let Some(first) = first else { continue };
        let words: Vec<&String> = std::iter::once(first)
            .chain(entry.values().flatten())
            .collect();
        out.push_str(&format!("    &{words:?},\n"));
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join(file), out)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
}
