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
