//! The `operations` module: per-operation metadata (method, path, permissions), usable
//! without a network call.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::ident;
use crate::model::{Operation, Service};

/// Emits one metadata constant per operation of `ops`.
pub fn emit_operations(ops: &[Operation], rt: &TokenStream) -> TokenStream {
    let consts = ops.iter().map(|op| emit_operation(op, rt));
    quote! { #(#consts)* }
}

/// Emits `ALL`, the list of every operation's metadata.
pub fn emit_all(service: &Service, rt: &TokenStream) -> TokenStream {
    let names = service.operations.iter().map(|op| ident(&op.const_name));
    quote! {
        /// Every operation of the service, sorted by id.
        pub const ALL: &[&#rt::Operation] = &[#(&#names),*];
    }
}

fn emit_operation(op: &Operation, rt: &TokenStream) -> TokenStream {
    let name = ident(&op.const_name);
    let id = &op.id;
    let method = ident(op.method.variant());
    let path = &op.path;
    let statuses = op
        .success_statuses()
        .into_iter()
        .map(proc_macro2::Literal::u16_unsuffixed);
    let summary = op.summary.clone().unwrap_or_default();
    let permissions = op.permissions.iter().map(|p| {
        let action = &p.action;
        let level = ident(p.access_level.variant());
        let resources = p.resource_types.iter().map(|r| {
            let n = &r.name;
            let req = r.required;
            quote!(#rt::ResourceType { name: #n, required: #req })
        });
        let keys = &p.condition_keys;
        let aliases = &p.aliases;
        let deps = &p.dependencies;
        quote! {
            #rt::Permission {
                action: #action,
                access_level: #rt::AccessLevel::#level,
                resource_types: &[#(#resources),*],
                condition_keys: &[#(#keys),*],
                aliases: &[#(#aliases),*],
                dependencies: &[#(#deps),*],
            }
        }
    });
    let doc = docs::attrs(&[format!(
        "`{} {}`: metadata of operation `{}`.",
        op.method.as_str(),
        op.path.replace('`', ""),
        op.id
    )]);
    let body_type = op.body.as_ref().map(|b| b.content_type.as_str());
    let content_type = match body_type {
        Some(ct) => quote!(Some(#ct)),
        None => quote!(None),
    };
    quote! {
        #doc
        pub const #name: #rt::Operation = #rt::Operation {
            id: #id,
            summary: #summary,
            method: #rt::Method::#method,
            path: #path,
            success_statuses: &[#(#statuses),*],
            body_content_type: #content_type,
            permissions: &[#(#permissions),*],
        };
    }
}
