//! Generates the fixture specs so that `src/lib.rs` compiles them with warnings denied (the
//! same code the snapshot tests pin down must also build cleanly), and writes one loopback
//! HTTP test per operation of the real spec.

#[path = "build/operation_tests.rs"]
mod operation_tests;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The fixtures collide names on purpose; their warnings are pinned by snapshots instead.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["fixtures/specs"])?;

    let spec = "../spec/codeartsartifact.yaml";
    println!("cargo:rerun-if-changed={spec}");
    println!("cargo:rerun-if-changed=build/operation_tests.rs");
    let text = std::fs::read_to_string(spec)?;
    let (service, _) = hwcloud_codegen::resolve("codeartsartifact.yaml", &text).map_err(|d| {
        hwcloud_codegen::diagnostics::render_human(
            &[d],
            hwcloud_codegen::diagnostics::ColorChoice::Never,
        )
    })?;
    let code = operation_tests::operation_tests(&service, "hwcloud_codeartsartifact");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("operation_tests.rs");
    hwcloud_codegen::write_if_changed(&out, &code)?;
    Ok(())
}
