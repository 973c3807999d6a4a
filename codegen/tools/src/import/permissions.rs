//! The Authorization Information table: one permission row per table row.

use serde_yaml::{Sequence, Value};

use super::PageCx;
use super::fragment::mapping;
use super::page::Section;
use super::table::{Block, Table, blocks};
use super::text::list;
use crate::diagnostics::Diagnostic;
use crate::model::AccessLevel;
use crate::validate::is_action;

/// Columns of the table, by the start of their titles (no case).
const ACTION: &[&str] = &["action"];
const ACCESS_LEVEL: &[&str] = &["access level"];
const RESOURCE_TYPES: &[&str] = &["resource type"];
const CONDITION_KEYS: &[&str] = &["condition key"];
const ALIASES: &[&str] = &["alias"];
const DEPENDENCIES: &[&str] = &["dependenc"];

/// Reads the section into `permissions` entries. The boilerplate text around the table is
/// not data and is skipped without a warning.
pub(crate) fn permissions(cx: &mut PageCx<'_>, section: &Section<'_>) -> Sequence {
    let mut out = Sequence::new();
    for block in blocks(section.kind, &section.lines, &mut cx.diags) {
        if let Block::Table(table) = block {
            read_table(cx, &table, &mut out);
        }
    }
    out
}

fn read_table(cx: &mut PageCx<'_>, table: &Table<'_>, out: &mut Sequence) {
    let path = super::page::SectionKind::Authorization.path();
    let (Some(action_col), Some(level_col)) = (table.column(ACTION), table.column(ACCESS_LEVEL))
    else {
        cx.diags.push(
            Diagnostic::error(
                "page-table",
                &path,
                "the authorization table needs `Action` and `Access Level` columns",
            )
            .at(table.start.start()),
        );
        return;
    };
    let lists = [
        ("resource_types", table.column(RESOURCE_TYPES)),
        ("condition_keys", table.column(CONDITION_KEYS)),
        ("aliases", table.column(ALIASES)),
        ("dependencies", table.column(DEPENDENCIES)),
    ];
    for (i, h) in table.header.iter().enumerate() {
        let known = i == action_col || i == level_col || lists.iter().any(|(_, c)| *c == Some(i));
        if !known {
            cx.diags.push(
                Diagnostic::warning(
                    "page-ignored-column",
                    &path,
                    format!("the column `{h}` is not read"),
                )
                .at(table.start.start()),
            );
        }
    }
    for (n, row) in table.rows.iter().enumerate() {
        let row_path = path.index(n);
        let action = &row.cells[action_col];
        let mut ok = true;
        if !is_action(&action.text) {
            cx.diags.push(
                Diagnostic::error(
                    "page-permission",
                    &row_path.key("Action"),
                    format!(
                        "`{}` is not an IAM action of the form `service:resource:action`",
                        action.text
                    ),
                )
                .at(action.line.start()),
            );
            ok = false;
        }
        let level_cell = &row.cells[level_col];
        let wanted = level_cell.text.trim().to_ascii_lowercase();
        let level = AccessLevel::ALL
            .iter()
            .find(|level| level.as_str().to_ascii_lowercase() == wanted)
            .map(|level| level.as_str());
        if level.is_none() {
            let names: Vec<&str> = AccessLevel::ALL.iter().map(|l| l.as_str()).collect();
            cx.diags.push(
                Diagnostic::error(
                    "page-permission",
                    &row_path.key("Access Level"),
                    format!("`{}` is not an IAM access level", level_cell.text),
                )
                .at(level_cell.line.start())
                .with_help(format!("access levels are {}", names.join(", "))),
            );
            ok = false;
        }
        let mut values = Vec::new();
        for (key, col) in lists {
            let items = col.map(|c| list(&row.cells[c].text)).unwrap_or_default();
            if key == "dependencies" {
                for d in items.iter().filter(|d| !is_action(d)) {
                    let cell = &row.cells[col.unwrap_or(action_col)];
                    cx.diags.push(
                        Diagnostic::error(
                            "page-permission",
                            &row_path.key("Dependencies"),
                            format!("the dependency `{d}` is not an IAM action"),
                        )
                        .at(cell.line.start()),
                    );
                    ok = false;
                }
            }
            values.push((
                key,
                Value::Sequence(items.into_iter().map(Value::from).collect()),
            ));
        }
        if !ok {
            continue;
        }
        let mut entry = mapping([
            ("action", action.text.as_str().into()),
            ("access_level", level.unwrap_or_default().into()),
        ]);
        for (key, value) in values {
            entry.insert(key.into(), value);
        }
        out.push(Value::Mapping(entry));
    }
}
