//! `hwcloud-codegen features SPEC`: the `[features]` table of a crate generated with
//! resource groups.

use std::path::PathBuf;

use clap::Args;
use hwcloud_codegen::Error;
use hwcloud_spec::files::display_name;
use hwcloud_spec::groups::{Gates, features_table};

/// Arguments of `features`.
#[derive(Args)]
pub struct FeaturesArgs {
    /// The service's spec file.
    spec: PathBuf,
}

/// Prints the `[features]` table of the crate generated from the spec with group features.
pub fn run(args: &FeaturesArgs) -> Result<bool, Error> {
    let text = super::read(&args.spec)?;
    let (service, _) = hwcloud_spec::resolve(&display_name(&args.spec), &text)
        .map_err(|d| Error::Spec(vec![d]))?;
    print!("{}", features_table(&Gates::of(&service)));
    Ok(true)
}
