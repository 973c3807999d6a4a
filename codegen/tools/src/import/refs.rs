//! Schema references (`ref: Name`) in spec YAML: finding them, renaming them, and pairing
//! the names two versions use at the same places.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::{ImportedOperation, ImportedSchema, SchemaOrigin};

/// Imported schema names (chosen by rule) → the names the spec uses at the same places.
pub(super) fn renames(
    old_op: Option<&Mapping>,
    op: &ImportedOperation,
    existing: &Mapping,
) -> BTreeMap<String, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Some(old) = old_op {
        pair_types(op.operation.get("body"), old.get("body"), &mut pairs);
        if let (Some(Value::Mapping(new_r)), Some(Value::Mapping(old_r))) =
            (op.operation.get("responses"), old.get("responses"))
        {
            for (status, r) in new_r {
                pair_types(
                    r.get("body"),
                    old_r.get(status).and_then(|o| o.get("body")),
                    &mut pairs,
                );
            }
        }
    }
    let imported: BTreeMap<&str, &ImportedSchema> =
        op.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    while let Some((new_name, old_name)) = pairs.pop() {
        if !seen.insert((new_name.clone(), old_name.clone())) {
            continue;
        }
        let Some(schema) = imported.get(new_name.as_str()) else {
            continue;
        };
        let Some(old_schema) = existing.get(old_name.as_str()).and_then(Value::as_mapping) else {
            continue;
        };
        let free = !out.values().any(|v| *v == old_name)
            && (old_name == new_name || !imported.contains_key(old_name.as_str()));
        if schema.origin == SchemaOrigin::Rule && new_name != old_name && free {
            out.insert(new_name.clone(), old_name.clone());
        }
        if let (Some(Value::Mapping(p)), Some(Value::Mapping(o))) =
            (schema.value.get("properties"), old_schema.get("properties"))
        {
            for (field, t) in p {
                pair_types(Some(t), o.get(field), &mut pairs);
            }
        }
        // An alias schema (`type: array`, `items: { ref: X }`) pairs its element type.
        pair_types(
            Some(&Value::Mapping(schema.value.clone())),
            Some(&Value::Mapping(old_schema.clone())),
            &mut pairs,
        );
    }
    out
}

/// Records `(imported ref, spec ref)` pairs found at the same place of two types.
fn pair_types(new: Option<&Value>, old: Option<&Value>, out: &mut Vec<(String, String)>) {
    let (Some(new), Some(old)) = (new, old) else {
        return;
    };
    if let (Some(a), Some(b)) = (
        new.get("ref").and_then(Value::as_str),
        old.get("ref").and_then(Value::as_str),
    ) {
        out.push((a.to_owned(), b.to_owned()));
    }
    for key in ["items", "values"] {
        pair_types(new.get(key), old.get(key), out);
    }
}

pub(super) fn rename_refs_in_mapping(m: &mut Mapping, renames: &BTreeMap<String, String>) {
    for (k, v) in m.iter_mut() {
        if k.as_str() == Some("ref")
            && let Some(new) = v.as_str().and_then(|n| renames.get(n))
        {
            *v = Value::from(new.as_str());
            continue;
        }
        rename_refs(v, renames);
    }
}

fn rename_refs(v: &mut Value, renames: &BTreeMap<String, String>) {
    match v {
        Value::Mapping(m) => rename_refs_in_mapping(m, renames),
        Value::Sequence(items) => items.iter_mut().for_each(|i| rename_refs(i, renames)),
        _ => {}
    }
}

/// Every schema name referenced (`ref: X`) below `v`. Examples are skipped: they are data.
pub(crate) fn refs_of(v: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_refs(v, &mut out);
    out
}

fn collect_refs(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                match k.as_str() {
                    Some("examples") => {}
                    Some("ref") => {
                        if let Some(n) = v.as_str() {
                            out.insert(n.to_owned());
                        }
                    }
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

/// Schemas every operation reaches, transitively.
pub(super) fn reachable(doc: &Mapping) -> BTreeSet<String> {
    let empty = Mapping::new();
    let schemas = doc
        .get("schemas")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    reach(
        doc.get("operations").map(refs_of).unwrap_or_default(),
        schemas,
    )
}

/// The schemas `roots` name and those they reach, transitively through `schemas`.
pub(crate) fn reach(roots: BTreeSet<String>, schemas: &Mapping) -> BTreeSet<String> {
    let mut todo: Vec<String> = roots.into_iter().collect();
    let mut seen = BTreeSet::new();
    while let Some(n) = todo.pop() {
        if seen.insert(n.clone())
            && let Some(s) = schemas.get(n.as_str())
        {
            todo.extend(refs_of(s));
        }
    }
    seen
}
