//! Keeping an existing spec's schema and group names when a tree is imported into it.
//!
//! Operation ids are kept first ([`super::ids`]); then every operation that kept its id is
//! walked beside its old self: request body, response bodies and parameters, then the
//! properties, items and values of the schemas they reach, key by key. Each place where
//! both have a `ref` is a vote that the new schema is the old one. Each new schema takes the
//! old name most votes give it (new schemas with more votes choose first; ties by name),
//! unless another took it. An old enum the newer docs leave as a plain string at the same
//! place (same owner and field, or same operation and parameter) is kept there (see below),
//! so its name is taken too. A new schema left with a name the existing spec gives to another
//! schema is renamed after where it is used, `<Owner><Name>` (the owner every other owner's
//! name ends with, then each owner, the most uses first; a number only when all are taken),
//! so an old name never silently means a new thing.
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
                walker.pair(resp.get("body"), o.get(status).and_then(|x| x.get("body")));
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
    // An old enum kept at a place the newer docs leave a plain string is that place's old
    // schema: its name is claimed too, so that a new schema of that name moves aside.
    for e in kept_enum_names(operations, schemas, &rename, &claimed, old_ops, old_schemas) {
        claimed.insert(e);
    }
    // A new schema whose name an old schema has, but which is not that schema, is named
    // after where it is used (its owner and field), not numbered.
    let mut final_names: BTreeSet<String> = schemas
        .keys()
        .filter_map(Value::as_str)
        .map(|n| rename.get(n).cloned().unwrap_or_else(|| n.to_owned()))
        .collect();
    let aside: Vec<String> = schemas
        .keys()
        .filter_map(Value::as_str)
        .filter(|n| !rename.contains_key(*n) && claimed.contains(*n))
        .map(str::to_owned)
        .collect();
    for name in aside {
        let free = |n: &str| !final_names.contains(n) && !old_schemas.contains_key(n);
        let fresh = context_names(&name, operations, schemas, &rename)
            .into_iter()
            .find(|n| free(n))
            .or_else(|| (2..).map(|k| format!("{name}{k}")).find(|n| free(n)))
            .unwrap_or_default();
        final_names.insert(fresh.clone());
        rename.insert(name, fresh);
        kept.moved_aside += 1;
    }
    // An old name that lost to another one for the same new schema (two old schemas the
    // newer docs document as one) stays, as an alias of it.
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    for (new, olds) in &votes {
        let Some(winner) = rename.get(new) else {
            continue;
        };
        for old in olds.keys() {
            if !claimed.contains(old) && !final_names.contains(old) && !aliases.contains_key(old) {
                aliases.insert(old.clone(), winner.clone());
            }
        }
    }
    // Aliases the existing spec keeps from earlier docs stay while their target does.
    for (name, schema) in old_schemas {
        let (Some(name), Some(target)) = (name.as_str(), schema.get("ref").and_then(Value::as_str))
        else {
            continue;
        };
        let is_alias = schema.as_mapping().is_some_and(|m| {
            m.keys()
                .all(|k| matches!(k.as_str(), Some("ref" | "description")))
        });
        if is_alias && !final_names.contains(name) && final_names.contains(target) {
            aliases
                .entry(name.to_owned())
                .or_insert_with(|| target.to_owned());
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
            if let Some(previous) = old_schemas
                .get(old.as_str())
                .filter(|p| p.get("ref").and_then(Value::as_str) == Some(target.as_str()))
            {
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
        *schemas = all
            .into_iter()
            .map(|(k, v)| (Value::String(k), v))
            .collect();
    }
    kept
}

/// The old enums [`keep_enums`] will put back, found before the new schemas are renamed
/// (`rename`: new name → old name; names in `claimed` and not renamed are moved aside).
fn kept_enum_names(
    operations: &Mapping,
    schemas: &Mapping,
    rename: &BTreeMap<String, String>,
    claimed: &BTreeSet<String>,
    old_ops: &Mapping,
    old_schemas: &Mapping,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut look = |new: &Value, old: Option<&Value>| {
        if let Some(e) = old.and_then(|o| restorable(new, o, old_schemas)) {
            out.insert(e.to_owned());
        }
    };
    for (name, schema) in schemas {
        let Some(name) = name.as_str() else { continue };
        let Some(final_name) = rename
            .get(name)
            .map(String::as_str)
            .or((!claimed.contains(name)).then_some(name))
        else {
            continue;
        };
        let (Some(Value::Mapping(props)), old) = (
            schema.get("properties"),
            old_schemas
                .get(final_name)
                .and_then(|s| s.get("properties")),
        ) else {
            continue;
        };
        for (k, v) in props {
            look(v, old.and_then(|o| o.get(k)));
        }
    }
    for (id, op) in operations {
        let Some(Value::Sequence(params)) = op.get("parameters") else {
            continue;
        };
        let old = old_ops
            .get(id)
            .and_then(|o| o.get("parameters"))
            .and_then(Value::as_sequence);
        for p in params {
            let name = p.get("name");
            look(
                p,
                old.and_then(|o| o.iter().find(|q| q.get("name") == name)),
            );
        }
    }
    out
}

/// The old enum a new type takes back: the old type (or its items) refers to an enum and
/// the new one (or its items) is a plain string.
fn restorable<'a>(new: &Value, old: &'a Value, old_schemas: &Mapping) -> Option<&'a str> {
    let (n, o) = match (new.get("type").and_then(Value::as_str), old.get("items")) {
        (Some("array"), Some(oi)) => (new.get("items")?, oi),
        _ => (new, old),
    };
    let e = o.get("ref").and_then(Value::as_str)?;
    (old_schemas.get(e).is_some_and(|s| s.get("enum").is_some())
        && n.get("type").and_then(Value::as_str) == Some("string"))
    .then_some(e)
}

/// Names for the new schema `name` after where it is used, best first: `<Owner><Name>`
/// for the owner every other owner's name ends with (`Publicip` among `ResourcePublicip`
/// and `ShowPublicipV3Publicip`), then for each owner, the most uses first. An owner is the
/// schema whose property refers to it (by its final name) or the resource of the operation
/// whose parameter does.
fn context_names(
    name: &str,
    operations: &Mapping,
    schemas: &Mapping,
    rename: &BTreeMap<String, String>,
) -> Vec<String> {
    let refers = |v: &Value| {
        [
            v.get("ref"),
            v.get("items").and_then(|i| i.get("ref")),
            v.get("values").and_then(|i| i.get("ref")),
        ]
        .into_iter()
        .flatten()
        .any(|r| r.as_str() == Some(name))
    };
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for (owner, schema) in schemas {
        let Some(owner) = owner.as_str().filter(|o| *o != name) else {
            continue;
        };
        let Some(Value::Mapping(props)) = schema.get("properties") else {
            continue;
        };
        let n = props.values().filter(|v| refers(v)).count();
        if n > 0 {
            let owner = rename.get(owner).map_or(owner, String::as_str);
            *uses.entry(owner.to_owned()).or_default() += n;
        }
    }
    for (id, op) in operations {
        let (Some(id), Some(Value::Sequence(params))) = (id.as_str(), op.get("parameters")) else {
            continue;
        };
        let n = params.iter().filter(|p| refers(p)).count();
        if n > 0 {
            *uses.entry(super::schemas::resource_of(id)).or_default() += n;
        }
    }
    let mut owners: Vec<(&String, &usize)> = uses.iter().collect();
    owners.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let named = |o: &str| (!o.ends_with(name)).then(|| format!("{o}{name}"));
    let common = uses
        .keys()
        .filter(|o| uses.keys().all(|other| other.ends_with(o.as_str())))
        .min_by_key(|o| o.len());
    common
        .into_iter()
        .chain(owners.into_iter().map(|(o, _)| o))
        .filter_map(|o| named(o))
        .collect()
}

/// Puts back the old enum of every string property and parameter that had one.
fn keep_enums(
    operations: &mut Mapping,
    schemas: &mut Mapping,
    old_ops: &Mapping,
    old_schemas: &Mapping,
) -> usize {
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut restore = |new: &mut Value, old: Option<&Value>| {
        let Some(old) = old else { return };
        let Some(e) = restorable(new, old, old_schemas) else {
            return;
        };
        // The value itself, or an array's items.
        let items =
            new.get("type").and_then(Value::as_str) == Some("array") && old.get("items").is_some();
        let n = if items {
            new.get_mut("items")
        } else {
            Some(new)
        };
        if let Some(Value::Mapping(m)) = n {
            m.remove("type");
            m.insert("ref".into(), e.into());
            wanted.insert(e.to_owned());
        }
    };
    for (name, schema) in schemas.iter_mut() {
        let Some(Value::Mapping(props)) = schema.get_mut("properties") else {
            continue;
        };
        let old = old_schemas.get(name).and_then(|s| s.get("properties"));
        for (k, v) in props.iter_mut() {
            restore(v, old.and_then(|o| o.get(k)));
        }
    }
    for (id, op) in operations.iter_mut() {
        let Some(Value::Sequence(params)) = op.get_mut("parameters") else {
            continue;
        };
        let old = old_ops
            .get(id)
            .and_then(|o| o.get("parameters"))
            .and_then(Value::as_sequence);
        for p in params.iter_mut() {
            let name = p.get("name").cloned();
            restore(
                p,
                old.and_then(|o| o.iter().find(|q| q.get("name") == name.as_ref())),
            );
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

    #[test]
    fn an_old_enum_keeps_its_name_and_a_new_one_wanting_it_is_named_by_context() {
        // 2022: the v1 EIP `type` is the enum `Type`. The newer docs give it no value list
        // (a plain string) and list values for a new v3 field that wants `Type` too.
        let old = yaml(
            "operations:\n  ShowPublicip:\n    responses: { 200: { body: { ref: Publicip } } }\nschemas:\n  Publicip: { type: object, properties: { type: { ref: Type } } }\n  Type: { type: string, enum: [5_bgp, 5_mailbgp] }\n",
        );
        let new = yaml(
            "operations:\n  ShowPublicip:\n    responses: { 200: { body: { ref: Publicip } } }\n  ListPublicipsV3:\n    parameters: [{ name: type, in: query, ref: Type }]\n    responses: { 200: { body: { ref: ResourcePublicip } } }\nschemas:\n  Publicip: { type: object, properties: { type: { type: string } } }\n  ResourcePublicip: { type: object, properties: { type: { ref: Type } } }\n  Type: { type: string, enum: [EIP, DUALSTACK] }\n",
        );
        let mut ops = new["operations"].as_mapping().unwrap().clone();
        let mut schemas = new["schemas"].as_mapping().unwrap().clone();
        let kept = stabilize(&mut ops, &mut schemas, &old);
        assert_eq!(kept.moved_aside, 1);
        assert_eq!(
            schemas["Publicip"]["properties"]["type"]["ref"].as_str(),
            Some("Type")
        );
        assert_eq!(
            schemas["Type"]["enum"][0].as_str(),
            Some("5_bgp"),
            "the old enum is back"
        );
        // `Publicip` (the parameter's resource) is the owner `ResourcePublicip` ends with.
        assert_eq!(schemas["PublicipType"]["enum"][0].as_str(), Some("EIP"));
        assert_eq!(
            schemas["ResourcePublicip"]["properties"]["type"]["ref"].as_str(),
            Some("PublicipType")
        );
        assert_eq!(
            ops["ListPublicipsV3"]["parameters"][0]["ref"].as_str(),
            Some("PublicipType")
        );
    }
}
