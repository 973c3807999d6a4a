//! Least-privilege policies from permission tables, and finding operations in source code.

use std::path::{Path, PathBuf};

use hwcloud_codegen_tools::policy::{least_privilege, least_privilege_across};
use hwcloud_spec::model::Service;

fn service(file: &str) -> Service {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("spec is readable");
    hwcloud_spec::resolve(file, &text).expect("spec is valid").0
}

const PERMISSIONS: &str = r#"
service: { name: Svc, module: svc }
operations:
  GetFile:
    method: GET
    path: /files
    permissions:
      - { action: "svc:file:get", access_level: Read, dependencies: ["svc:repo:get", "svc:project:get"] }
    responses: { 200: {} }
  GetRepo:
    method: GET
    path: /repo
    permissions:
      - { action: "svc:repo:get", access_level: Read }
      - { action: "svc:repo:list", access_level: List, dependencies: ["svc:project:get"] }
    responses: { 200: {} }
  Undocumented:
    method: GET
    path: /u
    responses: { 200: {} }
"#;

fn permissions_service() -> Service {
    hwcloud_spec::resolve("svc.yaml", PERMISSIONS)
        .expect("valid")
        .0
}

#[test]
fn grants_actions_and_their_dependencies_deduplicated_and_sorted() {
    let report = least_privilege(&permissions_service(), &["GetFile", "get_repo", "GetFile"]);
    assert_eq!(
        report.actions,
        [
            "svc:file:get",
            "svc:project:get",
            "svc:repo:get",
            "svc:repo:list"
        ]
    );
    assert!(report.is_complete());
    assert_eq!(report.covered.len(), 2, "a repeated operation counts once");
    let doc = report.document().expect("a policy");
    assert_eq!(doc["Version"], "5.0");
    assert_eq!(doc["Statement"][0]["Effect"], "Allow");
    assert_eq!(
        doc["Statement"][0]["Action"].as_array().map(Vec::len),
        Some(4)
    );
    let text = report.document_text().expect("a policy");
    assert!(
        text.starts_with("{\n  \"Version\": \"5.0\",\n  \"Statement\": ["),
        "{text}"
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON"),
        doc
    );
}

#[test]
fn operations_without_permission_data_are_reported_never_invented() {
    let report = least_privilege(&permissions_service(), &["GetRepo", "Undocumented"]);
    assert_eq!(report.without_permissions, ["Undocumented"]);
    assert_eq!(
        report.actions,
        ["svc:project:get", "svc:repo:get", "svc:repo:list"]
    );
    assert!(!report.is_complete());
    let notes = report.notes().join("\n");
    assert!(
        notes.contains("operation `Undocumented`: its API reference documents no permission"),
        "{notes}"
    );
    let only_missing = least_privilege(&permissions_service(), &["Undocumented"]);
    assert_eq!(only_missing.document(), None, "no empty policy is produced");
}

#[test]
fn unknown_operations_get_a_suggestion() {
    let report = least_privilege(&permissions_service(), &["GetFiles"]);
    assert_eq!(
        report.unknown,
        [("GetFiles".to_owned(), Some("GetFile".to_owned()))]
    );
}

#[test]
fn the_real_spec_has_the_seed_row_only() {
    let real = service("spec/codeartsartifact.yaml");
    let seed = least_privilege(&real, &["ResetUserPassword"]);
    assert_eq!(seed.actions, ["codeartsartifact:repository:resetPassword"]);
    let other = least_privilege(&real, &["ListAllRepositories"]);
    assert_eq!(other.without_permissions, ["ListAllRepositories"]);
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hwcloud-policy-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src/nested")).expect("temp dir");
    dir
}

#[test]
fn scanning_finds_method_calls_and_request_types() {
    let dir = temp_dir("scan");
    std::fs::write(
        dir.join("src/main.rs"),
        "async fn run(c: &Client) {\n    let _ = c.reset_user_password().await;\n}\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("src/nested/list.rs"),
        "fn f(c: &Client) {\n    let r = requests::ListAttentionsRequest::new();\n    let _ = c.list_attentions_pager(r);\n}\n",
    )
    .expect("write");
    std::fs::write(dir.join("src/broken.rs"), "fn (").expect("write");
    let report = hwcloud_codegen_tools::scan::scan(&service("spec/codeartsartifact.yaml"), &dir);
    let found: Vec<&str> = report.uses.keys().map(String::as_str).collect();
    assert_eq!(found, ["ListAttentions", "ResetUserPassword"]);
    assert_eq!(report.uses["ResetUserPassword"][0].line, 2);
    assert_eq!(report.uses["ListAttentions"].len(), 2);
    assert_eq!(report.skipped.len(), 1, "the unparsable file is reported");
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// The exit code, standard output and standard error of `hwcloud-codegen args`.
fn cli(args: &[&str]) -> (i32, String, String) {
    let out = super::run(args);
    (
        out.status.code().unwrap_or(-1),
        super::text(&out.stdout),
        super::text(&out.stderr),
    )
}

#[test]
fn the_cli_prints_the_policy_and_fails_when_it_would_be_incomplete() {
    let (code, stdout, _) = cli(&[
        "policy",
        "reset_user_password",
        "--spec",
        "spec/codeartsartifact.yaml",
    ]);
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON policy");
    assert_eq!(
        doc["Statement"][0]["Action"][0],
        "codeartsartifact:repository:resetPassword"
    );

    let (code, stdout, stderr) = cli(&[
        "policy",
        "ResetUserPassword",
        "ShowStorage",
        "--spec",
        "spec/codeartsartifact.yaml",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("operation `ShowStorage`: its API reference documents no permission"),
        "{stderr}"
    );

    let (code, stdout, _) = cli(&[
        "policy",
        "ResetUserPassword",
        "ShowStorage",
        "--allow-incomplete",
        "--spec=spec/codeartsartifact.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("resetPassword"));
}

const NETWORK: &str = r#"
service: { name: Net, module: net }
operations:
  ListNetworks:
    method: GET
    path: /networks
    permissions:
      - { action: "net:networks:list", access_level: List }
    responses: { 200: {} }
  ListTags:
    method: GET
    path: /tags
    permissions:
      - { action: "net:tags:list", access_level: List }
    responses: { 200: {} }
"#;

const GATEWAY: &str = r#"
service: { name: Gateway, module: gateway }
operations:
  CreateGateway:
    method: POST
    path: /gateways
    permissions:
      - { action: "gateway:gateways:create", access_level: Write, dependencies: ["net:networks:get", "net:subnets:get"] }
    responses: { 200: {} }
  ListTags:
    method: GET
    path: /tags
    permissions:
      - { action: "gateway:tags:list", access_level: List }
    responses: { 200: {} }
"#;

fn two_services() -> Vec<Service> {
    [("net.yaml", NETWORK), ("gateway.yaml", GATEWAY)]
        .into_iter()
        .map(|(name, text)| hwcloud_spec::resolve(name, text).expect("valid").0)
        .collect()
}

#[test]
fn one_policy_covers_operations_of_several_services_with_their_dependencies() {
    let report = least_privilege_across(
        &two_services(),
        &["list_networks", "CreateGateway", "gateway::list_tags"],
    );
    assert!(report.is_complete(), "{:?}", report.notes());
    assert_eq!(
        report.actions,
        [
            "gateway:gateways:create",
            "gateway:tags:list",
            "net:networks:get",
            "net:networks:list",
            "net:subnets:get",
        ]
    );
    let covered: Vec<&str> = report.covered.iter().map(|(op, _)| op.as_str()).collect();
    assert_eq!(
        covered,
        [
            "net::ListNetworks",
            "gateway::CreateGateway",
            "gateway::ListTags"
        ]
    );
}

#[test]
fn a_name_several_services_share_must_be_qualified() {
    let report = least_privilege_across(&two_services(), &["ListTags", "nett::ListTags"]);
    assert!(!report.is_complete());
    assert!(report.actions.is_empty(), "nothing is granted for a guess");
    assert_eq!(
        report.ambiguous,
        [(
            "ListTags".to_owned(),
            vec!["net::ListTags".to_owned(), "gateway::ListTags".to_owned()]
        )]
    );
    assert_eq!(report.unknown.len(), 1, "an unknown module matches nothing");
    assert!(
        report.notes()[1].contains("name one of: net::ListTags, gateway::ListTags"),
        "{:?}",
        report.notes()
    );
}

#[test]
fn the_cli_needs_a_spec_and_names_no_default() {
    let (code, stdout, stderr) = cli(&["policy", "ListVpcsV3"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("no spec given"), "{stderr}");
}

#[test]
fn the_cli_prints_one_policy_for_vpc_and_nat() {
    let (code, stdout, stderr) = cli(&[
        "policy",
        "--spec",
        "spec/vpc.yaml",
        "--spec",
        "spec/nat.yaml",
        "list_vpcs_v3",
        "CreateNatGatewayV2",
        "nat::CreateSnatRule",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON policy");
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!([
            "nat:natGateways:create",
            "nat:snatRules:create",
            "vpc:vpcs:list"
        ])
    );

    // A directory holds several specs: the same names resolve across all of them.
    let dir = temp_dir("specs");
    for file in ["vpc.yaml", "nat.yaml"] {
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../spec")
                .join(file),
            dir.join(file),
        )
        .expect("copy spec");
    }
    let dir_arg = dir.to_string_lossy().into_owned();
    let (code, from_dir, stderr) = cli(&[
        "policy",
        "--spec",
        &dir_arg,
        "list_vpcs_v3",
        "CreateNatGatewayV2",
        "nat::CreateSnatRule",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(from_dir, stdout);
    std::fs::remove_dir_all(dir).expect("cleanup");
}
