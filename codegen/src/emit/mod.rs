//! Stage 3: the model to Rust tokens. The generated code is thin: types, request inputs,
//! operation metadata and one-line client methods; transport, signing, retries and errors
//! live in the shared runtime crate.

mod blocking;
mod client;
pub mod docs;
mod examples;
mod gate;
mod idents;
mod members;
mod operations;
mod pagination;
mod requests;
mod types;
mod usage;

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Service;
use idents::{StdPaths, TypeCx};

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
}

/// Schemas, requests or operation constants emitted (and formatted) together.
const CHUNK: usize = 32;

/// One piece of the generated file. Pieces are emitted and formatted independently, in
/// parallel, and joined in order, so a large service uses every core.
#[derive(Debug, Clone)]
pub enum Part {
    /// The `SERVICE` constant.
    Service,
    /// A module opening: its doc and name.
    ModuleStart(String, &'static str),
    /// The end of the module opened last.
    ModuleEnd,
    /// Schemas `range` of the `types` module.
    Types(Range<usize>),
    /// Request types of operations `range`.
    Requests(Range<usize>),
    /// Metadata constants of operations `range`.
    Operations(Range<usize>),
    /// The `ALL` list of operations.
    AllOperations,
    /// The async client.
    Client,
    /// The blocking client module.
    Blocking,
    /// The example tests module.
    ExampleTests,
    /// The hidden module of the traits that name a disabled group's feature.
    Features,
}

impl Part {
    /// Whether the part's items live inside a module (they are formatted indented).
    pub fn nested(&self) -> bool {
        matches!(
            self,
            Part::Types(_) | Part::Requests(_) | Part::Operations(_) | Part::AllOperations
        )
    }
}

fn chunks(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len)
        .step_by(CHUNK)
        .map(move |start| start..(start + CHUNK).min(len))
}

/// The pieces of the file for `service`, in order.
pub fn parts(service: &Service, options: &EmitOptions) -> Vec<Part> {
    let title = &service.title;
    let mut parts = vec![Part::Service];
    parts.push(Part::ModuleStart(
        format!(" Request and response bodies of {title}, one type per schema of the spec."),
        "types",
    ));
    parts.extend(chunks(service.schemas.len()).map(Part::Types));
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Inputs of the {title} operations: parameters and body of each call."),
        "requests",
    ));
    parts.extend(chunks(service.operations.len()).map(Part::Requests));
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Metadata of every {title} operation: method, path template and IAM permissions."),
        "operations",
    ));
    parts.extend(chunks(service.operations.len()).map(Part::Operations));
    parts.push(Part::AllOperations);
    parts.push(Part::ModuleEnd);
    parts.push(Part::Client);
    if options.blocking_feature.is_some() {
        parts.push(Part::Blocking);
    }
    if options.example_tests {
        parts.push(Part::ExampleTests);
    }
    if options.gates.is_some() {
        parts.push(Part::Features);
    }
    parts
}

/// The tokens of one part (empty for module boundaries, which the formatter writes).
pub fn emit_part(service: &Service, options: &EmitOptions, part: &Part) -> TokenStream {
    let rt: TokenStream = match options.runtime.parse() {
        Ok(tokens) => tokens,
        Err(_) => quote!(::hwcloud_runtime),
    };
    let rt = &rt;
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
    match part {
        Part::Service => emit_service_const(service, rt),
        Part::Types(range) if let Some(gates) = gates => range
            .clone()
            .map(|i| {
                let items = types::emit_types(service, &in_types, rt, i..i + 1);
                gate::gate_items(items, &gate::cfg(&gates.schemas[i]))
            })
            .collect(),
        Part::Requests(range) if let Some(gates) = gates => range
            .clone()
            .map(|i| {
                let items = requests::emit_requests(&from_child, rt, &service.operations[i..i + 1]);
                gate::gate_items(
                    items,
                    &gate::cfg(std::slice::from_ref(&gates.operations[i])),
                )
            })
            .collect(),
        Part::ModuleStart(..) | Part::ModuleEnd => quote!(),
        Part::Types(range) => types::emit_types(service, &in_types, rt, range.clone()),
        Part::Requests(range) => {
            requests::emit_requests(&from_child, rt, &service.operations[range.clone()])
        }
        Part::Operations(range) if let Some(gates) = gates => range
            .clone()
            .map(|i| {
                let items = operations::emit_operations(&service.operations[i..i + 1], rt);
                gate::gate_items(
                    items,
                    &gate::cfg(std::slice::from_ref(&gates.operations[i])),
                )
            })
            .collect(),
        Part::Operations(range) => {
            operations::emit_operations(&service.operations[range.clone()], rt)
        }
        Part::AllOperations => {
            let cfgs: Option<Vec<TokenStream>> = gates.map(|g| {
                g.operations
                    .iter()
                    .map(|group| gate::cfg(std::slice::from_ref(group)))
                    .collect()
            });
            operations::emit_all(service, rt, cfgs.as_deref())
        }
        Part::Client => client::emit_client(service, &from_root, rt, gates),
        Part::Blocking => match &options.blocking_feature {
            Some(feature) => blocking::emit_blocking(service, &from_child, rt, feature, gates),
            None => quote!(),
        },
        Part::ExampleTests => {
            let tests = examples::emit_example_tests(service, &from_child, rt);
            match gates {
                // The examples of every group are tested with all of them.
                Some(_) => gate::gate_items(tests, &gate::cfg(&[])),
                None => tests,
            }
        }
        Part::Features => gates.map(gate::emit_features_module).unwrap_or_default(),
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
    quote! {
        #contract
        const _: ::core::option::Option<#rt::__private::contract::V2> = ::core::option::Option::None;
        #doc
        pub const SERVICE: #rt::ServiceInfo = #rt::ServiceInfo::new(#name)
            .with_title(#title)
            .with_endpoint_env(#env)
            .with_content_type(#content_type)
            .with_regions(&[#(#regions),*])
            #global
            .with_operations(operations::ALL);
    }
}

/// The comment above the contract check: what a compile error on it means.
const CONTRACT_DOC: &str = "This code was generated for version 2 of the contract with `hwcloud-runtime`: \
a compile error here means the generator and the runtime versions do not match.";
