//! Build script: links the `shimoda` binary at a fixed address on Linux
//! (glibc), and turns the built-in glossary (`data/glossary.toml`) into Rust
//! data, so that no search parses it.
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
    write_glossary();
    // glibc's toolchain only: musl targets link as static PIE their own way.
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux && gnu {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}

#[derive(serde::Deserialize)]
struct GlossaryFile {
    term: Vec<BTreeMap<String, Vec<String>>>,
}

/// Writes `glossary.rs` in `OUT_DIR`: `BUILT_IN_GLOSSARY`, each concept's
/// name (its first English word) followed by its words in every language.
fn write_glossary() {
    let text = std::fs::read_to_string("data/glossary.toml").expect("data/glossary.toml is read");
    let file: GlossaryFile = toml::from_str(&text).expect("data/glossary.toml parses");
    let mut out = String::from("const BUILT_IN_GLOSSARY: &[&[&str]] = &[\n");
    for term in &file.term {
        let name = term
            .get("en")
            .and_then(|w| w.first())
            .or_else(|| term.values().flatten().next());
        let Some(name) = name else { continue };
        let words: Vec<&String> = std::iter::once(name)
            .chain(term.values().flatten())
            .collect();
        out.push_str(&format!("    &{words:?},\n"));
    }
    out.push_str("];\n");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(std::path::Path::new(&dir).join("glossary.rs"), out)
        .expect("glossary.rs is written");
}
