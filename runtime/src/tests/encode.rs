//! Percent-encoding (`runtime/encode.rs`): every byte, every set.

use crate::runtime::encode::{encode, Set};

/// Every set, with the bytes it may leave unencoded besides `A-Za-z0-9`.
const SETS: [(Set, &str); 8] = [
    (Set::PathLiteral, "!$%&'()*+,-./:;=@[\\]^_|~"),
    (Set::PathValue, "-._~!$&'()*+,;=:@"),
    (Set::QueryLiteral, "!$%()*+,-./:;=?@[\\]^_`{|}~"),
    (Set::QueryKeyLiteral, "!$%()*+,-./:;?@[\\]^_`{|}~"),
    (Set::QueryValue, "!$()*,-./:;=?@[\\]^_`{|}~"),
    (Set::Form, "-._~"),
    (Set::PathValueAsWritten, "!\"$%&'()*+,-.:;<=>@[\\]^_`{|}~"),
    (Set::QueryValueAsWritten, "!\"$%'()*+,-./:;<=>?@[\\]^_`{|}~"),
];

/// `%XX` escapes back to bytes.
fn decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).expect("ascii");
            if let Ok(byte) = u8::from_str_radix(hex, 16) {
                out.push(byte);
                index += 3;
                continue;
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    out
}

#[test]
fn every_ascii_byte_is_left_alone_or_escaped_as_its_set_says() {
    for (set, kept) in SETS {
        for byte in 0u8..0x80 {
            let text = char::from(byte).to_string();
            let encoded = encode(&text, set);
            let expected_kept = byte.is_ascii_alphanumeric() || kept.as_bytes().contains(&byte);
            if expected_kept {
                assert_eq!(encoded, text, "{set:?} escaped {byte:#04x}");
            } else {
                assert_eq!(encoded, format!("%{byte:02X}"), "{set:?} kept {byte:#04x}");
            }
        }
    }
}

#[test]
fn values_decode_back_to_themselves_and_never_leave_their_place() {
    let samples = [
        "",
        "plain",
        "a b",
        "100%",
        "%2F",
        "a/b?c#d&e=f+g",
        "ü€😀",
        "\u{0}\u{7f}\t\n",
        "%%zz%4",
    ];
    for text in samples {
        for set in [Set::PathValue, Set::QueryValue, Set::Form] {
            let encoded = encode(text, set);
            assert_eq!(
                decode(&encoded),
                text.as_bytes(),
                "{set:?}: {text:?} -> {encoded}"
            );
            assert!(encoded.is_ascii(), "{encoded}");
            // Whatever the value, it cannot end its segment, pair or URL.
            let ends = match set {
                Set::PathValue => &['/', '?', '#', ' '][..],
                _ => &['&', '#', ' ', '+'][..],
            };
            assert!(!encoded.contains(ends), "{set:?}: {encoded}");
        }
    }
}

#[test]
fn literal_sets_keep_escapes_and_stray_percent_signs_as_postman_does() {
    for set in [Set::PathLiteral, Set::QueryLiteral, Set::QueryKeyLiteral] {
        assert_eq!(encode("%2f%2F", set), "%2f%2F", "{set:?}");
        assert_eq!(encode("100%", set), "100%", "{set:?}");
        assert_eq!(encode("%g1", set), "%g1", "{set:?}");
        assert_eq!(encode("é", set), "%C3%A9", "{set:?}");
    }
    for set in [Set::PathValue, Set::QueryValue, Set::Form] {
        assert_eq!(encode("%2F", set), "%252F", "{set:?}");
    }
}

/// The one decoder the signing schemes and the script sandbox share: `%XX`
/// to bytes read as UTF-8, a `%` without two hex digits kept, `+` a space
/// only when asked (form and query text), and encoding undone for every set.
#[test]
fn decode_undoes_escapes_keeps_stray_percents_and_reads_plus_as_asked() {
    use crate::runtime::encode::decode as percent_decode;
    assert_eq!(percent_decode("a%20b+c%zz%4", false), "a b+c%zz%4");
    assert_eq!(percent_decode("a%20b+c%zz%4", true), "a b c%zz%4");
    assert_eq!(percent_decode("%E2%82%AC%2b", false), "€+");
    assert_eq!(percent_decode("%ff", false), "\u{fffd}");
    let text = "a b/c?d=e&f+g%h€~";
    for (set, _) in SETS {
        assert_eq!(percent_decode(&encode(text, set), false), text, "{set:?}");
    }
}
