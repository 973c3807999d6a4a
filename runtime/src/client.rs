//! The shared client: builds, signs and sends requests, retries, and turns responses into
//! typed bodies or typed errors. Every generated service client is a thin wrapper over it.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::credentials::Credentials;
use crate::endpoint::Endpoint;
use crate::error::{
    DecodeError, Error, Limit, Result, ServiceError, TimeoutKind, TransportError,
    TransportErrorKind,
};
use crate::operation::{Operation, ServiceInfo};
use crate::request::{ApiRequest, RequestWriter};
use crate::response::Response;
use crate::retry::{RetryPolicy, parse_retry_after};
use crate::signer::{SdkDate, sign_with_credentials};
use crate::wire::WireRequest;

/// Source of the current time for `X-Sdk-Date`.
pub(crate) type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

pub(crate) struct Inner {
    pub(crate) service: &'static ServiceInfo,
    pub(crate) credentials: Credentials,
    pub(crate) endpoints: Vec<Endpoint>,
    pub(crate) http: reqwest::Client,
    pub(crate) user_agent: String,
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) retry: RetryPolicy,
    pub(crate) clock: Clock,
}

/// Options for one call, overriding the client's.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Retry rules for this call.
    pub retry: Option<RetryPolicy>,
    /// Time allowed for each attempt of this call, connect to last byte.
    pub timeout: Option<Duration>,
}

/// A configured client for one service. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field(
                "endpoints",
                &self
                    .inner
                    .endpoints
                    .iter()
                    .map(Endpoint::base_url)
                    .collect::<Vec<_>>(),
            )
            .field("credentials", &self.inner.credentials)
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// One attempt's outcome before decoding.
struct RawResponse {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The endpoints, in the order they are tried.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.inner.endpoints
    }

    /// Sends `request` and decodes the success body.
    pub async fn send<R: ApiRequest>(&self, request: &R) -> Result<Response<R::Output>> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// Sends `request` with per-call options.
    pub async fn send_with<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<Response<R::Output>> {
        let op = R::OPERATION;
        let mut writer = RequestWriter::default();
        request.write(&mut writer);
        let span = tracing::info_span!(
            "hwcloud.call",
            service = self.inner.service.name,
            operation = op.id,
            method = op.method.as_str(),
        );
        let raw = self.execute(op, &writer, options).instrument(span).await?;
        decode(op, raw)
    }

    /// Builds and signs the request for one endpoint, exactly as it will be sent.
    pub fn prepare<R: ApiRequest>(&self, request: &R, endpoint: &Endpoint) -> Result<WireRequest> {
        let mut writer = RequestWriter::default();
        request.write(&mut writer);
        self.sign_for(R::OPERATION, &writer, endpoint)
    }

    fn sign_for(
        &self,
        op: &Operation,
        writer: &RequestWriter,
        endpoint: &Endpoint,
    ) -> Result<WireRequest> {
        let inner = &self.inner;
        let mut wire = writer.to_wire(
            inner.service,
            op,
            endpoint,
            &inner.credentials,
            &inner.user_agent,
        )?;
        let now = SdkDate::from_system_time((inner.clock)())
            .map_err(|e| Error::config(format!("the clock gives an unusable time: {e}")))?;
        sign_with_credentials(&mut wire, &inner.credentials, now)
            .map_err(|e| Error::request(format!("{}: cannot sign the request: {e}", op.id)))?;
        Ok(wire)
    }

    async fn execute(
        &self,
        op: &'static Operation,
        writer: &RequestWriter,
        options: &CallOptions,
    ) -> Result<RawResponse> {
        let policy = options.retry.unwrap_or(self.inner.retry);
        let mut attempt = 1;
        loop {
            let (error, retry_after) = match self.attempt(op, writer, options).await {
                Ok(raw) if raw.status < 400 => {
                    tracing::debug!(
                        attempt,
                        status = raw.status,
                        request_id = request_id(&raw.headers),
                        "response"
                    );
                    return Ok(raw);
                }
                Ok(raw) => {
                    let retry_after = raw
                        .headers
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, (self.inner.clock)()));
                    (service_error(op, raw), retry_after)
                }
                Err(e) => (e, None),
            };
            tracing::info!(
                attempt,
                status = error.status(),
                request_id = error.request_id(),
                error = %error,
                "attempt failed"
            );
            if !policy.should_retry(op.method, &error, attempt) {
                return Err(with_attempts(error, attempt));
            }
            let delay = policy.delay(attempt, retry_after);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: each endpoint in turn until one can be reached.
    async fn attempt(
        &self,
        op: &'static Operation,
        writer: &RequestWriter,
        options: &CallOptions,
    ) -> Result<RawResponse> {
        let mut unreachable: Vec<String> = Vec::new();
        let mut last = None;
        for endpoint in &self.inner.endpoints {
            let wire = self.sign_for(op, writer, endpoint)?;
            match self.exchange(op, &wire, options).await {
                Err(Error::Transport(e)) if e.kind == TransportErrorKind::Connect => {
                    unreachable.push(format!(
                        "{}: {}",
                        endpoint.base_url(),
                        e.source
                            .as_ref()
                            .map_or_else(String::new, |s| s.to_string())
                    ));
                    last = Some(e);
                }
                other => return other,
            }
        }
        match last {
            Some(mut e) if unreachable.len() > 1 => {
                e.source = Some(unreachable.join("; ").into());
                Err(Error::Transport(e))
            }
            Some(e) => Err(Error::Transport(e)),
            None => Err(Error::config("no endpoint to call")),
        }
    }

    /// Sends one signed request and reads the response within the size limit.
    async fn exchange(
        &self,
        op: &'static Operation,
        wire: &WireRequest,
        options: &CallOptions,
    ) -> Result<RawResponse> {
        let inner = &self.inner;
        let url = wire.url();
        let transport = |kind, limit, source: Option<Box<dyn std::error::Error + Send + Sync>>| {
            Error::Transport(Box::new(TransportError {
                operation: op.id,
                kind,
                url: format!("{}://{}{}", wire.scheme, wire.host, wire.path),
                attempts: 1,
                limit,
                source,
            }))
        };
        let method = reqwest::Method::from_bytes(wire.method.as_bytes())
            .map_err(|e| Error::request(format!("{}: invalid method: {e}", op.id)))?;
        let mut headers = HeaderMap::with_capacity(wire.headers.len());
        for (name, value) in wire.headers.iter() {
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| {
                Error::request(format!("{}: invalid header name `{name}`: {e}", op.id))
            })?;
            let value = HeaderValue::from_bytes(value.as_bytes()).map_err(|e| {
                Error::request(format!("{}: invalid value for header `{name}`: {e}", op.id))
            })?;
            headers.append(name, value);
        }
        let mut builder = inner.http.request(method, &url).headers(headers);
        if let Some(body) = &wire.body {
            builder = builder.body(body.clone());
        }
        if let Some(t) = options.timeout {
            builder = builder.timeout(t);
        }
        let classify = |e: reqwest::Error| {
            let (kind, limit) = if e.is_timeout() && e.is_connect() {
                (
                    TransportErrorKind::Timeout(TimeoutKind::Connect),
                    Some(Limit::Time(inner.connect_timeout)),
                )
            } else if e.is_timeout() {
                (
                    TransportErrorKind::Timeout(TimeoutKind::Read),
                    Some(Limit::Time(options.timeout.unwrap_or(inner.read_timeout))),
                )
            } else if e.is_connect() {
                (TransportErrorKind::Connect, None)
            } else {
                (TransportErrorKind::Io, None)
            };
            transport(kind, limit, Some(Box::new(e)))
        };
        let mut response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        let limit = inner.max_response_bytes;
        let too_large = || {
            transport(
                TransportErrorKind::BodyTooLarge,
                Some(Limit::Bytes(limit)),
                None,
            )
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let headers = std::mem::take(response.headers_mut());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() as u64 + chunk.len() as u64 > limit {
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
}

fn request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-request-id").and_then(|v| v.to_str().ok())
}

fn service_error(op: &'static Operation, raw: RawResponse) -> Error {
    let body = String::from_utf8_lossy(&raw.body).into_owned();
    let (error_code, error_msg, encoded) = crate::error::extract_error_fields(raw.status, &body);
    Error::Service(Box::new(ServiceError {
        operation: op.id,
        status: raw.status,
        request_id: request_id(&raw.headers).map(str::to_owned),
        error_code,
        error_msg,
        encoded_authorization_message: encoded,
        body,
        attempts: 1,
    }))
}

fn with_attempts(mut error: Error, attempts: u32) -> Error {
    match &mut error {
        Error::Service(e) => e.attempts = attempts,
        Error::Transport(e) => e.attempts = attempts,
        _ => {}
    }
    error
}

/// Decodes a success body; an empty body decodes as JSON `null`.
fn decode<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    raw: RawResponse,
) -> Result<Response<T>> {
    let text: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &raw.body
    };
    match serde_json::from_slice::<T>(text) {
        Ok(body) => Ok(Response::new(raw.status, raw.headers, body)),
        Err(source) => Err(Error::Decode(Box::new(DecodeError {
            operation: op.id,
            status: raw.status,
            request_id: request_id(&raw.headers).map(str::to_owned),
            body: String::from_utf8_lossy(&raw.body).into_owned(),
            source,
        }))),
    }
}
