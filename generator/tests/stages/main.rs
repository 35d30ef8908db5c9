//! Snapshots of each stage, one test binary over the same inputs: the
//! collections in `collections/` (lowered IR, inferred types, emitted files;
//! snapshots in `snapshots/`) and the rule fixtures in `fixtures/infer/`
//! (IR, inferred types and emitted code, each snapshot beside its fixture).
//! Review changes with `cargo insta review`, or rerun with
//! `INSTA_UPDATE=always` and read the diff.

mod emit;
mod fixtures;
mod infer;
mod ir;

/// Whether `file` of a generated crate is the vendored runtime, the same
/// text in every crate (`runtime/src/` of the runtime's own package, or
/// `src/runtime/` where it is a module), rather than code generated from the
/// collection: the runtime crate's `response_headers.rs` is the collection's.
pub fn is_vendored_runtime(file: &str) -> bool {
    let in_runtime_crate =
        file.starts_with("runtime/src/") && file != "runtime/src/response_headers.rs";
    in_runtime_crate || file.starts_with("src/runtime/")
}
