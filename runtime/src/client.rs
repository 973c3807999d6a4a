//! The shared client: signs and sends requests, retries, and turns responses into typed
//! bodies or typed errors. Every generated service client is a thin wrapper over it.
//!
//! Each call runs in a `tracing` span `hwcloud.call` (fields `service`, `operation`,
//! `method`, and once known `attempts`, `status`, `request_id`), and each attempt in a
//! span `hwcloud.attempt` (`attempt`, `status`, `request_id`). Secret keys, security
//! tokens and signatures are never recorded.
//!
//! The layer at the top: the client, its builder, retries, decoding, paging and the
//! blocking client, over `http` (sending), `auth` (signing), `wire` (writing requests),
//! `operation`, `time` and `error`.

#[cfg(feature = "blocking")]
pub mod blocking;
pub mod builder;
pub(crate) mod outcome;
pub mod paginate;
pub mod response;
pub mod retry;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use tracing::field::Empty;

use crate::auth::credentials::Credentials;
use crate::client::outcome::{
    Verdict, decode, decode_reusing, request_id, service_error, unexpected_status, verdict,
};
use crate::client::response::Response;
use crate::client::retry::RetryPolicy;
use crate::error::escape_control;
use crate::error::{Error, Result, TimeoutKind};
use crate::http::endpoint::Endpoint;
use crate::http::transport::Transport;
use crate::http::transport::{self, RawResponse};
use crate::operation::{Operation, ServiceInfo};
use crate::time::{self, AsyncSleep};
use crate::wire::WireRequest;
use crate::wire::request::{ApiRequest, RequestWriter};

/// Awaits the future `$work` inside `$span` (a `&tracing::Span`), or bare when the span is
/// disabled (no subscriber wants it): entering a disabled span does nothing, so the spans
/// and events a subscriber sees are the same either way, and a call without one does not
/// enter and leave the span on every poll. A macro rather than a function, so that the
/// future (a call's is several kilobytes) is built where it is awaited, not moved into
/// another future first.
macro_rules! in_span {
    ($span:expr, $work:expr) => {{
        let span: &tracing::Span = $span;
        if span.is_disabled() {
            $work.await
        } else {
            tracing::Instrument::instrument($work, span.clone()).await
        }
    }};
}
#[cfg(feature = "blocking")]
pub(crate) use in_span;

/// The time limits of the client layer; `None` where none applies. (The connect and read
/// timeouts are the transport's.)
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Timeouts {
    pub(crate) attempt: Option<Duration>,
    pub(crate) call: Option<Duration>,
}

/// A client's state: the transport below, and the rules of the client layer.
pub(crate) struct Inner {
    pub(crate) transport: Transport,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryPolicy,
    pub(crate) sleep: Arc<dyn AsyncSleep>,
    /// One permit per request in flight ([`ClientBuilder::max_connections`]).
    pub(crate) in_flight: tokio::sync::Semaphore,
    pub(crate) max_connections: usize,
}

/// Options for one call, overriding the client's settings.
///
/// ```
/// use std::time::Duration;
/// use hwcloud_runtime::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .with_retry(RetryPolicy::none())
///     .with_timeout(Duration::from_secs(5))
///     .with_call_timeout(Duration::from_secs(30));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Retry rules for this call (default: the client's).
    pub retry: Option<RetryPolicy>,
    /// Time allowed for each attempt of this call, connect to last byte, fail-over
    /// included (default: the client's `timeout`, else none beyond the connect and read
    /// timeouts).
    pub timeout: Option<Duration>,
    /// Time allowed for the whole call: every attempt and the waits between them
    /// (default: the client's `call_timeout`, else none).
    pub call_timeout: Option<Duration>,
}

impl CallOptions {
    /// No overrides: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `policy` for this call.
    #[must_use]
    pub fn with_retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Limits each attempt of this call to `timeout`.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits the whole call, retries included, to `timeout`.
    #[must_use]
    pub fn with_call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }
}

/// A configured client for one service. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.transport.service.name)
            .field(
                "endpoints",
                &self
                    .inner
                    .transport
                    .endpoints
                    .iter()
                    .map(Endpoint::base_url)
                    .collect::<Vec<_>>(),
            )
            .field("credentials", &self.inner.transport.credentials)
            .field("user_agent", &self.inner.transport.user_agent)
            .field("connect_timeout", &self.inner.transport.connect_timeout)
            .field("read_timeout", &self.inner.transport.read_timeout)
            .field("timeouts", &self.inner.timeouts)
            .field(
                "max_response_bytes",
                &self.inner.transport.max_response_bytes,
            )
            .field("retry", &self.inner.retry)
            .field("max_connections", &self.inner.max_connections)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.transport.service
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.transport.credentials
    }

    /// The endpoints, in the order they are tried.
    pub fn endpoints(&self) -> &[Endpoint] {
        &self.inner.transport.endpoints
    }

    /// The client's retry rules.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// The most requests this client (and its clones) has in flight at once, hence the
    /// most connections it opens to send them.
    pub fn max_connections(&self) -> usize {
        self.inner.max_connections
    }

    /// The largest response body this client reads.
    pub fn max_response_bytes(&self) -> u64 {
        self.inner.transport.max_response_bytes
    }

    /// Sends `request` and decodes the success body.
    pub async fn send<R: ApiRequest>(&self, request: &R) -> Result<Response<R::Output>> {
        self.send_with(request, &CallOptions::default()).await
    }

    /// Sends `request` with per-call options (retries, timeouts).
    pub async fn send_with<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<Response<R::Output>> {
        let op = R::OPERATION;
        let writer = RequestWriter::of(request);
        let span = self.call_span(op);
        let (raw, attempts) = in_span!(&span, self.execute(op, &writer, options, &mut Vec::new()))?;
        decode(op, raw, attempts, R::SENSITIVE)
    }

    /// Sends `request` as [`send`](Self::send) does, reading the body into `buffer`'s
    /// memory and leaving it there after a success, so that a caller making one call after
    /// another (a pager) reads every body into the same memory instead of allocating (and
    /// the kernel faulting in) a new one each time.
    pub(crate) async fn send_reusing<R: ApiRequest>(
        &self,
        request: &R,
        buffer: &mut Vec<u8>,
    ) -> Result<Response<R::Output>> {
        let op = R::OPERATION;
        let writer = RequestWriter::of(request);
        let span = self.call_span(op);
        let options = CallOptions::default();
        let (raw, attempts) = in_span!(&span, self.execute(op, &writer, &options, buffer))?;
        decode_reusing(op, raw, attempts, R::SENSITIVE, buffer)
    }

    /// Builds and signs the request for one endpoint, exactly as it will be sent.
    pub fn prepare<R: ApiRequest>(&self, request: &R, endpoint: &Endpoint) -> Result<WireRequest> {
        let writer = RequestWriter::of(request);
        transport::sign_for(&self.inner.transport, R::OPERATION, &writer, endpoint)
            .map(|(wire, _)| wire)
    }

    /// The span a call runs in; its `attempts`, `status` and `request_id` are recorded by
    /// [`Client::execute`].
    pub(crate) fn call_span(&self, op: &'static Operation) -> tracing::Span {
        tracing::info_span!(
            "hwcloud.call",
            service = self.inner.transport.service.name,
            operation = op.id,
            method = op.method.as_str(),
            attempts = Empty,
            status = Empty,
            request_id = Empty,
        )
    }

    /// Sends the written request, retrying by the policy, within the call timeout.
    /// Returns the first response with status < 400 and the number of attempts made.
    pub(crate) async fn execute(
        &self,
        op: &'static Operation,
        writer: &RequestWriter,
        options: &CallOptions,
        spare: &mut Vec<u8>,
    ) -> Result<(RawResponse, u32)> {
        let inner = &self.inner;
        let call_timeout = options.call_timeout.or(inner.timeouts.call);
        let Some(limit) = call_timeout else {
            return self.attempts(op, writer, options, None, spare).await;
        };
        // A deadline past the end of time is no deadline: the timer below never fires.
        let deadline = inner.transport.now().checked_add(limit);
        let work = self.attempts(op, writer, options, deadline, spare);
        match time::timeout(inner.sleep.as_ref(), limit, work).await {
            Ok(result) => result,
            Err(_) => {
                let error =
                    transport::timeout_error(op, self.call_url(op), TimeoutKind::Call, limit);
                record_outcome(&tracing::Span::current(), None, &error);
                Err(error)
            }
        }
    }

    /// The retry loop. Gives up early when the wait before the next attempt would pass
    /// the call deadline, returning the last error rather than a timeout.
    async fn attempts(
        &self,
        op: &'static Operation,
        writer: &RequestWriter,
        options: &CallOptions,
        deadline: Option<SystemTime>,
        spare: &mut Vec<u8>,
    ) -> Result<(RawResponse, u32)> {
        let inner = &self.inner;
        let policy = options.retry.unwrap_or(inner.retry);
        let attempt_timeout = options.timeout.or(inner.timeouts.attempt);
        let call_span = tracing::Span::current();
        let mut attempt = 1;
        loop {
            call_span.record("attempts", attempt);
            let span = tracing::info_span!(
                "hwcloud.attempt",
                attempt,
                status = Empty,
                request_id = Empty
            );
            let result = in_span!(&span, self.one_attempt(op, writer, attempt_timeout, spare));
            let error = match result {
                Ok(raw) => match verdict(op, raw.status) {
                    Verdict::Success { documented } => {
                        // Without a subscriber the spans are disabled: nothing to escape.
                        for s in [&span, &call_span].into_iter().filter(|s| !s.is_disabled()) {
                            s.record("status", raw.status);
                            if let Some(id) = request_id(&raw.headers) {
                                s.record("request_id", escape_control(id).as_ref());
                            }
                        }
                        if !documented {
                            tracing::warn!(
                                parent: &span,
                                status = raw.status,
                                documented = ?op.success_statuses,
                                "the status is not one the operation documents; decoding it as a success"
                            );
                        }
                        tracing::debug!(parent: &span, status = raw.status, "response received");
                        return Ok((raw, attempt));
                    }
                    Verdict::ServiceError => {
                        service_error(op, raw, inner.transport.now(), writer.sensitive)
                    }
                    Verdict::Unexpected => unexpected_status(op, raw, writer.sensitive),
                },
                Err(e) => e,
            };
            record_outcome(&span, Some(&call_span), &error);
            // A wait that would end at or past the call deadline (or past the end of
            // time) is not started.
            let delay = policy.next_delay(op.method, &error, attempt).filter(|d| {
                deadline.is_none_or(|end| {
                    inner
                        .transport
                        .now()
                        .checked_add(*d)
                        .is_some_and(|t| t < end)
                })
            });
            let Some(delay) = delay else {
                tracing::debug!(parent: &span, error = %error, "attempt failed; giving up");
                return Err(error.with_attempts(attempt));
            };
            tracing::info!(
                parent: &span,
                error = %error,
                retry_in_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                "attempt failed; retrying"
            );
            inner.sleep.sleep(delay).await;
            attempt = attempt.saturating_add(1);
        }
    }

    /// One attempt (every endpoint in turn), within the attempt timeout; waiting for a
    /// free connection counts as part of it.
    async fn one_attempt(
        &self,
        op: &'static Operation,
        writer: &RequestWriter,
        timeout: Option<Duration>,
        spare: &mut Vec<u8>,
    ) -> Result<RawResponse> {
        let work = async {
            // The semaphore is never closed; a closed one would be a bug, not a hang.
            let _permit = self
                .inner
                .in_flight
                .acquire()
                .await
                .map_err(|_| Error::config("the client's connection limit is gone"))?;
            transport::attempt(&self.inner.transport, op, writer, spare).await
        };
        match timeout {
            None => work.await,
            Some(limit) => match time::timeout(self.inner.sleep.as_ref(), limit, work).await {
                Ok(result) => result,
                Err(_) => Err(transport::timeout_error(
                    op,
                    self.call_url(op),
                    TimeoutKind::Attempt,
                    limit,
                )),
            },
        }
    }

    /// The URL shown in timeouts of our own: the first endpoint and the path template.
    fn call_url(&self, op: &Operation) -> String {
        let base = self
            .inner
            .transport
            .endpoints
            .first()
            .map(Endpoint::base_url)
            .unwrap_or_default();
        format!("{base}{}", op.path)
    }
}

/// Records the status and request id of a failed attempt on its span (and the call's).
fn record_outcome(span: &tracing::Span, call_span: Option<&tracing::Span>, error: &Error) {
    for s in std::iter::once(span).chain(call_span) {
        if let Some(status) = error.status() {
            s.record("status", status);
        }
        if let Some(id) = error.request_id() {
            s.record("request_id", escape_control(id).as_ref());
        }
    }
}
