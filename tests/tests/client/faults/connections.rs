//! Connections refused, names that do not resolve, endpoints that fail over, connections
//! closed early, and a proxy between the client and the service.

use super::*;

// ---------------------------------------------------------------------------------------
// Connections.

#[tokio::test]
async fn connection_refused_is_typed_and_retried_even_for_a_post() {
    let url = closed_port().await;
    let error = client(&url)
        .send(&CreateThing)
        .await
        .expect_err("nothing listens");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::ConnectionRefused
    );
    assert!(error.is_retryable());
    assert_eq!(error.attempts(), Some(3), "not sent, so safe to retry");
    assert!(error.to_string().contains("connection refused"), "{error}");
}

#[tokio::test]
async fn an_unreachable_endpoint_fails_over_to_the_next() {
    let down = closed_port().await;
    let server = Server::start(vec![http(200, &[], THING)]).await;
    let client = builder::<Client>(&SERVICE, &down)
        .endpoint(server.url())
        .build()
        .expect("valid configuration");
    let thing = client
        .send(&CreateThing)
        .await
        .expect("the second endpoint answers");
    assert_eq!(thing.body().size, 3);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    // Signed for the endpoint it reached.
    assert_eq!(
        seen[0].header("host"),
        Some(server.addr().to_string().as_str())
    );
    check_signature(&seen[0].request, AK, SK).expect("valid signature");
}

#[tokio::test]
async fn when_every_endpoint_fails_the_error_lists_each_one() {
    let (a, b) = (closed_port().await, closed_port().await);
    let client = builder::<Client>(&SERVICE, &a)
        .endpoint(b.clone())
        .retry(RetryPolicy::none())
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("all down");
    assert_eq!(
        transport_kind(&error),
        TransportErrorKind::ConnectionRefused
    );
    let shown = error.to_string();
    assert!(
        shown.contains(&format!("{a}: connection refused")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("; {b}: connection refused")),
        "{shown}"
    );
    let failures = std::error::Error::source(&error)
        .and_then(|s| s.downcast_ref::<EndpointFailures>())
        .expect("the source lists the endpoints");
    assert_eq!(failures.failures.len(), 2);
}

/// A resolver that knows no name, to test name-resolution failures without a network.
struct NoNames;

impl reqwest::dns::Resolve for NoNames {
    fn resolve(&self, _: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async {
            Err::<reqwest::dns::Addrs, _>(Box::new(std::io::Error::other(
                "no such host (test resolver)",
            )) as _)
        })
    }
}

#[tokio::test]
async fn a_name_that_does_not_resolve_is_a_dns_error() {
    let http = reqwest::Client::builder()
        .dns_resolver(Arc::new(NoNames))
        .no_proxy()
        .build()
        .expect("HTTP client");
    let client = builder::<Client>(&SERVICE, "http://faulty.invalid")
        .http_client(http)
        .retry(RetryPolicy::none())
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("no such host");
    assert_eq!(transport_kind(&error), TransportErrorKind::Dns, "{error:?}");
    assert!(
        error.to_string().contains("no such host (test resolver)"),
        "{error}"
    );
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_an_io_error_retried_only_for_get() {
    let server = Server::start(vec![raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"id\": \"t1\"",
    )])
    .await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .retry(fast_retry().with_max_attempts(2))
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("truncated");
    assert_eq!(transport_kind(&error), TransportErrorKind::Io, "{error:?}");
    assert_eq!(error.attempts(), Some(2));
    assert_eq!(server.requests(), 2);

    let error = client.send(&CreateThing).await.expect_err("truncated");
    assert_eq!(transport_kind(&error), TransportErrorKind::Io);
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_connection_closed_before_any_answer_is_not_re_sent_for_a_post() {
    let server = Server::start(vec![Act::Close]).await;
    let error = client(&server.url())
        .send(&CreateThing)
        .await
        .expect_err("closed");
    assert_eq!(transport_kind(&error), TransportErrorKind::Io, "{error:?}");
    assert_eq!(error.attempts(), Some(1));
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------------------------------
// Proxy.

#[tokio::test]
async fn requests_go_through_the_configured_proxy_with_its_credentials() {
    let proxy = Server::start(vec![http(200, &[], THING)]).await;
    let proxy_url = format!("http://user:p%40ss%20w@{}", proxy.addr());
    let client = builder::<Client>(&SERVICE, "http://faulty.invalid:8080")
        .proxy(proxy_url)
        .build()
        .expect("valid configuration");
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("p%40ss") && !debug.contains("p@ss"),
        "{debug}"
    );
    let thing = client.send(&ShowThing).await.expect("through the proxy");
    assert_eq!(thing.body().id, "t1");
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].target.starts_with("http://faulty.invalid:8080/v1/"),
        "{}",
        seen[0].target
    );
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic dXNlcjpwQHNzIHc=")
    );
    assert_eq!(seen[0].header("host"), Some("faulty.invalid:8080"));
    check_signature(&seen[0].request, AK, SK).expect("signed for the real host");
}
