//! A structural description of a Postman collection for the `structured`
//! fuzz target.
//!
//! libFuzzer mutates the bytes that `arbitrary` decodes into a
//! [`CollectionModel`]; [`CollectionModel::render`] turns the model into the
//! JSON of a collection. Almost every rendering is a collection the loader
//! accepts, so the fuzzer spends its time in lowering, inference and emission
//! rather than in JSON syntax errors. The model covers what has broken code
//! generators before: hostile names (keywords, empty, `::`, `*/`, `"#`, NUL,
//! emoji, code fences), nesting, every body mode with odd members, both auth
//! shapes (v2.0 map, v2.1 array) with unknown types and inheritance, URL
//! shapes, header shapes, and saved responses whose JSON bodies hold numbers
//! no `f64` or `u64` can represent.
//!
//! Nothing here is recursive: folders are a flat list of [`Node`]s with a
//! nesting [`Step`], and JSON bodies a flat list of [`JsonToken`]s, so
//! decoding and rendering use bounded stack whatever the input.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Number, Value};

/// Folders deeper than this are rendered flat (the loader refuses nesting
/// past 128 JSON levels; the `pipeline` target covers that refusal).
const MAX_FOLDER_DEPTH: usize = 16;

/// JSON bodies deeper than this are closed early.
const MAX_JSON_DEPTH: usize = 24;

pub use postman_codegen::unstable::synthetic::{HOSTILE_NAMES, NUMBER_LITERALS};

/// Words with a meaning somewhere in a collection (auth locations, booleans,
/// content types), used as values.
const WORDS: &[&str] = &[
    "header",
    "query",
    "url",
    "cookie",
    "true",
    "false",
    "Bearer",
    "application/json",
    "application/json; charset=utf-8",
    "application/problem+json",
    "application/xml",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "*/*",
    "HMAC-SHA1",
    "client_credentials",
];

/// Picks `pool[index % len]`.
fn pick<'a>(pool: &[&'a str], index: u8) -> &'a str {
    pool[usize::from(index) % pool.len()]
}

/// A name: from [`HOSTILE_NAMES`], a combination, or free text.
#[derive(Arbitrary, Debug, Clone)]
pub enum Name {
    /// One hostile name.
    Pool(u8),
    /// Two hostile names joined by a space.
    Pair(u8, u8),
    /// A hostile name repeated (long names).
    Repeated(u8, u8),
    /// Anything (short: a long string would eat the fuzzer's bytes).
    Free(ShortText),
}

/// Up to 31 bytes of text, lossily decoded from UTF-8.
#[derive(Debug, Clone)]
pub struct ShortText(pub String);

impl<'a> Arbitrary<'a> for ShortText {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let len = usize::from(u.arbitrary::<u8>()? % 32).min(u.len());
        Ok(ShortText(
            String::from_utf8_lossy(u.bytes(len)?).into_owned(),
        ))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(32))
    }
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => pick(HOSTILE_NAMES, *i).to_string(),
            Name::Pair(a, b) => format!("{} {}", pick(HOSTILE_NAMES, *a), pick(HOSTILE_NAMES, *b)),
            Name::Repeated(i, n) => pick(HOSTILE_NAMES, *i).repeat(usize::from(*n % 64) + 1),
            Name::Free(text) => text.0.clone(),
        }
    }

    fn value(&self) -> Value {
        Value::String(self.text())
    }
}

/// A scalar JSON value, or a string with a meaning.
#[derive(Arbitrary, Debug, Clone)]
pub enum Scalar {
    /// A name as a string.
    Str(Name),
    /// A meaningful word (see [`WORDS`]).
    Word(u8),
    /// `{{name}}`.
    Var(Name),
    /// An integer.
    Int(i64),
    /// A float (non-finite ones become `null`).
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// An empty object.
    Object,
    /// An array of names.
    Array(Vec<Name>),
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Str(name) => name.value(),
            Scalar::Word(i) => Value::from(pick(WORDS, *i)),
            Scalar::Var(name) => Value::String(format!("{{{{{}}}}}", name.text())),
            Scalar::Int(n) => Value::from(*n),
            Scalar::Float(x) => Number::from_f64(*x).map_or(Value::Null, Value::Number),
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Null => Value::Null,
            Scalar::Object => json!({}),
            Scalar::Array(names) => names.iter().map(Name::value).collect(),
        }
    }

    /// The scalar as URL or header text.
    fn text(&self) -> String {
        match self.value() {
            Value::String(text) => text,
            other => other.to_string(),
        }
    }
}

/// A description: Postman allows a string or `{content, type}`.
#[derive(Arbitrary, Debug, Clone)]
pub enum Description {
    /// A plain string.
    Text(Name),
    /// `{"content": ..., "type": ...}`.
    Object(Name, Option<Name>),
    /// Something else entirely.
    Wrong(Scalar),
}

impl Description {
    fn value(&self) -> Value {
        match self {
            Description::Text(name) => name.value(),
            Description::Object(content, kind) => {
                let mut object = json!({"content": content.text()});
                if let Some(kind) = kind {
                    object["type"] = kind.value();
                }
                object
            }
            Description::Wrong(scalar) => scalar.value(),
        }
    }
}

/// One token of a JSON document written as text.
#[derive(Arbitrary, Debug, Clone)]
pub enum JsonToken {
    /// `{`.
    Open,
    /// `[`.
    OpenArray,
    /// Closes the innermost container.
    Close,
    /// An object key (used when the innermost container is an object).
    Key(Name),
    /// A number literal from [`NUMBER_LITERALS`].
    Literal(u8),
    /// A number, string, boolean or null.
    Scalar(Scalar),
    /// A `u64`, often past `i64::MAX`.
    Unsigned(u64),
}

/// A JSON document as a flat token list; rendered as text so numbers
/// `serde_json::Value` cannot hold (1e400) still reach the generator.
#[derive(Arbitrary, Debug, Clone)]
pub struct JsonText {
    /// The tokens, in order.
    pub tokens: Vec<JsonToken>,
    /// Cut the text short (invalid JSON) at this many characters.
    pub truncate: Option<u16>,
}

impl JsonText {
    fn render(&self) -> String {
        enum Frame {
            Object { first: bool },
            Array { first: bool },
        }
        let mut out = String::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut root_done = false;
        let mut pending_key: Option<String> = None;
        for token in &self.tokens {
            if root_done {
                break;
            }
            if let JsonToken::Key(name) = token {
                pending_key = Some(name.text());
                continue;
            }
            if let JsonToken::Close = token {
                match stack.pop() {
                    Some(Frame::Object { .. }) => out.push('}'),
                    Some(Frame::Array { .. }) => out.push(']'),
                    None => {}
                }
                root_done = stack.is_empty() && !out.is_empty();
                continue;
            }
            // A value: separate it from its predecessor and key it if needed.
            match stack.last_mut() {
                Some(Frame::Object { first }) => {
                    if !*first {
                        out.push(',');
                    }
                    *first = false;
                    let key = pending_key
                        .take()
                        .unwrap_or_else(|| format!("k{}", out.len()));
                    out.push_str(&Value::String(key).to_string());
                    out.push(':');
                }
                Some(Frame::Array { first }) => {
                    if !*first {
                        out.push(',');
                    }
                    *first = false;
                }
                None => {}
            }
            let opens = match token {
                JsonToken::Open if stack.len() < MAX_JSON_DEPTH => {
                    out.push('{');
                    Some(Frame::Object { first: true })
                }
                JsonToken::OpenArray if stack.len() < MAX_JSON_DEPTH => {
                    out.push('[');
                    Some(Frame::Array { first: true })
                }
                JsonToken::Open | JsonToken::OpenArray => {
                    out.push_str("null");
                    None
                }
                JsonToken::Literal(i) => {
                    out.push_str(pick(NUMBER_LITERALS, *i));
                    None
                }
                JsonToken::Scalar(scalar) => {
                    out.push_str(&scalar.value().to_string());
                    None
                }
                JsonToken::Unsigned(n) => {
                    out.push_str(&n.to_string());
                    None
                }
                JsonToken::Key(_) | JsonToken::Close => None,
            };
            match opens {
                Some(frame) => stack.push(frame),
                None => root_done = stack.is_empty(),
            }
        }
        while let Some(frame) = stack.pop() {
            out.push(if matches!(frame, Frame::Array { .. }) {
                ']'
            } else {
                '}'
            });
        }
        if let Some(limit) = self.truncate {
            let mut cut = usize::from(limit).min(out.len());
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
        }
        out
    }
}

/// A whole collection.
#[derive(Arbitrary, Debug, Clone)]
pub struct CollectionModel {
    /// `info.name`.
    pub name: Option<Name>,
    /// `info.schema`.
    pub schema: Schema,
    /// `info.description`.
    pub description: Option<Description>,
    /// `info._postman_id`.
    pub postman_id: Option<Name>,
    /// Collection-level auth.
    pub auth: Option<Auth>,
    /// Collection variables.
    pub variables: Vec<Variable>,
    /// Wrap as `{"collection": {...}}`, the Postman API's export shape.
    pub wrapped: bool,
    /// The item tree, flattened. Last, so it takes the remaining input.
    pub nodes: Nodes,
}

/// The flattened item tree: up to [`MAX_NODES`] nodes, as many as the input
/// has bytes for. (A derived `Vec` stops at the first even byte, so random
/// inputs would hardly ever hold more than one or two items.)
#[derive(Debug, Clone, Default)]
pub struct Nodes(pub Vec<Node>);

/// The most nodes one input describes.
const MAX_NODES: usize = 64;

impl<'a> Arbitrary<'a> for Nodes {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let wanted = usize::from(u.arbitrary::<u8>()?) % (MAX_NODES + 1);
        let mut nodes = Vec::new();
        while nodes.len() < wanted && !u.is_empty() {
            nodes.push(Node::arbitrary(u)?);
        }
        Ok(Nodes(nodes))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, None)
    }
}

/// `info.schema`.
#[derive(Arbitrary, Debug, Clone)]
pub enum Schema {
    /// v2.1.0.
    V21,
    /// v2.0.0.
    V20,
    /// Absent.
    Missing,
    /// Anything else.
    Odd(Name),
}

/// One collection variable.
#[derive(Arbitrary, Debug, Clone)]
pub struct Variable {
    /// `key` (absent: the variable is skipped).
    pub key: Option<Name>,
    /// `value`.
    pub value: Option<Scalar>,
    /// `type`: string, number, boolean, any, or odd.
    pub kind: Option<u8>,
    /// `disabled`.
    pub disabled: bool,
}

/// One item of the flattened tree.
#[derive(Arbitrary, Debug, Clone)]
pub struct Node {
    /// Where the item goes relative to the previous one.
    pub step: Step,
    /// The item.
    pub item: ItemKind,
}

/// How the tree moves before placing a node. A folder always opens a level
/// that the following nodes go into.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Step {
    /// Stay at the current level.
    Same,
    /// Close this many folders first.
    Out(u8),
}

/// A folder, a request, or junk where an item should be.
#[derive(Arbitrary, Debug, Clone)]
pub enum ItemKind {
    /// A folder; following nodes go inside it.
    Folder(Folder),
    /// A request.
    Request(Box<RequestItem>),
    /// A non-object in `item`.
    Junk(Scalar),
}

/// A folder's own members.
#[derive(Arbitrary, Debug, Clone)]
pub struct Folder {
    /// `name`.
    pub name: Option<Name>,
    /// `id`.
    pub id: Option<Name>,
    /// `description`.
    pub description: Option<Description>,
    /// `auth`, overriding the parent's.
    pub auth: Option<Auth>,
}

/// A request item.
#[derive(Arbitrary, Debug, Clone)]
pub struct RequestItem {
    /// `name`.
    pub name: Option<Name>,
    /// `id`.
    pub id: Option<Name>,
    /// How `request` is written.
    pub shape: RequestShape,
    /// `request.method`.
    pub method: Method,
    /// `request.url`.
    pub url: Option<Url>,
    /// `request.header`.
    pub headers: Option<Headers>,
    /// `request.body`.
    pub body: Option<Body>,
    /// `request.auth`.
    pub auth: Option<Auth>,
    /// `request.description`.
    pub description: Option<Description>,
    /// `response`: saved examples.
    pub responses: Vec<Response>,
    /// Lines of a pre-request script.
    pub script: Vec<Name>,
}

/// `request` as an object, a bare URL string, or missing.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum RequestShape {
    /// `{"method": ..., "url": ...}`.
    Object,
    /// `"https://..."` (the URL's text).
    Text,
    /// No `request` member.
    Missing,
}

/// `request.method`.
#[derive(Arbitrary, Debug, Clone)]
pub enum Method {
    /// A standard method, upper case.
    Standard(u8),
    /// A standard method, lower case.
    Lower(u8),
    /// Any string.
    Custom(Name),
    /// A number.
    Number(i64),
    /// Absent.
    Missing,
}

const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PURGE",
    "LINK", "UNLINK", "PROPFIND", "VIEW", "COPY", "LOCK",
];

impl Method {
    fn value(&self) -> Option<Value> {
        Some(match self {
            Method::Standard(i) => Value::from(pick(METHODS, *i)),
            Method::Lower(i) => Value::from(pick(METHODS, *i).to_ascii_lowercase()),
            Method::Custom(name) => name.value(),
            Method::Number(n) => Value::from(*n),
            Method::Missing => return None,
        })
    }
}

/// `request.url` in one of its shapes.
#[derive(Arbitrary, Debug, Clone)]
pub enum Url {
    /// A string.
    Text(UrlParts),
    /// An object (`raw`, `protocol`, `host`, `path`, `query`, `variable`).
    Object(UrlObject),
    /// Neither.
    Wrong(Scalar),
}

/// The parts of a URL.
#[derive(Arbitrary, Debug, Clone)]
pub struct UrlParts {
    /// `https://`, `{{baseUrl}}`, ...
    pub scheme: Scheme,
    /// The host.
    pub host: Host,
    /// Path segments.
    pub segments: Vec<Segment>,
    /// Query entries.
    pub query: Vec<QueryEntry>,
    /// `#fragment`.
    pub fragment: Option<Name>,
}

/// How a URL starts.
#[derive(Arbitrary, Debug, Clone)]
pub enum Scheme {
    /// `https://`.
    Https,
    /// `http://`.
    Http,
    /// Nothing.
    None,
    /// Anything, followed by `://`.
    Odd(Name),
}

/// The host of a URL.
#[derive(Arbitrary, Debug, Clone)]
pub enum Host {
    /// A fixed host from a small pool (with ports, IPs, empty).
    Fixed(u8),
    /// `{{name}}`.
    Var(Name),
    /// A hostile name.
    Name(Name),
}

const HOSTS: &[&str] = &[
    "api.example.com",
    "h",
    "localhost:8080",
    "127.0.0.1",
    "[::1]:3000",
    "",
    "user:pass@h",
    "{{baseUrl}}",
    "{{host}}:{{port}}",
];

/// One path segment.
#[derive(Arbitrary, Debug, Clone)]
pub enum Segment {
    /// Literal text.
    Literal(Name),
    /// `:name`, a path variable.
    Param(Name),
    /// `{{name}}`.
    Var(Name),
    /// An empty segment (`//`).
    Empty,
    /// `a:b`.
    Mixed(Name, Name),
}

/// One query entry.
#[derive(Arbitrary, Debug, Clone)]
pub struct QueryEntry {
    /// `key` (may be absent).
    pub key: Option<Name>,
    /// `value`: strings, numbers, null.
    pub value: Option<Scalar>,
    /// `disabled`.
    pub disabled: bool,
    /// `description`.
    pub description: Option<Description>,
}

/// `request.url` as an object.
#[derive(Arbitrary, Debug, Clone)]
pub struct UrlObject {
    /// The parts.
    pub parts: UrlParts,
    /// Include `raw` (the text form).
    pub raw: bool,
    /// Write `host` as a string rather than an array of labels.
    pub host_as_string: bool,
    /// Write `path` as a string rather than an array of segments.
    pub path_as_string: bool,
    /// Leave `host` and `path` out (only `raw` then says where to go).
    pub raw_only: bool,
    /// `port`.
    pub port: Option<Scalar>,
    /// `variable`: path variable values.
    pub variables: Vec<(Option<Name>, Option<Scalar>, Option<Description>)>,
}

impl UrlParts {
    fn scheme_text(&self) -> String {
        match &self.scheme {
            Scheme::Https => "https://".to_string(),
            Scheme::Http => "http://".to_string(),
            Scheme::None => String::new(),
            Scheme::Odd(name) => format!("{}://", name.text()),
        }
    }

    fn host_text(&self) -> String {
        match &self.host {
            Host::Fixed(i) => pick(HOSTS, *i).to_string(),
            Host::Var(name) => format!("{{{{{}}}}}", name.text()),
            Host::Name(name) => name.text(),
        }
    }

    fn segment_texts(&self) -> Vec<String> {
        self.segments
            .iter()
            .map(|segment| match segment {
                Segment::Literal(name) => name.text(),
                Segment::Param(name) => format!(":{}", name.text()),
                Segment::Var(name) => format!("{{{{{}}}}}", name.text()),
                Segment::Empty => String::new(),
                Segment::Mixed(a, b) => format!("{}:{}", a.text(), b.text()),
            })
            .collect()
    }

    fn query_text(&self) -> String {
        self.query
            .iter()
            .filter(|entry| !entry.disabled)
            .map(|entry| {
                let key = entry.key.as_ref().map(Name::text).unwrap_or_default();
                match &entry.value {
                    Some(value) => format!("{key}={}", value.text()),
                    None => key,
                }
            })
            .collect::<Vec<_>>()
            .join("&")
    }

    fn text(&self) -> String {
        let mut text = self.scheme_text() + &self.host_text();
        for segment in self.segment_texts() {
            text.push('/');
            text.push_str(&segment);
        }
        if !self.query.is_empty() {
            text.push('?');
            text.push_str(&self.query_text());
        }
        if let Some(fragment) = &self.fragment {
            text.push('#');
            text.push_str(&fragment.text());
        }
        text
    }
}

impl Url {
    fn value(&self) -> Value {
        match self {
            Url::Text(parts) => Value::String(parts.text()),
            Url::Object(object) => object.value(),
            Url::Wrong(scalar) => scalar.value(),
        }
    }
}

impl UrlObject {
    fn value(&self) -> Value {
        let parts = &self.parts;
        let mut out = Map::new();
        if self.raw || self.raw_only {
            out.insert("raw".into(), Value::String(parts.text()));
        }
        if !self.raw_only {
            let scheme = parts.scheme_text();
            if let Some(protocol) = scheme.strip_suffix("://") {
                out.insert("protocol".into(), Value::from(protocol));
            }
            let host = parts.host_text();
            out.insert(
                "host".into(),
                if self.host_as_string {
                    Value::String(host)
                } else {
                    host.split('.').map(Value::from).collect()
                },
            );
            let segments = parts.segment_texts();
            out.insert(
                "path".into(),
                if self.path_as_string {
                    Value::String(segments.join("/"))
                } else {
                    segments.into_iter().map(Value::String).collect()
                },
            );
            if let Some(port) = &self.port {
                out.insert("port".into(), port.value());
            }
        }
        let query: Vec<Value> = parts
            .query
            .iter()
            .map(|entry| {
                let mut object = Map::new();
                if let Some(key) = &entry.key {
                    object.insert("key".into(), key.value());
                }
                if let Some(value) = &entry.value {
                    object.insert("value".into(), value.value());
                }
                if entry.disabled {
                    object.insert("disabled".into(), Value::Bool(true));
                }
                if let Some(description) = &entry.description {
                    object.insert("description".into(), description.value());
                }
                Value::Object(object)
            })
            .collect();
        out.insert("query".into(), Value::Array(query));
        let variables: Vec<Value> = self
            .variables
            .iter()
            .map(|(key, value, description)| {
                let mut object = Map::new();
                if let Some(key) = key {
                    object.insert("key".into(), key.value());
                }
                if let Some(value) = value {
                    object.insert("value".into(), value.value());
                }
                if let Some(description) = description {
                    object.insert("description".into(), description.value());
                }
                Value::Object(object)
            })
            .collect();
        if !variables.is_empty() {
            out.insert("variable".into(), Value::Array(variables));
        }
        Value::Object(out)
    }
}

/// `header` in one of its shapes.
#[derive(Arbitrary, Debug, Clone)]
pub enum Headers {
    /// An array of `{key, value, disabled}`.
    List(Vec<Header>),
    /// A `Key: value` string, one per line.
    Text(Vec<(Name, Scalar)>),
    /// Neither.
    Wrong(Scalar),
}

/// One header entry.
#[derive(Arbitrary, Debug, Clone)]
pub struct Header {
    /// `key`: a common header name or a hostile one.
    pub key: HeaderName,
    /// `value`.
    pub value: Option<Scalar>,
    /// `disabled`.
    pub disabled: bool,
}

/// A header name.
#[derive(Arbitrary, Debug, Clone)]
pub enum HeaderName {
    /// A well-known header.
    Known(u8),
    /// Anything.
    Name(Name),
    /// Absent.
    Missing,
}

const HEADER_NAMES: &[&str] = &[
    "Content-Type",
    "content-type",
    "Accept",
    "Authorization",
    "X-API-Key",
    "X-Request-Id",
    "Cookie",
    "User-Agent",
    "If-None-Match",
    "Content-Length",
];

impl Headers {
    fn value(&self) -> Value {
        match self {
            Headers::List(headers) => headers
                .iter()
                .map(|header| {
                    let mut object = Map::new();
                    match &header.key {
                        HeaderName::Known(i) => {
                            object.insert("key".into(), Value::from(pick(HEADER_NAMES, *i)));
                        }
                        HeaderName::Name(name) => {
                            object.insert("key".into(), name.value());
                        }
                        HeaderName::Missing => {}
                    }
                    if let Some(value) = &header.value {
                        object.insert("value".into(), value.value());
                    }
                    if header.disabled {
                        object.insert("disabled".into(), Value::Bool(true));
                    }
                    Value::Object(object)
                })
                .collect(),
            Headers::Text(lines) => Value::String(
                lines
                    .iter()
                    .map(|(key, value)| format!("{}: {}", key.text(), value.text()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Headers::Wrong(scalar) => scalar.value(),
        }
    }
}

/// `request.body`.
#[derive(Arbitrary, Debug, Clone)]
pub struct Body {
    /// `mode`.
    pub mode: BodyMode,
    /// `disabled`.
    pub disabled: bool,
    /// `raw`.
    pub raw: RawContent,
    /// `options.raw.language`.
    pub language: Option<Language>,
    /// `urlencoded` / `formdata` entries.
    pub form: Vec<FormEntry>,
    /// Write `urlencoded` as an `a=1&b=2` string.
    pub urlencoded_as_string: bool,
    /// `file.src` (or `file` as a string).
    pub file: Option<(bool, Name)>,
    /// `graphql`.
    pub graphql: Option<GraphQl>,
    /// Also write the members of every other mode.
    pub every_member: bool,
}

/// `body.mode`.
#[derive(Arbitrary, Debug, Clone)]
pub enum BodyMode {
    /// `raw`.
    Raw,
    /// `urlencoded`.
    UrlEncoded,
    /// `formdata`.
    FormData,
    /// `file`.
    File,
    /// `graphql`.
    GraphQl,
    /// A known mode in upper case.
    Upper(u8),
    /// Anything else.
    Unknown(Name),
    /// Not a string.
    Wrong(Scalar),
    /// Absent.
    Missing,
}

const MODES: &[&str] = &["raw", "urlencoded", "formdata", "file", "graphql"];

/// `body.raw`.
#[derive(Arbitrary, Debug, Clone)]
pub enum RawContent {
    /// JSON text (often with odd numbers).
    Json(JsonText),
    /// `{{var}}`-templated JSON, as Postman users write it.
    Templated(JsonText, Name),
    /// Any text.
    Text(Name),
    /// Not a string.
    Wrong(Scalar),
    /// Absent.
    Missing,
}

/// `options.raw.language`.
#[derive(Arbitrary, Debug, Clone)]
pub enum Language {
    /// A known language.
    Known(u8),
    /// Anything.
    Odd(Name),
}

const LANGUAGES: &[&str] = &["json", "JSON", "xml", "text", "html", "javascript", ""];

/// One `urlencoded` / `formdata` entry.
#[derive(Arbitrary, Debug, Clone)]
pub struct FormEntry {
    /// `key`.
    pub key: Option<Name>,
    /// `value`.
    pub value: Option<Scalar>,
    /// `type`: text, file, odd, absent.
    pub kind: Option<FormKind>,
    /// `src` for files.
    pub src: Option<FileSource>,
    /// `contentType`.
    pub content_type: Option<Scalar>,
    /// `disabled`.
    pub disabled: bool,
    /// `description`.
    pub description: Option<Description>,
}

/// A form entry's `type`.
#[derive(Arbitrary, Debug, Clone)]
pub enum FormKind {
    /// `text`.
    Text,
    /// `file`.
    File,
    /// Anything else.
    Odd(Scalar),
}

/// A file entry's `src`.
#[derive(Arbitrary, Debug, Clone)]
pub enum FileSource {
    /// One path.
    One(Name),
    /// Several paths.
    Many(Vec<Name>),
    /// Not a path.
    Wrong(Scalar),
}

/// `body.graphql`.
#[derive(Arbitrary, Debug, Clone)]
pub struct GraphQl {
    /// `query`.
    pub query: Option<Name>,
    /// `variables` as a JSON string, or as an object.
    pub variables: Option<(bool, JsonText)>,
    /// `operationName`.
    pub operation_name: Option<Name>,
}

impl Body {
    fn value(&self) -> Value {
        let mut out = Map::new();
        let mode = match &self.mode {
            BodyMode::Raw => Some(Value::from("raw")),
            BodyMode::UrlEncoded => Some(Value::from("urlencoded")),
            BodyMode::FormData => Some(Value::from("formdata")),
            BodyMode::File => Some(Value::from("file")),
            BodyMode::GraphQl => Some(Value::from("graphql")),
            BodyMode::Upper(i) => Some(Value::from(pick(MODES, *i).to_ascii_uppercase())),
            BodyMode::Unknown(name) => Some(name.value()),
            BodyMode::Wrong(scalar) => Some(scalar.value()),
            BodyMode::Missing => None,
        };
        let mode_text = mode
            .as_ref()
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if let Some(mode) = mode {
            out.insert("mode".into(), mode);
        }
        if self.disabled {
            out.insert("disabled".into(), Value::Bool(true));
        }
        let wants = |member: &str| {
            self.every_member
                || mode_text == member
                || (member == "raw" && !MODES.contains(&mode_text.as_str()))
        };
        if wants("raw") {
            match &self.raw {
                RawContent::Json(json) => {
                    out.insert("raw".into(), Value::String(json.render()));
                }
                RawContent::Templated(json, var) => {
                    let text =
                        json.render()
                            .replacen("null", &format!("{{{{{}}}}}", var.text()), 1);
                    out.insert("raw".into(), Value::String(text));
                }
                RawContent::Text(name) => {
                    out.insert("raw".into(), name.value());
                }
                RawContent::Wrong(scalar) => {
                    out.insert("raw".into(), scalar.value());
                }
                RawContent::Missing => {}
            }
            if let Some(language) = &self.language {
                let language = match language {
                    Language::Known(i) => Value::from(pick(LANGUAGES, *i)),
                    Language::Odd(name) => name.value(),
                };
                out.insert("options".into(), json!({"raw": {"language": language}}));
            }
        }
        let form = || -> Value { self.form.iter().map(FormEntry::value).collect() };
        if wants("urlencoded") {
            let value = if self.urlencoded_as_string {
                Value::String(
                    self.form
                        .iter()
                        .map(|entry| {
                            let key = entry.key.as_ref().map(Name::text).unwrap_or_default();
                            let value = entry.value.as_ref().map(Scalar::text).unwrap_or_default();
                            format!("{key}={value}")
                        })
                        .collect::<Vec<_>>()
                        .join("&"),
                )
            } else {
                form()
            };
            out.insert("urlencoded".into(), value);
        }
        if wants("formdata") {
            out.insert("formdata".into(), form());
        }
        if wants("file") {
            if let Some((as_string, src)) = &self.file {
                let value = if *as_string {
                    src.value()
                } else {
                    json!({"src": src.text()})
                };
                out.insert("file".into(), value);
            }
        }
        if wants("graphql") {
            if let Some(graphql) = &self.graphql {
                let mut object = Map::new();
                if let Some(query) = &graphql.query {
                    object.insert("query".into(), query.value());
                }
                if let Some((as_string, json)) = &graphql.variables {
                    let text = json.render();
                    let value = if *as_string {
                        Value::String(text)
                    } else {
                        serde_json::from_str(&text).unwrap_or(Value::Null)
                    };
                    object.insert("variables".into(), value);
                }
                if let Some(name) = &graphql.operation_name {
                    object.insert("operationName".into(), name.value());
                }
                out.insert("graphql".into(), Value::Object(object));
            }
        }
        Value::Object(out)
    }
}

impl FormEntry {
    fn value(&self) -> Value {
        let mut object = Map::new();
        if let Some(key) = &self.key {
            object.insert("key".into(), key.value());
        }
        if let Some(value) = &self.value {
            object.insert("value".into(), value.value());
        }
        match &self.kind {
            Some(FormKind::Text) => {
                object.insert("type".into(), Value::from("text"));
            }
            Some(FormKind::File) => {
                object.insert("type".into(), Value::from("file"));
            }
            Some(FormKind::Odd(scalar)) => {
                object.insert("type".into(), scalar.value());
            }
            None => {}
        }
        match &self.src {
            Some(FileSource::One(name)) => {
                object.insert("src".into(), name.value());
            }
            Some(FileSource::Many(names)) => {
                object.insert("src".into(), names.iter().map(Name::value).collect());
            }
            Some(FileSource::Wrong(scalar)) => {
                object.insert("src".into(), scalar.value());
            }
            None => {}
        }
        if let Some(content_type) = &self.content_type {
            object.insert("contentType".into(), content_type.value());
        }
        if self.disabled {
            object.insert("disabled".into(), Value::Bool(true));
        }
        if let Some(description) = &self.description {
            object.insert("description".into(), description.value());
        }
        Value::Object(object)
    }
}

/// An `auth` object.
#[derive(Arbitrary, Debug, Clone)]
pub struct Auth {
    /// `type`.
    pub kind: AuthKind,
    /// How the parameters are written.
    pub shape: AuthShape,
    /// The parameters.
    pub params: Vec<AuthParam>,
}

/// `auth.type`.
#[derive(Arbitrary, Debug, Clone)]
pub enum AuthKind {
    /// A type Postman knows (including `noauth`).
    Known(u8),
    /// Anything else.
    Unknown(Name),
    /// Not a string, or absent (both mean "inherit").
    Wrong(Option<Scalar>),
}

const AUTH_TYPES: &[&str] = &[
    "basic", "bearer", "apikey", "oauth2", "oauth1", "digest", "noauth", "awsv4", "hawk", "ntlm",
    "edgegrid", "jwt", "asap", "akamai", "inherit", "type", "",
];

/// How an auth object holds its parameters.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum AuthShape {
    /// v2.1: `"basic": [{"key": ..., "value": ..., "type": "string"}]`.
    Array,
    /// v2.0: `"basic": {"username": ...}`.
    Map,
    /// Parameters under a member named for a different type.
    Misplaced,
    /// No parameters member.
    Missing,
}

/// One auth parameter.
#[derive(Arbitrary, Debug, Clone)]
pub struct AuthParam {
    /// The key.
    pub key: AuthKey,
    /// The value.
    pub value: Option<Scalar>,
}

/// An auth parameter's key.
#[derive(Arbitrary, Debug, Clone)]
pub enum AuthKey {
    /// A key some auth type uses.
    Known(u8),
    /// Anything.
    Name(Name),
}

const AUTH_KEYS: &[&str] = &[
    "username",
    "password",
    "token",
    "key",
    "value",
    "in",
    "accessToken",
    "addTokenTo",
    "headerPrefix",
    "tokenType",
    "grant_type",
    "client_id",
    "client_secret",
    "scope",
    "algorithm",
    "secret",
    "payload",
    "authId",
    "consumerKey",
    "accessKey",
];

impl Auth {
    fn value(&self) -> Value {
        let mut out = Map::new();
        let kind = match &self.kind {
            AuthKind::Known(i) => Some(Value::from(pick(AUTH_TYPES, *i))),
            AuthKind::Unknown(name) => Some(name.value()),
            AuthKind::Wrong(scalar) => scalar.as_ref().map(Scalar::value),
        };
        let member = match (&kind, self.shape) {
            (_, AuthShape::Misplaced) => "basic".to_string(),
            (Some(Value::String(kind)), _) => kind.clone(),
            _ => "basic".to_string(),
        };
        if let Some(kind) = kind {
            out.insert("type".into(), kind);
        }
        let key = |key: &AuthKey| match key {
            AuthKey::Known(i) => pick(AUTH_KEYS, *i).to_string(),
            AuthKey::Name(name) => name.text(),
        };
        let params = match self.shape {
            AuthShape::Array | AuthShape::Misplaced => Some(
                self.params
                    .iter()
                    .map(|param| {
                        let mut entry = json!({"key": key(&param.key), "type": "string"});
                        if let Some(value) = &param.value {
                            entry["value"] = value.value();
                        }
                        entry
                    })
                    .collect::<Value>(),
            ),
            AuthShape::Map => Some(Value::Object(
                self.params
                    .iter()
                    .map(|param| {
                        let value = param.value.as_ref().map_or(Value::Null, Scalar::value);
                        (key(&param.key), value)
                    })
                    .collect(),
            )),
            AuthShape::Missing => None,
        };
        if let Some(params) = params {
            out.insert(member, params);
        }
        Value::Object(out)
    }
}

/// A saved response (example).
#[derive(Arbitrary, Debug, Clone)]
pub struct Response {
    /// `name`.
    pub name: Option<Name>,
    /// `code`.
    pub code: Option<StatusCode>,
    /// `status`.
    pub status: Option<Name>,
    /// `header`.
    pub headers: Option<Headers>,
    /// A `Content-Type` header added to the headers (when they are a list).
    pub content_type: Option<Scalar>,
    /// `body`.
    pub body: RawContent,
    /// `_postman_previewlanguage`.
    pub preview: Option<Language>,
    /// Include an `originalRequest`.
    pub original_request: bool,
}

/// A response's `code`.
#[derive(Arbitrary, Debug, Clone)]
pub enum StatusCode {
    /// A number, often a real status.
    Number(u16),
    /// Out of range.
    Wide(i64),
    /// Not a number.
    Wrong(Scalar),
}

impl Response {
    fn value(&self) -> Value {
        let mut out = Map::new();
        if let Some(name) = &self.name {
            out.insert("name".into(), name.value());
        }
        match &self.code {
            Some(StatusCode::Number(code)) => {
                out.insert("code".into(), Value::from(100 + code % 500));
            }
            Some(StatusCode::Wide(code)) => {
                out.insert("code".into(), Value::from(*code));
            }
            Some(StatusCode::Wrong(scalar)) => {
                out.insert("code".into(), scalar.value());
            }
            None => {}
        }
        if let Some(status) = &self.status {
            out.insert("status".into(), status.value());
        }
        let mut headers = self.headers.as_ref().map(Headers::value);
        if let Some(content_type) = &self.content_type {
            let entry = json!({"key": "Content-Type", "value": content_type.value()});
            match &mut headers {
                Some(Value::Array(list)) => list.push(entry),
                None => headers = Some(Value::Array(vec![entry])),
                Some(_) => {}
            }
        }
        if let Some(headers) = headers {
            out.insert("header".into(), headers);
        }
        match &self.body {
            RawContent::Json(json) => {
                out.insert("body".into(), Value::String(json.render()));
            }
            RawContent::Templated(json, var) => {
                let text = json
                    .render()
                    .replacen("null", &format!("{{{{{}}}}}", var.text()), 1);
                out.insert("body".into(), Value::String(text));
            }
            RawContent::Text(name) => {
                out.insert("body".into(), name.value());
            }
            RawContent::Wrong(scalar) => {
                out.insert("body".into(), scalar.value());
            }
            RawContent::Missing => {}
        }
        if let Some(preview) = &self.preview {
            let language = match preview {
                Language::Known(i) => Value::from(pick(LANGUAGES, *i)),
                Language::Odd(name) => name.value(),
            };
            out.insert("_postman_previewlanguage".into(), language);
        }
        if self.original_request {
            out.insert(
                "originalRequest".into(),
                json!({"method": "GET", "url": "https://h/original"}),
            );
        }
        Value::Object(out)
    }
}

impl Variable {
    fn value(&self) -> Value {
        const TYPES: &[&str] = &[
            "string", "number", "boolean", "any", "secret", "default", "",
        ];
        let mut out = Map::new();
        if let Some(key) = &self.key {
            out.insert("key".into(), key.value());
        }
        if let Some(value) = &self.value {
            out.insert("value".into(), value.value());
        }
        if let Some(kind) = self.kind {
            out.insert("type".into(), Value::from(pick(TYPES, kind)));
        }
        if self.disabled {
            out.insert("disabled".into(), Value::Bool(true));
        }
        Value::Object(out)
    }
}

impl Folder {
    /// The folder without its `item` member.
    fn value(&self) -> Map<String, Value> {
        let mut out = Map::new();
        if let Some(name) = &self.name {
            out.insert("name".into(), name.value());
        }
        if let Some(id) = &self.id {
            out.insert("id".into(), id.value());
        }
        if let Some(description) = &self.description {
            out.insert("description".into(), description.value());
        }
        if let Some(auth) = &self.auth {
            out.insert("auth".into(), auth.value());
        }
        out
    }
}

impl RequestItem {
    fn value(&self) -> Value {
        let mut out = Map::new();
        if let Some(name) = &self.name {
            out.insert("name".into(), name.value());
        }
        if let Some(id) = &self.id {
            out.insert("id".into(), id.value());
        }
        let url = self.url.as_ref().map(Url::value);
        match self.shape {
            RequestShape::Text => {
                let text = match url {
                    Some(Value::String(text)) => text,
                    _ => "https://h/text".to_string(),
                };
                out.insert("request".into(), Value::String(text));
            }
            RequestShape::Missing => {}
            RequestShape::Object => {
                let mut request = Map::new();
                if let Some(method) = self.method.value() {
                    request.insert("method".into(), method);
                }
                if let Some(url) = url {
                    request.insert("url".into(), url);
                }
                if let Some(headers) = &self.headers {
                    request.insert("header".into(), headers.value());
                }
                if let Some(body) = &self.body {
                    request.insert("body".into(), body.value());
                }
                if let Some(auth) = &self.auth {
                    request.insert("auth".into(), auth.value());
                }
                if let Some(description) = &self.description {
                    request.insert("description".into(), description.value());
                }
                out.insert("request".into(), Value::Object(request));
            }
        }
        let responses: Vec<Value> = self.responses.iter().map(Response::value).collect();
        out.insert("response".into(), Value::Array(responses));
        if !self.script.is_empty() {
            let exec: Vec<Value> = self.script.iter().map(Name::value).collect();
            out.insert(
                "event".into(),
                json!([{"listen": "prerequest", "script": {"type": "text/javascript", "exec": exec}}]),
            );
        }
        Value::Object(out)
    }
}

impl CollectionModel {
    /// The collection as a JSON value.
    pub fn to_value(&self) -> Value {
        let mut info = Map::new();
        if let Some(name) = &self.name {
            info.insert("name".into(), name.value());
        }
        match &self.schema {
            Schema::V21 => {
                info.insert(
                    "schema".into(),
                    Value::from(
                        "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
                    ),
                );
            }
            Schema::V20 => {
                info.insert(
                    "schema".into(),
                    Value::from(
                        "https://schema.getpostman.com/json/collection/v2.0.0/collection.json",
                    ),
                );
            }
            Schema::Missing => {}
            Schema::Odd(name) => {
                info.insert("schema".into(), name.value());
            }
        }
        if let Some(description) = &self.description {
            info.insert("description".into(), description.value());
        }
        if let Some(id) = &self.postman_id {
            info.insert("_postman_id".into(), id.value());
        }
        let mut doc = Map::new();
        doc.insert("info".into(), Value::Object(info));
        doc.insert("item".into(), Value::Array(self.items()));
        if let Some(auth) = &self.auth {
            doc.insert("auth".into(), auth.value());
        }
        if !self.variables.is_empty() {
            doc.insert(
                "variable".into(),
                self.variables.iter().map(Variable::value).collect(),
            );
        }
        let doc = Value::Object(doc);
        if self.wrapped {
            json!({ "collection": doc })
        } else {
            doc
        }
    }

    /// The collection as JSON bytes, ready for `load_api`.
    pub fn render(&self) -> Vec<u8> {
        serde_json::to_vec(&self.to_value()).unwrap_or_default()
    }

    /// Rebuilds the item tree from the flat node list.
    fn items(&self) -> Vec<Value> {
        // Each frame is an open folder (its members) and its items so far; the
        // bottom frame is the collection's own `item` list.
        let mut stack: Vec<(Map<String, Value>, Vec<Value>)> = vec![(Map::new(), Vec::new())];
        let close = |stack: &mut Vec<(Map<String, Value>, Vec<Value>)>| {
            if stack.len() > 1 {
                if let Some((mut folder, items)) = stack.pop() {
                    folder.insert("item".into(), Value::Array(items));
                    if let Some((_, parent)) = stack.last_mut() {
                        parent.push(Value::Object(folder));
                    }
                }
            }
        };
        for node in &self.nodes.0 {
            if let Step::Out(n) = node.step {
                for _ in 0..n {
                    close(&mut stack);
                }
            }
            match &node.item {
                ItemKind::Folder(folder) if stack.len() <= MAX_FOLDER_DEPTH => {
                    stack.push((folder.value(), Vec::new()));
                }
                ItemKind::Folder(folder) => {
                    let mut object = folder.value();
                    object.insert("item".into(), Value::Array(Vec::new()));
                    push(&mut stack, Value::Object(object));
                }
                ItemKind::Request(request) => push(&mut stack, request.value()),
                ItemKind::Junk(scalar) => push(&mut stack, scalar.value()),
            }
        }
        while stack.len() > 1 {
            close(&mut stack);
        }
        stack.pop().map(|(_, items)| items).unwrap_or_default()
    }
}

/// Adds an item to the innermost open folder.
fn push(stack: &mut [(Map<String, Value>, Vec<Value>)], item: Value) {
    if let Some((_, items)) = stack.last_mut() {
        items.push(item);
    }
}
