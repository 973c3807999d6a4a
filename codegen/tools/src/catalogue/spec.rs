//! The spec side of the figures, and which pages describe the untyped items of a spec.

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use super::Figures;
use super::docs::{OpPage, names, norm};
use crate::import::tree::{
    Block, Doc, GENERIC_NAMES as GENERIC, Table, TreePage, TreeTables, clean_inline, parse_rst,
};

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or("")
}

/// An operation's (method, normalised path).
pub(super) fn pair(op: &Value) -> (String, String) {
    (s(op, "method").to_ascii_uppercase(), norm(s(op, "path")))
}

/// Whether a type is free-form: `any`, or a list or map (or alias) of `any`.
fn untyped(ty: &Value, schemas: &Mapping, depth: usize) -> bool {
    if depth > 20 || !ty.is_mapping() {
        return false;
    }
    if let Some(r) = ty.get("ref").and_then(Value::as_str) {
        let Some(target) = schemas.get(r).filter(|t| t.is_mapping()) else {
            return false;
        };
        if s(target, "type") == "object"
            || target.get("enum").is_some()
            || target.get("properties").is_some()
        {
            return false;
        }
        return untyped(target, schemas, depth + 1);
    }
    let any = Value::Mapping(std::iter::once(("type".into(), "any".into())).collect());
    match s(ty, "type") {
        "any" => true,
        "array" => untyped(ty.get("items").unwrap_or(&any), schemas, depth + 1),
        "map" => untyped(ty.get("values").unwrap_or(&any), schemas, depth + 1),
        _ => false,
    }
}

/// The operation's bodies: (`request` or `response`, type), responses by status.
fn bodies(op: &Value) -> Vec<(&'static str, &Value)> {
    let mut out = Vec::new();
    if let Some(b) = op.get("body").filter(|b| b.is_mapping()) {
        out.push(("request", b));
    }
    if let Some(r) = op.get("responses").and_then(Value::as_mapping) {
        let mut rs: Vec<(String, &Value)> = r
            .iter()
            .filter_map(|(k, v)| {
                let k = match k {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    _ => return None,
                };
                Some((k, v.get("body").filter(|b| b.is_mapping())?))
            })
            .collect();
        rs.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(rs.into_iter().map(|(_, b)| ("response", b)));
    }
    out
}

fn query_names(op: &Value) -> Vec<String> {
    op.get("parameters")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter(|p| s(p, "in") == "query")
        .map(|p| s(p, "name").to_ascii_lowercase())
        .collect()
}

fn page_key(n: &str) -> bool {
    matches!(
        n,
        "page"
            | "page_no"
            | "pageno"
            | "page_num"
            | "pagenum"
            | "page_number"
            | "pagenumber"
            | "page_index"
            | "pageindex"
            | "current_page"
            | "currentpage"
    )
}

/// A `GET` whose query has `limit` and `marker`, `offset` or a page number.
pub(super) fn is_list_op(op: &Value) -> bool {
    let q = query_names(op);
    s(op, "method").eq_ignore_ascii_case("GET")
        && q.iter().any(|n| n == "limit")
        && q.iter()
            .any(|n| n == "marker" || n == "offset" || page_key(n))
}

/// Whether id `i` is numbered among `ids` (see the module docs of [`super`]).
pub fn numbered(i: &str, ids: &BTreeSet<&str>) -> bool {
    let digits = i.len() - i.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    for k in 1..=digits {
        let base = &i[..i.len() - k];
        let version = base.ends_with('V')
            || base
                .strip_suffix('_')
                .map(|b| b.trim_end_matches(|c: char| c.is_ascii_digit()))
                .is_some_and(|b| b.ends_with('V') && b.len() < base.len() - 1);
        if base.is_empty() || version {
            continue;
        }
        if ids.contains(base) {
            return true;
        }
        if ids.iter().any(|j| {
            *j != i
                && j.starts_with(base)
                && j.len() > base.len()
                && j[base.len()..].chars().all(|c| c.is_ascii_digit())
        }) {
            return true;
        }
    }
    false
}

/// Objects, untyped, list and paged operations, permissions, examples and numbered ids.
pub(super) fn count(ops: &Mapping, schemas: &Mapping, f: &mut Figures) {
    for op in ops.values() {
        for (_, b) in bodies(op) {
            f.objects += 1;
            f.untyped += usize::from(untyped(b, schemas, 0));
        }
        if is_list_op(op) {
            f.list_ops += 1;
            f.paged += usize::from(op.get("pagination").is_some_and(|p| !p.is_null()));
        }
        let non_empty = |v: Option<&Value>| {
            v.is_some_and(|v| v.as_sequence().is_none_or(|s| !s.is_empty()) && !v.is_null())
        };
        f.perms += usize::from(non_empty(op.get("permissions")));
        let ex = op.get("examples");
        let len = |kind: &str| {
            ex.and_then(|e| e.get(kind))
                .and_then(Value::as_sequence)
                .map_or(0, Vec::len)
        };
        f.example_requests += len("requests");
        f.example_responses += len("responses");
        f.examples += usize::from(
            non_empty(ex.and_then(|e| e.get("requests")))
                || non_empty(ex.and_then(|e| e.get("responses"))),
        );
    }
    for schema in schemas.values() {
        if let Some(props) = schema.get("properties").and_then(Value::as_mapping) {
            for ty in props.values() {
                f.objects += 1;
                f.untyped += usize::from(untyped(ty, schemas, 0));
            }
        }
    }
    let ids: BTreeSet<&str> = ops.keys().filter_map(Value::as_str).collect();
    f.numbered_ids = ids.iter().filter(|i| numbered(i, &ids)).count();
}

/// The pages of an operation: those with its request line (several: the one titled like
/// its summary), else those titled like its summary.
pub(super) fn pages_of(
    op: &Value,
    pages: &[OpPage],
    pairs: &BTreeMap<(String, String), Vec<usize>>,
) -> Vec<usize> {
    let summary = s(op, "summary").trim().to_lowercase();
    let mut found = pairs.get(&pair(op)).cloned().unwrap_or_default();
    if found.len() > 1 {
        let same: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| pages[i].title == summary)
            .collect();
        if !same.is_empty() {
            found = same;
        }
    }
    if found.is_empty() && !summary.is_empty() {
        found = (0..pages.len())
            .filter(|&i| pages[i].title == summary)
            .collect();
    }
    found
}

/// The tables of every page, and the tree's labelled and titled field tables.
pub(super) struct PageTables {
    docs: BTreeMap<String, Doc>,
    tree: TreeTables,
    /// Labels that point at a field table: a table's own label, or the label of a section
    /// whose own text (before its next heading) holds one. A page's top label whose table
    /// is in a subsection (`Request Parameters` of another operation) is a link to that
    /// page, not a table describing the field.
    field_labels: BTreeSet<String>,
}

impl PageTables {
    pub(super) fn new(pages: &[TreePage]) -> Self {
        let mut docs = BTreeMap::new();
        let mut tree = TreeTables::default();
        let mut field_labels = BTreeSet::new();
        for p in pages.iter().filter(|p| p.path.ends_with(".rst")) {
            let text = String::from_utf8_lossy(&p.bytes);
            let doc = parse_rst(&p.path, &text, &mut Vec::new());
            tree.add(&doc);
            for section in &doc.sections {
                let tables = section.blocks.iter().filter_map(|b| match b {
                    Block::Table(t) if t.is_field_table() => Some(t),
                    _ => None,
                });
                let mut any = false;
                for t in tables {
                    any = true;
                    field_labels.extend(t.label.clone());
                }
                if any {
                    field_labels.extend(section.label.clone());
                }
            }
            docs.insert(p.path.clone(), doc);
        }
        Self {
            docs,
            tree,
            field_labels,
        }
    }

    fn tables<'a>(&'a self, path: &str) -> impl Iterator<Item = (&'a str, &'a Table)> + 'a {
        self.docs.get(path).into_iter().flat_map(|d| {
            d.sections.iter().flat_map(|s| {
                s.blocks.iter().filter_map(move |b| match b {
                    Block::Table(t) => Some((s.heading.as_str(), t)),
                    _ => None,
                })
            })
        })
    }
}

const TYPE_WORDS: &[&str] = &[
    "array",
    "list",
    "object",
    "objects",
    "of",
    "string",
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
];

/// Whether a table of `pages` describes the property `name`.
fn property_described(name: &str, pages: &[&str], t: &PageTables) -> bool {
    let lname = name.to_lowercase();
    for page in pages {
        if !GENERIC.contains(&lname.as_str())
            && t.tables(page)
                .any(|(_, tb)| tb.title().is_some_and(|c| names(c, name)))
        {
            return true;
        }
        for (_, tb) in t.tables(page) {
            let tcol = tb.column(&["type", "data type"]);
            for row in &tb.rows {
                let first = clean_inline(row.cells.first().map_or("", String::as_str));
                if first.trim_matches(['-', '*', ' ']).to_lowercase() != lname {
                    continue;
                }
                let rest = row.cells[1..].join(" ");
                if crate::import::tree::ref_labels(&rest)
                    .iter()
                    .any(|l| t.field_labels.contains(l))
                {
                    return true;
                }
                let cell = clean_inline(tb.cell(row, tcol));
                for w in crate::import::tree::words(&cell) {
                    if TYPE_WORDS.contains(&w.as_str()) || w.len() < 3 {
                        continue;
                    }
                    let caption = t.tables(page).any(|(_, t2)| {
                        !std::ptr::eq(t2, tb)
                            && t2.is_field_table()
                            && t2.title().is_some_and(|c| names(c, &w))
                    });
                    if caption || (w != lname && t.tree.by_heading(&w).is_some()) {
                        return true;
                    }
                }
            }
        }
    }
    false
}

/// Whether an operation page's Request (or Response) section has a field table that is no
/// URI, path, query or header table.
fn body_described(kind: &str, pages: &[&str], t: &PageTables) -> bool {
    pages.iter().any(|page| {
        t.tables(page).any(|(heading, tb)| {
            let cap = tb.title().map(str::to_lowercase).unwrap_or_default();
            let sec = heading.to_lowercase();
            let other = if kind == "request" {
                "response"
            } else {
                "request"
            };
            tb.is_field_table()
                && !["uri", "path", "query", "header"]
                    .iter()
                    .any(|w| cap.contains(w))
                && (sec.contains(kind) || cap.contains(kind))
                && !cap.contains(other)
        })
    })
}

/// The untyped bodies and properties a table of their pages describes.
pub(super) fn untyped_with_table(
    ops: &Mapping,
    schemas: &Mapping,
    of_op: &BTreeMap<String, Vec<usize>>,
    pages: &[OpPage],
    t: &PageTables,
) -> usize {
    let mut count = 0;
    let mut schema_pages: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (id, op) in ops {
        let id = id.as_str().unwrap_or("");
        let mine = of_op.get(id).cloned().unwrap_or_default();
        let paths: Vec<&str> = mine.iter().map(|&i| pages[i].path.as_str()).collect();
        let mut todo: Vec<String> = Vec::new();
        for (kind, b) in bodies(op) {
            if untyped(b, schemas, 0) && body_described(kind, &paths, t) {
                count += 1;
            }
            refs(b, &mut todo);
        }
        let mut seen = BTreeSet::new();
        while let Some(n) = todo.pop() {
            if !seen.insert(n.clone()) {
                continue;
            }
            schema_pages.entry(n.clone()).or_default().extend(&mine);
            if let Some(sch) = schemas.get(n.as_str()) {
                refs(sch, &mut todo);
            }
        }
    }
    for (name, schema) in schemas {
        let Some(props) = schema.get("properties").and_then(Value::as_mapping) else {
            continue;
        };
        let on: Vec<&str> = schema_pages
            .get(name.as_str().unwrap_or(""))
            .into_iter()
            .flatten()
            .map(|&i| pages[i].path.as_str())
            .collect();
        for (prop, ty) in props {
            if untyped(ty, schemas, 0) && property_described(prop.as_str().unwrap_or(""), &on, t) {
                count += 1;
            }
        }
    }
    count
}

fn refs(v: &Value, out: &mut Vec<String>) {
    if let Some(r) = v.get("ref").and_then(Value::as_str) {
        out.push(r.to_owned());
    }
    for k in ["items", "values"] {
        if let Some(x) = v.get(k) {
            refs(x, out);
        }
    }
    if let Some(p) = v.get("properties").and_then(Value::as_mapping) {
        for x in p.values() {
            refs(x, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field table in rST: `rows` of (parameter, type).
    fn grid(label: &str, caption: &str, rows: &[(&str, &str)]) -> String {
        let line = "   +------------+--------------------------------------------------+\n";
        let mut t = format!(
            ".. _{label}:\n\n.. table:: {caption}\n\n{line}   | Parameter  | Type                                             |\n   +============+==================================================+\n"
        );
        for (name, ty) in rows {
            t.push_str(&format!("   | {name:<10} | {ty:<48} |\n{line}"));
        }
        t
    }

    #[test]
    fn a_link_to_another_operation_page_is_no_table_of_the_field() {
        let page = |path: &str, text: String| TreePage {
            path: path.into(),
            bytes: text.into_bytes(),
        };
        let job = format!(
            "Creating a Job\n==============\n\nResponse\n--------\n\n{}\n",
            grid(
                "job_t1",
                "**Table 1** Response parameters",
                &[
                    ("mains", "Array, see :ref:`Creating a Binary <bin_0001>`"),
                    ("configs", "Object, see :ref:`Configs <app_0002>`"),
                    ("libs", "Array of :ref:`lib <lib_t1>` objects"),
                ]
            )
        );
        // An operation page: its top label names the page, its tables are in subsections.
        let binary = format!(
            ".. _bin_0001:\n\nCreating a Binary\n=================\n\nRequest\n-------\n\n{}\n",
            grid(
                "bin_t1",
                "**Table 1** Request parameters",
                &[("name", "String")]
            )
        );
        // An appendix: the section the label names holds the table.
        let appendix = format!(
            ".. _app_0002:\n\nConfigs\n=======\n\n{}\n{}\n",
            grid("app_t1", "**Table 1** Configs", &[("key", "String")]),
            grid("lib_t1", "**Table 2** lib", &[("path", "String")])
        );
        let pages = [
            page("job.rst", job),
            page("binary.rst", binary),
            page("appendix.rst", appendix),
        ];
        let t = PageTables::new(&pages);
        assert!(!property_described("mains", &["job.rst"], &t));
        assert!(property_described("configs", &["job.rst"], &t));
        assert!(property_described("libs", &["job.rst"], &t));
    }

    #[test]
    fn numbered_ids_are_told_from_versions() {
        let ids: BTreeSet<&str> = [
            "CreateZone",
            "CreateZone2",
            "ShowServerV2",
            "ShowServerV3",
            "UpdateMetadataV3",
            "UpdateMetadataV32",
            "DeleteJobV1_1",
            "DeleteJobV1_2",
        ]
        .into_iter()
        .collect();
        let n: Vec<&str> = ids.iter().copied().filter(|i| numbered(i, &ids)).collect();
        assert_eq!(n, ["CreateZone2", "UpdateMetadataV32"]);
    }
}
