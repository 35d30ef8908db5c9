//! One IR snapshot and one emitted-code snapshot per fixture collection in
//! `tests/fixtures/infer/`, each fixture named for the behaviour it pins, so a
//! change anywhere in the pipeline shows up as a reviewable diff
//! (`cargo insta review`). The snapshots sit beside the fixture they pin
//! (`x.postman_collection.json` → `ir@x.postman_collection.json.snap`,
//! `emitted@...`). The shared runtime is snapshotted once, in `emit.rs`, not
//! per fixture.

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateOptions};

#[test]
fn ir_and_emitted_code_of_each_fixture() {
    insta::with_settings!({snapshot_path => "../fixtures/infer", prepend_module_to_snapshot => false}, {
    insta::glob!("../fixtures/infer", "*.postman_collection.json", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let api = postman_codegen::unstable::load_api(&bytes).expect("fixture lowers");
        insta::assert_json_snapshot!("ir", api);
        let types = postman_codegen::unstable::infer::infer(&api);
        let input = ApiInput {
            api: &api,
            types: &types,
            module: "api",
        };
        let files = emit_crate(&[input], &CrateOptions::new("fixture-client", "0.1.0"))
            .expect("fixture emits");
        let code: String = files
            .iter()
            .filter(|(name, _)| name.ends_with(".rs") && !crate::is_vendored_runtime(name))
            .map(|(name, text)| format!("==> {name}\n{text}\n"))
            .collect();
        insta::assert_snapshot!("emitted", code);
    });
    });
}
