//! The description of one request, built by a generated request builder and
//! turned into HTTP by [`Core`](super::Core).

use std::borrow::Cow;

use reqwest::Method;

use super::body::{GraphQl, Multipart, UrlEncoded};
use super::error::Error;
use super::hooks::OperationInfo;
use super::overrides::Overrides;
use super::redirect::RedirectRules;

/// Text from the collection (rendered with the client's variables) or from the caller (sent as is).
#[derive(Debug, Clone)]
pub(crate) enum Text {
    /// Collection text; `{{variables}}` are substituted.
    Static(&'static str),
    /// A caller's value; never substituted, always encoded as data.
    Value(String),
}

/// One path segment.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    /// A segment from the collection.
    Static(&'static str),
    /// A path parameter: its value, then literal text from the collection (`.json`).
    Param {
        /// The parameter's name, for error messages.
        name: &'static str,
        /// The caller's value.
        value: String,
        /// Literal text after the value in the same segment.
        suffix: &'static str,
    },
}

/// One query parameter.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub(crate) key: &'static str,
    /// `None` sends the key alone, without `=`.
    pub(crate) value: Option<Text>,
}

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Bytes with a fixed Content-Type.
    Bytes {
        content_type: Cow<'static, str>,
        bytes: Vec<u8>,
    },
    /// `application/x-www-form-urlencoded`.
    Form(UrlEncoded),
    /// `multipart/form-data`.
    Multipart(Multipart),
    /// The collection's text with the caller's values in; its other
    /// `{{variables}}` are rendered with the client's when sent.
    Template {
        content_type: &'static str,
        text: String,
    },
    /// A GraphQL request.
    GraphQl(GraphQl),
}

/// Everything needed to send one request.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) server: usize,
    pub(crate) path: Vec<Segment>,
    pub(crate) query: Vec<Query>,
    /// Where each unset query parameter of the collection would have gone (its
    /// index in `query`): an escape hatch's value of that key goes there.
    pub(crate) unset_query: Vec<(usize, &'static str)>,
    pub(crate) headers: Vec<(&'static str, Text)>,
    pub(crate) body: Option<Body>,
    pub(crate) auth: Option<usize>,
    pub(crate) statuses: &'static [(u16, &'static str)],
    /// What the caller added with the builder's escape hatches.
    pub(crate) overrides: Overrides,
    /// Which operation this is, for hooks and tracing.
    pub(crate) operation: OperationInfo,
    /// What to do when the answer is a redirect.
    pub(crate) redirects: RedirectRules,
    /// How the collection changes the way this request is sent.
    pub(crate) profile: ProtocolProfile,
}

/// The keys of a request's `protocolProfileBehavior` that change what is
/// sent, other than the redirect keys (POSTMAN_FORMAT.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProtocolProfile {
    /// `false` for `disableUrlEncoding: true`: the caller's path and query
    /// values are sent as written, but for the characters that would change
    /// the URL's structure (a path value's `/`, `?` and `#`, a query value's
    /// `&` and `#`). What the HTTP client's URL parser encodes whatever it is
    /// told (space, `"`, `<`, `>`, and in the path `` ` ``, `{`, `}`; in the
    /// query `'`) is still encoded: newman sends those raw.
    pub(crate) encode_url: bool,
    /// `disabledSystemHeaders`, lower-case: the headers the client adds of
    /// its own accord (`user-agent`; `content-type` when the collection
    /// declares none) that are left out.
    pub(crate) disabled_headers: &'static [&'static str],
    /// `strictSSL: false`: the request goes through a second HTTP client
    /// that accepts any TLS certificate, built on first use.
    pub(crate) strict_tls: bool,
}

impl ProtocolProfile {
    /// Postman's defaults.
    pub(crate) const POSTMAN: ProtocolProfile = ProtocolProfile {
        encode_url: true,
        disabled_headers: &[],
        strict_tls: true,
    };

    /// Whether the collection disabled the system header `name` (lower-case).
    pub(crate) fn disables(&self, name: &str) -> bool {
        self.disabled_headers.contains(&name)
    }
}


impl Request {
    /// A request to the API's server `server`, with auth scheme `auth` and the
    /// documented meanings of error statuses.
    pub(crate) fn new(
        method: Method,
        server: usize,
        auth: Option<usize>,
        statuses: &'static [(u16, &'static str)],
    ) -> Self {
        Request {
            method,
            server,
            path: Vec::new(),
            query: Vec::new(),
            unset_query: Vec::new(),
            headers: Vec::new(),
            body: None,
            auth,
            statuses,
            overrides: Overrides::default(),
            operation: OperationInfo::default(),
            redirects: RedirectRules::POSTMAN,
            profile: ProtocolProfile::POSTMAN,
        }
    }

    /// Says which operation this is, for hooks and tracing.
    pub(crate) fn operation(&mut self, operation: OperationInfo) {
        self.operation = operation;
    }

    /// Takes the caller's escape-hatch headers, query parameters and body.
    pub(crate) fn overrides(&mut self, overrides: Overrides) -> Result<(), Error> {
        overrides.check()?;
        self.overrides = overrides;
        Ok(())
    }

    /// Takes the overrides and returns the finished request: the tail of every
    /// operation's `request()`. One call there instead of `overrides(..)?; Ok(request)`
    /// spares each of a crate's hundreds of operations the `?` desugaring
    /// (`Try::branch`, `From` on the residual) that rustc checks per call site.
    #[inline]
    pub(crate) fn finish(mut self, overrides: Overrides) -> Result<Request, Error> {
        self.overrides(overrides)?;
        Ok(self)
    }

    /// Sets the collection's redirect behaviour for this request.
    pub(crate) fn redirects(&mut self, rules: RedirectRules) {
        self.redirects = rules;
    }

    /// Sets the collection's `protocolProfileBehavior` for this request.
    pub(crate) fn profile(&mut self, profile: ProtocolProfile) {
        self.profile = profile;
    }

    /// Appends a path segment from the collection.
    pub(crate) fn segment(&mut self, text: &'static str) {
        self.path.push(Segment::Static(text));
    }

    /// Appends consecutive path segments from the collection.
    pub(crate) fn segments(&mut self, texts: &'static [&'static str]) {
        self.path.extend(texts.iter().copied().map(Segment::Static));
    }

    /// Appends a path parameter, encoded so that it stays one segment.
    pub(crate) fn param(&mut self, name: &'static str, value: String, suffix: &'static str) {
        self.path.push(Segment::Param { name, value, suffix });
    }

    /// Appends a query parameter the caller may set; omitted when `None`.
    pub(crate) fn query(&mut self, key: &'static str, value: Option<String>) {
        match value {
            Some(value) => self.query.push(Query {
                key,
                value: Some(Text::Value(value)),
            }),
            None => self.unset_query.push((self.query.len(), key)),
        }
    }

    /// Appends a query parameter with a value from the collection.
    pub(crate) fn query_static(&mut self, key: &'static str, value: &'static str) {
        self.query.push(Query {
            key,
            value: Some(Text::Static(value)),
        });
    }

    /// Appends a query key with no `=`.
    pub(crate) fn query_key(&mut self, key: &'static str) {
        self.query.push(Query { key, value: None });
    }

    /// Adds a header the caller may set; omitted when `None`.
    pub(crate) fn header(&mut self, name: &'static str, value: Option<String>) {
        if let Some(value) = value {
            self.headers.push((name, Text::Value(value)));
        }
    }

    /// Adds a header with a value from the collection.
    pub(crate) fn header_static(&mut self, name: &'static str, value: &'static str) {
        self.headers.push((name, Text::Static(value)));
    }

    /// Sets a body of bytes. An empty body is no body, with no Content-Type,
    /// as Postman sends it (an empty raw text, a missing file).
    pub(crate) fn bytes(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.body = if bytes.is_empty() {
            None
        } else {
            Some(Body::Bytes {
                content_type: Cow::Borrowed(content_type),
                bytes,
            })
        };
    }

    /// Sets a body from the collection's `text`, a template: each `{{name}}`
    /// with a value in `values` (the caller's, per call) is replaced by it; the
    /// others are rendered with the client's variables when the request is
    /// sent, as Postman renders the whole body. An empty text is no body.
    pub(crate) fn template(
        &mut self,
        content_type: &'static str,
        text: &'static str,
        values: &[(&'static str, Option<String>)],
    ) {
        let mut text = text.to_string();
        for (name, value) in values {
            if let Some(value) = value {
                text = text.replace(&format!("{{{{{name}}}}}"), value);
            }
        }
        self.body = (!text.is_empty()).then_some(Body::Template { content_type, text });
    }

    /// Sets a JSON body, serialized compactly.
    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|error| Error::invalid(format!("the body cannot be serialized: {error}")))?;
        self.bytes(content_type, bytes);
        Ok(())
    }

    /// Sets a urlencoded body; nothing is sent when it has no fields.
    pub(crate) fn form(&mut self, form: UrlEncoded) {
        if !form.is_empty() {
            self.body = Some(Body::Form(form));
        }
    }

    /// Sets a multipart body; nothing is sent when it has no parts.
    pub(crate) fn multipart(&mut self, form: Multipart) {
        if !form.is_empty() {
            self.body = Some(Body::Multipart(form));
        }
    }

    /// When no body was set (a form with no field), sends the Content-Type
    /// the collection declares with an empty body: Postman keeps an enabled
    /// Content-Type header when a urlencoded or formdata body has no enabled
    /// field, though it sets none of its own then.
    pub(crate) fn declared_content_type(&mut self, content_type: &'static str) {
        if self.body.is_none() {
            self.body = Some(Body::Bytes {
                content_type: Cow::Borrowed(content_type),
                bytes: Vec::new(),
            });
        }
    }

    /// Sets a GraphQL body.
    pub(crate) fn graphql(&mut self, body: GraphQl) {
        self.body = Some(Body::GraphQl(body));
    }
}

/// An optional input's text (its `Display`), as a query parameter, header or
/// form field sends it. One generic call per value instead of
/// `.as_ref().map(ToString::to_string)`: shorter to read and to type-check.
pub(crate) fn text<T: ToString>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(ToString::to_string)
}

/// The value of a required input, or an error naming it.
pub(crate) fn required<T>(name: &str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| Error::invalid(format!("`{name}` is required but was not set")))
}

/// [`required`] for a form field the caller may also give by name (`form_field`,
/// to send text its typed setter cannot hold): set when either is.
pub(crate) fn required_unless_given(name: &str, key: &str, set: bool, given: &[(String, String)]) -> Result<(), Error> {
    if set || given.iter().any(|(given, _)| given == key) {
        return Ok(());
    }
    Err(Error::invalid(format!("`{name}` is required but was not set")))
}

/// [`required_unless_given`] for each `(name, key, set)` in turn: the first
/// one missing is the error.
pub(crate) fn all_required_unless_given(fields: &[(&str, &str, bool)], given: &[(String, String)]) -> Result<(), Error> {
    for (name, key, set) in fields {
        required_unless_given(name, key, *set, given)?;
    }
    Ok(())
}
