//! Every operation of the checked-in collections, driven against a real HTTP
//! server on 127.0.0.1: the request on the wire must be what the collection
//! describes, and every saved example response, served back, must decode into
//! the documented variant or error.
//!
//! Expected values come from the lowered collections, not from the generated
//! code; the calls pass the collections' own example values.

mod support;

use generated_client::{webex, zoom, Error};
use postman_codegen::unstable::ir::{Api, Body};
use serde_json::Value;
use support::*;
use wiremock::ResponseTemplate;

/// Every operation of `collections/`: (collection file, unique operation name).
const OPERATIONS: &[(&str, &str)] = &[
    (ZOOM, "update_registrants_status"),
    (ZOOM, "recordings_registrants_update_registrants_status"),
    (ZOOM, "perform_batch_registration"),
    (ZOOM, "webinars_registrants_update_registrants_status"),
    (WEBEX, "batch_update_meeting_registrants_status"),
];

const TOKEN: &str = "test-token";

/// What a success decoded into, independent of the generated types.
#[derive(Debug, PartialEq)]
enum Decoded {
    Empty,
    Text(String),
    Json(Value),
    /// A variant of a response enum, by name, with what it holds.
    Variant(&'static str, Box<Decoded>),
}

struct Success {
    status: u16,
    decoded: Decoded,
}

/// Calls operation `name` against `base` with the collection's example values.
async fn call(api: &Api, name: &str, base: &str) -> Result<Success, Error> {
    let op = op(api, name);
    let zoom = || {
        zoom::Client::builder()
            .base_url(base)
            .access_token(TOKEN)
            .build()
            .expect("client")
    };
    let (status, decoded) = match name {
        "update_registrants_status" => {
            let response = zoom()
                .meetings()
                .registrants()
                .update_registrants_status(path_example(op, "meetingId"))
                .occurrence_id(query_example(op, "occurrence_id"))
                .action(typed_str(&form_example(op, "action")))
                .registrants(typed(&form_example(op, "registrants")))
                .send()
                .await?;
            (response.status(), Decoded::Empty)
        }
        "recordings_registrants_update_registrants_status" => {
            let response = zoom()
                .meetings()
                .recordings()
                .registrants()
                .update_registrants_status(path_example(op, "meetingId"))
                .action(typed_str(&form_example(op, "action")))
                .registrants(typed(&form_example(op, "registrants")))
                .send()
                .await?;
            (response.status(), Decoded::Empty)
        }
        "perform_batch_registration" => {
            let response = zoom()
                .meetings()
                .perform_batch_registration(path_example(op, "meetingId"))
                .auto_approve(typed(&form_example(op, "auto_approve")))
                .registrants(typed(&form_example(op, "registrants")))
                .send()
                .await?;
            let json = serde_json::to_value(&*response).expect("serializable");
            (response.status(), Decoded::Json(json))
        }
        "webinars_registrants_update_registrants_status" => {
            use zoom::webinars::registrants::UpdateRegistrantsStatusResponse as R;
            let response = zoom()
                .webinars()
                .registrants()
                .update_registrants_status(path_example(op, "webinarId"))
                .occurrence_id(query_example(op, "occurrence_id"))
                .action(typed_str(&form_example(op, "action")))
                .registrants(typed(&form_example(op, "registrants")))
                .send()
                .await?;
            let status = response.status();
            let decoded = match response.into_inner() {
                R::Ok(text) => Decoded::Variant("Ok", Box::new(Decoded::Text(text))),
                R::NoContent => Decoded::Variant("NoContent", Box::new(Decoded::Empty)),
                R::Other(raw) => Decoded::Variant(
                    "Other",
                    Box::new(Decoded::Text(raw.text().unwrap_or("").into())),
                ),
            };
            (status, decoded)
        }
        "batch_update_meeting_registrants_status" => {
            let body = raw_json_example(op).to_string();
            let response = webex::Client::builder()
                .base_url(base)
                .bearer_token(TOKEN)
                .build()
                .expect("client")
                .batch_update_meeting_registrants_status(
                    path_example(op, "meetingId"),
                    typed_str(&path_example(op, "status")),
                )
                .current(typed(&query_example(op, "current")))
                .host_email(query_example(op, "hostEmail"))
                .body(typed(&body))
                .send()
                .await?;
            (response.status(), Decoded::Empty)
        }
        other => panic!("no call written for `{other}`: add it to `call`"),
    };
    Ok(Success {
        status: status.as_u16(),
        decoded,
    })
}

#[test]
fn the_table_covers_every_operation_of_the_collections() {
    for file in [ZOOM, WEBEX] {
        for op in &api(file).operations {
            assert!(
                OPERATIONS.contains(&(file, op.name.as_str())),
                "`{}` of {file} is not exercised: add it to OPERATIONS and `call`",
                op.name
            );
        }
    }
}

#[tokio::test]
async fn every_operation_sends_what_the_collection_describes() {
    for &(file, name) in OPERATIONS {
        let api = api(file);
        let op = op(&api, name);
        let server = server(ResponseTemplate::new(204)).await;
        let _ = call(&api, name, &server.uri()).await;
        let request = single_request(&server).await;

        assert_eq!(
            request.method.as_str(),
            op.method.as_str(),
            "{name}: method"
        );
        assert_eq!(request.url.path(), expected_path(&api, op), "{name}: path");
        assert_eq!(
            request.url.query(),
            expected_query(op).as_deref(),
            "{name}: query"
        );
        let authorization = format!("Bearer {TOKEN}");
        assert_eq!(
            header(&request, "authorization"),
            Some(authorization.as_str()),
            "{name}: auth"
        );
        for header_name in request.headers.keys() {
            let value = request.headers.get(header_name).expect("present");
            assert!(
                !value.as_bytes().contains(&b'\n'),
                "{name}: header {header_name}"
            );
        }

        match &op.body {
            Some(Body::FormData { .. }) => {
                let parts = multipart(&request);
                let expected = expected_form_fields(op);
                let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
                let expected_names: Vec<&str> = expected.iter().map(|(n, _)| n.as_str()).collect();
                assert_eq!(names, expected_names, "{name}: multipart fields in order");
                for (part, (field, value)) in parts.iter().zip(&expected) {
                    assert_eq!(
                        part.filename, None,
                        "{name}.{field}: a text part has no filename"
                    );
                    assert_eq!(
                        part.content_type, None,
                        "{name}.{field}: a text part has no Content-Type"
                    );
                    match serde_json::from_str::<Value>(value) {
                        Ok(json) if json.is_array() || json.is_object() => {
                            assert_eq!(
                                part.text(),
                                json.to_string(),
                                "{name}.{field}: compact JSON text"
                            );
                        }
                        _ => assert_eq!(part.text(), value, "{name}.{field}"),
                    }
                }
            }
            Some(Body::Raw {
                content_type,
                is_json: true,
                ..
            }) => {
                assert_eq!(
                    header(&request, "content-type"),
                    Some(content_type.as_str()),
                    "{name}: content type"
                );
                let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
                assert_eq!(sent, raw_json_example(op), "{name}: body");
            }
            None => assert!(request.body.is_empty(), "{name}: no body"),
            Some(other) => panic!("{name}: body mode {other:?} not covered by this test"),
        }
    }
}

#[tokio::test]
async fn every_saved_example_decodes_into_its_variant_or_error() {
    let mut checked = 0;
    for &(file, name) in OPERATIONS {
        let api = api(file);
        let op = op(&api, name);
        for example in &op.responses {
            let Some(code) = example.code else { continue };
            let mut template = ResponseTemplate::new(code);
            for (key, value) in &example.headers {
                template = template.insert_header(key.as_str(), value.as_str());
            }
            if let Some(body) = &example.body {
                template = template.set_body_raw(
                    body.clone().into_bytes(),
                    example.content_type.as_deref().unwrap_or("text/plain"),
                );
            }
            let server = server(template).await;
            let context = format!(
                "{name} / {code} ({})",
                example.name.lines().next().unwrap_or_default()
            );
            match (code, call(&api, name, &server.uri()).await) {
                (200..=299, Ok(success)) => {
                    assert_eq!(success.status, code, "{context}");
                    let expected = if code == 204 || code == 205 {
                        Decoded::Empty
                    } else if let Some(json) = &example.json {
                        Decoded::Json(json.clone())
                    } else if example.body.is_some() || example.content_type.is_some() {
                        Decoded::Text(example.body.clone().unwrap_or_default())
                    } else {
                        Decoded::Empty
                    };
                    let decoded = match success.decoded {
                        Decoded::Variant(variant, inner) => {
                            let reason = reqwest::StatusCode::from_u16(code)
                                .ok()
                                .and_then(|s| s.canonical_reason())
                                .unwrap_or("");
                            assert_eq!(
                                variant.to_lowercase(),
                                reason.replace(' ', "").to_lowercase(),
                                "{context}: variant"
                            );
                            *inner
                        }
                        other => other,
                    };
                    // A single-type operation whose other statuses carry a body
                    // does not decode a bodyless one; only compare bodies that exist.
                    if !(decoded == Decoded::Empty && expected != Decoded::Empty) {
                        assert_eq!(decoded, expected, "{context}: body");
                    }
                }
                (429, Err(Error::RateLimited { response, .. })) => {
                    assert_eq!(response.status().as_u16(), 429, "{context}");
                    assert!(response.description().is_some(), "{context}: documented");
                }
                (300..=599, Err(Error::Status(response))) => {
                    assert_eq!(response.status().as_u16(), code, "{context}");
                    let description = response
                        .description()
                        .expect("documented status has a description");
                    let from_name = plain(&example.name).contains(description);
                    let from_status = example.status_text.as_deref() == Some(description);
                    assert!(
                        from_name || from_status,
                        "{context}: description `{description}`"
                    );
                    assert_eq!(
                        response.body(),
                        example.body.as_deref().unwrap_or("").as_bytes(),
                        "{context}: raw body kept"
                    );
                    if let Some(json) = &example.json {
                        assert_eq!(response.json(), Some(json), "{context}: JSON body");
                    }
                }
                (_, other) => panic!(
                    "{context}: unexpected outcome {:?}",
                    other.map(|s| s.decoded)
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} examples checked");
}
