//! Every operation of every service crate (CodeArts Artifact, VPC, NAT) over loopback HTTP:
//! the tests below are generated from `spec/<service>.yaml` by `build/operation_tests.rs`
//! and all run through the one generic harness in `src/harness.rs`.

/// `spec/codeartsartifact.yaml` through `hwcloud_codeartsartifact`.
mod codeartsartifact {
    include!(concat!(
        env!("OUT_DIR"),
        "/operation_tests_codeartsartifact.rs"
    ));
}

/// `spec/vpc.yaml` through `hwcloud_vpc`.
mod vpc {
    include!(concat!(env!("OUT_DIR"), "/operation_tests_vpc.rs"));
}

/// `spec/nat.yaml` through `hwcloud_nat`.
mod nat {
    include!(concat!(env!("OUT_DIR"), "/operation_tests_nat.rs"));
}

/// The operation ids of `spec/<module>.yaml`, read as plain YAML (not through the
/// generator), sorted.
fn spec_operation_ids(module: &str) -> Vec<String> {
    let path = format!("{}/../spec/{module}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the spec is readable");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let operations = doc["operations"]
        .as_mapping()
        .expect("an operations mapping");
    let mut ids: Vec<String> = operations
        .keys()
        .map(|k| k.as_str().expect("string ids").to_owned())
        .collect();
    ids.sort();
    ids
}

/// Checks that the client's operations and the generated tests are exactly the spec's.
fn check_coverage(module: &str, client: &[&hwcloud_runtime::Operation], tested: &[&str]) {
    let spec = spec_operation_ids(module);
    assert!(!spec.is_empty(), "{module}: the spec has operations");
    let mut client: Vec<&str> = client.iter().map(|o| o.id).collect();
    client.sort_unstable();
    assert_eq!(
        client, spec,
        "{module}: the client's operations are the spec's"
    );
    let mut tested = tested.to_vec();
    tested.sort_unstable();
    assert_eq!(
        tested, spec,
        "{module}: every operation of the spec has a test"
    );
}

/// Every operation of every spec is in its client and has a generated test: both lists
/// are checked against the spec files themselves.
#[test]
fn every_operation_has_a_test() {
    check_coverage(
        "codeartsartifact",
        hwcloud_codeartsartifact::operations::ALL,
        codeartsartifact::TESTED_OPERATIONS,
    );
    check_coverage("vpc", hwcloud_vpc::operations::ALL, vpc::TESTED_OPERATIONS);
    check_coverage("nat", hwcloud_nat::operations::ALL, nat::TESTED_OPERATIONS);
}
