//! Generates the Webex Meetings client from its Postman collection into
//! `OUT_DIR/webex.rs`, which `src/lib.rs` includes.

use std::env;
use std::path::PathBuf;
use std::process::ExitCode;

use postman_codegen::{Generator, Input, RuntimeLayout};

/// The collection, relative to this crate.
const COLLECTION: &str = "../../collections/webex-meetings.postman_collection.json";

fn main() -> ExitCode {
    println!("cargo:rerun-if-changed={COLLECTION}");
    match generate() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

fn generate() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let generated = Generator::builder()
        .collection(Input::path(manifest_dir.join(COLLECTION)))
        // One included module carries its runtime inside it.
        .runtime(RuntimeLayout::Module)
        .build()?
        .generate()?;
    for (_, warning) in generated.report().warnings() {
        println!("cargo:warning={}: {}", warning.code, warning.message);
    }
    let out = PathBuf::from(env::var("OUT_DIR")?).join("webex.rs");
    generated.write_module(out, "webex")?;
    Ok(())
}
