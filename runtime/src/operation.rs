//! Static descriptions of services and operations, emitted by the generator: what each
//! operation sends and which IAM permissions it needs, available without a network call.

mod cloud;
pub use cloud::{Cloud, CloudRegion};

pub use hwcloud_common::{AccessLevel, Method};

/// A resource type an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType {
    /// Resource type name, e.g. `repository`.
    pub name: &'static str,
    /// Whether the resource type is required (`*` in the documentation).
    pub required: bool,
}

impl ResourceType {
    /// A resource type; `required` is the `*` of the documentation.
    pub const fn new(name: &'static str, required: bool) -> Self {
        Self { name, required }
    }
}

/// One row of an operation's authorization table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permission {
    /// The IAM action, e.g. `codeartsartifact:repository:resetPassword`.
    pub action: &'static str,
    /// Its access level.
    pub access_level: AccessLevel,
    /// Resource types it applies to.
    pub resource_types: &'static [ResourceType],
    /// Condition keys it supports.
    pub condition_keys: &'static [&'static str],
    /// Aliases of the action.
    pub aliases: &'static [&'static str],
    /// Actions it depends on (needed as well).
    pub dependencies: &'static [&'static str],
}

impl Permission {
    /// A row with its action and access level; no resource types, condition keys,
    /// aliases or dependencies until they are set.
    pub const fn new(action: &'static str, access_level: AccessLevel) -> Self {
        Self {
            action,
            access_level,
            resource_types: &[],
            condition_keys: &[],
            aliases: &[],
            dependencies: &[],
        }
    }

    /// Sets the resource types the action applies to.
    #[must_use]
    pub const fn with_resource_types(mut self, resource_types: &'static [ResourceType]) -> Self {
        self.resource_types = resource_types;
        self
    }

    /// Sets the condition keys the action supports.
    #[must_use]
    pub const fn with_condition_keys(mut self, keys: &'static [&'static str]) -> Self {
        self.condition_keys = keys;
        self
    }

    /// Sets the aliases of the action.
    #[must_use]
    pub const fn with_aliases(mut self, aliases: &'static [&'static str]) -> Self {
        self.aliases = aliases;
        self
    }

    /// Sets the actions this one depends on.
    #[must_use]
    pub const fn with_dependencies(mut self, dependencies: &'static [&'static str]) -> Self {
        self.dependencies = dependencies;
        self
    }
}

/// Everything static about one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// Operation id, e.g. `ResetUserPassword`.
    pub id: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// HTTP method.
    pub method: Method,
    /// URI template, e.g. `/v5/{project_id}/repositories`.
    pub path: &'static str,
    /// Documented success statuses.
    pub success_statuses: &'static [u16],
    /// Content type of the request body; `None` for the service default.
    pub body_content_type: Option<&'static str>,
    /// IAM permission rows; empty when the documentation gives none.
    pub permissions: &'static [Permission],
}

impl Operation {
    /// An operation with its id, method and URI template; no summary, success statuses,
    /// body content type (the service default applies) or permissions until they are set.
    pub const fn new(id: &'static str, method: Method, path: &'static str) -> Self {
        Self {
            id,
            summary: "",
            method,
            path,
            success_statuses: &[],
            body_content_type: None,
            permissions: &[],
        }
    }

    /// Sets the one-line summary.
    #[must_use]
    pub const fn with_summary(mut self, summary: &'static str) -> Self {
        self.summary = summary;
        self
    }

    /// Sets the documented success statuses.
    #[must_use]
    pub const fn with_success_statuses(mut self, statuses: &'static [u16]) -> Self {
        self.success_statuses = statuses;
        self
    }

    /// Sets the content type of the request body (instead of the service default).
    #[must_use]
    pub const fn with_body_content_type(mut self, content_type: &'static str) -> Self {
        self.body_content_type = Some(content_type);
        self
    }

    /// Sets the IAM permission rows.
    #[must_use]
    pub const fn with_permissions(mut self, permissions: &'static [Permission]) -> Self {
        self.permissions = permissions;
        self
    }

    /// Whether the documentation lists the permissions this operation needs.
    pub fn has_permission_data(&self) -> bool {
        !self.permissions.is_empty()
    }

    /// The actions this operation needs, including the actions they depend on,
    /// sorted and deduplicated.
    pub fn required_actions(&self) -> Vec<&'static str> {
        let mut actions: Vec<&'static str> = self
            .permissions
            .iter()
            .flat_map(|p| std::iter::once(p.action).chain(p.dependencies.iter().copied()))
            .collect();
        actions.sort_unstable();
        actions.dedup();
        actions
    }
}

/// A region and its endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegionInfo {
    /// Region id, e.g. `cn-north-4`.
    pub id: &'static str,
    /// Base URLs, in order of preference.
    pub endpoints: &'static [&'static str],
}

impl RegionInfo {
    /// A region and its base URLs, in order of preference.
    pub const fn new(id: &'static str, endpoints: &'static [&'static str]) -> Self {
        Self { id, endpoints }
    }
}

/// Everything static about one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceInfo {
    /// Service name, e.g. `CodeArtsArtifact`.
    pub name: &'static str,
    /// Human title.
    pub title: &'static str,
    /// The `<SERVICE>` part of `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` endpoint overrides.
    pub endpoint_env: &'static str,
    /// Default request content type.
    pub content_type: &'static str,
    /// Regions with their own endpoints, which take precedence over the host prefix's.
    pub regions: &'static [RegionInfo],
    /// The host prefix per cloud (`vpc` makes `https://vpc.eu-de.otc.t-systems.com`): the
    /// service is in every region of those clouds (see [`Cloud::endpoint`]).
    pub endpoint_prefixes: &'static [(Cloud, &'static str)],
    /// All operations.
    pub operations: &'static [&'static Operation],
    /// A global service: its requests are domain-scoped (`X-Domain-Id`), and a client
    /// for it always signs with global credentials.
    pub global: bool,
}

impl ServiceInfo {
    /// A service by name: its title is the name, its endpoint override variables use the
    /// name as is, requests are `application/json`, and it has no regions or operations
    /// until they are set.
    pub const fn new(name: &'static str) -> Self {
        Self {
            name,
            title: name,
            endpoint_env: name,
            content_type: "application/json",
            regions: &[],
            endpoint_prefixes: &[],
            operations: &[],
            global: false,
        }
    }

    /// Sets the human title.
    #[must_use]
    pub const fn with_title(mut self, title: &'static str) -> Self {
        self.title = title;
        self
    }

    /// Sets the `<SERVICE>` part of the endpoint override variables.
    #[must_use]
    pub const fn with_endpoint_env(mut self, endpoint_env: &'static str) -> Self {
        self.endpoint_env = endpoint_env;
        self
    }

    /// Sets the default request content type.
    #[must_use]
    pub const fn with_content_type(mut self, content_type: &'static str) -> Self {
        self.content_type = content_type;
        self
    }

    /// Sets the regions and their endpoints.
    #[must_use]
    pub const fn with_regions(mut self, regions: &'static [RegionInfo]) -> Self {
        self.regions = regions;
        self
    }

    /// Sets the host prefix of the service's endpoints in each cloud it is in.
    #[must_use]
    pub const fn with_endpoint_prefixes(
        mut self,
        prefixes: &'static [(Cloud, &'static str)],
    ) -> Self {
        self.endpoint_prefixes = prefixes;
        self
    }

    /// The service's host prefix in `cloud`, if it is there.
    pub fn endpoint_prefix(&self, cloud: Cloud) -> Option<&'static str> {
        self.endpoint_prefixes
            .iter()
            .find(|(c, _)| *c == cloud)
            .map(|(_, p)| *p)
    }

    /// Sets the operations.
    #[must_use]
    pub const fn with_operations(mut self, operations: &'static [&'static Operation]) -> Self {
        self.operations = operations;
        self
    }

    /// Marks the service global: a client for it turns the credentials it is given into
    /// global ones (sending `X-Domain-Id`), and refuses to build without a domain id.
    #[must_use]
    pub const fn global(mut self) -> Self {
        self.global = true;
        self
    }

    /// The region with id `id`.
    pub fn region(&self, id: &str) -> Option<&'static RegionInfo> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The operation with id `id`.
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.operations.iter().copied().find(|o| o.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERMISSION: Permission = Permission::new("svc:thing:get", AccessLevel::Read)
        .with_resource_types(&[ResourceType::new("thing", true)])
        .with_dependencies(&["svc:project:get"]);
    const OP: Operation = Operation::new("ShowThing", Method::Get, "/v1/things/{id}")
        .with_summary("Shows a thing")
        .with_success_statuses(&[200])
        .with_permissions(&[PERMISSION]);
    const SERVICE: ServiceInfo = ServiceInfo::new("Svc")
        .with_title("The service")
        .with_endpoint_env("SVC")
        .with_regions(&[RegionInfo::new("r-1", &["https://svc.r-1.example.com"])])
        .with_operations(&[&OP]);

    #[test]
    fn constructors_fill_what_they_are_given_and_default_the_rest() {
        assert_eq!(OP.id, "ShowThing");
        assert_eq!(OP.path, "/v1/things/{id}");
        assert_eq!(OP.summary, "Shows a thing");
        assert_eq!(OP.success_statuses, &[200]);
        assert_eq!(OP.body_content_type, None);
        assert_eq!(
            Operation::new("A", Method::Post, "/a")
                .with_body_content_type("application/octet-stream")
                .body_content_type,
            Some("application/octet-stream")
        );
        assert_eq!(OP.required_actions(), ["svc:project:get", "svc:thing:get"]);
        assert_eq!(PERMISSION.resource_types[0].name, "thing");
        assert!(PERMISSION.condition_keys.is_empty() && PERMISSION.aliases.is_empty());
        assert_eq!(SERVICE.operation("ShowThing"), Some(&OP));
        assert_eq!(SERVICE.region("r-1").map(|r| r.endpoints.len()), Some(1));
        assert_eq!(
            (SERVICE.title, SERVICE.content_type),
            ("The service", "application/json")
        );
        assert_eq!(ServiceInfo::new("Svc").title, "Svc");
    }
}
