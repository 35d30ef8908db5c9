//! The `tracing` feature: one span per call, named and filled in after the
//! OpenTelemetry semantic conventions for HTTP clients, so an OpenTelemetry
//! layer exports it as a client span without mapping.
//!
//! Fields: `otel.name` (`{method} {url.template}`), `otel.kind`,
//! `operation.name` and `postman.item.id`, `http.request.method`,
//! `url.template` (the path template, never the filled-in path, which may
//! hold ids), `server.address`, then, when the call ends,
//! `http.response.status_code`, `http.request.resend_count` (retries made),
//! `http.client.request.duration` (seconds, all attempts) and, on failure,
//! `error.type`. No URL, query, header or body is recorded, so credentials
//! never appear. Without the feature every function here is empty.

use std::time::Instant;

use super::error::Error;
use super::hooks::OperationInfo;

/// The span of one call; a no-op without the `tracing` feature.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
    started: Instant,
}

impl CallSpan {
    /// Opens the span of a call to `operation` on `host`.
    pub(crate) fn new(operation: &OperationInfo, host: &str) -> Self {
        #[cfg(not(feature = "tracing"))]
        let _ = (operation, host);
        CallSpan {
            #[cfg(feature = "tracing")]
            span: tracing::info_span!(
                "http.client.request",
                otel.name = %format_args!("{} {}", operation.method, operation.path_template),
                otel.kind = "client",
                operation.name = operation.name,
                postman.item.id = operation.item_id,
                http.request.method = operation.method,
                url.template = operation.path_template,
                server.address = host,
                http.response.status_code = tracing::field::Empty,
                http.request.resend_count = tracing::field::Empty,
                http.client.request.duration = tracing::field::Empty,
                error.type = tracing::field::Empty,
            ),
            started: Instant::now(),
        }
    }

    /// Runs `f` inside the span (blocking calls).
    pub(crate) fn in_scope<T>(&self, f: impl FnOnce() -> T) -> T {
        #[cfg(feature = "tracing")]
        return self.span.in_scope(f);
        #[cfg(not(feature = "tracing"))]
        f()
    }

    /// Runs `future` inside the span (async calls).
    #[cfg(feature = "async")]
    pub(crate) async fn instrument<F: std::future::Future>(&self, future: F) -> F::Output {
        #[cfg(feature = "tracing")]
        return tracing::Instrument::instrument(future, self.span.clone()).await;
        #[cfg(not(feature = "tracing"))]
        future.await
    }

    /// Records how the call ended: status, retries, duration, error type.
    pub(crate) fn finish(&self, status: Option<u16>, retries: u32, error: Option<&Error>) {
        #[cfg(not(feature = "tracing"))]
        let _ = (status, retries, error, self.started);
        #[cfg(feature = "tracing")]
        {
            if let Some(status) = status {
                self.span.record("http.response.status_code", status);
            }
            if retries > 0 {
                self.span.record("http.request.resend_count", retries);
            }
            self.span
                .record("http.client.request.duration", self.started.elapsed().as_secs_f64());
            if let Some(error) = error {
                self.span.record("error.type", error_type(error, status));
            }
        }
    }
}

/// `error.type`: the status code for error responses, else the kind of failure.
#[cfg(feature = "tracing")]
fn error_type(error: &Error, status: Option<u16>) -> String {
    if let Some(status) = status.filter(|s| *s >= 400) {
        return status.to_string();
    }
    match error {
        Error::Transport(error) if error.is_timeout() => "timeout",
        Error::Transport(error) if error.is_connect() => "connect",
        Error::Transport(_) => "transport",
        Error::ResponseTooLarge { .. } => "response_too_large",
        Error::Decode(_) => "decode",
        Error::InvalidRequest(_) => "invalid_request",
        Error::Config(_) => "config",
        Error::Credentials(_) => "credentials",
        Error::Hook(_) => "hook",
        _ => "_OTHER",
    }
    .to_string()
}
