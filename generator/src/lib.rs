//! `postman-codegen`: typed Rust API clients from Postman collections.
//!
//! # Generating a client
//!
//! [`Generator`] is the front door, for build scripts, tools and the
//! `postman-codegen` CLI alike: give it collections ([`Input`]: a path, JSON
//! text or bytes, each with its module name, Postman environment, variable
//! values and name overrides by item id), then take the [`GeneratedCrate`] as
//! files, token streams, a single module for `include!`, or a directory.
//!
//! ```no_run
//! // build.rs
//! use postman_codegen::{Generator, Input};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let collection = "collections/webex-meetings.postman_collection.json";
//!     println!("cargo:rerun-if-changed={collection}");
//!     let generated = Generator::builder()
//!         .collection(Input::path(collection).environment_file("collections/webex.postman_environment.json"))
//!         .build()?
//!         .generate()?;
//!     let out = std::path::Path::new(&std::env::var("OUT_DIR")?).join("webex.rs");
//!     generated.write_module(&out, "webex")?; // then, in lib.rs: include!(concat!(env!("OUT_DIR"), "/webex.rs"));
//!     Ok(())
//! }
//! ```
//!
//! The [`Report`] says what was made of each collection: operations, types,
//! the default base URL, the configuration the client still needs (secrets,
//! whose values never enter generated code, and variables without a value), and
//! the diagnostics, each with its JSON path, line and column.
//!
//! # The pipeline
//!
//! The stages run one way, one module per stage:
//!
//! ```text
//! bytes ──collection::load──▶ Collection ──lower──▶ ir::Api ──infer──▶ ir::TypeTable
//!                                                      │                     │
//!                                                      └────────emit─────────┴──▶ crate files
//! ```
//!
//! [`generate::generate_crate`] runs them all for a set of collections; the
//! [`Generator`] adds files, environments, settings and the report on top. See
//! `docs/ARCHITECTURE.md` for where each Postman feature is handled.

pub mod collection;
pub mod diagnostics;
pub mod diff;
pub mod dynamic_variables;
pub mod emit;
pub mod generate;
pub mod generator;
pub mod infer;
mod inline;
pub mod ir;
pub mod locate;
pub mod lower;
pub mod name_lock;
pub mod names;
pub mod output;
pub mod report;
pub mod settings;

pub use diagnostics::{Diagnostic, Error, Severity};
pub use emit::{Interface, PackageMetadata};
pub use generator::{GeneratedCrate, Generator, GeneratorBuilder, GeneratorError, Input};
pub use report::Report;

/// Parses and lowers a collection from its bytes: the first two stages.
pub fn load_api(bytes: &[u8]) -> Result<ir::Api, Error> {
    let collection = collection::load(bytes)?;
    lower::lower(&collection)
}
