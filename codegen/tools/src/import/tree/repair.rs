//! Examples that disagree with their tables, kept by trusting the example where the docs'
//! tables are known to be loose, instead of dropping it:
//!
//! - a field the example shows that the tables do not list is added to the object as an
//!   optional field typed from the example value (`inferred from the example` in its
//!   description), when that value is a scalar, a list of scalars, `null` (then `any`,
//!   nullable) or an OpenStack `*_links` list (of the schema the tables name after its
//!   items, `MembersLink` for `members_links`, when the items fit it; else `any` items);
//! - a required field the example leaves out becomes optional (the docs' Mandatory marks
//!   are not reliable, and the example is a real message), unless other examples of the same
//!   body show it: then the table and those examples are weighed against the examples that
//!   leave it out, as `disagree` weighs types (the most win, the table on a tie);
//! - a number too large for `int32` (a millisecond timestamp documented as `Integer`)
//!   makes the field `int64`;
//! - a `null` makes the field `nullable`;
//! - a list of objects where the type cell names one object's table (`Table 3`, `Data
//!   structure`, without `Array of`) makes the field a list of them.
//!
//! Any other disagreement (a string where the table says integer) drops the example, as
//! before: the importer does not guess which of the two is right. Each repair is reported.

use serde_yaml::{Mapping, Value};

/// A change to one field of one schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Repair {
    /// Add the optional field with this type.
    Declare(String, String, Mapping),
    /// Make the field optional.
    Optional(String, String),
    /// Make the field (or its items) `int64`.
    Widen(String, String),
    /// Make the field nullable.
    Nullable(String, String),
    /// Make the field a list of what it was.
    List(String, String),
}

impl Repair {
    /// What the repair does, for the warning.
    pub(crate) fn describe(&self) -> String {
        match self {
            Repair::Declare(s, f, _) => format!(
                "it shows `{f}`, which the tables of `{s}` do not list: added as an optional field typed from the example"
            ),
            Repair::Optional(s, f) => {
                format!(
                    "it leaves out `{f}`, which the tables mark mandatory: `{s}.{f}` made optional"
                )
            }
            Repair::Widen(s, f) => {
                format!("it has a value of `{s}.{f}` too large for `int32`: made `int64`")
            }
            Repair::Nullable(s, f) => format!("it shows `{s}.{f}` as `null`: made nullable"),
            Repair::List(s, f) => {
                format!(
                    "it shows a list where the table of `{s}.{f}` names one object: made a list of them"
                )
            }
        }
    }
}

fn get<'a>(v: &'a Value, k: &str) -> Option<&'a Value> {
    match v {
        Value::Mapping(m) => m.get(k),
        Value::Sequence(s) => k.parse::<usize>().ok().and_then(|i| s.get(i)),
        _ => None,
    }
}

/// The two names in backquotes of a message (`field`, `schema`).
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

/// The spec type of an example value.
fn infer(value: &serde_json::Value) -> Mapping {
    let t = |name: &str| -> Mapping { std::iter::once(("type".into(), name.into())).collect() };
    match value {
        serde_json::Value::String(_) => t("string"),
        serde_json::Value::Bool(_) => t("boolean"),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) if i32::try_from(i).is_ok() => t("int32"),
            Some(_) => t("int64"),
            None => t("double"),
        },
        serde_json::Value::Array(items) => {
            let inner: Vec<Mapping> = items.iter().map(infer).collect();
            let mut m = t("array");
            let first = inner.first().cloned().unwrap_or_else(|| t("any"));
            let same = inner.iter().all(|i| *i == first);
            let scalar = first.get("type").and_then(Value::as_str) != Some("array");
            m.insert(
                "items".into(),
                Value::Mapping(if same && scalar { first } else { t("any") }),
            );
            m
        }
        serde_json::Value::Object(_) | serde_json::Value::Null => t("any"),
    }
}

/// Whether an inferred type is free-form (`any`, or a list of `any`).
fn untyped(ty: &Mapping) -> bool {
    match ty.get("type").and_then(Value::as_str) {
        Some("any") => true,
        Some("array") => ty
            .get("items")
            .and_then(Value::as_mapping)
            .is_none_or(untyped),
        _ => false,
    }
}

/// Whether the other examples of the same body outvote `example`, which leaves out the
/// mandatory `field` of the object at `path`: when some of them show it, the table and
/// those examples are weighed against the examples that leave it out, as types are (the
/// most sources win, the table on a tie; see `disagree`). When none shows it, the examples
/// agree and the table is the loose one.
fn outvoted(op: &Value, kind: &str, example: &Value, path: &[String], field: &str) -> bool {
    let Some(list) = op
        .get("examples")
        .and_then(|e| e.get(kind))
        .and_then(Value::as_sequence)
    else {
        return false;
    };
    let (mut show, mut omit) = (0, 0);
    for other in list {
        if kind == "responses" && other.get("status") != example.get("status") {
            continue;
        }
        let mut at = other.get("body");
        for seg in path {
            at = at.and_then(|v| get(v, seg));
        }
        match at.and_then(Value::as_mapping) {
            Some(m) if m.contains_key(field) => show += 1,
            Some(_) => omit += 1,
            None => {}
        }
    }
    show > 0 && omit <= 1 + show
}

/// An OpenStack `*_links` list of link objects typed as the schema the tables give its
/// items elsewhere (`members_links` → `MembersLink`), when every key the example's items
/// show is one of that schema's fields.
fn link_items(schemas: &Mapping, field: &str, value: &serde_json::Value) -> Option<Mapping> {
    use heck::ToUpperCamelCase;
    let items = value.as_array().filter(|i| !i.is_empty())?;
    let name = super::from_examples::item_name(field).to_upper_camel_case();
    let props = schemas
        .get(name.as_str())?
        .get("properties")?
        .as_mapping()?;
    let fits = items.iter().all(|item| {
        item.as_object()
            .is_some_and(|o| o.keys().all(|k| props.contains_key(k.as_str())))
    });
    fits.then(|| {
        let mut m = Mapping::new();
        m.insert("type".into(), "array".into());
        let items: Mapping = std::iter::once(("ref".into(), name.into())).collect();
        m.insert("items".into(), Value::Mapping(items));
        m
    })
}

/// The (schema, field) an example path inside a body ends at, walking the body's type
/// through the spec's schemas.
fn field_at(schemas: &Mapping, start: &Value, path: &[String]) -> Option<(String, String)> {
    let mut ty = start.clone();
    let mut last = None;
    for seg in path {
        // Follow refs (and aliases) to a schema.
        let mut hops = 0;
        let mut owner = None;
        while let Some(r) = ty.get("ref").and_then(Value::as_str) {
            let s = schemas.get(r)?;
            owner = Some(r.to_owned());
            ty = s.clone();
            hops += 1;
            if hops > 16 {
                return None;
            }
        }
        if let Some(props) = ty.get("properties").and_then(Value::as_mapping) {
            let p = props.get(seg.as_str())?.clone();
            last = Some((owner.clone()?, seg.clone()));
            ty = p;
            continue;
        }
        match ty.get("type").and_then(Value::as_str) {
            Some("array") => ty = ty.get("items")?.clone(),
            Some("map") => ty = ty.get("values")?.clone(),
            _ => return None,
        }
    }
    last
}

/// The repair for one `check` error about an example at `segs` (`operations`, id,
/// `examples`, kind, index, `body`, path in the body...), or `None`.
pub(crate) fn repair(doc: &Mapping, segs: &[String], message: &str) -> Option<Repair> {
    let [_, id, _, kind, index, body, path @ ..] = segs else {
        return None;
    };
    if body != "body" {
        return None;
    }
    let op = doc.get("operations")?.get(id.as_str())?;
    let example = op
        .get("examples")?
        .get(kind.as_str())?
        .get(index.parse::<usize>().ok()?)?;
    let start = match kind.as_str() {
        "requests" => op.get("body")?,
        _ => op
            .get("responses")?
            .get(example.get("status")?)?
            .get("body")?,
    };
    let schemas = doc.get("schemas")?.as_mapping()?;
    if message.contains("does not declare") {
        let names = quoted(message);
        let (field, schema) = (names.first()?, names.get(1)?);
        let mut value = example.get("body")?;
        for seg in path {
            value = get(value, seg)?;
        }
        let json: serde_json::Value = serde_yaml::from_value(value.clone()).ok()?;
        let ty = infer(&json);
        // An object the tables do not describe is no loose detail: the example may well be
        // of another message (a request shown as the response).
        // Two free-form values are loose details all the same: a `null` (nothing to type),
        // and OpenStack's `*_links` lists of links.
        let loose = json.is_null() || field.ends_with("_links");
        if untyped(&ty) && !loose {
            return None;
        }
        // A key that is no field name (`""`, words) is a mistake in the example.
        if field.is_empty() || field.contains(char::is_whitespace) {
            return None;
        }
        let mut ty = link_items(schemas, field, &json).unwrap_or(ty);
        if json.is_null() {
            ty.insert("nullable".into(), true.into());
        }
        return Some(Repair::Declare(
            (*schema).to_owned(),
            (*field).to_owned(),
            ty,
        ));
    }
    if message.contains("lacks the required field") {
        let names = quoted(message);
        let (field, schema) = (names.first()?, names.get(1)?);
        let required = schemas
            .get(*schema)?
            .get("properties")?
            .get(*field)?
            .get("required")
            .is_some();
        if !required || outvoted(op, kind, example, path, field) {
            return None;
        }
        return Some(Repair::Optional((*schema).to_owned(), (*field).to_owned()));
    }
    let (schema, field) = field_at(schemas, start, path)?;
    let prop = schemas
        .get(schema.as_str())?
        .get("properties")?
        .get(field.as_str())?;
    if message.contains("does not fit in int32") {
        return Some(Repair::Widen(schema, field));
    }
    if message.ends_with("found null") {
        return Some(Repair::Nullable(schema, field));
    }
    // A type cell that names the object's table (`Table 3`, `Data structure`) without
    // saying `Array of`, and an example with a list of such objects.
    if message.contains("expected schema `")
        && message.ends_with("found a list")
        && prop.get("ref").is_some()
    {
        return Some(Repair::List(schema, field));
    }
    None
}

/// Applies a repair to the document's schemas; whether it changed anything.
pub(crate) fn apply(doc: &mut Mapping, repair: &Repair) -> bool {
    let (Repair::Declare(s, f, _)
    | Repair::Optional(s, f)
    | Repair::Widen(s, f)
    | Repair::Nullable(s, f)
    | Repair::List(s, f)) = repair;
    let Some(Value::Mapping(props)) = doc
        .get_mut("schemas")
        .and_then(|m| m.get_mut(s.as_str()))
        .and_then(|m| m.get_mut("properties"))
    else {
        return false;
    };
    if let Repair::Declare(_, _, ty) = repair {
        if props.contains_key(f.as_str()) {
            return false;
        }
        let mut ty = ty.clone();
        ty.insert(
            "description".into(),
            "Inferred from the documented example: the tables do not list it.".into(),
        );
        props.insert(f.as_str().into(), Value::Mapping(ty));
        return true;
    }
    let Some(Value::Mapping(p)) = props.get_mut(f.as_str()) else {
        return false;
    };
    match repair {
        Repair::Optional(..) => p.remove("required").is_some(),
        Repair::Nullable(..) => p.insert("nullable".into(), true.into()).is_none(),
        Repair::Widen(..) => {
            let target = match p.get_mut("items") {
                Some(Value::Mapping(items)) => items,
                _ => p,
            };
            (target.get("type").and_then(Value::as_str) == Some("int32"))
                && target.insert("type".into(), "int64".into()).is_some()
        }
        Repair::List(..) => {
            let Some(target) = p.remove("ref") else {
                return false;
            };
            let items: Mapping = std::iter::once(("ref".into(), target)).collect();
            let rest = std::mem::take(p);
            p.insert("type".into(), "array".into());
            p.insert("items".into(), Value::Mapping(items));
            p.extend(rest);
            true
        }
        Repair::Declare(..) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Mapping {
        serde_yaml::from_str(
            r#"
operations:
  ShowJob:
    responses:
      200: { body: { ref: ShowJobResponse } }
    examples:
      responses:
        - status: 200
          body: { job: { id: j, at: 1634802241847, extra: [1, 2], more: [{ a: 1 }], gone: null } }
schemas:
  ShowJobResponse:
    type: object
    properties:
      job: { ref: Job }
      jobs: { ref: Job, description: Jobs. }
  Job:
    type: object
    properties:
      id: { type: string }
      at: { type: int32 }
      gone: { type: string }
      name: { type: string, required: true }
"#,
        )
        .expect("yaml")
    }

    fn segs(path: &str) -> Vec<String> {
        path.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn examples_repair_the_loose_parts_of_the_tables() {
        let mut d = doc();
        let at = segs("operations.ShowJob.examples.responses.0.body.job");
        let cases = [
            (
                "job.extra",
                "example has a field `extra` that schema `Job` does not declare",
            ),
            (
                "job.more",
                "example has a field `more` that schema `Job` does not declare",
            ),
            (
                "job",
                "example lacks the required field `name` of schema `Job`",
            ),
            (
                "job.at",
                "example value 1634802241847 does not fit in int32",
            ),
            (
                "job.gone",
                "example does not match its type: expected string, found null",
            ),
        ];
        for (path, message) in cases {
            let mut s = at[..6].to_vec();
            s.extend(segs(path));
            if path == "job.more" {
                // A list of objects no table describes is not added: the example is dropped.
                assert_eq!(repair(&d, &s, message), None);
                continue;
            }
            let r = repair(&d, &s, message).unwrap_or_else(|| panic!("{message}"));
            assert!(apply(&mut d, &r), "{r:?}");
        }
        let s = segs("operations.ShowJob.examples.responses.0.body.jobs");
        let r = repair(
            &d,
            &s,
            "example does not match its type: expected schema `Job`, found a list",
        );
        assert_eq!(
            r,
            Some(Repair::List("ShowJobResponse".into(), "jobs".into()))
        );
        assert!(apply(&mut d, &r.expect("repair")));
        let jobs = &d["schemas"]["ShowJobResponse"]["properties"]["jobs"];
        assert_eq!(jobs["items"]["ref"], "Job");
        assert_eq!(jobs["description"], "Jobs.");
        let job = &d["schemas"]["Job"]["properties"];
        assert_eq!(job["extra"]["type"], "array");
        assert_eq!(job["extra"]["items"]["type"], "int32");
        assert!(job["name"].get("required").is_none());
        assert_eq!(job["at"]["type"], "int64");
        assert_eq!(job["gone"]["nullable"], true);
        let other = repair(
            &d,
            &segs("operations.ShowJob.examples.responses.0.body.job.id"),
            "example does not match its type: expected string, found the number 1",
        );
        assert_eq!(other, None);
    }

    #[test]
    fn links_take_their_tables_schema_and_keys_that_are_no_names_are_no_fields() {
        let d: Mapping = serde_yaml::from_str(
            r#"
operations:
  ListMembers:
    responses:
      200: { body: { ref: ListMembersResponse } }
    examples:
      responses:
        - status: 200
          body: { members_links: [{ href: h, rel: next }], pools_links: [{ href: h, x: 1 }], "": a }
schemas:
  ListMembersResponse: { type: object, properties: { members: { type: string } } }
  MembersLink: { type: object, properties: { href: { type: string }, rel: { type: string } } }
  PoolsLink: { type: object, properties: { href: { type: string }, rel: { type: string } } }
"#,
        )
        .expect("yaml");
        let at = |field: &str| {
            let mut s = segs("operations.ListMembers.examples.responses.0.body");
            s.push(field.to_owned());
            s
        };
        let message = |f: &str| {
            format!("example has a field `{f}` that schema `ListMembersResponse` does not declare")
        };
        let Some(Repair::Declare(_, _, ty)) =
            repair(&d, &at("members_links"), &message("members_links"))
        else {
            panic!("members_links is declared")
        };
        assert_eq!(ty["items"]["ref"], "MembersLink");
        // Items with a key the schema lacks: free-form links, as before.
        let Some(Repair::Declare(_, _, ty)) =
            repair(&d, &at("pools_links"), &message("pools_links"))
        else {
            panic!("pools_links is declared")
        };
        assert_eq!(ty["items"]["type"], "any");
        assert_eq!(repair(&d, &at(""), &message("")), None);
    }

    #[test]
    fn a_mandatory_field_other_examples_show_stays_mandatory() {
        let doc = |examples: &str| -> Mapping {
            serde_yaml::from_str(&format!(
                "operations:\n  CreateSubnet:\n    body: {{ ref: Body }}\n    examples:\n      requests: {examples}\nschemas:\n  Body: {{ type: object, properties: {{ subnet: {{ ref: Subnet, required: true }} }} }}\n  Subnet: {{ type: object, properties: {{ cidr: {{ type: string, required: true }}, name: {{ type: string }} }} }}\n"
            ))
            .expect("yaml")
        };
        let message = "example lacks the required field `cidr` of schema `Subnet`";
        let at = |i: usize| {
            segs(&format!(
                "operations.CreateSubnet.examples.requests.{i}.body.subnet"
            ))
        };
        // The only example leaves it out: the table is the loose one.
        let alone = doc("[ { body: { subnet: { name: a } } } ]");
        assert_eq!(
            repair(&alone, &at(0), message),
            Some(Repair::Optional("Subnet".into(), "cidr".into()))
        );
        // Another example shows it: the table and that example outvote this one.
        let split = doc("[ { body: { subnet: { cidr: c } } }, { body: { subnet: { name: a } } } ]");
        assert_eq!(repair(&split, &at(1), message), None);
        // Most examples leave it out: they win.
        let most = doc(
            "[ { body: { subnet: { cidr: c } } }, { body: { subnet: { name: a } } }, { body: { subnet: { name: b } } }, { body: { subnet: { name: d } } } ]",
        );
        assert!(repair(&most, &at(1), message).is_some());
    }
}
