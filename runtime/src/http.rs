//! Moving bytes: endpoints (region tables, overrides, fail-over order), the HTTP client's
//! proxy, TLS and pool settings, the URLs and headers made once per endpoint, and the
//! transport that signs, sends and reads one attempt. Depends on `error`, `operation`,
//! `time`, `wire` and `auth`.

pub(crate) mod config;
pub mod endpoint;
pub(crate) mod headers;
pub(crate) mod transport;
pub(crate) mod urls;
