//! Documented examples checked against the types they illustrate, so that every request
//! example deserializes into its generated type and serializes back to the same JSON, and
//! every response example decodes as a client decodes it: a scalar of another scalar type
//! that the runtime converts without loss (`hwcloud_runtime::wire::tolerant`: a number for a
//! string, `"33"` for an integer, `"true"` for a boolean, ...) is a warning there, not an
//! error, since the docs of this API family often get such types wrong and the service's
//! real responses are decoded the same way.

use serde_json::Value;

use super::types::{describe, unalias};
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::model::*;
use crate::parse::ast::ExamplesAst;
use crate::parse::reader::Cx;

/// Checks and attaches the examples of `op`.
pub fn resolve_examples(cx: &mut Cx, schemas: &[Schema], op: &mut Operation, ast: &ExamplesAst) {
    let checker = Checker {
        schemas,
        response: false,
    };
    for req in &ast.requests {
        if let Some(body) = &req.body {
            match &op.body {
                Some(b) => checker.check(cx, &req.path.key("body"), body, &b.ty, false),
                None => cx.report(
                    Diagnostic::error(
                        "example-mismatch",
                        &req.path.key("body"),
                        format!(
                            "operation `{}` takes no request body, but this example has one",
                            op.id
                        ),
                    )
                    .on_key(),
                ),
            }
        }
        op.examples.requests.push(RequestExample {
            description: req.description.clone(),
            url: req.url.clone(),
            body: req.body.clone(),
        });
    }
    for res in &ast.responses {
        let Some(status) = &res.status else { continue };
        let Some(status_u16) = u16::try_from(status.value)
            .ok()
            .filter(|s| (100..=599).contains(s))
        else {
            cx.report(Diagnostic::error(
                "invalid-status",
                &status.path,
                format!("`{}` is not an HTTP status code", status.value),
            ));
            continue;
        };
        if let Some(body) = &res.body {
            let documented = op.responses.iter().find(|r| r.status == status_u16);
            let checker = Checker {
                response: true,
                ..checker
            };
            match documented.and_then(|r| r.body.as_ref()) {
                Some(ty) => checker.check(cx, &res.path.key("body"), body, ty, false),
                None => cx.report(
                    Diagnostic::error(
                        "example-mismatch",
                        &status.path,
                        format!("no response body is documented for status {status_u16}, but this example has one"),
                    )
                    .with_help(format!("document it under `responses.{status_u16}.body`")),
                ),
            }
        }
        op.examples.responses.push(ResponseExample {
            status: status_u16,
            description: res.description.clone(),
            body: res.body.clone(),
        });
    }
}

#[derive(Clone, Copy)]
struct Checker<'a> {
    schemas: &'a [Schema],
    /// A response example: lossless scalar conversions are warnings.
    response: bool,
}

/// The type a response's `value` converts to without loss, as the client's tolerant
/// decoding does: `Some("string")` when `value` is another scalar that reads as `ty`.
fn repairable(value: &Value, ty: &TypeRef) -> Option<&'static str> {
    let whole = |v: &Value| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9_223_372_036_854_775_808.0)
            .map(|f| f as i64)
    };
    let int_text = |s: &str| s.parse::<i64>().ok().filter(|n| n.to_string() == s);
    match (ty, value) {
        (TypeRef::String, Value::Number(_) | Value::Bool(_)) => Some("string"),
        (TypeRef::Int64, Value::String(s)) => int_text(s).map(|_| "integer"),
        (TypeRef::Int32, Value::String(s)) => int_text(s)
            .filter(|n| i32::try_from(*n).is_ok())
            .map(|_| "integer"),
        (TypeRef::Int64, Value::Number(_)) => whole(value).map(|_| "integer"),
        (TypeRef::Int32, Value::Number(_)) => whole(value)
            .filter(|n| i32::try_from(*n).is_ok())
            .map(|_| "integer"),
        (TypeRef::Float | TypeRef::Double, Value::String(s)) => {
            serde_json::from_str::<serde_json::Number>(s)
                .ok()
                .filter(|n| n.to_string().parse::<f64>().is_ok_and(f64::is_finite) && s.trim() == s)
                .map(|_| "number")
        }
        (TypeRef::Boolean, Value::String(s)) if s == "true" || s == "false" => Some("boolean"),
        (TypeRef::Boolean, Value::Number(n)) if n.as_u64().is_some_and(|n| n <= 1) => {
            Some("boolean")
        }
        _ => None,
    }
}

impl Checker<'_> {
    fn names(&self) -> Vec<String> {
        self.schemas.iter().map(|s| s.name.clone()).collect()
    }

    fn mismatch(&self, cx: &mut Cx, path: &KeyPath, value: &Value, ty: &TypeRef) {
        let found = match value {
            Value::Null => "null".to_owned(),
            Value::Bool(_) => "a boolean".to_owned(),
            Value::Number(n) => format!("the number {n}"),
            Value::String(_) => "a string".to_owned(),
            Value::Array(_) => "a list".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        cx.report(
            Diagnostic::error(
                "example-mismatch",
                path,
                format!(
                    "example does not match its type: expected {}, found {found}",
                    describe(ty, &self.names())
                ),
            )
            .with_label(format!("expected {}", describe(ty, &self.names()))),
        );
    }

    /// A response example's scalar the client converts: a warning saying so.
    fn repaired(&self, cx: &mut Cx, path: &KeyPath, value: &Value, to: &str) {
        cx.report(
            Diagnostic::warning(
                "example-repaired",
                path,
                format!(
                    "the example has {value} where the type is {to}: a client reads it as {to} and lists it in `Response::type_repairs()`"
                ),
            )
            .with_help("if the service really sends this, declare the field's type as the example has it"),
        );
    }

    /// Checks `value` against `ty`; `nullable` says whether `null` is acceptable.
    fn check(&self, cx: &mut Cx, path: &KeyPath, value: &Value, ty: &TypeRef, nullable: bool) {
        if value.is_null() {
            if !nullable && *ty != TypeRef::Any {
                self.mismatch(cx, path, value, ty);
            }
            return;
        }
        let ok = match ty {
            TypeRef::String => value.is_string(),
            TypeRef::Int32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            TypeRef::Int64 => value.is_i64(),
            TypeRef::Float | TypeRef::Double => value.is_number(),
            TypeRef::Boolean => value.is_boolean(),
            TypeRef::Any => true,
            TypeRef::Array(inner) => match value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check(cx, &path.index(i), item, inner, false);
                    }
                    true
                }
                None => false,
            },
            TypeRef::Map(inner) => match value.as_object() {
                Some(entries) => {
                    for (k, v) in entries {
                        self.check(cx, &path.key(k.clone()), v, inner, false);
                    }
                    true
                }
                None => false,
            },
            TypeRef::Schema(i) => return self.check_schema(cx, path, value, *i),
        };
        if !ok
            && self.response
            && let Some(to) = repairable(value, ty)
        {
            self.repaired(cx, path, value, to);
            return;
        }
        if !ok {
            if matches!(ty, TypeRef::Int32) && value.is_i64() {
                cx.report(
                    Diagnostic::error(
                        "example-mismatch",
                        path,
                        format!("example value {value} does not fit in int32"),
                    )
                    .with_help("declare the field as `int64`"),
                );
            } else {
                self.mismatch(cx, path, value, ty);
            }
        }
    }

    fn check_schema(&self, cx: &mut Cx, path: &KeyPath, value: &Value, index: usize) {
        let Some(schema) = self.schemas.get(index) else {
            return;
        };
        match &schema.kind {
            SchemaKind::Alias(t) => {
                // Follow the whole alias chain here: recursing once per alias could go as
                // deep as the spec has schemas.
                let target = unalias(self.schemas, t);
                if let TypeRef::Schema(j) = target
                    && matches!(
                        self.schemas.get(*j).map(|s| &s.kind),
                        Some(SchemaKind::Alias(_))
                    )
                {
                    return; // an alias cycle, already reported
                }
                self.check(cx, path, value, target, false)
            }
            SchemaKind::Enum(_) => {
                if self.response && (value.is_number() || value.is_boolean()) {
                    self.repaired(cx, path, value, "string");
                } else if !value.is_string() {
                    self.mismatch(cx, path, value, &TypeRef::Schema(index));
                }
            }
            SchemaKind::Object(fields) => {
                let Some(obj) = value.as_object() else {
                    self.mismatch(cx, path, value, &TypeRef::Schema(index));
                    return;
                };
                for (key, v) in obj {
                    match fields.iter().find(|f| &f.wire_name == key) {
                        Some(f) => self.check(cx, &path.key(key.clone()), v, &f.ty, f.nullable),
                        None => cx.report(
                            Diagnostic::error(
                                "example-mismatch",
                                &path.key(key.clone()),
                                format!(
                                    "example has a field `{key}` that schema `{}` does not declare",
                                    schema.name
                                ),
                            )
                            .on_key()
                            .with_help(format!(
                                "add `{key}` to the properties of `{}`",
                                schema.name
                            )),
                        ),
                    }
                }
                for f in fields
                    .iter()
                    .filter(|f| f.required && !obj.contains_key(&f.wire_name))
                {
                    cx.report(
                        Diagnostic::error(
                            "example-mismatch",
                            path,
                            format!(
                                "example lacks the required field `{}` of schema `{}`",
                                f.wire_name, schema.name
                            ),
                        )
                        .on_key()
                        .with_help(format!(
                            "add `{}` to the example, or drop `required: true` from the property",
                            f.wire_name
                        )),
                    );
                }
            }
        }
    }
}
