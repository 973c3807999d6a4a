//! Types from documented examples, for fields a page types only as `Object`.
//!
//! Rules: strings → `string`, booleans → `boolean`, integers → `int32`, or `int64` when a
//! value does not fit in 32 bits, numbers with a fraction or exponent → `double`; objects
//! become schemas marked `inferred: example` whose fields are all optional; lists take the
//! type of all their elements together. Every sample of a field is looked at (all elements
//! of a list, every example of a status), so a wider value anywhere widens the type. What
//! the examples cannot tell (only `null`, an empty list or object, values of different
//! kinds) becomes `any`, with a note that the caller reports as a warning.

use serde_yaml::{Mapping, Value};

use super::fragment::{ImportedSchema, SchemaOrigin, Schemas, SpecType};
use super::json::{kind_of, number_type};
use crate::naming::camel_ident;
use crate::parse::document::{Entries, Property, Schema, Typed, mapping};

/// The name of the schema for field `field` of schema `parent`: the parent's name without
/// a trailing `Response` or `Body`, then the field in UpperCamelCase
/// (`ResetUserPasswordResponse` + `result` → `ResetUserPasswordResult`, as the official SDKs
/// name their models).
pub(crate) fn child_name(parent: &str, field: &str) -> String {
    let base = parent
        .strip_suffix("Response")
        .or_else(|| parent.strip_suffix("Body"))
        .unwrap_or(parent);
    let field = field.trim_start_matches('[').trim_end_matches(']');
    format!("{base}{}", camel_ident(field).trim_start_matches("r#"))
}

/// Infers a type from `samples` (the values an example shows at one place, `at` in the
/// example's JSON, e.g. `result.items[]`). Objects are added to `schemas` under `name` (or a
/// numbered variant of it); `notes` receives what could not be told.
pub(crate) fn infer(
    samples: &[&Value],
    name: &str,
    at: &str,
    schemas: &mut Schemas,
    notes: &mut Vec<String>,
) -> SpecType {
    let present: Vec<&Value> = samples.iter().copied().filter(|v| !v.is_null()).collect();
    let Some(first) = present.first() else {
        notes.push(format!(
            "`{at}` is only ever `null` in the examples: typed as `any`"
        ));
        return SpecType::Builtin("any");
    };
    let kind = kind_of(first);
    if let Some(other) = present.iter().find(|v| kind_of(v) != kind) {
        notes.push(format!(
            "`{at}` is {kind} in one example and {} in another: typed as `any`",
            kind_of(other)
        ));
        return SpecType::Builtin("any");
    }
    match first {
        Value::Bool(_) => SpecType::Builtin("boolean"),
        Value::String(_) => SpecType::Builtin("string"),
        Value::Number(_) => SpecType::Builtin(number_type(&present)),
        Value::Sequence(_) => {
            let items: Vec<&Value> = present
                .iter()
                .filter_map(|v| v.as_sequence())
                .flatten()
                .collect();
            if items.is_empty() {
                notes.push(format!(
                    "`{at}` is an empty list in the examples: its items are typed as `any`"
                ));
                return SpecType::Array(Box::new(SpecType::Builtin("any")));
            }
            SpecType::Array(Box::new(infer(
                &items,
                name,
                &format!("{at}[]"),
                schemas,
                notes,
            )))
        }
        Value::Mapping(_) => object(&present, name, at, schemas, notes),
        Value::Null | Value::Tagged(_) => SpecType::Builtin("any"),
    }
}

fn object(
    samples: &[&Value],
    name: &str,
    at: &str,
    schemas: &mut Schemas,
    notes: &mut Vec<String>,
) -> SpecType {
    let mut keys: Vec<&Value> = Vec::new();
    for m in samples.iter().filter_map(|v| v.as_mapping()) {
        for k in m.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    if keys.is_empty() {
        notes.push(format!(
            "`{at}` is an empty object in the examples: typed as `any`"
        ));
        return SpecType::Builtin("any");
    }
    let final_name = schemas.free_name(name);
    let slot = schemas.reserve(ImportedSchema {
        name: final_name.clone(),
        value: Mapping::new(),
        origin: SchemaOrigin::Rule,
        states_required: false,
    });
    let mut properties = Entries::default();
    for key in keys {
        let field = key
            .as_str()
            .map_or_else(|| format!("{key:?}"), str::to_owned);
        let values: Vec<&Value> = samples
            .iter()
            .filter_map(|v| v.as_mapping()?.get(key))
            .collect();
        let ty = infer(
            &values,
            &child_name(&final_name, &field),
            &format!("{at}.{field}"),
            schemas,
            notes,
        );
        let property = Property::default().with_type(ty.typed());
        properties.0.push((key.clone(), property));
    }
    schemas.list[slot].value = mapping(&Schema {
        inferred: Some("example".to_owned()),
        ty: Some("object".to_owned()),
        properties: Some(properties),
        ..Schema::default()
    });
    SpecType::Ref(final_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str, name: &str) -> (SpecType, Schemas, Vec<String>) {
        let (v, _) = crate::import::json::parse_json(json).unwrap();
        let mut schemas = Schemas::default();
        let mut notes = Vec::new();
        let t = infer(&[&v], name, "x", &mut schemas, &mut notes);
        (t, schemas, notes)
    }

    fn yaml(schemas: &Schemas) -> String {
        schemas
            .list
            .iter()
            .map(|s| format!("{}:\n{}", s.name, serde_yaml::to_string(&s.value).unwrap()))
            .collect()
    }

    #[test]
    fn widens_integers_and_names_nested_objects_like_the_sdk() {
        let (t, schemas, notes) = run(
            r#"{"status": 0, "id": 3000110176, "owner": {"name": "a", "tags": ["x"]}, "ratio": 0.5}"#,
            "ResetUserPasswordResult",
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(t, SpecType::Ref("ResetUserPasswordResult".into()));
        assert_eq!(
            yaml(&schemas),
            "ResetUserPasswordResult:\ninferred: example\ntype: object\nproperties:\n  status:\n    type: int32\n  id:\n    type: int64\n  owner:\n    ref: ResetUserPasswordResultOwner\n  ratio:\n    type: double\n\
             ResetUserPasswordResultOwner:\ninferred: example\ntype: object\nproperties:\n  name:\n    type: string\n  tags:\n    type: array\n    items:\n      type: string\n"
        );
    }

    #[test]
    fn merges_list_elements() {
        let (t, schemas, _) = run(r#"[{"a": 1}, {"a": 5000000000, "b": true}]"#, "Item");
        assert_eq!(t, SpecType::Array(Box::new(SpecType::Ref("Item".into()))));
        let props = schemas.list[0].value["properties"].as_mapping().unwrap();
        assert_eq!(props["a"]["type"].as_str(), Some("int64"));
        assert_eq!(props["b"]["type"].as_str(), Some("boolean"));
    }

    #[test]
    fn notes_what_examples_cannot_tell() {
        let (t, _, notes) = run(r#"{"a": null, "b": [], "c": {}, "d": [1, "x"]}"#, "X");
        assert_eq!(t, SpecType::Ref("X".into()));
        assert_eq!(notes.len(), 4, "{notes:?}");
        assert!(notes[0].contains("`x.a` is only ever `null`"));
        assert!(notes[3].contains("a number in one example and a string in another"));
    }

    #[test]
    fn child_names_drop_response_and_body() {
        assert_eq!(child_name("ShowFooResponse", "result"), "ShowFooResult");
        assert_eq!(
            child_name("ShowFooRequestBody", "repo_info"),
            "ShowFooRequestRepoInfo"
        );
        assert_eq!(
            child_name("ShowFooResult", "children"),
            "ShowFooResultChildren"
        );
        assert_eq!(child_name("ShowFooResponse", "[items]"), "ShowFooItems");
    }
}
