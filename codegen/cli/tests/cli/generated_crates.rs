//! The service crates in `generated/` ship their generated code (`src/generated/`), so that
//! a user's build compiles neither the generator nor its dependencies and runs no build
//! script. This test regenerates each crate's code from its spec in `spec/` and fails when
//! the committed files differ, naming them; `HWCLOUD_BLESS=1` writes them instead:
//!
//! ```sh
//! HWCLOUD_BLESS=1 cargo test -p hwcloud-codegen-cli --test cli generated_crates
//! ```
//!
//! It also checks, as the build script used to, that each crate's `Cargo.toml` declares a
//! cargo feature per resource group of its spec. It lives here, beside the generator, and
//! not in a crate that depends on the service crates, so that it can write their code when
//! it is missing or does not build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Each service crate: its folder in `generated/`, its spec, and whether it has group features.
const CRATES: [(&str, &str, bool); 3] = [
    ("codeartsartifact", "spec/codeartsartifact.yaml", false),
    ("vpc", "spec/vpc.yaml", true),
    ("nat", "spec/nat.yaml", true),
];

/// Every file of `dir` by name.
fn files(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Generates a crate's code into `out`, as its build script did.
fn generate(krate: &str, spec: &str, groups: bool, out: &Path) {
    let manifest = root().join("generated").join(krate).join("Cargo.toml");
    hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .blocking_feature("blocking")
        .group_features(groups)
        .features_manifest(manifest)
        .out_dir(out)
        .compile(&[root().join(spec)])
        .unwrap_or_else(|e| panic!("{spec} generates: {e}"));
}

#[test]
fn committed_generated_code_is_what_the_specs_generate() {
    let bless = std::env::var_os("HWCLOUD_BLESS").is_some();
    let mut stale = Vec::new();
    for (krate, spec, groups) in CRATES {
        let committed_dir = root().join("generated").join(krate).join("src/generated");
        let fresh_dir =
            PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("generated-{krate}"));
        let _ = std::fs::remove_dir_all(&fresh_dir);
        generate(krate, spec, groups, &fresh_dir);
        let (fresh, committed) = (files(&fresh_dir), files(&committed_dir));
        if fresh == committed {
            continue;
        }
        if bless {
            let _ = std::fs::remove_dir_all(&committed_dir);
            std::fs::create_dir_all(&committed_dir).expect("the folder can be made");
            for (name, text) in &fresh {
                std::fs::write(committed_dir.join(name), text).expect("the file can be written");
            }
            continue;
        }
        let differ: Vec<&String> = fresh
            .keys()
            .chain(committed.keys())
            .filter(|n| fresh.get(*n) != committed.get(*n))
            .collect();
        stale.push(format!(
            "generated/{krate}/src/generated: {} file(s) differ from {spec}'s code, e.g. {}",
            differ.len(),
            differ
                .iter()
                .take(3)
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    assert!(
        stale.is_empty(),
        "{}\nregenerate with `HWCLOUD_BLESS=1 cargo test -p hwcloud-codegen-cli --test cli generated_crates`",
        stale.join("\n")
    );
}
