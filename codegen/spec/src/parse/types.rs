//! Reads the types of the format: a built-in (`type`, with `items` or `values`) or a schema
//! (`ref`), wherever a type is written (parameters, bodies, headers, properties, aliases).

use super::ast::{Builtin, TypeAst};
use super::document::{Type, keys};
use super::reader::{Cx, Map, Spanned};
use crate::diagnostics::{Diagnostic, did_you_mean};

/// The spellings of built-in types, for parsing and suggestions.
pub const BUILTIN_NAMES: &[(&str, Builtin)] = &[
    ("string", Builtin::String),
    ("int32", Builtin::Int32),
    ("int64", Builtin::Int64),
    ("float", Builtin::Float),
    ("double", Builtin::Double),
    ("boolean", Builtin::Boolean),
    ("any", Builtin::Any),
];

/// Reads a type from `type`/`ref`/`items`/`values`, reporting a missing one.
pub(super) fn read_type_required(cx: &mut Cx, m: &Map<'_>, what: &str) -> Option<TypeAst> {
    if !m.has("type") && !m.has("ref") {
        cx.report(
            Diagnostic::error("missing-type", &m.path, format!("{what} has no type"))
                .on_key()
                .with_help("add `type: string` (or another type), or `ref: SchemaName`"),
        );
        return None;
    }
    read_type(cx, m)
}

/// Reads a type from `type`/`ref`/`items`/`values`; `None` when absent or invalid.
pub fn read_type(cx: &mut Cx, m: &Map<'_>) -> Option<TypeAst> {
    let ty = m.string(cx, "type");
    let reference = m.string(cx, "ref");
    match (ty, reference) {
        (Some(t), Some(_)) => {
            cx.report(
                Diagnostic::error(
                    "type-and-ref",
                    &t.path,
                    "both `type` and `ref` are given; a type is one or the other",
                )
                .on_key(),
            );
            None
        }
        (None, Some(r)) => {
            for key in ["items", "values"] {
                if let Some((p, _)) = m.get(key) {
                    cx.report(
                        Diagnostic::error(
                            "misplaced-field",
                            &p,
                            format!("`{key}` has no meaning with `ref`"),
                        )
                        .on_key(),
                    );
                }
            }
            Some(TypeAst::Ref(r))
        }
        (Some(t), None) => read_named_type(cx, m, t),
        (None, None) => None,
    }
}

fn read_named_type(cx: &mut Cx, m: &Map<'_>, t: Spanned<String>) -> Option<TypeAst> {
    let nested = |cx: &mut Cx, key: &str| -> Option<Box<TypeAst>> {
        let Some(inner) = m.map(cx, key) else {
            if !m.has(key) {
                cx.report(
                    Diagnostic::error(
                        "missing-field",
                        &t.path,
                        format!("`type: {}` needs `{key}`", t.value),
                    )
                    .with_help(format!(
                        "add `{key}: {{ type: string }}` or `{key}: {{ ref: SchemaName }}`"
                    )),
                );
            }
            return None;
        };
        inner.check_keys(cx, &format!("`{key}`"), keys::<Type>());
        if !inner.has("type") && !inner.has("ref") {
            cx.report(
                Diagnostic::error("missing-type", &inner.path, format!("`{key}` has no type"))
                    .on_key()
                    .with_help("add `type: ...` or `ref: SchemaName`"),
            );
            return None;
        }
        read_type(cx, &inner).map(Box::new)
    };
    for (key, wanted) in [("items", "array"), ("values", "map")] {
        if t.value != wanted
            && let Some((p, _)) = m.get(key)
        {
            cx.report(
                Diagnostic::error(
                    "misplaced-field",
                    &p,
                    format!("`{key}` only applies to `type: {wanted}`"),
                )
                .on_key(),
            );
        }
    }
    match t.value.as_str() {
        "array" => nested(cx, "items").map(TypeAst::Array),
        "map" => nested(cx, "values").map(TypeAst::Map),
        name => match BUILTIN_NAMES.iter().find(|(n, _)| *n == name) {
            Some((_, b)) => Some(TypeAst::Builtin(Spanned {
                value: *b,
                path: t.path,
            })),
            None => {
                report_unknown_type(cx, &t);
                None
            }
        },
    }
}

fn report_unknown_type(cx: &mut Cx, t: &Spanned<String>) {
    let name = t.value.as_str();
    let help = match name {
        "object" => {
            "objects are named schemas: declare one under `schemas` and use `ref: Name`".to_owned()
        }
        "integer" | "int" | "long" => "say how wide: `int32` or `int64`".to_owned(),
        "number" => "say how precise: `float` or `double`".to_owned(),
        "bool" => "did you mean `boolean`?".to_owned(),
        "str" => "did you mean `string`?".to_owned(),
        _ => {
            let all: Vec<&str> = BUILTIN_NAMES
                .iter()
                .map(|(n, _)| *n)
                .chain(["array", "map"])
                .collect();
            match did_you_mean(name, all.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "built-in types are {}; for a schema write `ref: {name}`",
                    super::reader::list(&all)
                ),
            }
        }
    };
    cx.report(
        Diagnostic::error("unknown-type", &t.path, format!("unknown type `{name}`"))
            .with_label("not a built-in type")
            .with_help(help),
    );
}
