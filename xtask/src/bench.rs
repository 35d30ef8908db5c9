//! `cargo xtask bench [--quick]`: how fast the generator is, stage by stage,
//! how much memory it takes, and how big and quick to compile the code it
//! writes is. See `docs/performance.md` for the figures and what they mean.
//!
//! * The generator is built in release mode (`cargo build --release -p
//!   xtask`), and every measurement runs in a fresh child process of that
//!   build (the hidden `cargo xtask bench-worker`), so a run's peak memory is
//!   its own and earlier runs leave no warm caches or allocator state behind.
//! * Inputs: `collections/*.postman_collection.json`, the three largest files
//!   of `../shared/corpus/files/` (skipped with a notice when absent), and
//!   synthetic collections of 1,000, 10,000 and 50,000 requests
//!   (`target/synth/N.json`, written by `cargo xtask synth` when missing or
//!   older than the release build).
//! * Each input is run `--runs` times in two children: one times the stages
//!   one by one (read, parse, lower, infer, emit, write), one times the whole
//!   `Generator::generate()` and reports its peak resident memory (`VmHWM`).
//!   The table shows medians; requests/s and MB/s are those of `generate`.
//! * `emit` includes formatting: the emitter parses its tokens with syn and
//!   prints them with prettyplease inside `emit_crate`. The `fmt≈` column
//!   estimates that share by re-parsing and re-printing the emitted files
//!   (syn + prettyplease from text; lexing the text adds a little).
//! * The generated code: the crate for the 1,000-request synthetic
//!   collection goes to `target/bench-crate/client/` (a one-member workspace
//!   with its own `Cargo.lock`, copied from the repository's, and target
//!   directory `target/bench-crate/target/`). Dependencies are built once;
//!   then `cargo check` and `cargo build` are each timed three times after
//!   touching `src/lib.rs`, with `CARGO_INCREMENTAL=0` so every run compiles
//!   the whole crate. The runtime crate beside each generated crate
//!   (`runtime/`, a path dependency) is built with the dependencies, as
//!   Cargo builds it once per dependency set. Lines of Rust are counted over `src/**/*.rs`: every
//!   line that is not blank and does not start (after indentation) with `//`
//!   (so doc comments are not counted). The crates of three large corpus
//!   collections ([`COMPILED_CORPUS`]) are compiled the same way, in the same
//!   workspace (`--compile-only` does only this).
//! * Last, `generate` beside postman2openapi ([`crate::bench_peer`];
//!   `--peer-only` does only this); `--memory-sweep` instead measures the
//!   peak memory of every corpus collection ([`crate::bench_memory`]).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use postman_codegen::unstable::emit::{self, ApiInput, CrateOptions};
use postman_codegen::unstable::generate::{default_crate_name, DEFAULT_VERSION};
use postman_codegen::unstable::lower::LowerOptions;
use postman_codegen::unstable::{collection, infer, locate, lower, output};
use postman_codegen::{Generator, Input};
use serde_json::{json, Value};

use crate::{bench_memory, bench_peer, display_path, project_root, Failure};

/// Sizes of the synthetic collections measured by default.
const SYNTH_SIZES: &[usize] = &[1_000, 10_000, 50_000];

/// The synthetic collection whose generated crate is compiled.
const CRATE_SIZE: usize = 1_000;

/// Runs per input unless `--runs` says otherwise.
const DEFAULT_RUNS: usize = 5;

/// Inputs larger than this get [`LARGE_RUNS`] runs by default.
const LARGE_INPUT: u64 = 100 * 1024 * 1024;
const LARGE_RUNS: usize = 3;

/// Timed `cargo check` / `cargo build` runs of the generated crate.
const COMPILE_RUNS: usize = 3;

/// The stages timed one by one, in pipeline order, as the worker names them.
const STAGES: &[&str] = &[
    "read",
    "parse",
    "lower",
    "infer",
    "emit",
    "format_estimate",
    "write",
];

/// Arguments of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// One run per input, no 50,000-request collection, one timed compile each.
    #[arg(long)]
    quick: bool,
    /// Runs per input (default 5; 3 for inputs over 100 MB; 1 with --quick).
    #[arg(long)]
    runs: Option<usize>,
    /// Sizes of the synthetic collections, comma-separated (default 1000,10000,50000).
    #[arg(long, value_delimiter = ',')]
    synth: Option<Vec<usize>>,
    /// Only inputs whose label contains this text (the generated crates are
    /// still compiled unless --no-compile).
    #[arg(long)]
    only: Option<String>,
    /// Skip compiling the generated crate.
    #[arg(long)]
    no_compile: bool,
    /// postman2openapi's binary for the side-by-side table (default:
    /// `$POSTMAN2OPENAPI`, else `postman2openapi` on `PATH`).
    #[arg(long)]
    peer: Option<PathBuf>,
    /// Only the side-by-side table with postman2openapi.
    #[arg(long, conflicts_with = "memory_sweep")]
    peer_only: bool,
    /// Only the peak memory of `generate` on every corpus collection and the
    /// synthetic ones.
    #[arg(long)]
    memory_sweep: bool,
    /// Only the generated crates: lines and `cargo check`/`build` times.
    #[arg(long, conflicts_with_all = ["peer_only", "memory_sweep", "no_compile"])]
    compile_only: bool,
}

/// Arguments of the hidden `cargo xtask bench-worker`: one measurement in this
/// process, printed as one JSON line on stdout.
#[derive(Debug, clap::Args)]
pub(crate) struct WorkerArgs {
    /// `stages` (each stage timed) or `generate` (the front door, with peak memory).
    #[arg(value_enum)]
    mode: Mode,
    /// The collection file.
    input: PathBuf,
    /// Where to write the crate: required for `stages` (the `write` stage);
    /// for `generate`, the crate is synced there after the measurement.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Mode {
    Stages,
    Generate,
}

/// One input of the benchmark.
#[derive(Debug)]
struct Bench {
    label: String,
    path: PathBuf,
    bytes: u64,
}

/// Medians of one input's runs.
#[derive(Debug, Default)]
struct Row {
    label: String,
    bytes: u64,
    requests: u64,
    stages: Vec<f64>,
    generate: f64,
    generate_cpu: f64,
    peak_kb: u64,
    failed: Option<String>,
}

/// Runs `bench`.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let root = project_root();
    let load_before = load_average();
    // The CLI too: `--peer-only` and `--memory-sweep` run it, with the
    // allocator users get, and a stale one would measure old code.
    eprintln!("building the release worker and CLI (cargo build --release -p xtask -p postman-codegen-cli)");
    cargo(&root)
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "xtask",
            "-p",
            "postman-codegen-cli",
        ])
        .status()
        .map_err(|err| Failure(format!("cannot run cargo: {err}")))?
        .success()
        .then_some(())
        .ok_or_else(|| Failure("cargo build --release of xtask and the CLI failed".into()))?;
    let worker = worker_path()?;
    let out = root.join("target/bench-out");
    if args.compile_only {
        let runs = args.runs.unwrap_or(COMPILE_RUNS).max(1);
        print!("{}", generated_code(&root, &worker, runs)?);
        println!("load average at the end: {}", load_average());
        return Ok(());
    }
    if args.peer_only || args.memory_sweep {
        let synth_dir = root.join("target/synth");
        fs::create_dir_all(&synth_dir)?;
        let synth_1000 = synth_input(&synth_dir, &worker, 1_000)?;
        let peer_inputs = bench_peer::inputs(&root, &synth_1000);
        let text = if args.peer_only {
            let peer = bench_peer::find_peer(args.peer.as_deref());
            let runs = args.runs.unwrap_or(DEFAULT_RUNS).max(1);
            bench_peer::compare(&worker, peer.as_deref(), &peer_inputs, runs, &out)?
        } else {
            let synthetic: Vec<(String, PathBuf)> = peer_inputs
                .into_iter()
                .filter(|input| !input.label.starts_with("corpus/"))
                .map(|input| (input.label, input.path))
                .collect();
            let corpus = root.join("../shared/corpus/files");
            bench_memory::sweep(&worker, &corpus, &synthetic, &out)?
        };
        print!("{text}");
        return Ok(());
    }

    let sizes: Vec<usize> = match &args.synth {
        Some(sizes) => sizes.clone(),
        None if args.quick => SYNTH_SIZES
            .iter()
            .copied()
            .filter(|&n| n < 50_000)
            .collect(),
        None => SYNTH_SIZES.to_vec(),
    };
    let mut benches = inputs(&root, &worker, &sizes)?;
    if let Some(only) = &args.only {
        benches.retain(|bench| bench.label.contains(only.as_str()));
    }

    fs::create_dir_all(&out)?;
    let mut rows = Vec::new();
    for bench in &benches {
        let runs = match args.runs {
            Some(runs) => runs.max(1),
            None if args.quick => 1,
            None if bench.bytes > LARGE_INPUT => LARGE_RUNS,
            None => DEFAULT_RUNS,
        };
        eprintln!("{}: {runs} runs", bench.label);
        rows.push(measure(&worker, bench, runs, &out.join("crate")));
    }
    let load_after = load_average();

    let mut report = String::new();
    let _ = writeln!(
        report,
        "load average before: {load_before}; after: {load_after}"
    );
    let _ = writeln!(report, "{}", table(&rows));

    if !args.no_compile {
        let compile_runs = if args.quick { 1 } else { COMPILE_RUNS };
        match generated_code(&root, &worker, compile_runs) {
            Ok(text) => report.push_str(&text),
            Err(Failure(message)) => {
                let _ = writeln!(report, "generated code: not measured: {message}");
            }
        }
        let _ = writeln!(report, "load average at the end: {}", load_average());
    }
    let peer = bench_peer::find_peer(args.peer.as_deref());
    let synth_1000 = synth_input(&root.join("target/synth"), &worker, CRATE_SIZE)?;
    let peer_inputs = bench_peer::inputs(&root, &synth_1000);
    let peer_runs = args
        .runs
        .unwrap_or(if args.quick { 1 } else { DEFAULT_RUNS });
    report.push_str(&bench_peer::compare(
        &worker,
        peer.as_deref(),
        &peer_inputs,
        peer_runs.max(1),
        &out,
    )?);
    print!("{report}");
    Ok(())
}

/// The release build of this program.
fn worker_path() -> Result<PathBuf, Failure> {
    let exe = std::env::current_exe()?;
    // target/<profile>/xtask → target/release/xtask
    let target = exe
        .parent()
        .and_then(Path::parent)
        .ok_or_else(|| Failure("cannot find the target directory".into()))?;
    // Linux names a running executable that a rebuild replaced `xtask (deleted)`.
    let name = exe
        .file_name()
        .map(|name| {
            name.to_string_lossy()
                .trim_end_matches(" (deleted)")
                .to_string()
        })
        .unwrap_or_default();
    let worker = target.join("release").join(name);
    if worker.is_file() {
        Ok(worker)
    } else {
        Err(Failure(format!("no release build at {}", worker.display())))
    }
}

/// `cargo` (the one running us, if any) in `dir`, without a target directory
/// inherited from the environment.
fn cargo(dir: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.current_dir(dir).env_remove("CARGO_TARGET_DIR");
    command
}

/// Every input: the repository's collections, the corpus's three largest
/// files, and the synthetic collections (written when missing or stale).
fn inputs(root: &Path, worker: &Path, sizes: &[usize]) -> Result<Vec<Bench>, Failure> {
    let mut benches = Vec::new();
    let mut own: Vec<PathBuf> = fs::read_dir(root.join("collections"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    own.sort();
    for path in own {
        benches.push(bench(format!("collections/{}", file_name(&path)), path)?);
    }

    let corpus = root.join("../shared/corpus/files");
    match fs::read_dir(&corpus) {
        Ok(entries) => {
            let mut files: Vec<(u64, PathBuf)> = entries
                .filter_map(|entry| entry.ok())
                .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
                .filter_map(|entry| Some((entry.metadata().ok()?.len(), entry.path())))
                .collect();
            files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            for (_, path) in files.into_iter().take(3) {
                benches.push(bench(format!("corpus/{}", file_name(&path)), path)?);
            }
        }
        Err(_) => eprintln!(
            "notice: {} is absent; the corpus inputs are skipped",
            display_path(&corpus)
        ),
    }

    let synth_dir = root.join("target/synth");
    fs::create_dir_all(&synth_dir)?;
    for &size in sizes {
        let path = synth_input(&synth_dir, worker, size)?;
        benches.push(bench(format!("synth {size}"), path)?);
    }
    Ok(benches)
}

/// `synth_dir/N.json`, the synthetic collection of `size` requests, written
/// by the worker when missing or older than the worker.
fn synth_input(synth_dir: &Path, worker: &Path, size: usize) -> Result<PathBuf, Failure> {
    // `--compile-only` comes here first, in a fresh checkout without it.
    fs::create_dir_all(synth_dir)?;
    let built = fs::metadata(worker)?.modified()?;
    let path = synth_dir.join(format!("{size}.json"));
    let fresh = fs::metadata(&path)
        .and_then(|meta| meta.modified())
        .is_ok_and(|written| written >= built);
    if !fresh {
        eprintln!("writing {}", display_path(&path));
        let status = Command::new(worker)
            .arg("synth")
            .arg(size.to_string())
            .arg(&path)
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(Failure(format!("cannot write {}", path.display())));
        }
    }
    Ok(path)
}

fn bench(label: String, path: PathBuf) -> Result<Bench, Failure> {
    let bytes = fs::metadata(&path)?.len();
    Ok(Bench { label, path, bytes })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Runs one input `runs` times in both modes and takes the medians.
fn measure(worker: &Path, bench: &Bench, runs: usize, out: &Path) -> Row {
    let mut row = Row {
        label: bench.label.clone(),
        bytes: bench.bytes,
        ..Row::default()
    };
    let mut stage_runs: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    let mut generate_runs = Vec::new();
    let mut cpu_runs = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs {
        let stages = worker_run(worker, Mode::Stages, &bench.path, Some(out));
        let generate = worker_run(worker, Mode::Generate, &bench.path, None);
        match (stages, generate) {
            (Ok(stages), Ok(generate)) => {
                for (index, stage) in STAGES.iter().enumerate() {
                    stage_runs[index].push(stages["seconds"][stage].as_f64().unwrap_or(f64::NAN));
                }
                row.requests = stages["requests"].as_u64().unwrap_or(0);
                generate_runs.push(generate["seconds"]["generate"].as_f64().unwrap_or(f64::NAN));
                cpu_runs.push(
                    generate["seconds"]["generate_cpu"]
                        .as_f64()
                        .unwrap_or(f64::NAN),
                );
                peaks.push(generate["peak_kb"].as_u64().unwrap_or(0));
            }
            (Err(Failure(message)), _) | (_, Err(Failure(message))) => {
                row.failed = Some(message);
                return row;
            }
        }
    }
    row.stages = stage_runs.iter_mut().map(|runs| median(runs)).collect();
    row.generate = median(&mut generate_runs);
    row.generate_cpu = median(&mut cpu_runs);
    row.peak_kb = peaks.into_iter().max().unwrap_or(0);
    row
}

fn worker_run(
    worker: &Path,
    mode: Mode,
    input: &Path,
    out: Option<&Path>,
) -> Result<Value, Failure> {
    let mut command = Command::new(worker);
    command
        .arg("bench-worker")
        .arg(match mode {
            Mode::Stages => "stages",
            Mode::Generate => "generate",
        })
        .arg(input);
    if let Some(out) = out {
        command.arg("--out").arg(out);
    }
    let output = command.stderr(Stdio::inherit()).output()?;
    if !output.status.success() {
        return Err(Failure(format!("the worker failed ({})", output.status)));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or_default();
    serde_json::from_str(line).map_err(|err| Failure(format!("unreadable worker output: {err}")))
}

/// The median of `values` (the mean of the middle two for an even count).
pub(crate) fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The results as a plain-text table, seconds for times.
fn table(rows: &[Row]) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{:<40} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} | {:>8} {:>7} {:>8} {:>6} {:>8} {:>6}",
        "input", "reqs", "MB", "read", "parse", "lower", "infer", "emit", "fmt≈", "write", "generate", "cpu", "req/s", "MB/s", "peak MB", "×input"
    );
    for row in rows {
        let mb = row.bytes as f64 / 1e6;
        if let Some(message) = &row.failed {
            let _ = writeln!(
                text,
                "{:<40} {:>6} {:>7.2} failed: {message}",
                row.label, "", mb
            );
            continue;
        }
        let _ = write!(
            text,
            "{:<40} {:>6} {:>7.2}",
            truncate(&row.label, 40),
            row.requests,
            mb
        );
        for seconds in &row.stages {
            let _ = write!(text, " {seconds:>7.3}");
        }
        let peak_mb = row.peak_kb as f64 * 1024.0 / 1e6;
        let _ = writeln!(
            text,
            " | {:>8.3} {:>7.3} {:>8.0} {:>6.1} {:>8.1} {:>6.1}",
            row.generate,
            row.generate_cpu,
            row.requests as f64 / row.generate,
            mb / row.generate,
            peak_mb,
            peak_mb / mb
        );
    }
    text.push_str(
        "times: medians in seconds (wall clock; cpu: CPU time of `generate`); emit includes \
         formatting, fmt≈ estimates formatting alone; peak MB: the largest VmHWM of the \
         `generate` runs\n",
    );
    text
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let kept: String = text.chars().take(width - 1).collect();
        format!("{kept}…")
    }
}

/// The 1-minute load average, or `?` where /proc is unavailable.
pub(crate) fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".to_string())
}

/// Large real collections whose generated crates are compiled beside the
/// synthetic one (from `../shared/corpus/files/`, skipped when absent).
const COMPILED_CORPUS: &[&str] = &["zoom-api-baruamrinal", "stripe-api", "p2o-github"];

/// Generates the crates of the 1,000-request synthetic collection and of
/// [`COMPILED_CORPUS`], counts their lines and times `cargo check` and
/// `cargo build` of each.
fn generated_code(root: &Path, worker: &Path, runs: usize) -> Result<String, Failure> {
    let workspace = root.join("target/bench-crate");
    let target = workspace.join("target");
    fs::create_dir_all(&workspace)?;
    let mut crates = vec![(
        format!("synthetic collection of {CRATE_SIZE} requests"),
        synth_input(&root.join("target/synth"), worker, CRATE_SIZE)?,
        "client".to_string(),
    )];
    for name in COMPILED_CORPUS {
        let path = root.join(format!("../shared/corpus/files/{name}.json"));
        if path.is_file() {
            crates.push((format!("corpus/{name}"), path, name.to_string()));
        }
    }
    let mut members = Vec::new();
    let mut generated = Vec::new();
    for (label, input, dir) in &crates {
        let client = workspace.join(dir);
        let result = worker_run(worker, Mode::Generate, input, Some(&client))?;
        let operations = result["requests"].as_u64().unwrap_or(0).max(1);
        members.push(format!("\"{dir}\""));
        generated.push((label, client, operations));
    }
    // The repository's profile for dependencies, so the figures match what a
    // user of this workspace sees.
    fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask bench`; do not edit.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
            members.join(", ")
        ),
    )?;
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), &lock)?;
    }

    let mut text = String::new();
    eprintln!(
        "building the generated crates and their dependencies ({})",
        display_path(&target)
    );
    for sub in ["build", "check"] {
        let status = cargo(&workspace)
            .args([sub, "--quiet", "--target-dir"])
            .arg(&target)
            .env("CARGO_INCREMENTAL", "0")
            .status()?;
        if !status.success() {
            let _ = writeln!(text, "  cargo {sub} of the generated crates failed");
            return Ok(text);
        }
    }
    for (label, client, operations) in generated {
        // The runtime is the package beside the crate (`runtime/src/`,
        // built with the dependencies, not by the timed builds) or, in a
        // crate generated with `--runtime module`, its `src/runtime/`.
        let runtime_crate = client.join("runtime/src");
        let (runtime, where_runtime) = if runtime_crate.is_dir() {
            (
                count_lines(&runtime_crate)?,
                "its runtime crate, built once per dependency set",
            )
        } else {
            (
                count_lines(&client.join("src/runtime")).unwrap_or(0),
                "of them the runtime module",
            )
        };
        let lines = count_lines(&client.join("src"))?;
        let all_lines = count_all_lines(&client.join("src"))?;
        let own = if runtime_crate.is_dir() {
            lines
        } else {
            lines - runtime
        };
        let _ = writeln!(
            text,
            "\ngenerated code: {label}, {operations} operations ({})",
            display_path(&client)
        );
        let _ = writeln!(
            text,
            "  lines of Rust (not blank, not comments) in src/: {lines}, {:.1} per operation; \
             {where_runtime}: {runtime}; the generated code's own {:.1} per operation; \
             every line of src/: {all_lines}, {:.1} per operation",
            lines as f64 / operations as f64,
            own as f64 / operations as f64,
            all_lines as f64 / operations as f64
        );
        // What the runtime crate costs once, for the record: the timed
        // builds below start with it built, as they do with the other
        // dependencies.
        if runtime_crate.is_dir() {
            let mut times = Vec::new();
            for _ in 0..runs {
                touch(&runtime_crate.join("lib.rs"))?;
                let start = Instant::now();
                let status = cargo(&client.join("runtime"))
                    .args(["build", "--quiet", "--target-dir"])
                    .arg(&target)
                    .env("CARGO_INCREMENTAL", "0")
                    .status()?;
                if !status.success() {
                    let _ = writeln!(text, "  cargo build of {label}'s runtime crate failed");
                    return Ok(text);
                }
                times.push(start.elapsed().as_secs_f64());
            }
            let _ = writeln!(
                text,
                "  cargo build of its runtime crate alone (once per dependency set, median of {runs}): {:.2} s",
                median(&mut times)
            );
            // `cargo check` keeps its own metadata of the runtime: made now,
            // untimed, like the other dependencies'.
            let status = cargo(&client)
                .args(["check", "--quiet", "--target-dir"])
                .arg(&target)
                .env("CARGO_INCREMENTAL", "0")
                .status()?;
            if !status.success() {
                let _ = writeln!(text, "  cargo check of {label} failed");
                return Ok(text);
            }
        }
        for sub in ["check", "build"] {
            let mut times = Vec::new();
            for _ in 0..runs {
                touch(&client.join("src/lib.rs"))?;
                let start = Instant::now();
                // In the member's directory cargo compiles that member alone.
                let status = cargo(&client)
                    .args([sub, "--quiet", "--target-dir"])
                    .arg(&target)
                    .env("CARGO_INCREMENTAL", "0")
                    .status()?;
                let elapsed = start.elapsed().as_secs_f64();
                if !status.success() {
                    let _ = writeln!(text, "  cargo {sub} of {label} failed");
                    return Ok(text);
                }
                times.push(elapsed);
            }
            let seconds = median(&mut times);
            let _ = writeln!(
                text,
                "  cargo {sub} (dependencies built, median of {runs}): {seconds:.2} s, {:.1} ms per operation",
                seconds * 1000.0 / operations as f64
            );
        }
    }
    Ok(text)
}

/// Every line of every `.rs` file under `dir`.
fn count_all_lines(dir: &Path) -> Result<u64, Failure> {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                count += fs::read_to_string(&path)?.lines().count() as u64;
            }
        }
    }
    Ok(count)
}

/// Non-blank lines that do not start with `//`, in every `.rs` file under `dir`.
fn count_lines(dir: &Path) -> Result<u64, Failure> {
    let mut count = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = fs::read_to_string(&path)?;
                count += text
                    .lines()
                    .map(str::trim_start)
                    .filter(|line| !line.is_empty() && !line.starts_with("//"))
                    .count() as u64;
            }
        }
    }
    Ok(count)
}

/// Sets the modification time of `path` to now, so cargo recompiles its crate.
fn touch(path: &Path) -> Result<(), Failure> {
    let file = fs::File::options().append(true).open(path)?;
    file.set_modified(SystemTime::now())?;
    Ok(())
}

/// Runs `bench-worker`.
pub(crate) fn worker(args: &WorkerArgs) -> Result<(), Failure> {
    let result = match args.mode {
        Mode::Stages => stages(args)?,
        Mode::Generate => generate(args)?,
    };
    println!("{result}");
    Ok(())
}

/// Times each stage as `generate::generate_crate` runs it.
fn stages(args: &WorkerArgs) -> Result<Value, Failure> {
    let out = args
        .out
        .as_deref()
        .ok_or_else(|| Failure("stages needs --out".into()))?;
    let mut seconds = serde_json::Map::new();
    let mut time = |stage: &str, start: Instant| {
        seconds.insert(stage.to_string(), json!(start.elapsed().as_secs_f64()));
    };

    let start = Instant::now();
    let bytes = fs::read(&args.input)?;
    time("read", start);
    let start = Instant::now();
    let collection = collection::load(&bytes)?;
    time("parse", start);
    let start = Instant::now();
    let mut api = lower::lower_with(&collection, &LowerOptions::default())?;
    locate::fill_locations(&bytes, &mut api.diagnostics);
    time("lower", start);
    let start = Instant::now();
    let types = infer::infer(&api);
    time("infer", start);
    let start = Instant::now();
    let options = CrateOptions::new(default_crate_name(&[api.name.as_str()]), DEFAULT_VERSION);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    let files = emit::emit_crate(&[input], &options)?;
    time("emit", start);
    let start = Instant::now();
    for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let file = syn::parse_file(text).map_err(|err| Failure(format!("{path}: {err}")))?;
        std::hint::black_box(prettyplease::unparse(&file));
    }
    time("format_estimate", start);
    let start = Instant::now();
    output::write_crate_atomically(out, &files, true)?;
    time("write", start);
    Ok(json!({
        "requests": api.operations.len(),
        "bytes": bytes.len(),
        "seconds": seconds,
        "peak_kb": peak_kb(),
    }))
}

/// Times the library's front door and reports the process's peak memory.
fn generate(args: &WorkerArgs) -> Result<Value, Failure> {
    let cpu_start = cpu_seconds();
    let start = Instant::now();
    let generated = Generator::builder()
        .collection(Input::path(&args.input))
        .build()?
        .generate()?;
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let peak = peak_kb();
    if let Some(out) = &args.out {
        generated.sync_to(out, true)?;
    }
    let requests: usize = generated
        .apis()
        .iter()
        .map(|api| api.api.operations.len())
        .sum();
    Ok(json!({
        "requests": requests,
        "seconds": {"generate": seconds, "generate_cpu": cpu},
        "peak_kb": peak,
    }))
}

/// CPU time all of this process's threads have run so far
/// (`/proc/self/task/*/schedstat`; generation formats files on every core),
/// in seconds; 0 where unknown. Less sensitive than wall time to other
/// processes on a busy machine. Threads that have exited are not counted;
/// the generator's worker threads live as long as the process.
fn cpu_seconds() -> f64 {
    let Ok(tasks) = fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let nanos: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|task| fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    nanos as f64 / 1e9
}

/// The process's peak resident set size in KiB (`VmHWM`), 0 where unknown.
fn peak_kb() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(&mut []).is_nan());
    }

    #[test]
    fn line_count_skips_blank_lines_and_comments() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(
            dir.path().join("a.rs"),
            "// header\n//! docs\n\nfn a() {}\n    /// doc\n    let x = 1; // trailing\n",
        )
        .unwrap();
        fs::write(dir.path().join("sub/b.rs"), "struct B;\n").unwrap();
        fs::write(dir.path().join("sub/c.txt"), "not rust\n").unwrap();
        assert_eq!(count_lines(dir.path()).unwrap(), 3);
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_kb() > 0);
        }
    }
}
