//! Instruction counts by `valgrind --tool=callgrind` (load-independent): per call for the
//! main cases, and where ours go beyond the floor's, by component and by step of a call.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

use super::processes::Programs;
use super::{Shape, Who};
use crate::figures::Env;
use crate::report::Grid;

/// Instruction counts per call, and the profile of where ours go beyond the floor's.
pub(super) struct Counts {
    pub(super) per_call: BTreeMap<(Who, Shape, usize), f64>,
    pub(super) profile: Vec<Grid>,
}

/// Total instructions of a callgrind output file (its `totals:` or `summary:` line).
fn total_ir(file: &Path) -> Result<f64, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("{}: no totals line", file.display()))
}

/// Exclusive (`inclusive = false`) or inclusive instructions per function of a callgrind
/// output file, by `callgrind_annotate`.
fn per_function(file: &Path, inclusive: bool) -> Result<BTreeMap<String, f64>, String> {
    let out = Command::new("callgrind_annotate")
        .arg(format!(
            "--inclusive={}",
            if inclusive { "yes" } else { "no" }
        ))
        .arg("--threshold=100")
        .arg(file)
        .output()
        .map_err(|e| format!("callgrind_annotate: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut functions = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim_start();
        let Some((count, rest)) = line.split_once(' ') else {
            continue;
        };
        let Ok(count) = count.replace(',', "").parse::<f64>() else {
            continue;
        };
        // `1,234 (5.6%)  file:function [object]`; files hold no `:`.
        let rest = rest.trim_start();
        let rest = match rest.strip_prefix('(') {
            Some(r) => r.split_once(')').map_or(r, |(_, after)| after).trim_start(),
            None => rest,
        };
        let Some((_, function)) = rest.split_once(':') else {
            continue;
        };
        let function = function.split(" [").next().unwrap_or(function).to_owned();
        *functions.entry(function).or_insert(0.0) += count;
    }
    if functions.is_empty() {
        return Err(format!(
            "callgrind_annotate read nothing from {}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(functions)
}

/// Where a function's instructions go in the breakdown: by the crate its path starts
/// with (`<crate::Type as Trait>::f` counts for `crate`), C functions by name.
fn component(function: &str) -> &'static str {
    const CRATES: [(&str, &[&str]); 9] = [
        (
            "signing (our signer, SHA-256, HMAC)",
            &["sha2", "hmac", "digest", "hex", "block_buffer"],
        ),
        (
            "our runtime and generated code, the rest",
            &["hwcloud_runtime", "hwcloud_vpc"],
        ),
        (
            "JSON (serde, serde_json, serde_path_to_error)",
            &[
                "serde",
                "serde_core",
                "serde_json",
                "serde_path_to_error",
                "bench_calls",
            ],
        ),
        ("tracing", &["tracing", "tracing_core"]),
        (
            "reqwest, tower",
            &[
                "reqwest",
                "tower",
                "tower_http",
                "tower_service",
                "tower_layer",
            ],
        ),
        (
            "hyper, http (the HTTP/1.1 exchange)",
            &[
                "hyper",
                "hyper_util",
                "http",
                "httparse",
                "http_body",
                "http_body_util",
                "bytes",
                "want",
                "futures_util",
                "futures_channel",
                "futures_core",
            ],
        ),
        (
            "URL (url, idna, percent-encoding)",
            &[
                "url",
                "idna",
                "idna_adapter",
                "percent_encoding",
                "form_urlencoded",
                "utf8_iter",
            ],
        ),
        ("tokio, mio (tasks, I/O driver)", &["tokio", "mio"]),
        (
            "aws-sdk-rust and aws-smithy",
            &[
                "aws_sdk_scheduler",
                "aws_smithy_runtime",
                "aws_smithy_runtime_api",
                "aws_smithy_types",
                "aws_smithy_http",
                "aws_smithy_json",
                "aws_runtime",
                "aws_sigv4",
                "aws_smithy_async",
                "aws_smithy_http_client",
                "aws_types",
                "aws_credential_types",
                "aws_smithy_observability",
                "aws_smithy_schema",
            ],
        ),
    ];
    const ALLOCATOR: [&str; 12] = [
        "malloc",
        "free",
        "realloc",
        "calloc",
        "cfree",
        "_int_malloc",
        "_int_free",
        "_int_realloc",
        "malloc_consolidate",
        "unlink_chunk.constprop.0",
        "alloc_perturb",
        "tcache_get",
    ];
    let name = function
        .trim_start_matches(['<', '&', '*'])
        .trim_start_matches("mut ");
    let krate = name.split("::").next().unwrap_or_default();
    if !name.contains("::") {
        if ALLOCATOR.contains(&name)
            || name.starts_with("__libc_malloc")
            || name.starts_with("__libc_free")
        {
            return "allocator (malloc, free, realloc)";
        }
        if name.starts_with("__mem") || name.starts_with("mem") {
            return "memory copies (memcpy, memmove, memset)";
        }
    }
    if krate == "__rustc" {
        return "allocator (malloc, free, realloc)";
    }
    for (component, crates) in CRATES {
        if crates.contains(&krate) {
            return component;
        }
    }
    "other (std, core, libc)"
}

/// Instructions per call by component: the difference between the long run and the
/// short one, divided by the difference in calls.
fn components(
    long: &BTreeMap<String, f64>,
    short: &BTreeMap<String, f64>,
    calls: f64,
) -> BTreeMap<&'static str, f64> {
    let mut out = BTreeMap::new();
    for (function, ir) in long {
        let before = short.get(function).copied().unwrap_or(0.0);
        *out.entry(component(function)).or_insert(0.0) += (ir - before) / calls;
    }
    out
}

/// Named steps of a call, inclusive instructions per call: ours, and the floor's
/// counterpart where it has one. Each step sums the functions it lists (a function
/// listed by the start of its name, recursion suffixes such as `'2` included); the
/// step with no function is the rest of the call (the whole minus the steps above it:
/// the call's and the attempt's futures, retry bookkeeping, spans, the task).
const STAGES: [(&str, &[&str], &[&str]); 8] = [
    (
        "build: the generated `write`, `to_wire` (path, query, headers), the writer dropped",
        &[
            "<hwcloud_vpc::requests::ListSubnetsRequest as hwcloud_runtime::wire::request::ApiRequest>::write",
            "hwcloud_runtime::wire::request::RequestWriter::to_wire",
            "core::ptr::drop_in_place<hwcloud_runtime::wire::request::RequestWriter>",
        ],
        &[],
    ),
    (
        "sign: `sign_for_sending` (canonical request, SHA-256, HMAC, the headers it adds)",
        &["hwcloud_runtime::auth::signer::sign_for_sending"],
        &[],
    ),
    (
        "of which SHA-256 blocks (`compress256`: the portable code under valgrind)",
        &["sha2::sha256::compress256"],
        &[],
    ),
    (
        "hand over: `header_map`, the URL (`EndpointUrls::url`), `check_target`, the request's headers set",
        &[
            "hwcloud_runtime::http::headers::header_map",
            "hwcloud_runtime::http::urls::EndpointUrls::url",
            "hwcloud_runtime::http::transport::check_target",
            "hwcloud_runtime::wire::WireRequest::request_uri",
            "reqwest::async_impl::request::RequestBuilder::headers",
        ],
        &["reqwest::async_impl::request::RequestBuilder::headers"],
    ),
    (
        "send and receive: the HTTP library's `execute` and response future (hyper, the connection pool)",
        &[
            "reqwest::async_impl::client::Client::execute",
            "<reqwest::async_impl::client::Pending as core::future::future::Future>::poll",
            "core::ptr::drop_in_place<reqwest::async_impl::client::Pending>",
        ],
        &[
            "reqwest::async_impl::request::RequestBuilder::send",
            "<reqwest::async_impl::client::Pending as core::future::future::Future>::poll",
            "core::ptr::drop_in_place<reqwest::async_impl::client::Pending>",
        ],
    ),
    (
        "decode the body (ours: `outcome::decode_reusing`; floor: `serde_json::from_slice`)",
        &["hwcloud_runtime::client::outcome::decode_reusing"],
        &["serde_json::de::from_slice"],
    ),
    (
        "the rest: reading the body, the futures, retry bookkeeping, spans, the task",
        &[],
        &[],
    ),
    ("the whole call", &[], &[]),
];

/// Instruction counts by callgrind: per call for the main cases; the components and
/// stages of ours and the floor at the small answer, concurrency 1.
pub(super) fn instructions(env: &Env, programs: &Programs, port: u16) -> Result<Counts, String> {
    let mut counts = Counts {
        per_call: BTreeMap::new(),
        profile: Vec::new(),
    };
    if Command::new("valgrind").arg("--version").output().is_err() {
        eprintln!("  (valgrind not found: no instruction counts)");
        return Ok(counts);
    }
    let dir = env.work.join("callgrind");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let runs: [(Who, Shape, usize, usize, usize); 7] = [
        (Who::Ours, Shape::Small, 1, 100, 600),
        (Who::Floor, Shape::Small, 1, 100, 600),
        (Who::Aws, Shape::Small, 1, 100, 600),
        (Who::Ours, Shape::Small, 64, 128, 640),
        (Who::Floor, Shape::Small, 64, 128, 640),
        (Who::Aws, Shape::Small, 64, 128, 640),
        (Who::Ours, Shape::Page, 1, 2, 10),
    ];
    let mut files = BTreeMap::new();
    let mut run_all = runs.to_vec();
    run_all.push((Who::Floor, Shape::Page, 1, 2, 10));
    for (who, shape, c, few, many) in run_all {
        let mut got = Vec::new();
        for n in [few, many] {
            let Some(client) = programs.call(who, shape, c, n, port) else {
                continue;
            };
            let file = dir.join(format!("{who:?}-{}-{c}-{n}.out", shape.arg()));
            let wrapper: Vec<OsString> = vec![
                "valgrind".into(),
                "--tool=callgrind".into(),
                format!("--callgrind-out-file={}", file.display()).into(),
            ];
            let sample = client.run(&wrapper)?;
            got.push((sample.get("calls"), total_ir(&file)?, file));
        }
        if let [(c1, ir1, f1), (c2, ir2, f2)] = got.as_slice() {
            counts
                .per_call
                .insert((who, shape, c), (ir2 - ir1) / (c2 - c1));
            files.insert((who, shape, c), (f1.clone(), f2.clone(), c2 - c1));
        }
    }
    // Where the instructions go: ours against the floor, by component and by stage.
    for (shape, title) in [
        (Shape::Small, "2.5 KB answer"),
        (Shape::Page, "1,000-item page"),
    ] {
        let (Some(ours), Some(floor)) = (
            files.get(&(Who::Ours, shape, 1)),
            files.get(&(Who::Floor, shape, 1)),
        ) else {
            continue;
        };
        let ours_c = components(
            &per_function(&ours.1, false)?,
            &per_function(&ours.0, false)?,
            ours.2,
        );
        let floor_c = components(
            &per_function(&floor.1, false)?,
            &per_function(&floor.0, false)?,
            floor.2,
        );
        let mut grid = Grid::new(
            &format!(
                "Where the instructions of a call go, {title}, concurrency 1 (callgrind, exclusive instructions per call by component)"
            ),
            &["component", "ours", "floor", "ours − floor"],
        );
        let mut names: Vec<&str> = ours_c.keys().chain(floor_c.keys()).copied().collect();
        names.sort_unstable();
        names.dedup();
        let (mut sum_o, mut sum_f) = (0.0, 0.0);
        for name in names {
            let o = ours_c.get(name).copied().unwrap_or(0.0);
            let f = floor_c.get(name).copied().unwrap_or(0.0);
            sum_o += o;
            sum_f += f;
            grid.push(vec![
                name.to_owned(),
                format!("{o:.0}"),
                format!("{f:.0}"),
                format!("{:+.0}", o - f),
            ]);
        }
        grid.push(vec![
            "all".to_owned(),
            format!("{sum_o:.0}"),
            format!("{sum_f:.0}"),
            format!("{:+.0}", sum_o - sum_f),
        ]);
        counts.profile.push(grid);
        if shape == Shape::Small {
            let long = per_function(&ours.1, true)?;
            let short = per_function(&ours.0, true)?;
            let floor_long = per_function(&floor.1, true)?;
            let floor_short = per_function(&floor.0, true)?;
            let mut grid = Grid::new(
                "Steps of a call, 2.5 KB answer, concurrency 1 (callgrind, inclusive instructions per call)",
                &["step", "ours", "floor"],
            );
            let per = |m: &BTreeMap<String, f64>, function: &str| {
                m.iter()
                    .filter(|(f, _)| f.starts_with(function))
                    .map(|(_, v)| *v)
                    .fold(0.0_f64, f64::max)
            };
            let sum = |long: &BTreeMap<String, f64>,
                       short: &BTreeMap<String, f64>,
                       calls: f64,
                       functions: &[&str]| {
                if functions.is_empty() {
                    return f64::NAN;
                }
                functions
                    .iter()
                    .map(|f| (per(long, f) - per(short, f)) / calls)
                    .sum::<f64>()
            };
            let whole = |who| {
                counts
                    .per_call
                    .get(&(who, shape, 1))
                    .copied()
                    .unwrap_or(f64::NAN)
            };
            let cell = |v: f64| {
                if v.is_finite() {
                    format!("{v:.0}")
                } else {
                    String::new()
                }
            };
            // The steps that do not overlap, for "the rest": every listed step but the
            // share of signing shown on its own.
            let (mut listed_o, mut listed_f) = (0.0, 0.0);
            for (stage, ours_fns, floor_fns) in STAGES {
                let (o, f) = match (ours_fns.is_empty(), stage) {
                    (true, "the whole call") => (whole(Who::Ours), whole(Who::Floor)),
                    (true, _) => (whole(Who::Ours) - listed_o, whole(Who::Floor) - listed_f),
                    (false, _) => {
                        let o = sum(&long, &short, ours.2, ours_fns);
                        let f = sum(&floor_long, &floor_short, floor.2, floor_fns);
                        if !stage.starts_with("of which") {
                            listed_o += o;
                            listed_f += if f.is_finite() { f } else { 0.0 };
                        }
                        (o, f)
                    }
                };
                grid.push(vec![stage.to_owned(), cell(o), cell(f)]);
            }
            counts.profile.push(grid);
        }
    }
    Ok(counts)
}
