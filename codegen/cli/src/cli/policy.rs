//! `hwcloud-codegen policy OPERATION... --spec SPEC|DIR [--scan SRC] [--allow-incomplete]`:
//! one least-privilege IAM identity policy for operations of one or more services.

use std::path::PathBuf;

use clap::Args;
use hwcloud_codegen::Error;
use hwcloud_spec::files::display_name;

/// Arguments of `policy`.
#[derive(Args)]
pub struct PolicyArgs {
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
}

/// Prints the policy; `Ok(false)` when an operation is unknown or ambiguous or, without
/// `--allow-incomplete`, its permissions are not documented.
pub fn run(args: &PolicyArgs) -> Result<bool, Error> {
    let (operations, scan, specs, allow_incomplete) = (
        &args.operations,
        args.scan.as_deref(),
        &args.spec,
        args.allow_incomplete,
    );
    if specs.is_empty() {
        return Err(Error::Config {
            message: "no spec given: pass `--spec FILE|DIR` for each service the program calls (repeat it, or separate with commas)".to_owned(),
        });
    }
    let mut services = Vec::new();
    for spec in super::expand(specs)? {
        let text = super::read(&spec)?;
        let name = display_name(&spec);
        let (service, _) = hwcloud_spec::resolve(&name, &text).map_err(|d| Error::Spec(vec![d]))?;
        services.push(service);
    }
    let several = services.len() > 1;
    let mut wanted: Vec<String> = operations.to_vec();
    if let Some(root) = scan {
        for service in &services {
            let found = hwcloud_codegen_tools::scan::scan(service, root);
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
    let report = hwcloud_codegen_tools::policy::least_privilege_across(&services, &names);
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
