//! Signatures: a wrong one is a typed error with the parsed fields, and every header sent
//! but the transport's is signed.

use super::*;

// ---------------------------------------------------------------------------------------
// Signatures.

#[tokio::test]
async fn a_wrong_signature_answered_401_is_a_typed_error_with_the_parsed_fields() {
    let body = r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: verify aksk signature fail","encoded_authorization_message":"ENC-MSG"}"#;
    let server = Server::start(vec![http(
        401,
        &[
            ("X-Request-Id", "r-401"),
            ("Content-Type", "application/json"),
        ],
        body,
    )])
    .await;
    let wrong = Credentials::new(AK, "not-the-real-secret-key").with_project_id(PROJECT_ID);
    let client = builder::<Client>(&SERVICE, &server.url())
        .credentials(wrong)
        .build()
        .expect("valid configuration");
    let error = client.send(&ShowThing).await.expect_err("401");
    assert_eq!(error.status(), Some(401));
    assert!(error.is_client_error() && !error.is_retryable());
    assert_eq!(error.request_id(), Some("r-401"));
    assert_eq!(error.error_code(), Some("APIGW.0301"));
    assert_eq!(
        error.error_msg(),
        Some("Incorrect IAM authentication information: verify aksk signature fail")
    );
    assert_eq!(error.encoded_authorization_message(), Some("ENC-MSG"));
    assert_eq!(error.body(), Some(body));
    assert_eq!(error.attempts(), Some(1));
    // The server was right to refuse: the signature does not verify with the real key.
    let seen = server.seen();
    assert!(check_signature(&seen[0].request, AK, SK).is_err());
    assert!(check_signature(&seen[0].request, AK, "not-the-real-secret-key").is_ok());
}

#[tokio::test]
async fn every_header_sent_is_signed_except_the_transport_ones() {
    let server = Server::start(vec![http(200, &[], "[]"), http(200, &[], "true")]).await;
    let client = params_client(&server.url());
    let mut show =
        params::requests::ShowFileRequest::new(params::requests::ShowFileRequestRequired {
            repo_id: "repo 1".into(),
            path: "a/b.txt".into(),
            version: "1.0".into(),
            recursive: true,
        });
    show.page_no = Some(2);
    show.tags = Some(vec!["z".into(), "a b".into()]);
    show.x_language = Some("en-us".into());
    client.show_file(&show).await.expect("GET succeeds");
    let mut create = params::requests::CreateArtifactRequest::new();
    create.body = Some(params::types::File::new(params::types::FileRequired {
        name: "f.bin".into(),
    }));
    client
        .create_artifact(&create)
        .await
        .expect("POST succeeds");

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        check_signature(&s.request, AK, SK).expect("the signature verifies");
        let auth = s.header("authorization").expect("signed");
        let (_, signed, _) = parse_authorization(auth).expect("well-formed");
        for (name, _) in &s.request.headers {
            let unsigned_ok = matches!(
                name.as_str(),
                "authorization" | "accept" | "content-length" | "connection"
            );
            assert!(
                unsigned_ok || signed.contains(name),
                "header `{name}` was sent but not signed ({auth})"
            );
        }
    }
    assert_eq!(seen[0].header("x-language"), Some("en-us"));
    assert!(
        seen[0].request.query.contains("tags=a%20b&tags=z"),
        "{}",
        seen[0].request.query
    );
    assert_eq!(seen[1].request.body, br#"{"name": "f.bin"}"#);
}
