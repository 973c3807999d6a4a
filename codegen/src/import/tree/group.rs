//! The resource group of a page: the folder of the API reference tree it sits in.
//!
//! A reference tree has one folder per API section, and in it one folder per resource
//! (`vpc_apis_v3/security_group/querying_security_groups.rst`). The group is the name of
//! the page's own folder, the resource (`security_group`), made a valid cargo feature
//! name: lowercase, other characters as `_` (`bandwidth_v2.0` gives `bandwidth_v2_0`).
//! A resource documented in several sections (the same `security_group` folder under the
//! v1, v3 and Neutron APIs) is one group: a program that manages security groups gets
//! every API for them. Folder names are the publisher's stable URLs, so groups do not
//! change from one release of the docs to the next unless the docs move a page. A page at
//! the top of the tree has no group (the spec's default group).

/// The group of the page at `path` (relative to the tree, `/`-separated).
pub(crate) fn group_of(path: &str) -> Option<String> {
    let (folder, _) = path.rsplit_once('/')?;
    let name = folder.rsplit('/').next().unwrap_or(folder);
    let group = crate::validate::groups::suggest(name);
    crate::validate::groups::group_name_problem(&group)
        .is_none()
        .then_some(group)
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
        assert_eq!(group_of("apis/Full/x.rst"), None, "a reserved name is no group");
    }
}
