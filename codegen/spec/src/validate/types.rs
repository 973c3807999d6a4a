//! Resolving written types (`type`/`ref`) to model types.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{Schema, SchemaKind, TypeRef};
use crate::parse::ast::{Builtin, TypeAst};
use crate::parse::reader::Cx;

/// Schema names and their indices in the model.
#[derive(Debug, Default)]
pub struct SchemaTable {
    by_name: HashMap<String, usize>,
    names: Vec<String>,
}

impl SchemaTable {
    /// A table of `names`, indexed in the given order.
    pub fn new(names: Vec<String>) -> Self {
        let by_name = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Self { by_name, names }
    }

    /// Resolves a written type, reporting references to unknown schemas.
    pub fn resolve(&self, cx: &mut Cx, ty: &TypeAst) -> Option<TypeRef> {
        Some(match ty {
            TypeAst::Builtin(b) => match b.value {
                Builtin::String => TypeRef::String,
                Builtin::Int32 => TypeRef::Int32,
                Builtin::Int64 => TypeRef::Int64,
                Builtin::Float => TypeRef::Float,
                Builtin::Double => TypeRef::Double,
                Builtin::Boolean => TypeRef::Boolean,
                Builtin::Any => TypeRef::Any,
            },
            TypeAst::Array(inner) => TypeRef::Array(Box::new(self.resolve(cx, inner)?)),
            TypeAst::Map(inner) => TypeRef::Map(Box::new(self.resolve(cx, inner)?)),
            TypeAst::Ref(name) => match self.by_name.get(&name.value) {
                Some(&i) => TypeRef::Schema(i),
                None => {
                    let mut d = Diagnostic::error(
                        "unknown-schema",
                        &name.path,
                        format!("unknown schema `{}`", name.value),
                    )
                    .with_label("no schema of this name");
                    d = match did_you_mean(&name.value, self.names.iter().map(String::as_str)) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None if self.names.is_empty() => d.with_help(
                            "declare it under `schemas`; this spec declares no schemas yet",
                        ),
                        None => d.with_help(format!(
                            "declare it under `schemas`; known: {}",
                            self.known()
                        )),
                    };
                    cx.report(d);
                    return None;
                }
            },
        })
    }

    fn known(&self) -> String {
        let mut names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        names.sort_unstable();
        let shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
        let more = names.len().saturating_sub(shown.len());
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else {
            shown.join(", ")
        }
    }
}

/// The type an alias chain (`A: {ref: B}`, `B: {type: string}`) ends in. A loop walking at
/// most one step per schema, so neither a long chain nor a cycle (reported separately) can
/// recurse without end.
pub fn unalias<'a>(schemas: &'a [Schema], mut ty: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..=schemas.len() {
        match ty {
            TypeRef::Schema(i) => match schemas.get(*i).map(|s| &s.kind) {
                Some(SchemaKind::Alias(t)) => ty = t,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// A short human name of a type, for messages.
pub fn describe(ty: &TypeRef, schema_names: &[String]) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Int32 => "int32".into(),
        TypeRef::Int64 => "int64".into(),
        TypeRef::Float => "float".into(),
        TypeRef::Double => "double".into(),
        TypeRef::Boolean => "boolean".into(),
        TypeRef::Any => "any".into(),
        TypeRef::Array(inner) => format!("array of {}", describe(inner, schema_names)),
        TypeRef::Map(inner) => format!("map of {}", describe(inner, schema_names)),
        TypeRef::Schema(i) => format!(
            "schema `{}`",
            schema_names.get(*i).map(String::as_str).unwrap_or("?")
        ),
    }
}
