//! Redirects against two real servers on 127.0.0.1 (two ports, so two
//! origins): a credential the client adds never reaches the second one, and
//! neither does the body of an authenticated request (issue #18, item 1).

mod support;

use generated_client::{zoom, Error};
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "secret-token-18";

fn zoom_client(base: &str) -> zoom::Client {
    zoom::Client::builder()
        .base_url(base)
        .access_token(TOKEN)
        .build()
        .expect("client")
}

/// A server answering every request with `status` and `Location: location`.
async fn redirecting(status: u16, location: &str) -> MockServer {
    server(ResponseTemplate::new(status).insert_header("location", location)).await
}

/// Everything the server received, as text, for searching.
async fn everything_received(server: &MockServer) -> String {
    let requests = server.received_requests().await.expect("recording");
    requests
        .iter()
        .map(|request| {
            let headers: Vec<String> = request
                .headers
                .iter()
                .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("?")))
                .collect();
            format!(
                "{} {}\n{}\n{}",
                request.method,
                request.url,
                headers.join("\n"),
                String::from_utf8_lossy(&request.body)
            )
        })
        .collect()
}

#[tokio::test]
async fn item_1_a_cross_origin_302_is_followed_without_the_credential() {
    let other = server(ResponseTemplate::new(204)).await;
    let first = redirecting(302, &format!("{}/elsewhere", other.uri())).await;
    approve_registrants(&zoom_client(&first.uri()), "1")
        .send()
        .await
        .expect("followed to the other origin");
    let seen_first = everything_received(&first).await;
    assert!(
        seen_first.contains(TOKEN),
        "the API's own origin gets the token: {seen_first}"
    );
    let seen = everything_received(&other).await;
    assert!(
        seen.starts_with("GET "),
        "302 turns a PUT into a GET, as Postman does: {seen}"
    );
    assert!(!seen.contains(TOKEN), "the token crossed origins: {seen}");
    assert!(
        !seen.to_ascii_lowercase().contains("authorization"),
        "{seen}"
    );
    assert!(
        !seen.contains("approve"),
        "the body crossed origins: {seen}"
    );
}

#[tokio::test]
async fn item_1_a_cross_origin_307_with_credentials_stops_and_sends_nothing_there() {
    for status in [307, 308] {
        let other = server(ResponseTemplate::new(204)).await;
        let first = redirecting(status, &format!("{}/elsewhere", other.uri())).await;
        let outcome = approve_registrants(&zoom_client(&first.uri()), "1")
            .send()
            .await;
        match outcome {
            Err(Error::Redirect { location, .. }) => {
                assert!(location.ends_with("/elsewhere"), "{location}")
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(
            everything_received(&other).await,
            "",
            "{status}: the other origin was called"
        );
    }
}

#[tokio::test]
async fn item_1_a_same_origin_307_keeps_the_credential_and_the_body() {
    let target = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/moved"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&target)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .mount(&target)
        .await;
    approve_registrants(&zoom_client(&target.uri()), "1")
        .send()
        .await
        .expect("followed");
    let requests = target.received_requests().await.expect("recording");
    let last = requests.last().expect("two requests");
    assert_eq!((requests.len(), last.url.path()), (2, "/moved"));
    assert_eq!(
        header(last, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert!(String::from_utf8_lossy(&last.body).contains("approve"));
}

#[test]
fn item_1_the_blocking_client_keeps_the_credential_on_its_origin_too() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (first, other) = runtime.block_on(async {
        let other = server(ResponseTemplate::new(204)).await;
        let first = redirecting(302, &format!("{}/elsewhere", other.uri())).await;
        (first, other)
    });
    approve_registrants(&zoom_client(&first.uri()), "1")
        .send_blocking()
        .expect("followed");
    let seen = runtime.block_on(everything_received(&other));
    assert!(seen.starts_with("GET ") && !seen.contains(TOKEN), "{seen}");
}
