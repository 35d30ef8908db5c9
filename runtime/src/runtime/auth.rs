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
}

impl AuthScheme {
    /// Whether a [`TokenProvider`] supplies this scheme's token.
    pub(crate) fn uses_token(&self) -> bool {
        matches!(self, AuthScheme::Bearer { .. } | AuthScheme::OAuth2 { .. })
    }
}
