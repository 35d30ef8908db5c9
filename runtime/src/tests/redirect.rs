//! Redirects (`runtime/redirect.rs`): what the in-module tests leave out.

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, LOCATION, REFERER};
use reqwest::{Method, StatusCode, Url};

use crate::runtime::core::Prepared;
use crate::runtime::error::Error;
use crate::runtime::redact::Secrets;
use crate::runtime::redirect::{next, RedirectRules};

fn prepared(method: Method, url: &str) -> Prepared {
    let mut headers = HeaderMap::new();
    headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer T0KEN"));
    Prepared {
        method,
        url: Url::parse(url).expect("url"),
        headers,
        body: None,
        upload: None,
        form_data: false,
    }
}

fn follow(
    rules: RedirectRules,
    current: &Prepared,
    code: u16,
    location: Option<&str>,
) -> Result<Option<Prepared>, Error> {
    let mut headers = HeaderMap::new();
    if let Some(location) = location {
        headers.insert(LOCATION, HeaderValue::from_str(location).expect("location"));
    }
    let status = StatusCode::from_u16(code).expect("status");
    next(
        &rules,
        0,
        current,
        status,
        &headers,
        &Secrets::new(["T0KEN"]),
    )
}

#[test]
fn only_redirect_statuses_with_a_location_are_followed() {
    let current = prepared(Method::GET, "http://127.0.0.1:1/a");
    for code in [200, 300, 304, 305, 306, 404] {
        assert!(
            follow(RedirectRules::POSTMAN, &current, code, Some("/b"))
                .expect("ok")
                .is_none(),
            "{code}"
        );
    }
    assert!(follow(RedirectRules::POSTMAN, &current, 302, None)
        .expect("ok")
        .is_none());
}

#[test]
fn relative_locations_resolve_and_fragments_are_dropped() {
    let current = prepared(Method::GET, "http://127.0.0.1:1/dir/a?x=1");
    let next = follow(RedirectRules::POSTMAN, &current, 302, Some("b?y=2#part"))
        .expect("ok")
        .expect("followed");
    assert_eq!(next.url.as_str(), "http://127.0.0.1:1/dir/b?y=2");
}

#[test]
fn locations_that_are_not_http_are_refused() {
    let current = prepared(Method::GET, "http://127.0.0.1:1/a");
    for location in [
        "ftp://127.0.0.1/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
    ] {
        let outcome = follow(RedirectRules::POSTMAN, &current, 302, Some(location));
        assert!(
            matches!(outcome, Err(Error::Redirect { .. })),
            "{location}: {outcome:?}"
        );
    }
}

#[test]
fn a_head_request_stays_head_and_authorization_never_goes_down_to_http() {
    let head = prepared(Method::HEAD, "https://127.0.0.1:1/a");
    let rules = RedirectRules {
        keep_authorization: true,
        ..RedirectRules::POSTMAN
    };
    let next = follow(rules, &head, 303, Some("http://127.0.0.1:1/b"))
        .expect("ok")
        .expect("followed");
    assert_eq!(next.method, Method::HEAD);
    assert!(!next.headers.contains_key(AUTHORIZATION));
    // No referer from https to http's other origin beyond the origin itself.
    assert_eq!(next.headers[REFERER], "https://127.0.0.1:1/");
}

#[test]
fn the_referer_never_shows_a_credential_even_on_the_same_origin() {
    let current = prepared(Method::GET, "http://127.0.0.1:1/a?token=T0KEN");
    let next = follow(RedirectRules::POSTMAN, &current, 302, Some("/b"))
        .expect("ok")
        .expect("followed");
    assert_eq!(next.headers[REFERER], "http://127.0.0.1:1/");
    let rules = RedirectRules {
        remove_referer: true,
        ..RedirectRules::POSTMAN
    };
    let next = follow(rules, &current, 302, Some("/b"))
        .expect("ok")
        .expect("followed");
    assert!(!next.headers.contains_key(REFERER));
}
