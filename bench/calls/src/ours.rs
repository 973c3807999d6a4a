//! Our client: the generated VPC crate's `ListSubnets` (a signed `GET` with a path and
//! three query parameters), as a program calls it.

use std::time::Instant;

use hwcloud_vpc::requests::ListSubnetsRequest;
use hwcloud_vpc::{Client, Credentials};

use crate::bodies::{PAGE_ITEMS, PROJECT, SMALL_ITEMS, VPC};
use crate::harness::{self, Outcome};

/// The access key every client signs with.
pub const AK: &str = "BENCHACCESSKEY000000";
/// The secret key every client signs with.
pub const SK: &str = "benchsecretkey0000000000000000000000000000";

/// A client of the server at `port`, configured in code.
pub fn client(port: u16) -> Result<Client, String> {
    Client::builder()
        .credentials(Credentials::new(AK, SK).with_project_id(PROJECT))
        .endpoint(format!("http://127.0.0.1:{port}"))
        .no_proxy()
        .build()
        .map_err(|e| e.to_string())
}

/// The request of the small answer (`limit` of [`SMALL_ITEMS`]) or of a list page.
pub fn request(items: usize) -> ListSubnetsRequest {
    ListSubnetsRequest::new()
        .with_limit(i32::try_from(items).unwrap_or(i32::MAX))
        .with_vpc_id(VPC)
}

/// `calls` calls from `concurrency` tasks, each answered with `items` items.
pub fn calls(port: u16, items: usize, concurrency: usize, calls: usize) -> Result<Outcome, String> {
    let client = client(port)?;
    let request = request(items);
    harness::runtime()?.block_on(harness::drive(concurrency, calls, move || {
        let client = client.clone();
        let request = request.clone();
        async move {
            let response = client
                .list_subnets(&request)
                .await
                .map_err(|e| e.to_string())?;
            Ok(response.body().subnets.as_ref().map_or(0, Vec::len))
        }
    }))
}

/// Walks every page with the generated marker pager, `rounds` times after one uncounted
/// walk.
pub fn pages(port: u16, rounds: usize) -> Result<Outcome, String> {
    let client = client(port)?;
    harness::runtime()?.block_on(async {
        let walk = || async {
            let mut pager = client.list_subnets_pager(request(PAGE_ITEMS));
            let (mut calls, mut items) = (0, 0);
            while let Some(page) = pager.next_page().await.map_err(|e| e.to_string())? {
                calls += 1;
                items += page.len();
            }
            Ok::<_, String>((calls, items))
        };
        harness::walks(rounds, walk).await
    })
}

/// A program's first call: the client built from the environment (credentials from
/// `HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`, the endpoint from the region's override
/// variable), one call, and the time from `main` to its answer.
pub fn cold() -> Result<String, String> {
    let start = Instant::now();
    let runtime = harness::runtime()?;
    let client = Client::builder()
        .region("cn-north-4")
        .build()
        .map_err(|e| e.to_string())?;
    let items = runtime.block_on(async {
        let response = client
            .list_subnets(&request(SMALL_ITEMS))
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(response.body().subnets.as_ref().map_or(0, Vec::len))
    })?;
    Ok(format!(
        "items={items} first_call={} maxrss={}",
        start.elapsed().as_secs_f64(),
        harness::max_rss()
    ))
}
