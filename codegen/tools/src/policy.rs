//! Least-privilege IAM identity policies from the permission tables of a spec.
//!
//! The policy grants exactly the actions the chosen operations need plus the actions those
//! depend on, deduplicated and sorted. It uses the identity policy syntax, `"Version": "5.0"`,
//! because the API reference documents permissions as identity-policy actions
//! (`service:resource:action`, with resource types and condition keys); legacy role-based
//! policies (`"Version": "1.1"`) name actions differently. Operations whose API page
//! documents no permission are reported, never guessed.

use std::collections::BTreeSet;

use serde_json::json;

use crate::diagnostics::did_you_mean;
use crate::model::{Operation, Service};

/// The policy for a set of operations, and what could not be covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyReport {
    /// Actions granted, sorted.
    pub actions: Vec<String>,
    /// Operations (ids) that were asked for, with the actions each contributed.
    pub covered: Vec<(String, Vec<String>)>,
    /// Operations whose documentation gives no permission row: nothing was added for them.
    pub without_permissions: Vec<String>,
    /// Names that are not operations of the service, with a suggestion when one is close.
    pub unknown: Vec<(String, Option<String>)>,
    /// Unqualified names that several of the services have, with the qualified names
    /// (`module::Id`) to choose from.
    pub ambiguous: Vec<(String, Vec<String>)>,
}

impl PolicyReport {
    /// Whether every requested operation is known and has permission data.
    pub fn is_complete(&self) -> bool {
        self.without_permissions.is_empty() && self.unknown.is_empty() && self.ambiguous.is_empty()
    }

    /// The IAM identity policy document, or `None` when no action is needed at all.
    pub fn document(&self) -> Option<serde_json::Value> {
        if self.actions.is_empty() {
            return None;
        }
        Some(json!({
            "Version": "5.0",
            "Statement": [{ "Effect": "Allow", "Action": self.actions }],
        }))
    }

    /// The policy document as pretty JSON with `Version` first, as IAM shows policies.
    pub fn document_text(&self) -> Option<String> {
        if self.actions.is_empty() {
            return None;
        }
        let actions: Vec<String> = self
            .actions
            .iter()
            .map(|a| format!("        {}", serde_json::Value::String(a.clone())))
            .collect();
        Some(format!(
            "{{\n  \"Version\": \"5.0\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": [\n{}\n      ]\n    }}\n  ]\n}}",
            actions.join(",\n")
        ))
    }

    /// Plain-language notes about what the policy does not cover, one per line.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        for (name, suggestion) in &self.unknown {
            notes.push(match suggestion {
                Some(s) => {
                    format!("`{name}` is not an operation of these specs; did you mean `{s}`?")
                }
                None => format!("`{name}` is not an operation of these specs"),
            });
        }
        for (name, choices) in &self.ambiguous {
            notes.push(format!(
                "`{name}` is an operation of several services; name one of: {}",
                choices.join(", ")
            ));
        }
        for op in &self.without_permissions {
            notes.push(format!(
                "operation `{op}`: its API reference documents no permission, so the policy grants nothing for it; add its permission row to the spec"
            ));
        }
        notes
    }
}

/// Computes the least-privilege policy for `operations` (ids like `ResetUserPassword`, or
/// method names like `reset_user_password`).
pub fn least_privilege(service: &Service, operations: &[&str]) -> PolicyReport {
    least_privilege_across(std::slice::from_ref(service), operations)
}

/// Computes one least-privilege policy for a program that calls operations of several
/// services: the actions of every operation named, plus their dependencies, in one sorted
/// list.
///
/// A name is an operation id or method name, optionally qualified by the service's module
/// (`vpc::ListVpcs`, `nat::list_nat_gateways_v2`); an unqualified name that several services
/// have is reported as ambiguous instead of granting both. With several services, the
/// operations in [`PolicyReport::covered`] and [`PolicyReport::without_permissions`] are
/// qualified.
pub fn least_privilege_across(services: &[Service], operations: &[&str]) -> PolicyReport {
    let mut actions = BTreeSet::new();
    let mut covered = Vec::new();
    let mut without = Vec::new();
    let mut unknown = Vec::new();
    let mut ambiguous = Vec::new();
    let mut seen = BTreeSet::new();
    let qualify = services.len() > 1;
    for name in operations {
        let (module, bare) = match name.split_once("::") {
            Some((m, op)) => (Some(m), op),
            None => (None, *name),
        };
        let in_scope = services
            .iter()
            .filter(|s| module.is_none_or(|m| s.module == m || s.name == m));
        let found: Vec<(&Service, &Operation)> = in_scope
            .flat_map(|s| s.operations.iter().map(move |op| (s, op)))
            .filter(|(_, op)| {
                op.id == bare || op.fn_name == bare || crate::naming::unraw(&op.fn_name) == bare
            })
            .collect();
        let (service, op) = match found.as_slice() {
            [one] => *one,
            [] => {
                let candidates = services.iter().flat_map(|s| {
                    s.operations.iter().map(move |o| {
                        if qualify {
                            format!("{}::{}", s.module, o.id)
                        } else {
                            o.id.clone()
                        }
                    })
                });
                let candidates: Vec<String> = candidates.collect();
                unknown.push((
                    (*name).to_owned(),
                    did_you_mean(name, candidates.iter().map(String::as_str)).map(str::to_owned),
                ));
                continue;
            }
            many => {
                let choices = many
                    .iter()
                    .map(|(s, op)| format!("{}::{}", s.module, op.id))
                    .collect();
                ambiguous.push(((*name).to_owned(), choices));
                continue;
            }
        };
        let label = if qualify {
            format!("{}::{}", service.module, op.id)
        } else {
            op.id.clone()
        };
        if !seen.insert(label.clone()) {
            continue;
        }
        if op.permissions.is_empty() {
            without.push(label);
            continue;
        }
        let mut mine = BTreeSet::new();
        for p in &op.permissions {
            mine.insert(p.action.clone());
            mine.extend(p.dependencies.iter().cloned());
        }
        actions.extend(mine.iter().cloned());
        covered.push((label, mine.into_iter().collect()));
    }
    PolicyReport {
        actions: actions.into_iter().collect(),
        covered,
        without_permissions: without,
        unknown,
        ambiguous,
    }
}
