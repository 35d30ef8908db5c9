//! Command-line parsing and dispatch.
//!
//! Exit codes ([`EXIT_CODES`]): 0 on success (warnings included), 1 when an
//! input cannot be turned into a crate or the output cannot be written, 2 for
//! usage errors (clap's own code), 3 when `generate --deny-warnings` wrote a
//! crate with warnings. Nothing here panics on bad input; output goes through
//! [`Output`] so a closed pipe (`| head`) is not a panic either.

mod diff;
mod generate;
mod inspect;
mod render;
mod style;
mod vars;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The end of `--help`.
const EXIT_CODES: &str = "\
Examples:
  postman-codegen inspect collections/zoom-registrants.postman_collection.json
  postman-codegen generate collections/zoom-registrants.postman_collection.json --out zoom-client

Exit codes:
  0  success (warnings included)
  1  an input could not be read or turned into a crate, or the output not written
  2  usage error (unknown option, missing argument)
  3  generate --deny-warnings: the crate was written, with warnings";

/// Generate typed Rust API clients from Postman collections.
#[derive(Debug, Parser)]
#[command(name = "postman-codegen", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show what the generator understands of a collection: operations,
    /// inferred types and diagnostics.
    Inspect(inspect::Args),
    /// Generate a client crate from one or more collections.
    Generate(Box<generate::Args>),
    /// Compare two versions of a collection: what changes for users of the
    /// generated crate, breaking or not, and the suggested version bump.
    Diff(diff::Args),
}

/// Parses the process arguments and runs the command.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = Output::default();
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(&args, &mut out),
        Command::Generate(args) => generate::run(&args, &mut out),
        Command::Diff(args) => diff::run(&args, &mut out),
    };
    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            out.err(&failure.message);
            failure.code
        }
    };
    out.flush();
    code
}

/// A command failure: what to print on stderr and the exit code.
#[derive(Debug)]
pub(crate) struct Failure {
    message: String,
    code: ExitCode,
}

impl Failure {
    /// Exit code 1: an input could not be processed or the output not written.
    pub(crate) fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: ExitCode::from(1),
        }
    }

    /// Exit code 3: the crate was written, with warnings, and they are denied.
    pub(crate) fn warnings_denied(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: ExitCode::from(3),
        }
    }
}

/// Buffered stdout and stderr, written at the end (and when stderr text is
/// added, so messages keep their order relative to each other).
#[derive(Debug, Default)]
pub(crate) struct Output {
    stdout: String,
}

impl Output {
    /// Appends text to stdout (no newline added).
    pub(crate) fn out(&mut self, text: &str) {
        self.stdout.push_str(text);
    }

    /// Writes stdout so far, then `text` (plus a newline) to stderr.
    pub(crate) fn err(&mut self, text: &str) {
        self.flush();
        let mut stderr = io::stderr().lock();
        let _ = stderr.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = stderr.write_all(b"\n");
        }
    }

    /// Writes pending stdout, ignoring a closed pipe.
    pub(crate) fn flush(&mut self) {
        let mut stdout = io::stdout().lock();
        let _ = stdout.write_all(self.stdout.as_bytes());
        let _ = stdout.flush();
        self.stdout.clear();
    }
}

/// Reads a collection file, or fails with exit code 1.
pub(crate) fn read_input(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|err| Failure::input(format!("error: cannot read `{}`: {err}", path.display())))
}

/// `1 file`, `2 files`.
pub(crate) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
