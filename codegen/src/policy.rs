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
use crate::model::Service;

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
}

impl PolicyReport {
    /// Whether every requested operation is known and has permission data.
    pub fn is_complete(&self) -> bool {
        self.without_permissions.is_empty() && self.unknown.is_empty()
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
                    format!("`{name}` is not an operation of this service; did you mean `{s}`?")
                }
                None => format!("`{name}` is not an operation of this service"),
            });
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
    let mut actions = BTreeSet::new();
    let mut covered = Vec::new();
    let mut without = Vec::new();
    let mut unknown = Vec::new();
    let mut seen = BTreeSet::new();
    for name in operations {
        let found = service.operations.iter().find(|op| {
            op.id == *name || op.fn_name == *name || crate::naming::unraw(&op.fn_name) == *name
        });
        let Some(op) = found else {
            let candidates = service.operations.iter().map(|o| o.id.as_str());
            unknown.push((
                (*name).to_owned(),
                did_you_mean(name, candidates).map(str::to_owned),
            ));
            continue;
        };
        if !seen.insert(op.id.clone()) {
            continue;
        }
        if op.permissions.is_empty() {
            without.push(op.id.clone());
            continue;
        }
        let mut mine = BTreeSet::new();
        for p in &op.permissions {
            mine.insert(p.action.clone());
            mine.extend(p.dependencies.iter().cloned());
        }
        actions.extend(mine.iter().cloned());
        covered.push((op.id.clone(), mine.into_iter().collect()));
    }
    PolicyReport {
        actions: actions.into_iter().collect(),
        covered,
        without_permissions: without,
        unknown,
    }
}
