//! The one error type of generated clients: service errors (HTTP status >= 400) with the
//! fields the official SDKs expose, transport failures, undecodable responses, and invalid
//! requests or configuration.
//!
//! Every variant can be matched, and the common questions have accessors on [`Error`]
//! itself: [`Error::status`], [`Error::request_id`], [`Error::error_code`],
//! [`Error::error_msg`], [`Error::encoded_authorization_message`], [`Error::body`],
//! [`Error::attempts`], [`Error::is_timeout`], [`Error::is_retryable`].
//!
//! No error message ever contains the secret key or the security token.
//!
//! This file holds [`Error`] and the two errors raised before a request is sent; the
//! others are beside it: `response` (service, decode and unexpected-status errors),
//! `transport`, `paging`, `body` (reading error bodies), `escape` (what `Display` does to
//! server text) and [`sensitive`] (what is never rendered).

use std::fmt::{self, Write as _};
use std::time::Duration;

mod body;
mod escape;
mod paging;
mod response;
pub mod sensitive;
mod transport;

pub(crate) use escape::{Escaping, cut, excerpt};

pub use body::extract_error_fields;
pub use escape::escape_control;
pub use paging::{PagingError, PagingErrorKind};
pub use response::{DecodeError, ServiceError, UnexpectedStatusError};
pub use transport::{EndpointFailures, Limit, TimeoutKind, TransportError, TransportErrorKind};

/// Result of a client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with status >= 400.
    Service(Box<ServiceError>),
    /// The request did not get a complete response: DNS, connection, TLS, timeout, a
    /// broken connection, or a body over the size limit.
    Transport(Box<TransportError>),
    /// A success response whose body is not what the operation documents.
    Decode(Box<DecodeError>),
    /// A status below 400 that the operation does not document as a success, a
    /// redirection say: nothing is decoded from it. Not retried.
    UnexpectedStatus(Box<UnexpectedStatusError>),
    /// The request could not be built (a missing path parameter, an invalid header value).
    Request(RequestError),
    /// The client is configured wrongly (no credentials, unknown region, bad endpoint).
    Config(ConfigError),
    /// A paged listing cannot be complete (a repeated page or marker, pages that end
    /// before the reported total, the pager's page limit): never retried.
    Paging(Box<PagingError>),
}

impl Error {
    /// The HTTP status, for service and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::UnexpectedStatus(e) => Some(e.status),
            _ => None,
        }
    }

    /// The request id (`X-Request-Id` response header), when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::UnexpectedStatus(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The service error code (e.g. `CLOUDARTIFACT.00010001`), for service errors.
    pub fn error_code(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.error_code),
            _ => None,
        }
    }

    /// The service error message, for service errors.
    pub fn error_msg(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.error_msg),
            _ => None,
        }
    }

    /// The `encoded_authorization_message` of an IAM denial, for service errors that
    /// carry one.
    pub fn encoded_authorization_message(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.encoded_authorization_message.as_deref(),
            _ => None,
        }
    }

    /// The raw response body (invalid UTF-8 replaced), for service, decode and
    /// unexpected-status errors.
    pub fn body(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.body),
            Error::Decode(e) => Some(&e.body),
            Error::UnexpectedStatus(e) => Some(&e.body),
            _ => None,
        }
    }

    /// How many attempts were made (1 when the call was not retried); `None` for errors
    /// raised before anything was sent.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Error::Service(e) => Some(e.attempts),
            Error::Transport(e) => Some(e.attempts),
            Error::Decode(e) => Some(e.attempts),
            Error::UnexpectedStatus(e) => Some(e.attempts),
            _ => None,
        }
    }

    /// The operation id (e.g. `ResetUserPassword`), for errors of a call.
    pub fn operation(&self) -> Option<&'static str> {
        match self {
            Error::Service(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::UnexpectedStatus(e) => Some(e.operation),
            Error::Paging(e) => Some(e.operation),
            _ => None,
        }
    }

    /// The wait the service asked for with `Retry-After`, for service errors.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Service(e) => e.retry_after,
            _ => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The transport error, if this is one.
    pub fn as_transport(&self) -> Option<&TransportError> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// What kind of transport failure this is, if it is one.
    pub fn transport_kind(&self) -> Option<TransportErrorKind> {
        self.as_transport().map(|e| e.kind)
    }

    /// 4xx: the request was wrong (`ClientRequestException` in the official SDKs).
    pub fn is_client_error(&self) -> bool {
        self.as_service().is_some_and(ServiceError::is_client_error)
    }

    /// 5xx: the service failed (`ServerResponseException` in the official SDKs).
    pub fn is_server_error(&self) -> bool {
        self.as_service().is_some_and(ServiceError::is_server_error)
    }

    /// Whether trying again may succeed: throttling (429 or `APIGW.0308`), server errors
    /// (5xx), failures to connect, broken connections and timeouts. Whether a retry is
    /// *safe* also depends on the method; the client's retry policy decides that.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_throttling() || e.is_server_error(),
            Error::Transport(e) => !matches!(
                e.kind,
                TransportErrorKind::BodyTooLarge
                    | TransportErrorKind::Tls
                    | TransportErrorKind::InvalidResponse
                    | TransportErrorKind::Timeout(TimeoutKind::Call)
            ),
            _ => false,
        }
    }

    /// Which timeout fired, if this is a timeout.
    pub fn timeout_kind(&self) -> Option<TimeoutKind> {
        match self.transport_kind() {
            Some(TransportErrorKind::Timeout(kind)) => Some(kind),
            _ => None,
        }
    }

    /// Whether this is a timeout (connect, read, attempt or call).
    pub fn is_timeout(&self) -> bool {
        self.timeout_kind().is_some()
    }

    pub(crate) fn request(message: impl Into<String>) -> Self {
        Error::Request(RequestError {
            message: message.into(),
        })
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config(ConfigError {
            message: message.into(),
        })
    }

    /// The same error, recording that `attempts` attempts were made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        match &mut self {
            Error::Service(e) => e.attempts = attempts,
            Error::Transport(e) => e.attempts = attempts,
            Error::Decode(e) => e.attempts = attempts,
            Error::UnexpectedStatus(e) => e.attempts = attempts,
            _ => {}
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::UnexpectedStatus(e) => e.fmt(f),
            Error::Request(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
            Error::Paging(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => e
                .source
                .as_deref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            Error::Decode(e) => Some(&e.source),
            _ => None,
        }
    }
}

/// The request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(f, "invalid request: {}", self.message)
    }
}

/// The client is configured wrongly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(f, "invalid client configuration: {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16, msg: &str) -> ServiceError {
        ServiceError {
            operation: "ResetUserPassword",
            status,
            request_id: Some("rid-401".into()),
            error_code: "CLOUDARTIFACT.00010001".into(),
            error_msg: msg.into(),
            encoded_authorization_message: Some("ENC".into()),
            body: "{}".into(),
            retry_after: None,
            attempts: 1,
            hidden: &[],
        }
    }

    #[test]
    fn display_names_status_request_id_and_code() {
        let e = Error::Service(Box::new(service(401, "unauthorized")));
        assert_eq!(
            e.to_string(),
            "ResetUserPassword failed: HTTP 401 (client error), request id rid-401: CLOUDARTIFACT.00010001: unauthorized"
        );
        assert!(!e.is_retryable());
        assert!(e.is_client_error() && !e.is_server_error());
        assert_eq!(e.status(), Some(401));
        assert_eq!(e.request_id(), Some("rid-401"));
        assert_eq!(e.encoded_authorization_message(), Some("ENC"));
        assert_eq!(e.body(), Some("{}"));
        assert_eq!(e.attempts(), Some(1));
        assert_eq!(e.operation(), Some("ResetUserPassword"));
        let e = e.with_attempts(3);
        assert!(e.to_string().ends_with(" (after 3 attempts)"), "{e}");
    }

    #[test]
    fn display_cuts_long_messages_but_the_field_keeps_them() {
        let long = "x".repeat(1000);
        let e = Error::Service(Box::new(service(500, &long)));
        let shown = e.to_string();
        assert!(shown.len() < 500 && shown.ends_with('…'), "{shown}");
        assert_eq!(e.error_msg().map(str::len), Some(1000));
        assert!(e.is_server_error() && e.is_retryable());
    }

    #[test]
    fn transport_display_shows_kind_limit_attempts_and_root_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused here");
        let e = Error::Transport(Box::new(TransportError {
            operation: "Op",
            kind: TransportErrorKind::ConnectionRefused,
            url: "http://127.0.0.1:1/x".into(),
            attempts: 2,
            limit: None,
            source: Some(Box::new(io)),
        }));
        assert_eq!(
            e.to_string(),
            "Op failed: connection refused (http://127.0.0.1:1/x) (after 2 attempts): refused here"
        );
        assert!(e.is_retryable() && !e.is_timeout());
        assert!(TransportErrorKind::ConnectionRefused.request_not_sent());
        assert!(!TransportErrorKind::Io.request_not_sent());
        let failures = EndpointFailures {
            failures: vec![
                ("http://a".into(), "x".into()),
                ("http://b".into(), "y".into()),
            ],
        };
        assert_eq!(
            failures.to_string(),
            "all 2 endpoints failed: http://a: x; http://b: y"
        );
    }

    #[test]
    fn display_escapes_what_could_forge_a_log_line() {
        let mut e = service(400, "one\ntwo\r\u{1b}[2J\u{202e}\u{7f}\u{85}\u{2028}end");
        e.error_code = "C\u{0}".into();
        e.request_id = Some("r\t1".into());
        let shown = Error::Service(Box::new(e)).to_string();
        assert_eq!(
            shown,
            "ResetUserPassword failed: HTTP 400 (client error), request id r\\u{9}1: C\\u{0}: \
             one\\u{a}two\\u{d}\\u{1b}[2J\\u{202e}\\u{7f}\\u{85}\\u{2028}end"
        );
        assert_eq!(escape_control("plain ü 中"), "plain ü 中");
        assert!(matches!(
            escape_control("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
        let request = Error::request("a\nb").to_string();
        assert_eq!(request, "invalid request: a\\u{a}b");
    }
}
