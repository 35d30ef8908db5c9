//! The ways into the generated client for what its collection does not say,
//! against real HTTP servers on 127.0.0.1: per-request escape hatches
//! (`.header`, `.query`, `.path_param`, `.json_body`, `.raw_body`) and client hooks
//! (`before_send`, `after_receive`), and the client builder's transport
//! settings (proxy and `NO_PROXY`, default headers, timeouts, a caller's own
//! `reqwest::Client`).

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use generated_client::{zoom, Customize, Error};
use support::*;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn escape_hatch_headers_and_query_parameters_reach_the_wire() {
    let server = server(ResponseTemplate::new(204)).await;
    approve_registrants(&zoom_client(&server.uri()), "42")
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
async fn the_path_param_escape_hatch_sends_its_text_in_place_of_the_arguments_value() {
    let server = server(ResponseTemplate::new(204)).await;
    zoom_client(&server.uri())
        .webinars()
        .registrants()
        .update_registrants_status("42")
        .action(typed_str("approve"))
        .path_param("webinarId", "first")
        .path_param("webinarId", "<long> a/b")
        .send()
        .await
        .expect("sent");
    let request = single_request(&server).await;
    // The last text given wins, encoded as data so that it stays one segment.
    assert_eq!(
        request.url.path(),
        "/webinars/%3Clong%3E%20a%2Fb/registrants/status"
    );
}

#[tokio::test]
async fn a_path_param_the_path_does_not_have_fails_before_sending() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_client(&server.uri());
    for (name, value) in [("meetingId", "1"), ("webinarId", ".."), ("webinarId", "")] {
        let result = client
            .webinars()
            .registrants()
            .update_registrants_status("42")
            .action(typed_str("approve"))
            .path_param(name, value)
            .send()
            .await;
        assert!(
            matches!(result, Err(Error::InvalidRequest(_))),
            "{name}={value}: {result:?}"
        );
    }
    assert!(server
        .received_requests()
        .await
        .expect("recording")
        .is_empty());
}

#[tokio::test]
async fn invalid_escape_hatch_headers_fail_before_sending() {
    let server = server(ResponseTemplate::new(204)).await;
    let client = zoom_client(&server.uri());
    for (name, value) in [("X-Ok", "line\r\nX-Injected: 1"), ("bad name", "v")] {
        let result = approve_registrants(&client, "1")
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
    let client = zoom_with(server.uri(), |builder| {
        builder
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
    });
    approve_registrants(&client, "42")
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
    let client = zoom_with(server.uri(), |builder| {
        builder.before_send(|_| Err("no signing key".into()))
    });
    let result = approve_registrants(&client, "1").send().await;
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
    let client = zoom_with(server.uri(), |builder| {
        builder.after_receive(|response| {
            assert_eq!(response.status().as_u16(), 204);
            assert_eq!(response.body(), Some(&b""[..]));
            match response.headers().get("x-api-warning") {
                Some(warning) => Err(format!("server warned: {}", warning.to_str()?).into()),
                None => Ok(()),
            }
        })
    });
    let result = approve_registrants(&client, "1").send().await;
    match result {
        Err(Error::Hook(error)) => {
            assert_eq!(error.to_string(), "server warned: this version is retired")
        }
        other => panic!("{other:?}"),
    }
    let blocking = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || {
            approve_registrants(&client, "1")
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

/// A forward proxy on 127.0.0.1 that answers every request itself with 204
/// and records each request's line (absolute-form for a proxied request).
async fn loopback_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let lines = Arc::new(Mutex::new(Vec::new()));
    let recorded = lines.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let length: usize = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                let mut body = vec![0u8; length];
                let _ = stream.read_exact(&mut body).await;
                recorded
                    .lock()
                    .expect("lock")
                    .push(head.lines().next().unwrap_or_default().to_string());
                let _ = stream
                    .write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (url, lines)
}

#[tokio::test]
async fn requests_go_through_the_proxy_except_to_no_proxy_hosts() {
    let (proxy, lines) = loopback_proxy().await;
    // A host that does not resolve: only the proxy can answer for it.
    let client = zoom_with("http://zoom.api.test", |builder| {
        builder.proxy(&proxy).no_proxy("127.0.0.1,localhost")
    });
    approve_registrants(&client, "42")
        .send()
        .await
        .expect("through the proxy");
    assert_eq!(
        lines.lock().expect("lock").clone(),
        ["PUT http://zoom.api.test/webinars/42/registrants/status HTTP/1.1"]
    );

    // A host on the NO_PROXY list is reached directly.
    let server = server(ResponseTemplate::new(204)).await;
    let direct = zoom_with(server.uri(), |builder| {
        builder.proxy(&proxy).no_proxy("127.0.0.1")
    });
    approve_registrants(&direct, "7")
        .send()
        .await
        .expect("direct");
    single_request(&server).await;
    assert_eq!(lines.lock().expect("lock").len(), 1);

    assert!(matches!(
        zoom::Client::builder().proxy("not a url").build(),
        Err(Error::Config(_))
    ));
}

#[tokio::test]
async fn default_headers_apply_with_the_runtimes_client_and_a_callers_own() {
    let server = server(ResponseTemplate::new(204)).await;
    for own_client in [false, true] {
        zoom_with(server.uri(), |builder| {
            let builder = builder
                .default_header("X-Tenant", "t1")
                .default_header("Authorization", "Bearer default");
            if own_client {
                builder.http_client(reqwest::Client::new())
            } else {
                builder
            }
        })
        .webinars()
        .registrants()
        .update_registrants_status("1")
        .action(typed_str("approve"))
        .header("X-Tenant", "per-request")
        .send()
        .await
        .expect("sent");
    }
    let requests = server.received_requests().await.expect("recording");
    assert_eq!(requests.len(), 2);
    for request in &requests {
        // The request's own header wins over the default; a default fills a gap.
        assert_eq!(header(request, "x-tenant"), Some("per-request"));
        assert_eq!(header(request, "authorization"), Some("Bearer default"));
    }
}

#[test]
fn transport_settings_with_a_callers_own_client_are_an_error_not_ignored() {
    let result = zoom::Client::builder()
        .http_client(reqwest::Client::new())
        .connect_timeout(Duration::from_secs(1))
        .proxy("http://127.0.0.1:9")
        .build();
    match result {
        Err(Error::Config(message)) => {
            assert!(message.contains("`connect_timeout`"), "{message}");
            assert!(message.contains("`proxy`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(zoom::Client::builder()
        .http_client(reqwest::Client::new())
        .timeout(Duration::from_secs(1))
        .build()
        .is_ok());
}

#[tokio::test]
async fn a_stalled_response_trips_the_read_timeout() {
    let server = server(ResponseTemplate::new(204).set_delay(Duration::from_secs(3))).await;
    let client = zoom_with(server.uri(), |builder| {
        builder.read_timeout(Duration::from_millis(200))
    });
    let started = std::time::Instant::now();
    let result = approve_registrants(&client, "1").send().await;
    match result {
        Err(Error::Transport(error)) => assert!(error.is_timeout(), "{error}"),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test(flavor = "multi_thread")]
async fn streamed_downloads_yield_the_body_and_error_statuses_still_fail() {
    let body: Vec<u8> = (0..3 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let server = server(ResponseTemplate::new(200).set_body_bytes(body.clone())).await;
    let client = zoom_with(server.uri(), |builder| {
        builder
            // Smaller than the body: a streamed call is not limited.
            .max_response_bytes(1024)
    });
    let mut stream = approve_registrants(&client, "1")
        .send_streaming()
        .await
        .expect("stream");
    assert_eq!(stream.status().as_u16(), 200);
    let mut received = Vec::new();
    while let Some(chunk) = stream.chunk().await.expect("chunk") {
        received.extend_from_slice(&chunk);
    }
    assert!(received == body, "the streamed body differs");

    let blocking = tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || {
            let mut reader = approve_registrants(&client, "1").send_streaming_blocking()?;
            let mut received = Vec::new();
            std::io::Read::read_to_end(&mut reader, &mut received).expect("read");
            Ok::<_, Error>(received)
        })
        .join()
        .expect("thread")
    })
    .await
    .expect("task")
    .expect("blocking stream");
    assert!(blocking == body, "the blocking streamed body differs");

    let missing = server_with(404).await;
    let result = approve_registrants(&zoom_client(&missing.uri()), "1")
        .send_streaming()
        .await;
    assert!(matches!(result, Err(Error::Status(_))), "{result:?}");
}

async fn server_with(status: u16) -> wiremock::MockServer {
    server(ResponseTemplate::new(status)).await
}

/// A stream of chunks, for `Upload::stream`.
struct Chunks(std::collections::VecDeque<bytes::Bytes>);

impl futures_core::Stream for Chunks {
    type Item = Result<bytes::Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.pop_front().map(Ok))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_from_a_file_a_reader_and_a_stream_reach_the_wire() {
    use generated_client::Upload;
    let server = server(ResponseTemplate::new(204)).await;
    let path = std::env::temp_dir().join(format!("i17-upload-{}.csv", std::process::id()));
    std::fs::write(&path, b"a,b\n1,2\n").expect("write");
    let client = zoom_client(&server.uri());
    let update = |id: &'static str| {
        client
            .webinars()
            .registrants()
            .update_registrants_status(id)
    };
    update("file")
        .upload_body(Upload::file(&path))
        .send()
        .await
        .expect("file");
    update("stream")
        .upload_body(
            Upload::stream(Chunks(
                [&b"one "[..], b"two"]
                    .into_iter()
                    .map(bytes::Bytes::from_static)
                    .collect(),
            ))
            .content_type("text/plain"),
        )
        .send()
        .await
        .expect("stream");
    // A stream is read once: the same upload sent again fails, naming why.
    let once = Upload::stream(Chunks(Default::default()));
    update("first")
        .upload_body(once.clone())
        .send()
        .await
        .expect("first");
    match update("again").upload_body(once).send().await {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("earlier attempt"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    let blocking_client = client.clone();
    let blocking_path = path.clone();
    tokio::task::spawn_blocking(move || {
        std::thread::spawn(move || {
            let update = |id: &'static str| {
                blocking_client
                    .webinars()
                    .registrants()
                    .update_registrants_status(id)
            };
            update("reader")
                .upload_body(Upload::reader(&b"from a reader"[..], None).content_type("text/plain"))
                .send_blocking()
                .expect("reader");
            update("blocking-file")
                .upload_body(Upload::file(&blocking_path))
                .send_blocking()
                .expect("blocking file");
        })
        .join()
        .expect("thread")
    })
    .await
    .expect("task");
    let _ = std::fs::remove_file(&path);

    let requests = server.received_requests().await.expect("recording");
    let by_id = |id: &str| {
        requests
            .iter()
            .find(|r| r.url.path() == format!("/webinars/{id}/registrants/status"))
            .unwrap_or_else(|| panic!("no request for {id}"))
    };
    let file = by_id("file");
    assert_eq!(file.body, b"a,b\n1,2\n");
    assert_eq!(header(file, "content-type"), Some("text/csv"));
    assert_eq!(header(file, "content-length"), Some("8"));
    let stream = by_id("stream");
    assert_eq!(stream.body, b"one two");
    assert_eq!(header(stream, "content-type"), Some("text/plain"));
    assert_eq!(by_id("reader").body, b"from a reader");
    assert_eq!(by_id("blocking-file").body, b"a,b\n1,2\n");
    assert_eq!(header(by_id("blocking-file"), "content-length"), Some("8"));
}
