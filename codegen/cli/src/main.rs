//! `hwcloud-codegen`, the command-line tool of the `hwcloud-codegen` generator: `generate`
//! Rust clients from YAML API specs, `check` specs, `import` API reference pages into a
//! spec, `diff` two versions of a spec, print the least-privilege IAM `policy` of some
//! operations, and the cargo `features` table of a crate generated with resource groups.
//!
//! It is a crate of its own so that build scripts, which depend on the library, compile
//! neither clap nor the import, diff, policy and scan tools. It uses the library's internals
//! through its `unstable-internals` feature, hence the exact version requirement.

mod cli;

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hwcloud_codegen::diagnostics::{ColorChoice, FileDiagnostics, render_human, render_json};
use hwcloud_codegen::{Config, Error};

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
    Generate {
        /// Spec files or directories.
        #[arg(default_value = "spec")]
        specs: Vec<PathBuf>,
        /// Write to this file (one spec) instead of `<out-dir>/<module>.rs`; `-` for stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Directory for `<module>.rs` files.
        #[arg(long, default_value = "target/generated")]
        out_dir: PathBuf,
        /// Path of the runtime crate in generated code.
        #[arg(long, default_value = "::hwcloud_runtime")]
        runtime_crate: String,
        /// Generate only these operations (ids or client method names, comma-separated or
        /// repeated) and the schemas they reach.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Compile each resource group with a cargo feature of its own (the crate declares
        /// the table `hwcloud-codegen features` prints); each group's items go to files
        /// beside the main one (`<module>.<group>.<kind>.rs`), which it includes under the
        /// group's feature.
        #[arg(long)]
        groups: bool,
    },
    /// Print the `[features]` table of a crate generated with `--groups` (one feature per
    /// resource group, `full` enabling all of them, by default) for its Cargo.toml.
    Features {
        /// The service's spec file.
        spec: PathBuf,
    },
    /// Print one least-privilege IAM identity policy for operations of one or more
    /// services; exits non-zero when an operation is unknown or ambiguous or its
    /// permissions are not documented.
    Policy {
        /// Operation ids (`ListVpcs`) or client method names (`list_vpcs`), optionally
        /// qualified by the service module (`vpc::ListVpcs`) when several specs share a name.
        operations: Vec<String>,
        /// Also include every operation called in this Rust file or source tree.
        #[arg(long)]
        scan: Option<PathBuf>,
        /// The spec files or directories of the services the program calls (repeat the
        /// option or separate with commas); required.
        #[arg(long, value_delimiter = ',')]
        spec: Vec<PathBuf>,
        /// Print the policy even when some operations have no permission data.
        #[arg(long)]
        allow_incomplete: bool,
    },
    /// Validate specs only; exits non-zero when a spec has errors (warnings alone pass).
    Check {
        /// Spec files or directories.
        #[arg(default_value = "spec")]
        specs: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Import API reference pages (text form) as operations, optionally merged into a spec;
    /// or, with `--service`, a whole reStructuredText reference tree as a complete spec.
    Import(cli::import::ImportArgs),
    /// List the changes between two versions of a spec, breaking ones first.
    Diff(cli::diff::DiffArgs),
    /// Import every reference tree under the given directories, count how faithfully each
    /// imports, compile the generated clients, and write the report (`docs/catalogue.md`).
    Catalogue(cli::catalogue::CatalogueArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn color() -> ColorChoice {
    let wanted = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && std::env::var_os("CI").is_none();
    if wanted {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    }
}

fn expand(specs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for s in specs {
        if s.is_dir() {
            files.extend(hwcloud_codegen::spec_files_in(s)?);
        } else {
            files.push(s.clone());
        }
    }
    Ok(files)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

fn generate(
    specs: &[PathBuf],
    output: Option<&Path>,
    out_dir: &Path,
    runtime: &str,
    only: &[String],
    groups: bool,
) -> Result<(), Error> {
    let mut config = Config::new();
    config
        .runtime_crate(runtime)
        .cargo_directives(false)
        .group_features(groups);
    if !only.is_empty() {
        config.only_operations(only.iter().cloned());
    }
    let files = expand(specs)?;
    if let Some(out) = output {
        let [spec] = files.as_slice() else {
            return Err(Error::Config {
                message: format!("`--output` takes exactly one spec, got {}", files.len()),
            });
        };
        if out == Path::new("-") {
            // Printed, the code is one self-contained file.
            config.split_files(false);
        }
        let g = config.generate_file(spec)?;
        report_warnings(g.warnings());
        if out == Path::new("-") {
            print!("{}", g.code());
        } else {
            let written = g.write_to(out)?;
            summary(&g, out, written);
        }
        return Ok(());
    }
    config.out_dir(out_dir);
    let mut failures = Vec::new();
    for spec in &files {
        match config.generate_file(spec) {
            Ok(g) => {
                report_warnings(g.warnings());
                let path = out_dir.join(format!("{}.rs", g.module()));
                let written = g.write_to(&path)?;
                summary(&g, &path, written);
            }
            Err(Error::Spec(mut d)) => failures.append(&mut d),
            Err(e) => return Err(e),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(Error::Spec(failures))
    }
}

fn summary(g: &hwcloud_codegen::Generated, path: &Path, written: bool) {
    let lines = g.code().lines().count()
        + g.files()
            .map(|(_, text)| text.lines().count())
            .sum::<usize>();
    let state = if written { "wrote" } else { "unchanged" };
    eprintln!(
        "{state} {} ({} operations, {} schemas, {lines} lines) from {}",
        path.display(),
        g.operation_count(),
        g.schema_count(),
        g.spec_name()
    );
}

/// Shows the warnings of a generated spec, at most a few of each kind: `check` lists all.
fn report_warnings(w: &FileDiagnostics) {
    if w.diagnostics.is_empty() {
        return;
    }
    let mut shown = w.clone();
    let mut per_code = std::collections::BTreeMap::<&str, usize>::new();
    shown.diagnostics.retain(|d| {
        let n = per_code.entry(d.code).or_default();
        *n += 1;
        *n <= hwcloud_codegen::WARNINGS_PER_CHECK
    });
    let rendered = render_human(std::slice::from_ref(&shown), color());
    // The last line is the summary; it is replaced by one that counts everything.
    let body = rendered.trim_end().rsplit_once('\n').map_or("", |(b, _)| b);
    eprintln!("{body}");
    for (code, n) in per_code
        .iter()
        .filter(|(_, n)| **n > hwcloud_codegen::WARNINGS_PER_CHECK)
    {
        eprintln!(
            "... and {} more [{code}] warnings; `hwcloud-codegen check {}` lists them all",
            n - hwcloud_codegen::WARNINGS_PER_CHECK,
            w.file
        );
    }
    eprintln!("{} warning(s) in {}\n", w.diagnostics.len(), w.file);
}

/// Prints the `[features]` table of the crate generated from `spec` with group features.
fn features(spec: &Path) -> Result<(), Error> {
    let text = read(spec)?;
    let name = hwcloud_codegen::display_name(spec);
    let (service, _) = hwcloud_codegen::resolve(&name, &text).map_err(|d| Error::Spec(vec![d]))?;
    let gates = hwcloud_codegen::groups::Gates::of(&service);
    print!("{}", hwcloud_codegen::groups::features_table(&gates));
    Ok(())
}

fn check(specs: &[PathBuf], format: Format) -> Result<bool, Error> {
    let mut reports = Vec::new();
    for spec in expand(specs)? {
        let text = read(&spec)?;
        reports.push(hwcloud_codegen::check(
            &hwcloud_codegen::display_name(&spec),
            &text,
        ));
    }
    let ok = !reports.iter().any(FileDiagnostics::has_errors);
    match format {
        Format::Json => println!("{}", render_json(&reports)),
        Format::Human => eprint!("{}", render_human(&reports, color())),
    }
    Ok(ok)
}

fn policy(
    operations: &[String],
    scan: Option<&Path>,
    specs: &[PathBuf],
    allow_incomplete: bool,
) -> Result<bool, Error> {
    if specs.is_empty() {
        return Err(Error::Config {
            message: "no spec given: pass `--spec FILE|DIR` for each service the program calls (repeat it, or separate with commas)".to_owned(),
        });
    }
    let mut services = Vec::new();
    for spec in expand(specs)? {
        let text = read(&spec)?;
        let name = hwcloud_codegen::display_name(&spec);
        let (service, _) =
            hwcloud_codegen::resolve(&name, &text).map_err(|d| Error::Spec(vec![d]))?;
        services.push(service);
    }
    let several = services.len() > 1;
    let mut wanted: Vec<String> = operations.to_vec();
    if let Some(root) = scan {
        for service in &services {
            let found = hwcloud_codegen::scan::scan(service, root);
            for (file, why) in &found.skipped {
                eprintln!("note: skipped {}: {why}", file.display());
            }
            for (op, uses) in &found.uses {
                let first = &uses[0];
                let op = if several {
                    format!("{}::{op}", service.module)
                } else {
                    op.clone()
                };
                eprintln!(
                    "found {op} at {}:{} ({} use(s))",
                    first.file.display(),
                    first.line,
                    uses.len()
                );
                wanted.push(op);
            }
            if found.uses.is_empty() {
                eprintln!(
                    "note: no call of a {} operation found under {}",
                    service.name,
                    root.display()
                );
            }
        }
    }
    if wanted.is_empty() {
        return Err(Error::Config {
            message: "name at least one operation, or use --scan <dir>".to_owned(),
        });
    }
    let names: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let report = hwcloud_codegen::policy::least_privilege_across(&services, &names);
    for note in report.notes() {
        eprintln!("warning: {note}");
    }
    let complete = report.is_complete();
    if !complete && !allow_incomplete {
        eprintln!("error: the policy would be incomplete; fix the spec or pass --allow-incomplete");
        return Ok(false);
    }
    match report.document_text() {
        Some(doc) => println!("{doc}"),
        None => {
            eprintln!(
                "error: none of these operations has documented permissions: no policy to print"
            );
            return Ok(false);
        }
    }
    Ok(complete || allow_incomplete)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate {
            specs,
            output,
            out_dir,
            runtime_crate,
            only,
            groups,
        } => generate(
            specs,
            output.as_deref(),
            out_dir,
            runtime_crate,
            only,
            *groups,
        )
        .map(|()| true),
        Command::Features { spec } => features(spec).map(|()| true),
        Command::Check { specs, format } => check(specs, *format),
        Command::Policy {
            operations,
            scan,
            spec,
            allow_incomplete,
        } => policy(operations, scan.as_deref(), spec, *allow_incomplete),
        Command::Import(args) => cli::import::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Catalogue(args) => cli::catalogue::run(args),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprint!("{}", e.render(color()));
            ExitCode::FAILURE
        }
    }
}
