//! A decoded response with its status and headers.

use reqwest::header::HeaderMap;

use crate::error::sensitive::{Masked, is_secret_header};
use crate::wire::tolerant::{Decode, Tolerance, TypeRepair};

/// A success response: the decoded body plus status and headers. The body is reached
/// explicitly, with [`body`](Self::body), [`body_mut`](Self::body_mut) or
/// [`into_body`](Self::into_body) (`response.body().result`), so that what belongs to the
/// HTTP response ([`status`](Self::status), [`headers`](Self::headers),
/// [`request_id`](Self::request_id), ...) and what belongs to the body never look alike.
///
/// Its `Debug` output hides the values of credential, token and cookie headers
/// (`X-Subject-Token`, `Set-Cookie`, ...; see [`sensitive`](crate::sensitive)); the body
/// prints as its own `Debug` does (generated types hide their sensitive fields).
#[derive(Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
    missing_required: Vec<String>,
    type_repairs: Vec<TypeRepair>,
    hidden: &'static [&'static str],
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Headers<'a>(&'a HeaderMap, &'a [&'a str]);
        impl std::fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut map = f.debug_map();
                for (name, value) in self.0 {
                    let hide = is_secret_header(name.as_str(), self.1);
                    map.entry(&name.as_str(), &Masked::unless(hide, value));
                }
                map.finish()
            }
        }
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &Headers(&self.headers, self.hidden))
            .field("body", &self.body)
            .field("missing_required", &self.missing_required)
            .field("type_repairs", &self.type_repairs)
            .finish()
    }
}

impl<T> Response<T> {
    /// Wraps a decoded body.
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
            missing_required: Vec::new(),
            type_repairs: Vec::new(),
            hidden: &[],
        }
    }

    /// This response, hiding also the headers named in `names` in its `Debug` output.
    #[must_use]
    pub(crate) fn with_hidden(mut self, names: &'static [&'static str]) -> Self {
        self.hidden = names;
        self
    }

    /// This response, recording the required fields it lacked (see
    /// [`missing_required`](Self::missing_required)).
    #[must_use]
    pub fn with_missing_required(mut self, fields: Vec<String>) -> Self {
        self.missing_required = fields;
        self
    }

    /// This response, recording the scalars converted to their documented type (see
    /// [`type_repairs`](Self::type_repairs)).
    #[must_use]
    pub fn with_type_repairs(mut self, repairs: Vec<TypeRepair>) -> Self {
        self.type_repairs = repairs;
        self
    }

    /// The scalars the response sent as another scalar type and the client converted to
    /// the documented one without loss (a number where the documentation says string, a
    /// string holding a number or a boolean, ...), each `Struct.field` and conversion
    /// once, e.g. `SecurityGroupRule.multiport: integer read as string`. Empty when every
    /// value had its documented type. The client also logs them as a warning. A value
    /// that cannot be converted without loss is an [`Error::Decode`](crate::Error::Decode)
    /// instead.
    pub fn type_repairs(&self) -> &[TypeRepair] {
        &self.type_repairs
    }

    /// The fields the documentation marks as required that the response left out or
    /// sent as `null`, as `Struct.field` (`Struct.field (null)` for a `null`), each once:
    /// they hold their type's empty value (`""`, `0`, `false`, `[]`). Empty when the
    /// response matched the documentation. The client also logs them as a warning.
    pub fn missing_required(&self) -> &[String] {
        &self.missing_required
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One response header as text, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `X-Request-Id` header: quote it when asking Huawei Cloud support about a call.
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-request-id")
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, to change in place.
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// The decoded body, by value.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the body, by value.
    pub fn into_parts(self) -> (u16, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

/// The output of operations that document no response body: any body is accepted and
/// ignored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Empty;

impl<'de> serde::Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Empty)
    }
}

impl Decode for Empty {
    fn decode<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        _tolerance: Option<Tolerance<'_>>,
    ) -> Result<Self, D::Error> {
        serde::Deserialize::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_reached_explicitly_and_the_parts_come_apart() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", "r-1".parse().expect("a header value"));
        let mut response = Response::new(201, headers, vec!["a".to_owned()]);
        response.body_mut().push("b".to_owned());
        assert_eq!(response.body(), &["a", "b"]);
        assert_eq!(response.request_id(), Some("r-1"));
        let (status, headers, body) = response.into_parts();
        assert_eq!(status, 201);
        assert_eq!(headers["x-request-id"], "r-1");
        assert_eq!(body, ["a", "b"]);
    }
}
