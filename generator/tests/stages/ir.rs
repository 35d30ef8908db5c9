//! Snapshots of the lowered IR of every collection in `collections/`, so a
//! change in lowering shows up as a reviewable diff (`cargo insta review`).

#[test]
fn ir_of_each_repository_collection() {
    // The repository's collections: the product's and the test-only ones
    // (snapshot names are the file names, whichever directory).
    for dir in ["../../../collections", "../../../tests/collections"] {
        insta::glob!(dir, "*.postman_collection.json", |path| {
            let bytes = std::fs::read(path).unwrap();
            let api = postman_codegen::unstable::load_api(&bytes).unwrap();
            insta::assert_json_snapshot!(api);
        });
    }
}
