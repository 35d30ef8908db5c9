//! The `postman_codegen` library as a build script or tool uses it: inputs
//! from paths, text and bytes; name overrides by Postman item id (from the
//! builder and from a settings file); token streams, a single module for
//! `include!`, a directory; and a generated crate that `cargo package` accepts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use postman_codegen::unstable::settings::Settings;
use postman_codegen::{Generator, GeneratorError, Input, RuntimeLayout, Severity};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator is in the workspace")
        .to_path_buf()
}

fn collection(name: &str) -> PathBuf {
    workspace_root().join("collections").join(name)
}

const ZOOM: &str = "zoom-registrants.postman_collection.json";
const WEBEX: &str = "webex-meetings.postman_collection.json";

/// "Perform batch registration" in the Zoom collection.
const BATCH_REGISTRATION_ID: &str = "6b92dcf0-dd69-5e0b-81bd-f4719b03436c";

fn method_names(generated: &postman_codegen::GeneratedCrate) -> Vec<String> {
    generated.apis()[0]
        .api
        .operations
        .iter()
        .map(|op| op.method_name.clone())
        .collect()
}

#[test]
fn a_name_override_by_item_id_renames_the_method() -> Result<(), GeneratorError> {
    let plain = Generator::builder()
        .collection(Input::path(collection(ZOOM)))
        .build()?
        .generate()?;
    assert!(!method_names(&plain).contains(&"register_many".to_string()));

    let renamed = Generator::builder()
        .collection(
            Input::path(collection(ZOOM)).name_override(BATCH_REGISTRATION_ID, "Register many"),
        )
        .build()?
        .generate()?;
    let operation = renamed.apis()[0]
        .api
        .operations
        .iter()
        .find(|op| op.postman_id.as_deref() == Some(BATCH_REGISTRATION_ID))
        .expect("the request is still there");
    assert_eq!(operation.method_name, "register_many");
    assert_eq!(operation.postman_name, "Perform batch registration");
    assert!(
        renamed
            .files()
            .values()
            .any(|text| text.contains("fn register_many(")),
        "the generated code has the new name"
    );
    // Every other method keeps its name.
    let others = |names: Vec<String>| -> Vec<String> {
        names.into_iter().filter(|n| n != "register_many").collect()
    };
    assert_eq!(
        others(method_names(&renamed)).len(),
        method_names(&plain).len() - 1
    );
    assert_eq!(
        renamed.report().count(Severity::Warning),
        plain.report().count(Severity::Warning)
    );
    Ok(())
}

#[test]
fn a_settings_file_sets_modules_and_name_overrides() -> Result<(), Box<dyn std::error::Error>> {
    let text = format!(
        r#"[package]
name = "my-client"
version = "1.2.3"

[collections."{ZOOM}"]
module = "zoom_api"

[collections."{ZOOM}".names]
"{BATCH_REGISTRATION_ID}" = "register_many"
"#
    );
    let settings = Settings::parse(&text, "postman-codegen.toml")?;
    let dir = workspace_root().join("collections");
    let generated = settings
        .generator(&dir, &[collection(ZOOM), collection(WEBEX)])?
        .build()?
        .generate()?;
    assert_eq!(generated.crate_name(), "my-client");
    let modules: Vec<&str> = generated.apis().iter().map(|a| a.module.as_str()).collect();
    assert_eq!(modules, ["zoom_api", "webex"]);
    assert!(generated.apis()[0]
        .api
        .operations
        .iter()
        .any(|op| op.method_name == "register_many"));
    let manifest = &generated.files()["Cargo.toml"];
    assert!(manifest.contains("name = \"my-client\""), "{manifest}");
    assert!(manifest.contains("version = \"1.2.3\""), "{manifest}");
    Ok(())
}

#[test]
fn inputs_from_text_and_bytes_match_the_file() -> Result<(), GeneratorError> {
    let bytes = fs::read(collection(WEBEX)).expect("readable");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let generate = |input: Input| -> Result<_, GeneratorError> {
        Ok(Generator::builder()
            .collection(input)
            .build()?
            .generate()?
            .into_files())
    };
    let from_path = generate(Input::path(collection(WEBEX)))?;
    assert_eq!(generate(Input::text(WEBEX, text))?, from_path);
    assert_eq!(generate(Input::bytes(WEBEX, bytes))?, from_path);
    Ok(())
}

#[test]
fn token_streams_and_a_single_module() -> Result<(), GeneratorError> {
    // By default the runtime is a package beside the crate, which one
    // module cannot hold: asking for one says how to get it.
    let two_packages = Generator::builder()
        .collection(Input::path(collection(WEBEX)))
        .build()?
        .generate()?;
    assert!(two_packages.files().contains_key("runtime/src/lib.rs"));
    let err = two_packages.to_module_string("client").unwrap_err();
    assert_eq!(err.diagnostic().code, "module-needs-runtime-module");
    assert!(err.to_string().contains("RuntimeLayout::Module"), "{err}");

    let generated = Generator::builder()
        .collection(Input::path(collection(ZOOM)))
        .collection(Input::path(collection(WEBEX)))
        .runtime(RuntimeLayout::Module)
        .build()?
        .generate()?;
    assert!(!generated
        .files()
        .keys()
        .any(|path| path.starts_with("runtime/")));
    let streams = generated.to_token_streams()?;
    assert!(streams.contains_key("src/lib.rs"));
    assert!(streams.keys().all(|path| path.ends_with(".rs")));

    let module = generated.to_module_string("api::client")?;
    syn::parse_file(&module).expect("the module is one valid Rust file");
    assert!(module.contains("pub mod client {"));
    assert!(module.contains("pub mod zoom {") && module.contains("pub mod webex {"));
    assert!(!module.contains("use crate::runtime"), "paths are rebased");
    assert!(module.contains("crate::api::client::runtime"));

    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("nested/client.rs");
    generated.write_module(&file, "api::client")?;
    assert_eq!(fs::read_to_string(&file).expect("written"), module);

    let err = generated.to_module_string("not a path").unwrap_err();
    assert_eq!(err.diagnostic().code, "invalid-module-path");
    Ok(())
}

#[test]
fn errors_name_the_file_and_point_into_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("shape.postman_collection.json");
    fs::write(
        &path,
        "{\n  \"info\": {\"name\": \"x\"},\n  \"item\": 5\n}\n",
    )
    .expect("writable");
    let err = Generator::builder()
        .collection(Input::path(&path))
        .build()
        .and_then(|generator| generator.generate())
        .unwrap_err();
    let diagnostic = err.diagnostic();
    assert_eq!(diagnostic.code, "invalid-shape");
    assert_eq!(diagnostic.location, Some((3, 3)));
    assert_eq!(err.file(), Some(path.display().to_string()));
    let shown = err.to_string();
    assert!(shown.contains("3 |   \"item\": 5\n  |   ^"), "{shown}");
}

/// The generated crate has what `cargo package` needs (description, license,
/// readme), with the package metadata the builder was given, and packages
/// without errors, with the runtime crate beside it (published first, as
/// `cargo package --workspace` orders them). Resolving its dependencies
/// needs the crates.io index (or a warm local cache).
#[test]
fn a_generated_crate_can_be_packaged() -> Result<(), GeneratorError> {
    let generated = Generator::builder()
        .crate_name("webex-client")
        .version("0.3.0")
        .license("Apache-2.0")
        .description("A \"typed\" Webex Meetings client")
        .repository("https://github.com/example/webex-client")
        .homepage("https://example.com/webex-client")
        .documentation("https://docs.rs/webex-client")
        .authors(["Jane Doe <jane@example.com>"])
        .keywords(["webex", "meetings", "api-client"])
        .categories(["api-bindings", "web-programming::http-client"])
        .collection(Input::path(collection(WEBEX)))
        .build()?
        .generate()?;
    let dir = tempfile::tempdir().expect("temporary directory");
    let crate_dir = dir.path().join("webex-client");
    generated.write_to(&crate_dir, false)?;
    let manifest = fs::read_to_string(crate_dir.join("Cargo.toml")).expect("readable");
    for line in [
        "description = \"A \\\"typed\\\" Webex Meetings client\"",
        "license = \"Apache-2.0\"",
        "readme = \"README.md\"",
        "repository = \"https://github.com/example/webex-client\"",
        "homepage = \"https://example.com/webex-client\"",
        "documentation = \"https://docs.rs/webex-client\"",
        "authors = [\"Jane Doe <jane@example.com>\"]",
        "keywords = [\"webex\", \"meetings\", \"api-client\"]",
        "categories = [\"api-bindings\", \"web-programming::http-client\"]",
    ] {
        assert!(
            manifest.lines().any(|l| l == line),
            "{line} missing from\n{manifest}"
        );
    }
    let runtime = fs::read_to_string(crate_dir.join("runtime/Cargo.toml")).expect("readable");
    for line in [
        "name = \"webex-client-runtime\"",
        "version = \"0.3.0\"",
        "license = \"Apache-2.0\"",
        "repository = \"https://github.com/example/webex-client\"",
    ] {
        assert!(
            runtime.lines().any(|l| l == line),
            "{line} missing from\n{runtime}"
        );
    }
    assert!(
        manifest.contains("webex-client-runtime = { version = \"=0.3.0\", path = \"runtime\""),
        "{manifest}"
    );
    // Both packages at once, as a user publishes them (`cargo publish
    // --workspace`): Cargo resolves the client's dependency on the runtime
    // to the runtime packaged beside it.
    fs::write(
        dir.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"webex-client\", \"webex-client/runtime\"]\n",
    )
    .expect("writable");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args([
            "package",
            "--workspace",
            "--no-verify",
            "--allow-dirty",
            "--quiet",
        ])
        .current_dir(dir.path())
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo package failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["webex-client", "webex-client-runtime"] {
        let package = dir
            .path()
            .join(format!("target/package/{name}-0.3.0.crate"));
        assert!(package.is_file(), "{} missing", package.display());
    }
    Ok(())
}

#[test]
fn package_metadata_and_derives_are_checked_before_anything_is_read() {
    let code = |builder: postman_codegen::GeneratorBuilder| {
        builder
            .collection(Input::path("not/read.json"))
            .build()
            .unwrap_err()
            .diagnostic()
    };
    let too_many = code(Generator::builder().keywords(["a", "b", "c", "d", "e", "f"]));
    assert_eq!(too_many.code, "invalid-package-metadata");
    assert_eq!(
        too_many.message,
        "6 keywords are given; crates.io accepts at most 5"
    );
    let keyword = code(Generator::builder().keywords(["1password"]));
    assert!(
        keyword
            .message
            .contains("`1password` is not a crates.io keyword"),
        "{keyword}"
    );
    let url = code(Generator::builder().repository("git@github.com:o/r.git"));
    assert!(url.message.contains("is not an http(s) URL"), "{url}");
    let license = code(Generator::builder().license("MIT/Apache-2.0"));
    assert!(license.message.contains("SPDX"), "{license}");
    let derive = code(Generator::builder().derive("Eq, Hash"));
    assert_eq!(derive.code, "invalid-derive");
    assert!(
        derive
            .message
            .contains("`Eq, Hash` is not a derive macro path"),
        "{derive}"
    );
    let ord = code(Generator::builder().derive("Ord"));
    assert!(
        ord.message.contains("`Ord` needs `Eq` and `PartialOrd`"),
        "{ord}"
    );
}

#[test]
fn derives_already_present_are_not_repeated() -> Result<(), GeneratorError> {
    let generated = Generator::builder()
        .collection(Input::path(collection(WEBEX)))
        .derive("Clone")
        .derive("serde::Serialize")
        .derive("Eq")
        .derive("Eq")
        .build()?
        .generate()?;
    let mut derives = 0;
    for (path, text) in generated.files() {
        if !path.ends_with("types.rs") {
            continue;
        }
        for (start, _) in text.match_indices("#[derive(") {
            let end = start + text[start..].find(")]").expect("closed");
            let list: Vec<&str> = text[start + "#[derive(".len()..end]
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .collect();
            for name in ["Clone", "serde::Serialize", "Eq"] {
                assert_eq!(list.iter().filter(|d| **d == name).count(), 1, "{list:?}");
            }
            derives += 1;
        }
    }
    assert!(derives > 0);
    Ok(())
}

/// `generate_to` (each file written as it is finished, the CLI's way) makes
/// the same directory as `generate` then `write_to`, and its crate carries
/// the same report but no files.
#[test]
fn generate_to_writes_what_generate_then_write_to_writes() -> Result<(), GeneratorError> {
    let generator = Generator::builder()
        .collection(Input::path(collection(ZOOM)))
        .collection(Input::path(collection(WEBEX)))
        .build()?;
    let dir = tempfile::tempdir().expect("temporary directory");
    let whole = generator.generate()?;
    whole.write_to(dir.path().join("whole"), false)?;
    let (streamed, written) = generator.generate_to(dir.path().join("streamed"), false)?;
    let written = written?;
    assert_eq!(written.files_written, whole.files().len());
    assert!(!written.replaced);
    assert!(streamed.files().is_empty());
    assert_eq!(streamed.report(), whole.report());
    let read_all = |root: PathBuf| {
        let mut files = Vec::new();
        let mut pending = vec![root.clone()];
        while let Some(path) = pending.pop() {
            for entry in fs::read_dir(&path).expect("readable") {
                let entry = entry.expect("readable");
                if entry.file_type().expect("readable").is_dir() {
                    pending.push(entry.path());
                } else {
                    let relative = entry
                        .path()
                        .strip_prefix(&root)
                        .expect("inside")
                        .to_path_buf();
                    files.push((relative, fs::read(entry.path()).expect("readable")));
                }
            }
        }
        files.sort();
        files
    };
    let streamed_files = read_all(dir.path().join("streamed"));
    assert_eq!(streamed_files, read_all(dir.path().join("whole")));
    assert_eq!(
        streamed_files.len(),
        whole.files().len() + 1,
        "and the marker"
    );
    Ok(())
}
