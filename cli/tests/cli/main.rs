//! The `postman-codegen` binary, run as a user would, in one test binary:
//! `basics` (exit codes, messages on bad input, `inspect` and `generate`),
//! `manners` (how it treats the user's files and terminal), `newcomer` (the
//! first-run path: help, errors that say what to do) and `diff` (the API
//! diff, through the library and the command).

mod basics;
mod diff;
mod manners;
mod newcomer;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_postman-codegen");

/// What a run of the binary produced.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Runs `command` (the binary, set up by the caller) to its end.
    fn of(command: &mut Command) -> Run {
        let output = command.output().expect("the binary runs");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs the binary from the workspace root, as the README's commands do.
fn run(args: &[&str]) -> Run {
    Run::of(Command::new(BIN).args(args).current_dir(workspace_root()))
}

/// The workspace's root directory.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI is in the workspace")
        .to_path_buf()
}
