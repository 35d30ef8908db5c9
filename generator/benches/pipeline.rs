//! Benchmarks of each stage of the pipeline and of the whole generation, with
//! divan: `cargo bench -p postman-codegen --bench pipeline [-- FILTER]`.
//!
//! Stages: `parse` (`collection::load`), `lower` (`lower::lower`), `infer`
//! (`infer::infer`), `emit` (`emit::emit_crate`, which includes formatting
//! with syn and prettyplease), `write` (`output::write_crate_atomically` to a
//! temporary directory), and `generate` (`Generator::generate` from the bytes,
//! the library's front door). Each stage gets its input ready-made, so only
//! the stage itself is timed.
//!
//! Inputs: `collections/*.postman_collection.json`, the three largest files of
//! `../shared/corpus/files/` (skipped with a notice when absent; they are
//! read in place, never copied), and the synthetic collection of 1,000
//! requests, built in memory by the same code as `cargo xtask synth`
//! (`xtask/src/synth/builder.rs`). Set `POSTMAN_CODEGEN_BENCH_LARGE=1` to add
//! the 10,000- and 50,000-request ones (a single sample of those takes tens
//! of seconds). `cargo xtask bench` is the tool for the tables in
//! `docs/performance.md`: it also reports peak memory and compile times.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};
use postman_codegen::unstable::collection::{self, Collection};
use postman_codegen::unstable::emit::{self, ApiInput, CrateFiles, CrateOptions};
use postman_codegen::unstable::ir::{Api, TypeTable};
use postman_codegen::unstable::{infer, lower, output};
use postman_codegen::{Generator, Input};

use postman_codegen::unstable::synthetic as synth;

fn main() {
    divan::main();
}

/// One benchmark input with every stage's output computed once, on demand.
struct Prepared {
    bytes: Vec<u8>,
    collection: OnceLock<Collection>,
    api: OnceLock<Api>,
    types: OnceLock<TypeTable>,
    files: OnceLock<CrateFiles>,
}

impl Prepared {
    fn new(bytes: Vec<u8>) -> Self {
        Prepared {
            bytes,
            collection: OnceLock::new(),
            api: OnceLock::new(),
            types: OnceLock::new(),
            files: OnceLock::new(),
        }
    }

    fn collection(&self) -> &Collection {
        self.collection
            .get_or_init(|| collection::load(&self.bytes).expect("the input loads"))
    }

    fn api(&self) -> &Api {
        self.api
            .get_or_init(|| lower::lower(self.collection()).expect("the input lowers"))
    }

    fn types(&self) -> &TypeTable {
        self.types.get_or_init(|| infer::infer(self.api()))
    }

    fn files(&self) -> &CrateFiles {
        self.files
            .get_or_init(|| emit_files(self.api(), self.types()).expect("the crate emits"))
    }

    fn requests(&self) -> ItemsCount {
        ItemsCount::new(self.api().operations.len())
    }
}

fn emit_files(api: &Api, types: &TypeTable) -> Result<CrateFiles, postman_codegen::Error> {
    let input = ApiInput {
        api,
        types,
        module: "api",
    };
    emit::emit_crate(&[input], &CrateOptions::new("bench-client", "0.1.0"))
}

/// The workspace root.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Input names and where their bytes come from.
fn sources() -> &'static [(String, Source)] {
    static SOURCES: OnceLock<Vec<(String, Source)>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        let root = root();
        let mut sources = Vec::new();
        let mut own: Vec<PathBuf> = std::fs::read_dir(root.join("collections"))
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        own.retain(|path| path.to_string_lossy().ends_with(".postman_collection.json"));
        own.sort();
        for path in own {
            sources.push((
                format!("collections/{}", file_name(&path)),
                Source::File(path),
            ));
        }
        let corpus = root.join("../shared/corpus/files");
        match std::fs::read_dir(&corpus) {
            Ok(entries) => {
                let mut files: Vec<(u64, PathBuf)> = entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|ext| ext == "json"))
                    .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
                    .collect();
                files.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                for (_, path) in files.into_iter().take(3) {
                    sources.push((format!("corpus/{}", file_name(&path)), Source::File(path)));
                }
            }
            Err(_) => eprintln!(
                "notice: {} is absent; corpus inputs skipped",
                corpus.display()
            ),
        }
        let large = std::env::var_os("POSTMAN_CODEGEN_BENCH_LARGE").is_some();
        let sizes: &[usize] = if large {
            &[1_000, 10_000, 50_000]
        } else {
            &[1_000]
        };
        for &size in sizes {
            sources.push((format!("synth/{size}"), Source::Synth(size)));
        }
        sources
    })
}

enum Source {
    File(PathBuf),
    Synth(usize),
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn names() -> impl Iterator<Item = &'static str> {
    sources().iter().map(|(name, _)| name.as_str())
}

/// The prepared input called `name`, built on first use and kept (leaked) for
/// the rest of the run, so every benchmark of the same input shares it.
fn prepared(name: &str) -> &'static Prepared {
    static CACHE: Mutex<Vec<(&'static str, &'static Prepared)>> = Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|poison| poison.into_inner());
    if let Some((_, prepared)) = cache.iter().find(|(n, _)| *n == name) {
        return prepared;
    }
    let (key, source) = sources()
        .iter()
        .find(|(n, _)| n == name)
        .expect("a known input");
    let bytes = match source {
        Source::File(path) => std::fs::read(path).expect("the input is readable"),
        Source::Synth(size) => serde_json::to_vec_pretty(&synth::collection(*size)).expect("JSON"),
    };
    let prepared: &'static Prepared = Box::leak(Box::new(Prepared::new(bytes)));
    cache.push((key.as_str(), prepared));
    prepared
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn parse(bencher: Bencher, name: &str) {
    let input = prepared(name);
    bencher
        .counter(BytesCount::new(input.bytes.len()))
        .bench(|| collection::load(black_box(&input.bytes)));
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn lower(bencher: Bencher, name: &str) {
    let input = prepared(name);
    let collection = input.collection();
    bencher
        .counter(input.requests())
        .bench(|| lower::lower(black_box(collection)));
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn infer(bencher: Bencher, name: &str) {
    let input = prepared(name);
    let api = input.api();
    bencher
        .counter(input.requests())
        .bench(|| infer::infer(black_box(api)));
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn emit(bencher: Bencher, name: &str) {
    let input = prepared(name);
    let (api, types) = (input.api(), input.types());
    bencher
        .counter(input.requests())
        .bench(|| emit_files(black_box(api), black_box(types)));
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn write(bencher: Bencher, name: &str) {
    let input = prepared(name);
    let files = input.files();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("crate");
    let bytes: usize = files.values().map(String::len).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| output::write_crate_atomically(&out, black_box(files), true));
}

#[divan::bench(args = names(), sample_count = 10, sample_size = 1, max_time = 10)]
fn generate(bencher: Bencher, name: &str) {
    let input = prepared(name);
    bencher.counter(input.requests()).bench(|| {
        Generator::builder()
            .collection(Input::bytes(name, input.bytes.clone()))
            .build()
            .and_then(|generator| generator.generate())
    });
}
