//! The impls every generated builder has from `builder_impls!`
//! (`overrides.rs`): `Debug` instead of a derived one, and the escape
//! hatches of `Customize`.

use crate::runtime;
use crate::runtime::Customize;

/// A builder as generated: inputs, then the caller's overrides in `extra`.
#[derive(Clone)]
struct CreateSession<'a> {
    client: &'a str,
    password: Option<String>,
    api_key: Option<String>,
    extra: runtime::Overrides,
}

runtime::builder_impls!(CreateSession);

fn builder() -> CreateSession<'static> {
    CreateSession {
        client: "client",
        password: Some("hunter2-password".to_string()),
        api_key: Some("sk_live_key".to_string()),
        extra: runtime::Overrides::default(),
    }
}

/// Printed: the builder's name and the names of the headers, query keys and
/// path parameters the caller added; never an input's value or an added
/// header's or query parameter's value, any of which may be a credential.
#[test]
fn a_builder_prints_its_name_and_what_was_added_by_name_never_a_value() {
    let mut builder = CreateSession {
        client: "client",
        password: Some("hunter2-password".to_string()),
        api_key: Some("sk_live_key".to_string()),
        extra: runtime::Overrides::default(),
    };
    builder.extra.header(
        "Authorization".to_string(),
        "Bearer header-secret".to_string(),
    );
    builder
        .extra
        .query("token".to_string(), "query-secret".to_string());
    let printed = format!("{builder:?}");
    assert!(
        printed.starts_with("CreateSession { extra: Overrides {"),
        "{printed}"
    );
    assert!(printed.ends_with(", .. }"), "{printed}");
    assert!(printed.contains("\"Authorization\""), "{printed}");
    assert!(printed.contains("\"token\""), "{printed}");
    for secret in [
        "hunter2-password",
        "sk_live_key",
        "header-secret",
        "query-secret",
    ] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
    // The fields are there for the builder, not for `Debug`.
    assert_eq!(builder.client, "client");
    assert!(builder.password.is_some() && builder.api_key.is_some());
    let pretty = format!("{builder:#?}");
    assert!(pretty.starts_with("CreateSession {\n"), "{pretty}");
    assert!(!pretty.contains("hunter2-password"), "{pretty}");
}

/// Each escape hatch lands in the builder's own `extra`, in call order; a
/// body replaces the body before it, whichever kind it was; a JSON value
/// that does not serialize is kept as the request's error.
#[test]
fn the_escape_hatches_write_to_the_builders_overrides() {
    let built = builder()
        .header("X-One", "1")
        .header("x-one", "2")
        .query("page", "3")
        .path_param("id", "a/b")
        .path_param("id", "c")
        .json_body(&serde_json::json!({"k": [1, 2]}));
    let extra = &built.extra;
    assert_eq!(
        extra.headers,
        [
            ("X-One".to_string(), "1".to_string()),
            ("x-one".to_string(), "2".to_string())
        ]
    );
    assert_eq!(extra.query, [("page".to_string(), "3".to_string())]);
    assert_eq!(extra.path_value("id"), Some("c"));
    assert_eq!(extra.path.len(), 1);
    let body = extra.body.as_ref().expect("a JSON body");
    assert_eq!(body.content_type, "application/json");
    assert_eq!(body.bytes, br#"{"k":[1,2]}"#);
    assert!(extra.check().is_ok());

    let raw = built.raw_body("text/plain", "hello");
    let body = raw.extra.body.as_ref().expect("a raw body");
    assert_eq!(
        (body.content_type.as_str(), body.bytes.as_slice()),
        ("text/plain", &b"hello"[..])
    );
    let uploaded = raw.upload_body(runtime::Upload::reader(
        std::io::Cursor::new(b"streamed".to_vec()),
        Some(8),
    ));
    assert!(uploaded.extra.body.is_none() && uploaded.extra.upload.is_some());
    assert!(uploaded.extra.replaces_body());

    /// A value whose `Serialize` fails.
    struct Unserializable;
    impl serde::Serialize for Unserializable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    let failed = builder().json_body(&Unserializable);
    assert!(failed.extra.check().is_err());
}
