//! The schemas of a whole tree, shared by structure.
//!
//! Two tables describe the same object when they list the same fields, in the same order,
//! with the same types and the same `required` flags; descriptions do not count. Such
//! tables make one schema, named by the first page (in file order) that documents it. A
//! name already taken by a different object gets the operation id in front (`Vpc` →
//! `CreateVpcVpc`), then a number (`CreateVpcVpc2`).

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
    /// `candidate` (or `prefix` + `candidate`, or with a number).
    pub fn intern(&mut self, candidate: &str, prefix: &str, schema: Mapping) -> String {
        let key = shape(&schema);
        if let Some(name) = self.by_shape.get(&key) {
            self.shared += 1;
            return name.clone();
        }
        let name = self.free(candidate, prefix);
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
        if !prefix.is_empty() && !self.schemas.contains_key(&prefixed) {
            return prefixed;
        }
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

    /// Removes a schema (of an operation that was dropped).
    pub fn remove(&mut self, name: &str) {
        self.schemas.remove(name);
        self.order.retain(|n| n != name);
        self.by_shape.retain(|_, n| n != name);
    }

    /// The schemas, sorted by name.
    pub fn into_mapping(self) -> Mapping {
        self.schemas
            .into_iter()
            .map(|(k, v)| (Value::String(k), Value::Mapping(v)))
            .collect()
    }
}
