//! `cargo xtask bench --peer-only` (and the last table of `cargo xtask
//! bench`): `generate` side by side with postman2openapi, a bare converter
//! from Postman collections to OpenAPI, on the same inputs in one run.
//!
//! * Both tools run as whole child processes, timed by this process from
//!   spawn to exit: ours is the command users run, the release build's
//!   `postman-codegen generate INPUT --out DIR` (read, generate, write the
//!   crate; with the allocator the CLI sets, which the library does not),
//!   or `xtask bench-worker generate` when the CLI is not built, the peer is
//!   `postman2openapi -f json INPUT` with its output written to a file. Each
//!   pays its own process start, read and write (the crate's directory is
//!   removed before each run, so the crate is written afresh).
//! * Runs alternate (ours, peer, ours, peer, ...) so that a change in the
//!   machine's load touches both columns alike; the table shows medians.
//! * Peak memory is the child's maximum resident set size as the kernel
//!   counts it for `wait4` (read through GNU time's `%M`, the same wrapper
//!   around both tools), as a multiple of the input's size.
//! * The peer is optional: when it is not installed the table says how to
//!   install it (into a scratch directory; its code is never part of this
//!   repository).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{display_path, Failure};

/// The peer's crate and the version the figures were measured with.
const PEER_INSTALL: &str =
    "cargo install postman2openapi-cli --version 1.2.1 --root /tmp/p2o   # then --peer /tmp/p2o/bin/postman2openapi";

/// The real collections of the comparison, from `../shared/corpus/files/`.
const CORPUS_INPUTS: &[&str] = &["stripe-api", "p2o-github", "zoom-api-baruamrinal"];

/// GNU time, which reports a child's peak resident memory.
const GNU_TIME: &str = "/usr/bin/time";

/// One input of the comparison.
pub(crate) struct PeerInput {
    pub(crate) label: String,
    pub(crate) path: PathBuf,
}

/// The inputs the issue names: the 7.1 MB collection of
/// `../shared/bench/synth.py 1000` (written when Python is there), the
/// `cargo xtask synth 1000` collection, and three large real collections.
pub(crate) fn inputs(root: &Path, synth_1000: &Path) -> Vec<PeerInput> {
    let mut inputs = Vec::new();
    let script = root.join("../shared/bench/synth.py");
    let synthpy = root.join("target/synth/synthpy-1000.json");
    if !synthpy.is_file() && script.is_file() {
        eprintln!("writing {}", display_path(&synthpy));
        let written = Command::new("python3")
            .arg(&script)
            .arg("1000")
            .arg("-o")
            .arg(&synthpy)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !written {
            eprintln!(
                "notice: python3 {} failed; that input is skipped",
                display_path(&script)
            );
        }
    }
    if synthpy.is_file() {
        inputs.push(PeerInput {
            label: "synth.py 1000".into(),
            path: synthpy,
        });
    }
    inputs.push(PeerInput {
        label: "xtask synth 1000".into(),
        path: synth_1000.to_path_buf(),
    });
    for name in CORPUS_INPUTS {
        let path = root.join(format!("../shared/corpus/files/{name}.json"));
        if path.is_file() {
            inputs.push(PeerInput {
                label: format!("corpus/{name}"),
                path,
            });
        } else {
            eprintln!("notice: {} is absent; skipped", display_path(&path));
        }
    }
    inputs
}

/// The peer's binary: `--peer`, else `$POSTMAN2OPENAPI`, else
/// `postman2openapi` on `PATH`.
pub(crate) fn find_peer(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(path) = explicit {
        return path.is_file().then(|| path.to_path_buf());
    }
    if let Some(path) = std::env::var_os("POSTMAN2OPENAPI") {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("postman2openapi"))
        .find(|path| path.is_file())
}

/// What one child process took.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChildRun {
    pub(crate) seconds: f64,
    /// User plus system CPU time in seconds, when GNU time is there to read it.
    pub(crate) cpu: Option<f64>,
    /// Peak resident set size in KiB, when GNU time is there to read it.
    pub(crate) peak_kb: Option<u64>,
}

/// Runs `program args...` to completion, stdout to `stdout_to` (or
/// nowhere), timing it from spawn to exit and reading its peak memory.
pub(crate) fn run_child(
    program: &Path,
    args: &[&std::ffi::OsStr],
    stdout_to: Option<&Path>,
    scratch: &Path,
) -> Result<ChildRun, Failure> {
    let rusage_file = scratch.join("rusage.txt");
    let wrapped = Path::new(GNU_TIME).is_file();
    let mut command = if wrapped {
        let mut command = Command::new(GNU_TIME);
        command
            .arg("-f")
            .arg("%M %U %S")
            .arg("-o")
            .arg(&rusage_file)
            .arg(program);
        command
    } else {
        Command::new(program)
    };
    command.args(args).stderr(Stdio::piped());
    command.stdout(match stdout_to {
        Some(path) => Stdio::from(fs::File::create(path)?),
        None => Stdio::null(),
    });
    let start = Instant::now();
    let output = command.output()?;
    let seconds = start.elapsed().as_secs_f64();
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("");
        return Err(Failure(format!(
            "{} failed ({}): {first}",
            file_name(program),
            output.status
        )));
    }
    let (peak_kb, cpu) = if wrapped {
        let text = fs::read_to_string(&rusage_file).unwrap_or_default();
        let fields: Vec<&str> = text
            .lines()
            .last()
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let number = |index: usize| {
            fields
                .get(index)
                .and_then(|field| field.parse::<f64>().ok())
        };
        let cpu = number(1).zip(number(2)).map(|(user, system)| user + system);
        (number(0).map(|kb| kb as u64), cpu)
    } else {
        (None, None)
    };
    Ok(ChildRun {
        seconds,
        cpu,
        peak_kb,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Medians of one tool's runs on one input.
#[derive(Debug, Clone, Copy)]
struct Summary {
    seconds: f64,
    cpu: Option<f64>,
    peak_kb: Option<u64>,
}

/// One input's results for both tools.
struct PeerRow {
    label: String,
    bytes: u64,
    ours: Result<Summary, String>,
    peer: Result<Summary, String>,
}

/// Runs both tools `runs` times on every input, alternating, and returns the
/// table (or the line saying the peer is missing).
pub(crate) fn compare(
    worker: &Path,
    peer: Option<&Path>,
    inputs: &[PeerInput],
    runs: usize,
    scratch: &Path,
) -> Result<String, Failure> {
    let mut text = String::new();
    let Some(peer) = peer else {
        let _ = writeln!(
            text,
            "\nbeside postman2openapi: peer not installed; to install it: {PEER_INSTALL}"
        );
        return Ok(text);
    };
    fs::create_dir_all(scratch)?;
    let crate_dir = scratch.join("crate");
    let peer_out = scratch.join("openapi.json");
    let load_before = crate::bench::load_average();
    // The CLI beside the worker in the same target directory, when built.
    let cli = worker.with_file_name(format!("postman-codegen{}", std::env::consts::EXE_SUFFIX));
    let (ours_program, ours_prefix): (&Path, &[&str]) = match cli.is_file() {
        true => (&cli, &["generate"]),
        false => (worker, &["bench-worker", "generate"]),
    };
    eprintln!("ours: {}", display_path(ours_program));
    let mut rows = Vec::new();
    for input in inputs {
        eprintln!("{} beside postman2openapi: {runs} runs each", input.label);
        let bytes = fs::metadata(&input.path)?.len();
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        let mut ours_failed = None;
        let mut peer_failed = None;
        for _ in 0..runs {
            if ours_failed.is_none() {
                // Written afresh each run, as the peer writes its file.
                let _ = fs::remove_dir_all(&crate_dir);
                let args: Vec<&std::ffi::OsStr> = ours_prefix
                    .iter()
                    .map(|arg| arg.as_ref())
                    .chain([
                        input.path.as_os_str(),
                        "--out".as_ref(),
                        crate_dir.as_os_str(),
                    ])
                    .collect();
                match run_child(ours_program, &args, None, scratch) {
                    Ok(run) => ours.push(run),
                    Err(Failure(message)) => ours_failed = Some(message),
                }
            }
            if peer_failed.is_none() {
                let args = ["-f".as_ref(), "json".as_ref(), input.path.as_os_str()];
                match run_child(peer, &args, Some(&peer_out), scratch) {
                    Ok(run) => theirs.push(run),
                    Err(Failure(message)) => peer_failed = Some(message),
                }
            }
        }
        rows.push(PeerRow {
            label: input.label.clone(),
            bytes,
            ours: summarize(&ours, ours_failed),
            peer: summarize(&theirs, peer_failed),
        });
    }
    let _ = writeln!(
        text,
        "\nbeside postman2openapi ({}), {runs} alternating runs each; load average before: {load_before}; after: {}",
        peer.display(),
        crate::bench::load_average()
    );
    text.push_str(&table(&rows));
    Ok(text)
}

fn summarize(runs: &[ChildRun], failed: Option<String>) -> Result<Summary, String> {
    if let Some(message) = failed {
        return Err(message);
    }
    let mut seconds: Vec<f64> = runs.iter().map(|run| run.seconds).collect();
    let mut cpu: Vec<f64> = runs.iter().filter_map(|run| run.cpu).collect();
    Ok(Summary {
        seconds: crate::bench::median(&mut seconds),
        cpu: (!cpu.is_empty()).then(|| crate::bench::median(&mut cpu)),
        peak_kb: runs.iter().filter_map(|run| run.peak_kb).max(),
    })
}

fn table(rows: &[PeerRow]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<28} {:>6} | {:>8} {:>7} {:>6} | {:>7} {:>7} {:>6} | {:>7} {:>6} {:>7} {:>6}",
        "input",
        "MB",
        "generate",
        "p2o",
        "ratio",
        "gen cpu",
        "p2o cpu",
        "ratio",
        "gen MB",
        "×input",
        "p2o MB",
        "×input"
    );
    let seconds = |result: &Result<Summary, String>| match result {
        Ok(summary) => format!("{:.3}", summary.seconds),
        Err(_) => "failed".to_string(),
    };
    let cpu = |result: &Result<Summary, String>| match result {
        Ok(Summary { cpu: Some(cpu), .. }) => format!("{cpu:.2}"),
        Ok(_) => "?".to_string(),
        Err(_) => "failed".to_string(),
    };
    for row in rows {
        let mb = row.bytes as f64 / 1e6;
        let memory = |result: &Result<Summary, String>| match result {
            Ok(Summary {
                peak_kb: Some(kb), ..
            }) => {
                let peak = *kb as f64 * 1024.0 / 1e6;
                (format!("{peak:.1}"), format!("{:.1}", peak / mb))
            }
            _ => ("?".to_string(), "?".to_string()),
        };
        let (wall_ratio, cpu_ratio) = match (&row.ours, &row.peer) {
            (Ok(ours), Ok(peer)) => (
                format!("{:.2}", ours.seconds / peer.seconds),
                match (ours.cpu, peer.cpu) {
                    (Some(ours), Some(peer)) if peer > 0.0 => format!("{:.2}", ours / peer),
                    _ => "-".to_string(),
                },
            ),
            _ => ("-".to_string(), "-".to_string()),
        };
        let (ours_mb, ours_x) = memory(&row.ours);
        let (peer_mb, peer_x) = memory(&row.peer);
        let _ = writeln!(
            text,
            "{:<28} {:>6.2} | {:>8} {:>7} {:>6} | {:>7} {:>7} {:>6} | {:>7} {:>6} {:>7} {:>6}",
            row.label,
            mb,
            seconds(&row.ours),
            seconds(&row.peer),
            wall_ratio,
            cpu(&row.ours),
            cpu(&row.peer),
            cpu_ratio,
            ours_mb,
            ours_x,
            peer_mb,
            peer_x
        );
        for (who, result) in [("generate", &row.ours), ("postman2openapi", &row.peer)] {
            if let Err(message) = result {
                let _ = writeln!(text, "  {who} failed on {}: {message}", row.label);
            }
        }
    }
    text.push_str(
        "medians; each tool a whole child process (start, read, convert, write): wall seconds \
         and their ratio (generate / postman2openapi), CPU seconds (user + system, all threads) \
         and their ratio; MB: the largest peak resident memory of the runs\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_is_timed_and_its_output_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.txt");
        let run = run_child(
            Path::new("/bin/sh"),
            &["-c".as_ref(), "echo converted".as_ref()],
            Some(&out),
            dir.path(),
        )
        .unwrap();
        assert!(run.seconds > 0.0);
        assert_eq!(fs::read_to_string(&out).unwrap(), "converted\n");
        if Path::new(GNU_TIME).is_file() {
            assert!(run.peak_kb.is_some_and(|kb| kb > 0));
        }
    }

    #[test]
    fn a_failing_child_is_reported_with_its_first_error_line() {
        let dir = tempfile::tempdir().unwrap();
        let Err(Failure(message)) = run_child(
            Path::new("/bin/sh"),
            &["-c".as_ref(), "echo 'no such file' >&2; exit 3".as_ref()],
            None,
            dir.path(),
        ) else {
            panic!("a failing child must be an error");
        };
        assert!(message.contains("no such file"), "{message}");
    }

    #[test]
    fn a_missing_peer_says_how_to_install_it() {
        let dir = tempfile::tempdir().unwrap();
        let text = compare(Path::new("/bin/true"), None, &[], 1, dir.path()).unwrap();
        assert!(text.contains("peer not installed"), "{text}");
        assert!(text.contains("cargo install postman2openapi-cli"), "{text}");
        assert!(find_peer(Some(&dir.path().join("absent"))).is_none());
    }

    #[test]
    fn the_ratio_is_ours_over_the_peers() {
        let rows = [PeerRow {
            label: "x".into(),
            bytes: 2_000_000,
            ours: Ok(Summary {
                seconds: 0.6,
                cpu: Some(0.9),
                peak_kb: Some(10_000),
            }),
            peer: Ok(Summary {
                seconds: 0.3,
                cpu: Some(0.3),
                peak_kb: None,
            }),
        }];
        let text = table(&rows);
        let line = text.lines().nth(1).unwrap();
        // wall 0.6 / 0.3, CPU 0.9 / 0.3, 10,000 KiB = 10.24 MB = 5.1x of 2 MB
        assert!(line.contains(" 2.00 "), "{line}");
        assert!(line.contains(" 3.00 "), "{line}");
        assert!(line.contains(" 10.2 "), "{line}");
        assert!(line.contains(" 5.1 "), "{line}");
    }
}
