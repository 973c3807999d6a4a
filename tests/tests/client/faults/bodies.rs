//! Bodies cut short, an HTML page where JSON was expected, and bodies larger than allowed.

use super::*;

// ---------------------------------------------------------------------------------------
// Bodies.

#[tokio::test]
async fn truncated_json_is_a_decode_error_with_status_request_id_and_body() {
    let body = r#"{"id": "t1", "si"#;
    let server = Server::start(vec![http(
        200,
        &[
            ("X-Request-Id", "r-trunc"),
            ("Content-Type", "application/json"),
        ],
        body,
    )])
    .await;
    let error = client(&server.url())
        .send(&ShowThing)
        .await
        .expect_err("truncated JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status, 200);
    assert_eq!(decode.request_id.as_deref(), Some("r-trunc"));
    assert_eq!(decode.body, body);
    assert!(decode.source.is_eof());
    assert!(!error.is_retryable());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_html_page_with_status_200_is_a_decode_error_naming_its_content_type() {
    let html = "<html><body>Service maintenance</body></html>";
    let server = Server::start(vec![http(200, &[("Content-Type", "text/html")], html)]).await;
    let error = client(&server.url())
        .send(&ShowThing)
        .await
        .expect_err("HTML is not JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.content_type.as_deref(), Some("text/html"));
    assert_eq!(error.body(), Some(html));
    let shown = error.to_string();
    assert!(
        shown.contains("text/html") && shown.contains("Service maintenance"),
        "{shown}"
    );
}

#[tokio::test]
async fn an_html_error_page_is_a_service_error_with_the_body_as_message() {
    let html = "<html>502 Bad Gateway</html>";
    let server = Server::start(vec![http(502, &[("Content-Type", "text/html")], html)]).await;
    let error = client(&server.url())
        .send(&CreateThing)
        .await
        .expect_err("502");
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.error_code(), Some("502"));
    assert_eq!(error.error_msg(), Some(html));
}

#[tokio::test]
async fn a_huge_declared_body_is_refused_without_reading_it() {
    let server = Server::start(vec![raw(
        "HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\nConnection: close\r\n\r\n{",
    )])
    .await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("too large");
    assert_eq!(transport_kind(&error), TransportErrorKind::BodyTooLarge);
    assert_eq!(
        error.as_transport().and_then(|t| t.limit),
        Some(Limit::Bytes(1024 * 1024))
    );
    assert!(!error.is_retryable());
    assert_eq!(
        server.requests(),
        1,
        "an oversized body is not fetched again"
    );
}

#[tokio::test]
async fn a_huge_streamed_body_stops_at_the_limit() {
    const TOTAL: usize = 256 * 1024 * 1024;
    let server = Server::start(vec![Act::Stream {
        head: b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec(),
        total: TOTAL,
    }])
    .await;
    let client = builder::<Client>(&SERVICE, &server.url())
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("too large");
    assert_eq!(transport_kind(&error), TransportErrorKind::BodyTooLarge);
    // The client stopped reading and closed: the server could not push everything.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let streamed = server.streamed();
    assert!(streamed < TOTAL / 4, "the server wrote {streamed} bytes");
}
