//! Following redirects. The client follows them itself, not through reqwest's
//! policy: reqwest drops only `Authorization` and `Cookie` when the host
//! changes, and knows nothing of an API key in a custom header, a secret in
//! the query, or a body that carries one.
//!
//! The rule: a credential the client adds never reaches an origin (scheme,
//! host, port) other than the one the request was made for. On a redirect to
//! another origin the client removes every credential header (`Authorization`,
//! `Proxy-Authorization`, `Cookie`, and any header marked sensitive or holding
//! a secret) and every query parameter of the new URL that holds a secret,
//! and follows without them. It does not follow, and fails with
//! [`Error::Redirect`] naming the location, when the new URL would still carry
//! a secret, or when a 307 or 308 would resend the body of a request that
//! carried credentials (the body was written for the authenticated origin).

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, COOKIE,
    LOCATION, PROXY_AUTHORIZATION, REFERER, TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode, Url};

use super::core::Prepared;
use super::error::Error;
use super::redact::Secrets;

/// What a request does when answered with a redirect: the collection's
/// `protocolProfileBehavior`, Postman's defaults where it says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RedirectRules {
    /// `followRedirects`: follow 301, 302, 303, 307 and 308 at all.
    pub(crate) follow: bool,
    /// `maxRedirects`: how many redirects one request follows.
    pub(crate) max: u32,
    /// `followOriginalHttpMethod`: keep the method (and body) on 301 and 302.
    pub(crate) keep_method: bool,
    /// `followAuthorizationHeader`: keep `Authorization` when only the port
    /// or scheme changes (never to another host, never from https to http).
    pub(crate) keep_authorization: bool,
    /// `removeRefererHeaderOnRedirect`: send no `Referer` on redirects.
    pub(crate) remove_referer: bool,
}

impl RedirectRules {
    /// Postman's defaults.
    pub(crate) const POSTMAN: RedirectRules = RedirectRules {
        follow: true,
        max: 10,
        keep_method: false,
        keep_authorization: false,
        remove_referer: false,
    };
}

impl Default for RedirectRules {
    fn default() -> Self {
        RedirectRules::POSTMAN
    }
}

/// The request to send next when `status` and `headers` answer `current`, or
/// `None` when the response is the answer. `hops` redirects were followed so far.
pub(crate) fn next(
    rules: &RedirectRules,
    hops: u32,
    current: &Prepared,
    status: StatusCode,
    headers: &HeaderMap,
    secrets: &Secrets,
) -> Result<Option<Prepared>, Error> {
    let code = status.as_u16();
    if !rules.follow || !matches!(code, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let Some(location) = headers.get(LOCATION).and_then(|value| value.to_str().ok()) else {
        return Ok(None);
    };
    let refuse = |reason: &str| Error::Redirect {
        status,
        location: secrets.redact(location),
        reason: reason.to_string(),
    };
    if hops >= rules.max {
        return Err(refuse(&format!("more than {} redirects", rules.max)));
    }
    let mut url = current.url.join(location).map_err(|_| refuse("the location is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("the location is not http(s)"));
    }
    url.set_fragment(None);

    let mut method = current.method.clone();
    let mut body = current.body.clone();
    let mut upload = current.upload.clone();
    let mut headers = current.headers.clone();
    let to_get = match code {
        303 => method != Method::HEAD,
        301 | 302 => !rules.keep_method && method != Method::GET && method != Method::HEAD,
        _ => false,
    };
    if to_get {
        method = Method::GET;
        body = None;
        upload = None;
        for name in [CONTENT_TYPE, CONTENT_LENGTH, CONTENT_ENCODING, TRANSFER_ENCODING] {
            headers.remove(name);
        }
    }

    let same_origin = url.origin() == current.url.origin();
    if !same_origin {
        let keep_authorization = rules.keep_authorization
            && url.host_str() == current.url.host_str()
            && !(current.url.scheme() == "https" && url.scheme() == "http");
        let authorization = headers.get(AUTHORIZATION).cloned();
        let carried_credentials = strip_credential_headers(&mut headers, secrets)
            || secrets.appear_in(current.url.as_str().as_bytes());
        if let (true, Some(value)) = (keep_authorization, authorization) {
            headers.insert(AUTHORIZATION, value);
        }
        remove_secret_query_pairs(&mut url, secrets);
        if secrets.appear_in(url.as_str().as_bytes()) {
            return Err(refuse("the location on another origin would carry a credential"));
        }
        if let Some(body) = &body {
            if carried_credentials || secrets.appear_in(body) {
                return Err(refuse("the body of a request with credentials is not resent to another origin"));
            }
        }
        if upload.is_some() && carried_credentials {
            return Err(refuse("the body of a request with credentials is not resent to another origin"));
        }
    }

    headers.remove(REFERER);
    if !rules.remove_referer {
        if let Some(referer) = referer(&current.url, same_origin, secrets) {
            headers.insert(REFERER, referer);
        }
    }
    Ok(Some(Prepared {
        method,
        url,
        headers,
        body,
        upload,
        form_data: current.form_data,
    }))
}

/// Removes every header that carries a credential; true when there was one.
fn strip_credential_headers(headers: &mut HeaderMap, secrets: &Secrets) -> bool {
    let credential: Vec<HeaderName> = headers
        .iter()
        .filter(|(name, value)| {
            [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(name)
                || name.as_str() == "cookie2"
                || value.is_sensitive()
                || secrets.appear_in(value.as_bytes())
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in &credential {
        headers.remove(name);
    }
    !credential.is_empty()
}

/// Removes the query parameters whose key or value holds a credential.
fn remove_secret_query_pairs(url: &mut Url, secrets: &Secrets) {
    let Some(query) = url.query() else {
        return;
    };
    if !secrets.appear_in(query.as_bytes()) {
        return;
    }
    // Joined by hand: `[&str]::join` is 1,800 LLVM IR lines of a debug
    // build, compiled in every generated crate for this one call.
    let mut kept = String::with_capacity(query.len());
    for (index, pair) in query.split('&').filter(|pair| !secrets.appear_in(pair.as_bytes())).enumerate() {
        if index > 0 {
            kept.push('&');
        }
        kept.push_str(pair);
    }
    url.set_query((!kept.is_empty()).then_some(kept.as_str()));
}

/// The `Referer` for a redirect from `from`: the URL without userinfo and
/// fragment on the same origin, only the origin on another one (as browsers
/// do), and nothing that would carry a credential.
fn referer(from: &Url, same_origin: bool, secrets: &Secrets) -> Option<HeaderValue> {
    let mut url = from.clone();
    let _ = url.set_username("");
    let _ = url.set_password(None);
    url.set_fragment(None);
    if !same_origin || secrets.appear_in(url.as_str().as_bytes()) {
        url.set_path("/");
        url.set_query(None);
    }
    HeaderValue::from_str(url.as_str()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prepared(method: Method, url: &str, body: Option<&str>) -> Prepared {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer T0KEN"));
        let mut key = HeaderValue::from_static("K3Y");
        key.set_sensitive(true);
        headers.insert("x-api-key", key);
        headers.insert("x-session", HeaderValue::from_static("id-S3SS"));
        headers.insert("accept", HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        Prepared {
            method,
            url: Url::parse(url).expect("url"),
            headers,
            body: body.map(|text| text.as_bytes().to_vec()),
            upload: None,
            form_data: false,
        }
    }

    fn answer(location: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(LOCATION, HeaderValue::from_str(location).expect("location"));
        headers
    }

    fn secrets() -> Secrets {
        Secrets::new(["T0KEN", "K3Y", "S3SS"])
    }

    fn follow(rules: RedirectRules, current: &Prepared, code: u16, location: &str) -> Result<Option<Prepared>, Error> {
        let status = StatusCode::from_u16(code).expect("status");
        next(&rules, 0, current, status, &answer(location), &secrets())
    }

    #[test]
    fn a_cross_origin_redirect_drops_every_credential_header_and_query_secret() {
        let current = prepared(Method::GET, "http://127.0.0.1:1/a?api_key=K3Y&page=2", None);
        for code in [301, 302, 303, 307, 308] {
            let next = follow(RedirectRules::POSTMAN, &current, code, "http://127.0.0.1:2/b?api_key=K3Y&page=2")
                .expect("followed")
                .expect("a next request");
            assert_eq!(next.url.as_str(), "http://127.0.0.1:2/b?page=2", "{code}");
            for name in ["authorization", "x-api-key", "x-session"] {
                assert!(!next.headers.contains_key(name), "{code}: {name} crossed origins");
            }
            assert_eq!(next.headers["accept"], "application/json");
            assert_eq!(next.headers[REFERER], "http://127.0.0.1:1/");
        }
    }

    #[test]
    fn a_same_origin_redirect_keeps_credentials() {
        let current = prepared(Method::GET, "http://127.0.0.1:1/a", None);
        let next = follow(RedirectRules::POSTMAN, &current, 302, "/b").expect("ok").expect("next");
        assert_eq!(next.url.as_str(), "http://127.0.0.1:1/b");
        assert_eq!(next.headers["x-api-key"], "K3Y");
        assert_eq!(next.headers[AUTHORIZATION], "Bearer T0KEN");
        assert_eq!(next.headers[REFERER], "http://127.0.0.1:1/a");
    }

    #[test]
    fn methods_and_bodies_follow_postman() {
        let post = prepared(Method::POST, "http://127.0.0.1:1/a", Some("{\"a\":1}"));
        let moved = follow(RedirectRules::POSTMAN, &post, 302, "/b").expect("ok").expect("next");
        assert_eq!((moved.method, moved.body, moved.headers.get(CONTENT_TYPE)), (Method::GET, None, None));
        let kept = RedirectRules {
            keep_method: true,
            ..RedirectRules::POSTMAN
        };
        let moved = follow(kept, &post, 302, "/b").expect("ok").expect("next");
        assert_eq!(moved.method, Method::POST);
        let see_other = follow(kept, &post, 303, "/b").expect("ok").expect("next");
        assert_eq!(see_other.method, Method::GET);
        let temporary = follow(RedirectRules::POSTMAN, &post, 307, "/b").expect("ok").expect("next");
        assert_eq!((temporary.method, temporary.body.as_deref()), (Method::POST, Some(&b"{\"a\":1}"[..])));
    }

    #[test]
    fn the_body_of_a_request_with_credentials_is_never_resent_to_another_origin() {
        let authenticated = prepared(Method::POST, "http://127.0.0.1:1/a", Some("{}"));
        let mut secret_body = prepared(Method::POST, "http://127.0.0.1:1/a", Some("password=S3SS"));
        secret_body.headers.clear();
        for post in [authenticated, secret_body] {
            for code in [307, 308] {
                match follow(RedirectRules::POSTMAN, &post, code, "http://127.0.0.1:2/b") {
                    Err(Error::Redirect { location, .. }) => assert_eq!(location, "http://127.0.0.1:2/b"),
                    other => panic!("{other:?}"),
                }
            }
        }
        let mut anonymous = prepared(Method::POST, "http://127.0.0.1:1/a", Some("{}"));
        anonymous.headers.clear();
        let next = follow(RedirectRules::POSTMAN, &anonymous, 308, "http://127.0.0.1:2/b").expect("ok").expect("next");
        assert_eq!(next.body.as_deref(), Some(&b"{}"[..]));
    }

    #[test]
    fn a_location_that_still_carries_a_secret_elsewhere_is_refused_and_redacted() {
        let current = prepared(Method::GET, "http://127.0.0.1:1/botK3Y/a", None);
        match follow(RedirectRules::POSTMAN, &current, 301, "http://127.0.0.1:2/botK3Y/a") {
            Err(error @ Error::Redirect { .. }) => {
                let shown = format!("{error} {error:?}");
                assert!(!shown.contains("K3Y") && shown.contains("REDACTED"), "{shown}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rules_stop_limit_and_keep_authorization_on_the_same_host_only() {
        let current = prepared(Method::GET, "http://127.0.0.1:1/a", None);
        let off = RedirectRules {
            follow: false,
            ..RedirectRules::POSTMAN
        };
        assert!(follow(off, &current, 302, "/b").expect("ok").is_none());
        let status = StatusCode::FOUND;
        let too_many = next(&RedirectRules::POSTMAN, 10, &current, status, &answer("/b"), &secrets());
        assert!(matches!(too_many, Err(Error::Redirect { .. })));
        let keep = RedirectRules {
            keep_authorization: true,
            remove_referer: true,
            ..RedirectRules::POSTMAN
        };
        let port = follow(keep, &current, 302, "http://127.0.0.1:2/b").expect("ok").expect("next");
        assert_eq!(port.headers[AUTHORIZATION], "Bearer T0KEN");
        assert!(!port.headers.contains_key("x-api-key") && !port.headers.contains_key(REFERER));
        let host = follow(keep, &current, 302, "http://localhost:1/b").expect("ok").expect("next");
        assert!(!host.headers.contains_key(AUTHORIZATION));
    }
}
