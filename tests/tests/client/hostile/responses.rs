//! Findings 7 to 9: statuses the operation does not document, a caller's HTTP client that
//! follows redirects, and responses that differ slightly from the documentation.

use super::*;

// ---------------------------------------------------------------------------------------
// 7. A status the operation does not document as a success is an error.

#[tokio::test]
async fn redirections_and_other_undocumented_statuses_below_400_are_typed_errors() {
    for status in [300, 301, 302, 303, 304, 307, 308] {
        let server = Server::start(vec![reply(
            status,
            &[
                ("Location", "http://elsewhere.invalid/x"),
                ("X-Request-Id", "r3"),
            ],
            THING,
        )])
        .await;
        let error = client_for(&server)
            .send(&Show("t1".into()))
            .await
            .expect_err("not a success");
        let Error::UnexpectedStatus(e) = &error else {
            panic!("{status}: {error:?}");
        };
        assert_eq!((e.status, e.expected), (status, &[200][..]));
        assert_eq!(error.request_id(), Some("r3"));
        // A 304 has no body by definition.
        let body = if status == 304 { "" } else { THING };
        assert_eq!(error.body(), Some(body));
        assert!(!error.is_retryable());
        assert_eq!(server.requests(), 1, "not retried");
        let shown = error.to_string();
        assert!(
            shown.contains(&format!("HTTP {status} is not a documented success status")),
            "{shown}"
        );
        if status != 304 {
            assert_eq!(e.location.as_deref(), Some("http://elsewhere.invalid/x"));
            assert!(
                shown.contains("redirect to \"http://elsewhere.invalid/x\" not followed"),
                "{shown}"
            );
        }
    }
}

#[tokio::test]
async fn an_undocumented_2xx_still_decodes_and_is_logged() {
    let capture = Capture::default();
    let _guard = capture.install();
    let server = Server::start(vec![reply(201, &[], THING)]).await;
    let response = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect("a 2xx decodes");
    assert_eq!(response.status(), 201);
    assert!(
        capture.text().contains("not one the operation documents"),
        "{}",
        capture.text()
    );
}

// ---------------------------------------------------------------------------------------
// 8. A caller's HTTP client that follows redirects is caught.

#[tokio::test]
async fn a_redirect_followed_by_a_callers_http_client_fails_the_call_loudly() {
    let elsewhere = Server::start(vec![reply(200, &[], THING)]).await;
    let target = format!("{}/stolen", elsewhere.url());
    let server = Server::start(vec![reply(307, &[("Location", target.as_str())], "")]).await;
    let following = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a default reqwest client, which follows redirects");
    let error = builder(&server.url())
        .http_client(following)
        .build()
        .expect("valid configuration")
        .send(&Show("t1".into()))
        .await
        .expect_err("a followed redirect");
    let Error::Config(e) = &error else {
        panic!("{error:?}");
    };
    assert!(e.message.contains("followed a redirect to"), "{e}");
    assert!(e.message.contains(&elsewhere.url()), "{e}");
    assert!(
        !e.message.contains("stolen"),
        "only the origin is named: {e}"
    );
    assert!(e.message.contains("Policy::none()"), "{e}");

    // A redirect loop the caller's client gives up on is named the same way.
    let looping = Server::start(vec![reply(302, &[("Location", "/again")], "")]).await;
    let error = builder(&looping.url())
        .http_client(
            reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::limited(2))
                .build()
                .expect("a client"),
        )
        .build()
        .expect("valid configuration")
        .send(&Show("t1".into()))
        .await
        .expect_err("a redirect loop");
    assert!(
        matches!(&error, Error::Config(e) if e.message.contains("followed a redirect")),
        "{error:?}"
    );

    // The client the builder makes never follows: the other server sees nothing.
    let elsewhere = Server::start(vec![reply(200, &[], THING)]).await;
    let target = format!("{}/stolen", elsewhere.url());
    let server = Server::start(vec![reply(307, &[("Location", target.as_str())], "")]).await;
    let error = client_for(&server)
        .send(&Show("t1".into()))
        .await
        .expect_err("307");
    assert_eq!(error.status(), Some(307));
    assert_eq!(elsewhere.requests(), 0);
}

// ---------------------------------------------------------------------------------------
// 9. Responses that differ slightly from the documentation.

#[tokio::test]
async fn missing_or_null_required_response_fields_decode_as_empty_and_are_reported() {
    let capture = Capture::default();
    let _guard = capture.install();
    let server = Server::start(vec![
        reply(
            200,
            &[("X-Request-Id", "r9")],
            r#"{"id": "t1", "size": null}"#,
        ),
        reply(
            200,
            &[],
            r#"{"id": "t1", "owner": {}, "tags": null, "size": 1}"#,
        ),
        reply(
            200,
            &[],
            r#"{"id": 5, "size": "7", "owner": {"name": true}, "tags": [1]}"#,
        ),
        reply(200, &[], r#"{"id": {"x": 1}}"#),
        reply(200, &[], r#"{"id": "t1", "size": "7.5"}"#),
    ])
    .await;
    let client = client_for(&server);
    let response = client.send(&Show("t1".into())).await.expect("lenient");
    assert_eq!(
        *response.body(),
        Thing {
            id: "t1".into(),
            size: 0,
            owner: Owner {
                name: String::new()
            },
            tags: vec![],
            note: None,
        }
    );
    assert_eq!(
        response.missing_required(),
        [
            "Thing.size (null)",
            "Owner.name",
            "Thing.owner",
            "Thing.tags"
        ]
    );
    let logs = capture.text();
    assert!(
        logs.contains("WARN")
            && logs.contains("Thing.size (null), Owner.name, Thing.owner, Thing.tags")
            && logs.contains("r9"),
        "{logs}"
    );
    let response = client.send(&Show("t1".into())).await.expect("lenient");
    assert_eq!(
        response.missing_required(),
        ["Owner.name", "Thing.tags (null)"]
    );
    assert!(response.type_repairs().is_empty());
    // A scalar of another scalar type is converted when nothing is lost, and listed.
    let response = client.send(&Show("t1".into())).await.expect("repaired");
    assert_eq!(
        (response.body().id.as_str(), response.body().size),
        ("5", 7)
    );
    assert_eq!(response.body().owner.name, "true");
    assert_eq!(response.body().tags, ["1"]);
    assert_eq!(
        response
            .type_repairs()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        [
            "Thing.id: integer read as string",
            "Thing.size: string read as integer",
            "Owner.name: boolean read as string",
            "Thing.tags: integer read as string",
        ]
    );
    assert!(response.missing_required().is_empty());
    // A field of the wrong type, or a conversion that would lose data, is still a decode
    // error naming it.
    for path in ["id", "size"] {
        let error = client
            .send(&Show("t1".into()))
            .await
            .expect_err("wrong type");
        let Error::Decode(e) = &error else {
            panic!("{error:?}");
        };
        assert_eq!(e.path, path);
    }

    // Outside a client call the fields stay required, and requests send them all.
    let strict = serde_json::from_str::<Thing>(r#"{"id": "t1"}"#).expect_err("strict");
    assert!(
        strict.to_string().contains("missing field `size`"),
        "{strict}"
    );
    let sent = serde_json::to_string(&Thing {
        id: String::new(),
        size: 0,
        owner: Owner {
            name: String::new(),
        },
        tags: vec![],
        note: None,
    })
    .expect("serializes");
    assert_eq!(sent, r#"{"id":"","size":0,"owner":{"name":""},"tags":[]}"#);
}
