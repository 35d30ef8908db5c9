//! OAuth 2.0 access tokens the client fetches itself (RFC 6749): the
//! client-credentials and password grants, or the authorization-code grant
//! with a code (and PKCE verifier) the caller obtained; without a code or a
//! token, requests go without `Authorization`, as Postman sends them. A client keeps one
//! token, shared by its clones and fetched once however many requests wait
//! for it; it is renewed (with the refresh token when there is one) shortly
//! before it expires and once after a request is refused with 401.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::StatusCode;

use super::auth::{Credential, Signer, SignerState};
use super::core::{secret_header_value, Core, Prepared};
use super::encode::{self, Set};
use super::error::Error;
use super::response::RawResponse;

/// The grant as the collection configures it; the texts are templates.
#[derive(Debug)]
pub(crate) struct OAuth2Grant {
    /// `client_credentials`, `password` or `authorization_code`.
    pub(crate) grant: &'static str,
    /// A token the caller already has: used until refused, then the grant runs.
    pub(crate) access_token: Credential,
    pub(crate) token_url: &'static str,
    pub(crate) client_id: Credential,
    pub(crate) client_secret: Credential,
    pub(crate) username: Credential,
    pub(crate) password: Credential,
    /// The authorization code and PKCE verifier the caller obtained.
    pub(crate) code: Credential,
    pub(crate) code_verifier: Credential,
    /// Client id and secret in a Basic `Authorization` header; else in the body.
    pub(crate) client_auth_header: bool,
    pub(crate) scope: &'static str,
    pub(crate) audience: &'static str,
    pub(crate) redirect_uri: &'static str,
    pub(crate) extra: &'static [(&'static str, &'static str)],
    /// Extra headers of the token request (name, template).
    pub(crate) extra_headers: &'static [(&'static str, &'static str)],
    /// Extra query parameters of the token URL (name, template).
    pub(crate) extra_query: &'static [(&'static str, &'static str)],
    pub(crate) in_query: bool,
    pub(crate) header_prefix: &'static str,
}

/// A token and when to renew it.
#[derive(Debug, Clone)]
struct Token {
    access: String,
    refresh: Option<String>,
    renew_at: Option<Instant>,
}

/// One client's token, and who waits for a fetch under way.
#[derive(Debug, Default)]
struct Cache {
    token: Option<Token>,
    /// The token a 401 refused: renewed before it is used again.
    rejected: Option<String>,
    fetching: bool,
    waiters: Vec<Waker>,
    /// Why the last fetch failed, for those who waited for it.
    failure: Option<String>,
    /// Fetches finished so far (a waiter knows its fetch is over).
    fetches: u64,
}

type State = Mutex<Cache>;

/// A token request: URL, headers and form body.
struct TokenRequest {
    url: String,
    headers: Vec<(String, String)>,
    body: String,
}

/// What a request must do before it can be signed.
enum Next {
    Ready,
    Wait(u64),
    /// Fetch, with the refresh token when there is one.
    Fetch(Option<String>),
}

/// Waits until the fetch under way when it was created has finished.
struct FetchDone<'a> {
    state: &'a State,
    fetches: u64,
}

impl Future for FetchDone<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut cache = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.fetches != self.fetches || !cache.fetching {
            return Poll::Ready(());
        }
        cache.waiters.push(context.waker().clone());
        Poll::Pending
    }
}

fn lock(state: &State) -> std::sync::MutexGuard<'_, Cache> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Renewal time: a tenth of the lifetime early, at most 30 s.
fn renew_at(expires_in: Option<u64>) -> Option<Instant> {
    let lifetime = Duration::from_secs(expires_in?);
    let margin = (lifetime / 10).min(Duration::from_secs(30));
    Some(Instant::now() + lifetime - margin)
}

impl OAuth2Grant {
    fn state(state: &SignerState) -> Option<&State> {
        state.downcast_ref::<State>()
    }

    /// Starts from the caller's token, when the client has none yet.
    fn seed(&self, core: &Core, cache: &State) {
        let mut cache = lock(cache);
        if cache.token.is_none() && cache.failure.is_none() {
            if let Some(access) = core.credential(self.access_token).filter(|token| !token.is_empty()) {
                cache.token = Some(Token {
                    access: access.to_string(),
                    refresh: None,
                    renew_at: None,
                });
            }
        }
    }

    /// Whether the grant cannot run for want of what only the caller can
    /// obtain: an authorization code (from a user signing in) when the client
    /// has no token yet. postman-runtime never fetches a token: without an
    /// access token it sends the request without `Authorization`, and so does
    /// the client then, as it does for a bearer or OAuth 2.0 token that is not
    /// set. With a token that is later refused and no code, renewing fails
    /// with [`Error::Credentials`].
    fn nothing_to_fetch_with(&self, core: &Core, cache: &State) -> bool {
        self.grant == "authorization_code"
            && core.credential(self.code).is_none_or(str::is_empty)
            && lock(cache).token.is_none()
    }

    /// Whether the cached token can be used, else who fetches.
    fn next(cache: &mut Cache) -> Next {
        let usable = cache.token.as_ref().filter(|token| {
            token.renew_at.is_none_or(|at| Instant::now() < at) && cache.rejected.as_deref() != Some(&token.access)
        });
        if usable.is_some() {
            return Next::Ready;
        }
        if cache.fetching {
            return Next::Wait(cache.fetches);
        }
        cache.fetching = true;
        Next::Fetch(cache.token.as_ref().and_then(|token| token.refresh.clone()))
    }

    /// Stores a fetch's outcome and wakes the waiters.
    fn finish(cache: &State, outcome: Result<Token, Error>) -> Result<(), Error> {
        let mut cache = lock(cache);
        cache.fetching = false;
        cache.fetches += 1;
        for waker in cache.waiters.drain(..) {
            waker.wake();
        }
        match outcome {
            Ok(token) => {
                cache.token = Some(token);
                cache.rejected = None;
                cache.failure = None;
                Ok(())
            }
            Err(error) => {
                cache.failure = Some(error.to_string());
                Err(error)
            }
        }
    }

    /// After waiting for another request's fetch: its failure, if it failed.
    fn after_wait(cache: &State) -> Result<(), Error> {
        let cache = lock(cache);
        match (&cache.token, &cache.failure) {
            (None, Some(failure)) => Err(Error::Credentials(failure.clone().into())),
            _ => Ok(()),
        }
    }

    /// The token request: URL, headers and form body.
    fn token_request(&self, core: &Core, refresh: Option<&str>) -> Result<TokenRequest, Error> {
        let secret = |credential| core.credential(credential).unwrap_or_default().to_string();
        let mut url = core.render(self.token_url)?;
        // Postman's `tokenRequestParams` sent in the URL or as headers go with the
        // grant's token request, not with refreshes.
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if refresh.is_none() {
            for (name, template) in self.extra_query {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str(&encode::encode(name, Set::QueryKeyLiteral));
                url.push('=');
                url.push_str(&encode::encode(&core.render(template)?, Set::QueryValue));
            }
            for (name, template) in self.extra_headers {
                headers.push((name.to_string(), core.render(template)?));
            }
        }
        let (client_id, client_secret) = (secret(self.client_id), secret(self.client_secret));
        let mut form: Vec<(String, String)> = Vec::new();
        match refresh {
            Some(refresh) => {
                form.push(("grant_type".into(), "refresh_token".into()));
                form.push(("refresh_token".into(), refresh.to_string()));
            }
            None => {
                form.push(("grant_type".into(), self.grant.to_string()));
                match self.grant {
                    "password" => {
                        form.push(("username".into(), secret(self.username)));
                        form.push(("password".into(), secret(self.password)));
                    }
                    "authorization_code" => {
                        let code = secret(self.code);
                        if code.is_empty() {
                            return Err(Error::Credentials(
                                "no authorization code: set one with `.oauth2_authorization_code(..)`".into(),
                            ));
                        }
                        form.push(("code".into(), code));
                        let redirect_uri = core.render(self.redirect_uri)?;
                        if !redirect_uri.is_empty() {
                            form.push(("redirect_uri".into(), redirect_uri));
                        }
                        let verifier = secret(self.code_verifier);
                        if !verifier.is_empty() {
                            form.push(("code_verifier".into(), verifier));
                        }
                    }
                    _ => {}
                }
                for (name, template) in [("scope", self.scope), ("audience", self.audience)] {
                    let value = core.render(template)?;
                    if !value.is_empty() {
                        form.push((name.into(), value));
                    }
                }
                for (name, template) in self.extra {
                    form.push((name.to_string(), core.render(template)?));
                }
            }
        }
        if self.client_auth_header {
            // RFC 6749 §2.3.1: both form-encoded, then Basic.
            let pair = format!("{}:{}", encode::encode(&client_id, Set::Form), encode::encode(&client_secret, Set::Form));
            headers.push(("authorization".to_string(), format!("Basic {}", encode::base64(pair.as_bytes()))));
        } else {
            form.push(("client_id".into(), client_id));
            if !client_secret.is_empty() {
                form.push(("client_secret".into(), client_secret));
            }
        }
        let body = form
            .iter()
            .map(|(name, value)| format!("{}={}", encode::encode(name, Set::Form), encode::encode(value, Set::Form)))
            .collect::<Vec<_>>()
            .join("&");
        Ok(TokenRequest { url, headers, body })
    }

    /// Reads the token endpoint's answer; errors name the endpoint's `error`, never a secret.
    fn token_response(status: StatusCode, body: &[u8], refresh: Option<&str>) -> Result<Token, Error> {
        let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let text = |name: &str| json.get(name).and_then(serde_json::Value::as_str).map(str::to_string);
        if !status.is_success() {
            let reason = [text("error"), text("error_description")].into_iter().flatten().collect::<Vec<_>>();
            return Err(Error::Credentials(
                format!("the OAuth 2.0 token endpoint answered {status}: {}", reason.join(": ")).into(),
            ));
        }
        let access = text("access_token")
            .ok_or_else(|| Error::Credentials("the OAuth 2.0 token endpoint sent no `access_token`".into()))?;
        let expires_in = match json.get("expires_in") {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.parse().ok(),
            _ => None,
        };
        Ok(Token {
            access,
            // A refresh answer without a new refresh token keeps the old one (RFC 6749 §6).
            refresh: text("refresh_token").or_else(|| refresh.map(str::to_string)),
            renew_at: renew_at(expires_in),
        })
    }

    #[cfg(feature = "async")]
    async fn fetch(&self, core: &Core, refresh: Option<&str>) -> Result<Token, Error> {
        let TokenRequest { url, headers, body } = self.token_request(core, refresh)?;
        let mut request = core.async_http().post(&url).header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(name, secret_header_value(&value)?);
        }
        let response = request.body(body).send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        Self::token_response(status, &bytes, refresh)
    }

    #[cfg(feature = "blocking")]
    fn fetch_blocking(&self, core: &Core, refresh: Option<&str>) -> Result<Token, Error> {
        let TokenRequest { url, headers, body } = self.token_request(core, refresh)?;
        let mut request = core
            .blocking_http()?
            .post(&url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"));
        for (name, value) in headers {
            request = request.header(name, secret_header_value(&value)?);
        }
        let response = request.body(body).send()?;
        let status = response.status();
        let bytes = response.bytes()?;
        Self::token_response(status, &bytes, refresh)
    }
}

impl Signer for OAuth2Grant {
    fn state(&self) -> SignerState {
        Arc::new(State::default())
    }

    #[cfg(feature = "async")]
    fn ready<'a>(&'a self, core: &'a Core, state: &'a SignerState) -> super::auth::BoxFuture<'a, Result<(), Error>> {
        Box::pin(async move {
            let Some(cache) = Self::state(state) else { return Ok(()) };
            self.seed(core, cache);
            if self.nothing_to_fetch_with(core, cache) {
                return Ok(());
            }
            loop {
                let next = Self::next(&mut lock(cache));
                match next {
                    Next::Ready => return Ok(()),
                    Next::Wait(fetches) => {
                        FetchDone { state: cache, fetches }.await;
                        Self::after_wait(cache)?;
                    }
                    Next::Fetch(refresh) => {
                        let mut outcome = self.fetch(core, refresh.as_deref()).await;
                        if outcome.is_err() && refresh.is_some() {
                            // A refused refresh token: run the grant itself again.
                            outcome = self.fetch(core, None).await;
                        }
                        return Self::finish(cache, outcome);
                    }
                }
            }
        })
    }

    #[cfg(feature = "blocking")]
    fn ready_blocking(&self, core: &Core, state: &SignerState) -> Result<(), Error> {
        let Some(cache) = Self::state(state) else { return Ok(()) };
        self.seed(core, cache);
        if self.nothing_to_fetch_with(core, cache) {
            return Ok(());
        }
        loop {
            let next = Self::next(&mut lock(cache));
            match next {
                Next::Ready => return Ok(()),
                Next::Wait(fetches) => {
                    super::core::block_on(FetchDone { state: cache, fetches });
                    Self::after_wait(cache)?;
                }
                Next::Fetch(refresh) => {
                    let mut outcome = self.fetch_blocking(core, refresh.as_deref());
                    if outcome.is_err() && refresh.is_some() {
                        outcome = self.fetch_blocking(core, None);
                    }
                    return Self::finish(cache, outcome);
                }
            }
        }
    }

    fn sign(&self, _core: &Core, state: &SignerState, request: &mut Prepared) -> Result<(), Error> {
        let Some(cache) = Self::state(state) else { return Ok(()) };
        let Some(token) = lock(cache).token.as_ref().map(|token| token.access.clone()) else { return Ok(()) };
        if self.in_query {
            let mut query = request.url.query().unwrap_or_default().to_string();
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("access_token=");
            encode::encode_into(&mut query, &token, Set::QueryValue);
            request.url.set_query(Some(&query));
        } else {
            let value = if self.header_prefix.is_empty() { token } else { format!("{} {token}", self.header_prefix) };
            request.headers.insert(AUTHORIZATION, secret_header_value(&value)?);
        }
        request.headers.entry(ACCEPT).or_insert(HeaderValue::from_static("*/*"));
        Ok(())
    }

    fn challenged(&self, state: &SignerState, response: &RawResponse) -> bool {
        if response.status != StatusCode::UNAUTHORIZED {
            return false;
        }
        let Some(cache) = Self::state(state) else { return false };
        let mut cache = lock(cache);
        // Renew the token that was refused (unless another request already did).
        match cache.token.as_ref().map(|token| token.access.clone()) {
            Some(access) => {
                cache.rejected = Some(access);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_answers_are_read_and_errors_keep_secrets_out() {
        let token = OAuth2Grant::token_response(
            StatusCode::OK,
            br#"{"access_token":"a","expires_in":"3600","refresh_token":"r"}"#,
            None,
        )
        .expect("token");
        assert_eq!((token.access.as_str(), token.refresh.as_deref()), ("a", Some("r")));
        let left = token.renew_at.expect("expires").duration_since(Instant::now());
        assert!(left > Duration::from_secs(3560) && left <= Duration::from_secs(3570), "{left:?}");
        let kept = OAuth2Grant::token_response(StatusCode::OK, br#"{"access_token":"b"}"#, Some("r")).expect("token");
        assert_eq!((kept.refresh.as_deref(), kept.renew_at), (Some("r"), None));
        let error = OAuth2Grant::token_response(
            StatusCode::BAD_REQUEST,
            br#"{"error":"invalid_client","error_description":"bad secret"}"#,
            None,
        )
        .expect_err("refused");
        assert!(error.to_string().contains("invalid_client: bad secret"), "{error}");
    }

    #[test]
    fn a_short_lifetime_renews_a_tenth_early() {
        let at = renew_at(Some(10)).expect("expires").duration_since(Instant::now());
        assert!(at > Duration::from_millis(8_900) && at <= Duration::from_secs(9), "{at:?}");
        assert!(renew_at(None).is_none());
    }
}
