//! The retry policy (`runtime/retry.rs`): which outcomes are retried, and how long it waits.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::runtime::error::Error;
use crate::runtime::RetryPolicy;

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).expect("status")
}

fn retry_after(value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(RETRY_AFTER, HeaderValue::from_str(value).expect("header"));
    headers
}

#[test]
fn only_throttling_and_gateway_statuses_are_retried() {
    let policy = RetryPolicy::default();
    let none = HeaderMap::new();
    for code in [429, 502, 503, 504] {
        assert!(
            policy
                .delay(&Method::GET, 0, Ok((status(code), &none)), 1)
                .is_some(),
            "{code}"
        );
    }
    for code in [200, 301, 400, 401, 404, 409, 500, 501, 505] {
        assert_eq!(
            policy.delay(&Method::GET, 0, Ok((status(code), &none)), 1),
            None,
            "{code}"
        );
    }
    let invalid = Error::InvalidRequest("bad".to_string());
    assert_eq!(policy.delay(&Method::GET, 0, Err(&invalid), 1), None);
}

#[test]
fn retry_after_is_honoured_only_on_429_and_503_and_only_up_to_the_cap() {
    let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
    let five = retry_after("5");
    let six = retry_after("6");
    assert_eq!(
        policy.delay(&Method::GET, 0, Ok((status(429), &five)), 0),
        Some(Duration::from_secs(5))
    );
    // Longer than the cap: the retries end rather than wait.
    assert_eq!(
        policy.delay(&Method::GET, 0, Ok((status(503), &six)), 0),
        None
    );
    // 502 and 504 back off, whatever Retry-After says.
    let backoff = policy
        .delay(&Method::GET, 0, Ok((status(502), &six)), 0)
        .expect("retried");
    assert_eq!(backoff, Duration::from_millis(250));
}

#[test]
fn backoff_doubles_from_the_initial_wait_and_jitter_stays_within_the_upper_half() {
    let policy = RetryPolicy::new(20)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(1));
    let none = HeaderMap::new();
    let wait = |attempt: u32, random: u64| {
        policy
            .delay(&Method::GET, attempt, Ok((status(502), &none)), random)
            .expect("retried")
    };
    // Without jitter: half of 100, 200, 400, 800 ms, then of the 1 s cap.
    let floors: Vec<u128> = (0..6).map(|attempt| wait(attempt, 0).as_millis()).collect();
    assert_eq!(floors, [50, 100, 200, 400, 500, 500]);
    for attempt in 0..20 {
        let longest = wait(attempt, u64::MAX);
        let floor = wait(attempt, 0);
        assert!(
            longest >= floor && longest < floor * 2,
            "{attempt}: {longest:?}"
        );
    }
}

#[test]
fn the_retry_count_and_method_limits_hold_for_every_outcome() {
    let none = HeaderMap::new();
    let policy = RetryPolicy::new(2);
    assert!(policy
        .delay(&Method::PUT, 1, Ok((status(503), &none)), 0)
        .is_some());
    assert_eq!(
        policy.delay(&Method::PUT, 2, Ok((status(503), &none)), 0),
        None
    );
    assert_eq!(
        RetryPolicy::new(0).delay(&Method::GET, 0, Ok((status(503), &none)), 0),
        None
    );
    for method in [Method::POST, Method::PATCH, Method::CONNECT] {
        assert_eq!(
            policy.delay(&method, 0, Ok((status(503), &none)), 0),
            None,
            "{method}"
        );
    }
    for method in [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
        Method::TRACE,
    ] {
        assert!(
            policy
                .delay(&method, 0, Ok((status(503), &none)), 0)
                .is_some(),
            "{method}"
        );
    }
}
