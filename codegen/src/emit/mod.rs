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
    /// With group features: the `include!` of each group's file of one kind, each under
    /// its group's feature, so that rustc never reads the file of a disabled group.
    Includes(GroupKind),
    /// With group features: the file of one group (by index in `Gates::groups`) and kind,
    /// holding that group's own items without `cfg`s (its `include!` carries the `cfg`).
    GroupFile(usize, GroupKind),
}

/// What a group's file holds: the group's part of one module, or its client methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// The schemas only this group reaches (in `types`).
    Types,
    /// The group's request inputs (in `requests`).
    Requests,
    /// The group's metadata constants (in `operations`).
    Operations,
    /// An `impl Client` block with the group's async methods (at the root).
    Client,
    /// An `impl Client` block with the group's blocking methods (in `blocking`).
    Blocking,
}

impl GroupKind {
    /// The kind's name in file names.
    pub fn name(self) -> &'static str {
        match self {
            GroupKind::Types => "types",
            GroupKind::Requests => "requests",
            GroupKind::Operations => "operations",
            GroupKind::Client => "client",
            GroupKind::Blocking => "blocking",
        }
    }
}

/// The name of the file of `group` and `kind` for the service module `module`, beside the
/// main file (which includes it by this relative name).
pub fn group_file_name(module: &str, group: &str, kind: GroupKind) -> String {
    format!("{module}.{group}.{}.rs", kind.name())
}

impl Part {
    /// Whether the part's items live inside a module (they are formatted indented).
    pub fn nested(&self) -> bool {
        matches!(
            self,
            Part::Types(_)
                | Part::Requests(_)
                | Part::Operations(_)
                | Part::AllOperations
                | Part::Includes(GroupKind::Types | GroupKind::Requests | GroupKind::Operations)
        )
    }
}

fn chunks(len: usize) -> impl Iterator<Item = Range<usize>> {
    (0..len)
        .step_by(CHUNK)
        .map(move |start| start..(start + CHUNK).min(len))
}

/// The pieces of the main file for `service`, in order. With group features, each
/// group's own items go to files of their own (see [`group_parts`]), which the main file
/// includes under the group's feature: a crate built with one group does not even parse
/// the others.
pub fn parts(service: &Service, options: &EmitOptions) -> Vec<Part> {
    let title = &service.title;
    let grouped = options.gates.is_some();
    let mut parts = vec![Part::Service];
    parts.push(Part::ModuleStart(
        format!(" Request and response bodies of {title}, one type per schema of the spec."),
        "types",
    ));
    parts.extend(chunks(service.schemas.len()).map(Part::Types));
    if grouped {
        parts.push(Part::Includes(GroupKind::Types));
    }
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Inputs of the {title} operations: parameters and body of each call."),
        "requests",
    ));
    if grouped {
        parts.push(Part::Includes(GroupKind::Requests));
    } else {
        parts.extend(chunks(service.operations.len()).map(Part::Requests));
    }
    parts.push(Part::ModuleEnd);
    parts.push(Part::ModuleStart(
        format!(" Metadata of every {title} operation: method, path template and IAM permissions."),
        "operations",
    ));
    if grouped {
        parts.push(Part::Includes(GroupKind::Operations));
    } else {
        parts.extend(chunks(service.operations.len()).map(Part::Operations));
    }
    parts.push(Part::AllOperations);
    parts.push(Part::ModuleEnd);
    parts.push(Part::Client);
    if grouped {
        parts.push(Part::Includes(GroupKind::Client));
    }
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

/// The files of each group, as `(file name, part)`: one per group and kind that has items.
pub fn group_parts(service: &Service, options: &EmitOptions) -> Vec<(String, Part)> {
    let Some(gates) = options.gates.as_deref() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for (g, group) in gates.groups.iter().enumerate() {
        for kind in [
            GroupKind::Types,
            GroupKind::Requests,
            GroupKind::Operations,
            GroupKind::Client,
            GroupKind::Blocking,
        ] {
            let blocking = kind != GroupKind::Blocking || options.blocking_feature.is_some();
            if blocking && group_has(gates, g, kind) {
                files.push((
                    group_file_name(&service.module, group, kind),
                    Part::GroupFile(g, kind),
                ));
            }
        }
    }
    files
}

/// Whether group `g` has items of `kind` of its own: schemas that only it reaches, or
/// operations.
fn group_has(gates: &crate::groups::Gates, g: usize, kind: GroupKind) -> bool {
    let group = &gates.groups[g];
    match kind {
        GroupKind::Types => gates.schemas.iter().any(|s| own_schema(s, group)),
        _ => gates.operations.iter().any(|o| o == group),
    }
}

/// Whether a schema reached by `groups` belongs to `group`'s file: it alone reaches it.
fn own_schema(groups: &[String], group: &str) -> bool {
    matches!(groups, [only] if only == group)
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
        // A schema of one group is in that group's file.
        Part::Types(range) if let Some(gates) = gates => range
            .clone()
            .filter(|&i| gates.schemas[i].len() != 1)
            .map(|i| {
                let items = types::emit_types(service, &in_types, rt, i..i + 1);
                gate::gate_items(items, &gate::cfg(&gates.schemas[i]))
            })
            .collect(),
        Part::Includes(kind) => match gates {
            Some(gates) => (0..gates.groups.len())
                .filter(|&g| group_has(gates, g, *kind))
                .map(|g| {
                    let group = &gates.groups[g];
                    let file = group_file_name(&service.module, group, *kind);
                    quote!(#[cfg(feature = #group)] include!(#file);)
                })
                .collect(),
            None => quote!(),
        },
        Part::GroupFile(g, kind) => match gates {
            Some(gates) => {
                let group = &gates.groups[*g];
                let ops =
                    || (0..service.operations.len()).filter(|&i| &gates.operations[i] == group);
                match kind {
                    GroupKind::Types => (0..service.schemas.len())
                        .filter(|&i| own_schema(&gates.schemas[i], group))
                        .map(|i| types::emit_types(service, &in_types, rt, i..i + 1))
                        .collect(),
                    GroupKind::Requests => ops()
                        .map(|i| {
                            requests::emit_requests(&from_child, rt, &service.operations[i..i + 1])
                        })
                        .collect(),
                    GroupKind::Operations => ops()
                        .map(|i| operations::emit_operations(&service.operations[i..i + 1], rt))
                        .collect(),
                    GroupKind::Client => {
                        let methods = ops()
                            .map(|i| client::emit_method(&service.operations[i], &from_root, rt));
                        quote! {
                            impl Client {
                                #(#methods)*
                            }
                        }
                    }
                    GroupKind::Blocking => {
                        let methods = ops().map(|i| {
                            blocking::emit_method(&service.operations[i], &from_child, rt)
                        });
                        quote! {
                            impl Client {
                                #(#methods)*
                            }
                        }
                    }
                }
            }
            None => quote!(),
        },
        Part::ModuleStart(..) | Part::ModuleEnd => quote!(),
        Part::Types(range) => types::emit_types(service, &in_types, rt, range.clone()),
        Part::Requests(range) => {
            requests::emit_requests(&from_child, rt, &service.operations[range.clone()])
        }
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
