//! Regression tests for issue #18 (security and reliability), one or more per
//! item of the hostile probe, named after the item.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateFiles, CrateOptions};
use postman_codegen::unstable::ir::Api;
use serde_json::{json, Value};

fn load(collection: &Value) -> Api {
    postman_codegen::unstable::load_api(&serde_json::to_vec(collection).unwrap()).unwrap()
}

fn generate(api: &Api) -> CrateFiles {
    let types = postman_codegen::unstable::infer::infer(api);
    let input = ApiInput {
        api,
        types: &types,
        module: "api",
    };
    emit_crate(&[input], &CrateOptions::new("probe-client", "0.1.0")).unwrap()
}

fn codes(api: &Api) -> Vec<&str> {
    api.diagnostics.iter().map(|d| d.code).collect()
}

fn header(key: &str, value: &str) -> Value {
    json!({"key": key, "value": value})
}

#[test]
fn item_3_literal_credential_headers_and_query_values_never_reach_generated_code() {
    let collection = json!({
        "info": {"name": "literal credentials"},
        "variable": [
            {"key": "sessionId", "value": "SESSION-VALUE-3"},
            {"key": "auth", "value": "AUTH-VALUE-3"},
            {"key": "bearer", "value": "BEARER-VALUE-3"},
            {"key": "signature", "value": "SIGNATURE-VALUE-3"},
        ],
        "item": [
            {"name": "uses the session id in a path first", "request": {"method": "GET", "url": "https://h/s/{{sessionId}}"}},
            {"name": "literal", "request": {"method": "GET", "url": "https://h/a?api_key=QUERY-LITERAL-3&page=2",
                "header": [
                    header("Authorization", "Bearer LITERAL-BEARER-3"),
                    header("X-API-Key", "LITERAL-KEY-3"),
                    header("Cookie", "session=LITERAL-COOKIE-3"),
                    header("X-Anything", "Hawk id=\"LITERAL-HAWK-3\", mac=\"m\""),
                    header("Accept", "application/json"),
                ]}},
            {"name": "variables", "request": {"method": "GET", "url": "https://h/b",
                "header": [
                    header("Cookie", "{{sessionId}}"),
                    header("Authorization", "{{auth}}"),
                    header("X-Token", "Bearer {{bearer}}"),
                    header("X-Signature", "{{signature}}"),
                ]}},
        ],
    });
    let api = load(&collection);
    let warnings = codes(&api)
        .iter()
        .filter(|c| **c == "literal-credential")
        .count();
    assert_eq!(warnings, 5, "{:?}", api.diagnostics);
    for name in [
        "sessionId",
        "auth",
        "bearer",
        "signature",
        "X-API-Key",
        "Authorization",
        "api_key",
    ] {
        let var = api
            .variables
            .iter()
            .find(|v| v.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(var.secret && var.default.is_none(), "{var:?}");
    }
    for (path, text) in generate(&api) {
        assert!(
            !text.contains("-3\"") && !text.contains("-3 "),
            "{path} holds a literal credential"
        );
        for value in [
            "LITERAL-",
            "QUERY-LITERAL",
            "SESSION-VALUE",
            "AUTH-VALUE",
            "BEARER-VALUE",
            "SIGNATURE-VALUE",
        ] {
            assert!(!text.contains(value), "{path} holds `{value}`");
        }
    }
}

/// The names after `pub struct` and `pub enum` in every generated file.
fn type_names(files: &CrateFiles) -> Vec<String> {
    let mut names = Vec::new();
    for text in files.values() {
        for line in text.lines() {
            let line = line.trim_start();
            if let Some(rest) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.push(name);
            }
        }
    }
    names
}

#[test]
fn item_8_a_folder_self_holding_a_request_self_gets_camel_case_type_names() {
    let collection = json!({
        "info": {"name": "selves"},
        "item": [
            {"name": "self", "item": [{"name": "self", "request": "https://h/a"}, {"name": "Self", "request": "https://h/b"}]},
            {"name": "Self", "item": [{"name": "self", "request": "https://h/c"}]},
        ],
    });
    let names = type_names(&generate(&load(&collection)));
    assert!(names.iter().any(|n| n.starts_with("Self")), "{names:?}");
    for name in &names {
        // rustc's `non_camel_case_types` ignores leading and trailing underscores (`Self_`).
        let inner = name.trim_matches('_');
        assert!(
            !inner.contains('_') && inner.starts_with(|c: char| c.is_ascii_uppercase()),
            "`{name}` is not camel case: {names:?}"
        );
    }
}

#[test]
fn item_6_folders_and_collection_files_never_take_a_module_name_the_layout_uses() {
    let folders: Vec<Value> = ["lib", "main", "bin", "mod", "runtime"]
        .iter()
        .map(|name| {
            json!({"name": name, "item": [
                {"name": "mod", "item": [{"name": "x", "request": "https://h/x"}]},
                {"name": "y", "request": "https://h/y"},
            ]})
        })
        .collect();
    let collection = json!({"info": {"name": "layout"}, "item": folders});
    let files = generate(&load(&collection));
    let lib = &files["src/lib.rs"];
    for name in ["lib", "main", "bin", "mod", "runtime"] {
        assert!(
            !files.contains_key(&format!("src/{name}.rs")) || name == "lib",
            "src/{name}.rs"
        );
        assert!(
            !files
                .keys()
                .any(|path| path.starts_with(&format!("src/{name}/")) && name != "runtime"),
            "src/{name}/"
        );
        assert!(
            !lib.contains(&format!("mod {name};")) || name == "runtime",
            "mod {name};"
        );
    }
    let modules = postman_codegen::unstable::generate::module_names(&[
        "lib.postman_collection.json",
        "main.postman_collection.json",
        "other.postman_collection.json",
    ]);
    for reserved in ["lib", "main", "bin", "mod"] {
        assert!(!modules.iter().any(|m| m == reserved), "{modules:?}");
    }
}

#[test]
fn item_4_self_referencing_and_doubling_variables_get_a_diagnostic_naming_them() {
    let collection = json!({
        "info": {"name": "cycles"},
        "variable": [
            {"key": "a", "value": "{{a}}"},
            {"key": "d0", "value": format!("{{{{d1}}}}{{{{d1}}}}{}", "x".repeat(100))},
            {"key": "d1", "value": format!("{{{{d2}}}}{{{{d2}}}}{}", "x".repeat(100))},
            {"key": "d2", "value": format!("{{{{d0}}}}{{{{d0}}}}{}", "x".repeat(100))},
        ],
        "item": [{"name": "r", "request": "https://h/{{a}}/{{d0}}"}],
    });
    let api = load(&collection);
    let found = |code: &str, name: &str| {
        api.diagnostics.iter().any(|d| {
            d.code == code
                && d.message.contains(&format!("`{name}`"))
                && d.path.as_str().starts_with("$.variable[")
        })
    };
    assert!(found("variable-cycle", "a"), "{:?}", api.diagnostics);
    assert!(found("variable-expansion", "d0"), "{:?}", api.diagnostics);
}

#[test]
fn extra_an_invalid_http_method_gets_a_warning_at_generation() {
    let collection = json!({
        "info": {"name": "methods"},
        "item": [
            {"name": "bad", "request": {"method": "GET /x HTTP/1.1", "url": "https://h/a"}},
            {"name": "custom", "request": {"method": "PURGE", "url": "https://h/b"}},
        ],
    });
    let api = load(&collection);
    let warnings: Vec<_> = api
        .diagnostics
        .iter()
        .filter(|d| d.code == "invalid-method")
        .collect();
    assert_eq!(warnings.len(), 1, "{:?}", api.diagnostics);
    assert_eq!(warnings[0].path, "$.item[0].request.method");
}

#[test]
fn item_11_duplicate_ids_are_warned_about_and_diff_reports_no_false_rename() {
    let item = |name: &str, path: &str| json!({"id": "same-id", "name": name, "request": format!("https://h/{path}")});
    let old = json!({"info": {"name": "d"}, "item": [item("list", "a"), item("fetch", "b")]});
    let new = json!({"info": {"name": "d"}, "item": [item("fetch", "b")]});
    let (old, new) = (load(&old), load(&new));
    assert_eq!(
        old.diagnostics
            .iter()
            .filter(|d| d.code == "duplicate-id")
            .count(),
        1,
        "{:?}",
        old.diagnostics
    );
    let changes = postman_codegen::unstable::diff::diff(
        &old,
        &postman_codegen::unstable::infer::infer(&old),
        &new,
        &postman_codegen::unstable::infer::infer(&new),
    );
    assert_eq!(changes.changes.len(), 1, "{:#?}", changes.changes);
    assert_eq!(
        changes.changes[0].kind,
        postman_codegen::unstable::diff::ChangeKind::Removed
    );
    assert!(
        changes.changes[0].subject.contains("list"),
        "{:?}",
        changes.changes[0]
    );
}

/// A collection whose one request has a saved JSON response `body`.
fn with_response(body: &str) -> Value {
    json!({
        "info": {"name": "deep"},
        "item": [{"name": "r", "request": "https://h/r", "response": [
            {"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body},
        ]}],
    })
}

#[test]
fn item_7_examples_nested_past_the_type_depth_get_a_warning_and_a_bounded_type() {
    let arrays = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let objects = |depth: usize| {
        format!(
            "{}1{}",
            "[{\"a\": ".repeat(depth / 2),
            "}]".repeat(depth / 2)
        )
    };
    for (depth, body, warned) in [127, 128, 300]
        .into_iter()
        .flat_map(|d| [(d, arrays(d), true), (d, objects(d), false)])
    {
        let api = load(&with_response(&body));
        assert!(
            api.operations[0].responses[0].json.is_some(),
            "{depth}: the example became text"
        );
        // Objects are named structs and break the nesting; only arrays in arrays add up.
        assert_eq!(
            codes(&api).contains(&"deep-example"),
            warned,
            "{depth}: {:?}",
            api.diagnostics
        );
        let files = generate(&api);
        let deepest = files
            .values()
            .flat_map(|text| text.lines())
            .map(|line| line.matches("Vec<").count() + line.matches("Option<").count())
            .max()
            .unwrap_or(0);
        // rustc overflows near 128; the bound is 32 levels, each at most a `Vec` and an `Option`.
        assert!(
            deepest <= 64,
            "{depth}: a type nests {deepest} generic levels on one line"
        );
    }
}

#[test]
fn item_5_long_keys_and_names_give_bounded_identifiers_and_literals() {
    let key = "k".repeat(1 << 20);
    let name = "n".repeat(1 << 20);
    let body = serde_json::to_string(&json!({ key.clone(): 1, "id": 2 })).unwrap();
    let mut collection = with_response(&body);
    collection["item"][0]["name"] = json!(name);
    collection["item"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "n".repeat(70_000) + "x", "request": "https://h/x"}));
    let files = generate(&load(&collection));
    for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        assert!(!text.contains(&key[..300]), "{path} holds the 1 MB key");
        // Identifiers, and literals other than docs, stay short.
        for line in text
            .lines()
            .map(str::trim_start)
            .filter(|l| !l.starts_with("//"))
        {
            let longest_word = line
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .map(str::len)
                .max()
                .unwrap_or(0);
            assert!(
                longest_word <= 140,
                "{path}: a word of {longest_word} characters: {}",
                &line[..200.min(line.len())]
            );
        }
    }
}

#[test]
fn sibling_of_item_3_credential_values_in_raw_json_bodies_never_reach_generated_code() {
    let raw = r#"{"user": {"name": "ann-JSON-NAME", "password": "JSON-PW-3"},
  "keys": [{"client_secret": "JSON-SECRET-3", "scope": "read"}], "token": "Bearer JSON-TOKEN-3"}"#;
    let saved = r#"{"user": {"name": "bob", "password": "SAVED-PW-3"}, "keys": []}"#;
    let collection = json!({
        "info": {"name": "json"},
        "item": [{"name": "login", "request": {"method": "POST", "url": "https://h/login",
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": {"mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}},
            "response": [{"name": "ok", "code": 200, "originalRequest": {"method": "POST",
                "url": "https://h/login", "body": {"mode": "raw", "raw": saved}}}]}],
    });
    let api = load(&collection);
    for (path, text) in generate(&api) {
        for literal in ["JSON-PW-3", "JSON-SECRET-3", "JSON-TOKEN-3", "SAVED-PW-3"] {
            assert!(!text.contains(literal), "{literal} in {path}");
        }
    }
    // The caller supplies them: secret client variables, one warning per place.
    for name in ["password", "client_secret", "token"] {
        assert!(
            api.variables.iter().any(|v| v.name == name && v.secret),
            "{name} is a secret client variable"
        );
    }
    let warnings: Vec<String> = api
        .diagnostics
        .iter()
        .filter(|d| d.code == "literal-credential")
        .map(|d| format!("{} {}", d.path, d.message))
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    for pointer in ["/user/password", "/keys/0/client_secret", "/token"] {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("request.body.raw") && w.contains(pointer)),
            "{pointer}: {warnings:?}"
        );
    }
    // Ordinary values and the scheme stay; the rest of the body is unchanged.
    let files = generate(&api);
    assert!(files.values().any(|text| text.contains("ann-JSON-NAME")));
    assert!(files.values().any(|text| text.contains("Bearer {{token}}")));
}

#[test]
fn sibling_of_item_3_credential_form_field_values_never_reach_generated_docs() {
    let collection = json!({
        "info": {"name": "form"},
        "variable": [{"key": "pw", "value": "VARIABLE-PW-3"}],
        "item": [{"name": "token", "request": {"method": "POST", "url": "https://h/token", "body": {"mode": "urlencoded", "urlencoded": [
            {"key": "client_secret", "value": "FORM-SECRET-3"},
            {"key": "password", "value": "{{pw}}"},
            {"key": "grant_type", "value": "client_credentials"},
        ]}}}],
    });
    let api = load(&collection);
    assert!(api.variables.iter().any(|v| v.name == "pw" && v.secret));
    for (path, text) in generate(&api) {
        assert!(
            !text.contains("FORM-SECRET-3") && !text.contains("VARIABLE-PW-3"),
            "{path}"
        );
    }
    let files = generate(&api);
    assert!(
        files
            .values()
            .any(|text| text.contains("client_credentials")),
        "ordinary examples stay"
    );
}
