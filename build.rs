//! Build script: links the `shimoda` binary at a fixed address on Linux
//! (glibc).
//!
//! A search is usually one short process, and a position-independent
//! executable spends part of its start (about 0.15 ms and 150 page faults,
//! measured with `perf stat` on a search that finds nothing) having the
//! dynamic loader fill in some 28,000 addresses. Linked at a fixed address
//! the linker fills them in once. Only the binary is linked so (not the
//! tests, nor the proc-macros cargo builds for the host); the shared
//! libraries, heap and stack keep their random addresses.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // glibc's toolchain only: musl targets link as static PIE their own way.
    let linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux");
    let gnu = std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux && gnu {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
