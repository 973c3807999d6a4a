//! The contract between generated code and the runtime: a generated crate needs only the
//! runtime as a dependency, reaches `serde` and `serde_json` through the runtime path it
//! was given, builds runtime values through constructors, and names the contract version
//! it was written for. (The crates in `generated/` themselves, which depend on the runtime
//! alone, are the compile check: the workspace does not build without them.)

use std::path::Path;

use hwcloud_codegen::Config;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every spec the tests generate: the fixtures and the real one.
fn specs() -> Vec<std::path::PathBuf> {
    let mut specs =
        hwcloud_spec::files::spec_files_in(&root().join("fixtures/specs")).expect("fixtures");
    for service in ["codeartsartifact", "vpc", "nat"] {
        specs.push(root().join(format!("../spec/{service}.yaml")));
    }
    specs
}

#[test]
fn the_generated_crates_depend_on_the_runtime_only() {
    for krate in ["codeartsartifact", "vpc", "nat"] {
        let path = root().join(format!("../generated/{krate}/Cargo.toml"));
        let manifest =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let dependencies: Vec<&str> = manifest
            .lines()
            .skip_while(|l| l.trim() != "[dependencies]")
            .skip(1)
            .take_while(|l| !l.trim_start().starts_with('['))
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .collect();
        assert_eq!(
            dependencies,
            ["hwcloud-runtime.workspace = true"],
            "{krate}"
        );
    }
}

#[test]
fn generated_code_reaches_serde_through_the_configured_runtime_path() {
    for spec in specs() {
        let code = Config::new()
            .cargo_directives(false)
            .split_files(false)
            .runtime_crate("::my_runtime")
            .blocking_feature("blocking")
            .generate_file(&spec)
            .expect("the spec is valid")
            .into_code();
        let name = spec.display();
        assert!(
            !code.contains("hwcloud_runtime"),
            "{name}: the runtime path is configurable"
        );
        let outside = code.replace("::my_runtime::__private::serde", "");
        assert!(
            !outside.contains("serde::") && !outside.contains("serde_json::"),
            "{name}: serde is reached through the runtime only"
        );
        assert!(
            code.contains("::my_runtime::__private::contract::V5"),
            "{name}: names its contract version"
        );
        for runtime_struct in [
            "Operation",
            "Permission",
            "ResourceType",
            "RegionInfo",
            "ServiceInfo",
        ] {
            assert!(
                !code.contains(&format!("::my_runtime::{runtime_struct} {{")),
                "{name}: builds `{runtime_struct}` through its constructor"
            );
        }
    }
}

#[test]
fn the_runtime_provides_the_contract_generated_code_names() {
    let _: Option<hwcloud_runtime::__private::contract::V5> = None;
    assert_eq!(
        hwcloud_codeartsartifact::SERVICE.operations.len(),
        hwcloud_codeartsartifact::operations::ALL.len()
    );
}
