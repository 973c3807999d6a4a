//! When and how long to wait before trying a call again.

use std::time::{Duration, SystemTime};

use crate::error::{Error, TransportErrorKind};
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
/// By default a call is tried up to 3 times. Throttling (HTTP 429, or the API gateway's
/// `APIGW.0308`) and failures to connect are retried for every method, since the service
/// did not act on the request; server errors (5xx), broken connections and read timeouts
/// only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE), because a POST may have
/// reached the service. [`RetryPolicy::retry_non_idempotent`] opts in for all methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts including the first (1 disables retries).
    pub max_attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub base_delay: Duration,
    /// Upper bound of any delay, including one asked for by `Retry-After`.
    pub max_delay: Duration,
    /// Randomization of the delay.
    pub jitter: Jitter,
    /// Also retry server errors and broken connections for POST and PATCH.
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

/// API gateway error codes that mean "slow down".
const THROTTLING_CODES: &[&str] = &["APIGW.0308"];

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// This policy with `attempts` total attempts.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// This policy, retrying non-idempotent methods as well.
    pub fn with_retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// Whether `error`, after attempt number `attempt` (1-based) of a `method` call,
    /// should be retried.
    pub fn should_retry(&self, method: Method, error: &Error, attempt: u32) -> bool {
        if attempt >= self.max_attempts {
            return false;
        }
        let safe = method.is_idempotent() || self.retry_non_idempotent;
        match error {
            Error::Service(e) => {
                e.status == 429
                    || THROTTLING_CODES.contains(&e.error_code.as_str())
                    || (e.status >= 500 && safe)
            }
            Error::Transport(e) => match e.kind {
                TransportErrorKind::Connect
                | TransportErrorKind::Timeout(crate::error::TimeoutKind::Connect) => true,
                TransportErrorKind::Timeout(_) | TransportErrorKind::Io => safe,
                TransportErrorKind::BodyTooLarge => false,
            },
            _ => false,
        }
    }

    /// The wait before attempt `attempt + 1`, honouring a server's `Retry-After`.
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

/// Parses a `Retry-After` value: delay seconds, or an HTTP date.
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

    fn service(status: u16, code: &str) -> Error {
        Error::Service(Box::new(ServiceError {
            operation: "Op",
            status,
            request_id: None,
            error_code: code.into(),
            error_msg: String::new(),
            encoded_authorization_message: None,
            body: String::new(),
            attempts: 1,
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
        assert!(p.should_retry(Method::Post, &service(429, "x"), 1));
        assert!(p.should_retry(Method::Post, &service(400, "APIGW.0308"), 1));
        assert!(p.should_retry(Method::Get, &service(503, "x"), 1));
        assert!(!p.should_retry(Method::Post, &service(503, "x"), 1));
        assert!(p.with_retry_non_idempotent(true).should_retry(
            Method::Post,
            &service(503, "x"),
            1
        ));
        assert!(!p.should_retry(Method::Get, &service(404, "x"), 1));
        assert!(!p.should_retry(Method::Get, &service(503, "x"), 3));
        assert!(p.should_retry(Method::Post, &transport(TransportErrorKind::Connect), 1));
        assert!(!p.should_retry(
            Method::Post,
            &transport(TransportErrorKind::Timeout(TimeoutKind::Read)),
            1
        ));
        assert!(p.should_retry(Method::Delete, &transport(TransportErrorKind::Io), 1));
    }

    #[test]
    fn delays_grow_are_capped_and_honour_retry_after() {
        let p = RetryPolicy {
            jitter: Jitter::None,
            ..RetryPolicy::default()
        };
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
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
