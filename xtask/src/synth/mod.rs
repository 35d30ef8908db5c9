//! `cargo xtask synth N OUT.json`: a deterministic synthetic collection of N
//! requests for benchmarks, mixing every body mode, path and query parameters,
//! auth at several levels and saved JSON examples of realistic size.
//!
//! The collection is built by the library's
//! `postman_codegen::unstable::synthetic::collection` (see there for what it
//! holds), which the benchmarks call too, so `cargo xtask bench` and `cargo
//! bench -p postman-codegen` measure the same inputs. The same N always gives
//! the same bytes.

use std::path::{Path, PathBuf};

use postman_codegen::unstable::synthetic;

use crate::Failure;

/// Arguments of `cargo xtask synth`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many requests.
    requests: usize,
    /// Where to write the collection.
    out: PathBuf,
}

/// Writes the collection.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    write(args.requests, &args.out)?;
    println!("wrote {} requests to {}", args.requests, args.out.display());
    Ok(())
}

/// Writes the collection of `requests` requests to `out`, pretty-printed as
/// Postman exports it.
pub(crate) fn write(requests: usize, out: &Path) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(&synthetic::collection(requests))?;
    std::fs::write(out, text + "\n")
        .map_err(|err| Failure(format!("cannot write {}: {err}", out.display())))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use postman_codegen::unstable::ir::{AuthScheme, Body};

    use postman_codegen::unstable::synthetic::{collection, FOLDER_SIZE};

    #[test]
    fn same_size_gives_same_bytes_and_every_request_is_there() {
        let a = serde_json::to_string(&collection(250)).unwrap();
        let b = serde_json::to_string(&collection(250)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, serde_json::to_string(&collection(251)).unwrap());
        let api = postman_codegen::unstable::load_api(a.as_bytes()).unwrap();
        assert_eq!(api.operations.len(), 250);
        assert!(api.groups.len() > 250 / FOLDER_SIZE);
    }

    #[test]
    fn every_body_mode_auth_level_and_parameter_kind_appears() {
        let text = serde_json::to_string(&collection(400)).unwrap();
        let api = postman_codegen::unstable::load_api(text.as_bytes()).unwrap();
        let modes: BTreeSet<String> = api
            .operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .map(|body| match body {
                Body::Raw { language, .. } => format!("raw/{}", language.as_deref().unwrap_or("")),
                other => serde_json::to_value(other).unwrap()["mode"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            })
            .collect();
        let expected = [
            "file",
            "formdata",
            "graphql",
            "raw/json",
            "raw/xml",
            "urlencoded",
        ];
        assert_eq!(
            modes,
            expected.iter().map(|m| m.to_string()).collect(),
            "body modes"
        );
        assert!(api.operations.iter().any(|op| op.body.is_none()));

        let schemes: BTreeSet<&str> = api
            .auth_schemes
            .iter()
            .map(|scheme| match scheme {
                AuthScheme::Basic { .. } => "basic",
                AuthScheme::Bearer { .. } => "bearer",
                AuthScheme::ApiKey { .. } => "apikey",
                AuthScheme::OAuth2 { .. } => "oauth2",
                AuthScheme::Signed(signed) => signed.kind(),
                AuthScheme::Unsupported { .. } => "unsupported",
            })
            .collect();
        assert_eq!(
            schemes,
            BTreeSet::from(["apikey", "basic", "bearer", "oauth2"])
        );
        assert!(
            api.operations.iter().any(|op| op.auth.is_none()),
            "noauth somewhere"
        );

        let ops = &api.operations;
        assert!(
            ops.iter().any(|op| !op.path_params.is_empty()),
            "path parameters"
        );
        assert!(
            ops.iter().any(|op| !op.query.is_empty()),
            "query parameters"
        );
        assert!(ops.iter().any(|op| !op.headers.is_empty()), "headers");
        assert!(api.operations.iter().all(|op| !op.responses.is_empty()));
        assert!(api.variables.iter().any(|var| var.name == "region"));
    }
}
