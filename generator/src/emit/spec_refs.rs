//! Names for the servers and auth schemes that requests refer to.
//!
//! The runtime's `ApiSpec` lists an API's servers and auth schemes in
//! arrays, and a `runtime::Request` picks one of each by position. Printing
//! the bare position (`Request::new(Method::PUT, 0, Some(0), ...)`) leaves a
//! reader guessing, so each one a request uses gets an associated constant
//! on the API's `Client`, named for what it is (`Client::SERVER_BASE_URL`,
//! `Client::AUTH_OAUTH2`) and documented with its template or scheme. Every
//! builder module already imports `Client`, so the reference stays short.
//!
//! A scheme is named for its kind (`AUTH_BEARER`); when several schemes
//! share a kind, each also names its credential's variable when that sets it
//! apart (`AUTH_BEARER_GITHUB_TOKEN`), else the first request that uses it
//! (`AUTH_DIGEST_DIGEST_SHA256`).
//!
//! Only referenced servers and schemes get a constant: an unused
//! `pub(crate)` constant would be a `dead_code` warning in the generated crate.

use std::collections::HashMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, AuthScheme, AuthSchemeId, Credential, ServerId};
use crate::names::{snake_ident, UniqueNames};

use super::docs;
use super::rust::doc_attrs;

/// The constant names of one API's servers and auth schemes, by position;
/// `None` for one no request uses.
#[derive(Debug, Clone, Default)]
pub struct SpecRefs {
    servers: Vec<Option<String>>,
    auth: Vec<Option<String>>,
}

impl SpecRefs {
    /// Names every server and auth scheme that a request uses.
    pub fn new(api: &Api) -> Self {
        let mut servers_used = vec![false; api.servers.len()];
        let mut first_user: Vec<Option<String>> = vec![None; api.auth_schemes.len()];
        for op in &api.operations {
            if let Some(used) = servers_used.get_mut(op.server.index()) {
                *used = true;
            }
            if let Some(user) = op.auth.and_then(|id| first_user.get_mut(id.index())) {
                user.get_or_insert_with(|| op.name.clone());
            }
        }

        let mut names = UniqueNames::new();
        let servers = api
            .servers
            .iter()
            .zip(&servers_used)
            .map(|(server, &used)| {
                used.then(|| {
                    names.claim(&format!("SERVER_{}", upper_snake(&server.ident, "server")))
                })
            })
            .collect();

        let kinds: Vec<String> = api.auth_schemes.iter().map(kind_name).collect();
        let qualifiers: Vec<Option<String>> = api.auth_schemes.iter().map(qualifier).collect();
        // How many used schemes have each kind, and each kind and qualifier.
        let mut counts: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        for index in (0..api.auth_schemes.len()).filter(|&i| first_user[i].is_some()) {
            *counts.entry((&kinds[index], None)).or_default() += 1;
            if let Some(q) = &qualifiers[index] {
                *counts.entry((&kinds[index], Some(q))).or_default() += 1;
            }
        }
        let auth = (0..api.auth_schemes.len())
            .map(|index| {
                let user = first_user[index].as_deref()?;
                let kind = kinds[index].as_str();
                let shared = counts.get(&(kind, None)).copied().unwrap_or(0) > 1;
                let name = match qualifiers[index].as_deref() {
                    _ if !shared => format!("AUTH_{kind}"),
                    Some(q) if counts.get(&(kind, Some(q))) == Some(&1) => {
                        format!("AUTH_{kind}_{q}")
                    }
                    _ => format!("AUTH_{kind}_{}", upper_snake(user, "request")),
                };
                Some(names.claim(&name))
            })
            .collect();
        SpecRefs { servers, auth }
    }

    /// The expression a request passes for its server.
    pub fn server(&self, id: ServerId) -> TokenStream {
        match self.servers.get(id.index()).and_then(Option::as_ref) {
            Some(name) => {
                let name = format_ident!("{}", name);
                quote!(Client::#name)
            }
            // Not a server of the spec (an API without servers has no
            // requests): the first position, as the runtime expects one.
            None => {
                let index = Literal::usize_unsuffixed(0);
                quote!(#index)
            }
        }
    }

    /// The expression a request passes for its auth scheme (`None` without one).
    pub fn auth(&self, id: Option<AuthSchemeId>) -> TokenStream {
        match id.and_then(|id| self.auth.get(id.index()).and_then(Option::as_ref)) {
            Some(name) => {
                let name = format_ident!("{}", name);
                quote!(Some(Client::#name))
            }
            None => quote!(None),
        }
    }

    /// The associated constants, for `impl Client`.
    pub fn constants(&self, api: &Api) -> TokenStream {
        let servers = self
            .servers
            .iter()
            .zip(&api.servers)
            .enumerate()
            .filter_map(|(index, (name, server))| {
                let name = format_ident!("{}", name.as_ref()?);
                let docs = doc_attrs(&format!(
                    "The server {}: its position in the API's servers.",
                    docs::code(&server.url.to_postman_string())
                ));
                let index = Literal::usize_unsuffixed(index);
                Some(quote!(#docs pub(crate) const #name: usize = #index;))
            });
        let auth = self
            .auth
            .iter()
            .zip(&api.auth_schemes)
            .enumerate()
            .filter_map(|(index, (name, scheme))| {
                let name = format_ident!("{}", name.as_ref()?);
                // No request is named here: a request inserted before the
                // first user would change these docs (names must not ripple).
                let docs = doc_attrs(&format!(
                    "The {}: its position in the API's auth schemes.",
                    describe(scheme),
                ));
                let index = Literal::usize_unsuffixed(index);
                Some(quote!(#docs pub(crate) const #name: usize = #index;))
            });
        quote!(#(#servers)* #(#auth)*)
    }
}

/// `BEARER`, `API_KEY`, `OAUTH2`, `DIGEST`, ...: the scheme's Postman type.
fn kind_name(scheme: &AuthScheme) -> String {
    let kind = match scheme {
        AuthScheme::Basic { .. } => "basic",
        AuthScheme::Bearer { .. } => "bearer",
        AuthScheme::ApiKey { .. } => "api_key",
        AuthScheme::OAuth2 { .. } => "oauth2",
        AuthScheme::Signed(signed) => signed.kind(),
        AuthScheme::Unsupported { kind } => kind,
    };
    upper_snake(kind, "scheme")
}

/// What tells two schemes of one kind apart: the variable of their first
/// credential, or an API key's name.
fn qualifier(scheme: &AuthScheme) -> Option<String> {
    match scheme {
        AuthScheme::ApiKey { name, .. } => Some(upper_snake(name, "key")),
        _ => qualifier_variable(scheme).map(|var| upper_snake(var, "credential")),
    }
}

/// `githubToken` -> `GITHUB_TOKEN`.
fn upper_snake(text: &str, fallback: &str) -> String {
    snake_ident(text, fallback)
        .trim_start_matches("r#")
        .trim_matches('_')
        .to_ascii_uppercase()
}

/// ``bearer auth scheme with `{{token}}` `` for a constant's docs.
fn describe(scheme: &AuthScheme) -> String {
    let kind = match scheme {
        AuthScheme::Basic { .. } => "basic".to_string(),
        AuthScheme::Bearer { .. } => "bearer".to_string(),
        AuthScheme::ApiKey { name, .. } => format!("API key {}", docs::code(name)),
        AuthScheme::OAuth2 { .. } => "OAuth 2.0".to_string(),
        AuthScheme::Signed(signed) => docs::code(signed.kind()),
        AuthScheme::Unsupported { kind } => format!("unsupported {}", docs::code(kind)),
    };
    match qualifier_variable(scheme) {
        Some(var) => format!(
            "{kind} auth scheme with {}",
            docs::code(&format!("{{{{{var}}}}}"))
        ),
        None => format!("{kind} auth scheme"),
    }
}

/// The variable of a scheme's first credential that is one.
fn qualifier_variable(scheme: &AuthScheme) -> Option<&str> {
    let credentials: Vec<&Credential> = match scheme {
        AuthScheme::Basic { username, password } => vec![username, password],
        AuthScheme::Bearer { token } | AuthScheme::OAuth2 { token, .. } => vec![token],
        AuthScheme::ApiKey { value, .. } => vec![value],
        AuthScheme::Signed(signed) => signed.credentials(),
        AuthScheme::Unsupported { .. } => Vec::new(),
    };
    credentials
        .into_iter()
        .find_map(|credential| match credential {
            Credential::Variable(name) => Some(name.as_str()),
            Credential::Supplied | Credential::Empty => None,
        })
}
