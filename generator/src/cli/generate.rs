//! `postman-codegen generate`: collections in, a client crate out.

use std::fmt::Write;
use std::path::PathBuf;

use postman_codegen::generate::{generate_crate, GenerateOptions, Generated, Source};
use postman_codegen::output::write_crate_atomically;
use postman_codegen::Severity;

use super::{plural, read_input, render, Failure, Output};

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Postman collection files (v2.0 or v2.1 JSON); each becomes a module named
    /// after the file (`zoom-registrants.postman_collection.json` → `zoom`).
    #[arg(required = true, value_name = "COLLECTION")]
    collections: Vec<PathBuf>,
    /// The directory to write the crate to. It is replaced as a whole, and only
    /// if it is empty, missing, or was generated before (see --force).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// The package name. Default: the collection's name in kebab-case for one
    /// collection (`Zoom API` → `zoom-api`), `generated-client` for several.
    #[arg(long, value_name = "NAME", value_parser = parse_crate_name)]
    crate_name: Option<String>,
    /// Overwrite --out even if it is a non-empty directory that postman-codegen
    /// did not generate (everything in it is deleted).
    #[arg(long)]
    force: bool,
}

/// Runs `generate`.
pub(crate) fn run(args: &Args, out: &mut Output) -> Result<(), Failure> {
    let sources = args
        .collections
        .iter()
        .map(|path| {
            Ok(Source {
                name: path.display().to_string(),
                bytes: read_input(path)?,
            })
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let options = GenerateOptions {
        crate_name: args.crate_name.clone(),
        version: None,
    };
    let generated = generate_crate(&sources, &options).map_err(|err| {
        let source = err.source_index.and_then(|i| sources.get(i));
        Failure::input(render::diagnostic(
            err.diagnostic(),
            source.map(|s| s.name.as_str()),
            source.map(|s| s.bytes.as_slice()),
        ))
    })?;
    let report = write_crate_atomically(&args.out, &generated.files, args.force)
        .map_err(|err| Failure::input(format!("error: {err}")))?;

    let mut warnings = String::new();
    for (index, diagnostic) in generated.diagnostics() {
        if diagnostic.severity >= Severity::Warning {
            let source = &sources[index];
            warnings.push_str(&render::diagnostic(
                diagnostic,
                Some(&source.name),
                Some(&source.bytes),
            ));
        }
    }
    if !warnings.is_empty() {
        out.err(&warnings);
    }
    for warning in &report.warnings {
        out.err(&format!("warning: {warning}"));
    }
    out.out(&summary(&generated, &args.out, report.files_written));
    Ok(())
}

/// The lines printed after a successful run.
fn summary(generated: &Generated, dir: &std::path::Path, files: usize) -> String {
    let mut text = String::new();
    for api in &generated.apis {
        let _ = writeln!(
            text,
            "{}: {}, {} (from {})",
            api.module,
            plural(api.api.operations.len(), "operation"),
            plural(api.types.defs.len(), "type"),
            api.source
        );
    }
    let _ = writeln!(
        text,
        "wrote crate `{}` to {} ({})",
        generated.crate_name,
        dir.display(),
        plural(files, "file")
    );
    let warnings = generated.count_at_least(Severity::Warning);
    let notes = generated.count_at_least(Severity::Note) - warnings;
    let _ = write!(
        text,
        "{warnings} warning{}",
        if warnings == 1 { "" } else { "s" }
    );
    if notes > 0 {
        let _ = write!(
            text,
            ", {notes} note{} (see `postman-codegen inspect`)",
            if notes == 1 { "" } else { "s" }
        );
    }
    text.push('\n');
    text
}

/// Accepts valid Cargo package names: ASCII letters, digits, `-` and `_`,
/// starting with a letter.
fn parse_crate_name(name: &str) -> Result<String, String> {
    let valid_start = name.starts_with(|c: char| c.is_ascii_alphabetic());
    let valid_chars = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid_start && valid_chars {
        Ok(name.to_string())
    } else {
        Err(
            "a crate name is ASCII letters, digits, `-` and `_`, and starts with a letter"
                .to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_checked() {
        assert!(parse_crate_name("zoom-api").is_ok());
        assert!(parse_crate_name("zoom_api2").is_ok());
        for bad in ["", "2fa", "-x", "a b", "zoom.api", "é"] {
            assert!(parse_crate_name(bad).is_err(), "{bad}");
        }
    }
}
