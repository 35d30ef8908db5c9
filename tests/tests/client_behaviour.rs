//! How the generated client behaves beyond the happy path, against a real HTTP
//! server on 127.0.0.1: path parameters that try to escape their segment,
//! rate limiting, header injection, missing values, secrets in `Debug`, token
//! providers, retries, the blocking client and response limits.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use generated_client::RetryPolicy;
use generated_client::{webex, zoom, Error};
use support::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The Webex request body the collection gives.
fn webex_body() -> String {
    let api = api(WEBEX);
    raw_json_example(op(&api, "batch_update_meeting_registrants_status")).to_string()
}

/// A webinar status update with only its required value, for `id`.
async fn update_webinar(client: &zoom::Client, id: &str) -> Result<(), Error> {
    client
        .webinars()
        .registrants()
        .update_registrants_status(id)
        .action(typed_str("approve"))
        .send()
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_path_parameter_stays_inside_its_segment() {
    let server = server(ResponseTemplate::new(204)).await;
    update_webinar(&zoom_client(&server.uri()), "../x?y#z")
        .await
        .expect("sent");
    let request = single_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/webinars/..%2Fx%3Fy%23z/registrants/status"
    );
    assert_eq!(request.url.query(), None);
    assert_eq!(request.url.fragment(), None);
}

#[tokio::test]
async fn dot_segments_and_empty_path_parameters_are_refused_before_sending() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_client(&server.uri());
    for id in ["..", ".", ""] {
        match update_webinar(&client, id).await {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("webinarId"), "{message}")
            }
            other => panic!("`{id}`: {other:?}"),
        }
    }
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn rate_limiting_reads_retry_after_as_seconds_or_http_date() {
    let in_an_hour = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3600));
    for (value, expected) in [("120", 120u64), (in_an_hour.as_str(), 3600)] {
        let server = server(ResponseTemplate::new(429).insert_header("Retry-After", value)).await;
        match update_webinar(&zoom_client(&server.uri()), "1").await {
            Err(Error::RateLimited {
                retry_after: Some(wait),
                response,
            }) => {
                assert!(wait.as_secs().abs_diff(expected) <= 2, "{value}: {wait:?}");
                assert_eq!(response.status().as_u16(), 429);
                assert!(response
                    .description()
                    .is_some_and(|d| d.contains("rate limit")));
            }
            other => panic!("{value}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn header_values_with_line_breaks_are_rejected_before_sending() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_with(server.uri(), |builder| {
        builder.access_token("token\r\nX-Injected: 1")
    });
    assert!(matches!(
        update_webinar(&client, "1").await,
        Err(Error::InvalidRequest(_))
    ));
    let bad_agent = zoom::Client::builder()
        .user_agent("agent\nX-Injected: 1")
        .build();
    assert!(matches!(bad_agent, Err(Error::Config(_))));
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn a_missing_required_value_is_named_and_nothing_is_sent() {
    let server = server(ResponseTemplate::new(204)).await;
    let result = zoom_client(&server.uri())
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .send()
        .await;
    match result {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("`action`"), "{message}"),
        other => panic!("{other:?}"),
    }
    let body = webex_with(server.uri(), |builder| builder)
        .batch_update_meeting_registrants_status("m", typed_str("approve"))
        .send()
        .await;
    assert!(matches!(body, Err(Error::InvalidRequest(message)) if message.contains("`body`")));
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[test]
fn debug_output_redacts_secrets() {
    let zoom = zoom::Client::builder()
        .access_token("zoom-secret")
        .build()
        .expect("client");
    let webex = webex::Client::builder()
        .bearer_token("webex-secret")
        .build()
        .expect("client");
    let shown = format!("{zoom:?} {webex:?}");
    assert!(
        !shown.contains("zoom-secret") && !shown.contains("webex-secret"),
        "{shown}"
    );
    assert!(shown.contains("<redacted>"), "{shown}");
    assert!(
        shown.contains("https://api.zoom.us/v2"),
        "non-secret variables stay visible: {shown}"
    );
}

#[tokio::test]
async fn the_token_provider_is_asked_for_every_request() {
    let server = server(ResponseTemplate::new(204)).await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let client = webex_with(server.uri(), |builder| {
        builder.bearer_token("stale").token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, generated_client::BoxError>(format!("fresh-{n}")) }
        })
    });
    for _ in 0..2 {
        client
            .batch_update_meeting_registrants_status("m", typed_str("approve"))
            .body(typed(&webex_body()))
            .send()
            .await
            .expect("sent");
    }
    let requests = server.received_requests().await.expect("recording");
    let tokens: Vec<_> = requests
        .iter()
        .map(|r| header(r, "authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(tokens, ["Bearer fresh-1", "Bearer fresh-2"]);
}

/// 503 with `Retry-After: 0` once, then 204.
async fn flaky_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn retries_honour_retry_after_and_only_repeat_idempotent_requests_unless_asked() {
    let policy = RetryPolicy::new(2).initial_backoff(Duration::from_millis(1));

    // PUT is idempotent: retried.
    let server = flaky_server().await;
    let client = zoom_with(server.uri(), |builder| builder.retry(policy.clone()));
    update_webinar(&client, "1")
        .await
        .expect("succeeds on the retry");
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );

    // POST is not, unless the policy says so.
    let post = |server: &MockServer, policy: RetryPolicy| {
        let client = webex_with(server.uri(), |builder| builder.retry(policy));
        async move {
            client
                .batch_update_meeting_registrants_status("m", typed_str("approve"))
                .body(typed(&webex_body()))
                .send()
                .await
        }
    };
    let server = flaky_server().await;
    match post(&server, policy.clone()).await {
        Err(Error::Status(response)) => assert_eq!(response.status().as_u16(), 503),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        1
    );
    let server = flaky_server().await;
    post(&server, policy.retry_non_idempotent(true))
        .await
        .expect("retried");
    assert_eq!(
        server.received_requests().await.expect("recording").len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_blocking_client_sends_the_same_request() {
    let server = server(ResponseTemplate::new(204)).await;
    let uri = server.uri();
    // A plain thread: the blocking client must not live inside an async runtime.
    let status = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || {
            let client = zoom_client(&uri);
            client
                .webinars()
                .registrants()
                .update_registrants_status("42")
                .action(typed_str("deny"))
                .send_blocking()
                .map(|response| response.status().as_u16())
        })
        .join()
        .expect("thread")
    })
    .await
    .expect("task");
    assert!(matches!(status, Ok(204)), "{status:?}");
    let request = single_request(&server).await;
    assert_eq!(request.url.path(), "/webinars/42/registrants/status");
    let parts = multipart(&request);
    assert_eq!(parts.len(), 1);
    assert_eq!(
        (parts[0].name.as_str(), parts[0].text()),
        ("action", "deny")
    );
}

#[tokio::test]
async fn an_undecodable_success_keeps_its_raw_body() {
    let server =
        server(ResponseTemplate::new(200).set_body_raw("not json", "application/json")).await;
    let result = zoom_client(&server.uri())
        .meetings()
        .perform_batch_registration("1")
        .send()
        .await;
    match result {
        Err(Error::Decode(error)) => {
            assert_eq!(error.status.as_u16(), 200);
            assert_eq!(error.body, b"not json");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn responses_over_the_size_limit_are_refused() {
    let server =
        server(ResponseTemplate::new(200).set_body_raw(vec![b'x'; 4096], "text/plain")).await;
    let client = zoom_with(server.uri(), |builder| builder.max_response_bytes(100));
    assert!(matches!(
        update_webinar(&client, "1").await,
        Err(Error::ResponseTooLarge { limit: 100 })
    ));
}

#[tokio::test]
async fn variables_are_rendered_at_request_time_and_unset_ones_are_named() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom::Client::builder()
        .var("baseUrl", format!("{}/{{{{version}}}}", server.uri()))
        .var("version", "v9")
        .build()
        .expect("client");
    update_webinar(&client, "1").await.expect("sent");
    assert_eq!(
        single_request(&server).await.url.path(),
        "/v9/webinars/1/registrants/status"
    );

    let client = zoom::Client::builder()
        .var("baseUrl", "{{host}}/v2")
        .build()
        .expect("client");
    match update_webinar(&client, "1").await {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("`host`"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn invalid_base_urls_fail_when_building() {
    assert!(matches!(
        zoom::Client::builder().base_url("ftp://x").build(),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        zoom::Client::builder().base_url("not a url").build(),
        Err(Error::Config(_))
    ));
}

/// The typed accessors of the response headers that `tests/collections/response-headers`
/// saved examples show read what the server sends, typed as the examples
/// suggest, and say `None` for a header that is absent or does not fit.
#[tokio::test]
async fn response_header_accessors_read_the_servers_headers() {
    let reply = ResponseTemplate::new(200)
        .set_body_raw(r#"[{"id": 7, "name": "Rex"}]"#, "application/json")
        .insert_header("X-RateLimit-Limit", "5000")
        .insert_header("X-RateLimit-Remaining", "4999")
        .insert_header(
            "Link",
            "<https://pets.example.com/v1/pets?page=3>; rel=\"next\"",
        )
        .insert_header("ETag", "W/\"abc\"")
        .insert_header("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
    let server = server(reply).await;
    let client = pets_client(server.uri());
    let response = client.list_pets().send().await.expect("a page");
    assert_eq!(response.x_rate_limit_limit(), Some(5000));
    assert_eq!(response.x_rate_limit_remaining(), Some(4999));
    assert_eq!(
        response.link(),
        Some("<https://pets.example.com/v1/pets?page=3>; rel=\"next\"")
    );
    assert_eq!(response.etag(), Some("W/\"abc\""));
    assert_eq!(
        response.last_modified(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777))
    );
    assert_eq!(response.location(), None, "the server sent no Location");
    assert_eq!(response[0].name, "Rex");

    let created = server_with_location().await;
    let client = pets_client(created.uri());
    let response = client
        .add_pet()
        .body(typed(r#"{"name": "Rex"}"#))
        .send()
        .await
        .expect("created");
    assert_eq!(response.location(), Some("/v1/pets/8"));
    // A value that is not the number the examples show is `None`, not a panic.
    assert_eq!(response.x_rate_limit_remaining(), None);
    assert_eq!(
        response.headers()["x-ratelimit-remaining"],
        "unlimited",
        "the text is still there"
    );
}

async fn server_with_location() -> MockServer {
    server(
        ResponseTemplate::new(201)
            .set_body_raw(r#"{"id": 8, "name": "Rex"}"#, "application/json")
            .insert_header("Location", "/v1/pets/8")
            .insert_header("X-RateLimit-Remaining", "unlimited"),
    )
    .await
}

/// Headers of error statuses are read from the error response.
#[tokio::test]
async fn error_response_header_accessors_read_the_servers_headers() {
    let server = server(
        ResponseTemplate::new(429)
            .set_body_raw(r#"{"message": "slow down"}"#, "application/json")
            .insert_header("X-RateLimit-Reset", "1700000060"),
    )
    .await;
    let client = pets_client(server.uri());
    match client.list_pets().send().await {
        Err(test_clients::Error::RateLimited { response, .. }) => {
            assert_eq!(response.x_rate_limit_reset(), Some(1_700_000_060));
        }
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
    // The same status without the header: `None`.
    let bare = self::server(
        ResponseTemplate::new(429).set_body_raw(r#"{"message": "slow down"}"#, "application/json"),
    )
    .await;
    let client = pets_client(bare.uri());
    match client.list_pets().send().await {
        Err(test_clients::Error::RateLimited { response, .. }) => {
            assert_eq!(
                response.x_rate_limit_reset(),
                None,
                "the server sent no X-RateLimit-Reset"
            );
        }
        other => panic!("expected a rate-limit error, got {other:?}"),
    }
}
