//! `hwcloud-codegen catalogue TREES... --report docs/catalogue.md`: imports every tree,
//! counts its figures (`hwcloud_codegen_tools::catalogue`), generates each spec's client and
//! compiles them all in one throwaway workspace (one shared target, `cargo check`), and
//! writes the report (Markdown) and its baseline (`<report>.tsv`, what the regression test
//! compares with).
//!
//! Import times are the CPU time of the importing thread (Linux's
//! `/proc/thread-self/schedstat`, nanoseconds on a CPU): the machines the report is made on
//! run other builds, and a wall clock would count their time too. The standard library has
//! no CPU clock and the workspace forbids `unsafe` (no `clock_gettime`), so the file is read;
//! where it does not exist the report gives wall-clock times and says so.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Args;
use hwcloud_codegen::{Config, Error};
use hwcloud_codegen_tools::catalogue::{self, Figures};
use hwcloud_codegen_tools::import::tree::{import_tree, read_tree};

/// Arguments of `catalogue`.
#[derive(Args)]
pub struct CatalogueArgs {
    /// Trees: a directory of trees (`DIR/<name>/api-ref/source`, or `DIR/<name>`), or one
    /// tree as `NAME=PATH`.
    #[arg(required = true)]
    trees: Vec<String>,
    /// The Markdown report to write; its figures also go to the same path with `.tsv`.
    #[arg(long, default_value = "docs/catalogue.md")]
    report: PathBuf,
    /// The throwaway workspace the generated crates are compiled in.
    #[arg(long, default_value = "target/catalogue-check")]
    work: PathBuf,
    /// The runtime crate the generated crates depend on.
    #[arg(long, default_value = "runtime")]
    runtime: PathBuf,
    /// The lock file to start the throwaway workspace from (so that no crate is fetched).
    #[arg(long, default_value = "Cargo.lock")]
    lock: PathBuf,
    /// Import and count only: do not generate and compile.
    #[arg(long)]
    no_compile: bool,
}

/// The heading of the hand-written notes the command keeps when it rewrites the report.
const NOTES: &str = "## Notes";

/// One tree's outcome.
struct Row {
    name: String,
    figures: Figures,
    /// CPU time of the import (wall clock where there is no CPU clock).
    import_ms: u128,
    /// Wall-clock time of the import.
    wall_ms: u128,
    module: String,
    /// Why the import failed or was refused, if it did.
    problem: Option<String>,
    /// `None` before compiling; `Some(Ok)` compiled; `Some(Err(first error))`.
    compiled: Option<Result<(), String>>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_owned(),
        source,
    }
}

/// The trees named by the arguments: (name, source directory), sorted by name.
fn trees(args: &[String]) -> Result<Vec<(String, PathBuf)>, Error> {
    let mut out = Vec::new();
    for a in args {
        if let Some((name, path)) = a.split_once('=') {
            out.push((name.to_owned(), PathBuf::from(path)));
            continue;
        }
        let dir = PathBuf::from(a);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map_err(io(&dir))?
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        for n in names {
            let root = dir.join(&n);
            let source = root.join("api-ref/source");
            out.push((n, if source.is_dir() { source } else { root }));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The service name of a tree: its name's words joined with `_` (`elastic-ip` → `elastic_ip`).
fn service_of(name: &str) -> String {
    name.trim_start_matches("swiss+")
        .replace(['-', '+', '.'], "_")
}

/// Runs the command; `Ok(false)` when a tree failed to import or compile.
pub fn run(args: &CatalogueArgs) -> Result<bool, Error> {
    let mut rows = Vec::new();
    let specs = args.work.join("specs");
    std::fs::create_dir_all(&specs).map_err(io(&specs))?;
    for (name, dir) in trees(&args.trees)? {
        let pages = read_tree(&dir)?;
        let service = service_of(&name);
        let (started, cpu) = (Instant::now(), thread_cpu());
        let imported = import_tree(&pages, &service);
        let wall_ms = started.elapsed().as_millis();
        let import_ms = match (cpu, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a).as_millis(),
            _ => wall_ms,
        };
        let problem = imported.problem();
        let yaml = if problem.is_some() {
            ""
        } else {
            imported.yaml.as_str()
        };
        let figures = catalogue::measure(&name, &pages, yaml);
        let module = hwcloud_codegen_tools::import::tree::module_name(&service);
        if problem.is_none() {
            let path = specs.join(format!("{module}.yaml"));
            std::fs::write(&path, yaml).map_err(io(&path))?;
        }
        eprintln!(
            "{name}: {} ms of CPU ({} ms wall clock), {} operations, coverage {:.3}{}",
            import_ms,
            wall_ms,
            figures.ops,
            figures.coverage(),
            problem
                .as_deref()
                .map_or(String::new(), |p| format!(" ({p})"))
        );
        rows.push(Row {
            name,
            figures,
            import_ms,
            wall_ms,
            module,
            problem,
            compiled: None,
        });
    }
    if !args.no_compile {
        compile_all(args, &mut rows)?;
    }
    let previous = std::fs::read_to_string(&args.report).unwrap_or_default();
    let mut report = report(&rows, !args.no_compile);
    let _ = write!(
        report,
        "\n## Rerunning it\n\n```sh\ncargo run --release -p hwcloud-codegen-cli -- catalogue {}{}\n```\n\nThe figures also go to `{}`, which `codegen/tools/tests/tools/catalogue.rs` holds every later import to.\n",
        args.trees.join(" "),
        if args.no_compile { " --no-compile" } else { "" },
        args.report
            .with_extension("tsv")
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    // Notes written by hand (why a target is missed) are kept from the previous report.
    if let Some(p) = previous.find(NOTES) {
        report.push('\n');
        report.push_str(&previous[p..]);
    }
    if let Some(parent) = args.report.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(&args.report, report).map_err(io(&args.report))?;
    let tsv = args.report.with_extension("tsv");
    std::fs::write(&tsv, baseline(&rows)).map_err(io(&tsv))?;
    eprintln!("wrote {} and {}", args.report.display(), tsv.display());
    // A refused S3-style tree and a stub tree without operation pages are no failures.
    let failed = rows.iter().any(|r| {
        matches!(r.compiled, Some(Err(_)))
            || (r
                .problem
                .as_deref()
                .is_some_and(|p| !p.contains("S3-style"))
                && r.figures.op_pages > 0)
    });
    Ok(!failed)
}

/// The CPU time the calling thread has run, where the system says (see the module docs).
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// Generates every imported spec's client into one crate each and checks them together.
fn compile_all(args: &CatalogueArgs, rows: &mut [Row]) -> Result<(), Error> {
    let runtime = std::fs::canonicalize(&args.runtime).map_err(io(&args.runtime))?;
    let crates = args.work.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut config = Config::new();
    config
        .cargo_directives(false)
        .split_files(false)
        .blocking_feature("blocking");
    let mut members = Vec::new();
    for row in rows.iter_mut().filter(|r| r.problem.is_none()) {
        let spec = args.work.join("specs").join(format!("{}.yaml", row.module));
        let generated = match config.generate_file(&spec) {
            Ok(g) => g,
            Err(e) => {
                row.compiled = Some(Err(format!(
                    "not generated: {}",
                    first_line(&e.to_string())
                )));
                continue;
            }
        };
        let dir = crates.join(&row.module);
        let src = dir.join("src");
        std::fs::create_dir_all(&src).map_err(io(&src))?;
        let manifest = format!(
            "[package]\nname = \"catalogue-{module}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nhwcloud-runtime = {{ path = {runtime:?} }}\n\n[features]\nblocking = [\"hwcloud-runtime/blocking\"]\n",
            module = row.module.replace('_', "-"),
            runtime = runtime.display().to_string(),
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).map_err(io(&dir))?;
        let lib = format!(
            "//! Generated from the `{}` tree.\n#![allow(missing_docs)]\npub use hwcloud_runtime::{{AccessLevel, CallOptions, Credentials, Error, Operation, Permission, Response, Result, RetryPolicy}};\n{}",
            row.name,
            generated.code()
        );
        std::fs::write(src.join("lib.rs"), lib).map_err(io(&src))?;
        members.push(row.module.clone());
    }
    let workspace = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"crates/{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(args.work.join("Cargo.toml"), workspace).map_err(io(&args.work))?;
    if args.lock.is_file() {
        std::fs::copy(&args.lock, args.work.join("Cargo.lock")).map_err(io(&args.lock))?;
    }
    eprintln!(
        "checking {} generated crates in {}",
        members.len(),
        args.work.display()
    );
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--offline",
            "--message-format=short",
        ])
        .current_dir(&args.work)
        .output()
        .map_err(io(&args.work))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for row in rows
        .iter_mut()
        .filter(|r| r.problem.is_none() && r.compiled.is_none())
    {
        let prefix = format!("crates/{}/", row.module);
        let error = stderr
            .lines()
            .find(|l| l.starts_with(&prefix) && l.contains(": error"))
            .or_else(|| {
                let name = format!("catalogue-{}", row.module.replace('_', "-"));
                stderr
                    .lines()
                    .find(|l| l.starts_with("error") && l.contains(&format!("`{name}`")))
            });
        row.compiled = Some(match error {
            Some(e) => Err(e.to_owned()),
            None if output.status.success() || !stderr.contains("error: could not compile") => {
                Ok(())
            }
            None => Ok(()),
        });
    }
    if !output.status.success() && rows.iter().all(|r| !matches!(r.compiled, Some(Err(_)))) {
        // A failure no crate is named in (the workspace itself): every crate failed.
        let first = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("cargo check failed");
        for row in rows.iter_mut().filter(|r| r.problem.is_none()) {
            row.compiled = Some(Err(first.to_owned()));
        }
    }
    Ok(())
}

fn first_line(s: &str) -> String {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned()
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "-".to_owned()
    } else {
        format!("{:.3}", a as f64 / b as f64)
    }
}

/// The Markdown report: totals, then one row per tree.
fn report(rows: &[Row], compiled: bool) -> String {
    let mut total = Figures::default();
    let mut s3 = Figures::default();
    for r in rows {
        total.add(&r.figures);
        if r.problem.as_deref().is_some_and(|p| p.contains("S3-style")) {
            s3.add(&r.figures);
        }
    }
    let ms: u128 = rows.iter().map(|r| r.import_ms).sum();
    let wall: u128 = rows.iter().map(|r| r.wall_ms).sum();
    let cpu = thread_cpu().is_some();
    let ok = rows
        .iter()
        .filter(|r| matches!(r.compiled, Some(Ok(()))))
        .count();
    let below: Vec<&Row> = rows
        .iter()
        .filter(|r| r.problem.is_none() && r.figures.coverage() < 0.99)
        .collect();
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# The catalogue: every published API reference tree, imported\n"
    );
    let _ = writeln!(
        o,
        "Made by `hwcloud-codegen catalogue` (see [the command](#rerunning-it)); every figure is \
         counted from the tree's pages and the spec the importer wrote, never from its warnings \
         (the rules are in the module docs of `codegen/tools/src/catalogue/`). {} trees, {} pages.\n",
        rows.len(),
        total.pages
    );
    let _ = writeln!(o, "## Totals\n");
    let _ = writeln!(
        o,
        "| figure | all trees | without the S3-style tree |\n|---|---|---|"
    );
    let less = |a: usize, b: usize| a.saturating_sub(b);
    let line = |o: &mut String, what: &str, a: usize, b: usize, sa: usize, sb: usize| {
        let _ = writeln!(
            o,
            "| {what} | {a} of {b} ({}) | {} of {} ({}) |",
            ratio(a, b),
            less(a, sa),
            less(b, sb),
            ratio(less(a, sa), less(b, sb))
        );
    };
    line(
        &mut o,
        "operation pages whose method + path reach the spec",
        total.covered,
        total.doc_ops,
        s3.covered,
        s3.doc_ops,
    );
    line(
        &mut o,
        "list operations that page",
        total.paged,
        total.list_ops,
        s3.paged,
        s3.list_ops,
    );
    line(
        &mut o,
        "operations with an example, against pages with an example",
        total.examples,
        total.example_pages,
        s3.examples,
        s3.example_pages,
    );
    let _ = writeln!(
        o,
        "| examples in the specs (every one a page shows, duplicates once) | {} requests, {} responses | {} requests, {} responses |",
        total.example_requests,
        total.example_responses,
        less(total.example_requests, s3.example_requests),
        less(total.example_responses, s3.example_responses)
    );
    let _ = writeln!(
        o,
        "| untyped bodies and properties that a table describes | {} (of {} untyped, {} objects) | |",
        total.untyped_with_table, total.untyped, total.objects
    );
    let _ = writeln!(o, "| numbered ids | {} | |", total.numbered_ids);
    let _ = writeln!(
        o,
        "| trees below 0.99 of their operation pages (S3-style tree aside) | {} | |",
        below.len()
    );
    if compiled {
        let _ = writeln!(
            o,
            "| generated crates that compile | {ok} of {} | |",
            rows.iter().filter(|r| r.problem.is_none()).count()
        );
    }
    let _ = if cpu {
        writeln!(
            o,
            "| import time of all trees (release build, one thread, one tree after the other) | {ms} ms of CPU (the importing thread's CPU time; {wall} ms of wall clock on this run's machine) | |\n"
        )
    } else {
        writeln!(
            o,
            "| import time of all trees (release build, one thread, one tree after the other) | {ms} ms of wall clock (no CPU clock on this system) | |\n"
        )
    };
    let _ = writeln!(o, "## Per tree\n");
    let _ = writeln!(
        o,
        "Columns: operation pages covered / distinct request lines of the pages (coverage), \
         operations in the spec, untyped / objects, untyped a table describes, paged / list \
         operations, operations with an example / pages with one, operations with \
         permissions, numbered ids, compile status, import time ({}).\n",
        if cpu {
            "CPU time of the importing thread"
        } else {
            "wall clock"
        }
    );
    let _ = writeln!(
        o,
        "| tree | pages | covered | ops | untyped | with table | paged | examples | perms | numbered | compiles | import ms |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for r in rows {
        let f = &r.figures;
        let compiles = match (&r.problem, &r.compiled) {
            (Some(_), _) => "not imported".to_owned(),
            (None, Some(Ok(()))) => "yes".to_owned(),
            (None, Some(Err(_))) => "**no**".to_owned(),
            (None, None) => "-".to_owned(),
        };
        let _ = writeln!(
            o,
            "| {} | {} | {}/{} ({}) | {} | {}/{} | {} | {}/{} | {}/{} | {} | {} | {} | {} |",
            r.name,
            f.pages,
            f.covered,
            f.doc_ops,
            ratio(f.covered, f.doc_ops),
            f.ops,
            f.untyped,
            f.objects,
            f.untyped_with_table,
            f.paged,
            f.list_ops,
            f.examples,
            f.example_pages,
            f.perms,
            f.numbered_ids,
            compiles,
            r.import_ms
        );
    }
    let notes: Vec<&Row> = rows
        .iter()
        .filter(|r| r.problem.is_some() || matches!(r.compiled, Some(Err(_))))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(o, "\n## Trees not imported or not compiling\n");
        for r in notes {
            let why = r
                .problem
                .clone()
                .or_else(|| r.compiled.clone().and_then(Result::err))
                .unwrap_or_default();
            let _ = writeln!(o, "- `{}`: {why}", r.name);
        }
    }
    o
}

/// The figures as a tab-separated table: what the regression test holds the importer to.
fn baseline(rows: &[Row]) -> String {
    let mut o = String::from("tree\tservice");
    for (k, _) in Figures::default().pairs() {
        o.push('\t');
        o.push_str(k);
    }
    o.push('\n');
    for r in rows {
        o.push_str(&r.name);
        o.push('\t');
        o.push_str(&service_of(&r.name));
        for (_, v) in r.figures.pairs() {
            let _ = write!(o, "\t{v}");
        }
        o.push('\n');
    }
    o
}
