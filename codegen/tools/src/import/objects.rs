//! Field tables (Parameter / [Mandatory] / Type / Description) to object schemas, following
//! `Name object` types to the page's table called `Name`, and `Object` types to the
//! documented example.

use serde_yaml::{Mapping, Value};

use super::PageCx;
use super::fragment::{ImportedSchema, SchemaOrigin, SpecType};
use super::infer::{child_name, infer};
use super::table::{Cell, Table};
use super::text::{DocText, doc_text, yes_no};
use super::types::{PageType, parse_type};
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::parse::document::{Entries, Property, Schema, Typed, mapping};

/// The name a page gives the rows of a top-level JSON array (`[items]`).
pub(crate) const ITEMS_ROW: &str = "[items]";

/// One row of a field table, read.
#[derive(Debug, Clone)]
pub(crate) struct FieldRow<'a> {
    /// The field or parameter name.
    pub name: String,
    /// Its cell, for messages.
    pub name_cell: Cell<'a>,
    /// The Mandatory column, when the table has one.
    pub required: Option<bool>,
    /// The Type column.
    pub ty: PageType,
    /// Its cell, for messages.
    pub type_cell: Cell<'a>,
    /// The Description column.
    pub doc: DocText,
}

/// Reads the rows of a field table. Rows that cannot be read are reported and skipped.
pub(crate) fn field_rows<'a>(
    cx: &mut PageCx<'_>,
    table: &Table<'a>,
    path: &KeyPath,
) -> Vec<FieldRow<'a>> {
    let name_col = table.column(&["parameter", "name", "field"]);
    let type_col = table.column(&["type"]);
    let (Some(name_col), Some(type_col)) = (name_col, type_col) else {
        cx.diags.push(
            Diagnostic::error(
                "page-table",
                path,
                format!(
                    "a parameter table needs `Parameter` and `Type` columns; this one has {}",
                    quoted(&table.header)
                ),
            )
            .at(table.start.start()),
        );
        return Vec::new();
    };
    let mandatory_col = table.column(&["mandatory", "required"]);
    let doc_col = table.column(&["description"]);
    for (i, h) in table.header.iter().enumerate() {
        if ![Some(name_col), Some(type_col), mandatory_col, doc_col].contains(&Some(i)) {
            cx.diags.push(
                Diagnostic::warning(
                    "page-ignored-column",
                    path,
                    format!("the column `{h}` is not read"),
                )
                .at(table.start.start())
                .with_help("the importer reads Parameter, Mandatory, Type and Description"),
            );
        }
    }
    let mut rows: Vec<FieldRow<'a>> = Vec::new();
    for row in &table.rows {
        let name_cell = row.cells[name_col].clone();
        let name = name_cell.text.clone();
        let row_path = path.key(name.as_str());
        if name.is_empty() || name.contains(char::is_whitespace) {
            cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &row_path,
                    format!("`{}` is not a parameter name", name.replace('\n', " ")),
                )
                .at(name_cell.line.start()),
            );
            continue;
        }
        if let Some(first) = rows.iter().find(|r| r.name == name) {
            cx.diags.push(
                Diagnostic::error(
                    "page-table",
                    &row_path,
                    format!("`{name}` is listed twice in this table"),
                )
                .at(name_cell.line.start())
                .with_help(format!(
                    "the first row is on line {}",
                    first.name_cell.line.number
                )),
            );
            continue;
        }
        let required = match mandatory_col {
            None => None,
            Some(c) => match yes_no(&row.cells[c].text) {
                Some(b) => Some(b),
                None => {
                    cx.diags.push(
                        Diagnostic::error(
                            "page-mandatory",
                            &row_path.key("Mandatory"),
                            format!("`{}` is not Yes or No", row.cells[c].text),
                        )
                        .at(row.cells[c].line.start()),
                    );
                    continue;
                }
            },
        };
        let type_cell = row.cells[type_col].clone();
        let ty = match parse_type(&type_cell.text) {
            Ok(t) => t,
            Err(message) => {
                cx.diags.push(
                    Diagnostic::error("page-type", &row_path.key("Type"), message)
                        .at(type_cell.line.start()),
                );
                continue;
            }
        };
        let doc = doc_col
            .map(|c| doc_text(&row.cells[c].text))
            .unwrap_or_default();
        rows.push(FieldRow {
            name,
            name_cell,
            required,
            ty,
            type_cell,
            doc,
        });
    }
    rows
}

fn quoted(header: &[String]) -> String {
    let cols: Vec<String> = header.iter().map(|h| format!("`{h}`")).collect();
    if cols.is_empty() {
        "no columns".to_owned()
    } else {
        cols.join(", ")
    }
}

/// Where a field sits in the example's JSON, from its table key path: the field names
/// after the section and status (`Response Parameters.200.result` → `result`).
fn json_path(path: &KeyPath) -> String {
    let keys: Vec<String> = path
        .segments()
        .iter()
        .filter_map(|s| match s {
            crate::diagnostics::Segment::Key(k) => Some(k.clone()),
            crate::diagnostics::Segment::Index(_) => None,
        })
        .filter(|k| k.parse::<u16>().is_err() && k != "body" && !k.contains(' '))
        .collect();
    if keys.is_empty() {
        "(body)".to_owned()
    } else {
        keys.join(".")
    }
}

/// Tables a page names after the schema they describe (`Table 5 RepositoryBuildVO`).
#[derive(Debug, Default)]
pub(crate) struct NamedTables<'t, 'a> {
    /// Preferred tables first (those of the same status code), then the others.
    pub tables: Vec<&'t Table<'a>>,
}

impl<'t, 'a> NamedTables<'t, 'a> {
    fn find(&self, name: &str) -> Option<&'t Table<'a>> {
        self.tables
            .iter()
            .copied()
            .find(|t| t.title() == Some(name))
    }
}

/// Builds object schemas from tables, following references.
pub(crate) struct Objects<'n, 't, 'a> {
    /// Tables that describe named schemas.
    pub named: &'n NamedTables<'t, 'a>,
}

impl Objects<'_, '_, '_> {
    /// Builds the schema of `table` under `name` (a free variant of it when `origin` is
    /// [`SchemaOrigin::Rule`]) and returns the name used.
    pub fn table_schema(
        &self,
        cx: &mut PageCx<'_>,
        table: &Table<'_>,
        name: &str,
        origin: SchemaOrigin,
        samples: &[&Value],
        path: &KeyPath,
    ) -> String {
        let final_name = match origin {
            SchemaOrigin::Page => name.to_owned(),
            SchemaOrigin::Rule => cx.schemas.free_name(name),
        };
        let slot = cx.schemas.reserve(ImportedSchema {
            name: final_name.clone(),
            value: Mapping::new(),
            origin,
            states_required: table.column(&["mandatory", "required"]).is_some(),
        });
        let rows = field_rows(cx, table, path);
        let mut properties = Entries::default();
        for row in &rows {
            if row.name == ITEMS_ROW {
                cx.diags.push(
                    Diagnostic::error(
                        "page-table",
                        &path.key(ITEMS_ROW),
                        "`[items]` describes a whole list and must be the only row of its table",
                    )
                    .at(row.name_cell.line.start()),
                );
                continue;
            }
            let values: Vec<&Value> = samples
                .iter()
                .filter_map(|s| s.as_mapping()?.get(row.name.as_str()))
                .collect();
            let infer_name = child_name(&final_name, &row.name);
            let row_path = path.key(row.name.as_str());
            // Lenient, a field whose type cannot be told (reported) is free-form JSON.
            let ty =
                match self.resolve(cx, &row.ty, &row.type_cell, &infer_name, &values, &row_path) {
                    Some(ty) => ty,
                    None if cx.lenient => SpecType::Builtin("any"),
                    None => continue,
                };
            let property = Property {
                required: (row.required == Some(true)).then_some(true),
                description: row.doc.description.clone(),
                range: row.doc.range.clone(),
                ..Property::default()
            };
            properties.insert(row.name.as_str(), property.with_type(ty.typed()));
        }
        cx.schemas.list[slot].value = mapping(&Schema {
            ty: Some("object".to_owned()),
            properties: Some(properties),
            ..Schema::default()
        });
        final_name
    }

    /// Resolves a page type to a spec type. `Object` and `Name object` without a table are
    /// typed from `samples`, the example values at this place; `infer_name` names what is
    /// inferred.
    pub fn resolve(
        &self,
        cx: &mut PageCx<'_>,
        ty: &PageType,
        cell: &Cell<'_>,
        infer_name: &str,
        samples: &[&Value],
        path: &KeyPath,
    ) -> Option<SpecType> {
        match ty {
            PageType::Builtin(b) => Some(SpecType::Builtin(b)),
            PageType::Array(inner) => {
                let items: Vec<&Value> = samples
                    .iter()
                    .filter_map(|s| s.as_sequence())
                    .flatten()
                    .collect();
                self.resolve(cx, inner, cell, infer_name, &items, path)
                    .map(|t| SpecType::Array(Box::new(t)))
            }
            PageType::Map(inner) => {
                let values: Vec<&Value> = samples
                    .iter()
                    .filter_map(|s| s.as_mapping())
                    .flat_map(|m| m.values())
                    .collect();
                self.resolve(cx, inner, cell, infer_name, &values, path)
                    .map(|t| SpecType::Map(Box::new(t)))
            }
            PageType::Named(name) => self.named(cx, name, cell, samples, path),
            PageType::Object => {
                if samples.is_empty() {
                    if cx.diags.iter().any(|d| d.code == "page-json") {
                        // The example that would have shown it is broken; that error says why.
                        return None;
                    }
                    cx.diags.push(
                        Diagnostic::error(
                            "page-untyped-object",
                            &path.key("Type"),
                            format!(
                                "`{}` is typed only as `{}` and no documented example shows it",
                                path.last_key().unwrap_or("this field"),
                                cell.text
                            ),
                        )
                        .at(cell.line.start())
                        .with_label("the importer cannot tell its fields")
                        .with_help("describe it in a table (`Name object` with a table called `Name`), or add it to the example"),
                    );
                    return None;
                }
                Some(self.infer_here(cx, samples, infer_name, cell, path))
            }
        }
    }

    fn infer_here(
        &self,
        cx: &mut PageCx<'_>,
        samples: &[&Value],
        name: &str,
        cell: &Cell<'_>,
        path: &KeyPath,
    ) -> SpecType {
        let mut notes = Vec::new();
        let at = json_path(path);
        let ty = infer(samples, name, &at, &mut cx.schemas, &mut notes);
        for note in notes {
            cx.diags.push(
                Diagnostic::warning("page-inferred-any", &path.key("Type"), note)
                    .at(cell.line.start())
                    .with_help("check the type in the spec; a table on the page would say it"),
            );
        }
        ty
    }

    fn named(
        &self,
        cx: &mut PageCx<'_>,
        name: &str,
        cell: &Cell<'_>,
        samples: &[&Value],
        path: &KeyPath,
    ) -> Option<SpecType> {
        if cx.schemas.has(name) {
            return Some(SpecType::Ref(name.to_owned()));
        }
        if let Some(table) = self.named.find(name) {
            let schema_path = KeyPath::root().key(name);
            self.table_schema(cx, table, name, SchemaOrigin::Page, samples, &schema_path);
            return Some(SpecType::Ref(name.to_owned()));
        }
        if samples.is_empty() {
            cx.diags.push(
                Diagnostic::error(
                    "page-missing-table",
                    &path.key("Type"),
                    format!("the page has no table describing `{name}`, and no example shows it"),
                )
                .at(cell.line.start())
                .with_help(format!("add a table captioned `{name}` with its fields")),
            );
            return None;
        }
        cx.diags.push(
            Diagnostic::warning(
                "page-missing-table",
                &path.key("Type"),
                format!("the page has no table describing `{name}`: its fields are typed from the example"),
            )
            .at(cell.line.start()),
        );
        let ty = self.infer_here(cx, samples, name, cell, path);
        if let Some(s) = cx.schemas.list.iter_mut().find(|s| s.name == name) {
            s.origin = SchemaOrigin::Page;
        }
        Some(ty)
    }
}
