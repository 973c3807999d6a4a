//! Generates the Virtual Private Cloud (VPC) client from `spec/vpc.yaml` on every build where it changed;
//! only that spec is read, so a change to another spec does not rebuild this crate.
//! The blocking client is generated too, compiled only with the `blocking` feature. Each
//! resource group (`group` in the spec) is compiled with a cargo feature of its own; the
//! build fails with the lines to paste when `Cargo.toml` does not declare one.

fn main() -> Result<(), hwcloud_codegen::Error> {
    hwcloud_codegen::Config::new()
        .blocking_feature("blocking")
        .group_features(true)
        .compile(&["../../spec/vpc.yaml"])?;
    Ok(())
}
