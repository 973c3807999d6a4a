//! Marker paging against a loopback server: the next marker comes from the response's
//! `page_info.next_marker`, from the last item's id, or from another item field; the pager
//! sends it with the next request, signs every page, and stops on the last page.

use hwcloud_runtime::Credentials;
use hwcloud_tests::fixtures::marker_paging::{Client, requests};
use hwcloud_tests::loopback::{AK, PROJECT_ID, SK, received};
use hwcloud_tests::verify::check_signature;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.uri())
        .build()
        .expect("valid configuration")
}

/// Serves `body` to the request with `marker` (or none), exactly once.
async fn serve(server: &MockServer, route: &str, marker: Option<&str>, body: Value) {
    let mock = Mock::given(method("GET")).and(path(route));
    let mock = match marker {
        Some(m) => mock.and(query_param("marker", m)),
        None => mock.and(query_param_is_missing("marker")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

fn vpcs(ids: &[&str], next: Option<&str>) -> Value {
    let vpcs: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    let mut page_info = json!({ "current_count": ids.len() });
    if let Some(n) = next {
        page_info["next_marker"] = json!(n);
    }
    json!({ "request_id": "r", "vpcs": vpcs, "page_info": page_info })
}

fn ports(ids: &[&str]) -> Value {
    let ports: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    json!({ "ports": ports })
}

const VPCS: &str = "/v3/0123456789abcdef0123456789abcdef/vpc/vpcs";

#[tokio::test]
async fn next_marker_field_chains_pages_until_it_is_absent() {
    let server = MockServer::start().await;
    serve(&server, VPCS, None, vpcs(&["a", "b"], Some("b"))).await;
    serve(&server, VPCS, Some("b"), vpcs(&["c", "d"], Some("d"))).await;
    // A short page with a next marker still leads on: the field decides, not the count.
    serve(&server, VPCS, Some("d"), vpcs(&["e"], Some("e"))).await;
    serve(&server, VPCS, Some("e"), vpcs(&["f"], None)).await;

    let request = requests::ListVpcsRequest::new()
        .with_limit(2)
        .with_id(vec!["x".to_owned(), "y".to_owned()]);
    let items = client(&server)
        .list_vpcs_pager(request)
        .collect_items()
        .await
        .expect("all pages");
    let ids: Vec<_> = items.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);

    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 4, "no request after the last page");
    for r in &requests {
        let r = received(r);
        check_signature(&r, AK, SK).expect("every page is signed as the official SDK signs");
        // Arrays in the query are repeated keys, sorted, beside limit and marker.
        assert!(
            r.query.starts_with("id=x&id=y&limit=2"),
            "query: {}",
            r.query
        );
    }
}

#[tokio::test]
async fn a_server_repeating_the_marker_does_not_loop() {
    let server = MockServer::start().await;
    serve(&server, VPCS, None, vpcs(&["a"], Some("a"))).await;
    serve(&server, VPCS, Some("a"), vpcs(&["b"], Some("a"))).await;

    let error = client(&server)
        .list_vpcs_pager(requests::ListVpcsRequest::new())
        .collect_items()
        .await
        .expect_err("a cycle");
    assert!(error.to_string().contains("again (a cycle)"), "{error}");
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test]
async fn last_item_id_is_the_next_marker_and_a_short_page_is_the_last() {
    let server = MockServer::start().await;
    serve(&server, "/v2.0/ports", None, ports(&["p1", "p2"])).await;
    serve(&server, "/v2.0/ports", Some("p2"), ports(&["p3", "p4"])).await;
    serve(&server, "/v2.0/ports", Some("p4"), ports(&["p5"])).await;

    let request = requests::ListPortsRequest::new().with_limit(2);
    let items = client(&server)
        .list_ports_pager(request)
        .collect_items()
        .await
        .expect("all pages");
    let ids: Vec<_> = items.iter().filter_map(|p| p.id.as_deref()).collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5"]);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

#[tokio::test]
async fn without_a_limit_an_empty_page_is_the_last() {
    let server = MockServer::start().await;
    serve(&server, "/v2.0/ports", None, ports(&["p1", "p2"])).await;
    serve(&server, "/v2.0/ports", Some("p2"), ports(&["p3"])).await;
    serve(&server, "/v2.0/ports", Some("p3"), ports(&[])).await;

    let mut pager = client(&server).list_ports_pager(requests::ListPortsRequest::new());
    let mut sizes = Vec::new();
    while let Some(page) = pager.next_page().await.expect("page") {
        sizes.push(page.len());
    }
    assert_eq!(sizes, [2, 1, 0]);
    assert!(pager.next_page().await.expect("done").is_none());
}

#[tokio::test]
async fn a_pager_starts_at_the_request_marker_and_respects_max_pages() {
    let server = MockServer::start().await;
    serve(&server, VPCS, Some("m"), vpcs(&["n"], Some("n"))).await;

    let request = requests::ListVpcsRequest::new().with_marker("m");
    let mut pager = client(&server).list_vpcs_pager(request).with_max_pages(1);
    let page = pager.next_page().await.expect("one page").expect("a page");
    assert_eq!(page.len(), 1);
    // The page after the cap is an error, not the end of the listing.
    let error = pager.next_page().await.expect_err("the cap");
    assert!(
        matches!(&error, hwcloud_runtime::Error::Paging(e)
            if e.kind == hwcloud_runtime::PagingErrorKind::PageLimit { max_pages: 1 }),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(1));
}

#[tokio::test]
async fn item_marker_names_the_item_field_that_chains_pages() {
    let server = MockServer::start().await;
    let tags = |keys: &[&str]| {
        let tags: Vec<Value> = keys.iter().map(|k| json!({ "key": k })).collect();
        json!({ "tags": tags })
    };
    serve(&server, "/v2.0/tags", None, tags(&["k1", "k2"])).await;
    serve(&server, "/v2.0/tags", Some("k2"), tags(&["k3"])).await;

    let request = requests::ListTagsRequest::new().with_limit(2);
    let items = client(&server)
        .list_tags_pager(request)
        .collect_items()
        .await
        .expect("all pages");
    let keys: Vec<_> = items.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["k1", "k2", "k3"]);
}

/// The imported VPC spec: `ListVpcsV3` pages by `page_info.next_marker`, the Neutron
/// `NeutronListPorts` by the last port's id.
#[tokio::test]
async fn the_imported_vpc_client_pages_by_marker() {
    use hwcloud_vpc as vpc;
    let server = MockServer::start().await;
    serve(&server, VPCS, None, vpcs(&["a", "b"], Some("b"))).await;
    serve(&server, VPCS, Some("b"), vpcs(&["c"], None)).await;
    serve(&server, "/v2.0/ports", None, ports(&["p1", "p2"])).await;
    serve(&server, "/v2.0/ports", Some("p2"), ports(&["p3"])).await;
    let client = vpc::Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT_ID))
        .endpoint(server.uri())
        .build()
        .expect("valid configuration");

    let vpcs = client
        .list_vpcs_v3_pager(vpc::requests::ListVpcsV3Request::new().with_limit(2))
        .collect_items()
        .await
        .expect("all VPC pages");
    assert_eq!(vpcs.len(), 3);
    let ports = client
        .neutron_list_ports_pager(vpc::requests::NeutronListPortsRequest::new().with_limit(2))
        .collect_items()
        .await
        .expect("all port pages");
    let ids: Vec<_> = ports.iter().filter_map(|p| p.id.as_deref()).collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(4));
}

#[tokio::test]
async fn the_next_link_gives_the_next_marker_and_is_never_followed() {
    let server = MockServer::start().await;
    let networks = |keys: &[&str], next: Option<&str>| {
        let networks: Vec<Value> = keys.iter().map(|k| json!({ "key": k })).collect();
        let mut links = vec![json!({ "rel": "self", "href": "https://elsewhere.invalid/self" })];
        if let Some(href) = next {
            links.push(json!({ "rel": "next", "href": href }));
        }
        json!({ "networks": networks, "networks_links": links })
    };
    // The links name another host: only their marker is taken, nothing goes there.
    serve(
        &server,
        "/v2.0/networks",
        None,
        networks(
            &["n1", "n2"],
            Some("https://elsewhere.invalid/v2.0/networks?limit=2&marker=n%202"),
        ),
    )
    .await;
    serve(
        &server,
        "/v2.0/networks",
        Some("n 2"),
        networks(&["n3"], None),
    )
    .await;
    let items = client(&server)
        .list_networks_pager(requests::ListNetworksRequest::new().with_limit(2))
        .collect_items()
        .await
        .expect("all pages");
    let keys: Vec<_> = items.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["n1", "n2", "n3"]);

    // One URL as the link, under another marker parameter; `null` on the last page.
    let routes = |keys: &[&str], next: Option<&str>| {
        let routes: Vec<Value> = keys.iter().map(|k| json!({ "key": k })).collect();
        json!({ "routes": routes, "links": { "next": next } })
    };
    let mock = |marker: Option<&str>, body: Value| {
        let m = Mock::given(method("GET")).and(path("/v2.0/routes"));
        let m = match marker {
            Some(v) => m.and(query_param("route_marker", v)),
            None => m.and(query_param_is_missing("route_marker")),
        };
        m.respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
    };
    mock(None, routes(&["r1"], Some("/v2.0/routes?route_marker=r1")))
        .mount(&server)
        .await;
    mock(Some("r1"), routes(&["r2"], None)).mount(&server).await;
    let items = client(&server)
        .list_routes_pager(requests::ListRoutesRequest::new())
        .collect_items()
        .await
        .expect("all pages");
    assert_eq!(items.len(), 2);
}
