//! The loopback server of the call figures: HTTP/1.1 with keep-alive on 127.0.0.1, every
//! answer (status line, headers, body) made once at start so that serving costs little.
//! It runs in a process of its own, so the clients' CPU time and memory are theirs alone,
//! and it exits when its standard input closes (the runner holds the other end).
//!
//! Routes: `GET /v1/{project}/subnets` answers [`SMALL_ITEMS`] subnets, or with
//! `limit=1000` the page after the one whose last id is `marker` (an empty page after
//! [`PAGES`] pages); `GET /schedules` answers EventBridge Scheduler's `ListSchedules` with
//! [`AWS_ITEMS`] schedules; anything else is a 404. Written by hand rather than with a
//! server crate: it parses only what these clients send, and costs no dependency.

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::{TcpListener, TcpStream};

use crate::bodies::{self, AWS_ITEMS, PAGE_ITEMS, PAGES, SMALL_ITEMS};

/// Longest request line or header line read.
const MAX_LINE: u64 = 64 * 1024;
/// Most header lines read per request.
const MAX_HEADERS: usize = 100;
/// Largest request body read (and dropped).
const MAX_BODY: u64 = 1024 * 1024;

/// Every answer, whole.
struct Answers {
    small: Vec<u8>,
    pages: Vec<Vec<u8>>,
    empty: Vec<u8>,
    schedules: Vec<u8>,
    not_found: Vec<u8>,
}

fn answer(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json;charset=UTF-8\r\n\
         Content-Length: {}\r\nX-Request-Id: 5c0b7c3a9e1f4d2b8a6e0f1d2c3b4a59\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

impl Answers {
    /// The answers, with `pages` full pages before the empty one.
    fn new(pages: usize) -> Self {
        Self {
            small: answer("200 OK", &bodies::subnets(0, SMALL_ITEMS)),
            pages: (0..pages)
                .map(|p| answer("200 OK", &bodies::subnets(p, PAGE_ITEMS)))
                .collect(),
            empty: answer("200 OK", br#"{"subnets": []}"#),
            schedules: answer("200 OK", &bodies::schedules(AWS_ITEMS)),
            not_found: answer("404 Not Found", br#"{"error_code": "VPC.0404"}"#),
        }
    }

    /// The answer to `GET target`.
    fn to(&self, target: &str) -> &[u8] {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
        };
        if path == "/schedules" {
            return &self.schedules;
        }
        if !(path.starts_with("/v1/") && path.ends_with("/subnets")) {
            return &self.not_found;
        }
        if param("limit") != Some(&PAGE_ITEMS.to_string()) {
            return &self.small;
        }
        let page = match param("marker") {
            None => 0,
            Some(marker) => match bodies::page_of(marker) {
                Some(p) => p + 1,
                None => return &self.not_found,
            },
        };
        self.pages.get(page).unwrap_or(&self.empty)
    }
}

/// Serves until standard input closes; writes the port to `port_file` first.
pub fn serve(port_file: &Path) -> Result<(), String> {
    let answers = Arc::new(Answers::new(PAGES));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let listener = runtime
        .block_on(TcpListener::bind("127.0.0.1:0"))
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let partial = port_file.with_extension("partial");
    std::fs::write(&partial, port.to_string()).map_err(|e| e.to_string())?;
    std::fs::rename(&partial, port_file).map_err(|e| e.to_string())?;
    runtime.spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let _ = socket.set_nodelay(true);
            tokio::spawn(connection(socket, Arc::clone(&answers)));
        }
    });
    // Blocks until the runner closes the pipe (or exits).
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    runtime.shutdown_background();
    Ok(())
}

/// Reads one line (at most [`MAX_LINE`] bytes) into `line`; false at the end of the
/// stream or on an error.
async fn read_line(read: &mut BufReader<OwnedReadHalf>, line: &mut Vec<u8>) -> bool {
    line.clear();
    matches!(read.take(MAX_LINE).read_until(b'\n', line).await, Ok(n) if n > 0)
}

/// Answers the requests of one connection until the client closes it.
async fn connection(socket: TcpStream, answers: Arc<Answers>) {
    let (read, mut write) = socket.into_split();
    let mut read = BufReader::with_capacity(16 * 1024, read);
    let mut line = Vec::new();
    loop {
        if !read_line(&mut read, &mut line).await {
            return;
        }
        let request_line = String::from_utf8_lossy(&line).into_owned();
        let target = request_line
            .split(' ')
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let mut length = 0u64;
        let mut close = false;
        for _ in 0..MAX_HEADERS {
            if !read_line(&mut read, &mut line).await {
                return;
            }
            let header = String::from_utf8_lossy(&line);
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.trim().eq_ignore_ascii_case("close");
            }
        }
        if length > MAX_BODY {
            return;
        }
        let mut body = vec![0; length as usize];
        if read.read_exact(&mut body).await.is_err() {
            return;
        }
        if write.write_all(answers.to(&target)).await.is_err() || close {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(answer: &[u8]) -> &[u8] {
        let at = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        &answer[at + 4..]
    }

    #[test]
    fn markers_lead_through_every_page_to_an_empty_one() {
        // Three pages (the server makes `PAGES`): the same walk, cheap in a debug build.
        const FEW: usize = 3;
        let a = Answers::new(FEW);
        let mut marker: Option<String> = None;
        for page in 0..=FEW {
            let target = match &marker {
                None => "/v1/p/subnets?limit=1000&vpc_id=v".to_owned(),
                Some(m) => format!("/v1/p/subnets?limit=1000&marker={m}&vpc_id=v"),
            };
            let decoded: bodies::Subnets = serde_json::from_slice(body(a.to(&target))).unwrap();
            let items = decoded.subnets.unwrap();
            if page == FEW {
                assert!(items.is_empty());
            } else {
                assert_eq!(items.len(), PAGE_ITEMS);
                marker = items.last().unwrap().id.clone();
            }
        }
        assert_eq!(a.to("/v1/p/subnets?limit=3"), a.small.as_slice());
        assert_eq!(a.to("/v2/other"), a.not_found.as_slice());
    }
}
