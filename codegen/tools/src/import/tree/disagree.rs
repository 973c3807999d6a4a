//! When a page's tables, its examples and the official SDK disagree on a field's type.
//!
//! For every scalar property of a schema, three sources may say what it is: the table
//! (the schema's `type`), the examples that reach it (each example body walked along the
//! schema), and the SDK facts of every operation with the same method and path (dotted
//! wire paths walked the same way). Types are compared as kinds: string, integer, number,
//! boolean (an integer fits a number). When they disagree, the kind most sources give wins,
//! the table on a tie; a winner other than the table retypes the field (`int32`, `int64` when
//! an example does not fit 32 bits, `double`, `boolean`, `string`), and every disagreement is
//! a warning at the page of the first operation that uses the field, naming each source.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::facts::SdkFacts;
use crate::import::warning::{Warning, Warnings};

#[derive(Debug, Default)]
struct Evidence {
    example: BTreeSet<&'static str>,
    sdk: BTreeSet<&'static str>,
    users: BTreeSet<String>,
    wide: bool,
}

/// Reconciles the types; returns how many fields were retyped.
pub(crate) fn reconcile(
    operations: &Mapping,
    schemas: &mut Mapping,
    sdk: Option<&SdkFacts>,
    pages: &[(String, String, usize)],
    warnings: &mut Warnings,
) -> usize {
    let mut ev: BTreeMap<(String, String), Evidence> = BTreeMap::new();
    for (id, op) in operations {
        let Some(id) = id.as_str() else { continue };
        let method = op.get("method").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let sdk_ops = sdk.map(|s| s.matching(method, path)).unwrap_or_default();
        let body = op
            .get("body")
            .and_then(|b| b.get("ref"))
            .and_then(Value::as_str);
        let examples = op.get("examples");
        if let Some(body) = body {
            for ex in seq(examples.and_then(|e| e.get("requests"))) {
                if let Some(v) = ex.get("body") {
                    walk_example(schemas, body, v, id, &mut ev, 0);
                }
            }
            for o in &sdk_ops {
                for (p, kind) in &o.request {
                    walk_sdk(schemas, body, p, kind, id, &mut ev);
                }
            }
        }
        let Some(Value::Mapping(responses)) = op.get("responses") else {
            continue;
        };
        for (status, r) in responses {
            let Some(name) = r
                .get("body")
                .and_then(|b| b.get("ref"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            for ex in seq(examples.and_then(|e| e.get("responses"))) {
                if ex.get("status") == Some(status)
                    && let Some(v) = ex.get("body")
                {
                    walk_example(schemas, name, v, id, &mut ev, 0);
                }
            }
            if status.as_u64().is_some_and(|s| (200..300).contains(&s)) {
                for o in &sdk_ops {
                    for (p, kind) in &o.response {
                        walk_sdk(schemas, name, p, kind, id, &mut ev);
                    }
                }
            }
        }
    }
    let mut retyped = 0;
    for ((schema, field), e) in ev {
        let Some(Value::Mapping(prop)) = schemas
            .get_mut(schema.as_str())
            .and_then(|s| s.get_mut("properties"))
            .and_then(|p| p.get_mut(field.as_str()))
        else {
            continue;
        };
        let Some(table) = prop
            .get("type")
            .and_then(Value::as_str)
            .and_then(kind_of_type)
        else {
            continue;
        };
        let agrees = |k: &str| k == table || (k == "integer" && table == "number");
        if e.example.iter().all(|k| agrees(k)) && e.sdk.iter().all(|k| agrees(k)) {
            continue;
        }
        // Votes: the table, each source once for each kind it gives.
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        *votes.entry(table).or_default() += 1;
        for k in e.example.iter().chain(&e.sdk) {
            *votes.entry(k).or_default() += 1;
        }
        let best = votes
            .iter()
            .max_by_key(|(k, n)| (**n, usize::from(**k == table)))
            .map_or(table, |(k, _)| *k);
        let spec_type = match best {
            "integer" if e.wide => "int64",
            "integer" if prop.get("type").and_then(Value::as_str) == Some("int64") => "int64",
            "integer" => "int32",
            "number" => "double",
            "boolean" => "boolean",
            _ => "string",
        };
        let said = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join(" and ");
        let mut sources = vec![format!("the table says {table}")];
        if !e.example.is_empty() {
            sources.push(format!("the examples {}", said(&e.example)));
        }
        if !e.sdk.is_empty() {
            sources.push(format!("the SDK {}", said(&e.sdk)));
        }
        let user = e.users.iter().next().cloned().unwrap_or_default();
        let (file, line) = pages
            .iter()
            .find(|(i, _, _)| *i == user)
            .map_or((String::new(), 1), |(_, f, l)| (f.clone(), *l));
        let verdict = if best == table {
            "kept as the table says".to_owned()
        } else {
            prop.insert("type".into(), spec_type.into());
            retyped += 1;
            format!("imported as `{spec_type}`")
        };
        warnings.push(Warning::new(
            &file,
            line,
            format!(
                "`{schema}.{field}` (used by `{user}`): {}: {verdict}",
                sources.join(", ")
            ),
        ));
    }
    retyped
}

fn seq(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_sequence).map_or(&[], Vec::as_slice)
}

fn kind_of_type(t: &str) -> Option<&'static str> {
    Some(match t {
        "string" => "string",
        "int32" | "int64" => "integer",
        "float" | "double" => "number",
        "boolean" => "boolean",
        _ => return None,
    })
}

fn kind_of_value(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        _ => return None,
    })
}

fn properties<'a>(schemas: &'a Mapping, name: &str) -> Option<&'a Mapping> {
    schemas.get(name)?.get("properties")?.as_mapping()
}

/// The schema a property's type refers to, directly or as array items.
fn target(prop: &Value) -> Option<&str> {
    prop.get("ref")
        .or_else(|| prop.get("items").and_then(|i| i.get("ref")))
        .and_then(Value::as_str)
}

fn note<'a>(
    ev: &'a mut BTreeMap<(String, String), Evidence>,
    schema: &str,
    field: &str,
    op: &str,
) -> &'a mut Evidence {
    let e = ev.entry((schema.to_owned(), field.to_owned())).or_default();
    e.users.insert(op.to_owned());
    e
}

fn walk_example(
    schemas: &Mapping,
    name: &str,
    value: &Value,
    op: &str,
    ev: &mut BTreeMap<(String, String), Evidence>,
    depth: usize,
) {
    let (Some(props), Value::Mapping(obj)) = (properties(schemas, name), value) else {
        return;
    };
    if depth > 16 {
        return;
    }
    for (k, v) in obj {
        let Some(key) = k.as_str() else { continue };
        let Some(prop) = props.get(key) else { continue };
        if prop
            .get("type")
            .and_then(Value::as_str)
            .and_then(kind_of_type)
            .is_some()
        {
            if let Some(kind) = kind_of_value(v) {
                let wide = v.as_i64().is_some_and(|n| i32::try_from(n).is_err());
                let e = note(ev, name, key, op);
                e.example.insert(kind);
                e.wide |= wide;
            }
            continue;
        }
        if let Some(inner) = target(prop) {
            match v {
                Value::Sequence(items) => items
                    .iter()
                    .for_each(|i| walk_example(schemas, inner, i, op, ev, depth + 1)),
                _ => walk_example(schemas, inner, v, op, ev, depth + 1),
            }
        }
    }
}

fn walk_sdk(
    schemas: &Mapping,
    body: &str,
    path: &str,
    kind: &str,
    op: &str,
    ev: &mut BTreeMap<(String, String), Evidence>,
) {
    let kind: &'static str = match kind {
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ => return,
    };
    let mut name = body.to_owned();
    let keys: Vec<&str> = path.split('.').collect();
    for (i, key) in keys.iter().enumerate() {
        let key = key.trim_end_matches("[]");
        if key.is_empty() {
            continue;
        }
        let Some(prop) = properties(schemas, &name).and_then(|p| p.get(key)) else {
            return;
        };
        if i + 1 == keys.len() {
            if prop
                .get("type")
                .and_then(Value::as_str)
                .and_then(kind_of_type)
                .is_some()
            {
                note(ev, &name, key, op).sdk.insert(kind);
            }
            return;
        }
        match target(prop) {
            Some(t) => name = t.to_owned(),
            None => return,
        }
    }
}

/// Marks `nullable: true` every field an example response shows as `null`: the docs say
/// the service sends `null` there, which the field's type alone does not allow.
pub(crate) fn nullable_from_examples(operations: &Mapping, schemas: &mut Mapping) {
    let mut marks: Vec<(String, String)> = Vec::new();
    for op in operations.values() {
        let Some(examples) = op
            .get("examples")
            .and_then(|e| e.get("responses"))
            .and_then(Value::as_sequence)
        else {
            continue;
        };
        for ex in examples {
            let status = ex.get("status").cloned().unwrap_or(Value::Null);
            let body_ref = op
                .get("responses")
                .and_then(|r| r.get(&status))
                .and_then(|r| r.get("body"))
                .and_then(|b| b.get("ref"))
                .and_then(Value::as_str);
            if let (Some(name), Some(body)) = (body_ref, ex.get("body")) {
                find_nulls(schemas, name, body, &mut marks, 0);
            }
        }
    }
    for (schema, field) in marks {
        if let Some(Value::Mapping(p)) = schemas
            .get_mut(schema.as_str())
            .and_then(|s| s.get_mut("properties"))
            .and_then(|p| p.get_mut(field.as_str()))
        {
            p.insert("nullable".into(), true.into());
        }
    }
}

fn find_nulls(
    schemas: &Mapping,
    name: &str,
    value: &Value,
    out: &mut Vec<(String, String)>,
    depth: usize,
) {
    let (Some(props), Value::Mapping(obj)) = (
        schemas
            .get(name)
            .and_then(|s| s.get("properties"))
            .and_then(Value::as_mapping),
        value,
    ) else {
        return;
    };
    if depth > 32 {
        return;
    }
    for (k, v) in obj {
        let Some(prop) = k.as_str().and_then(|k| props.get(k)) else {
            continue;
        };
        let key = k.as_str().unwrap_or_default().to_owned();
        match v {
            Value::Null => out.push((name.to_owned(), key)),
            Value::Mapping(_) => {
                if let Some(r) = prop.get("ref").and_then(Value::as_str) {
                    find_nulls(schemas, r, v, out, depth + 1);
                }
            }
            Value::Sequence(items) => {
                if let Some(r) = prop
                    .get("items")
                    .and_then(|i| i.get("ref"))
                    .and_then(Value::as_str)
                {
                    for item in items {
                        find_nulls(schemas, r, item, out, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::tree::facts::SdkOperation;

    #[test]
    fn the_most_likely_type_wins_and_is_reported() {
        let ops: Mapping = serde_yaml::from_str(
            "CreateRule:\n  method: POST\n  path: /v3/{project_id}/rules\n  body: { ref: CreateRuleRequestBody }\n  responses: { 200: { body: { ref: CreateRuleResponse } } }\n  examples:\n    requests: [ { body: { rule: { priority: 1, name: a } } } ]\n    responses: [ { status: 200, body: { project: 0 } } ]\n",
        )
        .unwrap();
        let mut schemas: Mapping = serde_yaml::from_str(
            "CreateRuleRequestBody: { type: object, properties: { rule: { ref: Rule } } }\nRule: { type: object, properties: { priority: { type: string }, name: { type: string } } }\nCreateRuleResponse: { type: object, properties: { project: { type: string } } }\n",
        )
        .unwrap();
        let mut request = BTreeMap::new();
        request.insert("rule.priority".to_owned(), "integer".to_owned());
        let mut response = BTreeMap::new();
        response.insert("project".to_owned(), "string".to_owned());
        let sdk = SdkFacts::new(
            "vpc.json",
            vec![SdkOperation {
                module: "v3".into(),
                name: "CreateRule".into(),
                method: "POST".into(),
                path: "/v3/{project_id}/rules".into(),
                request,
                response,
            }],
        );
        let pages = [("CreateRule".to_owned(), "rule.rst".to_owned(), 3)];
        let mut warnings = Vec::new();
        let n = reconcile(&ops, &mut schemas, Some(&sdk), &pages, &mut warnings);
        assert_eq!(n, 1);
        assert_eq!(
            schemas["Rule"]["properties"]["priority"]["type"].as_str(),
            Some("int32")
        );
        assert_eq!(
            schemas["CreateRuleResponse"]["properties"]["project"]["type"].as_str(),
            Some("string")
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(
            (warnings[0].file.as_str(), warnings[0].line),
            ("rule.rst", 3)
        );
        assert!(
            warnings[0].message.contains("the table says integer")
                || warnings[1].message.contains("`Rule.priority`"),
            "{warnings:?}"
        );
        let w = warnings
            .iter()
            .find(|w| w.message.contains("Rule.priority"))
            .unwrap();
        assert!(
            w.message.contains(
                "the table says string, the examples integer, the SDK integer: imported as `int32`"
            ),
            "{w}"
        );
    }
}
