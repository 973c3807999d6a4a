//! The `requests` module: one input type per operation, and how it is written into an
//! HTTP request (path, query, headers, body).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::{TypeCx, allow_complex, ident};
use super::items::Items;
use super::members::{Member, derives_and_debug, required_name, required_struct, setter_name};
use crate::model::{Operation, ParamLocation, SchemaKind, TypeRef, Wrapping};

/// A field of a request type: a parameter or the body.
struct InputField<'a> {
    rust_name: &'a str,
    wire_name: &'a str,
    ty: &'a TypeRef,
    required: bool,
    location: Option<ParamLocation>,
    sensitive: bool,
    doc: Vec<String>,
}

fn inputs(op: &Operation) -> Vec<InputField<'_>> {
    let mut fields: Vec<InputField<'_>> = op
        .params
        .iter()
        .map(|p| {
            let mut doc = docs::doc_lines(&p.doc);
            let mut note = format!(
                "{} parameter `{}`.",
                location_title(p.location),
                p.wire_name
            );
            if p.from_credentials {
                note.push_str(" When `None`, the value of the client's credentials is used.");
            }
            docs::push_paragraph(&mut doc, vec![note]);
            if p.sensitive {
                docs::push_paragraph(&mut doc, vec![docs::SENSITIVE_NOTE.to_owned()]);
            }
            InputField {
                rust_name: &p.rust_name,
                wire_name: &p.wire_name,
                ty: &p.ty,
                required: p.required && !p.from_credentials,
                location: Some(p.location),
                sensitive: p.sensitive,
                doc,
            }
        })
        .collect();
    if let Some(b) = &op.body {
        let mut doc = docs::doc_lines(&b.doc);
        if doc.is_empty() {
            doc.push("The request body.".to_owned());
        }
        fields.push(InputField {
            rust_name: "body",
            wire_name: "body",
            ty: &b.ty,
            required: b.required,
            location: None,
            sensitive: false,
            doc,
        });
    }
    fields
}

/// The wire names of `op`'s sensitive parameters and of the sensitive fields of every
/// schema its parameters, body and responses reach, sorted and once each: the runtime
/// hides their values wherever it renders a request, a response or an error.
fn sensitive_names(tcx: &TypeCx<'_>, op: &Operation) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut todo = Vec::new();
    let push = |ty: &TypeRef, todo: &mut Vec<usize>| {
        let mut ty = ty;
        loop {
            match ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => ty = inner,
                TypeRef::Schema(i) => return todo.push(*i),
                _ => return,
            }
        }
    };
    for p in &op.params {
        if p.sensitive {
            names.insert(p.wire_name.clone());
        }
        push(&p.ty, &mut todo);
    }
    if let Some(body) = &op.body {
        push(&body.ty, &mut todo);
    }
    for r in &op.responses {
        if let Some(ty) = &r.body {
            push(ty, &mut todo);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(i) = todo.pop() {
        if !seen.insert(i) {
            continue;
        }
        match tcx.schemas.get(i).map(|s| &s.kind) {
            Some(SchemaKind::Object(fields)) => {
                for f in fields {
                    if f.sensitive {
                        names.insert(f.wire_name.clone());
                    }
                    push(&f.ty, &mut todo);
                }
            }
            Some(SchemaKind::Alias(ty)) => push(ty, &mut todo),
            _ => {}
        }
    }
    names.into_iter().collect()
}

fn location_title(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
    }
}

/// Emits the request types of `ops`.
pub fn emit_requests(tcx: &TypeCx<'_>, rt: &TokenStream, ops: &[Operation]) -> Items {
    ops.iter().map(|op| emit_request(tcx, rt, op)).collect()
}

fn emit_request(tcx: &TypeCx<'_>, rt: &TokenStream, op: &Operation) -> Items {
    let name = ident(&op.request_type);
    let const_name = ident(&op.const_name);
    let output = match op.success_body() {
        Some(ty) => tcx.rust(ty),
        None => quote!(#rt::Empty),
    };
    let doc = docs::attrs(&[format!(
        "Input of {} (`{}`).",
        docs::method_link(&op.fn_name),
        op.id
    )]);
    let fields = inputs(op);
    let hidden = sensitive_names(tcx, op);
    let hidden = (!hidden.is_empty())
        .then(|| quote!(const SENSITIVE: &'static [&'static str] = &[#(#hidden),*];));
    let trait_impl = |write_fn: TokenStream| {
        quote! {
            impl #rt::ApiRequest for #name {
                type Output = #output;
                const OPERATION: &'static #rt::Operation = &super::operations::#const_name;
                #hidden
                #write_fn
            }
        }
    };
    let paginated = super::pagination::emit_paginated(tcx, rt, op);
    if fields.is_empty() {
        let mut items = Items::from(quote! {
            #doc
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct #name;
        });
        items.push(trait_impl(quote!()));
        return items;
    }
    let members: Vec<Member<'_>> = fields
        .iter()
        .map(|f| Member {
            rust_name: f.rust_name,
            value_type: tcx.rust(f.ty),
            wrapping: if f.required {
                Wrapping::Plain
            } else {
                Wrapping::Option
            },
            boxed: false,
            sensitive: f.sensitive,
            doc: docs::attrs(&f.doc),
        })
        .collect();
    let all_optional = fields.iter().all(|f| !f.required);
    let (derives, debug) = derives_and_debug(&name, &members, all_optional, rt);
    let decls = members.iter().map(|m| {
        let (doc, n, t) = (&m.doc, ident(m.rust_name), &m.value_type);
        if m.wrapping == Wrapping::Plain {
            quote!(#doc pub #n: #t,)
        } else {
            quote!(#doc pub #n: Option<#t>,)
        }
    });
    // Request types end in `Request` (or `Request2`, ...), so no `...Required` name is taken.
    let required = required_name(&op.request_type, |_| false);
    let (mut required_items, mut constructor) =
        required_struct(&name, &required, &members, &tcx.std.boxed);
    if constructor.is_empty() {
        constructor = quote! {
            /// Creates the request with every input empty, as `Default` does.
            pub fn new() -> Self { Self::default() }
        };
    }
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(f.rust_name);
        let setter = setter_name(f.rust_name);
        let doc = format!(" Sets `{}`.", f.wire_name);
        // A list takes any iterable of values that convert (`vec!["a", "b"]`).
        if let TypeRef::Array(item) = f.ty {
            let item = tcx.rust(item);
            return quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter<V: Into<#item>>(mut self, value: impl IntoIterator<Item = V>) -> Self {
                    self.#n = Some(value.into_iter().map(Into::into).collect());
                    self
                }
            };
        }
        let t = tcx.rust(f.ty);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: impl Into<#t>) -> Self { self.#n = Some(value.into()); self }
        }
    });
    let writes = fields.iter().map(|f| {
        let n = ident(f.rust_name);
        let wire = f.wire_name;
        match f.location {
            Some(ParamLocation::Path) => quote!(request.path(#wire, &self.#n);),
            Some(ParamLocation::Query) => quote!(request.query(#wire, &self.#n);),
            Some(ParamLocation::Header) => quote!(request.header(#wire, &self.#n);),
            None => quote!(request.json_body(&self.#n);),
        }
    });
    let imp =
        trait_impl(quote! { fn write(&self, request: &mut #rt::RequestWriter) { #(#writes)* } });
    let complex = allow_complex(fields.iter().map(|f| f.ty));
    required_items.prefix_first(complex.clone());
    let mut items = Items::from(quote! {
        #doc
        #complex
        #[derive(#derives)]
        #[non_exhaustive]
        pub struct #name { #(#decls)* }
    });
    items.push(debug);
    items.extend([required_items]);
    items.push(quote! {
        #complex
        impl #name {
            #constructor
            #(#setters)*
        }
    });
    items.push(imp);
    items.push(paginated);
    items
}
