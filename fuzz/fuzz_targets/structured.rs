//! Structure-aware fuzzing: libFuzzer's bytes decode (through `arbitrary`)
//! into a [`CollectionModel`], which renders to the JSON of a mostly valid
//! collection with hostile names, odd nesting, every body mode, both auth
//! shapes and saved responses with out-of-range numbers; that JSON then goes
//! through the same checks as the `pipeline` target.

#![no_main]

use libfuzzer_sys::fuzz_target;
use postman_codegen_fuzz::model::CollectionModel;

fuzz_target!(|model: CollectionModel| {
    postman_codegen_fuzz::check_pipeline(&model.render());
});
