//! Request URLs in both of Postman's shapes, normalised to one [`Url`].
//!
//! A string is parsed with the postman-url-encoder algorithm (POSTMAN_FORMAT.md
//! §4.3); an object is built from its parts and its `raw` is ignored (§4.2),
//! except as a reported fallback when the object has no host and no path.

use serde_json::Value;

use super::value::{self, array, description, is_disabled, js_string, member};

/// A request URL before variables are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Url {
    /// Lower-cased scheme without `://`; `None` means Postman's default, `http`.
    pub protocol: Option<String>,
    /// `user[:password]` before the host, percent-encoded as written.
    pub userinfo: Option<String>,
    /// The host as written (labels joined with `.`), possibly `{{variables}}`.
    pub host: String,
    /// The port as written.
    pub port: Option<String>,
    /// Path segments (empty segments kept: they are sent).
    pub path: Vec<String>,
    /// Query entries in order, disabled ones included.
    pub query: Vec<QueryEntry>,
    /// Path-variable definitions (`url.variable`), in order.
    pub variables: Vec<PathVariable>,
    /// True when the URL came from an object's `raw` because it had no parts.
    pub from_raw_fallback: bool,
}

/// One query entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryEntry {
    /// The key; `None` for a null or missing key (sent as `=value`).
    pub key: Option<String>,
    /// The value.
    pub value: QueryEntryValue,
    /// Disabled entries are not sent.
    pub disabled: bool,
    /// The entry's description.
    pub description: Option<String>,
}

/// A query entry's value, as Postman distinguishes them on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryEntryValue {
    /// A string: sent as `key=value`.
    Text(String),
    /// `null` or missing: sent as `key` with no `=`.
    Absent,
    /// A number, boolean or object: Postman drops the value and sends `key`.
    NotAString(String),
}

/// A path-variable definition from `url.variable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathVariable {
    /// `key`, falling back to `id`.
    pub key: String,
    /// The value when it is a non-empty string (the only kind Postman substitutes).
    pub value: Option<String>,
    /// The variable's description.
    pub description: Option<String>,
}

impl Url {
    /// True when there is nothing to send to (Postman: "request url is empty").
    pub fn is_empty(&self) -> bool {
        self.host.is_empty() && self.path.is_empty() && self.protocol.is_none()
    }
}

/// Reads `request.url` in either shape. `None` or an empty string gives an empty URL.
pub fn read(url: Option<&Value>) -> Url {
    match url {
        Some(Value::String(text)) => parse_string(text),
        Some(object @ Value::Object(_)) => read_object(object),
        _ => Url::default(),
    }
}

fn read_object(object: &Value) -> Url {
    let host = match member(object, "host") {
        Some(Value::Array(labels)) => labels.iter().map(js_string).collect::<Vec<_>>().join("."),
        Some(other) => js_string(other),
        None => String::new(),
    };
    let path = match member(object, "path") {
        Some(Value::Array(segments)) => segments.iter().map(js_string).collect(),
        Some(Value::String(text)) => split_path(text.strip_prefix('/').unwrap_or(text)),
        Some(other) => vec![js_string(other)],
        None => Vec::new(),
    };
    if host.is_empty() && path.is_empty() {
        if let Some(raw) = value::string(object, "raw").filter(|raw| !raw.trim().is_empty()) {
            let mut url = parse_string(&raw);
            url.from_raw_fallback = true;
            url.variables = read_variables(object);
            return url;
        }
    }
    let protocol = value::text(object, "protocol").map(|p| normalise_protocol(&p));
    let query = array(object, "query")
        .iter()
        .map(read_query_entry)
        .collect();
    Url {
        protocol: protocol.filter(|p| !p.is_empty()),
        userinfo: read_userinfo(object),
        host,
        port: value::text(object, "port").filter(|p| !p.is_empty()),
        path,
        query,
        variables: read_variables(object),
        from_raw_fallback: false,
    }
}

/// The object form's `auth: {user, password}` (decoded values), as the
/// percent-encoded `user:password` the raw form carries.
fn read_userinfo(object: &Value) -> Option<String> {
    let auth = member(object, "auth").filter(|auth| auth.is_object())?;
    let user = value::text(auth, "user").unwrap_or_default();
    let password = value::text(auth, "password").unwrap_or_default();
    if user.is_empty() && password.is_empty() {
        return None;
    }
    let user = user.replace('%', "%25").replace(':', "%3A");
    let password = password.replace('%', "%25");
    Some(match password.is_empty() {
        true => user,
        false => format!("{user}:{password}"),
    })
}

fn normalise_protocol(protocol: &str) -> String {
    protocol
        .trim_end_matches("://")
        .trim_end_matches(':')
        .to_ascii_lowercase()
}

fn read_query_entry(entry: &Value) -> QueryEntry {
    let value = match entry.get("value") {
        None | Some(Value::Null) => QueryEntryValue::Absent,
        Some(Value::String(s)) => QueryEntryValue::Text(s.clone()),
        Some(other) => QueryEntryValue::NotAString(js_string(other)),
    };
    QueryEntry {
        key: member(entry, "key").map(js_string),
        value,
        disabled: is_disabled(entry),
        description: description(entry, "description"),
    }
}

fn read_variables(object: &Value) -> Vec<PathVariable> {
    array(object, "variable")
        .iter()
        .filter_map(|var| {
            let key = value::text(var, "key").or_else(|| value::text(var, "id"))?;
            let value = value::string(var, "value").filter(|v| !v.is_empty());
            Some(PathVariable {
                key,
                value,
                description: description(var, "description"),
            })
        })
        .collect()
}

/// Byte ranges of `{{...}}` tokens, so separators inside them are ignored.
fn variable_mask(text: &str) -> Vec<bool> {
    let bytes = text.as_bytes();
    let mut mask = vec![false; bytes.len()];
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'{' {
            let start = i + 2;
            let mut end = start;
            while end < bytes.len() && bytes[end] != b'{' && bytes[end] != b'}' {
                end += 1;
            }
            if end > start && end + 1 < bytes.len() && bytes[end] == b'}' && bytes[end + 1] == b'}'
            {
                mask[i..end + 2].iter_mut().for_each(|m| *m = true);
                i = end + 2;
                continue;
            }
        }
        i += 1;
    }
    mask
}

fn find_unmasked(text: &str, mask: &[bool], needle: &str) -> Option<usize> {
    text.match_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| !mask[i])
}

fn rfind_unmasked(text: &str, mask: &[bool], needle: char) -> Option<usize> {
    text.rmatch_indices(needle)
        .map(|(i, _)| i)
        .find(|&i| !mask[i])
}

fn split_path(path: &str) -> Vec<String> {
    if path.is_empty() {
        Vec::new()
    } else {
        path.split('/').map(str::to_string).collect()
    }
}

/// Parses a URL string the way Postman's URL parser does (§4.3).
pub fn parse_string(input: &str) -> Url {
    let mut rest = input.trim_start().to_string();
    let mut url = Url::default();

    // Hash, then query: everything after the first unmasked `#`, then `?`.
    let mask = variable_mask(&rest);
    if let Some(i) = find_unmasked(&rest, &mask, "#") {
        rest.truncate(i);
    }
    let mask = variable_mask(&rest);
    if let Some(i) = find_unmasked(&rest, &mask, "?") {
        let query = rest[i + 1..].to_string();
        rest.truncate(i);
        url.query = parse_query(&query);
    }
    let mut rest = rest.replace('\\', "/");

    let mask = variable_mask(&rest);
    if let Some(i) = find_unmasked(&rest, &mask, "://") {
        let protocol = normalise_protocol(&rest[..i]);
        rest = rest[i + 3..].to_string();
        let keep_one = protocol == "file";
        let trimmed = rest.trim_start_matches('/');
        rest = if keep_one && trimmed.len() < rest.len() {
            format!("/{trimmed}")
        } else {
            trimmed.to_string()
        };
        url.protocol = Some(protocol).filter(|p| !p.is_empty());
    }

    let mask = variable_mask(&rest);
    let (mut authority, path) = match find_unmasked(&rest, &mask, "/") {
        Some(i) => (rest[..i].to_string(), Some(rest[i + 1..].to_string())),
        None => (rest.clone(), None),
    };
    if let Some(path) = path {
        url.path = split_unmasked(&path, '/')
            .into_iter()
            .map(str::to_string)
            .collect();
    }

    let mask = variable_mask(&authority);
    if let Some(i) = rfind_unmasked(&authority, &mask, '@') {
        url.userinfo = Some(authority[..i].to_string());
        authority = authority[i + 1..].to_string();
    }
    let mask = variable_mask(&authority);
    if let Some(i) = rfind_unmasked(&authority, &mask, ':') {
        if !authority[i + 1..].contains(']') {
            url.port = Some(authority[i + 1..].to_string()).filter(|p| !p.is_empty());
            authority.truncate(i);
        }
    }
    url.host = authority;
    url
}

/// Splits `text` on `separator` outside `{{...}}` tokens.
fn split_unmasked(text: &str, separator: char) -> Vec<&str> {
    let mask = variable_mask(text);
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(separator).filter(|&(i, _)| !mask[i]) {
        pieces.push(&text[start..i]);
        start = i + separator.len_utf8();
    }
    pieces.push(&text[start..]);
    pieces
}

fn parse_query(query: &str) -> Vec<QueryEntry> {
    split_unmasked(query, '&')
        .into_iter()
        .map(|piece| {
            let mask = variable_mask(piece);
            let equals = find_unmasked(piece, &mask, "=");
            let (key, value) = match equals.map(|i| (&piece[..i], &piece[i + 1..])) {
                Some((key, value)) => (
                    Some(key.to_string()),
                    QueryEntryValue::Text(value.to_string()),
                ),
                None if piece.is_empty() => (None, QueryEntryValue::Absent),
                None => (Some(piece.to_string()), QueryEntryValue::Absent),
            };
            QueryEntry {
                key,
                value,
                disabled: false,
                description: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text_query(url: &Url) -> Vec<(Option<&str>, Option<&str>)> {
        url.query
            .iter()
            .map(|q| {
                let value = match &q.value {
                    QueryEntryValue::Text(v) => Some(v.as_str()),
                    _ => None,
                };
                (q.key.as_deref(), value)
            })
            .collect()
    }

    #[test]
    fn string_url_with_variable_host() {
        let url = parse_string(
            "{{baseUrl}}/meetings/:meetingId/registrants/status?occurrence_id=quis officia",
        );
        assert_eq!(url.protocol, None);
        assert_eq!(url.host, "{{baseUrl}}");
        assert_eq!(
            url.path,
            ["meetings", ":meetingId", "registrants", "status"]
        );
        assert_eq!(
            text_query(&url),
            [(Some("occurrence_id"), Some("quis officia"))]
        );
    }

    #[test]
    fn ec08_userinfo_port_fragment() {
        let url = parse_string("http://us%40er:p%3Ass@127.0.0.1:18080/h/path%2Fx?a=1#frag");
        assert_eq!(url.protocol.as_deref(), Some("http"));
        assert_eq!(url.userinfo.as_deref(), Some("us%40er:p%3Ass"));
        assert_eq!(url.host, "127.0.0.1");
        assert_eq!(url.port.as_deref(), Some("18080"));
        assert_eq!(url.path, ["h", "path%2Fx"]);
        assert_eq!(text_query(&url), [(Some("a"), Some("1"))]);
    }

    #[test]
    fn ec12_ec15_query_pieces_split_at_first_question_mark_and_equals() {
        let url = parse_string("http://h/q?a&b=&c=1=2&&d=x y#frag");
        assert_eq!(
            text_query(&url),
            [
                (Some("a"), None),
                (Some("b"), Some("")),
                (Some("c"), Some("1=2")),
                (None, None),
                (Some("d"), Some("x y"))
            ]
        );
        let url = parse_string("http://h/a?b=1?c=2&d");
        assert_eq!(
            text_query(&url),
            [(Some("b"), Some("1?c=2")), (Some("d"), None)]
        );
    }

    #[test]
    fn ec06_ec07_no_protocol_and_double_slashes() {
        let url = parse_string("127.0.0.1:18080/np");
        assert_eq!(
            (url.protocol, url.host.as_str(), url.path),
            (None, "127.0.0.1", vec!["np".to_string()])
        );
        let url = parse_string("http://h//double//slash");
        assert_eq!(url.path, ["", "double", "", "slash"]);
        assert!(parse_string("http://h").path.is_empty());
    }

    #[test]
    fn separators_inside_variables_are_not_separators() {
        let url = parse_string("https://{{host?#/x}}/a");
        assert_eq!(url.host, "{{host?#/x}}");
        assert_eq!(url.path, ["a"]);
        let url = parse_string("https://h/a?x={{a&b}}");
        assert_eq!(text_query(&url), [(Some("x"), Some("{{a&b}}"))]);
    }

    #[test]
    fn ec03_object_parts_win_over_raw_and_ec02_raw_only_falls_back() {
        let url = read(Some(
            &json!({"raw": "http://h/from-raw", "protocol": "HTTP", "host": ["127","0","0","1"], "port": 18080, "path": ["from", "parts"]}),
        ));
        assert_eq!(url.host, "127.0.0.1");
        assert_eq!(url.protocol.as_deref(), Some("http"));
        assert_eq!(url.port.as_deref(), Some("18080"));
        assert_eq!(url.path, ["from", "parts"]);
        assert!(!url.from_raw_fallback);
        let url = read(Some(&json!({"raw": "http://h/raw-only"})));
        assert!(url.from_raw_fallback);
        assert_eq!(url.path, ["raw-only"]);
    }

    #[test]
    fn ec04_path_string_loses_one_leading_slash() {
        let url = read(Some(&json!({"host": "127.0.0.1", "path": "/a/b/"})));
        assert_eq!(url.path, ["a", "b", ""]);
    }

    #[test]
    fn ec10_ec14_query_value_kinds() {
        let url = read(Some(&json!({"host": "h", "query": [
            {"key": "a", "value": "1"}, {"key": "off", "value": "2", "disabled": true},
            {"key": "novalue", "value": null}, {"key": "num", "value": 5}, {"key": null, "value": "x"}
        ]})));
        assert!(url.query[1].disabled);
        assert_eq!(url.query[2].value, QueryEntryValue::Absent);
        assert_eq!(url.query[3].value, QueryEntryValue::NotAString("5".into()));
        assert_eq!(url.query[4].key, None);
    }

    #[test]
    fn ec16_ec17_path_variables_only_non_empty_strings_count_and_id_is_a_key() {
        let url = read(Some(&json!({"host": "h", "path": [":a"], "variable": [
            {"key": "a", "value": "first"}, {"key": "num", "value": 7}, {"key": "e", "value": ""}, {"id": "c", "value": "fromId"}
        ]})));
        let values: Vec<_> = url
            .variables
            .iter()
            .map(|v| (v.key.as_str(), v.value.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("a", Some("first")),
                ("num", None),
                ("e", None),
                ("c", Some("fromId"))
            ]
        );
    }
}
