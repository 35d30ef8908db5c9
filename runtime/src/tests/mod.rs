//! Unit tests of the runtime that stay in this crate: generated crates get
//! the modules of `src/runtime/` only, not these.

mod source;
