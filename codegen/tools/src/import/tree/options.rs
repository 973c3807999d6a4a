//! What a tree import takes besides the pages: an official SDK's facts, the existing spec
//! it imports into, the fixes a person made to the docs, the ids a person gives pages, and
//! how strictly unreadable text is taken.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::facts::SdkFacts;
use super::fixes::Fixes;
use super::ids::Existing;
use super::pages::TreePage;
use crate::error::Error;
use crate::import::warning::Strictness;

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
    /// Operation ids a person gives, by page path (relative to the tree): they win over
    /// every other name (see [`TreeOptions::with_ids`]).
    pub ids: BTreeMap<String, String>,
    /// What a page's unreadable text does: a warning (the default) or, strict, an error
    /// that fails the import ([`super::TreeImport::problem`]).
    pub strictness: Strictness,
    /// The page import's tree: its pages are in the text form whatever their names (named
    /// as the user gave them), and the service section, which the page import does not
    /// write, is not looked for.
    pub(crate) page_import: bool,
}

impl TreeOptions {
    /// Options with the SDK's facts.
    pub fn with_sdk(mut self, facts: SdkFacts) -> Self {
        self.sdk = Some(facts);
        self
    }

    /// Options taking unreadable text as `strictness` says.
    pub fn with_strictness(mut self, strictness: Strictness) -> Self {
        self.strictness = strictness;
        self
    }

    /// Options with fixes.
    pub fn with_fixes(mut self, fixes: Fixes) -> Self {
        self.fixes = Some(fixes);
        self
    }

    /// Options giving pages their operation ids (`--id page=Id`): each `page` is a page's
    /// path relative to the tree, or a file name only one page of the tree has. A page that
    /// is not in the tree, a file name several pages have, a page given two ids, an id given
    /// to two pages, or an id that is not an identifier is an error saying which.
    pub fn with_ids(
        mut self,
        pages: &[TreePage],
        given: &[(String, String)],
    ) -> Result<Self, Error> {
        let fail = |message: String| Err(Error::Config { message });
        for (page, id) in given {
            let at = format!("`--id {page}={id}`");
            let mut chars = id.chars();
            if !chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return fail(format!(
                    "{at}: an operation id is a letter followed by letters, digits and `_` (e.g. `ListVpcs`)"
                ));
            }
            let found: Vec<&TreePage> = match pages.iter().find(|p| p.path == *page) {
                Some(p) => vec![p],
                None => pages
                    .iter()
                    .filter(|p| p.path.rsplit('/').next() == Some(page.as_str()))
                    .collect(),
            };
            let path = match found.as_slice() {
                [p] => p.path.clone(),
                [] => return fail(format!("{at}: the tree has no page `{page}`")),
                many => {
                    let paths: Vec<&str> = many.iter().take(3).map(|p| p.path.as_str()).collect();
                    return fail(format!(
                        "{at}: {} pages of the tree are called `{page}` ({}, ...): give the path relative to the tree",
                        many.len(),
                        paths.join(", ")
                    ));
                }
            };
            if let Some(other) = self.ids.get(&path).filter(|other| *other != id) {
                return fail(format!("{at}: `{path}` is already given the id `{other}`"));
            }
            if let Some((other, _)) = self.ids.iter().find(|(p, i)| *i == id && **p != path) {
                return fail(format!("{at}: `{id}` is already given to `{other}`"));
            }
            self.ids.insert(path, id.clone());
        }
        Ok(self)
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
