//! Snapshots of the crate emitted for each collection in `collections/`, one
//! snapshot per file, so a change in emission shows up as a reviewable diff
//! (`cargo insta review`). The runtime is the same for every crate (but for
//! the optional modules of signing auth schemes) and is snapshotted once.

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};

fn emit(path: &std::path::Path) -> CrateFiles {
    let bytes = std::fs::read(path).expect("readable collection");
    let api = postman_codegen::unstable::load_api(&bytes).expect("the collection lowers");
    let types = postman_codegen::unstable::infer::infer(&api);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    emit_crate(&[input], &CrateOptions::new("snapshot-client", "0.1.0"))
        .expect("the crate is emitted")
}

#[test]
fn emitted_files_of_each_repository_collection() {
    // The repository's collections: the product's and the test-only ones
    // (snapshot names are the file names, whichever directory).
    for dir in ["../../../collections", "../../../tests/collections"] {
        insta::glob!(dir, "*.postman_collection.json", |path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let stem = name.trim_end_matches(".postman_collection.json");
            for (file, content) in emit(path) {
                if file.starts_with("src/runtime/") {
                    continue;
                }
                let suffix = format!("{stem}__{}", file.replace('/', "__"));
                insta::with_settings!({ snapshot_suffix => suffix }, {
                    insta::assert_snapshot!(content);
                });
            }
        });
    }
}

#[test]
fn runtime_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths: Vec<_> = ["collections", "tests/collections"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    paths.sort();
    let runtimes: Vec<CrateFiles> = paths
        .iter()
        .map(|path| {
            emit(path)
                .into_iter()
                .filter(|(file, _)| file.starts_with("src/runtime/"))
                .collect()
        })
        .collect();
    // A runtime file is the same in every crate that carries it; only the
    // optional modules (signing auth schemes, pagination) come and go, and `mod.rs`,
    // which declares them; and `faker.rs` and `lenient.rs`, stubs where no
    // faker variable is used or no type needs tolerant decoding.
    let mut union = CrateFiles::new();
    for runtime in &runtimes {
        for (file, content) in runtime {
            if file == "src/runtime/mod.rs" {
                continue;
            }
            if file == "src/runtime/faker.rs" {
                if content.contains("fake::") {
                    union.insert(file.clone(), content.clone());
                }
                continue;
            }
            if file == "src/runtime/lenient.rs" {
                if content.contains("struct Lenient") {
                    union.insert(file.clone(), content.clone());
                }
                continue;
            }
            let first = union.entry(file.clone()).or_insert_with(|| content.clone());
            assert_eq!(first, content, "{file} differs between crates");
        }
    }
    let widest = runtimes
        .iter()
        .max_by_key(|runtime| runtime.len())
        .expect("a collection");
    union.insert(
        "src/runtime/mod.rs".to_string(),
        widest["src/runtime/mod.rs"].clone(),
    );
    for (file, content) in &union {
        insta::with_settings!({ snapshot_suffix => file.replace('/', "__") }, {
            insta::assert_snapshot!(content.as_str());
        });
    }
}
