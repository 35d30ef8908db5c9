//! `protocolProfileBehavior` (POSTMAN_FORMAT.md §8): the keys the client
//! applies per request ([`profile`]: `disableUrlEncoding`,
//! `disabledSystemHeaders`, `strictSSL`) and warnings for the rest
//! ([`ignored`]). `disableBodyPruning` is applied in `body.rs`; the redirect
//! keys are `redirects.rs`'s. Every key that changes what Postman does, set
//! to a value other than Postman's default, is either applied or named in a
//! `protocol-profile-ignored` warning saying what the client does instead.
//!
//! What newman 6.2.2 does with these keys was learned by running it on probes
//! (`xtask/fixtures/wire-rules.postman_collection.json`, folder `rule 9`):
//! - `disabledSystemHeaders` is a map of lower-case names (`"User-Agent"` is
//!   not matched) to a truthy value. newman then leaves out that header of its
//!   own: `user-agent`, `accept`, `accept-encoding`, `connection`,
//!   `cache-control`, `postman-token`, `host`, `content-length`, and the
//!   `content-type` it adds for a body; a header the collection declares is
//!   still sent.
//! - `disableUrlEncoding: true` sends the URL as written, `"`, `<`, `>`,
//!   `` ` ``, `{`, `}`, `'` and `|` included (a space or a non-ASCII character
//!   makes newman fail the request instead).
//! - `strictSSL: false` accepts a certificate that does not verify.

use serde_json::{Map, Value};

use crate::collection::url::{QueryEntryValue, Url};
use crate::diagnostics::Diagnostic;
use crate::ir::ProtocolProfile;

/// Keys owned elsewhere (applied in `body.rs`, `redirects.rs` or [`profile`]).
const NOT_JUDGED_HERE: &[&str] = &[
    "disableBodyPruning",
    "followRedirects",
    "maxRedirects",
    "followOriginalHttpMethod",
    "followAuthorizationHeader",
    "removeRefererHeaderOnRedirect",
    "strictSSL",
    "disableUrlEncoding",
    "disabledSystemHeaders",
];

/// System headers the generated client never sends (newman does): disabling
/// them changes nothing.
const NEVER_SENT: &[&str] = &[
    "accept-encoding",
    "connection",
    "cache-control",
    "postman-token",
];

fn truthy(value: &Value) -> bool {
    !matches!(value, Value::Null | Value::Bool(false)) && value != "" && value != 0
}

/// Whether `disableUrlEncoding` is on: the client then sends a caller's
/// path and query values as written.
pub fn disables_url_encoding(ppb: &Map<String, Value>) -> bool {
    ppb.get("disableUrlEncoding").is_some_and(truthy)
}

/// The request's profile from its merged `protocolProfileBehavior`, or `None`
/// when it is Postman's default; warnings for what the client cannot do as
/// newman does. `declares_content_type`: whether the request has an enabled
/// `Content-Type` header (then `content-type` in `disabledSystemHeaders`
/// changes nothing: newman sends the declared one).
pub fn profile(
    ppb: &Map<String, Value>,
    url: &Url,
    declares_content_type: bool,
    at: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ProtocolProfile> {
    let mut profile = ProtocolProfile {
        strict_ssl: ppb.get("strictSSL") != Some(&Value::Bool(false)),
        disable_url_encoding: disables_url_encoding(ppb),
        ..ProtocolProfile::default()
    };
    if profile.disable_url_encoding {
        let forced = forced_escapes(url);
        if !forced.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "protocol-profile-ignored",
                at,
                format!(
                    "`protocolProfileBehavior.disableUrlEncoding: true` is applied only in part: the \
                     client's URL parser (WHATWG) still percent-encodes {forced} in this URL, which \
                     newman sends as written"
                ),
            ));
        }
    }
    if let Some(Value::Object(names)) = ppb.get("disabledSystemHeaders") {
        let mut unapplied = Vec::new();
        for (name, value) in names {
            if !truthy(value) {
                continue;
            }
            match name.as_str() {
                "user-agent" => profile.disabled_system_headers.push(name.clone()),
                "content-type" if !declares_content_type => {
                    profile.disabled_system_headers.push(name.clone())
                }
                "accept" | "host" | "content-length" => unapplied.push(format!("`{name}`")),
                name if NEVER_SENT.contains(&name) => {}
                // Declared by the collection, or not a system header: nothing to leave out.
                _ => {}
            }
        }
        profile.disabled_system_headers.sort();
        if !unapplied.is_empty() {
            diagnostics.push(Diagnostic::warning(
                "protocol-profile-ignored",
                at,
                format!(
                    "`protocolProfileBehavior.disabledSystemHeaders` {} is not applied: the client's \
                     HTTP library always sends `Accept: */*` when the request has no Accept header, \
                     and `Host` and `Content-Length` (HTTP/1.1 needs them), where newman leaves them out",
                    unapplied.join(", ")
                ),
            ));
        }
    }
    (profile != ProtocolProfile::default()).then_some(profile)
}

/// The characters of the URL's path and query, as written, that the client's
/// URL parser encodes whatever it is told, as a list for a message (empty
/// when there are none).
fn forced_escapes(url: &Url) -> String {
    let mut found: Vec<char> = Vec::new();
    let mut scan = |text: &str, set: &str| {
        for c in text.chars() {
            let forced = c == ' ' || !c.is_ascii() || c.is_ascii_control() || set.contains(c);
            if forced && !found.contains(&c) {
                found.push(c);
            }
        }
    };
    for segment in &url.path {
        scan(&without_variables(segment), "\"<>`{}");
    }
    for entry in url.query.iter().filter(|entry| !entry.disabled) {
        scan(
            &without_variables(entry.key.as_deref().unwrap_or_default()),
            "\"'<>",
        );
        if let QueryEntryValue::Text(value) = &entry.value {
            scan(&without_variables(value), "\"'<>");
        }
    }
    found
        .iter()
        .map(|c| match c {
            ' ' => "space".to_string(),
            c if !c.is_ascii() => "non-ASCII characters".to_string(),
            c if c.is_ascii_control() => "control characters".to_string(),
            c => format!("`{c}`"),
        })
        .fold(Vec::<String>::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        })
        .join(", ")
}

/// `text` without its `{{variables}}`, whose braces are not sent.
fn without_variables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        match rest[start + 2..].find("}}") {
            Some(end) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + 2 + end + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Warnings for the effective `protocolProfileBehavior` of the request at
/// `at`: the keys the client does not apply.
pub fn ignored(ppb: &Map<String, Value>, at: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, value) in ppb {
        if NOT_JUDGED_HERE.contains(&key.as_str()) {
            continue;
        }
        let instead = match (key.as_str(), value) {
            ("insecureHTTPParser" | "disableCookies", v) if truthy(v) => {
                "the client keeps its HTTP client's default"
            }
            ("protocolVersion", Value::String(version))
                if version != "auto" && version != "http1" =>
            {
                "the client lets its HTTP client choose the protocol version"
            }
            ("tlsPreferServerCiphers", v) if truthy(v) => "the client keeps its TLS defaults",
            ("tlsDisabledProtocols" | "tlsCipherSelection", Value::Array(items))
                if !items.is_empty() =>
            {
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

    fn url(raw: &str) -> Url {
        crate::collection::url::parse_string(raw)
    }

    fn lower(ppb: Value, raw: &str, declares: bool) -> (Option<ProtocolProfile>, Vec<String>) {
        let mut diagnostics = Vec::new();
        let map = ppb.as_object().cloned().unwrap_or_default();
        let profile = profile(&map, &url(raw), declares, "$.item[0]", &mut diagnostics);
        (
            profile,
            diagnostics.into_iter().map(|d| d.message).collect(),
        )
    }

    #[test]
    fn keys_the_client_does_not_apply_are_named_and_defaults_are_quiet() {
        let warned = keys(json!({
            "strictSSL": false, "disableUrlEncoding": true,
            "disabledSystemHeaders": {"user-agent": true}, "disableCookies": true,
            "tlsDisabledProtocols": ["TLSv1"], "protocolVersion": "http2",
        }));
        assert_eq!(warned.len(), 3, "{warned:?}");
        assert!(warned[0].starts_with("protocolProfileBehavior.disableCookies: true"));
        let quiet = keys(json!({
            "strictSSL": true, "disableUrlEncoding": false, "disabledSystemHeaders": {},
            "disableBodyPruning": true, "followRedirects": false, "maxRedirects": 2,
            "protocolVersion": "auto", "somethingNew": true,
        }));
        assert!(quiet.is_empty(), "{quiet:?}");
    }

    #[test]
    fn the_applied_keys_become_the_requests_profile() {
        let (profile, warned) = lower(
            json!({
                "strictSSL": false, "disableUrlEncoding": true,
                "disabledSystemHeaders": {
                    "user-agent": true, "content-type": true, "cache-control": true,
                    "User-Agent": false, "accept-encoding": 1,
                },
            }),
            "http://h/a|b?q=%2C+x",
            false,
        );
        assert!(warned.is_empty(), "{warned:?}");
        assert_eq!(
            profile,
            Some(ProtocolProfile {
                disable_url_encoding: true,
                disabled_system_headers: vec!["content-type".into(), "user-agent".into()],
                strict_ssl: false,
            })
        );
        // A declared Content-Type is the collection's, not a system header.
        let (profile, _) = lower(
            json!({"disabledSystemHeaders": {"content-type": true}}),
            "http://h/",
            true,
        );
        assert_eq!(profile, None);
        let (profile, _) = lower(
            json!({"strictSSL": true, "disableUrlEncoding": false}),
            "http://h/",
            false,
        );
        assert_eq!(profile, None);
    }

    #[test]
    fn what_the_client_cannot_do_as_newman_does_is_named() {
        let (_, warned) = lower(
            json!({"disabledSystemHeaders": {"accept": true, "host": true, "user-agent": true}}),
            "http://h/",
            false,
        );
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(
            warned[0].contains("`accept`, `host` is not applied"),
            "{warned:?}"
        );
        let (_, warned) = lower(
            json!({"disableUrlEncoding": true}),
            "http://h/{{v}}/\"q\"/{y}?k='{{w}}'&j=|",
            false,
        );
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(
            warned[0].contains("`\"`, `{`, `}`, `'` in this URL"),
            "{warned:?}"
        );
    }
}
