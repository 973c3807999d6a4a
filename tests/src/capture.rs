//! A `tracing` subscriber that writes into memory, for tests that check what is logged.
//!
//! One subscriber is installed for the whole test process, the first time a capture is
//! installed, and each thread routes what it writes to the capture installed on it. A
//! subscriber per test (`set_default`) is not enough when tests run in parallel: a
//! callsite that another thread registers while a scoped subscriber comes or goes can keep
//! an interest of "never", and its events are then lost to every test. The one subscriber
//! formats each event twice, once as plain lines and once with a line for every span that
//! closes (with its fields); a capture gets the form it asked for
//! ([`Capture::with_span_closes`]).

use std::cell::RefCell;
use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt as _;

/// Collects everything a tracing subscriber writes.
#[derive(Clone, Default)]
pub struct Capture {
    text: Arc<Mutex<Vec<u8>>>,
    /// Whether it also gets a line for every span that closes.
    span_closes: bool,
}

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut b) = self.text.lock() {
            b.extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Capture {
    type Writer = Capture;
    fn make_writer(&'a self) -> Capture {
        self.clone()
    }
}

thread_local! {
    /// The capture installed on this thread, if any.
    static ACTIVE: RefCell<Option<Capture>> = const { RefCell::new(None) };
}

/// A writer of the process-wide subscriber: the current thread's capture when it asked for
/// this form (with or without span closes), or nowhere.
#[derive(Clone, Copy)]
struct ThreadRouter {
    span_closes: bool,
}

impl Write for ThreadRouter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        ACTIVE.with(|active| {
            if let Some(capture) = active.borrow_mut().as_mut()
                && capture.span_closes == self.span_closes
            {
                let _ = capture.write(buf);
            }
        });
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for ThreadRouter {
    type Writer = ThreadRouter;
    fn make_writer(&'a self) -> ThreadRouter {
        *self
    }
}

/// Routes this thread's tracing output to a capture until it is dropped.
#[must_use = "the capture stops when the guard is dropped"]
pub struct CaptureGuard {
    previous: Option<Capture>,
}

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        ACTIVE.with(|active| *active.borrow_mut() = previous);
    }
}

impl Capture {
    /// A capture that also gets a line for every span that closes, with the span's fields
    /// (the events alone show the fields recorded before them).
    pub fn with_span_closes() -> Capture {
        Capture {
            span_closes: true,
            ..Capture::default()
        }
    }

    /// Captures what this thread logs (every level), until the guard drops.
    pub fn install(&self) -> CaptureGuard {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            let plain = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(ThreadRouter { span_closes: false });
            let with_spans = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_span_events(FmtSpan::CLOSE)
                .with_writer(ThreadRouter { span_closes: true });
            let subscriber = tracing_subscriber::registry().with(plain).with(with_spans);
            // Fails only when another global subscriber is set, which no test does.
            let _ = tracing::subscriber::set_global_default(subscriber);
        });
        // Callsites registered before the subscriber existed learn that it wants them.
        tracing::callsite::rebuild_interest_cache();
        let previous = ACTIVE.with(|active| active.borrow_mut().replace(self.clone()));
        CaptureGuard { previous }
    }

    /// Everything written so far (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        self.text
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default()
    }
}
