//! Stage 3: the model to Rust tokens. The generated code is thin: types, request inputs,
//! operation metadata and one-line client methods; transport, signing, retries and errors
//! live in the shared runtime crate.

mod blocking;
mod client;
pub mod docs;
mod examples;
mod gate;
mod idents;
mod items;
mod layout;
mod members;
mod operations;
mod pagination;
mod requests;
mod types;
mod usage;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::Service;
use idents::{StdPaths, TypeCx};
use items::Items;

/// What to emit besides the client itself.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate, e.g. `::hwcloud_runtime` (already checked to parse).
    pub runtime: String,
    /// Whether to emit a `#[cfg(test)]` module that checks every documented example.
    pub example_tests: bool,
    /// The cargo feature that enables the emitted `blocking` module; `None` emits none.
    pub blocking_feature: Option<String>,
    /// Groups of the operations and schemas, when each group is compiled with a cargo
    /// feature of its own (see `crate::groups`); `None` compiles everything always.
    pub gates: Option<std::sync::Arc<crate::groups::Gates>>,
    /// Whether the items go to files beside the main one, which includes them (see
    /// `layout`), instead of into the main file itself.
    pub split_files: bool,
}

pub use layout::{Block, Content, GroupKind, Piece, files};

/// The tokens of one piece: its items, each under the piece's `cfg`.
pub fn emit_piece(service: &Service, options: &EmitOptions, piece: &Piece) -> TokenStream {
    let rt: TokenStream = match options.runtime.parse() {
        Ok(tokens) => tokens,
        Err(_) => quote!(::hwcloud_runtime),
    };
    let cfg = piece.groups.as_deref().map(gate::cfg);
    emit_content(service, options, &rt, &piece.content).gated(cfg.as_ref())
}

/// The items of `content`.
fn emit_content(
    service: &Service,
    options: &EmitOptions,
    rt: &TokenStream,
    content: &Content,
) -> Items {
    let in_types = TypeCx {
        rt: rt.clone(),
        schemas: &service.schemas,
        schema_prefix: quote!(),
        std: StdPaths::for_schemas(&service.schemas),
    };
    let from_child = TypeCx {
        rt: rt.clone(),
        schemas: &service.schemas,
        schema_prefix: quote!(super::types::),
        std: StdPaths::plain(),
    };
    let from_root = TypeCx {
        rt: rt.clone(),
        schemas: &service.schemas,
        schema_prefix: quote!(types::),
        std: StdPaths::plain(),
    };
    let gates = options.gates.as_deref();
    match content {
        Content::Service => emit_service_const(service, rt).into(),
        Content::Types(indices) => indices
            .iter()
            .map(|&i| types::emit_types(service, &in_types, rt, i..i + 1))
            .collect(),
        Content::Include(file) => quote!(include!(#file);).into(),
        Content::GroupFile(g, kind) => match gates {
            Some(gates) => {
                let group = &gates.groups[*g];
                let ops = (0..service.operations.len()).filter(|&i| &gates.operations[i] == group);
                match kind {
                    GroupKind::Types => (0..service.schemas.len())
                        .filter(|&i| layout::own_schema(&gates.schemas[i], group))
                        .map(|i| types::emit_types(service, &in_types, rt, i..i + 1))
                        .collect(),
                    GroupKind::Requests => ops
                        .map(|i| {
                            requests::emit_requests(&from_child, rt, &service.operations[i..i + 1])
                        })
                        .collect(),
                    GroupKind::Operations => ops
                        .map(|i| operations::emit_operations(&service.operations[i..i + 1], rt))
                        .collect(),
                    GroupKind::Client => {
                        impl_client(service, ops, client::emit_method, &from_root, rt).into()
                    }
                    GroupKind::Blocking => {
                        impl_client(service, ops, blocking::emit_method, &from_child, rt).into()
                    }
                }
            }
            None => Items::default(),
        },
        Content::Requests(range) => {
            requests::emit_requests(&from_child, rt, &service.operations[range.clone()])
        }
        Content::Operations(range) => {
            operations::emit_operations(&service.operations[range.clone()], rt)
        }
        Content::ClientMethods(range) => {
            impl_client(service, range.clone(), client::emit_method, &from_root, rt).into()
        }
        Content::BlockingMethods(range) => impl_client(
            service,
            range.clone(),
            blocking::emit_method,
            &from_child,
            rt,
        )
        .into(),
        Content::AllOperations => {
            let cfgs: Option<Vec<TokenStream>> = gates.map(|g| {
                g.operations
                    .iter()
                    .map(|group| gate::cfg(std::slice::from_ref(group)))
                    .collect()
            });
            operations::emit_all(service, rt, cfgs.as_deref()).into()
        }
        Content::Client => client::emit_client(service, rt, gates).into(),
        Content::Blocking(methods) => match &options.blocking_feature {
            Some(feature) => {
                let methods = methods
                    .iter()
                    .map(|piece| emit_piece(service, options, piece))
                    .collect();
                blocking::emit_blocking(service, rt, feature, gates, methods).into()
            }
            None => Items::default(),
        },
        Content::ExampleTests => examples::emit_example_tests(service, &from_child, rt).into(),
        Content::Features => gates
            .map(gate::emit_features_module)
            .unwrap_or_default()
            .into(),
    }
}

/// `impl Client { .. }` with the methods `method` emits for operations `ops`: the async
/// client's, or the blocking client's (in `blocking`).
fn impl_client(
    service: &Service,
    ops: impl Iterator<Item = usize>,
    method: fn(&crate::model::Operation, &TypeCx<'_>, &TokenStream) -> TokenStream,
    tcx: &TypeCx<'_>,
    rt: &TokenStream,
) -> TokenStream {
    let methods = ops.map(|i| method(&service.operations[i], tcx, rt));
    quote! {
        impl Client {
            #(#methods)*
        }
    }
}

fn emit_service_const(service: &Service, rt: &TokenStream) -> TokenStream {
    let name = &service.name;
    let title = &service.title;
    let env = &service.endpoint_env;
    let content_type = &service.content_type;
    let regions = service.regions.iter().map(|r| {
        let id = &r.id;
        let endpoints = &r.endpoints;
        quote!(#rt::RegionInfo::new(#id, &[#(#endpoints),*]))
    });
    let mut doc = vec![format!("{title}: name, regions and endpoints, operations.")];
    if let Some(d) = &service.description {
        docs::push_paragraph(&mut doc, docs::sanitize(d));
    }
    let doc = docs::attrs(&doc);
    let contract = docs::attrs(&[CONTRACT_DOC.to_owned()]);
    let global = if service.global {
        quote!(.global())
    } else {
        quote!()
    };
    let prefixes = service.endpoint_prefixes.iter().map(|(cloud, prefix)| {
        let cloud = match cloud.as_str() {
            "open_telekom_cloud" => format_ident!("OpenTelekomCloud"),
            _ => format_ident!("HuaweiCloud"),
        };
        quote!((#rt::Cloud::#cloud, #prefix))
    });
    let prefixes = if service.endpoint_prefixes.is_empty() {
        quote!()
    } else {
        quote!(.with_endpoint_prefixes(&[#(#prefixes),*]))
    };
    quote! {
        #contract
        const _: ::core::option::Option<#rt::__private::contract::V5> = ::core::option::Option::None;
        #doc
        pub const SERVICE: #rt::ServiceInfo = #rt::ServiceInfo::new(#name)
            .with_title(#title)
            .with_endpoint_env(#env)
            .with_content_type(#content_type)
            .with_regions(&[#(#regions),*])
            #prefixes
            #global
            .with_operations(operations::ALL);
    }
}

/// The comment above the contract check: what a compile error on it means.
const CONTRACT_DOC: &str = "This code was generated for version 5 of the contract with `hwcloud-runtime`: \
a compile error here means the generator and the runtime versions do not match.";
