//! Auth: inheritance (POSTMAN_FORMAT.md §9.2) and the schemes the client implements.

use serde_json::Value;

use crate::collection::AuthDef;
use crate::diagnostics::Diagnostic;
use crate::ir::{ApiKeyLocation, AuthScheme, Credential, Template};

/// The effective auth for a request: its own if typed, else the nearest
/// ancestor's (innermost first in `ancestors`), else none.
pub fn effective<'a>(own: &'a AuthDef, ancestors: &[&'a AuthDef]) -> Option<&'a AuthDef> {
    std::iter::once(own)
        .chain(ancestors.iter().copied())
        .find(|auth| !matches!(auth, AuthDef::Inherit))
        .filter(|auth| !matches!(auth, AuthDef::NoAuth))
}

/// Lowers a typed auth definition to a scheme without secret values. Literal
/// credentials and unsupported types are reported.
pub fn scheme(auth: &AuthDef, diagnostics: &mut Vec<Diagnostic>) -> Option<AuthScheme> {
    let AuthDef::Typed { kind, params, path } = auth else {
        return None;
    };
    let param = |key: &str| params.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
    let text = |key: &str| {
        param(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let mut credential = |key: &str| {
        let credential = credential(param(key));
        if credential == Credential::Supplied {
            diagnostics.push(Diagnostic::note(
                "literal-credential",
                path.key(kind).as_str(),
                format!(
                    "the collection holds a literal `{key}` for {kind} auth; it is not copied into \
                     generated code, the client takes it at run time"
                ),
            ));
        }
        credential
    };
    let scheme = match kind.as_str() {
        "basic" => AuthScheme::Basic {
            username: credential("username"),
            password: credential("password"),
        },
        "bearer" => AuthScheme::Bearer {
            token: credential("token"),
        },
        "apikey" => AuthScheme::ApiKey {
            name: text("key"),
            value: credential("value"),
            location: if text("in") == "query" {
                ApiKeyLocation::Query
            } else {
                ApiKeyLocation::Header
            },
        },
        "oauth2" => AuthScheme::OAuth2 {
            token: credential("accessToken"),
            location: if text("addTokenTo") == "queryParams" {
                ApiKeyLocation::Query
            } else {
                ApiKeyLocation::Header
            },
            header_prefix: match param("headerPrefix") {
                Some(Value::String(prefix)) => prefix.trim().to_string(),
                _ => "Bearer".to_string(),
            },
        },
        other => {
            diagnostics.push(Diagnostic::warning(
                "unsupported-auth",
                path.as_str(),
                format!("{other} auth is not supported; the client sends no auth for the requests that use it"),
            ));
            AuthScheme::Unsupported {
                kind: other.to_string(),
            }
        }
    };
    Some(scheme)
}

/// Where a credential's value comes from, keeping no literal value.
fn credential(value: Option<&Value>) -> Credential {
    match value {
        None | Some(Value::Null) => Credential::Empty,
        Some(Value::String(text)) if text.is_empty() => Credential::Empty,
        Some(Value::String(text)) => match Template::parse(text).as_single_var() {
            Some(name) => Credential::Variable(name.to_string()),
            None => Credential::Supplied,
        },
        Some(_) => Credential::Supplied,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::JsonPath;
    use serde_json::json;

    fn typed(kind: &str, params: &[(&str, Value)]) -> AuthDef {
        AuthDef::Typed {
            kind: kind.to_string(),
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            path: JsonPath::root(),
        }
    }

    #[test]
    fn ec48_inheritance_stops_at_noauth_and_skips_inherit() {
        let collection = typed("bearer", &[]);
        let folder_noauth = AuthDef::NoAuth;
        let inherit = AuthDef::Inherit;
        assert_eq!(
            effective(&inherit, &[&inherit, &collection]),
            Some(&collection)
        );
        assert_eq!(effective(&inherit, &[&folder_noauth, &collection]), None);
        let own = typed("basic", &[]);
        assert_eq!(effective(&own, &[&folder_noauth]), Some(&own));
    }

    #[test]
    fn credentials_never_keep_literal_values() {
        let mut diagnostics = Vec::new();
        let scheme = scheme(
            &typed("bearer", &[("token", json!("s3cr3t"))]),
            &mut diagnostics,
        );
        assert_eq!(
            scheme,
            Some(AuthScheme::Bearer {
                token: Credential::Supplied
            })
        );
        assert_eq!(diagnostics[0].code, "literal-credential");
        assert!(!format!("{scheme:?}{diagnostics:?}").contains("s3cr3t"));
        let scheme = super::scheme(
            &typed(
                "oauth2",
                &[
                    ("accessToken", json!("{{token}}")),
                    ("addTokenTo", json!("queryParams")),
                    ("headerPrefix", json!("")),
                ],
            ),
            &mut diagnostics,
        );
        assert_eq!(
            scheme,
            Some(AuthScheme::OAuth2 {
                token: Credential::Variable("token".into()),
                location: ApiKeyLocation::Query,
                header_prefix: String::new()
            })
        );
    }

    #[test]
    fn unknown_auth_types_are_reported_not_fatal() {
        let mut diagnostics = Vec::new();
        let scheme = scheme(&typed("awsv4", &[]), &mut diagnostics);
        assert_eq!(
            scheme,
            Some(AuthScheme::Unsupported {
                kind: "awsv4".into()
            })
        );
        assert_eq!(diagnostics[0].code, "unsupported-auth");
    }
}
