//! `hwcloud-codegen generate [SPEC|DIR]... [-o FILE|-] [--out-dir DIR] [--runtime-crate PATH]
//! [--only OPS] [--groups]`: the library's [`Config`] at work, with a line per file written
//! and the warnings rendered for a terminal.

use std::path::{Path, PathBuf};

use clap::Args;
use hwcloud_codegen::diagnostics::render_human;
use hwcloud_codegen::{Config, Error, Generated};

/// Arguments of `generate`.
#[derive(Args)]
pub struct GenerateArgs {
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
}

/// Generates the specs' code: with `--output`, one spec's, to that file or printed;
/// else every spec's, as [`Config::compile`] would (all problems of all specs together,
/// module names that must differ), into `--out-dir`.
pub fn run(args: &GenerateArgs) -> Result<bool, Error> {
    let mut config = Config::new();
    config
        .runtime_crate(&args.runtime_crate)
        .cargo_directives(false)
        .group_features(args.groups);
    if !args.only.is_empty() {
        config.only_operations(args.only.iter().cloned());
    }
    if let Some(out) = &args.output {
        let files = super::expand(&args.specs)?;
        let [spec] = files.as_slice() else {
            return Err(Error::Config {
                message: format!("`--output` takes exactly one spec, got {}", files.len()),
            });
        };
        let stdout = out == Path::new("-");
        // Printed, the code is one self-contained file.
        config.split_files(!stdout);
        let g = config.generate_file(spec)?;
        report_warnings(&g);
        if stdout {
            print!("{}", g.code());
        } else {
            let written = g.write_to(out)?;
            summary(&g, out, written);
        }
        return Ok(true);
    }
    for g in config.generate(&args.specs)? {
        report_warnings(&g);
        let path = args.out_dir.join(format!("{}.rs", g.module()));
        let written = g.write_to(&path)?;
        summary(&g, &path, written);
    }
    Ok(true)
}

/// One line per file: written or unchanged, with its counts.
fn summary(g: &Generated, path: &Path, written: bool) {
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

/// Shows the warnings a build shows ([`Generated::warnings_shown`]), rendered for a
/// terminal: `check` lists them all.
fn report_warnings(g: &Generated) {
    let all = g.warnings();
    if all.diagnostics.is_empty() {
        return;
    }
    let (shown, more) = g.warnings_shown();
    let rendered = render_human(std::slice::from_ref(&shown), super::color());
    // The last line is the summary; it is replaced by one that counts everything.
    let body = rendered.trim_end().rsplit_once('\n').map_or("", |(b, _)| b);
    eprintln!("{body}");
    for (code, n) in more {
        eprintln!(
            "... and {n} more [{code}] warnings; `hwcloud-codegen check {}` lists them all",
            all.file
        );
    }
    eprintln!("{} warning(s) in {}\n", all.diagnostics.len(), all.file);
}
