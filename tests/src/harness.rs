//! The generic loopback harness behind the generated per-operation tests: it serves a
//! response on 127.0.0.1, sends the request through the runtime, and checks what the server
//! received (method, path, query string in canonical order and encoding, header parameters,
//! JSON body, a valid signature) and that the response decodes into the typed output.

use hwcloud_runtime::{ApiRequest, Client, ClientBuilder, Credentials, Response, ServiceInfo};
use serde::Serialize;
use serde_json::Value;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::loopback::{AK, DOMAIN_ID, PROJECT_ID, SK, header, received};
use crate::verify::check_signature;

/// What the server must receive, computed from the spec by the test generator.
#[derive(Debug)]
pub struct Expected<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path exactly as sent (path parameters percent-encoded).
    pub path: &'a str,
    /// Query pairs (raw, in any order); the query string must be their canonical form.
    pub query: &'a [(&'a str, &'a str)],
    /// Header parameters.
    pub headers: &'a [(&'a str, &'a str)],
    /// The JSON body, as text.
    pub body: Option<&'a str>,
    /// The success status the server answers with (the operation's first documented one).
    pub status: u16,
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The official SDK's canonical query: pairs sorted raw, then each part encoded.
pub fn canonical_query(pairs: &[(&str, &str)]) -> String {
    let mut sorted = pairs.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Sends `request` to a loopback server answering `response` and checks both directions:
/// the request as [`exchange`] does, and that the response decodes into the typed output
/// keeping every field.
pub async fn check_operation<R>(
    service: &'static ServiceInfo,
    request: &R,
    expected: &Expected<'_>,
    response: &str,
) where
    R: ApiRequest,
    R::Output: Serialize,
{
    let op = R::OPERATION.id;
    let outcome = exchange(service, request, expected, response).await;
    let served: Value =
        serde_json::from_str(response).unwrap_or_else(|e| panic!("{op}: served body: {e}"));
    let decoded = serde_json::to_value(outcome.body()).unwrap_or_else(|e| panic!("{op}: {e}"));
    if outcome.type_repairs().is_empty() {
        assert_eq!(
            decoded, served,
            "{op}: the typed response keeps every field"
        );
    } else {
        // A documented scalar of another type was converted: the same value in the other
        // scalar type, and nothing else differs.
        assert!(
            same_but_scalar_types(&decoded, &served),
            "{op}: the typed response keeps every field, converting only scalars ({:?}):\n{decoded}\n{served}",
            outcome.type_repairs()
        );
    }
}

/// Whether `a` and `b` are the same JSON but for scalars written as another scalar type
/// (`"33"` and `33`, `"true"` and `true`, `2` and `2.0`).
fn same_but_scalar_types(a: &Value, b: &Value) -> bool {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string())),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_but_scalar_types(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_but_scalar_types(v, w))
        }
        (x, y) if x == y => true,
        (x, y) => match (text(x), text(y)) {
            (Some(s), Some(t)) => {
                s == t || s.parse::<f64>().ok() == t.parse::<f64>().ok() && s.parse::<f64>().is_ok()
            }
            _ => false,
        },
    }
}

/// Sends `request` to a loopback server answering `response` (with `expected.status`; no
/// body at all for a 204 or when `response` is JSON `null`), checks what the server
/// received (method, path, query, header parameters, body, signature) and the status and
/// request id of the outcome, and returns it.
pub async fn exchange<R: ApiRequest>(
    service: &'static ServiceInfo,
    request: &R,
    expected: &Expected<'_>,
    response: &str,
) -> Response<R::Output> {
    let op = R::OPERATION.id;
    let server = MockServer::start().await;
    let mut template =
        ResponseTemplate::new(expected.status).insert_header("X-Request-Id", "rid-harness");
    if expected.status != 204 && response != "null" {
        template = template
            .insert_header("Content-Type", "application/json")
            .set_body_string(response);
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client: Client = ClientBuilder::new(service)
        .credentials(
            Credentials::new(AK, SK)
                .with_project_id(PROJECT_ID)
                .with_domain_id(DOMAIN_ID),
        )
        .endpoint(server.uri())
        .build()
        .unwrap_or_else(|e| panic!("{op}: client: {e}"));

    let outcome = client
        .send(request)
        .await
        .unwrap_or_else(|e| panic!("{op}: call failed: {e}"));

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "{op}: exactly one request");
    let sent = &requests[0];
    assert_eq!(sent.method.as_str(), expected.method, "{op}: method");
    assert_eq!(sent.url.path(), expected.path, "{op}: path");
    assert_eq!(
        sent.url.query().unwrap_or_default(),
        canonical_query(expected.query),
        "{op}: query string"
    );
    for (name, value) in expected.headers {
        assert_eq!(header(sent, name), Some(*value), "{op}: header {name}");
    }
    assert_eq!(
        header(sent, "content-type"),
        Some("application/json"),
        "{op}: content type"
    );
    assert_eq!(
        header(sent, "x-project-id"),
        Some(PROJECT_ID),
        "{op}: project id header"
    );
    match expected.body {
        Some(body) => {
            let want: Value =
                serde_json::from_str(body).unwrap_or_else(|e| panic!("{op}: expected body: {e}"));
            let got: Value = serde_json::from_slice(&sent.body)
                .unwrap_or_else(|e| panic!("{op}: sent body is not JSON: {e}"));
            assert_eq!(got, want, "{op}: body");
        }
        None => assert!(sent.body.is_empty(), "{op}: no body"),
    }
    check_signature(&received(sent), AK, SK).unwrap_or_else(|e| panic!("{op}: {e}"));

    assert_eq!(outcome.status(), expected.status, "{op}: status");
    assert_eq!(
        outcome.request_id(),
        Some("rid-harness"),
        "{op}: request id"
    );
    outcome
}
