//! OAuth 1.0 against a loopback server that verifies requests as RFC 5849
//! service providers do: it collects the `oauth_*` parameters from the
//! header, the form body or the query, rebuilds the signature base string
//! from the request it received (query, form body, base URL), recomputes the
//! signature with its own copy of the secrets and checks the body hash.

mod support;

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier as _;
use sha1::Sha1;
use sha2::{Digest as _, Sha256, Sha512};
use support::loopback::{expect_accepted, form_decode, form_pairs, serve, verdict};
use test_clients::signing;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

const CONSUMER_KEY: &str = "ck-7c3";
const CONSUMER_SECRET: &str = "D+EdQ-gs$-%@2Nu7";
const TOKEN: &str = "tok key";
const TOKEN_SECRET: &str = "tok&secret";
/// The RSA-SHA* requests' key pair (shared with `jwt_auth.rs`).
const RSA_PRIVATE: &str = include_str!("jwt_keys/rsa.private.pem");
const RSA_PUBLIC: &str = include_str!("jwt_keys/rsa.public.pem");

/// Checks an RSASSA-PKCS1-v1_5 signature (base64) of `data` with the public key.
fn rsa_verify(hash: &str, data: &[u8], signature: &str) -> Result<(), String> {
    let key = rsa::RsaPublicKey::from_public_key_pem(RSA_PUBLIC).map_err(|e| e.to_string())?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|e| e.to_string())?;
    let signature = Signature::try_from(bytes.as_slice()).map_err(|e| e.to_string())?;
    match hash {
        "SHA1" => VerifyingKey::<Sha1>::new(key).verify(data, &signature),
        "SHA256" => VerifyingKey::<Sha256>::new(key).verify(data, &signature),
        "SHA512" => VerifyingKey::<Sha512>::new(key).verify(data, &signature),
        other => return Err(format!("RSA-{other}")),
    }
    .map_err(|e| format!("RSA signature: {e}"))
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// What the server saw of one accepted request.
#[derive(Debug, Clone)]
struct Seen {
    /// Where the oauth parameters were: header, body or query.
    place: &'static str,
    params: Vec<(String, String)>,
    realm: Option<String>,
}

#[derive(Default)]
struct Provider {
    accepted: Mutex<Vec<Seen>>,
    /// The `Authorization` headers received, as sent.
    headers: Mutex<Vec<String>>,
}

struct Verifier(Arc<Provider>);

impl Verifier {
    fn verify(&self, request: &Request) -> Result<Seen, String> {
        let query = form_pairs(request.url.query().unwrap_or_default());
        let is_form = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let body = if is_form {
            form_pairs(std::str::from_utf8(&request.body).map_err(|e| e.to_string())?)
        } else {
            Vec::new()
        };
        let mut realm = None;
        let (place, oauth): (&'static str, Vec<(String, String)>) =
            match request.headers.get("authorization") {
                Some(header) => {
                    let header = header.to_str().map_err(|e| e.to_string())?;
                    let fields = header.strip_prefix("OAuth ").ok_or("not OAuth")?;
                    let mut oauth = Vec::new();
                    for field in fields.split(',') {
                        let (k, v) = field.split_once('=').ok_or("field")?;
                        // RFC 3986 percent-decoding: a `+` in a header is a `+`.
                        let v = form_decode(&v.trim().trim_matches('"').replace('+', "%2B"));
                        if k.trim() == "realm" {
                            realm = Some(v);
                        } else {
                            oauth.push((form_decode(k.trim()), v));
                        }
                    }
                    ("header", oauth)
                }
                None if body.iter().any(|(k, _)| k.starts_with("oauth_")) => ("body", Vec::new()),
                None => ("query", Vec::new()),
            };
        let mut all: Vec<(String, String)> =
            query.iter().chain(&body).chain(&oauth).cloned().collect();
        let get = |name: &str| {
            all.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let signature = get("oauth_signature");
        let method = get("oauth_signature_method");
        if get("oauth_consumer_key") != CONSUMER_KEY {
            return Err(format!("consumer key {}", get("oauth_consumer_key")));
        }
        let token = get("oauth_token");
        let token_secret = if token.is_empty() {
            ""
        } else if token == TOKEN {
            TOKEN_SECRET
        } else {
            return Err(format!("token {token}"));
        };
        if get("oauth_timestamp").parse::<u64>().is_err() || get("oauth_nonce").is_empty() {
            return Err("timestamp or nonce".to_string());
        }
        let body_hash = get("oauth_body_hash");
        if !body_hash.is_empty() {
            let expected =
                base64::engine::general_purpose::STANDARD.encode(match method.as_str() {
                    "HMAC-SHA256" => Sha256::digest(&request.body).to_vec(),
                    other => return Err(format!("body hash with {other}")),
                });
            if body_hash != expected {
                return Err("body hash".to_string());
            }
        }
        all.retain(|(k, _)| k != "oauth_signature");
        let mut pairs: Vec<String> = all
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        pairs.sort();
        // The authority the client addressed (a default port would be left out).
        let host = request
            .headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .ok_or("no Host")?;
        let base_url = format!("http://{}{}", host.to_ascii_lowercase(), request.url.path());
        let base = format!(
            "{}&{}&{}",
            request.method,
            encode(&base_url),
            encode(&pairs.join("&"))
        );
        if let Some(hash) = method.strip_prefix("RSA-") {
            // RSA methods sign with the private key: no secrets involved.
            rsa_verify(hash, base.as_bytes(), &signature)
                .map_err(|e| format!("{e} of `{base}`"))?;
            return Ok(Seen {
                place,
                params: all,
                realm,
            });
        }
        let key = format!("{}&{}", encode(CONSUMER_SECRET), encode(token_secret));
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(bytes);
        let expected = match method.as_str() {
            "PLAINTEXT" => key.clone(),
            "HMAC-SHA1" => {
                let mut mac = Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("key");
                mac.update(base.as_bytes());
                b64(mac.finalize().into_bytes().to_vec())
            }
            "HMAC-SHA256" => {
                let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("key");
                mac.update(base.as_bytes());
                b64(mac.finalize().into_bytes().to_vec())
            }
            "HMAC-SHA512" => {
                let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).expect("key");
                mac.update(base.as_bytes());
                b64(mac.finalize().into_bytes().to_vec())
            }
            other => return Err(format!("method {other}")),
        };
        if signature != expected {
            return Err(format!("signature of `{base}`"));
        }
        Ok(Seen {
            place,
            params: all,
            realm,
        })
    }
}

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if let Some(header) = request.headers.get("authorization") {
            let header = header.to_str().unwrap_or_default().to_string();
            self.0.headers.lock().expect("log").push(header);
        }
        verdict(&self.0.accepted, self.verify(request))
    }
}

async fn start() -> (MockServer, Arc<Provider>) {
    let provider = Arc::new(Provider::default());
    let server = serve(Verifier(provider.clone())).await;
    (server, provider)
}

fn client(base: &str) -> signing::Client {
    signing::Client::builder()
        .base_url(base)
        .oauth1_consumer(CONSUMER_KEY, CONSUMER_SECRET)
        .oauth1_token(TOKEN, TOKEN_SECRET)
        .oauth1_private_key(RSA_PRIVATE)
        .build()
        .expect("client")
}

fn param(seen: &Seen, name: &str) -> Option<String> {
    seen.params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

#[tokio::test]
async fn every_method_and_placement_the_collection_uses_passes_a_verifying_provider() {
    let (server, provider) = start().await;
    let client = client(&server.uri());
    let oauth1 = client.oauth1();
    expect_accepted(oauth1.header_sha1().q("a b+c").x("1*!").send().await);
    expect_accepted(oauth1.header_sha256_realm().send().await);
    expect_accepted(oauth1.query_sha512().page("2").send().await);
    expect_accepted(oauth1.form_plaintext().name("x y").n("1").send().await);
    expect_accepted(
        oauth1
            .body_hash()
            .body(serde_json::from_str(r#"{"name":"x"}"#).expect("body"))
            .send()
            .await,
    );
    let seen = provider.accepted.lock().expect("log").clone();
    let places: Vec<&str> = seen.iter().map(|s| s.place).collect();
    assert_eq!(places, ["header", "header", "query", "body", "header"]);
    let methods: Vec<String> = seen
        .iter()
        .map(|s| param(s, "oauth_signature_method").unwrap_or_default())
        .collect();
    assert_eq!(
        methods,
        [
            "HMAC-SHA1",
            "HMAC-SHA256",
            "HMAC-SHA512",
            "PLAINTEXT",
            "HMAC-SHA256"
        ]
    );
    // The caller's token signs the requests whose settings have a token; the
    // others are signed without one, as Postman signs them.
    let tokens: Vec<Option<String>> = seen.iter().map(|s| param(s, "oauth_token")).collect();
    let with = Some(TOKEN.to_string());
    assert_eq!(tokens, [None, with.clone(), with, None, None]);
    // Fixed timestamp, nonce and realm from the collection.
    assert_eq!(param(&seen[1], "oauth_timestamp").as_deref(), Some("1"));
    assert_eq!(param(&seen[1], "oauth_nonce").as_deref(), Some("10"));
    assert_eq!(seen[1].realm.as_deref(), Some("realm@example.com"));
    assert_eq!(param(&seen[1], "oauth_version").as_deref(), Some("1.0"));
    // Only the request that asks for it carries a body hash.
    assert!(param(&seen[4], "oauth_body_hash").is_some());
    assert!(seen[..4]
        .iter()
        .all(|s| param(s, "oauth_body_hash").is_none()));
    // The caller's query and form values were signed as they arrived.
    assert_eq!(param(&seen[0], "q").as_deref(), Some("a b+c"));
    assert_eq!(param(&seen[3], "name").as_deref(), Some("x y"));
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 5);
    assert_eq!(requests[0].url.query(), Some("q=a%20b%2Bc&x=1%2A%21"));
}

#[tokio::test]
async fn nonces_and_timestamps_are_fresh_unless_the_collection_fixes_them() {
    let (server, provider) = start().await;
    let client = client(&server.uri());
    for _ in 0..3 {
        client.oauth1().header_sha1().send().await.expect("signed");
        client
            .oauth1()
            .header_sha256_realm()
            .send()
            .await
            .expect("signed");
    }
    let seen = provider.accepted.lock().expect("log").clone();
    let nonces = |fixed: bool| -> Vec<String> {
        seen.iter()
            .filter(|s| (s.realm.is_some()) == fixed)
            .map(|s| param(s, "oauth_nonce").unwrap_or_default())
            .collect()
    };
    let random = nonces(false);
    assert_eq!(random.len(), 3);
    assert!(
        random[0] != random[1] && random[1] != random[2],
        "{random:?}"
    );
    assert!(random.iter().all(|n| n.len() == 11));
    assert_eq!(nonces(true), ["10", "10", "10"]);
}

#[tokio::test]
async fn without_credentials_nothing_is_signed_and_secrets_never_print() {
    let (server, _) = start().await;
    let unsigned = signing::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    assert!(unsigned.oauth1().header_sha1().send().await.is_err());
    let request = &server.received_requests().await.expect("recording")[0];
    assert!(!request.headers.contains_key("authorization"));
    let signed = client(&server.uri());
    let shown = format!("{signed:?}");
    assert!(
        !shown.contains(CONSUMER_SECRET) && !shown.contains(TOKEN_SECRET),
        "{shown}"
    );
}

#[tokio::test]
async fn rsa_sha256_in_the_header_and_rsa_sha1_in_the_query_pass_a_verifying_server() {
    let (server, provider) = start().await;
    let client = client(&server.uri());
    let outcome = client.oauth1_rsa().rsa_sha256_header().x("1").send().await;
    assert!(
        outcome.is_ok(),
        "{:?}",
        outcome.err().map(|e| e.to_string())
    );
    let outcome = client.oauth1_rsa().rsa_sha1_query().send().await;
    assert!(
        outcome.is_ok(),
        "{:?}",
        outcome.err().map(|e| e.to_string())
    );
    let accepted = provider.accepted.lock().expect("log").clone();
    assert_eq!(accepted.len(), 2);
    assert_eq!(accepted[0].place, "header");
    assert_eq!(
        param(&accepted[0], "oauth_signature_method").as_deref(),
        Some("RSA-SHA256")
    );
    assert_eq!(accepted[1].place, "query");
    assert_eq!(
        param(&accepted[1], "oauth_signature_method").as_deref(),
        Some("RSA-SHA1")
    );
    // `disableHeaderEncoding`: the base64 signature's `=` padding goes as it is
    // (the verifier above accepted it, so it is the right signature).
    let header = provider.headers.lock().expect("log")[0].clone();
    let signature = header
        .split("oauth_signature=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("signature");
    assert!(
        signature.ends_with('=') && !signature.contains('%'),
        "{header}"
    );
    // RSA schemes carry no token: the collection sets none.
    assert_eq!(param(&accepted[0], "oauth_token"), None);
    assert!(!format!("{client:?}").contains("PRIVATE KEY"));
}
