//! The native OpenStack APIs a tree documents beside a cloud's own (Neutron, Nova, Cinder,
//! Keystone, Glance): the prefix the official SDKs give their operations' names, read off
//! the path or the page's folder.

/// The OpenStack API a path belongs to, as the SDKs prefix its operations (`Neutron`,
/// `Nova`, `Cinder`, `Keystone`, `Glance`): a native OpenStack path (its version, whether a
/// project follows, and its first resource: `/v2.0/subnets`, `/v2.1/{project_id}/servers`,
/// `/v2/{project_id}/os-volume-transfer`, `/v3/users`, `/v2/images`), never a cloud's own API
/// under the same version (`/v2.0/{project_id}/vpcs/...`, `/v2.0/vpc/peerings`).
pub(crate) fn openstack_api(path: &str) -> Option<&'static str> {
    const NEUTRON: &[&str] = &[
        "networks",
        "subnets",
        "ports",
        "routers",
        "security-groups",
        "security-group-rules",
        "floatingips",
        "fwaas",
        "subnetpools",
        "lbaas",
        "qos",
        "trunks",
    ];
    const NOVA: &[&str] = &[
        "servers",
        "os-keypairs",
        "os-server-groups",
        "os-hypervisors",
    ];
    const CINDER: &[&str] = &[
        "volumes",
        "types",
        "os-volume-transfer",
        "os-availability-zone",
        "os-quota-sets",
        "os-vendor-volumes",
        "scheduler-stats",
    ];
    const KEYSTONE: &[&str] = &[
        "users",
        "groups",
        "projects",
        "domains",
        "roles",
        "auth",
        "regions",
        "services",
        "endpoints",
        "credentials",
        "role_assignments",
    ];
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let (version, rest) = segs.split_first()?;
    let project = rest
        .first()
        .is_some_and(|s| matches!(*s, "{project_id}" | "{tenant_id}"));
    let first = *rest.iter().find(|s| !s.starts_with('{'))?;
    match (*version, project) {
        ("v2.0", false) if NEUTRON.contains(&first) => Some("Neutron"),
        ("v2.1", true) => Some("Nova"),
        ("v2", true) if NOVA.contains(&first) => Some("Nova"),
        ("v2" | "v3", true) if CINDER.contains(&first) => Some("Cinder"),
        ("v3", false) if KEYSTONE.contains(&first) || first.starts_with("OS-") => Some("Keystone"),
        ("v2", false) if matches!(first, "images" | "schemas") => Some("Glance"),
        _ => None,
    }
}

/// The OpenStack API a page's folder names (`native_openstack_nova_v2.1_apis/...` →
/// `Nova`): trees keep native OpenStack APIs in folders of their own.
pub(crate) fn openstack_folder(file: &str) -> Option<&'static str> {
    let folders = file.rsplit_once('/')?.0.to_ascii_lowercase();
    [
        ("neutron", "Neutron"),
        ("nova", "Nova"),
        ("cinder", "Cinder"),
        ("keystone", "Keystone"),
        ("glance", "Glance"),
    ]
    .into_iter()
    .find(|(word, _)| {
        folders
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == *word)
    })
    .map(|(_, prefix)| prefix)
}
