//! Snapshots of generated code, small enough to review: a listing per fixture spec (client
//! methods, types with their fields, constructors, setters and impls, request types), the
//! warnings per fixture, the whole code of the seed operation, and a few representative
//! items of the real spec. The fixture code itself is compiled with warnings denied in
//! `src/lib.rs`, and the real specs' in `generated/<service>/`, which is what checks the
//! code.

use std::collections::BTreeSet;
use std::path::Path;

use hwcloud_codegen::Config;

use crate::listing;
use serde_yaml::{Mapping, Value};

fn config() -> Config {
    let mut c = Config::new();
    c.cargo_directives(false).split_files(false);
    c
}

fn snapshot(name: &str, code: &str) {
    insta::with_settings!({ snapshot_path => "snapshots/generated", prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!(name, code);
    });
}

#[test]
fn fixture_specs_generate_the_pinned_listings_and_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/specs");
    let files = hwcloud_spec::files::spec_files_in(&dir).expect("fixture dir is readable");
    assert!(files.len() >= 5, "fixtures are present");
    for file in files {
        let generated = config()
            .generate_file(&file)
            .expect("fixture specs are valid");
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
        snapshot(
            &format!("fixture_{stem}"),
            &listing::listing(generated.code()),
        );
        let warnings = hwcloud_codegen::diagnostics::render_human(
            std::slice::from_ref(generated.warnings()),
            hwcloud_codegen::diagnostics::ColorChoice::Never,
        );
        snapshot(&format!("fixture_{stem}_warnings"), &warnings);
    }
}

/// Every schema name referenced (`ref: X`) anywhere below `value`.
fn refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("ref")
                    && let Some(name) = v.as_str()
                {
                    out.insert(name.to_owned());
                }
                refs(v, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| refs(i, out)),
        _ => {}
    }
}

/// The real spec reduced to one operation and the schemas it reaches.
fn single_operation_spec(id: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/codeartsartifact.yaml");
    let text = std::fs::read_to_string(path).expect("the spec is readable");
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is YAML");
    let op = spec["operations"][id].clone();
    let mut needed = BTreeSet::new();
    refs(&op, &mut needed);
    let mut schemas = Mapping::new();
    loop {
        let before = needed.len();
        for name in needed.clone() {
            let schema = spec["schemas"][name.as_str()].clone();
            refs(&schema, &mut needed);
            schemas.insert(Value::from(name), schema);
        }
        if needed.len() == before {
            break;
        }
    }
    let mut operations = Mapping::new();
    operations.insert(Value::from(id), op);
    let mut reduced = Mapping::new();
    reduced.insert("service".into(), spec["service"].clone());
    reduced.insert("operations".into(), Value::Mapping(operations));
    reduced.insert("schemas".into(), Value::Mapping(schemas));
    serde_yaml::to_string(&reduced).expect("serializable")
}

#[test]
fn seed_operation_generates_the_pinned_code() {
    let spec = single_operation_spec("ResetUserPassword");
    let generated = config()
        .generate_source("codeartsartifact.yaml", &spec)
        .expect("the seed is valid");
    assert!(
        generated.warnings().diagnostics.is_empty(),
        "{:?}",
        generated.warnings().diagnostics
    );
    snapshot("seed_reset_user_password", generated.code());
}

/// Items that show each kind of generated code: a schema with required fields (its
/// `<Type>Required` parameters struct, `new` and setters), a response type with a secret
/// redacted in `Debug`, an enum, a request with path, query and header parameters, and an
/// operation's metadata with its permissions.
#[test]
fn representative_items_of_the_real_spec_are_pinned() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/codeartsartifact.yaml");
    let generated = config().generate_file(&spec).expect("the spec is valid");
    let items = listing::items_named(
        generated.code(),
        &[
            "TrashArtifactModelForDelete",
            "TrashArtifactModelForDeleteRequired",
            "RepositoryUserDO",
            "ShowRepositoryRolesPrivilegeRequest",
            "ShowRepositoryRolesPrivilegeRequestRequired",
            "SHOW_REPOSITORY_ROLES_PRIVILEGE",
        ],
    );
    for name in [
        "TrashArtifactModelForDeleteRequired",
        "fmt::Debug for RepositoryUserDO",
    ] {
        assert!(items.contains(name), "{name} is among the items");
    }
    snapshot("codeartsartifact_items", &items);
}

#[test]
fn generation_is_deterministic() {
    let spec = single_operation_spec("ResetUserPassword");
    let a = config()
        .generate_source("a.yaml", &spec)
        .expect("valid")
        .into_code();
    let b = config()
        .generate_source("a.yaml", &spec)
        .expect("valid")
        .into_code();
    assert_eq!(a, b);
}
