//! The runtime module every generated crate carries (`src/runtime/`): real
//! Rust source kept next to this file as `*.rs.in`, validated and formatted
//! like the generated code before it is written out.
//!
//! The code of each signing auth scheme (digest, OAuth 1.0, AWS Signature v4)
//! is an [`OptionalModule`]: a crate carries it, and the crates it depends
//! on, only when one of its collections uses that scheme. So is the faker of
//! Postman's `{{$random..}}` dynamic variables ([`FAKER`]); a crate without
//! one gets a stub `faker.rs` that draws nothing.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use crate::diagnostics::Error;
use crate::ir::{AuthScheme, SignedAuth, Variable};

use super::rust::format_source;
use super::CrateFiles;

/// The runtime's files: name in `src/runtime/` and source.
const FILES: &[(&str, &str)] = &[
    ("auth.rs", include_str!("auth.rs.in")),
    ("body.rs", include_str!("body.rs.in")),
    ("core.rs", include_str!("core.rs.in")),
    ("dynamic.rs", include_str!("dynamic.rs.in")),
    ("encode.rs", include_str!("encode.rs.in")),
    ("error.rs", include_str!("error.rs.in")),
    ("hooks.rs", include_str!("hooks.rs.in")),
    ("lenient.rs", include_str!("lenient.rs.in")),
    ("overrides.rs", include_str!("overrides.rs.in")),
    ("pagination.rs", include_str!("pagination.rs.in")),
    ("redact.rs", include_str!("redact.rs.in")),
    ("redirect.rs", include_str!("redirect.rs.in")),
    ("request.rs", include_str!("request.rs.in")),
    ("response.rs", include_str!("response.rs.in")),
    ("retry.rs", include_str!("retry.rs.in")),
    ("stream.rs", include_str!("stream.rs.in")),
    ("trace.rs", include_str!("trace.rs.in")),
    ("transport.rs", include_str!("transport.rs.in")),
];

/// `mod.rs`, to which the optional modules' declarations are appended.
const MOD_RS: &str = include_str!("mod.rs.in");

/// A runtime module only crates that use it carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OptionalModule {
    /// The module's name in `src/runtime/`.
    pub name: &'static str,
    source: &'static str,
    /// Lines for the crate's `[dependencies]`.
    pub dependencies: &'static [&'static str],
}

/// Digest auth (RFC 7616).
pub const DIGEST: OptionalModule = OptionalModule {
    name: "digest",
    source: include_str!("digest.rs.in"),
    dependencies: &["md-5 = \"0.10\"", "sha2 = \"0.10\""],
};

/// OAuth 1.0 signing (RFC 5849).
pub const OAUTH1: OptionalModule = OptionalModule {
    name: "oauth1",
    source: include_str!("oauth1.rs.in"),
    dependencies: &["hmac = \"0.12\"", "sha1 = \"0.10\"", "sha2 = \"0.10\""],
};

/// AWS Signature Version 4.
pub const AWS_SIGV4: OptionalModule = OptionalModule {
    name: "aws_sigv4",
    source: include_str!("aws_sigv4.rs.in"),
    dependencies: &["hmac = \"0.12\"", "sha2 = \"0.10\""],
};

/// OAuth 2.0 grants run by the client.
pub const OAUTH2_GRANT: OptionalModule = OptionalModule {
    name: "oauth2_grant",
    source: include_str!("oauth2_grant.rs.in"),
    dependencies: &[],
};

/// Hawk.
pub const HAWK: OptionalModule = OptionalModule {
    name: "hawk",
    source: include_str!("hawk.rs.in"),
    dependencies: &["hmac = \"0.12\"", "sha1 = \"0.10\"", "sha2 = \"0.10\""],
};

/// Postman's faker dynamic variables (`{{$randomEmail}}`, ...).
pub const FAKER: OptionalModule = OptionalModule {
    name: "faker",
    source: include_str!("faker.rs.in"),
    dependencies: &["fake = \"5\""],
};

/// The script runtime (the `scripts` feature; its other files come from
/// `emit/scripts.rs`). Every crate it needs is optional: the feature enables them.
pub const SCRIPTS: OptionalModule = OptionalModule {
    name: "scripts",
    source: include_str!("scripts.rs.in"),
    dependencies: &[
        "hmac = { version = \"0.12\", optional = true }",
        "md-5 = { version = \"0.10\", optional = true }",
        "rquickjs = { version = \"0.14\", optional = true }",
        "sha1 = { version = \"0.10\", optional = true }",
        "sha2 = { version = \"0.10\", optional = true }",
    ],
};

/// What `scripts.rs` is in a crate whose collections have no script.
const SCRIPTS_ABSENT: &str = include_str!("scripts_absent.rs.in");

/// What `faker.rs` is in a crate that uses no faker variable.
const FAKER_ABSENT: &str = include_str!("faker_absent.rs.in");

/// [`FAKER`] when one of the `variables` is a faker dynamic variable.
pub fn faker_for<'a>(variables: impl IntoIterator<Item = &'a Variable>) -> Option<OptionalModule> {
    variables
        .into_iter()
        .any(|variable| crate::dynamic_variables::needs_faker(&variable.name))
        .then_some(FAKER)
}

/// The optional modules the APIs' auth schemes need, in a stable order.
pub fn modules_for<'a>(schemes: impl IntoIterator<Item = &'a AuthScheme>) -> Vec<OptionalModule> {
    let mut modules: Vec<OptionalModule> = schemes
        .into_iter()
        .filter_map(|scheme| match scheme {
            AuthScheme::Signed(signed) => match **signed {
                SignedAuth::Digest { .. } => Some(DIGEST),
                SignedAuth::OAuth1 { .. } => Some(OAUTH1),
                SignedAuth::OAuth2Grant { .. } => Some(OAUTH2_GRANT),
                SignedAuth::Hawk { .. } => Some(HAWK),
                SignedAuth::AwsV4 { .. } => Some(AWS_SIGV4),
            },
            _ => None,
        })
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// The `[dependencies]` lines the optional modules add, each once.
pub fn dependencies(modules: &[OptionalModule]) -> Vec<&'static str> {
    let mut lines: Vec<&'static str> = modules
        .iter()
        .flat_map(|module| module.dependencies.iter().copied())
        .collect();
    lines.sort_unstable();
    lines.dedup();
    lines
}

/// Adds `src/runtime/*.rs` to `files`, with the optional `modules`.
///
/// The runtime is the same for every crate, so each file is parsed and
/// printed once per process: a build script or a test generating many crates
/// pays for it once, not per crate.
pub fn emit(files: &mut CrateFiles, modules: &[OptionalModule]) -> Result<(), Error> {
    static FORMATTED: OnceLock<Result<Vec<(String, String)>, Error>> = OnceLock::new();
    static OPTIONAL: Mutex<BTreeMap<&'static str, Result<String, Error>>> =
        Mutex::new(BTreeMap::new());
    let formatted = FORMATTED.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, source)| {
                let path = format!("src/runtime/{name}");
                let text = format_source(&path, source)?;
                Ok((path, text))
            })
            .collect()
    });
    for (path, text) in formatted.as_ref().map_err(Clone::clone)? {
        files.insert(path.clone(), text.clone());
    }
    let mut mod_rs = MOD_RS.to_string();
    for module in modules {
        let path = format!("src/runtime/{}.rs", module.name);
        let text = {
            let mut cache = OPTIONAL
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            cache
                .entry(module.name)
                .or_insert_with(|| format_source(&path, module.source))
                .clone()?
        };
        files.insert(path, text);
        mod_rs.push_str(&format!("\npub(crate) mod {};\n", module.name));
    }
    if !modules.contains(&SCRIPTS) {
        let path = "src/runtime/scripts.rs".to_string();
        files.insert(path.clone(), format_source(&path, SCRIPTS_ABSENT)?);
        mod_rs.push_str("\npub(crate) mod scripts;\n");
    }
    if !modules.contains(&FAKER) {
        let path = "src/runtime/faker.rs".to_string();
        files.insert(path.clone(), format_source(&path, FAKER_ABSENT)?);
        mod_rs.push_str("\npub(crate) mod faker;\n");
    }
    let path = "src/runtime/mod.rs".to_string();
    let text = format_source(&path, &mod_rs)?;
    files.insert(path, text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
    use crate::ir::TypeTable;

    /// The crate for a one-request collection with this collection-level auth.
    fn crate_with_auth(auth: serde_json::Value) -> CrateFiles {
        let collection = serde_json::json!({
            "info": {"name": "Auth", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "auth": auth,
            "item": [{"name": "Ping", "request": {"method": "GET", "url": "https://api.example.com/ping"}}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        let types = TypeTable::default();
        let input = ApiInput {
            api: &api,
            types: &types,
            module: "auth",
        };
        emit_crate(&[input], &CrateOptions::new("auth-client", "0.1.0")).expect("emits")
    }

    /// `[dependencies]` of a manifest, one line each.
    fn dependencies(files: &CrateFiles) -> Vec<String> {
        let manifest = &files["Cargo.toml"];
        let section = manifest
            .split("[dependencies]\n")
            .nth(1)
            .expect("dependencies");
        section.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_bearer_collection_gets_no_signing_code_and_no_new_dependency() {
        let runtime_files = |files: &CrateFiles| -> Vec<String> {
            files
                .keys()
                .filter_map(|path| path.strip_prefix("src/runtime/"))
                .map(str::to_string)
                .collect()
        };
        let bearer = crate_with_auth(
            serde_json::json!({"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}),
        );
        let none = crate_with_auth(serde_json::json!({"type": "noauth"}));
        // Bearer auth costs nothing over no auth at all: no module, no crate.
        assert_eq!(dependencies(&bearer), dependencies(&none));
        assert_eq!(runtime_files(&bearer), runtime_files(&none));
        for module in [
            super::DIGEST,
            super::OAUTH1,
            super::AWS_SIGV4,
            super::OAUTH2_GRANT,
        ] {
            let file = format!("{}.rs", module.name);
            assert!(!runtime_files(&bearer).contains(&file), "{file}");
        }
    }

    /// The crate for a one-request collection sending this header value.
    fn crate_with_header(value: &str) -> CrateFiles {
        let collection = serde_json::json!({
            "info": {"name": "Dynamic", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "Ping", "request": {"method": "GET", "url": "https://api.example.com/ping",
                "header": [{"key": "X-Value", "value": value}]}}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        let types = TypeTable::default();
        let input = ApiInput {
            api: &api,
            types: &types,
            module: "dynamic",
        };
        emit_crate(&[input], &CrateOptions::new("dynamic-client", "0.1.0")).expect("emits")
    }

    #[test]
    fn only_a_collection_with_a_faker_variable_gets_the_faker_and_its_crate() {
        let plain = crate_with_header("fixed");
        let built_in = crate_with_header("{{$guid}}-{{$timestamp}}-{{$randomInt}}");
        let faker = crate_with_header("{{$randomEmail}}");
        // The built-in dynamic variables cost no module and no crate.
        assert_eq!(dependencies(&built_in), dependencies(&plain));
        assert_eq!(
            built_in["src/runtime/faker.rs"],
            plain["src/runtime/faker.rs"]
        );
        assert!(!plain["src/runtime/faker.rs"].contains("fake::"));
        assert!(!dependencies(&plain)
            .iter()
            .any(|line| line.starts_with("fake ")));
        assert!(faker["src/runtime/faker.rs"].contains("fake::"));
        let with_faker = dependencies(&faker);
        assert!(
            with_faker.contains(&"fake = \"5\"".to_string()),
            "{with_faker:?}"
        );
        assert_eq!(with_faker.len(), dependencies(&plain).len() + 1);
        for files in [&plain, &faker] {
            let mod_rs = &files["src/runtime/mod.rs"];
            assert_eq!(
                mod_rs.matches("pub(crate) mod faker;").count(),
                1,
                "{mod_rs}"
            );
        }
    }

    #[test]
    fn a_digest_collection_gets_the_digest_module_and_its_hash_crates() {
        let files = crate_with_auth(serde_json::json!({"type": "digest", "digest": [
            {"key": "username", "value": "{{user}}"}, {"key": "password", "value": "literal-secret"},
            {"key": "algorithm", "value": "SHA-256"}
        ]}));
        assert!(files.contains_key("src/runtime/digest.rs"));
        assert!(files["src/runtime/mod.rs"].contains("pub(crate) mod digest;"));
        let dependencies = dependencies(&files);
        assert!(
            dependencies.contains(&"md-5 = \"0.10\"".to_string()),
            "{dependencies:?}"
        );
        assert!(
            dependencies.contains(&"sha2 = \"0.10\"".to_string()),
            "{dependencies:?}"
        );
        let mut sorted = dependencies.clone();
        sorted.sort();
        assert_eq!(dependencies, sorted);
        let client = &files["src/client.rs"];
        assert!(client.contains("algorithm: \"SHA-256\""), "{client}");
        assert!(client.contains("pub fn digest_auth("), "{client}");
        assert!(!files.values().any(|text| text.contains("literal-secret")));
    }
}
