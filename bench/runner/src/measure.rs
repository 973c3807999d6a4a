//! Whole-process measurement: a command run several times after a warm-up, each run's
//! wall time, and its peak resident memory as the kernel accounts it (`wait4`).

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one run of a command cost.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Wall-clock seconds.
    pub wall: f64,
    /// Peak resident set of the largest process in the tree, in bytes.
    pub max_rss: u64,
    /// CPU seconds (user and system) of the whole process tree: less sensitive than wall
    /// time to other load on the machine.
    pub cpu: f64,
}

/// Medians over the counted runs of one command.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// Median wall-clock seconds.
    pub wall: f64,
    /// Median peak resident memory, bytes.
    pub max_rss: u64,
}

/// The median of `xs` (the mean of the middle two for an even count).
pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// Runs `script` once with `sh -c` in `dir`; its stdout and stderr go to `log` (appended).
/// Fails when it cannot start or exits non-zero.
///
/// The script is started by a fresh `bench-runner rusage` process: a child forked from
/// this (possibly large) process would count this process's memory in its own peak.
pub fn run_once(script: &str, dir: &Path, log: &Path) -> Result<Run, String> {
    let out = File::options()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let report = log.with_extension("rusage");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let status = Command::new(exe)
        .arg("rusage")
        .arg(&report)
        .args(["sh", "-c", script])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| format!("cannot start `{script}`: {e}"))?;
    let text =
        std::fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
    let fields: Vec<&str> = text.split_whitespace().collect();
    match (fields.as_slice(), status.success()) {
        ([wall, max_rss, cpu, "0"], true) => Ok(Run {
            wall: wall.parse().map_err(|_| format!("bad report {text:?}"))?,
            max_rss: max_rss
                .parse()
                .map_err(|_| format!("bad report {text:?}"))?,
            cpu: cpu.parse().map_err(|_| format!("bad report {text:?}"))?,
        }),
        _ => Err(format!(
            "`{script}` in {} failed ({status}, {text:?}); see {}",
            dir.display(),
            log.display()
        )),
    }
}

/// Runs `argv` as a child, waits for it, and writes its wall seconds, peak resident
/// bytes (the largest process of its tree), CPU seconds (user and system, of the whole
/// tree) and wait status to `report`.
pub fn rusage(report: &Path, argv: &[String]) -> Result<(), String> {
    let (program, args) = argv.split_first().ok_or("rusage: no command")?;
    let start = Instant::now();
    let child = Command::new(program)
        .args(args)
        .spawn()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    let (status, usage) = wait4(child.id())?;
    let wall = start.elapsed().as_secs_f64();
    // Linux reports ru_maxrss in KiB.
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    let text = format!("{wall} {} {cpu} {status}\n", usage.ru_maxrss as u64 * 1024);
    std::fs::write(report, text).map_err(|e| format!("{}: {e}", report.display()))
}

/// Reaps process `pid`, returning its wait status and resource usage (its own and that of
/// the descendants it waited for).
fn wait4(pid: u32) -> Result<(i32, libc::rusage), String> {
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 writes it for the child we spawned.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
    if r < 0 {
        return Err(format!("wait4: {}", std::io::Error::last_os_error()));
    }
    Ok((status, usage))
}

/// Runs `script` `warmup` times uncounted, then `runs` times counted; returns the medians.
pub fn time(
    script: &str,
    dir: &Path,
    log: &Path,
    warmup: usize,
    runs: usize,
) -> Result<Stats, String> {
    for _ in 0..warmup {
        run_once(script, dir, log)?;
    }
    let counted = (0..runs)
        .map(|_| run_once(script, dir, log))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Stats {
        wall: median(counted.iter().map(|r| r.wall).collect()),
        max_rss: median(counted.iter().map(|r| r.max_rss as f64).collect()) as u64,
    })
}
