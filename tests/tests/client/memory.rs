//! What an error body near the size limit costs in memory, measured as the growth of the
//! process's peak resident set (Linux). The test runs itself in a child process (this test
//! binary filtered to this one test, on one thread), so that nothing else allocates
//! meanwhile.

#![cfg(target_os = "linux")]

use std::process::Command;
use std::time::Duration;

use hwcloud_runtime::{ClientBuilder, Credentials, Method, Operation, RetryPolicy, ServiceInfo};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use hwcloud_tests::scripted::{Server, http};

/// A `kB` line of `/proc/self/status`, in bytes.
fn status_bytes(key: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    let kb: usize = line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// The growth of the resident set's peak while `f` runs: the peak is reset first
/// (Linux's `clear_refs`), so this is the most memory in use at once during `f` above
/// what was resident before.
fn peak_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    std::fs::write("/proc/self/clear_refs", "5").expect("the peak can be reset");
    let before = status_bytes("VmRSS:").expect("the resident set is reported");
    let result = f();
    let peak = status_bytes("VmHWM:").expect("its peak is reported");
    (result, peak.saturating_sub(before))
}

const SHOW: Operation = Operation {
    id: "ShowThing",
    summary: "",
    method: Method::Get,
    path: "/v1/{project_id}/things",
    success_statuses: &[200],
    body_content_type: None,
    permissions: &[],
};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "Memory",
    title: "Memory",
    endpoint_env: "MEMORY",
    content_type: "application/json",
    regions: &[],
    endpoint_prefixes: &[],
    operations: &[&SHOW],
    global: false,
};

struct Show;

impl hwcloud_runtime::ApiRequest for Show {
    type Output = hwcloud_runtime::Empty;
    const OPERATION: &'static Operation = &SHOW;
}

/// Set in the child process that measures.
const CHILD: &str = "HWCLOUD_MEMORY_CHILD";
/// This test's name, which the child process runs.
const TEST: &str = "memory::an_error_body_costs_a_few_times_its_size_not_a_dozen";

#[test]
fn an_error_body_costs_a_few_times_its_size_not_a_dozen() {
    if std::env::var_os(CHILD).is_some() {
        measure();
        return;
    }
    let exe = std::env::current_exe().expect("test binary");
    let child = Command::new(exe)
        .args(["--exact", TEST, "--test-threads=1", "--nocapture"])
        .env(CHILD, "1")
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&child.stdout);
    let stderr = String::from_utf8_lossy(&child.stderr);
    assert!(child.status.success(), "{stdout}\n{stderr}");
    // The filter matched: the child ran this test, not nothing.
    assert!(
        stdout.contains("1 passed"),
        "the child process did not run `{TEST}`:\n{stdout}"
    );
    eprint!("{stderr}");
}

/// The measurement, alone in its process.
fn measure() {
    const SIZE: usize = 8 * 1024 * 1024;
    // Small JSON values: as a `serde_json::Value` each would take 16 times its text.
    let numbers = format!("[{}0]", "0,".repeat(SIZE / 2));
    let coded = format!(
        r#"{{"error_code":"E.1","error_msg":"bad","data":{numbers},"error":{{"code":"X","message":"y"}}}}"#
    );
    for body in [&numbers, &coded] {
        let (fields, peak) =
            peak_during(|| hwcloud_runtime::error::extract_error_fields(500, body));
        eprintln!(
            "error fields of {} bytes: peak grew by {peak} bytes",
            body.len()
        );
        assert!(
            peak <= 2 * body.len(),
            "reading the error fields of {} bytes took {peak} bytes",
            body.len()
        );
        if body == &coded {
            assert_eq!((fields.0.as_str(), fields.1.as_str()), ("E.1", "bad"));
        }
    }

    // A whole call: the body is read once, kept as the error's text, and the message
    // falls back to a second copy; nothing like 11 times the body.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let server = rt.block_on(Server::start(vec![http(500, &[], &numbers)]));
    let client: hwcloud_runtime::Client = ClientBuilder::new(&SERVICE)
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.url())
        .no_proxy()
        .call_timeout(Duration::from_secs(30))
        .retry(RetryPolicy::none())
        .build()
        .expect("valid configuration");
    let (error, peak) = peak_during(|| rt.block_on(client.send(&Show)).expect_err("500"));
    assert_eq!(error.body().map(str::len), Some(numbers.len()));
    eprintln!(
        "a call with {} bytes of error body: peak grew by {peak} bytes",
        numbers.len()
    );
    assert!(
        peak <= 4 * numbers.len(),
        "a call failing with {} bytes of body took {peak} bytes",
        numbers.len()
    );
    drop(error);
}
