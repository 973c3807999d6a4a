//! `hwcloud-codegen diff OLD NEW [--format human|json] [--deny breaking] [--version X.Y.Z]`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use hwcloud_codegen::Error;
use hwcloud_codegen_tools::diff;

/// Arguments of `diff`.
#[derive(Args)]
pub struct DiffArgs {
    /// The spec as it was.
    old: PathBuf,
    /// The spec as it is now.
    new: PathBuf,
    /// Output format: a readable list, or JSON for CI.
    #[arg(long, value_enum, default_value_t = super::Format::Human)]
    format: super::Format,
    /// Exit non-zero when a change of this class is found.
    #[arg(long, value_enum)]
    deny: Option<Deny>,
    /// The generated crate's current version: the report then names the next one.
    #[arg(long, value_name = "X.Y.Z")]
    version: Option<String>,
}

/// Change classes that can fail the command.
#[derive(Clone, Copy, ValueEnum)]
enum Deny {
    /// Changes that break users of the generated crate.
    Breaking,
}

/// Prints the changes; `Ok(false)` when `--deny breaking` and a change is breaking.
pub fn run(args: &DiffArgs) -> Result<bool, Error> {
    let (old_name, new_name) = (
        hwcloud_spec::files::display_name(&args.old),
        hwcloud_spec::files::display_name(&args.new),
    );
    let report = diff::diff_specs(
        &old_name,
        &super::read(&args.old)?,
        &new_name,
        &super::read(&args.new)?,
    )?;
    let next = match (&args.version, report.bump()) {
        (Some(v), Some(bump)) => Some(bump.next(v).ok_or_else(|| Error::Config {
            message: format!("`--version {v}`: write the crate's version as `x.y.z`"),
        })?),
        _ => None,
    };
    match args.format {
        super::Format::Human => {
            print!("{}", diff::render_human(&report, &old_name, &new_name));
            if let (Some(v), Some(n)) = (&args.version, &next) {
                println!("next version: {v} -> {n}");
            }
        }
        super::Format::Json => println!("{}", diff::render_json(&report, &old_name, &new_name)),
    }
    Ok(!(matches!(args.deny, Some(Deny::Breaking)) && report.has_breaking()))
}
