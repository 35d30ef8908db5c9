//! An API's `Client` and `ClientBuilder` (`client.rs`), and the static
//! description of the API the runtime works from (servers, variables, auth).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;
use crate::ir::{AuthScheme, Credential, SignedAuth, Variable};
use crate::names::UniqueNames;

use super::docs;
use super::group::{self, api_path};
use super::model::ApiModel;
use super::rust::{doc_attrs, format_file, ident};
use super::{Context, CrateFiles, Interface};

/// Builder methods every client has; typed variable setters never take these names.
const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "var",
    "token_provider",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "blocking_http_client",
    "max_response_bytes",
    "retry",
    "before_send",
    "after_receive",
    "read_timeout",
    "proxy",
    "no_proxy",
    "default_header",
    "use_rustls_tls",
    "use_native_tls",
    "add_root_certificate",
    "build",
    "bearer_token",
    "access_token",
    "basic_auth",
    "api_key",
    "digest_auth",
    "oauth1_consumer",
    "oauth1_token",
    "oauth1_private_key",
    "aws_credentials",
    "hawk_credentials",
    "oauth2_client",
    "oauth2_password",
    "oauth2_authorization_code",
    "aws_session_token",
    "jwt_secret",
    "jwt_private_key",
    "jwt_private_key_passphrase",
    "asap_private_key",
    "edgegrid_credentials",
    "ntlm_auth",
    "new",
    "core",
];

/// Where the typed auth setters store their values.
#[derive(Debug, Default)]
struct AuthSetters {
    /// Setter (a name of [`SETTERS`]) → for each scheme that uses it, the
    /// credential each of its arguments is stored in.
    targets: BTreeMap<&'static str, Vec<Vec<TokenStream>>>,
    /// Key name → targets, in first-use order.
    api_keys: Vec<(String, Vec<TokenStream>)>,
    /// Whether an authorization-code grant needs the caller's code.
    oauth2_code: bool,
    /// Variables that an auth setter covers.
    covered: Vec<String>,
}

/// Records that a scheme stores the arguments of `setter` in `targets`.
fn add(
    setters: &mut BTreeMap<&'static str, Vec<Vec<TokenStream>>>,
    setter: &'static str,
    targets: Vec<TokenStream>,
) {
    debug_assert!(SETTERS
        .iter()
        .any(|s| matches!(s, Setter::Credentials { method, .. } if *method == setter)));
    setters.entry(setter).or_default().push(targets);
}

/// A typed setter of the client builder for the auth schemes.
enum Setter {
    /// `method(args..)`: each argument stored into the credentials the
    /// schemes that use the setter name for it.
    Credentials {
        method: &'static str,
        args: &'static [&'static str],
        docs: &'static str,
    },
    /// `oauth2_authorization_code(code, verifier)`, whose verifier is optional.
    AuthorizationCode,
}

/// The auth setters, in the order the builder lists them.
const SETTERS: &[Setter] = &[
    Setter::Credentials {
        method: "bearer_token",
        args: &["token"],
        docs: "Sets the token sent as `Authorization: Bearer <token>`.",
    },
    Setter::Credentials {
        method: "access_token",
        args: &["token"],
        docs: "Sets the OAuth 2 access token obtained elsewhere. Where the collection configures a\ngrant the client can run, this token is used until it expires or is refused, then\nthe client fetches its own.",
    },
    Setter::Credentials {
        method: "basic_auth",
        args: &["username", "password"],
        docs: "Sets the username and password sent as `Authorization: Basic ...`.",
    },
    Setter::Credentials {
        method: "digest_auth",
        args: &["username", "password"],
        docs: "Sets the username and password for digest auth. The client answers the\nserver's challenge (a 401 with `WWW-Authenticate: Digest ...`) by signing\nthe request and sending it again, and signs later requests with the same\nchallenge and the next nonce count.",
    },
    Setter::Credentials {
        method: "oauth1_consumer",
        args: &["key", "secret"],
        docs: "Sets the OAuth 1.0 consumer key and consumer secret. Each request is signed with them (and the token, when set) as the collection's OAuth 1.0 settings say.",
    },
    Setter::Credentials {
        method: "oauth1_token",
        args: &["token", "secret"],
        docs: "Sets the OAuth 1.0 access token and token secret, for the requests whose OAuth 1.0 settings in the collection have a token (the others are signed without one, as Postman signs them).",
    },
    Setter::Credentials {
        method: "oauth2_client",
        args: &["client_id", "client_secret"],
        docs: "Sets the OAuth 2.0 client id and secret. The client fetches access tokens from the collection's token URL with them, keeps one token for this client and its clones, and renews it shortly before it expires (with the refresh token when the endpoint gave one) and once when a request is refused with 401.",
    },
    Setter::Credentials {
        method: "oauth2_password",
        args: &["username", "password"],
        docs: "Sets the resource owner's username and password for the OAuth 2.0 password grant.",
    },
    Setter::Credentials {
        method: "ntlm_auth",
        args: &["username", "password"],
        docs: "Sets the NTLM username (`DOMAIN\\user` names the domain when the collection does not) and password. The client sends a NEGOTIATE message, answers the server's 401 CHALLENGE with an NTLMv2 AUTHENTICATE message on the same kept-alive connection, and does so for each request. Concurrent calls of one client (and its clones) take turns, so each handshake stays on its connection.",
    },
    Setter::Credentials {
        method: "hawk_credentials",
        args: &["id", "key"],
        docs: "Sets the Hawk id and key each request is authenticated with.",
    },
    Setter::Credentials {
        method: "aws_credentials",
        args: &["access_key", "secret_key"],
        docs: "Sets the AWS access key id and secret access key. Each request is signed with AWS Signature Version 4 for the region and service the collection names.",
    },
    Setter::AuthorizationCode,
    Setter::Credentials {
        method: "jwt_secret",
        args: &["key"],
        docs: "Sets the secret JWT bearer tokens are signed with (HS256, HS384, HS512). Each request gets a token built from the collection's header and payload; a secret the collection marks as base64 is given here in base64 too.",
    },
    Setter::Credentials {
        method: "jwt_private_key",
        args: &["key"],
        docs: "Sets the PEM private key JWT bearer tokens are signed with (RS*, PS*: an RSA key, PKCS#8 or PKCS#1; ES256, ES384, ES512: an EC key of that curve, PKCS#8 or SEC1 `BEGIN EC PRIVATE KEY`; an `ENCRYPTED PRIVATE KEY` needs `jwt_private_key_passphrase`). Each request gets a token built from the collection's header and payload.",
    },
    Setter::Credentials {
        method: "jwt_private_key_passphrase",
        args: &["key"],
        docs: "Sets the passphrase of an encrypted PKCS#8 JWT private key (`BEGIN ENCRYPTED PRIVATE KEY`), which the client decrypts before signing.",
    },
    Setter::Credentials {
        method: "oauth1_private_key",
        args: &["key"],
        docs: "Sets the PEM RSA private key (`BEGIN PRIVATE KEY` or `BEGIN RSA PRIVATE KEY`) that requests whose OAuth 1.0 settings use RSA-SHA1, RSA-SHA256 or RSA-SHA512 are signed with, together with the consumer key of `oauth1_consumer` (whose secret they do not use).",
    },
    Setter::Credentials {
        method: "asap_private_key",
        args: &["key"],
        docs: "Sets the ASAP private key: PEM, or the `data:application/pkcs8;kid=...;base64,...` URI Atlassian's tools issue. Each request gets a new token with the collection's issuer, audience, key id and expiry.",
    },
    Setter::Credentials {
        method: "edgegrid_credentials",
        args: &["client_token", "client_secret", "access_token"],
        docs: "Sets the Akamai EdgeGrid client token, client secret and access token\n(an `.edgerc` section's `client_token`, `client_secret`, `access_token`).\nEach request is signed with `EG1-HMAC-SHA256` for the headers and base URL\nthe collection names.",
    },
    Setter::Credentials {
        method: "aws_session_token",
        args: &["token"],
        docs: "Sets the AWS session token of temporary credentials, sent as `X-Amz-Security-Token` and\nsigned, for the requests whose AWS settings in the collection have a session token.",
    },
];

/// The runtime credential for an IR credential; `slot` names a caller-supplied one.
fn credential(credential: &Credential, slot: &str, covered: &mut Vec<String>) -> TokenStream {
    match credential {
        Credential::Variable(name) => {
            covered.push(name.clone());
            quote!(runtime::Credential::Variable(#name))
        }
        Credential::Supplied | Credential::Empty => quote!(runtime::Credential::Slot(#slot)),
    }
}

/// The runtime credential for an optional credential of a signing scheme:
/// one the collection leaves empty stays absent, as Postman signs without it.
fn optional_credential(
    value: &Credential,
    slot: &str,
    covered: &mut Vec<String>,
) -> Option<TokenStream> {
    match value {
        Credential::Empty => None,
        other => Some(credential(other, slot, covered)),
    }
}

/// The runtime value of a signing scheme: a static of its optional runtime
/// module's type (see `runtime::modules_for`).
fn signed_scheme(signed: &SignedAuth, setters: &mut AuthSetters) -> TokenStream {
    match signed {
        SignedAuth::Digest {
            username,
            password,
            algorithm,
            qop,
            realm,
            nonce,
            opaque,
            retry,
        } => {
            let u = credential(username, "digest_username", &mut setters.covered);
            let p = credential(password, "digest_password", &mut setters.covered);
            add(
                &mut setters.targets,
                "digest_auth",
                vec![u.clone(), p.clone()],
            );
            quote!(runtime::AuthScheme::Signed(&runtime::digest::Digest {
                username: #u,
                password: #p,
                algorithm: #algorithm,
                qop: #qop,
                realm: #realm,
                nonce: #nonce,
                opaque: #opaque,
                retry: #retry,
            }))
        }
        SignedAuth::OAuth1 {
            consumer_key,
            consumer_secret,
            token,
            token_secret,
            private_key,
            signature_method,
            placement,
            realm,
            version,
            timestamp,
            nonce,
            callback,
            verifier,
            include_empty,
            body_hash,
            encode_header,
        } => {
            let covered = &mut setters.covered;
            let ck = credential(consumer_key, "oauth1_consumer_key", covered);
            let cs = credential(consumer_secret, "oauth1_consumer_secret", covered);
            let t = optional_credential(token, "oauth1_token", covered);
            let ts = optional_credential(token_secret, "oauth1_token_secret", covered);
            add(
                &mut setters.targets,
                "oauth1_consumer",
                vec![ck.clone(), cs.clone()],
            );
            let absent = quote!(runtime::Credential::Absent);
            if t.is_some() || ts.is_some() {
                add(
                    &mut setters.targets,
                    "oauth1_token",
                    vec![
                        t.clone().unwrap_or_else(|| absent.clone()),
                        ts.clone().unwrap_or_else(|| absent.clone()),
                    ],
                );
            }
            let t = t.unwrap_or_else(|| absent.clone());
            let ts = ts.unwrap_or(absent.clone());
            // RSA methods sign with the caller's private key, through the
            // `oauth1_rsa` module that only their crates carry.
            let (key, rsa) = if signature_method.starts_with("RSA-") {
                let key = credential(private_key, "oauth1_private_key", covered);
                add(
                    &mut setters.targets,
                    "oauth1_private_key",
                    vec![key.clone()],
                );
                (key, quote!(Some(runtime::oauth1_rsa::sign)))
            } else {
                (absent, quote!(None))
            };
            let in_header = matches!(placement, crate::ir::OAuth1Placement::Header);
            quote!(runtime::AuthScheme::Signed(&runtime::oauth1::OAuth1 {
                consumer_key: #ck,
                consumer_secret: #cs,
                token: #t,
                token_secret: #ts,
                signature_method: #signature_method,
                in_header: #in_header,
                realm: #realm,
                version: #version,
                timestamp: #timestamp,
                nonce: #nonce,
                callback: #callback,
                verifier: #verifier,
                include_empty: #include_empty,
                body_hash: #body_hash,
                encode_header: #encode_header,
                private_key: #key,
                rsa: #rsa,
            }))
        }
        SignedAuth::OAuth2Grant {
            grant,
            access_token,
            token_url,
            client_id,
            client_secret,
            username,
            password,
            client_auth_header,
            scope,
            audience,
            redirect_uri,
            extra,
            extra_headers,
            extra_query,
            in_query,
            header_prefix,
        } => {
            let covered = &mut setters.covered;
            let token = credential(access_token, "access_token", covered);
            add(&mut setters.targets, "access_token", vec![token.clone()]);
            let id = credential(client_id, "oauth2_client_id", covered);
            let secret = credential(client_secret, "oauth2_client_secret", covered);
            add(
                &mut setters.targets,
                "oauth2_client",
                vec![id.clone(), secret.clone()],
            );
            let absent = quote!(runtime::Credential::Absent);
            let (user, pass) = if grant == "password" {
                let user = credential(username, "oauth2_username", covered);
                let pass = credential(password, "oauth2_password", covered);
                add(
                    &mut setters.targets,
                    "oauth2_password",
                    vec![user.clone(), pass.clone()],
                );
                (user, pass)
            } else {
                (absent.clone(), absent.clone())
            };
            let (code, verifier) = if grant == "authorization_code" {
                setters.oauth2_code = true;
                (
                    quote!(runtime::Credential::Slot("oauth2_code")),
                    quote!(runtime::Credential::Slot("oauth2_code_verifier")),
                )
            } else {
                (absent.clone(), absent)
            };
            let pairs = |pairs: &[(String, String)]| -> Vec<TokenStream> {
                pairs.iter().map(|(k, v)| quote!((#k, #v))).collect()
            };
            let (extra, extra_headers, extra_query) =
                (pairs(extra), pairs(extra_headers), pairs(extra_query));
            quote!(runtime::AuthScheme::Signed(&runtime::oauth2_grant::OAuth2Grant {
                grant: #grant,
                access_token: #token,
                token_url: #token_url,
                client_id: #id,
                client_secret: #secret,
                username: #user,
                password: #pass,
                code: #code,
                code_verifier: #verifier,
                client_auth_header: #client_auth_header,
                scope: #scope,
                audience: #audience,
                redirect_uri: #redirect_uri,
                extra: &[#(#extra),*],
                extra_headers: &[#(#extra_headers),*],
                extra_query: &[#(#extra_query),*],
                in_query: #in_query,
                header_prefix: #header_prefix,
            }))
        }
        SignedAuth::Hawk {
            id,
            key,
            algorithm,
            nonce,
            timestamp,
            ext,
            app,
            dlg,
            payload_hash,
        } => {
            let covered = &mut setters.covered;
            let i = credential(id, "hawk_id", covered);
            let k = credential(key, "hawk_key", covered);
            add(
                &mut setters.targets,
                "hawk_credentials",
                vec![i.clone(), k.clone()],
            );
            quote!(runtime::AuthScheme::Signed(&runtime::hawk::Hawk {
                id: #i,
                key: #k,
                algorithm: #algorithm,
                nonce: #nonce,
                timestamp: #timestamp,
                ext: #ext,
                app: #app,
                dlg: #dlg,
                payload_hash: #payload_hash,
            }))
        }
        SignedAuth::AwsV4 {
            access_key,
            secret_key,
            session_token,
            region,
            service,
            in_query,
        } => {
            let covered = &mut setters.covered;
            let a = credential(access_key, "aws_access_key", covered);
            let s = credential(secret_key, "aws_secret_key", covered);
            let t = optional_credential(session_token, "aws_session_token", covered);
            add(
                &mut setters.targets,
                "aws_credentials",
                vec![a.clone(), s.clone()],
            );
            if let Some(t) = &t {
                add(&mut setters.targets, "aws_session_token", vec![t.clone()]);
            }
            let t = t.unwrap_or_else(|| quote!(runtime::Credential::Absent));
            quote!(runtime::AuthScheme::Signed(&runtime::aws_sigv4::AwsV4 {
                access_key: #a,
                secret_key: #s,
                session_token: #t,
                region: #region,
                service: #service,
                in_query: #in_query,
            }))
        }
        SignedAuth::Jwt {
            secret,
            private_key,
            passphrase,
            algorithm,
            header,
            payload,
            secret_base64,
            in_query,
            query_key,
            header_prefix,
        } => {
            let covered = &mut setters.covered;
            let absent = quote!(runtime::Credential::Absent);
            // An HS scheme takes a secret, the others a private key.
            let hmac = algorithm.is_empty() || algorithm.starts_with("HS");
            let (s, k, p) = if hmac {
                let s = credential(secret, "jwt_secret", covered);
                add(&mut setters.targets, "jwt_secret", vec![s.clone()]);
                (s, absent.clone(), absent)
            } else {
                let k = credential(private_key, "jwt_private_key", covered);
                add(&mut setters.targets, "jwt_private_key", vec![k.clone()]);
                let p = credential(passphrase, "jwt_private_key_passphrase", covered);
                add(
                    &mut setters.targets,
                    "jwt_private_key_passphrase",
                    vec![p.clone()],
                );
                (absent, k, p)
            };
            quote!(runtime::AuthScheme::Signed(&runtime::jwt::Jwt {
                secret: #s,
                private_key: #k,
                passphrase: #p,
                algorithm: #algorithm,
                header: #header,
                payload: #payload,
                secret_base64: #secret_base64,
                in_query: #in_query,
                query_key: #query_key,
                header_prefix: #header_prefix,
            }))
        }
        SignedAuth::Ntlm {
            username,
            password,
            domain,
            workstation,
        } => {
            let u = credential(username, "ntlm_username", &mut setters.covered);
            let p = credential(password, "ntlm_password", &mut setters.covered);
            add(
                &mut setters.targets,
                "ntlm_auth",
                vec![u.clone(), p.clone()],
            );
            quote!(runtime::AuthScheme::Signed(&runtime::ntlm::Ntlm {
                username: #u,
                password: #p,
                domain: #domain,
                workstation: #workstation,
            }))
        }
        SignedAuth::EdgeGrid {
            client_token,
            client_secret,
            access_token,
            base_url,
            nonce,
            timestamp,
            headers_to_sign,
            max_body,
        } => {
            let covered = &mut setters.covered;
            let ct = credential(client_token, "edgegrid_client_token", covered);
            let cs = credential(client_secret, "edgegrid_client_secret", covered);
            let at = credential(access_token, "edgegrid_access_token", covered);
            add(
                &mut setters.targets,
                "edgegrid_credentials",
                vec![ct.clone(), cs.clone(), at.clone()],
            );
            quote!(runtime::AuthScheme::Signed(&runtime::edgegrid::EdgeGrid {
                client_token: #ct,
                client_secret: #cs,
                access_token: #at,
                base_url: #base_url,
                nonce: #nonce,
                timestamp: #timestamp,
                headers_to_sign: #headers_to_sign,
                max_body: #max_body,
            }))
        }
        SignedAuth::Asap {
            private_key,
            algorithm,
            kid,
            issuer,
            subject,
            audience,
            expiry,
            claims,
        } => {
            let k = credential(private_key, "asap_private_key", &mut setters.covered);
            add(&mut setters.targets, "asap_private_key", vec![k.clone()]);
            quote!(runtime::AuthScheme::Signed(&runtime::jwt::Asap {
                private_key: #k,
                algorithm: #algorithm,
                kid: #kid,
                issuer: #issuer,
                subject: #subject,
                audience: #audience,
                expiry: #expiry,
                claims: #claims,
            }))
        }
    }
}

/// Writes `client.rs`; `root_accessors` are the top-level requests' accessors.
pub fn emit(
    ctx: &Context<'_>,
    model: &ApiModel<'_>,
    root_accessors: Vec<TokenStream>,
    files: &mut CrateFiles,
) -> Result<(), Error> {
    let api = model.api;
    let mut setters = AuthSetters::default();
    let schemes: Vec<TokenStream> = api
        .auth_schemes
        .iter()
        .map(|scheme| match scheme {
            AuthScheme::Basic { username, password } => {
                let u = credential(username, "username", &mut setters.covered);
                let p = credential(password, "password", &mut setters.covered);
                add(&mut setters.targets, "basic_auth", vec![u.clone(), p.clone()]);
                quote!(runtime::AuthScheme::Basic { username: #u, password: #p })
            }
            AuthScheme::Bearer { token } => {
                let t = credential(token, "bearer_token", &mut setters.covered);
                add(&mut setters.targets, "bearer_token", vec![t.clone()]);
                quote!(runtime::AuthScheme::Bearer { token: #t })
            }
            AuthScheme::ApiKey { name, value, location } => {
                let slot = format!("api_key:{name}");
                let v = credential(value, &slot, &mut setters.covered);
                match setters.api_keys.iter_mut().find(|(key, _)| key == name) {
                    Some((_, targets)) => targets.push(v.clone()),
                    None => setters.api_keys.push((name.clone(), vec![v.clone()])),
                }
                let in_query = matches!(location, crate::ir::ApiKeyLocation::Query);
                quote!(runtime::AuthScheme::ApiKey { name: #name, value: #v, in_query: #in_query })
            }
            AuthScheme::OAuth2 { token, location, header_prefix } => {
                let t = credential(token, "access_token", &mut setters.covered);
                add(&mut setters.targets, "access_token", vec![t.clone()]);
                let in_query = matches!(location, crate::ir::ApiKeyLocation::Query);
                quote!(runtime::AuthScheme::OAuth2 { token: #t, in_query: #in_query, prefix: #header_prefix })
            }
            AuthScheme::Signed(signed) => signed_scheme(signed, &mut setters),
            AuthScheme::Unsupported { .. } => quote!(runtime::AuthScheme::Unsupported),
        })
        .collect();
    let servers: Vec<String> = api
        .servers
        .iter()
        .map(|s| s.url.to_postman_string())
        .collect();
    let variables = api.variables.iter().map(|var| {
        let name = &var.name;
        let default = match var.default.as_deref().filter(|_| !var.secret) {
            Some(value) => quote!(Some(#value)),
            None => quote!(None),
        };
        let secret = var.secret;
        quote!(runtime::VariableSpec { name: #name, default: #default, secret: #secret })
    });
    let api_name = &api.name;

    let root = api.root_group();
    let group_accessors: Vec<TokenStream> = root
        .map(|root| {
            group::live_children(model, root)
                .into_iter()
                .map(|child| group::child_accessor(model, child, &quote!(self), &quote!('_), false))
                .collect()
        })
        .unwrap_or_default();

    let builder_methods = builder_methods(ctx, model, &setters);
    // Top-level requests' accessors name enum types of their path parameters.
    let uses_types = root.is_some_and(|root| {
        api[root].operations.iter().any(|&op| {
            model[op]
                .inputs
                .iter()
                .any(|i| i.is_argument && matches!(i.value, super::model::ValueType::Enum(_)))
        })
    });
    let types_import = uses_types.then(|| {
        let api = api_path(model);
        quote!(use #api::types;)
    });
    let client_docs = doc_attrs(&client_docs(ctx, model));
    let spec_refs = model.spec_refs.constants(api);
    let root_module = root_module_decl(model);
    let script_methods = super::scripts::client_methods(api);
    let script_builder_methods = super::scripts::builder_methods(api);
    let tokens = quote! {
        //! The API client and its builder.
        use std::sync::Arc;
        use std::time::Duration;

        use crate::runtime;

        #root_module
        #types_import

        /// The API as the collection describes it.
        static SPEC: runtime::ApiSpec = runtime::ApiSpec {
            name: #api_name,
            servers: &[#(#servers),*],
            variables: &[#(#variables),*],
            auth: &[#(#schemes),*],
        };

        #client_docs
        #[derive(Clone)]
        pub struct Client {
            pub(crate) core: Arc<runtime::Core>,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.core, f)
            }
        }

        impl Client {
            /// A builder with the collection's defaults.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    core: runtime::CoreBuilder::new(&SPEC),
                }
            }

            #spec_refs

            #(#group_accessors)*
            #(#root_accessors)*
            #script_methods
        }

        /// Configures a [`Client`]: base URL, credentials, variables, timeouts and retries.
        pub struct ClientBuilder {
            core: runtime::CoreBuilder,
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("ClientBuilder").finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            #builder_methods
            #script_builder_methods

            /// Builds the client. Fails when a base URL is not an absolute
            /// `http(s)` URL or the HTTP client cannot be created.
            pub fn build(self) -> Result<Client, runtime::Error> {
                Ok(Client {
                    core: Arc::new(self.core.build()?),
                })
            }
        }
    };
    let file = format!("{}/client.rs", model.layout.dir);
    files.insert(file.clone(), format_file(&file, tokens)?);
    Ok(())
}

/// `use super::operations;` when the top-level requests have a module.
fn root_module_decl(model: &ApiModel<'_>) -> TokenStream {
    match &model.root_operations_module {
        Some(module) => {
            let module = ident(module);
            let api = api_path(model);
            quote!(use #api::#module;)
        }
        None => quote!(),
    }
}

/// Server, auth, variable and transport setters.
fn builder_methods(ctx: &Context<'_>, model: &ApiModel<'_>, setters: &AuthSetters) -> TokenStream {
    let api = model.api;
    let mut taken = UniqueNames::with_reserved(BUILDER_METHODS.iter().copied());
    let mut methods = Vec::new();
    let mut server_vars = Vec::new();

    for (index, server) in api.servers.iter().enumerate() {
        let name = if index == 0 {
            "base_url".to_string()
        } else {
            server.ident.clone()
        };
        if index > 0 && taken.contains(&name) {
            continue;
        }
        taken.claim(&name);
        if let Some(var) = server.url.as_single_var() {
            server_vars.push(var.to_string());
        }
        let method = ident(&name);
        let index_literal = proc_macro2::Literal::usize_unsuffixed(index);
        let default = match &server.default_url {
            Some(url) => format!("Defaults to `{url}`, from the collection."),
            None => format!(
                "The collection gives {} with no usable default, so requests fail until this or the variables it uses are set.",
                docs::code(&server.url.to_postman_string())
            ),
        };
        let which = if api.servers.len() > 1 {
            format!(
                " for requests sent to {}",
                docs::code(&server.url.to_postman_string())
            )
        } else {
            String::new()
        };
        let docs = doc_attrs(&format!("Sets the base URL{which}. {default}"));
        methods.push(quote! {
            #docs
            pub fn #method(mut self, url: impl Into<String>) -> Self {
                self.core.server(#index_literal, url.into());
                self
            }
        });
    }

    methods.extend(auth_methods(ctx, setters));

    for var in &api.variables {
        if var.used_in.is_empty()
            || setters.covered.contains(&var.name)
            || server_vars.contains(&var.name)
        {
            continue;
        }
        if taken.contains(&var.ident) || var.ident.is_empty() {
            continue;
        }
        taken.claim(&var.ident);
        methods.push(variable_setter(var));
    }

    let token_example = {
        let crate_ident = ident(&ctx.crate_ident);
        let api: Vec<proc_macro2::Ident> = model.layout.path.iter().map(|m| ident(m)).collect();
        super::example::doc_example(
            ctx.options.interface,
            &[],
            quote!(),
            quote! {
                let client = #crate_ident #(::#api)*::Client::builder()
                    .token_provider(|| async {
                        // Fetch or refresh the token here.
                        Ok::<_, #crate_ident::BoxError>("token".to_string())
                    })
                    .build()?;
            },
        )
        .unwrap_or_default()
    };
    let token_docs = doc_attrs(&format!(
        "Asks `provider` for the bearer or OAuth 2 token before each attempt, instead of using a fixed token; use it to refresh tokens.\n\n{token_example}"
    ));
    let has_token_auth = api
        .auth_schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::Bearer { .. } | AuthScheme::OAuth2 { .. }));
    let token_provider = has_token_auth.then(|| {
        quote! {
            #token_docs
            pub fn token_provider(mut self, provider: impl runtime::TokenProvider + 'static) -> Self {
                self.core.token_provider(Arc::new(provider));
                self
            }
        }
    });

    let custom_clients = match ctx.options.interface {
        Interface::Async => "[`ClientBuilder::http_client`]",
        Interface::Blocking => "[`ClientBuilder::blocking_http_client`]",
        Interface::Both => {
            "[`ClientBuilder::http_client`] or [`ClientBuilder::blocking_http_client`]"
        }
    };
    let taken_over = format!(
        "A setting of the HTTP client itself: with a client of your own ({custom_clients}) \
         set it there instead; setting both makes [`build`](ClientBuilder::build) fail with \
         [`Error::Config`](crate::Error::Config)."
    );
    let connect_docs = doc_attrs(&format!(
        "The time limit for connecting (default 10 s).\n\n{taken_over}"
    ));
    let read_docs = doc_attrs(&format!(
        "The time limit for each read from the connection once connected (default: none; the \
         whole-request [`timeout`](ClientBuilder::timeout) still applies). Detects a stalled \
         download without limiting a long one. `reqwest`'s blocking client has no read timeout, so \
         `send_blocking` is bounded by the whole-request timeout only.\n\n{taken_over}"
    ));
    let proxy_docs = doc_attrs(&format!(
        "Sends every request through the proxy at `url` (`http://`, `https://` or, with \
         `reqwest`'s `socks` feature, `socks5://`; credentials as `http://user:pass@host:port`), \
         except requests to the hosts of [`no_proxy`](ClientBuilder::no_proxy) or, when that is \
         not set, of the `NO_PROXY` environment variable. Without this, the `HTTP_PROXY`, \
         `HTTPS_PROXY` and `NO_PROXY` environment variables apply, as in `reqwest`. An invalid URL \
         makes [`build`](ClientBuilder::build) fail.\n\n{taken_over}"
    ));
    let no_proxy_docs = doc_attrs(&format!(
        "The hosts reached without the [`proxy`](ClientBuilder::proxy): a comma-separated list in \
         `NO_PROXY` syntax (`localhost,.internal.example,10.0.0.0/8`); replaces the `NO_PROXY` \
         environment variable.\n\n{taken_over}"
    ));
    let tls_docs = format!(
        "Makes TLS connections with {{}} (when the crate is built with both TLS features; the \
         default is rustls).\n\n{taken_over}"
    );
    let rustls_docs = doc_attrs(&tls_docs.replace("{}", "rustls"));
    let native_docs = doc_attrs(&tls_docs.replace("{}", "the platform's TLS library"));
    let root_docs = doc_attrs(&format!(
        "Trusts `certificate` as a root, in addition to the built-in ones (for a private \
         certificate authority).\n\n{taken_over}"
    ));
    let hook_methods = hook_methods(ctx, model);
    quote! {
        #(#methods)*
        #token_provider

        /// Sets a collection variable (`{{name}}`), used wherever the collection refers to it.
        /// A variable that a request needs but that is not set makes the request fail with
        /// [`Error::InvalidRequest`](crate::Error::InvalidRequest).
        pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.core.var(name.into(), value.into());
            self
        }

        /// The time limit for a whole request, from connecting to reading the body (default 30 s).
        pub fn timeout(mut self, timeout: Duration) -> Self {
            self.core.timeout(Some(timeout));
            self
        }

        #connect_docs
        pub fn connect_timeout(mut self, timeout: Duration) -> Self {
            self.core.connect_timeout(timeout);
            self
        }

        #read_docs
        pub fn read_timeout(mut self, timeout: Duration) -> Self {
            self.core.read_timeout(timeout);
            self
        }

        #proxy_docs
        pub fn proxy(mut self, url: impl Into<String>) -> Self {
            self.core.proxy(url.into());
            self
        }

        #no_proxy_docs
        pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
            self.core.no_proxy(hosts.into());
            self
        }

        #rustls_docs
        #[cfg(feature = "rustls")]
        pub fn use_rustls_tls(mut self) -> Self {
            self.core.tls(runtime::TlsBackend::Rustls);
            self
        }

        #native_docs
        #[cfg(feature = "native-tls")]
        pub fn use_native_tls(mut self) -> Self {
            self.core.tls(runtime::TlsBackend::NativeTls);
            self
        }

        #root_docs
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
            self.core.root_certificate(certificate);
            self
        }

        /// Sends the header `name: value` with every request that does not set that header
        /// itself (by the collection, auth, or `.header(..)` on the request). Works with any
        /// HTTP client, your own included. An invalid name or value makes
        /// [`build`](ClientBuilder::build) fail with [`Error::Config`](crate::Error::Config).
        pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.core.default_header(name.into(), value.into());
            self
        }

        /// The `User-Agent` header (default: this crate's name and version).
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.core.user_agent(user_agent.into());
            self
        }

        /// Sends requests with an existing `reqwest::Client` (its connection pool, proxy,
        /// TLS and connect settings). The client's own settings then replace
        /// `connect_timeout`, `read_timeout`, `proxy`, `no_proxy` and the TLS settings, and
        /// setting those too is an error; everything else here (timeout, default headers,
        /// user agent, hooks, retries) still applies.
        ///
        /// Build it with `.redirect(reqwest::redirect::Policy::none())`: this client
        /// follows redirects itself and never takes a credential to another origin,
        /// whereas reqwest's own policy forwards custom credential headers such as
        /// an API key.
        #[cfg(feature = "async")]
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.core.http_client(client);
            self
        }

        /// Sends blocking requests with an existing `reqwest::blocking::Client`; as with
        /// `http_client`, its own connect, proxy and TLS settings replace this builder's.
        ///
        /// Build it with `.redirect(reqwest::redirect::Policy::none())`, as for
        /// `http_client`: this client follows redirects itself.
        #[cfg(feature = "blocking")]
        pub fn blocking_http_client(mut self, client: reqwest::blocking::Client) -> Self {
            self.core.blocking_http_client(client);
            self
        }

        /// The largest response body accepted (default 64 MiB); larger ones fail with
        /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
        pub fn max_response_bytes(mut self, limit: u64) -> Self {
            self.core.max_response_bytes(limit);
            self
        }

        /// Retries failed requests with `policy` (off by default).
        pub fn retry(mut self, policy: runtime::RetryPolicy) -> Self {
            self.core.retry(policy);
            self
        }

        #hook_methods
    }
}

/// `before_send` and `after_receive`, with an example of each.
fn hook_methods(ctx: &Context<'_>, model: &ApiModel<'_>) -> TokenStream {
    let crate_ident = ident(&ctx.crate_ident);
    let api: Vec<proc_macro2::Ident> = model.layout.path.iter().map(|m| ident(m)).collect();
    let before_example = super::example::doc_example(
        ctx.options.interface,
        &[],
        quote!(),
        quote! {
            let client = #crate_ident #(::#api)*::Client::builder()
                .before_send(|request| {
                    let name = request.operation().name;
                    request.headers_mut().insert("x-operation", name.parse()?);
                    Ok(())
                })
                .build()?;
        },
    )
    .unwrap_or_default();
    let before_docs = doc_attrs(&format!(
        "Runs `hook` on every request just before it is sent (on every attempt, for `send` and \
         `send_blocking` alike), after the hooks added before it. The request is complete: rendered, \
         encoded and authenticated; the hook may change its URL, headers and body, for example to sign it \
         the way a pre-request script of the collection did. The hook knows the operation's name, Postman \
         item id, method and path template. An error from the hook fails the call with \
         [`Error::Hook`](crate::Error::Hook) and nothing is sent.\n\n{before_example}"
    ));
    let after_example = super::example::doc_example(
        ctx.options.interface,
        &[],
        quote!(),
        quote! {
            let client = #crate_ident #(::#api)*::Client::builder()
                .after_receive(|response| {
                    if response.headers().contains_key("x-deprecated") {
                        return Err("the API says this request is deprecated".into());
                    }
                    Ok(())
                })
                .build()?;
        },
    )
    .unwrap_or_default();
    let after_docs = doc_attrs(&format!(
        "Runs `hook` on every response as it arrives, whatever its status, before the status is checked \
         and the body decoded, after the hooks added before it. It sees the status, headers and body \
         (`None` for a body read as a stream); an error from it fails the call with \
         [`Error::Hook`](crate::Error::Hook) and is not retried.\n\n{after_example}"
    ));
    quote! {
        #before_docs
        pub fn before_send(
            mut self,
            hook: impl Fn(&mut runtime::OutgoingRequest<'_>) -> Result<(), runtime::BoxError> + Send + Sync + 'static,
        ) -> Self {
            self.core.before_send(hook);
            self
        }

        #after_docs
        pub fn after_receive(
            mut self,
            hook: impl Fn(&runtime::IncomingResponse<'_>) -> Result<(), runtime::BoxError> + Send + Sync + 'static,
        ) -> Self {
            self.core.after_receive(hook);
            self
        }
    }
}

/// The typed setters for the auth schemes the API uses.
fn auth_methods(ctx: &Context<'_>, setters: &AuthSetters) -> Vec<TokenStream> {
    let _ = ctx;
    let mut methods = Vec::new();
    let store = |targets: &[TokenStream], value: TokenStream| -> Vec<TokenStream> {
        let absent = quote!(runtime::Credential::Absent).to_string();
        let targets: Vec<&TokenStream> =
            targets.iter().filter(|t| t.to_string() != absent).collect();
        targets
            .iter()
            .enumerate()
            .map(|(index, target)| {
                let value = if index + 1 < targets.len() {
                    quote!(#value.clone())
                } else {
                    value.clone()
                };
                quote!(self.core.set_credential(#target, #value);)
            })
            .collect()
    };
    for setter in SETTERS {
        let (method, args, docs) = match setter {
            Setter::Credentials { method, args, docs } => (*method, *args, *docs),
            Setter::AuthorizationCode if setters.oauth2_code => {
                methods.push(quote! {
                    /// Sets the OAuth 2.0 authorization code the user obtained (by signing in at the
                    /// collection's authorization URL and being redirected back with `?code=...`), and
                    /// the PKCE code verifier when the authorization request carried a code challenge.
                    /// The client exchanges the code at the token URL on the first request and later
                    /// renews the token with the refresh token. Without a code (and without an
                    /// access token) requests are sent without `Authorization`, as Postman sends them.
                    pub fn oauth2_authorization_code(mut self, code: impl Into<String>, code_verifier: Option<String>) -> Self {
                        self.core.set_credential(runtime::Credential::Slot("oauth2_code"), code.into());
                        if let Some(verifier) = code_verifier {
                            self.core.set_credential(runtime::Credential::Slot("oauth2_code_verifier"), verifier);
                        }
                        self
                    }
                });
                continue;
            }
            Setter::AuthorizationCode => continue,
        };
        let Some(schemes) = setters.targets.get(method) else {
            continue;
        };
        let method = ident(method);
        let params: Vec<proc_macro2::Ident> = args.iter().map(|arg| ident(arg)).collect();
        // Each argument is stored into its credential of every scheme, one
        // argument after the other.
        let stores: Vec<TokenStream> = params
            .iter()
            .enumerate()
            .flat_map(|(index, param)| {
                let targets: Vec<TokenStream> = schemes
                    .iter()
                    .filter_map(|targets| targets.get(index).cloned())
                    .collect();
                store(&targets, quote!(#param))
            })
            .collect();
        let docs = doc_attrs(docs);
        methods.push(quote! {
            #docs
            pub fn #method(mut self, #(#params: impl Into<String>),*) -> Self {
                #(let #params = #params.into();)*
                #(#stores)*
                self
            }
        });
    }
    let mut names = UniqueNames::new();
    for (index, (key, targets)) in setters.api_keys.iter().enumerate() {
        let name = if index == 0 {
            names.claim("api_key")
        } else {
            names.claim(&format!(
                "api_key_{}",
                crate::names::snake_ident(key, "key")
            ))
        };
        let method = ident(&name);
        let stores = store(targets, quote!(key));
        let docs = doc_attrs(&format!("Sets the API key sent as {}.", docs::code(key)));
        methods.push(quote! {
            #docs
            pub fn #method(mut self, key: impl Into<String>) -> Self {
                let key = key.into();
                #(#stores)*
                self
            }
        });
    }
    methods
}

/// A typed setter for a collection variable.
fn variable_setter(var: &Variable) -> TokenStream {
    let method = ident(&var.ident);
    let name = &var.name;
    let mut text = format!("Sets the collection variable {}", docs::code(name));
    match (&var.default, var.secret) {
        (_, true) => text.push_str(" (a secret, redacted in `Debug`)."),
        (Some(default), false) => text.push_str(&format!(" (default {}).", docs::code(default))),
        (None, false) => text.push_str(" (no default: requests that use it fail until it is set)."),
    }
    if let Some(description) = var
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    let docs = doc_attrs(&text);
    let store = if var.secret {
        quote!(self.core.secret_var(#name, value.into());)
    } else {
        quote!(self.core.var(#name.to_string(), value.into());)
    };
    quote! {
        #docs
        pub fn #method(mut self, value: impl Into<String>) -> Self {
            #store
            self
        }
    }
}

/// The `Client` docs: the API's description, where it sends requests, auth, and an example.
fn client_docs(ctx: &Context<'_>, model: &ApiModel<'_>) -> String {
    let api = model.api;
    let mut text = format!("A client for {}.", docs::api_title(&api.name));
    if let Some(description) = api
        .docs
        .as_deref()
        .map(docs::markdown)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    text.push_str("\n\nCheap to clone: clones share the connection pool and configuration.");
    if let Some(example) = client_example(ctx, model) {
        text.push_str("\n\n# Example\n\n");
        text.push_str(&example);
    }
    text
}

/// `Client::builder()` with the API's credential setter, as a `no_run` example.
pub fn client_example(ctx: &Context<'_>, model: &ApiModel<'_>) -> Option<String> {
    let crate_ident = ident(&ctx.crate_ident);
    let api: Vec<proc_macro2::Ident> = model.layout.path.iter().map(|m| ident(m)).collect();
    let env = format!(
        "{}_TOKEN",
        model
            .layout
            .path
            .first()
            .map_or("API", String::as_str)
            .to_ascii_uppercase()
    );
    let schemes = &model.api.auth_schemes;
    let credential = if schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::OAuth2 { .. }))
    {
        Some(quote!(.access_token(std::env::var(#env)?)))
    } else if schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::Bearer { .. }))
    {
        Some(quote!(.bearer_token(std::env::var(#env)?)))
    } else if schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::Basic { .. }))
    {
        Some(quote!(.basic_auth("user", std::env::var("PASSWORD")?)))
    } else if schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::Signed(signed) if matches!(**signed, SignedAuth::Digest { .. })))
    {
        Some(quote!(.digest_auth("user", std::env::var("PASSWORD")?)))
    } else if schemes
        .iter()
        .any(|s| matches!(s, AuthScheme::ApiKey { .. }))
    {
        let env = format!(
            "{}_API_KEY",
            model
                .layout
                .path
                .first()
                .map_or("API", String::as_str)
                .to_ascii_uppercase()
        );
        Some(quote!(.api_key(std::env::var(#env)?)))
    } else {
        None
    };
    let base_url = model
        .api
        .servers
        .first()
        .filter(|s| s.default_url.is_none())
        .map(|_| quote!(.base_url("https://api.example.com")));
    let body = quote! {
        let client = #crate_ident #(::#api)*::Client::builder()
            #base_url
            #credential
            .build()?;
    };
    super::example::doc_example(ctx.options.interface, &[], quote!(), body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_auth_setter_name_is_kept_from_variable_setters() {
        // A collection variable named like an auth setter would otherwise
        // get a typed setter of the same name.
        for setter in SETTERS {
            let method = match setter {
                Setter::Credentials { method, .. } => *method,
                Setter::AuthorizationCode => "oauth2_authorization_code",
            };
            assert!(BUILDER_METHODS.contains(&method), "{method}");
        }
    }
}
