//! Support code for the `postman-codegen` fuzz targets.
//!
//! [`check_pipeline`] runs the whole generator on one input and asserts what
//! must hold for every input; [`model`] describes collections structurally so
//! the `structured` target mutates valid collections instead of raw bytes.

#![forbid(unsafe_code)]

pub mod model;

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateOptions};
use postman_codegen::unstable::ir::Api;
use postman_codegen::Severity;

/// Runs `load_api` → `infer` → `emit_crate` on `bytes` and panics (a crash,
/// for libFuzzer) when an invariant breaks:
///
/// - no stage panics;
/// - a refused input is refused with an error diagnostic;
/// - operation names are unique, valid, non-keyword identifiers;
/// - emission either succeeds or returns an error diagnostic that is not
///   `emit-invalid-rust` (the emitter's own "this is a generator bug");
/// - every emitted path can be written: no component is longer than 255
///   bytes, the usual file-name limit;
/// - every emitted `.rs` file parses with `syn`.
pub fn check_pipeline(bytes: &[u8]) {
    let api = match postman_codegen::unstable::load_api(bytes) {
        Ok(api) => api,
        Err(err) => {
            assert_refusal(&err, "load_api");
            return;
        }
    };
    check_names(&api);
    let types = postman_codegen::unstable::infer::infer(&api);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    let options = CrateOptions::new("fuzz-client", "0.1.0");
    let files = match emit_crate(&[input], &options) {
        Ok(files) => files,
        Err(err) => {
            assert_refusal(&err, "emit_crate");
            assert_ne!(
                err.diagnostic().code,
                "emit-invalid-rust",
                "the emitter produced invalid Rust: {err}"
            );
            return;
        }
    };
    for (path, text) in &files {
        assert!(
            path.split('/').all(|part| part.len() <= MAX_FILE_NAME),
            "emitted path has a component longer than {MAX_FILE_NAME} bytes: {path}"
        );
        if path.ends_with(".rs") && !already_parsed(text) {
            if let Err(err) = syn::parse_file(text) {
                panic!("emitted {path} does not parse: {err}\n--- {path} ---\n{text}");
            }
        }
    }
}

/// The longest file name most file systems accept, in bytes.
pub const MAX_FILE_NAME: usize = 255;

/// How many parsed files [`already_parsed`] remembers before starting over.
const PARSED_CACHE_SIZE: usize = 4096;

thread_local! {
    /// Hashes of file texts that parsed: the runtime files (about 75 KB) are
    /// the same for every input, and parsing them again would take a third
    /// of each execution.
    static PARSED: RefCell<HashSet<u64>> = RefCell::new(HashSet::new());
}

/// True when this exact text parsed before; otherwise remembers it (the
/// caller parses it, and a failure ends the process).
fn already_parsed(text: &str) -> bool {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    let hash = hasher.finish();
    PARSED.with(|parsed| {
        let mut parsed = parsed.borrow_mut();
        if parsed.contains(&hash) {
            return true;
        }
        if parsed.len() >= PARSED_CACHE_SIZE {
            parsed.clear();
        }
        parsed.insert(hash);
        false
    })
}

/// A stage that refuses an input must say why with an error diagnostic.
fn assert_refusal(err: &postman_codegen::Error, stage: &str) {
    let diagnostic = err.diagnostic();
    assert_eq!(
        diagnostic.severity,
        Severity::Error,
        "{stage} refused with a non-error: {err}"
    );
    assert!(
        !diagnostic.code.is_empty(),
        "{stage} refused without a code: {err}"
    );
}

/// Operation names are unique across the API and each is an identifier that
/// `syn` accepts (so not a keyword); method names are too, within each group.
fn check_names(api: &Api) {
    let mut seen = BTreeSet::new();
    for op in &api.operations {
        assert!(
            syn::parse_str::<syn::Ident>(&op.name).is_ok(),
            "operation name {:?} is not an identifier",
            op.name
        );
        assert!(
            syn::parse_str::<syn::Ident>(&op.method_name).is_ok(),
            "method name {:?} is not an identifier",
            op.method_name
        );
        assert!(
            seen.insert(op.name.as_str()),
            "operation name {:?} is used twice",
            op.name
        );
    }
    for group in &api.groups {
        let mut methods = BTreeSet::new();
        for &index in &group.operations {
            let name = &api[index].method_name;
            assert!(
                methods.insert(name.as_str()),
                "method name {name:?} is used twice in group {:?}",
                group.name
            );
        }
    }
}
