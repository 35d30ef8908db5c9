//! The intermediate representation: what the API *is*, independent of how the
//! Postman JSON happened to spell it.
//!
//! `lower` builds an [`Api`] from a parsed collection; `infer` reads the [`Api`]
//! and produces a [`TypeTable`]; `emit` reads both. Nothing
//! in this module knows about Postman's JSON shapes or about Rust tokens.
//!
//! Every string that may hold Postman `{{variables}}` is a [`Template`], so later
//! stages never re-parse variable syntax.

mod build;
mod ids;
mod signed;
pub mod types;

use serde::Serialize;

pub use ids::{AuthSchemeId, GroupId, HttpMethod, OperationId, ServerId};
pub use signed::{CredentialUse, OAuth1Placement, SignedAuth};
pub use types::{
    EnumVariant, Field, OperationTypes, Primitive, TypeDef, TypeId, TypeKind, TypeRef, TypeTable,
    Within,
};

/// A whole API: one Postman collection after lowering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// The collection's name (`info.name`).
    pub name: String,
    /// The collection's description, as Markdown.
    pub docs: Option<String>,
    /// The collection's `_postman_id`, when it has one.
    pub postman_id: Option<String>,
    /// Which collection format the input declared.
    pub format: FormatVersion,
    /// Distinct URL origins the operations are sent to, most used first.
    /// Operations refer to them by [`ServerId`].
    pub servers: Vec<Server>,
    /// Collection variables and variables the requests use without defining.
    /// Values of secrets are never kept (see [`Variable::default`]).
    pub variables: Vec<Variable>,
    /// Distinct auth schemes used by operations. Operations refer to them by [`AuthSchemeId`].
    pub auth_schemes: Vec<AuthScheme>,
    /// Folders, as a flat arena indexed by [`GroupId`]; the first is the root
    /// (the collection itself).
    pub groups: Vec<Group>,
    /// Every request item, in collection order (depth-first, as newman runs
    /// them), indexed by [`OperationId`].
    pub operations: Vec<Operation>,
    /// Everything lowering noticed but could not express, or chose to report.
    pub diagnostics: Vec<crate::diagnostics::Diagnostic>,
}

/// The collection format an input declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatVersion {
    /// `info.schema` names v2.0.0.
    V2_0,
    /// `info.schema` names v2.1.0.
    V2_1,
    /// No recognisable schema URL; parsed with the v2 rules, as Postman does.
    Unknown,
}

/// A text that may contain `{{variable}}` references, split into parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(transparent)]
pub struct Template {
    /// The parts in order; adjacent literals are merged.
    pub parts: Vec<TemplatePart>,
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplatePart {
    /// Text sent as is.
    Literal(String),
    /// A `{{name}}` reference, by variable name (verbatim, case-sensitive).
    Var(String),
}

/// Where requests go: an origin plus an optional path prefix, as a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// The URL prefix before the operation's own path, e.g. `{{baseUrl}}` or
    /// `https://api.example.com`.
    pub url: Template,
    /// The URL with every variable that has a non-secret default substituted,
    /// when that yields an absolute `http(s)://` URL.
    pub default_url: Option<String>,
    /// A Rust-ready snake_case name for this server (`base_url` for the first).
    pub ident: String,
}

/// A variable the generated client is configured with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variable {
    /// The variable's name as written in `{{...}}`.
    pub name: String,
    /// A Rust-ready snake_case identifier for the name.
    pub ident: String,
    /// The collection's value, unless the variable is a secret (then `None`).
    pub default: Option<String>,
    /// True when the value must be treated as a credential: declared `secret`,
    /// or named like a token, key, secret or password, or used in auth.
    pub secret: bool,
    /// The variable's description.
    pub docs: Option<String>,
    /// Where requests use the variable.
    pub used_in: Vec<VariableUse>,
}

/// A place where a variable is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VariableUse {
    /// The URL before the path (a base URL).
    Server,
    /// A path segment.
    Path,
    /// A query key or value.
    Query,
    /// A header key or value.
    Header,
    /// A body.
    Body,
    /// An auth parameter.
    Auth,
}

/// A folder of the collection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The folder's name in Postman (the collection's name for the root).
    pub name: String,
    /// A snake_case module/method identifier, unique among its siblings.
    pub ident: String,
    /// The folder's Postman id.
    pub postman_id: Option<String>,
    /// The folder's description.
    pub docs: Option<String>,
    /// The enclosing group; `None` only for the root.
    pub parent: Option<GroupId>,
    /// Sub-groups, in collection order.
    pub children: Vec<GroupId>,
    /// Operations directly in this group, in collection order.
    pub operations: Vec<OperationId>,
}

/// One request item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Unique snake_case name across the API: the request's name, prefixed by
    /// as many enclosing folder names as it takes to be unique.
    pub name: String,
    /// Snake_case method name, unique within its group.
    pub method_name: String,
    /// The request's name in Postman.
    pub postman_name: String,
    /// The item's Postman id.
    pub postman_id: Option<String>,
    /// Names of the enclosing folders, outermost first.
    pub folder_path: Vec<String>,
    /// The enclosing group.
    pub group: GroupId,
    /// HTTP method.
    pub method: HttpMethod,
    /// Where the request is sent.
    pub server: ServerId,
    /// Path segments after the server prefix.
    pub path: Vec<PathSegment>,
    /// Path parameters (`:name` segments and `{{var}}` in the path), in path order.
    pub path_params: Vec<Param>,
    /// Query parameters in collection order (repeated keys kept).
    pub query: Vec<QueryParam>,
    /// Request headers, excluding ones that auth or the body mode set.
    pub headers: Vec<HeaderParam>,
    /// The request body, after Postman's rules (pruning, disabled, empty).
    pub body: Option<Body>,
    /// Effective auth after inheritance; `None` for no auth.
    pub auth: Option<AuthSchemeId>,
    /// Saved example responses, in collection order.
    pub responses: Vec<ResponseExample>,
    /// The request's description (Markdown).
    pub docs: Option<String>,
    /// Script events attached to the item or its ancestors (`prerequest`, `test`):
    /// reported; their text is in `scripts`.
    pub events: Vec<String>,
    /// The scripts that run for this request, in Postman's order: the
    /// collection's, each folder's from the outside in, then the request's
    /// (pre-request and test scripts alike; run by the `scripts` feature).
    #[serde(skip)]
    pub scripts: Vec<Script>,
    /// How redirects are followed, when the collection changes Postman's defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirects: Option<Redirects>,
    /// The other `protocolProfileBehavior` keys the client applies, when the
    /// collection changes Postman's defaults.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProtocolProfile>,
}

impl Operation {
    /// Whether a response of status `code` to this request can carry a body.
    /// HTTP says it cannot for a 1xx, 204 No Content, 205 Reset Content or
    /// 304 Not Modified, nor for any response to a HEAD request (RFC 9110
    /// §6.4.1), and clients drop one sent anyway. A saved example that has a
    /// body there gets no type: the client would never read it.
    pub fn response_can_have_body(&self, code: u16) -> bool {
        !(self.method == HttpMethod::Head || matches!(code, 100..=199 | 204 | 205 | 304))
    }
}

/// The keys of a request's effective `protocolProfileBehavior` that change
/// what is sent, besides the redirect keys (`lower/protocol_profile.rs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtocolProfile {
    /// `disableUrlEncoding`: the caller's path and query values are sent as
    /// written, but for what would change the URL's structure.
    pub disable_url_encoding: bool,
    /// `disabledSystemHeaders` the client applies, lower-case, sorted:
    /// `user-agent`, and `content-type` when the request declares none.
    pub disabled_system_headers: Vec<String>,
    /// `strictSSL` (default true): `false` accepts any TLS certificate for
    /// this request only.
    pub strict_ssl: bool,
}

impl Default for ProtocolProfile {
    fn default() -> Self {
        ProtocolProfile {
            disable_url_encoding: false,
            disabled_system_headers: Vec::new(),
            strict_ssl: true,
        }
    }
}

/// One script of a collection, folder or request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// `prerequest` or `test`.
    pub listen: String,
    /// Where it is attached: `collection`, `folder 'Name'` or `request 'Name'`.
    pub level: String,
    /// The JavaScript source.
    pub source: String,
}

/// The redirect keys of a request's effective `protocolProfileBehavior`
/// (Postman's defaults for the keys it does not set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Redirects {
    /// `followRedirects` (default true).
    pub follow: bool,
    /// `maxRedirects` (default 10).
    pub max: u32,
    /// `followOriginalHttpMethod`: keep the method on 301 and 302 (default false).
    pub keep_method: bool,
    /// `followAuthorizationHeader`: keep `Authorization` when only the port or
    /// scheme changes (default false; never to another host).
    pub keep_authorization: bool,
    /// `removeRefererHeaderOnRedirect` (default false).
    pub remove_referer: bool,
}

impl Default for Redirects {
    fn default() -> Self {
        Redirects {
            follow: true,
            max: 10,
            keep_method: false,
            keep_authorization: false,
            remove_referer: false,
        }
    }
}

/// One segment of an operation's path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PathSegment {
    /// A fixed segment (may contain client-configuration variables).
    Literal {
        /// The segment text.
        value: Template,
    },
    /// A segment that is (mostly) a parameter: `:id`, `:id.json`, `{{id}}`.
    Param {
        /// Index into [`Operation::path_params`].
        param: usize,
        /// Literal text after the parameter in the same segment (`.json`).
        suffix: String,
    },
}

/// A path, query or header parameter the caller supplies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The name on the wire (query key, header name, path variable name).
    pub name: String,
    /// A Rust-ready snake_case identifier, unique within the operation.
    pub ident: String,
    /// The parameter's description.
    pub docs: Option<String>,
    /// The collection's example value, when it gives one.
    pub example: Option<String>,
    /// Whether the caller must supply it.
    pub required: bool,
}

/// A query parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryParam {
    /// The key, when the collection gives one (Postman allows a null key: `=x`).
    pub key: Option<String>,
    /// What the value is.
    pub value: QueryValue,
    /// The parameter's description.
    pub docs: Option<String>,
    /// Whether the caller must supply it (`(Required)` in the description).
    pub required: bool,
    /// Disabled in the collection: optional, and not sent unless set.
    pub disabled: bool,
}

/// Where a query parameter's value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum QueryValue {
    /// A parameter of the method. Its example is the collection's value.
    Param {
        /// The caller-facing parameter.
        param: Param,
    },
    /// A fixed value, possibly built from client variables; always sent.
    Fixed {
        /// The value template.
        value: Template,
    },
    /// The key alone, with no `=` (Postman's `value: null`, or a non-string value).
    KeyOnly,
}

/// A request header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeaderParam {
    /// The header name as written.
    pub name: String,
    /// What the value is.
    pub value: HeaderValue,
    /// The header's description.
    pub docs: Option<String>,
}

/// Where a header's value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum HeaderValue {
    /// A fixed value, possibly built from client variables; always sent.
    Fixed {
        /// The value template.
        value: Template,
    },
    /// A parameter of the method: a header disabled in the collection, which
    /// the caller may set (not sent unless set).
    Param {
        /// The caller-facing parameter.
        param: Param,
    },
}

/// A request body, as Postman would send it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum Body {
    /// `raw` mode: text with a language.
    Raw {
        /// The body text (with JSON comments already stripped where Postman strips them).
        text: Template,
        /// `options.raw.language`, lower case.
        language: Option<String>,
        /// The Content-Type that goes on the wire (the user's header, or Postman's default).
        content_type: String,
        /// True when the body is JSON (by language or content type) and the text parses
        /// as JSON once variables are replaced by placeholders.
        is_json: bool,
        /// Other samples of the same body: the saved examples' `originalRequest` raw texts.
        samples: Vec<String>,
    },
    /// `urlencoded` mode.
    #[serde(rename = "urlencoded")]
    UrlEncoded {
        /// Fields in wire order (Postman's grouping of duplicate keys already applied).
        fields: Vec<FormField>,
        /// The Content-Type that goes on the wire.
        content_type: String,
        /// The enabled Content-Type header the collection declares, verbatim:
        /// sent with an empty body when no field is set (Postman keeps a
        /// declared header when the form has no enabled fields).
        #[serde(skip_serializing_if = "Option::is_none")]
        declared_content_type: Option<String>,
    },
    /// `formdata` mode (multipart/form-data).
    #[serde(rename = "formdata")]
    FormData {
        /// Parts in order.
        fields: Vec<FormField>,
        /// A boundary the user fixed in their Content-Type header, if any.
        boundary: Option<String>,
        /// As for `UrlEncoded`: the declared Content-Type sent when no part is.
        #[serde(skip_serializing_if = "Option::is_none")]
        declared_content_type: Option<String>,
    },
    /// `file` mode (binary body).
    File {
        /// The file path the collection names (a hint only; callers pass bytes).
        src: Option<String>,
        /// The Content-Type that goes on the wire, when known.
        content_type: Option<String>,
    },
    /// `graphql` mode.
    #[serde(rename = "graphql")]
    GraphQl {
        /// The query document.
        query: Template,
        /// Variables as the collection gives them.
        variables: Option<GraphQlVariables>,
        /// `operationName`, if set.
        operation_name: Option<String>,
    },
}

/// GraphQL variables, which Postman treats differently by shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum GraphQlVariables {
    /// A JSON string, inserted into the body verbatim.
    Text(Template),
    /// A JSON object, serialized.
    Json(serde_json::Value),
}

/// A field of a urlencoded or multipart body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    /// The field name.
    pub key: Template,
    /// A Rust-ready snake_case identifier, unique within the body.
    pub ident: String,
    /// Text or file.
    pub kind: FormFieldKind,
    /// The per-part Content-Type (multipart only).
    pub content_type: Option<String>,
    /// The field's description.
    pub docs: Option<String>,
    /// Whether the caller must set it: `(Required)` in the description, or,
    /// in a body that marks optional fields by disabling them, enabled in the
    /// request and in every saved example's original request.
    pub required: bool,
    /// Disabled in the collection: an optional setter, not sent unless set.
    pub disabled: bool,
    /// Values seen for this field in saved examples' `originalRequest`s.
    pub samples: Vec<String>,
}

/// What a form field carries.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FormFieldKind {
    /// A text value; the collection's value is the example.
    Text {
        /// The example value (`None` when the collection has none: sent as empty).
        value: Option<Template>,
    },
    /// One or more files.
    File {
        /// Paths the collection names (hints; callers pass bytes or a path).
        src: Vec<String>,
    },
}

/// An auth scheme, with no secret values from the collection.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum AuthScheme {
    /// `Authorization: Basic base64(username:password)`.
    Basic {
        /// Where the username comes from.
        username: Credential,
        /// Where the password comes from.
        password: Credential,
    },
    /// `Authorization: Bearer <token>`.
    Bearer {
        /// Where the token comes from.
        token: Credential,
    },
    /// A key in a header or the query.
    #[serde(rename = "apikey")]
    ApiKey {
        /// Header name or query key.
        name: String,
        /// Where the value comes from.
        value: Credential,
        /// Header or query.
        location: ApiKeyLocation,
    },
    /// OAuth 2 with an access token the caller obtains.
    #[serde(rename = "oauth2")]
    OAuth2 {
        /// Where the access token comes from.
        token: Credential,
        /// Header or query (`access_token`).
        location: ApiKeyLocation,
        /// The prefix before the token in the header (default `Bearer`; may be empty).
        header_prefix: String,
    },
    /// A scheme that signs each request (digest, OAuth 1.0, AWS Signature v4).
    Signed(Box<SignedAuth>),
    /// A type the generator does not implement (hawk, ntlm, ...):
    /// requests are sent without auth and a diagnostic says so.
    Unsupported {
        /// The Postman auth type.
        kind: String,
    },
}

/// Where a credential comes from at run time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "name")]
pub enum Credential {
    /// A `{{variable}}` (the whole value is one variable).
    Variable(String),
    /// The collection had a literal value; it is not kept. The caller supplies it.
    Supplied,
    /// The collection had no value.
    Empty,
}

/// Whether an API key goes in a header or the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApiKeyLocation {
    /// A request header.
    Header,
    /// A query parameter (appended at the end).
    Query,
}

/// A saved example response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseExample {
    /// The HTTP status code (`code`, or derived from `status`), if known.
    pub code: Option<u16>,
    /// The example's name (often the status description in OpenAPI-derived collections).
    pub name: String,
    /// The reason phrase (`status`).
    pub status_text: Option<String>,
    /// Response headers as given.
    pub headers: Vec<(String, String)>,
    /// The body text.
    pub body: Option<String>,
    /// The Content-Type header value, if any.
    pub content_type: Option<String>,
    /// `_postman_previewlanguage`.
    pub preview_language: Option<String>,
    /// The JSON body, when the body is JSON (by content type, preview language, or parse).
    pub json: Option<serde_json::Value>,
}

impl Template {
    /// A template with one literal part (or none, for an empty string).
    pub fn literal(text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_empty() {
            Template { parts: Vec::new() }
        } else {
            Template {
                parts: vec![TemplatePart::Literal(text)],
            }
        }
    }

    /// Splits text on Postman's variable syntax: `{{` + characters other than
    /// `{` and `}` + `}}`. Anything else (including `{{}}`) is literal.
    pub fn parse(text: &str) -> Self {
        // Templates live until the crate is written, thousands of them in a
        // large collection: each holds only the parts it has (a growing
        // vector reserves four), for a smaller peak (docs/performance.md,
        // "Session 29: memory").
        if !text.contains("{{") {
            return Template::literal(text);
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            let name_len = after.find(['{', '}']).unwrap_or(after.len());
            let closes = after[name_len..].starts_with("}}");
            if name_len > 0 && closes {
                literal.push_str(&rest[..start]);
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(TemplatePart::Var(after[..name_len].to_string()));
                rest = &after[name_len + 2..];
            } else {
                // Not a variable here; keep one `{` and look again from the next one,
                // so `{{{x}}` still finds `{{x}}`.
                literal.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        parts.shrink_to_fit();
        Template { parts }
    }

    /// True when there are no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The names of the variables referenced, in order (repeats kept).
    pub fn vars(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            TemplatePart::Var(v) => Some(v.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }

    /// The literal text when there are no variables.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Var(_) => return None,
            }
        }
        Some(out)
    }

    /// The single variable name when the whole template is one `{{var}}`.
    pub fn as_single_var(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [TemplatePart::Var(name)] => Some(name),
            _ => None,
        }
    }

    /// Renders the template, writing `{{name}}` back for variables.
    pub fn to_postman_string(&self) -> String {
        // Sized once: a URL or form key is written whole, not grown.
        let size = self.parts.iter().map(|part| match part {
            TemplatePart::Literal(text) => text.len(),
            TemplatePart::Var(name) => name.len() + 4,
        });
        let mut out = String::with_capacity(size.sum());
        for part in &self.parts {
            match part {
                TemplatePart::Literal(text) => out.push_str(text),
                TemplatePart::Var(name) => {
                    out.push_str("{{");
                    out.push_str(name);
                    out.push_str("}}");
                }
            }
        }
        out
    }
}

impl Api {
    /// The group path of an operation: the idents of its enclosing groups,
    /// outermost first, excluding the root.
    pub fn group_path(&self, group: GroupId) -> Vec<&str> {
        let mut path = Vec::new();
        let mut current = Some(group);
        while let Some(id) = current {
            let g = &self[id];
            if g.parent.is_some() {
                path.push(g.ident.as_str());
            }
            current = g.parent;
        }
        path.reverse();
        path
    }

    /// The operation's path template as one string, parameters written `{name}`:
    /// `/meetings/{meetingId}/registrants/status`.
    pub fn path_string(&self, op: &Operation) -> String {
        // Room for most paths at once, not grown segment by segment.
        let mut out = String::with_capacity(64);
        for segment in &op.path {
            out.push('/');
            match segment {
                PathSegment::Literal { value } => out.push_str(&value.to_postman_string()),
                PathSegment::Param { param, suffix } => {
                    out.push('{');
                    out.push_str(&op.path_params[*param].name);
                    out.push('}');
                    out.push_str(suffix);
                }
            }
        }
        if out.is_empty() {
            out.push('/');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_splits_variables_and_keeps_odd_braces_literal() {
        let t = Template::parse("{{baseUrl}}/a/{{ id }}/{{}}x{{{y}}}");
        assert_eq!(
            t.parts,
            vec![
                TemplatePart::Var("baseUrl".into()),
                TemplatePart::Literal("/a/".into()),
                TemplatePart::Var(" id ".into()),
                TemplatePart::Literal("/{{}}x{".into()),
                TemplatePart::Var("y".into()),
                TemplatePart::Literal("}".into()),
            ]
        );
        assert_eq!(t.to_postman_string(), "{{baseUrl}}/a/{{ id }}/{{}}x{{{y}}}");
    }

    #[test]
    fn unbalanced_braces_stay_literal() {
        let t = Template::parse("a{{b");
        assert_eq!(t.as_literal().as_deref(), Some("a{{b"));
        assert_eq!(Template::parse("{{x}}").as_single_var(), Some("x"));
    }

    /// Text without `{{` is one literal part (none when empty), and a
    /// template holds no more room than its parts.
    #[test]
    fn templates_hold_only_their_parts() {
        for text in ["", "plain", "a}}b{c{", "x{{y}}z", "{{a}}{{b}}", "a{{b"] {
            let t = Template::parse(text);
            assert_eq!(t.parts.capacity(), t.parts.len(), "{text:?}");
            assert_eq!(t.to_postman_string(), text);
        }
        assert!(Template::parse("").parts.is_empty());
        assert_eq!(
            Template::parse("a}}b{c{").parts,
            vec![TemplatePart::Literal("a}}b{c{".into())]
        );
    }
}
