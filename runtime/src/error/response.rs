//! The errors about a response: an error status from the service ([`ServiceError`]), a
//! success body that does not decode ([`DecodeError`]), and a status that is neither
//! ([`UnexpectedStatusError`]).

use std::fmt::{self, Write as _};
use std::time::Duration;

use super::escape::{Escaping, excerpt};
use super::sensitive::{redact_json, redact_url};

/// The service answered with an error status. Fields as in the official SDKs'
/// `ServiceResponseException`.
///
/// The fields keep the body as received; `Display` and `Debug` hide the values of secret
/// keys in it ([`sensitive`](super::sensitive)).
#[derive(Clone, PartialEq, Eq)]
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
    /// The raw response body (invalid UTF-8 replaced).
    pub body: String,
    /// The `Retry-After` response header as a duration, if the service sent one.
    pub retry_after: Option<Duration>,
    /// How many attempts were made.
    pub attempts: u32,
    /// The names the operation's spec marks sensitive.
    pub(crate) hidden: &'static [&'static str],
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("error_code", &self.error_code)
            .field("error_msg", &redact_json(&self.error_msg, self.hidden))
            .field(
                "encoded_authorization_message",
                &self.encoded_authorization_message,
            )
            .field("body", &redact_json(&self.body, self.hidden))
            .field("retry_after", &self.retry_after)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// API gateway error codes that mean "slow down".
const THROTTLING_CODES: &[&str] = &["APIGW.0308"];

impl ServiceError {
    /// 4xx: the request was wrong (`ClientRequestException` in the official SDKs).
    pub fn is_client_error(&self) -> bool {
        (400..500).contains(&self.status)
    }

    /// 5xx: the service failed (`ServerResponseException` in the official SDKs). A status
    /// of 600 or more is neither a client nor a server error, and is not retried.
    pub fn is_server_error(&self) -> bool {
        (500..600).contains(&self.status)
    }

    /// Throttling: HTTP 429, or the API gateway's `APIGW.0308` code.
    pub fn is_throttling(&self) -> bool {
        self.status == 429 || THROTTLING_CODES.contains(&self.error_code.as_str())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        let side = if self.is_server_error() {
            "server error"
        } else if self.is_client_error() {
            "client error"
        } else {
            "not a valid HTTP status"
        };
        write!(
            f,
            "{} failed: HTTP {} ({side})",
            self.operation, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        let message = redact_json(&self.error_msg, self.hidden);
        write!(f, ": {}: {}", self.error_code, excerpt(&message))?;
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}

/// A success response whose body does not decode into the documented type.
///
/// The fields keep the body as received; `Display` and `Debug` hide the values of secret
/// keys in it ([`sensitive`](super::sensitive)).
#[non_exhaustive]
pub struct DecodeError {
    /// Operation id.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// `Content-Type` response header, if any.
    pub content_type: Option<String>,
    /// `Content-Encoding` response header, if any: the client asks for no compression
    /// and does not decompress, so a compressed body cannot decode.
    pub content_encoding: Option<String>,
    /// The body as received (invalid UTF-8 replaced).
    pub body: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// Where in the body decoding failed, as a JSON path like `result.totalStorage`
    /// (`.` when the body as a whole is wrong).
    pub path: String,
    /// Why it did not decode. (When the field at `path` is sensitive, the reason only:
    /// serde's message would quote the value.)
    pub source: serde_json::Error,
    /// The names the operation's spec marks sensitive.
    pub(crate) hidden: &'static [&'static str],
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("content_type", &self.content_type)
            .field("content_encoding", &self.content_encoding)
            .field("body", &redact_json(&self.body, self.hidden))
            .field("attempts", &self.attempts)
            .field("path", &self.path)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(
            f,
            "{} returned HTTP {} with a body that does not match its documented type",
            self.operation, self.status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        if let Some(ct) = &self.content_type {
            write!(f, ", content type {ct:?}")?;
        }
        match self.content_encoding.as_deref() {
            Some(enc) if !enc.trim().eq_ignore_ascii_case("identity") => write!(
                f,
                ", compressed ({enc:?} content encoding), which the client never asks for \
                 and does not decompress"
            )?,
            _ if self.body.starts_with('\u{1f}') && self.body[1..].starts_with('\u{fffd}') => {
                f.write_str(
                    ", a body that looks gzip-compressed although no content encoding says so",
                )?;
            }
            _ => {}
        }
        if self.path != "." {
            write!(f, ": at `{}`", self.path)?;
        }
        let body = redact_json(&self.body, self.hidden);
        write!(f, ": {}; body: {:?}", self.source, excerpt(&body))
    }
}

/// A response with a status below 400 that the operation does not document as a
/// success: a redirection (`3xx`), or an informational status. Its body is not decoded;
/// the call is not retried. A `2xx` the documentation does not list still decodes (the
/// client logs a warning): only statuses outside `2xx` end here.
///
/// The fields keep the body and location as received; `Display` and `Debug` hide secret
/// values in them ([`sensitive`](super::sensitive)).
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnexpectedStatusError {
    /// Operation id.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The success statuses the operation documents.
    pub expected: &'static [u16],
    /// `X-Request-Id` response header.
    pub request_id: Option<String>,
    /// The `Location` header of a redirection, if any (never followed).
    pub location: Option<String>,
    /// The raw response body (invalid UTF-8 replaced).
    pub body: String,
    /// How many attempts were made.
    pub attempts: u32,
    /// The names the operation's spec marks sensitive.
    pub(crate) hidden: &'static [&'static str],
}

impl fmt::Debug for UnexpectedStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = self.location.as_deref().map(|l| redact_url(l, self.hidden));
        f.debug_struct("UnexpectedStatusError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("expected", &self.expected)
            .field("request_id", &self.request_id)
            .field("location", &location)
            .field("body", &redact_json(&self.body, self.hidden))
            .field("attempts", &self.attempts)
            .finish()
    }
}

impl fmt::Display for UnexpectedStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let f = &mut Escaping(f);
        write!(
            f,
            "{} failed: HTTP {} is not a documented success status (documented: ",
            self.operation, self.status
        )?;
        for (i, status) in self.expected.iter().enumerate() {
            write!(f, "{}{status}", if i > 0 { ", " } else { "" })?;
        }
        f.write_str(")")?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        if let Some(location) = &self.location {
            let location = redact_url(location, self.hidden);
            write!(f, "; redirect to {:?} not followed", excerpt(&location))?;
        }
        if self.attempts > 1 {
            write!(f, " (after {} attempts)", self.attempts)?;
        }
        Ok(())
    }
}
