//! Auth schemes that sign each request (digest, OAuth 1.0, Hawk, AWS Signature
//! v4, OAuth 2.0 grants, JWT, ASAP, EdgeGrid, NTLM):
//! what the collection fixes about them, never a secret value.
//!
//! Values that are not secrets (an algorithm, a region, a fixed nonce) are kept
//! as Postman template text (`{{var}}` allowed) and rendered by the client.

use serde::Serialize;

use super::Credential;

/// A signing scheme and its options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SignedAuth {
    /// HTTP digest access authentication (RFC 7616): the client answers the
    /// server's 401 challenge and counts nonces across requests.
    Digest {
        /// Where the username comes from.
        username: Credential,
        /// Where the password comes from.
        password: Credential,
        /// `MD5` (default), `MD5-sess`, `SHA-256`, `SHA-256-sess`, `SHA-512-256`, `SHA-512-256-sess`.
        algorithm: String,
        /// `auth`, `auth-int`, or empty (the server's challenge decides).
        qop: String,
        /// A realm, nonce and opaque the collection already holds (templates):
        /// when realm and nonce have values, the first request is signed with
        /// them, as Postman signs it, before any challenge.
        realm: String,
        /// See `realm`.
        nonce: String,
        /// See `realm`.
        opaque: String,
        /// Whether a 401 challenge is answered by resending (Postman's `disableRetryRequest` off).
        retry: bool,
    },
    /// OAuth 1.0 (RFC 5849) request signing.
    OAuth1 {
        /// `oauth_consumer_key`.
        consumer_key: Credential,
        /// The consumer secret (HMAC and PLAINTEXT).
        consumer_secret: Credential,
        /// `oauth_token`.
        token: Credential,
        /// The token secret.
        token_secret: Credential,
        /// The PEM private key (RSA-SHA*).
        private_key: Credential,
        /// `HMAC-SHA1` (default), `HMAC-SHA256`, `HMAC-SHA512`, `RSA-SHA1`, `RSA-SHA256`, `RSA-SHA512`, `PLAINTEXT`.
        signature_method: String,
        /// Where the parameters go.
        placement: OAuth1Placement,
        /// `realm` in the header (template; empty: none).
        realm: String,
        /// `oauth_version` (template; Postman's default `1.0`).
        version: String,
        /// A fixed `oauth_timestamp` (template; empty: the current time).
        timestamp: String,
        /// A fixed `oauth_nonce` (template; empty: a random one per request).
        nonce: String,
        /// `oauth_callback` (template; empty: none).
        callback: String,
        /// `oauth_verifier` (template; empty: none).
        verifier: String,
        /// Sign empty parameters too (`addEmptyParamsToSign`).
        include_empty: bool,
        /// Add `oauth_body_hash` for bodies that are not form-encoded (`includeBodyHash`).
        body_hash: bool,
        /// Percent-encode the header's values (`disableHeaderEncoding` off).
        encode_header: bool,
    },
    /// OAuth 2.0 with tokens the client fetches from the token endpoint
    /// (client credentials, password, or a code the caller obtained), caches
    /// per client, refreshes before expiry and once after a 401.
    OAuth2Grant {
        /// `client_credentials`, `password` or `authorization_code`.
        grant: String,
        /// A current access token (`accessToken`), used until it expires or is refused.
        access_token: Credential,
        /// The token endpoint (template).
        token_url: String,
        /// The client id.
        client_id: Credential,
        /// The client secret.
        client_secret: Credential,
        /// The resource owner's username (password grant).
        username: Credential,
        /// The resource owner's password (password grant).
        password: Credential,
        /// Client authentication in a Basic `Authorization` header; else in the body.
        client_auth_header: bool,
        /// `scope` (template; empty: none).
        scope: String,
        /// `audience` (template; empty: none).
        audience: String,
        /// The redirect URI of the authorization-code grant (template; empty: none).
        redirect_uri: String,
        /// Extra form parameters of the token request (templates).
        extra: Vec<(String, String)>,
        /// Extra headers of the token request (`tokenRequestParams` sent as
        /// `request_header`; values are templates).
        extra_headers: Vec<(String, String)>,
        /// Extra query parameters of the token URL (`send_as: request_url`; templates).
        extra_query: Vec<(String, String)>,
        /// The access token in the query (`access_token`) instead of the header.
        in_query: bool,
        /// The prefix before the token in the header (`Bearer`).
        header_prefix: String,
    },
    /// Hawk request authentication.
    Hawk {
        /// The Hawk id.
        id: Credential,
        /// The Hawk key.
        key: Credential,
        /// `sha256` (default) or `sha1`.
        algorithm: String,
        /// A fixed nonce (template; empty: a new one per request).
        nonce: String,
        /// A fixed timestamp (template; empty: the current time).
        timestamp: String,
        /// `ext` (template).
        ext: String,
        /// `app` (template).
        app: String,
        /// `dlg` (template).
        dlg: String,
        /// Sign a hash of the body (`includePayloadHash`).
        payload_hash: bool,
    },
    /// AWS Signature Version 4 in the `Authorization` header.
    AwsV4 {
        /// The access key id.
        access_key: Credential,
        /// The secret access key.
        secret_key: Credential,
        /// The session token (`X-Amz-Security-Token`), when temporary credentials are used.
        session_token: Credential,
        /// The region (template; Postman's default `us-east-1`).
        region: String,
        /// The service (template; Postman's default `execute-api`).
        service: String,
        /// The signature in the query, a presigned URL (`addAuthDataToQuery`),
        /// instead of the `Authorization` header.
        in_query: bool,
    },
    /// JWT bearer: a token built and signed per request from the collection's
    /// header and payload.
    Jwt {
        /// The HMAC secret (HS algorithms).
        secret: Credential,
        /// The PEM private key (RS, PS, ES algorithms).
        private_key: Credential,
        /// The passphrase of an encrypted private key (`passphrase`; `Empty`
        /// when the collection has none: the caller may still set one).
        passphrase: Credential,
        /// `HS256` (default) ... `ES512` (template).
        algorithm: String,
        /// Extra JOSE header fields, a JSON object (template).
        header: String,
        /// The payload, a JSON object (template).
        payload: String,
        /// The secret is base64 (`isSecretBase64Encoded`).
        secret_base64: bool,
        /// The token in the query (`addTokenTo: queryParam`) instead of the header.
        in_query: bool,
        /// The query parameter's name (template; empty: `token`).
        query_key: String,
        /// The header prefix (template; `Bearer` when the collection has none,
        /// empty: the bare token).
        header_prefix: String,
    },
    /// ASAP (Atlassian service-to-service auth): a JWT signed with the
    /// caller's private key, with issuer, subject, audience, key id and expiry.
    Asap {
        /// The private key (PEM or a `data:application/pkcs8` URI).
        private_key: Credential,
        /// `RS256` (default), RS*, PS*, ES* (template).
        algorithm: String,
        /// `kid` (template).
        kid: String,
        /// `iss` (template).
        issuer: String,
        /// `sub` (template; empty: the issuer).
        subject: String,
        /// `aud` (template).
        audience: String,
        /// Lifetime in seconds (template; empty: 3600).
        expiry: String,
        /// Extra claims, a JSON object (template).
        claims: String,
    },
    /// Akamai EdgeGrid (`EG1-HMAC-SHA256`).
    EdgeGrid {
        /// The client token.
        client_token: Credential,
        /// The client secret.
        client_secret: Credential,
        /// The access token.
        access_token: Credential,
        /// The base URL whose host is signed (template; empty: the request's host).
        base_url: String,
        /// A fixed nonce (template; empty: a new one per request).
        nonce: String,
        /// A fixed timestamp (template; empty: the current time).
        timestamp: String,
        /// Comma-separated names of the headers signed (template).
        headers_to_sign: String,
        /// The most bytes of a POST body hashed (template; empty: 131072).
        max_body: String,
    },
    /// NTLM: the NEGOTIATE / CHALLENGE / AUTHENTICATE handshake (NTLMv2) on one connection.
    Ntlm {
        /// The user name (`DOMAIN\user` names the domain too).
        username: Credential,
        /// The password.
        password: Credential,
        /// The domain (template).
        domain: String,
        /// The workstation (template).
        workstation: String,
    },
}

/// One credential of a signing scheme and how a generated client reads it.
#[derive(Debug, Clone, Copy)]
pub struct CredentialUse<'a> {
    /// Where its value comes from.
    pub credential: &'a Credential,
    /// The runtime slot a value the caller supplies is stored in (`digest_username`).
    pub slot: &'static str,
    /// The client builder's setter that supplies it, together with the
    /// scheme's other credentials of that setter, in their order (`digest_auth`).
    pub setter: &'static str,
    /// Whether the scheme signs without it when the collection leaves it
    /// empty, as Postman does (an OAuth 1.0 token, an AWS session token).
    pub optional: bool,
    /// Whether the scheme's options read it at all (a JWT of an HS algorithm
    /// never reads the private key, a client-credentials grant no password).
    pub read: bool,
}

/// Where OAuth 1.0 puts its parameters (Postman's `addParamsToHeader`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OAuth1Placement {
    /// The `Authorization: OAuth ...` header.
    Header,
    /// The form body of a POST or PUT with a form-encoded body, else the query.
    BodyOrQuery,
}

impl SignedAuth {
    /// The Postman auth type.
    pub fn kind(&self) -> &'static str {
        match self {
            SignedAuth::Digest { .. } => "digest",
            SignedAuth::OAuth1 { .. } => "oauth1",
            SignedAuth::OAuth2Grant { .. } => "oauth2",
            SignedAuth::Hawk { .. } => "hawk",
            SignedAuth::AwsV4 { .. } => "awsv4",
            SignedAuth::Jwt { .. } => "jwt",
            SignedAuth::Asap { .. } => "asap",
            SignedAuth::EdgeGrid { .. } => "edgegrid",
            SignedAuth::Ntlm { .. } => "ntlm",
        }
    }

    /// Whether Postman never signs with this scheme: a parameter it needs
    /// is empty in the collection, so no caller can supply it. postman-runtime
    /// then leaves the request as it is, a literal `Authorization` header
    /// included (OAuth 1.0 needs a consumer key, and a consumer secret or,
    /// for RSA, a private key; PLAINTEXT signs with an empty secret).
    pub fn never_signs(&self) -> bool {
        match self {
            SignedAuth::OAuth1 {
                consumer_key,
                consumer_secret,
                private_key,
                signature_method,
                ..
            } => {
                let secret = if signature_method.starts_with("RSA") {
                    private_key
                } else {
                    consumer_secret
                };
                *consumer_key == Credential::Empty
                    || (*secret == Credential::Empty && signature_method != "PLAINTEXT")
            }
            _ => false,
        }
    }

    /// Every credential of the scheme, whether its options read it or not.
    pub fn credentials(&self) -> Vec<&Credential> {
        self.credential_uses()
            .into_iter()
            .map(|credential| credential.credential)
            .collect()
    }

    /// The scheme's credentials in the order of its fields, each with the
    /// names the generated client gives it: the one walk of them that
    /// [`SignedAuth::credentials`] and the emitter's auth setters read.
    pub fn credential_uses(&self) -> Vec<CredentialUse<'_>> {
        let read = |credential, slot, setter| CredentialUse {
            credential,
            slot,
            setter,
            optional: false,
            read: true,
        };
        let optional = |credential, slot, setter| CredentialUse {
            optional: true,
            ..read(credential, slot, setter)
        };
        let read_if = |condition: bool, credential, slot, setter| CredentialUse {
            read: condition,
            ..read(credential, slot, setter)
        };
        match self {
            SignedAuth::Digest {
                username, password, ..
            } => vec![
                read(username, "digest_username", "digest_auth"),
                read(password, "digest_password", "digest_auth"),
            ],
            SignedAuth::OAuth1 {
                consumer_key,
                consumer_secret,
                token,
                token_secret,
                private_key,
                signature_method,
                ..
            } => vec![
                read(consumer_key, "oauth1_consumer_key", "oauth1_consumer"),
                read(consumer_secret, "oauth1_consumer_secret", "oauth1_consumer"),
                optional(token, "oauth1_token", "oauth1_token"),
                optional(token_secret, "oauth1_token_secret", "oauth1_token"),
                // Only the RSA methods sign with a private key.
                read_if(
                    signature_method.starts_with("RSA-"),
                    private_key,
                    "oauth1_private_key",
                    "oauth1_private_key",
                ),
            ],
            SignedAuth::OAuth2Grant {
                grant,
                access_token,
                client_id,
                client_secret,
                username,
                password,
                ..
            } => {
                let password_grant = grant == "password";
                vec![
                    read(access_token, "access_token", "access_token"),
                    read(client_id, "oauth2_client_id", "oauth2_client"),
                    read(client_secret, "oauth2_client_secret", "oauth2_client"),
                    read_if(
                        password_grant,
                        username,
                        "oauth2_username",
                        "oauth2_password",
                    ),
                    read_if(
                        password_grant,
                        password,
                        "oauth2_password",
                        "oauth2_password",
                    ),
                ]
            }
            SignedAuth::Hawk { id, key, .. } => vec![
                read(id, "hawk_id", "hawk_credentials"),
                read(key, "hawk_key", "hawk_credentials"),
            ],
            SignedAuth::AwsV4 {
                access_key,
                secret_key,
                session_token,
                ..
            } => vec![
                read(access_key, "aws_access_key", "aws_credentials"),
                read(secret_key, "aws_secret_key", "aws_credentials"),
                optional(session_token, "aws_session_token", "aws_session_token"),
            ],
            SignedAuth::Jwt {
                secret,
                private_key,
                passphrase,
                algorithm,
                ..
            } => {
                // An HS algorithm takes a secret, the others a private key.
                let hmac = algorithm.is_empty() || algorithm.starts_with("HS");
                vec![
                    read_if(hmac, secret, "jwt_secret", "jwt_secret"),
                    read_if(!hmac, private_key, "jwt_private_key", "jwt_private_key"),
                    read_if(
                        !hmac,
                        passphrase,
                        "jwt_private_key_passphrase",
                        "jwt_private_key_passphrase",
                    ),
                ]
            }
            SignedAuth::Asap { private_key, .. } => {
                vec![read(private_key, "asap_private_key", "asap_private_key")]
            }
            SignedAuth::EdgeGrid {
                client_token,
                client_secret,
                access_token,
                ..
            } => vec![
                read(
                    client_token,
                    "edgegrid_client_token",
                    "edgegrid_credentials",
                ),
                read(
                    client_secret,
                    "edgegrid_client_secret",
                    "edgegrid_credentials",
                ),
                read(
                    access_token,
                    "edgegrid_access_token",
                    "edgegrid_credentials",
                ),
            ],
            SignedAuth::Ntlm {
                username, password, ..
            } => vec![
                read(username, "ntlm_username", "ntlm_auth"),
                read(password, "ntlm_password", "ntlm_auth"),
            ],
        }
    }

    /// The non-secret option texts, which may use `{{variables}}`.
    pub fn templates(&self) -> Vec<&str> {
        match self {
            SignedAuth::Digest {
                realm,
                nonce,
                opaque,
                ..
            } => vec![realm, nonce, opaque],
            SignedAuth::OAuth1 {
                realm,
                version,
                timestamp,
                nonce,
                callback,
                verifier,
                ..
            } => vec![realm, version, timestamp, nonce, callback, verifier],
            SignedAuth::OAuth2Grant {
                token_url,
                scope,
                audience,
                redirect_uri,
                extra,
                extra_headers,
                extra_query,
                ..
            } => {
                let mut texts: Vec<&str> = vec![token_url, scope, audience, redirect_uri];
                texts.extend(
                    extra
                        .iter()
                        .chain(extra_headers)
                        .chain(extra_query)
                        .map(|(_, value)| value.as_str()),
                );
                texts
            }
            SignedAuth::Hawk {
                nonce,
                timestamp,
                ext,
                app,
                dlg,
                ..
            } => vec![nonce, timestamp, ext, app, dlg],
            SignedAuth::AwsV4 {
                region, service, ..
            } => vec![region, service],
            SignedAuth::Jwt {
                algorithm,
                header,
                payload,
                query_key,
                header_prefix,
                ..
            } => vec![algorithm, header, payload, query_key, header_prefix],
            SignedAuth::Asap {
                algorithm,
                kid,
                issuer,
                subject,
                audience,
                expiry,
                claims,
                ..
            } => vec![algorithm, kid, issuer, subject, audience, expiry, claims],
            SignedAuth::EdgeGrid {
                base_url,
                nonce,
                timestamp,
                headers_to_sign,
                max_body,
                ..
            } => vec![base_url, nonce, timestamp, headers_to_sign, max_body],
            SignedAuth::Ntlm {
                domain,
                workstation,
                ..
            } => vec![domain, workstation],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(algorithm: &str) -> SignedAuth {
        SignedAuth::Jwt {
            secret: Credential::Variable("secret".into()),
            private_key: Credential::Supplied,
            passphrase: Credential::Empty,
            algorithm: algorithm.into(),
            header: String::new(),
            payload: String::new(),
            secret_base64: false,
            in_query: false,
            query_key: String::new(),
            header_prefix: String::new(),
        }
    }

    fn read(scheme: &SignedAuth) -> Vec<(&'static str, bool)> {
        let uses = scheme.credential_uses();
        uses.iter().map(|used| (used.slot, used.read)).collect()
    }

    #[test]
    fn a_scheme_reads_the_credentials_its_options_use_and_lists_them_all() {
        let secret_only = vec![
            ("jwt_secret", true),
            ("jwt_private_key", false),
            ("jwt_private_key_passphrase", false),
        ];
        assert_eq!(read(&jwt("")), secret_only);
        assert_eq!(read(&jwt("HS512")), secret_only);
        assert_eq!(
            read(&jwt("ES256")),
            vec![
                ("jwt_secret", false),
                ("jwt_private_key", true),
                ("jwt_private_key_passphrase", true),
            ]
        );
        // Whatever the options read, every credential is one the collection
        // may name, so its variable is still recorded (`lower`).
        assert_eq!(jwt("ES256").credentials().len(), 3);
        assert_eq!(
            jwt("ES256").credentials()[0],
            &Credential::Variable("secret".into())
        );
    }
}
