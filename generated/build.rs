//! Generates the CodeArts Artifact client from `spec/` on every build where a spec changed.

fn main() -> Result<(), hwcloud_codegen::Error> {
    hwcloud_codegen::compile(&["../spec"])?;
    Ok(())
}
