//! `protocolProfileBehavior` keys the generated client does not apply
//! (POSTMAN_FORMAT.md §8). `disableBodyPruning` is applied in `body.rs`; the
//! redirect keys belong to the client's redirect policy and are not judged
//! here. Every other key that changes what Postman does, set to a value other
//! than Postman's default, gets a `protocol-profile-ignored` warning naming the
//! key and what the client does instead: the client sends what it sends
//! without the key, and the reader should know.

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;

/// Keys owned elsewhere: applied (`disableBodyPruning`) or the redirect policy's.
const NOT_JUDGED_HERE: &[&str] = &[
    "disableBodyPruning",
    "followRedirects",
    "maxRedirects",
    "followOriginalHttpMethod",
    "followAuthorizationHeader",
    "removeRefererHeaderOnRedirect",
];

/// Warnings for the effective `protocolProfileBehavior` of the request at `at`.
pub fn ignored(ppb: &Map<String, Value>, at: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, value) in ppb {
        if NOT_JUDGED_HERE.contains(&key.as_str()) {
            continue;
        }
        let truthy =
            |v: &Value| !matches!(v, Value::Null | Value::Bool(false)) && v != "" && v != 0;
        let instead = match (key.as_str(), value) {
            ("strictSSL", Value::Bool(false)) => {
                "the client always verifies TLS certificates (configure its HTTP client to change that)"
            }
            ("disableUrlEncoding", v) if truthy(v) => {
                "the client percent-encodes the path and query as Postman does by default"
            }
            ("disabledSystemHeaders", Value::Object(names)) if names.values().any(truthy) => {
                "the client sends its own User-Agent and Accept headers"
            }
            ("insecureHTTPParser" | "disableCookies", v) if truthy(v) => {
                "the client keeps its HTTP client's default"
            }
            ("protocolVersion", Value::String(version)) if version != "auto" && version != "http1" => {
                "the client lets its HTTP client choose the protocol version"
            }
            ("tlsPreferServerCiphers", v) if truthy(v) => "the client keeps its TLS defaults",
            ("tlsDisabledProtocols" | "tlsCipherSelection", Value::Array(items)) if !items.is_empty() => {
                "the client keeps its TLS defaults"
            }
            _ => continue,
        };
        warnings.push(Diagnostic::warning(
            "protocol-profile-ignored",
            at,
            format!("`protocolProfileBehavior.{key}: {value}` is not applied: {instead}"),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn keys(ppb: Value) -> Vec<String> {
        let Value::Object(map) = ppb else {
            unreachable!()
        };
        ignored(&map, "$.item[0]")
            .into_iter()
            .map(|d| d.message.split('`').nth(1).unwrap_or_default().to_string())
            .collect()
    }

    #[test]
    fn keys_the_client_does_not_apply_are_named_and_defaults_are_quiet() {
        let warned = keys(json!({
            "strictSSL": false, "disableUrlEncoding": true,
            "disabledSystemHeaders": {"user-agent": true}, "disableCookies": true,
            "tlsDisabledProtocols": ["TLSv1"], "protocolVersion": "http2",
        }));
        assert_eq!(warned.len(), 6, "{warned:?}");
        assert!(warned[0].starts_with("protocolProfileBehavior.strictSSL: false"));
        let quiet = keys(json!({
            "strictSSL": true, "disableUrlEncoding": false, "disabledSystemHeaders": {},
            "disableBodyPruning": true, "followRedirects": false, "maxRedirects": 2,
            "protocolVersion": "auto", "somethingNew": true,
        }));
        assert!(quiet.is_empty(), "{quiet:?}");
    }
}
