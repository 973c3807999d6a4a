//! The seed operation end to end: the generated client calls a real HTTP server on
//! loopback, which checks what it received (method, path, headers, a valid signature); the
//! documented response comes back typed, and a 401 comes back as a typed service error.

use hwcloud_codeartsartifact::{Client, Credentials, Error};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, header, received};
use hwcloud_tests::verify::check_signature;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/cloudartifact/v5/maven/users/me";

/// The documented example response of the seed page.
const EXAMPLE: &str = r#"{
  "status" : "success",
  "trace_id" : "143002-1701244804975-630",
  "result" : {
    "status" : 0,
    "domainId" : "5a775fdcb14f4431b6c0015618140bc3",
    "region" : "xx-xxxxx-x",
    "createdTime" : "2021-05-19 19:50:30",
    "modifiedTime" : "2023-11-28 21:00:56",
    "id" : 3000110176,
    "userId" : "e9253deb37654775bb3c411aca89153a",
    "userName" : "devcloud_devcloud_y00226182_01",
    "userType" : "personal",
    "repoUserName" : "5a775fdcb14f4431b6c0015618140bc3_e9253deb37654775bb3c411aca89153a",
    "repoNumber" : 58,
    "innerRepoUserName" : "xx-xxxxx-x_5a775fdcb14f4431b6c0015618140bc3_e9253deb37654775bb3c411aca89153a"
  }
}"#;

fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .credentials(credentials)
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

#[tokio::test]
async fn reset_user_password_is_signed_and_returns_the_typed_example() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("Content-Type", "application/json;charset=UTF-8")
                .insert_header("X-Request-Id", "req-123")
                .set_body_string(EXAMPLE),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(
        &server,
        Credentials::new(AK, SK).with_project_id(PROJECT_ID),
    );

    let response = client
        .reset_user_password()
        .await
        .expect("the call succeeds");

    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-123"));
    assert_eq!(response.body().status.as_deref(), Some("success"));
    assert_eq!(
        response.body().trace_id.as_deref(),
        Some("143002-1701244804975-630")
    );
    let user = response.body().result.as_ref().expect("result is present");
    assert_eq!(user.id, Some(3_000_110_176));
    assert_eq!(
        user.domain_id.as_deref(),
        Some("5a775fdcb14f4431b6c0015618140bc3")
    );
    assert_eq!(user.repo_number, Some(58));
    assert_eq!(user.status, Some(0));
    assert_eq!(user.created_time.as_deref(), Some("2021-05-19 19:50:30"));

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method.as_str(), "POST");
    assert_eq!(sent.url.path(), PATH);
    assert_eq!(sent.url.query(), None);
    assert!(sent.body.is_empty(), "the seed operation sends no body");
    assert_eq!(header(sent, "content-type"), Some("application/json"));
    assert_eq!(header(sent, "x-project-id"), Some(PROJECT_ID));
    assert_eq!(header(sent, "x-security-token"), None);
    let host = server.uri().trim_start_matches("http://").to_owned();
    assert_eq!(header(sent, "host"), Some(host.as_str()));
    let date = header(sent, "x-sdk-date").expect("X-Sdk-Date is sent");
    assert_eq!(date.len(), 16, "{date}");
    let auth = header(sent, "authorization").expect("Authorization is sent");
    assert!(
        auth.starts_with(&format!(
            "SDK-HMAC-SHA256 Access={AK}, SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date, Signature="
        )),
        "{auth}"
    );
    check_signature(&received(sent), AK, SK).expect("the signature verifies");
    // A wrong secret key must not verify.
    assert!(check_signature(&received(sent), AK, "another-secret").is_err());
}

#[tokio::test]
async fn temporary_credentials_send_and_sign_the_security_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .mount(&server)
        .await;
    let credentials = Credentials::new(AK, SK)
        .with_project_id(PROJECT_ID)
        .with_security_token("STS-TOKEN-EXAMPLE");
    let response = client(&server, credentials)
        .reset_user_password()
        .await
        .expect("success");
    assert_eq!(response.body().result, None);

    let requests = server.received_requests().await.expect("recording is on");
    let sent = &requests[0];
    assert_eq!(header(sent, "x-security-token"), Some("STS-TOKEN-EXAMPLE"));
    let auth = header(sent, "authorization").unwrap_or_default();
    assert!(
        auth.contains(
            "SignedHeaders=content-type;host;user-agent;x-project-id;x-sdk-date;x-security-token"
        ),
        "{auth}"
    );
    check_signature(&received(sent), AK, SK).expect("the signature verifies");
}

#[tokio::test]
async fn a_401_is_a_typed_service_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("Content-Type", "application/json")
                .insert_header("X-Request-Id", "rid-401")
                .set_body_string(
                    r#"{"status":"error","trace_id":"t-1","error_code":"CLOUDARTIFACT.00010001","error_msg":"unauthorized"}"#,
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(
        &server,
        Credentials::new(AK, SK).with_project_id(PROJECT_ID),
    );

    let error = client
        .reset_user_password()
        .await
        .expect_err("401 is an error");

    assert_eq!(error.status(), Some(401));
    assert_eq!(error.request_id(), Some("rid-401"));
    assert_eq!(error.error_code(), Some("CLOUDARTIFACT.00010001"));
    assert_eq!(error.error_msg(), Some("unauthorized"));
    assert!(!error.is_retryable());
    let Error::Service(service) = &error else {
        panic!("expected a service error, got {error:?}");
    };
    assert!(service.is_client_error());
    assert!(!service.is_server_error());
    assert_eq!(service.operation, "ResetUserPassword");
    assert_eq!(service.attempts, 1);
    assert!(service.body.contains("\"trace_id\":\"t-1\""));
    assert_eq!(
        error.to_string(),
        "ResetUserPassword failed: HTTP 401 (client error), request id rid-401: CLOUDARTIFACT.00010001: unauthorized"
    );
}

/// The futures client methods return are `Send`: calls run in spawned tasks on a
/// multi-threaded runtime, as a service would make them, and a method with a borrowed
/// request works the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_run_in_spawned_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(200).set_body_string(EXAMPLE))
        .expect(4)
        .mount(&server)
        .await;
    let client = client(
        &server,
        Credentials::new(AK, SK).with_project_id(PROJECT_ID),
    );
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let response = client.reset_user_password().await?;
                Ok::<_, Error>(response.body().trace_id.clone())
            })
        })
        .collect();
    for task in tasks {
        let trace_id = task
            .await
            .expect("the task ran")
            .expect("the call succeeds");
        assert_eq!(trace_id.as_deref(), Some("143002-1701244804975-630"));
    }

    // A method taking a borrowed request: its future is `Send` too (checked by the
    // compiler; the call itself is not awaited, so nothing is sent).
    fn assert_send<T: Send>(_: &T) {}
    let request = hwcloud_codeartsartifact::requests::ListAllRepositoriesRequest::new(
        hwcloud_codeartsartifact::requests::ListAllRepositoriesRequestRequired {
            tenant_id: "t".to_owned(),
        },
    );
    assert_send(&client.list_all_repositories(&request));
}
