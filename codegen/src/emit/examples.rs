//! Tests emitted next to the generated code: every documented request example must
//! deserialize into its generated type and serialize back to the same JSON; every response
//! example must decode as a client decodes it (tolerantly: a scalar of another scalar type
//! the runtime converts without loss is listed, and the result must be a valid strict
//! value), and serialize back to the same JSON when nothing was repaired.

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
            tests.push(test(&name, &origin, &tcx.rust(&b.ty), body, rt, false));
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
            tests.push(test(&name, &origin, &tcx.rust(ty), body, rt, true));
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
    response: bool,
) -> TokenStream {
    let name = ident(name);
    let json = body.to_string();
    let check = if response {
        quote!(assert_response_example_decodes)
    } else {
        quote!(assert_example_round_trips)
    };
    quote! {
        #[test]
        fn #name() {
            #rt::testing::#check::<#ty>(#origin, #json);
        }
    }
}
