//! One Zerobus stream: the API the JNI layer calls (ingest, waits, flush, close), on top of the shared state
//! (`shared`), the pure bookkeeping (`ledger`) and the driver task that owns the connection (`driver`, `session`).

pub mod backoff;
mod driver;
pub mod ledger;
pub mod options;
mod payload;
mod session;
pub mod shared;
pub mod state;

use crate::auth::{table_name, Authenticator};
use crate::error::{Error, ErrorKind, Result};
use crate::json_check;
use crate::sdk::Sdk;
use crate::wire::{RecordKind, MAX_REQUEST_PAYLOAD_BYTES};
use ledger::{Payload, Request};
use options::StreamOptions;
use shared::{Counters, Inner, Shared};
pub use state::StreamState;
use std::sync::atomic::Ordering;
use std::sync::{Arc, MutexGuard};
use std::time::{Duration, Instant};

/// Longest wait of `close_finish` for the driver to end the call (it is bounded itself: half-close, then at most a
/// grace period for the server).
const END_WAIT: Duration = Duration::from_secs(10);

pub struct StreamParams {
    pub table: String,
    pub kind: RecordKind,
    pub descriptor: Option<Vec<u8>>,
    pub options: StreamOptions,
    pub auth: Authenticator,
}

pub struct Stream {
    shared: Arc<Shared>,
}

/// The counters of `NativeBridge.streamStats`, in its `STAT_*` order.
pub type StatsArray = [i64; 11];

impl Stream {
    /// Starts a stream, queueing `initial` requests first, and returns at once: the stream is CREATING while its
    /// driver connects in the background, and takes records meanwhile. `await_open` waits for the outcome.
    pub fn create(sdk: Arc<Sdk>, params: StreamParams, initial: Vec<Payload>) -> Result<Stream> {
        table_name::parse(&params.table)?;
        if params.kind == RecordKind::Proto && params.descriptor.as_ref().is_none_or(|d| d.is_empty()) {
            return Err(Error::invalid_argument("a PROTO stream needs a descriptor (a serialized DescriptorProto)"));
        }
        let shared =
            Arc::new(Shared::new(sdk, params.table, params.kind, params.descriptor, params.options, params.auth));
        {
            let mut inner = shared.lock();
            for payload in initial {
                let records = payload.record_count() as i64;
                inner.ledger.push(payload);
                inner.counters.records_ingested += records;
            }
        }
        crate::runtime::get().spawn(driver::run(shared.clone()));
        Ok(Stream { shared })
    }

    /// Waits until the stream leaves CREATING or the timeout passes, and returns its state then; the creation error
    /// when it failed.
    pub fn await_open(&self, timeout: Option<Duration>) -> Result<StreamState> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let state = self
            .shared
            .wait_progress(deadline, |inner| (inner.state != StreamState::Creating).then_some(inner.state))
            .unwrap_or(StreamState::Creating);
        if state == StreamState::Failed {
            return Err(self.failure().unwrap_or_else(|| Error::internal("stream failed without an error")));
        }
        Ok(state)
    }

    /// Opens a new stream for the same table and options, with this one's unacked requests queued first.
    pub fn recreate(&self) -> Result<Stream> {
        let state = self.state();
        if !state.is_terminal() {
            return Err(Error::invalid_argument(format!(
                "only a CLOSED or FAILED stream can be recreated, not {state:?}"
            )));
        }
        let s = &self.shared;
        let params = StreamParams {
            table: s.table.clone(),
            kind: s.kind,
            descriptor: s.descriptor.clone(),
            options: s.options.clone(),
            auth: s.auth.duplicate(),
        };
        let initial = s.unacked().into_iter().map(|r| r.payload).collect();
        Stream::create(s.sdk.clone(), params, initial)
    }

    pub fn kind(&self) -> RecordKind {
        self.shared.kind
    }

    /// Checks one request's records before anything is queued.
    pub fn check_request(&self, kind: RecordKind, records: &[Vec<u8>]) -> Result<()> {
        self.check_kind(kind)?;
        let bytes: usize = records.iter().map(Vec::len).sum();
        check_size(bytes)?;
        if kind == RecordKind::Json {
            for (index, record) in records.iter().enumerate() {
                let which = if records.len() == 1 { String::new() } else { format!("record {index}: ") };
                check_json(record, &which)?;
            }
        }
        Ok(())
    }

    /// Checks one single record before anything is queued, as `check_request` would.
    pub fn check_record(&self, kind: RecordKind, record: &[u8]) -> Result<()> {
        self.check_kind(kind)?;
        check_size(record.len())?;
        if kind == RecordKind::Json {
            check_json(record, "")?;
        }
        Ok(())
    }

    fn check_kind(&self, kind: RecordKind) -> Result<()> {
        if kind != self.shared.kind {
            return Err(Error::invalid_argument(format!(
                "a {} record cannot be ingested into a {} stream",
                kind.name(),
                self.shared.kind.name()
            )));
        }
        Ok(())
    }

    /// Queues one request (after `check_request`), waiting up to `block` while the held limits are reached (then a
    /// retryable TIMEOUT). Returns its logical offset; an empty batch returns the last assigned offset and sends
    /// nothing.
    pub fn enqueue(&self, payload: Payload, block: Duration) -> Result<i64> {
        let payload = match payload {
            Payload::Batch(mut records) if records.len() == 1 => Payload::Single(records.pop().unwrap_or_default()),
            other => other,
        };
        if payload.record_count() == 0 {
            let inner = self.refuse_if_ended(self.shared.lock())?;
            return Ok(inner.ledger.last_assigned());
        }
        let inner = self.wait_for_room(payload.record_count(), payload.byte_len(), block)?;
        Ok(self.push(inner, payload))
    }

    /// Queues single records that the caller has already taken (given offsets, and acks to their callers), as one
    /// request of consecutive offsets; returns the first. Never waits and never refuses: the caller reserved their
    /// room with `wait_for_room` before taking them, and on a stream that ended meanwhile they stay unacked, to be
    /// failed and retrievable like every other unacked record.
    pub fn enqueue_taken(&self, records: Vec<Vec<u8>>) -> i64 {
        let inner = self.shared.lock();
        let payload = match <[Vec<u8>; 1]>::try_from(records) {
            Ok([record]) => Payload::Single(record),
            Err(records) => Payload::Singles(records),
        };
        self.push(inner, payload)
    }

    /// Waits up to `block` until `records` records of `bytes` fit the held limits; returns the held records and bytes
    /// then. A retryable TIMEOUT when they do not fit in time; the stream's error once it failed or closed.
    pub fn await_room(&self, records: usize, bytes: usize, block: Duration) -> Result<(usize, usize)> {
        let inner = self.wait_for_room(records, bytes, block)?;
        Ok((inner.ledger.pending_records(), inner.ledger.pending_bytes()))
    }

    /// The records and bytes held now (queued or on the wire, not acked).
    pub fn held(&self) -> (usize, usize) {
        let inner = self.shared.lock();
        (inner.ledger.pending_records(), inner.ledger.pending_bytes())
    }

    fn refuse_if_ended<'a>(&self, inner: MutexGuard<'a, Inner>) -> Result<MutexGuard<'a, Inner>> {
        if let Some(failure) = &inner.failure {
            return Err(failure.as_stream_failed());
        }
        if inner.closing || inner.cancelled || inner.state == StreamState::Closed {
            return Err(Error::new(ErrorKind::StreamClosed, false, "the stream is closed"));
        }
        Ok(inner)
    }

    fn wait_for_room(&self, records: usize, bytes: usize, block: Duration) -> Result<MutexGuard<'_, Inner>> {
        let shared = &*self.shared;
        let options = &shared.options;
        let mut deadline: Option<Instant> = None;
        let mut inner = shared.lock();
        loop {
            inner = self.refuse_if_ended(inner)?;
            if inner.ledger.has_room(records, bytes, options.max_inflight_records, options.max_inflight_bytes) {
                return Ok(inner);
            }
            let now = Instant::now();
            let until = *deadline.get_or_insert(now + block);
            if now >= until {
                return Err(Error::timeout(format!(
                    "the in-flight window stayed full for {} ms ({} records, {} bytes unacknowledged)",
                    block.as_millis(),
                    inner.ledger.pending_records(),
                    inner.ledger.pending_bytes()
                )));
            }
            inner.space_waiters += 1;
            inner = shared.space.wait_timeout(inner, until - now).unwrap_or_else(|e| e.into_inner()).0;
            inner.space_waiters -= 1;
        }
    }

    /// Queues `payload` under the lock and wakes the sender if it sleeps.
    fn push(&self, mut inner: MutexGuard<'_, Inner>, payload: Payload) -> i64 {
        inner.counters.records_ingested += payload.record_count() as i64;
        let offset = inner.ledger.push(payload);
        let wake = inner.sender_idle && inner.ledger.is_live() && inner.ledger.outbox_len() > 0;
        if wake {
            inner.sender_idle = false;
        }
        drop(inner);
        if wake {
            self.shared.sender_wake.notify_one();
        }
        offset
    }

    pub fn acked_up_to(&self) -> i64 {
        self.shared.acked.load(Ordering::Acquire)
    }

    /// Waits until the watermark passes `after_offset`, the stream ends, or the timeout; returns the watermark.
    pub fn await_ack_progress(&self, after_offset: i64, timeout: Option<Duration>) -> i64 {
        let watermark = self.acked_up_to();
        if watermark > after_offset {
            return watermark;
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        self.shared.wait_progress(deadline, |inner| {
            (inner.ledger.last_acked() > after_offset || inner.state.is_terminal() || inner.cancelled)
                .then_some(inner.ledger.last_acked())
        });
        self.acked_up_to()
    }

    /// Waits until `offset` is acked: `Ok(true)`; `Ok(false)` when the timeout passed first; the stream's error if it
    /// fails first (whatever its kind, so a caller can tell it from its own timeout).
    pub fn wait_for_offset(&self, offset: i64, timeout: Option<Duration>) -> Result<bool> {
        if self.acked_up_to() >= offset {
            return Ok(true);
        }
        let last = self.shared.lock().ledger.last_assigned();
        if offset > last {
            return Err(Error::invalid_argument(format!("offset {offset} was never assigned (last is {last})")));
        }
        let deadline = timeout.map(|t| Instant::now() + t);
        match self.wait_acked(offset, deadline) {
            Some(result) => result.map(|()| true),
            None => Ok(false),
        }
    }

    /// `Some(Ok)` once acked, `Some(Err)` when the stream fails or is closed first, `None` at the deadline.
    fn wait_acked(&self, offset: i64, deadline: Option<Instant>) -> Option<Result<()>> {
        self.shared.wait_progress(deadline, |inner| {
            if inner.ledger.last_acked() >= offset {
                Some(Ok(()))
            } else if let Some(failure) = &inner.failure {
                Some(Err(failure.clone()))
            } else if inner.state == StreamState::Closed || inner.cancelled {
                Some(Err(Error::new(
                    ErrorKind::StreamClosed,
                    false,
                    format!("the stream closed before offset {offset} was acknowledged"),
                )))
            } else {
                None
            }
        })
    }

    /// First half of `close`: refuses new records from now on (also for producers blocked on space) and returns the
    /// last assigned offset, which the caller then waits for (`wait_for_offset`) before `close_finish`. Idempotent.
    pub fn close_start(&self) -> i64 {
        let mut inner = self.shared.lock();
        if !inner.closing {
            inner.closing = true;
            if inner.space_waiters > 0 {
                self.shared.space.notify_all();
            }
        }
        inner.ledger.last_assigned()
    }

    /// Second half of `close`: ends the call (half-close, then the server ends it) and waits up to `timeout` (at most
    /// a few seconds) for the stream to be CLOSED or FAILED; a driver that does not finish in time is stopped.
    /// Unacked requests stay retrievable. Idempotent.
    pub fn close_finish(&self, timeout: Duration) {
        {
            let mut inner = self.shared.lock();
            if inner.state.is_terminal() || inner.cancelled {
                return;
            }
            inner.closing = true;
            inner.end_requested = true;
            inner.sender_idle = false;
        }
        self.shared.sender_wake.notify_one();
        self.shared.control.notify_one();
        let deadline = Instant::now() + timeout.min(END_WAIT);
        let ended = self.shared.wait_progress(Some(deadline), |inner| inner.state.is_terminal().then_some(()));
        if ended.is_none() {
            self.cancel();
        }
    }

    /// Stops the stream at once (the handle is being freed). Unacked requests stay retrievable.
    pub fn cancel(&self) {
        let mut inner = self.shared.lock();
        inner.cancelled = true;
        inner.closing = true;
        inner.ledger.end_call();
        self.shared.transition(&mut inner, StreamState::Closed);
        drop(inner);
        self.shared.sender_wake.notify_one();
        self.shared.control.notify_one();
    }

    pub fn state(&self) -> StreamState {
        self.shared.state()
    }

    pub fn failure(&self) -> Option<Error> {
        self.shared.lock().failure.clone()
    }

    pub fn stream_id(&self) -> Option<String> {
        self.shared.lock().stream_id.clone()
    }

    pub fn stats(&self) -> StatsArray {
        let inner = self.shared.lock();
        let Counters { recoveries, records_ingested, requests_sent, requests_resent, bytes_sent, close_signals } =
            inner.counters;
        let since_progress = inner.last_progress.map_or(-1, |at| at.elapsed().as_millis() as i64);
        [
            inner.ledger.pending_len() as i64,
            inner.ledger.pending_bytes() as i64,
            inner.ledger.last_acked(),
            inner.ledger.last_assigned(),
            recoveries,
            records_ingested,
            requests_sent,
            bytes_sent,
            close_signals,
            requests_resent,
            since_progress,
        ]
    }

    /// Unacked requests in order; empty unless the stream is CLOSED or FAILED.
    ///
    /// The visit runs under the stream's lock and copies nothing: once the stream ended nothing changes its ledger
    /// but a hand-over of lingering records, which waits for the lock.
    pub fn visit_unacked<R>(&self, visit: impl FnOnce(&mut dyn Iterator<Item = &Request>) -> R) -> R {
        let inner = self.shared.lock();
        if inner.state.is_terminal() {
            visit(&mut inner.ledger.pending())
        } else {
            visit(&mut std::iter::empty())
        }
    }
}

fn check_size(bytes: usize) -> Result<()> {
    if bytes > MAX_REQUEST_PAYLOAD_BYTES {
        return Err(Error::new(
            ErrorKind::RecordTooLarge,
            false,
            format!("request of {bytes} bytes exceeds the limit of {MAX_REQUEST_PAYLOAD_BYTES} bytes"),
        ));
    }
    Ok(())
}

fn check_json(record: &[u8], which: &str) -> Result<()> {
    json_check::validate_json_object(record).map_err(|e| {
        Error::invalid_argument(format!("{which}invalid JSON record: {} at byte {}", e.reason, e.position))
    })
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.cancel();
    }
}
