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
    let style = match (&p.page, &p.size, &p.offset, &p.limit, &p.marker) {
        (Some(page), Some(size), None, None, None) => PagingStyle::PageNumber {
            page: paging_param(cx, op, page, ParamKind::Integer)?,
            size: paging_param(cx, op, size, ParamKind::Integer)?,
        },
        (None, None, Some(offset), Some(limit), None) => PagingStyle::Offset {
            offset: paging_param(cx, op, offset, ParamKind::Integer)?,
            limit: paging_param(cx, op, limit, ParamKind::Integer)?,
        },
        (None, None, None, Some(limit), Some(marker)) => PagingStyle::Marker {
            marker: paging_param(cx, op, marker, ParamKind::String)?,
            limit: paging_param(cx, op, limit, ParamKind::Integer)?,
            // Filled in once the items are known.
            next: NextMarker::Field(Vec::new()),
        },
        _ => {
            cx.report(
                Diagnostic::error(
                    "invalid-pagination",
                    &p.path,
                    "pagination needs either `page` and `size`, `offset` and `limit`, or `marker` and `limit`",
                )
                .on_key()
                .with_help(
                    "e.g. `pagination: { page: page_no, size: page_size, items: result.data }` or `pagination: { marker: marker, limit: limit, items: vpcs, next_marker: page_info.next_marker }`",
                ),
            );
            return None;
        }
    };
    let marker_style = matches!(style, PagingStyle::Marker { .. });
    let sources = [&p.next_marker, &p.item_marker, &p.next_link];
    for key in sources.into_iter().flatten() {
        if !marker_style {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &key.path,
                "`next_marker`, `item_marker` and `next_link` belong to marker paging (`marker` and `limit`)",
            ));
            return None;
        }
    }
    if let Some(second) = sources.into_iter().flatten().nth(1) {
        cx.report(
            Diagnostic::error(
                "invalid-pagination",
                &second.path,
                "give one of `next_marker` (a response field), `item_marker` (a field of the last item) and `next_link` (the link to the next page)",
            )
            .on_key(),
        );
        return None;
    }
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
    let style = match style {
        PagingStyle::Marker { marker, limit, .. } => {
            let next = match &p.next_link {
                Some(link) => next_link(cx, schemas, body, link, &p.marker)?,
                None => next_marker(cx, schemas, body, &item_type, p)?,
            };
            PagingStyle::Marker {
                marker,
                limit,
                next,
            }
        }
        other => other,
    };
    Some(Pagination {
        style,
        items,
        item_type,
        total,
    })
}

/// What a paging parameter holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ParamKind {
    /// A page number, size, offset or limit.
    Integer,
    /// A marker.
    String,
}

fn paging_param(
    cx: &mut Cx,
    op: &Operation,
    name: &Spanned<String>,
    kind: ParamKind,
) -> Option<String> {
    let found = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.wire_name == name.value);
    let fits = |ty: &TypeRef| match kind {
        ParamKind::Integer => matches!(ty, TypeRef::Int32 | TypeRef::Int64),
        ParamKind::String => matches!(ty, TypeRef::String),
    };
    match found {
        Some(p) if fits(&p.ty) && !p.required => Some(p.rust_name.clone()),
        Some(_) => {
            let wanted = match kind {
                ParamKind::Integer => "an optional int32 or int64",
                ParamKind::String => "an optional string",
            };
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &name.path,
                format!(
                    "paging parameter `{}` must be {wanted} query parameter",
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

/// Where the next marker is: the `next_marker` path (a string in the response), else the
/// `item_marker` field (default `id`) of the last item, a string.
fn next_marker(
    cx: &mut Cx,
    schemas: &[Schema],
    body: &TypeRef,
    item_type: &TypeRef,
    p: &PaginationAst,
) -> Option<NextMarker> {
    if let Some(path) = &p.next_marker {
        let (steps, ty) = walk(cx, schemas, body, path)?;
        if ty != TypeRef::String {
            cx.report(Diagnostic::error(
                "invalid-pagination",
                &path.path,
                format!("`{}` is not a string", path.value),
            ));
            return None;
        }
        return Some(NextMarker::Field(steps));
    }
    let field_name = p.item_marker.as_ref().map_or("id", |f| f.value.as_str());
    let at = p.item_marker.as_ref().map_or(&p.path, |f| &f.path);
    let fields = match unalias(schemas, item_type) {
        TypeRef::Schema(i) => match schemas.get(*i).map(|s| &s.kind) {
            Some(SchemaKind::Object(fields)) => Some(fields),
            _ => None,
        },
        _ => None,
    };
    let field = fields.and_then(|fields| fields.iter().find(|f| f.wire_name == field_name));
    match field {
        Some(f) if *unalias(schemas, &f.ty) == TypeRef::String => {
            Some(NextMarker::LastItem(FieldStep {
                wire_name: f.wire_name.clone(),
                rust_name: f.rust_name.clone(),
                wrapping: f.wrapping(),
                boxed: f.boxed,
            }))
        }
        _ => {
            cx.report(
                Diagnostic::error(
                    "invalid-pagination",
                    at,
                    format!(
                        "marker paging without `next_marker` takes the next marker from the last item's `{field_name}`, and the items have no string field `{field_name}`"
                    ),
                )
                .with_help(
                    "name the response field with `next_marker: page_info.next_marker`, or the item's field with `item_marker: <field>`",
                ),
            );
            None
        }
    }
}

/// The `next_link` path: a string (the URL of the next page), or a list of objects with
/// string `href` and `rel` fields (the one whose `rel` is `next` links the next page).
fn next_link(
    cx: &mut Cx,
    schemas: &[Schema],
    body: &TypeRef,
    path: &Spanned<String>,
    marker: &Option<Spanned<String>>,
) -> Option<NextMarker> {
    let (steps, ty) = walk(cx, schemas, body, path)?;
    let param = marker.as_ref()?.value.clone();
    if ty == TypeRef::String {
        return Some(NextMarker::Link {
            steps,
            entry: None,
            param,
        });
    }
    let fields = match &ty {
        TypeRef::Array(inner) => match unalias(schemas, inner) {
            TypeRef::Schema(i) => match schemas.get(*i).map(|s| &s.kind) {
                Some(SchemaKind::Object(fields)) => Some(fields),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    };
    let field = |name: &str| {
        fields?
            .iter()
            .find(|f| f.wire_name == name && *unalias(schemas, &f.ty) == TypeRef::String)
            .map(|f| FieldStep {
                wire_name: f.wire_name.clone(),
                rust_name: f.rust_name.clone(),
                wrapping: f.wrapping(),
                boxed: f.boxed,
            })
    };
    match (field("href"), field("rel")) {
        (Some(href), Some(rel)) => Some(NextMarker::Link {
            steps,
            entry: Some((href, rel)),
            param,
        }),
        _ => {
            cx.report(
                Diagnostic::error(
                    "invalid-pagination",
                    &path.path,
                    format!(
                        "`{}` is neither a string (the link) nor a list of objects with string `href` and `rel` fields",
                        path.value
                    ),
                )
                .with_help("e.g. `next_link: ports_links`, a list of `{ href, rel }` as OpenStack lists give"),
            );
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
