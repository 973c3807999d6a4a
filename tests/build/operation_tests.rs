//! Writes one loopback HTTP test per operation of a spec: each builds the request with
//! sample values for every parameter and the body, and hands it to the generic harness
//! (`hwcloud_tests::harness`) together with what the server must receive, computed here
//! from the spec independently of the runtime.

use std::fmt::Write as _;

use hwcloud_spec::model::{
    Operation, ParamLocation, Schema, SchemaKind, Service, TypeRef, Wrapping,
};
use hwcloud_spec::naming::unraw;
use serde_json::{Value, json};

/// Project id the harness puts in the credentials (kept equal to `loopback::PROJECT_ID`).
const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// Domain id the harness puts in the credentials (kept equal to `loopback::DOMAIN_ID`).
const DOMAIN_ID: &str = "fedcba9876543210fedcba9876543210";

/// The Rust source of the tests for `service`, whose crate is reached as `krate`.
pub fn operation_tests(service: &Service, krate: &str) -> String {
    let mut out = String::new();
    let ids: Vec<String> = service
        .operations
        .iter()
        .map(|o| format!("{:?}", o.id))
        .collect();
    let _ = writeln!(out, "/// Operations that have a generated test below.");
    let _ = writeln!(
        out,
        "pub(crate) const TESTED_OPERATIONS: &[&str] = &[{}];",
        ids.join(", ")
    );
    for op in &service.operations {
        out.push_str(&operation_test(service, op, krate));
    }
    out
}

/// A sample value of `ty` as JSON; `hint` makes strings recognizable; `depth` bounds recursion.
fn sample(schemas: &[Schema], ty: &TypeRef, hint: &str, depth: usize) -> Value {
    match ty {
        TypeRef::String => Value::String(format!("{hint} a/é+&=~")),
        TypeRef::Int32 => json!(7),
        TypeRef::Int64 => json!(3_000_000_000_i64),
        TypeRef::Float | TypeRef::Double => json!(1.5),
        TypeRef::Boolean => json!(true),
        TypeRef::Any => json!({ "free": ["form", 1] }),
        TypeRef::Array(inner) if depth < 6 => json!([sample(schemas, inner, hint, depth + 1)]),
        TypeRef::Array(_) => json!([]),
        TypeRef::Map(inner) if depth < 6 => {
            json!({ "key": sample(schemas, inner, hint, depth + 1) })
        }
        TypeRef::Map(_) => json!({}),
        TypeRef::Schema(i) => match &schemas[*i].kind {
            SchemaKind::Alias(t) => sample(schemas, t, hint, depth),
            SchemaKind::Enum(values) => {
                Value::String(values.first().map(|v| v.wire.clone()).unwrap_or_default())
            }
            SchemaKind::Object(fields) => {
                let mut map = serde_json::Map::new();
                for f in fields {
                    if depth >= 5 && f.wrapping() != Wrapping::Plain {
                        continue;
                    }
                    map.insert(
                        f.wire_name.clone(),
                        sample(schemas, &f.ty, &f.wire_name, depth + 1),
                    );
                }
                Value::Object(map)
            }
        },
    }
}

/// A header-safe sample (visible ASCII only).
fn header_sample(ty: &TypeRef, hint: &str) -> Value {
    match ty {
        TypeRef::String => Value::String(format!("{hint}-value")),
        _ => json!(7),
    }
}

/// The Rust type of `ty` as seen from the test file.
fn rust_type(schemas: &[Schema], ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Int32 => "i32".into(),
        TypeRef::Int64 => "i64".into(),
        TypeRef::Float => "f32".into(),
        TypeRef::Double => "f64".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::Array(inner) => format!("Vec<{}>", rust_type(schemas, inner, krate)),
        TypeRef::Map(inner) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(schemas, inner, krate)
        ),
        TypeRef::Schema(i) => format!("{krate}::types::{}", schemas[*i].rust_name),
    }
}

/// `quote(value, safe='')`, as the official SDK encodes path parameters.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Text of a scalar JSON value as it goes on the wire.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A Rust expression converting the JSON `value` into `ty`.
fn typed(schemas: &[Schema], ty: &TypeRef, value: &Value, krate: &str) -> String {
    format!(
        "serde_json::from_str::<{}>({:?}).expect(\"sample decodes\")",
        rust_type(schemas, ty, krate),
        value.to_string()
    )
}

fn operation_test(service: &Service, op: &Operation, krate: &str) -> String {
    let schemas = &service.schemas;
    let request = format!("{krate}::requests::{}", op.request_type);
    let mut required_args = Vec::new();
    let mut setters = Vec::new();
    let mut path = op.path.clone();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for p in &op.params {
        let value = match p.location {
            ParamLocation::Header => header_sample(&p.ty, &p.wire_name),
            _ => sample(schemas, &p.ty, &p.wire_name, 1),
        };
        match p.location {
            ParamLocation::Path => {
                let wire = match (p.from_credentials, p.wire_name.as_str()) {
                    (true, "domain_id") => DOMAIN_ID.to_owned(),
                    (true, _) => PROJECT_ID.to_owned(),
                    (false, _) => text(&value),
                };
                path = path.replace(&format!("{{{}}}", p.wire_name), &encode(&wire));
                if p.from_credentials {
                    continue; // left out: the client fills it from the credentials
                }
            }
            ParamLocation::Query => match &value {
                Value::Array(items) => {
                    query.extend(items.iter().map(|i| (p.wire_name.clone(), text(i))))
                }
                v => query.push((p.wire_name.clone(), text(v))),
            },
            ParamLocation::Header => headers.push((p.wire_name.clone(), text(&value))),
        }
        let expr = typed(schemas, &p.ty, &value, krate);
        if p.required && !p.from_credentials {
            required_args.push(format!("{}: {expr}", p.rust_name));
        } else {
            setters.push(format!(".with_{}({expr})", unraw(&p.rust_name)));
        }
    }
    let body = op.body.as_ref().map(|b| {
        let value = op
            .examples
            .requests
            .iter()
            .find_map(|e| e.body.clone())
            .unwrap_or_else(|| sample(schemas, &b.ty, "body", 1));
        let expr = typed(schemas, &b.ty, &value, krate);
        if b.required {
            required_args.push(format!("body: {expr}"));
        } else {
            setters.push(format!(".with_body({expr})"));
        }
        value
    });
    let status = op.success_statuses().first().copied().unwrap_or(200);
    let response = op
        .success_body()
        .map(|ty| {
            op.examples
                .responses
                .iter()
                .find(|e| e.status == status)
                .and_then(|e| e.body.clone())
                .unwrap_or_else(|| sample(schemas, ty, "response", 1))
        })
        .unwrap_or(Value::Null);
    let construct = if op.has_no_input() {
        request.clone()
    } else if required_args.is_empty() {
        format!("{request}::new(){}", setters.join(""))
    } else {
        format!(
            "{request}::new({request}Required {{ {} }}){}",
            required_args.join(", "),
            setters.join("")
        )
    };
    let pairs = |v: &[(String, String)]| {
        v.iter()
            .map(|(k, v)| format!("({k:?}, {v:?})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let body_expr = match &body {
        Some(v) => format!("Some({:?})", v.to_string()),
        None => "None".to_owned(),
    };
    format!(
        r#"
#[tokio::test]
async fn {name}() {{
    let request = {construct};
    let expected = hwcloud_tests::harness::Expected {{
        method: {method:?},
        path: {path:?},
        query: &[{query}],
        headers: &[{headers}],
        body: {body_expr},
        status: {status},
    }};
    hwcloud_tests::harness::{check}(&{krate}::SERVICE, &request, &expected, {response:?}).await;
}}
"#,
        name = unraw(&op.fn_name),
        method = op.method.as_str(),
        query = pairs(&query),
        headers = pairs(&headers),
        response = response.to_string(),
        // Operations without a documented body decode into `Empty`, which has no JSON form.
        check = if op.success_body().is_some() {
            "check_operation"
        } else {
            "exchange"
        },
    )
}
