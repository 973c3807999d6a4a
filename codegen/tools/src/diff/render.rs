//! A diff report as text for people and as JSON for CI.

use std::fmt::Write as _;

use super::{Bump, Report};

/// Breaking changes first (a major release), then additions (minor), then the rest
/// (patch), each as `location: message [kind]`; a summary line naming both files and the
/// release the changes call for.
pub fn render_human(report: &Report, old: &str, new: &str) -> String {
    let (breaking, other) = report.counts();
    let mut out = String::new();
    for (title, bump) in [
        ("Breaking changes, a major release", Bump::Major),
        ("Additions, a minor release", Bump::Minor),
        ("Other changes, a patch release", Bump::Patch),
    ] {
        let count = report.changes.iter().filter(|c| c.bump() == bump).count();
        if count == 0 {
            continue;
        }
        let _ = writeln!(out, "{title} ({count}):");
        for c in report.changes.iter().filter(|c| c.bump() == bump) {
            let _ = writeln!(out, "  - {}: {} [{}]", c.location, c.message, c.kind.code());
        }
        out.push('\n');
    }
    match report.bump() {
        None => {
            let _ = writeln!(out, "no changes between {old} and {new}");
        }
        Some(bump) => {
            let _ = writeln!(
                out,
                "{breaking} breaking, {other} non-breaking change(s) from {old} to {new}: {}",
                release(bump)
            );
        }
    }
    out
}

/// What a bump means for the crate's version.
fn release(bump: Bump) -> &'static str {
    match bump {
        Bump::Major => {
            "a major release (x.y.z -> (x+1).0.0; 0.y.z -> 0.(y+1).0, since Cargo reads a 0.y bump as breaking)"
        }
        Bump::Minor => "a minor release (x.y.z -> x.(y+1).0; 0.y.z -> 0.y.(z+1))",
        Bump::Patch => "a patch release (x.y.z -> x.y.(z+1))",
    }
}

/// `{ old, new, breaking, non_breaking, bump, changes: [{ kind, breaking, bump, location, message, action }] }`
/// (`bump`: `major`, `minor`, `patch`, or `null` without changes).
pub fn render_json(report: &Report, old: &str, new: &str) -> String {
    let (breaking, other) = report.counts();
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind.code(),
                "breaking": c.breaking,
                "bump": c.bump().code(),
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
        "bump": report.bump().map(Bump::code),
        "changes": changes,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_owned())
}
