//! A misbehaving HTTP server on 127.0.0.1 for the fault suites, written with a bare tokio
//! `TcpListener` so that it can do what a well-behaved mock cannot: answer 500 then 200,
//! throttle, never answer, close mid-body, send truncated JSON, HTML or a huge body,
//! redirect, keep connections open, or act as a proxy.
//!
//! Every server accepts a bounded number of connections and holds each for a bounded
//! time; it stops when dropped.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use crate::verify::ReceivedRequest;

/// What the server does with one connection, after reading the request.
#[derive(Clone)]
pub enum Act {
    /// Writes these bytes and closes.
    Reply(Vec<u8>),
    /// Never answers (holds the connection for at most 5 s).
    Hang,
    /// Closes without answering.
    Close,
    /// Writes `head`, then up to `total` body bytes until the client goes away.
    Stream {
        /// Status line and headers.
        head: Vec<u8>,
        /// Body bytes to send at most.
        total: usize,
    },
    /// Waits until the server has seen `hold_until` requests in all (at most 5 s), then
    /// writes `reply` for this request and every further one on the connection, which
    /// stays open until the client closes it (at most 30 s).
    KeepAlive {
        /// The response, without `Connection: close`.
        reply: Vec<u8>,
        /// Requests to wait for before the first answer.
        hold_until: usize,
    },
}

/// A request as the server saw it, plus the raw request target.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request target exactly as sent (origin or absolute form).
    pub target: String,
    /// Method, path, query, headers and body.
    pub request: ReceivedRequest,
}

impl Seen {
    /// The value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the accept loop shares with each connection.
#[derive(Clone, Default)]
struct Shared {
    seen: Arc<Mutex<Vec<Seen>>>,
    streamed: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
    peak: Arc<AtomicUsize>,
}

/// A server on 127.0.0.1 that plays `script[i]` on its i-th connection (the last entry
/// repeats), for a bounded number of connections.
pub struct Server {
    addr: SocketAddr,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

/// Connections a server accepts by default.
pub const MAX_CONNECTIONS: usize = 16;

impl Drop for Server {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection.
        self.task.abort();
    }
}

impl Server {
    /// Starts a server playing `script`, for at most [`MAX_CONNECTIONS`] connections.
    pub async fn start(script: Vec<Act>) -> Self {
        Self::start_with(script, MAX_CONNECTIONS).await
    }

    /// Starts a server playing `script`, for at most `max_connections` connections.
    pub async fn start_with(script: Vec<Act>, max_connections: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let shared = Shared::default();
        let state = shared.clone();
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            for i in 0..max_connections {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let act = script[i.min(script.len() - 1)].clone();
                let state = state.clone();
                let open = state.open.fetch_add(1, Ordering::SeqCst) + 1;
                state.peak.fetch_max(open, Ordering::SeqCst);
                connections.spawn(async move {
                    let limit = match act {
                        Act::KeepAlive { .. } => Duration::from_secs(30),
                        _ => Duration::from_secs(5),
                    };
                    let _ = tokio::time::timeout(limit, serve(stream, act, &state)).await;
                    state.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
            while connections.join_next().await.is_some() {}
        });
        Self { addr, shared, task }
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The requests seen so far, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared
            .seen
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// How many requests were seen.
    pub fn requests(&self) -> usize {
        self.seen().len()
    }

    /// Body bytes written by [`Act::Stream`] connections.
    pub fn streamed(&self) -> usize {
        self.shared.streamed.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.shared.open.load(Ordering::SeqCst)
    }

    /// The most connections open at once.
    pub fn peak_connections(&self) -> usize {
        self.shared.peak.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, act: Act, state: &Shared) {
    let Some(seen) = read_request(&mut stream).await else {
        return;
    };
    let log = |seen| {
        if let Ok(mut l) = state.seen.lock() {
            l.push(seen);
        }
    };
    log(seen);
    match act {
        Act::Reply(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Act::Hang => tokio::time::sleep(Duration::from_secs(5)).await,
        Act::Close => {}
        Act::Stream { head, total } => {
            if stream.write_all(&head).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            while state.streamed.load(Ordering::SeqCst) < total {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                state.streamed.fetch_add(chunk.len(), Ordering::SeqCst);
            }
        }
        Act::KeepAlive { reply, hold_until } => {
            // Bounded: 1000 polls of 5 ms.
            for _ in 0..1000 {
                if state.seen.lock().map(|s| s.len()).unwrap_or(0) >= hold_until {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            loop {
                if stream.write_all(&reply).await.is_err() {
                    return;
                }
                match read_request(&mut stream).await {
                    Some(seen) => log(seen),
                    None => return,
                }
            }
        }
    }
}

/// Reads one request: head, then a `Content-Length` body. `None` on a malformed request
/// or a closed connection.
async fn read_request(stream: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buf.len() > 256 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(1024 * 1024);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    // An absolute-form target (through a proxy) keeps only its path and query here.
    let origin_form = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]).to_owned(),
        None => target.clone(),
    };
    let (path, query) = origin_form
        .split_once('?')
        .map_or((origin_form.clone(), String::new()), |(p, q)| {
            (p.to_owned(), q.to_owned())
        });
    Some(Seen {
        target,
        request: ReceivedRequest {
            method,
            path,
            query,
            headers,
            body,
        },
    })
}

/// A complete response that closes the connection.
pub fn http(status: u16, headers: &[(&str, &str)], body: &str) -> Act {
    let mut text = format!(
        "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (n, v) in headers {
        text.push_str(&format!("{n}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    Act::Reply(text.into_bytes())
}

/// Raw bytes as the response, exactly as given.
pub fn raw(text: &str) -> Act {
    Act::Reply(text.as_bytes().to_vec())
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}
