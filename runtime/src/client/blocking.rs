//! A blocking client for programs without an async runtime (cargo feature `blocking`).
//!
//! It is the async [`Client`](crate::Client) run on a private single-threaded tokio
//! runtime in a background thread, as `reqwest::blocking` does: the same signing,
//! retries, timeouts, fail-over, errors and tracing, with no second copy of the logic.
//! The request is written on the calling thread, sent and retried on the runtime thread,
//! and decoded back on the calling thread.
//!
//! The background thread starts on the first call and stops when the last clone of the
//! client is dropped. Calls may come from any number of threads at once. Calling from
//! async code works but blocks that task's thread for the whole call: use the async
//! client there.
//!
//! ```no_run
//! # fn demo(service: &'static hwcloud_runtime::ServiceInfo) -> hwcloud_runtime::Result<()> {
//! use hwcloud_runtime::{ClientBuilder, Credentials, blocking};
//!
//! let client: blocking::Client = ClientBuilder::new(service)
//!     .credentials(Credentials::from_env_vars("CLOUD_SDK_AK", "CLOUD_SDK_SK")?)
//!     .region("cn-north-4")
//!     .build()?;
//! # let _ = client;
//! # Ok(())
//! # }
//! ```

use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, OnceLock};

use tokio::sync::mpsc;

use crate::client::outcome::decode;
use crate::client::paginate::{Paginated, Walk};
use crate::client::response::Response;
use crate::client::{CallOptions, in_span};
use crate::error::{Error, Result};
use crate::http::endpoint::Endpoint;
use crate::http::transport::RawResponse;
use crate::operation::{Operation, ServiceInfo};
use crate::wire::WireRequest;
use crate::wire::request::{ApiRequest, RequestWriter};

/// One call handed to the runtime thread.
struct Job {
    op: &'static Operation,
    writer: RequestWriter,
    options: CallOptions,
    span: tracing::Span,
    reply: std_mpsc::SyncSender<Result<(RawResponse, u32)>>,
}

/// The runtime thread's inbox, or why it could not start.
type Worker = std::result::Result<mpsc::UnboundedSender<Job>, String>;

/// A blocking client for one service. Cheap to clone: clones share the connection pool
/// and the runtime thread.
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    worker: Arc<OnceLock<Worker>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("blocking::Client")
            .field("client", &self.inner)
            .finish_non_exhaustive()
    }
}

impl From<crate::Client> for Client {
    fn from(inner: crate::Client) -> Self {
        Self {
            inner,
            worker: Arc::new(OnceLock::new()),
        }
    }
}

/// Starts the runtime thread, which serves jobs until every sender is gone.
fn start(client: crate::Client) -> Worker {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot create the blocking client's runtime: {e}"))?;
    let (sender, mut jobs) = mpsc::unbounded_channel::<Job>();
    std::thread::Builder::new()
        .name("hwcloud-blocking".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                while let Some(job) = jobs.recv().await {
                    let client = client.clone();
                    tokio::spawn(async move {
                        let mut spare = Vec::new();
                        let result = in_span!(
                            &job.span,
                            client.execute(job.op, &job.writer, &job.options, &mut spare)
                        );
                        // The caller may have gone (its thread panicked); nothing to do then.
                        let _ = job.reply.send(result);
                    });
                }
            });
        })
        .map_err(|e| format!("cannot start the blocking client's thread: {e}"))?;
    Ok(sender)
}

impl Client {
    /// Wraps an async client.
    pub fn new(client: crate::Client) -> Self {
        Self::from(client)
    }

    /// The async client behind this one (same configuration and connection pool).
    pub fn async_client(&self) -> &crate::Client {
        &self.inner
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service()
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &crate::Credentials {
        self.inner.credentials()
    }

    /// The endpoints, in the order they are tried.
    pub fn endpoints(&self) -> &[Endpoint] {
        self.inner.endpoints()
    }

    /// Sends `request` and decodes the success body, blocking until done.
    pub fn send<R: ApiRequest>(&self, request: &R) -> Result<Response<R::Output>> {
        self.send_with(request, &CallOptions::default())
    }

    /// Sends `request` with per-call options (retries, timeouts), blocking until done.
    pub fn send_with<R: ApiRequest>(
        &self,
        request: &R,
        options: &CallOptions,
    ) -> Result<Response<R::Output>> {
        let op = R::OPERATION;
        let writer = RequestWriter::of(request);
        let sender = match self.worker.get_or_init(|| start(self.inner.clone())) {
            Ok(sender) => sender,
            Err(message) => return Err(Error::config(message.clone())),
        };
        let (reply, answer) = std_mpsc::sync_channel(1);
        let job = Job {
            op,
            writer,
            options: options.clone(),
            span: self.inner.call_span(op),
            reply,
        };
        let stopped = || Error::config("the blocking client's runtime thread has stopped");
        sender.send(job).map_err(|_| stopped())?;
        let (raw, attempts) = answer.recv().map_err(|_| stopped())??;
        decode(op, raw, attempts, R::SENSITIVE)
    }

    /// Builds and signs the request for one endpoint, exactly as it will be sent.
    pub fn prepare<R: ApiRequest>(&self, request: &R, endpoint: &Endpoint) -> Result<WireRequest> {
        self.inner.prepare(request, endpoint)
    }
}

/// The blocking [`Pager`](crate::Pager): the same walk and the same rules (a listing is
/// complete or an error), each page fetched by a blocking call. Iterating it gives the
/// items one by one:
///
/// ```no_run
/// # fn demo<R: hwcloud_runtime::Paginated>(client: hwcloud_runtime::blocking::Client, request: R)
/// # -> hwcloud_runtime::Result<()> where R::Item: std::fmt::Debug {
/// for item in hwcloud_runtime::blocking::Pager::new(client, request) {
///     println!("{:?}", item?);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Pager<R: Paginated> {
    client: Client,
    walk: Walk<R>,
}

impl<R: Paginated> Pager<R> {
    /// A pager starting at the request's page, offset or marker (or the first page).
    pub fn new(client: Client, request: R) -> Self {
        Self {
            client,
            walk: Walk::new(request),
        }
    }

    /// Fetches `pages` pages at most; a walk with more pages to come then fails rather
    /// than ending short.
    #[must_use]
    pub fn with_max_pages(mut self, pages: u64) -> Self {
        self.walk.set_max_pages(pages);
        self
    }

    /// The next page's items, or `None` after the last page (see
    /// [`Pager::next_page`](crate::Pager::next_page)).
    pub fn next_page(&mut self) -> Result<Option<Vec<R::Item>>> {
        Ok(self.next_response()?.map(|r| R::items(r.into_body())))
    }

    /// The next page's whole response, or `None` after the last page.
    pub fn next_response(&mut self) -> Result<Option<Response<R::Output>>> {
        let Some(request) = self.walk.next_request()? else {
            return Ok(None);
        };
        let response = self.client.send(request)?;
        self.walk.record(response.body())?;
        Ok(Some(response))
    }

    /// Every item of every remaining page; an error when the listing cannot be complete.
    pub fn collect_items(mut self) -> Result<Vec<R::Item>> {
        let mut all = Vec::new();
        while let Some(mut page) = self.next_page()? {
            all.append(&mut page);
        }
        Ok(all)
    }
}

impl<R: Paginated> IntoIterator for Pager<R> {
    type Item = Result<R::Item>;
    type IntoIter = Items<R>;

    fn into_iter(self) -> Items<R> {
        Items {
            pager: self,
            pending: Vec::new().into_iter(),
            failed: false,
        }
    }
}

/// The items of a blocking [`Pager`], one by one, fetching pages as they are needed. An
/// error is the last element.
#[derive(Debug)]
pub struct Items<R: Paginated> {
    pager: Pager<R>,
    pending: std::vec::IntoIter<R::Item>,
    failed: bool,
}

impl<R: Paginated> Iterator for Items<R> {
    type Item = Result<R::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.next() {
                return Some(Ok(item));
            }
            if self.failed {
                return None;
            }
            match self.pager.next_page() {
                Ok(Some(page)) => self.pending = page.into_iter(),
                Ok(None) => return None,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}
