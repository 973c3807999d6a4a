//! Generates the CodeArts Artifact client from `spec/` on every build where a spec changed.
//! The blocking client is generated too, compiled only with the `blocking` feature.

fn main() -> Result<(), hwcloud_codegen::Error> {
    hwcloud_codegen::Config::new()
        .blocking_feature("blocking")
        .compile(&["../spec"])?;
    Ok(())
}
