//! `postman-codegen`: typed Rust API clients from Postman collections.
//!
//! The pipeline runs one way, one module per stage:
//!
//! ```text
//! bytes ──collection::load──▶ Collection ──lower──▶ ir::Api ──infer──▶ ir::TypeTable
//!                                                      │                     │
//!                                                      └────────emit─────────┴──▶ crate files
//! ```
//!
//! See `docs/ARCHITECTURE.md` for where each Postman feature is handled.

pub mod collection;
pub mod diagnostics;
pub mod emit;
pub mod generate;
pub mod infer;
pub mod ir;
pub mod lower;
pub mod names;
pub mod output;

pub use diagnostics::{Diagnostic, Error, Severity};

/// Parses and lowers a collection from its bytes: the first two stages.
pub fn load_api(bytes: &[u8]) -> Result<ir::Api, Error> {
    let collection = collection::load(bytes)?;
    lower::lower(&collection)
}
