//! Every operation of the CodeArts Artifact spec over loopback HTTP: the tests below are
//! generated from `spec/codeartsartifact.yaml` by `build/operation_tests.rs` and all run
//! through the one generic harness in `src/harness.rs`.

include!(concat!(env!("OUT_DIR"), "/operation_tests.rs"));

/// The operation ids of the spec, read as plain YAML (not through the generator), sorted.
fn spec_operation_ids() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/codeartsartifact.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
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

/// Every operation of the spec is in the client and has a generated test: both lists are
/// checked against the spec file itself.
#[test]
fn every_operation_has_a_test() {
    let spec = spec_operation_ids();
    assert!(!spec.is_empty(), "the spec has operations");
    let mut client: Vec<&str> = hwcloud_codeartsartifact::operations::ALL
        .iter()
        .map(|o| o.id)
        .collect();
    client.sort_unstable();
    assert_eq!(client, spec, "the client's operations are the spec's");
    let mut tested = TESTED_OPERATIONS.to_vec();
    tested.sort_unstable();
    assert_eq!(tested, spec, "every operation of the spec has a test");
}
