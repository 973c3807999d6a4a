//! Where each schema is used, for the rustdoc of schema types: "Response of
//! `Client::list_x`", "Field `result` of `ListXResponse`", with the number of fields.

use super::docs;
use crate::model::{Schema, SchemaKind, Service, TypeRef, Wrapping};

/// At most this many uses are named; the others are counted.
const NAMED_USES: usize = 3;

/// One direct use of a schema (possibly inside a list or map).
enum Use<'a> {
    /// The request body of a client method.
    Body(&'a str),
    /// The success response of a client method.
    Response(&'a str),
    /// A parameter of a client method: method, wire name.
    Param(&'a str, &'a str),
    /// A field of another schema: its Rust name, the field's wire name.
    Field(&'a str, &'a str),
}

/// The schemas `ty` names, through lists, maps (not through other schemas).
fn named(ty: &TypeRef) -> Option<usize> {
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
            TypeRef::Schema(i) => return Some(*i),
            _ => return None,
        }
    }
}

fn uses_of(service: &Service, index: usize) -> Vec<Use<'_>> {
    let mut uses = Vec::new();
    for op in &service.operations {
        let name = op.fn_name.as_str();
        if op.body.as_ref().and_then(|b| named(&b.ty)) == Some(index) {
            uses.push(Use::Body(name));
        }
        if op.success_body().and_then(named) == Some(index) {
            uses.push(Use::Response(name));
        }
        for p in &op.params {
            if named(&p.ty) == Some(index) {
                uses.push(Use::Param(name, &p.wire_name));
            }
        }
    }
    for s in &service.schemas {
        if let SchemaKind::Object(fields) = &s.kind {
            for f in fields {
                if named(&f.ty) == Some(index) {
                    uses.push(Use::Field(&s.rust_name, &f.wire_name));
                }
            }
        }
    }
    uses
}

fn phrase(u: &Use<'_>) -> String {
    let plain = |s: &str| s.replace('`', "");
    match u {
        Use::Body(m) => format!("the body of {}", docs::method_link(m)),
        Use::Response(m) => format!("the response of {}", docs::method_link(m)),
        Use::Param(m, p) => format!("parameter `{}` of {}", plain(p), docs::method_link(m)),
        Use::Field(s, f) => format!("field `{}` of [`{s}`](struct@{s})", plain(f)),
    }
}

/// What kind of type the schema is, in a sentence.
fn shape(s: &Schema) -> String {
    match &s.kind {
        SchemaKind::Object(fields) => {
            let required = fields
                .iter()
                .filter(|f| f.wrapping() == Wrapping::Plain)
                .count();
            match (fields.len(), required) {
                (0, _) => "An object without fields.".to_owned(),
                (1, 1) => "An object with 1 field, required.".to_owned(),
                (1, _) => "An object with 1 optional field.".to_owned(),
                (n, 0) => format!("An object with {n} optional fields."),
                (n, r) => format!("An object with {n} fields, {r} required."),
            }
        }
        SchemaKind::Enum(values) => format!(
            "A string with {} known value{}; others are kept as `Unknown`.",
            values.len(),
            if values.len() == 1 { "" } else { "s" }
        ),
        SchemaKind::Alias(_) => "Another name for the type below.".to_owned(),
    }
}

/// The doc paragraph saying where schema `index` is used and what it is, e.g.
/// "Used as the response of `Client::show_storage`. An object with 3 optional fields."
pub fn summary(service: &Service, index: usize) -> String {
    let Some(schema) = service.schemas.get(index) else {
        return String::new();
    };
    let uses = uses_of(service, index);
    let mut text = match uses.len() {
        0 => "Not used by any operation directly.".to_owned(),
        n => {
            let mut named: Vec<String> = uses.iter().take(NAMED_USES).map(phrase).collect();
            if n > NAMED_USES {
                named.push(format!("{} more", n - NAMED_USES));
            }
            let last = named.pop().unwrap_or_default();
            if named.is_empty() {
                format!("Used as {last}.")
            } else {
                format!("Used as {} and {last}.", named.join(", "))
            }
        }
    };
    text.push(' ');
    text.push_str(&shape(schema));
    text
}
