//! Walking all pages against a loopback server that serves several pages: the pager stops
//! on a short page, at the reported total, or on an empty page, and never asks for more.

use hwcloud_codeartsartifact::requests::{ListAttentionsRequest, ShowVersionListRequest};
use hwcloud_codeartsartifact::{Client, Credentials};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

fn attention_page(ids: &[&str], total: i64) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    json!({ "status": "success", "trace_id": "t", "result": { "totalRecords": total, "data": data } })
}

async fn serve(server: &MockServer, route: &str, key: &str, value: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param(key, value))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

const ATTENTIONS: &str = "/cloudartifact/v5/attention/artifacts";

/// Mounts pages of attentions, each `(page_no, item ids, reported total)`, each to be asked
/// for once.
async fn serve_attentions(server: &MockServer, pages: &[(&str, &[&str], i64)]) {
    for (page_no, ids, total) in pages {
        let body = attention_page(ids, *total);
        serve(server, ATTENTIONS, "page_no", page_no, body).await;
    }
}

#[tokio::test]
async fn page_numbers_stop_on_the_short_last_page() {
    let server = MockServer::start().await;
    serve_attentions(
        &server,
        &[
            ("1", &["a", "b"], 5),
            ("2", &["c", "d"], 5),
            ("3", &["e"], 5),
        ],
    )
    .await;

    let request = ListAttentionsRequest::new().with_page_size(2);
    let items = client(&server)
        .list_attentions_pager(request)
        .collect_items()
        .await
        .expect("all pages");

    let ids: Vec<_> = items
        .iter()
        .map(|i| i.id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 3, "no request after the last page");
    assert!(
        requests
            .iter()
            .all(|r| r.url.query().unwrap_or_default().contains("page_size=2"))
    );
}

#[tokio::test]
async fn page_numbers_stop_at_the_reported_total_even_on_a_full_page() {
    let server = MockServer::start().await;
    serve_attentions(&server, &[("3", &["e", "f"], 8), ("4", &["g", "h"], 8)]).await;

    // Starting in the middle: the pager continues from the request's own page number.
    let request = ListAttentionsRequest::new()
        .with_page_size(2)
        .with_page_no(3);
    let mut pager = client(&server).list_attentions_pager(request);
    let first = pager.next_page().await.expect("page 3").expect("a page");
    let second = pager.next_page().await.expect("page 4").expect("a page");
    assert_eq!(first.len() + second.len(), 4);
    assert!(
        pager.next_page().await.expect("no error").is_none(),
        "total reached: pages 1 to 4 hold the 8 items"
    );
}

/// Mounts a page that must never be asked for.
async fn never(server: &MockServer, route: &str, key: &str, value: &str) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(query_param(key, value))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_pager_started_past_the_first_page_counts_the_pages_before_it() {
    let server = MockServer::start().await;
    // Page 2 of 2: full, and with page 1 it makes the reported total.
    serve_attentions(&server, &[("2", &["c", "d"], 4)]).await;
    never(&server, ATTENTIONS, "page_no", "3").await;
    let request = ListAttentionsRequest::new()
        .with_page_size(2)
        .with_page_no(2);
    let items = client(&server)
        .list_attentions_pager(request)
        .collect_items()
        .await
        .expect("one page");
    assert_eq!(items.len(), 2);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

const VERSIONS: &str = "/v5/0123456789abcdef0123456789abcdef/versions";

fn versions(names: &[&str]) -> Value {
    let result: Vec<Value> = names.iter().map(|n| json!({ "version": n })).collect();
    json!({ "status": "success", "trace_id": "t", "result": result })
}

/// Mounts pages of versions, each `(offset, versions)`, each to be asked for once.
async fn serve_versions(server: &MockServer, pages: &[(&str, &[&str])]) {
    for (offset, names) in pages {
        serve(server, VERSIONS, "offset", offset, versions(names)).await;
    }
}

#[tokio::test]
async fn offsets_advance_by_the_items_received() {
    let server = MockServer::start().await;
    serve_versions(
        &server,
        &[
            ("0", &["1.0", "1.1"]),
            ("2", &["1.2", "1.3"]),
            ("4", &["2.0"]),
        ],
    )
    .await;

    let request = ShowVersionListRequest::new().with_limit(2);
    let items = client(&server)
        .show_version_list_pager(request)
        .collect_items()
        .await
        .expect("all pages");
    assert_eq!(items.len(), 5);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

#[tokio::test]
async fn without_a_page_size_an_empty_page_ends_the_walk() {
    let server = MockServer::start().await;
    serve_versions(&server, &[("0", &["1.0", "1.1", "1.2"]), ("3", &[])]).await;

    let pager = client(&server).show_version_list_pager(ShowVersionListRequest::new());
    let items = pager.collect_items().await.expect("all pages");
    assert_eq!(items.len(), 3);
}

#[tokio::test]
async fn an_error_stops_the_walk_and_the_page_can_be_asked_again() {
    let server = MockServer::start().await;
    serve_attentions(&server, &[("1", &["a", "b"], 3)]).await;
    Mock::given(method("GET"))
        .and(path(ATTENTIONS))
        .and(query_param("page_no", "2"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"error_code": "E403", "error_msg": "denied"})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve_attentions(&server, &[("2", &["c"], 3)]).await;

    let mut pager =
        client(&server).list_attentions_pager(ListAttentionsRequest::new().with_page_size(2));
    assert_eq!(
        pager.next_page().await.expect("page 1").map(|p| p.len()),
        Some(2)
    );
    let error = pager.next_page().await.expect_err("page 2 fails once");
    assert_eq!(error.error_code(), Some("E403"));
    assert_eq!(
        pager
            .next_page()
            .await
            .expect("page 2 again")
            .map(|p| p.len()),
        Some(1)
    );
    assert!(pager.next_page().await.expect("done").is_none());
}
