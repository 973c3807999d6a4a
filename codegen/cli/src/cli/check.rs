//! `hwcloud-codegen check [SPEC|DIR]... [--format human|json]`.

use std::path::PathBuf;

use clap::Args;
use hwcloud_codegen::Error;
use hwcloud_codegen::diagnostics::{FileDiagnostics, render_human, render_json};
use hwcloud_spec::files::display_name;

use super::Format;

/// Arguments of `check`.
#[derive(Args)]
pub struct CheckArgs {
    /// Spec files or directories.
    #[arg(default_value = "spec")]
    specs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

/// Checks every spec; `Ok(false)` when one has errors (warnings alone pass).
pub fn run(args: &CheckArgs) -> Result<bool, Error> {
    let mut reports = Vec::new();
    for spec in super::expand(&args.specs)? {
        let text = super::read(&spec)?;
        reports.push(hwcloud_codegen::check(&display_name(&spec), &text));
    }
    let ok = !reports.iter().any(FileDiagnostics::has_errors);
    match args.format {
        Format::Json => println!("{}", render_json(&reports)),
        Format::Human => eprint!("{}", render_human(&reports, super::color())),
    }
    Ok(ok)
}
