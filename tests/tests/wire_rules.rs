//! Wire rules of issue #21 that need a caller's own calls, which the replay
//! harness of `xtask/src/wire_rules.rs` (the collection's own values only)
//! does not make: typed template setters, and a required field given by
//! name. The bytes a generated client sends for them, received by a loopback
//! server.

mod support;

use generated_client::{zoom, Error};
use test_clients::templates;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The collection's body, with `{{variables}}` outside quotes
/// (`tests/collections/template-bodies.postman_collection.json`).
const TEMPLATE: &str =
    "{\n  \"quantity\": {{quantity}},\n  \"discount\": {{discount}},\n  \"gift\": {{gift}},\n  \"note\": \"{{note}}\"\n}";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer) -> templates::Client {
    templates::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client")
}

/// Rule 1: a raw JSON body with variables outside quotes is a template. Its
/// variables' setters are typed by their collection values (`5` an `i64`,
/// `2.5` an `f64`, `true` a `bool`), and a typed value goes into the
/// collection's text as its JSON text, everything else byte for byte as the
/// collection has it; a variable left unset is sent with the client's value,
/// as newman renders it. A non-finite `f64` is `null`, as serde_json writes
/// it, so the body stays JSON.
#[tokio::test]
async fn rule_1_typed_template_setters_send_their_values_in_the_collections_text() {
    let server = server().await;
    let client = client(&server);
    client
        .create_order()
        .quantity(-12)
        .discount(0.125)
        .gift(false)
        .note("by noon")
        .send()
        .await
        .expect("sent");
    // Unset: the collection's values, as newman sends the collection.
    client.create_order().send().await.expect("sent");
    // One typed value set, the rest from the client's variables.
    templates::Client::builder()
        .base_url(server.uri())
        .var("discount", "7")
        .build()
        .expect("client")
        .create_order()
        .quantity(9_007_199_254_740_993)
        .send()
        .await
        .expect("sent");
    // A number JSON cannot hold is `null`, as serde_json writes it: the body stays JSON.
    client
        .create_order()
        .discount(f64::NAN)
        .send()
        .await
        .expect("sent");

    let received = server.received_requests().await.expect("recorded");
    let bodies: Vec<String> = received
        .iter()
        .map(|request| String::from_utf8(request.body.clone()).expect("utf-8"))
        .collect();
    let expected = |quantity: &str, discount: &str, gift: &str, note: &str| {
        TEMPLATE
            .replace("{{quantity}}", quantity)
            .replace("{{discount}}", discount)
            .replace("{{gift}}", gift)
            .replace("{{note}}", note)
    };
    assert_eq!(
        bodies,
        [
            expected("-12", "0.125", "false", "by noon"),
            expected("5", "2.5", "true", "leave at the door"),
            // An integer beyond f64's exact range arrives exactly.
            expected("9007199254740993", "7", "true", "leave at the door"),
            expected("5", "null", "true", "leave at the door"),
        ]
    );
    for (request, body) in received.iter().zip(&bodies) {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/orders");
        assert_eq!(
            request.headers.get("content-type").map(|v| v.as_bytes()),
            Some(&b"application/json"[..])
        );
        serde_json::from_str::<serde_json::Value>(body).expect("the rendered body is JSON");
    }
}

/// Rule 2: an OpenAPI converter's placeholder (`<string>`) where a required
/// form field's typed setter needs a value is sent as newman sends it, as text,
/// through `form_field`; given that way the field counts as set. Given neither
/// way, the request is refused before anything is sent.
#[tokio::test]
async fn rule_2_a_required_form_field_given_by_name_counts_as_set() {
    let server = server().await;
    let client = zoom::Client::builder()
        .base_url(server.uri())
        .access_token("secret-token")
        .build()
        .expect("client");
    let registrants = || client.webinars().registrants();
    let refused = registrants()
        .update_registrants_status("1")
        .send()
        .await
        .expect_err("`action` is required");
    assert!(
        matches!(&refused, Error::InvalidRequest(message) if message.contains("`action` is required")),
        "{refused:?}"
    );
    registrants()
        .update_registrants_status("2")
        .form_field("action", "<string>")
        .send()
        .await
        .expect("sent");
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1, "the refused request was not sent");
    let parts = support::multipart(&received[0]);
    let fields: Vec<(&str, &str)> = parts.iter().map(|p| (p.name.as_str(), p.text())).collect();
    assert_eq!(fields, [("action", "<string>")]);
}
