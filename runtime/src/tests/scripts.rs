//! The script runtime (`runtime/scripts.rs`, `scripts/`), with this crate's
//! table of scripts (`scripts/table.rs`): scripts run in the engine and
//! change the prepared request and the variables; a failing script is a
//! `ScriptError` naming its line; `pm.sendRequest`'s requests are built,
//! redirected and answered as Postman does. The same runtime on the wire,
//! in generated crates, is `tests/tests/scripts_runtime.rs`.

#![cfg(all(feature = "scripts", feature = "blocking"))]

use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::runtime::core::{
    block_on, ApiSpec, Core, CoreBuilder, Prepared, Received, VariableSpec,
};
use crate::runtime::dynamic::Draws;
use crate::runtime::error::Error;
use crate::runtime::hooks::OperationInfo;
use crate::runtime::request::Request;
use crate::runtime::response::RawResponse;
use crate::runtime::scripts::send::{cookie, multipart, outgoing, redirect, Incoming};
use crate::runtime::scripts::{self, engine, Net, Scope};

static SPEC: ApiSpec = ApiSpec {
    name: "scripts-unit",
    servers: &["http://api.test"],
    variables: &[],
    auth: &[],
};

fn core() -> Core {
    CoreBuilder::new(&SPEC).build().expect("core")
}

fn request(operation: &'static str) -> Request {
    let mut request = Request::new(Method::GET, 0, None, &[]);
    request.operation = OperationInfo::new(operation, None, "GET", "/");
    request.query("q", Some("hello".to_string()));
    request
}

fn pre_request(core: &Core, request: &Request) -> Result<Prepared, Error> {
    block_on(scripts::pre_request(
        core,
        request,
        None,
        &mut Draws::default(),
        Net::Blocking,
        |_| Ok(()),
    ))
}

#[test]
fn pre_request_scripts_run_in_order_and_change_the_request_and_the_variables() {
    let core = core();
    let prepared = pre_request(&core, &request("signed")).expect("the scripts run");
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"k").expect("key");
    mac.update(b"q=hello");
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        prepared.headers.get("x-sig").and_then(|v| v.to_str().ok()),
        Some(expected.as_str())
    );
    // The request-level script ran second and saw the collection script's work.
    assert_eq!(
        prepared.headers.get("x-seen").and_then(|v| v.to_str().ok()),
        Some("hello true")
    );
    assert_eq!(core.variable("seen").as_deref(), Some("hello"));
    assert_eq!(
        core.script_variables
            .get_in(Scope::Environment, "seen")
            .as_deref(),
        Some("hello")
    );
}

#[test]
fn test_scripts_read_the_response_and_store_variables() {
    let core = core();
    let received = Received::Buffered(RawResponse {
        status: StatusCode::CREATED,
        headers: HeaderMap::new(),
        body: br#"{"answer":42}"#.to_vec(),
    });
    block_on(scripts::test(
        &core,
        &request("signed"),
        received,
        Net::Blocking,
    ))
    .expect("the test script runs");
    assert_eq!(
        core.script_variables
            .get_in(Scope::Collection, "answer")
            .as_deref(),
        Some("42/201")
    );
}

#[test]
fn values_scripts_store_keep_their_type_for_scripts_and_render_as_postman_renders_them() {
    let core = core();
    let mut request = request("typed");
    request.query_static("o", "{{o}}");
    let prepared = pre_request(&core, &request).expect("the scripts run");
    let header = |name: &str| {
        prepared
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    assert_eq!(
        header("x-types").as_deref(),
        Some(r#"number 6 2 string {"n":5,"o":{"a":[1,2]}}"#)
    );
    // JavaScript's `String(value)`, which newman 6.2.2 sends too.
    assert_eq!(header("x-in").as_deref(), Some("[object Object]|5"));
    assert_eq!(prepared.url.query(), Some("q=hello&o=[object%20Object]"));
    assert_eq!(core.variable("n").as_deref(), Some("5"));
    // What the caller sets is a string.
    core.set_variable("n".to_string(), "7".to_string());
    assert_eq!(
        core.script_variables
            .get_json(Scope::Environment, "n")
            .as_deref(),
        Some("\"7\"")
    );
}

#[test]
fn scripts_scopes_rank_with_the_callers_and_the_collections_values_as_in_postman() {
    static WITH_DEFAULTS: ApiSpec = ApiSpec {
        name: "scripts-unit",
        servers: &["http://api.test"],
        variables: &[
            VariableSpec {
                name: "col",
                default: Some("collection"),
                secret: false,
            },
            VariableSpec {
                name: "both",
                default: Some("collection"),
                secret: false,
            },
        ],
        auth: &[],
    };
    let mut builder = CoreBuilder::new(&WITH_DEFAULTS);
    builder.var("env".to_string(), "caller".to_string());
    builder.var("both".to_string(), "caller".to_string());
    builder.var("mine".to_string(), "caller".to_string());
    let core = builder.build().expect("core");
    let mut request = request("precedence");
    for name in ["col", "env", "both", "mine", "colset", "only_global"] {
        request.query_static(name, ["{{", name, "}}"].concat().leak());
    }
    let prepared = pre_request(&core, &request).expect("the script runs");
    // globals rank last: below the collection's and the caller's values; a script's
    // collection value replaces the collection's, its environment value the caller's.
    assert_eq!(
        prepared.url.query(),
        Some("q=hello&col=collection&env=caller&both=caller&mine=script&colset=script&only_global=global")
    );
    assert_eq!(
        prepared.headers.get("x-v").and_then(|v| v.to_str().ok()),
        Some("collection caller script")
    );
}

#[test]
fn moment_formats_and_rounds_at_the_offset_a_script_sets() {
    let prepared = pre_request(&core(), &request("moment")).expect("the script runs");
    assert_eq!(
        prepared.headers.get("x-m").and_then(|v| v.to_str().ok()),
        Some(
            "2024-01-31T18:30:00-05:00 2024-02-01 05:00 +0530 2024-01-31T05:00:00.000Z 120 \
             2024-01-31T23:30:00+00:00"
        )
    );
}

#[test]
fn a_script_that_throws_fails_the_call_naming_its_item_level_and_line() {
    let Err(Error::Script(error)) = pre_request(&core(), &request("throws")) else {
        panic!("a ScriptError");
    };
    assert_eq!(
        (error.item, error.listen, error.level),
        ("throws", "prerequest", "request 'Throws'")
    );
    assert_eq!(error.line, Some(3));
    assert!(error.message.contains("no 3"), "{}", error.message);
    assert_eq!(
        engine::script_line("Error\n    at <anonymous> (script:9:3)"),
        Some(8)
    );
}

#[test]
fn an_operation_without_scripts_is_prepared_as_it_is() {
    let prepared = pre_request(&core(), &request("plain")).expect("prepared");
    assert_eq!(prepared.url.as_str(), "http://api.test/?q=hello");
    assert!(prepared.headers.get("x-sig").is_none());
}

#[test]
fn send_request_forms_are_postmans_multipart_and_file_parts_are_refused() {
    let parts = json!([{"key": "a", "value": "1"}, {"key": "b\"", "value": "x y", "contentType": "text/plain"}]);
    let body = multipart(&parts, "B").expect("text parts");
    assert_eq!(
        String::from_utf8(body).expect("text"),
        "--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
         --B\r\nContent-Disposition: form-data; name=\"b%22\"\r\nContent-Type: text/plain\r\n\r\nx y\r\n--B--\r\n"
    );
    let file = json!([{"key": "f", "type": "file", "value": "/etc/passwd"}]);
    assert!(multipart(&file, "B")
        .expect_err("refused")
        .contains("reads no file"));
    let spec = json!({"url": "http://h.test/up", "method": "post", "header": [{"key": "Content-Type", "value": "text/plain"}],
                      "body": {"mode": "formdata", "formdata": []}});
    let built = outgoing(&spec).expect("valid");
    let content_type = built.headers[CONTENT_TYPE].to_str().expect("text");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("ours replaces the script's");
    assert_eq!(boundary.len(), 50);
    assert!(
        boundary.starts_with(&"-".repeat(26)) && boundary[26..].bytes().all(|b| b.is_ascii_digit())
    );
    assert!(outgoing(&json!({"url": "file:///etc/passwd"}))
        .expect_err("refused")
        .contains("only http and https"));
}

#[test]
fn send_request_redirects_follow_postmans_method_rules_and_keep_credentials_on_their_host() {
    let spec = json!({"url": "http://h.test/a", "method": "POST", "header": [{"key": "Authorization", "value": "Basic x"}],
                      "body": {"mode": "raw", "raw": "data"}});
    let post = outgoing(&spec).expect("valid");
    let answer = |code: u16, location: &str| {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_str(location).expect("header"));
        Incoming {
            status: StatusCode::from_u16(code).expect("status"),
            headers,
            body: Vec::new(),
        }
    };
    for code in [301, 302, 303] {
        let next = redirect(&post, &answer(code, "/b")).expect("followed");
        assert_eq!(
            (next.method.as_str(), next.body.is_none()),
            ("GET", true),
            "{code}"
        );
        assert_eq!(next.url.as_str(), "http://h.test/b");
        assert!(
            next.headers.contains_key(AUTHORIZATION),
            "{code}: same host"
        );
    }
    for code in [307, 308] {
        let next = redirect(&post, &answer(code, "http://other.test/c")).expect("followed");
        assert_eq!(
            (next.method.as_str(), next.body.as_deref()),
            ("POST", Some(&b"data"[..])),
            "{code}"
        );
        assert!(
            !next.headers.contains_key(AUTHORIZATION),
            "{code}: another host"
        );
    }
    assert!(redirect(&post, &answer(200, "/b")).is_none());
    assert!(redirect(&post, &answer(302, "ftp://h.test/x")).is_none());
}

#[test]
fn send_request_cookies_are_read_from_set_cookie_with_the_jars_defaults() {
    let plain = cookie("sid=abc", "api.test").expect("a cookie");
    assert_eq!(
        plain,
        json!({"key": "sid", "name": "sid", "value": "abc", "domain": "api.test", "path": "/", "httpOnly": false, "secure": false})
    );
    let full = cookie(
        "t=\"v\"; Domain=.example.test; Path=/app; Max-Age=60; Secure; HttpOnly; SameSite=Lax",
        "api.test",
    )
    .expect("a cookie");
    assert_eq!(full["value"], "v");
    assert_eq!(full["domain"], "example.test");
    assert_eq!(full["path"], "/app");
    assert_eq!(full["maxAge"], "60");
    assert_eq!(
        (full["secure"].as_bool(), full["httpOnly"].as_bool()),
        (Some(true), Some(true))
    );
    assert!(cookie("no-equals-sign", "api.test").is_none());
}

#[test]
fn replace_in_draws_dynamic_variables_and_keeps_names_postman_does_not_have() {
    let core = core();
    let prepared = pre_request(&core, &request("replace_dynamic")).expect("the script runs");
    let header = prepared.headers.get("x-d").and_then(|v| v.to_str().ok()).expect("X-D");
    let parts: Vec<&str> = header.split(' ').collect();
    let [guid, number, unknown] = parts[..] else { panic!("{header}") };
    let groups: Vec<usize> = guid.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{guid}");
    assert!(guid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{guid}");
    let number: u32 = number.strip_prefix('n').and_then(|n| n.parse().ok()).expect(number);
    assert!(number <= 1000, "{number}");
    assert_eq!(unknown, "kept");
}

#[test]
fn replace_in_resolves_nested_references_by_the_rule_requests_render_with() {
    let core = core();
    let prepared = pre_request(&core, &request("replace_nested")).expect("the script runs");
    // Innermost first; an unknown reference stays as written; a scope's
    // `replaceIn` reads that scope.
    assert_eq!(
        prepared.headers.get("x-r").and_then(|v| v.to_str().ok()),
        Some("env-host|kept global-host")
    );
}
