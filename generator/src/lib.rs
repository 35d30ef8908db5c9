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
//! use postman_codegen::{Generator, Input, RuntimeLayout};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let collection = "collections/webex-meetings.postman_collection.json";
//!     println!("cargo:rerun-if-changed={collection}");
//!     let generated = Generator::builder()
//!         .collection(Input::path(collection).environment_file("collections/webex.postman_environment.json"))
//!         .runtime(RuntimeLayout::Module) // one module carries its runtime inside it
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
//! The stages are private to this crate: [`Generator`] runs them all and is
//! the one door to them (with [`GeneratedCrate`], [`Report`] and the types
//! their methods take and give). See `docs/ARCHITECTURE.md` for the stages and
//! for where each Postman feature is handled.

// The stages are crate-private: their types are free to change between
// releases. Callers use the items re-exported below; the workspace's own
// tools reach the stages through `unstable`.
mod collection;
mod diagnostics;
mod diff;
mod dynamic_variables;
mod emit;
mod example_values;
mod generate;
mod generator;
mod infer;
mod inline;
mod ir;
mod locate;
mod lower;
mod name_lock;
mod names;
mod output;
mod report;
mod script_scan;
mod settings;
mod synthetic;
#[cfg(test)]
mod test_random;

pub use collection::{load_environment, Environment, VariableDef};
pub use diagnostics::render::{diagnostic_json, render_diagnostic};
pub use diagnostics::{Diagnostic, Error, Severity};
pub use emit::{CrateFiles, Interface, MetadataError, PackageMetadata, RuntimeLayout};
pub use generator::{
    GeneratedCrate, Generator, GeneratorBuilder, GeneratorError, Input, InputError,
};
pub use ir::VariableUse;
pub use output::{OutputError, Stale, StaleReason, SyncReport, WriteReport};
pub use report::{ApiReport, Report, RequiredCredential, RequiredVariable};

/// The crate's own unit tests load collections with `crate::load_api`.
#[cfg(test)]
pub(crate) use unstable::load_api;

/// The stages and their data, for the tools of this workspace only: the
/// `postman-codegen` command, `cargo xtask`, the benches, the fuzz targets and
/// the tests.
///
/// **No semver promise**: anything here may change or go in any release,
/// patch releases included. Build on [`Generator`] instead; if it lacks
/// something you need, please open an issue.
#[doc(hidden)]
pub mod unstable {
    /// Postman collection JSON → typed model (stage 1).
    pub mod collection {
        pub use crate::collection::*;
    }
    /// API changes between two versions of a collection, and the version bump.
    pub mod diff {
        pub use crate::diff::*;
    }
    /// IR + types → crate files (stage 4).
    pub mod emit {
        pub use crate::emit::*;
    }
    /// The stages for a set of collections, without the [`Generator`](crate::Generator)'s files and report.
    pub mod generate {
        pub use crate::generate::*;
    }
    /// Types from examples (stage 3).
    pub mod infer {
        pub use crate::infer::*;
    }
    /// The intermediate representation.
    pub mod ir {
        pub use crate::ir::*;
    }
    /// JSON paths → line and column.
    pub mod locate {
        pub use crate::locate::*;
    }
    /// Collection model → IR (stage 2).
    pub mod lower {
        pub use crate::lower::*;
    }
    /// The names a crate records so the next generation keeps them.
    pub mod name_lock {
        pub use crate::name_lock::*;
    }
    /// Writing, syncing and checking a generated directory.
    pub mod output {
        pub use crate::output::*;
    }
    /// The run report.
    pub mod report {
        pub use crate::report::*;
    }
    /// The lexical reading of Postman scripts (docs and the scripts survey).
    pub mod script_scan {
        pub use crate::script_scan::*;
    }
    /// `postman-codegen.toml`.
    pub mod settings {
        pub use crate::settings::*;
    }
    /// Synthetic collections for benchmarks, fuzzing and property tests.
    pub mod synthetic {
        pub use crate::synthetic::*;
    }

    /// Parses and lowers a collection from its bytes: the first two stages.
    pub fn load_api(bytes: &[u8]) -> Result<crate::ir::Api, crate::Error> {
        let collection = crate::collection::load(bytes)?;
        crate::lower::lower(&collection)
    }
}
