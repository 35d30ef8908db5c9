//! The whole pipeline for a set of collections: bytes → crate files.
//!
//! This is the one code path behind both `postman-codegen generate` and
//! `cargo xtask codegen`, so the checked-in `generated-client/` is exactly what
//! the CLI would produce for the same collections.
//!
//! Naming rules (documented in the README as well):
//!
//! * **Module per collection** ([`module_names`]): the file name without
//!   `.json` and `.postman_collection`, turned into a snake_case identifier
//!   ([`names::snake_ident`]); then its first `_`-separated word when no other
//!   collection of the run has the same first word, else the whole identifier.
//!   `zoom-registrants.postman_collection.json` → `zoom`. Remaining clashes get
//!   `_2`, `_3`, ... in input order (as does `runtime`, which the crate uses).
//! * **Crate name** ([`default_crate_name`]): with one collection, its
//!   `info.name` in kebab-case (`Zoom API` → `zoom-api`); with several,
//!   `generated-client`. An explicit name always wins.

use std::fmt;
use std::path::PathBuf;

use crate::collection::VariableDef;
use crate::diagnostics::render::excerpt_lines_only;
use crate::diagnostics::{Diagnostic, Error, Severity};
use crate::emit::{
    self, ApiInput, CrateFiles, CrateOptions, Interface, PackageMetadata, RuntimeLayout,
};
use crate::ir::{Api, TypeTable};
use crate::locate::fill_locations;
use crate::lower::LowerOptions;
use crate::name_lock::{NameLock, NAME_LOCK_FILE};
use crate::names::{self, UniqueNames};

/// The crate name used when several collections go into one crate.
pub const MULTI_API_CRATE_NAME: &str = "generated-client";

/// The package version of a generated crate unless told otherwise.
pub const DEFAULT_VERSION: &str = "0.1.0";

/// One input collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file name (or path) the collection came from; it names the module
    /// (unless [`Source::module`] does) and appears in messages.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The module the collection becomes; `None` for the name [`module_names`]
    /// derives from [`Source::name`].
    pub module: Option<String>,
    /// Variable values (from environments and `--var`) and name overrides.
    pub lower: LowerOptions,
    /// The file [`Source::bytes`] were read from, when it can be read again.
    /// Given, the bytes are let go once the collection is parsed: they are as
    /// large as the file, and the end of lowering, where the collection and
    /// the lowered API are both alive, is the memory peak of a collection
    /// with many saved examples (docs/performance.md, "Session 27: memory").
    /// The file is read again after lowering, only if a diagnostic needs a
    /// place or an excerpt; should it no longer hold the same bytes, the
    /// diagnostics are given without places. Anything but a regular file (a
    /// pipe, `/dev/stdin`) is held as if this were `None`.
    pub reread_from: Option<PathBuf>,
}

impl Source {
    /// A collection with default settings.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Source {
            name: name.into(),
            bytes: bytes.into(),
            module: None,
            lower: LowerOptions::default(),
            reread_from: None,
        }
    }
}

/// The settings of the generated crate as a whole, defined once: the
/// [`Generator`](crate::Generator)'s builder keeps them in this form, and
/// [`generate_crate`] applies their defaults (name, version) and resolves them
/// into the emitter's [`CrateOptions`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GenerateOptions {
    /// The package name; `None` for [`default_crate_name`].
    pub crate_name: Option<String>,
    /// The package version; `None` for [`DEFAULT_VERSION`].
    pub version: Option<String>,
    /// The rest of the package metadata (license, description, repository, ...).
    pub package: PackageMetadata,
    /// The request interface the crate offers by default.
    pub interface: Interface,
    /// Extra derives for every generated type (see [`CrateOptions::derives`]).
    pub derives: Vec<String>,
    /// Where the crate carries its runtime (see [`CrateOptions::runtime`]).
    pub runtime: RuntimeLayout,
    /// The names the crate was given before (its name lock,
    /// [`NAME_LOCK_FILE`](crate::name_lock::NAME_LOCK_FILE)), kept where
    /// their owners still ask for them; per module, unless a source's own
    /// [`LowerOptions::previous_names`] has some.
    pub previous_names: NameLock,
}

/// A collection after the first three stages.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedApi {
    /// The lowered API (with its diagnostics).
    pub api: Api,
    /// The inferred types.
    pub types: TypeTable,
}

/// One API of a generated crate, with what the stages made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratedApi {
    /// [`Source::name`] of the collection.
    pub source: String,
    /// The module the API became.
    pub module: String,
    /// The lowered API (with its diagnostics). Each saved example's parsed
    /// JSON body (`ResponseExample::json`) is let go once the types are
    /// inferred from it, and its text (`ResponseExample::body`) with it: it
    /// is `Some(Value::Null)` where the body was JSON, and `body` is then
    /// `None`; [`load_and_infer`] keeps both.
    pub api: Api,
    /// The inferred types.
    pub types: TypeTable,
    /// Names of secret variables that had a value (in the collection, an
    /// environment or `--var`) which was left out of the generated code.
    pub withheld_secrets: Vec<String>,
}

/// The result of [`generate_crate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The package name used.
    pub crate_name: String,
    /// The crate's files.
    pub files: CrateFiles,
    /// Every API, in input order.
    pub apis: Vec<GeneratedApi>,
    /// Each source's bytes with only the lines its diagnostics' excerpts show
    /// (the others empty, so line numbers hold), in input order.
    pub excerpt_sources: Vec<Vec<u8>>,
    /// Diagnostics about the crate rather than one collection (extra derives
    /// left out of some types).
    pub crate_diagnostics: Vec<Diagnostic>,
}

impl Generated {
    /// Every diagnostic of every API, each with the index of its API.
    pub fn diagnostics(&self) -> impl Iterator<Item = (usize, &Diagnostic)> {
        self.apis
            .iter()
            .enumerate()
            .flat_map(|(index, api)| api.api.diagnostics.iter().map(move |d| (index, d)))
    }

    /// How many diagnostics have at least the given severity.
    pub fn count_at_least(&self, severity: Severity) -> usize {
        self.diagnostics()
            .filter(|(_, d)| d.severity >= severity)
            .count()
    }
}

/// Why [`generate_crate`] produced nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateError {
    /// Index of the offending collection in the input, when one collection is
    /// to blame (`None` for crate-level failures, e.g. in emission).
    pub source_index: Option<usize>,
    /// Its [`Source::name`], when known.
    pub source_name: Option<String>,
    /// Its [`Source::bytes`], when known, for an excerpt of the place.
    pub source_bytes: Option<Vec<u8>>,
    /// What went wrong.
    pub error: Error,
}

impl GenerateError {
    /// The diagnostic that explains the failure.
    pub fn diagnostic(&self) -> &Diagnostic {
        self.error.diagnostic()
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source_name {
            Some(name) => write!(f, "{name}: {}", self.error),
            None => write!(f, "{}", self.error),
        }
    }
}

/// The message already includes the underlying [`Error`], so it is not also
/// given as the `source`.
impl std::error::Error for GenerateError {}

/// Runs `collection::load`, `lower` and `infer` on one collection.
///
/// Every diagnostic, in the result and in the error, has its line and column
/// in `bytes` when its JSON path is found there (see `locate.rs`).
pub fn load_and_infer(bytes: &[u8]) -> Result<LoadedApi, Error> {
    load_and_infer_with(bytes, &LowerOptions::default()).map(|(loaded, _)| loaded)
}

/// [`load_and_infer`] with variable values that override or complete the
/// collection's (a later entry wins), as `generate --environment/--var` apply
/// them: what `inspect` and `diff` show then matches the generated client.
pub fn load_and_infer_with_variables(
    bytes: &[u8],
    variables: Vec<VariableDef>,
) -> Result<LoadedApi, Error> {
    let options = LowerOptions {
        variables,
        ..LowerOptions::default()
    };
    load_and_infer_with(bytes, &options).map(|(loaded, _)| loaded)
}

/// [`load_and_infer_with_variables`], keeping the names `previous` records
/// where their owners still ask for them, as regenerating a crate with its
/// name lock does: `diff` lowers the new collection with the old one's names,
/// so it reports what regenerating would change.
pub fn load_and_infer_keeping_names(
    bytes: &[u8],
    variables: Vec<VariableDef>,
    previous: crate::name_lock::ApiNames,
) -> Result<LoadedApi, Error> {
    let options = LowerOptions {
        variables,
        previous_names: previous,
        ..LowerOptions::default()
    };
    load_and_infer_with(bytes, &options).map(|(loaded, _)| loaded)
}

/// [`load_and_infer`] with lowering options; also returns the names of secret
/// variables whose values were withheld from the IR.
fn load_and_infer_with(
    bytes: &[u8],
    options: &LowerOptions,
) -> Result<(LoadedApi, Vec<String>), Error> {
    let (api, withheld) = load_and_lower(bytes, options)?;
    let types = crate::infer::infer_keeping_names(&api, &options.previous_names);
    Ok((LoadedApi { api, types }, withheld))
}

/// The first two stages of [`load_and_infer_with`]: the lowered API, its
/// diagnostics located in `bytes`, and the withheld secrets. Inference reads
/// neither the bytes nor the collection, so a caller that owns the bytes can
/// free them before it ([`generate_crate`] does).
fn load_and_lower(bytes: &[u8], options: &LowerOptions) -> Result<(Api, Vec<String>), Error> {
    let located = |mut error: Error| {
        fill_locations(bytes, std::iter::once(&mut *error.0));
        error
    };
    let collection = crate::collection::load(bytes).map_err(located)?;
    let mut api = crate::lower::lower_with(&collection, options).map_err(located)?;
    let withheld = withheld_secrets(&api, &collection.variables, &options.variables);
    // Nothing past lowering reads the collection: freeing it before inference
    // keeps it out of the peak memory (it is about as large as the IR).
    drop(collection);
    fill_locations(bytes, &mut api.diagnostics);
    Ok((api, withheld))
}

/// [`load_and_lower`] for [`generate_crate_into`], which owns the bytes: the
/// lowered API with its diagnostics not yet located, the withheld secrets,
/// and the bytes to locate them in ([`locate_diagnostics`], which runs beside
/// inference); or the error, located, with the bytes to show it in. When the
/// bytes can be read again they are let go after parsing, so they are not
/// held through lowering, where the collection and the IR are both alive
/// (docs/performance.md, "Session 26: memory").
fn lower_source(mut bytes: HeldBytes, options: &LowerOptions) -> Result<Lowered, NotLowered> {
    let collection = match crate::collection::load(bytes.parsed()) {
        Ok(collection) => collection,
        Err(mut error) => {
            let bytes = bytes.take();
            if let Some(bytes) = &bytes {
                fill_locations(bytes, std::iter::once(&mut *error.0));
            }
            return Err((error, bytes));
        }
    };
    bytes.let_go();
    let lowered = crate::lower::lower_with(&collection, options).map(|api| {
        let withheld = withheld_secrets(&api, &collection.variables, &options.variables);
        (api, withheld)
    });
    // Nothing past lowering reads the collection: freeing it before the
    // bytes are read again keeps them from being alive together.
    drop(collection);
    match lowered {
        Err(mut error) => {
            let bytes = bytes.take();
            if let Some(bytes) = &bytes {
                fill_locations(bytes, std::iter::once(&mut *error.0));
            }
            Err((error, bytes))
        }
        Ok((api, withheld)) => Ok(Lowered {
            api,
            withheld_secrets: withheld,
            bytes,
        }),
    }
}

/// Gives `diagnostics` their places in the source's bytes and returns the
/// lines their excerpts show (see [`excerpt_lines_only`]). The diagnostics
/// are all known after lowering (inference adds none and reads none), so
/// [`generate_crate_into`] runs this on the pool beside inference, the other
/// core's idle time then (Stripe: 50 M instructions off the main thread's
/// path, docs/performance.md, "Session 28: the serial phase, second round").
/// The bytes are read again only when a diagnostic needs a place or an
/// excerpt, and freed on return.
fn locate_diagnostics(mut bytes: HeldBytes, diagnostics: &mut [Diagnostic]) -> Vec<u8> {
    // As `fill_locations` and `excerpt_lines_only` read them: a diagnostic
    // with a path gets a place, one with a place an excerpt.
    let placed = |d: &Diagnostic| d.location.is_some() || !d.path.is_empty();
    let excerpt = match diagnostics.iter().any(placed) {
        true => bytes.take(),
        false => None,
    };
    match excerpt {
        Some(bytes) => {
            fill_locations(&bytes, diagnostics.iter_mut());
            let shown = diagnostics.iter().filter_map(|d| d.location);
            excerpt_lines_only(&bytes, shown.map(|(line, _)| line))
        }
        // No line is shown: only the byte-order mark is kept.
        None => excerpt_lines_only(&bytes.head, []),
    }
}

/// Frees each saved example's parsed JSON body once the types are inferred
/// from it, leaving `Some(Value::Null)` where it was JSON, and the text of
/// such a body too: inference is the only stage that reads the trees, and
/// emission asks only whether an example's body was JSON (it reads the text
/// of a body that was not). The trees (several times the size of their
/// text) were the largest part of the lowered API alive while the crate is
/// printed, the memory peak of collections with many saved examples
/// (docs/performance.md, "Session 28: memory"), and their text the next
/// (p2o-fastly's 270 KB; "Session 31: memory (issue 20, 20m)").
fn let_go_of_json_examples(api: &mut Api) {
    let examples = api.operations.iter_mut().flat_map(|op| &mut op.responses);
    for example in examples.filter(|example| example.json.is_some()) {
        example.json = Some(serde_json::Value::Null);
        example.body = None;
    }
}

/// A source [`lower_source`] lowered.
struct Lowered {
    api: Api,
    withheld_secrets: Vec<String>,
    /// The bytes to locate its diagnostics in.
    bytes: HeldBytes,
}

/// Why [`lower_source`] could not lower a source, and its bytes (when they
/// are still there) to show the place in.
type NotLowered = (Error, Option<Vec<u8>>);

/// A source's bytes between parsing and locating its diagnostics: held, or,
/// when they came from a file, let go and read again (see
/// [`Source::reread_from`]).
struct HeldBytes {
    bytes: Option<Vec<u8>>,
    reread_from: Option<PathBuf>,
    /// The length and a hash of the bytes that were parsed, to know the file
    /// read again for the same.
    fingerprint: (usize, u64),
    /// The first three bytes: a byte-order mark is kept in every excerpt.
    head: Vec<u8>,
}

impl HeldBytes {
    fn new(bytes: Vec<u8>, reread_from: Option<PathBuf>) -> Self {
        // Only a regular file can be read again: a pipe gives its bytes once,
        // and opening a named pipe again would wait for a writer.
        let reread_from =
            reread_from.filter(|path| std::fs::metadata(path).is_ok_and(|meta| meta.is_file()));
        let fingerprint = match reread_from {
            Some(_) => fingerprint(&bytes),
            None => (0, 0),
        };
        HeldBytes {
            head: bytes[..bytes.len().min(3)].to_vec(),
            bytes: Some(bytes),
            reread_from,
            fingerprint,
        }
    }

    /// The bytes to parse (before [`HeldBytes::let_go`]).
    fn parsed(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or_default()
    }

    /// Frees the bytes if the file can be read again.
    fn let_go(&mut self) {
        if self.reread_from.is_some() {
            self.bytes = None;
        }
    }

    /// The bytes that were parsed: held, or read again from the file;
    /// `None` when the file can no longer be read or now holds others.
    fn take(&mut self) -> Option<Vec<u8>> {
        if let Some(bytes) = self.bytes.take() {
            return Some(bytes);
        }
        let again = std::fs::read(self.reread_from.as_deref()?).ok()?;
        (fingerprint(&again) == self.fingerprint).then_some(again)
    }
}

/// The length and a hash of `bytes`: a word at a time, each step a
/// bijection of the state, so a file that differs in any one word always
/// hashes differently. It only tells a file changed by someone from the one
/// parsed (nobody chooses the bytes to collide), and SipHash over the whole
/// file, twice, was 18 M of Stripe's 750 M serial instructions.
fn fingerprint(bytes: &[u8]) -> (usize, u64) {
    const MULTIPLIER: u64 = 0x517c_c1b7_2722_0a95;
    let step = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(MULTIPLIER);
    let mut words = bytes.chunks_exact(8);
    let mut hash = words.by_ref().fold(0, |hash, word| {
        step(
            hash,
            u64::from_le_bytes(word.try_into().unwrap_or_default()),
        )
    });
    for &byte in words.remainder() {
        hash = step(hash, u64::from(byte));
    }
    (bytes.len(), hash)
}

/// Secret variables of `api` that some definition gave a non-empty value.
fn withheld_secrets(api: &Api, collection: &[VariableDef], extra: &[VariableDef]) -> Vec<String> {
    api.variables
        .iter()
        .filter(|var| var.secret)
        .filter(|var| {
            collection
                .iter()
                .chain(extra)
                .any(|def| def.key == var.name && !def.value.is_empty())
        })
        .map(|var| var.name.clone())
        .collect()
}

/// Generates one crate holding every collection in `sources`, each as a module.
///
/// Stops at the first collection that cannot be loaded; the error says which
/// and keeps its bytes. Once a collection is loaded, only the lines its
/// diagnostics' excerpts show are kept ([`Generated::excerpt_sources`]): the
/// input is not needed any more, and holding all of it through code emission
/// would add its whole size to the peak memory.
pub fn generate_crate(
    sources: Vec<Source>,
    options: &GenerateOptions,
) -> Result<Generated, GenerateError> {
    let mut files = CrateFiles::new();
    let mut generated = generate_crate_into(sources, options, &mut files)?;
    generated.files = files;
    Ok(generated)
}

/// [`generate_crate`], putting each file into `sink` once it is finished
/// (see [`emit::FileSink`]) instead of returning them:
/// [`Generated::files`] is empty. What a failed run put into `sink` is not a
/// crate; the caller discards it.
pub fn generate_crate_into(
    sources: Vec<Source>,
    options: &GenerateOptions,
    sink: &mut dyn emit::FileSink,
) -> Result<Generated, GenerateError> {
    if sources.is_empty() {
        return Err(GenerateError {
            source_index: None,
            source_name: None,
            source_bytes: None,
            error: Error::new("no-collections", "", "no collections were given"),
        });
    }
    let modules = source_modules(&sources);
    let mut apis = Vec::with_capacity(sources.len());
    let mut excerpt_sources = Vec::with_capacity(sources.len());
    // Per source, the renames by item id it was lowered with (for the lock).
    let mut names = Vec::with_capacity(sources.len());
    for (index, (source, module)) in sources.into_iter().zip(modules).enumerate() {
        let mut lower = std::borrow::Cow::Borrowed(&source.lower);
        if lower.previous_names.is_empty() {
            lower.to_mut().previous_names = options.previous_names.api(&module);
        }
        let bytes = HeldBytes::new(source.bytes, source.reread_from);
        let Lowered {
            mut api,
            withheld_secrets,
            bytes,
        } = match lower_source(bytes, &lower) {
            Ok(lowered) => lowered,
            Err((error, source_bytes)) => {
                return Err(GenerateError {
                    source_index: Some(index),
                    source_name: Some(source.name),
                    source_bytes,
                    error,
                })
            }
        };
        // Inference reads the API but not its diagnostics: they are taken
        // out and located on the pool meanwhile, and put back in the same
        // order.
        let mut diagnostics = std::mem::take(&mut api.diagnostics);
        let (types, excerpt) = rayon::join(
            || crate::infer::infer_keeping_names(&api, &lower.previous_names),
            || locate_diagnostics(bytes, &mut diagnostics),
        );
        api.diagnostics = diagnostics;
        excerpt_sources.push(excerpt);
        let_go_of_json_examples(&mut api);
        names.push(lower.name_overrides.clone());
        apis.push(GeneratedApi {
            source: source.name,
            module,
            api,
            types,
            withheld_secrets,
        });
    }
    let crate_name = match &options.crate_name {
        Some(name) => name.clone(),
        None => {
            let api_names: Vec<&str> = apis.iter().map(|a| a.api.name.as_str()).collect();
            default_crate_name(&api_names)
        }
    };
    let crate_options = CrateOptions {
        crate_name: crate_name.clone(),
        version: options
            .version
            .clone()
            .unwrap_or_else(|| DEFAULT_VERSION.to_string()),
        package: options.package.clone(),
        interface: options.interface,
        derives: options.derives.clone(),
        runtime: options.runtime,
    };
    let inputs: Vec<ApiInput<'_>> = apis
        .iter()
        .map(|a| ApiInput {
            api: &a.api,
            types: &a.types,
            module: &a.module,
        })
        .collect();
    let crate_diagnostics =
        emit::emit_into(&inputs, &crate_options, sink).map_err(|error| GenerateError {
            source_index: None,
            source_name: None,
            source_bytes: None,
            error,
        })?;
    let lock = NameLock::record(
        apis.iter()
            .zip(&names)
            .map(|(a, overrides)| (a.module.as_str(), &a.api, &a.types, overrides)),
    );
    sink.put(NAME_LOCK_FILE.to_string(), lock.to_json());
    Ok(Generated {
        crate_name,
        files: CrateFiles::new(),
        apis,
        excerpt_sources,
        crate_diagnostics,
    })
}

/// The file stem a module name is made from: the last path component with
/// `.json` and then `.postman_collection` removed.
pub fn collection_stem(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let file = file.strip_suffix(".json").unwrap_or(file);
    file.strip_suffix(".postman_collection").unwrap_or(file)
}

/// Crate-root module names an API may not take (the emitter's list).
use crate::emit::RESERVED_MODULES;

/// The module of each source: its explicit [`Source::module`], or else the
/// [`module_names`] rule, avoiding every explicit name.
fn source_modules(sources: &[Source]) -> Vec<String> {
    let file_names: Vec<&str> = sources
        .iter()
        .filter(|s| s.module.is_none())
        .map(|s| s.name.as_str())
        .collect();
    let explicit: Vec<&str> = sources.iter().filter_map(|s| s.module.as_deref()).collect();
    let mut automatic = module_names_avoiding(&file_names, &explicit).into_iter();
    sources
        .iter()
        .map(|source| match &source.module {
            Some(module) => module.clone(),
            None => automatic.next().unwrap_or_default(),
        })
        .collect()
}

/// One module name per collection file name, by the rule in the module docs
/// (a name the crate uses itself, such as `runtime`, gets a `_2` suffix).
pub fn module_names(file_names: &[&str]) -> Vec<String> {
    module_names_avoiding(file_names, &[])
}

/// [`module_names`], treating `taken` as used already.
fn module_names_avoiding(file_names: &[&str], taken: &[&str]) -> Vec<String> {
    let idents: Vec<String> = file_names
        .iter()
        .map(|name| names::snake_ident(collection_stem(name), "api"))
        .collect();
    let first_words: Vec<String> = idents
        .iter()
        .map(|ident| {
            let word = ident.split('_').find(|w| !w.is_empty()).unwrap_or(ident);
            names::snake_ident(word, "api")
        })
        .collect();
    let mut taken = UniqueNames::with_reserved(RESERVED_MODULES.iter().chain(taken).copied());
    idents
        .iter()
        .zip(&first_words)
        .map(|(ident, word)| {
            let shared = first_words.iter().filter(|w| *w == word).count() > 1;
            taken.claim(if shared { ident } else { word })
        })
        .collect()
}

/// The package name for a crate of the given APIs (by `info.name`): the kebab-case
/// name for one API, [`MULTI_API_CRATE_NAME`] otherwise.
///
/// The result is always a valid Cargo package name: a name with no ASCII letters
/// falls back to `generated-client`, one starting with a digit gets an `n`
/// prefix, and a Rust keyword or a name Cargo reserves gets `-client` appended.
pub fn default_crate_name(api_names: &[&str]) -> String {
    match api_names {
        [single] => kebab_package_name(single),
        _ => MULTI_API_CRATE_NAME.to_string(),
    }
}

/// Names Cargo refuses as package names besides keywords.
const RESERVED_PACKAGE_NAMES: &[&str] = &[
    "alloc",
    "core",
    "std",
    "test",
    "proc-macro",
    "proc_macro",
    "build",
    "deps",
    "examples",
    "incremental",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "lpt1",
];

/// A valid Cargo package name in kebab-case for arbitrary text.
pub fn kebab_package_name(text: &str) -> String {
    let snake = names::snake_ident(text, "generated_client");
    let kebab = snake.trim_end_matches('_').replace('_', "-");
    if names::is_keyword(&kebab) || RESERVED_PACKAGE_NAMES.contains(&kebab.as_str()) {
        format!("{kebab}-client")
    } else {
        kebab
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_use_the_first_word_when_it_is_unique() {
        assert_eq!(
            module_names(&[
                "collections/zoom-registrants.postman_collection.json",
                "collections/webex-meetings.postman_collection.json",
            ]),
            ["zoom", "webex"]
        );
        assert_eq!(module_names(&["Zoom API.json"]), ["zoom"]);
    }

    #[test]
    fn module_names_fall_back_to_the_whole_ident_when_first_words_clash() {
        assert_eq!(
            module_names(&[
                "zoom-registrants.postman_collection.json",
                "zoom-webinars.postman_collection.json",
                "webex.json",
            ]),
            ["zoom_registrants", "zoom_webinars", "webex"]
        );
    }

    #[test]
    fn module_names_are_identifiers_and_unique() {
        assert_eq!(
            module_names(&[
                "type-x.json",
                "2fa.json",
                "a-b.json",
                "a_b.json",
                ".json",
                "runtime.json"
            ]),
            ["type_", "n2fa", "a_b", "a_b_2", "api", "runtime_2"]
        );
    }

    #[test]
    fn explicit_modules_win_and_automatic_ones_avoid_them() {
        let source = |name: &str, module: Option<&str>| Source {
            module: module.map(str::to_string),
            ..Source::new(name, Vec::new())
        };
        let sources = [
            source("zoom-registrants.json", None),
            source("webex-meetings.json", Some("zoom")),
            source("other.json", Some("meetings")),
        ];
        assert_eq!(source_modules(&sources), ["zoom_2", "zoom", "meetings"]);
    }

    #[test]
    fn crate_names_are_valid_package_names() {
        assert_eq!(default_crate_name(&["Zoom API"]), "zoom-api");
        assert_eq!(default_crate_name(&["Webex Meetings"]), "webex-meetings");
        assert_eq!(default_crate_name(&["a", "b"]), "generated-client");
        assert_eq!(default_crate_name(&["🦀"]), "generated-client");
        assert_eq!(default_crate_name(&["type"]), "type-client");
        assert_eq!(default_crate_name(&["Test"]), "test-client");
        assert_eq!(default_crate_name(&["2FA API"]), "n2fa-api");
    }

    /// Emission must not read what [`let_go_of_json_examples`] frees: the
    /// crate made with the trees and their text let go is the one made from
    /// the same API with them kept ([`load_and_infer`]), for collections
    /// whose saved examples have JSON bodies of every shape (objects,
    /// arrays, pages).
    #[test]
    fn example_trees_let_go_after_inference_change_no_file() {
        let collections: [&[u8]; 2] = [
            include_bytes!("../../collections/zoom-registrants.postman_collection.json"),
            include_bytes!("../../collections/webex-meetings.postman_collection.json"),
        ];
        for bytes in collections {
            let kept = load_and_infer(bytes).unwrap();
            let examples = |api: &Api| -> Vec<Option<serde_json::Value>> {
                let ops = api.operations.iter();
                ops.flat_map(|op| op.responses.iter().map(|e| e.json.clone()))
                    .collect()
            };
            let trees = examples(&kept.api);
            let with_a_tree = |json: &Option<serde_json::Value>| {
                json.as_ref().is_some_and(|json| !json.is_null())
            };
            assert!(trees.iter().any(with_a_tree));

            let generated = generate_crate(
                vec![Source::new("c.postman_collection.json", bytes)],
                &GenerateOptions::default(),
            )
            .unwrap();
            let let_go = examples(&generated.apis[0].api);
            // Still `Some` where the body was JSON, and nothing else kept.
            let was_json: Vec<bool> = trees.iter().map(Option::is_some).collect();
            assert_eq!(
                let_go.iter().map(Option::is_some).collect::<Vec<_>>(),
                was_json
            );
            assert!(!let_go.iter().any(with_a_tree));
            // A JSON body's text is let go with its tree; another's is kept.
            let texts = |api: &Api| -> Vec<Option<String>> {
                let ops = api.operations.iter();
                ops.flat_map(|op| op.responses.iter().map(|e| e.body.clone()))
                    .collect()
            };
            let kept_texts = texts(&kept.api);
            assert!(kept_texts
                .iter()
                .zip(&was_json)
                .any(|(t, j)| *j && t.is_some()));
            let expected: Vec<Option<String>> = kept_texts
                .into_iter()
                .zip(&was_json)
                .map(|(text, was_json)| text.filter(|_| !was_json))
                .collect();
            assert_eq!(texts(&generated.apis[0].api), expected);

            let input = ApiInput {
                api: &kept.api,
                types: &kept.types,
                module: &generated.apis[0].module,
            };
            let options = CrateOptions::new(generated.crate_name.clone(), DEFAULT_VERSION);
            let from_kept = emit::emit_crate(&[input], &options).unwrap();
            let mut from_let_go = generated.files.clone();
            from_let_go.remove(NAME_LOCK_FILE);
            assert_eq!(from_kept, from_let_go);
        }
    }

    #[test]
    fn no_sources_is_an_error_not_a_panic() {
        let err = generate_crate(Vec::new(), &GenerateOptions::default()).unwrap_err();
        assert_eq!(err.diagnostic().code, "no-collections");
    }

    /// A collection whose diagnostics have places (a literal token) and whose
    /// file starts with a byte-order mark.
    const WITH_A_PLACED_NOTE: &[u8] = b"\xEF\xBB\xBF{\n  \"info\": {\"name\": \"Placed\", \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},\n  \"item\": [\n    {\"name\": \"Get\", \"request\": {\n      \"auth\": {\"type\": \"bearer\", \"bearer\": [{\"key\": \"token\", \"value\": \"literal\"}]},\n      \"url\": \"https://api.test/x\"\n    }}\n  ]\n}\n";

    #[test]
    fn a_file_read_again_after_lowering_gives_what_held_bytes_give() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("placed.json");
        std::fs::write(&path, WITH_A_PLACED_NOTE).unwrap();
        let held = generate_crate(
            vec![Source::new("placed.json", WITH_A_PLACED_NOTE)],
            &GenerateOptions::default(),
        )
        .unwrap();
        let read_again = generate_crate(
            vec![Source {
                reread_from: Some(path),
                ..Source::new("placed.json", WITH_A_PLACED_NOTE)
            }],
            &GenerateOptions::default(),
        )
        .unwrap();
        let placed: Vec<_> = read_again
            .diagnostics()
            .filter_map(|(_, d)| d.location)
            .collect();
        assert!(
            !placed.is_empty(),
            "{:?}",
            read_again.apis[0].api.diagnostics
        );
        let excerpt = &read_again.excerpt_sources[0];
        assert!(excerpt.starts_with(b"\xEF\xBB\xBF"), "{excerpt:?}");
        let shown = String::from_utf8_lossy(excerpt);
        assert!(shown.contains(r#""type": "bearer""#), "{shown}");
        assert_eq!(read_again, held);
    }

    /// The diagnostics are located on the pool while inference runs: they
    /// come back with the same places, in the same order, as the one-thread
    /// path (`load_and_infer`) gives them, and the excerpt shows their lines,
    /// whatever the number of threads.
    #[test]
    fn diagnostics_located_beside_inference_are_the_ones_located_after_it() {
        let sequential = load_and_infer(WITH_A_PLACED_NOTE).unwrap().api.diagnostics;
        assert!(sequential.iter().any(|d| d.location.is_some()));
        let lines = sequential.iter().filter_map(|d| d.location.map(|(l, _)| l));
        let excerpt = excerpt_lines_only(WITH_A_PLACED_NOTE, lines);
        for threads in [1, 2, 4] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let generated = pool
                .install(|| {
                    generate_crate(
                        vec![Source::new("placed.json", WITH_A_PLACED_NOTE)],
                        &GenerateOptions::default(),
                    )
                })
                .unwrap();
            assert_eq!(generated.apis[0].api.diagnostics, sequential, "{threads}");
            assert_eq!(
                generated.excerpt_sources,
                std::slice::from_ref(&excerpt),
                "{threads}"
            );
        }
    }

    #[test]
    fn bytes_let_go_come_back_only_while_the_file_holds_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(&path, b"first").unwrap();
        let mut bytes = HeldBytes::new(b"first".to_vec(), Some(path.clone()));
        bytes.let_go();
        assert!(bytes.bytes.is_none(), "a file's bytes are let go");
        assert_eq!(bytes.take().as_deref(), Some(&b"first"[..]));
        std::fs::write(&path, b"other").unwrap();
        assert_eq!(bytes.take(), None, "same length, other bytes");
        std::fs::write(&path, b"first, longer").unwrap();
        assert_eq!(bytes.take(), None);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(bytes.take(), None);
        // Bytes from nowhere to read again are held, and so are bytes from
        // anything but a regular file.
        let mut nowheres = vec![None, Some(dir.path().to_path_buf())];
        // A named pipe: opening it again would wait for a writer forever.
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            nowheres.push(Some(fifo));
        }
        for nowhere in nowheres {
            let mut held = HeldBytes::new(b"kept".to_vec(), nowhere);
            held.let_go();
            assert_eq!(held.take().as_deref(), Some(&b"kept"[..]));
        }
    }

    #[test]
    fn a_collection_that_does_not_load_keeps_its_bytes_for_the_excerpt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("broken.json");
        std::fs::write(&path, b"{ nope").unwrap();
        let sources = vec![Source {
            reread_from: Some(path),
            ..Source::new("broken.json", b"{ nope".to_vec())
        }];
        let err = generate_crate(sources, &GenerateOptions::default()).unwrap_err();
        assert_eq!(err.source_bytes.as_deref(), Some(&b"{ nope"[..]));
        assert!(err.diagnostic().location.is_some(), "{err:?}");
    }

    #[test]
    fn a_bad_collection_is_named_in_the_error() {
        let sources = vec![Source::new("broken.json", b"{ nope".to_vec())];
        let err = generate_crate(sources, &GenerateOptions::default()).unwrap_err();
        assert_eq!(err.source_index, Some(0));
        assert!(err.to_string().starts_with("broken.json: "), "{err}");
    }
}
