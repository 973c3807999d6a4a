//! Identifiers and type paths for emitted code.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Schema, TypeRef};
use crate::naming::snake_ident;

/// An identifier token; raw identifiers (`r#type`) are kept raw. A name that is not a valid
/// identifier (only possible through a bad `rust_name`, which validation rejects) is
/// sanitized rather than allowed to panic.
pub fn ident(name: &str) -> Ident {
    if let Some(raw) = name.strip_prefix("r#")
        && is_plain_ident(raw)
        && !matches!(raw, "self" | "Self" | "super" | "crate" | "_")
    {
        return Ident::new_raw(raw, Span::call_site());
    }
    if is_plain_ident(name) {
        Ident::new(name, Span::call_site())
    } else {
        let fixed = snake_ident(name);
        let fixed = fixed.strip_prefix("r#").unwrap_or(&fixed).to_owned();
        Ident::new(&format!("{fixed}_"), Span::call_site())
    }
}

/// Whether `name` is an ASCII identifier (keywords included).
pub fn is_plain_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// How deeply collections nest in `ty` (`Vec<BTreeMap<String, Vec<T>>>` is 3); schemas
/// count as leaves. A loop, not recursion.
pub fn nesting(mut ty: &TypeRef) -> usize {
    let mut depth = 0;
    while let TypeRef::Array(inner) | TypeRef::Map(inner) = ty {
        depth += 1;
        ty = inner;
    }
    depth
}

/// `#[allow(clippy::type_complexity)]` for items using a type that nests collections three
/// deep or more: wrapped in `Option` or `Result<Response<_>>` clippy finds it too complex,
/// but the shape comes from the API and the generated code has no better name for it.
pub fn allow_complex<'a>(types: impl IntoIterator<Item = &'a TypeRef>) -> TokenStream {
    if types.into_iter().any(|t| nesting(t) >= 3) {
        quote!(#[allow(clippy::type_complexity)])
    } else {
        quote!()
    }
}

/// Paths to std types, fully qualified when a schema of the same name would shadow them.
#[derive(Debug, Clone)]
pub struct StdPaths {
    /// `String`
    pub string: TokenStream,
    /// `Option`
    pub option: TokenStream,
    /// `Vec`
    pub vec: TokenStream,
    /// `Box`
    pub boxed: TokenStream,
    /// `Into`
    pub into: TokenStream,
}

impl StdPaths {
    /// Paths for code living next to `schemas` (the `types` module).
    pub fn for_schemas(schemas: &[Schema]) -> Self {
        let taken = |name: &str| schemas.iter().any(|s| s.rust_name == name);
        let pick = |name: &str, full: TokenStream| -> TokenStream {
            if taken(name) {
                full
            } else {
                let id = Ident::new(name, Span::call_site());
                quote!(#id)
            }
        };
        Self {
            string: pick("String", quote!(::std::string::String)),
            option: pick("Option", quote!(::std::option::Option)),
            vec: pick("Vec", quote!(::std::vec::Vec)),
            boxed: pick("Box", quote!(::std::boxed::Box)),
            into: pick("Into", quote!(::std::convert::Into)),
        }
    }

    /// Paths for modules that hold no schemas (std names are never shadowed there).
    pub fn plain() -> Self {
        Self::for_schemas(&[])
    }
}

/// Renders model types as Rust types, from the point of view of one module.
#[derive(Debug, Clone)]
pub struct TypeCx<'a> {
    /// Path of the runtime crate (`serde_json::Value` is reached through it).
    pub rt: TokenStream,
    /// All schemas.
    pub schemas: &'a [Schema],
    /// How schemas are reached from the module (empty, `super::types::`, `types::`).
    pub schema_prefix: TokenStream,
    /// std paths valid in the module.
    pub std: StdPaths,
}

impl TypeCx<'_> {
    /// The Rust type of `ty`.
    pub fn rust(&self, ty: &TypeRef) -> TokenStream {
        let std = &self.std;
        match ty {
            TypeRef::String => std.string.clone(),
            TypeRef::Int32 => quote!(i32),
            TypeRef::Int64 => quote!(i64),
            TypeRef::Float => quote!(f32),
            TypeRef::Double => quote!(f64),
            TypeRef::Boolean => quote!(bool),
            TypeRef::Any => {
                let rt = &self.rt;
                quote!(#rt::__private::serde_json::Value)
            }
            TypeRef::Array(inner) => {
                let inner = self.rust(inner);
                let vec = &std.vec;
                quote!(#vec<#inner>)
            }
            TypeRef::Map(inner) => {
                let inner = self.rust(inner);
                let string = &std.string;
                quote!(::std::collections::BTreeMap<#string, #inner>)
            }
            TypeRef::Schema(i) => {
                let name = ident(
                    self.schemas
                        .get(*i)
                        .map_or("Unknown", |s| s.rust_name.as_str()),
                );
                let prefix = &self.schema_prefix;
                quote!(#prefix #name)
            }
        }
    }
}
