//! Triage helper for the `structured` target: decodes fuzzer inputs (corpus
//! entries, crash artifacts) into a [`CollectionModel`] exactly as the target
//! does, and prints the collection JSON it renders to, so a crash can become
//! a regression test with the JSON inlined.
//!
//! ```text
//! cargo run --release --example render -- artifacts/structured/crash-...    # print the JSON
//! cargo run --release --example render -- --summary corpus/structured       # outcome counts
//! cargo run --release --example render -- --crates out/ corpus/structured    # one crate per input
//! ```
//!
//! `--crates DIR` writes the crate each input generates to `DIR/<file name>/`
//! (as `fuzz-<n>` packages), ready to be compiled as one workspace.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use arbitrary::{Arbitrary, Unstructured};
use postman_codegen_fuzz::model::CollectionModel;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let summary = args.first().is_some_and(|a| a == "--summary");
    if summary {
        args.remove(0);
    }
    let crates = if args.first().is_some_and(|a| a == "--crates") && args.len() > 1 {
        args.remove(0);
        Some(PathBuf::from(args.remove(0)))
    } else {
        None
    };
    let files: Vec<PathBuf> = args.iter().flat_map(|arg| files(Path::new(arg))).collect();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let Ok(model) = CollectionModel::arbitrary_take_rest(Unstructured::new(&bytes)) else {
            *outcomes.entry("undecodable".into()).or_default() += 1;
            continue;
        };
        let json = model.render();
        if let Some(dir) = &crates {
            let name = file
                .file_name()
                .map_or("input".into(), |n| n.to_string_lossy());
            let outcome = match write_crate(&json, &dir.join(name.as_ref()), index) {
                Ok(()) => "crate written".to_string(),
                Err(reason) => reason,
            };
            *outcomes.entry(outcome).or_default() += 1;
        } else if summary {
            let outcome = match postman_codegen::unstable::load_api(&json) {
                Ok(api) => format!("loaded ({} operations)", bucket(api.operations.len())),
                Err(err) => format!("refused: {}", err.diagnostic().code),
            };
            *outcomes.entry(outcome).or_default() += 1;
        } else {
            println!("{}", String::from_utf8_lossy(&json));
        }
    }
    for (outcome, count) in outcomes {
        println!("{count:6}  {outcome}");
    }
}

/// Generates the crate for one collection into `dir`.
fn write_crate(json: &[u8], dir: &Path, index: usize) -> Result<(), String> {
    let api = postman_codegen::unstable::load_api(json)
        .map_err(|err| format!("refused: {}", err.diagnostic().code))?;
    let types = postman_codegen::unstable::infer::infer(&api);
    let input = postman_codegen::unstable::emit::ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    let options = postman_codegen::unstable::emit::CrateOptions::new(format!("fuzz-{index}"), "0.1.0");
    let files = postman_codegen::unstable::emit::emit_crate(&[input], &options)
        .map_err(|err| format!("not emitted: {}", err.diagnostic().code))?;
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|err| err.to_string())?;
        }
        std::fs::write(&path, text).map_err(|err| format!("{}: {err}", path.display()))?;
    }
    Ok(())
}

/// A file, or the files of a directory.
fn files(path: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(path) {
        Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => vec![path.to_path_buf()],
    }
}

/// Operation counts in coarse buckets.
fn bucket(count: usize) -> &'static str {
    match count {
        0 => "0",
        1..=3 => "1-3",
        4..=15 => "4-15",
        _ => "16+",
    }
}
