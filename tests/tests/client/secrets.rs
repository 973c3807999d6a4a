//! The secret key, the security token and the signature never show up where people look:
//! `Debug` and `Display` of clients, builders, credentials, responses and every kind of
//! error, and the `tracing` output of calls (captured at TRACE level). The same capture
//! proves the spans carry operation, attempt, status and request id.

use std::time::Duration;

use hwcloud_codeartsartifact::{Client, Credentials};
use hwcloud_runtime::{ClientBuilder, RetryPolicy};
use hwcloud_tests::capture::Capture;
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, header};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED_PATH: &str = "/cloudartifact/v5/maven/users/me";
const TOKEN: &str = "STS-SECURITY-TOKEN-d41d8cd98f00b204";

fn assert_no_secret(what: &str, text: &str, signatures: &[String]) {
    assert!(!text.contains(SK), "{what} shows the secret key:\n{text}");
    assert!(
        !text.contains(TOKEN),
        "{what} shows the security token:\n{text}"
    );
    for sig in signatures {
        assert!(
            !text.contains(sig.as_str()),
            "{what} shows a signature:\n{text}"
        );
    }
}

fn credentials() -> Credentials {
    Credentials::new(AK, SK)
        .with_project_id(PROJECT_ID)
        .with_security_token(TOKEN)
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_errors_or_tracing() {
    let capture = Capture::with_span_closes();
    let _guard = capture.install();

    let server = MockServer::start().await;
    // First call: 503 then 200 would not be retried for this POST, so use two mocks in
    // order: a 401, then (for the second call) success.
    Mock::given(method("POST"))
        .and(path(SEED_PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("X-Request-Id", "rid-denied")
                .set_body_string(r#"{"error_code":"APIGW.0301","error_msg":"denied"}"#),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(SEED_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "rid-ok")
                .set_body_string(r#"{"status":"success"}"#),
        )
        .mount(&server)
        .await;

    let builder = Client::builder()
        .credentials(credentials())
        .endpoint(server.uri())
        .no_proxy()
        .proxy_credentials("proxy-user", "proxy-password-9c1e")
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)));
    let builder_debug = format!("{builder:?}");
    let client = Client::builder()
        .credentials(credentials())
        .endpoint(server.uri())
        .no_proxy()
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .expect("valid configuration");

    let denied = client.reset_user_password().await.expect_err("401");
    let ok = client.reset_user_password().await.expect("200");

    // A transport error, retried (connection refused), with the same credentials.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let refused = Client::builder()
        .credentials(credentials())
        .endpoint(format!("http://{port}"))
        .no_proxy()
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .expect("valid configuration")
        .reset_user_password()
        .await
        .expect_err("refused");
    // A configuration error and a request error.
    let config = ClientBuilder::<hwcloud_runtime::Client>::new(&hwcloud_codeartsartifact::SERVICE)
        .credentials(credentials())
        .build()
        .expect_err("no endpoint");
    let bad_token = Client::builder()
        .credentials(
            Credentials::new(AK, SK).with_security_token(format!("{TOKEN}\nX-Injected: 1")),
        )
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
        .reset_user_password()
        .await
        .expect_err("a token with a line break cannot be sent");

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2);
    let signatures: Vec<String> = requests
        .iter()
        .filter_map(|r| header(r, "authorization"))
        .filter_map(|a| a.rsplit("Signature=").next().map(str::to_owned))
        .collect();
    assert_eq!(signatures.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| header(r, "x-security-token") == Some(TOKEN))
    );

    for (what, text) in [
        ("client Debug", format!("{client:?} {client:#?}")),
        ("builder Debug", builder_debug),
        ("credentials Debug", format!("{:?}", credentials())),
        ("response Debug", format!("{ok:?}")),
        ("service error", format!("{denied} {denied:?}")),
        ("transport error", format!("{refused} {refused:?}")),
        ("config error", format!("{config} {config:?}")),
        ("request error", format!("{bad_token} {bad_token:?}")),
    ] {
        assert_no_secret(what, &text, &signatures);
        assert!(!text.contains("proxy-password-9c1e"), "{what}: {text}");
    }
    assert!(
        matches!(bad_token, hwcloud_runtime::Error::Request(_)),
        "{bad_token:?}"
    );

    let log = capture.text();
    assert_no_secret("tracing output", &log, &signatures);
    // The capture is real: it holds the spans and their fields.
    for expected in [
        "hwcloud.call",
        "hwcloud.attempt",
        "operation=\"ResetUserPassword\"",
        "request_id=\"rid-denied\"",
        "request_id=\"rid-ok\"",
        "status=401",
        "status=200",
        "attempt=3",
        "attempts=3",
    ] {
        assert!(
            log.contains(expected),
            "`{expected}` missing from the trace:\n{log}"
        );
    }
}
