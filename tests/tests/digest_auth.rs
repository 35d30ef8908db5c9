//! Digest auth against a loopback server that verifies it as RFC 7616
//! servers do: it challenges an unsigned request, recomputes the response
//! from its own copy of the password, checks the nonce, opaque, URI and that
//! every nonce count is new, and rotates its nonce when told to.

mod support;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use md5::Md5;
use sha2::{Digest as _, Sha256, Sha512_256};
use support::loopback::{authorization, serve};
use test_clients::{signing, Error};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

const USER: &str = "alice";
const PASSWORD: &str = "wonder land";
const REALM: &str = "loopback@example.org";
const OPAQUE: &str = "5ccc069c403ebaf9f0171e9517f40e41";

fn hex(algorithm: &str, data: &str) -> String {
    let bytes: Vec<u8> = match algorithm.trim_end_matches("-sess") {
        "MD5" => Md5::digest(data.as_bytes()).to_vec(),
        "SHA-256" => Sha256::digest(data.as_bytes()).to_vec(),
        "SHA-512-256" => Sha512_256::digest(data.as_bytes()).to_vec(),
        other => panic!("algorithm {other}"),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `name=value` pairs of an `Authorization: Digest` header (values unquoted).
fn fields(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = header.strip_prefix("Digest ").unwrap_or_default();
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].trim().trim_start_matches(',').trim().to_string();
        let after = &rest[eq + 1..];
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"').expect("closing quote");
                (quoted[..end].to_string(), &quoted[end + 1..])
            }
            None => {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim().to_string(), &after[end..])
            }
        };
        out.push((name, value));
        rest = next;
    }
    out
}

#[derive(Default)]
struct DigestServer {
    password: &'static str,
    nonce: Mutex<String>,
    /// Rotate the nonce after this many accepted requests (a stale nonce).
    rotate_after: Option<usize>,
    accepted: AtomicUsize,
    /// (nonce, nc) pairs already used: a replay is refused.
    seen: Mutex<HashSet<(String, String)>>,
    /// Every accepted request's (algorithm, qop, nc).
    log: Mutex<Vec<(String, String, String)>>,
}

impl DigestServer {
    fn new(password: &'static str) -> Arc<Self> {
        Arc::new(DigestServer {
            password,
            nonce: Mutex::new("dcd98b7102dd2f0e8b11d0f600bfb0c093".to_string()),
            ..Default::default()
        })
    }

    fn challenge(&self) -> ResponseTemplate {
        let nonce = self.nonce.lock().expect("nonce").clone();
        let mut template = ResponseTemplate::new(401);
        // One challenge per algorithm, as RFC 7616 servers send them; MD5's without `algorithm`.
        for algorithm in [
            "",
            "MD5-sess",
            "SHA-256",
            "SHA-256-sess",
            "SHA-512-256",
            "SHA-512-256-sess",
        ] {
            let algorithm = if algorithm.is_empty() {
                String::new()
            } else {
                format!(", algorithm={algorithm}")
            };
            template = template.append_header(
                "WWW-Authenticate",
                format!(
                    "Digest realm=\"{REALM}\", qop=\"auth,auth-int\"{algorithm}, nonce=\"{nonce}\", opaque=\"{OPAQUE}\""
                )
                .as_str(),
            );
        }
        template
    }

    fn verify(&self, request: &Request) -> Result<(), String> {
        let header = authorization(request)?;
        let fields = fields(header);
        let get = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let nonce = self.nonce.lock().expect("nonce").clone();
        let mut uri = request.url.path().to_string();
        if let Some(query) = request.url.query() {
            uri = format!("{uri}?{query}");
        }
        for (name, expected) in [
            ("username", USER),
            ("realm", REALM),
            ("nonce", &nonce),
            ("opaque", OPAQUE),
            ("uri", &uri),
        ] {
            // A client that signs before any challenge has no opaque to return.
            if name == "opaque" && get(name).is_empty() {
                continue;
            }
            if get(name) != expected {
                return Err(format!("{name} is `{}`, not `{expected}`", get(name)));
            }
        }
        let algorithm = get("algorithm");
        let (qop, nc, cnonce) = (get("qop"), get("nc"), get("cnonce"));
        if !matches!(qop.as_str(), "auth" | "auth-int") || nc.len() != 8 || cnonce.is_empty() {
            return Err(format!("qop `{qop}`, nc `{nc}`, cnonce `{cnonce}`"));
        }
        if !self
            .seen
            .lock()
            .expect("seen")
            .insert((nonce.clone(), nc.clone()))
        {
            return Err(format!("nonce count {nc} replayed"));
        }
        let mut ha1 = hex(&algorithm, &format!("{USER}:{REALM}:{}", self.password));
        if algorithm.ends_with("-sess") {
            ha1 = hex(&algorithm, &format!("{ha1}:{nonce}:{cnonce}"));
        }
        let a2 = if qop == "auth-int" {
            let body = String::from_utf8(request.body.clone()).expect("utf-8 body");
            format!("{}:{uri}:{}", request.method, hex(&algorithm, &body))
        } else {
            format!("{}:{uri}", request.method)
        };
        let expected = hex(
            &algorithm,
            &format!("{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{}", hex(&algorithm, &a2)),
        );
        if get("response") != expected {
            return Err("wrong response".to_string());
        }
        self.log.lock().expect("log").push((algorithm, qop, nc));
        Ok(())
    }
}

/// The server's responder: a handle on its shared state.
struct Verifier(Arc<DigestServer>);

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let server = &self.0;
        if !request.headers.contains_key("authorization") {
            return server.challenge();
        }
        match server.verify(request) {
            Ok(()) => {
                let accepted = server.accepted.fetch_add(1, Ordering::SeqCst) + 1;
                if server.rotate_after == Some(accepted) {
                    *server.nonce.lock().expect("nonce") = format!("rotated-{accepted}");
                }
                ResponseTemplate::new(200)
            }
            Err(_) => server.challenge(),
        }
    }
}

async fn start(responder: Arc<DigestServer>) -> MockServer {
    serve(Verifier(responder)).await
}

fn client(base: &str, password: &str) -> signing::Client {
    signing::Client::builder()
        .base_url(base)
        .digest_auth(USER, password)
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_algorithm_and_qop_the_collection_uses_passes_a_verifying_server() {
    let responder = DigestServer::new(PASSWORD);
    let server = start(responder.clone()).await;
    let client = client(&server.uri(), PASSWORD);
    let digest = client.digest();
    digest.md5().page("1").send().await.expect("md5");
    digest.md5_sess().send().await.expect("md5-sess");
    digest
        .sha256_auth_int()
        .body(serde_json::from_str(r#"{"name":"x"}"#).expect("body"))
        .send()
        .await
        .expect("sha-256 auth-int");
    digest.sha256_sess().send().await.expect("sha-256-sess");
    digest
        .sha512_256()
        .a("1")
        .b("x y")
        .send()
        .await
        .expect("sha-512-256 auth-int");
    digest
        .sha512_256_sess()
        .send()
        .await
        .expect("sha-512-256-sess");
    let log = responder.log.lock().expect("log").clone();
    let algorithms: Vec<&str> = log.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        algorithms,
        [
            "MD5",
            "MD5-sess",
            "SHA-256",
            "SHA-256-sess",
            "SHA-512-256",
            "SHA-512-256-sess"
        ]
    );
    let qops: Vec<&str> = log.iter().map(|(_, q, _)| q.as_str()).collect();
    // The collection's qop where it sets one; else the server's first choice, `auth`.
    assert_eq!(
        qops,
        ["auth", "auth", "auth-int", "auth", "auth-int", "auth"]
    );
    // Each scheme met the challenge once: 6 unsigned requests and 6 signed ones.
    let received = server.received_requests().await.expect("recording");
    assert_eq!(received.len(), 12);
}

#[tokio::test]
async fn the_challenge_is_reused_with_the_next_nonce_count_and_shared_by_clones() {
    let responder = DigestServer::new(PASSWORD);
    let server = start(responder.clone()).await;
    let client = client(&server.uri(), PASSWORD);
    let clone = client.clone();
    client.digest().md5().send().await.expect("first");
    clone.digest().md5().send().await.expect("second");
    client.digest().md5().send().await.expect("third");
    let received = server.received_requests().await.expect("recording");
    assert_eq!(
        received.len(),
        4,
        "one challenge, then three signed requests"
    );
    let counts: Vec<String> = responder
        .log
        .lock()
        .expect("log")
        .iter()
        .map(|(_, _, nc)| nc.clone())
        .collect();
    assert_eq!(counts, ["00000001", "00000002", "00000003"]);
}

#[tokio::test]
async fn concurrent_requests_never_reuse_a_nonce_count() {
    let responder = DigestServer::new(PASSWORD);
    let server = start(responder.clone()).await;
    let client = client(&server.uri(), PASSWORD);
    client.digest().md5().send().await.expect("challenge met");
    let sends = (0..20).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.digest().md5().send().await.map(|_| ()) })
    });
    for handle in sends {
        handle.await.expect("task").expect("accepted");
    }
    // The server refuses a replayed (nonce, nc): all 21 signed requests were new.
    assert_eq!(responder.log.lock().expect("log").len(), 21);
}

#[tokio::test]
async fn a_stale_nonce_is_answered_by_signing_with_the_new_challenge() {
    let responder = Arc::new(DigestServer {
        password: PASSWORD,
        nonce: Mutex::new("first".to_string()),
        rotate_after: Some(1),
        ..Default::default()
    });
    let server = start(responder.clone()).await;
    let client = client(&server.uri(), PASSWORD);
    client.digest().md5().send().await.expect("first nonce");
    client.digest().md5().send().await.expect("rotated nonce");
    // challenge, signed; stale signed → new challenge, signed again.
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        4
    );
    let counts: Vec<String> = responder
        .log
        .lock()
        .expect("log")
        .iter()
        .map(|(_, _, nc)| nc.clone())
        .collect();
    assert_eq!(
        counts,
        ["00000001", "00000001"],
        "the count restarts with a new nonce"
    );
}

#[tokio::test]
async fn a_wrong_password_is_retried_once_then_the_401_is_returned_without_the_secret() {
    let responder = DigestServer::new(PASSWORD);
    let server = start(responder.clone()).await;
    let client = client(&server.uri(), "not-the-password");
    match client.digest().md5().send().await {
        Err(Error::Status(response)) => assert_eq!(response.status().as_u16(), 401),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );
    assert!(!format!("{client:?}").contains("not-the-password"));
}

#[tokio::test]
async fn a_realm_and_nonce_from_the_collection_sign_the_first_request_as_postman_does() {
    // Each case gets its own server: they would otherwise share its nonce's counts.
    async fn requests_for(nonce: Option<&str>) -> Vec<Request> {
        let responder = DigestServer::new(PASSWORD);
        let server = start(responder.clone()).await;
        let current = responder.nonce.lock().expect("nonce").clone();
        let mut builder = signing::Client::builder()
            .base_url(server.uri())
            .digest_auth(USER, PASSWORD);
        if let Some(nonce) = nonce {
            let nonce = if nonce == "current" {
                current
            } else {
                nonce.to_string()
            };
            builder = builder.digest_realm(REALM).digest_nonce(nonce);
        }
        let client = builder.build().expect("client");
        client
            .digest()
            .collection_nonce()
            .send()
            .await
            .expect("accepted");
        server.received_requests().await.expect("recording")
    }
    // Current: the first request is signed and accepted.
    assert_eq!(requests_for(Some("current")).await.len(), 1);
    // Stale: refused, then signed again with the server's challenge.
    let stale = requests_for(Some("stale")).await;
    assert_eq!(stale.len(), 2);
    assert!(stale[0].headers.contains_key("authorization"));
    // Not set: sent unsigned, then signed with the challenge.
    let unset = requests_for(None).await;
    assert_eq!(unset.len(), 2);
    assert!(!unset[0].headers.contains_key("authorization"));
}
