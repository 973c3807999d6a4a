//! One page to one operation: the sections read in turn and assembled into the operation's
//! YAML and the schemas it uses.

use serde_yaml::{Mapping, Sequence, Value};

use super::examples::{RequestExample, ResponseExample, requests, responses as example_responses};
use super::fragment::mapping;
use super::page::{Line, Page, SectionKind, paragraph};
use super::request::{RequestPage, request, uri};
use super::responses::{errors, responses};
use super::sdk::{is_operation_id, request_classes};
use super::{ImportOptions, ImportedOperation, PageCx, States, permissions::permissions};
use crate::diagnostics::{Diagnostic, KeyPath};
use crate::model::Method;

/// Reads a page. Returns the operation when the page has no errors; the diagnostics
/// (errors and warnings) either way.
pub(crate) fn read_page(
    page_name: &str,
    text: &str,
    options: &ImportOptions,
) -> (Option<ImportedOperation>, Vec<Diagnostic>) {
    let mut cx = PageCx::new(text);
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
    if cx.diags.iter().any(Diagnostic::is_error) {
        return (None, cx.diags);
    }
    let mut op = Mapping::new();
    op.insert("summary".into(), title.trimmed().into());
    if let Some(d) = page
        .section(SectionKind::Function)
        .and_then(|s| paragraph(&s.lines))
    {
        op.insert("description".into(), d.into());
    }
    op.insert("method".into(), method.as_str().into());
    op.insert("path".into(), path.into());
    if !req.params.is_empty() {
        op.insert("parameters".into(), Value::Sequence(req.params));
    }
    if let Some(body) = req.body {
        op.insert("body".into(), Value::Mapping(body));
    }
    if let Some(p) = perms.filter(|p| !p.is_empty()) {
        op.insert("permissions".into(), Value::Sequence(p));
    }
    let responses: Mapping = resp
        .responses
        .iter()
        .map(|(status, parts)| (Value::from(*status), Value::Mapping(parts.to_mapping())))
        .collect();
    op.insert("responses".into(), Value::Mapping(responses));
    if let Some(e) = error_codes.filter(|e| !e.is_empty()) {
        op.insert("errors".into(), Value::Sequence(e));
    }
    if let Some(examples) = examples(&request_examples, &response_examples) {
        op.insert("examples".into(), Value::Mapping(examples));
    }
    let operation = ImportedOperation {
        id,
        page: page_name.to_owned(),
        operation: op,
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

/// The `examples` mapping, when the page documents any.
fn examples(requests: &[RequestExample], responses: &[ResponseExample<'_>]) -> Option<Mapping> {
    let mut m = Mapping::new();
    if !requests.is_empty() {
        let list: Sequence = requests
            .iter()
            .map(|r| {
                let mut e = Mapping::new();
                if let Some(d) = &r.description {
                    e.insert("description".into(), d.as_str().into());
                }
                if let Some(u) = &r.url {
                    e.insert("url".into(), u.as_str().into());
                }
                if let Some(b) = &r.body {
                    e.insert("body".into(), b.clone());
                }
                Value::Mapping(e)
            })
            .collect();
        m.insert("requests".into(), Value::Sequence(list));
    }
    if !responses.is_empty() {
        let list: Sequence = responses
            .iter()
            .map(|r| {
                let mut e = mapping([("status", r.status.into())]);
                if let Some(d) = &r.description {
                    e.insert("description".into(), d.as_str().into());
                }
                if let Some(b) = &r.body {
                    e.insert("body".into(), b.clone());
                }
                Value::Mapping(e)
            })
            .collect();
        m.insert("responses".into(), Value::Sequence(list));
    }
    (!m.is_empty()).then_some(m)
}
