//! Success responses: the decoded body together with status and headers.

use std::fmt;
use std::ops::Deref;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::error::{DecodeError, Error};

/// What every request's `send` returns: the decoded success response, or
/// why there is none.
pub type ResponseResult<T> = Result<ResponseValue<T>, Error>;

/// A success response: the decoded body plus the status and headers.
///
/// Dereferences to the body, so fields can be read directly.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    inner: T,
}

impl<T> ResponseValue<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.inner)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            inner: f(self.inner),
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

/// A response body the collection documents no type for, kept as bytes.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawBody(Vec<u8>);

impl RawBody {
    /// A copy of `bytes`.
    pub(crate) fn from_slice(bytes: &[u8]) -> Self {
        RawBody(bytes.to_vec())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The body decoded from JSON into `T`, as tolerantly as the client
    /// decodes its responses (an integral float for an integer, `null` for an
    /// empty field).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        super::lenient::from_slice(&self.0)
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text() {
            Some(text) => f.debug_tuple("RawBody").field(&text).finish(),
            None => write!(f, "RawBody({} bytes)", self.0.len()),
        }
    }
}

/// A 2xx response whose body has been read but not decoded yet.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// The status code as a number, for matching on documented statuses.
    pub(crate) fn code(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes a JSON body (tolerantly: `lenient.rs`).
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<ResponseValue<T>, Error> {
        match super::lenient::from_slice(&self.body) {
            Ok(inner) => Ok(self.with(inner)),
            Err(source) => Err(Error::Decode(Box::new(DecodeError {
                status: self.status,
                headers: self.headers,
                body: self.body,
                source,
            }))),
        }
    }

    /// Decodes a text body (invalid UTF-8 is replaced, as browsers do).
    pub(crate) fn text(self) -> ResponseValue<String> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.with(text)
    }

    /// Keeps the body as bytes.
    pub(crate) fn raw(mut self) -> ResponseValue<RawBody> {
        let body = RawBody(std::mem::take(&mut self.body));
        self.with(body)
    }

    /// Ignores the body.
    pub(crate) fn empty(self) -> ResponseValue<()> {
        self.with(())
    }

    /// Wraps a value with this response's status and headers.
    pub(crate) fn with<T>(self, inner: T) -> ResponseValue<T> {
        ResponseValue {
            status: self.status,
            headers: self.headers,
            inner,
        }
    }
}
