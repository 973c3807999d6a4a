//! Merging an import into a service spec: the operations of pages (`import PAGE... --into`),
//! or a whole service as a tree import makes it (`import DIR --service NAME --into`, see
//! [`service`]). Both end the same way: the file is rewritten entry by entry (see `splice`),
//! so that unchanged operations and schemas keep their text and comments, and a merged one is
//! written with its keys in the format's order (`parse::document`); the notes say what
//! changed.
//!
//! Pages:
//!
//! - An imported operation replaces the operation of the same id; other operations stay
//!   as they are.
//! - What the page does not state is kept from the spec: `pagination`, `deprecated`, a
//!   parameter's `rust_name`, and whole parts the page lacks (no Authorization section:
//!   the spec's `permissions` stay; no Response Parameters: the spec's response bodies).
//! - A schema the importer named by its rule (`<Id>Response`, an object named after its
//!   field, an enum) takes the name the spec uses at the same place (`result: { ref:
//!   MavenRepoUser }`), so hand-chosen names survive a re-import.
//! - A path parameter is always required: the spec's `required: true` on one is the
//!   import's absence of it, and stays as written.
//! - A schema the spec wrote by hand is not replaced by one inferred from an example.
//! - Imported schemas keep the spec's schema `description`/`range`/`rust_name` and,
//!   per field, `rust_name`, `nullable`, docs the page lacks, and `required` when the
//!   page's table has no Mandatory column (response tables).
//! - A schema whose fields or types change while other operations use it too is
//!   reported with a warning naming them: a merge never retypes a shared schema silently.
//! - Schemas that only the replaced operation used and that nothing uses any more are
//!   removed.

mod service;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_yaml::{Mapping, Value};

use super::refs::{reachable, refs_of, rename_refs_in_mapping, renames};
use super::tree::TreeImport;
use super::{Imported, ImportedOperation, ImportedSchema, States, splice, yaml};
use crate::document::canonical;
use crate::error::Error;
use crate::parse::document::{Operation, Schema};

/// Something the merge did that the user should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeNote {
    /// Whether it may need the user's attention.
    pub warning: bool,
    /// What happened.
    pub message: String,
}

impl MergeNote {
    fn note(message: String) -> Self {
        Self {
            warning: false,
            message,
        }
    }

    fn warning(message: String) -> Self {
        Self {
            warning: true,
            message,
        }
    }
}

/// `note: ...` or `warning: ...`, as the CLI prints it.
impl fmt::Display for MergeNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.warning { "warning" } else { "note" };
        write!(f, "{level}: {}", self.message)
    }
}

/// The merged spec.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The new text of the spec file.
    pub text: String,
    /// What changed, per operation and schema.
    pub notes: Vec<MergeNote>,
}

/// What [`merge`] merges into a spec.
#[derive(Debug, Clone, Copy)]
pub enum Incoming<'a> {
    /// Operations read from pages: each replaces what its page states of the operation of
    /// the same id; every other operation stays.
    Pages(&'a Imported),
    /// A whole service, as a tree import made it (imported with
    /// [`super::tree::TreeOptions::into_spec`] of the same spec, so that its ids and names
    /// are the spec's). It states every operation and schema it documents: the spec keeps
    /// only what no import writes (`rust_name`, `sensitive` and `range`, a body's
    /// `content_type`) and its `service` section; an operation the tree does not
    /// document stays, with a warning; a schema nothing uses any more goes, with a warning
    /// (docs/spec-format.md, "Importing into an existing spec").
    Tree(&'a TreeImport),
}

impl<'a> From<&'a Imported> for Incoming<'a> {
    fn from(imported: &'a Imported) -> Self {
        Incoming::Pages(imported)
    }
}

impl<'a> From<&'a TreeImport> for Incoming<'a> {
    fn from(imported: &'a TreeImport) -> Self {
        Incoming::Tree(imported)
    }
}

/// Merges `incoming` (an [`Imported`] or a [`TreeImport`]) into the spec `text` (named
/// `name` in messages).
pub fn merge<'a>(
    name: &str,
    text: &str,
    incoming: impl Into<Incoming<'a>>,
) -> Result<Merged, Error> {
    let old = match serde_yaml::from_str::<Value>(text) {
        Ok(Value::Mapping(m)) => m,
        Ok(_) => {
            return Err(Error::Config {
                message: format!("{name} is not a spec: its top level is not a mapping"),
            });
        }
        Err(_) => return Err(Error::Spec(vec![crate::check(name, text)])),
    };
    let mut new = old.clone();
    let mut notes = Vec::new();
    match incoming.into() {
        Incoming::Pages(imported) => {
            for op in &imported.operations {
                merge_operation(&mut new, op, &mut notes).map_err(|message| Error::Config {
                    message: format!("{name}: cannot merge `{}` into it: {message}", op.id),
                })?;
            }
            remove_orphans(&old, &mut new, &mut notes);
        }
        Incoming::Tree(tree) => {
            service::merge_tree(&mut new, tree, &mut notes).map_err(|message| Error::Config {
                message: format!("{name}: cannot merge the tree into it: {message}"),
            })?;
        }
    }
    let text = match splice::splice(text, &old, &new) {
        Some(t) => t,
        None => {
            notes.push(MergeNote::warning(format!(
                "could not keep the layout of {name}: it is rewritten as a whole (comments are lost)"
            )));
            yaml::document(&new).ok_or_else(|| Error::Internal {
                message: "the merged spec does not survive a YAML round trip".to_owned(),
            })?
        }
    };
    Ok(Merged { text, notes })
}

/// How much of an operation an import states: a merge keeps the spec's version of the rest.
#[derive(Debug, Clone, Copy)]
enum Stated {
    /// What its page has.
    Page(States),
    /// Everything an import writes (a tree documents the whole service): the spec keeps
    /// only the keys no import writes ([`service`]).
    All,
}

/// Keys of a schema the spec keeps where a page's version lacks them.
const PAGE_SCHEMA_KEYS: &[&str] = &["description", "range", "rust_name"];

/// Keys of a schema's property the spec keeps where a page's version lacks them; `required`
/// too when the page's table has no Mandatory column.
fn page_property_keys(states_required: bool) -> &'static [&'static str] {
    if states_required {
        &["rust_name", "nullable", "description", "range"]
    } else {
        &["rust_name", "nullable", "description", "range", "required"]
    }
}

/// Inserts each of `keys` that `to` lacks and `from` has.
fn copy_missing(to: &mut Mapping, from: &Mapping, keys: &[&str]) {
    for key in keys {
        if !to.contains_key(*key)
            && let Some(v) = from.get(*key)
        {
            to.insert((*key).into(), v.clone());
        }
    }
}

/// Changes the mapping under `key` (made a mapping if it is missing or not one).
fn with_section(doc: &mut Mapping, key: &str, f: impl FnOnce(&mut Mapping)) {
    let mut m = match doc.get(key) {
        Some(Value::Mapping(m)) => m.clone(),
        _ => Mapping::new(),
    };
    f(&mut m);
    doc.insert(key.into(), Value::Mapping(m));
}

/// Merges one operation; an error names what in the spec (or the import) is not the
/// format.
fn merge_operation(
    doc: &mut Mapping,
    op: &ImportedOperation,
    notes: &mut Vec<MergeNote>,
) -> Result<(), String> {
    let old_op = doc
        .get("operations")
        .and_then(|o| o.get(op.id.as_str()))
        .and_then(Value::as_mapping)
        .cloned();
    let existing_schemas = doc
        .get("schemas")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let renames = renames(old_op.as_ref(), op, &existing_schemas);
    let mut imported_op = op.operation.clone();
    rename_refs_in_mapping(&mut imported_op, &renames);
    let schemas: Vec<ImportedSchema> = op
        .schemas
        .iter()
        .map(|s| {
            let mut s = s.clone();
            if let Some(n) = renames.get(&s.name) {
                notes.push(MergeNote {
                    warning: false,
                    message: format!("schema `{}` keeps the spec's name `{n}`", s.name),
                });
                s.name = n.clone();
            }
            rename_refs_in_mapping(&mut s.value, &renames);
            s
        })
        .collect();
    let merged_op = match &old_op {
        Some(old) => combine_operation(old, &imported_op, Stated::Page(op.states)),
        None => imported_op,
    };
    let merged_op =
        canonical::<Operation>(&merged_op).map_err(|e| format!("operations.{}.{e}", op.id))?;
    for (other, value) in doc
        .get("operations")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
    {
        let same = |k: &str| value.get(k) == merged_op.get(k);
        if other.as_str() != Some(op.id.as_str()) && same("method") && same("path") {
            notes.push(MergeNote {
                warning: true,
                message: format!(
                    "`{}` has the same method and path as `{}` in the spec: if the operation was renamed, remove `{}`",
                    op.id,
                    other.as_str().unwrap_or_default(),
                    other.as_str().unwrap_or_default()
                ),
            });
        }
    }
    let state = match &old_op {
        None => "added",
        Some(old) if *old == merged_op => "unchanged",
        Some(_) => "replaced",
    };
    notes.push(MergeNote {
        warning: false,
        message: format!("operation `{}` {state} (from {})", op.id, op.page),
    });
    let refs = refs_of(&Value::Mapping(merged_op.clone()));
    with_section(doc, "operations", |ops| {
        put(ops, &op.id, Value::Mapping(merged_op))
    });
    write_schemas(doc, &schemas, refs, &op.id, notes)
}

/// The operations other than `except` that reach schema `name`.
fn users_of(doc: &Mapping, name: &str, except: &str) -> Vec<String> {
    let ops = doc.get("operations").and_then(Value::as_mapping);
    ops.into_iter()
        .flatten()
        .filter(|(id, _)| id.as_str() != Some(except))
        .filter(|(id, op)| {
            let mut one = Mapping::new();
            let mut only = Mapping::new();
            only.insert((*id).clone(), (*op).clone());
            one.insert("operations".into(), Value::Mapping(only));
            if let Some(s) = doc.get("schemas") {
                one.insert("schemas".into(), s.clone());
            }
            reachable(&one).contains(name)
        })
        .filter_map(|(id, _)| id.as_str().map(str::to_owned))
        .collect()
}

/// A schema without its descriptions: what the generated types depend on.
fn types_only(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), Some("description" | "range")))
                .map(|(k, v)| (k.clone(), types_only(v)))
                .collect(),
        ),
        Value::Sequence(s) => Value::Sequence(s.iter().map(types_only).collect()),
        other => other.clone(),
    }
}

/// Writes the imported schemas the operation reaches, merged with the spec's versions.
fn write_schemas(
    doc: &mut Mapping,
    schemas: &[ImportedSchema],
    refs: BTreeSet<String>,
    op_id: &str,
    notes: &mut Vec<MergeNote>,
) -> Result<(), String> {
    let by_name: BTreeMap<&str, &ImportedSchema> =
        schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut todo: Vec<String> = refs.into_iter().collect();
    let mut done = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        let Some(imported) = by_name.get(name.as_str()) else {
            continue;
        };
        let existing = doc
            .get("schemas")
            .and_then(|s| s.get(name.as_str()))
            .and_then(Value::as_mapping)
            .cloned();
        if let Some(e) = &existing
            && imported.is_inferred()
            && !e.contains_key("inferred")
        {
            notes.push(MergeNote {
                warning: false,
                message: format!(
                    "schema `{name}` kept: the spec describes it by hand, the page only by example"
                ),
            });
            continue;
        }
        let merged = match &existing {
            Some(e) => combine_schema(
                e,
                &imported.value,
                PAGE_SCHEMA_KEYS,
                page_property_keys(imported.states_required),
            ),
            None => imported.value.clone(),
        };
        let merged = canonical::<Schema>(&merged).map_err(|e| format!("schemas.{name}.{e}"))?;
        let state = match &existing {
            None => "added",
            Some(e) if *e == merged => "unchanged",
            Some(_) => "replaced",
        };
        let retyped = existing.as_ref().is_some_and(|e| {
            types_only(&Value::Mapping(e.clone())) != types_only(&Value::Mapping(merged.clone()))
        });
        let users = if retyped {
            users_of(doc, &name, op_id)
        } else {
            Vec::new()
        };
        if users.is_empty() {
            notes.push(MergeNote {
                warning: false,
                message: format!("schema `{name}` {state}"),
            });
        } else {
            notes.push(MergeNote {
                warning: true,
                message: format!(
                    "schema `{name}` is retyped by `{op_id}`, and {} use it too: check that the new fields and types suit them",
                    users.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        todo.extend(refs_of(&Value::Mapping(merged.clone())));
        with_section(doc, "schemas", |s| put(s, &name, Value::Mapping(merged)));
    }
    Ok(())
}

/// Replaces `key`'s value in place, or inserts it: at its sorted place when the keys are
/// sorted, else at the end.
fn put(map: &mut Mapping, key: &str, value: Value) {
    if let Some(slot) = map.get_mut(key) {
        *slot = value;
        return;
    }
    let keys: Vec<&str> = map.keys().filter_map(Value::as_str).collect();
    let sorted = keys.len() == map.len() && keys.windows(2).all(|w| w[0] <= w[1]);
    if !sorted {
        map.insert(key.into(), value);
        return;
    }
    let at = keys.iter().position(|k| *k > key).unwrap_or(keys.len());
    let mut out = Mapping::new();
    for (i, (k, v)) in std::mem::take(map).into_iter().enumerate() {
        if i == at {
            out.insert(key.into(), value.clone());
        }
        out.insert(k, v);
    }
    if at == out.len() {
        out.insert(key.into(), value);
    }
    *map = out;
}

/// The operation as the import gives it, plus what the spec has that the import does not
/// state.
fn combine_operation(old: &Mapping, new: &Mapping, stated: Stated) -> Mapping {
    let mut out = new.clone();
    if let Stated::Page(s) = stated {
        for (key, value) in old {
            let Some(k) = key.as_str() else { continue };
            let keep = match k {
                "summary" | "method" | "path" | "responses" => false,
                "description" => !s.description,
                "parameters" => !s.parameters,
                "body" => !s.body,
                "permissions" => !s.permissions,
                "errors" => !s.errors,
                "examples" => false,
                _ => true,
            };
            if keep {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let parameter_keys: &[&str] = match stated {
        Stated::Page(s) if s.parameters => &["rust_name"],
        Stated::Page(_) => &[],
        Stated::All => service::OWN_PARAMETER_KEYS,
    };
    if let (Some(Value::Sequence(new_params)), Some(Value::Sequence(old_params))) =
        (out.get_mut("parameters"), old.get("parameters"))
    {
        for p in new_params.iter_mut().filter_map(Value::as_mapping_mut) {
            let same = old_params
                .iter()
                .find(|o| o.get("name") == p.get("name") && o.get("in") == p.get("in"));
            if let Some(Value::Mapping(o)) = same {
                copy_missing(p, o, parameter_keys);
                // A path parameter is always required: the spec's `required: true` is the
                // import's absence of it, and keeps its text.
                if p.get("in").and_then(Value::as_str) == Some("path")
                    && o.get("required") == Some(&Value::Bool(true))
                {
                    copy_missing(p, o, &["required"]);
                }
            }
        }
    }
    match stated {
        Stated::Page(s) => {
            if !s.response_bodies
                && let (Some(Value::Mapping(new_r)), Some(Value::Mapping(old_r))) =
                    (out.get_mut("responses"), old.get("responses"))
            {
                for (status, old_response) in old_r {
                    let Some(target) = new_r.get_mut(status) else {
                        // A status the page does not list at all stays as the spec has it.
                        new_r.insert(status.clone(), old_response.clone());
                        continue;
                    };
                    if let (Value::Mapping(t), Value::Mapping(o)) = (target, old_response) {
                        for key in ["body", "headers"] {
                            if let Some(v) = o.get(key) {
                                t.insert(key.into(), v.clone());
                            }
                        }
                    }
                }
            }
            let examples = combine_examples(old.get("examples"), new.get("examples"), &s);
            out.remove("examples");
            if let Some(e) = examples {
                out.insert("examples".into(), Value::Mapping(e));
            }
        }
        Stated::All => service::keep_own_keys(&mut out, old),
    }
    out
}

fn combine_examples(old: Option<&Value>, new: Option<&Value>, s: &States) -> Option<Mapping> {
    let mut out = Mapping::new();
    for (key, stated) in [
        ("requests", s.example_requests),
        ("responses", s.example_responses),
    ] {
        let source = if stated { new } else { old };
        if let Some(v) = source.and_then(|e| e.get(key)) {
            out.insert(key.into(), v.clone());
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The imported schema `new`, plus the spec's `schema_keys` it lacks and, per property, the
/// spec's `property_keys` it lacks.
fn combine_schema(
    old: &Mapping,
    new: &Mapping,
    schema_keys: &[&str],
    property_keys: &[&str],
) -> Mapping {
    let mut out = new.clone();
    copy_missing(&mut out, old, schema_keys);
    if let (Some(Value::Mapping(props)), Some(Value::Mapping(old_props))) =
        (out.get_mut("properties"), old.get("properties"))
    {
        for (name, prop) in props.iter_mut() {
            if let (Value::Mapping(p), Some(Value::Mapping(o))) = (prop, old_props.get(name)) {
                copy_missing(p, o, property_keys);
            }
        }
    }
    out
}

/// Removes schemas that the old spec used and the merged spec no longer does.
fn remove_orphans(old: &Mapping, new: &mut Mapping, notes: &mut Vec<MergeNote>) {
    let before = reachable(old);
    let after = reachable(new);
    let Some(Value::Mapping(schemas)) = new.get_mut("schemas") else {
        return;
    };
    let orphans: Vec<String> = before
        .difference(&after)
        .filter(|n| schemas.contains_key(n.as_str()))
        .cloned()
        .collect();
    for name in orphans {
        schemas.shift_remove(name.as_str());
        notes.push(MergeNote {
            warning: true,
            message: format!("schema `{name}` removed: no operation uses it any more"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(yaml: &str, states: super::super::States) -> ImportedOperation {
        ImportedOperation {
            id: "ListRepos".to_owned(),
            page: "list-repos.txt".to_owned(),
            operation: serde_yaml::from_str(yaml).expect("yaml"),
            schemas: Vec::new(),
            states,
        }
    }

    /// A merged operation is written in the format's key order: `group` stays first, a
    /// parameter's `sensitive` and `rust_name` stay in their places.
    #[test]
    fn a_merged_operation_keeps_the_format_order() {
        let spec = "service:\n  name: Demo\n  module: demo\n\noperations:\n  ListRepos:\n    group: repos\n    summary: Old\n    method: GET\n    path: /repos\n    parameters:\n      - { name: token, in: header, type: string, sensitive: false, rust_name: tok }\n    responses:\n      200:\n        description: OK\n";
        let states = super::super::States {
            parameters: true,
            ..Default::default()
        };
        let imported = Imported {
            operations: vec![op(
                "summary: Listing Repositories\nmethod: GET\npath: /repos\nparameters:\n  - { name: token, in: header, type: string, sensitive: false, description: A token. }\nresponses:\n  200: { description: OK }\n",
                states,
            )],
            warnings: Vec::new(),
        };
        let merged = merge("demo.yaml", spec, &imported).expect("merges");
        let expected = "  ListRepos:\n    group: repos\n    summary: Listing Repositories\n    method: GET\n    path: /repos\n    parameters:\n      - name: token\n        in: header\n        type: string\n        sensitive: false\n        rust_name: tok\n        description: A token.\n    responses:\n      200:\n        description: OK\n";
        assert!(merged.text.ends_with(expected), "{}", merged.text);
    }

    #[test]
    fn a_spec_with_what_the_format_lacks_is_named_not_merged() {
        let spec = "service:\n  name: Demo\n  module: demo\n\noperations:\n  ListRepos:\n    method: GET\n    path: /repos\n    pagination: { limit: limit, itmes: repos }\n    responses:\n      200: { description: OK }\n";
        let imported = Imported {
            operations: vec![op(
                "summary: Listing Repositories\nmethod: GET\npath: /repos\nresponses:\n  200: { description: OK }\n",
                Default::default(),
            )],
            warnings: Vec::new(),
        };
        let e = merge("demo.yaml", spec, &imported).expect_err("refused");
        let message = e.to_string();
        assert!(
            message.contains("demo.yaml: cannot merge `ListRepos` into it: operations.ListRepos.pagination.itmes: unknown field `itmes`"),
            "{message}"
        );
    }
}
