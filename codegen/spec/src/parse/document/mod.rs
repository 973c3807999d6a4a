//! The spec document as typed data: every key of the format, its type and its place, defined
//! once. The order of a struct's fields is the order the keys are written in.
//!
//! - `parse` takes the keys each mapping allows from here ([`keys`]) and reads the YAML tree
//!   itself, beside the span index, so that one run reports every problem at its line and
//!   column; serde would stop at the first.
//! - The importers write through here: the tools (`hwcloud_codegen_tools::document`) read
//!   what they built into a [`Document`] and write it back with every mapping's keys in
//!   this order, so a spec is written the same way whichever pass added a key; a key or a
//!   type the format does not have is an error naming its place.
//! - `docs/spec-format.md` describes the same keys; a test compares the two.
//!
//! `section!` declares each struct and spells its key list ([`Section::KEYS`]) and its
//! `Serialize` and `Deserialize` impls, all from the one field list (not serde's derive,
//! which a build script would compile: see the `section` module).
//!
//! Every field is optional here, so that a document keeps exactly the keys it was given;
//! which keys a spec must have is `parse`'s and `validate`'s business. Maps keyed by name
//! or status keep their entries' order and their keys as written (`200:` stays a number).

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_yaml::Value;

mod section;

pub use section::Section;
use section::{section, text_or};

section! {
    /// A whole spec: `service`, `operations` and `schemas` (a fragment may lack `service`).
    Document {
        /// `service`
        service: Service,
        /// `operations`, by id.
        operations: Entries<Operation>,
        /// `schemas`, by name.
        schemas: Entries<Schema>,
    }
}

section! {
    /// The `service` section.
    Service {
        /// `name`
        name: String,
        /// `module`
        module: String,
        /// `title`
        title: String,
        /// `description`
        description: String,
        /// `content_type`
        content_type: String,
        /// `endpoint_env`
        endpoint_env: String,
        /// `endpoint_prefix`: one prefix, or one per cloud.
        endpoint_prefix: EndpointPrefix,
        /// `endpoints`
        endpoints: Vec<EndpointGroup>,
        /// `global`
        global: bool,
    }
}

text_or! {
    /// `service.endpoint_prefix`.
    EndpointPrefix("a prefix, or one per cloud") {
        /// The prefix of every cloud: `vpc`.
        Every,
        /// One per cloud.
        PerCloud(CloudPrefixes),
    }
}

section! {
    /// The prefixes of `endpoint_prefix` by cloud (the runtime's `Cloud::key`s).
    CloudPrefixes {
        /// `huawei_cloud`
        huawei_cloud: String,
        /// `open_telekom_cloud`
        open_telekom_cloud: String,
    }
}

section! {
    /// One entry of `service.endpoints`.
    EndpointGroup {
        /// `template`
        template: String,
        /// `regions`
        regions: Vec<String>,
    }
}

section! {
    /// An operation.
    Operation {
        /// `group`
        group: String,
        /// `summary`
        summary: String,
        /// `description`
        description: String,
        /// `deprecated`
        deprecated: bool,
        /// `method`
        method: String,
        /// `path`
        path: String,
        /// `parameters`
        parameters: Vec<Parameter>,
        /// `body`
        body: Body,
        /// `responses`, by status.
        responses: Entries<Option<Response>>,
        /// `errors`
        errors: Vec<ErrorCode>,
        /// `pagination`
        pagination: Pagination,
        /// `examples`
        examples: Examples,
        /// `permissions`
        permissions: Vec<Permission>,
    }
}

section! {
    /// A path, query or header parameter.
    Parameter {
        /// `name`
        name: String,
        /// `in`
        location as "in": String,
        @type
        /// `required`
        required: bool,
        /// `sensitive`
        sensitive: bool,
        /// `rust_name`
        rust_name: String,
        /// `description`
        description: String,
        /// `range`
        range: String,
    }
}

section! {
    /// A type: a built-in (`type`, with `items` or `values`) or a schema (`ref`).
    Type {
        @type
    }
}

section! {
    /// The request body.
    Body {
        @type
        /// `required`
        required: bool,
        /// `content_type`
        content_type: String,
        /// `description`
        description: String,
        /// `range`
        range: String,
    }
}

section! {
    /// A response of one status.
    Response {
        /// `description`
        description: String,
        /// `body`
        body: ResponseBody,
        /// `headers`, by name.
        headers: Entries<Header>,
    }
}

section! {
    /// A response's body.
    ResponseBody {
        @type
        /// `description`
        description: String,
    }
}

section! {
    /// A response header.
    Header {
        @type
        /// `description`
        description: String,
        /// `range`
        range: String,
    }
}

section! {
    /// A documented error code.
    ErrorCode {
        /// `status`
        status: Integer,
        /// `code`
        code: String,
        /// `message`
        message: String,
        /// `description`
        description: String,
    }
}

/// A whole number, as a number or as text of digits (`parse` reads both).
#[derive(Debug, Clone, PartialEq)]
pub enum Integer {
    /// `404`
    Number(u64),
    /// `"404"`
    Text(String),
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntegerVisitor;
        impl Visitor<'_> for IntegerVisitor {
            type Value = Integer;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number, or text")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Integer, E> {
                Ok(Integer::Number(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Integer, E> {
                u64::try_from(v)
                    .map(Integer::Number)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Integer, E> {
                Ok(Integer::Text(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Integer, E> {
                Ok(Integer::Text(v))
            }
        }
        deserializer.deserialize_any(IntegerVisitor)
    }
}

impl Serialize for Integer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Integer::Number(n) => serializer.serialize_u64(*n),
            Integer::Text(t) => serializer.serialize_str(t),
        }
    }
}

section! {
    /// A row of the IAM authorization table.
    Permission {
        /// `action`
        action: String,
        /// `access_level`
        access_level: String,
        /// `resource_types`
        resource_types: Vec<ResourceType>,
        /// `condition_keys`
        condition_keys: Vec<String>,
        /// `aliases`
        aliases: Vec<String>,
        /// `dependencies`
        dependencies: Vec<String>,
    }
}

text_or! {
    /// A resource type of a permission row: `repository*` or `{ name, required }`.
    ResourceType("a resource type: text, or `{ name, required }`") {
        /// The docs' form, `*` marking a required one.
        Text,
        /// The spelled-out form.
        Spelled(ResourceTypeEntry),
    }
}

section! {
    /// `{ name, required }` of a resource type.
    ResourceTypeEntry {
        /// `name`
        name: String,
        /// `required`
        required: bool,
    }
}

section! {
    /// How an operation pages.
    Pagination {
        /// `page`
        page: String,
        /// `size`
        size: String,
        /// `offset`
        offset: String,
        /// `marker`
        marker: String,
        /// `limit`
        limit: String,
        /// `items`
        items: String,
        /// `next_marker`
        next_marker: String,
        /// `item_marker`
        item_marker: String,
        /// `next_link`
        next_link: String,
        /// `total`
        total: String,
    }
}

section! {
    /// Documented requests and responses.
    Examples {
        /// `requests`
        requests: Vec<RequestExample>,
        /// `responses`
        responses: Vec<ResponseExample>,
    }
}

section! {
    /// A documented request.
    RequestExample {
        /// `description`
        description: String,
        /// `url`
        url: String,
        /// `body`: JSON, written in YAML.
        body: Value,
    }
}

section! {
    /// A documented response.
    ResponseExample {
        /// `status`
        status: Integer,
        /// `description`
        description: String,
        /// `body`: JSON, written in YAML.
        body: Value,
    }
}

section! {
    /// A schema: an object, a string enum or an alias of another type.
    Schema {
        /// `description`
        description: String,
        /// `range`
        range: String,
        /// `inferred`
        inferred: String,
        /// `rust_name`
        rust_name: String,
        @type
        /// `properties`, by JSON key.
        properties: Entries<Property>,
        /// `enum`
        enum_values as "enum": Vec<EnumValue>,
    }
}

section! {
    /// A property of an object schema.
    Property {
        @type
        /// `required`
        required: bool,
        /// `nullable`
        nullable: bool,
        /// `sensitive`
        sensitive: bool,
        /// `rust_name`
        rust_name: String,
        /// `description`
        description: String,
        /// `range`
        range: String,
    }
}

text_or! {
    /// A value of a string enum: `maven` or `{ value, description }`.
    EnumValue("an enum value: text, or `{ value, description }`") {
        /// The value alone.
        Text,
        /// The value with its meaning.
        Described(DescribedValue),
    }
}

section! {
    /// `{ value, description }` of an enum value.
    DescribedValue {
        /// `value`
        value: String,
        /// `description`
        description: String,
    }
}

impl Type {
    /// `type: <name>`: a built-in scalar (`string`, `int32`, ..., `any`).
    pub fn builtin(name: &str) -> Self {
        Type {
            ty: Some(name.to_owned()),
            ..Type::default()
        }
    }

    /// `type: array` with `items`.
    pub fn array(items: Type) -> Self {
        Type {
            ty: Some("array".to_owned()),
            items: Some(Box::new(items)),
            ..Type::default()
        }
    }

    /// `type: map` with `values`.
    pub fn map(values: Type) -> Self {
        Type {
            ty: Some("map".to_owned()),
            values: Some(Box::new(values)),
            ..Type::default()
        }
    }

    /// `ref: <schema>`.
    pub fn reference(schema: &str) -> Self {
        Type {
            reference: Some(schema.to_owned()),
            ..Type::default()
        }
    }
}

/// The sections that hold a type's keys (`type`, `ref`, `items`, `values`) beside their
/// own.
pub trait Typed: Sized {
    /// The section with the type `t`.
    fn with_type(self, t: Type) -> Self;
}

macro_rules! typed {
    ($($section:ident),*) => {$(
        impl Typed for $section {
            fn with_type(self, t: Type) -> Self {
                $section {
                    ty: t.ty,
                    reference: t.reference,
                    items: t.items,
                    values: t.values,
                    ..self
                }
            }
        }
    )*};
}

typed!(Parameter, Body, ResponseBody, Header, Property, Schema);

/// `section` as the mapping it is written as, its keys in the format's order.
pub fn mapping<T: Serialize>(section: &T) -> serde_yaml::Mapping {
    match serde_yaml::to_value(section) {
        Ok(Value::Mapping(m)) => m,
        // Every section of the format serializes to a mapping of text keys.
        _ => serde_yaml::Mapping::new(),
    }
}

/// The entries of a mapping keyed by name or status, in their order, with their keys as
/// written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entries<T>(pub Vec<(Value, T)>);

impl<T> Entries<T> {
    /// Sets the entry `key` to `value`: in its place when there is one, else at the end.
    pub fn insert(&mut self, key: &str, value: T) {
        match self.0.iter_mut().find(|(k, _)| k.as_str() == Some(key)) {
            Some((_, slot)) => *slot = value,
            None => self.0.push((key.into(), value)),
        }
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// The keys a section of the format allows, in their written order (as `section!` spells
/// them from its fields).
pub fn keys<T: Section>() -> &'static [&'static str] {
    T::KEYS
}

#[cfg(test)]
mod tests;
