//! Lays out the release binary's code with the functions a `generate` run
//! executes first (`hot-code.txt`, written by `cargo xtask hot-code`).
//!
//! Why: the kernel maps a program's code in blocks around each page a run
//! touches (fault-around), so code a run never executes is resident anyway
//! when it sits between code it does. About 60% of the program's 3.9 MB of
//! code runs in a `generate`; the rest (`diff`, `inspect`, error paths, the
//! auth schemes and formats a collection does not use) was spread among it,
//! and nearly all 3.9 MB were resident in every run. Put together, the
//! executed code takes fewer blocks: about 1 MB less resident peak on
//! every collection at the same speed (docs/performance.md, "Session 29:
//! memory").
//!
//! The order is only given to the linker that reads it: rust-lld, which
//! rustc uses by default for `x86_64-unknown-linux-gnu` since Rust 1.90,
//! when no other linker is configured. Any other build links as before. A
//! name the list has and the program lacks (after a change of compiler or of
//! a dependency's version, which renames symbols) is skipped silently: the
//! program is the same, laid out less well, until the list is written again.

use std::env;
use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=hot-code.txt");
    if !links_with_default_lld() {
        return;
    }
    let Ok(dir) = env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let order = Path::new(&dir).join("hot-code.txt");
    if !order.is_file() {
        return;
    }
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        order.display()
    );
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// True for a release build for `x86_64-unknown-linux-gnu` by a rustc that
/// links with its own lld by default (1.90 and later), with no linker, link
/// argument or linker flavour configured.
fn links_with_default_lld() -> bool {
    let release = env::var("PROFILE").is_ok_and(|profile| profile == "release");
    let target = env::var("TARGET").is_ok_and(|target| target == "x86_64-unknown-linux-gnu");
    let configured_linker = env::var_os("RUSTC_LINKER").is_some()
        || env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|flags| flags.contains("link"));
    release && target && !configured_linker && rustc_minor().is_some_and(|minor| minor >= 90)
}

/// The minor version of the rustc that builds the package (`1.MINOR.x`).
fn rustc_minor() -> Option<u32> {
    let rustc = env::var_os("RUSTC")?;
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let version = String::from_utf8(output.stdout).ok()?;
    // `rustc 1.95.0 (59807616e 2026-04-14)`
    let number = version.split_whitespace().nth(1)?;
    let mut parts = number.split('.');
    if parts.next()? != "1" {
        return None;
    }
    parts.next()?.parse().ok()
}
