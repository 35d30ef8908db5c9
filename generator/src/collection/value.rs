//! Lenient readers over `serde_json::Value`, applying Postman's coercions.
//!
//! Real collections put numbers where strings belong, `null` anywhere, and
//! descriptions in three shapes. These helpers read a value the way the
//! Postman SDK does, so the model types never see the mess.

use serde_json::Value;

/// A JSON object's member, treating a missing key and `null` alike.
pub fn member<'a>(object: &'a Value, key: &str) -> Option<&'a Value> {
    match object.get(key) {
        None | Some(Value::Null) => None,
        Some(value) => Some(value),
    }
}

/// Text of a scalar the way JavaScript's `String(x)` would give it, for places
/// where Postman stringifies (header values, form values): strings as is,
/// numbers and booleans as their text, `null` as `null`. Objects and arrays give
/// their JSON text.
pub fn js_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// A member read as text when present and not null (numbers and booleans
/// stringified), e.g. `name`, `id`, `port`.
pub fn text(object: &Value, key: &str) -> Option<String> {
    member(object, key).map(js_string)
}

/// A member that must be a string to count (Postman ignores other types).
pub fn string(object: &Value, key: &str) -> Option<String> {
    member(object, key)
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// JavaScript truthiness of `disabled`: `"false"` (a non-empty string) is
/// disabled; `0`, `""` and `null` are not.
pub fn is_disabled(object: &Value) -> bool {
    match object.get("disabled") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
}

/// A description in any of its shapes: string, `{content, type}`, `{}` or null.
/// Blank descriptions count as none.
pub fn description(object: &Value, key: &str) -> Option<String> {
    let text = match member(object, key)? {
        Value::String(s) => s.clone(),
        Value::Object(map) => match map.get("content") {
            Some(Value::String(s)) => s.clone(),
            _ => return None,
        },
        _ => return None,
    };
    if text.trim().is_empty() {
        None
    } else {
        Some(text)
    }
}

/// A member that should be an array; anything else reads as empty.
pub fn array<'a>(object: &'a Value, key: &str) -> &'a [Value] {
    match object.get(key) {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn disabled_follows_javascript_truthiness() {
        assert!(is_disabled(&json!({"disabled": true})));
        assert!(is_disabled(&json!({"disabled": "false"})));
        assert!(!is_disabled(&json!({"disabled": ""})));
        assert!(!is_disabled(&json!({"disabled": 0})));
        assert!(!is_disabled(&json!({"disabled": null})));
        assert!(!is_disabled(&json!({})));
    }

    #[test]
    fn descriptions_of_every_shape() {
        assert_eq!(description(&json!({"d": "x"}), "d").as_deref(), Some("x"));
        assert_eq!(
            description(
                &json!({"d": {"content": "y", "type": "text/markdown"}}),
                "d"
            )
            .as_deref(),
            Some("y")
        );
        assert_eq!(description(&json!({"d": {}}), "d"), None);
        assert_eq!(description(&json!({"d": null}), "d"), None);
        assert_eq!(description(&json!({"d": "  "}), "d"), None);
    }

    #[test]
    fn scalars_stringify_like_javascript() {
        assert_eq!(js_string(&json!(42)), "42");
        assert_eq!(js_string(&json!(null)), "null");
        assert_eq!(js_string(&json!(true)), "true");
    }
}
