//! Loopback servers that check what a client signed, as the real server
//! would, with their own code: what the signing tests
//! (`*_auth.rs`, `oauth2_grant.rs`) share of starting them, answering,
//! reading credentials and reporting a refusal.

use std::sync::Mutex;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A loopback server (127.0.0.1, a free port) answering every request with
/// `responder`.
pub async fn serve(responder: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(responder)
        .mount(&server)
        .await;
    server
}

/// A verifying server's answer: what `verified` saw is kept in `accepted`
/// (in order, for the test to read) and answered 200; a refusal is answered
/// 401 with its reason as the body, which [`expect_accepted`] shows.
pub fn verdict<T>(accepted: &Mutex<Vec<T>>, verified: Result<T, String>) -> ResponseTemplate {
    match verified {
        Ok(seen) => {
            accepted.lock().expect("accepted requests").push(seen);
            ResponseTemplate::new(200)
        }
        Err(why) => ResponseTemplate::new(401).set_body_string(why),
    }
}

/// The request's `Authorization` header, or why it cannot be read.
pub fn authorization(request: &Request) -> Result<&str, String> {
    request
        .headers
        .get("authorization")
        .ok_or("no Authorization")?
        .to_str()
        .map_err(|e| e.to_string())
}

/// Fails the test when a signed request was refused (or failed), showing
/// the error and the server's reason.
pub fn expect_accepted<T>(outcome: Result<T, test_clients::Error>) {
    if let Err(error) = outcome {
        panic!(
            "{error}: {:?}",
            error.response().and_then(|r| r.text()).map(str::to_string)
        );
    }
}

/// `application/x-www-form-urlencoded` (and query) decoding, as a server
/// reads what it received: `+` is a space, `%XX` a byte.
pub fn form_decode_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).expect("hex"));
            i += 3;
        } else {
            out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
            i += 1;
        }
    }
    out
}

/// [`form_decode_bytes`] as text.
pub fn form_decode(text: &str) -> String {
    String::from_utf8(form_decode_bytes(text)).expect("utf-8")
}

/// The decoded `key=value` pairs of a form body or query, in order.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (form_decode(key), form_decode(value))
        })
        .collect()
}
