//! Helpers for tests that call a real HTTP server on 127.0.0.1 (wiremock).

use crate::verify::ReceivedRequest;

/// Access key used by loopback tests.
pub const AK: &str = "HPUAEXAMPLEAK0000001";
/// Secret key used by loopback tests.
pub const SK: &str = "ExampleSecretKey0000000000000000000000000";
/// Project id used by loopback tests.
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Domain id used by loopback tests.
pub const DOMAIN_ID: &str = "fedcba9876543210fedcba9876543210";

/// Converts what wiremock received into the form the signature check reads.
pub fn received(request: &wiremock::Request) -> ReceivedRequest {
    ReceivedRequest {
        method: request.method.as_str().to_owned(),
        path: request.url.path().to_owned(),
        query: request.url.query().unwrap_or_default().to_owned(),
        headers: request
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: request.body.clone(),
    }
}

/// One header of a received request as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}
