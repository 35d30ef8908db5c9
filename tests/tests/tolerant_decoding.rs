//! Tolerant decoding through a generated client against a loopback server:
//! the generated types derive plain `Deserialize`, and the client decodes
//! bodies through `runtime/lenient.rs`, which reads an integral float as an
//! integer and a struct field's `null` as its default.

mod support;

use support::*;
use test_clients::pets;
use wiremock::ResponseTemplate;

async fn list_pets(
    body: &str,
) -> Result<Vec<pets::types::ListPetsResponseItem>, test_clients::Error> {
    let server =
        server(ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")).await;
    let client = pets::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("client");
    client
        .list_pets()
        .send()
        .await
        .map(|response| response.into_inner())
}

#[tokio::test]
async fn whole_floats_nulls_and_absent_fields_decode() {
    let pets =
        list_pets(r#"[{"id": 7.0, "name": null}, {"name": "Tom"}, {"id": 1e3, "name": "Rex"}]"#)
            .await
            .expect("tolerated");
    let read: Vec<(i64, &str)> = pets.iter().map(|pet| (pet.id, pet.name.as_str())).collect();
    assert_eq!(read, [(7, ""), (0, "Tom"), (1000, "Rex")]);
}

/// What is not tolerated is a decode error that keeps the raw body: a
/// fractional integer, a wrong type, `null` in place of a list item.
#[tokio::test]
async fn what_does_not_fit_is_a_decode_error_with_the_raw_body() {
    for body in [r#"[{"id": 7.5}]"#, r#"[{"id": "7"}]"#, r#"[null]"#] {
        match list_pets(body).await {
            Err(test_clients::Error::Decode(error)) => {
                assert_eq!(error.body, body.as_bytes(), "{body}");
            }
            other => panic!("{body}: expected a decode error, got {other:?}"),
        }
    }
}
