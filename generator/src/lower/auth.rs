//! Auth: inheritance (POSTMAN_FORMAT.md §9.2) and the schemes the client implements.

use serde_json::Value;

use crate::collection::AuthDef;
use crate::diagnostics::Diagnostic;
use crate::ir::{ApiKeyLocation, AuthScheme, Credential, OAuth1Placement, SignedAuth, Template};

/// The effective auth for a request: its own if typed, else the nearest
/// ancestor's (innermost first in `ancestors`), else none.
pub fn effective<'a>(own: &'a AuthDef, ancestors: &[&'a AuthDef]) -> Option<&'a AuthDef> {
    std::iter::once(own)
        .chain(ancestors.iter().copied())
        .find(|auth| !matches!(auth, AuthDef::Inherit))
        .filter(|auth| !matches!(auth, AuthDef::NoAuth))
}

/// Lowers a typed auth definition to a scheme without secret values. Literal
/// credentials and unsupported types are reported; `owner` names what holds
/// the definition (`the collection 'X'`, `folder 'Y'`), for messages.
pub fn scheme(
    auth: &AuthDef,
    owner: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AuthScheme> {
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
        "oauth2" if grant(&text).is_some() => {
            let grant = grant(&text).unwrap_or_default();
            // Extra token-request parameters (Postman's `tokenRequestParams`), by where they go.
            let extra = |place: &str| -> Vec<(String, String)> {
                match param("tokenRequestParams") {
                    Some(Value::Array(entries)) => entries
                        .iter()
                        .filter(|e| !crate::collection::value::is_disabled(e))
                        .filter(|e| {
                            e.get("send_as")
                                .and_then(Value::as_str)
                                .unwrap_or("request_body")
                                == place
                        })
                        .filter_map(|e| {
                            Some((
                                e.get("key")?.as_str()?.to_string(),
                                crate::collection::value::text(e, "value").unwrap_or_default(),
                            ))
                        })
                        .filter(|(key, _)| !key.is_empty())
                        .collect(),
                    _ => Vec::new(),
                }
            };
            let first = |a: &str, b: &str| if param(a).is_some() { text(a) } else { text(b) };
            AuthScheme::Signed(Box::new(SignedAuth::OAuth2Grant {
                access_token: credential("accessToken"),
                client_id: credential("clientId"),
                client_secret: credential("clientSecret"),
                username: if grant == "password" {
                    credential("username")
                } else {
                    Credential::Empty
                },
                password: if grant == "password" {
                    credential("password")
                } else {
                    Credential::Empty
                },
                grant: grant.to_string(),
                token_url: text("accessTokenUrl"),
                client_auth_header: first("client_authentication", "clientAuth") != "body",
                scope: text("scope"),
                audience: text("audience"),
                redirect_uri: first("redirect_uri", "redirectUri"),
                extra: extra("request_body"),
                extra_headers: extra("request_header"),
                extra_query: extra("request_url"),
                in_query: text("addTokenTo") == "queryParams",
                header_prefix: match param("headerPrefix") {
                    Some(Value::String(prefix)) => prefix.trim().to_string(),
                    _ => "Bearer".to_string(),
                },
            }))
        }
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
        "digest" => AuthScheme::Signed(Box::new(SignedAuth::Digest {
            username: credential("username"),
            password: credential("password"),
            algorithm: text("algorithm"),
            qop: text("qop"),
            realm: text("realm"),
            nonce: text("nonce"),
            opaque: text("opaque"),
            retry: !truthy(param("disableRetryRequest")),
        })),
        "oauth1" => {
            let signature_method = match text("signatureMethod") {
                method if method.is_empty() => "HMAC-SHA1".to_string(),
                method => method,
            };
            let rsa = signature_method.starts_with("RSA");
            let scheme = AuthScheme::Signed(Box::new(SignedAuth::OAuth1 {
                consumer_key: credential("consumerKey"),
                consumer_secret: if rsa {
                    Credential::Empty
                } else {
                    credential("consumerSecret")
                },
                token: credential("token"),
                token_secret: if rsa {
                    Credential::Empty
                } else {
                    credential("tokenSecret")
                },
                private_key: if rsa {
                    credential("privateKey")
                } else {
                    Credential::Empty
                },
                signature_method,
                // v2 collections say `addParamsToHeader`; older exports `header`.
                placement: if truthy(param("addParamsToHeader").or(param("header"))) {
                    OAuth1Placement::Header
                } else {
                    OAuth1Placement::BodyOrQuery
                },
                realm: text("realm"),
                version: text("version"),
                timestamp: text("timestamp"),
                nonce: text("nonce"),
                callback: text("callback"),
                verifier: text("verifier"),
                include_empty: truthy(param("addEmptyParamsToSign").or(param("includeEmpty"))),
                body_hash: truthy(param("includeBodyHash")),
                encode_header: !truthy(param("disableHeaderEncoding")),
            }));
            if !matches!(
                scheme,
                AuthScheme::Signed(ref signed) if matches!(**signed, SignedAuth::OAuth1 { ref signature_method, .. }
                    if matches!(signature_method.as_str(), "HMAC-SHA1" | "HMAC-SHA256" | "HMAC-SHA512" | "PLAINTEXT"
                        | "RSA-SHA1" | "RSA-SHA256" | "RSA-SHA512"))
            ) {
                diagnostics.push(Diagnostic::warning(
                    "unsupported-auth-option",
                    path.key(kind).as_str(),
                    format!("{owner} signs OAuth 1.0 with a method the client does not implement; its requests fail with an error naming it"),
                ));
            }
            scheme
        }
        "hawk" => AuthScheme::Signed(Box::new(SignedAuth::Hawk {
            id: credential("authId"),
            key: credential("authKey"),
            algorithm: text("algorithm"),
            nonce: text("nonce"),
            timestamp: text("timestamp"),
            ext: text("extraData"),
            app: text("app"),
            dlg: text("delegation"),
            payload_hash: truthy(param("includePayloadHash")),
        })),
        "awsv4" => AuthScheme::Signed(Box::new(SignedAuth::AwsV4 {
            access_key: credential("accessKey"),
            secret_key: credential("secretKey"),
            session_token: credential("sessionToken"),
            region: text("region"),
            service: text("service"),
            in_query: truthy(param("addAuthDataToQuery")),
        })),
        "jwt" => {
            let algorithm = text("algorithm");
            let hmac = algorithm.is_empty() || algorithm.starts_with("HS");
            let scheme = AuthScheme::Signed(Box::new(SignedAuth::Jwt {
                secret: if hmac {
                    credential("secret")
                } else {
                    Credential::Empty
                },
                private_key: if hmac {
                    Credential::Empty
                } else {
                    credential("privateKey")
                },
                passphrase: if hmac {
                    Credential::Empty
                } else {
                    credential("passphrase")
                },
                algorithm: algorithm.clone(),
                header: json_text(param("header")),
                payload: json_text(param("payload")),
                secret_base64: truthy(param("isSecretBase64Encoded")),
                in_query: text("addTokenTo") == "queryParam",
                query_key: text("queryParamKey"),
                // Postman's runtime prefixes `Bearer` only when the setting is
                // missing; an empty one sends the bare token.
                header_prefix: match param("headerPrefix") {
                    None | Some(Value::Null) => "Bearer".to_string(),
                    Some(_) => text("headerPrefix"),
                },
            }));
            jwt_options(&algorithm, owner, kind, path, diagnostics);
            scheme
        }
        "asap" => {
            let algorithm = text("alg");
            let scheme = AuthScheme::Signed(Box::new(SignedAuth::Asap {
                private_key: credential("privateKey"),
                algorithm: algorithm.clone(),
                kid: text("kid"),
                issuer: text("iss"),
                subject: text("sub"),
                audience: text("aud"),
                expiry: text("exp"),
                claims: json_text(param("claims")),
            }));
            jwt_options(&algorithm, owner, kind, path, diagnostics);
            scheme
        }
        "edgegrid" => AuthScheme::Signed(Box::new(SignedAuth::EdgeGrid {
            client_token: credential("clientToken"),
            client_secret: credential("clientSecret"),
            access_token: credential("accessToken"),
            base_url: text("baseURL"),
            nonce: text("nonce"),
            timestamp: text("timestamp"),
            headers_to_sign: match param("headersToSign") {
                // Postman takes a comma-separated string or a list of names.
                Some(Value::Array(names)) => names
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
                _ => text("headersToSign"),
            },
            max_body: match param("maxBodySize") {
                Some(Value::Number(n)) => n.to_string(),
                _ => text("maxBodySize"),
            },
        })),
        "ntlm" => AuthScheme::Signed(Box::new(SignedAuth::Ntlm {
            username: credential("username"),
            password: credential("password"),
            domain: text("domain"),
            workstation: text("workstation"),
        })),
        other => {
            diagnostics.push(Diagnostic::warning(
                "unsupported-auth",
                path.as_str(),
                format!(
                    "{} uses {other} auth, which is not supported; the client sends no auth for the requests that use it",
                    owner
                ),
            ));
            AuthScheme::Unsupported {
                kind: other.to_string(),
            }
        }
    };
    Some(scheme)
}

/// A JSON option (JWT header and payload, ASAP claims) as text: Postman
/// stores it as a string, older exports as an object.
/// The basic auth Postman's HTTP layer sends for a URL's `user:pass@` when
/// nothing else sets `Authorization`: the userinfo percent-decoded, then
/// split at its first `:` (`us@r:p@ssword@host` is user `us@r`, password
/// `p@ssword`). A part that is one `{{variable}}` is that variable; a literal
/// is not kept, the caller supplies it.
pub fn userinfo_scheme(userinfo: &str) -> AuthScheme {
    let (user, password) = userinfo_credentials(userinfo);
    let part = |text: String| credential(Some(&Value::String(text)));
    AuthScheme::Basic {
        username: part(user),
        password: part(password),
    }
}

/// The user and password Postman sends for a URL's userinfo: percent-decoded,
/// split at the first `:`.
pub fn userinfo_credentials(userinfo: &str) -> (String, String) {
    let decoded = percent_decode(userinfo);
    match decoded.split_once(':') {
        Some((user, password)) => (user.to_string(), password.to_string()),
        None => (decoded, String::new()),
    }
}

/// `%XX` escapes decoded (invalid ones kept as written), as Node decodes a
/// URL's userinfo.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

fn json_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(value @ Value::Object(_)) => value.to_string(),
        _ => String::new(),
    }
}

/// Warns about the JWT and ASAP settings the client cannot honour.
fn jwt_options(
    algorithm: &str,
    owner: &str,
    kind: &str,
    path: &crate::diagnostics::JsonPath,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let known = [
        "", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
        "ES256", "ES384", "ES512",
    ];
    if !known.contains(&algorithm) && !algorithm.contains("{{") {
        diagnostics.push(Diagnostic::warning(
            "unsupported-auth-option",
            path.key(kind).as_str(),
            format!("{owner} signs {kind} tokens with `{algorithm}`, which the client does not implement; its requests fail with an error naming it"),
        ));
    }
}

/// The OAuth 2.0 grant the client runs for these settings: one with a token
/// URL whose type it implements (`grant_type`, or `grantType` in older exports).
fn grant(text: &dyn Fn(&str) -> String) -> Option<&'static str> {
    if text("accessTokenUrl").trim().is_empty() {
        return None;
    }
    let kind = match text("grant_type") {
        kind if kind.is_empty() => text("grantType"),
        kind => kind,
    };
    match kind.as_str() {
        "client_credentials" => Some("client_credentials"),
        "password_credentials" | "password" => Some("password"),
        "authorization_code" | "authorization_code_with_pkce" => Some("authorization_code"),
        _ => None,
    }
}

/// JavaScript truthiness of an option (`"false"`, a non-empty string, is true).
fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Some(Value::Array(_) | Value::Object(_)) => true,
    }
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
            "the collection 'c'",
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
            "the collection 'c'",
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
        let scheme = scheme(&typed("oci-v1", &[]), "folder 'f'", &mut diagnostics);
        assert_eq!(
            scheme,
            Some(AuthScheme::Unsupported {
                kind: "oci-v1".into()
            })
        );
        assert_eq!(diagnostics[0].code, "unsupported-auth");
        assert!(
            diagnostics[0].message.contains("folder 'f'"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn an_inherited_unsupported_auth_is_reported_once_naming_its_owner() {
        let ping = |name: &str| json!({"name": name, "request": {"method": "GET", "url": "https://example.com/x"}});
        let collection = json!({
            "info": {"name": "Shop", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "auth": {"type": "oci-v1", "oci-v1": []},
            "item": [
                ping("a"), ping("b"),
                {"name": "Orders", "auth": {"type": "kerberos", "kerberos": []}, "item": [ping("c"), ping("d")]},
            ],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        let warnings: Vec<&str> = api
            .diagnostics
            .iter()
            .filter(|d| d.code == "unsupported-auth")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("the collection 'Shop'") && warnings[0].contains("oci-v1"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].contains("folder 'Orders'") && warnings[1].contains("kerberos"),
            "{warnings:?}"
        );
    }

    #[test]
    fn jwt_and_asap_keep_their_options_and_report_what_the_client_cannot_sign() {
        let mut diagnostics = Vec::new();
        let jwt = scheme(
            &typed(
                "jwt",
                &[
                    ("algorithm", json!("RS512")),
                    ("secret", json!("unused-hunter")),
                    ("privateKey", json!("{{key}}")),
                    ("payload", json!({"sub": "{{user}}", "a": 1})),
                    ("header", json!("{\"kid\": \"k\"}")),
                    ("isSecretBase64Encoded", json!(true)),
                    ("addTokenTo", json!("queryParam")),
                    ("queryParamKey", json!("jwt")),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &jwt else {
            panic!("{jwt:?}")
        };
        assert!(
            matches!(&**signed, SignedAuth::Jwt { secret: Credential::Empty, private_key: Credential::Variable(key),
                payload, header, secret_base64: true, in_query: true, query_key, header_prefix, .. }
            if key == "key" && payload == r#"{"sub":"{{user}}","a":1}"# && header == r#"{"kid": "k"}"# && query_key == "jwt"
                && header_prefix == "Bearer"),
            "{signed:?}"
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // An empty prefix stays empty: Postman sends the bare token.
        let bare = scheme(
            &typed("jwt", &[("headerPrefix", json!(""))]),
            "the collection 'c'",
            &mut diagnostics,
        );
        assert!(
            matches!(&bare, Some(AuthScheme::Signed(signed))
                if matches!(&**signed, SignedAuth::Jwt { header_prefix, .. } if header_prefix.is_empty())),
            "{bare:?}"
        );
        // ES512 and passphrase-protected keys are signed; the passphrase is a
        // credential like the key (a literal one is reported, never kept).
        let es512 = scheme(
            &typed(
                "jwt",
                &[
                    ("algorithm", json!("ES512")),
                    ("passphrase", json!("hunter-pass")),
                ],
            ),
            "folder 'f'",
            &mut diagnostics,
        );
        assert!(
            matches!(&es512, Some(AuthScheme::Signed(signed))
                if matches!(&**signed, SignedAuth::Jwt { passphrase: Credential::Supplied, .. })),
            "{es512:?}"
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "literal-credential");
        assert!(!format!("{es512:?}{diagnostics:?}").contains("hunter-pass"));
        diagnostics.clear();
        scheme(
            &typed("jwt", &[("algorithm", json!("ES999"))]),
            "folder 'f'",
            &mut diagnostics,
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics
            .iter()
            .all(|d| d.code == "unsupported-auth-option" && d.message.contains("folder 'f'")));
        let asap = scheme(
            &typed(
                "asap",
                &[
                    ("kid", json!("k")),
                    ("iss", json!("{{service}}")),
                    ("exp", json!("600")),
                    ("privateKey", json!("literal-hunter")),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &asap else {
            panic!("{asap:?}")
        };
        assert!(
            matches!(&**signed, SignedAuth::Asap { private_key: Credential::Supplied, issuer, expiry, algorithm, .. }
            if issuer == "{{service}}" && expiry == "600" && algorithm.is_empty())
        );
        assert_eq!(
            diagnostics.last().map(|d| d.code),
            Some("literal-credential")
        );
        assert!(!format!("{jwt:?}{asap:?}{diagnostics:?}").contains("hunter"));
    }

    #[test]
    fn edgegrid_keeps_its_options_in_both_shapes_and_no_literal_secret() {
        let mut diagnostics = Vec::new();
        let edgegrid = scheme(
            &typed(
                "edgegrid",
                &[
                    ("clientToken", json!("akab-client")),
                    ("clientSecret", json!("hunter-secret")),
                    ("accessToken", json!("{{access}}")),
                    ("headersToSign", json!(["X-A", "X-B"])),
                    ("maxBodySize", json!(2048)),
                    ("baseURL", json!("{{host}}")),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &edgegrid else {
            panic!("{edgegrid:?}")
        };
        assert!(
            matches!(&**signed, SignedAuth::EdgeGrid { client_secret: Credential::Supplied,
                access_token: Credential::Variable(access), headers_to_sign, max_body, base_url, .. }
            if access == "access" && headers_to_sign == "X-A,X-B" && max_body == "2048" && base_url == "{{host}}"),
            "{signed:?}"
        );
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert!(diagnostics.iter().all(|d| d.code == "literal-credential"));
        assert!(!format!("{edgegrid:?}{diagnostics:?}").contains("hunter"));
    }

    #[test]
    fn ntlm_in_the_object_shape_keeps_no_literal_credential() {
        let collection = json!({
            "info": {"name": "N", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "r", "request": {
                "auth": {"type": "ntlm", "ntlm": {"password": "hunter-pw", "username": "user123", "domain": "{{dom}}"}},
                "method": "GET", "url": "https://example.com/x"}}],
        });
        let api = crate::load_api(collection.to_string().as_bytes()).expect("lowers");
        let ntlm = api
            .auth_schemes
            .iter()
            .find_map(|scheme| match scheme {
                AuthScheme::Signed(signed) => Some(&**signed),
                _ => None,
            })
            .expect("a signed scheme");
        assert!(
            matches!(ntlm, SignedAuth::Ntlm { username: Credential::Supplied, password: Credential::Supplied, domain, .. }
                if domain == "{{dom}}"),
            "{ntlm:?}"
        );
        assert!(!api.diagnostics.iter().any(|d| d.code == "unsupported-auth"));
        assert!(!format!("{:?}{:?}", api.auth_schemes, api.diagnostics).contains("hunter"));
    }

    #[test]
    fn aws_add_auth_data_to_query_presigns() {
        let mut diagnostics = Vec::new();
        let aws = scheme(
            &typed(
                "awsv4",
                &[
                    ("accessKey", json!("{{key}}")),
                    ("addAuthDataToQuery", json!(true)),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &aws else {
            panic!("{aws:?}")
        };
        assert!(matches!(**signed, SignedAuth::AwsV4 { in_query: true, .. }));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn signing_schemes_keep_their_options_and_no_literal_secret() {
        let mut diagnostics = Vec::new();
        let digest = scheme(
            &typed(
                "digest",
                &[
                    ("username", json!("{{user}}")),
                    ("password", json!("hunter2")),
                    ("algorithm", json!("SHA-256")),
                    ("qop", json!("auth-int")),
                    ("realm", json!("{{realm}}")),
                    ("nonce", json!("n")),
                    ("disableRetryRequest", json!(true)),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &digest else {
            panic!("{digest:?}")
        };
        assert!(
            matches!(&**signed, SignedAuth::Digest { algorithm, qop, realm, retry: false, .. }
            if algorithm == "SHA-256" && qop == "auth-int" && realm == "{{realm}}")
        );
        let oauth2 = scheme(
            &typed(
                "oauth2",
                &[
                    ("grant_type", json!("password_credentials")),
                    ("accessTokenUrl", json!("https://a/token")),
                    ("clientId", json!("id")),
                    ("clientSecret", json!("hunter3")),
                    ("client_authentication", json!("body")),
                    (
                        "tokenRequestParams",
                        json!([{"key": "tenant", "value": "x"}, {"key": "h", "value": "y", "send_as": "request_header"}]),
                    ),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        let Some(AuthScheme::Signed(signed)) = &oauth2 else {
            panic!("{oauth2:?}")
        };
        assert!(
            matches!(&**signed, SignedAuth::OAuth2Grant { grant, client_auth_header: false, extra, extra_headers, .. }
            if grant == "password" && extra == &[("tenant".to_string(), "x".to_string())]
                && extra_headers == &[("h".to_string(), "y".to_string())])
        );
        // Without a token URL, or with a grant the client cannot run, the token is the caller's.
        let implicit = scheme(
            &typed(
                "oauth2",
                &[
                    ("grant_type", json!("implicit")),
                    ("accessTokenUrl", json!("https://a/token")),
                ],
            ),
            "the collection 'c'",
            &mut diagnostics,
        );
        assert!(matches!(implicit, Some(AuthScheme::OAuth2 { .. })));
        let before = diagnostics.len();
        scheme(
            &typed(
                "oauth1",
                &[
                    ("signatureMethod", json!("RSA-MD5")),
                    ("privateKey", json!("{{pem}}")),
                ],
            ),
            "folder 'f'",
            &mut diagnostics,
        );
        assert_eq!(diagnostics.len(), before + 1);
        assert_eq!(diagnostics[before].code, "unsupported-auth-option");
        assert!(!format!("{digest:?}{oauth2:?}{diagnostics:?}").contains("hunter"));
    }
}
