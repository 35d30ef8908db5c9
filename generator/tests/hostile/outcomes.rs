//! A catalogue of hostile collections, each with the outcome it must have:
//! a clean result or a clear diagnostic, never a panic or a stack overflow.
//!
//! Every entry runs the whole pipeline that exists in the library
//! (`load_api` → `infer` → `emit_crate`), and the emitted Rust must parse.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateOptions};
use postman_codegen::unstable::ir::Api;
use serde_json::Value;

use super::catalogue::{bytes, catalogue, request, wrap, Expect};

fn generate(api: &Api) -> postman_codegen::unstable::emit::CrateFiles {
    let types = postman_codegen::unstable::infer::infer(api);
    let input = ApiInput {
        api,
        types: &types,
        module: "api",
    };
    let options = CrateOptions::new("hostile-client", "0.1.0");
    emit_crate(&[input], &options).unwrap_or_else(|err| panic!("emission failed: {err}"))
}

#[test]
fn every_hostile_collection_has_its_expected_outcome() {
    // Deep recursion in a debug build needs room; run the catalogue on a thread
    // with an ordinary 8 MiB stack, the size of a main thread.
    let handle = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            for (name, input, expect) in catalogue() {
                let result = postman_codegen::unstable::load_api(&input);
                match (&expect, result) {
                    (Expect::Generates, Ok(api)) => {
                        for (path, text) in generate(&api) {
                            if path.ends_with(".rs") {
                                syn::parse_file(&text).unwrap_or_else(|err| {
                                    panic!("{name}: {path} is not valid Rust: {err}")
                                });
                            }
                        }
                    }
                    (Expect::Refused(code), Err(err)) => {
                        assert_eq!(err.diagnostic().code, *code, "{name}: {err}")
                    }
                    (expect, Ok(_)) => panic!("{name}: expected {expect:?}, but it lowered"),
                    (expect, Err(err)) => panic!("{name}: expected {expect:?}, got {err}"),
                }
            }
        })
        .unwrap();
    handle.join().expect("the catalogue ran without panicking");
}

#[test]
fn a_hundred_thousand_requests_lower_in_bounded_time() {
    let items: Vec<Value> = (0..100_000)
        .map(|i| request(if i % 2 == 0 { "Get" } else { "List" }, "https://h/x/:id"))
        .collect();
    let input = bytes(&wrap(Value::Array(items)));
    let started = std::time::Instant::now();
    let api = postman_codegen::unstable::load_api(&input).unwrap();
    assert_eq!(api.operations.len(), 100_000);
    let mut names: Vec<&str> = api.operations.iter().map(|op| op.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 100_000, "operation names are unique");
    // A generous bound: catches quadratic behaviour (minutes), not noise.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}
