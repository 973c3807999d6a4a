//! Driving calls at a given concurrency and reading what they cost the process: wall
//! time, CPU time (user and system, every thread) and peak resident memory.

use std::future::Future;
use std::time::Instant;

/// What a measured stretch of calls cost.
#[derive(Debug, Clone, Copy)]
pub struct Outcome {
    /// Calls made (requests sent and answered).
    pub calls: usize,
    /// Items decoded in all.
    pub items: usize,
    /// Wall-clock seconds.
    pub wall: f64,
    /// CPU seconds of this process.
    pub cpu: f64,
}

impl Outcome {
    /// One line of `key=value` pairs for the runner, peak memory of the process included.
    pub fn line(&self) -> String {
        format!(
            "calls={} items={} wall={} cpu={} maxrss={}",
            self.calls,
            self.items,
            self.wall,
            self.cpu,
            max_rss()
        )
    }
}

fn usage() -> libc::rusage {
    // SAFETY: rusage is plain old data; getrusage fills it for this process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage
}

/// CPU seconds (user and system) of this process so far.
pub fn cpu_seconds() -> f64 {
    let u = usage();
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(u.ru_utime) + seconds(u.ru_stime)
}

/// Peak resident memory of this process, bytes: `VmHWM` of `/proc/self/status`, which
/// starts afresh at `exec` (`ru_maxrss` would count the memory of the process this one
/// was forked from).
pub fn max_rss() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(kib * 1024)
        })
        .unwrap_or(0)
}

/// Makes `calls` calls of `one` (which returns the items it decoded) from `concurrency`
/// tasks, each calling in turn, after a warm-up of eight calls per task (connections
/// opened, buffers grown); returns the cost of the counted calls.
pub async fn drive<F, Fut>(concurrency: usize, calls: usize, one: F) -> Result<Outcome, String>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<usize, String>> + Send + 'static,
{
    let concurrency = concurrency.max(1);
    run(concurrency, concurrency * 8, one.clone()).await?;
    let per_task = calls.div_ceil(concurrency);
    let cpu = cpu_seconds();
    let start = Instant::now();
    let items = run(concurrency, per_task * concurrency, one).await?;
    Ok(Outcome {
        calls: per_task * concurrency,
        items,
        wall: start.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu,
    })
}

/// `calls` calls from `concurrency` tasks; the items decoded.
async fn run<F, Fut>(concurrency: usize, calls: usize, one: F) -> Result<usize, String>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<usize, String>> + Send + 'static,
{
    let per_task = calls / concurrency;
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let one = one.clone();
            tokio::spawn(async move {
                let mut items = 0;
                for _ in 0..per_task {
                    items += one().await?;
                }
                Ok::<_, String>(items)
            })
        })
        .collect();
    let mut items = 0;
    for task in tasks {
        items += task.await.map_err(|e| e.to_string())??;
    }
    Ok(items)
}

/// Walks (through every page) once uncounted, then `rounds` times counted; `walk`
/// returns the calls it made and the items it decoded.
#[allow(dead_code)] // bench-aws-calls shares this file and walks no pages
pub async fn walks<F, Fut>(rounds: usize, walk: F) -> Result<Outcome, String>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(usize, usize), String>>,
{
    walk().await?;
    let cpu = cpu_seconds();
    let start = Instant::now();
    let (mut calls, mut items) = (0, 0);
    for _ in 0..rounds {
        let (c, i) = walk().await?;
        calls += c;
        items += i;
    }
    Ok(Outcome {
        calls,
        items,
        wall: start.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu,
    })
}

/// A multi-threaded tokio runtime, as `#[tokio::main]` makes one.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())
}
