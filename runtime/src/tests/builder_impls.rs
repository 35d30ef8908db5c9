//! A request builder's `Debug` (`overrides.rs`: `builder_debug!`), which
//! every generated builder has instead of a derived one.

use crate::runtime;

/// A builder as generated: inputs, then the caller's overrides in `extra`.
#[derive(Clone)]
struct CreateSession<'a> {
    client: &'a str,
    password: Option<String>,
    api_key: Option<String>,
    extra: runtime::Overrides,
}

runtime::builder_debug!(CreateSession);

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
    builder
        .extra
        .header("Authorization".to_string(), "Bearer header-secret".to_string());
    builder
        .extra
        .query("token".to_string(), "query-secret".to_string());
    let printed = format!("{builder:?}");
    assert!(printed.starts_with("CreateSession { extra: Overrides {"), "{printed}");
    assert!(printed.ends_with(", .. }"), "{printed}");
    assert!(printed.contains("\"Authorization\""), "{printed}");
    assert!(printed.contains("\"token\""), "{printed}");
    for secret in ["hunter2-password", "sk_live_key", "header-secret", "query-secret"] {
        assert!(!printed.contains(secret), "{secret} printed: {printed}");
    }
    // The fields are there for the builder, not for `Debug`.
    assert_eq!(builder.client, "client");
    assert!(builder.password.is_some() && builder.api_key.is_some());
    let pretty = format!("{builder:#?}");
    assert!(pretty.starts_with("CreateSession {\n"), "{pretty}");
    assert!(!pretty.contains("hunter2-password"), "{pretty}");
}
