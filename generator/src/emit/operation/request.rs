//! The builder's `request` method: the inputs, in wire order, into a
//! `runtime::Request`.

use super::*;
use std::borrow::Cow;

use crate::emit::model::{BodyPlan, FormPart, WireStep};

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

/// The request's other `protocolProfileBehavior` keys, when the collection
/// changes Postman's.
pub(super) fn protocol_profile(profile: &crate::ir::ProtocolProfile) -> TokenStream {
    let crate::ir::ProtocolProfile {
        disable_url_encoding,
        disabled_system_headers,
        strict_ssl,
    } = profile;
    let encode_url = !disable_url_encoding;
    quote! {
        request.profile(runtime::ProtocolProfile {
            encode_url: #encode_url,
            disabled_headers: &[#(#disabled_system_headers),*],
            strict_tls: #strict_ssl,
        });
    }
}

/// The statements of the builder's `request` method: their text (at
/// [`text::BODY`]) where every one is text, else their tokens.
pub(super) fn request_fn_body(
    api: &Api,
    op: &Operation,
    m: &OperationModel,
    index: OperationId,
    model: &ApiModel<'_>,
) -> Result<String, TokenStream> {
    let _ = index;
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
    let head_text = op.method.is_standard().then(|| {
        let statuses: Vec<String> = m
            .errors
            .iter()
            .map(|status| {
                let text = docs::plain_text(&status.meaning);
                format!("({}, {})", status.code, text::literal(&text))
            })
            .collect();
        let arguments = [
            Some(format!("reqwest::Method::{}", op.method.as_str())),
            text::type_text(&server),
            text::type_text(&auth),
            Some(format!("&[{}]", statuses.join(", "))),
        ];
        let operation = [
            text::literal(operation_name),
            op.postman_id.as_deref().map_or_else(
                || "None".to_string(),
                |id| format!("Some({})", text::literal(id)),
            ),
            text::literal(method_text),
            text::literal(&path_template),
        ];
        let arguments: Vec<String> = arguments.into_iter().collect::<Option<_>>()?;
        text::request_head(&arguments, &operation)
    });
    let mut wire = text::Statements::new(text::BODY);
    match head_text.flatten() {
        Some(text) => wire.block(text),
        None => wire.tokens(quote! {
            let mut request = runtime::Request::new(#method, #server, #auth, &[#(#statuses),*]);
            request.operation(runtime::OperationInfo::new(#operation_name, #item_id, #method_text, #path_template));
        }),
    }
    if let Some(rules) = &op.redirects {
        wire.tokens(redirect_rules(rules));
    }
    if let Some(profile) = &op.profile {
        wire.tokens(protocol_profile(profile));
    }

    // The wire, in order (`plan.rs`); the body's statements are collected
    // apart, to run only when the caller did not replace the body. Each
    // statement is one line of text where it fits (`text.rs`).
    let mut body_statements = None;
    let lit = |text: &str| text::literal(text);
    // Consecutive fixed segments are one statement: `/v1/treasury/transactions`
    // is `request.segments(&["v1", "treasury", "transactions"])`.
    let mut fixed: Vec<&str> = Vec::new();
    for (at, step) in m.plan.iter().enumerate() {
        match step {
            WireStep::Segment { text } => {
                fixed.push(text);
                if !matches!(m.plan.get(at + 1), Some(WireStep::Segment { .. })) {
                    match fixed.as_slice() {
                        [one] => wire.method_call(
                            "request",
                            "segment",
                            &[lit(one)],
                            || quote!(request.segment(#one);),
                        ),
                        many => {
                            let list: Vec<String> = many.iter().map(|text| lit(text)).collect();
                            wire.method_call(
                                "request",
                                "segments",
                                &[format!("&[{}]", list.join(", "))],
                                || quote!(request.segments(&[#(#many),*]);),
                            );
                        }
                    }
                    fixed.clear();
                }
            }
            WireStep::PathParam {
                name,
                input,
                suffix,
                used_again,
                ..
            } => {
                let field = ident(&m.inputs[*input].name);
                let clone = if *used_again { ".clone()" } else { "" };
                wire.method_call(
                    "request",
                    "param",
                    &[lit(name), format!("self.{field}{clone}"), lit(suffix)],
                    || {
                        let value = if *used_again {
                            quote!(self.#field.clone())
                        } else {
                            quote!(self.#field)
                        };
                        quote!(request.param(#name, #value, #suffix);)
                    },
                );
            }
            WireStep::Query { key, input, .. } => {
                let input = &m.inputs[*input];
                wire.method_call(
                    "request",
                    "query",
                    &[lit(key), text::optional_text(input)],
                    || {
                        let value = optional_text(input);
                        quote!(request.query(#key, #value);)
                    },
                );
            }
            WireStep::QueryFixed { key, value } => wire.method_call(
                "request",
                "query_static",
                &[lit(key), lit(value)],
                || quote!(request.query_static(#key, #value);),
            ),
            WireStep::QueryKey { key } => wire.method_call(
                "request",
                "query_key",
                &[lit(key)],
                || quote!(request.query_key(#key);),
            ),
            WireStep::HeaderFixed { name, value } => wire.method_call(
                "request",
                "header_static",
                &[lit(name), lit(value)],
                || quote!(request.header_static(#name, #value);),
            ),
            WireStep::Header { name, input } => {
                let input = &m.inputs[*input];
                wire.method_call(
                    "request",
                    "header",
                    &[lit(name), text::optional_text(input)],
                    || {
                        let value = optional_text(input);
                        quote!(request.header(#name, #value);)
                    },
                );
            }
            WireStep::Body(body) => body_statements = Some(body_fn_statements(body, m)),
        }
    }
    // A body the caller replaced needs none of the collection's body inputs.
    if let Some(body_statements) = body_statements.filter(|body| !body.is_empty()) {
        match body_statements.into_text() {
            Ok(text) => wire.block(format!(
                "{pad}if !self.extra.replaces_body() {{\n{text}{pad}}}\n",
                pad = " ".repeat(text::BODY)
            )),
            Err(body_statements) => wire.tokens(quote! {
                if !self.extra.replaces_body() {
                    #(#body_statements)*
                }
            }),
        }
    }
    // The tail expression, one runtime call (cheaper to check than `?` and `Ok`):
    // as text, a line like the statements'.
    wire.line("request.finish(self.extra)".to_string(), || {
        quote!(request.finish(self.extra))
    });
    wire.into_text().map_err(|statements| {
        quote! {
            #(#statements)*
        }
    })
}

/// The statements that build the body of a [`BodyPlan`] (in the block that
/// runs when the caller did not replace the body): a urlencoded form's as
/// text where they fit, the others as tokens.
pub(super) fn body_fn_statements(body: &BodyPlan, m: &OperationModel) -> text::Statements {
    let mut statements = text::Statements::new(text::NESTED);
    match body {
        BodyPlan::RawTemplate {
            content_type,
            is_json,
            input,
            text,
            vars,
        } => {
            let field = ident(&m.inputs[*input].name);
            // A template: the caller's whole body, else the collection's text rendered.
            let set = if *is_json {
                quote!(request.json(#content_type, &value)?;)
            } else {
                quote!(request.bytes(#content_type, value.into_bytes());)
            };
            // A typed variable (`i64`, `f64`, `bool`) goes in as its JSON text;
            // an `f64` as serde_json writes it, so that a non-finite one is
            // `null`, not `NaN`, which would make the body invalid JSON.
            let values = vars.iter().map(|(var, input)| {
                let input = &m.inputs[*input];
                let f64 =
                    ValueType::Scalar(crate::ir::TypeRef::Primitive(crate::ir::Primitive::F64));
                let value = if *is_json && input.value == f64 && !input.required {
                    let field = ident(&input.name);
                    quote!(self.#field.as_ref().map(runtime::to_json_text).transpose()?)
                } else {
                    optional_text(input)
                };
                quote!((#var, #value))
            });
            statements.tokens(quote! {
                match self.#field {
                    Some(value) => { #set }
                    None => request.template(#content_type, #text, &[#(#values),*]),
                }
            });
        }
        BodyPlan::Raw {
            content_type,
            is_json,
            input,
            ..
        } => {
            let name = &m.inputs[*input].name;
            let field = ident(name);
            if *is_json {
                statements.tokens(
                    quote!(request.json(#content_type, &runtime::required(#name, self.#field)?)?;),
                );
            } else {
                statements.tokens(quote!(request.bytes(#content_type, runtime::required(#name, self.#field)?.into_bytes());));
            }
        }
        BodyPlan::File {
            content_type,
            input,
            ..
        } => {
            let name = &m.inputs[*input].name;
            let field = ident(name);
            statements.tokens(
                quote!(request.bytes(#content_type, runtime::required(#name, self.#field)?);),
            );
        }
        BodyPlan::UrlEncoded {
            content_type,
            declared_content_type,
            fields,
            extra,
        } => {
            statements.line(
                format!(
                    "let mut form = runtime::UrlEncoded::new({});",
                    text::literal(content_type)
                ),
                || quote!(let mut form = runtime::UrlEncoded::new(#content_type);),
            );
            // One table of (name, value) rows instead of a statement per
            // field: forms of dozens of fields (Stripe's) were most of their
            // crate's lines and compile time.
            if !fields.is_empty() {
                // The required check (`required_unless_given`): one field's
                // as text where it fits, several fields' one call as tokens.
                let required: Vec<_> = fields
                    .iter()
                    .filter(|part| m.inputs[part.input].required)
                    .collect();
                match (extra, required.as_slice()) {
                    (Some(extra), [part]) => {
                        let given = ident(&m.inputs[*extra].name);
                        check_given_by_name(&mut statements, m, part, &given, Some(*extra));
                    }
                    _ => {
                        // Several fields' one call, as text where it fits.
                        let text = extra.filter(|_| required.len() > 1).and_then(|extra| {
                            let rows: Vec<[String; 3]> = required
                                .iter()
                                .map(|part| {
                                    let input = &m.inputs[part.input];
                                    [
                                        text::literal(&input.name),
                                        text::literal(&part.key),
                                        format!("self.{}.is_some()", ident(&input.name)),
                                    ]
                                })
                                .collect();
                            let given = ident(&m.inputs[extra].name).to_string();
                            text::all_required(text::NESTED, &rows, &given)
                        });
                        let parts = fields.iter().map(|part| (part.input, part.key.as_str()));
                        match text {
                            Some(text) => statements.block(text),
                            None => {
                                if let Some(tokens) = required_unless_given(parts, *extra, m) {
                                    statements.tokens(tokens);
                                }
                            }
                        }
                    }
                }
                // Checked above, against the fields given by name too.
                let rows: Vec<(usize, String)> = fields
                    .iter()
                    .map(|part| (part.input, part.key.clone()))
                    .collect();
                form_table(&mut statements, "fields", &rows, *extra, m);
            }
            extra_fields(&mut statements, *extra, m);
            statements.line(
                "request.form(form);".to_string(),
                || quote!(request.form(form);),
            );
            if let Some(content_type) = declared_content_type {
                statements.line(
                    format!(
                        "request.declared_content_type({});",
                        text::literal(content_type)
                    ),
                    || quote!(request.declared_content_type(#content_type);),
                );
            }
        }
        BodyPlan::Multipart {
            boundary,
            declared_content_type,
            fields,
            extra,
        } => {
            // As text where a statement's lines fit: the form, its text
            // parts (a table per run of plain ones, else a statement, in
            // `if let Some` when optional), the extra fields and
            // `request.multipart`; file parts as tokens.
            let boundary_text = boundary.as_ref().map_or_else(
                || "None".to_string(),
                |boundary| format!("Some({})", text::literal(boundary)),
            );
            let boundary = match boundary {
                Some(boundary) => quote!(Some(#boundary)),
                None => quote!(None),
            };
            statements.line(
                format!("let mut form = runtime::Multipart::new({boundary_text});"),
                || quote!(let mut form = runtime::Multipart::new(#boundary);),
            );
            // The input taking fields by name, when the form has one.
            let given = extra.map(|extra| ident(&m.inputs[extra].name));
            // Optional text parts with no Content-Type of their own, written
            // together once a part of another kind (or the end) comes; a
            // required one the caller may also give by name (`form_field`)
            // is checked first, then is one of them. Another required part
            // is a statement of its own: it has no branch to save.
            let mut plain_texts: Vec<(usize, String)> = Vec::new();
            for part in fields {
                let input = &m.inputs[part.input];
                let key = &part.key;
                let given_by_name = given.is_some() && input.required;
                if part.file.is_none()
                    && part.content_type.is_none()
                    && (given_by_name || !input.required)
                {
                    if let Some(given) = given.as_ref().filter(|_| given_by_name) {
                        check_given_by_name(&mut statements, m, part, given, *extra);
                    }
                    plain_texts.push((part.input, key.clone()));
                    continue;
                }
                text_parts(&mut statements, &mut plain_texts, *extra, m);
                let content_type_text = part.content_type.as_ref().map_or_else(
                    || "None".to_string(),
                    |content_type| format!("Some({})", text::literal(content_type)),
                );
                let content_type = match &part.content_type {
                    Some(content_type) => quote!(Some(#content_type)),
                    None => quote!(None),
                };
                match (part.file, &given) {
                    (Some(names_no_file), _) => {
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
                        let no_file = names_no_file.then(|| {
                            quote! {
                                if self.#name.is_empty() {
                                    form.empty_file(#key);
                                }
                            }
                        });
                        statements.tokens(quote! {
                            #required
                            #no_file
                            for file in self.#name {
                                form.file(#key, file, #content_type);
                            }
                        });
                    }
                    // Given by name (`form_field`) counts as set, as in a urlencoded form
                    // (here a part with a Content-Type of its own).
                    (None, Some(given)) if input.required => {
                        check_given_by_name(&mut statements, m, part, given, *extra);
                        let optional = Input {
                            required: false,
                            ..input.clone()
                        };
                        text_part(&mut statements, &optional, key, &content_type_text, || {
                            with_value(
                                &optional,
                                |value| quote!(form.text(#key, #value, #content_type);),
                            )
                        });
                    }
                    (None, _) => {
                        text_part(&mut statements, input, key, &content_type_text, || {
                            with_value(
                                input,
                                |value| quote!(form.text(#key, #value, #content_type);),
                            )
                        });
                    }
                }
            }
            text_parts(&mut statements, &mut plain_texts, *extra, m);
            extra_fields(&mut statements, *extra, m);
            statements.line(
                "request.multipart(form);".to_string(),
                || quote!(request.multipart(form);),
            );
            if let Some(content_type) = declared_content_type {
                statements.line(
                    format!(
                        "request.declared_content_type({});",
                        text::literal(content_type)
                    ),
                    || declared_content_type_when_empty(declared_content_type).unwrap_or_default(),
                );
            }
        }
        BodyPlan::GraphQl {
            query,
            operation_name,
            variables,
            ..
        } => {
            let operation_name = match operation_name {
                Some(name) => quote!(Some(#name)),
                None => quote!(None),
            };
            let variables = match variables.map(|input| &m.inputs[input]) {
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
            statements.tokens(quote! {
                request.graphql(runtime::GraphQl {
                    query: #query,
                    operation_name: #operation_name,
                    variables: #variables,
                });
            });
        }
    }
    statements
}

/// The loop adding form fields the collection does not list, when the form takes them.
/// The required check of a form's required text fields where the form
/// also takes fields by name (`form_field`): a field given that way counts as
/// set, so a caller can send the text a typed setter cannot hold (an OpenAPI
/// converter's `<integer>`, as newman sends it) in a field's place.
fn required_unless_given<'a>(
    parts: impl Iterator<Item = (usize, &'a str)>,
    extra: Option<usize>,
    m: &OperationModel,
) -> Option<TokenStream> {
    let given = ident(&m.inputs[extra?].name);
    let checks: Vec<(syn::Ident, &str, &str)> = parts
        .filter(|(input, _)| m.inputs[*input].required)
        .map(|(input, key)| {
            let input = &m.inputs[input];
            (ident(&input.name), input.name.as_str(), key)
        })
        .collect();
    match checks.as_slice() {
        [] => None,
        [(field, label, key)] => Some(
            quote!(runtime::required_unless_given(#label, #key, self.#field.is_some(), &self.#given)?;),
        ),
        // One call and one `?` for all of them: a `?` per field was a
        // type-checked conversion and an early return each, a third of
        // the type-checking of Stripe's form requests.
        checks => {
            let rows = checks
                .iter()
                .map(|(field, label, key)| quote!((#label, #key, self.#field.is_some())));
            Some(quote!(runtime::all_required_unless_given(&[#(#rows),*], &self.#given)?;))
        }
    }
}

/// `runtime::required_unless_given(..)?;` for a form's required field (a
/// urlencoded field, a multipart text part) the caller may also give by name
/// through `given`.
fn check_given_by_name(
    statements: &mut text::Statements,
    m: &OperationModel,
    part: &FormPart,
    given: &Ident,
    extra: Option<usize>,
) {
    let input = &m.inputs[part.input];
    let field = ident(&input.name);
    let arguments = [
        text::literal(&input.name),
        text::literal(&part.key),
        format!("self.{field}.is_some()"),
        format!("&self.{given}"),
    ];
    statements.call("runtime::required_unless_given", &arguments, "?;", || {
        let part = std::iter::once((part.input, part.key.as_str()));
        required_unless_given(part, extra, m).unwrap_or_default()
    });
}

/// `form.extras(self.form_field);`: the fields the caller names, when the
/// form takes them (one call, not a loop per request).
fn extra_fields(statements: &mut text::Statements, extra: Option<usize>, m: &OperationModel) {
    let Some(extra) = extra else { return };
    let field = ident(&m.inputs[extra].name);
    statements.line(
        format!("form.extras(self.{field});"),
        || quote!(form.extras(self.#field);),
    );
}

/// `form.texts([(key, value), ...]);` for a run of a multipart form's
/// optional text parts that have no part Content-Type, in order, as a
/// urlencoded form's fields are written: a row per part, an unconditional
/// move of each value, rather than an `if let Some` block per part, which
/// rustc builds and checks as a branch of its own (2% of the instructions
/// of building the zoom-api-baruamrinal crate, docs/performance.md,
/// session 31). Empties the run.
fn text_parts(
    statements: &mut text::Statements,
    run: &mut Vec<(usize, String)>,
    extra: Option<usize>,
    m: &OperationModel,
) {
    if !run.is_empty() {
        form_table(statements, "texts", run, extra, m);
        run.clear();
    }
}

/// `form.{method}([(key, value), ...]);`: the rows (input, key) of a form's
/// table, each value its input's `Option<String>`. Where the form takes
/// fields by name (`extra`), a required input's value is optional: its
/// `required_unless_given` check was written before.
fn form_table(
    statements: &mut text::Statements,
    method: &str,
    rows: &[(usize, String)],
    extra: Option<usize>,
    m: &OperationModel,
) {
    let inputs: Vec<Cow<Input>> = rows
        .iter()
        .map(|(input, _)| match &m.inputs[*input] {
            input if input.required && extra.is_some() => Cow::Owned(Input {
                required: false,
                ..input.clone()
            }),
            input => Cow::Borrowed(input),
        })
        .collect();
    let row_texts: Vec<(String, String)> = rows
        .iter()
        .zip(&inputs)
        .map(|((_, key), input)| (text::literal(key), text::optional_text(input)))
        .collect();
    match text::form_rows(text::NESTED, method, &row_texts) {
        Some(text) => statements.block(text),
        None => {
            let method = format_ident!("{method}");
            let rows = rows.iter().zip(&inputs).map(|((_, key), input)| {
                let value = optional_text(input);
                quote!((#key, #value))
            });
            statements.tokens(quote!(form.#method([#(#rows),*]);));
        }
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
            // Function paths, not closures: a closure is one more function
            // for rustc to build per field, a path one per value type.
            ValueType::Json(_) => {
                quote!(self.#field.as_ref().map(runtime::to_json_text).transpose()?)
            }
            _ => quote!(runtime::text(&self.#field)),
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

/// A multipart text part's statements as [`with_value`] makes them (its
/// `tokens`), as text where their lines fit: `form.text(key, value,
/// content_type);` after the required value's `let`, or inside `if let
/// Some` when the input is optional.
fn text_part(
    statements: &mut text::Statements,
    input: &Input,
    key: &str,
    content_type: &str,
    tokens: impl FnOnce() -> TokenStream,
) {
    let field = ident(&input.name);
    let value = match &input.value {
        ValueType::String => "value",
        ValueType::Json(_) => "runtime::to_json_text(&value)?",
        _ => "value.to_string()",
    };
    let statement = format!(
        "form.text({}, {value}, {content_type});",
        text::literal(key)
    );
    if input.required {
        let value = format!(
            "let value = runtime::required({}, self.{field})?;",
            text::literal(&input.name)
        );
        statements.lines(&[&value, &statement], tokens);
    } else {
        let head = format!("if let Some(value) = self.{field} {{");
        let statement = format!("    {statement}");
        statements.lines(&[&head, &statement, "}"], tokens);
    }
}

/// A form with no field set sends no body, but the Content-Type header the
/// collection declares still goes out, with an empty body, as Postman sends it.
fn declared_content_type_when_empty(declared: &Option<String>) -> Option<TokenStream> {
    declared
        .as_ref()
        .map(|content_type| quote!(request.declared_content_type(#content_type);))
}
