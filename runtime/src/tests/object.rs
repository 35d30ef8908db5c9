//! The generated structs' serde impls through `runtime/object.rs` against
//! serde's derives, which the generator emitted before (session 26): the
//! same types twice, in `derived` as the derive had them (`#[serde(default)]`
//! on the struct, renames, `skip_serializing_if`) and in `hand` as the
//! generator prints them now (an `object::impls!` table per struct), decoded from the same inputs through
//! serde_json, `serde_json::Value` and the tolerant decoder, and encoded to
//! the same text. The generator's side (that it prints this shape) is held
//! by the stage snapshots and the generated crates' tests.

use std::collections::BTreeMap;

use crate::runtime::lenient;

mod derived {
    use std::collections::BTreeMap;

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    pub struct Record {
        pub count: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub limit: Option<i64>,
        #[serde(rename = "type")]
        pub type_: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        pub tags: Vec<String>,
        pub scores: Vec<i64>,
        pub ratio: f64,
        pub active: bool,
        pub inner: Inner,
        pub items: Vec<Inner>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub parent: Option<Box<Inner>>,
        pub counts: BTreeMap<String, i64>,
        pub extra: serde_json::Value,
    }

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    pub struct Inner {
        pub id: i64,
        #[serde(rename = "display-name")]
        pub display_name: String,
    }

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    pub struct Empty {}
}

mod hand {
    use std::collections::BTreeMap;

    use crate::runtime::object;

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Record {
        pub count: i64,
        pub limit: Option<i64>,
        pub type_: String,
        pub tags: Vec<String>,
        pub scores: Vec<i64>,
        pub ratio: f64,
        pub active: bool,
        pub inner: Inner,
        pub items: Vec<Inner>,
        pub parent: Option<Box<Inner>>,
        pub counts: BTreeMap<String, i64>,
        pub extra: serde_json::Value,
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Inner {
        pub id: i64,
        pub display_name: String,
    }

    #[derive(Debug, Clone, PartialEq, Default)]
    pub struct Empty {}

    object::impls!(Record {
        "count" => always count,
        "limit" => optional limit,
        "type" => always type_,
        "tags" => unless_empty tags,
        "scores" => always scores,
        "ratio" => always ratio,
        "active" => always active,
        "inner" => always inner,
        "items" => always items,
        "parent" => optional parent,
        "counts" => always counts,
        "extra" => always extra,
    });

    object::impls!(Inner {
        "id" => always id,
        "display-name" => always display_name,
    });

    object::impls!(Empty {});
}

/// Inputs of every shape the derive handled: absent, renamed, unknown,
/// nested, null, integral-float and mistyped fields, lists in place of
/// objects, and bodies that are not objects.
const INPUTS: &[&str] = &[
    "{}",
    r#"{"count": 3, "limit": 7, "type": "a", "tags": ["x"], "scores": [1, 2], "ratio": 0.5,
        "active": true, "inner": {"id": 1, "display-name": "One"},
        "items": [{"id": 2}, {"display-name": "Three", "unknown": [1, {"a": null}]}],
        "parent": {"id": 4}, "counts": {"a": 1}, "extra": {"any": [null, 1.5]}}"#,
    r#"{"type_": "the Rust name is not the key", "display_name": "nor here", "unknown": {"deep": [1, 2, {"x": "y"}]}}"#,
    r#"{"count": null, "limit": null, "type": null, "tags": null, "scores": null, "ratio": null,
        "active": null, "inner": null, "items": null, "parent": null, "counts": null, "extra": null}"#,
    r#"{"count": 3.0, "limit": 1e3, "scores": [1, 2.0], "inner": {"id": 7.0}, "counts": {"a": 2.0}}"#,
    r#"{"count": 3.5}"#,
    r#"{"count": "3"}"#,
    r#"{"tags": ["a", null]}"#,
    r#"{"inner": {"id": "x"}}"#,
    r#"{"items": [null]}"#,
    r#"{"inner": []}"#,
    r#"{"inner": [5, "five"]}"#,
    r#"[1, 2, "t"]"#,
    r#"[1, 2, "t", [], [], 0.5, true, {}, [], null, {}, null, "one too many"]"#,
    r#""text""#,
    "3",
    "null",
    r#"{"count": 1"#,
    r#"{"count": 1} trailing"#,
    r#"{"escaped\u0020key": 1, "c\u006funt": 9}"#,
];

/// One way the client or a user decodes a body.
type Route<T> = fn(&str) -> Result<T, String>;

fn routes<T: serde::de::DeserializeOwned>() -> [(&'static str, Route<T>); 4] {
    [
        ("serde_json::from_str", |text| {
            serde_json::from_str(text).map_err(|e| e.to_string())
        }),
        ("serde_json::from_value", |text| {
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            serde_json::from_value(value).map_err(|e| e.to_string())
        }),
        ("lenient::from_slice", |text| {
            lenient::from_slice(text.as_bytes()).map_err(|e| e.to_string())
        }),
        ("lenient::from_value", |text| {
            let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            lenient::from_value(value).map_err(|e| e.to_string())
        }),
    ]
}

/// The hand impls decode every input as the derive did, by every route:
/// the same value (compared through its JSON, each side written by its own
/// `Serialize`, and field by field below) or the same error message.
#[test]
fn decoding_matches_the_derive_by_every_route() {
    let derived_routes = routes::<derived::Record>();
    let hand_routes = routes::<hand::Record>();
    for input in INPUTS {
        for ((route, derived), (_, hand)) in derived_routes.iter().zip(&hand_routes) {
            match (derived(input), hand(input)) {
                (Ok(derived), Ok(hand)) => {
                    assert_eq!(
                        serde_json::to_string(&derived).expect("encodes"),
                        serde_json::to_string(&hand).expect("encodes"),
                        "{route}: {input}"
                    );
                    assert_eq!(derived.count, hand.count, "{route}: {input}");
                    assert_eq!(derived.type_, hand.type_, "{route}: {input}");
                    assert_eq!(derived.inner.display_name, hand.inner.display_name);
                    assert_eq!(derived.items.len(), hand.items.len(), "{route}: {input}");
                    assert_eq!(derived.extra, hand.extra, "{route}: {input}");
                }
                (Err(derived), Err(hand)) => assert_eq!(derived, hand, "{route}: {input}"),
                (derived, hand) => panic!("{route}: {input}: derive {derived:?}, hand {hand:?}"),
            }
        }
    }
}

/// A struct without fields reads from any object and writes `{}`, as the
/// derive's did.
#[test]
fn a_struct_without_fields_matches_the_derive() {
    for input in [r#"{}"#, r#"{"a": [1]}"#, "[]", "[1]", "null", "1"] {
        for ((route, derived), (_, hand)) in routes::<derived::Empty>()
            .iter()
            .zip(&routes::<hand::Empty>())
        {
            assert_eq!(
                derived(input).is_ok(),
                hand(input).is_ok(),
                "{route}: {input}"
            );
        }
    }
    assert_eq!(
        serde_json::to_string(&hand::Empty {}).expect("encodes"),
        "{}"
    );
}

/// Writing: every field under its JSON key in declaration order, a `None`
/// and an empty optional list left out, and the same text and `Value` as
/// the derive, including through `serde_json::to_value` (which is told the
/// number of fields up front).
#[test]
fn encoding_matches_the_derive() {
    let full = INPUTS[1];
    for input in ["{}", full] {
        let derived: derived::Record = serde_json::from_str(input).expect("derive");
        let hand: hand::Record = serde_json::from_str(input).expect("hand");
        assert_eq!(
            serde_json::to_string(&derived).expect("encodes"),
            serde_json::to_string(&hand).expect("encodes")
        );
        assert_eq!(
            serde_json::to_string_pretty(&derived).expect("encodes"),
            serde_json::to_string_pretty(&hand).expect("encodes")
        );
        assert_eq!(
            serde_json::to_value(&derived).expect("encodes"),
            serde_json::to_value(&hand).expect("encodes")
        );
    }
    let empty = serde_json::to_string(&hand::Record::default()).expect("encodes");
    assert_eq!(
        empty,
        r#"{"count":0,"type":"","scores":[],"ratio":0.0,"active":false,"inner":{"id":0,"display-name":""},"items":[],"counts":{},"extra":null}"#
    );
    let record = hand::Record {
        limit: Some(2),
        tags: vec!["t".into()],
        parent: Some(Box::new(hand::Inner::default())),
        counts: BTreeMap::from([("k".to_string(), 1)]),
        ..hand::Record::default()
    };
    let text = serde_json::to_string(&record).expect("encodes");
    assert!(
        text.contains(r#""limit":2"#)
            && text.contains(r#""tags":["t"]"#)
            && text.contains(r#""parent":{"id":0"#),
        "{text}"
    );
}

/// A key that repeats: the last value wins, as in serde_json's `Value` (the
/// derive rejected the body; the client is tolerant of what servers send).
#[test]
fn a_repeated_key_keeps_its_last_value() {
    let read: hand::Record = lenient::from_slice(br#"{"count": 1, "count": 2}"#).expect("repeated");
    assert_eq!(read.count, 2);
    assert!(serde_json::from_str::<derived::Record>(r#"{"count": 1, "count": 2}"#).is_err());
}

/// A serializer's error ends the writing and is returned, not lost.
#[test]
fn a_serializers_error_is_returned() {
    let record = hand::Record {
        counts: BTreeMap::from([("k".to_string(), 1)]),
        ..hand::Record::default()
    };
    let mut full = [0u8; 40];
    let error = serde_json::to_writer(&mut full[..], &record).expect_err("the buffer is too short");
    assert!(error.is_io(), "{error}");
}
