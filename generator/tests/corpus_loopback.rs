//! Clients generated from requests of the real collections in
//! `../shared/corpus/`, driven against a one-shot HTTP server on 127.0.0.1.
//!
//! Each case takes a few requests out of a corpus collection (in memory: the
//! corpus is never copied into the repository), generates a blocking client,
//! adds a `tests/loopback.rs` to it and runs `cargo test` there. The crates
//! live in `target/corpus-loopback-workspace` and share
//! `target/interface-target` with `generated_features.rs`, so dependencies
//! compile once. Without the corpus the cases skip with a notice.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use postman_codegen::{Generator, Input, Interface};
use serde_json::Value;

mod support {
    pub mod scratch_crate;
}

use support::scratch_crate::{cargo_offline_first, repo_root};

/// Held while a test writes its crate into the shared workspace and runs it:
/// the workspace's `members = ["*"]` makes cargo read every member, and a
/// crate another test is still moving into place has no `src/` yet.
static WORKSPACE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The corpus collection `file`, or `None` (with a notice) when the corpus is absent.
fn corpus(file: &str) -> Option<Value> {
    let path = repo_root().join("../shared/corpus/files").join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Some(serde_json::from_slice(&bytes).unwrap()),
        Err(_) => {
            eprintln!("skipped: {} is not there", path.display());
            None
        }
    }
}

/// Keeps only the requests whose folder path and name `keep` accepts (and
/// the folders holding them).
fn keep_requests(items: &mut Vec<Value>, path: &mut Vec<String>, keep: &dyn Fn(&[String]) -> bool) {
    items.retain_mut(|item| {
        let name = item["name"].as_str().unwrap_or_default().to_string();
        path.push(name);
        let kept = match item.get_mut("item").and_then(Value::as_array_mut) {
            Some(children) => {
                keep_requests(children, path, keep);
                !children.is_empty()
            }
            None => keep(path),
        };
        path.pop();
        kept
    });
}

/// Only the named requests (`folder/.../request name`) of a collection.
fn subset(mut collection: Value, requests: &[&str]) -> Value {
    let found = std::cell::RefCell::new(Vec::new());
    let keep = |path: &[String]| {
        let path = path.join("/");
        let kept = requests.contains(&path.as_str());
        if kept {
            found.borrow_mut().push(path);
        }
        kept
    };
    keep_requests(
        collection["item"].as_array_mut().unwrap(),
        &mut Vec::new(),
        &keep,
    );
    assert_eq!(
        found.into_inner().len(),
        requests.len(),
        "not all of {requests:?} found"
    );
    collection
}

/// Generates a blocking client named `name` from `collection`, adds `test`
/// as its `tests/loopback.rs` and runs it; panics with cargo's output when
/// it fails. Returns the generated `src/` files' text, for assertions.
fn run_loopback(name: &str, collection: &Value, test: &str) -> String {
    let _workspace = WORKSPACE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let root = repo_root();
    let workspace = root.join("target/corpus-loopback-workspace");
    let target = root.join("target/interface-target");
    std::fs::create_dir_all(&workspace).unwrap();
    let generated = Generator::builder()
        .crate_name(name)
        .interface(Interface::Blocking)
        .collection(Input::text(format!("{name}.json"), collection.to_string()))
        .build()
        .unwrap()
        .generate()
        .unwrap();
    let dir = workspace.join(name);
    generated.sync_to(&dir, true).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/loopback.rs"), format!("{SERVER}\n{test}")).unwrap();
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"*\"]\n";
    if std::fs::read_to_string(workspace.join("Cargo.toml"))
        .ok()
        .as_deref()
        != Some(manifest)
    {
        std::fs::write(workspace.join("Cargo.toml"), manifest).unwrap();
    }
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    let output = cargo_offline_first(
        &workspace,
        &target,
        &[("CARGO_TERM_COLOR", "never")],
        &[
            "test",
            "-p",
            name,
            "--test",
            "loopback",
            "--",
            "--nocapture",
        ],
    );
    assert!(
        output.status.success(),
        "{name}: cargo test failed\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    generated
        .files()
        .iter()
        .filter(|(path, _)| path.starts_with("src/"))
        .map(|(_, text)| text.as_str())
        .collect()
}

/// A one-shot HTTP/1.1 server for the generated tests: `serve(status,
/// headers, body)` answers one request and hands back what was sent.
const SERVER: &str = r#"
use std::io::{Read, Write};

/// What the client sent: the request head (request line and headers) and body.
pub struct Sent {
    pub head: String,
    pub body: Vec<u8>,
}

/// Starts a server on 127.0.0.1 that answers one request; returns its base
/// URL and a handle that yields the request.
pub fn serve(
    status: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
) -> (String, std::thread::JoinHandle<Sent>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut data = Vec::new();
        let mut buffer = [0u8; 8192];
        let end = loop {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "connection closed before the request head ended");
            data.extend_from_slice(&buffer[..n]);
            if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
        };
        let head = String::from_utf8_lossy(&data[..end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse().unwrap())
            })
            .unwrap_or(0);
        while data.len() < end + 4 + length {
            let n = stream.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            data.extend_from_slice(&buffer[..n]);
        }
        let mut reply = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
        for (name, value) in headers {
            reply.push_str(&format!("{name}: {value}\r\n"));
        }
        reply.push_str("\r\n");
        reply.push_str(body);
        stream.write_all(reply.as_bytes()).unwrap();
        Sent {
            head,
            body: data[end + 4..].to_vec(),
        }
    });
    (base, handle)
}
"#;

#[test]
fn stripe_create_customer_sends_the_optional_fields_it_is_given() {
    let Some(stripe) = corpus("stripe-api.json") else {
        return;
    };
    // Every body field of this request is disabled in the collection
    // (openapi-to-postman's way of saying optional); `metadata` is not
    // listed at all.
    let collection = subset(stripe, &["Customers/Create a customer"]);
    let test = r##"
#[test]
fn optional_fields_and_extra_fields_reach_the_wire() {
    let (base, server) = serve("200 OK", &[("Content-Type", "application/json")], r#"{"id":"cus_1"}"#);
    let client = stripe_customers::Client::builder()
        .base_url(base)
        .bearer_token("sk_test")
        .build()
        .unwrap();
    let response = client
        .customers()
        .create_customer()
        .email("ada@example.com")
        .name("Ada Lovelace")
        .balance(-250)
        .form_field("metadata[order_id]", "6735")
        .form_field("metadata[note]", "a&b")
        .send_blocking()
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let sent = server.join().unwrap();
    assert!(sent.head.starts_with("POST /v1/customers HTTP/1.1"), "{}", sent.head);
    assert!(
        sent.head.to_ascii_lowercase().contains("content-type: application/x-www-form-urlencoded"),
        "{}",
        sent.head
    );
    // Only what was set is sent, the collection's fields in its order, then the extra ones.
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "balance=-250&email=ada%40example.com&name=Ada%20Lovelace&metadata%5Border_id%5D=6735&metadata%5Bnote%5D=a%26b"
    );
}

#[test]
fn nothing_set_sends_an_empty_form() {
    let (base, server) = serve("200 OK", &[], "");
    let client = stripe_customers::Client::builder()
        .base_url(base)
        .bearer_token("sk_test")
        .build()
        .unwrap();
    client.customers().create_customer().send_blocking().unwrap();
    assert_eq!(server.join().unwrap().body, b"");
}
"##;
    let source = run_loopback("stripe-customers", &collection, test);
    // The setters carry the collection's descriptions.
    assert!(source.contains("Customer's email address."));
}

#[test]
fn stripe_required_form_fields_are_checked_in_order_and_may_be_given_by_name() {
    let Some(stripe) = corpus("stripe-api.json") else {
        return;
    };
    // Four required fields (`refresh_url`, `return_url`, `account`, `type`),
    // checked by one call (`all_required_unless_given`) rather than one per field.
    let collection = subset(stripe, &["Accounts/Create an account link"]);
    let test = r##"
#[test]
fn the_first_missing_field_is_named_and_nothing_is_sent() {
    // Nothing listens there: a request sent would fail as a transport error.
    let client = stripe_account_links::Client::builder()
        .base_url("http://127.0.0.1:9")
        .bearer_token("sk_test")
        .build()
        .unwrap();
    let refused = client
        .accounts()
        .create_account_link()
        .refresh_url("https://example.com/refresh")
        .account("acct_1")
        .send_blocking()
        .unwrap_err();
    assert!(
        matches!(&refused, stripe_account_links::Error::InvalidRequest(message) if message.contains("`return_url` is required")),
        "{refused:?}"
    );
}

#[test]
fn fields_given_by_name_count_as_set() {
    let (base, server) = serve("200 OK", &[("Content-Type", "application/json")], r#"{"url":"u"}"#);
    let client = stripe_account_links::Client::builder()
        .base_url(base)
        .bearer_token("sk_test")
        .build()
        .unwrap();
    client
        .accounts()
        .create_account_link()
        .refresh_url("r")
        .account("acct_1")
        .form_field("return_url", "u")
        .form_field("type", "account_onboarding")
        .send_blocking()
        .unwrap();
    let body = String::from_utf8(server.join().unwrap().body).unwrap();
    assert_eq!(body, "refresh_url=r&account=acct_1&return_url=u&type=account_onboarding");
}
"##;
    let source = run_loopback("stripe-account-links", &collection, test);
    assert!(
        source.contains("runtime::all_required_unless_given("),
        "one check for the four fields"
    );
}

/// The corpus's Zoom "Create a meeting": a 201 whose example has integers,
/// strings, nested objects; form fields with an enum from the description.
fn zoom_create_meeting() -> Option<Value> {
    let zoom = corpus("zoom-api-baruamrinal.json")?;
    Some(subset(zoom, &["users/{user Id}/meetings/Create a meeting"]))
}

#[test]
fn zoom_replies_that_differ_from_the_example_still_decode_and_errors_keep_the_reply() {
    let Some(collection) = zoom_create_meeting() else {
        return;
    };
    let test = r##"
fn client(base: String) -> zoom_tolerance::Client {
    zoom_tolerance::Client::builder().base_url(base).access_token("t").build().unwrap()
}

fn create(base: String) -> Result<zoom_tolerance::ResponseValue<zoom_tolerance::types::CreateMeetingResponse>, zoom_tolerance::Error> {
    client(base)
        .users()
        
        .meetings()
        .create_meeting("me")
        .topic("t")
        .send_blocking()
}

const JSON: &[(&str, &str)] = &[("Content-Type", "application/json"), ("X-Trace", "abc")];

#[test]
fn a_reply_that_omits_fields_decodes() {
    // No `settings`, no `join_url`: the example had both.
    let (base, server) = serve("201 Created", JSON, r#"{"id": 7, "host_id": "h"}"#);
    let meeting = create(base).unwrap();
    server.join().unwrap();
    assert_eq!((meeting.id, meeting.host_id.as_str()), (7, "h"));
    assert_eq!(meeting.join_url, "");
    assert_eq!(meeting.settings, Default::default());
}

#[test]
fn a_reply_with_added_fields_decodes() {
    let (base, server) = serve("201 Created", JSON, r#"{"id": 7, "brand_new": {"x": [1]}, "settings": {"also_new": true, "audio": "voip"}}"#);
    let meeting = create(base).unwrap();
    server.join().unwrap();
    assert_eq!((meeting.id, meeting.settings.audio.as_str()), (7, "voip"));
}

#[test]
fn a_reply_with_nulls_decodes() {
    let (base, server) = serve("201 Created", JSON, r#"{"id": null, "host_id": null, "settings": null, "duration": 5}"#);
    let meeting = create(base).unwrap();
    server.join().unwrap();
    assert_eq!((meeting.id, meeting.host_id.as_str(), meeting.duration), (0, "", 5));
}

#[test]
fn a_float_where_the_example_had_an_integer_decodes() {
    let (base, server) = serve("201 Created", JSON, r#"{"id": 85746065.0, "duration": 6e1}"#);
    let meeting = create(base).unwrap();
    server.join().unwrap();
    assert_eq!((meeting.id, meeting.duration), (85746065, 60));
}

#[test]
fn an_unknown_enum_value_is_kept() {
    use zoom_tolerance::types::Type;
    let known: Type = serde_json::from_str(r#""2""#).unwrap();
    assert_eq!(known.as_str(), "2");
    assert!(!matches!(known, Type::Other(_)));
    let unknown: Type = serde_json::from_str(r#""9""#).unwrap();
    assert_eq!(unknown, Type::Other("9".to_string()));
    assert_eq!(serde_json::to_string(&unknown).unwrap(), r#""9""#);
}

#[test]
fn a_body_that_cannot_decode_keeps_status_headers_and_bytes() {
    // A fractional id cannot be an integer without losing it: an error, with everything kept.
    let body = r#"{"id": 1.5, "topic": "kept"}"#;
    let (base, server) = serve("201 Created", JSON, body);
    let error = create(base).unwrap_err();
    server.join().unwrap();
    let zoom_tolerance::Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.status.as_u16(), 201);
    assert_eq!(decode.headers["x-trace"], "abc");
    assert_eq!(decode.body, body.as_bytes());
    assert_eq!(error.status().map(|s| s.as_u16()), Some(201));
}

#[test]
fn zoom_error_statuses_show_the_servers_message_and_keep_the_body() {
    // Zoom's examples document 400, 404 and 429 without bodies, so there is no
    // error type: the body stays raw and `Display` shows the server's message.
    let body = r#"{"code": 1001, "message": "User does not exist: me."}"#;
    let (base, server) = serve("404 Not Found", JSON, body);
    let error = create(base).unwrap_err();
    server.join().unwrap();
    assert_eq!(error.to_string(), "error response: 404 Not Found: User does not exist: me.");
    let response = error.response().unwrap();
    assert_eq!(response.body(), body.as_bytes());
    assert_eq!(response.headers()["x-trace"], "abc");
    assert!(error.typed::<()>().is_none());
    assert!(format!("{error:?}").contains(r#"body: "{\"code\": 1001"#), "{error:?}");

    let (base, server) = serve("400 Bad Request", &[], "");
    let error = create(base).unwrap_err();
    server.join().unwrap();
    // No message from the server: the collection's words for the status.
    assert_eq!(error.to_string(), "error response: 400 Bad Request: Bad Request");

    let (base, server) = serve("429 Too Many Requests", &[("Retry-After", "3")], r#"{"message": "Too many requests."}"#);
    let error = create(base).unwrap_err();
    server.join().unwrap();
    let zoom_tolerance::Error::RateLimited { retry_after, response } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(retry_after.map(|d| d.as_secs()), Some(3));
    assert_eq!(response.message(), Some("Too many requests."));
}
"##;
    run_loopback("zoom-tolerance", &collection, test);
}
