//! Time as the client sees it: an [`AsyncSleep`] for every wait (retry back-off, attempt
//! and call timeouts) and a [`TimeSource`] for the current time (`X-Sdk-Date`,
//! `Retry-After` dates, call deadlines). Both can be replaced on the
//! [`ClientBuilder`](crate::ClientBuilder), as aws-smithy-async's `AsyncSleep` and
//! `TimeSource` can, so that tests control time instead of waiting for it (see
//! [`controlled_time`]).
//!
//! Nothing here panics on large durations: a wait too long to represent never ends, and
//! a deadline past the end of time is no deadline.

mod controlled;

pub use controlled::{
    CapturedSleep, ControlledSleep, ManualTimeSource, SleepGate, controlled_time,
};

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

/// A wait in progress: resolves once the duration given to [`AsyncSleep::sleep`] passed.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits for a duration. The default, [`TokioSleep`], uses tokio's timer.
pub trait AsyncSleep: Send + Sync {
    /// A future that resolves after `duration`. Must not panic for any duration
    /// (`Duration::MAX` included).
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The tokio timer (the default sleeper). Durations beyond what tokio can represent
/// never end.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        // `tokio::time::sleep` saturates a deadline past its far future instead of panicking.
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Gives the current time. The default, [`SystemTimeSource`], reads the system clock;
/// any `Fn() -> SystemTime` closure is one too.
pub trait TimeSource: Send + Sync {
    /// The current time.
    fn now(&self) -> SystemTime;
}

impl<F: Fn() -> SystemTime + Send + Sync> TimeSource for F {
    fn now(&self) -> SystemTime {
        self()
    }
}

/// The system clock (the default time source).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// `work` raced against `sleeper.sleep(limit)`: `Err(TimedOut)` when the wait ends first.
/// `work` is polled first, so a result that is ready wins over a timer that is ready.
pub(crate) async fn timeout<F: Future>(
    sleeper: &dyn AsyncSleep,
    limit: Duration,
    work: F,
) -> Result<F::Output, TimedOut> {
    let mut work = std::pin::pin!(work);
    let mut timer = sleeper.sleep(limit);
    std::future::poll_fn(|cx: &mut Context<'_>| {
        if let Poll::Ready(output) = work.as_mut().poll(cx) {
            return Poll::Ready(Ok(output));
        }
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(TimedOut)),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// A [`timeout`] ended before its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimedOut;

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timed out")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn huge_waits_neither_panic_nor_end() {
        let sleeper = TokioSleep;
        let ready = timeout(&sleeper, Duration::MAX, async { 7 }).await;
        assert_eq!(ready, Ok(7));
        let mut never = sleeper.sleep(Duration::MAX);
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        assert!(never.as_mut().poll(&mut cx).is_pending());
        let closure = || SystemTime::UNIX_EPOCH;
        assert_eq!(TimeSource::now(&closure), SystemTime::UNIX_EPOCH);
    }
}
