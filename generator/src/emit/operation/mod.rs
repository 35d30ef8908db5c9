//! One operation: its accessor method (with the full documentation), its
//! request builder (setters, `send`, `send_blocking`) and, when the
//! documented successes differ, its response enum.
//!
//! The builder's `request` method turns the inputs into a plain
//! `runtime::Request`; everything else (rendering, encoding, auth, retries,
//! status handling) is the runtime's, so each operation stays short.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Body, FormFieldKind, Operation, OperationId};

use super::docs;
use super::example;
use super::model::{ApiModel, BodyKind, Input, OperationModel, Success, ValueType, Wire};
use super::repeated;
use super::rust::{doc_attrs, ident};
use super::types::TypePaths;
use super::{Context, Interface};

mod builder;
mod documentation;
mod request;
mod text;

use builder::*;
use documentation::*;
use request::*;

pub(crate) use builder::pages;

/// The accessor of a folder's handle (`group::child_accessor`) with its
/// docs: one description, laid out as text where its lines fit, else the
/// same text parsed for syn (`text::handle_accessor_text`).
pub(super) fn handle_accessor(
    docs: &str,
    method: &str,
    module_path: &TokenStream,
    handle: &str,
    [client, lifetime]: [&TokenStream; 2],
) -> TokenStream {
    let accessor = text::handle_accessor_text(method, module_path, handle, client, lifetime);
    match text::accessor(docs, &accessor) {
        Some(text) => repeated::preprinted(text),
        None => text::accessor_tokens(doc_attrs(docs), &accessor),
    }
}

/// What one operation contributes to its module.
pub struct OperationItems {
    /// The accessor method, for the group handle's (or the client's) impl.
    pub accessor: TokenStream,
    /// The builder struct, its impl, and the response enum.
    pub items: TokenStream,
}

/// Emits an operation. `builder_path` is how the accessor's module names the
/// builder's module (empty when they are the same), `handle_client` is the
/// expression for the `&Client` in the accessor.
pub fn emit(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    index: OperationId,
    paths: &TypePaths<'_>,
    builder_path: &TokenStream,
    handle_client: &TokenStream,
    lifetime: &TokenStream,
) -> OperationItems {
    let op = &model.api[index];
    let m = &model[index];
    let builder = format_ident!("{}", m.builder);
    let response_ty = response_type(m, paths);

    // The accessor.
    let arguments: Vec<&Input> = m.inputs.iter().filter(|i| i.is_argument).collect();
    let accessor_docs = accessor_docs(ctx, model, index, paths);
    // One description, as text: laid out where its lines fit, else parsed
    // and printed through syn and prettyplease (`text.rs`).
    let accessor_text = text::accessor_text(
        &op.method_name,
        &arguments,
        paths,
        [builder_path, handle_client, lifetime],
        &m.builder,
    );
    let accessor = match text::accessor(&accessor_docs, &accessor_text) {
        Some(text) => repeated::preprinted(text),
        None => text::accessor_tokens(doc_attrs(&accessor_docs), &accessor_text),
    };

    // The builder. Its struct, `new` and setters are printed as text where
    // their lines fit (`text.rs`), else built as tokens.
    let mut members = text::Members::default();
    match text::builder_new(&m.builder, &m.inputs) {
        Some(text) => members.text(text),
        None => members.tokens(builder_new(&builder, &m.inputs)),
    }
    for input in m.inputs.iter().filter(|i| !i.is_argument) {
        let docs = setter_docs(op, input);
        match text::setter(input, &docs, paths) {
            Some(text) => members.text(text),
            None => members.tokens(setter(doc_attrs(&docs), input, paths)),
        }
    }
    let pagination = pagination_methods(model, index, &response_ty, paths);
    let ((sending_ty, send_body), blocking_body, decode_fn) = send_bodies(m, &response_ty, paths);
    let path = model.api.path_string(op);
    let builder_name = &m.builder;
    let send_link = match ctx.options.interface {
        Interface::Async => format!("[`send`]({builder_name}::send)"),
        Interface::Blocking => format!("[`send_blocking`]({builder_name}::send_blocking)"),
        Interface::Both => format!(
            "[`send`]({builder_name}::send) or [`send_blocking`]({builder_name}::send_blocking)"
        ),
    };
    // Joined by `concat`, sized once (`format!` grows as it writes).
    let struct_docs = [
        "A ",
        &docs::code(&[op.method.as_str(), " ", &path].concat()),
        " request; create it with [`",
        &op.method_name,
        "`](",
        &accessor_link(ctx, model, index),
        ") and send it with ",
        &send_link,
        ".",
    ]
    .concat();
    let builder_struct = match text::builder_struct(&m.builder, &struct_docs, &m.inputs, paths) {
        Some(text) => repeated::preprinted(text),
        None => builder_struct(&builder, doc_attrs(&struct_docs), &m.inputs, paths),
    };
    let response_enum = response_enum(m, paths);
    let error_enum = error_enum(m, paths);
    // `#[inline]` on every method that takes no generic argument: rustc
    // code-generates a crate's non-generic public functions (and what they
    // call) when it builds that crate, but an `#[inline]` one only in a crate
    // that calls it, as it does generic ones. So building the client compiles
    // no operation to machine code, and a program compiles the operations it
    // uses. With hundreds of operations most of the build was their `request`,
    // `send` and setters (docs/performance.md, session 26).
    match request_fn_body(model.api, op, m, index, model) {
        Ok(body) => members.text(text::request_method(&body)),
        Err(body) => members.tokens(quote! {
            #[inline]
            fn request(self) -> Result<runtime::Request, runtime::Error> {
                #body
            }
        }),
    }
    if !decode_fn.is_empty() {
        members.tokens(decode_fn);
    }
    // `send` and `send_blocking` as text where their lines fit (`text.rs`).
    let send_docs = send_docs(m);
    let typed = m.error_enum.is_some();
    match text::send(&send_docs, &m.success, typed, &response_ty) {
        Some(text) => members.text(text),
        None => members.tokens(send_method(&doc_attrs(&send_docs), &sending_ty, &send_body)),
    }
    if let Some(paging) = &pagination {
        match text::paging(paging) {
            Some(text) => members.text(text),
            None => members.tokens(text::paging_tokens(paging)),
        }
    }
    match text::send_blocking(&send_docs, &m.success, typed, &response_ty) {
        Some(text) => members.text(text),
        None => members.tokens(send_blocking_method(
            &doc_attrs(&send_docs),
            &response_ty,
            &blocking_body,
        )),
    }
    match text::streaming_methods() {
        Some(text) => members.text(text.to_string()),
        None => members.tokens(streaming_methods()),
    }
    // The whole impl as text where every member is: no syn at all.
    let builder_impl = match members.into_text() {
        Ok(text) => match text::builder_impl(&m.builder, &text) {
            Some(text) => repeated::preprinted(text),
            None => {
                let members = repeated::preprinted(text);
                quote!(impl<'a> #builder<'a> { #members })
            }
        },
        Err(members) => quote!(impl<'a> #builder<'a> { #members }),
    };
    // The escape hatches (`runtime::Customize`: one trait, not six methods
    // per builder) and `Debug` (names only, and no code per field) by the
    // runtime's macro (`runtime/overrides.rs`).
    let items = quote! {
        #builder_struct

        runtime::builder_impls!(#builder);

        #builder_impl
        #response_enum
        #error_enum
    };
    OperationItems { accessor, items }
}

/// `send_streaming` and `send_streaming_blocking`, the same for every
/// request.
pub(super) fn streaming_methods() -> TokenStream {
    quote! {
        /// Sends the request and returns a success response's body as a stream of chunks,
        /// read as it arrives: for downloads of any size in bounded memory (no
        /// `max_response_bytes` limit and no whole-request timeout; `read_timeout` bounds
        /// a stall). Error statuses fail as with `send`.
        #[cfg(feature = "async")]
        #[inline]
        pub fn send_streaming(self) -> runtime::SendingStreamed<'a> {
            runtime::SendingStreamed::new(&self.client.core, self.request())
        }

        /// `send_streaming` for blocking callers: a success body as a [`std::io::Read`],
        /// read as it arrives. Must not be called from an async runtime.
        #[cfg(feature = "blocking")]
        #[inline]
        pub fn send_streaming_blocking(self) -> Result<runtime::BodyReader, runtime::Error> {
            self.client.core.execute_streamed_blocking(self.request()?)
        }
    }
}
