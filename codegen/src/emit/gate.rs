//! `#[cfg(feature = ...)]` on the items of a crate generated with group features (see
//! `crate::groups`), and what a call to an operation of a disabled group looks like.
//!
//! A group's own items are in files the main file includes under the group's feature (see
//! `emit::files`); shared schemas carry a `cfg` of every group that reaches them.
//! Types, request inputs and metadata constants of a disabled group are configured out
//! (`operations::ALL` lists the enabled groups' operations); rustc's "cannot find
//! type" error then notes that the item "is gated behind the `<group>` feature". Client
//! methods are configured out too, and a hidden method of the same name takes their place:
//! it requires `for<'a> &'a Self: __features::enable_<group>`, a trait with no
//! implementation whose `#[diagnostic::on_unimplemented]` message names the feature, so a
//! call is a compile error that says which feature to enable instead of "no method named".

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::groups::{FULL_FEATURE, Gates};
use crate::model::Operation;

/// `#[cfg(...)]` for an item compiled with any of `groups` (with `full` when none).
pub fn cfg(groups: &[String]) -> TokenStream {
    match groups {
        [] => quote!(#[cfg(feature = #FULL_FEATURE)]),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// Hidden methods with the names of one operation's method and pager, present while the
/// operation's group is disabled, that fail to compile with a message naming the feature.
/// (The real methods are in the group's file, included only with the feature.)
pub fn disabled_methods(gates: &Gates, index: usize, op: &Operation) -> TokenStream {
    let group = &gates.operations[index];
    let bound = trait_ident(group);
    let name = super::idents::ident(&op.fn_name);
    let guard = quote! {
        #[cfg(not(feature = #group))]
        #[doc(hidden)]
        #[allow(missing_docs)]
    };
    let mut stubs = if op.has_no_input() {
        quote! {
            #guard
            pub fn #name(&self) where for<'a> &'a Self: __features::#bound {}
        }
    } else {
        quote! {
            #guard
            pub fn #name<R>(&self, _request: R) where for<'a> &'a Self: __features::#bound {}
        }
    };
    if op.pagination.is_some() && !op.has_no_input() {
        let pager = format_ident!("{}_pager", crate::naming::name_base(&op.fn_name));
        stubs.extend(quote! {
            #guard
            pub fn #pager<R>(&self, _request: R) where for<'a> &'a Self: __features::#bound {}
        });
    }
    stubs
}

/// Same as [`disabled_methods`], for the method and pager of the blocking client, which
/// name the traits from one module further down.
pub fn disabled_blocking_method(gates: &Gates, index: usize, op: &Operation) -> TokenStream {
    let group = &gates.operations[index];
    let bound = trait_ident(group);
    let name = super::idents::ident(&op.fn_name);
    let params = if op.has_no_input() {
        quote!(&self)
    } else {
        quote!(&self, _request: R)
    };
    let generics = if op.has_no_input() {
        quote!()
    } else {
        quote!(<R>)
    };
    let guard = quote! {
        #[cfg(not(feature = #group))]
        #[doc(hidden)]
        #[allow(missing_docs)]
    };
    let mut stubs = quote! {
        #guard
        pub fn #name #generics(#params) where for<'a> &'a Self: super::__features::#bound {}
    };
    if op.pagination.is_some() && !op.has_no_input() {
        let pager = format_ident!("{}_pager", crate::naming::name_base(&op.fn_name));
        stubs.extend(quote! {
            #guard
            pub fn #pager<R>(&self, _request: R) where for<'a> &'a Self: super::__features::#bound {}
        });
    }
    stubs
}

/// The trait a disabled group's methods require.
fn trait_ident(group: &str) -> proc_macro2::Ident {
    format_ident!("enable_{group}")
}

/// The hidden `__features` module: one unimplementable trait per group, present only when
/// the group's feature is disabled.
pub fn emit_features_module(gates: &Gates) -> TokenStream {
    let traits = gates.groups.iter().map(|group| {
        let name = trait_ident(group);
        let message = format!(
            "this operation belongs to resource group `{group}`: enable the crate's cargo feature `{group}`"
        );
        let label = format!("needs the cargo feature `{group}`");
        let note = format!(
            "add `features = [\"{group}\"]` to this crate's dependency in Cargo.toml (the default feature `{FULL_FEATURE}` enables every group)"
        );
        let doc = format!(" Implemented by nothing: required by the operations of group `{group}` while its feature is disabled.");
        quote! {
            #[doc = #doc]
            #[cfg(not(feature = #group))]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            #[allow(non_camel_case_types)]
            pub trait #name {}
        }
    });
    quote! {
        /// What a call to an operation of a disabled resource group requires: one trait per
        /// group, with no implementation, present while the group's feature is disabled.
        #[doc(hidden)]
        pub mod __features {
            #(#traits)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_of_several_groups_is_compiled_with_any_of_them() {
        let groups = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            cfg(&groups(&["port", "subnet"])).to_string(),
            quote!(#[cfg(any(feature = "port", feature = "subnet"))]).to_string()
        );
        assert_eq!(
            cfg(&groups(&["subnet"])).to_string(),
            quote!(#[cfg(feature = "subnet")]).to_string()
        );
        assert_eq!(
            cfg(&[]).to_string(),
            quote!(#[cfg(feature = "full")]).to_string()
        );
    }
}
