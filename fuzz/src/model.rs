//! A structural description of a Postman collection for the `structured`
//! fuzz target.
//!
//! libFuzzer mutates the bytes that `arbitrary` decodes into a
//! [`CollectionModel`]; [`CollectionModel::render`] fills the collection
//! model shared with the proptest strategy and `xtask synth`
//! (`unstable::synthetic::model`), which writes the JSON of a collection. Almost every rendering is a collection the loader
//! accepts, so the fuzzer spends its time in lowering, inference and emission
//! rather than in JSON syntax errors. The model covers what has broken code
//! generators before: hostile names (keywords, empty, `::`, `*/`, `"#`, NUL,
//! emoji, code fences), nesting, every body mode with odd members, both auth
//! shapes (v2.0 map, v2.1 array) with unknown types and inheritance, URL
//! shapes, header shapes, and saved responses whose JSON bodies hold numbers
//! no `f64` or `u64` can represent.
//!
//! Decoding is not recursive: folders are a flat list of [`Node`]s with a
//! nesting [`Step`], and JSON bodies a flat list of [`JsonToken`]s. The
//! rendered tree is at most [`MAX_FOLDER_DEPTH`] folders and
//! [`MAX_JSON_DEPTH`] JSON levels deep, so rendering uses bounded stack
//! whatever the input.

use arbitrary::{Arbitrary, Unstructured};
use postman_codegen::unstable::synthetic::model::{
    self, AuthParams, Collection, Entry, GraphQl as GraphQlModel, Info, Item, OrJson, SCHEMA_V20,
    SCHEMA_V21,
};
use serde_json::{json, Number, Value};

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
    fn to_model(&self) -> OrJson<model::Url> {
        match self {
            Url::Text(parts) => OrJson::Json(Value::String(parts.text())),
            Url::Object(object) => OrJson::Shaped(object.to_model()),
            Url::Wrong(scalar) => OrJson::Json(scalar.value()),
        }
    }
}

impl UrlObject {
    fn to_model(&self) -> model::Url {
        let parts = &self.parts;
        let mut url = model::Url::default();
        if self.raw || self.raw_only {
            url.raw = Some(Value::String(parts.text()));
        }
        if !self.raw_only {
            let scheme = parts.scheme_text();
            url.protocol = scheme.strip_suffix("://").map(Value::from);
            let host = parts.host_text();
            url.host = Some(if self.host_as_string {
                Value::String(host)
            } else {
                host.split('.').map(Value::from).collect()
            });
            let segments = parts.segment_texts();
            url.path = Some(if self.path_as_string {
                Value::String(segments.join("/"))
            } else {
                segments.into_iter().map(Value::String).collect()
            });
            url.port = self.port.as_ref().map(Scalar::value);
        }
        url.query = parts
            .query
            .iter()
            .map(|entry| Entry {
                key: entry.key.as_ref().map(Name::value),
                value: entry.value.as_ref().map(Scalar::value),
                disabled: entry.disabled,
                description: entry.description.as_ref().map(Description::value),
                ..Entry::default()
            })
            .collect();
        url.variables = self
            .variables
            .iter()
            .map(|(key, value, description)| Entry {
                key: key.as_ref().map(Name::value),
                value: value.as_ref().map(Scalar::value),
                description: description.as_ref().map(Description::value),
                ..Entry::default()
            })
            .collect();
        url
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
    fn to_model(&self) -> OrJson<Vec<Entry>> {
        match self {
            Headers::List(headers) => OrJson::Shaped(
                headers
                    .iter()
                    .map(|header| Entry {
                        key: match &header.key {
                            HeaderName::Known(i) => Some(Value::from(pick(HEADER_NAMES, *i))),
                            HeaderName::Name(name) => Some(name.value()),
                            HeaderName::Missing => None,
                        },
                        value: header.value.as_ref().map(Scalar::value),
                        disabled: header.disabled,
                        ..Entry::default()
                    })
                    .collect(),
            ),
            Headers::Text(lines) => OrJson::Json(Value::String(
                lines
                    .iter()
                    .map(|(key, value)| format!("{}: {}", key.text(), value.text()))
                    .collect::<Vec<_>>()
                    .join("\n"),
            )),
            Headers::Wrong(scalar) => OrJson::Json(scalar.value()),
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
    fn to_model(&self) -> model::Body {
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
        let mut out = model::Body {
            mode,
            disabled: self.disabled,
            ..model::Body::default()
        };
        // The members of the mode, or of every mode (an unknown mode reads as raw).
        let wants = |member: &str| {
            self.every_member
                || mode_text == member
                || (member == "raw" && !MODES.contains(&mode_text.as_str()))
        };
        if wants("raw") {
            out.raw = self.raw.value();
            out.language = self.language.as_ref().map(Language::value);
        }
        let form = || -> Vec<Entry> { self.form.iter().map(FormEntry::to_model).collect() };
        if wants("urlencoded") {
            out.urlencoded = Some(if self.urlencoded_as_string {
                OrJson::Json(Value::String(
                    self.form
                        .iter()
                        .map(|entry| {
                            let key = entry.key.as_ref().map(Name::text).unwrap_or_default();
                            let value = entry.value.as_ref().map(Scalar::text).unwrap_or_default();
                            format!("{key}={value}")
                        })
                        .collect::<Vec<_>>()
                        .join("&"),
                ))
            } else {
                OrJson::Shaped(form())
            });
        }
        if wants("formdata") {
            out.formdata = Some(form());
        }
        if wants("file") {
            out.file = self.file.as_ref().map(|(as_string, src)| {
                if *as_string {
                    src.value()
                } else {
                    json!({"src": src.text()})
                }
            });
        }
        if wants("graphql") {
            out.graphql = self.graphql.as_ref().map(|graphql| GraphQlModel {
                query: graphql.query.as_ref().map(Name::value),
                variables: graphql.variables.as_ref().map(|(as_string, json)| {
                    let text = json.render();
                    if *as_string {
                        Value::String(text)
                    } else {
                        serde_json::from_str(&text).unwrap_or(Value::Null)
                    }
                }),
                operation_name: graphql.operation_name.as_ref().map(Name::value),
            });
        }
        out
    }
}

impl RawContent {
    /// The text of a raw body or saved response body (`None`: left out).
    fn value(&self) -> Option<Value> {
        match self {
            RawContent::Json(json) => Some(Value::String(json.render())),
            RawContent::Templated(json, var) => Some(Value::String(json.render().replacen(
                "null",
                &format!("{{{{{}}}}}", var.text()),
                1,
            ))),
            RawContent::Text(name) => Some(name.value()),
            RawContent::Wrong(scalar) => Some(scalar.value()),
            RawContent::Missing => None,
        }
    }
}

impl Language {
    fn value(&self) -> Value {
        match self {
            Language::Known(i) => Value::from(pick(LANGUAGES, *i)),
            Language::Odd(name) => name.value(),
        }
    }
}

impl FormEntry {
    fn to_model(&self) -> Entry {
        Entry {
            key: self.key.as_ref().map(Name::value),
            value: self.value.as_ref().map(Scalar::value),
            kind: self.kind.as_ref().map(|kind| match kind {
                FormKind::Text => Value::from("text"),
                FormKind::File => Value::from("file"),
                FormKind::Odd(scalar) => scalar.value(),
            }),
            src: self.src.as_ref().map(|src| match src {
                FileSource::One(name) => name.value(),
                FileSource::Many(names) => names.iter().map(Name::value).collect(),
                FileSource::Wrong(scalar) => scalar.value(),
            }),
            content_type: self.content_type.as_ref().map(Scalar::value),
            disabled: self.disabled,
            description: self.description.as_ref().map(Description::value),
        }
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
    fn to_model(&self) -> model::Auth {
        let kind = match &self.kind {
            AuthKind::Known(i) => Some(Value::from(pick(AUTH_TYPES, *i))),
            AuthKind::Unknown(name) => Some(name.value()),
            AuthKind::Wrong(scalar) => scalar.as_ref().map(Scalar::value),
        };
        let key = |key: &AuthKey| match key {
            AuthKey::Known(i) => pick(AUTH_KEYS, *i).to_string(),
            AuthKey::Name(name) => name.text(),
        };
        let params = match self.shape {
            AuthShape::Array | AuthShape::Misplaced => AuthParams::Array(
                self.params
                    .iter()
                    .map(|param| Entry {
                        key: Some(Value::String(key(&param.key))),
                        value: param.value.as_ref().map(Scalar::value),
                        kind: Some(Value::from("string")),
                        ..Entry::default()
                    })
                    .collect(),
            ),
            AuthShape::Map => AuthParams::Map(
                self.params
                    .iter()
                    .map(|param| {
                        let value = param.value.as_ref().map_or(Value::Null, Scalar::value);
                        (key(&param.key), value)
                    })
                    .collect(),
            ),
            AuthShape::Missing => AuthParams::Missing,
        };
        model::Auth {
            kind,
            params,
            // Under a member other than the type's own name.
            member: matches!(self.shape, AuthShape::Misplaced).then(|| "basic".to_string()),
        }
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
    fn to_model(&self) -> model::Response {
        let mut headers = self.headers.as_ref().map(Headers::to_model);
        if let Some(content_type) = &self.content_type {
            let entry = Entry::new("Content-Type", content_type.value());
            match &mut headers {
                Some(OrJson::Shaped(list)) => list.push(entry),
                // Headers that are an array of something else get it too.
                Some(OrJson::Json(Value::Array(list))) => {
                    list.push(json!({"key": "Content-Type", "value": content_type.value()}))
                }
                None => headers = Some(OrJson::Shaped(vec![entry])),
                Some(OrJson::Json(_)) => {}
            }
        }
        model::Response {
            name: self.name.as_ref().map(Name::value),
            code: self.code.as_ref().map(|code| match code {
                StatusCode::Number(code) => Value::from(100 + code % 500),
                StatusCode::Wide(code) => Value::from(*code),
                StatusCode::Wrong(scalar) => scalar.value(),
            }),
            status: self.status.as_ref().map(Name::value),
            headers,
            body: self.body.value(),
            preview_language: self.preview.as_ref().map(Language::value),
            original_request: self
                .original_request
                .then(|| json!({"method": "GET", "url": "https://h/original"})),
        }
    }
}

impl Variable {
    fn to_model(&self) -> Entry {
        const TYPES: &[&str] = &[
            "string", "number", "boolean", "any", "secret", "default", "",
        ];
        Entry {
            key: self.key.as_ref().map(Name::value),
            value: self.value.as_ref().map(Scalar::value),
            kind: self.kind.map(|kind| Value::from(pick(TYPES, kind))),
            disabled: self.disabled,
            ..Entry::default()
        }
    }
}

impl Folder {
    /// The folder without its items (the caller adds them).
    fn to_model(&self) -> model::Folder {
        model::Folder {
            id: self.id.as_ref().map(Name::value),
            name: self.name.as_ref().map(Name::value),
            description: self.description.as_ref().map(Description::value),
            auth: self.auth.as_ref().map(Auth::to_model),
            items: Vec::new(),
        }
    }
}

impl RequestItem {
    fn to_model(&self) -> model::RequestItem {
        let url = self.url.as_ref().map(Url::to_model);
        let request = match self.shape {
            RequestShape::Text => Some(OrJson::Json(Value::String(match url {
                Some(OrJson::Json(Value::String(text))) => text,
                _ => "https://h/text".to_string(),
            }))),
            RequestShape::Missing => None,
            RequestShape::Object => Some(OrJson::Shaped(model::Request {
                method: self.method.value(),
                url,
                headers: self.headers.as_ref().map(Headers::to_model),
                body: self.body.as_ref().map(Body::to_model),
                auth: self.auth.as_ref().map(Auth::to_model),
                description: self.description.as_ref().map(Description::value),
            })),
        };
        model::RequestItem {
            id: self.id.as_ref().map(Name::value),
            name: self.name.as_ref().map(Name::value),
            request,
            responses: self.responses.iter().map(Response::to_model).collect(),
            prerequest: self.script.iter().map(Name::value).collect(),
        }
    }
}

impl CollectionModel {
    /// The collection in the shared model (`unstable::synthetic::model`).
    pub fn to_model(&self) -> Collection {
        Collection {
            info: Info {
                postman_id: self.postman_id.as_ref().map(Name::value),
                name: self.name.as_ref().map(Name::value),
                description: self.description.as_ref().map(Description::value),
                schema: match &self.schema {
                    Schema::V21 => Some(Value::from(SCHEMA_V21)),
                    Schema::V20 => Some(Value::from(SCHEMA_V20)),
                    Schema::Missing => None,
                    Schema::Odd(name) => Some(name.value()),
                },
            },
            items: self.items(),
            auth: self.auth.as_ref().map(Auth::to_model),
            variables: self.variables.iter().map(Variable::to_model).collect(),
            wrapped: self.wrapped,
        }
    }

    /// The collection as JSON.
    pub fn to_value(&self) -> Value {
        self.to_model().to_json()
    }

    /// The collection as JSON text, as the fuzz target feeds it to the generator.
    pub fn render(&self) -> Vec<u8> {
        self.to_model().to_bytes()
    }

    /// The nodes as a tree: each [`Step::Out`] closes folders, and folders
    /// deeper than [`MAX_FOLDER_DEPTH`] are rendered empty in place.
    fn items(&self) -> Vec<Item> {
        // Each open folder; the bottom frame holds the collection's own items.
        let mut stack: Vec<model::Folder> = vec![model::Folder::default()];
        let close = |stack: &mut Vec<model::Folder>| {
            if stack.len() > 1 {
                if let Some(folder) = stack.pop() {
                    push(stack, Item::Folder(Box::new(folder)));
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
                    stack.push(folder.to_model());
                }
                ItemKind::Folder(folder) => {
                    push(&mut stack, Item::Folder(Box::new(folder.to_model())))
                }
                ItemKind::Request(request) => {
                    push(&mut stack, Item::Request(Box::new(request.to_model())))
                }
                ItemKind::Junk(scalar) => push(&mut stack, Item::Json(scalar.value())),
            }
        }
        while stack.len() > 1 {
            close(&mut stack);
        }
        stack.pop().map(|folder| folder.items).unwrap_or_default()
    }
}

/// Adds an item to the innermost open folder.
fn push(stack: &mut [model::Folder], item: Item) {
    if let Some(folder) = stack.last_mut() {
        folder.items.push(item);
    }
}
