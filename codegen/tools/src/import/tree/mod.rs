//! Imports a whole published API reference tree (reStructuredText, one page per operation)
//! into one complete spec.
//!
//! Rules the tree importer follows:
//!
//! - **Pages**: every `*.rst` file under the directory, in path order. A page is read into
//!   sections (`doc`, by the front ends `rst` and `grid`, or `text_form`), then into one
//!   model of a page (`model`), which the
//!   operation builder reads (`operation`, `fields`). A page with a `METHOD /path`
//!   URI is an operation; any other page is skipped and counted, after its permission
//!   tables are read.
//! - **Never fails on a page** by default: what cannot be read (a truncated table, a second
//!   URI, an unknown type, bytes that are not UTF-8, an example that is not JSON) becomes a
//!   warning naming the file and line ([`Kind::Unreadable`]), and the rest of the tree is
//!   imported; [`Strictness::Strict`] ([`TreeOptions::with_strictness`], `--strict`) makes
//!   each of those an error and the import a failure ([`TreeImport::problem`]). The result is checked as `hwcloud-codegen
//!   check` would; an example the check rejects is dropped, with a warning.
//! - **Names**: an id given for the page (`--id`, [`TreeOptions::with_ids`]), else kept
//!   from the spec imported into, else the official SDK's name of the
//!   endpoint, else the id a page names (the text form's SDK samples), else one made from
//!   title, method and path (`ids`, `facts`, `names`); schemas shared by structure and named
//!   after their resource (`schemas`), kept from the spec imported into (`stable`).
//! - **Words**: value lists in descriptions become open enums (`enums`); a field whose
//!   table, examples and SDK disagree gets the most likely type, with a warning
//!   (`disagree`).
//! - **Fixes**: a person's corrections are applied after every import, and one that no
//!   longer applies is a warning at its line (`fixes`).
//! - **Into a spec**: imported with [`TreeOptions::into_spec`], the result keeps the spec's
//!   names; [`crate::import::merge`] then merges it into the spec's text, as pages are
//!   merged (what the tree documents is the tree's; the spec's comments, own keys, service
//!   section and the operations the tree no longer documents stay).
//! - **Warnings** are shown like every other diagnostic ([`TreeImport::diagnostics`], for
//!   `render_human`), at the page's line and column (the line's first character when the
//!   reader does not know the column).
//! - **Two forms, one model**: `*.rst` pages are read by `rst`, `*.txt` pages (the text
//!   form, as copied from the web) by `text_form` with its readers `text_page` (lines and
//!   sections), `text_table` (`|`-tables), `sdk` (the SDK samples' request classes) and
//!   `cell_text` (labelled descriptions, lists); both give the same sections (`doc`),
//!   which `model` turns into one model of a page. Examples are read by the importer's one
//!   JSON reader ([`crate::import`]'s `json`), which keeps the page's key order.
//! - **Examples**: every example request of a page and every example response of its
//!   success status, in page order, duplicates once (`examples`), each described by the
//!   page's words about it without labels (`words`); an example `check` rejects is repaired
//!   where the tables are loose (`repair`), else dropped with a warning (`verify`).
//! - **Nulls**: a field an example response shows as `null` is marked `nullable`.
//! - **Objects no table describes** in a body are typed from the page's examples of that
//!   body, as schemas marked `inferred: example` (`from_examples`); a `Definition X Range Y`
//!   cell gives `description` and `range` (`fields`).
//! - **Permissions**: every permission table of the tree is attached to the operations by
//!   method and path (`perms`); a page's own table (Authorization Information) gives its
//!   operation's, with the resource types, condition keys, aliases and dependencies its
//!   columns list.
//! - **Paging**: a `GET` with an optional `limit` and a `marker`, `offset` or page number
//!   query parameter, and one list in its body, gets `pagination` (`paging`).
//! - **Pages a person names** (`import PAGE...`, [`crate::import::import_pages`]) are
//!   imported as one tree of those pages (`single`), text form whatever their names, without
//!   a service section, each with the id the page import gives it.
//! - **Service**: `name` as given (its first letter upper-cased), `module` its lower-case
//!   letters, digits and `_`, `title` the root `index.rst` title without `- API
//!   Reference`, `endpoint_prefix` (and `endpoints` where regions differ) from the
//!   examples' hosts and the official SDKs' region tables (`endpoints`).

mod disagree;
mod doc;
mod endpoints;
mod enums;
mod examples;
mod facts;
mod fields;
pub(crate) use fields::GENERIC as GENERIC_NAMES;
mod cell_text;
mod fixes;
mod forms;
mod from_examples;
mod grid;
mod group;
mod ids;
mod model;
mod names;
mod openstack;
mod operation;
mod options;
mod pages;
mod paging;
mod perms;
mod repair;
mod rst;
mod schemas;
mod sdk;
pub(crate) mod single;
mod stable;
mod tables;
mod text_form;
mod text_page;
mod text_table;
mod uri;
mod verbs;
mod verify;
mod words;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub(crate) use doc::{Block, Doc, Table, clean_inline, ref_labels};
pub(crate) use rst::parse as parse_rst;
pub(crate) use sdk::is_operation_id;
pub(crate) use tables::{TreeTables, words};
pub(crate) use text_page::SectionKind;

use serde_yaml::{Mapping, Value};

use crate::error::Error;

pub use facts::{SdkFacts, SdkOperation};
pub use fixes::{Change, Fix, Fixes};
pub use options::TreeOptions;
pub use pages::{TreePage, read_tree};

use crate::import::warning::Warnings;
use crate::import::warning::with_columns;
pub use crate::import::warning::{Kind, Strictness, Warning, located};

/// The counts an import ends with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Pages read.
    pub pages: usize,
    /// Operations imported.
    pub operations: usize,
    /// Pages that are not operations.
    pub skipped: usize,
    /// Pages that look like operations (a request line before any example; see `forms`).
    pub operation_pages: usize,
    /// Schemas in the spec.
    pub schemas: usize,
    /// Object tables folded into a schema another table already made.
    pub shared_tables: usize,
    /// Permission rows attached to an operation.
    pub permissions: usize,
    /// Operations with at least one permission.
    pub operations_with_permissions: usize,
    /// Access levels derived from action names (the docs give none).
    pub derived_levels: usize,
    /// String enums made from value lists in descriptions.
    pub enums: usize,
    /// Fields retyped because the examples or the SDK disagree with the table.
    pub retyped: usize,
    /// Operation ids given by a person (`--id`).
    pub ids_given: usize,
    /// Operation ids kept from the spec imported into.
    pub ids_kept: usize,
    /// Operation ids that are the official SDK's name of the endpoint.
    pub ids_from_sdk: usize,
    /// Schemas that kept the name the spec imported into gives them.
    pub schemas_kept: usize,
    /// Fixes applied.
    pub fixes_applied: usize,
    /// Fixes that no longer apply (each also a warning).
    pub fixes_stale: usize,
    /// Warnings.
    pub warnings: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} pages read: {} operations ({} pages look like operations; {} pages skipped as not operations), {} schemas ({} tables shared, {} enums from value lists, {} fields retyped after examples and SDK), {} permissions attached to {} operations ({} access levels derived from action names), {} warnings",
            self.pages,
            self.operations,
            self.operation_pages,
            self.skipped,
            self.schemas,
            self.shared_tables,
            self.enums,
            self.retyped,
            self.permissions,
            self.operations_with_permissions,
            self.derived_levels,
            self.warnings
        )?;
        if self.ids_from_sdk > 0 || self.ids_kept > 0 || self.fixes_applied + self.fixes_stale > 0 {
            write!(f, "; ids: ")?;
            if self.ids_given > 0 {
                write!(f, "{} given, ", self.ids_given)?;
            }
            write!(
                f,
                "{} kept, {} the SDK's; {} schema names kept; fixes: {} applied, {} no longer apply",
                self.ids_kept,
                self.ids_from_sdk,
                self.schemas_kept,
                self.fixes_applied,
                self.fixes_stale
            )?;
        }
        if self.ids_given > 0
            && self.ids_from_sdk + self.ids_kept + self.fixes_applied + self.fixes_stale == 0
        {
            write!(f, "; ids: {} given", self.ids_given)?;
        }
        Ok(())
    }
}

/// A tree imported: the spec text, the summary and the warnings.
#[derive(Debug, Clone)]
pub struct TreeImport {
    /// The spec as YAML.
    pub yaml: String,
    /// Counts.
    pub summary: Summary,
    /// Located warnings, in page order.
    pub warnings: Vec<Warning>,
    /// Why the tree was not imported at all (an API family the importer does not read).
    pub refused: Option<String>,
    /// The strictness it was imported at: strict, an unreadable part of a page is an error.
    pub strictness: Strictness,
    /// The page each operation was read from, by operation id (the id before any fix
    /// renamed it).
    pub page_of: BTreeMap<String, String>,
    /// The spec as data, kept for the page import (which reads its operations and schemas)
    /// rather than read back from [`TreeImport::yaml`].
    pub(crate) document: Option<Mapping>,
}

impl TreeImport {
    /// The warnings its strictness makes errors (none when lenient).
    pub fn errors(&self) -> impl Iterator<Item = &Warning> {
        self.warnings.iter().filter(|w| self.strictness.fails(w))
    }

    /// What makes the import a failure rather than a result: a refused tree, strict and an
    /// unreadable part of a page ([`TreeImport::errors`]), no operations, or fewer
    /// operations than half the pages that look like operations.
    pub fn problem(&self) -> Option<String> {
        let s = &self.summary;
        if let Some(r) = &self.refused {
            return Some(r.clone());
        }
        let errors = self.errors().count();
        if errors > 0 {
            return Some(format!(
                "{errors} part(s) of the pages could not be read (a strict import): see the errors"
            ));
        }
        if s.operations == 0 {
            return Some(format!(
                "no operation was read from the {} pages of the tree ({} of them look like operations): is it an API reference tree?",
                s.pages, s.operation_pages
            ));
        }
        (s.operations * 2 < s.operation_pages).then(|| {
            format!(
                "only {} operations were read from {} pages that look like operations: see the warnings",
                s.operations, s.operation_pages
            )
        })
    }
}

impl TreeImport {
    /// The warnings as located diagnostics, one per file with its text, for `render_human`
    /// (see [`located`]): a page's text is taken from `pages` (decoded as the import did),
    /// another file's (the fixes file) from `files`, as (name, text). Only the files with
    /// warnings are decoded.
    pub fn diagnostics(
        &self,
        pages: &[TreePage],
        files: &[(&str, &str)],
    ) -> Vec<crate::diagnostics::FileDiagnostics> {
        located(&self.warnings, self.strictness, |file| {
            if let Some(page) = pages.iter().find(|p| p.path == file) {
                return Some(pages::page_text(page, &mut Vec::new()));
            }
            files
                .iter()
                .find(|(name, _)| *name == file)
                .map(|(_, text)| (*text).to_owned())
        })
    }
}

/// Imports the tree in `dir` as the service `service`.
pub fn import_dir(dir: &Path, service: &str) -> Result<TreeImport, Error> {
    Ok(import_tree(&read_tree(dir)?, service))
}

/// Imports pages (already read) as the service `service`. Never fails: see the module docs.
pub fn import_tree(pages: &[TreePage], service: &str) -> TreeImport {
    import_tree_with(pages, service, &TreeOptions::default())
}

/// Imports pages (already read) as the service `service`, with SDK facts, into an existing
/// spec, with fixes: see [`TreeOptions`]. Never fails on a page.
pub fn import_tree_with(pages: &[TreePage], service: &str, options: &TreeOptions) -> TreeImport {
    let mut warnings: Warnings = Vec::new();
    let mut summary = Summary {
        pages: pages.len(),
        ..Summary::default()
    };
    let mut models = Vec::new();
    let mut rows = Vec::new();
    let mut title = None;
    let mut error_statuses = model::ErrorStatuses::default();
    let mut tree_tables = tables::TreeTables::default();
    let mut looks: Vec<(String, usize, String)> = Vec::new();
    let (mut s3, mut requests) = (0, 0);
    for page in pages {
        let text = pages::page_text(page, &mut warnings);
        let line = forms::request_line(&page.path, &text);
        let s3_page = forms::s3_request(&text);
        s3 += usize::from(s3_page);
        requests += usize::from(s3_page || line.is_some());
        let doc = if options.page_import || page.path.ends_with(".txt") {
            text_form::parse(&page.path, &text, &mut warnings)
        } else {
            rst::parse(&page.path, &text, &mut warnings)
        };
        for table in doc.tables() {
            rows.extend(perms::rows(&page.path, table));
        }
        tree_tables.add(&doc);
        let mut m = model::model(&page.path, &doc, &mut warnings);
        m.deprecated = forms::deprecated(&page.path, &m.title, &text);
        error_statuses.learn(&m.errors);
        if page.path == "index.rst" {
            title = Some(
                m.title
                    .trim_end_matches("API Reference")
                    .trim_end_matches([' ', '-'])
                    .to_owned(),
            );
        }
        if let Some((line, request)) = line {
            summary.operation_pages += 1;
            if m.uri.is_none() {
                looks.push((page.path.clone(), line, request));
            }
        }
        if m.uri.is_some() {
            // Each further URI of the page is an operation documented by the same tables.
            let extra: Vec<model::PageModel> = m
                .other_uris
                .iter()
                .map(|uri| model::PageModel {
                    uri: Some(uri.clone()),
                    other_uris: Vec::new(),
                    ..m.clone()
                })
                .collect();
            models.push(m);
            models.extend(extra);
        } else {
            summary.skipped += 1;
        }
    }
    if let Some(refusal) = forms::s3_refusal(s3, requests) {
        summary.operation_pages = requests;
        return TreeImport {
            yaml: String::new(),
            summary,
            warnings,
            refused: Some(refusal),
            strictness: options.strictness,
            page_of: BTreeMap::new(),
            document: None,
        };
    }
    for (file, line, request) in looks {
        warnings.push(Warning::new(
            &file,
            line,
            format!("`{request}` reads like an operation's request line, but the page gives no operation (no URI section or `METHOD /path` line the importer reads): not imported"),
        ));
    }
    forms::one_page_per_operation(&mut models, &mut warnings);
    for m in &mut models {
        error_statuses.fill(m, &mut warnings);
    }
    for (file, id) in &options.ids {
        if !models.iter().any(|m| m.file == *file) {
            warnings.push(Warning::new(
                file,
                1,
                format!("`--id` gives this page the id `{id}`, but the page gives no operation: the id is not used"),
            ));
        }
    }
    // A given id is the first operation's of its page (a page's further URIs are named by rule).
    let mut given_to: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    let keys: Vec<ids::Page<'_>> = models
        .iter()
        .map(|m| {
            let given = options
                .ids
                .get(&m.file)
                .filter(|_| given_to.insert(m.file.as_str()))
                .map(String::as_str);
            let (method, path) = m
                .uri
                .as_ref()
                .map_or(("GET", "/"), |u| (u.method.as_str(), u.path.as_str()));
            ids::Page {
                title: &m.title,
                method,
                path,
                named: m.id.as_deref(),
                given,
                file: &m.file,
            }
        })
        .collect();
    let existing = options.existing_operations();
    let (ids, id_counts) = ids::assign(&keys, options.sdk.as_ref(), &existing);
    summary.ids_given = id_counts.given;
    summary.ids_kept = id_counts.kept;
    summary.ids_from_sdk = id_counts.sdk;
    let mut registry = schemas::Registry::default();
    let mut ops: Vec<(String, Mapping, &model::PageModel)> = Vec::new();
    for (m, id) in models.iter().zip(&ids) {
        let mut cx = fields::Cx {
            page: m,
            tree: &tree_tables,
            registry: &mut registry,
            warnings: &mut warnings,
            op: id.clone(),
            stack: Vec::new(),
            request: false,
            examples: from_examples::Examples::default(),
        };
        let op = operation::build(&mut cx, id);
        ops.push((id.clone(), op, m));
    }
    let counts = perms::attach(&mut ops, &rows, &mut warnings);
    summary.permissions = counts.permissions;
    summary.derived_levels = counts.derived_levels;
    summary.operations_with_permissions = counts.operations;
    summary.shared_tables = registry.shared;
    summary.schemas = registry.len();
    let mut doc = Mapping::new();
    let mut svc = Mapping::new();
    let name = service_name(service);
    svc.insert("name".into(), name.as_str().into());
    svc.insert("module".into(), module_name(service).into());
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        svc.insert("title".into(), t.into());
    }
    if !options.page_import {
        endpoints::fill(&mut svc, pages, service, &mut warnings);
    }
    doc.insert("service".into(), Value::Mapping(svc));
    let mut sorted: Vec<&(String, Mapping, &model::PageModel)> = ops.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut operations: Mapping = sorted
        .iter()
        .map(|(id, op, _)| (Value::String(id.clone()), Value::Mapping(op.clone())))
        .collect();
    summary.operations = operations.len();
    let mut schemas = registry.finish(&mut operations);
    disagree::nullable_from_examples(&operations, &mut schemas);
    paging::infer_paging(&mut operations, &schemas);
    let pages_of: Vec<(String, String, usize)> = ops
        .iter()
        .map(|(id, _, m)| (id.clone(), m.file.clone(), m.title_line))
        .collect();
    summary.retyped = disagree::reconcile(
        &operations,
        &mut schemas,
        options.sdk.as_ref(),
        &pages_of,
        &mut warnings,
    );
    summary.enums = enums::infer(&mut operations, &mut schemas);
    if let Some(old) = options.existing() {
        summary.schemas_kept = stable::stabilize(&mut operations, &mut schemas, old).kept;
    }
    doc.insert("operations".into(), Value::Mapping(operations));
    if !schemas.is_empty() {
        doc.insert("schemas".into(), Value::Mapping(schemas));
    }
    if let Some(fixes) = &options.fixes {
        let applied = fixes.apply(&mut doc, &mut warnings);
        summary.fixes_applied = applied.applied;
        summary.fixes_stale = applied.stale;
    }
    summary.schemas = doc
        .get("schemas")
        .and_then(Value::as_mapping)
        .map_or(0, Mapping::len);
    let yaml = verify::checked(&module_name(&name), &mut doc, &pages_of, &mut warnings);
    // What `check` dropped is not counted.
    summary.operations = doc
        .get("operations")
        .and_then(Value::as_mapping)
        .map_or(0, Mapping::len);
    warnings.sort_by(|a, b| (a.file.as_str(), a.line).cmp(&(b.file.as_str(), b.line)));
    with_columns(&mut warnings, |file| {
        let page = pages.iter().find(|p| p.path == file)?;
        Some(pages::page_text(page, &mut Vec::new()))
    });
    summary.warnings = warnings.len();
    TreeImport {
        yaml,
        summary,
        warnings,
        refused: None,
        strictness: options.strictness,
        page_of: pages_of
            .into_iter()
            .map(|(id, file, _)| (id, file))
            .collect(),
        document: options.page_import.then_some(doc),
    }
}

fn service_name(service: &str) -> String {
    let mut chars = service.chars();
    match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars)
            .filter(|c| c.is_alphanumeric())
            .collect(),
        None => "Service".to_owned(),
    }
}

/// The module name a service name gives (`elastic_ip` → `elastic_ip`, `Vpc` → `vpc`).
pub fn module_name(service: &str) -> String {
    let m: String = service
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if m.is_empty() || m.starts_with(|c: char| c.is_ascii_digit()) {
        format!("service{m}")
    } else {
        m
    }
}
