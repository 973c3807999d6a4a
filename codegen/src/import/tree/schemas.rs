//! The schemas of a whole tree, shared by structure, named independently of page order.
//!
//! A nested object's table is named after its field (see [`super::fields`]): the
//! candidate name. Two tables with the same candidate name describe the same object when
//! they list the same fields, in the same order, with the same types and `required` flags
//! (descriptions do not count): they make one schema. When one candidate name stands for
//! several different objects, the one used by the most operations keeps the name (ties:
//! the one whose first user, by operation id, sorts first); each other one is named after
//! its first user (`Vpc` → `CreateVpcVpc`), with `Option` added for request objects when
//! that is taken, then a number. Names therefore depend only on which pages document
//! which objects, not on the order of the files, so re-importing a tree where pages were
//! added or moved renames nothing else.
//!
//! An operation's own bodies are `<Id>RequestBody` and `<Id>Response`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_yaml::{Mapping, Value};

/// Marks a provisional schema name, replaced by the final one when the tree is read.
const MARK: char = '\u{1}';

#[derive(Debug)]
struct Entry {
    candidate: String,
    request: bool,
    schema: Mapping,
    users: BTreeSet<String>,
}

/// Schemas by candidate name and shape, and the operations' fixed-name bodies.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    entries: Vec<Entry>,
    index: HashMap<(String, String), usize>,
    fixed: BTreeMap<String, Mapping>,
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
                    schema,
                    users: BTreeSet::new(),
                });
                self.index.insert(key, self.entries.len() - 1);
                self.entries.len() - 1
            }
        };
        let e = &mut self.entries[i];
        e.request &= request;
        e.users.insert(op.to_owned());
        format!("{MARK}{i}")
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
        for i in rest {
            let e = &self.entries[i];
            let base = format!("{}{}", first_user(i), e.candidate);
            let mut tries = vec![base.clone()];
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

    /// The schemas, sorted by name, and a function giving each provisional name its final
    /// one in the operations.
    pub fn finish(self, operations: &mut Mapping) -> Mapping {
        let names = self.names();
        let rename = |v: &mut Value| rename_refs(v, &names);
        for (_, op) in operations.iter_mut() {
            rename(op);
        }
        let mut out: BTreeMap<String, Mapping> = self.fixed;
        for (e, name) in self.entries.into_iter().zip(&names) {
            out.insert(name.clone(), e.schema);
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

fn rename_refs(v: &mut Value, names: &[String]) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m.iter_mut() {
                if k.as_str() == Some("ref") {
                    if let Some(i) = v
                        .as_str()
                        .and_then(|s| s.strip_prefix(MARK))
                        .and_then(|s| s.parse::<usize>().ok())
                        && let Some(n) = names.get(i)
                    {
                        *v = Value::String(n.clone());
                    }
                } else {
                    rename_refs(v, names);
                }
            }
        }
        Value::Sequence(s) => s.iter_mut().for_each(|v| rename_refs(v, names)),
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
            ("ShowVpc", "Vpc", &["id"]),
            ("ListVpcs", "Vpc", &["id"]),
            ("CreateVpc", "Vpc", &["name"]),
        ]);
        let b = named(&[
            ("CreateVpc", "Vpc", &["name"]),
            ("ListVpcs", "Vpc", &["id"]),
            ("ShowVpc", "Vpc", &["id"]),
        ]);
        assert_eq!(a, b);
        assert_eq!(a, ["CreateVpc=CreateVpcVpc", "ListVpcs=Vpc", "ShowVpc=Vpc"]);
    }
}
