//! Pagination declarations: which query parameters page, and where the items are.

use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::parse::ast::PaginationAst;
use crate::parse::reader::{Cx, Spanned};

/// Resolves the `pagination` entry of `op`.
pub fn resolve_pagination(
    cx: &mut Cx,
    schemas: &[Schema],
    op: &Operation,
    p: &PaginationAst,
) -> Option<Pagination> {
    let style = match (&p.page, &p.size, &p.offset, &p.limit) {
        (Some(page), Some(size), None, None) => PagingStyle::PageNumber {
            page: paging_param(cx, op, page)?,
            size: paging_param(cx, op, size)?,
        },
        (None, None, Some(offset), Some(limit)) => PagingStyle::Offset {
            offset: paging_param(cx, op, offset)?,
            limit: paging_param(cx, op, limit)?,
        },
        _ => {
            cx.report(
                Diagnostic::error(
                    "invalid-pagination",
                    &p.path,
                    "pagination needs either `page` and `size`, or `offset` and `limit`",
                )
                .on_key()
                .with_help(
                    "e.g. `pagination: { page: page_no, size: page_size, items: result.data }`",
                ),
            );
            return None;
        }
    };
    let Some(items_path) = &p.items else {
        cx.report(
            Diagnostic::error("missing-field", &p.path, "`pagination` has no `items`").on_key(),
        );
        return None;
    };
    let Some(body) = op.success_body() else {
        cx.report(Diagnostic::error(
            "invalid-pagination",
            &items_path.path,
            "the operation has no success response body to take items from",
        ));
        return None;
    };
    let (items, items_ty) = walk(cx, schemas, body, items_path)?;
    let item_type = match items_ty {
        TypeRef::Array(inner) => *inner,
        _ => {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &items_path.path,
                format!("`{}` is not a list", items_path.value),
            ));
            return None;
        }
    };
    let total = match &p.total {
        Some(t) => {
            let (steps, ty) = walk(cx, schemas, body, t)?;
            if !matches!(ty, TypeRef::Int32 | TypeRef::Int64) {
                cx.report(Diagnostic::error(
                    "invalid-pagination",
                    &t.path,
                    format!("`{}` is not an integer", t.value),
                ));
                return None;
            }
            Some(steps)
        }
        None => None,
    };
    Some(Pagination {
        style,
        items,
        item_type,
        total,
    })
}

fn paging_param(cx: &mut Cx, op: &Operation, name: &Spanned<String>) -> Option<String> {
    let found = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == name.value);
    match found {
        Some(p) if matches!(p.ty, TypeRef::Int32 | TypeRef::Int64) && !p.required => {
            Some(p.rust_name.clone())
        }
        Some(_) => {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &name.path,
                format!(
                    "paging parameter `{}` must be an optional int32 or int64 query parameter",
                    name.value
                ),
            ));
            None
        }
        None => {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &name.path,
                format!(
                    "`{}` is not a query parameter of this operation",
                    name.value
                ),
            ));
            None
        }
    }
}

fn unalias<'a>(schemas: &'a [Schema], mut ty: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..schemas.len() + 1 {
        match ty {
            TypeRef::Schema(i) => match schemas.get(*i).map(|s| &s.kind) {
                Some(SchemaKind::Alias(t)) => ty = t,
                _ => return ty,
            },
            _ => return ty,
        }
    }
    ty
}

/// Follows a dotted path of JSON keys from `root` through object schemas.
fn walk(
    cx: &mut Cx,
    schemas: &[Schema],
    root: &TypeRef,
    dotted: &Spanned<String>,
) -> Option<(Vec<FieldStep>, TypeRef)> {
    let mut ty = unalias(schemas, root).clone();
    let mut steps = Vec::new();
    for key in dotted.value.split('.') {
        let fields = match &ty {
            TypeRef::Schema(i) => match schemas.get(*i).map(|s| &s.kind) {
                Some(SchemaKind::Object(fields)) => Some(fields),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &dotted.path,
                format!(
                    "`{}`: cannot look up `{key}` in a value that is not an object",
                    dotted.value
                ),
            ));
            return None;
        };
        let Some(field) = fields.iter().find(|f| f.wire_name == key) else {
            let known: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
            cx.report(
                Diagnostic::error(
                    "invalid-pagination",
                    &dotted.path,
                    format!("`{}`: no field `{key}` here", dotted.value),
                )
                .with_help(format!("fields: {}", known.join(", "))),
            );
            return None;
        };
        steps.push(FieldStep {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            wrapping: field.wrapping(),
            boxed: field.boxed,
        });
        ty = unalias(schemas, &field.ty).clone();
    }
    Some((steps, ty))
}
