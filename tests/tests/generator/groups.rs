//! Resource groups as cargo features, compiled for real: a throwaway workspace holds a
//! crate generated from `fixtures/groups/demo.yaml` by its own build script with group
//! features, and a crate that uses it with one group enabled. Each group alone, none, and
//! all compile without warnings; calling an operation of a disabled group is a compile error
//! that names the feature; a `Cargo.toml` that lacks a group feature fails the build script
//! with the lines to paste. The workspace and its target directory live under cargo's
//! scratch directory for tests, so later runs reuse the compiled dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The demo crate's `Cargo.toml`, with `features` as its `[features]` table.
fn demo_manifest(features: &str) -> String {
    let repo = root().join("..").canonicalize().expect("the repository");
    format!(
        r#"[package]
name = "groupdemo"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
hwcloud-runtime = {{ path = "{runtime}" }}

[build-dependencies]
hwcloud-codegen = {{ path = "{codegen}" }}

{features}blocking = ["hwcloud-runtime/blocking"]
"#,
        runtime = repo.join("runtime").display(),
        codegen = repo.join("codegen").display(),
    )
}

/// The features table the command-line tool prints for the fixture.
fn features_table() -> String {
    let text = std::fs::read_to_string(root().join("fixtures/groups/demo.yaml")).expect("fixture");
    let (service, _) = hwcloud_spec::resolve("demo.yaml", &text).expect("the fixture resolves");
    hwcloud_spec::groups::features_table(&hwcloud_spec::groups::Gates::of(&service))
}

/// A user of the demo crate with only the `subnet` group: one call per group, and a
/// compile-time check of the operations the service lists.
const USER: &str = r#"//! Calls one operation of each group with only `subnet` enabled.
pub async fn calls(client: &groupdemo::Client) {
    let subnets = groupdemo::requests::ListSubnetsRequest::new().with_project_id("p");
    let _ = client.list_subnets(&subnets).await;
    let _ = client.list_ports(&subnets);
    let _ = client.ping();
}

/// The service lists the operations of the enabled groups only: the two of `subnet`.
const _: () = assert!(
    groupdemo::SERVICE.operations.len() == 2 && groupdemo::operations::ALL.len() == 2
);
"#;

/// Writes the throwaway workspace (only files whose text changed, so that cargo's
/// fingerprints stay fresh between runs) and returns its directory.
fn workspace(features: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("groups-check");
    let files = [
        (
            "Cargo.toml",
            "[workspace]\nresolver = \"3\"\nmembers = [\"groupdemo\", \"user\"]\n".to_owned(),
        ),
        ("groupdemo/Cargo.toml", demo_manifest(features)),
        (
            "groupdemo/build.rs",
            "fn main() -> Result<(), hwcloud_codegen::Error> {\n    hwcloud_codegen::Config::new()\n        .group_features(true)\n        .blocking_feature(\"blocking\")\n        .compile(&[\"demo.yaml\"])?;\n    Ok(())\n}\n".to_owned(),
        ),
        (
            "groupdemo/demo.yaml",
            std::fs::read_to_string(root().join("fixtures/groups/demo.yaml")).expect("fixture"),
        ),
        (
            "groupdemo/src/lib.rs",
            "//! The demo service, one cargo feature per resource group.\n#![deny(warnings, missing_docs)]\ninclude!(concat!(env!(\"OUT_DIR\"), \"/groupdemo.rs\"));\n".to_owned(),
        ),
        (
            "user/Cargo.toml",
            "[package]\nname = \"user\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\ngroupdemo = { path = \"../groupdemo\", default-features = false, features = [\"subnet\"] }\n".to_owned(),
        ),
        ("user/src/lib.rs", USER.to_owned()),
    ];
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("scratch directory");
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).expect("scratch file");
        }
    }
    // The repository's lockfile: the same dependency versions, resolved offline.
    let lock = std::fs::read_to_string(root().join("../Cargo.lock")).expect("Cargo.lock");
    if !dir.join("Cargo.lock").exists() {
        std::fs::write(dir.join("Cargo.lock"), lock).expect("lockfile");
    }
    dir
}

/// `cargo check` in the scratch workspace: success and stderr.
fn check(dir: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .current_dir(dir)
        .args(["check", "--offline", "--quiet"])
        .args(args)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn groups_compile_alone_and_a_disabled_group_names_its_feature() {
    let dir = workspace(&features_table());
    for features in [
        "",
        "subnet",
        "port",
        "other",
        "full",
        "subnet,blocking",
        "full,blocking",
    ] {
        let (ok, stderr) = check(
            &dir,
            &[
                "-p",
                "groupdemo",
                "--no-default-features",
                "--features",
                features,
            ],
        );
        assert!(ok, "features `{features}`: {stderr}");
        assert!(
            !stderr.contains("warning"),
            "features `{features}`: {stderr}"
        );
    }

    let (ok, stderr) = check(&dir, &["-p", "user"]);
    assert!(!ok, "calls into disabled groups do not compile");
    // The enabled group's call compiles: every error is on the two other lines.
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("error:"))
        .collect();
    assert_eq!(
        errors[..2],
        [
            "error[E0277]: this operation belongs to resource group `port`: enable the crate's cargo feature `port`",
            "error[E0277]: this operation belongs to resource group `other`: enable the crate's cargo feature `other`",
        ],
        "{stderr}"
    );
    for pinned in [
        "--> user/src/lib.rs:5:20",
        "--> user/src/lib.rs:6:20",
        "needs the cargo feature `port`",
        "needs the cargo feature `other`",
        "= note: add `features = [\"port\"]` to this crate's dependency in Cargo.toml (the default feature `full` enables every group)",
    ] {
        assert!(stderr.contains(pinned), "{pinned}: {stderr}");
    }
    assert!(!stderr.contains("no method named"), "{stderr}");
    assert!(
        !stderr.contains("E0080") && !stderr.contains("evaluation"),
        "only the enabled group's operations are listed: {stderr}"
    );

    // A manifest from before the spec had the `port` group: the build script says what
    // to paste.
    let partial = features_table()
        .replace("port = []\n", "")
        .replace("\"port\", ", "");
    let dir = workspace(&partial);
    let (ok, stderr) = check(&dir, &["-p", "groupdemo"]);
    assert!(!ok, "the build script refuses an undeclared group");
    assert!(
        stderr.contains("does not declare the group features of service `groupdemo`: missing `port`, `full` enabling `port`"),
        "{stderr}"
    );
    for line in features_table().lines() {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
    workspace(&features_table());
}

/// With group features, each group's own items are in files of their own, which the main
/// file includes by name under the group's feature, so a crate built without the group
/// never reads them (schemas several groups share are in one file per set of groups, under
/// `any` of them); `write_to` puts them beside the main file, and rewrites nothing that did
/// not change.
#[test]
fn group_files_are_included_by_name_under_their_feature() {
    let text = std::fs::read_to_string(root().join("fixtures/groups/demo.yaml")).expect("fixture");
    let generated = hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .group_features(true)
        .blocking_feature("blocking")
        .generate_source("demo.yaml", &text)
        .expect("the fixture generates");
    let main = generated.code();
    let files: Vec<(&str, &str)> = generated.files().collect();
    assert!(!files.is_empty(), "the groups have files");
    let flat: Vec<&str> = main.lines().map(str::trim).collect();
    for (name, body) in &files {
        let include = format!("include!(\"{name}\");");
        let at: Vec<usize> = (0..flat.len()).filter(|&i| flat[i] == include).collect();
        assert_eq!(at.len(), 1, "{name} is included once: {main}");
        let cfg = flat[at[0] - 1];
        // `<module>.<group>.<kind>.rs` under its group's feature, or
        // `<module>.shared.<n>.rs` under any of the groups that reach its schemas.
        let parts: Vec<&str> = name.split('.').collect();
        if parts[1] == "shared" {
            assert!(cfg.starts_with("#[cfg("), "{name}: {cfg}");
        } else {
            assert_eq!(cfg, format!("#[cfg(feature = \"{}\")]", parts[1]), "{name}");
        }
        assert!(body.starts_with("// @generated"), "{name}");
        assert!(
            !body.contains("cfg(feature"),
            "{name}: its include carries the cfg"
        );
    }
    let includes = main.matches("include!(").count();
    assert_eq!(includes, files.len(), "every include names a file");
    for kind in ["types", "requests", "operations", "client", "blocking"] {
        assert!(
            files
                .iter()
                .any(|(name, _)| *name == format!("groupdemo.subnet.{kind}.rs")),
            "subnet has a {kind} file"
        );
    }
    // The `subnet` group's own items are in its files only.
    assert!(!main.contains("pub struct ListSubnetsRequest"));
    assert!(
        files
            .iter()
            .any(|(name, body)| name.ends_with(".subnet.requests.rs")
                && body.contains("pub struct ListSubnetsRequest"))
    );

    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("group-files");
    let _ = std::fs::remove_dir_all(&dir);
    let path = dir.join("groupdemo.rs");
    assert!(generated.write_to(&path).expect("written"), "first write");
    for (name, body) in &files {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).expect("beside the main file"),
            *body
        );
    }
    assert!(
        !generated.write_to(&path).expect("checked"),
        "nothing changed"
    );
}
