//! The runtime against hostile servers and odd inputs: what an adversarial probe tried,
//! one group of tests per finding. Servers are the scripted ones on 127.0.0.1
//! (`hwcloud_tests::scripted`); waits of the client's own run on a controlled clock; no
//! test asserts anything about wall-clock time, and nothing may panic.

use std::time::{Duration, SystemTime};

use hwcloud_runtime::time::controlled_time;
use hwcloud_runtime::{
    ApiRequest, CallOptions, Client, ClientBuilder, Credentials, Error, Method, Operation,
    RequestWriter, RetryPolicy, ServiceInfo,
};
use hwcloud_tests::capture::Capture;
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use hwcloud_tests::scripted::{Act, Server, http, raw as scripted_raw};
use tokio::task::JoinSet;

mod durations;
mod limits;
mod pages;
mod responses;
mod secrets;
mod specs;

// ---------------------------------------------------------------------------------------
// A hand-written service.

const fn op(id: &'static str, method: Method, path: &'static str) -> Operation {
    Operation {
        id,
        summary: "",
        method,
        path,
        success_statuses: &[200],
        body_content_type: None,
        permissions: &[],
    }
}

const SHOW: Operation = op("ShowThing", Method::Get, "/v1/{project_id}/things/{id}");
const INFO: Operation = op("ShowInfo", Method::Get, "/v1/{project_id}/things/info");
const SEARCH: Operation = op("SearchThings", Method::Get, "/v1/{project_id}/things");
const BARE_POST: Operation = op("PostBare", Method::Post, "/v1/{project_id}/bare");
const BARE_PUT: Operation = op("PutBare", Method::Put, "/v1/{project_id}/bare");
const BARE_PATCH: Operation = op("PatchBare", Method::Patch, "/v1/{project_id}/bare");
const BARE_DELETE: Operation = op("DeleteBare", Method::Delete, "/v1/{project_id}/bare");

static SERVICE: ServiceInfo = ServiceInfo {
    name: "Hostile",
    title: "Hostile",
    endpoint_env: "HOSTILE",
    content_type: "application/json",
    regions: &[],
    endpoint_prefixes: &[],
    operations: &[
        &SHOW,
        &INFO,
        &SEARCH,
        &BARE_POST,
        &BARE_PUT,
        &BARE_PATCH,
        &BARE_DELETE,
    ],
    global: false,
};

/// A response whose fields the documentation marks as required (`Req`).
#[derive(Debug, PartialEq)]
struct Thing {
    id: String,
    size: u64,
    owner: Owner,
    tags: Vec<String>,
    note: Option<String>,
}
hwcloud_runtime::object_serde!(Thing { Req id "id", Req size "size", Req owner "owner", Req tags "tags", Opt note "note" });

#[derive(Debug, PartialEq)]
struct Owner {
    name: String,
}
hwcloud_runtime::object_serde!(Owner { Req name "name" });

const THING: &str = r#"{"id": "t1", "size": 3, "owner": {"name": "o"}, "tags": ["a"]}"#;

/// `ShowThing` for the thing `id`.
struct Show(String);

impl ApiRequest for Show {
    type Output = Thing;
    const OPERATION: &'static Operation = &SHOW;
    fn write(&self, request: &mut RequestWriter) {
        request.path("id", self.0.as_str());
    }
}

/// `SearchThings` with the query value `q`.
struct Search(String);

impl ApiRequest for Search {
    type Output = hwcloud_runtime::Empty;
    const OPERATION: &'static Operation = &SEARCH;
    fn write(&self, request: &mut RequestWriter) {
        request.query("q", self.0.as_str());
    }
}

/// A bodiless POST (0), PUT (1), PATCH (2) or DELETE (3).
struct Bare<const M: u8>;

impl<const M: u8> ApiRequest for Bare<M> {
    type Output = hwcloud_runtime::Empty;
    const OPERATION: &'static Operation = match M {
        0 => &BARE_POST,
        1 => &BARE_PUT,
        2 => &BARE_PATCH,
        _ => &BARE_DELETE,
    };
}

fn credentials() -> Credentials {
    Credentials::new(AK, SK)
        .with_project_id(PROJECT_ID)
        .with_security_token("token-that-must-stay-home")
}

fn builder(endpoint: &str) -> ClientBuilder {
    ClientBuilder::new(&SERVICE)
        .credentials(credentials())
        .endpoint(endpoint)
        .no_proxy()
        .connect_timeout(Duration::from_secs(2))
        .read_timeout(Duration::from_secs(2))
        .call_timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(50)),
        )
}

fn client(endpoint: &str) -> Client {
    builder(endpoint).build().expect("valid configuration")
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Act {
    http(status, headers, body)
}

fn request_error(result: Result<impl std::fmt::Debug, Error>) -> String {
    match result {
        Err(Error::Request(e)) => e.message,
        other => panic!("expected a request error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// 2. A request that can never be built is a request error, never retried.

#[tokio::test]
async fn a_url_too_long_for_the_http_library_is_a_request_error_sent_never() {
    let server = Server::start(vec![reply(200, &[], THING)]).await;
    let client = client(&server.url());
    let long = "x".repeat(70 * 1024);
    let message = request_error(client.send(&Show(long.clone())).await);
    assert!(
        message.starts_with("ShowThing: the request cannot be sent"),
        "{message}"
    );
    assert!(message.len() < 500, "the URL is not quoted: {message}");
    let message = request_error(client.send(&Search(long)).await);
    assert!(message.starts_with("SearchThings:"), "{message}");
    assert_eq!(server.requests(), 0);
}

// ---------------------------------------------------------------------------------------
// 3. Dot segments never change the path.

#[tokio::test]
async fn dot_segment_path_values_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![reply(200, &[], THING)]).await;
    let client = client(&server.url());
    for dots in [".", ".."] {
        let message = request_error(client.send(&Show(dots.into())).await);
        assert!(message.contains("dot segment"), "{message}");
        let endpoint = client.endpoints()[0].clone();
        let prepared = client.prepare(&Show(dots.into()), &endpoint);
        assert!(matches!(prepared, Err(Error::Request(_))), "{prepared:?}");
    }
    assert_eq!(server.requests(), 0);
    // Dots inside a value, and characters a URL layer might reinterpret, go as signed.
    for value in ["...", ".a", "a\\b", "%2e%2e", "a/../b"] {
        let server = Server::start(vec![reply(200, &[], THING)]).await;
        client_for(&server)
            .send(&Show(value.into()))
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let seen = server.seen();
        hwcloud_tests::verify::check_signature(&seen[0].request, AK, SK)
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
        assert!(
            seen[0].request.path.starts_with("/v1/"),
            "{:?}",
            seen[0].request.path
        );
        assert!(!seen[0].request.path.ends_with("/things/info"));
    }
}

fn client_for(server: &Server) -> Client {
    client(&server.url())
}

// ---------------------------------------------------------------------------------------
// 4. A bodiless POST, PUT or PATCH (any method but GET and HEAD) says `Content-Length: 0`.

#[tokio::test]
async fn bodiless_posts_puts_patches_and_deletes_send_content_length_zero() {
    let server = Server::start(vec![reply(200, &[], "")]).await;
    let client = client(&server.url());
    client.send(&Bare::<0>).await.expect("POST");
    client.send(&Bare::<1>).await.expect("PUT");
    client.send(&Bare::<2>).await.expect("PATCH");
    client.send(&Bare::<3>).await.expect("DELETE");
    client.send(&Search("x".into())).await.expect("GET");
    let seen = server.seen();
    let lengths: Vec<_> = seen
        .iter()
        .map(|s| (s.request.method.as_str(), s.header("content-length")))
        .collect();
    assert_eq!(
        lengths,
        [
            ("POST", Some("0")),
            ("PUT", Some("0")),
            ("PATCH", Some("0")),
            ("DELETE", Some("0")),
            ("GET", None)
        ]
    );
    for s in &seen {
        hwcloud_tests::verify::check_signature(&s.request, AK, SK).expect("still signed");
    }
}

// ---------------------------------------------------------------------------------------
// 5. Server-controlled text cannot forge log lines.

#[tokio::test]
async fn control_characters_from_the_server_are_escaped_in_errors_and_logs() {
    let capture = Capture::default();
    let _guard = capture.install();
    let body = "{\"error_code\":\"E\\u001b[31mX\",\"error_msg\":\"bad\\nINFO forged line\\r\\u202eevil\\u0007\"}";
    let server = Server::start(vec![reply(400, &[("X-Request-Id", "r\t1")], body)]).await;
    let error = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect_err("400");
    // The fields keep the text as sent; what is shown is escaped.
    assert_eq!(
        error.error_msg(),
        Some("bad\nINFO forged line\r\u{202e}evil\u{7}")
    );
    let shown = error.to_string();
    for c in ['\n', '\r', '\u{1b}', '\u{7}', '\u{202e}', '\t'] {
        assert!(!shown.contains(c), "{c:?} in {shown:?}");
    }
    assert!(
        shown.contains("bad\\u{a}INFO forged line\\u{d}\\u{202e}evil"),
        "{shown}"
    );
    assert!(shown.contains("E\\u{1b}[31mX"), "{shown}");
    let logs = capture.text();
    assert!(
        logs.contains("forged line"),
        "the failure is logged: {logs}"
    );
    assert!(!logs.contains('\u{1b}') && !logs.contains('\u{7}') && !logs.contains('\u{202e}'));
    assert!(
        !logs.lines().any(|l| l.starts_with("INFO forged")),
        "a forged line: {logs}"
    );
    assert_eq!(
        hwcloud_runtime::escape_control("a\nb\u{1b}c"),
        "a\\u{a}b\\u{1b}c"
    );
}

// ---------------------------------------------------------------------------------------
// 6. Bounded resources: idle connections, the credentials file.

#[tokio::test]
async fn a_burst_of_calls_leaves_at_most_the_configured_idle_connections_open() {
    const CALLS: usize = 30;
    let keep_alive = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{THING}",
        THING.len()
    );
    for (cap, kept) in [(None, 10), (Some(3), 3)] {
        let server = Server::start_with(
            vec![Act::KeepAlive {
                reply: keep_alive.clone().into_bytes(),
                hold_until: CALLS,
            }],
            CALLS * 2,
        )
        .await;
        let mut builder = builder(&server.url());
        if let Some(cap) = cap {
            builder = builder.pool_max_idle_per_host(cap);
        }
        let client = builder.build().expect("valid configuration");
        let mut calls = JoinSet::new();
        for _ in 0..CALLS {
            let client = client.clone();
            calls.spawn(async move { client.send(&Show("t1".into())).await.map(|_| ()) });
        }
        while let Some(done) = calls.join_next().await {
            done.expect("no panic").expect("the call works");
        }
        assert_eq!(server.peak_connections(), CALLS, "one connection per call");
        // Closing the surplus happens in the background: a bounded wait for it.
        for _ in 0..500 {
            if server.open_connections() <= kept {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(
            server.open_connections() <= kept,
            "{} connections stay open, cap {kept}",
            server.open_connections()
        );
        drop(client);
    }
}

#[tokio::test]
async fn a_declared_length_is_not_trusted_even_without_a_size_limit() {
    let server = Server::start(vec![scripted_raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 1152921504606846976\r\n\r\n{}",
    )])
    .await;
    let error = builder(&server.url())
        .max_response_bytes(u64::MAX)
        .retry(RetryPolicy::none())
        .build()
        .expect("valid configuration")
        .send(&Show("t1".into()))
        .await
        .expect_err("the body ends early");
    assert_eq!(
        error.transport_kind(),
        Some(hwcloud_runtime::TransportErrorKind::Io),
        "{error:?}"
    );
}

#[test]
fn the_credentials_file_is_read_only_up_to_its_limit() {
    let dir = std::env::temp_dir().join(format!("hwcloud-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let big = dir.join("credentials");
    let mut text = String::from("[basic]\nak = a\nsk = b\n");
    text.push_str(&"# padding\n".repeat(110 * 1024));
    std::fs::write(&big, text).expect("write");
    let mut paths = vec![big.display().to_string()];
    if std::path::Path::new("/dev/zero").exists() {
        paths.push("/dev/zero".into());
    }
    for path in paths {
        let env =
            move |name: &str| (name == "HUAWEICLOUD_SDK_CREDENTIALS_FILE").then(|| path.clone());
        let error = ClientBuilder::<Client>::new(&SERVICE)
            .env(env)
            .endpoint("http://127.0.0.1:1")
            .build()
            .expect_err("too large");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(
            error.to_string().contains("larger than 1048576 bytes"),
            "{error}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
