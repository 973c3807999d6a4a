//! The cost of a call: our generated VPC client against the floor (the same request bytes,
//! signed beforehand, sent with the same HTTP stack, decoded with plain serde), against
//! aws-sdk-rust on an operation of the same shape and against the official Python SDK,
//! all calling one loopback server; paging through 100 pages of 1,000 items; and the time
//! from process start to the first completed call.
//!
//! Every client is a process of its own (`bench-calls`, `bench-aws-calls`,
//! `bench/python/call_bench.py`), so its CPU time and peak memory are its own; the server
//! is another. The cases run interleaved, one after another in each round, so that the
//! load of a shared machine hits them alike. CPU per call comes two ways: CPU seconds of
//! the client process (`getrusage`, kernel time included, load-sensitive) and user-space
//! instructions counted by `valgrind --tool=callgrind` (load-independent): the difference
//! between a run of many calls and one of few, divided by the difference in calls, so
//! that start-up and warm-up cancel out.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::figures::Env;
use crate::measure::median;
use crate::report::Grid;

/// Calls per counted run at the small answer (see [`Shape::calls`] for the page).
const SMALL_CALLS: usize = 4000;
/// Calls per counted run of the Python SDK (about a millisecond each).
const PYTHON_CALLS: usize = 640;
/// Walks through the 100 pages per counted paging run.
const PAGING_ROUNDS: usize = 1;

/// The loopback server, stopped when dropped (its standard input closes).
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(exe: &Path, work: &Path) -> Result<Self, String> {
        let port_file = work.join("server.port");
        let _ = std::fs::remove_file(&port_file);
        let child = Command::new(exe)
            .arg("serve")
            .arg(&port_file)
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
        let mut server = Self { child, port: 0 };
        // Making 100 pages of 1,000 items takes the server a few seconds.
        for _ in 0..600 {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                server.port = text
                    .trim()
                    .parse()
                    .map_err(|_| format!("bad port {text:?}"))?;
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("the loopback server exited: {status}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("the loopback server did not start within a minute".to_owned())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one run of a client printed, and how long its process took from start to exit.
#[derive(Debug, Clone, Default)]
struct Sample {
    values: BTreeMap<String, f64>,
    process_wall: f64,
}

impl Sample {
    fn get(&self, key: &str) -> f64 {
        self.values.get(key).copied().unwrap_or(f64::NAN)
    }
}

/// One client command: the program, its arguments and environment.
#[derive(Debug, Clone)]
struct Client {
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(String, String)>,
}

impl Client {
    fn new(program: &Path, args: &[&str]) -> Self {
        Self {
            program: program.to_owned(),
            args: args.iter().map(OsString::from).collect(),
            env: Vec::new(),
        }
    }

    fn command(&self, wrapper: &[OsString]) -> Command {
        let mut command = match wrapper.split_first() {
            Some((first, rest)) => {
                let mut c = Command::new(first);
                c.args(rest).arg(&self.program);
                c
            }
            None => Command::new(&self.program),
        };
        command.args(&self.args);
        // Loopback only: no proxy from the environment.
        for var in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
        ] {
            command.env_remove(var);
        }
        command
            .env("NO_PROXY", "127.0.0.1")
            .envs(self.env.iter().cloned());
        command
    }

    /// Runs the client (under `wrapper`, e.g. valgrind, when given) and reads its line.
    fn run(&self, wrapper: &[OsString]) -> Result<Sample, String> {
        let start = Instant::now();
        let out = self
            .command(wrapper)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
        let process_wall = start.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            return Err(format!(
                "{} {:?} failed ({}): {}{}",
                self.program.display(),
                self.args,
                out.status,
                text,
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let values = text
            .split_whitespace()
            .filter_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                Some((k.to_owned(), v.parse().ok()?))
            })
            .collect();
        Ok(Sample {
            values,
            process_wall,
        })
    }
}

/// The answer's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// About 2.5 KB of JSON (3 subnets, 2,533 bytes; 9 schedules, 2,562 bytes, for aws-sdk-rust).
    Small,
    /// 1,000 subnets.
    Page,
}

impl Shape {
    fn arg(self) -> &'static str {
        match self {
            Self::Small => "small",
            Self::Page => "page",
        }
    }

    /// Calls per counted run.
    fn calls(self, concurrency: usize) -> usize {
        match (self, concurrency) {
            (Self::Small, _) => SMALL_CALLS,
            (Self::Page, 1) => 100,
            (Self::Page, _) => 128,
        }
    }
}

/// Who makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Ours,
    Floor,
    Aws,
    Python,
}

impl Who {
    fn name(self) -> &'static str {
        match self {
            Self::Ours => "ours (generated VPC client, signed)",
            Self::Floor => "floor (same bytes, reqwest, plain serde)",
            Self::Aws => "aws-sdk-rust (Scheduler ListSchedules)",
            Self::Python => "official Python SDK (VPC ListSubnets)",
        }
    }
}

/// The programs, and where things go.
struct Programs {
    calls: PathBuf,
    aws: PathBuf,
    python: Option<PathBuf>,
    script: PathBuf,
    home: PathBuf,
}

impl Programs {
    fn new(env: &Env) -> Result<Self, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let home = env.work.join("python-home");
        std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
        Ok(Self {
            calls: exe.with_file_name("bench-calls"),
            aws: exe.with_file_name("bench-aws-calls"),
            python: env.python.clone(),
            script: env.repo.join("bench/python/call_bench.py"),
            home,
        })
    }

    /// The command of `who` making `calls` calls at `concurrency`, `None` where there is
    /// no such client (aws-sdk-rust and Python answer only the small shape).
    fn call(
        &self,
        who: Who,
        shape: Shape,
        concurrency: usize,
        calls: usize,
        port: u16,
    ) -> Option<Client> {
        let (c, n, p) = (concurrency.to_string(), calls.to_string(), port.to_string());
        match who {
            Who::Ours | Who::Floor => {
                let who = if who == Who::Ours { "ours" } else { "floor" };
                Some(Client::new(
                    &self.calls,
                    &["call", who, shape.arg(), &c, &n, &p],
                ))
            }
            Who::Aws if shape == Shape::Small => {
                Some(Client::new(&self.aws, &["call", &c, &n, &p]))
            }
            Who::Python if shape == Shape::Small => {
                let python = self.python.as_ref()?;
                let script = self.script.to_string_lossy();
                let mut client = Client::new(python, &[&script, "call", &c, &n, &p]);
                client
                    .env
                    .push(("HOME".to_owned(), self.home.display().to_string()));
                Some(client)
            }
            _ => None,
        }
    }
}

/// One measured case of the call figure.
struct Case {
    who: Who,
    shape: Shape,
    concurrency: usize,
    client: Client,
}

/// Medians of the counted runs of one case.
#[derive(Debug, Clone, Copy)]
struct Medians {
    /// Calls per second.
    rate: f64,
    /// CPU seconds per call.
    cpu: f64,
    /// Peak resident bytes.
    rss: f64,
}

fn medians(samples: &[Sample]) -> Medians {
    let m = |f: &dyn Fn(&Sample) -> f64| median(samples.iter().map(f).collect());
    Medians {
        rate: m(&|s| s.get("calls") / s.get("wall")),
        cpu: m(&|s| s.get("cpu") / s.get("calls")),
        rss: m(&|s| s.get("maxrss")),
    }
}

/// Runs every client once uncounted, then `rounds` rounds of every client in turn, the
/// order reversed every other round so that no client always follows the same one.
fn interleaved(clients: &[&Client], rounds: usize) -> Result<Vec<Vec<Sample>>, String> {
    for client in clients {
        client.run(&[])?;
    }
    let mut samples = vec![Vec::new(); clients.len()];
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..clients.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            samples[i].push(clients[i].run(&[])?);
        }
    }
    Ok(samples)
}

fn us(seconds: f64) -> String {
    let v = seconds * 1e6;
    if v < 100.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.0}")
    }
}

fn ratio(a: f64, b: f64) -> String {
    if a.is_finite() && b.is_finite() && b > 0.0 {
        format!("{:.2}", a / b)
    } else {
        String::new()
    }
}

/// The call, paging and cold-start figures.
pub fn calls(env: &Env) -> Result<Vec<Grid>, String> {
    let programs = Programs::new(env)?;
    let server = Server::start(&programs.calls, &env.work)?;
    let port = server.port;
    let mut cases = Vec::new();
    for (shape, concurrency) in [
        (Shape::Small, 1),
        (Shape::Small, 64),
        (Shape::Page, 1),
        (Shape::Page, 64),
    ] {
        for who in [Who::Ours, Who::Floor, Who::Aws, Who::Python] {
            let n = if who == Who::Python {
                PYTHON_CALLS
            } else {
                shape.calls(concurrency)
            };
            if let Some(client) = programs.call(who, shape, concurrency, n, port) {
                cases.push(Case {
                    who,
                    shape,
                    concurrency,
                    client,
                });
            }
        }
    }
    eprintln!("  calls: {} cases, {} rounds", cases.len(), env.runs);
    let clients: Vec<&Client> = cases.iter().map(|c| &c.client).collect();
    let samples = interleaved(&clients, env.runs)?;
    let measured: Vec<Medians> = samples.iter().map(|s| medians(s)).collect();

    eprintln!("  calls: instruction counts");
    let counts = instructions(env, &programs, port)?;

    eprintln!("  paging");
    let paging = paging(env, &programs, port)?;
    eprintln!("  cold start");
    let cold = cold_start(env, &programs, port)?;
    drop(server);

    let mut grids = vec![call_grid(&cases, &measured, &counts)];
    grids.extend(counts.profile.clone());
    grids.push(paging);
    grids.push(cold);
    Ok(grids)
}

/// The table of the call figure: one row per answer shape, concurrency and client.
fn call_grid(cases: &[Case], measured: &[Medians], counts: &Counts) -> Grid {
    let mut grid = Grid::new(
        "A call end to end against a loopback server: `ListSubnets` (small answer: 3 subnets, 2.5 KB; \
         page: 1,000 subnets, 822 KiB), medians of the counted runs",
        &[
            "answer",
            "concurrency",
            "client",
            "calls/s",
            "CPU per call (µs)",
            "÷ floor",
            "÷ aws-sdk-rust",
            "instructions per call",
            "÷ floor",
            "÷ aws-sdk-rust",
            "peak memory (MiB)",
        ],
    );
    let find = |who: Who, shape: Shape, c: usize| {
        cases
            .iter()
            .position(|x| x.who == who && x.shape == shape && x.concurrency == c)
    };
    for (i, case) in cases.iter().enumerate() {
        let m = measured[i];
        let of = |who| find(who, case.shape, case.concurrency).map(|j| measured[j].cpu);
        let ir = |who| {
            counts
                .per_call
                .get(&(who, case.shape, case.concurrency))
                .copied()
        };
        let mine = ir(case.who);
        let cpu_ratio = |who| {
            of(who)
                .filter(|_| case.who != who)
                .map(|t| ratio(m.cpu, t))
                .unwrap_or_default()
        };
        let ir_ratio = |who| match (mine, ir(who)) {
            (Some(a), Some(b)) if case.who != who => ratio(a, b),
            _ => String::new(),
        };
        grid.push(vec![
            match case.shape {
                Shape::Small => "2.5 KB".to_owned(),
                Shape::Page => "1,000 items".to_owned(),
            },
            case.concurrency.to_string(),
            case.who.name().to_owned(),
            format!("{:.0}", m.rate),
            us(m.cpu),
            cpu_ratio(Who::Floor),
            cpu_ratio(Who::Aws),
            mine.map(|v| format!("{v:.0}")).unwrap_or_default(),
            ir_ratio(Who::Floor),
            ir_ratio(Who::Aws),
            format!("{:.1}", m.rss / (1024.0 * 1024.0)),
        ]);
    }
    grid
}

/// Instruction counts per call, and the profile of where ours go beyond the floor's.
struct Counts {
    per_call: BTreeMap<(Who, Shape, usize), f64>,
    profile: Vec<Grid>,
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
fn instructions(env: &Env, programs: &Programs, port: u16) -> Result<Counts, String> {
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

/// Items per second through the marker pager against the same requests by hand.
fn paging(env: &Env, programs: &Programs, port: u16) -> Result<Grid, String> {
    let rounds = PAGING_ROUNDS.to_string();
    let p = port.to_string();
    let ours = Client::new(&programs.calls, &["pages", "ours", &rounds, &p]);
    let floor = Client::new(&programs.calls, &["pages", "floor", &rounds, &p]);
    let samples = interleaved(&[&ours, &floor], env.runs)?;
    let mut grid = Grid::new(
        "Paging: `ListSubnets` through the generated marker pager (`list_subnets_pager`) against the same requests by hand (floor), 100 pages of 1,000 items and the empty page that ends them",
        &[
            "client",
            "items/s",
            "÷ floor (time)",
            "CPU per 1,000 items (ms)",
            "÷ floor",
            "peak memory (MiB)",
        ],
    );
    let rate = |s: &[Sample]| median(s.iter().map(|x| x.get("items") / x.get("wall")).collect());
    let cpu = |s: &[Sample]| {
        median(
            s.iter()
                .map(|x| x.get("cpu") / x.get("items") * 1e3)
                .collect(),
        )
    };
    let rss = |s: &[Sample]| median(s.iter().map(|x| x.get("maxrss")).collect());
    for (name, i) in [("ours (marker pager)", 0), ("floor (by hand)", 1)] {
        let s = &samples[i];
        grid.push(vec![
            name.to_owned(),
            format!("{:.0}", rate(s)),
            if i == 0 {
                ratio(rate(&samples[1]), rate(s))
            } else {
                String::new()
            },
            format!("{:.2}", cpu(s) * 1e3),
            if i == 0 {
                ratio(cpu(s), cpu(&samples[1]))
            } else {
                String::new()
            },
            format!("{:.0}", rss(s) / (1024.0 * 1024.0)),
        ]);
    }
    Ok(grid)
}

/// Process start to the first completed call, ours against aws-sdk-rust.
fn cold_start(env: &Env, programs: &Programs, port: u16) -> Result<Grid, String> {
    let mut ours = Client::new(&programs.calls, &["cold"]);
    let endpoint = format!("http://127.0.0.1:{port}");
    for (k, v) in [
        ("HUAWEICLOUD_SDK_AK", crate::sign::AK),
        ("HUAWEICLOUD_SDK_SK", crate::sign::SK),
        ("HUAWEICLOUD_SDK_PROJECT_ID", crate::sign::PROJECT),
        ("HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4", &endpoint),
    ] {
        ours.env.push((k.to_owned(), v.to_owned()));
    }
    let aws = Client::new(&programs.aws, &["cold", &port.to_string()]);
    let samples = interleaved(&[&ours, &aws], env.runs.max(9))?;
    let mut grid = Grid::new(
        "Cold start: a fresh process builds its client (credentials, endpoint) and completes one call (the 2.5 KB answer)",
        &[
            "client",
            "process start to exit (ms)",
            "`main` to the first answer (ms)",
            "÷ aws-sdk-rust",
            "peak memory (MiB)",
        ],
    );
    let wall = |s: &[Sample]| median(s.iter().map(|x| x.process_wall).collect());
    let first = |s: &[Sample]| median(s.iter().map(|x| x.get("first_call")).collect());
    let rss = |s: &[Sample]| median(s.iter().map(|x| x.get("maxrss")).collect());
    for (name, i) in [
        (
            "ours: `Client::builder().region(..)`, credentials and endpoint from the environment",
            0,
        ),
        (
            "aws-sdk-rust: `Config::builder()` with static credentials, region and endpoint URL",
            1,
        ),
    ] {
        let s = &samples[i];
        grid.push(vec![
            name.to_owned(),
            format!("{:.2}", wall(s) * 1e3),
            format!("{:.2}", first(s) * 1e3),
            if i == 0 {
                ratio(wall(s), wall(&samples[1]))
            } else {
                String::new()
            },
            format!("{:.1}", rss(s) / (1024.0 * 1024.0)),
        ]);
    }
    Ok(grid)
}
