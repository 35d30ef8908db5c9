//! AWS Signature v4 against a loopback server that verifies requests as AWS
//! does: it rebuilds the canonical request from what it received (the
//! headers named as signed, the path and query in canonical form, the hash of
//! the body it got), derives the signing key from its own copy of the secret
//! for the credential scope, and compares signatures; it also checks the
//! date's shape, the session token and that every `x-amz-*` header is signed.

mod support;

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use hmac::{Hmac, Mac};
use sha2::{Digest as _, Sha256};
use support::loopback::{expect_accepted, form_decode_bytes, form_pairs, serve};
use test_clients::signing;
use test_clients::Customize;
use wiremock::{Request, Respond, ResponseTemplate};

const ACCESS_KEY: &str = "AKIDLOOPBACK";
const SECRET_KEY: &str = "loopback/secret+KEY";
const SESSION: &str = "session/token==";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("key");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// URI encoding as AWS specifies it: all but unreserved characters.
fn uri_encode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
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
    region: String,
    service: String,
    signed_headers: Vec<String>,
    session: Option<String>,
}

#[derive(Default)]
struct Aws {
    accepted: Mutex<Vec<Seen>>,
}

struct Verifier(Arc<Aws>);

impl Verifier {
    fn verify(&self, request: &Request) -> Result<Seen, String> {
        let header = |name: &str| {
            request
                .headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().expect("ascii").to_string())
                .collect::<Vec<_>>()
        };
        // A presigned request carries the signature's fields in `X-Amz-*` query
        // parameters, the others in the `Authorization` header and `x-amz-*` headers.
        let query_pairs = form_pairs(request.url.query().unwrap_or_default());
        let from_query = |name: &str| {
            query_pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        let presigned = from_query("X-Amz-Signature").is_some();
        let authorization = if presigned {
            String::new()
        } else {
            header("authorization").pop().ok_or("no Authorization")?
        };
        let rest = if presigned {
            ""
        } else {
            authorization
                .strip_prefix("AWS4-HMAC-SHA256 ")
                .ok_or("not SigV4")?
        };
        let field = |name: &str| {
            if presigned {
                return from_query(&format!("X-Amz-{name}")).ok_or(format!("no X-Amz-{name}"));
            }
            rest.split(", ")
                .find_map(|f| f.strip_prefix(&format!("{name}=")))
                .map(str::to_string)
                .ok_or(format!("no {name}"))
        };
        let credential = field("Credential")?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [key, date, region, service, "aws4_request"] = scope[..] else {
            return Err(format!("scope {credential}"));
        };
        if key != ACCESS_KEY {
            return Err(format!("access key {key}"));
        }
        let amz_date = if presigned {
            field("Date")?
        } else {
            header("x-amz-date").pop().ok_or("no x-amz-date")?
        };
        if !amz_date.starts_with(date) {
            return Err("date and scope differ".to_string());
        }
        // Signed now: AWS refuses dates more than 15 minutes off.
        let stamp = httpdate::fmt_http_date(SystemTime::now());
        let year = &stamp[12..16];
        if !amz_date.starts_with(year) || amz_date.len() != 16 || !amz_date.ends_with('Z') {
            return Err(format!("x-amz-date {amz_date}"));
        }
        let signed: Vec<String> = field("SignedHeaders")?
            .split(';')
            .map(str::to_string)
            .collect();
        let required: &[&str] = if presigned {
            &["host"]
        } else {
            &["host", "x-amz-date"]
        };
        for &required in required {
            if !signed.iter().any(|h| h == required) {
                return Err(format!("{required} is not signed"));
            }
        }
        for (name, _) in request.headers.iter() {
            if name.as_str().starts_with("x-amz-") && !signed.iter().any(|h| h == name.as_str()) {
                return Err(format!("{name} is not signed"));
            }
        }
        let session = header("x-amz-security-token")
            .pop()
            .or_else(|| from_query("X-Amz-Security-Token"));
        if session.as_deref().is_some_and(|token| token != SESSION) {
            return Err("session token".to_string());
        }
        let s3 = service == "s3";
        // S3 leaves a presigned request's payload unsigned.
        let body_hash = if presigned && s3 {
            "UNSIGNED-PAYLOAD".to_string()
        } else {
            hex(&Sha256::digest(&request.body))
        };
        if let Some(claimed) = header("x-amz-content-sha256").pop() {
            if claimed != body_hash {
                return Err("x-amz-content-sha256 is not the body's hash".to_string());
            }
        }
        let path = request
            .url
            .path()
            .split('/')
            .map(|segment| {
                if s3 {
                    uri_encode(&form_decode_bytes(segment))
                } else {
                    uri_encode(segment.as_bytes())
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut query: Vec<String> = request
            .url
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("X-Amz-Signature="))
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                format!(
                    "{}={}",
                    uri_encode(&form_decode_bytes(k)),
                    uri_encode(&form_decode_bytes(v))
                )
            })
            .collect();
        query.sort();
        let canonical_headers: String = signed
            .iter()
            .map(|name| {
                let values: Vec<String> = header(name)
                    .iter()
                    .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                format!("{name}:{}\n", values.join(","))
            })
            .collect();
        let canonical = format!(
            "{}\n{path}\n{}\n{canonical_headers}\n{}\n{body_hash}",
            request.method,
            query.join("&"),
            signed.join(";")
        );
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{date}/{region}/{service}/aws4_request\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let mut key = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date);
        for part in [region, service, "aws4_request"] {
            key = hmac(&key, part);
        }
        if field("Signature")? != hex(&hmac(&key, &to_sign)) {
            return Err(format!("signature of\n{canonical}"));
        }
        Ok(Seen {
            region: region.to_string(),
            service: service.to_string(),
            signed_headers: signed,
            session,
        })
    }
}

impl Respond for Verifier {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match self.verify(request) {
            Ok(seen) => {
                self.0.accepted.lock().expect("log").push(seen);
                ResponseTemplate::new(200)
            }
            Err(why) => ResponseTemplate::new(403).set_body_string(why),
        }
    }
}

#[tokio::test]
async fn every_service_region_and_token_combination_passes_a_verifying_server() {
    let aws = Arc::new(Aws::default());
    let server = serve(Verifier(aws.clone())).await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .aws_credentials(ACCESS_KEY, SECRET_KEY)
        .aws_session_token(SESSION)
        .build()
        .expect("client");
    let aws_api = client.aws();
    expect_accepted(
        aws_api
            .list_users()
            .action("ListUsers")
            .version("2010-05-08")
            .marker("a b+c/d")
            .send()
            .await,
    );
    expect_accepted(
        aws_api
            .invoke()
            .body(serde_json::from_str(r#"{"name":"x"}"#).expect("body"))
            .send()
            .await,
    );
    expect_accepted(aws_api.put_object().body("hello").send().await);
    let seen = aws.accepted.lock().expect("log").clone();
    let scopes: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.region.as_str(), s.service.as_str()))
        .collect();
    // The folder's IAM in us-east-1; lambda in the `awsRegion` variable's default; S3.
    assert_eq!(
        scopes,
        [
            ("us-east-1", "iam"),
            ("eu-west-1", "lambda"),
            ("eu-west-1", "s3")
        ]
    );
    // The caller's session token signs the scheme that has one in the collection
    // (whose literal is never used); the others go without, as in Postman.
    let sessions: Vec<Option<&str>> = seen.iter().map(|s| s.session.as_deref()).collect();
    assert_eq!(sessions, [None, Some(SESSION), None]);
    // The collection's header is signed; User-Agent never is.
    assert!(seen[0].signed_headers.contains(&"x-custom".to_string()));
    assert!(seen
        .iter()
        .all(|s| !s.signed_headers.contains(&"user-agent".to_string())));
    // Bodies are hashed into x-amz-content-sha256; a bodiless GET outside S3 has none.
    assert!(!seen[0]
        .signed_headers
        .contains(&"x-amz-content-sha256".to_string()));
    assert!(seen[1..].iter().all(|s| s
        .signed_headers
        .contains(&"x-amz-content-sha256".to_string())));
}

#[tokio::test]
async fn a_wrong_secret_is_refused_and_the_secret_never_prints() {
    let aws = Arc::new(Aws::default());
    let server = serve(Verifier(aws.clone())).await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .aws_credentials(ACCESS_KEY, "not-the-secret")
        .build()
        .expect("client");
    let error = client.aws().list_users().send().await.expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    assert!(!format!("{error:?}{client:?}").contains("not-the-secret"));
}

#[tokio::test]
async fn a_presigned_s3_request_carries_its_signature_in_the_query() {
    let aws = Arc::new(Aws::default());
    let server = serve(Verifier(aws.clone())).await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .aws_credentials(ACCESS_KEY, SECRET_KEY)
        .build()
        .expect("client");
    let outcome = client
        .aws_presigned()
        .presigned_object()
        .version_id("3")
        .send()
        .await;
    assert!(
        outcome.is_ok(),
        "{:?}",
        outcome
            .err()
            .and_then(|e| e.response().and_then(|r| r.text()).map(str::to_string))
    );
    let seen = aws.accepted.lock().expect("log").clone();
    assert_eq!(seen[0].service, "s3");
    assert_eq!(seen[0].signed_headers, ["host"]);
}

#[tokio::test]
async fn a_streamed_upload_is_refused_rather_than_signed_without_its_body() {
    let server = serve(ResponseTemplate::new(200)).await;
    let client = signing::Client::builder()
        .base_url(server.uri())
        .aws_credentials(ACCESS_KEY, SECRET_KEY)
        .build()
        .expect("client");
    let path = std::env::temp_dir().join(format!("i16-upload-{}.txt", std::process::id()));
    std::fs::write(&path, "hello").expect("file");
    // The payload hash must cover the body, which is read only while sent.
    let error = client
        .aws()
        .put_object()
        .upload_body(test_clients::Upload::file(&path))
        .send()
        .await
        .expect_err("refused");
    assert!(
        error
            .to_string()
            .contains("AWS Signature Version 4 signs the request body"),
        "{error}"
    );
    assert!(server.received_requests().await.expect("log").is_empty());
    // The same body in memory is signed and sent.
    client
        .aws()
        .put_object()
        .raw_body("text/plain", "hello")
        .send()
        .await
        .expect("signed");
    assert_eq!(server.received_requests().await.expect("log").len(), 1);
    let _ = std::fs::remove_file(&path);
}
