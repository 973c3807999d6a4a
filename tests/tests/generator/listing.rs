//! Compact, reviewable views of generated code, read back with `syn`: a listing of the
//! client methods, the types with their fields, and the request types, and the formatted
//! text of chosen items.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use quote::ToTokens;
use syn::visit::Visit;
use syn::{Fields, File, ImplItem, Item, ItemImpl, ItemMod, Type};

/// Tokens as compact text: `Option<Vec<super::types::File>>`, without the runtime path.
fn text(tokens: &impl ToTokens) -> String {
    let s = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(s.len());
    for part in s.split(' ') {
        let glue = out.ends_with(['<', ':', '&', '(', '!'])
            || part.starts_with(['<', '>', ':', ',', ')', '('])
            || out.is_empty();
        if !glue {
            out.push(' ');
        }
        out.push_str(part);
    }
    out.replace("::hwcloud_runtime::", "rt::")
        .replace("&'a ", "&")
        .replace(",>", ">")
        .replace("::std::collections::", "")
        .replace("super::types::", "")
        .replace("types::", "")
        .replace("requests::", "")
}

fn module<'a>(file: &'a File, name: &str) -> Option<&'a ItemMod> {
    file.items.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => Some(m),
        _ => None,
    })
}

fn items(m: Option<&ItemMod>) -> &[Item] {
    m.and_then(|m| m.content.as_ref())
        .map_or(&[][..], |(_, items)| items.as_slice())
}

/// The type an `impl` is for, as written.
fn self_name(imp: &ItemImpl) -> String {
    text(&imp.self_ty)
}

/// Field names whose `Debug` output is redacted, from a hand-written `Debug` impl.
fn redacted_fields(imp: &ItemImpl) -> Vec<String> {
    #[derive(Default)]
    struct Calls(Vec<String>);
    impl<'ast> Visit<'ast> for Calls {
        fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
            if call.method == "field"
                && let (Some(syn::Expr::Lit(name)), Some(value)) =
                    (call.args.first(), call.args.get(1))
                && text(value).contains("Redacted")
                && let syn::Lit::Str(name) = &name.lit
            {
                self.0.push(name.value());
            }
            syn::visit::visit_expr_method_call(self, call);
        }
    }
    let mut calls = Calls::default();
    calls.visit_item_impl(imp);
    calls.0.reverse(); // the outermost call (visited first) is the last field
    calls.0
}

fn list_struct(out: &mut String, item: &syn::ItemStruct) {
    let derives: Vec<String> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .map(|a| {
            text(&a.meta)
                .trim_start_matches("derive(")
                .trim_end_matches(')')
                .to_owned()
        })
        .collect();
    let fields: Vec<String> = match &item.fields {
        Fields::Named(named) => named
            .named
            .iter()
            .map(|f| {
                let name = f
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                format!("{name}: {}", text(&f.ty))
            })
            .collect(),
        _ => Vec::new(),
    };
    let _ = writeln!(
        out,
        "  struct {} [{}] {{ {} }}",
        item.ident,
        derives.join(", "),
        fields.join(", ")
    );
}

fn list_impl(out: &mut String, imp: &ItemImpl) {
    let name = self_name(imp);
    if let Some((_, t, _)) = &imp.trait_ {
        let t = text(t);
        if t.ends_with("Debug") {
            let _ = writeln!(
                out,
                "  impl Debug for {name}: redacts {:?}",
                redacted_fields(imp)
            );
        } else {
            let _ = writeln!(out, "  impl {t} for {name}");
        }
        return;
    }
    let mut fns = Vec::new();
    for item in &imp.items {
        if let ImplItem::Fn(f) = item {
            let inputs: Vec<String> = f
                .sig
                .inputs
                .iter()
                .filter_map(|a| match a {
                    syn::FnArg::Typed(t) => Some(text(&t.ty)),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            fns.push(format!("{}({})", f.sig.ident, inputs.join(", ")));
        }
    }
    if !fns.is_empty() {
        let _ = writeln!(out, "  impl {name}: {}", fns.join(", "));
    }
}

fn list_module(out: &mut String, items: &[Item]) {
    for item in items {
        match item {
            Item::Struct(s) => list_struct(out, s),
            Item::Enum(e) => {
                let variants: Vec<String> =
                    e.variants.iter().map(|v| v.ident.to_string()).collect();
                let shown = if variants.len() > 8 {
                    format!(
                        "{}, ... ({} more), {}",
                        variants[..6].join(", "),
                        variants.len() - 7,
                        variants[variants.len() - 1]
                    )
                } else {
                    variants.join(", ")
                };
                let _ = writeln!(out, "  enum {} {{ {shown} }}", e.ident);
            }
            Item::Type(t) => {
                let _ = writeln!(out, "  type {} = {}", t.ident, text(&t.ty));
            }
            Item::Impl(imp) => list_impl(out, imp),
            Item::Macro(m) => {
                let _ = writeln!(out, "  {}!", text(&m.mac.path));
            }
            Item::Const(c) => {
                let _ = writeln!(out, "  const {}", c.ident);
            }
            _ => {}
        }
    }
}

/// The listing of a generated file: client methods with their input and output, then the
/// `types` and `requests` modules item by item (fields with their types, constructors and
/// setters, trait impls, which fields `Debug` redacts), and the operation constants.
pub fn listing(code: &str) -> String {
    let file: File = syn::parse_str(code).expect("generated code parses");
    let mut out = String::from("client methods:\n");
    for item in &file.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && self_name(imp) == "Client"
        {
            for i in &imp.items {
                let ImplItem::Fn(f) = i else { continue };
                let inputs: Vec<String> = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        syn::FnArg::Typed(t) => Some(text(&t.ty)),
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                let output = match &f.sig.output {
                    syn::ReturnType::Type(_, ty) => returned(ty),
                    syn::ReturnType::Default => "()".to_owned(),
                };
                let _ = writeln!(out, "  {}({}) -> {output}", f.sig.ident, inputs.join(", "));
            }
        }
    }
    for name in ["types", "requests"] {
        let _ = writeln!(out, "{name}:");
        list_module(&mut out, items(module(&file, name)));
    }
    let ops: Vec<String> = items(module(&file, "operations"))
        .iter()
        .filter_map(|i| match i {
            Item::Const(c) => Some(c.ident.to_string()),
            _ => None,
        })
        .collect();
    let _ = writeln!(out, "operations: {}", ops.join(", "));
    out
}

/// What a client method's future resolves to: `Response<X>` is shown as `X`.
fn returned(ty: &Type) -> String {
    let t = text(ty);
    let Some(start) = t.find("rt::Response<").map(|i| i + "rt::Response<".len()) else {
        return t;
    };
    let mut depth = 0usize;
    for (i, c) in t[start..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' if depth == 0 => return t[start..start + i].to_owned(),
            '>' => depth -= 1,
            _ => {}
        }
    }
    t
}

/// The name an item is picked by: its own, the type of an impl, the type of an
/// `object_serde!` line; `None` for modules and other items.
fn pick_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(s) => s.ident.to_string(),
        Item::Enum(e) => e.ident.to_string(),
        Item::Type(t) => t.ident.to_string(),
        Item::Const(c) => c.ident.to_string(),
        Item::Impl(imp) => self_name(imp),
        Item::Macro(m) => text(&m.mac.tokens)
            .split(['{', ' '])
            .next()
            .unwrap_or_default()
            .to_owned(),
        _ => return None,
    })
}

fn pick(items: Vec<Item>, wanted: &BTreeSet<&str>, picked: &mut Vec<Item>) {
    for item in items {
        if let Item::Mod(m) = item {
            if let Some((_, inner)) = m.content {
                pick(inner, wanted, picked);
            }
        } else if pick_name(&item).is_some_and(|n| wanted.contains(n.as_str())) {
            picked.push(item);
        }
    }
}

/// The items named `names` (structs, enums, aliases, constants, their impls and their
/// `object_serde!` lines), from any module of the file, in file order, formatted.
pub fn items_named(code: &str, names: &[&str]) -> String {
    let file: File = syn::parse_str(code).expect("generated code parses");
    let wanted: BTreeSet<&str> = names.iter().copied().collect();
    let mut picked = Vec::new();
    pick(file.items, &wanted, &mut picked);
    prettyplease::unparse(&File {
        shebang: None,
        attrs: Vec::new(),
        items: picked,
    })
}
