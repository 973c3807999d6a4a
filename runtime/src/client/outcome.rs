//! Turning a raw response into the call's result: a typed body, a [`ServiceError`] for
//! status >= 400, an [`UnexpectedStatusError`] for a status below 400 that is neither
//! documented nor `2xx`, or a [`DecodeError`] for a body that is not what the operation
//! documents. Nothing here panics, whatever the server sent.

use std::time::SystemTime;

use reqwest::header::HeaderMap;

use crate::client::response::Response;
use crate::client::retry::parse_retry_after;
use crate::error::sensitive::is_hidden;
use crate::error::{
    DecodeError, Error, Result, ServiceError, UnexpectedStatusError, escape_control,
    extract_error_fields,
};
use crate::http::transport::RawResponse;
use crate::operation::Operation;
use crate::wire::tolerant::{Decode, decode_json};

/// One response header as text, if present and valid text.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The `X-Request-Id` response header.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    header(headers, "x-request-id")
}

/// What a status means for an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Decode the body: a documented success status, or another `2xx`
    /// (`documented: false`, which the client logs).
    Success {
        /// Whether the operation lists this status (or lists none).
        documented: bool,
    },
    /// Status >= 400.
    ServiceError,
    /// Below 400, not documented and not `2xx` (a redirection, say).
    Unexpected,
}

/// Which way a response with `status` goes for `op`.
pub(crate) fn verdict(op: &Operation, status: u16) -> Verdict {
    if status >= 400 {
        Verdict::ServiceError
    } else if op.success_statuses.contains(&status) {
        Verdict::Success { documented: true }
    } else if (200..300).contains(&status) {
        Verdict::Success {
            documented: op.success_statuses.is_empty(),
        }
    } else {
        Verdict::Unexpected
    }
}

/// The body as text without a copy when it is valid UTF-8 (invalid sequences replaced).
fn into_text(body: Vec<u8>) -> String {
    String::from_utf8(body).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The error for a status below 400 that `op` does not document (see [`verdict`]).
pub(crate) fn unexpected_status(
    op: &'static Operation,
    raw: RawResponse,
    hidden: &'static [&'static str],
) -> Error {
    Error::UnexpectedStatus(Box::new(UnexpectedStatusError {
        operation: op.id,
        status: raw.status,
        expected: op.success_statuses,
        request_id: request_id(&raw.headers).map(str::to_owned),
        location: header(&raw.headers, "location").map(str::to_owned),
        body: into_text(raw.body),
        attempts: 1,
        hidden,
    }))
}

/// The error for a response with status >= 400, read as the official SDK reads it.
pub(crate) fn service_error(
    op: &'static Operation,
    raw: RawResponse,
    now: SystemTime,
    hidden: &'static [&'static str],
) -> Error {
    let body = into_text(raw.body);
    let (error_code, error_msg, encoded) = extract_error_fields(raw.status, &body);
    let retry_after = header(&raw.headers, "retry-after").and_then(|v| parse_retry_after(v, now));
    Error::Service(Box::new(ServiceError {
        operation: op.id,
        status: raw.status,
        request_id: request_id(&raw.headers).map(str::to_owned),
        error_code,
        error_msg,
        encoded_authorization_message: encoded,
        body,
        retry_after,
        attempts: 1,
        hidden,
    }))
}

/// Decodes a success body tolerantly (see [`crate::wire::tolerant`]); an empty (or
/// all-whitespace) body decodes as JSON `null`.
/// `hidden` names the fields the spec marks sensitive: a decode error at such a field (or
/// one the name rule hides) keeps serde's reason but not its quote of the value.
pub(crate) fn decode<T: Decode>(
    op: &'static Operation,
    raw: RawResponse,
    attempts: u32,
    hidden: &'static [&'static str],
) -> Result<Response<T>> {
    decode_reusing(op, raw, attempts, hidden, &mut Vec::new())
}

/// [`decode`], leaving the body's buffer in `spare` after a success, for the next body to
/// be read into.
pub(crate) fn decode_reusing<T: Decode>(
    op: &'static Operation,
    raw: RawResponse,
    attempts: u32,
    hidden: &'static [&'static str],
    spare: &mut Vec<u8>,
) -> Result<Response<T>> {
    let (decoded, repairs) = decode_json::<T>(&raw.body);
    match decoded {
        Ok(body) => {
            let (missing, types) = repairs.into_parts();
            if !missing.is_empty() || !types.is_empty() {
                let repaired: Vec<String> = types.iter().map(ToString::to_string).collect();
                tracing::warn!(
                    operation = op.id,
                    status = raw.status,
                    request_id = request_id(&raw.headers).map(escape_control).as_deref(),
                    missing_required = %missing.join(", "),
                    type_repairs = %repaired.join(", "),
                    "the response differs from the documentation: required fields it lacks \
                     hold empty values, scalars of another type were converted"
                );
            }
            *spare = raw.body;
            Ok(Response::new(raw.status, raw.headers, body)
                .with_missing_required(missing)
                .with_type_repairs(types)
                .with_hidden(hidden))
        }
        Err((path, source)) => Err(Error::Decode(Box::new(DecodeError {
            source: without_value(&path, source, hidden),
            path,
            hidden,
            operation: op.id,
            status: raw.status,
            request_id: request_id(&raw.headers).map(str::to_owned),
            content_type: header(&raw.headers, "content-type").map(str::to_owned),
            content_encoding: header(&raw.headers, "content-encoding").map(str::to_owned),
            body: into_text(raw.body),
            attempts,
        }))),
    }
}

/// `source`, or when the field at `path` is hidden, an error with serde's category of
/// problem only (its message quotes the offending value).
fn without_value(path: &str, source: serde_json::Error, hidden: &[&str]) -> serde_json::Error {
    let sensitive = path
        .split('.')
        .map(|segment| segment.split('[').next().unwrap_or(segment))
        .any(|name| is_hidden(name, hidden));
    if !sensitive {
        return source;
    }
    let reason = match source.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            "the body is not valid JSON"
        }
        _ => "the value is not of the documented type",
    };
    <serde_json::Error as serde::de::Error>::custom(format!(
        "{reason} (not shown: the field is sensitive)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::Method;

    const OP: Operation = Operation {
        id: "Op",
        summary: "",
        method: Method::Get,
        path: "/x",
        success_statuses: &[200],
        body_content_type: None,
        permissions: &[],
    };

    fn raw(status: u16, headers: &[(&'static str, &'static str)], body: &[u8]) -> RawResponse {
        let mut map = HeaderMap::new();
        for (n, v) in headers {
            map.insert(*n, reqwest::header::HeaderValue::from_static(v));
        }
        RawResponse {
            status,
            headers: map,
            body: body.to_vec(),
        }
    }

    #[test]
    fn decode_errors_keep_status_request_id_content_type_and_body() {
        let r = raw(
            200,
            &[("x-request-id", "r1"), ("content-type", "text/html")],
            b"<html>\xff</html>",
        );
        let Err(Error::Decode(e)) = decode::<Vec<u32>>(&OP, r, 2, &[]) else {
            panic!("expected a decode error");
        };
        assert_eq!(e.status, 200);
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert_eq!(e.content_type.as_deref(), Some("text/html"));
        assert_eq!(e.body, "<html>\u{fffd}</html>");
        assert_eq!(e.attempts, 2);
        let shown = e.to_string();
        assert!(
            shown.contains("\"text/html\"") && shown.contains("request id r1"),
            "{shown}"
        );
    }

    #[test]
    fn a_decoded_body_leaves_its_buffer_for_the_next_one() {
        let r = raw(200, &[], b"[1, 2, 3]");
        let at = r.body.as_ptr();
        let mut spare = Vec::new();
        let ok = decode_reusing::<Vec<u32>>(&OP, r, 1, &[], &mut spare);
        assert_eq!(ok.map(|r| r.into_body()).ok(), Some(vec![1, 2, 3]));
        assert_eq!(spare.as_ptr(), at);
        let mut spare = Vec::new();
        let failed = decode_reusing::<Vec<u32>>(&OP, raw(200, &[], b"[1,"), 1, &[], &mut spare);
        assert!(matches!(failed, Err(Error::Decode(e)) if e.body == "[1,"));
        assert_eq!(spare.capacity(), 0);
    }

    #[test]
    fn empty_bodies_are_null_and_truncated_json_is_an_error() {
        let ok = decode::<Option<u32>>(&OP, raw(200, &[], b"  \n"), 1, &[]);
        assert_eq!(ok.map(|r| r.into_body()).ok(), Some(None));
        let truncated = decode::<Vec<u32>>(&OP, raw(200, &[], b"[1, 2"), 1, &[]);
        assert!(matches!(truncated, Err(Error::Decode(_))));
    }

    #[test]
    fn decode_errors_name_the_path_of_the_failing_value() {
        type Body = std::collections::BTreeMap<String, Vec<u32>>;
        let good = decode::<Body>(&OP, raw(200, &[], br#"{"a": [1, 2], "b": []}"#), 1, &[]);
        assert_eq!(
            good.map(|r| r.into_body()["a"].clone()).ok(),
            Some(vec![1, 2])
        );
        let cases: [(&[u8], &str); 3] = [
            (br#"{"a": [1, "x"]}"#, "a[1]"),
            (br#"{"a": [1], "b": {}}"#, "b"),
            (br#"{"a": [1]} trailing"#, "."),
        ];
        for (body, path) in cases {
            let Err(Error::Decode(e)) = decode::<Body>(&OP, raw(200, &[], body), 1, &[]) else {
                panic!("{path}: expected a decode error");
            };
            assert_eq!(e.path, path);
        }
    }

    #[test]
    fn service_errors_read_retry_after() {
        let now = SystemTime::UNIX_EPOCH;
        let e = service_error(&OP, raw(429, &[("retry-after", "7")], b"busy"), now, &[]);
        assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(7)));
        assert_eq!(e.error_code(), Some("429"));
        assert_eq!(e.error_msg(), Some("busy"));
        let e = service_error(&OP, raw(503, &[("retry-after", "later")], b""), now, &[]);
        assert_eq!(e.retry_after(), None);
    }

    #[test]
    fn statuses_below_400_are_successes_only_when_documented_or_2xx() {
        let documented = Operation {
            success_statuses: &[200, 302],
            ..OP
        };
        let none = Operation {
            success_statuses: &[],
            ..OP
        };
        assert_eq!(verdict(&OP, 200), Verdict::Success { documented: true });
        assert_eq!(verdict(&OP, 204), Verdict::Success { documented: false });
        assert_eq!(verdict(&none, 204), Verdict::Success { documented: true });
        assert_eq!(
            verdict(&documented, 302),
            Verdict::Success { documented: true }
        );
        for status in [100, 101, 199, 300, 301, 302, 304, 307, 308, 399] {
            assert_eq!(verdict(&OP, status), Verdict::Unexpected, "{status}");
        }
        assert_eq!(verdict(&none, 302), Verdict::Unexpected);
        for status in [400, 404, 429, 500, 599, 999] {
            assert_eq!(verdict(&OP, status), Verdict::ServiceError, "{status}");
        }
        let e = unexpected_status(&OP, raw(301, &[("location", "http://x/")], b"moved"), &[]);
        assert_eq!(e.status(), Some(301));
        assert_eq!(e.body(), Some("moved"));
        assert!(!e.is_retryable());
    }
}
