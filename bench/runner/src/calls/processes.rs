//! The processes of the call figures: the loopback server, one client command and what a
//! run of it printed, the programs that make the calls, and interleaved runs.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{Shape, Who};
use crate::figures::Env;

/// The loopback server, stopped when dropped (its standard input closes).
pub(super) struct Server {
    child: Child,
    pub(super) port: u16,
}

impl Server {
    pub(super) fn start(exe: &Path, work: &Path) -> Result<Self, String> {
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
pub(super) struct Sample {
    values: BTreeMap<String, f64>,
    pub(super) process_wall: f64,
}

impl Sample {
    pub(super) fn get(&self, key: &str) -> f64 {
        self.values.get(key).copied().unwrap_or(f64::NAN)
    }
}

/// One client command: the program, its arguments and environment.
#[derive(Debug, Clone)]
pub(super) struct Client {
    program: PathBuf,
    args: Vec<OsString>,
    pub(super) env: Vec<(String, String)>,
}

impl Client {
    pub(super) fn new(program: &Path, args: &[&str]) -> Self {
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
    pub(super) fn run(&self, wrapper: &[OsString]) -> Result<Sample, String> {
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

/// The programs, and where things go.
pub(super) struct Programs {
    pub(super) calls: PathBuf,
    pub(super) aws: PathBuf,
    python: Option<PathBuf>,
    script: PathBuf,
    home: PathBuf,
}

impl Programs {
    pub(super) fn new(env: &Env) -> Result<Self, String> {
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
    pub(super) fn call(
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

/// Runs every client once uncounted, then `rounds` rounds of every client in turn, the
/// order reversed every other round so that no client always follows the same one.
pub(super) fn interleaved(clients: &[&Client], rounds: usize) -> Result<Vec<Vec<Sample>>, String> {
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
