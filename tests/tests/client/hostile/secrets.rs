//! Round two, secrets: one rule for every rendering. A value the spec marks sensitive, a
//! value whose name says it is a secret, a credential, a token or a cookie never appears in
//! `Display`, `Debug`, an error's `source()` chain or the logs, whether it was sent in the
//! query, the path, a header or the body, or came back in a response.

use hwcloud_runtime::{ApiRequest, Error, Operation, RequestWriter};
use hwcloud_tests::capture::Capture;
use hwcloud_tests::fixtures::sensitive;
use hwcloud_tests::scripted::{Act, Server};

use super::{SEARCH, SHOW, Thing, builder, client_for, credentials, reply};

/// Everything a program might print about an error: `Display`, `{:#}`-style chains (as
/// anyhow prints them), `Debug` and `{:#?}`.
fn renderings(error: &Error) -> String {
    let mut all = format!("{error}\n{error:?}\n{error:#?}\n");
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        all.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    all
}

fn assert_hidden(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

/// `SearchThings` with a `password` in the query.
struct Login(&'static str);

impl ApiRequest for Login {
    type Output = hwcloud_runtime::Empty;
    const OPERATION: &'static Operation = &SEARCH;
    fn write(&self, request: &mut RequestWriter) {
        request.query("user", "alice");
        request.query("password", self.0);
    }
}

#[tokio::test]
async fn a_sensitive_query_value_is_in_no_error_rendering_nor_log() {
    let capture = Capture::default();
    let _guard = capture.install();
    // The connection closes without an answer: the HTTP library's error names the URL.
    let server = Server::start(vec![Act::Close]).await;
    let error = client_for(&server)
        .send(&Login("hunter2"))
        .await
        .expect_err("no answer");
    assert!(error.as_transport().is_some(), "{error:?}");
    let all = renderings(&error);
    assert_hidden("the error", &all, &["hunter2", "password="]);
    assert!(all.contains("/things"), "the URL is still named: {all}");
    assert_hidden("the logs", &capture.text(), &["hunter2"]);
    // The request as prepared shows the other query values, not this one.
    let client = client_for(&server);
    let endpoint = client.endpoints()[0].clone();
    let wire = client
        .prepare(&Login("hunter2"), &endpoint)
        .expect("signed");
    let shown = format!("{wire:?}");
    assert_hidden("the prepared request", &shown, &["hunter2"]);
    assert!(shown.contains("alice"), "{shown}");
}

/// `ShowThing` for an `id` the spec marks sensitive.
struct ShowSecret(&'static str);

impl ApiRequest for ShowSecret {
    type Output = Thing;
    const OPERATION: &'static Operation = &SHOW;
    const SENSITIVE: &'static [&'static str] = &["id"];
    fn write(&self, request: &mut RequestWriter) {
        request.path("id", self.0);
    }
}

#[tokio::test]
async fn a_sensitive_path_value_is_hidden_from_the_url_errors_name() {
    let server = Server::start(vec![Act::Close]).await;
    let client = client_for(&server);
    let error = client
        .send(&ShowSecret("s3cr3t-id"))
        .await
        .expect_err("no answer");
    let all = renderings(&error);
    assert_hidden("the error", &all, &["s3cr3t-id"]);
    assert!(all.contains("/things/***"), "{all}");
    // The request as prepared hides it too; the request as sent carries it.
    let endpoint = client.endpoints()[0].clone();
    let wire = client
        .prepare(&ShowSecret("s3cr3t-id"), &endpoint)
        .expect("signed");
    assert!(wire.path.ends_with("/things/s3cr3t-id"));
    assert_hidden("the prepared request", &format!("{wire:?}"), &["s3cr3t-id"]);
}

fn account_json(name: &str) -> String {
    format!(
        r#"{{"name": {name}, "password": "hunter2", "private_key": "PEM-KEY", "recoveryCode": "rc-secret", "token_type": "bearer"}}"#
    )
}

fn sensitive_client(server: &Server) -> sensitive::Client {
    sensitive::Client::builder()
        .credentials(credentials())
        .endpoint(server.url())
        .build()
        .expect("valid configuration")
}

fn create_account() -> sensitive::requests::CreateAccountRequest {
    use sensitive::types::{Account, AccountRequired};
    sensitive::requests::CreateAccountRequest::new(
        sensitive::requests::CreateAccountRequestRequired {
            x_auth_token: "tok-auth".into(),
            body: Account::new(AccountRequired {
                name: "alice".into(),
                password: "pw-body".into(),
            })
            .with_recovery_code("rc-body"),
        },
    )
    .with_x_otp("otp-header")
}

#[tokio::test]
async fn secrets_in_a_response_body_are_not_in_decode_errors() {
    let server = Server::start(vec![
        // `name` has a type no conversion makes a string: a decode error quoting the body.
        reply(200, &[], &account_json("[1]")),
        // The wrong value is in a sensitive field itself: serde would quote it.
        reply(
            200,
            &[],
            r#"{"name": "a", "password": "p", "pin": "81726354x"}"#,
        ),
    ])
    .await;
    let client = sensitive_client(&server);
    let error = client
        .create_account(&create_account())
        .await
        .expect_err("wrong type");
    assert!(
        matches!(&error, Error::Decode(e) if e.path == "name"),
        "{error:?}"
    );
    let all = renderings(&error);
    assert_hidden("the error", &all, &["hunter2", "PEM-KEY", "rc-secret"]);
    assert!(all.contains(r#"\"password\": \"***\""#), "{all}");
    assert!(all.contains("bearer"), "other fields stay: {all}");
    // The field keeps the body as received.
    assert!(error.body().is_some_and(|b| b.contains("hunter2")));

    let error = client
        .create_account(&create_account())
        .await
        .expect_err("wrong type");
    assert!(
        matches!(&error, Error::Decode(e) if e.path == "pin"),
        "{error:?}"
    );
    let all = renderings(&error);
    assert_hidden("the error", &all, &["81726354"]);
    assert!(all.contains("not shown: the field is sensitive"), "{all}");
}

#[tokio::test]
async fn secrets_in_error_bodies_are_hidden_in_service_errors() {
    let body = r#"{"error_code": "E1", "error_msg": "bad", "password": "hunter2", "recoveryCode": "rc-secret"}"#;
    let server = Server::start(vec![
        reply(400, &[], body),
        reply(500, &[], r#"{"password": "hunter2"}"#),
    ])
    .await;
    let client = sensitive_client(&server);
    for _ in 0..2 {
        let error = client
            .create_account(&create_account())
            .await
            .expect_err("an error status");
        let all = renderings(&error);
        assert_hidden("the error", &all, &["hunter2", "rc-secret"]);
    }
}

#[tokio::test]
async fn secrets_in_free_text_error_bodies_and_messages_are_hidden() {
    let server = Server::start(vec![
        // A proxy's plain-text page, a form-encoded echo, and a JSON message quoting them.
        reply(
            502,
            &[],
            "upstream refused: X-Auth-Token: tok-4711 (retry)\npassword=hunter2",
        ),
        reply(400, &[], "user=alice&client_secret=s3-cret&x=1"),
        reply(
            400,
            &[],
            r#"{"error_code": "E2", "error_msg": "login with password=hunter2 failed"}"#,
        ),
    ])
    .await;
    let client = sensitive_client(&server);
    for _ in 0..3 {
        let error = client
            .create_account(&create_account())
            .await
            .expect_err("an error status");
        let all = renderings(&error);
        assert_hidden("the error", &all, &["tok-4711", "hunter2", "s3-cret"]);
        assert!(all.contains("***"), "{all}");
    }
}

#[tokio::test]
async fn responses_and_prepared_requests_hide_tokens_cookies_and_marked_values() {
    let server = Server::start(vec![reply(
        200,
        &[
            ("X-Subject-Token", "subject-token-value"),
            ("Set-Cookie", "session=cookie-value"),
            ("X-Request-Id", "r1"),
        ],
        &account_json("\"alice\""),
    )])
    .await;
    let client = sensitive_client(&server);
    let response = client
        .create_account(&create_account())
        .await
        .expect("decodes");
    let shown = format!("{response:?}\n{response:#?}");
    assert_hidden(
        "the response",
        &shown,
        &[
            "subject-token-value",
            "cookie-value",
            "hunter2",
            "PEM-KEY",
            "rc-secret",
        ],
    );
    assert!(shown.contains("\"r1\""), "other headers stay: {shown}");

    let endpoint = client.runtime().endpoints()[0].clone();
    let wire = client
        .runtime()
        .prepare(&create_account(), &endpoint)
        .expect("signed");
    let shown = format!("{wire:?}");
    assert_hidden(
        "the prepared request",
        &shown,
        &[
            "tok-auth",
            "otp-header",
            "pw-body",
            "rc-body",
            "token-that-must-stay-home",
        ],
    );
    assert!(shown.contains("alice"), "{shown}");
}

#[test]
fn an_endpoint_with_user_information_is_refused_without_echoing_the_password() {
    for endpoint in [
        "https://user:hunter2@127.0.0.1:1",
        "https://user:hunter2@bad host",
    ] {
        let shown = format!("{:?}", builder(endpoint));
        assert_hidden("the builder", &shown, &["hunter2"]);
        let error = builder(endpoint)
            .build()
            .map(|_: hwcloud_runtime::Client| ())
            .expect_err("user information");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert_hidden("the error", &renderings(&error), &["hunter2"]);
    }
    let error = builder("http:///path")
        .build()
        .map(|_: hwcloud_runtime::Client| ())
        .expect_err("no host");
    assert!(error.to_string().contains("has no host"), "{error}");
}
