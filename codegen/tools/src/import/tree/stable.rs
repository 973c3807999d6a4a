//! Keeping an existing spec's schema and group names when a tree is imported into it.
//!
//! Operation ids are kept first ([`super::ids`]); then every operation that kept its id is
//! walked beside its old self: request body, response bodies and parameters, then the
//! properties, items and values of the schemas they reach, key by key. Each place where
//! both have a `ref` is a vote that the new schema is the old one. Each new schema takes the
//! old name most votes give it (new schemas with more votes choose first; ties by name),
//! unless another took it. A new schema left with a name the existing spec gives to another
//! schema is renamed (`Name2`, ...), so an old name never silently means a new thing.
//!
//! Two old schemas the newer docs document as one (both vote for it) cannot both be its
//! name: the one with fewer votes stays as an alias of it (`OldName: { ref: NewName }`), so
//! code written against it still compiles.
//!
//! An enum the existing spec has where the newer docs' words no longer list values (the
//! field is a plain string now) stays: an open enum decodes every string, and code written
//! against its variants still compiles.
//!
//! Groups: an operation that kept its id keeps its group; the other operations of a new
//! group whose kept operations all came from one old group are put in that old group too
//! (a folder renamed in the docs does not rename the cargo feature).

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

/// What stabilizing did, for the summary.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Kept {
    /// New schemas that kept an old schema's name.
    pub kept: usize,
    /// Of those, the ones whose name the import alone would have made differently.
    pub renamed: usize,
    /// New schemas renamed because their name is another old schema's.
    pub moved_aside: usize,
    /// Old names kept as aliases of the schema they became part of.
    pub aliases: usize,
    /// Enums kept where the newer docs' words no longer list the values.
    pub enums: usize,
}

/// Renames the new doc's schemas and groups after the existing spec `old`.
pub(crate) fn stabilize(operations: &mut Mapping, schemas: &mut Mapping, old: &Value) -> Kept {
    let mut kept = Kept::default();
    let (Some(old_ops), old_schemas) = (
        old.get("operations").and_then(Value::as_mapping),
        old.get("schemas").and_then(Value::as_mapping),
    ) else {
        return kept;
    };
    let empty = Mapping::new();
    let old_schemas = old_schemas.unwrap_or(&empty);
    keep_groups(operations, old_ops);
    let mut votes: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    let mut walker = Walker {
        new: schemas,
        old: old_schemas,
        votes: &mut votes,
        seen: &mut seen,
    };
    for (id, op) in operations.iter() {
        let Some(old_op) = old_ops.get(id) else {
            continue;
        };
        walker.pair(op.get("body"), old_op.get("body"));
        if let (Some(Value::Mapping(r)), Some(Value::Mapping(o))) =
            (op.get("responses"), old_op.get("responses"))
        {
            for (status, resp) in r {
                walker.pair(
                    resp.get("body"),
                    o.get(status).and_then(|x| x.get("body")),
                );
            }
        }
        if let (Some(Value::Sequence(p)), Some(Value::Sequence(o))) =
            (op.get("parameters"), old_op.get("parameters"))
        {
            for param in p {
                let name = param.get("name");
                let other = o.iter().find(|q| q.get("name") == name);
                walker.pair(Some(param), other);
            }
        }
    }
    // Each new schema's best old name, strongest first.
    let mut best: Vec<(usize, String, String)> = votes
        .iter()
        .filter_map(|(new, olds)| {
            let (old, n) = olds
                .iter()
                .max_by_key(|(o, n)| (**n, std::cmp::Reverse((*o).clone())))?;
            Some((*n, new.clone(), old.clone()))
        })
        .collect();
    best.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut rename: BTreeMap<String, String> = BTreeMap::new();
    let mut claimed: BTreeSet<String> = BTreeSet::new();
    for (_, new, old) in best {
        if claimed.insert(old.clone()) {
            kept.kept += 1;
            if new != old {
                kept.renamed += 1;
            }
            rename.insert(new, old);
        }
    }
    // A new schema whose name an old schema has, but which is not that schema.
    let mut final_names: BTreeSet<String> = schemas
        .keys()
        .filter_map(Value::as_str)
        .map(|n| rename.get(n).cloned().unwrap_or_else(|| n.to_owned()))
        .collect();
    for name in schemas.keys().filter_map(Value::as_str) {
        if rename.contains_key(name) {
            continue;
        }
        if claimed.contains(name) {
            let fresh = (2..)
                .map(|k| format!("{name}{k}"))
                .find(|n| !final_names.contains(n) && !old_schemas.contains_key(n.as_str()))
                .unwrap_or_default();
            final_names.insert(fresh.clone());
            rename.insert(name.to_owned(), fresh);
            kept.moved_aside += 1;
        }
    }
    // An old name that lost to another one for the same new schema (two old schemas the
    // newer docs document as one) stays, as an alias of it.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for (new, olds) in &votes {
        let Some(winner) = rename.get(new) else { continue };
        for old in olds.keys() {
            if !claimed.contains(old) && !final_names.contains(old) && !aliases.contains_key(old) {
                aliases.insert(old.clone(), winner.clone());
            }
        }
    }
    // Aliases the existing spec keeps from earlier docs stay while their target does.
    for (name, schema) in old_schemas {
        let (Some(name), Some(target)) = (name.as_str(), schema.get("ref").and_then(Value::as_str)) else {
            continue;
        };
        let is_alias = schema.as_mapping().is_some_and(|m| {
            m.keys()
                .all(|k| matches!(k.as_str(), Some("ref" | "description")))
        });
        if is_alias && !final_names.contains(name) && final_names.contains(target) {
            aliases.entry(name.to_owned()).or_insert_with(|| target.to_owned());
        }
    }
    kept.aliases = aliases.len();
    rename.retain(|k, v| k != v);
    if !rename.is_empty() {
        let renamed: BTreeMap<String, Value> = std::mem::take(schemas)
            .into_iter()
            .map(|(k, v)| {
                let k = k.as_str().unwrap_or_default().to_owned();
                (rename.get(&k).cloned().unwrap_or(k), v)
            })
            .collect();
        *schemas = renamed
            .into_iter()
            .map(|(k, mut v)| {
                rename_refs(&mut v, &rename);
                (Value::String(k), v)
            })
            .collect();
        for (_, op) in operations.iter_mut() {
            rename_refs(op, &rename);
        }
    }
    kept.enums = keep_enums(operations, schemas, old_ops, old_schemas);
    if !aliases.is_empty() {
        let mut all: BTreeMap<String, Value> = std::mem::take(schemas)
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v)))
            .collect();
        for (old, target) in aliases {
            if let Some(previous) = old_schemas.get(old.as_str()).filter(|p| {
                p.get("ref").and_then(Value::as_str) == Some(target.as_str())
            }) {
                all.insert(old, previous.clone());
                continue;
            }
            let mut m = Mapping::new();
            m.insert(
                "description".into(),
                format!("The name of this type in an earlier version of the docs: the same as `{target}` now.").into(),
            );
            m.insert("ref".into(), target.into());
            all.insert(old, Value::Mapping(m));
        }
        *schemas = all.into_iter().map(|(k, v)| (Value::String(k), v)).collect();
    }
    kept
}

/// Puts back the old enum of every string property and parameter that had one.
fn keep_enums(
    operations: &mut Mapping,
    schemas: &mut Mapping,
    old_ops: &Mapping,
    old_schemas: &Mapping,
) -> usize {
    let is_enum = |name: &str| old_schemas.get(name).is_some_and(|s| s.get("enum").is_some());
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut restore = |new: &mut Value, old: Option<&Value>| {
        let Some(old) = old else { return };
        // The value itself, or an array's items.
        let (n, o) = match (new.get("type").and_then(Value::as_str), old.get("items")) {
            (Some("array"), Some(oi)) => match new.get_mut("items") {
                Some(ni) => (ni, oi),
                None => return,
            },
            _ => (new, old),
        };
        let Some(e) = o.get("ref").and_then(Value::as_str).filter(|e| is_enum(e)) else {
            return;
        };
        if n.get("type").and_then(Value::as_str) == Some("string")
            && let Value::Mapping(m) = n
        {
            m.remove("type");
            m.insert("ref".into(), e.into());
            wanted.insert(e.to_owned());
        }
    };
    for (name, schema) in schemas.iter_mut() {
        let Some(Value::Mapping(props)) = schema.get_mut("properties") else { continue };
        let old = old_schemas.get(name).and_then(|s| s.get("properties"));
        for (k, v) in props.iter_mut() {
            restore(v, old.and_then(|o| o.get(k)));
        }
    }
    for (id, op) in operations.iter_mut() {
        let Some(Value::Sequence(params)) = op.get_mut("parameters") else { continue };
        let old = old_ops.get(id).and_then(|o| o.get("parameters")).and_then(Value::as_sequence);
        for p in params.iter_mut() {
            let name = p.get("name").cloned();
            restore(p, old.and_then(|o| o.iter().find(|q| q.get("name") == name.as_ref())));
        }
    }
    let mut added = 0;
    for e in wanted {
        if !schemas.contains_key(e.as_str())
            && let Some(s) = old_schemas.get(e.as_str())
        {
            schemas.insert(e.into(), s.clone());
            added += 1;
        }
    }
    if added > 0 {
        let mut all: Vec<(Value, Value)> = std::mem::take(schemas).into_iter().collect();
        all.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        *schemas = all.into_iter().collect();
    }
    added
}

struct Walker<'a> {
    new: &'a Mapping,
    old: &'a Mapping,
    votes: &'a mut BTreeMap<String, BTreeMap<String, usize>>,
    seen: &'a mut BTreeSet<(String, String)>,
}

impl Walker<'_> {
    /// Votes for the refs two type mappings hold at the same place, and walks on.
    fn pair(&mut self, new: Option<&Value>, old: Option<&Value>) {
        let (Some(new), Some(old)) = (new, old) else {
            return;
        };
        if let (Some(n), Some(o)) = (
            new.get("ref").and_then(Value::as_str),
            old.get("ref").and_then(Value::as_str),
        ) {
            *self
                .votes
                .entry(n.to_owned())
                .or_default()
                .entry(o.to_owned())
                .or_default() += 1;
            if self.seen.insert((n.to_owned(), o.to_owned())) {
                let (ns, os) = (self.new.get(n), self.old.get(o));
                self.inner(ns, os);
            }
            return;
        }
        self.inner(Some(new), Some(old));
    }

    /// Walks the properties, items and values of two types.
    fn inner(&mut self, new: Option<&Value>, old: Option<&Value>) {
        let (Some(new), Some(old)) = (new, old) else {
            return;
        };
        for key in ["items", "values"] {
            self.pair(new.get(key), old.get(key));
        }
        if let (Some(Value::Mapping(np)), Some(Value::Mapping(op))) =
            (new.get("properties"), old.get("properties"))
        {
            for (k, v) in np {
                self.pair(Some(v), op.get(k));
            }
        }
    }
}

/// Kept operations keep their group; a new group all of whose kept operations came from
/// one old group becomes that group.
fn keep_groups(operations: &mut Mapping, old_ops: &Mapping) {
    let group_of = |op: &Value| {
        op.get("group")
            .and_then(Value::as_str)
            .unwrap_or("other")
            .to_owned()
    };
    let mut origin: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (id, op) in operations.iter() {
        if let Some(old) = old_ops.get(id) {
            origin
                .entry(group_of(op))
                .or_default()
                .insert(group_of(old));
        }
    }
    for (id, op) in operations.iter_mut() {
        let target = match old_ops.get(id) {
            Some(old) => old.get("group").and_then(Value::as_str).map(str::to_owned),
            None => origin
                .get(&group_of(op))
                .filter(|o| o.len() == 1)
                .and_then(|o| o.iter().next().cloned())
                .filter(|g| g != "other"),
        };
        if let Value::Mapping(m) = op {
            match target {
                Some(g) => {
                    m.insert("group".into(), g.into());
                }
                None if old_ops.contains_key(id) => {
                    m.remove("group");
                }
                None => {}
            }
        }
    }
}

fn rename_refs(v: &mut Value, names: &BTreeMap<String, String>) {
    super::schemas::map_refs(v, &|r| names.get(r).cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        serde_yaml::from_str(s).unwrap()
    }

    #[test]
    fn old_names_and_groups_are_kept_and_never_reused() {
        let old = yaml(
            "operations:\n  ListVpcs:\n    group: vpc\n    responses: { 200: { body: { ref: ListVpcsResponse } } }\nschemas:\n  ListVpcsResponse: { type: object, properties: { vpcs: { type: array, items: { ref: MyVpc } } } }\n  MyVpc: { type: object, properties: { id: { type: string } } }\n  Vpc: { type: object, properties: { x: { type: string } } }\n",
        );
        let new = yaml(
            "operations:\n  ListVpcs:\n    group: vpcs_v1\n    responses: { 200: { body: { ref: ListVpcsResponse } } }\n  CreateVpc:\n    group: vpcs_v1\n    body: { ref: Vpc }\n    responses: { 200: { body: { ref: Vpc } } }\nschemas:\n  ListVpcsResponse: { type: object, properties: { vpcs: { type: array, items: { ref: Vpc } } } }\n  Vpc: { type: object, properties: { id: { type: string }, name: { type: string } } }\n",
        );
        let mut ops = new["operations"].as_mapping().unwrap().clone();
        let mut schemas = new["schemas"].as_mapping().unwrap().clone();
        let kept = stabilize(&mut ops, &mut schemas, &old);
        assert_eq!(kept.renamed, 1);
        let names: Vec<&str> = schemas.keys().filter_map(Value::as_str).collect();
        assert_eq!(names, ["ListVpcsResponse", "MyVpc"]);
        assert_eq!(ops["CreateVpc"]["body"]["ref"].as_str(), Some("MyVpc"));
        assert_eq!(ops["ListVpcs"]["group"].as_str(), Some("vpc"));
        assert_eq!(ops["CreateVpc"]["group"].as_str(), Some("vpc"));
    }
}
