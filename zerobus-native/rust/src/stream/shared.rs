//! The state one stream shares between the calling threads (blocking, from Java) and its driver task: the ledger
//! under one short mutex, the acked watermark as an atomic, condition variables for callers that wait, and the
//! notifiers that wake the driver. Every state change goes through `transition`, so waiters are never missed.

use super::ledger::{Ledger, Request};
use super::options::StreamOptions;
use super::state::StreamState;
use crate::auth::Authenticator;
use crate::error::Error;
use crate::events::{self, Level};
use crate::sdk::Sdk;
use crate::wire::RecordKind;
use std::sync::atomic::{AtomicI64, AtomicU8, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::Notify;

#[derive(Default, Clone, Copy, Debug)]
pub struct Counters {
    pub recoveries: i64,
    pub records_ingested: i64,
    pub requests_sent: i64,
    /// Requests sent again on a later call (included in `requests_sent`).
    pub requests_resent: i64,
    pub bytes_sent: i64,
    pub close_signals: i64,
}

/// What the driver learns when a call is over.
pub struct CallEnd {
    /// Requests were still unacked.
    pub had_pending: bool,
    /// The send window is now smaller than what the ended call could risk.
    pub window_shrank: bool,
}

pub struct Inner {
    pub ledger: Ledger,
    pub state: StreamState,
    pub failure: Option<Error>,
    /// `close()` was called: no more ingest.
    pub closing: bool,
    /// The driver should end the call and finish as CLOSED.
    pub end_requested: bool,
    /// The handle was freed: the driver stops at once.
    pub cancelled: bool,
    /// The sender task is parked on `sender_wake` and must be woken for new data.
    pub sender_idle: bool,
    pub space_waiters: usize,
    pub progress_waiters: usize,
    pub stream_id: Option<String>,
    pub counters: Counters,
    /// When the watermark last advanced (or the stream opened).
    pub last_progress: Option<Instant>,
}

pub struct Shared {
    pub sdk: Arc<Sdk>,
    pub table: String,
    pub kind: RecordKind,
    pub descriptor: Option<Vec<u8>>,
    pub options: StreamOptions,
    pub auth: Authenticator,
    pub inner: Mutex<Inner>,
    /// Producers blocked by the in-flight limits.
    pub space: Condvar,
    /// Waiters for acks and state changes (awaitAckProgress, waitForOffset, flush, close, create).
    pub progress: Condvar,
    /// Logical acked-up-to watermark, readable without the lock.
    pub acked: AtomicI64,
    pub state: AtomicU8,
    pub sender_wake: Notify,
    /// Close and cancel requests for the driver.
    pub control: Notify,
}

impl Shared {
    pub fn new(
        sdk: Arc<Sdk>,
        table: String,
        kind: RecordKind,
        descriptor: Option<Vec<u8>>,
        options: StreamOptions,
        auth: Authenticator,
    ) -> Shared {
        let limits = options.ledger_limits();
        Shared {
            sdk,
            table,
            kind,
            descriptor,
            options,
            auth,
            inner: Mutex::new(Inner {
                ledger: Ledger::new(kind, limits),
                state: StreamState::Creating,
                failure: None,
                closing: false,
                end_requested: false,
                cancelled: false,
                sender_idle: false,
                space_waiters: 0,
                progress_waiters: 0,
                stream_id: None,
                counters: Counters::default(),
                last_progress: None,
            }),
            space: Condvar::new(),
            progress: Condvar::new(),
            acked: AtomicI64::new(-1),
            state: AtomicU8::new(StreamState::Creating as u8),
            sender_wake: Notify::new(),
            control: Notify::new(),
        }
    }

    /// Locks the inner state; a panic elsewhere never makes the stream unusable.
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn state(&self) -> StreamState {
        StreamState::from_u8(self.state.load(Ordering::Acquire))
    }

    /// The one place a state changes; wakes every waiter, since any of them may depend on it.
    pub fn transition(&self, inner: &mut Inner, state: StreamState) {
        if inner.state.is_terminal() {
            return;
        }
        inner.state = state;
        self.state.store(state as u8, Ordering::Release);
        self.wake_waiters(inner);
    }

    fn wake_waiters(&self, inner: &Inner) {
        if inner.progress_waiters > 0 {
            self.progress.notify_all();
        }
        if inner.space_waiters > 0 {
            self.space.notify_all();
        }
    }

    /// Publishes the ledger's watermark after acks were applied.
    pub fn publish_acks(&self, inner: &mut Inner) {
        self.acked.store(inner.ledger.last_acked(), Ordering::Release);
        inner.last_progress = Some(Instant::now());
        self.wake_waiters(inner);
    }

    /// A call is open: renumber and queue unacked requests (as far as the send window allows), and go OPEN.
    /// `recovered_after` is the number of attempts when this call ends a recovery.
    pub fn on_call_open(&self, stream_id: String, recovered_after: Option<u32>) {
        let mut inner = self.lock();
        inner.ledger.begin_call();
        if inner.last_progress.is_none() {
            inner.last_progress = Some(Instant::now());
        }
        let pending = inner.ledger.pending_len();
        match recovered_after {
            Some(attempts) => {
                inner.counters.recoveries += 1;
                events::emit(
                    Level::Info,
                    format!(
                        "stream to table {} recovered after {attempts} attempt(s) (stream id {stream_id}); \
                         re-sending {pending} unacknowledged request(s)",
                        self.table
                    ),
                );
            }
            None if inner.state == StreamState::Creating => events::emit(
                Level::Info,
                format!("stream to table {} opened (stream id {stream_id}, {:?})", self.table, self.kind),
            ),
            None => events::emit(
                Level::Debug,
                format!(
                    "stream to table {} reconnected (stream id {stream_id}); {pending} request(s) queued",
                    self.table
                ),
            ),
        }
        inner.stream_id = Some(stream_id);
        inner.sender_idle = false;
        self.transition(&mut inner, StreamState::Open);
    }

    /// The call is over; after a failure (`Some(progressed)`) the next call starts with a smaller send window.
    pub fn on_call_ended(&self, failed: Option<bool>) -> CallEnd {
        let mut inner = self.lock();
        let window_shrank = failed.is_some_and(|progressed| inner.ledger.shrink_window(progressed));
        inner.ledger.end_call();
        CallEnd { had_pending: inner.ledger.pending_len() > 0, window_shrank }
    }

    /// Fails the stream for good; unacked requests stay in the ledger for retrieval.
    pub fn fail(&self, error: Error) {
        let mut inner = self.lock();
        if inner.state.is_terminal() {
            return;
        }
        inner.ledger.end_call();
        let pending = inner.ledger.pending_len();
        let records: usize = inner.ledger.pending().map(|r| r.payload.record_count()).sum();
        events::emit(
            Level::Error,
            format!(
                "stream to table {} failed for good: {}; {pending} unacknowledged request(s) ({records} record(s)) are \
                 kept for unackedBatches()/recreateStream",
                self.table,
                super::driver::describe(&error)
            ),
        );
        inner.failure = Some(error);
        self.transition(&mut inner, StreamState::Failed);
    }

    pub fn finish_closed(&self) {
        let mut inner = self.lock();
        inner.ledger.end_call();
        self.transition(&mut inner, StreamState::Closed);
    }

    /// Whether the driver should stop (closed by the user or freed).
    pub fn should_stop(&self) -> bool {
        let inner = self.lock();
        inner.end_requested || inner.cancelled
    }

    /// Waits on `progress` until `check` yields a value or `deadline` passes.
    pub fn wait_progress<T>(&self, deadline: Option<Instant>, mut check: impl FnMut(&Inner) -> Option<T>) -> Option<T> {
        let mut inner = self.lock();
        loop {
            if let Some(value) = check(&inner) {
                return Some(value);
            }
            let now = Instant::now();
            inner.progress_waiters += 1;
            inner = match deadline {
                Some(deadline) if now >= deadline => {
                    inner.progress_waiters -= 1;
                    return None;
                }
                Some(deadline) => {
                    self.progress.wait_timeout(inner, deadline - now).unwrap_or_else(|e| e.into_inner()).0
                }
                None => self.progress.wait(inner).unwrap_or_else(|e| e.into_inner()),
            };
            inner.progress_waiters -= 1;
        }
    }

    /// Requests in the ledger, snapshotted (after close or failure nothing changes them any more).
    pub fn unacked(&self) -> Vec<Request> {
        self.lock().ledger.pending().cloned().collect()
    }
}
