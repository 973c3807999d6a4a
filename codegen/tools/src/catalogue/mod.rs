//! The catalogue figures: how faithfully a published API reference tree imports, counted
//! from the tree's pages and the spec the importer wrote (never from its warnings), per
//! tree. `hwcloud-codegen catalogue` writes them to `docs/catalogue.md`; the regression test
//! compares them with the committed baseline.
//!
//! The figures (the pages side is estimated by [`docs`]):
//!
//! - `op_pages`: pages (outside the permission pages; outside IAM trees, not `/v3/auth/`)
//!   with a line that is only `METHOD /path` or `METHOD https://host/path`, the first one
//!   per page; `doc_ops` their distinct (method, path) pairs, paths normalised (host, query
//!   and a trailing `/` dropped, every `{...}` as `{}`); `covered` the pairs the spec has.
//! - `objects`: request bodies, response bodies and properties of object schemas; `untyped`
//!   those whose type (through aliases) is `any`, a list or map of `any`;
//!   `untyped_with_table` the untyped ones a table of their pages describes (a table whose
//!   caption or the line above it names the property, a row of it linking to a field
//!   table or to a section whose own text holds one, not to another operation's page, or
//!   a type cell naming a table's caption or an appendix section; for a body, a field
//!   table in the page's Request/Response section).
//! - `list_ops`: `GET`s whose query has `limit` and `marker`, `offset` or a page number;
//!   `paged` those with `pagination`.
//! - `perms`: operations with permissions; `examples`: operations with an example;
//!   `example_pages`: operation pages with a code block under an example heading or label.
//! - `example_requests`, `example_responses`: the examples of all operations, so that a
//!   page's second and later examples count too (the product's own figures, beyond the
//!   script's).
//! - `numbered_ids`: ids ending in digits whose digit-less form is an id too, or that
//!   differ from another id only in those digits (`CreateZone2`; not versions like
//!   `ShowServerV2`).
//!
//! These are the rules of the catalogue's independent measuring script, so the two agree.

pub mod docs;
mod spec;

use std::collections::{BTreeMap, BTreeSet};

use serde_yaml::{Mapping, Value};

use crate::import::tree::TreePage;

pub use spec::numbered;

/// The figures of one tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// `.rst` pages.
    pub pages: usize,
    /// Pages that are operations by their request line.
    pub op_pages: usize,
    /// Distinct (method, path) of those pages.
    pub doc_ops: usize,
    /// Of those, the ones the spec has.
    pub covered: usize,
    /// Operations in the spec.
    pub ops: usize,
    /// Bodies and properties.
    pub objects: usize,
    /// Of those, untyped.
    pub untyped: usize,
    /// Of the untyped, those a table describes.
    pub untyped_with_table: usize,
    /// List operations.
    pub list_ops: usize,
    /// Of those, with `pagination`.
    pub paged: usize,
    /// Operations with permissions.
    pub perms: usize,
    /// Operations with an example.
    pub examples: usize,
    /// Operation pages with an example code block.
    pub example_pages: usize,
    /// Example requests of all operations.
    pub example_requests: usize,
    /// Example responses of all operations.
    pub example_responses: usize,
    /// Numbered ids.
    pub numbered_ids: usize,
}

impl Figures {
    /// `covered / doc_ops` (1 for a tree without operation pages).
    pub fn coverage(&self) -> f64 {
        if self.doc_ops == 0 {
            1.0
        } else {
            self.covered as f64 / self.doc_ops as f64
        }
    }

    /// The figures as `name=value` pairs, in the order of the report's columns.
    pub fn pairs(&self) -> [(&'static str, usize); 16] {
        [
            ("pages", self.pages),
            ("op_pages", self.op_pages),
            ("doc_ops", self.doc_ops),
            ("covered", self.covered),
            ("ops", self.ops),
            ("objects", self.objects),
            ("untyped", self.untyped),
            ("untyped_with_table", self.untyped_with_table),
            ("list_ops", self.list_ops),
            ("paged", self.paged),
            ("perms", self.perms),
            ("examples", self.examples),
            ("example_pages", self.example_pages),
            ("numbered_ids", self.numbered_ids),
            ("example_requests", self.example_requests),
            ("example_responses", self.example_responses),
        ]
    }

    /// Adds another tree's figures.
    pub fn add(&mut self, o: &Figures) {
        self.pages += o.pages;
        self.op_pages += o.op_pages;
        self.doc_ops += o.doc_ops;
        self.covered += o.covered;
        self.ops += o.ops;
        self.objects += o.objects;
        self.untyped += o.untyped;
        self.untyped_with_table += o.untyped_with_table;
        self.list_ops += o.list_ops;
        self.paged += o.paged;
        self.perms += o.perms;
        self.examples += o.examples;
        self.example_pages += o.example_pages;
        self.example_requests += o.example_requests;
        self.example_responses += o.example_responses;
        self.numbered_ids += o.numbered_ids;
    }
}

/// Counts the figures of the tree `name` (its pages) and the spec imported from it (`yaml`;
/// empty when nothing was imported).
pub fn measure(name: &str, pages: &[TreePage], yaml: &str) -> Figures {
    let base = name.strip_prefix("swiss+").unwrap_or(name);
    let op_pages = docs::op_pages(pages, base == "identity-access-management");
    let pairs = docs::doc_pairs(&op_pages);
    let spec: Mapping = serde_yaml::from_str(yaml).unwrap_or_default();
    let empty = Mapping::new();
    let ops = spec
        .get("operations")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    let schemas = spec
        .get("schemas")
        .and_then(Value::as_mapping)
        .unwrap_or(&empty);
    let spec_pairs: BTreeSet<(String, String)> = ops.values().map(spec::pair).collect();
    let mut f = Figures {
        pages: pages.iter().filter(|p| p.path.ends_with(".rst")).count(),
        op_pages: op_pages.len(),
        doc_ops: pairs.len(),
        covered: pairs.keys().filter(|p| spec_pairs.contains(*p)).count(),
        ops: ops.len(),
        example_pages: op_pages.iter().filter(|p| p.example).count(),
        ..Figures::default()
    };
    spec::count(ops, schemas, &mut f);
    let tables = spec::PageTables::new(pages);
    let of_op: BTreeMap<String, Vec<usize>> = ops
        .iter()
        .filter_map(|(id, op)| {
            let id = id.as_str()?;
            Some((id.to_owned(), spec::pages_of(op, &op_pages, &pairs)))
        })
        .collect();
    f.untyped_with_table = spec::untyped_with_table(ops, schemas, &of_op, &op_pages, &tables);
    f
}
