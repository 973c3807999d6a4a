//! Moving bytes: one signed request over HTTP with a bounded response size, the typed
//! classification of what can go wrong on the way, and fail-over across endpoints.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderValue};

use crate::auth::credentials::Credentials;
use crate::auth::signer::{KeyedMac, MAX_ADDED_HEADERS, SdkDate, sign_for_sending};
use crate::error::sensitive::redact_url;
use crate::error::{
    EndpointFailures, Error, Limit, Result, TimeoutKind, TransportError, TransportErrorKind,
};
use crate::http::endpoint::Endpoint;
use crate::http::headers::{ReadyHeaders, header_map};
use crate::http::urls::{EndpointUrls, path_and_query};
use crate::operation::{Operation, ServiceInfo};
use crate::time::TimeSource;
use crate::wire::WireRequest;
use crate::wire::request::{PathDefaults, RequestWriter, Target};

/// What sending needs: the service, the credentials, the endpoints in fail-over order, the
/// HTTP client and its limits, and the time source for `X-Sdk-Date`. The client layer
/// above adds retries, attempt and call timeouts.
pub(crate) struct Transport {
    pub(crate) service: &'static ServiceInfo,
    pub(crate) credentials: Credentials,
    /// The HMAC state of the credentials' secret key ([`KeyedMac::of`] `credentials`).
    pub(crate) keyed: KeyedMac,
    pub(crate) endpoints: Vec<Endpoint>,
    /// Each endpoint's parsed URLs, in the order of `endpoints`: a request's URL is made
    /// from them without parsing the host again, or its path when it repeats.
    pub(crate) urls: Vec<EndpointUrls>,
    pub(crate) http: reqwest::Client,
    pub(crate) user_agent: String,
    /// Each endpoint's headers that every request repeats, in the order of `endpoints`.
    pub(crate) ready: Vec<ReadyHeaders>,
    /// The connect timeout of the HTTP client, when this crate configured it.
    pub(crate) connect_timeout: Option<Duration>,
    /// The read timeout of the HTTP client, when this crate configured it.
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) max_response_bytes: u64,
    pub(crate) time: Arc<dyn TimeSource>,
}

impl Transport {
    /// The current time of the time source.
    pub(crate) fn now(&self) -> SystemTime {
        self.time.now()
    }
}

/// What the client made once for an endpoint ([`Transport::urls`], [`Transport::ready`]).
#[derive(Clone, Copy)]
pub(crate) struct EndpointParts<'a> {
    pub(crate) urls: Option<&'a EndpointUrls>,
    pub(crate) ready: Option<&'a ReadyHeaders>,
}

/// A response before decoding: status, headers and the whole body (at most the
/// configured maximum size).
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Builds and signs the request for one endpoint, exactly as it will be sent; with its
/// path and query as sent ([`WireRequest::request_uri`]) when signing could tell it.
pub(crate) fn sign_for(
    inner: &Transport,
    op: &Operation,
    writer: &RequestWriter,
    endpoint: &Endpoint,
) -> Result<(WireRequest, Option<String>)> {
    let target = Target {
        scheme: &endpoint.scheme,
        host: &endpoint.host,
        base_path: &endpoint.base_path,
    };
    let defaults = PathDefaults {
        project_id: inner.credentials.project_id(),
        domain_id: inner.credentials.domain_id(),
    };
    let mut wire = writer.to_wire(
        inner.service,
        op,
        target,
        defaults,
        &inner.user_agent,
        MAX_ADDED_HEADERS,
    )?;
    let now = SdkDate::from_system_time(inner.now())
        .map_err(|e| Error::config(format!("the clock gives an unusable time: {e}")))?;
    let uri = sign_for_sending(&mut wire, &inner.credentials, &inner.keyed, now)
        .map_err(|e| Error::request(format!("{}: cannot sign the request: {e}", op.id)))?;
    Ok((wire, uri))
}

/// One attempt: each endpoint in turn, moving on only when the request could not be sent
/// (DNS, refused, TLS, connect timeout), as the official SDK fails over. When every
/// endpoint fails, the error lists all of them ([`EndpointFailures`]).
pub(crate) async fn attempt(
    inner: &Transport,
    op: &'static Operation,
    writer: &RequestWriter,
    spare: &mut Vec<u8>,
) -> Result<RawResponse> {
    let mut failures = Vec::new();
    let mut last = None;
    for (i, endpoint) in inner.endpoints.iter().enumerate() {
        let (wire, uri) = sign_for(inner, op, writer, endpoint)?;
        let parts = EndpointParts {
            urls: inner.urls.get(i),
            ready: inner.ready.get(i),
        };
        match exchange(inner, op, wire, uri, parts, spare).await {
            Err(Error::Transport(e)) if e.kind.request_not_sent() => {
                tracing::debug!(endpoint = %endpoint.base_url(), error = %e, "endpoint failed");
                failures.push((endpoint.base_url(), e.summary()));
                last = Some(e);
            }
            other => return other,
        }
    }
    match last {
        Some(mut e) => {
            if failures.len() > 1 {
                e.source = Some(Box::new(EndpointFailures { failures }));
            }
            Err(Error::Transport(e))
        }
        None => Err(Error::config("no endpoint to call")),
    }
}

/// Sends one signed request and reads the response within the size limit. `uri` is its
/// [`request_uri`](WireRequest::request_uri) when already known (made then); `parts`
/// what the client made for the endpoint, when it did. The body is
/// read into `spare`'s memory (taken, emptied): a caller that hands back each body's
/// buffer (a pager) reads every page into the same memory.
pub(crate) async fn exchange(
    inner: &Transport,
    op: &'static Operation,
    wire: WireRequest,
    uri: Option<String>,
    parts: EndpointParts<'_>,
    spare: &mut Vec<u8>,
) -> Result<RawResponse> {
    // The path and query exactly as signed, computed once: the URL is made from it, and
    // the URL layer's result is compared with it.
    let signed = uri.unwrap_or_else(|| wire.request_uri());
    let url_len = wire.scheme.len() + "://".len() + wire.host.len() + signed.len();
    let target = SignedTarget {
        signed: &signed,
        path_hidden: wire.shown_path() != wire.path,
        sensitive: wire.sensitive,
    };
    let WireRequest {
        method,
        scheme,
        host,
        path,
        headers,
        body,
        shown_path,
        ..
    } = wire;
    // The URL errors name ([`WireRequest::shown_url`]), formatted only for an error.
    let shown_url = || {
        format!(
            "{scheme}://{host}{}",
            shown_path.as_deref().unwrap_or(&path)
        )
    };
    let fail = |kind, limit, source: Option<Box<dyn std::error::Error + Send + Sync>>| {
        Error::Transport(Box::new(TransportError {
            operation: op.id,
            kind,
            url: shown_url(),
            attempts: 1,
            limit,
            source,
        }))
    };
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| Error::request(format!("{}: invalid method: {e}", op.id)))?;
    let mut headers = match parts.ready {
        Some(ready) => header_map(op, headers, ready)?,
        None => header_map(op, headers, &ReadyHeaders::default())?,
    };
    // A URL is kept for the next request only when nothing in it is marked sensitive.
    let keep = target.sensitive.is_empty() && !target.path_hidden;
    let mut builder = match parts.urls.and_then(|u| u.url(&signed, keep)) {
        Some(url) => inner.http.request(method.clone(), url),
        None => inner
            .http
            .request(method.clone(), format!("{scheme}://{host}{signed}")),
    };
    match body {
        Some(body) => builder = builder.body(body),
        // As the official SDK (Python `requests`) does for every method but GET and HEAD:
        // some proxies answer 411 to a bodiless POST without it.
        None if !matches!(method.as_str(), "GET" | "HEAD") => {
            headers.insert(
                reqwest::header::CONTENT_LENGTH,
                HeaderValue::from_static("0"),
            );
        }
        None => {}
    }
    // A request the HTTP library cannot build (a URL too long for it, say) can never be
    // sent: a request error, not a network failure to retry.
    let mut request = builder.build().map_err(|e| unsendable(op, url_len, &e))?;
    // The builder's request has no header yet (the client's defaults join when it is
    // sent), so the map moves in whole: `RequestBuilder::headers` would move it entry by
    // entry into an empty one.
    if request.headers().is_empty() {
        *request.headers_mut() = headers;
    } else {
        request.headers_mut().extend(headers);
    }
    check_target(op, &target, request.url())?;
    let requested = request.url().clone();
    let from_reqwest = |e: reqwest::Error| {
        if e.is_builder() {
            return unsendable(op, url_len, &e);
        }
        if e.is_redirect() {
            // A caller-supplied client gave up following redirects (a loop, too many).
            let to = e.url().cloned().unwrap_or_else(|| requested.clone());
            return followed_redirect(op, &to);
        }
        let kind = classify(&e);
        let limit = match kind {
            TransportErrorKind::Timeout(TimeoutKind::Connect) => inner.connect_timeout,
            TransportErrorKind::Timeout(TimeoutKind::Read) => inner.read_timeout,
            _ => None,
        };
        // The HTTP library's error names the URL with its query, which may hold
        // secrets: it goes into the chain without it (the error names the URL without
        // the query itself).
        fail(
            kind,
            limit.map(Limit::Time),
            Some(Box::new(e.without_url())),
        )
    };
    let mut response = inner.http.execute(request).await.map_err(from_reqwest)?;
    if response.url() != &requested {
        // Only a caller-supplied HTTP client follows redirects; the body and the
        // credentials headers may already have gone to the other origin.
        return Err(followed_redirect(op, response.url()));
    }
    let status = response.status().as_u16();
    let limit = inner.max_response_bytes;
    let too_large = || {
        fail(
            TransportErrorKind::BodyTooLarge,
            Some(Limit::Bytes(limit)),
            None,
        )
    };
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(too_large());
    }
    let headers = std::mem::take(response.headers_mut());
    // Sized once from the declared length (already checked against the limit), so the
    // buffer does not double its way up; at most 16 MiB up front whatever the server
    // declares, in case the limit was raised very high.
    let declared = response
        .content_length()
        .map_or(0, |n| n.min(16 * 1024 * 1024));
    let declared = usize::try_from(declared).unwrap_or(0);
    let mut body = std::mem::take(spare);
    body.clear();
    body.reserve(declared);
    while let Some(chunk) = response.chunk().await.map_err(from_reqwest)? {
        if (body.len() as u64).saturating_add(chunk.len() as u64) > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// The request error for a request the HTTP library refuses to build. The URL is not
/// quoted (it may be huge, and its query may hold values the caller considers private).
fn unsendable(op: &Operation, url_len: usize, e: &reqwest::Error) -> Error {
    let cause: &(dyn std::error::Error + 'static) = e;
    let mut root = cause;
    while let Some(next) = root.source() {
        root = next;
    }
    let why = if std::ptr::addr_eq(root, cause) {
        "the HTTP library refused it".to_owned()
    } else {
        root.to_string()
    };
    Error::request(format!(
        "{}: the request cannot be sent (URL of {} bytes): {why}",
        op.id, url_len
    ))
}

/// Refuses a request whose path or query the URL layer would send differently from what
/// was signed: dot segments collapsed, a backslash read as a slash, and the like. Sent,
/// it would call another path than the operation's, with a signature that cannot match.
fn check_target(op: &Operation, target: &SignedTarget<'_>, url: &reqwest::Url) -> Result<()> {
    let sent = path_and_query(url);
    if sent == target.signed {
        return Ok(());
    }
    // Shown without secrets: hidden query values as `***`, and no path at all when a
    // sensitive path parameter is in it.
    if target.path_hidden {
        return Err(Error::request(format!(
            "{}: the URL layer would send another path than the one signed; refusing to send it",
            op.id
        )));
    }
    let show = |uri: &str| {
        let uri = redact_url(uri, target.sensitive);
        crate::error::escape_control(&crate::error::cut(&uri, 200)).into_owned()
    };
    Err(Error::request(format!(
        "{}: the URL layer would send the path `{}` instead of `{}`; refusing to send it",
        op.id,
        show(sent),
        show(target.signed),
    )))
}

/// What [`check_target`] compares the URL layer's result with, and how it may show it.
struct SignedTarget<'a> {
    /// The path and query exactly as signed.
    signed: &'a str,
    /// Whether a sensitive path parameter is in the path (it is then not shown at all).
    path_hidden: bool,
    /// The names the request's spec marks sensitive.
    sensitive: &'static [&'static str],
}

/// The error for a response that came from another URL than the one requested: the
/// caller-supplied HTTP client followed a redirect. Only the origin is shown.
fn followed_redirect(op: &Operation, to: &reqwest::Url) -> Error {
    Error::config(format!(
        "{}: the HTTP client followed a redirect to {}; the request, its body and its \
         X-Security-Token/X-Project-Id headers may have been sent there. Build the client \
         given to `http_client` with `redirect(reqwest::redirect::Policy::none())`",
        op.id,
        to.origin().ascii_serialization()
    ))
}

/// A transport error for a timer of our own (attempt or call timeout).
pub(crate) fn timeout_error(
    op: &'static Operation,
    url: String,
    kind: TimeoutKind,
    limit: Duration,
) -> Error {
    Error::Transport(Box::new(TransportError {
        operation: op.id,
        kind: TransportErrorKind::Timeout(kind),
        url,
        attempts: 1,
        limit: Some(Limit::Time(limit)),
        source: None,
    }))
}

/// The typed kind of an HTTP library error.
///
/// `reqwest` tells timeouts and connect-phase failures apart; finer kinds come from the
/// error chain: an I/O error of kind `ConnectionRefused`, a `rustls` error (the TLS
/// handshake), `hyper-util`'s connector error for name resolution, which is only
/// recognizable by its message `dns error` (checked by a test with a failing resolver),
/// and `hyper`'s parse errors for a response that is not valid HTTP (`hyper` is a direct
/// dependency for that downcast only; `reqwest` already builds it).
fn classify(e: &reqwest::Error) -> TransportErrorKind {
    if e.is_timeout() {
        return TransportErrorKind::Timeout(if e.is_connect() {
            TimeoutKind::Connect
        } else {
            TimeoutKind::Read
        });
    }
    let chain = || {
        std::iter::successors(Some(e as &(dyn std::error::Error + 'static)), |c| {
            c.source()
        })
    };
    if !e.is_connect() {
        let invalid = chain().any(|err| {
            err.downcast_ref::<hyper::Error>()
                .is_some_and(hyper::Error::is_parse)
        });
        return if invalid {
            TransportErrorKind::InvalidResponse
        } else {
            TransportErrorKind::Io
        };
    }
    for err in chain() {
        if err.is::<rustls::Error>() {
            return TransportErrorKind::Tls;
        }
        if let Some(kind) = err.downcast_ref::<std::io::Error>().and_then(classify_io) {
            return kind;
        }
        if err.to_string() == "dns error" {
            return TransportErrorKind::Dns;
        }
    }
    TransportErrorKind::Connect
}

/// Refused or TLS, from an I/O error and the errors it wraps. `io::Error::source` skips
/// the wrapped error itself (and TLS errors come wrapped in two I/O errors), so the
/// wrapped errors are walked here.
fn classify_io(io: &std::io::Error) -> Option<TransportErrorKind> {
    let mut current = io;
    for _ in 0..8 {
        if current.kind() == std::io::ErrorKind::ConnectionRefused {
            return Some(TransportErrorKind::ConnectionRefused);
        }
        let inner = current.get_ref()?;
        if inner.is::<rustls::Error>() {
            return Some(TransportErrorKind::Tls);
        }
        current = inner.downcast_ref::<std::io::Error>()?;
    }
    None
}
