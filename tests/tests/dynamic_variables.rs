//! Postman's dynamic variables on the wire: each fixed header value
//! that holds one (`tests/collections/dynamic-variables.postman_collection.json`)
//! arrives as a value of its kind, two calls draw different values, and a
//! retried call resends the values of its first attempt.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use test_clients::dynamic;
use test_clients::RetryPolicy;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The dynamic parts of one received request, by the header that carried them
/// (and any query pairs).
fn drawn(request: &Request) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = request
        .url
        .query_pairs()
        .map(|(key, value)| (format!("query {key}"), value.into_owned()))
        .collect();
    for name in [
        "idempotency-key",
        "x-sent-at",
        "x-email",
        "x-note",
        "x-request-id",
        "x-random-int",
        "x-timestamp",
        "x-first-name",
    ] {
        let value = request
            .headers
            .get(name)
            .expect(name)
            .to_str()
            .expect("ascii");
        values.insert(format!("header {name}"), value.to_string());
    }
    values
}

fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && text.as_bytes()[14] == b'4'
}

/// `2024-02-29T23:59:59.123Z`, in this year.
fn is_recent_iso_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape = text.len() == 24
        && text.ends_with('Z')
        && [4, 7].iter().all(|&i| bytes[i] == b'-')
        && bytes[10] == b'T'
        && [13, 16].iter().all(|&i| bytes[i] == b':')
        && bytes[19] == b'.';
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock");
    let year = 1970 + now.as_secs() / 31_556_952;
    shape
        && text[..4]
            .parse::<u64>()
            .is_ok_and(|drawn| drawn.abs_diff(year) <= 1)
}

fn assert_kinds(values: &BTreeMap<String, String>) {
    let value = |name: &str| {
        values
            .get(name)
            .unwrap_or_else(|| panic!("{name} in {values:?}"))
            .as_str()
    };
    assert!(is_uuid_v4(value("header idempotency-key")), "{values:?}");
    assert!(is_uuid_v4(value("header x-request-id")), "{values:?}");
    assert!(
        is_recent_iso_timestamp(value("header x-sent-at")),
        "{values:?}"
    );
    let int: u32 = value("header x-random-int")
        .parse()
        .expect("$randomInt is an integer");
    assert!(int <= 1000, "{int}");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let timestamp: u64 = value("header x-timestamp")
        .parse()
        .expect("$timestamp is seconds");
    assert!(now.abs_diff(timestamp) < 60, "{timestamp} vs {now}");
    let email = value("header x-email");
    let (local, domain) = email.split_once('@').expect("an email has an @");
    assert!(
        !local.is_empty() && domain.contains('.') && !email.contains(' '),
        "{email}"
    );
    let sentence = value("header x-note");
    assert!(
        sentence.ends_with('.') && sentence.split(' ').count() >= 3,
        "{sentence}"
    );
    assert!(
        sentence.starts_with(|c: char| c.is_ascii_uppercase()),
        "{sentence}"
    );
    let first = value("header x-first-name");
    assert!(
        !first.is_empty() && !first.contains(char::is_whitespace) && !first.starts_with('{'),
        "{first}"
    );
}

#[tokio::test]
async fn each_dynamic_variable_arrives_as_a_fresh_value_of_its_kind() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = dynamic::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    client.create_person().send().await.expect("first call");
    client.create_person().send().await.expect("second call");
    let requests = server.received_requests().await.expect("recording");
    let [first, second] = [&requests[0], &requests[1]].map(drawn);
    assert_kinds(&first);
    assert_kinds(&second);
    for name in [
        "header idempotency-key",
        "header x-request-id",
        "header x-email",
        "header x-note",
    ] {
        assert_ne!(first[name], second[name], "{name} is drawn per call");
    }
    // Each occurrence draws its own value, as in Postman.
    assert_ne!(
        first["header idempotency-key"],
        first["header x-request-id"]
    );
}

#[tokio::test]
async fn a_retried_call_resends_the_values_of_its_first_attempt() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = dynamic::Client::builder()
        .base_url(server.uri())
        .retry(
            RetryPolicy::new(2)
                .initial_backoff(Duration::from_millis(1))
                .retry_non_idempotent(true),
        )
        .build()
        .expect("client");
    client
        .create_person()
        .send()
        .await
        .expect("succeeds on the second retry");
    client.create_person().send().await.expect("a second call");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 4);
    let attempts: Vec<_> = requests.iter().map(drawn).collect();
    assert_kinds(&attempts[0]);
    assert_eq!(
        attempts[0], attempts[1],
        "the first retry resends the same values"
    );
    assert_eq!(
        attempts[0], attempts[2],
        "the second retry resends the same values"
    );
    assert_ne!(
        attempts[0]["header idempotency-key"],
        attempts[3]["header idempotency-key"]
    );
}

#[test]
fn the_blocking_client_draws_once_per_call_too() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503))
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
    });
    let client = dynamic::Client::builder()
        .base_url(server.uri())
        .retry(
            RetryPolicy::new(1)
                .initial_backoff(Duration::from_millis(1))
                .retry_non_idempotent(true),
        )
        .build()
        .expect("client");
    client
        .create_person()
        .send_blocking()
        .expect("succeeds on the retry");
    let requests = runtime
        .block_on(server.received_requests())
        .expect("recording");
    let attempts: Vec<_> = requests.iter().map(drawn).collect();
    assert_eq!(attempts.len(), 2);
    assert_kinds(&attempts[0]);
    assert_eq!(attempts[0], attempts[1]);
}
