//! `protocolProfileBehavior` keys a request carries (`request.rs`'s
//! `ProtocolProfile`): URL encoding off, system headers left out, and
//! `strictSSL: false` against a TLS server whose certificate nobody signed.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, USER_AGENT};
use reqwest::Method;

use crate::runtime::auth::AuthScheme;
use crate::runtime::core::{ApiSpec, CoreBuilder, VariableSpec};
use crate::runtime::error::Error;
use crate::runtime::request::{ProtocolProfile, Request};

static SPEC: ApiSpec = ApiSpec {
    name: "test",
    servers: &["{{base}}"],
    variables: &[VariableSpec {
        name: "base",
        default: Some("http://localhost:1"),
        secret: false,
    }],
    auth: &[] as &[AuthScheme],
};

fn request(profile: ProtocolProfile) -> Request {
    let mut request = Request::new(Method::POST, 0, None, &[]);
    request.profile(profile);
    request
}

#[test]
fn disable_url_encoding_sends_the_callers_values_as_written_but_keeps_the_urls_structure() {
    let value = "a+b%2Cc|d^[e]".to_string();
    let mut encoded = request(ProtocolProfile::POSTMAN);
    let mut as_written = request(ProtocolProfile {
        encode_url: false,
        ..ProtocolProfile::POSTMAN
    });
    for request in [&mut encoded, &mut as_written] {
        request.param("id", value.clone(), "");
        request.param("slash", "x/y?z#w".to_string(), "");
        request.query("q", Some(value.clone()));
        request.query("r", Some("1&s=2#f".to_string()));
    }
    let core = CoreBuilder::new(&SPEC).build().expect("core");
    let url = |request: &Request| {
        core.prepare(request, None)
            .expect("prepared")
            .url
            .to_string()
    };
    assert_eq!(
        url(&encoded),
        "http://localhost:1/a+b%252Cc%7Cd%5E%5Be%5D/x%2Fy%3Fz%23w?q=a%2Bb%252Cc|d^[e]&r=1%26s=2%23f"
    );
    assert_eq!(
        url(&as_written),
        "http://localhost:1/a+b%2Cc|d^[e]/x%2Fy%3Fz%23w?q=a+b%2Cc|d^[e]&r=1%26s=2%23f"
    );
}

#[test]
fn disabled_system_headers_leave_out_the_user_agent_and_the_bodys_content_type() {
    let core = CoreBuilder::new(&SPEC).build().expect("core");
    let mut plain = request(ProtocolProfile::POSTMAN);
    let mut disabled = request(ProtocolProfile {
        disabled_headers: &["user-agent", "content-type"],
        ..ProtocolProfile::POSTMAN
    });
    let mut declared_agent = request(ProtocolProfile {
        disabled_headers: &["user-agent"],
        ..ProtocolProfile::POSTMAN
    });
    declared_agent.header_static("User-Agent", "mine/1");
    for request in [&mut plain, &mut disabled] {
        request.template("application/json", "{\"a\": 1}", &[]);
    }
    let prepared = core.prepare(&plain, None).expect("prepared");
    assert!(prepared.headers.contains_key(USER_AGENT));
    assert_eq!(prepared.headers[CONTENT_TYPE], "application/json");
    let prepared = core.prepare(&disabled, None).expect("prepared");
    assert!(
        !prepared.headers.contains_key(USER_AGENT),
        "{:?}",
        prepared.headers
    );
    assert!(
        !prepared.headers.contains_key(CONTENT_TYPE),
        "{:?}",
        prepared.headers
    );
    assert_eq!(prepared.body.as_deref(), Some(&b"{\"a\": 1}"[..]));
    // A header the collection declares is the collection's, not a system header.
    let prepared = core.prepare(&declared_agent, None).expect("prepared");
    assert_eq!(prepared.headers[USER_AGENT], "mine/1");
}

/// An HTTPS server on 127.0.0.1 with a self-signed certificate
/// (`fixtures/self_signed.*`, for `localhost` and `127.0.0.1`) answering 204
/// to every request it can read; returns its URL and how many it answered.
fn self_signed_server() -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certificate = CertificateDer::from_pem_slice(include_bytes!("fixtures/self_signed.crt"))
        .expect("certificate");
    let key =
        PrivateKeyDer::from_pem_slice(include_bytes!("fixtures/self_signed.key")).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(vec![certificate], key)
    .expect("server config");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!(
        "https://localhost:{}",
        listener.local_addr().expect("address").port()
    );
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = Arc::clone(&answered);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let connection =
                rustls::ServerConnection::new(Arc::clone(&config)).expect("connection");
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            // A client that refuses the certificate ends the handshake: the read fails.
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match tls.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => request.extend_from_slice(&buffer[..read]),
                }
            }
            if request.windows(4).any(|w| w == b"\r\n\r\n") {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = tls.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
                let _ = tls.flush();
            }
        }
    });
    (url, answered)
}

#[cfg(feature = "blocking")]
#[test]
fn strict_ssl_false_accepts_an_unverified_certificate_for_that_request_only() {
    let (url, answered) = self_signed_server();
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("base".to_string(), url);
    let core = builder.build().expect("core");
    let insecure = || {
        request(ProtocolProfile {
            strict_tls: false,
            ..ProtocolProfile::POSTMAN
        })
    };
    let strict = || request(ProtocolProfile::POSTMAN);

    let error = core
        .execute_blocking(strict())
        .expect_err("an unsigned certificate is refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let response = core
        .execute_blocking(insecure())
        .expect("strictSSL: false accepts it");
    assert_eq!(response.status.as_u16(), 204);
    // The other requests still verify, after the lenient client exists.
    let error = core.execute_blocking(strict()).expect_err("still refused");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(answered.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// The same through the async client: the lenient client is built for the
/// async transport too, and only that request uses it.
#[cfg(feature = "async")]
#[test]
fn strict_ssl_false_accepts_an_unverified_certificate_for_that_async_request_only() {
    let (url, answered) = self_signed_server();
    let mut builder = CoreBuilder::new(&SPEC);
    builder.var("base".to_string(), url);
    let core = builder.build().expect("core");
    let insecure = || {
        request(ProtocolProfile {
            strict_tls: false,
            ..ProtocolProfile::POSTMAN
        })
    };
    let strict = || request(ProtocolProfile::POSTMAN);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let error = core
            .execute(strict())
            .await
            .expect_err("an unsigned certificate is refused");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        let response = core
            .execute(insecure())
            .await
            .expect("strictSSL: false accepts it");
        assert_eq!(response.status.as_u16(), 204);
        let error = core.execute(strict()).await.expect_err("still refused");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
    });
    assert_eq!(answered.load(std::sync::atomic::Ordering::SeqCst), 1);
}
