//! The programs the call figures time: a loopback server, our generated VPC client and
//! the floor (the same request bytes with the same HTTP stack, plain serde), each a
//! process of its own so that its CPU time and memory are its alone.
//!
//! ```text
//! bench-calls serve PORT_FILE                          # until standard input closes
//! bench-calls call ours|floor small|page CONCURRENCY CALLS PORT
//! bench-calls pages ours|floor ROUNDS PORT             # 100 pages of 1,000 items per round
//! bench-calls cold                                     # one call, configured from the environment
//! ```
//!
//! Each prints one line of `key=value` pairs: `calls`, `items`, `wall` and `cpu` (seconds
//! of the counted calls, after a warm-up), `maxrss` (bytes, the whole process).

mod bodies;
mod floor;
mod harness;
mod ours;
mod server;

use std::process::ExitCode;

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

fn items(shape: &str) -> Result<usize, String> {
    match shape {
        "small" => Ok(bodies::SMALL_ITEMS),
        "page" => Ok(bodies::PAGE_ITEMS),
        _ => Err(format!("`{shape}`: the shape is `small` or `page`")),
    }
}

fn run(args: &[&str]) -> Result<String, String> {
    match args {
        ["serve", port_file] => server::serve(std::path::Path::new(port_file)).map(|()| String::new()),
        ["call", who, shape, concurrency, calls, port] => {
            let (items, c, n, port) = (items(shape)?, number(concurrency)?, number(calls)?, number(port)?);
            match *who {
                "ours" => ours::calls(port, items, c, n),
                "floor" => floor::calls(port, items, c, n),
                _ => Err(format!("`{who}`: ours or floor")),
            }
            .map(|o| o.line())
        }
        ["pages", who, rounds, port] => {
            let (rounds, port) = (number(rounds)?, number(port)?);
            match *who {
                "ours" => ours::pages(port, rounds),
                "floor" => floor::pages(port, rounds),
                _ => Err(format!("`{who}`: ours or floor")),
            }
            .map(|o| o.line())
        }
        ["cold"] => ours::cold(),
        _ => Err("usage: bench-calls serve PORT_FILE | call ours|floor small|page CONCURRENCY CALLS PORT | pages ours|floor ROUNDS PORT | cold".to_owned()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match run(&args) {
        Ok(line) => {
            if !line.is_empty() {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench-calls: {e}");
            ExitCode::FAILURE
        }
    }
}
