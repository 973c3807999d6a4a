//! Round two, pagers: a listing is complete or it is an error. Servers that cycle markers
//! or item ids, ignore the page number, cap the page size below what was asked while
//! reporting a total, or never stop; the generated clients of the fixture and the real
//! specs against them, async and blocking.

use std::collections::HashMap;

use hwcloud_codeartsartifact::requests::{
    ListAttentionsRequest, ShowProjectRelatedRepositoryRequest,
};
use hwcloud_runtime::Credentials;
use hwcloud_tests::fixtures::marker_paging::{self, requests};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::{client_for, op, reply};
use hwcloud_runtime::{ApiRequest, Method, Operation, RequestWriter};
use hwcloud_tests::scripted::Server;

/// Serves every GET of `route` with `page(query)`.
async fn serve(
    route: &str,
    page: impl Fn(&HashMap<String, String>) -> Value + Send + Sync + 'static,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(route))
        .respond_with(move |request: &Request| {
            let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
            ResponseTemplate::new(200).set_body_json(page(&query))
        })
        .mount(&server)
        .await;
    server
}

async fn requests_seen(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

fn credentials() -> Credentials {
    Credentials::new(AK, SK).with_project_id(PROJECT_ID)
}

fn markers(server: &MockServer) -> marker_paging::Client {
    marker_paging::Client::builder()
        .credentials(credentials())
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

fn artifacts(server: &MockServer) -> hwcloud_codeartsartifact::Client {
    hwcloud_codeartsartifact::Client::builder()
        .credentials(credentials())
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

const VPCS: &str = "/v3/0123456789abcdef0123456789abcdef/vpc/vpcs";
const PORTS: &str = "/v2.0/ports";
const ATTENTIONS: &str = "/cloudartifact/v5/attention/artifacts";
const PROJECTS: &str = "/v5/maven/project/repository";

fn number(query: &HashMap<String, String>, key: &str) -> Option<i64> {
    query.get(key).and_then(|v| v.parse().ok())
}

fn attention_page(ids: &[String], total: i64) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    json!({ "status": "success", "result": { "totalRecords": total, "data": data } })
}

#[tokio::test]
async fn a_marker_pager_whose_server_cycles_markers_fails_instead_of_repeating_data() {
    // a → b → a → b ...: each page is new data, the third names a marker already sent.
    let server = serve(VPCS, |query| {
        let (id, next) = match query.get("marker").map(String::as_str) {
            None => ("v0", "a"),
            Some("a") => ("v1", "b"),
            Some(_) => ("v2", "a"),
        };
        json!({ "vpcs": [{ "id": id }], "page_info": { "next_marker": next } })
    })
    .await;
    let error = markers(&server)
        .list_vpcs_pager(requests::ListVpcsRequest::new())
        .collect_items()
        .await
        .expect_err("a cycle is not a listing");
    let shown = error.to_string();
    assert!(shown.contains("named the marker \"a\" again"), "{shown}");
    assert!(shown.contains("3 items in 3 pages"), "{shown}");
    assert_eq!(requests_seen(&server).await, 3);

    // Page by page, nothing is lost: the three pages, then the error, then the error again.
    let mut pager = markers(&server).list_vpcs_pager(requests::ListVpcsRequest::new());
    let mut ids = Vec::new();
    while let Ok(Some(page)) = pager.next_page().await {
        ids.extend(page.into_iter().map(|v| v.id));
    }
    assert_eq!(ids, ["v0", "v1", "v2"]);
    assert!(pager.next_page().await.is_err(), "the error stays");
}

#[tokio::test]
async fn a_marker_pager_whose_server_cycles_item_ids_fails() {
    // limit=1, ids a, b, c, a, b, c, ...: the last item's id is the marker.
    let server = serve(PORTS, |query| {
        let next = match query.get("marker").map(String::as_str) {
            None | Some("c") => "a",
            Some("a") => "b",
            Some(_) => "c",
        };
        json!({ "ports": [{ "id": next }] })
    })
    .await;
    let error = markers(&server)
        .list_ports_pager(requests::ListPortsRequest::new().with_limit(1))
        .collect_items()
        .await
        .expect_err("a cycle is not a listing");
    let shown = error.to_string();
    assert!(
        shown.contains("page 4 holds the same items as page 1"),
        "{shown}"
    );
    assert_eq!(requests_seen(&server).await, 4);
}

#[tokio::test]
async fn a_page_pager_whose_server_ignores_the_page_number_fails() {
    let server = serve(ATTENTIONS, |_| {
        attention_page(&["a".to_owned(), "b".to_owned()], 20_000)
    })
    .await;
    let error = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(2))
        .collect_items()
        .await
        .expect_err("the same page again is not a listing");
    let shown = error.to_string();
    assert!(
        shown.contains("page 2 holds the same items as page 1"),
        "{shown}"
    );
    assert_eq!(requests_seen(&server).await, 2);
}

/// Pages of `served` items at most whatever the size asked for, over `total` items, with
/// the total reported.
fn capped_attentions(query: &HashMap<String, String>, served: i64, total: i64) -> Value {
    let page = number(query, "page_no").unwrap_or(1);
    let first = (page - 1) * served;
    let ids: Vec<String> = (first..(first + served).min(total))
        .map(|i| format!("i{i}"))
        .collect();
    attention_page(&ids, total)
}

#[tokio::test]
async fn a_short_page_does_not_end_the_walk_while_the_total_says_more() {
    // Page numbers: the service serves 3 a page although 5 were asked for; 10 in all.
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 3, 10)).await;
    let items = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(5))
        .collect_items()
        .await
        .expect("every item");
    let ids: Vec<_> = items.iter().filter_map(|i| i.id.clone()).collect();
    let expected: Vec<_> = (0..10).map(|i| format!("i{i}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(requests_seen(&server).await, 4);

    // Offsets: the same service, by offset.
    let server = serve(PROJECTS, |query| {
        let offset = number(query, "offset").unwrap_or(0);
        let info: Vec<Value> = (offset..(offset + 3).min(10))
            .map(|i| json!({ "id": format!("p{i}") }))
            .collect();
        json!({ "result": { "project_info": info, "total_records": 10 } })
    })
    .await;
    let items = artifacts(&server)
        .show_project_related_repository_pager(
            ShowProjectRelatedRepositoryRequest::new().with_limit(5),
        )
        .collect_items()
        .await
        .expect("every item");
    let ids: Vec<_> = items.iter().filter_map(|i| i.id.clone()).collect();
    let expected: Vec<_> = (0..10).map(|i| format!("p{i}")).collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn pages_that_end_before_the_reported_total_are_an_error() {
    // The total says 10; there are 4.
    let server = serve(ATTENTIONS, |query| {
        let mut page = capped_attentions(query, 2, 4);
        page["result"]["totalRecords"] = json!(10);
        page
    })
    .await;
    let error = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(2))
        .collect_items()
        .await
        .expect_err("four items of ten is not the listing");
    let shown = error.to_string();
    assert!(
        shown.contains("the pages ended at position 4 but the service reports 10 items"),
        "{shown}"
    );
}

#[tokio::test]
async fn reaching_the_page_cap_is_an_error_not_the_end_of_the_listing() {
    // A listing that never ends: distinct pages forever.
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 2, i64::MAX)).await;
    let error = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(2))
        .with_max_pages(5)
        .collect_items()
        .await
        .expect_err("cut by the cap");
    let shown = error.to_string();
    assert!(
        shown.contains("5 pages fetched (the pager's limit) and more would follow"),
        "{shown}"
    );
    assert_eq!(requests_seen(&server).await, 5);

    // A listing that ends exactly at the cap is complete.
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 2, 10)).await;
    let items = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(2))
        .with_max_pages(5)
        .collect_items()
        .await
        .expect("ten items in five pages");
    assert_eq!(items.len(), 10);
}

#[tokio::test]
async fn the_item_stream_yields_every_item_and_ends_with_the_error() {
    use futures_util::StreamExt as _;
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 3, 10)).await;
    let stream = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(3))
        .into_stream();
    fn can_be_spawned<T: Send + 'static>(_: &T) {}
    can_be_spawned(&stream);
    let items: Vec<_> = std::pin::pin!(stream).collect().await;
    let ids: Vec<_> = items
        .into_iter()
        .map(|i| i.expect("no error").id.unwrap_or_default())
        .collect();
    let expected: Vec<_> = (0..10).map(|i| format!("i{i}")).collect();
    assert_eq!(ids, expected);

    // A server that ignores the page number: the first page's items, then the error.
    let server = serve(ATTENTIONS, |_| {
        attention_page(&["a".to_owned(), "b".to_owned()], 100)
    })
    .await;
    let stream = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(2))
        .into_page_stream();
    let pages: Vec<_> = std::pin::pin!(stream).collect().await;
    assert_eq!(pages.len(), 2, "one page, then the error");
    assert!(matches!(&pages[0], Ok(page) if page.len() == 2));
    assert!(
        matches!(&pages[1], Err(hwcloud_runtime::Error::Paging(_))),
        "{:?}",
        pages[1]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_blocking_client_has_the_same_pager() {
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 3, 10)).await;
    let cycling = serve(ATTENTIONS, |_| {
        attention_page(&["a".to_owned(), "b".to_owned()], 100)
    })
    .await;
    let (uri, cycling_uri) = (server.uri(), cycling.uri());
    tokio::task::spawn_blocking(move || {
        let client = |uri: &str| {
            hwcloud_codeartsartifact::blocking::Client::builder()
                .credentials(credentials())
                .endpoint(uri)
                .build()
                .expect("valid configuration")
        };
        let request = ListAttentionsRequest::new().with_page_size(5);
        let ids: Vec<String> = client(&uri)
            .list_attentions_pager(request.clone())
            .into_iter()
            .map(|item| item.expect("no error").id.unwrap_or_default())
            .collect();
        assert_eq!(ids.len(), 10, "{ids:?}");
        let all = client(&uri)
            .list_attentions_pager(request.clone())
            .collect_items()
            .expect("every item");
        assert_eq!(all.len(), 10);
        let error = client(&cycling_uri)
            .list_attentions_pager(request)
            .collect_items()
            .expect_err("a repeated page");
        assert!(
            error.to_string().contains("same items as page 1"),
            "{error}"
        );
    })
    .await
    .expect("no panic");
}

#[tokio::test]
async fn a_required_total_the_service_left_out_does_not_end_the_walk() {
    use hwcloud_tests::scripted::{Server, http};
    // No `total`, which the page type requires: lenient decoding makes it 0. It is not
    // taken for the total (0 beside two items), so the walk goes on to the short page.
    let server = Server::start(vec![
        http(200, &[], r#"{"items": ["a", "b"]}"#),
        http(200, &[], r#"{"items": ["c"]}"#),
    ])
    .await;
    let request = List {
        offset: None,
        limit: 2,
    };
    let items = hwcloud_runtime::Pager::new(client_for(&server), request)
        .collect_items()
        .await
        .expect("every item");
    assert_eq!(items, ["a", "b", "c"]);
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_service_that_ignores_the_page_size_is_walked_by_its_own() {
    // 10 a page whatever is asked; 25 in all.
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 10, 25)).await;
    let items = artifacts(&server)
        .list_attentions_pager(ListAttentionsRequest::new().with_page_size(5))
        .collect_items()
        .await
        .expect("every item");
    assert_eq!(items.len(), 25);
    assert_eq!(requests_seen(&server).await, 3);

    // Started at the last page, a short one: the total is reached there.
    let server = serve(ATTENTIONS, |query| capped_attentions(query, 2, 5)).await;
    let items = artifacts(&server)
        .list_attentions_pager(
            ListAttentionsRequest::new()
                .with_page_size(2)
                .with_page_no(3),
        )
        .collect_items()
        .await
        .expect("the last item");
    assert_eq!(items.len(), 1);
    assert_eq!(requests_seen(&server).await, 1);
}

// ---------------------------------------------------------------------------------------
// 10. A pager started past the start compares the total with the position reached.

const LIST: Operation = op("ListThings", Method::Get, "/v1/{project_id}/list");

/// A page of `ListThings`: items and the service's total.
#[derive(Debug)]
struct Page {
    items: Vec<String>,
    total: i64,
}
hwcloud_runtime::object_serde!(Page { Req items "items", Req total "total" });

/// `ListThings` from `offset`, `limit` items at a time.
#[derive(Clone)]
struct List {
    offset: Option<i64>,
    limit: i64,
}

impl ApiRequest for List {
    type Output = Page;
    const OPERATION: &'static Operation = &LIST;
    fn write(&self, request: &mut RequestWriter) {
        request.query("offset", &self.offset);
        request.query("limit", &self.limit);
    }
}

impl hwcloud_runtime::Paginated for List {
    type Item = String;
    const STYLE: hwcloud_runtime::PagingStyle = hwcloud_runtime::PagingStyle::Offset;
    fn cursor(&self) -> Option<hwcloud_runtime::Cursor> {
        self.offset.map(hwcloud_runtime::Cursor::Position)
    }
    fn set_cursor(&mut self, cursor: hwcloud_runtime::Cursor) {
        if let hwcloud_runtime::Cursor::Position(offset) = cursor {
            self.offset = Some(offset);
        }
    }
    fn page_size(&self) -> Option<i64> {
        Some(self.limit)
    }
    fn items(output: Page) -> Vec<String> {
        output.items
    }
    fn page_items(output: &Page) -> &[String] {
        &output.items
    }
    fn total(output: &Page) -> Option<i64> {
        Some(output.total)
    }
}

#[tokio::test]
async fn a_pager_started_at_an_offset_stops_at_the_reported_total() {
    // Items 4 and 5 of 6; then the last two. A third page would be past the end.
    let server = Server::start(vec![
        reply(200, &[], r#"{"items": ["d", "e"], "total": 6}"#),
        reply(200, &[], r#"{"items": ["f", "g"], "total": 6}"#),
        reply(200, &[], r#"{"items": [], "total": 6}"#),
    ])
    .await;
    let request = List {
        offset: Some(3),
        limit: 2,
    };
    let items = hwcloud_runtime::Pager::new(client_for(&server), request)
        .collect_items()
        .await
        .expect("two pages");
    assert_eq!(items, ["d", "e", "f", "g"]);
    let offsets: Vec<_> = server
        .seen()
        .iter()
        .map(|s| s.request.query.clone())
        .collect();
    assert_eq!(offsets, ["limit=2&offset=3", "limit=2&offset=5"]);
}
