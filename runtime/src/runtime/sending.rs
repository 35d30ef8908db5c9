//! The future an operation's `send()` returns.
//!
//! `send` is a plain function that builds the request and returns a
//! [`Sending`]: one future type, written once here, instead of an `async fn`
//! state machine per operation, which rustc type-checks in the generated
//! crate for every operation (on Stripe, much of its type checking). How the 2xx
//! response becomes the operation's result is a type parameter ([`Finish`]),
//! so decoding into the operation's type is only compiled where the future
//! is awaited, as with an `async fn`.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::core::Core;
use super::error::Error;
use super::request::Request;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::response::{RawBody, RawResponse, ResponseResult};

/// The response of a call in flight: the runtime's own future, boxed so that
/// [`Sending`] can name it.
type InFlight<'a> = Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send + 'a>>;

/// A request being sent: `.await` it for the operation's
/// [`ResponseResult`]. Returned by each request builder's `send()`; the
/// request was built when `send()` was called, and nothing is sent until the
/// future is polled.
#[must_use = "a request is not sent until the future is awaited"]
pub struct Sending<'a, F: Finish> {
    state: State<'a>,
    finish: F,
    /// Turns an error response's body into the operation's error type
    /// (`Error::typed`), where the operation documents one.
    errors: fn(Error) -> Error,
}

enum State<'a> {
    /// The request could not be built: the future ends with this error.
    Invalid(Error),
    Running(InFlight<'a>),
    Done,
}

impl<'a, F: Finish> Sending<'a, F> {
    /// Sends `request` through `core` when polled, finishing its 2xx
    /// response with `finish`.
    pub(crate) fn new(core: &'a Core, request: Result<Request, Error>, finish: F) -> Self {
        Sending {
            state: start(core, request),
            finish,
            errors: std::convert::identity,
        }
    }

    /// The same, with an error response's body decoded by `errors`.
    pub(crate) fn typed(mut self, errors: fn(Error) -> Error) -> Self {
        self.errors = errors;
        self
    }
}

/// Not generic, so compiled once per crate whatever the operations return.
fn start(core: &Core, request: Result<Request, Error>) -> State<'_> {
    match request {
        Ok(request) => State::Running(Box::pin(core.execute(request))),
        Err(error) => State::Invalid(error),
    }
}

impl<F: Finish + Unpin> Future for Sending<'_, F> {
    type Output = ResponseResult<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let response = match &mut this.state {
            State::Running(call) => match call.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(response) => response,
            },
            State::Invalid(_) => match std::mem::replace(&mut this.state, State::Done) {
                State::Invalid(error) => Err(error),
                _ => unreachable!("matched above"),
            },
            State::Done => panic!("`Sending` polled after it completed"),
        };
        this.state = State::Done;
        Poll::Ready(match response {
            Ok(RawResponse {
                status,
                headers,
                body,
            }) => this.finish.finish(status, headers, body),
            Err(error) => Err((this.errors)(error)),
        })
    }
}

impl<F: Finish> std::fmt::Debug for Sending<'_, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sending")
    }
}

/// How a 2xx response becomes an operation's result: the second type
/// parameter of [`Sending`], one of [`AsJson`], [`AsRaw`], [`AsText`],
/// [`AsEmpty`] and [`AsDecoded`].
pub trait Finish {
    /// The decoded body.
    type Output;

    /// Decodes the response with this status, headers and body.
    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<Self::Output>;
}

/// The response `finish` takes apart, whole again.
fn whole(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> RawResponse {
    RawResponse { status, headers, body }
}

/// A JSON body decoded into `T` (tolerantly, see `lenient.rs`).
#[derive(Debug)]
pub struct AsJson<T>(PhantomData<fn() -> T>);

impl<T> AsJson<T> {
    pub(crate) fn new() -> Self {
        AsJson(PhantomData)
    }
}

impl<T: serde::de::DeserializeOwned> Finish for AsJson<T> {
    type Output = T;

    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<T> {
        whole(status, headers, body).json()
    }
}

/// A body returned as bytes.
#[derive(Debug)]
pub struct AsRaw;

impl Finish for AsRaw {
    type Output = RawBody;

    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<RawBody> {
        Ok(whole(status, headers, body).raw())
    }
}

/// A body returned as text.
#[derive(Debug)]
pub struct AsText;

impl Finish for AsText {
    type Output = String;

    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<String> {
        Ok(whole(status, headers, body).text())
    }
}

/// No body.
#[derive(Debug)]
pub struct AsEmpty;

impl Finish for AsEmpty {
    type Output = ();

    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<()> {
        Ok(whole(status, headers, body).empty())
    }
}

/// A body decoded by the operation's own function (one type per documented
/// status: the operation's response enum).
#[derive(Debug)]
pub struct AsDecoded<T>(pub(crate) fn(RawResponse) -> ResponseResult<T>);

impl<T> Finish for AsDecoded<T> {
    type Output = T;

    fn finish(&self, status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> ResponseResult<T> {
        (self.0)(whole(status, headers, body))
    }
}

/// A request being sent for a streamed body: `.await` it for the body's
/// [`ByteStream`](super::ByteStream). Returned by `send_streaming()`.
#[must_use = "a request is not sent until the future is awaited"]
pub struct SendingStreamed<'a> {
    state: StreamState<'a>,
}

type StreamInFlight<'a> =
    Pin<Box<dyn Future<Output = Result<super::stream::ByteStream, Error>> + Send + 'a>>;

enum StreamState<'a> {
    Invalid(Error),
    Running(StreamInFlight<'a>),
    Done,
}

impl<'a> SendingStreamed<'a> {
    /// Sends `request` through `core` when polled.
    pub(crate) fn new(core: &'a Core, request: Result<Request, Error>) -> Self {
        let state = match request {
            Ok(request) => StreamState::Running(Box::pin(core.execute_streamed(request))),
            Err(error) => StreamState::Invalid(error),
        };
        SendingStreamed { state }
    }
}

impl Future for SendingStreamed<'_> {
    type Output = Result<super::stream::ByteStream, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let result = match &mut this.state {
            StreamState::Running(call) => match call.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => result,
            },
            StreamState::Invalid(_) => match std::mem::replace(&mut this.state, StreamState::Done) {
                StreamState::Invalid(error) => Err(error),
                _ => unreachable!("matched above"),
            },
            StreamState::Done => panic!("`SendingStreamed` polled after it completed"),
        };
        this.state = StreamState::Done;
        Poll::Ready(result)
    }
}

impl std::fmt::Debug for SendingStreamed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SendingStreamed")
    }
}
