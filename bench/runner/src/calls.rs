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
//!
//! This file holds the cases and the call table; `processes` starts the server and the
//! clients, `callgrind` counts instructions, `paging` and `cold_start` are the other two
//! figures.

mod callgrind;
mod cold_start;
mod paging;
mod processes;

use crate::figures::Env;
use crate::measure::median;
use crate::report::Grid;

use callgrind::{Counts, instructions};
use cold_start::cold_start;
use paging::paging;
use processes::{Client, Programs, Sample, Server, interleaved};

/// Calls per counted run at the small answer (see [`Shape::calls`] for the page).
const SMALL_CALLS: usize = 4000;
/// Calls per counted run of the Python SDK (about a millisecond each).
const PYTHON_CALLS: usize = 640;
/// Walks through the 100 pages per counted paging run.
const PAGING_ROUNDS: usize = 1;

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
