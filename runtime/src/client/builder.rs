//! Configuring a client: credentials, region or endpoints, timeouts, retries, proxy, TLS,
//! user agent.

use crate::error::sensitive::hide_userinfo;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::auth::credentials::{CredentialKind, Credentials};
use crate::auth::provider;
use crate::auth::secret::Secret;
use crate::auth::signer::KeyedMac;
use crate::client::retry::RetryPolicy;
use crate::client::{Client, Inner, Timeouts};
use crate::error::{Error, Result};
use crate::http::config::{CaSource, HttpSettings, ProxyConfig};
use crate::http::endpoint::{Endpoint, known_regions, region_endpoints};
use crate::http::headers::ReadyHeaders;
use crate::http::transport::Transport;
use crate::http::urls::EndpointUrls;
use crate::operation::{Cloud, ServiceInfo};
use crate::time::{AsyncSleep, SystemTimeSource, TimeSource, TokioSleep};

/// Default time allowed to establish a connection (the official SDK's default).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time allowed between reads of the response (the official SDK's default).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(120);
/// Default largest response body read into memory (32 MiB); a larger body fails the
/// call with [`TransportErrorKind::BodyTooLarge`](crate::TransportErrorKind::BodyTooLarge).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
pub use crate::http::config::DEFAULT_POOL_MAX_IDLE_PER_HOST;

/// Default most requests a client sends at once ([`ClientBuilder::max_connections`]).
pub const DEFAULT_MAX_CONNECTIONS: usize = 64;
/// Product token at the start of the `User-Agent` header.
pub const USER_AGENT_PRODUCT: &str = concat!("hwcloud-rust/", env!("CARGO_PKG_VERSION"));

/// Reads an environment variable.
pub type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a client for one service; `C` is the generated service client (or
/// [`Client`] itself).
///
/// | setting | default |
/// |---|---|
/// | credentials | the default chain: `HUAWEICLOUD_SDK_AK`/`_SK`/… variables, then the profile file (see [`provider`]) |
/// | endpoints | none: call [`region`](Self::region) or [`endpoint`](Self::endpoint) |
/// | connect timeout | 60 s |
/// | read timeout (between reads) | 120 s |
/// | attempt timeout | none |
/// | call timeout (all attempts) | none |
/// | retries | [`RetryPolicy::default`]: 3 attempts, POST/PATCH only when the request was not sent or throttled |
/// | max response size | 32 MiB |
/// | idle connections kept per host | 10 |
/// | requests in flight at once (connections in use) | 64 |
/// | time source, sleeper | the system clock, tokio's timer |
/// | proxy | the `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY`/`NO_PROXY` variables, as `reqwest` reads them |
/// | TLS | the bundled Mozilla roots, certificates verified |
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    credentials: Option<Credentials>,
    region: Option<String>,
    cloud: Option<Cloud>,
    endpoints: Vec<String>,
    user_agent_suffix: Option<String>,
    user_agent: Option<String>,
    connect_timeout: Duration,
    read_timeout: Duration,
    timeout: Option<Duration>,
    call_timeout: Option<Duration>,
    max_response_bytes: u64,
    retry: RetryPolicy,
    time: Option<Arc<dyn TimeSource>>,
    sleep: Option<Arc<dyn AsyncSleep>>,
    pool_max_idle_per_host: usize,
    max_connections: usize,
    http: Option<reqwest::Client>,
    settings: HttpSettings,
    proxy_url: Option<String>,
    proxy_credentials: Option<(String, Secret)>,
    env: EnvLookup,
    _client: PhantomData<fn() -> C>,
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("cloud", &self.cloud)
            .field(
                "endpoints",
                // As given: a password in one (refused by `build`) is not shown.
                &self
                    .endpoints
                    .iter()
                    .map(|e| hide_userinfo(e).unwrap_or_else(|| e.clone()))
                    .collect::<Vec<_>>(),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("timeout", &self.timeout)
            .field("call_timeout", &self.call_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("max_connections", &self.max_connections)
            .field("proxy_set", &self.proxy_url.is_some())
            .field("extra_roots", &self.settings.roots.len())
            .field("accept_invalid_certs", &self.settings.accept_invalid_certs)
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
            cloud: None,
            endpoints: Vec::new(),
            user_agent_suffix: None,
            user_agent: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            timeout: None,
            call_timeout: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: RetryPolicy::default(),
            time: None,
            sleep: None,
            pool_max_idle_per_host: DEFAULT_POOL_MAX_IDLE_PER_HOST,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            http: None,
            settings: HttpSettings::default(),
            proxy_url: None,
            proxy_credentials: None,
            env: Arc::new(|name| std::env::var(name).ok()),
            _client: PhantomData,
        }
    }

    /// The AK/SK credentials to sign with. Without this call, [`build`](Self::build)
    /// looks for credentials in the environment and the profile file, as the official
    /// SDK's default provider chain does (see [`provider`]), in the `[global]` profile
    /// section for a global service. For a global service the credentials are made
    /// global (sending `X-Domain-Id`) whatever kind they were, so forgetting
    /// [`Credentials::global`] cannot drop the domain id.
    #[must_use]
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region to call, e.g. `cn-north-4` or `eu-de`: its endpoints come from
    /// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` when set (comma-separated for
    /// fail-over), else from the service's own table, else from its host prefix in the
    /// region's cloud (`https://vpc.eu-de.otc.t-systems.com`, see [`Cloud`]).
    #[must_use]
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The cloud the region is in. Optional: region ids do not overlap between clouds, so
    /// the region says it; naming the cloud makes a region of the other one an error.
    #[must_use]
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = Some(cloud);
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

    /// Time allowed to connect, per endpoint (default 60 s).
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

    /// Time allowed for each attempt, connect to last byte, endpoint fail-over included
    /// (default: no limit beyond the connect and read timeouts). Per call:
    /// [`CallOptions::with_timeout`](crate::CallOptions::with_timeout).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for a whole call: every attempt and the waits between them (default:
    /// no limit, as the official SDK: the read timeout only bounds the time between two
    /// reads, so a server that trickles its response holds a call without this limit for
    /// as long as it trickles, up to the size limit). Per call:
    /// [`CallOptions::with_call_timeout`](crate::CallOptions::with_call_timeout).
    #[must_use]
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
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

    /// Sends every request through this proxy: `http://host:port` or
    /// `https://host:port`, optionally with `user:password@` (percent-encoded). Used for
    /// http and https endpoints alike. The password is kept as a [`Secret`].
    #[must_use]
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy_url = Some(url.into());
        self
    }

    /// The proxy's user and password (instead of putting them in the proxy URL).
    #[must_use]
    pub fn proxy_credentials(
        mut self,
        user: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.proxy_credentials = Some((user.into(), password.into()));
        self
    }

    /// Ignores the proxy environment variables (`HTTPS_PROXY`, `HTTP_PROXY`, …); a
    /// [`proxy`](Self::proxy) set here still applies.
    #[must_use]
    pub fn no_proxy(mut self) -> Self {
        self.settings.no_proxy = true;
        self
    }

    /// Also trusts the certificates in `pem` (one or more PEM blocks), e.g. a private
    /// cloud's CA. The bundled public roots stay trusted.
    #[must_use]
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.settings.roots.push(CaSource::Pem(pem.into()));
        self
    }

    /// Also trusts the certificates in the PEM file at `path`, read by
    /// [`build`](Self::build) (the official SDK's `ssl_ca_cert`).
    #[must_use]
    pub fn ca_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.settings.roots.push(CaSource::File(path.into()));
        self
    }

    /// **Dangerous**: accepts any server certificate, including expired, self-signed and
    /// wrong-host ones (the official SDK's `ignore_ssl_verification`). Anyone on the
    /// network path can then read and change requests; the secret key itself is never
    /// sent, but signed requests and responses are exposed. For tests only.
    #[must_use]
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.settings.accept_invalid_certs = accept;
        self
    }

    /// The time used for `X-Sdk-Date`, `Retry-After` dates and call deadlines (default:
    /// the system clock). For reproducible signatures in tests. The same as
    /// [`time_source`](Self::time_source) with a closure.
    #[must_use]
    pub fn clock(self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.time_source(clock)
    }

    /// Where the current time comes from (default: [`SystemTimeSource`]): `X-Sdk-Date`,
    /// `Retry-After` dates and call deadlines.
    #[must_use]
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Some(Arc::new(time));
        self
    }

    /// How the client waits (default: [`TokioSleep`]): retry back-off, `Retry-After`,
    /// attempt and call timeouts. With
    /// [`time::controlled_time`](crate::time::controlled_time), tests decide when
    /// each wait ends instead of waiting for real time. (The connect and read timeouts
    /// are the HTTP library's and use tokio's timer.)
    #[must_use]
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// The most requests the client (and its clones) sends at once (default 64, as
    /// OkHttp's dispatcher): a call beyond it waits for one to finish, the wait counting
    /// against its attempt and call timeouts. Each request in flight holds one
    /// connection, so this bounds the connections open at once (plus the idle ones kept
    /// for reuse). At least 1.
    #[must_use]
    pub fn max_connections(mut self, requests: usize) -> Self {
        self.max_connections = requests;
        self
    }

    /// The most idle connections kept open per host for reuse (default 10, as the
    /// official SDK); after a burst of calls, connections beyond it are closed. `0`
    /// keeps none.
    #[must_use]
    pub fn pool_max_idle_per_host(mut self, connections: usize) -> Self {
        self.pool_max_idle_per_host = connections;
        self
    }

    /// Use this HTTP client (with your own pool or DNS settings). The connect and read
    /// timeouts, pool, proxy and TLS settings of this builder are then not applied; set
    /// them on `http` instead. The attempt and call timeouts still apply.
    ///
    /// **Build it with `redirect(reqwest::redirect::Policy::none())`**: `reqwest` follows
    /// redirects by default, and a followed redirect sends the request body and the
    /// `X-Security-Token` and `X-Project-Id` headers to wherever the server points. The
    /// client cannot switch that off in a client it did not build; it checks every
    /// response and fails the call with [`Error::Config`] when the response came from
    /// another URL than the one requested, before anything is decoded.
    #[must_use]
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Where environment variables are read from (default: the process environment):
    /// the credentials chain, the profile file location (`HOME`) and region endpoint
    /// overrides all use it.
    #[must_use]
    pub fn env(mut self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Arc::new(lookup);
        self
    }

    /// Checks the configuration and creates the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when no credentials are found, the secret key or access key is
    /// empty, the service is global and the credentials have no domain id, no region or endpoint is given, an endpoint, the proxy or a CA certificate
    /// is invalid, or the user agent is not one line.
    pub fn build(self) -> Result<C> {
        let kind = if self.service.global {
            CredentialKind::Global
        } else {
            CredentialKind::Basic
        };
        let credentials = match self.credentials {
            Some(c) if self.service.global => c.global(),
            Some(c) => c,
            None => provider::default_credentials(self.env.as_ref(), kind)?,
        };
        if self.service.global && credentials.domain_id().is_none_or(str::is_empty) {
            return Err(Error::config(format!(
                "{} is a global service: its requests carry `X-Domain-Id`, and the credentials have no domain id; set it with `Credentials::with_domain_id`, `HUAWEICLOUD_SDK_DOMAIN_ID` or `domain_id` in the profile's `[global]` section",
                self.service.name
            )));
        }
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
            region_endpoints(self.service, region, self.cloud, self.env.as_ref())?
        } else {
            return Err(Error::config(format!(
                "no region or endpoint: call `region(\"eu-de\")` (regions of {}: {})",
                self.service.name,
                known_regions(self.service, self.cloud).join(", ")
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
        let timeouts = Timeouts {
            attempt: self.timeout,
            call: self.call_timeout,
        };
        // A caller-supplied HTTP client owns its connect and read timeouts.
        let (mut connect_timeout, mut read_timeout) =
            (Some(self.connect_timeout), Some(self.read_timeout));
        let http = match self.http {
            Some(h) => {
                connect_timeout = None;
                read_timeout = None;
                h
            }
            None => {
                let mut settings = self.settings;
                if let Some(url) = &self.proxy_url {
                    let mut proxy = ProxyConfig::parse(url)?;
                    if let Some((user, password)) = self.proxy_credentials {
                        proxy.user = Some(user);
                        proxy.password = Some(password);
                    }
                    settings.proxy = Some(proxy);
                } else if self.proxy_credentials.is_some() {
                    return Err(Error::config(
                        "proxy credentials were given without a proxy: call `proxy(url)`",
                    ));
                }
                settings.pool_max_idle_per_host = self.pool_max_idle_per_host;
                settings.build(self.connect_timeout, self.read_timeout)?
            }
        };
        let ready = endpoints
            .iter()
            .map(|e| ReadyHeaders::new(&user_agent, self.service, e, &credentials))
            .collect();
        let transport = Transport {
            service: self.service,
            ready,
            keyed: KeyedMac::of(&credentials),
            credentials,
            urls: endpoints.iter().map(EndpointUrls::of).collect(),
            endpoints,
            http,
            user_agent,
            connect_timeout,
            read_timeout,
            max_response_bytes: self.max_response_bytes,
            time: self.time.unwrap_or_else(|| Arc::new(SystemTimeSource)),
        };
        if self.max_connections == 0 {
            return Err(Error::config("`max_connections` must be at least 1"));
        }
        let max_connections = self
            .max_connections
            .min(tokio::sync::Semaphore::MAX_PERMITS);
        let inner = Inner {
            transport,
            timeouts,
            retry: self.retry,
            sleep: self.sleep.unwrap_or_else(|| Arc::new(TokioSleep)),
            in_flight: tokio::sync::Semaphore::new(max_connections),
            max_connections,
        };
        Ok(C::from(Client::from_inner(inner)))
    }
}
