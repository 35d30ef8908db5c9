//! Credentials outside auth blocks: request headers and query parameters that
//! carry a credential (`Authorization: Bearer ...`, `X-API-Key`, `Cookie`,
//! `?api_key=`). Secret-ness is decided by where a value is used, not by the
//! name of the variable that holds it: every variable in such a place is a
//! secret, and a literal value there is never copied into generated code; it
//! becomes a secret client variable the caller sets, with a warning.

use crate::ir::{Template, TemplatePart};
use crate::names::snake_case;

/// Header names that are credentials whatever their words.
const CREDENTIAL_HEADERS: &[&str] = &["authorization", "proxy-authorization", "cookie", "cookie2"];

/// Words in a header name or query key that mark a credential.
const CREDENTIAL_WORDS: &[&str] = &[
    "key",
    "apikey",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "auth",
    "session",
    "sessionid",
    "signature",
    "sig",
    "credential",
    "credentials",
    "jwt",
    "bearer",
];

/// Standard headers whose words look like a credential but that are not one.
const NOT_CREDENTIALS: &[&str] = &[
    "idempotency-key",
    "sec-websocket-key",
    "sec-websocket-accept",
];

/// Authorization schemes (RFC 9110 §11, and the signing schemes Postman
/// writes): a value starting with one is a credential under any header name.
const SCHEMES: &[&str] = &[
    "basic",
    "bearer",
    "digest",
    "hawk",
    "oauth",
    "token",
    "jwt",
    "negotiate",
    "ntlm",
    "aws4-hmac-sha256",
    "eg1-hmac-sha256",
];

/// Whether a header or query parameter named `name` with the value `value`
/// carries a credential.
pub fn is_credential(name: &str, value: &Template) -> bool {
    let lower = name.trim().to_ascii_lowercase();
    if NOT_CREDENTIALS.contains(&lower.as_str()) {
        return false;
    }
    let snake = snake_case(name);
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    if is_paging_token(&words) && scheme_prefix(value).is_none() {
        return false;
    }
    CREDENTIAL_HEADERS.contains(&lower.as_str())
        || snake
            .split('_')
            .any(|word| CREDENTIAL_WORDS.contains(&word))
        || scheme_prefix(value).is_some()
}

/// Tokens that page through results (`next_page_token`, `pageToken`,
/// `continuation_token`, `next_token`, `sync_token`): the server hands them
/// out in one reply to be sent back in the next, so they are data the caller
/// passes, not credentials.
fn is_paging_token(words: &[&str]) -> bool {
    match words {
        [.., qualifier, "token"] => {
            matches!(
                *qualifier,
                "page" | "next" | "continuation" | "sync" | "cursor" | "pagination"
            )
        }
        _ => false,
    }
}

/// Query keys that hold a credential: the last word, or the last two, name one
/// (`api_key`, `access_token`, `client_secret`, `sig`); a bare `key` too.
/// Narrower than for headers, since `sort_key` or `auth_type` are common
/// ordinary query parameters.
pub fn is_credential_query(key: &str, value: &Template) -> bool {
    query_key_verdict(key).unwrap_or_else(|| scheme_prefix(value).is_some())
}

/// What a query key or form field name alone says of [`is_credential_query`]:
/// `Some(false)` for a paging token (whatever its value), `Some(true)` for a
/// credential's name, `None` when the value decides. It depends on the key
/// only, so a lowering that meets one key many times (Stripe's 5,434 form
/// fields have 2,242 keys) works it out once per key.
pub fn query_key_verdict(key: &str) -> Option<bool> {
    let snake = snake_case(key);
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    if is_paging_token(&words) {
        return Some(false);
    }
    let last = words.last().copied().unwrap_or_default();
    // The last two words, compared as a pair (no word holds `_`).
    let last_two = match words.as_slice() {
        [.., before, last] => Some((*before, *last)),
        _ => None,
    };
    let named = matches!(
        last,
        "apikey"
            | "token"
            | "secret"
            | "password"
            | "passwd"
            | "signature"
            | "sig"
            | "jwt"
            | "sessionid"
    ) || snake == "key"
        || matches!(
            last_two,
            Some(
                ("api", "key")
                    | ("app", "key")
                    | ("access", "key")
                    | ("secret", "key")
                    | ("private", "key")
                    | ("auth", "key")
                    | ("session", "id")
            )
        );
    named.then_some(true)
}

/// The leading `Scheme ` of a value, when it starts with an authorization scheme.
pub(crate) fn scheme_prefix(value: &Template) -> Option<String> {
    let Some(TemplatePart::Literal(first)) = value.parts.first() else {
        return None;
    };
    let (word, _) = first.split_once(' ')?;
    SCHEMES
        .contains(&word.to_ascii_lowercase().as_str())
        .then(|| first[..word.len() + 1].to_string())
}

/// A credential value with its literal secret replaced by `{{variable}}`
/// (keeping a leading `Bearer `-like scheme), or `None` when the value holds
/// no literal secret (it is empty, or only variables and punctuation).
pub fn parameterise(value: &Template, variable: &str) -> Option<Template> {
    let prefix = scheme_prefix(value).unwrap_or_default();
    let text = value.to_postman_string();
    let rest = Template::parse(&text[prefix.len()..]);
    let literal_secret = rest.parts.iter().any(|part| match part {
        TemplatePart::Literal(text) => text.chars().any(char::is_alphanumeric),
        TemplatePart::Var(_) => false,
    });
    literal_secret.then(|| Template::parse(&format!("{prefix}{{{{{variable}}}}}")))
}

/// A literal credential found in a raw JSON body and replaced by a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonCredential {
    /// Where the value was, as a JSON pointer into the body (`/user/password`).
    pub pointer: String,
    /// The object key that holds it, which also names the variable.
    pub key: String,
    /// The literal the variable stands for (after any scheme), as written
    /// between the quotes, JSON escapes kept: the variable's value goes into
    /// the body text as it is, so this is the value that sends the
    /// collection's bytes. Never emitted, only for a replay harness to supply
    /// at run time as the caller would.
    pub literal: String,
}

/// A raw JSON body's text (with `{{variables}}`) in which every string value
/// of a credential key (by the same rule as form fields and query keys) that
/// holds a literal secret is replaced by `{{key}}`, keeping a leading scheme
/// (`"Bearer {{authorization}}"`); everything else, including whitespace and
/// key order, is kept byte for byte, so the body sent means the same once the
/// variable is set. Also returns where each replacement was.
pub fn parameterise_json(text: &str) -> (String, Vec<JsonCredential>) {
    enum Frame {
        Object {
            key: Option<String>,
            expect_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let pointer = |stack: &[Frame]| {
        let mut pointer = String::new();
        for frame in stack {
            pointer.push('/');
            match frame {
                Frame::Object { key, .. } => pointer.push_str(
                    &key.as_deref()
                        .unwrap_or_default()
                        .replace('~', "~0")
                        .replace('/', "~1"),
                ),
                Frame::Array { index } => pointer.push_str(&index.to_string()),
            }
        }
        pointer
    };
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // A `{{variable}}` outside a string stands for a whole value.
        if rest.starts_with("{{") {
            let end = rest.find("}}").map_or(rest.len(), |i| i + 2);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        if c != '"' {
            match (c, stack.last_mut()) {
                ('{', _) => stack.push(Frame::Object {
                    key: None,
                    expect_key: true,
                }),
                ('[', _) => stack.push(Frame::Array { index: 0 }),
                ('}' | ']', _) => {
                    stack.pop();
                }
                (',', Some(Frame::Object { expect_key, .. })) => *expect_key = true,
                (',', Some(Frame::Array { index })) => *index += 1,
                (':', Some(Frame::Object { expect_key, .. })) => *expect_key = false,
                _ => {}
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        // A string: up to the next unescaped quote.
        let mut end = rest.len();
        let mut escaped = false;
        for (i, c) in rest.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let raw = &rest[..end];
        rest = &rest[end..];
        let decoded = serde_json::from_str::<String>(raw).ok();
        match stack.last_mut() {
            Some(Frame::Object {
                key,
                expect_key: expect_key @ true,
            }) => {
                *key = decoded;
                *expect_key = false;
            }
            Some(Frame::Object {
                key: Some(key),
                expect_key: false,
            }) => {
                let key = key.clone();
                let replaced = decoded.and_then(|value| {
                    let template = Template::parse(&value);
                    // A bare `key` in JSON names the entry of a key/value
                    // list (`{"key": "region", "value": ".."}`), unlike `?key=`.
                    // An openapi-to-postman placeholder (`<string>`) is type
                    // evidence, not a secret.
                    (is_credential_query(&key, &template)
                        && snake_case(&key) != "key"
                        && crate::example_values::placeholder(&value).is_none())
                    .then(|| parameterise(&template, &key))
                    .flatten()
                    .map(|replaced| replaced.to_postman_string())
                });
                if let Some(text) = replaced {
                    // `text` is the scheme, if any, then `{{key}}`.
                    let prefix = text.len() - key.len() - 4;
                    out.push_str(&serde_json::to_string(&text).unwrap_or_default());
                    // `raw` is the quoted string as written; a scheme prefix has no escapes.
                    let written = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
                    found.push(JsonCredential {
                        pointer: pointer(&stack),
                        literal: written.get(prefix..).unwrap_or_default().to_string(),
                        key,
                    });
                    continue;
                }
            }
            _ => {}
        }
        out.push_str(raw);
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credential(name: &str, value: &str) -> bool {
        is_credential(name, &Template::parse(value))
    }

    #[test]
    fn credentials_are_known_by_name_or_by_scheme() {
        for (name, value) in [
            ("Authorization", "anything"),
            ("X-API-Key", "abc"),
            ("x-auth-token", "abc"),
            ("Cookie", "a=b"),
            ("X-Session-Id", "s"),
            ("X-Signature", "s"),
            ("X-Custom", "Bearer abc"),
            ("X-Custom", "Hawk id=\"x\""),
            ("api_key", "abc"),
            ("accessToken", "abc"),
        ] {
            assert!(credential(name, value), "{name}: {value}");
        }
        for (name, value) in [
            ("Accept", "application/json"),
            ("Idempotency-Key", "k"),
            ("X-Request-Id", "1"),
            ("Keyboard", "x"),
            ("X-Custom", "Bearerish"),
        ] {
            assert!(!credential(name, value), "{name}: {value}");
        }
    }

    #[test]
    fn credential_query_keys_are_narrower_than_headers() {
        for key in [
            "api_key",
            "apiKey",
            "key",
            "access_token",
            "client_secret",
            "sig",
            "X-Amz-Signature",
        ] {
            assert!(is_credential_query(key, &Template::parse("v")), "{key}");
        }
        for key in [
            "sort_key",
            "auth_type",
            "keyword",
            "page",
            "session",
            "next_page_token",
            "pageToken",
            "continuation_token",
            "nextToken",
        ] {
            assert!(!is_credential_query(key, &Template::parse("v")), "{key}");
        }
    }

    #[test]
    fn literal_secrets_become_a_variable_and_schemes_stay() {
        let parameterised = |value: &str| {
            parameterise(&Template::parse(value), "X-API-Key").map(|t| t.to_postman_string())
        };
        assert_eq!(parameterised("abc123").as_deref(), Some("{{X-API-Key}}"));
        assert_eq!(
            parameterised("Bearer abc").as_deref(),
            Some("Bearer {{X-API-Key}}")
        );
        assert_eq!(parameterised("Bearer {{token}}"), None);
        assert_eq!(parameterised("{{a}}:{{b}}"), None);
        assert_eq!(parameterised(""), None);
        assert_eq!(
            parameterised("sid=1; {{x}}").as_deref(),
            Some("{{X-API-Key}}")
        );
    }

    #[test]
    fn credential_values_in_json_bodies_become_variables_in_place() {
        let text = "{\"user\": {\"name\": \"ann\", \"password\": \"hunter2\"},\n \"items\": [{\"client_secret\":\"abc\"}, {\"api_key\": \"{{key}}\"}],\n \"n\": {{count}}, \"token\": \"Bearer x.y\", \"next_page_token\": \"p2\"}";
        let (out, found) = parameterise_json(text);
        assert_eq!(
            out,
            "{\"user\": {\"name\": \"ann\", \"password\": \"{{password}}\"},\n \"items\": [{\"client_secret\":\"{{client_secret}}\"}, {\"api_key\": \"{{key}}\"}],\n \"n\": {{count}}, \"token\": \"Bearer {{token}}\", \"next_page_token\": \"p2\"}"
        );
        let pointers: Vec<&str> = found.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/user/password", "/items/0/client_secret", "/token"]
        );
        let literals: Vec<&str> = found.iter().map(|f| f.literal.as_str()).collect();
        assert_eq!(literals, ["hunter2", "abc", "x.y"]);
        // The literal is the text as written: rendered into the body, it
        // gives the collection's bytes (escapes included).
        let escaped = r#"{"password": "-----BEGIN\n\"x\"\\"}"#;
        let (out, found) = parameterise_json(escaped);
        assert_eq!(found[0].literal, r#"-----BEGIN\n\"x\"\\"#);
        assert_eq!(out.replace("{{password}}", &found[0].literal), escaped);
        // A bare `key` names a key/value entry in JSON.
        let pairs = r#"{"pairs": [{"key": "region", "value": "eu"}], "Key": "k1"}"#;
        assert_eq!(parameterise_json(pairs), (pairs.to_string(), Vec::new()));
        let placeholders = r#"{"password": "<string>", "force_password": "<boolean>"}"#;
        assert_eq!(
            parameterise_json(placeholders),
            (placeholders.to_string(), Vec::new())
        );
        // Escaped quotes inside values do not end the string early.
        let (out, found) =
            parameterise_json(r#"{"note": "a \"password\": \"x\"", "secret": "s\"1"}"#);
        assert_eq!(
            out,
            r#"{"note": "a \"password\": \"x\"", "secret": "{{secret}}"}"#
        );
        assert_eq!(found.len(), 1);
    }
}
