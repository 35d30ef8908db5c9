//! `cargo xtask conformance COLLECTION...`: runs each collection through
//! Postman's own runtime (newman, via `../shared/oracle/oracle.sh`) and through
//! the generated client (the replay harness), both against the capturing proxy,
//! and compares the two captures item by item with the oracle's `compare.py`.
//!
//! Fails on any mismatch. newman comes from `oracle/package.json` (pinned,
//! installed with `npm ci` when missing).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{display_path, project_root, replay, Failure};

/// Arguments of `cargo xtask conformance`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Collections to check.
    #[arg(required = true)]
    pub(crate) collections: Vec<PathBuf>,
}

/// The result for one collection.
#[derive(Debug)]
pub(crate) struct Outcome {
    pub(crate) collection: PathBuf,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let mut outcomes = Vec::new();
    for collection in &args.collections {
        outcomes.push(check(collection)?);
    }
    println!("{:<60} {:>7} {:>7}", "collection", "passed", "failed");
    for outcome in &outcomes {
        println!(
            "{:<60} {:>7} {:>7}",
            display_path(&outcome.collection),
            outcome.passed,
            outcome.failed
        );
    }
    let passed: usize = outcomes.iter().map(|o| o.passed).sum();
    let failed: usize = outcomes.iter().map(|o| o.failed).sum();
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        return Err(Failure(format!(
            "{failed} requests differ from what newman sends"
        )));
    }
    Ok(())
}

/// The oracle scripts, read from `../shared` (never copied into the project).
pub(crate) fn oracle_dir() -> PathBuf {
    project_root().join("../shared/oracle")
}

/// Runs both sides for one collection.
pub(crate) fn check(collection: &Path) -> Result<Outcome, Failure> {
    let collection = collection
        .canonicalize()
        .map_err(|err| Failure(format!("{}: {err}", collection.display())))?;
    let stem = collection
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let work = project_root().join("target/conformance").join(&stem);
    let oracle_out = work.join("oracle");
    let client_out = work.join("client");
    std::fs::create_dir_all(&client_out)?;

    // Postman's side.
    let newman = newman()?;
    let status = Command::new("bash")
        .arg(oracle_dir().join("oracle.sh"))
        .arg(&collection)
        .arg(&oracle_out)
        .env("NEWMAN", &newman)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(Failure(format!(
            "oracle.sh failed for {}",
            collection.display()
        )));
    }

    // The generated client's side, through a capture server of its own.
    let harness = replay::build(&collection)?;
    let capture = client_out.join("capture.jsonl");
    let ready = client_out.join("ready");
    let _ = std::fs::remove_file(&capture);
    let _ = std::fs::remove_file(&ready);
    let mut server = Command::new("python3")
        .arg(oracle_dir().join("capture_server.py"))
        .arg("0")
        .arg(&capture)
        .args(["--max-seconds", "600", "--ready-file"])
        .arg(&ready)
        .stderr(Stdio::null())
        .spawn()?;
    let port = wait_for_port(&ready)?;
    let vars = oracle_out.join("variables.json");
    let harness_status = Command::new(&harness.binary)
        .env(
            "REPLAY_COLLECTION_DIR",
            collection.parent().unwrap_or(Path::new(".")),
        )
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(&vars)
        .status();
    // SIGTERM lets the capture server flush and exit.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(server.id().to_string())
        .status();
    let _ = server.wait();
    let harness_status = harness_status?;
    if !harness_status.success() {
        eprintln!(
            "note: the harness reported requests it could not send for {}",
            display_path(&collection)
        );
    }

    let client_requests = client_out.join("requests.jsonl");
    let status = Command::new("python3")
        .arg(oracle_dir().join("normalize.py"))
        .arg(&capture)
        .arg("-o")
        .arg(&client_requests)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(Failure(
            "normalize.py failed on the client's capture".into(),
        ));
    }
    let compared = Command::new("python3")
        .arg(oracle_dir().join("compare.py"))
        .arg(oracle_out.join("requests.jsonl"))
        .arg(&client_requests)
        .output()?;
    let report = String::from_utf8_lossy(&compared.stdout).into_owned();
    let (passed, failed) = parse_summary(&report)
        .ok_or_else(|| Failure(format!("compare.py printed no summary:\n{report}")))?;
    let failed = failed + harness.skipped.len();
    if failed > 0 {
        print!("{report}");
        for (item, reason) in &harness.skipped {
            println!("skipped: {item}: {reason}");
        }
    }
    Ok(Outcome {
        collection,
        passed,
        failed,
    })
}

/// The pinned newman, installed from `oracle/package-lock.json` when missing.
fn newman() -> Result<PathBuf, Failure> {
    let dir = project_root().join("oracle");
    let bin = dir.join("node_modules/.bin/newman");
    if !bin.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .status()
            .map_err(|err| Failure(format!("cannot run npm to install newman: {err}")))?;
        if !status.success() || !bin.exists() {
            return Err(Failure("npm ci in oracle/ failed".into()));
        }
    }
    Ok(bin)
}

fn wait_for_port(ready: &Path) -> Result<u16, Failure> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Ok(text) = std::fs::read_to_string(ready) {
            if let Ok(port) = text.trim().parse() {
                return Ok(port);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(Failure("the capture server did not start".into()))
}

/// Reads compare.py's last line, `N passed, M failed`.
fn parse_summary(report: &str) -> Option<(usize, usize)> {
    let line = report.lines().rev().find(|l| l.contains(" passed, "))?;
    let mut numbers = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse);
    Some((numbers.next()?.ok()?, numbers.next()?.ok()?))
}

/// Corpus collections checked on every test run, chosen from
/// `../shared/corpus/MANIFEST.tsv` so that together with `collections/` they
/// cover every body mode and every auth
/// kind the client implements, at request and collection level.
#[cfg(test)]
pub(crate) const CORPUS_SELECTION: &[&str] = &[
    "files/k6-t2-apikey.json",                 // apikey auth, raw body
    "files/k6-t2-basic.json",                  // basic auth, v2.0 map shape
    "files/k6-t2-bearer.json",                 // bearer auth
    "files/k6-t2-oauth2-header.json",          // oauth2 with an existing token
    "files/k6-t2-body-form.json",              // formdata
    "files/k6-t2-body-url.json",               // urlencoded
    "files/k6-t21-upload.json",                // formdata with a file part
    "files/k6-t21-graphql-body-var.json",      // graphql with text variables
    "files/graphql-19balazs86.json",           // graphql queries
    "files/k6-v2-httpbin.json",                // every form mode, v2.0
    "files/newman-multiple-form-values.json",  // repeated form keys
    "files/autodesk-model-derivative-03.json", // file bodies, {{var}} path segments
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs newman and the generated client for `collections/` and the corpus
    /// selection; every request must match. Needs `../shared`, python3, node,
    /// and newman (or npm to install it): when one is missing the test is
    /// skipped with a notice on stderr, unless `POSTMAN_CODEGEN_ORACLE=require`
    /// (set by `.ci/run`), which makes a missing tool a failure.
    #[test]
    fn generated_clients_send_what_newman_sends() {
        let corpus = project_root().join("../shared/corpus");
        if let Some(missing) = missing_oracle_tools(&corpus) {
            let required = std::env::var("POSTMAN_CODEGEN_ORACLE").is_ok_and(|v| v == "require");
            assert!(
                !required,
                "POSTMAN_CODEGEN_ORACLE=require, but {missing} missing"
            );
            notice(&format!(
                "notice: conformance test against newman skipped: {missing} missing \
                 (see README, \"Tests that need node and python\")"
            ));
            return;
        }
        let mut collections: Vec<PathBuf> = std::fs::read_dir(project_root().join("collections"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
            .collect();
        collections.sort();
        collections.extend(CORPUS_SELECTION.iter().map(|file| corpus.join(file)));
        let mut failures = Vec::new();
        for collection in &collections {
            let outcome = check(collection)
                .unwrap_or_else(|err| panic!("{}: {}", collection.display(), err.0));
            // Progress on the real stderr: the whole run takes minutes.
            notice(&format!(
                "conformance: {:<50} {} passed, {} failed",
                display_path(collection),
                outcome.passed,
                outcome.failed
            ));
            if outcome.failed > 0 || outcome.passed == 0 {
                failures.push(display_path(collection));
            }
        }
        assert!(
            failures.is_empty(),
            "requests differ from newman's for {failures:?}"
        );
    }

    /// What the conformance test needs and is not here (`node is`, `node and
    /// python3 are`), or `None`.
    fn missing_oracle_tools(corpus: &Path) -> Option<String> {
        if !oracle_dir().is_dir() || !corpus.is_dir() {
            return Some("../shared (the oracle and the corpus)".to_string());
        }
        let runs = |tool: &str| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let newman_installed = project_root()
            .join("oracle/node_modules/.bin/newman")
            .exists();
        let mut missing: Vec<&str> = ["python3", "node"]
            .into_iter()
            .filter(|tool| !runs(tool))
            .collect();
        if !newman_installed && !runs("npm") {
            missing.push("npm (to install newman)");
        }
        match missing.len() {
            0 => None,
            1 => Some(format!("{} is", missing[0])),
            _ => Some(format!("{} are", missing.join(" and "))),
        }
    }

    /// Writes a line to the real stderr: libtest captures `eprintln!` of a
    /// passing test, and a skip must be seen.
    fn notice(text: &str) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    #[test]
    fn summary_line_is_read_from_the_end() {
        assert_eq!(
            parse_summary("item a: differs\n3 passed, 1 failed\n"),
            Some((3, 1))
        );
        assert_eq!(parse_summary("nothing"), None);
    }
}
