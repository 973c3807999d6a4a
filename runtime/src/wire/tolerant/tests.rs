use std::collections::BTreeMap;

use super::*;

/// A response struct with a field of each scalar type, lists, maps and nesting.
#[derive(Debug, Clone, PartialEq)]
struct Rule {
    id: String,
    port: i32,
    big: Option<i64>,
    ratio: Option<f64>,
    on: Option<bool>,
    names: Option<Vec<String>>,
    sizes: Option<BTreeMap<String, i32>>,
    inner: Option<Box<Rule>>,
    note: Option<Option<String>>,
}
crate::object_serde!(Rule {
    Req id "id",
    Req port "port",
    Opt big "big",
    Opt ratio "ratio",
    Opt on "on",
    Opt names "names",
    Opt sizes "sizes",
    Opt inner "inner",
    Maybe note "note"
});

/// The decoded value (or the error's path and message) and the repairs, as strings.
fn tolerant<T: Decode>(json: &str) -> (Result<T, String>, Vec<String>, Vec<String>) {
    let (result, repairs) = decode_json::<T>(json.as_bytes());
    let (missing, types) = repairs.into_parts();
    (
        result.map_err(|(path, e)| format!("{path} | {e}")),
        missing,
        types.iter().map(ToString::to_string).collect(),
    )
}

#[test]
fn lossless_conversions_decode_and_are_listed_once() {
    let (value, missing, types) = tolerant::<Vec<Rule>>(
        r#"[{"id": 33, "port": "8080", "big": 2.0, "ratio": "1.5", "on": "true",
             "names": [1, true, 2.5, "x"], "sizes": {"a": "7"}, "note": 4,
             "inner": {"id": "i", "port": 1, "on": 0}},
            {"id": 34, "port": 1}]"#,
    );
    let value = value.unwrap();
    assert_eq!(value[0].id, "33");
    assert_eq!(value[0].port, 8080);
    assert_eq!(value[0].big, Some(2));
    assert_eq!(value[0].ratio, Some(1.5));
    assert_eq!(value[0].on, Some(true));
    assert_eq!(
        value[0].names.as_deref(),
        Some(&["1".to_owned(), "true".into(), "2.5".into(), "x".into()][..])
    );
    assert_eq!(value[0].sizes.as_ref().unwrap()["a"], 7);
    assert_eq!(value[0].note, Some(Some("4".to_owned())));
    assert_eq!(value[0].inner.as_ref().unwrap().on, Some(false));
    assert_eq!(value[1].id, "34");
    assert!(missing.is_empty(), "{missing:?}");
    assert_eq!(
        types,
        [
            "Rule.id: integer read as string",
            "Rule.port: string read as integer",
            "Rule.big: number read as integer",
            "Rule.ratio: string read as number",
            "Rule.on: string read as boolean",
            "Rule.names: integer read as string",
            "Rule.names: boolean read as string",
            "Rule.names: number read as string",
            "Rule.sizes: string read as integer",
            "Rule.note: integer read as string",
            "Rule.on: integer read as boolean",
        ]
    );
}

#[test]
fn lossy_conversions_stay_errors_naming_the_field() {
    for (json, expected) in [
        (
            r#"{"id":"a","port":"012"}"#,
            "port | invalid type: string \"012\", expected i32",
        ),
        (
            r#"{"id":"a","port":"8080 "}"#,
            "port | invalid type: string \"8080 \", expected i32",
        ),
        (
            r#"{"id":"a","port":"+1"}"#,
            "port | invalid type: string \"+1\", expected i32",
        ),
        (
            r#"{"id":"a","port":1.5}"#,
            "port | invalid type: floating point `1.5`, expected i32",
        ),
        (
            r#"{"id":"a","port":4294967296}"#,
            "port | invalid value: integer `4294967296`, expected i32",
        ),
        (
            r#"{"id":"a","port":"4294967296"}"#,
            "port | invalid type: string \"4294967296\", expected i32",
        ),
        (
            r#"{"id":"a","port":true}"#,
            "port | invalid type: boolean `true`, expected i32",
        ),
        (
            r#"{"id":{},"port":1}"#,
            "id | invalid type: map, expected a string",
        ),
        (
            r#"{"id":[],"port":1}"#,
            "id | invalid type: sequence, expected a string",
        ),
        (
            r#"{"id":"a","port":1,"on":2}"#,
            "on | invalid type: integer `2`, expected a boolean",
        ),
        (
            r#"{"id":"a","port":1,"on":"yes"}"#,
            "on | invalid type: string \"yes\", expected a boolean",
        ),
        (
            r#"{"id":"a","port":1,"ratio":"NaN"}"#,
            "ratio | invalid type: string \"NaN\", expected f64",
        ),
        (
            r#"{"id":"a","port":1,"ratio":"1e999"}"#,
            "ratio | invalid type: string \"1e999\", expected f64",
        ),
        (
            r#"{"id":"a","port":1,"inner":{"id":"b","port":"x"}}"#,
            "inner.port | invalid type: string \"x\", expected i32",
        ),
        (
            r#"{"id":"a","port":1,"big":1e19}"#,
            "big | invalid type: floating point `1e+19`, expected i64",
        ),
    ] {
        let (value, _, _) = tolerant::<Rule>(json);
        let error = value.unwrap_err();
        assert!(error.starts_with(expected), "{json}: {error}");
    }
}

#[test]
fn missing_required_fields_are_filled_and_listed() {
    let (value, missing, types) = tolerant::<Rule>(r#"{"port": null, "inner": {"id": "x"}}"#);
    let value = value.unwrap();
    assert_eq!((value.id.as_str(), value.port), ("", 0));
    // Inner structs end first.
    assert_eq!(missing, ["Rule.port", "Rule.id", "Rule.port (null)"]);
    assert!(types.is_empty());
}

#[test]
fn strict_deserialize_is_unchanged() {
    let error = serde_json::from_str::<Rule>(r#"{"id": 33, "port": 1}"#).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid type: integer `33`, expected a string at line 1 column 9"
    );
    let error = serde_json::from_str::<Rule>(r#"{"id": "a"}"#).unwrap_err();
    assert!(
        error.to_string().starts_with("missing field `port`"),
        "{error}"
    );
}

#[test]
fn the_body_itself_and_free_form_values() {
    let (value, _, types) = tolerant::<Vec<i64>>("[\"5\", 6]");
    assert_eq!(value.unwrap(), [5, 6]);
    assert_eq!(types, ["(body): string read as integer"]);
    let (value, _, types) = tolerant::<serde_json::Value>(r#"{"a": "1"}"#);
    assert_eq!(value.unwrap()["a"], "1");
    assert!(types.is_empty());
    let (value, _, _) = tolerant::<Option<String>>("  ");
    assert_eq!(value.unwrap(), None);
    let (value, _, _) = tolerant::<String>("\"a\" x");
    assert!(value.unwrap_err().starts_with(". | trailing characters"));
}

#[test]
fn a_hostile_body_records_at_most_a_bounded_list() {
    let items: Vec<String> = (0..500)
        .map(|i| {
            format!(r#"{{"id": {i}, "port": "{i}", "big": "{i}", "sizes": {{"k{i}": "{i}"}}}}"#)
        })
        .collect();
    let (value, _, types) = tolerant::<Vec<Rule>>(&format!("[{}]", items.join(",")));
    assert_eq!(value.unwrap().len(), 500);
    assert_eq!(types.len(), 4, "{types:?}");
    let repairs = Repairs::new();
    let t = Tolerance::new(&repairs);
    let names: Vec<&'static str> = (0..100)
        .map(|i| &*Box::leak(format!("f{i}").into_boxed_str()))
        .collect();
    for name in &names {
        t.at("S", name).repaired("integer", "string");
        t.at("S", name).filled(false);
    }
    assert!(repairs.type_repairs_truncated());
    let (missing, types) = repairs.into_parts();
    assert_eq!(types.len(), MAX_RECORDED);
    assert_eq!(missing.len(), MAX_RECORDED + 1);
}
