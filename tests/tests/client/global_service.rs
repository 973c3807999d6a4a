//! A global service against a loopback server: requests carry `X-Domain-Id` (and fill
//! `{domain_id}`) from plain credentials, a client without a domain id is refused; PATCH
//! with a body wrapped in one key, 202 and 204 responses, OpenStack-style error bodies.

use hwcloud_runtime::{Credentials, Error};
use hwcloud_tests::fixtures::global_service::{Client, requests, types};
use hwcloud_tests::loopback::{AK, DOMAIN_ID, PROJECT_ID, SK, header, received};
use hwcloud_tests::verify::check_signature;
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, credentials: Credentials) -> Client {
    Client::builder()
        .credentials(credentials)
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

/// Credentials as a caller writes them for a regional service: no `.global()`.
fn plain_credentials() -> Credentials {
    Credentials::new(AK, SK)
        .with_project_id(PROJECT_ID)
        .with_domain_id(DOMAIN_ID)
}

#[tokio::test]
async fn requests_are_domain_scoped_without_calling_global() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v3/domains/{DOMAIN_ID}/groups")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "groups": [{ "id": "g1" }] })),
        )
        .expect(1)
        .mount(&server)
        .await;

    let request =
        requests::ListGroupsRequest::new().with_name(vec!["b".to_owned(), "a".to_owned()]);
    let response = client(&server, plain_credentials())
        .list_groups(&request)
        .await
        .expect("listed");
    assert_eq!(response.body().groups.as_ref().map(Vec::len), Some(1));

    let requests = server.received_requests().await.expect("recording is on");
    let sent = &requests[0];
    assert_eq!(header(sent, "x-domain-id"), Some(DOMAIN_ID));
    assert_eq!(
        header(sent, "x-project-id"),
        None,
        "a global request is not project-scoped"
    );
    let r = received(sent);
    assert_eq!(
        r.query, "name=a&name=b",
        "array query values are sorted, repeated keys"
    );
    check_signature(&r, AK, SK).expect("signed with the domain id header included");
}

#[test]
fn a_global_service_without_a_domain_id_is_refused_at_build() {
    let err = Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect_err("no domain id");
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("Identity is a global service") && text.contains("with_domain_id"),
        "{text}"
    );

    // From the environment, the domain id variable is what a global service reads.
    let env = |name: &str| match name {
        "HUAWEICLOUD_SDK_AK" => Some(AK.to_owned()),
        "HUAWEICLOUD_SDK_SK" => Some(SK.to_owned()),
        "HUAWEICLOUD_SDK_DOMAIN_ID" => Some(DOMAIN_ID.to_owned()),
        _ => None,
    };
    let client = Client::builder()
        .env(env)
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect("domain id from the environment");
    assert_eq!(client.runtime().credentials().domain_id(), Some(DOMAIN_ID));
}

#[tokio::test]
async fn patch_sends_the_wrapped_body_and_reads_the_wrapped_response() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v3/groups/g1"))
        .and(body_json(json!({ "group": { "name": "ops" } })))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({ "group": { "id": "g1", "name": "ops" } })),
        )
        .expect(1)
        .mount(&server)
        .await;

    // The inner object converts into the wrapping body: no wrapper struct spelled out.
    let request = requests::UpdateGroupRequest::new(requests::UpdateGroupRequestRequired {
        group_id: "g1".to_owned(),
    })
    .with_body(types::GroupOption::default().with_name("ops"));
    let response = client(&server, plain_credentials())
        .update_group(&request)
        .await
        .expect("updated");
    assert_eq!(response.body().group.name.as_deref(), Some("ops"));
    let requests = server.received_requests().await.expect("recording is on");
    check_signature(&received(&requests[0]), AK, SK).expect("PATCH is signed");
}

#[tokio::test]
async fn accepted_and_no_content_are_successes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v3/groups/g1/tasks"))
        .respond_with(ResponseTemplate::new(202).set_body_json(json!({ "task_id": "t1" })))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v3/groups/g1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, plain_credentials());

    let task = client
        .create_group_task(&requests::CreateGroupTaskRequest::new(
            requests::CreateGroupTaskRequestRequired {
                group_id: "g1".to_owned(),
            },
        ))
        .await
        .expect("accepted");
    assert_eq!(task.status(), 202);
    assert_eq!(task.body().task_id, "t1");

    let deleted = client
        .delete_group(&requests::DeleteGroupRequest::new(
            requests::DeleteGroupRequestRequired {
                group_id: "g1".to_owned(),
            },
        ))
        .await
        .expect("no content");
    assert_eq!(deleted.status(), 204);
}

#[tokio::test]
async fn openstack_error_bodies_give_code_and_message() {
    let server = MockServer::start().await;
    let cases = [
        (
            "g-neutron",
            404,
            json!({ "NeutronError": { "type": "GroupNotFound", "message": "Group g could not be found.", "detail": "" } }),
            "GroupNotFound",
            "Group g could not be found.",
        ),
        (
            "g-bad",
            400,
            json!({ "badRequest": { "code": 400, "message": "Invalid input" } }),
            "400",
            "Invalid input",
        ),
        (
            "g-missing",
            404,
            json!({ "itemNotFound": { "message": "No such group" } }),
            "itemNotFound",
            "No such group",
        ),
        (
            "g-error",
            409,
            json!({ "error": { "code": "IAM.0003", "message": "conflict" } }),
            "IAM.0003",
            "conflict",
        ),
    ];
    for (id, status, body, _, _) in &cases {
        Mock::given(method("DELETE"))
            .and(path(format!("/v3/groups/{id}")))
            .respond_with(ResponseTemplate::new(*status).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = client(&server, plain_credentials());
    for (id, status, _, code, message) in cases {
        let err = client
            .delete_group(&requests::DeleteGroupRequest::new(
                requests::DeleteGroupRequestRequired {
                    group_id: id.to_owned(),
                },
            ))
            .await
            .expect_err("an error status");
        let service = err.as_service().expect("a service error");
        assert_eq!(service.status, status);
        assert_eq!(service.error_code, code, "{id}");
        assert_eq!(service.error_msg, message, "{id}");
    }
}
