//! Documentation of an operation: its accessor's docs and example, and
//! the docs of its setters and `send`.

use std::fmt::Write as _;

use super::*;

pub(super) fn setter_docs(op: &Operation, input: &Input) -> String {
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
                &super::super::model::body_template_vars(op)
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
    let example = super::super::example::shown_text(input)
        .filter(|shown| {
            !shown.is_empty() && shown.len() <= 120 && !shown.contains('`') && !shown.contains('\n')
        })
        .map(|shown| [", for example `", &shown, "`"].concat())
        .unwrap_or_default();
    let description = input
        .docs
        .as_deref()
        .map(docs::strip_required)
        .map(markdown_of_recurring)
        .filter(|d| !d.is_empty());
    // The whole text's room at once, the description's included: it is
    // often most of it, and growing the text to it cost a copy or two.
    let mut text = String::with_capacity(
        place.len() + 16 + example.len() + 128 + description.as_ref().map_or(0, |d| d.len() + 2),
    );
    text.push_str(&place);
    if input.required {
        text.push_str(" (required)");
    }
    text.push_str(&example);
    text.push('.');
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
    if let Some(description) = description {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    text
}

/// `docs::markdown` of an input's description, remembered per thread: an
/// API's inputs repeat their descriptions (Stripe's 7,000 setters have a
/// fraction as many distinct ones: every `address[...]` field says "The
/// customer's address."), and converting them again was a tenth of its
/// generation (docs/performance.md, "Session 27: generation speed of the
/// operations").
fn markdown_of_recurring(text: &str) -> String {
    /// The most descriptions remembered per thread; past it they are
    /// forgotten and learnt again.
    const MAX_REMEMBERED: usize = 4096;
    thread_local! {
        static CONVERTED: std::cell::RefCell<foldhash::HashMap<String, String>> =
            std::cell::RefCell::new(foldhash::HashMap::default());
    }
    if let Some(converted) = CONVERTED.with(|converted| converted.borrow().get(text).cloned()) {
        return converted;
    }
    let converted = docs::markdown(text);
    CONVERTED.with(|remembered| {
        let mut remembered = remembered.borrow_mut();
        if remembered.len() >= MAX_REMEMBERED {
            remembered.clear();
        }
        remembered.insert(text.to_string(), converted.clone());
    });
    converted
}

pub(super) fn send_docs(m: &OperationModel) -> String {
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
        let _ = write!(text,
            "\n\nFails with [`Error::InvalidRequest`](crate::Error::InvalidRequest) when a required value ({}) is not set.",
            required.join(", ")
        );
    }
    if let Some(error_enum) = &m.error_enum {
        let _ = write!(
            text,
            "\n\nOn an error status the body is also decoded into [`{error_enum}`]: \
             `error.typed::<{error_enum}>()`."
        );
    }
    text
}

/// The intra-doc link target of an operation's accessor, from its builder's module.
pub(super) fn accessor_link(
    _ctx: &Context<'_>,
    model: &ApiModel<'_>,
    index: OperationId,
) -> String {
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
pub(super) fn accessor_docs(
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
    // Room for the description and the sections after it at once, rather
    // than growing the text section by section (`write!` below writes into
    // it, where `format!` made a text of its own for each).
    text.reserve(op.docs.as_deref().map_or(0, str::len) + 1024);
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
        let _ = writeln!(text,
            "\nThe collection authenticates this request with {} auth, which this client does not implement: it is sent without auth.",
            docs::code(kind)
        );
    }
    if op
        .profile
        .as_ref()
        .is_some_and(|profile| !profile.strict_ssl)
    {
        text.push_str(
            "\nThe collection turns TLS certificate checks off for this request (`strictSSL: false`): \
             this client sends it, and only it, through a second HTTP client that accepts any \
             certificate, so a man in the middle can read and change it (an HTTP client you pass \
             to the builder sends it with its own TLS settings instead). Do not send it over a \
             network you do not trust.\n",
        );
    }
    if !op.events.is_empty() {
        let _ = writeln!(text,
            "\nThe collection runs scripts for this request ({}); this client does not run them, so requests that depend on them may differ: *Scripts* below says what they touch.",
            op.events.iter().map(|e| docs::code(e)).collect::<Vec<_>>().join(", ")
        );
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
                Some(BodyKind::Raw) => "[`RawBody`](crate::RawBody)".to_string(),
                Some(BodyKind::Empty) | None => String::new(),
            };
            let _ = writeln!(text, "| {} | {} | {} |", status.code, status.meaning, body);
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
            let _ = writeln!(
                text,
                "| {} | {} | {kind}{body} |",
                status.code, status.meaning
            );
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
                let _ = writeln!(text, "| {} | {status} | {meaning} |", docs::code(code));
            }
        }
    }

    text.push_str(&super::super::response_headers::docs_section(op));

    if let Some(example) = accessor_example(ctx, model, index, paths) {
        text.push_str("\n# Example\n\n");
        text.push_str(&example);
        text.push('\n');
    }
    let api_docs: Vec<&str> = std::iter::once("crate")
        .chain(model.layout.path.iter().map(String::as_str))
        .collect();
    text.push_str(&super::super::scripts_doc::section(
        &op.scripts,
        &api_docs.join("::"),
    ));
    text
}

/// A link to a named type (by its full path, so it resolves from any module),
/// or the type in backticks.
pub(super) fn type_link(
    model: &ApiModel<'_>,
    ty: &crate::ir::TypeRef,
    paths: &TypePaths<'_>,
) -> String {
    match paths.name_of(strip_option(ty)) {
        Some(name) if matches!(strip_option(ty), crate::ir::TypeRef::Named(_)) => {
            // The bare name as text: `types::X` would make the target redundant where `types` is imported.
            format!("[`{name}`](crate::{}types::{name})", api_prefix(model))
        }
        _ => format!("`{}`", paths.ty(ty).to_string().replace(' ', "")),
    }
}

/// A `no_run` example calling the operation with the collection's values.
pub(super) fn accessor_example(
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
    // The chain's calls as printed, while every argument is a plain literal
    // or path (`text::doc_example` prints the example from them).
    let mut chain_text: Option<Vec<text::ExampleCall>> = Some(Vec::new());
    let mut push_text = |text: Option<text::ExampleCall>| {
        chain_text = chain_text.take().zip(text).map(|(mut calls, text)| {
            calls.push(text);
            calls
        });
    };
    for accessor in model.api.group_path(op.group) {
        let accessor = ident(accessor);
        push_text(Some((format!(".{accessor}"), Vec::new())));
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
    let args_text: Option<Vec<String>> = args
        .iter()
        .map(|arg| match arg.to_string().as_str() {
            "Default :: default ()" => Some("Default::default()".to_string()),
            _ => text::literal_or_path_text(arg),
        })
        .collect();
    push_text(args_text.map(|args| (format!(".{method}"), args)));
    chain.push(quote!(.#method(#(#args),*)));
    for input in m.inputs.iter().filter(|i| !i.is_argument) {
        // An optional text or number whose example is filler (`<string>`,
        // lorem ipsum) says no more than the builder's list of setters: left
        // out, or a large form's example is a screen of `.field("<string>")`
        // (Stripe's listed up to two hundred). A typed JSON value stays: its
        // example shows how to build it.
        if !input.required
            && matches!(input.value, ValueType::String | ValueType::Scalar(_))
            && example::shown_text(input)
                .is_some_and(|text| super::super::described_example::is_filler(&text))
        {
            continue;
        }
        if let Some(value) = example::input_expr(input, &example_paths, example::Detail::Abridged) {
            let setter = ident(&input.name);
            push_text(
                text::literal_or_path_text(&value).map(|value| (format!(".{setter}"), vec![value])),
            );
            chain.push(quote!(.#setter(#value)));
        }
    }
    let mut setup = Vec::new();
    let mut setup_text = Vec::new();
    let crate_path: String = std::iter::once(crate_ident.to_string())
        .chain(api_path.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join("::");
    if example_paths.used() {
        setup.push(quote!(use #crate_ident #(::#api_path)*::types;));
        setup_text.push(format!("use {crate_path}::types;"));
    }
    // An example whose response is printed whole (or not at all) is one
    // call chain; one whose response is an enum, the chain and a `match` of
    // an arm per variant: printed as text where they fit.
    let arms_text = match (&m.success, &m.response_enum) {
        (Success::Enum(variants), Some(name)) => {
            let module: String = model[op.group]
                .modules
                .iter()
                .map(|m| format!("::{}", ident(m)))
                .collect();
            setup_text.push(format!("use {crate_path}{module}::{name};"));
            let mut arms: Vec<String> = variants
                .iter()
                .map(|variant| {
                    let code = variant.code;
                    match variant.kind {
                        BodyKind::Empty => format!(
                            "{name}::{} => println!({})",
                            variant.name,
                            text::literal(&code.to_string())
                        ),
                        _ => format!(
                            "{name}::{}(body) => println!({}, body)",
                            variant.name,
                            text::literal(&format!("{code}: {{:?}}"))
                        ),
                    }
                })
                .collect();
            arms.push(format!(
                "{name}::Other(body) => println!(\"undocumented: {{:?}}\", body)"
            ));
            Some(arms)
        }
        _ => None,
    };
    if let Some(calls) = &chain_text {
        let printed = text::doc_example(
            ctx.options.interface != Interface::Blocking,
            &format!("client: &{crate_path}::Client"),
            &setup_text,
            calls,
            !matches!(m.success, Success::Single(BodyKind::Empty)),
            arms_text.as_deref(),
        );
        if printed.is_some() {
            return printed;
        }
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
