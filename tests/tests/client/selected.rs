//! `Config::only_operations`: a client generated for three operations of the real spec
//! holds those three and the schemas they reach, calls a loopback server like the full
//! client, and an unknown operation id is a clear error.

use hwcloud_codeartsartifact::Credentials;
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use hwcloud_tests::selected;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_selected_client_holds_only_its_operations() {
    let ids: Vec<&str> = selected::SERVICE.operations.iter().map(|o| o.id).collect();
    assert_eq!(
        ids,
        [
            "CreateAttention",
            "ListAllRepositories",
            "ResetUserPassword"
        ]
    );
    // The full client, for comparison, has every operation of the spec file (read here as
    // plain YAML, not through the generator).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codeartsartifact.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let in_spec = doc["operations"].as_mapping().expect("operations").len();
    assert!(
        in_spec > ids.len(),
        "the spec has more operations than were selected"
    );
    assert_eq!(hwcloud_codeartsartifact::SERVICE.operations.len(), in_spec);
}

#[tokio::test]
async fn the_selected_client_calls_the_server() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cloudartifact/v5/maven/users/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"status":"success","result":{"userName":"u","id":7}}"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = selected::Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.uri())
        .build()
        .expect("valid configuration");
    let response = client
        .reset_user_password()
        .await
        .expect("the call succeeds");
    let user = response.body().result.as_ref().expect("a result");
    assert_eq!(user.user_name.as_deref(), Some("u"));
    assert_eq!(user.id, Some(7));
}

#[test]
fn an_unknown_operation_id_is_an_error_naming_it() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codeartsartifact.yaml");
    let err = hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .only_operations(["ResetUserPassword", "ListAllRepository"])
        .generate_file(std::path::Path::new(spec))
        .expect_err("an unknown id");
    let message = err.to_string();
    assert!(
        message
            .contains("has no operation `ListAllRepository` (did you mean `ListAllRepositories`?)"),
        "{message}"
    );
    assert!(message.contains("codeartsartifact.yaml"), "{message}");
}

#[test]
fn only_the_selected_operations_warnings_are_reported() {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codeartsartifact.yaml");
    let warnings = |ids: &[&str]| {
        let g = hwcloud_codegen::Config::new()
            .cargo_directives(false)
            .only_operations(ids.iter().copied())
            .generate_file(std::path::Path::new(spec))
            .expect("known ids");
        g.warnings()
            .diagnostics
            .iter()
            .map(|d| d.path.to_string())
            .collect::<Vec<_>>()
    };
    // The seed operation documents its permissions; the other one does not.
    assert_eq!(warnings(&["ResetUserPassword"]), Vec::<String>::new());
    assert_eq!(
        warnings(&["ResetUserPassword", "ListAllRepositories"]),
        ["operations.ListAllRepositories"]
    );
    // Client method names choose the same operations.
    assert_eq!(
        warnings(&["reset_user_password", "list_all_repositories"]),
        ["operations.ListAllRepositories"]
    );
}
