//! The required checks of a form's fields (`request.rs`), which a generated
//! `request()` calls: one call for all of a form's required fields.

use reqwest::Method;

use crate::runtime::{all_required_unless_given, Error, Overrides, Request};

fn given(names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .map(|name| (name.to_string(), "v".to_string()))
        .collect()
}

fn message(result: Result<(), Error>) -> Option<String> {
    result.err().map(|error| error.to_string())
}

/// The first field neither set nor given by name (by its key) is the
/// error, named by its input's name; a field given by name counts as set.
#[test]
fn the_first_missing_required_field_is_the_error() {
    let fields = [
        ("country", "country", true),
        ("type_", "type", false),
        ("scheme", "options[scheme]", false),
    ];
    let first = message(all_required_unless_given(&fields, &[])).expect("two are missing");
    assert!(
        first.contains("`type_` is required but was not set"),
        "{first}"
    );
    let second =
        message(all_required_unless_given(&fields, &given(&["type"]))).expect("one is missing");
    assert!(
        second.contains("`scheme` is required but was not set"),
        "{second}"
    );
    assert!(message(all_required_unless_given(
        &fields,
        &given(&["options[scheme]", "type"])
    ))
    .is_none());
    assert!(message(all_required_unless_given(&[], &[])).is_none());
}

/// `finish`, the tail of every generated `request()`: the request comes back
/// carrying the caller's overrides, or an override recorded as invalid while
/// the caller built it (a body that did not serialize) fails the request with
/// `InvalidRequest`, as `overrides(..)?` did before.
#[test]
fn finish_keeps_the_overrides_or_fails_on_an_invalid_one() {
    let mut extra = Overrides::default();
    extra.header("X-Extra".to_string(), "1".to_string());
    let request = Request::new(Method::GET, 0, None, &[])
        .finish(extra)
        .expect("valid overrides");
    assert_eq!(
        request.overrides.headers,
        [("X-Extra".to_string(), "1".to_string())]
    );

    let invalid = Overrides {
        error: Some("the JSON body did not serialize".to_string()),
        ..Overrides::default()
    };
    match Request::new(Method::GET, 0, None, &[]).finish(invalid) {
        Err(Error::InvalidRequest(message)) => {
            assert!(message.contains("did not serialize"), "{message}")
        }
        other => panic!("expected InvalidRequest, got {:?}", other.map(|_| ())),
    }
}
