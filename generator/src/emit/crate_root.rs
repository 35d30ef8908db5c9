//! `src/lib.rs` (crate docs, lints, the runtime and the API modules) and, for
//! crates with several APIs, each API's `mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;

use super::client::client_example;
use super::docs;
use super::group::{is_live, live_children};
use super::model::ApiModel;
use super::readme::features_list;
use super::rust::{format_file, ident, inner_doc_attrs};
use super::{Context, CrateFiles, Interface, RuntimeLayout};

/// The module declarations of an API root: client, types, folders, top-level requests.
fn api_items(model: &ApiModel<'_>, parent_module: Option<&str>) -> TokenStream {
    let types = (!model.types.defs.is_empty()).then(|| {
        quote! {
            pub mod types;
        }
    });
    let root = model.api.root_group();
    let groups = root
        .map(|root| live_children(model, root))
        .unwrap_or_default();
    let group_modules = groups.iter().map(|&child| {
        let name = model[child].modules.last().cloned().unwrap_or_default();
        let module = ident(&name);
        let inception = (Some(name.as_str()) == parent_module)
            .then(|| quote!(#[allow(clippy::module_inception)]));
        quote!(#inception pub mod #module;)
    });
    let operations = model.root_operations_module.as_ref().map(|module| {
        let module = ident(module);
        quote!(pub mod #module;)
    });
    quote! {
        mod client;
        pub use self::client::{Client, ClientBuilder};
        #types
        #(#group_modules)*
        #operations
    }
}

/// The docs of one API: its name, description, and where to start;
/// `table` is its [`super::readme::operations_table`].
fn api_docs(ctx: &Context<'_>, model: &ApiModel<'_>, table: &str) -> String {
    let mut text = String::new();
    if let Some(description) = model
        .api
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str(&description);
        text.push_str("\n\n");
    }
    text.push_str(
        "Start with [`Client::builder`]; requests are grouped by folder, as in the collection.",
    );
    if let Some(example) = client_example(ctx, model) {
        text.push_str("\n\n");
        text.push_str(&example);
    }
    text.push_str("\n\n# Operations\n\n");
    text.push_str(table.trim_end());
    // Once here, linked from each operation's own `# Scripts`.
    let scripts = super::scripts_doc::api_section(
        model
            .api
            .operations
            .iter()
            .filter(|op| is_live(model, op.group))
            .flat_map(|op| &op.scripts),
    );
    if !scripts.is_empty() {
        text.push_str("\n\n");
        text.push_str(scripts.trim_end());
    }
    text
}

/// The part of the crate docs every crate has: errors, retries, features.
fn common_docs(interface: Interface) -> String {
    let send = match interface {
        Interface::Async => "`send().await`",
        Interface::Blocking => "`send_blocking()`",
        Interface::Both => "`send().await` (or `send_blocking()`)",
    };
    format!(
        "# Responses and errors\n\n\
         {send} returns [`ResponseValue`] (the typed body, with status and headers) or an \
         [`Error`]: [`Error::Status`] for a documented or undocumented error status (with the \
         collection's description of it, the headers and the raw body), \
         [`Error::RateLimited`] for `429` (with `Retry-After`), [`Error::Transport`], \
         [`Error::Decode`] (keeping the raw body) and [`Error::InvalidRequest`] (a request that \
         could not be built, rejected before sending).\n\n\
         # Redirects and credentials\n\n\
         Redirects are followed as the collection's `protocolProfileBehavior` says (Postman's \
         defaults otherwise: up to 10, 301 and 302 turn into `GET`). A credential the client \
         adds (auth header or query parameter, credential headers, secret variables) never \
         goes to another origin: a redirect elsewhere is followed without them, and one that \
         would still carry them (in its URL, or in the body a 307 or 308 resends) stops with \
         [`Error::Redirect`]. Errors and `Debug` output show credentials as `REDACTED`.\n\n\
         # Retries\n\n\
         Off by default; [`RetryPolicy`] retries 429, 502, 503 and 504 responses and \
         connection failures of idempotent requests, honouring `Retry-After`.\n\n\
         # When the collection is not enough\n\n\
         Every request builder has the escape hatches of [`Customize`] (`use` it to call \
         them): `.header(..)`, `.query(..)`, `.path_param(..)`, `.json_body(..)`, \
         `.raw_body(..)` and `.upload_body(..)` ([`Upload`]: a file, reader or stream, never \
         loaded whole), for an API that changed since its collection was written. \
         `send_streaming()` returns a success body as a stream of chunks. The client \
         builder takes `before_send` and `after_receive` hooks (to sign requests the way a \
         pre-request script did, or to check responses), a proxy, default headers and timeouts. \
         Listings whose examples show how they page have `.pages()` and `.items()`.\n\n\
         # Cargo features\n\n{}",
        features_list(interface)
    )
}

/// Writes `src/lib.rs`, and `src/<api>/mod.rs` for crates with several APIs;
/// `tables` holds each model's operations table.
pub fn emit(
    ctx: &Context<'_>,
    models: &[ApiModel<'_>],
    tables: &[String],
    files: &mut CrateFiles,
) -> Result<(), Error> {
    let layout = ctx.options.runtime;
    let runtime_reexports = super::runtime::root_reexports(
        files.get(layout.root_file()).map_or("", String::as_str),
        layout,
    )?;
    let response_headers = files.contains_key(super::response_headers::FILE).then(|| {
        quote!(
            mod response_headers;
        )
    });
    // The generated code names the runtime `crate::runtime` either way; the
    // runtime crate by its absolute path, since an API module may have its
    // name.
    let runtime = match layout {
        RuntimeLayout::Module => quote!(
            mod runtime;
        ),
        RuntimeLayout::Crate => {
            let package = ident(&format!("{}_runtime", ctx.crate_ident));
            quote!(use ::#package as runtime;)
        }
    };
    let header = quote! {
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        #[cfg(not(any(feature = "async", feature = "blocking")))]
        compile_error!("enable the `async` feature, the `blocking` feature, or both: without them requests cannot be sent");

        #runtime

        #runtime_reexports
        #response_headers

        /// The crate's `README.md`, whose Rust examples run as doc tests.
        #[cfg(doctest)]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    };
    let tokens = match models {
        [single] if single.layout.path.is_empty() => {
            let title = docs::api_title(&single.api.name);
            let text = format!(
                "A typed client for {title}, generated from its Postman collection.\n\n{}\n\n{}",
                api_docs(ctx, single, tables.first().map_or("", String::as_str)),
                common_docs(ctx.options.interface)
            );
            let docs = inner_doc_attrs(&text);
            let items = api_items(single, None);
            quote! {
                #docs
                #header
                #items
            }
        }
        _ => {
            let mut text = String::from("Typed clients generated from Postman collections:\n\n");
            for model in models {
                let module = model.layout.path.join("::");
                text.push_str(&format!(
                    "- [`{module}`]: {}\n",
                    docs::api_title(&model.api.name)
                ));
            }
            if let Some(example) = models.first().and_then(|m| client_example(ctx, m)) {
                text.push_str("\nEach module has its own `Client`:\n\n");
                text.push_str(&example);
                text.push('\n');
            }
            text.push('\n');
            text.push_str(&common_docs(ctx.options.interface));
            let docs = inner_doc_attrs(&text);
            let modules = models.iter().map(|model| {
                let module = ident(
                    model
                        .layout
                        .path
                        .first()
                        .map(String::as_str)
                        .unwrap_or_default(),
                );
                quote!(pub mod #module;)
            });
            for (model, table) in models.iter().zip(tables) {
                let module_name = model.layout.path.first().cloned().unwrap_or_default();
                let title = docs::api_title(&model.api.name);
                let api_text = format!("A client for {title}.\n\n{}", api_docs(ctx, model, table));
                let api_docs = inner_doc_attrs(&api_text);
                let items = api_items(model, Some(&module_name));
                let file = format!("{}/mod.rs", model.layout.dir);
                let module_tokens = quote! {
                    #api_docs
                    #items
                };
                files.insert(file.clone(), format_file(&file, module_tokens)?);
            }
            quote! {
                #docs
                #header
                #(#modules)*
            }
        }
    };
    files.insert("src/lib.rs".to_string(), format_file("src/lib.rs", tokens)?);
    Ok(())
}
