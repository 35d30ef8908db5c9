//! Saved example responses (POSTMAN_FORMAT.md §11).

use crate::collection::SavedResponse;
use crate::ir::ResponseExample;

use super::body::is_json_media_type;

/// Lowers one saved example, its JSON body not yet parsed (see
/// [`parse_json_body`]).
pub fn lower(response: &SavedResponse) -> ResponseExample {
    let content_type = response
        .headers
        .iter()
        .rev()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.clone());
    ResponseExample {
        code: response.code,
        name: response.name.clone(),
        status_text: response.status.clone(),
        headers: response.headers.clone(),
        body: response.body.clone().filter(|b| !b.is_empty()),
        content_type,
        preview_language: response.preview_language.clone(),
        json: None,
    }
}

/// Parses a lowered example's body into [`ResponseExample::json`]. The body
/// counts as JSON when the Content-Type or the preview language says so, or
/// when it parses as a JSON object or array.
pub fn parse_json_body(example: &mut ResponseExample) {
    let declared_json = example
        .content_type
        .as_deref()
        .is_some_and(is_json_media_type)
        || example.preview_language.as_deref() == Some("json");
    example.json = example.body.as_deref().and_then(|text| {
        let trimmed = text.trim_start();
        let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
        if declared_json || looks_json {
            parse_json(text)
        } else {
            None
        }
    });
}

/// Nesting past this is cut (to `null`) before parsing: serde_json refuses
/// JSON nested deeper than 128, which made such an example silently text.
/// Array types stop far earlier anyway ([`crate::example_values::MAX_NESTED_ARRAYS`]).
const MAX_PARSE_DEPTH: usize = 100;

/// `text` as JSON; containers nested deeper than `MAX_PARSE_DEPTH` become `null`.
pub fn parse_json(text: &str) -> Option<serde_json::Value> {
    match serde_json::from_str(text) {
        Ok(value) => Some(value),
        Err(_) => serde_json::from_str(&cut_deep_json(text, MAX_PARSE_DEPTH)?).ok(),
    }
}

/// `text` with every JSON array or object that opens at nesting `limit`
/// replaced by `null`, or `None` when nothing is that deep (the text is not
/// JSON for another reason). Strings are skipped, escapes included.
fn cut_deep_json(text: &str, limit: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut cut = false;
    let mut index = 0;
    let mut copied_to = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' | b'[' if depth == limit => {
                out.push_str(&text[copied_to..index]);
                out.push_str("null");
                cut = true;
                // Skip to the matching close.
                let mut inner = 0usize;
                while index < bytes.len() {
                    match bytes[index] {
                        b'"' => {
                            index += 1;
                            while index < bytes.len() && bytes[index] != b'"' {
                                index += if bytes[index] == b'\\' { 2 } else { 1 };
                            }
                        }
                        b'{' | b'[' => inner += 1,
                        b'}' | b']' => {
                            inner -= 1;
                            if inner == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    index += 1;
                }
                copied_to = (index + 1).min(bytes.len());
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        index += 1;
    }
    if !cut {
        return None;
    }
    out.push_str(&text[copied_to.min(text.len())..]);
    Some(out)
}

/// The most arrays nested directly in one another in `value` (an object
/// breaks the run), as [`crate::example_values::MAX_NESTED_ARRAYS`] counts them.
pub fn nested_arrays(value: &serde_json::Value) -> usize {
    /// The run of arrays ending at `value` from above, and the longest run inside.
    fn runs(value: &serde_json::Value) -> (usize, usize) {
        match value {
            serde_json::Value::Array(items) => {
                let (run, best) = items
                    .iter()
                    .map(runs)
                    .fold((0, 0), |(run, best), (r, b)| (run.max(r), best.max(b)));
                (run + 1, best.max(run + 1))
            }
            serde_json::Value::Object(map) => {
                (0, map.values().map(|v| runs(v).1).max().unwrap_or(0))
            }
            _ => (0, 0),
        }
    }
    runs(value).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_too_deep_for_serde_is_cut_not_dropped() {
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let value = parse_json(&format!("{{\"a\": \"]\\\"[\", \"b\": {deep}}}")).expect("parsed");
        assert_eq!(value["a"], "]\"[");
        assert_eq!(nested_arrays(&value), MAX_PARSE_DEPTH - 1);
        assert!(parse_json("{not json").is_none());
        assert_eq!(
            nested_arrays(&serde_json::json!({"a": [[1], {"b": [[[2]]]}]})),
            3
        );
    }

    #[test]
    fn a_body_is_parsed_when_declared_json_or_shaped_as_an_object_or_array() {
        let parsed = |headers: &[(&str, &str)], preview: Option<&str>, body: &str| {
            let mut example = lower(&SavedResponse {
                name: "e".into(),
                code: Some(200),
                status: None,
                headers: headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
                body: Some(body.into()),
                preview_language: preview.map(str::to_string),
                original_body: None,
            });
            assert_eq!(example.json, None, "lowering leaves the tree to the pass");
            parse_json_body(&mut example);
            example.json
        };
        let json_type = [
            ("Content-Type", "text/plain"),
            ("content-type", "application/json"),
        ];
        assert_eq!(parsed(&json_type, None, "3"), Some(serde_json::json!(3)));
        assert_eq!(
            parsed(&[], Some("json"), "true"),
            Some(serde_json::json!(true))
        );
        assert_eq!(
            parsed(&[("Content-Type", "text/plain")], None, " [1]"),
            Some(serde_json::json!([1]))
        );
        assert_eq!(parsed(&[], None, "3"), None);
        assert_eq!(parsed(&json_type, None, "{not json"), None);
        assert_eq!(parsed(&json_type, None, ""), None);
    }
}
