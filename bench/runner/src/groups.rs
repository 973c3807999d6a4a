//! Resource groups: `cargo check` after a spec change of a crate generated with one cargo
//! feature per group, with every group (`full`, the default) against one group, for the
//! synthetic 1000-operation API in groups of 20 and for the VPC spec; ten groups of the
//! synthetic API (200 operations: what one crate would hold if the API were split into
//! five); and, in the same interleaved run, 100 operations against progenitor positional. The machine is shared:
//! the runs of all cases alternate, so load affects them alike, and CPU time is reported
//! beside wall time.

use std::path::{Path, PathBuf};

use crate::figures::{Env, generated_crate, read, throwaway_crate};
use crate::measure::{self, Run, median};
use crate::report::{Row, mib, secs};
use crate::synth::GROUP_SIZE;

/// The synthetic API's size.
const OPS: usize = 1000;
/// How many groups the "several groups" case enables (`g00` … `g09`: 200 operations),
/// the size of one crate if the 1000-operation API were split into five.
const SEVERAL: usize = 10;
/// The one VPC group measured, and the one whose first operation's summary the spec
/// change edits.
const VPC_GROUP: &str = "subnet";

/// Our crate generated from `yaml(variant)` with group features, its `[features]` table
/// declared.
fn grouped_crate(
    env: &Env,
    name: &str,
    yaml: impl Fn(bool) -> Result<String, String>,
) -> Result<(PathBuf, Vec<String>), String> {
    let dir = throwaway_crate(env, name, true, |variant| {
        crate::figures::ours_files(
            hwcloud_codegen::Config::new()
                .cargo_directives(false)
                .group_features(true),
            &yaml(variant)?,
        )
    })?;
    let (service, _) = hwcloud_spec::resolve("bench.yaml", &yaml(false)?)
        .map_err(|d| format!("{name}: the spec does not resolve: {d:?}"))?;
    let gates = hwcloud_spec::groups::Gates::of(&service);
    let manifest = dir.join("Cargo.toml");
    let text = read(&manifest)?;
    let table = hwcloud_spec::groups::features_table(&gates);
    std::fs::write(&manifest, format!("{text}\n{table}"))
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    let ops_in = |group: &str| {
        service
            .operations
            .iter()
            .filter(|o| o.group == group)
            .count()
    };
    let sizes = gates
        .groups
        .iter()
        .map(|g| format!("{g}={}", ops_in(g)))
        .collect();
    Ok((dir, sizes))
}

/// The VPC spec with the summary of the first operation of [`VPC_GROUP`] edited.
fn vpc_variant(yaml: &str) -> Result<String, String> {
    let marker = format!("    group: {VPC_GROUP}\n");
    let at = yaml
        .find(&marker)
        .ok_or_else(|| format!("spec/vpc.yaml has no operation in group `{VPC_GROUP}`"))?;
    let rest = &yaml[at + marker.len()..];
    let line_end = rest
        .strip_prefix("    summary: ")
        .and_then(|s| s.find('\n'))
        .ok_or("the first subnet operation has no summary right after its group")?;
    let end = at + marker.len() + "    summary: ".len() + line_end;
    Ok(format!("{} (edited){}", &yaml[..end], &yaml[end..]))
}

/// One measured case: a crate, its target directory and the `cargo check` arguments.
struct Case {
    name: &'static str,
    dir: PathBuf,
    target: PathBuf,
    args: String,
}

impl Case {
    /// Swaps in the other variant's files, then checks.
    fn script(&self) -> String {
        format!(
            "{} && CARGO_TARGET_DIR={} exec cargo check {}",
            crate::figures::SWAP,
            self.target.display(),
            self.args
        )
    }
}

/// Medians of one case's runs: wall seconds, peak bytes, CPU seconds.
fn medians(runs: &[Run]) -> (f64, f64, f64) {
    (
        median(runs.iter().map(|r| r.wall).collect()),
        median(runs.iter().map(|r| r.max_rss as f64).collect()),
        median(runs.iter().map(|r| r.cpu).collect()),
    )
}

fn log(env: &Env, name: &str) -> PathBuf {
    let dir = env.work.join("logs");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("groups-{name}.log"))
}

/// Runs every case once uncounted, then [`Env::runs`] rounds of every case in turn.
fn interleaved(env: &Env, cases: &[Case]) -> Result<Vec<Vec<Run>>, String> {
    for case in cases {
        measure::run_once(&case.script(), &case.dir, &log(env, case.name))?;
    }
    let mut runs = vec![Vec::new(); cases.len()];
    for _ in 0..env.runs {
        for (case, runs) in cases.iter().zip(&mut runs) {
            runs.push(measure::run_once(
                &case.script(),
                &case.dir,
                &log(env, case.name),
            )?);
        }
    }
    Ok(runs)
}

/// The rows of one all-against-one comparison.
fn all_against_one(what: &str, all: (f64, f64, f64), one: (f64, f64, f64)) -> Vec<Row> {
    let ratio = |a: f64, b: f64| format!("{:.3}", b / a);
    vec![
        Row::new(
            "`cargo check` after a spec change, all groups (s)",
            what,
            secs(all.0),
        ),
        Row::new(
            "`cargo check` after a spec change, one group (s)",
            what,
            secs(one.0),
        ),
        Row::new(
            "one group ÷ all groups, `cargo check` wall time",
            what,
            ratio(all.0, one.0),
        ),
        Row::new("`cargo check` CPU time, all groups (s)", what, secs(all.2)),
        Row::new("`cargo check` CPU time, one group (s)", what, secs(one.2)),
        Row::new(
            "one group ÷ all groups, `cargo check` CPU time",
            what,
            ratio(all.2, one.2),
        ),
        Row::new(
            "`cargo check` peak memory, all groups (MiB)",
            what,
            mib(all.1),
        ),
        Row::new(
            "`cargo check` peak memory, one group (MiB)",
            what,
            mib(one.1),
        ),
    ]
}

/// The groups figure.
pub fn groups(env: &Env) -> Result<Vec<Row>, String> {
    let (synth, synth_sizes) = grouped_crate(env, &format!("ours-groups-{OPS}"), |variant| {
        read(&env.specs(OPS, variant)?.join("bench.yaml"))
    })?;
    let vpc_yaml = read(&env.repo.join("spec/vpc.yaml"))?;
    let (vpc, vpc_sizes) = grouped_crate(env, "ours-groups-vpc", |variant| {
        if variant {
            vpc_variant(&vpc_yaml)
        } else {
            Ok(vpc_yaml.clone())
        }
    })?;
    let ours = generated_crate(env, "ours", 100)?;
    let positional = generated_crate(env, "positional", 100)?;
    let ours_target = env.work.join("target-ours");
    let case = |name, dir: &Path, target: &Path, args: &str| Case {
        name,
        dir: dir.to_owned(),
        target: target.to_owned(),
        args: args.to_owned(),
    };
    let one_synth = "--no-default-features --features g00";
    let several: Vec<String> = (0..SEVERAL).map(|g| format!("g{g:02}")).collect();
    let several_synth = format!("--no-default-features --features {}", several.join(","));
    let one_vpc = format!("--no-default-features --features {VPC_GROUP}");
    let cases = [
        case("synthetic-all", &synth, &ours_target, ""),
        case("synthetic-one", &synth, &ours_target, one_synth),
        case("vpc-all", &vpc, &ours_target, ""),
        case("vpc-one", &vpc, &ours_target, &one_vpc),
        case("ours-100", &ours, &ours_target, ""),
        case(
            "positional-100",
            &positional,
            &env.work.join("target-progenitor"),
            "",
        ),
        case("synthetic-several", &synth, &ours_target, &several_synth),
    ];
    let runs = interleaved(env, &cases)?;
    let m: Vec<(f64, f64, f64)> = runs.iter().map(Vec::as_slice).map(medians).collect();
    let size_of = |sizes: &[String], group: &str| {
        sizes
            .iter()
            .find_map(|s| s.strip_prefix(&format!("{group}=")).map(str::to_owned))
            .unwrap_or_default()
    };
    let vpc_ops: usize = vpc_sizes
        .iter()
        .filter_map(|s| s.split_once('=')?.1.parse::<usize>().ok())
        .sum();
    let mut rows = all_against_one(
        &format!(
            "{} of {OPS}, {} groups",
            size_of(&synth_sizes, "g00"),
            synth_sizes.len()
        ),
        m[0],
        m[1],
    );
    debug_assert_eq!(size_of(&synth_sizes, "g00"), GROUP_SIZE.to_string());
    rows.extend(all_against_one(
        &format!(
            "VPC: `{VPC_GROUP}`, {} of {vpc_ops}, {} groups",
            size_of(&vpc_sizes, VPC_GROUP),
            vpc_sizes.len()
        ),
        m[2],
        m[3],
    ));
    let several_ops = GROUP_SIZE * SEVERAL;
    let what = format!("{several_ops} of {OPS}, {SEVERAL} groups");
    rows.push(Row::new(
        "`cargo check` after a spec change, several groups (s)",
        &what,
        secs(m[6].0),
    ));
    rows.push(Row::new(
        "`cargo check` CPU time, several groups (s)",
        &what,
        secs(m[6].2),
    ));
    rows.push(Row::new(
        "`cargo check` peak memory, several groups (MiB)",
        &what,
        mib(m[6].1),
    ));
    rows.push(
        Row::new(
            "`cargo check` after a spec change, same run (s)",
            100,
            secs(m[4].0),
        )
        .against(m[4].0, (Some(m[5].0), None), secs),
    );
    rows.push(
        Row::new("`cargo check` CPU time, same run (s)", 100, secs(m[4].2)).against(
            m[4].2,
            (Some(m[5].2), None),
            secs,
        ),
    );
    rows.push(
        Row::new(
            "`cargo check` peak memory, same run (MiB)",
            100,
            mib(m[4].1),
        )
        .against(m[4].1, (Some(m[5].1), None), mib),
    );
    Ok(rows)
}
