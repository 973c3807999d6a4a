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

/// The `impl Paginated` of a paged operation's request type, or nothing: one shape for
/// every paging style (the runtime's one pager reads the cursor through it).
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
    let read = |rust: &str| {
        let field = ident(rust);
        match param_type(rust) {
            Some(TypeRef::Int64) => quote!(self.#field),
            _ => quote!(self.#field.map(i64::from)),
        }
    };
    let (style, cursor, set_cursor, size) = match &p.style {
        PagingStyle::PageNumber {
            page: position,
            size,
        }
        | PagingStyle::Offset {
            offset: position,
            limit: size,
        } => {
            let style = match &p.style {
                PagingStyle::PageNumber { .. } => quote!(PageNumber),
                _ => quote!(Offset),
            };
            let field = ident(position);
            let read_position = read(position);
            let narrow = match param_type(position) {
                Some(TypeRef::Int64) => quote!(position),
                _ => quote!(i32::try_from(position).unwrap_or(i32::MAX)),
            };
            (
                style,
                quote!(#read_position.map(#rt::Cursor::Position)),
                quote! {
                    if let #rt::Cursor::Position(position) = cursor {
                        self.#field = Some(#narrow);
                    }
                },
                size,
            )
        }
        PagingStyle::Marker {
            marker,
            limit,
            next,
        } => {
            let source = match next {
                NextMarker::Field(_) => quote!(ResponseField),
                NextMarker::LastItem(_) => quote!(LastItem),
                NextMarker::Link { .. } => quote!(NextLink),
            };
            let field = ident(marker);
            (
                quote!(Marker(#rt::MarkerSource::#source)),
                quote!(self.#field.clone().map(#rt::Cursor::Marker)),
                quote! {
                    if let #rt::Cursor::Marker(marker) = cursor {
                        self.#field = Some(marker);
                    }
                },
                limit,
            )
        }
    };
    let read_size = read(size);
    let bail_items = quote!(return ::std::vec::Vec::new(););
    let bail_page = quote!(return &[];);
    let items_steps = p.items.iter().map(|s| step_by_value(s, &bail_items));
    let page_steps = p.items.iter().map(|s| step_by_ref(s, Some(&bail_page)));
    let total = p.total.as_ref().map(|steps| {
        let steps = steps.iter().map(|s| step_by_ref(s, None));
        let last = op
            .success_body()
            .and_then(|_| total_type(tcx, op))
            .unwrap_or(TypeRef::Int64);
        let out = widen(Some(&last), quote!(*value));
        quote! {
            fn total(output: &Self::Output) -> Option<i64> {
                let value = output; #(#steps)* Some(#out)
            }
        }
    });
    let next_marker = match &p.style {
        PagingStyle::Marker { next, .. } => {
            let body = match next {
                NextMarker::Field(steps) => {
                    let steps = steps.iter().map(|s| step_by_ref(s, None));
                    quote!(let value = output; #(#steps)* Some(::std::clone::Clone::clone(value)))
                }
                NextMarker::LastItem(field) => {
                    let id = step_by_ref(field, None);
                    quote!(let value = Self::page_items(output).last()?; #id Some(::std::clone::Clone::clone(value)))
                }
                NextMarker::Link {
                    steps,
                    entry: None,
                    param,
                } => {
                    let steps = steps.iter().map(|s| step_by_ref(s, None));
                    quote!(let value = output; #(#steps)* #rt::paginate::marker_from_link(value, #param))
                }
                NextMarker::Link {
                    steps,
                    entry: Some((href, rel)),
                    param,
                } => {
                    let steps = steps.iter().map(|s| step_by_ref(s, None));
                    let skip = quote!(continue;);
                    let rel = step_by_ref(rel, Some(&skip));
                    let href = step_by_ref(href, Some(&skip));
                    quote! {
                        let value = output;
                        #(#steps)*
                        for link in value {
                            let value = link;
                            #rel
                            if value != "next" {
                                continue;
                            }
                            let value = link;
                            #href
                            return #rt::paginate::marker_from_link(value, #param);
                        }
                        None
                    }
                }
            };
            quote! {
                fn next_marker(output: &Self::Output) -> Option<::std::string::String> {
                    #body
                }
            }
        }
        _ => quote!(),
    };
    quote! {
        impl #rt::Paginated for #name {
            type Item = #item;
            const STYLE: #rt::PagingStyle = #rt::PagingStyle::#style;
            fn cursor(&self) -> Option<#rt::Cursor> {
                #cursor
            }
            fn set_cursor(&mut self, cursor: #rt::Cursor) {
                #set_cursor
            }
            fn page_size(&self) -> Option<i64> {
                #read_size
            }
            #[allow(clippy::let_and_return)]
            fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                let value = output;
                #(#items_steps)*
                value
            }
            #[allow(clippy::let_and_return)]
            fn page_items(output: &Self::Output) -> &[Self::Item] {
                let value = output;
                #(#page_steps)*
                value
            }
            #total
            #next_marker
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
