//! The one error type of generated clients: service errors (HTTP status >= 400) with the
//! fields the official SDKs expose, transport failures, undecodable responses, and invalid
//! requests or configuration.

use std::fmt;
use std::time::Duration;

/// Result of a client call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with status >= 400.
    Service(Box<ServiceError>),
    /// The request did not get a complete response: connection, TLS, DNS, timeout.
    Transport(Box<TransportError>),
    /// A success response whose body is not what the operation documents.
    Decode(Box<DecodeError>),
    /// The request could not be built (a missing path parameter, an invalid header value).
    Request(RequestError),
    /// The client is configured wrongly (no credentials, unknown region, bad endpoint).
    Config(ConfigError),
}

impl Error {
    /// The HTTP status, for service and decode errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The request id (`X-Request-Id` response header), when the service sent one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
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

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Whether trying again may succeed: throttling (429), server errors (5xx),
    /// connection failures and timeouts. Whether a retry is *safe* also depends on the
    /// method; the client's retry policy decides that.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.status == 429 || e.status >= 500,
            Error::Transport(e) => !matches!(e.kind, TransportErrorKind::BodyTooLarge),
            _ => false,
        }
    }

    /// Whether this is a timeout (connect, read or total).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if matches!(e.kind, TransportErrorKind::Timeout(_)))
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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Request(e) => e.fmt(f),
            Error::Config(e) => e.fmt(f),
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

/// The service answered with an error status. Fields as in the official SDKs'
/// `ServiceResponseException`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// Operation id, e.g. `ResetUserPassword`.
    pub operation: &'static str,
    /// HTTP status (>= 400).
    pub status: u16,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// Service error code; the status as text when the body names none.
    pub error_code: String,
    /// Service error message; the raw body when the body names none.
    pub error_msg: String,
    /// `encoded_authorization_message` from the body (IAM denials), if any.
    pub encoded_authorization_message: Option<String>,
    /// The raw response body.
    pub body: String,
    /// How many attempts were made.
    pub attempts: u32,
}

impl ServiceError {
    /// 4xx: the request was wrong (`ClientRequestException` in the official SDKs).
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// 5xx: the service failed (`ServerResponseException` in the official SDKs).
    pub fn is_server_error(&self) -> bool {
        self.status >= 500
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = if self.is_server_error() {
            "server error"
        } else {
            "client error"
        };
        write!(
            f,
            "{} failed: HTTP {} ({side})",
            self.operation, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, ": {}: {}", self.error_code, self.error_msg)?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Connecting took longer than the connect timeout.
    Connect,
    /// The response (headers or body) took longer than the read timeout.
    Read,
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, unreachable, DNS failure).
    Connect,
    /// A timeout fired.
    Timeout(TimeoutKind),
    /// The connection broke while sending the request or reading the response.
    Io,
    /// The response body exceeded the configured maximum size.
    BodyTooLarge,
}

/// The request did not get a complete response.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// Operation id.
    pub operation: &'static str,
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// The URL that was called (without query).
    pub url: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// The limit involved (timeout length or size limit), if any.
    pub limit: Option<Limit>,
    /// The underlying error.
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

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout(TimeoutKind::Connect) => "connect timeout",
            TransportErrorKind::Timeout(TimeoutKind::Read) => "timed out waiting for the response",
            TransportErrorKind::Io => "connection failed during the exchange",
            TransportErrorKind::BodyTooLarge => "response body too large",
        };
        write!(f, "{} failed: {what} ({})", self.operation, self.url)?;
        match self.limit {
            Some(Limit::Time(d)) => write!(f, " after {d:?}")?,
            Some(Limit::Bytes(n)) => write!(f, ", limit {n} bytes")?,
            None => {}
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

/// A success response whose body does not decode into the documented type.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// Operation id.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The body as received (invalid UTF-8 replaced).
    pub body: String,
    /// Why it did not decode.
    pub source: serde_json::Error,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned HTTP {} with a body that does not match its documented type",
            self.operation, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        write!(f, ": {}", self.source)?;
        const SHOWN: usize = 200;
        let excerpt: String = self.body.chars().take(SHOWN).collect();
        let more = if self.body.chars().count() > SHOWN {
            "…"
        } else {
            ""
        };
        write!(f, "; body: {excerpt:?}{more}")
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
        write!(f, "invalid client configuration: {}", self.message)
    }
}

/// Error code, message and encoded authorization message read from an error body the way
/// the official SDK reads them: `error_code`/`error_msg`, then `errorCode`/`errorMsg`, then
/// `code`/`message` (each pair only when both keys are present), else the same search in
/// every nested object (later matches win); failing all that, the status and the raw body.
pub fn extract_error_fields(status: u16, body: &str) -> (String, String, Option<String>) {
    let mut code = None;
    let mut msg = None;
    let mut encoded = None;
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(body) {
        search(&map, &mut code, &mut msg, &mut encoded);
    }
    match (code, msg) {
        (Some(c), Some(m)) => (c, m, encoded),
        _ => (status.to_string(), body.to_owned(), encoded),
    }
}

const PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

fn text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn search(
    map: &serde_json::Map<String, serde_json::Value>,
    code: &mut Option<String>,
    msg: &mut Option<String>,
    encoded: &mut Option<String>,
) {
    if let Some(e) = map.get("encoded_authorization_message") {
        *encoded = Some(text(e));
    }
    for (c, m) in PAIRS {
        if let (Some(cv), Some(mv)) = (map.get(c), map.get(m)) {
            *code = Some(text(cv));
            *msg = Some(text(mv));
            return;
        }
    }
    for value in map.values() {
        if let serde_json::Value::Object(inner) = value {
            search(inner, code, msg, encoded);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_like_the_official_sdk() {
        let body = r#"{"status":"error","trace_id":"t-1","error_code":"CLOUDARTIFACT.00010001","error_msg":"unauthorized"}"#;
        assert_eq!(
            extract_error_fields(401, body),
            ("CLOUDARTIFACT.00010001".into(), "unauthorized".into(), None)
        );
        let camel =
            r#"{"errorCode":"E403","errorMsg":"denied","encoded_authorization_message":"ENC"}"#;
        assert_eq!(
            extract_error_fields(403, camel),
            ("E403".into(), "denied".into(), Some("ENC".into()))
        );
        let nested = r#"{"error":{"code":"APIGW.0301","message":"bad sig"}}"#;
        assert_eq!(extract_error_fields(401, nested).0, "APIGW.0301");
        let numeric = r#"{"code":500,"message":"boom"}"#;
        assert_eq!(extract_error_fields(500, numeric).0, "500");
        assert_eq!(
            extract_error_fields(500, "<html>oops</html>"),
            ("500".into(), "<html>oops</html>".into(), None)
        );
        // Only one half of a pair does not count.
        assert_eq!(extract_error_fields(400, r#"{"error_code":"X"}"#).0, "400");
    }

    #[test]
    fn display_names_status_request_id_and_code() {
        let e = Error::Service(Box::new(ServiceError {
            operation: "ResetUserPassword",
            status: 401,
            request_id: Some("rid-401".into()),
            error_code: "CLOUDARTIFACT.00010001".into(),
            error_msg: "unauthorized".into(),
            encoded_authorization_message: None,
            body: String::new(),
            attempts: 1,
        }));
        assert_eq!(
            e.to_string(),
            "ResetUserPassword failed: HTTP 401 (client error), request id rid-401: CLOUDARTIFACT.00010001: unauthorized"
        );
        assert!(!e.is_retryable());
        assert_eq!(e.status(), Some(401));
        assert_eq!(e.request_id(), Some("rid-401"));
    }
}
