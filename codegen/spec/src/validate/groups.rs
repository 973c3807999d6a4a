//! The `group` of an operation: the resource group whose cargo feature compiles it.

use crate::diagnostics::Diagnostic;
use crate::model::DEFAULT_GROUP;
use crate::parse::reader::{Cx, Spanned};

/// Feature names a group may not take: cargo's own, and the one that enables every group.
pub const RESERVED_GROUPS: &[&str] = &["default", "full"];

/// Why `name` cannot be a group (a cargo feature and a Rust identifier at once), if it
/// cannot.
pub fn group_name_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_lowercase());
    let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !starts_well || !rest_ok {
        return Some(format!(
            "`{name}` is not a group name: a group is a cargo feature of the generated crate, written in lowercase ASCII letters, digits and `_`, starting with a letter"
        ));
    }
    if RESERVED_GROUPS.contains(&name) {
        return Some(format!(
            "`{name}` is not a group name: the generated crate's `{name}` feature is reserved (`full` enables every group, `default` is cargo's)"
        ));
    }
    if name.len() > 64 {
        return Some(format!(
            "`{name}` is not a group name: at most 64 characters"
        ));
    }
    None
}

/// The operation's group: the spec's, checked, or [`DEFAULT_GROUP`].
pub fn resolve_group(cx: &mut Cx, group: Option<&Spanned<String>>) -> String {
    let Some(group) = group else {
        return DEFAULT_GROUP.to_owned();
    };
    if let Some(problem) = group_name_problem(&group.value) {
        let suggestion = suggest(&group.value);
        let help = match group_name_problem(&suggestion) {
            None => format!("write `group: {suggestion}`"),
            Some(_) => "write e.g. `group: subnet`".to_owned(),
        };
        cx.report(Diagnostic::error("invalid-group", &group.path, problem).with_help(help));
    }
    group.value.clone()
}

/// A valid spelling close to `name`: lowercase, other characters as `_`.
pub fn suggest(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_owned();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("g_{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cargo_features_and_identifiers() {
        for ok in ["subnet", "security_group", "eip2", "other"] {
            assert_eq!(group_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "Subnet",
            "security-group",
            "2eip",
            "_x",
            "full",
            "default",
            "vpc.x",
        ] {
            assert!(group_name_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(suggest("Security-Group"), "security_group");
        assert_eq!(suggest("2 eip"), "g_2_eip");
    }
}
