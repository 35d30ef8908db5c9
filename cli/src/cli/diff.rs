//! `postman-codegen diff OLD NEW`: what changes for users of the generated
//! crate between two versions of a collection, and the semver bump it calls for.

use std::path::PathBuf;

use postman_codegen::unstable::diff::{Version, Versions, Which};
use postman_codegen::unstable::generate::DEFAULT_VERSION;

use super::vars::VariableArgs;
use super::{read_input, render, Failure, Output};

/// `diff --help` ends with these.
const AFTER_HELP: &str = "\
Examples:
  postman-codegen diff old.postman_collection.json collections/zoom-registrants.postman_collection.json
  postman-codegen diff old.json new.json --current-version 0.3.0
  postman-codegen diff old.json new.json --environment prod.postman_environment.json
  postman-codegen diff old.json new.json --json | jq '.changes[] | select(.severity == \"breaking\")'

Exit codes:
  0  the report was printed (breaking changes included: read the suggested bump)
  1  a collection could not be read or understood
  2  usage error (including a --current-version that is not X.Y.Z)";

/// Arguments of `diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The collection the crate was generated from.
    old: PathBuf,
    /// The new version of the collection.
    new: PathBuf,
    /// The generated crate's current version, for the suggested bump
    /// (default: the version `generate` gives a new crate).
    #[arg(long, value_name = "X.Y.Z")]
    current_version: Option<Version>,
    /// Print the changes and the bump as JSON.
    #[arg(long)]
    json: bool,
    /// Applied to both collections, as `generate` would apply them.
    #[command(flatten)]
    variables: VariableArgs,
}

/// Runs `diff`.
pub(crate) fn run(args: &Args, out: &mut Output) -> Result<(), Failure> {
    let variables = args.variables.definitions()?;
    let old_bytes = read_input(&args.old)?;
    let new_bytes = read_input(&args.new)?;
    // The new side keeps the old side's names, as regenerating the crate
    // with its name lock would.
    let versions = Versions::load(&old_bytes, &new_bytes, &variables).map_err(|(which, err)| {
        let (path, bytes) = match which {
            Which::Old => (&args.old, &old_bytes),
            Which::New => (&args.new, &new_bytes),
        };
        let file = path.display().to_string();
        Failure::input(render::diagnostic(
            err.diagnostic(),
            Some(&file),
            Some(bytes),
        ))
    })?;
    let current = match &args.current_version {
        Some(version) => version.clone(),
        None => DEFAULT_VERSION
            .parse()
            .map_err(|err| Failure::input(format!("error: {err}")))?,
    };
    for (path, api) in [
        (&args.old, &versions.old.api),
        (&args.new, &versions.new.api),
    ] {
        // Duplicated ids change how operations pair; say so before the report.
        for diagnostic in api.diagnostics.iter().filter(|d| d.code == "duplicate-id") {
            out.err(&format!(
                "warning: {}: {}\n",
                path.display(),
                diagnostic.message
            ));
        }
    }
    let changes = versions.diff();
    let report = changes.report(&current);
    if args.json {
        let text = serde_json::to_string_pretty(&report.to_json())
            .map_err(|err| Failure::input(format!("error: cannot serialize the report: {err}")))?;
        out.out(&text);
        out.out("\n");
    } else {
        out.out(&report.to_string());
    }
    Ok(())
}
