//! Proxy and TLS settings of the HTTP client a [`ClientBuilder`](crate::ClientBuilder)
//! creates (the official SDK's `HttpConfig` proxy and SSL options).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::secret::Secret;
use crate::error::{Error, Result};

/// A proxy: its URL without credentials, and the optional user and password.
#[derive(Clone)]
pub(crate) struct ProxyConfig {
    pub(crate) url: String,
    pub(crate) user: Option<String>,
    pub(crate) password: Option<Secret>,
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("url", &self.url)
            .field("user", &self.user)
            .field("password", &self.password)
            .finish()
    }
}

impl ProxyConfig {
    /// Parses `http[s]://[user[:password]@]host[:port]`; credentials in the URL are
    /// percent-decoded and kept apart, the password as a [`Secret`]. Error messages never
    /// repeat the URL, which may hold the password.
    pub(crate) fn parse(text: &str) -> Result<Self> {
        let mut url = url::Url::parse(text.trim())
            .map_err(|e| Error::config(format!("the proxy URL is not valid: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "the proxy URL must use http or https, not `{}`",
                url.scheme()
            )));
        }
        if url.host_str().is_none() {
            return Err(Error::config("the proxy URL has no host"));
        }
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| Error::config("the proxy credentials are not valid UTF-8"))
        };
        let user = match url.username() {
            "" => None,
            u => Some(decode(u)?),
        };
        let password = url.password().map(decode).transpose()?.map(Secret::from);
        // Neither call can fail for an http(s) URL with a host.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        Ok(Self {
            url: url.to_string(),
            user,
            password,
        })
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        Self {
            proxy: None,
            no_proxy: false,
            roots: Vec::new(),
            accept_invalid_certs: false,
            pool_max_idle_per_host: DEFAULT_POOL_MAX_IDLE_PER_HOST,
        }
    }
}

/// Where an extra trusted root certificate comes from.
#[derive(Debug, Clone)]
pub(crate) enum CaSource {
    /// PEM text (one or more certificates).
    Pem(Vec<u8>),
    /// A PEM file, read when the client is built.
    File(PathBuf),
}

/// Everything about the HTTP client besides timeouts.
#[derive(Debug, Clone)]
pub(crate) struct HttpSettings {
    pub(crate) proxy: Option<ProxyConfig>,
    pub(crate) no_proxy: bool,
    pub(crate) roots: Vec<CaSource>,
    pub(crate) accept_invalid_certs: bool,
    pub(crate) pool_max_idle_per_host: usize,
}

/// Default largest number of idle connections kept per host (the official SDK's pool
/// size); connections beyond it are closed once their response is read.
pub const DEFAULT_POOL_MAX_IDLE_PER_HOST: usize = 10;

/// Largest CA certificate file read (a PEM bundle of every public root is far smaller).
pub(crate) const MAX_CA_FILE_BYTES: u64 = 4 * 1024 * 1024;

impl HttpSettings {
    /// Creates the HTTP client: no redirects (as the official SDK), the given timeouts,
    /// proxy and trusted roots, and no retries of its own.
    ///
    /// The client layer retries by its [`RetryPolicy`](crate::RetryPolicy). The HTTP
    /// library's own retry layer only ever retries HTTP/2 and HTTP/3 refusals, which this
    /// client does not speak, yet it copies every request (headers, URL, extensions)
    /// before sending it in case it does: `max_retries_per_request(0)` stops the copy.
    pub(crate) fn build(&self, connect: Duration, read: Duration) -> Result<reqwest::Client> {
        let mut b = reqwest::Client::builder()
            .connect_timeout(connect)
            .read_timeout(read)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never().max_retries_per_request(0));
        if self.no_proxy {
            b = b.no_proxy();
        }
        if let Some(p) = &self.proxy {
            let mut proxy = reqwest::Proxy::all(&p.url)
                .map_err(|e| Error::config(format!("the proxy URL is not usable: {e}")))?;
            if let Some(user) = &p.user {
                let password = p.password.as_ref().map(Secret::expose).unwrap_or_default();
                proxy = proxy.basic_auth(user, password);
            }
            b = b.proxy(proxy);
        }
        for source in &self.roots {
            let (pem, origin) = match source {
                CaSource::Pem(bytes) => (bytes.clone(), "the PEM bytes given".to_owned()),
                CaSource::File(path) => (
                    crate::auth::ini::read_bounded(path, MAX_CA_FILE_BYTES)
                        .map_err(|e| {
                            Error::config(format!(
                                "cannot read the CA file {}: {e}",
                                path.display()
                            ))
                        })?
                        .to_vec(),
                    format!("the CA file {}", path.display()),
                ),
            };
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| Error::config(format!("{origin} is not valid PEM: {e}")))?;
            if certs.is_empty() {
                return Err(Error::config(format!("{origin} holds no certificate")));
            }
            for cert in certs {
                b = b.add_root_certificate(cert);
            }
        }
        if self.accept_invalid_certs {
            b = b.danger_accept_invalid_certs(true);
        }
        b.build()
            .map_err(|e| Error::config(format!("cannot create the HTTP client: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_credentials_are_taken_out_of_the_url() {
        let p = ProxyConfig::parse("http://user%40corp:p%3Ass@proxy.local:3128").unwrap();
        assert_eq!(p.url, "http://proxy.local:3128/");
        assert_eq!(p.user.as_deref(), Some("user@corp"));
        assert_eq!(p.password.as_ref().map(Secret::expose), Some("p:ss"));
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("p:ss") && !shown.contains("p%3Ass"),
            "{shown}"
        );
        let plain = ProxyConfig::parse("https://proxy.local").unwrap();
        assert!(plain.user.is_none() && plain.password.is_none());
    }

    #[test]
    fn bad_proxy_urls_are_config_errors_that_do_not_repeat_the_password() {
        for bad in [
            "socks5://u:hunter2@p:1",
            "http://u:hunter2@",
            "not a url hunter2",
        ] {
            let e = ProxyConfig::parse(bad).unwrap_err().to_string();
            assert!(e.contains("proxy"), "{e}");
            assert!(!e.contains("hunter2"), "{e}");
        }
    }

    #[test]
    fn bad_certificates_are_config_errors() {
        let settings = HttpSettings {
            roots: vec![CaSource::Pem(b"not a certificate".to_vec())],
            ..HttpSettings::default()
        };
        let e = settings
            .build(Duration::from_secs(1), Duration::from_secs(1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("holds no certificate") || e.contains("not valid PEM"),
            "{e}"
        );
        let missing = HttpSettings {
            roots: vec![CaSource::File("/nonexistent/ca.pem".into())],
            ..HttpSettings::default()
        };
        let e = missing
            .build(Duration::from_secs(1), Duration::from_secs(1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("/nonexistent/ca.pem"), "{e}");
    }
}
