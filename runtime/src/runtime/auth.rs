//! Authentication: the schemes a collection declares and the token-provider hook.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use super::core::{Core, Prepared};
use super::error::{BoxError, Error};
use super::response::RawResponse;

/// A boxed future, as returned by [`TokenProvider::token`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Supplies access tokens for bearer and OAuth 2 auth, for example by
/// refreshing them when they expire. It is asked once per attempt.
///
/// Any `Fn() -> impl Future<Output = Result<String, BoxError>>` closure
/// implements it, so `|| async { Ok::<_, BoxError>(fetch_token().await?) }`
/// is a provider.
pub trait TokenProvider: Send + Sync {
    /// The current token (without any `Bearer` prefix).
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, BoxError>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(self())
    }
}

/// Where a credential's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credential {
    /// A client variable (`{{name}}` in the collection).
    Variable(&'static str),
    /// A value the caller sets through a typed builder method; the slot names it.
    Slot(&'static str),
    /// An optional credential the collection leaves out (an OAuth 1.0 token,
    /// an AWS session token): the request is signed without it, as Postman does.
    Absent,
}

/// An auth scheme of the API, as the collection declares it (never with its secrets).
#[derive(Debug, Clone, Copy)]
pub(crate) enum AuthScheme {
    /// `Authorization: Basic base64(username:password)`.
    Basic {
        username: Credential,
        password: Credential,
    },
    /// `Authorization: Bearer <token>`.
    Bearer { token: Credential },
    /// An API key in a header or at the end of the query.
    ApiKey {
        name: &'static str,
        value: Credential,
        in_query: bool,
    },
    /// An OAuth 2 access token in the Authorization header (with a prefix) or
    /// as the `access_token` query parameter.
    OAuth2 {
        token: Credential,
        in_query: bool,
        prefix: &'static str,
    },
    /// A scheme that signs each request; its code is a runtime module of its
    /// own, present only in crates whose collections use it.
    Signed(&'static dyn Signer),
    /// A scheme this client cannot apply; requests are sent without auth.
    Unsupported,
}

/// Per-client state of a [`Signer`] (digest challenges and nonce counts),
/// shared by the clones of a client.
pub(crate) type SignerState = std::sync::Arc<dyn Any + Send + Sync>;

/// A scheme that computes its credential from the request about to be sent.
pub(crate) trait Signer: Sync + fmt::Debug {
    /// The state one client keeps for this scheme.
    fn state(&self) -> SignerState {
        std::sync::Arc::new(())
    }

    /// Schemes with the same non-empty key share one state in a client (all
    /// digest schemes count the uses of a server's nonce together).
    fn shared_state(&self) -> &'static str {
        ""
    }

    /// Gets what signing needs before a request is prepared (an OAuth 2.0
    /// token from its endpoint); most schemes need nothing.
    #[cfg(feature = "async")]
    fn ready<'a>(&'a self, core: &'a Core, state: &'a SignerState) -> BoxFuture<'a, Result<(), Error>> {
        let _ = (core, state);
        Box::pin(async { Ok(()) })
    }

    /// [`Signer::ready`] for blocking callers.
    #[cfg(feature = "blocking")]
    fn ready_blocking(&self, core: &Core, state: &SignerState) -> Result<(), Error> {
        let _ = (core, state);
        Ok(())
    }

    /// Adds the credential to `request`, whose URL, headers and body are final.
    fn sign(&self, core: &Core, state: &SignerState, request: &mut Prepared) -> Result<(), Error>;

    /// How many challenges in a row one call answers: one (a digest
    /// challenge, a refused OAuth 2.0 token), two for NTLM's handshake.
    fn rounds(&self) -> u8 {
        1
    }

    /// Reads a 401 or 403 response to a signed request; `true` when the
    /// request should be signed again and resent (up to [`Signer::rounds`] times).
    fn challenged(&self, state: &SignerState, response: &RawResponse) -> bool {
        let _ = (state, response);
        false
    }

    /// The lock a call holds from its first request to its last, for a scheme
    /// whose exchange spans several requests on one connection (NTLM); most
    /// schemes have none.
    fn call_lock<'s>(&self, state: &'s SignerState) -> Option<&'s CallLock> {
        let _ = state;
        None
    }
}

/// The body `scheme` hashes into its signature: `None` for a multipart
/// form, in memory or streamed from files, whose bytes Postman's runtime
/// never hashes (each scheme then does what Postman does without a body
/// hash: Hawk and OAuth 1.0 send none, AWS hashes the empty payload,
/// EdgeGrid signs an empty hash field); an empty slice for no body. A body
/// the caller streams (`upload_body`: a file, reader or stream) is read only
/// while it is sent, after signing, so it cannot be hashed: the request
/// fails naming the scheme rather than going out with a signature of an
/// empty body, which the server would refuse.
pub(crate) fn signed_body<'a>(request: &'a Prepared, scheme: &str) -> Result<Option<&'a [u8]>, Error> {
    if request.form_data {
        return Ok(None);
    }
    match &request.upload {
        None => Ok(Some(request.body.as_deref().unwrap_or_default())),
        Some(super::stream::Source::Parts(_)) => Ok(None),
        Some(_) => Err(Error::invalid(format!(
            "{scheme} signs the request body, and a body given to `upload_body` is streamed only after signing; \
             give it in memory (`raw_body`) to sign it"
        ))),
    }
}

/// One call at a time, for a scheme whose handshake spans requests (NTLM):
/// the handshakes of concurrent calls then cannot interleave, and the pool
/// hands each resend the connection that was just challenged (the one it
/// got back last). A hand-made lock, since the async and blocking clients
/// share it and the crate has no async mutex of its own.
#[derive(Debug, Default)]
pub(crate) struct CallLock {
    /// Whether a call holds it, and the async callers waiting for it.
    state: std::sync::Mutex<(bool, Vec<std::task::Waker>)>,
    /// Wakes blocking callers waiting for it.
    freed: std::sync::Condvar,
}

/// A held [`CallLock`]; dropping it lets the next call go.
pub(crate) struct CallGuard<'a>(&'a CallLock);

impl CallLock {
    fn lock(&self) -> std::sync::MutexGuard<'_, (bool, Vec<std::task::Waker>)> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits, without blocking the thread, until no other call holds it.
    #[cfg(feature = "async")]
    pub(crate) fn acquire(&self) -> impl Future<Output = CallGuard<'_>> + Send + '_ {
        std::future::poll_fn(move |context| {
            let mut state = self.lock();
            if state.0 {
                state.1.push(context.waker().clone());
                std::task::Poll::Pending
            } else {
                state.0 = true;
                std::task::Poll::Ready(CallGuard(self))
            }
        })
    }

    /// Blocks until no other call holds it.
    #[cfg(feature = "blocking")]
    pub(crate) fn acquire_blocking(&self) -> CallGuard<'_> {
        let mut state = self.lock();
        while state.0 {
            state = self.freed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        state.0 = true;
        CallGuard(self)
    }
}

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.0 = false;
        // Every waiter polls again; one gets the lock, the others wait anew.
        for waker in state.1.drain(..) {
            waker.wake();
        }
        self.0.freed.notify_one();
    }
}

impl AuthScheme {
    /// Whether a [`TokenProvider`] supplies this scheme's token.
    pub(crate) fn uses_token(&self) -> bool {
        matches!(self, AuthScheme::Bearer { .. } | AuthScheme::OAuth2 { .. })
    }
}
