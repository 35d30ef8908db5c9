//! Credentials outside auth blocks: request headers and query parameters that
//! carry a credential (`Authorization: Bearer ...`, `X-API-Key`, `Cookie`,
//! `?api_key=`). Secret-ness is decided by where a value is used, not by the
//! name of the variable that holds it: every variable in such a place is a
//! secret, and a literal value there is never copied into generated code; it
//! becomes a secret client variable the caller sets, with a warning.

use heck::ToSnakeCase;

use crate::ir::{Template, TemplatePart};

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
    let snake = name.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    if is_paging_token(&words) && scheme_prefix(value).is_none() {
        return false;
    }
    CREDENTIAL_HEADERS.contains(&lower.as_str())
        || name
            .to_snake_case()
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
    let snake = key.to_snake_case();
    let words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    if is_paging_token(&words) {
        return false;
    }
    let last = words.last().copied().unwrap_or_default();
    let last_two = words.len().checked_sub(2).map(|i| words[i..].join("_"));
    matches!(
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
        || last_two.is_some_and(|two| {
            matches!(
                two.as_str(),
                "api_key"
                    | "app_key"
                    | "access_key"
                    | "secret_key"
                    | "private_key"
                    | "auth_key"
                    | "session_id"
            )
        })
        || scheme_prefix(value).is_some()
}

/// The leading `Scheme ` of a value, when it starts with an authorization scheme.
fn scheme_prefix(value: &Template) -> Option<String> {
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
}
