//! What a first-time user of the command line meets: the `generate` summary
//! as a to-do list (the exact builder call for each credential and variable
//! the client needs, and nothing it does not read), repeated diagnostics
//! collapsed (`--verbose` shows them all, `--quiet` none of the notes),
//! `generate --check`, `--crate-version` and the old `--version`, default
//! package names that do not collide, and `--environment`/`--var` on
//! `inspect` and `diff`.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{workspace_root, Run, BIN};

const WEBEX: &str = "collections/webex-meetings.postman_collection.json";
const ZOOM: &str = "collections/zoom-registrants.postman_collection.json";

/// Runs the binary from the workspace root, with `NO_COLOR` unset (colour
/// depends on the terminal here, not on the caller's environment).
fn run(args: &[&str]) -> Run {
    Run::of(
        Command::new(BIN)
            .args(args)
            .current_dir(workspace_root())
            .env_remove("NO_COLOR"),
    )
}

fn path_arg(path: &Path) -> String {
    path.display().to_string()
}

/// A collection whose three requests use variables in every place: `{{host}}`
/// in the base URL (no value), `{{tenant}}` as a whole path segment (a method
/// argument), `{{region}}` inside a fixed segment, `{{q}}` in a query value,
/// `{{orderNote}}` in a raw JSON body (the caller's value), and `{{apiToken}}`
/// as the bearer token. Each request has a test script, so the same
/// `scripts-ignored` note comes three times.
fn shop_collection(name: &str) -> String {
    let request = |item: &str, method: &str| {
        format!(
            r#"{{
              "name": "{item}",
              "event": [{{"listen": "test", "script": {{"exec": ["pm.test('ok')"]}}}}],
              "request": {{
                "method": "{method}",
                "auth": {{"type": "bearer", "bearer": [{{"key": "token", "value": "{{{{apiToken}}}}"}}]}},
                "header": [],
                "body": {{"mode": "raw", "raw": "{{\"note\": \"{{{{orderNote}}}}\"}}", "options": {{"raw": {{"language": "json"}}}}}},
                "url": {{
                  "raw": "{{{{host}}}}/v-{{{{region}}}}/{{{{tenant}}}}/{item}?q={{{{q}}}}",
                  "host": ["{{{{host}}}}"],
                  "path": ["v-{{{{region}}}}", "{{{{tenant}}}}", "{item}"],
                  "query": [{{"key": "q", "value": "{{{{q}}}}"}}]
                }}
              }}
            }}"#
        )
    };
    format!(
        r#"{{
          "info": {{"name": "{name}", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
          "item": [{}, {}, {}]
        }}"#,
        request("orders", "POST"),
        request("carts", "POST"),
        request("returns", "POST")
    )
}

fn write_shop(dir: &Path, file: &str, name: &str) -> String {
    let path = dir.join(file);
    fs::write(&path, shop_collection(name)).unwrap();
    path_arg(&path)
}

#[test]
fn the_summary_lists_each_builder_call_the_client_needs_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let shop = write_shop(dir.path(), "shop.postman_collection.json", "Shop");
    let result = run(&[
        "generate",
        &shop,
        "--out",
        &path_arg(&dir.path().join("shop")),
    ]);
    assert_eq!(result.code, Some(0), "{result:#?}");
    let summary = &result.stdout;
    assert!(
        summary
            .contains("    .bearer_token(..): the bearer token (the collection's `{{apiToken}}`)"),
        "{summary}"
    );
    assert!(summary.contains("3 operations send it"), "{summary}");
    assert!(
        summary.contains(
            r#"    .var("host", ..) or .base_url(..): `{{host}}`, no value, used in base URL"#
        ),
        "{summary}"
    );
    assert!(summary.contains(r#".var("region", ..)"#), "{summary}");
    assert!(summary.contains(r#".var("q", ..)"#), "{summary}");
    // A whole segment is a method argument; a raw body is the caller's value;
    // the auth variable is set by `.bearer_token(..)`.
    for not_configuration in ["tenant", "orderNote", "apiToken\""] {
        assert!(
            !summary.contains(&format!(".var(\"{not_configuration}")),
            "{not_configuration}: {summary}"
        );
    }
    assert!(!summary.contains("auth method"), "{summary}");
    // No setter that no request reads.
    let client = fs::read_to_string(dir.path().join("shop/src/client.rs")).unwrap();
    assert!(!client.contains("pub fn tenant("), "{client}");
    assert!(!client.contains("pub fn order_note("), "{client}");

    // The collections here: OAuth 2.0 for Zoom, a bearer token for Webex.
    let zoom = run(&[
        "generate",
        ZOOM,
        "--out",
        &path_arg(&dir.path().join("zoom")),
    ]);
    assert!(
        zoom.stdout
            .contains("    .access_token(..): the OAuth 2.0 access token"),
        "{zoom:#?}"
    );
    let webex = run(&[
        "generate",
        WEBEX,
        "--out",
        &path_arg(&dir.path().join("webex")),
    ]);
    assert!(
        webex.stdout.contains(
            "    .bearer_token(..): the bearer token (the collection's `{{accessToken}}`)"
        ),
        "{webex:#?}"
    );
}

#[test]
fn repeated_diagnostics_are_collapsed_verbose_shows_all_and_quiet_none() {
    let dir = tempfile::tempdir().unwrap();
    let shop = write_shop(dir.path(), "shop.postman_collection.json", "Shop");
    let out = path_arg(&dir.path().join("shop"));
    let headings = |text: &str| text.matches("note[scripts-ignored]").count();

    let default = run(&["generate", &shop, "--out", &out]);
    assert_eq!(headings(&default.stderr), 1, "{default:#?}");
    assert!(
        default.stderr.contains("   = 2 more like this\n"),
        "{default:#?}"
    );
    assert!(
        default.stderr.contains("--verbose shows every one"),
        "{default:#?}"
    );
    assert!(default.stdout.contains("3 scripts-ignored"), "{default:#?}");
    assert!(!default.stderr.contains('\x1b'), "no colour off a terminal");

    let verbose = run(&["generate", &shop, "--out", &out, "--verbose"]);
    assert_eq!(headings(&verbose.stderr), 3, "{verbose:#?}");
    assert!(!verbose.stderr.contains("more like this"), "{verbose:#?}");

    let quiet = run(&["generate", &shop, "--out", &out, "--quiet"]);
    assert_eq!(quiet.code, Some(0), "{quiet:#?}");
    assert_eq!(quiet.stdout, "", "{quiet:#?}");
    assert!(!quiet.stderr.contains("note["), "{quiet:#?}");
}

#[test]
fn check_lists_the_differing_files_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("webex-client");
    let missing = run(&["generate", WEBEX, "--out", &path_arg(&out), "--check"]);
    assert_eq!(missing.code, Some(1), "{missing:#?}");
    assert!(
        missing.stderr.contains("src/lib.rs (missing)"),
        "{missing:#?}"
    );
    assert!(!out.exists(), "--check writes nothing");

    let written = run(&["generate", WEBEX, "--out", &path_arg(&out)]);
    assert_eq!(written.code, Some(0), "{written:#?}");
    let fresh = run(&["generate", WEBEX, "--out", &path_arg(&out), "--check"]);
    assert_eq!(fresh.code, Some(0), "{fresh:#?}");
    assert!(fresh.stdout.contains("is up to date"), "{fresh:#?}");

    let lib = out.join("src/lib.rs");
    fs::write(&lib, "// edited by hand\n").unwrap();
    fs::write(out.join("src/extra.rs"), "").unwrap();
    let stale = run(&["generate", WEBEX, "--out", &path_arg(&out), "--check"]);
    assert_eq!(stale.code, Some(1), "{stale:#?}");
    assert!(stale.stderr.contains("src/lib.rs (changed)"), "{stale:#?}");
    assert!(stale.stderr.contains("src/extra.rs (extra)"), "{stale:#?}");
    assert_eq!(fs::read_to_string(&lib).unwrap(), "// edited by hand\n");
}

#[test]
fn crate_version_sets_the_package_version_and_the_old_flag_still_works_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("webex-client");
    let manifest = || fs::read_to_string(out.join("Cargo.toml")).unwrap();

    let new = run(&[
        "generate",
        WEBEX,
        "--out",
        &path_arg(&out),
        "--crate-version",
        "1.2.3",
    ]);
    assert_eq!(new.code, Some(0), "{new:#?}");
    assert!(manifest().contains("version = \"1.2.3\""), "{}", manifest());
    assert!(!new.stderr.contains("deprecated"), "{new:#?}");

    let old = run(&[
        "generate",
        WEBEX,
        "--out",
        &path_arg(&out),
        "--version",
        "2.0.0",
    ]);
    assert_eq!(old.code, Some(0), "{old:#?}");
    assert!(manifest().contains("version = \"2.0.0\""), "{}", manifest());
    assert!(
        old.stderr.contains("`generate --version` is deprecated")
            && old.stderr.contains("--crate-version"),
        "{old:#?}"
    );

    let tool = run(&["--version"]);
    assert_eq!(
        tool.stdout.trim(),
        format!("postman-codegen {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn default_package_names_come_from_the_out_directory_and_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    // Two collections with the same name, as two exports from one vendor have.
    let first = write_shop(dir.path(), "shop-v1.json", "Shop API");
    let second = write_shop(dir.path(), "shop-v2.json", "Shop API");
    let name_of = |out: &Path| {
        let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
        manifest
            .lines()
            .find_map(|l| {
                l.strip_prefix("name = ")
                    .map(|n| n.trim_matches('"').to_string())
            })
            .unwrap()
    };
    let a = dir.path().join("shop-v1-client");
    let b = dir.path().join("shop-v2-client");
    assert_eq!(
        run(&["generate", &first, "--out", &path_arg(&a)]).code,
        Some(0)
    );
    assert_eq!(
        run(&["generate", &second, "--out", &path_arg(&b)]).code,
        Some(0)
    );
    assert_eq!(name_of(&a), "shop-v1-client");
    assert_eq!(name_of(&b), "shop-v2-client");

    // A directory name that is no package name falls back to the collection's.
    let odd = dir.path().join("2 clients");
    assert_eq!(
        run(&["generate", &first, "--out", &path_arg(&odd)]).code,
        Some(0)
    );
    assert_eq!(name_of(&odd), "shop-api");
}

#[test]
fn inspect_and_diff_take_environments_and_vars() {
    let dir = tempfile::tempdir().unwrap();
    let shop = write_shop(dir.path(), "shop.postman_collection.json", "Shop");
    let environment = dir.path().join("prod.postman_environment.json");
    fs::write(
        &environment,
        r#"{"name": "prod", "values": [{"key": "host", "value": "https://shop.example.com", "enabled": true}]}"#,
    )
    .unwrap();

    let plain = run(&["inspect", &shop, "--json"]);
    assert_eq!(plain.code, Some(0), "{plain:#?}");
    assert!(!plain.stdout.contains("https://shop.example.com"));
    let with_env = run(&[
        "inspect",
        &shop,
        "--json",
        "--environment",
        &path_arg(&environment),
    ]);
    assert_eq!(with_env.code, Some(0), "{with_env:#?}");
    assert!(
        with_env.stdout.contains("https://shop.example.com"),
        "{with_env:#?}"
    );
    let with_var = run(&[
        "inspect",
        &shop,
        "--json",
        "--var",
        "host=https://other.example.com",
    ]);
    assert!(
        with_var.stdout.contains("https://other.example.com"),
        "{with_var:#?}"
    );

    // The same values on both sides: the base URL is no change.
    let diff = run(&[
        "diff",
        &shop,
        &shop,
        "--json",
        "--environment",
        &path_arg(&environment),
        "--var",
        "region=eu",
    ]);
    assert_eq!(diff.code, Some(0), "{diff:#?}");
    let bad = run(&[
        "inspect",
        &shop,
        "--environment",
        &path_arg(&dir.path().join("none.json")),
    ]);
    assert_eq!(bad.code, Some(1), "{bad:#?}");
    assert!(bad.stderr.contains("none.json"), "{bad:#?}");
}
