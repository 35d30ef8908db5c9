//! Infers the types of every collection in `../shared/corpus/` that lowers
//! (never copied into this repo): no panic, a well-formed table, the same
//! table twice, and the counts printed
//! (`cargo test -p postman-codegen --test corpus infer -- --nocapture`).
//! Skipped with a notice when the corpus is absent.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use postman_codegen::unstable::infer::{infer, TypeStats};
use postman_codegen::unstable::ir::{TypeKind, TypeRef, TypeTable};

fn corpus_files() -> Option<Vec<PathBuf>> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus"));
    if !root.is_dir() {
        println!(
            "notice: {} is absent; corpus inference test skipped",
            root.display()
        );
        return None;
    }
    let mut files = Vec::new();
    for dir in ["files", "converted"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json")),
        );
    }
    files.sort();
    Some(files)
}

fn named_in_range(table: &TypeTable, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => id.0 < table.defs.len(),
        TypeRef::Vec(inner) | TypeRef::Option(inner) | TypeRef::Map(inner) => {
            named_in_range(table, inner)
        }
        TypeRef::Primitive(_) => true,
    }
}

fn assert_well_formed(file: &Path, table: &TypeTable) {
    let mut names = HashSet::new();
    for def in &table.defs {
        assert!(
            names.insert(&def.name),
            "{}: duplicate type name {}",
            file.display(),
            def.name
        );
        if let TypeKind::Struct { fields } = &def.kind {
            let mut idents = HashSet::new();
            for field in fields {
                assert!(
                    idents.insert(&field.ident),
                    "{}: duplicate field {} in {}",
                    file.display(),
                    field.ident,
                    def.name
                );
                assert!(named_in_range(table, &field.ty));
            }
        }
    }
    for op in &table.operations {
        let refs = op
            .path_params
            .iter()
            .chain(&op.query)
            .chain(&op.body)
            .chain(&op.form_fields);
        assert!(refs
            .chain(op.responses.values().flatten())
            .all(|ty| named_in_range(table, ty)));
    }
}

#[test]
fn every_lowerable_corpus_collection_infers() {
    let Some(files) = corpus_files() else { return };
    let mut total = TypeStats::default();
    let (mut inferred, mut not_lowered, mut operations) = (0, 0, 0);
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        let Ok(api) = postman_codegen::unstable::load_api(&bytes) else {
            not_lowered += 1;
            continue;
        };
        let started = std::time::Instant::now();
        let table = infer(&api);
        let elapsed = started.elapsed();
        assert_eq!(
            table.operations.len(),
            api.operations.len(),
            "{}",
            file.display()
        );
        assert_well_formed(file, &table);
        assert_eq!(
            table,
            infer(&api),
            "{}: inference is not deterministic",
            file.display()
        );
        let stats = TypeStats::of(&table);
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        println!(
            "{name}: {} operations, {stats} ({elapsed:?})",
            api.operations.len()
        );
        total.add(stats);
        inferred += 1;
        operations += api.operations.len();
    }
    println!("corpus: {inferred} collections inferred ({operations} operations), {not_lowered} not lowered; total {total}");
    assert!(inferred > 0);
}
