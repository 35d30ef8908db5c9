//! Repository hygiene tests that run with plain `cargo test`.
//!
//! `cargo insta test --unreferenced=reject` needs cargo-insta; this is a cheaper
//! static check with the same aim: a `.snap` file whose test was renamed or
//! deleted, or whose input file is gone, fails the build instead of lingering.

use std::fs;
use std::path::{Path, PathBuf};

use crate::project_root;

/// Directories never searched for snapshots.
const SKIPPED_DIRS: &[&str] = &["target", ".git", "node_modules"];

#[test]
fn no_unreferenced_snapshots() {
    let root = project_root();
    let mut problems = Vec::new();
    for path in files_under(&root) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        // Pending `.snap.new` files are left alone: the failing assertion that
        // wrote one already fails the run, and `cargo insta review` clears it.
        if let Some(stem) = name.strip_suffix(".snap") {
            if let Err(problem) = check_snapshot(&root, &path, stem) {
                problems.push(format!("{shown}: {problem}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "unreferenced snapshots (delete them, or fix the test they belong to):\n{}",
        problems.join("\n")
    );
}

/// Checks one snapshot: its `source:` file exists and mentions the snapshot's
/// name, and its `input_file:` (set by `insta::glob!`) exists.
fn check_snapshot(root: &Path, path: &Path, stem: &str) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|err| format!("unreadable: {err}"))?;
    let header = header_fields(&text);
    let source = header
        .iter()
        .find(|(key, _)| *key == "source")
        .map(|(_, value)| *value)
        .ok_or("no `source:` in the header")?;
    let source_text = fs::read_to_string(root.join(source))
        .map_err(|_| format!("its test file `{source}` does not exist"))?;
    if let Some((_, input)) = header.iter().find(|(key, _)| *key == "input_file") {
        if !root.join(input).exists() {
            return Err(format!("its input file `{input}` does not exist"));
        }
    }
    let name = snapshot_name(stem);
    if !source_text.contains(name) {
        return Err(format!("`{source}` has no test or snapshot named `{name}`"));
    }
    Ok(())
}

/// The `key: value` lines between the leading `---` markers.
fn header_fields(text: &str) -> Vec<(&str, &str)> {
    let mut lines = text.lines();
    if lines.next() != Some("---") {
        return Vec::new();
    }
    lines
        .take_while(|line| *line != "---")
        .filter_map(|line| line.split_once(": "))
        .map(|(key, value)| (key.trim(), value.trim().trim_matches('"')))
        .collect()
}

/// The part of a snapshot file stem the test source must contain: before any
/// `@suffix` (which may itself hold `__`, insta's spelling of `/` in glob
/// names), after the last `__` (insta's module separator), without a `-N`
/// counter.
fn snapshot_name(stem: &str) -> &str {
    let name = stem.split('@').next().unwrap_or(stem);
    let name = name.rsplit("__").next().unwrap_or(name);
    match name.rsplit_once('-') {
        Some((base, counter))
            if !base.is_empty() && counter.chars().all(|c| c.is_ascii_digit()) =>
        {
            base
        }
        _ => name,
    }
}

/// Every file under `dir`, skipping [`SKIPPED_DIRS`].
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let skipped = SKIPPED_DIRS.iter().any(|s| entry.file_name() == *s);
            match entry.file_type() {
                Ok(t) if t.is_dir() && !skipped => pending.push(path),
                Ok(t) if t.is_file() => files.push(path),
                _ => {}
            }
        }
    }
    files
}

#[test]
fn snapshot_names_are_recovered_from_file_stems() {
    assert_eq!(
        snapshot_name("emit_snapshots__emitted_files@zoom__src__types.rs"),
        "emitted_files"
    );
    assert_eq!(
        snapshot_name("ir_snapshots__ir_of_each_repository_collection@zoom.json"),
        "ir_of_each_repository_collection"
    );
    assert_eq!(
        snapshot_name("postman_codegen__infer__tests__zoom_types-2"),
        "zoom_types"
    );
    assert_eq!(snapshot_name("emit__lib-rs"), "lib-rs");
    assert_eq!(
        header_fields("---\nsource: a/b.rs\nexpression: x\ninput_file: c.json\n---\nbody: y"),
        [
            ("source", "a/b.rs"),
            ("expression", "x"),
            ("input_file", "c.json")
        ]
    );
}

/// The README opens with the commands a newcomer runs; CI must run the same
/// test command, and the collection the first command names must exist.
#[test]
fn readme_commands_match_ci_and_the_repository() {
    let root = project_root();
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let ci = fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let commands: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.starts_with("```"))
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .collect();
    let test = commands
        .iter()
        .find(|line| line.starts_with("cargo test"))
        .expect("the README's first code block has the test command");
    assert!(
        ci.contains(test),
        "`.ci/run` does not run the README's test command `{test}`"
    );
    let generate = commands
        .iter()
        .find(|line| line.contains(" generate "))
        .expect("the README's first code block has a generate command");
    for word in generate.split_whitespace() {
        if word.starts_with("collections/") {
            assert!(root.join(word).is_file(), "README names missing `{word}`");
        }
    }
}
