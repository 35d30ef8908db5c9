//! `cargo xtask hot-code`: writes `cli/hot-code.txt`, the functions of the
//! release CLI that `generate` runs execute, which `cli/build.rs` gives the
//! linker so that they sit together in the program (it says why: a smaller
//! resident peak).
//!
//! Each input is generated once by the release CLI under `valgrind
//! --tool=callgrind`; the list is every function of the program itself (not
//! of the C library) that any of those runs executed, by its symbol name,
//! each once, those more runs executed first ([`in_order`]). The inputs are the collections of `collections/` and
//! `tests/collections/` (every auth scheme the generator signs with, dynamic
//! variables, scripts), an empty collection, and the largest collections of
//! `../shared/corpus/files/` when it is there. Which functions run depends on
//! what a collection uses, not on its size, so a function none of these runs
//! executes is only placed among the rarely run ones: a collection that needs
//! it still works, with a little more of the program resident.
//!
//! Run it after a change of compiler or of a dependency's version (which
//! renames symbols; `cli/build.rs` skips names the program lacks), or when
//! much of the generator has changed; `cargo xtask hot-code --check` says
//! whether the release CLI still has at least 90% of the listed functions
//! (with `nm`). Needs valgrind and the release CLI (`cargo build --release
//! -p postman-codegen-cli`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{display_path, project_root, Failure};

/// The corpus's collections run besides the repository's own: the largest,
/// which together use most of what the generator reads and writes.
const CORPUS_INPUTS: &[&str] = &[
    "stripe-api",
    "zoom-api-baruamrinal",
    "p2o-github",
    "p2o-fastly",
    "p2o-pdfco",
];

/// The smallest collection `generate` accepts.
const EMPTY_COLLECTION: &str = r#"{"info":{"name":"empty","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}"#;

/// What `cli/hot-code.txt` starts with (lld reads `#` to the end of a line
/// as a comment).
const HEADER: &str = "\
# The functions of the release `postman-codegen` that `generate` executes, by
# symbol name: the linker puts them together (cli/build.rs says why).
# Written by `cargo xtask hot-code`; do not edit.
";

/// The share of the listed names the program must still have for `--check`
/// to pass: below it, the list no longer describes the program (a compiler
/// or dependency update renamed its symbols) and should be written again.
const CURRENT_SHARE: f64 = 0.9;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Check that the release CLI still has the listed functions (with `nm`)
    /// instead of writing the list.
    #[arg(long)]
    check: bool,
    /// More collections to run besides the default inputs.
    inputs: Vec<PathBuf>,
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let root = project_root();
    let program = root.join("target/release/postman-codegen");
    if !program.is_file() {
        return Err(Failure(format!(
            "no release CLI at {}: build it with `cargo build --release -p postman-codegen-cli`",
            display_path(&program)
        )));
    }
    let program = fs::canonicalize(&program)?;
    if args.check {
        return check(&root.join("cli/hot-code.txt"), &program);
    }
    let scratch = root.join("target/hot-code");
    fs::create_dir_all(&scratch)?;
    let empty = scratch.join("empty.postman_collection.json");
    fs::write(&empty, EMPTY_COLLECTION)?;

    let mut inputs = vec![empty];
    for dir in ["collections", "tests/collections"] {
        let mut found: Vec<PathBuf> = fs::read_dir(root.join(dir))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        found.sort();
        inputs.extend(found);
    }
    let corpus = root.join("../shared/corpus/files");
    for name in CORPUS_INPUTS {
        let path = corpus.join(format!("{name}.json"));
        match path.is_file() {
            true => inputs.push(path),
            false => eprintln!("notice: {} is absent; not run", display_path(&path)),
        }
    }
    inputs.extend(args.inputs.iter().cloned());

    // How many runs executed each function.
    let mut runs: BTreeMap<String, usize> = BTreeMap::new();
    for (at, input) in inputs.iter().enumerate() {
        eprintln!("callgrind: {}", display_path(input));
        let profile = scratch.join(format!("callgrind.{at}.out"));
        let out = scratch.join("crate");
        let _ = fs::remove_dir_all(&out);
        let status = Command::new("valgrind")
            .args([
                "--tool=callgrind",
                "--dump-instr=no",
                "--demangle=no",
                "--compress-strings=no",
                "--compress-pos=no",
            ])
            .arg(format!("--callgrind-out-file={}", profile.display()))
            .arg(&program)
            .arg("generate")
            .arg(input)
            .arg("--out")
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(|error| format!("cannot run valgrind (is it installed?): {error}"))?;
        // A collection the generator rejects still ran the code that read it.
        if status.code().is_none() {
            return Err(Failure(format!(
                "valgrind stopped on {}",
                display_path(input)
            )));
        }
        let text = fs::read_to_string(&profile)?;
        for name in executed_in(&text, &program) {
            *runs.entry(name).or_default() += 1;
        }
        let _ = fs::remove_file(&profile);
    }
    let names = in_order(runs);
    let list = root.join("cli/hot-code.txt");
    let mut text = String::from(HEADER);
    for name in &names {
        text.push_str(name);
        text.push('\n');
    }
    fs::write(&list, text)?;
    println!(
        "{}: {} functions executed in {} runs",
        display_path(&list),
        names.len(),
        inputs.len()
    );
    Ok(())
}

/// Fails when fewer than [`CURRENT_SHARE`] of the listed names are symbols
/// of `program`.
fn check(list: &Path, program: &Path) -> Result<(), Failure> {
    let listed = fs::read_to_string(list)?;
    let output = Command::new("nm")
        .arg("--defined-only")
        .arg(program)
        .output()
        .map_err(|error| format!("cannot run nm: {error}"))?;
    let symbols = String::from_utf8_lossy(&output.stdout);
    let (found, total) = found_in(&listed, &symbols);
    println!(
        "{}: {found} of {total} listed functions are in {}",
        display_path(list),
        display_path(program)
    );
    if (found as f64) < CURRENT_SHARE * total as f64 {
        return Err(Failure(
            "the list is out of date: write it again with `cargo xtask hot-code`".into(),
        ));
    }
    Ok(())
}

/// How many of the names listed (one a line, `#` comments) are among the
/// symbols `nm` printed (`ADDRESS TYPE NAME` lines), and how many are listed.
fn found_in(listed: &str, nm: &str) -> (usize, usize) {
    let symbols: BTreeSet<&str> = nm
        .lines()
        .filter_map(|line| line.split_whitespace().nth(2))
        .collect();
    let names: Vec<&str> = listed
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|name| !name.is_empty())
        .collect();
    let found = names.iter().filter(|name| symbols.contains(*name)).count();
    (found, names.len())
}

/// The names of the functions of `program` that a callgrind profile (written
/// with `--compress-strings=no`) records as executed: its `fn=` records under
/// an `ob=` naming the program. Callers and callees (`cfn=`) are recorded as
/// functions of their own where they ran.
fn executed_in(profile: &str, program: &Path) -> BTreeSet<String> {
    let program = program.to_string_lossy();
    let mut in_program = false;
    let mut names = BTreeSet::new();
    for line in profile.lines() {
        if let Some(object) = line.strip_prefix("ob=") {
            in_program = object == program;
        } else if let Some(name) = line.strip_prefix("fn=") {
            let name = without_recursion_depth(name);
            if in_program && is_symbol(name) {
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// The functions in the order the linker places them: those more runs
/// executed first, then by name. Code every run needs comes first and the
/// code of one feature (a signing scheme, scripts) last, near the other
/// rarely run code, so a run that does not use a feature does not have its
/// code brought into memory beside what it does use.
fn in_order(runs: BTreeMap<String, usize>) -> Vec<String> {
    let mut names: Vec<(String, usize)> = runs.into_iter().collect();
    // Stable: names stay sorted within a count.
    names.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    names.into_iter().map(|(name, _)| name).collect()
}

/// The function's name without the recursion depth callgrind appends to a
/// function called from within itself (`name'2`).
fn without_recursion_depth(name: &str) -> &str {
    match name.rsplit_once('\'') {
        Some((function, depth))
            if !depth.is_empty() && depth.bytes().all(|b| b.is_ascii_digit()) =>
        {
            function
        }
        _ => name,
    }
}

/// A symbol name, not what callgrind writes for code without one (`(below
/// main)`, `0x0000000000185690`).
fn is_symbol(name: &str) -> bool {
    name.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic())
        && !name.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_counts_the_listed_names_the_program_has() {
        let listed = "# header\n_RNvCs1_3foo1a\n_RNvCs1_3foo1b\n\n_RNvCs1_3foo1c\n";
        let nm = "0000000000001000 t _RNvCs1_3foo1a\n0000000000002000 T _RNvCs1_3foo1c\n0000000000003000 r _RNvCs1_3foo1b_data\n";
        assert_eq!(found_in(listed, nm), (2, 3));
    }

    #[test]
    fn functions_more_runs_executed_come_first_then_by_name() {
        let runs: BTreeMap<String, usize> = [("b", 1), ("d", 3), ("a", 1), ("c", 3), ("e", 2)]
            .into_iter()
            .map(|(name, count)| (name.to_string(), count))
            .collect();
        assert_eq!(in_order(runs), ["c", "d", "e", "a", "b"]);
    }

    #[test]
    fn only_the_programs_executed_functions_are_listed() {
        let profile = "\
version: 1
creator: callgrind-3.19.0
events: Ir
ob=/usr/lib/x86_64-linux-gnu/libc.so.6
fl=???
fn=memcpy
0 12
ob=/repo/target/release/postman-codegen
fl=???
fn=_RNvCs1_15postman_codegen4main
0 30
cob=/usr/lib/x86_64-linux-gnu/libc.so.6
cfn=memcpy
calls=1 0
0 12
fn=_RNvCs1_15postman_codegen8generate
0 7
fn=_RNvCs1_15postman_codegen4walk'2
0 4
fn=(below main)
0 2
fn=0x0000000000185690
0 1
ob=/usr/lib/x86_64-linux-gnu/libc.so.6
fn=free
0 3
ob=/repo/target/release/postman-codegen
fn=_RNvCs1_15postman_codegen4main
0 1
";
        let names = executed_in(profile, Path::new("/repo/target/release/postman-codegen"));
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "_RNvCs1_15postman_codegen4main",
                "_RNvCs1_15postman_codegen4walk",
                "_RNvCs1_15postman_codegen8generate"
            ]
        );
    }
}
