//! A small model of a Postman collection and its one renderer to JSON
//! ([`Collection::to_json`]), shared by everything that makes collections
//! nobody wrote: the realistic collection of `cargo xtask synth` and the
//! benchmarks ([`super::collection`]), the proptest strategy of
//! `generator/tests/pipeline_props.rs` and the `structured` fuzz target's
//! model (`fuzz/src/model.rs`). Each of them decides *what* a collection
//! holds; the layout of the JSON (which member holds what, nested where,
//! the `options.raw.language` of a raw body, the `event` of a script) is
//! written here once.
//!
//! Leaves are JSON values and most members are optional, so a hostile
//! collection can leave a member out or put a value of the wrong type in
//! it; [`OrJson`] lets a whole member (a URL, the headers, the request) be
//! any JSON instead of its usual shape. Members are written in the order
//! Postman exports them; an empty list of URL variables, collection
//! variables or scripts is left out, as Postman leaves it out.

use serde_json::{json, Map, Value};

/// The `schema` of a v2.1 collection.
pub const SCHEMA_V21: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";
/// The `schema` of a v2.0 collection.
pub const SCHEMA_V20: &str = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json";

/// A member in its usual shape, or any JSON in its place.
#[derive(Debug, Clone)]
pub enum OrJson<T> {
    /// The usual shape.
    Shaped(T),
    /// Anything else (a URL as text, headers as a string, a number).
    Json(Value),
}

/// A collection.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// `info`.
    pub info: Info,
    /// `item`: folders and requests.
    pub items: Vec<Item>,
    /// `auth`.
    pub auth: Option<Auth>,
    /// `variable`.
    pub variables: Vec<Entry>,
    /// Put under `{"collection": ...}`, as Postman's API returns it.
    pub wrapped: bool,
}

/// `info`.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// `_postman_id`.
    pub postman_id: Option<Value>,
    /// `name`.
    pub name: Option<Value>,
    /// `description`.
    pub description: Option<Value>,
    /// `schema` (see [`SCHEMA_V21`]).
    pub schema: Option<Value>,
}

/// One entry of `item`.
#[derive(Debug, Clone)]
pub enum Item {
    /// A folder.
    Folder(Box<Folder>),
    /// A request.
    Request(Box<RequestItem>),
    /// Anything else.
    Json(Value),
}

/// A folder.
#[derive(Debug, Clone, Default)]
pub struct Folder {
    /// `id`.
    pub id: Option<Value>,
    /// `name`.
    pub name: Option<Value>,
    /// `description`.
    pub description: Option<Value>,
    /// `auth`.
    pub auth: Option<Auth>,
    /// `item`.
    pub items: Vec<Item>,
}

/// A request item: the request, its saved responses and its scripts.
#[derive(Debug, Clone, Default)]
pub struct RequestItem {
    /// `id`.
    pub id: Option<Value>,
    /// `name`.
    pub name: Option<Value>,
    /// `request` (a URL as text is allowed too).
    pub request: Option<OrJson<Request>>,
    /// `response`, always written.
    pub responses: Vec<Response>,
    /// The lines of a pre-request script (`event`), left out when empty.
    pub prerequest: Vec<Value>,
}

/// `request` as an object.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// `method`.
    pub method: Option<Value>,
    /// `header`.
    pub headers: Option<OrJson<Vec<Entry>>>,
    /// `url`.
    pub url: Option<OrJson<Url>>,
    /// `body`.
    pub body: Option<Body>,
    /// `auth`.
    pub auth: Option<Auth>,
    /// `description`.
    pub description: Option<Value>,
}

/// `url` as an object.
#[derive(Debug, Clone, Default)]
pub struct Url {
    /// `raw`.
    pub raw: Option<Value>,
    /// `protocol`.
    pub protocol: Option<Value>,
    /// `host` (an array of labels or a string).
    pub host: Option<Value>,
    /// `port`.
    pub port: Option<Value>,
    /// `path` (an array of segments or a string).
    pub path: Option<Value>,
    /// `query`, always written.
    pub query: Vec<Entry>,
    /// `variable`: the path variables.
    pub variables: Vec<Entry>,
}

/// A key-value entry: a query parameter, header, form field, URL or
/// collection variable, or auth parameter; members left `None` are left out.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// `key`.
    pub key: Option<Value>,
    /// `value`.
    pub value: Option<Value>,
    /// `type` (`text`/`file` of a form field, `string` of an auth parameter).
    pub kind: Option<Value>,
    /// `src`: a form field's file.
    pub src: Option<Value>,
    /// `contentType` of a form field.
    pub content_type: Option<Value>,
    /// `disabled: true`.
    pub disabled: bool,
    /// `description`.
    pub description: Option<Value>,
}

impl Entry {
    /// `{"key": key, "value": value}`.
    pub fn new(key: impl Into<Value>, value: impl Into<Value>) -> Self {
        Entry {
            key: Some(key.into()),
            value: Some(value.into()),
            ..Entry::default()
        }
    }

    /// The entry with a `description`.
    pub fn described(mut self, description: impl Into<Value>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// `body`.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// `mode`.
    pub mode: Option<Value>,
    /// `disabled: true`.
    pub disabled: bool,
    /// `raw`.
    pub raw: Option<Value>,
    /// `options.raw.language`.
    pub language: Option<Value>,
    /// `urlencoded` (a string is allowed too).
    pub urlencoded: Option<OrJson<Vec<Entry>>>,
    /// `formdata`.
    pub formdata: Option<Vec<Entry>>,
    /// `file` (`{"src": ...}`).
    pub file: Option<Value>,
    /// `graphql`.
    pub graphql: Option<GraphQl>,
}

/// `body.graphql`.
#[derive(Debug, Clone, Default)]
pub struct GraphQl {
    /// `query`.
    pub query: Option<Value>,
    /// `variables` (JSON text or an object).
    pub variables: Option<Value>,
    /// `operationName`.
    pub operation_name: Option<Value>,
}

/// `auth`: `{"type": kind, kind: params}`.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// `type`.
    pub kind: Option<Value>,
    /// The parameters: v2.1's array of entries or v2.0's map.
    pub params: AuthParams,
    /// The member holding the parameters when it is not named after `kind`
    /// (or `kind` is not a string).
    pub member: Option<String>,
}

/// The parameters of an [`Auth`].
#[derive(Debug, Clone, Default)]
pub enum AuthParams {
    /// None (`noauth`, or a broken collection).
    #[default]
    Missing,
    /// v2.1: `[{"key": ..., "value": ...}]`.
    Array(Vec<Entry>),
    /// v2.0: `{"key": value}`.
    Map(Vec<(String, Value)>),
}

impl Auth {
    /// An auth of this type with v2.1 parameters.
    pub fn new(kind: &str, params: Vec<Entry>) -> Self {
        Auth {
            kind: Some(Value::from(kind)),
            params: if params.is_empty() {
                AuthParams::Missing
            } else {
                AuthParams::Array(params)
            },
            member: None,
        }
    }
}

/// A saved response (`response[]`).
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// `name`.
    pub name: Option<Value>,
    /// `originalRequest`.
    pub original_request: Option<Value>,
    /// `status`.
    pub status: Option<Value>,
    /// `code`.
    pub code: Option<Value>,
    /// `_postman_previewlanguage`.
    pub preview_language: Option<Value>,
    /// `header`.
    pub headers: Option<OrJson<Vec<Entry>>>,
    /// `body`.
    pub body: Option<Value>,
}

impl Collection {
    /// The collection's JSON.
    pub fn to_json(&self) -> Value {
        let mut info = Map::new();
        put(&mut info, "_postman_id", &self.info.postman_id);
        put(&mut info, "name", &self.info.name);
        put(&mut info, "description", &self.info.description);
        put(&mut info, "schema", &self.info.schema);
        let mut doc = Map::new();
        doc.insert("info".into(), Value::Object(info));
        doc.insert("item".into(), items(&self.items));
        if let Some(auth) = &self.auth {
            doc.insert("auth".into(), auth.to_json());
        }
        if !self.variables.is_empty() {
            doc.insert("variable".into(), entries(&self.variables));
        }
        let doc = Value::Object(doc);
        if self.wrapped {
            json!({ "collection": doc })
        } else {
            doc
        }
    }

    /// The collection's JSON text.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }
}

fn items(items: &[Item]) -> Value {
    items.iter().map(Item::to_json).collect()
}

impl Item {
    fn to_json(&self) -> Value {
        match self {
            Item::Folder(folder) => {
                let mut out = Map::new();
                put(&mut out, "id", &folder.id);
                put(&mut out, "name", &folder.name);
                put(&mut out, "description", &folder.description);
                if let Some(auth) = &folder.auth {
                    out.insert("auth".into(), auth.to_json());
                }
                out.insert("item".into(), items(&folder.items));
                Value::Object(out)
            }
            Item::Request(item) => item.to_json(),
            Item::Json(value) => value.clone(),
        }
    }
}

impl RequestItem {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "id", &self.id);
        put(&mut out, "name", &self.name);
        match &self.request {
            Some(OrJson::Shaped(request)) => {
                out.insert("request".into(), request.to_json());
            }
            Some(OrJson::Json(value)) => {
                out.insert("request".into(), value.clone());
            }
            None => {}
        }
        out.insert(
            "response".into(),
            self.responses.iter().map(Response::to_json).collect(),
        );
        if !self.prerequest.is_empty() {
            out.insert(
                "event".into(),
                json!([{"listen": "prerequest", "script": {"type": "text/javascript", "exec": self.prerequest}}]),
            );
        }
        Value::Object(out)
    }
}

impl Request {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "method", &self.method);
        if let Some(headers) = &self.headers {
            out.insert("header".into(), or_entries(headers));
        }
        match &self.url {
            Some(OrJson::Shaped(url)) => {
                out.insert("url".into(), url.to_json());
            }
            Some(OrJson::Json(value)) => {
                out.insert("url".into(), value.clone());
            }
            None => {}
        }
        if let Some(body) = &self.body {
            out.insert("body".into(), body.to_json());
        }
        if let Some(auth) = &self.auth {
            out.insert("auth".into(), auth.to_json());
        }
        put(&mut out, "description", &self.description);
        Value::Object(out)
    }
}

impl Url {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "raw", &self.raw);
        put(&mut out, "protocol", &self.protocol);
        put(&mut out, "host", &self.host);
        put(&mut out, "port", &self.port);
        put(&mut out, "path", &self.path);
        out.insert("query".into(), entries(&self.query));
        if !self.variables.is_empty() {
            out.insert("variable".into(), entries(&self.variables));
        }
        Value::Object(out)
    }
}

impl Entry {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "key", &self.key);
        put(&mut out, "value", &self.value);
        put(&mut out, "type", &self.kind);
        put(&mut out, "src", &self.src);
        put(&mut out, "contentType", &self.content_type);
        if self.disabled {
            out.insert("disabled".into(), Value::Bool(true));
        }
        put(&mut out, "description", &self.description);
        Value::Object(out)
    }
}

fn entries(entries: &[Entry]) -> Value {
    entries.iter().map(Entry::to_json).collect()
}

fn or_entries(value: &OrJson<Vec<Entry>>) -> Value {
    match value {
        OrJson::Shaped(list) => entries(list),
        OrJson::Json(value) => value.clone(),
    }
}

impl Body {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "mode", &self.mode);
        if self.disabled {
            out.insert("disabled".into(), Value::Bool(true));
        }
        put(&mut out, "raw", &self.raw);
        if let Some(language) = &self.language {
            out.insert("options".into(), json!({"raw": {"language": language}}));
        }
        if let Some(urlencoded) = &self.urlencoded {
            out.insert("urlencoded".into(), or_entries(urlencoded));
        }
        if let Some(formdata) = &self.formdata {
            out.insert("formdata".into(), entries(formdata));
        }
        put(&mut out, "file", &self.file);
        if let Some(graphql) = &self.graphql {
            let mut object = Map::new();
            put(&mut object, "query", &graphql.query);
            put(&mut object, "variables", &graphql.variables);
            put(&mut object, "operationName", &graphql.operation_name);
            out.insert("graphql".into(), Value::Object(object));
        }
        Value::Object(out)
    }
}

impl Auth {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "type", &self.kind);
        let member = match (&self.member, &self.kind) {
            (Some(member), _) => member.clone(),
            (None, Some(Value::String(kind))) => kind.clone(),
            (None, _) => "basic".to_string(),
        };
        match &self.params {
            AuthParams::Missing => {}
            AuthParams::Array(params) => {
                out.insert(member, entries(params));
            }
            AuthParams::Map(params) => {
                out.insert(member, Value::Object(params.iter().cloned().collect()));
            }
        }
        Value::Object(out)
    }
}

impl Response {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        put(&mut out, "name", &self.name);
        put(&mut out, "originalRequest", &self.original_request);
        put(&mut out, "status", &self.status);
        put(&mut out, "code", &self.code);
        put(&mut out, "_postman_previewlanguage", &self.preview_language);
        if let Some(headers) = &self.headers {
            out.insert("header".into(), or_entries(headers));
        }
        put(&mut out, "body", &self.body);
        Value::Object(out)
    }
}

/// Writes `key` when the member has a value.
fn put(out: &mut Map<String, Value>, key: &str, value: &Option<Value>) {
    if let Some(value) = value {
        out.insert(key.into(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_go_where_postman_puts_them_and_absent_ones_are_left_out() {
        let request = Request {
            method: Some("POST".into()),
            url: Some(OrJson::Shaped(Url {
                raw: Some("{{base}}/a/:id".into()),
                variables: vec![Entry::new("id", "7")],
                ..Url::default()
            })),
            headers: Some(OrJson::Json("Accept: */*".into())),
            body: Some(Body {
                mode: Some("raw".into()),
                raw: Some("{}".into()),
                language: Some("json".into()),
                ..Body::default()
            }),
            ..Request::default()
        };
        let collection = Collection {
            info: Info {
                name: Some("c".into()),
                schema: Some(SCHEMA_V21.into()),
                ..Info::default()
            },
            items: vec![Item::Folder(Box::new(Folder {
                name: Some("f".into()),
                auth: Some(Auth::new("noauth", Vec::new())),
                items: vec![Item::Request(Box::new(RequestItem {
                    name: Some("r".into()),
                    request: Some(OrJson::Shaped(request)),
                    prerequest: vec!["pm.variables.set('a', 1)".into()],
                    ..RequestItem::default()
                }))],
                ..Folder::default()
            }))],
            auth: Some(Auth {
                kind: Some("apikey".into()),
                params: AuthParams::Map(vec![("key".into(), "X-Key".into())]),
                member: None,
            }),
            ..Collection::default()
        };
        assert_eq!(
            collection.to_json(),
            json!({
                "info": {"name": "c", "schema": SCHEMA_V21},
                "item": [{"name": "f", "auth": {"type": "noauth"}, "item": [{
                    "name": "r",
                    "request": {
                        "method": "POST",
                        "header": "Accept: */*",
                        "url": {"raw": "{{base}}/a/:id", "query": [], "variable": [{"key": "id", "value": "7"}]},
                        "body": {"mode": "raw", "raw": "{}", "options": {"raw": {"language": "json"}}}
                    },
                    "response": [],
                    "event": [{"listen": "prerequest", "script": {"type": "text/javascript", "exec": ["pm.variables.set('a', 1)"]}}]
                }]}],
                "auth": {"type": "apikey", "apikey": {"key": "X-Key"}}
            })
        );
        let wrapped = Collection {
            wrapped: true,
            ..Collection::default()
        };
        assert_eq!(
            wrapped.to_json(),
            json!({"collection": {"info": {}, "item": []}})
        );
    }
}
