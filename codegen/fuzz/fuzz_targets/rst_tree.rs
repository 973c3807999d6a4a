//! Any bytes as API reference pages: importing them as a tree must never panic, and the
//! spec it writes must read back as YAML.
//!
//! ```text
//! mkdir -p corpus/rst_tree && cp ../../tests/fixtures/tree/broken/*.rst corpus/rst_tree/
//! cargo +nightly fuzz run rst_tree corpus/rst_tree -- -max_total_time=600 -timeout=10
//! ```
//! The input is split into pages at each `0x00` byte (at most four pages).

#![no_main]

use hwcloud_codegen_tools::import::tree::{TreePage, import_tree};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let pages: Vec<TreePage> = data
        .split(|b| *b == 0)
        .take(4)
        .enumerate()
        .map(|(i, bytes)| TreePage {
            path: format!("page{i}.rst"),
            bytes: bytes.to_vec(),
        })
        .collect();
    let imported = import_tree(&pages, "fuzz");
    if !imported.yaml.is_empty() {
        serde_yaml_check(&imported.yaml);
    }
});

fn serde_yaml_check(text: &str) {
    let report = hwcloud_codegen::check("fuzz.yaml", text);
    // The importer drops what `check` rejects; a syntax error would be the writer's bug.
    assert!(
        !report.diagnostics.iter().any(|d| d.code == "yaml-syntax"),
        "the imported spec is not YAML"
    );
}
