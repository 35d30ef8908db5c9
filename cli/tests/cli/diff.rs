//! `diff` on pairs built from `collections/zoom-registrants.postman_collection.json`:
//! the repository collection, edited as JSON in memory, through the whole
//! pipeline (load, lower, infer, diff), and through the binary.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{Run, BIN};

use postman_codegen::unstable::diff::{diff, ApiDiff, Bump, Change, ChangeKind, Severity, Version};
use serde_json::{json, Value};

/// The Zoom collection as JSON.
fn zoom() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../collections/zoom-registrants.postman_collection.json");
    serde_json::from_slice(&fs::read(path).expect("the Zoom collection")).expect("JSON")
}

/// The item at a path of item names (folders, then the request).
fn item<'a>(collection: &'a mut Value, names: &[&str]) -> &'a mut Value {
    names.iter().fold(collection, |parent, name| {
        parent["item"]
            .as_array_mut()
            .expect("items")
            .iter_mut()
            .find(|item| item["name"] == *name)
            .unwrap_or_else(|| panic!("no item `{name}`"))
    })
}

const BATCH: &[&str] = &["meetings/{meeting Id}", "Perform batch registration"];
const STATUS: &[&str] = &[
    "meetings/{meeting Id}",
    "registrants",
    "Update registrant's status",
];

/// The diff of two collections, through load, lower and infer.
fn diff_of(old: &Value, new: &Value) -> ApiDiff {
    let load = |collection: &Value| {
        let api =
            postman_codegen::unstable::load_api(collection.to_string().as_bytes()).expect("loads");
        let types = postman_codegen::unstable::infer::infer(&api);
        (api, types)
    };
    let (old, old_types) = load(old);
    let (new, new_types) = load(new);
    diff(&old, &old_types, &new, &new_types)
}

fn has(diff: &ApiDiff, severity: Severity, subject: &str, detail: &str) -> bool {
    diff.changes
        .iter()
        .any(|c| c.severity == severity && c.subject == subject && c.detail == detail)
}

/// Changes that add or remove whole operations.
fn operation_changes(diff: &ApiDiff) -> Vec<&Change> {
    diff.changes
        .iter()
        .filter(|c| {
            c.detail.starts_with("new operation") || c.detail.starts_with("operation removed")
        })
        .collect()
}

const V0_3: Version = Version::new(0, 3, 0);
const V1_2: Version = Version::new(1, 2, 0);

#[test]
fn the_same_collection_has_no_changes() {
    let d = diff_of(&zoom(), &zoom());
    assert!(d.is_empty(), "{d}");
    assert_eq!(d.bump(&V0_3), Bump::None);
}

#[test]
fn a_renamed_request_with_the_same_id_is_a_renamed_method() {
    let old = zoom();
    let mut new = zoom();
    item(&mut new, BATCH)["name"] = json!("Register in batch");
    let d = diff_of(&old, &new);
    assert!(
        has(
            &d,
            Severity::Breaking,
            "meetings::register_in_batch",
            "renamed from `meetings::perform_batch_registration`"
        ),
        "{d}"
    );
    assert!(operation_changes(&d).is_empty(), "{d}");
    assert_eq!(d.suggested_bump(&V0_3).to_string(), "0.3.0 -> 0.4.0");
    assert_eq!(d.suggested_bump(&V1_2).to_string(), "1.2.0 -> 2.0.0");
}

#[test]
fn a_rename_by_item_id_is_one_change() {
    // The settings' `names` table and `generate --rename ID=NAME` rename by
    // Postman item id; `diff` pairs by id, so the rename is one change.
    let collection = zoom();
    let id = item(&mut collection.clone(), BATCH)["id"]
        .as_str()
        .expect("the request has an id")
        .to_string();
    let parsed = postman_codegen::unstable::collection::load(collection.to_string().as_bytes())
        .expect("loads");
    let lower = |overrides: &[(&str, &str)]| {
        let options = postman_codegen::unstable::lower::LowerOptions {
            name_overrides: overrides
                .iter()
                .map(|(id, name)| (id.to_string(), name.to_string()))
                .collect(),
            ..Default::default()
        };
        let api = postman_codegen::unstable::lower::lower_with(&parsed, &options).expect("lowers");
        let types = postman_codegen::unstable::infer::infer(&api);
        (api, types)
    };
    let (old, old_types) = lower(&[]);
    let (new, new_types) = lower(&[(&id, "register_in_batch")]);
    let d = diff(&old, &old_types, &new, &new_types);
    let renames: Vec<&Change> = d
        .changes
        .iter()
        .filter(|c| c.detail.starts_with("renamed from"))
        .collect();
    assert_eq!(renames.len(), 1, "{d}");
    assert_eq!(renames[0].subject, "meetings::register_in_batch", "{d}");
    assert!(operation_changes(&d).is_empty(), "{d}");
    // The types named after the operation are renamed with it, which a
    // caller sees too: one `renamed to` change each, paired by the place
    // they come from, never a removal and an addition.
    let type_changes: Vec<&Change> = d
        .changes
        .iter()
        .filter(|c| c.subject.starts_with("types::"))
        .collect();
    assert!(!type_changes.is_empty(), "{d}");
    for change in &type_changes {
        assert_eq!(change.kind, ChangeKind::Changed, "{d}");
        assert!(
            change
                .detail
                .starts_with("renamed to `types::RegisterInBatch"),
            "{d}"
        );
    }
}

#[test]
fn types_of_a_request_renamed_in_postman_are_renamed_not_replaced() {
    // The request keeps its item id, so the types named after it come from
    // the same places (`TypeDef::key`): each is one `renamed to` change.
    let old = zoom();
    let mut new = zoom();
    item(&mut new, BATCH)["name"] = json!("Register in batch");
    let d = diff_of(&old, &new);
    let removed_or_added: Vec<&Change> = d
        .changes
        .iter()
        .filter(|c| c.subject.starts_with("types::") && c.kind != ChangeKind::Changed)
        .collect();
    assert!(removed_or_added.is_empty(), "{d}");
    assert!(
        d.changes.iter().any(|c| c.subject.starts_with("types::")
            && c.detail.starts_with("renamed to `types::RegisterInBatch")),
        "{d}"
    );
}

#[test]
fn a_removed_form_field_breaks() {
    let old = zoom();
    let mut new = zoom();
    let fields = item(&mut new, BATCH)["request"]["body"]["formdata"]
        .as_array_mut()
        .expect("form fields");
    fields.retain(|field| field["key"] != "auto_approve");
    let d = diff_of(&old, &new);
    assert!(
        has(
            &d,
            Severity::Breaking,
            "meetings::perform_batch_registration",
            "body field `auto_approve` removed"
        ),
        "{d}"
    );
    assert_eq!(d.bump(&V0_3), Bump::Minor);
}

#[test]
fn a_field_removed_from_a_response_breaks_with_its_path() {
    let old = zoom();
    let mut new = zoom();
    for example in item(&mut new, BATCH)["response"]
        .as_array_mut()
        .expect("examples")
    {
        let Some(body) = example["body"].as_str() else {
            continue;
        };
        let Ok(mut json) = serde_json::from_str::<Value>(body) else {
            continue;
        };
        for registrant in json["registrants"].as_array_mut().into_iter().flatten() {
            registrant
                .as_object_mut()
                .expect("object")
                .remove("join_url");
        }
        example["body"] = json!(json.to_string());
    }
    let d = diff_of(&old, &new);
    assert!(
        has(
            &d,
            Severity::Breaking,
            "meetings::perform_batch_registration",
            "response field `registrants[].join_url` removed"
        ),
        "{d}"
    );
}

#[test]
fn a_new_optional_query_parameter_is_a_compatible_addition() {
    let old = zoom();
    let mut new = zoom();
    let url = &mut item(&mut new, BATCH)["request"]["url"];
    url["query"] = json!([{
        "key": "page_size",
        "value": "30",
        "description": "The number of records returned within a single API call."
    }]);
    url["raw"] = json!(format!(
        "{}?page_size=30",
        url["raw"].as_str().expect("raw URL")
    ));
    let d = diff_of(&old, &new);
    assert_eq!(
        d.changes,
        [Change {
            kind: ChangeKind::Added,
            severity: Severity::Compatible,
            subject: "meetings::perform_batch_registration".to_string(),
            detail: "new optional query parameter `page_size`".to_string(),
        }],
        "{d}"
    );
    assert_eq!(d.suggested_bump(&V0_3).to_string(), "0.3.0 -> 0.3.1");
    assert_eq!(d.suggested_bump(&V1_2).to_string(), "1.2.0 -> 1.3.0");
}

/// The collection with a batch registration endpoint for webinars (a copy of
/// the meetings one, with its own id and name).
///
/// The name differs from the meetings request's on purpose: a second request
/// named "Perform batch registration" would make lowering prefix the first
/// one's unique name with its folder (`meetings_perform_batch_registration`),
/// and the types inferred from it would be renamed with it, a breaking change
/// the diff rightly reports.
fn with_webinar_batch_registration(mut collection: Value) -> Value {
    let mut endpoint = item(&mut collection, BATCH).clone();
    endpoint["id"] = json!("0d4c8d59-4f63-4d5e-9a37-7a1f4b0f9d11");
    endpoint["name"] = json!("Perform webinar batch registration");
    let url = &mut endpoint["request"]["url"];
    url["raw"] = json!("{{baseUrl}}/webinars/:webinarId/batch_registrants");
    url["path"] = json!(["webinars", ":webinarId", "batch_registrants"]);
    url["variable"] = json!([{"key": "webinarId", "value": "85746065432", "description": "(Required) The webinar's ID."}]);
    endpoint.as_object_mut().expect("item").remove("response");
    item(&mut collection, &["webinars/{webinar Id}"])["item"]
        .as_array_mut()
        .expect("items")
        .push(endpoint);
    collection
}

#[test]
fn a_new_endpoint_is_a_compatible_addition() {
    let old = zoom();
    let new = with_webinar_batch_registration(zoom());
    let d = diff_of(&old, &new);
    let added = operation_changes(&d);
    assert_eq!(added.len(), 1, "{d}");
    assert_eq!(
        added[0].subject,
        "webinars::perform_webinar_batch_registration"
    );
    assert_eq!(added[0].kind, ChangeKind::Added);
    assert!(!d.is_breaking(), "{d}");
    assert_eq!(d.suggested_bump(&V0_3).to_string(), "0.3.0 -> 0.3.1");
    assert_eq!(d.suggested_bump(&V1_2).to_string(), "1.2.0 -> 1.3.0");
}

/// The collection before `action` was marked required.
fn with_optional_action(mut collection: Value) -> Value {
    let fields = item(&mut collection, STATUS)["request"]["body"]["formdata"]
        .as_array_mut()
        .expect("form fields");
    for field in fields.iter_mut().filter(|f| f["key"] == "action") {
        let description = field["description"].as_str().expect("description");
        field["description"] = json!(description.replace("(Required) ", ""));
    }
    collection
}

#[test]
fn a_form_field_that_became_required_breaks() {
    let old = with_optional_action(zoom());
    let d = diff_of(&old, &zoom());
    assert_eq!(
        d.to_string(),
        "breaking  meetings::registrants::update_registrants_status: body field `action` became required\n"
    );
    // And the other way round, nothing breaks.
    let back = diff_of(&zoom(), &old);
    assert!(!back.is_breaking(), "{back}");
}

#[test]
fn report_of_the_vision_pair() {
    let old = with_optional_action(zoom());
    let new = with_webinar_batch_registration(zoom());
    let report = diff_of(&old, &new).report(&V0_3).to_string();
    insta::assert_snapshot!(report);
}

// ---------------------------------------------------------------------------
// The binary.

/// Runs the binary in the test's own directory (paths are absolute).
fn run(args: &[&str]) -> Run {
    Run::of(Command::new(BIN).args(args))
}

/// Writes both collections to a temporary directory.
fn files(old: &Value, new: &Value) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let write = |name: &str, value: &Value| {
        let path = dir.path().join(name);
        fs::write(&path, value.to_string()).expect("writable");
        path.display().to_string()
    };
    let old = write("old.json", old);
    let new = write("new.json", new);
    (dir, old, new)
}

#[test]
fn cli_prints_the_report_and_the_bump() {
    let (_dir, old, new) = files(
        &with_optional_action(zoom()),
        &with_webinar_batch_registration(zoom()),
    );
    let text = run(&["diff", &old, &new, "--current-version", "0.3.0"]);
    assert_eq!(text.code, Some(0), "{text:#?}");
    assert!(
        text.stdout
            .starts_with("breaking  meetings::registrants::update_registrants_status: body field `action` became required\n"),
        "{text:#?}"
    );
    assert!(
        text.stdout
            .contains("\nadded     webinars::perform_webinar_batch_registration: "),
        "{text:#?}"
    );
    assert!(
        text.stdout
            .ends_with("\nsuggested version bump: 0.3.0 -> 0.4.0\n"),
        "{text:#?}"
    );

    let json = run(&["diff", &old, &new, "--current-version", "1.0.0", "--json"]);
    assert_eq!(json.code, Some(0), "{json:#?}");
    let value: Value = serde_json::from_str(&json.stdout).expect("JSON output");
    assert_eq!(value["bump"], "major");
    assert_eq!(value["suggested_version"], "2.0.0");
    assert_eq!(value["breaking"], 1);
    assert_eq!(value["changes"][0]["severity"], "breaking");
}

#[test]
fn cli_reports_an_insertion_before_a_same_named_request_as_additions_only() {
    // A request named like the batch registration, inserted before it: in
    // collection order it would take the existing operation's names. `diff`
    // lowers the new collection keeping the old one's names, as regenerating
    // with the crate's name lock does, so only additions are reported.
    let old = zoom();
    let mut new = zoom();
    let mut copy = item(&mut new, BATCH).clone();
    copy["id"] = json!("inserted-before");
    copy["request"]["url"] = json!("{{baseUrl}}/archive/batch_registrants");
    new["item"].as_array_mut().expect("items").insert(0, copy);
    let (_dir, old, new) = files(&old, &new);
    let text = run(&["diff", &old, &new]);
    assert_eq!(text.code, Some(0), "{text:#?}");
    let lines: Vec<&str> = text.stdout.lines().collect();
    let (changes, bump) = lines.split_at(lines.len() - 1);
    assert!(!changes.is_empty(), "{text:#?}");
    for line in changes {
        assert!(line.starts_with("added "), "{text:#?}");
    }
    assert_eq!(
        bump[0], "suggested version bump: 0.1.0 -> 0.1.1",
        "{text:#?}"
    );
}

#[test]
fn cli_without_changes_says_so() {
    let (_dir, old, new) = files(&zoom(), &zoom());
    let same = run(&["diff", &old, &new]);
    assert_eq!(same.code, Some(0), "{same:#?}");
    assert_eq!(
        same.stdout,
        "no changes to the generated API\nsuggested version bump: none (0.1.0)\n"
    );
}

#[test]
fn cli_rejects_bad_input_and_bad_versions() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let bad = dir.path().join("bad.json");
    fs::write(&bad, "{ not json").expect("writable");
    let bad = bad.display().to_string();
    let (_dir, good, _) = files(&zoom(), &zoom());

    let broken = run(&["diff", &good, &bad]);
    assert_eq!(broken.code, Some(1), "{broken:#?}");
    assert!(broken.stdout.is_empty(), "{broken:#?}");
    assert!(broken.stderr.contains("bad.json"), "{broken:#?}");
    assert!(!broken.stderr.contains("panicked"), "{broken:#?}");

    let missing = run(&["diff", &good, "/nonexistent/new.json"]);
    assert_eq!(missing.code, Some(1), "{missing:#?}");

    let version = run(&["diff", &good, &good, "--current-version", "v1"]);
    assert_eq!(version.code, Some(2), "{version:#?}");
    assert!(version.stderr.contains("MAJOR.MINOR.PATCH"), "{version:#?}");
}
