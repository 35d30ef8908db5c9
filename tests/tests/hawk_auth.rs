//! Hawk against a loopback server that authenticates requests as Hawk
//! servers do: it parses the header, recomputes the MAC over the request it
//! received with its own copy of the key, and checks the payload hash against
//! the body and content type it got.

mod support;

use std::sync::{Arc, Mutex};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};
use support::loopback::{authorization, expect_accepted, serve, verdict};
use test_clients::signing;
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

const ID: &str = "hawk-id";
const KEY: &str = "hawk key/secret";

fn mac(algorithm: &str, data: &[u8]) -> String {
    let bytes = match algorithm {
        "sha256" => {
            let mut mac = Hmac::<Sha256>::new_from_slice(KEY.as_bytes()).expect("key");
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        _ => {
            let mut mac = Hmac::<Sha1>::new_from_slice(KEY.as_bytes()).expect("key");
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
    };
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[derive(Default)]
struct Server {
    /// Each accepted request's attributes.
    accepted: Mutex<Vec<Vec<(String, String)>>>,
}

struct Verifier(Arc<Server>, &'static str);

impl Verifier {
    fn verify(&self, request: &Request) -> Result<Vec<(String, String)>, String> {
        let header = authorization(request)?;
        let rest = header.strip_prefix("Hawk ").ok_or("not Hawk")?;
        let attributes: Vec<(String, String)> = rest
            .split("\", ")
            .map(|part| {
                let (k, v) = part.split_once("=\"").expect("attribute");
                (k.to_string(), v.trim_end_matches('"').to_string())
            })
            .collect();
        let get = |name: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        if get("id") != ID {
            return Err("id".into());
        }
        let algorithm = self.1;
        let hash = get("hash");
        if !hash.is_empty() {
            let content_type = request
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let mime = content_type.split(';').next().unwrap_or_default().trim();
            let mut data = format!("hawk.1.payload\n{mime}\n").into_bytes();
            data.extend_from_slice(&request.body);
            data.push(b'\n');
            let expected = base64::engine::general_purpose::STANDARD.encode(match algorithm {
                "sha256" => Sha256::digest(&data).to_vec(),
                _ => <Sha1 as sha1::Digest>::digest(&data).to_vec(),
            });
            if hash != expected {
                return Err("payload hash".into());
            }
        }
        let host = request
            .headers
            .get("host")
            .and_then(|v| v.to_str().ok())
            .ok_or("no Host")?;
        let (hostname, port) = host.split_once(':').unwrap_or((host, "80"));
        let mut resource = request.url.path().to_string();
        if let Some(query) = request.url.query() {
            resource = format!("{resource}?{query}");
        }
        let mut normalized = format!(
            "hawk.1.header\n{}\n{}\n{}\n{resource}\n{hostname}\n{port}\n{hash}\n{}\n",
            get("ts"),
            get("nonce"),
            request.method,
            get("ext")
        );
        if !get("app").is_empty() {
            normalized.push_str(&format!("{}\n{}\n", get("app"), get("dlg")));
        }
        if get("mac") != mac(algorithm, normalized.as_bytes()) {
            return Err(format!("mac of {normalized:?}"));
        }
        Ok(attributes)
    }
}

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        verdict(&self.0.accepted, self.verify(request))
    }
}

async fn start(algorithm: &'static str) -> (MockServer, Arc<Server>) {
    let state = Arc::new(Server::default());
    let server = serve(Verifier(state.clone(), algorithm)).await;
    (server, state)
}

fn client(base: &str) -> signing::Client {
    signing::Client::builder()
        .base_url(base)
        .hawk_credentials(ID, KEY)
        .build()
        .expect("client")
}

#[tokio::test]
async fn the_folder_sha256_scheme_with_a_fixed_nonce_passes_a_verifying_server() {
    let (server, state) = start("sha256").await;
    let client = client(&server.uri());
    expect_accepted(client.hawk().fixed_nonce().b("1").a("2").send().await);
    let accepted = state.accepted.lock().expect("log").clone();
    let nonce = accepted[0]
        .iter()
        .find(|(k, _)| k == "nonce")
        .map(|(_, v)| v.as_str());
    assert_eq!(nonce, Some("RZKGNz"));
    assert!(!accepted[0].iter().any(|(k, _)| k == "hash" || k == "ext"));
}

#[tokio::test]
async fn sha1_with_ext_app_dlg_and_a_payload_hash_passes_a_verifying_server() {
    let (server, state) = start("sha1").await;
    let client = client(&server.uri());
    expect_accepted(
        client
            .hawk()
            .payload()
            .body("Thank you for flying Hawk")
            .send()
            .await,
    );
    let accepted = state.accepted.lock().expect("log").clone();
    let names: Vec<&str> = accepted[0].iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        ["id", "ts", "nonce", "hash", "ext", "mac", "app", "dlg"]
    );
    let nonce = &accepted[0][2].1;
    assert_eq!(
        nonce.len(),
        6,
        "a fresh nonce when the collection sets none"
    );
    assert!(!format!("{client:?}").contains(KEY));
}
