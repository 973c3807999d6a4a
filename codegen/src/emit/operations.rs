//! The `operations` module: per-operation metadata (method, path, permissions), usable
//! without a network call.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::ident;
use super::items::Items;
use crate::model::{Operation, Service};

/// Emits one metadata constant per operation of `ops`.
pub fn emit_operations(ops: &[Operation], rt: &TokenStream) -> Items {
    ops.iter()
        .map(|op| Items::from(emit_operation(op, rt)))
        .collect()
}

/// Emits `ALL`, the list of every operation's metadata. With group features, each entry
/// carries its group's `cfg` (`cfgs[i]` for operation `i`), so the list holds the
/// operations of the enabled groups.
pub fn emit_all(service: &Service, rt: &TokenStream, cfgs: Option<&[TokenStream]>) -> TokenStream {
    let entries = service.operations.iter().enumerate().map(|(i, op)| {
        let name = ident(&op.const_name);
        let cfg = cfgs.and_then(|c| c.get(i));
        quote!(#cfg &#name)
    });
    let doc = if cfgs.is_some() {
        " Every operation of the service's enabled resource groups, sorted by id."
    } else {
        " Every operation of the service, sorted by id."
    };
    quote! {
        #[doc = #doc]
        pub const ALL: &[&#rt::Operation] = &[#(#entries),*];
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
    let summary = op.summary.as_deref().unwrap_or_default();
    let permissions = op.permissions.iter().map(|p| {
        let action = &p.action;
        let level = ident(p.access_level.variant());
        let mut row = quote!(#rt::Permission::new(#action, #rt::AccessLevel::#level));
        if !p.resource_types.is_empty() {
            let resources = p.resource_types.iter().map(|r| {
                let (n, req) = (&r.name, r.required);
                quote!(#rt::ResourceType::new(#n, #req))
            });
            row.extend(quote!(.with_resource_types(&[#(#resources),*])));
        }
        for (setter, items) in [
            ("with_condition_keys", &p.condition_keys),
            ("with_aliases", &p.aliases),
            ("with_dependencies", &p.dependencies),
        ] {
            if !items.is_empty() {
                let setter = quote::format_ident!("{setter}");
                row.extend(quote!(.#setter(&[#(#items),*])));
            }
        }
        row
    });
    let doc = docs::attrs(&[format!(
        "`{} {}`: metadata of operation `{}`.",
        op.method.as_str(),
        op.path.replace('`', ""),
        op.id
    )]);
    let mut value = quote!(#rt::Operation::new(#id, #rt::Method::#method, #path));
    if !summary.is_empty() {
        value.extend(quote!(.with_summary(#summary)));
    }
    value.extend(quote!(.with_success_statuses(&[#(#statuses),*])));
    if let Some(ct) = op.body.as_ref().map(|b| b.content_type.as_str()) {
        value.extend(quote!(.with_body_content_type(#ct)));
    }
    if !op.permissions.is_empty() {
        value.extend(quote!(.with_permissions(&[#(#permissions),*])));
    }
    quote! {
        #doc
        pub const #name: #rt::Operation = #value;
    }
}
