//! `cargo xtask corpus DIR [--clippy]`: the proving ground. Generates a crate
//! for every `*.json` in DIR, compiles them all in one cargo workspace, and
//! prints one row per collection, then `N passed, M failed`.
//!
//! * A collection that cannot be generated (or panics the generator) is a
//!   failed row with the diagnostic; the others still run.
//! * The crates go into `target/corpus-workspace/crates/<name>/`, updated in
//!   place so unchanged crates are not rebuilt, with the shared target
//!   directory `target/corpus-target/`: reruns only rebuild what changed. The
//!   workspace's `Cargo.lock` starts as a copy of the repository's, so the
//!   dependency versions are the ones the project tests with.
//! * One `cargo build` (or `cargo clippy --all-targets -- -D warnings`) runs
//!   with `--keep-going` and `--message-format json`, and every message is
//!   attributed to its crate by manifest path, so one broken crate does not
//!   hide the others. A crate whose manifest breaks the whole workspace is
//!   taken out, marked failed, and the build is retried without it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use postman_codegen::unstable::generate::{
    generate_crate, kebab_package_name, GenerateOptions, Generated, Source,
};
use postman_codegen::unstable::output::sync_dir;
use serde_json::Value;

use crate::{display_path, project_root, Failure};

/// Arguments of `corpus`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory of collections (`*.json`, not recursive).
    dir: PathBuf,
    /// Run `cargo clippy --all-targets -- -D warnings` instead of `cargo build`.
    #[arg(long)]
    clippy: bool,
}

/// The stack size generation runs with: the main thread's usual size, so the
/// corpus sees what the CLI would.
const GENERATION_STACK: usize = 8 * 1024 * 1024;

/// One collection's outcome.
#[derive(Debug)]
struct Row {
    file: String,
    requests: Option<usize>,
    operations: Option<usize>,
    types: Option<usize>,
    generation: Duration,
    /// The package name, once generated.
    crate_name: Option<String>,
    compile: Compile,
}

/// How far a collection got.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Compile {
    /// Generation failed or panicked: the first diagnostic.
    NotGenerated(String),
    /// Generated; not built yet.
    Pending,
    /// Built: warnings, and the first error if any.
    Built {
        warnings: usize,
        error: Option<String>,
    },
    /// Cargo could not build it for another reason (broken manifest, ...).
    CargoFailed(String),
}

impl Row {
    fn passed(&self) -> bool {
        matches!(self.compile, Compile::Built { error: None, .. })
    }
}

/// Runs `corpus`.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let files = json_files(&args.dir)?;
    let root = project_root();
    let workspace = root.join("target/corpus-workspace");
    let target_dir = root.join("target/corpus-target");
    fs::create_dir_all(workspace.join("crates"))?;
    let workspace = workspace.canonicalize()?;

    eprintln!(
        "generating {} collections from {}",
        files.len(),
        display_path(&args.dir)
    );
    let mut rows = Vec::with_capacity(files.len());
    let mut crates = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for path in &files {
        let name = unique_crate_name(path, &mut taken);
        let (mut row, generated) = generate_one(path, &name);
        if let Some(generated) = generated {
            let dir = workspace.join("crates").join(&name);
            match sync_dir(&dir, &generated.files, true) {
                Ok(_) => {
                    row.crate_name = Some(name.clone());
                    crates.insert(name, rows.len());
                }
                Err(err) => row.compile = Compile::NotGenerated(format!("cannot write: {err}")),
            }
        }
        rows.push(row);
    }
    remove_old_crates(&workspace.join("crates"), &crates)?;

    if !crates.is_empty() {
        build(
            &workspace,
            &target_dir,
            &root,
            args.clippy,
            &crates,
            &mut rows,
        )?;
    }

    print_table(&rows);
    let passed = rows.iter().filter(|row| row.passed()).count();
    let failed = rows.len() - passed;
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        Err(Failure(format!(
            "{failed} of {} collections failed",
            rows.len()
        )))
    } else {
        Ok(())
    }
}

/// Every `*.json` file in `dir`, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = fs::read_dir(dir)
        .map_err(|err| Failure(format!("cannot read `{}`: {err}", dir.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Failure(format!("no `*.json` files in `{}`", dir.display())));
    }
    Ok(files)
}

/// The panic message of the last generation that panicked.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Generates one collection's crate (named `crate_name`) on its own thread, so a panic becomes a
/// failed row instead of ending the run.
fn generate_one(path: &Path, crate_name: &str) -> (Row, Option<Generated>) {
    let file = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut row = Row {
        file: file.clone(),
        requests: None,
        operations: None,
        types: None,
        generation: Duration::ZERO,
        crate_name: None,
        compile: Compile::Pending,
    };
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            row.compile = Compile::NotGenerated(format!("cannot read: {err}"));
            return (row, None);
        }
    };
    row.requests = count_requests(&bytes);
    let sources = vec![Source::new(file, bytes)];
    let options = GenerateOptions {
        crate_name: Some(crate_name.to_string()),
        version: None,
        ..GenerateOptions::default()
    };

    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string().replace('\n', " "));
        }
    }));
    let start = Instant::now();
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("generate".into())
            .stack_size(GENERATION_STACK)
            .spawn_scoped(scope, || generate_crate(sources, &options))
            .map(|handle| handle.join())
    });
    row.generation = start.elapsed();
    std::panic::set_hook(previous_hook);

    match outcome {
        Err(err) => row.compile = Compile::NotGenerated(format!("cannot start a thread: {err}")),
        Ok(Err(_panic)) => {
            let message = LAST_PANIC
                .lock()
                .ok()
                .and_then(|mut last| last.take())
                .unwrap_or_else(|| "panicked".to_string());
            row.compile = Compile::NotGenerated(format!("generator {message}"));
        }
        Ok(Ok(Err(err))) => {
            row.compile = Compile::NotGenerated(one_line(&err.diagnostic().to_string()));
        }
        Ok(Ok(Ok(generated))) => {
            row.operations = generated.apis.first().map(|a| a.api.operations.len());
            row.types = generated.apis.first().map(|a| a.types.defs.len());
            return (row, Some(generated));
        }
    }
    (row, None)
}

/// Request items in the raw JSON (v2 `item` trees, or a v1 `requests` list).
fn count_requests(bytes: &[u8]) -> Option<usize> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: Value = serde_json::from_slice(bytes).ok()?;
    let doc = match doc.get("collection") {
        Some(inner) if doc.get("item").is_none() => inner,
        _ => &doc,
    };
    if let Some(items) = doc.get("item") {
        let mut count = 0;
        let mut pending = vec![items];
        while let Some(value) = pending.pop() {
            match value {
                Value::Array(items) => pending.extend(items),
                Value::Object(item) => {
                    if item.contains_key("request") {
                        count += 1;
                    }
                    if let Some(children) = item.get("item") {
                        pending.push(children);
                    }
                }
                _ => {}
            }
        }
        Some(count)
    } else {
        doc.get("requests").and_then(Value::as_array).map(Vec::len)
    }
}

/// `corpus-<file stem in kebab-case>`, unique in the run.
fn unique_crate_name(path: &Path, taken: &mut BTreeSet<String>) -> String {
    let stem = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = format!("corpus-{}", kebab_package_name(&stem));
    let name = (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base);
    taken.insert(name.clone());
    name
}

/// Deletes crate directories left from earlier runs.
fn remove_old_crates(dir: &Path, keep: &BTreeMap<String, usize>) -> Result<(), Failure> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep.contains_key(&name) {
            fs::remove_dir_all(entry.path())?;
        }
    }
    Ok(())
}

/// Builds the workspace once (again without crates that break it) and records
/// each crate's result in its row.
fn build(
    workspace: &Path,
    target_dir: &Path,
    root: &Path,
    clippy: bool,
    crates: &BTreeMap<String, usize>,
    rows: &mut [Row],
) -> Result<(), Failure> {
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() && root.join("Cargo.lock").exists() {
        fs::copy(root.join("Cargo.lock"), &lock)?;
    }
    let mut members: BTreeSet<&str> = crates.keys().map(String::as_str).collect();
    while !members.is_empty() {
        write_if_changed(&workspace.join("Cargo.toml"), &workspace_manifest(&members))?;
        eprintln!(
            "{} {} crates (target dir {})",
            if clippy { "linting" } else { "building" },
            members.len(),
            display_path(target_dir)
        );
        let outcome = run_cargo(workspace, target_dir, clippy)?;
        if outcome.finished {
            for (name, &row) in crates {
                if members.contains(name.as_str()) {
                    rows[row].compile = outcome.result_for(name);
                }
            }
            return Ok(());
        }
        // Cargo stopped before building: find the crates its error names.
        let culprits: Vec<&str> = members
            .iter()
            .copied()
            .filter(|name| outcome.stderr.contains(&format!("crates/{name}/")))
            .collect();
        let error = first_error(&outcome.stderr);
        if culprits.is_empty() {
            for name in &members {
                rows[crates[*name]].compile = Compile::CargoFailed(error.clone());
            }
            return Ok(());
        }
        for name in culprits {
            rows[crates[name]].compile = Compile::CargoFailed(error.clone());
            members.remove(name);
        }
    }
    Ok(())
}

fn workspace_manifest(members: &BTreeSet<&str>) -> String {
    let mut text = String::from(
        "# Written by `cargo xtask corpus` on every run; do not edit.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for name in members {
        let _ = writeln!(text, "    \"crates/{name}\",");
    }
    text.push_str("]\n\n[profile.dev]\ndebug = false\n");
    text
}

fn write_if_changed(path: &Path, content: &str) -> Result<(), Failure> {
    if fs::read_to_string(path).ok().as_deref() != Some(content) {
        fs::write(path, content)?;
    }
    Ok(())
}

/// What one cargo run reported.
#[derive(Debug, Default)]
struct CargoOutcome {
    /// Cargo got as far as building (a `build-finished` message).
    finished: bool,
    /// Per crate name: warnings, first error, whether its library was built.
    crates: BTreeMap<String, CrateMessages>,
    stderr: String,
}

#[derive(Debug, Default)]
struct CrateMessages {
    warnings: usize,
    errors: usize,
    first_error: Option<String>,
    built: bool,
}

impl CargoOutcome {
    fn result_for(&self, name: &str) -> Compile {
        match self.crates.get(name) {
            Some(messages) if messages.errors > 0 || !messages.built => Compile::Built {
                warnings: messages.warnings,
                error: Some(
                    messages
                        .first_error
                        .clone()
                        .unwrap_or_else(|| "not built (a dependency failed?)".to_string()),
                ),
            },
            Some(messages) => Compile::Built {
                warnings: messages.warnings,
                error: None,
            },
            None => Compile::Built {
                warnings: 0,
                error: Some("not built (a dependency failed?)".to_string()),
            },
        }
    }
}

/// Runs cargo on the corpus workspace, echoing its progress to stderr.
fn run_cargo(workspace: &Path, target_dir: &Path, clippy: bool) -> Result<CargoOutcome, Failure> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .arg(if clippy { "clippy" } else { "build" })
        .arg("--manifest-path")
        .arg(workspace.join("Cargo.toml"))
        .args(["--workspace", "--keep-going", "--message-format", "json"])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(workspace)
        .env_remove("CARGO_TARGET_DIR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if clippy {
        command.args(["--all-targets", "--", "-D", "warnings"]);
    }
    let mut child = command
        .spawn()
        .map_err(|err| Failure(format!("cannot run cargo: {err}")))?;
    let stderr = child.stderr.take();
    let echo = std::thread::spawn(move || {
        let mut captured = String::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(std::io::stderr(), "  {line}");
                captured.push_str(&line);
                captured.push('\n');
            }
        }
        captured
    });
    let crates_dir = workspace.join("crates");
    let mut outcome = CargoOutcome::default();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(message) = serde_json::from_str::<Value>(&line) {
                record(&mut outcome, &message, &crates_dir);
            }
        }
    }
    child.wait()?;
    outcome.stderr = echo.join().unwrap_or_default();
    Ok(outcome)
}

/// Adds one `--message-format json` message to the outcome.
fn record(outcome: &mut CargoOutcome, message: &Value, crates_dir: &Path) {
    let reason = message["reason"].as_str().unwrap_or_default();
    if reason == "build-finished" {
        outcome.finished = true;
        return;
    }
    let Some(name) = message["manifest_path"]
        .as_str()
        .and_then(|path| crate_of(Path::new(path), crates_dir))
    else {
        return;
    };
    let entry = outcome.crates.entry(name).or_default();
    match reason {
        "compiler-artifact" => entry.built = true,
        "compiler-message" => {
            let diagnostic = &message["message"];
            let text = diagnostic["message"].as_str().unwrap_or_default();
            let is_summary = diagnostic["spans"].as_array().map_or(0, Vec::len) == 0
                && (text.starts_with("aborting due to") || text.ends_with("emitted"));
            if is_summary {
                return;
            }
            match diagnostic["level"].as_str().unwrap_or_default() {
                "warning" => entry.warnings += 1,
                level if level.starts_with("error") => {
                    entry.errors += 1;
                    if entry.first_error.is_none() {
                        entry.first_error = Some(describe_rustc(diagnostic));
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// The crate directory name for a manifest under `crates_dir`.
fn crate_of(manifest: &Path, crates_dir: &Path) -> Option<String> {
    let dir = manifest.parent()?;
    if dir.parent()? != crates_dir {
        return None;
    }
    Some(dir.file_name()?.to_string_lossy().into_owned())
}

/// `error[E0425]: cannot find value `x` in this scope (src/lib.rs:10:5)`.
fn describe_rustc(diagnostic: &Value) -> String {
    let mut text = diagnostic["level"].as_str().unwrap_or("error").to_string();
    if let Some(code) = diagnostic["code"]["code"].as_str() {
        let _ = write!(text, "[{code}]");
    }
    let _ = write!(
        text,
        ": {}",
        diagnostic["message"].as_str().unwrap_or_default()
    );
    let primary = diagnostic["spans"]
        .as_array()
        .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
    if let Some(span) = primary {
        let _ = write!(
            text,
            " ({}:{}:{})",
            span["file_name"].as_str().unwrap_or_default(),
            span["line_start"],
            span["column_start"]
        );
    }
    one_line(&text)
}

/// Cargo's first `error:` line and what follows it, on one line.
fn first_error(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .skip_while(|line| !line.trim_start().starts_with("error"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(4)
        .collect();
    if lines.is_empty() {
        "cargo failed without an error message".to_string()
    } else {
        lines.join(" ")
    }
}

/// Joins lines and cuts long text, for a table cell.
fn one_line(text: &str) -> String {
    const MAX: usize = 160;
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > MAX {
        let cut: String = joined.chars().take(MAX - 3).collect();
        format!("{cut}...")
    } else {
        joined
    }
}

fn print_table(rows: &[Row]) {
    let header = [
        "FILE", "REQUESTS", "OPS", "TYPES", "GEN", "COMPILES", "WARNINGS", "PROBLEM",
    ];
    let cells: Vec<[String; 8]> = rows.iter().map(row_cells).collect();
    let mut widths = header.map(str::len);
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &[&str]| {
        let mut text = String::new();
        for (cell, width) in cells.iter().zip(widths) {
            let _ = write!(text, "{cell:width$}  ");
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(&header);
    for row in &cells {
        line(&row.each_ref().map(String::as_str));
    }
    print!("{out}");
}

fn row_cells(row: &Row) -> [String; 8] {
    let number = |n: Option<usize>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    let (compiles, warnings, problem) = match &row.compile {
        Compile::NotGenerated(problem) => ("-".into(), "-".into(), problem.clone()),
        Compile::Pending => ("-".into(), "-".into(), "not built".into()),
        Compile::CargoFailed(problem) => ("no".into(), "-".into(), problem.clone()),
        Compile::Built { warnings, error } => (
            if error.is_none() { "yes" } else { "no" }.to_string(),
            warnings.to_string(),
            error.clone().unwrap_or_default(),
        ),
    };
    [
        row.file.clone(),
        number(row.requests),
        number(row.operations),
        number(row.types),
        format!("{:.1}ms", row.generation.as_secs_f64() * 1000.0),
        compiles,
        warnings,
        problem,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_are_counted_in_v2_trees_and_v1_lists() {
        let v2 = json!({"info": {}, "item": [
            {"name": "a", "request": "https://x"},
            {"name": "folder", "item": [{"name": "b", "request": {}}, {"name": "empty", "item": []}]}
        ]});
        assert_eq!(count_requests(v2.to_string().as_bytes()), Some(2));
        let v1 = json!({"name": "old", "order": [], "requests": [{}, {}, {}]});
        assert_eq!(count_requests(v1.to_string().as_bytes()), Some(3));
        assert_eq!(count_requests(b"not json"), None);
    }

    #[test]
    fn crate_names_are_unique_package_names() {
        let mut taken = BTreeSet::new();
        let a = unique_crate_name(Path::new("dir/k6 T1.json"), &mut taken);
        let b = unique_crate_name(Path::new("dir/k6_t1.json"), &mut taken);
        assert_eq!((a.as_str(), b.as_str()), ("corpus-k6-t1", "corpus-k6-t1-2"));
    }

    #[test]
    fn messages_are_attributed_by_manifest_path() {
        let crates = Path::new("/w/crates");
        let mut outcome = CargoOutcome::default();
        let error = json!({
            "reason": "compiler-message",
            "manifest_path": "/w/crates/corpus-a/Cargo.toml",
            "message": {
                "level": "error", "message": "cannot find value `x`",
                "code": {"code": "E0425"},
                "spans": [{"is_primary": true, "file_name": "src/lib.rs", "line_start": 3, "column_start": 9}]
            }
        });
        let summary = json!({
            "reason": "compiler-message",
            "manifest_path": "/w/crates/corpus-a/Cargo.toml",
            "message": {"level": "error", "message": "aborting due to 1 previous error", "spans": []}
        });
        let warning = json!({
            "reason": "compiler-message",
            "manifest_path": "/w/crates/corpus-b/Cargo.toml",
            "message": {"level": "warning", "message": "unused", "spans": [{"is_primary": true}]}
        });
        let artifact = json!({"reason": "compiler-artifact", "manifest_path": "/w/crates/corpus-b/Cargo.toml"});
        let dependency = json!({"reason": "compiler-artifact", "manifest_path": "/home/.cargo/serde/Cargo.toml"});
        for message in [&error, &summary, &warning, &artifact, &dependency] {
            record(&mut outcome, message, crates);
        }
        record(
            &mut outcome,
            &json!({"reason": "build-finished", "success": false}),
            crates,
        );
        assert!(outcome.finished);
        assert_eq!(
            outcome.result_for("corpus-a"),
            Compile::Built {
                warnings: 0,
                error: Some("error[E0425]: cannot find value `x` (src/lib.rs:3:9)".into())
            }
        );
        assert_eq!(
            outcome.result_for("corpus-b"),
            Compile::Built {
                warnings: 1,
                error: None
            }
        );
        assert!(matches!(
            outcome.result_for("corpus-c"),
            Compile::Built { error: Some(_), .. }
        ));
    }

    #[test]
    fn cargo_errors_are_summarised_on_one_line() {
        let stderr = "   Compiling x\nerror: failed to parse manifest at `/w/crates/corpus-a/Cargo.toml`\n\nCaused by:\n  invalid key\n";
        assert_eq!(
            first_error(stderr),
            "error: failed to parse manifest at `/w/crates/corpus-a/Cargo.toml` Caused by: invalid key"
        );
        assert_eq!(one_line(&"x".repeat(500)).len(), 160);
    }
}
