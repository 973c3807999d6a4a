//! The page import: the pages are imported by the tree builder as one tree of those pages
//! ([`super::tree`], so that their schemas are named together), each page's operation
//! named by the page import's own rules (an id given for the page, else the one its SDK
//! samples name, else the target spec's operation with the same method and path, else an
//! error), and reported as located diagnostics at `page:line:column`.

use serde_yaml::{Mapping, Value};

use super::tree::single::{self, TextPage};
use super::tree::{SectionKind, is_operation_id};
use super::{
    ImportOptions, Imported, ImportedOperation, ImportedSchema, PageText, SchemaOrigin, States,
    Strictness, located,
};
use crate::diagnostics::{Diagnostic, FileDiagnostics, KeyPath, Position, Severity};
use crate::error::Error;
use crate::import::refs::{reach, refs_of};

/// Reads pages. Strict (the default), fails with every error of every page (and their
/// warnings) when any page has an error; lenient, what a page cannot read is a warning at
/// its line, a page that gives no operation is skipped with a warning, and the import fails
/// only when no page gives one. Either way it fails when two pages disagree (same
/// operation id, an object table of the same name with different content).
pub fn import_pages(pages: &[PageText], options: &ImportOptions) -> Result<Imported, Error> {
    let lenient = options.strictness == Strictness::Lenient;
    let texts: Vec<&str> = pages
        .iter()
        .map(|p| p.text.strip_prefix('\u{feff}').unwrap_or(&p.text))
        .collect();
    let mut diags: Vec<Vec<Diagnostic>> = vec![Vec::new(); pages.len()];
    // Each page's facts and id; a page that repeats an earlier one's id or object table is
    // not imported.
    let mut named: Vec<(usize, TextPage, String)> = Vec::new();
    for (i, (page, text)) in pages.iter().zip(&texts).enumerate() {
        let facts = single::read(&page.name, text);
        let Some(id) = operation_id(&page.name, text, &facts, options, &mut diags[i]) else {
            continue;
        };
        let title = line_start(text, facts.title.unwrap_or(1));
        let before = diags[i].len();
        disagreements(pages, &named, &id, &facts, title, &mut diags[i]);
        if diags[i].len() == before {
            named.push((i, facts, id));
        }
    }
    let inputs: Vec<(&str, &str, &str)> = named
        .iter()
        .map(|(i, _, id)| (pages[*i].name.as_str(), texts[*i], id.as_str()))
        .collect();
    let imported = single::import(&inputs, options.strictness);
    for file in located(&imported.warnings, options.strictness, |file| {
        let i = pages.iter().position(|p| p.name == file)?;
        Some(texts[i].to_owned())
    }) {
        if let Some(i) = pages.iter().position(|p| p.name == file.file) {
            diags[i].extend(file.diagnostics);
        }
    }
    let doc: Mapping = imported.document.unwrap_or_default();
    let mut operations = Vec::new();
    for (i, facts, id) in named {
        let strict_error = !lenient && diags[i].iter().any(Diagnostic::is_error);
        let found = doc
            .get("operations")
            .and_then(|o| o.get(id.as_str()))
            .and_then(Value::as_mapping);
        match found {
            Some(operation) if !strict_error => operations.push(ImportedOperation {
                id,
                page: pages[i].name.clone(),
                operation: operation.clone(),
                schemas: schemas(&doc, operation, &facts),
                states: states(&facts, operation),
            }),
            Some(_) => {}
            None => diags[i].push(
                Diagnostic::error(
                    "page-no-operation",
                    &KeyPath::root(),
                    "the page gives no operation: it documents no response the importer can read",
                )
                .at(line_start(texts[i], facts.title.unwrap_or(1)))
                .with_help("a page needs `Response Parameters` (per `Status code:`) or a `Status Codes` table"),
            ),
        }
    }
    let mut reports = Vec::new();
    for (i, mut page_diags) in diags.into_iter().enumerate() {
        if lenient {
            let skipped = !operations.iter().any(|o| o.page == pages[i].name);
            skip_leniently(&mut page_diags, skipped);
        }
        if !page_diags.is_empty() {
            page_diags.sort_by_key(|d| (d.severity, d.position.map(|p| p.offset)));
            reports.push(FileDiagnostics {
                file: pages[i].name.clone(),
                source: texts[i].to_owned(),
                diagnostics: page_diags,
            });
        }
    }
    let mut failed = reports
        .iter()
        .any(|r| r.diagnostics.iter().any(Diagnostic::is_error));
    if lenient && operations.is_empty() && !pages.is_empty() {
        failed = true;
        if let Some(first) = reports.first_mut() {
            first.diagnostics.insert(
                0,
                Diagnostic::error(
                    "page-nothing-imported",
                    &KeyPath::root(),
                    "no page gives an operation: nothing to import",
                )
                .at(START),
            );
        }
    }
    if failed {
        return Err(Error::Spec(reports));
    }
    Ok(Imported {
        operations,
        warnings: reports,
    })
}

/// The first character of a page.
const START: Position = Position {
    line: 1,
    column: 1,
    offset: 0,
};

/// A lenient import's diagnostics of one page: what the page could not read becomes a
/// warning (its text says what was skipped); a page that gives no operation says so.
fn skip_leniently(diags: &mut Vec<Diagnostic>, skipped: bool) {
    let first_error = diags.iter().find(|d| d.is_error()).and_then(|d| d.position);
    for d in diags.iter_mut().filter(|d| d.is_error()) {
        d.severity = Severity::Warning;
    }
    if skipped {
        diags.push(
            Diagnostic::warning(
                "page-skipped",
                &KeyPath::root(),
                "the page gives no operation (see its other warnings): not imported",
            )
            .at(first_error.unwrap_or(START)),
        );
    }
}

/// The schemas an operation reaches, in the import's order: named by the page when one of
/// its object tables has that caption, else by rule; stating which fields are required when
/// the request reaches them (request tables have a Mandatory column, response tables do
/// not) and they are not typed from an example.
fn schemas(doc: &Mapping, operation: &Mapping, facts: &TextPage) -> Vec<ImportedSchema> {
    let all = doc
        .get("schemas")
        .and_then(Value::as_mapping)
        .cloned()
        .unwrap_or_default();
    let reach = |roots| reach(roots, &all);
    let used = reach(refs_of(&Value::Mapping(operation.clone())));
    let request = reach(
        ["parameters", "body"]
            .iter()
            .filter_map(|k| operation.get(*k))
            .flat_map(refs_of)
            .collect(),
    );
    all.iter()
        .filter_map(|(name, value)| {
            let (name, Value::Mapping(value)) = (name.as_str()?, value) else {
                return None;
            };
            if !used.contains(name) {
                return None;
            }
            let origin = if facts.objects.contains_key(name) {
                SchemaOrigin::Page
            } else {
                SchemaOrigin::Rule
            };
            Some(ImportedSchema {
                name: name.to_owned(),
                value: value.clone(),
                origin,
                states_required: request.contains(name) && !value.contains_key("inferred"),
            })
        })
        .collect()
}

/// Which parts of the operation the page states: those of the sections it has. Examples of
/// a kind the import dropped (or a section that shows none) are not stated, so that a merge
/// keeps the spec's.
fn states(facts: &TextPage, operation: &Mapping) -> States {
    let has = |kind| facts.sections.contains(&kind);
    let examples = |kind: &str| {
        operation
            .get("examples")
            .and_then(|e| e.get(kind))
            .is_some()
    };
    States {
        description: has(SectionKind::Function),
        parameters: has(SectionKind::RequestParameters) || operation.contains_key("parameters"),
        body: has(SectionKind::RequestParameters),
        permissions: has(SectionKind::Authorization),
        response_bodies: has(SectionKind::ResponseParameters),
        errors: has(SectionKind::ErrorCodes),
        example_requests: has(SectionKind::ExampleRequests) && examples("requests"),
        example_responses: has(SectionKind::ExampleResponses) && examples("responses"),
    }
}

/// The position of the first character of `line` that is not a space (the page's start
/// past its end).
fn line_start(text: &str, line: usize) -> Position {
    super::warning::position(text, line, None).unwrap_or(START)
}

/// The operation id: given by the caller for this page, else the SDK sample's request class,
/// else the id of the spec's operation with the same method and path; else an error. A page
/// without a URI the importer reads is an error first.
fn operation_id(
    name: &str,
    text: &str,
    facts: &TextPage,
    options: &ImportOptions,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let title = line_start(text, facts.title.unwrap_or(1));
    if facts.title.is_none() {
        diags
            .push(Diagnostic::error("page-empty", &KeyPath::root(), "the page is empty").at(START));
        return None;
    }
    let Some((method, path)) = &facts.endpoint else {
        diags.push(
            Diagnostic::error(
                "page-missing-section",
                &KeyPath::root().key(SectionKind::Uri.heading()),
                "the page has no `URI` section with a `METHOD /path` line",
            )
            .at(title)
            .with_help(
                "the importer needs the method and path, e.g. a line `URI` followed by `GET /v5/...`",
            ),
        );
        return None;
    };
    if let Some(id) = options.ids.get(name) {
        if is_operation_id(id) {
            return Some(id.clone());
        }
        diags.push(
            Diagnostic::error(
                "page-id",
                &KeyPath::root(),
                format!("`{id}` (given for this page) is not an operation id"),
            )
            .at(title),
        );
        return None;
    }
    match facts.request_classes.as_slice() {
        [(id, _)] => return Some(id.clone()),
        [] => {}
        [(_, first), ..] => {
            let names: Vec<String> = facts
                .request_classes
                .iter()
                .map(|(id, l)| format!("`{id}Request` (line {l})"))
                .collect();
            diags.push(
                Diagnostic::error(
                    "page-id",
                    &KeyPath::root().key(SectionKind::SdkSample.heading()),
                    format!(
                        "the SDK samples name several request classes: {}",
                        names.join(", ")
                    ),
                )
                .at(line_start(text, *first))
                .with_help(format!(
                    "name the operation yourself: `--id {name}=<OperationId>`"
                )),
            );
            return None;
        }
    }
    if let Some(known) = options
        .known
        .iter()
        .find(|k| k.method.eq_ignore_ascii_case(method) && k.path == *path)
    {
        diags.push(
            Diagnostic::warning(
                "page-id-from-spec",
                &KeyPath::root(),
                format!(
                    "the page has no SDK sample: named `{}` after the spec's operation {method} {path}",
                    known.id
                ),
            )
            .at(title),
        );
        return Some(known.id.clone());
    }
    diags.push(
        Diagnostic::error(
            "page-id",
            &KeyPath::root(),
            "cannot tell the operation id: the page has no SDK sample naming `<OperationId>Request`",
        )
        .at(title)
        .with_help(format!("name it yourself: `--id {name}=<OperationId>`")),
    );
    None
}

/// A page that repeats the operation id of an earlier page, or describes an object table
/// an earlier page has (same caption) differently: an error, and the page is not imported.
fn disagreements(
    pages: &[PageText],
    earlier: &[(usize, TextPage, String)],
    id: &str,
    facts: &TextPage,
    title: Position,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some((first, _, _)) = earlier.iter().find(|(_, _, other)| other == id) {
        diags.push(
            Diagnostic::error(
                "page-duplicate-operation",
                &KeyPath::root(),
                format!("`{id}` is also the operation of {}", pages[*first].name),
            )
            .at(title)
            .with_help("import each operation once; pass `--id page=OtherId` if the pages differ"),
        );
    }
    for (name, table) in &facts.objects {
        let clash = earlier
            .iter()
            .find(|(_, other, _)| other.objects.get(name).is_some_and(|t| t != table));
        if let Some((first, _, _)) = clash {
            diags.push(
                Diagnostic::error(
                    "page-schema-conflict",
                    &KeyPath::root().key(name.as_str()),
                    format!(
                        "this page describes `{name}` differently from {}",
                        pages[*first].name
                    ),
                )
                .at(title)
                .with_help("make the two pages agree, or import them into different specs"),
            );
        }
    }
}
