//! Configuring a client: credentials, region or endpoints, timeouts, retries, user agent.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::client::{Client, Clock, Inner};
use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, region_endpoints};
use crate::error::{Error, Result};
use crate::operation::ServiceInfo;
use crate::retry::RetryPolicy;

/// Default time allowed to establish a connection (the official SDK's default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time allowed between reads of the response (the official SDK's default).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);
/// Default largest response body read into memory.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
/// Product token at the start of the `User-Agent` header.
pub const USER_AGENT_PRODUCT: &str = concat!("hwcloud-rust/", env!("CARGO_PKG_VERSION"));

/// Reads an environment variable.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a client for one service; `C` is the generated service client (or
/// [`Client`] itself).
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoints: Vec<String>,
    user_agent_suffix: Option<String>,
    user_agent: Option<String>,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Option<Duration>,
    max_response_bytes: u64,
    retry: RetryPolicy,
    clock: Option<Clock>,
    http: Option<reqwest::Client>,
    env: EnvLookup,
    _client: PhantomData<fn() -> C>,
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoints", &self.endpoints)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service` with default settings.
    pub fn new(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            credentials: None,
            region: None,
            endpoints: Vec::new(),
            user_agent_suffix: None,
            user_agent: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            clock: None,
            http: None,
            env: Arc::new(|name| std::env::var(name).ok()),
            _client: PhantomData,
        }
    }

    /// The AK/SK credentials to sign with.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region to call, e.g. `cn-north-4`: its endpoints come from
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` when set, else from the service's table.
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint (private clouds, tests); takes precedence over the region.
    /// Call again to add fail-over endpoints, tried in order when one cannot be reached.
    #[must_use]
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoints.push(url.into());
        self
    }

    /// Text appended to the `User-Agent` header, e.g. your application's name.
    #[must_use]
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Replaces the whole `User-Agent` header.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Time allowed to connect (default 60 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed between reads of the response, headers included (default 120 s).
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Time allowed for a whole attempt, connect to last byte (default: no limit beyond
    /// the connect and read timeouts).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Largest response body accepted (default 32 MiB); a larger one fails the call
    /// instead of exhausting memory.
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: u64) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Retry rules for every call (see [`RetryPolicy`]).
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The time used for `X-Sdk-Date` (default: the system clock). For reproducible
    /// signatures in tests.
    #[must_use]
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Use this HTTP client (with your own proxy, TLS or pool settings). The timeouts of
    /// this builder are then not applied to connections; set them on `http` instead.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Where environment variables are read from (default: the process environment).
    #[must_use]
    pub fn env(mut self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Arc::new(lookup);
        self
    }

    /// Checks the configuration and creates the client.
    pub fn build(self) -> Result<C> {
        let credentials = self.credentials.ok_or_else(|| {
            Error::config("no credentials: call `credentials(Credentials::new(ak, sk))`")
        })?;
        if credentials.ak().is_empty() || credentials.sk().is_empty() {
            return Err(Error::config(
                "the access key and the secret key must not be empty",
            ));
        }
        let endpoints = if !self.endpoints.is_empty() {
            self.endpoints
                .iter()
                .map(|e| Endpoint::parse(e))
                .collect::<Result<Vec<_>>>()?
        } else if let Some(region) = &self.region {
            region_endpoints(self.service, region, self.env.as_ref())?
        } else {
            return Err(Error::config(format!(
                "no region or endpoint: call `region(\"cn-north-4\")` (regions of {}: {})",
                self.service.name,
                self.service
                    .regions
                    .iter()
                    .map(|r| r.id)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        if endpoints.is_empty() {
            return Err(Error::config("the endpoint list is empty"));
        }
        let user_agent = match (self.user_agent, self.user_agent_suffix) {
            (Some(full), _) => full,
            (None, Some(suffix)) => format!("{USER_AGENT_PRODUCT}; {suffix}"),
            (None, None) => USER_AGENT_PRODUCT.to_owned(),
        };
        if user_agent.contains(['\r', '\n']) {
            return Err(Error::config("the user agent must be one line"));
        }
        let http = match self.http {
            Some(h) => h,
            None => {
                let mut b = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .read_timeout(self.read_timeout)
                    .redirect(reqwest::redirect::Policy::none());
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                b.build()
                    .map_err(|e| Error::config(format!("cannot create the HTTP client: {e}")))?
            }
        };
        let inner = Inner {
            service: self.service,
            credentials,
            endpoints,
            http,
            user_agent,
            read_timeout: self.read_timeout,
            connect_timeout: self.connect_timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
        };
        Ok(C::from(Client::from_inner(inner)))
    }
}
