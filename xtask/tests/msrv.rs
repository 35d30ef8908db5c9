//! The project declares one minimum supported Rust version (MSRV): the
//! workspace's `rust-version`, which the generator's package inherits and every
//! generated `Cargo.toml` repeats. Only one toolchain is installed where the
//! tests run, so the MSRV is checked in parts:
//!
//! - clippy's `incompatible_msrv` lint (on by default, denied in CI) reads
//!   `rust-version` and rejects standard-library items stabilised after it, in
//!   the generator and in `generated-client` (and, through
//!   `generated_features.rs`, in crates generated for every interface). It does
//!   not see language features (syntax), compiler behaviour, or dependencies.
//! - this test: the declared versions agree, and every crate that the
//!   generator or a generated crate builds with, in `Cargo.lock`, declares a
//!   `rust-version` no newer than the MSRV (dev-dependencies of the test
//!   suite are not part of the promise and are not checked).
//!
//! What neither proves: that an old compiler accepts the code. Only building
//! with that toolchain does.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `rust-version = "1.85"` in a manifest's text, as written.
fn rust_version_in(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    text.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("rust-version")?.trim_start();
        let value = rest.strip_prefix('=')?.trim();
        Some(value.trim_matches('"').to_string())
    })
}

/// `1.85` or `1.85.0` as comparable numbers.
fn parse_version(text: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = text.split('.').map(|p| p.parse().unwrap()).collect();
    parts.resize(3, 0);
    parts
}

#[test]
fn one_msrv_is_declared_and_generated_crates_repeat_it() {
    let root = repo_root();
    let workspace = rust_version_in(&root.join("Cargo.toml")).unwrap();
    let generator = std::fs::read_to_string(root.join("generator/Cargo.toml")).unwrap();
    assert!(
        generator.contains("rust-version.workspace = true"),
        "the generator inherits the workspace's rust-version"
    );
    assert_eq!(
        rust_version_in(&root.join("generated-client/Cargo.toml")).as_deref(),
        Some(workspace.as_str()),
        "generated crates declare the generator's MSRV"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {workspace} or newer")),
        "the README names the MSRV, {workspace}"
    );
}

#[test]
fn locked_dependencies_of_the_generator_and_generated_crates_fit_the_msrv() {
    let root = repo_root();
    let msrv = parse_version(&rust_version_in(&root.join("Cargo.toml")).unwrap());
    let output = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let mut too_new = Vec::new();
    for root_name in ["postman-codegen", "generated-client"] {
        let start = packages
            .iter()
            .find(|(_, p)| p["name"] == root_name && p["source"].is_null())
            .map(|(id, _)| *id)
            .unwrap();
        // Normal and build dependencies, transitively (all features the
        // workspace enables, which covers each generated crate's optional ones).
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            for dep in nodes[id]["deps"].as_array().unwrap() {
                let shipped = dep["dep_kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|kind| kind["kind"] != "dev");
                if shipped {
                    stack.push(dep["pkg"].as_str().unwrap());
                }
            }
        }
        for id in seen {
            let package = packages[id];
            if let Some(version) = package["rust_version"].as_str() {
                if parse_version(version) > msrv {
                    too_new.push(format!(
                        "{root_name} -> {} {} needs Rust {version}",
                        package["name"].as_str().unwrap(),
                        package["version"].as_str().unwrap()
                    ));
                }
            }
        }
    }
    too_new.sort();
    too_new.dedup();
    assert!(
        too_new.is_empty(),
        "locked dependencies newer than the MSRV (pin an older version with \
         `cargo update -p NAME --precise VERSION`):\n{}",
        too_new.join("\n")
    );
}
