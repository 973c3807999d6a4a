//! Changes to schemas: added, removed, kind changed; object fields; enum values; aliases.

use super::{Change, ChangeKind, describe};
use crate::model::{EnumValue, Field, Schema, SchemaKind, Service, Wrapping};

/// Compares the schemas of two services, by name.
pub(super) fn compare(old: &Service, new: &Service, out: &mut Vec<Change>) {
    for s in &old.schemas {
        let at = format!("schemas.{}", s.name);
        match new.schemas.iter().find(|n| n.name == s.name) {
            None => out.push(Change::new(
                ChangeKind::SchemaRemoved,
                true,
                at,
                format!(
                    "schema `{}` removed: the Rust type `{}` is gone",
                    s.name, s.rust_name
                ),
            )),
            Some(n) => schema(old, new, s, n, &at, out),
        }
    }
    for n in new
        .schemas
        .iter()
        .filter(|n| !old.schemas.iter().any(|s| s.name == n.name))
    {
        out.push(Change::new(
            ChangeKind::SchemaAdded,
            false,
            format!("schemas.{}", n.name),
            format!("schema `{}` added", n.name),
        ));
    }
}

fn kind_name(k: &SchemaKind) -> &'static str {
    match k {
        SchemaKind::Object(_) => "an object",
        SchemaKind::Enum(_) => "an enum",
        SchemaKind::Alias(_) => "an alias",
    }
}

fn schema(old: &Service, new: &Service, s: &Schema, n: &Schema, at: &str, out: &mut Vec<Change>) {
    if s.rust_name != n.rust_name {
        out.push(Change::new(
            ChangeKind::RustNameChanged,
            true,
            at,
            format!(
                "the Rust type of `{}` is renamed from `{}` to `{}`",
                s.name, s.rust_name, n.rust_name
            ),
        ));
    }
    let docs_changed = s.doc != n.doc
        || match (&s.kind, &n.kind) {
            (SchemaKind::Object(a), SchemaKind::Object(b)) => a.iter().any(|f| {
                b.iter()
                    .any(|g| g.wire_name == f.wire_name && g.doc != f.doc)
            }),
            _ => false,
        };
    if docs_changed {
        out.push(Change::new(
            ChangeKind::DocsChanged,
            false,
            at,
            format!("documentation of `{}` changed", s.name),
        ));
    }
    match (&s.kind, &n.kind) {
        (SchemaKind::Object(a), SchemaKind::Object(b)) => fields(old, new, s, a, b, at, out),
        (SchemaKind::Enum(a), SchemaKind::Enum(b)) => values(s, a, b, at, out),
        (SchemaKind::Alias(a), SchemaKind::Alias(b)) => {
            let (x, y) = (describe(a, old), describe(b, new));
            if x != y {
                out.push(Change::new(
                    ChangeKind::SchemaRetyped,
                    true,
                    at,
                    format!("`{}` is now {y} instead of {x}", s.name),
                ));
            }
        }
        (a, b) => out.push(Change::new(
            ChangeKind::SchemaRetyped,
            true,
            at,
            format!(
                "`{}` is now {} instead of {}",
                s.name,
                kind_name(b),
                kind_name(a)
            ),
        )),
    }
}

fn wrapping_text(f: &Field) -> &'static str {
    match f.wrapping() {
        Wrapping::Plain => "T",
        Wrapping::Option => "Option<T>",
        Wrapping::DoubleOption => "Option<Option<T>>",
    }
}

fn fields(
    old: &Service,
    new: &Service,
    s: &Schema,
    a: &[Field],
    b: &[Field],
    at: &str,
    out: &mut Vec<Change>,
) {
    let ty = &s.rust_name;
    for f in a {
        let here = format!("{at}.properties.{}", f.wire_name);
        let Some(g) = b.iter().find(|g| g.wire_name == f.wire_name) else {
            out.push(Change::new(
                ChangeKind::FieldRemoved,
                true,
                here,
                format!(
                    "field `{}` removed from `{}`: `{ty}::{}` is gone",
                    f.wire_name, s.name, f.rust_name
                ),
            ));
            continue;
        };
        let (x, y) = (describe(&f.ty, old), describe(&g.ty, new));
        if x != y {
            out.push(Change::new(
                ChangeKind::FieldRetyped,
                true,
                here.clone(),
                format!(
                    "field `{}` of `{}` changed type from {x} to {y}",
                    f.wire_name, s.name
                ),
            ));
        }
        if f.wrapping() != g.wrapping() {
            let what = match (f.required, g.required) {
                (false, true) => "is now required",
                (true, false) => "is now optional",
                _ if g.nullable => "may now be null",
                _ => "may no longer be null",
            };
            let constructor =
                if (f.wrapping() == Wrapping::Plain) != (g.wrapping() == Wrapping::Plain) {
                    format!(", and `{ty}::new` changes")
                } else {
                    String::new()
                };
            out.push(Change::new(
                ChangeKind::FieldRequiredChanged,
                true,
                here.clone(),
                format!(
                    "field `{}` of `{}` {what}: its Rust type changes from {} to {}{constructor}",
                    f.wire_name,
                    s.name,
                    wrapping_text(f),
                    wrapping_text(g)
                ),
            ));
        }
        if f.rust_name != g.rust_name {
            out.push(Change::new(
                ChangeKind::RustNameChanged,
                true,
                here,
                format!(
                    "the field `{ty}::{}` is renamed to `{}`",
                    f.rust_name, g.rust_name
                ),
            ));
        }
    }
    for g in b
        .iter()
        .filter(|g| !a.iter().any(|f| f.wire_name == g.wire_name))
    {
        let here = format!("{at}.properties.{}", g.wire_name);
        let plain = g.wrapping() == Wrapping::Plain;
        let message = if plain {
            format!(
                "required field `{}` added to `{}`: `{ty}::new` takes a new argument",
                g.wire_name, s.name
            )
        } else {
            format!("optional field `{}` added to `{}`", g.wire_name, s.name)
        };
        out.push(Change::new(ChangeKind::FieldAdded, plain, here, message));
    }
}

fn values(s: &Schema, a: &[EnumValue], b: &[EnumValue], at: &str, out: &mut Vec<Change>) {
    for v in a {
        match b.iter().find(|w| w.wire == v.wire) {
            None => out.push(Change::new(
                ChangeKind::EnumValueRemoved,
                true,
                format!("{at}.enum.{}", v.wire),
                format!(
                    "value `{}` removed from `{}`: the variant `{}::{}` is gone",
                    v.wire, s.name, s.rust_name, v.rust_name
                ),
            )),
            Some(w) if w.rust_name != v.rust_name => out.push(Change::new(
                ChangeKind::RustNameChanged,
                true,
                format!("{at}.enum.{}", v.wire),
                format!(
                    "the variant `{}::{}` is renamed to `{}`",
                    s.rust_name, v.rust_name, w.rust_name
                ),
            )),
            Some(_) => {}
        }
    }
    for w in b.iter().filter(|w| !a.iter().any(|v| v.wire == w.wire)) {
        out.push(Change::new(
            ChangeKind::EnumValueAdded,
            false,
            format!("{at}.enum.{}", w.wire),
            format!(
                "value `{}` added to `{}` (older clients read it as `Unknown`)",
                w.wire, s.name
            ),
        ));
    }
}
