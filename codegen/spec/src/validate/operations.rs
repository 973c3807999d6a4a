//! Operations: method, URI template and its parameters, body, responses, permissions,
//! pagination.

use std::collections::{BTreeMap, HashSet};

use super::types::{SchemaTable, describe, unalias};
use super::{collision_warning, doc, empty_text_warning, wanted_rust_name};
use crate::diagnostics::{Diagnostic, KeyPath, Target, did_you_mean};
use crate::model::*;
use crate::naming::{Case, Scope, camel_ident, name_base, screaming_ident, snake_ident};
use crate::parse::ast::*;
use crate::parse::reader::{Cx, Spanned};

/// Inherent methods of the generated `Client`; operations may not take these names.
pub const CLIENT_METHODS: &[&str] = &["builder", "from_runtime", "runtime", "clone", "fmt", "into"];

/// Path parameters the runtime fills from the credentials when the caller leaves them out.
pub const CREDENTIAL_PATH_PARAMS: &[&str] = &["project_id", "domain_id"];

/// Names used by operations across the service.
#[derive(Default)]
pub struct OperationScopes {
    fns: Scope,
    types: Scope,
    consts: Scope,
}

impl OperationScopes {
    /// Scopes with the generated client's own names reserved.
    pub fn new() -> Self {
        Self {
            fns: Scope::with_reserved(CLIENT_METHODS),
            types: Scope::default(),
            consts: Scope::with_reserved(&["ALL"]),
        }
    }
}

/// Resolves one operation.
pub fn resolve_operation(
    cx: &mut Cx,
    table: &SchemaTable,
    schemas: &[Schema],
    scopes: &mut OperationScopes,
    default_content_type: &str,
    ast: &OperationAst,
) -> Option<Operation> {
    let id = &ast.id;
    let (fn_name, c) = scopes.fns.claim(snake_ident(&id.value), &id.value);
    if let Some(c) = c {
        cx.report(collision_warning(&id.path, "operation", &id.value, &c));
    }
    let (request_type, c) = scopes.types.claim(
        format!("{}Request", name_base(&camel_ident(&id.value))),
        &id.value,
    );
    if let Some(c) = c {
        cx.report(collision_warning(&id.path, "operation", &id.value, &c));
    }
    let (const_name, _) = scopes.consts.claim(screaming_ident(&id.value), &id.value);

    empty_text_warning(cx, ast.summary.as_ref());
    empty_text_warning(cx, ast.description.as_ref());
    let method = ast.method.as_ref().and_then(|m| resolve_method(cx, m));
    let params = resolve_params(cx, table, schemas, ast);
    if let Some(uri) = &ast.uri {
        check_template(cx, uri, &ast.parameters);
    }
    let body = ast
        .body
        .as_ref()
        .and_then(|b| resolve_body(cx, table, default_content_type, method, b));
    let responses = resolve_responses(cx, table, schemas, ast);
    let errors = ast
        .errors
        .iter()
        .filter_map(|e| resolve_error(cx, e))
        .collect();
    let permissions: Vec<Permission> = ast
        .permissions
        .iter()
        .filter_map(|p| resolve_permission(cx, p))
        .collect();
    if ast.permissions.is_empty() {
        cx.report(
            Diagnostic::warning(
                "no-permissions",
                &id.path,
                format!("operation `{}` has no permission row", id.value),
            )
            .on_key()
            .with_help("copy the action from the API page's Authorization Information table into `permissions`"),
        );
    }
    let mut op = Operation {
        id: id.value.clone(),
        fn_name,
        request_type,
        const_name,
        summary: ast.summary.as_ref().map(|s| s.value.clone()),
        description: ast.description.as_ref().map(|s| s.value.clone()),
        method: method?,
        path: ast.uri.as_ref()?.value.clone(),
        params,
        body,
        responses,
        errors,
        permissions,
        pagination: None,
        examples: Examples::default(),
        deprecated: ast.deprecated,
        group: super::groups::resolve_group(cx, ast.group.as_ref()),
    };
    if let Some(p) = &ast.pagination {
        op.pagination = super::pagination::resolve_pagination(cx, schemas, &op, p);
    }
    Some(op)
}

fn resolve_method(cx: &mut Cx, m: &Spanned<String>) -> Option<Method> {
    let upper = m.value.to_ascii_uppercase();
    if let Some(method) = Method::ALL.iter().find(|x| x.as_str() == upper) {
        return Some(*method);
    }
    let names: Vec<&str> = Method::ALL.iter().map(|x| x.as_str()).collect();
    let help = match did_you_mean(&upper, names.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use one of {}", names.join(", ")),
    };
    cx.report(
        Diagnostic::error(
            "invalid-method",
            &m.path,
            format!("`{}` is not an HTTP method", m.value),
        )
        .with_help(help),
    );
    None
}

/// The `{name}` placeholders of a URI template, or a diagnostic for a malformed template.
pub fn template_params(cx: &mut Cx, uri: &Spanned<String>) -> Option<Vec<String>> {
    let text = &uri.value;
    if !text.starts_with('/') {
        cx.report(
            Diagnostic::error("invalid-path", &uri.path, "the path must start with `/`")
                .with_help(format!("write `/{}`", text.trim_start_matches('/'))),
        );
    }
    let mut names = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            cx.report(Diagnostic::error(
                "invalid-path",
                &uri.path,
                "`}` without a matching `{` in the path",
            ));
            return None;
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            cx.report(
                Diagnostic::error(
                    "invalid-path",
                    &uri.path,
                    "`{` without a closing `}` in the path",
                )
                .with_help("path parameters are written `{name}`"),
            );
            return None;
        };
        let name = &after[..close];
        if name.is_empty() || name.contains(['{', '/']) {
            cx.report(Diagnostic::error(
                "invalid-path",
                &uri.path,
                format!("`{{{name}}}` is not a valid path parameter"),
            ));
            return None;
        }
        names.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Some(names)
}

fn check_template(cx: &mut Cx, uri: &Spanned<String>, params: &[ParamAst]) {
    super::owned::check_path_literals(cx, uri);
    let Some(names) = template_params(cx, uri) else {
        return;
    };
    let mut seen = HashSet::new();
    for name in &names {
        if !seen.insert(name) {
            cx.report(Diagnostic::error(
                "duplicate-path-param",
                &uri.path,
                format!("`{{{name}}}` appears twice in the path"),
            ));
        }
        let declared = params
            .iter()
            .any(|p| p.location.value == "path" && &p.name.value == name);
        if !declared {
            cx.report(
                Diagnostic::error(
                    "undeclared-path-param",
                    &uri.path,
                    format!("path parameter `{{{name}}}` is not declared"),
                )
                .with_label(format!("`{{{name}}}` used here"))
                .with_help(format!(
                    "add `- {{ name: {name}, in: path, type: string }}` to `parameters`"
                )),
            );
        }
    }
    for p in params.iter().filter(|p| p.location.value == "path") {
        if !names.contains(&p.name.value) {
            cx.report(
                Diagnostic::error(
                    "unused-path-param",
                    &p.name.path,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.name.value, uri.value
                    ),
                )
                .with_help(format!(
                    "add `{{{}}}` to the path, or make it a query parameter",
                    p.name.value
                )),
            );
        }
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether a type can be written into a path, query string or header.
fn is_simple(ty: &TypeRef, schemas: &[Schema], allow_list: bool) -> bool {
    match unalias(schemas, ty) {
        TypeRef::Any | TypeRef::Map(_) => false,
        TypeRef::Array(inner) => allow_list && is_simple(inner, schemas, false),
        TypeRef::Schema(i) => matches!(schemas.get(*i).map(|s| &s.kind), Some(SchemaKind::Enum(_))),
        _ => true,
    }
}

fn resolve_params(
    cx: &mut Cx,
    table: &SchemaTable,
    schemas: &[Schema],
    ast: &OperationAst,
) -> Vec<Param> {
    let mut scope = Scope::with_reserved(if ast.body.is_some() { &["body"] } else { &[] });
    let mut seen: BTreeMap<(String, String), KeyPath> = BTreeMap::new();
    // Built only for a message: a spec with thousands of schemas and operations must not
    // copy every name once per operation.
    let names = || -> Vec<String> { schemas.iter().map(|s| s.name.clone()).collect() };
    ast.parameters
        .iter()
        .filter_map(|p| {
            empty_text_warning(cx, p.doc.description.as_ref());
            let location = match p.location.value.as_str() {
                "path" => ParamLocation::Path,
                "query" => ParamLocation::Query,
                "header" => ParamLocation::Header,
                other => {
                    let help = match did_you_mean(other, ["path", "query", "header"]) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => "use `path`, `query` or `header`".to_owned(),
                    };
                    cx.report(
                        Diagnostic::error(
                            "invalid-param-location",
                            &p.location.path,
                            format!("`{other}` is not a parameter location"),
                        )
                        .with_help(help),
                    );
                    return None;
                }
            };
            let key = (location.as_str().to_owned(), p.name.value.to_ascii_lowercase());
            if let Some(first) = seen.get(&key) {
                cx.report(
                    Diagnostic::error(
                        "duplicate-param",
                        &p.name.path,
                        format!("{} parameter `{}` is declared twice", location.as_str(), p.name.value),
                    )
                    .with_help(format!("the first declaration is at `{first}`")),
                );
                return None;
            }
            seen.insert(key, p.path.clone());
            if location == ParamLocation::Header && !is_header_name(&p.name.value) {
                cx.report(Diagnostic::error(
                    "invalid-header-name",
                    &p.name.path,
                    format!("`{}` is not a valid HTTP header name", p.name.value),
                ));
                return None;
            }
            if location == ParamLocation::Header
                && let Some(owner) = super::owned::client_header(&p.name.value)
            {
                cx.report(
                    Diagnostic::error(
                        "client-header",
                        &p.name.path,
                        format!(
                            "header `{}` is set by the client ({owner}): a parameter would replace it",
                            p.name.value
                        ),
                    )
                    .with_help(match owner {
                        "the request's content type" => {
                            "remove the parameter; set `content_type` on the body instead"
                        }
                        _ => "remove the parameter; the client sets this header on every request",
                    }),
                );
                return None;
            }
            let ty = table.resolve(cx, p.ty.as_ref()?)?;
            if !is_simple(&ty, schemas, location == ParamLocation::Query) {
                cx.report(
                    Diagnostic::error(
                        "complex-param",
                        &p.path,
                        format!(
                            "a {} parameter cannot be of type {}",
                            location.as_str(),
                            describe(&ty, &names())
                        ),
                    )
                    .with_help("parameters take strings, numbers, booleans, string enums (and, in the query, lists of those)"),
                );
                return None;
            }
            let required = match (location, p.required) {
                (ParamLocation::Path, Some(false)) => {
                    cx.report(Diagnostic::warning(
                        "optional-path-param",
                        &p.path.key("required"),
                        "path parameters are always required; `required: false` is ignored",
                    ));
                    true
                }
                (ParamLocation::Path, _) => true,
                (_, r) => r.unwrap_or(false),
            };
            let from_credentials =
                location == ParamLocation::Path && CREDENTIAL_PATH_PARAMS.contains(&p.name.value.as_str());
            let wanted = wanted_rust_name(cx, p.rust_name.as_ref(), Case::Snake, || {
                snake_ident(&p.name.value)
            });
            let (rust_name, collision) = scope.claim(wanted, &p.name.value);
            if let Some(c) = collision {
                // The name is the value of `name:`; point at it rather than at the key.
                let mut d = collision_warning(&p.name.path, "parameter", &p.name.value, &c);
                d.target = Target::Value;
                cx.report(d);
            }
            Some(Param {
                wire_name: p.name.value.clone(),
                rust_name,
                location,
                ty,
                required,
                from_credentials,
                sensitive: p
                    .sensitive
                    .unwrap_or_else(|| super::sensitive::by_name(&p.name.value)),
                doc: doc(&p.doc),
            })
        })
        .collect()
}

fn resolve_body(
    cx: &mut Cx,
    table: &SchemaTable,
    default_content_type: &str,
    method: Option<Method>,
    b: &BodyAst,
) -> Option<Body> {
    if let Some(m @ (Method::Get | Method::Head)) = method {
        cx.report(
            Diagnostic::error(
                "body-on-get",
                &b.path,
                format!("a {} request cannot have a body", m.as_str()),
            )
            .on_key()
            .with_help("remove `body`, or use POST/PUT/DELETE"),
        );
        return None;
    }
    let content_type = b
        .content_type
        .as_ref()
        .map_or(default_content_type.to_owned(), |c| c.value.clone());
    if !is_json(&content_type) {
        let path = b
            .content_type
            .as_ref()
            .map_or(b.path.clone(), |c| c.path.clone());
        cx.report(
            Diagnostic::error(
                "unsupported-content-type",
                &path,
                format!("request bodies of type `{content_type}` are not supported"),
            )
            .with_help("bodies are sent as JSON: use `application/json`"),
        );
        return None;
    }
    Some(Body {
        ty: table.resolve(cx, b.ty.as_ref()?)?,
        required: b.required,
        content_type,
        doc: doc(&b.doc),
    })
}

/// Whether a content type is JSON (`application/json`, `application/json;charset=UTF-8`,
/// `application/problem+json`).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn parse_status(cx: &mut Cx, status: &Spanned<String>) -> Option<u16> {
    match status.value.parse::<u16>() {
        Ok(s) if (100..=599).contains(&s) => Some(s),
        _ => {
            cx.report(
                Diagnostic::error(
                    "invalid-status",
                    &status.path,
                    format!("`{}` is not an HTTP status code", status.value),
                )
                .on_key()
                .with_help("status codes are numbers from 100 to 599"),
            );
            None
        }
    }
}

fn resolve_responses(
    cx: &mut Cx,
    table: &SchemaTable,
    schemas: &[Schema],
    ast: &OperationAst,
) -> Vec<Response> {
    let mut responses: Vec<Response> = ast
        .responses
        .iter()
        .filter_map(|r| {
            let status = parse_status(cx, &r.status)?;
            let body = match &r.body {
                Some(ty) => Some(table.resolve(cx, ty)?),
                None => None,
            };
            let headers = r
                .headers
                .iter()
                .filter_map(|h| {
                    Some(ResponseHeader {
                        name: h.name.value.clone(),
                        ty: table.resolve(cx, h.ty.as_ref()?)?,
                        doc: doc(&h.doc),
                    })
                })
                .collect();
            Some(Response {
                status,
                description: r.description.as_ref().map(|d| d.value.clone()),
                body,
                headers,
            })
        })
        .collect();
    responses.sort_by_key(|r| r.status);
    let names = || -> Vec<String> { schemas.iter().map(|s| s.name.clone()).collect() };
    let mut success = responses
        .iter()
        .filter(|r| (200..300).contains(&r.status) && r.body.is_some());
    if let Some(first) = success.next() {
        for other in success {
            if other.body != first.body {
                let path = ast.id.path.key("responses").key(other.status.to_string());
                cx.report(
                    Diagnostic::error(
                        "conflicting-success-bodies",
                        &path,
                        format!(
                            "status {} returns {} but status {} returns {}",
                            other.status,
                            describe(other.body.as_ref().unwrap_or(&TypeRef::Any), &names()),
                            first.status,
                            describe(first.body.as_ref().unwrap_or(&TypeRef::Any), &names())
                        ),
                    )
                    .on_key()
                    .with_help("all success responses of an operation must share one body type"),
                );
            }
        }
    }
    responses
}

fn resolve_error(cx: &mut Cx, e: &ErrorAst) -> Option<ErrorCode> {
    let status = match &e.status {
        Some(s) if (100..=599).contains(&s.value) => u16::try_from(s.value).ok()?,
        Some(s) => {
            cx.report(
                Diagnostic::error(
                    "invalid-status",
                    &s.path,
                    format!("`{}` is not an HTTP status code", s.value),
                )
                .with_help("status codes are numbers from 100 to 599"),
            );
            return None;
        }
        None => {
            cx.report(
                Diagnostic::error("missing-field", &e.path, "this error code has no `status`")
                    .on_key()
                    .with_help("add the HTTP status the service answers with, e.g. `status: 400`"),
            );
            return None;
        }
    };
    Some(ErrorCode {
        status,
        code: e.code.as_ref()?.value.clone(),
        message: e.message.clone(),
        description: e.description.clone(),
    })
}

/// Whether `action` has the IAM form `service:resource:action`.
pub fn is_action(action: &str) -> bool {
    let parts: Vec<&str> = action.split(':').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'*')
        })
}

fn check_action(cx: &mut Cx, a: &Spanned<String>, what: &str) -> bool {
    if is_action(&a.value) {
        return true;
    }
    cx.report(
        Diagnostic::error(
            "invalid-action",
            &a.path,
            format!(
                "{what} `{}` is not of the form `service:resource:action`",
                a.value
            ),
        )
        .with_help("IAM actions look like `codeartsartifact:repository:resetPassword`"),
    );
    false
}

fn resolve_permission(cx: &mut Cx, p: &PermissionAst) -> Option<Permission> {
    let action = p.action.as_ref()?;
    let action_ok = check_action(cx, action, "action");
    let level = p.access_level.as_ref()?;
    let access_level = AccessLevel::from_name(&level.value);
    if access_level.is_none() {
        let names: Vec<&str> = AccessLevel::ALL.iter().map(|l| l.as_str()).collect();
        let help = match did_you_mean(&level.value, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "use one of {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        cx.report(
            Diagnostic::error(
                "invalid-access-level",
                &level.path,
                format!("`{}` is not an IAM access level", level.value),
            )
            .with_help(help),
        );
    }
    let deps_ok = p
        .dependencies
        .iter()
        .map(|d| check_action(cx, d, "dependency"))
        .fold(true, |a, b| a & b);
    if !(action_ok && deps_ok) {
        return None;
    }
    let texts = |v: &[Spanned<String>]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    Some(Permission {
        action: action.value.clone(),
        access_level: access_level?,
        resource_types: p
            .resource_types
            .iter()
            .map(|(name, required)| ResourceType {
                name: name.value.clone(),
                required: *required,
            })
            .collect(),
        condition_keys: texts(&p.condition_keys),
        aliases: texts(&p.aliases),
        dependencies: texts(&p.dependencies),
    })
}
