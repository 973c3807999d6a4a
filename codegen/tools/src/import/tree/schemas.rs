//! The schemas of a whole tree, shared by structure, named after what they describe,
//! independently of page order.
//!
//! A nested object's table is named after its field (see [`super::fields`]): the
//! candidate name. Two tables with the same candidate name describe the same object when
//! they list the same fields, in the same order, with the same types and `required` flags
//! (descriptions do not count): they make one schema. Objects only responses use, with the
//! same candidate name, whose common fields agree (types and nested objects alike) are one
//! schema too, with every field of either (required where both require it): the subnet
//! `ListSubnets` returns is the `Subnet` that `ShowSubnet` returns, as in the official SDKs.
//! A response object whose one field is `id` is a reference to a resource, not the resource:
//! it folds with no fuller object and its candidate name is `<Candidate>Ref` (`ListenerRef`).
//!
//! When one candidate name still stands for several objects, the one used by the most
//! operations keeps it (ties: the one whose first user, by operation id, sorts first). Each
//! other one is named after the resource it belongs to, the first of these that is free:
//!
//! 1. the object holding it, when every holder has one candidate name (`Subnet`'s `tags` →
//!    `SubnetTag`);
//! 2. the resource all its operations act on, their ids without verb, version and OpenStack
//!    prefix (`ShowSecurityGroupRule` → `SecurityGroupRule`, so `SecurityGroupRuleTag`);
//! 3. for a request object of one operation, that operation (`CreateVpcOption`, as the
//!    official SDKs name request objects); for one of several, the common resource
//!    (`VpcOption`);
//! 4. its operation and the candidate when it has one operation or one resource
//!    (`CreateVpcVpc`), else `Resource` and the candidate (`ResourceTag`, the tags of many
//!    resources), then a number.
//!
//! Names therefore depend only on which pages document which objects, not on the order of
//! the files.
//!
//! An object typed from examples (`inferred: example`, see [`super::from_examples`]) with
//! the same fields and types as a documented schema (descriptions, `required` and
//! `nullable` aside) is that schema, preferably one of its own candidate name (`tags_any`'s
//! items are the `TagsAny` another page documents); inferred objects of one shape are one
//! schema, named after the candidate that sorts first.
//!
//! An operation's own bodies are `<Id>RequestBody` and `<Id>Response`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_yaml::{Mapping, Value};

/// Marks a provisional schema name, replaced by the final one when the tree is read.
const MARK: char = '\u{1}';
/// Marks a reference to the object of a table still being read (a table that contains
/// itself), replaced by that object's schema once it is interned.
const WITHIN: char = '\u{2}';

#[derive(Debug)]
struct Entry {
    candidate: String,
    /// Every use is in a request.
    request: bool,
    /// Some use is in a request.
    in_request: bool,
    schema: Mapping,
    users: BTreeSet<String>,
}

/// Schemas by candidate name and shape, and the operations' fixed-name bodies.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    entries: Vec<Entry>,
    index: HashMap<(String, String), usize>,
    fixed: BTreeMap<String, Mapping>,
    /// The entry each table (`file:line`) was last interned as, for references from within.
    by_table: HashMap<String, usize>,
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
    /// A provisional name for `schema` (named `candidate`, used by operation `op`); the
    /// same candidate and shape give the same name.
    pub fn intern(&mut self, candidate: &str, request: bool, op: &str, schema: Mapping) -> String {
        let key = (candidate.to_owned(), shape(&schema));
        let i = match self.index.get(&key) {
            Some(&i) => {
                self.shared += 1;
                i
            }
            None => {
                self.entries.push(Entry {
                    candidate: candidate.to_owned(),
                    request,
                    in_request: request,
                    schema,
                    users: BTreeSet::new(),
                });
                self.index.insert(key, self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[i];
        e.request &= request;
        e.in_request |= request;
        e.users.insert(op.to_owned());
        format!("{MARK}{i}")
    }

    /// A reference to the object of the table `table_key` (`file:line`) from a field inside
    /// that table, resolved once the object is interned ([`Registry::interned_table`]).
    pub fn within(table_key: &str) -> String {
        format!("{WITHIN}{table_key}")
    }

    /// Records that the table `table_key` became the provisional schema `name`.
    pub fn interned_table(&mut self, table_key: &str, name: &str) {
        if let Some(i) = name.strip_prefix(MARK).and_then(|i| i.parse().ok()) {
            self.by_table.insert(table_key.to_owned(), i);
        }
    }

    /// Adds an operation's body schema under its fixed name.
    pub fn fixed(&mut self, name: &str, schema: Mapping) -> String {
        self.fixed.insert(name.to_owned(), schema);
        name.to_owned()
    }

    /// Number of schemas.
    pub fn len(&self) -> usize {
        self.entries.len() + self.fixed.len()
    }

    /// The final names, by entry.
    fn names(&self) -> Vec<String> {
        let mut names = vec![String::new(); self.entries.len()];
        let mut taken: BTreeSet<String> = self.fixed.keys().cloned().collect();
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            groups.entry(e.candidate.as_str()).or_default().push(i);
        }
        let first_user = |i: usize| {
            self.entries[i]
                .users
                .iter()
                .next()
                .cloned()
                .unwrap_or_default()
        };
        // Winners first, so that an alternative name never takes a plain one.
        let mut rest = Vec::new();
        for (candidate, mut members) in groups {
            members.sort_by_key(|&i| {
                (
                    std::cmp::Reverse(self.entries[i].users.len()),
                    first_user(i),
                )
            });
            if taken.insert(candidate.to_owned()) {
                names[members[0]] = candidate.to_owned();
                rest.extend(members[1..].iter().copied());
            } else {
                rest.extend(members);
            }
        }
        rest.sort_by_key(|&i| {
            (
                first_user(i),
                self.entries[i].candidate.clone(),
                self.entries[i].request,
            )
        });
        let holders = self.holders();
        for i in rest {
            let e = &self.entries[i];
            let c = e.candidate.as_str();
            let mut tries: Vec<String> = Vec::new();
            let mut qualify = |owner: &str| {
                if !owner.is_empty() && owner != c && !owner.ends_with(c) && !c.starts_with(owner) {
                    tries.push(format!("{owner}{c}"));
                }
            };
            if let [holder] = holders[i].iter().collect::<Vec<_>>().as_slice() {
                qualify(holder);
            }
            let resource = common(e.users.iter().map(|u| resource_of(u)));
            if let Some(r) = &resource {
                qualify(r);
            }
            if e.request {
                match (e.users.len(), &resource) {
                    (1, _) => tries.push(format!("{}Option", first_user(i))),
                    (_, Some(r)) => tries.push(format!("{r}Option")),
                    _ => {}
                }
            }
            // An operation names a type only when it is the type's one user, or all users
            // act on one resource; a type of many resources is a `Resource...` one.
            let base = if e.users.len() == 1 || resource.is_some() {
                format!("{}{c}", first_user(i))
            } else {
                format!("Resource{c}")
            };
            tries.push(base.clone());
            if e.request {
                tries.push(format!("{base}Option"));
            }
            let name = tries
                .into_iter()
                .chain((2..).map(|n| format!("{base}{n}")))
                .find(|n| !taken.contains(n))
                .unwrap_or(base);
            taken.insert(name.clone());
            names[i] = name;
        }
        names
    }

    /// For each entry, the candidate names of the entries whose properties refer to it
    /// (operation bodies do not count).
    fn holders(&self) -> Vec<BTreeSet<String>> {
        let mut out = vec![BTreeSet::new(); self.entries.len()];
        for e in &self.entries {
            let mut refs = Vec::new();
            provisional_refs(&Value::Mapping(e.schema.clone()), &mut refs);
            for r in refs {
                if let Some(slot) = out.get_mut(r) {
                    slot.insert(e.candidate.clone());
                }
            }
        }
        out
    }

    /// Folds each object typed from examples into a schema with the same fields and types
    /// (descriptions, `required` and `nullable` aside): a documented one (of the same
    /// candidate name, else the first by candidate name), else the inferred one whose candidate name sorts first. Entries are
    /// made children first, so one pass sees nested objects already folded.
    fn fold_inferred(&mut self) -> BTreeMap<usize, usize> {
        let inferred = |e: &Entry| e.schema.contains_key("inferred");
        let typing = |schema: &Mapping, folded: &BTreeMap<usize, usize>| {
            let mut v = Value::Mapping(schema.clone());
            map_refs(&mut v, &|r| {
                let i = r.strip_prefix(MARK)?.parse::<usize>().ok()?;
                folded.get(&i).map(|t| format!("{MARK}{t}"))
            });
            typing_of(&v)
        };
        let mut folded: BTreeMap<usize, usize> = BTreeMap::new();
        if !self.entries.iter().any(inferred) {
            return folded;
        }
        let documented: Vec<(usize, String)> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !inferred(e))
            .map(|(i, e)| (i, typing(&e.schema, &folded)))
            .collect();
        let mut inferred_keys: Vec<(usize, String)> = Vec::new();
        for i in 0..self.entries.len() {
            if !inferred(&self.entries[i]) {
                continue;
            }
            let key = typing(&self.entries[i].schema, &folded);
            let candidate = self.entries[i].candidate.clone();
            let by_name = |(j, _): &&(usize, String)| {
                let c = &self.entries[*j].candidate;
                (*c != candidate, c.clone())
            };
            let target = documented
                .iter()
                .filter(|(_, k)| *k == key)
                .min_by_key(by_name)
                .or_else(|| {
                    inferred_keys
                        .iter()
                        .filter(|(_, k)| *k == key)
                        .min_by_key(by_name)
                })
                .map(|(j, _)| *j);
            let Some(j) = target else {
                inferred_keys.push((i, key));
                continue;
            };
            // Of two inferred ones, the candidate name sorting first is kept.
            let (keep, fold) = if inferred(&self.entries[j])
                && self.entries[i].candidate < self.entries[j].candidate
            {
                (i, j)
            } else {
                (j, i)
            };
            let (users, request, in_request) = {
                let e = &self.entries[fold];
                (e.users.clone(), e.request, e.in_request)
            };
            let target = &mut self.entries[keep];
            target.users.extend(users);
            target.request &= request;
            target.in_request |= in_request;
            folded.insert(fold, keep);
            for f in folded.values_mut() {
                if *f == fold {
                    *f = keep;
                }
            }
            if keep == i {
                inferred_keys.retain(|(k, _)| *k != j);
                inferred_keys.push((i, key));
            }
            self.shared += 1;
        }
        folded
    }

    /// Folds response-only entries of one candidate whose common fields agree into one
    /// (the first, in entry order), so that renaming refs to the folded ones is enough;
    /// entries `already` folded, and objects typed from examples, are left out.
    fn fold_responses(&mut self, already: &BTreeMap<usize, usize>) -> BTreeMap<usize, usize> {
        let mut folded: BTreeMap<usize, usize> = BTreeMap::new();
        let mut by_candidate: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            // An object typed from examples folds only by its exact fields and types
            // (`fold_inferred`): its `any`s would win over a documented table's types.
            if !e.in_request && !already.contains_key(&i) && !e.schema.contains_key("inferred") {
                by_candidate.entry(e.candidate.clone()).or_default().push(i);
            }
        }
        for members in by_candidate.values() {
            let mut kept: Vec<usize> = Vec::new();
            for &i in members {
                let into = kept
                    .iter()
                    .copied()
                    .find(|&k| agree(&self.entries[k].schema, &self.entries[i].schema));
                match into {
                    Some(k) => {
                        let (schema, users) = {
                            let e = &self.entries[i];
                            (e.schema.clone(), e.users.clone())
                        };
                        let target = &mut self.entries[k];
                        union(&mut target.schema, &schema);
                        target.users.extend(users);
                        folded.insert(i, k);
                        self.shared += 1;
                    }
                    None => kept.push(i),
                }
            }
        }
        folded
    }

    /// The schemas, sorted by name, and a function giving each provisional name its final
    /// one in the operations.
    pub fn finish(mut self, operations: &mut Mapping) -> Mapping {
        let by_table = std::mem::take(&mut self.by_table);
        let within = |r: &str| {
            let i = by_table.get(r.strip_prefix(WITHIN)?)?;
            Some(format!("{MARK}{i}"))
        };
        for e in &mut self.entries {
            let mut v = Value::Mapping(std::mem::take(&mut e.schema));
            map_refs(&mut v, &within);
            if let Value::Mapping(m) = v {
                e.schema = m;
            }
        }
        let mut folded = self.fold_inferred();
        for (from, to) in self.fold_responses(&folded) {
            folded.insert(from, to);
        }
        // A fold into an entry folded later ends at that entry's target.
        let ends: BTreeMap<usize, usize> = folded
            .keys()
            .map(|&from| {
                let mut to = folded[&from];
                for _ in 0..folded.len() {
                    match folded.get(&to) {
                        Some(&next) => to = next,
                        None => break,
                    }
                }
                (from, to)
            })
            .collect();
        let folded = ends;
        // A response object that only gives a resource's id is a reference to it, named so
        // (`listeners: [{ id }]` → `ListenerRef`, as the docs and the SDKs name them), which
        // leaves the plain name to the resource.
        for e in &mut self.entries {
            let reference = e
                .schema
                .get("properties")
                .and_then(Value::as_mapping)
                .is_some_and(|p| p.len() == 1 && p.contains_key("id"));
            if reference && !e.in_request && !e.candidate.ends_with("Ref") {
                e.candidate.push_str("Ref");
            }
        }
        let mut names = self.names();
        for (&from, &to) in &folded {
            names[from] = names[to].clone();
        }
        let rename = |v: &mut Value| rename_refs(v, &names);
        for (_, op) in operations.iter_mut() {
            rename(op);
        }
        let mut out: BTreeMap<String, Mapping> = self.fixed;
        for (i, (e, name)) in self.entries.into_iter().zip(&names).enumerate() {
            if !folded.contains_key(&i) {
                out.insert(name.clone(), e.schema);
            }
        }
        out.into_iter()
            .map(|(k, v)| {
                let mut v = Value::Mapping(v);
                rename(&mut v);
                (Value::String(k), v)
            })
            .collect()
    }
}

/// The resource an operation acts on: its id without OpenStack prefix, `Batch`, verb and
/// version suffix, singular (`NeutronListSecurityGroupRules` → `SecurityGroupRule`).
pub(crate) fn resource_of(op: &str) -> String {
    let mut rest = op;
    for prefix in ["Neutron", "Nova", "Cinder", "Keystone", "Glance", "Batch"] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    // The verb: the first word.
    let verb_end = rest
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_ascii_uppercase())
        .map_or(rest.len(), |(i, _)| i);
    let mut noun = &rest[verb_end..];
    // A version suffix (`V3`, `V2_1`).
    if let Some(p) = noun.rfind('V')
        && p > 0
        && noun[p + 1..]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '_')
        && noun.len() > p + 1
    {
        noun = &noun[..p];
    }
    for tail in ["ByTags", "Details"] {
        noun = noun.strip_suffix(tail).unwrap_or(noun);
    }
    super::verbs::singular(noun)
}

/// The one value every item has, if there is one.
fn common(mut items: impl Iterator<Item = String>) -> Option<String> {
    let first = items.next()?;
    items.all(|i| i == first).then_some(first)
}

/// Provisional entry numbers a value refers to.
fn provisional_refs(v: &Value, out: &mut Vec<usize>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                if k.as_str() == Some("ref") {
                    if let Some(i) = v
                        .as_str()
                        .and_then(|s| s.strip_prefix(MARK))
                        .and_then(|s| s.parse::<usize>().ok())
                    {
                        out.push(i);
                    }
                } else {
                    provisional_refs(v, out);
                }
            }
        }
        Value::Sequence(s) => s.iter().for_each(|v| provisional_refs(v, out)),
        _ => {}
    }
}

/// A property's type without its description and `required` flag.
fn bare(v: &Value) -> String {
    let Value::Mapping(m) = v else {
        return String::new();
    };
    let m: Mapping = m
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), Some("required" | "description")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    shape(&m)
}

/// Whether two object schemas type every field they share alike.
/// What types a schema gives, as text: descriptions, `required`, `nullable` and
/// `inferred` left out.
fn typing_of(v: &Value) -> String {
    fn strip(v: &Value) -> Value {
        match v {
            Value::Mapping(m) => Value::Mapping(
                m.iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            Some("description" | "required" | "nullable" | "inferred")
                        )
                    })
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Sequence(s) => Value::Sequence(s.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    serde_json::to_string(&strip(v)).unwrap_or_default()
}

fn agree(a: &Mapping, b: &Mapping) -> bool {
    let props = |m: &Mapping| m.get("properties").and_then(Value::as_mapping).cloned();
    let (Some(pa), Some(pb)) = (props(a), props(b)) else {
        return false;
    };
    let shared = pa.keys().filter(|k| pb.contains_key(*k)).count();
    // An object of one field `id` is a reference to a resource (`ListenerRef`), not the
    // resource: it never folds into a fuller object, nor one into it.
    let reference = |p: &Mapping| p.len() == 1 && p.contains_key("id");
    shared > 0
        && (reference(&pa) == reference(&pb))
        && pa
            .iter()
            .all(|(k, v)| pb.get(k).is_none_or(|w| bare(v) == bare(w)))
}

/// Adds `b`'s fields to `a` (after `a`'s own); a field is required only when both require it.
fn union(a: &mut Mapping, b: &Mapping) {
    let Some(Value::Mapping(pb)) = b.get("properties") else {
        return;
    };
    let Some(Value::Mapping(pa)) = a.get_mut("properties") else {
        return;
    };
    for (k, v) in pa.iter_mut() {
        let both = pb
            .get(k)
            .is_some_and(|w| w.get("required") == Some(&Value::Bool(true)));
        if !both && let Value::Mapping(m) = v {
            m.remove("required");
        }
    }
    for (k, v) in pb {
        if !pa.contains_key(k) {
            let mut v = v.clone();
            if let Value::Mapping(m) = &mut v {
                m.remove("required");
            }
            pa.insert(k.clone(), v);
        }
    }
}

fn rename_refs(v: &mut Value, names: &[String]) {
    map_refs(v, &|r| {
        let i = r.strip_prefix(MARK)?.parse::<usize>().ok()?;
        names.get(i).cloned()
    });
}

/// Replaces every `ref` in a value that `rename` gives a new name.
pub(crate) fn map_refs(v: &mut Value, rename: &impl Fn(&str) -> Option<String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                if k.as_str() == Some("ref") {
                    if let Some(n) = v.as_str().and_then(rename) {
                        *v = Value::String(n);
                    }
                } else {
                    map_refs(v, rename);
                }
            }
        }
        Value::Sequence(s) => s.iter_mut().for_each(|v| map_refs(v, rename)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(fields: &[&str]) -> Mapping {
        let props: Mapping = fields
            .iter()
            .map(|f| {
                (
                    Value::from(*f),
                    Value::Mapping(std::iter::once(("type".into(), "string".into())).collect()),
                )
            })
            .collect();
        let mut m = Mapping::new();
        m.insert("type".into(), "object".into());
        m.insert("properties".into(), Value::Mapping(props));
        m
    }

    fn named(order: &[(&str, &str, &[&str])]) -> Vec<String> {
        let mut r = Registry::default();
        let mut ops = Mapping::new();
        for (op, cand, fields) in order {
            let n = r.intern(cand, false, op, object(fields));
            let mut m = Mapping::new();
            m.insert("ref".into(), n.into());
            ops.insert((*op).into(), Value::Mapping(m));
        }
        r.finish(&mut ops);
        let mut out: Vec<String> = ops
            .iter()
            .map(|(k, v)| format!("{}={}", k.as_str().unwrap(), v["ref"].as_str().unwrap()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn names_do_not_depend_on_page_order() {
        let a = named(&[
            ("ShowVpc", "Vpc", &["id", "cidr"]),
            ("ListVpcs", "Vpc", &["id", "cidr"]),
            ("CreateVpc", "Vpc", &["name"]),
        ]);
        let b = named(&[
            ("CreateVpc", "Vpc", &["name"]),
            ("ListVpcs", "Vpc", &["id", "cidr"]),
            ("ShowVpc", "Vpc", &["id", "cidr"]),
        ]);
        assert_eq!(a, b);
        assert_eq!(a, ["CreateVpc=CreateVpcVpc", "ListVpcs=Vpc", "ShowVpc=Vpc"]);
    }

    #[test]
    fn response_objects_that_agree_are_one_and_others_are_named_after_their_resource() {
        let a = named(&[
            ("ShowSubnet", "Subnet", &["id", "name"]),
            ("ListSubnets", "Subnet", &["id", "cidr"]),
            ("ShowSecurityGroupRule", "Tag", &["key"]),
            ("ShowFirewall", "Tag", &["key", "value"]),
            ("ListFirewalls", "Tag", &["key", "value"]),
        ]);
        assert_eq!(
            a,
            [
                "ListFirewalls=Tag",
                "ListSubnets=Subnet",
                "ShowFirewall=Tag",
                "ShowSecurityGroupRule=Tag",
                "ShowSubnet=Subnet"
            ],
            "responses whose common fields agree fold into one"
        );
        // An object of one field `id` is a reference: it folds into no fuller object and
        // leaves the plain name to the resource.
        let refs = named(&[
            ("ShowListener", "Listener", &["id", "name"]),
            ("ShowIpgroup", "Listener", &["id"]),
            ("ShowSecurityPolicy", "Listener", &["id"]),
        ]);
        assert_eq!(
            refs,
            [
                "ShowIpgroup=ListenerRef",
                "ShowListener=Listener",
                "ShowSecurityPolicy=ListenerRef"
            ]
        );
        assert_eq!(
            resource_of("NeutronListSecurityGroupRules"),
            "SecurityGroupRule"
        );
        assert_eq!(resource_of("ListVpcsV3"), "Vpc");
        assert_eq!(resource_of("ListVpcsByTags"), "Vpc");
    }
}
