//! Tolerant decoding (`runtime/lenient.rs`), as generated types use it
//! through `#[serde(deserialize_with)]`.

use serde::Deserialize;

use crate::runtime::lenient;

#[derive(Debug, Deserialize, PartialEq)]
struct Record {
    #[serde(default, deserialize_with = "lenient::int")]
    count: i64,
    #[serde(default, deserialize_with = "lenient::opt_int")]
    limit: Option<i64>,
    #[serde(default, deserialize_with = "lenient::null_as_default")]
    tags: Vec<String>,
}

fn record(json: &str) -> Result<Record, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn absent_and_null_fields_take_their_defaults() {
    let expected = Record {
        count: 0,
        limit: None,
        tags: Vec::new(),
    };
    assert_eq!(record("{}").expect("absent"), expected);
    assert_eq!(
        record(r#"{"count": null, "limit": null, "tags": null}"#).expect("null"),
        expected
    );
}

#[test]
fn whole_floats_are_integers_and_fractions_are_errors() {
    let read = record(r#"{"count": 3.0, "limit": 1e3, "tags": ["a"]}"#).expect("whole floats");
    assert_eq!(
        read,
        Record {
            count: 3,
            limit: Some(1000),
            tags: vec!["a".into()]
        }
    );
    assert_eq!(record(r#"{"count": -42}"#).expect("int").count, -42);
    for bad in [
        r#"{"count": 3.5}"#,
        r#"{"limit": 0.1}"#,
        r#"{"count": "3"}"#,
    ] {
        let error = record(bad).expect_err(bad);
        assert!(
            error.to_string().contains("integer") || error.to_string().contains("invalid type"),
            "{error}"
        );
    }
}

#[test]
fn integers_beyond_i64_are_errors_not_wrapped_or_saturated() {
    assert_eq!(
        record(r#"{"count": 9223372036854775807}"#)
            .expect("max")
            .count,
        i64::MAX
    );
    assert_eq!(
        record(r#"{"count": -9.223372036854775808e18}"#)
            .expect("min as float")
            .count,
        i64::MIN
    );
    for beyond in [
        r#"{"count": 9.223372036854775808e18}"#,
        r#"{"count": 1e19}"#,
        r#"{"limit": 18446744073709551615}"#,
    ] {
        assert!(record(beyond).is_err(), "{beyond}");
    }
}
