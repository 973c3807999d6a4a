//! The opt-in blocking client (`Config::blocking_feature`): a `blocking` module, compiled
//! only with the named cargo feature, whose `Client` has one synchronous method per
//! operation over the runtime's `blocking::Client`. It mirrors the async client emitted by
//! `client.rs`; each method's rustdoc links to the async method for the permission table
//! and the documented errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::idents::TypeCx;
use crate::model::{Operation, Service};

/// Emits `#[cfg(feature = "<feature>")] pub mod blocking { .. }`. `includes` are the
/// module's methods: the includes of their files, or their `impl` blocks.
pub fn emit_blocking(
    service: &Service,
    rt: &TokenStream,
    feature: &str,
    gates: Option<&crate::groups::Gates>,
    includes: TokenStream,
) -> TokenStream {
    let title = &service.title;
    let module_doc = docs::attrs(&[
        format!("Blocking client for {title}, for programs without an async runtime."),
        String::new(),
        format!(
            "Compiled with the `{feature}` cargo feature. The same runtime does the work (signing, retries, timeouts, errors) on a private background thread."
        ),
    ]);
    let mut client_doc = vec![format!(
        "Blocking client for {title}: one method per operation, each returning when the call is done."
    )];
    docs::push_paragraph(
        &mut client_doc,
        vec![
            "Build one with [`Client::builder`]; it is cheap to clone and safe to share between threads. Don't call it from async code: use [`super::Client`] there."
                .to_owned(),
        ],
    );
    let client_doc = docs::attrs(&client_doc);
    // With group features, the stand-ins that name the feature while a group is disabled.
    let methods = gates.into_iter().flat_map(|gates| {
        service
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| super::gate::disabled_blocking_method(gates, i, op))
    });
    quote! {
        #[cfg(feature = #feature)]
        #module_doc
        pub mod blocking {
            #client_doc
            #[derive(Debug, Clone)]
            pub struct Client {
                runtime: #rt::blocking::Client,
            }

            impl Client {
                /// Starts configuring a client: credentials, region or endpoint, timeouts, retries.
                pub fn builder() -> #rt::ClientBuilder<Self> {
                    #rt::ClientBuilder::new(&super::SERVICE)
                }

                /// Wraps a configured blocking runtime client.
                pub fn from_runtime(runtime: #rt::blocking::Client) -> Self {
                    Self { runtime }
                }

                /// The runtime client behind this one: its configuration, and `send` for any request type.
                pub fn runtime(&self) -> &#rt::blocking::Client {
                    &self.runtime
                }

                #(#methods)*
            }

            #includes

            impl ::std::convert::From<#rt::Client> for Client {
                fn from(runtime: #rt::Client) -> Self {
                    Self { runtime: #rt::blocking::Client::from(runtime) }
                }
            }

            impl ::std::convert::From<super::Client> for Client {
                fn from(client: super::Client) -> Self {
                    Self::from(::std::clone::Clone::clone(client.runtime()))
                }
            }
        }
    }
}

fn method_doc(op: &Operation) -> TokenStream {
    let mut lines = Vec::new();
    if let Some(s) = &op.summary {
        lines.extend(docs::sanitize(s));
    }
    docs::push_paragraph(
        &mut lines,
        vec![format!(
            "`{} {}` (operation `{}`); blocks until the call is done. Permissions and documented errors: [`super::Client::{}`].",
            op.method.as_str(),
            op.path.replace('`', ""),
            op.id,
            op.fn_name.trim_start_matches("r#"),
        )],
    );
    docs::push_paragraph(
        &mut lines,
        vec![
            "# Errors".to_owned(),
            String::new(),
            "A service error (status >= 400), a transport failure or a response that does not decode.".to_owned(),
        ],
    );
    docs::attrs(&lines)
}

/// The blocking method of `op`, as it appears in the blocking `impl Client`.
pub(super) fn emit_method(op: &Operation, tcx: &TypeCx<'_>, rt: &TokenStream) -> TokenStream {
    let doc = method_doc(op);
    let super::client::MethodParts {
        name,
        request,
        output,
        attrs: deprecated,
    } = super::client::method_parts(op, tcx, rt);
    let pager = super::client::pager_method(
        op,
        &request,
        &quote!(#rt::blocking::Pager),
        &quote!(super::requests),
    );
    if op.has_no_input() {
        quote! {
            #doc
            #deprecated
            pub fn #name(&self) -> #rt::Result<#rt::Response<#output>> {
                self.runtime.send(&super::requests::#request)
            }
        }
    } else {
        quote! {
            #doc
            #deprecated
            pub fn #name(&self, request: &super::requests::#request) -> #rt::Result<#rt::Response<#output>> {
                self.runtime.send(request)
            }
            #pager
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Config;

    const SPEC: &str = r#"
service:
  name: TinyService
  module: tiny
  endpoint_env: TINY
  endpoints:
    - template: https://tiny.{region}.example.com
      regions: [xx-east-1]
operations:
  Ping:
    summary: Checks the service.
    method: GET
    path: /v1/ping
    responses:
      204:
        description: No content.
"#;

    #[test]
    fn blocking_module_is_opt_in_and_behind_the_feature() {
        let plain = Config::new()
            .cargo_directives(false)
            .split_files(false)
            .generate_source("tiny.yaml", SPEC)
            .expect("the spec is valid");
        assert!(
            !plain.code().contains("pub mod blocking"),
            "{}",
            plain.code()
        );

        let with = Config::new()
            .cargo_directives(false)
            .split_files(false)
            .blocking_feature("sync-api")
            .generate_source("tiny.yaml", SPEC)
            .expect("the spec is valid");
        let code = with.code();
        assert!(code.contains("#[cfg(feature = \"sync-api\")]"), "{code}");
        assert!(code.contains("pub mod blocking {"), "{code}");
        let blocking = code.split("pub mod blocking {").nth(1).unwrap_or_default();
        assert!(blocking.contains("pub fn ping("), "{code}");
        assert!(!blocking.contains("async fn"), "{code}");
        assert!(
            blocking.contains("::hwcloud_runtime::Response<::hwcloud_runtime::Empty>"),
            "{code}"
        );
        assert!(
            code.contains("self.runtime.send(&super::requests::PingRequest)"),
            "{code}"
        );
        assert!(code.contains("[`super::Client::ping`]"), "{code}");
    }
}
