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
        pub r#match: bool,
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

    #[derive(Clone, PartialEq, Default)]
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
        pub r#match: bool,
    }

    #[derive(Clone, PartialEq, Default)]
    pub struct Inner {
        pub id: i64,
        pub display_name: String,
    }

    #[derive(Clone, PartialEq, Default)]
    pub struct Empty {}

    object::impls!(Record {
        0 "count" => always count,
        1 "limit" => optional limit,
        2 "type" => always type_,
        3 "tags" => unless_empty tags,
        4 "scores" => always scores,
        5 "ratio" => always ratio,
        6 "active" => always active,
        7 "inner" => always inner,
        8 "items" => always items,
        9 "parent" => optional parent,
        10 "counts" => always counts,
        11 "extra" => always extra,
        12 "match" => always r#match,
    });

    object::impls!(Inner {
        0 "id" => always id,
        1 "display-name" => always display_name,
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
    r#"[1, 2, "t", [], [], 0.5, true, {}, [], null, {}, null, true, "one too many"]"#,
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
        r#"{"count":0,"type":"","scores":[],"ratio":0.0,"active":false,"inner":{"id":0,"display-name":""},"items":[],"counts":{},"extra":null,"match":false}"#
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

/// `Debug` through `Object::write` prints what `#[derive(Debug)]` printed,
/// compact and pretty: every field under its Rust name in declaration
/// order (a raw identifier without its `r#`), `None` and empty lists
/// included, nested structs through their own `Debug`, and a struct without
/// fields as its bare name.
#[test]
fn debug_matches_the_derive() {
    for input in ["{}", INPUTS[1], r#"{"limit": 1, "tags": [], "match": true, "parent": {"id": 2}}"#] {
        let derived: derived::Record = serde_json::from_str(input).expect("derive");
        let hand: hand::Record = serde_json::from_str(input).expect("hand");
        assert_eq!(format!("{derived:?}"), format!("{hand:?}"), "{input}");
        assert_eq!(format!("{derived:#?}"), format!("{hand:#?}"), "{input}");
    }
    let hand = format!("{:?}", hand::Record::default());
    assert!(
        hand.starts_with("Record { count: 0, limit: None, type_: \"\", tags: [], ")
            && hand.ends_with(", match: false }"),
        "{hand}"
    );
    assert_eq!(format!("{:?}", derived::Empty {}), format!("{:?}", hand::Empty {}));
    assert_eq!(format!("{:#?}", hand::Empty {}), "Empty");
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

/// A string enum twice: as the generator derived it before (session 26) and
/// through `object::string_enum!` as it prints it now, each also as a field
/// of a struct, so that a value nested in a body is decoded both ways too.
mod derived_enum {
    #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum Protocol {
        #[serde(rename = "UDP")]
        Udp,
        #[serde(rename = "TCP")]
        Tcp,
        #[serde(rename = "a b")]
        AB,
        #[serde(untagged)]
        Other(String),
    }

    #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    pub struct Holder {
        pub protocol: Option<Protocol>,
        pub protocols: Vec<Protocol>,
    }
}

mod hand_enum {
    use crate::runtime::object;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub enum Protocol {
        Udp,
        Tcp,
        AB,
        Other(String),
    }

    object::string_enum!(Protocol { Udp = "UDP", Tcp = "TCP", AB = "a b" } Other);

    #[derive(Clone, PartialEq, Default)]
    pub struct Holder {
        pub protocol: Option<Protocol>,
        pub protocols: Vec<Protocol>,
    }

    object::impls!(Holder {
        0 "protocol" => optional protocol,
        1 "protocols" => always protocols,
    });
}

/// Every form the derive read or refused: known and unknown text, escaped
/// text, the externally tagged `{"VALUE": null}` and its near misses, the
/// catch-all's own name as a tag, other JSON types, and broken input.
const ENUM_INPUTS: &[&str] = &[
    r#""UDP""#,
    r#""TCP""#,
    r#""a b""#,
    r#""a\u0020b""#,
    r#""udp""#,
    r#""Udp""#,
    r#""""#,
    r#""Other""#,
    r#"{"UDP": null}"#,
    r#"{"a b": null}"#,
    r#"{"UDP": 1}"#,
    r#"{"UDP": []}"#,
    r#"{"UDP": {}}"#,
    r#"{"udp": null}"#,
    r#"{"Other": "x"}"#,
    r#"{"UDP": null, "TCP": null}"#,
    r#"{"UDP": null, "x": [1, {"y": null}]}"#,
    "{}",
    "[]",
    r#"["UDP"]"#,
    r#"[1, [2, {"a": "b"}]]"#,
    "null",
    "true",
    "0",
    "-1",
    "1.5",
    "18446744073709551616",
    r#""UDP"#,
    r#"{"UDP": nul}"#,
    r#""UDP" trailing"#,
];

/// The enum decodes every input as the derive did, by every route (alone
/// and as a struct's field and list item): the same value or the same
/// error message, position included.
#[test]
fn string_enums_decode_as_the_derive_by_every_route() {
    let derived_routes = routes::<derived_enum::Protocol>();
    let hand_routes = routes::<hand_enum::Protocol>();
    for input in ENUM_INPUTS {
        for ((route, derived), (_, hand)) in derived_routes.iter().zip(&hand_routes) {
            match (derived(input), hand(input)) {
                (Ok(derived), Ok(hand)) => assert_eq!(
                    serde_json::to_value(&derived).expect("encodes"),
                    serde_json::to_value(&hand).expect("encodes"),
                    "{route}: {input}"
                ),
                (Err(derived), Err(hand)) => assert_eq!(derived, hand, "{route}: {input}"),
                (derived, hand) => panic!("{route}: {input}: derive {derived:?}, hand {hand:?}"),
            }
        }
        let nested = format!(r#"{{"protocol": {input}, "protocols": [{input}, "TCP"]}}"#);
        let derived_routes = routes::<derived_enum::Holder>();
        let hand_routes = routes::<hand_enum::Holder>();
        for ((route, derived), (_, hand)) in derived_routes.iter().zip(&hand_routes) {
            match (derived(&nested), hand(&nested)) {
                (Ok(derived), Ok(hand)) => assert_eq!(
                    serde_json::to_string(&derived).expect("encodes"),
                    serde_json::to_string(&hand).expect("encodes"),
                    "{route}: {nested}"
                ),
                (Err(derived), Err(hand)) => assert_eq!(derived, hand, "{route}: {nested}"),
                (derived, hand) => panic!("{route}: {nested}: derive {derived:?}, hand {hand:?}"),
            }
        }
    }
}

/// Which variant a value reads as, and that unknown text is kept whole.
#[test]
fn string_enums_read_known_values_as_variants_and_keep_other_text() {
    use hand_enum::Protocol;
    let read = |text: &str| serde_json::from_str::<Protocol>(text).expect("decodes");
    assert_eq!(read(r#""UDP""#), Protocol::Udp);
    assert_eq!(read(r#"{"a b": null}"#), Protocol::AB);
    assert_eq!(read(r#""udp""#), Protocol::Other("udp".into()));
    assert_eq!(read(r#""Other""#), Protocol::Other("Other".into()));
    let error = serde_json::from_str::<Protocol>("7").expect_err("a number is no value");
    assert_eq!(
        error.to_string(),
        "data did not match any variant of untagged enum Protocol"
    );
}

/// Writing: a known value as the derive's unit variant (the same text,
/// `Value` and, for a format that keeps variants apart, the same variant
/// index), the catch-all's text as a string even when it spells a known
/// value; `as_str` and `Display` give the wire value.
#[test]
fn string_enums_encode_as_the_derive() {
    use serde::ser::{Serialize, Serializer};

    let pairs = [
        (derived_enum::Protocol::Udp, hand_enum::Protocol::Udp),
        (derived_enum::Protocol::Tcp, hand_enum::Protocol::Tcp),
        (derived_enum::Protocol::AB, hand_enum::Protocol::AB),
        (
            derived_enum::Protocol::Other("x".into()),
            hand_enum::Protocol::Other("x".into()),
        ),
        (
            derived_enum::Protocol::Other("UDP".into()),
            hand_enum::Protocol::Other("UDP".into()),
        ),
    ];
    for (derived, hand) in &pairs {
        assert_eq!(
            serde_json::to_string(derived).expect("encodes"),
            serde_json::to_string(hand).expect("encodes")
        );
        assert_eq!(
            serde_json::to_value(derived).expect("encodes"),
            serde_json::to_value(hand).expect("encodes")
        );
        assert_eq!(
            derived.serialize(Shape).expect("shape"),
            hand.serialize(Shape).expect("shape"),
            "{hand:?}"
        );
        assert_eq!(hand.to_string(), hand.as_str());
    }
    assert_eq!(hand_enum::Protocol::AB.as_str(), "a b");
    assert_eq!(hand_enum::Protocol::Other("UDP".into()).as_str(), "UDP");

    /// A serializer that reports how a value was written: a unit variant
    /// (enum name, index, variant name) or a string.
    struct Shape;

    impl Serializer for Shape {
        type Ok = String;
        type Error = serde::de::value::Error;
        type SerializeSeq = serde::ser::Impossible<String, Self::Error>;
        type SerializeTuple = serde::ser::Impossible<String, Self::Error>;
        type SerializeTupleStruct = serde::ser::Impossible<String, Self::Error>;
        type SerializeTupleVariant = serde::ser::Impossible<String, Self::Error>;
        type SerializeMap = serde::ser::Impossible<String, Self::Error>;
        type SerializeStruct = serde::ser::Impossible<String, Self::Error>;
        type SerializeStructVariant = serde::ser::Impossible<String, Self::Error>;

        fn serialize_unit_variant(
            self,
            name: &'static str,
            index: u32,
            variant: &'static str,
        ) -> Result<String, Self::Error> {
            Ok(format!("unit variant {name} {index} {variant}"))
        }

        fn serialize_str(self, value: &str) -> Result<String, Self::Error> {
            Ok(format!("string {value}"))
        }

        fn serialize_bool(self, _: bool) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_i8(self, _: i8) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_i16(self, _: i16) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_i32(self, _: i32) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_i64(self, _: i64) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_u8(self, _: u8) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_u16(self, _: u16) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_u32(self, _: u32) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_u64(self, _: u64) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_f32(self, _: f32) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_f64(self, _: f64) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_char(self, _: char) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_none(self) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_unit(self) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<String, Self::Error> {
            unimplemented!()
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
            unimplemented!()
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
            unimplemented!()
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Self::Error> {
            unimplemented!()
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Self::Error> {
            unimplemented!()
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
            unimplemented!()
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Self::Error> {
            unimplemented!()
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Self::Error> {
            unimplemented!()
        }
    }
}

/// `types.rs` may hold types named `Option` and `String` (inferred from
/// JSON keys); the macro's expansion must not pick them up. Compiling is
/// the test; the check below only uses the enum.
mod shadowing_types {
    use crate::runtime::object;

    #[allow(dead_code)]
    pub struct Option;
    #[allow(dead_code)]
    pub struct String;

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub enum Kind {
        Plain,
        Other(std::string::String),
    }

    object::string_enum!(Kind { Plain = "plain" } Other);
}

#[test]
fn string_enums_compile_beside_types_named_like_std_ones() {
    let read: shadowing_types::Kind = serde_json::from_str(r#""plain""#).expect("decodes");
    assert_eq!(read, shadowing_types::Kind::Plain);
}
