//! Imports API reference pages into the spec format: [`import_pages`] the pages a person
//! names (`import PAGE...`, their text form), [`tree`] a whole reference tree
//! (`import DIR --service`); [`merge`] merges either into an existing spec.
//!
//! One importer: the pages of `import PAGE...` are read by the tree's text-form reader and
//! imported by the tree builder as one tree of those pages, by the tree's rules (see
//! [`tree`]): a page gives one operation, its title `summary`, Function `description`, the
//! URI line `method` and `path`, the tables `parameters`, `body`, `responses`,
//! `permissions` and `errors`, the examples `examples`; objects no table describes are
//! typed from the examples (`inferred: example`). What the page import adds:
//!
//! - **Operation id**: `--id page=Id` when given; else the SDK samples' request class
//!   (`ResetUserPasswordRequest` → `ResetUserPassword`), which every official SDK names
//!   after the operation; else, with a target spec, the id of its operation with the same
//!   method and path (a warning says so); else an error. Titles are never turned into ids
//!   for pages a person names (`Resetting a User Password` does not say
//!   `ResetUserPassword` reliably), unlike a tree's pages, which need one each.
//! - **Schema names** are the tree's: the operation's bodies `<Id>RequestBody` and
//!   `<Id>Response`, objects named after their field (`result` → `Result`), value lists
//!   after theirs (`x-language` → `XLanguage`), named apart by resource when several
//!   pages' objects share a name. A merge replaces names the importer chose with the names
//!   the spec gives the same places (see [`merge`]).
//! - **Conventions** are the tree's too: a path parameter carries no `required` (it always
//!   is), a body is `required` when one of its fields is; error statuses are listed with
//!   their descriptions but without bodies, and example responses are kept for the success
//!   status only (the client never decodes an error body into a type: errors are
//!   `Error::Service`, so types for them would be dead generated code); value lists in
//!   descriptions are open enums, `null` in an example makes a field `nullable`, a list
//!   with `limit` and `offset`/`marker` gets `pagination`.
//! - **Pages disagree**: two pages with the same operation id, or with an object table of
//!   the same caption and different rows, are an error on the second.
//! - **Strictness**: the page import is [`Strictness::Strict`] unless told otherwise
//!   ([`ImportOptions::strictness`]): what the tree builder cannot read (a malformed table,
//!   an example that is not JSON, an object no table or example describes) is an error at
//!   `page:line:column`, and nothing is imported; text it skips or guesses at is a warning.
//!   Lenient, those errors are warnings, a page that gives no operation is skipped with a
//!   warning, and the import fails only when no page gives one. Either way an example
//!   `check` rejects is dropped with a warning (as in a tree), and a page that no longer
//!   shows examples of a kind does not state them ([`States`]). The tree import is lenient
//!   unless told otherwise, and reports the same two kinds as [`Warning`]s ([`Kind`]).

mod json;
mod merge;
mod pages;
mod refs;
mod splice;
pub mod tree;
mod warning;
pub mod yaml;

use std::collections::BTreeMap;

use serde_yaml::{Mapping, Value};

pub use merge::{Incoming, MergeNote, Merged, merge};
pub use pages::import_pages;
pub use warning::{Kind, Strictness, Warning, located};

use crate::diagnostics::FileDiagnostics;
use crate::error::Error;

/// A page to import: a name for messages (usually its file name) and its text.
#[derive(Debug, Clone)]
pub struct PageText {
    /// Shown in diagnostics, and the key of [`ImportOptions::ids`].
    pub name: String,
    /// The page's text.
    pub text: String,
}

/// An operation a target spec already has, for naming pages without SDK samples.
#[derive(Debug, Clone)]
pub struct KnownOperation {
    /// Operation id.
    pub id: String,
    /// HTTP method, e.g. `GET`.
    pub method: String,
    /// URI template.
    pub path: String,
}

/// What the importer is told besides the pages.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Operation ids by page name, for pages whose id cannot be read from the page.
    pub ids: BTreeMap<String, String>,
    /// The target spec's operations.
    pub known: Vec<KnownOperation>,
    /// What a part of a page the importer cannot read does: [`Strictness::Strict`] (the
    /// default for pages) fails the import; [`Strictness::Lenient`] imports the rest of the
    /// page with a warning at that line, and skips, with a warning, a page that gives no
    /// operation.
    pub strictness: Strictness,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            ids: BTreeMap::new(),
            known: Vec::new(),
            strictness: Strictness::Strict,
        }
    }
}

impl ImportOptions {
    /// Options knowing the operations of a spec document (for id fallback by method+path).
    pub fn knowing(spec: &Value) -> Self {
        let known = spec
            .get("operations")
            .and_then(Value::as_mapping)
            .into_iter()
            .flatten()
            .filter_map(|(id, op)| {
                Some(KnownOperation {
                    id: id.as_str()?.to_owned(),
                    method: op.get("method")?.as_str()?.to_owned(),
                    path: op.get("path")?.as_str()?.to_owned(),
                })
            })
            .collect();
        Self {
            known,
            ..Self::default()
        }
    }
}

/// How the name of an imported schema was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaOrigin {
    /// The page names it: one of its object tables has this caption.
    Page,
    /// Named by the importer's rule (`<Id>Response`, `<Id>RequestBody`, an object named
    /// after its field or resource): a merge keeps the name the spec already uses at the
    /// same place.
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
    /// Whether the page's tables say which fields are required: the request reaches it
    /// (request tables have a Mandatory column) and it is not typed from an example;
    /// response tables do not, so a merge keeps `required` flags written by hand.
    pub states_required: bool,
}

impl ImportedSchema {
    /// Whether the schema was typed from an example (`inferred: example`).
    pub fn is_inferred(&self) -> bool {
        self.value.contains_key("inferred")
    }
}

/// Which parts of an operation a page states. A merge replaces those and keeps the spec's
/// own version of the others.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct States {
    /// `description` (a Function section).
    pub description: bool,
    /// `parameters` (a Request Parameters section or parameter tables).
    pub parameters: bool,
    /// `body` (a Request Parameters section).
    pub body: bool,
    /// `permissions` (an Authorization Information section).
    pub permissions: bool,
    /// Response bodies and headers (a Response Parameters section).
    pub response_bodies: bool,
    /// `errors` (an Error Codes table).
    pub errors: bool,
    /// `examples.requests` (an Example Requests section).
    pub example_requests: bool,
    /// `examples.responses` (an Example Responses section).
    pub example_responses: bool,
}

/// One operation read from a page.
#[derive(Debug, Clone)]
pub struct ImportedOperation {
    /// The operation id.
    pub id: String,
    /// The page it comes from.
    pub page: String,
    /// The operation's YAML, keys in spec order.
    pub operation: Mapping,
    /// The schemas it uses, in the order they were made.
    pub schemas: Vec<ImportedSchema>,
    /// What the page states.
    pub states: States,
}

/// The operations of all pages, and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// One per page, in page order.
    pub operations: Vec<ImportedOperation>,
    /// Per page with warnings: what was skipped or could not be told.
    pub warnings: Vec<FileDiagnostics>,
}

impl Imported {
    /// The operations and schemas as a spec fragment: `operations:` and `schemas:`, in
    /// page order, each schema once.
    pub fn document(&self) -> Mapping {
        let mut operations = Mapping::new();
        let mut schemas = Mapping::new();
        for op in &self.operations {
            operations.insert(op.id.as_str().into(), Value::Mapping(op.operation.clone()));
            for s in &op.schemas {
                if !schemas.contains_key(s.name.as_str()) {
                    schemas.insert(s.name.as_str().into(), Value::Mapping(s.value.clone()));
                }
            }
        }
        let mut doc = Mapping::new();
        doc.insert("operations".into(), Value::Mapping(operations));
        if !schemas.is_empty() {
            doc.insert("schemas".into(), Value::Mapping(schemas));
        }
        doc
    }

    /// [`Imported::document`] as YAML, with a comment saying where it comes from.
    pub fn to_yaml(&self) -> Result<String, Error> {
        let body = yaml::spec(&self.document()).map_err(|e| Error::Internal {
            message: format!("the imported operations are not a spec: {e}"),
        })?;
        let pages: Vec<&str> = self.operations.iter().map(|o| o.page.as_str()).collect();
        Ok(format!(
            "# Imported by `hwcloud-codegen import` from {}.\n# Review it, then merge it with `--into spec/<service>.yaml`.\n{body}",
            pages.join(", ")
        ))
    }
}

impl Imported {
    /// Checks the imported operations as `hwcloud-codegen check` would, inside a spec with
    /// a stand-in `service` section (a fragment has none): an example that does not match
    /// its table, for instance, shows up here.
    pub fn validate(&self) -> Result<FileDiagnostics, Error> {
        let body = yaml::spec(&self.document()).map_err(|e| Error::Internal {
            message: format!("the imported operations are not a spec: {e}"),
        })?;
        let text = format!("service:\n  name: Imported\n  module: imported\n\n{body}");
        let mut report = crate::check("(imported operations)", &text);
        // Problems of the stand-in `service` section are not the pages' problems.
        report.diagnostics.retain(|d| {
            d.path.segments().first()
                != Some(&crate::diagnostics::Segment::Key("service".to_owned()))
        });
        Ok(report)
    }
}
