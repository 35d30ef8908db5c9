//! The `scripts` Cargo feature of a generated crate whose collection has
//! pre-request or test scripts: the script runtime (`runtime/scripts.rs` and
//! `runtime/scripts/`: engine glue and limits, the `pm` sandbox, crypto, how
//! a script's changes reach the request) and the scripts themselves, as data
//! (`runtime/scripts/table.rs`). A crate without scripts gets neither the
//! feature nor the engine: only a stub `runtime/scripts.rs` that runs nothing.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;

use super::{ApiInput, CrateFiles};

/// Whether any request of the APIs has a script.
pub fn has_scripts(apis: &[ApiInput<'_>]) -> bool {
    apis.iter()
        .any(|input| input.api.operations.iter().any(|op| !op.scripts.is_empty()))
}

/// Adds the script runtime's files and the table of scripts.
pub fn emit(
    files: &mut CrateFiles,
    apis: &[ApiInput<'_>],
    layout: super::RuntimeLayout,
) -> Result<(), Error> {
    let dir = layout.dir();
    // The runtime crate's `src/runtime/scripts/`; `pm.js` is JavaScript, copied as it is.
    for (name, source) in postman_codegen_runtime::source::SCRIPTS_FILES {
        let path = format!("{dir}/scripts/{name}");
        let text = if name.ends_with(".rs") {
            super::runtime::vendored_script_file(&path, name, source)?
        } else {
            source.to_string()
        };
        files.insert(path, text);
    }
    let path = format!("{dir}/scripts/table.rs");
    let text = super::scripts_table::table_file(&path, apis)?;
    files.insert(path, text);
    Ok(())
}

/// The crate names of the optional `[dependencies]` lines that stay
/// optional (another module may need the same crate unconditionally: then
/// its plain line wins and the optional one is dropped); the lines, resolved.
pub fn resolve_dependencies(lines: Vec<&'static str>) -> (Vec<&'static str>, Vec<String>) {
    let crate_of = |line: &str| {
        line.split('=')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    };
    let plain: Vec<String> = lines
        .iter()
        .filter(|line| !line.contains("optional = true"))
        .map(|line| crate_of(line))
        .collect();
    let mut optional = Vec::new();
    let kept = lines
        .into_iter()
        .filter(|line| {
            if !line.contains("optional = true") {
                return true;
            }
            let name = crate_of(line);
            if plain.contains(&name) {
                return false;
            }
            optional.push(name);
            true
        })
        .collect();
    (kept, optional)
}

/// `manifest` with the `scripts` feature, enabling `enables` (the runtime's
/// `dep:` crates in its own manifest, the runtime crate's feature in the
/// manifest of a crate whose runtime is a package beside it).
pub fn with_feature(manifest: &str, enables: &[String]) -> String {
    let enables: Vec<String> = enables.iter().map(|name| format!("\"{name}\"")).collect();
    let feature = format!(
        "# Runs the collection's pre-request and test scripts (an embedded JavaScript engine).\n\
         scripts = [{}]\n",
        enables.join(", ")
    );
    match manifest.find("\n[dependencies]") {
        Some(at) => format!("{}{feature}{}", &manifest[..at], &manifest[at..]),
        None => manifest.to_string(),
    }
}

/// `variable` and `set_variable` on the client of an API with scripts: the
/// caller reads what a script stored (a token after a login) and sets what a
/// script would have set.
pub fn client_methods(api: &crate::ir::Api) -> TokenStream {
    if api.operations.iter().all(|op| op.scripts.is_empty()) {
        return TokenStream::new();
    }
    quote! {
        /// A variable as the requests see it: the value the collection's
        /// scripts (with the `scripts` feature) or [`Client::set_variable`]
        /// stored, else the client's own (`.var(..)`, the collection's
        /// default). Shared by every clone of the client.
        pub fn variable(&self, name: &str) -> Option<String> {
            self.core.variable(name)
        }

        /// Sets a variable for every later request of this client and its
        /// clones, as a script's `pm.environment.set(name, value)` would.
        pub fn set_variable(&self, name: impl Into<String>, value: impl Into<String>) {
            self.core.set_variable(name.into(), value.into());
        }

        /// The run order the last call's scripts asked for with
        /// `postman.setNextRequest` or `pm.execution.setNextRequest` (with the
        /// `scripts` feature), taken: a second read gives `None`, and so does a
        /// call whose scripts asked nothing. A client never jumps by itself;
        /// a runner calling operations in collection order reads this after
        /// each call to follow Postman's order. Shared by every clone of the
        /// client: read it from the thread that made the call.
        pub fn take_next_request(&self) -> Option<crate::NextRequest> {
            self.core.take_next_request()
        }
    }
}

/// The `ClientBuilder` methods of a crate with scripts: the HTTP clients
/// `pm.sendRequest` goes out through, when the caller wants other ones than
/// the calls use.
pub fn builder_methods(api: &crate::ir::Api) -> TokenStream {
    if api.operations.iter().all(|op| op.scripts.is_empty()) {
        return TokenStream::new();
    }
    quote! {
        /// Sends the requests the collection's scripts make with `pm.sendRequest`
        /// (with the `scripts` feature) through this `reqwest::Client` instead of
        /// the one async calls use: for another proxy, or to tell a script's own
        /// requests apart from the operation's by a default header this client
        /// does or does not send. Build it with
        /// `.redirect(reqwest::redirect::Policy::none())`: scripts' redirects are
        /// followed as Postman follows them.
        #[cfg(feature = "async")]
        pub fn script_http_client(mut self, client: reqwest::Client) -> Self {
            self.core.script_http.async_client = Some(client);
            self
        }

        /// [`script_http_client`](ClientBuilder::script_http_client) for blocking calls.
        #[cfg(feature = "blocking")]
        pub fn script_blocking_http_client(mut self, client: reqwest::blocking::Client) -> Self {
            self.core.script_http.blocking_client = Some(client);
            self
        }

        /// What a call does when one of the collection's scripts fails (with
        /// the `scripts` feature): `handler` sees the error and answers.
        /// Without a handler every script error fails the call with
        /// [`Error::Script`](crate::Error::Script), and a failed pre-request
        /// script sends nothing. Answering
        /// [`ScriptErrorAction::Continue`](crate::ScriptErrorAction::Continue)
        /// goes on as Postman's runner does without `--bail`: the request is
        /// sent as the failed script left it, and the handler is where the
        /// error is reported (with the `tracing` feature it is also logged).
        pub fn on_script_error(
            mut self,
            handler: impl Fn(&crate::ScriptError) -> crate::ScriptErrorAction + Send + Sync + 'static,
        ) -> Self {
            self.core.script_errors = Some(std::sync::Arc::new(handler));
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
    use crate::ir::TypeTable;

    /// The crate for a one-request collection with these events on the
    /// collection and on the request.
    fn crate_with_events(
        collection_events: serde_json::Value,
        request_events: serde_json::Value,
    ) -> CrateFiles {
        let collection = serde_json::json!({
            "info": {"name": "Scripted", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "event": collection_events,
            "item": [{"name": "Ping", "event": request_events,
                "request": {"method": "GET", "url": "https://api.example.com/ping"}}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        let types = TypeTable::default();
        let input = ApiInput {
            api: &api,
            types: &types,
            module: "scripted",
        };
        emit_crate(&[input], &CrateOptions::new("scripted-client", "0.1.0")).expect("emits")
    }

    fn script(listen: &str, exec: &[&str]) -> serde_json::Value {
        serde_json::json!({"listen": listen, "script": {"type": "text/javascript", "exec": exec}})
    }

    fn section<'a>(manifest: &'a str, name: &str) -> &'a str {
        let start = manifest.find(&format!("[{name}]\n")).expect("section");
        let rest = &manifest[start..];
        &rest[..rest[1..].find("\n[").map_or(rest.len(), |end| end + 1)]
    }

    #[test]
    fn a_collection_without_scripts_gets_no_feature_no_engine_and_no_new_dependency() {
        let plain = crate_with_events(serde_json::json!([]), serde_json::json!([]));
        // An empty script is no script.
        let blank = crate_with_events(
            serde_json::json!([script("prerequest", &["  ", ""])]),
            serde_json::json!([]),
        );
        let scripted = crate_with_events(
            serde_json::json!([script(
                "prerequest",
                &["pm.request.headers.add({key: 'X-A', value: '1'});"]
            )]),
            serde_json::json!([script(
                "test",
                &["pm.environment.set('t', pm.response.json().t);"]
            )]),
        );
        for files in [&plain, &blank] {
            let manifest = &files["runtime/Cargo.toml"];
            assert!(!manifest.contains("scripts"), "{manifest}");
            for crate_name in ["rquickjs", "hmac", "sha1", "sha2", "md-5"] {
                assert!(!manifest.contains(crate_name), "{crate_name}: {manifest}");
            }
            assert!(!files
                .keys()
                .any(|path| path.starts_with("runtime/src/scripts/")));
            let stub = &files["runtime/src/scripts.rs"];
            assert!(
                !stub.contains("rquickjs") && !stub.contains("mod engine"),
                "{stub}"
            );
        }
        assert_eq!(plain["runtime/Cargo.toml"], blank["runtime/Cargo.toml"]);

        let manifest = &scripted["runtime/Cargo.toml"];
        let features = section(manifest, "features");
        assert!(
            features.contains("scripts = [\"dep:hmac\", \"dep:md-5\", \"dep:rquickjs\", \"dep:sha1\", \"dep:sha2\"]"),
            "{features}"
        );
        // Off by default.
        let default = features
            .lines()
            .find(|line| line.starts_with("default"))
            .expect("default");
        assert!(!default.contains("scripts"), "{default}");
        // Every crate the feature brings is optional.
        let plain_dependencies = section(&plain["runtime/Cargo.toml"], "dependencies");
        for line in section(manifest, "dependencies").lines().skip(1) {
            assert!(
                plain_dependencies.contains(line) || line.contains("optional = true"),
                "{line}"
            );
        }
        // The scripts are data in the crate, in Postman's order.
        let table = &scripted["runtime/src/scripts/table.rs"];
        let collection = table
            .find("level: \"collection\"")
            .expect("collection script");
        let request = table
            .find("level: \"request 'Ping'\"")
            .expect("request script");
        assert!(collection < request, "{table}");
        assert!(
            table.contains("(\"Scripted\", \"ping\", &[SCRIPT_0, SCRIPT_1])"),
            "{table}"
        );
        assert!(scripted["runtime/src/scripts.rs"].contains("mod engine"));
        // The generated crate's feature is the runtime's.
        let client_features = section(&scripted["Cargo.toml"], "features");
        assert!(
            client_features.contains("scripts = [\"scripted-client-runtime/scripts\"]"),
            "{client_features}"
        );
        assert!(!plain["Cargo.toml"].contains("scripts"));
        // The README names the feature only where it exists.
        assert!(scripted["README.md"].contains("- `scripts`: runs the collection's"));
        assert!(!plain["README.md"].contains("`scripts`"));
        assert!(scripted.contains_key("runtime/src/scripts/pm.js"));
    }

    #[test]
    fn a_hash_crate_a_signing_scheme_needs_stays_a_plain_dependency() {
        let (lines, optional) = super::resolve_dependencies(vec![
            "hmac = { version = \"0.12\", optional = true }",
            "hmac = \"0.12\"",
            "rquickjs = { version = \"0.14\", optional = true }",
        ]);
        assert_eq!(
            lines,
            [
                "hmac = \"0.12\"",
                "rquickjs = { version = \"0.14\", optional = true }"
            ]
        );
        assert_eq!(optional, ["rquickjs"]);
    }
}
