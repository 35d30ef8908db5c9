//! Tolerant decoding (`runtime/lenient.rs`), on types shaped as the
//! generator emits them: plain derives, `#[serde(default)]` on a struct with
//! a `Default` (or on its defaultable fields when it has none), no
//! per-field decoding functions.

use serde::Deserialize;

use crate::runtime::lenient;

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Record {
    count: i64,
    limit: Option<i64>,
    tags: Vec<String>,
    ratio: f64,
    active: bool,
    name: String,
    inner: Inner,
    scores: Vec<i64>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default)]
struct Inner {
    id: i64,
}

/// A struct without `Default`: one field is a type that has none.
#[derive(Debug, Deserialize, PartialEq)]
struct Holder {
    #[serde(default)]
    size: i64,
    kind: Kind,
    required: Required,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Kind {
    #[serde(rename = "a")]
    A,
    #[serde(untagged)]
    Other(String),
}

#[derive(Debug, Deserialize, PartialEq)]
struct Required {
    id: i64,
    kind: Kind,
}

fn record(json: &str) -> Result<Record, serde_json::Error> {
    lenient::from_slice(json.as_bytes())
}

#[test]
fn absent_and_null_fields_take_their_defaults() {
    assert_eq!(record("{}").expect("absent"), Record::default());
    assert_eq!(
        record(
            r#"{"count": null, "limit": null, "tags": null, "ratio": null, "active": null,
                "name": null, "inner": null, "scores": null}"#
        )
        .expect("null"),
        Record::default()
    );
    assert_eq!(
        record(r#"{"inner": {"id": null}}"#).expect("nested null"),
        Record::default()
    );
}

#[test]
fn whole_floats_are_integers_and_fractions_are_errors() {
    let read = record(r#"{"count": 3.0, "limit": 1e3, "tags": ["a"], "inner": {"id": 7.0}, "scores": [1, 2.0]}"#)
        .expect("whole floats");
    assert_eq!(
        read,
        Record {
            count: 3,
            limit: Some(1000),
            tags: vec!["a".into()],
            inner: Inner { id: 7 },
            scores: vec![1, 2],
            ..Record::default()
        }
    );
    assert_eq!(record(r#"{"count": -42}"#).expect("int").count, -42);
    // A float field still reads floats, and integers.
    assert_eq!(record(r#"{"ratio": 0.5}"#).expect("float").ratio, 0.5);
    assert_eq!(record(r#"{"ratio": 2}"#).expect("int as float").ratio, 2.0);
    for bad in [
        r#"{"count": 3.5}"#,
        r#"{"limit": 0.1}"#,
        r#"{"count": "3"}"#,
        r#"{"scores": [1.5]}"#,
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
        r#"{"count": 1e300}"#,
        r#"{"limit": 18446744073709551615}"#,
    ] {
        assert!(record(beyond).is_err(), "{beyond}");
    }
}

/// `null` is tolerated only as a struct field: a list's item, a map's value
/// or the whole body stays strict, so a list of numbers does not gain zeros.
#[test]
fn null_outside_a_field_is_an_error() {
    assert!(record(r#"{"tags": ["a", null]}"#).is_err());
    assert!(record(r#"{"scores": [null]}"#).is_err());
    assert!(lenient::from_slice::<std::collections::BTreeMap<String, i64>>(br#"{"a": null}"#).is_err());
    assert!(lenient::from_slice::<i64>(b"null").is_err());
    assert!(lenient::from_slice::<Record>(b"null").is_err());
    assert_eq!(lenient::from_slice::<Option<i64>>(b"null").expect("option"), None);
    assert_eq!(lenient::from_slice::<i64>(b"4.0").expect("top-level"), 4);
}

/// A field whose type has no default is required, and `null` for it is an
/// error, as it was with serde's own decoding; enums with a catch-all read
/// through the tolerant decoder like through serde_json.
#[test]
fn fields_without_a_default_stay_required() {
    let holder: Holder = lenient::from_slice(br#"{"kind": "a", "required": {"id": 1.0, "kind": "zzz"}}"#)
        .expect("holder");
    assert_eq!(
        holder,
        Holder {
            size: 0,
            kind: Kind::A,
            required: Required {
                id: 1,
                kind: Kind::Other("zzz".into())
            }
        }
    );
    for bad in [
        r#"{"required": {"id": 1, "kind": "a"}}"#,
        r#"{"kind": null, "required": {"id": 1, "kind": "a"}}"#,
        r#"{"kind": "a", "required": null}"#,
        r#"{"kind": "a"}"#,
    ] {
        assert!(lenient::from_slice::<Holder>(bad.as_bytes()).is_err(), "{bad}");
    }
}

/// Trailing input is an error, as with `serde_json::from_slice`, and errors
/// keep serde_json's line and column.
#[test]
fn errors_are_serde_jsons() {
    assert!(lenient::from_slice::<i64>(b"1 2").is_err());
    let error = record("{\n  \"count\": 2.5}").expect_err("fraction");
    assert_eq!(error.line(), 2, "{error}");
}

/// Items a pager reads from a page's JSON go through the same decoder.
#[test]
fn values_decode_like_bodies() {
    let value = serde_json::json!({"count": 2.0, "name": null});
    let read: Record = lenient::from_value(value).expect("value");
    assert_eq!(read.count, 2);
    assert_eq!(read.name, "");
}

/// The stand-in a crate without tolerant types carries decodes like serde_json.
#[test]
fn the_absent_decoder_is_serde_jsons() {
    use crate::runtime::lenient_absent;
    assert!(lenient_absent::from_slice::<Record>(br#"{"count": 3.0}"#).is_err());
    assert_eq!(
        lenient_absent::from_slice::<Record>(br#"{"count": 3}"#)
            .expect("plain")
            .count,
        3
    );
    assert_eq!(
        lenient_absent::from_value::<i64>(serde_json::json!(5)).expect("value"),
        5
    );
}
