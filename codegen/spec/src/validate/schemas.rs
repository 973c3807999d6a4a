//! Named schemas: Rust names, field and variant names, type resolution, recursion.

use std::collections::{BTreeSet, HashSet};

use super::types::SchemaTable;
use super::{collision_warning, doc, empty_text_warning, wanted_rust_name};
use crate::diagnostics::Diagnostic;
use crate::model::{EnumValue, Field, Schema, SchemaKind, TypeRef};
use crate::naming::{Case, Scope, camel_ident, snake_ident};
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
            let wanted = wanted_rust_name(cx, ast.rust_name.as_ref(), Case::UpperCamel, || {
                camel_ident(&ast.name.value)
            });
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
    check_required_cycles(cx, asts, &schemas);
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
                    let wanted = wanted_rust_name(cx, f.rust_name.as_ref(), Case::Snake, || {
                        snake_ident(&f.name.value)
                    });
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
                        sensitive: f
                            .sensitive
                            .unwrap_or_else(|| super::sensitive::by_name(&f.name.value)),
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
/// Each cycle is reported once, at the schema of the cycle that sorts first. Every schema
/// is walked once, so long alias chains cost linear time.
fn check_alias_cycles(cx: &mut Cx, asts: &[SchemaAst], schemas: &[Schema]) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unvisited,
        OnWalk,
        Done,
    }
    let mut state = vec![State::Unvisited; schemas.len()];
    for start in 0..schemas.len() {
        if state[start] != State::Unvisited {
            continue;
        }
        let mut walk = Vec::new();
        let mut next = Some(start);
        while let Some(i) = next {
            match state.get(i) {
                Some(State::Unvisited) => {}
                Some(State::OnWalk) => {
                    let from = walk.iter().position(|&w| w == i).unwrap_or(0);
                    let mut cycle = walk[from..].to_vec();
                    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                    cycle.rotate_left(first);
                    report_alias_cycle(cx, asts, schemas, &cycle);
                    break;
                }
                Some(State::Done) | None => break,
            }
            state[i] = State::OnWalk;
            walk.push(i);
            next = match &schemas[i].kind {
                SchemaKind::Alias(t) => direct_target(t),
                _ => None,
            };
        }
        for i in walk {
            state[i] = State::Done;
        }
    }
}

fn report_alias_cycle(cx: &mut Cx, asts: &[SchemaAst], schemas: &[Schema], cycle: &[usize]) {
    let name = |i: usize| format!("`{}`", schemas[i].name);
    let start = cycle[0];
    let message = if cycle.len() == 1 {
        format!("schema {} is an alias of itself", name(start))
    } else {
        let lap: Vec<String> = cycle.iter().chain([&start]).map(|&i| name(i)).collect();
        format!(
            "aliases refer to each other in a cycle: {}",
            lap.join(" → ")
        )
    };
    cx.report(
        Diagnostic::error("alias-cycle", &asts[start].name.path, message)
            .on_key()
            .with_help(
                "an alias must end in a type; make one of the schemas in the cycle an object",
            ),
    );
}

/// Marks fields that refer, without a collection in between, to a schema that leads back
/// to the field's own schema: those need a `Box` to have a finite size. A field needs one
/// exactly when its schema and the target are in the same strongly connected component.
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
    let component = components(&edges);
    for (i, s) in schemas.iter_mut().enumerate() {
        if let SchemaKind::Object(fields) = &mut s.kind {
            for f in fields.iter_mut() {
                if let Some(target) = direct_target(&f.ty) {
                    f.boxed = component.get(target) == component.get(i);
                }
            }
        }
    }
}

/// Objects whose required, non-nullable fields lead back to themselves
/// (`Node.child: Node`, required) have no finite value: a `Node` always holds another
/// one. No JSON can decode into such a type, and filling the missing field of a response
/// would never end. Each cycle is reported once, at a field of the schema that sorts first.
fn check_required_cycles(cx: &mut Cx, asts: &[SchemaAst], schemas: &[Schema]) {
    let must_hold = |f: &Field| f.required && !f.nullable;
    let edges: Vec<Vec<usize>> = schemas
        .iter()
        .map(|s| match &s.kind {
            SchemaKind::Object(fields) => fields
                .iter()
                .filter(|f| must_hold(f))
                .filter_map(|f| direct_target(&f.ty))
                .collect(),
            SchemaKind::Alias(ty) => direct_target(ty).into_iter().collect(),
            SchemaKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = components(&edges);
    let mut reported = BTreeSet::new();
    for (i, schema) in schemas.iter().enumerate() {
        let SchemaKind::Object(fields) = &schema.kind else {
            continue;
        };
        let Some(field) = fields.iter().find(|f| {
            must_hold(f)
                && direct_target(&f.ty).is_some_and(|t| component.get(t) == component.get(i))
        }) else {
            continue;
        };
        if !reported.insert(component[i]) {
            continue;
        }
        let members: Vec<String> = (0..schemas.len())
            .filter(|&j| component[j] == component[i])
            .map(|j| format!("`{}`", schemas[j].name))
            .collect();
        let through = if members.len() > 1 {
            format!(" (through {})", members.join(", "))
        } else {
            String::new()
        };
        let message = format!(
            "`{}.{}` is required and leads back to `{}`{through}: every `{}` would hold \
             another one, so no value of it is finite and no response can decode into it",
            schema.name, field.wire_name, schema.name, schema.name
        );
        let Some(SchemaBodyAst::Object(field_asts)) = asts.get(i).map(|a| &a.body) else {
            continue;
        };
        let Some(at) = field_asts.iter().find(|a| a.name.value == field.wire_name) else {
            continue;
        };
        cx.report(
            Diagnostic::error("required-cycle", &at.name.path, message)
                .on_key()
                .with_help(format!(
                    "make `{}` optional (`required: false`) or `nullable: true`",
                    field.wire_name
                )),
        );
    }
}

/// The strongly connected component of every node (Kosaraju's algorithm, without
/// recursion, so that long chains cannot exhaust the stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let edges: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().copied().filter(|&w| w < n).collect())
        .collect();
    let mut visited = vec![false; n];
    let mut finished = Vec::with_capacity(n);
    for root in 0..n {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        let mut stack = vec![(root, 0)];
        while let Some((v, next)) = stack.last_mut() {
            let v = *v;
            if let Some(&w) = edges[v].get(*next) {
                *next += 1;
                if !visited[w] {
                    visited[w] = true;
                    stack.push((w, 0));
                }
            } else {
                finished.push(v);
                stack.pop();
            }
        }
    }
    let mut reverse = vec![Vec::new(); n];
    for (v, out) in edges.iter().enumerate() {
        for &w in out {
            reverse[w].push(v);
        }
    }
    let mut component = vec![usize::MAX; n];
    for (c, &root) in finished.iter().rev().enumerate() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = c;
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            for &w in &reverse[v] {
                if component[w] == usize::MAX {
                    component[w] = c;
                    stack.push(w);
                }
            }
        }
    }
    component
}

/// Every schema index `ty` mentions, directly or nested. Iterative, so that a long chain
/// of schemas referring to each other cannot exhaust the stack.
pub fn collect_refs(ty: &TypeRef, schemas: &[Schema], out: &mut BTreeSet<usize>) {
    let mut pending = vec![ty];
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => pending.push(inner),
            TypeRef::Schema(i) if out.insert(*i) => match schemas.get(*i).map(|s| &s.kind) {
                Some(SchemaKind::Object(fields)) => pending.extend(fields.iter().map(|f| &f.ty)),
                Some(SchemaKind::Alias(t)) => pending.push(t),
                _ => {}
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn finds_strongly_connected_components() {
        // 0 → 1 → 2 → 0 form a cycle; 3 → 0 and 4 → 4 (a self loop); 5 is alone.
        let c = components(&[vec![1], vec![2], vec![0], vec![0], vec![4], vec![]]);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[0] && c[4] != c[5]);
    }

    #[test]
    fn a_long_chain_needs_no_deep_stack() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
