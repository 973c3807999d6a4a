//! The subcommands, one file each; `main.rs` only parses the command line and dispatches
//! to them. What several commands share (reading files, the output format, colour) is
//! here.

pub mod catalogue;
pub mod check;
pub mod diff;
pub mod features;
pub mod generate;
pub mod import;
pub mod policy;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use hwcloud_codegen::Error;
use hwcloud_codegen::diagnostics::ColorChoice;

/// How a command prints its report: readable text like rustc's, or JSON for CI. (No doc
/// comments on the values: clap would list them in `--help` as a table.)
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Colour on standard error: only on a terminal, and not under `NO_COLOR` or `CI`.
pub fn color() -> ColorChoice {
    let wanted = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("CI").is_none();
    if wanted {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    }
}

/// The spec files named: files as given, directories as their `*.yaml` files.
pub fn expand(specs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for s in specs {
        if s.is_dir() {
            files.extend(hwcloud_spec::files::spec_files_in(s)?);
        } else {
            files.push(s.clone());
        }
    }
    Ok(files)
}

/// A file's text, or an error naming it.
pub fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}
