//! `cargo xtask synth N OUT.json`: a deterministic synthetic collection of N
//! requests for benchmarks, mixing every body mode, path and query parameters,
//! auth at several levels and saved JSON examples of realistic size.
//!
//! The same N always gives the same bytes: the only randomness is a seeded
//! splitmix64 stream.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::Failure;

/// Arguments of `cargo xtask synth`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many requests.
    requests: usize,
    /// Where to write the collection.
    out: PathBuf,
}

/// Writes the collection.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(&collection(args.requests))?;
    std::fs::write(&args.out, text + "\n").map_err(|err| Failure(format!("cannot write {}: {err}", args.out.display())))?;
    println!("wrote {} requests to {}", args.requests, args.out.display());
    Ok(())
}

/// Requests per folder, and folders per parent folder.
const FOLDER_SIZE: usize = 20;
const FOLDER_FANOUT: usize = 10;

const RESOURCES: &[&str] = &[
    "users",
    "meetings",
    "webinars",
    "recordings",
    "accounts",
    "groups",
    "rooms",
    "devices",
    "reports",
    "invoices",
    "contacts",
    "channels",
    "messages",
    "files",
    "events",
    "tickets",
];
const VERBS: &[(&str, &str)] = &[
    ("GET", "List"),
    ("GET", "Get"),
    ("POST", "Create"),
    ("PATCH", "Update"),
    ("PUT", "Replace"),
    ("DELETE", "Delete"),
    ("POST", "Upload"),
    ("POST", "Search"),
];

/// splitmix64: tiny, seedable, good enough to vary shapes deterministically.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Builds the collection for `requests` requests.
pub fn collection(requests: usize) -> Value {
    let mut rng = Rng(0x5EED_0000 ^ requests as u64);
    let leaves: Vec<Value> = (0..requests).map(|i| request_item(i, &mut rng)).collect();
    let mut level: Vec<Value> = leaves
        .chunks(FOLDER_SIZE)
        .enumerate()
        .map(|(i, chunk)| {
            folder(
                &format!("{} {i}", RESOURCES[i % RESOURCES.len()]),
                chunk.to_vec(),
                i,
            )
        })
        .collect();
    let mut depth = 0;
    while level.len() > FOLDER_FANOUT {
        depth += 1;
        level = level
            .chunks(FOLDER_FANOUT)
            .enumerate()
            .map(|(i, chunk)| folder(&format!("area {depth}.{i}"), chunk.to_vec(), i + depth))
            .collect();
    }
    json!({
        "info": {
            "_postman_id": "00000000-0000-4000-8000-000000000000",
            "name": format!("Synthetic API ({requests} requests)"),
            "description": "A deterministic synthetic collection for benchmarks.",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{accessToken}}", "type": "string"}]},
        "variable": [
            {"key": "baseUrl", "value": "https://api.synthetic.example/v1"},
            {"key": "accessToken", "value": ""}
        ],
        "item": level
    })
}

fn folder(name: &str, items: Vec<Value>, index: usize) -> Value {
    let mut folder = json!({"id": format!("folder-{name}"), "name": name, "item": items});
    // Auth at folder level on some folders: apikey, noauth, or inherit.
    match index % 7 {
        3 => {
            folder["auth"] = json!({"type": "apikey", "apikey": [
            {"key": "key", "value": "X-Api-Key"}, {"key": "value", "value": "{{apiKey}}"}, {"key": "in", "value": "header"}]})
        }
        5 => folder["auth"] = json!({"type": "noauth"}),
        _ => {}
    }
    folder
}

fn request_item(i: usize, rng: &mut Rng) -> Value {
    let resource = RESOURCES[i % RESOURCES.len()];
    let (method, verb) = VERBS[rng.below(VERBS.len())];
    let singular = resource.trim_end_matches('s');
    let by_id = verb != "List" && verb != "Create" && verb != "Search";
    let mut path = vec![json!(resource)];
    let mut variables = Vec::new();
    if by_id {
        path.push(json!(format!(":{singular}Id")));
        variables.push(json!({"key": format!("{singular}Id"), "value": format!("{}", 1000 + i), "description": format!("(Required) The {singular}'s ID.")}));
    }
    if rng.below(3) == 0 {
        path.push(json!("settings"));
    }
    let query = if method == "GET" {
        vec![
            json!({"key": "page_size", "value": "30", "description": "Records per page."}),
            json!({"key": "next_page_token", "value": "", "description": "Pagination token.", "disabled": true}),
            json!({"key": "status", "value": "active", "description": "Filter. (This can only be one of active,inactive,pending)"}),
        ]
    } else {
        Vec::new()
    };
    let mut request = json!({
        "method": method,
        "header": [{"key": "Accept", "value": "application/json"}],
        "url": {"host": ["{{baseUrl}}"], "path": path, "query": query, "variable": variables},
        "description": format!("{verb} {resource}. Generated request number {i}.")
    });
    if let Some(body) = body(method, verb, i, rng) {
        request["body"] = body;
    }
    if i % 11 == 0 {
        request["auth"] = json!({"type": "basic", "basic": [{"key": "username", "value": "{{user}}"}, {"key": "password", "value": "{{password}}"}]});
    }
    json!({
        "id": format!("item-{i}"),
        "name": format!("{verb} {singular} {i}"),
        "request": request,
        "response": responses(resource, i, rng)
    })
}

fn body(method: &str, verb: &str, i: usize, rng: &mut Rng) -> Option<Value> {
    if method == "GET" || method == "DELETE" {
        return None;
    }
    Some(match (verb, i % 6) {
        ("Upload", _) => json!({"mode": "formdata", "formdata": [
            {"key": "file", "type": "file", "src": "upload.bin"},
            {"key": "name", "value": format!("file-{i}.txt"), "type": "text"},
            {"key": "tags", "value": "[\"a\",\"b\"]", "type": "text"}]}),
        (_, 1) => json!({"mode": "urlencoded", "urlencoded": [
            {"key": "name", "value": format!("Name {i}")}, {"key": "enabled", "value": "true"}, {"key": "count", "value": "3"}]}),
        (_, 2) => {
            json!({"mode": "graphql", "graphql": {"query": "query Q($id: ID!) { node(id: $id) { id name } }", "variables": {"id": format!("{i}")}}})
        }
        (_, 3) => json!({"mode": "file", "file": {"src": "payload.bin"}}),
        _ => {
            json!({"mode": "raw", "raw": serde_json::to_string_pretty(&record(i, rng)).unwrap_or_default(), "options": {"raw": {"language": "json"}}})
        }
    })
}

/// A realistic JSON record: scalars, a nested object, an array of objects.
fn record(i: usize, rng: &mut Rng) -> Value {
    let items: Vec<Value> = (0..(2 + rng.below(3)))
        .map(|n| json!({"id": format!("it-{i}-{n}"), "quantity": n + 1, "price": 9.5 + n as f64, "note": if n % 2 == 0 { Value::Null } else { json!("fragile") }}))
        .collect();
    json!({
        "id": format!("{:016x}", rng.next()),
        "name": format!("Record {i}"),
        "email": format!("user{i}@example.com"),
        "active": i % 2 == 0,
        "score": rng.below(1000),
        "created_at": "2026-01-01T00:00:00Z",
        "address": {"street": "1 Main St", "city": "Springfield", "zip": "12345"},
        "items": items
    })
}

fn responses(resource: &str, i: usize, rng: &mut Rng) -> Value {
    let ok_body = if i % 2 == 0 {
        json!({"page_size": 30, "total_records": 2, resource: [record(i, rng), record(i + 1, rng)]})
    } else {
        record(i, rng)
    };
    let json_header = json!([{"key": "Content-Type", "value": "application/json"}]);
    json!([
        {"name": "OK", "code": 200, "status": "OK", "_postman_previewlanguage": "json", "header": json_header,
         "body": serde_json::to_string_pretty(&ok_body).unwrap_or_default()},
        {"name": "Not Found", "code": 404, "status": "Not Found", "_postman_previewlanguage": "json", "header": json_header,
         "body": serde_json::to_string_pretty(&json!({"code": 1001, "message": "Not found"})).unwrap_or_default()},
        {"name": "Too Many Requests", "code": 429, "status": "Too Many Requests", "header": [{"key": "Retry-After", "value": "5"}], "body": ""}
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_size_gives_same_bytes_and_every_request_is_there() {
        let a = serde_json::to_string(&collection(250)).unwrap();
        let b = serde_json::to_string(&collection(250)).unwrap();
        assert_eq!(a, b);
        let api = postman_codegen::load_api(a.as_bytes()).unwrap();
        assert_eq!(api.operations.len(), 250);
        let modes: std::collections::BTreeSet<_> = api
            .operations
            .iter()
            .filter_map(|op| op.body.as_ref())
            .map(|b| {
                serde_json::to_value(b).unwrap()["mode"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(modes.len(), 5, "every body mode appears: {modes:?}");
    }
}
