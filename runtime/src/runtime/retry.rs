//! The opt-in retry policy.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use super::error::Error;

/// When and how to retry failed requests. Off unless the client is built with one.
///
/// Retries `429 Too Many Requests`, `502`, `503` and `504` responses and
/// connection errors and timeouts, waiting as long as `Retry-After` asks (on
/// 429 and 503) or else backing off exponentially with jitter. Only idempotent
/// methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) are retried unless
/// [`RetryPolicy::retry_non_idempotent`] is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Three retries, backing off from 500 ms up to 30 s, waiting at most 60 s for `Retry-After`.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// The default policy with `max_retries` retries.
    pub fn new(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    /// The first backoff; it doubles on each retry.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits for; longer ones end the retries.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Also retry POST, PATCH and other non-idempotent methods.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// How long to wait before retry number `attempt + 1`, or `None` to stop.
    pub(crate) fn delay(
        &self,
        method: &Method,
        attempt: u32,
        outcome: Result<(StatusCode, &HeaderMap), &Error>,
        random: u64,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let idempotent = matches!(
            *method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE | Method::TRACE
        );
        if !idempotent && !self.retry_non_idempotent {
            return None;
        }
        match outcome {
            Ok((status, headers)) => match status.as_u16() {
                429 | 503 => match retry_after(headers, SystemTime::now()) {
                    Some(wait) if wait > self.max_retry_after => None,
                    Some(wait) => Some(wait),
                    None => Some(self.backoff(attempt, random)),
                },
                502 | 504 => Some(self.backoff(attempt, random)),
                _ => None,
            },
            Err(Error::Transport(error)) if error.is_connect() || error.is_timeout() => {
                Some(self.backoff(attempt, random))
            }
            Err(_) => None,
        }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random.
    fn backoff(&self, attempt: u32, random: u64) -> Duration {
        let exponential = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = exponential / 2;
        let nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        let jitter = if nanos == 0 { 0 } else { random % nanos };
        half + Duration::from_nanos(jitter)
    }
}

/// The `Retry-After` header as a wait from `now`: delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_str(value).expect("valid header"));
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(retry_after(&headers(" 120 "), now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(retry_after(&headers(&later), now), Some(Duration::from_secs(90)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(retry_after(&headers(&earlier), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon"), now), None);
    }

    #[test]
    fn only_idempotent_methods_are_retried_by_default() {
        let policy = RetryPolicy::default();
        let headers = headers("1");
        let outcome = || Ok((StatusCode::SERVICE_UNAVAILABLE, &headers));
        assert_eq!(policy.delay(&Method::GET, 0, outcome(), 7), Some(Duration::from_secs(1)));
        assert_eq!(policy.delay(&Method::POST, 0, outcome(), 7), None);
        let eager = RetryPolicy::default().retry_non_idempotent(true);
        assert_eq!(eager.delay(&Method::POST, 0, outcome(), 7), Some(Duration::from_secs(1)));
        assert_eq!(policy.delay(&Method::GET, 3, outcome(), 7), None);
    }

    #[test]
    fn backoff_grows_and_stays_bounded() {
        let policy = RetryPolicy::default();
        for attempt in 0..10 {
            let wait = policy.backoff(attempt, u64::MAX - 1);
            assert!(wait <= Duration::from_secs(30));
            assert!(wait >= Duration::from_millis(250).min(Duration::from_secs(15)));
        }
    }
}
