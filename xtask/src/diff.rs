//! `cargo xtask diff OLD NEW`: the API diff of two versions of a collection,
//! with the bump suggested from the checked-in crate's version.
//!
//! The same library calls as `postman-codegen diff`
//! ([`postman_codegen::unstable::diff::Versions`]: the new collection keeps
//! the old one's names), so both print the same report; only the default
//! current version differs: here it is the version in
//! `generated-client/Cargo.toml`, and no variables are applied.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use postman_codegen::unstable::diff::{Version, Versions, Which};
use postman_codegen::unstable::generate::DEFAULT_VERSION;

use crate::{display_path, project_root, Failure};

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The collection the crate was generated from.
    old: PathBuf,
    /// The new version of the collection.
    new: PathBuf,
    /// The crate's current version (default: `generated-client/Cargo.toml`'s).
    #[arg(long, value_name = "X.Y.Z")]
    current_version: Option<Version>,
    /// Print the changes and the bump as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs `diff`.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let versions =
        Versions::load(&read(&args.old)?, &read(&args.new)?, &[]).map_err(|(which, err)| {
            let path = match which {
                Which::Old => &args.old,
                Which::New => &args.new,
            };
            Failure(format!("{}: {err}", display_path(path)))
        })?;
    let current = match &args.current_version {
        Some(version) => version.clone(),
        None => checked_in_version(&project_root().join("generated-client/Cargo.toml"))
            .map_or_else(|| DEFAULT_VERSION.parse(), Ok)?,
    };
    let changes = versions.diff();
    let report = changes.report(&current);
    let text = if args.json {
        serde_json::to_string_pretty(&report.to_json())? + "\n"
    } else {
        report.to_string()
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}

/// The bytes of a collection file.
fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    fs::read(path).map_err(|err| Failure(format!("cannot read {}: {err}", display_path(path))))
}

/// The `version` of a manifest's `[package]` table, when it is a plain string.
fn checked_in_version(manifest: &Path) -> Option<Version> {
    let text = fs::read_to_string(manifest).ok()?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if let Some(value) = in_package
            .then(|| line.strip_prefix("version"))
            .flatten()
            .and_then(|rest| rest.trim_start().strip_prefix('='))
        {
            return value.trim().trim_matches('"').parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_package_version_only() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join("Cargo.toml");
        fs::write(
            &manifest,
            "# generated\n[package]\nname = \"x\"\nversion = \"0.3.0\"\n\n[dependencies]\nversion = \"9.9.9\"\n",
        )
        .unwrap();
        assert_eq!(checked_in_version(&manifest), Some(Version::new(0, 3, 0)));
        fs::write(&manifest, "[package]\nversion.workspace = true\n").unwrap();
        assert_eq!(checked_in_version(&manifest), None);
    }
}
