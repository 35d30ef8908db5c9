//! The replay harness for conformance tests: a `main.rs` that calls every
//! operation of a generated single-API crate once, in collection order, with
//! the collection's example values — the same values, built by the same code
//! ([`example::input_expr`]), as the rustdoc examples.
//!
//! The binary takes `PROXY VARS [LABELS]`: every request goes through the
//! proxy (TLS certificates are not verified: the capturing proxy's are
//! self-signed); `VARS` is a JSON object of variable values (`-` for none);
//! with `LABELS`, one `{"item", "method"}` line per request is written there,
//! otherwise each request carries an `x-harness-item` header (requests a
//! script sends with `pm.sendRequest` carry none). Files the
//! collection names are read relative to `REPLAY_COLLECTION_DIR`.

use proc_macro2::TokenStream;
use quote::quote;

use super::example;
use super::model::{use_of, ApiModel, BodyPlan, Input, InputUse, Layout, ValueType};
use super::rust::{format_file, ident};
use super::types::{type_names, TypePaths};
use crate::diagnostics::Error;
use crate::ir::{Api, Template, TypeTable};

/// Credentials the collection holds as literal values. The generated client
/// never contains them; the harness passes them at run time, as a caller would.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCredentials {
    /// A bearer token.
    pub bearer: Option<String>,
    /// An OAuth 2 access token.
    pub oauth2: Option<String>,
    /// A username and password.
    pub basic: Option<(String, String)>,
    /// An API key value.
    pub api_key: Option<String>,
    /// A digest auth username and password.
    pub digest: Option<(String, String)>,
    /// An OAuth 1.0 consumer key and secret.
    pub oauth1_consumer: Option<(String, String)>,
    /// An OAuth 1.0 token and token secret.
    pub oauth1_token: Option<(String, String)>,
    /// An AWS access key and secret key.
    pub aws: Option<(String, String)>,
    /// An AWS session token.
    pub aws_session: Option<String>,
    /// A Hawk id and key.
    pub hawk: Option<(String, String)>,
    /// An NTLM username and password.
    pub ntlm: Option<(String, String)>,
    /// An OAuth 1.0 RSA private key.
    pub oauth1_private_key: Option<String>,
    /// A JWT HMAC secret.
    pub jwt_secret: Option<String>,
    /// A JWT private key.
    pub jwt_private_key: Option<String>,
    /// An ASAP private key.
    pub asap_private_key: Option<String>,
    /// An EdgeGrid client token, client secret and access token.
    pub edgegrid: Option<(String, String, String)>,
}

/// The harness source for `api` generated as the only API of crate `crate_ident`.
pub fn replay_harness(
    api: &Api,
    types: &TypeTable,
    crate_ident: &str,
    credentials: &RunCredentials,
) -> Result<String, Error> {
    let model = ApiModel::new(
        api,
        types,
        Layout {
            dir: "src".to_string(),
            path: Vec::new(),
        },
    );
    let names = type_names(types);
    let krate = ident(crate_ident);
    // One function per request, each returning a boxed future: `main` stays a
    // small loop whatever the collection's size (a single giant `async fn`
    // overflowed the main thread's stack and took most of the build's memory),
    // and a request that cannot be built or sent is reported, not fatal.
    let mut call_fns = Vec::new();
    let mut call_table = Vec::new();
    let mut name_table = Vec::new();
    // The run order a call's scripts asked for (`setNextRequest`), which the
    // harness follows as newman's runner does.
    let has_scripts = api.operations.iter().any(|op| !op.scripts.is_empty());
    let take_next = has_scripts.then(|| {
        quote! {
            harness.next = client.take_next_request().map(|next| match next {
                #krate::NextRequest::Item(name) => Next::Item(name),
                _ => Next::Stop,
            });
        }
    });
    // How many items so far have each item path: the run's per-request
    // literals are keyed by `item path` for the first, `item path#N` for the
    // N-th of the same path (`xtask`'s `ItemKeys`, compare.py's numbering).
    let mut occurrences = std::collections::HashMap::<String, usize>::new();
    for (index, op) in api.operations.iter().enumerate() {
        let mut item = op.folder_path.clone();
        item.push(op.postman_name.clone());
        let item = item.join("/");
        let seen = occurrences.entry(item.clone()).or_default();
        *seen += 1;
        let item_key = match *seen {
            1 => item.clone(),
            n => format!("{item}#{n}"),
        };
        let paths = TypePaths::new(types, &names);
        let m = &model.operations[index];
        let mut chain = Vec::new();
        for accessor in api.group_path(op.group) {
            let accessor = ident(accessor);
            chain.push(quote!(.#accessor()));
        }
        let mut setters = Vec::new();
        let method = ident(&op.method_name);
        // Where each input goes and what the collection has there, from the
        // plan the request method is written from.
        let uses: Vec<Option<InputUse<'_>>> =
            (0..m.inputs.len()).map(|i| use_of(&m.plan, i)).collect();
        let args = m.inputs.iter().zip(&uses).filter(|(i, _)| i.is_argument);
        let args = args.map(|(input, input_use)| {
            if let Some(InputUse::PathParam { name, example }) = input_use {
                // A segment's own value (a `:name`'s `url.variable`, a
                // `{{var}}`'s collection value) is sent, its `{{variables}}`
                // rendered with the run's: a run variable of the same name
                // (another request's literal credential) is not this value.
                // Without one, a `{{var}}` segment takes the run's value and a
                // `:name` is sent as Postman sends it, literally.
                let text = match example {
                    Some(example) => quote!(harness.render(#example)),
                    None => {
                        let fallback = format!(":{name}");
                        quote!(harness.var_or(#name, #fallback))
                    }
                };
                if matches!(input.value, ValueType::Scalar(_)) {
                    // A placeholder the typed argument cannot hold is sent as
                    // newman sends it, through `.path_param` below.
                    return quote!({
                        let (value, text) = Harness::path_scalar(&#text)?;
                        path_texts.extend(text.map(|text| (#name, text)));
                        value
                    });
                }
                return from_text(&input.value, text);
            }
            example::input_expr(input, &paths, example::Detail::Full)
                .or_else(|| unfit(input))
                .unwrap_or_else(|| quote!(Default::default()))
        });
        let args: Vec<TokenStream> = args.collect();
        chain.push(quote!(.#method(#(#args),*)));
        let scalar_path_args = m.inputs.iter().zip(&uses).any(|(input, input_use)| {
            input.is_argument
                && matches!(input_use, Some(InputUse::PathParam { .. }))
                && matches!(input.value, ValueType::Scalar(_))
        });
        let (declare_path_texts, send_path_texts) = match scalar_path_args {
            true => (
                quote!(let mut path_texts: Vec<(&str, String)> = Vec::new();),
                quote! {
                    for (name, text) in path_texts {
                        request = request.path_param(name, text);
                    }
                },
            ),
            false => (TokenStream::new(), TokenStream::new()),
        };
        // Disabled query parameters, form fields and headers are documented
        // setters, but newman does not send them.
        let sent = |input_use: &Option<InputUse<'_>>| match input_use {
            Some(InputUse::Query { disabled, .. }) => !disabled,
            Some(InputUse::Header { .. }) => false,
            Some(InputUse::FormField { part, .. }) => !part.disabled,
            _ => true,
        };
        let extra_form_field = m
            .inputs
            .iter()
            .zip(&uses)
            .find(|(_, input_use)| matches!(input_use, Some(InputUse::ExtraFormFields)))
            .map(|(i, _)| ident(&i.name));
        // Fields added by `form_field` go after the listed ones: from the first
        // form field sent literally on, every text field goes that way, so the
        // form keeps the collection's order (inputs follow the fields' order).
        let literal_form_from = m
            .inputs
            .iter()
            .zip(&uses)
            .enumerate()
            .filter(|(_, (i, _))| i.value != ValueType::Files && !fits(i, &paths))
            .filter_map(|(index, (_, input_use))| match input_use {
                Some(InputUse::FormField { part, .. }) if part.text.is_some() => Some(index),
                _ => None,
            })
            .min();
        let setter_inputs = m.inputs.iter().zip(&uses).enumerate();
        let setter_inputs =
            setter_inputs.filter(|(_, (i, input_use))| !i.is_argument && sent(input_use));
        for (index, (input, input_use)) in setter_inputs {
            let setter = ident(&input.name);
            let hatch = literal_hatch(
                input,
                *input_use,
                &paths,
                extra_form_field.as_ref(),
                literal_form_from.is_some_and(|from| index >= from),
            );
            if let Some(hatch) = hatch {
                setters.push(hatch);
                continue;
            }
            if let Some(srcs) = file_sources(*input_use) {
                if srcs.is_empty() && input.required {
                    // A file part without a file, which newman sends empty with
                    // its name (rule 6), where the API documents it as required:
                    // the caller gives the empty part.
                    setters.push(quote! {
                        request = request.#setter(#krate::FilePart::from_bytes(Vec::new(), ""));
                    });
                    continue;
                }
                // newman leaves out a file it cannot read.
                setters.push(quote! {
                    for src in [#(#srcs),*] {
                        if let Some(file) = harness.file_part(src) {
                            request = request.#setter(file);
                        }
                    }
                });
                continue;
            }
            if let Some(field) = credential_form_key(input, *input_use) {
                // The lowering dropped the field's literal credential; the run
                // supplies it, as newman sends it: this request's own literal
                // under `item key NUL field key` (requests give the same field
                // different literals), else the field name's.
                let own = format!("{item_key}\u{0}{field}");
                setters.push(quote! {
                    if let Some(value) = harness.lookup(#own).or_else(|| harness.lookup(#field)) {
                        request = request.#setter(value);
                    }
                });
                continue;
            }
            let value = match (template_text(input, *input_use), input_use) {
                (Some(text), _) => Some(from_text(&input.value, quote!(harness.render(#text)))),
                (None, Some(InputUse::Body(BodyPlan::File { src, .. })))
                    if input.value == ValueType::Bytes =>
                {
                    let src = src.clone().unwrap_or_default();
                    Some(quote!(harness.file_bytes(#src)))
                }
                (None, _) => example::input_expr(input, &paths, example::Detail::Full)
                    .or_else(|| unfit(input)),
            };
            if let Some(value) = value {
                setters.push(quote!(request = request.#setter(#value);));
            }
        }
        let verb = op.method.as_str();
        let call = quote::format_ident!("call_{}", index);
        call_fns.push(quote! {
            fn #call(harness: &mut Harness) -> Call<'_> {
                Box::pin(async move {
                    let client = harness.client(#item, #item_key, #verb)?;
                    #declare_path_texts
                    let mut request = client #(#chain)*;
                    #send_path_texts
                    #(#setters)*
                    let result = request.send().await.map(|_| ());
                    #take_next
                    Harness::sent(result)
                })
            }
        });
        call_table.push(quote!((#item, #call)));
        let name = &op.postman_name;
        let id = op.postman_id.as_deref().unwrap_or_default();
        name_table.push(quote!((#name, #id)));
    }
    let types_import = (!types.defs.is_empty()).then(|| quote!(use #krate::types;));
    let credential_setters = credential_setters(api, credentials);
    // A script's `pm.sendRequest` goes out through a client of its own that
    // sends no `x-harness-item`: it is not the item's request, and newman's
    // report sets such requests aside too. (Labelling in a `before_send` hook
    // instead would put the label under a signature that covers headers.)
    let script_client = has_scripts.then(|| {
        quote! {
            let script_http = reqwest::Client::builder()
                .proxy(reqwest::Proxy::all(&self.proxy).expect("proxy URL"))
                .danger_accept_invalid_certs(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client");
            builder = builder.script_http_client(script_http);
            // newman (without `--bail`) reports a script's error and still
            // sends the request as the script left it: so does the harness.
            builder = builder.on_script_error(|error| {
                eprintln!("script error (the call goes on, as in newman): {error}");
                #krate::ScriptErrorAction::Continue
            });
        }
    });
    let defaults = api.variables.iter().filter_map(|v| {
        let value = v.default.as_ref()?;
        let name = &v.name;
        Some(quote!((#name, #value)))
    });
    let tokens = quote! {
        //! Replays every request of the collection once (generated by `cargo xtask replay`).
        #![allow(unused_imports, unused_mut, unreachable_code, dead_code, clippy::all)]

        use std::future::Future;
        use std::io::Write as _;
        use std::pin::Pin;
        use std::task::{Context, Poll};

        #types_import
        // `.query`, `.path_param`, `.raw_body`: the escape hatches.
        use #krate::Customize as _;

        /// The collection's non-secret variable values; the run's values win over them.
        const DEFAULTS: &[(&str, &str)] = &[#(#defaults),*];

        struct Harness {
            proxy: String,
            vars: Vec<(String, String)>,
            labels: Option<std::fs::File>,
            /// What the last call's scripts asked to run next.
            next: Option<Next>,
        }

        /// A call's `setNextRequest`, as the harness follows it (only a crate
        /// with scripts has the client's own type).
        #[allow(dead_code)]
        enum Next {
            Item(String),
            Stop,
        }

        impl Harness {
            fn lookup(&self, name: &str) -> Option<String> {
                self.vars
                    .iter()
                    .rev()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| DEFAULTS.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
            }

            /// A file the collection names, relative to the collection's directory
            /// (`REPLAY_COLLECTION_DIR`); empty when it cannot be read, as newman sends it.
            fn file_bytes(&self, src: &str) -> Vec<u8> {
                let dir = std::env::var("REPLAY_COLLECTION_DIR").unwrap_or_else(|_| ".".to_string());
                std::fs::read(std::path::Path::new(&dir).join(src)).unwrap_or_default()
            }

            /// A file part as newman sends it: the file's base name and bytes; `None`
            /// when it cannot be read (newman leaves the part out).
            fn file_part(&self, src: &str) -> Option<#krate::FilePart> {
                let dir = std::env::var("REPLAY_COLLECTION_DIR").unwrap_or_else(|_| ".".to_string());
                #krate::FilePart::from_path(std::path::Path::new(&dir).join(src)).ok()
            }

            fn var_or(&self, name: &str, fallback: &str) -> String {
                self.lookup(name).unwrap_or_else(|| fallback.to_string())
            }

            /// Substitutes `{{name}}` as Postman does: innermost first, repeatedly
            /// (at most 19 passes), leaving unknown names as written.
            fn render(&self, text: &str) -> String {
                let mut text = text.to_string();
                for _ in 0..19 {
                    let mut out = String::with_capacity(text.len());
                    let mut rest = text.as_str();
                    let mut changed = false;
                    while let Some(start) = rest.find("{{") {
                        let after = &rest[start + 2..];
                        let end = after.find(['{', '}']).unwrap_or(after.len());
                        match self.lookup(&after[..end]).filter(|_| end > 0 && after[end..].starts_with("}}")) {
                            Some(value) => {
                                out.push_str(&rest[..start]);
                                out.push_str(&value);
                                rest = &after[end + 2..];
                                changed = true;
                            }
                            None => {
                                out.push_str(&rest[..start + 1]);
                                rest = &rest[start + 1..];
                            }
                        }
                    }
                    out.push_str(rest);
                    text = out;
                    if !changed {
                        break;
                    }
                }
                text
            }

            /// An item path as an `x-harness-item` value that arrives whole: `%`,
            /// control characters and outer whitespace (which a header value loses on
            /// the way) percent-encoded, and the empty path (a nameless top-level item,
            /// which an empty header would not label) as a lone `%`, which encoding
            /// never writes; `xtask` decodes the labels it reads.
            fn label(item: &str) -> String {
                if item.is_empty() {
                    return "%".to_string();
                }
                let outer = item.len() - item.trim_start().len()..item.trim_end().len();
                let mut label = String::with_capacity(item.len());
                for (at, c) in item.char_indices() {
                    if c == '%' || c.is_control() || (c.is_whitespace() && !outer.contains(&at)) {
                        let mut bytes = [0u8; 4];
                        for byte in c.encode_utf8(&mut bytes).bytes() {
                            label.push_str(&format!("%{byte:02X}"));
                        }
                    } else {
                        label.push(c);
                    }
                }
                label
            }

            /// The client for one request: labelled `item` (its path), given the
            /// run's literals for `key` (its path, `#N` for the N-th of that path).
            fn client(&mut self, item: &str, key: &str, method: &str) -> Result<#krate::Client, String> {
                let mut headers = reqwest::header::HeaderMap::new();
                match self.labels.as_mut() {
                    Some(file) => {
                        let line = serde_json::json!({"item": item, "method": method});
                        writeln!(file, "{line}").expect("labels file is writable");
                    }
                    None => {
                        let value = reqwest::header::HeaderValue::from_bytes(Self::label(item).as_bytes()).expect("item name is a header value");
                        headers.insert("x-harness-item", value);
                    }
                }
                let http = reqwest::Client::builder()
                    .proxy(reqwest::Proxy::all(&self.proxy).expect("proxy URL"))
                    .danger_accept_invalid_certs(true)
                    .default_headers(headers)
                    .build()
                    .expect("HTTP client");
                let mut builder = #krate::Client::builder().http_client(http);
                #script_client
                for (name, value) in &self.vars {
                    builder = builder.var(name.clone(), value.clone());
                }
                // This request's own literals (`key NUL name`) take the place of
                // the first literal of that name: requests give the same
                // credential different literals.
                let own = format!("{key}\u{0}");
                for (name, value) in &self.vars {
                    if let Some(name) = name.strip_prefix(own.as_str()) {
                        builder = builder.var(name.to_string(), value.clone());
                    }
                }
                #(#credential_setters)*
                builder.build().map_err(|err| format!("client configuration: {err}"))
            }

            /// Any response status counts as sent; only requests that never left count as
            /// failures: a transport error, a request the client refused to build, and one
            /// that stopped before it was sent (credentials that could not be had, such as
            /// an OAuth 2.0 token fetch that failed; a configuration error; a hook's refusal;
            /// a pre-request script that failed).
            fn sent(result: Result<(), #krate::Error>) -> Result<(), String> {
                match result {
                    Err(err @ #krate::Error::Credentials(_)) => Err(format!("credentials: {err}")),
                    // A pre-request script that fails stops the request before it is sent.
                    Err(#krate::Error::Script(err)) if err.listen == "prerequest" => {
                        Err(format!("script: {err}"))
                    }
                    Err(err @ (#krate::Error::Transport { .. }
                        | #krate::Error::InvalidRequest { .. }
                        | #krate::Error::Config(_)
                        | #krate::Error::Hook(_))) => Err(err.to_string()),
                    _ => Ok(()),
                }
            }

            /// The collection's JSON text, rendered, as the value of its inferred type.
            fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
                serde_json::from_str(text).map_err(|err| Self::unfit(text, &err.to_string()))
            }

            /// The collection's text as the scalar its input takes.
            fn scalar<T: std::str::FromStr>(text: &str) -> Result<T, String> {
                text.parse().map_err(|_| Self::unfit(text, "not a value of the input's type"))
            }

            /// A path segment's text as the scalar its argument takes. newman sends a
            /// placeholder there as text (`/users/%3Cinteger%3E`), which a typed argument
            /// cannot carry: it gets a stand-in value, and the text is returned for the
            /// builder's `.path_param` to send.
            fn path_scalar<T: std::str::FromStr>(text: &str) -> Result<(T, Option<String>), String> {
                if let Ok(value) = text.parse() {
                    return Ok((value, None));
                }
                if Self::unfit(text, "").starts_with("placeholder: ") {
                    // Any value of the type will do: `.path_param` sends the text instead.
                    let stand_ins = ["0", "false", "1970-01-01T00:00:00Z", "1970-01-01", "00:00:00", "00000000-0000-0000-0000-000000000000"];
                    return stand_ins
                        .into_iter()
                        .find_map(|stand_in| stand_in.parse().ok())
                        .map(|value| (value, Some(text.to_string())))
                        .ok_or_else(|| format!("placeholder-path: the collection sends `{text}` as a path segment and no stand-in value fits the typed argument"));
                }
                Err(Self::unfit(text, "not a value of the argument's type"))
            }

            /// Why a value cannot be built; an OpenAPI converter's placeholder
            /// (`<long>`), which newman sends as text, is its own class.
            fn unfit(text: &str, why: &str) -> String {
                let placeholder = ["<integer>", "<long>", "<string>", "<boolean>", "<dateTime>", "<number>", "<date>", "<double>", "<float>", "<uuid>"]
                    .into_iter()
                    .find(|p| text.contains(p));
                match placeholder {
                    Some(p) => format!("placeholder: the collection sends `{p}` where the typed input needs a value"),
                    None => format!("the collection's value does not fit its type: {why}"),
                }
            }
        }

        /// One request of the collection, built and sent; `Err` says why it was not.
        type Call<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;

        /// A future whose panic becomes an error, so one request cannot stop the run.
        struct CatchUnwind<F>(F);

        impl<F: Future<Output = Result<(), String>> + Unpin> Future for CatchUnwind<F> {
            type Output = Result<(), String>;

            fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
                let inner = &mut self.0;
                match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| Pin::new(inner).poll(cx))) {
                    Ok(poll) => poll,
                    Err(payload) => {
                        let message = payload
                            .downcast_ref::<&str>()
                            .map(|s| s.to_string())
                            .or_else(|| payload.downcast_ref::<String>().cloned())
                            .unwrap_or_default();
                        Poll::Ready(Err(format!("panicked: {message}")))
                    }
                }
            }
        }

        /// Every request, in collection order: (item path, call).
        const CALLS: &[(&str, for<'a> fn(&'a mut Harness) -> Call<'a>)] = &[#(#call_table),*];

        /// Each request's item name and id, as in `CALLS`: what `setNextRequest` names.
        const NAMES: &[(&str, &str)] = &[#(#name_table),*];

        /// The most calls one run makes: a `setNextRequest` loop that never ends
        /// would run forever in newman too.
        const MAX_CALLS: usize = 1000;

        #(#call_fns)*

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> std::process::ExitCode {
            let mut args = std::env::args().skip(1);
            let proxy = args.next().expect("usage: replay-harness PROXY VARS [LABELS]");
            let vars = match args.next().as_deref() {
                None | Some("-") => Vec::new(),
                Some(path) => {
                    let text = std::fs::read_to_string(path).expect("variables file");
                    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).expect("variables JSON object");
                    map.into_iter()
                        .map(|(name, value)| {
                            let value = match value {
                                serde_json::Value::String(text) => text,
                                other => other.to_string(),
                            };
                            (name, value)
                        })
                        .collect()
                }
            };
            let labels = args.next().map(|path| std::fs::File::create(path).expect("labels file"));
            let mut harness = Harness { proxy, vars, labels, next: None };
            let mut failures = 0usize;
            let mut calls = 0usize;
            // Collection order, unless a script asks for another item
            // (`setNextRequest(name)`: the first item of that name or id; a name
            // no item has, or `null`, ends the run), as newman's runner does.
            let mut index = 0;
            while index < CALLS.len() && calls < MAX_CALLS {
                let (item, call) = CALLS[index];
                calls += 1;
                if let Err(reason) = CatchUnwind(call(&mut harness)).await {
                    eprintln!("not sent: {item}: {reason}");
                    failures += 1;
                }
                index = match harness.next.take() {
                    None => index + 1,
                    Some(Next::Item(wanted)) => {
                        match NAMES.iter().position(|(name, id)| *name == wanted || *id == wanted) {
                            Some(found) => found,
                            None => break,
                        }
                    }
                    Some(Next::Stop) => break,
                };
            }
            eprintln!("{} of {} requests sent", calls - failures, calls);
            if failures == 0 {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }
    };
    format_file("src/main.rs", tokens)
}

/// The collection's text for an input when it holds `{{variables}}` (or is a
/// raw body the example builder cannot express): the harness renders it with
/// the run's values, as newman does. A template body is left to the client,
/// which renders the collection's text with the run's variables, as newman
/// does.
fn template_text(input: &Input, input_use: Option<InputUse<'_>>) -> Option<String> {
    let with_vars = |t: &Template| (t.vars().next().is_some()).then(|| t.to_postman_string());
    match input_use? {
        // A query value the example cannot show in its type (`<integer>` for
        // an `i64`): the collection's text, typed at run time or reported.
        InputUse::Query { example, .. } if input.example.is_none() => example.map(str::to_string),
        InputUse::FormField { part, .. } => with_vars(part.text.as_ref()?),
        InputUse::Body(BodyPlan::Raw { text, .. })
            if input.example.is_none() || text.vars().next().is_some() =>
        {
            Some(text.to_postman_string())
        }
        InputUse::GraphQlVariables { text } => Some(text?.to_postman_string()),
        _ => None,
    }
}

/// For a value of the collection its typed input cannot hold (an OpenAPI
/// converter's `<integer>` where the input is an `i64`): a statement that sends
/// the collection's text literally through the builder's escape hatch, as
/// newman sends it — a query parameter through `.query`, a JSON body through
/// `.raw_body` with the collection's exact text and Content-Type, a form field
/// through `form_field` (from the first field sent that way on:
/// `literal_form_field`). A value that fits keeps its typed setter.
fn literal_hatch(
    input: &Input,
    input_use: Option<InputUse<'_>>,
    paths: &TypePaths<'_>,
    extra_form_field: Option<&proc_macro2::Ident>,
    literal_form_field: bool,
) -> Option<TokenStream> {
    match input_use? {
        InputUse::Query { key, example, .. } if input.value != ValueType::String => {
            let text = example?;
            let setter = ident(&input.name);
            let typed = from_text(&input.value, quote!(text.clone()));
            // Typed when the rendered text parses, literal otherwise.
            Some(quote! {
                let text = harness.render(#text);
                let typed: Result<_, String> = (|| Ok(#typed))();
                request = match typed {
                    Ok(value) => request.#setter(value),
                    Err(_) => request.query(#key, text),
                };
            })
        }
        InputUse::Body(BodyPlan::Raw {
            text, content_type, ..
        }) if !fits(input, paths) => {
            let text = text.to_postman_string();
            Some(
                quote!(request = request.raw_body(#content_type, harness.render(#text).into_bytes());),
            )
        }
        InputUse::FormField { part, .. } if literal_form_field => {
            let value = part.text.as_ref()?;
            let extra = extra_form_field?;
            let name = &part.key;
            let text = value.to_postman_string();
            Some(quote!(request = request.#extra(harness.render(#name), harness.render(#text));))
        }
        _ => None,
    }
}

/// The key of a text form field whose credential value the lowering dropped
/// (`password`, `api_key`: a literal is never copied into generated code):
/// the harness sends the run's value of that name, which `cargo xtask` takes
/// from the collection's literal.
fn credential_form_key(input: &Input, input_use: Option<InputUse<'_>>) -> Option<String> {
    let Some(InputUse::FormField { part, .. }) = input_use else {
        return None;
    };
    let dropped = part.file.is_none() && part.text.is_none();
    (dropped
        && input.value == ValueType::String
        && crate::lower::credentials::is_credential_query(&part.key, &Template::parse("")))
    .then(|| part.key.clone())
}

/// Whether the input's type holds the collection's example (a `String` holds
/// any text; an `i64` does not hold `<long>`).
fn fits(input: &Input, paths: &TypePaths<'_>) -> bool {
    input.value == ValueType::String
        || example::input_expr(input, paths, example::Detail::Full).is_some()
}

/// For an example that does not fit its input's type (a `<long>` placeholder
/// where the type is `i64`): an expression that ends the call with the reason,
/// so the request is reported, not sent without the value.
fn unfit(input: &Input) -> Option<TokenStream> {
    let text = match input.example.as_ref()? {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Some(quote!(return Err(Harness::unfit(#text, "the example does not fit the input's type"))))
}

/// The files a multipart file field names, when the input is one.
fn file_sources(input_use: Option<InputUse<'_>>) -> Option<Vec<String>> {
    match input_use? {
        InputUse::FormField {
            part,
            multipart: true,
        } if part.file.is_some() => Some(part.srcs.clone()),
        _ => None,
    }
}

/// An expression of the input's type from a `String` expression.
fn from_text(value: &ValueType, text: TokenStream) -> TokenStream {
    match value {
        ValueType::String => text,
        ValueType::Scalar(_) => quote!(Harness::scalar(&#text)?),
        ValueType::Enum(_) => {
            quote!(serde_json::from_value(serde_json::Value::String(#text)).map_err(|err| format!("enum value: {err}"))?)
        }
        ValueType::Json(_) => quote!(Harness::json(&#text)?),
        ValueType::Files | ValueType::Bytes => quote!(#text.into_bytes()),
        ValueType::Pairs => quote!(Default::default()),
    }
}

/// Builder calls for the literal credentials of the schemes that have them.
fn credential_setters(api: &Api, credentials: &RunCredentials) -> Vec<TokenStream> {
    use crate::ir::{AuthScheme, Credential};
    let supplied = |c: &Credential| *c == Credential::Supplied;
    let mut setters = Vec::new();
    let has = |f: &dyn Fn(&AuthScheme) -> bool| api.auth_schemes.iter().any(f);
    if let Some(token) = &credentials.bearer {
        if has(&|s| matches!(s, AuthScheme::Bearer { token } if supplied(token))) {
            setters.push(quote!(builder = builder.bearer_token(self.render(#token));));
            // This request's own token (a literal, or its `{{variable}}` rendered):
            // requests hold different ones, and the setter sets every scheme's.
            setters.push(quote! {
                if let Some(token) = self.lookup(&format!("{key}\u{0}$bearer_token")) {
                    builder = builder.bearer_token(self.render(&token));
                }
            });
        }
    }
    if let Some(token) = &credentials.oauth2 {
        if has(&|s| matches!(s, AuthScheme::OAuth2 { token, .. } if supplied(token))) {
            setters.push(quote!(builder = builder.access_token(self.render(#token));));
            setters.push(quote! {
                if let Some(token) = self.lookup(&format!("{key}\u{0}$access_token")) {
                    builder = builder.access_token(self.render(&token));
                }
            });
        }
    }
    let supplied_basic = |s: &AuthScheme| matches!(s, AuthScheme::Basic { username, password } if supplied(username) || supplied(password));
    if credentials.basic.is_some() && has(&supplied_basic) {
        // This request's own user and password (its basic auth or its URL's
        // `user:pass@`), when one is literal: requests hold different ones.
        // Only this request's: the setter sets every Basic scheme's
        // credentials, `{{variables}}` included, which the client (and a
        // script setting them) would otherwise give.
        setters.push(quote! {
            if let (Some(user), Some(password)) = (
                self.lookup(&format!("{key}\u{0}$basic_username")),
                self.lookup(&format!("{key}\u{0}$basic_password")),
            ) {
                builder = builder.basic_auth(self.render(&user), self.render(&password));
            }
        });
    }
    // Signing schemes: the setter exists whenever the scheme does.
    let signed = |kind: &str| {
        api.auth_schemes
            .iter()
            .any(|s| matches!(s, AuthScheme::Signed(signed) if signed.kind() == kind))
    };
    let pairs = [
        ("digest", &credentials.digest, quote!(digest_auth)),
        (
            "oauth1",
            &credentials.oauth1_consumer,
            quote!(oauth1_consumer),
        ),
        ("oauth1", &credentials.oauth1_token, quote!(oauth1_token)),
        ("awsv4", &credentials.aws, quote!(aws_credentials)),
        ("hawk", &credentials.hawk, quote!(hawk_credentials)),
        ("ntlm", &credentials.ntlm, quote!(ntlm_auth)),
    ];
    for (kind, pair, method) in pairs {
        if let (Some((first, second)), true) = (pair, signed(kind)) {
            setters.push(
                quote!(builder = builder.#method(self.render(#first), self.render(#second));),
            );
        }
    }
    if let (Some(token), true) = (&credentials.aws_session, signed("awsv4")) {
        setters.push(quote!(builder = builder.aws_session_token(self.render(#token));));
    }
    // JWT: the secret setter exists with an HS scheme, the key setter with another.
    let jwt = |hmac: bool| {
        api.auth_schemes.iter().any(|s| {
            matches!(s, AuthScheme::Signed(signed) if matches!(&**signed,
                crate::ir::SignedAuth::Jwt { algorithm, .. }
                    if (algorithm.is_empty() || algorithm.starts_with("HS")) == hmac))
        })
    };
    let oauth1_rsa = api.auth_schemes.iter().any(|s| {
        matches!(s, AuthScheme::Signed(signed) if matches!(&**signed,
            crate::ir::SignedAuth::OAuth1 { signature_method, .. } if signature_method.starts_with("RSA-")))
    });
    let singles = [
        (
            &credentials.oauth1_private_key,
            oauth1_rsa,
            quote!(oauth1_private_key),
        ),
        (&credentials.jwt_secret, jwt(true), quote!(jwt_secret)),
        (
            &credentials.jwt_private_key,
            jwt(false),
            quote!(jwt_private_key),
        ),
        (
            &credentials.asap_private_key,
            signed("asap"),
            quote!(asap_private_key),
        ),
    ];
    if let (Some((client_token, client_secret, access_token)), true) =
        (&credentials.edgegrid, signed("edgegrid"))
    {
        setters.push(quote!(builder = builder.edgegrid_credentials(
            self.render(#client_token), self.render(#client_secret), self.render(#access_token));));
    }
    for (value, present, method) in singles {
        if let (Some(value), true) = (value, present) {
            setters.push(quote!(builder = builder.#method(self.render(#value));));
        }
    }
    if let Some(key) = &credentials.api_key {
        if has(&|s| matches!(s, AuthScheme::ApiKey { value, .. } if supplied(value))) {
            setters.push(quote!(builder = builder.api_key(self.render(#key));));
        }
    }
    setters
}
