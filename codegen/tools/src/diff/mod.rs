//! What changed between two versions of a spec, and whether it breaks users of the
//! generated crate.
//!
//! Both versions are compared through the validated [`model`](crate::model), so a change is
//! judged by what the generated Rust code does with it:
//!
//! - **breaking**: an operation removed or renamed (renamed = same method and path, another
//!   id), its method or path changed, a parameter added as required or made required or
//!   optional (the request's `new` changes), a parameter, field, schema or enum value
//!   removed, a type changed, a field's `Option` wrapping changed (required ↔ optional,
//!   nullable), a Rust name changed, a success response's type changed, pagination removed,
//!   a region removed, and an IAM action added to an operation (least-privilege policies
//!   must grant it);
//! - **not breaking**: an operation, optional parameter, optional field, schema, enum value,
//!   region, status code or error code added (structs are `#[non_exhaustive]`, enums keep
//!   unknown values in `Unknown(String)`), an action no longer needed, documentation text.
//!
//! Each change also has the [`Bump`] it calls for under semantic versioning: a breaking
//! change a **major** release; an addition users can start using (an operation, parameter,
//! field, schema, enum value, region, a pager, a deprecation) a **minor** one; anything else
//! (documentation, status and error codes, endpoints, an action no longer needed) a
//! **patch**. A report calls for the largest bump of its changes; for a `0.y.z` crate,
//! whose breaking releases bump `y`, [`Bump::next`] says which version that is.

mod operations;
mod render;
mod schemas;

pub use render::{render_human, render_json};

use crate::error::Error;
use crate::model::{Service, TypeRef};

/// The kind of a change; its [`code`](ChangeKind::code) is stable for CI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChangeKind {
    /// An operation is gone.
    OperationRemoved,
    /// An operation has a new id (same method and path).
    OperationRenamed,
    /// A new operation.
    OperationAdded,
    /// An operation is now deprecated (or no longer).
    OperationDeprecated,
    /// The HTTP method changed.
    MethodChanged,
    /// The URI template changed.
    PathChanged,
    /// A parameter was added.
    ParamAdded,
    /// A parameter was removed.
    ParamRemoved,
    /// A parameter's type changed.
    ParamRetyped,
    /// A parameter became required or optional.
    ParamRequiredChanged,
    /// A parameter moved between path, query and header.
    ParamMoved,
    /// The request body was added.
    BodyAdded,
    /// The request body was removed.
    BodyRemoved,
    /// The request body's type changed.
    BodyRetyped,
    /// The request body became required or optional.
    BodyRequiredChanged,
    /// The success response's type changed (or it gained or lost a body).
    ResponseRetyped,
    /// A documented status code was added.
    StatusAdded,
    /// A documented status code was removed.
    StatusRemoved,
    /// Documented error codes were added or removed.
    ErrorCodesChanged,
    /// An operation needs an IAM action it did not need before.
    PermissionAdded,
    /// An operation no longer needs an IAM action.
    PermissionRemoved,
    /// Pagination was added.
    PaginationAdded,
    /// Pagination was removed.
    PaginationRemoved,
    /// Pagination changed.
    PaginationChanged,
    /// A new schema.
    SchemaAdded,
    /// A schema is gone.
    SchemaRemoved,
    /// A schema changed between object, enum and alias, or an alias changed its type.
    SchemaRetyped,
    /// A field was added.
    FieldAdded,
    /// A field was removed.
    FieldRemoved,
    /// A field's type changed.
    FieldRetyped,
    /// A field became required or optional, or nullable or not.
    FieldRequiredChanged,
    /// An enum value was added.
    EnumValueAdded,
    /// An enum value was removed.
    EnumValueRemoved,
    /// A generated Rust name changed (`rust_name`).
    RustNameChanged,
    /// Descriptions or summaries changed.
    DocsChanged,
    /// A region was added.
    RegionAdded,
    /// A region was removed.
    RegionRemoved,
    /// A region's endpoints changed.
    EndpointsChanged,
    /// The service's name or module changed.
    ServiceRenamed,
    /// The service became global (domain-scoped) or regional (project-scoped).
    ScopeChanged,
}

impl ChangeKind {
    /// A short stable name, e.g. `param-added`.
    pub fn code(self) -> &'static str {
        use ChangeKind::*;
        match self {
            OperationRemoved => "operation-removed",
            OperationRenamed => "operation-renamed",
            OperationAdded => "operation-added",
            OperationDeprecated => "operation-deprecated",
            MethodChanged => "method-changed",
            PathChanged => "path-changed",
            ParamAdded => "param-added",
            ParamRemoved => "param-removed",
            ParamRetyped => "param-retyped",
            ParamRequiredChanged => "param-required-changed",
            ParamMoved => "param-moved",
            BodyAdded => "body-added",
            BodyRemoved => "body-removed",
            BodyRetyped => "body-retyped",
            BodyRequiredChanged => "body-required-changed",
            ResponseRetyped => "response-retyped",
            StatusAdded => "status-added",
            StatusRemoved => "status-removed",
            ErrorCodesChanged => "error-codes-changed",
            PermissionAdded => "permission-added",
            PermissionRemoved => "permission-removed",
            PaginationAdded => "pagination-added",
            PaginationRemoved => "pagination-removed",
            PaginationChanged => "pagination-changed",
            SchemaAdded => "schema-added",
            SchemaRemoved => "schema-removed",
            SchemaRetyped => "schema-retyped",
            FieldAdded => "field-added",
            FieldRemoved => "field-removed",
            FieldRetyped => "field-retyped",
            FieldRequiredChanged => "field-required-changed",
            EnumValueAdded => "enum-value-added",
            EnumValueRemoved => "enum-value-removed",
            RustNameChanged => "rust-name-changed",
            DocsChanged => "docs-changed",
            RegionAdded => "region-added",
            RegionRemoved => "region-removed",
            EndpointsChanged => "endpoints-changed",
            ServiceRenamed => "service-renamed",
            ScopeChanged => "scope-changed",
        }
    }
}

/// The release a change calls for under semantic versioning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bump {
    /// Fixes and documentation: `x.y.(z+1)`.
    Patch,
    /// Additions: `x.(y+1).0`.
    Minor,
    /// Breaking changes: `(x+1).0.0`.
    Major,
}

impl Bump {
    /// `major`, `minor` or `patch`.
    pub fn code(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The version after `version` (`x.y.z`, an optional `-pre`/`+build` dropped) under this
    /// bump, as Cargo reads semver: before 1.0.0 a breaking release bumps the minor digit
    /// and anything else the patch digit. `None` when `version` is not `x.y.z`.
    pub fn next(self, version: &str) -> Option<String> {
        let core = version.split(['-', '+']).next().unwrap_or(version);
        let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
        let (Some(Some(x)), Some(Some(y)), Some(Some(z)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(match (self, x) {
            (Bump::Major, 0) => format!("0.{}.0", y + 1),
            (Bump::Major, _) => format!("{}.0.0", x + 1),
            (Bump::Minor, 0) | (Bump::Patch, _) => format!("{x}.{y}.{}", z + 1),
            (Bump::Minor, _) => format!("{x}.{}.0", y + 1),
        })
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// Whether code using the generated crate may stop compiling or working.
    pub breaking: bool,
    /// Where: e.g. `operations.ListAllRepositories.parameters.page_no`.
    pub location: String,
    /// What changed and what it means for users.
    pub message: String,
    /// For permission changes: the IAM action.
    pub action: Option<String>,
}

impl Change {
    /// The release this change calls for (see the module docs).
    pub fn bump(&self) -> Bump {
        use ChangeKind::*;
        if self.breaking {
            return Bump::Major;
        }
        match self.kind {
            OperationAdded | OperationDeprecated | ParamAdded | BodyAdded | PaginationAdded
            | PaginationChanged | SchemaAdded | FieldAdded | EnumValueAdded | RegionAdded => {
                Bump::Minor
            }
            _ => Bump::Patch,
        }
    }

    pub(crate) fn new(
        kind: ChangeKind,
        breaking: bool,
        location: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            breaking,
            location: location.into(),
            message: message.into(),
            action: None,
        }
    }
}

/// All changes between two versions, operations first (by id), then schemas (by name),
/// then the service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// Whether any change is breaking.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// The release the report calls for: the largest bump of its changes, `None` without
    /// changes.
    pub fn bump(&self) -> Option<Bump> {
        self.changes.iter().map(Change::bump).max()
    }

    /// Number of breaking and of non-breaking changes.
    pub fn counts(&self) -> (usize, usize) {
        let breaking = self.changes.iter().filter(|c| c.breaking).count();
        (breaking, self.changes.len() - breaking)
    }
}

/// Compares two resolved services.
pub fn diff(old: &Service, new: &Service) -> Report {
    let mut changes = Vec::new();
    operations::compare(old, new, &mut changes);
    schemas::compare(old, new, &mut changes);
    service(old, new, &mut changes);
    Report { changes }
}

/// Parses, validates and compares two spec texts. Either spec having errors fails with
/// its diagnostics.
pub fn diff_specs(
    old_name: &str,
    old_text: &str,
    new_name: &str,
    new_text: &str,
) -> Result<Report, Error> {
    let old = crate::resolve(old_name, old_text);
    let new = crate::resolve(new_name, new_text);
    match (old, new) {
        (Ok((o, _)), Ok((n, _))) => Ok(diff(&o, &n)),
        (o, n) => Err(Error::Spec(
            [o.err(), n.err()].into_iter().flatten().collect(),
        )),
    }
}

/// A cloud's host prefix removed (breaking: its regions find no endpoint), changed or added.
fn endpoint_prefixes(old: &Service, new: &Service, out: &mut Vec<Change>) {
    let find = |s: &Service, cloud: &str| {
        s.endpoint_prefixes
            .iter()
            .find(|(c, _)| c == cloud)
            .map(|(_, p)| p.clone())
    };
    for cloud in crate::parse::cloud_keys() {
        let path = format!("service.endpoint_prefix.{cloud}");
        match (find(old, cloud), find(new, cloud)) {
            (Some(_), None) => out.push(Change::new(
                ChangeKind::RegionRemoved,
                true,
                path,
                format!("the service has no host prefix in `{cloud}` any more: `.region(..)` finds no endpoint there unless the region is listed under `endpoints`"),
            )),
            (Some(a), Some(b)) if a != b => out.push(Change::new(
                ChangeKind::EndpointsChanged,
                false,
                path,
                format!("the host prefix in `{cloud}` is now `{b}` (was `{a}`)"),
            )),
            (None, Some(b)) => out.push(Change::new(
                ChangeKind::RegionAdded,
                false,
                path,
                format!("the service is now in every region of `{cloud}`, as `{b}`"),
            )),
            _ => {}
        }
    }
}

fn service(old: &Service, new: &Service, out: &mut Vec<Change>) {
    if old.module != new.module || old.name != new.name {
        out.push(Change::new(
            ChangeKind::ServiceRenamed,
            true,
            "service",
            format!(
                "the service `{}` (module `{}`) is now `{}` (module `{}`): the crate's module path changes",
                old.name, old.module, new.name, new.module
            ),
        ));
    }
    if old.global != new.global {
        let message = if new.global {
            "the service is now global: requests carry `X-Domain-Id`, and a client without a domain id no longer builds"
        } else {
            "the service is no longer global: requests are project-scoped and no longer carry `X-Domain-Id`"
        };
        out.push(Change::new(
            ChangeKind::ScopeChanged,
            true,
            "service.global",
            message,
        ));
    }
    endpoint_prefixes(old, new, out);
    for r in &old.regions {
        match new.regions.iter().find(|n| n.id == r.id) {
            None => out.push(Change::new(
                ChangeKind::RegionRemoved,
                true,
                format!("service.regions.{}", r.id),
                format!(
                    "region `{}` removed: `.region(\"{}\")` no longer finds an endpoint",
                    r.id, r.id
                ),
            )),
            Some(n) if n.endpoints != r.endpoints => out.push(Change::new(
                ChangeKind::EndpointsChanged,
                false,
                format!("service.regions.{}", r.id),
                format!("region `{}` now uses {}", r.id, n.endpoints.join(", ")),
            )),
            Some(_) => {}
        }
    }
    for r in new
        .regions
        .iter()
        .filter(|r| !old.regions.iter().any(|o| o.id == r.id))
    {
        out.push(Change::new(
            ChangeKind::RegionAdded,
            false,
            format!("service.regions.{}", r.id),
            format!("region `{}` added", r.id),
        ));
    }
}

/// A type as users see it in messages: `string`, `list of Repository`, ...
pub(crate) fn describe(t: &TypeRef, s: &Service) -> String {
    match t {
        TypeRef::String => "string".to_owned(),
        TypeRef::Int32 => "int32".to_owned(),
        TypeRef::Int64 => "int64".to_owned(),
        TypeRef::Float => "float".to_owned(),
        TypeRef::Double => "double".to_owned(),
        TypeRef::Boolean => "boolean".to_owned(),
        TypeRef::Any => "any".to_owned(),
        TypeRef::Array(inner) => format!("list of {}", describe(inner, s)),
        TypeRef::Map(inner) => format!("map of {}", describe(inner, s)),
        TypeRef::Schema(i) => s
            .schemas
            .get(*i)
            .map_or_else(|| "?".to_owned(), |x| x.name.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_name_the_next_version_as_cargo_reads_semver() {
        assert_eq!(Bump::Major.next("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(Bump::Major.next("0.1.7").as_deref(), Some("0.2.0"));
        assert_eq!(Bump::Minor.next("1.4.2").as_deref(), Some("1.5.0"));
        assert_eq!(Bump::Minor.next("0.1.7").as_deref(), Some("0.1.8"));
        assert_eq!(Bump::Patch.next("1.4.2-rc.1").as_deref(), Some("1.4.3"));
        assert_eq!(Bump::Patch.next("1.4"), None);
        let change = |kind, breaking| Change::new(kind, breaking, "x", "y");
        let report = Report {
            changes: vec![
                change(ChangeKind::DocsChanged, false),
                change(ChangeKind::FieldAdded, false),
            ],
        };
        assert_eq!(report.bump(), Some(Bump::Minor));
        assert_eq!(change(ChangeKind::FieldAdded, true).bump(), Bump::Major);
        assert_eq!(Report::default().bump(), None);
    }
}
