//! The runtime against a misbehaving HTTP server on 127.0.0.1 (`hwcloud_tests::scripted`): answer 500
//! then 200, throttle, never answer, close mid-body, send truncated JSON, HTML or a huge
//! body, or act as a proxy. Each test states the expected typed outcome; nothing may panic.
//!
//! Every server accepts a bounded number of connections and holds each for at most a few
//! seconds; every client has short timeouts and a call timeout. Waits of the client's own
//! (back-off, `Retry-After`, attempt and call timeouts) run on a controlled clock
//! ([`controlled_time`]): the tests see each wait and decide when it ends, and assert
//! nothing about wall-clock time.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hwcloud_runtime::time::TimeSource as _;
use hwcloud_runtime::time::{CapturedSleep, ManualTimeSource, SleepGate, controlled_time};
use hwcloud_runtime::{
    ApiRequest, CallOptions, Client, ClientBuilder, Credentials, EndpointFailures, Error, Limit,
    Method, Operation, RequestWriter, RetryPolicy, ServiceInfo, TimeoutKind, TransportErrorKind,
};
use hwcloud_tests::fixtures::params;
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use hwcloud_tests::scripted::{Act, Server, closed_port, http, raw};
use hwcloud_tests::verify::{check_signature, parse_authorization};

mod bodies;
mod connections;
mod signatures;

// ---------------------------------------------------------------------------------------
// A hand-written service for the runtime's generic `Client::send`.

const SHOW_THING: Operation = Operation {
    id: "ShowThing",
    summary: "Shows a thing.",
    method: Method::Get,
    path: "/v1/{project_id}/things/{id}",
    success_statuses: &[200],
    body_content_type: None,
    permissions: &[],
};

const CREATE_THING: Operation = Operation {
    id: "CreateThing",
    summary: "Creates a thing.",
    method: Method::Post,
    path: "/v1/{project_id}/things",
    success_statuses: &[200],
    body_content_type: None,
    permissions: &[],
};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "Faulty",
    title: "Faulty",
    endpoint_env: "FAULTY",
    content_type: "application/json",
    regions: &[],
    endpoint_prefixes: &[],
    operations: &[&SHOW_THING, &CREATE_THING],
    global: false,
};

#[derive(Debug, serde::Deserialize)]
struct Thing {
    id: String,
    size: u64,
}
hwcloud_runtime::decode_strictly!(Thing);

const THING: &str = r#"{"id": "t1", "size": 3}"#;

struct ShowThing;

impl ApiRequest for ShowThing {
    type Output = Thing;
    const OPERATION: &'static Operation = &SHOW_THING;
    fn write(&self, request: &mut RequestWriter) {
        request.path("id", "t1");
        request.query("verbose", &true);
    }
}

struct CreateThing;

impl ApiRequest for CreateThing {
    type Output = Thing;
    const OPERATION: &'static Operation = &CREATE_THING;
    fn write(&self, request: &mut RequestWriter) {
        request.json_body(&serde_json::json!({"id": "t1"}));
    }
}

fn credentials() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT_ID)
}

/// Retries with millisecond waits, so that retry tests are fast.
fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(50))
}

/// A builder with short timeouts, fast retries, no proxy from the environment.
fn builder<C: From<Client>>(service: &'static ServiceInfo, endpoint: &str) -> ClientBuilder<C> {
    ClientBuilder::new(service)
        .credentials(credentials())
        .endpoint(endpoint)
        .no_proxy()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(2))
        .call_timeout(Duration::from_secs(10))
        .retry(fast_retry())
}

fn client(endpoint: &str) -> Client {
    builder(&SERVICE, endpoint)
        .build()
        .expect("valid configuration")
}

fn params_client(endpoint: &str) -> params::Client {
    builder(&params::SERVICE, endpoint)
        .build()
        .expect("valid configuration")
}

/// The start of the controlled clock (a valid `X-Sdk-Date`).
fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

/// A client on a controlled clock and without a call timeout unless `options` set one:
/// every wait it starts is announced to the gate and lasts until the test releases it.
fn controlled<C: From<Client>>(
    service: &'static ServiceInfo,
    endpoint: &str,
    retry: RetryPolicy,
) -> (C, ManualTimeSource, SleepGate) {
    let (time, sleep, gate) = controlled_time(start());
    let client = ClientBuilder::new(service)
        .credentials(credentials())
        .endpoint(endpoint)
        .no_proxy()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(2))
        .retry(retry)
        .time_source(time.clone())
        .sleep_impl(sleep)
        .build()
        .expect("valid configuration");
    (client, time, gate)
}

/// The next wait the client starts. The bound only guards against a hang; nothing is
/// asserted about how long anything took.
async fn next_wait(gate: &SleepGate) -> CapturedSleep {
    tokio::time::timeout(Duration::from_secs(10), gate.next())
        .await
        .expect("the client started no wait")
}

/// Waits until the server has seen `n` requests (a bounded loop).
async fn until_seen(server: &Server, n: usize) {
    for _ in 0..2000 {
        if server.requests() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the server saw {} requests, not {n}", server.requests());
}

fn transport_kind(error: &Error) -> TransportErrorKind {
    error
        .transport_kind()
        .unwrap_or_else(|| panic!("expected a transport error, got {error:?}"))
}

// ---------------------------------------------------------------------------------------
// Retries.

#[tokio::test]
async fn a_get_answered_500_then_200_is_retried_and_each_attempt_is_signed() {
    let server = Server::start(vec![
        http(500, &[("X-Request-Id", "r-500")], "oops"),
        http(204, &[], ""),
    ])
    .await;
    let response = params_client(&server.url())
        .ping()
        .await
        .expect("the retry succeeds");
    assert_eq!(response.status(), 204);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.request.method, "GET");
        check_signature(&s.request, AK, SK).expect("every attempt is signed");
    }
}

#[tokio::test]
async fn a_post_answered_500_is_not_sent_again_by_default() {
    let server = Server::start(vec![http(500, &[], "oops"), http(200, &[], "true")]).await;
    let request = params::requests::CreateArtifactRequest::new();
    let error = params_client(&server.url())
        .create_artifact(&request)
        .await
        .expect_err("500 is an error");
    assert_eq!(error.status(), Some(500));
    assert!(error.is_server_error() && error.is_retryable());
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.requests(), 1, "the POST must not be re-sent");
}

#[tokio::test]
async fn a_post_is_retried_after_500_when_the_call_opts_in() {
    let server = Server::start(vec![http(500, &[], "oops"), http(200, &[], "true")]).await;
    let client = params_client(&server.url());
    let options = CallOptions::new().with_retry(fast_retry().with_retry_non_idempotent(true));
    let response = client
        .runtime()
        .send_with(&params::requests::CreateArtifactRequest::new(), &options)
        .await
        .expect("the opted-in retry succeeds");
    assert!(*response.body());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_waits_as_asked_even_for_a_post() {
    let server = Server::start(vec![
        http(
            429,
            &[("Retry-After", "1")],
            r#"{"error_code":"APIGW.0308","error_msg":"throttled"}"#,
        ),
        http(200, &[], THING),
    ])
    .await;
    // The cap on waits must allow the 1 s the server asks for.
    let (client, time, gate) = controlled::<Client>(
        &SERVICE,
        &server.url(),
        fast_retry().with_max_delay(Duration::from_secs(2)),
    );
    let call = tokio::spawn(async move { client.send(&CreateThing).await });
    // The policy's own waits are 5-50 ms: the one wait is the server's 1 s.
    let wait = next_wait(&gate).await;
    assert_eq!(wait.duration(), Duration::from_secs(1));
    assert_eq!(server.requests(), 1, "no retry before the wait ends");
    wait.release();
    let thing = call.await.expect("no panic").expect("the retry succeeds");
    assert_eq!(thing.body().id, "t1");
    assert_eq!(server.requests(), 2);
    assert_eq!(time.now(), start() + Duration::from_secs(1));
    assert!(gate.try_next().is_none(), "one wait only");
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_returns_the_429_at_once() {
    let server = Server::start(vec![http(
        429,
        &[("Retry-After", "3600"), ("X-Request-Id", "r-429")],
        "slow down",
    )])
    .await;
    let (client, time, gate) = controlled::<Client>(&SERVICE, &server.url(), fast_retry());
    let error = client.send(&ShowThing).await.expect_err("429 is an error");
    assert!(gate.try_next().is_none(), "no wait was started");
    assert_eq!(time.now(), start());
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(error.request_id(), Some("r-429"));
    assert_eq!(
        (error.error_code(), error.error_msg()),
        (Some("429"), Some("slow down"))
    );
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_api_gateway_throttling_code_is_retried_for_a_post() {
    let server = Server::start(vec![
        http(
            400,
            &[],
            r#"{"error_code":"APIGW.0308","error_msg":"too many requests"}"#,
        ),
        http(200, &[], THING),
    ])
    .await;
    client(&server.url())
        .send(&CreateThing)
        .await
        .expect("the retry succeeds");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_503_on_every_attempt_gives_up_after_the_configured_count() {
    let server = Server::start(vec![http(503, &[("X-Request-Id", "r-503")], "unavailable")]).await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .retry(fast_retry().with_max_attempts(4))
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("503 every time");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.attempts(), Some(4));
    assert_eq!(server.requests(), 4);
    assert!(error.to_string().ends_with("(after 4 attempts)"), "{error}");
}

// ---------------------------------------------------------------------------------------
// Timeouts.

#[tokio::test]
async fn a_server_that_never_answers_hits_the_read_timeout() {
    let server = Server::start(vec![Act::Hang]).await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .read_timeout(Duration::from_millis(300))
        .retry(RetryPolicy::none())
        .build()
        .expect("valid configuration");
    // The read timeout is the HTTP library's own timer: only the outcome is checked.
    let error = client.send(&ShowThing).await.expect_err("no answer");
    assert_eq!(error.timeout_kind(), Some(TimeoutKind::Read), "{error:?}");
    assert!(error.is_timeout() && error.is_retryable());
    assert_eq!(
        error.as_transport().and_then(|t| t.limit),
        Some(Limit::Time(Duration::from_millis(300)))
    );
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_sent_again() {
    let server = Server::start(vec![Act::Hang]).await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .read_timeout(Duration::from_millis(200))
        .build()
        .expect("valid configuration");
    let error = client.send(&CreateThing).await.expect_err("no answer");
    assert_eq!(error.timeout_kind(), Some(TimeoutKind::Read));
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.requests(), 1, "the POST may have been acted on");
}

#[tokio::test]
async fn an_attempt_timeout_is_typed_and_fires_when_its_time_comes() {
    let server = Server::start(vec![Act::Hang]).await;
    let (client, time, gate) = controlled::<Client>(&SERVICE, &server.url(), fast_retry());
    let options = CallOptions::new()
        .with_timeout(Duration::from_millis(150))
        .with_retry(RetryPolicy::none());
    let call = tokio::spawn(async move { client.send_with(&ShowThing, &options).await });
    let timer = next_wait(&gate).await;
    assert_eq!(timer.duration(), Duration::from_millis(150));
    until_seen(&server, 1).await;
    assert!(!call.is_finished(), "nothing ends before its time");
    timer.release();
    let error = call.await.expect("no panic").expect_err("no answer");
    assert_eq!(
        error.timeout_kind(),
        Some(TimeoutKind::Attempt),
        "{error:?}"
    );
    assert_eq!(
        error.as_transport().and_then(|t| t.limit),
        Some(Limit::Time(Duration::from_millis(150)))
    );
    assert_eq!(time.now(), start() + Duration::from_millis(150));
}

#[tokio::test]
async fn the_call_timeout_covers_every_attempt_and_the_waits_between_them() {
    let server = Server::start(vec![Act::Hang]).await;
    let (client, _time, gate) = controlled::<Client>(&SERVICE, &server.url(), fast_retry());
    // Each attempt may take 150 ms and the GET is retried, but the call has 400 ms.
    let options = CallOptions::new()
        .with_timeout(Duration::from_millis(150))
        .with_call_timeout(Duration::from_millis(400))
        .with_retry(fast_retry().with_max_attempts(10));
    let call = tokio::spawn(async move { client.send_with(&ShowThing, &options).await });
    let call_timer = next_wait(&gate).await;
    assert_eq!(call_timer.duration(), Duration::from_millis(400));
    let first_attempt = next_wait(&gate).await;
    assert_eq!(first_attempt.duration(), Duration::from_millis(150));
    until_seen(&server, 1).await;
    first_attempt.release();
    let back_off = next_wait(&gate).await;
    assert!(
        back_off.duration() <= Duration::from_millis(5),
        "{back_off:?}"
    );
    back_off.release();
    let second_attempt = next_wait(&gate).await;
    assert_eq!(second_attempt.duration(), Duration::from_millis(150));
    until_seen(&server, 2).await;
    assert!(!call.is_finished());
    call_timer.release();
    let error = call.await.expect("no panic").expect_err("no answer");
    assert_eq!(error.timeout_kind(), Some(TimeoutKind::Call), "{error:?}");
    assert_eq!(
        error.as_transport().and_then(|t| t.limit),
        Some(Limit::Time(Duration::from_millis(400)))
    );
    assert!(!error.is_retryable());
    assert_eq!(
        server.requests(),
        2,
        "the GET was retried within the call timeout"
    );
}

#[tokio::test]
async fn no_retry_starts_when_its_wait_would_pass_the_call_deadline() {
    let server = Server::start(vec![http(503, &[("Retry-After", "30")], "unavailable")]).await;
    let (client, _time, gate) = controlled::<Client>(
        &SERVICE,
        &server.url(),
        fast_retry().with_max_delay(Duration::from_secs(60)),
    );
    let options = CallOptions::new().with_call_timeout(Duration::from_secs(10));
    let error = client
        .send_with(&ShowThing, &options)
        .await
        .expect_err("503");
    // Only the call timer was started: the 30 s wait would end after the deadline.
    assert_eq!(
        gate.try_next().map(|w| w.duration()),
        Some(Duration::from_secs(10))
    );
    assert!(gate.try_next().is_none());
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(server.requests(), 1);
}
