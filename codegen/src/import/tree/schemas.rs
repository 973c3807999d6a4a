//! The schemas of a whole tree, shared by structure.
//!
//! Two tables describe the same object when they list the same fields, in the same order,
//! with the same types and the same `required` flags; descriptions do not count. Such
//! tables make one schema, named by the first page (in file order) that documents it. A
//! name already taken by a different object is tried with `Option` after it (request
//! objects: `Vpc` → `VpcOption` → `CreateVpcVpcOption`) or the operation id in front
//! (response objects: `Vpc` → `ShowVpcVpc`), then a number.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::{Mapping, Value};

/// Schemas by name, and the names by structure.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    schemas: BTreeMap<String, Mapping>,
    order: Vec<String>,
    by_shape: HashMap<String, String>,
    /// How many tables were folded into a schema made from an earlier table.
    pub shared: usize,
}

/// The schema without descriptions, as text: what two tables must agree on to be one.
pub(crate) fn shape(schema: &Mapping) -> String {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Mapping(m) => Value::Mapping(
                m.iter()
                    .filter(|(k, _)| k.as_str() != Some("description"))
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Sequence(s) => Value::Sequence(s.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&strip(&Value::Mapping(schema.clone()))).unwrap_or_default()
}

impl Registry {
    /// The name of `schema`: an existing schema of the same shape, else a new one named
    /// by the first free name of `names` (or the last with a number).
    pub fn intern_with(&mut self, names: &[String], schema: Mapping) -> String {
        let key = shape(&schema);
        if let Some(name) = self.by_shape.get(&key) {
            self.shared += 1;
            return name.clone();
        }
        let name = match names.iter().find(|n| !self.schemas.contains_key(n.as_str())) {
            Some(n) => n.clone(),
            None => self.free(names.last().map_or("Object", String::as_str), ""),
        };
        self.insert(name.clone(), schema);
        self.by_shape.insert(key, name.clone());
        name
    }

    /// Adds a schema under a fixed name (an operation's request or response body), or a
    /// numbered variant when the name is taken.
    pub fn fixed(&mut self, name: &str, schema: Mapping) -> String {
        let name = self.free(name, "");
        self.insert(name.clone(), schema);
        name
    }

    fn free(&self, candidate: &str, prefix: &str) -> String {
        if !self.schemas.contains_key(candidate) {
            return candidate.to_owned();
        }
        let prefixed = format!("{prefix}{candidate}");
        (2..)
            .map(|n| format!("{prefixed}{n}"))
            .find(|n| !self.schemas.contains_key(n))
            .unwrap_or(prefixed)
    }

    fn insert(&mut self, name: String, schema: Mapping) {
        self.order.push(name.clone());
        self.schemas.insert(name, schema);
    }

    /// Number of schemas.
    pub fn len(&self) -> usize {
        self.schemas.len()
    }

    /// The schemas, sorted by name.
    pub fn into_mapping(self) -> Mapping {
        self.schemas
            .into_iter()
            .map(|(k, v)| (Value::String(k), Value::Mapping(v)))
            .collect()
    }
}
