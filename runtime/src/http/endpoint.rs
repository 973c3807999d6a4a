//! Endpoints: parsing base URLs, and finding a region's endpoints as the official SDK does
//! (environment override first, then the service's static table).

use crate::error::sensitive::hide_userinfo;
use crate::error::{Error, Result};
use crate::operation::{Cloud, ServiceInfo};

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

/// The endpoints of `region`: from the override variable (comma-separated) when set, else
/// from the service's own table, else from its host prefix in the cloud that has the region
/// (`cloud`, or the one whose region it is). An unknown region is an error listing the
/// known ones.
pub fn region_endpoints(
    service: &ServiceInfo,
    region: &str,
    cloud: Option<Cloud>,
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
    if let Some(r) = service.region(region) {
        return r.endpoints.iter().map(|e| Endpoint::parse(e)).collect();
    }
    let in_cloud = cloud.or_else(|| Cloud::of_region(region));
    let from_prefix = in_cloud.and_then(|c| {
        let prefix = service.endpoint_prefix(c)?;
        c.endpoint(prefix, region, service.global)
    });
    if let Some(url) = from_prefix {
        return Endpoint::parse(&url).map(|e| vec![e]);
    }
    Err(Error::config(format!(
        "region `{region}` is not a region of {}{}; known regions: {}; or set {var} to its endpoint",
        service.name,
        cloud.map(|c| format!(" in {c}")).unwrap_or_default(),
        known_regions(service, cloud).join(", ")
    )))
}

/// The regions `.region(..)` accepts for `service` (in `cloud`, when one is chosen): those of
/// its own table, then those of each cloud it has a host prefix for.
pub fn known_regions(service: &ServiceInfo, cloud: Option<Cloud>) -> Vec<&'static str> {
    let mut known: Vec<&'static str> = service
        .regions
        .iter()
        .map(|r| r.id)
        .filter(|id| cloud.is_none_or(|c| Cloud::of_region(id).is_none_or(|o| o == c)))
        .collect();
    for c in Cloud::ALL {
        if cloud.is_some_and(|chosen| chosen != c) || service.endpoint_prefix(c).is_none() {
            continue;
        }
        for r in c.regions() {
            if !known.contains(&r.id) {
                known.push(r.id);
            }
        }
    }
    known
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
        endpoint_prefixes: &[(Cloud::OpenTelekomCloud, "svc")],
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
        let from_table = region_endpoints(&SERVICE, "cn-north-4", None, &none).unwrap();
        assert_eq!(from_table[0].host, "svc.cn-north-4.example.com");
        let env = |name: &str| {
            (name == "HUAWEICLOUD_SDK_REGION_SVC_CN_NORTH_4")
                .then(|| "https://a.example, https://b.example".to_owned())
        };
        let over = region_endpoints(&SERVICE, "cn-north-4", None, &env).unwrap();
        assert_eq!(
            over.iter().map(|e| e.host.as_str()).collect::<Vec<_>>(),
            ["a.example", "b.example"]
        );
        let err = region_endpoints(&SERVICE, "xx-1", None, &none)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("known regions: cn-north-4, eu-de, eu-nl, eu-ch2;"),
            "{err}"
        );
        assert!(err.contains("HUAWEICLOUD_SDK_REGION_SVC_XX_1"), "{err}");
        // The host prefix covers the clouds it is given for, each region of them.
        let de = region_endpoints(&SERVICE, "eu-de", None, &none).unwrap();
        assert_eq!(de[0].base_url(), "https://svc.eu-de.otc.t-systems.com");
        let ch = region_endpoints(&SERVICE, "eu-ch2", Some(Cloud::OpenTelekomCloud), &none);
        assert_eq!(ch.unwrap()[0].host, "svc.eu-ch2.sc.otc.t-systems.com");
        let err = region_endpoints(&SERVICE, "cn-north-1", None, &none).unwrap_err();
        assert!(err.to_string().contains("not a region of Svc;"), "{err}");
        let err = region_endpoints(&SERVICE, "eu-de", Some(Cloud::HuaweiCloud), &none);
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("not a region of Svc in Huawei Cloud; known regions: cn-north-4;")
        );
    }
}
