//! The generated blocking client (`blocking` feature): the same requests, signatures,
//! retries and typed errors as the async client, from plain threads, and no panic when
//! used or dropped inside an async runtime.

use std::time::Duration;

use hwcloud_codeartsartifact::blocking;
use hwcloud_codeartsartifact::{Credentials, RetryPolicy};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, header, received};
use hwcloud_tests::verify::check_signature;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SEED_PATH: &str = "/cloudartifact/v5/maven/users/me";

/// A runtime for the mock server only; the blocking client brings its own.
fn server_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime for the mock server")
}

fn client(server: &MockServer) -> blocking::Client {
    blocking::Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.uri())
        .no_proxy()
        .call_timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(20)),
        )
        .build()
        .expect("valid configuration")
}

#[test]
fn a_blocking_call_is_signed_and_returns_the_typed_body() {
    let rt = server_runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(SEED_PATH))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("X-Request-Id", "r-blocking")
                    .set_body_string(r#"{"status":"success","result":{"userName":"u1"}}"#),
            )
            .mount(&server)
            .await;
        server
    });
    let client = client(&server);
    let response = client.reset_user_password().expect("the call succeeds");
    assert_eq!(response.request_id(), Some("r-blocking"));
    assert_eq!(
        response
            .body()
            .result
            .as_ref()
            .and_then(|u| u.user_name.as_deref()),
        Some("u1")
    );
    let requests = rt
        .block_on(server.received_requests())
        .expect("recording is on");
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "x-project-id"), Some(PROJECT_ID));
    check_signature(&received(&requests[0]), AK, SK).expect("the signature verifies");
}

#[test]
fn blocking_errors_are_the_same_typed_errors() {
    let rt = server_runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(SEED_PATH))
            .respond_with(
                ResponseTemplate::new(401)
                    .insert_header("X-Request-Id", "r-401")
                    .set_body_string(r#"{"error_code":"APIGW.0301","error_msg":"bad signature"}"#),
            )
            .mount(&server)
            .await;
        server
    });
    let error = client(&server)
        .reset_user_password()
        .expect_err("401 is an error");
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.request_id(), Some("r-401"));
    assert_eq!(error.error_code(), Some("APIGW.0301"));
    assert_eq!(error.attempts(), Some(1));
}

#[test]
fn many_threads_share_one_blocking_client() {
    let rt = server_runtime();
    let server = rt.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(SEED_PATH))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string("{}")
                    .set_delay(Duration::from_millis(100)),
            )
            .expect(8)
            .mount(&server)
            .await;
        server
    });
    let client = client(&server);
    let started = std::time::Instant::now();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| client.reset_user_password().map(|r| r.status())))
            .collect();
        for h in handles {
            assert_eq!(h.join().expect("no panic").expect("success"), 200);
        }
    });
    // The calls overlap on the runtime thread: one after another would take 800 ms.
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
    rt.block_on(server.verify());
}

#[test]
fn a_connection_refused_is_retried_and_typed_in_blocking_mode_too() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let client = blocking::Client::builder()
        .credentials(Credentials::new(AK, SK))
        .endpoint(format!("http://{port}"))
        .no_proxy()
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
        .build()
        .expect("valid configuration");
    let error = client.reset_user_password().expect_err("nothing listens");
    assert_eq!(
        error.transport_kind(),
        Some(hwcloud_runtime::TransportErrorKind::ConnectionRefused)
    );
    assert_eq!(error.attempts(), Some(3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blocking_client_used_and_dropped_inside_an_async_runtime_does_not_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(SEED_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let client = client(&server);
    let from_pool = client.clone();
    let status =
        tokio::task::spawn_blocking(move || from_pool.reset_user_password().map(|r| r.status()))
            .await
            .expect("no panic");
    assert_eq!(status.expect("success"), 200);
    // Dropping the last handle here stops the runtime thread, not this runtime.
    drop(client);
    // The async client built from the same configuration is the same type of thing.
    let async_client = hwcloud_codeartsartifact::Client::builder()
        .credentials(Credentials::new(AK, SK))
        .endpoint(server.uri())
        .build()
        .expect("valid configuration");
    let converted = blocking::Client::from(async_client);
    assert_eq!(converted.runtime().endpoints().len(), 1);
}
