//! Generates the NAT Gateway client from `spec/nat.yaml` on every build where it changed;
//! only that spec is read, so a change to another spec does not rebuild this crate.
//! The blocking client is generated too, compiled only with the `blocking` feature.

fn main() -> Result<(), hwcloud_codegen::Error> {
    hwcloud_codegen::Config::new()
        .blocking_feature("blocking")
        .compile(&["../../spec/nat.yaml"])?;
    Ok(())
}
