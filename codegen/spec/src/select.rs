//! Keeping only some operations of a service, and the schemas they reach: what a build
//! script of a program that calls a few operations of a large service compiles (the
//! crate's `cargo check` time and memory follow the number of items in it).

use std::collections::BTreeSet;

use crate::diagnostics::did_you_mean;
use crate::model::{Operation, SchemaKind, Service, TypeRef};

/// Keeps the operations named in `ids` (operation ids such as `ResetUserPassword`, or
/// client method names such as `reset_user_password`; in spec order) and the schemas they
/// reach through parameters, bodies, responses and pagination, following fields and
/// aliases. Every unknown id is an error, with the closest operation id as a suggestion;
/// so is an empty list.
pub fn only_operations(service: &mut Service, ids: &[String]) -> Result<(), String> {
    if ids.is_empty() {
        return Err(format!(
            "no operation of service `{}` was chosen: name at least one operation id",
            service.name
        ));
    }
    // Each name is an operation id or a client method name, as in the policy command.
    let id_of = |name: &str| {
        service
            .operations
            .iter()
            .find(|o| o.id == name || o.fn_name == name)
            .map(|o| o.id.clone())
    };
    let known: Vec<&str> = service.operations.iter().map(|o| o.id.as_str()).collect();
    let mut kept = Vec::new();
    let mut unknown = Vec::new();
    for name in ids {
        match id_of(name) {
            Some(id) => kept.push(id),
            None => unknown.push(match did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("`{name}` (did you mean `{best}`?)"),
                None => format!("`{name}`"),
            }),
        }
    }
    if !unknown.is_empty() {
        return Err(format!(
            "service `{}` has no operation {}; operation ids are the keys under `operations:` in the spec",
            service.name,
            unknown.join(", ")
        ));
    }
    service.operations.retain(|o| kept.contains(&o.id));
    let reached = reachable(service);
    // New index of each kept schema, by old index.
    let mut new_index = vec![None; service.schemas.len()];
    for (new, old) in reached.iter().enumerate() {
        new_index[*old] = Some(new);
    }
    let mut kept_schemas = new_index.iter().map(Option::is_some);
    service
        .schemas
        .retain(|_| kept_schemas.next().unwrap_or(false));
    for op in &mut service.operations {
        operation_types(op, &mut |ty| renumber(ty, &new_index));
    }
    for schema in &mut service.schemas {
        schema_types(&mut schema.kind, &mut |ty| renumber(ty, &new_index));
    }
    // Setters are for schemas that requests use: only the kept operations count now.
    let mut roots = Vec::new();
    for op in &service.operations {
        for p in &op.params {
            schemas_in(&p.ty, &mut roots);
        }
        if let Some(body) = &op.body {
            schemas_in(&body.ty, &mut roots);
        }
    }
    let in_requests = closure(service, roots);
    for (i, schema) in service.schemas.iter_mut().enumerate() {
        schema.used_in_requests = in_requests.contains(&i);
    }
    Ok(())
}

/// Indices of the schemas the kept operations reach, ascending.
fn reachable(service: &mut Service) -> BTreeSet<usize> {
    let mut roots = Vec::new();
    for op in &mut service.operations {
        operation_types(op, &mut |ty| schemas_in(ty, &mut roots));
    }
    closure(service, roots)
}

/// The schemas `roots` reach, themselves included, following fields and aliases.
pub(crate) fn closure(service: &mut Service, mut todo: Vec<usize>) -> BTreeSet<usize> {
    let mut reached = BTreeSet::new();
    while let Some(i) = todo.pop() {
        if reached.insert(i) {
            schema_types(&mut service.schemas[i].kind, &mut |ty| {
                schemas_in(ty, &mut todo)
            });
        }
    }
    reached
}

/// Calls `f` on every type an operation mentions.
pub(crate) fn operation_types(op: &mut Operation, f: &mut dyn FnMut(&mut TypeRef)) {
    for p in &mut op.params {
        f(&mut p.ty);
    }
    if let Some(body) = &mut op.body {
        f(&mut body.ty);
    }
    for r in &mut op.responses {
        if let Some(ty) = &mut r.body {
            f(ty);
        }
        for h in &mut r.headers {
            f(&mut h.ty);
        }
    }
    if let Some(p) = &mut op.pagination {
        f(&mut p.item_type);
    }
}

/// Calls `f` on every type a schema mentions.
fn schema_types(kind: &mut SchemaKind, f: &mut dyn FnMut(&mut TypeRef)) {
    match kind {
        SchemaKind::Alias(ty) => f(ty),
        SchemaKind::Object(fields) => fields.iter_mut().for_each(|field| f(&mut field.ty)),
        SchemaKind::Enum(_) => {}
    }
}

/// Pushes the schema indices inside `ty`.
pub(crate) fn schemas_in(ty: &TypeRef, out: &mut Vec<usize>) {
    match ty {
        TypeRef::Schema(i) => out.push(*i),
        TypeRef::Array(inner) | TypeRef::Map(inner) => schemas_in(inner, out),
        _ => {}
    }
}

/// Points `ty`'s schema indices at the kept schemas' new places.
fn renumber(ty: &mut TypeRef, new_index: &[Option<usize>]) {
    match ty {
        TypeRef::Schema(i) => {
            *i = new_index[*i].expect("a reached schema is kept");
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => renumber(inner, new_index),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::resolve;

    fn real_spec() -> Service {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../spec/codeartsartifact.yaml"
        ))
        .expect("the real spec");
        resolve("codeartsartifact.yaml", &text)
            .map_err(|d| format!("{d:?}"))
            .expect("the real spec resolves")
            .0
    }

    /// The schema names a type mentions, followed through the whole service.
    fn names(service: &Service, ty: &TypeRef, out: &mut BTreeSet<String>) {
        let mut todo = Vec::new();
        schemas_in(ty, &mut todo);
        while let Some(i) = todo.pop() {
            let schema = &service.schemas[i];
            if out.insert(schema.name.clone()) {
                let mut kind = schema.kind.clone();
                schema_types(&mut kind, &mut |t| schemas_in(t, &mut todo));
            }
        }
    }

    fn reached_names(service: &Service) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for op in &service.operations {
            let mut op = op.clone();
            operation_types(&mut op, &mut |ty| names(service, ty, &mut out));
        }
        out
    }

    #[test]
    fn keeps_the_operations_and_exactly_the_schemas_they_reach() {
        let full = real_spec();
        let ids: Vec<String> = ["list_all_repositories", "ResetUserPassword"]
            .map(String::from)
            .to_vec();
        let mut expected = full.clone();
        expected
            .operations
            .retain(|o| ["ListAllRepositories", "ResetUserPassword"].contains(&o.id.as_str()));
        let expected_names = reached_names(&expected);
        assert!(!expected_names.is_empty());

        let mut selected = full.clone();
        only_operations(&mut selected, &ids).expect("known ids");
        let kept: Vec<&str> = selected.operations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(kept, ["ListAllRepositories", "ResetUserPassword"]);
        let names: BTreeSet<String> = selected.schemas.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, expected_names);
        // Every reference still points at the schema of the same name.
        assert_eq!(reached_names(&selected), expected_names);
        assert!(selected.schemas.len() < full.schemas.len());
        // `ResetUserPassword` takes no input and `ListAllRepositories` only strings, so no
        // kept schema needs setters any more.
        assert!(selected.schemas.iter().all(|s| !s.used_in_requests));
        assert!(full.schemas.iter().any(|s| s.used_in_requests));
    }

    #[test]
    fn unknown_ids_are_all_reported_with_suggestions() {
        let mut service = real_spec();
        let ids = ["ResetUserPasword", "NoSuchThing"]
            .map(String::from)
            .to_vec();
        let e = only_operations(&mut service, &ids).unwrap_err();
        assert!(
            e.contains("`ResetUserPasword` (did you mean `ResetUserPassword`?)"),
            "{e}"
        );
        assert!(e.contains("`NoSuchThing`"), "{e}");
        assert_eq!(service.operations.len(), 59, "nothing is dropped on error");
        let e = only_operations(&mut service, &[]).unwrap_err();
        assert!(e.contains("name at least one operation id"), "{e}");
    }
}
