//! Client hooks: code of the caller's that runs on every request before it is
//! sent (to sign it, the way a collection's pre-request script did, or to add
//! what the collection does not know) and on every response as it arrives (to
//! check it and fail the call). They serve `send` and `send_blocking` alike.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

use super::error::BoxError;

/// What the generator knows about the request a hook sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The operation's name, unique in the API (`webinars_registrants_list`).
    pub name: &'static str,
    /// The Postman item id of the request, when the collection has one.
    pub item_id: Option<&'static str>,
    /// The HTTP method, as the collection gives it.
    pub method: &'static str,
    /// The path template after the base URL, with parameters in braces
    /// (`/webinars/{webinarId}/registrants`): never the filled-in path.
    pub path_template: &'static str,
}

impl OperationInfo {
    /// Describes an operation (used by the generated request builders).
    pub(crate) const fn new(
        name: &'static str,
        item_id: Option<&'static str>,
        method: &'static str,
        path_template: &'static str,
    ) -> Self {
        OperationInfo { name, item_id, method, path_template }
    }
}

/// A request about to be sent, as a before-send hook sees it: everything is
/// rendered, encoded and authenticated; what the hook changes is what is sent.
pub struct OutgoingRequest<'a> {
    pub(crate) operation: &'a OperationInfo,
    pub(crate) attempt: u32,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a mut Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: &'a mut Option<Vec<u8>>,
    pub(crate) streamed: bool,
}

impl OutgoingRequest<'_> {
    /// The operation this request belongs to.
    pub fn operation(&self) -> &OperationInfo {
        self.operation
    }

    /// Which attempt this is: 0 for the first, then 1, 2, .. for retries
    /// (hooks run again on every attempt, so a signature can be fresh).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, query included.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The URL, to change (for example to add a query parameter).
    pub fn url_mut(&mut self) -> &mut Url {
        self.url
    }

    /// The headers, auth included.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body bytes; `None` when there is no body or it is streamed from a reader.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Whether the body is streamed (and so not visible to [`OutgoingRequest::body`]).
    pub fn body_is_streamed(&self) -> bool {
        self.streamed
    }

    /// Replaces the body (its Content-Type header is the hook's to set).
    /// Ignored for a streamed body.
    pub fn set_body(&mut self, body: Vec<u8>) {
        if !self.streamed {
            *self.body = Some(body);
        }
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("operation", &self.operation.name)
            .field("attempt", &self.attempt)
            .field("method", self.method)
            .field("path", &self.url.path())
            .finish_non_exhaustive()
    }
}

/// A response as an after-receive hook sees it, before its status is checked
/// and its body decoded; any status, errors and retried ones included.
pub struct IncomingResponse<'a> {
    pub(crate) operation: &'a OperationInfo,
    pub(crate) attempt: u32,
    pub(crate) status: StatusCode,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
}

impl IncomingResponse<'_> {
    /// The operation the request belonged to.
    pub fn operation(&self) -> &OperationInfo {
        self.operation
    }

    /// Which attempt this answers (0 for the first).
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The body; `None` for a response the caller reads as a stream.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

impl fmt::Debug for IncomingResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingResponse")
            .field("operation", &self.operation.name)
            .field("attempt", &self.attempt)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// A before-send hook.
pub(crate) type BeforeSend = Arc<dyn Fn(&mut OutgoingRequest<'_>) -> Result<(), BoxError> + Send + Sync>;
/// An after-receive hook.
pub(crate) type AfterReceive = Arc<dyn Fn(&IncomingResponse<'_>) -> Result<(), BoxError> + Send + Sync>;

/// A client's hooks, run in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) before_send: Vec<BeforeSend>,
    pub(crate) after_receive: Vec<AfterReceive>,
}

impl Hooks {
    pub(crate) fn before_send(&self, request: &mut OutgoingRequest<'_>) -> Result<(), BoxError> {
        self.before_send.iter().try_for_each(|hook| hook(request))
    }

    pub(crate) fn after_receive(&self, response: &IncomingResponse<'_>) -> Result<(), BoxError> {
        self.after_receive.iter().try_for_each(|hook| hook(response))
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("before_send", &self.before_send.len())
            .field("after_receive", &self.after_receive.len())
            .finish()
    }
}
