//! Field tables to spec types and schemas.
//!
//! The Type column is read without case and without length suffixes (`String(64)`):
//! `String` → `string`; `Integer`/`Int` → `int32`; `Long` → `int64`; `Number`/`Float`/
//! `Double` → `double`; `Boolean` → `boolean`; `Array of X`, `Array<X>`, `List<X>`, `List
//! (X)`, `Array(X)` → `array` of X; `X object`, `Object`, `Dict`, or a name a table is
//! captioned with (`restore_req`) → an object; `Map<String,X>` → a map of X. An object's
//! fields are the table its `:ref:` points to (in the Type or Description cell; on the
//! page, else anywhere in the tree), else the page's table captioned with a `Table N` the
//! cells cite, else the page's field table whose caption (or the line just above it, as in
//! `-  Parameter description of field **restore_req**`) names the type or the field, else
//! an appendix section named after the type. A table whose one row is a placeholder key
//! (`key`, `{key}`, `key_val`) describes a map. An object with no table is free-form
//! (`any`), with a warning; so is any other type.
//!
//! A nested object becomes a schema named after its field in UpperCamelCase, singular for
//! array items (`routes` → `Route`); see [`super::schemas`] for how names are shared.

use heck::ToUpperCamelCase;
use serde_yaml::{Mapping, Value};

use super::doc::{Row, Table, clean_inline, mandatory, ref_labels};
use super::from_examples::{Examples, item_name};
use super::model::PageModel;
use super::schemas::Registry;
use super::tables::{TreeTables, words};
use super::text_page::shorten;
use super::verbs::singular;
use crate::import::warning::{Warning, Warnings};

/// What one operation's reading needs: the page, the schema registry, warnings, and the
/// operation id (to name schemas whose name is taken).
pub(crate) struct Cx<'p, 'r, 'w> {
    /// The page.
    pub page: &'p PageModel,
    /// The field tables of the whole tree (for objects documented on another page).
    pub tree: &'p TreeTables,
    /// Schemas of the whole tree.
    pub registry: &'r mut Registry,
    /// Warnings of the whole tree.
    pub warnings: &'w mut Warnings,
    /// The operation id.
    pub op: String,
    /// The tables being read, as `file:line` (to stop at a table that contains itself).
    pub stack: Vec<String>,
    /// Whether the request body is being read (its objects' second-choice name ends in
    /// `Option`, as the SDKs name request objects).
    pub request: bool,
    /// The body being read and the place in it (objects no table describes are typed
    /// from its examples).
    pub examples: Examples,
}

impl Cx<'_, '_, '_> {
    /// Text skipped, or a guess, at `line`.
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings
            .push(Warning::new(&self.page.file, line, message));
    }

    /// Text that could not be read at `line` (an error when strict).
    fn unreadable(&mut self, line: usize, message: impl Into<String>) {
        self.warnings
            .push(Warning::unreadable(&self.page.file, line, message));
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
            cx.unreadable(
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
    Field {
        name,
        required: mandatory(table.cell(row, cols.mandatory)) == Some(true),
        ty: table.cell(row, cols.ty).replace('\n', " "),
        description: table.cell(row, cols.description).to_owned(),
        line: row.line,
    }
}

/// A description cell as spec text: inline markup removed, lines of a paragraph joined,
/// each bullet on its own line; and the values it says the field takes. A cell `Definition
/// X Constraints Y Range Z Default Value W` (the text form) gives the description `X`
/// with the constraints and default on their own lines, and the range `Z`; `N/A` parts
/// are dropped.
pub(crate) fn description(cell: &str) -> (Option<String>, Option<String>) {
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
    let (text, range) = if text.starts_with("Definition") {
        let d = super::cell_text::doc_text(&text);
        (d.description.unwrap_or_default(), d.range)
    } else {
        (text, None)
    };
    let text = (!text.is_empty() && text != "-" && text != "N/A").then_some(text);
    (text, range)
}

/// `description` and `range` (when there are any) added to a field's mapping.
pub(crate) fn describe(m: &mut Mapping, cell: &str) {
    let (description, range) = description(cell);
    if let Some(d) = description {
        m.insert("description".into(), d.into());
    }
    if let Some(r) = range {
        m.insert("range".into(), r.into());
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
            None => object(cx, field, &item_name(&field.name), true),
        };
        let mut m = Mapping::new();
        m.insert("type".into(), "array".into());
        m.insert("items".into(), Value::Mapping(items));
        return m;
    }
    if text.starts_with("map") {
        return map_of(map_values(text));
    }
    if text.contains("object") || text == "dict" || text == "json" || !ref_labels(raw).is_empty() {
        return object(cx, field, &field.name, false);
    }
    // A type named after a table (`restore_req`, `ServerDetail`): that table's object.
    if object_table(cx, field, false).is_some() {
        return object(cx, field, &field.name, false);
    }
    cx.unreadable(
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

/// The value type of `Map<String,X>` (`X` a scalar, or an array or map of one), else
/// `string`.
fn map_values(text: &str) -> Mapping {
    let inner = text
        .split_once(['<', '('])
        .map(|(_, r)| r.trim_end_matches(['>', ')']))
        .and_then(|r| r.split_once(',').map(|(_, v)| v.trim()))
        .unwrap_or("string");
    if let Some(s) = scalar_name(strip_length(inner)) {
        return scalar(s);
    }
    if let Some(items) = array_inner(inner)
        && let Some(s) = scalar_name(strip_length(&singular(items.trim())))
    {
        let mut m = Mapping::new();
        m.insert("type".into(), "array".into());
        m.insert("items".into(), Value::Mapping(scalar(s)));
        return m;
    }
    if inner.starts_with("map") {
        return map_of(map_values(inner));
    }
    scalar("string")
}

fn map_of(values: Mapping) -> Mapping {
    let mut m = Mapping::new();
    m.insert("type".into(), "map".into());
    m.insert("values".into(), Value::Mapping(values));
    m
}

/// Words of a type cell that are not type words: the names it gives an object
/// (`Array of ServerDetail objects` → `ServerDetail`, `restore_req` → `restore_req`).
fn type_names(ty: &str) -> Vec<String> {
    const NOT_NAMES: &[&str] = &[
        "array",
        "list",
        "of",
        "object",
        "objects",
        "string",
        "strings",
        "integer",
        "json",
        "map",
        "dict",
        "boolean",
        "long",
        "float",
        "double",
        "number",
        "none",
        "the",
        "and",
        "int",
        "bool",
        "str",
        "data",
        "structure",
        "type",
        "see",
        "table",
        "for",
        "details",
        "set",
        "an",
        "a",
        "in",
        "is",
    ];
    words(&clean_inline(ty))
        .into_iter()
        .filter(|w| !NOT_NAMES.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

/// Names too generic to find a table by (a caption naming `request` or `value` names no
/// particular object).
pub(crate) const GENERIC: &[&str] = &[
    "request",
    "response",
    "responses",
    "requests",
    "parameter",
    "parameters",
    "body",
    "uri",
    "header",
    "headers",
    "query",
    "table",
    "field",
    "fields",
    "description",
    "type",
    "value",
    "object",
    "path",
];

/// `Table N` numbers a cell cites in plain text.
fn table_numbers(text: &str) -> Vec<String> {
    let text = clean_inline(text);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(p) = rest.find("Table") {
        let digits: String = rest[p + 5..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            out.push(digits);
        }
        rest = &rest[p + 5..];
    }
    out
}

/// The number of a `Table N` caption.
fn caption_number(table: &Table) -> Option<String> {
    let c = table.caption.as_deref()?;
    let rest = c.trim_start().strip_prefix("Table")?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then_some(digits)
}

fn key(table: &Table) -> String {
    format!("{}:{}", table.file, table.line)
}

/// The table that describes the object `field`, in this order: the table a `:ref:` in its
/// Type or Description cell points to (on the page, then anywhere in the tree); the page's
/// table captioned with a `Table N` the cells cite; the page's field table whose caption
/// (or the line just above it) names the object's type (`restore_req`, `ServerDetail`) or
/// the field itself; the tree's section named after the type. Without `outside`, a table
/// being read (one that holds the field) is a candidate too.
fn object_table(cx: &Cx<'_, '_, '_>, field: &Field, outside: bool) -> Option<Table> {
    let labels: Vec<String> = ref_labels(&field.ty)
        .into_iter()
        .chain(ref_labels(&field.description))
        .collect();
    // With `outside`, only tables not being read (the field's own tables are not its type).
    let free = |t: &Table| !outside || !cx.stack.contains(&key(t));
    if let Some(t) = labels
        .iter()
        .find_map(|l| cx.page.labelled.get(l).filter(|t| free(t)))
        .or_else(|| {
            labels.iter().find_map(|l| {
                cx.tree
                    .by_label(l, &cx.page.file)
                    .filter(|t| t.is_field_table() && free(t))
            })
        })
    {
        return Some(t.clone());
    }
    let cited: Vec<String> = table_numbers(&field.ty)
        .into_iter()
        .chain(table_numbers(&field.description))
        .collect();
    if let Some(t) = cx.page.tables.iter().find(|t| {
        t.is_field_table() && free(t) && caption_number(t).is_some_and(|n| cited.contains(&n))
    }) {
        return Some(t.clone());
    }
    let types = type_names(&field.ty);
    let names: Vec<String> = types
        .iter()
        .cloned()
        .chain([
            field.name.to_lowercase(),
            singular(&field.name).to_lowercase(),
        ])
        .filter(|n| !GENERIC.contains(&n.as_str()))
        .collect();
    for name in &names {
        if let Some(t) = cx.page.labelled.get(name.as_str()).filter(|t| free(t)) {
            return Some(t.clone());
        }
        if let Some(t) = cx.page.tables.iter().find(|t| {
            t.is_field_table() && free(t) && t.title().is_some_and(|c| words(c).contains(name))
        }) {
            return Some(t.clone());
        }
    }
    types
        .iter()
        .filter(|n| !GENERIC.contains(&n.as_str()))
        .find_map(|n| cx.tree.by_heading(n).filter(|t| free(t)))
        .cloned()
}

/// The single placeholder row of a table that describes a map (`key`, `{key}`, `key_val`,
/// `Custom key`): its type cell; `None` for other tables.
fn map_row(table: &Table) -> Option<&str> {
    let [row] = table.rows.as_slice() else {
        return None;
    };
    let cols = Columns::of(table);
    let name = clean_inline(table.cell(row, cols.name)).to_lowercase();
    let bare = name.trim_matches(['{', '}', '<', '>', '[', ']', '$', '*', ' ']);
    let placeholder = matches!(
        bare,
        "" | "key"
            | "key_val"
            | "keyval"
            | "key-value"
            | "custom key"
            | "user-defined key"
            | "customized key"
            | "key name"
    ) || (name != bare && bare.contains("key"));
    placeholder.then(|| table.cell(row, cols.ty))
}

/// The object type of `field`: a `ref` to the schema made from its table (a map when the
/// table describes one), or `any`.
fn object(cx: &mut Cx<'_, '_, '_>, field: &Field, name: &str, item: bool) -> Mapping {
    let found = object_table(cx, field, true);
    // A table that contains itself (`children` of a tree of backups): a reference to the
    // object being read; a body's own table stays `any` (a body is no schema of its own).
    if found.is_none()
        && let Some(table) = object_table(cx, field, false)
        && cx.stack.first() != Some(&key(&table))
    {
        let mut m = Mapping::new();
        m.insert(
            "ref".into(),
            super::schemas::Registry::within(&key(&table)).into(),
        );
        return m;
    }
    let Some(table) = found else {
        let op = cx.op.clone();
        if let Some((ty, notes)) =
            cx.examples
                .object_type(cx.page, cx.registry, &op, cx.request, name, item)
        {
            for note in notes {
                cx.warn(field.line, note);
            }
            return ty;
        }
        if !item || !field.ty.to_ascii_lowercase().contains("string") {
            cx.unreadable(
                field.line,
                format!("no table of the page or the tree describes the object `{}` (apart from the tables it is in), and no example shows it: imported as free-form JSON (`any`)", field.name),
            );
        }
        return scalar("any");
    };
    if let Some(ty) = map_row(&table) {
        let values = Field {
            name: field.name.clone(),
            required: false,
            ty: ty.to_owned(),
            description: String::new(),
            line: field.line,
        };
        let values = field_type(cx, &values);
        return map_of(values);
    }
    let schema = object_schema(cx, &table, false);
    let candidate = name.to_upper_camel_case();
    let candidate = if candidate.is_empty() || candidate.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{}Item", cx.op)
    } else {
        candidate
    };
    let op = cx.op.clone();
    let name = cx.registry.intern(&candidate, cx.request, &op, schema);
    cx.registry.interned_table(&key(&table), &name);
    let mut m = Mapping::new();
    m.insert("ref".into(), name.into());
    m
}

/// An object schema from a field table. `root` schemas keep `required` from the
/// Mandatory column as nested ones do.
pub(crate) fn object_schema(cx: &mut Cx<'_, '_, '_>, table: &Table, _root: bool) -> Mapping {
    cx.stack.push(key(table));
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
        cx.examples.at.push(field.name.clone());
        let mut m = field_type(cx, &field);
        cx.examples.at.pop();
        if field.required {
            m.insert("required".into(), true.into());
        }
        describe(&mut m, &field.description);
        props.insert(field.name.as_str().into(), Value::Mapping(m));
    }
    cx.stack.pop();
    let mut schema = Mapping::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Mapping(props));
    schema
}
