//! The OAuth 2.0 authorization-code grant (`oauth2_grant.rs`) against a
//! loopback server that is both the token endpoint and the API: without a
//! code and without a token the client cannot run the grant, and sends the
//! request without `Authorization`, as postman-runtime does (it never fetches
//! a token); with a code it exchanges it first and sends the token.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;

use crate::runtime::auth::{AuthScheme, Credential};
use crate::runtime::core::{ApiSpec, CoreBuilder, VariableSpec};
use crate::runtime::oauth2_grant::OAuth2Grant;
use crate::runtime::request::Request;

static GRANT: OAuth2Grant = OAuth2Grant {
    grant: "authorization_code",
    access_token: Credential::Slot("access_token"),
    token_url: "{{base}}/token",
    client_id: Credential::Slot("oauth2_client_id"),
    client_secret: Credential::Slot("oauth2_client_secret"),
    username: Credential::Absent,
    password: Credential::Absent,
    code: Credential::Slot("oauth2_code"),
    code_verifier: Credential::Slot("oauth2_code_verifier"),
    client_auth_header: false,
    scope: "",
    audience: "",
    redirect_uri: "",
    extra: &[],
    extra_headers: &[],
    extra_query: &[],
    in_query: false,
    header_prefix: "Bearer",
};

static SPEC: ApiSpec = ApiSpec {
    name: "test",
    servers: &["{{base}}"],
    variables: &[VariableSpec {
        name: "base",
        default: None,
        secret: false,
    }],
    auth: &[AuthScheme::Signed(&GRANT)],
};

/// Each request's head (request line and headers, lower-cased) as received.
type Heads = Arc<Mutex<Vec<String>>>;

/// A server answering `POST /token` with a token and anything else with 204.
fn server() -> (String, Heads) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "http://127.0.0.1:{}",
        listener.local_addr().expect("address").port()
    );
    let heads = Heads::default();
    let seen = Arc::clone(&heads);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => request.extend_from_slice(&buffer[..read]),
                }
            }
            let text = String::from_utf8_lossy(&request).to_lowercase();
            let head = text
                .split("\r\n\r\n")
                .next()
                .unwrap_or_default()
                .to_string();
            let answer: &[u8] = if head.starts_with("post /token ") {
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n{\"access_token\":\"issued\"}\n"
            } else {
                b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
            };
            seen.lock().expect("heads").push(head);
            let _ = stream.write_all(answer);
            let _ = stream.flush();
        }
    });
    (url, heads)
}

fn request() -> Request {
    let mut request = Request::new(Method::GET, 0, Some(0), &[]);
    request.segment("api");
    request
}

fn authorization(head: &str) -> Option<&str> {
    head.lines()
        .find_map(|line| line.strip_prefix("authorization: "))
}

#[cfg(feature = "blocking")]
#[test]
fn without_a_code_or_a_token_the_request_is_sent_without_authorization() {
    let (url, heads) = server();
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("base".to_string(), url);
    builder.set_credential(Credential::Slot("oauth2_client_id"), "id".to_string());
    let core = builder.build().expect("core");
    for _ in 0..2 {
        let response = core.execute_blocking(request()).expect("sent");
        assert_eq!(response.status.as_u16(), 204);
    }
    let heads = heads.lock().expect("heads");
    assert_eq!(heads.len(), 2, "no token request: {heads:?}");
    for head in heads.iter() {
        assert!(head.starts_with("get /api "), "{head}");
        assert_eq!(authorization(head), None, "{head}");
    }
}

#[cfg(feature = "async")]
#[test]
fn without_a_code_or_a_token_the_async_request_is_sent_without_authorization() {
    let (url, heads) = server();
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("base".to_string(), url);
    let core = builder.build().expect("core");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let response = runtime.block_on(core.execute(request())).expect("sent");
    assert_eq!(response.status.as_u16(), 204);
    let heads = heads.lock().expect("heads");
    assert_eq!(heads.len(), 1, "no token request: {heads:?}");
    assert!(heads[0].starts_with("get /api "), "{}", heads[0]);
    assert_eq!(authorization(&heads[0]), None, "{}", heads[0]);
}

#[cfg(feature = "blocking")]
#[test]
fn with_a_code_the_client_exchanges_it_and_sends_the_token() {
    let (url, heads) = server();
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("base".to_string(), url);
    builder.set_credential(Credential::Slot("oauth2_client_id"), "id".to_string());
    builder.set_credential(Credential::Slot("oauth2_code"), "the-code".to_string());
    let core = builder.build().expect("core");
    core.execute_blocking(request()).expect("sent");
    let heads = heads.lock().expect("heads");
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(heads[0].starts_with("post /token "), "{}", heads[0]);
    assert!(heads[1].starts_with("get /api "), "{}", heads[1]);
    assert_eq!(authorization(&heads[1]), Some("bearer issued"));
}
