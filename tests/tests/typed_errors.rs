//! Error statuses against a loopback server: the body of a documented error
//! status is decoded into the request's error enum, an undocumented one is
//! kept raw, `Display` shows the server's own message and `Debug` shows text
//! bodies as text.

mod support;

use generated_client::webex::operations::BatchUpdateMeetingRegistrantsStatusError as WebexError;
use generated_client::webex::types::Status;
use generated_client::{webex, Error};
use support::*;
use wiremock::ResponseTemplate;

/// Webex's error body, as its API documents it.
fn webex_body(message: &str) -> String {
    serde_json::json!({
        "message": message,
        "errors": [{"description": message}],
        "trackingId": "ROUTER_0123"
    })
    .to_string()
}

async fn webex_call(template: ResponseTemplate) -> Error {
    let server = server(template).await;
    webex::Client::builder()
        .base_url(server.uri())
        .bearer_token("test-token")
        .build()
        .expect("client")
        .batch_update_meeting_registrants_status(
            "870f51ff287b41be84648412901e0402",
            Status::Approve,
        )
        .body(typed(
            r#"{"sendEmail": true, "registrants": [{"id": "r1"}]}"#,
        ))
        .send()
        .await
        .expect_err("an error status")
}

fn json_reply(status: u16, body: String) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body, "application/json")
}

/// `Debug` output without the headers the server adds on its own (`date`).
fn stable_debug(error: &Error) -> String {
    let debug = format!("{error:#?}");
    debug
        .lines()
        .filter(|line| !line.trim_start().starts_with("\"date\":"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn webex_documented_errors_decode_into_the_error_enum() {
    for (status, message) in [
        (
            400,
            "The request was invalid: registrants must not be empty.",
        ),
        (404, "Meeting 870f51ff not found."),
        (429, "Too many requests; retry later."),
    ] {
        let error = webex_call(json_reply(status, webex_body(message))).await;
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let body = match (status, error.typed::<WebexError>()) {
            (400, Some(WebexError::Status400(body)))
            | (404, Some(WebexError::Status404(body)))
            | (429, Some(WebexError::Status429(body))) => body,
            (_, other) => panic!("{status}: {other:?}"),
        };
        assert_eq!(body.message, message);
        assert_eq!(body.tracking_id, "ROUTER_0123");
        assert_eq!(body.errors[0].description, message);
        // The server's message, not the collection's description of the status.
        let shown = error.to_string();
        if status == 429 {
            assert_eq!(shown, format!("rate limited: {message}"));
        }
        assert!(shown.contains(message), "{shown}");
        assert!(!shown.contains("An accompanying error message"), "{shown}");
    }
}

#[tokio::test]
async fn a_429_is_rate_limited_and_still_typed() {
    let reply = json_reply(429, webex_body("Slow down.")).insert_header("retry-after", "7");
    let error = webex_call(reply).await;
    let Error::RateLimited {
        retry_after,
        response,
    } = &error
    else {
        panic!("{error:?}")
    };
    assert_eq!(retry_after.map(|d| d.as_secs()), Some(7));
    assert_eq!(response.message(), Some("Slow down."));
    assert!(matches!(
        error.typed::<WebexError>(),
        Some(WebexError::Status429(_))
    ));
}

#[tokio::test]
async fn undocumented_statuses_and_bodies_that_do_not_fit_are_kept_raw() {
    let error = webex_call(ResponseTemplate::new(418).set_body_string("I am a teapot")).await;
    let Some(WebexError::Other(raw)) = error.typed::<WebexError>() else {
        panic!("{error:?}")
    };
    assert_eq!(raw.text(), Some("I am a teapot"));
    assert_eq!(
        error.to_string(),
        "error response: 418 I'm a teapot: I am a teapot"
    );

    // Documented status, but not the documented shape (not even an object,
    // which tolerant decoding would accept): raw.
    let error = webex_call(json_reply(404, r#""gone""#.into())).await;
    assert!(matches!(
        error.typed::<WebexError>(),
        Some(WebexError::Other(_))
    ));
    // The server's message inside an `error` object.
    let error = webex_call(json_reply(404, r#"{"error": {"message": "gone"}}"#.into())).await;
    assert_eq!(error.to_string(), "error response: 404 Not Found: gone");

    // Nothing from the server: the collection's description of the status.
    let error = webex_call(ResponseTemplate::new(404)).await;
    assert!(error.to_string().starts_with(
        "error response: 404 Not Found: The URI requested is invalid or the resource requested"
    ));
}

#[tokio::test]
async fn display_and_debug_show_the_servers_words() {
    let error = webex_call(json_reply(404, webex_body("Meeting 870f51ff not found."))).await;
    insta::assert_snapshot!(
        "webex_404",
        format!("Display: {error}\n\nDebug:\n{}", stable_debug(&error))
    );
}
