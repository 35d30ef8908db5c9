//! The naming rules (lower/naming.rs, infer/naming.rs), one fixture each in
//! `tests/fixtures/naming/`, named for the rule, with a snapshot of the
//! names it produces: per request the call a user writes and the operation's
//! unique name, then every generated type with its fields or variants.
//! Then the property the rules exist for: adding a request renames nothing,
//! appended without memory, inserted anywhere with the name lock.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::fmt::Write as _;

use postman_codegen::unstable::generate::{generate_crate, GenerateOptions, Source};
use postman_codegen::unstable::infer::{infer, rust_type};
use postman_codegen::unstable::ir::{Api, TypeKind, TypeTable};
use postman_codegen::unstable::name_lock::{NameLock, NAME_LOCK_FILE};
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

/// Every generated file's text, by path, for `collection`, keeping the
/// names recorded in `previous` (a crate's name lock).
fn generate(collection: &Value, previous: &NameLock) -> BTreeMap<String, String> {
    let sources = vec![Source::new(
        "api.postman_collection.json",
        collection.to_string().into_bytes(),
    )];
    let options = GenerateOptions {
        crate_name: Some("ripple-client".into()),
        previous_names: previous.clone(),
        ..GenerateOptions::default()
    };
    generate_crate(sources, &options)
        .expect("generates")
        .files
        .into_iter()
        .collect()
}

/// The name lock a generation wrote.
fn lock_of(files: &BTreeMap<String, String>) -> NameLock {
    NameLock::parse(&files[NAME_LOCK_FILE]).expect("the crate carries its name lock")
}

/// Every file of `old` whose lines are not all in `new`, in order, with the
/// lines lost (the name lock itself is data and left out).
fn ripples(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (path, old_text) in old {
        if path == NAME_LOCK_FILE {
            continue;
        }
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
    problems
}

/// `RIPPLE_DUMP=DIR` writes generated versions out, to read a failure with `diff -r`.
fn dump(tag: &str, files: &BTreeMap<String, String>) {
    if let Ok(dir) = std::env::var("RIPPLE_DUMP") {
        for (path, text) in files {
            let file = std::path::Path::new(&dir).join(tag).join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
    }
}

/// The zoom-registrants collection and the auth its requests use (new
/// requests authenticate as the existing ones do: a new auth scheme would
/// change the client's configuration, which is not naming).
fn registrants_collection() -> (Value, Value) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text =
        std::fs::read_to_string(root.join("collections/zoom-registrants.postman_collection.json"))
            .expect("collection is readable");
    let collection: Value = serde_json::from_str(&text).unwrap();
    fn first_auth(items: &Value) -> Option<Value> {
        items
            .as_array()?
            .iter()
            .find_map(|item| match item.get("item") {
                Some(children) => first_auth(children),
                None => item["request"].get("auth").cloned(),
            })
    }
    let auth = first_auth(&collection["item"]).unwrap_or(Value::Null);
    (collection, auth)
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
    let (before, auth) = registrants_collection();
    let mut after = before.clone();
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

    // Appending needs no memory: first come, first served keeps the old names.
    let old = generate(&before, &NameLock::default());
    let new = generate(&after, &NameLock::default());
    dump("old", &old);
    dump("new", &new);
    let problems = ripples(&old, &new);
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

/// Requests inserted before existing ones, with the names of existing
/// requests, folders and nested types: the new ones would win every
/// collision in collection order, so the name lock the earlier generation
/// wrote is what keeps the old names.
#[test]
fn inserting_requests_anywhere_only_adds_code_with_the_name_lock() {
    let (before, auth) = registrants_collection();
    let mut after = before.clone();
    let registrants_body = |shape: &str| serde_json::json!({"mode": "raw", "raw": shape, "options": {"raw": {"language": "json"}}});
    let json_reply = |body: &str| {
        serde_json::json!([{"name": "ok", "code": 200,
            "header": [{"key": "Content-Type", "value": "application/json"}],
            "body": body}])
    };
    let root = after["item"].as_array_mut().unwrap();
    // At the start of the collection: a top-level request named like the
    // batch registration in `meetings` (its operation name collides) ...
    root.insert(
        0,
        serde_json::json!({
            "id": "new-start",
            "name": "Perform batch registration",
            "request": {"method": "POST", "auth": auth,
                "url": "{{baseUrl}}/batch_registrants",
                "body": registrants_body("{\"registrants\": [{\"email\": \"a@b.c\", \"tier\": 2}]}")},
            "response": json_reply("{\"registrants\": [{\"registrant_id\": 7}]}")
        }),
    );
    // ... and a new folder before every other, holding a request with the
    // name and URL shape of the first existing one (operation name, method
    // name and the `Registrant` type all collide).
    root.insert(
        1,
        serde_json::json!({
            "id": "new-folder",
            "name": "archive",
            "item": [{
                "id": "new-in-folder",
                "name": "Update registrant's status",
                "request": {"method": "PUT", "auth": auth,
                    "url": "{{baseUrl}}/archive/:archiveId/registrants/status",
                    "body": registrants_body("{\"action\": \"cancel\", \"registrants\": [{\"key\": 1}]}")},
                "response": json_reply("{\"archived\": true}")
            }]
        }),
    );
    // In the middle of the `meetings` folder, before its `registrants`
    // folder: a folder of the same name (its accessor collides) and a
    // request named like the batch registration that comes later.
    let meetings = root[2]["item"].as_array_mut().unwrap();
    meetings.insert(
        0,
        serde_json::json!({
            "id": "new-sibling-folder",
            "name": "registrants",
            "item": [{
                "id": "new-sibling-request",
                "name": "Get registrant count",
                "request": {"method": "GET", "auth": auth,
                    "url": "{{baseUrl}}/meetings/:meetingId/registrant_count"},
                "response": json_reply("{\"count\": 3}")
            }]
        }),
    );
    meetings.insert(
        2,
        serde_json::json!({
            "id": "new-middle",
            "name": "Perform batch registration",
            "request": {"method": "PATCH", "auth": auth,
                "url": "{{baseUrl}}/meetings/:meetingId/batch_registrants/patch"},
            "response": json_reply("{\"updated\": 2}")
        }),
    );

    let old = generate(&before, &NameLock::default());
    dump("old", &old);
    // Without the lock the insertions push existing names aside: the
    // property below is the lock's doing.
    let unlocked = generate(&after, &NameLock::default());
    assert!(
        !ripples(&old, &unlocked).is_empty(),
        "the insertions no longer collide with existing names; the test proves nothing"
    );
    let new = generate(&after, &lock_of(&old));
    dump("new", &new);
    let problems = ripples(&old, &new);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The new code is there, under names that avoid the kept ones.
    let all: String = new.values().cloned().collect();
    for wanted in [
        "pub fn get_registrant_count(",
        "archive_id: impl Into<String>",
    ] {
        assert!(all.contains(wanted), "{wanted} missing");
    }
    for module in ["src/archive.rs", "src/operations.rs"] {
        assert!(
            new.contains_key(module) && !old.contains_key(module),
            "{module}: the new folder and the top-level request get modules"
        );
    }
    // Regenerating with the new lock changes nothing: the lock is a fixed point.
    let again = generate(&after, &lock_of(&new));
    assert_eq!(again, new);
}
