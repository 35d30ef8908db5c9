//! Maintainer tasks, run as `cargo xtask <command>` (the alias lives in
//! `.cargo/config.toml`). Only cargo and rustc are needed.
//!
//! * `cargo xtask codegen [--check]` regenerates `generated-client/` from
//!   `collections/*.postman_collection.json` and `tests/test-clients/` from
//!   `tests/collections/`, or checks that they are fresh.
//! * `cargo xtask corpus DIR [--clippy]` generates and compiles a crate for
//!   every collection in DIR and prints one row per collection.
//! * `cargo xtask synth N OUT.json` writes a synthetic collection for benchmarks.
//! * `cargo xtask bench [--quick]` measures the generator (stage by stage, peak
//!   memory) and the code it writes (lines, `cargo check`/`build` times).
//! * `cargo xtask diff OLD NEW` reports the API changes between two versions
//!   of a collection and the version bump they call for.
//! * `cargo xtask scripts-survey [DIR]` counts the script APIs the collections
//!   in DIR use (the table of `docs/scripts.md`).
//! * `cargo xtask hot-code [--check]` writes `cli/hot-code.txt`, the
//!   functions of the release CLI that `generate` executes, for the linker
//!   (`cli/build.rs`; needs valgrind), or checks it against the release CLI
//!   (needs `nm`).
//!
//! Each command is a module with an `Args` struct and a `run` function; new
//! commands (diff, replay, bench, synth) slot into [`Command`].

mod bench;
mod bench_memory;
mod bench_peer;
mod codegen;
mod conformance;
mod corpus;
mod diff;
mod hot_code;
#[cfg(test)]
mod import_cycles;
mod per_run;
mod replay;
mod scripts_survey;
mod synth;
#[cfg(test)]
mod tidy;
#[cfg(test)]
mod wire_rules;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Maintainer tasks for postman-codegen.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate `generated-client/` from `collections/` and
    /// `tests/test-clients/` from `tests/collections/` (or check they are fresh).
    Codegen(codegen::Args),
    /// Generate and compile a crate for every collection in a directory.
    Corpus(corpus::Args),
    /// Write a deterministic synthetic collection of N requests.
    Synth(synth::Args),
    /// Call every operation of a collection's generated client once, through a proxy.
    Replay(replay::Args),
    /// Compare what the generated client sends with what newman sends, item by item.
    Conformance(conformance::Args),
    /// Measure the generator and the code it writes; print a table of medians.
    Bench(bench::Args),
    /// One measurement of `bench`, in its own process (used by `bench`).
    #[command(hide = true)]
    BenchWorker(bench::WorkerArgs),
    /// Compare two versions of a collection: API changes and the suggested bump.
    Diff(diff::Args),
    /// Count the script APIs (`pm.*`, legacy globals, `require`) the collections in a directory use.
    ScriptsSurvey(scripts_survey::Args),
    /// Write `cli/hot-code.txt`: the release CLI's functions `generate` executes (callgrind).
    HotCode(hot_code::Args),
}

/// A failed task: the message to print. Exit code 1.
#[derive(Debug)]
pub(crate) struct Failure(pub(crate) String);

impl<T: std::fmt::Display> From<T> for Failure {
    fn from(value: T) -> Self {
        Failure(value.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Corpus(args) => corpus::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Conformance(args) => conformance::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::BenchWorker(args) => bench::worker(&args),
        Command::Diff(args) => diff::run(&args),
        Command::ScriptsSurvey(args) => scripts_survey::run(&args),
        Command::HotCode(args) => hot_code::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the directory holding `xtask/`).
pub(crate) fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// `path` relative to the workspace root when it is inside it, for messages.
pub(crate) fn display_path(path: &Path) -> String {
    let root = project_root();
    let shown = path.strip_prefix(&root).unwrap_or(path);
    if shown.as_os_str().is_empty() {
        ".".to_string()
    } else {
        shown.display().to_string()
    }
}
