//! The spec as written: every key read and shape-checked, but names not yet resolved.

use serde_json::Value;

use super::reader::Spanned;
use crate::diagnostics::KeyPath;

/// A whole spec file.
#[derive(Debug, Clone, Default)]
pub struct SpecAst {
    /// The `service` section.
    pub service: ServiceAst,
    /// Operations by id, in document order.
    pub operations: Vec<OperationAst>,
    /// Schemas by name, in document order.
    pub schemas: Vec<SchemaAst>,
}

/// The `service` section.
#[derive(Debug, Clone, Default)]
pub struct ServiceAst {
    /// Where the section is.
    pub path: KeyPath,
    /// `name`
    pub name: Option<Spanned<String>>,
    /// `module`
    pub module: Option<Spanned<String>>,
    /// `title`
    pub title: Option<String>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `content_type`
    pub content_type: Option<Spanned<String>>,
    /// `endpoint_env`
    pub endpoint_env: Option<Spanned<String>>,
    /// `endpoints`
    pub endpoints: Vec<EndpointGroupAst>,
    /// `endpoint_prefix`: one prefix for every cloud, or one per cloud.
    pub endpoint_prefix: Vec<EndpointPrefixAst>,
    /// `global`
    pub global: bool,
}

/// A host prefix of `service.endpoint_prefix`.
#[derive(Debug, Clone)]
pub struct EndpointPrefixAst {
    /// The cloud's key (`open_telekom_cloud`), or `None` for every cloud.
    pub cloud: Option<String>,
    /// The prefix, e.g. `vpc`.
    pub prefix: Spanned<String>,
}

/// One entry of `service.endpoints`: a URL template and the regions it serves.
#[derive(Debug, Clone)]
pub struct EndpointGroupAst {
    /// `template`, e.g. `https://artifact.{region}.myhuaweicloud.com`.
    pub template: Spanned<String>,
    /// `regions`
    pub regions: Vec<Spanned<String>>,
}

/// Description and value range of an item.
#[derive(Debug, Clone, Default)]
pub struct DocAst {
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `range`
    pub range: Option<Spanned<String>>,
}

/// A type written with `type`/`ref`/`items`/`values`.
#[derive(Debug, Clone)]
pub enum TypeAst {
    /// A built-in scalar or `any`.
    Builtin(Spanned<Builtin>),
    /// `ref: Name`
    Ref(Spanned<String>),
    /// `type: array` with `items`.
    Array(Box<TypeAst>),
    /// `type: map` with `values`.
    Map(Box<TypeAst>),
}

/// Built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    /// `string`
    String,
    /// `int32`
    Int32,
    /// `int64`
    Int64,
    /// `float`
    Float,
    /// `double`
    Double,
    /// `boolean`
    Boolean,
    /// `any`
    Any,
}

/// An operation.
#[derive(Debug, Clone)]
pub struct OperationAst {
    /// Operation id (the key under `operations`).
    pub id: Spanned<String>,
    /// `group`: the resource group, a cargo feature of the generated crate
    pub group: Option<Spanned<String>>,
    /// `summary`
    pub summary: Option<Spanned<String>>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `method`
    pub method: Option<Spanned<String>>,
    /// `path`
    pub uri: Option<Spanned<String>>,
    /// `deprecated`
    pub deprecated: bool,
    /// `parameters`
    pub parameters: Vec<ParamAst>,
    /// `body`
    pub body: Option<BodyAst>,
    /// `responses`
    pub responses: Vec<ResponseAst>,
    /// `errors`
    pub errors: Vec<ErrorAst>,
    /// `permissions`
    pub permissions: Vec<PermissionAst>,
    /// `pagination`
    pub pagination: Option<PaginationAst>,
    /// `examples`
    pub examples: ExamplesAst,
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct ParamAst {
    /// Where the parameter is.
    pub path: KeyPath,
    /// `name`
    pub name: Spanned<String>,
    /// `in`
    pub location: Spanned<String>,
    /// Its type.
    pub ty: Option<TypeAst>,
    /// `required`
    pub required: Option<bool>,
    /// `sensitive` (`None`: decided by the name)
    pub sensitive: Option<bool>,
    /// `rust_name`
    pub rust_name: Option<Spanned<String>>,
    /// Description.
    pub doc: DocAst,
}

/// The request body.
#[derive(Debug, Clone)]
pub struct BodyAst {
    /// Where the body is.
    pub path: KeyPath,
    /// Its type.
    pub ty: Option<TypeAst>,
    /// `required`
    pub required: bool,
    /// `content_type`
    pub content_type: Option<Spanned<String>>,
    /// Description.
    pub doc: DocAst,
}

/// A response.
#[derive(Debug, Clone)]
pub struct ResponseAst {
    /// The status code as written (the key).
    pub status: Spanned<String>,
    /// `description`
    pub description: Option<Spanned<String>>,
    /// `body`
    pub body: Option<TypeAst>,
    /// `headers`
    pub headers: Vec<HeaderAst>,
}

/// A response header.
#[derive(Debug, Clone)]
pub struct HeaderAst {
    /// Header name.
    pub name: Spanned<String>,
    /// Its type.
    pub ty: Option<TypeAst>,
    /// Description.
    pub doc: DocAst,
}

/// An error code entry.
#[derive(Debug, Clone)]
pub struct ErrorAst {
    /// Where the entry is.
    pub path: KeyPath,
    /// `status`
    pub status: Option<Spanned<u64>>,
    /// `code`
    pub code: Option<Spanned<String>>,
    /// `message`
    pub message: Option<String>,
    /// `description`
    pub description: Option<String>,
}

/// A permission row.
#[derive(Debug, Clone)]
pub struct PermissionAst {
    /// `action`
    pub action: Option<Spanned<String>>,
    /// `access_level`
    pub access_level: Option<Spanned<String>>,
    /// `resource_types`
    pub resource_types: Vec<(Spanned<String>, bool)>,
    /// `condition_keys`
    pub condition_keys: Vec<Spanned<String>>,
    /// `aliases`
    pub aliases: Vec<Spanned<String>>,
    /// `dependencies`
    pub dependencies: Vec<Spanned<String>>,
}

/// Pagination declaration.
#[derive(Debug, Clone)]
pub struct PaginationAst {
    /// Where it is.
    pub path: KeyPath,
    /// `page` (page-number style)
    pub page: Option<Spanned<String>>,
    /// `size` (page-number style)
    pub size: Option<Spanned<String>>,
    /// `offset` (offset style)
    pub offset: Option<Spanned<String>>,
    /// `limit` (offset and marker styles)
    pub limit: Option<Spanned<String>>,
    /// `marker` (marker style)
    pub marker: Option<Spanned<String>>,
    /// `next_marker` (marker style: the path to the next marker in the response)
    pub next_marker: Option<Spanned<String>>,
    /// `item_marker` (marker style: the item field whose last value is the next marker)
    pub item_marker: Option<Spanned<String>>,
    /// `next_link` (marker style: the path to the link to the next page, whose `marker`
    /// query parameter is the next marker)
    pub next_link: Option<Spanned<String>>,
    /// `items`
    pub items: Option<Spanned<String>>,
    /// `total`
    pub total: Option<Spanned<String>>,
}

/// Examples of an operation.
#[derive(Debug, Clone, Default)]
pub struct ExamplesAst {
    /// `requests`
    pub requests: Vec<RequestExampleAst>,
    /// `responses`
    pub responses: Vec<ResponseExampleAst>,
}

/// An example request.
#[derive(Debug, Clone)]
pub struct RequestExampleAst {
    /// Where it is.
    pub path: KeyPath,
    /// `description`
    pub description: Option<String>,
    /// `url`
    pub url: Option<String>,
    /// `body`, converted to JSON.
    pub body: Option<Value>,
}

/// An example response.
#[derive(Debug, Clone)]
pub struct ResponseExampleAst {
    /// Where it is.
    pub path: KeyPath,
    /// `status`
    pub status: Option<Spanned<u64>>,
    /// `description`
    pub description: Option<String>,
    /// `body`, converted to JSON.
    pub body: Option<Value>,
}

/// A named schema.
#[derive(Debug, Clone)]
pub struct SchemaAst {
    /// The schema name (the key under `schemas`).
    pub name: Spanned<String>,
    /// Description.
    pub doc: DocAst,
    /// `inferred`
    pub inferred: Option<String>,
    /// `rust_name`
    pub rust_name: Option<Spanned<String>>,
    /// The shape.
    pub body: SchemaBodyAst,
}

/// The shape of a named schema.
#[derive(Debug, Clone)]
pub enum SchemaBodyAst {
    /// `type: object` with `properties`.
    Object(Vec<FieldAst>),
    /// `type: string` with `enum`.
    Enum(Vec<EnumValueAst>),
    /// Any other type: an alias.
    Alias(TypeAst),
    /// The shape could not be read (already reported).
    Invalid,
}

/// A property of an object schema.
#[derive(Debug, Clone)]
pub struct FieldAst {
    /// JSON key.
    pub name: Spanned<String>,
    /// Its type.
    pub ty: Option<TypeAst>,
    /// `required`
    pub required: bool,
    /// `nullable`
    pub nullable: bool,
    /// `sensitive` (`None`: decided by the name)
    pub sensitive: Option<bool>,
    /// `rust_name`
    pub rust_name: Option<Spanned<String>>,
    /// Description.
    pub doc: DocAst,
}

/// A value of an enum schema.
#[derive(Debug, Clone)]
pub struct EnumValueAst {
    /// The value.
    pub value: Spanned<String>,
    /// Its description.
    pub description: Option<String>,
}
