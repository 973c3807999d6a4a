//! The service `Client`: one async method per operation, each a one-line call into the
//! shared runtime. The methods return the runtime's future instead of being `async fn`s,
//! so the generated crate does not type-check a state machine per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::{TypeCx, allow_complex, ident};
use crate::model::{Operation, Service};

/// Emits the client type and its constructors; its methods are in `impl Client` blocks
/// of their own (`super::layout`). With `gates`, the hidden stand-ins of the methods of
/// disabled groups are here (see `super::gate`).
pub fn emit_client(
    service: &Service,
    rt: &TokenStream,
    gates: Option<&crate::groups::Gates>,
) -> TokenStream {
    let title = &service.title;
    let mut doc = vec![format!(
        "Client for {title}: one async method per operation."
    )];
    docs::push_paragraph(
        &mut doc,
        vec![
            "Build one with [`Client::builder`]; it is cheap to clone and safe to share between tasks."
                .to_owned(),
        ],
    );
    let doc = docs::attrs(&doc);
    let methods = gates.into_iter().flat_map(|gates| {
        service
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| super::gate::disabled_methods(gates, i, op))
    });
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            runtime: #rt::Client,
        }

        impl Client {
            /// Starts configuring a client: credentials, region or endpoint, timeouts, retries.
            pub fn builder() -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::new(&SERVICE)
            }

            /// Wraps a configured runtime client.
            pub fn from_runtime(runtime: #rt::Client) -> Self {
                Self { runtime }
            }

            /// The runtime client behind this one: its configuration, and `send` for any request type.
            pub fn runtime(&self) -> &#rt::Client {
                &self.runtime
            }

            #(#methods)*
        }

        impl ::std::convert::From<#rt::Client> for Client {
            fn from(runtime: #rt::Client) -> Self {
                Self { runtime }
            }
        }
    }
}

fn method_doc(op: &Operation) -> TokenStream {
    let mut lines = Vec::new();
    if let Some(s) = &op.summary {
        lines.extend(docs::sanitize(s));
    }
    if let Some(d) = &op.description
        && op.summary.as_deref() != Some(d.as_str())
    {
        docs::push_paragraph(&mut lines, docs::sanitize(d));
    }
    docs::push_paragraph(
        &mut lines,
        vec![format!(
            "`{} {}` (operation `{}`).",
            op.method.as_str(),
            op.path.replace('`', ""),
            op.id
        )],
    );
    docs::push_paragraph(&mut lines, docs::permission_table(&op.permissions));
    let mut errors = vec![
        "# Errors".to_owned(),
        String::new(),
        "A service error (status >= 400), a transport failure or a response that does not decode."
            .to_owned(),
    ];
    if !op.errors.is_empty() {
        errors.push(String::new());
        errors.push("| Status | Error code | Message |".to_owned());
        errors.push("|---|---|---|".to_owned());
        for e in &op.errors {
            let message = e
                .message
                .as_deref()
                .map(docs::sanitize)
                .unwrap_or_default()
                .join(" ");
            errors.push(format!(
                "| {} | `{}` | {} |",
                e.status,
                e.code.replace('`', ""),
                message.replace('|', "\\|")
            ));
        }
    }
    docs::push_paragraph(&mut lines, errors);
    docs::attrs(&lines)
}

/// What the async and the blocking method of an operation share.
pub(super) struct MethodParts {
    /// Method name.
    pub name: proc_macro2::Ident,
    /// Request type name (in the `requests` module).
    pub request: proc_macro2::Ident,
    /// The decoded output type.
    pub output: TokenStream,
    /// `#[deprecated]` and lint allowances.
    pub attrs: TokenStream,
}

/// The name, request, output type and attributes of the method for `op`.
pub(super) fn method_parts(op: &Operation, tcx: &TypeCx<'_>, rt: &TokenStream) -> MethodParts {
    let output = match op.success_body() {
        Some(ty) => tcx.rust(ty),
        None => quote!(#rt::Empty),
    };
    let mut attrs = vec![allow_complex(op.success_body())];
    // `into_trash(&self)`: the name comes from the API, not from Rust's conversion idioms.
    if ["into_", "from_"]
        .iter()
        .any(|p| op.fn_name.trim_start_matches("r#").starts_with(p))
    {
        attrs.push(quote!(#[allow(clippy::wrong_self_convention)]));
    }
    if op.deprecated {
        attrs.push(quote!(#[deprecated(note = "deprecated by the service")]));
    }
    MethodParts {
        name: ident(&op.fn_name),
        request: ident(&op.request_type),
        output,
        attrs: quote!(#(#attrs)*),
    }
}

/// The `<method>_pager` method of a paged operation (nothing for others), for the async
/// client (`pager`: the runtime's `Pager`) or the blocking one (its `blocking::Pager`);
/// `requests` is the path to the request types.
pub(super) fn pager_method(
    op: &Operation,
    request: &proc_macro2::Ident,
    pager: &TokenStream,
    requests: &TokenStream,
) -> TokenStream {
    if op.pagination.is_none() || op.has_no_input() {
        return quote!();
    }
    let pager_name = quote::format_ident!("{}_pager", crate::naming::name_base(&op.fn_name));
    let doc = format!(
        " Pages through the results of [`Client::{}`] from the request's position: a pager that fetches one page after another and ends on the last page, or fails rather than return a repeated or partial listing.",
        crate::naming::unraw(&op.fn_name)
    );
    quote! {
        #[doc = #doc]
        pub fn #pager_name(&self, request: #requests::#request) -> #pager<#requests::#request> {
            #pager::new(self.runtime.clone(), request)
        }
    }
}

/// The async method of `op` (and its pager, if any), as it appears in `impl Client`.
pub(super) fn emit_method(op: &Operation, tcx: &TypeCx<'_>, rt: &TokenStream) -> TokenStream {
    let doc = method_doc(op);
    let MethodParts {
        name,
        request,
        output,
        attrs: deprecated,
    } = method_parts(op, tcx, rt);
    let pager = pager_method(op, &request, &quote!(#rt::Pager), &quote!(requests));
    if op.has_no_input() {
        quote! {
            #doc
            #deprecated
            pub fn #name(&self) -> impl ::std::future::Future<Output = #rt::Result<#rt::Response<#output>>> + '_ {
                self.runtime.send(&requests::#request)
            }
        }
    } else {
        quote! {
            #doc
            #deprecated
            pub fn #name<'a>(&'a self, request: &'a requests::#request) -> impl ::std::future::Future<Output = #rt::Result<#rt::Response<#output>>> + 'a {
                self.runtime.send(request)
            }
            #pager
        }
    }
}
