//! Transport failures: no complete response (DNS, connection, TLS, timeouts, a broken
//! exchange, a body over the limit, a response that is not valid HTTP).

use std::fmt::{self, Write as _};
use std::time::Duration;

use super::Escaping;

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Connecting took longer than the connect timeout.
    Connect,
    /// The response (headers or a piece of the body) took longer than the read timeout.
    Read,
    /// One attempt took longer than the per-attempt timeout (`ClientBuilder::timeout`,
    /// [`CallOptions::timeout`](crate::CallOptions::timeout)).
    Attempt,
    /// The whole call, retries and waits included, took longer than the call timeout
    /// (`ClientBuilder::call_timeout`,
    /// [`CallOptions::call_timeout`](crate::CallOptions::call_timeout)).
    Call,
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name could not be resolved (`HostUnreachableException` in the official SDK).
    Dns,
    /// The server refused the connection (nothing listens on that port).
    ConnectionRefused,
    /// The TLS handshake failed: an untrusted or invalid certificate, or a protocol
    /// error (`SslHandShakeException` in the official SDK). Not retried.
    Tls,
    /// Any other failure to connect (unreachable network, reset while connecting).
    Connect,
    /// A timeout fired.
    Timeout(TimeoutKind),
    /// The connection broke while sending the request or reading the response (closed
    /// early, reset, a truncated body).
    Io,
    /// The response body exceeded the configured maximum size.
    BodyTooLarge,
    /// The response is not valid HTTP: a head larger than the HTTP library reads, an
    /// invalid status line, header or version. The same server would answer the same way:
    /// not retried.
    InvalidResponse,
}

impl TransportErrorKind {
    /// Whether the failure happened before the request was sent (DNS, refused, TLS,
    /// connect failures and connect timeouts): the service cannot have acted on it, so
    /// every method may be retried and the next endpoint may be tried.
    pub fn request_not_sent(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Dns
                | TransportErrorKind::ConnectionRefused
                | TransportErrorKind::Tls
                | TransportErrorKind::Connect
                | TransportErrorKind::Timeout(TimeoutKind::Connect)
        )
    }

    fn describe(self) -> &'static str {
        match self {
            TransportErrorKind::Dns => "could not resolve the host name",
            TransportErrorKind::ConnectionRefused => "connection refused",
            TransportErrorKind::Tls => "TLS handshake failed",
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout(TimeoutKind::Connect) => "connect timeout",
            TransportErrorKind::Timeout(TimeoutKind::Read) => "timed out reading the response",
            TransportErrorKind::Timeout(TimeoutKind::Attempt) => "attempt timed out",
            TransportErrorKind::Timeout(TimeoutKind::Call) => "call timed out",
            TransportErrorKind::Io => "connection failed during the exchange",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::InvalidResponse => {
                "the response is not valid HTTP (a head too large, an invalid status line or header)"
            }
        }
    }
}

/// The request did not get a complete response.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// Operation id.
    pub operation: &'static str,
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// The URL that was called (without query); the last one tried after a fail-over.
    pub url: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// The limit involved (timeout length or size limit), if known.
    pub limit: Option<Limit>,
    /// The underlying error: the HTTP library's error, or [`EndpointFailures`] when
    /// every endpoint failed to connect.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// A configured limit that was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A time limit.
    Time(Duration),
    /// A size limit in bytes.
    Bytes(u64),
}

/// The innermost cause of an error chain: the most specific message.
fn root_cause<'a>(
    error: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current
}

impl TransportError {
    /// What went wrong and its root cause, without operation and URL (for the list of
    /// endpoint failures).
    pub(crate) fn summary(&self) -> String {
        match &self.source {
            Some(source) => {
                let source: &(dyn std::error::Error + 'static) = source.as_ref();
                format!("{}: {}", self.kind.describe(), root_cause(source))
            }
            None => self.kind.describe().to_owned(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(
            f,
            "{} failed: {} ({})",
            self.operation,
            self.kind.describe(),
            self.url
        )?;
        match self.limit {
            Some(Limit::Time(d)) => write!(f, " after {d:?}")?,
            Some(Limit::Bytes(n)) => write!(f, ", limit {n} bytes")?,
            None => {}
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if let Some(source) = &self.source {
            let source: &(dyn std::error::Error + 'static) = source.as_ref();
            write!(f, ": {}", root_cause(source))?;
        }
        Ok(())
    }
}

/// Every endpoint of a client failed to connect within one attempt: one message per
/// endpoint, in the order tried (the official SDK joins them with `"; "` too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointFailures {
    /// `(endpoint base URL, why it failed)` for each endpoint tried.
    pub failures: Vec<(String, String)>,
}

impl fmt::Display for EndpointFailures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(f, "all {} endpoints failed: ", self.failures.len())?;
        for (i, (endpoint, message)) in self.failures.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{endpoint}: {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EndpointFailures {}
