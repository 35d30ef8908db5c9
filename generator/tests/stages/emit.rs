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
                if crate::is_vendored_runtime(&file) {
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

/// The repository's collections (`collections/`, `tests/collections/`),
/// sorted: what the tests below hold their rules over.
fn repository_collections() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths: Vec<_> = ["collections", "tests/collections"]
        .iter()
        .flat_map(|dir| {
            std::fs::read_dir(root.join(dir))
                .expect("the repository's collection directories are there")
        })
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    paths.sort();
    paths
}

/// The crate's own Rust files (not the vendored runtime), parsed.
fn generated_code(path: &std::path::Path) -> Vec<(String, syn::File)> {
    emit(path)
        .into_iter()
        .filter(|(file, _)| file.ends_with(".rs") && !crate::is_vendored_runtime(file))
        .map(|(file, content)| {
            let parsed = syn::parse_file(&content).expect("emitted Rust parses");
            (file, parsed)
        })
        .collect()
}

#[test]
fn runtime_files() {
    let paths = repository_collections();
    let runtimes: Vec<CrateFiles> = paths
        .iter()
        .map(|path| {
            emit(path)
                .into_iter()
                .filter(|(file, _)| crate::is_vendored_runtime(file))
                .collect()
        })
        .collect();
    // A runtime file is the same in every crate that carries it; only the
    // optional modules (signing auth schemes, pagination) come and go, and `lib.rs`,
    // which declares them; and `faker.rs` and `lenient.rs`, stubs where no
    // faker variable is used or no type needs tolerant decoding.
    let root = "runtime/src/lib.rs";
    let mut union = CrateFiles::new();
    for runtime in &runtimes {
        for (file, content) in runtime {
            if file == root {
                continue;
            }
            if file == "runtime/src/faker.rs" {
                if content.contains("fake::") {
                    union.insert(file.clone(), content.clone());
                }
                continue;
            }
            if file == "runtime/src/lenient.rs" {
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
    union.insert(root.to_string(), widest[root].clone());
    for (file, content) in &union {
        insta::with_settings!({ snapshot_suffix => file.replace('/', "__") }, {
            insta::assert_snapshot!(content.as_str());
        });
    }
}

/// Whether a function can be code-generated where it is defined: it has no
/// type parameter and no `impl Trait` argument.
fn is_monomorphic(signature: &syn::Signature) -> bool {
    let generic = signature
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, syn::GenericParam::Lifetime(_)));
    let impl_argument = signature.inputs.iter().any(|input| match input {
        syn::FnArg::Typed(argument) => {
            use quote::ToTokens;
            let ty = argument.ty.to_token_stream().to_string();
            ty.starts_with("impl ") || ty.contains("& impl ") || ty.contains("(impl ")
        }
        syn::FnArg::Receiver(_) => false,
    });
    !generic && !impl_argument
}

#[test]
fn operations_leave_their_code_generation_to_the_crates_that_call_them() {
    // rustc code-generates every non-generic public function of a library
    // (and what it calls) when it builds the library; an `#[inline]` one
    // only in the crates that call it. With hundreds of operations that was
    // most of a client's build, so every method of a request builder and
    // every accessor of an operation that takes no generic argument is
    // `#[inline]`. Held over the repository's collections (request bodies of
    // every kind, enums, error enums, pagination, path parameters).
    let mut checked = 0;
    for path in repository_collections() {
        // The runtime is compiled once per crate, not once per operation.
        let files = generated_code(&path);
        let builders = request_builders(&files);
        for (file, parsed) in &files {
            for item in &parsed.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                if block.trait_.is_some() {
                    continue;
                }
                let owner = last_name(&block.self_ty);
                for member in &block.items {
                    let syn::ImplItem::Fn(method) = member else {
                        continue;
                    };
                    // A builder's methods, and elsewhere the accessors
                    // that create one (folders' own methods are one per
                    // folder, not per operation).
                    let per_operation = match &method.sig.output {
                        _ if builders.contains(&owner) => true,
                        syn::ReturnType::Type(_, ty) => builders.contains(&last_name(ty)),
                        syn::ReturnType::Default => false,
                    };
                    if !per_operation {
                        continue;
                    }
                    let name = &method.sig.ident;
                    let inline = method
                        .attrs
                        .iter()
                        .any(|attr| attr.path().is_ident("inline"));
                    assert_eq!(
                        inline,
                        is_monomorphic(&method.sig),
                        "{}: {file}: {owner}::{name} is {}#[inline]",
                        path.display(),
                        if inline { "" } else { "not " }
                    );
                    checked += usize::from(inline);
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} methods checked");
}

#[test]
fn request_builders_debug_through_the_runtime_by_name_only() {
    // A derived `Debug` printed every input's value (an input may be a
    // password or a key, which a client never prints) and cost a line of
    // type-checked code per field, the largest single cost of building a
    // client with large forms (docs/performance.md, session 28). So a request
    // builder derives `Clone` only, and right after it
    // `runtime::builder_impls!(Name);` gives it the runtime's names-only
    // `Debug`. Held over the repository's collections.
    let mut checked = 0;
    for path in repository_collections() {
        let files = generated_code(&path);
        let builders = request_builders(&files);
        for (file, parsed) in &files {
            let mut debug_by_macro = Vec::new();
            for item in &parsed.items {
                match item {
                    syn::Item::Macro(call) if call.mac.path.segments.len() == 2 => {
                        let segments: Vec<String> = call
                            .mac
                            .path
                            .segments
                            .iter()
                            .map(|segment| segment.ident.to_string())
                            .collect();
                        if segments == ["runtime", "builder_impls"] {
                            debug_by_macro.push(call.mac.tokens.to_string());
                        }
                    }
                    syn::Item::Struct(declared)
                        if builders.contains(&declared.ident.to_string()) =>
                    {
                        let derives: Vec<String> = declared
                            .attrs
                            .iter()
                            .filter(|attr| attr.path().is_ident("derive"))
                            .map(|attr| attr.meta.require_list().unwrap().tokens.to_string())
                            .collect();
                        assert_eq!(
                            derives,
                            ["Clone"],
                            "{}: {file}: {}",
                            path.display(),
                            declared.ident
                        );
                    }
                    _ => {}
                }
            }
            let declared_here: Vec<String> = parsed
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Struct(declared)
                        if builders.contains(&declared.ident.to_string()) =>
                    {
                        Some(declared.ident.to_string())
                    }
                    _ => None,
                })
                .collect();
            assert_eq!(debug_by_macro, declared_here, "{}: {file}", path.display());
            checked += declared_here.len();
        }
    }
    assert!(checked > 20, "only {checked} builders checked");
}

/// The request builders of an emitted crate: the structs that hold a
/// request's overrides.
fn request_builders(files: &[(String, syn::File)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(_, parsed)| &parsed.items)
        .filter_map(|item| match item {
            syn::Item::Struct(declared) => Some(declared),
            _ => None,
        })
        .filter(|declared| {
            declared
                .fields
                .iter()
                .any(|field| field.ident.as_ref().is_some_and(|name| name == "extra"))
        })
        .map(|declared| declared.ident.to_string())
        .collect()
}

/// The last segment of a type's path (`Foo` of `crate::a::Foo<'a>`).
fn last_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |segment| segment.ident.to_string()),
        _ => String::new(),
    }
}

#[test]
fn object_tables_number_each_struct_s_fields_in_declaration_order() {
    // `Object::read` matches a field's position, which the runtime finds in
    // `KEYS` (the table's keys in row order), not the JSON key itself
    // (docs/performance.md, session 29): a row numbered out of order would
    // decode a value into another field. So each `object::impls!(Name {..})`
    // numbers its rows 0, 1, 2, ... and has one row per field of `Name`, in
    // the order the fields are declared. Held over the repository's collections.
    let mut tables = 0;
    for path in repository_collections() {
        for (file, parsed) in generated_code(&path) {
            if !file.ends_with("types.rs") {
                continue;
            }
            let mut fields = std::collections::HashMap::new();
            for item in &parsed.items {
                if let syn::Item::Struct(declared) = item {
                    let names: Vec<String> = declared
                        .fields
                        .iter()
                        .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
                        .collect();
                    fields.insert(declared.ident.to_string(), names);
                }
            }
            for item in &parsed.items {
                let syn::Item::Macro(call) = item else {
                    continue;
                };
                if call.mac.path.segments.last().map(|s| s.ident.to_string())
                    != Some("impls".to_string())
                {
                    continue;
                }
                let mut tokens = call.mac.tokens.clone().into_iter();
                let name = tokens.next().expect("the struct's name").to_string();
                let Some(proc_macro2::TokenTree::Group(rows)) = tokens.next() else {
                    panic!("{file}: a table without rows: {}", call.mac.tokens);
                };
                let rows: Vec<Vec<String>> = rows
                    .stream()
                    .into_iter()
                    .map(|token| token.to_string())
                    .collect::<Vec<_>>()
                    .split(|token| token == ",")
                    .filter(|row| !row.is_empty())
                    .map(<[String]>::to_vec)
                    .collect();
                let declared = fields
                    .get(&name)
                    .unwrap_or_else(|| panic!("{file}: no struct {name}"));
                assert_eq!(rows.len(), declared.len(), "{file}: {name}");
                for (position, (row, field)) in rows.iter().zip(declared).enumerate() {
                    assert_eq!(row[0], position.to_string(), "{file}: {name}: {row:?}");
                    assert_eq!(row.last(), Some(field), "{file}: {name}: {row:?}");
                }
                tables += 1;
            }
        }
    }
    assert!(tables > 10, "only {tables} tables were checked");
}
