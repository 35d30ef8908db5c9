//! The `postman-codegen` binary's manners: Postman environments and `--var`,
//! secrets kept out of generated code, the summary, diagnostics that point
//! into the collection (snapshots of three malformed collections),
//! `--message-format json`, `--deny-warnings` and `--help`.

use std::fs;
use std::path::{Path, PathBuf};

use super::run;

use serde_json::Value;

const WEBEX: &str = "collections/webex-meetings.postman_collection.json";
const MALFORMED: &str = "generator/tests/fixtures/malformed";

/// Every file under `dir`, with its content.
fn read_tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("readable directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let text =
                    String::from_utf8_lossy(&fs::read(&path).expect("readable")).into_owned();
                files.push((path, text));
            }
        }
    }
    files
}

/// Secret values: one typed `secret`, one whose name says token.
const SECRET_TYPED: &str = "s3cr3t-typed-value-7f1e";
const SECRET_NAMED: &str = "tok-named-value-4b2f";

/// A Postman environment export as the app writes it.
fn environment() -> String {
    format!(
        r#"{{
  "id": "5d0c2a8e-1f7b-4e0a-9c3d-2b1e0f9a8c7d",
  "name": "Webex staging",
  "values": [
    {{"key": "baseUrl", "value": "https://staging.webex.example.test/v1", "type": "default", "enabled": true}},
    {{"key": "accessToken", "value": "{SECRET_NAMED}", "type": "default", "enabled": true}},
    {{"key": "sessionCookie", "value": "{SECRET_TYPED}", "type": "secret", "enabled": true}},
    {{"key": "hostEmail", "value": "host@example.test", "type": "default", "enabled": true}}
  ],
  "_postman_variable_scope": "environment",
  "_postman_exported_using": "Postman/11.2.0"
}}"#
    )
}

#[test]
fn an_environment_sets_the_default_base_url_and_secrets_stay_out_of_the_code() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let env_path = dir.path().join("webex.postman_environment.json");
    fs::write(&env_path, environment()).expect("writable");
    let out = dir.path().join("client");
    let result = run(&[
        "generate",
        WEBEX,
        "--environment",
        &env_path.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(result.code, Some(0), "{result:#?}");

    let files = read_tree(&out);
    assert!(
        files
            .iter()
            .any(|(_, text)| text.contains("https://staging.webex.example.test/v1")),
        "the environment's base URL is the client's default"
    );
    assert!(
        files
            .iter()
            .all(|(_, text)| !text.contains("https://webexapis.com/v1")),
        "the environment's value wins over the collection's"
    );
    for (path, text) in &files {
        for secret in [SECRET_TYPED, SECRET_NAMED] {
            assert!(
                !text.contains(secret),
                "{secret} leaked into {}",
                path.display()
            );
        }
    }
    for secret in [SECRET_TYPED, SECRET_NAMED] {
        assert!(!result.stdout.contains(secret) && !result.stderr.contains(secret));
    }

    // The report says what the client needs: the token, whose value was withheld.
    let stdout = &result.stdout;
    assert!(
        stdout.contains("base URL: https://staging.webex.example.test/v1"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "    .bearer_token(..): the bearer token (the collection's `{{accessToken}}`); \
             the collection's value was not copied"
        ),
        "{stdout}"
    );
}

#[test]
fn a_var_wins_over_the_environment() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let env_path = dir.path().join("webex.postman_environment.json");
    fs::write(&env_path, environment()).expect("writable");
    let out = dir.path().join("client");
    let result = run(&[
        "generate",
        WEBEX,
        "--environment",
        &env_path.display().to_string(),
        "--var",
        "baseUrl=https://override.example.test",
        "--var",
        "apiKey=value-of-a-key-9c1d",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(result.code, Some(0), "{result:#?}");
    let files = read_tree(&out);
    assert!(files
        .iter()
        .any(|(_, text)| text.contains("https://override.example.test")));
    assert!(files
        .iter()
        .all(|(_, text)| !text.contains("value-of-a-key-9c1d")));
}

#[test]
fn a_collection_passed_as_environment_is_an_input_error() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("client");
    let result = run(&[
        "generate",
        WEBEX,
        "--environment",
        WEBEX,
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(result.code, Some(1), "{result:#?}");
    assert!(
        result.stderr.contains("not-an-environment") && result.stderr.contains(WEBEX),
        "{result:#?}"
    );
    assert!(!out.exists());
}

/// The terminal rendering of each malformed collection's diagnostics.
#[test]
fn diagnostics_of_malformed_collections() {
    insta::glob!(
        "../../../generator/tests/fixtures/malformed",
        "*.json",
        |path| {
            let file = format!(
                "{MALFORMED}/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let dir = tempfile::tempdir().expect("temporary directory");
            let out = dir.path().join("client").display().to_string();
            let result = run(&["generate", &file, "--out", &out]);
            assert!(!result.stderr.contains("panicked"), "{result:#?}");
            insta::assert_snapshot!(format!(
                "exit code: {:?}\n--- stderr\n{}",
                result.code, result.stderr
            ));
        }
    );
}

#[test]
fn json_messages_are_one_object_per_line() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("unsupported-parts").display().to_string();
    let file = format!("{MALFORMED}/unsupported-parts.postman_collection.json");
    let result = run(&["generate", &file, "--out", &out, "--message-format", "json"]);
    assert_eq!(result.code, Some(0), "{result:#?}");
    let lines: Vec<Value> = result
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let (summary, diagnostics) = lines.split_last().expect("a summary line");
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["warnings"], 2);
    assert_eq!(summary["apis"][0]["operations"], 2);
    let auth = diagnostics
        .iter()
        .find(|d| d["code"] == "unsupported-auth")
        .expect("the unsupported auth warning");
    assert_eq!(auth["type"], "diagnostic");
    assert_eq!(auth["severity"], "warning");
    assert_eq!(auth["path"], "$.item[0].auth");
    assert_eq!(auth["line"], 9);
    assert_eq!(auth["column"], 7);
    assert_eq!(auth["file"], file.as_str());
    assert!(auth["message"]
        .as_str()
        .is_some_and(|m| m.contains("oci-v1")));
    assert!(
        diagnostics.iter().any(|d| d["severity"] == "note"),
        "notes are included"
    );

    // A failure is a JSON line too, with exit code 1.
    let bad = format!("{MALFORMED}/trailing-comma.postman_collection.json");
    let result = run(&["generate", &bad, "--out", &out, "--message-format", "json"]);
    assert_eq!(result.code, Some(1), "{result:#?}");
    let error: Value = serde_json::from_str(result.stdout.trim()).expect("one JSON line");
    assert_eq!(error["code"], "invalid-json");
    assert_eq!(
        (error["line"].clone(), error["column"].clone()),
        (12.into(), 7.into())
    );
}

#[test]
fn deny_warnings_exits_with_3_after_writing_the_crate() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("client");
    let out_arg = out.display().to_string();
    let file = format!("{MALFORMED}/unsupported-parts.postman_collection.json");
    let result = run(&["generate", &file, "--out", &out_arg, "--deny-warnings"]);
    assert_eq!(result.code, Some(3), "{result:#?}");
    assert!(out.join("Cargo.toml").is_file(), "the crate is written");
    assert!(
        result.stderr.contains("2 warnings and --deny-warnings"),
        "{result:#?}"
    );

    let clean = run(&["generate", WEBEX, "--out", &out_arg, "--deny-warnings"]);
    assert_eq!(clean.code, Some(0), "{clean:#?}");
}

#[test]
fn the_summary_reads_in_a_glance() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("unsupported-parts").display().to_string();
    let file = format!("{MALFORMED}/unsupported-parts.postman_collection.json");
    let result = run(&["generate", &file, "--out", &out]);
    assert_eq!(result.code, Some(0), "{result:#?}");
    // The file count is the emitter's business; the rest is this summary's.
    let summary: Vec<String> = result
        .stdout
        .lines()
        .map(
            |line| match line.strip_prefix("wrote crate `unsupported-parts` to ") {
                Some(_) => "wrote crate `unsupported-parts` to OUT (N files)".to_string(),
                None => line.to_string(),
            },
        )
        .collect();
    insta::assert_snapshot!(summary.join("\n"), @r#"
    unsupported: 2 operations, 0 types (from generator/tests/fixtures/malformed/unsupported-parts.postman_collection.json)
      base URL: none known; set it with the client builder's `.base_url(..)`
      needs configuration (on `Client::builder()`):
        .basic_auth(.., ..): the username and password; the collection's value was not copied; 1 operation sends it, without auth until it is set
        .var("baseUrl", ..) or .base_url(..): `{{baseUrl}}`, no value, used in base URL; requests using it fail with `Error::InvalidRequest` until it is set
    2 warnings (empty-url, unsupported-auth), 3 notes (scripts-ignored, unresolved-variable, url-userinfo)
    wrote crate `unsupported-parts` to OUT (N files)
    "#);
}

#[test]
fn package_metadata_interface_and_derives_from_flags() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("client");
    let out_arg = out.display().to_string();
    let floats = "generator/tests/fixtures/compile/shop.postman_collection.json";
    let result = run(&[
        "generate",
        floats,
        "--out",
        &out_arg,
        "--license",
        "MIT",
        "--description",
        "Shop \"client\"",
        "--repository",
        "https://github.com/example/shop-client",
        "--keyword",
        "shop",
        "--keyword",
        "api",
        "--author",
        "Jane <jane@example.com>",
        "--interface",
        "blocking",
        "--derive",
        "Eq",
        "--derive",
        "Hash",
    ]);
    assert_eq!(result.code, Some(0), "{result:#?}");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("written");
    for line in [
        "license = \"MIT\"",
        "description = \"Shop \\\"client\\\"\"",
        "repository = \"https://github.com/example/shop-client\"",
        "keywords = [\"shop\", \"api\"]",
        "authors = [\"Jane <jane@example.com>\"]",
        "default = [\"rustls\", \"blocking\"]",
    ] {
        assert!(manifest.lines().any(|l| l == line), "{line}\n{manifest}");
    }
    assert!(!manifest.contains("homepage"), "{manifest}");
    // One warning per derive that some types cannot have.
    assert!(
        result
            .stderr
            .contains("warning[derive-skipped]: `Eq` is left out of 4 of 9 generated types"),
        "{result:#?}"
    );
    assert!(
        result.stdout.contains("2 warnings (2 derive-skipped)"),
        "{result:#?}"
    );

    let too_many = ["a", "b", "c", "d", "e", "f"]
        .iter()
        .flat_map(|k| ["--keyword", k])
        .collect::<Vec<_>>();
    let mut args = vec!["generate", WEBEX, "--out", &out_arg];
    args.extend(too_many);
    let refused = run(&args);
    assert_eq!(refused.code, Some(1), "{refused:#?}");
    assert!(
        refused.stderr.contains(
            "error[invalid-package-metadata]: 6 keywords are given; crates.io accepts at most 5"
        ),
        "{refused:#?}"
    );
    let bad_derive = run(&["generate", WEBEX, "--out", &out_arg, "--derive", "Vec<u8>"]);
    assert_eq!(bad_derive.code, Some(2), "{bad_derive:#?}");
    assert!(
        bad_derive.stderr.contains("is not a derive macro path"),
        "{bad_derive:#?}"
    );
    let bad_interface = run(&["generate", WEBEX, "--out", &out_arg, "--interface", "sync"]);
    assert_eq!(bad_interface.code, Some(2), "{bad_interface:#?}");
}

#[test]
fn every_subcommand_has_help_with_an_example_and_the_exit_codes() {
    for args in [
        &["--help"][..],
        &["generate", "--help"],
        &["inspect", "--help"],
        &["diff", "--help"],
    ] {
        let result = run(args);
        assert_eq!(result.code, Some(0), "{args:?}: {result:#?}");
        assert!(
            result.stdout.contains("Examples:"),
            "{args:?}: {}",
            result.stdout
        );
        assert!(
            result.stdout.contains("Exit codes:"),
            "{args:?}: {}",
            result.stdout
        );
        assert!(
            result.stdout.contains("postman-codegen "),
            "{args:?}: {}",
            result.stdout
        );
    }
    let generate = run(&["generate", "--help"]).stdout;
    for option in [
        "--environment",
        "--var <NAME=VALUE>",
        "--message-format",
        "--deny-warnings",
        "3  the crate was written",
        "--license <SPDX>",
        "--description <TEXT>",
        "--repository <URL>",
        "--interface <INTERFACE>",
        "--derive <PATH>",
    ] {
        assert!(generate.contains(option), "{option}: {generate}");
    }
    let diff = run(&["diff", "--help"]).stdout;
    for text in [
        "postman-codegen diff old",
        "--current-version 0.3.0",
        "0  the report was printed",
        "2  usage error",
    ] {
        assert!(diff.contains(text), "{text}: {diff}");
    }
    let bad_var = run(&["generate", WEBEX, "--out", "x", "--var", "novalue"]);
    assert_eq!(bad_var.code, Some(2), "{bad_var:#?}");
}
