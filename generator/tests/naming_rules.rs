//! The naming rules (lower/naming.rs, infer/naming.rs), one fixture each in
//! `tests/fixtures/naming/`, named for the rule, with a snapshot of the
//! names it produces: per request the call a user writes and the operation's
//! unique name, then every generated type with its fields or variants.
//! Then the property the rules exist for: adding a request renames nothing.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::fmt::Write as _;

use postman_codegen::unstable::emit::{emit_crate, ApiInput, CrateOptions};
use postman_codegen::unstable::infer::{infer, rust_type};
use postman_codegen::unstable::ir::{Api, TypeKind, TypeTable};
use serde_json::Value;

/// The names a user meets, as text.
fn names(api: &Api, types: &TypeTable) -> String {
    let mut out = String::new();
    for (index, op) in api.operations.iter().enumerate() {
        let mut call = String::from("client");
        for accessor in api.group_path(op.group) {
            write!(call, ".{accessor}()").unwrap();
        }
        let args: Vec<String> = op
            .path_params
            .iter()
            .zip(&types.operations[index].path_params)
            .map(|(param, ty)| format!("{}: {}", param.ident, rust_type(types, ty)))
            .collect();
        let setters: String = op
            .query
            .iter()
            .zip(&types.operations[index].query)
            .filter_map(|(query, ty)| match &query.value {
                postman_codegen::unstable::ir::QueryValue::Param { param } => {
                    Some(format!(".{}({})", param.ident, rust_type(types, ty)))
                }
                _ => None,
            })
            .collect();
        writeln!(
            out,
            "{call}.{}({}){setters}    // {} (`{}`)",
            op.method_name,
            args.join(", "),
            op.postman_name,
            op.name
        )
        .unwrap();
    }
    out.push('\n');
    for def in &types.defs {
        match &def.kind {
            TypeKind::Struct { fields } => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}: {}", f.ident, rust_type(types, &f.ty)))
                    .collect();
                writeln!(out, "struct {} {{ {} }}", def.name, fields.join(", ")).unwrap();
            }
            TypeKind::Enum { variants } => {
                let variants: Vec<String> = variants
                    .iter()
                    .map(|v| format!("{} = {:?}", v.ident, v.value))
                    .collect();
                writeln!(out, "enum {} {{ {} }}", def.name, variants.join(", ")).unwrap();
            }
        }
    }
    out
}

#[test]
fn each_naming_rule_on_its_fixture() {
    insta::glob!("fixtures/naming", "*.postman_collection.json", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let api = postman_codegen::unstable::load_api(&bytes).expect("fixture lowers");
        let types = infer(&api);
        insta::assert_snapshot!("names", names(&api, &types));
    });
}

/// Every generated file's text, by path, for `collection`.
fn generate(collection: &Value) -> BTreeMap<String, String> {
    let api =
        postman_codegen::unstable::load_api(collection.to_string().as_bytes()).expect("lowers");
    let types = infer(&api);
    let input = ApiInput {
        api: &api,
        types: &types,
        module: "api",
    };
    emit_crate(&[input], &CrateOptions::new("ripple-client", "0.1.0"))
        .expect("emits")
        .iter()
        .map(|(path, text)| (path.clone(), text.clone()))
        .collect()
}

/// The lines of `old` that are missing from `new` (which may add lines
/// anywhere): empty when `new` only inserts.
fn removed_lines<'a>(old: &'a str, new: &str) -> Vec<&'a str> {
    let new_lines: Vec<&str> = new.lines().collect();
    let mut at = 0;
    let mut removed = Vec::new();
    for line in old.lines() {
        match new_lines[at..]
            .iter()
            .position(|candidate| *candidate == line)
        {
            Some(offset) => at += offset + 1,
            None => removed.push(line),
        }
    }
    removed
}

#[test]
fn adding_requests_only_adds_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text =
        std::fs::read_to_string(root.join("collections/zoom-registrants.postman_collection.json"))
            .expect("collection is readable");
    let before: Value = serde_json::from_str(&text).unwrap();
    let mut after = before.clone();
    // The new requests authenticate as the existing ones do (a new auth
    // scheme would change the client's configuration, which is not naming).
    fn first_auth(items: &Value) -> Option<Value> {
        items
            .as_array()?
            .iter()
            .find_map(|item| match item.get("item") {
                Some(children) => first_auth(children),
                None => item["request"].get("auth").cloned(),
            })
    }
    let auth = first_auth(&before["item"]).unwrap_or(Value::Null);
    // A request with the name of an existing one (its operation name and
    // types collide with theirs), in a new folder at the end, with a
    // `registrants` list of another shape (its item type wants `Registrant`,
    // which is taken) ...
    after["item"].as_array_mut().unwrap().push(serde_json::json!({
        "name": "archive",
        "item": [{
            "id": "new-1",
            "name": "Update registrant's status",
            "request": {
                "method": "PUT",
                "auth": auth,
                "url": "{{baseUrl}}/archive/:archiveId/registrants/status",
                "body": {"mode": "raw", "raw": "{\"registrants\": [{\"key\": 1, \"note\": \"n\"}]}",
                         "options": {"raw": {"language": "json"}}}
            },
            "response": [{"name": "ok", "code": 200,
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": "{\"archived\": [{\"at\": \"2024-01-01\"}]}"}]
        }]
    }));
    // ... and one at the end of an existing folder.
    let first_folder = after["item"][0]["item"].as_array_mut().unwrap();
    first_folder.push(serde_json::json!({
        "id": "new-2",
        "name": "List the registrants",
        "request": {"method": "GET", "auth": auth, "url": "{{baseUrl}}/meetings/:meetingId/registrants"},
        "response": [{"name": "ok", "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": "{\"page_size\": 30, \"people\": [{\"first\": \"a\"}]}"}]
    }));

    let old = generate(&before);
    let new = generate(&after);
    // `RIPPLE_DUMP=DIR` writes both versions out, to read a failure with `diff -r`.
    if let Ok(dir) = std::env::var("RIPPLE_DUMP") {
        for (tag, files) in [("old", &old), ("new", &new)] {
            for (path, text) in files.iter() {
                let file = std::path::Path::new(&dir).join(tag).join(path);
                std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                std::fs::write(file, text).unwrap();
            }
        }
    }
    let mut problems = Vec::new();
    for (path, old_text) in &old {
        match new.get(path) {
            None => problems.push(format!("{path} disappeared")),
            Some(new_text) => {
                let removed = removed_lines(old_text, new_text);
                if !removed.is_empty() {
                    problems.push(format!(
                        "{path} lost or changed lines:\n  {}",
                        removed.join("\n  ")
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The new code is there, under names that did not push the old ones aside
    // (`Registrant` was taken, so the new item type has a longer path suffix).
    let archive = &new["src/archive.rs"];
    assert!(
        archive.contains("pub fn update_registrants_status("),
        "{archive}"
    );
    assert!(
        archive.contains("archive_id: impl Into<String>"),
        "{archive}"
    );
    assert!(new["src/meetings/mod.rs"].contains("pub fn list_registrants("));
    let types = &new["src/types.rs"];
    assert!(types.contains("pub struct ArchiveUpdateRegistrantsStatusRequest {"));
    assert!(types.contains("pub struct ArchiveUpdateRegistrantsStatusRequestRegistrant {"));
}
