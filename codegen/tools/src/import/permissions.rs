//! The Authorization Information table: one permission row per table row.

use super::PageCx;
use super::page::Section;
use super::table::{Block, Table, blocks};
use super::text::list;
use crate::diagnostics::Diagnostic;
use crate::model::AccessLevel;
use crate::parse::document::{Permission, ResourceType};
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
pub(crate) fn permissions(cx: &mut PageCx<'_>, section: &Section<'_>) -> Vec<Permission> {
    let mut out = Vec::new();
    for block in blocks(section.kind, &section.lines, &mut cx.diags) {
        if let Block::Table(table) = block {
            read_table(cx, &table, &mut out);
        }
    }
    out
}

fn read_table(cx: &mut PageCx<'_>, table: &Table<'_>, out: &mut Vec<Permission>) {
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
        table.column(RESOURCE_TYPES),
        table.column(CONDITION_KEYS),
        table.column(ALIASES),
        table.column(DEPENDENCIES),
    ];
    for (i, h) in table.header.iter().enumerate() {
        let known = i == action_col || i == level_col || lists.contains(&Some(i));
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
        let [resource_types, condition_keys, aliases, dependencies] =
            lists.map(|col| col.map(|c| list(&row.cells[c].text)).unwrap_or_default());
        for d in dependencies.iter().filter(|d| !is_action(d)) {
            let cell = &row.cells[lists[3].unwrap_or(action_col)];
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
        if !ok {
            continue;
        }
        out.push(Permission {
            action: Some(action.text.clone()),
            access_level: Some(level.unwrap_or_default().to_owned()),
            resource_types: Some(resource_types.into_iter().map(ResourceType::Text).collect()),
            condition_keys: Some(condition_keys),
            aliases: Some(aliases),
            dependencies: Some(dependencies),
        });
    }
}
