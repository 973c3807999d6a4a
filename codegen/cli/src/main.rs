//! `hwcloud-codegen`, the command-line tool of the `hwcloud-codegen` generator: `generate`
//! Rust clients from YAML API specs, `check` specs, `import` API reference pages into a
//! spec, `diff` two versions of a spec, print the least-privilege IAM `policy` of some
//! operations, the cargo `features` table of a crate generated with resource groups, and
//! the `catalogue` report.
//!
//! It is a crate of its own so that build scripts, which depend on the generator library,
//! compile neither clap nor the tools. It uses only public APIs: the generator's `Config`
//! (`hwcloud-codegen`), the spec front end (`hwcloud-spec`) and the tools
//! (`hwcloud-codegen-tools`). This file only parses the command line and dispatches; each
//! command is a module of `cli`.

mod cli;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "hwcloud-codegen",
    version,
    about = "Typed Rust clients from YAML API specs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate Rust source from specs (files or directories of `*.yaml`).
    Generate(cli::generate::GenerateArgs),
    /// Print the `[features]` table of a crate generated with `--groups` (one feature per
    /// resource group, `full` enabling all of them, by default) for its Cargo.toml.
    Features(cli::features::FeaturesArgs),
    /// Print one least-privilege IAM identity policy for operations of one or more
    /// services; exits non-zero when an operation is unknown or ambiguous or its
    /// permissions are not documented.
    Policy(cli::policy::PolicyArgs),
    /// Validate specs only; exits non-zero when a spec has errors (warnings alone pass).
    Check(cli::check::CheckArgs),
    /// Import API reference pages (text form) as operations, optionally merged into a spec;
    /// or, with `--service`, a whole reStructuredText reference tree as a complete spec.
    Import(cli::import::ImportArgs),
    /// List the changes between two versions of a spec, breaking ones first.
    Diff(cli::diff::DiffArgs),
    /// Import every reference tree under the given directories, count how faithfully each
    /// imports, compile the generated clients, and write the report (`docs/catalogue.md`).
    Catalogue(cli::catalogue::CatalogueArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate(args) => cli::generate::run(args),
        Command::Features(args) => cli::features::run(args),
        Command::Check(args) => cli::check::run(args),
        Command::Policy(args) => cli::policy::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Catalogue(args) => cli::catalogue::run(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprint!("{}", e.render(cli::color()));
            ExitCode::FAILURE
        }
    }
}
