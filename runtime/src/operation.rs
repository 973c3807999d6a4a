//! Static descriptions of services and operations, emitted by the generator: what each
//! operation sends and which IAM permissions it needs, available without a network call.

use std::fmt;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// The upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110):
    /// GET, HEAD, OPTIONS, PUT and DELETE. Only these are retried after a server error or
    /// a broken connection unless the caller opts in.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// IAM access level of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// List
    List,
    /// Read
    Read,
    /// Write
    Write,
    /// Tagging
    Tagging,
    /// Permission management
    PermissionManagement,
}

impl AccessLevel {
    /// The spelling used in Huawei's documentation.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::PermissionManagement => "Permission management",
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A resource type an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResourceType {
    /// Resource type name, e.g. `repository`.
    pub name: &'static str,
    /// Whether the resource type is required (`*` in the documentation).
    pub required: bool,
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
    /// Regions with their endpoints.
    pub regions: &'static [RegionInfo],
    /// All operations.
    pub operations: &'static [&'static Operation],
}

impl ServiceInfo {
    /// The region with id `id`.
    pub fn region(&self, id: &str) -> Option<&'static RegionInfo> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The operation with id `id`.
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.operations.iter().copied().find(|o| o.id == id)
    }
}
