//! `cargo xtask codegen`: keeps the checked-in generated crates equal to what
//! the generator makes of their collections (the rust-analyzer pattern:
//! generated files are committed, and a test fails when they are stale).
//! There are two ([`CRATES`]): `generated-client/` from `collections/` (the
//! product's seed APIs), and `tests/test-clients/` from `tests/collections/`
//! (collections that exist only for the integration tests).
//!
//! Each directory's settings file `postman-codegen.toml` (package
//! metadata; the interface and extra derives; per collection its module,
//! environment, variables and name overrides) and uses the same library call as `postman-codegen generate`
//! ([`Generator`]), so the checked-in crate is exactly the CLI's output for the
//! same collections and settings.

use std::fs;
use std::path::{Path, PathBuf};

use postman_codegen::unstable::output::Stale;
use postman_codegen::unstable::settings::{Settings, SETTINGS_FILE};
use postman_codegen::{GeneratedCrate, Generator, Input};

use crate::{display_path, project_root, Failure};

/// The package name of the checked-in crate when the settings file names none.
pub(crate) const CRATE_NAME: &str = "generated-client";

/// The checked-in generated crates: the directory of collections (with its
/// settings file) and the crate generated from it, relative to the
/// repository root.
pub(crate) const CRATES: &[(&str, &str)] = &[
    // The product's: the seed APIs, whose crate users read as the example.
    ("collections", "generated-client"),
    // Collections written for the integration tests (signing auth schemes,
    // dynamic variables, response headers), generated into a crate only the
    // tests depend on.
    ("tests/collections", "tests/test-clients"),
];

/// The file name suffix of the collections that make up the checked-in crate.
const COLLECTION_SUFFIX: &str = ".postman_collection.json";

/// Arguments of `codegen`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Change nothing; fail, naming the stale files, if regenerating would
    /// change anything.
    #[arg(long)]
    check: bool,
    /// Overwrite the output directory even without its `.postman-codegen` marker.
    #[arg(long)]
    force: bool,
    /// The collections directory (default: every crate of [`CRATES`]; with
    /// this or `--out`, one crate, `collections/` by default).
    #[arg(long, hide = true)]
    collections: Option<PathBuf>,
    /// The output directory (default: `generated-client/`, with `--collections`).
    #[arg(long, hide = true)]
    out: Option<PathBuf>,
}

/// Runs `codegen`: every crate of [`CRATES`], or the one the hidden
/// `--collections`/`--out` name. With `--check`, every stale crate is
/// reported before failing.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let root = project_root();
    let crates: Vec<(PathBuf, PathBuf)> = if args.collections.is_some() || args.out.is_some() {
        let (collections, out) = CRATES[0];
        vec![(
            args.collections
                .clone()
                .unwrap_or_else(|| root.join(collections)),
            args.out.clone().unwrap_or_else(|| root.join(out)),
        )]
    } else {
        CRATES
            .iter()
            .map(|(collections, out)| (root.join(collections), root.join(out)))
            .collect()
    };
    let mut stale_crates = Vec::new();
    for (collections, out) in &crates {
        if let Err(Failure(message)) = run_one(args, collections, out) {
            if !args.check {
                return Err(Failure(message));
            }
            stale_crates.push(message);
        }
    }
    if stale_crates.is_empty() {
        Ok(())
    } else {
        Err(Failure(stale_crates.join("\n")))
    }
}

/// `codegen` for the crate `out` of the collections in `collections`.
fn run_one(args: &Args, collections: &Path, out: &Path) -> Result<(), Failure> {
    let (generated, count) = generate(collections, out)?;
    let shown = format!("{}/", display_path(out));
    if args.check {
        let stale = generated.check(out)?;
        if stale.is_empty() {
            println!("{shown} is up to date with {count} collections");
            return Ok(());
        }
        return Err(Failure(stale_message(&shown, &stale)));
    }
    let report = generated.sync_to(out, args.force)?;
    for path in &report.added {
        println!("  added   {path}");
    }
    for path in &report.changed {
        println!("  changed {path}");
    }
    for path in &report.removed {
        println!("  removed {path}");
    }
    let changes = report.total_changes();
    println!(
        "regenerated {shown} from {count} collections: {changes} file{} changed",
        if changes == 1 { "" } else { "s" }
    );
    Ok(())
}

/// Generates the crate from every `*.postman_collection.json` in `dir`, with
/// the settings of `dir/postman-codegen.toml` when it exists.
/// Generates from the collections in `dir`, keeping the names of the crate
/// in `out` (its name lock).
fn generate(dir: &Path, out: &Path) -> Result<(GeneratedCrate, usize), Failure> {
    let paths = collection_paths(dir)?;
    let settings_path = dir.join(SETTINGS_FILE);
    let builder = if settings_path.is_file() {
        let text = fs::read_to_string(&settings_path).map_err(|err| {
            Failure(format!(
                "cannot read `{}`: {err}",
                display_path(&settings_path)
            ))
        })?;
        let settings = Settings::parse(&text, &display_path(&settings_path))
            .map_err(|err| Failure(err.to_string()))?;
        let builder = settings
            .generator(dir, &paths)
            .map_err(|err| Failure(err.to_string()))?;
        if settings.package.name.is_some() {
            builder
        } else {
            builder.crate_name(CRATE_NAME)
        }
    } else {
        Generator::builder()
            .crate_name(CRATE_NAME)
            .collections(paths.iter().map(Input::path))
    };
    let generated = builder
        .keep_names_of(out)
        .build()
        .and_then(|generator| generator.generate())
        .map_err(|err| Failure(format!("cannot generate the crate:\n{err}")))?;
    Ok((generated, paths.len()))
}

/// Every `*.postman_collection.json` in `dir`, sorted by file name.
fn collection_paths(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = fs::read_dir(dir)
        .map_err(|err| Failure(format!("cannot read `{}`: {err}", display_path(dir))))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry?.path();
        let is_collection = path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.ends_with(COLLECTION_SUFFIX));
        if is_collection && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    if paths.is_empty() {
        return Err(Failure(format!(
            "no `*{COLLECTION_SUFFIX}` files in `{}`",
            display_path(dir)
        )));
    }
    Ok(paths)
}

/// The `--check` failure message.
fn stale_message(shown: &str, stale: &[Stale]) -> String {
    let mut message = format!("{shown} is stale ({} files differ):\n", stale.len());
    for entry in stale {
        message.push_str(&format!("  {entry}\n"));
    }
    message.push_str("run `cargo xtask codegen` and commit the result");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The staleness test: plain `cargo test` fails when `generated-client/`
    /// or `tests/test-clients/` is not what `cargo xtask codegen` would write.
    #[test]
    fn generated_clients_are_fresh() {
        let root = project_root();
        for (collections, out) in CRATES {
            let files = match generate(&root.join(collections), &root.join(out)) {
                Ok((generated, _)) => generated.into_files(),
                Err(Failure(message)) if message.contains("[unimplemented]") => {
                    eprintln!("skipped: a pipeline stage is not implemented yet:\n{message}");
                    return;
                }
                Err(Failure(message)) => panic!("{message}"),
            };
            let stale = postman_codegen::unstable::output::check_dir(&root.join(out), &files)
                .expect("readable");
            assert!(
                stale.is_empty(),
                "{}",
                stale_message(&format!("{out}/"), &stale)
            );
        }
    }

    /// Each collection is generated into one crate (a test-only collection
    /// copied back into `collections/` would ship in the product's), and
    /// every directory has some.
    #[test]
    fn each_collection_is_generated_into_one_crate() {
        let root = project_root();
        let mut seen = std::collections::BTreeSet::new();
        for (collections, _) in CRATES {
            let paths = collection_paths(&root.join(collections)).expect("collections");
            for path in paths {
                let name = path.file_name().expect("file name").to_os_string();
                assert!(seen.insert(name), "{} is in two crates", path.display());
            }
        }
    }

    #[test]
    fn collections_are_read_sorted_and_filtered() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "b.postman_collection.json",
            "a.postman_collection.json",
            "c.json",
        ] {
            fs::write(dir.path().join(name), "{}").expect("write");
        }
        let paths = collection_paths(dir.path()).expect("readable");
        let names: Vec<String> = paths
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            ["a.postman_collection.json", "b.postman_collection.json"]
        );

        let empty = tempfile::tempdir().expect("temp dir");
        let Failure(message) = collection_paths(empty.path()).expect_err("no collections");
        assert!(
            message.contains("no `*.postman_collection.json` files"),
            "{message}"
        );
    }

    /// A settings file with an unknown key fails `cargo xtask codegen`, naming
    /// the file, the line and the key.
    #[test]
    fn a_settings_file_with_an_unknown_key_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let collection = project_root().join("collections/webex-meetings.postman_collection.json");
        fs::copy(
            &collection,
            dir.path().join("webex-meetings.postman_collection.json"),
        )
        .expect("copy");
        fs::write(
            dir.path().join(SETTINGS_FILE),
            "[package]\nname = \"generated-client\"\n\n[collections.\"webex-meetings.postman_collection.json\"]\nmodule = \"webex\"\nmodul = \"typo\"\n",
        )
        .expect("write");
        let Err(Failure(message)) = generate(dir.path(), dir.path()) else {
            panic!("an unknown key must be an error");
        };
        let file = display_path(&dir.path().join(SETTINGS_FILE));
        assert!(
            message.starts_with(&format!(
                "{file}:6:1: unknown key `modul` in [collections.\"webex-meetings.postman_collection.json\"]"
            )),
            "{message}"
        );
    }
}
