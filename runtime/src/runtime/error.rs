//! The crate-wide error type.

use std::any::Any;
use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// A boxed error from caller-supplied code, such as a [`TokenProvider`](super::TokenProvider).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong when calling the API.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status (anything but 2xx and 429).
    /// When the collection documents the status, [`ErrorResponse::description`]
    /// says what it means.
    Status(Box<ErrorResponse>),
    /// The server answered `429 Too Many Requests`.
    RateLimited {
        /// How long the server asked to wait (`Retry-After`, as seconds or an HTTP date).
        retry_after: Option<Duration>,
        /// The response itself.
        response: Box<ErrorResponse>,
    },
    /// The request could not be sent or the response could not be read:
    /// connection, TLS, timeout, redirect loop.
    Transport(reqwest::Error),
    /// The response body is larger than the client's `max_response_bytes`.
    ResponseTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A success response whose body does not match the documented type.
    Decode(Box<DecodeError>),
    /// The request was rejected before sending: a required value is missing, a
    /// variable is not set, a header value contains CR or LF, a path parameter
    /// is empty or a dot segment.
    InvalidRequest(String),
    /// The client was configured with an invalid value (for example a base URL
    /// that is not an absolute `http(s)` URL).
    Config(String),
    /// The [`TokenProvider`](super::TokenProvider) failed.
    Credentials(BoxError),
    /// A client hook (`before_send` or `after_receive` on the client builder)
    /// refused the request or the response.
    Hook(BoxError),
    /// A redirect the client will not follow: too many of them, a location
    /// that is not an http(s) URL, or one to another origin that would carry a
    /// credential there (in its URL or in the body a 307/308 resends).
    /// Credentials are never sent to another origin; call the location yourself
    /// if it is meant to receive them.
    Redirect {
        /// The redirect's status.
        status: StatusCode,
        /// Where it pointed, with credentials redacted.
        location: String,
        /// Why it was not followed.
        reason: String,
    },
    /// A script of the collection failed (only with the `scripts` feature):
    /// it threw, used an API the client's sandbox does not have, or ran past
    /// its time or memory limit.
    Script(Box<ScriptError>),
}

/// A collection script that failed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScriptError {
    /// The request item (operation) the script ran for.
    pub item: &'static str,
    /// `prerequest` or `test`.
    pub listen: &'static str,
    /// Where the script is attached: `collection`, `folder '..'` or `request '..'`.
    pub level: &'static str,
    /// The line of the script, counted from 1, when it is known.
    pub line: Option<u32>,
    /// What went wrong.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} script of the {} failed for `{}`", self.listen, self.level, self.item)?;
        if let Some(line) = self.line {
            write!(f, " at line {line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ScriptError {}

impl Error {
    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Status(response) | Error::RateLimited { response, .. } => Some(response.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport(error) => error.status(),
            Error::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The error response, for [`Error::Status`] and [`Error::RateLimited`].
    pub fn response(&self) -> Option<&ErrorResponse> {
        match self {
            Error::Status(response) | Error::RateLimited { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The error body decoded into the request's error type (the
    /// `<Request>Error` enum beside its builder, with a variant per
    /// documented error status), when the request has one. `None` for other
    /// errors and for a different `E`.
    pub fn typed<E: Any>(&self) -> Option<&E> {
        self.response().and_then(ErrorResponse::typed)
    }

    /// Decodes the body of an error response with the request's decoder and
    /// keeps the result beside the raw body.
    pub(crate) fn with_typed<E: TypedBody>(mut self, decode: impl FnOnce(u16, &[u8]) -> E) -> Self {
        if let Error::Status(response) | Error::RateLimited { response, .. } = &mut self {
            response.typed = Some(Box::new(decode(response.status.as_u16(), &response.body)));
        }
        self
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status(response) => write!(f, "error response: {response}"),
            Error::RateLimited { retry_after, response } => {
                f.write_str("rate limited")?;
                if let Some(wait) = retry_after {
                    write!(f, ": retry after {} s", wait.as_secs())?;
                }
                match response.message() {
                    Some(message) => write!(f, ": {message}"),
                    None => Ok(()),
                }
            }
            Error::Transport(error) => write!(f, "transport error: {error}"),
            Error::ResponseTooLarge { limit } => {
                write!(f, "response body larger than the limit of {limit} bytes")
            }
            Error::Decode(error) => write!(f, "{error}"),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::Credentials(error) => write!(f, "token provider failed: {error}"),
            Error::Hook(error) => write!(f, "a client hook failed: {error}"),
            Error::Script(error) => fmt::Display::fmt(error, f),
            Error::Redirect {
                status,
                location,
                reason,
            } => write!(f, "redirect not followed ({status} to `{location}`): {reason}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(error) => Some(error),
            Error::Decode(error) => Some(&error.source),
            Error::Credentials(error) | Error::Hook(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

/// An error body decoded into `T` and wrapped by `variant`, or the raw body
/// wrapped by `other` when it does not decode.
pub(crate) fn typed_body<T: serde::de::DeserializeOwned, E>(
    body: &[u8],
    variant: impl FnOnce(T) -> E,
    other: impl FnOnce(super::RawBody) -> E,
) -> E {
    match super::lenient::from_slice(body) {
        Ok(decoded) => variant(decoded),
        Err(_) => other(super::RawBody::from_slice(body)),
    }
}

/// A decoded error body: what [`Error::typed`] and [`ErrorResponse::typed`] return.
pub trait TypedBody: Any + fmt::Debug + Send + Sync {
    /// The body as [`Any`], to downcast.
    fn as_any(&self) -> &dyn Any;
    /// A boxed copy.
    fn clone_box(&self) -> Box<dyn TypedBody>;
}

impl<T: Any + fmt::Debug + Clone + Send + Sync> TypedBody for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn clone_box(&self) -> Box<dyn TypedBody> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn TypedBody> {
    fn clone(&self) -> Self {
        (**self).clone_box()
    }
}

/// An error response, kept whole: status, headers, the raw body, and the
/// body decoded into the request's error type when it has one.
#[derive(Clone)]
pub struct ErrorResponse {
    pub(crate) status: StatusCode,
    pub(crate) description: Option<&'static str>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) json: Option<serde_json::Value>,
    pub(crate) typed: Option<Box<dyn TypedBody>>,
}

impl ErrorResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What the collection says this status means for this request, when it documents it.
    pub fn description(&self) -> Option<&'static str> {
        self.description
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The body parsed as JSON, when it is JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json.as_ref()
    }

    /// The body decoded into `T`, typically the error type the request's
    /// documentation names for this status (decoded as tolerantly as
    /// success bodies).
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        super::lenient::from_slice(&self.body)
    }

    /// The body decoded into the request's error type `E` (the
    /// `<Request>Error` enum beside its builder), when the request has one.
    pub fn typed<E: Any>(&self) -> Option<&E> {
        self.typed.as_deref().and_then(|typed| typed.as_any().downcast_ref())
    }

    /// The server's own message, when the body is JSON with a `message`,
    /// `error_description`, `error`, `detail`, `title` or `msg` text (at the
    /// top or inside an `error` object), or short plain text.
    pub fn message(&self) -> Option<&str> {
        const KEYS: &[&str] = &["message", "error_description", "error", "detail", "title", "msg"];
        if let Some(json) = &self.json {
            let top = KEYS
                .iter()
                .find_map(|key| json.get(key).and_then(serde_json::Value::as_str));
            let nested = || {
                let inner = json.get("error")?;
                KEYS.iter().find_map(|key| inner.get(key).and_then(serde_json::Value::as_str))
            };
            return top.or_else(nested).map(str::trim).filter(|m| !m.is_empty());
        }
        let text = self.text()?.trim();
        let plain = !text.is_empty() && text.len() <= 200 && !text.starts_with('<') && !text.contains('\n');
        plain.then_some(text)
    }
}

impl fmt::Display for ErrorResponse {
    /// The status, then the server's message when it gave one, else what the
    /// collection says the status means.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        } else if let Some(description) = self.description {
            write!(f, ": {description}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ErrorResponse {
    /// Like a derived `Debug`, with the body as text when it is UTF-8.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ErrorResponse");
        debug
            .field("status", &self.status)
            .field("description", &self.description)
            .field("headers", &self.headers);
        match self.text() {
            Some(text) => debug.field("body", &text),
            None => debug.field("body", &format_args!("<{} bytes>", self.body.len())),
        };
        debug.field("typed", &self.typed).finish()
    }
}

/// A success response whose body could not be decoded; the raw body is kept.
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Vec<u8>,
    /// What went wrong.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the {} response body: {}", self.status, self.source)
    }
}

impl fmt::Debug for DecodeError {
    /// Like a derived `Debug`, with the body as text when it is UTF-8.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("DecodeError");
        debug.field("status", &self.status).field("headers", &self.headers);
        match std::str::from_utf8(&self.body) {
            Ok(text) => debug.field("body", &text),
            Err(_) => debug.field("body", &format_args!("<{} bytes>", self.body.len())),
        };
        debug.field("source", &self.source).finish()
    }
}
