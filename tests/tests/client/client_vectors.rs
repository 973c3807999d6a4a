//! The official client's recorded behaviour (`runtime/tests/data/signer_vectors.json`,
//! `client_vectors`; the runtime's signer tests read the same file), reproduced by the generated client: the exact headers it sends,
//! signature included, at the vectors' fixed time, and how it reads the canned responses.

use std::time::{Duration, SystemTime};

use hwcloud_codeartsartifact::requests::{
    BatchDeleteTrashesRequest, CreateAttentionRequest, ListAllRepositoriesRequest,
    ListAllRepositoriesRequestRequired, ListUserPrivilegesRequest, ResetUserPasswordRequest,
    ShowOpenSourceEnabledRequest, ShowRepositoryRolesPrivilegeRequest,
    ShowRepositoryRolesPrivilegeRequestRequired, ShowStorageRequest, ShowUserPrivilegesRequest,
};
use hwcloud_codeartsartifact::types::{
    AttentionDO, AttentionDORequired, TrashArtifactModelForDelete,
};
use hwcloud_codeartsartifact::{Client, Credentials, Error};
use hwcloud_runtime::{ApiRequest, Endpoint};
use serde_json::Value;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn vectors() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../runtime/tests/data/signer_vectors.json"
    );
    let text = std::fs::read_to_string(path).expect("vector file is readable");
    let all: Value = serde_json::from_str(&text).expect("vector file is JSON");
    all["client_vectors"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn vector(name: &str) -> Value {
    vectors()
        .into_iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("vector {name} exists"))
}

/// `20240102T030405Z`, the vectors' fixed time.
fn fixed_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_704_164_645)
}

fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A client configured like the vector's official client.
fn client_for(input: &Value, endpoint: &str) -> Client {
    let mut credentials = Credentials::new(
        str_field(input, "ak").unwrap_or_default(),
        str_field(input, "sk").unwrap_or_default(),
    );
    if let Some(p) = str_field(input, "project_id") {
        credentials = credentials.with_project_id(p);
    }
    if let Some(t) = str_field(input, "security_token") {
        credentials = credentials.with_security_token(t);
    }
    let agent = format!(
        "huaweicloud-usdk-python/3.0; {}",
        str_field(input, "http_config_user_agent").unwrap_or_default()
    );
    Client::builder()
        .credentials(credentials)
        .endpoint(endpoint)
        .user_agent(agent)
        .clock(fixed_time)
        .build()
        .expect("valid configuration")
}

#[test]
fn the_clock_matches_the_vectors_fixed_time() {
    let date = hwcloud_runtime::SdkDate::from_system_time(fixed_time()).expect("valid time");
    assert_eq!(date.to_string(), "20240102T030405Z");
}

/// Checks the exact headers, URL and body the official client sent for `request`.
fn assert_sent_like_official<R: ApiRequest>(name: &str, request: &R) {
    let v = vector(name);
    let input = &v["input"];
    let output = &v["output"];
    let endpoint = str_field(input, "endpoint").expect("endpoint");
    let client = client_for(input, endpoint);
    let wire = client
        .runtime()
        .prepare(request, &Endpoint::parse(endpoint).expect("valid endpoint"))
        .expect("the request builds");

    assert_eq!(
        wire.method,
        output["http_method"].as_str().unwrap_or_default(),
        "{name}: method"
    );
    assert_eq!(
        wire.url(),
        output["url"].as_str().unwrap_or_default(),
        "{name}: url"
    );
    let expected: Vec<(String, String)> = output["headers_sent"]
        .as_object()
        .expect("headers_sent is an object")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect();
    let mut sent: Vec<(String, String)> = wire
        .headers
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let mut expected_sorted = expected.clone();
    sent.sort();
    expected_sorted.sort();
    assert_eq!(sent, expected_sorted, "{name}: headers sent");
    let body = wire
        .body
        .as_deref()
        .map(|b| String::from_utf8_lossy(b).into_owned());
    assert_eq!(
        body.as_deref(),
        output["body_sent"].as_str(),
        "{name}: body bytes"
    );
    assert_eq!(
        wire.headers.get_exact("Authorization"),
        output["authorization"].as_str(),
        "{name}: Authorization"
    );
}

#[test]
fn seed_request_matches_the_official_client_byte_for_byte() {
    assert_sent_like_official("client_reset_user_password_seed", &ResetUserPasswordRequest);
}

#[test]
fn seed_request_with_a_security_token_matches_the_official_client() {
    assert_sent_like_official(
        "client_reset_user_password_security_token",
        &ResetUserPasswordRequest,
    );
}

#[test]
fn boolean_and_integer_query_parameters_match_the_official_client() {
    let request = ListAllRepositoriesRequest::new(ListAllRepositoriesRequestRequired {
        tenant_id: "t1".to_owned(),
    })
    .with_project_id("p1")
    .with_page_no(1)
    .with_page_size(10)
    .with_is_recycle_bin(false)
    .with_in_project(true)
    .with_qname("中 文")
    .with_type("hosted");
    assert_sent_like_official("client_list_all_repositories_bool_int_query", &request);
}

#[test]
fn header_parameters_match_the_official_client() {
    let request =
        ShowRepositoryRolesPrivilegeRequest::new(ShowRepositoryRolesPrivilegeRequestRequired {
            repo_id: "r1".to_owned(),
        })
        .with_project_id("p1")
        .with_x_language("en-us");
    assert_sent_like_official(
        "client_show_repository_roles_privilege_header_param",
        &request,
    );
}

#[test]
fn a_path_project_id_left_out_comes_from_the_credentials_like_the_official_client() {
    assert_sent_like_official(
        "client_list_user_privileges_project_id_from_credentials",
        &ListUserPrivilegesRequest::new(),
    );
}

#[test]
fn array_bodies_match_the_official_client_byte_for_byte() {
    let item: TrashArtifactModelForDelete = serde_json::from_value(
        serde_json::json!({"id": "1", "format": "maven", "uri": "a/b", "status": "deleted"}),
    )
    .expect("valid model");
    let request = BatchDeleteTrashesRequest::new().with_body(vec![item]);
    assert_sent_like_official("client_batch_delete_trashes_list_body", &request);
}

#[test]
fn model_bodies_with_non_ascii_text_match_the_official_client_byte_for_byte() {
    let body = AttentionDO::new(AttentionDORequired {
        attention: true,
        ids: vec!["中".to_owned(), "b".to_owned()],
    });
    let request = CreateAttentionRequest::new().with_body(body);
    assert_sent_like_official("client_create_attention_model_body_non_ascii", &request);
}

#[test]
fn every_client_vector_is_covered() {
    let covered = [
        "client_reset_user_password_seed",
        "client_reset_user_password_security_token",
        "client_list_all_repositories_bool_int_query",
        "client_show_repository_roles_privilege_header_param",
        "client_list_user_privileges_project_id_from_credentials",
        "client_batch_delete_trashes_list_body",
        "client_create_attention_model_body_non_ascii",
        "client_error_401_error_code_msg",
        "client_error_403_camel_and_encoded_auth",
        "client_error_500_non_json",
        "client_200_non_json_body",
        "client_deser_bool_result",
        "client_deser_camelcase_model_and_lenient_primitives",
        "client_deser_list_result_and_traceId",
    ];
    let names: Vec<String> = vectors()
        .iter()
        .map(|v| v["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, covered);
}

/// Serves the vector's canned response on loopback and returns the call's outcome.
async fn call_with_canned_response(
    name: &str,
) -> (Value, Result<hwcloud_runtime::Response<Value>, Error>) {
    call_with_canned_response_for(name, &ResetUserPasswordRequest).await
}

/// Serves the vector's canned response on loopback to `request`; the typed body comes back
/// re-serialized as JSON.
async fn call_with_canned_response_for<R>(
    name: &str,
    request: &R,
) -> (Value, Result<hwcloud_runtime::Response<Value>, Error>)
where
    R: ApiRequest,
    R::Output: serde::Serialize,
{
    let v = vector(name);
    let canned = &v["input"]["canned_response"];
    let status = u16::try_from(canned["status"].as_u64().unwrap_or(200)).unwrap_or(200);
    let mut template =
        ResponseTemplate::new(status).set_body_string(canned["body"].as_str().unwrap_or_default());
    for (k, h) in canned["headers"].as_object().into_iter().flatten() {
        template = template.insert_header(k.as_str(), h.as_str().unwrap_or_default());
    }
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = client_for(&v["input"], &server.uri());
    let outcome = client.runtime().send(request).await.map(|r| {
        hwcloud_runtime::Response::new(
            r.status(),
            r.headers().clone(),
            serde_json::to_value(r.body()).unwrap_or_default(),
        )
        .with_type_repairs(r.type_repairs().to_vec())
    });
    (v["output"].clone(), outcome)
}

#[tokio::test]
async fn a_scalar_boolean_result_decodes_like_the_official_client() {
    let (output, outcome) =
        call_with_canned_response_for("client_deser_bool_result", &ShowOpenSourceEnabledRequest)
            .await;
    let response = outcome.expect("success");
    let fields = &output["deserialized_response"]["fields"];
    assert_eq!(response.body()["result"], fields["result"]["value"]);
    assert_eq!(response.body()["result"], Value::Bool(true));
    assert_eq!(response.body()["trace_id"], fields["trace_id"]["value"]);
}

/// The official SDK converts mismatched primitives with `klass(value)`: `"5"` into an int,
/// `12` into `"12"`, but also a list into its Python text. The typed client converts the
/// lossless ones to the same values and lists them; a list for a string stays a decode error
/// naming the operation and the failing field, keeping the whole body, so nothing is lost.
#[tokio::test]
async fn lossless_primitive_conversions_match_the_official_client_and_lossy_ones_fail() {
    let name = "client_deser_camelcase_model_and_lenient_primitives";
    let (output, outcome) = call_with_canned_response_for(name, &ShowStorageRequest::new()).await;
    let response = outcome.expect("converted");
    let official = &output["deserialized_response"]["fields"]["result"]["value"];
    assert_eq!(
        response.body()["result"]["totalStorage"],
        official["total_storage"]
    );
    assert_eq!(
        response.body()["result"]["totalCount"],
        official["total_count"]
    );
    let repairs: Vec<String> = response
        .type_repairs()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        repairs,
        [
            "StorageMap.totalStorage: integer read as string",
            "StorageMap.totalCount: string read as integer"
        ]
    );

    let name = "client_deser_list_result_and_traceId";
    let (_, outcome) = call_with_canned_response_for(
        name,
        &ShowUserPrivilegesRequest::new().with_project_id("p1"),
    )
    .await;
    let error = outcome.expect_err(name);
    let Error::Decode(e) = &error else {
        panic!("{name}: expected a decode error, got {error:?}");
    };
    assert_eq!(e.status, 200, "{name}");
    assert_eq!(
        e.path, "result.operations",
        "{name}: the failing field is named"
    );
    assert!(e.body.contains("\"result\""), "{name}: the body is kept");
    assert!(
        error.to_string().contains("ShowUserPrivileges"),
        "{name}: {error}"
    );
}

#[tokio::test]
async fn seed_response_decodes_like_the_official_client() {
    let (output, outcome) = call_with_canned_response("client_reset_user_password_seed").await;
    let response = outcome.expect("success");
    let fields = &output["deserialized_response"]["fields"];
    assert_eq!(response.body()["status"], fields["status"]["value"]);
    assert_eq!(response.body()["trace_id"], fields["trace_id"]["value"]);
    // The official SDK leaves `result` an untyped dict; the typed value re-serializes to it.
    assert_eq!(response.body()["result"], fields["result"]["value"]);
}

#[tokio::test]
async fn error_responses_carry_the_official_fields() {
    for name in [
        "client_error_401_error_code_msg",
        "client_error_403_camel_and_encoded_auth",
        "client_error_500_non_json",
    ] {
        let (output, outcome) = call_with_canned_response(name).await;
        let expected = &output["exception"];
        let error = outcome.expect_err(name);
        let Error::Service(e) = &error else {
            panic!("{name}: expected a service error, got {error:?}");
        };
        assert_eq!(
            u64::from(e.status),
            expected["status_code"].as_u64().unwrap_or_default(),
            "{name}"
        );
        assert_eq!(
            e.request_id.as_deref(),
            expected["request_id"].as_str(),
            "{name}"
        );
        assert_eq!(
            Some(e.error_code.as_str()),
            expected["error_code"].as_str(),
            "{name}"
        );
        assert_eq!(
            Some(e.error_msg.as_str()),
            expected["error_msg"].as_str(),
            "{name}"
        );
        assert_eq!(
            e.encoded_authorization_message.as_deref(),
            expected["encoded_auth_msg"].as_str(),
            "{name}"
        );
        let class = expected["class"].as_str().unwrap_or_default();
        assert_eq!(
            e.is_client_error(),
            class == "ClientRequestException",
            "{name}"
        );
        assert_eq!(
            e.is_server_error(),
            class == "ServerResponseException",
            "{name}"
        );
    }
}

#[tokio::test]
async fn a_success_with_a_non_json_body_is_a_decode_error_that_keeps_the_body() {
    // The official client silently returns empty fields here; the typed client reports
    // the mismatch and keeps everything needed to investigate it.
    let (_, outcome) = call_with_canned_response("client_200_non_json_body").await;
    let error = outcome.expect_err("not JSON");
    let Error::Decode(e) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(e.status, 200);
    assert_eq!(e.body, "OK");
    assert!(
        error
            .to_string()
            .contains("ResetUserPassword returned HTTP 200"),
        "{error}"
    );
}
