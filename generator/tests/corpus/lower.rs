//! Lowers every collection in `../shared/corpus/` (never copied into this repo).
//!
//! Each file must either lower with exactly one operation per request item
//! that Postman could send, or fail with one of the intended diagnostics. The
//! request items are counted here straight from the JSON, independently of the
//! parser, with Postman's rule: an element is a folder iff its `item` is truthy.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus_dirs() -> Option<Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !root.is_dir() {
        println!("notice: {} is absent; corpus test skipped", root.display());
        return None;
    }
    Some(vec![root.join("files"), root.join("converted")])
}

fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

fn count_requests(items: &Value) -> usize {
    items
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|i| i.is_object())
                .map(|i| {
                    if truthy(i.get("item")) {
                        count_requests(&i["item"])
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Diagnostics that intentionally stop a whole file.
const INTENDED_ERRORS: &[&str] = &[
    "v1-collection",
    "not-a-collection",
    "invalid-json",
    "invalid-shape",
    "nesting-too-deep",
];

#[test]
fn every_corpus_collection_lowers_or_fails_with_an_intended_diagnostic() {
    let Some(dirs) = corpus_dirs() else { return };
    let (mut lowered, mut refused, mut operations, mut skipped_items) = (0, 0, 0, 0);
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files
            .into_iter()
            .filter(|f| f.extension().is_some_and(|e| e == "json"))
        {
            let bytes = std::fs::read(&file).unwrap();
            match postman_codegen::unstable::load_api(&bytes) {
                Ok(api) => {
                    let doc: Value = serde_json::from_slice(
                        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes),
                    )
                    .unwrap();
                    // A v1 collection holds what Postman's converter makes of it.
                    let doc = if postman_codegen::unstable::collection::v1::is_v1(&doc) {
                        postman_codegen::unstable::collection::v1::to_v2(&doc)
                    } else {
                        doc
                    };
                    let doc = if doc.get("item").is_none() && doc.get("collection").is_some() {
                        &doc["collection"]
                    } else {
                        &doc
                    };
                    let requests = count_requests(&doc["item"]);
                    let empty = api
                        .diagnostics
                        .iter()
                        .filter(|d| d.code == "empty-url")
                        .count();
                    assert_eq!(
                        api.operations.len() + empty,
                        requests,
                        "{}: every request item is an operation or an `empty-url` diagnostic",
                        file.display()
                    );
                    lowered += 1;
                    operations += api.operations.len();
                    skipped_items += empty;
                }
                Err(err) => {
                    let code = err.diagnostic().code;
                    assert!(
                        INTENDED_ERRORS.contains(&code),
                        "{}: unexpected error {err}",
                        file.display()
                    );
                    println!("refused {}: {}", file.display(), err);
                    refused += 1;
                }
            }
        }
    }
    println!("corpus: {lowered} lowered ({operations} operations, {skipped_items} items without URL), {refused} refused");
    assert!(lowered > 0);
}
