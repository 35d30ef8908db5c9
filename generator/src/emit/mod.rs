//! Rust code emission (stage 4): IR + types → the files of a client crate.
//!
//! Every Rust file is built as a token stream with `quote`, parsed into a
//! `syn::File` and printed with prettyplease ([`rust::format_file`]); docs go
//! in as `#[doc]` attributes. The crate's shared runtime (errors, encoding,
//! auth, retries) is hand-written Rust kept in `runtime/*.rs.in` and passed
//! through the same parser and printer.
//!
//! Layout of a generated crate:
//!
//! ```text
//! Cargo.toml, README.md
//! src/lib.rs                 crate docs, `pub mod runtime`, one module per API
//! src/runtime/*.rs           shared runtime
//! src/<api>/mod.rs           the API's docs and modules
//! src/<api>/client.rs        Client, ClientBuilder
//! src/<api>/types.rs         inferred types
//! src/<api>/<folder>.rs      a folder's handle and request builders (mod.rs when it has sub-folders)
//! src/<api>/operations.rs    builders of top-level requests
//! ```
//!
//! A crate with a single API is flattened: the API's modules sit at the crate
//! root (`my_crate::Client`, `my_crate::types`).
//!
//! Decisions a reader of the generated code should know:
//!
//! * **Requests.** `client.<folder>()...<request>(path params)` returns a
//!   builder; every other input (query parameters, headers, form fields, the
//!   body) is a setter. Required ones are checked by `send()`, which fails
//!   with `Error::InvalidRequest` naming the missing value, before anything
//!   is sent. The builder's `request()` only fills a plain
//!   `runtime::Request`; rendering, encoding, auth, retries and status
//!   handling happen in one non-generic runtime function, so an operation is
//!   a few dozen lines and only response decoding is generic.
//! * **Wire.** Collection text (path segments, fixed query values and
//!   headers) is rendered from the client's variables and encoded as Postman
//!   does (existing `%XX` kept). Caller values are data: a path parameter is
//!   encoded as one segment (`/ ? # %` included; `.`, `..` and empty values
//!   are refused), a query value with Postman's QUERY set plus `& # + %`.
//!   A variable a request needs but the client lacks is an
//!   `Error::InvalidRequest` naming it (Postman would send `{{name}}`).
//! * **Responses.** One type when every documented 2xx agrees (`()` when
//!   none has a body), else an enum with a variant per documented status plus
//!   `Other`. A 204/205 has no body; an example with a non-JSON body or
//!   Content-Type is text. Non-2xx statuses are `Error::Status` (429:
//!   `Error::RateLimited`), carrying the collection's description.
//! * **Blocking.** The `blocking` feature adds `send_blocking()` to every
//!   builder, from the same request description.

mod cargo_toml;
mod client;
mod crate_root;
mod docs;
mod example;
mod group;
mod model;
mod operation;
mod readme;
mod replay;
mod runtime;
mod rust;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::Error;
use crate::ir::{Api, TypeTable};

pub use self::replay::{replay_harness, RunCredentials};
pub use self::rust::HEADER;

/// One API to put in the crate.
#[derive(Debug, Clone, Copy)]
pub struct ApiInput<'a> {
    /// The lowered API.
    pub api: &'a Api,
    /// Its inferred types.
    pub types: &'a TypeTable,
    /// The module it becomes when the crate holds several APIs (snake_case).
    pub module: &'a str,
}

/// Crate-level settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateOptions {
    /// The package name (`generated-client`).
    pub crate_name: String,
    /// The package version.
    pub version: String,
}

impl CrateOptions {
    /// Options for a package name and version.
    pub fn new(crate_name: impl Into<String>, version: impl Into<String>) -> Self {
        CrateOptions {
            crate_name: crate_name.into(),
            version: version.into(),
        }
    }
}

/// The license the generated crate declares.
const LICENSE: &str = "MIT OR Apache-2.0";

/// The files of a generated crate: relative path (with `/`) → content.
pub type CrateFiles = BTreeMap<String, String>;

/// What every emitter needs to know about the crate.
#[derive(Debug)]
pub struct Context<'a> {
    /// The options.
    pub options: &'a CrateOptions,
    /// The crate's name as a Rust identifier (`generated_client`).
    pub crate_ident: String,
}

/// Module names an API may not take.
const RESERVED_MODULES: &[&str] = &[
    "runtime",
    "client",
    "types",
    "operations",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "httpdate",
];

/// Emits a whole crate for one or more APIs.
pub fn emit_crate(apis: &[ApiInput<'_>], options: &CrateOptions) -> Result<CrateFiles, Error> {
    validate(apis, options)?;
    let ctx = Context {
        options,
        crate_ident: options.crate_name.replace('-', "_"),
    };
    let flatten = apis.len() == 1;
    let models: Vec<model::ApiModel<'_>> = apis
        .iter()
        .map(|input| {
            let layout = if flatten {
                model::Layout {
                    dir: "src".to_string(),
                    path: Vec::new(),
                }
            } else {
                model::Layout {
                    dir: format!("src/{}", input.module),
                    path: vec![input.module.to_string()],
                }
            };
            model::ApiModel::new(input.api, input.types, layout)
        })
        .collect();

    let mut files = CrateFiles::new();
    runtime::emit(&mut files)?;
    for model in &models {
        let names = types::type_names(model.types);
        if !model.types.defs.is_empty() {
            let file = format!("{}/types.rs", model.layout.dir);
            let tokens = types::types_module(model.types, &names);
            files.insert(file.clone(), rust::format_file(&file, tokens)?);
        }
        group::emit_groups(&ctx, model, &names, &mut files)?;
        let root_accessors = group::root_operations(&ctx, model, &names, &mut files)?;
        client::emit(&ctx, model, root_accessors, &mut files)?;
    }
    crate_root::emit(&ctx, &models, &mut files)?;
    let names: Vec<&str> = apis.iter().map(|a| a.api.name.as_str()).collect();
    let description = format!(
        "Typed client for {}, generated from Postman collections",
        names.join(", ")
    );
    files.insert(
        "Cargo.toml".to_string(),
        cargo_toml::cargo_toml(options, &description, LICENSE),
    );
    files.insert("README.md".to_string(), readme::readme(&ctx, &models));
    // The code is formatted by the generator; `cargo fmt` must not reformat it,
    // or the crate would no longer match what the generator makes.
    files.insert(
        "rustfmt.toml".to_string(),
        "# generated by postman-codegen, do not edit\ndisable_all_formatting = true\n".to_string(),
    );
    Ok(files)
}

/// Rejects options and module names that cannot make a crate.
fn validate(apis: &[ApiInput<'_>], options: &CrateOptions) -> Result<(), Error> {
    if apis.is_empty() {
        return Err(Error::new(
            "emit-no-apis",
            "",
            "no collection to generate a crate from",
        ));
    }
    let name = &options.crate_name;
    let valid_name = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_name {
        return Err(Error::new(
            "emit-invalid-crate-name",
            "",
            format!("`{name}` is not a valid package name (ASCII letters, digits, `-` and `_`, starting with a letter)"),
        ));
    }
    if options.version.trim().is_empty() {
        return Err(Error::new(
            "emit-invalid-version",
            "",
            "the crate version is empty",
        ));
    }
    let mut seen = BTreeSet::new();
    for input in apis {
        let module = input.module;
        let valid = apis.len() == 1
            || (crate::names::snake_ident(module, "") == module
                && !RESERVED_MODULES.contains(&module)
                && !module.ends_with('_'));
        if !valid {
            return Err(Error::new(
                "emit-invalid-module",
                "",
                format!("`{module}` cannot be a module name: use snake_case that is not a keyword or one of {RESERVED_MODULES:?}"),
            ));
        }
        if !seen.insert(module) {
            return Err(Error::new(
                "emit-duplicate-module",
                "",
                format!("two collections would both become module `{module}`"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
