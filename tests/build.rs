//! Generates the fixture specs so that `src/lib.rs` compiles them with warnings denied (the
//! same code the snapshot tests pin down must also build cleanly), and writes one loopback
//! HTTP test per operation of the real spec. The clients of the imported specs
//! (`spec/vpc.yaml`, `spec/nat.yaml`) are generated here too, so that they are compiled.

#[path = "build/operation_tests.rs"]
mod operation_tests;

/// Operations of the real spec generated on their own: one without input, one paged, one
/// with a JSON body.
const SELECTED: [&str; 3] = [
    "ResetUserPassword",
    "ListAllRepositories",
    "CreateAttention",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The fixtures collide names on purpose; their warnings are pinned by snapshots instead.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["fixtures/specs"])?;

    // The imported VPC and NAT specs: their generated clients must compile too.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["../spec/vpc.yaml", "../spec/nat.yaml"])?;

    let spec = "../spec/codeartsartifact.yaml";
    println!("cargo:rerun-if-changed={spec}");

    // A few operations of the real service, as a program calling only those would build
    // them: the selected code must compile cleanly on its own too.
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    let selected = hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .only_operations(SELECTED)
        .generate_file(std::path::Path::new(spec))?;
    hwcloud_codegen::write_if_changed(
        &out_dir.join("codeartsartifact_selected.rs"),
        selected.code(),
    )?;
    println!("cargo:rerun-if-changed=build/operation_tests.rs");
    let text = std::fs::read_to_string(spec)?;
    let (service, _) = hwcloud_codegen::resolve("codeartsartifact.yaml", &text).map_err(|d| {
        hwcloud_codegen::diagnostics::render_human(
            &[d],
            hwcloud_codegen::diagnostics::ColorChoice::Never,
        )
    })?;
    let code = operation_tests::operation_tests(&service, "hwcloud_codeartsartifact");
    let out = out_dir.join("operation_tests.rs");
    hwcloud_codegen::write_if_changed(&out, &code)?;
    Ok(())
}
