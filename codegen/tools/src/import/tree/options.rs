//! What a tree import takes besides the pages: an official SDK's facts, the existing spec
//! it imports into, and the fixes a person made to the docs.

use serde_yaml::Value;

use super::facts::SdkFacts;
use super::fixes::Fixes;
use super::ids::Existing;
use crate::error::Error;

/// Options of [`super::import_tree_with`]. The default imports the pages alone.
#[derive(Debug, Clone, Default)]
pub struct TreeOptions {
    /// The official SDK's facts: its operation names and body types.
    pub sdk: Option<SdkFacts>,
    /// The spec the tree is imported into (its file name and its parsed YAML): its
    /// operation ids, schema names and groups are kept.
    existing: Option<(String, Value)>,
    /// Corrections to the docs, applied after every import.
    pub fixes: Option<Fixes>,
}

impl TreeOptions {
    /// Options with the SDK's facts.
    pub fn with_sdk(mut self, facts: SdkFacts) -> Self {
        self.sdk = Some(facts);
        self
    }

    /// Options with fixes.
    pub fn with_fixes(mut self, fixes: Fixes) -> Self {
        self.fixes = Some(fixes);
        self
    }

    /// Options importing into the spec `text` (named `name` in messages). A spec that is not
    /// YAML, or has no `operations` mapping, is an error saying so.
    pub fn into_spec(mut self, name: &str, text: &str) -> Result<Self, Error> {
        let value: Value = serde_yaml::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            Error::Config {
                message: format!("{name}{at}: the spec to import into is not YAML: {e}"),
            }
        })?;
        if !value.get("operations").is_some_and(Value::is_mapping) {
            return Err(Error::Config {
                message: format!(
                    "{name}: the spec to import into has no `operations` mapping: give a spec an import made"
                ),
            });
        }
        self.existing = Some((name.to_owned(), value));
        Ok(self)
    }

    /// The spec imported into, if any.
    pub(crate) fn existing(&self) -> Option<&Value> {
        self.existing.as_ref().map(|(_, v)| v)
    }

    /// The operations of the spec imported into.
    pub(crate) fn existing_operations(&self) -> Vec<Existing> {
        let Some(ops) = self
            .existing()
            .and_then(|v| v.get("operations"))
            .and_then(Value::as_mapping)
        else {
            return Vec::new();
        };
        ops.iter()
            .filter_map(|(id, op)| {
                let get = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
                Some(Existing {
                    id: id.as_str()?.to_owned(),
                    method: get("method"),
                    path: get("path"),
                    summary: get("summary"),
                })
            })
            .collect()
    }
}
