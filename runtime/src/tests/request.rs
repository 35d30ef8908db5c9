//! The required checks of a form's fields (`request.rs`), which a generated
//! `request()` calls: one call for all of a form's required fields.

use crate::runtime::{all_required_unless_given, Error};

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
