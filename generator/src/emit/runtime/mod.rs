//! The runtime module every generated crate carries (`src/runtime/`): real
//! Rust source kept next to this file as `*.rs.in`, validated and formatted
//! like the generated code before it is written out.

use crate::diagnostics::Error;

use super::rust::format_source;
use super::CrateFiles;

/// The runtime's files: name in `src/runtime/` and source.
const FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("mod.rs.in")),
    ("auth.rs", include_str!("auth.rs.in")),
    ("body.rs", include_str!("body.rs.in")),
    ("core.rs", include_str!("core.rs.in")),
    ("encode.rs", include_str!("encode.rs.in")),
    ("error.rs", include_str!("error.rs.in")),
    ("request.rs", include_str!("request.rs.in")),
    ("response.rs", include_str!("response.rs.in")),
    ("retry.rs", include_str!("retry.rs.in")),
];

/// Adds `src/runtime/*.rs` to `files`.
pub fn emit(files: &mut CrateFiles) -> Result<(), Error> {
    for (name, source) in FILES {
        let path = format!("src/runtime/{name}");
        let formatted = format_source(&path, source)?;
        files.insert(path, formatted);
    }
    Ok(())
}
