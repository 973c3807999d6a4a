//! The resource group of a page: the folder of the API reference tree it sits in.
//!
//! A reference tree has one folder per API section, and in it one folder per resource
//! (`vpc_apis_v3/security_group/querying_security_groups.rst`). The group is the name of
//! the page's own folder, the resource (`security_group`), made a valid cargo feature
//! name: lowercase, other characters as `_` (`bandwidth_v2.0` gives `bandwidth_v2_0`).
//! A resource documented in several sections (the same `security_group` folder under the
//! v1, v3 and Neutron APIs) is one group: a program that manages security groups gets
//! every API for them. Folder names are the publisher's stable URLs, so groups do not
//! change from one release of the docs to the next unless the docs move a page. Words that
//! say how the docs file a resource rather than what it is are dropped (`_related_apis`,
//! `_apis_v2`, `_recommended`, `_deprecated`, `_old_version`, `apis_for_managing_`), so
//! that the current and the deprecated folders of one resource are one group. A page at
//! the top of the tree has no group (the spec's default group).

/// The group of the page at `path` (relative to the tree, `/`-separated).
pub(crate) fn group_of(path: &str) -> Option<String> {
    let (folder, _) = path.rsplit_once('/')?;
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let group = resource(&crate::validate::groups::suggest(name));
    crate::validate::groups::group_name_problem(&group)
        .is_none()
        .then_some(group)
}

/// The resource a folder name is about, without the words that say how the docs file it
/// (`queue_related_apis_recommended` and `queue_related_apis_deprecated` → `queue`,
/// `job_object_apis_v2` → `job_object`, `apis_for_managing_vpc_endpoint_services` →
/// `vpc_endpoint_services`, `devenviron_old_version` → `devenviron`); a name that would be
/// left with nothing particular (`other_apis`, `proprietary_apis`) is kept whole.
fn resource(name: &str) -> String {
    let mut n = name;
    for prefix in ["apis_related_to_", "apis_for_managing_", "apis_for_"] {
        n = n.strip_prefix(prefix).unwrap_or(n);
    }
    // Suffixes, outermost first; each may or may not be there.
    for suffix in [
        "_to_be_taken_offline",
        "_not_recommended",
        "_recommended",
        "_deprecated",
        "_old_version",
    ] {
        n = n.strip_suffix(suffix).unwrap_or(n);
    }
    if let Some(p) = n.rfind("_apis_v")
        && n[p + 7..].chars().all(|c| c.is_ascii_digit() || c == '_')
    {
        n = &n[..p];
    }
    for suffix in ["_openstack_nova_apis", "_related_apis", "_apis"] {
        n = n.strip_suffix(suffix).unwrap_or(n);
    }
    let n = n.trim_matches('_');
    if n.is_empty()
        || matches!(
            n,
            "other" | "others" | "proprietary" | "public" | "api" | "apis" | "common"
        )
    {
        name.to_owned()
    } else {
        n.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::group_of;

    #[test]
    fn the_group_is_the_pages_folder_as_a_feature_name() {
        assert_eq!(
            group_of("vpc_apis_v3/security_group/querying_security_groups.rst").as_deref(),
            Some("security_group")
        );
        assert_eq!(
            group_of("vpc_apis_v1_v2/bandwidth_v2.0/x.rst").as_deref(),
            Some("bandwidth_v2_0")
        );
        assert_eq!(group_of("api_overview.rst"), None);
        for (folder, group) in [
            ("queue-related_apis_recommended", "queue"),
            ("queue-related_apis_deprecated", "queue"),
            ("job_object_apis_v1_not_recommended", "job_object"),
            ("job_object_apis_v2", "job_object"),
            ("cluster_management_apis_v1", "cluster_management"),
            (
                "apis_for_managing_vpc_endpoint_services",
                "vpc_endpoint_services",
            ),
            (
                "apis_related_to_elastic_resource_pools",
                "elastic_resource_pools",
            ),
            (
                "bms_lifecycle_management_openstack_nova_apis",
                "bms_lifecycle_management",
            ),
            ("devenviron_old_version", "devenviron"),
            (
                "connection_management_apis_to_be_taken_offline",
                "connection_management",
            ),
            ("other_apis", "other_apis"),
            ("eip_tag_management", "eip_tag_management"),
        ] {
            assert_eq!(
                group_of(&format!("x/{folder}/p.rst")).as_deref(),
                Some(group),
                "{folder}"
            );
        }
        assert_eq!(
            group_of("apis/Full/x.rst"),
            None,
            "a reserved name is no group"
        );
    }
}
