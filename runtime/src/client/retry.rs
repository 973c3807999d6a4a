//! When and how long to wait before trying a call again.

use std::time::{Duration, SystemTime};

use crate::error::{Error, TimeoutKind, TransportErrorKind};
use crate::operation::Method;

/// How the wait before a retry is randomized (the official SDK's strategies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jitter {
    /// Exactly the exponential delay.
    None,
    /// A random delay between zero and the exponential delay.
    Full,
    /// Half the exponential delay plus a random part of the other half.
    Equal,
}

/// Retry rules of a client or of one call.
///
/// Defaults ([`RetryPolicy::default`]): up to **3 attempts** in total, waits of 200 ms,
/// 400 ms, … (equal jitter) capped at 20 s.
///
/// - Throttling (HTTP 429, or the API gateway's `APIGW.0308`) and failures before the
///   request was sent (DNS, connection refused, connect timeout) are retried for every
///   method: the service did not act on the request.
/// - Server errors (5xx), broken connections and read or attempt timeouts are retried
///   only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE): a POST or PATCH may
///   have reached the service, and sending it again could act twice.
///   [`RetryPolicy::with_retry_non_idempotent`] opts in for all methods.
/// - Client errors (other 4xx), TLS failures, oversized bodies, undecodable bodies and
///   invalid requests are never retried.
/// - A `Retry-After` header (seconds or an HTTP date) sets the wait. If it asks for more
///   than `max_delay`, the call is not retried and the error is returned at once, with
///   [`Error::retry_after`] telling how long the service asked to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first (1 disables retries).
    pub max_attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of any delay; a longer `Retry-After` ends the retries.
    pub max_delay: Duration,
    /// Randomization of the delay.
    pub jitter: Jitter,
    /// Also retry server errors, broken connections and timeouts for POST and PATCH.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            jitter: Jitter::Equal,
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// This policy with `attempts` total attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// This policy with the given first delay (doubled for each further retry).
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// This policy with the given upper bound of any delay.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// This policy with the given jitter.
    pub fn with_jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// This policy, retrying non-idempotent methods (POST, PATCH) after server errors,
    /// broken connections and timeouts as well. Only for operations that are safe to
    /// repeat.
    pub fn with_retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether `error`, after attempt number `attempt` (1-based) of a `method` call, is
    /// of a kind this policy retries and attempts remain (the `Retry-After` bound is
    /// checked by [`RetryPolicy::next_delay`]).
    pub fn should_retry(&self, method: Method, error: &Error, attempt: u32) -> bool {
        if attempt >= self.max_attempts {
            return false;
        }
        let safe = method.is_idempotent() || self.retry_non_idempotent;
        match error {
            Error::Service(e) => e.is_throttling() || (e.is_server_error() && safe),
            Error::Transport(e) => match e.kind {
                TransportErrorKind::Tls
                | TransportErrorKind::BodyTooLarge
                | TransportErrorKind::InvalidResponse
                | TransportErrorKind::Timeout(TimeoutKind::Call) => false,
                kind if kind.request_not_sent() => true,
                _ => safe,
            },
            _ => false,
        }
    }

    /// The wait before the next attempt, or `None` when the call should not be retried:
    /// [`RetryPolicy::should_retry`] says no, or the service's `Retry-After` asks for
    /// more than `max_delay`.
    pub fn next_delay(&self, method: Method, error: &Error, attempt: u32) -> Option<Duration> {
        if !self.should_retry(method, error, attempt) {
            return None;
        }
        match error.retry_after() {
            Some(wait) if wait > self.max_delay => None,
            retry_after => Some(self.delay(attempt, retry_after)),
        }
    }

    /// The wait before attempt `attempt + 1`: the server's `Retry-After` when given
    /// (capped at `max_delay`), else the exponential delay with jitter.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let exp = self
            .base_delay
            .saturating_mul(
                1u32.checked_shl(attempt.saturating_sub(1))
                    .unwrap_or(u32::MAX),
            )
            .min(self.max_delay);
        let millis = u64::try_from(exp.as_millis()).unwrap_or(u64::MAX);
        let jittered = match self.jitter {
            Jitter::None => millis,
            Jitter::Full => fastrand::u64(0..=millis),
            Jitter::Equal => millis / 2 + fastrand::u64(0..=millis - millis / 2),
        };
        Duration::from_millis(jittered)
    }
}

/// Parses a `Retry-After` value: delay seconds, or an HTTP date (a past date means no
/// wait).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ServiceError, TimeoutKind, TransportError};

    fn service(status: u16, code: &str, retry_after: Option<Duration>) -> Error {
        Error::Service(Box::new(ServiceError {
            operation: "Op",
            status,
            request_id: None,
            error_code: code.into(),
            error_msg: String::new(),
            encoded_authorization_message: None,
            body: String::new(),
            retry_after,
            attempts: 1,
            hidden: &[],
        }))
    }

    fn transport(kind: TransportErrorKind) -> Error {
        Error::Transport(Box::new(TransportError {
            operation: "Op",
            kind,
            url: String::new(),
            attempts: 1,
            limit: None,
            source: None,
        }))
    }

    #[test]
    fn retries_throttling_always_and_server_errors_only_when_safe() {
        let p = RetryPolicy::default();
        assert!(p.should_retry(Method::Post, &service(429, "x", None), 1));
        assert!(p.should_retry(Method::Post, &service(400, "APIGW.0308", None), 1));
        assert!(p.should_retry(Method::Get, &service(503, "x", None), 1));
        assert!(!p.should_retry(Method::Post, &service(503, "x", None), 1));
        assert!(p.with_retry_non_idempotent(true).should_retry(
            Method::Post,
            &service(503, "x", None),
            1
        ));
        assert!(!p.should_retry(Method::Get, &service(404, "x", None), 1));
        assert!(!p.should_retry(Method::Get, &service(503, "x", None), 3));
        for kind in [
            TransportErrorKind::Connect,
            TransportErrorKind::ConnectionRefused,
            TransportErrorKind::Dns,
            TransportErrorKind::Timeout(TimeoutKind::Connect),
        ] {
            assert!(
                p.should_retry(Method::Post, &transport(kind), 1),
                "{kind:?}"
            );
        }
        for kind in [
            TransportErrorKind::Timeout(TimeoutKind::Read),
            TransportErrorKind::Timeout(TimeoutKind::Attempt),
            TransportErrorKind::Io,
        ] {
            assert!(
                !p.should_retry(Method::Post, &transport(kind), 1),
                "{kind:?}"
            );
            assert!(
                p.should_retry(Method::Delete, &transport(kind), 1),
                "{kind:?}"
            );
        }
        for kind in [
            TransportErrorKind::Tls,
            TransportErrorKind::BodyTooLarge,
            TransportErrorKind::Timeout(TimeoutKind::Call),
        ] {
            assert!(
                !p.should_retry(Method::Get, &transport(kind), 1),
                "{kind:?}"
            );
        }
        assert!(!p.should_retry(Method::Get, &Error::config("x"), 1));
    }

    #[test]
    fn a_retry_after_beyond_the_cap_ends_the_retries() {
        let p = RetryPolicy::default().with_max_delay(Duration::from_secs(5));
        let soon = service(429, "x", Some(Duration::from_secs(2)));
        assert_eq!(
            p.next_delay(Method::Post, &soon, 1),
            Some(Duration::from_secs(2))
        );
        let late = service(429, "x", Some(Duration::from_secs(3600)));
        assert_eq!(p.next_delay(Method::Post, &late, 1), None);
        assert_eq!(p.next_delay(Method::Post, &soon, 3), None);
    }

    #[test]
    fn delays_grow_are_capped_and_honour_retry_after() {
        let p = RetryPolicy::default().with_jitter(Jitter::None);
        assert_eq!(p.delay(1, None), Duration::from_millis(200));
        assert_eq!(p.delay(3, None), Duration::from_millis(800));
        assert_eq!(p.delay(40, None), Duration::from_secs(20));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(3600))),
            Duration::from_secs(20)
        );
        let equal = RetryPolicy::default();
        for _ in 0..100 {
            let d = equal.delay(2, None);
            assert!(
                d >= Duration::from_millis(200) && d <= Duration::from_millis(400),
                "{d:?}"
            );
        }
        let full = RetryPolicy::default().with_jitter(Jitter::Full);
        for _ in 0..100 {
            assert!(full.delay(1, None) <= Duration::from_millis(200));
        }
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        let huge = RetryPolicy::default()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX)
            .with_jitter(Jitter::Full);
        for attempt in [0, 1, 2, 64, u32::MAX] {
            let _ = huge.delay(attempt, None);
            assert_eq!(huge.delay(attempt, Some(Duration::MAX)), Duration::MAX);
        }
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts, 1);
    }

    #[test]
    fn parses_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(10));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(10))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(
            parse_retry_after("18446744073709551615", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(parse_retry_after("18446744073709551616", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }
}
