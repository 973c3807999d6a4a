//! aws-sdk-rust's per-call anchor: EventBridge Scheduler's `ListSchedules` (restJson1:
//! `GET /schedules?GroupName=..&MaxResults=..&State=..`, SigV4-signed, a JSON list
//! answer) against the loopback server of `bench-calls`, which answers it with about
//! about 2.5 KB of JSON, as many bytes as the VPC answer of our figure.
//!
//! The client is configured in code (static credentials, a region, the endpoint URL,
//! the SDK's hyper 1 client without TLS) with the SDK's defaults otherwise: standard
//! retries, stalled-stream protection, its interceptors.
//!
//! ```text
//! bench-aws-calls call CONCURRENCY CALLS PORT   # prints calls, items, wall, cpu, maxrss
//! bench-aws-calls cold PORT                     # one call from a fresh process
//! ```

#[path = "../../calls/src/harness.rs"]
mod harness;

use std::process::ExitCode;
use std::time::Instant;

use aws_sdk_scheduler::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_scheduler::types::ScheduleState;

/// A client of the server at `port`.
fn client(port: u16) -> aws_sdk_scheduler::Client {
    let config = aws_sdk_scheduler::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "BENCHACCESSKEY000000",
            "benchsecretkey0000000000000000000000000000",
            None,
            None,
            "bench",
        ))
        .endpoint_url(format!("http://127.0.0.1:{port}"))
        .http_client(aws_smithy_http_client::Builder::new().build_http())
        .build();
    aws_sdk_scheduler::Client::from_conf(config)
}

/// One `ListSchedules` call; the schedules it decoded.
async fn call(client: &aws_sdk_scheduler::Client) -> Result<usize, String> {
    let output = client
        .list_schedules()
        .group_name("default")
        .max_results(9)
        .state(ScheduleState::Enabled)
        .send()
        .await
        .map_err(|e| format!("{e:?}"))?;
    Ok(output.schedules().len())
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

fn run(args: &[&str]) -> Result<String, String> {
    match args {
        ["call", concurrency, calls, port] => {
            let client = client(number(port)?);
            let outcome = harness::runtime()?.block_on(harness::drive(
                number(concurrency)?,
                number(calls)?,
                move || {
                    let client = client.clone();
                    async move { call(&client).await }
                },
            ))?;
            Ok(outcome.line())
        }
        ["cold", port] => {
            let start = Instant::now();
            let runtime = harness::runtime()?;
            let client = client(number(port)?);
            let items = runtime.block_on(call(&client))?;
            Ok(format!(
                "items={items} first_call={} maxrss={}",
                start.elapsed().as_secs_f64(),
                harness::max_rss()
            ))
        }
        _ => Err("usage: bench-aws-calls call CONCURRENCY CALLS PORT | cold PORT".to_owned()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-aws-calls: {e}");
            ExitCode::FAILURE
        }
    }
}
