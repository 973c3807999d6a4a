//! `Paginated` implementations for operations that declare `pagination`: where the page
//! position and size are, and how to reach the items and the total in a response.

use proc_macro2::TokenStream;
use quote::quote;

use super::idents::{TypeCx, ident};
use crate::model::{FieldStep, NextMarker, Operation, PagingStyle, TypeRef, Wrapping};

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
        PagingStyle::Marker {
            marker,
            limit,
            next,
        } => return emit_marker_paginated(rt, op, &item, marker, limit, next),
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

/// The `impl MarkerPaginated` of a marker-paged operation's request type.
fn emit_marker_paginated(
    rt: &TokenStream,
    op: &Operation,
    item: &TokenStream,
    marker: &str,
    limit: &str,
    next: &NextMarker,
) -> TokenStream {
    let Some(p) = &op.pagination else {
        return quote!();
    };
    let name = ident(&op.request_type);
    let marker = ident(marker);
    let limit_field = ident(limit);
    let read_limit = match op
        .params
        .iter()
        .find(|x| x.rust_name == limit)
        .map(|x| &x.ty)
    {
        Some(TypeRef::Int64) => quote!(self.#limit_field),
        _ => quote!(self.#limit_field.map(i64::from)),
    };
    let bail_items = quote!(return ::std::vec::Vec::new(););
    let bail_count = quote!(return 0;);
    let items_steps = p.items.iter().map(|s| step_by_value(s, &bail_items));
    let count_steps = p.items.iter().map(|s| step_by_ref(s, Some(&bail_count)));
    let (source, next_body) = match next {
        NextMarker::Field(steps) => {
            let steps = steps.iter().map(|s| step_by_ref(s, None));
            (
                quote!(ResponseField),
                quote!(let value = output; #(#steps)* Some(::std::clone::Clone::clone(value))),
            )
        }
        NextMarker::LastItem(field) => {
            let items = p.items.iter().map(|s| step_by_ref(s, None));
            let id = step_by_ref(field, None);
            (
                quote!(LastItem),
                quote!(let value = output; #(#items)* let value = value.last()?; #id Some(::std::clone::Clone::clone(value))),
            )
        }
    };
    quote! {
        impl #rt::MarkerPaginated for #name {
            type Item = #item;
            const SOURCE: #rt::MarkerSource = #rt::MarkerSource::#source;
            fn marker(&self) -> Option<&str> {
                self.#marker.as_deref()
            }
            fn set_marker(&mut self, marker: ::std::string::String) {
                self.#marker = Some(marker);
            }
            fn limit(&self) -> Option<i64> {
                #read_limit
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
            fn next_marker(output: &Self::Output) -> Option<::std::string::String> {
                #next_body
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
