//! What schema structs and request types share: the `<Type>Required` parameters struct
//! taken by `new`, and a `Debug` impl that redacts sensitive fields.
//!
//! `new` takes the required values as one struct with named fields instead of positional
//! arguments, so two values of the same type cannot be swapped silently:
//! `TrashArtifact::new(TrashArtifactRequired { id, format, uri, status })`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::idents::ident;
use super::items::Items;
use crate::model::Wrapping;
use crate::naming::{name_base, unraw};

/// A field of a generated struct, as the shared parts need it.
pub(super) struct Member<'a> {
    /// Rust field name (possibly raw).
    pub rust_name: &'a str,
    /// The value's type, without `Option` or `Box`.
    pub value_type: TokenStream,
    /// How the value is wrapped in the struct.
    pub wrapping: Wrapping,
    /// Whether the struct holds the value in a `Box`.
    pub boxed: bool,
    /// Whether `Debug` hides the value.
    pub sensitive: bool,
    /// Doc attributes of the field.
    pub doc: TokenStream,
}

/// The name of the parameters struct of type `rust_name`: `<Type>Required`, or
/// `<Type>Required2`, ... when `taken` says a type of the module already has that name.
pub(super) fn required_name(rust_name: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = format!("{}Required", name_base(rust_name));
    let mut name = base.clone();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// The `<Type>Required` struct (with its conversions) and the `new` that takes it, or
/// nothing when no field is required. `boxed` is the path of `Box` in the module.
pub(super) fn required_struct(
    type_name: &Ident,
    required_name: &str,
    members: &[Member<'_>],
    boxed: &TokenStream,
) -> (Items, TokenStream) {
    let required: Vec<&Member<'_>> = members
        .iter()
        .filter(|m| m.wrapping == Wrapping::Plain)
        .collect();
    if required.is_empty() {
        return (Items::default(), quote!());
    }
    let required_ident = ident(required_name);
    let decls = required.iter().map(|m| {
        let (doc, n, t) = (&m.doc, ident(m.rust_name), &m.value_type);
        quote!(#doc pub #n: #t,)
    });
    let names = required.iter().map(|m| ident(m.rust_name));
    let inits = members.iter().map(|m| {
        let n = ident(m.rust_name);
        match (m.wrapping, m.boxed) {
            (Wrapping::Plain, true) => quote!(#n: #boxed::new(#n)),
            (Wrapping::Plain, false) => quote!(#n),
            _ => quote!(#n: None),
        }
    });
    let struct_doc =
        format!(" The required fields of [`{type_name}`], named, for [`{type_name}::new`].");
    let new_doc = format!(
        " Creates a `{type_name}` from its required fields (named in [`{required_name}`]); optional ones start empty."
    );
    // `Debug` only when no required value is a secret (the type's own `Debug` hides them).
    let derives = if required.iter().any(|m| m.sensitive) {
        quote!(#[derive(Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let mut items = Items::from(quote! {
        #[doc = #struct_doc]
        #derives
        pub struct #required_ident { #(#decls)* }
    });
    // One required value: the value itself converts into the named struct, so `new` takes
    // it directly (`X::new(body)`, `X::new("id")`) as well as `XRequired { .. }`.
    let new = if let [only] = required.as_slice() {
        let (n, t) = (ident(only.rust_name), &only.value_type);
        let text = matches!(
            t.to_string().as_str(),
            "String" | ":: std :: string :: String"
        )
        .then(|| {
            quote! {
                impl ::std::convert::From<&str> for #required_ident {
                    fn from(value: &str) -> Self { Self { #n: value.to_owned() } }
                }
            }
        });
        items.push(quote! {
            impl ::std::convert::From<#t> for #required_ident {
                fn from(value: #t) -> Self { Self { #n: value } }
            }
        });
        items.push(text.unwrap_or_default());
        quote! {
            #[doc = #new_doc]
            pub fn new(required: impl ::std::convert::Into<#required_ident>) -> Self {
                let #required_ident { #(#names),* } = required.into();
                Self { #(#inits),* }
            }
        }
    } else {
        quote! {
            #[doc = #new_doc]
            pub fn new(required: #required_ident) -> Self {
                let #required_ident { #(#names),* } = required;
                Self { #(#inits),* }
            }
        }
    };
    (items, new)
}

/// A struct's derives and its `Debug`: derived, unless a member is sensitive, when the
/// struct gets [`debug_impl`] instead; `Default` when every member may be left out.
pub(super) fn derives_and_debug(
    type_name: &Ident,
    members: &[Member<'_>],
    all_optional: bool,
    rt: &TokenStream,
) -> (TokenStream, TokenStream) {
    let sensitive = members.iter().any(|m| m.sensitive);
    let derives = match (sensitive, all_optional) {
        (false, true) => quote!(Debug, Clone, PartialEq, Default),
        (false, false) => quote!(Debug, Clone, PartialEq),
        (true, true) => quote!(Clone, PartialEq, Default),
        (true, false) => quote!(Clone, PartialEq),
    };
    let debug = if sensitive {
        debug_impl(type_name, members, rt)
    } else {
        quote!()
    };
    (derives, debug)
}

/// A `Debug` impl printing every field as the derive would, except that sensitive values
/// print as `"***"` (`Some("***")` when optional and set).
fn debug_impl(type_name: &Ident, members: &[Member<'_>], rt: &TokenStream) -> TokenStream {
    let label = unraw(&type_name.to_string()).to_owned();
    let fields = members.iter().map(|m| {
        let n = ident(m.rust_name);
        let key = unraw(m.rust_name);
        let redacted = quote!(#rt::__private::Redacted);
        let value = match (m.sensitive, m.wrapping) {
            (false, _) => quote!(&self.#n),
            (true, Wrapping::Plain) => quote!(&#redacted),
            (true, Wrapping::Option) => quote!(&self.#n.as_ref().map(|_| #redacted)),
            (true, Wrapping::DoubleOption) => {
                quote!(&self.#n.as_ref().map(|v| v.as_ref().map(|_| #redacted)))
            }
        };
        quote!(.field(#key, #value))
    });
    quote! {
        impl ::std::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish()
            }
        }
    }
}

/// `with_<field>` for a setter of `rust_name`.
pub(super) fn setter_name(rust_name: &str) -> Ident {
    format_ident!("with_{}", crate::naming::setter_suffix(rust_name))
}
