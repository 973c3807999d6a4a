//! One page to one operation: the sections read in turn and assembled into the operation's
//! YAML and the schemas it uses.

use serde_yaml::Value;

use super::examples::{RequestExample, ResponseExample, requests, responses as example_responses};
use super::page::{Line, Page, SectionKind, paragraph};
use super::request::{RequestPage, request, uri};
use super::responses::{errors, responses};
use super::sdk::{is_operation_id, request_classes};
use super::{ImportOptions, ImportedOperation, PageCx, States, permissions::permissions};
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::model::Method;
use crate::parse::document::{self, Entries, Examples, Integer, Operation, mapping};

/// Reads a page. Returns the operation when the page has no errors; the diagnostics
/// (errors and warnings) either way.
pub(crate) fn read_page(
    page_name: &str,
    text: &str,
    options: &ImportOptions,
) -> (Option<ImportedOperation>, Vec<Diagnostic>) {
    let mut cx = PageCx::new(text);
    cx.lenient = options.strictness == super::Strictness::Lenient;
    let page = Page::split(text, &mut cx.diags);
    let Some(title) = page.title else {
        cx.diags.push(Diagnostic::error(
            "page-empty",
            &KeyPath::root(),
            "the page is empty",
        ));
        return (None, cx.diags);
    };
    let endpoint = match page.section(SectionKind::Uri) {
        Some(s) => uri(&mut cx, s),
        None => {
            cx.diags.push(
                Diagnostic::error("page-missing-section", &SectionKind::Uri.path(), "the page has no `URI` section")
                    .at(title.start())
                    .with_help("the importer needs the method and path, e.g. a line `URI` followed by `GET /v5/...`"),
            );
            None
        }
    };
    let id = operation_id(
        &mut cx,
        &page,
        title,
        page_name,
        options,
        endpoint.as_ref().map(|(m, p, _)| (*m, p.as_str())),
    );
    let request_examples = page
        .section(SectionKind::ExampleRequests)
        .map(|s| requests(&mut cx, s))
        .unwrap_or_default();
    let response_examples = page
        .section(SectionKind::ExampleResponses)
        .map(|s| example_responses(&mut cx, s))
        .unwrap_or_default();
    let id_text = id.clone().unwrap_or_else(|| "Operation".to_owned());
    let req = request(
        &mut cx,
        &RequestPage {
            id: &id_text,
            uri: page.section(SectionKind::Uri),
            uri_line: endpoint.as_ref().map(|(_, p, l)| (p.as_str(), *l)),
            params: page.section(SectionKind::RequestParameters),
            example_bodies: request_examples
                .iter()
                .filter_map(|e| e.body.as_ref())
                .collect(),
        },
    );
    let resp = responses(
        &mut cx,
        &id_text,
        page.section(SectionKind::ResponseParameters),
        page.section(SectionKind::StatusCodes),
        &response_examples,
    );
    if resp.responses.is_empty() {
        cx.diags.push(
            Diagnostic::error(
                "page-no-response",
                &SectionKind::ResponseParameters.path(),
                "the page documents no response",
            )
            .at(title.start())
            .with_help(
                "a page needs `Response Parameters` (per `Status code:`) or a `Status Codes` table",
            ),
        );
    }
    let perms = page
        .section(SectionKind::Authorization)
        .map(|s| permissions(&mut cx, s));
    let error_codes = page
        .section(SectionKind::ErrorCodes)
        .and_then(|s| errors(&mut cx, s));
    let states = States {
        description: page.section(SectionKind::Function).is_some(),
        parameters: page.section(SectionKind::RequestParameters).is_some()
            || !req.params.is_empty(),
        body: page.section(SectionKind::RequestParameters).is_some(),
        permissions: perms.is_some(),
        response_bodies: resp.states_bodies,
        errors: error_codes.is_some(),
        example_requests: page.section(SectionKind::ExampleRequests).is_some(),
        example_responses: page.section(SectionKind::ExampleResponses).is_some(),
    };
    let (Some(id), Some((method, path, _))) = (id, endpoint) else {
        return (None, cx.diags);
    };
    // Lenient, a page with unreadable parts still gives its operation, unless it documents
    // no response (an operation needs one).
    let strict = options.strictness == super::Strictness::Strict;
    if resp.responses.is_empty() || (strict && cx.diags.iter().any(Diagnostic::is_error)) {
        return (None, cx.diags);
    }
    let responses = resp
        .responses
        .iter()
        .map(|(status, parts)| (Value::from(*status), Some(parts.to_response())))
        .collect();
    let op = Operation {
        summary: Some(title.trimmed().to_owned()),
        description: page
            .section(SectionKind::Function)
            .and_then(|s| paragraph(&s.lines)),
        method: Some(method.as_str().to_owned()),
        path: Some(path),
        parameters: (!req.params.is_empty()).then_some(req.params),
        body: req.body,
        permissions: perms.filter(|p| !p.is_empty()),
        responses: Some(Entries(responses)),
        errors: error_codes.filter(|e| !e.is_empty()),
        examples: examples(&request_examples, &response_examples),
        ..Operation::default()
    };
    let operation = ImportedOperation {
        id,
        page: page_name.to_owned(),
        operation: mapping(&op),
        schemas: cx.schemas.list,
        states,
        title_position: title.start(),
    };
    (Some(operation), cx.diags)
}

/// The operation id: given by the caller for this page, else the SDK sample's request class,
/// else the id of the spec's operation with the same method and path.
fn operation_id(
    cx: &mut PageCx<'_>,
    page: &Page<'_>,
    title: Line<'_>,
    page_name: &str,
    options: &ImportOptions,
    endpoint: Option<(Method, &str)>,
) -> Option<String> {
    if let Some(id) = options.ids.get(page_name) {
        if is_operation_id(id) {
            return Some(id.clone());
        }
        cx.diags.push(
            Diagnostic::error(
                "page-id",
                &KeyPath::root(),
                format!("`{id}` (given for this page) is not an operation id"),
            )
            .at(title.start()),
        );
        return None;
    }
    let found = page
        .section(SectionKind::SdkSample)
        .map(request_classes)
        .unwrap_or_default();
    match found.as_slice() {
        [(id, _)] => return Some(id.clone()),
        [] => {}
        [_, ..] => {
            let names: Vec<String> = found
                .iter()
                .map(|(id, l)| format!("`{id}Request` (line {})", l.number))
                .collect();
            cx.diags.push(
                Diagnostic::error(
                    "page-id",
                    &SectionKind::SdkSample.path(),
                    format!(
                        "the SDK samples name several request classes: {}",
                        names.join(", ")
                    ),
                )
                .at(found[0].1.start())
                .with_help(format!(
                    "name the operation yourself: `--id {page_name}=<OperationId>`"
                )),
            );
            return None;
        }
    }
    if let Some((method, path)) = endpoint
        && let Some(known) = options
            .known
            .iter()
            .find(|k| k.method.eq_ignore_ascii_case(method.as_str()) && k.path == path)
    {
        cx.diags.push(
            Diagnostic::warning(
                "page-id-from-spec",
                &KeyPath::root(),
                format!(
                    "the page has no SDK sample: named `{}` after the spec's operation {} {path}",
                    known.id,
                    method.as_str()
                ),
            )
            .at(title.start()),
        );
        return Some(known.id.clone());
    }
    cx.diags.push(
        Diagnostic::error("page-id", &KeyPath::root(), "cannot tell the operation id: the page has no SDK sample naming `<OperationId>Request`")
            .at(title.start())
            .with_help(format!("name it yourself: `--id {page_name}=<OperationId>`")),
    );
    None
}

/// The `examples` section, when the page documents any.
fn examples(requests: &[RequestExample], responses: &[ResponseExample<'_>]) -> Option<Examples> {
    let requests: Vec<document::RequestExample> = requests
        .iter()
        .map(|r| document::RequestExample {
            description: r.description.clone(),
            url: r.url.clone(),
            body: r.body.clone(),
        })
        .collect();
    let responses: Vec<document::ResponseExample> = responses
        .iter()
        .map(|r| document::ResponseExample {
            status: Some(Integer::Number(r.status.into())),
            description: r.description.clone(),
            body: r.body.clone(),
        })
        .collect();
    let examples = Examples {
        requests: (!requests.is_empty()).then_some(requests),
        responses: (!responses.is_empty()).then_some(responses),
    };
    (examples != Examples::default()).then_some(examples)
}
