//! The redirect keys of `protocolProfileBehavior` (POSTMAN_FORMAT.md §8):
//! `followRedirects`, `maxRedirects`, `followOriginalHttpMethod`,
//! `followAuthorizationHeader` and `removeRefererHeaderOnRedirect`. The
//! runtime (`runtime/src/runtime/redirect.rs`) applies them; whatever they say, a credential
//! never goes to another host.

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::ir::Redirects;

/// The request's redirect behaviour from its merged `protocolProfileBehavior`,
/// or `None` when it is Postman's default. A key with a value of the wrong
/// type is ignored with a warning, as Postman's runtime ignores it.
pub fn rules(
    behavior: &Map<String, Value>,
    at: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Redirects> {
    let mut rules = Redirects::default();
    let mut flag = |key: &str, slot: &mut bool| match behavior.get(key) {
        None | Some(Value::Null) => {}
        Some(Value::Bool(value)) => *slot = *value,
        Some(other) => diagnostics.push(ignored(at, key, other, "true or false")),
    };
    flag("followRedirects", &mut rules.follow);
    flag("followOriginalHttpMethod", &mut rules.keep_method);
    flag("followAuthorizationHeader", &mut rules.keep_authorization);
    flag("removeRefererHeaderOnRedirect", &mut rules.remove_referer);
    match behavior.get("maxRedirects") {
        None | Some(Value::Null) => {}
        Some(Value::Number(number)) if number.as_u64().is_some() => {
            rules.max = number
                .as_u64()
                .map_or(u32::MAX, |n| u32::try_from(n).unwrap_or(u32::MAX));
        }
        Some(other) => {
            diagnostics.push(ignored(at, "maxRedirects", other, "a non-negative integer"))
        }
    }
    (rules != Redirects::default()).then_some(rules)
}

fn ignored(at: &str, key: &str, value: &Value, expected: &str) -> Diagnostic {
    Diagnostic::warning(
        "invalid-protocol-profile",
        at,
        format!("`protocolProfileBehavior.{key}` is `{value}`, not {expected}; Postman's default is used"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lower(value: Value) -> (Option<Redirects>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let map = value.as_object().cloned().unwrap_or_default();
        (rules(&map, "$.item[0]", &mut diagnostics), diagnostics)
    }

    #[test]
    fn defaults_are_none_and_every_key_is_read() {
        assert_eq!(lower(json!({"strictSSL": false})).0, None);
        assert_eq!(
            lower(json!({"followRedirects": true, "maxRedirects": 10})).0,
            None
        );
        let (rules, diagnostics) = lower(json!({
            "followRedirects": false,
            "maxRedirects": 3,
            "followOriginalHttpMethod": true,
            "followAuthorizationHeader": true,
            "removeRefererHeaderOnRedirect": true,
        }));
        assert_eq!(
            rules,
            Some(Redirects {
                follow: false,
                max: 3,
                keep_method: true,
                keep_authorization: true,
                remove_referer: true,
            })
        );
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn values_of_the_wrong_type_are_ignored_with_a_warning() {
        let (rules, diagnostics) = lower(json!({"followRedirects": "no", "maxRedirects": -1}));
        assert_eq!(rules, None);
        assert_eq!(diagnostics.len(), 2);
        assert!(diagnostics[0].message.contains("followRedirects"));
    }
}
