//! The runtime module every generated crate carries (`src/runtime/`): the
//! source of the `postman-codegen-runtime` crate (`runtime/src/runtime/`,
//! where it is compiled and unit-tested), validated and formatted like the
//! generated code before it is written out.
//!
//! The code of each signing auth scheme (digest, OAuth 1.0, Hawk, AWS
//! Signature v4, OAuth 2.0 grants, JWT and ASAP, EdgeGrid, NTLM) is an [`OptionalModule`]: a
//! crate carries it, and the crates it depends on, only when one of its
//! collections uses that scheme. So is the faker of
//! Postman's `{{$random..}}` dynamic variables ([`FAKER`]); a crate without
//! one gets a stub `faker.rs` that draws nothing.

use std::collections::BTreeMap;

use crate::diagnostics::Error;
use crate::ir::{AuthScheme, SignedAuth, Variable};

use postman_codegen_runtime::source;

use super::print;
use super::rust::{format_file, format_source};
use super::CrateFiles;

pub(crate) mod as_crate;

// `VENDORED`: every runtime file's text as a generated crate carries it;
// `VENDORED_AS_CRATE`, the same in a runtime crate of its own, and
// `RUNTIME_MACROS`, the macros that crate exports.
include!(concat!(env!("OUT_DIR"), "/vendored_runtime.rs"));

/// Where a generated crate carries its runtime (`"crate"` or `"module"` in
/// the settings file's `[generate]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeLayout {
    /// A package of its own beside the generated code: `runtime/` in the
    /// crate's directory, named `<crate>-runtime`, a path dependency pinned
    /// to the same version. Cargo compiles it once per dependency set, not
    /// again whenever the generated code is rebuilt (about a third of a big
    /// client's build; `docs/performance.md`, session 30). The default.
    #[default]
    Crate,
    /// A private module of the generated crate (`src/runtime/`): one
    /// package, compiled with the generated code. A crate meant for a build
    /// script's `include!` needs this layout.
    Module,
}

impl RuntimeLayout {
    /// The directory of the runtime's files, relative to the crate's.
    pub fn dir(self) -> &'static str {
        match self {
            RuntimeLayout::Crate => "runtime/src",
            RuntimeLayout::Module => "src/runtime",
        }
    }

    /// The runtime's root file (the one that declares its modules).
    pub fn root_file(self) -> &'static str {
        match self {
            RuntimeLayout::Crate => "runtime/src/lib.rs",
            RuntimeLayout::Module => "src/runtime/mod.rs",
        }
    }

    /// How code the runtime carries names the runtime's root: `crate` as a
    /// crate, `crate::runtime` in a module.
    pub fn root_path(self) -> proc_macro2::TokenStream {
        match self {
            RuntimeLayout::Crate => quote::quote!(crate),
            RuntimeLayout::Module => quote::quote!(crate::runtime),
        }
    }

    /// The runtime package's name beside the crate `crate_name`.
    pub fn package_name(crate_name: &str) -> String {
        format!("{crate_name}-runtime")
    }
}

/// The runtime's files: name in `src/runtime/` and source.
const FILES: &[(&str, &str)] = &[
    ("auth.rs", source::AUTH),
    ("body.rs", source::BODY),
    ("core.rs", source::CORE),
    ("dynamic.rs", source::DYNAMIC),
    ("encode.rs", source::ENCODE),
    ("error.rs", source::ERROR),
    ("hooks.rs", source::HOOKS),
    ("overrides.rs", source::OVERRIDES),
    ("redact.rs", source::REDACT),
    ("redirect.rs", source::REDIRECT),
    ("request.rs", source::REQUEST),
    ("response.rs", source::RESPONSE),
    ("retry.rs", source::RETRY),
    ("sending.rs", source::SENDING),
    ("stream.rs", source::STREAM),
    ("trace.rs", source::TRACE),
    ("transport.rs", source::TRANSPORT),
];

/// A runtime module only crates that use it carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct OptionalModule {
    /// The module's name in `src/runtime/`.
    pub name: &'static str,
    source: &'static str,
    /// Lines for the crate's `[dependencies]`.
    pub dependencies: &'static [&'static str],
    /// Lines `mod.rs` gets after the module's declaration: its re-exports.
    uses: &'static str,
}

/// Digest auth (RFC 7616).
pub const DIGEST: OptionalModule = OptionalModule {
    name: "digest",
    source: source::DIGEST,
    dependencies: &["md-5 = \"0.10\"", "sha2 = \"0.10\""],
    uses: "",
};

/// OAuth 1.0 signing (RFC 5849).
pub const OAUTH1: OptionalModule = OptionalModule {
    name: "oauth1",
    source: source::OAUTH1,
    dependencies: &["hmac = \"0.12\"", "sha1 = \"0.10\"", "sha2 = \"0.10\""],
    uses: "",
};

/// OAuth 1.0 RSA-SHA1/256/512 signatures, beside [`OAUTH1`].
pub const OAUTH1_RSA: OptionalModule = OptionalModule {
    name: "oauth1_rsa",
    source: source::OAUTH1_RSA,
    dependencies: &[
        "rsa = { version = \"0.9\", features = [\"sha1\", \"sha2\"] }",
        "sha1 = \"0.10\"",
        "sha2 = \"0.10\"",
    ],
    uses: "",
};

/// AWS Signature Version 4.
pub const AWS_SIGV4: OptionalModule = OptionalModule {
    name: "aws_sigv4",
    source: source::AWS_SIGV4,
    dependencies: &["hmac = \"0.12\"", "sha2 = \"0.10\""],
    uses: "",
};

/// OAuth 2.0 grants run by the client.
pub const OAUTH2_GRANT: OptionalModule = OptionalModule {
    name: "oauth2_grant",
    source: source::OAUTH2_GRANT,
    dependencies: &[],
    uses: "",
};

/// Hawk.
pub const HAWK: OptionalModule = OptionalModule {
    name: "hawk",
    source: source::HAWK,
    dependencies: &["hmac = \"0.12\"", "sha1 = \"0.10\"", "sha2 = \"0.10\""],
    uses: "",
};

/// JWT bearer and ASAP: tokens signed per request.
pub const JWT: OptionalModule = OptionalModule {
    name: "jwt",
    source: source::JWT,
    dependencies: &[
        "jsonwebtoken = \"9\"",
        "p256 = { version = \"0.13\", features = [\"ecdsa\", \"pkcs8\"] }",
        "p384 = { version = \"0.13\", features = [\"ecdsa\", \"pkcs8\"] }",
        "p521 = { version = \"0.13.3\", features = [\"ecdsa\", \"pkcs8\"] }",
        "pkcs8 = { version = \"0.10\", features = [\"encryption\", \"pem\"] }",
    ],
    uses: "",
};

/// Akamai EdgeGrid.
pub const EDGEGRID: OptionalModule = OptionalModule {
    name: "edgegrid",
    source: source::EDGEGRID,
    dependencies: &["hmac = \"0.12\"", "sha2 = \"0.10\""],
    uses: "",
};

/// NTLM (NTLMv2).
pub const NTLM: OptionalModule = OptionalModule {
    name: "ntlm",
    source: source::NTLM,
    dependencies: &["hmac = \"0.12\"", "md-5 = \"0.10\"", "md4 = \"0.10\""],
    uses: "",
};

/// Postman's faker dynamic variables (`{{$randomEmail}}`, ...).
pub const FAKER: OptionalModule = OptionalModule {
    name: "faker",
    source: source::FAKER,
    dependencies: &["fake = \"5\""],
    uses: "",
};

/// The script runtime (the `scripts` feature; its other files come from
/// `emit/scripts.rs`). Every crate it needs is optional: the feature enables them.
pub const SCRIPTS: OptionalModule = OptionalModule {
    name: "scripts",
    source: source::SCRIPTS,
    dependencies: &[
        "hmac = { version = \"0.12\", optional = true }",
        "md-5 = { version = \"0.10\", optional = true }",
        "rquickjs = { version = \"0.14\", features = [\"parallel\"], optional = true }",
        "sha1 = { version = \"0.10\", optional = true }",
        "sha2 = { version = \"0.10\", optional = true }",
    ],
    uses: source::SCRIPTS_USES,
};

/// `.pages()` and `.items()`: only crates with a request that pages carry
/// the pagers (and the crate root re-exports them only then).
pub const PAGINATION: OptionalModule = OptionalModule {
    name: "pagination",
    source: source::PAGINATION,
    dependencies: &[],
    uses: source::PAGINATION_USES,
};

/// Tolerant decoding of responses: only crates with a type whose fields
/// need it (`types::needs_lenient`) carry it.
pub const LENIENT: OptionalModule = OptionalModule {
    name: "lenient",
    source: source::LENIENT,
    dependencies: &[],
    uses: "",
};

/// How the generated structs read from and write to JSON objects: only
/// crates with a struct that implements serde's traits through it
/// (`types::needs_object`) carry it.
pub const OBJECT: OptionalModule = OptionalModule {
    name: "object",
    source: source::OBJECT,
    dependencies: &[],
    uses: "",
};

/// What `lenient.rs` is in a crate none of whose types needs tolerance.
const LENIENT_ABSENT: &str = source::LENIENT_ABSENT;

/// What `scripts.rs` is in a crate whose collections have no script.
const SCRIPTS_ABSENT: &str = source::SCRIPTS_ABSENT;

/// What `faker.rs` is in a crate that uses no faker variable.
const FAKER_ABSENT: &str = source::FAKER_ABSENT;

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
        .flat_map(|scheme| match scheme {
            AuthScheme::Signed(signed) => modules_of(signed),
            _ => Vec::new(),
        })
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// The modules one signing scheme needs.
fn modules_of(signed: &SignedAuth) -> Vec<OptionalModule> {
    match signed {
        SignedAuth::Digest { .. } => vec![DIGEST],
        // Only RSA signatures need the `rsa` crate.
        SignedAuth::OAuth1 {
            signature_method, ..
        } if signature_method.starts_with("RSA-") => vec![OAUTH1, OAUTH1_RSA],
        SignedAuth::OAuth1 { .. } => vec![OAUTH1],
        SignedAuth::OAuth2Grant { .. } => vec![OAUTH2_GRANT],
        SignedAuth::Hawk { .. } => vec![HAWK],
        SignedAuth::AwsV4 { .. } => vec![AWS_SIGV4],
        SignedAuth::Jwt { .. } | SignedAuth::Asap { .. } => vec![JWT],
        SignedAuth::EdgeGrid { .. } => vec![EDGEGRID],
        SignedAuth::Ntlm { .. } => vec![NTLM],
    }
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

/// The crate root's re-exports of the runtime: `pub use self::runtime::{..};`
/// for every item the crate's `runtime/mod.rs` (`mod_rs`, as [`emit`] wrote
/// it, optional modules included) makes public (its `pub use`s), under
/// the same `cfg`s. The `runtime` module itself is private, so these items
/// (errors, responses, retry policy, file parts and uploads, hook and token
/// types, streams, pagers) are the runtime's whole public surface; the rest
/// is crate-private. The list lives in one place, the runtime's `mod.rs`.
pub fn root_reexports(
    mod_rs: &str,
    layout: RuntimeLayout,
) -> Result<proc_macro2::TokenStream, Error> {
    let path = layout.root_file();
    let file = syn::parse_file(mod_rs).map_err(|error| does_not_parse(path, error))?;
    // Names by the `cfg`s they are under (none first), each group sorted.
    let mut groups: BTreeMap<String, (Vec<syn::Attribute>, Vec<syn::Ident>)> = BTreeMap::new();
    for item in file.items {
        let syn::Item::Use(item) = item else { continue };
        // As a crate, the runtime's root also has the generated code's
        // hidden re-exports, which are not the crate's to make public.
        let hidden = item.attrs.iter().any(|attr| {
            attr.path().is_ident("doc")
                && attr
                    .parse_args::<syn::Ident>()
                    .is_ok_and(|word| word == "hidden")
        });
        if !matches!(item.vis, syn::Visibility::Public(_)) || hidden {
            continue;
        }
        let cfgs: Vec<syn::Attribute> = item
            .attrs
            .into_iter()
            .filter(|attr| attr.path().is_ident("cfg"))
            .collect();
        let key = cfgs
            .iter()
            .map(|attr| quote::ToTokens::to_token_stream(attr).to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let group = groups.entry(key).or_insert_with(|| (cfgs, Vec::new()));
        use_tree_names(&item.tree, &mut group.1);
    }
    let mut reexports = proc_macro2::TokenStream::new();
    // Items of another crate are shown inline, as the module's were.
    let inline = (layout == RuntimeLayout::Crate).then(|| quote::quote!(#[doc(inline)]));
    for (_, (cfgs, mut names)) in groups {
        names.sort();
        reexports.extend(quote::quote! {
            #(#cfgs)*
            #inline
            pub use self::runtime::{#(#names),*};
        });
    }
    Ok(reexports)
}

/// The names a `use` tree brings into scope (renames by their new name).
fn use_tree_names(tree: &syn::UseTree, names: &mut Vec<syn::Ident>) {
    match tree {
        syn::UseTree::Path(path) => use_tree_names(&path.tree, names),
        syn::UseTree::Name(name) => names.push(name.ident.clone()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.clone()),
        syn::UseTree::Group(group) => group
            .items
            .iter()
            .for_each(|tree| use_tree_names(tree, names)),
        syn::UseTree::Glob(_) => {}
    }
}

/// A runtime file as a generated crate carries it: formatted, without the
/// runtime crate's unit tests (see `print::vendored_source`).
fn vendored_source(path: &str, source: &str, layout: RuntimeLayout) -> Result<String, Error> {
    let printed = match layout {
        RuntimeLayout::Module => print::vendored_source(source),
        RuntimeLayout::Crate => {
            print::vendored_source_with(source, |file| as_crate::as_crate(file, &mut Vec::new()))
        }
    };
    printed.map_err(|error| does_not_parse(path, error))
}

/// The error for a runtime file at `path` that syn cannot parse.
fn does_not_parse(path: &str, error: syn::Error) -> Error {
    Error::new(
        "emit-invalid-rust",
        path,
        format!("runtime source does not parse: {error}"),
    )
}

/// The vendored text of a runtime file in `layout`: printed by the build
/// script (`build.rs`) when the generator was built; printed now only for a
/// source the build script did not see.
fn vendored(path: &str, source: &str, layout: RuntimeLayout) -> Result<String, Error> {
    let table = match layout {
        RuntimeLayout::Module => VENDORED,
        RuntimeLayout::Crate => VENDORED_AS_CRATE,
    };
    // The same text is nearly always the same constant: comparing addresses
    // first spares reading the source, which would bring its pages of the
    // binary into the process's memory for nothing.
    let built = source::ALL
        .iter()
        .find(|(_, text)| std::ptr::eq(*text, source) || *text == source)
        .and_then(|(name, _)| table.iter().find(|(built, _)| built == name));
    match built {
        Some((_, text)) => Ok((*text).to_string()),
        None => vendored_source(path, source, layout),
    }
}

/// The formatted text of one of the script runtime's `scripts/*.rs`
/// (`source::SCRIPTS_FILES`): printed by the build script; printed now only
/// for a file the build script did not see.
pub fn vendored_script_file(path: &str, name: &str, source: &str) -> Result<String, Error> {
    let known = postman_codegen_runtime::source::SCRIPTS_FILES
        .iter()
        .any(|(known, text)| *known == name && *text == source);
    match SCRIPTS_VENDORED.iter().find(|(built, _)| *built == name) {
        Some((_, text)) if known => Ok((*text).to_string()),
        _ => format_source(path, source),
    }
}

/// Adds the runtime's files to `files` where `layout` puts them, with the
/// optional `modules`.
///
/// The runtime is the same for every crate, so its files were printed once,
/// when the generator was built ([`VENDORED`], [`VENDORED_AS_CRATE`]); only
/// the root file, which declares the crate's optional modules, is printed
/// here. As a crate ([`RuntimeLayout::Crate`]) the root is `lib.rs`, with
/// the crate's docs and lints; the generated crate's manifest names it
/// (`cargo_toml::runtime_cargo_toml`).
pub fn emit(
    files: &mut CrateFiles,
    modules: &[OptionalModule],
    layout: RuntimeLayout,
    crate_name: &str,
) -> Result<(), Error> {
    let dir = layout.dir();
    for (name, source) in FILES {
        let path = format!("{dir}/{name}");
        let text = vendored(&path, source, layout)?;
        files.insert(path, text);
    }
    // `mod.rs`, to which the optional modules' declarations are appended.
    let mut mod_rs = source::vendored_mod_rs().to_string();
    for module in modules {
        let path = format!("{dir}/{}.rs", module.name);
        let text = vendored(&path, module.source, layout)?;
        files.insert(path, text);
        mod_rs.push_str(&format!("\npub(crate) mod {};\n", module.name));
        mod_rs.push_str(module.uses);
    }
    if !modules.contains(&SCRIPTS) {
        let path = format!("{dir}/scripts.rs");
        files.insert(path.clone(), vendored(&path, SCRIPTS_ABSENT, layout)?);
        mod_rs.push_str("\npub(crate) mod scripts;\n");
    }
    if !modules.contains(&FAKER) {
        let path = format!("{dir}/faker.rs");
        files.insert(path.clone(), vendored(&path, FAKER_ABSENT, layout)?);
        mod_rs.push_str("\npub(crate) mod faker;\n");
    }
    if !modules.contains(&LENIENT) {
        let path = format!("{dir}/lenient.rs");
        files.insert(path.clone(), vendored(&path, LENIENT_ABSENT, layout)?);
        mod_rs.push_str("\npub(crate) mod lenient;\n");
    }
    let path = layout.root_file().to_string();
    let text = match layout {
        RuntimeLayout::Module => format_source(&path, &mod_rs)?,
        RuntimeLayout::Crate => runtime_lib_rs(&path, &mod_rs, crate_name)?,
    };
    files.insert(path, text);
    Ok(())
}

/// The runtime crate's `lib.rs`: `mod_rs` (the module's root, with the
/// crate's optional modules) as a crate root ([`as_crate::as_crate`]), with
/// the macros the crate exports left out of its re-exports, the crate's
/// docs and its lints.
fn runtime_lib_rs(path: &str, mod_rs: &str, crate_name: &str) -> Result<String, Error> {
    let mut file = syn::parse_file(mod_rs).map_err(|error| does_not_parse(path, error))?;
    as_crate::as_crate(&mut file, &mut Vec::new());
    as_crate::drop_reexports_of(&mut file, RUNTIME_MACROS);
    let docs = super::rust::inner_doc_attrs(&format!(
        "The runtime of the `{crate_name}` crate, generated beside it by postman-codegen. \
         Use it through `{crate_name}`, which re-exports what its users need; the items \
         hidden from these docs are the generated code's, not an API."
    ));
    let attrs = std::mem::take(&mut file.attrs);
    let items = &file.items;
    let tokens = quote::quote! {
        #docs
        #![doc = ""]
        #(#attrs)*
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]
        #(#items)*
    };
    format_file(path, tokens)
}

/// Declares the module `name` (a file the generator wrote beside the
/// runtime's, such as `response_headers.rs`) in the runtime crate's root.
pub fn declare_in_runtime_crate(files: &mut CrateFiles, name: &str) -> Result<(), Error> {
    let path = RuntimeLayout::Crate.root_file();
    let Some(text) = files.get(path) else {
        return Ok(());
    };
    let declared = format_source(path, &format!("{text}\nmod {name};\n"))?;
    files.insert(path.to_string(), declared);
    Ok(())
}

#[cfg(test)]
mod tests {
    use postman_codegen_runtime::source;

    use crate::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
    use crate::ir::TypeTable;

    /// Options for a crate that carries the runtime as its module, whose
    /// files these tests read where `mod.rs` declares them.
    fn module_layout(name: &str) -> CrateOptions {
        let mut options = CrateOptions::new(name, "0.1.0");
        options.runtime = super::RuntimeLayout::Module;
        options
    }

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
        emit_crate(&[input], &module_layout("auth-client")).expect("emits")
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
            super::HAWK,
            super::JWT,
            super::EDGEGRID,
            super::OAUTH1_RSA,
            super::NTLM,
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
        emit_crate(&[input], &module_layout("dynamic-client")).expect("emits")
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

    /// Every file of the runtime crate's `src/runtime/` reaches a generated
    /// crate as exactly that source (formatted, without its unit tests):
    /// always, as an optional module, or as the faker stub. A runtime file
    /// the generator does not know of fails here, not in a crate that needed
    /// it.
    #[test]
    fn the_vendored_runtime_is_the_runtime_crates_source() {
        let optional = [
            super::DIGEST,
            super::OAUTH1,
            super::AWS_SIGV4,
            super::OAUTH2_GRANT,
            super::HAWK,
            super::JWT,
            super::EDGEGRID,
            super::OAUTH1_RSA,
            super::NTLM,
            super::FAKER,
            super::PAGINATION,
            super::LENIENT,
            super::OBJECT,
        ];
        let mut files = CrateFiles::new();
        super::emit(&mut files, &optional, super::RuntimeLayout::Module, "c").expect("emits");
        for (name, text) in source::ALL {
            let path = format!("src/runtime/{name}");
            let expected = match *name {
                "mod.rs" => continue,
                "faker_absent.rs" => {
                    assert!(std::ptr::eq(super::FAKER_ABSENT, *text));
                    continue;
                }
                "scripts_absent.rs" => {
                    assert!(std::ptr::eq(super::SCRIPTS_ABSENT, *text));
                    continue;
                }
                "lenient_absent.rs" => {
                    assert!(std::ptr::eq(super::LENIENT_ABSENT, *text));
                    continue;
                }
                // Vendored with `scripts/` only into crates with scripts (`emit/scripts.rs`).
                "scripts.rs" => {
                    assert!(std::ptr::eq(super::SCRIPTS.source, *text));
                    continue;
                }
                _ => super::vendored_source(&path, text, super::RuntimeLayout::Module)
                    .expect("formats"),
            };
            let known = super::FILES
                .iter()
                .any(|(file, source)| file == name && std::ptr::eq(*source, *text))
                || optional.iter().any(|module| {
                    format!("{}.rs", module.name) == *name && std::ptr::eq(module.source, *text)
                });
            assert!(
                known,
                "{name}: the generator does not vendor it (or vendors another file under its name)"
            );
            assert_eq!(files.get(&path), Some(&expected), "{path}");
        }
        let mod_rs = &files["src/runtime/mod.rs"];
        let vendored = super::format_source("mod.rs", source::vendored_mod_rs()).expect("formats");
        // The vendored part, then one declaration per optional module.
        let appended = mod_rs
            .strip_prefix(vendored.trim_end())
            .expect("vendored part first");
        let declared: Vec<&str> = appended.split_whitespace().collect();
        // The script runtime is not among `optional`: its stub comes last.
        let expected: Vec<String> = optional
            .iter()
            .map(|module| (module.name, module.uses))
            .chain([("scripts", "")])
            .flat_map(|(name, uses)| {
                [
                    "pub(crate)".to_string(),
                    "mod".to_string(),
                    format!("{name};"),
                ]
                .into_iter()
                .chain(uses.split_whitespace().map(str::to_string))
            })
            .collect();
        assert_eq!(declared, expected, "{mod_rs}");
    }

    /// The build script printed every runtime file (but `mod.rs`, which is
    /// assembled per crate) and every `scripts/*.rs`, and its text is what printing the file now
    /// gives: no `generate` run falls back to printing the runtime, and no
    /// crate gets a stale copy.
    #[test]
    fn the_build_script_printed_every_runtime_file_as_printing_it_now_does() {
        for (name, text) in source::ALL {
            if *name == "mod.rs" {
                continue;
            }
            let built = super::VENDORED
                .iter()
                .find(|(built, _)| built == name)
                .map(|(_, built)| *built);
            let now =
                super::vendored_source(name, text, super::RuntimeLayout::Module).expect("formats");
            assert_eq!(built, Some(now.as_str()), "{name}");
            // And as a crate of its own, with the macros that crate exports.
            let as_crate = super::VENDORED_AS_CRATE
                .iter()
                .find(|(built, _)| built == name)
                .map(|(_, built)| *built);
            let mut exported = Vec::new();
            let now = super::print::vendored_source_with(text, |file| {
                super::as_crate::as_crate(file, &mut exported)
            })
            .expect("prints");
            assert_eq!(as_crate, Some(now.as_str()), "{name}");
            for name in exported {
                assert!(super::RUNTIME_MACROS.contains(&name.as_str()), "{name}");
            }
        }
        assert_eq!(super::VENDORED.len(), source::ALL.len() - 1);
        assert_eq!(super::VENDORED_AS_CRATE.len(), source::ALL.len() - 1);
        let mut scripts = 0;
        for (name, text) in source::SCRIPTS_FILES {
            if !name.ends_with(".rs") {
                continue;
            }
            let built = super::SCRIPTS_VENDORED
                .iter()
                .find(|(built, _)| built == name)
                .map(|(_, built)| *built);
            let now = super::format_source(name, text).expect("formats");
            assert_eq!(built, Some(now.as_str()), "scripts/{name}");
            scripts += 1;
        }
        assert_eq!(super::SCRIPTS_VENDORED.len(), scripts);
    }

    /// What a generated crate carries of a runtime file is the file's
    /// items, in order, but those under `#[cfg(test)]`; the runtime crate's
    /// tests stay there (and there are some to strip). A file with no test
    /// item is carried exactly as formatting it gives.
    #[test]
    fn the_runtimes_unit_tests_stay_in_the_runtime_crate() {
        // What an item declares (printing may re-brace a match arm or add a
        // trailing comma inside it, so its whole text is not compared).
        let label = |item: &syn::Item| -> String {
            let ident = match item {
                syn::Item::Mod(item) => item.ident.to_string(),
                syn::Item::Fn(item) => item.sig.ident.to_string(),
                syn::Item::Struct(item) => item.ident.to_string(),
                syn::Item::Enum(item) => item.ident.to_string(),
                syn::Item::Const(item) => item.ident.to_string(),
                syn::Item::Static(item) => item.ident.to_string(),
                syn::Item::Type(item) => item.ident.to_string(),
                syn::Item::Trait(item) => item.ident.to_string(),
                syn::Item::Impl(item) => {
                    quote::ToTokens::to_token_stream(&item.self_ty).to_string()
                }
                syn::Item::Use(item) => quote::ToTokens::to_token_stream(&item.tree)
                    .to_string()
                    .replace(" ,", ""),
                _ => String::new(),
            };
            // And how many `cfg`s it holds: none is lost either.
            let cfgs = quote::ToTokens::to_token_stream(item)
                .to_string()
                .matches("cfg (")
                .count();
            format!("{ident} {cfgs}")
        };
        let mut stripped = 0;
        for (name, text) in source::ALL {
            let source = syn::parse_file(text).expect("runtime source parses");
            let vendored =
                super::vendored_source(name, text, super::RuntimeLayout::Module).expect("formats");
            let carried = syn::parse_file(&vendored).expect("vendored text parses");
            let kept: Vec<String> = source
                .items
                .iter()
                .filter(|item| !super::print::is_test_only(item))
                .map(label)
                .collect();
            let carried: Vec<String> = carried.items.iter().map(label).collect();
            assert_eq!(carried, kept, "{name}");
            assert!(!vendored.contains("#[cfg(test)]"), "{name}");
            stripped += source.items.len() - kept.len();
            if kept.len() == source.items.len() {
                let formatted = super::format_source(name, text).expect("formats");
                assert_eq!(vendored, formatted, "{name}");
            }
        }
        // core.rs alone has two test modules.
        assert!(stripped >= 2, "{stripped} test items");
    }

    /// The crate root re-exports the runtime's `pub use` items, each under
    /// its `cfg`, and nothing the runtime keeps `pub(crate)`; the `runtime`
    /// module itself is private.
    #[test]
    fn the_crate_root_reexports_exactly_the_runtimes_public_items() {
        let files = crate_with_auth(serde_json::json!({"type": "noauth"}));
        let lib = syn::parse_file(&files["src/lib.rs"]).expect("lib.rs parses");
        let mut exported: Vec<(String, String)> = Vec::new();
        for item in &lib.items {
            match item {
                syn::Item::Mod(module) if module.ident == "runtime" => {
                    assert!(
                        matches!(module.vis, syn::Visibility::Inherited),
                        "runtime is public"
                    );
                }
                syn::Item::Use(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                    let cfg = item
                        .attrs
                        .iter()
                        .map(|attr| quote::ToTokens::to_token_stream(attr).to_string())
                        .collect::<String>();
                    let mut names = Vec::new();
                    super::use_tree_names(&item.tree, &mut names);
                    exported.extend(
                        names
                            .into_iter()
                            .map(|name| (name.to_string(), cfg.clone())),
                    );
                }
                _ => {}
            }
        }
        let find = |name: &str| {
            exported
                .iter()
                .find(|(exported, _)| exported == name)
                .map(|(_, cfg)| cfg.as_str())
        };
        for name in [
            "Error",
            "ResponseValue",
            "RawBody",
            "RetryPolicy",
            "FilePart",
            "Upload",
            "TokenProvider",
            "OutgoingRequest",
        ] {
            assert_eq!(find(name), Some(""), "{name}: {exported:?}");
        }
        assert!(
            find("ByteStream").is_some_and(|cfg| cfg.contains("\"async\"")),
            "{exported:?}"
        );
        assert!(
            find("BodyReader").is_some_and(|cfg| cfg.contains("\"blocking\"")),
            "{exported:?}"
        );
        for internal in [
            "Core",
            "CoreBuilder",
            "Request",
            "Credential",
            "AuthScheme",
            "Overrides",
            "RawResponse",
            "lenient",
        ] {
            assert_eq!(find(internal), None, "{internal} is exported");
        }
        assert_eq!(
            exported.len(),
            exported
                .iter()
                .map(|(name, _)| name)
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
    }

    /// The crate for a one-listing collection with this query and example reply.
    fn crate_with_listing(query: &str, reply: &str) -> CrateFiles {
        let collection = serde_json::json!({
            "info": {"name": "Listing", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "List things", "request": {"method": "GET", "url": format!("https://api.example.com/things?{query}")},
                "response": [{"name": "ok", "code": 200, "body": reply,
                    "originalRequest": {"method": "GET", "url": "https://api.example.com/things"}}]}],
        });
        let loaded =
            crate::generate::load_and_infer(collection.to_string().as_bytes()).expect("loads");
        let input = ApiInput {
            api: &loaded.api,
            types: &loaded.types,
            module: "listing",
        };
        emit_crate(&[input], &module_layout("listing-client")).expect("emits")
    }

    #[test]
    fn only_a_crate_with_a_request_that_pages_gets_the_pagers() {
        let reply = r#"{"next_page_token": "abc", "users": [{"id": "1"}]}"#;
        let paged = crate_with_listing("page_size=30&next_page_token=", reply);
        // The same reply without the cursor in the query: no evidence of paging.
        let plain = crate_with_listing("page_size=30", reply);
        assert!(paged.values().any(|text| text.contains("pub fn pages(")));
        assert!(!plain.values().any(|text| text.contains("pub fn pages(")));

        assert!(paged.contains_key("src/runtime/pagination.rs"));
        assert!(!plain.contains_key("src/runtime/pagination.rs"));
        let (paged_mod, plain_mod) = (&paged["src/runtime/mod.rs"], &plain["src/runtime/mod.rs"]);
        assert!(
            paged_mod.contains("pub(crate) mod pagination;"),
            "{paged_mod}"
        );
        assert!(
            paged_mod.contains("pub(crate) use self::pagination::PageRule;"),
            "{paged_mod}"
        );
        assert!(!plain_mod.contains("pagination"), "{plain_mod}");

        // The crate root re-exports the pagers only when they are there.
        let reexports = |files: &CrateFiles| -> Vec<String> {
            let lib = syn::parse_file(&files["src/lib.rs"]).expect("lib.rs parses");
            let mut names = Vec::new();
            for item in &lib.items {
                if let syn::Item::Use(item) = item {
                    super::use_tree_names(&item.tree, &mut names);
                }
            }
            names.iter().map(ToString::to_string).collect()
        };
        for pager in ["Items", "Pages", "ItemsBlocking", "PagesBlocking"] {
            assert!(
                reexports(&paged).iter().any(|name| name == pager),
                "{pager}"
            );
            assert!(
                !reexports(&plain).iter().any(|name| name == pager),
                "{pager}"
            );
        }
        assert!(reexports(&plain).iter().any(|name| name == "RetryPolicy"));
        // The pagers need no crate the others do not.
        assert_eq!(dependencies(&paged), dependencies(&plain));
    }

    #[test]
    fn jwt_and_asap_collections_get_the_jwt_module_and_its_crates_only() {
        let bearer = crate_with_auth(
            serde_json::json!({"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]}),
        );
        let jwt = crate_with_auth(serde_json::json!({"type": "jwt", "jwt": [
            {"key": "algorithm", "value": "HS384"}, {"key": "secret", "value": "literal-jwt-secret"},
            {"key": "payload", "value": "{\"sub\": \"{{user}}\"}"}
        ]}));
        let asap = crate_with_auth(serde_json::json!({"type": "asap", "asap": [
            {"key": "kid", "value": "k"}, {"key": "iss", "value": "i"}, {"key": "aud", "value": "a"},
            {"key": "privateKey", "value": "-----BEGIN PRIVATE KEY-----literal-----END PRIVATE KEY-----"}
        ]}));
        for files in [&jwt, &asap] {
            assert!(files.contains_key("src/runtime/jwt.rs"));
            assert!(files["src/runtime/mod.rs"].contains("pub(crate) mod jwt;"));
            let mut expected = dependencies(&bearer);
            expected.extend(super::JWT.dependencies.iter().map(|d| d.to_string()));
            expected.sort();
            assert!(
                expected.iter().any(|d| d.starts_with("p521 ")),
                "{expected:?}"
            );
            assert_eq!(dependencies(files), expected);
            assert!(!files
                .values()
                .any(|text| text.contains("literal-jwt-secret") || text.contains("-----literal")));
        }
        let client = &jwt["src/client.rs"];
        assert!(client.contains("pub fn jwt_secret("), "{client}");
        assert!(!client.contains("pub fn jwt_private_key("), "{client}");
        assert!(client.contains("algorithm: \"HS384\""), "{client}");
        assert!(asap["src/client.rs"].contains("pub fn asap_private_key("));
    }

    #[test]
    fn only_rsa_signed_oauth1_collections_get_the_rsa_module_and_crate() {
        let oauth1 = |method: &str| {
            crate_with_auth(serde_json::json!({"type": "oauth1", "oauth1": [
                {"key": "consumerKey", "value": "{{ck}}"}, {"key": "consumerSecret", "value": "{{cs}}"},
                {"key": "signatureMethod", "value": method}, {"key": "privateKey", "value": "{{pem}}"}
            ]}))
        };
        let (hmac, rsa) = (oauth1("HMAC-SHA256"), oauth1("RSA-SHA512"));
        let rsa_line = |files: &CrateFiles| {
            dependencies(files)
                .iter()
                .any(|line| line.starts_with("rsa "))
        };
        assert!(!rsa_line(&hmac) && !hmac.contains_key("src/runtime/oauth1_rsa.rs"));
        assert!(rsa_line(&rsa) && rsa.contains_key("src/runtime/oauth1_rsa.rs"));
        assert!(rsa["src/client.rs"].contains("rsa: Some(runtime::oauth1_rsa::sign)"));
        assert!(hmac["src/client.rs"].contains("rsa: None"));
        assert!(rsa["src/client.rs"].contains("pub fn oauth1_private_key("));
        assert!(!hmac["src/client.rs"].contains("pub fn oauth1_private_key("));
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
