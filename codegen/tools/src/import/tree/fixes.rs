//! Fixes: a person's corrections to the docs, kept in a file of their own and applied after
//! every import, so that a re-import of newer docs keeps them.
//!
//! ```yaml
//! fixes:
//!   - at: schemas.SecurityGroupRuleOption.properties.priority
//!     docs: { type: string }          # what the docs say: the fix applies while they say it
//!     set: { type: int32 }
//!     why: The request table says String; the example, the response table and the SDK say Integer.
//!   - at: operations.ListSecurityGroups.group
//!     set: security_group
//!   - at: schemas.Vpc
//!     rename: VpcDetail
//! ```
//!
//! `at` is a key path into the spec, dotted (`operations.X.pagination`) or a list of keys
//! (for a key with a dot). In a list (`parameters`, `enum`), a key selects the element whose
//! `name` (or `value`) it is, a number selects by position. Each fix does one thing:
//!
//! - `set: VALUE`: a JSON merge patch (RFC 7386) of the value at `at`: a mapping is merged
//!   key by key (nested mappings too) and a `null` removes its key (`set: { type: null, ref:
//!   Protocol }` turns a string into an enum); any other value replaces it. The place may be
//!   new, its parent must exist.
//! - `remove: true`: removes the entry.
//! - `rename: NAME`: renames the entry's key; renaming a schema renames every `ref` to it,
//!   renaming an operation renames its `<Id>RequestBody`/`<Id>Response` schemas along. Once
//!   the spec imported into has the new name, an import keeps it by itself: a rename whose
//!   new name is there and old name is not has nothing left to do and counts as applied.
//!
//! A fix that no longer applies is reported at its line in the fixes file, never silently
//! dropped: when `at` (or its parent, for a `set`) is not in the imported spec any more, or
//! `docs` is given and the docs now say something else (the docs may have been corrected,
//! or changed: a person decides). Such a fix is not applied. The file is read with
//! serde_yaml; positions come from the project's YAML span index.

use serde_yaml::{Mapping, Value};

use crate::diagnostics::{KeyPath, SpanIndex};
use crate::error::Error;
use crate::import::warning::{Warning, Warnings};

/// What a fix does.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Merge or replace the value.
    Set(Value),
    /// Remove the entry.
    Remove,
    /// Rename the entry's key.
    Rename(String),
}

/// One fix.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    /// Where, as keys.
    pub at: Vec<String>,
    /// What the docs say there, when the fix is only right while they say it.
    pub docs: Option<Value>,
    /// The change.
    pub change: Change,
    /// Why (free text).
    pub why: Option<String>,
    /// Line of the fix in its file.
    pub line: usize,
}

/// The fixes of one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fixes {
    /// The file, for messages.
    pub file: String,
    /// The fixes, in file order.
    pub fixes: Vec<Fix>,
}

/// How applying went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    /// Fixes applied.
    pub applied: usize,
    /// Fixes that no longer apply (each with a warning).
    pub stale: usize,
}

impl Fixes {
    /// Reads a fixes file; `file` names it in messages. Every problem is an error naming
    /// `file:line:column` and the fix.
    pub fn parse(file: &str, text: &str) -> Result<Self, Error> {
        let spans = SpanIndex::build(text);
        let at = |path: &KeyPath| {
            spans
                .nearest(path)
                .and_then(|(_, s)| s.key.or(s.value))
                .map_or((1, 1), |p| (p.line, p.column))
        };
        let fail = |path: &KeyPath, what: String| {
            let (l, c) = at(path);
            Error::Config {
                message: format!("{file}:{l}:{c}: {what}"),
            }
        };
        let doc: Value = serde_yaml::from_str(text).map_err(|e| {
            let (l, c) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            Error::Config {
                message: format!("{file}:{l}:{c}: the fixes file is not YAML: {e}"),
            }
        })?;
        let root = KeyPath::root();
        let list = match doc.get("fixes") {
            Some(Value::Sequence(list)) => list.clone(),
            Some(Value::Null) | None if doc.is_null() || doc.get("fixes").is_some() => Vec::new(),
            _ => {
                return Err(fail(
                    &root,
                    "a fixes file is a mapping with one key, `fixes`, holding a list".into(),
                ));
            }
        };
        if let Value::Mapping(m) = &doc
            && let Some(k) = m.keys().find(|k| k.as_str() != Some("fixes"))
        {
            let key = k.as_str().unwrap_or("?");
            return Err(fail(
                &root.key(key),
                format!("unknown key `{key}`: a fixes file has only `fixes`"),
            ));
        }
        let mut fixes = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let path = root.key("fixes").index(i);
            let Value::Mapping(m) = item else {
                return Err(fail(&path, format!("fixes[{i}] is not a mapping")));
            };
            for k in m.keys() {
                let key = k.as_str().unwrap_or("?");
                if !matches!(key, "at" | "docs" | "set" | "remove" | "rename" | "why") {
                    return Err(fail(
                        &path.key(key),
                        format!(
                            "fixes[{i}]: unknown key `{key}` (a fix has `at`, one of `set`, `remove`, `rename`, and optionally `docs` and `why`)"
                        ),
                    ));
                }
            }
            let keys: Vec<String> = match m.get("at") {
                Some(Value::String(s)) => s.split('.').map(str::to_owned).collect(),
                Some(Value::Sequence(s)) => s
                    .iter()
                    .map(|k| match k {
                        Value::String(s) => Some(s.clone()),
                        Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            if keys.is_empty() || keys.iter().any(String::is_empty) {
                return Err(fail(
                    &path.key("at"),
                    format!(
                        "fixes[{i}]: `at` must be a key path such as `schemas.Vpc.properties.status` (or a list of keys)"
                    ),
                ));
            }
            let changes: Vec<Change> = [
                m.get("set").map(|v| Change::Set(v.clone())),
                match m.get("remove") {
                    Some(Value::Bool(true)) => Some(Change::Remove),
                    Some(_) => {
                        return Err(fail(
                            &path.key("remove"),
                            format!("fixes[{i}]: `remove` takes `true`"),
                        ));
                    }
                    None => None,
                },
                match m.get("rename") {
                    Some(Value::String(s)) if !s.is_empty() => Some(Change::Rename(s.clone())),
                    Some(_) => {
                        return Err(fail(
                            &path.key("rename"),
                            format!("fixes[{i}]: `rename` takes the new name"),
                        ));
                    }
                    None => None,
                },
            ]
            .into_iter()
            .flatten()
            .collect();
            let [change] = <[Change; 1]>::try_from(changes).map_err(|c| {
                fail(
                    &path,
                    format!(
                        "fixes[{i}] at `{}`: give exactly one of `set`, `remove`, `rename` (found {})",
                        keys.join("."),
                        c.len()
                    ),
                )
            })?;
            fixes.push(Fix {
                at: keys,
                docs: m.get("docs").cloned(),
                change,
                why: m.get("why").and_then(Value::as_str).map(str::to_owned),
                line: at(&path).0,
            });
        }
        Ok(Self {
            file: file.to_owned(),
            fixes,
        })
    }

    /// Applies every fix to the spec `doc`; each that no longer applies is a warning.
    pub(crate) fn apply(&self, doc: &mut Mapping, warnings: &mut Warnings) -> Applied {
        let mut out = Applied::default();
        // Renames the spec imported into already has: the other fixes' paths follow them.
        let mut aliases: Vec<(String, String, String)> = Vec::new();
        for fix in &self.fixes {
            if let (Change::Rename(to), [section, from]) = (&fix.change, fix.at.as_slice()) {
                let has = |name: &str| {
                    doc.get(section.as_str())
                        .and_then(Value::as_mapping)
                        .is_some_and(|m| m.contains_key(name))
                };
                if !has(from) && has(to) {
                    aliases.push((section.clone(), from.clone(), to.clone()));
                    if section == "operations" {
                        for suffix in ["RequestBody", "Response"] {
                            aliases.push((
                                "schemas".into(),
                                format!("{from}{suffix}"),
                                format!("{to}{suffix}"),
                            ));
                        }
                    }
                }
            }
        }
        for fix in &self.fixes {
            let mut fix = fix.clone();
            if let [section, name, ..] = fix.at.as_mut_slice()
                && let Some((_, _, to)) = aliases.iter().find(|(s, f, _)| s == section && f == name)
                && !matches!(fix.change, Change::Rename(_))
            {
                *name = to.clone();
            }
            let fix = &fix;
            match apply_one(doc, fix) {
                Ok(()) => out.applied += 1,
                Err(why) => {
                    out.stale += 1;
                    warnings.push(Warning::new(
                        &self.file,
                        fix.line,
                        format!(
                            "the fix at `{}` no longer applies: {why}; it was not applied (update or remove it)",
                            fix.at.join(".")
                        ),
                    ));
                }
            }
        }
        out
    }
}

/// The child of `v` that `key` selects (see the module docs), mutably.
fn child<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    match v {
        Value::Mapping(m) => m.get_mut(key),
        Value::Sequence(s) => {
            let by_name = s.iter().position(|e| {
                [e.get("name"), e.get("value"), Some(e)]
                    .into_iter()
                    .flatten()
                    .any(|n| n.as_str() == Some(key))
            });
            let i = by_name.or_else(|| key.parse::<usize>().ok())?;
            s.get_mut(i)
        }
        _ => None,
    }
}

fn apply_one(doc: &mut Mapping, fix: &Fix) -> Result<(), String> {
    let (last, parents) = fix.at.split_last().ok_or("no key path")?;
    let mut root = Value::Mapping(std::mem::take(doc));
    let result = (|| {
        let mut parent = &mut root;
        for (depth, key) in parents.iter().enumerate() {
            parent = child(parent, key)
                .ok_or_else(|| format!("the spec has no `{}`", fix.at[..=depth].join(".")))?;
        }
        let current = child(parent, last).map(|v| v.clone());
        if let Some(expected) = &fix.docs {
            match &current {
                Some(now) if contains(now, expected) => {}
                Some(now) => {
                    return Err(format!(
                        "the docs now say {} where the fix expects {}",
                        inline(now),
                        inline(expected)
                    ));
                }
                None => return Err(format!("the spec has no `{}`", fix.at.join("."))),
            }
        }
        match &fix.change {
            Change::Set(value) => {
                if current.is_some() {
                    if let Some(target) = child(parent, last) {
                        merge(target, value);
                    }
                    Ok(None)
                } else if let Value::Mapping(m) = parent {
                    m.insert(last.as_str().into(), without_nulls(value));
                    Ok(None)
                } else {
                    Err(format!("the spec has no `{}`", fix.at.join(".")))
                }
            }
            Change::Remove => match parent {
                Value::Mapping(m) if m.contains_key(last.as_str()) => {
                    m.remove(last.as_str());
                    Ok(None)
                }
                Value::Sequence(_) => {
                    let found = child(parent, last).map(|v| v.clone());
                    match (found, parent) {
                        (Some(v), Value::Sequence(s)) => {
                            s.retain(|e| *e != v);
                            Ok(None)
                        }
                        _ => Err(format!("the spec has no `{}`", fix.at.join("."))),
                    }
                }
                _ => Err(format!("the spec has no `{}`", fix.at.join("."))),
            },
            Change::Rename(to) => match parent {
                Value::Mapping(m)
                    if !m.contains_key(last.as_str()) && m.contains_key(to.as_str()) =>
                {
                    Ok(None)
                }
                Value::Mapping(m) if m.contains_key(last.as_str()) => {
                    if m.contains_key(to.as_str()) {
                        return Err(format!("`{to}` exists already"));
                    }
                    let entries = std::mem::take(m);
                    *m = entries
                        .into_iter()
                        .map(|(k, v)| {
                            if k.as_str() == Some(last.as_str()) {
                                (Value::String(to.clone()), v)
                            } else {
                                (k, v)
                            }
                        })
                        .collect();
                    Ok(Some((parents.to_vec(), last.clone(), to.clone())))
                }
                _ => Err(format!("the spec has no `{}`", fix.at.join("."))),
            },
        }
    })();
    let renamed = result.as_ref().ok().cloned().flatten();
    if let Value::Mapping(m) = root {
        *doc = m;
    }
    if let Some((parents, from, to)) = renamed {
        rename_everywhere(doc, &parents, &from, &to);
    }
    result.map(|_| ())
}

/// After a rename of a schema or an operation: its references, kept sorted by name.
fn rename_everywhere(doc: &mut Mapping, parents: &[String], from: &str, to: &str) {
    match parents {
        [s] if s == "schemas" => {
            for (_, v) in doc.iter_mut() {
                rename_refs(v, from, to);
            }
            sort_section(doc, "schemas");
        }
        [s] if s == "operations" => {
            for suffix in ["RequestBody", "Response"] {
                let (old, new) = (format!("{from}{suffix}"), format!("{to}{suffix}"));
                let free = doc
                    .get("schemas")
                    .and_then(Value::as_mapping)
                    .is_some_and(|m| m.contains_key(old.as_str()) && !m.contains_key(new.as_str()));
                if free {
                    let fix = Fix {
                        at: vec!["schemas".into(), old],
                        docs: None,
                        change: Change::Rename(new),
                        why: None,
                        line: 0,
                    };
                    let _ = apply_one(doc, &fix);
                }
            }
            sort_section(doc, "operations");
        }
        _ => {}
    }
}

fn rename_refs(v: &mut Value, from: &str, to: &str) {
    super::schemas::map_refs(v, &|r| (r == from).then(|| to.to_owned()));
}

fn sort_section(doc: &mut Mapping, key: &str) {
    if let Some(Value::Mapping(m)) = doc.get_mut(key) {
        let mut entries: Vec<(Value, Value)> = std::mem::take(m).into_iter().collect();
        entries.sort_by(|a, b| a.0.as_str().cmp(&b.0.as_str()));
        *m = entries.into_iter().collect();
    }
}

/// Merges `value` into `target` as a JSON merge patch: mappings key by key, `null`
/// removing its key, anything else replaced.
fn merge(target: &mut Value, value: &Value) {
    match (target, value) {
        (Value::Mapping(t), Value::Mapping(v)) => {
            for (k, v) in v {
                match (t.get_mut(k), v) {
                    (_, Value::Null) => {
                        t.remove(k);
                    }
                    (Some(slot), _) => merge(slot, v),
                    (None, _) => {
                        t.insert(k.clone(), without_nulls(v));
                    }
                }
            }
        }
        (t, v) => *t = without_nulls(v),
    }
}

/// A value with the `null`s of its mappings removed (a patch's deletions of nothing).
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Mapping(m) => Value::Mapping(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether `now` says what `expected` says: equal, or for mappings, every key of
/// `expected` with a value `now` contains.
fn contains(now: &Value, expected: &Value) -> bool {
    match (now, expected) {
        (Value::Mapping(n), Value::Mapping(e)) => e
            .iter()
            .all(|(k, ev)| n.get(k).is_some_and(|nv| contains(nv, ev))),
        _ => now == expected,
    }
}

/// A value as one line of flow YAML, for messages.
fn inline(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_default();
    if text.len() > 120 {
        format!("{}...", text.chars().take(117).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Mapping {
        serde_yaml::from_str(
            "operations:\n  DeleteVpcSubnet:\n    group: subnet\n    parameters:\n      - { name: limit, in: query, type: string }\n    responses: { 200: { body: { ref: DeleteVpcSubnetResponse } } }\nschemas:\n  DeleteVpcSubnetResponse: { type: object, properties: { rule: { ref: Rule } } }\n  Rule: { type: object, properties: { priority: { type: string, description: Priority. } } }\n",
        )
        .unwrap()
    }

    #[test]
    fn fixes_set_rename_and_remove() {
        let fixes = Fixes::parse(
            "vpc.fixes.yaml",
            "fixes:\n  - at: schemas.Rule.properties.priority\n    docs: { type: string }\n    set: { type: null, ref: Priority }\n  - at: schemas.Priority\n    set: { type: string, enum: [high, low] }\n  - at: operations.DeleteVpcSubnet.parameters.limit.type\n    set: int32\n  - at: schemas.Rule\n    rename: SecurityGroupRule\n  - at: operations.DeleteVpcSubnet\n    rename: DeleteSubnet\n  - at: operations.DeleteSubnet.group\n    remove: true\n",
        )
        .unwrap();
        let mut doc = spec();
        let mut warnings = Vec::new();
        let applied = fixes.apply(&mut doc, &mut warnings);
        assert_eq!(
            applied,
            Applied {
                applied: 6,
                stale: 0
            },
            "{warnings:?}"
        );
        let text = serde_yaml::to_string(&doc).unwrap();
        assert!(text.contains("SecurityGroupRule:"), "{text}");
        assert!(text.contains("ref: SecurityGroupRule"), "{text}");
        assert!(text.contains("DeleteSubnetResponse:"), "{text}");
        assert!(!text.contains("group:"), "{text}");
        let p = &doc["schemas"]["SecurityGroupRule"]["properties"]["priority"];
        assert_eq!(p.get("type"), None);
        assert_eq!(p["ref"].as_str(), Some("Priority"));
        assert_eq!(p["description"].as_str(), Some("Priority."));
        // A re-import into the result: the docs' values again, under the names the spec
        // imported into has (the renames kept). Every fix still applies, to the same result.
        let renames = Fixes {
            file: String::new(),
            fixes: fixes
                .fixes
                .iter()
                .filter(|f| matches!(f.change, Change::Rename(_)))
                .cloned()
                .collect(),
        };
        let mut reimport = spec();
        renames.apply(&mut reimport, &mut warnings);
        let again = fixes.apply(&mut reimport, &mut warnings);
        assert_eq!(
            again,
            Applied {
                applied: 6,
                stale: 0
            },
            "{warnings:?}"
        );
        assert_eq!(reimport, doc);
        assert_eq!(
            doc["operations"]["DeleteSubnet"]["parameters"][0]["type"].as_str(),
            Some("int32")
        );
    }

    #[test]
    fn a_fix_that_no_longer_applies_is_reported_at_its_line() {
        let fixes = Fixes::parse(
            "f.yaml",
            "fixes:\n  - at: schemas.Rule.properties.priority\n    docs: { type: integer }\n    set: { type: int32 }\n  - at: schemas.Gone.properties.x\n    set: { type: int32 }\n",
        )
        .unwrap();
        let mut doc = spec();
        let mut warnings = Vec::new();
        let applied = fixes.apply(&mut doc, &mut warnings);
        assert_eq!(
            applied,
            Applied {
                applied: 0,
                stale: 2
            }
        );
        assert_eq!(warnings[0].line, 2);
        assert!(
            warnings[0].message.contains("the docs now say"),
            "{}",
            warnings[0]
        );
        assert_eq!(warnings[1].line, 5);
        assert!(
            warnings[1].message.contains("no `schemas.Gone`"),
            "{}",
            warnings[1]
        );
        assert_eq!(doc, spec(), "nothing was changed");
    }

    #[test]
    fn bad_fixes_files_say_where() {
        let e = Fixes::parse(
            "f.yaml",
            "fixes:\n  - at: a.b\n    set: 1\n    remove: true\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("f.yaml:2:"), "{e}");
        assert!(e.contains("exactly one of"), "{e}");
        let e = Fixes::parse("f.yaml", "fixes:\n  - at: a\n    sett: 1\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("f.yaml:3:5: fixes[0]: unknown key `sett`"),
            "{e}"
        );
        let e = Fixes::parse("f.yaml", "fix: []\n").unwrap_err().to_string();
        assert!(e.contains("f.yaml:1:1"), "{e}");
    }
}
