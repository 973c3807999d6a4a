//! Permission tables (`Permission | API | Action`) attached to operations by method and path.
//!
//! Any table of the tree with an `API` column and an `Action` column is a permission table.
//! Its API cell reads `METHOD /path`; paths are compared with parameter names ignored
//! (`{vpc_id}` = `{id}`), without case, without a trailing `/` and without a query. A row
//! whose method and path fit several operations (associating and disassociating a route
//! table) goes to the operation whose title shares the most words with the row's
//! Permission cell. The Action cell may list several actions. The access level comes from
//! an `Access Level` column when the table has one; otherwise it is derived from the
//! action's verb (the part after the last `:`): `list…` → `List`, `get…`/`show…` →
//! `Read`, an action on tags (`…Tags:…`, `…tag…`) → `Tagging`, anything else → `Write`.
//! The derived levels are counted in the summary.

use serde_yaml::{Mapping, Sequence, Value};

use super::doc::Table;
use super::doc::clean_inline;
use super::model::PageModel;
use super::uri::parse_uri;
use crate::import::warning::{Warning, Warnings};

/// One permission row: where it is, what it grants, and for which request.
#[derive(Debug, Clone)]
pub(crate) struct PermissionRow {
    /// File of the table.
    pub file: String,
    /// Line of the row.
    pub line: usize,
    /// The Permission cell (what the row is about), for telling operations apart.
    pub title: String,
    /// Method.
    pub method: String,
    /// Normalized path.
    pub path: String,
    /// IAM actions.
    pub actions: Vec<String>,
    /// The Access Level cell, when the table has that column.
    pub access_level: Option<String>,
    /// Resource types, condition keys, aliases and dependencies (a page's own table lists
    /// them; the tree's permission tables do not).
    pub lists: [Vec<String>; 4],
}

/// A path for comparing: parameter names dropped, lower case, no trailing `/`.
pub(crate) fn normalize(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c.to_ascii_lowercase()),
        }
    }
    out.trim_end_matches('/').to_owned()
}

/// The permission rows of a table (none when it is no permission table).
pub(crate) fn rows(file: &str, table: &Table) -> Vec<PermissionRow> {
    let (Some(api), Some(action)) = (table.column(&["api"]), table.column(&["action"])) else {
        return Vec::new();
    };
    let title = table.column(&["permission"]);
    let level = table.column(&["access level"]);
    let mut out = Vec::new();
    for row in &table.rows {
        let api_text = clean_inline(table.cell(row, Some(api)));
        let Some(uri) = parse_uri(&api_text, row.line) else {
            continue;
        };
        let actions: Vec<String> = table
            .cell(row, Some(action))
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map(|a| clean_inline(a).trim_matches(['-', ' ']).to_owned())
            .filter(|a| a.split(':').count() == 3)
            .collect();
        if actions.is_empty() {
            continue;
        }
        out.push(PermissionRow {
            file: file.to_owned(),
            line: row.line,
            title: clean_inline(table.cell(row, title)),
            method: uri.method,
            path: normalize(&uri.path),
            actions,
            access_level: level
                .map(|l| clean_inline(table.cell(row, Some(l))))
                .filter(|l| !l.is_empty()),
            lists: Default::default(),
        });
    }
    out
}

/// The access level of an action when the docs give none.
pub(crate) fn derived_level(action: &str) -> &'static str {
    let verb = action.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
    let resource = action.split(':').nth(1).unwrap_or("").to_ascii_lowercase();
    if verb.starts_with("list") {
        "List"
    } else if verb.starts_with("get") || verb.starts_with("show") {
        "Read"
    } else if resource.contains("tag") || verb.contains("tag") {
        "Tagging"
    } else {
        "Write"
    }
}

/// Whether two normalised paths are one resource written two ways: the same segments but
/// one, which is a literal in both.
pub(crate) fn alias(a: &str, b: &str) -> bool {
    let (x, y): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    x.len() == y.len()
        && x.iter()
            .zip(&y)
            .filter(|(p, q)| p != q)
            .map(|(p, q)| !p.starts_with('{') && !q.starts_with('{'))
            .collect::<Vec<_>>()
            == [true]
}

/// Of the pages whose path is an alias of the row's, those its Permission cell names best
/// (at least two title words in common).
pub(crate) fn choose_alias(row: &PermissionRow, candidates: &[(usize, &str)]) -> Vec<usize> {
    best_titles(row, candidates, 2)
}

/// The candidates whose titles share the most words (and at least `min`) with the row's
/// Permission cell.
fn best_titles(row: &PermissionRow, candidates: &[(usize, &str)], min: usize) -> Vec<usize> {
    let want = words(&row.title);
    let scores: Vec<usize> = candidates
        .iter()
        .map(|(_, t)| words(t).intersection(&want).count())
        .collect();
    let best = scores.iter().copied().max().unwrap_or(0);
    if best < min {
        return Vec::new();
    }
    candidates
        .iter()
        .zip(&scores)
        .filter(|(_, s)| **s == best)
        .map(|((i, _), _)| *i)
        .collect()
}

/// Words of a title for comparing (lower case, no short words).
fn words(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(|w| w.to_ascii_lowercase())
        .collect()
}

/// Which of `candidates` (index, title) a row belongs to: all of them when there is one,
/// else those sharing the most words with the row's title.
pub(crate) fn choose(row: &PermissionRow, candidates: &[(usize, &str)]) -> Vec<usize> {
    if candidates.len() <= 1 || row.title.is_empty() {
        return candidates.iter().map(|(i, _)| *i).collect();
    }
    best_titles(row, candidates, 0)
}

/// What attaching did, for the summary.
#[derive(Debug, Default)]
pub(crate) struct Attached {
    /// Permission rows attached.
    pub permissions: usize,
    /// Access levels derived from action names.
    pub derived_levels: usize,
    /// Operations with at least one permission.
    pub operations: usize,
}

/// Attaches every permission row (and each page's own permission table) to its operations
/// by method and path, the same resource under another path when none has it.
pub(crate) fn attach(
    ops: &mut [(String, Mapping, &PageModel)],
    rows: &[PermissionRow],
    warnings: &mut Warnings,
) -> Attached {
    let mut summary = Attached::default();
    let keys: Vec<(String, String)> = ops
        .iter()
        .map(|(_, op, _)| {
            let get = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
            (get("method"), normalize(&get("path")))
        })
        .collect();
    // A page's own permission table (the text form's Authorization Information).
    for (_, op, page) in ops.iter_mut() {
        for permission in &page.permissions {
            let row = PermissionRow {
                file: page.file.clone(),
                line: 0,
                title: String::new(),
                method: String::new(),
                path: String::new(),
                actions: vec![permission.action.clone()],
                access_level: permission.level.clone(),
                lists: permission.lists.clone(),
            };
            add_permission(op, &row, &mut summary);
        }
    }
    for row in rows {
        let candidates: Vec<(usize, &str)> = keys
            .iter()
            .enumerate()
            .filter(|(_, (m, p))| *m == row.method && *p == row.path)
            .map(|(i, _)| (i, ops[i].2.title.as_str()))
            .collect();
        let chosen = if candidates.is_empty() {
            // The same resource written under another path on the pages.
            let aliases: Vec<(usize, &str)> = keys
                .iter()
                .enumerate()
                .filter(|(_, (m, p))| *m == row.method && alias(p, &row.path))
                .map(|(i, _)| (i, ops[i].2.title.as_str()))
                .collect();
            choose_alias(row, &aliases)
        } else {
            choose(row, &candidates)
        };
        if chosen.is_empty() {
            warnings.push(Warning::new(
                &row.file,
                row.line,
                format!(
                    "no operation page has `{} {}`: this permission row is not attached",
                    row.method, row.path
                ),
            ));
            continue;
        }
        for i in chosen {
            add_permission(&mut ops[i].1, row, &mut summary);
        }
    }
    summary.operations = ops
        .iter()
        .filter(|(_, op, _)| op.contains_key("permissions"))
        .count();
    summary
}

/// Adds the row's actions to an operation's `permissions` (each action once).
fn add_permission(op: &mut Mapping, row: &PermissionRow, summary: &mut Attached) {
    let list = op
        .entry("permissions".into())
        .or_insert_with(|| Value::Sequence(Sequence::new()));
    let Value::Sequence(list) = list else { return };
    for action in &row.actions {
        if list
            .iter()
            .any(|p| p.get("action").and_then(Value::as_str) == Some(action))
        {
            continue;
        }
        let level = match &row.access_level {
            Some(l) => l.clone(),
            None => {
                summary.derived_levels += 1;
                derived_level(action).to_owned()
            }
        };
        let mut p = Mapping::new();
        p.insert("action".into(), action.as_str().into());
        p.insert("access_level".into(), level.into());
        let keys = [
            "resource_types",
            "condition_keys",
            "aliases",
            "dependencies",
        ];
        for (key, items) in keys.into_iter().zip(&row.lists) {
            let items = items.iter().map(|i| Value::from(i.as_str())).collect();
            p.insert(key.into(), Value::Sequence(items));
        }
        list.push(Value::Mapping(p));
        summary.permissions += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::alias;

    #[test]
    fn one_resource_under_two_names_is_an_alias() {
        assert!(alias(
            "/v2/{}/cloudvolumes/{}",
            "/v2/{}/os-vendor-volumes/{}"
        ));
        assert!(!alias("/v2/{}/cloudvolumes/{}", "/v2/{}/cloudvolumes/{}"));
        assert!(!alias(
            "/v2/{}/volumes/{}/tags",
            "/v2/{}/snapshots/{}/metadata"
        ));
        assert!(!alias("/v2/{}/volumes", "/v2/{}/volumes/{}"));
    }
}
