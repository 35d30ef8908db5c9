//! The future `send()` and `send_streaming()` return (`runtime::Sending`, a
//! named future instead of an `async fn` per operation): it is `Send`, sends
//! nothing until awaited, and sends once when it is.

mod support;

use std::future::Future;

use support::*;
use test_clients::pets;
use wiremock::ResponseTemplate;

fn assert_send<F: Future + Send>(future: F) -> F {
    future
}

async fn pets_server() -> wiremock::MockServer {
    server(
        ResponseTemplate::new(200)
            .set_body_raw(r#"[{"id": 7, "name": "Rex"}]"#, "application/json"),
    )
    .await
}

#[tokio::test]
async fn nothing_is_sent_until_the_future_is_awaited() {
    let server = pets_server().await;
    let client = pets::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    let pending = assert_send(client.list_pets().send());
    let streamed = assert_send(client.list_pets().send_streaming());
    drop((pending, streamed));
    let received = server.received_requests().await.expect("recording is on");
    assert!(received.is_empty(), "{received:?}");

    // Awaited on another task (so `Send` is needed, not only asserted): one request.
    let task = tokio::spawn({
        let client = client.clone();
        async move {
            client
                .list_pets()
                .send()
                .await
                .map(|response| response.into_inner())
        }
    });
    let pets = task.await.expect("joins").expect("decodes");
    assert_eq!(pets[0].id, 7);
    assert_eq!(pets[0].name, "Rex");
    single_request(&server).await;
}

#[tokio::test]
async fn a_streamed_body_arrives_through_its_future() {
    let server = pets_server().await;
    let client = pets::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    let mut stream = client.list_pets().send_streaming().await.expect("a stream");
    let mut body = Vec::new();
    while let Some(chunk) = stream.chunk().await.expect("a chunk") {
        body.extend_from_slice(&chunk);
    }
    assert_eq!(body, br#"[{"id": 7, "name": "Rex"}]"#);
    single_request(&server).await;
}
