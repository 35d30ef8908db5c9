//! Percent-encoding as Postman puts values on the wire, plus base64 for Basic auth.

/// How a piece of text is encoded into a URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Set {
    /// A path segment from the collection: Postman's PATH set; `%XX` kept.
    PathLiteral,
    /// A path parameter value: everything that is not a `pchar` is encoded, `%` included,
    /// so the value can never add a segment, a query or a fragment.
    PathValue,
    /// A query key or value from the collection: Postman's QUERY set plus `&` and `#`; `%XX` kept.
    QueryLiteral,
    /// A query key from the collection: as [`Set::QueryLiteral`] plus `=`.
    QueryKeyLiteral,
    /// A caller's query value: Postman's QUERY set plus `&`, `#`, `+` and `%`.
    QueryValue,
    /// `application/x-www-form-urlencoded`: everything but `A-Za-z0-9-_.~`.
    Form,
    /// A path parameter value under `disableUrlEncoding`: as written (`%`,
    /// `+`, `|` ... kept) but for `/`, `?` and `#`, so the value stays one segment.
    PathValueAsWritten,
    /// A caller's query value under `disableUrlEncoding`: as written but for
    /// `&` and `#`, so the value stays one parameter.
    QueryValueAsWritten,
}

impl Set {
    fn encodes(self, byte: u8) -> bool {
        if !(0x21..0x7f).contains(&byte) {
            return true;
        }
        match self {
            Set::PathLiteral => matches!(byte, b'"' | b'#' | b'<' | b'>' | b'`' | b'?' | b'{' | b'}'),
            Set::PathValue => !(byte.is_ascii_alphanumeric()
                || matches!(
                    byte,
                    b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*'
                        | b'+' | b',' | b';' | b'=' | b':' | b'@'
                )),
            Set::QueryLiteral => matches!(byte, b'"' | b'#' | b'\'' | b'<' | b'>' | b'&'),
            Set::QueryKeyLiteral => matches!(byte, b'"' | b'#' | b'\'' | b'<' | b'>' | b'&' | b'='),
            Set::QueryValue => {
                matches!(byte, b'"' | b'#' | b'\'' | b'<' | b'>' | b'&' | b'+' | b'%')
            }
            Set::Form => !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~')),
            Set::PathValueAsWritten => matches!(byte, b'/' | b'?' | b'#'),
            Set::QueryValueAsWritten => matches!(byte, b'&' | b'#'),
        }
    }

    /// Whether an existing `%XX` escape is kept as it is.
    fn keeps_escapes(self) -> bool {
        matches!(
            self,
            Set::PathLiteral | Set::QueryLiteral | Set::QueryKeyLiteral | Set::PathValueAsWritten | Set::QueryValueAsWritten
        )
    }
}

/// Appends `text` to `out`, percent-encoded with `set`.
pub(crate) fn encode_into(out: &mut String, text: &str, set: Set) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    for (index, &byte) in bytes.iter().enumerate() {
        let escape = byte == b'%'
            && set.keeps_escapes()
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if byte == b'%' && set.keeps_escapes() && !escape {
            // Postman leaves a stray `%` as it is.
            out.push('%');
        } else if !escape && set.encodes(byte) {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        } else {
            out.push(char::from(byte));
        }
    }
}

/// `text` percent-encoded with `set`.
pub(crate) fn encode(text: &str, set: Set) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text, set);
    out
}

/// `%XX` escapes decoded as UTF-8 (a `%` not followed by two hex digits
/// stays as written), and `+` as a space when `plus_is_space` (form and
/// query decoding, as Node's `querystring` does; `decodeURIComponent` keeps
/// it).
pub(crate) fn decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_at = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match bytes[i] {
            b'%' => match (hex_at(i + 1), hex_at(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Standard base64 with padding.
pub(crate) fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_stay_in_their_segment() {
        assert_eq!(encode("../x?y#z", Set::PathValue), "..%2Fx%3Fy%23z");
        assert_eq!(encode("a b%2F", Set::PathValue), "a%20b%252F");
        assert_eq!(encode("é", Set::PathValue), "%C3%A9");
    }

    #[test]
    fn literals_keep_existing_escapes() {
        assert_eq!(encode("a%20b c%zz{x}", Set::PathLiteral), "a%20b%20c%zz%7Bx%7D");
        assert_eq!(encode("a=b&c", Set::QueryKeyLiteral), "a%3Db%26c");
        assert_eq!(encode("a=b&c #", Set::QueryLiteral), "a=b%26c%20%23");
    }

    #[test]
    fn caller_query_values_round_trip() {
        assert_eq!(encode("a+b&c=d 100%", Set::QueryValue), "a%2Bb%26c=d%20100%25");
    }

    #[test]
    fn form_encoding_is_strict() {
        assert_eq!(encode("a b+c!*'()", Set::Form), "a%20b%2Bc%21%2A%27%28%29");
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b""), "");
    }
}
