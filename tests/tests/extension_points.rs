//! The ways into the generated client for what its collection does not say,
//! against real HTTP servers on 127.0.0.1: per-request escape hatches
//! (`.header`, `.query`, `.json_body`, `.raw_body`) and client hooks
//! (`before_send`, `after_receive`).

mod support;

use std::sync::{Arc, Mutex};

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

/// A toy signature: the method, path and query, hashed with std's SipHash.
fn toy_signature(method: &str, path: &str, query: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (method, path, query).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

#[tokio::test]
async fn before_send_hooks_sign_requests_in_order_and_know_the_operation() {
    let server = server(ResponseTemplate::new(204)).await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen_by_hook = seen.clone();
    let client = zoom::Client::builder()
        .base_url(server.uri())
        .access_token("secret-token")
        .before_send(|request| {
            request
                .url_mut()
                .query_pairs_mut()
                .append_pair("timestamp", "1700000000000");
            Ok(())
        })
        .before_send(move |request| {
            // Runs second: it signs what the first hook added.
            let signature = toy_signature(
                request.method().as_str(),
                request.url().path(),
                request.url().query().unwrap_or(""),
            );
            request
                .headers_mut()
                .insert("x-signature", signature.parse()?);
            let operation = *request.operation();
            seen_by_hook.lock().expect("lock").push((
                operation.name,
                operation.item_id.is_some(),
                operation.method,
                operation.path_template,
                request.attempt(),
            ));
            Ok(())
        })
        .build()
        .expect("client");
    client
        .webinars()
        .registrants()
        .update_registrants_status("42")
        .action(typed_str("approve"))
        .send()
        .await
        .expect("sent");
    let request = single_request(&server).await;
    assert_eq!(request.url.query(), Some("timestamp=1700000000000"));
    assert_eq!(
        header(&request, "x-signature"),
        Some(
            toy_signature(
                "PUT",
                "/webinars/42/registrants/status",
                "timestamp=1700000000000"
            )
            .as_str()
        )
    );
    let seen = seen.lock().expect("lock").clone();
    assert_eq!(seen.len(), 1);
    let (name, has_id, method, template, attempt) = seen[0];
    assert!(name.contains("update_registrants_status"), "{name}");
    assert!(has_id);
    assert_eq!(
        (method, template, attempt),
        ("PUT", "/webinars/{webinarId}/registrants/status", 0)
    );
}

#[tokio::test]
async fn a_before_send_hook_error_sends_nothing() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom::Client::builder()
        .base_url(server.uri())
        .before_send(|_| Err("no signing key".into()))
        .build()
        .expect("client");
    let result = client
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .action(typed_str("approve"))
        .send()
        .await;
    match result {
        Err(Error::Hook(error)) => assert_eq!(error.to_string(), "no signing key"),
        other => panic!("{other:?}"),
    }
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_after_receive_hook_rejects_a_response_async_and_blocking() {
    let server = server(
        ResponseTemplate::new(204).insert_header("x-api-warning", "this version is retired"),
    )
    .await;
    let client = zoom::Client::builder()
        .base_url(server.uri())
        .after_receive(|response| {
            assert_eq!(response.status().as_u16(), 204);
            assert_eq!(response.body(), Some(&b""[..]));
            match response.headers().get("x-api-warning") {
                Some(warning) => Err(format!("server warned: {}", warning.to_str()?).into()),
                None => Ok(()),
            }
        })
        .build()
        .expect("client");
    let result = client
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .action(typed_str("approve"))
        .send()
        .await;
    match result {
        Err(Error::Hook(error)) => {
            assert_eq!(error.to_string(), "server warned: this version is retired")
        }
        other => panic!("{other:?}"),
    }
    let blocking = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || {
            client
                .webinars()
                .registrants()
                .update_registrants_status("1")
                .action(typed_str("approve"))
                .send_blocking()
                .map(|_| ())
        })
        .join()
        .expect("thread")
    })
    .await
    .expect("task");
    assert!(matches!(blocking, Err(Error::Hook(_))), "{blocking:?}");
}
