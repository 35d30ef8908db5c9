//! Rust code emission (stage 4): IR + types → the files of a client crate.
//!
//! Every Rust file is built as a token stream with `quote`, parsed with syn
//! and printed with prettyplease one top-level item at a time
//! (`rust::format_file`, `rust::print_items`); docs go in as one placeholder
//! `#[doc]` attribute per block, whose lines are put in after printing
//! (`doc_block`), and impl members that recur verbatim are printed once
//! (`repeated`). The crate's shared runtime (errors, encoding,
//! auth, retries) is hand-written Rust, the `postman-codegen-runtime` crate
//! (`runtime/src/runtime/*.rs` in this repository), passed through the same
//! parser and printer.
//!
//! Layout of a generated crate:
//!
//! ```text
//! Cargo.toml, README.md
//! src/lib.rs                 crate docs, the runtime's public items re-exported, one module per API
//! src/runtime/*.rs           shared runtime (a private module)
//! src/<api>/mod.rs           the API's docs and modules
//! src/<api>/client.rs        Client, ClientBuilder
//! src/<api>/types.rs         inferred types
//! src/<api>/<folder>.rs      a folder's handle and request builders (mod.rs when it has sub-folders)
//! src/<api>/operations.rs    builders of top-level requests
//! src/response_headers.rs    typed accessors of the response headers examples show
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
//!   `Other`. A 204/205, and any response to HEAD, has no body (nor a
//!   type, though its example has one); an example with a non-JSON body or
//!   Content-Type is text. Non-2xx statuses are `Error::Status` (429:
//!   `Error::RateLimited`), carrying the collection's description.
//! * **Async and blocking.** The `async` feature adds `send()` (an async
//!   method, on Tokio) to every builder, the `blocking` feature
//!   `send_blocking()`, both from the same request description; the runtime's
//!   async-only code (the async HTTP client, Tokio's sleep between retries)
//!   is behind `async`. [`Interface`] picks the default features and which
//!   method the docs and examples use; with neither feature the crate stops
//!   at a `compile_error!`.
//! * **Types.** Structs derive `Debug, Clone, PartialEq, Serialize,
//!   Deserialize` (and `Default` when every field has one), enums also `Eq,
//!   Hash`. [`CrateOptions::derives`] adds more; a derive that cannot hold
//!   for a type (`Eq` on a type holding `f64`) is left out there and
//!   reported (see [`Emitted::diagnostics`]).

mod cargo_toml;
mod client;
mod crate_root;
mod described_example;
mod doc_block;
mod docs;
mod example;
mod group;
mod model;
mod operation;
mod options;
pub mod pagination;
mod postman_text;
mod print;
mod printed_statements;
mod readme;
mod repeated;
mod replay;
mod response_headers;
mod runtime;
mod rust;
mod scripts;
mod scripts_doc;
mod scripts_table;
mod spec_refs;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostics::{Diagnostic, Error};
use crate::ir::{Api, TypeTable};

pub(crate) use self::model::{success_kinds, BodyKind};
pub use self::options::{
    parse_derive, Interface, MetadataError, PackageMetadata, DEFAULT_LICENSE, MAX_KEYWORDS,
};
pub use self::replay::{replay_harness, RunCredentials};
pub use self::runtime::RuntimeLayout;
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
    /// The rest of the manifest's `[package]` metadata (license, description,
    /// repository, ...).
    pub package: PackageMetadata,
    /// Which of `send().await` and `send_blocking()` the crate offers by default.
    pub interface: Interface,
    /// Extra derives for every generated struct and enum (`schemars::JsonSchema`),
    /// each a path as [`parse_derive`] accepts it.
    pub derives: Vec<String>,
    /// Where the crate carries its runtime: a package beside it (the
    /// default) or a private module.
    pub runtime: RuntimeLayout,
}

impl CrateOptions {
    /// Options for a package name and version, with the default metadata,
    /// the async interface and no extra derives.
    pub fn new(crate_name: impl Into<String>, version: impl Into<String>) -> Self {
        CrateOptions {
            crate_name: crate_name.into(),
            version: version.into(),
            package: PackageMetadata::default(),
            interface: Interface::default(),
            derives: Vec::new(),
            runtime: RuntimeLayout::default(),
        }
    }
}

/// What [`emit`] makes: the files, and what the run has to say about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Emitted {
    /// The crate's files.
    pub files: CrateFiles,
    /// Warnings about the crate as a whole, such as extra derives left out of
    /// the types they cannot hold for (`derive-skipped`, one per derive).
    pub diagnostics: Vec<Diagnostic>,
}

/// The files of a generated crate: relative path (with `/`) → content.
pub type CrateFiles = BTreeMap<String, String>;

/// Where [`emit_into`] puts each file once it is finished. A file is put at
/// most once; the order is the emission's (deterministic, not sorted).
///
/// A sink that writes the file out and drops it keeps the emitted crate out
/// of memory: the printed files are about 2.4 times the input, and they were
/// all held at the peak of a run (docs/performance.md, "Session 26: memory").
/// `Send`, because the folder modules are put from the thread that prints them.
pub trait FileSink: Send {
    /// Takes one finished file: its relative path (with `/`) and content.
    fn put(&mut self, path: String, text: String);
}

/// Collects the files, as [`emit`] returns them.
impl FileSink for CrateFiles {
    fn put(&mut self, path: String, text: String) {
        self.insert(path, text);
    }
}

/// What every emitter needs to know about the crate.
#[derive(Debug)]
pub struct Context<'a> {
    /// The options.
    pub options: &'a CrateOptions,
    /// The crate's name as a Rust identifier (`generated_client`).
    pub crate_ident: String,
}

/// Module names an API may not take: the crate's own modules, its
/// dependencies, and names the layout gives a meaning (`src/lib.rs`,
/// `src/main.rs`, `src/bin/`, `mod.rs`).
pub(crate) const RESERVED_MODULES: &[&str] = &[
    "lib",
    "main",
    "bin",
    "mod",
    "runtime",
    "client",
    "types",
    "operations",
    "response_headers",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "httpdate",
    "md5",
    "sha1",
    "sha2",
    "hmac",
];

/// Emits a whole crate for one or more APIs.
pub fn emit_crate(apis: &[ApiInput<'_>], options: &CrateOptions) -> Result<CrateFiles, Error> {
    emit(apis, options).map(|emitted| emitted.files)
}

/// [`emit_crate`], also returning the run's warnings.
pub fn emit(apis: &[ApiInput<'_>], options: &CrateOptions) -> Result<Emitted, Error> {
    let mut files = CrateFiles::new();
    let diagnostics = emit_into(apis, options, &mut files)?;
    Ok(Emitted { files, diagnostics })
}

/// [`emit`], putting each file into `sink` once it is finished instead of
/// returning them all; returns the run's warnings. On an error, what was put
/// so far is not a crate (the caller discards it).
pub fn emit_into(
    apis: &[ApiInput<'_>],
    options: &CrateOptions,
    sink: &mut dyn FileSink,
) -> Result<Vec<Diagnostic>, Error> {
    let derives = validate(apis, options)?;
    // Docs made on this thread and never printed are dropped with the run.
    let _docs = doc_block::scope();
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
    let mut optional = runtime::modules_for(apis.iter().flat_map(|input| &input.api.auth_schemes));
    optional.extend(runtime::faker_for(
        apis.iter().flat_map(|input| &input.api.variables),
    ));
    let pages = models.iter().any(|model| {
        model
            .api
            .operation_ids()
            .any(|index| operation::pages(model, index).is_some())
    });
    optional.extend(pages.then_some(runtime::PAGINATION));
    let lenient = models.iter().any(|model| types::needs_lenient(model.types));
    optional.extend(lenient.then_some(runtime::LENIENT));
    let object = models
        .iter()
        .any(|model| types::needs_object(model.types, &derives));
    optional.extend(object.then_some(runtime::OBJECT));
    let has_scripts = scripts::has_scripts(apis);
    if has_scripts {
        optional.push(runtime::SCRIPTS);
        scripts::emit(&mut files, apis, options.runtime)?;
    }
    optional.sort();
    let layout = options.runtime;
    runtime::emit(&mut files, &optional, layout, &options.crate_name)?;
    // The runtime's files (about 0.2 MB) are finished: handed on now rather
    // than held through the emission of the types and operations, and a sink
    // that writes them (`output::StagedCrate`, on a thread of its own) has
    // them created while the rest is printed; its root stays, for the crate
    // root's re-exports (`crate_root::emit`) and, as a crate, the modules
    // still to be declared in it.
    for (file, text) in std::mem::take(&mut files) {
        if file == layout.root_file() {
            files.insert(file, text);
        } else {
            sink.put(file, text);
        }
    }
    let mut skipped = types::SkippedDerives::new(&derives);
    for model in &models {
        let names = types::type_names(model.types);
        // `types.rs` and the folder modules are independent and are most of
        // the work: the folders are printed on the rayon pool from their own
        // thread while this thread has `types.rs` printed in runs on the pool
        // too (`types::types_file`), then the top-level requests and the
        // client. Errors are returned in the order of the files' sequential
        // emission (types, folders, top-level requests, client), so the
        // first error does not depend on scheduling either.
        //
        // The folder modules go to the sink as they are finished (from the
        // folders' thread); `types.rs`, the top-level requests and the client
        // once the folders are done.
        let (types_text, folders, rest) = std::thread::scope(|scope| {
            let sink = &mut *sink;
            let folders = scope.spawn(|| group::emit_groups(&ctx, model, &names, sink));
            let types_text = (!model.types.defs.is_empty()).then(|| {
                let file = format!("{}/types.rs", model.layout.dir);
                let text = types::types_file(
                    model.types,
                    &names,
                    &derives,
                    &mut skipped,
                    &model.layout.path,
                    &file,
                );
                text.map(|text| (file, text))
            });
            let mut rest = CrateFiles::new();
            let rest_result = group::root_operations(&ctx, model, &names, &mut rest)
                .and_then(|root_accessors| client::emit(&ctx, model, root_accessors, &mut rest))
                .map(|()| rest);
            let folders = folders
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (types_text, folders, rest_result)
        });
        if let Some(types_text) = types_text {
            let (file, text) = types_text?;
            sink.put(file, text);
        }
        folders?;
        for (file, text) in rest? {
            sink.put(file, text);
        }
    }
    let lowered: Vec<&Api> = apis.iter().map(|input| input.api).collect();
    if response_headers::emit(&lowered, layout, &mut files)? && layout == RuntimeLayout::Crate {
        runtime::declare_in_runtime_crate(&mut files, "response_headers")?;
    }
    // The operations tables are in both the crate docs and the README.
    let tables: Vec<String> = models.iter().map(readme::operations_table).collect();
    crate_root::emit(&ctx, &models, &tables, &mut files)?;
    let description = match &options.package.description {
        Some(description) => description.clone(),
        None => {
            let names: Vec<&str> = apis.iter().map(|a| a.api.name.as_str()).collect();
            format!(
                "Typed client for {}, generated from Postman collections",
                names.join(", ")
            )
        }
    };
    let (dependencies, optional_crates) =
        scripts::resolve_dependencies(runtime::dependencies(&optional));
    // The runtime's dependencies and features are the runtime crate's when
    // it is one, and the generated crate's enable them.
    let scripts_feature = |manifest: String, enables: &[String]| match has_scripts {
        true => scripts::with_feature(&manifest, enables),
        false => manifest,
    };
    let optional_crates: Vec<String> = optional_crates
        .iter()
        .map(|name| format!("dep:{name}"))
        .collect();
    let (runtime_manifest, manifest_path) = match layout {
        RuntimeLayout::Module => (
            cargo_toml::cargo_toml_with(options, &description, &dependencies),
            "Cargo.toml",
        ),
        RuntimeLayout::Crate => {
            let client = cargo_toml::client_cargo_toml(options, &description);
            let runtime = RuntimeLayout::package_name(&options.crate_name);
            let client = scripts_feature(client, &[format!("{runtime}/scripts")]);
            files.insert("Cargo.toml".to_string(), client);
            (
                cargo_toml::runtime_cargo_toml(options, &dependencies),
                "runtime/Cargo.toml",
            )
        }
    };
    files.insert(
        manifest_path.to_string(),
        scripts_feature(runtime_manifest, &optional_crates),
    );
    files.insert(
        "README.md".to_string(),
        readme::readme(&ctx, &models, &tables),
    );
    // The code is formatted by the generator; `cargo fmt` must not reformat it,
    // or the crate would no longer match what the generator makes.
    files.insert(
        "rustfmt.toml".to_string(),
        "# generated by postman-codegen, do not edit\ndisable_all_formatting = true\n".to_string(),
    );
    for (file, text) in files {
        sink.put(file, text);
    }
    Ok(skipped.diagnostics())
}

/// Rejects options and module names that cannot make a crate; returns the
/// extra derives, parsed.
/// How many items (types, top-level requests) one job of the rayon pool
/// builds and prints: about four jobs per thread, so the pool stays busy to
/// the end, and at most 32 items, so no job holds much printed text.
fn items_per_run(items: usize) -> usize {
    items
        .div_ceil(4 * rayon::current_num_threads())
        .clamp(1, 32)
}

/// How many jobs (folders, or runs of [`items_per_run`]) go to the pool
/// before their files are handed on: a window of eight per thread bounds
/// how much printed text is alive at once.
fn jobs_per_window() -> usize {
    8 * rayon::current_num_threads()
}

fn validate(apis: &[ApiInput<'_>], options: &CrateOptions) -> Result<Vec<syn::Path>, Error> {
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
    options
        .package
        .validate()
        .map_err(|error| Error::new("emit-invalid-metadata", "", error.message))?;
    let derives = check_derives(&options.derives)
        .map_err(|message| Error::new("emit-invalid-derive", "", message))?;
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
    Ok(derives)
}

/// Parses extra derives ([`parse_derive`]), dropping repeats; `Ord` needs
/// `Eq` and `PartialOrd` among them (generated structs derive neither).
pub fn check_derives(derives: &[String]) -> Result<Vec<syn::Path>, String> {
    let mut parsed: Vec<syn::Path> = Vec::new();
    for text in derives {
        let path = parse_derive(text)?;
        if !parsed.contains(&path) {
            parsed.push(path);
        }
    }
    let named = |name: &str| parsed.iter().any(|p| types::derive_name(p) == name);
    if named("Ord") && !(named("Eq") && named("PartialOrd")) {
        return Err(
            "deriving `Ord` needs `Eq` and `PartialOrd` as well: add them to the derives"
                .to_string(),
        );
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests;
