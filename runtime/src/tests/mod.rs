//! Unit tests of the runtime (`crate::runtime::tests`) that stay in this
//! crate: generated crates get the modules of `src/runtime/` only, not
//! these. They add to the tests inside the modules (which generated crates
//! do carry) what neither those nor the generated-crate tests in `tests/` pin.
//!
//! `cargo fmt` skips the `runtime` module and so these files; format them
//! with `rustfmt --edition 2021 runtime/src/tests/*.rs`.

mod builder_impls;
mod encode;
mod protocol_profile;
mod lenient;
mod oauth2_authorization_code;
mod object;
mod redact;
mod redirect;
mod request;
mod retry;
mod scripts;
mod source;
mod variables;
