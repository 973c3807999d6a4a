//! Tests emitted next to the generated code: every documented example must deserialize into
//! its generated type and serialize back to the same JSON.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::{TypeCx, ident};
use crate::model::Service;
use crate::naming::{Scope, name_base, snake_ident};

/// A `#[cfg(test)]` module with one test per example (empty when there are none).
pub fn emit_example_tests(service: &Service, tcx: &TypeCx<'_>, rt: &TokenStream) -> TokenStream {
    let mut scope = Scope::default();
    let mut tests = Vec::new();
    for op in &service.operations {
        let base = name_base(&snake_ident(&op.id)).to_owned();
        for (i, ex) in op.examples.requests.iter().enumerate() {
            let (Some(body), Some(b)) = (&ex.body, &op.body) else {
                continue;
            };
            let (name, _) = scope.claim(format!("{base}_request_example_{}", i + 1), &op.id);
            let origin = format!("operations.{}.examples.requests[{i}].body", op.id);
            tests.push(test(&name, &origin, &tcx.rust(&b.ty), body, rt));
        }
        for (i, ex) in op.examples.responses.iter().enumerate() {
            let Some(body) = &ex.body else { continue };
            let Some(ty) = op
                .responses
                .iter()
                .find(|r| r.status == ex.status)
                .and_then(|r| r.body.as_ref())
            else {
                continue;
            };
            let (name, _) = scope.claim(
                format!("{base}_response_{}_example_{}", ex.status, i + 1),
                &op.id,
            );
            let origin = format!("operations.{}.examples.responses[{i}].body", op.id);
            tests.push(test(&name, &origin, &tcx.rust(ty), body, rt));
        }
    }
    if tests.is_empty() {
        return quote!();
    }
    quote! {
        #[cfg(test)]
        mod example_tests {
            #(#tests)*
        }
    }
}

fn test(
    name: &str,
    origin: &str,
    ty: &TokenStream,
    body: &serde_json::Value,
    rt: &TokenStream,
) -> TokenStream {
    let name = ident(name);
    let json = body.to_string();
    quote! {
        #[test]
        fn #name() {
            #rt::testing::assert_example_round_trips::<#ty>(#origin, #json);
        }
    }
}
