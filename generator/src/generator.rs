//! The library's front door: [`Generator`], configured with a builder, turns
//! Postman collections into a [`GeneratedCrate`] — files as strings, token
//! streams, a single module for `include!`, or a directory — with a
//! [`Report`]. The `postman-codegen` CLI and `cargo xtask codegen` both use it.
//!
//! ```
//! use postman_codegen::{Generator, Input};
//!
//! let collection = r#"{
//!   "info": {"name": "Demo", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
//!   "item": [{"id": "list-users", "name": "List users", "request": {"method": "GET", "url": "{{baseUrl}}/users"}}],
//!   "variable": [{"key": "apiKey", "value": "abc123"}]
//! }"#;
//! let generated = Generator::builder()
//!     .crate_name("demo-client")
//!     .collection(Input::text("demo.json", collection).name_override("list-users", "all_users"))
//!     .var("baseUrl", "https://api.example.com/v1")
//!     .build()?
//!     .generate()?;
//! let files = generated.files();
//! assert!(files.values().any(|text| text.contains("https://api.example.com/v1")));
//! assert!(files.values().all(|text| !text.contains("abc123")));
//! assert_eq!(generated.report().apis[0].operations, 1);
//! # Ok::<(), postman_codegen::GeneratorError>(())
//! ```
//!
//! Settings for the whole crate are on [`GeneratorBuilder`]: the package
//! name, version and metadata ([`license`](GeneratorBuilder::license),
//! [`description`](GeneratorBuilder::description),
//! [`repository`](GeneratorBuilder::repository), ...), the request
//! [`interface`](GeneratorBuilder::interface) (async, blocking or both), extra
//! [`derive`](GeneratorBuilder::derive)s on the generated types, and
//! variables for every collection. Settings for one collection
//! (module name, environment, variables, name overrides by Postman item id) are
//! on [`Input`]. Variable values apply in this order, each overriding the ones
//! before: the collection's own, the builder's environments, the input's
//! environments, the builder's [`var`](GeneratorBuilder::var)s, the input's
//! [`var`](Input::var)s. Values of secrets (environment entries of type
//! `secret`, names that say token, key, secret or password, variables used in
//! auth) never enter generated code: the report lists them as configuration the
//! client needs.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use serde_json::Value;

use crate::collection::{load_environment, Environment, VariableDef};
use crate::diagnostics::render::{diagnostic_json, render_diagnostic};
use crate::diagnostics::{Diagnostic, Severity};
use crate::emit::{check_derives, CrateFiles, FileSink, Interface, PackageMetadata, RuntimeLayout};
use crate::generate::{generate_crate_into, GenerateOptions, GeneratedApi, Source};
use crate::inline;
use crate::locate::fill_locations;
use crate::lower::LowerOptions;
use crate::name_lock::{NameLock, NAME_LOCK_FILE};
use crate::names;
use crate::output::{self, OutputError, Stale, SyncReport, WriteReport};
use crate::report::Report;

/// Module names the generated crate uses itself or its layout gives a meaning.
use crate::emit::RESERVED_MODULES;

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    Path(PathBuf),
    Bytes { name: String, bytes: Vec<u8> },
}

impl Origin {
    fn name(&self) -> String {
        match self {
            Origin::Path(path) => path.display().to_string(),
            Origin::Bytes { name, .. } => name.clone(),
        }
    }

    fn read(&self) -> Result<Vec<u8>, GeneratorError> {
        match self {
            Origin::Path(path) => fs::read(path).map_err(|source| GeneratorError::Read {
                path: path.clone(),
                source,
            }),
            Origin::Bytes { bytes, .. } => Ok(bytes.clone()),
        }
    }
}

/// A Postman environment: a file to read, or one already parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum EnvironmentSource {
    File(Origin),
    Parsed(Environment),
}

impl EnvironmentSource {
    fn load(&self) -> Result<Vec<VariableDef>, GeneratorError> {
        match self {
            EnvironmentSource::Parsed(environment) => Ok(environment.values.clone()),
            EnvironmentSource::File(origin) => {
                let bytes = origin.read()?;
                match load_environment(&bytes) {
                    Ok(environment) => Ok(environment.values),
                    Err(error) => {
                        let mut diagnostic = *error.0;
                        fill_locations(&bytes, std::iter::once(&mut diagnostic));
                        Err(GeneratorError::invalid(
                            Some(origin.name()),
                            Some(bytes),
                            diagnostic,
                        ))
                    }
                }
            }
        }
    }
}

/// One Postman collection (v2.0 or v2.1 JSON) and its settings.
///
/// ```
/// use postman_codegen::Input;
///
/// let input = Input::path("collections/zoom-registrants.postman_collection.json")
///     .module("zoom")
///     .environment_file("collections/zoom.postman_environment.json")
///     .var("baseUrl", "https://api.zoom.us/v2")
///     .name_override("2a4c5f1e-0000-4000-8000-000000000000", "update_registrant_status");
/// assert_eq!(input.name(), "collections/zoom-registrants.postman_collection.json");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    origin: Origin,
    module: Option<String>,
    environments: Vec<EnvironmentSource>,
    variables: Vec<(String, String)>,
    name_overrides: BTreeMap<String, String>,
}

impl Input {
    fn new(origin: Origin) -> Self {
        Input {
            origin,
            module: None,
            environments: Vec::new(),
            variables: Vec::new(),
            name_overrides: BTreeMap::new(),
        }
    }

    /// A collection file, read when the crate is generated.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Input::new(Origin::Path(path.into()))
    }

    /// A collection given as JSON text; `name` stands for its file in module
    /// names and messages (`zoom.postman_collection.json` → module `zoom`).
    pub fn text(name: impl Into<String>, json: impl Into<String>) -> Self {
        Input::bytes(name, json.into().into_bytes())
    }

    /// A collection given as bytes (UTF-8 JSON); `name` as for [`Input::text`].
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input::new(Origin::Bytes {
            name: name.into(),
            bytes: bytes.into(),
        })
    }

    /// The name the input goes by: the path, or the name it was given.
    pub fn name(&self) -> String {
        self.origin.name()
    }

    /// The module the collection becomes in a crate of several collections
    /// (snake_case). Default: from the file name, as
    /// [`generate::module_names`](crate::generate::module_names) describes.
    pub fn module(mut self, module: impl Into<String>) -> Self {
        self.module = Some(module.into());
        self
    }

    /// Adds a Postman environment export (`*.postman_environment.json`), read
    /// when the crate is generated; its values become the client's defaults.
    pub fn environment_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.environments
            .push(EnvironmentSource::File(Origin::Path(path.into())));
        self
    }

    /// Adds an environment already loaded with [`load_environment`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environments
            .push(EnvironmentSource::Parsed(environment));
        self
    }

    /// Sets one variable's value (as `--var NAME=VALUE` does).
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// Names the request with Postman item id `item_id` `name` (any text; it is
    /// turned into a method name), so renaming the request in Postman does not
    /// rename the generated method.
    pub fn name_override(mut self, item_id: impl Into<String>, name: impl Into<String>) -> Self {
        self.name_overrides.insert(item_id.into(), name.into());
        self
    }
}

impl From<&Path> for Input {
    fn from(path: &Path) -> Self {
        Input::path(path)
    }
}

impl From<PathBuf> for Input {
    fn from(path: PathBuf) -> Self {
        Input::path(path)
    }
}

/// Settings for a [`Generator`]; see [`Generator::builder`].
///
/// Package metadata has one method per `Cargo.toml` key, named after it;
/// the list-valued ones ([`authors`](Self::authors),
/// [`keywords`](Self::keywords), [`categories`](Self::categories)) add to the
/// list, as [`derive`](Self::derive) adds one derive per call:
///
/// ```
/// use postman_codegen::{Generator, Input, Interface};
///
/// # let collection = r#"{"info": {"name": "Demo"}, "item": [{"name": "Ping", "request": "https://api.example.com/ping"}]}"#;
/// let generated = Generator::builder()
///     .crate_name("demo-client")
///     .license("Apache-2.0")                               // default: MIT OR Apache-2.0
///     .description("A typed client for the Demo API")      // default: a generated sentence
///     .repository("https://github.com/example/demo-client")
///     .keywords(["demo", "api-client"])                    // at most 5, as crates.io requires
///     .categories(["api-bindings"])
///     .interface(Interface::Blocking)                      // send_blocking() by default
///     .derive("Eq")                                        // on every type that can have it
///     .derive("Hash")
///     .collection(Input::text("demo.json", collection))
///     .build()?
///     .generate()?;
/// let manifest = &generated.files()["Cargo.toml"];
/// assert!(manifest.contains("license = \"Apache-2.0\""));
/// assert!(manifest.contains("default = [\"rustls\", \"blocking\"]"));
/// # Ok::<(), postman_codegen::GeneratorError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeneratorBuilder {
    /// The crate settings, kept as `generate_crate` takes them: their defaults
    /// (name, version) are applied there, once.
    crate_settings: GenerateOptions,
    inputs: Vec<Input>,
    environments: Vec<EnvironmentSource>,
    variables: Vec<(String, String)>,
    name_overrides: BTreeMap<String, String>,
    keep_names_of: Option<PathBuf>,
}

impl GeneratorBuilder {
    /// The package name. Default: the collection's name in kebab-case for one
    /// collection (`Zoom API` → `zoom-api`), `generated-client` for several.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_settings.crate_name = Some(name.into());
        self
    }

    /// The package version (default `0.1.0`).
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.crate_settings.version = Some(version.into());
        self
    }

    /// The package's SPDX license expression (default `MIT OR Apache-2.0`).
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.crate_settings.package.license = Some(license.into());
        self
    }

    /// The package description (default: "Typed client for *the collections'
    /// names*, generated from Postman collections").
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.crate_settings.package.description = Some(description.into());
        self
    }

    /// The package's `repository` URL (default: none).
    pub fn repository(mut self, url: impl Into<String>) -> Self {
        self.crate_settings.package.repository = Some(url.into());
        self
    }

    /// The package's `homepage` URL (default: none).
    pub fn homepage(mut self, url: impl Into<String>) -> Self {
        self.crate_settings.package.homepage = Some(url.into());
        self
    }

    /// The package's `documentation` URL (default: none; crates.io links to docs.rs).
    pub fn documentation(mut self, url: impl Into<String>) -> Self {
        self.crate_settings.package.documentation = Some(url.into());
        self
    }

    /// Adds package authors (`Name <email>`).
    pub fn authors<S: Into<String>>(mut self, authors: impl IntoIterator<Item = S>) -> Self {
        self.crate_settings
            .package
            .authors
            .extend(authors.into_iter().map(Into::into));
        self
    }

    /// Adds crates.io keywords: at most five in all, each up to 20 ASCII
    /// letters, digits, `-` and `_`, starting with a letter.
    pub fn keywords<S: Into<String>>(mut self, keywords: impl IntoIterator<Item = S>) -> Self {
        self.crate_settings
            .package
            .keywords
            .extend(keywords.into_iter().map(Into::into));
        self
    }

    /// Adds crates.io category slugs (`api-bindings`,
    /// `web-programming::http-client`): at most five in all.
    pub fn categories<S: Into<String>>(mut self, categories: impl IntoIterator<Item = S>) -> Self {
        self.crate_settings
            .package
            .categories
            .extend(categories.into_iter().map(Into::into));
        self
    }

    /// Sets all the package metadata but name and version at once, replacing
    /// what the methods above set.
    pub fn package(mut self, package: PackageMetadata) -> Self {
        self.crate_settings.package = package;
        self
    }

    /// Which request method the crate offers by default: `send().await`
    /// ([`Interface::Async`], the default), `send_blocking()`
    /// ([`Interface::Blocking`], with no async runtime to set up) or both. The crate always has
    /// the `async` and `blocking` features; this picks the default ones and the
    /// style of the docs' examples.
    pub fn interface(mut self, interface: Interface) -> Self {
        self.crate_settings.interface = interface;
        self
    }

    /// Where the crate carries its runtime (errors, encoding, auth, retries):
    /// as a package of its own beside it, `runtime/`, a path dependency that
    /// Cargo builds once rather than with every build of the generated code
    /// ([`RuntimeLayout::Crate`], the default), or as its private module
    /// `src/runtime/` ([`RuntimeLayout::Module`]), one package. For
    /// [`GeneratedCrate::write_module`] and the other ways to `include!` the
    /// crate from a build script, choose the module.
    pub fn runtime(mut self, layout: RuntimeLayout) -> Self {
        self.crate_settings.runtime = layout;
        self
    }

    /// Adds a derive to every generated struct and enum that does not have it
    /// already, given as a path (`"Eq"`, `"schemars::JsonSchema"`). A derive
    /// from another crate needs that crate as a dependency of the crate that
    /// compiles the code (with [`GeneratedCrate::write_module`], the including
    /// crate; a generated `Cargo.toml` does not list it). `Eq`, `Hash`,
    /// `PartialOrd`, `Ord`, `Copy` and `Default` are left out of the types
    /// that cannot have them (`Eq` on a type holding an `f64`), with one
    /// `derive-skipped` warning per derive in the [`Report`]; `Ord` needs
    /// `Eq` and `PartialOrd` as well.
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.crate_settings.derives.push(path.into());
        self
    }

    /// Adds a collection; each becomes a module of the crate (a crate of one
    /// collection has its API at the crate root).
    pub fn collection(mut self, input: impl Into<Input>) -> Self {
        self.inputs.push(input.into());
        self
    }

    /// Adds collections.
    pub fn collections<I: Into<Input>>(mut self, inputs: impl IntoIterator<Item = I>) -> Self {
        self.inputs.extend(inputs.into_iter().map(Into::into));
        self
    }

    /// Adds an environment file for every collection.
    pub fn environment_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.environments
            .push(EnvironmentSource::File(Origin::Path(path.into())));
        self
    }

    /// Adds an environment for every collection.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environments
            .push(EnvironmentSource::Parsed(environment));
        self
    }

    /// Sets a variable for every collection.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.variables.push((name.into(), value.into()));
        self
    }

    /// A name override by Postman item id for whichever collection has the item.
    pub fn name_override(mut self, item_id: impl Into<String>, name: impl Into<String>) -> Self {
        self.name_overrides.insert(item_id.into(), name.into());
        self
    }

    /// Keeps the names of the crate generated into `dir` before: its name
    /// lock ([`NAME_LOCK_FILE`](crate::name_lock::NAME_LOCK_FILE), read by
    /// [`Generator::generate`]; absent means nothing to keep). Every generated
    /// crate carries the file; with it, a request or folder added anywhere in
    /// the collection, even before a same-named one, renames nothing that
    /// existed. The CLI and `cargo xtask codegen` keep the names of their
    /// output directory.
    pub fn keep_names_of(mut self, dir: impl Into<PathBuf>) -> Self {
        self.keep_names_of = Some(dir.into());
        self
    }

    /// Checks the settings (files are read later, by [`Generator::generate`]).
    ///
    /// # Errors
    ///
    /// No collection; a crate name that is not a package name; an empty
    /// version; package metadata crates.io would refuse (see
    /// [`PackageMetadata::validate`]: too many keywords, a URL that is not
    /// http(s), ...); a derive that is not a path; a module name that is not
    /// a snake_case identifier or is given twice; an empty variable name, item
    /// id or override name.
    pub fn build(self) -> Result<Generator, GeneratorError> {
        let setting = |code, message: String| {
            Err(GeneratorError::invalid(
                None,
                None,
                Diagnostic::error(code, "", message),
            ))
        };
        if self.inputs.is_empty() {
            return setting("no-collections", "no collections were given".to_string());
        }
        if let Some(name) = &self.crate_settings.crate_name {
            if let Err(message) = check_crate_name(name) {
                return setting("invalid-crate-name", message);
            }
        }
        if let Some(version) = &self.crate_settings.version {
            if version.trim().is_empty() || version.contains(char::is_whitespace) {
                return setting(
                    "invalid-version",
                    format!("`{version}` is not a package version such as `0.1.0`"),
                );
            }
        }
        if let Err(error) = self.crate_settings.package.validate() {
            return setting("invalid-package-metadata", error.message);
        }
        if let Err(message) = check_derives(&self.crate_settings.derives) {
            return setting("invalid-derive", message);
        }
        let mut modules = BTreeSet::new();
        for input in &self.inputs {
            let Some(module) = &input.module else {
                continue;
            };
            if let Err(message) = check_module_name(module) {
                return setting("invalid-module", message);
            }
            if !modules.insert(module.as_str()) {
                return setting(
                    "duplicate-module",
                    format!("two collections are given the module name `{module}`"),
                );
            }
        }
        let all_variables = self
            .variables
            .iter()
            .chain(self.inputs.iter().flat_map(|i| &i.variables));
        for (name, _) in all_variables {
            if name.trim().is_empty() {
                return setting("invalid-variable", "a variable name is empty".to_string());
            }
        }
        let all_overrides = self
            .name_overrides
            .iter()
            .chain(self.inputs.iter().flat_map(|i| &i.name_overrides));
        for (id, name) in all_overrides {
            if id.trim().is_empty() || name.trim().is_empty() {
                return setting(
                    "invalid-name-override",
                    format!("the name override `{id}` = `{name}` needs both an item id and a name"),
                );
            }
        }
        Ok(Generator { settings: self })
    }
}

/// Generates a client crate from Postman collections.
///
/// Build one with [`Generator::builder`], then call [`Generator::generate`]
/// (as often as needed: it reads the files anew each time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generator {
    settings: GeneratorBuilder,
}

impl Generator {
    /// Starts the settings.
    pub fn builder() -> GeneratorBuilder {
        GeneratorBuilder::default()
    }

    /// Reads the collections and environments and generates the crate.
    ///
    /// # Errors
    ///
    /// A file that cannot be read ([`GeneratorError::Read`]), or a collection
    /// or environment that cannot be turned into a crate
    /// ([`GeneratorError::Input`], naming the file, with the diagnostic's line
    /// and column). Warnings do not fail generation; they are in the
    /// [`Report`].
    pub fn generate(&self) -> Result<GeneratedCrate, GeneratorError> {
        let mut files = CrateFiles::new();
        let mut generated = self.generate_into(&mut files)?;
        generated.files = files;
        Ok(generated)
    }

    /// Generates the crate and writes it to `dir` as [`GeneratedCrate::write_to`]
    /// does (atomically; a non-empty directory the generator did not write is
    /// refused unless `force`), but each file as soon as it is finished: the
    /// crate is never whole in memory (its files are about 2.4 times the
    /// input). The returned crate's [`GeneratedCrate::files`] is empty.
    ///
    /// # Errors
    ///
    /// The outer error is the generation's, as [`Generator::generate`]'s (and
    /// `dir` is then as it was); the inner one the writing's, as
    /// [`GeneratedCrate::write_to`]'s, reported after a generation that
    /// succeeded.
    #[allow(clippy::type_complexity)]
    pub fn generate_to(
        &self,
        dir: impl AsRef<Path>,
        force: bool,
    ) -> Result<(GeneratedCrate, Result<WriteReport, GeneratorError>), GeneratorError> {
        let mut staged = output::StagedCrate::new(dir.as_ref(), force);
        // On an error, `staged` is dropped: what it staged is removed.
        let generated = self.generate_into(&mut staged)?;
        let written = staged.finish().map_err(GeneratorError::Output);
        Ok((generated, written))
    }

    /// [`Generator::generate`], putting the files into `sink`.
    fn generate_into(&self, sink: &mut dyn FileSink) -> Result<GeneratedCrate, GeneratorError> {
        let settings = &self.settings;
        let global_environments = settings
            .environments
            .iter()
            .map(EnvironmentSource::load)
            .collect::<Result<Vec<_>, _>>()?;
        let mut sources = Vec::with_capacity(settings.inputs.len());
        for input in &settings.inputs {
            let bytes = input.origin.read()?;
            let mut variables: Vec<VariableDef> =
                global_environments.iter().flatten().cloned().collect();
            for environment in &input.environments {
                variables.extend(environment.load()?);
            }
            variables.extend(settings.variables.iter().chain(&input.variables).map(
                |(key, value)| VariableDef {
                    key: key.clone(),
                    value: value.clone(),
                    kind: None,
                    description: None,
                },
            ));
            let mut name_overrides = settings.name_overrides.clone();
            name_overrides.extend(input.name_overrides.clone());
            sources.push(Source {
                name: input.name(),
                bytes,
                module: input.module.clone(),
                lower: LowerOptions {
                    variables,
                    name_overrides,
                    ..LowerOptions::default()
                },
                // A file's bytes need not be held while it is lowered.
                reread_from: match &input.origin {
                    Origin::Path(path) => Some(path.clone()),
                    Origin::Bytes { .. } => None,
                },
            });
        }
        let mut options = settings.crate_settings.clone();
        if let Some(dir) = &settings.keep_names_of {
            options.previous_names = read_name_lock(dir)?;
        }
        let generated = generate_crate_into(sources, &options, sink).map_err(|error| {
            GeneratorError::invalid(error.source_name, error.source_bytes, *error.error.0)
        })?;
        let mut apis = generated.apis;
        let mut run_diagnostics = generated.crate_diagnostics;
        run_diagnostics.extend(check_name_overrides(settings, &mut apis));
        let report = Report::new(&generated.crate_name, &apis, run_diagnostics);
        Ok(GeneratedCrate {
            crate_name: generated.crate_name,
            files: generated.files,
            apis,
            sources: generated.excerpt_sources,
            report,
        })
    }
}

/// The name lock in `dir`; empty when there is none.
fn read_name_lock(dir: &Path) -> Result<NameLock, GeneratorError> {
    let path = dir.join(NAME_LOCK_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(NameLock::default()),
        Err(source) => return Err(GeneratorError::Read { path, source }),
    };
    NameLock::parse(&text).map_err(|message| {
        GeneratorError::invalid(
            Some(path.display().to_string()),
            None,
            Diagnostic::error(
                "invalid-name-lock",
                "",
                format!("not a name lock ({message}); delete the file to name everything afresh"),
            ),
        )
    })
}

/// Warns about name overrides that match no request: per input for the input's
/// own, for the run for the builder's. Returns the run's diagnostics.
fn check_name_overrides(settings: &GeneratorBuilder, apis: &mut [GeneratedApi]) -> Vec<Diagnostic> {
    let ids = |api: &GeneratedApi| -> BTreeSet<String> {
        api.api
            .operations
            .iter()
            .filter_map(|op| op.postman_id.clone())
            .collect()
    };
    let mut all_ids = BTreeSet::new();
    for (input, api) in settings.inputs.iter().zip(apis.iter_mut()) {
        let known = ids(api);
        for id in input
            .name_overrides
            .keys()
            .filter(|id| !known.contains(*id))
        {
            api.api
                .diagnostics
                .push(unused_override(id, Some(&api.source)));
        }
        all_ids.extend(known);
    }
    settings
        .name_overrides
        .keys()
        .filter(|id| !all_ids.contains(*id))
        .map(|id| unused_override(id, None))
        .collect()
}

fn unused_override(id: &str, source: Option<&str>) -> Diagnostic {
    let place = match source {
        Some(source) => format!("no request in `{source}`"),
        None => "no request in any collection".to_string(),
    };
    Diagnostic::warning(
        "unused-name-override",
        "",
        format!("the name override for item id `{id}` has no effect: {place} has that id"),
    )
}

/// Valid Cargo package names: ASCII letters, digits, `-` and `_`, starting
/// with a letter.
pub(crate) fn check_crate_name(name: &str) -> Result<(), String> {
    let valid_start = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid_start && valid_chars {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

/// Module names: snake_case identifiers that are not keywords or `runtime`.
pub(crate) fn check_module_name(module: &str) -> Result<(), String> {
    let valid = !module.is_empty()
        && names::snake_ident(module, "") == module
        && !module.ends_with('_')
        && !RESERVED_MODULES.contains(&module);
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{module}` cannot be a module name: use a snake_case identifier that is not a keyword or one of {RESERVED_MODULES:?}"
        ))
    }
}

/// A generated client crate: its files, what the generator made of each
/// collection, and the [`Report`].
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedCrate {
    crate_name: String,
    files: CrateFiles,
    apis: Vec<GeneratedApi>,
    /// Each input's bytes, for excerpts in rendered diagnostics.
    sources: Vec<Vec<u8>>,
    report: Report,
}

impl GeneratedCrate {
    /// The package name.
    pub fn crate_name(&self) -> &str {
        &self.crate_name
    }

    /// The crate's files as strings: relative path (with `/`) → content.
    pub fn files(&self) -> &CrateFiles {
        &self.files
    }

    /// The files, taken.
    pub fn into_files(self) -> CrateFiles {
        self.files
    }

    /// Every collection's IR and inferred types, in input order: for the
    /// workspace's tools, under the same terms as [`crate::unstable`] (no
    /// semver promise).
    #[doc(hidden)]
    pub fn apis(&self) -> &[GeneratedApi] {
        &self.apis
    }

    /// What the run made: operations, types, required configuration and
    /// diagnostics per collection.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Every Rust file as tokens, by path (comments other than doc comments
    /// are dropped, as tokens have none).
    ///
    /// # Errors
    ///
    /// Only for generated code that does not lex, which would be a generator bug.
    pub fn to_token_streams(&self) -> Result<BTreeMap<String, TokenStream>, GeneratorError> {
        inline::token_streams(&self.files).map_err(GeneratorError::from_generated)
    }

    /// The whole crate as one `pub mod` item for `include!`, to be included
    /// at `mount` (`"client"` at the crate root, `"api::client"` inside `mod api`):
    /// the item is `pub mod client { .. }`, and paths are rewritten to start
    /// at `crate::api::client`.
    ///
    /// The including crate needs the generated crate's dependencies and its
    /// `async` and `blocking` features, at least one of them enabled (see
    /// `examples/build-script/Cargo.toml`).
    ///
    /// # Errors
    ///
    /// `mount` is not a module path, or (a generator bug) the generated files
    /// cannot be combined.
    pub fn to_module_tokens(&self, mount: &str) -> Result<TokenStream, GeneratorError> {
        inline::crate_as_module(&self.files, mount).map_err(GeneratorError::from_generated)
    }

    /// [`GeneratedCrate::to_module_tokens`] as formatted source, with the
    /// generated-file header.
    ///
    /// # Errors
    ///
    /// As [`GeneratedCrate::to_module_tokens`].
    pub fn to_module_string(&self, mount: &str) -> Result<String, GeneratorError> {
        inline::crate_as_module_string(&self.files, mount).map_err(GeneratorError::from_generated)
    }

    /// Writes [`GeneratedCrate::to_module_string`] to `file` (creating its
    /// directory), unless the file already has exactly that content, so a build
    /// script does not cause needless rebuilds.
    ///
    /// # Errors
    ///
    /// As [`GeneratedCrate::to_module_tokens`], or the file cannot be written.
    pub fn write_module(&self, file: impl AsRef<Path>, mount: &str) -> Result<(), GeneratorError> {
        let file = file.as_ref();
        let text = self.to_module_string(mount)?;
        if fs::read_to_string(file).is_ok_and(|existing| existing == text) {
            return Ok(());
        }
        let write_error = |source: io::Error| {
            GeneratorError::Output(OutputError::Io {
                action: "cannot write",
                path: file.to_path_buf(),
                source,
            })
        };
        if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(write_error)?;
        }
        fs::write(file, text).map_err(write_error)
    }

    /// Writes the crate to `dir`, replacing it atomically (see
    /// [`output::write_crate_atomically`]); a non-empty directory the generator
    /// did not write is refused unless `force`.
    ///
    /// # Errors
    ///
    /// The directory is refused or cannot be written.
    pub fn write_to(
        &self,
        dir: impl AsRef<Path>,
        force: bool,
    ) -> Result<WriteReport, GeneratorError> {
        output::write_crate_atomically(dir.as_ref(), &self.files, force)
            .map_err(GeneratorError::Output)
    }

    /// Updates `dir` in place, rewriting only changed files (see [`output::sync_dir`]).
    ///
    /// # Errors
    ///
    /// As [`GeneratedCrate::write_to`].
    pub fn sync_to(
        &self,
        dir: impl AsRef<Path>,
        force: bool,
    ) -> Result<SyncReport, GeneratorError> {
        output::sync_dir(dir.as_ref(), &self.files, force).map_err(GeneratorError::Output)
    }

    /// The files of `dir` that differ from the generated ones (see [`output::check_dir`]).
    ///
    /// # Errors
    ///
    /// `dir` cannot be read.
    pub fn check(&self, dir: impl AsRef<Path>) -> Result<Vec<Stale>, GeneratorError> {
        output::check_dir(dir.as_ref(), &self.files).map_err(GeneratorError::Output)
    }

    /// Every diagnostic of at least `min` severity, for the terminal: each with
    /// its file and, where the line is known, an excerpt of the file.
    pub fn render_diagnostics(&self, min: Severity) -> String {
        let mut text = String::new();
        for diagnostic in self.report.diagnostics.iter().filter(|d| d.severity >= min) {
            text.push_str(&render_diagnostic(diagnostic, None, None));
        }
        for (api, source) in self.report.apis.iter().zip(&self.sources) {
            for diagnostic in api.diagnostics.iter().filter(|d| d.severity >= min) {
                text.push_str(&render_diagnostic(
                    diagnostic,
                    Some(&api.source),
                    Some(source),
                ));
            }
        }
        text
    }

    /// [`GeneratedCrate::render_diagnostics`] with repeats collapsed: per
    /// diagnostic code, the first `per_code` in full, then one line
    /// (`   = 456 more like this`) for the rest. Codes keep the order of
    /// their first diagnostic. The second value is how many were left out.
    pub fn render_diagnostics_collapsed(&self, min: Severity, per_code: usize) -> (String, usize) {
        /// A diagnostic with its file name and source, when it has them.
        type Located<'a> = (Option<&'a str>, Option<&'a [u8]>, &'a Diagnostic);
        let sources: Vec<Located<'_>> = self
            .report
            .diagnostics
            .iter()
            .map(|d| (None, None, d))
            .chain(
                self.report
                    .apis
                    .iter()
                    .zip(&self.sources)
                    .flat_map(|(api, source)| {
                        api.diagnostics
                            .iter()
                            .map(move |d| (Some(api.source.as_str()), Some(&source[..]), d))
                    }),
            )
            .filter(|(_, _, d)| d.severity >= min)
            .collect();
        let mut codes: Vec<(Severity, &str)> = Vec::new();
        for (_, _, diagnostic) in &sources {
            let key = (diagnostic.severity, diagnostic.code);
            if !codes.contains(&key) {
                codes.push(key);
            }
        }
        let mut text = String::new();
        let mut left_out = 0;
        for key in codes {
            let group: Vec<_> = sources
                .iter()
                .filter(|(_, _, d)| (d.severity, d.code) == key)
                .collect();
            for (file, source, diagnostic) in group.iter().take(per_code) {
                text.push_str(&render_diagnostic(diagnostic, *file, *source));
            }
            let more = group.len().saturating_sub(per_code);
            if more > 0 {
                text.push_str(&format!("   = {more} more like this\n"));
                left_out += more;
            }
        }
        (text, left_out)
    }

    /// Every diagnostic as a JSON object (see [`diagnostic_json`]).
    pub fn diagnostics_json(&self) -> Vec<Value> {
        self.report
            .all_diagnostics()
            .map(|(api, diagnostic)| diagnostic_json(diagnostic, api.map(|a| a.source.as_str())))
            .collect()
    }
}

/// Why no crate was generated or written.
///
/// `Display` renders the error for a terminal: the diagnostic, the file, and
/// an excerpt of the file with a marker where the line is known.
#[derive(Debug)]
#[non_exhaustive]
pub enum GeneratorError {
    /// A collection or environment file could not be read.
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
    /// A setting, collection or environment that cannot make a crate.
    Input(Box<InputError>),
    /// The crate could not be written.
    Output(OutputError),
}

/// The details of [`GeneratorError::Input`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file at fault (`None` for settings).
    pub file: Option<String>,
    /// What is wrong and where (JSON path, line and column).
    pub diagnostic: Diagnostic,
    /// The file's bytes, for the excerpt.
    source_text: Option<Vec<u8>>,
}

impl GeneratorError {
    fn invalid(file: Option<String>, source_text: Option<Vec<u8>>, diagnostic: Diagnostic) -> Self {
        GeneratorError::Input(Box::new(InputError {
            file,
            diagnostic,
            source_text,
        }))
    }

    fn from_generated(error: crate::diagnostics::Error) -> Self {
        GeneratorError::invalid(None, None, *error.0)
    }

    /// The error as a diagnostic (`cannot-read` and `cannot-write` for I/O).
    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            GeneratorError::Read { path, source } => Diagnostic::error(
                "cannot-read",
                "",
                format!("cannot read `{}`: {source}", path.display()),
            ),
            GeneratorError::Input(input) => input.diagnostic.clone(),
            GeneratorError::Output(error) => {
                Diagnostic::error("cannot-write", "", error.to_string())
            }
        }
    }

    /// The file the error is about, when there is one.
    pub fn file(&self) -> Option<String> {
        match self {
            GeneratorError::Read { path, .. } => Some(path.display().to_string()),
            GeneratorError::Input(input) => input.file.clone(),
            GeneratorError::Output(_) => None,
        }
    }

    /// The error as one JSON object (see [`diagnostic_json`]).
    pub fn to_json(&self) -> Value {
        diagnostic_json(&self.diagnostic(), self.file().as_deref())
    }
}

impl fmt::Display for GeneratorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            GeneratorError::Input(input) => render_diagnostic(
                &input.diagnostic,
                input.file.as_deref(),
                input.source_text.as_deref(),
            ),
            _ => render_diagnostic(&self.diagnostic(), None, None),
        };
        f.write_str(text.trim_end())
    }
}

impl std::error::Error for GeneratorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            GeneratorError::Read { source, .. } => Some(source),
            GeneratorError::Output(error) => Some(error),
            GeneratorError::Input(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLLECTION: &str = r#"{
  "info": {"name": "Demo API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "item": [
    {"id": "item-1", "name": "List users", "request": {"method": "GET", "url": "{{baseUrl}}/users?limit={{limit}}"}}
  ],
  "variable": [{"key": "baseUrl", "value": "https://collection.example.com"}]
}"#;

    fn demo() -> Input {
        Input::text("demo.postman_collection.json", COLLECTION)
    }

    #[test]
    fn settings_are_checked_before_anything_is_read() {
        let code = |builder: GeneratorBuilder| builder.build().unwrap_err().diagnostic().code;
        assert_eq!(code(Generator::builder()), "no-collections");
        let one = || Generator::builder().collection(demo());
        assert_eq!(code(one().crate_name("2fa")), "invalid-crate-name");
        assert_eq!(code(one().version(" ")), "invalid-version");
        assert_eq!(code(one().var("", "x")), "invalid-variable");
        assert_eq!(
            code(one().name_override("id", " ")),
            "invalid-name-override"
        );
        for module in ["Zoom", "type", "runtime", "a-b", ""] {
            let builder = Generator::builder().collection(demo().module(module));
            assert_eq!(code(builder), "invalid-module", "{module}");
        }
        let twice = Generator::builder()
            .collection(demo().module("a"))
            .collection(demo().module("a"));
        assert_eq!(code(twice), "duplicate-module");
        // A missing file is only noticed when generating.
        let missing = Generator::builder()
            .collection(Input::path("no/such.json"))
            .build()
            .unwrap();
        let err = missing.generate().unwrap_err();
        assert!(matches!(err, GeneratorError::Read { .. }), "{err:?}");
        assert_eq!(err.file().as_deref(), Some("no/such.json"));
    }

    #[test]
    fn later_values_win_and_the_report_lists_what_is_missing() {
        let environment = load_environment(
            br#"{"name": "e", "values": [{"key": "baseUrl", "value": "https://env.example.com"}]}"#,
        )
        .unwrap();
        let generated = Generator::builder()
            .collection(demo().environment(environment))
            .build()
            .unwrap()
            .generate()
            .unwrap();
        let api = &generated.report().apis[0];
        assert_eq!(api.base_url.as_deref(), Some("https://env.example.com"));
        let names: Vec<&str> = api.configuration.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["limit"]);

        let generated = Generator::builder()
            .var("baseUrl", "https://global.example.com")
            .collection(demo().var("baseUrl", "https://input.example.com"))
            .build()
            .unwrap()
            .generate()
            .unwrap();
        assert_eq!(
            generated.report().apis[0].base_url.as_deref(),
            Some("https://input.example.com")
        );
    }

    #[test]
    fn unused_name_overrides_are_warnings() {
        let generated = Generator::builder()
            .collection(
                demo()
                    .name_override("item-1", "everyone")
                    .name_override("nope", "x"),
            )
            .name_override("global-nope", "y")
            .build()
            .unwrap()
            .generate()
            .unwrap();
        assert_eq!(
            generated.apis()[0].api.operations[0].method_name,
            "everyone"
        );
        let codes: Vec<(&str, &str)> = generated
            .report()
            .warnings()
            .map(|(api, d)| (api.map_or("", |a| a.source.as_str()), d.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("", "unused-name-override"),
                ("demo.postman_collection.json", "unused-name-override")
            ]
        );
    }

    #[test]
    fn a_bad_environment_is_named_with_its_location() {
        let generated = Generator::builder()
            .collection(demo())
            .environment_file(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .build()
            .unwrap()
            .generate();
        let err = generated.unwrap_err();
        assert_eq!(err.diagnostic().code, "invalid-json");
        assert!(err.file().is_some_and(|f| f.ends_with("Cargo.toml")));
        assert!(err.to_string().contains("^"), "{err}");
        assert_eq!(err.to_json()["code"], "invalid-json");
    }
}
