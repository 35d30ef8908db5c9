//! The generated types' own `Serialize` and `Deserialize` (through the
//! runtime's `object.rs`, not serde's derives), used directly as a user
//! would: JSON keys that differ from the field names, absent, unknown and
//! repeated keys, nested lists, `Option`s left out, and serde_json's error
//! messages. Decoding through the client (tolerance of `null` and integral
//! floats) is `tolerant_decoding.rs`; the runtime's unit tests compare these
//! impls with the derive input by input (`runtime/src/tests/object.rs`).

use generated_client::webex::types::{
    BatchUpdateMeetingRegistrantsStatusErrorBody as WebexErrorBody,
    BatchUpdateMeetingRegistrantsStatusRequest as WebexRequest, ErrorItem,
    Registrant as WebexRegistrant,
};
use generated_client::zoom::types::Registrant as ZoomRegistrant;

#[test]
fn json_keys_that_differ_from_field_names_read_and_write() {
    let request: WebexRequest = serde_json::from_str(
        r#"{"sendEmail": true, "registrants": [{"id": "a"}, {"id": "b", "unknown": [null, {"x": 1}]}], "other": 1}"#,
    )
    .expect("decodes");
    assert_eq!(
        request,
        WebexRequest {
            send_email: true,
            registrants: vec![
                WebexRegistrant { id: "a".into() },
                WebexRegistrant { id: "b".into() },
            ],
        }
    );
    assert_eq!(
        serde_json::to_string(&request).expect("encodes"),
        r#"{"sendEmail":true,"registrants":[{"id":"a"},{"id":"b"}]}"#
    );
    // The Rust field name is not a key the type reads.
    let by_rust_name: WebexRequest =
        serde_json::from_str(r#"{"send_email": true}"#).expect("decodes");
    assert!(!by_rust_name.send_email);
    // Through `serde_json::Value`, both ways.
    let value = serde_json::to_value(&request).expect("to value");
    assert_eq!(value["sendEmail"], true);
    let back: WebexRequest = serde_json::from_value(value).expect("from value");
    assert_eq!(back, request);
}

#[test]
fn absent_keys_read_as_defaults_and_none_is_left_out() {
    let body: WebexErrorBody = serde_json::from_str(r#"{"trackingId": "T1"}"#).expect("decodes");
    assert_eq!(
        body,
        WebexErrorBody {
            tracking_id: "T1".into(),
            ..WebexErrorBody::default()
        }
    );
    let body: WebexErrorBody =
        serde_json::from_str(r#"{"errors": [{"description": "d"}, {}], "message": "m"}"#)
            .expect("decodes");
    assert_eq!(
        body.errors,
        [
            ErrorItem {
                description: "d".into()
            },
            ErrorItem::default()
        ]
    );
    assert_eq!(body.message, "m");

    let registrant: ZoomRegistrant = serde_json::from_str(r#"{"id": "z"}"#).expect("decodes");
    assert_eq!(registrant.email, None);
    assert_eq!(
        serde_json::to_string(&registrant).expect("encodes"),
        r#"{"id":"z"}"#
    );
    let registrant = ZoomRegistrant {
        email: Some("e@example.com".into()),
        ..registrant
    };
    assert_eq!(
        serde_json::to_string(&registrant).expect("encodes"),
        r#"{"id":"z","email":"e@example.com"}"#
    );
}

/// serde_json's messages, naming the struct where the derive's did, with
/// the line and column.
#[test]
fn errors_name_what_was_expected_and_where() {
    let error = serde_json::from_str::<WebexRequest>(r#""text""#).expect_err("not an object");
    assert_eq!(
        error.to_string(),
        "invalid type: string \"text\", expected struct BatchUpdateMeetingRegistrantsStatusRequest at line 1 column 6"
    );
    let error = serde_json::from_str::<WebexRequest>("{\n  \"sendEmail\": \"yes\"\n}")
        .expect_err("not a boolean");
    assert_eq!(
        error.to_string(),
        "invalid type: string \"yes\", expected a boolean at line 2 column 20"
    );
    let error = serde_json::from_str::<WebexRequest>(r#"{"registrants": [{"id": 5}]}"#)
        .expect_err("not a string");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: integer `5`, expected a string"),
        "{error}"
    );
}

/// A key that repeats keeps its last value, as serde_json's `Value` does.
#[test]
fn a_repeated_key_keeps_its_last_value() {
    let request: WebexRequest =
        serde_json::from_str(r#"{"sendEmail": false, "sendEmail": true}"#).expect("decodes");
    assert!(request.send_email);
}
