//! Raw bytes through the whole pipeline: `load_api` → `infer` → `emit_crate`,
//! and every emitted `.rs` file must parse with `syn` (see
//! [`postman_codegen_fuzz::check_pipeline`]). Seeded with the repository's
//! collections and test fixtures (see `fuzz/README.md`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    postman_codegen_fuzz::check_pipeline(bytes);
});
