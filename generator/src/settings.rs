//! The settings file beside the collections (`collections/postman-codegen.toml`),
//! read by `cargo xtask codegen`: the crate's package metadata, how it is
//! generated (request interface, extra derives, where the runtime goes) and,
//! per collection file, its
//! module name, environment file, variable values and name overrides keyed by
//! Postman item id.
//!
//! ```toml
//! [package]
//! name = "generated-client"
//! version = "0.1.0"
//! # All optional; checked as GeneratorBuilder::build checks them.
//! license = "MIT OR Apache-2.0"                     # the default
//! description = "Typed clients for the Zoom API"    # default: a generated sentence
//! repository = "https://github.com/example/zoom-client"
//! homepage = "https://example.com"
//! documentation = "https://docs.rs/zoom-client"
//! authors = ["Jane Doe <jane@example.com>"]
//! keywords = ["zoom", "api"]                        # at most 5
//! categories = ["api-bindings"]                     # at most 5
//!
//! [generate]
//! interface = "async"                               # or "blocking", "both"
//! derives = ["Eq", "Hash"]                          # added to every type that can have them
//! runtime = "crate"                                 # or "module": see GeneratorBuilder::runtime
//!
//! [collections."zoom-registrants.postman_collection.json"]
//! module = "zoom"
//! environment = "zoom.postman_environment.json"   # relative to this file
//!
//! [collections."zoom-registrants.postman_collection.json".variables]
//! baseUrl = "https://api.zoom.us/v2"
//!
//! [collections."zoom-registrants.postman_collection.json".names]
//! "8d4f6a0e-2f4b-4c43-9a57-1f0c6a5c2b11" = "update_registrant_status"
//! ```
//!
//! Every key is checked: an unknown one is an error naming the file, the line
//! and the key, as is a collection entry for a file that is not there.
//!
//! ```
//! use postman_codegen::unstable::settings::Settings;
//!
//! let err = Settings::parse("[package]\nname = \"x\"\nlicence = \"MIT\"\n", "codegen.toml")
//!     .unwrap_err();
//! assert_eq!(err.line, 3);
//! assert_eq!(err.key.as_deref(), Some("licence"));
//! assert!(err.to_string().starts_with("codegen.toml:3:1: unknown key `licence` in [package]"));
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::emit::{check_derives, parse_derive, Interface, PackageMetadata, RuntimeLayout};
use crate::generator::{check_crate_name, check_module_name, GeneratorBuilder, Input};
use crate::Generator;

/// The conventional file name of the settings file.
pub const SETTINGS_FILE: &str = "postman-codegen.toml";

/// A parsed settings file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `[package]`: the generated crate's metadata.
    #[serde(default)]
    pub package: PackageSettings,
    /// `[generate]`: how the code is generated.
    #[serde(default)]
    pub generate: GenerateSettings,
    /// `[collections."<file name>"]`: settings per collection file.
    #[serde(default)]
    pub collections: BTreeMap<String, CollectionSettings>,
    /// The file name and text, for positions in later errors.
    #[serde(skip)]
    origin: (String, String),
}

/// `[package]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackageSettings {
    /// The package name.
    pub name: Option<String>,
    /// The package version.
    pub version: Option<String>,
    /// The SPDX license expression (default `MIT OR Apache-2.0`).
    pub license: Option<String>,
    /// The package description (default: a sentence naming the collections).
    pub description: Option<String>,
    /// The repository URL.
    pub repository: Option<String>,
    /// The home page URL.
    pub homepage: Option<String>,
    /// The documentation URL.
    pub documentation: Option<String>,
    /// The authors.
    #[serde(default)]
    pub authors: Vec<String>,
    /// crates.io keywords (at most 5).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs (at most 5).
    #[serde(default)]
    pub categories: Vec<String>,
}

impl PackageSettings {
    /// The metadata besides name and version.
    pub fn metadata(&self) -> PackageMetadata {
        PackageMetadata {
            license: self.license.clone(),
            description: self.description.clone(),
            repository: self.repository.clone(),
            homepage: self.homepage.clone(),
            documentation: self.documentation.clone(),
            authors: self.authors.clone(),
            keywords: self.keywords.clone(),
            categories: self.categories.clone(),
        }
    }
}

/// `[generate]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateSettings {
    /// `"async"` (the default), `"blocking"` or `"both"`: the crate's default
    /// request interface (see [`GeneratorBuilder::interface`]).
    pub interface: Option<Interface>,
    /// Extra derives for every generated type (see [`GeneratorBuilder::derive`]).
    #[serde(default)]
    pub derives: Vec<String>,
    /// `"crate"` (the default) or `"module"`: where the crate carries its
    /// runtime (see [`GeneratorBuilder::runtime`]).
    pub runtime: Option<RuntimeLayout>,
}

/// `[collections."<file name>"]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionSettings {
    /// The module the collection becomes.
    pub module: Option<String>,
    /// A Postman environment export, relative to the settings file.
    pub environment: Option<PathBuf>,
    /// Variable values, as `--var NAME=VALUE` gives them.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// Method names by Postman item id.
    #[serde(default)]
    pub names: BTreeMap<String, String>,
}

/// An invalid settings file: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The file, as given.
    pub file: String,
    /// 1-based line (0 when the error has no position).
    pub line: usize,
    /// 1-based column in characters (0 when the error has no position).
    pub column: usize,
    /// The key at fault, when there is one.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads and parses a settings file.
    ///
    /// # Errors
    ///
    /// The file cannot be read, is not TOML, has an unknown key or a value of
    /// the wrong type, or names an invalid crate or module name.
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| SettingsError {
            file: file.clone(),
            line: 0,
            column: 0,
            key: None,
            message: format!("cannot read the settings file: {err}"),
        })?;
        Settings::parse(&text, &file)
    }

    /// Parses settings from TOML text; `file` names it in errors.
    ///
    /// # Errors
    ///
    /// As [`Settings::load`], except reading.
    pub fn parse(text: &str, file: &str) -> Result<Settings, SettingsError> {
        let mut settings: Settings = toml::from_str(text).map_err(|err| {
            let span = err.span();
            let (line, column) = span
                .as_ref()
                .map_or((0, 0), |span| line_column(text, span.start));
            let key = span
                .as_ref()
                .and_then(|span| text.get(span.clone()))
                .map(|key| key.trim().trim_matches('"').to_string())
                .filter(|key| !key.is_empty() && !key.contains('\n'));
            let message = err.message().trim().to_string();
            let message = match (&key, message.strip_prefix("unknown field")) {
                (Some(key), Some(rest)) => {
                    let expected = rest
                        .split_once(", expected ")
                        .map(|(_, expected)| format!("; expected {expected}"))
                        .unwrap_or_default();
                    let table = span
                        .as_ref()
                        .and_then(|span| enclosing_table(text, span.start))
                        .map(|table| format!(" in {table}"))
                        .unwrap_or_else(|| " at the top level".to_string());
                    format!("unknown key `{key}`{table}{expected}")
                }
                _ => message,
            };
            SettingsError {
                file: file.to_string(),
                line,
                column,
                key,
                message,
            }
        })?;
        settings.origin = (file.to_string(), text.to_string());
        settings.validate()?;
        Ok(settings)
    }

    /// An error about `key`, positioned at the first occurrence of `needle`.
    fn error_at(&self, needle: &str, key: &str, message: String) -> SettingsError {
        let (file, text) = &self.origin;
        let (line, column) = text
            .find(needle)
            .map_or((0, 0), |offset| line_column(text, offset));
        SettingsError {
            file: file.clone(),
            line,
            column,
            key: Some(key.to_string()),
            message,
        }
    }

    /// An error about `key`, positioned at `value` (as a TOML string) when
    /// it is found, else at the line that sets `key`.
    fn error_at_value(&self, key: &str, value: &str, message: String) -> SettingsError {
        let (file, text) = &self.origin;
        let quoted = format!("\"{value}\"");
        let offset = (!value.is_empty())
            .then(|| text.find(&quoted))
            .flatten()
            .or_else(|| {
                let mut offset = 0;
                for line in text.split_inclusive('\n') {
                    let rest = line.trim_start();
                    if rest
                        .strip_prefix(key)
                        .is_some_and(|after| after.trim_start().starts_with('='))
                    {
                        return Some(offset + line.len() - rest.len());
                    }
                    offset += line.len();
                }
                None
            });
        let (line, column) = offset.map_or((0, 0), |offset| line_column(text, offset));
        SettingsError {
            file: file.clone(),
            line,
            column,
            key: Some(key.to_string()),
            message,
        }
    }

    /// Checks what the schema cannot: package and module names, package
    /// metadata, derives.
    fn validate(&self) -> Result<(), SettingsError> {
        if let Some(name) = &self.package.name {
            check_crate_name(name)
                .map_err(|message| self.error_at(&format!("\"{name}\""), "name", message))?;
        }
        self.package
            .metadata()
            .validate()
            .map_err(|error| self.error_at_value(error.key, &error.value, error.message))?;
        for derive in &self.generate.derives {
            parse_derive(derive)
                .map_err(|message| self.error_at_value("derives", derive, message))?;
        }
        check_derives(&self.generate.derives)
            .map_err(|message| self.error_at_value("derives", "", message))?;
        for (collection, settings) in &self.collections {
            if let Some(module) = &settings.module {
                check_module_name(module).map_err(|message| {
                    self.error_at(
                        &format!("\"{module}\""),
                        "module",
                        format!("{message} (collection `{collection}`)"),
                    )
                })?;
            }
        }
        Ok(())
    }

    /// A generator for `collection_files` with these settings: the package
    /// metadata, the interface and derives, and for each file whose name has
    /// an entry, its module,
    /// environment (relative to `dir`, the settings file's directory),
    /// variables and name overrides.
    ///
    /// # Errors
    ///
    /// An entry names a file that is not among `collection_files`.
    pub fn generator(
        &self,
        dir: &Path,
        collection_files: &[PathBuf],
    ) -> Result<GeneratorBuilder, SettingsError> {
        let file_name = |path: &PathBuf| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        if let Some(missing) = self.collections.keys().find(|name| {
            !collection_files
                .iter()
                .any(|path| &file_name(path) == *name)
        }) {
            return Err(self.error_at(
                &format!("\"{missing}\""),
                missing,
                format!(
                    "[collections.\"{missing}\"] names a collection that is not in `{}`",
                    dir.display()
                ),
            ));
        }
        let mut builder = Generator::builder();
        if let Some(name) = &self.package.name {
            builder = builder.crate_name(name);
        }
        if let Some(version) = &self.package.version {
            builder = builder.version(version);
        }
        builder = builder.package(self.package.metadata());
        if let Some(interface) = self.generate.interface {
            builder = builder.interface(interface);
        }
        for derive in &self.generate.derives {
            builder = builder.derive(derive);
        }
        if let Some(layout) = self.generate.runtime {
            builder = builder.runtime(layout);
        }
        for path in collection_files {
            let mut input = Input::path(path);
            if let Some(settings) = self.collections.get(&file_name(path)) {
                if let Some(module) = &settings.module {
                    input = input.module(module);
                }
                if let Some(environment) = &settings.environment {
                    input = input.environment_file(dir.join(environment));
                }
                for (name, value) in &settings.variables {
                    input = input.var(name, value);
                }
                for (id, name) in &settings.names {
                    input = input.name_override(id, name);
                }
            }
            builder = builder.collection(input);
        }
        Ok(builder)
    }
}

/// 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The `[table]` header in force at `offset`, as written.
fn enclosing_table(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    before
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))
        .map(|line| {
            let end = line.rfind(']').map_or(line.len(), |i| i + 1);
            line[..end].to_string()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses() {
        let text = r#"
[package]
name = "generated-client"
version = "0.2.0"

[collections."zoom.postman_collection.json"]
module = "zoom"
environment = "zoom.postman_environment.json"
variables = { baseUrl = "https://api.zoom.us/v2" }

[collections."zoom.postman_collection.json".names]
"id-1" = "update_status"
"#;
        let settings = Settings::parse(text, "s.toml").unwrap();
        assert_eq!(settings.package.version.as_deref(), Some("0.2.0"));
        let zoom = &settings.collections["zoom.postman_collection.json"];
        assert_eq!(zoom.module.as_deref(), Some("zoom"));
        assert_eq!(zoom.names["id-1"], "update_status");
        assert_eq!(zoom.variables["baseUrl"], "https://api.zoom.us/v2");
        let empty = Settings::parse("", "s.toml").unwrap();
        assert!(empty.package.name.is_none() && empty.collections.is_empty());
    }

    #[test]
    fn unknown_keys_name_the_file_line_and_key() {
        let text = "[package]\nname = \"x\"\n\n[collections.\"a.json\"]\nmodule = \"a\"\n  enviroment = \"e.json\"\n";
        let err = Settings::parse(text, "dir/postman-codegen.toml").unwrap_err();
        assert_eq!((err.line, err.column), (6, 3));
        assert_eq!(err.key.as_deref(), Some("enviroment"));
        assert_eq!(
            err.to_string(),
            "dir/postman-codegen.toml:6:3: unknown key `enviroment` in [collections.\"a.json\"]; \
             expected one of `module`, `environment`, `variables`, `names`"
        );
        let err = Settings::parse("crate = \"x\"\n", "s.toml").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("s.toml:1:1: unknown key `crate` at the top level"),
            "{err}"
        );
    }

    #[test]
    fn wrong_types_and_bad_names_are_errors() {
        let err = Settings::parse("[package]\nversion = 1\n", "s.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        let err = Settings::parse("[package]\nname = \"2fa\"\n", "s.toml").unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (2, Some("name")), "{err}");
        let err =
            Settings::parse("[collections.\"a.json\"]\nmodule = \"Zoom\"\n", "s.toml").unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (2, Some("module")), "{err}");
        let err = Settings::parse("[package\n", "s.toml").unwrap_err();
        assert_eq!(err.line, 1, "{err}");
    }

    #[test]
    fn package_metadata_and_generate_settings_parse_and_reach_the_builder() {
        let text = r#"
[package]
name = "zoom-client"
license = "Apache-2.0"
description = "A \"typed\" Zoom client"
repository = "https://github.com/example/zoom-client"
homepage = "https://example.com"
documentation = "https://docs.rs/zoom-client"
authors = ["Jane <jane@example.com>"]
keywords = ["zoom", "api"]
categories = ["api-bindings"]

[generate]
interface = "both"
derives = ["Eq", "schemars::JsonSchema"]
runtime = "module"
"#;
        let settings = Settings::parse(text, "s.toml").unwrap();
        let metadata = settings.package.metadata();
        assert_eq!(metadata.license.as_deref(), Some("Apache-2.0"));
        assert_eq!(
            metadata.description.as_deref(),
            Some("A \"typed\" Zoom client")
        );
        assert_eq!(metadata.keywords, ["zoom", "api"]);
        assert_eq!(settings.generate.interface, Some(Interface::Both));
        assert_eq!(settings.generate.derives, ["Eq", "schemars::JsonSchema"]);
        assert_eq!(settings.generate.runtime, Some(RuntimeLayout::Module));
        let collection = r#"{"info": {"name": "Zoom"}, "item": [{"name": "Ping", "request": "https://api.zoom.us/ping"}]}"#;
        let generated = settings
            .generator(Path::new("."), &[])
            .unwrap()
            .collection(Input::text("zoom.json", collection))
            .build()
            .unwrap()
            .generate()
            .unwrap();
        let manifest = &generated.files()["Cargo.toml"];
        for line in [
            "license = \"Apache-2.0\"",
            "description = \"A \\\"typed\\\" Zoom client\"",
            "documentation = \"https://docs.rs/zoom-client\"",
            "categories = [\"api-bindings\"]",
            "default = [\"rustls\", \"async\", \"blocking\"]",
        ] {
            assert!(manifest.lines().any(|l| l == line), "{line}\n{manifest}");
        }
        // The runtime where the settings put it: a module, one package.
        assert!(generated.files().contains_key("src/runtime/mod.rs"));
        assert!(!generated.files().contains_key("runtime/Cargo.toml"));
    }

    #[test]
    fn bad_metadata_interfaces_and_derives_are_positioned() {
        let err = |text: &str| Settings::parse(text, "s.toml").unwrap_err();
        let e =
            err("[package]\nname = \"x\"\nkeywords = [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]\n");
        assert_eq!((e.line, e.key.as_deref()), (3, Some("keywords")), "{e}");
        assert!(
            e.to_string()
                .contains("6 keywords are given; crates.io accepts at most 5"),
            "{e}"
        );
        let e = err("[package]\nkeywords = [\"ok\",\n  \"not ok\"]\n");
        assert_eq!(
            (e.line, e.column, e.key.as_deref()),
            (3, 3, Some("keywords")),
            "{e}"
        );
        let e = err("[package]\n\nrepository = \"github.com/x\"\n");
        assert_eq!((e.line, e.key.as_deref()), (3, Some("repository")), "{e}");
        let e = err("[package]\nlicence = \"MIT\"\n");
        assert!(
            e.to_string().contains("unknown key `licence` in [package]"),
            "{e}"
        );
        let e = err("[generate]\ninterface = \"sync\"\n");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.to_string().contains("`async`, `blocking`, `both`"), "{e}");
        let e = err("[generate]\n\nruntime = \"package\"\n");
        assert_eq!(e.line, 3, "{e}");
        assert!(
            e.to_string().contains("expected `crate` or `module`"),
            "{e}"
        );
        let e = err("[generate]\nderives = [\"Eq\", \"Vec<u8>\"]\n");
        assert_eq!(
            (e.line, e.column, e.key.as_deref()),
            (2, 18, Some("derives")),
            "{e}"
        );
        let e = err("[generate]\nderives = [\"Ord\"]\n");
        assert_eq!((e.line, e.key.as_deref()), (2, Some("derives")), "{e}");
        let e = err("[generate]\nderive = [\"Eq\"]\n");
        assert!(
            e.to_string()
                .starts_with("s.toml:2:1: unknown key `derive` in [generate]"),
            "{e}"
        );
    }

    #[test]
    fn entries_must_name_existing_collections() {
        let text = "[package]\nname = \"x\"\n[collections.\"gone.json\"]\nmodule = \"g\"\n";
        let settings = Settings::parse(text, "s.toml").unwrap();
        let err = settings
            .generator(
                Path::new("collections"),
                &[PathBuf::from("collections/a.json")],
            )
            .unwrap_err();
        assert_eq!(err.key.as_deref(), Some("gone.json"));
        assert!(
            err.to_string().starts_with("s.toml:3:14: [collections.\"gone.json\"] names a collection that is not in `collections`"),
            "{err}"
        );
    }
}
