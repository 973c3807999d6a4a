//! Time under a test's control, as aws-smithy-async's `controlled_time_and_sleep`:
//! [`controlled_time`] gives a [`ManualTimeSource`], a [`ControlledSleep`] and the
//! [`SleepGate`] where the test sees each wait and ends it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::{Duration, SystemTime};

use super::{AsyncSleep, Sleep, TimeSource};

/// A time source and a sleeper under a test's control, as aws-smithy-async's
/// `controlled_time_and_sleep`: every wait the client starts is announced to the
/// [`SleepGate`] and ends only when the test releases it, which also moves the
/// [`ManualTimeSource`] forward by the wait. Waits the test does not release never end,
/// so a test can hold a call timeout open, or fire it, without waiting for real time.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use hwcloud_runtime::time::{AsyncSleep, TimeSource};
///
/// let (time, sleep, gate) = hwcloud_runtime::time::controlled_time(SystemTime::UNIX_EPOCH);
/// let wait = sleep.sleep(Duration::from_secs(3));
/// let captured = gate.try_next().expect("the wait was announced");
/// assert_eq!(captured.duration(), Duration::from_secs(3));
/// captured.release();
/// assert_eq!(time.now(), SystemTime::UNIX_EPOCH + Duration::from_secs(3));
/// # drop(wait);
/// ```
pub fn controlled_time(start: SystemTime) -> (ManualTimeSource, ControlledSleep, SleepGate) {
    let shared = Arc::new(Mutex::new(Shared {
        now: start,
        announced: VecDeque::new(),
        gate_waker: None,
    }));
    (
        ManualTimeSource {
            shared: shared.clone(),
        },
        ControlledSleep {
            shared: shared.clone(),
        },
        SleepGate { shared },
    )
}

struct Shared {
    now: SystemTime,
    announced: VecDeque<CapturedSleep>,
    gate_waker: Option<Waker>,
}

/// Locks `mutex`, ignoring poisoning (a panicking test thread must not hide the state).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The time of [`controlled_time`]: moves only when a wait is released or
/// [`advance`](Self::advance) is called.
#[derive(Clone)]
pub struct ManualTimeSource {
    shared: Arc<Mutex<Shared>>,
}

impl std::fmt::Debug for ManualTimeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ManualTimeSource")
            .field("now", &lock(&self.shared).now)
            .finish()
    }
}

impl ManualTimeSource {
    /// Moves the time forward by `by` (saturating: time past what `SystemTime` can hold
    /// stays where it is).
    pub fn advance(&self, by: Duration) {
        let mut shared = lock(&self.shared);
        if let Some(later) = shared.now.checked_add(by) {
            shared.now = later;
        }
    }
}

impl TimeSource for ManualTimeSource {
    fn now(&self) -> SystemTime {
        lock(&self.shared).now
    }
}

/// The sleeper of [`controlled_time`]: each wait is announced to the [`SleepGate`] and
/// ends when released there.
#[derive(Clone)]
pub struct ControlledSleep {
    shared: Arc<Mutex<Shared>>,
}

impl std::fmt::Debug for ControlledSleep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ControlledSleep")
    }
}

/// Whether one controlled wait has been released, and who waits for it.
#[derive(Default)]
struct WaitState {
    released: bool,
    waker: Option<Waker>,
}

impl AsyncSleep for ControlledSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        let state = Arc::new(Mutex::new(WaitState::default()));
        {
            let mut shared = lock(&self.shared);
            shared.announced.push_back(CapturedSleep {
                duration,
                state: state.clone(),
                shared: self.shared.clone(),
            });
            if let Some(waker) = shared.gate_waker.take() {
                waker.wake();
            }
        }
        Box::pin(std::future::poll_fn(move |cx| {
            let mut state = lock(&state);
            if state.released {
                Poll::Ready(())
            } else {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }))
    }
}

/// Where a test sees the waits of [`controlled_time`] and releases them.
pub struct SleepGate {
    shared: Arc<Mutex<Shared>>,
}

impl std::fmt::Debug for SleepGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SleepGate")
            .field("announced", &lock(&self.shared).announced.len())
            .finish()
    }
}

impl SleepGate {
    /// The oldest wait not yet taken, if one was announced.
    pub fn try_next(&self) -> Option<CapturedSleep> {
        lock(&self.shared).announced.pop_front()
    }

    /// The next wait the client starts (the oldest not yet taken). Bound it with a
    /// timeout in tests, in case no wait ever comes.
    pub async fn next(&self) -> CapturedSleep {
        std::future::poll_fn(|cx| {
            let mut shared = lock(&self.shared);
            match shared.announced.pop_front() {
                Some(captured) => Poll::Ready(captured),
                None => {
                    shared.gate_waker = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }

    /// The next wait of exactly `duration`; waits of other lengths (read or call
    /// timers, say) are passed over and stay pending.
    pub async fn next_of(&self, duration: Duration) -> CapturedSleep {
        loop {
            let captured = self.next().await;
            if captured.duration == duration {
                return captured;
            }
        }
    }
}

/// One wait announced to a [`SleepGate`].
pub struct CapturedSleep {
    duration: Duration,
    state: Arc<Mutex<WaitState>>,
    shared: Arc<Mutex<Shared>>,
}

impl std::fmt::Debug for CapturedSleep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CapturedSleep")
            .field("duration", &self.duration)
            .finish_non_exhaustive()
    }
}

impl CapturedSleep {
    /// How long the client asked to wait.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// Ends the wait, moving the time forward by its duration (saturating).
    pub fn release(self) {
        {
            let mut shared = lock(&self.shared);
            if let Some(later) = shared.now.checked_add(self.duration) {
                shared.now = later;
            }
        }
        let mut state = lock(&self.state);
        state.released = true;
        if let Some(waker) = state.waker.take() {
            waker.wake();
        }
    }
}
