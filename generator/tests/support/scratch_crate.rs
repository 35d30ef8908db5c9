//! What the tests that compile a generated client and run it share
//! (`pagination_walk.rs`, `readme_hook.rs`, `corpus_loopback.rs`): the
//! repository root, and running cargo in a scratch workspace under `target/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the workspace of this package).
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// `cargo ARGS` in `workspace`, building into `target` with `envs` set:
/// offline first (the dependencies are the workspace's own, normally cached),
/// and once more online when offline resolution is what failed.
pub fn cargo_offline_first(
    workspace: &Path,
    target: &Path,
    envs: &[(&str, &str)],
    args: &[&str],
) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |offline: bool| {
        let mut command = Command::new(&cargo);
        command
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .envs(envs.iter().copied());
        if offline {
            command.arg("--offline");
        }
        command
            .args(args)
            .output()
            .unwrap_or_else(|err| panic!("cannot run {cargo}: {err}"))
    };
    let output = run(true);
    if !output.status.success() && String::from_utf8_lossy(&output.stderr).contains("--offline") {
        return run(false);
    }
    output
}
