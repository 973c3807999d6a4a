//! Generates the CodeArts Artifact client from `spec/codeartsartifact.yaml` on every build
//! where it changed (the other specs in `spec/` belong to other crates).
//! The blocking client is generated too, compiled only with the `blocking` feature.

fn main() -> Result<(), hwcloud_codegen::Error> {
    hwcloud_codegen::Config::new()
        .blocking_feature("blocking")
        .compile(&["../spec/codeartsartifact.yaml"])?;
    Ok(())
}
