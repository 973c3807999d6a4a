//! The `types` module: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::idents::{TypeCx, allow_complex, ident};
use super::items::Items;
use super::members::{Member, derives_and_debug, required_name, required_struct, setter_name};
use crate::model::{EnumValue, Field, Schema, SchemaKind, Service, TypeRef, Wrapping};
use crate::validate::UNKNOWN_VARIANT;

/// Emits the schemas in `range` (indices into `service.schemas`).
pub fn emit_types(
    service: &Service,
    tcx: &TypeCx<'_>,
    rt: &TokenStream,
    range: std::ops::Range<usize>,
) -> Items {
    range.map(|i| emit_schema(service, tcx, rt, i)).collect()
}

/// The schema's description when the spec has one, then where it is used and its shape.
fn schema_doc(service: &Service, index: usize) -> TokenStream {
    let s = &service.schemas[index];
    let mut lines = docs::doc_lines(&s.doc);
    docs::push_paragraph(&mut lines, vec![super::usage::summary(service, index)]);
    if let Some(how) = &s.inferred {
        docs::push_paragraph(
            &mut lines,
            vec![format!(
                "Inferred from the documented {how}; every field is optional."
            )],
        );
    }
    docs::attrs(&lines)
}

fn emit_schema(service: &Service, tcx: &TypeCx<'_>, rt: &TokenStream, index: usize) -> Items {
    let s = &service.schemas[index];
    let doc = schema_doc(service, index);
    let name = ident(&s.rust_name);
    match &s.kind {
        SchemaKind::Alias(ty) => {
            let ty = tcx.rust(ty);
            Items::from(quote! { #doc pub type #name = #ty; })
        }
        SchemaKind::Enum(values) => emit_enum(rt, &doc, s, values),
        SchemaKind::Object(fields) => emit_object(tcx, rt, &doc, index, s, fields),
    }
}

/// The declared type of a field, with `Box` and `Option` wrappers.
pub fn field_type(tcx: &TypeCx<'_>, f: &Field) -> TokenStream {
    let mut ty = tcx.rust(&f.ty);
    if f.boxed {
        let boxed = &tcx.std.boxed;
        ty = quote!(#boxed<#ty>);
    }
    let option = &tcx.std.option;
    match f.wrapping() {
        Wrapping::Plain => ty,
        Wrapping::Option => quote!(#option<#ty>),
        Wrapping::DoubleOption => quote!(#option<#option<#ty>>),
    }
}

/// The doc attributes of a field.
fn field_doc(f: &Field) -> TokenStream {
    let mut lines = docs::doc_lines(&f.doc);
    if lines.is_empty() {
        lines.push(format!(
            "`{}` (the spec gives no description).",
            f.wire_name.replace('`', "")
        ));
    }
    if f.nullable {
        docs::push_paragraph(
            &mut lines,
            vec!["The service may send `null` here.".to_owned()],
        );
    }
    if f.sensitive {
        docs::push_paragraph(&mut lines, vec![docs::SENSITIVE_NOTE.to_owned()]);
    }
    docs::attrs(&lines)
}

fn member<'a>(tcx: &TypeCx<'_>, f: &'a Field) -> Member<'a> {
    Member {
        rust_name: &f.rust_name,
        value_type: tcx.rust(&f.ty),
        wrapping: f.wrapping(),
        boxed: f.boxed,
        sensitive: f.sensitive,
        doc: field_doc(f),
    }
}

/// How `hwcloud_runtime::object_serde!` treats a field: the name of its kind there.
fn serde_kind(f: &Field) -> proc_macro2::Ident {
    let kind = match f.wrapping() {
        Wrapping::Plain => "Req",
        Wrapping::Option if f.required => "Nul",
        Wrapping::Option => "Opt",
        Wrapping::DoubleOption => "Maybe",
    };
    format_ident!("{kind}")
}

/// The `object_serde!` invocation that gives a struct its serde impls: each field's kind,
/// Rust name and JSON key.
fn serde_impls(rt: &TokenStream, name: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|f| {
        let kind = serde_kind(f);
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        quote!(#kind #field #wire)
    });
    quote! { #rt::object_serde!(#name { #(#entries),* }); }
}

fn emit_object(
    tcx: &TypeCx<'_>,
    rt: &TokenStream,
    doc: &TokenStream,
    index: usize,
    s: &Schema,
    fields: &[Field],
) -> Items {
    let name = ident(&s.rust_name);
    let members: Vec<Member<'_>> = fields.iter().map(|f| member(tcx, f)).collect();
    let all_optional = fields.iter().all(|f| f.wrapping() != Wrapping::Plain);
    let (derives, debug) = derives_and_debug(&name, &members, all_optional, rt);
    let field_tokens = fields.iter().zip(&members).map(|(f, m)| {
        let (doc, n, ty) = (&m.doc, ident(&f.rust_name), field_type(tcx, f));
        quote! { #doc pub #n: #ty, }
    });
    let serde = serde_impls(rt, &name, fields);
    let required = required_name(&s.rust_name, |n| {
        tcx.schemas.iter().any(|other| other.rust_name == n)
    });
    let (mut required_items, constructor) =
        required_struct(&name, &required, &members, &tcx.std.boxed);
    let setters = if s.used_in_requests {
        setters(tcx, fields)
    } else {
        quote!()
    };
    let allow = allow_complex(fields.iter().map(|f| &f.ty));
    let wrapper = wrapper_from(tcx, s, index, fields);
    let impl_block = if constructor.is_empty() && setters.is_empty() {
        quote!()
    } else {
        quote! { #allow impl #name { #constructor #setters } }
    };
    required_items.prefix_first(allow.clone());
    let mut items = Items::from(quote! {
        #doc
        #allow
        #[derive(#derives)]
        #[non_exhaustive]
        pub struct #name { #(#field_tokens)* }
    });
    items.push(debug);
    items.push(serde);
    items.extend([required_items]);
    items.push(impl_block);
    items.push(wrapper);
    items
}

/// `impl From<Inner> for Outer` for a request object that wraps another object in one
/// required key (`{"vpc": {...}}`, maybe beside optional ones such as `dry_run`): the
/// wrapped value converts into the body, so `with_body(inner)` and `Outer::from(inner)`
/// need no wrapper struct spelled out.
fn wrapper_from(tcx: &TypeCx<'_>, s: &Schema, index: usize, fields: &[Field]) -> TokenStream {
    // One required field (the wrapped object); any others optional, and left empty.
    let mut required = fields.iter().filter(|f| f.wrapping() == Wrapping::Plain);
    let (Some(field), None) = (required.next(), required.next()) else {
        return quote!();
    };
    let TypeRef::Schema(inner) = field.ty else {
        return quote!();
    };
    let inner_is_object = matches!(
        tcx.schemas.get(inner).map(|i| &i.kind),
        Some(SchemaKind::Object(_))
    );
    if !s.used_in_requests
        || field.wrapping() != Wrapping::Plain
        || inner == index
        || !inner_is_object
    {
        return quote!();
    }
    let name = ident(&s.rust_name);
    let inner_ty = tcx.rust(&field.ty);
    let n = ident(&field.rust_name);
    let value = if field.boxed {
        let boxed = &tcx.std.boxed;
        quote!(#boxed::new(value))
    } else {
        quote!(value)
    };
    let others = fields
        .iter()
        .filter(|f| f.wire_name != field.wire_name)
        .map(|f| {
            let o = ident(&f.rust_name);
            quote!(#o: None,)
        });
    let doc = if fields.len() == 1 {
        format!(
            " Wraps the value in `{}`, the one key of this object.",
            field.wire_name
        )
    } else {
        format!(
            " Wraps the value in `{}`, the one required key of this object; the optional ones start empty.",
            field.wire_name
        )
    };
    quote! {
        impl ::std::convert::From<#inner_ty> for #name {
            #[doc = #doc]
            fn from(value: #inner_ty) -> Self {
                Self { #n: #value, #(#others)* }
            }
        }
    }
}

/// `with_<field>(value)` setters for the optional fields of request types.
fn setters(tcx: &TypeCx<'_>, fields: &[Field]) -> TokenStream {
    let items = fields
        .iter()
        .filter(|f| f.wrapping() != Wrapping::Plain)
        .map(|f| {
            let n = ident(&f.rust_name);
            let setter = setter_name(&f.rust_name);
            let doc = format!(" Sets `{}`.", f.wire_name);
            let into = &tcx.std.into;
            // A list takes any iterable of values that convert (`vec!["a", "b"]`).
            if let (TypeRef::Array(item), false) = (&f.ty, f.boxed) {
                let item = tcx.rust(item);
                let list = quote!(value.into_iter().map(#into::into).collect());
                let value = match f.wrapping() {
                    Wrapping::DoubleOption => quote!(Some(Some(#list))),
                    _ => quote!(Some(#list)),
                };
                return quote! {
                    #[doc = #doc]
                    #[must_use]
                    pub fn #setter<V: #into<#item>>(mut self, value: impl ::std::iter::IntoIterator<Item = V>) -> Self {
                        self.#n = #value;
                        self
                    }
                };
            }
            let t = tcx.rust(&f.ty);
            let mut value = quote!(value.into());
            if f.boxed {
                let boxed = &tcx.std.boxed;
                value = quote!(#boxed::new(#value));
            }
            let value = match f.wrapping() {
                Wrapping::DoubleOption => quote!(Some(Some(#value))),
                _ => quote!(Some(#value)),
            };
            quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: impl #into<#t>) -> Self { self.#n = #value; self }
            }
        });
    quote! { #(#items)* }
}

/// A string enum: the enum written out (doc comments, a variant per value, `Unknown`), and
/// one `open_enum!` line that gives it `as_str`, `From<&str>`, `Display`, serde and
/// `Decode` from its variants' wire values.
fn emit_enum(rt: &TokenStream, doc: &TokenStream, s: &Schema, values: &[EnumValue]) -> Items {
    let name = ident(&s.rust_name);
    // `open_enum!` reads and writes unknown values through this variant, by this name.
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = values.iter().map(|v| {
        let lines = v
            .description
            .as_deref()
            .map(docs::sanitize)
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| vec![format!("`{}`", v.wire.replace('`', ""))]);
        let doc = docs::attrs(&lines);
        let var = ident(&v.rust_name);
        quote!(#doc #var,)
    });
    let wires = values.iter().map(|v| {
        let var = ident(&v.rust_name);
        let wire = &v.wire;
        quote!(#var => #wire)
    });
    let mut items = Items::from(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know, kept as sent.
            #unknown(::std::string::String),
        }
    });
    items.push(quote! { #rt::open_enum!(#name { #(#wires),* }); });
    items
}
