//! The `build_network` example (VPC, NAT and CodeArts Artifact in one program) against
//! three loopback servers: the VPC list is followed over two marker pages, each VPC's NAT
//! gateways are asked for by router id, every request is signed, and the IAM policy in the
//! example's documentation is the one the policy tool prints for its source.

#[allow(dead_code)]
#[path = "../../examples/build_network.rs"]
mod example;

use std::collections::BTreeMap;
use std::path::Path;

use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, received};
use hwcloud_tests::verify::check_signature;
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A VPC server with two pages, a NAT server with a gateway for the first VPC only, and a
/// CodeArts Artifact server.
async fn servers() -> (MockServer, MockServer, MockServer) {
    let vpc = MockServer::start().await;
    let vpcs_path = format!("/v3/{PROJECT_ID}/vpc/vpcs");
    Mock::given(method("GET"))
        .and(path(vpcs_path.as_str()))
        .and(query_param_is_missing("marker"))
        .respond_with(ok(json!({
            "request_id": "r1",
            "vpcs": [{ "id": "vpc-a", "name": "build" }],
            "page_info": { "previous_marker": "vpc-a", "current_count": 1, "next_marker": "vpc-a" }
        })))
        .expect(1)
        .mount(&vpc)
        .await;
    Mock::given(method("GET"))
        .and(path(vpcs_path.as_str()))
        .and(query_param("marker", "vpc-a"))
        .respond_with(ok(json!({
            "request_id": "r2",
            "vpcs": [{ "id": "vpc-b", "name": "staging" }],
            "page_info": { "previous_marker": "vpc-b", "current_count": 1 }
        })))
        .expect(1)
        .mount(&vpc)
        .await;

    let nat = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.0/nat_gateways"))
        .and(query_param("router_id", "vpc-a"))
        .respond_with(ok(
            json!({ "nat_gateways": [{ "id": "nat-1", "name": "egress" }] }),
        ))
        .expect(1)
        .mount(&nat)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.0/nat_gateways"))
        .and(query_param("router_id", "vpc-b"))
        .respond_with(ok(json!({ "nat_gateways": [] })))
        .expect(1)
        .mount(&nat)
        .await;

    let artifact = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cloudartifact/v5/maven/users/me"))
        .respond_with(ok(json!({ "status": "success", "trace_id": "t-1" })))
        .expect(1)
        .mount(&artifact)
        .await;
    (vpc, nat, artifact)
}

#[tokio::test]
async fn the_example_lists_vpcs_over_marker_pages_their_nat_gateways_and_resets_the_password() {
    let (vpc, nat, artifact) = servers().await;
    let env: BTreeMap<String, String> = [
        ("HUAWEICLOUD_SDK_AK", AK.to_owned()),
        ("HUAWEICLOUD_SDK_SK", SK.to_owned()),
        ("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT_ID.to_owned()),
        ("HUAWEICLOUD_SDK_REGION_VPC_XX_TEST_1", vpc.uri()),
        ("HUAWEICLOUD_SDK_REGION_NAT_XX_TEST_1", nat.uri()),
        (
            "HUAWEICLOUD_SDK_REGION_CODEARTSARTIFACT_XX_TEST_1",
            artifact.uri(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let clients = example::clients("xx-test-1", move |name| env.get(name).cloned())
        .expect("the clients build from the environment");

    let report = example::run(&clients).await.expect("the program succeeds");

    let network = |id: &str, name: &str, gateways: &[&str]| example::Network {
        vpc_id: id.to_owned(),
        vpc_name: name.to_owned(),
        nat_gateways: gateways.iter().map(|g| (*g).to_owned()).collect(),
    };
    assert_eq!(
        report,
        example::Report {
            networks: vec![
                network("vpc-a", "build", &["egress"]),
                network("vpc-b", "staging", &[]),
            ],
            vpc_pages: 2,
            password_reset: "success".to_owned(),
        }
    );
    for server in [&vpc, &nat, &artifact] {
        for request in server.received_requests().await.unwrap_or_default() {
            check_signature(&received(&request), AK, SK)
                .unwrap_or_else(|e| panic!("{} {}: {e}", request.method, request.url));
        }
        server.verify().await;
    }
    let first_page = &vpc.received_requests().await.unwrap_or_default()[0];
    assert_eq!(first_page.url.query(), Some("limit=50"));
}

#[tokio::test]
async fn a_vpc_service_that_repeats_its_marker_fails_the_listing_instead_of_looping() {
    let vpc = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({
            "vpcs": [{ "id": "vpc-a", "name": "build" }],
            "page_info": { "next_marker": "vpc-a" }
        })))
        .mount(&vpc)
        .await;
    let nat = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({ "nat_gateways": [] })))
        .mount(&nat)
        .await;
    let artifact = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(
            json!({ "error_code": "CLOUDARTIFACT.00000001", "error_msg": "internal" }),
        ))
        .mount(&artifact)
        .await;
    let (vpc_uri, nat_uri, artifact_uri) = (vpc.uri(), nat.uri(), artifact.uri());
    let env = move |name: &str| match name {
        "HUAWEICLOUD_SDK_AK" => Some(AK.to_owned()),
        "HUAWEICLOUD_SDK_SK" => Some(SK.to_owned()),
        "HUAWEICLOUD_SDK_PROJECT_ID" => Some(PROJECT_ID.to_owned()),
        "HUAWEICLOUD_SDK_REGION_VPC_XX_TEST_1" => Some(vpc_uri.clone()),
        "HUAWEICLOUD_SDK_REGION_NAT_XX_TEST_1" => Some(nat_uri.clone()),
        "HUAWEICLOUD_SDK_REGION_CODEARTSARTIFACT_XX_TEST_1" => Some(artifact_uri.clone()),
        _ => None,
    };
    let clients = example::clients("xx-test-1", env).expect("clients");
    let error = example::run(&clients)
        .await
        .expect_err("the listing cannot be complete");
    assert!(
        error.starts_with("listing VPCs: ") && error.contains("same items as page 1"),
        "{error}"
    );
    // The first page, then the page after marker `vpc-a`, which repeats the first: the
    // program stops there, before any NAT lookup or password reset.
    let pages = vpc.received_requests().await.unwrap_or_default();
    let queries: Vec<Option<&str>> = pages.iter().map(|r| r.url.query()).collect();
    assert_eq!(queries, [Some("limit=50"), Some("limit=50&marker=vpc-a")]);
    assert_eq!(nat.received_requests().await.unwrap_or_default().len(), 0);
    assert_eq!(
        artifact.received_requests().await.unwrap_or_default().len(),
        0
    );
}

/// The policy in the example's documentation, read back from its source.
fn documented_policy(source: &str) -> String {
    source
        .lines()
        .skip_while(|l| *l != "//! ```json")
        .skip(1)
        .take_while(|l| *l != "//! ```")
        .map(|l| {
            l.strip_prefix("//! ")
                .or(l.strip_prefix("//!"))
                .unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// What `hwcloud-codegen policy --scan <example> --spec <the three specs>` prints: every
/// operation the example calls, found by the scanner in each service, qualified by service,
/// in one policy.
#[test]
fn the_documented_policy_is_what_the_policy_tool_prints_for_the_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let example = root.join("examples/build_network.rs");
    let mut services = Vec::new();
    let mut wanted = Vec::new();
    for spec in ["vpc", "nat", "codeartsartifact"] {
        let text = std::fs::read_to_string(root.join(format!("../spec/{spec}.yaml")))
            .expect("the spec is readable");
        let (service, _) =
            hwcloud_spec::resolve(&format!("{spec}.yaml"), &text).expect("the spec resolves");
        let scan = hwcloud_codegen_tools::scan::scan(&service, &example);
        assert!(scan.skipped.is_empty(), "{:?}", scan.skipped);
        let used: Vec<String> = scan.uses.keys().map(|op| format!("{spec}::{op}")).collect();
        assert!(!used.is_empty(), "the example calls {spec}");
        wanted.extend(used);
        services.push(service);
    }
    assert_eq!(
        wanted,
        [
            "vpc::ListVpcsV3",
            "nat::ListNatGatewaysV2",
            "codeartsartifact::ResetUserPassword"
        ]
    );
    let names: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let report = hwcloud_codegen_tools::policy::least_privilege_across(&services, &names);
    assert!(report.is_complete(), "{:?}", report.notes());
    let printed = report.document_text().expect("a policy");
    let source = std::fs::read_to_string(&example).expect("the example is readable");
    assert_eq!(documented_policy(&source), printed);
}
