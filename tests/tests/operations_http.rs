//! Every operation of the CodeArts Artifact spec over loopback HTTP: the tests below are
//! generated from `spec/codeartsartifact.yaml` by `build/operation_tests.rs` and all run
//! through the one generic harness in `src/harness.rs`.

include!(concat!(env!("OUT_DIR"), "/operation_tests.rs"));

#[test]
fn every_operation_has_a_test() {
    let ids: Vec<&str> = hwcloud_codeartsartifact::operations::ALL
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(ids, TESTED_OPERATIONS);
    assert_eq!(ids.len(), 59);
}
