//! One operation: its accessor method (with the full documentation), its
//! request builder (setters, `send`, `send_blocking`) and, when the
//! documented successes differ, its response enum.
//!
//! The builder's `request` method turns the inputs into a plain
//! `runtime::Request`; everything else (rendering, encoding, auth, retries,
//! status handling) is the runtime's, so each operation stays short.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    Api, Body, FormFieldKind, HeaderValue, Operation, OperationId, PathSegment, QueryValue,
};

use super::docs;
use super::example;
use super::model::{ApiModel, BodyKind, Input, OperationModel, Success, ValueType, Wire};
use super::rust::{doc_attrs, ident};
use super::types::TypePaths;
use super::{Context, Interface};

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
    let method = ident(&op.method_name);
    let params = arguments.iter().map(|input| {
        let name = ident(&input.name);
        let ty = argument_type(&input.value, paths);
        quote!(#name: #ty)
    });
    let conversions = arguments.iter().map(|input| {
        let name = ident(&input.name);
        match input.value {
            ValueType::String => quote!(#name.into()),
            _ => quote!(#name.to_string()),
        }
    });
    let too_many = (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let accessor_docs = doc_attrs(&accessor_docs(ctx, model, index, paths));
    let accessor = quote! {
        #accessor_docs
        #too_many
        pub fn #method(&self, #(#params),*) -> #builder_path #builder<#lifetime> {
            #builder_path #builder::new(#handle_client, #(#conversions),*)
        }
    };

    // The builder.
    let fields = m.inputs.iter().map(|input| {
        let name = ident(&input.name);
        let ty = field_type(input, paths);
        quote!(#name: #ty)
    });
    let new_params = arguments.iter().map(|input| {
        let name = ident(&input.name);
        quote!(#name: String)
    });
    let inits = m.inputs.iter().map(|input| {
        let name = ident(&input.name);
        if input.is_argument {
            quote!(#name)
        } else if matches!(input.value, ValueType::Files | ValueType::Pairs) {
            quote!(#name: Vec::new())
        } else {
            quote!(#name: None)
        }
    });
    let setters = m
        .inputs
        .iter()
        .filter(|i| !i.is_argument)
        .map(|input| setter(op, input, paths));
    let escape_hatches = escape_hatches(op);
    let pagination = pagination_methods(model, index, m, &response_ty, paths);
    let request_body = request_fn_body(model.api, op, m, index, model);
    let (send_body, blocking_body, decode_fn) = send_bodies(m, &response_ty, paths);
    let path = model.api.path_string(op);
    let builder_name = &m.builder;
    let send_link = match ctx.options.interface {
        Interface::Async => format!("[`send`]({builder_name}::send)"),
        Interface::Blocking => format!("[`send_blocking`]({builder_name}::send_blocking)"),
        Interface::Both => format!(
            "[`send`]({builder_name}::send) or [`send_blocking`]({builder_name}::send_blocking)"
        ),
    };
    let struct_docs = doc_attrs(&format!(
        "A {} request; create it with [`{}`]({}) and send it with {send_link}.",
        docs::code(&format!("{} {}", op.method, path)),
        op.method_name,
        accessor_link(ctx, model, index),
    ));
    let new_too_many =
        (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let response_enum = response_enum(m, paths);
    let error_enum = error_enum(m, paths);
    let send_docs = doc_attrs(&send_docs(m));
    let items = quote! {
        #struct_docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields,)*
            extra: runtime::Overrides,
        }

        impl<'a> #builder<'a> {
            #new_too_many
            pub(crate) fn new(client: &'a Client, #(#new_params),*) -> Self {
                #builder { client, #(#inits,)* extra: runtime::Overrides::default() }
            }

            #(#setters)*
            #escape_hatches

            fn request(self) -> Result<runtime::Request, runtime::Error> {
                #request_body
            }

            #decode_fn

            #send_docs
            #[cfg(feature = "async")]
            pub async fn send(self) -> runtime::ResponseResult<#response_ty> {
                #send_body
            }

            #pagination

            #send_docs
            ///
            /// Blocks the current thread; must not be called from an async runtime.
            #[cfg(feature = "blocking")]
            pub fn send_blocking(self) -> runtime::ResponseResult<#response_ty> {
                #blocking_body
            }

            /// Sends the request and returns a success response's body as a stream of chunks,
            /// read as it arrives: for downloads of any size in bounded memory (no
            /// `max_response_bytes` limit and no whole-request timeout; `read_timeout` bounds
            /// a stall). Error statuses fail as with `send`.
            #[cfg(feature = "async")]
            pub async fn send_streaming(self) -> Result<runtime::ByteStream, runtime::Error> {
                self.client.core.execute_streamed(self.request()?).await
            }

            /// `send_streaming` for blocking callers: a success body as a [`std::io::Read`],
            /// read as it arrives. Must not be called from an async runtime.
            #[cfg(feature = "blocking")]
            pub fn send_streaming_blocking(self) -> Result<runtime::BodyReader, runtime::Error> {
                self.client.core.execute_streamed_blocking(self.request()?)
            }
        }

        #response_enum
        #error_enum
    };
    OperationItems { accessor, items }
}

/// Whether a request may carry a body: the collection gives it one, or its
/// method is one that usually has one (the collection may be out of date).
fn may_have_body(op: &Operation) -> bool {
    op.body.is_some() || matches!(op.method.as_str(), "POST" | "PUT" | "PATCH")
}

/// `.header`, `.query` and, where a body fits, `.json_body` and `.raw_body`:
/// what a caller uses when the API has moved on since the collection.
fn escape_hatches(op: &Operation) -> TokenStream {
    let body = may_have_body(op).then(|| {
        quote! {
            /// Sends `body` as JSON (`Content-Type: application/json`) instead of the body
            /// the collection describes; the body setters are then ignored. For an API that
            /// changed since its collection was written.
            pub fn json_body(mut self, body: &(impl serde::Serialize + ?Sized)) -> Self {
                self.extra.json_body(body);
                self
            }

            /// Sends `bytes` with `content_type` instead of the body the collection
            /// describes; the body setters are then ignored.
            pub fn raw_body(mut self, content_type: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
                self.extra.raw_body(content_type.into(), bytes.into());
                self
            }

            /// Sends `upload` (a file, reader or stream, never loaded into memory) instead of
            /// the body the collection describes; the body setters are then ignored. Its
            /// Content-Type is the upload's own, else guessed from a file's name.
            pub fn upload_body(mut self, upload: runtime::Upload) -> Self {
                self.extra.upload(upload);
                self
            }
        }
    });
    quote! {
        /// Sends a header the collection does not describe, or replaces the one it does
        /// (names match in any case, auth headers included). Calling it again with the same
        /// name sends both values. For an API that changed since its collection was written;
        /// invalid names and values (CR, LF) fail the request with
        /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.extra.header(name.into(), value.into());
            self
        }

        /// Sends a query parameter the collection does not describe, or replaces the ones
        /// of that key it does; key and value are percent-encoded as data. Calling it again
        /// with the same key sends both.
        pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.extra.query(key.into(), value.into());
            self
        }

        #body
    }
}

/// `.pages()` and `.items()` (and their blocking forms) for an operation whose
/// examples show how it pages (`pagination.rs`); nothing otherwise.
fn pagination_methods(
    model: &ApiModel<'_>,
    index: OperationId,
    m: &OperationModel,
    response_ty: &TokenStream,
    paths: &TypePaths<'_>,
) -> TokenStream {
    use super::pagination::PageRule;
    let Some(pagination) = super::pagination::infer(model.api, model.types, index) else {
        return quote!();
    };
    // Pages decode as `send` does: only when that is the one inferred type.
    if !matches!(&m.success, Success::Single(BodyKind::Json(Some(ty))) if *ty == pagination.page) {
        return quote!();
    }
    let (rule, how) = match &pagination.rule {
        PageRule::Cursor { field, query } => (
            quote!(runtime::PageRule::Cursor { field: #field, query: #query }),
            format!(
                "sending the reply's {} as the query parameter {} until it is empty",
                docs::code(field),
                docs::code(query)
            ),
        ),
        PageRule::PageNumber {
            query,
            field,
            count,
        } => (
            quote!(runtime::PageRule::PageNumber { query: #query, field: #field, count: #count }),
            format!(
                "asking for page {} + 1 in the query parameter {} until the last of {} pages",
                docs::code(field),
                docs::code(query),
                docs::code(count)
            ),
        ),
        PageRule::StartingAfter {
            query,
            has_more,
            items,
        } => (
            quote!(runtime::PageRule::StartingAfter { query: #query, has_more: #has_more, items: #items }),
            format!(
                "sending the id of the last of {} as {} while {} is true",
                docs::code(items),
                docs::code(query),
                docs::code(has_more)
            ),
        ),
        PageRule::LinkHeader => (
            quote!(runtime::PageRule::LinkHeader),
            "taking the query of the `Link` header's `rel=\"next\"` URL until there is none"
                .to_string(),
        ),
    };
    let pages_docs = doc_attrs(&format!(
        "Every page of this listing, as a stream: the first request as built, then the next \
         ones {how} (the rule the collection's examples show). Each page is one call (hooks, \
         retries and tracing apply); the first error ends the stream."
    ));
    let pages_blocking_docs = doc_attrs(&format!(
        "Every page of this listing, as an iterator for blocking callers: {how}."
    ));
    let items = pagination.items.as_ref().map(|(field, element)| {
        let item_ty = paths.ty(element);
        let list = if field.is_empty() {
            "the reply".to_string()
        } else {
            docs::code(field)
        };
        let items_docs = doc_attrs(&format!(
            "Every item of {list} on every page, as a stream (see `pages`)."
        ));
        let items_blocking_docs = doc_attrs(&format!(
            "Every item of {list} on every page, as an iterator for blocking callers."
        ));
        quote! {
            #items_docs
            #[cfg(feature = "async")]
            pub fn items(self) -> runtime::Items<#item_ty> {
                let core = self.client.core.clone();
                runtime::Items::new(core, self.request(), #rule, #field)
            }

            #items_blocking_docs
            #[cfg(feature = "blocking")]
            pub fn items_blocking(self) -> runtime::ItemsBlocking<#item_ty> {
                let core = self.client.core.clone();
                runtime::ItemsBlocking::new(core, self.request(), #rule, #field)
            }
        }
    });
    quote! {
        #pages_docs
        #[cfg(feature = "async")]
        pub fn pages(self) -> runtime::Pages<#response_ty> {
            let core = self.client.core.clone();
            runtime::Pages::new(core, self.request(), #rule)
        }

        #pages_blocking_docs
        #[cfg(feature = "blocking")]
        pub fn pages_blocking(self) -> runtime::PagesBlocking<#response_ty> {
            let core = self.client.core.clone();
            runtime::PagesBlocking::new(core, self.request(), #rule)
        }

        #items
    }
}

/// The type `send` returns inside `ResponseValue`.
fn response_type(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
    match (&m.success, &m.response_enum) {
        (Success::Enum(_), Some(name)) => {
            let name = format_ident!("{name}");
            quote!(#name)
        }
        (Success::Single(kind), _) => body_type(kind, paths),
        (Success::Enum(_), None) => quote!(runtime::RawBody),
    }
}

fn body_type(kind: &BodyKind, paths: &TypePaths<'_>) -> TokenStream {
    match kind {
        BodyKind::Empty => quote!(()),
        BodyKind::Text => quote!(String),
        BodyKind::Json(Some(ty)) => paths.ty(ty),
        BodyKind::Json(None) => quote!(serde_json::Value),
        BodyKind::Raw => quote!(runtime::RawBody),
    }
}

/// The method call decoding a response into a `ResponseValue` of the kind
/// (without `Ok`), to follow `response.`.
fn decode_expr(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Empty => quote!(empty()),
        BodyKind::Text => quote!(text()),
        BodyKind::Json(_) => quote!(json()?),
        BodyKind::Raw => quote!(raw()),
    }
}

/// The bodies of `send`, `send_blocking` and, for enums, a shared `decode`.
fn send_bodies(
    m: &OperationModel,
    response_ty: &TokenStream,
    paths: &TypePaths<'_>,
) -> (TokenStream, TokenStream, TokenStream) {
    // One expression each: sending is the runtime's job, decoding the
    // response the only thing that differs between operations.
    let finish = |response: TokenStream| match &m.success {
        Success::Single(BodyKind::Json(_)) => quote!(#response.json()),
        Success::Single(kind) => {
            let expr = decode_expr(kind);
            quote!(Ok(#response.#expr))
        }
        Success::Enum(_) => quote!(Self::decode(#response)),
    };
    // With an error enum, an error status's body is decoded into it too.
    let typed = m
        .error_enum
        .is_some()
        .then(|| quote!(.map_err(Self::typed_error)));
    let send = finish(quote!(self.client.core.execute(self.request()?).await #typed ?));
    let blocking = finish(quote!(self
        .client
        .core
        .execute_blocking(self.request()?) #typed ?));
    let decode = match &m.success {
        Success::Enum(variants) => {
            let arms = variants.iter().map(|variant| {
                let code = Literal::u16_unsuffixed(variant.code);
                let name = format_ident!("{}", variant.name);
                let arm = match &variant.kind {
                    BodyKind::Empty => quote!(response.with(#response_ty::#name)),
                    // `?` hides the type from inference, so name it.
                    kind @ BodyKind::Json(_) => {
                        let ty = body_type(kind, paths);
                        quote!(response.json::<#ty>()?.map(#response_ty::#name))
                    }
                    kind => {
                        let expr = decode_expr(kind);
                        quote!(response.#expr.map(#response_ty::#name))
                    }
                };
                quote!(#code => #arm,)
            });
            quote! {
                fn decode(response: runtime::RawResponse) -> runtime::ResponseResult<#response_ty> {
                    Ok(match response.code() {
                        #(#arms)*
                        _ => response.raw().map(#response_ty::Other),
                    })
                }
            }
        }
        Success::Single(_) => quote!(),
    };
    let decode = match &m.error_enum {
        Some(name) => {
            let name = format_ident!("{name}");
            let arms = m.errors.iter().filter_map(|status| {
                let body = status.body.as_ref()?;
                let code = Literal::u16_unsuffixed(status.code);
                let variant = format_ident!("Status{}", status.code);
                let ty = paths.ty(body);
                Some(quote! {
                    #code => runtime::typed_body::<#ty, _>(body, #name::#variant, #name::Other),
                })
            });
            quote! {
                #decode

                /// Decodes an error status's body into the request's error enum.
                fn typed_error(error: runtime::Error) -> runtime::Error {
                    error.with_typed(|code, body| match code {
                        #(#arms)*
                        _ => #name::Other(runtime::RawBody::from_slice(body)),
                    })
                }
            }
        }
        None => decode,
    };
    (send, blocking, decode)
}

/// The error enum: a variant per documented error status with a body type.
fn error_enum(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
    let Some(name) = &m.error_enum else {
        return quote!();
    };
    let name = format_ident!("{name}");
    let declarations = m.errors.iter().filter_map(|status| {
        let ty = paths.ty(status.body.as_ref()?);
        let variant = format_ident!("Status{}", status.code);
        let docs = doc_attrs(&format!("`{}`: {}", status.code, status.meaning));
        Some(quote!(#docs #variant(#ty),))
    });
    let docs = doc_attrs(&format!(
        "The documented error bodies of [`{}`], by status: read one with \
         [`Error::typed`](crate::Error::typed) or \
         [`ErrorResponse::typed`](crate::runtime::ErrorResponse::typed).",
        m.builder
    ));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#declarations)*
            /// Another status, or a body that does not fit the documented type.
            Other(runtime::RawBody),
        }
    }
}

/// The response enum, when there is one.
fn response_enum(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
    let (Success::Enum(variants), Some(name)) = (&m.success, &m.response_enum) else {
        return quote!();
    };
    let name = format_ident!("{name}");
    let declarations = variants.iter().map(|variant| {
        let variant_name = format_ident!("{}", variant.name);
        let meaning = m
            .successes
            .iter()
            .find(|s| s.code == variant.code)
            .map(|s| s.meaning.clone())
            .unwrap_or_default();
        let docs = doc_attrs(&format!("`{}`: {}", variant.code, meaning));
        match &variant.kind {
            BodyKind::Empty => quote!(#docs #variant_name,),
            kind => {
                let ty = body_type(kind, paths);
                quote!(#docs #variant_name(#ty),)
            }
        }
    });
    let docs = doc_attrs(&format!(
        "The documented success responses of [`{}`], by status.",
        m.builder
    ));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#declarations)*
            /// A success status the collection does not document, with its raw body.
            Other(runtime::RawBody),
        }
    }
}

/// The argument type of a path parameter.
fn argument_type(value: &ValueType, paths: &TypePaths<'_>) -> TokenStream {
    match value {
        ValueType::Scalar(ty) | ValueType::Enum(ty) => paths.ty(ty),
        _ => quote!(impl Into<String>),
    }
}

/// The builder field type of an input.
fn field_type(input: &Input, paths: &TypePaths<'_>) -> TokenStream {
    if input.is_argument {
        return quote!(String);
    }
    match &input.value {
        ValueType::String => quote!(Option<String>),
        ValueType::Scalar(ty) | ValueType::Enum(ty) | ValueType::Json(ty) => {
            let ty = paths.ty(strip_option(ty));
            quote!(Option<#ty>)
        }
        ValueType::Files => quote!(Vec<runtime::FilePart>),
        ValueType::Bytes => quote!(Option<Vec<u8>>),
        ValueType::Pairs => quote!(Vec<(String, String)>),
    }
}

fn strip_option(ty: &crate::ir::TypeRef) -> &crate::ir::TypeRef {
    match ty {
        crate::ir::TypeRef::Option(inner) => strip_option(inner),
        other => other,
    }
}

/// A setter method.
fn setter(op: &Operation, input: &Input, paths: &TypePaths<'_>) -> TokenStream {
    let name = ident(&input.name);
    let docs = doc_attrs(&setter_docs(op, input));
    match &input.value {
        ValueType::String => quote! {
            #docs
            pub fn #name(mut self, value: impl Into<String>) -> Self {
                self.#name = Some(value.into());
                self
            }
        },
        ValueType::Scalar(ty) | ValueType::Enum(ty) | ValueType::Json(ty) => {
            let ty = paths.ty(strip_option(ty));
            quote! {
                #docs
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(value);
                    self
                }
            }
        }
        ValueType::Files => quote! {
            #docs
            pub fn #name(mut self, file: runtime::FilePart) -> Self {
                self.#name.push(file);
                self
            }
        },
        ValueType::Bytes => quote! {
            #docs
            pub fn #name(mut self, value: impl Into<Vec<u8>>) -> Self {
                self.#name = Some(value.into());
                self
            }
        },
        ValueType::Pairs => quote! {
            #docs
            pub fn #name(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.#name.push((name.into(), value.into()));
                self
            }
        },
    }
}

fn setter_docs(op: &Operation, input: &Input) -> String {
    let place = match &input.wire {
        Wire::Path(_) => "Path parameter".to_string(),
        Wire::Query(index) => format!(
            "Query parameter {}",
            docs::code(
                &op.query
                    .get(*index)
                    .and_then(|q| q.key.clone())
                    .unwrap_or_default()
            )
        ),
        Wire::Header(index) => format!(
            "Header {}",
            docs::code(
                &op.headers
                    .get(*index)
                    .map(|h| h.name.clone())
                    .unwrap_or_default()
            )
        ),
        Wire::FormField(index) => {
            let key = match &op.body {
                Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) => fields
                    .get(*index)
                    .map(|f| f.key.to_postman_string())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let kind = if input.value == ValueType::Files {
                "File field"
            } else {
                "Form field"
            };
            format!("{kind} {}", docs::code(&key))
        }
        Wire::Body => "The request body".to_string(),
        Wire::BodyVar(index) => format!(
            "Variable {} of the request body",
            docs::code(
                &super::model::body_template_vars(op)
                    .get(*index)
                    .map(|v| format!("{{{{{v}}}}}"))
                    .unwrap_or_default()
            )
        ),
        Wire::GraphQlVariables => "The GraphQL variables".to_string(),
        Wire::ExtraFormFields => "Form field by name".to_string(),
    };
    // The example goes on the first line: it is what a reader looks for, and
    // a paragraph of its own would cost two lines per setter.
    let example = input
        .example
        .as_ref()
        .map(|example| match example {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .filter(|shown| {
            !shown.is_empty() && shown.len() <= 120 && !shown.contains('`') && !shown.contains('\n')
        })
        .map(|shown| format!(", for example `{shown}`"))
        .unwrap_or_default();
    let mut text = format!(
        "{place}{}{example}.",
        if input.required { " (required)" } else { "" }
    );
    if input.value == ValueType::Files {
        text.push_str(" Call again to send several files under the same name.");
        let names_no_file = match (&input.wire, &op.body) {
            (Wire::FormField(index), Some(Body::FormData { fields, .. })) => fields
                .get(*index)
                .is_some_and(|f| matches!(&f.kind, FormFieldKind::File { src } if src.is_empty())),
            _ => false,
        };
        if names_no_file && !input.required {
            text.push_str(" Without a file, an empty file part is sent, as Postman sends it.");
        }
    }
    if let Some(description) = input
        .docs
        .as_deref()
        .map(docs::strip_required)
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    text
}

fn send_docs(m: &OperationModel) -> String {
    let mut text = String::from("Sends the request.");
    match &m.success {
        Success::Single(BodyKind::Empty) => text.push_str(" A success response has no body."),
        Success::Single(BodyKind::Raw) => {
            text.push_str(" The collection documents no success body, so it is returned as bytes.")
        }
        _ => {}
    }
    let required: Vec<String> = m
        .inputs
        .iter()
        .filter(|i| i.required && !i.is_argument)
        .map(|i| format!("`{}`", i.name))
        .collect();
    if !required.is_empty() {
        text.push_str(&format!(
            "\n\nFails with [`Error::InvalidRequest`](crate::Error::InvalidRequest) when a required value ({}) is not set.",
            required.join(", ")
        ));
    }
    if let Some(error_enum) = &m.error_enum {
        text.push_str(&format!(
            "\n\nOn an error status the body is also decoded into [`{error_enum}`]: \
             `error.typed::<{error_enum}>()`."
        ));
    }
    text
}

/// The request's redirect behaviour, when the collection changes Postman's.
fn redirect_rules(rules: &crate::ir::Redirects) -> TokenStream {
    let crate::ir::Redirects {
        follow,
        max,
        keep_method,
        keep_authorization,
        remove_referer,
    } = *rules;
    let max = Literal::u32_unsuffixed(max);
    quote! {
        request.redirects(runtime::RedirectRules {
            follow: #follow,
            max: #max,
            keep_method: #keep_method,
            keep_authorization: #keep_authorization,
            remove_referer: #remove_referer,
        });
    }
}

/// The statements of the builder's `request` method.
fn request_fn_body(
    api: &Api,
    op: &Operation,
    m: &OperationModel,
    index: OperationId,
    model: &ApiModel<'_>,
) -> TokenStream {
    let _ = index;
    let find = |wire: Wire| m.inputs.iter().find(|i| i.wire == wire);
    let method = if op.method.is_standard() {
        let method = format_ident!("{}", op.method.as_str());
        quote!(reqwest::Method::#method)
    } else {
        let bytes = proc_macro2::Literal::byte_string(op.method.as_str().as_bytes());
        quote!(reqwest::Method::from_bytes(#bytes).map_err(|_| runtime::Error::InvalidRequest("invalid HTTP method".to_string()))?)
    };
    let server = model.spec_refs.server(op.server);
    let auth = model.spec_refs.auth(op.auth);
    let statuses: Vec<TokenStream> = m
        .errors
        .iter()
        .map(|status| {
            let code = Literal::u16_unsuffixed(status.code);
            let text = docs::plain_text(&status.meaning);
            quote!((#code, #text))
        })
        .collect();
    let operation_name = &op.name;
    let item_id = match &op.postman_id {
        Some(id) => quote!(Some(#id)),
        None => quote!(None),
    };
    let method_text = op.method.as_str();
    let path_template = api.path_string(op);
    let mut statements = vec![quote! {
        let mut request = runtime::Request::new(#method, #server, #auth, &[#(#statuses),*]);
        request.operation(runtime::OperationInfo::new(#operation_name, #item_id, #method_text, #path_template));
    }];
    if let Some(rules) = &op.redirects {
        statements.push(redirect_rules(rules));
    }

    // Path.
    let param_uses: Vec<usize> = op
        .path
        .iter()
        .filter_map(|s| match s {
            PathSegment::Param { param, .. } => Some(*param),
            PathSegment::Literal { .. } => None,
        })
        .collect();
    for (position, segment) in op.path.iter().enumerate() {
        match segment {
            PathSegment::Literal { value } => {
                let text = value.to_postman_string();
                statements.push(quote!(request.segment(#text);));
            }
            PathSegment::Param { param, suffix } => {
                let Some(input) = find(Wire::Path(*param)) else {
                    continue;
                };
                let wire_name = op
                    .path_params
                    .get(*param)
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                let field = ident(&input.name);
                let later_use = op.path[position + 1..]
                    .iter()
                    .any(|s| matches!(s, PathSegment::Param { param: p, .. } if p == param));
                let value = if later_use {
                    quote!(self.#field.clone())
                } else {
                    quote!(self.#field)
                };
                statements.push(quote!(request.param(#wire_name, #value, #suffix);));
            }
        }
    }
    let _ = param_uses;

    // Query.
    for (position, query) in op.query.iter().enumerate() {
        let key = query.key.clone().unwrap_or_default();
        if query.disabled && !matches!(query.value, QueryValue::Param { .. }) {
            // Disabled in the collection and not the caller's to set: never sent.
            continue;
        }
        match &query.value {
            QueryValue::Param { .. } => {
                let Some(input) = find(Wire::Query(position)) else {
                    continue;
                };
                let value = optional_text(input);
                statements.push(quote!(request.query(#key, #value);));
            }
            QueryValue::Fixed { value } => {
                let text = value.to_postman_string();
                statements.push(quote!(request.query_static(#key, #text);));
            }
            QueryValue::KeyOnly => statements.push(quote!(request.query_key(#key);)),
        }
    }

    // Headers.
    for (position, header) in op.headers.iter().enumerate() {
        let name = &header.name;
        match &header.value {
            HeaderValue::Fixed { value } => {
                let text = value.to_postman_string();
                statements.push(quote!(request.header_static(#name, #text);));
            }
            HeaderValue::Param { .. } => {
                let Some(input) = find(Wire::Header(position)) else {
                    continue;
                };
                let value = optional_text(input);
                statements.push(quote!(request.header(#name, #value);));
            }
        }
    }

    // Body.
    let before_body = statements.len();
    match &op.body {
        Some(Body::Raw {
            content_type,
            is_json,
            ..
        }) => {
            if let Some(input) = find(Wire::Body) {
                let field = ident(&input.name);
                let name = &input.name;
                let vars = super::model::body_template_vars(op);
                if !vars.is_empty() {
                    // A template: the caller's whole body, else the collection's text rendered.
                    let set = if *is_json {
                        quote!(request.json(#content_type, &value)?;)
                    } else {
                        quote!(request.bytes(#content_type, value.into_bytes());)
                    };
                    let values = vars.iter().enumerate().filter_map(|(index, var)| {
                        let input = find(Wire::BodyVar(index))?;
                        let setter = ident(&input.name);
                        Some(quote!((#var, self.#setter)))
                    });
                    let text = match &op.body {
                        Some(Body::Raw { text, .. }) => text.to_postman_string(),
                        _ => String::new(),
                    };
                    statements.push(quote! {
                        match self.#field {
                            Some(value) => { #set }
                            None => request.template(#content_type, #text, &[#(#values),*]),
                        }
                    });
                } else if *is_json {
                    statements.push(quote!(request.json(#content_type, &runtime::required(#name, self.#field)?)?;));
                } else {
                    statements.push(quote!(request.bytes(#content_type, runtime::required(#name, self.#field)?.into_bytes());));
                }
            }
        }
        Some(Body::File { content_type, .. }) => {
            if let Some(input) = find(Wire::Body) {
                let field = ident(&input.name);
                let name = &input.name;
                let content_type = content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_string());
                statements.push(
                    quote!(request.bytes(#content_type, runtime::required(#name, self.#field)?);),
                );
            }
        }
        Some(Body::UrlEncoded {
            fields,
            content_type,
        }) if !fields.is_empty() => {
            statements.push(quote!(let mut form = runtime::UrlEncoded::new(#content_type);));
            for (position, field) in fields.iter().enumerate() {
                let Some(input) = find(Wire::FormField(position)) else {
                    continue;
                };
                let key = field.key.to_postman_string();
                statements.push(with_value(input, |value| quote!(form.field(#key, #value);)));
            }
            if let Some(input) = find(Wire::ExtraFormFields) {
                let field = ident(&input.name);
                statements.push(quote! {
                    for (name, value) in self.#field {
                        form.extra(name, value);
                    }
                });
            }
            statements.push(quote!(request.form(form);));
        }
        Some(Body::FormData { fields, boundary }) if !fields.is_empty() => {
            let boundary = match boundary {
                Some(boundary) => quote!(Some(#boundary)),
                None => quote!(None),
            };
            statements.push(quote!(let mut form = runtime::Multipart::new(#boundary);));
            for (position, field) in fields.iter().enumerate() {
                let Some(input) = find(Wire::FormField(position)) else {
                    continue;
                };
                let key = field.key.to_postman_string();
                let content_type = match &field.content_type {
                    Some(content_type) => quote!(Some(#content_type)),
                    None => quote!(None),
                };
                match &field.kind {
                    FormFieldKind::File { src } => {
                        let name = ident(&input.name);
                        let required = input.required.then(|| {
                            let label = &input.name;
                            quote! {
                                if self.#name.is_empty() {
                                    return Err(runtime::Error::InvalidRequest(format!("`{}` is required but was not set", #label)));
                                }
                            }
                        });
                        // A field that names no file is sent by Postman as an empty file part.
                        let no_file = src.is_empty().then(|| {
                            quote! {
                                if self.#name.is_empty() {
                                    form.empty_file(#key);
                                }
                            }
                        });
                        statements.push(quote! {
                            #required
                            #no_file
                            for file in self.#name {
                                form.file(#key, file, #content_type);
                            }
                        });
                    }
                    FormFieldKind::Text { .. } => {
                        statements.push(with_value(
                            input,
                            |value| quote!(form.text(#key, #value, #content_type);),
                        ));
                    }
                }
            }
            if let Some(input) = find(Wire::ExtraFormFields) {
                let field = ident(&input.name);
                statements.push(quote! {
                    for (name, value) in self.#field {
                        form.extra(name, value);
                    }
                });
            }
            statements.push(quote!(request.multipart(form);));
        }
        Some(Body::GraphQl {
            query,
            operation_name,
            ..
        }) => {
            let query = query.to_postman_string();
            let operation_name = match operation_name {
                Some(name) => quote!(Some(#name)),
                None => quote!(None),
            };
            let variables = match find(Wire::GraphQlVariables) {
                Some(input) => {
                    let field = ident(&input.name);
                    let name = &input.name;
                    if input.required {
                        quote!(Some(runtime::to_json_text(&runtime::required(#name, self.#field)?)?))
                    } else {
                        quote!(self.#field.map(|value| runtime::to_json_text(&value)).transpose()?)
                    }
                }
                None => quote!(None),
            };
            statements.push(quote! {
                request.graphql(runtime::GraphQl {
                    query: #query,
                    operation_name: #operation_name,
                    variables: #variables,
                });
            });
        }
        _ => {}
    }
    // A body the caller replaced needs none of the collection's body inputs.
    let body_statements = statements.split_off(before_body);
    if !body_statements.is_empty() {
        statements.push(quote! {
            if !self.extra.replaces_body() {
                #(#body_statements)*
            }
        });
    }
    quote! {
        #(#statements)*
        request.overrides(self.extra)?;
        Ok(request)
    }
}

/// `Option<String>` of an optional or required text input, for query and headers.
fn optional_text(input: &Input) -> TokenStream {
    let field = ident(&input.name);
    let name = &input.name;
    let convert = |value: TokenStream| match &input.value {
        ValueType::String => value,
        ValueType::Json(_) => quote!(runtime::to_json_text(&#value)?),
        _ => quote!(#value.to_string()),
    };
    if input.required {
        let value = convert(quote!(runtime::required(#name, self.#field)?));
        quote!(Some(#value))
    } else {
        match &input.value {
            ValueType::String => quote!(self.#field),
            ValueType::Json(_) => {
                quote!(self.#field.map(|value| runtime::to_json_text(&value)).transpose()?)
            }
            _ => quote!(self.#field.map(|value| value.to_string())),
        }
    }
}

/// A statement using an input's text value: once when required (an error
/// when missing), inside `if let Some` when optional.
fn with_value(input: &Input, statement: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let field = ident(&input.name);
    let name = &input.name;
    let value_ident: Ident = format_ident!("value");
    let text = match &input.value {
        ValueType::String => quote!(#value_ident),
        ValueType::Json(_) => quote!(runtime::to_json_text(&#value_ident)?),
        _ => quote!(#value_ident.to_string()),
    };
    let body = statement(text);
    if input.required {
        quote! {
            let #value_ident = runtime::required(#name, self.#field)?;
            #body
        }
    } else {
        quote! {
            if let Some(#value_ident) = self.#field {
                #body
            }
        }
    }
}

/// The intra-doc link target of an operation's accessor, from its builder's module.
fn accessor_link(_ctx: &Context<'_>, model: &ApiModel<'_>, index: OperationId) -> String {
    let op = &model.api[index];
    let group = &model[op.group];
    let is_root = model
        .api
        .groups
        .get(op.group.index())
        .is_some_and(|g| g.parent.is_none());
    if is_root {
        format!("crate::{}Client::{}", api_prefix(model), op.method_name)
    } else {
        format!("{}::{}", group.handle, op.method_name)
    }
}

/// `zoom::` or empty, for paths from the crate root.
pub fn api_prefix(model: &ApiModel<'_>) -> String {
    model.layout.path.iter().map(|m| format!("{m}::")).collect()
}

/// The full documentation of an operation's accessor.
fn accessor_docs(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    index: OperationId,
    paths: &TypePaths<'_>,
) -> String {
    // Types named only in docs must not make the module import `types`.
    let doc_paths = TypePaths::new(model.types, paths.names());
    let paths = &doc_paths;
    let op = &model.api[index];
    let m = &model[index];
    let mut text = docs::inline_markdown(&op.postman_name);
    if text.is_empty() {
        text = format!("`{}`", op.method_name);
    }
    text.push_str("\n\n");
    if let Some(description) = op
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str(&description);
        text.push_str("\n\n");
    }
    text.push_str(&docs::code(&format!(
        "{} {}",
        op.method,
        model.api.path_string(op)
    )));
    text.push('\n');
    if let Some(crate::ir::AuthScheme::Unsupported { kind }) =
        op.auth.and_then(|i| model.api.auth_schemes.get(i.index()))
    {
        text.push_str(&format!(
            "\nThe collection authenticates this request with {} auth, which this client does not implement: it is sent without auth.\n",
            docs::code(kind)
        ));
    }
    if !op.events.is_empty() {
        text.push_str(&format!(
            "\nThe collection runs scripts for this request ({}); this client does not run them, so requests that depend on them may differ.\n",
            op.events.iter().map(|e| docs::code(e)).collect::<Vec<_>>().join(", ")
        ));
    }

    let path_args: Vec<&Input> = m.inputs.iter().filter(|i| i.is_argument).collect();
    if !path_args.is_empty() {
        text.push_str("\n# Arguments\n\n");
        for input in path_args {
            let description = input
                .docs
                .as_deref()
                .map(docs::strip_required)
                .map(docs::inline_markdown)
                .unwrap_or_default();
            text.push_str(&format!("- `{}`: {}\n", input.name, description).replace(": \n", "\n"));
        }
    }

    if !m.successes.is_empty() || !m.errors.is_empty() {
        text.push_str("\n# Responses\n\n| Status | Meaning | Body |\n|---|---|---|\n");
        for status in &m.successes {
            let kind = match &m.success {
                Success::Single(kind) => Some(kind),
                Success::Enum(variants) => variants
                    .iter()
                    .find(|v| v.code == status.code)
                    .map(|v| &v.kind),
            };
            let body = match kind {
                Some(BodyKind::Json(Some(ty))) => type_link(model, ty, paths),
                Some(BodyKind::Json(None)) => "`serde_json::Value`".to_string(),
                Some(BodyKind::Text) => "`String`".to_string(),
                Some(BodyKind::Raw) => "[`RawBody`](crate::runtime::RawBody)".to_string(),
                Some(BodyKind::Empty) | None => String::new(),
            };
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                status.code, status.meaning, body
            ));
        }
        for status in &m.errors {
            let kind = if status.code == 429 {
                "[`Error::RateLimited`](crate::Error::RateLimited)"
            } else {
                "[`Error::Status`](crate::Error::Status)"
            };
            let body = status
                .body
                .as_ref()
                .map(|ty| format!(", body {}", type_link(model, ty, paths)))
                .unwrap_or_default();
            text.push_str(&format!(
                "| {} | {} | {kind}{body} |\n",
                status.code, status.meaning
            ));
        }
        let codes: Vec<(u16, &(String, String))> = m
            .errors
            .iter()
            .chain(&m.successes)
            .flat_map(|s| s.error_codes.iter().map(move |c| (s.code, c)))
            .collect();
        if !codes.is_empty() {
            text.push_str(
                "\n# Application error codes\n\n| Code | Status | Meaning |\n|---|---|---|\n",
            );
            for (status, (code, meaning)) in codes {
                text.push_str(&format!(
                    "| {} | {status} | {meaning} |\n",
                    docs::code(code)
                ));
            }
        }
    }

    text.push_str(&docs::response_headers(op));

    if let Some(example) = accessor_example(ctx, model, index, paths) {
        text.push_str("\n# Example\n\n");
        text.push_str(&example);
        text.push('\n');
    }
    text
}

/// A link to a named type (by its full path, so it resolves from any module),
/// or the type in backticks.
fn type_link(model: &ApiModel<'_>, ty: &crate::ir::TypeRef, paths: &TypePaths<'_>) -> String {
    match paths.name_of(strip_option(ty)) {
        Some(name) if matches!(strip_option(ty), crate::ir::TypeRef::Named(_)) => {
            // The bare name as text: `types::X` would make the target redundant where `types` is imported.
            format!("[`{name}`](crate::{}types::{name})", api_prefix(model))
        }
        _ => format!("`{}`", paths.ty(ty).to_string().replace(' ', "")),
    }
}

/// A `no_run` example calling the operation with the collection's values.
fn accessor_example(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    index: OperationId,
    paths: &TypePaths<'_>,
) -> Option<String> {
    let op = &model.api[index];
    let m = &model[index];
    let crate_ident = ident(&ctx.crate_ident);
    let api_path: Vec<Ident> = model.layout.path.iter().map(|m| ident(m)).collect();
    let example_paths = TypePaths::new(model.types, paths.names());
    let mut chain = vec![];
    for accessor in model.api.group_path(op.group) {
        let accessor = ident(accessor);
        chain.push(quote!(.#accessor()));
    }
    let method = ident(&op.method_name);
    let args = m.inputs.iter().filter(|i| i.is_argument).map(|input| {
        example::input_expr(input, &example_paths, example::Detail::Abridged).unwrap_or_else(|| {
            match input.value {
                ValueType::Scalar(_) => quote!(Default::default()),
                _ => quote!("..."),
            }
        })
    });
    let args: Vec<TokenStream> = args.collect();
    chain.push(quote!(.#method(#(#args),*)));
    for input in m.inputs.iter().filter(|i| !i.is_argument) {
        if let Some(value) = example::input_expr(input, &example_paths, example::Detail::Abridged) {
            let setter = ident(&input.name);
            chain.push(quote!(.#setter(#value)));
        }
    }
    let mut setup = Vec::new();
    if example_paths.used() {
        setup.push(quote!(use #crate_ident #(::#api_path)*::types;));
    }
    let matched = match (&m.success, &m.response_enum) {
        (Success::Enum(variants), Some(name)) => {
            let name = format_ident!("{name}");
            let module: Vec<Ident> = model[op.group].modules.iter().map(|m| ident(m)).collect();
            setup.push(quote!(use #crate_ident #(::#api_path)* #(::#module)*::#name;));
            let arms = variants.iter().map(|variant| {
                let variant_name = format_ident!("{}", variant.name);
                let code = variant.code;
                let text = format!("{code}: {{:?}}");
                match variant.kind {
                    BodyKind::Empty => {
                        let text = format!("{code}");
                        quote!(#name::#variant_name => println!(#text),)
                    }
                    _ => quote!(#name::#variant_name(body) => println!(#text, body),),
                }
            });
            Some(quote! {
                match response.into_inner() {
                    #(#arms)*
                    #name::Other(body) => println!("undocumented: {:?}", body),
                }
            })
        }
        (Success::Single(BodyKind::Empty), _) => None,
        _ => Some(quote!(println!("{:?}", response.into_inner());)),
    };
    let binding = if matched.is_some() {
        quote!(let response =)
    } else {
        quote!()
    };
    let send = match ctx.options.interface {
        Interface::Async | Interface::Both => quote!(.send().await?),
        Interface::Blocking => quote!(.send_blocking()?),
    };
    let body = quote! {
        #binding client #(#chain)* #send;
        #matched
    };
    let params = quote!(client: &#crate_ident #(::#api_path)*::Client);
    example::doc_example(ctx.options.interface, &setup, params, body)
}
