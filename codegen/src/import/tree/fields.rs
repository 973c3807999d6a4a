//! Field tables to spec types and schemas.
//!
//! The Type column is read without case and without length suffixes (`String(64)`):
//! `String` → `string`; `Integer`/`Int` → `int32`; `Long` → `int64`; `Number`/`Float`/
//! `Double` → `double`; `Boolean` → `boolean`; `Array of X`, `Array<X>`, `List<X>`, `List
//! (X)`, `Array(X)` → `array` of X; `X object`, `Object`, `Dict` → an object. An object's
//! fields are the table its `:ref:` points to (in the Type cell, else the Description
//! cell), else a table of the page whose caption names the field; an object with no table
//! is free-form (`any`), with a warning. Any other type is `any`, with a warning.
//!
//! A nested object becomes a schema named after its field in UpperCamelCase, singular for
//! array items (`routes` → `Route`); see [`super::schemas`] for how names are shared.

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

use super::grid::{Row, Table};
use super::model::PageModel;
use super::rst::{clean_inline, ref_labels};
use super::schemas::Registry;
use super::{Warning, Warnings};

/// What one operation's reading needs: the page, the schema registry, warnings, and the
/// operation id (to name schemas whose name is taken).
pub(crate) struct Cx<'p, 'r, 'w> {
    /// The page.
    pub page: &'p PageModel,
    /// Schemas of the whole tree.
    pub registry: &'r mut Registry,
    /// Warnings of the whole tree.
    pub warnings: &'w mut Warnings,
    /// The operation id.
    pub op: String,
    /// Labels of the tables being read (to stop at a table that contains itself).
    pub stack: Vec<String>,
    /// Whether the request body is being read (its objects' second-choice name ends in
    /// `Option`, as the SDKs name request objects).
    pub request: bool,
}

impl Cx<'_, '_, '_> {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings
            .push(Warning::new(&self.page.file, line, message));
    }
}

/// The columns of a field table.
pub(crate) struct Columns {
    name: Option<usize>,
    mandatory: Option<usize>,
    ty: Option<usize>,
    description: Option<usize>,
}

impl Columns {
    /// Finds the columns by their titles (a table without a header: name, type, description).
    pub fn of(table: &Table) -> Self {
        if table.header.is_empty() {
            return Columns {
                name: Some(0),
                mandatory: None,
                ty: Some(1).filter(|_| table.rows.first().is_some_and(|r| r.cells.len() > 2)),
                description: table.rows.first().map(|r| r.cells.len().saturating_sub(1)),
            };
        }
        Columns {
            name: table
                .column(&["parameter", "name", "field", "attribute", "key"])
                .or(Some(0)),
            mandatory: table.column(&["mandatory", "required"]),
            ty: table.column(&["type"]),
            description: table.column(&["description"]),
        }
    }
}

/// One row of a field table, read.
pub(crate) struct Field {
    /// Wire name.
    pub name: String,
    /// `Yes` in the Mandatory column.
    pub required: bool,
    /// The type cell, raw.
    pub ty: String,
    /// The description cell, raw.
    pub description: String,
    /// The row's line.
    pub line: usize,
}

/// The fields of a table; rows without a usable name are reported and skipped.
pub(crate) fn fields(cx: &mut Cx<'_, '_, '_>, table: &Table) -> Vec<Field> {
    let cols = Columns::of(table);
    let mut out = Vec::new();
    for row in &table.rows {
        let name = clean_inline(table.cell(row, cols.name));
        if name.is_empty() || name == "-" {
            continue;
        }
        if name.contains(char::is_whitespace) || name.len() > 80 {
            cx.warn(
                row.line,
                format!("`{}` is not a field name: row skipped", shorten(&name)),
            );
            continue;
        }
        out.push(read_field(table, row, &cols, name));
    }
    out
}

fn read_field(table: &Table, row: &Row, cols: &Columns, name: String) -> Field {
    let mandatory = clean_inline(table.cell(row, cols.mandatory)).to_ascii_lowercase();
    Field {
        name,
        required: mandatory.starts_with("yes") || mandatory == "true" || mandatory == "mandatory",
        ty: table.cell(row, cols.ty).replace('\n', " "),
        description: table.cell(row, cols.description).to_owned(),
        line: row.line,
    }
}

/// A description cell as spec text: inline markup removed, lines of a paragraph joined,
/// each bullet on its own line.
pub(crate) fn description(cell: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for line in cell.lines() {
        let t = clean_inline(line);
        if t.is_empty() {
            continue;
        }
        let bullet = t.starts_with("- ") || t.starts_with("* ") || t == "-";
        match out.last_mut() {
            Some(last) if !bullet => {
                last.push(' ');
                last.push_str(&t);
            }
            _ => out.push(t),
        }
    }
    let text = out.join("\n");
    // `Definition X Constraints Y Range Z` (the text form): the labelled parts, `N/A` dropped.
    let text = if text.starts_with("Definition") {
        let d = crate::import::text::doc_text(&text);
        match (d.description, d.range) {
            (Some(d), Some(r)) => format!("{d}\nRange: {r}"),
            (Some(d), None) => d,
            (None, Some(r)) => format!("Range: {r}"),
            (None, None) => String::new(),
        }
    } else {
        text
    };
    (!text.is_empty() && text != "-" && text != "N/A").then_some(text)
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

/// The singular of an English plural, for array item names (`routes` → `route`).
pub(crate) fn singular(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    if let Some(stem) = lower.strip_suffix("ies").filter(|s| s.len() > 1) {
        return format!("{}y", &word[..stem.len()]);
    }
    // `matches`, `switches`, `boxes`: the `es` is the plural's.
    if ["ches", "shes", "xes", "zzes"].iter().any(|e| lower.ends_with(e))
        && !lower.ends_with("caches")
    {
        return word[..word.len() - 2].to_owned();
    }
    for keep in ["ss", "us", "is", "ses"] {
        if lower.ends_with(keep) {
            return match keep {
                "ses" if lower.ends_with("sses") || lower.ends_with("uses") => {
                    word[..word.len() - 2].to_owned()
                }
                "ses" => word[..word.len() - 1].to_owned(),
                _ => word.to_owned(),
            };
        }
    }
    match lower.strip_suffix('s') {
        Some(_) if word.len() > 1 => word[..word.len() - 1].to_owned(),
        _ => word.to_owned(),
    }
}

/// The spec type of a field (`type:`/`ref:` and friends, as a mapping).
pub(crate) fn field_type(cx: &mut Cx<'_, '_, '_>, field: &Field) -> Mapping {
    let raw = field.ty.trim();
    let text = clean_inline(raw).to_ascii_lowercase();
    let text = strip_length(&text);
    if text.is_empty() {
        cx.warn(
            field.line,
            format!("`{}` has no type: imported as `string`", field.name),
        );
        return scalar("string");
    }
    if let Some(s) = scalar_name(text) {
        return scalar(s);
    }
    if let Some(inner) = array_inner(text) {
        let inner = inner.trim();
        let items = match scalar_name(strip_length(&singular(inner)).trim()) {
            Some(s) => scalar(s),
            None => object(cx, field, &singular(&field.name), true),
        };
        let mut m = Mapping::new();
        m.insert("type".into(), "array".into());
        m.insert("items".into(), Value::Mapping(items));
        return m;
    }
    if text.starts_with("map") {
        let mut m = Mapping::new();
        m.insert("type".into(), "map".into());
        m.insert("values".into(), Value::Mapping(scalar("string")));
        return m;
    }
    if text.contains("object") || text == "dict" || text == "json" || !ref_labels(raw).is_empty() {
        return object(cx, field, &field.name, false);
    }
    cx.warn(
        field.line,
        format!(
            "`{}` has the unknown type `{}`: imported as free-form JSON (`any`)",
            field.name,
            clean_inline(raw)
        ),
    );
    scalar("any")
}

fn strip_length(text: &str) -> &str {
    match text.find('(') {
        Some(p)
            if text[p..]
                .trim_end_matches(')')
                .trim_start_matches('(')
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',') =>
        {
            text[..p].trim()
        }
        _ => text,
    }
}

fn scalar_name(text: &str) -> Option<&'static str> {
    Some(match text {
        "string" | "str" | "char" | "uuid" | "date" | "datetime" | "timestamp" | "strings"
        | "enum" => "string",
        "integer" | "int" | "int32" | "integers" | "short" => "int32",
        "long" | "int64" | "bigint" => "int64",
        "number" | "float" | "double" | "decimal" | "bigdecimal" | "numbers" => "double",
        "boolean" | "bool" | "booleans" => "boolean",
        _ => return None,
    })
}

/// `X` of an array type, or `None`.
fn array_inner(text: &str) -> Option<&str> {
    for prefix in [
        "array of ",
        "list of ",
        "array<",
        "list<",
        "array(",
        "list (",
        "list(",
        "array (",
        "set<",
    ] {
        if let Some(rest) = text.strip_prefix(prefix) {
            return Some(rest.trim_end_matches(['>', ')']).trim());
        }
    }
    (text == "array" || text == "list").then_some("")
}

fn scalar(name: &str) -> Mapping {
    let mut m = Mapping::new();
    m.insert("type".into(), name.into());
    m
}

/// The object type of `field`: a `ref` to the schema made from its table, or `any`.
fn object(cx: &mut Cx<'_, '_, '_>, field: &Field, name: &str, item: bool) -> Mapping {
    let labels: Vec<String> = ref_labels(&field.ty)
        .into_iter()
        .chain(ref_labels(&field.description))
        .collect();
    let table = labels
        .iter()
        .find_map(|l| cx.page.labelled.get(l).map(|t| (l.clone(), t.clone())))
        .or_else(|| by_type_name(cx.page, &field.ty))
        .or_else(|| by_caption(cx.page, &field.name));
    let Some((label, table)) = table else {
        if !item || !field.ty.to_ascii_lowercase().contains("string") {
            cx.warn(
                field.line,
                format!("no table on the page describes the object `{}`: imported as free-form JSON (`any`)", field.name),
            );
        }
        return scalar("any");
    };
    if cx.stack.contains(&label) {
        cx.warn(
            field.line,
            format!(
                "the table of `{}` contains itself: imported as `any`",
                field.name
            ),
        );
        return scalar("any");
    }
    cx.stack.push(label);
    let schema = object_schema(cx, &table, false);
    cx.stack.pop();
    let candidate = name.to_upper_camel_case();
    let candidate = if candidate.is_empty() || candidate.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{}Item", cx.op)
    } else {
        candidate
    };
    let op = cx.op.clone();
    let name = cx.registry.intern(&candidate, cx.request, &op, schema);
    let mut m = Mapping::new();
    m.insert("ref".into(), name.into());
    m
}

/// The table named by an `X object` type (`MavenRepoUser object`, in the text form, where
/// tables are labelled by their caption).
fn by_type_name(page: &PageModel, ty: &str) -> Option<(String, Table)> {
    let t = clean_inline(ty).to_ascii_lowercase();
    let name = t.strip_prefix("array of ").unwrap_or(&t);
    let name = name
        .trim_end_matches(" objects")
        .trim_end_matches(" object")
        .trim();
    page.labelled
        .get(name)
        .map(|t| (name.to_owned(), t.clone()))
}

/// A table whose caption names the field (`Description of the **nat_gateway** field`),
/// when no `:ref:` points to one.
fn by_caption(page: &PageModel, field: &str) -> Option<(String, Table)> {
    let want = [
        field.to_ascii_lowercase(),
        singular(field).to_ascii_lowercase(),
    ];
    page.labelled.iter().find_map(|(label, t)| {
        let caption = t.caption.as_deref()?.to_ascii_lowercase();
        let words: Vec<&str> = caption
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .collect();
        want.iter()
            .any(|w| words.contains(&w.as_str()))
            .then(|| (label.clone(), t.clone()))
    })
}

/// An object schema from a field table. `root` schemas keep `required` from the
/// Mandatory column as nested ones do.
pub(crate) fn object_schema(cx: &mut Cx<'_, '_, '_>, table: &Table, _root: bool) -> Mapping {
    let mut props = Mapping::new();
    for field in fields(cx, table) {
        if props.contains_key(field.name.as_str()) {
            cx.warn(
                field.line,
                format!(
                    "`{}` is listed twice in this table: the first row is kept",
                    field.name
                ),
            );
            continue;
        }
        let mut m = field_type(cx, &field);
        if field.required {
            m.insert("required".into(), true.into());
        }
        if let Some(d) = description(&field.description) {
            m.insert("description".into(), d.into());
        }
        props.insert(field.name.as_str().into(), Value::Mapping(m));
    }
    let mut schema = Mapping::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Mapping(props));
    schema
}
