//! Stage 3: the model to Rust tokens. The generated code is thin: types, request inputs,
//! operation metadata and one-line client methods; transport, signing, retries and errors
//! live in the shared runtime crate.

mod blocking;
mod client;
pub mod docs;
mod examples;
mod idents;
mod operations;
mod pagination;
mod requests;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Service;
use idents::{StdPaths, TypeCx};

/// What to emit besides the client itself.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the runtime crate, e.g. `::hwcloud_runtime`.
    pub runtime: TokenStream,
    /// Whether to emit a `#[cfg(test)]` module that checks every documented example.
    pub example_tests: bool,
    /// The cargo feature that enables the emitted `blocking` module; `None` emits none.
    pub blocking_feature: Option<String>,
}

/// Emits all items of one service.
pub fn emit_service(service: &Service, options: &EmitOptions) -> TokenStream {
    let rt = &options.runtime;
    let in_types = TypeCx {
        schemas: &service.schemas,
        schema_prefix: quote!(),
        std: StdPaths::for_schemas(&service.schemas),
    };
    let from_child = TypeCx {
        schemas: &service.schemas,
        schema_prefix: quote!(super::types::),
        std: StdPaths::plain(),
    };
    let from_root = TypeCx {
        schemas: &service.schemas,
        schema_prefix: quote!(types::),
        std: StdPaths::plain(),
    };
    let service_const = emit_service_const(service, rt);
    let types = types::emit_types(&in_types, rt);
    let requests = requests::emit_requests(&from_child, rt, &service.operations);
    let operations = operations::emit_operations(service, rt);
    let client = client::emit_client(service, &from_root, rt);
    let blocking = match &options.blocking_feature {
        Some(feature) => blocking::emit_blocking(service, &from_child, rt, feature),
        None => quote!(),
    };
    let example_tests = if options.example_tests {
        examples::emit_example_tests(service, &from_child, rt)
    } else {
        quote!()
    };
    let title = &service.title;
    let types_doc =
        format!(" Request and response bodies of {title}, one type per schema of the spec.");
    let requests_doc =
        format!(" Inputs of the {title} operations: parameters and body of each call.");
    let operations_doc =
        format!(" Metadata of every {title} operation: method, path template and IAM permissions.");
    quote! {
        #service_const

        #[doc = #types_doc]
        pub mod types {
            #types
        }

        #[doc = #requests_doc]
        pub mod requests {
            #requests
        }

        #[doc = #operations_doc]
        pub mod operations {
            #operations
        }

        #client

        #blocking

        #example_tests
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
        quote!(#rt::RegionInfo { id: #id, endpoints: &[#(#endpoints),*] })
    });
    let mut doc = vec![format!("{title}: name, regions and endpoints, operations.")];
    if let Some(d) = &service.description {
        docs::push_paragraph(&mut doc, docs::sanitize(d));
    }
    let doc = docs::attrs(&doc);
    quote! {
        #doc
        pub const SERVICE: #rt::ServiceInfo = #rt::ServiceInfo {
            name: #name,
            title: #title,
            endpoint_env: #env,
            content_type: #content_type,
            regions: &[#(#regions),*],
            operations: operations::ALL,
        };
    }
}
