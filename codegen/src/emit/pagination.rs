//! `Paginated` implementations for operations that declare `pagination`: where the page
//! position and size are, and how to reach the items and the total in a response.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::{TypeCx, ident};
use crate::model::{FieldStep, Operation, PagingStyle, TypeRef, Wrapping};

/// Binds `value` to the next step's field, by value; `bail` leaves the function when an
/// optional field is absent.
fn step_by_value(step: &FieldStep, bail: &TokenStream) -> TokenStream {
    let f = ident(&step.rust_name);
    let take = match step.wrapping {
        Wrapping::Plain => quote!(let value = value.#f;),
        Wrapping::Option => quote!(let Some(value) = value.#f else { #bail };),
        Wrapping::DoubleOption => quote!(let Some(Some(value)) = value.#f else { #bail };),
    };
    if step.boxed {
        quote!(#take let value = *value;)
    } else {
        take
    }
}

/// Binds `value` to a reference to the next step's field.
fn step_by_ref(step: &FieldStep, bail: Option<&TokenStream>) -> TokenStream {
    let f = ident(&step.rust_name);
    let take = match (step.wrapping, bail) {
        (Wrapping::Plain, _) => quote!(let value = &value.#f;),
        (Wrapping::Option, Some(bail)) => {
            quote!(let Some(value) = value.#f.as_ref() else { #bail };)
        }
        (Wrapping::Option, None) => quote!(let value = value.#f.as_ref()?;),
        (Wrapping::DoubleOption, Some(bail)) => {
            quote!(let Some(Some(value)) = value.#f.as_ref() else { #bail };)
        }
        (Wrapping::DoubleOption, None) => quote!(let value = value.#f.as_ref()?.as_ref()?;),
    };
    if step.boxed {
        quote!(#take let value = &**value;)
    } else {
        take
    }
}

fn widen(ty: Option<&TypeRef>, value: TokenStream) -> TokenStream {
    match ty {
        Some(TypeRef::Int64) => value,
        _ => quote!(i64::from(#value)),
    }
}

/// The `impl Paginated` of a paged operation's request type, or nothing.
pub fn emit_paginated(tcx: &TypeCx<'_>, rt: &TokenStream, op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return quote!();
    };
    let name = ident(&op.request_type);
    let item = tcx.rust(&p.item_type);
    let param_type = |rust: &str| {
        op.params
            .iter()
            .find(|x| x.rust_name == rust)
            .map(|x| &x.ty)
    };
    let (style, position, size) = match &p.style {
        PagingStyle::PageNumber { page, size } => (quote!(PageNumber), page, size),
        PagingStyle::Offset { offset, limit } => (quote!(Offset), offset, limit),
    };
    let pos_ident = ident(position);
    let read = |rust: &str| {
        let field = ident(rust);
        match param_type(rust) {
            Some(TypeRef::Int64) => quote!(self.#field),
            _ => quote!(self.#field.map(i64::from)),
        }
    };
    let read_position = read(position);
    let read_size = read(size);
    let set_position = match param_type(position) {
        Some(TypeRef::Int64) => quote!(position),
        _ => quote!(i32::try_from(position).unwrap_or(i32::MAX)),
    };
    let bail_items = quote!(return ::std::vec::Vec::new(););
    let bail_count = quote!(return 0;);
    let items_steps = p.items.iter().map(|s| step_by_value(s, &bail_items));
    let count_steps = p.items.iter().map(|s| step_by_ref(s, Some(&bail_count)));
    let total = match &p.total {
        Some(steps) => {
            let steps = steps.iter().map(|s| step_by_ref(s, None));
            let last = op
                .success_body()
                .and_then(|_| total_type(tcx, op))
                .unwrap_or(TypeRef::Int64);
            let out = widen(Some(&last), quote!(*value));
            quote!(let value = output; #(#steps)* Some(#out))
        }
        None => quote!(let _ = output; None),
    };
    quote! {
        impl #rt::Paginated for #name {
            type Item = #item;
            const STYLE: #rt::PagingStyle = #rt::PagingStyle::#style;
            fn position(&self) -> Option<i64> {
                #read_position
            }
            fn set_position(&mut self, position: i64) {
                self.#pos_ident = Some(#set_position);
            }
            fn page_size(&self) -> Option<i64> {
                #read_size
            }
            fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                let value = output;
                #(#items_steps)*
                value
            }
            fn item_count(output: &Self::Output) -> usize {
                let value = output;
                #(#count_steps)*
                value.len()
            }
            fn total(output: &Self::Output) -> Option<i64> {
                #total
            }
        }
    }
}

/// The type of the field the `total` path ends at.
fn total_type(tcx: &TypeCx<'_>, op: &Operation) -> Option<TypeRef> {
    let steps = op.pagination.as_ref()?.total.as_ref()?;
    let mut ty = op.success_body()?.clone();
    for step in steps {
        let fields = loop {
            match &ty {
                TypeRef::Schema(i) => match &tcx.schemas.get(*i)?.kind {
                    crate::model::SchemaKind::Object(fields) => break fields,
                    crate::model::SchemaKind::Alias(t) => ty = t.clone(),
                    crate::model::SchemaKind::Enum(_) => return None,
                },
                _ => return None,
            }
        };
        ty = fields
            .iter()
            .find(|f| f.rust_name == step.rust_name)?
            .ty
            .clone();
    }
    Some(ty)
}
