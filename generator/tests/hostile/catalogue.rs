//! The hostile-input catalogue shared by `outcomes.rs` (every entry
//! has its expected outcome) and `compile.rs` (every entry that
//! generates compiles without warnings).

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use serde_json::{json, Value};

/// What a catalogue entry must produce.
#[derive(Debug)]
pub enum Expect {
    /// Generation succeeds.
    Generates,
    /// Loading fails with this diagnostic code.
    Refused(&'static str),
}

pub fn wrap(items: Value) -> Value {
    json!({
        "info": {"name": "hostile", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    })
}

pub fn request(name: &str, url: &str) -> Value {
    json!({"name": name, "request": {"method": "GET", "url": url}})
}

/// Built as text: a `Value` this deep would overflow the stack when dropped.
fn nested(depth: usize) -> Vec<u8> {
    let mut text = String::from(r#"{"info":{"name":"deep"},"item":["#);
    for level in 0..depth {
        text.push_str(&format!(r#"{{"name":"f{level}","item":["#));
    }
    text.push_str(r#"{"name":"leaf","request":"https://h/leaf"}"#);
    text.push_str(&"]}".repeat(depth));
    text.push_str("]}");
    text.into_bytes()
}

fn named(names: &[&str]) -> Value {
    wrap(Value::Array(
        names.iter().map(|n| request(n, "https://h/x")).collect(),
    ))
}

pub fn bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap()
}

pub fn catalogue() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let keyword_names = [
        "type", "fn", "self", "Self", "crate", "super", "async", "r#", "_", "match",
    ];
    let odd_names = [
        "",
        "   ",
        "!!!",
        "🦀🚀",
        "a::b",
        "*/",
        "\"#",
        "/// doc",
        "*/ /*",
        "```rust\nfn x(){}",
        "0day",
        "é",
        "\u{0}",
    ];
    let long_description = "x".repeat(1 << 20);
    vec![
        ("folders nested 10,000 deep", nested(10_000), Expect::Refused("nesting-too-deep")),
        ("folders nested 50 deep", nested(50), Expect::Generates),
        ("rust keywords as names", bytes(&named(&keyword_names)), Expect::Generates),
        ("bidirectional-text controls in names", bytes(&named(&["get \u{202E}users", "\u{2066}x"])), Expect::Generates),
        ("empty, punctuation, emoji and comment breakers as names", bytes(&named(&odd_names)), Expect::Generates),
        (
            "keyword and odd names on folders, duplicated at every level",
            bytes(&wrap(json!([
                {"name": "type", "item": [request("type", "https://h/a"), request("type", "https://h/b")]},
                {"name": "type", "item": [request("type", "https://h/c"), {"name": "*/", "item": [request("*/", "https://h/d")]}]},
                {"name": "", "item": [request("", "https://h/e")]},
            ]))),
            Expect::Generates,
        ),
        (
            "1 MB description",
            bytes(&wrap(json!([{"name": "big", "description": long_description, "request": "https://h/big"}]))),
            Expect::Generates,
        ),
        (
            "duplicate query keys",
            bytes(&wrap(json!([request("dup", "https://h/q?a=1&a=2&a=3&A=4")]))),
            Expect::Generates,
        ),
        (
            "huge and out-of-range numbers in examples",
            br#"{"info":{"name":"n"},"item":[{"name":"r","request":{"method":"POST","url":"https://h/n",
                "body":{"mode":"raw","raw":"{\"big\": 1e400, \"u\": 18446744073709551616, \"neg\": -9223372036854775809}","options":{"raw":{"language":"json"}}}},
                "response":[{"code":200,"header":[{"key":"Content-Type","value":"application/json"}],"body":"{\"big\": 1e400, \"u\": 18446744073709551616}"}]}]}"#
                .to_vec(),
            Expect::Generates,
        ),
        ("invalid UTF-8", b"{\"info\":{\"name\":\"\xff\xfe\"},\"item\":[]}".to_vec(), Expect::Refused("invalid-json")),
        ("byte-order mark", [b"\xEF\xBB\xBF".as_slice(), &bytes(&named(&["ok"]))].concat(), Expect::Generates),
        ("trailing garbage", [bytes(&named(&["ok"])), b" }garbage".to_vec()].concat(), Expect::Refused("invalid-json")),
        ("JSON array at top level", b"[{\"item\":[]}]".to_vec(), Expect::Refused("not-a-collection")),
        ("empty file", Vec::new(), Expect::Refused("invalid-json")),
        (
            "unbalanced variable braces",
            bytes(&wrap(json!([
                request("a", "{{baseUrl/x/{{y"),
                request("b", "https://h/{{a}}}/{{{b}}/}}c{{"),
                {"name": "c", "request": {"method": "POST", "url": "https://h/c", "header": [{"key": "X-{{", "value": "}}{{"}],
                    "body": {"mode": "raw", "raw": "{\"a\": {{x}, \"b\": \"{{y}}\"}", "options": {"raw": {"language": "json"}}}}},
            ]))),
            Expect::Generates,
        ),
        (
            "path variables with no name",
            bytes(&wrap(json!([request("colons", "https://h/:/::/:.json/a:b/:ok")]))),
            Expect::Generates,
        ),
        (
            "wrong types everywhere",
            br#"{"info":{"name":7,"description":{"content":5}},"variable":[{"key":1,"value":{"a":[]}}],"auth":{"type":7},
                "item":[{"name":null,"request":{"method":12,"url":{"host":5,"path":7,"query":"x","variable":{}},"header":3,"body":{"mode":7}},
                "response":[{"code":"abc","header":"X: 1","body":{"a":1}}]},{"name":"z","item":{}}]}"#
                .to_vec(),
            Expect::Generates,
        ),
        (
            "a folder `self` holding a request `self`, and `Self` in `Self`",
            bytes(&wrap(json!([
                {"name": "self", "item": [request("self", "https://h/a"), request("Self", "https://h/b")]},
                {"name": "Self", "item": [request("self", "https://h/c")]},
            ]))),
            Expect::Generates,
        ),
        (
            "folders named like files the crate layout uses",
            bytes(&wrap(json!([
                {"name": "lib", "item": [request("a", "https://h/a")]},
                {"name": "main", "item": [request("b", "https://h/b")]},
                {"name": "bin", "item": [{"name": "c", "item": [request("c", "https://h/c")]}]},
            ]))),
            Expect::Generates,
        ),
        (
            "literal credentials in headers and the query",
            bytes(&wrap(json!([{"name": "k", "request": {"method": "GET", "url": "https://h/k?api_key=LIT&x=1",
                "header": [{"key": "X-API-Key", "value": "LIT"}, {"key": "Authorization", "value": "Bearer LIT"},
                           {"key": "Cookie", "value": "a=b"}]}}]))),
            Expect::Generates,
        ),
        (
            "examples nested 127 and 300 deep, arrays with nulls and objects",
            bytes(&wrap(json!([{"name": "deep", "request": "https://h/deep", "response": [
                {"name": "arrays", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                 "body": format!("{}1{}", "[null, ".repeat(127), "]".repeat(127))},
                {"name": "mixed", "code": 201, "header": [{"key": "Content-Type", "value": "application/json"}],
                 "body": format!("{}1{}", "[{\"a\": ".repeat(150), "}]".repeat(150))},
            ]}]))),
            Expect::Generates,
        ),
        (
            "a 1 MB JSON key in an example and a 1 MB request name",
            bytes(&wrap(json!([{"name": "n".repeat(1 << 20), "request": "https://h/long", "response": [
                {"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                 "body": serde_json::to_string(&json!({"k".repeat(1 << 20): 1, "id": 2})).unwrap()},
            ]}]))),
            Expect::Generates,
        ),
        (
            "literal credentials in a raw JSON body, nested and in an array, and in a saved example's request",
            bytes(&wrap(json!([{"name": "login", "request": {"method": "POST", "url": "https://h/login",
                "body": {"mode": "raw", "raw": "{\"user\": {\"name\": \"ann\", \"password\": \"LIT\"}, \"keys\": [{\"client_secret\": \"LIT\"}]}",
                         "options": {"raw": {"language": "json"}}}},
                "response": [{"name": "ok", "code": 200, "originalRequest": {"method": "POST", "url": "https://h/login",
                    "body": {"mode": "raw", "raw": "{\"user\": {\"name\": \"bob\", \"password\": \"LIT2\"}, \"keys\": []}"}}}]}]))),
            Expect::Generates,
        ),
        (
            "redirect behaviour on the collection, a folder and a request, some of the wrong type",
            bytes(&json!({
                "info": {"name": "redirects"},
                "protocolProfileBehavior": {"followRedirects": false, "maxRedirects": "3"},
                "item": [{"name": "f", "protocolProfileBehavior": {"maxRedirects": 2, "followAuthorizationHeader": true},
                    "item": [{"name": "r", "protocolProfileBehavior": {"followRedirects": true, "followOriginalHttpMethod": true,
                        "removeRefererHeaderOnRedirect": true},
                        "request": {"method": "POST", "url": "https://h/r"}}]}],
            })),
            Expect::Generates,
        ),
    ]
}
