//! The ways into the generated client for what its collection does not say,
//! against real HTTP servers on 127.0.0.1: per-request escape hatches
//! (`.header`, `.query`, `.json_body`, `.raw_body`).

mod support;

use generated_client::{zoom, Error};
use support::*;
use wiremock::ResponseTemplate;

fn zoom_client(base: &str) -> zoom::Client {
    zoom::Client::builder()
        .base_url(base)
        .access_token("secret-token")
        .build()
        .expect("client")
}

#[tokio::test]
async fn escape_hatch_headers_and_query_parameters_reach_the_wire() {
    let server = server(ResponseTemplate::new(204)).await;
    zoom_client(&server.uri())
        .webinars()
        .registrants()
        .update_registrants_status("42")
        .action(typed_str("approve"))
        .occurrence_id("typed")
        .header("X-New", "one")
        .header("x-new", "two")
        .header("Authorization", "Signed abc")
        .query("occurrence_id", "replaced")
        .query("new key=", "a&b c")
        .query("new key=", "again")
        .send()
        .await
        .expect("sent");
    let request = single_request(&server).await;
    let new: Vec<&str> = request
        .headers
        .get_all("x-new")
        .iter()
        .map(|v| v.to_str().expect("text"))
        .collect();
    assert_eq!(new, ["one", "two"]);
    // The caller's header replaces the one auth set.
    assert_eq!(header(&request, "authorization"), Some("Signed abc"));
    assert_eq!(
        request.url.query(),
        Some("occurrence_id=replaced&new%20key%3D=a%26b%20c&new%20key%3D=again")
    );
    // The collection's body is still sent.
    let parts = multipart(&request);
    assert_eq!(
        (parts[0].name.as_str(), parts[0].text()),
        ("action", "approve")
    );
}

#[tokio::test]
async fn a_json_or_raw_body_replaces_the_collections_body_and_its_required_inputs() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_client(&server.uri());
    // `action` is required by the collection, but the replaced body does not need it.
    client
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .json_body(&serde_json::json!({"action": "cancel", "new_field": [1, 2]}))
        .send()
        .await
        .expect("JSON body");
    client
        .webinars()
        .registrants()
        .update_registrants_status("2")
        .raw_body("text/csv", "a,b\n1,2\n")
        .header("content-type", "text/csv; charset=utf-8")
        .send()
        .await
        .expect("raw body");
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/json")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&requests[0].body).expect("JSON"),
        serde_json::json!({"action": "cancel", "new_field": [1, 2]})
    );
    assert_eq!(
        header(&requests[1], "content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(requests[1].body, b"a,b\n1,2\n");
}

#[tokio::test]
async fn invalid_escape_hatch_headers_fail_before_sending() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_client(&server.uri());
    for (name, value) in [("X-Ok", "line\r\nX-Injected: 1"), ("bad name", "v")] {
        let result = client
            .webinars()
            .registrants()
            .update_registrants_status("1")
            .action(typed_str("approve"))
            .header(name, value)
            .send()
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{name}: {result:?}"
        );
    }
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}
