//! Endpoints: parsing base URLs, and finding a region's endpoints as the official SDK does
//! (environment override first, then the service's static table).

use crate::error::sensitive::hide_userinfo;
use crate::error::{Error, Result};
use crate::operation::ServiceInfo;

/// A parsed endpoint: where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `https` or `http`.
    pub scheme: String,
    /// Host with `:port` when one was given (the signed `Host` header).
    pub host: String,
    /// Path prefix of the endpoint without trailing `/` (usually empty).
    pub base_path: String,
}

impl Endpoint {
    /// Parses `https://host[:port][/prefix]`; a missing scheme means `https`, as in the
    /// official SDK's client builder. User information (`user:password@`) is refused, as
    /// is a URL without a host (`http:///path`); errors never repeat a password.
    pub fn parse(text: &str) -> Result<Self> {
        // What errors show: the text without any user information.
        let shown = hide_userinfo(text).unwrap_or_else(|| text.to_owned());
        let shown = shown.as_str();
        let trimmed = text.trim();
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        // `http:///x` would parse as the host `x`.
        if with_scheme
            .split_once("://")
            .is_some_and(|(_, rest)| rest.is_empty() || rest.starts_with(['/', '?', '#']))
        {
            return Err(Error::config(format!("endpoint `{shown}` has no host")));
        }
        let url = url::Url::parse(&with_scheme)
            .map_err(|e| Error::config(format!("endpoint `{shown}` is not a valid URL: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::config(format!(
                "endpoint `{shown}` must use http or https"
            )));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::config(format!(
                "endpoint `{shown}` must not carry a user name or password: requests are \
                 signed with the client's credentials"
            )));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::config(format!(
                "endpoint `{shown}` must not have a query or fragment"
            )));
        }
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
            return Err(Error::config(format!("endpoint `{shown}` has no host")));
        };
        let host = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Self {
            scheme: url.scheme().to_owned(),
            host,
            base_path: url.path().trim_end_matches('/').to_owned(),
        })
    }

    /// `scheme://host` plus the base path.
    pub fn base_url(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host, self.base_path)
    }
}

/// The environment variable that overrides a region's endpoints, e.g.
/// `HUAWEICLOUD_SDK_REGION_CODEARTSARTIFACT_CN_NORTH_4`.
pub fn region_env_var(service: &ServiceInfo, region: &str) -> String {
    format!(
        "HUAWEICLOUD_SDK_REGION_{}_{}",
        service.endpoint_env,
        region.to_ascii_uppercase().replace('-', "_")
    )
}

/// The endpoints of `region`: from the override variable (comma-separated) when set,
/// else from the service's table; an unknown region is an error listing the known ones.
pub fn region_endpoints(
    service: &ServiceInfo,
    region: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Endpoint>> {
    let var = region_env_var(service, region);
    if let Some(value) = env(&var).filter(|v| !v.trim().is_empty()) {
        return value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(Endpoint::parse)
            .collect();
    }
    match service.region(region) {
        Some(r) => r.endpoints.iter().map(|e| Endpoint::parse(e)).collect(),
        None => {
            let known: Vec<&str> = service.regions.iter().map(|r| r.id).collect();
            Err(Error::config(format!(
                "region `{region}` is not a region of {}; known regions: {}; or set {var} to its endpoint",
                service.name,
                known.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::RegionInfo;

    const SERVICE: ServiceInfo = ServiceInfo {
        name: "Svc",
        title: "Svc",
        endpoint_env: "SVC",
        content_type: "application/json",
        regions: &[RegionInfo {
            id: "cn-north-4",
            endpoints: &["https://svc.cn-north-4.example.com"],
        }],
        operations: &[],
        global: false,
    };

    #[test]
    fn parses_endpoints() {
        let e = Endpoint::parse("http://127.0.0.1:8080/").unwrap();
        assert_eq!(
            (e.scheme.as_str(), e.host.as_str(), e.base_path.as_str()),
            ("http", "127.0.0.1:8080", "")
        );
        let e = Endpoint::parse("svc.example.com/gw").unwrap();
        assert_eq!(e.base_url(), "https://svc.example.com/gw");
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("https://").is_err());
    }

    #[test]
    fn user_information_and_missing_hosts_are_refused_without_echoing_a_password() {
        for text in [
            "https://user:hunter2@svc.example.com",
            "user:hunter2@svc.example.com",
            "https://user:hunter2@svc example.com",
            "https://user:hunter2@:80",
        ] {
            let e = Endpoint::parse(text).unwrap_err().to_string();
            assert!(!e.contains("hunter2") && !e.contains("user:"), "{e}");
            assert!(e.contains("***@"), "{e}");
        }
        for text in ["http:///path", "https:///", "http://?x", "https://#f"] {
            let e = Endpoint::parse(text).unwrap_err().to_string();
            assert!(e.contains("has no host"), "{text}: {e}");
        }
    }

    #[test]
    fn region_lookup_honours_the_override_variable() {
        let none = |_: &str| None;
        let from_table = region_endpoints(&SERVICE, "cn-north-4", &none).unwrap();
        assert_eq!(from_table[0].host, "svc.cn-north-4.example.com");
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_SVC_CN_NORTH_4")
                .then(|| "https://a.example, https://b.example".to_owned())
        };
        let over = region_endpoints(&SERVICE, "cn-north-4", &env).unwrap();
        assert_eq!(
            over.iter().map(|e| e.host.as_str()).collect::<Vec<_>>(),
            ["a.example", "b.example"]
        );
        let err = region_endpoints(&SERVICE, "xx-1", &none)
            .unwrap_err()
            .to_string();
        assert!(err.contains("known regions: cn-north-4"), "{err}");
        assert!(err.contains("HUAWEICLOUD_SDK_REGION_SVC_XX_1"), "{err}");
    }
}
