//! Pieces of spec YAML the importer builds: types, properties and the schemas of a page.

use serde_yaml::Mapping;

use crate::parse::document::Type;

/// A resolved type, written as `type`/`ref`/`items`/`values` keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SpecType {
    /// A built-in type name: `string`, `int32`, ..., `any`.
    Builtin(&'static str),
    /// `type: array` with `items`.
    Array(Box<SpecType>),
    /// `type: map` with `values`.
    Map(Box<SpecType>),
    /// `ref: Name`.
    Ref(String),
}

impl SpecType {
    /// The type as the format's typed section.
    pub fn typed(&self) -> Type {
        match self {
            SpecType::Builtin(b) => Type::builtin(b),
            SpecType::Array(inner) => Type::array(inner.typed()),
            SpecType::Map(inner) => Type::map(inner.typed()),
            SpecType::Ref(name) => Type::reference(name),
        }
    }
}

/// How the name of an imported schema was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaOrigin {
    /// The page names it (`RepositoryBuildVO object` and its table).
    Page,
    /// Named by the importer's rule (`<Id>Response`, `<Id>RequestBody`, inferred objects):
    /// a merge keeps the name the spec already uses at the same place.
    Rule,
}

/// A schema built from a page.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedSchema {
    /// Its name under `schemas`.
    pub name: String,
    /// The schema's YAML.
    pub value: Mapping,
    /// Who chose the name.
    pub origin: SchemaOrigin,
    /// Whether the page's table says which fields are required (a Mandatory column);
    /// response tables do not, so a merge keeps `required` flags written by hand.
    pub states_required: bool,
}

impl ImportedSchema {
    /// Whether the schema was typed from an example (`inferred: example`).
    pub fn is_inferred(&self) -> bool {
        self.value.contains_key("inferred")
    }
}

/// The schemas one page defines, in the order they were made.
#[derive(Debug, Default)]
pub(crate) struct Schemas {
    pub list: Vec<ImportedSchema>,
}

impl Schemas {
    /// Whether a schema of this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.list.iter().any(|s| s.name == name)
    }

    /// A free name: `wanted`, or `wanted2`, `wanted3`, ... when it is taken.
    pub fn free_name(&self, wanted: &str) -> String {
        if !self.has(wanted) {
            return wanted.to_owned();
        }
        (2..)
            .map(|n| format!("{wanted}{n}"))
            .find(|n| !self.has(n))
            .unwrap_or_else(|| wanted.to_owned())
    }

    /// Reserves a name before the schema is built (so that recursion finds it).
    pub fn reserve(&mut self, schema: ImportedSchema) -> usize {
        self.list.push(schema);
        self.list.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_become_spec_keys() {
        let t = SpecType::Array(Box::new(SpecType::Ref("Item".into())));
        let text = serde_yaml::to_string(&crate::parse::document::mapping(&t.typed())).unwrap();
        assert_eq!(text, "type: array\nitems:\n  ref: Item\n");
    }

    #[test]
    fn free_names_get_a_number() {
        let mut s = Schemas::default();
        let schema = |name: &str| ImportedSchema {
            name: name.into(),
            value: Mapping::new(),
            origin: SchemaOrigin::Rule,
            states_required: false,
        };
        s.reserve(schema("A"));
        s.reserve(schema("A2"));
        assert_eq!(s.free_name("A"), "A3");
        assert_eq!(s.free_name("B"), "B");
    }
}
