//! The synthetic collection of realistic size: [`collection`]`(n)` builds a
//! Postman v2.1 collection of `n` requests as a JSON value.
//!
//! `cargo xtask synth` (`xtask/src/synth/mod.rs`) writes it and the
//! benchmarks (`generator/benches/pipeline.rs`) build it in memory, both
//! through `unstable::synthetic`, so they measure the very same collections.
//!
//! What a collection holds, so that every stage of the generator has work of
//! the kind real collections give it:
//!
//! * requests in folders of [`FOLDER_SIZE`], folders nested [`FOLDER_FANOUT`]
//!   to a parent until one level holds at most [`FOLDER_FANOUT`] folders;
//! * every body mode: raw JSON, raw XML, urlencoded, formdata (with a file),
//!   graphql, file, and none;
//! * path parameters (`:id` with a `(Required)` description), query parameters
//!   (literal, disabled, enumerated in the description, and `{{variable}}`
//!   ones that become client configuration), request headers;
//! * auth at every level: bearer on the collection, apikey, oauth2 and noauth
//!   on some folders, basic and noauth on some requests, the rest inherited;
//! * saved examples: a 200 with a JSON record or a page of records (nested
//!   objects, arrays of objects, nulls), a 404 with an error object, a 429
//!   without a body; request bodies of about 0.5 KB, response bodies of 0.5
//!   to 2 KB, so a request weighs about 4 KB of JSON in all.
//!
//! The same `n` always gives the same value: the only randomness is a
//! splitmix64 stream seeded with `n`.

use serde_json::{json, Value};

use super::model::{
    Auth, Body, Collection, Entry, Folder, GraphQl, Info, Item, OrJson, Request, RequestItem,
    Response, Url, SCHEMA_V21,
};

/// Requests per folder.
pub const FOLDER_SIZE: usize = 20;
/// Folders per parent folder.
pub const FOLDER_FANOUT: usize = 10;

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
    let leaves: Vec<Item> = (0..requests)
        .map(|i| Item::Request(Box::new(request_item(i, &mut rng))))
        .collect();
    let mut level: Vec<Item> = leaves
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
    Collection {
        info: Info {
            postman_id: Some("00000000-0000-4000-8000-000000000000".into()),
            name: Some(format!("Synthetic API ({requests} requests)").into()),
            description: Some("A deterministic synthetic collection for benchmarks.".into()),
            schema: Some(SCHEMA_V21.into()),
        },
        auth: Some(Auth::new(
            "bearer",
            vec![Entry {
                kind: Some("string".into()),
                ..Entry::new("token", "{{accessToken}}")
            }],
        )),
        variables: vec![
            Entry::new("baseUrl", "https://api.synthetic.example/v1"),
            Entry::new("accessToken", ""),
            Entry::new("region", "eu-west"),
        ],
        items: level,
        wrapped: false,
    }
    .to_json()
}

/// A folder; some carry their own auth (apikey, oauth2 or noauth).
fn folder(name: &str, items: Vec<Item>, index: usize) -> Item {
    let auth = match index % 7 {
        3 => Some(Auth::new(
            "apikey",
            vec![
                Entry::new("key", "X-Api-Key"),
                Entry::new("value", "{{apiKey}}"),
                Entry::new("in", "header"),
            ],
        )),
        5 => Some(Auth::new("noauth", Vec::new())),
        6 if index % 2 == 0 => Some(Auth::new(
            "oauth2",
            vec![
                Entry::new("accessToken", "{{oauthToken}}"),
                Entry::new("addTokenTo", "header"),
            ],
        )),
        _ => None,
    };
    Item::Folder(Box::new(Folder {
        id: Some(format!("folder-{name}").into()),
        name: Some(name.into()),
        description: Some(format!("Requests about {name}.").into()),
        auth,
        items,
    }))
}

fn request_item(i: usize, rng: &mut Rng) -> RequestItem {
    let resource = RESOURCES[i % RESOURCES.len()];
    let (method, verb) = VERBS[rng.below(VERBS.len())];
    let singular = resource.trim_end_matches('s');
    let by_id = verb != "List" && verb != "Create" && verb != "Search";
    let mut path = vec![json!(resource)];
    let mut variables = Vec::new();
    if by_id {
        path.push(json!(format!(":{singular}Id")));
        variables.push(
            Entry::new(format!("{singular}Id"), format!("{}", 1000 + i))
                .described(format!("(Required) The {singular}'s ID.")),
        );
    }
    if rng.below(3) == 0 {
        path.push(json!("settings"));
    }
    let query = if method == "GET" {
        vec![
            Entry::new("page_size", "30").described("Records per page."),
            Entry {
                disabled: true,
                ..Entry::new("next_page_token", "").described("Pagination token.")
            },
            Entry::new("status", "active")
                .described("Filter. (This can only be one of active,inactive,pending)"),
            Entry::new("region", "{{region}}").described("The data region."),
        ]
    } else {
        Vec::new()
    };
    let mut headers = vec![Entry::new("Accept", "application/json")];
    if i % 5 == 0 {
        headers.push(Entry::new("X-Request-Id", format!("req-{i}")).described("Correlates logs."));
    }
    let auth = match i % 23 {
        0 => Some(Auth::new(
            "basic",
            vec![
                Entry::new("username", "{{user}}"),
                Entry::new("password", "{{password}}"),
            ],
        )),
        11 => Some(Auth::new("noauth", Vec::new())),
        _ => None,
    };
    let request = Request {
        method: Some(method.into()),
        headers: Some(OrJson::Shaped(headers)),
        url: Some(OrJson::Shaped(Url {
            host: Some(json!(["{{baseUrl}}"])),
            path: Some(path.into()),
            query,
            variables,
            ..Url::default()
        })),
        description: Some(
            format!("{verb} {resource}. Generated request number {i}.\n\nReturns the {singular} as JSON.")
                .into(),
        ),
        body: body(method, verb, i, rng),
        auth,
    };
    RequestItem {
        id: Some(format!("item-{i}").into()),
        name: Some(format!("{verb} {singular} {i}").into()),
        request: Some(OrJson::Shaped(request)),
        responses: responses(resource, i, rng),
        prerequest: Vec::new(),
    }
}

/// The body of a request: none for GET and DELETE, else one of every mode.
fn body(method: &str, verb: &str, i: usize, rng: &mut Rng) -> Option<Body> {
    if method == "GET" || method == "DELETE" {
        return None;
    }
    let text = |name: &str, value: String| Entry {
        kind: Some("text".into()),
        ..Entry::new(name, value)
    };
    let mode = |mode: &str| Body {
        mode: Some(mode.into()),
        ..Body::default()
    };
    Some(match (verb, i % 7) {
        ("Upload", _) => Body {
            formdata: Some(vec![
                Entry {
                    key: Some("file".into()),
                    kind: Some("file".into()),
                    src: Some("upload.bin".into()),
                    description: Some("The file to upload.".into()),
                    ..Entry::default()
                },
                text("name", format!("file-{i}.txt")),
                text("tags", "[\"a\",\"b\"]".to_string()),
            ]),
            ..mode("formdata")
        },
        (_, 1) => Body {
            urlencoded: Some(OrJson::Shaped(vec![
                Entry::new("name", format!("Name {i}")),
                Entry::new("enabled", "true"),
                Entry::new("count", "3"),
            ])),
            ..mode("urlencoded")
        },
        (_, 2) => Body {
            graphql: Some(GraphQl {
                query: Some("query Q($id: ID!) { node(id: $id) { id name } }".into()),
                variables: Some(format!("{{\"id\": \"{i}\"}}").into()),
                operation_name: None,
            }),
            ..mode("graphql")
        },
        (_, 3) => Body {
            file: Some(json!({"src": "payload.bin"})),
            ..mode("file")
        },
        (_, 4) => Body {
            raw: Some(format!("<record><id>{i}</id><name>Record {i}</name></record>").into()),
            language: Some("xml".into()),
            ..mode("raw")
        },
        _ => Body {
            raw: Some(pretty(&record(i, rng)).into()),
            language: Some("json".into()),
            ..mode("raw")
        },
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

/// Saved examples: 200 (a record or a page of them), 404, 429.
fn responses(resource: &str, i: usize, rng: &mut Rng) -> Vec<Response> {
    let ok_body = if i % 2 == 0 {
        json!({"page_size": 30, "total_records": 2, resource: [record(i, rng), record(i + 1, rng)]})
    } else {
        record(i, rng)
    };
    let json_header = || {
        Some(OrJson::Shaped(vec![Entry::new(
            "Content-Type",
            "application/json",
        )]))
    };
    let example = |name: &str, code: u16, body: String| Response {
        name: Some(name.into()),
        status: Some(name.into()),
        code: Some(code.into()),
        body: Some(body.into()),
        ..Response::default()
    };
    vec![
        Response {
            preview_language: Some("json".into()),
            headers: json_header(),
            ..example("OK", 200, pretty(&ok_body))
        },
        Response {
            preview_language: Some("json".into()),
            headers: json_header(),
            ..example(
                "Not Found",
                404,
                pretty(&json!({"code": 1001, "message": "Not found"})),
            )
        },
        Response {
            headers: Some(OrJson::Shaped(vec![Entry::new("Retry-After", "5")])),
            ..example("Too Many Requests", 429, String::new())
        },
    ]
}

/// JSON text as Postman saves bodies (pretty-printed).
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
