//! Generates the fixture specs so that `src/lib.rs` compiles them with warnings denied (the
//! same code the snapshot tests pin down must also build cleanly), and writes one loopback
//! HTTP test per operation of every service crate in `generated/` (the clients themselves
//! are compiled by those crates, not here).

#[path = "build/operation_tests.rs"]
mod operation_tests;

/// Operations of the real spec generated on their own: one without input, one paged, one
/// with a JSON body.
const SELECTED: [&str; 3] = [
    "ResetUserPassword",
    "ListAllRepositories",
    "CreateAttention",
];

/// The service crates whose every operation gets a loopback test: the module name of the
/// spec (`spec/<module>.yaml`) and the crate generated from it.
const SERVICES: [(&str, &str); 3] = [
    ("codeartsartifact", "hwcloud_codeartsartifact"),
    ("vpc", "hwcloud_vpc"),
    ("nat", "hwcloud_nat"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The fixtures collide names on purpose; their warnings are pinned by snapshots instead.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["fixtures/specs"])?;

    // A service imported from a catalogue tree, as a user would build it.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["fixtures/catalogue/antiddos.yaml"])?;

    let spec = "../spec/codeartsartifact.yaml";
    println!("cargo:rerun-if-changed={spec}");

    // A few operations of the real service, as a program calling only those would build
    // them: the selected code must compile cleanly on its own too.
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    let selected = hwcloud_codegen::Config::new()
        .cargo_directives(false)
        .split_files(false)
        .only_operations(SELECTED)
        .generate_file(std::path::Path::new(spec))?;
    selected.write_to(out_dir.join("codeartsartifact_selected.rs"))?;
    println!("cargo:rerun-if-changed=build/operation_tests.rs");
    for (module, krate) in SERVICES {
        let spec = format!("../spec/{module}.yaml");
        println!("cargo:rerun-if-changed={spec}");
        let text = std::fs::read_to_string(&spec)?;
        let (service, _) =
            hwcloud_spec::resolve(&format!("{module}.yaml"), &text).map_err(|d| {
                hwcloud_codegen::diagnostics::render_human(
                    &[d],
                    hwcloud_codegen::diagnostics::ColorChoice::Never,
                )
            })?;
        let code = operation_tests::operation_tests(&service, krate);
        let out = out_dir.join(format!("operation_tests_{module}.rs"));
        // The build script reruns only when its inputs change, and then so does the crate.
        std::fs::write(&out, code)?;
    }
    Ok(())
}
