//! Every entry of the hostile-input catalogue (`catalogue.rs`) that
//! generates must give a crate that compiles without warnings.
//!
//! All crates go into one cargo workspace, `target/hostile-workspace`, built
//! once with a shared target directory, `target/hostile-target`, so the
//! dependencies (reqwest, tokio, serde) compile once and each entry costs
//! only its own crate. The workspace reuses the repository's `Cargo.lock`
//! and builds offline when it can.
//!
//! Slow (minutes on a cold target directory), so ignored by default:
//!
//! ```text
//! cargo test -p postman-codegen --test hostile compile -- --ignored --nocapture
//! ```
//!
//! The catalogue itself is in `catalogue.rs`, shared with `outcomes.rs`.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
use serde_json::Value;

use super::catalogue::{catalogue, Expect};

/// What became of one catalogue entry.
#[derive(Debug)]
enum Outcome {
    /// Refused while loading, with this code (as the catalogue expects).
    Refused(&'static str),
    /// Generated into this workspace member.
    Generated(String),
}

/// The repository root (the generator's parent directory).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs the pipeline on every entry and writes each generated crate into
/// `workspace/<member>`.
fn generate_all(workspace: &Path) -> Vec<(&'static str, Outcome)> {
    catalogue()
        .into_iter()
        .enumerate()
        .map(|(index, (name, input, expect))| {
            let outcome = match (expect, postman_codegen::unstable::load_api(&input)) {
                (Expect::Refused(code), Err(err)) => {
                    assert_eq!(err.diagnostic().code, code, "{name}: {err}");
                    Outcome::Refused(code)
                }
                (Expect::Generates, Ok(api)) => {
                    let member = format!("hostile-{index:02}");
                    let types = postman_codegen::unstable::infer::infer(&api);
                    let input = ApiInput {
                        api: &api,
                        types: &types,
                        module: "api",
                    };
                    let files = emit_crate(&[input], &CrateOptions::new(member.as_str(), "0.1.0"))
                        .unwrap_or_else(|err| panic!("{name}: emission failed: {err}"));
                    write_crate(&workspace.join(&member), &files);
                    Outcome::Generated(member)
                }
                (expect, Ok(_)) => panic!("{name}: expected {expect:?}, but it lowered"),
                (expect, Err(err)) => panic!("{name}: expected {expect:?}, got {err}"),
            };
            (name, outcome)
        })
        .collect()
}

fn write_crate(dir: &Path, files: &CrateFiles) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
}

/// Diagnostics rustc reported for one member.
#[derive(Debug, Default)]
struct Report {
    warnings: Vec<String>,
    errors: Vec<String>,
    compiled: bool,
}

/// Builds the workspace (offline first, online if that fails to resolve)
/// and sorts rustc's messages by member.
fn build(workspace: &Path, target: &Path) -> BTreeMap<String, Report> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |offline: bool| {
        let mut command = Command::new(&cargo);
        command
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .args(["build", "--workspace", "--all-targets", "--keep-going"])
            .args(["--message-format", "json"])
            .env("CARGO_TERM_COLOR", "never");
        if offline {
            command.arg("--offline");
        }
        command.output().unwrap()
    };
    let mut output = run(true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("--offline") {
        eprintln!("offline build could not resolve dependencies; retrying online");
        output = run(false);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut reports: BTreeMap<String, Report> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(member) = message["manifest_path"]
            .as_str()
            .and_then(|path| member_of(workspace, path))
        else {
            continue;
        };
        let report = reports.entry(member).or_default();
        match message["reason"].as_str() {
            Some("compiler-artifact") => report.compiled = true,
            Some("compiler-message") => {
                let diagnostic = &message["message"];
                let text = diagnostic["rendered"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                // The library and its test harness report the same warning twice.
                let list = match diagnostic["level"].as_str() {
                    Some("warning") => &mut report.warnings,
                    Some("error") => &mut report.errors,
                    _ => continue,
                };
                if !list.contains(&text) {
                    list.push(text);
                }
            }
            _ => {}
        }
    }
    if !output.status.success() && reports.values().all(|r| r.errors.is_empty()) {
        panic!("cargo build failed before compiling the crates:\n{stderr}");
    }
    reports
}

/// The member directory a manifest path belongs to.
fn member_of(workspace: &Path, manifest: &str) -> Option<String> {
    let relative = Path::new(manifest).strip_prefix(workspace).ok()?;
    Some(
        relative
            .components()
            .next()?
            .as_os_str()
            .to_str()?
            .to_string(),
    )
}

#[test]
#[ignore = "slow: compiles every catalogue crate; run with --ignored"]
fn every_generated_hostile_crate_compiles_without_warnings() {
    let root = repo_root();
    let workspace = root.join("target/hostile-workspace");
    let target = root.join("target/hostile-target");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).unwrap();
    }
    std::fs::create_dir_all(&workspace).unwrap();

    // Deep folder trees recurse: generate on a thread with a main thread's stack.
    let outcomes = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn({
            let workspace = workspace.clone();
            move || generate_all(&workspace)
        })
        .unwrap()
        .join()
        .expect("every catalogue entry generated without panicking");

    let members: Vec<String> = outcomes
        .iter()
        .filter_map(|(_, outcome)| match outcome {
            Outcome::Generated(member) => Some(format!("{member:?}")),
            Outcome::Refused(_) => None,
        })
        .collect();
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    // The repository's lock file pins the versions its own client builds with.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let reports = build(&workspace, &target);

    let mut table = String::new();
    let mut failures = Vec::new();
    for (name, outcome) in &outcomes {
        let verdict = match outcome {
            Outcome::Refused(code) => format!("refused ({code})"),
            Outcome::Generated(member) => {
                let report = reports.get(member);
                let (warnings, errors, compiled) = report.map_or((0, 0, false), |r| {
                    (r.warnings.len(), r.errors.len(), r.compiled)
                });
                if errors > 0 || warnings > 0 || !compiled {
                    failures.push((name, member, report));
                }
                match (compiled, errors, warnings) {
                    (true, 0, 0) => format!("generates, compiles without warnings ({member})"),
                    (true, 0, n) => format!("generates, compiles with {n} warning(s) ({member})"),
                    (_, n, _) => format!("generates, does not compile: {n} error(s) ({member})"),
                }
            }
        };
        writeln!(table, "{name:<62} {verdict}").unwrap();
    }
    println!("{table}");
    if !failures.is_empty() {
        let mut details = String::new();
        for (name, member, report) in failures {
            writeln!(details, "=== {name} ({member})").unwrap();
            if let Some(report) = report {
                for text in report.errors.iter().chain(&report.warnings) {
                    writeln!(details, "{text}").unwrap();
                }
            }
        }
        panic!("some catalogue crates do not compile cleanly:\n{table}\n{details}");
    }
}
