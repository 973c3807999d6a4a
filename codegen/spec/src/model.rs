//! The intermediate model between the YAML spec and the emitted tokens.
//!
//! Everything here is validated and resolved: schema references are indices, every item
//! carries both its wire name (as the service spells it) and its Rust name (after case
//! conversion, keyword escaping and collision resolution).

use serde_json::Value;

/// Shared with the runtime, which generated code names them from.
pub use hwcloud_common::{AccessLevel, Method};

/// One API service: everything one spec file describes.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Service name as Huawei spells it, e.g. `CodeArtsArtifact`.
    pub name: String,
    /// Rust module / file name, e.g. `codeartsartifact`.
    pub module: String,
    /// Human title, e.g. `CodeArts Artifact`.
    pub title: String,
    /// What the service does.
    pub description: Option<String>,
    /// Default request content type.
    pub content_type: String,
    /// `<ID>` part of `HUAWEICLOUD_SDK_REGION_<ID>_<REGION>` endpoint overrides.
    pub endpoint_env: String,
    /// Regions and their endpoints, in spec order.
    pub regions: Vec<Region>,
    /// The host prefix per cloud, by the cloud's key (`huawei_cloud`, `open_telekom_cloud`).
    pub endpoint_prefixes: Vec<(String, String)>,
    /// A global service: requests are domain-scoped (`X-Domain-Id`), not project-scoped.
    pub global: bool,
    /// Operations, sorted by id.
    pub operations: Vec<Operation>,
    /// Named schemas, sorted by name.
    pub schemas: Vec<Schema>,
}

/// A region and the endpoints that serve it, in order of preference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Region id, e.g. `cn-north-4`.
    pub id: String,
    /// Base URLs, e.g. `https://cloudartifacts-ext.cn-north-4.myhuaweicloud.com`.
    pub endpoints: Vec<String>,
}

/// Descriptive text of an item: the definition and, when documented, the value range.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    /// What the item is.
    pub description: Option<String>,
    /// Which values it takes.
    pub range: Option<String>,
}

/// One API operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Operation id as in the spec, e.g. `ResetUserPassword`.
    pub id: String,
    /// Client method name, e.g. `reset_user_password`.
    pub fn_name: String,
    /// Request type name, e.g. `ResetUserPasswordRequest`.
    pub request_type: String,
    /// Metadata constant name, e.g. `RESET_USER_PASSWORD`.
    pub const_name: String,
    /// One-line summary.
    pub summary: Option<String>,
    /// Longer description.
    pub description: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// URI template, e.g. `/v5/{project_id}/repositories`.
    pub path: String,
    /// Path, query and header parameters in spec order.
    pub params: Vec<Param>,
    /// Request body.
    pub body: Option<Body>,
    /// Documented responses by status code, ascending.
    pub responses: Vec<Response>,
    /// Documented error codes.
    pub errors: Vec<ErrorCode>,
    /// IAM permission rows (empty when the docs give none).
    pub permissions: Vec<Permission>,
    /// Pagination, when the operation pages through results.
    pub pagination: Option<Pagination>,
    /// Documented examples.
    pub examples: Examples,
    /// Whether the operation is deprecated.
    pub deprecated: bool,
    /// Resource group: the cargo feature that compiles the operation when the crate is
    /// generated with group features ([`DEFAULT_GROUP`] when the spec names none).
    pub group: String,
}

/// The group of operations whose spec names no `group`.
pub const DEFAULT_GROUP: &str = "other";

impl Operation {
    /// The body type of the (single) success response, if it has one.
    pub fn success_body(&self) -> Option<&TypeRef> {
        self.responses
            .iter()
            .find(|r| (200..300).contains(&r.status) && r.body.is_some())
            .and_then(|r| r.body.as_ref())
    }

    /// Success status codes (2xx) documented for this operation.
    pub fn success_statuses(&self) -> Vec<u16> {
        self.responses
            .iter()
            .map(|r| r.status)
            .filter(|s| (200..300).contains(s))
            .collect()
    }

    /// Whether the operation takes no input at all.
    pub fn has_no_input(&self) -> bool {
        self.params.is_empty() && self.body.is_none()
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// Substituted into the URI template.
    Path,
    /// Added to the query string.
    Query,
    /// Sent as a request header.
    Header,
}

impl ParamLocation {
    /// The spec spelling: `path`, `query` or `header`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire, e.g. `x-language`.
    pub wire_name: String,
    /// Rust field name, e.g. `x_language`.
    pub rust_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the caller must give it.
    pub required: bool,
    /// Filled from the credentials when left out (`project_id`, `domain_id` path params).
    pub from_credentials: bool,
    /// Whether the value is a secret: redacted in `Debug` output.
    pub sensitive: bool,
    /// Description.
    pub doc: Doc,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Its type (a schema, an array, ...).
    pub ty: TypeRef,
    /// Whether a body must be sent.
    pub required: bool,
    /// Content type, e.g. `application/json`.
    pub content_type: String,
    /// Description.
    pub doc: Doc,
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// HTTP status code.
    pub status: u16,
    /// Description, e.g. `OK`.
    pub description: Option<String>,
    /// Body type, if the response has a body.
    pub body: Option<TypeRef>,
    /// Documented response headers.
    pub headers: Vec<ResponseHeader>,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// Header name.
    pub name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Description.
    pub doc: Doc,
}

/// A documented service error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    /// HTTP status it comes with.
    pub status: u16,
    /// Service error code, e.g. `CLOUDARTIFACT.00010001`.
    pub code: String,
    /// Error message as documented.
    pub message: Option<String>,
    /// What to do about it.
    pub description: Option<String>,
}

/// A resource type an action applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    /// Resource type name, e.g. `repository`.
    pub name: String,
    /// Whether it is required (the `*` in the docs).
    pub required: bool,
}

/// One row of an operation's authorization table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// Action, e.g. `codeartsartifact:repository:resetPassword`.
    pub action: String,
    /// Access level.
    pub access_level: AccessLevel,
    /// Resource types.
    pub resource_types: Vec<ResourceType>,
    /// Condition keys.
    pub condition_keys: Vec<String>,
    /// Aliases of the action.
    pub aliases: Vec<String>,
    /// Actions this one depends on.
    pub dependencies: Vec<String>,
}

/// How an operation pages through its results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// The paging style and its parameters.
    pub style: PagingStyle,
    /// Fields leading from the success body to the list of items, e.g. `result.data`.
    pub items: Vec<FieldStep>,
    /// Type of one item.
    pub item_type: TypeRef,
    /// Fields leading from the success body to the total count, if the service returns it.
    pub total: Option<Vec<FieldStep>>,
}

/// One field access on the way from a response body to a nested value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldStep {
    /// JSON key.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// How the field is wrapped.
    pub wrapping: Wrapping,
    /// Whether the value is boxed.
    pub boxed: bool,
}

/// How a field's value is wrapped in its Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrapping {
    /// `T`
    Plain,
    /// `Option<T>`
    Option,
    /// `Option<Option<T>>` (optional and nullable)
    DoubleOption,
}

impl Field {
    /// How this field's value is wrapped.
    pub fn wrapping(&self) -> Wrapping {
        match (self.required, self.nullable) {
            (true, false) => Wrapping::Plain,
            (true, true) | (false, false) => Wrapping::Option,
            (false, true) => Wrapping::DoubleOption,
        }
    }
}

/// The paging parameters of an operation (Rust names of its query params).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagingStyle {
    /// A 1-based page number plus a page size (`page_no`/`page_num` + `page_size`).
    PageNumber {
        /// Rust name of the page number param.
        page: String,
        /// Rust name of the page size param.
        size: String,
    },
    /// A 0-based item offset plus a limit.
    Offset {
        /// Rust name of the offset param.
        offset: String,
        /// Rust name of the limit param.
        limit: String,
    },
    /// A marker (where the page starts) plus a limit; each page gives the next marker.
    Marker {
        /// Rust name of the marker param (an optional string).
        marker: String,
        /// Rust name of the limit param.
        limit: String,
        /// Where the next marker comes from.
        next: NextMarker,
    },
}

/// Where a marker-paged response gives the marker of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextMarker {
    /// Fields leading from the success body to a string, e.g. `page_info.next_marker`.
    Field(Vec<FieldStep>),
    /// A string field of the last item, e.g. its `id`.
    LastItem(FieldStep),
    /// The marker query parameter of the link to the next page: fields leading from the
    /// success body to the link (a string URL), or to a list of link objects of which the
    /// one whose `rel` is `next` holds it in `href` (OpenStack's `<resource>_links`).
    Link {
        /// Fields leading to the link or the list of links.
        steps: Vec<FieldStep>,
        /// For a list of links: the `href` and `rel` fields of a link object.
        entry: Option<(FieldStep, FieldStep)>,
        /// Wire name of the marker query parameter, read from the link.
        param: String,
    },
}

/// Documented examples of an operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// Example requests.
    pub requests: Vec<RequestExample>,
    /// Example responses.
    pub responses: Vec<ResponseExample>,
}

/// A documented example request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestExample {
    /// What the example shows.
    pub description: Option<String>,
    /// Example URL.
    pub url: Option<String>,
    /// Example body.
    pub body: Option<Value>,
}

/// A documented example response.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseExample {
    /// Status code.
    pub status: u16,
    /// What the example shows.
    pub description: Option<String>,
    /// Example body.
    pub body: Option<Value>,
}

/// A named schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    /// Name in the spec, e.g. `MavenRepoUser`.
    pub name: String,
    /// Rust type name.
    pub rust_name: String,
    /// Description.
    pub doc: Doc,
    /// How the schema was obtained when not from the docs, e.g. `example`.
    pub inferred: Option<String>,
    /// What kind of type it is.
    pub kind: SchemaKind,
    /// Whether a request (parameter or body) uses it, directly or nested.
    pub used_in_requests: bool,
}

/// The shape of a named schema.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaKind {
    /// A JSON object with known fields.
    Object(Vec<Field>),
    /// A string with a known set of values (unknown values are kept).
    Enum(Vec<EnumValue>),
    /// Another name for a type (e.g. an array of a schema).
    Alias(TypeRef),
}

/// A field of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON key, e.g. `domainId`.
    pub wire_name: String,
    /// Rust field name, e.g. `domain_id`.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Whether the key is always present.
    pub required: bool,
    /// Whether the value may be `null`.
    pub nullable: bool,
    /// Whether the field is boxed to break a recursive type.
    pub boxed: bool,
    /// Whether the value is a secret: redacted in `Debug` output.
    pub sensitive: bool,
    /// Description.
    pub doc: Doc,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// Rust variant name.
    pub rust_name: String,
    /// Description.
    pub description: Option<String>,
}

/// A type as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// UTF-8 string.
    String,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// true / false.
    Boolean,
    /// Any JSON value.
    Any,
    /// A list.
    Array(Box<TypeRef>),
    /// A string-keyed map.
    Map(Box<TypeRef>),
    /// A named schema, by index into [`Service::schemas`].
    Schema(usize),
}
