//! The typed collection model and how each part is read from JSON.

use serde_json::{Map, Value};

use super::url::{self, Url};
use super::value::{array, description, is_disabled, js_string, member, string, text};
use crate::diagnostics::JsonPath;
use crate::ir::FormatVersion;

/// A v2.0/v2.1 collection.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    /// `info.name`.
    pub name: String,
    /// `info._postman_id` (or `info.id`).
    pub postman_id: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
    /// Declared format.
    pub format: FormatVersion,
    /// Top-level items.
    pub items: Vec<Item>,
    /// Collection-level auth.
    pub auth: AuthDef,
    /// Collection variables (`variable[]`), disabled ones dropped.
    pub variables: Vec<VariableDef>,
    /// Collection-level scripts.
    pub events: Vec<Event>,
    /// Collection-level `protocolProfileBehavior`.
    pub protocol_profile_behavior: Map<String, Value>,
}

/// An element of an `item` array.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A folder (item-group): the element has a truthy `item`.
    Folder(Box<Folder>),
    /// A request item.
    Request(Box<RequestItem>),
}

/// A folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// `id`.
    pub id: Option<String>,
    /// `name` (may be empty).
    pub name: String,
    /// `description`.
    pub description: Option<String>,
    /// Children.
    pub items: Vec<Item>,
    /// Folder auth (`Inherit` when absent or null).
    pub auth: AuthDef,
    /// Folder scripts.
    pub events: Vec<Event>,
    /// Folder `protocolProfileBehavior`.
    pub protocol_profile_behavior: Map<String, Value>,
    /// Where the folder sits in the document.
    pub path: JsonPath,
}

/// A request item.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestItem {
    /// `id`.
    pub id: Option<String>,
    /// `name` (may be empty).
    pub name: String,
    /// The item's description, else the request's.
    pub description: Option<String>,
    /// The request.
    pub request: Request,
    /// Saved example responses.
    pub responses: Vec<SavedResponse>,
    /// Item scripts.
    pub events: Vec<Event>,
    /// Item `protocolProfileBehavior`.
    pub protocol_profile_behavior: Map<String, Value>,
    /// Where the item sits in the document.
    pub path: JsonPath,
}

/// A request (the item's, or a saved example's `originalRequest`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Request {
    /// Upper-cased method; `GET` when missing.
    pub method: String,
    /// The URL.
    pub url: Url,
    /// Headers in order, disabled ones included.
    pub headers: Vec<Header>,
    /// The body.
    pub body: BodyDef,
    /// Request auth.
    pub auth: AuthDef,
}

/// A header entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The name as written.
    pub key: String,
    /// The value as Postman stringifies it.
    pub value: String,
    /// Disabled headers are not sent.
    pub disabled: bool,
    /// The header's description.
    pub description: Option<String>,
}

/// A request body, by mode. Only the member named by `mode` is read.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum BodyDef {
    /// No body: `body` null, `mode` missing, or `disabled: true`.
    #[default]
    None,
    /// `raw` (also any unknown mode, as Postman does).
    Raw {
        /// The text.
        text: String,
        /// `options.raw.language`, lower case.
        language: Option<String>,
    },
    /// `urlencoded`.
    UrlEncoded(Vec<FormParam>),
    /// `formdata`.
    FormData(Vec<FormParam>),
    /// `file`.
    File {
        /// `file.src`.
        src: Option<String>,
    },
    /// `graphql`.
    GraphQl {
        /// `graphql.query`.
        query: String,
        /// `graphql.variables`: a string or an object.
        variables: Option<Value>,
        /// `graphql.operationName`.
        operation_name: Option<String>,
    },
}

/// A urlencoded or formdata entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormParam {
    /// The field name.
    pub key: String,
    /// Text or file.
    pub kind: FormParamKind,
    /// Per-part content type.
    pub content_type: Option<String>,
    /// Disabled fields are not sent.
    pub disabled: bool,
    /// The field's description.
    pub description: Option<String>,
}

/// What a form entry carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormParamKind {
    /// A text value (stringified); `None` when missing or null.
    Text(Option<String>),
    /// File paths from `src` (string or array).
    File(Vec<String>),
}

/// Auth at some level.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AuthDef {
    /// Absent, `null`, `{}` or typeless: use the parent's.
    #[default]
    Inherit,
    /// `{"type": "noauth"}`: no auth here or below.
    NoAuth,
    /// An auth type with its parameters (last duplicate key wins).
    Typed {
        /// The type name (`bearer`, `oauth2`, ...).
        kind: String,
        /// Parameters by key, in order, duplicates resolved.
        params: Vec<(String, Value)>,
        /// Where it is declared.
        path: JsonPath,
    },
}

/// A collection variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableDef {
    /// `key` (or legacy `id`).
    pub key: String,
    /// The value as substituted text (§5.3), with `type` casting applied.
    pub value: String,
    /// `type` as declared (`secret`, `string`, ...).
    pub kind: Option<String>,
    /// The variable's description.
    pub description: Option<String>,
}

/// A script attached to the collection, a folder or an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// `prerequest` or `test`.
    pub listen: String,
    /// The script's source: `script.exec`, its lines joined with `\n`.
    pub exec: String,
}

/// A saved example response.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedResponse {
    /// `name`.
    pub name: String,
    /// `code`.
    pub code: Option<u16>,
    /// `status` (reason phrase).
    pub status: Option<String>,
    /// Headers as `(name, value)`.
    pub headers: Vec<(String, String)>,
    /// `body`.
    pub body: Option<String>,
    /// `_postman_previewlanguage`.
    pub preview_language: Option<String>,
    /// The body of `originalRequest`, the request the example was saved
    /// from (the default, no body, when that request is only a URL): more
    /// samples of the request body's fields. The rest of `originalRequest`
    /// (URL, headers, auth) is not read: nothing uses it, and a whole
    /// `Request` in every saved example was a large share of the model of a
    /// collection with many (docs/performance.md, "Session 27: memory").
    pub original_body: Option<BodyDef>,
}

impl Collection {
    /// Reads a v2 collection document (already known to be an object with `item`).
    ///
    /// Saved response bodies (most of a large collection's bytes) are moved
    /// out of `doc` rather than copied, so the document and the model do not
    /// both hold them at the memory peak of loading.
    pub(super) fn read(doc: &mut Value, format: FormatVersion) -> Collection {
        let items = read_items(doc, &JsonPath::root());
        Collection::with_items(doc, items, format)
    }

    /// The collection of a document whose items were read already (by
    /// [`Collection::read`] or, one at a time, by `super::lazy`); `doc`'s own
    /// `item` member is not read.
    pub(super) fn with_items(doc: &Value, items: Vec<Item>, format: FormatVersion) -> Collection {
        let root = JsonPath::root();
        let info = member(doc, "info").cloned().unwrap_or(Value::Null);
        Collection {
            name: text(&info, "name").unwrap_or_default(),
            postman_id: text(&info, "_postman_id").or_else(|| text(&info, "id")),
            description: description(&info, "description"),
            format,
            items,
            auth: read_auth(member(doc, "auth"), &root.key("auth")),
            variables: read_variables(doc),
            events: read_events(doc),
            protocol_profile_behavior: read_ppb(doc),
        }
    }
}

fn read_items(parent: &mut Value, path: &JsonPath) -> Vec<Item> {
    let items_path = path.key("item");
    let Some(Value::Array(elements)) = parent.get_mut("item") else {
        return Vec::new();
    };
    elements
        .iter_mut()
        .enumerate()
        .filter(|(_, element)| element.is_object())
        .map(|(index, element)| read_item(element, items_path.index(index)))
        .collect()
}

/// A folder element whose `item` array was read already into `items`; its
/// own `item` member is not read.
pub(super) fn read_folder(element: &Value, items: Vec<Item>, path: JsonPath) -> Item {
    Item::Folder(Box::new(Folder {
        id: text(element, "id"),
        name: text(element, "name").unwrap_or_default(),
        description: description(element, "description"),
        items,
        auth: read_auth(member(element, "auth"), &path.key("auth")),
        events: read_events(element),
        protocol_profile_behavior: read_ppb(element),
        path,
    }))
}

/// JavaScript truthiness, which decides folder vs request.
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// One element of an `item` array (already known to be an object).
pub(super) fn read_item(element: &mut Value, path: JsonPath) -> Item {
    if truthy(element.get("item")) {
        let items = read_items(element, &path);
        return read_folder(element, items, path);
    }
    let name = text(element, "name").unwrap_or_default();
    let id = text(element, "id");
    let request_value = member(element, "request");
    let request = read_request(request_value, &path.key("request"));
    let description = description(element, "description")
        .or_else(|| request_value.and_then(|r| description(r, "description")));
    let responses = match element.get_mut("response") {
        Some(Value::Array(responses)) => responses
            .iter_mut()
            .filter(|r| r.is_object())
            .map(read_response)
            .collect(),
        _ => Vec::new(),
    };
    let element = &*element;
    Item::Request(Box::new(RequestItem {
        id,
        name,
        description,
        request,
        responses,
        events: read_events(element),
        protocol_profile_behavior: read_ppb(element),
        path,
    }))
}

fn read_request(request: Option<&Value>, path: &JsonPath) -> Request {
    match request {
        Some(Value::String(url)) => Request {
            method: "GET".to_string(),
            url: url::parse_string(url),
            ..Request::default()
        },
        Some(object @ Value::Object(_)) => Request {
            method: text(object, "method")
                .filter(|m| !m.is_empty())
                .map(|m| m.to_ascii_uppercase())
                .unwrap_or_else(|| "GET".to_string()),
            url: url::read(member(object, "url")),
            headers: read_headers(member(object, "header")),
            body: read_body(member(object, "body")),
            auth: read_auth(member(object, "auth"), &path.key("auth")),
        },
        _ => Request {
            method: "GET".to_string(),
            ..Request::default()
        },
    }
}

/// Headers as an array of objects (or of `"Key: Value"` strings), or one string.
fn read_headers(headers: Option<&Value>) -> Vec<Header> {
    match headers {
        Some(Value::Array(entries)) => entries
            .iter()
            .flat_map(|entry| match entry {
                Value::String(line) => parse_header_lines(line),
                Value::Object(_) => vec![Header {
                    key: text(entry, "key").unwrap_or_default(),
                    value: match entry.get("value") {
                        None => String::new(),
                        Some(v) => js_string(v),
                    },
                    disabled: is_disabled(entry),
                    description: description(entry, "description"),
                }],
                _ => Vec::new(),
            })
            .collect(),
        Some(Value::String(block)) => parse_header_lines(block),
        _ => Vec::new(),
    }
}

/// `Key: Value` lines; folded continuation lines join the previous value;
/// lines that do not match are dropped (§6).
fn parse_header_lines(block: &str) -> Vec<Header> {
    let mut headers: Vec<Header> = Vec::new();
    for line in block.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.value.push(' ');
                last.value.push_str(line.trim());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.is_empty() || key.contains(char::is_whitespace) {
            continue;
        }
        headers.push(Header {
            key: key.to_string(),
            value: value.trim().to_string(),
            disabled: false,
            description: None,
        });
    }
    headers
}

fn read_body(body: Option<&Value>) -> BodyDef {
    let Some(body) = body.filter(|b| b.is_object()) else {
        return BodyDef::None;
    };
    if is_disabled(body) {
        return BodyDef::None;
    }
    let Some(mode) = string(body, "mode").map(|m| m.to_ascii_lowercase()) else {
        return BodyDef::None;
    };
    match mode.as_str() {
        "urlencoded" => BodyDef::UrlEncoded(read_form(member(body, "urlencoded"), false)),
        "formdata" => BodyDef::FormData(read_form(member(body, "formdata"), true)),
        "file" => BodyDef::File {
            src: match member(body, "file") {
                Some(Value::String(src)) => Some(src.clone()),
                Some(file) => string(file, "src"),
                None => None,
            },
        },
        "graphql" => {
            let graphql = member(body, "graphql").cloned().unwrap_or(Value::Null);
            BodyDef::GraphQl {
                query: string(&graphql, "query").unwrap_or_default(),
                variables: member(&graphql, "variables").cloned(),
                operation_name: string(&graphql, "operationName"),
            }
        }
        // `raw`, and any unknown mode, which Postman treats as raw.
        _ => BodyDef::Raw {
            text: match member(body, "raw") {
                Some(Value::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            },
            language: body
                .pointer("/options/raw/language")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase),
        },
    }
}

/// Form entries as an array, or (urlencoded only) an `a=1&b=2` string.
fn read_form(entries: Option<&Value>, multipart: bool) -> Vec<FormParam> {
    match entries {
        Some(Value::Array(entries)) => entries
            .iter()
            .filter(|e| e.is_object())
            .map(|entry| {
                let is_file = multipart && string(entry, "type").as_deref() == Some("file");
                let kind = if is_file {
                    FormParamKind::File(match member(entry, "src") {
                        Some(Value::Array(paths)) => paths
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect(),
                        Some(Value::String(path)) if !path.is_empty() => vec![path.clone()],
                        _ => Vec::new(),
                    })
                } else {
                    FormParamKind::Text(member(entry, "value").map(js_string))
                };
                FormParam {
                    key: text(entry, "key").unwrap_or_default(),
                    kind,
                    content_type: string(entry, "contentType").filter(|c| !c.is_empty()),
                    disabled: is_disabled(entry),
                    description: description(entry, "description"),
                }
            })
            .collect(),
        Some(Value::String(encoded)) if !multipart => encoded
            .split('&')
            .filter(|piece| !piece.is_empty())
            .map(|piece| {
                let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
                FormParam {
                    key: key.to_string(),
                    kind: FormParamKind::Text(Some(value.to_string())),
                    content_type: None,
                    disabled: false,
                    description: None,
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Auth in either parameter shape (§9.1); typeless or null means inherit.
fn read_auth(auth: Option<&Value>, path: &JsonPath) -> AuthDef {
    let Some(auth) = auth else {
        return AuthDef::Inherit;
    };
    let Some(kind) = string(auth, "type").filter(|t| !t.is_empty() && t != "type") else {
        return AuthDef::Inherit;
    };
    if kind == "noauth" {
        return AuthDef::NoAuth;
    }
    let mut params: Vec<(String, Value)> = Vec::new();
    let mut set = |key: String, value: Value| {
        params.retain(|(k, _)| *k != key);
        params.push((key, value));
    };
    match auth.get(&kind) {
        Some(Value::Array(entries)) => {
            for entry in entries {
                if let Some(key) = text(entry, "key") {
                    set(key, entry.get("value").cloned().unwrap_or(Value::Null));
                }
            }
        }
        Some(Value::Object(map)) => {
            for (key, value) in map {
                set(key.clone(), value.clone());
            }
        }
        _ => {}
    }
    AuthDef::Typed {
        kind,
        params,
        path: path.clone(),
    }
}

/// Collection variables with §5.3 text conversion and §5.3 `type` casting.
fn read_variables(doc: &Value) -> Vec<VariableDef> {
    let mut variables: Vec<VariableDef> = Vec::new();
    for var in array(doc, "variable") {
        if !var.is_object() || is_disabled(var) {
            continue;
        }
        let Some(key) = text(var, "key").or_else(|| text(var, "id")) else {
            continue;
        };
        let kind = string(var, "type");
        let raw = var.get("value");
        let value = match (kind.as_deref(), raw) {
            (Some("string"), None) => "undefined".to_string(),
            (Some("number"), Some(v)) => cast_number(v),
            (Some("boolean"), Some(v)) => js_truthy_text(v),
            (_, None) => String::new(),
            (_, Some(Value::Object(_))) => "[object Object]".to_string(),
            (_, Some(Value::Array(items))) => {
                items.iter().map(js_string).collect::<Vec<_>>().join(",")
            }
            (_, Some(v)) => js_string(v),
        };
        variables.retain(|existing| existing.key != key);
        variables.push(VariableDef {
            key,
            value,
            kind,
            description: description(var, "description"),
        });
    }
    variables
}

fn cast_number(value: &Value) -> String {
    match value {
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", n as i64),
            Ok(n) => n.to_string(),
            Err(_) => "NaN".to_string(),
        },
        other => js_string(other),
    }
}

fn js_truthy_text(value: &Value) -> String {
    truthy(Some(value)).to_string()
}

fn read_events(element: &Value) -> Vec<Event> {
    array(element, "event")
        .iter()
        .filter(|event| !is_disabled(event))
        .filter_map(|event| {
            let exec = match event.pointer("/script/exec") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(lines)) => lines
                    .iter()
                    .map(|l| l.as_str().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => return None,
            };
            let listen = string(event, "listen")?;
            (!exec.trim().is_empty()).then_some(Event { listen, exec })
        })
        .collect()
}

fn read_ppb(element: &Value) -> Map<String, Value> {
    match element.get("protocolProfileBehavior") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    }
}

fn read_response(response: &mut Value) -> SavedResponse {
    // Moved, not copied: see `Collection::read`.
    let body = match response.get_mut("body") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(std::mem::take(text)),
        Some(other) => Some(js_string(other)),
    };
    let response = &*response;
    let code = member(response, "code").and_then(|c| match c {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    let status = text(response, "status").filter(|s| !s.is_empty());
    let code = code
        .filter(|c| (100..=599).contains(c))
        .or_else(|| status.as_deref().and_then(code_for_reason));
    let headers = read_headers(member(response, "header"))
        .into_iter()
        .map(|h| (h.key, h.value))
        .collect();
    SavedResponse {
        name: text(response, "name").unwrap_or_default(),
        code,
        status,
        headers,
        body,
        preview_language: string(response, "_postman_previewlanguage"),
        // As `read_request` reads a request's body.
        original_body: member(response, "originalRequest").map(|request| match request {
            Value::Object(_) => read_body(member(request, "body")),
            _ => BodyDef::default(),
        }),
    }
}

/// The status code for a standard reason phrase, for examples that give only `status`.
fn code_for_reason(reason: &str) -> Option<u16> {
    const REASONS: &[(u16, &str)] = &[
        (200, "ok"),
        (201, "created"),
        (202, "accepted"),
        (203, "non-authoritative information"),
        (204, "no content"),
        (205, "reset content"),
        (206, "partial content"),
        (300, "multiple choices"),
        (301, "moved permanently"),
        (302, "found"),
        (303, "see other"),
        (304, "not modified"),
        (307, "temporary redirect"),
        (308, "permanent redirect"),
        (400, "bad request"),
        (401, "unauthorized"),
        (402, "payment required"),
        (403, "forbidden"),
        (404, "not found"),
        (405, "method not allowed"),
        (406, "not acceptable"),
        (408, "request timeout"),
        (409, "conflict"),
        (410, "gone"),
        (411, "length required"),
        (412, "precondition failed"),
        (413, "payload too large"),
        (415, "unsupported media type"),
        (422, "unprocessable entity"),
        (423, "locked"),
        (428, "precondition required"),
        (429, "too many requests"),
        (500, "internal server error"),
        (501, "not implemented"),
        (502, "bad gateway"),
        (503, "service unavailable"),
        (504, "gateway timeout"),
    ];
    let reason = reason.trim().to_ascii_lowercase();
    REASONS
        .iter()
        .find(|(_, r)| *r == reason)
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ec30_header_block_string_parses_lines_and_folds() {
        let headers = read_headers(Some(&json!(
            "X-A: 1\nbad line\nX-B:  two\n  folded\n: nokey"
        )));
        let pairs: Vec<_> = headers
            .iter()
            .map(|h| (h.key.as_str(), h.value.as_str()))
            .collect();
        assert_eq!(pairs, [("X-A", "1"), ("X-B", "two folded")]);
    }

    #[test]
    fn ec31_header_value_null_number_missing() {
        let headers = read_headers(Some(
            &json!([{"key": "A", "value": null}, {"key": "B", "value": 42}, {"key": "C"}]),
        ));
        let values: Vec<_> = headers.iter().map(|h| h.value.as_str()).collect();
        assert_eq!(values, ["null", "42", ""]);
    }

    #[test]
    fn ec37_body_mode_rules() {
        assert_eq!(read_body(Some(&json!({"raw": "x"}))), BodyDef::None);
        assert_eq!(
            read_body(Some(&json!({"mode": "raw", "raw": "x", "disabled": true}))),
            BodyDef::None
        );
        assert_eq!(
            read_body(Some(&json!({"mode": "binary", "raw": "x"}))),
            BodyDef::Raw {
                text: "x".into(),
                language: None
            }
        );
        assert!(matches!(
            read_body(Some(&json!({"mode": "URLENCODED", "urlencoded": []}))),
            BodyDef::UrlEncoded(_)
        ));
        assert_eq!(read_body(None), BodyDef::None);
    }

    #[test]
    fn ec46_ec50_auth_params_in_both_shapes_and_inherit_rules() {
        let v21 = read_auth(
            Some(
                &json!({"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "username", "value": "last"}]}),
            ),
            &JsonPath::root(),
        );
        let v20 = read_auth(
            Some(&json!({"type": "basic", "basic": {"username": "last"}})),
            &JsonPath::root(),
        );
        let params = |auth: &AuthDef| match auth {
            AuthDef::Typed { params, .. } => params.clone(),
            _ => Vec::new(),
        };
        assert_eq!(params(&v21), vec![("username".to_string(), json!("last"))]);
        assert_eq!(params(&v20), params(&v21));
        assert_eq!(
            read_auth(Some(&json!({})), &JsonPath::root()),
            AuthDef::Inherit
        );
        assert_eq!(read_auth(None, &JsonPath::root()), AuthDef::Inherit);
        assert_eq!(
            read_auth(Some(&json!({"type": "noauth"})), &JsonPath::root()),
            AuthDef::NoAuth
        );
    }

    #[test]
    fn ec23_ec24_variable_values_become_text_like_postman() {
        let doc = json!({"variable": [
            {"key": "n", "value": 5}, {"key": "t", "value": true}, {"key": "z", "value": null},
            {"key": "o", "value": {"a": 1}}, {"key": "arr", "value": [1, 2]}, {"key": "u"},
            {"key": "s", "type": "string"}, {"key": "dup", "value": "first"}, {"key": "dup", "value": "last"},
            {"key": "a", "value": "07", "type": "number"}, {"key": "c", "value": "false", "type": "boolean"},
            {"key": "off", "value": "x", "disabled": true}
        ]});
        let vars: Vec<_> = read_variables(&doc)
            .into_iter()
            .map(|v| (v.key, v.value))
            .collect();
        let expected = [
            ("n", "5"),
            ("t", "true"),
            ("z", "null"),
            ("o", "[object Object]"),
            ("arr", "1,2"),
            ("u", ""),
            ("s", "undefined"),
            ("dup", "last"),
            ("a", "7"),
            ("c", "true"),
        ];
        assert_eq!(vars, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn responses_take_code_from_status_when_missing() {
        let r = read_response(
            &mut json!({"name": "x", "status": "Not Found", "header": ["Content-Type: application/json"], "body": "{}"}),
        );
        assert_eq!(r.code, Some(404));
        assert_eq!(
            r.headers,
            vec![("Content-Type".to_string(), "application/json".to_string())]
        );
    }

    #[test]
    fn ec52_folder_iff_item_is_truthy() {
        let mut doc = json!({"item": [
            {"name": "hybrid", "item": [], "request": "http://h/x"},
            {"name": "req", "item": null, "request": "http://h/y"},
            {"name": "bare"}
        ]});
        let items = read_items(&mut doc, &JsonPath::root());
        assert!(matches!(items[0], Item::Folder(_)));
        assert!(matches!(items[1], Item::Request(_)));
        match &items[2] {
            Item::Request(item) => assert!(item.request.url.is_empty()),
            Item::Folder(_) => panic!("an element with neither request nor item is a request"),
        }
    }
}
