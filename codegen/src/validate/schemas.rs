//! Named schemas: Rust names, field and variant names, type resolution, recursion.

use std::collections::{BTreeSet, HashSet};

use super::types::SchemaTable;
use super::{collision_warning, doc, empty_text_warning};
use crate::diagnostics::Diagnostic;
use crate::model::{EnumValue, Field, Schema, SchemaKind, TypeRef};
use crate::naming::{Scope, camel_ident, snake_ident};
use crate::parse::ast::{SchemaAst, SchemaBodyAst};
use crate::parse::reader::Cx;

/// Variant name of the catch-all that keeps unknown enum values.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Resolves all schemas. `asts` must already be in model order (sorted by name).
pub fn resolve_schemas(cx: &mut Cx, table: &SchemaTable, asts: &[SchemaAst]) -> Vec<Schema> {
    let mut type_scope = Scope::default();
    let mut schemas: Vec<Schema> = asts
        .iter()
        .map(|ast| {
            let wanted = match &ast.rust_name {
                Some(r) => r.value.clone(),
                None => camel_ident(&ast.name.value),
            };
            let (rust_name, collision) = type_scope.claim(wanted, &ast.name.value);
            if let Some(c) = collision {
                cx.report(collision_warning(
                    &ast.name.path,
                    "schema",
                    &ast.name.value,
                    &c,
                ));
            }
            empty_text_warning(cx, ast.doc.description.as_ref());
            Schema {
                name: ast.name.value.clone(),
                rust_name,
                doc: doc(&ast.doc),
                inferred: ast.inferred.clone(),
                kind: resolve_body(cx, table, ast),
                used_in_requests: false,
            }
        })
        .collect();
    check_alias_cycles(cx, asts, &schemas);
    mark_boxed_fields(&mut schemas);
    schemas
}

fn resolve_body(cx: &mut Cx, table: &SchemaTable, ast: &SchemaAst) -> SchemaKind {
    match &ast.body {
        SchemaBodyAst::Object(fields) => {
            let mut scope = Scope::default();
            let fields = fields
                .iter()
                .filter_map(|f| {
                    empty_text_warning(cx, f.doc.description.as_ref());
                    let ty = table.resolve(cx, f.ty.as_ref()?)?;
                    let wanted = match &f.rust_name {
                        Some(r) => r.value.clone(),
                        None => snake_ident(&f.name.value),
                    };
                    let (rust_name, collision) = scope.claim(wanted, &f.name.value);
                    if let Some(c) = collision {
                        cx.report(collision_warning(&f.name.path, "field", &f.name.value, &c));
                    }
                    Some(Field {
                        wire_name: f.name.value.clone(),
                        rust_name,
                        ty,
                        required: f.required,
                        nullable: f.nullable,
                        boxed: false,
                        doc: doc(&f.doc),
                    })
                })
                .collect();
            SchemaKind::Object(fields)
        }
        SchemaBodyAst::Enum(values) => {
            if values.is_empty() {
                cx.report(
                    Diagnostic::error(
                        "empty-enum",
                        &ast.name.path.key("enum"),
                        format!("enum `{}` has no values", ast.name.value),
                    )
                    .with_help("list at least one value, or drop `enum` to accept any string"),
                );
            }
            let mut scope = Scope::with_reserved(&[UNKNOWN_VARIANT]);
            let mut seen = HashSet::new();
            let values = values
                .iter()
                .filter_map(|v| {
                    if !seen.insert(v.value.value.clone()) {
                        cx.report(Diagnostic::error(
                            "duplicate-enum-value",
                            &v.value.path,
                            format!("enum value `{}` is listed twice", v.value.value),
                        ));
                        return None;
                    }
                    let wanted = if v.value.value.is_empty() {
                        "Empty".to_owned()
                    } else {
                        camel_ident(&v.value.value)
                    };
                    let (rust_name, collision) = scope.claim(wanted, &v.value.value);
                    if let Some(c) = collision {
                        cx.report(collision_warning(
                            &v.value.path,
                            "enum value",
                            &v.value.value,
                            &c,
                        ));
                    }
                    Some(EnumValue {
                        wire: v.value.value.clone(),
                        rust_name,
                        description: v.description.clone(),
                    })
                })
                .collect();
            SchemaKind::Enum(values)
        }
        SchemaBodyAst::Alias(ty) => table
            .resolve(cx, ty)
            .map_or(SchemaKind::Alias(TypeRef::Any), SchemaKind::Alias),
        SchemaBodyAst::Invalid => SchemaKind::Object(Vec::new()),
    }
}

/// Schemas reached from `ty` without going through a collection (which gives indirection).
fn direct_target(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Schema(i) => Some(*i),
        _ => None,
    }
}

/// Aliases that lead back to themselves (`A: {ref: B}`, `B: {ref: A}`) have no Rust form.
fn check_alias_cycles(cx: &mut Cx, asts: &[SchemaAst], schemas: &[Schema]) {
    for (start, schema) in schemas.iter().enumerate() {
        let SchemaKind::Alias(ty) = &schema.kind else {
            continue;
        };
        let mut seen = BTreeSet::from([start]);
        let mut next = direct_target(ty);
        while let Some(i) = next {
            if i == start {
                cx.report(
                    Diagnostic::error(
                        "alias-cycle",
                        &asts[start].name.path,
                        format!("schema `{}` is an alias of itself", schema.name),
                    )
                    .on_key()
                    .with_help("make one of the schemas in the cycle an object"),
                );
                break;
            }
            if !seen.insert(i) {
                break;
            }
            next = match &schemas[i].kind {
                SchemaKind::Alias(t) => direct_target(t),
                _ => None,
            };
        }
    }
}

/// Marks fields that refer, without a collection in between, to a schema that leads back
/// to the field's own schema: those need a `Box` to have a finite size.
fn mark_boxed_fields(schemas: &mut [Schema]) {
    let edges: Vec<Vec<usize>> = schemas
        .iter()
        .map(|s| match &s.kind {
            SchemaKind::Object(fields) => {
                fields.iter().filter_map(|f| direct_target(&f.ty)).collect()
            }
            SchemaKind::Alias(ty) => direct_target(ty).into_iter().collect(),
            SchemaKind::Enum(_) => Vec::new(),
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut stack = vec![from];
        let mut seen = HashSet::new();
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if seen.insert(n) {
                stack.extend(edges.get(n).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut to_box = Vec::new();
    for (i, s) in schemas.iter().enumerate() {
        if let SchemaKind::Object(fields) = &s.kind {
            for (j, f) in fields.iter().enumerate() {
                if let Some(target) = direct_target(&f.ty)
                    && reaches(target, i)
                {
                    to_box.push((i, j));
                }
            }
        }
    }
    for (i, j) in to_box {
        if let SchemaKind::Object(fields) = &mut schemas[i].kind {
            fields[j].boxed = true;
        }
    }
}

/// Every schema index `ty` mentions, directly or nested.
pub fn collect_refs(ty: &TypeRef, schemas: &[Schema], out: &mut BTreeSet<usize>) {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => collect_refs(inner, schemas, out),
        TypeRef::Schema(i) if out.insert(*i) => match schemas.get(*i).map(|s| &s.kind) {
            Some(SchemaKind::Object(fields)) => {
                for f in fields {
                    collect_refs(&f.ty, schemas, out);
                }
            }
            Some(SchemaKind::Alias(t)) => collect_refs(t, schemas, out),
            _ => {}
        },
        _ => {}
    }
}
