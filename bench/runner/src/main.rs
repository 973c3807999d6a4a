//! Benchmarks `hwcloud-codegen` and `hwcloud-runtime` against progenitor on the same
//! synthetic API surface and prints a markdown table.
//!
//! `bench-runner all` runs every figure; `generation`, `compile`, `build-dependency`,
//! `selected`, `no-op`, `signing`, `decoding`, `groups`, `calls` (a call end to end,
//! paging, cold start: `calls.rs`) and `catalogue` (the catalogue's build:
//! `catalogue.rs`) run one each. `spec OPS DIR` writes the synthetic API;
//! `progenitor OPENAPI OUT STYLE` is progenitor's generator as a whole process;
//! `rusage REPORT COMMAND...` runs a command and records its wall time and peak memory.
//!
//! Environment: `BENCH_DIR` (scratch space), `BENCH_CLI` (the release `hwcloud-codegen`),
//! optional `BENCH_PYTHON` (a Python with `huaweicloudsdkcore` and `huaweicloudsdkvpc`),
//! `BENCH_RUNS` (counted runs, default 5), `BENCH_BUILD_RUNS` (counted clean builds,
//! default 3), `BENCH_REPO` (the checkout whose crates the throwaway crates depend on,
//! default this one) and `BENCH_CATALOGUE` (the reference trees, default
//! `target/catalogue` of the checkout).
//! `bench/run.sh` sets them up.

mod calls;
mod catalogue;
mod decode;
mod figures;
mod groups;
mod measure;
mod progen;
mod report;
mod sign;
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

use figures::Env;

/// A figure's name and the function that measures it.
type Figure = (&'static str, fn(&Env) -> Result<Vec<report::Row>, String>);

/// A figure with tables of its own columns (not against progenitor).
type Tables = (&'static str, fn(&Env) -> Result<Vec<report::Grid>, String>);

const TABLES: [Tables; 2] = [("calls", calls::calls), ("catalogue", catalogue::catalogue)];

const FIGURES: [Figure; 8] = [
    ("generation", figures::generation),
    ("compile", figures::compile),
    ("selected", figures::selected),
    ("build-dependency", figures::build_dependency),
    ("no-op", figures::no_op),
    ("signing", figures::signing),
    ("decoding", figures::decoding),
    ("groups", groups::groups),
];

fn var(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set (bench/run.sh sets it)"))
}

fn count_var(name: &str, default: usize) -> Result<usize, String> {
    match std::env::var(name) {
        Ok(v) => v.parse().map_err(|_| format!("{name}={v} is not a count")),
        Err(_) => Ok(default),
    }
}

fn env() -> Result<Env, String> {
    // `BENCH_REPO` measures another checkout (a snapshot, say) with this runner.
    let repo = std::env::var_os("BENCH_REPO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."));
    Ok(Env {
        repo: repo.canonicalize().map_err(|e| e.to_string())?,
        work: PathBuf::from(var("BENCH_DIR")?),
        cli: PathBuf::from(var("BENCH_CLI")?),
        python: std::env::var_os("BENCH_PYTHON").map(PathBuf::from),
        runs: count_var("BENCH_RUNS", 5)?,
        build_runs: count_var("BENCH_BUILD_RUNS", 3)?,
    })
}

fn run(args: &[String]) -> Result<(), String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["spec", ops, dir] => {
            let api = synth::Api::new(
                ops.parse().map_err(|_| format!("`{ops}` is not a count"))?,
                false,
            );
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("bench.yaml"), api.to_yaml()).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("openapi.json"), api.to_openapi()).map_err(|e| e.to_string())
        }
        ["rusage", report, command @ ..] => {
            let argv: Vec<String> = command.iter().map(|a| (*a).to_owned()).collect();
            measure::rusage(std::path::Path::new(report), &argv)
        }
        ["progenitor", openapi, out, style] => {
            let text = std::fs::read_to_string(openapi).map_err(|e| format!("{openapi}: {e}"))?;
            let code = progen::generate(&text, progen::style(style)?)?;
            std::fs::write(out, code).map_err(|e| format!("{out}: {e}"))
        }
        [which]
            if *which == "all"
                || FIGURES.iter().any(|(name, _)| name == which)
                || TABLES.iter().any(|(name, _)| name == which) =>
        {
            let env = env()?;
            let mut rows = Vec::new();
            for (name, figure) in FIGURES {
                if *which == "all" || *which == name {
                    eprintln!("measuring {name} …");
                    rows.extend(figure(&env)?);
                }
            }
            let mut grids = Vec::new();
            for (name, figure) in TABLES {
                if *which == "all" || *which == name {
                    eprintln!("measuring {name} …");
                    grids.extend(figure(&env)?);
                }
            }
            let mut table = if rows.is_empty() {
                String::new()
            } else {
                report::markdown(&rows)
            };
            for grid in &grids {
                table = format!("{table}\n{}", grid.markdown());
            }
            println!(
                "Counted runs: {} per figure ({} for clean builds), each after a warm-up; medians.\n\n{table}",
                env.runs, env.build_runs
            );
            let out = env.work.join(format!("results-{which}.md"));
            std::fs::write(&out, table).map_err(|e| format!("{}: {e}", out.display()))
        }
        _ => Err(format!(
            "usage: bench-runner all|{}|{}|spec OPS DIR|progenitor OPENAPI OUT positional|builder|rusage REPORT COMMAND...",
            FIGURES.map(|(name, _)| name).join("|"),
            TABLES.map(|(name, _)| name).join("|")
        )),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-runner: {e}");
            ExitCode::FAILURE
        }
    }
}
