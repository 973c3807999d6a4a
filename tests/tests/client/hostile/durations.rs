//! Finding 1: no arithmetic on a configured or received duration panics, in the async and
//! the blocking client.

use super::*;

// ---------------------------------------------------------------------------------------
// 1. No arithmetic on a configured or received duration panics.

#[tokio::test]
async fn the_longest_timeouts_are_no_timeouts_not_panics() {
    let server = Server::start(vec![reply(200, &[], THING)]).await;
    let client = builder(&server.url())
        .connect_timeout(Duration::MAX)
        .read_timeout(Duration::MAX)
        .timeout(Duration::MAX)
        .call_timeout(Duration::MAX)
        .build()
        .expect("valid configuration");
    let thing = client
        .send(&Show("t1".into()))
        .await
        .expect("the call works");
    assert_eq!(thing.body().id, "t1");
    let options = CallOptions::new()
        .with_timeout(Duration::MAX)
        .with_call_timeout(Duration::MAX)
        .with_retry(
            RetryPolicy::default()
                .with_base_delay(Duration::MAX)
                .with_max_delay(Duration::MAX)
                .with_max_attempts(u32::MAX),
        );
    let thing = client
        .send_with(&Show("t1".into()), &options)
        .await
        .expect("the call works");
    assert_eq!(thing.body().size, 3);
}

#[tokio::test]
async fn the_largest_retry_after_with_a_call_timeout_ends_the_call_without_a_panic() {
    let server = Server::start(vec![reply(
        429,
        &[("Retry-After", "18446744073709551615")],
        "slow down",
    )])
    .await;
    let (time, sleep, gate) =
        controlled_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 30));
    let client = builder(&server.url())
        .retry(RetryPolicy::default().with_max_delay(Duration::MAX))
        .call_timeout(Duration::from_secs(60))
        .time_source(time)
        .sleep_impl(sleep)
        .build()
        .expect("valid configuration");
    let error = client.send(&Show("t1".into())).await.expect_err("429");
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(u64::MAX)));
    assert_eq!(server.requests(), 1);
    // Only the call timer was started: the wait asked for would pass the deadline.
    assert_eq!(
        gate.try_next().map(|w| w.duration()),
        Some(Duration::from_secs(60))
    );
    assert!(gate.try_next().is_none());

    // A time source at the end of time: the deadline cannot be represented, so there is
    // none; the request cannot be dated, which is a configuration error.
    let end = SystemTime::UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 2);
    let error = builder(&server.url())
        .clock(move || end)
        .call_timeout(Duration::MAX)
        .build()
        .expect("valid configuration")
        .send(&Show("t1".into()))
        .await
        .expect_err("no date for that time");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}

#[test]
fn the_blocking_client_survives_the_same_durations() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime for the server");
    let server = rt.block_on(Server::start(vec![
        reply(200, &[], THING),
        reply(429, &[("Retry-After", "18446744073709551615")], "busy"),
    ]));
    let client: hwcloud_runtime::blocking::Client = ClientBuilder::new(&SERVICE)
        .credentials(credentials())
        .endpoint(server.url())
        .no_proxy()
        .timeout(Duration::MAX)
        .call_timeout(Duration::MAX)
        .retry(RetryPolicy::default().with_max_delay(Duration::MAX))
        .build()
        .expect("valid configuration");
    let thing = client.send(&Show("t1".into())).expect("the call works");
    assert_eq!(thing.body().id, "t1");
    let options = CallOptions::new().with_call_timeout(Duration::from_secs(30));
    let error = client
        .send_with(&Show("t1".into()), &options)
        .expect_err("429");
    assert_eq!(error.status(), Some(429), "{error}");
    // The runtime thread is still there.
    let error = client
        .send_with(&Show("t1".into()), &options)
        .expect_err("429");
    assert_eq!(error.status(), Some(429), "{error}");
}
