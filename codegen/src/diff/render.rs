//! A diff report as text for people and as JSON for CI.

use std::fmt::Write as _;

use super::Report;

/// Breaking changes first, then the others, each as `location: message [kind]`, and a
/// summary line naming both files.
pub fn render_human(report: &Report, old: &str, new: &str) -> String {
    let (breaking, other) = report.counts();
    let mut out = String::new();
    for (title, wanted, count) in [
        ("Breaking changes", true, breaking),
        ("Non-breaking changes", false, other),
    ] {
        if count == 0 {
            continue;
        }
        let _ = writeln!(out, "{title} ({count}):");
        for c in report.changes.iter().filter(|c| c.breaking == wanted) {
            let _ = writeln!(out, "  - {}: {} [{}]", c.location, c.message, c.kind.code());
        }
        out.push('\n');
    }
    if report.changes.is_empty() {
        let _ = writeln!(out, "no changes between {old} and {new}");
    } else {
        let _ = writeln!(
            out,
            "{breaking} breaking, {other} non-breaking change(s) from {old} to {new}"
        );
    }
    out
}

/// `{ old, new, breaking, non_breaking, changes: [{ kind, breaking, location, message, action }] }`.
pub fn render_json(report: &Report, old: &str, new: &str) -> String {
    let (breaking, other) = report.counts();
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind.code(),
                "breaking": c.breaking,
                "location": c.location,
                "message": c.message,
                "action": c.action,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "old": old,
        "new": new,
        "breaking": breaking,
        "non_breaking": other,
        "changes": changes,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned())
}
