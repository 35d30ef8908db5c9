//! `postman-codegen diff OLD NEW`: what changes for users of the generated
//! crate between two versions of a collection, and the semver bump it calls for.

use std::path::{Path, PathBuf};

use postman_codegen::unstable::collection::VariableDef;
use postman_codegen::unstable::diff::{diff, Version};
use postman_codegen::unstable::generate::{load_and_infer_keeping_names, DEFAULT_VERSION};
use postman_codegen::unstable::ir::{Api, TypeTable};
use postman_codegen::unstable::name_lock::ApiNames;

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
    let (old, old_types) = load(&args.old, &variables, ApiNames::default())?;
    // The new side keeps the old side's names, as regenerating the crate
    // with its name lock would.
    let kept = ApiNames::record(&old, &old_types, &Default::default());
    let (new, new_types) = load(&args.new, &variables, kept)?;
    let current = match &args.current_version {
        Some(version) => version.clone(),
        None => DEFAULT_VERSION
            .parse()
            .map_err(|err| Failure::input(format!("error: {err}")))?,
    };
    for (path, api) in [(&args.old, &old), (&args.new, &new)] {
        // Duplicated ids change how operations pair; say so before the report.
        for diagnostic in api.diagnostics.iter().filter(|d| d.code == "duplicate-id") {
            out.err(&format!(
                "warning: {}: {}\n",
                path.display(),
                diagnostic.message
            ));
        }
    }
    let changes = diff(&old, &old_types, &new, &new_types);
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

/// Reads, lowers and infers one collection, or fails with exit code 1.
fn load(
    path: &Path,
    variables: &[VariableDef],
    previous: ApiNames,
) -> Result<(Api, TypeTable), Failure> {
    let bytes = read_input(path)?;
    let loaded =
        load_and_infer_keeping_names(&bytes, variables.to_vec(), previous).map_err(|err| {
            let file = path.display().to_string();
            Failure::input(render::diagnostic(
                err.diagnostic(),
                Some(&file),
                Some(&bytes),
            ))
        })?;
    Ok((loaded.api, loaded.types))
}
