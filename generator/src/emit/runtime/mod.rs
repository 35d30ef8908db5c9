//! The runtime module every generated crate carries (`src/runtime/`): real
//! Rust source kept next to this file as `*.rs.in`, validated and formatted
//! like the generated code before it is written out.

use std::sync::OnceLock;

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
    ("hooks.rs", include_str!("hooks.rs.in")),
    ("overrides.rs", include_str!("overrides.rs.in")),
    ("pagination.rs", include_str!("pagination.rs.in")),
    ("request.rs", include_str!("request.rs.in")),
    ("response.rs", include_str!("response.rs.in")),
    ("retry.rs", include_str!("retry.rs.in")),
    ("stream.rs", include_str!("stream.rs.in")),
    ("trace.rs", include_str!("trace.rs.in")),
    ("transport.rs", include_str!("transport.rs.in")),
];

/// Adds `src/runtime/*.rs` to `files`.
///
/// The runtime is the same for every crate, so it is parsed and printed once
/// per process: a build script or a test generating many crates pays for it
/// once, not per crate.
pub fn emit(files: &mut CrateFiles) -> Result<(), Error> {
    static FORMATTED: OnceLock<Result<Vec<(String, String)>, Error>> = OnceLock::new();
    let formatted = FORMATTED.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, source)| {
                let path = format!("src/runtime/{name}");
                let text = format_source(&path, source)?;
                Ok((path, text))
            })
            .collect()
    });
    for (path, text) in formatted.as_ref().map_err(Clone::clone)? {
        files.insert(path.clone(), text.clone());
    }
    Ok(())
}
