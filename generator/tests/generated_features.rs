//! Generated crates compile cleanly under every feature set, for every
//! [`Interface`], and with extra derives that cannot hold for every type.
//!
//! Four crates go into one cargo workspace, `target/interface-workspace`
//! (updated in place), checked with a shared target directory,
//! `target/interface-target`, so the dependencies compile once per feature
//! set and later runs are quick:
//!
//! | crate | interface | collections |
//! | --- | --- | --- |
//! | `iface-async` | async | Webex (one API: the flat layout) |
//! | `iface-blocking` | blocking | Webex and the shop fixture (a module per API; the shop's named `iface_blocking_runtime`, as the runtime crate is) |
//! | `iface-both` | both, the runtime as a module (`RuntimeLayout::Module`) | the shop fixture |
//! | `iface-derives` | async, `.derive("Eq").derive("Hash")` | the shop fixture (floats, JSON values) |
//!
//! Each feature set below runs `cargo clippy --all-targets -- -D warnings`
//! (or `cargo check` with warnings denied, without clippy); with neither
//! `async` nor `blocking` each crate must stop at its one `compile_error!`.
//! With the default features, `cargo doc` (warnings denied) and the doc
//! tests run too, so each interface's docs and `no_run` examples are checked.
//!
//! On a warm target directory this takes well under a minute; the first run
//! compiles reqwest, tokio and serde a few times over (a few minutes on two
//! cores). The workspace reuses the repository's `Cargo.lock` and builds
//! offline when it can.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use postman_codegen::{Generator, Input, Interface, RuntimeLayout};
use serde_json::Value;

const WEBEX: &str = "collections/webex-meetings.postman_collection.json";
const SHOP: &str = "generator/tests/fixtures/compile/shop.postman_collection.json";

/// The message of the `compile_error!` a crate without `async` and `blocking` stops at.
const NO_INTERFACE: &str = "enable the `async` feature, the `blocking` feature, or both";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The crates: member name, interface, collections, extra derives.
fn members() -> Vec<(
    &'static str,
    Interface,
    Vec<&'static str>,
    Vec<&'static str>,
)> {
    vec![
        ("iface-async", Interface::Async, vec![WEBEX], vec![]),
        (
            "iface-blocking",
            Interface::Blocking,
            vec![WEBEX, SHOP],
            vec![],
        ),
        ("iface-both", Interface::Both, vec![SHOP], vec![]),
        (
            "iface-derives",
            Interface::Async,
            vec![SHOP],
            vec!["Eq", "Hash"],
        ),
    ]
}

/// Diagnostics rustc reported, by member.
#[derive(Debug, Default)]
struct Messages {
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Progress lines on the real stderr (libtest captures `eprintln!` of a
/// passing test): one per step, and one every [`HEARTBEAT`] while a step
/// runs, since a cold step compiles for minutes and must not look stuck.
#[derive(Debug)]
struct Progress {
    started: Instant,
    /// The current step, and whether the run is over.
    state: Arc<(Mutex<(String, bool)>, Condvar)>,
    heartbeat: Option<std::thread::JoinHandle<()>>,
}

/// How often a running step says it is still running.
const HEARTBEAT: Duration = Duration::from_secs(30);

fn progress_line(text: &str, started: Instant) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "generated_features: {text} ({:.0} s so far)",
        started.elapsed().as_secs_f64()
    );
}

impl Progress {
    fn start() -> Self {
        let started = Instant::now();
        let state = Arc::new((Mutex::new((String::new(), false)), Condvar::new()));
        let heartbeat = std::thread::spawn({
            let state = Arc::clone(&state);
            move || {
                let (lock, wake) = &*state;
                let mut guard = lock.lock().unwrap();
                while !guard.1 {
                    let (next, wait) = wake.wait_timeout(guard, HEARTBEAT).unwrap();
                    guard = next;
                    if wait.timed_out() && !guard.1 {
                        progress_line(&format!("still at: {}", guard.0), started);
                    }
                }
            }
        });
        Progress {
            started,
            state,
            heartbeat: Some(heartbeat),
        }
    }

    fn step(&self, step: &str) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap().0 = step.to_string();
        wake.notify_all();
        progress_line(step, self.started);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let (lock, wake) = &*self.state;
        if let Ok(mut guard) = lock.lock() {
            guard.1 = true;
        }
        wake.notify_all();
        if let Some(heartbeat) = self.heartbeat.take() {
            let _ = heartbeat.join();
        }
    }
}

/// Runs cargo in `workspace` (offline first, online if that cannot resolve).
fn cargo(workspace: &Path, target: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let run = |offline: bool| {
        let mut command = Command::new(&program);
        command
            .current_dir(workspace)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_TERM_COLOR", "never");
        // Before any `--`, which passes the rest to the compiler.
        if offline {
            command.arg("--offline");
        }
        command.args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        command.output().unwrap()
    };
    let output = run(true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("--offline") && !stderr.contains(NO_INTERFACE) {
        eprintln!("offline build could not resolve dependencies; retrying online");
        return run(false);
    }
    output
}

/// `cargo clippy` (or `cargo check`) over the workspace with `features`,
/// warnings denied; rustc's messages by member.
fn lint(
    workspace: &Path,
    target: &Path,
    clippy: bool,
    features: &[&str],
) -> BTreeMap<String, Messages> {
    let mut args = vec![if clippy { "clippy" } else { "check" }];
    args.extend([
        "--workspace",
        "--all-targets",
        "--keep-going",
        "--message-format",
        "json",
    ]);
    args.extend(features);
    let mut env = Vec::new();
    if clippy {
        args.extend(["--", "-D", "warnings"]);
    } else {
        env.push(("RUSTFLAGS", "-D warnings"));
    }
    let output = cargo(workspace, target, &args, &env);
    let mut messages: BTreeMap<String, Messages> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let Some(member) = message["manifest_path"]
            .as_str()
            .and_then(|path| Path::new(path).strip_prefix(workspace).ok())
            .and_then(|path| path.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
        else {
            continue;
        };
        let diagnostic = &message["message"];
        let text = diagnostic["rendered"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let entry = messages.entry(member).or_default();
        let list = match diagnostic["level"].as_str() {
            Some("error") => &mut entry.errors,
            Some("warning") => &mut entry.warnings,
            _ => continue,
        };
        if !list.contains(&text) {
            list.push(text);
        }
    }
    if !output.status.success() && messages.is_empty() {
        panic!(
            "cargo {args:?} failed before compiling the crates:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    messages
}

#[test]
fn every_interface_compiles_cleanly_under_every_feature_set() {
    let root = repo_root();
    let workspace = root.join("target/interface-workspace");
    let target = root.join("target/interface-target");
    std::fs::create_dir_all(&workspace).unwrap();

    let mut names = Vec::new();
    for (name, interface, collections, derives) in members() {
        // One crate keeps the runtime as its module (one package); the
        // others carry it as the package beside them, the default.
        let layout = match interface {
            Interface::Both => RuntimeLayout::Module,
            _ => RuntimeLayout::Crate,
        };
        let mut builder = Generator::builder()
            .crate_name(name)
            .interface(interface)
            .runtime(layout);
        for collection in collections {
            let mut input = Input::path(root.join(collection));
            if name == "iface-blocking" && collection == SHOP {
                // An API module with the runtime crate's name
                // (`<crate>_runtime`): the crate root must still reach the
                // runtime crate, not the module.
                input = input.module("iface_blocking_runtime");
            }
            builder = builder.collection(input);
        }
        for derive in &derives {
            builder = builder.derive(*derive);
        }
        let generated = builder.build().unwrap().generate().unwrap();
        let manifest = &generated.files()["Cargo.toml"];
        let default = match interface {
            Interface::Async => "default = [\"rustls\", \"async\"]",
            Interface::Blocking => "default = [\"rustls\", \"blocking\"]",
            Interface::Both => "default = [\"rustls\", \"async\", \"blocking\"]",
        };
        assert!(manifest.lines().any(|l| l == default), "{name}: {manifest}");
        let runtime_package = generated.files().contains_key("runtime/Cargo.toml");
        assert_eq!(runtime_package, layout == RuntimeLayout::Crate, "{name}");

        let skipped: Vec<&str> = generated
            .report()
            .diagnostics
            .iter()
            .filter(|d| d.code == "derive-skipped")
            .map(|d| d.message.as_str())
            .collect();
        if derives.is_empty() {
            assert!(skipped.is_empty(), "{name}: {skipped:?}");
        } else {
            // The floats of `Item` and `Dimensions` (and `Vec<serde_json::Value>`)
            // rule out `Eq` and `Hash` there and in the types holding them.
            let expected = "left out of 4 of 9 generated types (`ListProductsResponse`, `Item`, \
                            `Dimensions`, `DeleteProductResponse`): a field holds `f64` or \
                            `serde_json::Value`, directly or through another type";
            assert_eq!(
                skipped,
                [
                    format!("`Eq` is {expected}"),
                    format!("`Hash` is {expected}")
                ],
                "{name}"
            );
            assert!(generated.report().to_string().contains("2 derive-skipped"));
            let types = &generated.files()["src/types.rs"];
            let derive_of = |type_name: &str| {
                let at = types.find(&format!("pub struct {type_name} ")).unwrap();
                let start = types[..at].rfind("#[derive(").unwrap();
                types[start..at].replace(char::is_whitespace, "")
            };
            assert!(derive_of("CreateProductResponse").contains("serde::Deserialize,Eq,Hash"));
            assert!(derive_of("Labels").contains("Eq,Hash"));
            assert!(!derive_of("Item").contains(",Eq"));
            assert!(!derive_of("ListProductsResponse").contains(",Hash"));
        }
        // In place, so unchanged files keep their times and cargo its work.
        generated.sync_to(workspace.join(name), true).unwrap();
        names.push(format!("{name:?}"));
    }
    // No debug info: nothing here is debugged, and for the doc tests' full
    // build of reqwest, tokio and rustls it is a large share of a cold run.
    let manifest = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = false\n",
        names.join(", ")
    );
    if std::fs::read_to_string(workspace.join("Cargo.toml")).ok() != Some(manifest.clone()) {
        std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();

    let clippy = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    let progress = Progress::start();
    progress.step(
        "checking 4 generated crates under 5 feature sets, then docs and doc tests; \
         a cold run compiles reqwest and tokio several times over",
    );
    let mut failures = Vec::new();
    let feature_sets: [&[&str]; 4] = [
        &[],
        &["--no-default-features", "--features", "rustls,async"],
        &["--no-default-features", "--features", "rustls,blocking"],
        &["--features", "blocking"],
    ];
    for features in feature_sets {
        progress.step(&format!("features {features:?}"));
        let messages = lint(&workspace, &target, clippy, features);
        for (member, messages) in &messages {
            for text in messages.errors.iter().chain(&messages.warnings) {
                failures.push(format!("{member} with {features:?}:\n{text}"));
            }
        }
    }
    // Neither interface: each crate stops at the `compile_error!`, and only there.
    progress.step("features without async and blocking");
    let neither = lint(
        &workspace,
        &target,
        clippy,
        &["--no-default-features", "--features", "rustls"],
    );
    for (name, ..) in members() {
        let messages = neither.get(name);
        let only_the_compile_error = messages.is_some_and(|m| {
            m.warnings.is_empty() && m.errors.len() == 1 && m.errors[0].contains(NO_INTERFACE)
        });
        if !only_the_compile_error {
            failures.push(format!("{name} without async and blocking: {messages:#?}"));
        }
    }

    // The docs and their `no_run` examples, with each crate's default features.
    progress.step("cargo doc");
    let doc = cargo(
        &workspace,
        &target,
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    if !doc.status.success() {
        failures.push(format!(
            "cargo doc:\n{}",
            String::from_utf8_lossy(&doc.stderr)
        ));
    }
    progress.step("doc tests (the README examples included)");
    let doctests = cargo(&workspace, &target, &["test", "--doc", "--workspace"], &[]);
    progress.step("done");
    if !doctests.status.success() {
        failures.push(format!(
            "doc tests:\n{}{}",
            String::from_utf8_lossy(&doctests.stdout),
            String::from_utf8_lossy(&doctests.stderr)
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
