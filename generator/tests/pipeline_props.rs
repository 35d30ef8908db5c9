//! Properties of the whole pipeline (`load_api` → `infer` → `emit_crate`) on
//! arbitrary structured collections:
//!
//! - no stage panics, and a refusal is an error diagnostic;
//! - operation names are unique identifiers that `syn` accepts;
//! - every emitted path can be written (components of at most 255 bytes);
//! - every emitted `.rs` file parses with `syn`;
//! - the output is deterministic: the same bytes give the same files.
//!
//! The strategy is a compact cousin of the `structured` fuzz target's model
//! (`fuzz/src/model.rs`), drawing from the same pools of hostile names and
//! number literals and filling the same collection model, which writes the
//! JSON (`unstable::synthetic`): a tree of folders and requests with hostile names,
//! URL and header shapes, every body mode, both auth shapes and saved
//! responses with JSON bodies. Each property runs [`CASES`] cases so the
//! suite stays fast; the fuzz targets explore far more.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeSet;

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
use postman_codegen::unstable::synthetic::model::{
    Auth, AuthParams, Body, Collection, Entry, Folder, GraphQl, Info, Item, OrJson, Request,
    RequestItem, Response, Url,
};
use postman_codegen::unstable::synthetic::{HOSTILE_NAMES, NUMBER_LITERALS};
use postman_codegen::Severity;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::ValueTree;
use serde_json::{json, Value};

/// Cases per property: modest, so `cargo test` stays quick in debug builds.
const CASES: u32 = 64;

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(HOSTILE_NAMES).prop_map(String::from),
        2 => "[a-zA-Z][a-zA-Z0-9 _-]{0,10}",
        1 => any::<String>(),
        1 => (select(HOSTILE_NAMES), 1..60usize).prop_map(|(name, times)| name.repeat(times)),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => name().prop_map(Value::from),
        1 => name().prop_map(|n| Value::from(format!("{{{{{n}}}}}"))),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
    ]
}

/// JSON for bodies and examples: scalars, nested arrays and objects.
fn json_value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((name(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// JSON text, sometimes with a number no `f64`/`u64` holds, sometimes invalid.
fn json_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => json_value().prop_map(|v| v.to_string()),
        1 => (name(), select(NUMBER_LITERALS)).prop_map(|(k, n)| format!("{{{}: {n}, \"list\": [{n}]}}", Value::from(k))),
        1 => name(),
    ]
}

fn url() -> impl Strategy<Value = OrJson<Url>> {
    let segment = prop_oneof![
        3 => name(),
        1 => name().prop_map(|n| format!(":{n}")),
        1 => name().prop_map(|n| format!("{{{{{n}}}}}")),
    ];
    let host = select(vec![
        "https://api.example.com",
        "{{baseUrl}}",
        "http://h:8080",
        "",
        "h",
    ]);
    (
        host,
        prop::collection::vec(segment, 0..4),
        prop::collection::vec((name(), scalar()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(host, segments, query, as_object)| {
            if as_object {
                OrJson::Shaped(Url {
                    raw: Some(format!("{host}/{}", segments.join("/")).into()),
                    host: Some(host.split('.').collect::<Vec<_>>().into()),
                    path: Some(segments.into()),
                    query: query.into_iter().map(|(k, v)| Entry::new(k, v)).collect(),
                    ..Url::default()
                })
            } else {
                let query: Vec<String> = query
                    .iter()
                    .map(|(k, v)| {
                        format!("{k}={}", v.as_str().map_or(v.to_string(), str::to_string))
                    })
                    .collect();
                let mut text = format!("{host}/{}", segments.join("/"));
                if !query.is_empty() {
                    text = format!("{text}?{}", query.join("&"));
                }
                OrJson::Json(Value::from(text))
            }
        })
}

fn body() -> impl Strategy<Value = Body> {
    let form = prop::collection::vec(
        (name(), scalar(), select(vec!["text", "file", "odd"])),
        0..3,
    )
    .prop_map(|entries| {
        entries
            .into_iter()
            .map(|(key, value, kind)| Entry {
                kind: Some(kind.into()),
                src: Some("/tmp/f".into()),
                ..Entry::new(key, value)
            })
            .collect::<Vec<_>>()
    });
    let mode = select(vec![
        "raw",
        "urlencoded",
        "formdata",
        "file",
        "graphql",
        "RAW",
        "odd",
        "",
    ]);
    (
        mode,
        json_text(),
        select(vec!["json", "text", "xml", "JSON"]),
        form,
        any::<bool>(),
    )
        .prop_map(|(mode, raw, language, form, disabled)| {
            // Every member, whatever the mode: the loader must pick the right one.
            Body {
                mode: Some(mode.into()),
                disabled,
                raw: Some(raw.clone().into()),
                language: Some(language.into()),
                urlencoded: Some(OrJson::Shaped(form.clone())),
                formdata: Some(form),
                file: Some(json!({"src": "/tmp/upload.bin"})),
                graphql: Some(GraphQl {
                    query: Some("query Q { a }".into()),
                    variables: Some(raw.into()),
                    operation_name: None,
                }),
            }
        })
}

/// Auth in the v2.1 array shape or the v2.0 map shape, known or unknown type.
fn auth() -> impl Strategy<Value = Auth> {
    let kind = select(vec![
        "basic", "bearer", "apikey", "oauth2", "digest", "noauth", "awsv4", "unknown", "",
    ]);
    let key = select(vec![
        "username",
        "password",
        "token",
        "key",
        "value",
        "in",
        "accessToken",
    ]);
    (
        kind,
        prop::collection::vec((key, scalar()), 0..4),
        any::<bool>(),
    )
        .prop_map(|(kind, params, array)| Auth {
            kind: Some(kind.into()),
            params: if array {
                AuthParams::Array(
                    params
                        .into_iter()
                        .map(|(k, v)| Entry {
                            kind: Some("string".into()),
                            ..Entry::new(k, v)
                        })
                        .collect(),
                )
            } else {
                AuthParams::Map(
                    params
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v))
                        .collect(),
                )
            },
            member: None,
        })
}

fn response() -> impl Strategy<Value = Response> {
    (
        prop_oneof![(100u16..600).prop_map(Value::from), scalar()],
        json_text(),
        select(vec![
            "application/json",
            "text/plain",
            "application/problem+json",
        ]),
    )
        .prop_map(|(code, body, content_type)| Response {
            name: Some("example".into()),
            code: Some(code),
            headers: Some(OrJson::Shaped(vec![Entry::new(
                "Content-Type",
                content_type,
            )])),
            body: Some(body.into()),
            ..Response::default()
        })
}

fn request() -> impl Strategy<Value = Item> {
    let method = select(vec![
        "GET", "POST", "put", "DELETE", "PATCH", "PROPFIND", "", "a b",
    ]);
    let headers = prop::collection::vec((name(), scalar()), 0..3).prop_map(|headers| {
        headers
            .into_iter()
            .map(|(key, value)| Entry::new(key, value))
            .collect::<Vec<_>>()
    });
    (
        name(),
        method,
        url(),
        headers,
        prop::option::of(body()),
        prop::option::of(auth()),
        prop::collection::vec(response(), 0..3),
    )
        .prop_map(|(name, method, url, headers, body, auth, responses)| {
            Item::Request(Box::new(RequestItem {
                name: Some(name.into()),
                request: Some(OrJson::Shaped(Request {
                    method: Some(method.into()),
                    url: Some(url),
                    headers: Some(OrJson::Shaped(headers)),
                    body,
                    auth,
                    description: None,
                })),
                responses,
                ..RequestItem::default()
            }))
        })
}

/// Items: requests, and folders (with optional auth) nesting up to 4 deep.
fn items() -> impl Strategy<Value = Vec<Item>> {
    let item = request().prop_recursive(4, 24, 4, |inner| {
        (
            name(),
            prop::option::of(auth()),
            prop::collection::vec(inner, 0..4),
        )
            .prop_map(|(name, auth, items)| {
                Item::Folder(Box::new(Folder {
                    name: Some(name.into()),
                    auth,
                    items,
                    ..Folder::default()
                }))
            })
    });
    prop::collection::vec(item, 0..5)
}

fn collection() -> impl Strategy<Value = Vec<u8>> {
    (
        name(),
        select(vec!["v2.1.0", "v2.0.0", "none"]),
        prop::option::of(auth()),
        prop::collection::vec((name(), scalar()), 0..3),
        items(),
    )
        .prop_map(|(name, version, auth, variables, items)| {
            Collection {
                info: Info {
                    name: Some(name.into()),
                    schema: Some(
                        format!("https://schema.getpostman.com/json/collection/{version}/collection.json")
                            .into(),
                    ),
                    ..Info::default()
                },
                items,
                auth,
                variables: variables.into_iter().map(|(k, v)| Entry::new(k, v)).collect(),
                wrapped: false,
            }
            .to_bytes()
        })
}

/// The outcome of running the pipeline once.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// `load_api` refused the input with this code.
    Refused(&'static str),
    /// `emit_crate` refused with this code.
    NotEmitted(&'static str),
    /// The crate's files.
    Emitted(CrateFiles),
}

/// Runs the pipeline on `bytes`, checking the invariants that hold on the
/// way: refusals are errors, operation names are unique identifiers.
fn run(bytes: &[u8]) -> Result<Outcome, TestCaseError> {
    let api = match postman_codegen::unstable::load_api(bytes) {
        Ok(api) => api,
        Err(err) => {
            prop_assert_eq!(err.diagnostic().severity, Severity::Error);
            return Ok(Outcome::Refused(err.diagnostic().code));
        }
    };
    let mut names = BTreeSet::new();
    for op in &api.operations {
        prop_assert!(
            syn::parse_str::<syn::Ident>(&op.name).is_ok(),
            "operation name {:?} is not an identifier",
            op.name
        );
        prop_assert!(
            names.insert(op.name.as_str()),
            "operation name {:?} is used twice",
            op.name
        );
    }
    let types = postman_codegen::unstable::infer::infer(&api);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    match emit_crate(&[input], &CrateOptions::new("props-client", "0.1.0")) {
        Ok(files) => Ok(Outcome::Emitted(files)),
        Err(err) => {
            prop_assert_eq!(err.diagnostic().severity, Severity::Error);
            Ok(Outcome::NotEmitted(err.diagnostic().code))
        }
    }
}

/// Runs the pipeline and checks everything the properties promise; with
/// `twice`, runs it again and checks the output is the same.
fn check(bytes: &[u8], twice: bool) -> Result<Outcome, TestCaseError> {
    let first = run(bytes)?;
    match &first {
        Outcome::Refused(_) => {}
        Outcome::NotEmitted(code) => {
            prop_assert_ne!(
                *code,
                "emit-invalid-rust",
                "the emitter produced invalid Rust"
            )
        }
        Outcome::Emitted(files) => {
            for path in files.keys() {
                prop_assert!(
                    path.split('/').all(|part| part.len() <= 255),
                    "a component of {} is longer than a file name may be",
                    path
                );
            }
            for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
                if let Err(err) = syn::parse_file(text) {
                    return Err(TestCaseError::fail(format!(
                        "{path} does not parse: {err}\n{text}"
                    )));
                }
            }
        }
    }
    if twice {
        let second = run(bytes)?;
        prop_assert!(first == second, "two runs on the same input differ");
    }
    Ok(first)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    /// Structured collections: loaded, inferred and emitted into parseable,
    /// deterministic Rust with unique, valid operation names.
    #[test]
    fn structured_collections_generate_parseable_deterministic_rust(bytes in collection()) {
        check(&bytes, true)?;
    }

    /// Raw bytes and JSON that is not a collection: refused with a
    /// diagnostic or generated, never a panic.
    #[test]
    fn arbitrary_documents_never_panic(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..256),
            json_value().prop_map(|v| serde_json::to_vec(&json!({"info": {"name": "x"}, "item": v})).unwrap()),
        ]
    ) {
        check(&bytes, false)?;
    }
}

/// The strategy is worth its cases: most collections it makes lower to
/// operations (rather than being refused or empty).
#[test]
fn the_strategy_makes_collections_with_operations() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = collection();
    let mut with_operations = 0;
    for _ in 0..CASES {
        let bytes = strategy.new_tree(&mut runner).unwrap().current();
        let api = postman_codegen::unstable::load_api(&bytes).unwrap();
        if !api.operations.is_empty() {
            with_operations += 1;
        }
    }
    assert!(
        with_operations * 2 > CASES,
        "only {with_operations} of {CASES} have operations"
    );
}

/// The repository's collections generate crates whose Rust parses.
#[test]
fn repository_collections_generate_parseable_rust() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut seen = 0;
    let dirs = ["collections", "tests/collections"];
    for entry in dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(format!("{root}/{dir}")).unwrap())
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let outcome = check(&std::fs::read(&path).unwrap(), false).unwrap();
            assert!(
                matches!(outcome, Outcome::Emitted(_)),
                "{}: {outcome:?}",
                path.display()
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no collections in {dirs:?}");
}
