//! The text path against the token path: the same printed text wherever the
//! text path prints at all, on random names and types, and the text path
//! taken for the names and types real collections have.

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use quote::{format_ident, quote};

use super::super::super::rust::{doc_attrs, print_items};
use super::super::body_fn_statements;
use super::super::{builder_new, builder_struct, setter as setter_tokens};
use super::super::{response_type, send_blocking_method, send_bodies, send_method, OperationModel};
use super::*;
use crate::emit::model::{BodyPlan, FormPart, Wire};
use crate::ir::{Primitive, TypeId, TypeRef, TypeTable};

/// [`TEXT_PATH_TESTS`], held by a test that sets [`TOKENS_ONLY`] or asserts
/// that the text path is taken, while the guard lives (a test that failed
/// holding it leaves it poisoned; the others go on).
fn hold_text_path() -> std::sync::MutexGuard<'static, ()> {
    TEXT_PATH_TESTS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Prints tokens as the emitter does (through syn and prettyplease, docs
/// put in after), on this thread.
fn printed(tokens: TokenStream) -> String {
    let _docs = super::super::super::doc_block::scope();
    print_items("x.rs", tokens).expect("prints")
}

fn input(name: &str, is_argument: bool, value: ValueType) -> Input {
    Input {
        name: name.to_string(),
        is_argument,
        value,
        required: false,
        docs: None,
        wire: Wire::Query(0),
        example: None,
    }
}

/// Identifiers as the lowering makes them: snake case, sometimes a keyword
/// (printed raw) or a long run of words, up to well past the margin.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_]{0,12}",
        "[a-z][a-z0-9_]{20,95}",
        Just("type".to_string()),
        Just("self".to_string()),
        Just("r#async".to_string()),
    ]
}

/// Type names for `types::Name`, short and long.
fn type_name() -> impl Strategy<Value = String> {
    "[A-Z][A-Za-z0-9]{0,70}"
}

fn type_ref() -> impl Strategy<Value = TypeRef> {
    let leaf = prop_oneof![
        Just(TypeRef::Primitive(Primitive::String)),
        Just(TypeRef::Primitive(Primitive::Bool)),
        Just(TypeRef::Primitive(Primitive::I64)),
        Just(TypeRef::Primitive(Primitive::F64)),
        Just(TypeRef::Primitive(Primitive::Value)),
        (0..4usize).prop_map(|id| TypeRef::Named(TypeId(id))),
        // Not in the table: `serde_json::Value`.
        Just(TypeRef::Named(TypeId(99))),
    ];
    leaf.prop_recursive(3, 8, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(|t| TypeRef::Vec(Box::new(t))),
            inner.clone().prop_map(|t| TypeRef::Map(Box::new(t))),
            inner.prop_map(|t| TypeRef::Option(Box::new(t))),
        ]
    })
}

fn value_type() -> impl Strategy<Value = ValueType> {
    prop_oneof![
        Just(ValueType::String),
        type_ref().prop_map(ValueType::Scalar),
        type_ref().prop_map(ValueType::Enum),
        type_ref().prop_map(ValueType::Json),
        Just(ValueType::Files),
        Just(ValueType::Bytes),
        Just(ValueType::Pairs),
    ]
}

fn docs() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Z ,.`\\[\\]()]{1,120}",
        "[a-z ]{1,40}\n\n[a-z ]{1,200}\n- [a-z]{1,10}",
    ]
}

/// An impl at the top level of a file around `members`.
fn in_impl(members: TokenStream) -> TokenStream {
    quote!(impl<'a> Builder<'a> { #members })
}

/// The text path's member inside the same impl, printed.
fn text_in_impl(text: &str) -> String {
    format!("impl<'a> Builder<'a> {{\n{text}}}\n")
}

fn check_setter(input: &Input, docs: &str, names: &[String]) -> Result<bool, TestCaseError> {
    let table = TypeTable::default();
    let paths = TypePaths::new(&table, names);
    let Some(text) = setter(input, docs, &paths) else {
        return Ok(false);
    };
    let tokens = printed(in_impl(setter_tokens(doc_attrs(docs), input, &paths)));
    prop_assert_eq!(text_in_impl(&text), tokens);
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn setters_print_as_through_tokens(
        name in name(),
        value in value_type(),
        docs in docs(),
        names in prop::collection::vec(type_name(), 4),
    ) {
        check_setter(&input(&name, false, value), &docs, &names)?;
    }

    #[test]
    fn builder_structs_and_their_new_print_as_through_tokens(
        builder in "[A-Z][A-Za-z0-9]{0,90}",
        docs in docs(),
        fields in prop::collection::vec((name(), any::<bool>(), value_type()), 0..12),
        names in prop::collection::vec(type_name(), 4),
    ) {
        let table = TypeTable::default();
        let paths = TypePaths::new(&table, &names);
        let inputs: Vec<Input> = fields
            .iter()
            .map(|(name, is_argument, value)| input(name, *is_argument, value.clone()))
            .collect();
        let ident = format_ident!("{}", builder);
        if let Some(text) = super::builder_struct(&builder, &docs, &inputs, &paths) {
            let tokens = printed(builder_struct(&ident, doc_attrs(&docs), &inputs, &paths));
            prop_assert_eq!(text, tokens);
        }
        if let Some(text) = super::builder_new(&builder, &inputs) {
            let tokens = printed(in_impl(builder_new(&ident, &inputs)));
            prop_assert_eq!(text_in_impl(&text), tokens);
        }
    }
}

/// Names and types of the length real collections have take the text path
/// (else it would save nothing): a Stripe-sized form setter, a struct of 50
/// fields and its `new`, and the lines right at the margin.
#[test]
fn ordinary_shapes_take_the_text_path() {
    let _text_path = hold_text_path();
    let names = vec!["CreateCustomerRequestShippingAddress".to_string()];
    let long = "invoice_settings_rendering_options_amount_tax_display";
    for value in [
        ValueType::String,
        ValueType::Scalar(TypeRef::Primitive(Primitive::I64)),
        ValueType::Json(TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0))))),
        ValueType::Files,
        ValueType::Bytes,
        ValueType::Pairs,
    ] {
        for name in ["email", long] {
            // A pair setter's statement (`self.NAME.push((name.into(),
            // value.into()));`) does not fit with the longest names.
            if name == long && value == ValueType::Pairs {
                continue;
            }
            let input = input(name, false, value.clone());
            assert!(
                check_setter(
                    &input,
                    "Form field `email`.\n\nThe customer's address.",
                    &names
                )
                .expect("same text"),
                "{name} {value:?}"
            );
        }
    }
    // Signatures of exactly the margin and one past it (one line, then one
    // parameter per line).
    for length in [32, 33, 46, 47] {
        let name = "a".repeat(length);
        for value in [
            ValueType::String,
            ValueType::Scalar(TypeRef::Primitive(Primitive::I64)),
        ] {
            let input = input(&name, false, value);
            assert!(check_setter(&input, "Docs.", &names).expect("same text"));
        }
    }
    let table = TypeTable::default();
    let paths = TypePaths::new(&table, &names);
    let inputs: Vec<Input> = (0..50)
        .map(|i| {
            let value = match i % 4 {
                0 => ValueType::Scalar(TypeRef::Primitive(Primitive::I64)),
                1 => ValueType::Pairs,
                _ => ValueType::String,
            };
            input(&format!("{long}_{i}"), i < 3, value)
        })
        .collect();
    let struct_text =
        super::builder_struct("CreateCustomer", "A request.", &inputs, &paths).expect("text");
    let ident = format_ident!("CreateCustomer");
    assert_eq!(
        struct_text,
        printed(builder_struct(
            &ident,
            doc_attrs("A request."),
            &inputs,
            &paths
        ))
    );
    let new_text = super::builder_new("CreateCustomer", &inputs).expect("text");
    assert_eq!(
        text_in_impl(&new_text),
        printed(in_impl(builder_new(&ident, &inputs)))
    );
}

/// The members collected as text go in as one placeholder per run, between
/// the members given as tokens, and print in order.
#[test]
fn members_keep_their_order_across_text_and_tokens() {
    let mut members = Members::default();
    members.text("    fn first() {}\n".to_string());
    members.text("    fn second() {}\n".to_string());
    members.tokens(quote!(
        fn third() {}
    ));
    members.text("    fn fourth() {}\n".to_string());
    let printed = printed(in_impl(members.finish()));
    assert_eq!(
        printed,
        "impl<'a> Builder<'a> {\n    fn first() {}\n    fn second() {}\n    fn third() {}\n    fn fourth() {}\n}\n"
    );
}

#[test]
fn only_plain_types_have_a_text() {
    assert_eq!(
        type_text(&quote!(std::collections::BTreeMap<String, Vec<types::A>>)).as_deref(),
        Some("std::collections::BTreeMap<String, Vec<types::A>>")
    );
    assert_eq!(
        type_text(&quote!(Vec<(String, String)>)).as_deref(),
        Some("Vec<(String, String)>")
    );
    assert_eq!(
        type_text(&quote!(&'a Client)).as_deref(),
        Some("&'a Client")
    );
    assert_eq!(type_text(&quote!([u8; 4])), None);
    assert_eq!(type_text(&quote!(fn() -> u8)), None);
}

/// The members every request has (the streaming methods) print in a
/// request's impl as their text printed once, between other members.
#[test]
fn fixed_members_print_as_in_place() {
    let streaming = streaming_methods().expect("prints");
    let streaming_tokens = super::super::streaming_methods();
    let in_place = printed(in_impl(quote!(
        pub fn before(self) -> Self { self }
        #streaming_tokens
        pub fn after(self) -> Self { self }
    )));
    let before = "    pub fn before(self) -> Self {\n        self\n    }\n";
    let after = "    pub fn after(self) -> Self {\n        self\n    }\n";
    assert_eq!(
        in_place,
        text_in_impl(&format!("{before}{streaming}{after}"))
    );
}

/// Turns the text paths off while it lives.
struct TokensOnly;

impl TokensOnly {
    fn new() -> Self {
        TOKENS_ONLY.store(true, std::sync::atomic::Ordering::SeqCst);
        TokensOnly
    }
}

impl Drop for TokensOnly {
    fn drop(&mut self) {
        TOKENS_ONLY.store(false, std::sync::atomic::Ordering::SeqCst);
    }
}

/// A collection's crate emitted on a pool of two threads, with the text
/// paths on, or off (every shape printed through tokens). The caller holds
/// `TEXT_PATH_TESTS`.
fn crate_files(collection: &serde_json::Value, tokens_only: bool) -> crate::emit::CrateFiles {
    let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
    let types = crate::infer::infer(&api);
    let _tokens_only = tokens_only.then(TokensOnly::new);
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool")
        .install(|| {
            let input = crate::emit::ApiInput {
                api: &api,
                types: &types,
                module: "test",
            };
            crate::emit::emit_crate(
                &[input],
                &crate::emit::CrateOptions::new("test-client", "0.1.0"),
            )
            .expect("emits")
        })
}

/// Requests with the shapes of a large form API (Stripe's): form fields,
/// query parameters and headers with keys and names short and long (past
/// the margin), required or not, typed or text, and path parameters.
fn form_collection() -> serde_json::Value {
    let keys = [
        "email",
        "expand[0]",
        "invoice_settings[rendering_options][amount_tax_display]",
        "shipping[address][postal_code]",
        "payment_method_options[card][mandate_options][supported_types][0]",
        "a_key_that_is_long_enough_that_no_row_with_it_fits_on_a_line_of_its_own_anywhere[x]",
        "quote\"and\\backslash",
    ];
    let values = ["<string>", "42", "true", "1.5", "[\"a\"]", "{\"a\": 1}"];
    let field = |i: usize, key: &str| {
        let description = if i % 3 == 0 {
            "(Required) Something the server needs."
        } else {
            "Something optional."
        };
        serde_json::json!({"key": key, "value": values[i % values.len()], "description": description})
    };
    let requests: Vec<serde_json::Value> = (0..24)
        .map(|n| {
            let fields: Vec<serde_json::Value> = keys
                .iter()
                .enumerate()
                // Some forms of one short field (printed on one line).
                .filter(|(i, _)| (i + n) % 4 != 0 && (n % 6 != 2 || *i < 1))
                .map(|(i, key)| field(i + n, key))
                .collect();
            let mode = if n % 2 == 0 { "urlencoded" } else { "formdata" };
            serde_json::json!({
                "name": format!("Create the thing number {n} with a name long enough to matter"),
                "request": {
                    "method": "POST",
                    "header": fields.iter().take(n % 4).collect::<Vec<_>>(),
                    "url": {
                        "raw": "{{baseUrl}}/v1/things/:thing_id",
                        "host": ["{{baseUrl}}"],
                        "path": ["v1", "things", ":thing_id", "sub", "resources"],
                        "query": fields.iter().skip(n % 3).collect::<Vec<_>>(),
                        "variable": [{"key": "thing_id", "value": "th_1", "description": "(Required) The thing."}],
                    },
                    "body": {"mode": mode, mode: fields},
                },
            })
        })
        .collect();
    // Short ones too: an example on one line.
    let mut requests = requests;
    requests.push(serde_json::json!({
        "name": "Ping",
        "request": {"method": "GET", "url": {"host": ["{{baseUrl}}"], "path": ["ping"],
                    "query": [{"key": "n", "value": "1"}, {"key": "all", "value": "true"}]}},
    }));
    serde_json::json!({
        "info": {"name": "Forms", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Things", "item": requests}],
        "variable": [{"key": "baseUrl", "value": "https://api.example.com"}],
    })
}

/// Requests whose saved responses make a response enum (a JSON 200 and an
/// empty 204), with names from short to long enough that the arms of their
/// examples' `match` do not fit a line, some with path parameters.
fn response_enum_collection() -> serde_json::Value {
    let requests: Vec<serde_json::Value> = (0..14)
        .map(|n| {
            let path = if n % 2 == 0 { ":thing_id" } else { "all" };
            let response = |code: u16, status: &str, body: &str| {
                serde_json::json!({
                    "name": status,
                    "code": code,
                    "status": status,
                    "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": body,
                })
            };
            serde_json::json!({
                "name": format!("Remove {}thing", "very ".repeat(n)),
                "request": {
                    "method": "DELETE",
                    "url": {
                        "raw": format!("{{{{baseUrl}}}}/things/{path}"),
                        "host": ["{{baseUrl}}"],
                        "path": ["things", path],
                        "variable": [{"key": "thing_id", "value": "th_1"}],
                    },
                },
                "response": [
                    response(200, "OK", "{\"id\": \"th_1\", \"removed\": true}"),
                    response(204, "No Content", ""),
                ],
            })
        })
        .collect();
    serde_json::json!({
        "info": {"name": "Enums", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{"name": "Things", "item": requests}],
        "variable": [{"key": "baseUrl", "value": "https://api.example.com"}],
    })
}

/// Whole crates print the same with the text paths as through tokens alone:
/// a form API's shapes, response enums' examples, and the synthetic
/// collection's (every body mode, auth, path, query and header parameters,
/// examples).
#[test]
fn crates_print_the_same_through_tokens_alone() {
    let _text_path = hold_text_path();
    for collection in [
        form_collection(),
        response_enum_collection(),
        crate::synthetic::collection(60),
    ] {
        let with_text = crate_files(&collection, false);
        let tokens_alone = crate_files(&collection, true);
        assert_eq!(
            with_text.keys().collect::<Vec<_>>(),
            tokens_alone.keys().collect::<Vec<_>>()
        );
        for (path, text) in &with_text {
            assert!(
                text == &tokens_alone[path],
                "{path} differs:\n{}",
                first_difference(text, &tokens_alone[path])
            );
        }
    }
    let forms = crate_files(&form_collection(), false);
    let things = forms
        .iter()
        .find(|(path, _)| path.ends_with("things.rs"))
        .expect("the folder's module")
        .1;
    // The shapes this is about are there.
    assert!(things.contains("            form.fields([\n"), "{things}");
    assert!(things.contains("            form.fields([(\""), "{things}");
    assert!(
        things.contains(
            "    /// let response = client.things().ping().n(\"1\").all(true).send().await?;\n"
        ),
        "{things}"
    );
    assert!(
        things.contains("    ///     .create_thing_number_0_"),
        "{things}"
    );
    assert!(
        things.contains("        request.query(\"email\", "),
        "{things}"
    );
    let enums = crate_files(&response_enum_collection(), false);
    let things = enums
        .iter()
        .find(|(path, _)| path.ends_with("things.rs"))
        .expect("the folder's module")
        .1;
    // Examples matching on a response enum, the arms fitting and not.
    assert!(
        things.contains("    /// match response.into_inner() {\n    ///     RemoveThingResponse::Ok(body) => println!(\"200: {:?}\", body),\n"),
        "{things}"
    );
    assert!(
        things.contains("    ///     RemoveVeryVeryVeryVeryVeryVeryVeryVeryVeryVeryVeryVeryVeryThingResponse::Other("),
        "{things}"
    );
}

/// An example matching on a response enum takes the text path where its
/// arms fit, and not where one does not.
#[test]
fn examples_matching_on_a_response_enum_are_text_where_their_arms_fit() {
    let _text_path = hold_text_path();
    let calls = [
        (".things".to_string(), Vec::new()),
        (".remove_thing".to_string(), vec!["\"th_1\"".to_string()]),
    ];
    let arm =
        |name: &str| format!("{name}::Other(body) => println!(\"undocumented: {{:?}}\", body)");
    let example = |name: &str| {
        doc_example(
            true,
            "client: &test_client::Client",
            &[format!("use test_client::things::{name};")],
            &calls,
            true,
            Some(&[arm(name)]),
        )
    };
    let printed = example("RemoveThingResponse").expect("fits");
    assert!(printed.contains(
        "\nmatch response.into_inner() {\n    RemoveThingResponse::Other(body) => println!(\"undocumented: {:?}\", body),\n}\n# Ok(())"
    ), "{printed}");
    // 8 columns in, the arm and its comma: 81 columns at most.
    let longest = "R".repeat(81 - arm("").len() - 1);
    assert!(example(&longest).is_some());
    assert!(example(&format!("{longest}R")).is_none());
}

/// The first line where two texts differ, with its neighbours.
fn first_difference(left: &str, right: &str) -> String {
    let (left, right): (Vec<&str>, Vec<&str>) = (left.lines().collect(), right.lines().collect());
    let at = left
        .iter()
        .zip(&right)
        .position(|(a, b)| a != b)
        .unwrap_or(left.len().min(right.len()));
    let from = at.saturating_sub(3);
    format!(
        "text path:\n{}\ntokens:\n{}",
        left[from..(at + 3).min(left.len())].join("\n"),
        right[from..(at + 3).min(right.len())].join("\n")
    )
}

/// The statements of a method body (eight spaces in), printed through
/// tokens.
fn body_statements(statements: TokenStream) -> String {
    let printed = printed(in_impl(quote!(fn request(self) { #statements })));
    let lines: Vec<&str> = printed.lines().collect();
    lines[2..lines.len() - 2]
        .iter()
        .map(|line| format!("{line}\n"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The `request` method's first two statements print as through tokens,
    /// in each of the layouts of the `operation` call (names, ids, paths
    /// and statuses of every length around the margin).
    #[test]
    fn request_heads_print_as_through_tokens(
        method in prop_oneof![Just("GET"), Just("DELETE"), Just("OPTIONS")],
        auth in prop_oneof![Just(None), Just(Some("AUTH_BEARER")), Just(Some("AUTH_API_KEY_HEADER"))],
        statuses in prop::collection::vec((400u16..600, "[a-z ]{0,40}"), 0..3),
        name in "[a-z_]{1,95}",
        id in prop::option::of("[a-f0-9-]{36}"),
        path in "/[a-z/{}]{0,100}",
    ) {
        let method_ident = format_ident!("{}", method);
        let auth_tokens = match auth {
            Some(auth) => { let auth = format_ident!("{}", auth); quote!(Some(Client::#auth)) }
            None => quote!(None),
        };
        let status_tokens = statuses.iter().map(|(code, text)| {
            let code = proc_macro2::Literal::u16_unsuffixed(*code);
            quote!((#code, #text))
        });
        let id_tokens = match &id { Some(id) => quote!(Some(#id)), None => quote!(None) };
        let tokens = body_statements(quote! {
            let mut request = runtime::Request::new(reqwest::Method::#method_ident, Client::SERVER_BASE_URL, #auth_tokens, &[#(#status_tokens),*]);
            request.operation(runtime::OperationInfo::new(#name, #id_tokens, #method, #path));
        });
        let statuses: Vec<String> = statuses
            .iter()
            .map(|(code, text)| format!("({code}, {})", literal(text)))
            .collect();
        let arguments = [
            format!("reqwest::Method::{method}"),
            "Client::SERVER_BASE_URL".to_string(),
            auth.map_or_else(|| "None".to_string(), |auth| format!("Some(Client::{auth})")),
            format!("&[{}]", statuses.join(", ")),
        ];
        let operation = [
            literal(&name),
            id.as_deref().map_or_else(|| "None".to_string(), |id| format!("Some({})", literal(id))),
            literal(method),
            literal(&path),
        ];
        if let Some(text) = request_head(&arguments, &operation) {
            prop_assert_eq!(text, tokens);
        }
    }
}

/// What a request succeeds with, as the model has it (an enum's variants do
/// not change `send` and `send_blocking`).
fn success() -> impl Strategy<Value = Success> {
    prop_oneof![
        Just(Success::Single(BodyKind::Empty)),
        Just(Success::Single(BodyKind::Text)),
        Just(Success::Single(BodyKind::Raw)),
        Just(Success::Single(BodyKind::Json(None))),
        type_ref().prop_map(|ty| Success::Single(BodyKind::Json(Some(ty)))),
        Just(Success::Enum(Vec::new())),
    ]
}

/// `send` and `send_blocking` of a request succeeding with `success` (an
/// enum named `enum_name`), with an error enum or not, through the text
/// path and through tokens; whether each took the text path.
fn check_send(
    success: Success,
    typed: bool,
    enum_name: &str,
    docs: &str,
    names: &[String],
) -> Result<(bool, bool), TestCaseError> {
    let table = TypeTable::default();
    let paths = TypePaths::new(&table, names);
    let model = OperationModel {
        builder: "Builder".to_string(),
        response_enum: matches!(success, Success::Enum(_)).then(|| enum_name.to_string()),
        error_enum: typed.then(|| "Errors".to_string()),
        inputs: Vec::new(),
        plan: Vec::new(),
        success,
        errors: Vec::new(),
        successes: Vec::new(),
    };
    let response_ty = response_type(&model, &paths);
    let ((sending_ty, send_body), blocking_body, _) = send_bodies(&model, &response_ty, &paths);
    let send_text = send(docs, &model.success, typed, &response_ty);
    if let Some(text) = &send_text {
        let tokens = printed(in_impl(send_method(
            &doc_attrs(docs),
            &sending_ty,
            &send_body,
        )));
        prop_assert_eq!(text_in_impl(text), tokens);
    }
    let blocking_text = send_blocking(docs, &model.success, typed, &response_ty);
    if let Some(text) = &blocking_text {
        let tokens = printed(in_impl(send_blocking_method(
            &doc_attrs(docs),
            &response_ty,
            &blocking_body,
        )));
        prop_assert_eq!(text_in_impl(text), tokens);
    }
    Ok((send_text.is_some(), blocking_text.is_some()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// `send` and `send_blocking` print as through tokens: every success
    /// kind, with and without an error enum, response types of every length
    /// around the margin (the signature on one line or broken).
    #[test]
    fn send_methods_print_as_through_tokens(
        success in success(),
        typed in any::<bool>(),
        enum_name in "[A-Z][A-Za-z0-9]{0,90}",
        docs in docs(),
        names in prop::collection::vec("[A-Z][A-Za-z0-9]{0,90}", 4),
    ) {
        check_send(success, typed, &enum_name, &docs, &names)?;
    }
}

/// The `send` methods of ordinary requests (no error enum; a response type
/// of a usual length, or one long enough to break the signature) take the
/// text path, else it would save nothing.
#[test]
fn ordinary_send_methods_take_the_text_path() {
    let _text_path = hold_text_path();
    for name in ["ListMeetingsResponse", "PerformBatchRegistrationResponse"] {
        let names = vec![name.to_string()];
        for success in [
            Success::Single(BodyKind::Empty),
            Success::Single(BodyKind::Text),
            Success::Single(BodyKind::Raw),
            Success::Single(BodyKind::Json(None)),
            Success::Single(BodyKind::Json(Some(TypeRef::Named(TypeId(0))))),
            Success::Enum(Vec::new()),
        ] {
            let taken = check_send(success.clone(), false, name, "Sends the request.", &names);
            assert_eq!(taken.ok(), Some((true, true)), "{success:?} {name}");
            // With an error enum: `send` but for a success enum's, whose
            // call does not fit its line before `.typed(..)`.
            let (send, _) = check_send(success.clone(), true, name, "Sends.", &names).unwrap();
            assert_eq!(
                send,
                !matches!(success, Success::Enum(_)),
                "{success:?} {name}"
            );
        }
    }
}

/// A multipart part: input name, key, value type, required, content type,
/// file part naming no file (`None`: a text part).
type MultipartPart = (
    String,
    String,
    ValueType,
    bool,
    Option<String>,
    Option<bool>,
);

/// An operation whose body is a multipart form of `parts` (name, key,
/// value type, required, content type, file part naming no file), taking
/// fields by name (`form_field`) or not.
fn multipart(
    parts: &[MultipartPart],
    extra: bool,
    boundary: Option<String>,
    declared_content_type: Option<String>,
) -> (BodyPlan, OperationModel) {
    let mut inputs: Vec<Input> = parts
        .iter()
        .map(|(name, _, value, required, _, file)| Input {
            required: *required,
            ..input(
                name,
                false,
                if file.is_some() {
                    ValueType::Files
                } else {
                    value.clone()
                },
            )
        })
        .collect();
    if extra {
        inputs.push(input("form_field", false, ValueType::Pairs));
    }
    let fields = parts
        .iter()
        .enumerate()
        .map(|(index, (_, key, _, _, content_type, file))| FormPart {
            key: key.clone(),
            input: index,
            content_type: content_type.clone(),
            file: *file,
            srcs: Vec::new(),
            text: None,
            disabled: false,
        })
        .collect();
    let plan = BodyPlan::Multipart {
        boundary,
        declared_content_type,
        fields,
        extra: extra.then_some(parts.len()),
    };
    let model = OperationModel {
        builder: "Builder".to_string(),
        response_enum: None,
        error_enum: None,
        inputs,
        plan: Vec::new(),
        success: Success::Single(BodyKind::Empty),
        errors: Vec::new(),
        successes: Vec::new(),
    };
    (plan, model)
}

/// A body's statements printed in the block they go in (`request`'s
/// `if !self.extra.replaces_body()`).
fn printed_body(plan: &BodyPlan, model: &OperationModel) -> String {
    let statements = body_fn_statements(plan, model).finish();
    printed(in_impl(quote! {
        fn request(self) {
            if !self.extra.replaces_body() {
                #(#statements)*
            }
        }
    }))
}

fn multipart_part() -> impl Strategy<Value = MultipartPart> {
    (
        name(),
        prop_oneof!["[a-z_]{1,20}", "[ -~]{0,70}", "\\PC{0,10}"],
        value_type(),
        any::<bool>(),
        prop::option::of(prop_oneof!["[a-z]{1,10}/[a-z]{1,10}", "[ -~]{0,60}"]),
        prop::option::weighted(0.2, any::<bool>()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A multipart body's statements print the same with the text path on
    /// and with every shape through tokens: text parts optional and
    /// required, typed and text, with fields by name or not, keys and
    /// content types of every length and with escapes, file parts between.
    #[test]
    fn multipart_bodies_print_as_through_tokens(
        parts in prop::collection::vec(multipart_part(), 0..6),
        extra in any::<bool>(),
        boundary in prop::option::of("[ -~]{1,70}"),
        declared in prop::option::of("[ -~]{1,70}"),
    ) {
        let _text_path = hold_text_path();
        let (plan, model) = multipart(&parts, extra, boundary, declared);
        let text = printed_body(&plan, &model);
        let tokens = {
            let _tokens_only = TokensOnly::new();
            printed_body(&plan, &model)
        };
        prop_assert_eq!(text, tokens);
    }
}

/// An ordinary multipart body (Zoom's: text parts with short keys, fields by
/// name) is all text, else it would save nothing.
#[test]
fn ordinary_multipart_bodies_are_text() {
    let _text_path = hold_text_path();
    let parts: Vec<_> = [
        ("tsp_provider", ValueType::String, false),
        (
            "enable",
            ValueType::Scalar(TypeRef::Primitive(Primitive::Bool)),
            false,
        ),
        ("leader_pin", ValueType::String, true),
        (
            "settings",
            ValueType::Json(TypeRef::Primitive(Primitive::Value)),
            true,
        ),
    ]
    .into_iter()
    .map(|(name, value, required)| {
        (
            name.to_string(),
            name.to_string(),
            value,
            required,
            None,
            None,
        )
    })
    .collect();
    for extra in [false, true] {
        let (plan, model) = multipart(&parts, extra, None, Some("multipart/form-data".to_string()));
        assert!(
            body_fn_statements(&plan, &model).into_text().is_ok(),
            "{extra}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A urlencoded form's statements print the same with the text path on
    /// and with every shape through tokens; with several required fields
    /// and fields by name, the one `all_required_unless_given` call in each
    /// of its layouts.
    #[test]
    fn urlencoded_bodies_print_as_through_tokens(
        parts in prop::collection::vec(multipart_part(), 0..8),
        required in prop::collection::vec(any::<bool>(), 8),
        extra in any::<bool>(),
        declared in prop::option::of("[ -~]{1,70}"),
    ) {
        let _text_path = hold_text_path();
        // Text fields only, most of them required.
        let parts: Vec<MultipartPart> = parts
            .into_iter()
            .zip(required)
            .map(|((name, key, value, _, _, _), required)| (name, key, value, required, None, None))
            .collect();
        let (plan, model) = multipart(&parts, extra, None, declared);
        let BodyPlan::Multipart { declared_content_type, fields, extra, .. } = plan else {
            unreachable!("a multipart plan");
        };
        let plan = BodyPlan::UrlEncoded {
            content_type: "application/x-www-form-urlencoded".to_string(),
            declared_content_type,
            fields,
            extra,
        };
        let text = printed_body(&plan, &model);
        let tokens = {
            let _tokens_only = TokensOnly::new();
            printed_body(&plan, &model)
        };
        prop_assert_eq!(text, tokens);
    }
}

/// A urlencoded form of required text fields `(name, key)` taking fields by
/// name, printed with the text path on and off; whether its statements were
/// all text.
fn required_form_both_ways(fields: &[(String, String)]) -> (String, String, bool) {
    let parts: Vec<MultipartPart> = fields
        .iter()
        .map(|(name, key)| {
            (
                name.clone(),
                key.clone(),
                ValueType::String,
                true,
                None,
                None,
            )
        })
        .collect();
    let (plan, model) = multipart(&parts, true, None, None);
    let BodyPlan::Multipart { fields, extra, .. } = plan else {
        unreachable!("a multipart plan");
    };
    let plan = BodyPlan::UrlEncoded {
        content_type: "application/x-www-form-urlencoded".to_string(),
        declared_content_type: None,
        fields,
        extra,
    };
    let all_text = body_fn_statements(&plan, &model).into_text().is_ok();
    let text = printed_body(&plan, &model);
    let _tokens_only = TokensOnly::new();
    (text, printed_body(&plan, &model), all_text)
}

/// `all_required_unless_given` in every layout, at every length around
/// each margin (the whole call, the table on one line, a row on one line,
/// a row's element): a name or key one character longer at a time.
#[test]
fn all_required_layouts_at_every_length() {
    let _text_path = hold_text_path();
    let mut text_taken = 0;
    for count in [2, 4] {
        for length in 1..=80 {
            let long = "a".repeat(length);
            for (name, key) in [
                (long.clone(), "k".to_string()),
                ("n".to_string(), long.clone()),
            ] {
                let mut fields = vec![(name, key)];
                fields.extend((1..count).map(|index| (format!("f{index}"), format!("k{index}"))));
                let (text, tokens, all_text) = required_form_both_ways(&fields);
                assert_eq!(text, tokens, "{fields:?}");
                text_taken += usize::from(all_text);
            }
        }
    }
    // Every one: a name's `self.name.is_some()` past the margin is broken
    // before each dot, a key's literal printed past it.
    assert_eq!(text_taken, 2 * 80 * 2);
}

/// A urlencoded form of optional fields `(name, key, value type)`, printed
/// with the text path on and off; whether its statements were all text.
fn optional_form_both_ways(fields: &[(String, String, ValueType)]) -> (String, String, bool) {
    let parts: Vec<MultipartPart> = fields
        .iter()
        .map(|(name, key, value)| (name.clone(), key.clone(), value.clone(), false, None, None))
        .collect();
    let (plan, model) = multipart(&parts, false, None, None);
    let BodyPlan::Multipart { fields, extra, .. } = plan else {
        unreachable!("a multipart plan");
    };
    let plan = BodyPlan::UrlEncoded {
        content_type: "application/x-www-form-urlencoded".to_string(),
        declared_content_type: None,
        fields,
        extra,
    };
    let all_text = body_fn_statements(&plan, &model).into_text().is_ok();
    let text = printed_body(&plan, &model);
    let _tokens_only = TokensOnly::new();
    (text, printed_body(&plan, &model), all_text)
}

/// A form row's value in every layout prettyplease gives it, at every
/// length around each margin: `self.name` and `runtime::text(&self.name)`
/// on the row's line, on a line of their own (up to a column past the
/// margin, the comma not counted), broken before the dot or after `(`, with
/// keys short and past the margin; every one of them as text.
#[test]
fn form_rows_in_every_layout_at_every_length() {
    let _text_path = hold_text_path();
    let text = ValueType::Scalar(TypeRef::Primitive(Primitive::Bool));
    let mut layouts = std::collections::BTreeSet::new();
    for length in 1..=100 {
        let name = "a".repeat(length);
        for key in ["k".to_string(), "k".repeat(80)] {
            for value in [ValueType::String, text.clone()] {
                let fields = vec![
                    (name.clone(), key.clone(), value.clone()),
                    ("short".to_string(), "short".to_string(), value),
                ];
                let (text, tokens, all_text) = optional_form_both_ways(&fields);
                assert_eq!(text, tokens, "{fields:?}");
                assert!(all_text, "{fields:?}");
                // The shape of the first row's value: the lines after its key.
                let shape: Vec<String> = text
                    .lines()
                    .skip_while(|line| !line.trim_start().starts_with("\"k"))
                    .skip(1)
                    .take_while(|line| line.trim() != "),")
                    .map(|line| line.replace(&name, "NAME"))
                    .collect();
                layouts.insert(shape.join("|"));
            }
        }
    }
    // Each value on its line, `self` broken, `runtime::text(` broken with
    // its argument on a line and broken in turn (up to the call's `),`).
    assert!(
        layouts
            .iter()
            .any(|shape| shape.ends_with("self.NAME,") && !shape.contains('|')),
        "{layouts:#?}"
    );
    assert!(
        layouts.contains("                    self|                        .NAME,"),
        "{layouts:#?}"
    );
    assert!(
        layouts.contains("                    runtime::text(|                        &self.NAME,"),
        "{layouts:#?}"
    );
    assert!(
        layouts.contains(
            "                    runtime::text(|                        &self|                            .NAME,"
        ),
        "{layouts:#?}"
    );
}

/// Setters, builder structs and their `new` with a field's name of every
/// length up to past the margin take the text path and print as through
/// tokens: `self.name = Some(..)` broken after `Some(` and then before the
/// dot, a field's `Option<..>` broken inside its `<>`, a `name: None` past
/// the margin, a setter's name past it.
#[test]
fn long_names_take_the_text_path_at_every_length() {
    let _text_path = hold_text_path();
    let names = vec!["CreateCustomerRequestShippingAddress".to_string()];
    let table = TypeTable::default();
    let paths = TypePaths::new(&table, &names);
    let values = [
        ValueType::String,
        ValueType::Scalar(TypeRef::Primitive(Primitive::Bool)),
        ValueType::Json(TypeRef::Named(TypeId(0))),
    ];
    let mut layouts = std::collections::BTreeSet::new();
    for length in 1..=100 {
        let name = "a".repeat(length);
        for value in &values {
            let input = input(&name, false, value.clone());
            assert!(
                check_setter(&input, "Docs.", &names).expect("same"),
                "{input:?}"
            );
            let setter = setter(&input, "", &paths).expect("text");
            let statement: Vec<String> = setter
                .lines()
                .skip_while(|line| !line.ends_with("-> Self {"))
                .skip(1)
                .map(|line| line.replace(&name, "NAME"))
                .collect();
            layouts.insert(statement.join("|"));
            let inputs = vec![input.clone(), self::input("short", false, value.clone())];
            let ident = format_ident!("Builder");
            let text = super::builder_struct("Builder", "Docs.", &inputs, &paths).expect("text");
            let tokens = printed(builder_struct(&ident, doc_attrs("Docs."), &inputs, &paths));
            assert_eq!(text, tokens, "{inputs:?}");
            let text = super::builder_new("Builder", &inputs).expect("text");
            let tokens = printed(in_impl(builder_new(&ident, &inputs)));
            assert_eq!(text_in_impl(&text), tokens, "{inputs:?}");
        }
    }
    for layout in [
        "        self.NAME = Some(value);|        self|    }",
        "        self.NAME = Some(|            value.into(),|        );|        self|    }",
        "        self|            .NAME = Some(|            value,|        );|        self|    }",
    ] {
        assert!(layouts.contains(layout), "{layout}\n{layouts:#?}");
    }
}

/// An accessor laid out as text and the same text through syn and
/// prettyplease; whether the text path took it.
fn check_accessor(
    method: &str,
    arguments: &[Input],
    names: &[String],
    access: [TokenStream; 3],
    builder: &str,
    docs: &str,
) -> Result<bool, TestCaseError> {
    let table = TypeTable::default();
    let paths = TypePaths::new(&table, names);
    let arguments: Vec<&Input> = arguments.iter().collect();
    let [path, client, lifetime] = &access;
    let accessor = accessor_text(
        method,
        &arguments,
        &paths,
        [path, client, lifetime],
        builder,
    );
    let Some(text) = super::accessor(docs, &accessor) else {
        return Ok(false);
    };
    let tokens = printed(in_impl(accessor_tokens(doc_attrs(docs), &accessor)));
    prop_assert_eq!(text_in_impl(&text), tokens);
    Ok(true)
}

/// The two ways a module reaches its builders: a folder's handle
/// (`self.client`, `'a`) and the client's own impl (`operations::`, `self`,
/// `'_`).
fn access(root: bool) -> [TokenStream; 3] {
    if root {
        [quote!(operations::), quote!(self), quote!('_)]
    } else {
        [quote!(), quote!(self.client), quote!('a)]
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Accessors print the same laid out as text as through syn and
    /// prettyplease: names and builder names short and past the margin,
    /// up to nine arguments (`#[allow(clippy::too_many_arguments)]` past
    /// six), text and typed (`#[inline]` when none takes text), from a
    /// folder's handle or the client.
    #[test]
    fn accessors_print_as_through_tokens(
        method in name(),
        builder in "[A-Z][A-Za-z0-9]{0,80}",
        arguments in prop::collection::vec((name(), prop_oneof![
            Just(ValueType::String),
            Just(ValueType::Scalar(TypeRef::Primitive(Primitive::I64))),
            (0..4usize).prop_map(|id| ValueType::Enum(TypeRef::Named(TypeId(id)))),
        ]), 0..9),
        names in prop::collection::vec(type_name(), 4),
        root in any::<bool>(),
        docs in docs(),
    ) {
        let arguments: Vec<Input> = arguments
            .iter()
            .map(|(name, value)| input(name, true, value.clone()))
            .collect();
        check_accessor(&method, &arguments, &names, access(root), &builder, &docs)?;
    }
}

/// Accessors of the usual lengths take the text path, with a path argument
/// or several, from a folder or the client.
#[test]
fn ordinary_accessors_take_the_text_path() {
    let _text_path = hold_text_path();
    let names = vec!["Action".to_string()];
    let one = vec![input("meeting_id", true, ValueType::String)];
    let many: Vec<Input> = (0..8)
        .map(|index| input(&format!("argument_{index}"), true, ValueType::String))
        .collect();
    let typed = vec![input(
        "action",
        true,
        ValueType::Enum(TypeRef::Named(TypeId(0))),
    )];
    for root in [false, true] {
        for arguments in [&[][..], &one, &many, &typed] {
            assert!(
                check_accessor(
                    "list_meeting_registrants",
                    arguments,
                    &names,
                    access(root),
                    "ListMeetingRegistrants",
                    "Lists."
                )
                .expect("same"),
                "{arguments:?} {root}"
            );
        }
    }
}

/// An example's argument is text when it is a literal or a path (an enum's
/// variant), and not when it is anything else (a struct literal, a call).
#[test]
fn example_arguments_are_text_when_literals_or_paths() {
    assert_eq!(
        literal_or_path_text(&quote!(types::Action::Upgrade)).as_deref(),
        Some("types::Action::Upgrade")
    );
    assert_eq!(literal_or_path_text(&quote!(-1.5)).as_deref(), Some("-1.5"));
    assert_eq!(
        literal_or_path_text(&quote!("a b")).as_deref(),
        Some("\"a b\"")
    );
    assert_eq!(
        literal_or_path_text(&quote!(r#type::r#async)).as_deref(),
        Some("r#type::r#async")
    );
    for tokens in [
        quote!(types::Foo { a: 1 }),
        quote!(Default::default()),
        quote!(types::),
        quote!(::types::Foo),
        quote!(vec![1]),
        quote!(a.b),
    ] {
        assert_eq!(literal_or_path_text(&tokens), None, "{tokens}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// `request.query(..)` and `request.header(..)` statements print the
    /// same as text as through tokens: keys and names short and past the
    /// margin, every value type, required or not (the call on its line,
    /// on the next, or broken after `(`).
    #[test]
    fn request_method_calls_print_as_through_tokens(
        key in prop_oneof!["[a-z_]{1,20}", "[ -~]{0,100}"],
        name in name(),
        value in value_type(),
        required in any::<bool>(),
        header in any::<bool>(),
    ) {
        let input = Input { required, ..input(&name, false, value) };
        let method = if header { "header" } else { "query" };
        let method_ident = format_ident!("{}", method);
        let value_tokens = super::super::request::optional_text(&input);
        let tokens = body_statements(quote!(request.#method_ident(#key, #value_tokens);));
        let mut statements = Statements::new(BODY);
        statements.method_call("request", method, &[literal(&key), optional_text(&input)], || {
            quote!(not_text();)
        });
        if let Ok(text) = statements.into_text() {
            prop_assert_eq!(text, tokens);
        }
    }
}

/// A query parameter whose statement does not fit its line takes the text
/// path in each layout: the call on the next line, and broken after `(`.
#[test]
fn request_method_calls_past_the_margin_take_the_text_path() {
    let _text_path = hold_text_path();
    let mut layouts = std::collections::BTreeSet::new();
    for length in 1..=90 {
        let name = "a".repeat(length);
        let input = input(
            &name,
            false,
            ValueType::Scalar(TypeRef::Primitive(Primitive::Bool)),
        );
        let value_tokens = super::super::request::optional_text(&input);
        let key = "k".repeat(length);
        let tokens = body_statements(quote!(request.query(#key, #value_tokens);));
        let mut statements = Statements::new(BODY);
        statements.method_call(
            "request",
            "query",
            &[literal(&key), optional_text(&input)],
            || quote!(not_text();),
        );
        let text = statements.into_text().expect("text");
        assert_eq!(text, tokens, "{length}");
        layouts.insert(text.lines().count());
    }
    // One line, two (the call on the next), five (broken after `(`), seven
    // (the value broken after its `(`) and eight (and its argument before
    // the dot).
    assert_eq!(layouts, [1, 2, 5, 7, 8].into_iter().collect());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A doc example's chain of calls prints the same as text as through
    /// tokens: setters' names and values short and past the margin (a call
    /// broken after its `(`), several arguments, async or blocking.
    #[test]
    fn doc_example_chains_print_as_through_tokens(
        calls in prop::collection::vec(
            (name(), prop::collection::vec(prop_oneof![
                "[ -~]{0,90}".prop_map(|text| literal(&text)),
                (0..i64::MAX).prop_map(|number| number.to_string()),
                "[A-Z][a-z]{0,40}".prop_map(|variant| format!("types::Action::{variant}")),
            ], 0..3)),
            0..6,
        ),
        asynchronous in any::<bool>(),
        print_response in any::<bool>(),
    ) {
        let calls: Vec<ExampleCall> = calls
            .into_iter()
            .map(|(name, arguments)| (format!(".{}", ident(&name)), arguments))
            .collect();
        let Some(text) = doc_example(
            asynchronous,
            "client: &test_client::Client",
            &[],
            &calls,
            print_response,
            None,
        ) else {
            return Ok(());
        };
        let chain: Vec<TokenStream> = calls
            .iter()
            .map(|(name, arguments)| {
                let source = format!("{name}({})", arguments.join(", "));
                source.parse().expect("a call")
            })
            .collect();
        let send = if asynchronous { quote!(.send().await?) } else { quote!(.send_blocking()?) };
        let body = if print_response {
            quote! {
                let response = client #(#chain)* #send;
                println!("{:?}", response.into_inner());
            }
        } else {
            quote!(client #(#chain)* #send;)
        };
        let interface = if asynchronous {
            crate::emit::Interface::Async
        } else {
            crate::emit::Interface::Blocking
        };
        let tokens = super::super::super::example::doc_example(
            interface,
            &[],
            quote!(client: &test_client::Client),
            body,
        )
        .expect("prints");
        prop_assert_eq!(text, tokens);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Pagination methods laid out as text print as the same text through
    /// syn and prettyplease: every page rule, its values short and past the
    /// margin, response and item types short and long, with items or not.
    #[test]
    fn paging_methods_print_as_through_tokens(
        rule in 0..4usize,
        values in prop::collection::vec("[ -~]{0,80}", 3),
        page in type_name(),
        item in prop::option::of((type_name(), "[a-z_]{0,70}")),
    ) {
        let fields: Vec<(&str, String)> = match rule {
            0 => vec![("field", literal(&values[0])), ("query", literal(&values[1]))],
            1 => vec![
                ("query", literal(&values[0])),
                ("field", literal(&values[1])),
                ("count", literal(&values[2])),
            ],
            2 => vec![
                ("query", literal(&values[0])),
                ("has_more", literal(&values[1])),
                ("items", literal(&values[2])),
            ],
            _ => Vec::new(),
        };
        let name = ["Cursor", "PageNumber", "StartingAfter", "LinkHeader"][rule];
        let mut paging = Paging::new(PagingRule::new(name, &fields));
        let page = format_ident!("{}", page);
        paging.method("Pages.".to_string(), ("async", "pages", "Pages"), &quote!(types::#page), None);
        paging.method(
            "Pages, blocking.".to_string(),
            ("blocking", "pages_blocking", "PagesBlocking"),
            &quote!(types::#page),
            None,
        );
        if let Some((item, field)) = &item {
            let item = format_ident!("{}", item);
            paging.method(
                "Items.".to_string(),
                ("async", "items", "Items"),
                &quote!(types::#item),
                Some(literal(field)),
            );
        }
        if let Some(text) = super::paging(&paging) {
            let tokens = printed(in_impl(paging_tokens(&paging)));
            prop_assert_eq!(text_in_impl(&text), tokens);
        }
    }
}

/// Pagination of every rule, with Zoom's names, takes the text path.
#[test]
fn ordinary_paging_takes_the_text_path() {
    let _text_path = hold_text_path();
    for (name, fields) in [
        (
            "Cursor",
            vec![
                ("field", "\"next_page_token\""),
                ("query", "\"next_page_token\""),
            ],
        ),
        (
            "PageNumber",
            vec![
                ("query", "\"page_number\""),
                ("field", "\"page_number\""),
                ("count", "\"page_count\""),
            ],
        ),
        ("LinkHeader", Vec::new()),
    ] {
        let fields: Vec<(&str, String)> = fields
            .into_iter()
            .map(|(field, value)| (field, value.to_string()))
            .collect();
        let mut paging = Paging::new(PagingRule::new(name, &fields));
        paging.method(
            "Items.".to_string(),
            ("blocking", "items_blocking", "ItemsBlocking"),
            &quote!(types::ListMeetingsResponseMeeting),
            Some("\"meetings\"".to_string()),
        );
        let text = super::paging(&paging).expect("text");
        assert_eq!(
            text_in_impl(&text),
            printed(in_impl(paging_tokens(&paging))),
            "{name}"
        );
    }
}

/// A folder handle's accessor laid out as text, against the tokens it was
/// built from before it had one description (the oracle), printed through
/// syn and prettyplease; `Ok(true)` when the text path was taken. The
/// token path (`accessor_tokens` of the same text) is held to the oracle too.
fn check_handle_accessor(
    method: &str,
    modules: &[String],
    handle: &str,
    client: TokenStream,
    lifetime: TokenStream,
    docs: &str,
) -> Result<bool, TestCaseError> {
    let modules: Vec<_> = modules.iter().map(|module| ident(module)).collect();
    let module_path = quote!(crate #(::#modules)*);
    let method_ident = ident(method);
    let handle_ident = format_ident!("{}", handle);
    let doc_tokens = doc_attrs(docs);
    let oracle = printed(in_impl(quote! {
        #doc_tokens
        pub fn #method_ident(&self) -> #module_path::#handle_ident<#lifetime> {
            #module_path::#handle_ident::new(#client)
        }
    }));
    let accessor = handle_accessor_text(method, &module_path, handle, &client, &lifetime);
    prop_assert_eq!(
        printed(in_impl(accessor_tokens(doc_attrs(docs), &accessor))),
        oracle.clone()
    );
    let Some(text) = super::accessor(docs, &accessor) else {
        return Ok(false);
    };
    prop_assert_eq!(text_in_impl(&text), oracle);
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Folder handles' accessors print the same as text as through the
    /// tokens they had: names, modules and handles short and past the
    /// margin, from the client (`self`, `'_`) or a folder (`self.client`,
    /// `'a`).
    #[test]
    fn handle_accessors_print_as_through_tokens(
        method in name(),
        modules in prop::collection::vec("[a-z][a-z0-9_]{0,40}", 0..3),
        handle in "[A-Z][A-Za-z0-9]{0,80}",
        root in any::<bool>(),
        docs in docs(),
    ) {
        let (client, lifetime) = match root {
            true => (quote!(self), quote!('_)),
            false => (quote!(self.client), quote!('a)),
        };
        check_handle_accessor(&method, &modules, &handle, client, lifetime, &docs)?;
    }
}

/// Handle accessors of the usual lengths take the text path, on one line
/// or with `&self` on a line of its own.
#[test]
fn ordinary_handle_accessors_take_the_text_path() {
    let _text_path = hold_text_path();
    for (method, handle) in [
        ("accounts", "Accounts"),
        (
            "billing_meter_event_adjustments",
            "BillingMeterEventAdjustments",
        ),
    ] {
        let modules = vec![method.to_string()];
        assert!(
            check_handle_accessor(
                method,
                &modules,
                handle,
                quote!(self),
                quote!('_),
                "Requests under `/v1`."
            )
            .expect("same"),
            "{method}"
        );
    }
}
