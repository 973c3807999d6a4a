//! Generates the fixture specs so that `src/lib.rs` compiles them with warnings denied:
//! the same code the snapshot tests pin down must also build cleanly.

fn main() -> Result<(), hwcloud_codegen::Error> {
    // The fixtures collide names on purpose; their warnings are pinned by snapshots instead.
    hwcloud_codegen::Config::new()
        .cargo_warnings(false)
        .compile(&["fixtures/specs"])?;
    Ok(())
}
