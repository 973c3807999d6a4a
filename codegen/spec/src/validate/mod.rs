//! Stage 2: the shape-checked AST to the resolved [`crate::model::Service`], with every
//! semantic check: references, names, path templates, permissions, examples.

mod examples;
pub mod groups;
mod operations;
mod owned;
mod pagination;
mod schemas;
mod sensitive;
mod service;
mod types;

pub use operations::{CLIENT_METHODS, is_action, is_json};
pub use schemas::UNKNOWN_VARIANT;
/// The name rule for secrets (`hwcloud_common::is_secret_name`, which the runtime applies
/// again at run time).
pub use sensitive::by_name as is_secret_name;

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, KeyPath};
use crate::model::{Doc, Service};
use crate::naming::{Case, Collision, RustNameProblem, camel_ident, check_rust_name, snake_ident};
use crate::parse::ast::{DocAst, SpecAst};
use crate::parse::reader::{Cx, Spanned};

/// Resolves a spec. Returns `None` when an error made a complete model impossible; the
/// diagnostics say why.
pub fn validate(cx: &mut Cx, ast: &SpecAst) -> Option<Service> {
    let header = service::resolve_service(cx, &ast.service);

    let mut schema_asts = ast.schemas.clone();
    schema_asts.sort_by(|a, b| a.name.value.cmp(&b.name.value));
    let table = types::SchemaTable::new(schema_asts.iter().map(|s| s.name.value.clone()).collect());
    let mut schemas = schemas::resolve_schemas(cx, &table, &schema_asts);

    let mut op_asts: Vec<_> = ast.operations.iter().collect();
    op_asts.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let default_ct = header
        .as_ref()
        .map_or("application/json", |h| h.content_type.as_str())
        .to_owned();
    let mut scopes = operations::OperationScopes::new();
    let mut ops = Vec::new();
    for op_ast in op_asts {
        let resolved =
            operations::resolve_operation(cx, &table, &schemas, &mut scopes, &default_ct, op_ast);
        if let Some(mut op) = resolved {
            examples::resolve_examples(cx, &schemas, &mut op, &op_ast.examples);
            ops.push(op);
        }
    }

    // Which schemas requests use (they get constructors and setters), and which nothing uses.
    let mut in_requests = BTreeSet::new();
    let mut used = BTreeSet::new();
    for op in &ops {
        for p in &op.params {
            schemas::collect_refs(&p.ty, &schemas, &mut in_requests);
        }
        if let Some(b) = &op.body {
            schemas::collect_refs(&b.ty, &schemas, &mut in_requests);
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                schemas::collect_refs(b, &schemas, &mut used);
            }
            for h in &r.headers {
                schemas::collect_refs(&h.ty, &schemas, &mut used);
            }
        }
    }
    used.extend(in_requests.iter().copied());
    for (i, s) in schemas.iter_mut().enumerate() {
        s.used_in_requests = in_requests.contains(&i);
        if !used.contains(&i) {
            cx.report(
                Diagnostic::warning(
                    "unused-schema",
                    &schema_asts[i].name.path,
                    format!("schema `{}` is not used by any operation", s.name),
                )
                .on_key(),
            );
        }
    }

    if cx.diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    let h = header?;
    Some(Service {
        name: h.name,
        module: h.module,
        title: h.title,
        description: h.description,
        content_type: h.content_type,
        endpoint_env: h.endpoint_env,
        endpoint_prefixes: h.endpoint_prefixes,
        regions: h.regions,
        global: h.global,
        operations: ops,
        schemas,
    })
}

/// Converts written docs to model docs.
pub(crate) fn doc(d: &DocAst) -> Doc {
    Doc {
        description: d.description.as_ref().map(|s| s.value.clone()),
        range: d.range.as_ref().map(|s| s.value.clone()),
    }
}

/// Warns about a description that is present but empty.
pub(crate) fn empty_text_warning(cx: &mut Cx, text: Option<&Spanned<String>>) {
    if let Some(t) = text
        && t.value.trim().is_empty()
    {
        cx.report(
            Diagnostic::warning("empty-description", &t.path, "this text is empty")
                .with_help("write what the item means, or remove the key"),
        );
    }
}

/// The Rust name an item asks for: its checked `rust_name`, or else `auto`. A `rust_name`
/// that cannot name the item is reported, and the automatic name used instead.
pub(crate) fn wanted_rust_name(
    cx: &mut Cx,
    given: Option<&Spanned<String>>,
    case: Case,
    auto: impl FnOnce() -> String,
) -> String {
    let Some(given) = given else {
        return auto();
    };
    let name = given.value.as_str();
    let problem = match check_rust_name(name, case) {
        Ok(()) => return name.to_owned(),
        Err(p) => p,
    };
    let convert = |s: &str| match case {
        Case::Snake => snake_ident(s),
        Case::UpperCamel => camel_ident(s),
    };
    let (message, help) = match problem {
        RustNameProblem::NotIdentifier => (
            format!("`rust_name` `{name}` is not a Rust identifier"),
            format!(
                "use ASCII letters, digits and `_`, not starting with a digit, such as `{}`",
                convert(name)
            ),
        ),
        RustNameProblem::Keyword { raw_ok: true } => (
            format!("`rust_name` `{name}` is a Rust keyword"),
            format!("write `r#{name}`, or choose another name such as `{name}_`"),
        ),
        RustNameProblem::Keyword { raw_ok: false } => {
            let plain = name.trim_start_matches("r#");
            (
                format!("`rust_name` `{name}` is a Rust keyword that cannot name an item"),
                format!("choose another name, such as `{plain}_`"),
            )
        }
        RustNameProblem::WrongCase => match case {
            Case::Snake => (
                format!(
                    "`rust_name` `{name}` is not snake_case, as Rust field and parameter names are"
                ),
                format!("write `{}`", convert(name)),
            ),
            Case::UpperCamel => (
                format!("`rust_name` `{name}` is not UpperCamelCase, as Rust type names are"),
                format!("write `{}`", convert(name)),
            ),
        },
    };
    cx.report(
        Diagnostic::error("invalid-rust-name", &given.path, message)
            .with_label("not usable as a Rust name")
            .with_help(help),
    );
    auto()
}

/// The warning for an item whose Rust name was taken: `wire` is the item renamed.
pub(crate) fn collision_warning(
    path: &KeyPath,
    what: &str,
    wire: &str,
    c: &Collision,
) -> Diagnostic {
    let message = if c.kept_by.starts_with("(generated") {
        format!(
            "{what} `{wire}` would become `{}`, a name the generated code uses itself; it is named `{}`",
            c.wanted, c.renamed_to
        )
    } else {
        format!(
            "{what} `{}` and `{wire}` both become `{}` in Rust; `{wire}` is named `{}`",
            c.kept_by, c.wanted, c.renamed_to
        )
    };
    Diagnostic::warning("name-collision", path, message)
        .on_key()
        .with_help("set `rust_name` to choose a name yourself")
}
