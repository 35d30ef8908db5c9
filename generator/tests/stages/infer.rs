//! Snapshots of the inferred types, rendered as Rust-like source: for both
//! collections in `collections/`, and for the fixtures in
//! `tests/fixtures/infer/` (snapshots beside each fixture), each of which pins one rule of
//! `docs/type-inference.md` (the fixture's description says which).
//! Review changes with `cargo insta review`.

use postman_codegen::unstable::infer::{infer, render_api_types, TypeStats};

fn rendered(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).expect("fixture is readable");
    let api = postman_codegen::unstable::load_api(&bytes).expect("fixture lowers");
    let table = infer(&api);
    assert_eq!(table.operations.len(), api.operations.len());
    format!(
        "// {}\n\n{}",
        TypeStats::of(&table),
        render_api_types(&api, &table)
    )
}

#[test]
fn inferred_types_of_each_repository_collection() {
    // The repository's collections: the product's and the test-only ones
    // (snapshot names are the file names, whichever directory).
    for dir in ["../../../collections", "../../../tests/collections"] {
        insta::glob!(dir, "*.postman_collection.json", |path| {
            insta::assert_snapshot!(rendered(path));
        });
    }
}

/// Beside each fixture: `x.postman_collection.json` →
/// `inferred_types_of_each_rule_fixture@x.postman_collection.json.snap`.
#[test]
fn inferred_types_of_each_rule_fixture() {
    insta::with_settings!({snapshot_path => "../fixtures/infer", prepend_module_to_snapshot => false}, {
        insta::glob!("../fixtures/infer", "*.postman_collection.json", |path| {
            insta::assert_snapshot!(rendered(path));
        });
    });
}
