//! The client core: configuration, variables, and sending requests.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use super::auth::{AuthScheme, Credential, SignerState, TokenProvider};
use super::dynamic;
use super::encode::{self, Set};
use super::error::{BoxError, Error, ErrorResponse};
use super::hooks::{Hooks, IncomingResponse, OutgoingRequest};
use super::overrides::Overrides;
use super::redact::{redact_userinfo, Secrets};
#[cfg(any(feature = "async", feature = "blocking"))]
use super::redirect;
use super::request::{Body, Request, Segment, Text};
use super::response::RawResponse;
#[cfg(any(feature = "async", feature = "blocking"))]
use super::scripts::Net;
use super::retry::{self, RetryPolicy};
#[cfg(any(feature = "async", feature = "blocking"))]
use super::stream;
use super::stream::Source;
#[cfg(any(feature = "async", feature = "blocking"))]
use super::trace::CallSpan;
use super::transport::{TlsBackend, Transport};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// Postman stops resolving nested variables after this many passes.
const MAX_SUBSTITUTION_PASSES: usize = 19;
/// How much substituting variables may add to a text: a value that repeats
/// variables that repeat others (`a = "{{b}}{{b}}"`, ...) would otherwise grow
/// until memory runs out. The generator warns about such variables too.
const MAX_EXPANDED_BYTES: usize = 16 << 20;

/// What the generator knows about an API: its servers, variables and auth schemes.
#[derive(Debug)]
pub(crate) struct ApiSpec {
    pub(crate) name: &'static str,
    /// URL prefixes, as templates; requests pick one by index.
    pub(crate) servers: &'static [&'static str],
    pub(crate) variables: &'static [VariableSpec],
    pub(crate) auth: &'static [AuthScheme],
}

/// A collection variable.
#[derive(Debug)]
pub(crate) struct VariableSpec {
    pub(crate) name: &'static str,
    /// The collection's value; never set for secrets.
    pub(crate) default: Option<&'static str>,
    pub(crate) secret: bool,
}

/// Collects a client's configuration.
pub(crate) struct CoreBuilder {
    spec: &'static ApiSpec,
    servers: Vec<Option<String>>,
    vars: Vars,
    /// The names in `vars` the caller set (the others are the collection's values).
    set_by_caller: Names,
    secrets: Names,
    credentials: Vars,
    token_provider: Option<Arc<dyn TokenProvider>>,
    timeout: Option<Duration>,
    transport: Transport,
    default_headers: Vec<(String, String)>,
    user_agent: String,
    #[cfg(feature = "async")]
    http: Option<reqwest::Client>,
    #[cfg(feature = "blocking")]
    blocking_http: Option<reqwest::blocking::Client>,
    /// The HTTP clients for `pm.sendRequest`, when the caller gave its own.
    pub(crate) script_http: super::scripts::ScriptHttp,
    /// What a script's error does to the call (`on_script_error`); `None` fails it.
    pub(crate) script_errors: super::scripts::ScriptErrorHandler,
    max_response_bytes: u64,
    retry: Option<RetryPolicy>,
    hooks: Hooks,
}

impl CoreBuilder {
    /// A builder with the collection's variable values and the default settings.
    pub(crate) fn new(spec: &'static ApiSpec) -> Self {
        let mut vars = Vars::default();
        let mut secrets = Names::default();
        for var in spec.variables {
            if let Some(default) = var.default {
                vars.insert(var.name.to_string(), default.to_string());
            }
            if var.secret {
                secrets.insert(var.name);
            }
        }
        CoreBuilder {
            spec,
            servers: vec![None; spec.servers.len()],
            vars,
            set_by_caller: Names::default(),
            secrets,
            credentials: Vars::default(),
            token_provider: None,
            timeout: Some(DEFAULT_TIMEOUT),
            transport: Transport::new(DEFAULT_CONNECT_TIMEOUT),
            default_headers: Vec::new(),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            #[cfg(feature = "async")]
            http: None,
            #[cfg(feature = "blocking")]
            blocking_http: None,
            script_http: Default::default(),
            script_errors: Default::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: None,
            hooks: Hooks::default(),
        }
    }

    /// Overrides the URL prefix of server `index`.
    pub(crate) fn server(&mut self, index: usize, url: String) {
        if let Some(slot) = self.servers.get_mut(index) {
            *slot = Some(url);
        }
    }

    /// Sets a variable.
    pub(crate) fn var(&mut self, name: String, value: String) {
        self.set_by_caller.insert(&name);
        self.vars.insert(name, value);
    }

    /// Sets a variable that holds a secret (redacted in `Debug`).
    pub(crate) fn secret_var(&mut self, name: &str, value: String) {
        self.secrets.insert(name);
        self.set_by_caller.insert(name);
        self.vars.insert(name.to_string(), value);
    }

    /// Sets a credential: a secret variable or a caller-supplied slot.
    pub(crate) fn set_credential(&mut self, credential: Credential, value: String) {
        match credential {
            Credential::Variable(name) => self.secret_var(name, value),
            Credential::Slot(slot) => {
                self.credentials.insert(slot.to_string(), value);
            }
            Credential::Absent => {}
        }
    }

    pub(crate) fn token_provider(&mut self, provider: Arc<dyn TokenProvider>) {
        self.token_provider = Some(provider);
    }

    pub(crate) fn timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }

    pub(crate) fn connect_timeout(&mut self, timeout: Duration) {
        self.transport.connect_timeout = timeout;
        self.transport.mark("connect_timeout");
    }

    pub(crate) fn read_timeout(&mut self, timeout: Duration) {
        self.transport.read_timeout = Some(timeout);
        self.transport.mark("read_timeout");
    }

    /// Sends through a proxy, except to the hosts of `no_proxy` (or of `NO_PROXY`).
    pub(crate) fn proxy(&mut self, url: String) {
        self.transport.proxy = Some(url);
        self.transport.mark("proxy");
    }

    pub(crate) fn no_proxy(&mut self, hosts: String) {
        self.transport.no_proxy = Some(hosts);
        self.transport.mark("no_proxy");
    }

    pub(crate) fn tls(&mut self, backend: TlsBackend) {
        self.transport.tls = Some(backend);
        self.transport.mark("TLS backend");
    }

    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub(crate) fn root_certificate(&mut self, certificate: reqwest::Certificate) {
        self.transport.root_certificates.push(certificate);
        self.transport.mark("add_root_certificate");
    }

    /// A header sent with every request that does not set it itself.
    pub(crate) fn default_header(&mut self, name: String, value: String) {
        self.default_headers.push((name, value));
    }

    pub(crate) fn user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    #[cfg(feature = "async")]
    pub(crate) fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    #[cfg(feature = "blocking")]
    pub(crate) fn blocking_http_client(&mut self, client: reqwest::blocking::Client) {
        self.blocking_http = Some(client);
    }

    pub(crate) fn max_response_bytes(&mut self, limit: u64) {
        self.max_response_bytes = limit;
    }

    pub(crate) fn retry(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    /// Adds a hook run on every request before it is sent, after those added before.
    pub(crate) fn before_send(
        &mut self,
        hook: impl Fn(&mut OutgoingRequest<'_>) -> Result<(), BoxError> + Send + Sync + 'static,
    ) {
        self.hooks.before_send.push(Arc::new(hook));
    }

    /// Adds a hook run on every response as it arrives, after those added before.
    pub(crate) fn after_receive(
        &mut self,
        hook: impl Fn(&IncomingResponse<'_>) -> Result<(), BoxError> + Send + Sync + 'static,
    ) {
        self.hooks.after_receive.push(Arc::new(hook));
    }

    /// Checks the configuration and builds the HTTP client.
    pub(crate) fn build(self) -> Result<Core, Error> {
        for url in self.servers.iter().flatten() {
            let shown = redact_userinfo(url);
            let parsed = Url::parse(url)
                .map_err(|error| Error::Config(format!("base URL `{shown}`: {error}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(Error::Config(format!("base URL `{shown}` is not http(s)")));
            }
        }
        HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::Config(format!("user agent `{}` is not a valid header value", self.user_agent)))?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = header_name(name).map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
            let mut value = header_value(name.as_str(), value)
                .map_err(|_| Error::Config(format!("the default value of header `{name}` is not valid")))?;
            value.set_sensitive(true);
            default_headers.append(name, value);
        }
        self.transport.proxy()?;
        let custom_http = {
            #[cfg(feature = "async")]
            let custom = self.http.is_some();
            #[cfg(not(feature = "async"))]
            let custom = false;
            #[cfg(feature = "blocking")]
            let custom = custom || self.blocking_http.is_some();
            custom
        };
        #[cfg(feature = "async")]
        let http = match self.http {
            Some(client) => {
                self.transport.check_custom_client("http_client")?;
                client
            }
            None => self.transport.client(true)?,
        };
        #[cfg(feature = "blocking")]
        let blocking = std::sync::OnceLock::new();
        #[cfg(feature = "blocking")]
        if let Some(client) = self.blocking_http {
            self.transport.check_custom_client("blocking_http_client")?;
            let _ = blocking.set(client);
        }
        // A list, not a map: a collection has a handful of schemes, and a
        // map of this one key and value type is code every crate compiles.
        let mut shared: Vec<(&'static str, SignerState)> = Vec::new();
        let signer_states = self
            .spec
            .auth
            .iter()
            .map(|scheme| match scheme {
                AuthScheme::Signed(signer) if signer.shared_state().is_empty() => signer.state(),
                AuthScheme::Signed(signer) => {
                    let key = signer.shared_state();
                    match shared.iter().find(|(name, _)| *name == key) {
                        Some((_, state)) => state.clone(),
                        None => {
                            let state = signer.state();
                            shared.push((key, state.clone()));
                            state
                        }
                    }
                }
                _ => Arc::new(()),
            })
            .collect();
        Ok(Core {
            spec: self.spec,
            signer_states,
            servers: self.servers,
            vars: self.vars,
            secrets: self.secrets,
            credentials: self.credentials,
            token_provider: self.token_provider,
            timeout: self.timeout,
            transport: self.transport,
            default_headers,
            user_agent: self.user_agent,
            #[cfg(feature = "async")]
            http,
            #[cfg(feature = "blocking")]
            blocking,
            #[cfg(feature = "async")]
            insecure: std::sync::OnceLock::new(),
            #[cfg(feature = "blocking")]
            insecure_blocking: std::sync::OnceLock::new(),
            custom_http,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            hooks: self.hooks,
            script_variables: Default::default(),
            script_http: self.script_http,
            script_errors: self.script_errors,
            set_by_caller: self.set_by_caller,
        })
    }
}

/// Values by name (variables, credential slots), kept sorted in a list for
/// the reason given at [`Names`]; a client has tens of them, set once.
#[derive(Clone, Default)]
pub(crate) struct Vars(Vec<(String, String)>);

impl Vars {
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(held, _)| held.as_str().cmp(name))
    }

    pub(crate) fn insert(&mut self, name: String, value: String) {
        match self.position(&name) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (name, value)),
        }
    }

    pub(crate) fn get(&self, name: &str) -> Option<&String> {
        let at = self.position(name).ok()?;
        Some(&self.0[at].1)
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// Names and values in the order of the names.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(name, value)| (name, value))
    }
}

/// A set of variable names, kept sorted in a list. A `BTreeSet<String>`
/// would do as well at a client's few names, but each B-tree key and value
/// type is a family of generic code that every generated crate compiles;
/// this is a few small functions.
#[derive(Clone, Default)]
pub(crate) struct Names(Vec<String>);

impl Names {
    fn position(&self, name: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|held| held.as_str().cmp(name))
    }

    pub(crate) fn insert(&mut self, name: &str) {
        if let Err(at) = self.position(name) {
            self.0.insert(at, name.to_string());
        }
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.position(name).is_ok()
    }

    /// The names in order.
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }
}

/// A configured client of one API; shared by all its request builders.
pub(crate) struct Core {
    pub(crate) spec: &'static ApiSpec,
    /// State of each signing scheme, parallel to `spec.auth`.
    signer_states: Vec<SignerState>,
    servers: Vec<Option<String>>,
    pub(crate) vars: Vars,
    secrets: Names,
    credentials: Vars,
    token_provider: Option<Arc<dyn TokenProvider>>,
    timeout: Option<Duration>,
    transport: Transport,
    /// Validated when the client was built.
    default_headers: HeaderMap,
    user_agent: String,
    #[cfg(feature = "async")]
    http: reqwest::Client,
    #[cfg(feature = "blocking")]
    blocking: std::sync::OnceLock<reqwest::blocking::Client>,
    /// The clients of `strictSSL: false` requests, which accept any TLS
    /// certificate: built on the first such request, never used for others.
    /// Unused when the caller passed its own client, which then sends those
    /// requests too (its TLS settings are the caller's).
    #[cfg(feature = "async")]
    insecure: std::sync::OnceLock<reqwest::Client>,
    #[cfg(feature = "blocking")]
    insecure_blocking: std::sync::OnceLock<reqwest::blocking::Client>,
    /// Whether the caller passed its own HTTP client (`http_client`, `blocking_http_client`).
    custom_http: bool,
    max_response_bytes: u64,
    retry: Option<RetryPolicy>,
    hooks: Hooks,
    /// Variables set by the collection's scripts or `Client::set_variable`,
    /// shared by every clone of the client (see `scripts.rs`).
    pub(crate) script_variables: super::scripts::Variables,
    /// The HTTP clients `pm.sendRequest` uses instead of the call's own, if given.
    pub(crate) script_http: super::scripts::ScriptHttp,
    /// What a script's error does to the call; `None` fails it.
    pub(crate) script_errors: super::scripts::ScriptErrorHandler,
    /// The names in `vars` the caller set; the others hold the collection's values.
    pub(crate) set_by_caller: Names,
}

/// A request ready for the HTTP client (what a [`Signer`](super::auth::Signer) signs).
#[derive(Clone)]
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    /// A body streamed while it is sent (then `body` is `None`).
    pub(crate) upload: Option<Source>,
    /// Whether the body is a multipart form, whose bytes Postman's signers
    /// never hash (see `auth::signed_body`).
    pub(crate) form_data: bool,
}

impl fmt::Debug for Prepared {
    /// Method and URL without query or userinfo, which may hold credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("url", &format_args!("{}{}", self.url.origin().ascii_serialization(), self.url.path()))
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .field("streamed", &self.upload.is_some())
            .finish_non_exhaustive()
    }
}

/// How far a call has gone: its retries and the challenges answered.
#[cfg(any(feature = "async", feature = "blocking"))]
#[derive(Default)]
struct Attempts {
    /// The attempt being made, from 0; each retry adds one.
    attempt: u32,
    /// Challenges answered by signing again (not retries).
    challenges: u8,
}

/// What a send loop does after an attempt (see [`Core::after_attempt`]).
#[cfg(any(feature = "async", feature = "blocking"))]
enum Next {
    /// Sign and send again at once: the signing scheme answers a challenge.
    SignAgain,
    /// Wait, then make the next attempt, as the retry policy asks.
    RetryAfter(Duration),
    /// The call is over: this is its outcome, before the test scripts.
    Finish(Result<Received, Error>),
}

impl Core {
    /// Sends a request, retrying as the policy allows, and returns the 2xx
    /// response or the error the status stands for.
    #[cfg(feature = "async")]
    pub(crate) async fn execute(&self, request: Request) -> Result<RawResponse, Error> {
        match self.call(&request, false).await? {
            Received::Buffered(raw) => Ok(raw),
            _ => unreachable!("only a streamed call returns a stream"),
        }
    }

    /// [`Core::execute`], returning a 2xx response's body as a stream of
    /// chunks instead of reading it (no size limit; memory stays bounded).
    #[cfg(feature = "async")]
    pub(crate) async fn execute_streamed(&self, request: Request) -> Result<stream::ByteStream, Error> {
        match self.call(&request, true).await? {
            Received::Stream(response) => Ok(stream::ByteStream::new(response)),
            _ => unreachable!("a 2xx response of a streamed call is a stream"),
        }
    }

    /// One call, all its attempts, inside its tracing span.
    #[cfg(feature = "async")]
    async fn call(&self, request: &Request, streamed: bool) -> Result<Received, Error> {
        let span = CallSpan::new(&request.operation, &self.host(request.server));
        let mut retries = 0;
        let result = span.instrument(self.attempts(request, streamed, &mut retries)).await;
        span.finish(status_of(&result), retries, result.as_ref().err());
        result
    }

    #[cfg(feature = "async")]
    async fn attempts(&self, request: &Request, streamed: bool, retries: &mut u32) -> Result<Received, Error> {
        // A handshake that spans requests (NTLM) runs one call at a time.
        let _exclusive = match self.signer_for(request).and_then(|(signer, state)| signer.call_lock(state)) {
            Some(lock) => Some(lock.acquire().await),
            None => None,
        };
        let mut call = Attempts::default();
        let mut draws = dynamic::Draws::default();
        loop {
            *retries = call.attempt;
            let token = self.token(request).await?;
            if let Some((signer, state)) = self.signer_for(request) {
                signer.ready(self, state).await?;
            }
            let prepared = self.prepare_attempt(request, token.as_deref(), call.attempt, &mut draws, Net::Async).await?;
            let secrets = self.secrets(token.as_deref());
            let outcome = self.send(prepared, streamed, request, &secrets).await;
            match self.after_attempt(request, &mut call, outcome) {
                Next::SignAgain => {}
                Next::RetryAfter(delay) => tokio::time::sleep(delay).await,
                Next::Finish(outcome) => return self.finish(request, outcome, Net::Async).await,
            }
        }
    }

    /// [`Core::execute`] for blocking callers.
    #[cfg(feature = "blocking")]
    pub(crate) fn execute_blocking(&self, request: Request) -> Result<RawResponse, Error> {
        match self.call_blocking(&request, false)? {
            Received::Buffered(raw) => Ok(raw),
            _ => unreachable!("only a streamed call returns a reader"),
        }
    }

    /// [`Core::execute_streamed`] for blocking callers: the body as a reader.
    #[cfg(feature = "blocking")]
    pub(crate) fn execute_streamed_blocking(&self, request: Request) -> Result<stream::BodyReader, Error> {
        match self.call_blocking(&request, true)? {
            Received::Reader(response) => Ok(stream::BodyReader::new(response)),
            _ => unreachable!("a 2xx response of a streamed call is a reader"),
        }
    }

    #[cfg(feature = "blocking")]
    fn call_blocking(&self, request: &Request, streamed: bool) -> Result<Received, Error> {
        let span = CallSpan::new(&request.operation, &self.host(request.server));
        let mut retries = 0;
        let result = span.in_scope(|| self.attempts_blocking(request, streamed, &mut retries));
        span.finish(status_of(&result), retries, result.as_ref().err());
        result
    }

    #[cfg(feature = "blocking")]
    fn attempts_blocking(&self, request: &Request, streamed: bool, retries: &mut u32) -> Result<Received, Error> {
        // A handshake that spans requests (NTLM) runs one call at a time.
        let _exclusive =
            self.signer_for(request).and_then(|(signer, state)| signer.call_lock(state)).map(|lock| lock.acquire_blocking());
        let mut call = Attempts::default();
        let mut draws = dynamic::Draws::default();
        loop {
            *retries = call.attempt;
            let token = block_on(self.token(request))?;
            if let Some((signer, state)) = self.signer_for(request) {
                signer.ready_blocking(self, state)?;
            }
            let prepared = block_on(self.prepare_attempt(request, token.as_deref(), call.attempt, &mut draws, Net::Blocking))?;
            let secrets = self.secrets(token.as_deref());
            let outcome = self.send_blocking(prepared, streamed, request, &secrets);
            match self.after_attempt(request, &mut call, outcome) {
                Next::SignAgain => {}
                Next::RetryAfter(delay) => std::thread::sleep(delay),
                Next::Finish(outcome) => return block_on(self.finish(request, outcome, Net::Blocking)),
            }
        }
    }

    /// The token of the request's OAuth 2.0 provider, when its scheme sends one.
    #[cfg(any(feature = "async", feature = "blocking"))]
    async fn token(&self, request: &Request) -> Result<Option<String>, Error> {
        match self.token_provider_for(request) {
            Some(provider) => Ok(Some(provider.token().await.map_err(Error::Credentials)?)),
            None => Ok(None),
        }
    }

    /// What the send loops do after an attempt: the decision both the async
    /// and the blocking loop take, so that they differ only in how they wait
    /// and send. A challenge the signing scheme answers (digest, NTLM) is not
    /// a retry: it sends again at once and leaves the retry count alone. The
    /// after-receive hooks see every response that is not such a challenge,
    /// and the retry policy sees what they leave.
    #[cfg(any(feature = "async", feature = "blocking"))]
    fn after_attempt(&self, request: &Request, call: &mut Attempts, outcome: Result<Received, Error>) -> Next {
        if self.challenged(request, &outcome, call.challenges) {
            call.challenges += 1;
            return Next::SignAgain;
        }
        let outcome = outcome.and_then(|received| self.after_receive(request, received, call.attempt));
        match self.retry_delay(&request.method, call.attempt, &outcome) {
            Some(delay) => {
                call.attempt += 1;
                Next::RetryAfter(delay)
            }
            None => Next::Finish(outcome),
        }
    }

    /// The end of a call: the collection's test scripts read the last
    /// response (their `pm.sendRequest` goes out through `net`), then its
    /// status decides between the response and the error it stands for.
    #[cfg(any(feature = "async", feature = "blocking"))]
    async fn finish(&self, request: &Request, outcome: Result<Received, Error>, net: Net) -> Result<Received, Error> {
        let received = super::scripts::test(self, request, outcome?, net).await?;
        received.check_status(request.statuses)
    }

    /// One attempt's request, as both the async and the blocking loop
    /// prepare it: the collection's pre-request scripts first, as in Postman
    /// (their `pm.sendRequest` goes out through `net`, the HTTP client of the
    /// call), then the before-send hooks and signing. Dynamic variables are
    /// drawn once per call: every attempt renders the same values. Without
    /// scripts, nothing in it waits: a blocking call polls it once.
    #[cfg(any(feature = "async", feature = "blocking"))]
    async fn prepare_attempt(
        &self,
        request: &Request,
        token: Option<&str>,
        attempt: u32,
        draws: &mut dynamic::Draws,
        net: Net,
    ) -> Result<Prepared, Error> {
        super::scripts::pre_request(self, request, token, draws, net, |prepared| {
            self.before_send(request, prepared, attempt)?;
            self.sign(request, prepared)
        })
        .await
    }

    /// The host of server `index`, for tracing (empty when it cannot be known yet).
    fn host(&self, index: usize) -> String {
        if !cfg!(feature = "tracing") {
            return String::new();
        }
        self.server_url(index)
            .ok()
            .and_then(|url| Url::parse(&url).ok())
            .and_then(|url| url.host_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Runs the before-send hooks on a prepared request.
    fn before_send(&self, request: &Request, prepared: &mut Prepared, attempt: u32) -> Result<(), Error> {
        if self.hooks.before_send.is_empty() {
            return Ok(());
        }
        let mut outgoing = OutgoingRequest {
            operation: &request.operation,
            attempt,
            method: &prepared.method,
            url: &mut prepared.url,
            headers: &mut prepared.headers,
            body: &mut prepared.body,
            streamed: prepared.upload.is_some(),
        };
        self.hooks.before_send(&mut outgoing).map_err(Error::Hook)
    }

    /// Runs the after-receive hooks on a response; a hook's error fails the call.
    fn after_receive(&self, request: &Request, received: Received, attempt: u32) -> Result<Received, Error> {
        if self.hooks.after_receive.is_empty() {
            return Ok(received);
        }
        let incoming = IncomingResponse {
            operation: &request.operation,
            attempt,
            status: received.status(),
            headers: received.headers(),
            body: match &received {
                Received::Buffered(raw) => Some(&raw.body),
                #[allow(unreachable_patterns)]
                _ => None,
            },
        };
        self.hooks.after_receive(&incoming).map_err(Error::Hook)?;
        Ok(received)
    }

    /// Resolves `{{variables}}` the way Postman does (nested references from
    /// the inside out, [`substitute_variables`]); a variable that is not set,
    /// refers to itself or expands without bound is an error naming it.
    pub(crate) fn render(&self, template: &str) -> Result<String, Error> {
        let text = substitute_variables(template, &|name| self.lookup(name))?;
        match first_variable(&text) {
            // What a pre-request script sees is the request before its own variables are set.
            Some(_) if super::scripts::rendering_leniently() => Ok(text),
            Some(name) if self.vars.contains_key(name) => Err(Error::invalid(format!(
                "the variable `{name}` never resolves: after {MAX_SUBSTITUTION_PASSES} substitution passes it is \
                 still there, so it refers to itself, directly or through other variables"
            ))),
            Some(name) => Err(Error::invalid(format!(
                "the variable `{name}` is not set; set it with `.var(\"{name}\", ..)` on the client builder"
            ))),
            None => Ok(text),
        }
    }

    /// A variable's value: the client's, else one of Postman's dynamic variables.
    pub(crate) fn lookup(&self, name: &str) -> Option<String> {
        // Postman's precedence with scripts' scopes: the caller's values stand
        // where an environment's would, the collection's own where its variables do.
        let (caller, collection) = ranked_own_value(name, &self.vars, &self.set_by_caller);
        if let Some(value) = self.script_variables.resolve(name, caller, collection) {
            return Some(value);
        }
        if !name.starts_with('$') {
            return None;
        }
        dynamic::recall(name, || draw_dynamic(name))
    }

    /// The request's signing scheme and its state, when it has one.
    fn signer_for(&self, request: &Request) -> Option<(&'static dyn super::auth::Signer, &SignerState)> {
        let index = request.auth?;
        match (self.spec.auth.get(index)?, self.signer_states.get(index)?) {
            (AuthScheme::Signed(signer), state) => Some((*signer, state)),
            _ => None,
        }
    }

    /// The async HTTP client (for requests a signer makes itself, such as token fetches).
    #[cfg(feature = "async")]
    pub(crate) fn async_http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The blocking HTTP client, created on first use.
    #[cfg(feature = "blocking")]
    pub(crate) fn blocking_http(&self) -> Result<&reqwest::blocking::Client, Error> {
        match self.blocking.get() {
            Some(client) => Ok(client),
            None => {
                let client = self.transport.blocking_client(true)?;
                Ok(self.blocking.get_or_init(|| client))
            }
        }
    }

    /// The async client for a request: the shared one, or with `strict_tls`
    /// false the one that accepts any certificate (built on first use).
    #[cfg(feature = "async")]
    fn async_http_for(&self, strict_tls: bool) -> Result<&reqwest::Client, Error> {
        if strict_tls || self.custom_http {
            return Ok(&self.http);
        }
        if let Some(client) = self.insecure.get() {
            return Ok(client);
        }
        let client = self.transport.client(false)?;
        Ok(self.insecure.get_or_init(|| client))
    }

    /// [`Core::async_http_for`] for blocking callers.
    #[cfg(feature = "blocking")]
    fn blocking_http_for(&self, strict_tls: bool) -> Result<&reqwest::blocking::Client, Error> {
        if strict_tls || self.custom_http {
            return self.blocking_http();
        }
        if let Some(client) = self.insecure_blocking.get() {
            return Ok(client);
        }
        let client = self.transport.blocking_client(false)?;
        Ok(self.insecure_blocking.get_or_init(|| client))
    }

    /// Whether the request's signing scheme answers this 401/403 by signing
    /// again, having answered `answered` challenges of this call already.
    fn challenged(&self, request: &Request, outcome: &Result<Received, Error>, answered: u8) -> bool {
        let Ok(Received::Buffered(raw)) = outcome else { return false };
        if !matches!(raw.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return false;
        }
        match request.auth.and_then(|index| Some((self.spec.auth.get(index)?, self.signer_states.get(index)?))) {
            Some((AuthScheme::Signed(signer), state)) => answered < signer.rounds() && signer.challenged(state, raw),
            _ => false,
        }
    }

    fn token_provider_for(&self, request: &Request) -> Option<&Arc<dyn TokenProvider>> {
        let scheme = self.spec.auth.get(request.auth?)?;
        self.token_provider.as_ref().filter(|_| scheme.uses_token())
    }

    /// Every credential this attempt may send: secret variables, credential
    /// slots and the provider's token.
    fn secrets(&self, token: Option<&str>) -> Secrets {
        let mut secrets = Secrets::default();
        for name in self.secrets.iter() {
            if let Some(value) = self.vars.get(name) {
                secrets.add(value);
            }
            // A secret variable a script stored is a secret too.
            if let Some(value) = self.script_variables.get(name) {
                secrets.add(&value);
            }
        }
        for (_, value) in self.credentials.iter() {
            secrets.add(value);
        }
        secrets.add(token.unwrap_or_default());
        secrets
    }

    /// A credential's value, when the caller set it.
    pub(crate) fn credential(&self, credential: Credential) -> Option<&str> {
        match credential {
            Credential::Variable(name) => self.vars.get(name),
            Credential::Slot(slot) => self.credentials.get(slot),
            Credential::Absent => None,
        }
        .map(String::as_str)
    }

    /// The URL prefix of server `index`. A caller's base URL loses its
    /// trailing `/`; the collection's (rendered with the variables) keeps it,
    /// so `{{baseUrl}}/api` with `baseUrl` = `https://h/` goes to `//api`, as
    /// Postman sends it.
    fn server_url(&self, index: usize) -> Result<String, Error> {
        let (mut url, trim) = match self.servers.get(index) {
            Some(Some(url)) => (url.clone(), true),
            _ => (self.render_server(self.spec.servers.get(index).copied().unwrap_or_default())?, false),
        };
        url = url.trim().to_string();
        if url.is_empty() {
            return Err(Error::invalid("no base URL is set; set it with `.base_url(..)` on the client builder"));
        }
        if !url.contains("://") {
            // Postman's default protocol.
            url.insert_str(0, "http://");
        }
        while trim && url.ends_with('/') {
            url.pop();
        }
        Ok(url)
    }

    /// Renders a server template. A variable's value that lands after the
    /// authority (`{{baseUrl}}/{{tenant}}`) is path text: it is encoded like a
    /// path literal, so a `?` or `#` in it cannot cut the path short. A value
    /// that starts the URL or forms its host is a URL part and is kept as is.
    fn render_server(&self, template: &str) -> Result<String, Error> {
        let mut url = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("{{") {
            // A whole reference, nested ones inside it, is rendered at once:
            // `{{host.{{one}}}}` is the value of `host.1`.
            let Some(len) = reference_len(&rest[start..]) else {
                url.push_str(&self.render(&rest[..start + 1])?);
                rest = &rest[start + 1..];
                continue;
            };
            url.push_str(&self.render(&rest[..start])?);
            let value = self.render(&rest[start..start + len])?;
            let authority_start = url.find("://").map_or(0, |at| at + 3);
            if url[authority_start..].contains('/') {
                encode::encode_into(&mut url, &value, Set::PathLiteral);
            } else {
                url.push_str(&value);
            }
            rest = &rest[start + len..];
        }
        url.push_str(&self.render(rest)?);
        Ok(url)
    }

    /// Renders, encodes and validates everything; applies auth.
    pub(crate) fn prepare(&self, request: &Request, token: Option<&str>) -> Result<Prepared, Error> {
        let mut url = self.server_url(request.server)?;
        if let Some((name, _)) = request.overrides.path.iter().find(|(name, _)| {
            !request.path.iter().any(|s| matches!(s, Segment::Param { name: n, .. } if n == name))
        }) {
            return Err(Error::invalid(format!("the request has no path parameter `{name}`")));
        }
        // `disableUrlEncoding`: the caller's values go as written, but for
        // what would change the URL's structure.
        let (path_value, query_value) = if request.profile.encode_url {
            (Set::PathValue, Set::QueryValue)
        } else {
            (Set::PathValueAsWritten, Set::QueryValueAsWritten)
        };
        for segment in &request.path {
            url.push('/');
            match segment {
                Segment::Static(text) => encode::encode_into(&mut url, &self.render(text)?, Set::PathLiteral),
                Segment::Param { name, value, suffix } => {
                    // The caller's `.path_param` text stands in for the typed value.
                    let value = request.overrides.path_value(name).unwrap_or(value);
                    let whole = format!("{value}{suffix}");
                    if value.is_empty() || whole == "." || whole == ".." {
                        return Err(Error::invalid(format!(
                            "path parameter `{name}` cannot be `{value}`: it would not stay one path segment"
                        )));
                    }
                    encode::encode_into(&mut url, value, path_value);
                    encode::encode_into(&mut url, suffix, Set::PathLiteral);
                }
            }
        }

        let mut query: Vec<(String, String)> = Vec::with_capacity(request.query.len() + 1);
        for pair in &request.query {
            let key = self.render(pair.key)?;
            let mut piece = encode::encode(&key, Set::QueryKeyLiteral);
            match &pair.value {
                None => {}
                Some(Text::Static(text)) => {
                    piece.push('=');
                    encode::encode_into(&mut piece, &self.render(text)?, Set::QueryLiteral);
                }
                Some(Text::Value(value)) => {
                    piece.push('=');
                    encode::encode_into(&mut piece, value, query_value);
                }
            }
            query.push((key, piece));
        }

        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let value = match value {
                Text::Static(text) => self.render(text)?,
                Text::Value(value) => value.clone(),
            };
            headers.append(header_name(&self.render(name)?)?, header_value(name, &value)?);
        }
        if !headers.contains_key(USER_AGENT) && !request.profile.disables("user-agent") {
            headers.insert(USER_AGENT, header_value("User-Agent", &self.user_agent)?);
        }
        for name in self.default_headers.keys() {
            if !headers.contains_key(name) {
                for value in self.default_headers.get_all(name) {
                    headers.append(name.clone(), value.clone());
                }
            }
        }

        let mut upload = None;
        let body = match &request.body {
            _ if request.overrides.replaces_body() => None,
            None if matches!(request.method, Method::POST | Method::PUT | Method::PATCH) => {
                // Postman sends `Content-Length: 0`.
                Some(Vec::new())
            }
            None => None,
            Some(body) => {
                let render = |text: &'static str| self.render(text);
                let (content_type, bytes) = match body {
                    Body::Bytes { content_type, bytes } => (content_type.to_string(), bytes.clone()),
                    Body::Form(form) => form.encode(render)?,
                    Body::Multipart(form) if form.streams() => {
                        let random = (u128::from(random_u64()) << 64) | u128::from(random_u64());
                        let (content_type, segments) = form.encode_segments(render, random)?;
                        upload = Some(Source::Parts(segments));
                        (content_type, Vec::new())
                    }
                    Body::Multipart(form) => {
                        let random = (u128::from(random_u64()) << 64) | u128::from(random_u64());
                        form.encode(render, random)?
                    }
                    Body::GraphQl(graphql) => ("application/json".to_string(), graphql.encode(render)?),
                    Body::Template { content_type, text } => {
                        (content_type.to_string(), self.render(text)?.into_bytes())
                    }
                };
                // `disabledSystemHeaders` lists `content-type` here only when
                // the collection declares none (the generator checks).
                if !request.profile.disables("content-type") {
                    headers.insert(CONTENT_TYPE, header_value("Content-Type", &content_type)?);
                }
                upload.is_none().then_some(bytes)
            }
        };

        if let Some(scheme) = request.auth.and_then(|index| self.spec.auth.get(index)) {
            self.apply_auth(scheme, token, &mut headers, &mut query)?;
        }
        // The caller's escape hatches come last: they say what the collection does not know.
        let body = apply_overrides(&request.overrides, &request.unset_query, &mut headers, &mut query, &mut upload)?.or(body);

        if !query.is_empty() {
            url.push('?');
            for (index, (_, piece)) in query.iter().enumerate() {
                if index > 0 {
                    url.push('&');
                }
                url.push_str(piece);
            }
        }
        let secrets = self.secrets(token);
        let url = Url::parse(&url)
            .map_err(|error| Error::invalid(secrets.redact(&format!("the URL `{url}` is invalid: {error}"))))?;
        if !secrets.is_empty() {
            // A header holding a credential is hidden from `Debug` and never follows a redirect elsewhere.
            for value in headers.values_mut() {
                if secrets.appear_in(value.as_bytes()) {
                    value.set_sensitive(true);
                }
            }
        }
        Ok(Prepared {
            method: request.method.clone(),
            url,
            headers,
            body,
            upload,
            form_data: matches!(request.body, Some(Body::Multipart(_))),
        })
    }

    /// Signs `prepared` with the request's signing scheme, if it has one. Runs
    /// after the `before_send` hooks, as Postman signs after pre-request
    /// scripts: the signature covers what is sent.
    fn sign(&self, request: &Request, prepared: &mut Prepared) -> Result<(), Error> {
        if let Some((signer, state)) = self.signer_for(request) {
            signer.sign(self, state, prepared)?;
        }
        Ok(())
    }

    /// Adds the scheme's header or query parameter, replacing any the request already has.
    fn apply_auth(
        &self,
        scheme: &AuthScheme,
        token: Option<&str>,
        headers: &mut HeaderMap,
        query: &mut Vec<(String, String)>,
    ) -> Result<(), Error> {
        let mut set_query = |key: &str, value: &str| {
            query.retain(|(existing, _)| existing != key);
            let mut piece = encode::encode(key, Set::QueryKeyLiteral);
            piece.push('=');
            encode::encode_into(&mut piece, value, Set::QueryValue);
            query.push((key.to_string(), piece));
        };
        match *scheme {
            AuthScheme::Basic { username, password } => {
                let pair = format!(
                    "{}:{}",
                    self.credential(username).unwrap_or_default(),
                    self.credential(password).unwrap_or_default()
                );
                let value = format!("Basic {}", encode::base64(pair.as_bytes()));
                headers.insert(AUTHORIZATION, secret_header_value(&value)?);
            }
            AuthScheme::Bearer { token: credential } => {
                if let Some(token) = token.or(self.credential(credential)).filter(|t| !t.is_empty()) {
                    headers.insert(AUTHORIZATION, secret_header_value(&format!("Bearer {token}"))?);
                }
            }
            AuthScheme::ApiKey { name, value, in_query } => {
                if let Some(value) = self.credential(value).filter(|v| !v.is_empty()) {
                    if in_query {
                        set_query(name, value);
                    } else {
                        let name = header_name(name)?;
                        headers.remove(&name);
                        headers.insert(name, secret_header_value(value)?);
                    }
                }
            }
            AuthScheme::OAuth2 { token: credential, in_query, prefix } => {
                if let Some(token) = token.or(self.credential(credential)).filter(|t| !t.is_empty()) {
                    if in_query {
                        set_query("access_token", token);
                    } else {
                        let prefix = prefix.trim();
                        let value = if prefix.is_empty() {
                            token.to_string()
                        } else {
                            format!("{prefix} {token}")
                        };
                        headers.insert(AUTHORIZATION, secret_header_value(&value)?);
                    }
                }
            }
            // Signed once the whole request is known, at the end of `prepare`.
            AuthScheme::Signed(_) | AuthScheme::Unsupported => {}
        }
        Ok(())
    }

    /// Sends one attempt, following redirects by `rules`; errors never show
    /// `secrets`. A 2xx response of a streamed call is returned unread; every
    /// other response is read, up to `max_response_bytes`. A streamed call has
    /// no whole-request timeout (a download may take long); `read_timeout`
    /// bounds a stall.
    #[cfg(feature = "async")]
    async fn send(&self, prepared: Prepared, streamed: bool, request: &Request, secrets: &Secrets) -> Result<Received, Error> {
        let (rules, http) = (&request.redirects, self.async_http_for(request.profile.strict_tls)?);
        let deadline = if streamed { None } else { self.timeout.map(|timeout| std::time::Instant::now() + timeout) };
        let mut current = prepared;
        let mut hops = 0;
        let mut response = loop {
            let mut request = reqwest::Request::new(current.method.clone(), current.url.clone());
            *request.headers_mut() = current.headers.clone();
            empty_body_length(&current, request.headers_mut());
            *request.timeout_mut() = remaining(deadline);
            *request.body_mut() = match &current.upload {
                Some(source) => Some(stream::async_body(source, request.headers_mut())?),
                None => current.body.clone().map(reqwest::Body::from),
            };
            let response = http.execute(request).await.map_err(|error| secrets.transport(error))?;
            match redirect::next(rules, hops, &current, response.status(), response.headers(), secrets)? {
                Some(next) => {
                    current = next;
                    hops += 1;
                }
                None => break response,
            }
        };
        if streamed && response.status().is_success() {
            return Ok(Received::Stream(response));
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.max_response_bytes;
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(Error::ResponseTooLarge { limit });
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|error| secrets.transport(error))? {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(Error::ResponseTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Received::Buffered(RawResponse { status, headers, body }))
    }

    /// [`Core::send`] for blocking callers.
    #[cfg(feature = "blocking")]
    fn send_blocking(&self, prepared: Prepared, streamed: bool, request: &Request, secrets: &Secrets) -> Result<Received, Error> {
        let (rules, client) = (&request.redirects, self.blocking_http_for(request.profile.strict_tls)?);
        let deadline = if streamed { None } else { self.timeout.map(|timeout| std::time::Instant::now() + timeout) };
        let mut current = prepared;
        let mut hops = 0;
        let mut response = loop {
            let mut request = reqwest::blocking::Request::new(current.method.clone(), current.url.clone());
            *request.headers_mut() = current.headers.clone();
            empty_body_length(&current, request.headers_mut());
            *request.timeout_mut() = remaining(deadline);
            *request.body_mut() = match &current.upload {
                Some(source) => Some(stream::blocking_body(source)?),
                None => current.body.clone().map(reqwest::blocking::Body::from),
            };
            let response = client.execute(request).map_err(|error| secrets.transport(error))?;
            match redirect::next(rules, hops, &current, response.status(), response.headers(), secrets)? {
                Some(next) => {
                    current = next;
                    hops += 1;
                }
                None => break response,
            }
        };
        if streamed && response.status().is_success() {
            return Ok(Received::Reader(response));
        }
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.max_response_bytes;
        // Refused at once, as the async client does, rather than read until the limit or the timeout.
        if response.content_length().is_some_and(|len| len > limit) {
            return Err(Error::ResponseTooLarge { limit });
        }
        let mut sink = LimitedSink { body: Vec::new(), limit };
        match response.copy_to(&mut sink) {
            Ok(_) => Ok(Received::Buffered(RawResponse { status, headers, body: sink.body })),
            Err(_) if sink.body.len() as u64 >= sink.limit => Err(Error::ResponseTooLarge { limit: sink.limit }),
            Err(error) => Err(secrets.transport(error).into()),
        }
    }

    fn retry_delay(&self, method: &Method, attempt: u32, outcome: &Result<Received, Error>) -> Option<Duration> {
        let policy = self.retry.as_ref()?;
        let view = match outcome {
            Ok(received) => Ok((received.status(), received.headers())),
            Err(error) => Err(error),
        };
        policy.delay(method, attempt, view, random_u64())
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed as maps straight from the (sorted) B-trees, without
        // collecting new ones: a map of another type is code every
        // generated crate compiles.
        let variables = DebugMap(|f: &mut fmt::Formatter<'_>| {
            f.debug_map()
                .entries(self.vars.iter().map(|(name, value)| {
                    let shown = if self.secrets.contains(name) { "<redacted>" } else { value.as_str() };
                    (name, shown)
                }))
                .finish()
        });
        let credentials = DebugMap(|f: &mut fmt::Formatter<'_>| {
            f.debug_map().entries(self.credentials.iter().map(|(slot, _)| (slot, "<redacted>"))).finish()
        });
        let servers: Vec<String> = self
            .spec
            .servers
            .iter()
            .zip(&self.servers)
            .map(|(template, url)| redact_userinfo(url.as_deref().unwrap_or(template)))
            .collect();
        f.debug_struct("Client")
            .field("api", &self.spec.name)
            .field("servers", &servers)
            .field("variables", &variables)
            .field("credentials", &credentials)
            .field("token_provider", &self.token_provider.as_ref().map(|_| "<provider>"))
            .field("timeout", &self.timeout)
            .field("transport", &self.transport)
            .field("default_headers", &self.default_headers.keys().collect::<Vec<_>>())
            .field("user_agent", &self.user_agent)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

/// Prints what its function prints: a map computed while printing.
struct DebugMap<F>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Debug for DebugMap<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// A response as one attempt received it.
pub(crate) enum Received {
    /// Read whole: every response of a buffered call, and error responses.
    Buffered(RawResponse),
    /// A 2xx response of a streamed async call, its body unread.
    #[cfg(feature = "async")]
    Stream(reqwest::Response),
    /// A 2xx response of a streamed blocking call, its body unread.
    #[cfg(feature = "blocking")]
    Reader(reqwest::blocking::Response),
}

impl Received {
    fn status(&self) -> StatusCode {
        match self {
            Received::Buffered(raw) => raw.status,
            #[cfg(feature = "async")]
            Received::Stream(response) => response.status(),
            #[cfg(feature = "blocking")]
            Received::Reader(response) => response.status(),
        }
    }

    fn headers(&self) -> &HeaderMap {
        match self {
            Received::Buffered(raw) => &raw.headers,
            #[cfg(feature = "async")]
            Received::Stream(response) => response.headers(),
            #[cfg(feature = "blocking")]
            Received::Reader(response) => response.headers(),
        }
    }

    /// A read response whose status is not 2xx becomes its error; a stream is 2xx.
    fn check_status(self, statuses: &'static [(u16, &'static str)]) -> Result<Received, Error> {
        match self {
            Received::Buffered(raw) => check_status(raw, statuses).map(Received::Buffered),
            #[allow(unreachable_patterns)]
            streamed => Ok(streamed),
        }
    }
}

/// The status a call ended with, for tracing.
fn status_of(result: &Result<Received, Error>) -> Option<u16> {
    match result {
        Ok(received) => Some(received.status().as_u16()),
        Err(error) => error.status().map(|status| status.as_u16()),
    }
}

/// Turns a non-2xx response into the error it stands for.
fn check_status(raw: RawResponse, statuses: &'static [(u16, &'static str)]) -> Result<RawResponse, Error> {
    if raw.status.is_success() {
        return Ok(raw);
    }
    let code = raw.status.as_u16();
    let description = statuses.iter().find(|(status, _)| *status == code).map(|(_, text)| *text);
    let retry_after = retry::retry_after(&raw.headers, SystemTime::now());
    let response = Box::new(ErrorResponse {
        status: raw.status,
        description,
        json: serde_json::from_slice(&raw.body).ok(),
        typed: None,
        headers: raw.headers,
        body: raw.body,
    });
    if raw.status == StatusCode::TOO_MANY_REQUESTS {
        Err(Error::RateLimited { retry_after, response })
    } else {
        Err(Error::Status(response))
    }
}

/// Applies a request's escape hatches: each overriding header or query key
/// replaces the ones of that name the collection (or auth) set; the same
/// name given several times is sent several times. Returns the replacement
/// body, if any.
fn apply_overrides(
    overrides: &Overrides,
    unset_query: &[(usize, &str)],
    headers: &mut HeaderMap,
    query: &mut Vec<(String, String)>,
    upload: &mut Option<Source>,
) -> Result<Option<Vec<u8>>, Error> {
    let mut replaced = Vec::new();
    for (name, value) in &overrides.headers {
        let name = header_name(name)?;
        let mut value = header_value(name.as_str(), value)?;
        // Only the caller knows whether it is a credential: never print it.
        value.set_sensitive(true);
        if !replaced.contains(&name) {
            headers.remove(&name);
            replaced.push(name.clone());
        }
        headers.append(name, value);
    }
    // The caller's values of one key, in call order. They take the place of
    // the first parameter of that key the collection has, set or not
    // (newman's order for the same values), else go last.
    let mut given: Vec<(&str, Vec<String>)> = Vec::new();
    for (key, value) in &overrides.query {
        // A caller's key is data: `%` and `=` are encoded too.
        let mut piece = encode::encode(key, Set::QueryValue).replace("=", "%3D");
        piece.push('=');
        encode::encode_into(&mut piece, value, Set::QueryValue);
        match given.iter_mut().find(|(k, _)| *k == key.as_str()) {
            Some((_, pieces)) => pieces.push(piece),
            None => given.push((key, vec![piece])),
        }
    }
    if !given.is_empty() {
        let mut placed = vec![false; given.len()];
        // A key the collection leaves unset goes where it would have been.
        // In `given`'s order, which `place` keeps among the keys of one slot.
        let slots: Vec<(usize, usize)> = given
            .iter()
            .enumerate()
            .filter(|(_, (key, _))| !query.iter().any(|(k, _)| k == key))
            .filter_map(|(at, (key, _))| {
                let (index, _) = unset_query.iter().find(|(_, k)| k == key)?;
                Some((*index, at))
            })
            .collect();
        let mut merged = Vec::with_capacity(query.len() + overrides.query.len());
        let place = |index: usize, merged: &mut Vec<(String, String)>, placed: &mut [bool]| {
            for (_, at) in slots.iter().filter(|(i, _)| *i == index) {
                placed[*at] = true;
                merged.extend(given[*at].1.iter().map(|p| (given[*at].0.to_string(), p.clone())));
            }
        };
        let count = query.len();
        for (index, (key, piece)) in query.drain(..).enumerate() {
            place(index, &mut merged, &mut placed);
            match given.iter().position(|(k, _)| *k == key) {
                Some(at) if !placed[at] => {
                    placed[at] = true;
                    merged.extend(given[at].1.iter().map(|p| (key.clone(), p.clone())));
                }
                Some(_) => {}
                None => merged.push((key, piece)),
            }
        }
        place(count, &mut merged, &mut placed);
        for ((key, pieces), placed) in given.iter().zip(placed) {
            if !placed {
                merged.extend(pieces.iter().map(|p| (key.to_string(), p.clone())));
            }
        }
        *query = merged;
    }
    let content_type_given = overrides.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if let Some(replacement) = &overrides.upload {
        if !content_type_given {
            headers.insert(CONTENT_TYPE, header_value("Content-Type", &replacement.content_type_or_guess())?);
        }
        *upload = Some(replacement.source.clone());
    }
    Ok(match &overrides.body {
        Some(body) => {
            if !content_type_given {
                headers.insert(CONTENT_TYPE, header_value("Content-Type", &body.content_type)?);
            }
            Some(body.bytes.clone())
        }
        None => None,
    })
}

/// The time left until `deadline`: one timeout covers a request and its redirects.
/// `Content-Length: 0` on a POST, PUT or PATCH with an empty body, as
/// Postman's HTTP client sends it (and not on other methods); the HTTP
/// library sends no length for an empty body.
fn empty_body_length(prepared: &Prepared, headers: &mut HeaderMap) {
    let writes = matches!(prepared.method, Method::POST | Method::PUT | Method::PATCH);
    if writes && prepared.upload.is_none() && prepared.body.as_ref().is_some_and(Vec::is_empty) {
        headers.entry(reqwest::header::CONTENT_LENGTH).or_insert(HeaderValue::from_static("0"));
    }
}

fn remaining(deadline: Option<std::time::Instant>) -> Option<Duration> {
    deadline.map(|deadline| deadline.saturating_duration_since(std::time::Instant::now()))
}

/// The first `{{name}}` left in `text`.
/// Postman's rule for `{{name}}` references, the one every renderer of the
/// client follows (requests, server URLs, `pm.variables.replaceIn`): each
/// pass replaces every innermost reference (`{{name}}` with no brace in the
/// name) that `lookup` knows, and passes repeat until one replaces nothing,
/// at most [`MAX_SUBSTITUTION_PASSES`] times (postman-collection's
/// `Substitutor`), so `{{host.{{one}}}}` is `host.1`'s value when `one` is
/// `1`. Unknown references stay as written. An error names the variable whose
/// value would grow the text past [`MAX_EXPANDED_BYTES`].
pub(crate) fn substitute_variables(template: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, Error> {
    let limit = template.len().saturating_add(MAX_EXPANDED_BYTES);
    let mut text = template.to_string();
    for _ in 0..MAX_SUBSTITUTION_PASSES {
        let (next, replaced) = substitute_once(&text, lookup, limit)?;
        text = next;
        if !replaced {
            break;
        }
    }
    Ok(text)
}

/// One substitution pass; an error naming the variable whose value would
/// take the text past `limit` bytes.
fn substitute_once(text: &str, lookup: &dyn Fn(&str) -> Option<String>, limit: usize) -> Result<(String, bool), Error> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut replaced = false;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let len = after.find(['{', '}']).unwrap_or(after.len());
        if len > 0 && after[len..].starts_with("}}") {
            let name = &after[..len];
            out.push_str(&rest[..start]);
            match lookup(name) {
                Some(value) => {
                    if out.len() + value.len() > limit {
                        return Err(Error::invalid(format!(
                            "the variable `{name}` expands to more than {} MiB: its value repeats variables \
                             that repeat others",
                            MAX_EXPANDED_BYTES >> 20
                        )));
                    }
                    out.push_str(&value);
                    replaced = true;
                }
                None => out.push_str(&rest[start..start + len + 4]),
            }
            rest = &after[len + 2..];
        } else {
            out.push_str(&rest[..start + 1]);
            rest = &rest[start + 1..];
        }
    }
    out.push_str(rest);
    Ok((out, replaced))
}

/// The length of the reference that starts `text` (at its `{{`), nested
/// references included (`{{host.{{one}}}}` is one reference), or `None`
/// when its braces never close or it names nothing (`{{}}`).
fn reference_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with("{{") {
            depth += 1;
            at += 2;
        } else if rest.starts_with("}}") && depth > 0 {
            depth -= 1;
            at += 2;
            if depth == 0 {
                return (at > 4).then_some(at);
            }
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    None
}

fn first_variable(text: &str) -> Option<&str> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let len = after.find(['{', '}']).unwrap_or(after.len());
        if len > 0 && after[len..].starts_with("}}") {
            return Some(&after[..len]);
        }
        rest = &rest[start + 1..];
    }
    None
}

fn header_name(name: &str) -> Result<HeaderName, Error> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format!("`{name}` is not a valid header name")))
}

/// A header value; CR, LF and NUL are rejected so a value cannot add headers.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    if value.contains(['\r', '\n', '\0']) {
        return Err(Error::invalid(format!("the value of header `{name}` contains CR, LF or NUL")));
    }
    HeaderValue::from_bytes(value.as_bytes())
        .map_err(|_| Error::invalid(format!("the value of header `{name}` is not valid")))
}

/// A header value holding a credential, marked sensitive; errors never echo it.
pub(crate) fn secret_header_value(value: &str) -> Result<HeaderValue, Error> {
    let mut value = header_value("Authorization", value)?;
    value.set_sensitive(true);
    Ok(value)
}

/// The client's own value of `name` at its rank among Postman's scopes:
/// `(caller's, collection's)`, one of them `None`. A value the caller set
/// (`set_by_caller`) stands where an environment value would, the
/// collection's own where a collection variable would.
pub(crate) fn ranked_own_value<'a>(
    name: &str,
    vars: &'a Vars,
    set_by_caller: &Names,
) -> (Option<&'a String>, Option<&'a String>) {
    let own = vars.get(name);
    match own {
        Some(_) if set_by_caller.contains(name) => (own, None),
        _ => (None, own),
    }
}

/// A new value of Postman's dynamic variable `name` (`$guid`, `$timestamp`,
/// `$isoTimestamp`, `$randomInt`, the faker family), or `None` for a name
/// Postman does not have. A call draws through [`dynamic::recall`], so each
/// value is drawn once per call.
pub(crate) fn draw_dynamic(name: &str) -> Option<String> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    match name {
        "$guid" | "$randomUUID" => Some(uuid_v4()),
        "$timestamp" => Some(now.as_secs().to_string()),
        "$isoTimestamp" => Some(iso_timestamp(now)),
        "$randomInt" => Some((random_u64() % 1001).to_string()),
        _ => super::faker::value(name),
    }
}

/// A random number for jitter, multipart boundaries, dynamic variables and
/// the nonces of signing schemes (unpredictable across processes, not a key).
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
}

/// A random (version 4) UUID, as Postman's `{{$guid}}`.
pub(crate) fn uuid_v4() -> String {
    let bits = (u128::from(random_u64()) << 64) | u128::from(random_u64());
    let bits = (((bits & !(0xf << 76)) | (0x4 << 76)) & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for a time since the Unix epoch.
pub(crate) fn iso_timestamp(since_epoch: Duration) -> String {
    let secs = since_epoch.as_secs();
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since_epoch.subsec_millis()
    )
}

/// Runs a future to completion on the current thread (for blocking callers).
#[cfg(feature = "blocking")]
pub(crate) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct ThreadWaker(std::thread::Thread);
    impl Wake for ThreadWaker {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

/// Collects a blocking response body up to a limit.
#[cfg(feature = "blocking")]
struct LimitedSink {
    body: Vec<u8>,
    limit: u64,
}

#[cfg(feature = "blocking")]
impl std::io::Write for LimitedSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if (self.body.len() + buf.len()) as u64 > self.limit {
            self.body.resize(usize::try_from(self.limit).unwrap_or(usize::MAX), 0);
            return Err(std::io::Error::other("response body too large"));
        }
        self.body.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_timestamps_match_known_dates() {
        assert_eq!(iso_timestamp(Duration::from_millis(0)), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_timestamp(Duration::from_millis(1_709_251_199_123)), "2024-02-29T23:59:59.123Z");
    }

    #[test]
    fn guids_are_version_4() {
        let guid = uuid_v4();
        assert_eq!(guid.len(), 36);
        assert_eq!(&guid[14..15], "4");
        assert!(matches!(&guid[19..20], "8" | "9" | "a" | "b"));
    }

    #[test]
    fn first_variable_skips_non_variables() {
        assert_eq!(first_variable("a{{}}b{{{x}}"), Some("x"));
        assert_eq!(first_variable("{{ y }}"), Some(" y "));
        assert_eq!(first_variable("plain {{"), None);
    }
}

#[cfg(test)]
mod request_tests {
    use super::*;
    use crate::runtime::Request;

    static SPEC: ApiSpec = ApiSpec {
        name: "test",
        servers: &["{{base}}/api"],
        variables: &[
            VariableSpec { name: "base", default: Some("http://localhost:1"), secret: false },
            VariableSpec { name: "key", default: None, secret: true },
        ],
        auth: &[AuthScheme::ApiKey { name: "api_key", value: Credential::Variable("key"), in_query: true }],
    };

    fn core() -> Core {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.set_credential(Credential::Variable("key"), "k&1".to_string());
        builder.var("tenant".to_string(), "t 1".to_string());
        builder.build().expect("core")
    }

    #[test]
    fn query_keeps_order_repeats_and_bare_keys_and_auth_goes_last() {
        let mut request = Request::new(Method::GET, 0, Some(0), &[]);
        request.segment("v{{tenant}}");
        request.param("id", "a/b c".to_string(), ".json");
        request.query("tag", Some("x y".to_string()));
        request.query_key("flag");
        request.query("tag", Some("a&b=c+d".to_string()));
        request.query("unset", None);
        request.query_static("api_key", "from-collection");
        request.query_static("t", "{{tenant}}'s");
        let prepared = core().prepare(&request, None).expect("prepared");
        assert_eq!(
            prepared.url.as_str(),
            "http://localhost:1/api/vt%201/a%2Fb%20c.json?tag=x%20y&flag&tag=a%26b=c%2Bd&t=t%201%27s&api_key=k%261"
        );
    }

    #[test]
    fn an_escape_hatch_query_value_takes_the_place_of_its_key() {
        let mut request = Request::new(Method::GET, 0, None, &[]);
        request.query("a", Some("1".to_string()));
        request.query("limit", None);
        request.query_static("sort", "name");
        request.query("page", None);
        let mut overrides = Overrides::default();
        overrides.query("new".to_string(), "x".to_string());
        overrides.query("sort".to_string(), "id".to_string());
        overrides.query("limit".to_string(), "<integer>".to_string());
        overrides.query("sort".to_string(), "size".to_string());
        request.overrides(overrides).expect("valid overrides");
        let prepared = core().prepare(&request, None).expect("prepared");
        assert_eq!(prepared.url.query(), Some("a=1&limit=%3Cinteger%3E&sort=id&sort=size&new=x"));
    }

    #[test]
    fn secrets_are_redacted_and_unset_variables_named() {
        let core = core();
        let shown = format!("{core:?}");
        assert!(!shown.contains("k&1") && shown.contains("<redacted>"), "{shown}");
        let error = core.render("{{missing}}").expect_err("unset");
        assert!(error.to_string().contains("`missing`"), "{error}");
        assert!(core.render("{{{{inner}}}}x").expect_err("unset").to_string().contains("inner"));
    }

    /// A one-connection-per-request HTTP server on 127.0.0.1 answering with
    /// `answer`; returns its URL and what it received.
    #[cfg(feature = "blocking")]
    fn loopback(answer: String) -> (String, std::sync::mpsc::Receiver<String>) {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let (sender, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while let Ok(read) = stream.read(&mut buffer) {
                    request.extend_from_slice(&buffer[..read]);
                    let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|line| line.strip_prefix("content-length:"))
                            .and_then(|value| value.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if read == 0 || request.len() >= end + 4 + length {
                            break;
                        }
                    }
                    if read == 0 {
                        break;
                    }
                }
                let _ = sender.send(String::from_utf8_lossy(&request).into_owned());
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        (url, received)
    }

    static KEY_IN_HEADER: ApiSpec = ApiSpec {
        name: "test",
        servers: &["{{base}}"],
        variables: &[
            VariableSpec { name: "base", default: None, secret: false },
            VariableSpec { name: "key", default: None, secret: true },
        ],
        auth: &[AuthScheme::ApiKey { name: "X-Api-Key", value: Credential::Variable("key"), in_query: false }],
    };

    #[cfg(feature = "blocking")]
    #[test]
    fn item_1_an_api_key_header_never_follows_a_redirect_to_another_port() {
        for status in [302, 307] {
            let (other, seen_by_other) = loopback("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".to_string());
            let (first, seen_by_first) = loopback(format!(
                "HTTP/1.1 {status} Moved\r\nLocation: {other}/next\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ));
            let mut builder = CoreBuilder::new(&KEY_IN_HEADER);
            builder.var("base".to_string(), first);
            builder.set_credential(Credential::Variable("key"), "K3Y-18".to_string());
            let core = builder.build().expect("core");
            let mut request = Request::new(Method::POST, 0, Some(0), &[]);
            request.segment("items");
            request.bytes("text/plain", b"the-body".to_vec());
            let outcome = core.execute_blocking(request);
            let first_saw = seen_by_first.recv_timeout(Duration::from_secs(5)).expect("first request");
            assert!(first_saw.contains("K3Y-18"), "{first_saw}");
            let other_saw: Vec<String> = seen_by_other.try_iter().collect();
            assert!(!other_saw.concat().contains("K3Y-18"), "{status}: the key crossed origins: {other_saw:?}");
            assert!(!other_saw.concat().contains("the-body"), "{status}: the body crossed origins: {other_saw:?}");
            match status {
                302 => assert!(outcome.is_ok() && other_saw.len() == 1, "{outcome:?} {other_saw:?}"),
                _ => assert!(matches!(outcome, Err(Error::Redirect { .. })) && other_saw.is_empty(), "{outcome:?}"),
            }
        }
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn item_2_transport_errors_never_show_a_query_credential() {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.var("base".to_string(), "http://127.0.0.1:1".to_string());
        builder.set_credential(Credential::Variable("key"), "SECRET-18".to_string());
        builder.timeout(Some(Duration::from_millis(500)));
        let core = builder.build().expect("core");
        let request = Request::new(Method::GET, 0, Some(0), &[]);
        let error = core.execute_blocking(request).expect_err("nothing listens on port 1");
        let shown = format!("{error} {error:?} {:?}", std::error::Error::source(&error));
        assert!(!shown.contains("SECRET-18") && shown.contains("api_key=REDACTED"), "{shown}");
    }

    #[cfg(feature = "blocking")]
    #[test]
    fn blocking_client_refuses_an_oversized_content_length_at_once() {
        // The server announces 2 GB and sends nothing: reading would only end at the timeout.
        let (base, _seen) = loopback("HTTP/1.1 200 OK\r\nContent-Length: 2000000000\r\n\r\n".to_string());
        let mut builder = CoreBuilder::new(&KEY_IN_HEADER);
        builder.var("base".to_string(), base);
        builder.timeout(Some(Duration::from_secs(2)));
        let core = builder.build().expect("core");
        let outcome = core.execute_blocking(Request::new(Method::GET, 0, None, &[]));
        assert!(matches!(outcome, Err(Error::ResponseTooLarge { .. })), "{outcome:?}");
    }

    #[test]
    fn item_2_invalid_url_and_base_url_errors_never_show_credentials() {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.server(0, "http://user:pa55@[::1".to_string());
        let error = builder.build().expect_err("invalid base URL");
        assert!(!error.to_string().contains("pa55"), "{error}");
        let mut builder = CoreBuilder::new(&SPEC);
        builder.set_credential(Credential::Variable("key"), "SECRET-18".to_string());
        builder.var("base".to_string(), "http://exa mple".to_string());
        let core = builder.build().expect("core");
        let error = core.prepare(&Request::new(Method::GET, 0, Some(0), &[]), None).expect_err("invalid");
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("invalid") && !shown.contains("SECRET-18"), "{shown}");
        let mut builder = CoreBuilder::new(&SPEC);
        builder.server(0, "http://user:pa55@host/".to_string());
        let shown = format!("{:?}", builder.build().expect("core"));
        assert!(!shown.contains("pa55"), "{shown}");
    }

    #[test]
    fn item_4_self_references_and_runaway_expansion_are_errors_naming_the_variable() {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.var("a".to_string(), "{{a}}".to_string());
        builder.var("x".to_string(), "{{y}}{{y}}{{y}}{{y}}".to_string());
        builder.var("y".to_string(), "{{x}}{{x}}{{x}}{{x}}-padding".to_string());
        let core = builder.build().expect("core");
        let cycle = core.render("/{{a}}").expect_err("a cycle").to_string();
        assert!(cycle.contains("`a`") && cycle.contains("refers to itself"), "{cycle}");
        let growth = core.render("{{x}}").expect_err("unbounded").to_string();
        assert!(growth.contains("expands to more than 16 MiB"), "{growth}");
    }

    static TENANT_SERVER: ApiSpec = ApiSpec {
        name: "test",
        servers: &["{{base}}/{{tenant}}/x"],
        variables: &[],
        auth: &[],
    };

    #[test]
    fn variables_in_the_path_of_a_base_url_are_encoded_and_cannot_cut_it() {
        let mut builder = CoreBuilder::new(&TENANT_SERVER);
        builder.var("base".to_string(), "http://localhost:1/api".to_string());
        builder.var("tenant".to_string(), "a?b#c d/e%20".to_string());
        let core = builder.build().expect("core");
        let mut request = Request::new(Method::GET, 0, None, &[]);
        request.segment("items");
        let prepared = core.prepare(&request, None).expect("prepared");
        assert_eq!(prepared.url.as_str(), "http://localhost:1/api/a%3Fb%23c%20d/e%20/x/items");
        assert_eq!(prepared.url.query(), None);
    }

    #[test]
    fn bodiless_writes_send_an_empty_body() {
        let request = Request::new(Method::POST, 0, None, &[]);
        let prepared = core().prepare(&request, None).expect("prepared");
        assert_eq!(prepared.body, Some(Vec::new()));
    }

    fn received(status: u16) -> Result<Received, Error> {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("0"));
        let status = StatusCode::from_u16(status).expect("status");
        Ok(Received::Buffered(RawResponse { status, headers, body: Vec::new() }))
    }

    #[test]
    fn after_an_attempt_the_loops_retry_while_the_policy_allows_then_finish() {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.retry(RetryPolicy::new(1));
        let core = builder.build().expect("core");
        let request = Request::new(Method::GET, 0, None, &[]);
        let mut call = Attempts::default();
        assert!(matches!(core.after_attempt(&request, &mut call, received(503)), Next::RetryAfter(wait) if wait.is_zero()));
        assert_eq!(call.attempt, 1);
        match core.after_attempt(&request, &mut call, received(503)) {
            Next::Finish(Ok(Received::Buffered(raw))) => assert_eq!(raw.status, StatusCode::SERVICE_UNAVAILABLE),
            _ => panic!("the second 503 ends the call with it"),
        }
        assert_eq!((call.attempt, call.challenges), (1, 0));
        // Not a challenge: no signing scheme answers this 401.
        assert!(matches!(core.after_attempt(&request, &mut Attempts::default(), received(401)), Next::Finish(Ok(_))));
    }

    #[test]
    fn after_an_attempt_a_failing_after_receive_hook_ends_the_call_without_a_retry() {
        let mut builder = CoreBuilder::new(&SPEC);
        builder.retry(RetryPolicy::new(3));
        builder.after_receive(|response| if response.status == StatusCode::BAD_GATEWAY { Err("refused".into()) } else { Ok(()) });
        let core = builder.build().expect("core");
        let request = Request::new(Method::GET, 0, None, &[]);
        let mut call = Attempts::default();
        assert!(matches!(core.after_attempt(&request, &mut call, received(502)), Next::Finish(Err(Error::Hook(_)))));
        assert_eq!(call.attempt, 0);
    }
}
