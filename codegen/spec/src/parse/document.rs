//! The spec document as typed data: every key of the format, its type and its place, defined
//! once. The order of a struct's fields is the order the keys are written in.
//!
//! - `parse` takes the keys each mapping allows from here ([`keys`]) and reads the YAML tree
//!   itself, beside the span index, so that one run reports every problem at its line and
//!   column; serde would stop at the first.
//! - The importers write through here: [`canonical`] reads what they built into a
//!   [`Document`] and gives it back with every mapping's keys in this order, so a spec is
//!   written the same way whichever pass added a key; a key or a type the format does not
//!   have is an error naming its place.
//! - `docs/spec-format.md` describes the same keys; a test compares the two.
//!
//! Every field is optional here, so that a document keeps exactly the keys it was given;
//! which keys a spec must have is `parse`'s and `validate`'s business. Maps keyed by name
//! or status keep their entries' order and their keys as written (`200:` stays a number).

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_yaml::Value;

/// A whole spec: `service`, `operations` and `schemas` (a fragment may lack `service`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// `service`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<Service>,
    /// `operations`, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operations: Option<Entries<Operation>>,
    /// `schemas`, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schemas: Option<Entries<Schema>>,
}

/// Declares a struct of the format: every field optional and left out when absent, unknown
/// keys rejected. Field attributes (`#[serde(rename = "in")]`) pass through.
macro_rules! section {
    // `@type` stands for the four keys of a type, in their place among the others.
    ($(#[$doc:meta])* $name:ident {
        $($(#[$a:meta])* $f:ident: $t:ty,)*
        @type
        $($(#[$b:meta])* $g:ident: $u:ty,)*
    }) => {
        section! {
            $(#[$doc])* $name {
                $($(#[$a])* $f: $t,)*
                /// `type`
                #[serde(rename = "type")]
                ty: String,
                /// `ref`
                #[serde(rename = "ref")]
                reference: String,
                /// `items`
                items: Box<Type>,
                /// `values`
                values: Box<Type>,
                $($(#[$b])* $g: $u,)*
            }
        }
    };
    ($(#[$doc:meta])* $name:ident { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $(
                $(#[$attr])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
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

/// `service.endpoint_prefix`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EndpointPrefix {
    /// The prefix of every cloud: `vpc`.
    Every(String),
    /// One per cloud.
    PerCloud(CloudPrefixes),
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
        #[serde(rename = "in")]
        location: String,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Integer {
    /// `404`
    Number(u64),
    /// `"404"`
    Text(String),
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

/// A resource type of a permission row: `repository*` or `{ name, required }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ResourceType {
    /// The docs' form, `*` marking a required one.
    Text(String),
    /// The spelled-out form.
    Spelled(ResourceTypeEntry),
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
        #[serde(rename = "enum")]
        enum_values: Vec<EnumValue>,
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

/// A value of a string enum: `maven` or `{ value, description }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EnumValue {
    /// The value alone.
    Text(String),
    /// The value with its meaning.
    Described(DescribedValue),
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

/// The keys a section of the format allows, in their written order: the field names serde
/// derives for `T`, read by asking `T` to deserialize from a deserializer that only records
/// them.
pub fn keys<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut recorder = KeyRecorder(&[]);
    // The recorder refuses every value: only the key list it saw matters.
    let _ = T::deserialize(&mut recorder);
    recorder.0
}

struct KeyRecorder(&'static [&'static str]);

/// What [`KeyRecorder`] answers every request with (no allocation: [`keys`] is called for
/// every mapping `parse` reads).
#[derive(Debug)]
struct Recorded;

impl std::fmt::Display for Recorded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only the keys are recorded")
    }
}

impl std::error::Error for Recorded {}

impl serde::de::Error for Recorded {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Recorded
    }
}

impl<'de> Deserializer<'de> for &mut KeyRecorder {
    type Error = Recorded;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(Recorded)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(Recorded)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The mapping `doc` read as a `T` (a [`Document`], an [`Operation`], a [`Schema`], ...)
/// and given back with every key in the format's order; or, when it is not one, the key
/// path and what is wrong there (an unknown key, a value of the wrong type).
pub fn canonical<T: Serialize + DeserializeOwned>(
    doc: &serde_yaml::Mapping,
) -> Result<serde_yaml::Mapping, String> {
    let typed: T = serde_path_to_error::deserialize(Value::Mapping(doc.clone())).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            inner.to_string()
        } else {
            format!("{path}: {inner}")
        }
    })?;
    match serde_yaml::to_value(typed) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(_) => Err("a section of the format is written as a mapping".to_owned()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_yaml::Mapping;

    #[test]
    fn keys_follow_the_field_order_and_the_spelling_of_the_format() {
        assert_eq!(keys::<Document>(), ["service", "operations", "schemas"]);
        assert_eq!(
            keys::<Parameter>(),
            [
                "name",
                "in",
                "type",
                "ref",
                "items",
                "values",
                "required",
                "sensitive",
                "rust_name",
                "description",
                "range"
            ]
        );
        assert_eq!(keys::<Schema>().last(), Some(&"enum"));
    }

    #[test]
    fn canonical_orders_keys_and_keeps_entries_and_their_keys() {
        let text = "operations:\n  B:\n    path: /b\n    method: GET\n    responses:\n      200: { body: { description: x, ref: R } }\n      404:\n  A:\n    method: GET\n    group: a\nschemas:\n  R:\n    properties:\n      z: { description: z, type: string }\n      a: { type: string, nullable: true, required: true }\n    type: object\n";
        let doc: Mapping = serde_yaml::from_str(text).unwrap();
        let out = canonical::<Document>(&doc).unwrap();
        assert_eq!(out, doc, "the same document, keys aside");
        let written = serde_yaml::to_string(&out).unwrap();
        assert_eq!(
            written,
            "operations:\n  B:\n    method: GET\n    path: /b\n    responses:\n      200:\n        body:\n          ref: R\n          description: x\n      404: null\n  A:\n    group: a\n    method: GET\nschemas:\n  R:\n    type: object\n    properties:\n      z:\n        type: string\n        description: z\n      a:\n        type: string\n        required: true\n        nullable: true\n"
        );
    }

    #[test]
    fn what_is_not_the_format_is_named_with_its_place() {
        let doc: Mapping =
            serde_yaml::from_str("operations:\n  A:\n    method: GET\n    paramters: []\n")
                .unwrap();
        let e = canonical::<Document>(&doc).unwrap_err();
        assert!(
            e.starts_with("operations.A.paramters: unknown field `paramters`"),
            "{e}"
        );
        let doc: Mapping =
            serde_yaml::from_str("schemas:\n  S:\n    properties:\n      a: { required: yes }\n")
                .unwrap();
        let e = canonical::<Document>(&doc).unwrap_err();
        assert!(
            e.starts_with("schemas.S.properties.a.required: invalid type"),
            "{e}"
        );
    }
}
