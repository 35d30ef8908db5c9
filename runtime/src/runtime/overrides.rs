//! What a caller adds to one request beyond what the collection describes:
//! the escape hatches for an API that has moved on since its collection was
//! written ([`Customize`]: `.header(..)`, `.query(..)`, `.path_param(..)`,
//! `.json_body(..)`, `.raw_body(..)`, `.upload_body(..)` on every request
//! builder).

use std::fmt;

use super::error::Error;
use super::stream::Upload;

/// A request's caller-supplied headers, query parameters and body.
///
/// Public (hidden) because [`Customize::overrides`] hands it out; nothing
/// outside the runtime can name or build it.
#[doc(hidden)]
#[derive(Clone, Default)]
pub struct Overrides {
    /// Header names and values, in call order.
    pub(crate) headers: Vec<(String, String)>,
    /// Query keys and values, in call order; sent encoded as data.
    pub(crate) query: Vec<(String, String)>,
    /// Path parameter names and the text sent in place of the argument's
    /// value; the last one given for a name wins.
    pub(crate) path: Vec<(String, String)>,
    /// A body replacing the one the collection describes.
    pub(crate) body: Option<BodyOverride>,
    /// A streamed body replacing the collection's.
    pub(crate) upload: Option<Upload>,
    /// An error found while the caller built the override (a JSON body that
    /// does not serialize), reported when the request is sent.
    pub(crate) error: Option<String>,
}

/// A body that replaces the collection's.
#[derive(Clone)]
pub(crate) struct BodyOverride {
    pub(crate) content_type: String,
    pub(crate) bytes: Vec<u8>,
}

impl Overrides {
    /// Adds a header; see [`Customize::header`] for the rules.
    pub(crate) fn header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    /// Adds a query parameter.
    pub(crate) fn query(&mut self, key: String, value: String) {
        self.query.push((key, value));
    }

    /// Sends `value` as path parameter `name` instead of the argument's value.
    pub(crate) fn path_param(&mut self, name: String, value: String) {
        self.path.retain(|(given, _)| *given != name);
        self.path.push((name, value));
    }

    /// The text a caller gave for path parameter `name`, if any.
    pub(crate) fn path_value(&self, name: &str) -> Option<&str> {
        self.path
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.as_str())
    }

    /// Replaces the body with JSON text.
    pub(crate) fn json_body<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        match serde_json::to_vec(value) {
            Ok(bytes) => {
                self.upload = None;
                self.body = Some(BodyOverride {
                    content_type: "application/json".to_string(),
                    bytes,
                })
            }
            Err(error) => self.error = Some(format!("the JSON body cannot be serialized: {error}")),
        }
    }

    /// Replaces the body with bytes of a Content-Type.
    pub(crate) fn raw_body(&mut self, content_type: String, bytes: Vec<u8>) {
        self.upload = None;
        self.body = Some(BodyOverride { content_type, bytes });
    }

    /// Replaces the body with one streamed from a file, reader or stream.
    pub(crate) fn upload(&mut self, upload: Upload) {
        self.body = None;
        self.upload = Some(upload);
    }

    /// Whether the collection's body is replaced, so its inputs are not needed.
    pub(crate) fn replaces_body(&self) -> bool {
        self.body.is_some() || self.upload.is_some()
    }

    /// The error recorded while building, if any.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.error {
            Some(message) => Err(Error::invalid(message.clone())),
            None => Ok(()),
        }
    }
}

/// The escape hatches every request builder has, for an API that has moved
/// on since its collection was written: a header, query parameter or path
/// parameter the collection does not describe (or replaces one it does), and
/// a body in place of the collection's. Bring them into scope with `use
/// <crate>::Customize;`.
///
/// One trait with provided methods rather than the same six methods on every
/// builder: on a crate of hundreds of requests they were an eighth of its
/// lines and of rustc's work (docs/performance.md, session 32). A builder's
/// own setters are inherent and come first; a setter whose name would be one
/// of these is renamed when the crate is generated.
pub trait Customize: Sized {
    /// What the caller added to this request so far; the methods below
    /// write to it.
    #[doc(hidden)]
    fn overrides(&mut self) -> &mut Overrides;

    /// Sends a header the collection does not describe, or replaces the one it does
    /// (names match in any case, auth headers included). Calling it again with the same
    /// name sends both values. Invalid names and values (CR, LF) fail the request with
    /// [`Error::InvalidRequest`].
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.overrides().header(name.into(), value.into());
        self
    }

    /// Sends a query parameter the collection does not describe, or replaces the ones
    /// of that key it does; key and value are percent-encoded as data. Calling it again
    /// with the same key sends both.
    fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.overrides().query(key.into(), value.into());
        self
    }

    /// Sends `value` as path parameter `name` (its name in the collection) instead of
    /// the argument's value, percent-encoded as data so that it stays one segment:
    /// for identifiers that changed since the collection was written, or a value the
    /// argument's type cannot hold. A name the path does not have fails the request
    /// with [`Error::InvalidRequest`].
    fn path_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.overrides().path_param(name.into(), value.into());
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`) instead of the body
    /// the collection describes (or as the body of a request that has none); the
    /// body setters are then ignored. A value that does not serialize fails the
    /// request with [`Error::InvalidRequest`].
    fn json_body(mut self, body: &(impl serde::Serialize + ?Sized)) -> Self {
        self.overrides().json_body(body);
        self
    }

    /// Sends `bytes` with `content_type` instead of the body the collection
    /// describes (or as the body of a request that has none); the body setters are
    /// then ignored.
    fn raw_body(mut self, content_type: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.overrides().raw_body(content_type.into(), bytes.into());
        self
    }

    /// Sends `upload` (a file, reader or stream, never loaded into memory) instead of
    /// the body the collection describes (or as the body of a request that has none);
    /// the body setters are then ignored. Its Content-Type is the upload's own, else
    /// guessed from a file's name.
    fn upload_body(mut self, upload: Upload) -> Self {
        self.overrides().upload(upload);
        self
    }
}

/// The impls every request builder `$builder` (a struct with an `extra:
/// Overrides` field) has beside its own: [`Customize`], and `Debug` as
/// [`debug_builder`] prints it. Each builder's module has `runtime` in
/// scope.
///
/// `Debug` is written by hand rather than derived because a derived `Debug`
/// prints every input's value, and an input may be a credential (a password
/// in a form, a key in a query), which a client never prints; and because it
/// type-checks and compiles a line per field: with forms of hundreds of
/// fields it was the largest single cost of building a client
/// (docs/performance.md, session 28).
#[allow(unused_macros)]
macro_rules! builder_impls {
    ($builder:ident) => {
        impl runtime::Customize for $builder<'_> {
            #[inline]
            fn overrides(&mut self) -> &mut runtime::Overrides {
                &mut self.extra
            }
        }

        impl ::std::fmt::Debug for $builder<'_> {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                runtime::debug_builder(f, stringify!($builder), &self.extra)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use builder_impls;

/// A request builder's `Debug`: its name and what the caller added through
/// its escape hatches, by name only (as [`Overrides`] prints them), then
/// `..` for the inputs, whose values are not printed.
pub(crate) fn debug_builder(f: &mut fmt::Formatter<'_>, name: &str, extra: &Overrides) -> fmt::Result {
    f.debug_struct(name).field("extra", extra).finish_non_exhaustive()
}

impl fmt::Debug for Overrides {
    /// Names only: a header or query value may be a credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        let query: Vec<&str> = self.query.iter().map(|(key, _)| key.as_str()).collect();
        let path: Vec<&str> = self.path.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Overrides")
            .field("headers", &headers)
            .field("query", &query)
            .field("path", &path)
            .field("body", &self.body.as_ref().map(|body| (&body.content_type, body.bytes.len())))
            .field("upload", &self.upload)
            .finish()
    }
}
