//! The builder's `request` method: the inputs, in wire order, into a
//! `runtime::Request`.

use super::*;

/// The request's redirect behaviour, when the collection changes Postman's.
pub(super) fn redirect_rules(rules: &crate::ir::Redirects) -> TokenStream {
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
pub(super) fn request_fn_body(
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
                let vars = super::super::model::body_template_vars(op);
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
pub(super) fn optional_text(input: &Input) -> TokenStream {
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
pub(super) fn with_value(
    input: &Input,
    statement: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
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
