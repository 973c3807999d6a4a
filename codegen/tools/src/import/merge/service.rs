//! Merging a whole service, as a tree import makes it, into the spec it was imported into
//! (`import DIR --service NAME --into SPEC`): what a re-import of a newer docs release keeps.
//!
//! The tree import has already kept the spec's operation ids, schema names and groups
//! (`tree::stable`) and applied the fixes; this decides, entry by entry, what of the spec
//! survives:
//!
//! - **What the tree states.** A tree documents the whole service, so for every operation
//!   and schema it documents it states everything an import writes: the tree's version
//!   replaces the spec's, summary to permissions, paging, deprecation and nullability
//!   included (a key the tree no longer writes is gone: the docs no longer say it). The spec
//!   keeps only the keys a tree import writes rarely or never, where the tree's version
//!   lacks them: a parameter's or property's `rust_name`, `sensitive` and `range` (a tree
//!   writes `range` only where a table says `Range`), a body's `content_type` and `range`, a
//!   header's `range`, a schema's `rust_name` and `range`. Those are a person's; every other correction belongs in the fixes file, which every import applies
//!   again. Unchanged entries keep their text and comments (`splice`).
//! - **What the tree no longer documents.** An operation of the spec the tree does not have
//!   is kept as it is, with a warning naming it. It may be gone from the API, but it may as
//!   well be a page this release moved or the importer could not read (its warnings say
//!   so), or an operation added from pages or by hand: removing it is a breaking change for
//!   the crate's users, a decision for a person (`diff` shows it), and marking it
//!   `deprecated` would change the generated code on a guess. Only an operation the tree
//!   documents under another id (the same method and path, an id the spec does not have:
//!   `--id` renamed it) is replaced by it, with a note. A schema of the spec the tree does
//!   not have stays while something in the merged spec uses it (a kept operation); otherwise
//!   it is removed, with a warning: types are the tree's to state, and one nothing uses
//!   would only be an unused type.
//! - **The service section** stays the spec's: `name` and `module` name the crate and its
//!   module (`--service` is only the import's argument), and where the service is
//!   (`endpoint_prefix`, `endpoints`) is a setting a person checks, where the tree's is
//!   derived from example hosts and the official SDKs' region tables, not read from the docs
//!   it documents. What the spec lacks is taken from the tree (a `title`; `endpoint_prefix`
//!   and `endpoints` when it has neither); each difference is a note showing the tree's value
//!   (a warning for the crate's name), so that a person can take it.
//!
//! A note names every operation and schema added, replaced, kept or removed, and counts the
//! unchanged ones.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::{MergeNote, Stated, combine_operation, combine_schema, put, types_only};
use crate::document::canonical;
use crate::import::refs::{reach, refs_of};
use crate::import::tree::TreeImport;
use crate::parse::document::{Operation, Schema, Service};

/// A parameter's keys a tree import writes rarely or never, kept from the spec where the
/// tree's parameter lacks them.
pub(super) const OWN_PARAMETER_KEYS: &[&str] = &["rust_name", "sensitive", "range"];
/// A body's keys a tree import never writes.
const OWN_BODY_KEYS: &[&str] = &["content_type", "range"];
/// A response header's keys a tree import never writes.
const OWN_HEADER_KEYS: &[&str] = &["range"];
/// A schema's keys a tree import never writes.
const OWN_SCHEMA_KEYS: &[&str] = &["rust_name", "range"];
/// A property's keys a tree import writes rarely or never (`range`: only from a `Range`).
const OWN_PROPERTY_KEYS: &[&str] = &["rust_name", "sensitive", "range"];
/// The service's keys a tree import writes, in groups that go together: the spec's group
/// when it has any of its keys, else the tree's (the others no import writes).
const SERVICE_GROUPS: &[&[&str]] = &[
    &["name", "module"],
    &["title"],
    &["endpoint_prefix", "endpoints"],
];

/// Keeps the spec's own keys (`old`) of a body and the response headers the tree's
/// operation `out` lacks. (Parameters are done with the page path's.)
pub(super) fn keep_own_keys(out: &mut Mapping, old: &Mapping) {
    if let (Some(Value::Mapping(body)), Some(Value::Mapping(o))) =
        (out.get_mut("body"), old.get("body"))
    {
        super::copy_missing(body, o, OWN_BODY_KEYS);
    }
    let Some(Value::Mapping(responses)) = out.get_mut("responses") else {
        return;
    };
    for (status, response) in responses.iter_mut() {
        let old_headers = old
            .get("responses")
            .and_then(|r| r.get(status))
            .and_then(|r| r.get("headers"))
            .and_then(Value::as_mapping);
        let (Some(Value::Mapping(headers)), Some(old_headers)) =
            (response.get_mut("headers"), old_headers)
        else {
            continue;
        };
        for (name, header) in headers.iter_mut() {
            if let (Value::Mapping(h), Some(Value::Mapping(o))) = (header, old_headers.get(name)) {
                super::copy_missing(h, o, OWN_HEADER_KEYS);
            }
        }
    }
}

/// A mapping section of `doc` (empty when missing).
fn section(doc: &Mapping, key: &str) -> Mapping {
    doc.get(key)
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default()
}

/// A mapping section of `doc`, taken out of it (an empty mapping left in its place, which
/// keeps the key's position for the section put back).
fn take_section(doc: &mut Mapping, key: &str) -> Mapping {
    match doc.get_mut(key) {
        Some(Value::Mapping(m)) => std::mem::take(m),
        _ => Mapping::new(),
    }
}

/// A value for a note: a string in backticks, anything else as JSON in backticks.
fn text(v: Option<&Value>) -> String {
    match v {
        None => "nothing".to_owned(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(v) => format!(
            "`{}`",
            serde_json::to_string(v).unwrap_or_else(|_| "?".to_owned())
        ),
    }
}

/// Merges the tree's document into `doc` (the spec), noting what changed.
pub(super) fn merge_tree(
    doc: &mut Mapping,
    tree: &TreeImport,
    notes: &mut Vec<MergeNote>,
) -> Result<(), String> {
    let mut incoming: Mapping = serde_yaml::from_str(&tree.yaml)
        .map_err(|e| format!("the tree's import is not a spec: {e}"))?;
    merge_service(doc, &section(&incoming, "service"), notes)?;
    let tree_ops = take_section(&mut incoming, "operations");
    let tree_schemas = take_section(&mut incoming, "schemas");
    let kept = merge_operations(doc, &tree_ops, &tree.page_of, notes)?;
    merge_schemas(doc, &tree_schemas, &kept, notes)
}

/// The service section, as the module docs say: the spec's, completed with what it lacks
/// and the tree gives; each difference a note.
fn merge_service(
    doc: &mut Mapping,
    tree: &Mapping,
    notes: &mut Vec<MergeNote>,
) -> Result<(), String> {
    let old = section(doc, "service");
    let mut out = old.clone();
    for group in SERVICE_GROUPS {
        let (ours, theirs) = (pick(&old, group), pick(tree, group));
        if ours.is_empty() {
            out.extend(theirs);
            continue;
        }
        if ours == theirs || theirs.is_empty() {
            continue;
        }
        let what = group
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let shown = |m: &Mapping| text(Some(&Value::Mapping(m.clone())));
        let message = format!(
            "service {what}: the spec's {} is kept; the tree gives {}",
            shown(&ours),
            shown(&theirs)
        );
        // A crate named other than `--service` says may be a mistake; other differences
        // are the tree's guesses against the spec's settings.
        notes.push(if group.contains(&"module") {
            MergeNote::warning(message)
        } else {
            MergeNote::note(message)
        });
    }
    let out = canonical::<Service>(&out).map_err(|e| format!("service.{e}"))?;
    if out != old {
        for key in out.keys().filter(|k| !old.contains_key(*k)) {
            notes.push(MergeNote::note(format!(
                "service `{}` added from the tree: {}",
                key.as_str().unwrap_or_default(),
                text(out.get(key))
            )));
        }
        doc.insert("service".into(), Value::Mapping(out));
    }
    Ok(())
}

/// The keys of `group` that `m` has.
fn pick(m: &Mapping, group: &[&str]) -> Mapping {
    group
        .iter()
        .filter_map(|k| Some(((*k).into(), m.get(*k)?.clone())))
        .collect()
}

/// The tree's operations into `doc`; returns the ids of the spec's operations kept although
/// the tree does not document them.
fn merge_operations(
    doc: &mut Mapping,
    tree: &Mapping,
    page_of: &BTreeMap<String, String>,
    notes: &mut Vec<MergeNote>,
) -> Result<BTreeSet<String>, String> {
    let mut ops = take_section(doc, "operations");
    let spec_ids: BTreeSet<String> = ops
        .keys()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    let mut unchanged = 0;
    for (id, op) in tree {
        let (Some(id), Value::Mapping(op)) = (id.as_str(), op) else {
            continue;
        };
        let old = ops.get(id).and_then(Value::as_mapping);
        // The tree's operation is in the format's order already; one the spec added keys
        // to is put back in it.
        let merged = match old {
            Some(old) => combine_operation(old, op, Stated::All),
            None => op.clone(),
        };
        let merged = if merged == *op {
            merged
        } else {
            canonical::<Operation>(&merged).map_err(|e| format!("operations.{id}.{e}"))?
        };
        let from = page_of
            .get(id)
            .map_or(String::new(), |p| format!(" (from {p})"));
        match old {
            Some(old) if *old == merged => unchanged += 1,
            Some(_) => notes.push(MergeNote::note(format!("operation `{id}` replaced{from}"))),
            None => notes.push(MergeNote::note(format!("operation `{id}` added{from}"))),
        }
        put(&mut ops, id, Value::Mapping(merged));
    }
    let place = |op: &Value| (op.get("method").cloned(), op.get("path").cloned());
    let mut kept = BTreeSet::new();
    let mut renamed = Vec::new();
    for (id, op) in &ops {
        let Some(id) = id.as_str().filter(|id| !tree.contains_key(*id)) else {
            continue;
        };
        // The tree's operation at the same place under an id the spec does not have.
        let now = tree.iter().find(|(other, o)| {
            place(o) == place(op) && other.as_str().is_some_and(|o| !spec_ids.contains(o))
        });
        match now.and_then(|(other, _)| other.as_str()) {
            Some(other) => {
                notes.push(MergeNote::note(format!(
                    "operation `{id}` removed: the tree documents it as `{other}` (the same method and path)"
                )));
                renamed.push(id.to_owned());
            }
            None => {
                notes.push(MergeNote::warning(format!(
                    "operation `{id}` kept as the spec has it: the tree does not document it (remove it if the API no longer has it)"
                )));
                kept.insert(id.to_owned());
            }
        }
    }
    for id in renamed {
        ops.shift_remove(id.as_str());
    }
    if unchanged > 0 {
        notes.push(MergeNote::note(format!(
            "{unchanged} operation(s) unchanged"
        )));
    }
    doc.insert("operations".into(), Value::Mapping(ops));
    Ok(kept)
}

/// The tree's schemas into `doc`; the spec's that nothing uses any more removed. `kept`: the
/// spec's operations the tree does not document.
fn merge_schemas(
    doc: &mut Mapping,
    tree: &Mapping,
    kept: &BTreeSet<String>,
    notes: &mut Vec<MergeNote>,
) -> Result<(), String> {
    let mut schemas = take_section(doc, "schemas");
    let empty = Mapping::new();
    let ops = doc
        .get("operations")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    // What each kept operation reaches in the spec as it was.
    let kept_reach: Vec<(&String, BTreeSet<String>)> = kept
        .iter()
        .filter_map(|id| Some((id, reach(refs_of(ops.get(id.as_str())?), &schemas))))
        .collect();
    let mut unchanged = 0;
    for (name, schema) in tree {
        let (Some(name), Value::Mapping(schema)) = (name.as_str(), schema) else {
            continue;
        };
        let old = schemas.get(name).and_then(Value::as_mapping);
        let merged = match old {
            Some(old) => combine_schema(old, schema, OWN_SCHEMA_KEYS, OWN_PROPERTY_KEYS),
            None => schema.clone(),
        };
        let merged = if merged == *schema {
            merged
        } else {
            canonical::<Schema>(&merged).map_err(|e| format!("schemas.{name}.{e}"))?
        };
        match old {
            Some(old) if *old == merged => unchanged += 1,
            Some(old) => {
                let retyped = types_only(&Value::Mapping(old.clone()))
                    != types_only(&Value::Mapping(merged.clone()));
                let users: Vec<String> = kept_reach
                    .iter()
                    .filter(|(_, r)| retyped && r.contains(name))
                    .map(|(id, _)| format!("`{id}`"))
                    .collect();
                notes.push(if users.is_empty() {
                    MergeNote::note(format!("schema `{name}` replaced"))
                } else {
                    MergeNote::warning(format!(
                        "schema `{name}` is retyped by the tree, and operations it does not document use it ({}): check that the new fields and types suit them",
                        users.join(", ")
                    ))
                });
            }
            None => notes.push(MergeNote::note(format!("schema `{name}` added"))),
        }
        put(&mut schemas, name, Value::Mapping(merged));
    }
    let mut roots = doc.get("operations").map(refs_of).unwrap_or_default();
    roots.extend(tree.keys().filter_map(Value::as_str).map(str::to_owned));
    let used = reach(roots, &schemas);
    let gone: Vec<String> = schemas
        .keys()
        .filter_map(Value::as_str)
        .filter(|n| !tree.contains_key(*n) && !used.contains(*n))
        .map(str::to_owned)
        .collect();
    for name in gone {
        schemas.shift_remove(name.as_str());
        notes.push(MergeNote::warning(format!(
            "schema `{name}` removed: the tree does not document it and nothing in the spec uses it"
        )));
    }
    if unchanged > 0 {
        notes.push(MergeNote::note(format!("{unchanged} schema(s) unchanged")));
    }
    if !schemas.is_empty() || doc.contains_key("schemas") {
        doc.insert("schemas".into(), Value::Mapping(schemas));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Merged, merge};
    use crate::import::tree::{Summary, TreeImport};

    /// A tree import that gives `yaml`, its operations read from `<id>.rst`.
    fn tree(yaml: &str) -> TreeImport {
        let doc: serde_yaml::Value = serde_yaml::from_str(yaml).expect("yaml");
        let page_of = doc["operations"]
            .as_mapping()
            .into_iter()
            .flatten()
            .filter_map(|(id, _)| id.as_str())
            .map(|id| (id.to_owned(), format!("{id}.rst")))
            .collect();
        TreeImport {
            yaml: yaml.to_owned(),
            summary: Summary::default(),
            warnings: Vec::new(),
            refused: None,
            strictness: Default::default(),
            page_of,
            document: None,
        }
    }

    fn merged(spec: &str, yaml: &str) -> Merged {
        merge("demo.yaml", spec, &tree(yaml)).expect("merges")
    }

    fn notes(m: &Merged) -> Vec<String> {
        m.notes.iter().map(ToString::to_string).collect()
    }

    const SPEC: &str = "# Hand-made.\nservice:\n  name: Demo\n  module: demo_api   # chosen by hand\n  description: Widgets.\n  endpoint_prefix: demo\n\noperations:\n  # Lists them.\n  ListThings:\n    summary: Old summary\n    method: GET\n    path: /things\n    parameters:\n      - { name: limit, in: query, type: int32, rust_name: max, range: 1-100 }\n    responses:\n      200:\n        description: OK\n        body: { ref: Things }\n\n  Legacy:\n    method: GET\n    path: /legacy\n    responses:\n      200:\n        description: OK\n        body: { ref: LegacyBody }\n\n  OldName:\n    method: DELETE\n    path: /things/{id}\n    parameters:\n      - { name: id, in: path, type: string }\n    responses:\n      204:\n        description: Gone\n\nschemas:\n  LegacyBody:\n    type: object\n    properties:\n      thing: { ref: Thing }\n\n  Thing:\n    type: object\n    properties:\n      id: { type: string }\n\n  Things:\n    type: object\n    rust_name: ThingList\n    properties:\n      things: { type: array, items: { ref: Thing } }\n      old: { type: string }\n\n  Unused:\n    type: object\n    properties:\n      x: { type: string }\n";

    const TREE: &str = "service: { name: Demo, module: demo, title: Demo Service }\n\noperations:\n  DeleteThing:\n    method: DELETE\n    path: /things/{id}\n    parameters:\n      - { name: id, in: path, type: string }\n    responses:\n      204:\n        description: Gone\n\n  ListThings:\n    summary: New summary\n    method: GET\n    path: /things\n    parameters:\n      - { name: limit, in: query, type: int32 }\n    responses:\n      200:\n        description: OK\n        body: { ref: Things }\n\nschemas:\n  Thing:\n    type: object\n    properties:\n      id: { type: int64 }\n\n  Things:\n    type: object\n    properties:\n      things: { type: array, items: { ref: Thing } }\n";

    /// The tree's operations replace the spec's, keeping the spec's own keys; the service's
    /// name and module stay; an undocumented operation stays with its schemas, and a
    /// retyped schema it uses is a warning; a renamed operation and a schema nothing uses go.
    #[test]
    fn a_tree_states_what_it_documents_and_the_spec_keeps_the_rest() {
        let m = merged(SPEC, TREE);
        let doc: serde_yaml::Value = serde_yaml::from_str(&m.text).expect("yaml");
        let svc = &doc["service"];
        assert_eq!(svc["module"].as_str(), Some("demo_api"));
        assert_eq!(svc["title"].as_str(), Some("Demo Service"));
        assert_eq!(svc["description"].as_str(), Some("Widgets."));
        assert_eq!(
            svc["endpoint_prefix"].as_str(),
            Some("demo"),
            "the tree gives none"
        );
        let list = &doc["operations"]["ListThings"];
        assert_eq!(list["summary"].as_str(), Some("New summary"));
        assert_eq!(list["parameters"][0]["rust_name"].as_str(), Some("max"));
        assert_eq!(list["parameters"][0]["range"].as_str(), Some("1-100"));
        assert_eq!(
            doc["schemas"]["Things"]["rust_name"].as_str(),
            Some("ThingList")
        );
        assert!(doc["schemas"]["Things"]["properties"].get("old").is_none());
        assert!(doc["operations"].get("Legacy").is_some());
        assert!(doc["operations"].get("OldName").is_none());
        assert!(doc["schemas"].get("LegacyBody").is_some());
        assert!(doc["schemas"].get("Unused").is_none());
        let notes = notes(&m);
        for want in [
            "warning: service `name` and `module`: the spec's `{\"name\":\"Demo\",\"module\":\"demo_api\"}` is kept; the tree gives `{\"name\":\"Demo\",\"module\":\"demo\"}`",
            "note: service `title` added from the tree: `Demo Service`",
            "note: operation `DeleteThing` added (from DeleteThing.rst)",
            "note: operation `ListThings` replaced (from ListThings.rst)",
            "warning: operation `Legacy` kept as the spec has it: the tree does not document it (remove it if the API no longer has it)",
            "note: operation `OldName` removed: the tree documents it as `DeleteThing` (the same method and path)",
            "warning: schema `Thing` is retyped by the tree, and operations it does not document use it (`Legacy`): check that the new fields and types suit them",
            "note: schema `Things` replaced",
            "warning: schema `Unused` removed: the tree does not document it and nothing in the spec uses it",
        ] {
            assert!(notes.iter().any(|n| n == want), "no `{want}` in {notes:#?}");
        }
        // What the merge did not touch keeps its text: comments, the flow parameter list.
        assert!(m.text.starts_with("# Hand-made.\nservice:\n"), "{}", m.text);
        assert!(
            m.text.contains("\n  Legacy:\n    method: GET\n"),
            "{}",
            m.text
        );
        assert!(
            m.text.contains("  # Lists them.\n  ListThings:\n"),
            "{}",
            m.text
        );
    }

    /// The same tree merged into the result changes nothing; a schema only an operation the
    /// tree does not document used goes with it.
    #[test]
    fn a_second_merge_changes_nothing_and_a_dropped_schema_goes() {
        let first = merged(SPEC, TREE);
        let again = merged(&first.text, TREE);
        assert_eq!(again.text, first.text);
        assert!(
            again
                .notes
                .iter()
                .all(|n| !n.message.contains("replaced") && !n.message.contains("added")),
            "{:#?}",
            again.notes
        );
        let without_legacy = first.text.replace(
            "  Legacy:\n    method: GET\n    path: /legacy\n    responses:\n      200:\n        description: OK\n        body: { ref: LegacyBody }\n\n",
            "",
        );
        assert_ne!(without_legacy, first.text);
        let m = merged(&without_legacy, TREE);
        let doc: serde_yaml::Value = serde_yaml::from_str(&m.text).expect("yaml");
        assert!(doc["schemas"].get("LegacyBody").is_none());
        assert!(notes(&m).contains(
            &"warning: schema `LegacyBody` removed: the tree does not document it and nothing in the spec uses it".to_owned()
        ));
    }

    /// Where the service is stays as the spec sets it, the tree's value in a note; a spec
    /// without one takes the tree's.
    #[test]
    fn the_spec_keeps_its_endpoints_and_takes_the_trees_when_it_has_none() {
        let tree_yaml =
            "service:\n  name: Demo\n  module: demo\n  endpoint_prefix: demo\n\noperations: {}\n";
        let spec = "service:\n  name: Demo\n  module: demo\n  endpoints:\n    - { template: \"https://demo.{region}.example.com\", regions: [eu-1] }   # checked by hand\n\noperations: {}\n";
        let m = merged(spec, tree_yaml);
        assert_eq!(m.text, spec);
        assert_eq!(
            notes(&m),
            [
                "note: service `endpoint_prefix` and `endpoints`: the spec's `{\"endpoints\":[{\"template\":\"https://demo.{region}.example.com\",\"regions\":[\"eu-1\"]}]}` is kept; the tree gives `{\"endpoint_prefix\":\"demo\"}`"
            ]
        );
        let bare = "service:\n  name: Demo\n  module: demo\n\noperations: {}\n";
        let m = merged(bare, tree_yaml);
        assert_eq!(
            m.text,
            "service: { name: Demo, module: demo, endpoint_prefix: demo }\n\noperations: {}\n"
        );
        assert_eq!(
            notes(&m),
            ["note: service `endpoint_prefix` added from the tree: `demo`"]
        );
    }
}
