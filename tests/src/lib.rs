//! Integration tests live in `tests/tests/`.
//!
//! The repository's README is included below as documentation, so that
//! `cargo test --workspace` compiles each of its Rust examples as a doc test
//! against the real `postman_codegen` and `generated_client` crates (this
//! crate's dev-dependencies). A README example that stops compiling fails the
//! test suite.

/// The repository's `README.md`; its Rust code blocks are doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct Readme;

/// `docs/scripts.md`; its Rust code blocks (a `before_send` hook doing what a
/// signing pre-request script did) are doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/scripts.md")]
pub struct ScriptsDoc;
