//! Changes to operations: identity, method and path, parameters, body, responses,
//! permissions, pagination.

use std::collections::BTreeMap;

use super::{Change, ChangeKind, describe};
use crate::model::{FieldStep, Operation, Pagination, Param, Service};

/// Compares the operations of two services.
pub(super) fn compare(old: &Service, new: &Service, out: &mut Vec<Change>) {
    let new_ids: Vec<&str> = new.operations.iter().map(|o| o.id.as_str()).collect();
    let mut renamed_to: BTreeMap<&str, &Operation> = BTreeMap::new();
    for o in &old.operations {
        if new_ids.contains(&o.id.as_str()) {
            continue;
        }
        let twin = new.operations.iter().find(|n| {
            n.method == o.method && n.path == o.path && !old.operations.iter().any(|x| x.id == n.id)
        });
        let at = format!("operations.{}", o.id);
        match twin {
            Some(n) => {
                out.push(Change::new(
                    ChangeKind::OperationRenamed,
                    true,
                    at,
                    format!(
                        "operation `{}` renamed to `{}` ({} {}): the client method `{}` is now `{}`",
                        o.id, n.id, o.method.as_str(), o.path, o.fn_name, n.fn_name
                    ),
                ));
                renamed_to.insert(o.id.as_str(), n);
            }
            None => out.push(Change::new(
                ChangeKind::OperationRemoved,
                true,
                at,
                format!(
                    "operation `{}` removed ({} {}): the client method `{}` is gone",
                    o.id,
                    o.method.as_str(),
                    o.path,
                    o.fn_name
                ),
            )),
        }
    }
    let mut pairs: Vec<(&Operation, &Operation)> = Vec::new();
    for o in &old.operations {
        if let Some(n) = new
            .operations
            .iter()
            .find(|n| n.id == o.id)
            .or_else(|| renamed_to.get(o.id.as_str()).copied())
        {
            pairs.push((o, n));
        }
    }
    for n in &new.operations {
        let known = old.operations.iter().any(|o| o.id == n.id)
            || renamed_to.values().any(|r| r.id == n.id);
        if !known {
            out.push(Change::new(
                ChangeKind::OperationAdded,
                false,
                format!("operations.{}", n.id),
                format!(
                    "operation `{}` added ({} {}): new client method `{}`",
                    n.id,
                    n.method.as_str(),
                    n.path,
                    n.fn_name
                ),
            ));
        }
    }
    for (o, n) in pairs {
        Pair {
            old,
            new,
            o,
            n,
            out: &mut *out,
        }
        .compare();
    }
}

struct Pair<'a> {
    old: &'a Service,
    new: &'a Service,
    o: &'a Operation,
    n: &'a Operation,
    out: &'a mut Vec<Change>,
}

impl Pair<'_> {
    fn at(&self, rest: &str) -> String {
        if rest.is_empty() {
            format!("operations.{}", self.n.id)
        } else {
            format!("operations.{}.{rest}", self.n.id)
        }
    }

    fn push(&mut self, kind: ChangeKind, breaking: bool, rest: &str, message: String) {
        let at = self.at(rest);
        self.out.push(Change::new(kind, breaking, at, message));
    }

    fn compare(mut self) {
        let (o, n) = (self.o, self.n);
        if o.method != n.method {
            self.push(
                ChangeKind::MethodChanged,
                true,
                "method",
                format!(
                    "`{}` is now sent as {} instead of {}",
                    n.id,
                    n.method.as_str(),
                    o.method.as_str()
                ),
            );
        }
        if o.path != n.path {
            self.push(
                ChangeKind::PathChanged,
                true,
                "path",
                format!("`{}` now calls `{}` instead of `{}`", n.id, n.path, o.path),
            );
        }
        if o.deprecated != n.deprecated {
            let what = if n.deprecated {
                "is now deprecated"
            } else {
                "is no longer deprecated"
            };
            self.push(
                ChangeKind::OperationDeprecated,
                false,
                "deprecated",
                format!("`{}` {what}", n.id),
            );
        }
        if o.summary != n.summary
            || o.description != n.description
            || o.params.iter().any(|p| {
                n.params
                    .iter()
                    .any(|q| q.wire_name == p.wire_name && q.doc != p.doc)
            })
        {
            self.push(
                ChangeKind::DocsChanged,
                false,
                "",
                format!("documentation of `{}` changed", n.id),
            );
        }
        self.params();
        self.body();
        self.responses();
        self.permissions();
        self.pagination();
    }

    fn rust_required(p: &Param) -> bool {
        p.required && !p.from_credentials
    }

    fn params(&mut self) {
        let (o, n) = (self.o, self.n);
        let request = &n.request_type;
        for p in &o.params {
            let at = format!("parameters.{}", p.wire_name);
            let Some(q) = n.params.iter().find(|q| q.wire_name == p.wire_name) else {
                self.push(
                    ChangeKind::ParamRemoved,
                    true,
                    &at,
                    format!(
                        "{} parameter `{}` removed: the field `{request}::{}` is gone",
                        p.location.as_str(),
                        p.wire_name,
                        p.rust_name
                    ),
                );
                continue;
            };
            if p.location != q.location {
                self.push(
                    ChangeKind::ParamMoved,
                    false,
                    &at,
                    format!(
                        "parameter `{}` is now sent in the {} instead of the {}",
                        p.wire_name,
                        q.location.as_str(),
                        p.location.as_str()
                    ),
                );
            }
            let (ot, nt) = (describe(&p.ty, self.old), describe(&q.ty, self.new));
            if ot != nt {
                self.push(
                    ChangeKind::ParamRetyped,
                    true,
                    &at,
                    format!("parameter `{}` changed type from {ot} to {nt}", p.wire_name),
                );
            }
            if Self::rust_required(p) != Self::rust_required(q) {
                let message = if Self::rust_required(q) {
                    format!(
                        "parameter `{}` is now required: `{request}::new` takes it as an argument",
                        p.wire_name
                    )
                } else {
                    format!(
                        "parameter `{}` is now optional: its field becomes `Option<_>` and leaves `{request}::new`",
                        p.wire_name
                    )
                };
                self.push(ChangeKind::ParamRequiredChanged, true, &at, message);
            }
            if p.rust_name != q.rust_name {
                self.push(
                    ChangeKind::RustNameChanged,
                    true,
                    &at,
                    format!(
                        "the field of parameter `{}` is renamed from `{}` to `{}`",
                        p.wire_name, p.rust_name, q.rust_name
                    ),
                );
            }
        }
        for q in n
            .params
            .iter()
            .filter(|q| !o.params.iter().any(|p| p.wire_name == q.wire_name))
        {
            let at = format!("parameters.{}", q.wire_name);
            let required = Self::rust_required(q);
            let message = if required {
                format!(
                    "required {} parameter `{}` added: `{request}::new` takes a new argument",
                    q.location.as_str(),
                    q.wire_name
                )
            } else {
                format!(
                    "optional {} parameter `{}` added",
                    q.location.as_str(),
                    q.wire_name
                )
            };
            self.push(ChangeKind::ParamAdded, required, &at, message);
        }
    }

    fn body(&mut self) {
        let (o, n) = (self.o, self.n);
        match (&o.body, &n.body) {
            (None, None) => {}
            (Some(_), None) => self.push(
                ChangeKind::BodyRemoved,
                true,
                "body",
                format!("`{}` no longer takes a request body", n.id),
            ),
            (None, Some(b)) => {
                let message = if b.required {
                    format!(
                        "`{}` now requires a body ({}): `{}::new` takes it",
                        n.id,
                        describe(&b.ty, self.new),
                        n.request_type
                    )
                } else {
                    format!(
                        "`{}` accepts an optional body ({})",
                        n.id,
                        describe(&b.ty, self.new)
                    )
                };
                self.push(ChangeKind::BodyAdded, b.required, "body", message);
            }
            (Some(a), Some(b)) => {
                let (at, bt) = (describe(&a.ty, self.old), describe(&b.ty, self.new));
                if at != bt {
                    self.push(
                        ChangeKind::BodyRetyped,
                        true,
                        "body",
                        format!("the request body changed type from {at} to {bt}"),
                    );
                }
                if a.required != b.required {
                    let what = if b.required { "required" } else { "optional" };
                    self.push(
                        ChangeKind::BodyRequiredChanged,
                        true,
                        "body",
                        format!(
                            "the request body is now {what}: `{}::new` changes",
                            n.request_type
                        ),
                    );
                }
            }
        }
    }

    fn responses(&mut self) {
        let (o, n) = (self.o, self.n);
        let (ob, nb) = (
            o.success_body().map(|t| describe(t, self.old)),
            n.success_body().map(|t| describe(t, self.new)),
        );
        if ob != nb {
            let show =
                |t: &Option<String>| t.clone().unwrap_or_else(|| "no body (`Empty`)".to_owned());
            self.push(
                ChangeKind::ResponseRetyped,
                true,
                "responses",
                format!(
                    "`{}` now returns {} instead of {}",
                    n.fn_name,
                    show(&nb),
                    show(&ob)
                ),
            );
        }
        for r in &o.responses {
            if !n.responses.iter().any(|x| x.status == r.status) {
                self.push(
                    ChangeKind::StatusRemoved,
                    false,
                    &format!("responses.{}", r.status),
                    format!("status {} is no longer documented", r.status),
                );
            }
        }
        for r in &n.responses {
            if !o.responses.iter().any(|x| x.status == r.status) {
                self.push(
                    ChangeKind::StatusAdded,
                    false,
                    &format!("responses.{}", r.status),
                    format!("status {} is now documented", r.status),
                );
            }
        }
        let codes = |op: &Operation| {
            let mut c: Vec<String> = op
                .errors
                .iter()
                .map(|e| format!("{} {}", e.status, e.code))
                .collect();
            c.sort();
            c
        };
        let (oc, nc) = (codes(o), codes(n));
        if oc != nc {
            let added: Vec<&String> = nc.iter().filter(|c| !oc.contains(c)).collect();
            let removed: Vec<&String> = oc.iter().filter(|c| !nc.contains(c)).collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("error codes added: {}", join(&added)));
            }
            if !removed.is_empty() {
                parts.push(format!(
                    "error codes no longer documented: {}",
                    join(&removed)
                ));
            }
            self.push(
                ChangeKind::ErrorCodesChanged,
                false,
                "errors",
                parts.join("; "),
            );
        }
    }

    fn permissions(&mut self) {
        let (o, n) = (self.o, self.n);
        // Every action the operation needs: its rows' actions and their dependencies.
        let needs = |op: &Operation| -> BTreeMap<String, String> {
            let mut m = BTreeMap::new();
            for p in &op.permissions {
                m.insert(
                    p.action.clone(),
                    format!("access level {}", p.access_level.as_str()),
                );
                for d in &p.dependencies {
                    m.entry(d.clone())
                        .or_insert_with(|| format!("a dependency of `{}`", p.action));
                }
            }
            m
        };
        let (before, after) = (needs(o), needs(n));
        for (action, why) in &after {
            if !before.contains_key(action) {
                let mut c = Change::new(
                    ChangeKind::PermissionAdded,
                    true,
                    self.at("permissions"),
                    format!(
                        "`{}` now needs the IAM action `{action}` ({why}): least-privilege policies that allow `{}` must also allow `{action}`",
                        n.id, n.id
                    ),
                );
                c.action = Some(action.clone());
                self.out.push(c);
            }
        }
        for action in before.keys().filter(|a| !after.contains_key(*a)) {
            let mut c = Change::new(
                ChangeKind::PermissionRemoved,
                false,
                self.at("permissions"),
                format!("`{}` no longer needs the IAM action `{action}`", n.id),
            );
            c.action = Some(action.clone());
            self.out.push(c);
        }
    }

    fn pagination(&mut self) {
        let (o, n) = (self.o, self.n);
        match (&o.pagination, &n.pagination) {
            (Some(_), None) => self.push(
                ChangeKind::PaginationRemoved,
                true,
                "pagination",
                format!("`{}` no longer pages: its pager method is gone", n.id),
            ),
            (None, Some(_)) => self.push(
                ChangeKind::PaginationAdded,
                false,
                "pagination",
                format!("`{}` now has a pager method", n.id),
            ),
            (Some(a), Some(b)) if paging_key(a, self.old) != paging_key(b, self.new) => {
                let (at, bt) = (
                    describe(&a.item_type, self.old),
                    describe(&b.item_type, self.new),
                );
                let retyped = at != bt;
                let message = if retyped {
                    format!("the pager of `{}` now yields {bt} instead of {at}", n.id)
                } else {
                    format!("the paging parameters or item path of `{}` changed", n.id)
                };
                self.push(
                    ChangeKind::PaginationChanged,
                    retyped,
                    "pagination",
                    message,
                );
            }
            _ => {}
        }
    }
}

/// Pagination without schema indices (which shift when schemas are added).
fn paging_key(p: &Pagination, s: &Service) -> String {
    let path = |steps: &[FieldStep]| {
        steps
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect::<Vec<_>>()
            .join(".")
    };
    format!(
        "{:?} {} {} {}",
        p.style,
        path(&p.items),
        describe(&p.item_type, s),
        p.total.as_deref().map(path).unwrap_or_default()
    )
}

fn join(items: &[&String]) -> String {
    items
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
