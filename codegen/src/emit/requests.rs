//! The `requests` module: one input type per operation, and how it is written into an
//! HTTP request (path, query, headers, body).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::idents::{TypeCx, allow_complex, ident};
use crate::model::{Operation, ParamLocation, TypeRef};
use crate::naming::setter_suffix;

/// A field of a request type: a parameter or the body.
struct InputField<'a> {
    rust_name: &'a str,
    wire_name: &'a str,
    ty: &'a TypeRef,
    required: bool,
    location: Option<ParamLocation>,
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
            InputField {
                rust_name: &p.rust_name,
                wire_name: &p.wire_name,
                ty: &p.ty,
                required: p.required && !p.from_credentials,
                location: Some(p.location),
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
            doc,
        });
    }
    fields
}

fn location_title(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
    }
}

/// Emits the request types of `ops`.
pub fn emit_requests(tcx: &TypeCx<'_>, rt: &TokenStream, ops: &[Operation]) -> TokenStream {
    let items = ops.iter().map(|op| emit_request(tcx, rt, op));
    quote! { #(#items)* }
}

fn emit_request(tcx: &TypeCx<'_>, rt: &TokenStream, op: &Operation) -> TokenStream {
    let name = ident(&op.request_type);
    let const_name = ident(&op.const_name);
    let output = match op.success_body() {
        Some(ty) => tcx.rust(ty),
        None => quote!(#rt::Empty),
    };
    // Rustdoc does not resolve raw identifiers (`r#as`) in link targets.
    let doc = docs::attrs(&[format!(
        "Input of [`Client::{0}`](super::Client::{1}) (`{2}`).",
        op.fn_name,
        crate::naming::unraw(&op.fn_name),
        op.id
    )]);
    let fields = inputs(op);
    let trait_impl = |write_fn: TokenStream| {
        quote! {
            impl #rt::ApiRequest for #name {
                type Output = #output;
                const OPERATION: &'static #rt::Operation = &super::operations::#const_name;
                #write_fn
            }
        }
    };
    let paginated = super::pagination::emit_paginated(tcx, rt, op);
    if fields.is_empty() {
        let imp = trait_impl(quote!());
        return quote! {
            #doc
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
            pub struct #name;
            #imp
        };
    }
    let all_optional = fields.iter().all(|f| !f.required);
    let default = if all_optional {
        quote!(Default,)
    } else {
        quote!()
    };
    let decls = fields.iter().map(|f| {
        let doc = docs::attrs(&f.doc);
        let n = ident(f.rust_name);
        let t = tcx.rust(f.ty);
        if f.required {
            quote!(#doc pub #n: #t,)
        } else {
            quote!(#doc pub #n: Option<#t>,)
        }
    });
    let required: Vec<&InputField<'_>> = fields.iter().filter(|f| f.required).collect();
    let new_params = required.iter().map(|f| {
        let n = ident(f.rust_name);
        let t = tcx.rust(f.ty);
        quote!(#n: impl Into<#t>)
    });
    let inits = fields.iter().map(|f| {
        let n = ident(f.rust_name);
        if f.required {
            quote!(#n: #n.into())
        } else {
            quote!(#n: None)
        }
    });
    let allow = if required.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(f.rust_name);
        let setter = format_ident!("with_{}", setter_suffix(f.rust_name));
        let t = tcx.rust(f.ty);
        let doc = format!(" Sets `{}`.", f.wire_name);
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
    quote! {
        #doc
        #complex
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name { #(#decls)* }
        #complex
        impl #name {
            /// Creates the request from its required inputs; optional ones start empty.
            #allow
            pub fn new(#(#new_params),*) -> Self { Self { #(#inits),* } }
            #(#setters)*
        }
        #imp
        #paginated
    }
}
