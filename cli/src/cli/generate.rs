//! `postman-codegen generate`: collections in, a client crate out.

use std::path::{Path, PathBuf};

use postman_codegen::{
    GeneratedCrate, Generator, GeneratorError, Input, Interface, RuntimeLayout, Severity,
};
use serde_json::json;

use super::style::{Palette, Progress};
use super::{plural, Failure, Output};

/// `generate --help` ends with these.
const AFTER_HELP: &str = "\
Examples:
  postman-codegen generate collections/zoom-registrants.postman_collection.json --out zoom-client
  postman-codegen generate zoom.postman_collection.json webex.postman_collection.json \\
      --out client --crate-name my-client
  postman-codegen generate zoom.postman_collection.json --out zoom-client \\
      --environment zoom.postman_environment.json --var baseUrl=https://api.zoom.us/v2
  postman-codegen generate zoom.postman_collection.json --out zoom-client \\
      --message-format json --deny-warnings
  postman-codegen generate zoom.postman_collection.json --out zoom-client \\
      --interface blocking --derive Eq --derive Hash \\
      --license MIT --repository https://github.com/me/zoom-client --keyword zoom

Exit codes:
  0  the crate was written (warnings included, unless --deny-warnings)
  1  an input could not be read or turned into a crate, or the output not written
  2  usage error
  3  the crate was written, but there were warnings and --deny-warnings was given";

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum MessageFormat {
    /// For people: warnings with an excerpt of the file on stderr, a summary on stdout.
    Human,
    /// For tools: one JSON object per line on stdout, each diagnostic (notes
    /// included) and then a summary (`"type": "diagnostic"` / `"summary"`).
    Json,
}

/// `--interface`: which request method the crate offers by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InterfaceArg {
    /// `send().await` (the `async` feature, on Tokio); `send_blocking()` with the `blocking` feature.
    Async,
    /// `send_blocking()` (the `blocking` feature), with no async runtime to set up; `send()` with the `async` feature.
    Blocking,
    /// Both features on by default.
    Both,
}

impl From<InterfaceArg> for Interface {
    fn from(arg: InterfaceArg) -> Self {
        match arg {
            InterfaceArg::Async => Interface::Async,
            InterfaceArg::Blocking => Interface::Blocking,
            InterfaceArg::Both => Interface::Both,
        }
    }
}

/// `--runtime`: where the crate carries its runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum RuntimeArg {
    /// A package of its own, `runtime/` beside the crate's `src/` (a path
    /// dependency): Cargo compiles it once, not with every build of the
    /// generated code.
    Crate,
    /// A private module, `src/runtime/`: one package.
    Module,
}

impl From<RuntimeArg> for RuntimeLayout {
    fn from(arg: RuntimeArg) -> Self {
        match arg {
            RuntimeArg::Crate => RuntimeLayout::Crate,
            RuntimeArg::Module => RuntimeLayout::Module,
        }
    }
}

/// Arguments of `generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// Postman collection files (v2.0 or v2.1 JSON); each becomes a module named
    /// after the file (`zoom-registrants.postman_collection.json` → `zoom`).
    #[arg(required = true, value_name = "COLLECTION")]
    collections: Vec<PathBuf>,
    /// The directory to write the crate to. It is replaced as a whole, and only
    /// if it is empty, missing, or was generated before (see --force).
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// The package name. Default: the --out directory's name when it is a
    /// valid package name (as `cargo new` does), else the collection's name
    /// in kebab-case for one collection (`Zoom API` → `zoom-api`) and
    /// `generated-client` for several.
    #[arg(long, value_name = "NAME", value_parser = parse_crate_name)]
    crate_name: Option<String>,
    /// The generated package's version (default 0.1.0). Not to be confused
    /// with `postman-codegen --version`, the tool's own.
    #[arg(long, value_name = "X.Y.Z", help_heading = "Package")]
    crate_version: Option<String>,
    /// The old spelling of --crate-version: still accepted, with a warning.
    #[arg(
        long = "version",
        value_name = "X.Y.Z",
        hide = true,
        conflicts_with = "crate_version"
    )]
    deprecated_version: Option<String>,
    /// The package's SPDX license expression (default `MIT OR Apache-2.0`).
    #[arg(long, value_name = "SPDX", help_heading = "Package")]
    license: Option<String>,
    /// The package description (default: "Typed client for <the collections'
    /// names>, generated from Postman collections").
    #[arg(long, value_name = "TEXT", help_heading = "Package")]
    description: Option<String>,
    /// The package's repository URL.
    #[arg(long, value_name = "URL", help_heading = "Package")]
    repository: Option<String>,
    /// The package's home page URL.
    #[arg(long, value_name = "URL", help_heading = "Package")]
    homepage: Option<String>,
    /// The package's documentation URL.
    #[arg(long, value_name = "URL", help_heading = "Package")]
    documentation: Option<String>,
    /// A package author (`Name <email>`). May be repeated.
    #[arg(long = "author", value_name = "AUTHOR", help_heading = "Package")]
    authors: Vec<String>,
    /// A crates.io keyword (at most 5; letters, digits, `-`, `_`). May be repeated.
    #[arg(long = "keyword", value_name = "KEYWORD", help_heading = "Package")]
    keywords: Vec<String>,
    /// A crates.io category slug (at most 5), such as `api-bindings`. May be repeated.
    #[arg(long = "category", value_name = "SLUG", help_heading = "Package")]
    categories: Vec<String>,
    /// The request method the crate offers by default (its default Cargo
    /// features); the other stays available behind its feature.
    #[arg(long, value_enum, value_name = "INTERFACE", default_value_t = InterfaceArg::Async)]
    interface: InterfaceArg,
    /// Where the crate carries its runtime (errors, encoding, auth, retries).
    #[arg(long, value_enum, value_name = "LAYOUT", default_value_t = RuntimeArg::Crate)]
    runtime: RuntimeArg,
    /// An extra derive for every generated struct and enum (`Eq`,
    /// `schemars::JsonSchema`); types that cannot have it (`Eq` with an `f64`
    /// inside) are left out, with a warning. May be repeated.
    #[arg(long = "derive", value_name = "PATH", value_parser = parse_derive_path)]
    derives: Vec<String>,
    /// A Postman environment export whose values become the generated client's
    /// defaults (the base URL, for instance). Secret values are never copied
    /// into the code. May be repeated; later files win.
    #[arg(long, short, value_name = "FILE")]
    environment: Vec<PathBuf>,
    /// A variable's value, as in an environment; wins over environment files.
    /// May be repeated.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    vars: Vec<(String, String)>,
    /// Renames a request's method (and the types named after it) by its
    /// Postman item id (the item's `id` in the collection JSON), as the
    /// settings file's `names` table does; the name is taken as written. An
    /// id that matches no request is a warning. May be repeated.
    #[arg(long = "rename", value_name = "ITEM_ID=NAME", value_parser = parse_var)]
    renames: Vec<(String, String)>,
    /// How to print diagnostics and the summary.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Exit with code 3 when there are warnings (the crate is still written).
    #[arg(long)]
    deny_warnings: bool,
    /// Overwrite --out even if it is a non-empty directory that postman-codegen
    /// did not generate (everything in it is deleted).
    #[arg(long)]
    force: bool,
    /// Write nothing; exit with code 1 and list the files when --out differs
    /// from what would be generated (changed, missing or extra files).
    #[arg(long, conflicts_with = "force")]
    check: bool,
    /// Print only warnings and errors: no notes, no summary, no progress.
    #[arg(long, short, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every diagnostic, notes included, instead of one of each kind
    /// with a count of the rest.
    #[arg(long, short)]
    verbose: bool,
}

/// Diagnostics of one code shown without --verbose.
const SHOWN_PER_CODE: usize = 1;

/// Runs `generate`.
pub(crate) fn run(args: &Args, out: &mut Output) -> Result<(), Failure> {
    let json = args.message_format == MessageFormat::Json;
    let stderr_palette = Palette::stderr();
    let fail = |error: GeneratorError, out: &mut Output| {
        if json {
            out.out(&format!("{}\n", error.to_json()));
            Failure::input("error: no crate was generated (see the JSON messages on stdout)")
        } else {
            Failure::input(error.to_string())
        }
    };
    let mut builder = Generator::builder()
        .collections(args.collections.iter().map(Input::path))
        .keep_names_of(&args.out);
    if let Some(name) = args
        .crate_name
        .clone()
        .or_else(|| out_dir_crate_name(&args.out))
    {
        builder = builder.crate_name(name);
    }
    if args.deprecated_version.is_some() {
        out.err(&format!(
            "{}: `generate --version` is deprecated: it sets the generated package's version; \
             use `--crate-version` (`postman-codegen --version` prints the tool's version)",
            stderr_palette.diagnostics("warning")
        ));
    }
    if let Some(version) = args
        .crate_version
        .as_ref()
        .or(args.deprecated_version.as_ref())
    {
        builder = builder.version(version);
    }
    if let Some(license) = &args.license {
        builder = builder.license(license);
    }
    if let Some(description) = &args.description {
        builder = builder.description(description);
    }
    if let Some(url) = &args.repository {
        builder = builder.repository(url);
    }
    if let Some(url) = &args.homepage {
        builder = builder.homepage(url);
    }
    if let Some(url) = &args.documentation {
        builder = builder.documentation(url);
    }
    builder = builder
        .authors(&args.authors)
        .keywords(&args.keywords)
        .categories(&args.categories)
        .interface(args.interface.into())
        .runtime(args.runtime.into());
    for derive in &args.derives {
        builder = builder.derive(derive);
    }
    for environment in &args.environment {
        builder = builder.environment_file(environment);
    }
    for (name, value) in &args.vars {
        builder = builder.var(name, value);
    }
    for (item_id, name) in &args.renames {
        builder = builder.name_override(item_id, name);
    }
    let mut progress = Progress::start(
        format!(
            "generating a crate from {}",
            plural(args.collections.len(), "collection")
        ),
        !json && !args.quiet,
    );
    // `--check` compares the files with --out, so it keeps them; otherwise
    // each file is written (staged) as soon as it is finished, so the crate
    // is never whole in memory, and moved into place once all are.
    let generated = builder.build().and_then(|generator| {
        if args.check {
            generator.generate().map(|generated| (generated, None))
        } else {
            generator
                .generate_to(&args.out, args.force)
                .map(|(generated, written)| (generated, Some(written)))
        }
    });
    progress.finish();
    let (generated, written) = match generated {
        Ok(generated) => generated,
        Err(error) => return Err(fail(error, out)),
    };
    // The process ends when this command returns: the crate's model and
    // files are left to the operating system to reclaim, not freed piece
    // by piece (on Stripe, about 8 M instructions on the one thread that
    // runs after the last file is written).
    let generated = std::mem::ManuallyDrop::new(generated);
    let report = generated.report();
    if json {
        for diagnostic in generated.diagnostics_json() {
            out.out(&format!("{diagnostic}\n"));
        }
    } else {
        let min = if args.quiet {
            Severity::Warning
        } else {
            Severity::Note
        };
        let per_code = if args.verbose {
            usize::MAX
        } else {
            SHOWN_PER_CODE
        };
        let (text, left_out) = generated.render_diagnostics_collapsed(min, per_code);
        if !text.is_empty() {
            out.err(&stderr_palette.diagnostics(&text));
        }
        if left_out > 0 {
            out.err(&format!(
                "({} not shown; --verbose shows every one)",
                plural(left_out, "more diagnostic")
            ));
        }
    }
    let Some(written) = written else {
        return check(&generated, args, out);
    };
    let written = match written {
        Ok(written) => written,
        Err(error) => return Err(fail(error, out)),
    };
    for warning in &written.warnings {
        out.err(&format!("warning: {warning}"));
    }
    if json {
        let mut summary = report.to_json();
        summary["dir"] = json!(args.out.display().to_string());
        summary["files_written"] = json!(written.files_written);
        out.out(&format!("{summary}\n"));
    } else if !args.quiet {
        out.out(&format!(
            "{}\nwrote crate `{}` to {} ({})\n",
            Palette::stdout().summary(&report.to_string()),
            generated.crate_name(),
            args.out.display(),
            plural(written.files_written, "file")
        ));
    }
    let warnings = report.count(Severity::Warning);
    if args.deny_warnings && warnings > 0 {
        return Err(Failure::warnings_denied(format!(
            "error: {} and --deny-warnings was given (the crate was written)",
            plural(warnings, "warning")
        )));
    }
    Ok(())
}

/// `generate --check`: compares --out with what would be written.
fn check(generated: &GeneratedCrate, args: &Args, out: &mut Output) -> Result<(), Failure> {
    let stale = generated
        .check(&args.out)
        .map_err(|error| Failure::input(error.to_string()))?;
    if stale.is_empty() {
        if !args.quiet {
            out.out(&format!(
                "{} is up to date (crate `{}`)\n",
                args.out.display(),
                generated.crate_name()
            ));
        }
        return Ok(());
    }
    let mut text = format!(
        "error: {} differs from what `generate` would write ({}):\n",
        args.out.display(),
        plural(stale.len(), "file")
    );
    for file in &stale {
        text.push_str(&format!("  {file}\n"));
    }
    text.push_str("run the same command without --check to regenerate it");
    Err(Failure::input(text))
}

/// The default package name from `--out`, as `cargo new` takes it from the
/// directory: two crates in one workspace live in different directories, so
/// their default names never collide. `None` when the name is not a valid
/// package name (`.`, `2fa`).
fn out_dir_crate_name(out: &Path) -> Option<String> {
    let name = out.file_name()?.to_str()?;
    parse_crate_name(name).ok()
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

/// A derive macro path (`Eq`, `schemars::JsonSchema`).
fn parse_derive_path(text: &str) -> Result<String, String> {
    postman_codegen::unstable::emit::parse_derive(text).map(|_| text.trim().to_string())
}

/// `NAME=VALUE` (the value may contain `=` and may be empty).
pub(crate) fn parse_var(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err("expected NAME=VALUE, such as baseUrl=https://api.example.com".to_string()),
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

    #[test]
    fn vars_are_name_equals_value() {
        assert_eq!(
            parse_var("baseUrl=https://x/?a=b"),
            Ok(("baseUrl".to_string(), "https://x/?a=b".to_string()))
        );
        assert_eq!(
            parse_var("empty="),
            Ok(("empty".to_string(), String::new()))
        );
        for bad in ["", "=x", "novalue"] {
            assert!(parse_var(bad).is_err(), "{bad}");
        }
    }
}
