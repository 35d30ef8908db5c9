//! When is a JSON object a map rather than a struct?
//!
//! A struct's keys are names a programmer chose; a map's keys are data. The
//! rules below were calibrated on the corpus: wide structs there (GitHub's
//! 88-field repository, Zoom's 76-field `in_meeting` settings) all have
//! identifier-like keys, while the real maps have ids (Fastly's
//! `6ElZZvtumbwtLBDJvFwepx`, Postman's UUID-keyed `relations`) or free text
//! (`"Status code is 200"`, `"application/json"`) as keys. A key count alone
//! is therefore weak evidence, and is used only when the key sets also vary.

use super::shape::Object;

/// More distinct keys than this, with no key common to every sample, make a map.
pub(crate) const SPARSE_KEYS: usize = 20;

/// More distinct keys than this always make a map: no sane struct is that wide.
pub(crate) const HUGE_KEYS: usize = 200;

/// A key longer than this is data, not a field name: the object is a map.
/// Every field's key is emitted as a string literal (a row of the struct's
/// `object::impls!` table, or a `#[serde(rename = "..")]`), and a field named
/// by a 16 KB key made rustc use 4.6 GB.
pub(crate) const MAX_FIELD_KEY_BYTES: usize = 256;

/// True when the joined object should be a `BTreeMap<String, T>`.
pub(crate) fn is_map(object: &Object) -> bool {
    let keys = || object.fields.keys().map(String::as_str);
    if object.fields.is_empty() {
        // `{}` in every sample: any object fits.
        return true;
    }
    if keys().any(|key| key.len() > MAX_FIELD_KEY_BYTES) {
        return true;
    }
    if keys().all(is_id_like) || keys().all(is_free_text) {
        return true;
    }
    let count = object.fields.len();
    if count > HUGE_KEYS {
        return true;
    }
    count > SPARSE_KEYS
        && object.samples > 1
        && object
            .fields
            .values()
            .all(|field| field.present < object.samples)
}

/// Numeric, date-like, UUID, long hex, or a long generated token.
pub(crate) fn is_id_like(key: &str) -> bool {
    is_numeric_or_date(key) || is_uuid(key) || is_long_hex(key) || is_token(key)
}

/// `123`, `-5`, `2024-01-31`, `2024-01-31T10:00:00Z`, `1.5`.
fn is_numeric_or_date(key: &str) -> bool {
    let body = key.strip_prefix('-').unwrap_or(key);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | '.' | 'T' | 'Z' | '+'))
}

/// 8-4-4-4-12 hex digits, with or without the dashes.
fn is_uuid(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    match groups.as_slice() {
        [one] => one.len() == 32 && hex(one),
        [a, b, c, d, e] => {
            [a.len(), b.len(), c.len(), d.len(), e.len()] == [8, 4, 4, 4, 12]
                && groups.iter().all(|g| hex(g))
        }
        _ => false,
    }
}

/// At least 16 hex digits (hashes, object ids), with a digit among them.
fn is_long_hex(key: &str) -> bool {
    key.len() >= 16
        && key.bytes().all(|b| b.is_ascii_hexdigit())
        && key.bytes().any(|b| b.is_ascii_digit())
}

/// At least 16 ASCII letters and digits, with a letter and a digit that is
/// not just a trailing index: base62 ids such as `6ElZZvtumbwtLBDJvFwepx`.
/// (`addressLine12` is a word with an index; words joined by `_` are names.)
fn is_token(key: &str) -> bool {
    let stem = key.trim_end_matches(|c: char| c.is_ascii_digit());
    key.len() >= 16
        && key.bytes().all(|b| b.is_ascii_alphanumeric())
        && stem.bytes().any(|b| b.is_ascii_digit())
        && key.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Contains a character no identifier-ish key has (space, `/`, `:`, ...).
fn is_free_text(key: &str) -> bool {
    key.chars()
        .any(|c| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@' | '.')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::shape::{Kind, Shape};
    use serde_json::json;

    fn object(value: serde_json::Value) -> Object {
        match Shape::from_json(&value).kind {
            Kind::Object(object) => object,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn id_like_keys() {
        for key in [
            "123",
            "-1",
            "2024-01-31",
            "6ElZZvtumbwtLBDJvFwepx",
            "9tboDiHUQAeOnbmudzWa5g",
        ] {
            assert!(is_id_like(key), "{key}");
        }
        for key in [
            "521b0486-ab91-4d3a-9189-43c9380a0533",
            "521b0486ab914d3a918943c9380a0533",
            "5f1a2b3c4d5e6f7a8b9c0d1e",
        ] {
            assert!(is_id_like(key), "{key}");
        }
        for key in [
            "id",
            "first_name",
            "proxy_server3",
            "allowParticipantsToRename",
            "sha256",
            "x-1",
            "participantAddress12",
            "sha256_checksum_value",
        ] {
            assert!(!is_id_like(key), "{key}");
        }
    }

    #[test]
    fn maps_and_structs() {
        assert!(is_map(&object(json!({"1": {"a": 1}, "2": {"a": 2}}))));
        assert!(is_map(&object(json!({"Status code is 200": true}))));
        assert!(is_map(&object(json!({}))));
        assert!(!is_map(&object(json!({"id": 1, "name": "x"}))));
        assert!(!is_map(&object(json!({"id": 1, "123": "x"}))));
        // Wide but regular: a struct.
        let wide: serde_json::Map<_, _> = (0..40)
            .map(|i| (format!("field_{i}"), json!("v")))
            .collect();
        assert!(!is_map(&object(json!(wide))));
    }

    #[test]
    fn many_varying_keys_make_a_map() {
        let mut joined = Object::default();
        for sample in 0..3 {
            let keys: serde_json::Map<_, _> = (0..10)
                .map(|i| (format!("POP{}", sample * 10 + i), json!(1)))
                .collect();
            joined.absorb(object(json!(keys)));
        }
        assert_eq!(joined.fields.len(), 30);
        assert!(is_map(&joined));
        let huge: serde_json::Map<_, _> = (0..=HUGE_KEYS)
            .map(|i| (format!("k{i}"), json!(1)))
            .collect();
        assert!(is_map(&object(json!(huge))));
    }
}
