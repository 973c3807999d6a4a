//! The catalogue's build: every reference tree under the catalogue folder imported with
//! `hwcloud-codegen import DIR --service NAME`, each spec made a service crate like
//! `generated/vpc` (a `build.rs` that runs the generator with group features, the
//! features table in `Cargo.toml`), all crates in one workspace, then `cargo check` of
//! the workspace: fully cold (empty target directory), cold for the service crates only
//! (dependencies built), and after a one-line change to one spec (the largest service's:
//! which crates are checked again, and what it costs). Then the largest service alone,
//! generated with group features and without: its check after a spec change and cold,
//! with every group, with one, and without groups.
//!
//! Rerunnable over whatever the importer produces: a tree it cannot import is listed and
//! left out. The folder is `$BENCH_CATALOGUE`, default `target/catalogue`, holding
//! `<tree>/api-ref/source` for each tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::figures::{Env, read, write};
use crate::measure::{self, Run, median};
use crate::report::Grid;

/// One imported service.
struct Service {
    /// The tree's folder name.
    tree: String,
    /// The spec's module (the tree's name with `_` for `-`).
    module: String,
    operations: usize,
    groups: Vec<(String, usize)>,
    spec: String,
}

impl Service {
    fn package(&self) -> String {
        format!("cat-{}", self.module.replace('_', "-"))
    }

    /// The spec with the first operation's summary edited (or restored): a one-line
    /// change.
    fn variant(&self) -> Result<String, String> {
        let at = self
            .spec
            .find("\n    summary: ")
            .ok_or_else(|| format!("{}: no operation summary to edit", self.module))?;
        let line_end = self.spec[at + 1..]
            .find('\n')
            .map_or(self.spec.len(), |e| at + 1 + e);
        Ok(format!(
            "{} (edited){}",
            &self.spec[..line_end],
            &self.spec[line_end..]
        ))
    }
}

/// Imports every tree; the services that imported and the trees that did not (with the
/// importer's last line).
fn import(env: &Env, root: &Path, specs: &Path) -> Result<(Vec<Service>, Vec<String>), String> {
    let mut trees: Vec<String> = std::fs::read_dir(root)
        .map_err(|e| format!("{}: {e} (set BENCH_CATALOGUE)", root.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("api-ref/source").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    trees.sort();
    let logs = env.work.join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| e.to_string())?;
    let mut services = Vec::new();
    let mut failed = Vec::new();
    for tree in trees {
        let module = tree.replace('-', "_");
        let out = specs.join(format!("{module}.yaml"));
        let result = std::process::Command::new(&env.cli)
            .arg("import")
            .arg(root.join(&tree).join("api-ref/source"))
            .args(["--service", &module, "-o"])
            .arg(&out)
            .output()
            .map_err(|e| format!("{}: {e}", env.cli.display()))?;
        let stderr = String::from_utf8_lossy(&result.stderr);
        write(&logs.join(format!("import-{module}.log")), &stderr)?;
        let last = stderr.lines().last().unwrap_or_default().to_owned();
        if !result.status.success() {
            failed.push(format!("`{tree}` ({last})"));
            continue;
        }
        let spec = read(&out)?;
        let resolved = hwcloud_spec::resolve(&format!("{module}.yaml"), &spec);
        let Ok((model, _)) = resolved else {
            failed.push(format!("`{tree}` (the imported spec does not validate)"));
            continue;
        };
        if model.operations.is_empty() {
            failed.push(format!("`{tree}` (no operation imported)"));
            continue;
        }
        let mut groups: BTreeMap<String, usize> = BTreeMap::new();
        for op in &model.operations {
            *groups.entry(op.group.clone()).or_default() += 1;
        }
        services.push(Service {
            tree,
            module,
            operations: model.operations.len(),
            groups: groups.into_iter().collect(),
            spec,
        });
    }
    Ok((services, failed))
}

/// Writes the service crate of `service` into `dir`: with group features (as the
/// repository's service crates) or without.
fn service_crate(
    env: &Env,
    service: &Service,
    dir: &Path,
    package: &str,
    groups: bool,
) -> Result<(), String> {
    let features = if groups {
        let (model, _) = hwcloud_spec::resolve("spec.yaml", &service.spec)
            .map_err(|_| format!("{}: the spec does not validate", service.module))?;
        hwcloud_spec::groups::features_table(&hwcloud_spec::groups::Gates::of(&model))
    } else {
        String::new()
    };
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nhwcloud-runtime = {{ path = \"{}\" }}\n\n\
             [build-dependencies]\nhwcloud-codegen = {{ path = \"{}\" }}\n\n{features}",
            env.repo.join("runtime").display(),
            env.repo.join("codegen").display(),
        ),
    )?;
    write(
        &dir.join("build.rs"),
        &format!(
            "//! Generates the client from `spec/{m}.yaml`.\n\
             fn main() -> Result<(), hwcloud_codegen::Error> {{\n    \
             hwcloud_codegen::Config::new()\n        .group_features({groups})\n        \
             .compile(&[\"spec/{m}.yaml\"])?;\n    Ok(())\n}}\n",
            m = service.module
        ),
    )?;
    write(
        &dir.join("src/lib.rs"),
        &format!(
            "//! Client of `{tree}`, generated from `spec/{m}.yaml`.\n\
             pub use hwcloud_runtime::{{CallOptions, Credentials, Error, Response, Result, RetryPolicy}};\n\
             include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n",
            tree = service.tree,
            m = service.module
        ),
    )?;
    write(
        &dir.join(format!("spec/{}.yaml", service.module)),
        &service.spec,
    )
}

/// The shell command that swaps the spec of crate `dir` between the original (`a.yaml`)
/// and the edited (`b.yaml`) variant.
fn swap(dir: &Path, module: &str) -> String {
    let spec = dir.join("spec").join(format!("{module}.yaml"));
    let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
    format!(
        "if cmp -s {s} {a}; then cp {b} {s}; else cp {a} {s}; fi",
        s = spec.display(),
        a = a.display(),
        b = b.display()
    )
}

fn secs(s: f64) -> String {
    format!("{s:.1}")
}

fn mib(bytes: f64) -> String {
    format!("{:.0}", bytes / (1024.0 * 1024.0))
}

fn medians(runs: &[Run]) -> (f64, f64, f64) {
    (
        median(runs.iter().map(|r| r.wall).collect()),
        median(runs.iter().map(|r| r.cpu).collect()),
        median(runs.iter().map(|r| r.max_rss as f64).collect()),
    )
}

/// The packages `cargo check -v` built again (`Checking` lines, or `Compiling` for a
/// package whose build script ran) in the log written since `from` bytes.
fn checked(log: &Path, from: usize) -> Vec<String> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut names: Vec<String> = text
        .get(from..)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            l.strip_prefix("Checking ")
                .or_else(|| l.strip_prefix("Compiling "))
        })
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Seconds a package's units took in a `--timings` report.
#[derive(Debug, Clone, Copy, Default)]
struct UnitTimes {
    /// Compiling its build script.
    build_script: f64,
    /// Running its build script: the generator.
    generator: f64,
    /// Checking the library.
    check: f64,
}

impl UnitTimes {
    fn total(&self) -> f64 {
        self.build_script + self.generator + self.check
    }
}

/// Per package, the seconds its units took in the `--timings` report of `target`, from
/// the `UNIT_DATA` the HTML report embeds.
fn unit_times(target: &Path) -> BTreeMap<String, UnitTimes> {
    let html =
        std::fs::read_to_string(target.join("cargo-timings/cargo-timing.html")).unwrap_or_default();
    let mut out: BTreeMap<String, UnitTimes> = BTreeMap::new();
    let Some(start) = html.find("const UNIT_DATA = ") else {
        return out;
    };
    let json = &html[start + "const UNIT_DATA = ".len()..];
    let mut stream = serde_json::Deserializer::from_str(json).into_iter::<serde_json::Value>();
    if let Some(Ok(serde_json::Value::Array(units))) = stream.next() {
        for unit in units {
            let name = unit["name"].as_str().unwrap_or_default().to_owned();
            let duration = unit["duration"].as_f64().unwrap_or(0.0);
            let mode = unit["mode"].as_str().unwrap_or_default();
            let target = unit["target"].as_str().unwrap_or_default();
            let times = out.entry(name).or_default();
            if mode == "run-custom-build" {
                times.generator += duration;
            } else if target.contains("build-script") {
                times.build_script += duration;
            } else {
                times.check += duration;
            }
        }
    }
    out
}

/// The catalogue figure.
pub fn catalogue(env: &Env) -> Result<Vec<Grid>, String> {
    let root = std::env::var_os("BENCH_CATALOGUE")
        .map(PathBuf::from)
        .unwrap_or_else(|| env.repo.join("target/catalogue"));
    let base = env.work.join("catalogue");
    let specs = base.join("specs");
    std::fs::create_dir_all(&specs).map_err(|e| e.to_string())?;
    let (services, failed) = import(env, &root, &specs)?;
    let largest = services
        .iter()
        .max_by_key(|s| s.operations)
        .ok_or("no tree of the catalogue imported")?;
    let ws = base.join("workspace");
    let _ = std::fs::remove_dir_all(&ws);
    let members: Vec<String> = services
        .iter()
        .map(|s| format!("\"{}\"", s.module))
        .collect();
    write(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    for s in &services {
        service_crate(env, s, &ws.join(&s.module), &s.package(), true)?;
    }
    let big = ws.join(&largest.module);
    write(&big.join("a.yaml"), &largest.spec)?;
    write(&big.join("b.yaml"), &largest.variant()?)?;
    let target = base.join("target");
    let log = env.work.join("logs/catalogue.log");
    let check = |extra: &str| {
        format!(
            "CARGO_TARGET_DIR={} exec cargo check --workspace {extra}",
            target.display()
        )
    };
    eprintln!(
        "  catalogue: {} services imported ({} operations), {} not; fully cold check",
        services.len(),
        services.iter().map(|s| s.operations).sum::<usize>(),
        failed.len()
    );
    let _ = std::fs::remove_dir_all(&target);
    let cold = measure::run_once(&check("--timings"), &ws, &log)?;
    let cold_units = unit_times(&target);
    let packages: Vec<String> = services.iter().map(Service::package).collect();
    let clean = format!(
        "CARGO_TARGET_DIR={} cargo clean --quiet -p {} && ",
        target.display(),
        packages.join(" -p ")
    );
    eprintln!("  catalogue: service crates cold");
    let mut services_cold = Vec::new();
    let mut units = BTreeMap::new();
    for _ in 0..env.build_runs {
        // `cargo clean` is timed with it; it is quick beside the check.
        services_cold.push(measure::run_once(
            &format!("{clean}{}", check("--timings")),
            &ws,
            &log,
        )?);
        units = unit_times(&target);
    }
    eprintln!("  catalogue: a one-line change in `{}`", largest.module);
    let change = format!("{} && {}", swap(&big, &largest.module), check("-v"));
    measure::run_once(&change, &ws, &log)?;
    let mut after_change = Vec::new();
    let mut rechecked = Vec::new();
    for _ in 0..env.runs {
        let from = std::fs::metadata(&log).map_or(0, |m| m.len() as usize);
        after_change.push(measure::run_once(&change, &ws, &log)?);
        rechecked.extend(checked(&log, from));
    }
    rechecked.sort();
    rechecked.dedup();

    let mut grids = vec![workspace_grid(
        &services,
        &failed,
        largest,
        (cold, &cold_units),
        (medians(&services_cold), &units),
        (medians(&after_change), &rechecked),
    )];
    grids.push(largest_grid(env, &base, largest)?);
    Ok(grids)
}

/// The table of the whole catalogue's check.
fn workspace_grid(
    services: &[Service],
    failed: &[String],
    largest: &Service,
    cold: (Run, &BTreeMap<String, UnitTimes>),
    services_cold: ((f64, f64, f64), &BTreeMap<String, UnitTimes>),
    change: ((f64, f64, f64), &[String]),
) -> Grid {
    let ops: usize = services.iter().map(|s| s.operations).sum();
    let mut grid = Grid::new(
        &format!(
            "The catalogue's build: {} service crates ({ops} operations) in one workspace, `cargo check --workspace` \
             (every group on). Not imported: {}",
            services.len(),
            if failed.is_empty() {
                "none".to_owned()
            } else {
                failed.join(", ")
            }
        ),
        &[
            "case",
            "wall (s)",
            "CPU (s)",
            "peak memory (MiB)",
            "largest crate",
            "its share",
        ],
    );
    // The largest crate's units, and its share of all service crates' unit time (units
    // run two at a time, so this is time on the critical path, not CPU time).
    let share = |units: &BTreeMap<String, UnitTimes>| {
        let ours: Vec<(&String, &UnitTimes)> = units
            .iter()
            .filter(|(n, _)| n.starts_with("cat-"))
            .collect();
        let total: f64 = ours.iter().map(|(_, t)| t.total()).sum();
        let generators: f64 = ours.iter().map(|(_, t)| t.generator).sum();
        let scripts: f64 = ours.iter().map(|(_, t)| t.build_script).sum();
        match ours
            .iter()
            .max_by(|a, b| a.1.total().total_cmp(&b.1.total()))
        {
            Some((name, t)) if total > 0.0 => (
                format!(
                    "`{name}`: {:.1} s (generator {:.1} s, check {:.1} s)",
                    t.total(),
                    t.generator,
                    t.check
                ),
                format!(
                    "{:.0} % of the service crates' {:.0} s of unit time (generators {:.0} s, build scripts compiled {:.0} s)",
                    100.0 * t.total() / total,
                    total,
                    generators,
                    scripts
                ),
            ),
            _ => (String::new(), String::new()),
        }
    };
    let (name, of) = share(cold.1);
    grid.push(vec![
        "fully cold (empty target directory: dependencies, generator, every crate)".to_owned(),
        secs(cold.0.wall),
        secs(cold.0.cpu),
        mib(cold.0.max_rss as f64),
        name,
        of,
    ]);
    let (m, units) = services_cold;
    let (name, of) = share(units);
    grid.push(vec![
        "service crates cold (dependencies built; `cargo clean -p` of every service crate)"
            .to_owned(),
        secs(m.0),
        secs(m.1),
        mib(m.2),
        name,
        of,
    ]);
    let (m, rechecked) = change;
    let only = rechecked == [largest.package()];
    grid.push(vec![
        format!(
            "after a one-line change to `{}` ({} operations): crates checked again: {}",
            largest.module,
            largest.operations,
            if rechecked.is_empty() {
                "none".to_owned()
            } else {
                rechecked.join(", ")
            }
        ),
        secs(m.0),
        secs(m.1),
        mib(m.2),
        format!(
            "only the changed crate: {}",
            if only { "yes" } else { "no" }
        ),
        String::new(),
    ]);
    grid
}

/// The largest service alone: group features against none.
fn largest_grid(env: &Env, base: &Path, service: &Service) -> Result<Grid, String> {
    let ws = base.join("largest");
    let _ = std::fs::remove_dir_all(&ws);
    write(
        &ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"grouped\", \"plain\"]\n",
    )?;
    let variant = service.variant()?;
    for (dir, package, groups) in [
        ("grouped", "largest-grouped", true),
        ("plain", "largest-plain", false),
    ] {
        let dir = ws.join(dir);
        service_crate(env, service, &dir, package, groups)?;
        write(&dir.join("a.yaml"), &service.spec)?;
        write(&dir.join("b.yaml"), &variant)?;
    }
    let (group, group_ops) = service
        .groups
        .iter()
        .max_by_key(|(_, n)| *n)
        .cloned()
        .unwrap_or_default();
    let target = base.join("target-largest");
    let t = target.display();
    let log = env.work.join("logs/catalogue-largest.log");
    let grouped = ws.join("grouped");
    let plain = ws.join("plain");
    let m = &service.module;
    let cases: Vec<(String, String)> = vec![
        (
            format!(
                "with group features, all {} groups (default `full`)",
                service.groups.len()
            ),
            format!(
                "{} && CARGO_TARGET_DIR={t} exec cargo check -p largest-grouped",
                swap(&grouped, m)
            ),
        ),
        (
            format!("with group features, one group (`{group}`, {group_ops} operations)"),
            format!(
                "{} && CARGO_TARGET_DIR={t} exec cargo check -p largest-grouped --no-default-features --features {group}",
                swap(&grouped, m)
            ),
        ),
        (
            "without group features (`group_features(false)`)".to_owned(),
            format!(
                "{} && CARGO_TARGET_DIR={t} exec cargo check -p largest-plain",
                swap(&plain, m)
            ),
        ),
    ];
    let cold: Vec<String> = [
        "-p largest-grouped",
        &format!("-p largest-grouped --no-default-features --features {group}"),
        "-p largest-plain",
    ]
    .iter()
    .map(|args| {
        let package = args.split_whitespace().nth(1).unwrap_or_default();
        format!("CARGO_TARGET_DIR={t} cargo clean --quiet -p {package} && CARGO_TARGET_DIR={t} exec cargo check {args}")
    })
    .collect();
    // Dependencies first, then interleaved rounds.
    measure::run_once(
        &format!("CARGO_TARGET_DIR={t} exec cargo check --workspace"),
        &ws,
        &log,
    )?;
    let mut after = vec![Vec::new(); cases.len()];
    let mut cold_runs = vec![Vec::new(); cases.len()];
    for (_, script) in &cases {
        measure::run_once(script, &ws, &log)?;
    }
    for _ in 0..env.runs {
        for (i, (_, script)) in cases.iter().enumerate() {
            after[i].push(measure::run_once(script, &ws, &log)?);
        }
    }
    for _ in 0..env.build_runs {
        for (i, script) in cold.iter().enumerate() {
            cold_runs[i].push(measure::run_once(script, &ws, &log)?);
        }
    }
    let mut grid = Grid::new(
        &format!(
            "The largest service of the catalogue, `{}` ({} operations, {} groups), alone: `cargo check` after a one-line spec change \
             (median of {} runs) and cold (`cargo clean -p`, dependencies built; median of {})",
            service.module,
            service.operations,
            service.groups.len(),
            env.runs,
            env.build_runs
        ),
        &[
            "crate",
            "after a change: wall (s)",
            "CPU (s)",
            "peak memory (MiB)",
            "cold: wall (s)",
            "CPU (s)",
            "peak memory (MiB)",
        ],
    );
    for (i, (name, _)) in cases.iter().enumerate() {
        let a = medians(&after[i]);
        let c = medians(&cold_runs[i]);
        grid.push(vec![
            name.clone(),
            format!("{:.2}", a.0),
            format!("{:.2}", a.1),
            mib(a.2),
            format!("{:.2}", c.0),
            format!("{:.2}", c.1),
            mib(c.2),
        ]);
    }
    Ok(grid)
}
