//! Round two, resources and failures that would only fail again: a bound on the requests
//! (hence connections) in flight, no retry of a response that is not valid HTTP or of a
//! status outside HTTP's range, and a decode error that names an unasked-for compression.

use hwcloud_runtime::{Error, TransportErrorKind};
use hwcloud_tests::scripted::{Act, Server};
use tokio::task::JoinSet;

use super::{Show, THING, builder, client_for, reply};

#[tokio::test]
async fn concurrent_calls_open_at_most_max_connections() {
    const CALLS: usize = 40;
    const LIMIT: usize = 8;
    let keep_alive = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{THING}",
        THING.len()
    );
    // The first LIMIT connections are held until LIMIT requests arrived: without a bound,
    // every call would have opened its own by then.
    let server = Server::start_with(
        vec![Act::KeepAlive {
            reply: keep_alive.into_bytes(),
            hold_until: LIMIT,
        }],
        CALLS,
    )
    .await;
    let client = builder(&server.url())
        .max_connections(LIMIT)
        .build()
        .expect("valid configuration");
    assert_eq!(client.max_connections(), LIMIT);
    let mut calls = JoinSet::new();
    for _ in 0..CALLS {
        let client = client.clone();
        calls.spawn(async move { client.send(&Show("t1".into())).await.map(|_| ()) });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("no panic").expect("the call works");
    }
    assert_eq!(server.requests(), CALLS);
    assert!(
        server.peak_connections() <= LIMIT,
        "{} connections at once, limit {LIMIT}",
        server.peak_connections()
    );
}

#[test]
fn the_connection_limit_has_a_default_and_cannot_be_zero() {
    let client = builder("http://127.0.0.1:1")
        .build()
        .expect("valid configuration");
    assert_eq!(client.max_connections(), 64);
    let error = builder("http://127.0.0.1:1")
        .max_connections(0)
        .build()
        .map(|_: hwcloud_runtime::Client| ())
        .expect_err("zero");
    assert!(error.to_string().contains("max_connections"), "{error}");
}

#[tokio::test]
async fn a_response_head_too_large_to_read_is_not_retried() {
    let mut head = String::from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
    head.push_str(&format!("X-Huge: {}\r\n", "h".repeat(512 * 1024)));
    head.push_str("\r\n{}");
    let server = Server::start(vec![Act::Reply(head.into_bytes())]).await;
    let error = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect_err("unreadable");
    assert_eq!(
        error.transport_kind(),
        Some(TransportErrorKind::InvalidResponse),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1, "a GET, yet not retried");
    assert!(error.to_string().contains("not valid HTTP"), "{error}");
}

#[tokio::test]
async fn a_status_outside_http_is_not_a_server_error_and_is_not_retried() {
    let server = Server::start(vec![reply(999, &[], "{}")]).await;
    let error = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect_err("999");
    assert_eq!(error.status(), Some(999));
    assert!(!error.is_server_error() && !error.is_client_error());
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1);
    assert!(
        error.to_string().contains("not a valid HTTP status"),
        "{error}"
    );
    // A 503 still is, and is retried.
    let server = Server::start(vec![reply(503, &[], "{}")]).await;
    let error = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect_err("503");
    assert!(error.is_server_error());
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_compressed_body_the_client_never_asked_for_is_named_in_the_decode_error() {
    let gzip = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0xae, 0x05, 0x00, 0x43,
        0xbf, 0xa6, 0xa3, 0x02, 0x00, 0x00, 0x00,
    ];
    for encoding in [Some("gzip"), None] {
        let mut head = format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n",
            gzip.len()
        );
        if let Some(e) = encoding {
            head.push_str(&format!("Content-Encoding: {e}\r\n"));
        }
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&gzip);
        let server = Server::start(vec![Act::Reply(bytes)]).await;
        let error = client_for(&server)
            .send(&Show("t1".into()))
            .await
            .expect_err("compressed");
        let Error::Decode(e) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(e.content_encoding.as_deref(), encoding);
        let shown = error.to_string();
        assert!(shown.contains("gzip"), "{shown}");
    }
}
