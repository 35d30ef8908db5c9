//! OAuth 2.0 grants against a loopback token endpoint that checks the client
//! authentication and grant parameters as an authorization server does, and
//! an API that accepts only the latest token it issued: one fetch serves 100
//! concurrent requests; a token is renewed with the refresh token when it
//! expires and once when the API refuses it; the client secret never shows.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use support::loopback::form_pairs;
use test_clients::{signing, Error};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "client 1";
const CLIENT_SECRET: &str = "s3cr:et&";

fn form(body: &[u8]) -> Vec<(String, String)> {
    form_pairs(std::str::from_utf8(body).expect("utf-8"))
}

#[derive(Default)]
struct AuthServer {
    issued: AtomicUsize,
    /// Lifetime of the tokens it issues, in seconds.
    expires_in: u64,
    current: Mutex<String>,
    /// Every token request's grant_type.
    grants: Mutex<Vec<String>>,
    /// Every token request's form, for the tests to read.
    forms: Mutex<Vec<Vec<(String, String)>>>,
}

struct TokenEndpoint(Arc<AuthServer>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let server = &self.0;
        let form = form(&request.body);
        let get = |name: &str| {
            form.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        // Client authentication: RFC 6749 §2.3.1 Basic (form-encoded parts) or the body.
        let (id, secret) = match request.headers.get("authorization") {
            Some(value) => {
                let encoded = value
                    .to_str()
                    .expect("ascii")
                    .strip_prefix("Basic ")
                    .expect("Basic");
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .expect("base64");
                let text = String::from_utf8(decoded).expect("utf-8");
                let pairs = form_pairs(&text.replacen(':', "=", 1));
                pairs[0].clone()
            }
            None => (get("client_id"), get("client_secret")),
        };
        if id != CLIENT_ID || secret != CLIENT_SECRET {
            return ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": "invalid_client"}));
        }
        let grant = get("grant_type");
        server.grants.lock().expect("grants").push(grant.clone());
        // What came in the URL and the extra header, beside the form.
        let mut seen = form.clone();
        seen.extend(
            form_pairs(request.url.query().unwrap_or_default())
                .into_iter()
                .map(|(k, v)| (format!("query:{k}"), v)),
        );
        if let Some(source) = request.headers.get("x-request-source") {
            seen.push((
                "header:x-request-source".into(),
                source.to_str().unwrap_or_default().into(),
            ));
        }
        server.forms.lock().expect("forms").push(seen);
        let valid = match grant.as_str() {
            "client_credentials" => get("scope") == "read write",
            "password" => get("username") == "alice" && get("password") == "wonderland",
            "refresh_token" => get("refresh_token").starts_with("refresh-"),
            _ => false,
        };
        if !valid {
            return ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"error": "invalid_grant"}));
        }
        let n = server.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let token = format!("token-{n}");
        *server.current.lock().expect("current") = token.clone();
        ResponseTemplate::new(200)
            .set_delay(Duration::from_millis(50))
            .set_body_json(serde_json::json!({
                "access_token": token,
                "token_type": "Bearer",
                "expires_in": server.expires_in,
                "refresh_token": format!("refresh-{n}"),
            }))
    }
}

/// The API: only the latest token is valid.
struct Api(Arc<AuthServer>, Arc<AtomicUsize>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.1.fetch_add(1, Ordering::SeqCst);
        let expected = format!("Bearer {}", self.0.current.lock().expect("current"));
        match request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
        {
            Some(value) if value == expected => ResponseTemplate::new(200),
            _ => ResponseTemplate::new(401),
        }
    }
}

async fn start(expires_in: u64) -> (MockServer, Arc<AuthServer>, Arc<AtomicUsize>) {
    let auth = Arc::new(AuthServer {
        expires_in,
        ..Default::default()
    });
    let calls = Arc::new(AtomicUsize::new(0));
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(TokenEndpoint(auth.clone()))
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(Api(auth.clone(), calls.clone()))
        .mount(&server)
        .await;
    (server, auth, calls)
}

fn client(base: &str) -> signing::Client {
    // The collection's token URL is `{{baseUrl}}/token`.
    signing::Client::builder()
        .base_url(base)
        .var("baseUrl", base)
        .oauth2_client(CLIENT_ID, CLIENT_SECRET)
        .oauth2_password("alice", "wonderland")
        .build()
        .expect("client")
}

#[tokio::test]
async fn one_fetch_serves_a_hundred_concurrent_requests_on_clones() {
    let (server, auth, calls) = start(3600).await;
    let client = client(&server.uri());
    let requests = (0..100).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.oauth2().me().send().await.map(|_| ()) })
    });
    for request in requests {
        request.await.expect("task").expect("authorized");
    }
    assert_eq!(auth.issued.load(Ordering::SeqCst), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 100);
    let forms = auth.forms.lock().expect("forms").clone();
    let audience = forms[0]
        .iter()
        .find(|(k, _)| k == "audience")
        .map(|(_, v)| v.as_str());
    assert_eq!(audience, Some("https://api.example.com"));
}

#[tokio::test]
async fn the_password_grant_sends_the_client_in_the_body_with_extra_parameters() {
    let (server, auth, _) = start(3600).await;
    client(&server.uri())
        .oauth2()
        .password_grant()
        .send()
        .await
        .expect("authorized");
    let forms = auth.forms.lock().expect("forms").clone();
    let get = |name: &str| {
        forms[0]
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(get("grant_type").as_deref(), Some("password"));
    assert_eq!(get("client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(get("tenant").as_deref(), Some("acme"));
    // `tokenRequestParams` sent as `request_url` and `request_header`.
    assert_eq!(get("query:region").as_deref(), Some("eu west"));
    assert_eq!(get("header:x-request-source").as_deref(), Some("codegen"));
    assert_eq!(get("region"), None);
}

#[tokio::test]
async fn an_expiring_token_is_renewed_with_the_refresh_token() {
    let (server, auth, _) = start(1).await;
    let client = client(&server.uri());
    client.oauth2().me().send().await.expect("first token");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.oauth2().me().send().await.expect("renewed token");
    let grants = auth.grants.lock().expect("grants").clone();
    assert_eq!(grants, ["client_credentials", "refresh_token"]);
}

#[tokio::test]
async fn a_refused_token_is_renewed_once_then_the_401_is_returned() {
    let (server, auth, calls) = start(3600).await;
    let client = client(&server.uri());
    client.oauth2().me().send().await.expect("first token");
    // The server revokes the token: the next request is refused, renewed, resent.
    *auth.current.lock().expect("current") = "revoked".to_string();
    let (_, _, _) = (&server, &auth, &calls);
    // The renewed token is accepted (the endpoint makes it current).
    client
        .oauth2()
        .me()
        .send()
        .await
        .expect("renewed after 401");
    assert_eq!(auth.issued.load(Ordering::SeqCst), 2);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // An API that refuses every token: one renewal, one resend, then the 401.
    let always = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(TokenEndpoint(auth.clone()))
        .mount(&always)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(401))
        .mount(&always)
        .await;
    let before = auth.issued.load(Ordering::SeqCst);
    let error = self::client(&always.uri())
        .oauth2()
        .me()
        .send()
        .await
        .expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.issued.load(Ordering::SeqCst) - before, 2);
    let api_calls = always
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .filter(|r| r.url.path() != "/token")
        .count();
    assert_eq!(api_calls, 2);
}

#[tokio::test]
async fn a_refused_client_is_an_error_that_never_shows_the_secret() {
    let (server, _, calls) = start(3600).await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .var("baseUrl", server.uri())
        .oauth2_client(CLIENT_ID, "wrong-secret-value")
        .build()
        .expect("client");
    let error = client.oauth2().me().send().await.expect_err("refused");
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");
    let shown = format!("{error} {error:?} {client:?}");
    assert!(shown.contains("invalid_client"), "{shown}");
    assert!(!shown.contains("wrong-secret-value"), "{shown}");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        0,
        "no API request without a token"
    );
}

#[test]
fn the_blocking_client_fetches_and_reuses_the_token() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (server, auth, _) = runtime.block_on(start(3600));
    let client = client(&server.uri());
    for _ in 0..3 {
        client.oauth2().me().send_blocking().expect("authorized");
    }
    assert_eq!(auth.issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_from_the_caller_is_used_until_refused() {
    let (server, auth, _) = start(3600).await;
    *auth.current.lock().expect("current") = "preset".to_string();
    let client = signing::Client::builder()
        .base_url(server.uri())
        .var("baseUrl", server.uri())
        .access_token("preset")
        .oauth2_client(CLIENT_ID, CLIENT_SECRET)
        .build()
        .expect("client");
    client.oauth2().me().send().await.expect("preset token");
    assert_eq!(auth.issued.load(Ordering::SeqCst), 0);
    *auth.current.lock().expect("current") = "revoked".to_string();
    client
        .oauth2()
        .me()
        .send()
        .await
        .expect("fetched after 401");
    assert_eq!(auth.issued.load(Ordering::SeqCst), 1);
}
