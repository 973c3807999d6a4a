//! The clouds this API family runs on: their regions, and how a service's endpoint in a
//! region is made from its host prefix.
//!
//! - **Huawei Cloud**: `https://<prefix>.<region>.<domain>`, the domain being
//!   `myhuaweicloud.com` in every region but `eu-west-101` (`myhuaweicloud.eu`); a global
//!   service is at `https://<prefix>.myhuaweicloud.com`. The regions are those of the
//!   official SDKs' region tables (`codegen/tools/data/sdk_endpoints.tsv`, extracted by
//!   `codegen/tools/data/sdk_endpoints.py`), where a service's own exceptions are too.
//! - **Open Telekom Cloud**: `https://<prefix>.<region>.otc.t-systems.com` in `eu-de`
//!   (Germany) and `eu-nl` (Netherlands), `https://<prefix>.eu-ch2.sc.otc.t-systems.com`
//!   in the Swiss cloud (`eu-ch2`), as its API references' examples show
//!   (`rds.eu-de.otc.t-systems.com`, `iam-pub.eu-ch2.sc.otc.t-systems.com`). It has no
//!   region-less endpoint: a global service is called in a region too.

use std::fmt;

/// A cloud of this API family. Its region ids do not overlap the other's, so a region
/// alone says which cloud it is in ([`Cloud::of_region`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Cloud {
    /// Huawei Cloud (`*.myhuaweicloud.com`): `cn-north-4`, `ap-southeast-1`, `eu-west-101`, ...
    HuaweiCloud,
    /// Open Telekom Cloud (`*.otc.t-systems.com`): `eu-de`, `eu-nl`, and the Swiss `eu-ch2`.
    OpenTelekomCloud,
}

/// A region of a cloud and the domain of its endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CloudRegion {
    /// Region id, e.g. `eu-de`.
    pub id: &'static str,
    /// What follows `<prefix>.<region>.` in an endpoint, e.g. `otc.t-systems.com`.
    pub domain: &'static str,
}

impl CloudRegion {
    /// A region and its endpoints' domain.
    pub const fn new(id: &'static str, domain: &'static str) -> Self {
        Self { id, domain }
    }
}

/// Huawei Cloud's regions, as its official SDKs' region tables list them.
const HUAWEI_CLOUD: &[CloudRegion] = &[
    CloudRegion::new("ae-ad-1", "myhuaweicloud.com"),
    CloudRegion::new("af-north-1", "myhuaweicloud.com"),
    CloudRegion::new("af-south-1", "myhuaweicloud.com"),
    CloudRegion::new("ap-southeast-1", "myhuaweicloud.com"),
    CloudRegion::new("ap-southeast-2", "myhuaweicloud.com"),
    CloudRegion::new("ap-southeast-3", "myhuaweicloud.com"),
    CloudRegion::new("ap-southeast-4", "myhuaweicloud.com"),
    CloudRegion::new("ap-southeast-5", "myhuaweicloud.com"),
    CloudRegion::new("cn-east-2", "myhuaweicloud.com"),
    CloudRegion::new("cn-east-3", "myhuaweicloud.com"),
    CloudRegion::new("cn-east-4", "myhuaweicloud.com"),
    CloudRegion::new("cn-east-5", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-1", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-11", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-12", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-2", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-4", "myhuaweicloud.com"),
    CloudRegion::new("cn-north-9", "myhuaweicloud.com"),
    CloudRegion::new("cn-south-1", "myhuaweicloud.com"),
    CloudRegion::new("cn-south-2", "myhuaweicloud.com"),
    CloudRegion::new("cn-south-4", "myhuaweicloud.com"),
    CloudRegion::new("cn-southwest-2", "myhuaweicloud.com"),
    CloudRegion::new("cn-southwest-3", "myhuaweicloud.com"),
    CloudRegion::new("eu-west-0", "myhuaweicloud.com"),
    CloudRegion::new("eu-west-101", "myhuaweicloud.eu"),
    CloudRegion::new("la-north-2", "myhuaweicloud.com"),
    CloudRegion::new("la-south-2", "myhuaweicloud.com"),
    CloudRegion::new("me-east-1", "myhuaweicloud.com"),
    CloudRegion::new("my-kualalumpur-1", "myhuaweicloud.com"),
    CloudRegion::new("na-mexico-1", "myhuaweicloud.com"),
    CloudRegion::new("ru-moscow-1", "myhuaweicloud.com"),
    CloudRegion::new("ru-northwest-2", "myhuaweicloud.com"),
    CloudRegion::new("sa-brazil-1", "myhuaweicloud.com"),
    CloudRegion::new("sa-peru-1", "myhuaweicloud.com"),
    CloudRegion::new("tr-west-1", "myhuaweicloud.com"),
];

/// Open Telekom Cloud's regions.
const OPEN_TELEKOM_CLOUD: &[CloudRegion] = &[
    CloudRegion::new("eu-de", "otc.t-systems.com"),
    CloudRegion::new("eu-nl", "otc.t-systems.com"),
    CloudRegion::new("eu-ch2", "sc.otc.t-systems.com"),
];

impl Cloud {
    /// Every cloud.
    pub const ALL: [Cloud; 2] = [Cloud::HuaweiCloud, Cloud::OpenTelekomCloud];

    /// Its name, e.g. `Open Telekom Cloud`.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::HuaweiCloud => "Huawei Cloud",
            Cloud::OpenTelekomCloud => "Open Telekom Cloud",
        }
    }

    /// Its key in a spec's `endpoint_prefix` map: `huawei_cloud`, `open_telekom_cloud`.
    pub fn key(self) -> &'static str {
        match self {
            Cloud::HuaweiCloud => "huawei_cloud",
            Cloud::OpenTelekomCloud => "open_telekom_cloud",
        }
    }

    /// Its regions.
    pub fn regions(self) -> &'static [CloudRegion] {
        match self {
            Cloud::HuaweiCloud => HUAWEI_CLOUD,
            Cloud::OpenTelekomCloud => OPEN_TELEKOM_CLOUD,
        }
    }

    /// The region `id` of this cloud.
    pub fn region(self, id: &str) -> Option<&'static CloudRegion> {
        self.regions().iter().find(|r| r.id == id)
    }

    /// The cloud that has the region `id`.
    pub fn of_region(id: &str) -> Option<Cloud> {
        Self::ALL.into_iter().find(|c| c.region(id).is_some())
    }

    /// The domain of the cloud's global endpoints (`myhuaweicloud.com`), if it has any.
    pub fn global_domain(self) -> Option<&'static str> {
        match self {
            Cloud::HuaweiCloud => Some("myhuaweicloud.com"),
            Cloud::OpenTelekomCloud => None,
        }
    }

    /// The endpoint of a service with host `prefix` in `region` of this cloud:
    /// `https://<prefix>.<region>.<domain>`, or for a `global` service the cloud's global
    /// endpoint when it has one. `None` when the cloud has no such region.
    pub fn endpoint(self, prefix: &str, region: &str, global: bool) -> Option<String> {
        let r = self.region(region)?;
        Some(match self.global_domain().filter(|_| global) {
            Some(domain) => format!("https://{prefix}.{domain}"),
            None => format!("https://{prefix}.{}.{}", r.id, r.domain),
        })
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_of_each_cloud() {
        let otc = Cloud::OpenTelekomCloud;
        assert_eq!(
            otc.endpoint("vpc", "eu-de", false).as_deref(),
            Some("https://vpc.eu-de.otc.t-systems.com")
        );
        assert_eq!(
            otc.endpoint("nat", "eu-nl", false).as_deref(),
            Some("https://nat.eu-nl.otc.t-systems.com")
        );
        assert_eq!(
            otc.endpoint("iam", "eu-ch2", true).as_deref(),
            Some("https://iam.eu-ch2.sc.otc.t-systems.com")
        );
        let hwc = Cloud::HuaweiCloud;
        assert_eq!(
            hwc.endpoint("vpc", "cn-north-4", false).as_deref(),
            Some("https://vpc.cn-north-4.myhuaweicloud.com")
        );
        assert_eq!(
            hwc.endpoint("eps", "cn-north-4", true).as_deref(),
            Some("https://eps.myhuaweicloud.com")
        );
        assert_eq!(
            hwc.endpoint("vpn", "eu-west-101", false).as_deref(),
            Some("https://vpn.eu-west-101.myhuaweicloud.eu")
        );
        assert_eq!(hwc.endpoint("vpc", "eu-de", false), None);
        assert_eq!(Cloud::of_region("eu-ch2"), Some(otc));
        assert_eq!(Cloud::of_region("ap-southeast-1"), Some(hwc));
        assert_eq!(Cloud::of_region("xx-1"), None);
    }
}
