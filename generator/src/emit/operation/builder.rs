//! The request builder's methods and types: setters, `send` and its
//! variants, pagination, and the response and error enums.

use super::*;

/// How operation `index` pages, when it gets `.pages()`: its examples show
/// how, and pages decode as `send` does (the one inferred type). A crate
/// carries the runtime's pagination module only when some operation does.
pub(crate) fn pages(
    model: &ApiModel<'_>,
    index: OperationId,
) -> Option<super::super::pagination::Pagination> {
    let pagination = super::super::pagination::infer(model.api, model.types, index)?;
    matches!(&model[index].success, Success::Single(BodyKind::Json(Some(ty))) if *ty == pagination.page)
        .then_some(pagination)
}

/// `.pages()` and `.items()` (and their blocking forms) for an operation whose
/// examples show how it pages (`pagination.rs`); nothing otherwise. Described
/// once, as text (`text::Paging`): laid out as text, or parsed for syn.
pub(super) fn pagination_methods(
    model: &ApiModel<'_>,
    index: OperationId,
    response_ty: &TokenStream,
    paths: &TypePaths<'_>,
) -> Option<text::Paging> {
    use super::super::pagination::PageRule;
    let pagination = pages(model, index)?;
    let literal = |text: &str| text::literal(text);
    let (rule, how) = match &pagination.rule {
        PageRule::Cursor { field, query } => (
            text::PagingRule::new(
                "Cursor",
                &[("field", literal(field)), ("query", literal(query))],
            ),
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
            text::PagingRule::new(
                "PageNumber",
                &[
                    ("query", literal(query)),
                    ("field", literal(field)),
                    ("count", literal(count)),
                ],
            ),
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
            text::PagingRule::new(
                "StartingAfter",
                &[
                    ("query", literal(query)),
                    ("has_more", literal(has_more)),
                    ("items", literal(items)),
                ],
            ),
            format!(
                "sending the id of the last of {} as {} while {} is true",
                docs::code(items),
                docs::code(query),
                docs::code(has_more)
            ),
        ),
        PageRule::LinkHeader => (
            text::PagingRule::new("LinkHeader", &[]),
            "taking the query of the `Link` header's `rel=\"next\"` URL until there is none"
                .to_string(),
        ),
    };
    let mut paging = text::Paging::new(rule);
    paging.method(
        format!(
            "Every page of this listing, as a stream: the first request as built, then the next \
             ones {how} (the rule the collection's examples show). Each page is one call (hooks, \
             retries and tracing apply); the first error ends the stream."
        ),
        ("async", "pages", "Pages"),
        response_ty,
        None,
    );
    paging.method(
        format!("Every page of this listing, as an iterator for blocking callers: {how}."),
        ("blocking", "pages_blocking", "PagesBlocking"),
        response_ty,
        None,
    );
    if let Some((field, element)) = &pagination.items {
        let item_ty = paths.ty(element);
        let list = if field.is_empty() {
            "the reply".to_string()
        } else {
            docs::code(field)
        };
        paging.method(
            format!("Every item of {list} on every page, as a stream (see `pages`)."),
            ("async", "items", "Items"),
            &item_ty,
            Some(literal(field)),
        );
        paging.method(
            format!("Every item of {list} on every page, as an iterator for blocking callers."),
            ("blocking", "items_blocking", "ItemsBlocking"),
            &item_ty,
            Some(literal(field)),
        );
    }
    Some(paging)
}

/// The type `send` returns inside `ResponseValue`.
pub(super) fn response_type(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
    match (&m.success, &m.response_enum) {
        (Success::Enum(_), Some(name)) => {
            let name = format_ident!("{name}");
            quote!(#name)
        }
        (Success::Single(kind), _) => body_type(kind, paths),
        (Success::Enum(_), None) => quote!(runtime::RawBody),
    }
}

pub(super) fn body_type(kind: &BodyKind, paths: &TypePaths<'_>) -> TokenStream {
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
pub(super) fn decode_expr(kind: &BodyKind) -> TokenStream {
    match kind {
        BodyKind::Empty => quote!(empty()),
        BodyKind::Text => quote!(text()),
        BodyKind::Json(_) => quote!(json()?),
        BodyKind::Raw => quote!(raw()),
    }
}

/// The bodies of `send`, `send_blocking` and, for enums, a shared `decode`.
pub(super) fn send_bodies(
    m: &OperationModel,
    response_ty: &TokenStream,
    paths: &TypePaths<'_>,
) -> ((TokenStream, TokenStream), TokenStream, TokenStream) {
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
    let send = sending(m, response_ty);
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
                #[inline]
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
                #[inline]
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

/// The async `send` method: `docs` its doc attributes, `sending_ty` and
/// `body` from [`send_bodies`].
pub(super) fn send_method(
    docs: &TokenStream,
    sending_ty: &TokenStream,
    body: &TokenStream,
) -> TokenStream {
    quote! {
        #docs
        #[cfg(feature = "async")]
        #[inline]
        pub fn send(self) -> runtime::Sending<'a, #sending_ty> {
            #body
        }
    }
}

/// The `send_blocking` method: `docs` the doc attributes of `send`, `body`
/// from [`send_bodies`].
pub(super) fn send_blocking_method(
    docs: &TokenStream,
    response_ty: &TokenStream,
    body: &TokenStream,
) -> TokenStream {
    quote! {
        #docs
        ///
        /// Blocks the current thread; must not be called from an async runtime.
        #[cfg(feature = "blocking")]
        #[inline]
        pub fn send_blocking(self) -> runtime::ResponseResult<#response_ty> {
            #body
        }
    }
}

/// The return type and body of the async `send`: a `runtime::Sending`
/// future (not an `async fn`, whose state machine rustc would type-check per
/// operation) whose type parameter says how the 2xx response is decoded, so
/// that decoding is compiled where the future is awaited.
fn sending(m: &OperationModel, response_ty: &TokenStream) -> (TokenStream, TokenStream) {
    let (finish_ty, finish) = match &m.success {
        Success::Single(BodyKind::Json(_)) => (
            quote!(runtime::AsJson<#response_ty>),
            quote!(runtime::AsJson::new()),
        ),
        Success::Single(BodyKind::Empty) => (quote!(runtime::AsEmpty), quote!(runtime::AsEmpty)),
        Success::Single(BodyKind::Text) => (quote!(runtime::AsText), quote!(runtime::AsText)),
        Success::Single(BodyKind::Raw) => (quote!(runtime::AsRaw), quote!(runtime::AsRaw)),
        Success::Enum(_) => (
            quote!(runtime::AsDecoded<#response_ty>),
            quote!(runtime::AsDecoded(Self::decode)),
        ),
    };
    // With an error enum, an error status's body is decoded into it too.
    let typed = m
        .error_enum
        .is_some()
        .then(|| quote!(.typed(Self::typed_error)));
    (
        finish_ty,
        quote!(runtime::Sending::new(&self.client.core, self.request(), #finish) #typed),
    )
}

/// The error enum: a variant per documented error status with a body type.
pub(super) fn error_enum(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
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
         [`ErrorResponse::typed`](crate::ErrorResponse::typed).",
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
pub(super) fn response_enum(m: &OperationModel, paths: &TypePaths<'_>) -> TokenStream {
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

/// The builder field type of an input.
pub(super) fn field_type(input: &Input, paths: &TypePaths<'_>) -> TokenStream {
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

pub(super) fn strip_option(ty: &crate::ir::TypeRef) -> &crate::ir::TypeRef {
    match ty {
        crate::ir::TypeRef::Option(inner) => strip_option(inner),
        other => other,
    }
}

/// A setter method, with its docs as tokens (`doc_attrs`) ([`text::setter`]
/// prints the same as text).
pub(super) fn setter(docs: TokenStream, input: &Input, paths: &TypePaths<'_>) -> TokenStream {
    let name = ident(&input.name);
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
                #[inline]
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(value);
                    self
                }
            }
        }
        ValueType::Files => quote! {
            #docs
            #[inline]
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

/// The builder struct, with its docs as tokens ([`text::builder_struct`]
/// prints the same as text).
pub(super) fn builder_struct(
    builder: &Ident,
    docs: TokenStream,
    inputs: &[Input],
    paths: &TypePaths<'_>,
) -> TokenStream {
    let fields = inputs.iter().map(|input| {
        let name = ident(&input.name);
        let ty = field_type(input, paths);
        quote!(#name: #ty)
    });
    quote! {
        #docs
        #[derive(Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            client: &'a Client,
            #(#fields,)*
            extra: runtime::Overrides,
        }
    }
}

/// The builder's `new`: `client` and an argument per path input
/// ([`text::builder_new`] prints the same as text).
pub(super) fn builder_new(builder: &Ident, inputs: &[Input]) -> TokenStream {
    let arguments: Vec<&Input> = inputs.iter().filter(|i| i.is_argument).collect();
    let new_params = arguments.iter().map(|input| {
        let name = ident(&input.name);
        quote!(#name: String)
    });
    let inits = inputs.iter().map(|input| {
        let name = ident(&input.name);
        if input.is_argument {
            quote!(#name)
        } else if matches!(input.value, ValueType::Files | ValueType::Pairs) {
            quote!(#name: Vec::new())
        } else {
            quote!(#name: None)
        }
    });
    let new_too_many =
        (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #new_too_many
        #[inline]
        pub(crate) fn new(client: &'a Client, #(#new_params),*) -> Self {
            #builder { client, #(#inits,)* extra: runtime::Overrides::default() }
        }
    }
}
