//! The floor: the same request bytes, signed once before the clock starts, sent with the
//! HTTP stack our runtime uses (`reqwest`, configured as the runtime configures it) and
//! the body decoded with plain `serde_json` into `serde_derive` types. No signing, no
//! retries, no tracing, no error classification: what any client must at least do.

use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::bodies::{PAGE_ITEMS, PAGES, Subnets, subnet_id};
use crate::harness::{self, Outcome};
use crate::ours;

/// One signed request, ready to send again and again.
#[derive(Clone)]
struct Signed {
    url: Url,
    headers: HeaderMap,
}

/// The request `ours` would send for `request`, signed now.
fn sign(port: u16, request: &hwcloud_vpc::requests::ListSubnetsRequest) -> Result<Signed, String> {
    let client = ours::client(port)?;
    let runtime = client.runtime();
    let wire = runtime
        .prepare(request, &runtime.endpoints()[0])
        .map_err(|e| e.to_string())?;
    let mut headers = HeaderMap::new();
    for (name, value) in wire.headers.iter() {
        headers.append(
            HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?,
            HeaderValue::from_str(value).map_err(|e| e.to_string())?,
        );
    }
    Ok(Signed {
        url: Url::parse(&wire.url()).map_err(|e| e.to_string())?,
        headers,
    })
}

/// The HTTP client the runtime's builder makes, with the same settings.
fn http() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(60))
        .read_timeout(Duration::from_secs(120))
        .pool_max_idle_per_host(10)
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never().max_retries_per_request(0))
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

/// Sends `signed` and decodes the answer; its items.
async fn send(http: &reqwest::Client, signed: &Signed) -> Result<Subnets, String> {
    let response = http
        .get(signed.url.clone())
        .headers(signed.headers.clone())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    serde_json::from_slice(&body).map_err(|e| e.to_string())
}

/// `calls` calls from `concurrency` tasks, each answered with `items` items.
pub fn calls(port: u16, items: usize, concurrency: usize, calls: usize) -> Result<Outcome, String> {
    let signed = sign(port, &ours::request(items))?;
    let http = http()?;
    harness::runtime()?.block_on(harness::drive(concurrency, calls, move || {
        let http = http.clone();
        let signed = signed.clone();
        async move {
            let page = send(&http, &signed).await?;
            Ok(page.subnets.as_ref().map_or(0, Vec::len))
        }
    }))
}

/// Walks every page by hand, `rounds` times after one uncounted walk: each page's marker
/// is the last item's id, and the walk stops on a short page.
pub fn pages(port: u16, rounds: usize) -> Result<Outcome, String> {
    // Page p is asked for with the last id of page p - 1; all signed beforehand.
    let mut signed = vec![sign(port, &ours::request(PAGE_ITEMS))?];
    for page in 0..PAGES {
        let marker = subnet_id(page, PAGE_ITEMS - 1);
        signed.push(sign(port, &ours::request(PAGE_ITEMS).with_marker(marker))?);
    }
    let http = http()?;
    harness::runtime()?.block_on(async {
        let walk = || async {
            let (mut calls, mut items) = (0, 0);
            let mut next = 0;
            loop {
                let request = signed.get(next).ok_or("more pages than signed")?;
                let page = send(&http, request).await?;
                calls += 1;
                let page = page.subnets.unwrap_or_default();
                items += page.len();
                if page.len() < PAGE_ITEMS {
                    return Ok::<_, String>((calls, items));
                }
                let marker = page.last().and_then(|s| s.id.as_deref());
                if marker != Some(subnet_id(next, PAGE_ITEMS - 1).as_str()) {
                    return Err(format!("page {next} ends with {marker:?}"));
                }
                next += 1;
            }
        };
        harness::walks(rounds, walk).await
    })
}
