//! Deterministic output: a spec yields byte-identical code whatever the order of the YAML
//! mappings on disk and whatever the process's hash seed.
//!
//! Operations and schemas are emitted sorted by name, responses by status, and every other
//! mapping is looked up by key, so reordering mappings must not change a byte. Two orders
//! are meaningful and are kept: `properties` (the order of fields in the JSON on the wire,
//! which the generated structs follow so that serialized bodies match the official SDK's
//! byte for byte) and lists (`parameters`, `enum`, `permissions`, ...), whose order is
//! their meaning.

use std::path::{Path, PathBuf};
use std::process::Command;

use hwcloud_codegen::Config;
use serde_yaml::{Mapping, Value};

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files =
        hwcloud_spec::files::spec_files_in(&root.join("fixtures/specs")).expect("fixtures");
    files.push(root.join("../spec/codeartsartifact.yaml"));
    files
}

fn generate(name: &str, text: &str) -> String {
    let mut config = Config::new();
    config.cargo_directives(false).split_files(false);
    config
        .generate_source(name, text)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .into_code()
}

/// A fixed permutation, different for each mapping: rotated by `salt`, then reversed.
fn reorder(m: &Mapping, salt: usize) -> Vec<(Value, Value)> {
    let mut entries: Vec<(Value, Value)> = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    if !entries.is_empty() {
        let n = entries.len();
        entries.rotate_left(salt % n);
        entries.reverse();
    }
    entries
}

/// `value` with the entries of every mapping reordered, except `properties`, whose order
/// is the wire order; lists keep their order.
fn shuffled(value: &Value, salt: &mut usize) -> Value {
    match value {
        Value::Mapping(m) => {
            *salt += 1;
            let mut out = Mapping::new();
            for (k, v) in reorder(m, *salt) {
                let child = if k.as_str() == Some("properties") {
                    keep_properties(&v, salt)
                } else {
                    shuffled(&v, salt)
                };
                out.insert(k, child);
            }
            Value::Mapping(out)
        }
        Value::Sequence(items) => {
            Value::Sequence(items.iter().map(|i| shuffled(i, salt)).collect())
        }
        other => other.clone(),
    }
}

/// A `properties` mapping: its own order kept, each property's keys shuffled.
fn keep_properties(value: &Value, salt: &mut usize) -> Value {
    match value {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .map(|(k, v)| (k.clone(), shuffled(v, salt)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn reordering_yaml_mappings_changes_no_byte() {
    for spec in specs() {
        let name = hwcloud_spec::files::display_name(&spec);
        let text = std::fs::read_to_string(&spec).expect("readable");
        let original = generate(&name, &text);
        let doc: Value = serde_yaml::from_str(&text).expect("YAML");
        for start in [0, 7] {
            let mut salt = start;
            let reordered = serde_yaml::to_string(&shuffled(&doc, &mut salt)).expect("YAML");
            assert_ne!(
                reordered,
                serde_yaml::to_string(&doc).expect("YAML"),
                "{name}: the order changed"
            );
            let code = generate(&name, &reordered);
            assert!(
                code == original,
                "{name}: reordering its mappings changed the generated code"
            );
        }
    }
}

/// The wire order of properties is kept, so reordering them is a change the output shows.
#[test]
fn property_order_is_the_wire_order() {
    let spec = "service: { name: Demo, module: demo }\noperations:\n  Get:\n    method: GET\n    path: /x\n    responses: { 200: { body: { ref: Pair } } }\nschemas:\n  Pair:\n    type: object\n    properties:\n      second: { type: string }\n      first: { type: string }\n";
    let code = generate("pair.yaml", spec);
    let second = code.find("pub second:").expect("field");
    let first = code.find("pub first:").expect("field");
    assert!(second < first, "fields follow the spec's property order");
}

/// Set in a child process (see below): the file it writes its generated code to.
const CHILD: &str = "HWCLOUD_DETERMINISM_CHILD";
/// This test's name, which the child process runs.
const TEST: &str = "determinism::generation_does_not_depend_on_the_process";

fn all_code() -> String {
    specs()
        .iter()
        .map(|spec| {
            let text = std::fs::read_to_string(spec).expect("readable");
            generate(&hwcloud_spec::files::display_name(spec), &text)
        })
        .collect()
}

/// Each process hashes with its own random seed: two fresh processes must generate exactly
/// the code this one does. The test runs itself in a child process (this test binary
/// filtered to this test, with [`CHILD`] set), where it only writes the code it generates;
/// a child that writes nothing fails the test.
#[test]
fn generation_does_not_depend_on_the_process() {
    if let Some(out) = std::env::var_os(CHILD) {
        std::fs::write(out, all_code()).expect("writable");
        return;
    }
    let expected = all_code();
    assert!(expected.len() > 10_000, "the specs generate code");
    let exe = std::env::current_exe().expect("test binary");
    for run in 0..2 {
        let out = std::env::temp_dir().join(format!(
            "hwcloud-determinism-{}-{run}.rs",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&out);
        let child = Command::new(&exe)
            .args(["--exact", TEST, "--test-threads=1"])
            .env(CHILD, &out)
            .output()
            .expect("child runs");
        assert!(
            child.status.success(),
            "{}",
            String::from_utf8_lossy(&child.stderr)
        );
        let code = std::fs::read_to_string(&out).unwrap_or_else(|e| {
            panic!(
                "the child process wrote no code ({e}); its output:\n{}",
                String::from_utf8_lossy(&child.stdout)
            )
        });
        let _ = std::fs::remove_file(&out);
        assert!(code == expected, "a child process generated different code");
    }
}
