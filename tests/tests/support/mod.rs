//! Shared helpers of the integration tests: the collections' IR (the source of
//! the expected wire requests and of the example values the tests send), a
//! multipart parser, and the rules Postman encodes queries with; and
//! (`loopback`) the verifying servers of the signing tests.
#![allow(dead_code)]

pub mod clients;
pub mod loopback;

#[allow(unused_imports)] // not every test binary builds clients
pub use clients::*;

use std::path::PathBuf;

use generated_client::zoom;
use generated_client::zoom::webinars::registrants::UpdateRegistrantsStatus;
use postman_codegen::unstable::ir::{Api, Body, FormFieldKind, Operation, PathSegment, QueryValue};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Loads a collection of `collections/` and lowers it, as the generator did.
pub fn api(file: &str) -> Api {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../collections")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    postman_codegen::unstable::load_api(&bytes).expect("the collection lowers")
}

pub const ZOOM: &str = "zoom-registrants.postman_collection.json";
pub const WEBEX: &str = "webex-meetings.postman_collection.json";

/// The operation with this unique name.
pub fn op<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no operation `{name}`"))
}

/// The collection's example value of a path parameter.
pub fn path_example(op: &Operation, name: &str) -> String {
    op.path_params
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.example.clone())
        .unwrap_or_else(|| panic!("no example for path parameter `{name}`"))
}

/// The collection's example value of a query parameter.
pub fn query_example(op: &Operation, key: &str) -> String {
    op.query
        .iter()
        .find(|q| q.key.as_deref() == Some(key))
        .and_then(|q| match &q.value {
            QueryValue::Param { param } => param.example.clone(),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no example for query parameter `{key}`"))
}

/// The collection's value of a text form field.
pub fn form_example(op: &Operation, key: &str) -> String {
    let Some(Body::FormData { fields, .. } | Body::UrlEncoded { fields, .. }) = &op.body else {
        panic!("`{}` has no form body", op.name)
    };
    fields
        .iter()
        .find(|f| f.key.as_literal().as_deref() == Some(key))
        .and_then(|f| match &f.kind {
            FormFieldKind::Text { value } => value.as_ref().and_then(|v| v.as_literal()),
            FormFieldKind::File { .. } => None,
        })
        .unwrap_or_else(|| panic!("no example for form field `{key}`"))
}

/// The collection's raw body, parsed as JSON.
pub fn raw_json_example(op: &Operation) -> serde_json::Value {
    match &op.body {
        Some(Body::Raw { text, .. }) => {
            serde_json::from_str(&text.as_literal().expect("literal body")).expect("JSON body")
        }
        _ => panic!("`{}` has no raw body", op.name),
    }
}

/// Decodes a JSON text into whatever type a setter takes.
pub fn typed<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("`{json}` does not fit the generated type: {e}"))
}

/// Decodes a string value (an enum) into whatever type a setter takes.
pub fn typed_str<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_value(serde_json::Value::String(text.to_string()))
        .unwrap_or_else(|e| panic!("`{text}` does not fit the generated type: {e}"))
}

/// The request the client-behaviour tests (hooks, proxies, timeouts,
/// redirects) send when any request will do: Zoom's webinar registrants
/// status update, approving, a `PUT` with a JSON body. Ready to send, or to
/// take more headers first.
pub fn approve_registrants<'a>(
    client: &'a zoom::Client,
    webinar_id: &str,
) -> UpdateRegistrantsStatus<'a> {
    client
        .webinars()
        .registrants()
        .update_registrants_status(webinar_id)
        .action(typed_str("approve"))
}

/// The path sent for the operation with the collection's examples: a path
/// parameter is percent-encoded as one segment (RFC 3986 `pchar`s stay).
pub fn expected_path(api: &Api, op: &Operation) -> String {
    let _ = api;
    let mut path = String::new();
    for segment in &op.path {
        path.push('/');
        match segment {
            PathSegment::Literal { value } => {
                path.push_str(&value.as_literal().expect("literal segment"))
            }
            PathSegment::Param { param, suffix } => {
                path.push_str(&segment_encode(
                    op.path_params[*param].example.as_deref().expect("example"),
                ));
                path.push_str(suffix);
            }
        }
    }
    path
}

/// Percent-encodes everything but RFC 3986 `pchar`s.
pub fn segment_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Percent-encodes with Postman's QUERY set (space, `"`, `#`, `'`, `<`, `>`,
/// controls, non-ASCII), as the runtime must for these example values.
pub fn postman_query_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte <= 0x20 || byte >= 0x7f || b"\"#'<>&".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// The query string Postman sends for the operation's enabled parameters with their examples.
pub fn expected_query(op: &Operation) -> Option<String> {
    let pieces: Vec<String> = op
        .query
        .iter()
        .filter(|q| !q.disabled)
        .map(|q| {
            let key = postman_query_encode(q.key.as_deref().unwrap_or_default());
            match &q.value {
                QueryValue::Param { param } => {
                    format!(
                        "{key}={}",
                        postman_query_encode(param.example.as_deref().unwrap_or_default())
                    )
                }
                QueryValue::Fixed { value } => {
                    format!("{key}={}", postman_query_encode(&value.to_postman_string()))
                }
                QueryValue::KeyOnly => key,
            }
        })
        .collect();
    (!pieces.is_empty()).then(|| pieces.join("&"))
}

/// A server that answers every request with `template`.
pub async fn server(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// The only request the server received.
pub async fn single_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests.len(),
        1,
        "expected exactly one request, got {}",
        requests.len()
    );
    requests.remove(0)
}

/// A header of a recorded request as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub filename: Option<String>,
    pub content_type: Option<String>,
    pub content: Vec<u8>,
}

impl Part {
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.content).expect("UTF-8 part")
    }
}

/// Parses a `multipart/form-data` body field by field, strictly: CRLF line
/// ends, one blank line between part headers and content, a closing boundary.
pub fn multipart(request: &wiremock::Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let body = &request.body;
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest: &[u8] = body;
    rest = rest
        .strip_prefix(delimiter.as_bytes())
        .expect("body starts with the boundary");
    loop {
        if rest == b"--\r\n" {
            return parts;
        }
        rest = rest.strip_prefix(b"\r\n").expect("CRLF after the boundary");
        let headers_end = find(rest, b"\r\n\r\n").expect("end of part headers");
        let headers = std::str::from_utf8(&rest[..headers_end]).expect("UTF-8 headers");
        rest = &rest[headers_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).expect("next boundary");
        let content = rest[..end].to_vec();
        rest = &rest[end + 2 + delimiter.len()..];
        let mut part = Part {
            name: String::new(),
            filename: None,
            content_type: None,
            content,
        };
        for line in headers.split("\r\n") {
            let (name, value) = line.split_once(": ").expect("header line");
            match name.to_ascii_lowercase().as_str() {
                "content-disposition" => {
                    assert!(value.starts_with("form-data; name=\""), "{value}");
                    for attribute in value.split("; ").skip(1) {
                        let (key, quoted) = attribute.split_once('=').expect("attribute");
                        let unquoted = quoted.trim_matches('"').to_string();
                        match key {
                            "name" => part.name = unquoted,
                            "filename" => part.filename = Some(unquoted),
                            other => panic!("unexpected attribute {other}"),
                        }
                    }
                }
                "content-type" => part.content_type = Some(value.to_string()),
                other => panic!("unexpected part header {other}"),
            }
        }
        parts.push(part);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// The expected multipart text fields of an operation called with every
/// form example: name → value (JSON-typed values compared as JSON).
pub fn expected_form_fields(op: &Operation) -> Vec<(String, String)> {
    let Some(Body::FormData { fields, .. }) = &op.body else {
        return Vec::new();
    };
    fields
        .iter()
        .filter_map(|f| match &f.kind {
            FormFieldKind::Text { value } => Some((
                f.key.as_literal().expect("literal key"),
                value
                    .as_ref()
                    .and_then(|v| v.as_literal())
                    .unwrap_or_default(),
            )),
            FormFieldKind::File { .. } => None,
        })
        .collect()
}

/// Text of an example name without Markdown marks and `<br>`s, whitespace collapsed.
pub fn plain(text: &str) -> String {
    text.replace("<br>", " ")
        .replace("**", "")
        .replace('`', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
