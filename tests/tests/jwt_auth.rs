//! JWT bearer and ASAP against a loopback server that authenticates tokens
//! as such services do: it takes the token from where the collection puts
//! it, checks the JOSE header and claims, and verifies the signature with its
//! own copy of the secret (HMAC computed here) or the public key.

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use sha2::{Sha256, Sha512};
use test_clients::signing;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The HS secret, itself base64 text: HS256 signs with the text, the HS512
/// scheme (`isSecretBase64Encoded`) with the bytes it decodes to, as they
/// are (bytes above 0x7f included, as Node's `Buffer.from(.., 'base64')`).
const SECRET: &str = "//6Ac2VjcmV0LWtleS1mb3ItdGVzdHM=";
const SECRET_DECODED: &[u8] = b"\xff\xfe\x80secret-key-for-tests";
const RSA_PRIVATE: &str = include_str!("jwt_keys/rsa.private.pem");
const RSA_PUBLIC: &str = include_str!("jwt_keys/rsa.public.pem");
const EC_PRIVATE: &str = include_str!("jwt_keys/ec.private.pem");
const EC_PUBLIC: &str = include_str!("jwt_keys/ec.public.pem");
/// Throwaway test keys of other kinds: a P-521 key (ES512), a P-256 key in
/// SEC1 form (`BEGIN EC PRIVATE KEY`, with its public key), and the key of
/// `EC_PRIVATE` encrypted as PKCS#8 with the passphrase `test-passphrase`
/// (`openssl pkcs8 -topk8 -v2 aes-256-cbc`).
const ES512_PUBLIC: &str = include_str!("jwt_keys/es512.public.pem");
const ES512_PRIVATE: &str = include_str!("jwt_keys/es512.private.pem");
const SEC1_PRIVATE: &str = include_str!("jwt_keys/ec-sec1.private.pem");
const SEC1_PUBLIC: &str = include_str!("jwt_keys/ec-sec1.public.pem");
const EC_ENCRYPTED: &str = include_str!("jwt_keys/ec.encrypted.pem");

fn b64url(text: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .expect("base64url")
}

/// A token the server accepted: its header and payload texts as sent.
#[derive(Debug, Clone)]
struct Accepted {
    path: String,
    header: String,
    payload: String,
    query: String,
}

#[derive(Default)]
struct Server {
    accepted: Mutex<Vec<Accepted>>,
    /// The public key ES256 tokens are checked with (default `EC_PUBLIC`).
    es256_public: Mutex<Option<&'static str>>,
}

struct Verifier(Arc<Server>);

fn hmac_b64url(algorithm: &str, key: &[u8], data: &[u8]) -> String {
    let bytes = if algorithm == "HS512" {
        let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("key");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    } else {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("key");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Checks an ES512 signature (`r || s`, base64url) with the P-521 public key.
fn verify_es512(signature: &str, message: &[u8]) -> Result<bool, String> {
    use p521::ecdsa::signature::Verifier as _;
    use p521::elliptic_curve::sec1::ToEncodedPoint;
    use p521::pkcs8::DecodePublicKey;
    let public = p521::PublicKey::from_public_key_pem(ES512_PUBLIC).map_err(|e| e.to_string())?;
    let key = p521::ecdsa::VerifyingKey::from_encoded_point(&public.to_encoded_point(false))
        .map_err(|e| e.to_string())?;
    let signature =
        p521::ecdsa::Signature::from_slice(&b64url(signature)).map_err(|e| e.to_string())?;
    Ok(key.verify(message, &signature).is_ok())
}

impl Verifier {
    fn verify(&self, request: &Request) -> Result<Accepted, String> {
        let path = request.url.path().to_string();
        let authorization = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        // Where each request's scheme puts the token, and its prefix.
        let token = match path.as_str() {
            "/jwt/rs256" => request
                .url
                .query_pairs()
                .find(|(k, _)| k == "t")
                .map(|(_, v)| v.to_string())
                .ok_or("no token in `t`")?,
            "/jwt/es256" => authorization
                .strip_prefix("JWT ")
                .ok_or("not `JWT <token>`")?
                .to_string(),
            // The collection's empty `headerPrefix`: the bare token.
            "/jwt/hs256" if authorization.is_empty() => return Err("no token".into()),
            "/jwt/hs256" => authorization.to_string(),
            _ => authorization
                .strip_prefix("Bearer ")
                .ok_or("not `Bearer <token>`")?
                .to_string(),
        };
        let parts: Vec<&str> = token.split('.').collect();
        let [header64, payload64, signature] = parts[..] else {
            return Err("not a JWS".into());
        };
        let header = String::from_utf8(b64url(header64)).map_err(|e| e.to_string())?;
        let payload = String::from_utf8(b64url(payload64)).map_err(|e| e.to_string())?;
        let alg = serde_json::from_str::<Value>(&header).map_err(|e| e.to_string())?["alg"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let message = format!("{header64}.{payload64}");
        let valid = match alg.as_str() {
            "HS256" => signature == hmac_b64url("HS256", SECRET.as_bytes(), message.as_bytes()),
            "HS512" => signature == hmac_b64url("HS512", SECRET_DECODED, message.as_bytes()),
            "ES512" => verify_es512(signature, message.as_bytes())?,
            "RS256" | "ES256" => {
                let (key, alg) = if alg == "RS256" {
                    (
                        DecodingKey::from_rsa_pem(RSA_PUBLIC.as_bytes()),
                        Algorithm::RS256,
                    )
                } else {
                    let public = self
                        .0
                        .es256_public
                        .lock()
                        .expect("key")
                        .unwrap_or(EC_PUBLIC);
                    (
                        DecodingKey::from_ec_pem(public.as_bytes()),
                        Algorithm::ES256,
                    )
                };
                let key = key.map_err(|e| e.to_string())?;
                jsonwebtoken::crypto::verify(signature, message.as_bytes(), &key, alg)
                    .map_err(|e| e.to_string())?
            }
            other => return Err(format!("algorithm {other}")),
        };
        if !valid {
            return Err(format!("bad {alg} signature"));
        }
        if path == "/jwt/asap" {
            // An ASAP server validates the registered claims, expiry included.
            let mut validation = Validation::new(Algorithm::RS256);
            validation.set_audience(&["other-service"]);
            validation.set_issuer(&["my-service"]);
            validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
            let key =
                DecodingKey::from_rsa_pem(RSA_PUBLIC.as_bytes()).map_err(|e| e.to_string())?;
            jsonwebtoken::decode::<Value>(&token, &key, &validation)
                .map_err(|e| format!("ASAP claims: {e}"))?;
        }
        Ok(Accepted {
            path,
            header,
            payload,
            query: request.url.query().unwrap_or_default().to_string(),
        })
    }
}

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.verify(request) {
            Ok(accepted) => {
                self.0.accepted.lock().expect("log").push(accepted);
                ResponseTemplate::new(200)
            }
            Err(why) => ResponseTemplate::new(401).set_body_string(why),
        }
    }
}

async fn start() -> (MockServer, Arc<Server>) {
    let state = Arc::new(Server::default());
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(Verifier(state.clone()))
        .mount(&server)
        .await;
    (server, state)
}

/// A client with every key; the ES256 request's key variable is set after
/// `jwt_private_key`, which sets both RS and ES keys.
fn client(base: &str) -> signing::Client {
    signing::Client::builder()
        .base_url(base)
        .jwt_secret(SECRET)
        .jwt_private_key(RSA_PRIVATE)
        .var("jwtEcKey", EC_PRIVATE)
        .asap_private_key(RSA_PRIVATE)
        .jwt_subject("alice")
        .build()
        .expect("client")
}

fn check<T>(outcome: Result<T, test_clients::Error>) {
    if let Err(error) = outcome {
        panic!(
            "{error}: {:?}",
            error.response().and_then(|r| r.text()).map(str::to_string)
        );
    }
}

fn last(state: &Server) -> Accepted {
    state
        .accepted
        .lock()
        .expect("log")
        .last()
        .cloned()
        .expect("accepted")
}

#[tokio::test]
async fn hs256_in_the_header_carries_the_collection_header_and_payload_as_postman_lays_them_out() {
    let (server, state) = start().await;
    check(client(&server.uri()).jwt().hs256_header().send().await);
    let accepted = last(&state);
    // The collection's fields in order, then `alg` (Postman's `{ ...header,
    // alg }`); no `typ` or `iat` added.
    assert_eq!(
        accepted.header,
        r#"{"typ":"JWT","kid":"key-1","alg":"HS256"}"#
    );
    assert_eq!(
        accepted.payload,
        r#"{"sub":"alice","name":"John Doe","admin":true,"iat":1516239022}"#
    );
}

#[tokio::test]
async fn rs256_replaces_the_named_query_parameter() {
    let (server, state) = start().await;
    check(
        client(&server.uri())
            .jwt()
            .rs256_query()
            .t("stale")
            .page("2")
            .send()
            .await,
    );
    let accepted = last(&state);
    assert!(
        accepted.query.starts_with("page=2&t=ey"),
        "{}",
        accepted.query
    );
    assert!(!accepted.query.contains("stale"), "{}", accepted.query);
    assert_eq!(accepted.header, r#"{"alg":"RS256"}"#);
    assert_eq!(accepted.payload, r#"{"sub":"rsa-user","aud":["a","b"]}"#);
}

#[tokio::test]
async fn es256_with_a_prefix_sets_the_algorithm_over_the_collection_header_alg_in_its_place() {
    let (server, state) = start().await;
    check(client(&server.uri()).jwt().es256_prefix().send().await);
    assert_eq!(last(&state).header, r#"{"alg":"ES256","cty":"x"}"#);
}

#[tokio::test]
async fn hs512_signs_with_the_decoded_base64_secret() {
    let (server, state) = start().await;
    check(
        client(&server.uri())
            .jwt()
            .hs512_base64_secret()
            .send()
            .await,
    );
    assert_eq!(last(&state).payload, r#"{"sub":"b64"}"#);
}

#[tokio::test]
async fn asap_tokens_pass_claim_validation_with_a_fresh_jti_each() {
    let (server, state) = start().await;
    let client = client(&server.uri());
    check(client.jwt().asap().send().await);
    check(client.jwt().asap().send().await);
    let accepted = state.accepted.lock().expect("log").clone();
    assert_eq!(accepted.len(), 2);
    assert_eq!(
        accepted[0].header,
        r#"{"alg":"RS256","kid":"service/key-1"}"#
    );
    let claims: Vec<Value> = accepted
        .iter()
        .map(|a| serde_json::from_str(&a.payload).expect("claims"))
        .collect();
    let first = &claims[0];
    // The claims' own `sub` wins over the issuer; the lifetime is the collection's.
    assert_eq!(first["sub"], "acting-user");
    assert_eq!(first["scope"], "read");
    assert_eq!(first["iss"], "my-service");
    assert_eq!(
        first["exp"].as_u64().expect("exp") - first["iat"].as_u64().expect("iat"),
        600
    );
    assert_eq!(first["jti"].as_str().map(str::len), Some(36));
    assert_ne!(first["jti"], claims[1]["jti"]);
    assert_eq!(accepted[0].path, "/jwt/asap");
}

#[tokio::test]
async fn without_a_key_no_token_is_sent_and_keys_never_show_in_debug() {
    let (server, state) = start().await;
    let bare = signing::Client::builder()
        .base_url(server.uri())
        .jwt_subject("alice")
        .build()
        .expect("client");
    let error = bare.jwt().hs256_header().send().await.expect_err("refused");
    let body = error.response().and_then(|r| r.text()).map(str::to_string);
    assert_eq!(body.as_deref(), Some("no token"));
    assert!(state.accepted.lock().expect("log").is_empty());
    let client = client(&server.uri());
    let debug = format!("{client:?}");
    assert!(
        !debug.contains(SECRET) && !debug.contains("PRIVATE KEY"),
        "{debug}"
    );
}

#[tokio::test]
async fn es512_tokens_verify_with_the_p521_public_key() {
    let (server, state) = start().await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .var("jwtEs512Key", ES512_PRIVATE)
        .build()
        .expect("client");
    check(client.jwt().es512().send().await);
    let accepted = last(&state);
    assert_eq!(accepted.path, "/jwt/es512");
    assert_eq!(accepted.header, r#"{"alg":"ES512"}"#);
    assert_eq!(accepted.payload, r#"{"sub":"p521-user"}"#);
}

#[tokio::test]
async fn sec1_and_passphrase_protected_ec_keys_sign_es256() {
    let (server, state) = start().await;
    *state.es256_public.lock().expect("key") = Some(SEC1_PUBLIC);
    let sec1 = signing::Client::builder()
        .base_url(server.uri())
        .var("jwtEcKey", SEC1_PRIVATE)
        .build()
        .expect("client");
    check(sec1.jwt().es256_prefix().send().await);
    assert_eq!(last(&state).path, "/jwt/es256");

    *state.es256_public.lock().expect("key") = Some(EC_PUBLIC);
    let encrypted = |passphrase: Option<&str>| {
        let builder = signing::Client::builder()
            .base_url(server.uri())
            .var("jwtEcKey", EC_ENCRYPTED);
        match passphrase {
            Some(passphrase) => builder.jwt_private_key_passphrase(passphrase),
            None => builder,
        }
        .build()
        .expect("client")
    };
    check(
        encrypted(Some("test-passphrase"))
            .jwt()
            .es256_prefix()
            .send()
            .await,
    );
    assert_eq!(state.accepted.lock().expect("log").len(), 2);
    // A wrong or missing passphrase: a clear error, nothing sent.
    for (passphrase, says) in [
        (Some("wrong"), "wrong passphrase"),
        (None, "no passphrase is set"),
    ] {
        let error = encrypted(passphrase)
            .jwt()
            .es256_prefix()
            .send()
            .await
            .expect_err("not signed");
        assert!(error.to_string().contains(says), "{error}");
    }
    assert_eq!(state.accepted.lock().expect("log").len(), 2);
    assert_eq!(server.received_requests().await.expect("log").len(), 2);
}
