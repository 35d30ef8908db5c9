//! Regression tests for what fuzzing found (`fuzz/`, see its README): each
//! input is inlined, minimised, with the invariant it broke.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};

/// Runs the whole pipeline and returns the crate's files.
fn generate(collection: &str) -> CrateFiles {
    let api = postman_codegen::unstable::load_api(collection.as_bytes()).unwrap();
    let types = postman_codegen::unstable::infer::infer(&api);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    emit_crate(&[input], &CrateOptions::new("regression", "0.1.0")).unwrap()
}

/// A folder named `Users (v2)` 55 times over (from the `structured` target's
/// corpus) became a module file `users_v2_users_v2_…​.rs` of 500 bytes, which
/// no file system accepts: writing the crate failed with "File name too
/// long". Group idents are now cut to 64 bytes at a word boundary.
#[test]
fn long_folder_names_give_file_names_that_can_be_written() {
    let folder = "Users (v2) ".repeat(55);
    let collection = serde_json::json!({
        "info": {"name": "long"},
        "item": [{"name": folder, "item": [
            {"name": folder, "item": [{"name": "get", "request": "https://h/x"}]},
            {"name": "list", "request": "https://h/y"},
        ]}],
    })
    .to_string();
    let files = generate(&collection);
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in &files {
        for part in path.split('/') {
            assert!(part.len() <= 255, "{path}: {} bytes", part.len());
        }
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        if path.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text).unwrap();
        }
    }
}

/// Every `.rs` file of a crate, as text.
fn rust_files(files: &CrateFiles) -> impl Iterator<Item = (&String, &String)> {
    files.iter().filter(|(path, _)| path.ends_with(".rs"))
}

/// A second server whose URL is `{{crate}}` got the setter `crate__url`
/// (the keyword escape `crate_`, then `_url`): a `non_snake_case` warning in
/// the generated crate. Found by compiling crates generated from the
/// `structured` target's corpus. The escape is now dropped before `_url`.
#[test]
fn keyword_server_variables_give_snake_case_setters() {
    let collection = serde_json::json!({
        "info": {"name": "servers"},
        "item": [
            {"name": "a", "request": "https://h/a"},
            {"name": "b", "request": "https://h/b"},
            {"name": "c", "request": "{{crate}}/c"},
        ],
    })
    .to_string();
    let api = postman_codegen::unstable::load_api(collection.as_bytes()).unwrap();
    let idents: Vec<&str> = api.servers.iter().map(|s| s.ident.as_str()).collect();
    assert_eq!(idents, ["base_url", "crate_url"]);
    let files = generate(&collection);
    for (path, text) in rust_files(&files) {
        assert!(!text.contains("crate__url"), "{path}");
    }
}

/// Unicode bidirectional controls, which rustc rejects anywhere in source
/// outside escapes (`text_direction_codepoint_in_comment` and `_in_literal`
/// are deny-by-default).
const BIDI_CONTROLS: &[char] = &[
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// Names and descriptions holding bidi controls (U+202E in a request name,
/// U+2066 in a folder name, U+202D in a description) are copied as they are
/// into doc comments, and rustc refuses to compile the crate. Found by
/// compiling crates generated from the `structured` target's corpus; the
/// Rust still parses, so the fuzz targets' syn check cannot see it.
#[test]
fn bidi_controls_never_reach_generated_source() {
    let collection = serde_json::json!({
        "info": {"name": "bidi \u{202E}", "description": "a\u{202D}b"},
        "item": [{"name": "\u{2066}folder", "item": [
            {"name": "get \u{202E}users", "request": {
                "method": "GET",
                "url": "https://h/users?q=\u{2067}",
                "description": "x\u{2069}y",
            }},
        ]}],
    })
    .to_string();
    let files = generate(&collection);
    for (path, text) in rust_files(&files) {
        for (number, line) in text.lines().enumerate() {
            assert!(
                !line.contains(BIDI_CONTROLS),
                "{path}:{}: a bidi control reached the source: {line:?}",
                number + 1
            );
        }
    }
}
