//! TLS against a real HTTPS server on 127.0.0.1 whose certificate is signed by a test CA
//! (`tests/data/tls`): untrusted by default (a typed, not retried TLS error), trusted with
//! the CA given as PEM bytes or as a file, and accepted without verification only when
//! `danger_accept_invalid_certs` is set.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hwcloud_runtime::{
    ApiRequest, Client, ClientBuilder, Credentials, Method, Operation, RetryPolicy, ServiceInfo,
    TransportErrorKind,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/tls");

const PING: Operation = Operation {
    id: "Ping",
    summary: "",
    method: Method::Get,
    path: "/v1/ping",
    success_statuses: &[200],
    body_content_type: None,
    permissions: &[],
};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "Tls",
    title: "Tls",
    endpoint_env: "TLS",
    content_type: "application/json",
    regions: &[],
    endpoint_prefixes: &[],
    operations: &[&PING],
    global: false,
};

#[derive(Debug)]
struct Pong {
    ok: bool,
}
hwcloud_runtime::object_serde!(Pong { Req ok "ok" });

struct Ping;

impl ApiRequest for Ping {
    type Output = Pong;
    const OPERATION: &'static Operation = &PING;
}

/// An HTTPS server answering `{"ok": true}` to up to 8 connections; counts handshakes.
struct Server {
    addr: SocketAddr,
    handshakes: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/{name}")).expect("test TLS material is readable")
}

async fn https_server() -> Server {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&read("server.pem"))
        .collect::<Result<_, _>>()
        .expect("server certificate");
    let key = PrivateKeyDer::from_pem_slice(&read("server.key")).expect("server key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server TLS configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let handshakes = Arc::new(AtomicUsize::new(0));
    let counter = handshakes.clone();
    let task = tokio::spawn(async move {
        for _ in 0..8 {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let Ok(Ok(mut tls)) =
                    tokio::time::timeout(Duration::from_secs(3), acceptor.accept(tcp)).await
                else {
                    return;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut buf = vec![0u8; 8192];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let body = r#"{"ok": true}"#;
                let reply = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    Server {
        addr,
        handshakes,
        task,
    }
}

fn builder(server: &Server) -> ClientBuilder<Client> {
    ClientBuilder::new(&SERVICE)
        .credentials(Credentials::new("AK", "SK"))
        .endpoint(format!("https://{}", server.addr))
        .no_proxy()
        .connect_timeout(Duration::from_secs(3))
        .read_timeout(Duration::from_secs(3))
        .retry(RetryPolicy::default().with_base_delay(Duration::from_millis(1)))
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_typed_tls_error_and_is_not_retried() {
    let server = https_server().await;
    let client = builder(&server).build().expect("valid configuration");
    let error = client
        .send(&Ping)
        .await
        .expect_err("the test CA is not trusted");
    assert_eq!(
        error.transport_kind(),
        Some(TransportErrorKind::Tls),
        "{error:?}"
    );
    assert!(!error.is_retryable());
    assert_eq!(error.attempts(), Some(1));
    let shown = error.to_string();
    assert!(shown.contains("TLS handshake failed"), "{shown}");
    assert!(shown.to_lowercase().contains("certificate"), "{shown}");
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_test_ca_given_as_pem_bytes_or_as_a_file_is_trusted() {
    let server = https_server().await;
    let from_bytes = builder(&server)
        .add_root_certificate_pem(read("ca.pem"))
        .build()
        .expect("valid configuration");
    assert!(from_bytes.send(&Ping).await.expect("trusted").body().ok);

    let from_file = builder(&server)
        .ca_file(format!("{DATA}/ca.pem"))
        .build()
        .expect("valid configuration");
    assert!(from_file.send(&Ping).await.expect("trusted").body().ok);
    assert_eq!(server.handshakes.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn verification_is_skipped_only_when_explicitly_dangerous() {
    let server = https_server().await;
    let client = builder(&server)
        .danger_accept_invalid_certs(true)
        .build()
        .expect("valid configuration");
    assert!(client.send(&Ping).await.expect("accepted").body().ok);
    let off = builder(&server)
        .danger_accept_invalid_certs(false)
        .build()
        .expect("valid configuration");
    assert!(off.send(&Ping).await.is_err());
}
